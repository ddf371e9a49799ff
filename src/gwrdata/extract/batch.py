"""Batch extraction: many reports, several processes, one combined table, no report lost.

Economists compare targets across governments and years by the hundred; a batch keeps going
when one file is bad and says at the end which ones failed and why. Each report gets its own
folder of tables; the combined figures table adds, before the figure's own columns, the
``report`` (its folder's name), the ``path`` of its file as given and its ``government`` where
one is known (``governments.py``: a ``reports.csv`` manifest above the file, or the folder of a
``GOVERNMENT/YEAR.md`` file), and keeps input order, so the output does not depend on which
process finished first.
"""

from __future__ import annotations

import csv
import io
import re
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from gwrdata.errors import InputError
from gwrdata.extract import csvfile
from gwrdata.extract.governments import Governments
from gwrdata.read.paths import MAX_SOURCE_BYTES, inside

TEXT_SUFFIXES = {".txt", ".text", ".htm", ".html", ".md", ".markdown"}
LABELS = ["report", "path", "government"]  # the combined table's columns before each figure's own
RESERVED = {"figures.csv"}  # the combined table beside the report folders
_YEAR_IN_NAME = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


@dataclass
class Outcome:
    report: str
    path: str
    ok: bool
    figures: int = 0
    exclusions: int = 0
    source_issues: int = 0
    error: str = ""
    government: str = ""


def collect(sources: list[str]) -> list[Path]:
    """Files named, and the report texts inside folders named (sorted, so runs are repeatable)."""
    paths: list[Path] = []
    for item in sources:
        path = Path(item)
        if path.is_dir():
            # Not only regular files: a FIFO or a broken link named .txt is reported, not skipped.
            paths += sorted(p for p in path.rglob("*") if not p.is_dir() and p.suffix.lower() in TEXT_SUFFIXES)
        else:
            paths.append(path)
    return paths


def report_names(paths: list[Path]) -> list[str]:
    """A folder name per report: the file's stem, numbered when two files share a stem."""
    names, seen = [], {}
    for path in paths:
        stem = path.stem
        seen[stem] = seen.get(stem, 0) + 1
        names.append(stem if seen[stem] == 1 else f"{stem}-{seen[stem]}")
    return names


def year_for(path: Path, year: int | None) -> int:
    if year is not None:
        return year
    match = _YEAR_IN_NAME.search(path.name)
    if not match:
        raise InputError(path, "file name", "no year in the file name", "pass --year YEAR, or name the file with its report year (e.g. xian-2024.txt)")
    return int(match.group(1))


def extract_one(path: str, name: str, out: str, year: int | None, encoding: str | None,
                max_bytes: int = MAX_SOURCE_BYTES) -> Outcome:
    """Runs in a worker process: read, extract, write this report's three tables."""
    from gwrdata.extract.figures import extract, write_extraction
    from gwrdata.read.source import read_source

    try:
        source = read_source(path, encoding, max_bytes=max_bytes)
        result = extract(source.text, year_for(Path(path), year), name=Path(path).name)
        if not result.figures:
            raise InputError(path, "whole file", "no figures found in the text",
                             "check that this is a government work report with numbers in it, and its --encoding")
        counts = write_extraction(result, Path(out) / name)
        return Outcome(name, path, True, **counts)
    except InputError as err:
        return Outcome(name, path, False, error=err.message)
    except Exception as err:  # a bug must not cost the other reports their results
        return Outcome(name, path, False, error=f"{path}: internal error {type(err).__name__}: {err}. Fix: report this with the file")


def run(sources: list[str], out: Path, year: int | None, encoding: str | None = None, jobs: int = 1,
        progress: bool = True, max_bytes: int = MAX_SOURCE_BYTES) -> list[Outcome]:
    paths = collect(sources)
    if not paths:
        raise InputError(", ".join(sources), "", "no report text files found", "name .txt, .md or .html files, or folders that contain them")
    names = report_names(paths)
    out.mkdir(parents=True, exist_ok=True)
    outcomes: dict[str, Outcome] = {}
    refused = {name: _refused(path, name, out) for path, name in zip(paths, names)}
    for name, outcome in refused.items():
        if outcome:
            outcomes[name] = outcome
    todo = [(path, name) for path, name in zip(paths, names) if not refused[name]]
    with _progress(progress, len(paths)) as advance:
        for _ in outcomes:
            advance()
        if jobs <= 1:
            for path, name in todo:
                outcomes[name] = extract_one(str(path), name, str(out), year, encoding, max_bytes)
                advance()
        else:
            with ProcessPoolExecutor(max_workers=min(jobs, len(todo) or 1)) as pool:
                futures = [pool.submit(extract_one, str(path), name, str(out), year, encoding, max_bytes) for path, name in todo]
                for future in as_completed(futures):
                    outcome = future.result()
                    outcomes[outcome.report] = outcome
                    advance()
    ordered = [outcomes[name] for name in names]
    governments = Governments()
    for outcome in ordered:
        outcome.government = governments.of(Path(outcome.path))
    combine(out, [o for o in ordered if o.ok])
    return ordered


def _refused(path: Path, name: str, out: Path) -> Outcome | None:
    """A report whose name cannot be its own folder in ``out`` (``..``, hidden, the combined table)."""
    if name.startswith(".") or name in RESERVED or "/" in name or "\\" in name:
        error = InputError(path, "file name", f"the report name {name!r} cannot be a folder of {out}",
                           "rename the file: its name must not start with '.' nor be figures.csv")
        return Outcome(name, str(path), False, error=error.message)
    try:
        inside(out / name, out, path, "file name")
    except InputError as err:
        return Outcome(name, str(path), False, error=err.message)
    return None


def combine(out: Path, outcomes: list[Outcome]) -> Path:
    """One figures table for all reports, with report, path and government columns, in input order.

    A report's rows were written by the same CSV writer, so each row of the combined table is
    its three label cells as that writer writes them, then the report's row as it stands in its
    file: where every record of a file is one line, its lines are copied; otherwise its records
    are read and written again, cell by cell (the same bytes, only slower).
    """
    target = out / "figures.csv"
    with open(target, "w", encoding="utf-8", newline="") as handle:
        writer = None
        for outcome in outcomes:
            with open(out / outcome.report / "figures.csv", encoding="utf-8", newline="") as part:
                text = part.read()
            records = list(csv.reader(io.StringIO(text, newline="")))
            lines = text.split("\n")
            if writer is None:
                writer = csvfile.writer(handle)
                writer.writerow([*LABELS, *records[0]])
            if len(lines) == len(records) + 1 and lines[-1] == "":
                labels = csvfile.Lines()
                csvfile.writer(labels).writerow([outcome.report, outcome.path, outcome.government])
                prefix = labels.text()[:-1] + ","
                handle.write("".join(prefix + line + "\n" for line in lines[1:-1]))
            else:
                for row in records[1:]:
                    writer.writerow([outcome.report, outcome.path, outcome.government, *row])
        if writer is None:
            csvfile.writer(handle).writerow(LABELS)
    return target


class _progress:
    """A rich progress bar on stderr (none when asked for none)."""

    def __init__(self, enabled: bool, total: int):
        self.enabled, self.total = enabled, total

    def __enter__(self):
        if not self.enabled:
            return lambda: None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.bar = Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                            console=Console(stderr=True), transient=False)
        self.bar.start()
        task = self.bar.add_task("reports", total=self.total)
        return lambda: self.bar.advance(task)

    def __exit__(self, *exc):
        if self.enabled:
            self.bar.stop()
        return False
