"""One report's checks on every report of a panel: a panel is held to what a report is held to.

A panel package holds many reports in one set of tables (keyed by ``report_id``), so the rule
checks of a one-report package (percentages, units, years, provenance, cross-table, text) cannot
run on it as it is: their figure and section ids are a report's, and their text and year are one
report's. This module shows them the panel as they know a package:

- a check of single rows against a codelist (a fall of 100% or more, a unit missing from
  units.csv, a signed value that is not the value negated), or one that keeps each report's rows
  apart by their ``report_id`` (overlapping spans, references, one base per indicator), runs
  once, on a view of the whole panel (``ROW_CHECKS``);
- every other check runs once per report, on a view of that report alone: its rows, its text
  (read from the corpus, as the span checks read it), its year and the panel's codelists.

Rows keep their panel positions, so a failure names the panel table's row. Checks that a panel
replaces with its own (``REPLACED``, which names them) do not run here: a panel check does the
same for every report at once, or the panel has no table the check reads.
"""

from __future__ import annotations

import time
from functools import cached_property

import numpy as np
import pandas as pd

from gwrdata.checks import CheckResult, Failure, Skipped, all_checks
from gwrdata.package.registry import columns

# Checks that read each row against the codelists, or keep each report's rows apart by their
# report_id (ids, spans and bases are a report's): run once, on the whole panel.
ROW_CHECKS = frozenset({
    "percent.numeric", "percent.growth_range", "percent.points_not_percent",
    "units.in_codelist", "units.bare_number", "units.base_value", "units.magnitude", "units.one_base_per_indicator",
    "years.integer", "years.stated_range", "years.span",
    "provenance.no_overlap", "cross.references_exist",
    "cross.signed_value", "cross.headline_names", "text.no_formula_cells",
})

# A report's check → the panel check that does its work for every report (or why none applies).
REPLACED = {
    "provenance.source_hash": "panel.source_hash",
    "provenance.spans": "panel.figure_spans, panel.exclusion_spans and panel.headline_texts",
    "provenance.digit_coverage": "panel.digit_coverage",
    "cross.headline_matches_figure": "panel.headline_figures",
    "cross.targets_results": "panel.target_figures and panel.outcome_rule (a panel has targets and attainment, not the wide view)",
    "cross.headline_covers_targets": "none: a panel records which rule found each target paragraph, not its span, "
                                     "and keeps the headline rows of the shared codelist's indicators only",
}

PER_REPORT_TABLES = ("figures", "headline", "sections", "exclusions", "source_issues")


class PanelView:
    """The panel as one report's checks read a package: tables, numbers, quotes; no single text."""

    profile = "report"
    gwrdata = True

    def __init__(self, pkg):
        self.pkg = pkg
        self.descriptor = {"gwrdata": {}}
        self._tables: dict[str, pd.DataFrame] = {}

    def table(self, name: str) -> pd.DataFrame:
        if name not in self._tables:
            self._tables[name] = self._load(name)
        return self._tables[name]

    def _load(self, name: str) -> pd.DataFrame:
        if name in self.pkg.resources:
            return self.pkg.table(name)
        return pd.DataFrame({column: pd.Series(dtype=object) for column in columns(name)})  # a table a panel does not have

    def numbers(self, name: str, column: str) -> pd.Series:
        return self.pkg.numbers(name, column)

    def quote(self, row) -> str:
        return self.pkg.quote(row)

    def quote_span(self, start, end) -> str:
        return ""

    @property
    def text(self) -> str:
        raise Skipped("a panel holds many texts: this check runs per report")

    @property
    def report_year(self) -> int:
        raise Skipped("a panel holds many years: this check runs per report")


