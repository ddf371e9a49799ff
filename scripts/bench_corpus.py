#!/usr/bin/env python3
"""Benchmark: build, validate and release the whole-corpus panel (recipes/china-gwr), step by step.

Each step is a fresh `gwrdata` process; the table gives its wall time and its peak resident
memory (the kernel's accounting of that process alone), and the ratio of its time to a batch
`gwrdata extract` of the same reports run first, in the same run (the baseline: reading every
report, with nothing of the package). Everything is written into a temporary folder and removed.

    GWRDATA_MIRROR=../shared/mirror python3 scripts/bench_corpus.py [--jobs 1]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MIRROR = Path(os.environ.get("GWRDATA_MIRROR") or ROOT.parent / "shared" / "mirror").resolve()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=1, help="processes for the batch extract (default 1, as the build)")
    args = parser.parse_args()
    if not (MIRROR / "reports.csv").is_file():
        print(f"no mirror at {MIRROR}: set GWRDATA_MIRROR", file=sys.stderr)
        return 2
    with open(MIRROR / "reports.csv", encoding="utf-8", newline="") as handle:
        files = [MIRROR / r["path"] for r in csv.DictReader(handle) if int(r["year"]) >= 2000 and not r["suffix"]]
    with tempfile.TemporaryDirectory(prefix="gwrdata-bench-corpus-") as tmp:
        tmp = Path(tmp)
        listing = tmp / "files.txt"
        listing.write_text("\n".join(map(str, files)), encoding="utf-8")
        rows = []
        # Each step in a fresh Python process that reports its own child's peak (run_measured):
        # RUSAGE_CHILDREN of this process would keep the largest of all steps.
        for name, argv in (
            ("batch extract (baseline)", ["extract", *map(str, files), "--out", str(tmp / "extract"), "--jobs", str(args.jobs), "--json"]),
            ("build", ["build", str(ROOT / "recipes" / "china-gwr"), "--corpus", str(MIRROR), "--out", str(tmp / "pkg"), "--json"]),
            ("validate --sources", ["validate", str(tmp / "pkg"), "--sources", str(MIRROR), "--json"]),
            ("release (build, validate, bundle)", ["release", str(ROOT / "recipes" / "china-gwr"), "--corpus", str(MIRROR),
                                                   "--dist", str(tmp / "dist"), "--json"]),
        ):
            wall, peak = run_measured(argv)
            rows.append((name, wall, peak))
            print(f"  {name}: {wall:.1f} s, peak {peak:.0f} MB", flush=True)
        base = rows[0][1]
        print(f"\n{len(files)} reports from 2000 on, {os.cpu_count()} cores")
        print(f"{'step':<36} {'seconds':>8} {'peak MB':>8} {'× extract':>10}")
        for name, wall, peak in rows:
            print(f"{name:<36} {wall:>8.1f} {peak:>8.0f} {wall / base:>10.2f}")
        total = sum(wall for name, wall, _ in rows[1:3]) + rows[3][1]
        print(f"{'build + validate + release':<36} {total:>8.1f} {max(p for _, _, p in rows[1:]):>8.0f} {total / base:>10.2f}")
        released = sorted((tmp / "dist").glob("china-gwr-*"))
        if released:
            size = sum(p.stat().st_size for p in released[0].rglob("*") if p.is_file())
            print(f"release folder {released[0].name}: {size / 1e6:.1f} MB")
    return 0


def run_measured(argv: list[str]) -> tuple[float, float]:
    """Run one gwrdata command in a child that reports its own wall time and peak RSS (MB)."""
    code = ("import json, resource, subprocess, sys, time, os\n"
            "t = time.perf_counter()\n"
            "r = subprocess.run([sys.executable, '-m', 'gwrdata.cli', *json.loads(sys.stdin.read())], capture_output=True,"
            " env=dict(os.environ, GX_ANALYTICS_ENABLED='False'))\n"
            "wall = time.perf_counter() - t\n"
            "if r.returncode not in (0, 1): sys.exit(r.stderr.decode('utf-8', 'replace')[-400:])\n"
            "print(json.dumps([wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024]))\n")
    # The arguments go through stdin: thousands of paths are more than one argument may hold.
    result = subprocess.run([sys.executable, "-c", code], input=json.dumps(argv), capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"gwrdata {argv[0]} failed: {result.stderr.strip()}")
    wall, peak = json.loads(result.stdout.strip().splitlines()[-1])
    return wall, peak


if __name__ == "__main__":
    sys.exit(main())
