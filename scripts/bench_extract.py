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

    # The scan is short, so it is timed three times and the fastest counts (a scheduler's
    # hiccup would otherwise inflate the ratio).
    bare = bare_cpu = float("inf")
    for _ in range(3):
        start, cpu_start = time.perf_counter(), time.process_time()
        digits = sum(1 for _ in re.finditer(r"[0-9０-９]+", text))
        bare, bare_cpu = min(bare, time.perf_counter() - start), min(bare_cpu, time.process_time() - cpu_start)

    start = time.perf_counter()
    cpu = time.process_time()
    result = extract(text, 2024, name=args.corpus.name + ".md" if args.corpus else SOURCE.name)
    wall = time.perf_counter() - start
    cpu = time.process_time() - cpu
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    what = f"the {len(list(args.corpus.glob('*_*.md')))} reports of {args.corpus}" if args.corpus else "the Shenyang report"
    print(f"text: {len(text):,} characters ({len(text) // len(one)} copies of {what})")
    print(f"bare regex scan: {len(text) / bare:,.0f} chars/s ({digits:,} digit runs)")
    print(f"extract: {len(text) / wall:,.0f} chars/s wall, {len(text) / cpu:,.0f} chars/s CPU "
          f"({wall:.2f} s; {len(result.figures):,} figures, {len(result.exclusions):,} exclusions)")
    # CPU time is the fair measure on a shared machine: wall time counts other processes' turns.
    print(f"ratio: extract takes {cpu / bare_cpu:.1f}x the bare scan's CPU time ({wall / bare:.1f}x its wall time; goal: within 20x)")
    print(f"peak resident memory of the process: {rss:,.0f} MiB (text alone: {len(text) * 4 / 2**20:,.0f} MiB at most)")
    if args.memory:
        tracemalloc.start()
        extract(text, 2024)
        _, peak = tracemalloc.get_traced_memory()
        print(f"peak traced Python allocation during extract: {peak / 2**20:,.0f} MiB")


if __name__ == "__main__":
    main()
