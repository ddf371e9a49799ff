"""The headline table: the target paragraph in its variants, the shared codelist, the results.

The report texts here are written for the tests (short, in the genre's wording); the corpus
(tests/test_corpus_release.py) checks the same rules on 155 real reports.
"""

from __future__ import annotations

import csv
import json

import pytest

from gwrdata.cli import main
from gwrdata.extract.figures import extract
from gwrdata.package import headline
from gwrdata.package.registry import vocabulary

from conftest import ROOT

REVIEW = ("各位代表：\n一、2023年工作回顾\n"
          "过去一年，全市地区生产总值达到1200亿元，增长5.2%，一般公共预算收入增长4%，"
          "城乡居民人均可支配收入分别增长5%和6.5%，居民收入增长与经济增长基本同步。\n"
          "二、2024年工作安排\n")


def table(text: str, year: int = 2024) -> headline.Headline:
    result = extract(text, year)
    return headline.build(None, text, result.figures, result.sections, year=year)


def rows(h: headline.Headline) -> dict[tuple[str, str], dict]:
    return {(r["indicator_id"], r["status"]): r for r in h.rows}


@pytest.mark.parametrize("introducer", ["主要预期目标是：", "主要目标是：", "预期目标为：", "主要预期指标：",
                                        "经济社会发展的主要预期目标建议为：", "主要发展预期目标是："])
def test_the_target_paragraph_is_found_by_its_variants(introducer):
    text = REVIEW + f"今年{introducer}地区生产总值增长6%左右，一般公共预算收入增长5%。\n"
    h = table(text)
    assert h.paragraph is not None and h.descriptor()["found"] is True
    gdp = rows(h)[("gdp", "target")]
    assert (gdp["value"], gdp["qualifier"], gdp["year"]) == ("6", "approx", 2024)
    assert text[gdp["start"]:gdp["end"]] == gdp["text"] == "地区生产总值增长6%左右"


def test_results_of_the_year_before_stand_beside_the_targets():
    text = REVIEW + ("今年经济社会发展的主要预期目标是：地区生产总值增长6%左右；一般公共预算收入增长5%；"
                     "城乡居民人均可支配收入分别增长6%和7%；城镇调查失业率控制在5.5%以内。\n")
    by = rows(table(text))
    assert by[("gdp", "actual")]["value"] == "5.2"  # 达到1200亿元 (a level) is not the growth result
    assert by[("gdp", "actual")]["text"] == "全市地区生产总值达到1200亿元，增长5.2%"
    assert by[("general_budget_revenue", "actual")]["value"] == "4"
    # 城乡居民…分别增长: urban and rural, each its own indicator, targets and results in order.
    assert (by[("urban_disposable_income", "target")]["value"], by[("rural_disposable_income", "target")]["value"]) == ("6", "7")
    assert (by[("urban_disposable_income", "actual")]["value"], by[("rural_disposable_income", "actual")]["value"]) == ("5", "6.5")
    assert by[("urban_unemployment_surveyed", "not_stated")]["note"].startswith("The review states no 2023 result")


def test_gdp_of_a_unit_of_land_is_not_the_gdp():
    """地均GDP and 亩均GDP (GDP per unit of land) are ratios, like 单位GDP能耗: not the GDP result."""
    text = ("各位代表：\n一、2025年工作回顾\n"
            "过去一年，全市单位GDP能耗下降3.5个百分点，建设用地地均GDP增长8.2%，亩均GDP提高6%，地区生产总值增长5.4%。\n"
            "二、2026年工作安排\n今年主要预期目标是：地区生产总值增长5%左右，单位地区生产总值能耗下降3%。\n")
    by = rows(table(text, 2026))
    assert (by[("gdp", "actual")]["value"], by[("gdp", "actual")]["text"]) == ("5.4", "地区生产总值增长5.4%")
    # nor does the energy intensity waiting for a figure in its unit take the ratio's
    assert by.get(("energy_intensity", "actual"), {}).get("value") != "8.2"


def test_a_subject_takes_the_figure_that_relates_it_to_another_name():
    """研发投入超过1200亿元，占地区生产总值的2.3%: the share is the subject's, not another noun's."""
    text = ("各位代表：\n一、2012年工作回顾\n过去一年，全社会研发投入超过1200亿元，占地区生产总值的2.3%，"
            "万元GDP能耗继续下降，万元GDP水耗下降10.5%。\n二、2013年工作安排\n"
            "今年主要预期目标是：地区生产总值增长10%，全社会研发投入占地区生产总值比重达到2.45%，单位地区生产总值能耗下降3.5%。\n")
    by = rows(table(text, 2013))
    assert by[("rd_expenditure", "actual")]["value"] == "2.3"
    assert by.get(("energy_intensity", "actual"), {}).get("value") != "10.5"   # the water's


def test_a_pair_given_one_figure_for_both_is_two_targets():
    """城乡居民人均可支配收入均增长8%: urban and rural residents' income each 8%, each beside its
    result; without 均 it stays the residents' income, and 年均 is an average, not 'each'."""
    review = ("各位代表：\n一、2015年工作回顾\n过去一年，城镇居民人均可支配收入30000元，农村居民人均可支配收入12000元，"
              "分别增长8.1%和9.2%。\n二、2016年工作安排\n今年主要预期目标是：地区生产总值增长7%，")
    by = rows(table(review + "城乡居民人均可支配收入均增长8%。\n", 2016))
    assert (by[("urban_disposable_income", "target")]["value"], by[("rural_disposable_income", "target")]["value"]) == ("8", "8")
    assert (by[("urban_disposable_income", "actual")]["value"], by[("rural_disposable_income", "actual")]["value"]) == ("8.1", "9.2")
    assert ("disposable_income", "target") not in by
    plain = rows(table(review + "城乡居民人均可支配收入增长8%。\n", 2016))
    assert ("urban_disposable_income", "target") not in plain and plain[("disposable_income", "target")]["value"] == "8"


