"""Checks: a built package, proved valid or shown where it is not.

Takes a package folder (descriptor and tables) and hands on a validation report: the
frictionless run, the great-expectations suites generated from the field registry, and the rule
checks (percentages, units, years, provenance, cross-table), each one function registered here
with its name and what it guards. ``validate.validate_package`` is the entry point.

A check takes the loaded package and returns a CheckResult: how many items it checked and the
failures, each with resource, row (the CSV line number, header = 1), field, value and the
source quote, so a maintainer reading a CI log can find and fix the cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable


@dataclass
class Failure:
    check: str
    resource: str
    row: int | None
    field: str
    value: str
    message: str
    quote: str = ""

    def to_dict(self) -> dict:
        return {"check": self.check, "resource": self.resource, "row": self.row, "field": self.field,
                "value": self.value, "message": self.message, "quote": self.quote}


@dataclass
class CheckResult:
    name: str
    suite: str
    description: str
    checked: int
    failures: list[Failure] = field(default_factory=list)
    seconds: float = 0.0
    skipped: str = ""  # why the check could not look (a corpus panel validated without its texts)

    @property
    def passed(self) -> int:
        return max(self.checked - len(self.failures), 0)

    @property
    def ok(self) -> bool:
        return not self.failures


@dataclass(frozen=True)
class Check:
    name: str
    suite: str
    description: str
    run: Callable


REGISTRY: list[Check] = []


class Skipped(Exception):
    """Raised by a check that needs what the package does not hold (a corpus panel's report texts
    when validate was not given --sources): the report says so, and the check neither passes nor fails."""


def check(name: str, suite: str, description: str):
    def register(function):
        REGISTRY.append(Check(name, suite, description, function))
        return function
    return register


def line(index: int) -> int:
    """CSV line number of a data row (0-based) — the header is line 1."""
    return int(index) + 2


SUITE_ORDER = ("percentages", "units", "years", "provenance", "cross_table", "text")
PANEL_SUITES = ("panel",)


def all_checks(profile: str = "report") -> list[Check]:
    """The rule checks of a package profile: one report's, or a panel's (gwrdata.checks.panel)."""
    from . import crosstable, panel, percentages, provenance, restated, text, units, years  # noqa: F401  (registration)

    order = SUITE_ORDER if profile == "report" else PANEL_SUITES
    return sorted((c for c in REGISTRY if c.suite in order), key=lambda c: order.index(c.suite))
