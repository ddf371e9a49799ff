"""The panel's wide table: one row per government × year, target / result / outcome per indicator.

Analysts in a spreadsheet compare governments side by side; the long attainment table is the
data, this is the view of it they would otherwise build with a pivot. Built from attainment.csv
alone, so it can never say something the package does not.
"""

from __future__ import annotations

import csv
from pathlib import Path

PARTS = ("target", "result", "outcome")


def wide_table(package: Path) -> tuple[list[str], list[list]]:
    """(header, rows) of the wide sheet, rows sorted by government and year, numbers as numbers."""
    from gwrdata.publish.cells import cell_value

    with open(package / "data" / "indicators.csv", encoding="utf-8", newline="") as handle:
        order = [row["indicator_id"] for row in csv.DictReader(handle)]
    with open(package / "data" / "governments.csv", encoding="utf-8", newline="") as handle:
        governments = {row["government"]: row for row in csv.DictReader(handle)}
    cells: dict[tuple[str, int], dict] = {}
    used: set[str] = set()
    with open(package / "data" / "attainment.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            key = (row["government"], int(row["year"]))
            used.add(row["indicator_id"])
            cells.setdefault(key, {})[row["indicator_id"]] = (
                cell_value(row["target_value"], "number"), cell_value(row["result_value"], "number"), row["outcome"])
    indicators = [ident for ident in order if ident in used]
    header = ["government", "government_en", "level", "year"] + [f"{ident}_{part}" for ident in indicators for part in PARTS]
    rows = []
    for (government, year) in sorted(cells):
        meta = governments.get(government, {})
        row: list = [government, meta.get("government_en") or None, meta.get("level") or None, year]
        for ident in indicators:
            row += list(cells[(government, year)].get(ident, (None, None, None)))
        rows.append([None if value == "" else value for value in row])
    return header, rows
