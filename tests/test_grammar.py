"""The quantity grammar, one form per case, on short sentences written for the test."""

import pytest

from gwrdata.extract.figures import extract

PLAN = "二、2024年工作安排\n"
REVIEW = "一、2023年工作回顾\n"


def figures(body: str, part: str = PLAN, year: int = 2024) -> list[dict]:
    text = part + body
    result = extract(text, year)
    for row in result.figures + result.exclusions:
        assert text[row["start"]:row["end"]] == row["mention"]
    return result.figures


def one(body: str, part: str = PLAN) -> dict:
    found = figures(body, part)
    assert len(found) == 1, [f["mention"] for f in found]
    return found[0]


@pytest.mark.parametrize("body,mention,value,unit,multiplier,base_value,base_unit", [
    ("兑现惠企资金563亿元。", "563亿元", "563", "亿元", "100000000", "56300000000", "CNY"),
    ("接待游客1.4亿人次。", "1.4亿人次", "1.4", "亿人次", "100000000", "140000000", "person-time"),
    ("总投资1,234.5亿元。", "1,234.5亿元", "1234.5", "亿元", "100000000", "123450000000", "CNY"),
    ("收入增长１２.２％。", "１２.２％", "12.2", "％", "1", "12.2", "percent"),
    ("国内生产总值超过126万亿元。", "126万亿元", "126", "万亿元", "1000000000000", "126000000000000", "CNY"),
    ("总量达到1.2 万亿元。", "1.2 万亿元", "1.2", "万亿元", "1000000000000", "1200000000000", "CNY"),
    ("粮食产量一千二百万斤。", "一千二百万斤", "1200", "万斤", "10000", "12000000", "jin"),
    ("产值十二点五亿元。", "十二点五亿元", "12.5", "亿元", "100000000", "1250000000", "CNY"),
    ("吸引17万高校毕业生来沈。", "17万", "17", "万", "10000", "170000", "person"),
    ("带动百万市民上冰雪。", "百万", "100", "万", "10000", "1000000", "person"),
    ("投资3萬億元。", "3萬億元", "3", "萬億元", "1000000000000", "3000000000000", "CNY"),
    ("人口自然增长率2.5‰。", "2.5‰", "2.5", "‰", "1", "2.5", "permille"),
    ("比重提高2个百分点。", "2个百分点", "2", "个百分点", "1", "2", "percentage_point"),
    ("出口增长2倍。", "2倍", "2", "倍", "1", "2", "times"),
    ("新建公园1000座。", "1000座", "1000", "座", "1", "1000", "item"),
    # a typesetter's space after the decimal point: one number, its span keeps the space
    ("投资增长15. 3%。", "15. 3%", "15.3", "%", "1", "15.3", "percent"),
    ("财政预算收入184. 37 亿元。", "184. 37 亿元", "184.37", "亿元", "100000000", "18437000000", "CNY"),
    ("人口自然增长率5&permil;。", "5&permil;", "5", "&permil;", "1", "5", "permille"),   # an HTML entity left in the text
])
def test_values_and_units(body, mention, value, unit, multiplier, base_value, base_unit):
    f = one(body)
    assert (f["mention"], f["value"], f["unit"], f["multiplier"], f["base_value"], f["base_unit"]) == (
        mention, value, unit, multiplier, base_value, base_unit)


@pytest.mark.parametrize("body,mention,qualifier", [
    ("增长6%左右。", "6%左右", "approx"),
    ("举办1000余场活动。", "1000余场", "more_than"),
    ("总投资近4000亿元。", "近4000亿元", "nearly"),
    ("举办招商活动千场以上。", "千场以上", "at_least"),
    ("企业突破5000家。", "5000家", "more_than"),
    ("项目总投资超过3万亿元。", "3万亿元", "more_than"),
    ("投资约20亿元。", "约20亿元", "approx"),
    ("逾30万人参加。", "逾30万人", "more_than"),
    ("赤字率不低于3%。", "3%", "at_least"),
    ("控制在5%以内。", "5%以内", "up_to"),
    ("失业率5.5%以下。", "5.5%以下", "up_to"),
    ("拉动消费上百亿元。", "百亿元", "at_least"),
    ("引进3万多人。", "3万多人", "more_than"),
])
def test_qualifiers(body, mention, qualifier):
    f = one(body)
    assert (f["mention"], f["qualifier"]) == (mention, qualifier)


