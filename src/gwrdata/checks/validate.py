"""Validation: frictionless, great-expectations and gwrdata's own checks, in one report.

Frictionless checks structure (types, constraints, keys, hashes); great-expectations runs the
column suites in validation/gx; the checks in gwrdata.checks see what neither can (a share of
120%, a target dated in the past, a unit that lost a factor of 10 000, a span that no longer
quotes the source). Every result lands in one report: terminal summary, JSON and HTML.

Frictionless is by far the slowest stage on a large package, so it runs in worker processes
(FrictionlessRun, gwrdata.checks.structure) while this process loads the tables and runs
great-expectations and the checks; its result is merged in first, as a sequential run lists it.
"""

from __future__ import annotations

import csv
import hashlib
import html
import itertools
import json
import os
import queue
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from gwrdata.checks import CheckResult, Failure, Skipped, all_checks, line, structure
from gwrdata.read import escape
from gwrdata.errors import InputError
from gwrdata.package.registry import columns, field_definition, resource_names, resources_of
from gwrdata.read import jsonfile
from gwrdata.read.paths import descriptor_resources, inside, regular_file

SPLIT_BYTES = 4 << 20  # from this many bytes of data on, frictionless runs in more than one worker
GX_LIMIT = 50  # failing rows listed per expectation; the count is always complete
MAX_DESCRIPTOR_BYTES = 10 * 1024 * 1024
MAX_TABLE_BYTES = 512 * 1024 * 1024   # per table and for the source text
MAX_HEADER_BYTES = 64 * 1024          # a CSV's first line
STAGES = ("load", "frictionless", "great_expectations", "checks")  # as the report lists them
GENERIC_CHECKS = ("provenance.spans",)  # what a package without the gwrdata profile gets beside frictionless


