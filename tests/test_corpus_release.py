"""The corpus end to end: each of the 155 reports builds and validates, 20 of every level release
(all 5 national ones), and the headline table holds the GDP targets, scored against labels made
by reading the texts (tests/labels/corpus/gdp.csv).

All packages are validated by one Validator: great-expectations is imported once and run on the
tables of all packages together, and one frictionless worker serves every package, so the whole
module costs minutes, not the quarter of an hour 155 separate validations would.
"""

from __future__ import annotations

import csv
import time
from collections import Counter
from pathlib import Path

import pytest

from corpus_build import LEVELS, build_and_validate, corpus_folder, release_some

LABELS = Path(__file__).resolve().parent / "labels" / "corpus"
RELEASED_PER_LEVEL = 20


@pytest.fixture(scope="module")
def validator():
    from gwrdata.checks.validate import Validator

    with Validator() as shared:
        yield shared


@pytest.fixture(scope="module")
def built(tmp_path_factory, validator):
    folder = corpus_folder()
    if not (folder / "index.csv").exists():
        pytest.skip(f"the development corpus is not at {folder} (set GWRDATA_CORPUS to its folder)")
    corpus = build_and_validate(folder, tmp_path_factory.mktemp("corpus"), validator)
    print(f"\ncorpus: built {len(corpus.reports)} reports in {corpus.seconds['build']:.1f} s, "
          f"validated them in {corpus.seconds['validate']:.1f} s")
    return corpus


def _labels(name: str) -> list[dict]:
    with open(LABELS / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _per_level(counts: Counter, total: Counter) -> str:
    return ", ".join(f"{level} {counts[level]}/{total[level]}" for level in LEVELS)


def test_every_report_builds_and_validates(built):
    total, builds, valid = Counter(), Counter(), Counter()
    problems = []
    for report in built.reports.values():
        total[report.level] += 1
        if report.error:
            problems.append(f"{report.file}: build failed: {report.error.strip().splitlines()[-1]}")
            continue
        builds[report.level] += 1
        if report.report.valid:
            valid[report.level] += 1
        else:
            failed = [f"{r.name} ({len(r.failures)}: {r.failures[0].message} | {r.failures[0].quote})" for r in report.report.results if r.failures]
            problems.append(f"{report.file}: invalid: {'; '.join(failed[:3])}")
    print(f"\nbuild: {_per_level(builds, total)}\nvalid: {_per_level(valid, total)}")
    assert sum(total.values()) == 155
    assert not problems, "\n".join(problems[:30])


def test_twenty_reports_of_every_level_release(built, validator, tmp_path):
    t = time.perf_counter()
    outcomes = release_some(built, tmp_path / "dist", RELEASED_PER_LEVEL, validator)
    seconds = time.perf_counter() - t
    released, total = Counter(), Counter()
    for file, outcome in outcomes.items():
        level = built.reports[file].level
        total[level] += 1
        if outcome["status"] == "released":
            folder = Path(outcome["folder"])
            assert (folder / "manifest.json").is_file() and (folder / "SHA256SUMS").is_file()
            assert {f["name"] for f in outcome["files"]} >= {f"{folder.name}.xlsx", f"{folder.name}-csv.zip"}
            released[level] += 1
    print(f"\nreleased: {_per_level(released, total)} in {seconds:.1f} s")
    for level in LEVELS:
        assert total[level] == min(RELEASED_PER_LEVEL, sum(1 for b in built.reports.values() if b.level == level))
    refused = {file: o for file, o in outcomes.items() if o["status"] != "released"}
    assert not refused, refused
    assert not any(p.name.startswith(".release-") for p in (tmp_path / "dist").iterdir())


def test_every_report_with_a_target_paragraph_has_a_gdp_headline_row(built):
    """National 2020 set no growth target (labels: attainment.csv); every other report that has
    a target paragraph states GDP in it, in figures or in words."""
    no_target = {row["target_file"] for row in _labels("attainment.csv") if not row["target_value"] and row["target_quote"]
                 and "没有提出" in row["target_quote"]}
    found, with_gdp, missing = Counter(), Counter(), []
    for report in built.reports.values():
        if not report.descriptor["gwrdata"]["targets"]["found"]:
            continue
        found[report.level] += 1
        rows = [r for r in report.table("headline") if r["indicator_id"] == "gdp" and r["status"] == "target"]
        if rows:
            with_gdp[report.level] += 1
        elif report.file not in no_target:
            missing.append(report.file)
    print(f"\ntarget paragraph found: {_per_level(found, Counter(b.level for b in built.reports.values()))}"
          f"\nof those, with a GDP target row: {_per_level(with_gdp, found)}")
    assert not missing, missing


def test_gdp_targets_and_results_in_the_headline_against_the_labels(built):
    """Per level, the GDP target rows with a value; for the 54 provincial reports, target and
    result rows scored field by field against gdp.csv (value, qualifier, status, period)."""
    total, valued = Counter(), Counter()
    for report in built.reports.values():
        total[report.level] += 1
        rows = report.table("headline")
        if any(r["indicator_id"] == "gdp" and r["status"] == "target" and r["value"] for r in rows):
            valued[report.level] += 1
    scores, wrong = Counter(), []
    labels = _labels("gdp.csv")
    for label in labels:
        rows = [r for r in built.reports[label["file"]].table("headline") if r["indicator_id"] == "gdp"]
        if label["kind"] == "target":
            row = next((r for r in rows if r["status"] == "target"), None)
        else:
            row = next((r for r in rows if r["status"] != "target"), None)
        if label["status"] == "not_stated":
            right = row is None or not row["value"]
        else:
            right = (row is not None and row["value"] != "" and float(row["value"]) == float(label["value"])
                     and row["qualifier"] == label["qualifier"] and row["status"] == label["status"] and row["year"] == label["period"])
        scores[label["kind"]] += right
        if not right:
            wrong.append((label["file"], label["kind"], label["value"], row and (row["value"], row["qualifier"], row["status"], row["year"], row["note"][:60])))
    n = len(labels) // 2
    print(f"\nGDP target in the headline with a value: {_per_level(valued, total)}"
          f"\nprovincial GDP target right (value, qualifier, status, period): {scores['target']}/{n} = {scores['target'] / n:.0%}"
          f"\nprovincial GDP result right: {scores['result']}/{n} = {scores['result'] / n:.0%}")
    for item in wrong:
        print("  wrong:", item)
    # The goal: the provincial GDP target, and last year's result, right in ≥ 95% of the reports.
    assert scores["target"] / n >= FLOOR_TARGET and scores["result"] / n >= FLOOR_RESULT


FLOOR_TARGET = 0.95
FLOOR_RESULT = 0.95
