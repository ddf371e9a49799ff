"""The release notes' coverage: the table per level and decade, and the reports with no target."""

from __future__ import annotations

import csv

from gwrdata.publish import coverage

QUALITY = ("corpus_path", "government", "level", "filed_year", "text_year", "status", "report_id", "target_paragraph", "figures", "targets")


def _quality(folder, rows):
    (folder / "data").mkdir(parents=True)
    with open(folder / "data" / "quality.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, QUALITY)
        writer.writeheader()
        writer.writerows(dict(zip(QUALITY, row)) for row in rows)


def test_reports_without_targets_are_listed_by_level_and_decade(tmp_path):
    _quality(tmp_path, [
        ("a/2004.md", "甲市", "city", "2004", "2004", "built", "甲市_2004", "none", "40", "0"),
        ("b/2003.md", "乙省", "province", "2003", "2004", "built", "乙省_2004", "none", "30", "0"),
        ("b/2012.md", "乙省", "province", "2012", "2012", "built", "乙省_2012", "主要预期目标是", "80", "6"),
        ("c/2021-08.md", "丙市", "city", "2021", "", "left_out", "", "", "", ""),
        ("c/2021.md", "丙市", "city", "2021", "2021", "built", "丙市_2021", "list", "60", "0"),
    ])
    lines = coverage.without_targets(tmp_path)
    assert lines[0].startswith("Reports with no target found: 3 of 4 ")
    # Provinces before cities; decades in order; a report is dated by its text (乙省's 2003 file is 2004's).
    assert lines[2:] == ["- province, 2000s (1): 乙省_2004", "- city, 2000s (1): 甲市_2004", "- city, 2020s (1): 丙市_2021"]


def test_a_package_without_a_quality_table_lists_nothing(tmp_path):
    assert coverage.without_targets(tmp_path) == []


ATTAINMENT = ("government", "indicator_id", "year", "result_value", "result_report_id", "result_source", "communique_value",
              "communique_path", "sources_differ")


def test_the_second_source_lines_list_every_year_the_two_differ(tmp_path):
    (tmp_path / "data").mkdir()
    with open(tmp_path / "data" / "attainment.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, ATTAINMENT)
        writer.writeheader()
        writer.writerows(dict(zip(ATTAINMENT, row)) for row in [
            ("国务院", "gdp", "2007", "11.9", "国务院_2008", "report", "11.4", "c/2007.md", "true"),
            ("国务院", "gdp", "2015", "6.9", "国务院_2016", "report", "6.9", "c/2015.md", "false"),
            ("国务院", "cpi", "2025", "0", "", "communique", "0", "c/2025.md", ""),
            ("沈阳市", "gdp", "2015", "3", "沈阳市_2016", "report", "", "", ""),
        ])
    lines = coverage.second_source(tmp_path)
    assert lines[0] == ("Statistical communiqués: 3 national targets have the communiqué's value beside them; 1 results come "
                        "from the communiqué where no report states one; of 2 results a report states, 1 differ from the "
                        "communiqué by more than 0.1:")
    assert lines[2:] == ["- gdp 2007: report 11.9 (国务院_2008), communiqué 11.4 (c/2007.md)"]
