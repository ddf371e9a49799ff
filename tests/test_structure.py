"""A report's structure from texts written for these tests (the genre's forms, not one report's):
Markdown as published, headings that mislead a word list, unheaded parts, no structure at all,
and a recipe's parts replacing the parts found."""

from __future__ import annotations

import csv
import subprocess
import sys

import pytest

from gwrdata.errors import InputError
from gwrdata.extract.figures import extract
from gwrdata.extract.provenance import overlapping, span_mismatches, uncovered_digits
from gwrdata.read import markdown

MARKDOWN = """---
source: https://example.gov.cn/2024/0125/report.html
title: 2024年1月25日在市第十六届人民代表大会第三次会议上
---

**政府工作报告**

各位代表：

**一、2023年工作回顾**

过去一年，全市地区生产总值增长**5.2%**，新增城镇就业12万人。

- 粮食产量达到300万吨。

## 二、2024年主要工作

今年经济社会发展的主要预期目标是：地区生产总值增长5.5%左右，城镇调查失业率控制在5.5%以内。

去年，全市居民人均可支配收入增长6%。

**（一）抓好项目建设。**全年实施重点项目300个。

各位代表！新时代赋予新使命，让我们携手奋进。
"""


def _part(result, offset: int):
    return next(s for s in result.sections if s.level != "chapter" and s.start <= offset < s.end)


def _figure(result, text: str, context: str, mention: str) -> dict:
    start = text.index(context) + context.index(mention)
    return next(f for f in result.figures if f["start"] == start)


def test_markdown_is_read_without_its_syntax_and_spans_are_the_files():
    result = extract(MARKDOWN, 2024, name="report-2024.md")
    rows = result.figures + result.exclusions
    assert span_mismatches(MARKDOWN, rows) == [] and overlapping(rows) == []
    assert uncovered_digits(MARKDOWN, rows) == []
    # The bold figure keeps its place in the file, markers and all.
    growth = _figure(result, MARKDOWN, "增长**5.2%**", "5.2%")
    assert growth["value"] == "5.2" and growth["period"] == 2023 and growth["status"] == "actual"
    # The front matter is metadata: its digits are excluded as markup, not read as figures.
    front = [e for e in result.exclusions if e["start"] < MARKDOWN.index("\n---\n") + 4]
    assert front and {e["reason"] for e in front} == {"markup"}
    assert not [f for f in result.figures if f["start"] < MARKDOWN.index("**政府工作报告**")]


def test_markdown_is_detected_by_content_and_by_name():
    assert markdown.is_markdown(MARKDOWN)
    assert markdown.is_markdown("今年地区生产总值增长5%。", "report.md")
    assert not markdown.is_markdown("一、2023年工作回顾\n过去一年，地区生产总值增长5%。", "report.txt")


def test_parts_from_markdown_headings_and_a_heading_that_misleads_a_word_list():
    result = extract(MARKDOWN, 2024, name="report-2024.md")
    assert result.headed
    review = _part(result, MARKDOWN.index("过去一年"))
    plan = _part(result, MARKDOWN.index("今年经济社会发展"))
    # "2024年主要工作": 主要工作 is said of reviews too; the report year makes it the plan.
    assert (review.part_kind, review.period, review.decided_by) == ("review_year", 2023, "heading")
    assert (plan.part_kind, plan.period, plan.decided_by) == ("plan_year", 2024, "heading")
    target = _figure(result, MARKDOWN, "增长5.5%左右", "5.5%左右")
    assert (target["status"], target["period"], target["qualifier"]) == ("target", 2024, "approx")
    # In the plan part, a sentence about last year is a result of last year.
    income = _figure(result, MARKDOWN, "可支配收入增长6%", "6%")
    assert (income["status"], income["period"]) == ("actual", 2023)
    closing = _part(result, MARKDOWN.index("各位代表！"))
    assert (closing.part_kind, closing.decided_by) == ("closing", "cue")
    chapter = next(s for s in result.sections if s.level == "chapter")
    assert chapter.parent_id == plan.section_id and chapter.title_zh.startswith("抓好项目建设")


UNHEADED = ("各位代表：\n现在，我代表市人民政府向大会报告工作。\n"
            "过去一年，全市地区生产总值增长4.8%，一般公共预算收入增长6%。\n"
            "2024年是全面贯彻党的二十大精神的关键之年。全市地区生产总值增长5%以上，新建保障性住房2000套。\n")


