"""The released workbook: every reader sees the CSVs cell for cell, and text is never a formula."""

import json
import zipfile
from datetime import datetime

import pytest
from pdf_pages import print_pdf as _print, smallest_text as _smallest_text
from release_helpers import RECIPE, read_csv, reference, same_cell, scratch, soffice_csvs, write_csv

from gwrdata.package import recipe as recipes
from gwrdata.publish import workbook as xlsx
from gwrdata.package.build import build

DANGEROUS = ["=1+1", "@SUM(A1)", "+1", "-1"]


@pytest.fixture(scope="module")
def released():
    """The reference release: (release folder, unzipped-equivalent package descriptor, tables)."""
    result, folder, _ = reference()
    workbook = folder / f"{result['name']}-{result['version']}.xlsx"
    with zipfile.ZipFile(folder / f"{result['name']}-{result['version']}-csv.zip") as archive:
        descriptor = json.loads(archive.read("datapackage.json"))  # at the root of the zip
        tables = {}
        for resource in descriptor["resources"]:
            if "schema" in resource:
                text = archive.read(resource["path"]).decode("utf-8")
                tables[resource["name"]] = [line for line in _csv_rows(text)]
    return workbook, descriptor, tables


def _csv_rows(text):
    import csv
    import io

    return list(csv.reader(io.StringIO(text, newline="")))


def _kinds(descriptor, name):
    resource = next(r for r in descriptor["resources"] if r["name"] == name)
    return [f["type"] for f in resource["schema"]["fields"]]


def _compare(descriptor, tables, sheets, typed, reader):
    """Every CSV cell is in its sheet, found by column name (the sheet orders columns for reading)."""
    for name, rows in tables.items():
        assert name in sheets, f"{reader}: no sheet {name}"
        got = sheets[name]
        kinds = _kinds(descriptor, name)
        header = list(got[0])
        assert sorted(header) == sorted(rows[0]) and len(header) == len(rows[0]), f"{reader}: {name} header"
        at = [header.index(field) for field in rows[0]]
        assert len(got) == len(rows), f"{reader}: {name} has {len(got)} rows, the CSV {len(rows)}"
        for number, (want, have) in enumerate(zip(rows[1:], got[1:]), start=2):
            have = list(have) + [None] * (len(want) - len(have))
            for field, kind, w, i in zip(rows[0], kinds, want, at):
                assert same_cell(w, have[i], kind, typed), f"{reader}: {name} row {number} {field}: CSV {w!r}, sheet {have[i]!r}"


