"""Headline targets and the results they follow.

Reports state their main targets in one sentence (今年…主要预期目标是 A；B；C。) and the year's
results for the same indicators in one sentence of the review (预计全年 A，B，C。). Both are
found by rule, items are matched to indicators by name (longest name first, so 单位地区生产总值
能耗 is not 地区生产总值), and every target gets a result row: a value, words, or an explicit
``not_stated``. Nothing is dropped.
"""

from __future__ import annotations

import bisect
import re

from gwrdata.errors import InputError
from gwrdata.package.recipe import Recipe

TARGET = re.compile(r"主要预期目标(?:是|为)\s*[:：]?")
# Targets are separated by semicolons, and national reports put two in one item with a comma
# (城镇新增就业1200万人以上，城镇调查失业率5.5%左右): every comma-separated part is a target.
_ITEM_SPLIT = re.compile(r"[;；,，]")
_CLAUSE_SPLIT = re.compile(r"[,，;；]")
_STRIP = " \t\r\n，,。；;：:"
_SUBJECT_END = re.compile(r"(增长|下降|提高|降低|减少|达到|控制在|保持|与|为|在|[0-9０-９]|左右)")


def _spans(text: str, start: int, end: int, splitter: re.Pattern) -> list[tuple[int, int]]:
    spans, cursor = [], start
    for match in list(splitter.finditer(text, start, end)) + [None]:
        stop = match.start() if match else end
        s, e = cursor, stop
        while s < e and text[s] in _STRIP:
            s += 1
        while e > s and text[e - 1] in _STRIP:
            e -= 1
        if e > s:
            spans.append((s, e))
        cursor = match.end() if match else end
    return spans


def _sentence(text: str, start: int) -> tuple[int, int]:
    end = text.find("。", start)
    return start, (end if end >= 0 else len(text))


class Names:
    """Indicator names (and aliases), matched longest first."""

    def __init__(self, indicators: list[dict]):
        pairs = []
        for row in indicators:
            for name in [row["name_zh"], *filter(None, (row.get("also_zh") or "").split("|"))]:
                pairs.append((name, row["indicator_id"]))
        self.pairs = sorted(pairs, key=lambda p: len(p[0]), reverse=True)

    def match(self, phrase: str) -> str | None:
        for name, indicator_id in self.pairs:
            if name in phrase:
                return indicator_id
        return None


