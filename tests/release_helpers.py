"""Shared by the release and workbook tests: one reference release per test session, recipe
copies to corrupt, and readers that turn every kind of file back into comparable cells.

The reference release reproduces the latest release committed under dist/ (with the releases
before it in place, since its notes diff against them), so the tests of the workbook and the
bundle test exactly what users download. Building it once per session keeps the suite fast: a
release validates with great-expectations, which costs seconds.
"""

from __future__ import annotations

import atexit
import csv
import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path

from conftest import ROOT

from gwrdata.package import recipe as recipes
from gwrdata.publish.release import release, releases

RECIPE = ROOT / "recipes" / "shenyang-2024"
DIST = ROOT / "dist"
SOURCE = ROOT / "datapackage" / "sources" / "shenyang-2024-government-work-report.txt"


def scratch() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="gwrdata-test-"))
    atexit.register(shutil.rmtree, folder, True)
    return folder


@cache
def name() -> str:
    return recipes.load(RECIPE).name


@cache
def reference() -> tuple[dict, Path, Path]:
    """(result, release folder, dist) of the latest committed release, rebuilt by this code."""
    dist = scratch() / "dist"
    committed = releases(DIST, name())
    version = None
    if committed:
        *before, latest = committed
        dist.mkdir()
        for key in before:
            shutil.copytree(committed[key], dist / committed[key].name)
        version = ".".join(map(str, latest))
    result = release(recipes.load(RECIPE), dist, version)
    return result, Path(result["folder"]), dist


def recipe_copy(folder: Path, figures: dict[str, dict] | None = None, extra_indicator: dict | None = None):
    """A copy of the Shenyang recipe (source path made absolute), with curated rows edited."""
    shutil.copytree(RECIPE, folder)
    config = (folder / "recipe.yaml").read_text(encoding="utf-8")
    config = config.replace("../../datapackage/sources/shenyang-2024-government-work-report.txt", str(SOURCE))
    (folder / "recipe.yaml").write_text(config, encoding="utf-8")
    if figures:
        rows = read_csv(folder / "figures.csv")
        for row in rows:
            row.update(figures.get(row["figure_id"], {}))
        write_csv(folder / "figures.csv", rows)
    if extra_indicator:
        # The recipe adds to the shared codelist through its own indicators.csv (none by default).
        columns = ("indicator_id", "name_zh", "also_zh", "name_en", "category", "base_unit", "description")
        rows = read_csv(folder / "indicators.csv") if (folder / "indicators.csv").exists() else []
        rows.append({key: extra_indicator.get(key, "") for key in columns})
        write_csv(folder / "indicators.csv", rows)
    return recipes.load(folder)


def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_csv(path: Path, rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def snapshot(folder: Path) -> dict[str, tuple]:
    """Every path under ``folder`` with its bytes and mode: 'left exactly as it was'."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None, p.stat().st_mode)
            for p in sorted(folder.rglob("*"))}


def soffice_csvs(xlsx: Path, out: Path) -> dict[str, list[list[str]]]:
    """Every sheet of ``xlsx`` converted by LibreOffice headless, one CSV per sheet."""
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is not installed: run ./scripts/test, which installs it"
    out.mkdir(parents=True, exist_ok=True)
    profile = out / "profile"
    done = subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
         "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", "--outdir", str(out), str(xlsx)],
        capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr
    sheets = {}
    for path in out.glob(f"{xlsx.stem}-*.csv"):
        with open(path, encoding="utf-8", newline="") as handle:
            sheets[path.stem[len(xlsx.stem) + 1:]] = list(csv.reader(handle))
    return sheets


def same_cell(expected: str, got, kind: str, typed: bool = True) -> bool:
    """A CSV cell (text) against a cell read back from the workbook: a typed reader (openpyxl,
    calamine) must give numbers as numbers; LibreOffice's CSV gives text."""
    if expected == "":
        return got is None or got == ""
    if kind in ("number", "integer"):
        if typed and (isinstance(got, bool) or not isinstance(got, (int, float))):
            return False
        try:
            return float(expected) == float(got)
        except (TypeError, ValueError):
            return False
    return got == expected