def test_sheets_layout_and_readme(released):
    from openpyxl import load_workbook

    from gwrdata.package.registry import registry

    path, descriptor, tables = released
    wb = load_workbook(path)
    tables_in_order = [r["name"] for r in descriptor["resources"] if "schema" in r]
    assert wb.sheetnames == ["README", *tables_in_order, "data_dictionary", "codelists", "validation"]
    for ws in wb.worksheets:
        # An Excel table named after the sheet over all its rows, styled, with filter buttons.
        assert list(ws.tables) == [ws.title], ws.title
        table = ws.tables[ws.title]
        assert table.ref == f"A1:{ws.cell(row=1, column=ws.max_column).column_letter}{ws.max_row}", ws.title
        assert table.tableStyleInfo.name.startswith("TableStyle") and table.autoFilter is not None, ws.title
        assert all(cell.font.b for cell in ws[1]), ws.title
        widths = [ws.column_dimensions[c.column_letter].width for c in ws[1]]
        assert all(8 <= w <= 80 for w in widths), (ws.title, widths)
        # Printable: landscape A4, the header row on every page; one page wide, or at 64 % at
        # least (7 of 11 pt) with the frozen columns (or the first) repeated on every page.
        assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4), ws.title
        assert ws.print_title_rows == "$1:$1", (ws.title, ws.print_title_rows)
        if ws.sheet_properties.pageSetUpPr.fitToPage:
            assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0, ws.title
        else:
            last = ws[ws.freeze_panes].column_letter if ws.freeze_panes[0] != "A" else "B"
            repeated = chr(ord(last) - 1)
            assert ws.page_setup.scale >= 64, ws.title
            assert ws.print_title_cols == f"$A:${repeated}", (ws.title, ws.print_title_cols)
    # The figures sheet prints its main columns; the rest are left to the screen and the CSV.
    assert wb["figures"].print_area == f"'figures'!$A$1:$I${wb['figures'].max_row}"
    # The identifying columns first, frozen; ids and offsets last.
    figures = wb["figures"]
    header = [c.value for c in figures[1]]
    assert header[:6] == ["mention", "subject_zh", "subject_en", "value", "unit", "qualifier"]
    assert header[-3:] == ["figure_id", "start", "end"] and figures.freeze_panes == "D2"
    assert [c.value for c in wb["headline"][1]][:4] == ["name_zh", "name_en", "year", "status"]
    for name in tables_in_order:
        sheet = registry()["resources"][name].get("sheet", {})
        first = [c.value for c in wb[name][1]][: len(sheet.get("first", []))]
        assert first == sheet.get("first", []), name
        assert wb[name].freeze_panes == f"{chr(65 + sheet.get('freeze', 0))}2", name
    readme = {row[0]: row[1:] for row in wb["README"].iter_rows(min_row=2, values_only=True)}
    text = json.dumps(readme, ensure_ascii=False)
    assert readme["version · 版本"] == (descriptor["version"], descriptor["version"])
    assert descriptor["gwrdata"]["source_sha256"] in text and "CC-BY-4.0" in text and "沈阳" in text
    assert "Version " + descriptor["version"] in readme["how to cite · 引用"][0]
    for name in tables_in_order + ["data_dictionary", "codelists", "validation"]:
        assert f"sheet {name}" in readme, name
    assert readme["sheet figures"][0].count(f"({len(tables['figures']) - 1} rows)") == 1
    # README rows are as tall as their wrapped text (the citation was cut off at one line).
    ws = wb["README"]
    cite = next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=1).value == "how to cite · 引用")
    width = ws.column_dimensions["B"].width
    assert ws.row_dimensions[cite].height >= 15 * -(-xlsx.text_width(ws.cell(row=cite, column=2).value) // width)


def test_data_dictionary_and_codelists_come_from_the_schemas(released):
    from openpyxl import load_workbook

    from gwrdata.package.registry import registry

    path, descriptor, _ = released
    wb = load_workbook(path)
    rows = list(wb["data_dictionary"].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert header[:10] == ("table", "field", "title", "type", "required", "primary_key", "description", "unit",
                           "allowed_values", "constraints")
    fields = [(r["name"], f) for r in descriptor["resources"] if "schema" in r for f in r["schema"]["fields"]]
    assert [(r[0], r[1]) for r in body] == [(name, f["name"]) for name, f in fields]
    for row, (_, field) in zip(body, fields):
        assert row[3] == field["type"] and row[6] == field["description"]
        enum = field.get("constraints", {}).get("enum")
        assert (row[8] or "") == (", ".join(enum) if enum else "")
    units = {(r[0], r[1]): r[7] for r in body}
    assert units[("figures", "period")] == "calendar year" and units[("figures", "base_value")]
    sheet = list(wb["codelists"].iter_rows(values_only=True))
    assert sheet[0] == ("vocabulary", "code", "label_en", "label_zh", "definition", "used_in")
    codes = [(r[0], r[1]) for r in sheet[1:]]
    assert codes == [(v, c) for v, cs in registry()["vocabularies"].items() for c in cs]
    entries = registry()["codelists"]
    for vocabulary, code, en, zh, definition, used in sheet[1:]:
        assert (en, zh, definition) == (entries[vocabulary][code]["en"], entries[vocabulary][code]["zh"],
                                        entries[vocabulary][code]["definition"]) and en and zh and definition
    assert ("qualifier", "at_least", "at least", "以上") == sheet[1 + codes.index(("qualifier", "at_least"))][:4]
    validation = list(wb["validation"].iter_rows(min_row=2, values_only=True))
    assert validation[0][1:3] == ("verdict", "valid") and len(validation) > 10
    assert all(row[2] == "pass" for row in validation[1:])


def test_openpyxl_reads_the_csvs_cell_for_cell(released):
    from openpyxl import load_workbook

    path, descriptor, tables = released
    wb = load_workbook(path)
    sheets = {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}
    _compare(descriptor, tables, sheets, True, "openpyxl")
    figures = wb["figures"]
    header = [c.value for c in figures[1]]
    # Number formats: a percent with one decimal at least, amounts with thousands separators,
    # years without; the stored value is the CSV's number either way.
    row = next(r for r in figures.iter_rows(min_row=2) if r[header.index("unit")].value == "%" and r[header.index("value")].value == 6)
    value = row[header.index("value")]
    assert value.data_type == "n" and value.number_format == "0.0" and value.value == 6
    row = next(r for r in figures.iter_rows(min_row=2) if r[header.index("mention")].value == "563亿元")
    assert (row[header.index("value")].number_format, row[header.index("base_value")].number_format) == ("#,##0", "#,##0")
    assert row[header.index("base_value")].value == 56300000000 and row[header.index("period")].number_format == "0"
    fall = next(r for r in figures.iter_rows(min_row=2) if r[header.index("direction")].value == "down")
    assert fall[header.index("signed_value")].value == -fall[header.index("value")].value


def test_links_go_to_the_figure_row_and_the_licence(released):
    """Hyperlinks, never HYPERLINK formulas: each headline figure_id to its row of figures."""
    from openpyxl import load_workbook

    path, descriptor, _ = released
    wb = load_workbook(path)
    figures = wb["figures"]
    fheader = [c.value for c in figures[1]]
    row_of = {figures.cell(row=r, column=fheader.index("figure_id") + 1).value: r for r in range(2, figures.max_row + 1)}
    linked = 0
    for name, columns in (("headline", ["figure_id"]), ("targets_results", ["result_figure_id", "target_figure_id"])):
        ws = wb[name]
        header = [c.value for c in ws[1]]
        for column in columns:
            for r in range(2, ws.max_row + 1):
                cell = ws.cell(row=r, column=header.index(column) + 1)
                if cell.value:
                    assert cell.hyperlink is not None and cell.hyperlink.location == f"figures!A{row_of[cell.value]}", (name, r)
                    linked += 1
                else:
                    assert cell.hyperlink is None
    assert linked == 12 + 12
    readme = wb["README"]
    targets = {c.hyperlink.target for row in readme.iter_rows() for c in row if c.hyperlink is not None}
    assert {lic["path"] for lic in descriptor["licenses"]} <= targets


def test_calamine_reads_the_csvs_cell_for_cell(released):
    from python_calamine import CalamineWorkbook

    path, descriptor, tables = released
    wb = CalamineWorkbook.from_path(str(path))
    sheets = {name: wb.get_sheet_by_name(name).to_python() for name in wb.sheet_names}
    _compare(descriptor, tables, sheets, True, "calamine")


def test_libreoffice_converts_every_sheet_to_the_same_values(released):
    from openpyxl import load_workbook

    path, descriptor, tables = released
    sheets = soffice_csvs(path, scratch() / "soffice")
    wb = load_workbook(path)
    assert set(sheets) == set(wb.sheetnames)
    _compare(descriptor, tables, sheets, False, "LibreOffice")
    for ws in wb.worksheets:  # the other sheets too: what openpyxl reads, LibreOffice exports
        mine = [[("" if v is None else v) for v in row] for row in ws.iter_rows(values_only=True)]
        theirs = sheets[ws.title]
        assert len(mine) == len(theirs), ws.title
        for a, b in zip(mine, theirs):
            b = b + [""] * (len(a) - len(b))
            assert [str(x) if not isinstance(x, (int, float)) else float(x) for x in a] == \
                   [y if not isinstance(x, (int, float)) else float(y) for x, y in zip(a, b)], ws.title


def test_document_properties_and_entries_come_from_the_data(released):
    from openpyxl import load_workbook

    path, descriptor, _ = released
    created = datetime.fromisoformat(descriptor["created"].replace("Z", ""))
    props = load_workbook(path).properties
    assert props.created == created and props.modified == created
    assert props.version == descriptor["version"] and props.identifier == descriptor["name"]
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in infos} == {created.timetuple()[:6]}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}


