"""A report's year by its own text: short texts written for these tests, one per kind of evidence,
and reports of the mirror whose year was found by reading them (misfiled ones among them).

Every expected year below was read from the text, never taken from the function's output.
"""

from __future__ import annotations

import csv

import pytest
from conftest import ROOT, SOURCE

from gwrdata.extract.dating import EVIDENCE, check, report_year

MIRROR = ROOT.parent / "shared" / "mirror"

ADDRESS = "各位代表：\n\n现在，我代表市人民政府，向大会报告工作，请予审议。\n\n"


def located(text: str, dating) -> str:
    """The deciding words, checked against their span."""
    assert text[dating.start:dating.end] == dating.words
    return dating.words


# ---------------------------------------------------------------- one kind of evidence each


def test_date_line_in_arabic_numerals():
    text = ("**政府工作报告**\n\n——2024年1月15日在沈阳市第十七届人民代表大会第三次会议上\n\n沈阳市市长 某某\n\n"
            + ADDRESS + "一、2023年工作回顾\n\n过去一年，全市经济运行稳中向好。\n")
    dating = report_year(text)
    assert (dating.year, dating.evidence, dating.delivered) == (2024, "date_line", 2024)
    assert located(text, dating) == "2024年1月15日"


def test_date_line_in_chinese_numerals_and_the_session_before_the_date():
    text = ("政府工作报告\n\n**二〇二四年一月十五日在某某市第十七届人民代表大会第三次会议上**\n\n" + ADDRESS
            + "过去一年，我们克服困难。\n")
    assert (report_year(text).year, report_year(text).evidence) == (2024, "date_line")
    # The session named first, the date in brackets after it; an Arabic zero among Chinese digits.
    text = "政府工作报告\n在某某省第十一届人民代表大会第四次会议上（二0一一年一月十八日）\n\n" + ADDRESS
    dating = report_year(text)
    assert (dating.year, dating.evidence) == (2011, "date_line")
    assert located(text, dating) == "二0一一年一月十八日"


def test_full_width_digits_are_read():
    text = "——２０２４年１月１５日在某某市第十七届人民代表大会第三次会议上\n\n" + ADDRESS
    dating = report_year(text)
    assert (dating.year, dating.evidence) == (2024, "date_line")
    assert located(text, dating) == "２０２４年１月１５日"


def test_a_session_in_december_plans_the_next_year():
    text = ("——2021年12月21日在某某市第十七届人民代表大会第一次会议上\n\n" + ADDRESS
            + "一、过去五年工作回顾\n\n即将过去的2021年，主要目标任务全面完成。\n\n三、2022年工作安排\n\n"
            + "今年是“十四五”规划开局之年。\n")
    dating = report_year(text)
    assert (dating.year, dating.delivered, dating.evidence) == (2022, 2021, "date_line")
    # Filed by the plan year or by the delivery, the file agrees; filed two years off, it does not.
    assert check(2022, dating).status == "agrees"
    status, year, reason = check(2021, dating)
    assert (status, year) == ("agrees", 2021) and "delivered late in 2021" in reason
    assert check(2020, dating)[:2] == ("differs", 2022)


def test_heading_in_chinese_numerals():
    text = "二〇二四年政府工作报告\n\n" + ADDRESS + "过去一年，我们做了大量工作。\n"
    dating = report_year(text)
    assert (dating.year, dating.evidence) == (2024, "heading")
    assert located(text, dating) == "二〇二四年"


def test_plan_year_only():
    text = (ADDRESS + "一、过去一年的工作\n\n过去一年，全市经济稳中有进。\n\n三、2024年重点工作\n\n"
            + "2024年全市经济社会发展的主要预期目标是：地区生产总值增长6%左右。\n")
    dating = report_year(text)
    assert (dating.year, dating.evidence) == (2024, "plan_year")
    assert "2024年重点工作" in located(text, dating)


def test_review_year_only_with_this_year_unnamed():
    # 今年 never names its year; the review's 2023 does, and the report is for the year after it.
    text = (ADDRESS + "一、2023年工作回顾\n\n刚刚过去的2023年，全市上下攻坚克难。\n\n二、今年工作安排\n\n"
            + "今年是全面贯彻党的二十大精神的关键一年。\n")
    dating = report_year(text)
    assert (dating.year, dating.evidence) == (2024, "review_year")
    assert located(text, dating).startswith("2023年")


