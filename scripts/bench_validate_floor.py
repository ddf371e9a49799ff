#!/usr/bin/env python3
"""Benchmark: what `gwrdata validate` costs in CI against its floor, in one run.

The floor is what any validation with both tools must pay on the same package: a fresh
interpreter importing great-expectations (scipy included), plus `frictionless validate` of the
package, each timed as its own process, added up. `gwrdata validate` runs the same frictionless
validation in worker processes while the main process imports great-expectations and runs the
suites and gwrdata's checks, so it can stay near that floor; the target is at most 1.3 × floor.

It also times `gwrdata validate` of N copies of the package in one run against N separate runs,
which shows the great-expectations import being paid once. Wall seconds, the median of
--repeat runs each. A benchmark: it prints figures and asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ENV = dict(os.environ, GX_ANALYTICS_ENABLED="False")


def wall(command: list[str], cwd: Path | None = None) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr[-500:]}")
    return seconds


def median(command: list[str], repeat: int, cwd: Path | None = None) -> float:
    return statistics.median(wall(command, cwd) for _ in range(repeat))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("package", nargs="?", default=str(ROOT / "datapackage"), help="package folder (default: datapackage/)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (the median is printed)")
    parser.add_argument("--copies", type=int, default=3, help="packages in the multi-package run")
    args = parser.parse_args()
    package = Path(args.package).resolve()
    descriptor = package / "datapackage.json"

    gx_import = median([sys.executable, "-c", "import great_expectations"], args.repeat)
    frictionless = median([str(BIN / "frictionless"), "validate", str(descriptor)], args.repeat)
    floor = gx_import + frictionless
    ours = median([str(BIN / "gwrdata"), "validate", str(package)], args.repeat)
    print(f"package: {package}")
    print(f"  great-expectations import      {gx_import:6.2f} s")
    print(f"  frictionless validate          {frictionless:6.2f} s")
    print(f"  floor (the two added)          {floor:6.2f} s")
    print(f"  gwrdata validate               {ours:6.2f} s")
    print(f"  ratio gwrdata / floor          {ours / floor:6.2f}   (target <= 1.30)")

    with tempfile.TemporaryDirectory() as tmp:
        copies = []
        for n in range(args.copies):
            copies.append(Path(tmp) / f"copy{n}")
            shutil.copytree(package, copies[-1])
        together = median([str(BIN / "gwrdata"), "validate", *map(str, copies)], args.repeat)
    print(f"  {args.copies} packages in one run         {together:6.2f} s   "
          f"({args.copies} separate runs: {args.copies * ours:.2f} s; per package {together / args.copies:.2f} s)")


if __name__ == "__main__":
    main()
