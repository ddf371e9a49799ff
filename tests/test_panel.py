"""A panel across reports: manifest, build, checks, outcome rule, release, and the worked corpus panel.

The corpus texts are read from GWRDATA_CORPUS (default ../shared/corpus beside the repository);
the manifests are generated here from its index.csv, and every package and release is written
into a temporary folder: no corpus text ever enters the repository.
"""

from __future__ import annotations

import csv
import json
import shutil
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import LABELS, ROOT
from corpus import corpus_folder
from gwrdata.cli import main

CORPUS = corpus_folder().resolve()
needs_corpus = pytest.mark.skipif(not (CORPUS / "index.csv").is_file(), reason=f"no development corpus at {CORPUS}")


def corpus_index() -> list[dict]:
    with open(CORPUS / "index.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_manifest(path: Path, rows: list[dict]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["path", "government", "year", "level"])
        for row in rows:
            writer.writerow([str(CORPUS / row["file"]), row["government"], row["year"], row["level"]])
    return path


def read_rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def figure_rows(package: Path, table: str = "figures") -> list[dict]:
    """A panel's figures (or another table kept in Parquet), as text cells the way its CSV tables read."""
    from gwrdata.read.parquet import as_text

    return as_text(package / "data" / f"{table}.parquet", table).to_dict("records")


def one_error_line(capsys) -> str:
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "Traceback" not in err, err
    return err


# --- the outcome rule -------------------------------------------------------------------------

def _row(value, qualifier="exact", direction="up", unit="%", measure="growth_rate"):
    return {"value": value, "qualifier": qualifier, "direction": direction, "unit": unit, "measure": measure, "text": "…"}


@pytest.mark.parametrize("target, result, sense, expected", [
    (_row("8", "at_least"), _row("7.3"), "floor", "missed"),          # 云南 2021: 8%以上, 7.3
    (_row("6", "approx"), _row("6.3"), "floor", "met"),               # 内蒙古 2021: 6%左右, 6.3
    (_row("7.5", "approx"), _row("7.4"), "floor", "missed"),          # national 2014: 左右 gives no tolerance
    (_row("6", "approx"), _row("5.7"), "floor", "missed"),            # 四川 2024: 6%左右, 5.7
    (_row("7", "approx"), _row("5.6"), "floor", "missed"),            # 乌兰察布 2021
    (_row("6.5"), _row("6.5"), "floor", "met"),                       # exact: equality meets
    (_row("7.5", "more_than"), _row("7.5"), "floor", "met"),          # more_than counts as R ≥ T
    (_row("6", "at_least"), _row("2.3", direction="down"), "floor", "missed"),  # a fall against a target of growth
    (_row("3", "approx"), _row("0.9"), "ceiling", "met"),             # national CPI 2021: 3%左右, 0.9
    (_row("3", "approx"), _row("3.2"), "ceiling", "missed"),
    (_row("5.5", "approx", measure="share", direction="none"), _row("4.7", measure="share", direction="none"),
     "ceiling", "met"),                                               # 福建 unemployment: 控制在5.5%左右, 4.7
    (_row("3", "up_to"), _row("3"), "ceiling", "met"),                # a ceiling is met at the ceiling
    (dict(_row("6", "at_least"), value_to="6.5"), _row("6.3"), "floor", "met"),     # 6%—6.5%: a floor counts from 6
    (dict(_row("2", "at_least"), value_to="3"), _row("2.8"), "ceiling", "met"),     # 2%—3%: a ceiling counts from 3
    (dict(_row("2", "at_least"), value_to="3"), _row("3.1"), "ceiling", "missed"),
    (dict(_row("2", "at_least"), value_to="3"), _row("1.9"), "band", "missed"),     # a band: inside the range
    (dict(_row("2", "at_least"), value_to="3"), _row("2"), "band", "met"),
    (_row("3", direction="down"), _row("3.5", direction="down"), "floor", "met"),    # 能耗下降3%: fell 3.5%
    (_row("3", direction="down"), _row("2", direction="down"), "floor", "missed"),   # fell only 2%
    (_row("3", direction="down"), _row("1", direction="up"), "floor", "missed"),     # rose 1%
    (_row("3", "approx"), _row("3"), "either", "unclear"),            # nothing decides the sense: no guess
    (_row(""), _row("6"), "floor", "unclear"),                        # target in words only
    (_row("6"), _row("600", unit="亿元", measure="level"), "floor", "unclear"),  # not comparable
    (_row("6"), None, "floor", "not_stated"),                         # no result stated
    (None, _row("2.3"), "floor", "not_stated"),                       # no target
    (_row("6", "approx"), _row("6", unit="％"), "floor", "met"),      # full-width % is %
    (_row("6"), dict(_row(""), status="level"), "floor", "not_stated"),  # the year's level only: no rate stated
    (_row("6"), dict(_row(""), status="urban_rural"), "floor", "unclear"),  # urban and rural only
    (_row("6"), dict(_row(""), status="actual"), "floor", "not_stated"),    # words that say nothing of the target
])
def test_outcome_rule(target, result, sense, expected):
    from gwrdata.package.outcome import outcome

    assert outcome(target, result, sense) == expected


@pytest.mark.parametrize("target, result, sense, expected", [
    (_row("3.5", "up_to"), _row("4", "up_to"), "ceiling", "unclear"),      # 控制在4%以内 against 3.5%以内
    (_row("4.5", "up_to"), _row("4", "up_to"), "ceiling", "met"),          # 4 or less is under 4.5 whatever it was
    (_row("8", "approx"), _row("6", "up_to"), "floor", "missed"),          # 6 or less cannot reach 8
    (_row("5", "approx"), _row("6", "up_to"), "floor", "unclear"),
    (_row("3", direction="down"), _row("4", "up_to", direction="down"), "floor", "unclear"),   # fell 4% or less
    (_row("8", "approx"), _row("6", "at_least"), "floor", "missed"),       # 预计增长6%以上: the estimate as it stands
    (_row("5", "approx"), _row("6", "at_least"), "floor", "met"),
    (_row("8", "approx"), _row("6", "approx"), "floor", "missed"),         # 左右 bounds nothing: as it stands
    (dict(_row("2", "at_least"), value_to="3"), _row("3.5", "up_to"), "band", "unclear"),
    (dict(_row("2", "at_least"), value_to="3"), _row("1.5", "up_to"), "band", "missed"),        # under the range whatever it was
])
def test_an_upper_bound_as_result_decides_only_where_every_value_it_allows_agrees(target, result, sense, expected):
    """城镇登记失业率控制在4%以内 is 4 or less: it meets a ceiling of 4.5 and cannot decide one of 3.5
    (outcome.yaml, result_bounds); no gap where it decides nothing. 预计增长6%以上 is the estimate."""
    from gwrdata.package.outcome import judge

    verdict, gap = judge(target, result, sense)
    assert verdict == expected and (gap is None) == (expected == "unclear")


@pytest.mark.parametrize("words, expected", [
    ("全年涨幅控制在5.6%", "missed"),       # held to 5.6: the value, over a ceiling of 4.5
    ("全年涨幅控制在5.6%以内", "unclear"),  # a bound over the ceiling decides nothing
    ("全年涨幅控制在4%", "met"),
])
def test_a_verb_of_holding_reports_the_value_held_to_not_a_bound(words, expected):
    """全年涨幅控制在5.6% is the value the rise was held to (outcome.yaml, held_to); only a bound
    glued after the number (以内) makes it a bound."""
    from gwrdata.package.outcome import judge

    at = words.index("控制在") + len("控制在")
    result = dict(_row(words[at:].rstrip("%以内"), "up_to"), text=words, start=200, figure_start=200 + at)
    assert judge(_row("4.5", "up_to"), result, "ceiling")[0] == expected


def _words(text: str) -> dict:
    return {"value": "", "status": "words", "text": text, "unit": "", "measure": "", "direction": ""}


@pytest.mark.parametrize("words, sense, expected", [
    ("地区生产总值、固定资产投资等预期性指标未达到年初目标", "floor", "missed"),
    ("地区生产总值等部分指标未能实现预期目标", "floor", "missed"),
    ("地区生产总值与年初目标尚有差距", "floor", "missed"),
    ("地区生产总值超额完成年初预期目标", "floor", "met"),
    ("经济增长好于预期", "floor", "met"),
    ("居民消费价格涨幅实现预期目标", "ceiling", "met"),
    ("地区生产总值增速低于预期目标", "floor", "missed"),        # below a floor
    ("居民消费价格涨幅低于年初预期", "ceiling", "met"),          # below a ceiling
    ("居民消费价格涨幅高于年初预期", "ceiling", "missed"),
    ("细颗粒物浓度低于预期目标", "either", "unclear"),           # nothing decides the sense
    ("地区生产总值超额完成“十三五”规划目标", "floor", "unclear"),  # a plan of five years says nothing of the year
    ("固定资产投资完成年度计划的95%", "floor", "unclear"),        # a share of the target: the figure says it
    ("单位生产总值能耗和主要污染物排放完成国家下达的控制指标", "floor", "met"),  # the binding target the level above assigns
    ("单位生产总值能耗为完成国家下达的任务", "floor", "unclear"),  # what is still to be done
    ("居民消费价格涨幅低于控制目标", "ceiling", "met"),            # a ceiling's own word: 控制目标
    ("城镇新增就业完成省定任务", "floor", "met"),                 # the task the province set
    ("城镇新增就业为完成省定任务", "floor", "unclear"),
    ("单位地区生产总值能耗下降目标超额完成", "floor", "met"),      # the target, then how it was done
    ("“十三五”规划目标全面完成", "floor", "unclear"),
    ("确保能耗下降目标全面完成", "floor", "unclear"),              # what is still to be done
])
def test_a_result_in_words_gives_the_outcome_it_says(words, sense, expected):
    from gwrdata.package.outcome import judge

    assert judge(_row("6", "approx"), _words(words), sense) == (expected, None)


def test_a_result_in_words_reads_alone_in_its_attainment_row():
    target = dict(_row("6", "approx"), government="某省", indicator_id="gdp", year=2024, text="地区生产总值增长6%左右",
                  report_id="某省_2024", figure_start=10, start=10, end=21)
    words = "地区生产总值等预期性指标未达到年初目标"
    result = dict(_words(words), report_id="某省_2025", figure_start="", start=300, end=300 + len(words))
    from gwrdata.package.panel import attainment_row

    row = attainment_row(target, result, {"name_zh": "地区生产总值", "name_en": "GDP", "sense": "floor"})
    assert (row["result_status"], row["outcome"], row["result_value"], row["gap"]) == ("words", "missed", "", "")
    assert (row["result_text"], row["result_text_start"], row["result_text_end"]) == (words, 300, 300 + len(words))


def test_a_level_reads_alone_and_gives_way_to_the_communique():
    target = dict(_row("8", "approx"), government="国务院", indicator_id="gdp", year=2007, text="国内生产总值增长8%左右",
                  report_id="国务院_2007", figure_start=10, start=10, end=21)
    words = "国内生产总值达到24.66万亿元"
    level = dict(_row(""), status="level", report_id="国务院_2008", figure_start=308, start=300, end=300 + len(words), text=words)
    from gwrdata.package.communique import Result
    from gwrdata.package.panel import attainment_row

    indicator = {"name_zh": "国内生产总值", "name_en": "GDP", "sense": "floor"}
    row = attainment_row(target, level, indicator)
    assert (row["result_status"], row["outcome"], row["result_value"], row["gap"], row["result_source"]) == ("level", "not_stated", "", "", "report")
    assert (row["result_text"], row["result_report_id"]) == (words, "国务院_2008")
    stated = Result(2007, "gdp", "11.4", "%", "actual", "国家统计局年度统计/2007.md", "", 40, 45, "国内生产总值比上年增长11.4%")
    row = attainment_row(target, level, indicator, communique=stated)  # the communiqué states the rate the report does not
    assert (row["result_source"], row["result_value"], row["outcome"], row["result_report_id"]) == ("communique", "11.4", "met", "")


@pytest.mark.parametrize("target, result, sense, gap", [
    (_row("7.5", "approx"), _row("7.4"), "floor", "-0.1"),
    (_row("3", "approx"), _row("0.9"), "ceiling", "-2.1"),
    (dict(_row("2", "at_least"), value_to="3"), _row("3.4"), "ceiling", "0.4"),
    (dict(_row("2", "at_least"), value_to="3"), _row("3.4"), "band", "0.4"),
    (dict(_row("2", "at_least"), value_to="3"), _row("1.5"), "band", "-0.5"),
    (dict(_row("2", "at_least"), value_to="3"), _row("2.5"), "band", "0"),
    (_row("3", direction="down"), _row("1", direction="up"), "floor", "-4"),
])
def test_the_gap_is_result_minus_the_compared_end(target, result, sense, gap):
    from gwrdata.package.outcome import judge

    assert judge(target, result, sense)[1] == Decimal(gap)


@pytest.mark.parametrize("indicator, qualifier, direction, expected", [
    ("floor", "up_to", "up", "floor"),          # a floor indicator stays a floor whatever the words
    ("ceiling", "approx", "up", "ceiling"),
    ("either", "at_least", "up", "floor"),      # 以上
    ("either", "more_than", "up", "floor"),
    ("either", "up_to", "none", "ceiling"),     # PM2.5 控制在35以内
    ("either", "exact", "down", "floor"),       # PM2.5 下降3%: a floor on the reduction
    ("either", "approx", "up", "either"),       # 左右 decides nothing
])
def test_the_sense_of_a_target(indicator, qualifier, direction, expected):
    from gwrdata.package.outcome import sense_of

    assert sense_of(indicator, qualifier, direction) == expected


def test_a_missing_sense_is_an_error_not_a_guess():
    from gwrdata.package.outcome import sense_of

    with pytest.raises(ValueError, match="indicators.csv"):
        sense_of("", "approx", "up")


def test_every_codelist_indicator_has_a_sense():
    """A target with no sense would have no outcome: the codelist must give every indicator one."""
    from gwrdata.package.headline import shared_codelist
    from gwrdata.package.registry import vocabulary

    senses = {row["indicator_id"]: row.get("sense", "") for row in shared_codelist()}
    assert len(senses) > 40
    missing = [ident for ident, sense in senses.items() if sense not in vocabulary("sense")]
    assert not missing, f"indicators without a sense in data/indicators.csv: {missing}"
    # The field's senses: growth targets are floors, price and unemployment targets ceilings.
    assert senses["gdp"] == senses["new_urban_jobs"] == senses["disposable_income"] == "floor"
    assert senses["cpi"] == senses["urban_unemployment_surveyed"] == senses["deficit_ratio"] == "ceiling"


def test_outcome_rule_is_written_in_the_codebook():
    text = (ROOT / "docs" / "conventions.md").read_text(encoding="utf-8")
    section = text.split("## Outcome of a target", 1)[1].split("\n## ", 1)[0]
    for words in ("not_stated", "unclear", "R ≥ T", "R ≤ T", "`floor`", "`ceiling`", "`band`", "`either`",
                  "no tolerance", "upper end of a range", "gap", "direction down", "estimate", "`level`", "`urban_rural`"):
        assert words in section, words
    assert "T − 0.5" not in section


# --- the manifest and the recipe --------------------------------------------------------------

@needs_corpus
def test_init_writes_a_panel_recipe_with_hashes(tmp_path, capsys):
    rows = [r for r in corpus_index() if r["government"] == "沈阳市"][:2]
    manifest = write_manifest(tmp_path / "m.csv", rows)
    assert main(["init", str(tmp_path / "panel"), "--reports", str(manifest)]) == 0
    recipe = read_rows(tmp_path / "panel" / "reports.csv")
    assert [r["government"] for r in recipe] == ["沈阳市", "沈阳市"]
    from gwrdata.read.source import sha256_file

    for row, source in zip(recipe, rows):
        assert (tmp_path / "panel" / row["path"]).resolve() == (CORPUS / source["file"]).resolve()
        assert row["sha256"] == sha256_file(CORPUS / source["file"])


def _bad_manifest(tmp_path, lines: list[str]) -> Path:
    path = tmp_path / "m.csv"
    path.write_text("\n".join(["path,government,year"] + lines) + "\n", encoding="utf-8")
    return path


def _file(folder: Path, name: str, data: bytes | None) -> str:
    path = folder / name
    if data is None:
        path.mkdir()
    else:
        path.write_bytes(data)
    return str(path)


@needs_corpus
@pytest.mark.parametrize("make, expected", [
    (lambda d: str(d / "missing.md"), "no such file"),
    (lambda d: _file(d, "empty.md", b""), "empty"),
    (lambda d: _file(d, "folder.md", None), "is a folder"),
    (lambda d: _file(d, "english.md", b"An annual report in English, 2022.\n" * 20), "english.md"),
    (lambda d: _file(d, "binary.md", bytes(range(256)) * 4), "binary.md"),
])
def test_a_bad_row_is_named_by_its_number_and_nothing_is_written(tmp_path, capsys, make, expected):
    good = CORPUS / "major-city_沈阳市_2021.md"
    manifest = _bad_manifest(tmp_path, [f"{good},沈阳市,2021", f"{make(tmp_path)},沈阳市,2022"])
    before = sorted(p.name for p in tmp_path.iterdir())
    assert main(["init", str(tmp_path / "panel"), "--reports", str(manifest)]) == 2
    err = one_error_line(capsys)
    assert "m.csv: row 2 (line 3)" in err and expected in err and "Fix:" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == before


@needs_corpus
def test_two_rows_for_one_government_and_year_are_an_error(tmp_path, capsys):
    a, b = CORPUS / "major-city_沈阳市_2021.md", CORPUS / "major-city_沈阳市_2022.md"
    manifest = _bad_manifest(tmp_path, [f"{a},沈阳市,2021", f"{b},沈阳市,2021"])
    assert main(["init", str(tmp_path / "panel"), "--reports", str(manifest)]) == 2
    err = one_error_line(capsys)
    assert "row 2" in err and "already row 1" in err
    assert not (tmp_path / "panel").exists()


def test_a_manifest_without_its_columns_is_refused(tmp_path, capsys):
    manifest = tmp_path / "m.csv"
    manifest.write_text("file,gov\nx.md,沈阳市\n", encoding="utf-8")
    assert main(["init", str(tmp_path / "panel"), "--reports", str(manifest)]) == 2
    assert "no column 'path'" in one_error_line(capsys)


@needs_corpus
def test_build_refuses_a_text_that_is_not_a_report_or_has_changed(tmp_path, capsys):
    chinese = tmp_path / "notice.md"
    chinese.write_text("关于召开会议的通知。请各单位按时参加。\n" * 5, encoding="utf-8")
    manifest = _bad_manifest(tmp_path, [f"{CORPUS / 'major-city_沈阳市_2021.md'},沈阳市,2021", f"{chinese},沈阳市,2022"])
    assert main(["init", str(tmp_path / "panel"), "--reports", str(manifest)]) == 0
    capsys.readouterr()
    out = tmp_path / "out" / "pkg"
    assert main(["build", str(tmp_path / "panel"), "--out", str(out)]) == 2
    err = one_error_line(capsys)
    assert "reports.csv: row 2 (line 3)" in err and "not a government work report" in err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    chinese.write_text("关于召开会议的通知。今年安排资金3亿元。\n", encoding="utf-8")  # the text changed after init
    assert main(["build", str(tmp_path / "panel"), "--out", str(out)]) == 2
    err = one_error_line(capsys)
    assert "row 2" in err and "SHA-256" in err.upper()


# --- a small panel: the checks fail on bad data -----------------------------------------------

@pytest.fixture(scope="module")
def small_panel(tmp_path_factory):
    """Shenyang 2019–2022, the State Council 2021–2022 and one city with a single report."""
    if not (CORPUS / "index.csv").is_file():
        pytest.skip(f"no development corpus at {CORPUS}")
    folder = tmp_path_factory.mktemp("small")
    rows = [r for r in corpus_index() if r["government"] in ("沈阳市", "国务院", "上海市") and int(r["year"]) >= 2019]
    manifest = write_manifest(folder / "m.csv", rows)
    assert main(["init", str(folder / "panel"), "--reports", str(manifest)]) == 0
    assert main(["build", str(folder / "panel"), "--out", str(folder / "pkg")]) == 0
    return folder / "pkg"


def test_a_result_stated_in_a_report_that_sets_no_target_for_it(small_panel):
    """The State Council's 2020 report set no GDP target, so its headline has no GDP row; its
    review still states 2019's growth (国内生产总值…增长6.1%), and that is the 2019 target's result."""
    row = next(a for a in read_rows(small_panel / "data" / "attainment.csv")
               if (a["government"], a["indicator_id"], a["year"]) == ("国务院", "gdp", "2019"))
    assert (row["result_value"], row["result_report_id"], row["outcome"]) == ("6.1", "国务院_2020", "met")
    text = (CORPUS / "national_国务院_2020.md").read_text(encoding="utf-8")
    figure = next(f for f in figure_rows(small_panel)
                  if f["report_id"] == "国务院_2020" and f["start"] == row["result_start"])
    assert figure["mention"] == "6.1%" and "国内生产总值" in text[int(figure["start"]) - 40:int(figure["start"])]
    targets = read_rows(small_panel / "data" / "targets.csv")
    assert not [t for t in targets if (t["government"], t["indicator_id"], t["year"]) == ("国务院", "gdp", "2020")]


def test_small_panel_tables(small_panel):
    reports = read_rows(small_panel / "data" / "reports.csv")
    assert {r["report_id"] for r in reports} >= {"沈阳市_2019", "沈阳市_2022", "国务院_2021", "上海市_2022"}
    figures = figure_rows(small_panel)
    for report in reports:
        text = (small_panel / report["path"]).read_bytes().decode("utf-8-sig")
        mine = [f for f in figures if f["report_id"] == report["report_id"]]
        assert len(mine) == int(report["figures"]) > 0
        assert all(text[int(f["start"]):int(f["end"])] == f["mention"] for f in mine)
    attainment = read_rows(small_panel / "data" / "attainment.csv")
    # 上海市 has one report in the panel: its targets stand with not_stated outcomes, not an error.
    shanghai = [a for a in attainment if a["government"] == "上海市"]
    assert shanghai and all(a["outcome"] == "not_stated" and a["result_report_id"] == "" for a in shanghai)
    shenyang = {(a["indicator_id"], a["year"]): a for a in attainment if a["government"] == "沈阳市"}
    assert shenyang[("gdp", "2021")]["result_report_id"] == "沈阳市_2022"


def test_the_panel_workbook_prints_at_7_pt_or_more(small_panel, tmp_path):
    """The panel's workbook (its wide government × year sheets, targets and attainment) printed
    by LibreOffice: no text under 7 pt on any page, and every page of a wide sheet starts with
    the governments, so its years read on following pages, a year's target, result and outcome
    on the same page."""
    from pdf_pages import page_words, print_pdf, smallest_text

    from gwrdata.publish import wide
    from gwrdata.publish import workbook as xlsx

    book = xlsx.write_workbook(small_panel, tmp_path / "panel.xlsx", sheets=wide.indicator_sheets(small_panel), skip=("figures",))
    pdf, sheets = print_pdf(book, tmp_path / "pdf")
    smallest = smallest_text(pdf, sheets)
    assert {"wide_gdp", "targets", "attainment"} <= set(smallest)
    assert all(size >= 7.0 for size in smallest.values()), smallest
    words = page_words(pdf)
    gdp = [n for n, sheet in enumerate(sheets) if sheet == "wide_gdp"]
    assert len(gdp) >= 2  # 2019–2022: the years continue on a following page
    for n in gdp:
        top = min(w[2] for w in words[n])
        header = [w[0] for w in sorted((w for w in words[n] if w[2] < top + 2), key=lambda w: w[1])]
        assert header[:2] == ["government_code", "government"], header
        assert "沈阳市" in {w[0] for w in words[n]}
        years = [name.split("_")[0] for name in header[2:] if name[:4].isdigit()]
        assert years and all(years.count(year) == 3 for year in years), header  # a year's three parts on one page


def test_the_figures_are_one_parquet_file_with_the_schema_types(small_panel):
    import pyarrow as pa
    import pyarrow.parquet as pq

    descriptor = json.loads((small_panel / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in descriptor["resources"] if r["name"] == "figures")
    assert resource["path"] == "data/figures.parquet" and resource["format"] == "parquet"
    assert resource["bytes"] == (small_panel / "data" / "figures.parquet").stat().st_size
    assert not (small_panel / "data" / "figures.csv").exists()
    table = pq.read_table(small_panel / "data" / "figures.parquet")
    assert table.column_names == [f["name"] for f in resource["schema"]["fields"]]
    assert "sentence" not in table.column_names
    assert table.schema.field("start").type == pa.int64() and table.schema.field("value").type == pa.float64()
    # The sentence is kept once, in the source: its offsets hold the figure's mention.
    from gwrdata.read.source import read_source

    text = read_source(CORPUS / "national_国务院_2021.md").text  # as the build read it (line ends kept)
    rows = [row for row in figure_rows(small_panel) if row["report_id"] == "国务院_2021"]
    inside = 0
    for row in rows:
        sentence = text[int(row["sentence_start"]):int(row["sentence_end"])]
        assert sentence and sentence == sentence.strip()
        inside += int(row["sentence_start"]) <= int(row["start"]) < int(row["end"]) <= int(row["sentence_end"])
    # A figure at a sentence's last characters (减免社保费1.7万亿元。) may get the sentence before it,
    # as the single report's sentence column does: the offsets say exactly what that column says.
    assert inside / len(rows) >= 0.97, (inside, len(rows))


def test_a_rebuild_gives_the_same_bytes(small_panel, tmp_path):
    recipe = small_panel.parent / "panel"
    assert main(["build", str(recipe), "--out", str(tmp_path / "again")]) == 0
    for path in sorted((small_panel / "data").iterdir()):
        assert (tmp_path / "again" / "data" / path.name).read_bytes() == path.read_bytes(), path.name


def _corrupt(small_panel, tmp_path, table: str, change) -> Path:
    copy = tmp_path / "pkg"
    shutil.copytree(small_panel, copy)
    path = copy / "data" / f"{table}.csv"
    if not path.exists():  # a table kept in Parquet (figures): changed there, every column typed as the schema says
        import pyarrow as pa
        import pyarrow.parquet as pq

        parquet = copy / "data" / f"{table}.parquet"
        schema = pq.read_schema(parquet)
        rows = change(figure_rows(copy, table))
        arrays = [pa.array([None if r[name] == "" else r[name] for r in rows]).cast(schema.field(name).type)
                  if not pa.types.is_string(schema.field(name).type) else pa.array([r[name] or None for r in rows], pa.string())
                  for name in schema.names]
        pq.write_table(pa.Table.from_arrays(arrays, schema=schema), parquet)
        return copy
    rows = read_rows(path)
    header = list(rows[0]) if rows else next(csv.reader(open(path, encoding="utf-8")))
    rows = change(rows)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return copy


def _check(package: Path, name: str):
    from gwrdata.checks import all_checks
    from gwrdata.checks.validate import LoadedPackage

    pkg = LoadedPackage(package / "datapackage.json")
    check = next(c for c in all_checks("panel") if c.name == name)
    return check.run(pkg)


def _set(index: int, **fields):
    def change(rows):
        rows[index] = dict(rows[index], **fields)
        return rows
    return change


def test_the_panel_checks_pass_on_the_built_panel(small_panel):
    from gwrdata.checks import all_checks

    names = [c.name for c in all_checks("panel")]
    assert names == ["panel.source_hash", "panel.parquet_structure", "panel.figure_spans", "panel.exclusion_spans",
                     "panel.digit_coverage", "panel.section_references", "panel.headline_figures", "panel.headline_texts",
                     "panel.figure_counts", "panel.report_counts",
                     "panel.target_figures",
                     "panel.result_later", "panel.attainment_texts", "panel.outcome_rule", "panel.communique_texts",
                     "panel.second_source"]
    for name in names:
        checked, failures = _check(small_panel, name)
        # A manifest panel has no communiqués to quote (tests/test_corpus_recipe.py checks a corpus's).
        assert (checked > 0 or name == "panel.communique_texts") and failures == [], (name, failures[:3])


def test_check_source_hash_fails_on_a_changed_text(small_panel, tmp_path):
    copy = tmp_path / "pkg"
    shutil.copytree(small_panel, copy)
    first = read_rows(copy / "data" / "reports.csv")[0]
    with open(copy / first["path"], "ab") as handle:
        handle.write("改".encode())
    _, failures = _check(copy, "panel.source_hash")
    assert [f.row for f in failures] == [2]


def test_check_figure_spans_fails_on_a_wrong_mention(small_panel, tmp_path):
    copy = _corrupt(small_panel, tmp_path, "figures", _set(3, mention="99%"))
    _, failures = _check(copy, "panel.figure_spans")
    assert [f.row for f in failures] == [5] and failures[0].quote


@pytest.mark.parametrize("table", ["exclusions", "source_issues"])
def test_check_exclusion_spans_fails_on_a_wrong_mention(small_panel, tmp_path, table):
    rows = figure_rows(small_panel, table)
    assert rows, table  # the small panel has exclusions and source issues (a footer, markup) to corrupt
    copy = _corrupt(small_panel, tmp_path, table, _set(0, mention="1999"))
    _, failures = _check(copy, "panel.exclusion_spans")
    assert [(f.resource, f.row) for f in failures] == [(table, 2)] and failures[0].quote


def test_check_digit_coverage_fails_on_a_digit_no_span_holds(small_panel, tmp_path):
    """An exclusion taken away leaves its digits to nothing; an exclusion laid over a figure
    holds that figure's digits twice. Either way the report's row is named."""
    exclusions = figure_rows(small_panel, "exclusions")
    first = next(i for i, row in enumerate(exclusions) if any(ch.isdigit() for ch in row["mention"]))
    report = exclusions[first]["report_id"]
    reports = [r["report_id"] for r in read_rows(small_panel / "data" / "reports.csv")]
    copy = _corrupt(small_panel, tmp_path, "exclusions", lambda rows: rows[:first] + rows[first + 1:])
    _, failures = _check(copy, "panel.digit_coverage")
    assert failures and {f.row for f in failures} == {reports.index(report) + 2}
    assert "no figure or exclusion" in failures[0].message
    figure = next(row for row in figure_rows(small_panel) if any(ch.isdigit() for ch in row["mention"]))
    doubled = _corrupt(small_panel, tmp_path / "doubled", "exclusions", lambda rows: rows + [dict(
        rows[0], report_id=figure["report_id"], start=figure["start"], end=figure["end"], mention=figure["mention"])])
    _, failures = _check(doubled, "panel.digit_coverage")
    assert failures and "2 spans" in failures[0].message


@pytest.mark.parametrize("table,column", [("figures", "section_id"), ("sections", "parent_id")])
def test_check_section_references_fails_on_a_section_of_another_report(small_panel, tmp_path, table, column):
    rows = figure_rows(small_panel, table)
    index = next(i for i, row in enumerate(rows) if row[column])
    copy = _corrupt(small_panel, tmp_path, table, _set(index, **{column: "S99"}))
    _, failures = _check(copy, "panel.section_references")
    assert [(f.resource, f.row, f.field) for f in failures] == [(table, index + 2, column)]


@pytest.mark.parametrize("fields, column", [({"value": "99.9"}, "value"), ({"year": "1999"}, "year"),
                                            ({"figure_id": "F999999"}, "figure_id"), ({"figure_id_to": "F999999"}, "figure_id_to")])
def test_check_headline_figures_fails_on_a_row_its_figure_does_not_give(small_panel, tmp_path, fields, column):
    rows = figure_rows(small_panel, "headline")
    index = next(i for i, row in enumerate(rows) if row["figure_id"] and row["value"])
    copy = _corrupt(small_panel, tmp_path, "headline", _set(index, **fields))
    _, failures = _check(copy, "panel.headline_figures")
    assert [(f.row, f.field) for f in failures] == [(index + 2, column)]


def test_check_headline_texts_fails_on_words_not_at_their_span(small_panel, tmp_path):
    rows = figure_rows(small_panel, "headline")
    index = next(i for i, row in enumerate(rows) if row["start"])
    copy = _corrupt(small_panel, tmp_path, "headline", _set(index, text=rows[index]["text"] + "。"))
    _, failures = _check(copy, "panel.headline_texts")
    assert [(f.row, f.field) for f in failures] == [(index + 2, "text")] and failures[0].quote


def test_a_unit_missing_from_the_units_table_fails_the_parquet_structure(small_panel, tmp_path):
    units = read_rows(small_panel / "data" / "units.csv")
    figures = figure_rows(small_panel)
    assert {f["unit"] for f in figures if f["unit"]} == {u["unit"] for u in units}  # every unit used, and no other
    gone = next(u["unit"] for u in units if u["unit"] == "亿元")
    copy = _corrupt(small_panel, tmp_path, "units", lambda rows: [r for r in rows if r["unit"] != gone])
    _, failures = _check(copy, "panel.parquet_structure")
    assert failures and {(f.resource, f.field, f.value) for f in failures} == {("figures", "unit", gone)}


def test_every_report_s_headline_rows_are_its_own_table(small_panel):
    """A report's headline rows (its targets and the results its review states), as its one-report
    package has them, of the shared codelist's indicators; targets are drawn from them."""
    from gwrdata.package.recipe import Recipe
    from gwrdata.package.transform import tables

    reports = read_rows(small_panel / "data" / "reports.csv")
    report = next(r for r in reports if r["report_id"] == "国务院_2021")
    data = tables(Recipe(small_panel / "x", {"name": "x", "version": "1.0.0", "title_zh": "x", "title_en": "",
                                             "source": {"path": str(small_panel / report["path"]), "report_year": 2021}}))[0]
    mine = [r for r in figure_rows(small_panel, "headline") if r["report_id"] == "国务院_2021"]
    expected = [(h["indicator_id"], str(h["year"]), h["status"], str(h.get("value") or "")) for h in data["headline"]]
    assert [(r["indicator_id"], r["year"], r["status"], r["value"]) for r in mine] == \
        [row for row in expected if row[0] != "" and not row[0].startswith("target_")]
    assert ("gdp", "2021", "target", "6") in {(r["indicator_id"], r["year"], r["status"], r["value"]) for r in mine}
    targets = {(t["indicator_id"], t["year"]) for t in read_rows(small_panel / "data" / "targets.csv") if t["report_id"] == "国务院_2021"}
    assert targets <= {(r["indicator_id"], r["year"]) for r in mine if r["status"] == "target"}


def test_every_report_s_sections_exclusions_and_source_issues_are_its_own_tables(small_panel):
    """The single-report tables a report gives, with the report they belong to: the panel holds
    what a one-report package holds, so every number of every text is accounted for."""
    from gwrdata.package.transform import tables
    from gwrdata.package.recipe import Recipe

    reports = read_rows(small_panel / "data" / "reports.csv")
    report = next(r for r in reports if r["report_id"] == "沈阳市_2022")
    data = tables(Recipe(small_panel / "x", {"name": "x", "version": "1.0.0", "title_zh": "x", "title_en": "",
                                             "source": {"path": str(small_panel / report["path"]), "report_year": 2022}}))[0]
    for table, key in (("sections", "section_id"), ("exclusions", "start"), ("source_issues", "issue_id")):
        mine = [r for r in figure_rows(small_panel, table) if r["report_id"] == report["report_id"]]
        assert [r[key] for r in mine] == [str(r[key if key != "start" else "start"]) for r in data[table]], table
    assert any(r["report_id"] == "沈阳市_2022" for r in figure_rows(small_panel, "exclusions"))


def test_check_figure_counts_fails_on_a_wrong_count(small_panel, tmp_path):
    copy = _corrupt(small_panel, tmp_path, "reports", _set(1, figures="1"))
    _, failures = _check(copy, "panel.figure_counts")
    assert [f.row for f in failures] == [3]


@pytest.mark.parametrize("fields", [{"targets": "99"}, {"results": "99"}])
def test_check_report_counts_fails_on_a_wrong_count(small_panel, tmp_path, fields):
    copy = _corrupt(small_panel, tmp_path, "reports", _set(1, **fields))
    _, failures = _check(copy, "panel.report_counts")
    assert [(f.row, f.field) for f in failures] == [(3, next(iter(fields)))]


def test_each_report_counts_its_targets_and_results(small_panel):
    reports = read_rows(small_panel / "data" / "reports.csv")
    targets = read_rows(small_panel / "data" / "targets.csv")
    attainment = read_rows(small_panel / "data" / "attainment.csv")
    assert sum(int(r["targets"]) for r in reports) == len(targets) > 0
    assert sum(int(r["results"]) for r in reports) == sum(a["result_report_id"] != "" for a in attainment) > 0
    first = reports[0]
    assert first["results"] == "0"  # the first report of a government states no result of a target of the panel


@pytest.mark.parametrize("fields", [{"figure_id": "F999999"}, {"value": "99"},
                                    {"value_to": "9.5"},   # an upper end with no figure of it
                                    {"value_to": "9.5", "figure_id_to": "F999999"}])
def test_check_target_figures_fails_on_a_target_its_figure_does_not_give(small_panel, tmp_path, fields):
    figure = next(f for f in figure_rows(small_panel) if f["report_id"] == "沈阳市_2021")
    row = {"government": "沈阳市", "indicator_id": "gdp", "year": "2021", "value": figure["value"], "unit": figure["unit"],
           "qualifier": figure["qualifier"], "measure": figure["measure"], "direction": figure["direction"],
           "report_id": "沈阳市_2021", "figure_id": figure["figure_id"], "start": figure["start"], "end": figure["end"],
           "text": figure["mention"]}
    copy = _corrupt(small_panel, tmp_path, "targets", lambda rows: [row, dict(row, year="2022", **fields)])
    _, failures = _check(copy, "panel.target_figures")
    assert [f.row for f in failures] == [3]


def _attainment_row(**fields) -> dict:
    row = {"government": "沈阳市", "government_en": "", "indicator_id": "gdp", "indicator_zh": "地区生产总值",
           "indicator_en": "Gross domestic / regional product (GDP)", "year": "2021", "sense": "floor",
           "target_value": "6", "target_value_to": "", "target_qualifier": "at_least", "target_direction": "up", "unit": "%",
           "result_value": "7", "gap": "1", "outcome": "met", "result_status": "estimate",
           "target_text": "地区生产总值增长6%以上", "target_report_id": "沈阳市_2021", "target_start": "1",
           "target_text_start": "1", "target_text_end": "2", "result_text": "增长7%", "result_report_id": "沈阳市_2022",
           "result_start": "1", "result_text_start": "1", "result_text_end": "2"}
    return dict(row, **fields)


def test_check_result_later_fails_on_a_result_from_the_target_report(small_panel, tmp_path):
    copy = _corrupt(small_panel, tmp_path, "attainment", lambda rows: [_attainment_row(result_report_id="沈阳市_2021")])
    _, failures = _check(copy, "panel.result_later")
    assert [f.row for f in failures] == [2]


@pytest.mark.parametrize("fields", [
    {"outcome": "missed"},
    {"result_value": "5.7", "target_qualifier": "approx", "gap": "-0.3"},   # the old tolerance's met
    {"result_value": "", "result_status": "not_stated"},
    {"gap": "0.5"},                                                       # 7 − 6 is 1
    {"gap": ""},
    {"sense": "ceiling", "outcome": "missed"},                            # gdp is a floor
    {"indicator_id": "cpi", "result_value": "2", "gap": "-4", "outcome": "met"},  # cpi is a ceiling: its sense column
    {"indicator_id": "cpi", "sense": "ceiling", "target_value": "3", "target_qualifier": "approx", "result_value": "3.1",
     "gap": "0.1", "outcome": "met"},                                     # above a ceiling is missed
    {"indicator_id": "cpi", "sense": "ceiling", "target_value": "2", "target_value_to": "3", "result_value": "2.5",
     "gap": "0.5", "outcome": "met"},                                     # a ceiling's gap is from the range's upper end
    {"result_value": "", "gap": "", "result_status": "words", "result_text": "地区生产总值等指标未达到年初目标"},  # words of a miss
    {"result_value": "", "gap": "", "result_status": "words", "result_text": "地区生产总值超额完成年初目标",
     "outcome": "not_stated"},                                            # words that say met
    {"result_value": "", "gap": "", "result_status": "level", "result_text": "全市地区生产总值2860亿元"},  # a level decides nothing
    {"result_value": "", "gap": "", "result_status": "level", "outcome": "unclear", "result_text": "全市地区生产总值2860亿元"},
    {"result_value": "", "gap": "", "result_status": "urban_rural", "outcome": "missed",
     "result_text": "城乡居民人均可支配收入分别增长4.7%、5.4%"},               # nor do urban and rural
])
def test_check_outcome_rule_fails_on_an_outcome_the_rule_does_not_give(small_panel, tmp_path, fields):
    copy = _corrupt(small_panel, tmp_path, "attainment", lambda rows: [_attainment_row(**fields)])
    _, failures = _check(copy, "panel.outcome_rule")
    assert [f.row for f in failures] == [2]


def test_check_outcome_rule_passes_the_field_rule(small_panel, tmp_path):
    rows = [_attainment_row(),
            _attainment_row(indicator_id="cpi", year="2022", sense="ceiling", target_value="3", target_qualifier="approx",
                            result_value="0.9", gap="-2.1", outcome="met"),
            _attainment_row(year="2023", target_value="6", target_qualifier="approx", result_value="5.7", gap="-0.3",
                            outcome="missed"),
            _attainment_row(year="2024", result_value="", gap="", result_status="words", outcome="missed",
                            result_text="地区生产总值等预期性指标未达到年初目标"),
            _attainment_row(year="2025", result_value="", gap="", result_status="level", outcome="not_stated",
                            result_text="全市地区生产总值2860亿元")]
    copy = _corrupt(small_panel, tmp_path, "attainment", lambda _: rows)
    checked, failures = _check(copy, "panel.outcome_rule")
    assert checked == 5 and failures == []


def test_check_outcome_rule_fails_on_an_indicator_without_a_sense(small_panel, tmp_path):
    copy = _corrupt(small_panel, tmp_path, "indicators",
                    lambda rows: [dict(r, sense="") if r["indicator_id"] == "gdp" else r for r in rows])
    _, failures = _check(copy, "panel.outcome_rule")
    assert failures and all(f.field == "indicator_id" for f in failures)


@pytest.mark.parametrize("part", ["target", "result"])
def test_check_attainment_texts_fails_on_words_not_at_their_span(small_panel, tmp_path, part):
    rows = read_rows(small_panel / "data" / "attainment.csv")
    index = next(i for i, a in enumerate(rows) if a["result_text"])
    copy = _corrupt(small_panel, tmp_path, "attainment", _set(index, **{f"{part}_text": rows[index][f"{part}_text"] + "改"}))
    _, failures = _check(copy, "panel.attainment_texts")
    assert [(f.row, f.field) for f in failures] == [(index + 2, f"{part}_text")]


def test_attainment_reads_alone(small_panel):
    """Names, unit, sense and the quoted words of target and result, each at its span."""
    attainment = read_rows(small_panel / "data" / "attainment.csv")
    indicators = {r["indicator_id"]: r for r in read_rows(small_panel / "data" / "indicators.csv")}
    texts = {}
    for row in attainment:
        assert row["indicator_zh"] == indicators[row["indicator_id"]]["name_zh"] and row["indicator_en"]
        assert row["sense"] in ("floor", "ceiling", "band", "either") and row["target_text"]
        for part in ("target", "result"):
            if row[f"{part}_report_id"]:
                text = texts.setdefault(row[f"{part}_report_id"], (small_panel / "sources" / f"{row[f'{part}_report_id']}.md")
                                        .read_bytes().decode("utf-8-sig"))
                assert text[int(row[f"{part}_text_start"]):int(row[f"{part}_text_end"])] == row[f"{part}_text"]
    cpi = next(a for a in attainment if (a["government"], a["indicator_id"], a["year"]) == ("国务院", "cpi", "2021"))
    # 居民消费价格涨幅3%左右 (2021 report) against 居民消费价格上涨0.9% (2022 report): a ceiling, met.
    assert (cpi["sense"], cpi["target_value"], cpi["result_value"], cpi["gap"], cpi["outcome"]) == ("ceiling", "3", "0.9", "-2.1", "met")
    assert "3%左右" in cpi["target_text"] and "0.9%" in cpi["result_text"]
    assert all(a["sense"] == "floor" for a in attainment if a["indicator_id"] == "gdp")
    descriptor = json.loads((small_panel / "datapackage.json").read_text(encoding="utf-8"))
    rule = descriptor["gwrdata"]["outcome_rule"]
    assert "result >= target" in rule["floor"] and "result <= target" in rule["ceiling"] and "none" in rule["tolerance"]
    assert "result_status level" in rule["undecided"] and "urban_rural" in rule["undecided"]


def test_panel_suites_are_generated_from_the_registry():
    import great_expectations as gx

    from gwrdata.checks.suites import load, suite_text
    from gwrdata.package.registry import resource_names

    for name in resource_names("panel"):
        committed = (ROOT / "validation" / "gx" / "panel" / f"{name}.json").read_text(encoding="utf-8")
        assert committed == suite_text(name, "panel"), f"validation/gx/panel/{name}.json drifted: run python -m gwrdata.checks.suites"
        assert len(gx.ExpectationSuite(**load(name, "panel")).expectations) > 3


# --- the worked corpus panel: build, validate, release, score ---------------------------------

@pytest.fixture(scope="module")
def corpus_panel(tmp_path_factory):
    """Every report of the corpus: the 27 provinces 2021–2022, cities with one or two years,
    Shenyang 2019–2022, the State Council 2018–2022."""
    if not (CORPUS / "index.csv").is_file():
        pytest.skip(f"no development corpus at {CORPUS}")
    folder = tmp_path_factory.mktemp("corpus")
    manifest = write_manifest(folder / "manifest.csv", corpus_index())
    assert main(["init", str(folder / "panel"), "--reports", str(manifest), "--name", "gwr-corpus-panel"]) == 0
    assert main(["build", str(folder / "panel"), "--out", str(folder / "pkg")]) == 0
    return folder


def _score(pairs: list[tuple[object, object]]) -> tuple[int, int]:
    return sum(1 for a, b in pairs if a == b), len(pairs)


def _number(text: str):
    return Decimal(text) if text not in ("", None) else None


def _attainment_scores(corpus_panel) -> tuple[tuple[int, int], tuple[int, int], tuple[int, int], list[str]]:
    """(target values, result values, outcomes) right of total, and the rows that differ."""
    labels = read_rows(LABELS / "corpus" / "attainment.csv")
    rows = {(a["government"], a["indicator_id"], a["year"]): a for a in read_rows(corpus_panel / "pkg" / "data" / "attainment.csv")}
    targets, results, outcomes, misses = [], [], [], []
    for label in labels:
        row = rows.get((label["government"], label["indicator_id"], label["year"]))
        # A government-year with no target has no attainment row: its outcome is not_stated.
        got_target = _number(row["target_value"]) if row else None
        got_result = _number(row["result_value"]) if row else None
        got_outcome = row["outcome"] if row else "not_stated"
        targets.append((got_target, _number(label["target_value"])))
        if label["target_value"]:  # the attainment table holds results of targets only
            results.append((got_result, _number(label["result_value"])))
        outcomes.append((got_outcome, label["outcome"]))
        if (got_target, got_outcome) != (_number(label["target_value"]), label["outcome"]) or \
                (label["target_value"] and got_result != _number(label["result_value"])):
            misses.append(f"{label['government']} {label['year']}: target {got_target} result {got_result} {got_outcome} "
                          f"(label {label['target_value']} {label['result_value']} {label['outcome']})")
    return _score(targets), _score(results), _score(outcomes), misses


@pytest.mark.slow
def test_corpus_attainment_values_against_the_labels(corpus_panel, capsys):
    """The panel's attainment beside tests/labels/corpus/attainment.csv (labelled by reading)."""
    t, r, o, misses = _attainment_scores(corpus_panel)
    with capsys.disabled():
        print(f"\ncorpus attainment (gdp) vs labels: target values {t[0]}/{t[1]} = {t[0] / t[1]:.1%}, "
              f"result values {r[0]}/{r[1]} = {r[0] / r[1]:.1%}, outcomes {o[0]}/{o[1]} = {o[0] / o[1]:.1%}")
        for miss in misses:
            print(f"  differs: {miss}")
    assert t[0] / t[1] >= 0.95 and r[0] / r[1] >= 0.95


@pytest.mark.slow
def test_corpus_attainment_outcomes_against_the_labels(corpus_panel):
    _, _, o, _ = _attainment_scores(corpus_panel)
    assert o[0] / o[1] >= 0.95


@pytest.mark.slow
def test_corpus_gdp_targets_and_results_against_the_labels(corpus_panel, capsys):
    """The 54 provincial reports: the GDP target (targets table) and the previous year's result
    (the figure the report's headline table keys as gdp) beside tests/labels/corpus/gdp.csv."""
    labels = read_rows(LABELS / "corpus" / "gdp.csv")
    package = corpus_panel / "pkg" / "data"
    targets = {(t["government"], t["year"]): t for t in read_rows(package / "targets.csv") if t["indicator_id"] == "gdp"}
    results = {}
    for f in figure_rows(corpus_panel / "pkg"):
        government, year = f["report_id"].rsplit("_", 1)
        if f["indicator_id"] == "gdp" and f["status"] in ("actual", "estimate") and f["period"] == str(int(year) - 1):
            results.setdefault((government, year), f)
    scores = {"target": [], "result": []}
    for label in labels:
        if label["kind"] == "target":
            row = targets.get((label["government"], label["year"]))
            scores["target"].append(((_number(row["value"]), row["qualifier"]) if row else (None, ""),
                                     (_number(label["value"]), label["qualifier"]) if label["value"] else (None, "")))
        else:
            row = results.get((label["government"], label["year"]))
            scores["result"].append((_number(row["value"]) if row else None, _number(label["value"])))
    with capsys.disabled():
        for kind, pairs in scores.items():
            right, total = _score(pairs)
            print(f"\ncorpus provincial gdp {kind}s vs labels: {right}/{total} = {right / total:.1%}", end="")
        print()
    for kind, pairs in scores.items():
        right, total = _score(pairs)
        assert right / total >= 0.95, kind


@pytest.mark.slow
def test_corpus_panel_validates_and_releases(corpus_panel, tmp_path, capsys):
    package = corpus_panel / "pkg"
    capsys.readouterr()
    code = main(["validate", str(package), "--json"])
    report = json.loads(capsys.readouterr().out)
    failed = [(c["name"], c["failures"][:2]) for c in report["checks"] if c["failed"]]
    assert code == 0 and not failed, failed
    dist = tmp_path / "dist"
    assert main(["release", str(corpus_panel / "panel"), "--dist", str(dist), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    folder = Path(result["folder"])
    assert folder.parent == dist and result["status"] == "released"
    stem = f"gwr-corpus-panel-{result['version']}"
    notes = (folder / "RELEASE-NOTES.md").read_text(encoding="utf-8")
    rule = notes.split("## Outcome rule", 1)[1].split("\n## ", 1)[0]
    assert "floor: met when result >= target" in rule and "ceiling: met when result <= target" in rule and "tolerance: none" in rule
    with zipfile.ZipFile(folder / f"{stem}-csv.zip") as archive:
        names = set(archive.namelist())
    reports = read_rows(package / "data" / "reports.csv")
    # The zip is the package itself: its descriptor at the root, every report's text beside the data.
    assert all(r["path"] in names for r in reports)
    assert {"data/figures.parquet", "site/index.html", "site/data/gdp.js", "site/data/report-links.js", "datapackage.json"} <= names
    # The workbook: the wide government × year sheet as LibreOffice reads it, beside attainment.csv.
    from release_helpers import soffice_csvs

    sheets = soffice_csvs(folder / f"{stem}.xlsx", tmp_path / "soffice")
    assert "figures" not in sheets and {"README", "wide_gdp", "wide_cpi", "attainment", "targets", "reports"} <= set(sheets)
    attainment = read_rows(package / "data" / "attainment.csv")
    # A wide sheet per headline indicator: one row per government, target / result / outcome per year.
    for ident in ("gdp", "cpi"):
        wide = sheets[f"wide_{ident}"]
        header = wide[0]
        assert header[:5] == ["government_code", "government", "government_en", "level", "province_zh"]
        rows = [row for row in attainment if row["indicator_id"] == ident]
        assert rows
        for row in rows:
            line = next(w for w in wide[1:] if w[1] == row["government"])
            for part, column in (("target", "target_value"), ("result", "result_value"), ("outcome", "outcome")):
                cell = line[header.index(f"{row['year']}_{part}")]
                assert (Decimal(cell) if part != "outcome" and cell else cell) == \
                       (Decimal(row[column]) if part != "outcome" and row[column] else row[column])
    # The page: a chart of targets against results, and the figures table found by search.
    from browser import chromium_page

    site = folder / f"{stem}-site" / "index.html"
    with chromium_page() as page:
        page.goto(site.as_uri())
        page.wait_for_selector("#chart-gdp")  # GDP, the picker's first indicator, loads its file with the page
        pairs = page.locator("#chart-gdp g.pair")
        stated = [a for a in attainment if a["indicator_id"] == "gdp" and a["target_value"] and a["result_value"]]
        assert pairs.count() == len(stated) > 20
        assert page.locator("#chart-gdp g.pair[data-outcome=missed]").count() == sum(1 for a in stated if a["outcome"] == "missed")
        page.fill("#q", "沈阳市_2021 地区生产总值")
        shown = int(page.inner_text("#shown-count"))
        assert 0 < shown < 50
        link = page.locator("#ftable tbody a").first
        href = link.get_attribute("href")
        assert href == "sources/沈阳市_2021.md" and (site.parent / href).is_file()


# --- the data page: an overview and a picker; each indicator's chart and rows in a file of its own

def _page_expectations(package: Path) -> tuple[list[str], dict[str, list[dict]]]:
    """What the codebook says the page offers: the indicators that have targets, in codelist order."""
    attainment = read_rows(package / "data" / "attainment.csv")
    by_indicator: dict[str, list[dict]] = {}
    for row in attainment:
        by_indicator.setdefault(row["indicator_id"], []).append(row)
    order = [r["indicator_id"] for r in read_rows(package / "data" / "indicators.csv") if r["indicator_id"] in by_indicator]
    return order, by_indicator


def _shown_rows(rows: list[dict]) -> int:
    """Table rows of an indicator: each target, and each result a later report states."""
    return len(rows) + sum(1 for r in rows if r["result_report_id"])


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _scripts(page) -> list[str]:
    return page.eval_on_selector_all("script[src]", "els => els.map(e => e.getAttribute('src'))")


LINKS_OF_RELEASE = {"xlsx": "../panel.xlsx", "csv_zip": "../panel-csv.zip"}


def test_the_page_holds_the_overview_and_one_file_per_indicator_the_same_bytes_twice(small_panel, tmp_path):
    from gwrdata.publish import panel_page

    order, by_indicator = _page_expectations(small_panel)
    assert order[0] == "gdp" and "cpi" in order
    first = panel_page.write_site(small_panel, tmp_path / "a", LINKS_OF_RELEASE).parent
    panel_page.write_site(small_panel, tmp_path / "b", LINKS_OF_RELEASE)
    files = _files(first)
    assert files == _files(tmp_path / "b")
    assert set(files) == {"index.html", "site.css", "panel.js", "data/report-links.js"} | {f"data/{i}.js" for i in order}
    page = files["index.html"].decode("utf-8")
    # The picker offers exactly those indicators, in that order; no chart and no row is in the page itself.
    assert page.split('<select id="indicator">', 1)[1].split("</select>", 1)[0].count("<option") == len(order)
    assert [part.split('"', 1)[0] for part in page.split('<option value="')[1:]] == order
    assert "<svg class=\"chart\"" not in page and "g class=\"pair\"" not in page
    mentions = [r["target_text"] for rows in by_indicator.values() for r in rows]
    assert mentions and not any(m in page for m in mentions)
    # Without JavaScript the reader is pointed to the downloads.
    noscript = page.split("<noscript>", 1)[1].split("</noscript>", 1)[0]
    assert 'href="../panel-csv.zip"' in noscript and 'href="../panel.xlsx"' in noscript
    # Each indicator's file is one call carrying its own chart and rows only.
    gdp = files["data/gdp.js"].decode("utf-8")
    assert gdp.startswith("window.gwrdataPanel.add({") and gdp.endswith("});\n")
    body = json.loads(gdp[len("window.gwrdataPanel.add("):-len(");\n")])
    assert body["indicator"] == "gdp" and len(body["figures"]) == _shown_rows(by_indicator["gdp"])
    assert {row[7] for row in body["figures"]} == {"gdp"}
    assert "</" not in gdp and "<svg" not in gdp  # markup travels escaped, as in the page's JSON
    # A chart of figures counted in 万人 spans thousands: still at most a dozen gridlines.
    for ident in order:
        chart = json.loads(files[f"data/{ident}.js"].decode("utf-8")[len("window.gwrdataPanel.add("):-len(");\n")])["chart"]
        assert chart.count('stroke="#e3e3e3"') <= 13, ident


@pytest.mark.parametrize(("span", "step"), [(0.5, 1), (12, 1), (13, 2), (24, 2), (25, 5), (60, 5), (61, 10), (121, 20), (601, 100), (42000, 5000)])
def test_gridlines_step_by_one_two_or_five_times_a_power_of_ten(span, step):
    """At most 12 steps across a chart, each 1, 2 or 5 times a power of ten: the smallest that fits."""
    from gwrdata.publish.panel_page import tick_step

    assert tick_step(span) == step


def test_the_page_from_disk_loads_the_chosen_indicator_once(small_panel, tmp_path):
    """Opened from disk in Chromium: GDP loads with the page; another indicator brings its own file;
    picking GDP again uses the file already loaded; the search filters the indicator shown."""
    from browser import chromium_page
    from gwrdata.publish import panel_page

    order, by_indicator = _page_expectations(small_panel)
    index = panel_page.write_site(small_panel, tmp_path / "site", LINKS_OF_RELEASE, sources="sources/")
    addresses = {r["report_id"]: "sources/" + r["path"].split("/", 1)[-1] for r in read_rows(small_panel / "data" / "reports.csv")}
    with chromium_page() as page:
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(index.as_uri())
        assert page.eval_on_selector_all("#indicator option", "os => os.map(o => o.value)") == order
        page.wait_for_selector("#chart-gdp")
        gdp = by_indicator["gdp"]
        assert page.locator("#chart-gdp g.pair").count() == sum(1 for r in gdp if r["target_value"] and r["result_value"]) > 2
        assert page.locator("#chart-gdp g.pair[data-outcome=missed]").count() == sum(
            1 for r in gdp if r["target_value"] and r["result_value"] and r["outcome"] == "missed")
        assert int(page.inner_text("#total-count")) == int(page.inner_text("#shown-count")) == _shown_rows(gdp)
        assert page.locator("#ftable tbody tr").count() == _shown_rows(gdp)
        assert sorted(s for s in _scripts(page) if s.startswith("data/")) == ["data/gdp.js", "data/report-links.js"]
        # Search: a report's id finds that report's targets and results of the indicator shown.
        page.fill("#q", "沈阳市_2020")
        expected = sum(1 for r in gdp if r["target_report_id"] == "沈阳市_2020") + sum(1 for r in gdp if r["result_report_id"] == "沈阳市_2020")
        assert int(page.inner_text("#shown-count")) == expected == page.locator("#ftable tbody tr").count() > 0
        assert {a.get_attribute("href") for a in page.locator("#ftable tbody a").all()} == {addresses["沈阳市_2020"]}
        # A second indicator: its own file, its own chart and rows; the query still applies.
        page.fill("#q", "")
        page.select_option("#indicator", "cpi")
        page.wait_for_selector("#chart-cpi")
        cpi = by_indicator["cpi"]
        assert page.locator("#chart-gdp").count() == 0
        assert page.locator("#chart-cpi g.pair").count() == sum(1 for r in cpi if r["target_value"] and r["result_value"])
        assert int(page.inner_text("#total-count")) == _shown_rows(cpi)
        page.fill("#q", "国务院_2021")
        assert int(page.inner_text("#shown-count")) == sum(1 for r in cpi if r["target_report_id"] == "国务院_2021") + \
            sum(1 for r in cpi if r["result_report_id"] == "国务院_2021") > 0
        page.select_option("#indicator", "gdp")
        page.wait_for_selector("#chart-gdp")
        assert sorted(s for s in _scripts(page) if s.startswith("data/")) == ["data/cpi.js", "data/gdp.js", "data/report-links.js"]
        assert int(page.inner_text("#total-count")) == _shown_rows(gdp)
        # The picker speaks the page's language.
        zh = {r["indicator_id"]: r["name_zh"] for r in read_rows(small_panel / "data" / "indicators.csv")}
        page.click("#lang")
        label = page.inner_text("#indicator option[value=gdp]")
        if not label.startswith(zh["gdp"]):
            page.click("#lang")
            label = page.inner_text("#indicator option[value=gdp]")
        assert label == f"{zh['gdp']} ({len(gdp)})"
        assert not errors, errors


def test_a_missing_indicator_file_is_said_on_the_page(small_panel, tmp_path):
    from browser import chromium_page
    from gwrdata.publish import panel_page

    index = panel_page.write_site(small_panel, tmp_path / "site", LINKS_OF_RELEASE)
    (index.parent / "data" / "cpi.js").unlink()
    with chromium_page() as page:
        page.goto(index.as_uri())
        page.wait_for_selector("#chart-gdp")
        page.select_option("#indicator", "cpi")
        page.wait_for_selector("#load-note.error")
        assert "data/cpi.js" in page.inner_text("#load-note")
        assert page.locator("#chart-cpi").count() == 0


def test_markup_in_a_mention_stays_text(small_panel, tmp_path):
    """A mention is text from a report: it is escaped into the indicator's file and shown as text."""
    from browser import chromium_page
    from gwrdata.publish import panel_page

    hostile = "</script><img id=injected src=x onerror=alert(1)>&amp;"
    first = next(i for i, r in enumerate(read_rows(small_panel / "data" / "attainment.csv")) if r["indicator_id"] == "gdp")
    copy = _corrupt(small_panel, tmp_path, "attainment", _set(first, target_text=hostile))
    index = panel_page.write_site(copy, tmp_path / "site")
    assert "</script>" not in (index.parent / "data" / "gdp.js").read_text(encoding="utf-8")
    with chromium_page() as page:
        page.goto(index.as_uri())
        page.wait_for_selector("#chart-gdp")
        assert page.locator("#injected").count() == 0
        assert hostile in page.inner_text("#ftable tbody")


@pytest.mark.parametrize("ident", ["../../escaped", "GDP", "gdp.js", "gdp/x", ""])
def test_an_indicator_id_that_is_not_a_plain_name_is_refused_and_nothing_is_written(small_panel, tmp_path, ident):
    from gwrdata.errors import InputError
    from gwrdata.publish import panel_page

    copy = _corrupt(small_panel, tmp_path, "attainment", _set(2, indicator_id=ident))
    with pytest.raises(InputError, match=r"attainment\.csv: row 4, indicator_id") as refused:
        panel_page.write_site(copy, tmp_path / "out" / "site")
    assert "a-z" in str(refused.value) and "\n" not in str(refused.value)
    assert not (tmp_path / "out").exists() and not list(tmp_path.rglob("escaped*"))


def test_a_released_page_lists_and_zips_its_data_files(small_panel, tmp_path, capsys):
    """The release lists every file of the page folder in SHA256SUMS, data/ too, and the zip
    carries the page with its data files; the zipped page works unpacked, from disk."""
    import hashlib

    from browser import chromium_page

    capsys.readouterr()
    assert main(["release", str(small_panel.parent / "panel"), "--dist", str(tmp_path / "dist"), "--json"]) == 0
    folder = Path(json.loads(capsys.readouterr().out)["folder"])
    site = next(folder.glob("*-site"))
    order, _ = _page_expectations(small_panel)
    sums = dict(reversed(line.split("  ", 1)) for line in (folder / "SHA256SUMS").read_text(encoding="utf-8").splitlines())
    on_disk = {p.relative_to(folder).as_posix() for p in site.rglob("*") if p.is_file()}
    assert {f"{site.name}/data/{i}.js" for i in order} | {f"{site.name}/data/report-links.js"} <= on_disk <= set(sums)
    assert all(hashlib.sha256((folder / name).read_bytes()).hexdigest() == sums[name] for name in on_disk)
    manifest = {f["name"] for f in json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["files"]}
    assert on_disk <= manifest
    archive = next(folder.glob("*-csv.zip"))
    with zipfile.ZipFile(archive) as bundle:
        zipped = {n for n in bundle.namelist() if n.startswith("site/data/")}
        assert zipped == {f"site/data/{i}.js" for i in order} | {"site/data/report-links.js"}
        bundle.extractall(tmp_path / "unzipped")
    with chromium_page() as page:
        page.goto((tmp_path / "unzipped" / "site" / "index.html").as_uri())
        page.wait_for_selector("#chart-gdp")
        href = page.locator("#ftable tbody a").first.get_attribute("href")
        assert href.startswith("../sources/") and (tmp_path / "unzipped" / "site" / href).is_file()


def test_two_panels_differ_by_key_in_their_parquet_figures(small_panel, tmp_path):
    """A later version of a panel is diffed against the last release: its figures (Parquet) row by row."""
    from gwrdata.publish.diff import diff

    assert diff(small_panel, small_panel).empty
    copy = _corrupt(small_panel, tmp_path, "figures", _set(3, subject_en="Changed subject"))
    change = diff(small_panel, copy)
    assert change.counts()["figures"] == {"added": 0, "removed": 0, "changed": 1}
    assert change.bump == "patch"


def test_the_suites_read_the_parquet_figures_and_fail_on_a_bad_cell(small_panel, tmp_path):
    """great-expectations reads a panel's figures as stored (Parquet, typed) after the rule
    checks have dropped their text form: a period before 1949 and an unknown status still fail,
    reported at their CSV-style line with the cell as the table holds it."""
    from gwrdata.checks.validate import validate_package

    copy = _corrupt(small_panel, tmp_path, "figures", lambda rows: [dict(rows[0], period="1915")] + [dict(rows[1], status="guessed")] + rows[2:])
    report = validate_package(copy / "datapackage.json", frictionless=False)
    failures = [f for r in report.results if r.name == "gx.figures" for f in r.failures]
    assert not report.valid
    assert {(f.row, f.field, f.value) for f in failures} >= {(2, "period", "1915"), (3, "status", "guessed")}
    assert next(r for r in report.results if r.name == "panel.figure_spans").ok  # the checks ran, on the text form


def test_a_figures_parquet_that_is_not_parquet_is_one_line_everywhere(small_panel, tmp_path, capsys):
    """A cut-short or overwritten figures.parquet: load, diff and validate each say which file and
    how to fix it, exit 2, and never show a traceback."""
    copy = tmp_path / "pkg"
    shutil.copytree(small_panel, copy)
    parquet = copy / "data" / "figures.parquet"
    parquet.write_bytes(parquet.read_bytes()[: parquet.stat().st_size // 2])
    import gwrdata
    from gwrdata.errors import InputError

    with pytest.raises(InputError, match="figures.parquet.*not a readable Parquet file"):
        gwrdata.load(str(copy))
    capsys.readouterr()
    for argv in (["diff", str(small_panel), str(copy)], ["validate", str(copy)]):
        code = main(argv)
        captured = capsys.readouterr()
        assert code == 2, argv
        lines = [line for line in captured.err.splitlines() if line.strip()]
        assert len(lines) == 1 and "figures.parquet" in lines[0] and "Traceback" not in captured.err, (argv, captured.err)


def _synthetic_panel(tmp_path: Path, texts: dict[int, str]) -> Path:
    """A panel of one government's reports written here (year → text), built by the CLI."""
    lines = []
    for year, text in texts.items():
        path = tmp_path / f"{year}.md"
        path.write_text(text, encoding="utf-8")
        lines.append(f"{path},沈阳市,{year}")
    manifest = _bad_manifest(tmp_path, lines)
    assert main(["init", str(tmp_path / "panel"), "--reports", str(manifest)]) == 0
    assert main(["build", str(tmp_path / "panel"), "--out", str(tmp_path / "pkg")]) == 0
    return tmp_path / "pkg"


def _report(review: str, targets: str) -> str:
    return (f"政府工作报告\n各位代表：\n一、过去一年工作回顾\n过去一年，{review}\n"
            f"二、今年工作安排\n今年经济社会发展的主要预期目标是：{targets}\n")


@pytest.mark.parametrize("review, outcome", [
    ("国家下达的节能减排目标任务全面完成。", "not_stated"),        # the plan's five years, not the last
    ("2020年，国家下达的节能减排目标任务全面完成。", "met"),      # the sentence speaks of the year
    ("节能减排完成年度目标任务。", "met"),                          # …or of the year's target
])
def test_words_in_a_review_of_several_years_are_the_plan_s_unless_they_name_the_year(tmp_path, review, outcome):
    """目标任务全面完成 in “十三五”时期工作回顾 says the five years' plan was met; only a sentence
    that speaks of the year before says it of that year's target."""
    pkg = _synthetic_panel(tmp_path, {
        2020: _report("全市地区生产总值增长6.1%。", "地区生产总值增长6%左右，节能减排完成省下达任务。"),
        2021: ("政府工作报告\n各位代表：\n一、“十三五”时期工作回顾\n五年来，全市地区生产总值年均增长6%。\n"
               f"——绿色发展取得新进展。{review}\n"
               "二、今年工作安排\n今年经济社会发展的主要预期目标是：地区生产总值增长6%左右。\n"),
    })
    rows = {(a["indicator_id"], a["year"]): a for a in read_rows(pkg / "data" / "attainment.csv")}
    assert rows[("energy_saving", "2020")]["outcome"] == outcome


@pytest.mark.parametrize("held, target, value, outcome", [
    ("城镇登记失业率每年均控制在3.5%以内", "4", "3.5", "met"),      # held in each year, the last too
    ("城镇登记失业率每年均控制在3.5%以内", "3", "3.5", "unclear"),  # a bound over the target decides nothing
    ("城镇登记失业率控制在3.5%以内", "4", "3.5", "met"),
    ("城镇登记失业率年均控制在3.5%以内", "4", "", "not_stated"),    # an average of the years
    ("城镇登记失业率稳定在3.2%", "4", "", "not_stated"),             # a value, not a bound: which year's?
])
def test_a_ceiling_held_over_several_years_is_the_last_year_s_result_as_a_bound(tmp_path, held, target, value, outcome):
    """城镇登记失业率每年均控制在3.5%以内 in a review of five years held in each, so in the year
    before (headline.yaml, held_each_year): a bound, which meets a ceiling at or above it; the
    review's other figures of the five years stay out (年均增长6%)."""
    pkg = _synthetic_panel(tmp_path, {
        2020: _report("全市地区生产总值增长6.1%。", f"地区生产总值增长6%左右，城镇登记失业率控制在{target}%以内。"),
        2021: (f"政府工作报告\n各位代表：\n一、“十三五”时期工作回顾\n五年来，全市地区生产总值年均增长6%，{held}。\n"
               "二、今年工作安排\n今年经济社会发展的主要预期目标是：地区生产总值增长6%左右。\n"),
    })
    rows = {(a["indicator_id"], a["year"]): a for a in read_rows(pkg / "data" / "attainment.csv")}
    jobless, gdp = rows[("urban_unemployment_registered", "2020")], rows[("gdp", "2020")]
    assert (jobless["result_value"], jobless["outcome"]) == (value, outcome)
    assert gdp["outcome"] == "not_stated"
    if value:
        assert jobless["result_text"] == held


@pytest.mark.parametrize("review, value, status", [
    ("空气质量优良率达95.1%。", "95.1", "actual"),            # the year's rate: stated, deciding nothing
    ("预计空气质量优良率95.1%。", "95.1", "estimate"),
    ("空气质量持续改善。", "", "words"),                        # words of how it went
    ("森林覆盖率达到45%。", "", "not_stated"),                  # another indicator's rate
])
def test_a_target_in_words_takes_the_year_s_rate(tmp_path, review, value, status):
    """空气质量持续改善 as a target, and 空气质量优良率达95.1% in the next review: the indicator's rate of
    the year is its stated result, and no number decides a target in words (unclear)."""
    pkg = _synthetic_panel(tmp_path, {
        2023: _report("全市地区生产总值增长4.8%。", "地区生产总值增长5%左右，空气质量持续改善。"),
        2024: _report("全市地区生产总值增长5.1%，" + review, "地区生产总值增长5%左右。"),
    })
    air = {(a["indicator_id"], a["year"]): a for a in read_rows(pkg / "data" / "attainment.csv")}[("air_quality", "2023")]
    assert (air["result_value"], air["result_status"]) == (value, status)
    assert air["outcome"] == ("not_stated" if status == "not_stated" else "unclear")
    assert air["unit"] == ("%" if value else "")


@pytest.mark.parametrize("review, value, unit, outcome", [
    ("全市地区生产总值增长5.1%，全年粮食产量312.8万吨。", "312.8", "万吨", "unclear"),  # an amount: kept, undecided
    ("全市地区生产总值增长5.1%，实施重点粮食项目306项。", "", "", "not_stated"),          # a count of items is no level
])
def test_a_target_in_words_takes_the_year_s_level_where_that_is_an_amount(tmp_path, review, value, unit, outcome):
    pkg = _synthetic_panel(tmp_path, {
        2023: _report("全市地区生产总值增长4.8%。", "地区生产总值增长5%左右，粮食产量保持稳定。"),
        2024: _report(review, "地区生产总值增长5%左右。"),
    })
    rows = {(a["indicator_id"], a["year"]): a for a in read_rows(pkg / "data" / "attainment.csv")}
    grain = rows[("grain_output", "2023")]
    assert (grain["target_value"], grain["result_value"], grain["unit"], grain["outcome"]) == ("", value, unit, outcome)
    assert rows[("gdp", "2023")]["outcome"] == "met"


@pytest.mark.parametrize("review, target, value, outcome", [
    ("居民消费价格指数103.4。", "居民消费价格涨幅3%左右。", "3.4", "missed"),     # a ceiling of 3% after a rise of 3.4%
    ("居民消费价格总指数为99.5。", "居民消费价格涨幅3%左右。", "-0.5", "met"),     # a fall of the index
    ("居民消费价格指数103.4。", "居民消费价格指数控制在合理区间。", "3.4", "unclear"),  # a target in words
    ("居民消费价格103.4。", "居民消费价格涨幅3%左右。", "", "not_stated"),       # no index named: a bare level
])
def test_a_price_index_states_the_year_s_change(tmp_path, review, target, value, outcome):
    """居民消费价格指数103.4 (the year before at 100) is a rise of 3.4%: the result of a growth target,
    its words and span the index's."""
    pkg = _synthetic_panel(tmp_path, {
        2023: _report("全市地区生产总值增长4.8%。", "地区生产总值增长5%左右，" + target),
        2024: _report("全市地区生产总值增长5.1%，" + review, "地区生产总值增长5%左右。"),
    })
    rows = {(a["indicator_id"], a["year"]): a for a in read_rows(pkg / "data" / "attainment.csv")}
    cpi = rows[("cpi", "2023")]
    assert (cpi["result_value"], cpi["outcome"]) == (value, outcome)
    if value:
        assert "指数" in cpi["result_text"] and cpi["result_report_id"].endswith("2024")


@pytest.mark.parametrize("review, energy, emissions", [
    ("节能减排完成年度目标任务。", "met", "met"),
    ("节能降耗完成年度目标任务。", "met", "not_stated"),        # 节能降耗 says nothing of emissions
    ("节能减排未能完成年度计划。", "missed", "missed"),
    ("单位地区生产总值能耗下降3.5%，节能减排完成年度目标任务。", "met", "met"),  # its own figure first
])
def test_words_of_energy_saving_say_how_the_parts_it_covers_stood(tmp_path, review, energy, emissions):
    """节能减排完成年度目标任务 says the year's energy and emissions targets were met (outcome.yaml,
    words_cover): a result in words, its words the wider indicator's."""
    pkg = _synthetic_panel(tmp_path, {
        2023: _report("全市地区生产总值增长4.8%。", "地区生产总值增长5%左右，单位地区生产总值能耗下降3%，主要污染物排放总量减少2%。"),
        2024: _report("全市地区生产总值增长5.1%，" + review, "地区生产总值增长5%左右。"),
    })
    rows = {(a["indicator_id"], a["year"]): a for a in read_rows(pkg / "data" / "attainment.csv")}
    assert (rows[("energy_intensity", "2023")]["outcome"], rows[("pollutant_emissions", "2023")]["outcome"]) == (energy, emissions)
    if emissions != "not_stated":
        assert rows[("pollutant_emissions", "2023")]["result_status"] == "words"
        assert rows[("pollutant_emissions", "2023")]["result_text"].startswith("节能减排")


@pytest.mark.parametrize("review, status, outcome, text", [
    ("空气质量优良率达71.4%。", "part", "unclear", "空气质量优良率达71.4%"),  # a part: stated, undecided
    ("国考断面水质优良比例达94.7%。", "part", "unclear", "国考断面水质优良比例达94.7%"),
    ("生态环境质量持续改善。空气质量优良率达71.4%。", "words", "unclear", "生态环境质量持续改善"),  # its own words first
    ("生态环境质量完成省下达目标。空气质量优良率达71.4%。", "words", "met", "生态环境质量完成省下达目标"),
    ("全年固定资产投资增长6.5%。", "not_stated", "not_stated", ""),  # not a part of it
])
def test_the_parts_of_a_wider_target_state_its_year_without_deciding_it(tmp_path, review, status, outcome, text):
    """生态环境质量持续改善 is made of air quality, PM2.5 and water quality (outcome.yaml, parts): a
    review that states only a part states the year's result (result_status part) but decides
    nothing (unclear), no value standing for the whole."""
    pkg = _synthetic_panel(tmp_path, {
        2023: _report("全市地区生产总值增长4.8%。", "地区生产总值增长5%左右，生态环境质量持续改善。"),
        2024: _report("全市地区生产总值增长5.1%。" + review, "地区生产总值增长5%左右。"),
    })
    row = {(a["indicator_id"], a["year"]): a for a in read_rows(pkg / "data" / "attainment.csv")}[("environment_quality", "2023")]
    assert (row["result_status"], row["outcome"], row["result_text"], row["result_value"]) == (status, outcome, text, "")
    if status == "part":
        assert row["result_report_id"].endswith("2024") and row["result_text_start"] != ""


def test_energy_saving_stated_only_by_its_energy_half_is_stated_and_undecided(tmp_path):
    """节能减排完成省下达任务 as the target, 万元GDP能耗下降3.2% in the next review: the energy half
    (outcome.yaml, parts) states the year, the emissions half is not said, so unclear."""
    pkg = _synthetic_panel(tmp_path, {
        2023: _report("全市地区生产总值增长4.8%。", "地区生产总值增长5%左右，节能减排完成省下达任务。"),
        2024: _report("全市地区生产总值增长5.1%，万元GDP能耗下降3.2%。", "地区生产总值增长5%左右。"),
    })
    row = {(a["indicator_id"], a["year"]): a for a in read_rows(pkg / "data" / "attainment.csv")}[("energy_saving", "2023")]
    assert (row["result_status"], row["outcome"], row["result_text"], row["result_value"]) == ("part", "unclear", "万元GDP能耗下降3.2%", "")


@pytest.mark.parametrize("review, status, outcome, text", [
    ("国际收支基本平衡。", "words", "unclear", "国际收支基本平衡"),  # words of how it went: stated, undecided
    ("国际收支有待基本平衡。", "not_stated", "not_stated", ""),  # a need, not how it went
    ("国际收支基本平衡。全年固定资产投资增长6.5%。", "actual", "missed", "全年固定资产投资增长6.5%"),  # a figure first
    ("固定资产投资持续增长。全年固定资产投资增长6.5%。", "actual", "missed", "全年固定资产投资增长6.5%"),
    ("固定资产投资持续增长。全年固定资产投资完成500亿元。", "level", "not_stated", "全年固定资产投资完成500亿元"),  # a level first
    ("城乡居民收入持续增长。城镇和农村居民人均可支配收入分别增长5.5%、7%。", "urban_rural", "unclear",
     "城镇和农村居民人均可支配收入分别增长5.5%、7%"),  # each half's growth first
])
def test_words_of_how_an_indicator_went_are_a_result_that_decides_nothing(tmp_path, review, status, outcome, text):
    """国际收支基本平衡 in the review says the year's result in words (outcome.yaml, went) without
    comparing it with the target: result_status words, outcome unclear; a figure of the
    indicator in the same review is its result."""
    pkg = _synthetic_panel(tmp_path, {
        2023: _report("全市地区生产总值增长4.8%。", "地区生产总值增长5%左右，固定资产投资增长8%，国际收支基本平衡，居民人均可支配收入增长6%。"),
        2024: _report("全市地区生产总值增长5.1%。" + review, "地区生产总值增长5%左右。"),
    })
    rows = {(a["indicator_id"], a["year"]): a for a in read_rows(pkg / "data" / "attainment.csv")}
    indicator = ("fixed_asset_investment" if "固定资产投资" in review else "disposable_income" if "收入" in review
                 else "balance_of_payments")
    row = rows[(indicator, "2023")]
    assert (row["result_status"], row["outcome"], row["result_text"]) == (status, outcome, text)


# --- one report's checks on every report of a panel -------------------------------------------

def _report_checks(package: Path):
    from gwrdata.checks import per_report
    from gwrdata.checks.validate import LoadedPackage

    return {r.name: r for r in per_report.run(LoadedPackage(package / "datapackage.json"))}


def test_a_panel_is_held_to_one_report_s_checks(small_panel):
    """Every rule check of a one-report package runs on the panel, but those a panel check does
    for every report at once; on the built panel none fails, though its reports share offsets
    (spans of two texts never overlap) and ids (F000123 is in every report)."""
    from gwrdata.checks import all_checks
    from gwrdata.checks.per_report import REPLACED

    results = _report_checks(small_panel)
    assert list(results) == [c.name for c in all_checks("report") if c.name not in REPLACED]
    assert all(r.checked > 0 and not r.skipped for name, r in results.items() if name != "cross.range_ends"), \
        {n: (r.checked, r.skipped) for n, r in results.items()}
    assert {name: [f.message for f in r.failures[:2]] for name, r in results.items() if r.failures} == {}


def test_the_per_report_lists_name_real_checks():
    """A check renamed or removed cannot linger in the lists that say how a panel runs it."""
    from gwrdata.checks import all_checks
    from gwrdata.checks.per_report import REPLACED, ROW_CHECKS

    names = {c.name for c in all_checks("report")}
    assert set(ROW_CHECKS) <= names and set(REPLACED) <= names and not set(ROW_CHECKS) & set(REPLACED)
    assert all(f"`{name}`" in (ROOT / "validation" / "README.md").read_text(encoding="utf-8") for name in REPLACED)


def test_a_report_check_on_a_panel_names_the_panel_row(small_panel, tmp_path):
    """A per-report check (a target dated before its report's year) and a check of the whole
    panel (a fall whose signed value is not negative) name the row of the panel's table."""
    reports = {r["report_id"]: int(r["year"]) for r in read_rows(small_panel / "data" / "reports.csv")}
    rows = figure_rows(small_panel)
    target = next(i for i, row in enumerate(rows) if row["status"] == "target" and i > 100)
    year = str(reports[rows[target]["report_id"]] - 3)
    fall = next(i for i, row in enumerate(rows) if row["direction"] == "down" and row["value"])
    copy = _corrupt(small_panel, tmp_path, "figures", lambda rows: _set(fall, signed_value=rows[fall]["value"])(
        _set(target, period=year, period_from=year, period_to=year)(rows)))
    results = _report_checks(copy)
    assert [(f.resource, f.row) for f in results["years.status_period"].failures] == [("figures", target + 2)]
    assert [(f.resource, f.row) for f in results["cross.signed_value"].failures] == [("figures", fall + 2)]
    assert results["years.status_period"].failures[0].quote  # quoted from its own report's text


def test_one_base_per_indicator_is_a_report_s_rule_where_the_codelist_declares_none(small_panel, tmp_path):
    """Without a declared base unit, an indicator keeps one base within a report: each report may
    use its own, and a report that uses two fails at the row that differs."""
    rows = figure_rows(small_panel)
    by_report = {}
    for i, row in enumerate(rows):
        if row["indicator_id"]:
            by_report.setdefault(row["indicator_id"], {}).setdefault(row["report_id"], []).append(i)
    indicator = next(k for k, reports in sorted(by_report.items())
                     if len(reports) >= 2 and any(len(v) >= 2 for v in reports.values()))
    report, own = next((r, v) for r, v in by_report[indicator].items() if len(v) >= 2)
    undeclared = _corrupt(small_panel, tmp_path / "undeclared", "indicators",
                          lambda table: [dict(r, base_unit="" if r["indicator_id"] == indicator else r["base_unit"]) for r in table])

    def rebase(indexes):
        def change(table):
            for i in indexes:
                table[i] = dict(table[i], base_unit="tonne")
            return table
        return change

    whole_report = _corrupt(undeclared, tmp_path / "whole", "figures", rebase(own))
    assert _report_checks(whole_report)["units.one_base_per_indicator"].failures == []
    one_row = _corrupt(undeclared, tmp_path / "one", "figures", rebase(own[1:2]))
    assert [f.row for f in _report_checks(one_row)["units.one_base_per_indicator"].failures] == [own[1] + 2]


@pytest.mark.parametrize("curated", [False, True])
def test_a_report_built_as_a_panel_of_one_is_its_package(tmp_path, capsys, curated):
    """One report, two shapes: Shenyang 2024 built as a panel of one report from its vendored text
    holds the same figures, headline, sections, exclusions and source issues as its one-report
    package, and passes every check of both. Without the recipe's curated tables, every field they
    do not curate is equal; with them (in the panel recipe's reports/<report_id>/), every field."""
    from gwrdata.read.parquet import as_text

    manifest = tmp_path / "m.csv"
    manifest.write_text("path,government,year,level\n"
                        f"{ROOT / 'datapackage' / 'sources' / 'shenyang-2024-government-work-report.txt'},沈阳市,2024,city\n",
                        encoding="utf-8")
    assert main(["init", str(tmp_path / "panel"), "--reports", str(manifest)]) == 0
    assert "a panel of 1 report)" in capsys.readouterr().out
    if curated:
        folder = tmp_path / "panel" / "reports" / "沈阳市_2024"
        folder.mkdir(parents=True)
        for name in ("figures.csv", "sections.csv"):
            shutil.copyfile(ROOT / "recipes" / "shenyang-2024" / name, folder / name)
    assert main(["build", str(tmp_path / "panel"), "--out", str(tmp_path / "pkg")]) == 0
    left_out = set() if curated else {"subject_zh", "subject_en", "category", "title_en"}
    for table in ("figures", "headline", "sections", "exclusions", "source_issues"):
        panel = as_text(tmp_path / "pkg" / "data" / f"{table}.parquet", table).reset_index(drop=True)
        with open(ROOT / "datapackage" / "data" / f"{table}.csv", encoding="utf-8", newline="") as handle:
            package = list(csv.DictReader(handle))
        assert len(panel) == len(package), table
        shared = [c for c in package[0] if c in panel.columns and c not in left_out]
        assert panel[shared].to_dict("records") == [{c: row[c] for c in shared} for row in package], table
    capsys.readouterr()
    assert main(["validate", str(tmp_path / "pkg"), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    names = {c["name"] for c in report["checks"]}
    assert {"years.section_period", "percent.decrease_direction", "panel.figure_spans"} <= names
    assert not any(c.get("skipped") or c["failed"] for c in report["checks"])
