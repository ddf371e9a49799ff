"""The grammar's vocabulary, read from the data files in ``gwrdata/extract/data``.

Words live in CSV/YAML so that a linguist can extend the grammar without touching code, and
so that the units codelist the package publishes is the same list the extractor reads.
"""

from __future__ import annotations

import csv
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
def dating_rules() -> dict:
    with _open("dating.yaml") as handle:
        return yaml.safe_load(handle)


def longest_first(words) -> list[str]:
    return sorted(words, key=len, reverse=True)
