"""The analyst's workbook: ``<name>-<V>.xlsx``, which explains itself without the repository.

Why it is built this way:

- Analysts open the XLSX, not the JSON. So it carries what the descriptor carries: a README sheet
  in Chinese and English (what the data is, its version, the source and its SHA-256, the
  licences, how to cite, what each sheet holds), a data dictionary generated from the very Table
  Schemas frictionless validates (so it cannot drift from the CSVs), the controlled vocabularies
  of the field registry, and the validation summary of this version.
- Each table sheet is its CSV, cell for cell: same columns, same order, same rows. Numbers are
  stored as numbers as the report writes them — 6 for "6%", with % in the unit column — because
  0.06 formatted as a percentage would disagree with the CSV, the source and ``base_value``.
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
from pathlib import Path

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from gwrdata import __version__
from gwrdata.publish import citation
from gwrdata.publish.bundle import write_zip
from gwrdata.extract.numbers import cell_value
from gwrdata.package.registry import field_definition, registry

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
MAX_WIDTH = {"README": 80}
DEFAULT_MAX_WIDTH = 70
LINE_HEIGHT = 15  # points per line of 11-point text
DICTIONARY = "data_dictionary"
CODELISTS = "codelists"
VALIDATION = "validation"
README = "README"


def write_workbook(package: Path, out: Path, validation: dict | None = None,
                   sheets: list[tuple[str, list[str], list[list]]] = (), skip: tuple[str, ...] = ()) -> Path:
    """Write the workbook of the package folder ``package`` (descriptor already versioned).

    ``sheets`` are views placed after the README (a panel's wide government × year sheet);
    ``skip`` names tables left to the CSV files (a panel's figures outgrow a spreadsheet).
    """
    from openpyxl import Workbook

    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    tables = {r["name"]: read_table(package / r["path"], r["schema"]) for r in descriptor["resources"]
              if "schema" in r and r["name"] not in skip}
    wb = Workbook()
    wb.remove(wb.active)
    add_sheet(wb, README, ["item", "English", "中文"], readme_rows(descriptor, tables, validation), wrap=True)
    for title, header, rows in sheets:
        add_sheet(wb, title, header, rows)
    for resource in descriptor["resources"]:
        if "schema" in resource and resource["name"] not in skip:
            header, rows = tables[resource["name"]]
            add_sheet(wb, resource["name"], header, rows)
    add_sheet(wb, DICTIONARY, DICTIONARY_HEADER, dictionary_rows(descriptor))
    add_sheet(wb, CODELISTS, ["vocabulary", "code", "used_in"], codelist_rows(descriptor))
    add_sheet(wb, VALIDATION, VALIDATION_HEADER, validation_rows(validation))
    set_properties(wb, descriptor)
    save(wb, out, citation.date_time(descriptor))
    return out


def read_table(path: Path, schema: dict) -> tuple[list[str], list[list]]:
    """A CSV as typed rows: integers as int, numbers as int or float, empty as None."""
    types = {f["name"]: f.get("type", "string") for f in schema["fields"]}
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        kinds = [types.get(name, "string") for name in header]
        rows = [[cell_value(cell, kind) for cell, kind in zip(row, kinds)] for row in reader]
    return header, rows


def add_sheet(wb, title: str, header: list[str], rows: list[list], wrap: bool = False) -> None:
    """A sheet with a bold frozen header, an autofilter and column widths that fit the content."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title)
    bold = Font(bold=True)
    for col, name in enumerate(header, start=1):
        cell = ws.cell(row=1, column=col)
        put(cell, name)
        cell.font = bold
    top = Alignment(wrap_text=True, vertical="top") if wrap else None
    for r, row in enumerate(rows, start=2):
        for col, value in enumerate(row, start=1):
            if value is None:
                continue
            cell = ws.cell(row=r, column=col)
            put(cell, value)
            if top is not None:
                cell.alignment = top
    ws.freeze_panes = "A2"
    last = get_column_letter(max(len(header), 1))
    ws.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
    cap = MAX_WIDTH.get(title, DEFAULT_MAX_WIDTH)
    widths = []
    for col, name in enumerate(header, start=1):
        widest = max([text_width(name) + 3] + [text_width(row[col - 1]) for row in rows if col - 1 < len(row)])
        widths.append(min(widest + 2, cap if not wrap or col > 1 else 28))
        ws.column_dimensions[get_column_letter(col)].width = widths[-1]
    if wrap:  # readers do not grow rows to fit wrapped text on opening: give each row its lines
        for r, row in enumerate(rows, start=2):
            lines = max([1] + [-(-text_width(v) // max(w - 3, 1)) for v, w in zip(row, widths) if v is not None])
            ws.row_dimensions[r].height = LINE_HEIGHT * lines


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


def readme_rows(descriptor: dict, tables: dict, validation: dict | None) -> list[list]:
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
        ["source SHA-256 · 原文校验值", source["sha256"], source["sha256"]],
        ["source file · 原文文件", f"{source['path']} in the -csv.zip bundle; every start/end offset indexes it "
         "(Unicode code points of the UTF-8 text), so text[start:end] equals mention.",
         f"CSV 压缩包中的 {source['path']}；start/end 为原文（UTF-8 解码后）的 Unicode 字符位置。"],
        ["source status · 原文状态", source["license_note"], "原文按发布时原样收录，未作任何编辑，作为每个数字的出处证据；其版权状况见左侧英文说明。"],
    ]
    for lic in descriptor.get("licenses", []):
        rows.append(["licence (data) · 数据许可", f"{lic.get('title') or lic['name']} — {lic['name']}, {lic.get('path', '')}",
                     f"{citation.license_zh(lic['name'])}，{lic.get('path', '')}"])
    rows += [
        ["licence (toolkit) · 工具许可", "The gwrdata toolkit that built this workbook is MIT-licensed software; "
         "that licence does not apply to the data.", "生成本工作簿的 gwrdata 工具软件采用 MIT 许可，该许可不适用于数据。"],
        ["how to cite · 引用", citation.citation_text(descriptor, version), "请按左侧格式引用（另见 CSV 压缩包中的 CITATION.cff）。"],
        ["verify · 校验", "Check the downloaded files with: sha256sum -c SHA256SUMS (in the release folder).",
         "在发布文件夹中运行 sha256sum -c SHA256SUMS 校验下载的文件。"],
        ["numbers · 数值", "Numbers are stored as numbers, as the report writes them: a percent figure is 6 "
         "(not 0.06) with % in the unit column; base_value is value × multiplier in base_unit.",
         "数值按报告原文以数字存储：百分数 6% 存为 6（而非 0.06），单位在 unit 列；base_value = value × multiplier，单位为 base_unit。"],
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
        [f"sheet {CODELISTS}", "The controlled vocabularies (codelists) and the columns that use them; "
         "the indicators and units sheets are codelists too.", "代码表：各受控词表的取值及使用它们的列；indicators 与 units 工作表亦为代码表。"],
        [f"sheet {VALIDATION}", "The validation summary of this version: each check with its passed and failed counts.",
         "本版本的验证摘要：每项检查的通过与失败数量。"],
    ]
    return rows


def _validation_line(validation: dict | None) -> str:
    if validation is None:
        return "not validated"
    return f"{'valid' if validation.get('valid') else 'INVALID'}: see the validation sheet; the full report is validation.html in the -csv.zip bundle."


DICTIONARY_HEADER = ["table", "field", "title", "type", "required", "primary_key", "description", "unit",
                     "allowed_values", "constraints", "references"]


def dictionary_rows(descriptor: dict) -> list[list]:
    units = _field_units()
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


def _field_units() -> dict[tuple[str, str], str]:
    """(table, field) -> unit, from the registry (a Table Schema has no place for units)."""
    out = {}
    for name, spec in [*registry()["resources"].items(), *registry()["panel"]["resources"].items()]:
        for key in spec["fields"]:
            definition = field_definition(key)
            if definition.get("unit") and (name, definition["name"]) not in out:
                out[(name, definition["name"])] = definition["unit"]
    return out


def codelist_rows(descriptor: dict) -> list[list]:
    used: dict[str, list[str]] = {}
    panel = descriptor.get("gwrdata", {}).get("profile") == "panel"
    specs = registry()["panel"]["resources"] if panel else registry()["resources"]
    for name, spec in specs.items():
        for key in spec["fields"]:
            definition = field_definition(key)
            if "vocabulary" in definition:
                used.setdefault(definition["vocabulary"], []).append(f"{name}.{definition['name']}")
    vocabularies = {**registry()["vocabularies"], **(registry()["panel"]["vocabularies"] if panel else {})}
    return [[vocab, code, ", ".join(used.get(vocab, []))]
            for vocab, codes in vocabularies.items() for code in codes if not panel or vocab in used]


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