@pytest.mark.parametrize("body,measure,direction", [
    ("地区生产总值增长6%。", "growth_rate", "up"),
    ("单位地区生产总值能耗下降3.2%。", "growth_rate", "down"),
    ("结算率提高到93.7%。", "share", "none"),
    ("投资占比达到55%。", "share", "none"),
    ("新增外贸企业216家。", "change", "up"),
    ("国际友城达到102个。", "level", "none"),
    ("名列东北第一。", "rank", "none"),
    ("进入全国百强县前50强。", "rank", "none"),
    ("增速连续7个季度高于全国。", "duration", "none"),
    ("实现“二十连丰”。", "duration", "none"),
    ("收入翻一番。", "growth_rate", "up"),
    ("生产总值同比增9%左右。", "growth_rate", "up"),      # the terse 增 and 降 before a percentage
    ("一般公共预算收入降2.5%。", "growth_rate", "down"),
    ("国内生产总值从26.6万亿元增加到51.9万亿元。", "level", "none"),   # the level a rise reached
    ("城镇新增就业达到55.7万人。", "change", "up"),                      # an increment that reached a count
    ("退出煤炭产能1275万吨。", "change", "down"),                        # an amount taken away
    ("降低企业成本952.3亿元。", "change", "down"),
    ("地区生产总值增长9%，是2009年的1.8倍。", "level", "none"),         # a multiple of a base
    ("地区生产总值增长1.2倍。", "growth_rate", "up"),                    # growth by a multiple
    ("三次产业结构调整为5.3∶46.6∶48.1。", "share", "none"),              # the terms of a ratio
    ("人口自然增长率控制在7‰以内。", "growth_rate", "up"),                # a growth rate named as a noun
    ("位次由全国第21位上升到第16位。", "rank", "none"),                     # the places a change of place goes from and to
    ("进出口总额由上年居世界第五位上升到第四位。", "rank", "none"),         # …in Chinese numerals
    ("外贸依存度从254%下降为187%。", "share", "none"),                      # 为 after the verb: the level reached
    ("第三产业比重由上年的43%上升为45%。", "share", "none"),
    ("单位生产总值能耗下降为0.88吨标准煤。", "level", "none"),
    ("工业增加值增速为8%。", "growth_rate", "up"),                          # a rate's noun before 为 stays a rate
])
def test_measures(body, measure, direction):
    found = figures(body)
    assert (found[-1]["measure"], found[-1]["direction"]) == (measure, direction)
    if "∶" in body:
        assert {(f["measure"], f["direction"]) for f in found} == {("share", "none")}


def test_a_clause_of_a_verb_alone_speaks_of_the_figure_before():
    """地区生产总值515.6亿元，增长15.5%: the growth is the GDP's; so with 比增, 实际增长, 按可比价格计算."""
    found = figures("地区生产总值515.6亿元，增长15.5%；财政总收入195.5亿元，比增16.6%；"
                    "城镇居民人均可支配收入8800元，实际增长8.6%。全市生产总值7440亿元，按可比价格计算比上年增长13.5%。", REVIEW)
    assert [f["subject_zh"] for f in found] == ["地区生产总值"] * 2 + ["财政总收入"] * 2 + ["城镇居民人均可支配收入"] * 2 + ["生产总值"] * 2

def test_ranges_are_two_figures_carrying_the_unit():
    for body, first, second in (("增长5%—6%。", "5%", "6%"), ("增长4.5—5%。", "4.5", "5%"), ("增长5%到6%。", "5%", "6%")):
        low, high = figures(body)
        assert (low["mention"], high["mention"]) == (first, second)
        assert low["unit"] == high["unit"] == "%"
        assert (low["qualifier"], high["qualifier"]) == ("at_least", "up_to")


def test_lists_give_each_figure_its_subject():
    found = figures("实施800个老旧小区、309条背街小巷、715公里老旧管网改造。")
    assert [(f["value"], f["unit"], f["subject_zh"]) for f in found] == [
        ("800", "个", "老旧小区"), ("309", "条", "背街小巷"), ("715", "公里", "老旧管网改造")]


def test_respectively_pairs_subjects_with_values():
    found = figures("航空航天、集成电路、新能源等新兴产业产值分别增长20%、39.1%、25%。", REVIEW)
    assert [(f["subject_zh"], f["value"], f["measure"]) for f in found] == [
        ("航空航天", "20", "growth_rate"), ("集成电路", "39.1", "growth_rate"), ("新能源", "25", "growth_rate")]


def test_period_and_status_follow_the_sections_and_stated_years():
    text = "一、2023年工作回顾\n预计全年地区生产总值增长6%左右。高新技术企业突破5000家。粮食产量突破81.5亿斤。\n二、2024年重点工作安排\n地区生产总值增长6%以上;到2025年,研发投入增长10%。"
    rows = extract(text, 2024).figures
    got = [(r["mention"], r["period"], r["status"]) for r in rows]
    assert got == [("6%左右", 2023, "estimate"), ("5000家", 2023, "cumulative"), ("81.5亿斤", 2023, "actual"),
                   ("6%以上", 2024, "target"), ("10%", 2025, "target")]


