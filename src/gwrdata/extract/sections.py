"""A report's structure: its parts and chapters, and which years and status each speaks of.

A report for year Y reviews Y-1 (or a five-year term) and plans Y (or five years ahead), and
says which is which in its headings, in the words that open an unheaded part (过去一年…,
今年是…), or only sentence by sentence. This module finds the parts: from heading lines in any
of the forms reports use (一、…, "一 …", bold or ``##`` lines once Markdown is read, unnumbered
short lines), from a heading's words and years (a year before Y reviews, Y plans; 十三五 /
过去五年 review a term, 十四五 / 今后五年 plan one; a heading may name two, as in
"2020年和“十三五”时期工作回顾", and its paragraphs then say where the second begins), and
from cues that open paragraphs where no heading says it. Every part records how it was
decided (``decided_by``), so a reader can see why a figure got its period, and a recipe can
replace the parts by its own (curation as data).

The vocabulary is genre data in ``data/sections.yaml``; nothing here knows one report.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import cache

from gwrdata.errors import InputError
from gwrdata.extract.lexicon import introducers, section_rules
from gwrdata.extract.numbers import WIDE_DIGITS, parse_chinese

_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
_LINE = re.compile(r"[^\r\n]+")
_CJK = re.compile(r"[\u4e00-\u9fff]")

# The coarse kind every part maps to: what the rest of the pipeline (status, headline) reads.
COARSE = {
    "opening": "preamble", "review_year": "review", "review_multi_year": "review",
    "plan_year": "plan", "plan_multi_year": "plan", "self_construction": "plan",
    "closing": "plan", "appendix": "plan", "body": "unstructured",
}
PART_KINDS = tuple(COARSE)


@dataclass(frozen=True)
class Section:
    section_id: str
    level: str          # preamble | part | chapter | body
    number: int
    title_zh: str
    kind: str           # review | plan | preamble | unstructured (what a figure's status starts from)
    period: int         # the year a figure in it speaks of, unless its sentence says otherwise
    start: int
    end: int
    parent_id: str
    part_kind: str = "body"     # one of PART_KINDS
    period_from: int | None = None
    period_to: int | None = None
    decided_by: str = "default"  # heading | heading_order | cue | recipe | default


@dataclass(frozen=True)
class _Part:
    start: int
    kind: str
    period_from: int | None
    period_to: int | None
    title: str
    decided_by: str
    number: int = 0
    allowed: tuple = ()   # kinds its paragraphs may switch to by a cue


# ---------------------------------------------------------------- headings


@cache
def _compiled():
    rules = section_rules()
    fyp = rules["five_year_plans"]
    return {
        "numbered": re.compile(rules["numbered_heading"], re.M),
        "chapter": re.compile(rules["chapter_heading"], re.M),
        "fyp": re.compile("|".join(map(re.escape, sorted(fyp, key=len, reverse=True)))),
        "address": re.compile(rules["address"]),
        "closing": re.compile(rules["closing_address"]),
        "not_heading": re.compile(rules["not_heading"]),
    }


def _period(kind: str, year: int, years: list[int]) -> tuple[int | None, int | None]:
    if kind in ("review_year", "plan_year"):
        default = year - 1 if kind == "review_year" else year
        return (min(years), max(years)) if years else (default, default)
    return None, None


def classify_title(title: str, year: int, strong_only: bool = False) -> list[tuple[str, int, int]]:
    """The kinds a heading names, in the order it names them: [(kind, from, to)], [] if none.

    A year before Y is a review of it, Y a plan; a five-year plan by ordinal reviews or plans
    by its years; 过去五年 / 今后五年 name terms; without any of those, review or plan words
    decide (not when ``strong_only``: a restarting chapter's 成效显著 names no part).
    Self-construction and appendix headings are one kind each.
    """
    rules = section_rules()
    c = _compiled()
    if any(title.startswith(word) or word in title[:6] for word in rules["appendix_words"]):
        return [("appendix", None, None)]
    if any(word in title for word in rules["self_construction_words"]) and not _YEAR.search(_arabic_years(title)):
        return [("self_construction", None, None)]
    found: list[tuple[int, str, int | None, int | None]] = []
    for match in _YEAR.finditer(_arabic_years(title)):
        y = int(match.group(1))
        if y < year:
            found.append((match.start(), "review_year", y, y))
        elif y == year:
            found.append((match.start(), "plan_year", y, y))
        elif y <= year + 15 and "远景" not in title:
            found.append((match.start(), "plan_multi_year", year, y))
    for match in c["fyp"].finditer(title):
        first = rules["five_year_plans"][match.group()]
        last = first + 4
        if any(word in title[match.end():] for word in rules["fyp_first_year_words"]):
            found.append((match.start(), "review_year" if first < year else "plan_year", first, first))
        elif last < year:
            found.append((match.start(), "review_multi_year", first, last))
        elif any(word in title[match.end():] for word in rules["plan_multi_with_fyp"]):
            found.append((match.start(), "plan_multi_year", first, last))
    for word, span in rules["review_multi_words"].items():
        at = title.find(word)
        if at >= 0:
            found.append((at, "review_multi_year", year - span, year - 1))
    for word, span in rules["plan_multi_words"].items():
        at = title.find(word)
        if at >= 0:
            found.append((at, "plan_multi_year", year, year + span - 1))
    if "今年以来" in title:
        found.append((title.find("今年以来"), "review_year", year, year))
    elif "今年" in title or "明年" in title:
        found.append((title.find("今年") if "今年" in title else title.find("明年"), "plan_year", year, year))
    if not found:
        if strong_only:
            return []
        review_at = min((title.find(w) for w in rules["review_words"] if w in title), default=-1)
        plan_at = min((title.find(w) for w in rules["plan_words"] if w in title), default=-1)
        done = plan_at >= 0 and any(w in title[plan_at:] for w in rules["done_words"])
        if (review_at >= 0 and (plan_at < 0 or review_at <= plan_at)) or done:
            return [("review_year", year - 1, year - 1)]
        if plan_at >= 0:
            return [("plan_year", year, year)]
        return []
    found.sort()
    # A review word with a year that is Y only ("2024年以来工作回顾") still reviews.
    kinds: list[tuple[str, int, int]] = []
    for _, kind, first, last in found:
        for index, (k, f, t) in enumerate(kinds):
            if k == kind:
                kinds[index] = (k, min(f, first), max(t, last))
                break
        else:
            kinds.append((kind, first, last))
    if all(k == "plan_year" for k, _, _ in kinds) and any(w in title for w in rules["review_words"]) \
            and not any(w in title for w in rules["plan_words"] if w not in ("今年", "关于")):
        kinds = [("review_year", year - 1, year)]
    return kinds


_CHINESE_YEAR = re.compile(r"[一二][〇○零一二三四五六七八九]{3}(?=\s*年)")
_NUMERALS = str.maketrans("〇○零一二三四五六七八九", "00012345678" + "9")


def _arabic_years(title: str) -> str:
    """A heading with its years written in Chinese numerals (二〇〇〇年工作意见, 一九九九年) or
    full-width digits (２００８年的政府工作) as digits, character for character, so positions stay
    those of the heading."""
    return _CHINESE_YEAR.sub(lambda m: m.group().translate(_NUMERALS), title.translate(WIDE_DIGITS))


def _heading_lines(text: str, limit: int) -> list[tuple[int, str, int, str]]:
    """(start, title, number, form) for every heading-like line; number 0 when unnumbered."""
    rules = section_rules()
    c = _compiled()
    numbered_forbidden = set(rules["numbered_forbidden"])
    unnumbered_forbidden = set(rules["unnumbered_forbidden"])
    longest = rules["unnumbered_max_chars"]
    found = []
    for line in _LINE.finditer(text, 0, limit):
        raw = line.group()
        body = raw.strip(" \t\u3000")
        if not body or len(body) > 70 or c["not_heading"].search(body):
            continue
        numbered = c["numbered"].match(raw)
        if numbered:
            title = numbered.group(2).strip()
            if not (set(title.rstrip("。")) & numbered_forbidden):
                found.append((line.start(), title, int(parse_chinese(numbered.group(1))), "numbered"))
            continue
        if c["chapter"].match(raw):
            continue
        if len(body) <= longest and not (set(body) & unnumbered_forbidden) and _CJK.search(body) \
                and not body.startswith(("——", "各位代表")):
            found.append((line.start(), body, 0, "plain"))
    return found


_RUN_IN = re.compile(r"^[ \t\u3000]*([一二三四五六七八九十]{1,3})[、．.][ \t\u3000]*(\S[^\r\n]*)", re.M)
_RUN_IN_SPACE = re.compile(r"[ \t\u3000]+")


def _run_in_headings(text: str, year: int, limit: int, headings) -> list[tuple[int, str, int, str]]:
    """Numbered part headings run into their first paragraph on one line.

    Some texts lost the line break after a part heading: "二、2024年工作安排 今年是…" (a space
    between) or "二、…做好2024年各项工作今年将…" (nothing between). Such a line is too long to be a
    heading line, so the series of numbered parts misses its number. It is taken as that part's
    heading only where it fills a gap in the series (its number is no heading's, and the number
    before or after it is one, counting run-in lines already taken, or it is 一 where no heading
    line is numbered: every part heading may be run in) and its title names a kind: a title that a space ends names it by
    any heading words; a title run into its paragraph only by a year, a term, 今年 or 明年 in its
    first ``run_in_title_chars`` characters (the paragraph's own words may follow them).
    """
    rules = section_rules()
    forbidden = set(rules["numbered_forbidden"])
    numbers = Counter(number for _, _, number, form in headings if form == "numbered")
    starts = {start for start, _, _, _ in headings}
    candidates: dict[int, list[tuple[int, str, int, str]]] = {}
    for line in _RUN_IN.finditer(text, 0, limit):
        if line.start() in starts:
            continue
        try:
            number = int(parse_chinese(line.group(1)))
        except ValueError:
            continue
        if number in numbers:
            continue
        rest = line.group(2)
        space = _RUN_IN_SPACE.search(rest)
        title = rest[:space.start()] if space else rest[:rules["run_in_title_chars"]]
        cut = next((i for i, ch in enumerate(title) if ch in forbidden), len(title))
        title = title[:cut]
        if not title or len(title) > rules["run_in_title_chars"]:
            continue
        kinds = classify_title(title, year, strong_only=space is None)
        if not kinds or kinds[0][0] in ("self_construction", "appendix"):
            continue
        candidates.setdefault(number, []).append((line.start(), title, number, "numbered"))
    # One line per number; each must stand beside a number of the series, counting the run-in
    # lines already taken (every part heading of a text may be run in: **二、…** 2011年是…).
    single = {number: lines[0] for number, lines in candidates.items() if len(lines) == 1}
    series = {number for number, count in numbers.items() if count == 1}
    if not series and 1 in single:
        series = {1}
    added = []
    while True:
        fits = [n for n in single if (n - 1 in series or n + 1 in series) and single[n] not in added]
        if not fits:
            break
        for n in fits:
            added.append(single[n])
            series.add(n)
    return sorted(headings + added) if added else headings


# ---------------------------------------------------------------- cues


@cache
def _opening_cues(year: int) -> tuple[re.Pattern, dict[str, str]]:
    """One regex: the address, then any cue (longest first), at a paragraph's start."""
    rules = section_rules()
    kinds = {}
    for kind, words in rules["opening_cues"].items():
        for word in words:
            kinds[word.replace("{Y-1}", str(year - 1)).replace("{Y}", str(year))] = kind
    words = sorted(kinds, key=len, reverse=True)
    pattern = re.compile(rules["address"] + "(" + "|".join(map(re.escape, words)) + ")")
    return pattern, kinds


def paragraph_cue(paragraph: str, year: int) -> str:
    """The part a paragraph opens by its first words (after an address), '' if none."""
    pattern, kinds = _opening_cues(year)
    found = pattern.match(paragraph.lstrip(" \t\u3000").translate(WIDE_DIGITS))
    return kinds[found.group(1)] if found else ""


def _paragraphs(text: str, start: int, end: int) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in _LINE.finditer(text, start, end) if m.group().strip()]


def _default_period(kind: str, year: int) -> tuple[int | None, int | None]:
    return {
        "review_year": (year - 1, year - 1), "plan_year": (year, year),
        "review_multi_year": (year - 5, year - 1), "plan_multi_year": (year, year + 4),
    }.get(kind, (None, None))


# ---------------------------------------------------------------- parts


def _headed_parts(text: str, year: int, limit: int, headings) -> list[_Part]:
    numbered = Counter(number for _, _, number, form in headings if form == "numbered")
    parts: list[_Part] = []
    # A number used twice belongs to chapters that restart in each part: such a line is a part
    # only when it names a year or a term.
    classified = [(h, classify_title(h[1], year, h[3] == "numbered" and numbered[h[2]] > 1)) for h in headings]
    # The numbered lines are the parts' series when one of them names a year or a term (a
    # numbered 九、加强政府自身建设 among the tasks does not make the tasks parts).
    # So are they when the first of them reviews, by any words (一、过去一年工作的回顾 or
    # 一、…取得新成效, then 二、…, 三、… the year's tasks under headings that name no kind).
    series = any(h[3] == "numbered" and numbered[h[2]] == 1
                 and (any(k not in ("self_construction", "appendix") for k, _, _ in classify_title(h[1], year, True))
                      or (h[2] == 1 and kinds[0][0] in ("review_year", "review_multi_year")))
                 for h, kinds in classified if kinds)
    for (start, title, number, form), kinds in classified:
        decided = "heading"
        if not kinds:
            # In the series of numbered parts (numbers used once: not restarting chapters).
            if not (series and form == "numbered" and numbered[number] == 1):
                continue
            previous = parts[-1].kind if parts else ""
            kind = "review_year" if not parts and number == 1 else (previous if previous in ("plan_year", "plan_multi_year") else "plan_year")
            kinds = [(kind, *_default_period(kind, year))]
            decided = "heading_order"
        kind, first, last = kinds[0]
        if parts and parts[-1].kind == kind and form == "numbered" and parts[-1].number == number:
            continue
        if parts and parts[-1].kind == "appendix" and kind != "appendix":
            continue   # an appendix's own headings (2021年十件民生实事) stay in it
        allowed = {k for k, _, _ in kinds}
        if allowed & {"review_year", "review_multi_year"}:
            allowed |= {"review_year", "review_multi_year"}
        if "plan_multi_year" in allowed and not any(int(y) > year for y in _YEAR.findall(_arabic_years(title))):
            # A part on the next five years often goes on to the report year (未来五年… then a
            # paragraph opening 今年是…开局之年): 今年 is the report year there too. Not under a
            # heading that names a later year (2010年目标任务 in a text filed as 2009's: its 今年
            # is the year the heading names, and the text contradicts its filed year).
            allowed |= {"plan_year"}
        parts.append(_Part(start, kind, first, last, title, decided, number, tuple(sorted(allowed))))
    return parts


def _split_by_cues(text: str, year: int, parts: list[_Part], limit: int, opening_end: int) -> list[_Part]:
    """Where a part's paragraphs open another kind its heading named (or any kind, where no
    heading stands), a new part starts there, decided by the cue."""
    out: list[_Part] = []
    regions = [(p.start, parts[i + 1].start if i + 1 < len(parts) else limit, p) for i, p in enumerate(parts)]
    if opening_end > 0:
        regions.insert(0, (0, opening_end, None))
    for start, end, part in regions:
        if part is not None:
            out.append(part)
        current = part.kind if part else "opening"
        allowed = set(part.allowed) if part else set(PART_KINDS) - {"opening"}
        heading_line_end = text.find("\n", start) if part else start
        paragraphs = _paragraphs(text, heading_line_end if heading_line_end >= 0 else start, end)
        for index, (p_start, paragraph) in enumerate(paragraphs):
            kind = paragraph_cue(paragraph, year)
            if index == 0 and part is not None and kind in ("review_year", "plan_year") and kind != current \
                    and _opens_on_year(paragraph, year if kind == "plan_year" else year - 1) \
                    and part.decided_by == "heading" and not classify_title(part.title, year, True):
                # A heading that names its kind by a common word only (三、…在新征程上干出新成效:
                # 成效) yields to its first paragraph where that opens on the year (2023年是…开局之年).
                first, last = _default_period(kind, year)
                allowed = {kind} | ({"review_year", "review_multi_year"} if kind == "review_year" else set())
                out[-1] = replace(part, kind=kind, period_from=first, period_to=last, decided_by="cue",
                                  allowed=tuple(sorted(allowed)))
                current = kind
                continue
            if kind == "plan_year" and current == "review_year" and part is not None and index > 0 \
                    and _opens_on_year(paragraph, year):
                # The year's plan often follows the review of the year before under no heading
                # of its own (过去一年 …, then 2015年，是…关键之年 … 主要预期目标是): a paragraph that
                # opens on the report year by its number plans it (今年 may still be the year
                # reviewed, in a text written before the year turned).
                allowed = (allowed - {"review_year", "review_multi_year"}) | {"plan_year"}
            if current in ("opening", "review_year", "review_multi_year") and index > 0 \
                    and _states_targets(paragraph, year):
                # The year's targets stated in a review (the plan heading run into the paragraph
                # before, a heading that names no kind, or no heading found): the plan starts there.
                kind = "plan_year"
                allowed = (allowed - {"review_year", "review_multi_year"}) | {"plan_year"}
            if kind and kind != current and kind in allowed:
                if index == 0 and part is not None:
                    if kind not in {k for k, _, _ in classify_title(part.title, year)}:
                        continue   # the heading decides its own first paragraph
                    # The heading names two kinds and its first paragraph opens the second
                    # ("2020年及“十三五”时期工作回顾" / "“十三五”时期，…"): the part is that kind.
                    first, last = next(((f, t) for k, f, t in classify_title(part.title, year) if k == kind),
                                       _default_period(kind, year))
                    out[-1] = replace(part, kind=kind, period_from=first, period_to=last)
                else:
                    first, last = _default_period(kind, year)
                    out.append(_Part(p_start, kind, first, last, paragraph.strip()[:24], "cue", 0, tuple(allowed)))
                current = kind
    return out


@cache
def _target_statement(year: int) -> re.Pattern:
    words = introducers()
    lead = f"[^。；！？\n]{{0,{int(words['statement_lead'])}}}?"
    return re.compile(section_rules()["address"] + "(?:" + lead + words["statement"].replace("{Y}", str(year))
                      + "|" + words["list_opening"] + ")")


def _states_targets(paragraph: str, year: int) -> bool:
    """Does the paragraph open by stating the report year's targets (今年…主要预期目标是, or a
    list's introducer naming no year: 主要预期目标是：)?"""
    return _target_statement(year).match(paragraph.lstrip(" \t\u3000").translate(WIDE_DIGITS)) is not None


def _opens_on_year(paragraph: str, year: int) -> bool:
    """Does the paragraph open (after an address) on the year by its number (2015年，是…)?"""
    body = paragraph.lstrip(" \t\u3000").translate(WIDE_DIGITS)
    return re.match(section_rules()["address"] + f"{year}年", body) is not None


def _self_construction_and_closing(text: str, year: int, parts: list[_Part], limit: int, chapters_at) -> list[_Part]:
    """An unheaded self-construction block after the tasks, and the closing address."""
    rules = section_rules()
    if not parts:
        return parts
    c = _compiled()
    out = list(parts)
    kinds = {p.kind for p in parts}
    plan_indexes = [i for i, p in enumerate(out) if p.kind == "plan_year"]
    body_end = next((p.start for p in out if p.kind == "appendix"), limit)
    if plan_indexes and "self_construction" not in kinds:
        i = plan_indexes[-1]
        p_start = out[i].start
        p_end = out[i + 1].start if i + 1 < len(out) else body_end
        after = max([s for s in chapters_at if p_start <= s < p_end], default=p_start)
        for q_start, paragraph in _paragraphs(text, after, p_end):
            if q_start == after:
                continue
            head = paragraph.strip()[:40]
            body = paragraph.strip()
            body = body[c["address"].match(body).end():]
            first_sentence = re.split(r"[。！!]", body, maxsplit=1)[0]
            if len(first_sentence) > 12 and any(cue in head for cue in rules["self_construction_cues"]):
                out.insert(i + 1, _Part(q_start, "self_construction", None, None, head[:24], "cue"))
                break
    # The closing: the last paragraph that addresses the deputies, near the end of the body.
    last_part_start = max((p.start for p in out if p.kind != "appendix"), default=0)
    tail = _paragraphs(text, last_part_start, body_end)
    for q_start, paragraph in reversed(tail[-4:]):
        if c["closing"].match(paragraph.strip()) and q_start > last_part_start:
            out.append(_Part(q_start, "closing", None, None, paragraph.strip()[:24], "cue"))
            break
    out.sort(key=lambda p: p.start)
    return out


def find_sections(text: str, year: int, end: int | None = None,
                  parts: list[dict] | None = None) -> tuple[list[Section], bool]:
    """Return (sections, headed). ``headed`` is False when no part was found by a heading.

    ``parts``, when given (a recipe's parts as ``locate_parts`` returns them, ``at`` an offset
    of ``text``), replace the parts found; chapters are still read from the headings.
    """
    limit = len(text) if end is None else end
    c = _compiled()
    headings = _run_in_headings(text, year, limit, _heading_lines(text, limit))
    chapters = [(m.start(), m) for m in c["chapter"].finditer(text, 0, limit)]
    if parts is not None:
        found = _recipe_parts(text, year, parts)
        headed = True
    else:
        found = _headed_parts(text, year, limit, headings)
        headed = bool(found)
        opening_end = found[0].start if found else limit
        found = _split_by_cues(text, year, found, limit, opening_end)
        chapter_starts = [s for s, _ in chapters] + [s for s, _, n, f in headings if f == "numbered"]
        found = _self_construction_and_closing(text, year, found, limit, chapter_starts)
    return _sections(text, year, limit, found, headings, chapters), headed


def locate_parts(text: str, rows: list[dict], where: object) -> list[dict]:
    """A recipe's parts (``parts.csv``: first_chars, kind, period_from, period_to), checked and
    located in the file as the user gave it: each row gains ``at``, its offset in ``text``."""
    out = []
    for number, row in enumerate(rows, start=2):
        first = row.get("first_chars", "")
        kind = row.get("kind", "")
        if kind not in PART_KINDS:
            raise InputError(where, f"row {number}", f"kind {kind!r} is not a part kind", f"use one of {', '.join(PART_KINDS)}")
        at = text.find(first) if first else -1
        if at < 0 or text.find(first, at + 1) >= 0:
            raise InputError(where, f"row {number}", f"first_chars {first[:20]!r} is {'not in' if at < 0 else 'not unique in'} the text",
                             "quote the part's first characters exactly, enough of them to occur once")
        try:
            first_year = int(row["period_from"]) if row.get("period_from") else None
            last_year = int(row["period_to"]) if row.get("period_to") else None
        except ValueError:
            raise InputError(where, f"row {number}", "period_from and period_to must be years", "write years such as 2024, or leave them empty") from None
        out.append({"at": at, "kind": kind, "period_from": first_year, "period_to": last_year})
    return out


def _recipe_parts(text: str, year: int, rows: list[dict]) -> list[_Part]:
    out = []
    for row in rows:
        first_year, last_year = row["period_from"], row["period_to"]
        if first_year is None and last_year is None:
            first_year, last_year = _default_period(row["kind"], year)
        at = row["at"]
        title = text[at:at + 40].strip().split("\n")[0][:24]
        out.append(_Part(at, row["kind"], first_year, last_year, title, "recipe"))
    out.sort(key=lambda p: p.start)
    return out


def _part_period(part: _Part, year: int) -> int:
    """The year a figure of the part speaks of when its sentence names none: a year's review
    or plan speaks of its (first) year, a term's review of its last year before Y, a term's
    plan of its horizon; the others of Y (the opening, like a review, of Y-1)."""
    if part.kind == "review_year":
        return part.period_from if part.period_from is not None else year - 1
    if part.kind == "review_multi_year":
        return min(part.period_to if part.period_to is not None else year - 1, year - 1)
    if part.kind == "plan_multi_year":
        return part.period_to if part.period_to is not None else year
    if part.kind == "opening":
        return year - 1
    return part.period_from if part.kind == "plan_year" and part.period_from is not None else year


def _sections(text: str, year: int, limit: int, parts: list[_Part], headings, chapters) -> list[Section]:
    if not parts:
        return [Section("body", "body", 0, "", "unstructured", year, 0, limit, "", "body", None, None, "default")]
    sections: list[Section] = []
    if parts[0].start > 0:
        sections.append(Section("preamble", "preamble", 0, "", "preamble", year - 1, 0, parts[0].start, "",
                                "opening", None, None, "default"))
    part_sections: list[Section] = []
    for index, part in enumerate(parts):
        end = parts[index + 1].start if index + 1 < len(parts) else limit
        pid = f"p{index + 1}"
        number = part.number or index + 1
        part_sections.append(Section(pid, "part", number, part.title, COARSE[part.kind], _part_period(part, year),
                                     part.start, end, "", part.kind, part.period_from, part.period_to, part.decided_by))
    sections += part_sections
    starts = [p.start for p in part_sections]
    # Chapters: （一） lines, and numbered lines that are not parts themselves.
    part_starts = set(starts)
    candidates = [(s, int(parse_chinese(m.group(1))), m.group(2).strip()) for s, m in chapters]
    if not any(p.title_zh and _compiled()["numbered"].match(text, p.start) for p in part_sections if p.decided_by in ("heading", "cue")):
        candidates += [(s, n, t) for s, t, n, f in headings if f == "numbered" and s not in part_starts]
    candidates.sort()
    by_part: dict[str, list[tuple[int, int, str]]] = {}
    for start, number, title in candidates:
        i = bisect.bisect_right(starts, start) - 1
        if i < 0 or start == starts[i]:
            continue
        by_part.setdefault(part_sections[i].section_id, []).append((start, number, title))
    for i, part in enumerate(part_sections):
        items = by_part.get(part.section_id, [])
        seen: dict[str, int] = {}
        for j, (start, number, title) in enumerate(items):
            end = items[j + 1][0] if j + 1 < len(items) else part.end
            cid = f"{part.section_id}c{number}"
            seen[cid] = seen.get(cid, 0) + 1
            if seen[cid] > 1:
                cid = f"{cid}-{seen[cid]}"
            sections.append(replace(part, section_id=cid, level="chapter", number=number, title_zh=title,
                                    start=start, end=end, parent_id=part.section_id))
    sections.sort(key=lambda s: (s.start, 0 if s.level != "chapter" else 1))
    return sections


class SectionIndex:
    """Innermost section at an offset, and the part at an offset, in O(log n)."""

    def __init__(self, sections: list[Section]):
        ordered = sorted(sections, key=lambda s: (s.start, 0 if s.level in ("part", "preamble", "body") else 1))
        self._starts = [s.start for s in ordered]
        self._sections = ordered
        parts = [s for s in ordered if s.level != "chapter"]
        self._part_starts = [s.start for s in parts]
        self._parts = parts

    def at(self, offset: int) -> Section | None:
        i = bisect.bisect_right(self._starts, offset) - 1
        while i >= 0:
            section = self._sections[i]
            if section.start <= offset < section.end:
                return section
            i -= 1
        return None

    def part_at(self, offset: int) -> Section | None:
        i = bisect.bisect_right(self._part_starts, offset) - 1
        if i >= 0 and self._parts[i].start <= offset < self._parts[i].end:
            return self._parts[i]
        return None