def test_subjects_joined_by_a_comma_share_one_figure():
    text = REVIEW + "今年主要预期目标是：地区生产总值增长6%，固定资产投资、社会消费品零售总额均增长8%。\n"
    by = rows(table(text))
    assert by[("fixed_asset_investment", "target")]["value"] == by[("retail_sales", "target")]["value"] == "8"
    assert by[("fixed_asset_investment", "target")]["figure_id"] == by[("retail_sales", "target")]["figure_id"]


def test_multi_year_targets_are_not_the_year_s():
    text = REVIEW + ("今后五年的主要目标是：地区生产总值年均增长7%。"
                     "今年的主要预期目标是：地区生产总值增长6.5%。\n")
    h = table(text)
    assert rows(h)[("gdp", "target")]["value"] == "6.5"
    assert "今年的" not in h.rows[0]["text"] and h.descriptor()["rule"] == "主要预期目标是"


def test_a_target_sentence_without_introducer_is_found_by_its_list():
    text = REVIEW + ("综合考虑各方面因素，今年全市地区生产总值增长6%左右，固定资产投资增长8%，"
                     "社会消费品零售总额增长7%，城镇调查失业率控制在5.5%以内。\n")
    h = table(text)
    assert h.descriptor()["rule"] == "list"
    assert rows(h)[("gdp", "target")]["value"] == "6"


def test_an_item_no_indicator_names_is_kept_as_a_report_row():
    text = REVIEW + "今年主要预期目标是：地区生产总值增长6%，万人发明专利拥有量25件以上。\n"
    h = table(text)
    item = next(r for r in h.rows if r["indicator_id"].startswith("item_"))
    assert item["text"] == "万人发明专利拥有量25件以上" and item["value"] == "25"
    local = next(i for i in h.indicators if i["indicator_id"] == item["indicator_id"])
    assert local["name_zh"] == "万人发明专利拥有量" and "outside the shared codelist" in local["description"]


def test_a_report_without_target_paragraph_says_so_and_releases(tmp_path, capsys):
    text = ("一、2023年工作回顾\n过去一年，全市地区生产总值增长5%，新建5G基站1200个。\n"
            "二、2024年工作安排\n今年要新建5G基站1500个，改造老旧小区80个。\n")
    source = tmp_path / "no-targets-2024.txt"
    source.write_text(text, encoding="utf-8")
    recipe = tmp_path / "no-targets"
    assert main(["init", str(recipe), "--source", str(source), "--year", "2024", "--government", "某市人民政府"]) == 0
    assert main(["release", str(recipe), "--dist", str(tmp_path / "dist"), "--json"]) == 0, capsys.readouterr().out
    package = recipe / "datapackage"
    assert main(["build", str(recipe)]) == 0
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["gwrdata"]["targets"]["found"] is False
    assert "no paragraph of main expected targets" in descriptor["gwrdata"]["targets"]["note"]
    assert (package / "data" / "headline.csv").read_text(encoding="utf-8").count("\n") == 1  # the header only


def test_the_shared_codelist_is_bilingual_and_in_the_registry_s_vocabularies():
    rows_ = headline.shared_codelist()
    ids = [r["indicator_id"] for r in rows_]
    assert len(ids) == len(set(ids)) >= 40
    categories, bases = set(vocabulary("category")), set(vocabulary("base_unit"))
    for row in rows_:
        assert row["name_zh"] and row["name_en"] and row["description"], row["indicator_id"]
        assert row["category"] in categories and (row["base_unit"] in bases or row["base_unit"] == ""), row
    names = [n for r in rows_ for n in [r["name_zh"], *filter(None, r["also_zh"].split("|"))]]
    assert len(names) == len(set(names)), [n for n in names if names.count(n) > 1]


def test_shenyang_uses_the_shared_codes():
    with open(ROOT / "datapackage" / "data" / "headline.csv", encoding="utf-8", newline="") as handle:
        used = {r["indicator_id"] for r in csv.DictReader(handle)}
    shared = {r["indicator_id"] for r in headline.shared_codelist()}
    assert used <= shared and {"gdp", "energy_intensity", "rd_expenditure"} <= used
    assert not (ROOT / "recipes" / "shenyang-2024" / "indicators.csv").exists()


# -- the forms of the target paragraph (docs/conventions.md, "The target paragraph") ----------

def paragraph_of(text: str, year: int = 2024) -> tuple[headline.Headline, str]:
    h = table(text, year)
    assert h.paragraph is not None, "no target paragraph found"
    return h, text[h.paragraph.start:h.paragraph.end]


def test_a_list_on_the_lines_after_the_introducer_is_the_paragraph():
    text = REVIEW + ("今年全市经济社会发展的主要预期目标是：\n\n地区生产总值增长6%左右；\n\n一般公共预算收入增长5%；\n\n"
                     "城镇调查失业率控制在5.5%以内。\n\n为实现上述目标，重点抓好以下工作，力争新增市场主体1万户。\n")
    h, words = paragraph_of(text)
    assert (h.paragraph.rule, h.paragraph.form) == ("主要预期目标是", "introducer_lines")
    assert words.endswith("城镇调查失业率控制在5.5%以内") and "为实现" not in words
    by = rows(h)
    assert by[("gdp", "target")]["value"] == "6" and by[("urban_unemployment_surveyed", "target")]["value"] == "5.5"