def test_unheaded_parts_open_with_their_cues():
    result = extract(UNHEADED, 2024)
    assert not result.headed
    review = _part(result, UNHEADED.index("过去一年"))
    plan = _part(result, UNHEADED.index("2024年是"))
    assert (review.part_kind, review.decided_by, plan.part_kind, plan.decided_by) == ("review_year", "cue", "plan_year", "cue")
    assert _figure(result, UNHEADED, "增长4.8%", "4.8%")["status"] == "actual"
    housing = _figure(result, UNHEADED, "新建保障性住房2000套", "2000套")
    assert (housing["status"], housing["period"]) == ("target", 2024)


LONG = "改造老旧小区、背街小巷和农贸市场，" * 5   # a paragraph too long for a heading line
RUN_IN = ("各位代表：\n一、2023年工作回顾\n全市地区生产总值增长4.8%。\n"
          f"二、凝心聚力，扎实做好2024年各项工作今年全市地区生产总值增长5%左右，{LONG}新建学校10所。\n"
          "三、加强政府自身建设\n各级政府要勤政廉政。\n")


@pytest.mark.parametrize("text, plan_at", [
    (RUN_IN, "二、"),
    (RUN_IN.replace("各项工作今年", "各项工作 今年"), "二、"),        # a space between the heading and its paragraph
    (RUN_IN.replace("凝心聚力，扎实做好2024年各项工作", "工作安排 "), "二、"),   # heading words, a space
])
def test_a_part_heading_run_into_its_paragraph_is_the_parts_heading(text, plan_at):
    result = extract(text, 2024)
    plan = _part(result, text.index(plan_at))
    assert (plan.part_kind, plan.period, plan.decided_by, plan.start) == ("plan_year", 2024, "heading", text.index(plan_at))
    target = _figure(result, text, "增长5%左右", "5%左右")
    assert (target["status"], target["period"]) == ("target", 2024)


EVERY_HEADING_RUN_IN = ("**一、“十一五”时期和2010年经济社会发展回顾**“十一五”时期，全区生产总值年均增长17%。"
                        "2010年全区生产总值增长15%。\n"
                        "**二、“十二五”时期经济社会发展的主要任务** “十二五”时期是我区加快转变的关键时期。" + LONG + "\n"
                        "**三、2011年经济社会发展的主要任务** 2011年是“十二五”开局之年。" + LONG +
                        "主要预期目标是：地区生产总值增长13%。\n")


def test_a_text_whose_every_part_heading_runs_into_its_paragraph_has_its_parts():
    """No numbered heading stands on a line of its own: the run-in lines make the series from
    一 on, each beside the one before."""
    result = extract(EVERY_HEADING_RUN_IN, 2011, name="report.md")
    plan = _part(result, result.text.index("三、"))
    assert (plan.part_kind, plan.period, plan.decided_by) == ("plan_year", 2011, "heading")
    target = next(f for f in result.figures if f["mention"] == "13%")
    assert (target["status"], target["period"]) == ("target", 2011)
    assert next(f for f in result.figures if f["mention"] == "15%")["status"] == "actual"


@pytest.mark.parametrize("line", [
    f"二、全市生产总值增长5%左右，{LONG}新建学校10所。",               # names no year or term: a numbered item
    f"二、重点工作全市生产总值增长5%左右，{LONG}新建学校10所。",   # heading words run in, no space: too weak
])
def test_a_numbered_line_run_into_a_paragraph_without_a_kind_is_no_part(line):
    text = RUN_IN.replace(RUN_IN.split("\n")[3], line)
    result = extract(text, 2024)
    assert _part(result, text.index("二、")).part_kind == "review_year"


FIVE_AND_ONE = ("一、2022年工作回顾\n全市地区生产总值增长4.8%。\n"
                "二、今后五年的主要目标\n今后五年，全市地区生产总值年均增长6%左右。\n"
                "今年是全面实施新规划的开局之年。全市地区生产总值增长5%左右，新建学校10所。\n")


