"""The whole-corpus release (recipes/china-gwr): rebuilt from the mirror, validated with its texts,
and compared byte for byte with the committed release; its size, coverage and quality table.

Runs where the mirror is at hand (../shared/mirror beside the checkout, or $GWRDATA_MIRROR), as
in CI; the rebuild reads all 2,909 reports from 2000 on, so it is the slowest test of the suite.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT
from gwrdata.package import recipe as recipes
from gwrdata.publish.release import release, releases

MIRROR = Path(os.environ.get("GWRDATA_MIRROR") or ROOT.parent / "shared" / "mirror").resolve()
DIST = ROOT / "dist"
NAME = "china-gwr"
BUDGET = 40_000_000  # bytes a committed version may take, every file of its folder included


def latest() -> Path:
    committed = releases(DIST, NAME)
    assert committed, f"dist/ holds no {NAME} release: run ./scripts/release with the mirror at hand and commit dist/"
    return committed[max(committed)]


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    """A release of the recipe into a dist/ that holds the committed versions (the latest's notes
    diff against the one before it): 'unchanged' means every byte the code builds today is the
    latest committed release's."""
    if not (MIRROR / "reports.csv").is_file():
        pytest.skip(f"no mirror at {MIRROR}")
    dist = tmp_path_factory.mktemp("china-gwr") / "dist"
    dist.mkdir()
    for folder in releases(DIST, NAME).values():
        shutil.copytree(folder, dist / folder.name)
    recipe = recipes.load(ROOT / "recipes" / NAME).with_corpus(MIRROR)
    return release(recipe, dist)


@pytest.mark.slow
def test_the_committed_release_is_exactly_what_the_code_builds(rebuilt):
    assert rebuilt["status"] == "unchanged", rebuilt
    assert rebuilt["valid"]


def test_the_committed_release_fits_the_budget():
    folder = latest()
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    assert size <= BUDGET, f"{folder.name} takes {size:,} bytes"
    names = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert not any(n.startswith("sources/") or "/sources/" in n for n in names)  # the texts stay in the mirror


def _bundle_rows(name: str) -> list[dict]:
    folder = latest()
    with zipfile.ZipFile(folder / f"{folder.name}-csv.zip") as archive:
        member = next(n for n in archive.namelist() if n.endswith(f"data/{name}.csv"))
        return list(csv.DictReader(io.StringIO(archive.read(member).decode("utf-8"))))


def test_the_release_holds_figures_as_parquet_only_and_validated_with_the_texts():
    folder = latest()
    with zipfile.ZipFile(folder / f"{folder.name}-csv.zip") as archive:
        names = archive.namelist()
        validation = json.loads(archive.read(next(n for n in names if n.endswith("validation.json"))))
    assert any(n.endswith("data/figures.parquet") for n in names)
    assert not any(n.endswith("data/figures.csv") for n in names)
    assert validation["valid"]
    assert not any(c.get("skipped") for c in validation["checks"])  # released after a validation with --sources
    spans = next(c for c in validation["checks"] if c["name"] == "panel.figure_spans")
    assert spans["passed"] > 500_000 and spans["failed"] == 0


def test_every_government_has_a_code_and_every_report_an_address():
    governments = _bundle_rows("governments")
    assert len(governments) > 300 and all(len(g["government_code"]) == 6 for g in governments)
    reports = _bundle_rows("reports")
    assert all(r["url"].startswith("https://github.com/lawtext/gov/blob/") and len(r["sha256"]) == 64 for r in reports)
    with open(MIRROR / "reports.csv", encoding="utf-8", newline="") if (MIRROR / "reports.csv").is_file() else io.StringIO("") as handle:
        recorded = {row["path"]: row["sha256"] for row in csv.DictReader(handle)}
    if recorded:
        assert all(recorded[r["path"]] == r["sha256"] for r in reports)


def test_the_quality_table_accounts_for_every_report_from_2000_on():
    quality = _bundle_rows("quality")
    if (MIRROR / "reports.csv").is_file():
        with open(MIRROR / "reports.csv", encoding="utf-8", newline="") as handle:
            expected = {row["path"] for row in csv.DictReader(handle) if int(row["year"]) >= 2000}
        assert {q["corpus_path"] for q in quality} == expected
    by_path = {q["corpus_path"]: q for q in quality}
    # Read in the texts (tests/labels/mirror/dating.notes.md): 四川's 2011 report is filed as 2010.
    sichuan = by_path["政府工作报告-省自治区/四川省/2010.md"]
    assert (sichuan["text_year"], sichuan["year_check"], sichuan["report_id"]) == ("2011", "differs", "四川省_2011")
    second = by_path["政府工作报告-其他地市/邢台市/2021-08.md"]
    assert second["status"] == "left_out" and second["reason"]


def test_the_catalog_finds_the_panel_by_its_governments_and_years():
    listing = json.loads((DIST / "catalog.json").read_text(encoding="utf-8"))
    entry = next(v for d in listing["datasets"] if d["name"] == NAME for v in d["versions"] if v["folder"].rstrip("/") == latest().name)
    names = {g["name"] for g in entry["governments"]}
    assert {"国务院", "沈阳市", "四川省"} <= names and len(names) > 300
    assert entry["years"][0] == 2000 and entry["years"][-1] >= 2026 - 1
    assert "gdp" in {i["id"] for i in entry["indicators"]}


def test_the_release_loads_with_typed_parquet_figures():
    """gwrdata.load reads the release folder as it is published: the figures from Parquet, typed
    by the schema like every CSV table, with the sentence found again from its offsets."""
    import gwrdata

    folder = latest()
    dataset = gwrdata.load(folder)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert {name: len(frame) for name, frame in dataset.tables.items()} == manifest["rows"]
    figures = dataset["figures"]
    assert str(figures["start"].dtype) == "Int64" and str(figures["value"].dtype) == "float64"
    assert (figures["sentence_start"] <= figures["start"]).mean() > 0.97
    assert figures.attrs["title"] == "Figures"
    assert set(dataset["attainment"]["outcome"]) <= {"met", "missed", "not_stated", "unclear"}
