"""The data page of a panel: targets against outcomes per government, and every target and result, searchable.

The single-report page is built around one source text shown in full; a panel has hundreds of
texts, so its page is a different page on the same footing (``site.css``, the same bilingual
labels, no fetch, byte-reproducible): an overview with the outcome counts, an indicator picker,
a dot chart of the chosen indicator (target as a ring, result as a dot coloured by outcome, joined
by a line, one row per government and year), and a table of its targets and stated results with
a search box and a link from every row to its report's text.

A whole corpus has tens of thousands of targets: one page holding every chart and row weighs
megabytes a reader downloads to see one chart. So index.html holds the overview and the picker,
and each indicator's chart (drawn here, so the output stays byte-reproducible) and rows are a
small file ``data/<indicator_id>.js`` the script loads when the indicator is chosen, beside one
file of report addresses every indicator needs. The files are scripts that call
``window.gwrdataPanel.add(...)``, loaded by a <script> element rather than fetch(), which a
browser refuses for a page opened from disk. Every figure stays in the Parquet file.
"""

from __future__ import annotations

import csv
import json
import re
from importlib import resources
from pathlib import Path

from gwrdata.errors import InputError
from gwrdata.publish import citation
from gwrdata.publish.site import LINKS, _e, bi, fit

ASSETS = ("site.css", "panel.js")
OUTCOME_COLOUR = {"met": "#009E73", "missed": "#D55E00", "unclear": "#999999", "not_stated": "#CCCCCC"}
OUTCOME_LABEL = {"met": ("完成", "met"), "missed": ("未完成", "missed"), "unclear": ("无法判断", "unclear"),
                 "not_stated": ("未提及结果", "not stated")}
FIGURE_KEYS = ("report_id", "figure_id", "start", "mention", "value", "unit", "subject_zh", "indicator_id", "period", "status")
ROW = 16  # pixels per government-year row of the chart
CHART_ROWS = 600  # government-years an indicator's chart draws before it keeps to CHART_LEVELS
CHART_LEVELS = ("national", "province")
MAX_TICKS = 12  # gridline steps across a chart
DATA = "data"  # the folder beside the page holding one file per indicator and REPORTS_FILE
REPORTS_FILE = "report-links.js"  # its hyphen keeps it apart from every indicator's file
ID = re.compile(r"[a-z0-9_]+")  # an indicator id that may name a file
STATUS = {"actual": ["实际", "actual"], "estimate": ["预计", "estimate"], "target": ["目标", "target"], "cumulative": ["累计", "cumulative"]}


