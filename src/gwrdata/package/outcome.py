"""The outcome of a target: met, missed, not_stated or unclear, by the codebook's rule.

Users of a panel ask "did they meet their targets?"; the answer must follow one written rule
(docs/conventions.md, "Outcome of a target") that a reader can apply by hand to the quoted
target and result and get the same word. The qualifier comparisons are data
(data/outcome.yaml); this module only applies them.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources

import yaml

@cache
def rule() -> dict:
    with resources.files("gwrdata.package").joinpath("data", "outcome.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _number(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _unit(unit: str) -> str:
    return rule()["same_unit"].get(unit or "", unit or "")


def outcome(target: dict | None, result: dict | None) -> str:
    """``target`` and ``result`` are headline rows (value, unit, qualifier, measure, direction).

    not_stated: no target, or no result stated as a number; unclear: a target in words only, or a result
    that cannot be compared with it (another unit or measure); else met or missed.
    """
    if target is None or result is None:
        return "not_stated"
    t, r = _number(target.get("value")), _number(result.get("value"))
    if r is None:
        return "not_stated"  # a result in words only states no result to compare
    if t is None:
        return "unclear"
    if _unit(target.get("unit")) != _unit(result.get("unit")):
        return "unclear"
    if target.get("measure") and result.get("measure") and target["measure"] != result["measure"]:
        return "unclear"
    comparison = rule()["qualifiers"].get(target.get("qualifier") or "exact")
    if comparison is None:
        return "unclear"
    down = target.get("direction") == "down"
    # Signed in the target's direction: for a target of decrease, R is the decrease stated.
    if (result.get("direction") == "down") != down and result.get("direction") in ("up", "down"):
        r = -r
    tolerance = Decimal(str(comparison["tolerance"]))
    if comparison["compare"] == "at_least":
        return "met" if r >= t - tolerance else "missed"
    return "met" if r <= t + tolerance else "missed"