def test_five_year_plan_context():
    text = ADDRESS + "今年是“十四五”规划开局之年，也是全面建设社会主义现代化国家新征程开启之年。\n"
    dating = report_year(text)
    assert (dating.year, dating.evidence) == (2021, "five_year_plan")
    text = ADDRESS + "过去一年，是“十三五”规划收官之年。\n"
    assert report_year(text).year == 2021
    text = ADDRESS + "一、“十二五”时期工作回顾\n\n五年来，全省经济总量迈上新台阶。\n"
    assert report_year(text).year == 2016


def test_no_year_at_all_keeps_the_manifests():
    text = ADDRESS + "过去一年，我们做了大量工作。今年，我们将继续努力。\n"
    dating = report_year(text)
    assert (dating.year, dating.evidence, dating.start) == (None, "none", -1)
    status, year, reason = check(2019, dating)
    assert (status, year) == ("undecided", 2019)
    assert "2019 is kept" in reason
    # A date no calendar has is no date line.
    for impossible in ("二〇二四年十三月五日", "2024年1月40日", "2024年0月5日"):
        text = impossible + "在某某市第十七届人民代表大会第三次会议上\n\n" + ADDRESS
        assert report_year(text).evidence == "none", impossible


def test_an_even_split_decides_nothing():
    text = ADDRESS + "一、2022年工作回顾\n\n三、2024年工作安排\n"
    dating = report_year(text)
    assert (dating.year, dating.evidence) == (None, "conflict")
    status, year, reason = check(2023, dating)
    assert (status, year) == ("undecided", 2023)
    assert "2023 (1)" in reason and "2024 (1)" in reason


# ---------------------------------------------------------------- what must not date a report


def test_a_later_footer_date_does_not_win():
    text = ("**政府工作报告**\n\n——2024年1月15日在某某市第十七届人民代表大会第三次会议上\n\n" + ADDRESS
            + "一、2023年工作回顾\n\n过去一年，全市经济运行稳中向好。\n\n"
            + "发布日期：2025年3月1日　浏览次数：1024\n版权所有 © 2025 某某市人民政府\n")
    dating = report_year(text)
    assert (dating.year, dating.evidence) == (2024, "date_line")


def test_a_session_date_in_the_body_is_no_date_line():
    # The title block ends at the address; last year's session, recalled in the review, is not it.
    text = ("**政府工作报告**\n\n" + ADDRESS + "一、2023年工作回顾\n\n"
            "2023年1月10日在市第十七届人民代表大会第二次会议上确定的目标任务全面完成。\n")
    dating = report_year(text)
    assert (dating.year, dating.evidence) == (2024, "review_year")


def test_a_web_page_date_in_a_short_text_is_no_heading():
    # A short page with no address: its first characters are all title block, the page's date too.
    text = "2025年3月1日 来源：某某日报\n\n过去一年，我们做了大量工作。今年，我们将继续努力。\n"
    assert (report_year(text).year, report_year(text).evidence) == (None, "none")
    text = "发布时间：2025年03月02日\n\n三、2024年重点工作\n\n稳增长、促改革。\n"
    dating = report_year(text)
    assert (dating.year, dating.evidence) == (2024, "plan_year")


def test_front_matter_and_comments_are_not_the_report():
    # A mirror's title and a photo caption, each with a session's date, neither the report's words.
    text = ("---\nsource: https://example.gov.cn/2025/0301/a.html\n"
            "title: 2025年1月5日在某某市第十七届人民代表大会第四次会议上\n---\n\n" + ADDRESS
            + "一、2023年工作回顾\n\n刚刚过去的2023年，我们攻坚克难。\n")
    dating = report_year(text)
    assert (dating.year, dating.evidence) == (2024, "review_year")
    text = ("<!-- 2025年1月20日，市长某某在市第十七届人民代表大会第四次会议上作政府工作报告。 -->\n\n"
            + ADDRESS + "一、2023年工作回顾\n")
    dating = report_year(text)
    assert (dating.year, dating.evidence) == (2024, "review_year")


