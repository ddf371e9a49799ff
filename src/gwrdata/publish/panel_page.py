"""The data page of a panel: targets against outcomes per government, and every target and result, searchable.

The single-report page is built around one source text shown in full; a panel has hundreds of
texts, so its page is a different page on the same footing (``site.css``, the same bilingual
labels, no fetch, byte-reproducible): an overview with the outcome counts, a dot chart per
indicator (target as a ring, result as a dot coloured by outcome, joined by a line, one row per
government and year), and a table of every target and stated result with a search box and a link
from every row to its report's text. Those rows travel in the page as compact JSON (every figure
stays in the Parquet file); the script shows the first rows that match, so the page stays usable
on a large panel.
"""

from __future__ import annotations

import csv
import json
from importlib import resources
from pathlib import Path

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


def _table(folder: Path, name: str) -> list[dict]:
    with open(folder / "data" / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_site(package_dir: Path, out_dir: Path, links: dict | None = None, sources: str = "../sources/") -> Path:
    """Write index.html, site.css and panel.js of the panel in ``package_dir`` into ``out_dir``.

    ``links`` as for the single-report page; ``sources`` is the href of the folder holding the
    reports' texts, relative to the page.
    """
    package_dir, out_dir = Path(package_dir), Path(out_dir)
    links = dict(links or {})
    descriptor = json.loads((package_dir / "datapackage.json").read_text(encoding="utf-8"))
    data = {name: _table(package_dir, name) for name in ("reports", "attainment", "indicators", "governments")}
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in ASSETS:
        (out_dir / name).write_bytes(resources.files("gwrdata.publish").joinpath("assets", name).read_bytes())
    index = out_dir / "index.html"
    with open(index, "w", encoding="utf-8", newline="\n") as page:
        page.write(_head(descriptor))
        page.write(_overview(descriptor, data, links))
        page.write(_charts(data))
        page.write(_figures_section())
        page.write('</main>\n<script type="application/json" id="data">')
        _write_payload(page, package_dir, data, sources)
        page.write('</script>\n<script src="panel.js"></script>\n</body>\n</html>\n')
    return index


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


def _charts(data: dict) -> str:
    names = {r["indicator_id"]: (r["name_zh"], r["name_en"]) for r in data["indicators"]}
    by_indicator: dict[str, list[dict]] = {}
    for row in data["attainment"]:
        if row["target_value"] and row["result_value"]:
            by_indicator.setdefault(row["indicator_id"], []).append(row)
    order = [r["indicator_id"] for r in data["indicators"] if r["indicator_id"] in by_indicator]
    levels = {r["government"]: r.get("level", "") for r in data["governments"]}
    out = ['<section id="charts" class="charts">']
    if any(len(rows) > CHART_ROWS for rows in by_indicator.values()):
        # A corpus has thousands of government-years per indicator: a chart of them all is a
        # page nobody can read (and megabytes nobody needs); the cities are in the table below
        # and in the workbook's wide sheets.
        by_indicator = {ident: [r for r in rows if levels.get(r["government"]) in CHART_LEVELS] if len(rows) > CHART_ROWS else rows
                        for ident, rows in by_indicator.items()}
        order = [ident for ident in order if by_indicator[ident]]
        out.append(f'<p class="note">{bi("目标与结果较多的指标只画出国务院与各省；城市见下表与工作簿的宽表。", "Where an indicator has many targets, the charts show the State Council and the provinces only; the cities are in the table below and in the workbook’s wide sheets.")}</p>')
    if not order:
        out.append(f'<p class="note">{bi("没有同时给出数值目标与结果的指标。", "No indicator has both a target and a result as numbers.")}</p>')
    legend = "".join(f'<li><svg width="12" height="12" aria-hidden="true"><circle cx="6" cy="6" r="5" fill="{colour}"/></svg> '
                     f'{bi(*OUTCOME_LABEL[key])}</li>' for key, colour in OUTCOME_COLOUR.items() if key in ("met", "missed", "unclear"))
    for ident in order:
        zh, en = names.get(ident, (ident, ident))
        out.append(f'<figure class="chart-box" id="chart-{_e(ident)}"><figcaption><h2>{bi(zh + "：目标与结果", en + ": target and result")}</h2>'
                   f'<p class="note">{bi("空心圆为目标，实心点为结果（颜色表示是否完成）；每行一个政府年度。", "Ring: the target; dot: the result, coloured by outcome; one row per government and year.")}</p>'
                   f'<ul class="legend">{legend}</ul></figcaption><div class="chart-wrap">{dot_chart(ident, by_indicator[ident])}</div></figure>')
    out.append("</section>\n")
    return "".join(out)


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
    step = 1 if high - low <= 12 else 2 if high - low <= 24 else 5
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
            f'<h2>{bi("目标与结果", "Targets and results")}</h2><div class="controls">'
            f'<label class="search">{bi("搜索（政府、年份、事项、数值）", "Search (government, year, subject, value)")}'
            '<input id="q" type="search" autocomplete="off" placeholder="地区生产总值 2021"></label></div>'
            f'<p class="count" aria-live="polite">{bi("匹配", "Matching")} <b id="shown-count">0</b> / <span id="total-count">0</span>'
            f'{bi("；最多显示前 500 行。点击报告名查看原文。", "; the first 500 are shown. Click a report to read its text.")}</p>'
            f'<noscript><p>{bi("表格需要 JavaScript；数据见 CSV 文件。", "The table needs JavaScript; the data are in the CSV files.")}</p></noscript>'
            f'<div class="tablewrap" tabindex="0"><table id="ftable"><thead><tr>{ths}</tr></thead><tbody></tbody></table></div>'
            '</div></section>\n')


def _write_payload(page, package_dir: Path, data: dict, sources: str) -> None:
    """The page's JSON: every target and every stated result (the rows the page shows), one row
    at a time. Every figure of every report is in the figures table (Parquet), not in the page: a
    corpus has hundreds of thousands, and a page that embeds them weighs hundreds of MB."""
    def safe(value) -> str:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")

    reports = {r["report_id"]: r.get("url") or sources + r["path"].split("/", 1)[-1] for r in data["reports"]}
    indicators = {r["indicator_id"]: [r["name_zh"], r["name_en"]] for r in data["indicators"]}
    page.write('{"keys":' + safe(list(FIGURE_KEYS)) + ',"reports":' + safe(reports) + ',"indicators":' + safe(indicators))
    page.write(',"status":' + safe({"actual": ["实际", "actual"], "estimate": ["预计", "estimate"], "target": ["目标", "target"],
                                      "cumulative": ["累计", "cumulative"]}))
    page.write(',"figures":[')
    number = 0
    for row in data["attainment"]:
        shown = [[row["target_report_id"], "", row["target_start"], row["target_text"], row["target_value"], row["unit"],
                  row["indicator_zh"], row["indicator_id"], row["year"], "target"]]
        if row["result_report_id"]:
            shown.append([row["result_report_id"], "", row["result_start"], row["result_text"], row["result_value"], row["unit"],
                          row["indicator_zh"], row["indicator_id"], row["year"], row["result_status"]])
        for cells in shown:
            page.write(("," if number else "") + safe(cells))
            number += 1
    page.write("]}")