def build(recipe: Recipe, text: str, figures: list[dict], sections) -> tuple[list[dict], list[dict]]:
    """Return (headline rows, indicator rows); sets indicator_id on the headline figures."""
    year = recipe.year
    curated = recipe.table("indicators.csv")
    indicators = [dict(row) for row in curated] if curated is not None else []
    starts = [int(f["start"]) for f in figures]

    def figures_in(s: int, e: int) -> list[dict]:
        lo = bisect.bisect_left(starts, s)
        hi = bisect.bisect_left(starts, e)
        return figures[lo:hi]

    plan = [sec for sec in sections if sec.kind in ("plan", "unstructured")]
    review = [sec for sec in sections if sec.kind in ("review", "preamble", "unstructured")]
    target = next((m for sec in plan for m in TARGET.finditer(text, sec.start, sec.end)), None)
    if target is None:
        return [], [_public(row) for row in indicators]

    rows: list[dict] = []
    s_start, s_end = _sentence(text, target.end())
    names = Names(indicators)
    targeted: list[str] = []
    for number, (i_start, i_end) in enumerate(_spans(text, s_start, s_end, _ITEM_SPLIT), start=1):
        item = text[i_start:i_end]
        if curated is not None:
            indicator_id = names.match(item)
            if indicator_id is None:
                raise InputError(recipe.folder / "indicators.csv", f"target item {number}",
                                 f"no indicator's name_zh or also_zh appears in “{item}”",
                                 "add the indicator, or its name as written to also_zh (names separated by |)")
            if indicator_id in targeted:
                raise InputError(recipe.folder / "indicators.csv", f"target item {number}",
                                 f"“{item}” matches indicator {indicator_id}, which an earlier item already matched",
                                 "give each indicator a name_zh or also_zh that only its own item contains")
        else:
            # No codelist: each item is its own indicator, named by the words before its verb.
            indicator_id = f"target_{number}"
            subject = _SUBJECT_END.split(item, 1)[0] or item
            indicators.append({"indicator_id": indicator_id, "name_zh": subject, "name_en": "", "category": "",
                               "base_unit": "", "description": f"Headline target {number} of the report, named as the report words it."})
            names = Names(indicators)
        targeted.append(indicator_id)
        rows.append(_row(indicator_id, year, "target", item, i_start, i_end, figures_in(i_start, i_end)))

    result = _results_sentence(text, review, names, set(targeted), (s_start, s_end))
    found: set[str] = set()
    if result:
        r_start, r_end = result
        estimate = "预计" in text[r_start:r_end]
        for c_start, c_end in _spans(text, r_start, r_end, _CLAUSE_SPLIT):
            clause = text[c_start:c_end]
            indicator_id = names.match(clause)
            if indicator_id not in targeted or indicator_id in found:
                continue
            found.add(indicator_id)
            status = "estimate" if estimate else "actual"
            rows.append(_row(indicator_id, year - 1, status, clause, c_start, c_end, figures_in(c_start, c_end)))
    for indicator_id in targeted:
        if indicator_id not in found:
            rows.append({"indicator_id": indicator_id, "year": year - 1, "status": "not_stated", "value": "", "unit": "",
                         "qualifier": "", "measure": "", "direction": "", "figure_id": "", "text": "", "start": "", "end": "",
                         "note": f"The review states no {year - 1} result for this indicator."})

    by_id = {f["figure_id"]: f for f in figures}
    for row in rows:
        if row["figure_id"] and not by_id[row["figure_id"]].get("indicator_id"):
            by_id[row["figure_id"]]["indicator_id"] = row["indicator_id"]
    for indicator in indicators:
        if not indicator.get("base_unit"):
            unit = next((by_id[r["figure_id"]]["base_unit"] for r in rows if r["indicator_id"] == indicator["indicator_id"] and r["figure_id"]), "")
            indicator["base_unit"] = unit
    rows.sort(key=lambda r: (targeted.index(r["indicator_id"]), -int(r["year"]), r["status"]))
    return rows, [_public(row) for row in indicators]


def _results_sentence(text, review, names: Names, targeted: set[str], target: tuple[int, int]) -> tuple[int, int] | None:
    """The review sentence naming the most target indicators (at least two), never the target sentence."""
    best, best_count = None, 1
    for sec in review:
        cursor = sec.start
        while cursor < sec.end:
            end = text.find("。", cursor, sec.end)
            end = sec.end if end < 0 else end
            if cursor <= target[1] and target[0] <= end:
                cursor = end + 1
                continue
            clauses = _spans(text, cursor, end, _CLAUSE_SPLIT)
            hits = {names.match(text[s:e]) for s, e in clauses} & targeted
            if len(hits) > best_count:
                best, best_count = (cursor, end), len(hits)
            cursor = end + 1
    return best


def _row(indicator_id, year, status, words, start, end, inside):
    note = ""
    if inside:
        figure = inside[0]
        if len(inside) > 1:
            note = "The item states more than one figure; the others: " + ", ".join(f["figure_id"] for f in inside[1:])
        return {"indicator_id": indicator_id, "year": int(figure["period"]), "status": status,
                "value": figure["value"], "unit": figure["unit"], "qualifier": figure["qualifier"], "measure": figure["measure"],
                "direction": figure["direction"], "figure_id": figure["figure_id"], "text": words, "start": start, "end": end, "note": note}
    return {"indicator_id": indicator_id, "year": year, "status": status, "value": "", "unit": "", "qualifier": "", "measure": "",
            "direction": "", "figure_id": "", "text": words, "start": start, "end": end,
            "note": "Stated in words only; the report gives no number."}


def _public(row: dict) -> dict:
    return {key: row.get(key, "") for key in ("indicator_id", "name_zh", "name_en", "category", "base_unit", "description")}