def test_the_figure_a_change_starts_from_is_about_the_year_before_the_change():
    """由X提高到Y: Y is the period's, X the year's before the years the change covers (the year
    before a one-year review, the year before a five-year review's first); terms joined to X
    (由7.7：53.4调整为, 由16.4%和28.4%，提高到) start it too; a year written after 由 dates X itself."""
    text = ("一、过去五年工作回顾\n五年来，全省生产总值从2.6万亿元增加到5.2万亿元。\n"
            "二、2012年工作回顾\n过去一年，三次产业比重由7.7：53.4调整为7.6：51.8，"
            "经济作物和畜牧业的比重分别由16.4%和28.4%，提高到20.7%和33.9%，城镇化率由2010年的50%提高到52%。\n"
            "三、2013年工作安排\n单位生产总值能耗由0.8吨标准煤下降到0.78吨标准煤。\n")
    got = {r["mention"]: (r["period"], r["period_from"], r["period_to"]) for r in extract(text, 2013).figures}
    assert got["2.6万亿元"] == (2007, 2007, 2007) and got["5.2万亿元"][0] == 2012
    assert got["7.7"] == got["53.4"] == got["16.4%"] == got["28.4%"] == (2011, 2011, 2011)
    assert got["7.6"] == got["51.8"] == got["20.7%"] == got["33.9%"] == (2012, 2012, 2012)
    assert got["50%"][0] == 2010 and got["52%"][0] == 2012
    assert got["0.8吨"][0] == got["0.78吨"][0] == 2013   # a target's start is not dated here
    ranks = {r["mention"]: r["period"] for r in extract(REVIEW + "进出口总额由上年居世界第五位上升到第四位。", 2024).figures}
    assert ranks == {"第五位": 2022, "第四位": 2023}

def test_flows_reached_are_the_years_results_and_stocks_running_totals():
    """达到 N of a flow (exports, foreign investment used, traffic) is the year's result; of a
    stock (enterprises) a running total. A clause that is its verb alone (…首破百万，达到114.6万人次)
    takes its subject from the clause before."""
    text = ("一、2013年工作回顾\n实际利用外资按可比口径达16亿美元，外资企业达到9家，"
            "机场旅客吞吐量首破百万，达到114.6万人次，增长25.6%。\n二、2014年工作\n")
    got = {f["mention"]: f["status"] for f in extract(text, 2014).figures}
    assert (got["16亿美元"], got["9家"], got["114.6万人次"]) == ("actual", "cumulative", "actual")

def test_an_estimate_of_a_later_year_is_the_plan_s():
    """预计 before a year after the report's: what the plan expects of that year is a target; 预计
    of the report year, or of the year before, stays an estimate."""
    text = ("一、2011年工作回顾\n预计全年地区生产总值增长12%。\n二、2012年工作安排\n"
            "预计到2015年全区经济总量超过2万亿元。预计今年增长10%。\n")
    got = [(r["mention"], r["status"], r["period"]) for r in extract(text, 2012).figures]
    assert got == [("12%", "estimate", 2011), ("2万亿元", "target", 2015), ("10%", "estimate", 2012)]


def test_the_base_of_a_comparison_is_no_word_of_the_past():
    """In a plan part, 去年 dates a figure the year before; 以上年 does not: 10家以上年主营业务收入 is
    "ten or more of annual revenue", and 以上年为基数 makes the year before a base (as 比上年)."""
    text = ("一、2013年工作回顾\n全年地区生产总值增长9%。\n二、2014年工作安排\n"
            "培育10家以上年主营业务收入超100亿元的大型企业。税收收入以上年为基数增长8%。去年新增就业5万人。\n")
    got = [(r["mention"], r["status"], r["period"]) for r in extract(text, 2014).figures]
    assert got == [("9%", "actual", 2013), ("10家以上", "target", 2014), ("100亿元", "target", 2014),
                   ("8%", "target", 2014), ("5万人", "actual", 2013)]