def _table(folder: Path, name: str) -> list[dict]:
    with open(folder / "data" / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_site(package_dir: Path, out_dir: Path, links: dict | None = None, sources: str = "../sources/") -> Path:
    """Write index.html, site.css, panel.js and data/ of the panel in ``package_dir`` into ``out_dir``.

    ``links`` as for the single-report page; ``sources`` is the href of the folder holding the
    reports' texts, relative to the page. Every indicator's id names a file, so the ids are
    checked before anything is written.
    """
    package_dir, out_dir = Path(package_dir), Path(out_dir)
    links = dict(links or {})
    descriptor = json.loads((package_dir / "datapackage.json").read_text(encoding="utf-8"))
    data = {name: _table(package_dir, name) for name in ("reports", "attainment", "indicators", "governments")}
    order, by_indicator = _indicators(package_dir, data)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in ASSETS:
        (out_dir / name).write_bytes(resources.files("gwrdata.publish").joinpath("assets", name).read_bytes())
    (out_dir / DATA).mkdir(exist_ok=True)
    reports = {r["report_id"]: r.get("url") or sources + r["path"].split("/", 1)[-1] for r in data["reports"]}
    _write_data(out_dir / DATA / REPORTS_FILE, {"reports": reports})
    levels = {r["government"]: r.get("level", "") for r in data["governments"]}
    names = {r["indicator_id"]: (r["name_zh"], r["name_en"]) for r in data["indicators"]}
    for ident in order:
        rows = by_indicator[ident]
        _write_data(out_dir / DATA / f"{ident}.js", {"indicator": ident, "chart": _chart(ident, names.get(ident, (ident, ident)), rows, levels),
                                                     "figures": list(_figure_rows(rows))})
    index = out_dir / "index.html"
    with open(index, "w", encoding="utf-8", newline="\n") as page:
        page.write(_head(descriptor))
        page.write(_overview(descriptor, data, links))
        page.write(_picker(order, by_indicator, names, links))
        page.write(_figures_section())
        page.write('</main>\n<script type="application/json" id="data">')
        page.write(_safe({"keys": list(FIGURE_KEYS), "data": f"{DATA}/", "reports": f"{DATA}/{REPORTS_FILE}",
                          "indicators": {r["indicator_id"]: [r["name_zh"], r["name_en"]] for r in data["indicators"]},
                          "status": STATUS}))
        page.write('</script>\n<script src="panel.js"></script>\n</body>\n</html>\n')
    return index


def _indicators(package_dir: Path, data: dict) -> tuple[list[str], dict[str, list[dict]]]:
    """The indicators with targets in codelist order (GDP, the headline target, is its first), and their rows.

    An indicator's id becomes a file name under ``data/``: an id that is not a plain name of
    ``[a-z0-9_]`` is refused here, before anything is written, so no id can name a path outside
    the page's folder.
    """
    by_indicator: dict[str, list[dict]] = {}
    for number, row in enumerate(data["attainment"], start=2):
        ident = row["indicator_id"]
        if not ID.fullmatch(ident):
            raise InputError(package_dir / "data" / "attainment.csv", f"row {number}, indicator_id {ident!r}",
                             "an indicator id names a file of the data page and must be letters a-z, digits and _",
                             "use the indicator ids of the codelist (indicators.csv)")
        by_indicator.setdefault(ident, []).append(row)
    codelist = [r["indicator_id"] for r in data["indicators"]]
    rank = {ident: (i, "") for i, ident in enumerate(codelist)}
    order = sorted(by_indicator, key=lambda ident: rank.get(ident, (len(codelist), ident)))
    return order, by_indicator


def _safe(value) -> str:
    """JSON that is also safe inside a <script> element and as a JavaScript expression."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _write_data(path: Path, value: dict) -> None:
    """A data file the page loads by a <script> element (not fetch, which a browser refuses from file://)."""
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write("window.gwrdataPanel.add(" + _safe(value) + ");\n")


def _figure_rows(rows: list[dict]):
    """The table's rows of one indicator: every target and every stated result."""
    for row in rows:
        yield [row["target_report_id"], "", row["target_start"], row["target_text"], row["target_value"], row["unit"],
               row["indicator_zh"], row["indicator_id"], row["year"], "target"]
        if row["result_report_id"]:
            yield [row["result_report_id"], "", row["result_start"], row["result_text"], row["result_value"], row["unit"],
                   row["indicator_zh"], row["indicator_id"], row["year"], row["result_status"]]


def _head(descriptor: dict) -> str:
    zh, en = citation.split_title(descriptor.get("title", descriptor["name"]))
    version = descriptor.get("version", "")
    nav = [("#overview", "概览", "Overview"), ("#charts", "目标与结果", "Targets and outcomes"), ("#figures", "目标与结果表", "Targets and results table")]
    return ("<!doctype html>\n<html lang=\"en\" class=\"lang-en\">\n<head>\n<meta charset=\"utf-8\">\n"
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{_e(zh)} · {_e(en)} · {_e(version)}</title>\n"
            f'<meta name="description" content="{_e(descriptor.get("description", ""))}">\n'
            '<meta name="generator" content="gwrdata">\n<link rel="stylesheet" href="site.css">\n</head>\n<body>\n'
            f'<header class="top"><a class="brand" href="#overview"><span lang="zh-Hans">{_e(zh)}</span> '
            f'<span class="ver">{_e(version)}</span></a><nav>'
            + "".join(f'<a href="{href}">{bi(z, e)}</a>' for href, z, e in nav)
            + '</nav><button type="button" id="lang" aria-label="中文 / English"><span class="t-en" lang="zh-Hans">中文</span>'
            '<span class="t-zh" lang="en">English</span></button></header>\n<main>\n')


def _overview(descriptor: dict, data: dict, links: dict) -> str:
    zh, en = citation.split_title(descriptor.get("title", descriptor["name"]))
    counts = {key: sum(1 for r in data["attainment"] if r["outcome"] == key) for key in OUTCOME_COLOUR}
    stats = [("report-count", len(data["reports"]), "份报告", "reports"),
             ("government-count", len(data["governments"]), "个政府", "governments"),
             ("target-count", len(data["attainment"]), "个目标", "targets")]
    stats += [(f"outcome-{key}", counts[key], *OUTCOME_LABEL[key]) for key in OUTCOME_COLOUR]
    out = [f'<section id="overview" class="overview"><h1><span lang="zh-Hans">{_e(zh)}</span><small lang="en">{_e(en)}</small></h1>',
           f'<p class="lead">{_e(descriptor.get("description", ""))}</p><ul class="stats">']
    out += [f'<li><a href="#charts"><b id="{ident}">{value}</b> {bi(z, e)}</a></li>' for ident, value, z, e in stats]
    out.append("</ul>")
    downloads = [(key, links[key]) for key in LINKS if key in links]
    if downloads:
        out.append(f'<h2 class="small">{bi("下载", "Downloads")}</h2><ul class="downloads">')
        out += [f'<li><a href="{_e(href)}" data-link="{key}">{bi(*LINKS[key])}</a></li>' for key, href in downloads]
        out.append("</ul>")
    out.append(f'<p class="note">{bi("结果取自下一年报告的回顾部分；完成与否按代码手册中的规则判定：下限类指标（如经济增速）结果不低于目标为完成，上限类指标（如居民消费价格涨幅、失业率）结果不高于目标为完成，“左右”不设容差。", "Each result is the one the next year’s report states in its review; the outcome follows the codebook’s rule: a floor (GDP growth) is met when the result is at or above the target, a ceiling (CPI, unemployment rate) when it is at or below; 左右 (about) gives no tolerance.")}</p>')
    out.append(f'<p class="cite" id="citation">{_e(citation.citation_text(descriptor, descriptor.get("version", "")))}</p></section>\n')
    return "".join(out)


def _picker(order: list[str], by_indicator: dict, names: dict, links: dict) -> str:
    """The indicator picker and the empty chart area the script fills from the chosen indicator's file."""
    options = "".join(f'<option value="{_e(ident)}" data-targets="{len(by_indicator[ident])}">'
                      f'{_e(names.get(ident, (ident, ident))[1])} ({len(by_indicator[ident])})</option>' for ident in order)
    downloads = [(key, links[key]) for key in ("csv_zip", "xlsx") if key in links]
    where = "".join(f' <a href="{_e(href)}">{bi(*LINKS[key])}</a>' for key, href in downloads)
    out = ['<section id="charts" class="picked">', f'<h2>{bi("目标与结果", "Targets and outcomes")}</h2>']
    if not order:
        out.append(f'<p class="note">{bi("本数据包没有目标。", "This package has no targets.")}</p>')
    out.append(f'<noscript><p class="note">{bi("图表与表格需要 JavaScript；全部数据见 CSV 数据包与 Excel 工作簿。", "The charts and the table need JavaScript; all the data are in the CSV data package and the Excel workbook.")}{where}</p></noscript>')
    out.append(f'<div class="controls"><label>{bi("指标（括号内为目标数）", "Indicator (number of targets)")}<select id="indicator">{options}</select></label></div>'
               f'<p class="note" id="load-note" aria-live="polite">{bi("每个指标的图表与表格在选中时载入。", "Each indicator’s chart and table load when it is chosen.")}</p>'
               '<div id="chart" class="chart-area"></div></section>\n')
    return "".join(out)


def _chart(ident: str, name: tuple[str, str], rows: list[dict], levels: dict) -> str:
    """The chart of one indicator as its file carries it: caption, legend and dot chart.

    A corpus has thousands of government-years per indicator: a chart of them all is a page
    nobody can read, so past CHART_ROWS it keeps to CHART_LEVELS; the cities are in the table
    and in the workbook's wide sheets.
    """
    rows = [r for r in rows if r["target_value"] and r["result_value"]]
    zh, en = name
    out = [f'<figure class="chart-box" id="chart-{_e(ident)}"><figcaption><h3>{bi(zh + "：目标与结果", en + ": target and result")}</h3>']
    if len(rows) > CHART_ROWS:
        rows = [r for r in rows if levels.get(r["government"]) in CHART_LEVELS]
        out.append(f'<p class="note">{bi("本指标的目标与结果较多，图中只画出国务院与各省；城市见下表与工作簿的宽表。", "This indicator has many targets: the chart shows the State Council and the provinces only; the cities are in the table below and in the workbook’s wide sheets.")}</p>')
    if not rows:
        out.append(f'<p class="note">{bi("本指标没有同时给出数值目标与结果的年度；目标见下表。", "No year of this indicator has both a target and a result as numbers; its targets are in the table below.")}</p></figcaption></figure>')
        return "".join(out)
    legend = "".join(f'<li><svg width="12" height="12" aria-hidden="true"><circle cx="6" cy="6" r="5" fill="{colour}"/></svg> '
                     f'{bi(*OUTCOME_LABEL[key])}</li>' for key, colour in OUTCOME_COLOUR.items() if key in ("met", "missed", "unclear"))
    out.append(f'<p class="note">{bi("空心圆为目标，实心点为结果（颜色表示是否完成）；每行一个政府年度。", "Ring: the target; dot: the result, coloured by outcome; one row per government and year.")}</p>'
               f'<ul class="legend">{legend}</ul></figcaption><div class="chart-wrap">{dot_chart(ident, rows)}</div></figure>')
    return "".join(out)


def tick_step(span: float) -> int:
    """The gridline step: 1, 2 or 5 times a power of ten, the smallest that keeps to MAX_TICKS steps.

    Indicators counted in 万人 or 亿元 span thousands: a fixed step of 5 drew thousands of
    gridlines nobody can tell apart (and megabytes of chart); spans up to 60 keep 1, 2 and 5.
    """
    step, scale = 1, 1
    while True:
        for factor in (1, 2, 5):
            step = factor * scale
            if span / step <= MAX_TICKS:
                return step
        scale *= 10


def dot_chart(ident: str, rows: list[dict]) -> str:
    """A dumbbell chart: per government-year a ring at the target, a dot at the result."""
    rows = sorted(rows, key=lambda r: (r["government"], int(r["year"])))
    values = [float(r["target_value"]) for r in rows] + [float(r["result_value"]) for r in rows]
    low, high = min(0.0, min(values)), max(values)
    high = high if high > low else low + 1
    left, width, top = 150, 420, 24
    height = top + ROW * len(rows) + 10

    def x(value: float) -> float:
        return round(left + (value - low) / (high - low) * (width - left - 10), 1)

    out = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-labelledby="t-{_e(ident)}">'
           f'<title id="t-{_e(ident)}">{_e(ident)}: targets and results</title>']
    step = tick_step(high - low)
    tick = int(low) - int(low) % step
    while tick <= high:
        out.append(f'<line x1="{x(tick)}" y1="{top - 6}" x2="{x(tick)}" y2="{height - 8}" stroke="#e3e3e3"/>'
                   f'<text x="{x(tick)}" y="{top - 10}" font-size="9" text-anchor="middle" fill="#666">{tick}</text>')
        tick += step
    for i, row in enumerate(rows):
        y = top + ROW * i + ROW / 2
        t, r = float(row["target_value"]), float(row["result_value"])
        colour = OUTCOME_COLOUR.get(row["outcome"], "#999999")
        label = fit(f"{row['government']} {row['year']}", 10, left - 8)
        out.append(f'<g class="pair" data-outcome="{_e(row["outcome"])}"><title>{_e(row["government"])} {_e(row["year"])}: '
                   f'target {_e(row["target_value"])} ({_e(row["target_qualifier"])}, {_e(row["sense"])}), result {_e(row["result_value"])} '
                   f'({_e(row["result_status"])}): {_e(row["outcome"])}</title>'
                   f'<text x="{left - 6}" y="{y + 3.5}" font-size="10" text-anchor="end">{_e(label)}</text>'
                   f'<line x1="{x(t)}" y1="{y}" x2="{x(r)}" y2="{y}" stroke="{colour}" stroke-width="2"/>'
                   f'<circle cx="{x(t)}" cy="{y}" r="4.5" fill="#fff" stroke="#333" stroke-width="1.5"/>'
                   f'<circle cx="{x(r)}" cy="{y}" r="4" fill="{colour}"/></g>')
    out.append("</svg>")
    return "".join(out)


def _figures_section() -> str:
    head = [("report", "报告", "Report"), ("mention", "原文", "Mention"), ("subject", "事项", "Subject"),
            ("indicator", "指标", "Indicator"), ("period", "年份", "Year"), ("status", "状态", "Status")]
    ths = "".join(f'<th scope="col">{bi(z, e)}</th>' for _, z, e in head)
    return ('<section id="figures" class="explore"><div class="pane">'
            f'<h2>{bi("目标与结果表", "Targets and results table")}</h2><div class="controls">'
            f'<label class="search">{bi("搜索所选指标的目标与结果（政府、年份、事项、数值）", "Search the chosen indicator’s targets and results (government, year, subject, value)")}'
            '<input id="q" type="search" autocomplete="off" placeholder="沈阳市 2021"></label></div>'
            f'<p class="count" aria-live="polite">{bi("匹配", "Matching")} <b id="shown-count">0</b> / <span id="total-count">0</span>'
            f'{bi("；最多显示前 500 行。点击报告名查看原文。", "; the first 500 are shown. Click a report to read its text.")}</p>'
            f'<div class="tablewrap" tabindex="0"><table id="ftable"><thead><tr>{ths}</tr></thead><tbody></tbody></table></div>'
            '</div></section>\n')
