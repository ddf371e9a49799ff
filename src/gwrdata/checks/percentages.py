"""Percentages: a share of 120% or a decrease stored as up are wrong numbers, whatever the schema says."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import numpy as np
import yaml

from . import Failure, check, line
from .arrays import ints

PERCENT = ("percent",)
_DECREASE = re.compile(r"(下降|降低|减少|下跌|回落|压减)(了)?$")


def _percent_rows(pkg):
    figures = pkg.table("figures")
    return figures[figures["base_unit"].isin(PERCENT)]


@check("percent.numeric", "percentages", "Every percent figure's value is a finite number.")
def numeric(pkg):
    rows = _percent_rows(pkg)
    values = pkg.numbers("figures", "value").loc[rows.index]
    return len(rows), [Failure("percent.numeric", "figures", line(i), "value", rows.at[i, "value"], "a percent value that is not a number", pkg.quote(rows.loc[i]))
                       for i in rows.index[values.isna()]]


@check("percent.growth_range", "percentages", "Growth rates in percent are above −100 (a fall of 100% or more is impossible) unless the source issues list the figure as the source's own impossible value. A rise has no bound: from a small base, foreign investment can grow 24389%.")
def growth_range(pkg):
    rows = _percent_rows(pkg)
    rows = rows[rows["measure"] == "growth_rate"]
    values = pkg.numbers("figures", "value").loc[rows.index]
    signed = values.where(rows["direction"] != "down", -values)
    impossible = signed <= -100
    if impossible.any():
        impossible[impossible] = ~_listed_as_impossible(pkg, rows[impossible])
    return len(rows), [Failure("percent.growth_range", "figures", line(i), "value", rows.at[i, "value"],
                               f"a growth rate of {signed[i]:g}% (a fall of all or more) that the source issues do not list as the source's",
                               pkg.quote(rows.loc[i])) for i in rows.index[impossible]]


def _listed_as_impossible(pkg, rows) -> np.ndarray:
    """Is each row's span a source issue of kind impossible_value (of the same report, in a panel)?"""
    issues = pkg.table("source_issues")
    issues = issues[issues["kind"] == "impossible_value"]
    keys = [c for c in ("report_id", "start", "end") if c in rows.columns and c in issues.columns]
    listed = set(zip(*(issues[c] for c in keys)))
    return np.array([key in listed for key in zip(*(rows[c] for c in keys))], dtype=bool)


@check("percent.share_range", "percentages", "Shares of a whole (占, 比重, 覆盖率 …) lie in [0, 100]; a 'more than 100%' share is an error ('100%以上' is the genre's 'all of it'). A percent of a plan or an earlier level (完成年度计划的161%), or a network's coverage counted per household (光网覆盖率220%), may exceed 100%.")
def share_range(pkg):
    rows = _percent_rows(pkg)
    rows = rows[rows["measure"] == "share"]
    values = pkg.numbers("figures", "value").loc[rows.index]
    over = (values > 100) | ((values >= 100) & (rows["qualifier"] == "more_than"))
    if over.any():  # only the rows over 100 have their clause read
        over[over] = [_part_of_whole(pkg.text, int(start)) for start in rows.loc[over[over].index, "start"]]
    over |= values < 0
    return len(rows), [Failure("percent.share_range", "figures", line(i), "value", rows.at[i, "value"],
                               f"a share of {rows.at[i, 'value']}% ({rows.at[i, 'qualifier']}) is outside [0, 100]", pkg.quote(rows.loc[i]))
                       for i in rows.index[over]]


@check("percent.points_not_percent", "percentages", "Percentage points (个百分点) are never stored as percent, and percent is never stored as points.")
def points(pkg):
    figures = pkg.table("figures")
    says_points = figures["unit"].str.contains("百分点")
    bad = figures.index[(says_points & (figures["base_unit"] != "percentage_point"))
                        | (~says_points & (figures["base_unit"] == "percentage_point"))
                        | (figures["unit"].isin(["%", "％"]) & (figures["base_unit"] != "percent"))]
    return len(figures), [Failure("percent.points_not_percent", "figures", line(i), "base_unit", figures.at[i, "base_unit"],
                                  f"unit {figures.at[i, 'unit']} stored with base unit {figures.at[i, 'base_unit']}", pkg.quote(figures.loc[i]))
                          for i in bad]


@check("percent.decrease_direction", "percentages", "A decrease (下降3.2%) has direction down and a non-negative value.")
def decrease(pkg):
    figures = pkg.table("figures")
    rows = figures[figures["measure"].isin(["growth_rate", "change"])]
    starts = ints(rows["start"])
    negative = pkg.numbers("figures", "value").loc[rows.index] < 0
    says_decrease = _says_decrease(pkg.text, starts, (~negative & (rows["direction"] != "down")).to_numpy())
    failures = []
    for i in rows.index[negative.to_numpy() | says_decrease]:
        if negative[i]:
            failures.append(Failure("percent.decrease_direction", "figures", line(i), "value", rows.at[i, "value"],
                                    "a decrease is a non-negative value with direction down", pkg.quote(rows.loc[i])))
        else:
            failures.append(Failure("percent.decrease_direction", "figures", line(i), "direction", rows.at[i, "direction"],
                                    "the source says a decrease here but the direction is not down", pkg.quote(rows.loc[i])))
    return len(rows), failures


def _part_of_whole(text: str, start: int) -> bool:
    """Does the clause before the figure say it is a part of a whole (validation/percentages.yaml)?"""
    clause = text[max(0, start - 40):start]
    for mark in "，,；;。\n":
        clause = clause.rsplit(mark, 1)[-1]
    words = _vocabulary()
    return any(w in clause for w in words["part_of_whole"]) and not any(w in clause for w in words["of_a_plan"] + words["counted_per_unit"])


@cache
def _vocabulary() -> dict:
    return yaml.safe_load(resources.files("gwrdata_validation").joinpath("percentages.yaml").read_text(encoding="utf-8"))


def _says_decrease(text: str, starts: np.ndarray, candidates: np.ndarray) -> np.ndarray:
    """For the candidate rows only: do the six characters before the figure end in a decrease verb?

    Rows with direction down (or a negative value, reported anyway) cannot fail on direction, so
    only the others have their context sliced out of the source.
    """
    says = np.zeros(len(starts), dtype=bool)
    says[candidates] = [bool(_DECREASE.search(text[max(0, start - 6):start])) for start in starts[candidates].tolist()]
    return says
