"""Bad and unusual input: each has a tiny named fixture, a clear message and exit code 2."""

import hashlib

import pytest

from gwrdata.cli import main
from gwrdata.errors import InputError
from gwrdata.extract.figures import extract
from gwrdata.read.source import read_source

from conftest import FIXTURES, SOURCE

INPUTS = FIXTURES / "inputs"


@pytest.mark.parametrize("name,words", [
    ("empty.txt", ["empty", "byte 0"]),
    ("binary.bin", ["binary", "byte 0"]),
    ("invalid-utf8.txt", ["invalid UTF-8", "byte 19", "0xe5"]),  # 0xff was inserted inside the character at byte 19
    ("no-chinese.txt", ["no Chinese text"]),
])
def test_bad_input_is_a_clear_error(name, words, capsys, tmp_path):
    code = main(["extract", str(INPUTS / name), "--year", "2024", "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1, "one line"
    assert name in err and "Fix:" in err
    for word in words:
        assert word in err
    assert not (tmp_path / "out").exists(), "nothing written"


def test_no_figures_is_an_error(capsys, tmp_path):
    code = main(["extract", str(INPUTS / "no-figures.txt"), "--year", "2024", "--out", str(tmp_path / "o")])
    assert code == 2 and "no figures" in capsys.readouterr().err


def test_missing_file_and_bad_year(capsys, tmp_path):
    assert main(["extract", str(tmp_path / "nope.txt"), "--year", "2024", "--out", str(tmp_path)]) == 2
    assert "no such file" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        main(["extract", str(SOURCE), "--year", "24x", "--out", str(tmp_path)])
    assert exit_info.value.code == 2


@pytest.mark.parametrize("name,encoding", [
    ("gb18030.txt", "gb18030"), ("utf8-bom.txt", "utf-8-sig"), ("utf16-bom.txt", "utf-16"), ("crlf.txt", "utf-8"),
])
def test_encodings_decode_to_the_same_figures(name, encoding):
    source = read_source(INPUTS / name)
    assert source.encoding == encoding
    assert not source.text.startswith("\ufeff")
    figures = extract(source.text, 2024).figures
    assert [(f["mention"], f["value"], f["unit"]) for f in figures] == [("5%左右", "5", "%"), ("12万人", "12", "万人")]
    for f in figures:
        assert source.text[f["start"]:f["end"]] == f["mention"]


def test_crlf_offsets_count_both_characters():
    source = read_source(INPUTS / "crlf.txt")
    assert "\r\n" in source.text  # offsets refer to the decoded file, CR included
    first = extract(source.text, 2024).figures[0]
    assert first["start"] == source.text.index("5%左右")


def test_explicit_encoding_mismatch_names_the_byte():
    with pytest.raises(InputError) as err:
        read_source(INPUTS / "gb18030.txt", encoding="utf-8")
    assert "byte" in err.value.message and "--encoding" in err.value.message


def test_vendored_source_is_byte_identical_to_the_shared_one():
    shared = SOURCE.parents[2].parent / "shared" / "sources" / SOURCE.name
    digest = hashlib.sha256(SOURCE.read_bytes()).hexdigest()
    assert digest == "82aa6b8ee07af04fcd35d5fc4583072df0e461900ac97db8a550808938372bfa"
    if shared.exists():
        assert shared.read_bytes() == SOURCE.read_bytes()


def test_pasted_html_is_read_without_tags_and_offsets_stay_the_files():
    from gwrdata.extract.provenance import overlapping, uncovered_digits

    source = read_source(INPUTS / "pasted.html")
    result = extract(source.text, 2024)
    growth, jobs = result.figures
    assert growth["mention"] == "5%</b>左右" and growth["qualifier"] == "approx" and growth["measure"] == "growth_rate"
    assert (growth["period"], growth["status"], jobs["value"]) == (2024, "target", "12")
    rows = result.figures + result.exclusions
    for row in rows + result.source_issues:
        assert source.text[row["start"]:row["end"]] == row["mention"]
    assert overlapping(rows) == [] and uncovered_digits(source.text, rows) == []
    assert {"markup"} == {i["kind"] for i in result.source_issues}


def test_a_very_long_line_and_full_width_spaces():
    line = "全市地区生产总值增长５.２％,新增就业1.2 万人," * 20_000
    result = extract("二、2024年工作安排\n" + line.rstrip(",") + "。", 2024)
    assert len(result.figures) == 40_000
    assert {(f["value"], f["unit"]) for f in result.figures} == {("5.2", "％"), ("1.2", "万人")}


def test_a_number_a_converter_replaced_by_its_template_is_excluded_not_read():
    """２００６年，全市地区生产总值增长１$1.$2％: the converter's template stands where the decimal
    was; the digits around it are not the report's number. Excluded (as the markup it is) and
    reported as a source issue; the figures beside it stay."""
    text = "一、２００６年工作回顾\n预计全市地区生产总值３３００亿元，可比价增长１$1.$2％；财政总收入５１$1.$2亿元，一般预算收入增长１５％。\n"
    result = extract(text, 2007)
    mentions = {f["mention"] for f in result.figures}
    assert {"３３００亿元", "１５％"} <= mentions and not any("$" in m or m in ("１", "２％", "５１") for m in mentions)
    lost = [e for e in result.exclusions if "$" in e["mention"]]
    assert [e["mention"] for e in lost] == ["１$1.$2", "５１$1.$2"] and {e["reason"] for e in lost} == {"markup"}
    issues = [i for i in result.source_issues if i["rule"] == "lost number"]
    assert [(text[i["start"]:i["end"]], i["kind"]) for i in issues] == [("１$1.$2", "mangled_character"), ("５１$1.$2", "mangled_character")]
