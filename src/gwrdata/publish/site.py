"""The static data page of a release: overview, charts, a searchable figures table and the source.

``write_site(package_dir, out_dir, links)`` writes ``index.html``, ``site.css`` and ``site.js``
into ``out_dir``. Why it is built the way it is:

- It must open from ``file://`` (an unzipped bundle) and from any static host, with no server and
  no network: so no fetch (the tables travel inside the page as one
  ``<script type="application/json">`` block), no CDN, no web fonts (system fonts with a CJK
  fallback), and the charts are SVG written here at build time, not drawn by a library at run time.
- Provenance is the point of the project: the source view is the report text, prerendered here
  with every figure (by status), exclusion and source issue marked at its exact offsets, so a
  reader goes from any row to its characters and back.
- A release is byte-reproducible, so the page is too: no clock, no random ids, rows in the
  package's order, and the same package always gives the same bytes.
- Both languages are in the page; a toggle (``site.js``) shows one. Static text is written in
  both (``t-zh``/``t-en`` spans); the chart labels carry both at once, so a chart is readable
  alone, in either language.
"""

from __future__ import annotations

import csv
import html
import json
from functools import cache
from importlib import resources
from pathlib import Path

from gwrdata.package.registry import codelist
from gwrdata.publish import citation
from gwrdata.read.source import decode

ASSETS = ("site.css", "site.js")
FONT = ('system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "PingFang SC", '
        '"Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", '
        '"WenQuanYi Micro Hei", sans-serif')

# The links a release may pass, in the order shown: key -> (Chinese, English) label.
LINKS = {
    "xlsx": ("Excel 工作簿", "Excel workbook (XLSX)"),
    "csv_zip": ("CSV 数据包（zip）", "CSV data package (zip)"),
    "sha256sums": ("校验和 SHA256SUMS", "Checksums (SHA256SUMS)"),
    "validation": ("数据校验报告", "Validation report"),
    "citation": ("引用信息 CITATION.cff", "How to cite (CITATION.cff)"),
}

# The page's code columns and the registry vocabularies their labels come from (zh, en): one
# source of truth for the labels of the page, the workbook, the descriptor and the docs.
LABEL_VOCABULARIES = {"status": ("status", "headline_status"), "measure": ("measure",), "qualifier": ("qualifier",),
                      "direction": ("direction",), "category": ("category",), "reason": ("exclusion_reason",),
                      "kind": ("issue_kind",)}
CHART_WIDTH = 340  # SVG units; drawn at about this many px on a phone, so 12 units stay 12 px or more
MIN_FONT = 12


@cache
def labels() -> dict[str, dict[str, tuple[str, str]]]:
    """kind -> code -> (Chinese, English) label, from the registry's codelists."""
    out: dict[str, dict[str, tuple[str, str]]] = {}
    for kind, vocabularies in LABEL_VOCABULARIES.items():
        codes = out.setdefault(kind, {})
        for vocabulary in vocabularies:
            for entry in codelist(vocabulary):
                codes.setdefault(entry["code"], (entry.get("zh") or entry["code"], entry.get("en") or entry["code"]))
    return out


# Qualifiers as symbols before a value: ≥ for 以上, ≈ for 左右.
SYMBOL = {"exact": "", "approx": "≈", "at_least": "≥", "more_than": ">", "nearly": "≲", "up_to": "≤"}
STATUS_ORDER = ["actual", "estimate", "cumulative", "target"]
STATUS_COLOUR = {"actual": "#56B4E9", "estimate": "#E69F00", "target": "#009E73", "cumulative": "#CC79A7"}
NUMERALS = "〇一二三四五六七八九"
# What the symbols of the headline chart mean, in its note (only the ones it uses are explained).
NOTES = {"≥": ("以上", "at least"), ">": ("超过", "more than"), "≈": ("左右", "about"), "≲": ("近", "nearly"),
         "≤": ("以内", "up to"), "↓": ("下降", "a fall")}


