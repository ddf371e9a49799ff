"""Units: a value that lost a factor of 10 000 is valid to every schema; these checks see it."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from ..lexicon import magnitudes
from . import Failure, check, line


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except (InvalidOperation, TypeError):
        return None


@check("units.in_codelist", "units", "Every unit a figure uses is in the units codelist.")
def in_codelist(pkg):
    figures = pkg.table("figures")
    known = set(pkg.table("units")["unit"])
    return len(figures), [Failure("units.in_codelist", "figures", line(i), "unit", figures.at[i, "unit"],
                                  f"unit {figures.at[i, 'unit']!r} is not in units.csv", pkg.quote(figures.loc[i]))
                          for i in figures.index[~figures["unit"].isin(known)]]


@check("units.base_value", "units", "base_value = value × multiplier (relative tolerance 1e-9).")
def base_value(pkg):
    figures = pkg.table("figures")
    failures = []
    for i, value, multiplier, base in zip(figures.index, figures["value"], figures["multiplier"], figures["base_value"]):
        v, m, b = _decimal(value), _decimal(multiplier), _decimal(base)
        if v is None or m is None or b is None or abs(v * m - b) > abs(v * m) * Decimal("1e-9"):
            failures.append(Failure("units.base_value", "figures", line(i), "base_value", base,
                                    f"{value} × {multiplier} is not {base}", pkg.quote(figures.loc[i])))
    return len(figures), failures


@check("units.one_base_per_indicator", "units", "Each indicator uses one base unit across all its figures and in the codelist.")
def one_base(pkg):
    figures = pkg.table("figures")
    linked = figures[figures["indicator_id"] != ""]
    declared = dict(zip(pkg.table("indicators")["indicator_id"], pkg.table("indicators")["base_unit"]))
    failures = []
    for indicator, group in linked.groupby("indicator_id"):
        expected = declared.get(indicator) or group["base_unit"].iloc[0]
        for i in group.index[group["base_unit"] != expected]:
            failures.append(Failure("units.one_base_per_indicator", "figures", line(i), "base_unit", group.at[i, "base_unit"],
                                    f"indicator {indicator} is in {expected}", pkg.quote(group.loc[i])))
    return len(linked), failures


@check("units.magnitude", "units", "Magnitude and unit agree: 亿元 carries multiplier 1e8, 万亿元 1e12, and each figure's multiplier is its unit's.")
def magnitude(pkg):
    units = pkg.table("units")
    mags = sorted(magnitudes().items(), key=lambda kv: len(kv[0]), reverse=True)
    failures = []
    for i, unit, word, multiplier in zip(units.index, units["unit"], units["measure_word"], units["multiplier"]):
        prefix = unit[: len(unit) - len(word)] if word and unit.endswith(word) else unit
        expected = next((m for name, m in mags if prefix == name), Decimal(1))
        if _decimal(multiplier) != expected:
            failures.append(Failure("units.magnitude", "units", line(i), "multiplier", multiplier, f"unit {unit} means ×{expected:f}"))
    by_unit = dict(zip(units["unit"], units["multiplier"]))
    figures = pkg.table("figures")
    for i, unit, multiplier in zip(figures.index, figures["unit"], figures["multiplier"]):
        if unit in by_unit and _decimal(by_unit[unit]) != _decimal(multiplier):
            failures.append(Failure("units.magnitude", "figures", line(i), "multiplier", multiplier,
                                    f"unit {unit} has multiplier {by_unit[unit]} in units.csv", pkg.quote(figures.loc[i])))
    return len(units) + len(figures), failures
