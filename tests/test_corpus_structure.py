"""Structure, status and period on the development corpus, scored against labels made by reading.

The labels (tests/labels/corpus/, see its README) were made blind to the extractor. They were
also used while the structure rules and vocabulary were tuned, so these scores are development
scores, not held-out ones: the toolkit is judged on reports from 2023 on, which are not here.

Every report of the corpus is extracted once per session (the ``corpus`` fixture). The tests
print, per level (national, province, major-city, city), the share of figures whose status and
period are right for the labelled part they stand in (the rule is ``corpus.judge``'s
docstring), the share of reports at ≥ 90% on both, the GDP growth target and previous-year
result of the provincial reports, and the field agreement on the 190 labelled figures.
"""

from __future__ import annotations


import pytest

from corpus import LEVELS, gdp_scores, labels, part_agreement, part_scores
from scoring import FIELDS, score

# Targets of the issue; asserted as reached (see the printed scores).
STATUS_TARGET, PERIOD_TARGET, REPORTS_TARGET, GDP_TARGET = 0.97, 0.95, 0.95, 0.98


@pytest.fixture(scope="module")
def parts(corpus):
    return part_scores(corpus)


def _level_table(parts: dict) -> dict[str, dict]:
    table = {}
    for level in (*LEVELS, "all"):
        reports = [v for v in parts.values() if level in ("all", v["level"]) and v["figures"]]
        n = sum(v["figures"] for v in reports)
        table[level] = {
            "reports": len(reports), "figures": n,
            "status": sum(v["status"] for v in reports) / n,
            "period": sum(v["period"] for v in reports) / n,
            "reports_at_90": sum(v["status"] / v["figures"] >= 0.9 and v["period"] / v["figures"] >= 0.9
                                 for v in reports) / len(reports),
        }
    return table


def test_labelled_parts_cover_every_level(parts):
    levels = [v["level"] for v in parts.values()]
    assert len(parts) >= 30 and all(level in levels for level in LEVELS)


def test_status_and_period_right_for_their_part(parts):
    table = _level_table(parts)
    print()
    for level, row in table.items():
        print(f"{level:>10}: {row['reports']:>2} reports, {row['figures']:>5} figures in review/plan parts: "
              f"status {row['status']:.1%}, period {row['period']:.1%}, reports at ≥ 90% {row['reports_at_90']:.0%}")
    wrong = {f: v["wrong"][:3] for f, v in parts.items() if v["wrong"]}
    for level in LEVELS:
        assert table[level]["status"] >= STATUS_TARGET, (level, wrong)
        assert table[level]["period"] >= PERIOD_TARGET, (level, wrong)
        assert table[level]["reports_at_90"] >= REPORTS_TARGET, (level, wrong)


def test_parts_found_agree_with_the_labelled_parts(corpus):
    """Kinds of all parts (opening, self-construction, closing and appendix too), weighted by
    their length; the figures' status and period above depend only on review and plan."""
    shares = part_agreement(corpus)
    print("\nparts of the labelled kind, share of characters: " + ", ".join(f"{k} {v:.1%}" for k, v in shares.items()))
    assert shares["all"] >= 0.93
    assert all(share >= 0.88 for share in shares.values())


def test_gdp_target_and_result_of_the_provincial_reports(corpus):
    rows = gdp_scores(corpus)
    assert len(rows) >= 100   # 108 labelled, 3 results the reports do not state
    for kind in ("target", "result"):
        subset = [r for r in rows if r["kind"] == kind]
        shares = {field: sum(r[field] for r in subset) / len(subset) for field in ("value", "qualifier", "status", "period", "ok")}
        print(f"\nGDP {kind}, {len(subset)} provincial reports: " + ", ".join(f"{k} {v:.1%}" for k, v in shares.items()))
        misses = [(r["file"], r["got"], r["label"]["quote"]) for r in subset if not r["ok"]]
        assert shares["ok"] >= GDP_TARGET, misses


def test_field_agreement_on_the_labelled_figures(corpus):
    rows = labels("figures-a.csv") + labels("figures-b.csv")
    assert len(rows) >= 150
    located = []
    figures = []
    for file in sorted({r["file"] for r in rows}):
        report = corpus[file]
        for row in (r for r in rows if r["file"] == file):
            at = report.text.find(row["context"])
            assert at >= 0 and report.text.find(row["context"], at + 1) < 0, row["context"]
            start = at + row["context"].index(row["mention"])
            located.append(dict(row, start=(file, start), end=start + len(row["mention"])))
        figures += [dict(f, start=(file, f["start"])) for f in report.result.figures]
    result = score(located, figures, key=lambda r: (r["start"], int(r["end"])))
    print(f"\n{len(rows)} labelled figures of {len({r['file'] for r in rows})} reports: recall {result['recall']:.1%}, "
          f"value and unit {result['value_and_unit']:.1%}; " + ", ".join(f"{f} {result[f]:.1%}" for f in FIELDS))
    # Structure and grammar on reports the grammar was not written for: status and period are
    # this issue's; the other fields are measured here and kept from falling.
    assert result["status"] >= 0.97 and result["period"] >= 0.97
    assert result["recall"] >= 0.96 and result["value_and_unit"] >= 0.97
    for field in ("qualifier", "measure", "direction", "base_unit"):
        assert result[field] >= 0.93, (field, [(l["mention"], f[field]) for l, f in result["errors"][field]])


def test_every_report_extracts_with_every_digit_accounted_for(corpus):
    from gwrdata.extract.provenance import overlapping, span_mismatches, uncovered_digits

    assert len(corpus) == 155
    for file, report in corpus.items():
        rows = report.result.figures + report.result.exclusions
        assert report.result.figures, file
        assert span_mismatches(report.text, rows) == [], file
        assert overlapping(rows) == [], file
        assert uncovered_digits(report.text, rows) == [], file


def test_every_report_has_a_review_and_a_plan(corpus):
    """Every report of the corpus reviews and plans; the one exception is a file whose index
    year is not its report year (兰州 2021 is the 2022 report, see labels/corpus/gdp.notes.md):
    its plan for 2022 is, for a 2021 report, a plan beyond the year."""
    missing = []
    for file, report in corpus.items():
        kinds = {s.part_kind for s in report.result.sections}
        targets = sum(f["status"] == "target" for f in report.result.figures)
        if not (kinds & {"review_year", "review_multi_year"} and kinds & {"plan_year", "plan_multi_year"} and targets):
            missing.append(file)
        assert report.result.headed, file
    assert missing == [], missing
