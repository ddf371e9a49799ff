"""Finding numeric mentions: every number in the text becomes a figure or an exclusion.

The scan walks the text once, left to right. Each Arabic digit run starts a mention; rules
that recognise non-figures (identifiers, names, dates …) come first and say why, then the
quantity grammar reads number, magnitude, measure word and glued qualifiers. Chinese numerals
are read only in the shapes where they are quantities (千场以上, 百万市民, 二十连丰, 前十强),
because in running text they are mostly words (一批, 三年行动, 十大行动).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from decimal import Decimal

from gwrdata.extract.lexicon import longest_first, magnitudes, measure_words, verbs
from gwrdata.extract.numbers import CHINESE_NUMERAL_CHARS, WIDE_DIGITS, parse_arabic, parse_chinese

DIGIT = "0-9０-９"
_ARABIC = re.compile(rf"[{DIGIT}](?:[{DIGIT}]|[,，](?=[{DIGIT}]{{3}}(?![{DIGIT}]))|[ \u00a0\u2009](?=[{DIGIT}]{{3}}(?![{DIGIT}]))|[.．](?=[{DIGIT}]))*")
# 20 000元, 16 403元: a typesetter's space between groups of three digits, after a first group of one
# to three (a space after four digits, 2020 100, is two numbers).
_GROUP_SPACES = " \u00a0\u2009"
_SPACE_GROUPED = re.compile(rf"[{DIGIT}]{{1,3}}(?:[ \u00a0\u2009][{DIGIT}]{{3}})+(?:[.．][{DIGIT}]+)?")
_DECIMAL_POINT = re.compile("[.．]")
_SPACED_DECIMAL = re.compile(rf"[.．][ \u3000]{{1,2}}[{DIGIT}]+(?![.．{DIGIT}])")
_CN_RUN = re.compile("[" + "".join(sorted(CHINESE_NUMERAL_CHARS)) + "]+")
_ANY_START = re.compile(rf"[{DIGIT}]|[" + "".join(sorted(CHINESE_NUMERAL_CHARS)) + "]")
# Set look-ups, where a regex call per character cost more than the test itself.
_LETTERS = frozenset(chr(c) for a, z in ("AZ", "az", "ＡＺ", "ａｚ") for c in range(ord(a), ord(z) + 1))
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_SPACE = " \u3000"
_RANGE_DASH = "—–-~～至到－"
_GLUED_BEFORE = {"近": "nearly", "约": "approx", "逾": "more_than"}
_GLUED_AFTER = (("左右", "approx"), ("以上", "at_least"), ("以下", "up_to"), ("以内", "up_to"))
_QUOTES = (("“", "”"), ("「", "」"), ("『", "』"), ('"', '"'))
_CLAUSE_END = set(",，。;；:：!！?？\n、")
_RANK_VERBS = re.compile("|".join(f"(?:{p})" for p in verbs()["rank_verbs"]) or "(?!)")
_RANK_UNITS = set(verbs()["rank_units"])
_LIST_JOINS = set("和及与")
_RANK_LOOKBACK = 16
_CN_START = set("一二三四五六七八九十百千两壹贰叁肆伍陆柒捌玖拾佰仟")
_CN_MAGNITUDE = set("十百千万亿萬億拾佰仟")
_CN_AFTER = ("连丰", "连冠", "连胜")
_CN_BIG = ("万亿", "萬億", "亿", "億", "万", "萬")
# Item markers of a numbered list: （1） anywhere, 1. 1． 1、 1） where an item begins (a line's
# start, after Markdown's bold, heading or quote marks, or after the punctuation that ends the
# item before it). Their numbers count items, they measure nothing.
_MARKER_DIGITS = 3
_MARKER_AFTER = ".．、"
_ITEM_OPENERS = set("。；;：:！!？?")
_LINE_MARKUP = " \u3000\t*#>"
_ROW_OPENING = re.compile(r"[ \t]*\|[ \t*]*")   # a Markdown table row's first cell, up to the number
_ROW_NUMBER = re.compile(r"[ \t*]*\|")                      # …and the rest of that cell
_YEAR_AFTER_MARKER = re.compile(r"(?:19|20)\d\d年")   # 1、2015年…: an item that opens with a year


def _quiet_runs() -> re.Pattern:
    """Text up to the next place the scan has anything to decide, in one C-level match.

    Chinese numeral characters are everywhere in running text (进一步, 统一, 十大行动), and a
    run of them is a quantity only in the shapes ``Scanner.chinese`` reads. This pattern
    consumes what holds no start at all and every run that ``chinese`` would turn down before
    looking further: none of the neighbours that make a rank, a duration or a doubling (前, 翻,
    第, 连续, 历时 before it; 连丰, 连冠, 连胜, 强 after it), and either a first character that no
    quantity starts with, or no magnitude inside and neither 倍 nor 个百分点 after it. It stops
    at a digit or at the first run that needs a look; the scan then goes on exactly as from there.
    """
    numerals = "".join(sorted(CHINESE_NUMERAL_CHARS))
    never_first = "".join(sorted(CHINESE_NUMERAL_CHARS - _CN_START))
    plain_first = "".join(sorted(_CN_START - _CN_MAGNITUDE))
    plain = "".join(sorted(CHINESE_NUMERAL_CHARS - _CN_MAGNITUDE))
    before = "(?<![前翻第])(?<!连续)(?<!历时)"
    after = "(?!" + "|".join((*_CN_AFTER, "强")) + ")"
    run = (f"{before}(?:[{never_first}][{numerals}]*+"
           f"|[{plain_first}][{plain}]*+(?![{numerals}])(?!倍|个百分点)){after}")
    return re.compile(f"(?:[^{DIGIT}{numerals}]++|{run})*+")


_QUIET = _quiet_runs()
_IDENTIFIER_AFTER = ("号线", "号", "路", "线", "热线", "专线", "期", "版", "代")
# In tuple order, as the loops over the tuples tried them.
_IDENTIFIER_AFTER_RE = re.compile("|".join(re.escape(word) for word in _IDENTIFIER_AFTER))
_GLUED_AFTER_RE = re.compile("|".join(re.escape(word) for word, _ in _GLUED_AFTER))
_GLUED_AFTER_QUALIFIER = dict(_GLUED_AFTER)
_ONE = Decimal(1)
# One-character classes the identifier and footer rules grow a span with.
_FOOTER_CHAR = re.compile(rf"[{DIGIT}A-Za-z\-]")
_NAME_CHAR = re.compile(rf"[{DIGIT}A-Za-z+＋]")
_ID_CHAR_BEFORE = re.compile(r"[A-Za-z0-9.\-]")
_ID_CHAR_AFTER = re.compile(r"[A-Za-z0-9.+\-]")
# Date shapes, matched in place (with an end bound) instead of on a copied slice.
_MONTH_DAY = re.compile(rf"[{DIGIT}]{{1,2}}月(?:[{DIGIT}]{{1,2}}日)?")
_YEAR_DIGITS = re.compile(r"(19|20)\d\d")
_MONTH_OR_DAY = re.compile(rf"[{DIGIT}]{{1,2}}月(?:[{DIGIT}]{{1,2}}日)?|[{DIGIT}]{{1,2}}日")


# The common figure (增长6.5%, 1200亿元, 3个百分点) read in one match. Words that start with these
# characters, and numbers after these, are left to the full rules: dates, durations and ages
# (年 月 日 周 岁), identifiers (号 路 线 热 专 期 版 代), glued qualifiers (余 多 近 约 逾), ranks
# and names (第 前 + ＋), 用 of a duration.
_FAST_WORD_NOT_FIRST = set("年月日周岁号路线热专期版代余多") | _LETTERS
_FAST_NOT_BEFORE = set("+＋第前用") | set(_GLUED_BEFORE) | _LETTERS
_FAST_NOT_BEFORE2 = ("连续", "历时", "持续")


def _fast_amount(words: list[str], hundred_words: re.Pattern, mags: re.Pattern) -> re.Pattern:
    """ASCII digits (one decimal point at most), then a measure word, with or without a
    magnitude, and nothing after that the full rules read (a glued qualifier, a range's dash).

    Its alternatives are the quantity grammar's, in its order: a word of 千/百 first, else a
    magnitude and the word after it, else a word; atomic, so it never settles for another
    reading than the one ``Scanner.quantity`` makes. Where it does not match, the full rules run.
    """
    plain = _any_prefix(w for w in words if w[0] not in _FAST_WORD_NOT_FIRST)
    dash = "".join(re.escape(ch) for ch in _RANGE_DASH)
    return re.compile(
        f"(?P<number>[0-9]+(?:\\.[0-9]+)?)"
        f"(?>(?P<hundred>{hundred_words.pattern})|(?P<mag>{mags.pattern})(?![余多])(?P<after_mag>{plain})"
        f"|(?!{mags.pattern})(?P<word>{plain}))"
        f"(?![余多{dash}]|左右|以上|以下|以内)")


def _any_prefix(words) -> str:
    return "|".join(re.escape(word) for word in longest_first(words)) or "(?!)"


def _prefix_regex(words) -> re.Pattern:
    """One compiled alternation that finds, at a position, the first of ``words`` in
    longest-first order that starts there.

    It replaces a Python loop of ``startswith`` over every measure word at every mention. The
    regex tries alternatives in order, so it answers exactly as the loop did.
    """
    return re.compile("|".join(re.escape(word) for word in longest_first(words)))


@dataclass
class Mention:
    """A numeric mention: a figure, or an exclusion with its reason."""

    start: int
    end: int
    mention: str
    reason: str = ""                      # empty for a figure
    value: Decimal | None = None
    unit: str = ""
    multiplier: Decimal = Decimal(1)
    measure_word: str = ""
    glued: str = ""                       # qualifier glued to the span
    pattern: str = "amount"               # amount | duration | rank | range_low | range_high
    number_start: int = 0
    unit_end: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def is_figure(self) -> bool:
        return not self.reason


class Scanner:
    quiet = _QUIET   # what the scan may pass over without a look (a test compares it with none)

    def __init__(self, text: str, masks: list[tuple[int, int, str]]):
        self.text = text
        self.masks = sorted(masks)
        self.floor = 0  # where the span before the one being read ends (scan sets it)
        self.words = [w for w in longest_first(measure_words()) if w != "第"]
        self.mags = longest_first(magnitudes())
        self.multipliers = magnitudes()
        self._word = _prefix_regex(self.words)
        self._hundred_word = _prefix_regex(w for w in self.words if w[0] in "千百")
        self._mag = _prefix_regex(self.mags)
        self._unit = _prefix_regex(self.words + self.mags)
        self._fast = _fast_amount(self.words, self._hundred_word, self._mag)
        self.quotes = self._quote_spans()
        self._quote_starts = [start for start, _ in self.quotes]

    # -- regions -------------------------------------------------------------------------
    def _quote_spans(self) -> list[tuple[int, int]]:
        spans = []
        for opening, closing in _QUOTES:
            i = 0
            while True:
                a = self.text.find(opening, i)
                if a < 0:
                    break
                b = self.text.find(closing, a + 1)
                if b < 0:
                    break
                if b - a - 1 <= 20 and "\n" not in self.text[a:b]:
                    spans.append((a + 1, b))
                i = b + 1
        return sorted(spans)

    def quoted(self, pos: int) -> tuple[int, int] | None:
        # The last span starting at or before pos (bisecting plain ints, no tuple per call).
        i = bisect.bisect_right(self._quote_starts, pos) - 1
        if i >= 0 and pos < self.quotes[i][1]:
            return self.quotes[i]
        return None

    # -- main loop -----------------------------------------------------------------------
    def scan(self) -> list[Mention]:
        text = self.text
        out: list[Mention] = []
        pos = 0
        mask_i = 0
        masks = self.masks
        while True:
            # Skip at C speed what the loop below would pass over, unless a mask (spam, a
            # footer, markup) lies in the stretch: masks have rules of their own, so there the
            # loop takes every start as it comes.
            while mask_i < len(masks) and masks[mask_i][1] <= pos:
                mask_i += 1
            i = self.quiet.match(text, pos).end()
            if mask_i < len(masks) and masks[mask_i][0] < i:
                match = _ANY_START.search(text, pos)
                if not match:
                    break
                i = match.start()
            elif i >= len(text):
                break
            while mask_i < len(masks) and masks[mask_i][1] <= i:
                mask_i += 1
            if mask_i < len(masks) and masks[mask_i][0] <= i:
                m_start, m_end, reason = masks[mask_i]
                if reason == "spam":
                    out.append(Mention(m_start, m_end, text[m_start:m_end], reason="spam"))
                    pos = m_end
                    continue
                if reason == "footer":
                    if text[i] in CHINESE_NUMERAL_CHARS:
                        pos = i + 1
                        continue
                    end = i
                    while end < m_end and _FOOTER_CHAR.match(text, end):
                        end += 1
                    if end < m_end and text[end] == "号":
                        end += 1
                    out.append(Mention(i, end, text[i:end], reason="footer"))
                    pos = end
                    continue
                if reason == "markup":
                    if text[i] not in CHINESE_NUMERAL_CHARS:
                        out.append(Mention(m_start, m_end, text[m_start:m_end], reason="markup"))
                    pos = m_end
                    continue
            if text[i] in CHINESE_NUMERAL_CHARS:
                run = _CN_RUN.match(text, i)
                found = self.chinese(i, run)
                if found:
                    out.extend(found)
                    pos = found[-1].end
                else:
                    pos = run.end()
                continue
            self.floor = pos  # a span grown backwards stops at the last one (8.PM10: the marker 8. is read)
            found = self.arabic(i)
            out.extend(found)
            pos = found[-1].end
        return out

    # -- Arabic numbers ------------------------------------------------------------------
    def arabic(self, i: int) -> list[Mention]:
        text = self.text
        fast = self._fast.match(text, i)
        if fast and (i == 0 or text[i - 1] not in _FAST_NOT_BEFORE) \
                and text[max(0, i - 2):i] not in _FAST_NOT_BEFORE2 and not self.quoted(i):
            number, mag, k = fast.group("number"), fast.group("mag"), fast.end()
            word = fast.group("hundred") or fast.group("after_mag") or fast.group("word")
            return [Mention(i, k, text[i:k], value=Decimal(number), unit=(mag or "") + word,
                            multiplier=self.multipliers[mag] if mag else _ONE, measure_word=word,
                            number_start=i, unit_end=k)]
        j = _arabic_end(text, i)
        before = text[i - 1] if i > 0 else ""
        after = text[j] if j < len(text) else ""

        quote = self.quoted(i)
        if quote:
            return [Mention(quote[0], quote[1], text[quote[0]:quote[1]], reason="name")]
        if after and after in "）).．、" and j - i <= _MARKER_DIGITS:
            marker = self._list_marker(i, j)
            if marker:
                return [marker]
        if j - i <= _MARKER_DIGITS and _ROW_NUMBER.match(text, j) and _ROW_OPENING.fullmatch(text, text.rfind("\n", 0, i) + 1, i):
            # | 10 | 公共教育 | …: a table row's first cell holding a number alone is the row's number
            return [Mention(i, j, text[i:j], reason="ordinal")]
        if after in ".．" and after:
            # 增长15. 3%, 184. 37亿元: a typesetter's space after the decimal point, not an item's
            # marker (that is decided above) nor two numbers; the span keeps the space.
            spaced = _SPACED_DECIMAL.match(text, j)
            if spaced:
                j = spaced.end()
                after = text[j] if j < len(text) else ""
        if (after and after in "+＋") or (before and before in "+＋"):   # "" is in every string
            start, end = i, j
            while start > self.floor and _NAME_CHAR.match(text, start - 1):
                start -= 1
            while end < len(text) and _NAME_CHAR.match(text, end):
                end += 1
            return [Mention(start, end, text[start:end], reason="name")]
        if before in "[［" and after in "]］":   # a note's reference (国内生产总值[2]): it names the note
            return [Mention(i - 1, j + 1, text[i - 1:j + 1], reason="identifier")]
        if before in _LETTERS or after in _LETTERS:
            start, end = i, j
            while start > self.floor and _ID_CHAR_BEFORE.match(text, start - 1):
                start -= 1
            while end < len(text) and _ID_CHAR_AFTER.match(text, end):
                end += 1
            while text[end - 1] in ".-+":
                end -= 1
            return [Mention(start, end, text[start:end], reason="identifier")]
        if before == "第":
            k = j
            if k < len(text) and text[k] not in _CLAUSE_END and self._ranked(i - 1):
                # 居全国第4位, 分别居全省第1、第4和第6位: a place in a ranking.
                if text[k] in _RANK_UNITS:
                    return [Mention(i - 1, k + 1, text[i - 1:k + 1], value=parse_arabic(text[i:j]), unit=text[k],
                                    measure_word="第", pattern="rank", number_start=i - 1, unit_end=k + 1)]
                if text[k] in _LIST_JOINS:
                    return [self._rank(i - 1, j, j, parse_arabic(text[i:j]), "第")]
            if k < len(text) and text[k] not in _CLAUSE_END:
                while k < len(text) and _CJK.match(text[k]) and k - j < 1:
                    k += 1
                return [Mention(i - 1, k, text[i - 1:k], reason="ordinal")]
            return [self._rank(i - 1, j, j, parse_arabic(text[i:j]), "第")]
        date = self._date(i, j)
        if date:
            return [date]
        word = _IDENTIFIER_AFTER_RE.match(text, j)
        if word:
            return [Mention(i, word.end(), text[i:word.end()], reason="identifier")]
        raw = text[i:j]
        if raw.count(".") + raw.count("．") > 1:   # 1.2.3: a version or a section number, not a value
            return [Mention(i, j, raw, reason="identifier")]
        if sum(ch not in "," + _GROUP_SPACES for ch in raw) >= 5 and not self._unit_ahead(j) and not _DECIMAL_POINT.search(raw):
            # 12345热线, 96123: a long run of digits with no unit is a code. One decimal point makes
            # it a measurement (居民消费价格指数103.4, 预期寿命84.05, the terms of 2.81：44.16：53.03).
            return [Mention(i, j, raw, reason="identifier")]
        if text.startswith("岁", j):
            glued = _GLUED_AFTER_RE.match(text, j + 1)
            end = glued.end() if glued else j + 1
            return [Mention(i, end, text[i:end], reason="classifier")]
        if before == "前" and after == "强":
            return [self._rank(i - 1, j, j + 1, parse_arabic(raw), "强")]
        value = parse_arabic(raw)
        duration = self._duration(i, j, value)
        if duration:
            return [duration]
        first = self.quantity(i, j, value)
        if first.reason:
            return [first]
        return self._maybe_range(first)

    def _list_marker(self, i: int, j: int) -> Mention | None:
        """（1）, or 1. / 1、 / 1） opening an item: an ordinal, not a figure. A marker is a whole
        number of a few digits; 5、6月 (a digit after 、, not a year) is a list of numbers."""
        text = self.text
        if not text[i:j].isdigit():
            return None
        before, after = text[i - 1:i], text[j]
        if after in "）)" and before and before in "（(":
            return Mention(i - 1, j + 1, text[i - 1:j + 1], reason="ordinal")
        if after not in "）)" and text[j + 1:j + 2].isdigit() and not _YEAR_AFTER_MARKER.match(text, j + 1):
            return None
        k = i
        while k > 0 and text[k - 1] in _LINE_MARKUP:
            k -= 1
        if k == 0 or text[k - 1] == "\n" or (text[k - 1] in _ITEM_OPENERS and not (text[k - 1] in ":：" and text[k - 2:k - 1].isdigit())):
            return Mention(i, j + 1, text[i:j + 1], reason="ordinal")   # not the 1 of a ratio (1.8:1、…)
        return None

    def _date(self, i: int, j: int) -> Mention | None:
        text = self.text
        length = j - i
        # Only a four-character number can be a year; only its first two digits are compared.
        if length == 4 and text[i:i + 2].translate(WIDE_DIGITS) in ("19", "20"):
            k = j
            while k < len(text) and text[k] in _SPACE:
                k += 1
            if text.startswith("年", k):
                end = k + 1
                if text.startswith("度", end):
                    end += 1
                tail = _MONTH_DAY.match(text, end, end + 6)
                if tail:
                    end = tail.end()
                return Mention(i, end, text[i:end], reason="date")
            if text[j:j + 1] in ("-", "—", "～", "~") and _YEAR_DIGITS.match(text, j + 1, j + 5):
                return Mention(i, j + 5 + (text[j + 5:j + 6] == "年"), text[i:j + 5 + (text[j + 5:j + 6] == "年")], reason="date")
        month = _MONTH_OR_DAY.match(text, i, i + 6) if length <= 2 else None
        if month:
            return Mention(i, month.end(), month.group(), reason="date")
        if text.startswith("周年", j):
            return Mention(i, j + 2, text[i:j + 2], reason="date")
        return None

    def _unit_ahead(self, j: int) -> bool:
        k = j
        if k < len(self.text) and self.text[k] in _SPACE:
            k += 1
        # Within the next six characters, as the slice it replaces.
        return self._unit.match(self.text, k, k + 6) is not None

    def _duration(self, i: int, j: int, value: Decimal) -> Mention | None:
        text = self.text
        before = text[max(0, i - 2):i]
        if before not in ("连续", "历时", "持续") and text[i - 1:i] != "用":
            if text.startswith("年", j) and not text.startswith("年度", j):
                # A bare span of years with no duration verb is a time phrase (近5年, 3年内).
                start = i - 1 if text[i - 1:i] in _GLUED_BEFORE else i
                return Mention(start, j + 1, text[start:j + 1], reason="date")
            return None
        for word in ("个季度", "个月", "年", "天"):
            if text.startswith(word, j):
                m = Mention(i, j + len(word), text[i:j + len(word)], value=value, unit=word,
                            measure_word=word, pattern="duration", number_start=i, unit_end=j + len(word))
                return m
        return None

    def _ranked(self, at: int) -> bool:
        """A ranking verb (居, 位居, 名列 …) in the clause before the 第 at ``at``."""
        lo = max(0, at - _RANK_LOOKBACK)
        before = self.text[lo:at]
        cut = max(before.rfind(ch) for ch in "，,。；;：:\n")
        return _RANK_VERBS.search(before, cut + 1) is not None

    def _rank(self, start: int, number_end: int, end: int, value: Decimal, word: str) -> Mention:
        return Mention(start, end, self.text[start:end], value=value, unit=word, measure_word=word,
                       pattern="rank", number_start=start, unit_end=end)

    def quantity(self, i: int, j: int, value: Decimal, cn_big: str = "") -> Mention:
        """Read magnitude, measure word and glued qualifiers after a number ending at j."""
        text = self.text
        k = j
        if k < len(text) and text[k] in _SPACE and k + 1 < len(text) and not text[k + 1] in _SPACE:
            k += 1
        unit = cn_big
        multiplier = self.multipliers[cn_big] if cn_big else _ONE
        glued = ""
        more = text[k] if k < len(text) and text[k] in "余多" and (cn_big or not text.startswith("多", k) or self._unit_after(k + 1)) else ""
        if more:
            k += 1
            glued = "more_than"
        word = _group(self._hundred_word.match(text, k))
        if not word and not cn_big:
            mag = _group(self._mag.match(text, k))
            if mag:
                unit += mag
                multiplier = self.multipliers[mag]
                k += len(mag)
                if not more and k < len(text) and text[k] in "余多":
                    k += 1
                    glued = "more_than"
        if not word:
            word = _group(self._word.match(text, k))
        if word:
            unit += word
            k += len(word)
        unit_end = k
        suffix = _GLUED_AFTER_RE.match(text, k)
        if suffix:
            k = suffix.end()
            glued = _GLUED_AFTER_QUALIFIER[suffix.group()]
        else:
            if not glued and k < len(text) and text[k] in "余多" and word and not _CJK.match(text[k + 1:k + 2] or "x") :
                k += 1
                glued = "more_than"
        if k == j + 1 and text[j] in _SPACE:
            k = unit_end = j   # a space that no unit or qualifier follows is not the figure's (| 12 |)
        start = i
        if i > 0 and text[i - 1] in _GLUED_BEFORE:
            start = i - 1
            glued = glued or _GLUED_BEFORE[text[i - 1]]
        m = Mention(start, k, text[start:k], value=value, unit=unit, multiplier=multiplier,
                    measure_word=word, glued=glued, number_start=i, unit_end=unit_end)
        if glued in ("at_least", "up_to") and word not in ("%", "％", "‰") and _CJK.match(text[k:k + 1] or "x") and text[k:k + 1] not in "的":
            # 40吨以下锅炉, 亿元以上项目: a threshold that names a class of things.
            if word in ("吨", "岁", "米", "平方米", "千瓦", "元", "亿元", "万元", "蒸吨"):
                m.reason = "classifier"
        return m

    def _unit_after(self, k: int) -> bool:
        return self._unit.match(self.text, k) is not None

    def _maybe_range(self, first: Mention) -> list[Mention]:
        text = self.text
        k = first.end
        if k < len(text) and text[k] in _RANGE_DASH and not first.glued:
            dash_end = k + 1
            end = _arabic_end(text, dash_end)
            if end > dash_end and not (text[k] in "至到" and first.measure_word == "") and _is_number(text[dash_end:end]):
                second = self.quantity(dash_end, end, parse_arabic(text[dash_end:end]))
                if second.measure_word and not second.reason:
                    if not first.measure_word:
                        first.unit, first.multiplier, first.measure_word = second.unit, second.multiplier, second.measure_word
                        first.notes.append("unit carried from the upper bound of the range")
                    first.pattern, second.pattern = "range_low", "range_high"
                    return [first, second]
        return [first]

    # -- Chinese numerals ----------------------------------------------------------------
    def chinese(self, i: int, run: re.Match | None = None) -> list[Mention] | None:
        text = self.text
        run = run or _CN_RUN.match(text, i)
        j = run.end()
        raw = run.group()
        before = text[i - 1] if i > 0 else ""
        before2 = text[max(0, i - 2):i]
        after = text[j:j + 2]
        if not (before in ("前", "翻", "第") or before2 in ("连续", "历时") or after in _CN_AFTER
                or text.startswith("强", j)):
            # The common case (一批, 三年行动, 百万市民): none of the shapes below but a
            # quantity can start here, so its cheap conditions go before the quote look-up.
            if raw[0] not in _CN_START or not (set(raw) & _CN_MAGNITUDE or text.startswith(("倍", "个百分点"), j)):
                return None
            return None if self.quoted(i) else self._chinese_quantity(i, j, raw)
        try:
            value = parse_chinese(raw)
        except ValueError:   # 连续一点, 前一点: numeral characters that write no number
            return None
        # Durations: 连续两年, 连续7个季度 (Arabic handled elsewhere), 二十连丰, 十连冠.
        if before2 in ("连续", "历时") and raw[0] in _CN_START | {"两"}:
            for word in ("个季度", "个月", "年"):
                if text.startswith(word, j):
                    return [Mention(i, j + len(word), text[i:j + len(word)], value=value, unit=word,
                                    measure_word=word, pattern="duration", number_start=i, unit_end=j + len(word))]
        if after in _CN_AFTER and raw[0] in _CN_START:
            word = after
            return [Mention(i, j + 2, text[i:j + 2], value=value, unit=word, measure_word=word,
                            pattern="duration", number_start=i, unit_end=j + 2)]
        # Ranks: 百强, 前十强, 第一 closing a clause (名列东北第一).
        if text.startswith("强", j) and (raw in ("百", "十", "千") or before == "前"):
            start = i - 1 if before == "前" else i
            return [self._rank(start, j, j + 1, value, "强")]
        if before == "第" and (j >= len(text) or text[j] in _CLAUSE_END) and all(c in "一二三四五六七八九十" for c in raw):
            return [self._rank(i - 1, j, j, value, "第")]
        if before == "第" and text[j:j + 1] in _RANK_UNITS and all(c in "一二三四五六七八九十百" for c in raw) and self._ranked(i - 1):
            # 居世界第五位, 跃升到世界第二位: a place in a ranking, as 居全国第4位.
            return [Mention(i - 1, j + 1, text[i - 1:j + 1], value=value, unit=text[j], measure_word="第",
                            pattern="rank", number_start=i - 1, unit_end=j + 1)]
        if before == "第" or self.quoted(i):
            return None
        # 翻一番, 翻两番; 增长两倍; 提高两个百分点.
        if before == "翻" and text.startswith("番", j):
            return [Mention(i - 0, j + 1, text[i:j + 1], value=value, unit="番", measure_word="番",
                            number_start=i, unit_end=j + 1)]
        if raw[0] not in _CN_START:
            return None
        small_ok = text.startswith(("倍", "个百分点"), j)
        if not (set(raw) & _CN_MAGNITUDE) and not small_ok:
            return None
        return self._chinese_quantity(i, j, raw)

    def _chinese_quantity(self, i: int, j: int, raw: str) -> list[Mention] | None:
        """一千二百万斤, 百万市民: a run with a magnitude (or before 倍) read as a quantity."""
        text = self.text
        big = next((b for b in _CN_BIG if raw.endswith(b) and len(raw) > len(b)), "")
        number = raw[: len(raw) - len(big)] if big else raw
        try:
            value = parse_chinese(number)
        except ValueError:
            return None
        m = self.quantity(i, j, value, cn_big=big)
        if m.measure_word:
            if measure_words()[m.measure_word]["after_chinese_numeral"] != "yes":
                return None
        elif not (big and _CJK.match(text[j:j + 1] or "x")):
            return None
        return [m]


def _group(match: re.Match | None) -> str:
    """The matched word, or "" where none starts here."""
    return match.group() if match else ""


def scan(text: str, masks: list[tuple[int, int, str]]) -> list[Mention]:
    return Scanner(text, masks).scan()


def _arabic_end(text: str, i: int) -> int:
    """Where the Arabic number at ``i`` ends: its digits, grouping commas and decimal point, and a
    grouping space only where the whole is grouped by threes (20 000元); else it ends at the space.
    ``i`` itself where no digit starts there."""
    number = _ARABIC.match(text, i)
    if number is None:
        return i
    j = number.end()
    raw = text[i:j]
    if any(space in raw for space in _GROUP_SPACES) and not _SPACE_GROUPED.fullmatch(raw):
        j = i + min(raw.index(space) for space in _GROUP_SPACES if space in raw)
    return j


def _is_number(run: str) -> bool:
    """A run after a range dash that writes one number (6.56.5, an identifier, is no range's end)."""
    try:
        parse_arabic(run)
    except ValueError:
        return False
    return True
