"""Headline targets and the results they follow, on one shared indicator codelist.

Reports state their main targets in one paragraph (今年…主要预期目标是 A；B；C。, and variants:
主要目标是, 预期目标为, 主要预期指标：) and the previous year's results for the same indicators in
the review (全年地区生产总值增长8.5%，…). Both are read by rule into the headline table, keyed by
the shared codelist (``data/indicators.csv``: the same ids for every report, so that tables of
several governments and years stack), and every target gets a result row: a value, words, or an
explicit ``not_stated``. The vocabulary (multi-year cues, paired subjects) is in
``data/headline.yaml``; the rules are in docs/conventions.md.

Figures are never re-read here: a headline value is the extracted figure of its item, taken only
when the extraction agrees it is a target of the report year (or a result of the year before).
"""

from __future__ import annotations

import bisect
import csv
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import yaml

from gwrdata.extract.lexicon import introducers
from gwrdata.package.recipe import Recipe

_CLAUSE_SPLIT = re.compile(r"[,，;；。\n]")
_STRIP = " \t\r\n，,。；;：:*"
_LIST_NUMBER = re.compile(r"[(（]?[0-9０-９]{1,2}[)）.．、]")
_TO = re.compile(r"[^，,。；;0-9０-９]{0,4}?(?:到|至)")
_SUBJECT_END = re.compile(r"(增长|下降|提高|降低|减少|达到|控制在|保持|与|为|在|[0-9０-９]|左右)")
PUBLIC = ("indicator_id", "name_zh", "name_en", "category", "base_unit", "description")


