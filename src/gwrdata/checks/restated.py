"""Derived columns: signed values, headline names and the targets-beside-results view restate
other cells, and a restatement that disagrees with its source misleads more than a gap would."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import numpy as np

from . import Failure, check, line


def _decimal(text: str):
    try:
        return Decimal(text)
    except (InvalidOperation, TypeError):
        return None


@check("cross.signed_value", "cross_table", "signed_value is value, negated when direction is down (figures and headline).")
def signed_value(pkg):
    failures, checked = [], 0
    for resource in ("figures", "headline"):
        table = pkg.table(resource)
        checked += len(table)
        for i in table.index[~_surely_signed(table)]:
            value, signed = table.at[i, "value"], table.at[i, "signed_value"]
            if value == "" and signed == "":
                continue
            a, b = _decimal(value), _decimal(signed)
            expected = None if a is None else (-a if table.at[i, "direction"] == "down" else a)
            if expected is None or b is None or b != expected:
                failures.append(Failure("cross.signed_value", resource, line(i), "signed_value", signed,
                                        f"value {value} with direction {table.at[i, 'direction'] or '(none)'} has signed_value "
                                        f"{expected if expected is not None else 'empty'}",
                                        pkg.quote(table.loc[i]) if resource == "figures" else ""))
    return checked, failures


_UNSIGNED = r"[0-9]{1,20}(?:\.[0-9]{1,20})?"


def _surely_signed(table) -> np.ndarray:
    """Rows whose signed_value is, character for character, the value (or the value with a
    minus sign where the direction is down), for a plain unsigned decimal value: these pass the
    exact test; every other row (a sign, an exponent, 5.0 beside 5, a blank) goes to it."""
    value, signed = table["value"], table["signed_value"]
    down = (table["direction"] == "down").to_numpy(dtype=bool)
    expected = np.where(down, "-" + value.to_numpy(dtype=object), value.to_numpy(dtype=object))
    plain = value.str.fullmatch(_UNSIGNED).to_numpy(dtype=bool)
    return plain & (signed.to_numpy(dtype=object) == expected)


@check("cross.headline_names", "cross_table", "Every headline row's name_zh and name_en are its indicator's.")
def headline_names(pkg):
    headline = pkg.table("headline")
    names = pkg.table("indicators").set_index("indicator_id")
    failures = []
    for i in headline.index:
        indicator = headline.at[i, "indicator_id"]
        for column in ("name_zh", "name_en"):
            want = names.at[indicator, column] if indicator in names.index else ""
            if headline.at[i, column] != want:
                failures.append(Failure("cross.headline_names", "headline", line(i), column, headline.at[i, column],
                                        f"indicator {indicator} is named {want!r} in indicators"))
    return len(headline), failures


_RESULT = ("actual", "estimate", "not_stated")


@check("cross.targets_results", "cross_table", "targets_results restates headline: one row per indicator with a target, "
       "its result's and target's years, statuses, signed values, qualifiers and texts, and change = target − result.")
def targets_results(pkg):
    wide = pkg.table("targets_results")
    headline = pkg.table("headline")
    failures = []
    by_key = {(r["indicator_id"], r["status"]): r for r in headline.to_dict("records")}
    targeted = list(dict.fromkeys(headline.loc[headline["status"] == "target", "indicator_id"]))
    seen = list(wide["indicator_id"])
    for indicator in targeted:
        if indicator not in seen:
            failures.append(Failure("cross.targets_results", "targets_results", None, "indicator_id", indicator,
                                    "a headline indicator with a target has no row"))
    for i in wide.index:
        row = wide.loc[i]
        target = by_key.get((row["indicator_id"], "target"))
        result = next((by_key[(row["indicator_id"], s)] for s in _RESULT if (row["indicator_id"], s) in by_key), None)
        if target is None or result is None:
            failures.append(Failure("cross.targets_results", "targets_results", line(i), "indicator_id", row["indicator_id"],
                                    "no target and result rows in headline for this indicator"))
            continue
        pairs = [("result_year", result["year"]), ("result_status", result["status"]), ("result_value", result["signed_value"]),
                 ("result_qualifier", result["qualifier"]), ("result_text", result["text"]), ("result_figure_id", result["figure_id"]),
                 ("target_year", target["year"]), ("target_value", target["signed_value"]), ("target_qualifier", target["qualifier"]),
                 ("target_text", target["text"]), ("target_figure_id", target["figure_id"]),
                 ("name_zh", target["name_zh"]), ("name_en", target["name_en"])]
        for column, want in pairs:
            if row[column] != want:
                failures.append(Failure("cross.targets_results", "targets_results", line(i), column, row[column],
                                        f"headline says {want!r}"))
        a, b = _decimal(result["signed_value"]), _decimal(target["signed_value"])
        want = b - a if a is not None and b is not None and result["unit"] == target["unit"] else None
        got = _decimal(row["change"]) if row["change"] != "" else None
        if want != got:
            failures.append(Failure("cross.targets_results", "targets_results", line(i), "change", row["change"],
                                    f"target − result is {want if want is not None else 'empty (not both numbers in one unit)'}"))
    return len(wide) + len(targeted), failures
