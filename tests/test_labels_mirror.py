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


@pytest.mark.parametrize("name", ["targets-a.csv", "targets-b.csv"])
def test_sample_quotes_are_in_their_reports(name):
    labelled = rows(name)
    assert len(labelled) == 50
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