def write_site(package_dir: Path, out_dir: Path, links: dict | None = None) -> Path:
    """Write the data page of the package in ``package_dir`` into ``out_dir``; return index.html.

    ``links`` maps keys of ``LINKS`` (xlsx, csv_zip, sha256sums, validation, citation) to
    relative hrefs of the release's other files, shown on the overview; None shows none.
    Same package and links in, same bytes out.
    """
    package_dir, out_dir = Path(package_dir), Path(out_dir)
    links = dict(links or {})
    unknown = sorted(set(links) - set(LINKS))
    if unknown:
        raise ValueError(f"unknown site link {unknown[0]!r}: use one of {', '.join(LINKS)}")
    data = _load(package_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    assets = resources.files("gwrdata.publish").joinpath("assets")
    for name in ASSETS:
        (out_dir / name).write_bytes(assets.joinpath(name).read_bytes())
    index = out_dir / "index.html"
    index.write_bytes(_page(data, links).encode("utf-8"))
    return index


# --- reading the package -------------------------------------------------------------------

def _load(folder: Path) -> dict:
    descriptor_path = folder / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    found = {r["name"]: r for r in descriptor.get("resources", [])}
    tables = {}
    for name in ("figures", "headline", "indicators", "sections", "units", "exclusions", "source_issues"):
        if name not in found:
            raise ValueError(f"{descriptor_path}: no resource {name!r}; write the site of a package made by gwrdata build")
        with open(folder / found[name]["path"], encoding="utf-8", newline="") as handle:
            tables[name] = list(csv.DictReader(handle))
    source = found.get("source_text")
    if source is None:
        raise ValueError(f"{descriptor_path}: no resource 'source_text'")
    path = folder / source["path"]
    text, _ = decode(path.read_bytes(), path, source.get("encoding"))
    for name in ("figures", "exclusions", "source_issues"):
        for row in tables[name]:
            if text[int(row["start"]):int(row["end"])] != row["mention"]:
                raise ValueError(f"{folder / found[name]['path']}: span {row['start']}-{row['end']} is not "
                                 f"{row['mention']!r} in the source; rebuild the package")
    return {"descriptor": descriptor, "text": text, **tables}


# --- helpers -------------------------------------------------------------------------------

def _e(value) -> str:
    return html.escape(str(value), quote=True)


def bi(zh: str, en: str) -> str:
    """Text in both languages; the page's toggle shows one."""
    return f'<span class="t-zh" lang="zh-Hans">{_e(zh)}</span><span class="t-en" lang="en">{_e(en)}</span>'


def label(kind: str, code: str) -> tuple[str, str]:
    return labels().get(kind, {}).get(code, (code, code))


def zh_number(n: int) -> str:
    if n < 10:
        return NUMERALS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else NUMERALS[tens]) + "十" + (NUMERALS[ones] if ones else "")


def text_width(text: str, size: float) -> float:
    """Rough rendered width in px: CJK and full-width characters 1 em, others about 0.58 em."""
    width = 0.0
    for char in text:
        if ord(char) >= 0x2E80:
            width += 1.0
        elif char in " .,:;'|il":
            width += 0.3
        elif char.isupper() or char in "mw%@":
            width += 0.72
        else:
            width += 0.56
    return width * size


def fit(text: str, size: float, room: float) -> str:
    """``text`` cut with an ellipsis to fit ``room`` px."""
    if text_width(text, size) <= room:
        return text
    while text and text_width(text + "…", size) > room:
        text = text[:-1]
    return text.rstrip(" ,;:·") + "…" if text else ""


def wrap_text(text: str, size: float, room: float) -> list[str]:
    """``text`` in lines that fit ``room`` px, broken at spaces (SVG text does not wrap itself)."""
    lines, line = [], ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if line and text_width(candidate, size) > room:
            lines.append(line)
            line = word
        else:
            line = candidate
    return lines + ([line] if line else [])


def display_value(value: str, unit: str, qualifier: str, direction: str) -> str:
    """6, %, at_least -> '≥6%'; a fall gets an arrow: '↓3.2%'."""
    arrow = "↓" if direction == "down" else ""
    return f"{SYMBOL.get(qualifier, '')}{arrow}{value}{unit}"


def section_titles(section: dict) -> tuple[str, str]:
    """The heading of a part or chapter as a reader knows it: 一、… / (三)… in Chinese, 1.3 … in English."""
    number = int(section["number"] or 0)
    if section["level"] == "part":
        return f"{zh_number(number)}、{section['title_zh']}", f"{number}. {section['title_en'] or 'Part ' + str(number)}"
    if section["level"] == "chapter":
        return f"({zh_number(number)}){section['title_zh']}", f"{section.get('_part', '')}.{number} {section['title_en']}".strip()
    if section["level"] == "body":
        return section["title_zh"] or "全文", section["title_en"] or "Whole text"
    return section["title_zh"] or "开篇", section["title_en"] or "Opening"


def _sections(rows: list[dict]) -> list[dict]:
    by_id = {r["section_id"]: dict(r) for r in rows}
    for row in by_id.values():
        parent = by_id.get(row["parent_id"])
        row["_part"] = parent["number"] if parent else row["number"]
    return list(by_id.values())


# --- charts --------------------------------------------------------------------------------

