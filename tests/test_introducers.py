"""The words that introduce a report's targets have one home (extract/data/introducers.yaml),
read by the structure (a paragraph that opens on them starts the plan) and by the headline (the
paragraph of targets). Every example opening in that file must be accepted by both readings, so
the two cannot drift apart unnoticed."""

from __future__ import annotations

import re

import pytest
import yaml

from gwrdata.extract.figures import extract
from gwrdata.extract.lexicon import introducers
from gwrdata.package import headline

from conftest import ROOT

YEAR = 2012
REVIEW = ("各位代表：\n一、2011年工作回顾\n"
          "过去一年，全市地区生产总值增长8.5%，地方一般公共预算收入增长12%。\n"
          "我们坚持稳中求进，各项工作取得新进展。\n")
EXAMPLES = [example.replace("{Y}", str(YEAR)) for example in introducers()["examples"]]


def _gdp_value(example: str) -> str:
    return re.search(r"增长([0-9.]+)%", example).group(1)


@pytest.mark.parametrize("example", EXAMPLES)
def test_the_structure_starts_the_plan_at_every_example(example):
    text = REVIEW + example + "，固定资产投资增长15%。\n"
    result = extract(text, YEAR)
    start = text.index(example)
    part = next(s for s in result.sections if s.level != "chapter" and s.start <= start < s.end)
    assert (part.part_kind, part.period) == ("plan_year", YEAR)


@pytest.mark.parametrize("example", EXAMPLES)
def test_the_headline_finds_the_targets_of_every_example(example):
    text = REVIEW + example + "，固定资产投资增长15%。\n"
    result = extract(text, YEAR)
    table = headline.build(None, text, result.figures, result.sections, year=YEAR)
    assert table.paragraph is not None and table.descriptor()["found"] is True
    gdp = next(r for r in table.rows if r["indicator_id"] == "gdp" and r["status"] == "target")
    assert (gdp["value"], gdp["year"]) == (_gdp_value(example), YEAR)


def test_the_introducers_have_one_home():
    """Neither stage's own vocabulary holds introducer patterns again."""
    sections = yaml.safe_load((ROOT / "src/gwrdata/extract/data/sections.yaml").read_text(encoding="utf-8"))
    words = yaml.safe_load((ROOT / "src/gwrdata/package/data/headline.yaml").read_text(encoding="utf-8"))
    assert not {"target_statement", "target_list_opening", "target_statement_lead"} & set(sections)
    assert not {"introducers", "other_introducers"} & set(words)
    assert {"introducers", "other_introducers", "statement", "statement_lead", "list_opening", "examples"} <= set(introducers())
