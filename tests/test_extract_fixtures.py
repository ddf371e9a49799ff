"""Texts in the style of other reports (national, provincial, another city, a PDF text layer)
and a condensed national report with published figures: labelled by hand, scored here."""

import pytest

from gwrdata.extract.figures import extract
from gwrdata.extract.provenance import overlapping, span_mismatches, uncovered_digits

from conftest import FIXTURES, LABELS
from scoring import load_labels, report, score

TEXTS = {
    "national-style": (FIXTURES / "texts" / "national-style.txt", 2024),
    "provincial-style": (FIXTURES / "texts" / "provincial-style.txt", 2024),
    "city-style": (FIXTURES / "texts" / "city-style.txt", 2023),
    "pdf-style": (FIXTURES / "texts" / "pdf-style.txt", 2024),
    "national-2024": (FIXTURES / "recipes" / "national-2024" / "report.txt", 2024),
}


def _run(name):
    path, year = TEXTS[name]
    text = path.read_text(encoding="utf-8")
    return text, extract(text, year)


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_spans_and_digit_coverage(name):
    text, result = _run(name)
    rows = result.figures + result.exclusions
    assert span_mismatches(text, rows + result.source_issues) == []
    assert overlapping(rows) == []
    assert uncovered_digits(text, rows) == []


def test_labelled_non_shenyang_figures():
    labels, figures = [], []
    for name in sorted(TEXTS):
        text, result = _run(name)
        these = load_labels(LABELS / f"{name}.csv", text)
        print("\n" + report(name, score(these, result.figures)))
        # Spans are per text: tag them so the pooled score cannot match across texts.
        labels += [dict(row, start=(name, row["start"]), end=(name, row["end"])) for row in these]
        figures += [dict(f, start=(name, f["start"]), end=(name, f["end"])) for f in result.figures]
    result = score_pooled(labels, figures)
    print(report("all non-Shenyang texts", result))
    assert len(labels) >= 60
    assert result["recall"] >= 0.95
    assert result["value"] >= 0.97 and result["value_and_unit"] >= 0.97


def score_pooled(labels, figures):
    return score(labels, figures, key=lambda row: (row["start"], row["end"]))


def test_every_listed_form_is_labelled():
    mentions = []
    for name in sorted(TEXTS):
        text = TEXTS[name][0].read_text(encoding="utf-8")
        mentions += [row["mention"] for row in load_labels(LABELS / f"{name}.csv", text)]
    joined = "|".join(mentions)
    for form in ("萬", "億", "％", "‰", "个百分点", "倍", "番", " 万亿元", ",", "千场以上", "百万", "一千二百万", "十二点五亿", "二十连丰"):
        assert form in joined, form
    assert any(ch in joined for ch in "０１２３４５６７８９")