def _svg_open(ident: str, height: float, title_zh: str, title_en: str, width: int = CHART_WIDTH) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{ident}" viewBox="0 0 {width} {height:g}" '
            f'width="{width}" height="{height:g}" role="img" aria-labelledby="{ident}-title" '
            f'font-family="{_e(FONT)}" font-size="13" fill="#1a1a1a">'
            f'<title id="{ident}-title">{_e(title_zh)} — {_e(title_en)}</title>')


def _legend(items: list[tuple[str, str]], y: float, width: float = CHART_WIDTH) -> tuple[str, float]:
    """Swatches with labels, (colour, text), in rows that fit ``width``; returns the SVG and the last row's y."""
    parts = []
    x = 0.0
    for colour, text in items:
        step = 17 + text_width(text, 12.5) + 16
        if x and x + step - 16 > width:
            x, y = 0.0, y + 20
        parts.append(f'<rect x="{x:g}" y="{y - 10:g}" width="12" height="12" rx="2" fill="{colour}"/>'
                     f'<text x="{x + 17:g}" y="{y:g}" font-size="12.5">{_e(text)}</text>')
        x += step
    return "".join(parts), y


def headline_chart(data: dict) -> tuple[str, list[dict]]:
    """The headline indicators, last year's result beside this year's target, as SVG bars.

    Returns the SVG and the rows stated only in words (listed beside the chart).
    """
    indicators = {r["indicator_id"]: r for r in data["indicators"]}
    order: list[str] = []
    rows: dict[str, list[dict]] = {}
    for row in data["headline"]:
        if row["indicator_id"] not in rows:
            order.append(row["indicator_id"])
            rows[row["indicator_id"]] = []
        rows[row["indicator_id"]].append(row)
    words = [r for r in data["headline"] if not r["value"] and r["text"]]
    charted = [i for i in order if any(r["value"] for r in rows[i])]
    if not charted:
        return "", words
    # One scale per unit, with room for falls (a value whose direction is down is drawn below zero).

    def signed(r: dict) -> float:
        return float(r["value"]) * (-1 if r["direction"] == "down" else 1)

    scale: dict[str, tuple[float, float]] = {}
    for ident in charted:
        for r in rows[ident]:
            if r["value"]:
                lo, hi = scale.get(r["unit"], (0.0, 0.0))
                scale[r["unit"]] = (min(lo, signed(r)), max(hi, signed(r)))
    combos: list[tuple[str, str]] = []
    for ident in charted:
        for r in sorted(rows[ident], key=lambda r: r["year"]):
            if r["status"] != "not_stated" and (r["year"], r["status"]) not in combos:
                combos.append((r["year"], r["status"]))
    combos.sort()
    width, left, right = CHART_WIDTH, 40, CHART_WIDTH - 8
    # Bars leave room on the right for the longest value label.
    room = 14 + max(text_width(display_value(r["value"], r["unit"], r["qualifier"], r["direction"]), 13.5)
                   for ident in charted for r in rows[ident] if r["value"])
    y = 24
    legend, y = _legend([(STATUS_COLOUR.get(s, "#999"), f"{year} {label('status', s)[0]} {label('status', s)[1]}")
                         for year, s in combos], y)
    body = [legend]
    y += 22
    bar = 15
    used: set[str] = set()
    for ident in charted:
        meta = indicators.get(ident, {"name_zh": ident, "name_en": ""})
        y += 18
        body.append(f'<text x="0" y="{y:g}" font-size="15" font-weight="700" lang="zh-Hans">{_e(meta["name_zh"])}</text>')
        if meta["name_en"]:
            y += 16
            body.append(f'<text x="0" y="{y:g}" font-size="12" fill="#555">{_e(fit(meta["name_en"], 12, width))}</text>')
        y += 6
        for r in sorted(rows[ident], key=lambda r: (r["year"], STATUS_ORDER.index(r["status"]) if r["status"] in STATUS_ORDER else 9)):
            y += 4
            body.append(f'<text x="0" y="{y + bar - 3:g}" font-size="12" fill="#555">{_e(r["year"])}</text>')
            if not r["value"]:
                words_zh, words_en = ("文字表述（见列表）", "stated in words (see list)") if r["text"] else ("报告未提及", "not stated in the report")
                body.append(f'<text x="{left:g}" y="{y + bar - 3:g}" font-size="12.5" fill="#666" font-style="italic">'
                            f'{_e(words_zh)} · {_e(words_en)}</text>')
                y += bar
                continue
            lo, hi = scale[r["unit"]]
            span_px = right - left - room
            unit_px = span_px / ((hi - lo) or 1)
            zero = left + (-lo) * unit_px
            value = signed(r)
            x0, x1 = sorted((zero, zero + value * unit_px))
            colour = STATUS_COLOUR.get(r["status"], "#999")
            shown = display_value(r["value"], r["unit"], r["qualifier"], r["direction"])
            tip = f"{r['year']} {label('status', r['status'])[0]} {label('status', r['status'])[1]}: {r['text']}"
            used.update(c for c in shown if c in NOTES)
            link = f'<a href="#{_e(r["figure_id"])}">' if r["figure_id"] else "<g>"
            body.append(f'{link}<title>{_e(tip)}</title>'
                        f'<rect x="{x0:.1f}" y="{y:g}" width="{max(x1 - x0, 1):.1f}" height="{bar}" rx="2" fill="{colour}"/>'
                        f'<text x="{max(x1, zero) + 5:.1f}" y="{y + bar - 3:g}" font-size="13.5" font-weight="700">{_e(shown)}</text>'
                        + ("</a>" if r["figure_id"] else "</g>"))
            if lo < 0:
                body.append(f'<line x1="{zero:.1f}" x2="{zero:.1f}" y1="{y - 2:g}" y2="{y + bar + 2:g}" stroke="#333" stroke-width="1"/>')
            y += bar
        y += 10
    y += 4
    if used:
        note = " · ".join(f"{c} {NOTES[c][0]} {NOTES[c][1]}" for c in NOTES if c in used)
        for line in wrap_text(note, MIN_FONT, width):
            body.append(f'<text x="0" y="{y:g}" font-size="{MIN_FONT}" fill="#555">{_e(line)}</text>')
            y += 16
        y -= 8
    svg = _svg_open("chart-headline", y, "主要指标：上年结果与本年目标", "Headline indicators: last year's result and this year's target")
    return svg + "".join(body) + "</svg>", words


