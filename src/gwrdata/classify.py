"""What a figure means: qualifier, measure, direction, period, status and subject.

Everything here reads the words around a span (the clause before it, the noun after it, the
sentence and the section it stands in). The vocabularies are in ``data/verbs.yaml``; the
decisions follow docs/conventions.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import longest_first, measure_words, noun_units, verbs
from .scan import Mention
from .sections import Section

_CLAUSE = re.compile(r"[,，。;；:：!！?？\n]")
_SENTENCE = re.compile(r"[。!！?？\n]")
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff“”]")
_WINDOW = 400


@dataclass
class Context:
    text: str
    year: int
    headed: bool


def _clause_start(text: str, start: int) -> int:
    lo = max(0, start - _WINDOW)
    found = [m.end() for m in _CLAUSE.finditer(text, lo, start)]
    return found[-1] if found else lo


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    lo = max(0, start - _WINDOW)
    found = [m.end() for m in _SENTENCE.finditer(text, lo, start)]
    s = found[-1] if found else lo
    after = _SENTENCE.search(text, end, min(len(text), end + _WINDOW))
    e = after.end() if after else min(len(text), end + _WINDOW)
    if text[e - 1:e] == "\n":
        e -= 1
    return s, e


def _ends_with(text: str, words) -> str:
    for word in longest_first(words):
        if text.endswith(word):
            return word
    return ""


class Classifier:
    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.v = verbs()
        self.words = measure_words()

    def qualifier(self, m: Mention, pre: str) -> str:
        if m.glued:
            return m.glued
        if m.pattern == "range_low":
            return "at_least"
        if m.pattern == "range_high":
            return "up_to"
        tail = pre.rstrip()
        for qualifier, words in self.v["qualifier_before"].items():
            word = _ends_with(tail, words)
            if word and not (word == "上" and tail.endswith("以上")):
                return qualifier
        return "exact"

    def measure(self, m: Mention, pre: str, previous: dict | None) -> tuple[str, str]:
        """(measure, direction)."""
        if m.pattern in ("duration", "rank"):
            return m.pattern, "none"
        base = self.words.get(m.measure_word, {}).get("base_unit", "")
        tail = re.sub(r"(了|分别|均|为)$", "", pre.rstrip())
        if not tail.strip() or tail.endswith(("、", "和", "及")):
            if previous is not None:
                return previous["measure"], previous["direction"]
        growth_down = _ends_with(tail, self.v["growth_down"])
        growth_up = _ends_with(tail, self.v["growth_up"])
        reached = tail.endswith(tuple(self.v["level_reached"])) and not growth_up.endswith(("增长", "下降"))
        if m.pattern == "range_high" and previous is not None:
            return previous["measure"], previous["direction"]
        if base in ("percent", "permille", "times", "doubling"):
            if growth_down and not reached:
                return "growth_rate", "down"
            if (growth_up and not reached) or base in ("times", "doubling"):
                return "growth_rate", "up"
            return "share", "none"
        before = _ends_with(tail, self.v["change_before"])
        if before or base == "percentage_point":
            down = before in self.v["change_down"] or bool(growth_down)
            return "change", "down" if down else "up"
        if any(re.search(pattern, pre) for pattern in self.v["change"]):
            down = any(word in pre for word in self.v["change_down"])
            return "change", "down" if down else "up"
        return "level", "none"

    def period_status(self, m: Mention, pre: str, sentence: str, sentence_before: str, section: Section | None, measure: str,
                      qualifier_verb: str, subject: str, base_unit: str) -> tuple[int, str]:
        year = self.ctx.year
        kind = section.kind if section else "unstructured"
        period = section.period if section else year
        scope = re.split(r"[;；]", sentence_before)[-1]
        stated = [int(match.group(1)) for match in _YEAR.finditer(scope)
                  if scope[max(0, match.start() - 1):match.start()] not in ("比", "较", "与")]
        if kind == "unstructured":
            if any(word in sentence for word in self.v["estimate_words"]):
                kind, period = "review", year - 1
            elif any(word in sentence for word in self.v["target_words"]):
                kind, period = "plan", year
            else:
                kind, period = "review", year - 1
        if stated:
            period = stated[-1]
            kind = "review" if period < year else "plan"
        if "去年" in pre and kind == "plan":
            period, kind = year - 1, "review"
        if any(word in sentence for word in self.v["estimate_words"]):
            return period, "estimate"
        if kind == "plan":
            return period, "target"
        if any(word in pre for word in self.v["cumulative_words"]):
            return period, "cumulative"
        if (measure == "level" and qualifier_verb and base_unit not in ("percent", "permille", "CNY")
                and not any(word in subject for word in self.v["flow_words"])):
            return period, "cumulative"
        return period, "actual"

    def subject(self, m: Mention, pre: str) -> str:
        text = self.ctx.text
        if m.pattern not in ("duration", "rank"):
            post = self._post_noun(m.end)
            if post:
                return post
        return self.pre_subject(pre)

    def _post_noun(self, k: int) -> str:
        text = self.ctx.text
        end = k
        while end < len(text) and end - k < 16 and _CJK.match(text[end]):
            end += 1
        phrase = text[k:end]
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
            phrase = re.split(r"[\d%]", segments[0])[0]
        phrase = re.sub(r"^[\s“”]+", "", phrase)
        phrase = self._strip_trailing(phrase) or phrase
        best = -1
        for verb in self.v["subject_verbs"]:
            i = phrase.rfind(verb)
            if i >= 0 and i + len(verb) < len(phrase):
                best = max(best, i + len(verb))
        if best > 0:
            phrase = phrase[best:]
        changed = True
        while changed:
            changed = False
            for word in longest_first(self.v["subject_leading"]):
                if phrase.startswith(word) and len(phrase) > len(word):
                    phrase = phrase[len(word):]
                    changed = True
        return _balanced(phrase.strip("、,， "))

    def _strip_trailing(self, phrase: str) -> str:
        """Cut comparison and verb words off the end; empty when nothing else is left."""
        changed = True
        while changed and phrase:
            changed = False
            word = _ends_with(phrase, self.v["subject_trailing"])
            if word:
                phrase = phrase[: -len(word)]
                changed = True
        return phrase.strip()

    def base_unit(self, m: Mention, subject: str) -> str:
        base = self.words.get(m.measure_word, {}).get("base_unit", "")
        if base in ("", "item", "household") or (base == "enterprise" and m.measure_word == "家"):
            for keyword, noun_base in noun_units():
                if keyword in subject:
                    return noun_base
        return base or "item"


def _balanced(phrase: str) -> str:
    """Drop quote marks left unpaired by a cut (一刻钟”便民生活圈 -> “一刻钟”便民生活圈)."""
    phrase = phrase.strip()
    if phrase.count("”") > phrase.count("“"):
        phrase = "“" + phrase if not phrase.startswith("”") else phrase[1:]
    if phrase.count("“") > phrase.count("”"):
        phrase = phrase + "”" if not phrase.endswith("“") else phrase[:-1]
    return phrase