def test_a_list_whose_lines_open_with_a_dash_runs_to_its_last_marked_line():
    text = REVIEW + ("今年经济社会发展的主要预期目标是：\n——经济平稳增长。地区生产总值增长6%左右。\n"
                     "——就业总体稳定。城镇调查失业率控制在5.5%以内。\n各位代表，实现这些目标需要付出艰苦努力。\n")
    h, words = paragraph_of(text)
    assert h.paragraph.form == "introducer_lines" and "各位代表" not in words
    assert {("gdp", "target"), ("urban_unemployment_surveyed", "target")} <= set(rows(h))


def test_the_5_of_a_year_number_is_not_a_five_year_cue():
    review = "一、2014年工作回顾\n过去一年，全市地区生产总值增长7.5%。\n二、2015年工作安排\n"
    text = review + "2015年全市经济社会发展的主要预期目标是：地区生产总值增长7%左右，一般公共预算收入增长6%。\n"
    h, _ = paragraph_of(text, 2015)
    assert (h.paragraph.rule, h.paragraph.form) == ("主要预期目标是", "introducer")
    assert rows(h)[("gdp", "target")]["value"] == "7"


def test_a_plan_named_before_an_introducer_of_the_report_year_is_not_a_multi_year_cue():
    text = REVIEW + ("按照“十四五”规划的部署，今年全市经济社会发展的主要预期目标是：地区生产总值增长6%左右，"
                     "一般公共预算收入增长5%。\n")
    h, _ = paragraph_of(text)
    assert h.paragraph.form == "introducer" and rows(h)[("gdp", "target")]["value"] == "6"


def test_an_introducer_without_shi_or_wei_opens_the_sentences_after_it():
    text = REVIEW + ("今年经济社会发展主要预期目标，综合考虑发展需要和现实条件确定。一是经济稳定增长，地区生产总值增长6%左右。"
                     "二是财政平稳运行，一般公共预算收入增长5%。\n")
    h, _ = paragraph_of(text)
    assert (h.paragraph.rule, h.paragraph.form) == ("主要预期目标", "introducer_paragraph")
    assert rows(h)[("gdp", "target")]["value"] == "6"
    assert rows(h)[("general_budget_revenue", "target")]["value"] == "5"


def test_the_indicator_written_before_the_introducer_is_the_item():
    # As in the national reports of 2003 and 2004: growth first, then the jobs target on its own.
    text = REVIEW + ("综合分析各方面情况，今年经济增长预期目标为5%左右，这是必要的，经过努力也可以实现。\n"
                     "就业是民生之本。今年的预期目标是，城镇新增就业1100万人以上。\n")
    h, words = paragraph_of(text)
    assert (h.paragraph.rule, h.paragraph.form) == ("预期目标为", "indicator_first")
    assert words.startswith("今年经济增长预期目标为5%左右")
    gdp = rows(h)[("gdp", "target")]
    assert (gdp["value"], gdp["qualifier"]) == ("5", "approx")


def test_a_bold_label_before_shi_is_an_introducer():
    text = REVIEW + "今年经济社会发展的**主要预期目标**是：地区生产总值增长6%左右，一般公共预算收入增长5%。\n"
    h, _ = paragraph_of(text)
    assert (h.paragraph.rule, h.paragraph.form) == ("主要预期目标是", "introducer")
    assert rows(h)[("gdp", "target")]["value"] == "6"


@pytest.mark.parametrize("introducer", ["主要调控指标为：", "主要调控目标是：", "主要指标预期为：", "主要预期目标和约束性指标是：",
                                        "主要目标：", "发展的目标是："])
def test_other_words_for_the_introducer(introducer):
    text = REVIEW + f"综合考虑各方面因素，今年全市经济社会{introducer}地区生产总值增长6%左右，一般公共预算收入增长5%。\n"
    h, _ = paragraph_of(text)
    assert h.paragraph.rule == introducer.rstrip("：") and rows(h)[("gdp", "target")]["value"] == "6"


@pytest.mark.parametrize("sentence, items", [
    ("今年要力争地区生产总值增长6%以上，一般公共预算收入增长5%。", "今年要力争地区生产总值增长6%以上，一般公共预算收入增长5%"),
    ("我们将坚持稳中求进，努力实现地区生产总值增长6%左右，一般公共预算收入增长5%。", "努力实现地区生产总值增长6%左右，一般公共预算收入增长5%"),
    ("综合考虑各种因素，全市生产总值要确保增长6%，一般公共预算收入增长5%。", "全市生产总值要确保增长6%，一般公共预算收入增长5%")])
def test_a_plan_sentence_without_introducer_sets_the_gdp_target(sentence, items):
    text = REVIEW + sentence + "\n"
    h, words = paragraph_of(text)
    assert (h.paragraph.rule, h.paragraph.form) == ("plan_sentence", "plan_sentence")
    assert words == items and rows(h)[("gdp", "target")]["value"] == "6"


def test_a_plan_sentence_s_items_begin_with_its_first_target():
    # 稳经济增长 names growth in words before the target: not the item.
    text = REVIEW + "我们将稳经济增长、保市场主体，力争地区生产总值增长6%左右，一般公共预算收入增长5%。\n"
    h, words = paragraph_of(text)
    assert words.startswith("力争地区生产总值") and rows(h)[("gdp", "target")]["value"] == "6"


def test_an_introducer_naming_the_report_year_is_taken_in_a_part_read_as_review():
    # A report whose plan stands under the review's heading: the extraction reads its figures as
    # results, but 今年 before the introducer says they are the year's targets.
    text = ("各位代表：\n一、2023年工作回顾\n过去一年，全市地区生产总值增长5.2%。\n"
            "综合考虑各方面因素，今年经济社会发展主要调控指标是：地区生产总值增长6%，一般公共预算收入增长5%。\n")
    h, _ = paragraph_of(text)
    assert h.paragraph.rule == "主要调控指标是"
    assert rows(h)[("gdp", "target")]["text"] == "地区生产总值增长6%"