def parts_chart(data: dict) -> str:
    """How many figures each part and chapter of the report states, stacked by status."""
    sections = _sections(data["sections"])
    counts: dict[str, dict[str, int]] = {}
    for row in data["figures"]:
        counts.setdefault(row["section_id"], {}).setdefault(row["status"], 0)
        counts[row["section_id"]][row["status"]] += 1
    statuses = [s for s in STATUS_ORDER if any(s in c for c in counts.values())]
    statuses += sorted({s for c in counts.values() for s in c} - set(statuses))
    lines: list[tuple[str, str, str, dict[str, int], str]] = []  # kind, zh, en, counts, anchor
    for part in [s for s in sections if not s["parent_id"]]:
        members = [part] + [s for s in sections if s["parent_id"] == part["section_id"]]
        total: dict[str, int] = {}
        for member in members:
            for status, n in counts.get(member["section_id"], {}).items():
                total[status] = total.get(status, 0) + n
        if not total:
            continue
        zh, en = section_titles(part)
        lines.append(("part", zh, en, total, part["section_id"]))
        if counts.get(part["section_id"]) and len(members) > 1:
            lines.append(("chapter", "导语", "Introduction", counts[part["section_id"]], part["section_id"]))
        for member in members[1:]:
            if member["level"] == "chapter":
                zh, en = section_titles(member)
                lines.append(("chapter", zh, en, counts.get(member["section_id"], {}), member["section_id"]))
    width, left = CHART_WIDTH, 14
    biggest = max((sum(c.values()) for _, _, _, c, _ in lines), default=1)
    totals = {s: sum(c.get(s, 0) for kind, _, _, c, _ in lines if kind == "part") for s in statuses}
    y = 24
    legend, y = _legend([(STATUS_COLOUR.get(s, "#999"), f"{label('status', s)[0]} {label('status', s)[1]} {totals[s]}")
                         for s in statuses], y)
    body = [legend]
    y += 14
    for kind, zh, en, row_counts, anchor in lines:
        indent = 0 if kind == "part" else left
        size = 14 if kind == "part" else 13
        y += 22 if kind == "part" else 17
        zh_fit = fit(zh, size, width - indent)
        room = width - indent - text_width(zh_fit, size) - 10
        en_fit = fit(en, MIN_FONT, room) if room > 60 else ""
        weight = ' font-weight="700"' if kind == "part" else ""
        body.append(f'<text x="{indent}" y="{y:g}" font-size="{size}"{weight}><tspan lang="zh-Hans">{_e(zh_fit)}</tspan>'
                    + (f'<tspan font-size="{MIN_FONT}" fill="#555" font-weight="400"> {_e(en_fit)}</tspan>' if en_fit else "")
                    + "</text>")
        y += 6
        height = 17 if kind == "part" else 16
        x = float(indent)
        room_px = width - indent - 40
        total = sum(row_counts.values())
        tip_parts = [f"{label('status', s)[0]} {label('status', s)[1]} {row_counts[s]}" for s in statuses if row_counts.get(s)]
        body.append(f'<a href="#s-{_e(anchor)}"><title>{_e(zh)} · {_e(en)}: {_e(", ".join(tip_parts))}</title>')
        for status in statuses:
            n = row_counts.get(status, 0)
            if not n:
                continue
            w = room_px * n / biggest
            body.append(f'<rect x="{x:.1f}" y="{y:g}" width="{w:.1f}" height="{height}" fill="{STATUS_COLOUR.get(status, "#999")}"/>')
            if w >= 9 * len(str(n)) + 4:
                body.append(f'<text x="{x + w / 2:.1f}" y="{y + height - 3.5:g}" font-size="{MIN_FONT}" text-anchor="middle">{n}</text>')
            x += w
        body.append(f'<text x="{x + 5:.1f}" y="{y + height - 3.5:g}" font-size="12.5" font-weight="700">{total}</text></a>')
        y += height
    y += 10
    svg = _svg_open("chart-parts", y, "各部分的数字（按状态）", "Figures in each part of the report, by status")
    return svg + "".join(body) + "</svg>"


