#!/usr/bin/env python3
"""Benchmark: batch extraction of 10, 100 and 1,000 reports with 1 and 2 processes.

Each report is a copy of the Shenyang report (14,363 characters). Every run is a fresh
`gwrdata extract FOLDER --jobs N` process; the table gives wall time, reports and characters
per second, and the peak resident memory of the largest process. Prints figures only.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent / "datapackage" / "sources" / "shenyang-2024-government-work-report.txt"


def run(folder: Path, out: Path, jobs: int) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "gwrdata.cli", "extract", str(folder), "--out", str(out), "--year", "2024",
                    "--jobs", str(jobs), "--json"], check=True, capture_output=True)
    wall = time.perf_counter() - start
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    return wall, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, nargs="*", default=[10, 100, 1000])
    parser.add_argument("--jobs", type=int, nargs="*", default=[1, 2])
    args = parser.parse_args()
    chars = len(SOURCE.read_text(encoding="utf-8"))
    print(f"cores: {os.cpu_count()}; one report: {chars:,} characters")
    print(f"{'reports':>8} {'procs':>5} {'wall s':>8} {'reports/s':>10} {'chars/s':>12} {'peak MiB':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for count in args.reports:
            folder = Path(tmp) / f"in-{count}"
            folder.mkdir()
            for i in range(count):
                shutil.copyfile(SOURCE, folder / f"report-{i:04d}.txt")
            for jobs in args.jobs:
                out = Path(tmp) / f"out-{count}-{jobs}"
                wall, peak = run(folder, out, jobs)
                print(f"{count:>8} {jobs:>5} {wall:>8.2f} {count / wall:>10.1f} {count * chars / wall:>12,.0f} {peak:>9.0f}")
                shutil.rmtree(out)


if __name__ == "__main__":
    main()
