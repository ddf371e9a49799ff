"""The grammar's vocabulary, read from the data files in ``gwrdata/extract/data``.

Words live in CSV/YAML so that a linguist can extend the grammar without touching code, and
so that the units codelist the package publishes is the same list the extractor reads.
"""

from __future__ import annotations

import csv
import re
from decimal import Decimal
from functools import cache
from importlib import resources

import yaml


def _open(name: str):
    return resources.files("gwrdata.extract").joinpath("data", name).open(encoding="utf-8")


@cache
def measure_words() -> dict[str, dict[str, str]]:
    """Measure word as written -> {base_unit, label_en, after_chinese_numeral}."""
    with _open("measure_words.csv") as handle:
        return {row["word"]: row for row in csv.DictReader(handle)}


@cache
def magnitudes() -> dict[str, Decimal]:
    with _open("magnitudes.csv") as handle:
        return {row["word"]: Decimal(row["multiplier"]) for row in csv.DictReader(handle)}


@cache
def magnitude_labels() -> dict[str, str]:
    with _open("magnitudes.csv") as handle:
        return {row["word"]: row["label_en"] for row in csv.DictReader(handle)}


@cache
def noun_units() -> list[tuple[str, str]]:
    with _open("noun_units.csv") as handle:
        return [(row["keyword"], row["base_unit"]) for row in csv.DictReader(handle)]


@cache
def verbs() -> dict:
    with _open("verbs.yaml") as handle:
        return yaml.safe_load(handle)



@cache
def section_rules() -> dict:
    with _open("sections.yaml") as handle:
        return yaml.safe_load(handle)


@cache
def introducers() -> dict:
    """How reports introduce the year's targets: the structure reads a paragraph's opening by
    them, the headline finds the paragraph of targets by them (one home, data/introducers.yaml)."""
    with _open("introducers.yaml") as handle:
        return yaml.safe_load(handle)


@cache
def change_patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """(start, reached, ended) of a change from one figure to another (由X提高到Y), from
    verbs.yaml: ``start`` matches the words between 由/从 and a figure, at the end of the text
    before it; ``reached`` matches, at a figure's end, the words up to the figure the change
    reaches; ``ended`` finds the word of arrival (到, 至, 为). The extraction dates the figure a
    change starts from by them, and the checks accept its period by the same words."""
    v = verbs()
    reach, to = int(v["change_from_reach"]), "".join(v["change_to"])
    words = "|".join(re.escape(word) for word in longest_first(v["change_from"]))
    start = re.compile(f"(?:{words})[^{to}，,；;。！？\n]{{0,{reach}}}$")
    reached = re.compile(f"[^，,；;。！？\n]{{0,{reach}}}?(?:[，,][^，,；;。！？\n]{{0,4}}?)?[{to}][^，,；;。！？\n]{{0,8}}?(?:[0-9０-９]|第[一二三四五六七八九十百])")
    return start, reached, re.compile(f"[{to}]")


@cache
def dating_rules() -> dict:
    with _open("dating.yaml") as handle:
        return yaml.safe_load(handle)


@cache
def issuer_rules() -> dict:
    with _open("issuer.yaml") as handle:
        return yaml.safe_load(handle)


def longest_first(words) -> list[str]:
    return sorted(words, key=len, reverse=True)