def test_a_five_year_plan_paragraph_is_not_the_year_s_targets():
    text = REVIEW + ("今后五年全市经济社会发展的主要目标是：\n——经济实力显著增强。地区生产总值年均增长6%左右。\n"
                     "——到2028年，一般公共预算收入突破300亿元。\n"
                     "“十四五”时期的主要调控指标为：地区生产总值年均增长6%，居民收入年均增长6%。\n")
    assert table(text).paragraph is None


def test_a_review_sentence_is_not_taken_for_the_targets():
    text = ("各位代表：\n一、2023年工作回顾\n过去一年，全面完成了2023年主要预期目标，全市地区生产总值增长5.2%，"
            "一般公共预算收入增长4%。全市主要经济指标是：固定资产投资增长6%，社会消费品零售总额增长7%。\n"
            "二、2024年工作安排\n今年要新建5G基站1500个，改造老旧小区80个。\n")
    assert table(text).paragraph is None


def test_a_plan_sentence_of_several_years_is_not_the_year_s_targets():
    text = REVIEW + "今后一个时期，要力争地区生产总值年均增长6%以上，确保到2028年经济总量突破1500亿元。\n"
    assert table(text).paragraph is None


# --- results: where the review states them, and what is never one year's result ----------------

PLAN = "二、2024年工作安排\n今年经济社会发展的主要预期目标是：地区生产总值增长6%左右，城镇新增就业8万人，居民消费价格涨幅3%左右。\n"


def review(*paragraphs: str) -> str:
    return "各位代表：\n一、2023年工作回顾\n" + "\n".join(paragraphs) + "\n" + PLAN


def test_a_result_stated_only_in_words_is_a_result_row_with_those_words():
    text = review("过去一年，全市经济运行总体平稳，城镇新增就业8.6万人。",
                  "我们也清醒看到，发展中还存在不少困难和问题，地区生产总值、固定资产投资等预期性指标未达到年初目标，"
                  "实体经济困难较多。")
    by = rows(table(text))
    gdp = by[("gdp", "actual")]
    assert (gdp["value"], gdp["year"], gdp["note"]) == ("", 2023, "Stated in words only; the report gives no number.")
    assert gdp["text"] == text[gdp["start"]:gdp["end"]] == "地区生产总值、固定资产投资等预期性指标未达到年初目标"
    assert by[("new_urban_jobs", "actual")]["value"] == "8.6"


@pytest.mark.parametrize("words", ["经济增长好于预期", "地区生产总值增速超额完成年初预期目标", "地区生产总值实现预期目标",
                                   "地区生产总值、社会消费品零售总额等指标虽然保持增长，但未能完成年初预期目标"])
def test_words_of_how_a_target_stood_are_a_result(words):
    text = review(f"过去一年，{words}，城镇新增就业8.6万人。")
    gdp = rows(table(text))[("gdp", "actual")]
    assert gdp["value"] == "" and gdp["text"] == words


@pytest.mark.parametrize("words, outcome", [
    ("地区生产总值完成年度任务", "met"), ("地区生产总值年度目标预计可以完成", "met"),
    ("地区生产总值等5项经济指标增速没有完成年度任务", "missed"), ("地区生产总值年度目标未能完成", "missed"),
])
def test_words_of_the_year_s_task_done_or_not_say_the_outcome(words, outcome):
    from gwrdata.package.outcome import words_outcome

    text = review(f"过去一年，{words}，城镇新增就业8.6万人。")
    by = rows(table(text))
    gdp = by.get(("gdp", "actual")) or by[("gdp", "estimate")]   # 预计可以完成: an estimate
    assert gdp["value"] == "" and gdp["text"] == words
    assert words_outcome(gdp["text"], "floor") == outcome


@pytest.mark.parametrize("words", ["地区生产总值超额完成“十三五”规划目标", "地区生产总值增速等指标将难以达到预期目标",
                                   "地区生产总值完成年度计划的95%", "地区生产总值的完成情况与原定计划"])
def test_words_of_another_plan_or_of_the_future_are_no_result(words):
    text = review(f"过去一年，{words}，城镇新增就业8.6万人。")
    assert ("gdp", "not_stated") in rows(table(text))


def test_words_of_how_it_went_are_the_result_not_the_plan_after_them():
    """稳步增长 says how GDP went (outcome.yaml, went): the result, in words that decide nothing;
    靠真抓实干来实现振兴目标 after it is another plan's aim, not words of the year's target met."""
    from gwrdata.package.outcome import words_outcome

    text = review("过去一年，地区生产总值稳步增长，靠真抓实干来实现振兴目标，城镇新增就业8.6万人。")
    gdp = rows(table(text))[("gdp", "actual")]
    assert (gdp["value"], gdp["text"]) == ("", "地区生产总值稳步增长")
    assert words_outcome(gdp["text"], "floor") == "unclear"


def test_a_figure_before_words_of_the_same_review():
    text = review("过去一年，全市地区生产总值增长5.1%，城镇新增就业8.6万人。",
                  "同时也要看到，地区生产总值等指标未达到年初目标。")
    gdp = rows(table(text))[("gdp", "actual")]
    assert (gdp["value"], gdp["text"]) == ("5.1", "全市地区生产总值增长5.1%")


def test_growth_since_an_earlier_base_year_is_not_the_year_s_result():
    text = review("过去五年，全市地区生产总值达到2860亿元，比2018年增长41.2%，城镇新增就业8.6万人。")
    by = rows(table(text))
    assert ("gdp", "not_stated") in by and ("gdp", "actual") not in by


