"""Batch extraction: many reports in parallel, a progress bar, and a bad file that stops nothing."""

import csv
import shutil
import subprocess
import sys

from gwrdata.extract.batch import collect, report_names, year_for

from conftest import FIXTURES

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
