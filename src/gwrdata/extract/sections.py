"""A report's structure: parts and chapters, and which year and status each speaks of.

A report for year Y reviews Y-1 and plans Y, and says which is which only in its headings, so
the period and status of a figure start from the section it stands in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gwrdata.extract.lexicon import section_rules
from gwrdata.extract.numbers import parse_chinese

_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")


@dataclass(frozen=True)
class Section:
    section_id: str
    level: str          # preamble | part | chapter | body
    number: int
    title_zh: str
    kind: str           # review | plan | preamble | unstructured
    period: int
    start: int
    end: int
    parent_id: str


def _kind(title: str, year: int, previous: str) -> tuple[str, int]:
    rules = section_rules()
    stated = _YEAR.search(title)
    stated_year = int(stated.group(1)) if stated else None
    if any(marker in title for marker in rules["review_markers"]):
        return "review", stated_year or year - 1
    if any(marker in title for marker in rules["plan_markers"]):
        return "plan", stated_year or year
    if stated_year is not None:
        return ("review" if stated_year < year else "plan"), stated_year
    # An unmarked part continues the story: after a plan part, it is plan too.
    if previous == "plan":
        return "plan", year
    return "review", year - 1


def find_sections(text: str, year: int, end: int | None = None) -> tuple[list[Section], bool]:
    """Return (sections, headed). ``headed`` is False when the report has no part headings."""
    rules = section_rules()
    limit = len(text) if end is None else end
    part_re = re.compile(rules["part_heading"], re.M)
    chapter_re = re.compile(rules["chapter_heading"], re.M)
    parts = _line_matches(part_re, text, 0, limit)
    if not parts:
        return _unheaded(text, year, limit), False

    sections: list[Section] = []
    if parts[0][0] > 0:
        sections.append(Section("preamble", "preamble", 0, "", "preamble", year - 1, 0, parts[0][0], ""))
    previous = ""
    for index, (part_start, part) in enumerate(parts):
        part_end = parts[index + 1][0] if index + 1 < len(parts) else limit
        number = int(parse_chinese(part.group(1)))
        title = part.group(2).strip()
        kind, period = _kind(title, year, previous)
        previous = kind
        part_id = f"p{number}"
        sections.append(Section(part_id, "part", number, title, kind, period, part_start, part_end, ""))
        chapters = _line_matches(chapter_re, text, part_start, part_end)
        for c_index, (c_start, chapter) in enumerate(chapters):
            c_end = chapters[c_index + 1][0] if c_index + 1 < len(chapters) else part_end
            c_number = int(parse_chinese(chapter.group(1)))
            sections.append(Section(
                f"{part_id}c{c_number}", "chapter", c_number, chapter.group(2).strip(), kind, period,
                c_start, c_end, part_id,
            ))
    return sections, True


def _line_matches(pattern: re.Pattern, text: str, pos: int, endpos: int) -> list[tuple[int, re.Match]]:
    """(start, match) for each match of a heading pattern, as ``finditer`` finds them.

    A heading pattern starts with ``^`` (multiline): it can only match where a line starts.
    re would still try it at every offset of the text, which cost as much as the rest of the
    structure. Searching instead for the newline before a line start plus the rest of the
    pattern lets re jump from newline to newline; that match starts one character early, hence
    the separate start. A pattern of another shape (no leading ``^``, or any ``|`` that could
    make an alternative unanchored), or one that matches empty, is left to ``finditer``.
    """
    source = pattern.pattern
    if not isinstance(source, str) or not source.startswith("^") or "|" in source:
        return [(m.start(), m) for m in pattern.finditer(text, pos, endpos)]
    after_newline = re.compile(r"\n" + source[1:], pattern.flags)   # an escape: also right under re.X
    found: list[tuple[int, re.Match]] = []
    cursor = pos
    while cursor <= endpos:
        match = pattern.match(text, cursor, endpos)   # a heading right at the cursor
        if match:
            start = cursor
        else:
            match = after_newline.search(text, cursor, endpos)
            if not match:
                break
            start = match.start() + 1
        if match.end() == start:   # an empty match: finditer's rules for those apply
            return [(m.start(), m) for m in pattern.finditer(text, pos, endpos)]
        found.append((start, match))
        cursor = match.end()
    return found


def _unheaded(text: str, year: int, limit: int) -> list[Section]:
    """No numbered parts: fall back on unnumbered review/plan lines, else one body section."""
    rules = section_rules()
    marks = []
    for kind, key in (("review", "review_lines"), ("plan", "plan_lines")):
        for pattern in rules[key]:
            for match in re.finditer(pattern, text[:limit], re.M):
                marks.append((match.start(), kind))
    marks.sort()
    if not marks:
        return [Section("body", "body", 0, "", "unstructured", year, 0, limit, "")]
    sections = []
    if marks[0][0] > 0:
        sections.append(Section("preamble", "preamble", 0, "", "preamble", year - 1, 0, marks[0][0], ""))
    for index, (start, kind) in enumerate(marks):
        end = marks[index + 1][0] if index + 1 < len(marks) else limit
        line_end = text.find("\n", start)
        title = text[start:line_end if line_end >= 0 else end].strip()[:40]
        sections.append(Section(f"p{index + 1}", "part", index + 1, title, kind,
                                year - 1 if kind == "review" else year, start, end, ""))
    return sections


class SectionIndex:
    """Innermost section at an offset, in O(log n)."""

    def __init__(self, sections: list[Section]):
        import bisect

        self._bisect = bisect
        ordered = sorted(sections, key=lambda s: (s.start, 0 if s.level in ("part", "preamble", "body") else 1))
        self._starts = [s.start for s in ordered]
        self._sections = ordered

    def at(self, offset: int) -> Section | None:
        i = self._bisect.bisect_right(self._starts, offset) - 1
        while i >= 0:
            section = self._sections[i]
            if section.start <= offset < section.end:
                return section
            i -= 1
        return None