def test_growth_over_the_year_before_written_as_its_year_is_the_result():
    text = review("2023年，全市地区生产总值达到2860亿元，比2022年增长5.4%，城镇新增就业8.6万人。")
    assert rows(table(text))[("gdp", "actual")]["value"] == "5.4"


@pytest.mark.parametrize("paragraphs", [
    ("——这五年，社会事业全面进步。城镇新增就业42万人，新建中小学36所。", "过去一年，全市地区生产总值增长5.1%。"),
    ("过去一年，全市地区生产总值增长5.1%。", "五年全市新增城镇就业42万人，新建中小学36所。"),
    ("过去一年，全市地区生产总值增长5.1%。", "平均每年城镇新增就业8万多人，新建中小学36所。"),
])
def test_a_five_year_total_is_not_the_year_s_result(paragraphs):
    by = rows(table(review(*paragraphs)))
    assert ("new_urban_jobs", "not_stated") in by and by[("gdp", "actual")]["value"] == "5.1"


def test_a_price_rise_written_as_its_level_is_the_growth_rate():
    text = review("过去一年，全市地区生产总值增长5.1%，居民消费价格涨幅回落到2.1%。")
    cpi = rows(table(text))[("cpi", "actual")]
    assert (cpi["value"], cpi["compared_measure"], cpi["compared_direction"]) == ("2.1", "growth_rate", "up")
    assert cpi["text"] == "居民消费价格涨幅回落到2.1%" and "compared as a growth rate" in cpi["note"]


def test_a_price_rise_held_under_a_ceiling_is_compared_with_the_rise_of_the_year_before():
    """上升控制在4%以内 reads as a level by its verb, but its subject is the price rise: the
    target is a growth rate, and last year's rise (总指数上涨6%) is its result."""
    text = ("各位代表：\n一、2008年工作回顾\n过去一年，全市生产总值增长5.3%，居民消费价格总指数上涨6%。\n"
            "二、2009年工作安排\n今年全市经济社会发展的目标是：生产总值增长10%；居民消费价格总指数上升控制在4%以内。\n")
    by = rows(table(text, 2009))
    assert (by[("cpi", "target")]["value"], by[("cpi", "actual")]["value"]) == ("4", "6")
    assert by[("cpi", "actual")]["text"] == "居民消费价格总指数上涨6%"


def test_a_result_in_a_list_of_the_review_and_an_estimate():
    text = review("一年来，主要经济指标保持较快增长：", "1．地区生产总值增长5.3%；", "2．城镇新增就业8.2万人。",
                  "预计全年居民消费价格上涨1.8%。")
    by = rows(table(text))
    assert by[("gdp", "actual")]["value"] == "5.3" and by[("new_urban_jobs", "actual")]["value"] == "8.2"
    assert by[("cpi", "estimate")]["value"] == "1.8"


def test_every_stated_result_includes_words_where_no_figure_is_stated():
    text = review("过去一年，全市地区生产总值增长5.1%。",
                  "同时也要看到，社会消费品零售总额等指标未达到年初目标，地区生产总值增速低于全省平均水平。")
    stated = {r["indicator_id"]: r for r in table(text).stated()}
    assert stated["retail_sales"]["value"] == "" and stated["retail_sales"]["text"] == "社会消费品零售总额等指标未达到年初目标"
    assert stated["gdp"]["value"] == "5.1"


@pytest.mark.parametrize("words", ["全市实现地区生产总值1520亿元（初步核算，下同），增长5.6%",
                                   "全市地区生产总值1520亿元，总量居全省第三，比上年增长5.6%"])
def test_a_subject_takes_its_growth_across_clauses_that_name_nothing(words):
    text = review(f"过去一年，{words}，城镇新增就业8.1万人。")
    gdp = rows(table(text))[("gdp", "actual")]
    assert (gdp["value"], gdp["text"]) == ("5.6", words)


def test_a_change_from_one_figure_to_another_is_the_figure_it_went_to():
    text = review("过去一年，全市地区生产总值增长5.1%，居民消费价格涨幅由3.4%回落到2.2%。")
    assert rows(table(text))[("cpi", "actual")]["value"] == "2.2"


def test_a_price_target_written_as_its_level_is_a_growth_rate_too():
    text = ("各位代表：\n一、2023年工作回顾\n过去一年，全市地区生产总值增长5.1%，居民消费价格上涨2.2%。\n"
            "二、2024年工作安排\n今年的主要预期目标是：地区生产总值增长6%左右，居民消费价格涨幅控制在3%左右。\n")
    by = rows(table(text))
    target, result = by[("cpi", "target")], by[("cpi", "actual")]
    assert (target.get("compared_measure") or target["measure"], target["value"]) == ("growth_rate", "3")
    assert (result.get("compared_measure") or result["measure"], result["value"]) == ("growth_rate", "2.2")


def test_a_growth_target_written_with_为_is_a_growth_rate_too():
    """经济增长预期目标为7%左右: the verb 为 makes a share of the figure, the words before it a rate."""
    text = ("各位代表：\n一、2023年工作回顾\n过去一年，国内生产总值增长9.1%。\n"
            "二、2024年工作安排\n今年的主要预期目标是：经济增长预期目标为7%左右，城镇新增就业900万人。\n")
    target = rows(table(text))[("gdp", "target")]
    assert (target.get("compared_measure") or target["measure"], target["value"]) == ("growth_rate", "7")


@pytest.mark.parametrize("sentence", [
    "过去一年，全市没有实现年初确定的地区生产总值增长6%左右，全年增长情况另行说明。",   # the target restated
    "过去一年，地区生产总值由前三年分别增长4.9%、5.5%、0.2%转为平稳。",                # several years before
])
def test_a_figure_that_restates_the_target_or_speaks_of_several_years_is_no_result(sentence):
    text = ("各位代表：\n一、2023年工作回顾\n" + sentence + "\n二、2024年工作安排\n今年的主要预期目标是：地区生产总值增长6%左右。\n")
    assert not rows(table(text))[("gdp", "not_stated")]["value"]


