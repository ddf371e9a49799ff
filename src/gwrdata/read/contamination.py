"""Damage a web scrape leaves in a report: injected spam, a page footer, lost characters.

Each finding is a source issue with its exact span. The extractor keeps figures and subjects
out of these spans; the source file itself is never edited (its hash is its identity).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml


@cache
def contamination_rules() -> dict:
    """The contamination vocabulary (spam, footer, mangled characters), kept as data."""
    with resources.files("gwrdata.read").joinpath("data", "contamination.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_HARD_STOP = set("\n\r。!?;!?;")


@dataclass(frozen=True)
class SourceIssue:
    kind: str          # spam | footer | mangled_character | markup
    start: int
    end: int
    mention: str
    rule: str
    note: str


def find_spam(text: str) -> list[SourceIssue]:
    """Grow each repeated foreign-topic keyword to the longest string shared by all its hits."""
    rules = contamination_rules()
    max_length = rules["spam_max_length"]
    spans: set[tuple[int, int]] = set()
    for keyword in rules["spam_keywords"]:
        if keyword not in text:   # most keywords never occur: one fast substring test each
            continue
        hits = [m.start() for m in re.finditer(re.escape(keyword), text)]
        if len(hits) < rules["spam_min_occurrences"]:
            continue
        # Left while every hit has the same character before it, then right likewise, as long
        # as the span stays shorter than spam_max_length and inside the text.
        room = max(0, max_length - len(keyword))
        left = _shared_run([text[max(0, h - room):h][::-1] for h in hits])
        starts = [h - left for h in hits]
        room = max(0, max_length - len(keyword) - left)
        ends = [h + len(keyword) for h in hits]
        right = _shared_run([text[e:e + room] for e in ends])
        spans.update((s, e + right) for s, e in zip(starts, ends))
    # Keep the widest span where keywords of one spam string gave nested spans.
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda s: (s[0], -s[1])):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    count = len(merged)
    return [
        SourceIssue("spam", s, e, text[s:e], "repeated foreign-topic string",
                    f"injected web spam, one of {count} identical occurrences; it stands where a word of the report was lost")
        for s, e in merged
    ]


def _shared_run(ways: list[str]) -> int:
    """How many characters all ``ways`` share from their start, up to a hard stop.

    Each way is the text read away from one hit (backwards on the left), as far as the span may
    grow; the shortest one ends at the edge of the text. One common-prefix comparison replaces
    a walk that built the set of the next characters of all hits at every step.
    """
    common = os.path.commonprefix(ways)
    for count, char in enumerate(common):
        if char in _HARD_STOP:
            return count
    return len(common)


def find_footer(text: str) -> list[SourceIssue]:
    """The trailing block of short lines that carry web-footer markers, after some report text."""
    rules = contamination_rules()
    markers = rules["footer_markers"]
    lines = _last_lines(text, rules["footer_max_lines"])
    offset = len(text)
    start = None
    hits = 0
    for count, line in enumerate(reversed(lines)):
        if count >= rules["footer_max_lines"]:
            break
        found = sum(1 for marker in markers if marker in line)
        if not line.strip():
            offset -= len(line)
            continue
        if not found or len(line) > rules["footer_max_line_chars"]:
            break  # a long line is report prose even when it names an address or a phone
        hits += found
        offset -= len(line)
        start = offset
    if start is None or hits < rules["footer_min_markers"] or not text[:start].strip():
        return []  # a footer is a tail after the report, never the whole text
    end = len(text.rstrip())
    return [SourceIssue("footer", start, end, text[start:end], "web footer markers",
                        f"web page footer ({hits} footer markers such as 版权所有, 邮编, ICP备); not part of the report")]


def _last_lines(text: str, count: int) -> list[str]:
    """``text.splitlines(keepends=True)[-count:]`` without splitting the whole text.

    Only a tail is split, grown until it holds one line more than asked: its first line may
    be cut (even between \\r and \\n), the ones after it are whole.
    """
    if count <= 0:
        return []
    size = 4096
    while True:
        start = max(0, len(text) - size)
        lines = text[start:].splitlines(keepends=True)
        if start == 0 or len(lines) > count:
            return lines[-count:]
        size *= 4


def find_mangled(text: str) -> list[SourceIssue]:
    issues = []
    for char in contamination_rules()["mangled_characters"]:
        for match in re.finditer(re.escape(char), text):
            i = match.start()
            if char == "?":
                near = text[max(0, i - 1):i] + text[i + 1:i + 3]
                if not _CJK.search(near):
                    continue
            issues.append(SourceIssue(
                "mangled_character", i, i + 1, char, "lost character marker",
                f"U+{ord(char):04X} beside Chinese text: a character was lost in conversion",
            ))
    return issues


def find_lost_numbers(text: str) -> list[SourceIssue]:
    """Numbers a converter replaced by its template ($1.$2): their digits are not the report's."""
    return [SourceIssue("mangled_character", m.start(), m.end(), m.group(), "lost number",
                        "a converter's template stands where a number was: the number is lost")
            for m in re.finditer(contamination_rules()["lost_number"], text)]


def find_issues(text: str) -> list[SourceIssue]:
    issues = find_spam(text) + find_footer(text) + find_mangled(text) + find_lost_numbers(text)
    return sorted(issues, key=lambda issue: (issue.start, issue.end, issue.kind))
