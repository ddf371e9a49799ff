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