def test_text_that_looks_like_a_formula_is_stored_as_text(tmp_path):
    """Sentences, mentions and subjects starting with = + - @ stay text for every reader."""
    from openpyxl import load_workbook
    from python_calamine import CalamineWorkbook

    package = tmp_path / "package"
    build(recipes.load(RECIPE), package)
    figures = read_csv(package / "data" / "figures.csv")
    for row, text in zip(figures, DANGEROUS):
        row["sentence"] = text + row["sentence"]
        row["subject_en"] = text
        row["mention"] = text
    write_csv(package / "data" / "figures.csv", figures)
    out = xlsx.write_workbook(package, tmp_path / "book.xlsx")

    with zipfile.ZipFile(out) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and not any("<f>" in archive.read(n).decode("utf-8") for n in sheets)
    ws = load_workbook(out)["figures"]
    header = [c.value for c in ws[1]]
    for number, text in enumerate(DANGEROUS, start=2):
        for field, want in (("subject_en", text), ("mention", text), ("sentence", text + figures[number - 2]["sentence"][len(text):])):
            cell = ws.cell(row=number, column=header.index(field) + 1)
            assert cell.data_type == "s" and cell.value == want and cell.quotePrefix, (field, cell.value)
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("figures").to_python()
    assert [rows[n][header.index("subject_en")] for n in range(1, 5)] == DANGEROUS
    converted = soffice_csvs(out, tmp_path / "soffice")["figures"]
    assert [converted[n][header.index("subject_en")] for n in range(1, 5)] == DANGEROUS
    assert [converted[n][header.index("sentence")][: len(t)] for n, t in enumerate(DANGEROUS, start=1)] == DANGEROUS