def test_a_year_opened_inside_a_part_on_the_next_five_years_is_the_report_year():
    result = extract(FIVE_AND_ONE, 2023)
    five = _part(result, FIVE_AND_ONE.index("今后五年，"))
    year = _part(result, FIVE_AND_ONE.index("今年是"))
    assert (five.part_kind, year.part_kind, year.period, year.decided_by) == ("plan_multi_year", "plan_year", 2023, "cue")
    target = _figure(result, FIVE_AND_ONE, "增长5%左右", "5%左右")
    assert (target["status"], target["period"]) == ("target", 2023)
    average = _figure(result, FIVE_AND_ONE, "年均增长6%左右", "6%左右")
    assert (average["status"], average["period_from"], average["period_to"]) == ("target", 2023, 2027)


def test_a_heading_naming_a_later_year_keeps_its_paragraphs_that_open_with_this_year():
    """A text filed under the year before the one it plans (二、2024年目标任务 in a report filed as
    2023's): its 今年 is the heading's year, and the cue does not move its figures to 2023."""
    text = FIVE_AND_ONE.replace("二、今后五年的主要目标", "二、2024年目标任务").replace("一、2022年", "一、2023年")
    result = extract(text, 2023)
    assert _part(result, text.index("今年是")).part_kind == "plan_multi_year"
    assert _figure(result, text, "增长5%左右", "5%左右")["period"] == 2024


def test_no_structure_at_all_sentence_cues_decide():
    text = "去年全市地区生产总值增长4.8%。力争地区生产总值增长5%以上。预计粮食产量达到300万吨。\n"
    result = extract(text, 2024)
    assert not result.headed and [s.part_kind for s in result.sections] == ["body"]
    assert _figure(result, text, "增长4.8%", "4.8%")["status"] == "actual"
    assert _figure(result, text, "增长4.8%", "4.8%")["period"] == 2023
    assert _figure(result, text, "增长5%以上", "5%以上")["status"] == "target"
    assert _figure(result, text, "300万吨", "300万吨")["status"] == "estimate"


def test_a_recipes_parts_replace_the_parts_found():
    parts = [{"first_chars": "**一、2023年工作回顾**", "kind": "review_year", "period_from": "2023", "period_to": "2023"},
             {"first_chars": "## 二、2024年主要工作", "kind": "plan_multi_year", "period_from": "2024", "period_to": "2028"}]
    result = extract(MARKDOWN, 2024, name="report-2024.md", parts=parts)
    plan = _part(result, MARKDOWN.index("今年经济社会发展"))
    assert (plan.part_kind, plan.period_from, plan.period_to, plan.decided_by) == ("plan_multi_year", 2024, 2028, "recipe")
    assert not any(s.part_kind == "closing" for s in result.sections)   # the recipe's parts are all the parts
    assert _figure(result, MARKDOWN, "增长5.5%左右", "5.5%左右")["period"] == 2028


@pytest.mark.parametrize("row, words", [
    ({"first_chars": "二、2025年", "kind": "plan_year"}, "not in the text"),
    ({"first_chars": "增长", "kind": "plan_year"}, "not unique"),
    ({"first_chars": "## 二、2024年主要工作", "kind": "forecast"}, "not a part kind"),
])
def test_a_bad_recipe_part_is_one_clear_error(row, words):
    with pytest.raises(InputError) as error:
        extract(MARKDOWN, 2024, name="report-2024.md", parts=[row], parts_source="recipes/x/parts.csv")
    assert words in error.value.message and "recipes/x/parts.csv" in error.value.message


