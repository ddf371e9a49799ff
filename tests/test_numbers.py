"""The number parser, with cn2an as an independent oracle for Chinese numerals."""

from decimal import Decimal

import cn2an
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from gwrdata.extract.numbers import format_decimal, parse_arabic, parse_chinese

DIGITS = "零一二三四五六七八九"


def write_chinese(n: int) -> str:
    """Our own writer (cn2an's an2cn has a known bug around 亿…零): standard reading form."""
    if n == 0:
        return "零"

    def below_10000(x: int) -> str:
        out, zero = "", False
        for value, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d = x // value % 10
            if d:
                if zero:
                    out += "零"
                    zero = False
                out += DIGITS[d] + name
            elif out:
                zero = True
        return out

    parts = []
    skipped = False  # a whole group of zeros between two written ones (九亿零一千) is read as 零 too
    for value, name in ((10**8, "亿"), (10**4, "万"), (1, "")):
        group = n // value % 10**4 if value < 10**8 else n // value
        if group:
            text = below_10000(group) if value < 10**8 else write_chinese(group)
            if parts and (group < 1000 or skipped):
                text = "零" + text
            parts.append(text + name)
            skipped = False
        elif parts:
            skipped = True
    return "".join(parts)


@pytest.mark.parametrize("text,expected", [
    ("一千二百万", 12_000_000), ("十二点五亿", 1_250_000_000), ("二十", 20), ("两万三千", 23_000),
    ("一〇二", 102), ("一百零二", 102), ("千", 1000), ("百", 100), ("十", 10), ("萬", 10_000), ("億", 10**8),
    ("三亿零五万", 300_050_000), ("一亿二千万", 120_000_000), ("零点五", Decimal("0.5")),
])
def test_chinese_numerals(text, expected):
    assert parse_chinese(text) == Decimal(expected)


@pytest.mark.parametrize("text,expected", [
    ("1,234.5", "1234.5"), ("１２.２", "12.2"), ("１２．２", "12.2"), ("563", "563"), ("0.5", "0.5"),
])
def test_arabic_numbers(text, expected):
    assert parse_arabic(text) == Decimal(expected)


@pytest.mark.parametrize("bad", ["", "abc", "1.2.3", "一x"])
def test_parsers_reject_non_numbers(bad):
    with pytest.raises(ValueError):
        parse_chinese(bad) if any("\u4e00" <= c <= "\u9fff" for c in bad) or not bad else parse_arabic(bad)


@settings(max_examples=400, deadline=None)
@given(st.integers(min_value=1, max_value=10**12 - 1))
@example(900001000)  # 九亿零一千: a whole group of zeros between two written groups is read as 零
def test_chinese_numerals_agree_with_cn2an(n):
    written = write_chinese(n)
    assert parse_chinese(written) == Decimal(n) == Decimal(cn2an.cn2an(written, "normal"))


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False, allow_infinity=False))
def test_format_round_trips(value):
    text = format_decimal(value)
    assert "E" not in text and Decimal(text) == value


@pytest.mark.parametrize("value, expected", [
    (Decimal("1.40"), "1.4"), (Decimal("1.4") * Decimal(10**8), "140000000"), (Decimal("0.000"), "0"),
    (Decimal("5E+2"), "500"), (Decimal("1E-7"), "0.0000001"), (Decimal("007"), "7"), (Decimal("12.25"), "12.25"),
    # Past the context's 28 digits: written out exactly, not rounded and not refused.
    (Decimal("12345678901234567890") * Decimal(10**12), "12345678901234567890000000000000"),
])
def test_format_decimal_plain_and_exact(value, expected):
    assert format_decimal(value) == expected


def test_a_huge_amount_is_extracted_not_a_traceback():
    from gwrdata.extract.figures import extract

    figure = extract("今年投资12345678901234567890万亿元。", 2024).figures[0]
    assert (figure["value"], figure["base_value"]) == ("12345678901234567890", "12345678901234567890" + "0" * 12)
