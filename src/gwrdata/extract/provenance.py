"""Provenance: every published span reproduces its mention, and every digit is accounted for.

These are the guarantees the package makes about its source text; the tests and the
validation checks both call them, so there is one definition of "accounted for".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

DIGIT = re.compile(r"[0-9０-９]")


def span_mismatches(text: str, rows: Iterable[dict]) -> list[dict]:
    """Rows whose text[start:end] is not their mention."""
    return [row for row in rows if text[int(row["start"]):int(row["end"])] != row["mention"]]


def overlapping(rows: Iterable[dict]) -> list[tuple[dict, dict]]:
    """Pairs of rows whose spans overlap (spans are half-open)."""
    ordered = sorted(rows, key=lambda r: (int(r["start"]), int(r["end"])))
    pairs = []
    for a, b in zip(ordered, ordered[1:]):
        if int(b["start"]) < int(a["end"]):
            pairs.append((a, b))
    return pairs


def uncovered_digits(text: str, rows: Iterable[dict]) -> list[int]:
    """Offsets of Arabic or full-width digits that no row's span covers."""
    covered = bytearray(len(text))
    for row in rows:
        covered[int(row["start"]):int(row["end"])] = b"\x01" * (int(row["end"]) - int(row["start"]))
    return [m.start() for m in DIGIT.finditer(text) if not covered[m.start()]]
