"""The Shenyang 2024 report: spans, coverage, contamination, and the score on the labelled set."""

from gwrdata.extract.provenance import overlapping, span_mismatches, uncovered_digits

from conftest import LABELS
from scoring import load_labels, report, score


def test_every_span_reproduces_its_mention(shenyang, shenyang_text):
    for table in (shenyang.figures, shenyang.exclusions, shenyang.source_issues):
        assert table and span_mismatches(shenyang_text, table) == []


def test_every_digit_is_in_exactly_one_figure_or_exclusion(shenyang, shenyang_text):
    rows = shenyang.figures + shenyang.exclusions
    assert overlapping(rows) == []
    assert uncovered_digits(shenyang_text, rows) == []


def test_contamination_is_reported_and_yields_nothing(shenyang, shenyang_text):
    kinds = [i["kind"] for i in shenyang.source_issues]
    assert kinds.count("spam") == 8 and kinds.count("footer") == 1 and kinds.count("mangled_character") == 1
    mangled = next(i for i in shenyang.source_issues if i["kind"] == "mangled_character")
    assert mangled["start"] == shenyang_text.index("市长? ") + 2
    spam = [i for i in shenyang.source_issues if i["kind"] == "spam"]
    assert {i["mention"] for i in spam} == {"365体育投注_365体育直播-竞猜网投"}
    assert len(spam) == shenyang_text.count("365体育投注_365体育直播-竞猜网投")
    footer = next(i for i in shenyang.source_issues if i["kind"] == "footer")
    assert footer["mention"].startswith("版权所有") and footer["end"] == len(shenyang_text.rstrip())
    bad = [(i["start"], i["end"]) for i in shenyang.source_issues]
    for figure in shenyang.figures:
        assert not any(s < figure["end"] and figure["start"] < e for s, e in bad)
        assert "体育" not in figure["subject_zh"] and "版权" not in figure["subject_zh"]


def test_figure_ids_come_from_spans(shenyang):
    ids = [f["figure_id"] for f in shenyang.figures]
    assert len(set(ids)) == len(ids)
    assert all(f["figure_id"] == f"F{f['start']:06d}" for f in shenyang.figures)


def test_labelled_shenyang_set(shenyang, shenyang_text):
    labels = load_labels(LABELS / "shenyang-2024.csv", shenyang_text)
    assert len(labels) >= 80
    result = score(labels, shenyang.figures)
    print("\n" + report("shenyang-2024", result))
    assert result["recall"] >= 0.97, [m["mention"] for m in result["misses"]]
    assert result["value_and_unit"] >= 0.98
    for field in ("qualifier", "measure", "period"):
        assert result[field] >= 0.95, (field, [(l["mention"], f[field]) for l, f in result["errors"][field]])
    assert result["status"] >= 0.90