# --- the source view -----------------------------------------------------------------------

def source_html(data: dict) -> str:
    """The report text with every figure, exclusion, source issue and heading marked.

    Marks may nest (a spam exclusion inside the footer issue); one that crosses another is
    closed and reopened around it, so the HTML is always well formed.
    """
    text = data["text"]
    marks: list[tuple] = []  # (start, end, rank, id, attributes)
    heads: list[tuple] = []
    sections = _sections(data["sections"])
    for s in sections:
        start = int(s["start"])
        if s["level"] in ("part", "chapter") and s["title_zh"]:
            found = text.find(s["title_zh"], start, start + len(s["title_zh"]) + 12)
            if found >= 0:
                end = found + len(s["title_zh"])
                heads.append((start, end, 0, '<strong class="hd">', '<strong class="hd">', "</strong>"))
    for i, row in enumerate(data["source_issues"]):
        k = label("kind", row["kind"])
        tip = f"原文缺陷 {k[0]} · source issue: {k[1]}. {row['note']}"
        marks.append((int(row["start"]), int(row["end"]), 1, row["issue_id"],
                      f'class="mk i k-{_e(row["kind"])}" data-k="i" data-n="{i}" title="{_e(tip)}"'))
    for i, row in enumerate(data["exclusions"]):
        r = label("reason", row["reason"])
        tip = f"不计为数字：{r[0]} · not a figure: {r[1]}"
        marks.append((int(row["start"]), int(row["end"]), 2, f"X{int(row['start']):06d}",
                      f'class="mk x r-{_e(row["reason"])}" data-k="x" data-n="{i}" title="{_e(tip)}"'))
    for i, row in enumerate(data["figures"]):
        st = label("status", row["status"])
        tip = f"{row['period']} {st[0]} {st[1]} · {row['subject_zh']} · {row['subject_en']}"
        marks.append((int(row["start"]), int(row["end"]), 3, row["figure_id"],
                      f'class="mk f st-{_e(row["status"])}" data-k="f" data-n="{i}" title="{_e(tip)}"'))
    for i, row in enumerate(data["headline"]):
        if not row["value"] and row["text"] and row["start"]:
            marks.append((int(row["start"]), int(row["end"]), 4, f"H-{row['indicator_id']}-{row['year']}",
                          f'class="mk h" data-k="h" data-n="{i}" title="{_e(row["note"] or row["text"])}"'))
    # (start, end, rank, open tag, reopen tag, close tag): a mark is a focusable span (the script
    # makes it act as a button); only its first piece carries the id.
    marks = [(a, b, rank, f'<span {attrs} id="{_e(ident)}" tabindex="0" role="button">', f"<span {attrs}>", "</span>")
             for a, b, rank, ident, attrs in marks] + heads
    anchors: dict[int, list[str]] = {}
    for s in sections:
        anchors.setdefault(int(s["start"]), []).append(f'<span class="anchor" id="s-{_e(s["section_id"])}"></span>')
    marks.sort(key=lambda m: (m[0], -m[1], m[2]))
    points = sorted({0, len(text), *anchors, *(m[0] for m in marks), *(m[1] for m in marks)})
    out: list[str] = []
    stack: list[tuple] = []
    queue = 0
    for a, b in zip(points, points[1:] + [None]):
        ending = [m for m in stack if m[1] <= a]
        if ending:
            deepest = min(stack.index(m) for m in ending)
            popped = stack[deepest:]
            del stack[deepest:]
            out.extend(m[5] for m in reversed(popped))
            for m in popped:
                if m[1] > a:
                    stack.append(m)
                    out.append(m[4])
        out.extend(anchors.get(a, []))
        while queue < len(marks) and marks[queue][0] == a:
            mark = marks[queue]
            queue += 1
            if mark[1] > a:
                stack.append(mark)
                out.append(mark[3])
        if b is not None:
            out.append(_e(text[a:b]))
    out.extend(m[5] for m in reversed(stack))
    return "".join(out)


