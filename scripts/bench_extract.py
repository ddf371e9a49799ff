#!/usr/bin/env python3
"""Benchmark: extraction throughput (characters per second) and peak memory on one core.

The Shenyang report is repeated into one text of at least --chars characters (default 10 M),
then extracted once. Prints the figures; asserts nothing (a benchmark, not a test).
Baseline for comparison: a bare regex scan for digits over the same text.
"""

from __future__ import annotations

import argparse
import re
import resource
import statistics
import time
import tracemalloc
from pathlib import Path

from gwrdata.extract.figures import extract

SOURCE = Path(__file__).resolve().parent.parent / "datapackage" / "sources" / "shenyang-2024-government-work-report.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--chars", type=int, default=10_000_000)
    parser.add_argument("--memory", action="store_true", help="also trace Python allocations (slower run)")
    parser.add_argument("--corpus", type=Path, help="repeat this folder's .md reports instead of the Shenyang text")
    args = parser.parse_args()
    if args.corpus:
        one = "\n".join(path.read_text(encoding="utf-8") for path in sorted(args.corpus.glob("*_*.md")))
    else:
        one = SOURCE.read_text(encoding="utf-8")
    text = one * (args.chars // len(one) + 1)

    # The bare scan is short and its speed on a shared machine comes and goes (its CPU time has
    # been seen to differ twofold from one run to the next), so it is timed three times before
    # the extraction and three times after, and the ratio is given against the median of the six
    # (and against the fastest, the least favourable to the extraction).
    scans: list[float] = []

    def bare_scans() -> int:
        for _ in range(3):
            cpu_start = time.process_time()
            count = sum(1 for _ in re.finditer(r"[0-9０-９]+", text))
            scans.append(time.process_time() - cpu_start)
        return count

    digits = bare_scans()
    start = time.perf_counter()
    cpu = time.process_time()
    result = extract(text, 2024, name=args.corpus.name + ".md" if args.corpus else SOURCE.name)
    wall = time.perf_counter() - start
    cpu = time.process_time() - cpu
    bare_scans()
    bare_cpu, fastest = statistics.median(scans), min(scans)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    what = f"the {len(list(args.corpus.glob('*_*.md')))} reports of {args.corpus}" if args.corpus else "the Shenyang report"
    print(f"text: {len(text):,} characters ({len(text) // len(one)} copies of {what})")
    print(f"bare regex scan: {len(text) / bare_cpu:,.0f} chars/s CPU, median of 6 ({digits:,} digit runs; "
          f"fastest {min(scans):.3f} s, slowest {max(scans):.3f} s)")
    print(f"extract: {len(text) / wall:,.0f} chars/s wall, {len(text) / cpu:,.0f} chars/s CPU "
          f"({wall:.2f} s; {len(result.figures):,} figures, {len(result.exclusions):,} exclusions)")
    # CPU time is the fair measure on a shared machine: wall time counts other processes' turns.
    print(f"ratio: extract takes {cpu / bare_cpu:.1f}x the bare scan's median CPU time "
          f"({cpu / fastest:.1f}x its fastest; goal: within 20x)")
    print(f"peak resident memory of the process: {rss:,.0f} MiB (text alone: {len(text) * 4 / 2**20:,.0f} MiB at most)")
    if args.memory:
        tracemalloc.start()
        extract(text, 2024)
        _, peak = tracemalloc.get_traced_memory()
        print(f"peak traced Python allocation during extract: {peak / 2**20:,.0f} MiB")


if __name__ == "__main__":
    main()