LEVELS_THEN_RATES = ("各位代表：\n一、2023年工作回顾\n{body}\n二、2024年工作安排\n今年的主要预期目标是：地区生产总值增长6%左右，"
                     "固定资产投资增长8%，一般公共预算收入增长5%，进出口总额增长3%。\n")


@pytest.mark.parametrize("body, expected", [
    # levels named one clause each, then their rates in one clause of 分别: one each, in order
    ("预计全年实现地区生产总值974.6亿元，全社会固定资产投资925亿元，一般公共预算收入67.1亿元，分别增长14%、32%和22.5%。",
     {"gdp": "14", "fixed_asset_investment": "32", "general_budget_revenue": "22.5"}),
    # a clause of no figure in brackets does not part them; 同比 may stand before 分别
    ("实现地区生产总值4500亿元（初步预计数，下同），固定资产投资突破3200亿元，一般公共预算收入506.3亿元，同比分别增长15.5%、32%、27.2%。",
     {"gdp": "15.5", "fixed_asset_investment": "32", "general_budget_revenue": "27.2"}),
    # more subjects than rates: the nearest take them
    ("外贸外资稳中提质，进出口总额超200亿美元，一般公共预算收入12亿元，分别增长14.8%、11.1%。",
     {"foreign_trade": "14.8", "general_budget_revenue": "11.1"}),
    # 均: one rate for all
    ("地区生产总值974.6亿元，固定资产投资925亿元，均增长7%。", {"gdp": "7", "fixed_asset_investment": "7"}),
    # words of another subject before 分别: the rates are that subject's, not the levels' before it
    ("地区生产总值974.6亿元，固定资产投资925亿元，港口吞吐量、集装箱运量分别增长5%和6%。", {}),
    # as many rates as subjects, joined by 和: one each in order, 分别 or not; a clause of no figure between
    ("地区生产总值974.6亿元，固定资产投资925亿元，扣除价格因素，实际增长5%和6%。",
     {"gdp": "5", "fixed_asset_investment": "6"}),
    # a list that names more than the codelist knows: each takes the rate of its place in it
    ("地区生产总值、港口货运量、固定资产投资和一般公共预算收入分别增长5%、9%、6%和7%。",
     {"gdp": "5", "fixed_asset_investment": "6", "general_budget_revenue": "7"}),
])
def test_levels_named_one_by_one_take_their_rates_from_a_clause_of_each(body, expected):
    by = rows(table(LEVELS_THEN_RATES.format(body=body)))
    got = {indicator: row["value"] for (indicator, status), row in by.items() if status in ("actual", "estimate") and row["value"]}
    assert got == expected


def test_rural_net_income_is_rural_income_and_a_range_s_upper_end_stands_for_no_subject():
    """农民人均纯收入, the name of rural income until 2013, is rural income; in 分别实际增长7％和4％－5％
    the range 4％－5％ is the second subject's, not a third figure."""
    text = ("各位代表：\n一、2003年工作回顾\n过去一年，城镇居民人均可支配收入21575元，农村居民人均纯收入6907元，实际增长12%和10.7%。\n"
            "二、2004年工作安排\n今年的主要预期目标是：城镇居民人均可支配收入和农民人均纯收入分别实际增长7％和4％－5％。\n")
    by = rows(table(text, 2004))
    assert (by[("urban_disposable_income", "target")]["value"], by[("urban_disposable_income", "actual")]["value"]) == ("7", "12")
    rural = by[("rural_disposable_income", "target")]
    assert (rural["value"], rural["value_to"], by[("rural_disposable_income", "actual")]["value"]) == ("4", "5", "10.7")


def test_a_range_target_is_one_row_with_both_ends_and_both_figures():
    """A range (5%—5.5%, 4.5-5%) is one target: value the lower end, value_to the upper, each end
    a figure of the text with its span; a one-value target has neither."""
    text = REVIEW + "今年主要预期目标是：地区生产总值增长5%—5.5%，一般公共预算收入增长4.5-5%，城镇调查失业率5.5%左右。\n"
    result = extract(text, 2024)
    by = rows(headline.build(None, text, result.figures, result.sections, year=2024))
    figures = {f["figure_id"]: f for f in result.figures}
    gdp, revenue, jobless = by[("gdp", "target")], by[("general_budget_revenue", "target")], by[("urban_unemployment_surveyed", "target")]
    assert (gdp["value"], gdp["value_to"]) == ("5", "5.5") and (revenue["value"], revenue["value_to"]) == ("4.5", "5")
    assert figures[gdp["figure_id"]]["mention"] == "5%" and figures[gdp["figure_id_to"]]["mention"] == "5.5%"
    high = figures[gdp["figure_id_to"]]
    assert text[high["start"]:high["end"]] == "5.5%" and high["qualifier"] == "up_to"
    assert (jobless["value_to"], jobless["figure_id_to"]) == ("", "")
    assert by[("gdp", "actual")]["value_to"] == "" and by[("gdp", "actual")]["figure_id_to"] == ""


def test_the_year_s_level_is_stated_as_a_level_not_as_its_growth():
    text = review("2023年全市地区生产总值2860亿元，是2018年的1.4倍，年均增长6.5%，城镇新增就业8.6万人。",
                  "——综合实力显著提升。社会消费品零售总额达到612.5亿元，年均增长3.4%。")
    h = table(text)
    stated = {(r["indicator_id"], r["measure"]): r for r in h.stated()}
    gdp = stated[("gdp", "level")]
    assert (gdp["value"], gdp["unit"], gdp["year"]) == ("2860", "亿元", 2023)
    assert gdp["text"] == text[gdp["start"]:gdp["end"]] == "2023年全市地区生产总值2860亿元"
    assert stated[("retail_sales", "level")]["value"] == "612.5"
    assert not [key for key in stated if key[1] == "growth_rate" and key[0] in ("gdp", "retail_sales")]  # 年均 is no result
    assert ("gdp", "not_stated") in rows(h)  # a level is no result row for a growth target


