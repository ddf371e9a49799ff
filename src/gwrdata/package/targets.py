"""Targets beside results: the signed value of a figure, and the headline table in wide form.

Why a signed value: reports write a fall as a positive number with a verb (下降3.2%), and the
tables keep it so (value 3.2, direction down) because the value must equal the characters of the
source. Read alone beside growth rates, 3.2 reads as a rise; ``signed_value`` (−3.2) is the
number to compare, sort and chart, derived here once so every table derives it the same way.

Why a wide view: the question readers bring is "did they meet their target?", which needs last
year's result and this year's target on one row. ``headline`` is tidy (one row per indicator,
year and status) and stays the source of truth; ``targets_results`` restates it, one row per
indicator, with the change between the two where both are numbers in the same unit.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from gwrdata.extract.numbers import format_decimal

RESULT_STATUSES = ("actual", "estimate", "not_stated")


def signed_value(value: str, direction: str) -> str:
    """'3.2', 'down' -> '-3.2'; any other direction keeps the value; '' stays ''."""
    value = "" if value is None else str(value)
    if not value or direction != "down":
        return value
    try:
        number = Decimal(value)
    except InvalidOperation:
        return value
    return format_decimal(-number) if number else value


def add_signed_values(rows: list[dict]) -> None:
    for row in rows:
        row["signed_value"] = signed_value(row.get("value", ""), row.get("direction", ""))


def add_names(headline: list[dict], indicators: list[dict]) -> None:
    """name_zh and name_en of each headline row, from the indicators table (its one source)."""
    names = {row["indicator_id"]: row for row in indicators}
    for row in headline:
        indicator = names.get(row["indicator_id"], {})
        row["name_zh"] = indicator.get("name_zh", "")
        row["name_en"] = indicator.get("name_en", "")


def wide(headline: list[dict]) -> list[dict]:
    """One row per headline indicator, in the headline's order: its result and its target."""
    order: list[str] = []
    by_indicator: dict[str, list[dict]] = {}
    for row in headline:
        if row["indicator_id"] not in by_indicator:
            order.append(row["indicator_id"])
            by_indicator[row["indicator_id"]] = []
        by_indicator[row["indicator_id"]].append(row)
    out = []
    for indicator_id in order:
        rows = by_indicator[indicator_id]
        target = next((r for r in rows if r["status"] == "target"), None)
        result = next((r for s in RESULT_STATUSES for r in rows if r["status"] == s and
                       (target is None or int(r["year"]) < int(target["year"]))), None)
        if target is None or result is None:
            continue
        units = {r["unit"] for r in (result, target) if r["value"] != ""}
        out.append({
            "indicator_id": indicator_id, "name_zh": target.get("name_zh", ""), "name_en": target.get("name_en", ""),
            "unit": units.pop() if len(units) == 1 else "",
            "result_year": result["year"], "result_status": result["status"], "result_value": result["signed_value"],
            "result_qualifier": result["qualifier"], "target_year": target["year"], "target_value": target["signed_value"],
            "target_qualifier": target["qualifier"], "change": change(result, target),
            "result_text": result["text"], "target_text": target["text"],
            "result_figure_id": result["figure_id"], "target_figure_id": target["figure_id"],
        })
    return out


def change(result: dict, target: dict) -> str:
    """target − result in signed values, when both are numbers in the same unit; else ''."""
    if result["signed_value"] == "" or target["signed_value"] == "" or result["unit"] != target["unit"]:
        return ""
    try:
        return format_decimal(Decimal(str(target["signed_value"])) - Decimal(str(result["signed_value"])))
    except InvalidOperation:
        return ""
