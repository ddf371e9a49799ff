"""Whose report a file is, in a batch: the government beside each row of the combined table.

Why: a batch's combined figures table used to label its rows only by file stem ("2014",
"2020-2"), so a folder of reports filed as ``GOVERNMENT/YEAR.md`` lost who said what. The
government is known, in this order, from:

1. a manifest: a ``reports.csv`` with ``path`` and ``government`` columns in the file's folder
   or any folder above it, whose ``path`` (relative to that folder) names the file, as the
   mirror's ``reports.csv`` and a panel recipe's ``reports.csv`` do;
2. the folder the file sits in, when the file's name is its year (``2021.md``, ``2016-11.md``),
   as in the ``GOVERNMENT/YEAR.md`` layout;

and is empty otherwise. A ``reports.csv`` that cannot be read, is over 10 MB or lacks those
columns is not a manifest and is passed over (it is not the batch's input).
"""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path

MANIFEST = "reports.csv"
MAX_MANIFEST_BYTES = 10 * 1024 * 1024
_YEAR_NAME = re.compile(r"^(?:19|20)\d\d(?:-[^.]*)?$")


class Governments:
    """Looks governments up, reading each folder's manifest at most once."""

    def __init__(self) -> None:
        self._manifests: dict[Path, dict[str, str] | None] = {}

    def of(self, path: Path) -> str:
        absolute = Path(os.path.abspath(path))
        for folder in absolute.parents:
            table = self._manifest(folder)
            if table:
                government = table.get(absolute.relative_to(folder).as_posix())
                if government:
                    return government
        if _YEAR_NAME.match(absolute.stem) and absolute.parent != absolute.parent.parent:
            return absolute.parent.name
        return ""

    def _manifest(self, folder: Path) -> dict[str, str] | None:
        if folder not in self._manifests:
            self._manifests[folder] = _read(folder / MANIFEST)
        return self._manifests[folder]


def _read(path: Path) -> dict[str, str] | None:
    """path (relative, POSIX) -> government, or None when ``path`` is no manifest."""
    try:
        if not path.is_file() or path.stat().st_size > MAX_MANIFEST_BYTES:
            return None
        rows = csv.DictReader(path.read_bytes().decode("utf-8-sig").splitlines())
        if not {"path", "government"} <= set(rows.fieldnames or []):
            return None
        return {Path(row["path"].strip()).as_posix(): (row["government"] or "").strip()
                for row in rows if (row.get("path") or "").strip()}
    except (OSError, UnicodeDecodeError, csv.Error, AttributeError):
        return None
