"""Fast paths answer exactly as the plain computation they replace: the scan's skip over Chinese
numeral runs and its one-match reading of common figures find what a scan looking at every run
with the full rules finds, and a figure's sentence reused from the one before it is the sentence
found afresh. They are optimisations, never rules of their own."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from gwrdata.extract.classify import Sentences
from gwrdata.extract.numbers import CHINESE_NUMERAL_CHARS
from gwrdata.extract.scan import DIGIT, Scanner

# Every run is looked at: the skip passes over characters that start nothing, and no more.
_NOTHING_SKIPPED = re.compile(f"[^{DIGIT}{''.join(sorted(CHINESE_NUMERAL_CHARS))}]*+")


class LookingAtEveryRun(Scanner):
    """The scan with no fast path: every run looked at, every number read by the full rules."""

    quiet = _NOTHING_SKIPPED

    def __init__(self, text, masks):
        super().__init__(text, masks)
        self._fast = re.compile("(?!)")


# Pieces that make the shapes the skip must not pass over (ranks, durations, doublings,
# magnitudes, 倍 and 个百分点 after a run) and the common words it must pass over.
PIECES = ["一", "二", "十", "百", "千", "万", "亿", "两", "零", "〇", "点", "三", "五", "九", "壹", "萬", "億",
          "前", "翻", "第", "连续", "历时", "连丰", "连冠", "强", "倍", "个百分点", "番", "年", "个", "批", "大",
          "进", "步", "“", "”", "，", "。", "\n", "3", "12", "５", "%", "亿元", "万人", "左右", "以上", "元", "岁",
          # around Arabic numbers: what the common-figure fast path must leave to the full rules
          "6.5", ".", "2020", "123456", "1,200", "余", "多", "近", "约", "用", "持续", "—", "至", "-", "月", "日",
          "周年", "号", "号线", "路", "期", "A", "k", "+", " ", "千瓦", "千瓦时", "百分点", "平方米", "人次", "以下"]


def _fields(m) -> tuple:
    return (m.start, m.end, m.mention, m.reason, m.value, m.unit, m.multiplier, m.measure_word, m.glued, m.pattern,
            m.number_start, m.unit_end, m.notes)


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40), st.data())
def test_the_fast_paths_change_nothing(pieces, data):
    text = "".join(pieces)
    masks = []
    if text and data.draw(st.booleans()):
        start = data.draw(st.integers(0, len(text) - 1))
        end = data.draw(st.integers(start + 1, len(text)))
        masks = [(start, end, data.draw(st.sampled_from(["spam", "footer", "markup"])))]
    fast = Scanner(text, masks).scan()
    every = LookingAtEveryRun(text, masks).scan()
    assert [_fields(m) for m in fast] == [_fields(m) for m in every]


def test_the_fast_paths_pass_over_words_and_read_quantities():
    text = "进一步统一十大行动，新增一千二百万斤，前十强，连续两年，增长两倍，增长6.5%，投资1200亿元以上。"
    found = [m.mention for m in Scanner(text, []).scan() if m.is_figure]
    assert found == [m.mention for m in LookingAtEveryRun(text, []).scan() if m.is_figure]
    assert {"一千二百万斤", "前十强", "两年", "两倍", "6.5%", "1200亿元以上"} <= set(found)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["增长", "6.5%", "，", "。", "！", "\n", "；", "收入", "亿元", "3", "x" * 150]), max_size=60),
       st.lists(st.tuples(st.integers(0, 3000), st.integers(1, 6)), max_size=30))
def test_a_reused_sentence_is_the_sentence_found_afresh(pieces, spans):
    text = "".join(pieces)
    if not text:
        return
    reused = Sentences(text)
    cursor = 0
    for offset, length in sorted(spans):
        start = min(max(cursor, offset), len(text) - 1)
        end = min(start + length, len(text))
        assert reused.at(start, end) == Sentences(text).at(start, end), (start, end)
        cursor = end


def test_a_sentence_is_not_reused_past_the_window_or_across_a_break():
    # Past the window: the second figure is more than _WINDOW characters after the sentence's start.
    text = "。增长6.5%" + "x" * 395 + "增长3%。"
    reused = Sentences(text)
    reused.at(3, 7)
    at = text.index("3%")
    assert reused.at(at, at + 2) == Sentences(text).at(at, at + 2)
    # A break inside the first span: the second figure's sentence starts after it.
    text = "。收入3。5亿元增长。"
    reused = Sentences(text)
    reused.at(3, 5)
    assert reused.at(5, 8) == Sentences(text).at(5, 8)
