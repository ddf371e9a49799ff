"""Figures about several years carry their first and last years (docs/conventions.md, "Periods
longer than a year"); one year's figures keep period_from = period = period_to."""

from __future__ import annotations

from gwrdata.extract.figures import extract


def years(text: str, year: int) -> dict[str, tuple]:
    return {f["mention"]: (f["period_from"], f["period"], f["period_to"], f["status"]) for f in extract(text, year).figures}


def test_a_five_year_review_gives_its_averages_and_totals_the_term():
    got = years("一、过去五年工作回顾\n五年来，全市地区生产总值年均增长7.5%，累计完成固定资产投资5000亿元。"
                "全市常住人口达到300万人。\n二、2021年工作安排\n今年地区生产总值增长6%以上。\n", 2021)
    assert got["7.5%"][:3] == (2016, 2020, 2020)
    assert got["5000亿元"] == (2016, 2020, 2020, "cumulative")
    # A figure of the last year in the same part, and the plan's target, are one year's.
    assert got["300万人"][0] == got["300万人"][2] == got["300万人"][1]
    assert got["6%以上"] == (2021, 2021, 2021, "target")


def test_a_growth_since_an_earlier_year_spans_the_years_after_it():
    got = years("2007年，国内生产总值达到24.66万亿元，比2002年增长65.5%，年均增长10.6%。城镇新增就业1204万人。", 2008)
    assert got["65.5%"][:3] == (2003, 2007, 2007)
    assert got["10.6%"][:3] == (2003, 2007, 2007)
    assert got["24.66万亿元"][:3] == (2007, 2007, 2007)
    assert got["1204万人"][:3] == (2007, 2007, 2007)


def test_a_named_term_and_a_written_span():
    got = years("“十四五”时期，地区生产总值年均增长6%左右。2016—2020年累计完成投资1.2万亿元。", 2021)
    assert got["6%左右"][0::2][:2] == (2021, 2025)
    assert got["1.2万亿元"][0::2][:2] == (2016, 2020)


def test_one_years_averages_and_comparisons_stay_one_year():
    got = years("去年城镇调查失业率全年平均为5.2%，粮食产量是2009年的1.8倍，比上年增长3%。", 2021)
    for mention in ("5.2%", "1.8倍", "3%"):
        first, period, last, _ = got[mention]
        assert first == period == last == 2020, mention
