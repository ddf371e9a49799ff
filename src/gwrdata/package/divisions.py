"""Which administrative division each government is: its GB/T 2260 code and names.

A report names its government by a Chinese string (沈阳市, 国务院). To join a package with other
statistics, or two governments' tables across a renaming (襄樊市 became 襄阳市 with the same code),
the key is the division code that official statistics use. The list is data,
``data/governments.csv`` (its sources and conventions in ``data/governments.md``), not a Python
mapping: a government new to the corpus is one new row, and a division's history (abolished,
renamed, a 地区 that became a 市) is written in that row's note beside the code it explains.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

from gwrdata.errors import InputError

COLUMNS = ("code", "government", "name_zh", "name_en", "level", "province_code", "province_zh", "note")


def path() -> str:
    """Where the list is, for error messages."""
    return str(resources.files("gwrdata.package").joinpath("data", "governments.csv"))


@cache
def _rows() -> tuple[dict, ...]:
    with resources.files("gwrdata.package").joinpath("data", "governments.csv").open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


@cache
def _index() -> dict[str, dict]:
    return {row["government"]: row for row in _rows()}


def table() -> list[dict]:
    """Every row, in the file's order (by code). Copies: the cached rows stay as read."""
    return [dict(row) for row in _rows()]


def by_government() -> dict[str, dict]:
    """The rows keyed by the government's name as reports.csv writes it."""
    return {name: dict(row) for name, row in _index().items()}


def code_of(government: str) -> str:
    """The division code of a government; an InputError naming it when the list has no row."""
    row = _index().get(government)
    if row is None:
        raise InputError(path(), f"government {government!r}", "no row for this government",
                         f"add a row for {government} to governments.csv (code, names, level; see governments.md)")
    return row["code"]
