"""Benchmark: building a panel of 1,000 and 5,000 reports (the corpus repeated under new names).

Prints wall time, reports per second and peak RSS for each size (each build runs in a fresh
process, so its peak is its own), how flat the peak stays from the smallest to the largest size,
and the ratio of building the 155-report corpus panel to a batch `gwrdata extract` of the same
155 reports, both measured in this run. Ends with a projection to a national panel of 60,000.

    GWRDATA_CORPUS=/work/shared/corpus python scripts/bench_panel.py [--sizes 1000 5000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("GWRDATA_CORPUS") or ROOT / ".." / "shared" / "corpus").resolve()


def corpus_rows() -> list[dict]:
    with open(CORPUS / "index.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_manifest(folder: Path, size: int) -> Path:
    """``size`` reports: the corpus over and over, copy k's governments renamed 沈阳市~k."""
    rows = corpus_rows()
    manifest = folder / f"manifest-{size}.csv"
    with open(manifest, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["path", "government", "year", "level"])
        for n in range(size):
            row = rows[n % len(rows)]
            copy = n // len(rows)
            government = row["government"] if copy == 0 else f"{row['government']}~{copy}"
            writer.writerow([str(CORPUS / row["file"]), government, row["year"], row["level"]])
    return manifest


def child(size: int, folder: Path) -> None:
    """Init and build one panel in this process; print its figures as JSON."""
    from gwrdata.package import recipe as recipes
    from gwrdata.package.build import build

    manifest = write_manifest(folder, size)
    t0 = time.perf_counter()
    recipe = recipes.init_panel(folder / f"panel-{size}", manifest, f"bench-{size}")
    t1 = time.perf_counter()
    package = build(recipe, folder / f"pkg-{size}")
    t2 = time.perf_counter()
    rows = {}
    for r in package["resources"]:
        if "schema" in r:
            with open(folder / f"pkg-{size}" / r["path"], encoding="utf-8") as handle:
                rows[r["name"]] = sum(1 for _ in handle) - 1
    size_bytes = sum(p.stat().st_size for p in (folder / f"pkg-{size}").rglob("*") if p.is_file())
    print(json.dumps({"reports": size, "init_s": t1 - t0, "build_s": t2 - t1, "rows": rows, "bytes": size_bytes,
                      "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def run_child(size: int, folder: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    done = subprocess.run([sys.executable, __file__, "--child", str(size), "--work", str(folder)],
                          capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise SystemExit(f"the build of {size} reports failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def baseline(folder: Path) -> float:
    """Seconds for a batch extraction of the 155 corpus reports (one process, as the panel build)."""
    from gwrdata.extract.batch import run

    paths = [str(CORPUS / row["file"]) for row in corpus_rows()]
    t0 = time.perf_counter()
    outcomes = run(paths, folder / "extract", None, None, jobs=1, progress=False)
    seconds = time.perf_counter() - t0
    failed = [o for o in outcomes if not o.ok]
    if failed:
        raise SystemExit(f"baseline extraction failed: {failed[0].error}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--keep", help="keep the built panels in this folder")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--work", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, Path(args.work))
        return
    if not (CORPUS / "index.csv").is_file():
        raise SystemExit(f"no corpus at {CORPUS}: set GWRDATA_CORPUS")
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="gwrdata-bench-panel-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        corpus_size = len(corpus_rows())
        extract_s = baseline(work)
        print(f"baseline: gwrdata extract of the {corpus_size} corpus reports (batch, 1 process): {extract_s:.1f} s")
        corpus = run_child(corpus_size, work)
        ratio = corpus["build_s"] / extract_s
        print(f"panel of the same {corpus_size} reports: build {corpus['build_s']:.1f} s (init {corpus['init_s']:.1f} s), "
              f"{ratio:.2f}x the batch extraction (target <= 5x); peak RSS {corpus['peak_rss_mb']:.0f} MB")
        results = []
        for size in args.sizes:
            shutil.rmtree(work / f"pkg-{corpus_size}", ignore_errors=True)
            r = run_child(size, work)
            results.append(r)
            print(f"{size:>6} reports: build {r['build_s']:.1f} s, {size / r['build_s']:.1f} reports/s, "
                  f"peak RSS {r['peak_rss_mb']:.0f} MB, {r['rows']['figures']} figures, "
                  f"{r['rows']['attainment']} attainment rows, package {r['bytes'] / 1e6:.0f} MB (init {r['init_s']:.1f} s)")
            shutil.rmtree(work / f"pkg-{size}", ignore_errors=True)
        if len(results) > 1:
            first, last = results[0], results[-1]
            growth = last["peak_rss_mb"] / first["peak_rss_mb"] - 1
            print(f"peak RSS from {first['reports']} to {last['reports']} reports: {growth:+.1%} (target: within 20%)")
            rate = last["reports"] / last["build_s"]
            per_report = last["bytes"] / last["reports"]
            per_figures = last["rows"]["figures"] / last["reports"]
            print(f"projection to 60,000 reports at {rate:.1f} reports/s: {60000 / rate / 3600:.1f} h in one process, "
                  f"about {60000 * per_figures / 1e6:.1f} million figures, package {60000 * per_report / 1e9:.1f} GB, "
                  f"peak RSS about {last['peak_rss_mb']:.0f} MB (flat)")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
