"""The statistical communiqués as a second source of the national results (package/communique.py)."""

from __future__ import annotations

import csv
import hashlib
import shutil
from pathlib import Path

import pytest
from conftest import ROOT

from gwrdata.errors import InputError
from gwrdata.extract.figures import extract
from gwrdata.package import communique

MIRROR = ROOT.parent / "shared" / "mirror"
LABELS = ROOT / "tests" / "labels" / "mirror" / "national.csv"
LABELLED = {"gdp": "gdp", "cpi": "cpi", "urban_jobs": "new_urban_jobs"}


def _results(text: str, year: int) -> dict[str, communique.Result]:
    found = communique.results(text, extract(text, year + 1).figures, year, "x.md", "0" * 64)
    return {r.indicator_id: r for r in found}


def test_each_indicator_is_the_first_figure_after_its_name():
    text = ("2015年国民经济和社会发展统计公报\n一、综合\n初步核算，全年国内生产总值[2]676708亿元，比上年增长6.9%。"
            "其中，第一产业增加值60863亿元，增长3.9%。全年居民消费价格比上年下降0.7%，其中食品价格上涨2.3%。"
            "全年城镇新增就业1312万人。年末城镇登记失业率为4.05%。\n")
    got = _results(text, 2015)
    assert (got["gdp"].value, got["gdp"].unit, got["gdp"].status) == ("6.9", "%", "actual")
    assert got["gdp"].text == "国内生产总值[2]676708亿元，比上年增长6.9%" and text[got["gdp"].start:got["gdp"].end] == "6.9%"
    assert got["cpi"].value == "-0.7"    # a fall is negative
    assert got["new_urban_jobs"].value == "1312" and got["urban_unemployment_registered"].value == "4.05"
    assert "urban_unemployment_surveyed" not in got


def test_a_quarter_or_another_subject_is_not_the_years_value():
    got = _results("居民消费价格一季度同比上涨2.2%，二季度上涨2.9%。国内生产总值中第一产业增加值增长3.9%。", 2010)
    assert got == {}


def test_the_whole_year_after_its_quarters():
    got = _results("居民消费价格一季度同比上涨2.2%，二季度上涨2.9%，全年平均比上年上涨3.3%，其中食品价格上涨7.2%。", 2010)
    assert got["cpi"].value == "3.3" and got["cpi"].text.endswith("全年平均比上年上涨3.3%")


def test_gross_new_jobs_after_the_urban_employed_not_the_net_change():
    got = _results("年末全国就业人员76990万人，比上年末增加590万人。其中城镇就业人员29350万人，净增加1040万人，新增加1204万人。", 2007)
    assert got["new_urban_jobs"].value == "1204" and got["new_urban_jobs"].text == "城镇就业人员29350万人，净增加1040万人，新增加1204万人"
    # 新增加 of another subject, and the stock's net change alone, are not new urban jobs.
    assert "new_urban_jobs" not in _results("全年新增加耕地面积120万亩。其中城镇就业人员24780万人，增加840万人。", 2002)


def test_a_price_level_flat_on_the_year_before_is_a_change_of_zero():
    text = "全年居民消费价格与上年持平。工业生产者出厂价格下降2.6%。"
    got = _results(text, 2025)
    assert (got["cpi"].value, got["cpi"].text, text[got["cpi"].start:got["cpi"].end]) == ("0", "居民消费价格与上年持平", "与上年持平")
    # Flat, but of another subject named between, or of a quarter: not the year's CPI.
    assert _results("居民消费价格中食品价格与上年持平。", 2025) == {}
    assert _results("居民消费价格一季度与上年持平。", 2025) == {}


def _corpus(tmp_path: Path, text: str) -> tuple[Path, dict]:
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "2015.md").write_text(text, encoding="utf-8")
    digest = hashlib.sha256(text.encode()).hexdigest()
    (tmp_path / "communiques.csv").write_text(f"path,year,sha256\nc/2015.md,2015,{digest}\n", encoding="utf-8")
    listed = hashlib.sha256((tmp_path / "communiques.csv").read_bytes()).hexdigest()
    return tmp_path, {"communiques": "communiques.csv", "communiques_sha256": listed}


def test_texts_and_their_list_are_verified(tmp_path):
    folder, corpus = _corpus(tmp_path, "全年国内生产总值比上年增长6.9%。\n")
    assert [r.value for r in communique.read(folder, corpus, folder / "recipe.yaml", {2015})] == ["6.9"]
    with pytest.raises(InputError, match="differs from"):
        communique.read(folder, dict(corpus, communiques_sha256="0" * 64), folder / "recipe.yaml", {2015})
    (folder / "c" / "2015.md").write_text("全年国内生产总值比上年增长9.9%。\n", encoding="utf-8")
    with pytest.raises(InputError, match="c/2015.md: SHA-256"):
        communique.read(folder, corpus, folder / "recipe.yaml", {2015})


def test_a_path_that_leaves_the_corpus_is_refused(tmp_path):
    folder, corpus = _corpus(tmp_path, "全年国内生产总值比上年增长6.9%。\n")
    shutil.copy(folder / "c" / "2015.md", tmp_path.parent / "outside.md")
    (folder / "communiques.csv").write_text("path,year,sha256\n../outside.md,2015,x\n", encoding="utf-8")
    corpus["communiques_sha256"] = hashlib.sha256((folder / "communiques.csv").read_bytes()).hexdigest()
    with pytest.raises(InputError):
        communique.read(folder, corpus, folder / "recipe.yaml", {2015})


@pytest.mark.skipif(not (MIRROR / "communiques.csv").is_file(), reason="the mirror is not beside the repository")
def test_the_mirrors_communiques_against_the_labels():
    """national.csv's communiqué values were read from the texts; the reader never gives another
    value, and finds at least 94 of the 95 (the 2003 communiqué gives only 城镇就业人员…增加859万人,
    which the labels count as new jobs; the reader takes only 新增加, the gross count, since
    增加 is elsewhere the net change of the stock)."""
    with open(LABELS, encoding="utf-8", newline="") as handle:
        labels = [r for r in csv.DictReader(handle) if r["communique_value"]]
    corpus = {"communiques": "communiques.csv",
              "communiques_sha256": hashlib.sha256((MIRROR / "communiques.csv").read_bytes()).hexdigest()}
    found = {(r.indicator_id, r.year): r for r in communique.read(MIRROR, corpus, MIRROR / "x", {int(r["year"]) for r in labels})}
    right = 0
    for row in labels:
        indicator = LABELLED.get(row["indicator"]) or (
            "urban_unemployment_surveyed" if row["measure"].startswith("城镇调查") else "urban_unemployment_registered")
        got = found.get((indicator, int(row["year"])))
        if got is not None:
            assert not communique.differs(got.value, row["communique_value"]), (row["year"], indicator, got.value, got.text)
            right += 1
    assert right >= 94, right