@pytest.mark.parametrize("words", ["累计完成固定资产投资8000亿元", "前三季度固定资产投资达到800亿元",
                                   "“十三五”期间固定资产投资达到8000亿元", "固定资产投资由600亿元增长到"])
def test_a_total_of_several_years_or_of_part_of_the_year_is_no_level(words):
    text = review(f"过去一年，全市地区生产总值增长5.1%，{words}。")
    assert not [r for r in table(text).stated() if r["indicator_id"] == "fixed_asset_investment"]


@pytest.mark.parametrize("words", ["城乡居民人均可支配收入分别增长4.7%、5.4%",
                                   "城镇居民人均可支配收入增长4.7%，农村居民人均可支配收入增长5.4%"])
def test_urban_and_rural_only_are_a_result_of_all_residents_with_no_value(words):
    text = review(f"过去一年，全市地区生产总值增长5.1%，{words}。")
    stated = {r["indicator_id"]: r for r in table(text).stated()}
    whole = stated["disposable_income"]
    assert (whole["status"], whole["value"]) == ("urban_rural", "")
    assert whole["text"] == text[whole["start"]:whole["end"]] == words
    assert (stated["urban_disposable_income"]["value"], stated["rural_disposable_income"]["value"]) == ("4.7", "5.4")


def test_all_residents_stated_are_no_urban_rural_row():
    text = review("过去一年，居民人均可支配收入增长5%，城乡居民人均可支配收入分别增长4.7%、5.4%。")
    stated = [r for r in table(text).stated() if r["indicator_id"] == "disposable_income"]
    assert [(r["status"], r["value"]) for r in stated] == [("actual", "5")]


def test_a_pair_named_before_its_growth_takes_one_figure_each():
    text = review("过去一年，全市地区生产总值增长5.1%，城乡居民人均可支配收入分别实现37675元、16364元，增长8.8%、9.4%。")
    by = {r["indicator_id"]: r for r in table(text).stated() if r["measure"] == "growth_rate"}
    assert (by["urban_disposable_income"]["value"], by["rural_disposable_income"]["value"]) == ("8.8", "9.4")
    assert "disposable_income" not in by


def test_a_figure_and_the_next_name_joined_by_a_pause_mark_are_two_statements():
    text = review("过去一年，全市地区生产总值增长5.1%，城镇新增就业4.4万人、城镇登记失业率4.04%。")
    stated = {r["indicator_id"]: r for r in table(text).stated()}
    assert stated["new_urban_jobs"]["value"] == "4.4" and stated["urban_unemployment_registered"]["value"] == "4.04"
    assert stated["urban_unemployment_registered"]["text"] == "城镇登记失业率4.04%"


def test_words_of_a_binding_target_the_level_above_assigned():
    text = review("过去一年，全市地区生产总值增长5.1%，单位生产总值能耗完成国家下达的控制指标。")
    energy = {r["indicator_id"]: r for r in table(text).stated()}["energy_intensity"]
    assert energy["value"] == "" and energy["text"] == "单位生产总值能耗完成国家下达的控制指标"


@pytest.mark.parametrize("words", ["全市生产总值迈上3000亿元台阶", "地区生产总值、固定资产投资2项指标增速居全省前列",
                                   "地区生产总值突破3000亿元大关"])
def test_a_threshold_or_a_count_is_no_level(words):
    text = review(f"过去一年，{words}，城镇新增就业8.6万人。")
    assert not [r for r in table(text).stated() if r["indicator_id"] == "gdp"]


def test_indicators_named_together_take_their_levels_in_order():
    text = review("2023年全市生产总值、一般公共预算收入分别达3564.76亿元、181.2亿元，城镇新增就业8.6万人。")
    levels = {r["indicator_id"]: r["value"] for r in table(text).stated() if r["measure"] == "level"}
    assert (levels["gdp"], levels["general_budget_revenue"]) == ("3564.76", "181.2")


def test_levels_joined_by_a_pause_mark_wait_together_for_their_growth():
    text = REVIEW + "今年主要预期目标是：地区生产总值超过500亿元、一般公共预算收入超过50亿元，分别增长9.5%、10%。\n"
    assert rows(table(text))[("gdp", "target")]["value"] == "9.5"  # not cut off from its growth at the 、


def test_the_short_names_reports_give_their_indicators_find_results():
    """物价涨幅 (CPI), 社会零售总额, 实际到账外资, 城镇人均可支配收入 and 万元GDP综合能耗 are how many
    reports name the codelist's indicators; their results are the targets' results."""
    text = ("各位代表：\n一、2012年工作回顾\n过去一年，全市地区生产总值增长9%，社会零售总额1108亿元，增长15.9%，"
            "实际到账外资10.6亿美元，增长7.2%，城镇人均可支配收入达到15887元，增长8.9%，"
            "万元GDP综合能耗下降3.6%，物价涨幅3.8%。\n二、2013年工作安排\n"
            "今年主要预期目标是：地区生产总值增长8%；社会消费品零售总额增长13%；实际使用外资增长8%；"
            "城镇居民人均可支配收入增长9%；单位地区生产总值能耗下降3%；居民消费价格涨幅控制在4%左右。\n")
    by = rows(table(text, 2013))
    got = {indicator: by[(indicator, "actual")]["value"]
           for indicator in ("retail_sales", "foreign_investment", "urban_disposable_income", "energy_intensity", "cpi")
           if (indicator, "actual") in by}
    assert got == {"retail_sales": "15.9", "foreign_investment": "7.2", "urban_disposable_income": "8.9",
                   "energy_intensity": "3.6", "cpi": "3.8"}


