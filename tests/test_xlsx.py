"""The released workbook: every reader sees the CSVs cell for cell, and text is never a formula."""

import json
import zipfile
from datetime import datetime

import pytest
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
    for name, rows in tables.items():
        assert name in sheets, f"{reader}: no sheet {name}"
        got = sheets[name]
        kinds = _kinds(descriptor, name)
        assert [list(r) for r in got[:1]] == [rows[0]], f"{reader}: {name} header"
        assert len(got) == len(rows), f"{reader}: {name} has {len(got)} rows, the CSV {len(rows)}"
        for number, (want, have) in enumerate(zip(rows[1:], got[1:]), start=2):
            have = list(have) + [None] * (len(want) - len(have))
            for field, kind, w, h in zip(rows[0], kinds, want, have):
                assert same_cell(w, h, kind, typed), f"{reader}: {name} row {number} {field}: CSV {w!r}, sheet {h!r}"


def test_sheets_layout_and_readme(released):
    from openpyxl import load_workbook

    path, descriptor, tables = released
    wb = load_workbook(path)
    tables_in_order = [r["name"] for r in descriptor["resources"] if "schema" in r]
    assert wb.sheetnames == ["README", *tables_in_order, "data_dictionary", "codelists", "validation"]
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2", ws.title
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), ws.title
        assert all(cell.font.b for cell in ws[1]), ws.title
        widths = [ws.column_dimensions[c.column_letter].width for c in ws[1]]
        assert all(8 <= w <= 80 for w in widths), (ws.title, widths)
    figures = wb["figures"]
    header = [c.value for c in figures[1]]
    assert figures.column_dimensions["A"].width < figures.column_dimensions[chr(65 + header.index("sentence"))].width
    readme = {row[0]: row[1:] for row in wb["README"].iter_rows(min_row=2, values_only=True)}
    text = json.dumps(readme, ensure_ascii=False)
    assert readme["version · 版本"] == (descriptor["version"], descriptor["version"])
    assert descriptor["gwrdata"]["source_sha256"] in text and "CC-BY-4.0" in text and "沈阳" in text
    assert "Version " + descriptor["version"] in readme["how to cite · 引用"][0]
    for name in tables_in_order + ["data_dictionary", "codelists", "validation"]:
        assert f"sheet {name}" in readme, name
    assert readme["sheet figures"][0].count(f"({len(tables['figures']) - 1} rows)") == 1


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
    codes = [(r[0], r[1]) for r in wb["codelists"].iter_rows(min_row=2, values_only=True)]
    assert codes == [(v, c) for v, cs in registry()["vocabularies"].items() for c in cs]
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
    row = next(r for r in figures.iter_rows(min_row=2) if r[header.index("unit")].value == "%")
    value = row[header.index("value")]
    assert value.data_type == "n" and value.number_format == "General" and value.value >= 1


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
