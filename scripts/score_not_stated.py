#!/usr/bin/env python3
"""Score a panel's results on the targets labelled by reading whether the next report states them.

Run it with the interpreter of the code to score, on a whole-corpus panel that code built:

    gwrdata build recipes/china-gwr --corpus ../shared/mirror --out /tmp/panel
    python scripts/score_not_stated.py /tmp/panel

Each sample of tests/labels/mirror/ (``not-stated-sample*.csv`` and its labels
``not-stated*.csv``) was drawn from the ``not_stated`` rows of an earlier release; the labels say
whether the next report states the result (a figure, or words) and quote it. For each sample the
script prints figures only:

- stated: how many the panel now gives a result for, and of those how many at the labelled quote
  (the result's span overlaps the quote's); level-only results (a growth target whose next report
  gives only the year's level) are counted apart, since they cannot decide a growth target;
- not stated: how many the panel still leaves ``not_stated`` (right) and how many it gives a result
  for anyway (wrong), each of the latter listed with its text;
- the share of the sample's rows that stay ``not_stated`` although the next report states them:
  the measure of "not_stated only where no later report states it".

The first two are development sets: the rules that find results were written reading
``not-stated.csv`` and, for china-gwr 3.0.1, the misses of ``not-stated-2.csv``. The third,
``not-stated-3.csv``, was drawn from china-gwr 3.4.0's ``not_stated`` rows; it was held out until
china-gwr 5.0.0, and its misses were read for 5.1.0 (six short names of indicators), so it is a
development set too. The fourth, ``not-stated-4.csv``, was drawn from china-gwr 5.2.0's
``not_stated`` rows and scored once held out (14 of 110 stated, 12.7%); its misses were read for
5.3.0, so it is a development set as well. The fifth, ``not-stated-5.csv``, was drawn from
china-gwr 5.3.0's ``not_stated`` rows and scored once held out (19 of 110 stated, 17.3%); its
misses were read for 5.4.0, so it is a development set too. The sixth, ``not-stated-6.csv``,
was drawn from china-gwr 5.5.0's ``not_stated`` rows (19.1% stated with that code) and is held
out but for two rows (46 and 92, listed by this script as given a result wrongly, then read for
china-gwr 6.0.0); none of its other rows has been read to change the toolkit.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "tests" / "labels" / "mirror"
MIRROR = ROOT.parent / "shared" / "mirror"
SAMPLES = (("not-stated-sample.csv", "not-stated.csv"), ("not-stated-sample-2.csv", "not-stated-2.csv"),
           ("not-stated-sample-3.csv", "not-stated-3.csv"), ("not-stated-sample-4.csv", "not-stated-4.csv"),
           ("not-stated-sample-5.csv", "not-stated-5.csv"), ("not-stated-sample-6.csv", "not-stated-6.csv"))


def rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def score(panel: Path, mirror: Path, sample: str, labels: str) -> None:
    attainment = {(r["government"], r["year"], r["indicator_zh"]): r for r in rows(panel / "data" / "attainment.csv")}
    drawn = {r["row"]: r for r in rows(LABELS / sample)}
    counts = {"rows": 0, "stated": 0, "stated, level only": 0, "found": 0, "found at the quote": 0,
              "level only found": 0, "missed": 0, "not stated": 0, "not stated, kept": 0, "not stated, given a result": 0}
    wrong = []
    for label in rows(LABELS / labels):
        target = drawn[label["row"]]
        row = attainment.get((target["government"], target["target_year"], target["indicator_zh"]))
        found = row is not None and row["outcome"] != "not_stated"
        counts["rows"] += 1
        if label["stated"] == "no":
            counts["not stated"] += 1
            counts["not stated, given a result" if found else "not stated, kept"] += 1
            if found:
                wrong.append(f"  row {label['row']} {target['government']} {target['target_year']} {target['indicator_zh']}: "
                             f"{row['outcome']} {row['result_value']} {row['result_text'][:60]}")
            continue
        # a level only: flagged at the start of the notes (sets 1-4) or as its own value of stated (set 5)
        level_only = label["stated"] == "level_only" or label["notes"].startswith("level_only")
        counts["stated, level only" if level_only else "stated"] += 1
        if not found:
            counts["missed"] += 0 if level_only else 1
            counts["level only missed"] = counts.get("level only missed", 0) + level_only
            continue
        counts["level only found" if level_only else "found"] += 1
        body = (mirror / target["next_report_path"]).read_text(encoding="utf-8")
        at = body.find(label["quote"]) if label["quote"] else -1
        start, end = int(row["result_text_start"] or -1), int(row["result_text_end"] or -1)
        if not level_only and at >= 0 and start < at + len(label["quote"]) and at < end:
            counts["found at the quote"] += 1
    print(f"{labels}: " + ", ".join(f"{key} {value}" for key, value in counts.items()))
    missed, left = counts["missed"], counts["missed"] + counts.get("level only missed", 0) + counts["not stated, kept"]
    print(f"  of the {left} rows still not_stated, stated by the next report: {missed} ({100 * missed / left:.1f}%), "
          f"{missed + counts.get('level only missed', 0)} ({100 * (missed + counts.get('level only missed', 0)) / left:.1f}%) "
          f"with level-only results; given a result the labels say is not stated: {counts['not stated, given a result']}")
    print("\n".join(wrong))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("panel", type=Path)
    parser.add_argument("--mirror", type=Path, default=MIRROR)
    args = parser.parse_args()
    for sample, labels in SAMPLES:
        score(args.panel, args.mirror, sample, labels)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