# --- the page ------------------------------------------------------------------------------

def _payload(data: dict) -> str:
    """The tables the page's script needs, as JSON safe inside a <script> element."""
    # Every column of figures.csv, in its order: the page's CSV download is those rows, filtered.
    figure_keys = list(data["figures"][0]) if data["figures"] else []
    sections = []
    for s in _sections(data["sections"]):
        zh, en = section_titles(s)
        sections.append({"section_id": s["section_id"], "level": s["level"], "parent_id": s["parent_id"],
                         "code": (f"{s['_part']}.{s['number']}" if s["level"] == "chapter" else str(s["number"])),
                         "title_zh": zh, "title_en": en})
    payload = {
        "figures": [{k: row.get(k, "") for k in figure_keys} for row in data["figures"]],
        "sections": sections,
        "indicators": {r["indicator_id"]: [r["name_zh"], r["name_en"]] for r in data["indicators"]},
        "units": {r["unit"]: r["label_en"] for r in data["units"]},
        "exclusions": [{k: row[k] for k in ("start", "end", "mention", "reason")} for row in data["exclusions"]],
        "issues": [{k: row[k] for k in ("issue_id", "kind", "start", "end", "mention", "rule", "note")} for row in data["source_issues"]],
        "headline": [{k: row[k] for k in ("indicator_id", "year", "status", "text", "note")} for row in data["headline"]],
        "labels": {kind: {code: list(pair) for code, pair in codes.items()} for kind, codes in labels().items()},
        "symbols": SYMBOL,
        "columns": figure_keys,
        "name": data["descriptor"]["name"],
        "version": data["descriptor"].get("version", ""),
    }
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _overview(data: dict, links: dict) -> str:
    descriptor = data["descriptor"]
    title_zh, title_en = citation.split_title(descriptor.get("title", descriptor["name"]))
    source = citation.source_meta(descriptor)
    version = descriptor.get("version", "")
    n = len(data["figures"])
    gov_zh = source["government_zh"] or ""
    year = source["year"] or ""
    lead_zh = (f"{gov_zh}{year}年政府工作报告中的全部 {n} 个数字：每个数字都标出它在原文中的确切位置，"
               "报告中的其他数值也逐一说明了不计入的原因。")
    stats = [
        ("figure-count", n, "个数字", "figures", "#figures"),
        ("headline-count", len({r["indicator_id"] for r in data["headline"]}), "个主要指标", "headline indicators", "#charts"),
        ("exclusion-count", len(data["exclusions"]), "个不计入的数值", "numbers that are not figures", "#source"),
        ("issue-count", len(data["source_issues"]), "处原文缺陷", "source defects", "#source"),
    ]
    out = [f'<section id="overview" class="overview"><h1><span lang="zh-Hans">{_e(title_zh)}</span>'
           f'<small lang="en">{_e(title_en)}</small></h1><div class="ov-grid"><div>',
           f'<p class="lead">{bi(lead_zh, descriptor.get("description", ""))}</p>',
           '<ul class="stats">']
    for ident, value, zh, en, href in stats:
        out.append(f'<li><a href="{href}"><b id="{ident}">{value}</b> {bi(zh, en)}</a></li>')
    out.append("</ul>")
    downloads = [(key, links[key]) for key in LINKS if key in links]
    if downloads:
        out.append(f'<h2 class="small">{bi("下载", "Downloads")}</h2><ul class="downloads">')
        for key, href in downloads:
            zh, en = LINKS[key]
            out.append(f'<li><a href="{_e(href)}" data-link="{key}">{bi(zh, en)}</a></li>')
        out.append("</ul>")
    out.append('</div><dl class="facts">')
    out.append(f"<dt>{bi('版本', 'Version')}</dt><dd><b id=\"version\">{_e(version)}</b> · "
               f"{bi('数据日期', 'data of')} {_e(citation.release_date(descriptor))} · <code>{_e(descriptor['name'])}</code></dd>")
    gov = " ".join(filter(None, [source["government_zh"], f"({source['government_en']})" if source["government_en"] else ""]))
    out.append(f"<dt>{bi('原文', 'Source')}</dt><dd><span lang=\"zh-Hans\">{_e(source['title_zh'])}</span>"
               + (f" — {_e(source['title_en'])}" if source["title_en"] else "")
               + (f"<br>{_e(gov)}" if gov else "")
               + f"<br><code>{_e(source['path'])}</code>, SHA-256 <code class=\"hash\">{_e(source['sha256'])}</code>"
               + f" · <a href=\"#source\">{bi('阅读原文', 'read it below')}</a></dd>")
    licences = []
    for lic in descriptor.get("licenses", []):
        name = lic.get("name", "")
        shown = _e(lic.get("title") or name)
        licences.append(f'<a href="{_e(lic["path"])}" rel="license">{shown}</a>' if lic.get("path") else shown)
    out.append(f"<dt>{bi('许可', 'Licence')}</dt><dd>{'; '.join(licences)}"
               + (f"<br><small>{bi('原文：', 'Source text: ')}{_e(source['license_note'])}</small>" if source["license_note"] else "")
               + "</dd>")
    cite = citation.citation_text(descriptor, version)
    cite_link = f' <a href="{_e(links["citation"])}">CITATION.cff</a>' if "citation" in links else ""
    out.append(f"<dt>{bi('引用', 'Cite as')}</dt><dd><p class=\"cite\" id=\"citation\">{_e(cite)}</p>{cite_link}</dd>")
    out.append("</dl></div></section>")
    return "".join(out)


