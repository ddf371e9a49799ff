"""A panel's manifest: which reports a panel holds, one CSV row per report.

Users collect reports by the hundred and describe them in a spreadsheet: ``path,government,year``
(UTF-8, header row; optional ``level`` and ``government_en``). A panel recipe keeps the same
table as ``reports.csv`` with each file's SHA-256, so a later build reads exactly the texts the
recipe was made from. Every problem names the manifest, the row and the fix, and is found before
anything is written: a bad row never leaves half a recipe or half a package behind.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path

from gwrdata.errors import InputError

REQUIRED = ("path", "government", "year")
OPTIONAL = ("level", "government_en")
RECIPE_COLUMNS = ("path", "government", "government_en", "level", "year", "sha256")


@dataclass(frozen=True)
class Entry:
    """One report of a panel: its manifest row (1 = the first row under the header) and fields."""

    row: int
    path: Path
    government: str
    year: int
    level: str = ""
    government_en: str = ""
    sha256: str = ""
    source: str = ""  # the path as a corpus records it (relative to its root); empty for a manifest row

    @property
    def report_id(self) -> str:
        return f"{self.government}_{self.year}"

    def where(self) -> str:
        return f"row {self.row} (line {self.row + 1})"


def read(manifest: Path, base: Path | None = None) -> list[Entry]:
    """The manifest's rows, checked: columns, years, levels, one row per government and year.

    Paths are relative to ``base`` (default: the manifest's folder).
    """
    manifest = Path(manifest)
    base = Path(base) if base else manifest.parent
    try:
        text = manifest.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError(manifest, "", "no such file", "give the path of a CSV with the columns path,government,year") from None
    except UnicodeDecodeError as err:
        raise InputError(manifest, f"byte {err.start}", "not UTF-8", "save the manifest as UTF-8 CSV") from None
    except OSError as err:
        raise InputError(manifest, "", f"cannot be read ({err.strerror})", "check the file's permissions") from None
    if "\x00" in text:
        raise InputError(manifest, f"character {text.index(chr(0))}", "holds a NUL character", "save the manifest as plain UTF-8 CSV text")
    reader = csv.DictReader(text.splitlines())
    try:
        return _rows(manifest, base, reader)
    except csv.Error as err:
        raise InputError(manifest, f"line {reader.line_num}", f"not readable as CSV ({err})", "save the manifest as plain UTF-8 CSV, one report per row") from None


class OnePerYear:
    """A government delivers one report a year: a second row for a government and year is an
    error that names the first (a manifest's rows and a corpus's list keep the same rule)."""

    def __init__(self, listing: Path, fix: str):
        self.listing, self.fix, self.seen = listing, fix, {}

    def add(self, government: str, year: int, number: int, place: str, what: str = "") -> None:
        if (government, year) in self.seen:
            raise InputError(self.listing, place, f"{what}{government} {year} is already row {self.seen[(government, year)]}", self.fix)
        self.seen[(government, year)] = number


def _rows(manifest: Path, base: Path, reader: csv.DictReader) -> list[Entry]:
    from gwrdata.package import safetext
    from gwrdata.package.registry import vocabulary
    from gwrdata.read.paths import identifier

    header = reader.fieldnames or []
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InputError(manifest, "header row", f"no column {missing[0]!r} (found: {', '.join(header) or 'nothing'})",
                         "start the file with the header path,government,year (optional: level,government_en)")
    levels = vocabulary("government_level")
    entries: list[Entry] = []
    once = OnePerYear(manifest, "keep one report per government and year (a government delivers one report a year)")
    for number, row in enumerate(reader, start=1):
        place = f"row {number} (line {number + 1})"
        path_text = (row.get("path") or "").strip()
        government = (row.get("government") or "").strip()
        if not path_text or not government:
            raise InputError(manifest, place, "the path or the government is empty", "fill in path, government and year on every row")
        identifier(government, manifest, f"{place}: government")
        if len(path_text) > 4096 or any(ord(c) < 32 or ord(c) == 127 for c in path_text):
            raise InputError(manifest, f"{place}: path", "is not one line of at most 4096 characters", "give the report file's path on one line")
        english = (row.get("government_en") or "").strip()
        problem = safetext.problem(english) if english else None
        if problem or len(english) > 200:
            raise InputError(manifest, f"{place}: government_en", problem or "is longer than 200 characters", "write the English name as plain text")
        try:
            year = int((row.get("year") or "").strip())
        except ValueError:
            raise InputError(manifest, place, f"year {row.get('year')!r} is not a year", "write the year the report is delivered in, such as 2022") from None
        if not 1949 <= year <= 2100:
            raise InputError(manifest, place, f"year {year} is outside 1949-2100", "write the year the report is delivered in")
        level = (row.get("level") or "").strip()
        if level and level not in levels:
            raise InputError(manifest, place, f"level {level!r} is not one of {', '.join(levels)}", "use one of those levels, or leave it empty")
        once.add(government, year, number, place)
        path = Path(path_text)
        entries.append(Entry(number, path if path.is_absolute() else base / path, government, year, level,
                             (row.get("government_en") or "").strip(), (row.get("sha256") or "").strip()))
    if not entries:
        raise InputError(manifest, "", "no rows under the header", "add one row per report: path,government,year")
    return entries


def row_error(manifest: Path, entry: Entry, err: InputError) -> InputError:
    """A problem of one report's file, told as a problem of its manifest row."""
    return InputError(manifest, entry.where(), f"{entry.path}: {err.where + ': ' if err.where else ''}{err.problem}", err.fix)


def write_recipe_table(path: Path, entries: list[Entry], folder: Path) -> None:
    """reports.csv of a panel recipe: paths relative to the recipe folder, and each text's hash."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(RECIPE_COLUMNS)
        for e in entries:
            relative = os.path.relpath(e.path.resolve(), folder.resolve())
            writer.writerow([Path(relative).as_posix(), e.government, e.government_en, e.level, e.year, e.sha256])
