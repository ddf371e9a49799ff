"""Damage a web scrape leaves in a report: injected spam, a page footer, lost characters.

Each finding is a source issue with its exact span. The extractor keeps figures and subjects
out of these spans; the source file itself is never edited (its hash is its identity).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import contamination_rules

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
    spans: set[tuple[int, int]] = set()
    for keyword in rules["spam_keywords"]:
        hits = [m.start() for m in re.finditer(re.escape(keyword), text)]
        if len(hits) < rules["spam_min_occurrences"]:
            continue
        starts, ends = list(hits), [h + len(keyword) for h in hits]
        while ends[0] - starts[0] < rules["spam_max_length"]:
            if min(starts) == 0:
                break
            before = {text[s - 1] for s in starts}
            if len(before) != 1 or before & _HARD_STOP:
                break
            starts = [s - 1 for s in starts]
        while ends[0] - starts[0] < rules["spam_max_length"]:
            if max(ends) >= len(text):
                break
            after = {text[e] for e in ends}
            if len(after) != 1 or after & _HARD_STOP:
                break
            ends = [e + 1 for e in ends]
        spans.update(zip(starts, ends))
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


def find_footer(text: str) -> list[SourceIssue]:
    """The trailing block of lines that carry web-footer markers."""
    rules = contamination_rules()
    markers = rules["footer_markers"]
    lines = text.splitlines(keepends=True)
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
        if not found:
            break
        hits += found
        offset -= len(line)
        start = offset
    if start is None or hits < rules["footer_min_markers"]:
        return []
    end = len(text.rstrip())
    return [SourceIssue("footer", start, end, text[start:end], "web footer markers",
                        f"web page footer ({hits} footer markers such as 版权所有, 邮编, ICP备); not part of the report")]


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


def find_issues(text: str) -> list[SourceIssue]:
    issues = find_spam(text) + find_footer(text) + find_mangled(text)
    return sorted(issues, key=lambda issue: (issue.start, issue.end, issue.kind))
