"""Scoring extracted figures against a hand-labelled set (labels located by unique context)."""

from __future__ import annotations

import csv
import unicodedata
from decimal import Decimal
from pathlib import Path

FIELDS = ["value", "unit", "qualifier", "measure", "direction", "period", "status", "base_unit", "subject_zh"]


def load_labels(path: Path, text: str) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            at = text.find(row["context"])
            assert at >= 0 and text.find(row["context"], at + 1) < 0, f"{path}: context not unique: {row['context']}"
            offset = row["context"].find(row["mention"])
            assert offset >= 0, f"{path}: mention not in context: {row}"
            row["start"] = at + offset
            row["end"] = row["start"] + len(row["mention"])
            rows.append(row)
    return rows


_SIMPLIFIED = str.maketrans("萬億", "万亿")


def normal_unit(unit: str) -> str:
    """One unit however written: full-width, traditional and spaced forms name the same unit."""
    return unicodedata.normalize("NFKC", unit).translate(_SIMPLIFIED).replace(" ", "")


def same(field: str, label: str, got) -> bool:
    if field == "value":
        return Decimal(label) == Decimal(str(got))
    if field == "unit":
        return normal_unit(label) == normal_unit(str(got))
    if field == "subject_zh":
        # A subject is right when one phrase contains the other (长 or short cuts of one noun phrase).
        return bool(label) and bool(got) and (label in got or got in label)
    return str(label) == str(got)


def _span(row: dict) -> tuple:
    return int(row["start"]), int(row["end"])


def score(labels: list[dict], figures: list[dict], key=_span) -> dict:
    by_span = {key(f): f for f in figures}
    matched = [(label, by_span.get(key(label))) for label in labels]
    found = [(label, fig) for label, fig in matched if fig is not None]
    result = {"labels": len(labels), "recall": len(found) / len(labels) if labels else 0.0, "misses": [], "errors": {}}
    result["misses"] = [label for label, fig in matched if fig is None]
    for field in FIELDS:
        wrong = [(label, fig) for label, fig in found if not same(field, label[field], fig[field])]
        result[field] = 1 - len(wrong) / len(found) if found else 0.0
        result["errors"][field] = wrong
    value_unit = [(l, f) for l, f in found if same("value", l["value"], f["value"]) and same("unit", l["unit"], f["unit"])]
    result["value_and_unit"] = len(value_unit) / len(found) if found else 0.0
    return result


def report(name: str, result: dict) -> str:
    lines = [f"{name}: {result['labels']} labelled figures, recall {result['recall']:.1%}, value and unit {result['value_and_unit']:.1%}"]
    lines.append("  " + ", ".join(f"{field} {result[field]:.1%}" for field in FIELDS))
    return "\n".join(lines)
