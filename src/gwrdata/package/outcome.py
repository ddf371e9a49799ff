"""The outcome of a target: met, missed, not_stated or unclear, by the codebook's rule.

Users of a panel ask "did they meet their targets?"; the answer must follow one written rule
(docs/conventions.md, "Outcome of a target") that a reader can apply by hand to the quoted
target and result and get the same word. The rule is the field's: the result is compared with
the target directly, a floor (GDP growth) is met when R >= T and a ceiling (CPI, unemployment
rate) when R <= T. Which indicator is which is data (the ``sense`` column of
data/indicators.csv), and so are the comparisons (data/outcome.yaml); this module only applies
them. The signed gap R - T goes out beside the outcome, so a user can apply another convention.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources

import yaml


@cache
def rule() -> dict:
    with resources.files("gwrdata.package").joinpath("data", "outcome.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


SENSES = ("floor", "ceiling", "band", "either")


def _number(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _unit(unit: str) -> str:
    return rule()["same_unit"].get(unit or "", unit or "")


def sense_of(indicator_sense: str, qualifier: str = "", direction: str = "") -> str:
    """The sense of one target: its indicator's, or, for an indicator that allows both (either),
    the one its qualifier (以上, 以内) or its direction (a target of decrease) gives; else either."""
    if indicator_sense not in SENSES:
        raise ValueError(f"indicator sense {indicator_sense!r} is none of {', '.join(SENSES)}: fix data/indicators.csv")
    if indicator_sense != "either":
        return indicator_sense
    either = rule()["either"]
    return either["qualifiers"].get(qualifier or "") or either["direction"].get(direction or "") or "either"


def judge(target: dict | None, result: dict | None, sense: str) -> tuple[str, Decimal | None]:
    """(outcome, gap) for a target and the result beside it, by the target's sense (``sense_of``).

    ``target`` and ``result`` are headline rows (value, unit, qualifier, measure, direction; a
    target's ``value_to`` is the upper end of its range). The gap is R minus the end of the
    target the sense compares with, in the target's direction (a stated rise against a target of
    decrease is a negative decrease); for a band it is 0 inside and the distance to the nearer
    end outside. None unless the outcome is met or missed.
    """
    if target is None or result is None:
        return "not_stated", None
    t, r = _number(target.get("value")), _number(result.get("value"))
    if r is None:
        if result.get("status") in rule()["undecided"]:  # a level, or urban and rural: stated, not decided
            return rule()["undecided"][result["status"]], None
        if result.get("status") == "words":  # 未达到年初目标: the words give the outcome
            return words_outcome(result.get("text", ""), sense), None
        return "not_stated", None  # a result in words that say nothing of the target
    if t is None:
        return "unclear", None
    if _unit(target.get("unit")) != _unit(result.get("unit")):
        return "unclear", None
    if target.get("measure") and result.get("measure") and target["measure"] != result["measure"]:
        return "unclear", None
    comparison = rule()["senses"].get(sense)
    if comparison is None:
        return "unclear", None  # either: the target's words decide nothing
    down = target.get("direction") == "down"
    bound = None if _held_to(result) else rule()["result_bounds"].get(result.get("qualifier") or "")
    if (result.get("direction") == "down") != down and result.get("direction") in ("up", "down"):
        r = -r
        bound = {"lower": "upper", "upper": "lower"}.get(bound)  # a rise of at least 1% is a fall of at most -1%
    upper = _number(target.get("value_to"))
    upper = upper if upper is not None else t
    if comparison["compare"] == "at_least":
        gap = r - t
        verdict = "met" if gap >= 0 else "missed"
    elif comparison["compare"] == "at_most":
        gap = r - upper
        verdict = "met" if gap <= 0 else "missed"
    else:
        gap = r - t if r < t else r - upper if r > upper else Decimal(0)
        verdict = "met" if gap == 0 else "missed"
    if bound is not None and _beyond(verdict, bound, r, t, upper, comparison["compare"]):
        return "unclear", None
    return verdict, gap


def _held_to(result: dict) -> bool:
    """Does a verb of holding stand right before the result's number, with no bound glued after it
    (全年涨幅控制在5.6%: the value it was held to, not a bound; 控制在4%以内 is one)? outcome.yaml,
    held_to. Needs the result's words and its figure's offset in them."""
    words, at, start = result.get("text") or "", result.get("figure_start"), result.get("start")
    if at in (None, "") or start in (None, ""):
        return False
    at = int(at) - int(start)
    held = rule()["held_to"]
    return words.endswith(tuple(held["before"]), 0, at) and not re.match(held["glued"], words[at:])


def _beyond(verdict: str, bound: str, r: Decimal, t: Decimal, upper: Decimal, compare: str) -> bool:
    """Can a result stated only as a bound (增长6%以上: 6 or more; 控制在4%以内: 4 or less) lie on
    either side of the target? Then it decides nothing (outcome.yaml, result_bounds): 增长6%以上
    against 8% may be 7% or 9%; against 5% it is met whatever it was."""
    if compare == "at_least":
        return (bound == "lower") == (verdict == "missed")
    if compare == "at_most":
        return (bound == "upper") == (verdict == "missed")
    return not (bound == "lower" and r > upper or bound == "upper" and r < t)


def outcome(target: dict | None, result: dict | None, sense: str) -> str:
    """The outcome word alone (see ``judge``)."""
    return judge(target, result, sense)[0]


@cache
def _words() -> dict[str, list[re.Pattern]]:
    return {kind: [re.compile(p) for p in rule()["words"][kind]] for kind in ("missed", "below", "above", "met")}


def words_say(text: str) -> tuple[str, int, int] | None:
    """What words of a result say of its target, as (kind, start, end) of the phrase in text:
    kind missed, below, above or met (data/outcome.yaml, words); None when they say nothing of
    the year's own target (no such phrase, or one about a plan of several years, what is still to
    come, or a target another body set)."""
    skip = rule()["words"]["not_the_year"]
    for kind, patterns in _words().items():
        for pattern in patterns:
            for match in pattern.finditer(text):
                around = text[max(0, match.start() - 4):match.end()]
                # 完成年度计划的95%: a share of the target, which the figure states, not the words
                share = re.match(r"\s*(?:任务)?的?\s*[0-9０-９]", text[match.end():])
                if not share and not any(word in around for word in skip):
                    return kind, match.start(), match.end()
    return None


@cache
def _went() -> tuple[re.Pattern, re.Pattern]:
    return re.compile(rule()["went"]), re.compile(rule()["went_not"])


def words_went(text: str, at: int = 0, end: int | None = None, clause: int | None = None) -> re.Match | None:
    """Words right after an indicator's name (text[at:end]) that say how it went (国际收支基本平衡,
    继续下降, 由负转正; outcome.yaml, went), or None: a result in words whose outcome is unclear.
    None too where the clause, from ``clause`` (else ``at``) to the words' end, makes them a need or
    a plan (有待持续改善: went_not)."""
    went, hedge = _went()
    found = went.match(text, at, len(text) if end is None else end)
    if found is None or hedge.search(text, at if clause is None else clause, found.end()):
        return None
    return found


def words_outcome(text: str, sense: str) -> str:
    """The outcome a result in words gives: missed or met as said; below or above the target
    met or missed by the target's sense (below a ceiling is met); else unclear."""
    said = words_say(text)
    if said is None:
        return "unclear"
    kind = said[0]
    if kind in ("missed", "met"):
        return kind
    if sense not in ("floor", "ceiling"):
        return "unclear"
    return "met" if (kind == "above") == (sense == "floor") else "missed"


def as_index_change(result: dict) -> dict | None:
    """A level result that is a price index with the year before at 100 (居民消费价格指数103.4),
    as the change it states (value 3.4, direction up, unit %), or None: a bare number whose words
    name an index (outcome.yaml, price_index), within its bounds. The value stays traceable: the
    result's words and span are the index's."""
    index = rule()["price_index"]
    value = _number(result.get("value"))
    words = result.get("text") or ""
    if value is None or (result.get("unit") or "") != "" or not any(word in words for word in index["words"]):
        return None
    low, high = (Decimal(str(bound)) for bound in index["within"])
    if not low < value < high:
        return None
    change = value - Decimal(str(index["base"]))
    return {"value": str(abs(change)), "unit": "%", "measure": "growth_rate",
            "direction": "down" if change < 0 else "up", "qualifier": ""}
