"""Build, validate and release every report of the development corpus; print the figures.

    GWRDATA_CORPUS=../shared/corpus python3 scripts/release_corpus.py [--per-level N]

Everything is written to a temporary folder and removed afterwards. Prints, per level: reports
built, valid, released, and GDP targets in the headline table, with the wall time of each stage.
The CI test (tests/test_corpus_release.py) releases 20 per level; this releases all of them.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")


def main() -> int:
    from corpus_build import LEVELS, build_and_validate, corpus_folder, release_some
    from gwrdata.checks.validate import Validator

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-level", type=int, default=1000, help="release at most this many reports of each level")
    args = parser.parse_args()
    folder = corpus_folder()
    if not (folder / "index.csv").exists():
        print(f"no corpus at {folder}: set GWRDATA_CORPUS", file=sys.stderr)
        return 2
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="gwrdata-corpus-") as tmp, Validator() as validator:
        corpus = build_and_validate(folder, Path(tmp), validator)
        t = time.perf_counter()
        outcomes = release_some(corpus, Path(tmp) / "dist", args.per_level, validator)
        release_seconds = time.perf_counter() - t
        total, built, valid, released, gdp = Counter(), Counter(), Counter(), Counter(), Counter()
        for report in corpus.reports.values():
            total[report.level] += 1
            if report.error:
                print(f"  build failed: {report.file}: {report.error.strip().splitlines()[-1]}")
                continue
            built[report.level] += 1
            valid[report.level] += report.report.valid
            if not report.report.valid:
                failed = [f"{r.name} ({len(r.failures)})" for r in report.report.results if r.failures]
                print(f"  invalid: {report.file}: {', '.join(failed)}")
            gdp[report.level] += any(r["indicator_id"] == "gdp" and r["status"] == "target" and r["value"]
                                     for r in report.table("headline"))
            outcome = outcomes.get(report.file)
            if outcome is not None:
                released[report.level] += outcome["status"] == "released"
                if outcome["status"] != "released":
                    print(f"  not released: {report.file}: {outcome.get('failed', outcome.get('status'))}")
        tried = Counter(corpus.reports[file].level for file in outcomes)
        print("level        reports  built  valid  released/tried  GDP target with a value")
        for level in LEVELS:
            print(f"{level:<12} {total[level]:>7} {built[level]:>6} {valid[level]:>6} {released[level]:>8}/{tried[level]:<6} {gdp[level]:>6}")
        print(f"all          {sum(total.values()):>7} {sum(built.values()):>6} {sum(valid.values()):>6} "
              f"{sum(released.values()):>8}/{sum(tried.values()):<6} {sum(gdp.values()):>6}")
        print(f"seconds: build {corpus.seconds['build']:.1f}, validate {corpus.seconds['validate']:.1f}, "
              f"release {release_seconds:.1f}, total {time.perf_counter() - started:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