class ReportView(PanelView):
    """One report of a panel: its rows (panel positions kept), its text, its year."""

    def __init__(self, pkg, report_id: str, year: int, rows: dict[str, np.ndarray]):
        super().__init__(pkg)
        self.report_id = report_id
        self._year = year
        self._rows = rows  # table → the report's positions in it (the view's rows are taken when read)
        self._numbers: dict[tuple[str, str], pd.Series] = {}
        self.missing_text = ""

    def _load(self, name: str) -> pd.DataFrame:
        if name not in PER_REPORT_TABLES:
            return super()._load(name)
        frame = self.pkg.table(name).iloc[self._rows.get(name, _NONE)]
        if name == "figures" and "sentence" not in frame.columns:
            try:
                frame = frame.assign(sentence=self._sentences(frame))
            except Skipped as why:
                self.missing_text = str(why)  # a check that reads the sentence is skipped (see _one)
        return frame

    def _sentences(self, figures: pd.DataFrame) -> list[str]:
        """A panel stores each figure's sentence as a span of its report (sentence_start/end)."""
        text = self.text
        return [text[int(s):int(e)] if s.isdigit() and e.isdigit() else ""
                for s, e in zip(figures["sentence_start"], figures["sentence_end"])]

    def numbers(self, name: str, column: str) -> pd.Series:
        if name not in PER_REPORT_TABLES:
            return self.pkg.numbers(name, column)
        key = (name, column)
        if key not in self._numbers:
            self._numbers[key] = pd.to_numeric(self.table(name)[column], errors="coerce")
        return self._numbers[key]

    @cached_property
    def text(self) -> str:
        """The report's text (raises Skipped where the corpus was not given: validate --sources)."""
        return self.pkg.report_text(self.report_id)

    @property
    def report_year(self) -> int:
        return self._year

    def quote(self, row) -> str:
        return self.quote_span(row.get("start"), row.get("end"))

    def quote_span(self, start, end) -> str:
        try:
            return self.pkg.quote_in(self.text, start, end)
        except Skipped:
            return ""  # a failure found without the text is reported without its quote


def run(pkg) -> list[CheckResult]:
    """Every report check on the panel ``pkg`` (a LoadedPackage of the panel profile), in the
    order one report's validation lists them; failures of all reports under each check's name."""
    checks = [c for c in all_checks("report") if c.name not in REPLACED]
    per_report = [c for c in checks if c.name not in ROW_CHECKS]
    found: dict[str, tuple[int, list[Failure], float, str]] = {}
    whole = PanelView(pkg)
    for check in checks:
        if check.name in ROW_CHECKS:
            found[check.name] = _one(check, whole)
    for check in per_report:
        found[check.name] = (0, [], 0.0, "")
    for view in _views(pkg) if per_report else ():
        for check in per_report:
            checked, failures, seconds, skipped = found[check.name]
            if skipped:
                continue  # the texts are not at hand (validate without --sources): no report's are
            more, new, spent, skipped = _one(check, view)
            found[check.name] = (checked + more, failures + new, seconds + spent, skipped)
    return [CheckResult(c.name, c.suite, c.description, found[c.name][0], found[c.name][1], found[c.name][2], found[c.name][3])
            for c in checks]


def _one(check, view) -> tuple[int, list[Failure], float, str]:
    """One check on one view: (checked, failures, seconds, why it was skipped)."""
    started = time.perf_counter()
    checked, failures, skipped = 0, [], ""
    try:
        checked, failures = check.run(view)
    except Skipped as why:
        skipped = str(why)
    except (KeyError, ValueError, TypeError) as err:
        if isinstance(err, KeyError) and err.args == ("sentence",) and getattr(view, "missing_text", ""):
            skipped = view.missing_text   # the figures' sentences are spans of a text not at hand
        else:
            where = f" ({view.report_id})" if isinstance(view, ReportView) else ""
            failures = [Failure(check.name, "", None, "", "", f"the check could not run on this package{where}: {err!r}")]
    return checked, list(failures), time.perf_counter() - started, skipped


_NONE = np.zeros(0, dtype=np.int64)


def _views(pkg):
    """One ReportView per row of the reports table, in its order; each takes its rows only when
    a check reads them, so no more than one report's copy is held at a time."""
    reports = pkg.table("reports")
    positions = {name: _positions(pkg.table(name)) for name in PER_REPORT_TABLES if name in pkg.resources}
    years = pd.to_numeric(reports["year"], errors="coerce")
    for report_id, year in zip(reports["report_id"], years):
        yield ReportView(pkg, report_id, int(year) if not np.isnan(year) else 0,
                         {name: split[report_id] for name, split in positions.items() if report_id in split})


def _positions(frame: pd.DataFrame) -> dict[str, np.ndarray]:
    """A table's row positions by report, in table order (one pass over the column)."""
    codes, ids = pd.factorize(frame["report_id"], sort=False)
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(ids) + 1))
    return {report_id: order[bounds[k]:bounds[k + 1]] for k, report_id in enumerate(ids)}
