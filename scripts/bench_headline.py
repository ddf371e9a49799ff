#!/usr/bin/env python3
"""Benchmark: the headline table (the target paragraph, its items, the review's results) against
the extraction of the same reports, on one core.

Every --every'th report of the mirror's list from --from-year on (no second reports of a year) is
extracted, then its headline built from the extraction (``headline.build``, as ``transform.tables``
does); CPU time of each is summed over the reports, the headline's taken as the fastest of
--passes passes. Prints both and the ratio of the headline's time to the extraction's: run it
with two checkouts' interpreters to compare codes on the same reports. Prints figures only.

    .venv/bin/python scripts/bench_headline.py [--mirror DIR] [--every 5] [--passes 3]
"""

from __future__ import annotations

import argparse
import csv
import time
from pathlib import Path

from gwrdata.extract.figures import extract
from gwrdata.package import headline

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mirror", type=Path, default=ROOT.parent / "shared" / "mirror")
    parser.add_argument("--from-year", type=int, default=2000)
    parser.add_argument("--every", type=int, default=5)
    parser.add_argument("--passes", type=int, default=3)
    args = parser.parse_args()
    with open(args.mirror / "reports.csv", encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if not r["suffix"] and int(r["year"]) >= args.from_year][::args.every]
    extracted, chars, extract_cpu = [], 0, 0.0
    for row in rows:
        text = (args.mirror / row["path"]).read_text(encoding="utf-8")
        started = time.process_time()
        result = extract(text, int(row["year"]), name=Path(row["path"]).name)
        extract_cpu += time.process_time() - started
        extracted.append((text, result, int(row["year"])))
        chars += len(text)
    passes = []
    for _ in range(args.passes):
        spent = 0.0
        for text, result, year in extracted:
            figures = [dict(f) for f in result.figures]  # build sets indicator_id on the figures
            started = time.process_time()
            table = headline.build(None, text, figures, result.sections, year=year)
            table.stated()  # the review's results, as a panel reads them
            spent += time.process_time() - started
        passes.append(spent)
    found = sum(1 for text, result, year in extracted
                if headline.build(None, text, [dict(f) for f in result.figures], result.sections, year=year).paragraph)
    print(f"{len(rows)} reports ({chars:,} characters), every {args.every}th of {args.mirror} from {args.from_year}")
    print(f"extraction: {extract_cpu:.2f} s CPU")
    print(f"headline: {min(passes):.2f} s CPU (fastest of {args.passes}: {', '.join(f'{p:.2f}' for p in passes)}); "
          f"target paragraph found in {found}")
    print(f"ratio: the headline takes {min(passes) / extract_cpu:.3f} of the extraction's time")


if __name__ == "__main__":
    main()
