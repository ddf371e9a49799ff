"""Provenance: every published span is the source's own characters, and every digit is accounted for."""

from __future__ import annotations

from ..provenance import overlapping, uncovered_digits
from ..source import sha256_bytes
from . import Failure, check, line

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
    text = pkg.text
    for resource in SPAN_TABLES + ("headline",):
        table = pkg.table(resource)
        column = "text" if resource == "headline" else "mention"
        for i, start, end, mention in zip(table.index, table["start"], table["end"], table[column]):
            if start == "" and end == "":
                continue
            checked += 1
            if not (start.isdigit() and end.isdigit()) or text[int(start):int(end)] != mention:
                got = text[int(start):int(end)] if start.isdigit() and end.isdigit() else ""
                failures.append(Failure("provenance.spans", resource, line(i), column, mention,
                                        f"source[{start}:{end}] is {got!r}", pkg.quote_span(start, end)))
    return checked, failures


def _spans(pkg):
    rows = []
    for resource in ("figures", "exclusions"):
        table = pkg.table(resource)
        rows += [{"start": s, "end": e, "mention": m, "_resource": resource, "_index": i}
                 for i, s, e, m in zip(table.index, table["start"], table["end"], table["mention"]) if s.isdigit() and e.isdigit()]
    return rows


@check("provenance.no_overlap", "provenance", "No two figure or exclusion spans overlap (each character is read once).")
def no_overlap(pkg):
    rows = _spans(pkg)
    return len(rows), [Failure("provenance.no_overlap", b["_resource"], line(b["_index"]), "start", b["start"],
                               f"overlaps {a['_resource']} {a['mention']!r} at {a['start']}–{a['end']}", pkg.quote_span(b["start"], b["end"]))
                       for a, b in overlapping(rows)]


@check("provenance.digit_coverage", "provenance", "Every Arabic or full-width digit of the source lies in exactly one figure or exclusion.")
def digit_coverage(pkg):
    rows = _spans(pkg)
    missing = uncovered_digits(pkg.text, rows)
    return sum(ch.isdigit() for ch in pkg.text), [
        Failure("provenance.digit_coverage", "source_text", None, "offset", str(offset),
                "a digit that no figure or exclusion accounts for", pkg.quote_span(offset, offset + 1))
        for offset in missing]