def _charts(data: dict) -> str:
    svg, words = headline_chart(data)
    indicators = {r["indicator_id"]: r for r in data["indicators"]}
    numbers = [r for r in data["headline"] if r["value"]]
    rates = bool(numbers) and all(r["measure"] == "growth_rate" and r["unit"] in ("%", "％") for r in numbers)
    if svg:
        note = bi(("增速（%）。" if rates else "") + "条形链接到原文中的数字。",
                  ("Growth rates (%). " if rates else "") + "Each bar links to its words in the source.")
    else:
        svg, note = "", bi("报告没有以数字表述的主要指标。", "The report states no headline indicator as a number.")
    out = ['<section id="charts" class="charts">',
           f'<figure class="chart-box"><figcaption><h2>{bi("主要指标：上年结果与本年目标", "Headline indicators: last year against this year’s target")}</h2>'
           f'<p class="note">{note}</p></figcaption>',
           f'<div class="chart-wrap">{svg}</div>']
    if words:
        out.append(f'<div class="qual"><h3>{bi("文字表述的目标与结果", "Targets and results stated in words")}</h3><ul>')
        grouped: dict[str, list[dict]] = {}
        for r in words:
            grouped.setdefault(r["indicator_id"], []).append(r)
        for ident, rows in grouped.items():
            meta = indicators.get(ident, {"name_zh": ident, "name_en": ""})
            out.append(f'<li><b lang="zh-Hans">{_e(meta["name_zh"])}</b> <span class="muted">{_e(meta["name_en"])}</span>')
            for r in sorted(rows, key=lambda r: r["year"], reverse=True):
                st = label("status", r["status"])
                out.append(f'<br>{_e(r["year"])} {bi(st[0], st[1])}: '
                           f'<a href="#H-{_e(ident)}-{_e(r["year"])}" lang="zh-Hans">“{_e(r["text"])}”</a>')
            out.append("</li>")
        out.append("</ul></div>")
    out.append("</figure>")
    out.append(f'<figure class="chart-box"><figcaption><h2>{bi("报告各部分的数字（按状态）", "Figures in each part of the report, by status")}</h2>'
               f'<p class="note">{bi("条形链接到原文中的该部分。", "Each bar links to that part of the source.")}</p></figcaption>'
               f'<div class="chart-wrap">{parts_chart(data)}</div></figure>')
    out.append("</section>")
    return "".join(out)


