#!/usr/bin/env python3
"""Benchmark: validation time for the real package and for figures replicated to N rows.

A replicated package repeats the source text k times and shifts every span by k × its length,
so it is a valid package of the same shape (spans, digit coverage and keys all hold) with
about 192 × k figures. Prints wall seconds per stage: imports (what `gwrdata validate` imports
before it starts; great-expectations is imported inside its stage, frictionless inside its worker
processes), load, frictionless, great-expectations, gwrdata's checks, and the total from
interpreter start. Frictionless runs in worker processes while the main process loads the tables
and runs great-expectations and the checks, so the stages overlap and do not add up to the total.
A benchmark: it prints figures and asserts nothing.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "datapackage"
SHIFTED = {"figures": ("start", "end"), "exclusions": ("start", "end"), "source_issues": ("start", "end")}


def replicate(target: Path, rows: int) -> int:
    shutil.copytree(PACKAGE, target)
    descriptor = json.loads((target / "datapackage.json").read_text(encoding="utf-8"))
    source = next(r for r in descriptor["resources"] if r["name"] == "source_text")
    text = (target / source["path"]).read_text(encoding="utf-8")
    with open(target / "data" / "figures.csv", encoding="utf-8") as handle:
        per_copy = sum(1 for _ in handle) - 1
    copies = max(1, -(-rows // per_copy))
    (target / source["path"]).write_text(text * copies, encoding="utf-8")
    for name, (start, end) in SHIFTED.items():
        path = target / "data" / f"{name}.csv"
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            fields, original = reader.fieldnames, list(reader)
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
            writer.writeheader()
            for k in range(copies):
                shift = k * len(text)
                for row in original:
                    row = dict(row)
                    row[start], row[end] = str(int(row[start]) + shift), str(int(row[end]) + shift)
                    if "figure_id" in row:
                        row["figure_id"] = f"F{int(row['start']):06d}" if k else row["figure_id"]
                    if "issue_id" in row:
                        row["issue_id"] = f"{row['kind']}-{int(row['start']):06d}"
                    writer.writerow(row)
    digest = hashlib.sha256((target / source["path"]).read_bytes()).hexdigest()
    descriptor["gwrdata"]["source_sha256"] = digest
    for resource in descriptor["resources"]:
        data = (target / resource["path"]).read_bytes()
        resource["hash"], resource["bytes"] = "sha256:" + hashlib.sha256(data).hexdigest(), len(data)
    (target / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")
    return per_copy * copies


def measure(path: Path) -> dict:
    """Run the validation in a fresh interpreter so import time is counted as users see it."""
    code = (
        "import time, json, sys; t = time.perf_counter()\n"
        "from gwrdata.checks.validate import validate_package\n"
        "imports = time.perf_counter() - t\n"
        f"r = validate_package({str(path)!r})\n"
        "print(json.dumps({'imports': imports, **r.timings, 'valid': r.valid, 'total': time.perf_counter() - t}))\n"
    )
    env = dict(os.environ, GX_ANALYTICS_ENABLED="False")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, nargs="*", default=[100_000, 1_000_000])
    args = parser.parse_args()
    print(f"{'package':>22} {'figures':>9} {'imports':>8} {'load':>6} {'frictionless':>12} {'gx':>7} {'checks':>7} {'total':>7} valid")
    cases = [("real (Shenyang 2024)", PACKAGE / "datapackage.json", 192)]
    with tempfile.TemporaryDirectory() as tmp:
        for rows in args.rows:
            folder = Path(tmp) / f"x{rows}"
            made = replicate(folder, rows)
            cases.append((f"replicated {rows:,}", folder / "datapackage.json", made))
        for name, path, rows in cases:
            t = measure(path)
            print(f"{name:>22} {rows:>9,} {t['imports']:>8.1f} {t['load']:>6.1f} {t.get('frictionless', 0):>12.1f} "
                  f"{t.get('great_expectations', 0):>7.1f} {t['checks']:>7.1f} {t['total']:>7.1f} {t['valid']}")


if __name__ == "__main__":
    main()