@cache
def vocabulary() -> dict:
    with resources.files("gwrdata.package").joinpath("data", "headline.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@cache
def shared_codelist() -> tuple[dict, ...]:
    """The shared indicator codelist (data/indicators.csv), the same for every report."""
    with resources.files("gwrdata.package").joinpath("data", "indicators.csv").open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


def codelist(recipe: Recipe | None) -> list[dict]:
    """The shared codelist with the recipe's indicators.csv applied: a row with a shared id
    overrides the fields it fills (names it adds to also_zh are matched too); a new id is added."""
    rows = {row["indicator_id"]: dict(row) for row in shared_codelist()}
    for row in (recipe.table("indicators.csv") if recipe else None) or []:
        base = rows.setdefault(row["indicator_id"], {key: "" for key in (*PUBLIC, "also_zh")})
        for key, value in row.items():
            if value and key == "also_zh" and base.get("also_zh"):
                base["also_zh"] = base["also_zh"] + "|" + value
            elif value:
                base[key] = value
    return list(rows.values())


# -- names ----------------------------------------------------------------------------------

_FULL_WIDTH = {code: code + 0xFEE0 for code in range(0x21, 0x7F)}


def _both_widths(name: str) -> tuple[str, ...]:
    """A name as written, and with its Latin letters and digits full-width (单位ＧＤＰ能耗, as many
    reports of the 2000s typeset them)."""
    wide = name.translate(_FULL_WIDTH)
    return (name,) if wide == name else (name, wide)


class Names:
    """Indicator names (name_zh, also_zh, and the paired subjects), found leftmost-longest."""

    def __init__(self, indicators: list[dict]):
        self.ids: dict[str, str] = {}
        for row in indicators:
            for name in [row["name_zh"], *filter(None, (row.get("also_zh") or "").split("|"))]:
                for written in _both_widths(name):
                    self.ids.setdefault(written, row["indicator_id"])
        self.pairs: dict[str, dict] = {}
        for pair in vocabulary()["pairs"]:
            for name in pair["names"]:
                for written in _both_widths(name):
                    self.pairs[written] = pair
        names = sorted({*self.ids, *self.pairs}, key=len, reverse=True)
        self.pattern = re.compile("|".join(map(re.escape, names)))

    def find(self, text: str, start: int, end: int) -> list[re.Match]:
        """Names in text[start:end] that stand as a subject (not inside 海洋生产总值 or 占GDP比重)."""
        rules = vocabulary()
        return [m for m in self.pattern.finditer(text, start, end)
                if not any(text.endswith(w, start, m.start()) for w in rules["not_after"])
                and not any(text.startswith(w, m.end()) for w in rules["not_before"])]

    def another_noun(self, text: str, start: int, end: int) -> bool:
        """Does text[start:end] hold a name inside another noun (地均GDP, 万元GDP水耗)?"""
        words = vocabulary()["another_noun_after"]
        return any(text.endswith(w, start, m.start()) for m in self.pattern.finditer(text, start, end) for w in words)


# -- statements: what a clause says about which indicator -----------------------------------

@dataclass
class Statement:
    indicator_id: str | None  # None: a clause that names no indicator of the codelist
    figure: dict | None
    start: int
    end: int
    subject: str = ""
    others: list[str] = field(default_factory=list)  # other figures of the same words
    words_end: int = 0  # in a review: where the words about it end in its sentence (set there)
    pair: dict | None = None  # the pair it was named by (城乡居民人均可支配收入) where its clause had no figure in its unit
    level: bool = False  # in a review: the figure is the year's level only, beside a rate it does not give
    went: bool = False  # in a review: words with no figure that say only how it went (国际收支基本平衡)


def _spans(text: str, start: int, end: int, splitter: re.Pattern = _CLAUSE_SPLIT) -> list[tuple[int, int]]:
    spans, cursor = [], start
    for match in list(splitter.finditer(text, start, end)) + [None]:
        stop = match.start() if match else end
        s, e = cursor, stop
        while s < e and text[s] in _STRIP:
            s += 1
        while e > s and text[e - 1] in _STRIP:
            e -= 1
        if e > s:
            spans.append((s, e))
        cursor = match.end() if match else end
    return spans


class Reader:
    """Reads clauses of the source into statements, with the figures the extraction found there."""

    def __init__(self, text: str, figures: list[dict], indicators: list[dict]):
        self.text = text
        self.figures = figures
        self.starts = [int(f["start"]) for f in figures]
        self.names = Names(indicators)
        self.base = {row["indicator_id"]: row.get("base_unit", "") for row in indicators}
        self.sense = {row["indicator_id"]: row.get("sense", "") for row in indicators}
        self.joiners = vocabulary()["subject_joiners"]
        self.joiners_each = vocabulary()["figures_each"]
        self.separators = set(vocabulary()["name_separators"])
        self.each_not_after = set(vocabulary()["figures_each_not_after"])
        self.upper_ends = {high["figure_id"] for high in range_ends(figures).values()}

    def figures_in(self, start: int, end: int) -> list[dict]:
        return self.figures[bisect.bisect_left(self.starts, start):bisect.bisect_left(self.starts, end)]

    def numbered(self, start: int, end: int) -> list[dict]:
        """The figures of a clause, without the number of a list item it opens with (1．, （2）,
        3、): an item of a numbered list (1．地区生产总值增长5.3%) is stated by its words after it."""
        inside = self.figures_in(start, end)
        if inside and not inside[0]["unit"] and _LIST_NUMBER.fullmatch(self.text, start, int(inside[0]["end"]) + 1):
            return inside[1:]
        return inside

    def subjects(self, start: int, end: int) -> list[re.Match]:
        """The names a clause opens with: the first name before its first figure, and the names
        joined to it by 、 or 和 (固定资产投资、社会消费品零售总额均增长8%)."""
        inside = self.numbered(start, end)
        stop = int(inside[0]["start"]) if inside else end
        found = self.names.find(self.text, start, stop)
        if not found:
            return []
        chain = [found[0]]
        for match in found[1:]:
            between = self.text[chain[-1].end():match.start()]
            if len(between) <= 6 and any(j in between for j in self.joiners) and "与" not in between:
                chain.append(match)
            elif len(between) <= 20 and between[:1] in self.separators and between[-1:] in self.separators \
                    and not _SUBJECT_END.search(between):
                chain.append(match)  # 地区生产总值、港口货运量、固定资产投资: a name the codelist does not know between
            else:
                break
        return chain

    def statements(self, start: int, end: int) -> list[Statement]:
        out: list[Statement] = []
        waiting: list[Statement] = []  # named in a clause with no figure: the next clause may hold it
        passed = 0  # clauses naming nothing passed since the waiting subject was named
        clean = True  # …and none of them held a figure
        for c_start, c_end in self._clauses(start, end):
            inside = self.numbered(c_start, c_end)
            if len(inside) < len(self.figures_in(c_start, c_end)):
                c_start = _LIST_NUMBER.match(self.text, c_start).end()  # the item's words, after its number
            subjects = self.subjects(c_start, c_end)
            if not subjects:
                if waiting and self.names.another_noun(self.text, c_start, int(inside[0]["start"]) if inside else c_end):
                    waiting = []  # 建设用地地均GDP增长34.3%: the clause names another noun, its figure is that noun's
                if len({st.start for st in waiting}) > 1 and inside:
                    bases = {self.base.get(st.indicator_id, "") for st in waiting}
                    fitting = [f for f in self._ends_dropped(inside) if f["base_unit"] in bases]
                    if not self._gives_each(c_start, int(inside[0]["start"])):
                        # 城镇居民人均可支配收入21575元，农村居民人均纯收入6907元，实际增长12%和10.7%:
                        # one figure each, in order; else the last clause's subjects alone
                        if len(fitting) != len(waiting):
                            waiting = [st for st in waiting if st.start == waiting[-1].start]
                    elif 1 < len(fitting) < len(waiting):
                        waiting = waiting[-len(fitting):]  # 外贸外资稳中提质，进出口…，实际利用外资…，分别增长: the nearest
                if waiting and inside and self._each_at(c_start, int(inside[0]["start"])) > vocabulary()["figures_each_after_chars"]:
                    waiting = []  # 港口吞吐量、集装箱运量分别增长5%和6%: another subject's figures
                if waiting and inside:
                    waiting = self._split_pair(waiting, inside, out)
                    self._assign(waiting, inside)
                    if any(st.figure for st in waiting):
                        for statement in waiting:
                            statement.end = c_end
                        waiting = []
                        continue
                # 全年实现地区生产总值1108亿元（初步测算，下同），增长14.8%; 国内生产总值672.3亿元，总量
                # 排名全省第四，比上年增长18.4%: up to two clauses that name nothing and hold no
                # figure in its unit stand between a subject and its figure.
                passed += 1
                clean = clean and not inside
                if passed > 2:
                    waiting = []
                subject = _SUBJECT_END.split(self.text[c_start:c_end], 1)[0] or self.text[c_start:c_end]
                out.append(Statement(None, inside[0] if inside else None, c_start, c_end, subject,
                                     [f["figure_id"] for f in inside[1:]]))
                continue
            made = self._name(subjects, inside, c_start, c_end)
            self._assign(made, inside, self._places(subjects, int(inside[0]["start"]) if inside else c_end)
                         if len(made) == len(subjects) > 1 else None)
            out.extend(made)
            # 地区生产总值达5.38万亿元，增长8.2%: a subject whose clause holds no figure in its unit
            # takes one from the next clause, if that clause names nothing itself. Subjects of
            # consecutive clauses wait together (地区生产总值974.6亿元，固定资产投资925亿元，
            # 分别增长14%、32%): a clause of 分别 or 均 gives them their figures.
            if all(st.figure is None for st in made):
                # (a clause of no figure between them, such as （初步预计数，下同）, does not part them)
                waiting = waiting + made if waiting and clean and all(st.pair is None for st in waiting + made) else made
            else:
                waiting = []
            passed, clean = 0, True
        return out

    def _clauses(self, start: int, end: int):
        """The clauses of text[start:end]; a clause is also cut at a 、 that follows a figure in its
        subject's own unit and opens another indicator's name (城镇新增就业4.4万人、城镇登记失业率4.04%):
        the first subject has its figure, so what follows is another statement. Not where 、 joins
        the names of one figure (固定资产投资、社会消费品零售总额均增长8%), nor after a figure of
        another unit (地区生产总值超过500亿元、一般公共预算收入超过50亿元，分别增长9.5%、10%: the
        subjects wait together for their growth)."""
        for c_start, c_end in _spans(self.text, start, end):
            cursor = c_start
            for figure in self.figures_in(c_start, c_end):
                at = int(figure["end"])
                if at >= c_end or self.text[at] != "、":
                    continue
                subject = self.names.find(self.text, cursor, int(figure["start"]))[:1]
                following = self.names.find(self.text, at + 1, c_end)[:1]
                if subject and following and following[0].start() == at + 1 and subject[0].group(0) in self.names.ids \
                        and figure["base_unit"] == self.base.get(self.names.ids[subject[0].group(0)]):
                    yield cursor, at
                    cursor = at + 1
            yield cursor, c_end

    def _gives_each(self, start: int, end: int) -> bool:
        """Does text[start:end], a clause's words before its first figure, give figures to the
        subjects before it (分别增长, 同比分别增长, 按可比口径分别增长)? Not where words of a subject
        stand before 分别 (城乡居民可支配收入分别增长, 港口吞吐量、集装箱运量分别增长): those figures
        are that subject's."""
        return 0 <= self._each_at(start, end) <= vocabulary()["figures_each_after_chars"]

    def _each_at(self, start: int, end: int) -> int:
        """Where the first word of figures_each (分别, 均, 各) stands in text[start:end], -1 if none
        (not the 均 of 人均 or 平均)."""
        words = self.text[start:end]
        found = [m.start() for word in self.joiners_each for m in re.finditer(re.escape(word), words)
                 if not words[max(0, m.start() - 1):m.start()] in self.each_not_after]
        return min(found, default=-1)

    def _split_pair(self, waiting: list[Statement], inside: list[dict], out: list[Statement]) -> list[Statement]:
        """A pair named before its figures in its unit (城乡居民人均可支配收入分别实现37675元、16364元，
        增长8.8%、9.4%): where the next clause holds a figure in its unit for each, it names each."""
        whole = waiting[0] if len(waiting) == 1 else None
        if whole is None or whole.pair is None:
            return waiting
        each = whole.pair["each"]
        if len([f for f in inside if f["base_unit"] == self.base.get(each[0])]) < len(each):
            return waiting
        split = [Statement(i, None, whole.start, whole.end, whole.subject, pair=whole.pair) for i in each]
        at = out.index(whole)
        out[at:at + 1] = split
        return split

    def _from(self, figure: dict) -> bool:
        """Is the figure where a change started (由20.7%收窄到6.4%, 从3.01%提升到3.7%)?"""
        start, end = int(figure["start"]), int(figure["end"])
        return any(word in self.text[max(0, start - 5):start] for word in ("由", "从")) and \
            _TO.match(self.text, end) is not None

    def _name(self, subjects: list[re.Match], inside: list[dict], start: int, end: int) -> list[Statement]:
        ids: list[str] = []
        paired = None
        for match in subjects:
            pair = self.names.pairs.get(match.group(0))
            if pair:
                fitting = [f for f in inside if f["base_unit"] == self.base.get(pair["each"][0])]
                both = len(fitting) == 1 and self._to_all(match.end(), int(fitting[0]["start"]))
                ids += pair["each"] if len(fitting) >= len(pair["each"]) or both else [pair["whole"]]
                paired = pair if len(subjects) == 1 and not fitting else None
            else:
                ids.append(self.names.ids[match.group(0)])
        subject = self.text[subjects[0].start():subjects[-1].end()]
        unique = list(dict.fromkeys(ids))
        return [Statement(i, None, start, end, subject, pair=paired) for i in unique]

    def _to_all(self, start: int, stop: int) -> bool:
        """Do the words between a pair's name and its one figure give it to both (均增长8%)?"""
        words, v = self.text[start:stop], vocabulary()
        skip = set(v["figures_each_not_after"]) | {"年"}
        return any(words[i] in v["pair_all"] and words[i - 1:i] not in skip for i in range(len(words)))

    def _places(self, subjects: list[re.Match], stop: int) -> tuple[list[int], int]:
        """Each subject's place in the list of names its clause opens with, and how many names the
        list holds, counting names the codelist does not know (…、一般预算收入、农牧民人均现金收入
        分别增长…): the list is read up to 分别 or 均, its names parted by 、 (and 和 or 及)."""
        start = subjects[0].start()
        each = self._each_at(start, stop)
        end = start + each if each >= 0 else stop
        inside = [(m.start(), m.end()) for m in subjects]
        cuts = [i for i in range(start, end) if self.text[i] in self.separators
                and not any(a <= i < b for a, b in inside)]
        return [sum(1 for i in cuts if i < m.start()) for m in subjects], len(cuts) + 1

    def _ends_dropped(self, inside: list[dict]) -> list[dict]:
        """The figures of a clause without the upper ends of ranges (分别实际增长7％和4％－5％: 7 and
        4, the range's lower end, stand for the two subjects; ``range_ends`` finds them)."""
        return [f for f in inside if f["figure_id"] not in self.upper_ends]

    def _assign(self, statements: list[Statement], inside: list[dict], places: tuple[list[int], int] | None = None) -> None:
        """Figures to indicators: each indicator takes figures in its own base unit; several
        indicators share one figure (均增长8%) or take one each in order (分别增长7%和8%); where
        the list names more than the codelist knows, each takes the figure of its place in it."""
        bases = {self.base.get(s.indicator_id, "") for s in statements}
        fitting = [f for f in (self._ends_dropped(inside) if len(statements) > 1 else inside)
                   if f["base_unit"] in bases or not self.base.get(statements[0].indicator_id)]
        if len(statements) == 1:
            own = [f for f in inside if not self.base.get(statements[0].indicator_id) or f["base_unit"] == self.base[statements[0].indicator_id]]
            if len(own) > 1 and self._from(own[0]):
                own = own[1:]  # 城镇化率由60%提高到62%: the figure it went to
            statements[0].figure = own[0] if own else None
            statements[0].others = [f["figure_id"] for f in inside if not own or f is not own[0]]
            return
        if len(fitting) == len(statements):
            for statement, figure in zip(statements, fitting):
                statement.figure = figure
        elif places is not None and places[1] == len(fitting) > len(statements):
            for statement, place in zip(statements, places[0]):
                statement.figure = fitting[place]
        elif len(fitting) == 1:
            for statement in statements:
                statement.figure = fitting[0]


# -- the target paragraph ---------------------------------------------------------------------

@dataclass(frozen=True)
class TargetParagraph:
    start: int  # first character of the items
    end: int  # the items' end (the 。 of the last excluded)
    rule: str  # how it was found: the introducer as written, "list" or "plan_sentence"
    introducer: tuple[int, int] | None = None
    # Where the items stand: after the introducer in its sentence ("introducer"), on the lines
    # after it ("introducer_lines"), in the clause before it ("indicator_first"), in the later
    # sentences of its paragraph ("introducer_paragraph"); or "list", "plan_sentence".
    form: str = "introducer"


def _sentence_bounds(text: str, offset: int) -> tuple[int, int]:
    start = max(text.rfind("。", 0, offset), text.rfind("\n", 0, offset)) + 1
    end = text.find("。", offset)
    newline = text.find("\n", offset)
    end = min(e for e in (end, newline, len(text)) if e >= 0)
    return start, end


@cache
def _introducers() -> list[tuple[re.Pattern, bool]]:
    """The introducers, each with whether its items must be read as targets of the report year
    (the other words, which also stand in reviews: 主要经济指标是)."""
    words = introducers()
    return [(re.compile(p), False) for p in words["introducers"]] + [(re.compile(p), True) for p in words["other_introducers"]]


@cache
def _paragraph_rules() -> dict:
    """The compiled patterns of the paragraph rules: a multi-year cue is a word of its own, not
    the 5年 of 2015年."""
    rules = vocabulary()
    cues = "|".join(map(re.escape, rules["multi_year_before"]))
    plans = "|".join(map(re.escape, rules["multi_year_plans"]))
    return {"multi_year": re.compile(rf"(?<![0-9０-９])(?:{cues})"), "multi_year_plan": re.compile(plans),
            "later_year": re.compile(rules["later_year"]),
            "this_year": re.compile("|".join(map(re.escape, rules["this_year"]))),
            "one_year": re.compile("|".join(map(re.escape, rules["this_year"] + rules["one_year"]))),
            "marker": re.compile(rules["list_marker"]),
            "plan_cue": re.compile("|".join(map(re.escape, rules["plan_sentence"]["cues"])))}


def _multi_year(before: str, head: str, year: int) -> bool:
    """Does an introducer set multi-year targets? A multi-year word in its first items (年均, a
    later year: 到2025年) says so; a multi-year cue before it does unless the report year is named
    after the cue (对接“十四五”规划，今年的主要预期目标是), and a plan's name (十一五) does not
    where the report year is named anywhere before it (2007年是实现“十一五”目标的关键一年，…)."""
    compiled = _paragraph_rules()
    if _several_years(head, year):
        return True
    before = re.split(r"[！？!?]", before)[-1]
    names_year = lambda words: bool(compiled["one_year"].search(words)) or f"{year}年" in words  # noqa: E731
    for kind in ("multi_year", "multi_year_plan"):
        cues = list(compiled[kind].finditer(before))
        if cues and not names_year(before[cues[-1].end():]) and not (kind == "multi_year_plan" and names_year(before)):
            return True
    return False


def _several_years(words: str, year: int) -> bool:
    """Do the words speak of several years (年均) or of a later year (到2025年)?"""
    return any(cue in words for cue in vocabulary()["multi_year_items"]) or any(
        int(m.group(1)) > year for m in _paragraph_rules()["later_year"].finditer(words))


def _is_year_target(figure: dict | None, year: int, named: bool = False) -> bool:
    """A target of the report year, as the extraction reads the figure; any figure where the words
    before it name the report year themselves (named: 今年…主要调控指标是：), since a part the
    extraction misread (a plan taken for a review or a multi-year plan) misdates its figures."""
    return figure is not None and (named or (figure["status"] == "target" and str(figure["period"]) == str(year)))


def _states_targets(reader: Reader, start: int, end: int, year: int, strict: bool, named: bool = False) -> bool:
    """Do the words state a codelist indicator with a figure (strict: a figure the extraction
    reads as a target of the report year, in an item not of several years)?"""
    return any(s.indicator_id and s.figure and (not strict or (
        _is_year_target(s.figure, year, named) and not _several_years(reader.text[s.start:s.end], year)))
        for s in reader.statements(start, end))


def _lines_end(text: str, offset: int) -> int:
    """The end of a list set out on the lines after an introducer that ends its line: each line
    is an item while the one before ends in ；，、 (or no stop), or while the lines open with the
    list's marker (——, 一是, 1.); a line ending in 。 followed by other words closes the list."""
    marker = _paragraph_rules()["marker"]
    limit = vocabulary()["list_max_lines"]
    end, previous, marked = offset, "", None
    cursor = offset
    for _ in range(limit):
        while cursor < len(text) and text[cursor] in " \t\r\n\u3000":
            cursor += 1
        if cursor >= len(text):
            break
        stop = text.find("\n", cursor)
        stop = len(text) if stop < 0 else stop
        line = text[cursor:stop].strip(" \t\r\u3000")
        opens = bool(marker.match(line.lstrip("*")))
        if marked is None:
            marked = opens
        elif not (previous.rstrip("*").endswith(("；", ";", "，", ",", "、")) or (marked and opens)):
            break
        previous, end, cursor = line, stop, stop + 1
    while end > offset and text[end - 1] in _STRIP:
        end -= 1
    return end


def _clause_start(text: str, s_start: int, offset: int) -> int:
    return max(s_start, *(text.rfind(p, 0, offset) + 1 for p in "，,；;"))


def _by_introducer(text: str, year: int, match: re.Match, reader: Reader, checked: bool) -> TargetParagraph | None:
    """The items an introducer opens, in the first of its forms that states targets. Items in its
    own sentence after it are taken with any figure, unless the introducer is one of the other
    words (``checked``); the other forms take only targets of the report year."""
    s_start, s_end = _sentence_bounds(text, match.end())
    named = bool(_paragraph_rules()["this_year"].search(text, s_start, match.end())) or f"{year}年" in text[s_start:match.end()]
    rule = (match.groupdict().get("rule") or match.group(0)).replace("*", "").strip(" :：，,")
    found = lambda start, end, form: TargetParagraph(start, end, rule, (match.start(), match.end()), form)  # noqa: E731
    if _states_targets(reader, match.end(), s_end, year, strict=checked, named=named):
        return found(match.end(), s_end, "introducer")
    if not text[match.end():s_end].strip(" \t\r*:：\u3000") and s_end < len(text) and text[s_end] == "\n":
        end = _lines_end(text, s_end)
        if end > s_end and _states_targets(reader, s_end, end, year, strict=True, named=named):
            return found(s_end, end, "introducer_lines")
    clause = _clause_start(text, s_start, match.start())
    if reader.names.find(text, clause, match.start()) and _states_targets(reader, clause, s_end, year, strict=True, named=named):
        return found(clause, s_end, "indicator_first")
    line_end = text.find("\n", match.end())
    line_end = len(text) if line_end < 0 else line_end
    while line_end > s_end and text[line_end - 1] in _STRIP:
        line_end -= 1
    opens = any(c and c in "：:，," for c in (match.group(0).rstrip(" *")[-1:], text[match.end():match.end() + 3].lstrip(" *")[:1]))
    if opens and line_end > s_end and _states_targets(reader, match.end(), line_end, year, strict=True, named=named):
        return found(match.end(), line_end, "introducer_paragraph")
    return None


def find_target_paragraph(text: str, year: int, sections, reader: Reader) -> TargetParagraph | None:
    """The paragraph of main expected targets of the report year, or None when the report has none.

    First, in document order, an introducer (主要预期目标是 and its variants) that does not set
    multi-year targets and opens at least one indicator: after it in its sentence, on the lines
    after it, after the indicator it follows (经济增长预期目标为7%左右), or in the later sentences
    of its paragraph; else a sentence of the plan part opening with 今年 that lists several
    indicators; else the first sentence of the plan part that sets the report year's GDP target
    with a word of the plan (力争, 确保, 努力实现). Forms other than the first, and the other
    introducer words, take only figures the extraction reads as targets of the report year (any
    figure where the introducer's sentence names the report year: 今年…主要调控指标是).
    """
    rules = vocabulary()
    seen: set[int] = set()
    candidates = []
    for pattern, checked in _introducers():
        for match in pattern.finditer(text):
            if match.start() not in seen:
                seen.add(match.start())
                candidates.append((match, checked))
    candidates.sort(key=lambda c: c[0].start())
    # First outside the parts the extraction takes for multi-year plans, then anywhere (a part
    # misread as multi-year, such as a report filed under the wrong year, still has its targets).
    for outside_multi_year in (True, False):
        for match, checked in candidates:
            s_start, s_end = _sentence_bounds(text, match.end())
            head = text[match.end():min(s_end, match.end() + 40)]
            if s_end == match.end() or not head.strip(" \t\r*:：\u3000"):  # the list is on the next lines
                head = text[match.end():match.end() + 60]
            if _multi_year(text[s_start:match.start()], head, year):
                continue
            if outside_multi_year and _in_multi_year_part(sections, match.start()):
                continue
            paragraph = _by_introducer(text, year, match, reader, checked)
            if paragraph is not None:
                return paragraph
    plan = [s for s in sections if s.kind in ("plan", "unstructured")]
    for section in plan:
        cursor = section.start
        while cursor < section.end:
            s_start, s_end = _sentence_bounds(text, cursor)
            s_start = max(s_start, cursor)
            opening = text[s_start:s_start + 30]
            if any(w in opening for w in (*rules["list_opening"], f"{year}年")) and not _several_years(text[s_start:s_end], year):
                statements = reader.statements(s_start, s_end)
                named = {s.indicator_id for s in statements if s.indicator_id}
                if len(named) >= rules["list_min_indicators"] and any(s.figure for s in statements if s.indicator_id):
                    return TargetParagraph(s_start, s_end, "list", form="list")
            cursor = s_end + 1
    return _plan_sentence(text, year, [s for s in plan if getattr(s, "part_kind", "") != "plan_multi_year"], reader)


def _plan_sentence(text: str, year: int, plan, reader: Reader) -> TargetParagraph | None:
    """A plan without introducer: the first sentence of the plan part that sets the GDP target of
    the report year (as the extraction reads its figure) with a word of the plan before it
    (要力争地区生产总值增长10%以上), or among at least list_min_indicators such targets
    (综合考虑各方面因素，地区生产总值增长6%左右，固定资产投资增长7%以上，…)."""
    rules = vocabulary()
    wanted = rules["plan_sentence"]["indicator"]
    cue = _paragraph_rules()["plan_cue"]
    for section in plan:
        for s_start, s_end in _sentences_in(text, section.start, section.end):
            sentence = text[s_start:s_end]
            if not _several_years(sentence, year) and not any(c in sentence for c in rules["plan_sentence"]["skip"]):
                statements = [st for st in reader.statements(s_start, s_end) if st.indicator_id and _is_year_target(st.figure, year)]
                gdp = next((st for st in statements if st.indicator_id == wanted), None)
                if gdp is not None and (cue.search(text, s_start, int(gdp.figure["start"]))
                                        or len({st.indicator_id for st in statements}) >= rules["list_min_indicators"]):
                    # The items begin with the first target: words before it (稳经济增长) are not items.
                    return TargetParagraph(statements[0].start, s_end, "plan_sentence", form="plan_sentence")
    return None


# -- the table --------------------------------------------------------------------------------

def _in_multi_year_part(sections, offset: int) -> bool:
    """Is the offset in a part the extraction found to be a multi-year plan (十四五 targets)?"""
    return any(getattr(s, "part_kind", "") == "plan_multi_year" and s.start <= offset < s.end for s in sections)


@dataclass
class Headline:
    rows: list[dict]
    indicators: list[dict]
    paragraph: TargetParagraph | None
    # Results of every indicator the review states with a figure (``stated_results``), read on
    # demand: a panel asks for them, a single report's package does not.
    stated: Callable[[], list[dict]] = field(repr=False, default=list)

    def descriptor(self) -> dict:
        """What the descriptor says about the target paragraph (found or not, and where)."""
        if self.paragraph is None:
            return {"found": False,
                    "note": "The report has no paragraph of main expected targets (主要预期目标); the headline table is empty."}
        return {"found": True, "start": self.paragraph.start, "end": self.paragraph.end, "rule": self.paragraph.rule}


def build(recipe: Recipe | None, text: str, figures: list[dict], sections, year: int | None = None) -> Headline:
    """The headline rows and the indicators table; sets indicator_id on the headline figures."""
    year = year if year is not None else recipe.year
    indicators = codelist(recipe)
    reader = Reader(text, figures, indicators)
    paragraph = find_target_paragraph(text, year, sections, reader)

    @cache   # read once, when the target results or a panel first ask for them
    def review() -> list[tuple[int, list[Statement]]]:
        return _review_sentences(text, sections, reader, paragraph, year)

    def stated() -> list[dict]:
        return stated_results(text, review(), year)

    if paragraph is None:
        return Headline([], [_public(row) for row in indicators], None, stated)

    rows: list[dict] = []
    targeted: list[str] = []
    local: list[dict] = []
    for number, statement in enumerate(reader.statements(paragraph.start, paragraph.end), start=1):
        if statement.indicator_id is None or statement.indicator_id in targeted:
            if statement.figure is None:
                continue  # words with no figure and no new indicator (在实际工作中争取更好结果)
            why = (f"restates indicator {statement.indicator_id}" if statement.indicator_id
                   else "no indicator of the shared codelist names it")
            statement.indicator_id = f"item_{number}"
            local.append({"indicator_id": statement.indicator_id, "name_zh": statement.subject, "name_en": "", "category": "",
                          "base_unit": statement.figure["base_unit"],
                          "description": f"Target item {number} of this report, which {why}: a report-specific row outside the shared codelist."})
        targeted.append(statement.indicator_id)
        rows.append(_row(text, statement, year, "target"))

    measures = {r["indicator_id"]: r.get("compared_measure") or r["measure"] for r in rows if r["measure"]}
    found = _results(text, review(), set(targeted), measures, year)
    for indicator_id in targeted:
        if indicator_id in found:
            rows.append(_row(text, found[indicator_id], year - 1, "result"))
        else:
            rows.append({"indicator_id": indicator_id, "year": year - 1, "status": "not_stated", "value": "", "unit": "",
                         "qualifier": "", "measure": "", "direction": "", "figure_id": "", "text": "", "start": "", "end": "",
                         "note": f"The review states no {year - 1} result for this indicator."})

    by_id = {f["figure_id"]: f for f in figures}
    ends = range_ends(figures)
    for row in rows:
        if row["figure_id"] and not by_id[row["figure_id"]].get("indicator_id"):
            by_id[row["figure_id"]]["indicator_id"] = row["indicator_id"]
        high = ends.get(row["figure_id"]) if row["status"] == "target" else None
        row["value_to"], row["figure_id_to"] = (high["value"], high["figure_id"]) if high else ("", "")
    rows.sort(key=lambda r: (targeted.index(r["indicator_id"]), -int(r["year"]), r["status"]))
    return Headline(rows, [_public(row) for row in indicators + local], paragraph, stated)


def _review_sentences(text, sections, reader: Reader, paragraph: TargetParagraph | None,
                      year: int) -> list[tuple[int, list[Statement]]]:
    """Sentences of the review (and opening), in document order, each with the statements it makes
    of codelist indicators. Left out: clauses about quarters, several years or running totals
    (vocabulary: result_skip), figures compared with a base year other than the year before their
    own (比2002年增长65.5%), sentences of paragraphs that open on several years (——这五年，…)
    unless they speak of the year before, words with no figure in a review of several years
    (“十一五”时期工作回顾: 目标任务全面完成 is the plan's) unless their sentence speaks of the year
    before, and the target paragraph. Each statement's ``words_end`` is where the words about it end in its sentence:
    the next clause that names an indicator or holds a figure, else the sentence's end."""
    rules = vocabulary()
    skip, paragraph_skip = rules["result_skip"], rules["result_skip_paragraph"]
    single_year = [*rules["result_single_year"], f"{year - 1}年"]
    base_year = re.compile("(?:" + "|".join(map(re.escape, rules["base_year_before"])) + r")((?:19|20)\d\d)年")
    review = [s for s in sections if s.kind in ("review", "preamble", "unstructured")
              and getattr(s, "level", "part") != "chapter"]
    out = []
    held = rules["held_each_year"]["words"]
    stretches = [(s.start, s.end, False, getattr(s, "part_kind", "") == "review_multi_year") for s in review]
    for section_start, section_end, past, of_years in stretches + [(*stretch, False) for stretch in _past_in_plan(text, sections, year)]:
        for s_start, s_end in _sentences_in(text, section_start, section_end):
            if paragraph is not None and s_start <= paragraph.end and paragraph.start <= s_end:
                continue
            one_year = past or any(cue in text[s_start:s_end] for cue in single_year)
            many_years = not one_year and _opens_on_years(text, s_start, paragraph_skip)
            if many_years and not any(word in text[s_start:s_end] for word in held):
                continue
            every = reader.statements(s_start, s_end)
            for number, statement in enumerate(every):
                later = [st.start for st in every[number + 1:] if st.start > statement.start
                         and (st.indicator_id or st.figure)]
                statement.words_end = later[0] if later else s_end
            since = [st for st in every if st.indicator_id
                     and all(int(m.group(1)) == year - 2 for m in base_year.finditer(text, st.start, st.end))]
            named = [] if many_years else [st for st in since if not any(cue in _result_words(text, st) for cue in skip)]
            named += [st for st in _held_each_year(text, reader, since) if st not in named]
            if of_years and not one_year and not any(word in text[s_start:s_end] for word in rules["words_of_one_year"]):
                # 国家下达的节能减排目标任务全面完成 in a review of five years: words of the plan's years,
                # not of the last one; its figures are dated by the extraction
                named = [st for st in named if st.figure is not None]
            if not many_years:
                named += _levels(text, reader, every, named, year, s_end)
            if named:
                out.append((s_start, named))
    return out


def _past_in_plan(text: str, sections, year: int) -> list[tuple[int, int, bool]]:
    """Stretches of the plan part that speak of the year before: from a sentence that opens on it
    (过去一年，全市人民…取得了新成绩。全市地区生产总值增长6.9%，…) to the end of its paragraph, as
    the extraction dates their figures (verbs.yaml, past_openers), or to the first sentence that
    turns to the report year (opens on it, or says 今年, 力争, 确保 …: headline.yaml, plan_sentence
    cues). Only figures it reads as the year before's count as results there, so the plan's own
    figures never do."""
    from gwrdata.extract.lexicon import verbs

    openers = tuple(verbs()["past_openers"])
    turns, now = vocabulary()["plan_sentence"]["cues"], f"{year}年"
    out = []
    for section in sections:
        if section.kind != "plan" or getattr(section, "level", "part") == "chapter":
            continue
        stretch = None
        for s_start, s_end in _sentences_in(text, section.start, section.end):
            words = text[s_start:s_end].lstrip(" \t\u3000")
            if stretch is not None and ("\n" in text[stretch[1]:s_start] or words.startswith(now) or any(w in words for w in turns)):
                out.append((*stretch, True))
                stretch = None
            if stretch is not None:
                stretch = (stretch[0], s_end)
            elif words.startswith(openers) and not any(w in words for w in turns):
                stretch = (s_start, s_end)
        if stretch is not None:
            out.append((*stretch, True))
    return out


def _result_words(text: str, statement: Statement) -> str:
    """A statement's words that say which period its figure covers: from its start, or from the
    last word of the whole year before its figure (result_skip_reset: 前三季度增长5%，预计全年增长6%)."""
    words = text[statement.start:statement.end]
    if statement.figure is None:
        return words
    head = int(statement.figure["start"]) - statement.start
    reset = max(words.rfind(word, 0, head) for word in vocabulary()["result_skip_reset"])
    return words[reset:] if reset >= 0 else words


def _held_each_year(text: str, reader: Reader, statements: list[Statement]) -> list[Statement]:
    """The statements of a ceiling held over several years, so in the last of them too
    (城镇登记失业率每年均控制在3.5%以内: headline.yaml, held_each_year): an indicator of that sense, its
    figure a bound, its words no average, part of a year or total (每年均 is 'in each year', though
    it holds 年均)."""
    held = vocabulary()["held_each_year"]
    out = []
    for statement in statements:
        if statement.figure is None or reader.sense.get(statement.indicator_id) != held["sense"] \
                or statement.figure["qualifier"] not in held["qualifiers"]:
            continue
        words = _result_words(text, statement)
        for each in held["each"]:
            words = words.replace(each, "")
        if not any(cue in words for cue in held["skip"]):
            out.append(statement)
    return out


def _levels(text: str, reader: Reader, every: list[Statement], named: list[Statement], year: int,
            s_end: int) -> list[Statement]:
    """The year's level of each indicator a sentence names with no figure of the year in its own
    unit (2015年全市生产总值16538亿元; 固定资产投资年均增长26.76%，达到1803.75亿元): a level of the year
    before in its words or in the clause after them that names nothing, not where a change starts
    (由…), not a running total or a part of the year (vocabulary: level_skip), an amount written in
    digits (level_units; not 4项指标 or 五个百亿台阶) and not a threshold passed (level_not_before:
    迈上4000亿元台阶). Indicators named together (生产总值、财政总收入分别达3564.76亿元、400.28亿元)
    take one level each, in order, where there are as many; an indicator named by a pair
    (城乡居民人均可支配收入分别达6.6万元和3.2万元) takes none: its levels are each half's. A level is
    the year's result, though not a rate: it cannot decide a growth target."""
    rules = vocabulary()
    cues, units, after_words = rules["level_skip"], set(rules["level_units"]), tuple(rules["level_not_before"])
    kept = {id(st) for st in named if st.figure is not None}
    out = []
    for number, statement in enumerate(every):
        if statement.indicator_id is None or statement.pair is not None:
            continue
        together = [st for st in every if st.start == statement.start and st.indicator_id]
        end = statement.end
        after = every[number + 1 + len(together) - 1 - together.index(statement)] \
            if number + 1 + len(together) - 1 - together.index(statement) < len(every) else None
        if after is not None and after.indicator_id is None and after.start > statement.end:
            end = after.end
        levels = []
        for figure in reader.figures_in(statement.start, end):
            at = int(figure["start"])
            reached = figure["measure"] == "change" and "到" in text[max(statement.start, at - 8):at]  # 增加到2010年的15481元
            if not (figure["measure"] == "level" or reached) or figure["base_unit"] not in units \
                    or figure["status"] not in ("actual", "estimate") or str(figure["period"]) != str(year - 1) \
                    or reader._from(figure) or not figure["mention"][:1].isdigit() \
                    or text.startswith(after_words, int(figure["end"])):
                continue
            if any(cue in text[statement.start:at] for cue in cues):
                break
            levels.append(figure)
        if id(statement) in kept or not levels or (len(together) > 1 and len(levels) != len(together)):
            continue
        figure = levels[together.index(statement)] if len(together) > 1 else levels[0]
        close = min([i for i in (text.find(mark, int(figure["end"]), s_end) for mark in "，,；;") if i >= 0] + [s_end])
        out.append(Statement(statement.indicator_id, figure, statement.start, close, statement.subject, level=True))
    return out


def _sentences_in(text: str, start: int, end: int):
    """(start, end) of each sentence of text[start:end], cut at the bounds (a part's first and
    last sentences end where the part does)."""
    cursor = start
    while cursor < end:
        s_start, s_end = _sentence_bounds(text, cursor)
        s_start, s_end = max(s_start, cursor), min(s_end, end)
        if s_end <= s_start:
            cursor += 1
            continue
        yield s_start, s_end
        cursor = s_end + 1


def _opens_on_years(text: str, offset: int, cues: list[str]) -> bool:
    """Does the paragraph holding offset open on several years (——这五年，…; 五年来，…)?"""
    start = text.rfind("\n", 0, offset) + 1
    opening = text[start:start + 16].lstrip(" \t#*—-－　")[:10]
    return any(cue in opening for cue in cues)


def _results(text: str, sentences: list[tuple[int, list[Statement]]], targeted: set[str], measures: dict[str, str],
             year: int) -> dict[str, Statement]:
    """The previous year's result of each targeted indicator, from the review's sentences.

    Sentences are read in order of how many targeted indicators they state with a figure (the
    summary sentence first), then in document order; each indicator takes its first statement
    with a figure of the year before, of the same measure as its target (a growth target is
    followed by a growth rate, not by a level or a share; a percentage whose subject is a rate,
    居民消费价格涨幅回落到2.6%, is a growth rate). An indicator with none takes words the summary
    sentences say of it, then, in document order, the first words that say how it stood against
    its target (地区生产总值等预期性指标未达到年初目标: ``outcome.words_say``). A figure after words
    that name the target (没有实现年初确定的单位国内生产总值能耗降低4%左右) is the target restated,
    not a result: the words say how it stood.
    """
    ordered = []
    for s_start, statements in sentences:
        named = [st for st in statements if st.indicator_id in targeted and not st.level]
        usable = [st for st in named if st.figure is not None and _is_result(st.figure, year)
                  and measures.get(st.indicator_id, _measure(text, st)) == _measure(text, st)
                  and not _restates_target(text, st)]
        words = [st for st in named if st.figure is None and not st.others]
        if usable:
            ordered.append((-len({st.indicator_id for st in usable}), s_start, usable, words))
    ordered.sort(key=lambda item: item[:2])
    found: dict[str, Statement] = {}
    for _, _, usable, _ in ordered:
        for statement in usable:
            found.setdefault(statement.indicator_id, statement)
    # Words only (居民收入与经济增长基本同步) count where the review's summary sentences say them.
    for score, _, _, words in ordered:
        for statement in words if score <= -2 else []:
            found.setdefault(statement.indicator_id, _how_it_went(text, statement) or statement)
    for statement in _said_against_target(text, sentences):
        if statement.indicator_id in targeted:
            found.setdefault(statement.indicator_id, statement)
    for statement in _said_how_it_went(text, sentences):
        if statement.indicator_id in targeted:
            found.setdefault(statement.indicator_id, statement)
    return found


def _restates_target(text: str, statement: Statement) -> bool:
    """Do words that name the target stand before the statement's figure in the figure's own
    clause (没有实现年初确定的单位国内生产总值能耗降低4%左右)? Then the figure is the target restated."""
    at = int(statement.figure["start"])
    clause = max(statement.start, *(text.rfind(mark, 0, at) + 1 for mark in "，,；;"))
    return any(word in text[clause:at] for word in vocabulary()["target_restated"])


def _said_against_target(text: str, sentences: list[tuple[int, list[Statement]]]) -> list[Statement]:
    """Statements whose words say how the indicator stood against its target, in document order:
    each a statement of no figure from the indicator's name to the end of those words."""
    from gwrdata.package.outcome import rule, words_say

    follow = tuple(rule()["words"]["follow"])
    out = []
    for _, statements in sentences:
        for statement in statements:
            if statement.level:
                continue
            end = max(statement.words_end, statement.end)
            for number, (c_start, c_end) in enumerate(_spans(text, statement.start, end)):
                # its own clause, or a later one that goes on about it (…，但未能完成年初预期目标)
                said = words_say(text[c_start:c_end]) if number == 0 or text.startswith(follow, c_start) else None
                if said is not None:
                    out.append(Statement(statement.indicator_id, None, statement.start, c_start + said[2],
                                         statement.subject))
                    break
    return out


def _how_it_went(text: str, statement: Statement) -> Statement | None:
    """The statement as words that say how its indicator went (国际收支基本平衡: outcome.yaml, went),
    from its clause's start to the end of those words, where they follow its name; else None."""
    from gwrdata.package.outcome import words_went

    if statement.figure is not None or statement.others or statement.level or not statement.subject:
        return None
    name = text.find(statement.subject, statement.start, statement.end)
    went = words_went(text, name + len(statement.subject), statement.end, statement.start) if name >= 0 else None
    if went is None:
        return None
    return Statement(statement.indicator_id, None, statement.start, went.end(), statement.subject, went=True)


def _said_how_it_went(text: str, sentences: list[tuple[int, list[Statement]]]) -> list[Statement]:
    """Statements of no figure whose words say how the indicator went, in document order."""
    return [went for _, statements in sentences for statement in statements
            if (went := _how_it_went(text, statement)) is not None]


def range_ends(figures: list[dict]) -> dict[str, dict]:
    """The upper end of each range the extraction found, by the figure id of its lower end.

    A range (5%—5.5%) is one target with two figures, the lower bound at_least and the upper
    bound up_to, the second starting one dash after the first (docs/conventions.md, "The span"):
    a floor is judged by the first, a ceiling by the second, and both are kept.
    """
    ends = {}
    for low, high in zip(figures, figures[1:]):
        if (low["qualifier"], high["qualifier"]) == ("at_least", "up_to") and int(high["start"]) == int(low["end"]) + 1 \
                and low["unit"] == high["unit"]:
            ends[low["figure_id"]] = high
    return ends


def stated_results(text: str, sentences: list[tuple[int, list[Statement]]], year: int) -> list[dict]:
    """Every result of the year before the review states, one per indicator and measure, by the
    rule of result rows with every codelist indicator taken as targeted: with a figure, or, for an
    indicator stated with none, in words that say how it stood against its target.

    A panel compares them with the targets an earlier report set where this report sets no
    target of its own for the indicator (and so has no result row for it in its headline).
    """
    ordered = []
    for s_start, statements in sentences:
        usable = [st for st in statements if st.figure is not None and _is_result(st.figure, year)
                  and not _restates_target(text, st)]
        if usable:
            ordered.append((-len({st.indicator_id for st in usable}), s_start, usable))
    ordered.sort(key=lambda item: item[:2])
    found: dict[tuple[str, str], Statement] = {}
    for _, _, usable in ordered:
        for statement in usable:
            found.setdefault((statement.indicator_id, _measure(text, statement)), statement)
    figured = {indicator_id for indicator_id, _ in found}
    for statement in _said_against_target(text, sentences) + _said_how_it_went(text, sentences):
        if statement.indicator_id not in figured:
            found.setdefault((statement.indicator_id, ""), statement)
    return [_row(text, statement, year - 1, "result") for statement in found.values()] + _each_of_pairs(text, found)


def _each_of_pairs(text: str, found: dict[tuple[str, str], Statement]) -> list[dict]:
    """A row for the whole of a pair (居民人均可支配收入) that the review states only for each
    (城乡居民人均可支配收入分别增长4.7%、5.4%; 城镇…增长5.1%，…农村…增长4.6%), both as growth rates on
    one line: status ``urban_rural``, no value, its words from the first to the last. Urban and
    rural growth do not give the residents' growth (people move from one to the other), so such a
    result says the year is reported without deciding a target of the whole."""
    rows = []
    for pair in vocabulary()["pairs"]:
        if any(indicator_id == pair["whole"] and not statement.went for (indicator_id, _), statement in found.items()):
            continue
        each = [found.get((indicator_id, "growth_rate")) for indicator_id in pair["each"]]
        if any(statement is None for statement in each):
            continue
        start, end = min(st.start for st in each), max(st.end for st in each)
        if "\n" in text[start:end]:
            continue
        row = _row(text, Statement(pair["whole"], None, start, end), int(each[0].figure["period"]), "result")
        row.update(status="urban_rural", note="Stated for urban and rural residents separately, not for all residents.")
        rows.append(row)
    return rows


def _is_result(figure: dict, year: int) -> bool:
    return figure["status"] in ("actual", "estimate") and str(figure["period"]) == str(year - 1)


def _measure(text: str, statement: Statement) -> str:
    """The measure of a statement's figure; growth_rate for a percentage whose own words before
    it name a rate (居民消费价格涨幅回落到2.6%), whatever the verb made of it."""
    figure = statement.figure
    if statement.level:  # 增加到1300.4万标箱: the year's level, whatever the verb made of it
        return "level"
    if figure["measure"] != "growth_rate" and figure["unit"] in ("%", "％") and (
            _names_rate(text, statement) or _index_change(text, statement)):
        return "growth_rate"
    return figure["measure"]


def _clause_before(text: str, statement: Statement) -> str:
    """The words of a statement's own clause before its figure (parted at ，；、)."""
    at = int(statement.figure["start"])
    return text[max(statement.start, *(text.rfind(mark, 0, at) + 1 for mark in "，,；;、")):at]


def _names_rate(text: str, statement: Statement) -> bool:
    """Do the words of its clause before its figure name a rate (涨幅, 增速: headline.yaml, rate_words)?"""
    return any(word in _clause_before(text, statement) for word in vocabulary()["rate_words"])


def _index_change(text: str, statement: Statement) -> bool:
    """Is the statement's figure a price index's change written as a percentage (居民消费价格指数控制在
    3%以内: headline.yaml, index_rate), a growth rate whatever its verb? Not an index of the year before
    at 100 written with % (控制在103%以内: at or above ``below``)."""
    figure, rule = statement.figure, vocabulary()["index_rate"]
    if statement.indicator_id not in rule["indicators"]:  # 居民消费价格指数和城镇登记失业率均控制在3%以内: the CPI's
        return False
    try:
        small = float(figure["value"]) < rule["below"]
    except (TypeError, ValueError):
        return False
    return small and figure["unit"] in ("%", "％") and any(word in _clause_before(text, statement) for word in rule["words"])


def _row(text: str, statement: Statement, year: int, kind: str) -> dict:
    """A headline row: the statement's words (verbatim, with their span) and its figure's value."""
    figure = statement.figure
    note = ""
    if kind == "target" and figure is not None and not (figure["status"] == "target" and int(figure["period"]) >= year):
        note = (f"The extraction reads figure {figure['figure_id']} as {figure['status']} of {figure['period']}, "
                "not as a target of the report year, so no value is given.")
        figure = None
    if kind == "target":
        status = "target"
    elif figure is not None:
        status = figure["status"]
    else:
        sentence = text[_sentence_bounds(text, statement.start)[0]:statement.end]
        status = "estimate" if any(word in sentence for word in vocabulary()["estimate_words"]) else "actual"
    row = {"indicator_id": statement.indicator_id, "year": year, "status": status, "value": "", "unit": "", "qualifier": "",
           "measure": "", "direction": "", "figure_id": "", "text": text[statement.start:statement.end], "start": statement.start, "end": statement.end,
           "note": note}
    if figure is not None:
        row.update(year=int(figure["period"]), value=figure["value"], unit=figure["unit"], qualifier=figure["qualifier"],
                   measure=figure["measure"], direction=figure["direction"], figure_id=figure["figure_id"])
        if statement.others:
            row["note"] = "The item states more than one figure; the others: " + ", ".join(statement.others)
        if statement.level:
            row.update(measure="level")
        elif _measure(text, statement) != figure["measure"]:
            # The row restates its figure; a panel compares it as the growth rate it is.
            row.update(compared_measure="growth_rate", compared_direction="up")
            said = ("Its words name a rate (涨幅, 增速): compared as a growth rate." if _names_rate(text, statement)
                    else "Its words name a price index in percent (居民消费价格指数控制在3%以内): compared as its growth rate.")
            row["note"] = " ".join(filter(None, [row["note"], said]))
    elif not note:
        row["note"] = "Stated in words only; the report gives no number."
    if statement.went and figure is None:
        row["went"] = True  # words of how it went: a result in words, its outcome unclear
    return row


def _public(row: dict) -> dict:
    return {key: row.get(key, "") for key in PUBLIC}
