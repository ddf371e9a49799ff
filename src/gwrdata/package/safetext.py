"""Curated text that is safe in a CSV and in a spreadsheet.

A subject with a bare CR splits its row for a careless reader; a title starting with ``=``,
``+``, ``-`` or ``@`` becomes a live formula when the CSV is opened in a spreadsheet (a
HYPERLINK that calls home, for one). Curated text is written by people, so it is checked when a
recipe is loaded; a recipe that means such text (a subject that truly starts with ``-``) lists
the leading characters it means under ``allow_leading:``. The same rule backs the validation
check ``text.no_formula_cells`` on every table of a package.
"""

from __future__ import annotations

import re

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")  # every C0 control but LF


def problem(value: str, allowed: tuple[str, ...] = ()) -> str | None:
    """Why ``value`` is unsafe curated text, or None."""
    if value[:1] in FORMULA_LEADS and value[:1] not in allowed:
        return (f"starts with {value[:1]!r}, which a spreadsheet reads as a formula; reword it, or list "
                f"{value[:1]!r} under allow_leading: in recipe.yaml if it is meant")
    control = _CONTROL.search(value)
    if control:
        return f"holds control character U+{ord(control.group()):04X} at character {control.start()}; remove it (only newlines are allowed)"
    return None


def formula_like(value: str) -> bool:
    """A cell a spreadsheet would evaluate or shift: its first character is a formula lead."""
    return value[:1] in FORMULA_LEADS
