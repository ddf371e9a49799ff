"""Units: a value that lost a factor of 10 000 is valid to every schema; these checks see it."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import numpy as np
import pandas as pd

from gwrdata.extract.lexicon import magnitudes
from . import Failure, check, line

_PLAIN = r"-?[0-9]{1,20}(?:\.[0-9]{1,20})?"  # a decimal without exponent, sign + or spaces


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except (InvalidOperation, TypeError):
        return None


@check("units.in_codelist", "units", "Every unit a figure uses is in the units codelist (a bare number has none).")
def in_codelist(pkg):
    figures = pkg.table("figures")
    written = figures[figures["unit"] != ""]
    known = set(pkg.table("units")["unit"])
    return len(written), [Failure("units.in_codelist", "figures", line(i), "unit", written.at[i, "unit"],
                                  f"unit {written.at[i, 'unit']!r} is not in units.csv", pkg.quote(written.loc[i]))
                          for i in written.index[~written["unit"].isin(known)]]


@check("units.bare_number", "units", "A figure with an empty unit is a bare number: multiplier 1, and its mention, glued qualifiers aside, ends in a numeral.")
def bare_number(pkg):
    """An empty unit is legitimate only where the source writes none (收入倍差缩小到1.72); a unit
    lost from 563亿元 (multiplier 1e8) or from 4个 (the mention ends in 个) is not.

    The glued qualifiers are the extractor's own vocabulary (extract/data/verbs.yaml).
    """
    figures = pkg.table("figures")
    bare = figures[figures["unit"] == ""]
    before, after = _glued()
    failures = []
    for i in bare.index:
        mention, multiplier = bare.at[i, "mention"], bare.at[i, "multiplier"]
        core = mention.strip()
        for word in before:
            core = core.removeprefix(word)
        for word in after:
            core = core.removesuffix(word)
        core = core.strip()   # 600 余, 3:1 以下: a typesetter's space before the glued qualifier
        if _decimal(multiplier) != 1:
            why = f"multiplier {multiplier} is a magnitude the unit would write"
        elif not core or core[-1] not in _NUMERALS and not core[-1].isdigit():
            why = f"the mention ends in {core[-1:]!r}, a unit the source writes"
        else:
            continue
        failures.append(Failure("units.bare_number", "figures", line(i), "unit", "", f"an empty unit, but {why}", pkg.quote(bare.loc[i])))
    return len(bare), failures


_NUMERALS = set("零〇一二两三四五六七八九十百千万亿.．")


def _glued() -> tuple[list[str], list[str]]:
    from gwrdata.extract.lexicon import longest_first, verbs

    rules = verbs()
    return (longest_first(w for words in rules["qualifier_glued_before"].values() for w in words),
            longest_first(w for words in rules["qualifier_glued_after"].values() for w in words))


@check("units.base_value", "units", "base_value = value × multiplier (relative tolerance 1e-9).")
def base_value(pkg):
    figures = pkg.table("figures")
    failures = []
    for i in figures.index[~_surely_consistent(pkg)]:
        value, multiplier, base = figures.at[i, "value"], figures.at[i, "multiplier"], figures.at[i, "base_value"]
        if not _consistent(value, multiplier, base):
            failures.append(Failure("units.base_value", "figures", line(i), "base_value", base,
                                    f"{value} × {multiplier} is not {base}", pkg.quote(figures.loc[i])))
    return len(figures), failures


def _consistent(value: str, multiplier: str, base: str) -> bool:
    """The rule itself, in exact decimal arithmetic: |value × multiplier − base| ≤ |value × multiplier| × 1e-9."""
    v, m, b = _decimal(value), _decimal(multiplier), _decimal(base)
    return not (v is None or m is None or b is None or abs(v * m - b) > abs(v * m) * Decimal("1e-9"))


def _surely_consistent(pkg) -> np.ndarray:
    """Rows that pass _consistent, decided in floating point for the whole column at once.

    Only plain decimals (no exponent, at most 20 digits either side of the point) are decided
    here: they parse to floats within a few ulps and far from overflow. A row passes when the
    float difference is below the tolerance by more than a bound on the rounding error (16 ulps
    of the operands), so the float verdict is the exact one; every other row, about-equal ones
    included, goes to the exact Decimal test.
    """
    figures = pkg.table("figures")
    plain = np.ones(len(figures), dtype=bool)
    for column in ("value", "multiplier", "base_value"):
        plain &= figures[column].str.fullmatch(_PLAIN).to_numpy(dtype=bool)
    v, m, b = (pkg.numbers("figures", column).to_numpy(dtype=float) for column in ("value", "multiplier", "base_value"))
    with np.errstate(invalid="ignore"):
        product = v * m
        slack = 16 * np.finfo(float).eps * (np.abs(product) + np.abs(b))
        return plain & (np.abs(product - b) + 2 * slack <= np.abs(product) * 1e-9)


@check("units.one_base_per_indicator", "units", "Each indicator uses one base unit across all its figures and in the codelist.")
def one_base(pkg):
    figures = pkg.table("figures")
    linked = figures[figures["indicator_id"] != ""]
    declared = dict(zip(pkg.table("indicators")["indicator_id"], pkg.table("indicators")["base_unit"]))
    failures = []
    # Without a declared base, the rule is one base within a report: a panel's reports apart.
    keys = ["report_id", "indicator_id"] if "report_id" in linked.columns else ["indicator_id"]
    stated = linked["indicator_id"].map(declared).fillna("")
    expected = stated.where(stated != "", linked.groupby(keys, sort=False)["base_unit"].transform("first"))
    for i in linked.index[linked["base_unit"] != expected]:
        failures.append(Failure("units.one_base_per_indicator", "figures", line(i), "base_unit", linked.at[i, "base_unit"],
                                f"indicator {linked.at[i, 'indicator_id']} is in {expected[i]}", pkg.quote(linked.loc[i])))
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
    for i in figures.index[_maybe_other_multiplier(figures, by_unit)]:
        unit, multiplier = figures.at[i, "unit"], figures.at[i, "multiplier"]
        if _decimal(by_unit[unit]) != _decimal(multiplier):
            failures.append(Failure("units.magnitude", "figures", line(i), "multiplier", multiplier,
                                    f"unit {unit} has multiplier {by_unit[unit]} in units.csv", pkg.quote(figures.loc[i])))
    return len(units) + len(figures), failures


def _maybe_other_multiplier(figures, by_unit: dict) -> pd.Series:
    """Figures of a known unit whose multiplier is not the very same plain decimal text as the unit's.

    Equal plain text is an equal Decimal, so only the other rows need the Decimal comparison.
    """
    expected = figures["unit"].map(by_unit)
    known = figures["unit"].isin(list(by_unit))
    same = (figures["multiplier"] == expected.where(known, "")) & figures["multiplier"].str.fullmatch(_PLAIN)
    return known & ~same