def test_the_body_overrules_a_bare_date_in_the_title_block():
    # A date beside the speaker's name, without the session, put there by a compilation.
    text = ("（2010年2月20日 某某）\n\n各位代表，现在我向大会报告过去五年的工作。\n\n一、过去五年工作回顾\n\n"
            "1998年到2002年，是跨世纪发展的重要时期。刚刚过去的2002年，全省经济持续增长。\n")
    dating = report_year(text)
    assert (dating.year, dating.evidence) == (2003, "review_year")
    assert dating.votes[0].kind == "heading" and dating.votes[0].year == 2010


def test_spans_and_completed_tasks_are_no_plan_year():
    # 到2025年 ends a span; last year's tasks completed speak of the review year.
    text = (ADDRESS + "各位代表！2023年主要目标任务的圆满完成，为今后发展奠定了基础。到2025年的主要预期目标是：翻一番。\n"
            + "全面完成了市人大确定的2023年目标任务。\n")
    dating = report_year(text)
    assert (dating.year, dating.evidence) == (2024, "review_year")
    assert {vote.year for vote in dating.votes} == {2024}


def test_differs_names_the_evidence():
    text = "——2012年1月31日在某某市第十三届人民代表大会第五次会议上\n\n" + ADDRESS + "一、2011年工作回顾\n"
    status, year, reason = check(2014, report_year(text))
    assert (status, year) == ("differs", 2012)
    assert "date line" in reason and "2012年1月31日" in reason and "2014" in reason


def test_every_evidence_kind_is_named():
    assert set(EVIDENCE) >= {"date_line", "heading", "plan_year", "review_year", "five_year_plan", "none"}


def test_the_shenyang_source_reviews_2023():
    # The repository's Shenyang text has no date line and carries web spam inside its review;
    # its heading 一、2023年工作回顾 makes it the report for 2024.
    text = SOURCE.read_text(encoding="utf-8")
    dating = report_year(text)
    assert dating.year == 2024
    assert dating.evidence in ("plan_year", "review_year")


# ---------------------------------------------------------------- the mirror, read


# (path, year in the manifest, the year the text is for, status): each read in the mirror.
READ = [
    # 四川 files the reports of 2004–2020 one year early. 2010.md: 在四川省第十一届人民代表大会第四次
    # 会议上（2011年1月18日）, reviews 十一五 and 2010, plans 2011 (2011年工作安排).
    ("政府工作报告-省自治区/四川省/2010.md", 2010, 2011, "differs"),
    # 2003.md has no date line: 一、2003年工作回顾, 二、2004年工作安排.
    ("政府工作报告-省自治区/四川省/2003.md", 2003, 2004, "differs"),
    # ——2012年1月31日在邢台市第十三届人民代表大会第五次会议上; 一、2011年工作回顾; 二、2012年工作的总体要求.
    ("政府工作报告-其他地市/邢台市/2014.md", 2014, 2012, "differs"),
    # ——2014年2月19日在清远市第六届人民代表大会第四次会议上; 2013 年工作回顾.
    ("政府工作报告-其他地市/清远市/2015.md", 2015, 2014, "differs"),
    # ——2014年2月20日在潮州市…; 2013年工作回顾; 2014年工作安排.
    ("政府工作报告-其他地市/潮州市/2015.md", 2015, 2014, "differs"),
    # ——2015年2月3日在牡丹江市…; 一、 2014年工作简要回顾; 二、 2015年工作总体部署.
    ("政府工作报告-其他地市/牡丹江市/2016.md", 2016, 2015, "differs"),
    # （2010年2月20日 梁保华） beside the name, but the text reviews 1998–2002 (过去五年, 刚刚过去的
    # 2002年) and plans 今年: the report of 2003, rightly filed.
    ("政府工作报告-省自治区/江苏省/2003.md", 2003, 2003, "agrees"),
    # ——2021年12月21日在兰州市第十七届人民代表大会第一次会议上; 三、2022年工作安排: filed by its
    # delivery in 2021.md and by its plan year in 2022.md.
    ("政府工作报告-主要城市/兰州市/2021.md", 2021, 2022, "agrees"),
    ("政府工作报告-主要城市/兰州市/2022.md", 2022, 2022, "agrees"),
    # ——2011年11月15日在兰州市第十五届人民代表大会第一次会议上; 三、2012年的政府工作.
    ("政府工作报告-主要城市/兰州市/2012.md", 2012, 2012, "agrees"),
    # **二〇二一年一月三十日在郑州市第十五届人民代表大会第四次会议上**
    ("政府工作报告-主要城市/郑州市/2021.md", 2021, 2021, "agrees"),
    # ——二0一四年一月十五日在内蒙古自治区第十二届人民代表大会第二次会议上
    ("政府工作报告-省自治区/内蒙古自治区/2014.md", 2014, 2014, "agrees"),
    # ——2024年3月5日在第十四届全国人民代表大会第二次会议上
    ("政府工作报告-国务院/2024.md", 2024, 2024, "agrees"),
    # No date line: 一、2015年及“十二五”时期工作回顾.
    ("政府工作报告-省自治区/湖南省/2016.md", 2016, 2016, "agrees"),
    # 1979: dated only as two years after a session of 一九七七年十二月; no year of its own.
    ("政府工作报告-省自治区/浙江省/1979.md", 1979, None, "undecided"),
]


