"""Provenance: every published span is the source's own characters, and every digit is accounted for."""

from __future__ import annotations

import numpy as np
import pandas as pd

from gwrdata.extract.provenance import DIGIT
from gwrdata.read.source import sha256_bytes
from . import Failure, check, line
from .arrays import char_mask, codepoints, span_bounds

SPAN_TABLES = ("figures", "exclusions", "source_issues")


@check("provenance.source_hash", "provenance", "The source file's SHA-256 matches the one the package records for it.")
def source_hash(pkg):
    actual = sha256_bytes(pkg.source_bytes)
    recorded = {"descriptor resource hash": pkg.source_resource.get("hash", "").removeprefix("sha256:"),
                "gwrdata.source_sha256": pkg.descriptor.get("gwrdata", {}).get("source_sha256", "")}
    failures = [Failure("provenance.source_hash", "source_text", None, where, value,
                        f"the source file's SHA-256 is {actual}, the package records {value}")
                for where, value in recorded.items() if value and value != actual]
    return len(recorded), failures


@check("provenance.spans", "provenance", "For every figure, exclusion, source issue and headline text: source[start:end] == mention (or text).")
def spans(pkg):
    failures, checked = [], 0
    for resource, column in pkg.span_tables():
        table = pkg.table(resource)
        present = ~((table["start"] == "") & (table["end"] == ""))
        checked += int(present.sum())
        for i in table.index[present & _misquoted(pkg.text, table, column)]:
            start, end, mention = table.at[i, "start"], table.at[i, "end"], table.at[i, column]
            got = pkg.text[int(start):int(end)] if start.isdigit() and end.isdigit() else ""
            failures.append(Failure("provenance.spans", resource, line(i), column, mention,
                                    f"source[{start}:{end}] is {got!r}", pkg.quote_span(start, end)))
    return checked, failures


def _misquoted(text: str, table, column: str) -> np.ndarray:
    """Rows whose start/end are not digits or whose source[start:end] is not the row's text.

    Slicing stays a Python list comprehension (there is no vectorised per-row slice), but the
    comparison and the bookkeeping around it are whole-column operations.
    """
    digits = (table["start"].str.isdigit() & table["end"].str.isdigit()).to_numpy(dtype=bool)
    starts, ends = span_bounds(table["start"][digits], table["end"][digits])
    got = np.array([text[s:e] for s, e in zip(starts.tolist(), ends.tolist())], dtype=object)
    bad = ~digits
    bad[digits] = got != table[column][digits].to_numpy(dtype=object)
    return bad


def _spans(pkg) -> pd.DataFrame:
    """Figure and exclusion spans with digit offsets, in table order: figures first, then exclusions."""
    frames = []
    for resource in ("figures", "exclusions"):
        table = pkg.table(resource)
        digits = (table["start"].str.isdigit() & table["end"].str.isdigit()).to_numpy(dtype=bool)
        start, end = table["start"][digits], table["end"][digits]
        starts, ends = span_bounds(start, end)
        text = table["report_id"][digits].to_numpy() if "report_id" in table.columns else ""  # a panel: whose text
        frames.append(pd.DataFrame({"resource": resource, "index": start.index, "start": starts, "end": ends,
                                    "start_text": start.to_numpy(), "end_text": end.to_numpy(),
                                    "mention": table["mention"][digits].to_numpy(), "text": text}))
    return pd.concat(frames, ignore_index=True)


@check("provenance.no_overlap", "provenance", "No two figure or exclusion spans of one text overlap (each character is read once).")
def no_overlap(pkg):
    rows = _spans(pkg)
    return len(rows), [Failure("provenance.no_overlap", b["resource"], line(b["index"]), "start", b["start_text"],
                               f"overlaps {a['resource']} {a['mention']!r} at {a['start_text']}–{a['end_text']}",
                               pkg.quote_span(b["start_text"], b["end_text"]))
                       for a, b in _overlapping(rows)]


def _overlapping(rows: pd.DataFrame) -> list[tuple[dict, dict]]:
    """Pairs of neighbours that overlap once sorted by (start, end): gwrdata.provenance.overlapping on arrays.

    Both sorts are stable, so ties keep table order exactly as sorted() does there.
    """
    order = np.argsort(rows["end"].to_numpy(), kind="stable")
    order = order[np.argsort(rows["start"].to_numpy()[order], kind="stable")]
    texts = pd.factorize(rows["text"])[0]
    order = order[np.argsort(texts[order], kind="stable")]   # a panel's spans: each text's apart
    starts, ends, texts = rows["start"].to_numpy()[order], rows["end"].to_numpy()[order], texts[order]
    hits = np.flatnonzero((starts[1:] < ends[:-1]) & (texts[1:] == texts[:-1]))
    records = rows.iloc[np.concatenate([order[hits], order[hits + 1]])].to_dict("records")
    return list(zip(records[:len(hits)], records[len(hits):]))


@check("provenance.digit_coverage", "provenance", "Every Arabic or full-width digit of the source lies in exactly one figure or exclusion.")
def digit_coverage(pkg):
    codes = codepoints(pkg.text)
    digits = np.flatnonzero(char_mask(codes, lambda ch: DIGIT.fullmatch(ch) is not None))
    missing = _uncovered(digits, _spans(pkg), len(codes))
    return int(char_mask(codes, str.isdigit).sum()), [
        Failure("provenance.digit_coverage", "source_text", None, "offset", str(offset),
                "a digit that no figure or exclusion accounts for", pkg.quote_span(offset, offset + 1))
        for offset in missing]


def _uncovered(offsets: np.ndarray, rows: pd.DataFrame, length: int) -> list[int]:
    """gwrdata.provenance.uncovered_digits on arrays: the offsets that no span covers.

    An offset d lies in some [start, end) exactly when more spans start at or before d than end
    at or before d. Spans are clipped to the text, as the bytearray there is, and empty ones
    count for nothing.
    """
    starts = np.clip(rows["start"].to_numpy(), 0, length).astype(np.int64)
    ends = np.clip(rows["end"].to_numpy(), 0, length).astype(np.int64)
    real = starts < ends
    opened = np.searchsorted(np.sort(starts[real]), offsets, side="right")
    closed = np.searchsorted(np.sort(ends[real]), offsets, side="right")
    return offsets[opened == closed].tolist()
