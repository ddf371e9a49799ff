"""The mirror's labels locate: every quote is an exact substring of the file it names.

Labels made by reading are only useful if a scorer can find what they point at; a quote copied
with a half-width % for a full-width ％, or across a line break, would silently score as a miss.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from conftest import ROOT

MIRROR = ROOT.parent / "shared" / "mirror"
LABELS = ROOT / "tests" / "labels" / "mirror"
pytestmark = pytest.mark.skipif(not (MIRROR / "reports.csv").is_file(), reason="the mirror is not beside the repository")


def rows(name: str) -> list[dict]:
    with open(LABELS / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def text(path: str) -> str:
    return (MIRROR / path).read_text(encoding="utf-8")


@pytest.mark.parametrize("name, count", [("targets-a.csv", 50), ("targets-b.csv", 50), ("targets-g.csv", 41), ("targets-h.csv", 30), ("targets-i.csv", 30), ("targets-j.csv", 30), ("targets-k.csv", 30)])
def test_sample_quotes_are_in_their_reports(name, count):
    labelled = rows(name)
    assert len(labelled) == count
    for row in labelled:
        body = text(row["path"])
        for column in ("first_chars", "gdp_target_quote", "gdp_result_quote"):
            quote = row[column]
            assert "\n" not in quote and (not quote or quote in body), (row["path"], column, quote)
        assert row["has_target_paragraph"] in ("yes", "no") and row["text_years_ok"] in ("yes", "no")
        assert (row["has_target_paragraph"] == "yes") == bool(row["first_chars"]), row["path"]


def test_the_sample_is_every_level_and_period():
    labelled = rows("targets-a.csv") + rows("targets-b.csv")
    assert len({r["path"] for r in labelled}) == 100
    assert {r["level"] for r in labelled} == {"national", "province", "major-city", "city"}
    years = [int(r["year"]) for r in labelled]
    assert min(years) < 2010 and max(years) >= 2025


def test_national_quotes_are_in_the_reports_and_communiques():
    labelled = rows("national.csv")
    assert {r["indicator"] for r in labelled} == {"gdp", "cpi", "unemployment", "urban_jobs"}
    for row in labelled:
        year = int(row["year"])
        for file_column, quote_column in (("target_file", "target_quote"), ("report_result_file", "report_result_quote")):
            if row[quote_column]:
                assert row[quote_column] in text(row[file_column]), (year, row["indicator"], quote_column)
        if row["communique_quote"]:
            assert row["communique_quote"] in text(f"国家统计局年度统计/{year}.md"), (year, row["indicator"])


def test_zero_target_labels_locate_and_cover_every_level():
    labelled = rows("zero-targets.csv")
    assert len(labelled) >= 100
    for row in labelled:
        body = text(row["path"])
        for column in ("first_chars", "gdp_target_quote"):
            assert "\n" not in row[column] and (not row[column] or row[column] in body), (row["path"], column)
        assert row["has_target_paragraph"] in ("yes", "no")
        assert (row["has_target_paragraph"] == "yes") == bool(row["first_chars"]), row["path"]
    assert {r["level"] for r in labelled} == {"national", "province", "major-city", "city"}


FIGURE_SETS = ["figures-c", "figures-d", "figures-e", "figures-f", "figures-g", "figures-h"]


@pytest.mark.parametrize("name", FIGURE_SETS)
def test_figure_labels_locate_in_their_passages(name):
    passages = {(r["file"], r["passage"]): r for r in rows(f"passages-{name[-1]}.csv")}
    labelled = rows(f"{name}.csv")
    assert len({r["file"] for r in labelled}) >= 4
    for row in labelled:
        body = text(row["file"])
        at = body.find(row["context"])
        assert at >= 0 and body.find(row["context"], at + 1) < 0, (row["file"], row["context"])
        assert row["mention"] in row["context"], (row["file"], row["mention"])
        passage = passages[(row["file"], row["passage"])]
        begin = body.index(passage["first_chars"])
        end = body.index(passage["last_chars"], begin) + len(passage["last_chars"])
        assert begin <= at and at + len(row["context"]) <= end, (row["file"], row["context"])


def test_status_and_period_on_the_mirror_figure_labels():
    """Every figure set, scored as scripts/score_figures.py scores them. The scope of 预计 and the
    base year of 是2009年的N倍 were settled while reading the disagreements of figures-c and
    figures-d, so they are development sets now (tests/labels/mirror/README.md); figures-e,
    figures-f and figures-g were labelled later (f and g have been read since: the README says
    for which rules). All are kept from falling here."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "score_figures.py"), "--mirror", str(MIRROR), *FIGURE_SETS],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    totals = [line for line in done.stdout.splitlines() if line.strip().startswith("all:")]
    assert len(totals) == len(FIGURE_SETS), done.stdout
    for line in totals:
        parts = (part.strip().rsplit(" ", 1) for part in line.split(":", 1)[1].replace(";", ",").split(","))
        scores = {name: float(value.rstrip("%")) for name, value in parts}
        assert scores["recall"] >= 97 and scores["status"] >= 95 and scores["period"] >= 95, line


@pytest.mark.parametrize("sample, labels", [("not-stated-sample.csv", "not-stated.csv"), ("not-stated-sample-2.csv", "not-stated-2.csv"),
                                           ("not-stated-sample-3.csv", "not-stated-3.csv"), ("not-stated-sample-4.csv", "not-stated-4.csv"),
                                           ("not-stated-sample-5.csv", "not-stated-5.csv"), ("not-stated-sample-6.csv", "not-stated-6.csv")])
def test_not_stated_labels_quote_the_next_report(sample, labels):
    drawn = {r["row"]: r for r in rows(sample)}
    labelled = rows(labels)
    assert len(labelled) >= 100 and {r["row"] for r in labelled} <= set(drawn)
    for row in labelled:
        assert row["stated"] in ("figure", "level_only", "words", "no"), row["row"]  # level_only: sets 5 on
        assert (row["stated"] == "no") == (not row["quote"]), row["row"]
        if row["quote"]:
            assert "\n" not in row["quote"] and row["quote"] in text(drawn[row["row"]]["next_report_path"]), row["row"]
