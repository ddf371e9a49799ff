#!/usr/bin/env python3
"""Benchmark: a report's year by its text against the mirror's file names, and the time it takes.

Reads every report of the mirror's reports.csv (../shared/mirror beside the repository, or
$GWRDATA_MIRROR), dates it with gwrdata.extract.dating.report_year and compares the result with
the year column. Prints agree / differ / undecided for the reports from --since on (default
2000) and for the earlier ones, the evidence that decided, every report whose text says another
year, and the time per report. Asserts nothing (a benchmark, not a test).
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from gwrdata.extract.dating import check, report_year

ROOT = Path(__file__).resolve().parent.parent


def mirror() -> Path:
    folder = Path(os.environ.get("GWRDATA_MIRROR") or ROOT.parent / "shared" / "mirror")
    if not (folder / "reports.csv").is_file():
        print(f"{folder}: no reports.csv. Fix: set GWRDATA_MIRROR to the mirror's folder", file=sys.stderr)
        sys.exit(2)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--since", type=int, default=2000, help="first year of the main count")
    parser.add_argument("--quiet", action="store_true", help="counts only, no list of differing reports")
    args = parser.parse_args()
    folder = mirror()
    with (folder / "reports.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))

    counts = {"recent": Counter(), "early": Counter()}
    evidence = {"recent": Counter(), "early": Counter()}
    late = {"recent": 0, "early": 0}   # agrees: filed by a November or December delivery
    differing: list[tuple[str, int, int, str]] = []
    times: list[float] = []
    chars = 0
    for row in rows:
        text = (folder / row["path"]).read_text(encoding="utf-8")
        chars += len(text)
        start = time.perf_counter()
        dating = report_year(text)
        times.append(time.perf_counter() - start)
        status, year, reason = check(int(row["year"]), dating)
        period = "recent" if int(row["year"]) >= args.since else "early"
        counts[period][status] += 1
        evidence[period][dating.evidence] += 1
        late[period] += status == "agrees" and dating.year != int(row["year"])
        if status == "differs":
            differing.append((row["path"], int(row["year"]), year, reason))

    for period, label in (("recent", f"{args.since} on"), ("early", f"before {args.since}")):
        total = sum(counts[period].values())
        line = ", ".join(f"{status} {counts[period][status]}" for status in ("agrees", "differs", "undecided"))
        kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(evidence[period].items(), key=lambda kv: -kv[1]))
        print(f"reports {label}: {total}: {line}")
        print(f"  agreeing by a late-year delivery (the text plans the next year): {late[period]}")
        print(f"  decided by: {kinds}")
    total = sum(times)
    print(f"time: {total:.2f} s for {len(rows)} reports ({chars / 1e6:.1f} M characters): "
          f"{1000 * total / len(rows):.2f} ms per report (median {1000 * statistics.median(times):.2f}, "
          f"max {1000 * max(times):.2f})")
    if not args.quiet:
        print(f"\nthe text says another year ({len(differing)}):")
        for path, filed, year, reason in differing:
            print(f"{path}\tfiled {filed}\ttext {year}\t{reason}")


if __name__ == "__main__":
    main()
