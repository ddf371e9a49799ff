"""Text pasted from a web page: read it without its tags, publish offsets into the original.

The extractor reads a plain view of the text (tags removed, block tags as line breaks,
entities decoded) so that 增长<b>5%</b>左右 reads as 增长5%左右 and headings start their lines
again. Every character of the view remembers the offset it came from, so each span is mapped
back to the original file, where ``text[start:end] == mention`` still holds (the mention then
shows the original characters, tags included).
"""

from __future__ import annotations

import html
import re

TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)\b[^<>]{0,500}>|<!--.*?-->|<![A-Za-z][^<>]*>", re.S)
ENTITY = re.compile(r"&(#\d{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
BLOCK = {"p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
         "header", "footer", "body", "html", "head", "title", "blockquote", "pre", "td", "th"}
SKIP_CONTENT = {"script", "style"}


def has_markup(text: str) -> bool:
    return "<" in text and TAG.search(text) is not None


def strip(text: str) -> tuple[str, tuple[list[int], list[int]], list[tuple[int, int]]]:
    """Return (plain view, (start, end) in ``text`` of each view character, spans of the tags)."""
    out: list[str] = []
    index: tuple[list[int], list[int]] = ([], [])
    tags: list[tuple[int, int]] = []
    cursor = 0
    skip_until = None
    for match in TAG.finditer(text):
        if skip_until is None:
            _copy(text, cursor, match.start(), out, index)
        tags.append((match.start(), match.end()))
        closing, name = match.group(1), (match.group(2) or "").lower()
        if name in SKIP_CONTENT:
            skip_until = None if closing else name
        if skip_until is None and name in BLOCK and (not out or out[-1] != "\n"):
            out.append("\n")
            index[0].append(match.start())
            index[1].append(match.start())
        cursor = match.end()
    if skip_until is None:
        _copy(text, cursor, len(text), out, index)
    return "".join(out), index, tags


def _copy(text: str, start: int, end: int, out: list[str], index: tuple[list[int], list[int]]) -> None:
    starts, ends = index
    cursor = start
    for match in ENTITY.finditer(text, start, end):
        out.append(text[cursor:match.start()])
        starts.extend(range(cursor, match.start()))
        ends.extend(range(cursor + 1, match.start() + 1))
        decoded = html.unescape(match.group()).replace("\xa0", " ")
        out.append(decoded)
        starts.extend([match.start()] * len(decoded))
        ends.extend([match.end()] * len(decoded))
        cursor = match.end()
    out.append(text[cursor:end])
    starts.extend(range(cursor, end))
    ends.extend(range(cursor + 1, end + 1))


def remap(start: int, end: int, index: tuple[list[int], list[int]], original_length: int) -> tuple[int, int]:
    """A span of the view -> the span of the original that holds the same characters."""
    starts, ends = index
    if start >= len(starts):
        return original_length, original_length
    return starts[start], (ends[end - 1] if end > start else starts[start])


def compose(outer: tuple[list[int], list[int]], inner: tuple[list[int], list[int]]) -> tuple[list[int], list[int]]:
    """The index of a view of a view (Markdown read after its HTML tags are gone): each
    character of the inner view -> the span of the original it came from."""
    o_starts, o_ends = outer
    i_starts, i_ends = inner
    return [o_starts[s] for s in i_starts], [o_ends[e - 1] if e > 0 else o_starts[0] for e in i_ends]
