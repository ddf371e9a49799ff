"""What a figure means: qualifier, measure, direction, period, status and subject.

Everything here reads the words around a span (the clause before it, the noun after it, the
sentence and the section it stands in). The vocabularies are in ``data/verbs.yaml``; the
decisions follow docs/conventions.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gwrdata.extract.lexicon import change_patterns, longest_first, measure_words, noun_units, section_rules, verbs
from gwrdata.extract.scan import Mention
from gwrdata.extract.sections import Section

_CLAUSE = re.compile(r"[,，。;；:：!！?？\n]")
_SENTENCE = re.compile(r"[。!！?？\n]")
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
_OPEN, _CLOSE = "（(《", "）)》"


def _in_brackets(scope: str, at: int) -> bool:
    """Is scope[at] inside brackets or a title's marks (国土空间总体规划（2021―2035年）, 《…2035年…》)?
    A year there is part of a name, not the time of what the sentence states."""
    if not any(ch in scope for ch in _OPEN):
        return False
    depth = 0
    for ch in scope[:at]:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE and depth:
            depth -= 1
    return depth > 0


FIRST_PERIOD = 1949  # the earliest period a figure can have (the registry's minimum of period)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff“”]")
_CJK_RUN = re.compile(_CJK.pattern + "{0,16}")   # the noun read after a figure
_DIGIT_OR_PERCENT = re.compile(r"[\d%]")
_LEADING_SPACE = re.compile(r"[\s“”]*")
_OPENER_NOISE = re.compile(r"(?:19|20)\d\d\s*年|[\s,，、:：*（）()]")   # a year and punctuation before an opening 预计
_ITEM_END = re.compile(r"[;；]")
_SPAN_DASH = re.compile(r"[—–\-~～至到]")
_SPAN = re.compile(r"((?:19|20)\d\d)\s*年?\s*(?:[—–\-~～至到]|—{2})\s*((?:19|20)\d\d)\s*年")
_SINCE = re.compile(r"比((?:19|20)\d\d)\s*年")
_FIVE_YEAR_PLAN = re.compile(r"“?(十[一二三四五六]五)”?")
_PARTICLES = ("了", "分别", "均", "为")           # dropped from the end of a clause
_WINDOW = 400
# The last break in a window, found in one match: the greedy ``.*`` runs to the window's end
# and backs off to the nearest break, so the cost is the distance to it. Collecting every
# break of the window with finditer to keep the last one cost more than the rest of the
# classification together.
_LAST_CLAUSE_BREAK = re.compile(".*" + _CLAUSE.pattern, re.S)
_LAST_SENTENCE_BREAK = re.compile(".*" + _SENTENCE.pattern, re.S)


@dataclass
class Context:
    text: str
    year: int
    headed: bool


def _clause_start(text: str, start: int) -> int:
    """Just after the last clause break before ``start``, looking back at most _WINDOW."""
    lo = max(0, start - _WINDOW)
    found = _LAST_CLAUSE_BREAK.match(text, lo, start)
    return found.end() if found else lo


class Sentences:
    """The sentence around a figure, for figures met in text order, each sentence found once.

    A figure's sentence runs from just after the last sentence break before it (at most _WINDOW
    back) to the first one after it (at most _WINDOW on), without a newline.

    A sentence holds two figures on average, and finding its ends means looking back and ahead
    up to _WINDOW characters. The last sentence found is kept with the breaks that end it; a
    figure lying between them, within _WINDOW of both, has the same sentence (nothing between
    the breaks is a break: that was checked when they were found), so the answer is reused.
    """

    def __init__(self, text: str):
        self.text = text
        self.start = self.end = 0
        self.sentence = ""
        self.span = (0, 0)
        self._first = self._break = -1   # the sentence's first character and its closing break; -1: not reusable

    def at(self, start: int, end: int) -> tuple[int, int, str]:
        """(start, end, stripped text) of the sentence around text[start:end]."""
        first, closing = self._first, self._break
        if first >= 0 and first <= start and end <= closing and start - _WINDOW < first and closing < end + _WINDOW:
            return self.start, self.end, self.sentence
        text = self.text
        lo = max(0, start - _WINDOW)
        before = _LAST_SENTENCE_BREAK.match(text, lo, start)
        s = before.end() if before else lo
        after = _SENTENCE.search(text, end, min(len(text), end + _WINDOW))
        e = after.end() if after else min(len(text), end + _WINDOW)
        if text[e - 1:e] == "\n":
            e -= 1
        reusable = before is not None and after is not None and _SENTENCE.search(text, start, end) is None
        self._first, self._break = (s, after.start()) if reusable else (-1, -1)
        raw = text[s:e]
        self.sentence = raw.strip()
        self.start, self.end = s, e
        lead = s + len(raw) - len(raw.lstrip())
        self.span = (lead, lead + len(self.sentence))  # where the stripped sentence stands: a panel keeps only this
        return s, e, self.sentence


class Suffixes:
    """Which word of a list a text ends with, the longest one first.

    Sorting the list and trying ``endswith`` word by word cost a loop over every verb at every
    figure. Here the words are reversed into one regex, longest first, matched at the start of
    the reversed end of the text: one C-level match. Two words of one length cannot both end a
    text, so the first alternative that matches is the word the loop found.
    """

    def __init__(self, words):
        words = [word for word in words if word]   # "" found would mean "none" all the same
        self._longest = max(map(len, words), default=0)
        self._last_chars = {word[-1] for word in words}
        self._reversed = _any_of(word[::-1] for word in words)

    def find(self, text: str) -> str:
        if text[-1:] not in self._last_chars:   # most clauses: no word can end them
            return ""
        found = self._reversed.match(text[-self._longest:][::-1])
        return text[len(text) - found.end():] if found else ""


class Classifier:
    def __init__(self, ctx: Context):
        # Every figure consults the word lists, so they are compiled once here into regexes,
        # tuples and sets; each lookup below answers as the plain word loop did.
        self.ctx = ctx
        self.v = verbs()
        self.words = measure_words()
        v = self.v
        self._qualifier_before = [(qualifier, Suffixes(words)) for qualifier, words in v["qualifier_before"].items()]
        self._qualifier_last_chars = {word[-1] for words in v["qualifier_before"].values() for word in words if word}
        self._growth_down = Suffixes(v["growth_down"])
        self._growth_up = Suffixes(v["growth_up"])
        self._change_before = Suffixes(v["change_before"])
        trailing = [word for word in v["subject_trailing"] if word]
        self._trailing_last_chars = {word[-1] for word in trailing}
        self._trailing_run = re.compile(f"(?:{_any_of(word[::-1] for word in trailing).pattern})*")
        self._level_reached = tuple(v["level_reached"])
        self._level_reached_longest = longest_first(v["level_reached"])
        self._stock_verbs = tuple(v["stock_verbs"])
        self._estimate_words = _any_of(v["estimate_words"])
        self._change_from, self._change_to, self._change_ended = change_patterns()
        self._multiple_of = re.compile(v["multiple_of"])
        self._ratio = re.compile(v["ratio"])
        self._estimate_note = re.compile(f"[^，,；;。！？\n（(]{{0,{int(v['estimate_note_reach'])}}}?" + v["estimate_note"])
        self._past_openers = tuple(v["past_openers"])
        self._past_done = _any_of(v["past_done"])
        self._sentence, self._sentence_estimates, self._sentence_spans = None, False, True
        self._past_at, self._past_of, self._past_answer = -1, "", False
        self._estimate_openers = sorted(v["estimate_openers"], key=len, reverse=True)
        self._plans = section_rules()["five_year_plans"]
        self._span_average = re.compile("|".join(v["span_average_words"]))
        self._span_words = re.compile("|".join([*v["span_average_words"], *map(re.escape, v["span_total_words"])]))
        self._target_words = _any_of(v["target_words"])
        self._cumulative_words = _any_of(v["cumulative_words"])
        self._flow_words = _any_of(v["flow_words"])
        self._past = _any_of(v["past_cues"])
        self._now = re.compile("|".join(f"(?:{pattern})" for pattern in v["now_cues"]) or "(?!)")
        self._plan_cues = _any_of(v["plan_cues"])
        self._result_cues = _any_of(v["result_cues"])
        self._base_before = tuple(v["base_before"])
        self._noun_units = noun_units()
        self._any_noun_unit = _any_of(keyword for keyword, _ in self._noun_units)
        # Any of the patterns matching is what counts, so they are searched as one
        # (no pattern: a regex that never matches).
        self._change = re.compile("|".join(f"(?:{pattern})" for pattern in v["change"]) or "(?!)")
        self._subject_leading = longest_first(v["subject_leading"])
        self._any_leading = _any_of(self._subject_leading)
        self._any_stop = _any_of(v["subject_stops"])
        verbs_ = [verb for verb in v["subject_verbs"] if verb]
        self._subject_verbs = tuple(verbs_)
        self._verb_last_chars = {verb[-1] for verb in verbs_}
        self._verbs_reversed = _any_of(verb[::-1] for verb in verbs_)

    def qualifier(self, m: Mention, pre: str) -> str:
        if m.glued:
            return m.glued
        if m.pattern == "range_low":
            return "at_least"
        if m.pattern == "range_high":
            return "up_to"
        tail = pre.rstrip()
        if tail[-1:] not in self._qualifier_last_chars:   # no qualifier word can end the clause
            return "exact"
        for qualifier, words in self._qualifier_before:
            word = words.find(tail)
            if word and not (word == "上" and tail.endswith("以上")):
                return qualifier
        return "exact"

    def measure(self, m: Mention, pre: str, previous: dict | None) -> tuple[str, str]:
        """(measure, direction)."""
        if m.pattern in ("duration", "rank"):
            return m.pattern, "none"
        base = self.words.get(m.measure_word, {}).get("base_unit", "")
        tail = _drop_particle(pre.rstrip())
        if pre.rstrip().endswith("为") and self._reached_by_wei(tail):
            tail = pre.rstrip()   # 外贸依存度从254%下降为187%: 为 after the verb reaches a level, as 到 does
        elif tail.endswith(("分别", "均")):
            tail = _drop_particle(tail)   # 增长分别为10%和13%: the verb before both particles speaks
        if not tail.strip() or tail.endswith(("、", "和", "及")):
            if previous is not None:
                return previous["measure"], previous["direction"]
        growth_down = self._growth_down.find(tail)
        growth_up = self._growth_up.find(tail)
        reached = tail.endswith(self._level_reached) and not growth_up.endswith(("增长", "下降"))
        if reached and base in ("percent", "permille"):
            verb = next(word for word in self._level_reached_longest if tail.endswith(word))
            rate = next((noun for noun in self.v["rate_nouns"] if tail[: len(tail) - len(verb)].endswith(noun)), "")
            if rate:
                return "growth_rate", self.v["rate_nouns"][rate]
        if m.pattern == "range_high" and previous is not None:
            return previous["measure"], previous["direction"]
        if not m.unit and self._in_ratio(m):
            return "share", "none"
        if base == "times" and self._multiple_of.search(tail):
            return "level", "none"
        if base in ("percent", "permille", "times", "doubling"):
            if growth_down and not reached:
                return "growth_rate", "down"
            if (growth_up and not reached) or base in ("times", "doubling"):
                return "growth_rate", "up"
            return "share", "none"
        if reached and base != "percentage_point":
            verb = next(word for word in self._level_reached_longest if tail.endswith(word))
            if self._change_before.find(tail[:len(tail) - len(verb)]):
                return "level", "none"   # 国内生产总值从26.6万亿元增加到51.9万亿元: the level a change reached
        before = self._change_before.find(tail)
        if before or base == "percentage_point":
            down = before in self.v["change_down"] or bool(growth_down)
            return "change", "down" if down else "up"
        if self._change.search(pre):
            down = any(word in pre for word in self.v["change_down"])
            return "change", "down" if down else "up"
        return "level", "none"

    def _reached_by_wei(self, tail: str) -> bool:
        """Does the clause end in a verb of change that 为 follows (下降为, 提高为, 上升为), not a
        rate's noun (增速为 8% is a rate) nor 分别/均 (增长分别为8%和9%)?"""
        verb = self._growth_down.find(tail) or self._growth_up.find(tail)
        return bool(verb) and verb not in self.v["rate_nouns"] and tail == _drop_particle(tail)

    def _in_ratio(self, m: Mention) -> bool:
        """Is the number a term of a ratio of three or more (5.3∶46.6∶48.1)?"""
        text = self.ctx.text
        if text[m.end:m.end + 1] not in "：:∶ " and text[max(0, m.start - 1):m.start] not in "：:∶ ":
            return False
        window = max(0, m.start - 40)
        return any(found.start() <= m.start < found.end() for found in self._ratio.finditer(text, window, m.end + 40))

    def stock_verb(self, tail: str) -> str:
        """The first stock verb, in list order, that ends the clause (达到, 累计 …), else ""."""
        if not tail.endswith(self._stock_verbs):   # one C call settles most clauses
            return ""
        return next(verb for verb in self._stock_verbs if tail.endswith(verb))

    def period_status(self, m: Mention, pre: str, sentence: str, sentence_before: str, section: Section | None, measure: str,
                      qualifier_verb: str, subject: str, base_unit: str, sentence_start: int | None = None,
                      scope: str | None = None) -> tuple[int, str]:
        """The part a figure stands in gives its period and status; its sentence can say otherwise.

        A year stated before it in its sentence (after the last ；) wins; in a plan part, words
        of the past (去年, 过去一年 …) make a result of Y-1 (in a review part 今年 decides nothing:
        a report delivered in December calls the year it reviews 今年); where no part was
        found, the sentence's cues decide (docs/conventions.md).
        """
        year = self.ctx.year
        kind = section.kind if section else "unstructured"
        period = section.period if section else year
        if scope is None:
            scope = after_semicolon(sentence_before)
        # A year before the People's Republic (1927年我省首次发电以来, 1933年1月1日以后出生) names
        # a moment the sentence measures from, never the period of a report's figure.
        stated = [match for match in _YEAR.finditer(scope)
                  if scope[max(0, match.start() - 1):match.start()] not in ("比", "较", "与")
                  and not (scope[max(0, match.start() - 1):match.start()] == "是" and scope.startswith("的", match.end()))
                  and int(match.group(1)) >= FIRST_PERIOD and not _in_brackets(scope, match.start())] if "年" in scope else []
        if stated and self._change_from.search(scope, 0, stated[-1].start()) and self._change_ended.search(scope, stated[-1].end()):
            stated = stated[:-1]   # 城镇化率由2010年的50%提高到52%: the year is where the change started, not 52%'s
        if kind == "unstructured":
            kind, period = self._cued(scope, sentence, year)
        if stated and self._past_cue(scope[stated[-1].end():]):
            # 2007年实现高于全省平均水平后，去年全市实现生产总值846.28亿元: the word of the past
            # nearer the figure dates it; the year before it dated what came first.
            period, kind = year - 1, "review"
        elif stated:
            period = int(stated[-1].group(1))
            kind = "review" if period < year else "plan"
        elif kind == "plan" and (self._past_cue(scope) or (sentence_start is not None and self._after_past(sentence_start, sentence))):
            period, kind = year - 1, "review"
        if sentence is not self._sentence:   # the figures of one sentence share its string: its cues are read once
            self._sentence = sentence
            self._sentence_estimates = self._estimate_words.search(sentence) is not None
            self._sentence_spans = bool("五" in sentence or _SPAN_DASH.search(sentence) or self._span_words.search(sentence))
        if self._sentence_estimates and (self._estimated(sentence_before) or self._estimate_note.match(self.ctx.text, m.end)):
            # 预计到2015年全区经济总量超过2万亿元: what is expected of a later year is the plan's
            return period, "estimate" if period <= year else "target"
        if kind == "plan":
            return period, "target"
        if self._cumulative_words.search(pre):
            return period, "cumulative"
        if (measure == "level" and qualifier_verb and base_unit not in ("percent", "permille", "CNY")
                and not self._flow_words.search(subject if subject and subject not in self._stock_verbs else scope[-24:])):
            # (a clause that is its verb alone, 旅客吞吐量首破百万，达到114.6万人次: the clause before names it)
            return period, "cumulative"
        return period, "actual"

    def span(self, clause: str, scope: str, section: Section | None, period: int, measure: str) -> tuple[int, int]:
        """The years a figure is about, first and last: (period, period) for one year's figure.

        Several years where its clause says so: an explicit span (2021—2025年); a five-year plan
        named with 时期/期间/年均/累计 (十二五时期年均增长7%: 2011–2015); an average or a total
        (年均, 累计, 五年来) over the multi-year part it stands in, or over the five years a
        五年 word names; a growth since a year before the last (比2002年增长65.5% in a 2008
        report: 2003–2007). A plain 累计 in a one-year part is a stock at its period.
        """
        v = self.v
        growth_since = measure == "growth_rate" and "比" in clause
        if not (growth_since or (self._sentence_spans and ("五" in scope or _SPAN_DASH.search(scope) or self._span_words.search(scope)))):
            return period, period   # most figures: nothing in their clauses speaks of several years
        # A cue governs the clause it stands in, up to the figure; a clause that opens the
        # sentence and only sets the time (五年来，… / 2003年到2007年，…累计…) governs all of it.
        comma = scope.find("，")
        whole = scope
        scope = clause if comma < 0 or comma > v["span_opening_max_chars"] else scope[:comma] + "，" + clause
        if _SPAN_DASH.search(scope):   # most clauses hold no dash: the span regex is not tried
            found = _SPAN.search(scope)
            if found and int(found.group(1)) < int(found.group(2)):
                return int(found.group(1)), int(found.group(2))
        several = self._span_words.search(scope)
        if "五" in scope:
            plan = _FIVE_YEAR_PLAN.search(scope)
            if plan and plan.group(1) in self._plans and any(word in scope[plan.end():] for word in v["span_term_words"]):
                first = self._plans[plan.group(1)]
                return first, first + 4
        if several is not None:
            if self._span_average.search(scope) and "比" in whole:   # 比2002年增长65.5%，年均增长10.6%
                since = [int(m.group(1)) for m in _SINCE.finditer(whole)]
                if since and since[-1] < period - 1:
                    return since[-1] + 1, period
            if section is not None and section.period_from and section.period_to and section.period_from < section.period_to:
                return section.period_from, section.period_to
            if any(word in scope for word in v["span_five_year_words"]):
                return (period - 4, period) if period < self.ctx.year else (period, period + 4)
        if growth_since:
            since = [int(m.group(1)) for m in _SINCE.finditer(clause)]
            if since and since[-1] < period - 1:
                return since[-1] + 1, period
        return period, period

    def span_of(self, clause: str, scope: str, section: Section | None, period: int, measure: str) -> tuple[int, int]:
        """``span`` over the figure's clause and ``scope``, its sentence before it since the last ；
        (``after_semicolon``), kept only where it holds the figure's period (a term the sentence
        names in passing, 十二五期间 in a review of last year, does not move the period it was
        given). Read after ``period_status``, which notes whether the sentence has any word of
        several years at all."""
        if not self._sentence_spans and not (measure == "growth_rate" and "比" in clause):
            return period, period
        first, last = self.span(clause, scope, section, period, measure)
        return (first, last) if first <= period <= last else (period, period)

    def change_start(self, m: Mention, pre: str, scope: str, status: str, part: Section | None,
                     period: int, first: int, last: int) -> tuple[int, int, int] | None:
        """(period, first, last) of a result the change in its clause starts from (GDP从26.6万亿元
        增加到51.9万亿元): the year before the years the change covers (a span the clause names, the
        year its sentence names, the review of several years it stands in, or the one year's);
        None for any other figure. A year written after 由/从 dates the figure itself."""
        if status == "target":
            return None
        found = self._change_from.search(pre)
        if found is None or _YEAR.search(found.group()) or not self._change_to.match(self.ctx.text, m.end):
            return None
        if first < last:
            start = first
        elif _YEAR.search(scope[:len(scope) - len(found.group())]) is None and part is not None \
                and part.period_from is not None and part.period_to is not None and part.period_from < part.period_to == period:
            start = part.period_from   # 过去五年…国内生产总值从26.6万亿元增加到51.9万亿元: from the year before the five
        else:
            start = period
        return start - 1, start - 1, start - 1

    def _estimated(self, sentence_before: str) -> bool:
        """预计 governs what follows it, never a figure written before it (…新增企业99家，工业增加值
        预计增长11%: only the 11% is estimated). Opening its sentence (after openers such as 全年 or
        a year), it governs the whole sentence, every ；-separated item of the list it opens
        (预计完成地区生产总值…；财政收入…。); after its clause's subject, only that item."""
        if self._estimate_words.search(sentence_before) is None:
            return False
        last = None
        for last in self._estimate_words.finditer(sentence_before):
            pass
        before = _OPENER_NOISE.sub("", sentence_before[:last.start()])
        for word in self._estimate_openers:
            before = before.replace(word, "")
        return not before or not _ITEM_END.search(sentence_before, last.end())

    def _after_past(self, sentence_start: int, sentence: str) -> bool:
        """``_past_sentence`` for ``sentence``, starting at ``sentence_start``, read once for all
        its figures (the answer depends on the sentence and the one before it alone)."""
        if sentence_start != self._past_at or sentence != self._past_of:
            self._past_at, self._past_of = sentence_start, sentence
            self._past_answer = self._past_sentence(sentence_before_at(self.ctx.text, sentence_start), sentence)
        return self._past_answer

    def _past_sentence(self, previous_sentence: str, sentence: str) -> bool:
        """In a plan part, a sentence that opens with a turn to the past (…至关重要。过去一年，我们的
        各项工作取得了很大成绩。) makes the next one in its paragraph speak of it too (国内生产总值增长
        10.3%，…), unless either names the report year or the next sets a target (目标, 力争, 要 …);
        a target's word in a clause that says it was done (较好地完成了…主要目标任务: past_done) sets none."""
        if not previous_sentence or self._now.search(sentence) or any(
                not self._past_done.search(_clause_at(sentence, found.start()))
                for found in self._target_words.finditer(sentence)):
            return False
        return previous_sentence.lstrip(" \t\u3000").startswith(self._past_openers) and not self._now.search(previous_sentence)

    def _past_cue(self, scope: str) -> bool:
        """A word of the past in the clause scope that is not a comparison's base (比上年) and
        that no word of the report year follows (去年…突破600亿元，今年要力争增长10%: a plan)."""
        last_past = -1
        for found in self._past.finditer(scope):
            if not scope[:found.start()].endswith(self._base_before):
                last_past = found.start()
        if last_past < 0:
            return False
        return not any(found.start() > last_past for found in self._now.finditer(scope))

    def _cued(self, scope: str, sentence: str, year: int) -> tuple[str, int]:
        """No part: the sentence's own words decide (the past, then the plan, then results)."""
        if self._past_cue(scope):
            return "review", year - 1
        if self._now.search(sentence) or self._plan_cues.search(sentence):
            return "plan", year
        return "review", year - 1

    def subject(self, m: Mention, pre: str) -> str:
        if m.pattern not in ("duration", "rank"):
            post = self._post_noun(m.end)
            if post:
                return post
        return self.pre_subject(pre)

    def _post_noun(self, k: int) -> str:
        text = self.ctx.text
        phrase = _CJK_RUN.match(text, k).group()
        if self._any_stop.search(phrase):   # mostly none: skip the word-by-word cut
            for stop in self.v["subject_stops"]:
                i = phrase.find(stop)
                if i >= 0:
                    phrase = phrase[:i]
        return _balanced(phrase)

    def pre_subject(self, pre: str) -> str:
        # In a list (美丽庭院20万个、美丽村屯105个) an item's words start after the last 、;
        # when only a verb stands there (经营主体增长18%、突破132万户) the list's head names it.
        segments = pre.split("、")
        phrase = segments[-1]
        if len(segments) > 1 and not self._strip_trailing(phrase):
            phrase = _DIGIT_OR_PERCENT.split(segments[0], 1)[0]
        phrase = phrase[_LEADING_SPACE.match(phrase).end():]
        phrase = self._strip_trailing(phrase) or phrase
        best = self._after_last_verb(phrase)
        if best > 0:
            phrase = phrase[best:]
        changed = self._any_leading.match(phrase) is not None
        while changed:
            changed = False
            for word in self._subject_leading:
                if phrase.startswith(word) and len(phrase) > len(word):
                    phrase = phrase[len(word):]
                    changed = True
        # A sign before the number (完成-15.3%) belongs to the figure, never to its subject.
        return _balanced(phrase.strip("、,， ").strip("+-－＋"))

    def _after_last_verb(self, phrase: str) -> int:
        """Offset just after the rightmost subject verb inside the phrase, -1 if none.

        Each verb counts by its last occurrence, and not at all when that one ends the phrase.
        When no verb ends the phrase, that is the rightmost end of any verb: the leftmost match
        of the reversed verbs in the reversed phrase, one regex search instead of an ``rfind``
        per verb. When one does, the per-verb rule is applied as written.
        """
        if phrase[-1:] in self._verb_last_chars and phrase.endswith(self._subject_verbs):
            best = -1
            for verb in self._subject_verbs:
                i = phrase.rfind(verb)
                if i >= 0 and i + len(verb) < len(phrase):
                    best = max(best, i + len(verb))
            return best
        found = self._verbs_reversed.search(phrase[::-1])
        return len(phrase) - found.start() if found else -1

    def names_nothing(self, subject: str) -> bool:
        """Is the subject a clause's verb and comparison words alone (增长, 比上年增长, 分别增长)?
        Such a clause (地区生产总值515.6亿元，增长15.5%) speaks of the figure before it."""
        return bool(subject) and not self._strip_trailing(subject)

    def _strip_trailing(self, phrase: str) -> str:
        """Cut comparison and verb words off the end; empty when nothing else is left.

        The longest word ending the phrase goes first, then again on what is left: one greedy
        match of the reversed words, repeated, on the reversed phrase (a repetition that stops
        matching ends the match; it never backtracks into the words already taken).
        """
        if phrase[-1:] not in self._trailing_last_chars:
            return phrase.strip()
        cut = self._trailing_run.match(phrase[::-1]).end()
        return phrase[: len(phrase) - cut].strip()

    def base_unit(self, m: Mention, subject: str) -> str:
        base = self.words.get(m.measure_word, {}).get("base_unit", "")
        if base in ("", "item", "household") or (base == "enterprise" and m.measure_word == "家"):
            if self._any_noun_unit.search(subject):   # then the first keyword in list order
                for keyword, noun_base in self._noun_units:
                    if keyword in subject:
                        return noun_base
        return base or "item"