def _explore(data: dict) -> str:
    n = len(data["figures"])
    head = [("mention", "原文", "Mention", ""), ("value", "数值", "Value", "num opt"), ("subject", "事项", "Subject", ""),
            ("status", "状态", "Status", ""), ("period", "年份", "Year", "num opt"), ("measure", "类型", "Measure", "opt"),
            ("category", "领域", "Category", "opt"), ("section", "章节", "Part", "opt")]
    ths = "".join(f'<th class="c-{key} {cls}" data-key="{key}" scope="col"><button type="button">{bi(zh, en)}</button></th>'
                  for key, zh, en, cls in head)
    filters = [("category", "领域", "Category"), ("section", "章节", "Part"), ("status", "状态", "Status"), ("measure", "类型", "Measure")]
    selects = "".join(f'<label class="filter">{bi(zh, en)}<select id="f-{key}" data-filter="{key}"><option value="">—</option></select></label>'
                      for key, zh, en in filters)
    legend_items = [(f"mk f st-{s}", label("status", s)) for s in STATUS_ORDER]
    legend_items += [("mk x", ("不计入的数值", "not a figure")), ("mk i", ("原文缺陷", "source defect")), ("mk h", ("文字表述的目标", "target in words"))]
    legend = "".join(f'<li><span class="{cls}">{bi(zh, en)}</span></li>' for cls, (zh, en) in legend_items)
    return (
        '<section id="explore" class="explore">'
        '<div class="pane" id="figures">'
        f'<h2>{bi("全部数字", "All figures")}</h2>'
        '<div class="controls">'
        f'<label class="search">{bi("搜索", "Search")}<input id="q" type="search" autocomplete="off" '
        'placeholder="地区生产总值 / GDP"></label>'
        f'{selects}<button type="button" id="reset">{bi("清除筛选", "Clear filters")}</button>'
        f'<button type="button" id="download">{bi("下载这些行（CSV）", "Download these rows (CSV)")}</button></div>'
        f'<p class="count" aria-live="polite">{bi("显示", "Showing")} <b id="shown-count">{n}</b> / <span id="total-count">{n}</span> '
        f'{bi("个数字。点击原文跳到报告中的位置。筛选条件保存在网址中，可直接分享。", "figures. Click a mention to see it in the report. The filters are in the address: share it to share this view.")}</p>'
        f'<p class="scroll-hint" id="scroll-hint" hidden>{bi("表格可左右滚动查看更多列 →", "The table scrolls sideways: more columns →")}</p>'
        f'<noscript><p>{bi("表格需要 JavaScript；原文视图不需要。数据见 CSV 文件。", "The table needs JavaScript; the source view below does not. The data are in the CSV files.")}</p></noscript>'
        f'<div class="tablewrap" tabindex="0"><table id="ftable"><thead><tr>{ths}</tr></thead><tbody></tbody></table></div>'
        '</div>'
        '<div class="pane" id="source">'
        f'<h2>{bi("报告原文", "The report")}</h2>'
        f'<ul class="legend">{legend}</ul>'
        f'<p class="note">{bi("点击标记查看该数字的数据。", "Click a mark to see its row.")}</p>'
        f'<div class="src" id="src" lang="zh-Hans">{source_html(data)}</div>'
        '</div></section>'
    )


def _page(data: dict, links: dict) -> str:
    descriptor = data["descriptor"]
    title_zh, title_en = citation.split_title(descriptor.get("title", descriptor["name"]))
    version = descriptor.get("version", "")
    nav = [("#overview", "概览", "Overview"), ("#charts", "图表", "Charts"), ("#figures", "数字", "Figures"), ("#source", "原文", "Source")]
    return (
        "<!doctype html>\n"
        '<html lang="en" class="lang-en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title_zh)} · {_e(title_en)} · {_e(version)}</title>\n"
        f'<meta name="description" content="{_e(descriptor.get("description", ""))}">\n'
        '<meta name="generator" content="gwrdata">\n'
        '<link rel="stylesheet" href="site.css">\n</head>\n<body>\n'
        '<header class="top"><a class="brand" href="#overview"><span lang="zh-Hans">'
        f'{_e(title_zh)}</span> <span class="ver">{_e(version)}</span></a><nav>'
        + "".join(f'<a href="{href}">{bi(zh, en)}</a>' for href, zh, en in nav)
        + '</nav><button type="button" id="lang" aria-label="中文 / English">'
        '<span class="t-en" lang="zh-Hans">中文</span><span class="t-zh" lang="en">English</span></button></header>\n'
        f"<main>\n{_overview(data, links)}\n{_charts(data)}\n{_explore(data)}\n</main>\n"
        '<aside id="card" class="card" hidden aria-live="polite"></aside>\n'
        f'<footer class="foot">{bi("由 gwrdata 从数据包生成。", "Made by gwrdata from the data package.")} '
        f"<code>{_e(descriptor['name'])} {_e(version)}</code></footer>\n"
        f'<script type="application/json" id="data">{_payload(data)}</script>\n'
        '<script src="site.js"></script>\n</body>\n</html>\n'
    )
