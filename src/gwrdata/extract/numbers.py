"""Numbers as reports write them: Arabic, full-width, grouped, and Chinese numerals.

Values are Decimals: a figure is published as written (1.4, not 1.3999999999999999), and
base values are exact products (1.4亿 is 140000000, not 140000000.00000001).
"""

from __future__ import annotations

from decimal import Decimal

FULLWIDTH = str.maketrans("０１２３４５６７８９．，％＋－", "0123456789.,%+-")
# Full-width digits alone, one for one: text matched for years (２００８年) keeps its offsets and
# its full-width punctuation (今年，).
WIDE_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

DIGITS = {
    "〇": 0, "零": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2, "三": 3, "叁": 3,
    "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "陸": 6, "七": 7, "柒": 7, "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
POINT = {"点", "點"}
CHINESE_NUMERAL_CHARS = set(DIGITS) | set(SMALL_UNITS) | set(BIG_UNITS) | POINT

MAGNITUDES = {
    "万亿": Decimal(10**12), "萬億": Decimal(10**12), "亿": Decimal(10**8), "億": Decimal(10**8),
    "千万": Decimal(10**7), "千萬": Decimal(10**7), "百万": Decimal(10**6), "百萬": Decimal(10**6),
    "万": Decimal(10**4), "萬": Decimal(10**4), "千": Decimal(10**3),
}


def parse_arabic(text: str) -> Decimal:
    """'1,234.5', '１２.２', '1 234' -> Decimal. Grouping commas and spaces are dropped."""
    if text.isascii() and text.isdigit():   # most numbers: plain ASCII digits
        return Decimal(text)
    cleaned = text.translate(FULLWIDTH).replace(",", "").replace(" ", "").replace("\u3000", "").replace("\u00a0", "").replace("\u2009", "")
    if not cleaned or cleaned.count(".") > 1 or not cleaned.replace(".", "").isdigit():
        raise ValueError(f"not an Arabic number: {text!r}")
    return Decimal(cleaned)


def parse_chinese(text: str) -> Decimal:
    """Chinese numerals -> Decimal: 一千二百万, 十二点五亿, 二十, 两万三千, 一〇二, 萬, 億.

    Both positional (一〇二 = 102) and multiplicative (一百零二 = 102) writing are read.
    """
    if not text or any(ch not in CHINESE_NUMERAL_CHARS for ch in text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    point = next((i for i, ch in enumerate(text) if ch in POINT), -1)
    if point >= 0:
        # 十二点五亿: integer part, decimal digits, then an optional trailing magnitude.
        head, tail = text[:point], text[point + 1:]
        magnitude = Decimal(1)
        while tail and tail[-1] in BIG_UNITS:
            magnitude *= BIG_UNITS[tail[-1]]
            tail = tail[:-1]
        if not tail or any(ch not in DIGITS for ch in tail):
            raise ValueError(f"bad decimal part in {text!r}")
        whole = parse_chinese(head) if head else Decimal(0)
        return (whole + Decimal("0." + "".join(str(DIGITS[ch]) for ch in tail))) * magnitude
    if all(ch in DIGITS for ch in text) and len(text) > 1:
        return Decimal("".join(str(DIGITS[ch]) for ch in text))
    total = Decimal(0)      # completed 亿 groups
    section = Decimal(0)    # completed 万 group inside the current 亿 group
    current = Decimal(0)    # below 万
    digit: int | None = None
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch]
        elif ch in SMALL_UNITS:
            current += (1 if digit is None else digit) * SMALL_UNITS[ch]
            digit = None
        else:  # 万 or 亿
            value = current + (digit or 0)
            if BIG_UNITS[ch] == 10**4:
                section = (section + value) * 10**4 if (section or value) else Decimal(10**4)
            else:
                total = (total + section + value) * 10**8 if (total or section or value) else Decimal(10**8)
                section = Decimal(0)
            current = Decimal(0)
            digit = None
    return total + section + current + (digit or 0)


def format_decimal(value: Decimal) -> str:
    """Plain notation, no exponent, no trailing zeros: 140000000, 1.4, 0.05.

    Exact at any size: a product past the context's 28 digits (a 20-digit number of 万亿元) is
    written out in full, not rounded and not refused.
    """
    text = str(value)
    if "E" not in text and ("." not in text or text[-1] != "0"):
        return text   # already so written (most values are): no arithmetic
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