class LoadedPackage:
    """A package read once: descriptor, tables (as text, exactly as in the CSV) and source."""

    def __init__(self, descriptor_path: Path, sources: Path | None = None):
        self.path = descriptor_path
        self.sources = Path(sources) if sources else None  # where a corpus panel's report texts are (--sources)
        self.folder = descriptor_path.parent
        if not descriptor_path.exists() and not descriptor_path.is_symlink():
            raise InputError(descriptor_path, "", "no such file", "build the package first (gwrdata build) or give the path of a datapackage.json")
        regular_file(descriptor_path, max_bytes=MAX_DESCRIPTOR_BYTES)
        self.descriptor = jsonfile.parse(descriptor_path.read_bytes(), descriptor_path, "a descriptor", "repair the descriptor or rebuild it")
        # Paths are checked before anything (this loader or frictionless) opens them.
        self.resources = {r.get("name"): r for r in descriptor_resources(self.descriptor, descriptor_path)}
        # A package declares the gwrdata profile by its ``gwrdata`` property (written by gwrdata
        # build), and says there whether it is one report's package or a panel's; any other
        # Frictionless package gets the generic profile (see GENERIC_CHECKS).
        self.gwrdata = isinstance(self.descriptor.get("gwrdata"), dict)
        extra = self.descriptor["gwrdata"] if self.gwrdata else {}
        self.profile = "panel" if extra.get("profile") == "panel" else "report"
        expected = resource_names(self.profile) + (["source_text"] if self.profile == "report" else [])
        missing = [name for name in expected if name not in self.resources]
        # A package from an earlier gwrdata (a release before a table was added) is still a
        # Frictionless package: it gets the generic checks, and the report says why.
        self.note = ""
        if self.gwrdata and missing:
            self.gwrdata = False
            self.note = (f"written by another version of gwrdata (no resource {missing[0]!r}): "
                         "checked with the generic profile (frictionless and spans)")
        for name, resource in self.resources.items():
            file = self.folder / resource["path"]
            inside(file, self.folder, descriptor_path, f"resource {name}")
            regular_file(file, max_bytes=MAX_TABLE_BYTES)
            if self.gwrdata and name in resource_names(self.profile) and resource.get("format") != "parquet":
                self._check_header(name, file)
        self.source_resource = self.resources.get("source_text", {})
        self._report_texts: dict[str, str] = {}
        try:
            self.report_year = int(extra.get("report_year", 0))
        except (TypeError, ValueError):
            raise InputError(descriptor_path, "gwrdata.report_year", f"{extra.get('report_year')!r} is not a year", "rebuild the package with gwrdata build") from None
        self._tables: dict[str, pd.DataFrame] = {}
        self._numbers: dict[tuple[str, str], pd.Series] = {}

    def _check_header(self, name: str, file: Path) -> None:
        """The CSV's first line must be the schema's field names: a table with a million columns
        (or a binary file) is refused here, before pandas or frictionless read its rows."""
        schema = self.resources[name].get("schema")
        fields = schema.get("fields") if isinstance(schema, dict) else None
        expected = [f.get("name") for f in fields if isinstance(f, dict)] if isinstance(fields, list) else columns(name)
        with open(file, "rb") as handle:
            first = handle.readline(MAX_HEADER_BYTES + 1)
        try:
            header = next(csv.reader([first.decode("utf-8-sig").rstrip("\r\n")]), [])
        except UnicodeDecodeError:
            header = None
        if len(first) > MAX_HEADER_BYTES or header != expected:
            shown = "not UTF-8 text" if header is None else f"{len(header)} columns" if len(header) != len(expected) else \
                next(f"column {i + 1} is {h!r}, the schema says {e!r}" for i, (h, e) in enumerate(zip(header, expected)) if h != e)
            raise InputError(file, "line 1", f"the header does not match the schema of {name} ({shown}; the schema has {len(expected)} fields)",
                             "rebuild the package with gwrdata build, or restore the table's header")

    @cached_property
    def source_bytes(self) -> bytes:
        return (self.folder / self.source_resource["path"]).read_bytes()

    def span_tables(self) -> list[tuple[str, str]]:
        """(resource, quoted column) of every table whose rows quote the source by start and end.

        gwrdata's tables by name; in any other package, every tabular resource with integer
        ``start`` and ``end`` fields and a ``mention`` (or ``text``) field, when the package
        declares its source text as a resource named ``source_text``.
        """
        if self.gwrdata:
            from gwrdata.checks.provenance import SPAN_TABLES

            return [(name, "mention") for name in SPAN_TABLES] + [("headline", "text")]
        if not self.source_resource.get("path"):
            return []
        found = []
        for name, resource in self.resources.items():
            fields = {f.get("name") for f in (resource.get("schema") or {}).get("fields", []) if isinstance(f, dict)} \
                if isinstance(resource.get("schema"), dict) else set()
            column = "mention" if "mention" in fields else "text" if "text" in fields else None
            if column and {"start", "end"} <= fields:
                found.append((name, column))
        return found

    @cached_property
    def text(self) -> str:
        data = self.source_bytes
        encoding = self.source_resource.get("encoding", "utf-8")
        return data.decode("utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding, errors="replace")

    def table(self, name: str) -> pd.DataFrame:
        """A table as text, cell for cell as its CSV holds it (a Parquet table's cells written as
        the CSV writer would write them), so every check reads every table alike."""
        if name not in self._tables:
            path = self.folder / self.resources[name]["path"]
            if self.resources[name].get("format") == "parquet":
                from gwrdata.read.parquet import as_text

                frame = as_text(path, path)
            else:
                frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8")
            self._tables[name] = frame
        return self._tables[name]

    def typed_parquet(self, name: str) -> pd.DataFrame:
        """A Parquet table as stored: numbers as float64 (NaN for none), text as Arrow strings."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pq.read_table(self.folder / self.resources[name]["path"])
        frame = table.to_pandas(types_mapper=lambda kind: pd.StringDtype("pyarrow") if pa.types.is_string(kind) else None)
        for column, kind in zip(table.column_names, table.schema.types):
            if pa.types.is_integer(kind):
                frame[column] = frame[column].astype("float64")  # as pd.to_numeric gives a CSV's integers
        return frame

    def forget(self, name: str) -> None:
        """Drop a table read as text (it is read again when asked for)."""
        self._tables.pop(name, None)
        for key in [k for k in self._numbers if k[0] == name]:
            del self._numbers[key]

    @property
    def external_texts(self) -> bool:
        """True for a corpus panel: its report texts are in the collection, not in the package."""
        return isinstance(self.descriptor.get("gwrdata", {}).get("corpus"), dict)

    def need_texts(self) -> None:
        """Raise Skipped when the report texts a check reads are not at hand."""
        from gwrdata.checks import Skipped

        if self.external_texts and self.sources is None:
            raise Skipped("the report texts are in the corpus, not the package: give validate --sources DIR (the corpus root) to check them")

    def numbers(self, name: str, column: str) -> pd.Series:
        key = (name, column)
        if key not in self._numbers:
            self._numbers[key] = pd.to_numeric(self.table(name)[column], errors="coerce")
        return self._numbers[key]

    def quote_span(self, start, end, context: int = 12) -> str:
        try:
            start, end = int(start), int(end)
        except (TypeError, ValueError):
            return ""
        text = self.text
        return (text[max(0, start - context):start] + "【" + text[start:end] + "】" + text[end:end + context]).replace("\n", " ")

    def report_text(self, report_id: str) -> str:
        """A panel's report text, by report id (decoded as the build read it; '' when missing)."""
        if report_id not in self._report_texts:
            from gwrdata.read.source import read_source

            reports = self.table("reports")
            match = reports.loc[reports["report_id"] == report_id, "path"]
            try:
                self._report_texts[report_id] = read_source(self.text_path(match.iloc[0])).text if len(match) else ""
            except (InputError, OSError):
                self._report_texts[report_id] = ""
        return self._report_texts[report_id]

    def text_path(self, relative: str) -> Path:
        """A report text's file: in the corpus root (--sources) for a corpus panel, else in the
        package; confined to that folder either way."""
        from gwrdata.read.paths import confined

        self.need_texts()
        root = self.sources if self.external_texts else self.folder
        return confined(root, relative, self.path, "reports.path")

    def quote(self, row) -> str:
        if self.profile == "panel":
            return self.quote_in(self.report_text(str(row.get("report_id", ""))), row.get("start"), row.get("end"))
        return self.quote_span(row.get("start"), row.get("end"))

    @staticmethod
    def quote_in(text: str, start, end, context: int = 12) -> str:
        try:
            start, end = int(start), int(end)
        except (TypeError, ValueError):
            return ""
        return (text[max(0, start - context):start] + "【" + text[start:end] + "】" + text[end:end + context]).replace("\n", " ")


@dataclass
class ValidationReport:
    package: str
    results: list[CheckResult] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    note: str = ""  # why the package got the profile it got, when that is not its own

    @property
    def valid(self) -> bool:
        return all(result.ok for result in self.results)

    def to_dict(self) -> dict:
        return {
            "package": self.package,
            "valid": self.valid,
            "checks": [{"name": r.name, "suite": r.suite, "description": r.description, "checked": r.checked,
                        "passed": r.passed, "failed": len(r.failures), "failures": [f.to_dict() for f in r.failures],
                        **({"skipped": r.skipped} if r.skipped else {})}
                       for r in self.results],
            "timings": {stage: round(seconds, 3) for stage, seconds in self.timings.items()},
            **({"note": self.note} if self.note else {}),
        }

    def summary(self, failures: int = 20) -> str:
        lines = [f"validation of {self.package}: {'VALID' if self.valid else 'INVALID'}"]
        if self.note:
            lines.append(f"  note: {self.note}")
        suite = None
        for r in self.results:
            if r.suite != suite:
                suite = r.suite
                lines.append(f"  {suite}")
            if r.skipped:
                lines.append(f"    skip {r.name}: {r.skipped}")
                continue
            mark = "ok  " if r.ok else "FAIL"
            lines.append(f"    {mark} {r.name}: {r.passed} passed, {len(r.failures)} failed")
        shown = 0
        for r in self.results:
            for f in r.failures:
                if shown == failures:
                    lines.append(f"  … {sum(len(x.failures) for x in self.results) - shown} more failures in the JSON report")
                    return "\n".join(map(escape.line, lines))
                where = f"row {f.row}" if f.row is not None else "file"
                quote = f" | {f.quote}" if f.quote else ""
                lines.append(f"  FAIL {f.check}: {f.resource} {where} field {f.field} value {f.value!r}: {f.message}{quote}")
                shown += 1
        return "\n".join(map(escape.line, lines))  # a cell's line break never starts a log line of its own

    def write(self, folder: Path) -> tuple[Path, Path]:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        data = self.to_dict()
        data.pop("timings")  # timings vary run to run; the written report is reproducible
        json_path = folder / "validation.json"
        json_path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        html_path = folder / "validation.html"
        html_path.write_text(render_html(data), encoding="utf-8")
        return json_path, html_path


def render_html(data: dict) -> str:
    esc = html.escape
    rows = []
    for check in data["checks"]:
        state = "skip" if check.get("skipped") else "pass" if not check["failed"] else "fail"
        guards = esc(check["description"]) + (f'<br><em>skipped: {esc(check["skipped"])}</em>' if check.get("skipped") else "")
        rows.append(f'<tr class="{state}"><td>{esc(check["suite"])}</td><td><code>{esc(check["name"])}</code></td>'
                    f'<td>{guards}</td><td>{check["passed"]}</td><td>{check["failed"]}</td></tr>')
    failures = []
    for check in data["checks"]:
        for f in check["failures"]:
            failures.append("<tr>" + "".join(f"<td>{esc(str(f[k]) if f[k] is not None else '')}</td>"
                                             for k in ("check", "resource", "row", "field", "value", "message", "quote")) + "</tr>")
    verdict = "VALID" if data["valid"] else "INVALID"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Validation report — {esc(data["package"])}</title>
<style>
body{{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:1.5rem;color:#222}}
table{{border-collapse:collapse;width:100%;margin-bottom:2rem}}td,th{{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}}
tr.pass td:nth-child(5){{color:#1a7f37}}tr.fail td{{background:#fff0f0}}.verdict{{font-size:1.4rem;font-weight:bold}}
</style></head><body>
<h1>Validation report</h1>
<p>Package: <code>{esc(data["package"])}</code></p>
<p class="verdict" id="verdict">{verdict}</p>
<h2>Checks</h2>
<table id="checks"><thead><tr><th>suite</th><th>check</th><th>what it guards against</th><th>passed</th><th>failed</th></tr></thead>
<tbody>{"".join(rows)}</tbody></table>
<h2>Failures</h2>
<table id="failures"><thead><tr><th>check</th><th>resource</th><th>row</th><th>field</th><th>value</th><th>message</th><th>source quote</th></tr></thead>
<tbody>{"".join(failures) or '<tr><td colspan="7">none</td></tr>'}</tbody></table>
</body></html>
"""


# -- frictionless --------------------------------------------------------------------------

class FrictionlessRun:
    """The frictionless stage running in worker processes while the main process does the rest.

    Frictionless is pure Python and validates resources sequentially when there are foreign keys,
    so it is the slowest stage on a large package; see gwrdata.checks.structure for the workers.
    """

    def __init__(self, pkg: LoadedPackage):
        # A Parquet table is not frictionless's to read (it would type every cell in Python through
        # pandas, minutes for a corpus): structure.parquet checks it, great-expectations its values.
        self.names = _frictionless_names(pkg)
        self.started = time.time()
        primary_keys = {name: _primary_key(r) for name, r in pkg.resources.items()}
        # The workers import what this process can import, wherever it found it.
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
        self._workers = {
            ", ".join(map(str, group)): subprocess.Popen(
                [sys.executable, "-m", "gwrdata.checks.structure",
                 json.dumps({"descriptor": str(pkg.path), "names": group, "primary_keys": primary_keys})],
                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, env=env)
            for group in self._groups(pkg)}

    def _groups(self, pkg: LoadedPackage) -> list[list[str]]:
        """One worker for a small package, else the big tables apart (structure.groups).

        A worker is an interpreter importing frictionless (about a second of CPU): on a small
        package a second one costs more than it saves, and on a two-core CI runner it competes
        with the great-expectations import this process is doing meanwhile.
        """
        size = sum((pkg.folder / r["path"]).stat().st_size for r in pkg.resources.values()
                   if isinstance(r.get("path"), str) and (pkg.folder / r["path"]).is_file())
        return structure.groups(self.names) if size >= SPLIT_BYTES else [self.names]

    def result(self) -> tuple[CheckResult, float]:
        """Wait for the workers; the check's result and the stage's wall time in seconds."""
        outcomes = [self._outcome(group, worker) for group, worker in self._workers.items()]
        checked, failures = structure.merge(outcomes, self.names)
        seconds = max(o.finished_at for o in outcomes) - self.started
        return CheckResult(structure.NAME, structure.SUITE, structure.DESCRIPTION, checked, failures), seconds

    @staticmethod
    def _outcome(group: str, worker: subprocess.Popen) -> structure.GroupOutcome:
        output, _ = worker.communicate()
        if worker.returncode != 0:
            raise RuntimeError(f"the frictionless worker for {group} died (exit code {worker.returncode})")
        answer = json.loads(output)
        if "traceback" in answer:
            raise RuntimeError(f"frictionless could not validate {group}:\n{answer['traceback']}")
        return structure.GroupOutcome.from_dict(answer)

    def close(self) -> None:
        """Stop workers still running (the main process failed before asking for the result)."""
        for worker in self._workers.values():
            if worker.poll() is None:
                worker.kill()
            worker.wait()


def _frictionless_names(pkg: LoadedPackage) -> list[str]:
    """The resources frictionless validates: all but Parquet tables (see FrictionlessRun)."""
    return [r.get("name") for r in pkg.descriptor.get("resources", []) if r.get("format") != "parquet"]


def _primary_key(resource: dict) -> list[str]:
    schema = resource.get("schema", {})
    return schema.get("primaryKey", []) if isinstance(schema, dict) else []


def run_frictionless(pkg: LoadedPackage) -> CheckResult:
    """The frictionless stage on its own (validate_package overlaps it with the other stages)."""
    run = FrictionlessRun(pkg)
    try:
        return run.result()[0]
    finally:
        run.close()


# -- great-expectations --------------------------------------------------------------------

PACKAGE_COLUMN = "gwrdata_package"  # which package a row of a combined frame comes from


def gx_context():
    """An ephemeral great-expectations context (importing great-expectations costs seconds)."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return context


def run_great_expectations(pkg: LoadedPackage, context=None) -> list[CheckResult]:
    return run_great_expectations_many([pkg], context)[0]


def run_great_expectations_many(pkgs: list[LoadedPackage], context=None) -> list[list[CheckResult]]:
    """The suites on several packages at once, each package's results as if run on it alone.

    Great-expectations spends most of its time per expectation, whatever the number of rows, so
    the tables of all packages are validated as one frame per resource (a column says which
    package a row is from; keys are unique within a package) and failures are handed back to the
    package and row they came from. A package whose columns differ from the registry's is
    validated on its own, so a missing column is reported as missing, not as nulls.
    """
    import great_expectations as gx

    from gwrdata.checks.suites import load

    context = context or gx_context()
    source = context.data_sources.add_pandas(f"gwrdata-{next(_SOURCES)}")
    results: list[list[CheckResult]] = [[] for _ in pkgs]
    profile = pkgs[0].profile  # one profile per call: a report's package or a panel
    for name in resource_names(profile):
        expected = [field_definition(key)["name"] for key in resources_of(profile)[name]["fields"]]
        frames = [_typed(pkg, name) for pkg in pkgs]
        regular = [i for i, frame in enumerate(frames) if list(frame.columns) == expected]
        batches = ([regular] if len(regular) > 1 else [[i] for i in regular]) + [[i] for i in range(len(pkgs)) if i not in regular]
        for number, members in enumerate(batches):
            combined = len(members) > 1
            if combined:
                frame = pd.concat([frames[i].assign(**{PACKAGE_COLUMN: i}) for i in members], ignore_index=True)
            else:
                frame = frames[members[0]]
            offsets = np.cumsum([0] + [len(frames[i]) for i in members])
            suite = load(name, profile)
            if combined:
                suite = _per_package(suite)
            batch = source.add_dataframe_asset(name=f"{name}-{number}").add_batch_definition_whole_dataframe("all").get_batch(
                batch_parameters={"dataframe": frame})
            outcome = batch.validate(gx.ExpectationSuite(**suite), result_format={"result_format": "COMPLETE"})
            failures: dict[int, list[Failure]] = {i: [] for i in members}
            for result in outcome.results:
                if result.success:
                    continue
                config = result.expectation_config
                check = (config.meta or {}).get("check", config.type)
                column = config.kwargs.get("column") or config.kwargs.get("column_A") or "+".join(
                    c for c in config.kwargs.get("column_list", []) if c != PACKAGE_COLUMN)
                if config.type == "expect_table_columns_to_match_ordered_list":
                    column = ""
                indexes = [_index(index) for index in result.result.get("unexpected_index_list") or []]
                if not indexes:
                    for i in members:
                        failures[i].append(Failure(check, name, None, column, "", f"{config.type} failed"))
                by_package: dict[int, list[int]] = {}
                for index in indexes:
                    k = int(np.searchsorted(offsets, index, side="right")) - 1
                    by_package.setdefault(members[k], []).append(index - int(offsets[k]))
                for i, local in by_package.items():
                    pkg, raw = pkgs[i], pkgs[i].table(name)
                    for index in local[:GX_LIMIT]:
                        value = raw.at[index, column] if column in raw.columns else ""
                        failures[i].append(Failure(check, name, line(index), column, str(value), f"{config.type} failed",
                                                   pkg.quote(raw.loc[index]) if "start" in raw.columns and "end" in raw.columns else ""))
                    if len(local) > GX_LIMIT:
                        failures[i].append(Failure(check, name, None, column, "", f"… and {len(local) - GX_LIMIT} more rows"))
            for i in members:
                results[i].append(CheckResult(
                    f"gx.{name}", "great_expectations",
                    f"Column expectations on {name} generated from the field registry (columns, not null, in set, between, unique, regex, end after start).",
                    len(outcome.results), failures[i]))
    return results


_SOURCES = itertools.count()


def _index(index) -> int:
    if isinstance(index, dict):
        return int(index.get("index", next(iter(index.values()))))
    return int(index)


def _per_package(suite: dict) -> dict:
    """The suite for a frame of several packages: keys unique within each package, columns as
    the registry's plus the package column."""
    out = []
    for expectation in suite["expectations"]:
        kind, kwargs = expectation["type"], dict(expectation["kwargs"])
        if kind == "expect_column_values_to_be_unique":
            kind, kwargs = "expect_compound_columns_to_be_unique", {"column_list": [PACKAGE_COLUMN, kwargs["column"]]}
        elif kind == "expect_compound_columns_to_be_unique":
            kwargs["column_list"] = [PACKAGE_COLUMN, *kwargs["column_list"]]
        elif kind == "expect_table_columns_to_match_ordered_list":
            kwargs["column_list"] = [*kwargs["column_list"], PACKAGE_COLUMN]
        out.append(dict(expectation, type=kind, kwargs=kwargs))
    return dict(suite, expectations=out)


def _typed(pkg: LoadedPackage, resource: str) -> pd.DataFrame:
    """Numbers as numbers and empty cells as nulls, as a reader of the CSV would see them.

    The numbers are pkg.numbers, parsed once and shared with the rule checks. A Parquet table is
    typed already: it is read as it is stored (nulls as nulls, numbers as numbers), without its
    text form, so a corpus's figures are not held twice while the suites run.
    """
    if pkg.resources[resource].get("format") == "parquet":
        return pkg.typed_parquet(resource)
    typed = pkg.table(resource).replace({"": None})
    for key in resources_of(pkg.profile)[resource]["fields"]:
        definition = field_definition(key)
        if definition["type"] in ("integer", "number") and definition["name"] in typed.columns:
            typed[definition["name"]] = pkg.numbers(resource, definition["name"])
    return typed


# -- all together --------------------------------------------------------------------------

def validate_package(path: Path, frictionless: bool = True, great_expectations: bool = True,
                     label: str | None = None, sources: Path | None = None) -> ValidationReport:
    """Run every stage; frictionless runs in worker processes, concurrently with the others.

    Timings are wall seconds per stage; frictionless overlaps the others, so they do not add up.
    ``label`` names the package in the report when ``path`` is a temporary copy (an unzipped
    -csv.zip): the report then speaks of what the user gave.
    """
    path = Path(path)
    if path.is_dir():
        path = path / "datapackage.json"
    report = ValidationReport(label or str(path))
    pkg = LoadedPackage(path, sources)
    report.note = pkg.note
    structure_run = FrictionlessRun(pkg) if frictionless else None
    timings: dict[str, float] = {}
    try:
        report.results.extend(_run_in_process(pkg, timings, great_expectations))
        if structure_run:
            result, timings["frictionless"] = structure_run.result()
            report.results.insert(0, result)
    finally:
        if structure_run:
            structure_run.close()
    report.timings = {stage: timings[stage] for stage in STAGES if stage in timings}
    return report


def _run_in_process(pkg: LoadedPackage, timings: dict[str, float], great_expectations: bool) -> list[CheckResult]:
    """Load the tables, then great-expectations and the rule checks, in the main process.

    A package without the gwrdata profile gets only the generic checks: its tables are not
    gwrdata's, so neither the suites nor the rule checks apply (and great-expectations is not
    even imported).
    """
    results = []
    t = time.perf_counter()
    for name in resource_names(pkg.profile) if pkg.gwrdata else [name for name, _ in pkg.span_tables()]:
        pkg.table(name)
    timings["load"] = time.perf_counter() - t
    # The rule checks run first: then a Parquet table's text form can be dropped before the suites
    # read the table as stored, so a corpus's figures are never held in both forms at once.
    t = time.perf_counter()
    checks = _rule_checks(pkg)
    timings["checks"] = time.perf_counter() - t
    if great_expectations and pkg.gwrdata:
        for name, resource in pkg.resources.items():
            if resource.get("format") == "parquet":
                pkg.forget(name)
        t = time.perf_counter()
        results.extend(run_great_expectations(pkg))
        timings["great_expectations"] = time.perf_counter() - t
    return results + checks


def _rule_checks(pkg: LoadedPackage) -> list[CheckResult]:
    """The profile's rule checks; a panel also gets one report's checks, on each of its reports
    (gwrdata.checks.per_report), listed first as a report's validation lists them."""
    results = []
    if pkg.gwrdata and pkg.profile == "panel":
        from gwrdata.checks import per_report

        results.extend(per_report.run(pkg))
    generic = [c for c in all_checks() if c.name in GENERIC_CHECKS] if pkg.span_tables() else []
    for check in all_checks(pkg.profile) if pkg.gwrdata else generic:
        c = time.perf_counter()
        skipped = ""
        try:
            checked, failures = check.run(pkg)
        except Skipped as why:
            checked, failures, skipped = 0, [], str(why)
        except (KeyError, ValueError, TypeError) as err:
            checked, failures = 0, [Failure(check.name, "", None, "", "", f"the check could not run on this package: {err!r}")]
        results.append(CheckResult(check.name, check.suite, check.description, checked, failures, time.perf_counter() - c, skipped))
    return results


# -- many packages -------------------------------------------------------------------------

class Validator:
    """Many packages validated by one process, with the same checks and reports as validate_package.

    validate_package pays for its set-up on every call: two fresh frictionless workers and a
    great-expectations context (importing great-expectations alone costs seconds). A Validator
    pays once: long-lived frictionless workers (``python -m gwrdata.checks.structure --serve``,
    two by default, taking packages in turn) validate the packages' structure while this process
    runs great-expectations, on the tables of all packages at once (run_great_expectations_many),
    and the rule checks. A package whose bytes it has validated before (a release of a package
    just built and validated) gets the same results without running them again. Use it as a
    context manager, so the workers are stopped.
    """

    def __init__(self, workers: int = 2):
        self._context = None
        self._done: dict[str, list[CheckResult]] = {}  # results by the package's content (see _content)
        self._size = max(1, workers)
        self._workers: list[tuple[subprocess.Popen, queue.Queue]] = []

    def __enter__(self) -> Validator:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        for worker, _ in self._workers:
            if worker.stdin:
                worker.stdin.close()
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
        self._workers = []

    def validate(self, path: Path, sources: Path | None = None) -> ValidationReport:
        return self.validate_many([path], sources)[0]

    def validate_many(self, paths: list[Path], sources: Path | None = None) -> list[ValidationReport]:
        descriptors = [Path(p) / "datapackage.json" if Path(p).is_dir() else Path(p) for p in paths]
        pkgs = [LoadedPackage(path, sources) for path in descriptors]
        try:
            return self._validate(pkgs, descriptors)
        except BaseException:
            self.close()  # their answers to the requests sent are of no use to the next call
            raise

    def _validate(self, pkgs: list[LoadedPackage], descriptors: list[Path]) -> list[ValidationReport]:
        """Packages whose bytes were validated before get those results again (every check is a
        function of the bytes); the others are validated."""
        contents = [_content(pkg) for pkg in pkgs]
        todo = [i for i, key in enumerate(contents) if key not in self._done]
        for i, report in zip(todo, self._run([pkgs[i] for i in todo], [descriptors[i] for i in todo])):
            self._done[contents[i]] = report.results
        return [ValidationReport(str(descriptor), list(self._done[key]), {}) for descriptor, key in zip(descriptors, contents)]

    def _run(self, pkgs: list[LoadedPackage], descriptors: list[Path]) -> list[ValidationReport]:
        if not pkgs:
            return []
        workers = self._start()
        for number, pkg in enumerate(pkgs):  # the workers start while this process loads and checks
            request = {"descriptor": str(pkg.path.resolve()), "names": _frictionless_names(pkg),
                       "primary_keys": {name: _primary_key(r) for name, r in pkg.resources.items()}}
            worker = workers[number % len(workers)][0]
            worker.stdin.write(json.dumps(request, ensure_ascii=False) + "\n")
            worker.stdin.flush()
        started = time.perf_counter()
        for pkg in pkgs:
            for name in resource_names(pkg.profile):
                pkg.table(name)
        if self._context is None:
            self._context = gx_context()
        expectations = run_great_expectations_many(pkgs, self._context)
        reports = []
        for pkg, descriptor, gx_results in zip(pkgs, descriptors, expectations):
            report = ValidationReport(str(descriptor))
            report.results = gx_results + _rule_checks(pkg)
            reports.append(report)
        for number, (pkg, report) in enumerate(zip(pkgs, reports)):
            report.results.insert(0, self._structure(pkg, *workers[number % len(workers)]))
            report.timings = {"all": time.perf_counter() - started}
        return reports

    def _start(self) -> list[tuple[subprocess.Popen, queue.Queue]]:
        if not self._workers:
            env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
            for _ in range(self._size):
                worker = subprocess.Popen([sys.executable, "-m", "gwrdata.checks.structure", "--serve"],
                                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, text=True, encoding="utf-8")
                answers: queue.Queue = queue.Queue()
                # A thread drains each worker's answers, so neither side ever blocks on a full pipe.
                threading.Thread(target=_drain, args=(worker.stdout, answers), daemon=True).start()
                self._workers.append((worker, answers))
        return self._workers

    @staticmethod
    def _structure(pkg: LoadedPackage, worker: subprocess.Popen, answers: queue.Queue) -> CheckResult:
        answer_line = answers.get()
        if answer_line is None:
            raise RuntimeError(f"the frictionless worker died (exit code {worker.poll()})")
        answer = json.loads(answer_line)
        if "traceback" in answer:
            raise RuntimeError(f"frictionless could not validate {pkg.path}:\n{answer['traceback']}")
        checked, failures = structure.merge([structure.GroupOutcome.from_dict(answer)], _frictionless_names(pkg))
        return CheckResult(structure.NAME, structure.SUITE, structure.DESCRIPTION, checked, failures)


def _content(pkg: LoadedPackage) -> str:
    """SHA-256 over the descriptor and every file it names (path and bytes): equal for two
    packages exactly when all they hold is equal."""
    digest = hashlib.sha256(pkg.path.read_bytes() + str(pkg.sources).encode("utf-8"))
    for resource in pkg.descriptor.get("resources", []):
        path = pkg.folder / str(resource.get("path", ""))
        digest.update(str(resource.get("path", "")).encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest() if path.is_file() else b"missing")
    return digest.hexdigest()


def _drain(stream, answers: queue.Queue) -> None:
    for answer_line in stream:
        answers.put(answer_line)
    answers.put(None)
