"""A report published as Markdown: read it without its syntax, publish offsets into the original.

Reports are often published (and mirrored) as Markdown: a YAML front matter between ``---``
lines, ``**bold**`` headings, ``## `` headings, list markers and backslash escapes. The
extractor reads a plain view in which that syntax is gone, so ``**一、2023年工作回顾**`` is the
heading line ``一、2023年工作回顾`` and ``增长**5%**`` reads as ``增长5%``. Each character of the
view remembers the offsets it came from (the same index as ``markup.strip`` gives), so every
span is mapped back to the file the user gave, where ``text[start:end] == mention`` holds.

The front matter is metadata of the file, not the report: it is left out of the view, and
its lines that hold digits are returned so that they can be listed as exclusions (every digit
of the file is accounted for).
"""

from __future__ import annotations

import re

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(?:.*?\r?\n)??---[ \t]*(?:\r?\n|\Z)", re.S)
# Syntax to leave out of the view: emphasis runs, a heading's hashes, a block quote's or a
# bullet list's marker at the start of a line, the backslash of an escape.
_SYNTAX = re.compile(
    r"\*\*|__"
    r"|^[ \t]{0,3}#{1,6}[ \t]+"
    r"|^[ \t]{0,3}>[ \t]?"
    r"|^[ \t]{0,3}[-*+][ \t]+(?=\S)"
    r"|\\(?=[\\`*_{}\[\]()#+\-.!|])",
    re.M,
)
_HEADING_OR_BOLD = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+\S|\*\*[^*\n]+\*\*", re.M)


def is_markdown(text: str, name: str = "") -> bool:
    """Markdown by name (.md, .markdown) or by content: a front matter, a ``#`` heading or a
    bold run, seen in the first 200,000 characters (a plain text report has none of them)."""
    if name.lower().endswith((".md", ".markdown")):
        return True
    head = text[:200_000]
    return bool(_FRONT_MATTER.match(head)) or _HEADING_OR_BOLD.search(head) is not None


def strip(text: str) -> tuple[str, tuple[list[int], list[int]], list[tuple[int, int]]]:
    """Return (plain view, (start, end) in ``text`` of each view character, front-matter lines
    that hold a digit, as spans of ``text``)."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    digit_lines: list[tuple[int, int]] = []
    cursor = 0
    front = _FRONT_MATTER.match(text)
    if front:
        for line in re.finditer(r"[^\r\n]+", text[: front.end()]):
            if any(ch.isdigit() for ch in line.group()):
                digit_lines.append((line.start(), line.end()))
        cursor = front.end()
    for match in _SYNTAX.finditer(text, cursor):
        _copy(text, cursor, match.start(), out, starts, ends)
        cursor = match.end()
    _copy(text, cursor, len(text), out, starts, ends)
    return "".join(out), (starts, ends), digit_lines


def _copy(text: str, start: int, end: int, out: list[str], starts: list[int], ends: list[int]) -> None:
    out.append(text[start:end])
    starts.extend(range(start, end))
    ends.extend(range(start + 1, end + 1))
