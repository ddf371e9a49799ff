"""A report's year as its own text says it, so that a misfiled report is noticed, not trusted.

A manifest dates a report by its file name (the year it is delivered in: it reviews Y-1 and
plans Y), and file names are sometimes wrong: a mirror may file a province's reports one year
early for a decade, or a city's report under the year it reviews. Every figure's period is
derived from that year, so one wrong year shifts a whole report's targets and results by a
year. The text says its year in several ways, and they are not equally reliable:

1. ``date_line``: the date of the congress session in the title block (——2024年1月15日在
   沈阳市第十七届人民代表大会第三次会议上, in Arabic or Chinese numerals). A session held in
   November or December meets for the next year, whose plan it presents.
2. ``heading``: a year in the title block without the session's words (2024年政府工作报告,
   二〇二四年一月十五日, a bare date beside the speaker's name). A mirror or a web page may have
   added it, so the body's statements overrule it when several agree on another year.
3. The body's statements, each a vote: ``plan_year`` (2024年经济社会发展的主要预期目标,
   2024年工作安排: Y itself), ``review_year`` (2023年工作回顾, 刚刚过去的2023年: Y-1, a vote for
   Y) and ``five_year_plan`` (今年是“十四五”开局之年: 2021). The year with most votes wins; a
   tie decides nothing.

Front matter and HTML comments are masked first: they are a mirror's or a web page's words (a
page title, a newspaper's publication time, a photo caption), not the report's, and a page's
later date must not date the report. ``check`` compares the result with a manifest's year and
says what to do: keep it, date by the text, or keep it for want of evidence.

The vocabulary is genre data in ``data/dating.yaml``; nothing here knows one report.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from gwrdata.extract.lexicon import dating_rules, longest_first
from gwrdata.extract.numbers import WIDE_DIGITS

EVIDENCE = ("date_line", "heading", "plan_year", "review_year", "five_year_plan", "conflict", "none")
BODY_KINDS = ("plan_year", "review_year", "five_year_plan")


@dataclass(frozen=True)
class Vote:
    """One statement of the text and the report year it implies."""

    year: int
    kind: str       # one of EVIDENCE[:5]
    start: int
    end: int
    words: str      # text[start:end]


@dataclass(frozen=True)
class Dating:
    """The year a report's text says it is for, and the words that decided it.

    ``year`` is None when the text gives no usable year (``evidence`` ``none``) or its
    statements split evenly (``conflict``). ``start``/``end`` locate the deciding words
    (-1 when nothing decided). ``delivered`` is the calendar year of the session's date when
    the title block gives one (it differs from ``year`` for a session in November or
    December). ``votes`` are all the statements found, in text order; ``alternatives`` the
    other years the body's statements name, with their counts, most first.
    """

    year: int | None
    evidence: str
    start: int = -1
    end: int = -1
    words: str = ""
    delivered: int | None = None
    votes: tuple[Vote, ...] = ()
    alternatives: tuple[tuple[int, int], ...] = ()


class Check(NamedTuple):
    status: str          # agrees | differs | undecided
    year: int            # the year to date the report by
    reason: str


# ---------------------------------------------------------------- patterns


_MASK = "\x00"   # what masked characters become: matched by no pattern's words or spaces
_SPACE = "[ \t\u3000]*"


@cache
def _compiled() -> dict:
    rules = dating_rules()
    zeros, digits = rules["zeros"], rules["numeral_digits"]
    numeral = re.escape(zeros + digits)
    arabic = r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])"
    chinese = rf"(?<![{numeral}十])[一二][{numeral}]{{3}}(?![{numeral}十])"
    year = rf"(?P<year>{arabic}|{chinese}){_SPACE}"
    ending = re.escape(rules["not_before_year"])
    stated = rf"(?<![{ending}]){year}"
    small = rf"[0-9]{{1,2}}|[{numeral}十]{{1,3}}"
    fyp = rules["five_year_plan"]
    plans = "|".join(map(re.escape, longest_first(fyp["plans"])))
    plan = rf"[“‘\"]?(?<![{numeral}十第])(?P<plan>{plans})(?![{numeral}十])[”’\"]?"
    plan_first = "".join(sorted({name[0] for name in fyp["plans"]}))
    ordinal = rf"(?P<ordinal>{'|'.join(map(re.escape, longest_first(fyp['ordinals'])))})"
    five_year = [(int(item["offset"]), re.compile(item["pattern"].replace("{FYP}", plan).replace("{ORD}", ordinal)))
                 for item in fyp["statements"]]
    statements = [("plan_year", 0, re.compile(p.replace("{YEAR}", stated))) for p in rules["plan_year"]]
    statements += [("review_year", 1, re.compile(p.replace("{YEAR}", stated))) for p in rules["review_year"]]
    return {
        "front_matter": re.compile(rules["front_matter"], re.S),
        "comment": re.compile(rules["comment"], re.S),
        "address": re.compile(rules["address"]),
        "year": re.compile(rf"{year}年"),
        # Scans that begin with a character class (fast in the regex engine), each hit then
        # checked by the exact pattern at its place.
        "year_scan": re.compile(rf"[12一二][0-9{numeral}]{{3}}"),
        "plan_scan": re.compile(rf"[{plan_first}][一二三四五六七八九十]{{0,2}}五"),
        "date": re.compile(rf"{year}年{_SPACE}(?P<month>{small}){_SPACE}月{_SPACE}(?P<day>{small}){_SPACE}日"),
        "session": re.compile(rules["session_words"]),
        "not_date_line": re.compile(rules["not_a_date_line"], re.I),
        "title": re.compile(rules["title_words"]),
        "only_year": re.compile(rf"[\s*#—\-（(【\[]*{year}年?[\s*）)】\]]*"),
        "plan_heading": re.compile(rules["plan_heading"].replace("{YEAR}", stated), re.M),
        "not_plan_heading": re.compile(rules["not_plan_heading"]),
        "statements": statements,
        "heading_max_chars": int(rules["heading_max_chars"]),
        "reach": tuple(rules["statement_reach"]),
        "five_year_plan": five_year,
        "plan_name": re.compile(plan),
        "plan_reach": tuple(fyp["reach"]),
        "digit_values": {**{z: 0 for z in zeros}, **{d: i + 1 for i, d in enumerate(digits)}},
    }


def _number(written: str) -> int:
    """1998, 一九九八, 二〇二四 (a digit per place), 十二, 二十一 (a month or day)."""
    if written.isdigit():
        return int(written)
    values = _compiled()["digit_values"]
    if "十" not in written:
        return int("".join(str(values[ch]) for ch in written))
    tens, _, units = written.partition("十")
    return (values[tens] if tens else 1) * 10 + (values[units] if units else 0)


def _masked(text: str) -> tuple[str, int]:
    """The text with front matter and comments masked (offsets kept), and where it begins.

    Full-width digits are read as ASCII (one character for one, so offsets hold).
    """
    c = _compiled()
    masked = text.translate(WIDE_DIGITS)
    front = c["front_matter"].match(masked)
    begin = front.end() if front else 0
    spans = ([front.span()] if front else []) + [m.span() for m in c["comment"].finditer(masked, begin)]
    if not spans:
        return masked, begin
    pieces, last = [], 0
    for start, end in spans:
        pieces += [masked[last:start], re.sub(r"[^\n]", _MASK, masked[start:end])]
        last = end
    pieces.append(masked[last:])
    return "".join(pieces), begin


def _head(text: str, begin: int) -> int:
    """Where the title block ends: at the address that opens the speech, or a fixed length."""
    rules = dating_rules()
    match = _compiled()["address"].search(text, begin, begin + int(rules["head_max_chars"]))
    return match.start() if match else min(len(text), begin + int(rules["head_fallback_chars"]))


def _line_start(text: str, at: int) -> int:
    return text.rfind("\n", 0, at) + 1


def _line(text: str, start: int, end: int) -> str:
    stop = text.find("\n", end)
    return text[_line_start(text, start): len(text) if stop < 0 else stop]


def _clause(text: str, start: int, end: int, gap: int, lo: int) -> str:
    """Up to ``gap`` characters either side of a span, cut at a sentence end."""
    before = text[max(lo, start - gap): start]
    after = text[end: end + gap]
    before = before[before.rfind("。") + 1:]
    cut = after.find("。")
    return before + text[start:end] + (after if cut < 0 else after[:cut])


# ---------------------------------------------------------------- evidence


def _title_block(text: str, masked: str, begin: int, head_end: int) -> list[tuple[Vote, int | None]]:
    """Date lines and headings of the title block: (vote, month of the date or None)."""
    rules = dating_rules()
    c = _compiled()
    found: list[tuple[Vote, int | None]] = []
    taken: set[int] = set()
    for match in c["date"].finditer(masked, begin, head_end):
        if c["not_date_line"].search(_line(masked, match.start(), match.end())):
            continue
        year, month = _number(match.group("year")), _number(match.group("month"))
        if not (1 <= month <= 12 and 1 <= _number(match.group("day")) <= 31):
            continue
        clause = _clause(masked, match.start(), match.end(), int(rules["session_gap"]), begin)
        kind = "date_line" if c["session"].search(clause) else "heading"
        found.append((Vote(year, kind, match.start(), match.end(), text[match.start():match.end()]), month))
        taken.add(match.start())
    for match in c["year"].finditer(masked, begin, head_end):
        if match.start() in taken:
            continue
        line = _line(masked, match.start(), match.end())
        if c["not_date_line"].search(line):
            continue
        if c["title"].search(line) or c["only_year"].fullmatch(line):
            year = _number(match.group("year"))
            found.append((Vote(year, "heading", match.start(), match.end(), text[match.start():match.end()]), None))
    return sorted(found, key=lambda item: item[0].start)


def _tokens(scan: re.Pattern, exact: re.Pattern, text: str, begin: int):
    """The matches of ``exact`` that begin where ``scan`` finds a candidate."""
    for hit in scan.finditer(text, begin):
        match = exact.match(text, hit.start())
        if match:
            yield match


def _body(text: str, masked: str, begin: int) -> list[Vote]:
    """Statements that name the plan year, the review year, or a year of a five-year plan.

    Every statement but the five-year plan's names a year, so each pattern is tried only in a
    window around a year (one scan for years, then short searches), not over the whole text.
    """
    c = _compiled()
    fyp = dating_rules()["five_year_plan"]
    before, after = c["reach"]
    votes: list[Vote] = []
    for token in _tokens(c["year_scan"], c["year"], masked, begin):
        at = token.start()
        line_start = _line_start(masked, at)
        heading = c["plan_heading"].match(masked, line_start, token.end() + after)
        if heading and heading.start("year") == at:
            line = _line(masked, at, heading.end()).strip(" \t\u3000*#")
            if len(line) <= c["heading_max_chars"] and not c["not_plan_heading"].search(line):
                start, end = heading.start("year"), heading.end()
                votes.append(Vote(_number(token.group("year")), "plan_year", start, end, text[start:end]))
                continue
        for kind, shift, pattern in c["statements"]:
            match = next((m for m in pattern.finditer(masked, max(begin, at - before), token.end() + after)
                          if m.start("year") == at), None)
            if match:
                year = _number(match.group("year")) + shift
                votes.append(Vote(year, kind, match.start(), match.end(), text[match.start():match.end()]))
                break
    before, after = c["plan_reach"]
    for token in _tokens(c["plan_scan"], c["plan_name"], masked, begin):
        for offset, pattern in c["five_year_plan"]:
            match = next((m for m in pattern.finditer(masked, max(begin, token.start() - before), token.end() + after)
                          if m.start("plan") == token.start("plan")), None)
            if match:
                place = fyp["ordinals"][match.group("ordinal")] if "ordinal" in pattern.groupindex else 4
                year = fyp["plans"][match.group("plan")] + place + offset
                votes.append(Vote(year, "five_year_plan", match.start(), match.end(), text[match.start():match.end()]))
                break
    return sorted(votes, key=lambda vote: vote.start)


def _session_year(vote: Vote, month: int | None, body: list[Vote]) -> int:
    """A session in November or December plans the next year, unless the body says its own.

    Only statements that write their year count here: in a speech of December, 今年 is the
    year it is delivered in, not the year it plans.
    """
    if month not in dating_rules()["next_year_months"]:
        return vote.year
    written = Counter(v.year for v in body if v.kind in ("plan_year", "review_year"))
    return vote.year if written[vote.year] > written[vote.year + 1] else vote.year + 1


def _decided(kind: str, year: int, vote: Vote, delivered: int | None, votes, tally: Counter) -> Dating:
    others = tuple((y, n) for y, n in sorted(tally.items(), key=lambda item: (-item[1], item[0])) if y != year)
    return Dating(year, kind, vote.start, vote.end, vote.words, delivered, tuple(votes), others)


def report_year(text: str) -> Dating:
    """The year ``text`` says it is the report of, with the deciding evidence and its span."""
    masked, begin = _masked(text)
    head_end = _head(masked, begin)
    block = _title_block(text, masked, begin, head_end)
    body = _body(text, masked, begin)
    votes = sorted([vote for vote, _ in block] + body, key=lambda vote: vote.start)
    tally = Counter(vote.year for vote in body)
    ranked = tally.most_common()
    winner = ranked[0][0] if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]) else None

    lines = [(vote, month) for vote, month in block if vote.kind == "date_line"]
    if lines:
        vote, month = lines[0]
        return _decided("date_line", _session_year(vote, month, body), vote, vote.year, votes, tally)
    if block:
        vote, month = block[0]
        year = _session_year(vote, month, body)
        delivered = vote.year if month else None
        overrule = int(dating_rules()["body_overrules_heading"])
        if winner is None or winner == year or tally[winner] < overrule or tally[winner] <= tally[year]:
            return _decided("heading", year, vote, delivered, votes, tally)
        return _by_body(winner, body, votes, tally, None)   # the heading's date is not believed
    if winner is not None:
        return _by_body(winner, body, votes, tally, None)
    if ranked:
        alternatives = tuple(sorted(tally.items(), key=lambda item: (-item[1], item[0])))
        return Dating(None, "conflict", votes=tuple(votes), alternatives=alternatives)
    return Dating(None, "none", votes=tuple(votes))


def _by_body(year: int, body: list[Vote], votes, tally: Counter, delivered: int | None) -> Dating:
    for kind in BODY_KINDS:
        chosen = next((vote for vote in body if vote.year == year and vote.kind == kind), None)
        if chosen:
            return _decided(kind, year, chosen, delivered, votes, tally)
    raise AssertionError("a winning year has a vote")  # pragma: no cover


# ---------------------------------------------------------------- against a manifest


_SAYS = {
    "date_line": "the session's date line",
    "heading": "the title block",
    "plan_year": "a plan-year statement",
    "review_year": "a review-year statement",
    "five_year_plan": "a five-year plan's year",
}


def _quote(dating: Dating) -> str:
    words = " ".join(dating.words.split())
    return f"{_SAYS[dating.evidence]} «{words[:40]}» at {dating.start}"


def check(year_in_manifest: int, dating: Dating) -> Check:
    """Compare a manifest's year with the text's: (status, year to date by, reason).

    ``agrees``: the text says the manifest's year (or the manifest dates a November or
    December session by its delivery, the text by the year it plans). ``differs``: the text
    says another year; date the report by the text, for the reason given. ``undecided``: the
    text gives no usable year; the manifest's year is kept, and the reason says so.
    """
    if dating.year is None:
        if dating.evidence == "conflict":
            split = ", ".join(f"{year} ({count})" for year, count in dating.alternatives)
            why = f"the text's statements split evenly between {split}"
        else:
            why = "the text names no year of its own (no date line, heading, plan or review year)"
        return Check("undecided", year_in_manifest, f"{why}; the manifest's {year_in_manifest} is kept")
    says = f"{_quote(dating)} dates it {dating.year}"
    if dating.year == year_in_manifest:
        return Check("agrees", year_in_manifest, says)
    if dating.delivered == year_in_manifest and dating.year == year_in_manifest + 1:
        return Check("agrees", year_in_manifest,
                     f"{says}: delivered late in {year_in_manifest} at the session for {dating.year}, "
                     "the manifest dates it by its delivery")
    against = ""
    supporting = dict(dating.alternatives).get(year_in_manifest)
    if supporting:
        against = f" (statements of the body for {year_in_manifest}: {supporting})"
    return Check("differs", dating.year,
                 f"{says}, not the manifest's {year_in_manifest}{against}; dated by the text")