def _with_plan(review_text: str) -> str:
    return ("各位代表：\n一、2023年工作回顾\n" + review_text + "\n二、2024年工作安排\n今年经济社会发展的主要预期目标是："
            "地区生产总值增长6%左右，城乡居民人均可支配收入分别增长6%和7%，单位地区生产总值能耗下降3%。\n")


@pytest.mark.parametrize("sentence, urban, rural", [
    ("预计城乡居民可支配收入分别达到41160元、21870元，分别增长4%、6%。", "4", "6"),              # no 人均 in the pair's name
    ("城镇居民和农村居民人均可支配收入分别达到25065元和11441元，增长8.5%和9.9%。", "8.5", "9.9"),  # each named in full
    ("预计城乡居民人均可支配收入增长分别为10%和13%。", "10", "13"),                            # 增长分别为: rates, not shares
])
def test_the_halves_of_a_pair_take_their_own_results(sentence, urban, rural):
    by = rows(table(_with_plan("过去一年，全市地区生产总值增长5.1%。" + sentence)))
    assert by[("urban_disposable_income", "actual" if "预计" not in sentence else "estimate")]["value"] == urban
    assert by[("rural_disposable_income", "actual" if "预计" not in sentence else "estimate")]["value"] == rural


def test_a_name_typeset_in_full_width_letters_is_the_name():
    """单位ＧＤＰ能耗 (full-width Latin letters, as reports of the 2000s often print them) names the
    indicator, in the review's words as in the targets."""
    text = _with_plan("过去一年，全市地区生产总值增长5.1%，单位ＧＤＰ能耗降幅超额完成省里下达任务。")
    by = rows(table(text))
    assert by[("energy_intensity", "actual")]["text"] == "单位ＧＤＰ能耗降幅超额完成省里下达任务"


@pytest.mark.parametrize("sentence, value", [
    ("全市地区生产总值增速连续3个季度保持全省前3位，预计全年增长3%左右。", "3"),   # the whole year, after the quarters
    ("前三季度全市地区生产总值增长3%左右。", None),                             # part of a year: no result
    ("全年地区生产总值前三季度增长3%左右。", None),                             # quarters after 全年 still speak
])
def test_words_of_the_whole_year_end_what_quarters_said(sentence, value):
    by = rows(table(_with_plan(sentence)))
    found = by.get(("gdp", "estimate")) or by.get(("gdp", "actual"))
    assert (found["value"] if found else None) == value


@pytest.mark.parametrize("after, result", [
    ("较好地完成了年初确定的主要目标任务。", "6.9"),         # a target's word in words of it done: still the past
    ("今年要确保地区生产总值增长7%以上的目标。", None),       # a turn to the plan: not a result
])
def test_the_year_before_told_in_the_plan_part_is_its_result(after, result):
    """A plan part whose paragraph turns to the year before (过去一年，…取得了新成绩。全市地区生产
    总值增长6.9%，…) states its result there, as the extraction dates the figures; a sentence that
    sets a target is the plan's."""
    text = ("各位代表：\n一、“十二五”时期回顾\n五年来，全市经济实力显著增强。\n二、2016年重点任务\n"
            "2016年是开局之年。过去一年，全市人民齐心协力，经济社会发展取得了新成绩。"
            f"全市地区生产总值增长6.9%，{after}\n"
            "今年经济社会发展的主要预期目标是：地区生产总值增长6.5%左右。\n")
    by = rows(table(text, 2016))
    assert by[("gdp", "target")]["value"] == "6.5"
    assert (by[("gdp", "actual")]["value"] if result else ("gdp", "actual") in by) == (result or False)


def test_every_indicator_the_rules_name_is_in_the_codelist():
    """The vocabularies name indicators by id (headline.yaml: pairs, plan_sentence, index_rate;
    outcome.yaml: words_cover): an id renamed or removed in indicators.csv cannot linger there."""
    from gwrdata.package.outcome import rule

    known = {row["indicator_id"] for row in headline.shared_codelist()}
    words = headline.vocabulary()
    named = {words["plan_sentence"]["indicator"], *words["index_rate"]["indicators"]}
    named |= {pair["whole"] for pair in words["pairs"]} | {i for pair in words["pairs"] for i in pair["each"]}
    named |= {cover[key] for cover in rule()["words_cover"] for key in ("indicator", "covers")}
    assert named - known == set()
    assert {"cpi", "gdp", "disposable_income", "energy_saving"} <= named


@pytest.mark.parametrize("target, cpi, unemployment", [
    ("居民消费价格指数和城镇登记失业率均控制在3%以内", "growth_rate", None),  # the index's change; the rate keeps its own
    ("居民消费价格总水平控制在3%左右，城镇登记失业率控制在4%以内", "growth_rate", None),
    ("居民消费价格指数控制在103%以内，城镇登记失业率控制在4%以内", None, None),  # an index at 100 for the year before
])
def test_a_price_index_in_percent_is_compared_as_its_change(target, cpi, unemployment):
    text = ("各位代表：\n一、2023年工作回顾\n过去一年，全市地区生产总值增长5.2%，居民消费价格上涨2.1%。\n"
            f"二、2024年工作安排\n今年经济社会发展的主要预期目标是：地区生产总值增长6%左右，{target}。\n")
    by = rows(table(text))
    assert by[("cpi", "target")].get("compared_measure") == cpi
    assert by[("urban_unemployment_registered", "target")].get("compared_measure") == unemployment