@pytest.mark.skipif(not (MIRROR / "reports.csv").is_file(), reason="the mirror is not beside the repository")
@pytest.mark.parametrize("path, filed, text_year, status", READ)
def test_mirror_reports_read_by_hand(path, filed, text_year, status):
    with (MIRROR / "reports.csv").open(encoding="utf-8", newline="") as handle:
        manifest = {row["path"]: int(row["year"]) for row in csv.DictReader(handle)}
    assert manifest[path] == filed
    text = (MIRROR / path).read_text(encoding="utf-8")
    dating = report_year(text)
    assert dating.year == text_year
    result = check(filed, dating)
    assert result.status == status
    assert result.year == (text_year if status == "differs" else filed)
    if text_year is not None:
        assert located(text, dating)


@pytest.mark.parametrize("text, name, evidence", [
    ("---\ntitle: 沧州市政府工作报告\n---\n\n——2016年1月6日在池州市第三届人民代表大会第五次会议上\n", "池州市", "session line"),
    ("---\ntitle: 大理市政府工作报告\n---\n\n——2014年2月18日在大理白族自治州第十三届人民代表大会第二次会议上\n",
     "大理白族自治州", "session line"),  # the session line over a mirror's title
    ("---\ntitle: 宿州市政府工作报告 （2015年1月19日 史翔）\n---\n\n各位代表：\n", "宿州市", "title"),
    ("一九九七年二月十五日在山东省第八届人民代表大会第五次会议上\n", "山东省", "session line"),  # a date is no name
    ("——在自治区第九届人民代表大会第五次会议上\n", None, None),  # its own kind, no name
    ("各位代表：\n现在，我代表市人民政府向大会报告工作。\n", None, None),
    ("---\nsource: x\n---\n\ntitle: 池州市政府工作报告\n", None, None),  # a title line after the front matter is the body's
])
def test_a_report_names_its_government_in_its_session_line(text, name, evidence):
    from gwrdata.extract.issuer import named_government

    found = named_government(text)
    assert (found.name, found.evidence) == (name, evidence) if name else found is None


@pytest.mark.parametrize("named, filed, same", [
    ("沧州市", "沧州市", True), ("黔西南州", "黔西南布依族苗族自治州", True), ("克孜勒苏州", "克孜勒苏柯尔克孜自治州", True),
    ("池州市", "沧州市", False), ("淮安市", "淮南市", False),
    ("文山市", "文山壮族苗族自治州", False),  # a county-level city is not its prefecture
    ("宁夏回族自治区", "宁夏回族自治区", True), ("河北省", "河南省", False),
])
def test_a_name_stands_for_a_government_of_its_kind_whose_name_it_begins(named, filed, same):
    from gwrdata.extract.issuer import same_government

    assert same_government(named, filed) == same
