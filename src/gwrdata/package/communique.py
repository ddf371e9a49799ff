"""The national statistical communiqués: an independent second source of the national results.

Why: a State Council report states last year's results in its own words, and sometimes not at
all (or only an estimate made before the year closed). The National Bureau of Statistics'
communiqué on the same year (国民经济和社会发展统计公报) gives the year's GDP growth, CPI,
new urban jobs and unemployment rate as statistics. Reading it with the same extractor gives a
result for every national target and a check on each one the report states: where the two
differ by more than the tolerance, the release says so, never averages them.

The collection lists its communiqués (``communiques.csv``: path, year, sha256) beside its reports;
the recipe records that list's hash (``corpus.communiques_sha256``) as it does the reports'.
A communiqué on year Y is read as a review of Y (report year Y + 1): its figures of Y that follow
an indicator's name, by ``data/communiques.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import yaml

from gwrdata.errors import InputError

COLUMNS = ("path", "year", "sha256")


@cache
def rules() -> dict:
    with open(Path(__file__).with_name("data") / "communiques.yaml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@dataclass(frozen=True)
class Result:
    """One indicator's value for one year, as the communiqué on that year states it."""

    year: int
    indicator_id: str
    value: str          # signed: a fall is negative (居民消费价格下降0.7% is -0.7)
    unit: str
    status: str
    path: str           # the communiqué's path in the collection
    sha256: str
    start: int          # the figure's span in the communiqué
    end: int
    text: str           # from the indicator's name to the figure, verbatim


def listing(folder: Path, corpus: dict, recipe_file: Path) -> list[dict]:
    """The collection's list of communiqués, checked against the hash the recipe records."""
    from gwrdata.package.corpus import read_list

    return read_list(folder, corpus, "communiques", COLUMNS, recipe_file,
                     ("no such file: the corpus has no list of communiqués",
                      "pass --corpus the collection's folder, or remove communiques: from the recipe's corpus:"))[1]


def read(folder: Path, corpus: dict, recipe_file: Path, years: set[int]) -> list[Result]:
    """The communiqués' results for ``years``, each text verified against its listed SHA-256."""
    from gwrdata.extract.figures import extract
    from gwrdata.read.paths import confined
    from gwrdata.read.source import read_source

    found: list[Result] = []
    for number, row in enumerate(listing(folder, corpus, recipe_file), start=1):
        try:
            year = int(row["year"])
        except ValueError:
            raise InputError(folder / corpus["communiques"], f"row {number}", f"year {row['year']!r} is not a year",
                             "repair the collection's list") from None
        if year not in years:
            continue
        file = confined(folder, row["path"], folder / corpus["communiques"], f"row {number}: path")
        source = read_source(file)
        if source.sha256 != row["sha256"]:
            raise InputError(folder / corpus["communiques"], f"row {number}", f"{row['path']}: SHA-256 {source.sha256} differs from {row['sha256']}",
                             "restore the file byte for byte, or use the collection at the recipe's commit")
        figures = extract(source.text, year + 1, name=file.name).figures
        found += results(source.text, figures, year, row["path"], source.sha256)
    return found


def results(text: str, figures: list[dict], year: int, path: str, sha256: str) -> list[Result]:
    """Each indicator of ``data/communiques.yaml``: the first figure of ``year`` after its name,
    else (for a growth rate) the first sentence that says the name is flat on the year before."""
    from gwrdata.package.headline import shared_codelist

    names = {row["indicator_id"]: [row["name_zh"], *filter(None, str(row.get("also_zh", "")).split("|"))]
             for row in shared_codelist()}
    every = sorted({name for group in names.values() for name in group}, key=len, reverse=True)
    after = rules().get("names_after", {})
    out = []
    for indicator_id, measures in rules()["indicators"].items():
        own = [(name, "") for name in names[indicator_id]] + [(e["name"], e["after"]) for e in after.get(indicator_id, [])]
        found = None
        for figure in figures:
            if figure["measure"] not in measures or int(figure["period"]) != year or figure["status"] not in ("actual", "estimate"):
                continue
            start = int(figure["sentence_start"])
            at = _named(text[start:int(figure["start"])], own, every)
            if at is None:
                continue
            value = Decimal(figure["value"]) * (-1 if figure["direction"] == "down" else 1)
            found = Result(year, indicator_id, format(value.normalize(), "f") if value else "0", figure["unit"], figure["status"],
                           path, sha256, int(figure["start"]), int(figure["end"]), text[start + at:int(figure["end"])])
            break
        if found is None and "growth_rate" in measures:
            found = _flat(text, year, indicator_id, own, every, path, sha256)
        if found is not None:
            out.append(found)
    return out


def _named(before: str, own: list[tuple[str, str]], every: list[str], empty: bool = False) -> int | None:
    """Where the indicator's name nearest the end of ``before`` starts (or the phrase it comes
    after), when nothing between it and the end makes what follows another subject's or a part
    of the year's (with ``empty``, when nothing at all is between); else None.

    The nearest name wins, the longest of those ending there (国内生产总值, not 生产总值); a name
    with an ``after`` phrase counts only where that phrase comes earlier in the sentence."""
    spots = [(before.rfind(name), name, phrase) for name, phrase in own
             if before.rfind(name) >= 0 and (not phrase or phrase in before[:before.rfind(name)])]
    if not spots:
        return None
    at, name, phrase = max(spots, key=lambda spot: (spot[0] + len(spot[1]), len(spot[1])))
    between = before[at + len(name):]
    for word in rules().get("whole_year", []):
        if word in between:
            between = between[between.rindex(word) + len(word):]
    if empty and between:
        return None
    if any(stop in between for stop in rules()["not_between"]):
        return None
    if any(other in between for other in every if other not in name and name not in other):
        return None
    return before.rfind(phrase, 0, at) if phrase else at


def _flat(text: str, year: int, indicator_id: str, own: list[tuple[str, str]], every: list[str], path: str, sha256: str) -> Result | None:
    """The first 'NAME与上年持平' of the text, the words right after the name: a change of 0,
    its span the words."""
    for word in rules().get("flat", []):
        position = text.find(word)
        while position >= 0:
            sentence = max(text.rfind(mark, 0, position) for mark in ("。", "\n")) + 1
            before = text[sentence:position]
            at = _named(before, own, every, empty=True)
            if at is not None:
                end = position + len(word)
                return Result(year, indicator_id, "0", "%", "actual", path, sha256, position, end, text[sentence + at:end])
            position = text.find(word, position + 1)
    return None


def differs(report_value: str, communique_value: str) -> bool:
    """The two sources disagree: further apart than the tolerance (never averaged)."""
    return abs(Decimal(report_value) - Decimal(communique_value)) > Decimal(str(rules()["tolerance"]))


def in_direction(value: str, direction: str) -> str:
    """A communiqué's signed value as a result of a target with ``direction``: a fall against a
    target of decrease (能耗下降3%) is a positive decrease, as the panel writes results."""
    if direction != "down":
        return value
    flipped = -Decimal(value)
    return format(flipped.normalize(), "f") if flipped else "0"