@pytest.fixture(scope="module")
def printed(released):
    return _print(released[0], scratch() / "pdf")


def _misaligned_headers(pdf, sheets, sheet, headers):
    """Headers of number columns on the first page of ``sheet`` whose right edge is not that of
    the numbers printed under them (numbers found by overlapping the header's span)."""
    from pdf_pages import page_words

    page = page_words(pdf)[sheets.index(sheet)]
    top = min(w[2] for w in page)
    wrong = {}
    for name in headers:
        head = next(w for w in page if w[0] == name and w[2] < top + 2)
        numbers = [w for w in page if w[2] > head[4] and w[1] < head[3] and w[3] > head[1]
                   and w[0].replace(",", "").replace(".", "").lstrip("-").isdigit()]
        if len(numbers) < 5 or any(abs(w[3] - head[3]) > 1.0 for w in numbers):
            wrong[name] = (head[3], sorted({round(w[3], 1) for w in numbers}))
    return wrong


def test_every_sheet_prints_readably(released, printed):
    """LibreOffice prints the workbook to PDF; each page's footer names its sheet. No text on any
    page is smaller than 7 pt: sizes are read from the PDF's content streams (font size times
    the text and page matrices, see pdf_pages), so the page scale LibreOffice chose is in them.
    The figures sheet prints its main columns, the wide sheets continue on following pages; the
    figures sheet stays under 15 pages (1.0.0 printed as 97 pages with its columns split). Pages
    are also turned into PNG images (pdftoppm), which is how they were looked at."""
    import subprocess

    path, descriptor, _ = released
    pdf, sheets = printed
    pages = {name: sheets.count(name) for name in dict.fromkeys(sheets)}
    smallest = _smallest_text(pdf, sheets)
    print("pages per sheet:", pages, "smallest text (pt):", {k: round(v, 2) for k, v in smallest.items()})
    names = ["README", *[r["name"] for r in descriptor["resources"] if "schema" in r], "data_dictionary", "codelists", "validation"]
    assert list(pages) == names
    assert all(size >= 7.0 for size in smallest.values()), smallest
    assert pages["figures"] < 15 and pages["README"] <= 3 and len(sheets) < 80, pages
    assert pages["indicators"] <= 4, pages  # the shared codelist: 51 indicators, one line each
    assert all(n <= 16 for name, n in pages.items()), pages
    out = pdf.parent
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "3", str(pdf), str(out / "page")], check=True, timeout=120)
    images = sorted(out.glob("page-*.png"))
    assert len(images) == 3 and all(p.stat().st_size > 5_000 for p in images)


def test_number_headers_print_where_their_numbers_do(released, printed):
    """A number column's header is right-aligned like its numbers, in the file and on paper."""
    from openpyxl import load_workbook

    wb = load_workbook(released[0])
    for ws in wb.worksheets:
        for column in ws.iter_cols(min_row=1):
            values = [c for c in column[1:] if c.value is not None]
            if values and all(isinstance(c.value, (int, float)) for c in values):
                assert {column[0].alignment.horizontal} | {c.alignment.horizontal for c in values} == {"right"}, \
                    (ws.title, column[0].value)
                assert len({column[0].alignment.indent} | {c.alignment.indent for c in values}) == 1, (ws.title, column[0].value)
    pdf, sheets = printed
    assert _misaligned_headers(pdf, sheets, "figures", ["value", "period"]) == {}
    assert _misaligned_headers(pdf, sheets, "units", ["multiplier"]) == {}


