"""What a release is about, as the catalog lists it so that a dataset can be found by it.

Why: people look for data by what it covers (a government, a year, an indicator such as GDP or
a word of its description), not by a name they would have to know already. The catalog is the
one file everybody reads first, so each version's entry carries these facts, taken from the
package inside the release (its descriptor and its tables), never typed by hand:

- ``description`` and ``keywords``: the descriptor's;
- ``governments``: the report's government (``gwrdata.government_zh``/``_en``), or every
  government of a panel's ``reports`` table;
- ``years``: the report year, or every report year of a panel;
- ``indicators``: every indicator id some table of the package uses (its headline or targets
  rows, figures linked to an indicator), with its names from the ``indicators`` table.

Everything is sorted, so the catalog stays byte-deterministic.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from gwrdata.checks.inputs import opened

INDICATORS = "indicators"
REPORTS = "reports"


def about(release: Path) -> dict:
    """The searchable facts of the package in ``release`` (a release folder, package or zip)."""
    with opened(release) as descriptor_path:
        descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
        tables = {r["name"]: (descriptor_path.parent / r["path"], {f.get("name") for f in r["schema"].get("fields", [])})
                  for r in descriptor.get("resources", [])
                  if isinstance(r.get("schema"), dict) and isinstance(r.get("path"), str)}
        governments, years = _coverage(descriptor, tables)
        indicators = _indicators(tables)
    facts = {"description": " ".join(str(descriptor.get("description", "")).split()),
             "keywords": sorted({str(k) for k in descriptor.get("keywords", [])}),
             "governments": governments, "years": years, "indicators": indicators}
    return {key: value for key, value in facts.items() if value}


def _rows(path: Path):
    with open(path, encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def _column(path: Path, name: str) -> set[str]:
    """The distinct values of one column: a Parquet table's read alone (a panel's figures are
    hundreds of thousands of rows, and only the indicator ids are wanted)."""
    if path.suffix == ".parquet":
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        return {v for v in pc.unique(pq.read_table(path, columns=[name]).column(name)).to_pylist() if v}
    return {row[name] for row in _rows(path) if row.get(name)}


def _coverage(descriptor: dict, tables: dict[str, tuple[Path, set]]) -> tuple[list[dict], list[int]]:
    """(governments, years): a panel's from its reports table, one report's from the descriptor."""
    names: dict[str, str] = {}
    years: set[int] = set()
    if REPORTS in tables:
        for row in _rows(tables[REPORTS][0]):
            if row.get("government"):
                names[row["government"]] = names.get(row["government"]) or row.get("government_en", "")
            year = (row.get("year") or "").strip()
            if year.isdigit():
                years.add(int(year))
    extra = descriptor.get("gwrdata") or {}
    if extra.get("government_zh"):
        names[extra["government_zh"]] = names.get(extra["government_zh"]) or extra.get("government_en", "")
    if isinstance(extra.get("report_year"), int):
        years.add(extra["report_year"])
    governments = [{"name": name, **({"name_en": names[name]} if names[name] else {})} for name in sorted(names)]
    return governments, sorted(years)


def _indicators(tables: dict[str, tuple[Path, set]]) -> list[dict]:
    """Every indicator a table uses, with its names from the indicators table."""
    used: set[str] = set()
    for name, (path, fields) in tables.items():
        if name != INDICATORS and "indicator_id" in fields:
            used |= _column(path, "indicator_id")
    labels = {row["indicator_id"]: row for row in _rows(tables[INDICATORS][0])} if INDICATORS in tables else {}
    out = []
    for code in sorted(used):
        label = labels.get(code, {})
        out.append({"id": code, **{key: label[key] for key in ("name_zh", "name_en") if label.get(key)}})
    return out
