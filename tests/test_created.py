"""A package's `created` date: the day `gwrdata init` ran (one report or a panel), written into the
recipe; for a recipe without one, the build's date or SOURCE_DATE_EPOCH; never a date made up from
report years. The committed recipes pin theirs, so their releases reproduce byte for byte.

One report comes from the test fixtures; the panel's two reports from the mirror
(../shared/mirror, or $GWRDATA_MIRROR), and those tests skip without it.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, ROOT
from gwrdata.cli import main

MIRROR = Path(os.environ.get("GWRDATA_MIRROR") or ROOT.parent / "shared" / "mirror")
REPORTS = [("政府工作报告-主要城市/沈阳市/2022.md", "沈阳市", 2022), ("政府工作报告-主要城市/沈阳市/2023.md", "沈阳市", 2023)]
needs_mirror = pytest.mark.skipif(not all((MIRROR / r[0]).is_file() for r in REPORTS), reason=f"no mirror at {MIRROR}")
TEXT = FIXTURES / "texts" / "provincial-style.txt"
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


@needs_mirror
def test_init_writes_the_day_it_ran_and_build_uses_it(panel):
    recipe, package = panel
    written = _recipe(recipe)["created"]
    assert written in _today_or_yesterday()
    assert written != f"{REPORTS[-1][2]}-01-01T00:00:00Z"
    assert _created(package) == written


@needs_mirror
def test_the_recipes_date_keeps_rebuilds_identical_whatever_the_clock_says(panel, tmp_path, monkeypatch):
    recipe, package = panel
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    assert main(["build", str(recipe), "--out", str(tmp_path / "again")]) == 0
    assert (tmp_path / "again" / "datapackage.json").read_bytes() == (package / "datapackage.json").read_bytes()


@needs_mirror
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


@needs_mirror
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


@needs_mirror
def test_init_reports_refuses_a_bad_name_before_writing_anything(tmp_path, capsys):
    manifest = tmp_path / "m.csv"
    path, government, year = REPORTS[0]
    manifest.write_text(f"path,government,year\n{MIRROR / path},{government},{year}\n", encoding="utf-8")
    assert main(["init", str(tmp_path / "p"), "--reports", str(manifest), "--name", "Bad Name"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--name" in err and "'Bad Name'" in err
    assert not (tmp_path / "p").exists()


# ---------------------------------------------------------------- one report (no mirror needed)

def _init_one(folder: Path, monkeypatch, epoch: str | None) -> Path:
    """`gwrdata init` of the fixture text for 2024, with SOURCE_DATE_EPOCH set to epoch or unset."""
    if epoch is None:
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    else:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    assert main(["init", str(folder), "--source", str(TEXT), "--year", "2024", "--government", "某省人民政府"]) == 0
    return folder


def test_init_of_one_report_writes_the_day_it_ran_not_the_report_year(tmp_path, monkeypatch):
    recipe = _init_one(tmp_path / "r", monkeypatch, None)
    written = _recipe(recipe)["created"]
    assert written in _today_or_yesterday() and written != "2024-01-01T00:00:00Z"
    assert main(["build", str(recipe), "--out", str(tmp_path / "pkg")]) == 0
    assert _created(tmp_path / "pkg") == written


def test_init_of_one_report_honours_source_date_epoch(tmp_path, monkeypatch):
    recipe = _init_one(tmp_path / "r", monkeypatch, str(EPOCH + 86400 + 59))
    assert _recipe(recipe)["created"] == "2026-01-02T00:00:59Z"


def test_a_one_report_recipe_without_created_is_dated_by_its_build(tmp_path, monkeypatch):
    recipe = _init_one(tmp_path / "r", monkeypatch, None)
    text = (recipe / "recipe.yaml").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines(keepends=True) if not line.startswith("created:")]
    assert len(lines) == len(text.splitlines()) - 1
    (recipe / "recipe.yaml").write_text("".join(lines), encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    assert main(["build", str(recipe), "--out", str(tmp_path / "epoch")]) == 0
    assert _created(tmp_path / "epoch") == "2026-01-01T00:00:00Z"
    # the same bytes again under the same SOURCE_DATE_EPOCH, whatever the clock says
    assert main(["build", str(recipe), "--out", str(tmp_path / "again")]) == 0
    assert (tmp_path / "again" / "datapackage.json").read_bytes() == (tmp_path / "epoch" / "datapackage.json").read_bytes()
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert main(["build", str(recipe), "--out", str(tmp_path / "today")]) == 0
    assert _created(tmp_path / "today") in _today_or_yesterday()


def test_a_bad_source_date_epoch_is_one_line_for_a_build_without_created(tmp_path, monkeypatch, capsys):
    recipe = _init_one(tmp_path / "r", monkeypatch, None)
    config = _recipe(recipe)
    del config["created"]
    (recipe / "recipe.yaml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    capsys.readouterr()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1.5e9")
    assert main(["build", str(recipe), "--out", str(tmp_path / "pkg")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "SOURCE_DATE_EPOCH" in err and "Traceback" not in err
    assert not (tmp_path / "pkg" / "datapackage.json").exists()


def test_the_committed_recipes_pin_created_as_the_date_of_their_release():
    """A committed recipe without `created` would date a rebuild of its release by the clock."""
    recipes = sorted((ROOT / "recipes").glob("*/recipe.yaml"))
    assert recipes
    for path in recipes:
        config = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(config.get("created"), str), f"{path} pins no created date"
        manifest = ROOT / "dist" / f"{config['name']}-{config['version']}" / "manifest.json"
        assert json.loads(manifest.read_text(encoding="utf-8"))["date"] == config["created"][:10], path