def after_semicolon(sentence_before: str) -> str:
    """The part of a sentence before a figure after its last semicolon, as split(";" or "；")[-1]
    would cut it: the scope of the cues that date the figure."""
    return sentence_before[max(sentence_before.rfind(";"), sentence_before.rfind("；")) + 1:]


def sentence_before_at(text: str, s_start: int) -> str:
    """The sentence before the one at ``s_start`` in the same paragraph ('' at a paragraph's start)."""
    line_start = text.rfind("\n", 0, s_start) + 1
    before = text[line_start:s_start].rstrip()
    if not before:
        return ""
    end = max(before.rfind("。", 0, len(before) - 1), before.rfind("！", 0, len(before) - 1), before.rfind("？", 0, len(before) - 1))
    return before[end + 1:]


def _clause_at(sentence: str, at: int) -> str:
    """The clause of ``sentence`` (between commas or semicolons) that holds offset ``at``."""
    start = max(sentence.rfind(mark, 0, at) for mark in "，,；;") + 1
    ends = [i for i in (sentence.find(mark, at) for mark in "，,；;") if i >= 0]
    return sentence[start:min(ends) if ends else len(sentence)]


def _any_of(words) -> re.Pattern:
    """A regex that finds any of ``words``, longest first: one C-level search to tell whether
    a word loop has anything to do. No words: a regex that never matches."""
    words = longest_first(words)
    return re.compile("|".join(re.escape(word) for word in words) if words else "(?!)")


def _drop_particle(tail: str) -> str:
    """Cut one closing particle (了, 分别, 均, 为): what ``re.sub("(了|分别|均|为)$", "")`` did on
    a right-stripped clause, without a regex search through the whole clause."""
    if not tail.endswith(_PARTICLES):
        return tail
    for particle in _PARTICLES:
        if tail.endswith(particle):
            return tail[: -len(particle)]
    return tail


def _balanced(phrase: str) -> str:
    """Drop quote marks left unpaired by a cut (一刻钟”便民生活圈 -> “一刻钟”便民生活圈)."""
    phrase = phrase.strip()
    if "“" not in phrase and "”" not in phrase:
        return phrase
    if phrase.count("”") > phrase.count("“"):
        phrase = "“" + phrase if not phrase.startswith("”") else phrase[1:]
    if phrase.count("“") > phrase.count("”"):
        phrase = phrase + "”" if not phrase.endswith("“") else phrase[:-1]
    return phrase