def test_cli_writes_the_structure_and_says_when_no_heading_was_found(tmp_path):
    source = tmp_path / "excerpt-2024.txt"
    source.write_text(UNHEADED, encoding="utf-8")
    out = tmp_path / "out"
    run = subprocess.run([sys.executable, "-m", "gwrdata.cli", "extract", str(source), "--out", str(out)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    notes = [line for line in run.stdout.splitlines() if "no part headings found" in line]
    assert len(notes) == 1 and str(source) in notes[0]
    with open(out / "sections.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["part_kind"] for r in rows] == ["opening", "review_year", "plan_year"]
    assert {r["decided_by"] for r in rows[1:]} == {"cue"}
    assert all(UNHEADED[int(r["start"]):int(r["end"])] for r in rows)


def test_batch_reads_markdown_files_in_folders(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "city-2024.md").write_text(MARKDOWN, encoding="utf-8")
    out = tmp_path / "out"
    run = subprocess.run([sys.executable, "-m", "gwrdata.cli", "extract", str(folder), "--out", str(out), "--json"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    with open(out / "city-2024" / "figures.csv", encoding="utf-8", newline="") as handle:
        figures = list(csv.DictReader(handle))
    assert figures and all(MARKDOWN[int(f["start"]):int(f["end"])] == f["mention"] for f in figures)
    assert (out / "city-2024" / "sections.csv").exists()


PLAN_UNHEADED = ("一、过去一年工作回顾\n全市地区生产总值增长4.8%。\n"
                 "今年，我们要坚定信心。全市地区生产总值增长6%的势头要保持。\n"
                 "2024年，是全面贯彻党的二十大精神的关键之年。经济社会发展的主要预期目标是：全市地区生产总值增长5%左右。\n")


def test_a_paragraph_opening_on_the_report_year_plans_after_a_review_heading():
    """The plan follows the review of the year before under no heading of its own: the paragraph
    that opens on 2024 by its number plans 2024; one that opens on 今年 does not (a text written
    before the year turned calls the year it reviews 今年)."""
    result = extract(PLAN_UNHEADED, 2024)
    assert _part(result, PLAN_UNHEADED.index("今年，")).part_kind == "review_year"
    plan = _part(result, PLAN_UNHEADED.index("2024年，"))
    assert (plan.part_kind, plan.period, plan.decided_by) == ("plan_year", 2024, "cue")
    target = _figure(result, PLAN_UNHEADED, "增长5%左右", "5%左右")
    assert (target["status"], target["period"]) == ("target", 2024)
    assert _figure(result, PLAN_UNHEADED, "增长4.8%", "4.8%")["status"] == "actual"


WEAK_HEADING = ("一、2022年工作回顾\n全市地区生产总值增长4.8%。\n"
                "二、踔厉奋发，在新征程上干出新成效\n"
                "2023年是贯彻党的二十大精神的开局之年。主要预期目标是：全市地区生产总值增长5%左右。\n"
                "三、加强政府自身建设\n各级政府要勤政廉政。\n")


@pytest.mark.parametrize("first, kind", [
    ("2023年是贯彻党的二十大精神的开局之年。", "plan_year"),    # the year by its number: the paragraph decides
    ("今年是贯彻党的二十大精神的开局之年。", "review_year"),    # 今年 alone: the heading's word (成效) stands
])
def test_a_heading_named_by_a_common_word_yields_to_its_first_paragraph_on_the_year(first, kind):
    text = WEAK_HEADING.replace("2023年是贯彻党的二十大精神的开局之年。", first)
    result = extract(text, 2023)
    part = _part(result, text.index("二、"))
    assert part.part_kind == kind
    assert _figure(result, text, "增长5%左右", "5%左右")["status"] == ("target" if kind == "plan_year" else "actual")


TARGETS_UNDER_REVIEW = ("一、2016年工作回顾\n全市地区生产总值增长7.8%。\n"
                        "去年全市经济社会发展的主要预期目标是：地区生产总值增长8%。\n"
                        "{lead}\n"
                        "{statement}地区生产总值增长7%左右，固定资产投资增长10%。\n"
                        "（一）抓好项目建设。全年实施重点项目300个。\n")


@pytest.mark.parametrize("lead, statement", [
    # the plan heading run into the end of the paragraph before it
    ("做好今年工作，必须坚持稳中求进。三、2017年重点工作", "今年全市经济社会发展的主要预期目标是："),
    # a lead clause before the year, under a heading that names no kind
    ("我们要坚定信心，迎难而上。", "综合考虑各方面因素，今年全市经济社会发展的目标是："),
])
def test_a_paragraph_stating_the_years_targets_starts_the_plan_under_a_review_heading(lead, statement):
    text = TARGETS_UNDER_REVIEW.format(lead=lead, statement=statement)
    result = extract(text, 2017)
    plan = _part(result, text.index(statement))
    assert (plan.part_kind, plan.period, plan.decided_by) == ("plan_year", 2017, "cue")
    for mention in ("7%左右", "10%"):
        assert (_figure(result, text, mention, mention)["status"], _figure(result, text, mention, mention)["period"]) == ("target", 2017)
    assert _figure(result, text, "项目300个", "300个")["period"] == 2017
    # last year's targets restated in the review, and the review before them, stay the review
    assert _part(result, text.index("去年全市")).part_kind == "review_year"
    assert _figure(result, text, "增长7.8%", "7.8%")["status"] == "actual"


@pytest.mark.parametrize("intro, kind", [
    ("主要预期目标是：", "plan_year"),                       # a list's introducer naming no year
    ("宏观调控的主要目标建议为：", "plan_year"),
    ("“十二五”时期的主要目标是：", "review_multi_year"),     # a span of years: not the year's list
    ("五年前确定的主要目标是：", "review_multi_year"),
])
def test_a_list_of_targets_naming_no_year_starts_the_plan_where_no_plan_heading_was_read(intro, kind):
    text = ("各位代表：\n五年来，全市地区生产总值年均增长9%。\n"
            "刚刚过去的一年，全市地区生产总值增长8.5%。\n"
            f"{intro}地区生产总值增长8%以上，固定资产投资增长15%。\n")
    result = extract(text, 2012)
    assert _part(result, text.index(intro)).part_kind == kind
    target = _figure(result, text, "增长8%以上", "8%以上")
    assert target["status"] == ("target" if kind == "plan_year" else "actual")


def test_years_in_full_width_digits_name_their_part():
    """２００８年的政府工作 is the plan for 2008 (the heading in the series names its year), and a
    paragraph opening on ２００８年 plans it, as with ASCII digits."""
    text = ("一、２００７年工作回顾\n全市地区生产总值增长１７％。\n"
            "二、今后五年的主要目标\n今后五年，全市地区生产总值年均增长１３％。\n"
            "三、２００８年的政府工作\n２００８年，是新一届政府的开局之年。主要预期目标为：地区生产总值增长１５％。\n")
    result = extract(text, 2008)
    plan = _part(result, text.index("三、"))
    assert (plan.part_kind, plan.period, plan.decided_by) == ("plan_year", 2008, "heading")
    target = _figure(result, text, "增长１５％", "１５％")
    assert (target["status"], target["period"]) == ("target", 2008)
    assert _part(result, text.index("全市地区生产总值增长１７")).part_kind == "review_year"


@pytest.mark.parametrize("heading, kind", [
    ("一、克难奋进，各项目标任务圆满完成", "review_year"),   # the plan word, then words that say it was done
    ("一、凝心聚力，确保完成全年目标任务", "plan_year"),     # 完成 before the plan word: still to do
])
def test_a_heading_that_says_its_targets_were_done_reviews(heading, kind):
    text = (f"{heading}\n全市地区生产总值增长7.8%。\n"
            "二、勇毅前行，奋力谱写发展新篇章\n主要预期目标是：地区生产总值增长7%左右。\n")
    result = extract(text, 2022)
    assert _part(result, text.index("全市")).part_kind == kind
    if kind == "review_year":   # the first part reviews, so the next numbered part plans (heading order)
        assert _figure(result, text, "增长7.8%", "7.8%")["status"] == "actual"
        assert (_figure(result, text, "7%左右", "7%左右")["status"], _part(result, text.index("二、")).part_kind) == ("target", "plan_year")


@pytest.mark.parametrize("sentence, context, period", [
    # a word of the past nearer the figure than a year dates it
    ("在2007年实现高于全省平均水平后，去年全市生产总值增长11.51%。", "增长11.51%", 2008),
    # a year in brackets is part of a name (a plan's span), not the time of the sentence
    ("国土空间总体规划（2021―2035年）获批实施，全市生产总值增长5.7%。", "增长5.7%", 2008),
    ("《2035年远景目标纲要》印发实施，全市生产总值增长5.7%。", "增长5.7%", 2008),
    # a year stated before the figure, with no later word of the past, still dates it
    ("2007年全市生产总值增长9.2%。", "增长9.2%", 2007),
    # 比上年 is a comparison's base, not a date
    ("2007年全市生产总值比上年增长9.2%。", "增长9.2%", 2007),
])
def test_the_period_is_the_nearest_statement_of_time_before_the_figure(sentence, context, period):
    text = f"一、2008年工作回顾\n{sentence}\n二、2009年工作安排\n全市生产总值增长9%左右。\n"
    result = extract(text, 2009)
    figure = _figure(result, text, context, context[2:])
    assert (figure["status"], figure["period"]) == ("actual", period)