def test_the_print_measures_fail_on_a_page_fitted_too_small(released, tmp_path):
    """The measures above see a bad print: the figures sheet fitted to one page with all its
    columns (as before) and its headers left-aligned prints under 7 pt, headers astray."""
    from openpyxl import load_workbook
    from openpyxl.styles import Alignment

    wb = load_workbook(released[0])
    ws = wb["figures"]
    ws.print_area = None
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    for cell in ws[1]:
        cell.alignment = Alignment(horizontal="left", vertical="top")
    bad = tmp_path / "bad.xlsx"
    wb.save(bad)
    pdf, sheets = _print(bad, tmp_path / "pdf")
    assert _smallest_text(pdf, sheets)["figures"] < 5
    assert set(_misaligned_headers(pdf, sheets, "figures", ["value", "period"])) == {"value", "period"}


def test_the_source_address_and_catalog_are_linked_when_known(tmp_path):
    """A recipe that names the source's official address gets it in the descriptor's sources
    and as a link on the README sheet (Shenyang's scraped page has no address to name)."""
    from openpyxl import load_workbook
    from release_helpers import recipe_copy

    recipe = recipe_copy(tmp_path / "recipe")
    config = (recipe.folder / "recipe.yaml").read_text(encoding="utf-8")
    url = "https://www.example.gov.cn/zwgk/report-2024.html"
    (recipe.folder / "recipe.yaml").write_text(config.replace("\nsource:\n", f"\nsource:\n  url: {url}\n", 1), encoding="utf-8")
    package = tmp_path / "package"
    descriptor = build(recipes.load(recipe.folder), package)
    assert descriptor["sources"][-1]["path"] == url
    descriptor["homepage"] = "https://data.example.org/catalog/"
    (package / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    ws = load_workbook(xlsx.write_workbook(package, tmp_path / "book.xlsx"))["README"]
    links = {c.hyperlink.target: ws.cell(row=c.row, column=1).value for row in ws.iter_rows() for c in row if c.hyperlink is not None}
    assert links[url] == "source address · 原文网址" and links["https://data.example.org/catalog/"] == "catalog · 数据目录"


def test_page_layout_fits_narrows_or_continues_on_following_pages():
    """The layout rules of data/print.yaml on made-up sheets: few columns print one page wide;
    a sheet a little too wide narrows its text columns (never a number's); a wide one prints
    at the smallest scale (7 of 11 pt: 64 %) with its frozen columns repeated on every page."""
    spec = xlsx.print_spec()
    printable = spec["page_width_pt"] - 72 * (spec["margins_inch"]["left"] + spec["margins_inch"]["right"])
    room = printable * spec["fill"] / 0.64  # points of columns at 100 % a page holds at 64 %

    def units(points, columns):  # the width of each of ``columns`` equal columns filling ``points``
        return int((points / columns - spec["padding_pt"]) / spec["unit_pt"])

    few = xlsx.page_layout("s", ["a", "b", "c"], [20, 20, 20], [36] * 3, 1, [False] * 3)
    assert few["scale"] is None and few["columns"] == 3 and few["caps"] == [36] * 3
    # Six columns: two numbers and four texts 10 % too wide together; the texts narrow.
    text = units(room * 1.1, 6)
    tight = xlsx.page_layout("s", list("abcdef"), [text] * 6, [36] * 6, 1, [True, True, False, False, False, False])
    assert tight["scale"] is None and tight["caps"][:2] == [36, 36] and all(c < text for c in tight["caps"][2:])
    # Forty columns, each a tenth of a page: four or five pages of columns, two repeated.
    wide = [units(room / 10, 1)] * 40
    flow = xlsx.page_layout("s", [f"c{i}" for i in range(40)], wide, [36] * 40, 2, [True] * 40)
    assert flow["scale"] == 64 and flow["titles"] == 2 and flow["columns"] == 40
    assert len(flow["breaks"]) in (4, 5) and all(b - a <= 8 for a, b in zip([2] + flow["breaks"], flow["breaks"] + [40]))
    # Columns named alike start a page together: a year's target, result and outcome.
    header = ["code", "name"] + [f"{year}_{part}" for year in range(2000, 2027) for part in ("target", "result", "outcome")]
    years = xlsx.page_layout("w", header, [units(room / 10, 1)] * len(header), [36] * len(header), 2, [True] * len(header))
    assert years["breaks"] and all((b - 2) % 3 == 0 for b in years["breaks"]), years["breaks"]
    # A print_only sheet prints through its last named column.
    header = ["mention", "subject_zh", "subject_en", "value", "unit", "qualifier", "direction", "status", "period", "x", "y"]
    assert xlsx.page_layout("figures", header, [10] * 11, [36] * 11, 3, [False] * 11)["columns"] == 9
