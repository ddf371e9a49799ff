"""Text from data, escaped for the place it is printed: a log line, a GitHub workflow command,
Markdown, XML.

Why: cells, names and paths come from packages and catalogs that anyone can write. Printed raw, a
cell holding ``\\n::error file=…`` becomes a workflow command of its own in a CI log, a ``|`` or a
backtick breaks a job summary's table, and a control character makes JUnit XML ill-formed, so a
CI system rejects the whole report. Each output format has exactly one function here, and every
value gwrdata echoes into that format goes through it.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# XML 1.0 allows tab, LF and CR and the ranges below; anything else (NUL, ESC, U+FFFE …) is not
# well-formed, whatever the escaping.
_NOT_XML = re.compile(r"[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~&$])")


def _visible(match: re.Match) -> str:
    char = match.group()
    return _NAMED.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


def line(value: object) -> str:
    """One line of a terminal or CI log: every control character (line breaks, ESC, NUL) shown as
    an escape such as ``\\n`` or ``\\x1b``, so a value can neither start a line of its own nor
    move the cursor, colour the terminal or end the line early."""
    return _CONTROL.sub(_visible, str(value))


def github_data(value: object) -> str:
    """The message of a GitHub workflow command (after the second ``::``)."""
    return line(str(value).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def github_property(value: object) -> str:
    """A property of a GitHub workflow command (``file=``, ``title=``): ``:`` and ``,`` too."""
    return github_data(value).replace(":", "%3A").replace(",", "%2C")


def markdown(value: object) -> str:
    """Inline Markdown text (a job summary's table cell or list item): punctuation that Markdown
    or HTML would read is backslash-escaped, line breaks become spaces, control characters shown."""
    text = str(value).replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    return _MARKDOWN.sub(r"\\\1", line(text))


def xml(value: object) -> str:
    """Text that XML 1.0 can hold (ElementTree escapes ``<``, ``&`` and quotes itself): characters
    XML forbids are shown as escapes instead of making the document ill-formed."""
    return _NOT_XML.sub(_visible, str(value))