def test_a_note_of_estimate_closing_a_clause_makes_its_figures_estimates():
    """（预计数，下同） after a figure: its clause's figures are estimates, those before the note
    included; a clause before a comma, and the figures after a ；, keep their own status."""
    text = ("一、2022年工作回顾\n全年完成地区生产总值3300亿元，增长14.5 %（预计数，下同），固定资产投资增长12%；"
            "全市实现生产总值375亿元、同比增长5.1%（预计，下同）；新增就业2万人。\n二、2023年工作安排\n")
    got = [(r["mention"], r["status"]) for r in extract(text, 2023).figures]
    assert got == [("3300亿元", "actual"), ("14.5 %", "estimate"), ("12%", "estimate"),
                   ("375亿元", "estimate"), ("5.1%", "estimate"), ("2万人", "actual")]


@pytest.mark.parametrize("body,reason,mention", [
    ("开通12345热线。", "identifier", "12345热线"),
    ("地铁2号线开通运营。", "identifier", "2号线"),
    ("新建5G基站。", "identifier", "5G"),
    ("推动IPv6规模化部署。", "identifier", "IPv6"),
    ("协同控制PM2.5和臭氧。", "identifier", "PM2.5"),
    ("以“325沈阳模式”突破。", "name", "325沈阳模式"),
    ("壮大2+3+N投资基金。", "name", "2+3+N"),
    ("2023年是开局之年。", "date", "2023年"),
    ("成立75周年。", "date", "75周年"),
    ("为65岁以上老年人接种。", "classifier", "65岁以上"),
    ("推动40吨以下锅炉淘汰。", "classifier", "40吨以下"),
    ("第3批试点。", "ordinal", "第3批"),
])
def test_exclusions(body, reason, mention):
    result = extract(PLAN + body, 2024)
    assert result.figures == []
    assert (result.exclusions[-1]["reason"], result.exclusions[-1]["mention"]) == (reason, mention)


@pytest.mark.parametrize("body, markers, found", [
    ("主要目标：（1）产值增长8%；（2）投资增长6%。", ["（1）", "（2）"], ["8%", "6%"]),
    ("主要目标：(1)产值增长8%；(12)新建学校3所。", ["(1)", "(12)"], ["8%", "3所"]),
    ("1.推进改革。新增就业2万人。\n2.扩大开放。", ["1.", "2."], ["2万人"]),
    ("**3．建设新城。**投资9亿元；4、改造旧区。", ["3．", "4、"], ["9亿元"]),
    ("新建公园5、6个，完成12.", [], ["5", "6个", "12"]),       # inside a sentence, not an item's start
    ("：5、6个百分点。", [], ["5", "6个百分点"]),              # a digit after 、: a list of numbers
    ("收入比缩小到1.8:1、全省最小。", [], ["1.8", "1"]),       # a ratio's second term, not an item
    ("建成学校3所；2）新建公园5个。\n1、2024年新增绿地8公顷。", ["2）", "1、"], ["3所", "5个", "8公顷"]),
    ("\n1. 5G基站建成300个。", ["1."], ["300个"]),              # an item's marker, then a space: no decimal
])
def test_numbered_list_markers_are_ordinals(body, markers, found):
    result = extract(PLAN + body, 2024)
    assert [f["mention"] for f in result.figures] == found
    assert [e["mention"] for e in result.exclusions if e["reason"] == "ordinal"] == markers


@pytest.mark.parametrize("body, excluded", [
    ("\n8.PM10：又称为可吸入颗粒物。", [("8.", "ordinal"), ("PM10", "identifier")]),
    ("\n21.PM2.5：指环境空气中的颗粒物。", [("21.", "ordinal"), ("PM2.5", "identifier")]),
    ("\n17.P2P网络借贷：个人通过平台借贷。", [("17.", "ordinal"), ("P2P", "identifier")]),
    ("打造一批5G＋8K应用场景。", [("5G", "identifier"), ("＋8K", "name")]),
])
def test_a_span_grown_backwards_stops_at_the_one_before(body, excluded):
    """A note's marker before a name of letters and digits (8.PM10), a name after a name
    (5G＋8K): the second span does not reach back over the first, so every digit is read once."""
    result = extract(body, 2024)
    assert [(e["mention"], e["reason"]) for e in result.exclusions] == excluded
    assert result.figures == []


def test_chinese_words_are_not_numbers():
    assert figures("千方百计推进三年行动,实施十大行动,坚持两个维护,开展万件化访行动,一批项目。") == []


@pytest.mark.parametrize("text, figures_found, excluded", [
    ("6.5%的增长。", ["6.5%"], []),                      # a number opening the text is a figure, not a name
    ("全年增长6.5%", ["6.5%"], []),                      # and one closing it
    ("升级到1.2.3版。", [], [("1.2.3版", "identifier")]),   # dots twice: a version, never a value
    ("见1.2.3条。", [], [("1.2.3", "identifier")]),
    ("连续一点年。", [], []),                             # numeral characters that write no number
    ("前一点强。", [], []),
])
def test_edges_of_a_text_and_numbers_that_are_no_values(text, figures_found, excluded):
    result = extract(text, 2024)
    assert [f["mention"] for f in result.figures] == figures_found
    assert [(e["mention"], e["reason"]) for e in result.exclusions] == excluded


