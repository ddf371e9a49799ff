"""A panel's `created` date: the day `gwrdata init --reports` ran, written into the recipe; for a
recipe without one, the build's date or SOURCE_DATE_EPOCH; never a date made up from report years.

Two reports of the mirror (../shared/mirror, or $GWRDATA_MIRROR) go through init and build.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from gwrdata.cli import main

MIRROR = Path(os.environ.get("GWRDATA_MIRROR") or ROOT.parent / "shared" / "mirror")
REPORTS = [("政府工作报告-主要城市/沈阳市/2022.md", "沈阳市", 2022), ("政府工作报告-主要城市/沈阳市/2023.md", "沈阳市", 2023)]
pytestmark = pytest.mark.skipif(not all((MIRROR / r[0]).is_file() for r in REPORTS), reason=f"no mirror at {MIRROR}")
EPOCH = 1767225600  # 2026-01-01T00:00:00Z


def _today_or_yesterday() -> set[str]:
    """Today's date at midnight UTC (and the day before, should the test run across midnight)."""
    now = datetime.now(UTC)
    return {f"{(now - timedelta(days=d)).date().isoformat()}T00:00:00Z" for d in (0, 1)}


@pytest.fixture(scope="module")
def panel(tmp_path_factory):
    """init (no SOURCE_DATE_EPOCH) and build of a two-report panel; returns (recipe folder, package)."""
    folder = tmp_path_factory.mktemp("created")
    manifest = folder / "m.csv"
    manifest.write_text("path,government,year\n" + "".join(f"{MIRROR / p},{g},{y}\n" for p, g, y in REPORTS), encoding="utf-8")
    saved = os.environ.pop("SOURCE_DATE_EPOCH", None)
    try:
        assert main(["init", str(folder / "panel"), "--reports", str(manifest)]) == 0
    finally:
        if saved is not None:
            os.environ["SOURCE_DATE_EPOCH"] = saved
    assert main(["build", str(folder / "panel"), "--out", str(folder / "pkg")]) == 0
    return folder / "panel", folder / "pkg"


def _recipe(folder: Path) -> dict:
    return yaml.safe_load((folder / "recipe.yaml").read_text(encoding="utf-8"))


def _created(package: Path) -> str:
    return json.loads((package / "datapackage.json").read_text(encoding="utf-8"))["created"]


def test_init_writes_the_day_it_ran_and_build_uses_it(panel):
    recipe, package = panel
    written = _recipe(recipe)["created"]
    assert written in _today_or_yesterday()
    assert written != f"{REPORTS[-1][2]}-01-01T00:00:00Z"
    assert _created(package) == written


def test_the_recipes_date_keeps_rebuilds_identical_whatever_the_clock_says(panel, tmp_path, monkeypatch):
    recipe, package = panel
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    assert main(["build", str(recipe), "--out", str(tmp_path / "again")]) == 0
    assert (tmp_path / "again" / "datapackage.json").read_bytes() == (package / "datapackage.json").read_bytes()


def test_a_recipe_without_created_gets_the_builds_date_or_source_date_epoch(panel, tmp_path, monkeypatch):
    recipe, _ = panel
    bare = tmp_path / "bare"
    bare.mkdir()
    config = _recipe(recipe)
    del config["created"]
    (bare / "recipe.yaml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    # reports.csv holds paths relative to the recipe: give the copy the same place in the tree.
    lines = (recipe / "reports.csv").read_text(encoding="utf-8").splitlines()
    header, rows = lines[0], lines[1:]
    column = header.split(",").index("path")
    fixed = []
    for row in rows:
        cells = row.split(",")
        cells[column] = os.path.relpath((recipe / cells[column]).resolve(), bare)
        fixed.append(",".join(cells))
    (bare / "reports.csv").write_text("\n".join([header, *fixed]) + "\n", encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    assert main(["build", str(bare), "--out", str(tmp_path / "epoch")]) == 0
    assert _created(tmp_path / "epoch") == "2026-01-01T00:00:00Z"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert main(["build", str(bare), "--out", str(tmp_path / "today")]) == 0
    assert _created(tmp_path / "today") in _today_or_yesterday()


def test_init_honours_source_date_epoch_and_refuses_a_bad_one(tmp_path, monkeypatch, capsys):
    manifest = tmp_path / "m.csv"
    path, government, year = REPORTS[0]
    manifest.write_text(f"path,government,year\n{MIRROR / path},{government},{year}\n", encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH + 3600 * 30 + 5))
    assert main(["init", str(tmp_path / "a"), "--reports", str(manifest)]) == 0
    assert _recipe(tmp_path / "a")["created"] == "2026-01-02T06:00:05Z"
    capsys.readouterr()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    assert main(["init", str(tmp_path / "b"), "--reports", str(manifest)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "SOURCE_DATE_EPOCH" in err and "Traceback" not in err
    assert not (tmp_path / "b" / "recipe.yaml").exists()


def test_init_reports_refuses_a_bad_name_before_writing_anything(tmp_path, capsys):
    manifest = tmp_path / "m.csv"
    path, government, year = REPORTS[0]
    manifest.write_text(f"path,government,year\n{MIRROR / path},{government},{year}\n", encoding="utf-8")
    assert main(["init", str(tmp_path / "p"), "--reports", str(manifest), "--name", "Bad Name"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--name" in err and "'Bad Name'" in err
    assert not (tmp_path / "p").exists()
