#!/usr/bin/env python3
"""Score the results a panel finds against the labels of the mirror (tests/labels/mirror/README.md says which are still held out).

Run it with the interpreter of the code to score, on a whole-corpus panel that code built:

    gwrdata build recipes/china-gwr --corpus ../shared/mirror --out /tmp/panel
    python scripts/score_results.py /tmp/panel

and the same with another checkout's interpreter and panel to compare. It prints figures only:

- the share of targets with a next-year report whose result is ``not_stated``, and the
  result_status counts;
- national (tests/labels/mirror/national.csv): for each labelled indicator and year with a
  communiqué value, whether the panel's State Council result is within 0.1 of it, and whether
  the panel's outcome is the one the codebook's rule gives for the labelled target and the
  communiqué value;
- targets-a/b and, apart, targets-g, targets-h, targets-i and targets-j (tests/labels/mirror/targets-*.csv): the GDP result of the year before that each
  labelled report states, read from that report by the code running this script (its headline
  result row, else what its review states of GDP growth, as a panel pairs them), against
  gdp_result_value: right (within 0.1), wrong, missed; and, where the label has no value, whether
  the code gives none too.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from decimal import Decimal, InvalidOperation
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "tests" / "labels" / "mirror"
MIRROR = ROOT.parent / "shared" / "mirror"
NATIONAL = {"gdp": ["gdp"], "cpi": ["cpi"], "urban_jobs": ["new_urban_jobs"],
            "unemployment": ["urban_unemployment_registered", "urban_unemployment_surveyed"]}


def rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def number(text: str) -> Decimal | None:
    try:
        return Decimal(str(text).strip()) if str(text).strip() != "" else None
    except InvalidOperation:
        return None


def close(a, b) -> bool:
    a, b = number(a), number(b)
    return a is not None and b is not None and abs(a - b) <= Decimal("0.1")


def not_stated(panel: Path) -> None:
    attainment = rows(panel / "data" / "attainment.csv")
    have = {(r["government"], int(r["year"])) for r in rows(panel / "data" / "reports.csv")}
    following = [r for r in attainment if (r["government"], int(r["year"]) + 1) in have]
    missing = sum(r["outcome"] == "not_stated" for r in following)
    print(f"targets {len(attainment)}; with a next-year report {len(following)}; "
          f"not_stated {missing} ({100 * missing / len(following):.1f}%)")
    # a result stated that cannot decide the target (result_status level: the year's level only)
    unstated = sum(r["result_status"] == "not_stated" for r in following)
    print(f"  of which result_status not_stated {unstated} ({100 * unstated / len(following):.1f}%)")
    print("result_status:", dict(sorted(Counter(r["result_status"] for r in attainment).items())))
    print("outcome:", dict(sorted(Counter(r["outcome"] for r in attainment).items())))


def national(panel: Path) -> None:
    from gwrdata.package.outcome import judge, sense_of

    senses = {r["indicator_id"]: r["sense"] for r in rows(panel / "data" / "indicators.csv")}
    ours = {}
    for row in rows(panel / "data" / "attainment.csv"):
        if row["government"] == "国务院":
            ours[(row["indicator_id"], int(row["year"]))] = row
    counts = Counter()
    for label in rows(LABELS / "national.csv"):
        if label["communique_value"] == "":
            continue
        year = int(label["year"])
        candidates = [ours[(i, year)] for i in NATIONAL[label["indicator"]] if (i, year) in ours]
        row = next((r for r in candidates if close(r["target_value"], label["target_value"])), candidates[0] if candidates else None)
        counts["labelled"] += 1
        if row is None:
            counts["no target row"] += 1
            continue
        counts["result within 0.1" if close(row["result_value"], label["communique_value"]) else
               "result not stated" if row["result_value"] == "" else "result wrong"] += 1
        if label["target_value"] == "":
            continue
        indicator = row["indicator_id"]
        sense = sense_of(senses[indicator], label["target_qualifier"], row["target_direction"])
        target = {"value": label["target_value"], "value_to": label["target_value_to"], "qualifier": label["target_qualifier"],
                  "direction": row["target_direction"], "unit": row["unit"]}
        result = {"value": label["communique_value"], "direction": row["target_direction"], "unit": row["unit"]}
        expected = judge(target, result, sense)[0]
        counts["outcomes labelled"] += 1
        counts["outcome right" if row["outcome"] == expected else "outcome wrong"] += 1
    print("national:", ", ".join(f"{key} {value}" for key, value in counts.items()))


def report_gdp_result(path: Path, year: int) -> dict | None:
    """The GDP result of year-1 the report states, as a panel takes it: the headline result
    row, else the review's statement of GDP growth (or words), else None."""
    from gwrdata.package.recipe import Recipe
    from gwrdata.package.transform import tables

    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        recipe = Recipe(Path(folder), {"name": "score", "version": "1.0.0", "title_zh": "score", "title_en": "",
                                       "source": {"path": str(path), "report_year": year}})
        data, _, _, table = tables(recipe)
        stated = table.stated()
    headline = [r for r in data["headline"] if r["indicator_id"] == "gdp" and r["status"] in ("actual", "estimate")]
    with_value = [r for r in headline if str(r["value"]) != ""]
    if with_value:
        return with_value[0]
    growth = [r for r in stated if r["indicator_id"] == "gdp" and r["measure"] == "growth_rate" and str(r["value"]) != ""]
    if growth:
        return growth[0]
    # A level only (2015年全市生产总值16538亿元) is paired with no value (result_status level); so is
    # a figure of any other measure (国内生产总值占全市的比重达到40.2%: a share), as the panel pairs a
    # growth target only with a growth rate.
    return (headline + [dict(r, value="") for r in stated if r["indicator_id"] == "gdp"] or [None])[0]


def samples() -> None:
    for group in (("targets-a.csv", "targets-b.csv"), ("targets-g.csv",), ("targets-h.csv",), ("targets-i.csv",), ("targets-j.csv",), ("targets-k.csv",)):
        sample(group)


def sample(group: tuple[str, ...]) -> None:
    counts = Counter()
    for name in group:
        for label in rows(LABELS / name):
            found = report_gdp_result(MIRROR / label["path"], int(label["year"]))
            value = "" if found is None else str(found["value"])
            if label["gdp_result_value"] != "":
                counts["labelled with a value"] += 1
                counts["right" if close(value, label["gdp_result_value"]) else "missed" if value == "" else "wrong"] += 1
            else:
                counts["labelled without a value"] += 1
                counts["none given (right)" if value == "" else "a value given (wrong)"] += 1
    print(f"{'/'.join(name[:-4] for name in group)} GDP results:", ", ".join(f"{key} {value}" for key, value in counts.items()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("panel", type=Path, help="a whole-corpus panel built by the code that runs this script")
    args = parser.parse_args()
    if not (args.panel / "data" / "attainment.csv").is_file():
        print(f"{args.panel}: no data/attainment.csv: build the panel first (gwrdata build recipes/china-gwr --corpus DIR --out {args.panel})",
              file=sys.stderr)
        return 2
    import gwrdata

    print(f"gwrdata {gwrdata.__version__} at {Path(gwrdata.__file__).parent}")
    not_stated(args.panel)
    national(args.panel)
    samples()
    return 0


if __name__ == "__main__":
    sys.exit(main())
