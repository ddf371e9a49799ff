"""Finding numeric mentions: every number in the text becomes a figure or an exclusion.

The scan walks the text once, left to right. Each Arabic digit run starts a mention; rules
that recognise non-figures (identifiers, names, dates …) come first and say why, then the
quantity grammar reads number, magnitude, measure word and glued qualifiers. Chinese numerals
are read only in the shapes where they are quantities (千场以上, 百万市民, 二十连丰, 前十强),
because in running text they are mostly words (一批, 三年行动, 十大行动).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from .lexicon import longest_first, magnitudes, measure_words
from .numbers import CHINESE_NUMERAL_CHARS, parse_arabic, parse_chinese

DIGIT = "0-9０-９"
_ARABIC = re.compile(rf"[{DIGIT}](?:[{DIGIT}]|[,，](?=[{DIGIT}]{{3}}(?![{DIGIT}]))|[.．](?=[{DIGIT}]))*")
_CN_RUN = re.compile("[" + "".join(sorted(CHINESE_NUMERAL_CHARS)) + "]+")
_ANY_START = re.compile(rf"[{DIGIT}]|[" + "".join(sorted(CHINESE_NUMERAL_CHARS)) + "]")
_LETTER = re.compile(r"[A-Za-zＡ-Ｚａ-ｚ]")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_SPACE = " \u3000"
_RANGE_DASH = "—–-~～至到－"
_GLUED_BEFORE = {"近": "nearly", "约": "approx", "逾": "more_than"}
_GLUED_AFTER = (("左右", "approx"), ("以上", "at_least"), ("以下", "up_to"), ("以内", "up_to"))
_QUOTES = (("“", "”"), ("「", "」"), ("『", "』"), ('"', '"'))
_CLAUSE_END = set(",，。;；:：!！?？\n、")
_CN_START = set("一二三四五六七八九十百千两壹贰叁肆伍陆柒捌玖拾佰仟")
_CN_MAGNITUDE = set("十百千万亿萬億拾佰仟")
_CN_BIG = ("万亿", "萬億", "亿", "億", "万", "萬")
_IDENTIFIER_AFTER = ("号线", "号", "路", "线", "热线", "专线", "期", "版", "代")


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
    def __init__(self, text: str, masks: list[tuple[int, int, str]]):
        self.text = text
        self.masks = sorted(masks)
        self.words = [w for w in longest_first(measure_words()) if w != "第"]
        self.mags = longest_first(magnitudes())
        self.quotes = self._quote_spans()

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
        import bisect

        i = bisect.bisect_right(self.quotes, (pos, 1 << 62)) - 1
        if i >= 0 and self.quotes[i][0] <= pos < self.quotes[i][1]:
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
            match = _ANY_START.search(text, pos)
            if not match:
                break
            i = match.start()
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
                    while end < m_end and re.match(rf"[{DIGIT}A-Za-z\-]", text[end]):
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
                found = self.chinese(i)
                if found:
                    out.extend(found)
                    pos = found[-1].end
                else:
                    run = _CN_RUN.match(text, i)
                    pos = run.end()
                continue
            found = self.arabic(i)
            out.extend(found)
            pos = found[-1].end
        return out

    # -- Arabic numbers ------------------------------------------------------------------
    def arabic(self, i: int) -> list[Mention]:
        text = self.text
        number = _ARABIC.match(text, i)
        j = number.end()
        before = text[i - 1] if i > 0 else ""
        after = text[j] if j < len(text) else ""

        quote = self.quoted(i)
        if quote:
            if self._duration_or_rank_ahead(i, quote):
                pass
            else:
                return [Mention(quote[0], quote[1], text[quote[0]:quote[1]], reason="name")]
        if after in "+＋" or before in "+＋":
            start, end = i, j
            while start > 0 and re.match(rf"[{DIGIT}A-Za-z+＋]", text[start - 1]):
                start -= 1
            while end < len(text) and re.match(rf"[{DIGIT}A-Za-z+＋]", text[end]):
                end += 1
            return [Mention(start, end, text[start:end], reason="name")]
        if _LETTER.match(before) or _LETTER.match(after):
            start, end = i, j
            while start > 0 and re.match(r"[A-Za-z0-9.\-]", text[start - 1]):
                start -= 1
            while end < len(text) and re.match(r"[A-Za-z0-9.+\-]", text[end]):
                end += 1
            while text[end - 1] in ".-+":
                end -= 1
            return [Mention(start, end, text[start:end], reason="identifier")]
        if before == "第":
            k = j
            if k < len(text) and text[k] not in _CLAUSE_END:
                while k < len(text) and _CJK.match(text[k]) and k - j < 1:
                    k += 1
                return [Mention(i - 1, k, text[i - 1:k], reason="ordinal")]
            return [self._rank(i - 1, j, j, parse_arabic(text[i:j]), "第")]
        date = self._date(i, j)
        if date:
            return [date]
        for word in _IDENTIFIER_AFTER:
            if text.startswith(word, j):
                return [Mention(i, j + len(word), text[i:j + len(word)], reason="identifier")]
        raw = text[i:j]
        if len(raw.replace(",", "")) >= 5 and not self._unit_ahead(j):
            return [Mention(i, j, raw, reason="identifier")]
        if text.startswith("岁", j):
            end = j + 1
            for word, _ in _GLUED_AFTER:
                if text.startswith(word, end):
                    end += len(word)
                    break
            return [Mention(i, end, text[i:end], reason="classifier")]
        if before == "前" and after == "强":
            return [self._rank(i - 1, j, j + 1, parse_arabic(raw), "强")]
        duration = self._duration(i, j, parse_arabic(raw))
        if duration:
            return [duration]
        first = self.quantity(i, j, parse_arabic(raw))
        if first.reason:
            return [first]
        return self._maybe_range(first)

    def _duration_or_rank_ahead(self, i: int, quote: tuple[int, int]) -> bool:
        return False

    def _date(self, i: int, j: int) -> Mention | None:
        text = self.text
        raw = text[i:j].translate(str.maketrans("０１２３４５６７８９", "0123456789"))
        k = j
        while k < len(text) and text[k] in _SPACE:
            k += 1
        if len(raw) == 4 and raw[:2] in ("19", "20") and text.startswith("年", k):
            end = k + 1
            if text.startswith("度", end):
                end += 1
            tail = re.match(rf"[{DIGIT}]{{1,2}}月(?:[{DIGIT}]{{1,2}}日)?", text[end:end + 6])
            if tail:
                end += tail.end()
            return Mention(i, end, text[i:end], reason="date")
        if len(raw) == 4 and raw[:2] in ("19", "20") and text[j:j + 1] in ("-", "—", "～", "~") and re.match(r"(19|20)\d\d", text[j + 1:j + 5]):
            return Mention(i, j + 5 + (text[j + 5:j + 6] == "年"), text[i:j + 5 + (text[j + 5:j + 6] == "年")], reason="date")
        month = re.match(rf"[{DIGIT}]{{1,2}}月(?:[{DIGIT}]{{1,2}}日)?|[{DIGIT}]{{1,2}}日", text[i:i + 6])
        if month and len(raw) <= 2:
            return Mention(i, i + month.end(), month.group(), reason="date")
        if text.startswith("周年", j):
            return Mention(i, j + 2, text[i:j + 2], reason="date")
        return None

    def _unit_ahead(self, j: int) -> bool:
        k = j
        if k < len(self.text) and self.text[k] in _SPACE:
            k += 1
        rest = self.text[k:k + 6]
        return any(rest.startswith(w) for w in self.words) or any(rest.startswith(m) for m in self.mags)

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
        multiplier = magnitudes()[cn_big] if cn_big else Decimal(1)
        glued = ""
        more = text[k] if k < len(text) and text[k] in "余多" and (cn_big or not text.startswith("多", k) or self._unit_after(k + 1)) else ""
        if more:
            k += 1
            glued = "more_than"
        word = next((w for w in self.words if text.startswith(w, k) and w[0] in "千百"), "")
        if not word and not cn_big:
            mag = next((m for m in self.mags if text.startswith(m, k)), "")
            if mag:
                unit += mag
                multiplier = magnitudes()[mag]
                k += len(mag)
                if not more and k < len(text) and text[k] in "余多":
                    k += 1
                    glued = "more_than"
        if not word:
            word = next((w for w in self.words if text.startswith(w, k)), "")
        if word:
            unit += word
            k += len(word)
        unit_end = k
        for suffix, qualifier in _GLUED_AFTER:
            if text.startswith(suffix, k):
                k += len(suffix)
                glued = qualifier
                break
        else:
            if not glued and k < len(text) and text[k] in "余多" and word and not _CJK.match(text[k + 1:k + 2] or "x") :
                k += 1
                glued = "more_than"
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
        return any(self.text.startswith(w, k) for w in self.words) or any(self.text.startswith(m, k) for m in self.mags)

    def _maybe_range(self, first: Mention) -> list[Mention]:
        text = self.text
        k = first.end
        if k < len(text) and text[k] in _RANGE_DASH and not first.glued:
            dash_end = k + 1
            nxt = _ARABIC.match(text, dash_end)
            if nxt and not (text[k] in "至到" and first.measure_word == ""):
                second = self.quantity(dash_end, nxt.end(), parse_arabic(nxt.group()))
                if second.measure_word and not second.reason:
                    if not first.measure_word:
                        first.unit, first.multiplier, first.measure_word = second.unit, second.multiplier, second.measure_word
                        first.notes.append("unit carried from the upper bound of the range")
                    first.pattern, second.pattern = "range_low", "range_high"
                    return [first, second]
        return [first]

    # -- Chinese numerals ----------------------------------------------------------------
    def chinese(self, i: int) -> list[Mention] | None:
        text = self.text
        run = _CN_RUN.match(text, i)
        j = run.end()
        raw = run.group()
        before = text[i - 1] if i > 0 else ""
        before2 = text[max(0, i - 2):i]
        after = text[j:j + 2]
        # Durations: 连续两年, 连续7个季度 (Arabic handled elsewhere), 二十连丰, 十连冠.
        if before2 in ("连续", "历时") and raw[0] in _CN_START | {"两"}:
            for word in ("个季度", "个月", "年"):
                if text.startswith(word, j):
                    return [Mention(i, j + len(word), text[i:j + len(word)], value=parse_chinese(raw), unit=word,
                                    measure_word=word, pattern="duration", number_start=i, unit_end=j + len(word))]
        if after in ("连丰", "连冠", "连胜") and raw[0] in _CN_START:
            word = after
            return [Mention(i, j + 2, text[i:j + 2], value=parse_chinese(raw), unit=word, measure_word=word,
                            pattern="duration", number_start=i, unit_end=j + 2)]
        # Ranks: 百强, 前十强, 第一 closing a clause (名列东北第一).
        if text.startswith("强", j) and (raw in ("百", "十", "千") or before == "前"):
            start = i - 1 if before == "前" else i
            return [self._rank(start, j, j + 1, parse_chinese(raw), "强")]
        if before == "第" and (j >= len(text) or text[j] in _CLAUSE_END) and all(c in "一二三四五六七八九十" for c in raw):
            return [self._rank(i - 1, j, j, parse_chinese(raw), "第")]
        if before == "第" or self.quoted(i):
            return None
        # 翻一番, 翻两番; 增长两倍; 提高两个百分点.
        if before == "翻" and text.startswith("番", j):
            return [Mention(i - 0, j + 1, text[i:j + 1], value=parse_chinese(raw), unit="番", measure_word="番",
                            number_start=i, unit_end=j + 1)]
        if raw[0] not in _CN_START:
            return None
        small_ok = any(text.startswith(w, j) for w in ("倍", "个百分点"))
        if not (set(raw) & _CN_MAGNITUDE) and not small_ok:
            return None
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


def scan(text: str, masks: list[tuple[int, int, str]]) -> list[Mention]:
    return Scanner(text, masks).scan()
