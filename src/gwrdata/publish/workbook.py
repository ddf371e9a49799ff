"""The analyst's workbook: ``<name>-<V>.xlsx``, which explains itself without the repository.

Why it is built this way:

- Analysts open the XLSX, not the JSON. So it carries what the descriptor carries: a README sheet
  in Chinese and English (what the data is, its version, the source and its SHA-256, the
  licences, how to cite, what each sheet holds), a data dictionary generated from the very Table
  Schemas frictionless validates (so it cannot drift from the CSVs), the controlled vocabularies
  of the field registry, and the validation summary of this version.
- Each table sheet is its CSV, cell for cell: same columns, same rows. Numbers are stored as
  numbers as the report writes them — 6 for "6%", with % in the unit column — because 0.06
  formatted as a percentage would disagree with the CSV, the source and ``base_value``.
- Only the column order differs: a reader scrolling right must not lose what a row is about, so
  the identifying columns (mention, subject, value, unit, status, period) come first and stay in
  view (frozen panes), technical ones (ids, offsets) last — the registry's ``sheet`` order. The
  CSV order is a contract for programs and stays as it is.
- It reads and prints like a statistical release: number formats from the Table Schema types
  (thousands separators, years without, a value with the decimals the report wrote, percentages
  with one or two), every sheet an Excel table with a name and a style, hyperlinks (the licence,
  the source, each headline row to its figure row — links, never HYPERLINK formulas). A number's
  header is right-aligned like the number, so a column of numbers sits under its own name, not
  under the next column's.
- It prints readably: A4 landscape with the header row on every page, and never smaller than
  7 pt (data/print.yaml). Fitting all 21 columns of the figures sheet on one page width printed
  it at 4 pt; a sheet now prints one page wide only when its columns fit at that size (its
  wrapping text columns narrowed a little if need be), else its columns continue on the
  following pages with its frozen columns repeated, or (the figures) its leading columns print
  and the rest are left to the screen and the CSV.
- Text is never a formula. openpyxl stores any string starting with "=" as a formula, and other
  programs execute strings starting with "+", "-" or "@" when a cell is re-entered or exported
  (CSV injection). Every string is therefore written as a text cell, and those dangerous ones
  also get quotePrefix, the spreadsheet's own "this is text" flag, which survives editing.
- Byte-reproducible: openpyxl stamps the clock into docProps/core.xml and into every zip entry.
  The document properties take the package's ``created`` date instead, and the file is re-zipped
  with fixed entry metadata (see bundle.write_zip), so the same data gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
import zipfile
from functools import cache
from pathlib import Path

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from gwrdata import __version__
from gwrdata.publish import citation
from gwrdata.publish.bundle import write_zip
from gwrdata.publish.cells import cell_value
from gwrdata.package.registry import codelist, field_definition, field_units, registry

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
LINE_HEIGHT = 15  # points per line of 11-point text
PERCENT_UNITS = {"percent", "percentage_point", "permille"}  # base units shown with one or two decimals
TABLE_STYLE = "TableStyleMedium2"
LINK_COLOUR = "0563C1"
DICTIONARY = "data_dictionary"
CODELISTS = "codelists"
VALIDATION = "validation"
README = "README"


def write_workbook(package: Path, out: Path, validation: dict | None = None,
                   sheets: list[tuple[str, list[str], list[list]]] = (), skip: tuple[str, ...] = ()) -> Path:
    """Write the workbook of the package folder ``package`` (descriptor already versioned).

    ``sheets`` are views placed after the README (a panel's wide government × year sheet);
    ``skip`` names tables left to the CSV files; a table kept in Parquet (a panel's figures,
    sections and exclusions) is left to its file too: it outgrows a spreadsheet.
    """
    from openpyxl import Workbook

    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    sheeted = [r for r in descriptor["resources"] if "schema" in r and r["name"] not in skip and r.get("format") != "parquet"]
    tables = {r["name"]: read_table(package / r["path"], r["schema"]) for r in sheeted}
    percent = _percent_units(tables)
    # Where each figure lands in the figures sheet, for the links from headline rows.
    figure_rows = {}
    if "figures" in tables:
        header, rows = tables["figures"]
        figure_rows = {row[header.index("figure_id")]: number for number, row in enumerate(rows, start=2)}
    wb = Workbook()
    wb.remove(wb.active)
    readme, links = readme_rows(descriptor, tables, validation)
    ws = add_sheet(wb, README, ["item", "English", "中文"], readme, wrap=True)
    for (r, c), target in links.items():
        link(ws.cell(row=r, column=c), target)
    for title, header, rows, *freeze in sheets:  # a view may freeze its identifying columns
        add_sheet(wb, title, header, rows, freeze=freeze[0] if freeze else 0)
    for resource in sheeted:
        header, rows = tables[resource["name"]]
        order = sheet_order(resource["name"], header)
        formats = number_formats(resource["schema"], header, rows, percent)
        ws = add_sheet(wb, resource["name"], [header[i] for i in order], [[row[i] for i in order] for row in rows],
                       formats=[[f[i] for i in order] for f in formats], freeze=sheet_freeze(resource["name"]))
        link_figures(ws, figure_rows)
    add_sheet(wb, DICTIONARY, DICTIONARY_HEADER, dictionary_rows(descriptor), freeze=2)  # table and field
    add_sheet(wb, CODELISTS, CODELIST_HEADER, codelist_rows(descriptor))
    add_sheet(wb, VALIDATION, VALIDATION_HEADER, validation_rows(validation))
    set_properties(wb, descriptor)
    save(wb, out, citation.date_time(descriptor))
    return out


def read_table(path: Path, schema: dict) -> tuple[list[str], list[list]]:
    """A CSV as typed rows: integers as int, numbers as int or float, empty as None; a number
    keeps its text beside it (``Number``) for the decimals its format shows."""
    types = {f["name"]: f.get("type", "string") for f in schema["fields"]}
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        kinds = [types.get(name, "string") for name in header]
        rows = [[_typed(cell, kind) for cell, kind in zip(row, kinds)] for row in reader]
    return header, rows


class Number(float):
    """A number read from a CSV cell that remembers how it was written (for its decimals)."""

    text: str

    def __new__(cls, value, text: str):
        number = super().__new__(cls, value)
        number.text = text
        return number


def _typed(cell: str, kind: str):
    value = cell_value(cell, kind)
    if isinstance(value, float):  # a whole number stays an int: written as 6, not 6.0
        return Number(value, cell)
    return value


def sheet_order(resource: str, header: list[str]) -> list[int]:
    """Column indexes in the sheet's order: the registry's ``sheet.first``, the rest in CSV
    order, then ``sheet.last`` (columns a package lacks are skipped)."""
    spec = registry()["resources"].get(resource, {}).get("sheet", {})
    first = [header.index(n) for n in spec.get("first", []) if n in header]
    last = [header.index(n) for n in spec.get("last", []) if n in header]
    return first + [i for i in range(len(header)) if i not in first and i not in last] + last


def sheet_freeze(resource: str) -> int:
    return int(registry()["resources"].get(resource, {}).get("sheet", {}).get("freeze", 0))


def _percent_units(tables: dict) -> set[str]:
    """Units as written (%, 个百分点, ‰) whose base unit is a percentage, from the units table."""
    if "units" not in tables:
        return {"%", "％", "个百分点", "‰"}
    header, rows = tables["units"]
    return {row[header.index("unit")] for row in rows if row[header.index("base_unit")] in PERCENT_UNITS}


def number_formats(schema: dict, header: list[str], rows: list[list], percent: set[str]) -> list[list]:
    """The number format of every cell: a field's registry ``format``, else integers ``#,##0``
    and numbers with thousands separators and the decimals written in the CSV; a percentage
    (by the row's unit or base_unit) shows one decimal at least (6 as 6.0 beside 12.2)."""
    fields = {f["name"]: f for f in schema["fields"]}
    fixed = {}
    for name in header:
        key = next((k for k in registry()["fields"] if field_definition(k)["name"] == name
                    and field_definition(k)["type"] == fields.get(name, {}).get("type")), None)
        fixed[name] = field_definition(key).get("format") if key else None
    unit_at = header.index("unit") if "unit" in header else None
    base_at = header.index("base_unit") if "base_unit" in header else None
    out = []
    for row in rows:
        formats = []
        for name, value in zip(header, row):
            kind = fields.get(name, {}).get("type", "string")
            if kind not in ("integer", "number") or not isinstance(value, (int, float)):
                formats.append(None)
            elif fixed[name]:
                formats.append(fixed[name])
            elif kind == "integer":
                formats.append("#,##0")
            else:
                written = value.text if isinstance(value, Number) else str(value)
                decimals = len(written.partition(".")[2])
                is_percent = (name.startswith("base_") and base_at is not None and row[base_at] in PERCENT_UNITS) or (
                    not name.startswith("base_") and unit_at is not None and row[unit_at] in percent)
                if is_percent:
                    formats.append("0." + "0" * max(decimals, 1))
                else:
                    formats.append("#,##0" + ("." + "0" * decimals if decimals else ""))
        out.append(formats)
    return out


def add_sheet(wb, title: str, header: list[str], rows: list[list], wrap: bool = False,
              formats: list[list] | None = None, freeze: int = 0):
    """A sheet that is an Excel table (named after the sheet, filter buttons, banded rows), with
    the header row and the first ``freeze`` columns frozen, column widths that fit the content,
    number formats, and a page setup for print."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title)
    bold = Font(name="Calibri", sz=11, bold=True)  # the default font, bold (a bare bold font printed as serif)
    # Numbers and their headers right-aligned, indented from the next column's text.
    number_alignment = Alignment(horizontal="right", vertical="top", indent=print_spec()["number_indent"])
    numeric = [_numeric(row[col] for row in rows if col < len(row)) for col in range(len(header))]
    for col, name in enumerate(header, start=1):
        cell = ws.cell(row=1, column=col)
        put(cell, name)
        cell.font = bold
        if numeric[col - 1]:  # the header of a number column sits where its numbers do
            cell.alignment = number_alignment
    # Widths that fit the content up to a cap; a column with longer text wraps at the cap. The
    # page layout may lower the cap of wrapping columns so the sheet prints at a readable size.
    widest = []
    for col, name in enumerate(header, start=1):
        shown = [shown_width(row[col - 1], formats[r][col - 1] if formats else None)
                 for r, row in enumerate(rows) if col - 1 < len(row)]
        widest.append(max([text_width(name) + 3] + shown) + 2)  # + 3: room for the filter button
    cap = print_spec()["max_width"]
    caps = [28 if wrap and col == 0 else cap.get(title, cap["default"]) for col in range(len(header))]
    layout = page_layout(title, header, widest, caps, freeze, numeric)
    widths, wrapped = [], []
    for col, (most, limit) in enumerate(zip(widest, layout["caps"]), start=1):
        widths.append(min(most, limit))
        wrapped.append(wrap or most > limit)
        ws.column_dimensions[get_column_letter(col)].width = widths[-1]
    # Every cell top-aligned, so a row with wrapped text still reads as one line across.
    top, top_wrapped = Alignment(vertical="top"), Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(rows, start=2):
        for col, value in enumerate(row, start=1):
            if value is None:
                continue
            cell = ws.cell(row=r, column=col)
            put(cell, value)
            if formats and formats[r - 2][col - 1]:
                cell.number_format = formats[r - 2][col - 1]
            cell.alignment = number_alignment if numeric[col - 1] else top_wrapped if wrapped[col - 1] else top
    ws.freeze_panes = f"{get_column_letter(freeze + 1)}2"
    # Readers do not grow rows to fit wrapped text on opening: give each row the lines of its
    # printed columns (a column left to the CSV shows its first lines; its cell holds the rest).
    printed = layout["columns"]
    if any(wrapped[:printed]):
        for r, row in enumerate(rows, start=2):
            lines = max([1] + [wrapped_lines(v, w - 2) for v, w, on in zip(row[:printed], widths, wrapped) if on and v is not None])
            if lines > 1:
                ws.row_dimensions[r].height = LINE_HEIGHT * lines
    add_table(ws, title, len(header), len(rows))
    page_setup(ws, title, layout, len(rows))
    return ws


def _numeric(values) -> bool:
    """A column of numbers: every value present is a number (not a bool), and there is one."""
    present = [v for v in values if v is not None]
    return bool(present) and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present)


@cache
def print_spec() -> dict:
    """The print layout of data/print.yaml (paper, smallest text, width model, sheets)."""
    import yaml
    from importlib import resources

    return yaml.safe_load(resources.files("gwrdata.publish").joinpath("data", "print.yaml").read_text(encoding="utf-8"))


def page_layout(title: str, header: list[str], widest: list[int], caps: list[int], freeze: int,
                numeric: list[bool]) -> dict:
    """How a sheet prints, never below ``smallest_pt``: {caps, columns, scale, breaks, titles}.

    The printed columns (all, or a ``print_only`` sheet's leading ones through the last named)
    fit one page width at the smallest scale as they are, or with their text columns narrowed
    (down to ``narrowest``; a number never wraps): then the sheet prints fitted to the page
    width (``scale`` None), as large as the page allows. Otherwise it prints at the smallest
    scale, a new page of columns (``breaks``: the index of its first column) wherever the page
    is full, the frozen columns (at least the first) repeated on each as print titles.
    """
    spec = print_spec()
    margins = spec["margins_inch"]
    printable = spec["page_width_pt"] - 72 * (margins["left"] + margins["right"])
    scale = -(-100 * spec["smallest_pt"] // spec["body_pt"])  # whole percent, rounded up
    room = printable * spec["fill"] * 100 / scale

    def need(widths):
        return sum(spec["unit_pt"] * w + spec["padding_pt"] for w in widths)

    columns = len(header)
    if title in spec["print_only"]:
        columns = 1 + max([header.index(n) for n in spec["print_only"][title] if n in header] + [freeze])
    shown = [min(w, c) for w, c in zip(widest[:columns], caps)]
    if need(shown) <= room:
        return {"caps": caps, "columns": columns, "scale": None, "breaks": [], "titles": 0}
    for limit in range(max(caps[:columns]) - 1, spec["narrowest"] - 1, -1):
        narrowed = [c if number else min(c, limit) for c, number in zip(caps, numeric)]
        if need([min(w, c) for w, c in zip(widest[:columns], narrowed)]) <= room:
            return {"caps": narrowed, "columns": columns, "scale": None, "breaks": [], "titles": 0}
    titles = max(freeze, 1)
    breaks, used = [], need(shown[:titles])
    for col in range(titles, columns):
        if used + need(shown[col:col + 1]) > room and col > (breaks or [titles])[-1]:
            # Columns named alike (2020_target, 2020_result, 2020_outcome) start a page together.
            start = col
            while start - 1 > (breaks or [titles])[-1] and _stem(header[start - 1]) == _stem(header[col]) is not None:
                start -= 1
            breaks.append(start)
            used = need(shown[:titles]) + need(shown[start:col])
        used += need(shown[col:col + 1])
    return {"caps": caps, "columns": columns, "scale": scale, "breaks": breaks, "titles": titles}


def _stem(name: str) -> str | None:
    """What a column's name starts with before its first "_" (None without one)."""
    return name.split("_", 1)[0] if "_" in name else None


def add_table(ws, title: str, columns: int, rows: int) -> None:
    """The sheet's data as an Excel table (a ListObject) named after the sheet."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.table import Table, TableStyleInfo

    ref = f"A1:{get_column_letter(max(columns, 1))}{max(rows, 1) + 1}"
    if not rows:  # a table needs a data row: an empty sheet keeps a plain filter
        ws.auto_filter.ref = ref
        return
    table = Table(displayName=title, ref=ref)
    table.tableStyleInfo = TableStyleInfo(name=TABLE_STYLE, showRowStripes=True, showColumnStripes=False,
                                          showFirstColumn=False, showLastColumn=False)
    ws.add_table(table)


def page_setup(ws, title: str, layout: dict, rows: int) -> None:
    """Print landscape on A4 as ``page_layout`` decided, the header row on every page, the sheet
    and page in the footer."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.pagebreak import Break, ColBreak

    spec = print_spec()
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    if layout["scale"] is None:  # one page wide, as large as the page allows
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    else:  # the smallest readable scale, the columns continuing on the following pages
        ws.page_setup.scale = layout["scale"]
        ws.page_setup.pageOrder = "downThenOver"
        ws.sheet_properties.pageSetUpPr.fitToPage = False
        ws.print_title_cols = f"A:{get_column_letter(layout['titles'])}"
        breaks = ColBreak()
        for col in layout["breaks"]:
            breaks.append(Break(id=col, max=1048575, man=True))  # a new page from column index ``col``
        ws.col_breaks = breaks
    if layout["columns"] < ws.max_column:  # the rest is left to the screen and the CSV
        ws.print_area = f"A1:{get_column_letter(layout['columns'])}{max(rows, 1) + 1}"
    ws.print_title_rows = "1:1"
    margins = spec["margins_inch"]
    ws.page_margins.left, ws.page_margins.right = margins["left"], margins["right"]
    ws.page_margins.top, ws.page_margins.bottom = margins["top"], margins["bottom"]
    ws.oddFooter.left.text = title
    ws.oddFooter.right.text = "&P / &N"


def link(cell, target: str) -> None:
    """A hyperlink on a cell: a URL, or ``#sheet!A1`` for a place in the workbook (no formula)."""
    from openpyxl.styles import Font
    from openpyxl.worksheet.hyperlink import Hyperlink

    if target.startswith("#"):
        cell.hyperlink = Hyperlink(ref=cell.coordinate, location=target[1:], display=str(cell.value))
    else:
        cell.hyperlink = Hyperlink(ref=cell.coordinate, target=target, display=str(cell.value))
    font = cell.font
    cell.font = Font(name=font.name, sz=font.sz, bold=font.b, color=LINK_COLOUR, underline="single")


def link_figures(ws, figure_rows: dict[str, int]) -> None:
    """Every figure id outside the figures sheet links to its figure's row."""
    if ws.title == "figures" or not figure_rows:
        return
    for col, head in enumerate(ws[1], start=1):
        if head.value in ("figure_id", "result_figure_id", "target_figure_id"):
            for r in range(2, ws.max_row + 1):
                cell = ws.cell(row=r, column=col)
                if cell.value in figure_rows:
                    link(cell, f"#figures!A{figure_rows[cell.value]}")


def put(cell, value) -> None:
    """Store a value: numbers as numbers, every string as text — never as a formula."""
    if isinstance(value, str):
        if ILLEGAL_CHARACTERS_RE.search(value):
            # XML cannot hold C0 controls (a form feed from a PDF, say): OOXML's own escape
            # _xHHHH_ keeps the character, where openpyxl would refuse the whole workbook.
            value = ILLEGAL_CHARACTERS_RE.sub(lambda m: f"_x{ord(m.group()):04X}_", value)
        cell.value = value
        cell.data_type = "s"  # openpyxl made "=…" a formula; this makes it text again
        if value.startswith(FORMULA_PREFIXES):
            cell.quotePrefix = True
    else:
        cell.value = value


def text_width(value) -> int:
    """Display width in spreadsheet columns: CJK characters are two wide."""
    if value is None:
        return 0
    text = str(value)
    longest = max(text.split("\n"), key=len) if "\n" in text else text
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in longest)


def shown_width(value, number_format: str | None) -> int:
    """Width of a cell as displayed: a number with its thousands separators and decimals."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and number_format:
        decimals = len(number_format.partition(".")[2])
        return len(f"{value:,.{decimals}f}" if "," in number_format else f"{value:.{decimals}f}")
    return text_width(value)


def print_width(text: str) -> float:
    """Width as printed, in columns of the default font (the width of "0"): a CJK glyph is a
    little over two, a Latin letter on average a little under one."""
    return sum(2.2 if unicodedata.east_asian_width(ch) in "WF" else 0.85 for ch in text)


def wrapped_lines(value, width: int) -> int:
    """Lines a wrapped cell takes at ``width`` columns, breaking at spaces as spreadsheets do
    (a CJK character may break anywhere); estimating by length alone cut the citation off."""
    lines = 0
    for paragraph in str(value).split("\n"):
        count, used = 1, 0
        for word in paragraph.split(" "):
            size = print_width(word)
            if used and used + 1 + size > width:
                count, used = count + 1, 0
            used += (1 if used else 0) + size
            while used > width:  # a word wider than the column (or CJK text) breaks inside it
                count, used = count + 1, used - width
        lines += count
    return lines


def readme_rows(descriptor: dict, tables: dict, validation: dict | None) -> tuple[list[list], dict]:
    version = descriptor["version"]
    zh, en = citation.split_title(descriptor["title"])
    source = citation.source_meta(descriptor)
    date = citation.release_date(descriptor)
    gov_zh = source["government_zh"]
    year = source["year"]
    rows = [
        ["title · 标题", en, zh],
        ["version · 版本", version, version],
        ["date · 日期", f"{date} (the date of this version of the data)", f"{date}（本版本数据的日期）"],
        ["what · 内容", descriptor.get("description", ""),
         f"{gov_zh}{year}年政府工作报告中的全部数字，每个数字都可追溯到原文中的确切字符位置；"
         "另附主要目标与上年结果、中英文代码表，以及对原文中其他每个数值的说明。" if gov_zh else ""],
        ["source · 原文", source["title_en"], source["title_zh"]],
        ["source address · 原文网址", source["url"] or "not recorded (see source status)", source["url"] or "未记录"],
        ["source retrieved · 原文获取日期", source["retrieved"] or "not recorded", source["retrieved"] or "未记录"],
        ["source SHA-256 · 原文校验值", source["sha256"], source["sha256"]],
        ["source file · 原文文件", f"{source['path']} in the -csv.zip bundle; every start/end offset indexes it "
         "(Unicode code points of the UTF-8 text), so text[start:end] equals mention.",
         f"CSV 压缩包中的 {source['path']}；start/end 为原文（UTF-8 解码后）的 Unicode 字符位置。"],
        ["source status · 原文状态", source["license_note"], "原文按发布时原样收录，未作任何编辑，作为每个数字的出处证据；其版权状况见左侧英文说明。"],
    ]
    links: dict[tuple[int, int], str] = {}
    for url in _source_urls(descriptor):
        rows.append(["source address · 原文网址", url, url])
        links[(len(rows) + 1, 2)] = links[(len(rows) + 1, 3)] = url
    for lic in descriptor.get("licenses", []):
        rows.append(["licence (data) · 数据许可", f"{lic.get('title') or lic['name']} — {lic['name']}, {lic.get('path', '')}",
                     f"{citation.license_zh(lic['name'])}，{lic.get('path', '')}"])
        if str(lic.get("path", "")).startswith(("https://", "http://")):
            # The link sits on a cell holding only the address: readers do not wrap a linked cell.
            rows.append(["licence address · 许可网址", lic["path"], lic["path"]])
            links[(len(rows) + 1, 2)] = links[(len(rows) + 1, 3)] = lic["path"]
    catalog = descriptor.get("homepage") or descriptor.get("gwrdata", {}).get("catalog")
    if catalog:
        rows.append(["catalog · 数据目录", catalog, catalog])
        links[(len(rows) + 1, 2)] = links[(len(rows) + 1, 3)] = catalog
    rows += [
        ["licence (toolkit) · 工具许可", "The gwrdata toolkit that built this workbook is MIT-licensed software; "
         "that licence does not apply to the data.", "生成本工作簿的 gwrdata 工具软件采用 MIT 许可，该许可不适用于数据。"],
        ["how to cite · 引用", citation.citation_text(descriptor, version), "请按左侧格式引用（另见 CSV 压缩包中的 CITATION.cff）。"],
        ["verify · 校验", "Check the downloaded files with: sha256sum -c SHA256SUMS (in the release folder).",
         "在发布文件夹中运行 sha256sum -c SHA256SUMS 校验下载的文件。"],
        ["numbers · 数值", "Numbers are stored as numbers, as the report writes them: a percent figure is 6 "
         "(not 0.06) with % in the unit column; base_value is value × multiplier in base_unit. A fall is "
         "value 3.2 with direction down; signed_value is −3.2, the number to compare and chart.",
         "数值按报告原文以数字存储：百分数 6% 存为 6（而非 0.06），单位在 unit 列；base_value = value × multiplier，"
         "单位为 base_unit。下降 3.2% 存为 value 3.2、direction down；signed_value 为 −3.2，用于比较和作图。"],
        ["columns · 列", "The identifying columns (mention, subject, value, unit, status, period) come first and stay in "
         "view; ids and offsets are last. The CSV files keep their own column order (see data_dictionary).",
         "标识列（原文、事项、数值、单位、状态、年份）在前并冻结；编号与位置在后。CSV 文件保持其自身的列顺序（见 data_dictionary）。"],
        ["print · 打印", "Printed on A4 landscape, no text is smaller than 7 pt: a sheet too wide for the page continues "
         "on the following pages with its first columns repeated; the figures sheet prints its main columns, the "
         "others are on screen and in the CSV.",
         "按 A4 横向打印时文字不小于 7 磅：过宽的工作表在后续页面继续，并重复其前几列；figures 表只打印主要列，其余列见屏幕与 CSV 文件。"],
        ["links · 链接", "A figure_id in headline and targets_results links to its row in figures; the licence and the "
         "source link to their addresses.", "headline 与 targets_results 中的 figure_id 链接到 figures 中对应的行；许可与原文链接到其网址。"],
        ["text · 文本", "Text cells are text, never formulas, even when they start with = + - or @.",
         "文本单元格一律存为文本，即使以 = + - @ 开头也不会作为公式。"],
        ["empty cells · 空单元格", "An empty cell is a missing value (the CSV's empty string).", "空单元格表示无值（CSV 中的空字符串）。"],
        ["validation · 验证", _validation_line(validation), "验证结果见 validation 工作表；完整报告见 CSV 压缩包中的 validation.html。"],
        ["toolkit · 工具", descriptor.get("gwrdata", {}).get("toolkit", f"gwrdata {__version__}"), ""],
    ]
    panel = descriptor.get("gwrdata", {}).get("profile") == "panel"
    spec = registry()["panel"]["resources"] if panel else registry()["resources"]
    for resource in descriptor["resources"]:
        if "schema" not in resource:
            continue
        name = resource["name"]
        if name not in tables:
            rows.append([f"table {name}", f"{resource['title']}: not a sheet of this workbook (too many rows for a "
                         f"spreadsheet); it is {resource['path']} in the -csv.zip bundle. {resource['description']}",
                         f"{name} 表行数过多，未放入工作簿；见 CSV 压缩包中的 {resource['path']}。"])
            continue
        count = len(tables[name][1])
        meta = spec.get(name, {})
        rows.append([f"sheet {name}", f"{resource['title']} — one row is {meta.get('row', 'one record')} "
                     f"({count} rows). {resource['description']}",
                     f"{meta.get('title_zh', resource['title'])}：每行为{meta.get('row_zh', '一条记录')}（共 {count} 行）。"])
    rows += [
        [f"sheet {DICTIONARY}", "Every column of every table sheet: type, description, unit, allowed values, "
         "constraints, keys and references — generated from the package's Table Schemas.",
         "数据字典：各表每一列的类型、说明、单位、允许值、约束、主键与外键，由数据包的表结构生成。"],
        [f"sheet {CODELISTS}", "The controlled vocabularies (codelists): every code with its Chinese and English "
         "label, a one-line definition and the columns that use it; the indicators and units sheets are codelists too.",
         "代码表：各受控词表的每个代码及其中英文名称、一句话定义和使用它的列；indicators 与 units 工作表亦为代码表。"],
        [f"sheet {VALIDATION}", "The validation summary of this version: each check with its passed and failed counts.",
         "本版本的验证摘要：每项检查的通过与失败数量。"],
    ]
    return rows, links


def _source_urls(descriptor: dict) -> list[str]:
    """The source's official address, when the recipe names one (a URL among the sources)."""
    return [s["path"] for s in descriptor.get("sources", [])
            if str(s.get("path", "")).startswith(("https://", "http://"))][:1]


def _validation_line(validation: dict | None) -> str:
    if validation is None:
        return "not validated"
    return f"{'valid' if validation.get('valid') else 'INVALID'}: see the validation sheet; the full report is validation.html in the -csv.zip bundle."


DICTIONARY_HEADER = ["table", "field", "title", "type", "required", "primary_key", "description", "unit",
                     "allowed_values", "constraints", "references"]


def dictionary_rows(descriptor: dict) -> list[list]:
    units = field_units()
    rows = []
    for resource in descriptor["resources"]:
        schema = resource.get("schema")
        if not schema:
            continue
        key = schema.get("primaryKey") or []
        key = [key] if isinstance(key, str) else key
        refs = {}
        for fk in schema.get("foreignKeys", []):
            fields = [fk["fields"]] if isinstance(fk["fields"], str) else fk["fields"]
            target = fk["reference"]
            target_fields = [target["fields"]] if isinstance(target["fields"], str) else target["fields"]
            for mine, theirs in zip(fields, target_fields):
                refs[mine] = f"{target.get('resource') or resource['name']}.{theirs}"
        for field in schema["fields"]:
            constraints = dict(field.get("constraints", {}))
            required = constraints.pop("required", False)
            allowed = constraints.pop("enum", None)
            rows.append([resource["name"], field["name"], field.get("title", ""), field.get("type", "string"),
                         "yes" if required else "no", "yes" if field["name"] in key else "no", field.get("description", ""),
                         units.get((resource["name"], field["name"]), ""), ", ".join(map(str, allowed)) if allowed else "",
                         "; ".join(f"{k} {v}" for k, v in sorted(constraints.items())), refs.get(field["name"], "")])
    return rows


CODELIST_HEADER = ["vocabulary", "code", "label_en", "label_zh", "definition", "used_in"]


def codelist_rows(descriptor: dict) -> list[list]:
    """Every code of every vocabulary with its labels and definition, from the registry."""
    used: dict[str, list[str]] = {}
    panel = descriptor.get("gwrdata", {}).get("profile") == "panel"
    specs = registry()["panel"]["resources"] if panel else registry()["resources"]
    for name, spec in specs.items():
        for key in spec["fields"]:
            definition = field_definition(key)
            if "vocabulary" in definition:
                used.setdefault(definition["vocabulary"], []).append(f"{name}.{definition['name']}")
    vocabularies = list(registry()["vocabularies"]) + (list(registry()["panel"]["vocabularies"]) if panel else [])
    return [[vocab, e["code"], e.get("en", ""), e.get("zh", ""), e.get("definition", ""), ", ".join(used.get(vocab, []))]
            for vocab in vocabularies if not panel or vocab in used for e in codelist(vocab)]


VALIDATION_HEADER = ["suite", "check", "result", "checked", "passed", "failed", "what it guards against"]


def validation_rows(report: dict | None) -> list[list]:
    """One row per check of the validation report (gwrdata.checks.validate.to_dict), verdict first."""
    if report is None:
        return [["", "verdict", "not validated", None, None, None, ""]]
    checks = [c for c in report.get("checks", []) if isinstance(c, dict)]
    rows = [["", "verdict", "valid" if report.get("valid") else "INVALID", None,
             sum(1 for c in checks if not c.get("failed")), sum(1 for c in checks if c.get("failed")),
             f"{len(checks)} checks; the full report with every failure is validation.html in the -csv.zip bundle"]]
    for check in checks:
        failed = check.get("failed")
        rows.append([check.get("suite", ""), check.get("name", ""), "fail" if failed else "pass",
                     check.get("checked"), check.get("passed"), failed, check.get("description", "")])
    return rows


def set_properties(wb, descriptor: dict) -> None:
    """Document properties from the data, never from the clock."""
    from datetime import datetime

    created = datetime(*citation.date_time(descriptor))
    props = wb.properties
    props.title = descriptor["title"]
    props.subject = citation.source_meta(descriptor)["title_zh"] or descriptor["name"]
    props.creator = ", ".join(citation.authors(descriptor)) or descriptor["name"]
    props.lastModifiedBy = f"gwrdata {__version__}"
    props.keywords = ", ".join(descriptor.get("keywords", []))
    props.description = descriptor.get("description", "")
    props.identifier = descriptor["name"]
    props.version = descriptor["version"]
    props.language = "zh-CN"
    props.created = created
    props.modified = created


def save(wb, out: Path, date_time: tuple) -> None:
    """Save, then re-zip with fixed entry metadata and the clock-free core properties."""
    from openpyxl.xml.functions import tostring

    buffer = io.BytesIO()
    wb.save(buffer)  # stamps properties.modified with the clock: undone below
    wb.properties.modified = wb.properties.created
    core = tostring(wb.properties.to_tree())
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        entries = [(name, core if name == "docProps/core.xml" else archive.read(name)) for name in archive.namelist()]
    first = [e for e in entries if e[0] == "[Content_Types].xml"]
    write_zip(out, first + [e for e in entries if e[0] != "[Content_Types].xml"], date_time)
