"""Batch extraction: many reports in parallel, a progress bar, and a bad file that stops nothing."""

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gwrdata.cli import main
from gwrdata.extract.batch import collect, report_names, year_for

from conftest import FIXTURES, ROOT

STYLE = FIXTURES / "texts" / "pdf-style.txt"


def test_a_thousand_reports_survive_one_corrupted_file(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    for i in range(1000):
        shutil.copyfile(STYLE, folder / f"report-{i:04d}-2024.txt")
    (folder / "report-0500-2024.txt").write_bytes(b"\x00\x01binary garbage\xff")
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "gwrdata.cli", "extract", str(folder), "--out", str(out), "--jobs", "2"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 2  # one report failed: said at the end, the others are done
    assert "999 of 1000 reports extracted" in done.stdout
    assert "extracting" in done.stderr and "1000/1000" in done.stderr  # the progress bar
    assert done.stderr.count("gwrdata: error:") == 1 and "report-0500-2024.txt" in done.stderr and "binary" in done.stderr
    with open(out / "figures.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    per_report = sum(1 for _ in open(out / "report-0000-2024" / "figures.csv", encoding="utf-8")) - 1
    assert len(rows) == 999 * per_report
    assert rows[0]["report"] == "report-0000-2024" and rows[-1]["report"] == "report-0999-2024"
    assert "report-0500-2024" not in {r["report"] for r in rows}


def test_input_order_and_names_are_stable(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for sub in ("a", "b"):
        shutil.copyfile(STYLE, tmp_path / sub / "same-2023.txt")
    paths = collect([str(tmp_path)])
    assert report_names(paths) == ["same-2023", "same-2023-2"]
    assert year_for(paths[0], None) == 2023 and year_for(paths[0], 2024) == 2024


# --- every combined row says whose report it is --------------------------------------------------

MIRROR = Path(os.environ.get("GWRDATA_MIRROR") or ROOT.parent / "shared" / "mirror")
NATIONAL, CITY = "政府工作报告-国务院/2024.md", "政府工作报告-主要城市/沈阳市/2024.md"
needs_mirror = pytest.mark.skipif(not (MIRROR / NATIONAL).is_file() or not (MIRROR / CITY).is_file(), reason=f"no mirror at {MIRROR}")


def _combined(out: Path) -> list[dict]:
    with open(out / "figures.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@needs_mirror
def test_a_batch_of_two_governments_keeps_each_rows_path_and_government(tmp_path, capsys):
    """Both files are named 2024.md: the government comes from the mirror's reports.csv (国务院,
    whose folder is not named after it) and the path stays as the user gave it."""
    given = [os.path.relpath(MIRROR / NATIONAL), str(MIRROR / CITY)]
    assert main(["extract", *given, "--out", str(tmp_path / "out"), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert [(r["report"], r["path"], r["government"]) for r in summary["reports"]] == [
        ("2024", given[0], "国务院"), ("2024-2", given[1], "沈阳市")]
    rows = _combined(tmp_path / "out")
    assert list(rows[0])[:3] == ["report", "path", "government"]
    for report, path, government in (("2024", given[0], "国务院"), ("2024-2", given[1], "沈阳市")):
        mine = [r for r in rows if r["report"] == report]
        single = _combined(tmp_path / "out" / report)
        assert len(mine) == len(single) > 10
        assert all(r["path"] == path and r["government"] == government for r in mine)
        assert [{k: v for k, v in r.items() if k not in ("report", "path", "government")} for r in mine] == single
    with open(MIRROR / "reports.csv", encoding="utf-8", newline="") as handle:
        listed = {r["path"]: r["government"] for r in csv.DictReader(handle)}
    assert listed[NATIONAL] == "国务院" and listed[CITY] == "沈阳市"


@needs_mirror
def test_without_a_manifest_the_folder_of_a_year_named_file_is_the_government(tmp_path, capsys):
    (tmp_path / "西安市").mkdir()
    shutil.copyfile(MIRROR / CITY, tmp_path / "西安市" / "2024.md")
    shutil.copyfile(MIRROR / CITY, tmp_path / "xian-2024.md")
    (tmp_path / "reports.csv").write_text("file,who\nxian-2024.md,西安市\n", encoding="utf-8")  # not a manifest: no path column
    assert main(["extract", str(tmp_path / "西安市"), str(tmp_path / "xian-2024.md"), "--out", str(tmp_path / "out")]) == 0
    capsys.readouterr()
    rows = _combined(tmp_path / "out")
    assert {(r["report"], r["path"], r["government"]) for r in rows} == {
        ("2024", str(tmp_path / "西安市" / "2024.md"), "西安市"), ("xian-2024", str(tmp_path / "xian-2024.md"), "")}
    (tmp_path / "reports.csv").write_text("path,government\nxian-2024.md,西安市人民政府\n", encoding="utf-8")
    assert main(["extract", str(tmp_path / "西安市"), str(tmp_path / "xian-2024.md"), "--out", str(tmp_path / "again")]) == 0
    rows = _combined(tmp_path / "again")
    assert {r["government"] for r in rows if r["report"] == "xian-2024"} == {"西安市人民政府"}
    assert {r["government"] for r in rows if r["report"] == "2024"} == {"西安市"}


def test_the_combined_table_holds_each_reports_rows_after_its_labels(tmp_path):
    """Rows copied line by line, and a report whose cells hold a line break (a record of two
    lines) or a comma, each quoted in the combined table as in the report's own."""
    from gwrdata.extract.batch import Outcome, combine

    files = {
        "a": 'figure_id,subject\nF1,GDP\nF2,"1,000 firms"\n',
        "b": 'figure_id,subject\nF3,"two\nlines"\nF4,"GDP\rgrowth"\n',
    }
    for name, body in files.items():
        (tmp_path / name).mkdir()
        (tmp_path / name / "figures.csv").write_bytes(body.encode("utf-8"))
    outcomes = [Outcome("a", "x/a-2024.md", True, government="甲市"), Outcome("b", "y,b 2024.md", True)]
    combine(tmp_path, outcomes)
    assert (tmp_path / "figures.csv").read_bytes().decode("utf-8") == (
        "report,path,government,figure_id,subject\n"
        "a,x/a-2024.md,甲市,F1,GDP\n"
        'a,x/a-2024.md,甲市,F2,"1,000 firms"\n'
        'b,"y,b 2024.md",,F3,"two\nlines"\n'
        'b,"y,b 2024.md",,F4,"GDP\rgrowth"\n')


def test_a_table_row_without_a_column_writes_it_empty_and_extra_keys_are_left_out(tmp_path):
    from gwrdata.extract.figures import write_csv

    write_csv(tmp_path / "t.csv", ["start", "mention"], [{"start": 3, "mention": "5%", "extra": "x"}, {"start": 9}])
    write_csv(tmp_path / "one.csv", ["start"], [{"start": 3, "mention": "5%"}])
    assert (tmp_path / "t.csv").read_bytes() == b"start,mention\n3,5%\n9,\n"
    assert (tmp_path / "one.csv").read_bytes() == b"start\n3\n"