@pytest.mark.parametrize("body, markers, found", [
    ("| 序号 | 项目 | 内容 |\n| 9  | 公共文化 | 新建健身路径300条 |\n| 10 | 公共教育 | 认定教育专家10名 |\n", ["9", "10"], ["300条", "10名"]),
    ("|**12**| 养老 | 新增床位2000张 |\n", ["12"], ["2000张"]),
    ("| 项目 | 数量 |\n| 新建学校 | 12 |\n", [], ["12"]),          # a number in a later cell is the row's figure
    ("| 1200 | 新建学校12所 |\n", [], ["1200", "12所"]),            # four digits: no row's number
])
def test_a_table_row_s_number_is_an_ordinal(body, markers, found):
    """| 10 | 公共教育 | …: a Markdown table row whose first cell holds a number alone is numbered
    by it, as a list item is by 10.; the figures of its other cells are figures."""
    result = extract(PLAN + body, 2024, "report.md")
    assert [f["mention"] for f in result.figures] == found
    assert [e["mention"] for e in result.exclusions if e["reason"] == "ordinal"] == markers


def test_a_fall_of_all_or_more_is_kept_and_listed_as_the_source_s_issue():
    """人数分别下降28.9%和300%: no number of deaths falls by 300%. The figure is the source's
    words (kept, its span quoting them) and a source issue says the value is impossible."""
    text = REVIEW + "道路交通事故和火灾死亡人数分别下降28.9%和300%。能耗下降100%以上不可能，产值增长1036%。\n"
    result = extract(text, 2024)
    issues = [(i["kind"], i["mention"]) for i in result.source_issues]
    assert issues == [("impossible_value", "300%"), ("impossible_value", "100%以上")]
    assert [f["mention"] for f in result.figures] == ["28.9%", "300%", "100%以上", "1036%"]


@pytest.mark.parametrize("body, found", [
    ("人均可支配收入16 403元，", [("16 403元", "16403")]),
    ("地区生产总值1 029亿元，安置7 500人。", [("1 029亿元", "1029"), ("7 500人", "7500")]),
    ("城镇居民收入1 234.56元。", [("1 234.56元", "1234.56")]),
    ("增长3 000—5 000元。", [("3 000", "3000"), ("5 000元", "5000")]),
    ("全年2020 100元。", [("2020", "2020"), ("100元", "100")]),             # four digits before the space: two numbers
    ("三次产业比例调整为12.9∶24.5∶62. 6。", [("12.9", "12.9"), ("24.5", "24.5"), ("62. 6", "62.6")]),
])
def test_a_space_between_groups_of_three_digits_is_a_thousands_separator(body, found):
    """16 403元, 1 029亿元: a typesetter's space groups digits by threes, as a comma does; the number
    is one (16403), not a 16 and a 403元. A spaced decimal (62. 6) is five characters but no identifier."""
    assert [(f["mention"], f["value"]) for f in figures(body)] == found


def test_a_year_written_with_a_grouping_space_is_a_date():
    result = extract(PLAN + "零售总额由1 995年的230亿元增加。", 2024)
    assert ("1 995年", "date") in [(e["mention"], e["reason"]) for e in result.exclusions]
    assert [f["mention"] for f in result.figures] == ["230亿元"]


@pytest.mark.parametrize("body, found, excluded", [
    ("居民消费价格指数103.4，物价涨幅低于全省平均水平。", [("103.4", "", "level")], []),
    ("三次产业比重为2.81：44.16：53.03。", [("2.81", "", "share"), ("44.16", "", "share"), ("53.03", "", "share")], []),
    ("细颗粒物浓度降至34.88微克/立方米。", [("34.88", "", "level")], []),
    ("开通96123热线，服务电话12345。", [], [("96123热线", "identifier"), ("12345", "identifier")]),
])
def test_a_decimal_point_makes_a_long_number_a_measurement(body, found, excluded):
    """Five digits or more with no unit are a code (12345); with one decimal point they are a
    value the report measures (an index 103.4, the terms of a ratio 2.81：44.16：53.03)."""
    result = extract(PLAN + body, 2024)
    assert [(f["mention"], f["unit"], f["measure"]) for f in result.figures] == found
    assert [(e["mention"], e["reason"]) for e in result.exclusions if e["start"] >= len(PLAN)] == excluded
