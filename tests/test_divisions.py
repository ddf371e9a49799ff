"""The governments code list: every government of the corpus has a row, and the codes hold together.

Expected codes below are GB/T 2260 codes written down by hand, not read back from the table.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from gwrdata.errors import InputError
from gwrdata.package import divisions

ROOT = Path(__file__).resolve().parent.parent
MIRROR = ROOT.parent / "shared" / "mirror"
CORPUS = ROOT.parent / "shared" / "corpus"


def _read(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_columns_in_order():
    with open(divisions.path(), encoding="utf-8", newline="") as handle:
        assert tuple(next(csv.reader(handle))) == divisions.COLUMNS


@pytest.mark.skipif(not (MIRROR / "reports.csv").is_file(), reason="the mirror is not beside the repository")
def test_every_government_of_the_mirror_has_a_row_at_its_level():
    rows = divisions.by_government()
    levels = {}
    for report in _read(MIRROR / "reports.csv"):
        levels.setdefault(report["government"], set()).add(report["level"])
    missing = sorted(set(levels) - set(rows))
    assert not missing, f"no row in governments.csv for {missing}"
    wrong = {g: (rows[g]["level"], sorted(ls)) for g, ls in levels.items() if ls != {rows[g]["level"]}}
    assert not wrong
    assert not sorted(set(rows) - set(levels)), "a row for a government the mirror does not have"


@pytest.mark.skipif(not (CORPUS / "index.csv").is_file(), reason="the development corpus is not beside the repository")
def test_every_government_of_the_development_corpus_has_a_row():
    rows = divisions.by_government()
    index = _read(CORPUS / "index.csv")
    assert len(index) == 155
    assert not sorted({r["government"] for r in index} - set(rows))
    assert all(rows[r["government"]]["level"] == r["level"] for r in index)


def test_codes_are_six_digits_unique_and_under_their_province():
    table = divisions.table()
    by_code = {row["code"]: row for row in table}
    assert len(by_code) == len(table), "two rows share a code"
    assert len({row["government"] for row in table}) == len(table)
    for row in table:
        assert re.fullmatch(r"[1-9]\d{5}", row["code"]), row
        assert row["level"] in ("national", "province", "major-city", "city"), row
        if row["level"] == "national":
            assert row["code"] == "100000" and row["province_code"] == "" and row["province_zh"] == ""
            continue
        assert row["province_code"] == row["code"][:2] + "0000", row
        parent = by_code[row["province_code"]]
        municipality = parent["level"] == "major-city" and parent["code"].endswith("0000")
        assert parent["level"] == "province" or municipality, (row, parent)
        assert row["province_zh"] == parent["name_zh"], row
        if row["code"].endswith("0000"):
            assert row["province_code"] == row["code"]
        else:
            assert row["level"] in ("major-city", "city") and row["code"].endswith("00"), row


def test_provincial_level_rows_are_the_31():
    provincial = [row for row in divisions.table() if row["code"].endswith("0000") and row["level"] != "national"]
    assert len(provincial) == 31
    assert {row["government"] for row in provincial if row["level"] == "major-city"} == {"北京市", "天津市", "上海市", "重庆市"}


@pytest.mark.parametrize("government, code", [
    ("国务院", "100000"),
    ("北京市", "110000"),
    ("重庆市", "500000"),
    ("内蒙古自治区", "150000"),
    ("沈阳市", "210100"),
    ("深圳市", "440300"),
    ("延边朝鲜族自治州", "222400"),
    ("伊犁哈萨克自治州", "654000"),
    ("乌鲁木齐市", "650100"),
    ("拉萨市", "540100"),
    ("襄阳市", "420600"),
    ("莱芜市", "371200"),
    ("毕节市", "520500"),
    ("儋州市", "460400"),
])
def test_codes_checked_by_hand(government, code):
    assert divisions.code_of(government) == code


@pytest.mark.parametrize("government, name_en", [
    ("国务院", "State Council"),
    ("陕西省", "Shaanxi"),
    ("山西省", "Shanxi"),
    ("内蒙古自治区", "Inner Mongolia"),
    ("西藏自治区", "Tibet"),
    ("呼和浩特市", "Hohhot"),
    ("乌鲁木齐市", "Urumqi"),
    ("哈尔滨市", "Harbin"),
    ("拉萨市", "Lhasa"),
    ("西安市", "Xi'an"),
    ("沈阳市", "Shenyang"),
    ("延边朝鲜族自治州", "Yanbian Korean Autonomous Prefecture"),
])
def test_english_names_checked_by_hand(government, name_en):
    assert divisions.by_government()[government]["name_en"] == name_en


def test_abolished_and_renamed_divisions_say_so():
    rows = divisions.by_government()
    assert "2019" in rows["莱芜市"]["note"] and "济南市" in rows["莱芜市"]["note"]
    assert "襄樊市" in rows["襄阳市"]["note"]
    assert "毕节地区" in rows["毕节市"]["note"] and "522400" in rows["毕节市"]["note"]
    assert "100000" in rows["国务院"]["note"]
    assert rows["沈阳市"]["note"] == ""


def test_unknown_government_is_an_input_error_naming_it():
    with pytest.raises(InputError) as caught:
        divisions.code_of("襄樊市")
    message = str(caught.value)
    assert "襄樊市" in message and "governments.csv" in message and "add a row" in message


def test_table_hands_out_copies():
    divisions.table()[0]["code"] = "999999"
    divisions.by_government()["沈阳市"]["code"] = "999999"
    assert divisions.table()[0]["code"] == "100000"
    assert divisions.code_of("沈阳市") == "210100"
