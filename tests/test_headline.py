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


@pytest.mark.parametrize("words", ["地区生产总值超额完成“十三五”规划目标", "地区生产总值增速等指标将难以达到预期目标",
                                   "地区生产总值完成年度计划的95%", "地区生产总值稳步增长，靠真抓实干来实现振兴目标",
                                   "地区生产总值的完成情况与原定计划"])
def test_words_of_another_plan_or_of_the_future_are_no_result(words):
    text = review(f"过去一年，{words}，城镇新增就业8.6万人。")
    assert ("gdp", "not_stated") in rows(table(text))


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
