"""The panel's wide sheets: per headline indicator, one row per government and target / result /
outcome per year.

Analysts in a spreadsheet compare governments side by side; the long attainment table is the
data, this is the view of it they would otherwise build with a pivot. Built from attainment.csv
and governments.csv alone, so it can never say something the package does not.
"""

from __future__ import annotations

import csv
from pathlib import Path

PARTS = ("target", "result", "outcome")


def indicator_sheets(package: Path) -> list[tuple[str, list[str], list[list], int]]:
    """One sheet per headline indicator (publish/data/wide.yaml) that the panel has targets for:
    one row per government (code, names, level, province), and per year the target, the result
    and the outcome side by side — the view a reader of one indicator builds with a pivot; with
    the number of its leading columns to freeze."""
    import yaml
    from importlib import resources

    from gwrdata.publish.cells import cell_value

    spec = yaml.safe_load(resources.files("gwrdata.publish").joinpath("data", "wide.yaml").read_text(encoding="utf-8"))
    wanted = spec["indicators"]
    with open(package / "data" / "governments.csv", encoding="utf-8", newline="") as handle:
        governments = {row["government"]: row for row in csv.DictReader(handle)}
    cells: dict[str, dict[tuple[str, int], tuple]] = {ident: {} for ident in wanted}
    with open(package / "data" / "attainment.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["indicator_id"] in cells:
                cells[row["indicator_id"]][(row["government"], int(row["year"]))] = (
                    cell_value(row["target_value"], "number"), cell_value(row["result_value"], "number"), row["outcome"])
    sheets = []
    for ident in wanted:
        found = cells[ident]
        if not found:
            continue
        years = sorted({year for _, year in found})
        names = sorted({government for government, _ in found},
                       key=lambda g: (governments.get(g, {}).get("government_code", "") or "999999", g))
        header = ["government_code", "government", "government_en", "level", "province_zh"] + \
                 [f"{year}_{part}" for year in years for part in PARTS]
        rows = []
        for government in names:
            meta = governments.get(government, {})
            row: list = [meta.get("government_code"), government, meta.get("government_en"), meta.get("level"), meta.get("province_zh")]
            for year in years:
                row += list(found.get((government, year), (None, None, None)))
            rows.append([None if value == "" else value for value in row])
        sheets.append((f"wide_{ident}"[:31], header, rows, spec["freeze"]))
    return sheets
