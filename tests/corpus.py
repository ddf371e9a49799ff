"""The development corpus: 155 real reports read from ../shared/corpus, never copied here.

The corpus lives beside the repository (``../shared/corpus``, or where GWRDATA_CORPUS points),
because its texts are inputs, not the project's writing. Each report is extracted once per test
session and shared by every scoring test (``corpus`` fixture in conftest.py).
"""

from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LABELS = Path(__file__).resolve().parent / "labels" / "corpus"
LEVELS = ("national", "province", "major-city", "city")


def corpus_folder() -> Path:
    return Path(os.environ.get("GWRDATA_CORPUS") or ROOT.parent / "shared" / "corpus")


@dataclass
class Report:
    file: str
    level: str
    year: int
    text: str
    result: object   # gwrdata.extract.figures.Extraction


def index(folder: Path) -> list[dict]:
    with open(folder / "index.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def extract_all(folder: Path) -> dict[str, Report]:
    """Every report of the corpus, read and extracted (in file order)."""
    from gwrdata.extract.figures import extract
    from gwrdata.read.source import read_source

    reports = {}
    for row in sorted(index(folder), key=lambda r: r["file"]):
        source = read_source(folder / row["file"])
        result = extract(source.text, int(row["year"]), name=row["file"])
        reports[row["file"]] = Report(row["file"], row["level"], int(row["year"]), source.text, result)
    return reports


def labels(name: str) -> list[dict]:
    with open(LABELS / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# ---------------------------------------------------------------- scoring against the labels

_YEAR = __import__("re").compile(r"((?:19|20)\d\d)\s*年")
PAST_WORDS = ("去年", "上年", "过去一年", "一年来")
BASE_WORDS = ("比", "较", "同")
REVIEW = ("review_year", "review_multi_year")
PLAN = ("plan_year", "plan_multi_year")


def labelled_parts(report: Report, rows: list[dict]) -> list[dict]:
    """The labelled parts of a report with their spans: each runs to the next one's start."""
    parts = []
    for row in rows:
        at = report.text.find(row["first_chars"])
        assert at >= 0, f"{report.file}: first_chars not found: {row['first_chars']!r}"
        parts.append(dict(row, start=at))
    parts.sort(key=lambda p: p["start"])
    for index, part in enumerate(parts):
        part["end"] = parts[index + 1]["start"] if index + 1 < len(parts) else len(report.text)
    return parts


def _before(figure: dict) -> str:
    """The figure's sentence up to the figure, after its last semicolon (the clause scope)."""
    sentence = figure["sentence"]
    at = sentence.find(figure["mention"])
    before = sentence[:at] if at >= 0 else sentence
    return before[max(before.rfind(";"), before.rfind("；")) + 1:]


def _names_past(before: str) -> bool:
    for word in PAST_WORDS:
        at = before.find(word)
        while at >= 0:
            if not before[:at].endswith(BASE_WORDS):
                return True
            at = before.find(word, at + 1)
    return False


def judge(figure: dict, part: dict, year: int) -> tuple[bool, bool]:
    """(status right for its part, period right for its part) of one figure in a labelled
    review or plan part. The rules, as the codebook states them:

    status: in a review part (review_year, review_multi_year) a figure is not ``target``,
    unless the scope before it (its sentence up to it, after the last ；) states a year ≥ Y;
    in a plan part (plan_year, plan_multi_year) it is ``target``, or ``estimate`` when its
    sentence says 预计, or ``actual``/``cumulative`` when the scope states a year < Y or a word
    of the past (去年, 上年, 过去一年, 一年来) that is not a comparison's base (比上年).
    period: within the part's labelled years (period_from..period_to), or a year stated in
    the scope (a stated year wins), or Y-1 for a result of the past in a plan part, or the year
    before the part's years for the figure a change starts from in a review (由X提高到Y: X).
    """
    before = _before(figure)
    stated = [int(m.group(1)) for m in _YEAR.finditer(before) if before[max(0, m.start() - 1):m.start()] not in ("比", "较", "与")]
    status, period = figure["status"], int(figure["period"])
    in_review = part["kind"] in REVIEW
    past = any(y < year for y in stated[-1:]) or (not stated and _names_past(before))
    if in_review:
        status_ok = status != "target" or any(y >= year for y in stated[-1:])
    else:
        status_ok = (status == "target" or (status == "estimate" and "预计" in figure["sentence"])
                     or (status in ("actual", "cumulative") and past))
    low, high = int(part["period_from"]), int(part["period_to"])
    period_ok = (low <= period <= high or period in stated or (not in_review and past and period == year - 1)
                 or (in_review and period == low - 1 and _starts_change(figure, before)))
    return status_ok, period_ok


_FROM = re.compile(r"(?:由|从)[^到至为，,；;。]{0,20}$")
_TO = re.compile(r"[^，,；;。]{0,20}?(?:[，,][^，,；;。]{0,4}?)?(?:到|至|为)")


def _starts_change(figure: dict, before: str) -> bool:
    """Does a change start at the figure (由X提高到Y, 由13.3∶51.2∶35.5调整为…): 由 or 从 before it in
    its clause, and 到, 至 or 为 after it?"""
    clause = re.split(r"[，,]", before)[-1]
    at = figure["sentence"].find(figure["mention"])
    after = figure["sentence"][at + len(figure["mention"]):] if at >= 0 else ""
    return bool(_FROM.search(clause)) and _TO.match(after) is not None


def part_scores(reports: dict[str, Report]) -> dict[str, dict]:
    """Per labelled report: figures judged, right status, right period."""
    by_file: dict[str, list[dict]] = {}
    for row in labels("parts.csv"):
        by_file.setdefault(row["file"], []).append(row)
    out = {}
    for file, rows in by_file.items():
        report = reports[file]
        parts = [p for p in labelled_parts(report, rows) if p["kind"] in REVIEW + PLAN]
        n = status = period = 0
        wrong = []
        for figure in report.result.figures:
            part = next((p for p in parts if p["start"] <= figure["start"] < p["end"]), None)
            if part is None:
                continue
            s_ok, p_ok = judge(figure, part, report.year)
            n += 1
            status += s_ok
            period += p_ok
            if not (s_ok and p_ok):
                wrong.append((part["kind"], figure["mention"], figure["status"], figure["period"], figure["sentence"][:60]))
        out[file] = {"level": report.level, "figures": n, "status": status, "period": period, "wrong": wrong}
    return out


def gdp_scores(reports: dict[str, Report]) -> list[dict]:
    """Per labelled GDP figure (a stated target or result): the figure at the label's quote
    with the label's value, and whether its qualifier, status and period agree."""
    from decimal import Decimal

    out = []
    for row in labels("gdp.csv"):
        if not row["quote"]:
            continue
        report = reports[row["file"]]
        at = report.text.find(row["quote"])
        assert at >= 0, row
        figures = [f for f in report.result.figures if at <= f["start"] < at + len(row["quote"])
                   and Decimal(f["value"]) == Decimal(row["value"])]
        figure = figures[-1] if figures else None
        fields = {"value": figure is not None}
        for field in ("qualifier", "status", "period"):
            fields[field] = figure is not None and str(figure[field]) == row[field]
        out.append({"file": row["file"], "kind": row["kind"], "ok": all(fields.values()), **fields,
                    "got": {k: figure[k] for k in ("mention", "qualifier", "status", "period")} if figure else None,
                    "label": row})
    return out


def part_agreement(reports: dict[str, Report]) -> dict[str, float]:
    """Per level: the share of the labelled parts' characters that lie in a part the extractor
    gave the same kind (opening, review_year … appendix)."""
    by_file: dict[str, list[dict]] = {}
    for row in labels("parts.csv"):
        by_file.setdefault(row["file"], []).append(row)
    agree: dict[str, int] = {}
    total: dict[str, int] = {}
    for file, rows in by_file.items():
        report = reports[file]
        found = [s for s in report.result.sections if s.level != "chapter"]
        for part in labelled_parts(report, rows):
            same = sum(max(0, min(s.end, part["end"]) - max(s.start, part["start"]))
                       for s in found if s.part_kind == part["kind"])
            for level in (report.level, "all"):
                agree[level] = agree.get(level, 0) + same
                total[level] = total.get(level, 0) + part["end"] - part["start"]
    return {level: agree[level] / total[level] for level in total}
