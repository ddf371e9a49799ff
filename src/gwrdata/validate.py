"""Validation: frictionless, great-expectations and gwrdata's own checks, in one report.

Frictionless checks structure (types, constraints, keys, hashes); great-expectations runs the
column suites in validation/gx; the checks in gwrdata.checks see what neither can (a share of
120%, a target dated in the past, a unit that lost a factor of 10 000, a span that no longer
quotes the source). Every result lands in one report: terminal summary, JSON and HTML.
"""

from __future__ import annotations

import html
import json
import os
import time
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path

import pandas as pd

from .checks import CheckResult, Failure, all_checks, line
from .errors import InputError
from .registry import field_definition, registry, resource_names

GX_LIMIT = 50  # failing rows listed per expectation; the count is always complete


class LoadedPackage:
    """A package read once: descriptor, tables (as text, exactly as in the CSV) and source."""

    def __init__(self, descriptor_path: Path):
        self.path = descriptor_path
        self.folder = descriptor_path.parent
        try:
            self.descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise InputError(descriptor_path, "", "no such file", "build the package first (gwrdata build) or give the path of a datapackage.json") from None
        except json.JSONDecodeError as err:
            raise InputError(descriptor_path, f"line {err.lineno}", f"not valid JSON ({err.msg})", "repair the descriptor or rebuild it") from None
        self.resources = {r.get("name"): r for r in self.descriptor.get("resources", [])}
        missing = [name for name in resource_names() + ["source_text"] if name not in self.resources]
        if missing:
            raise InputError(descriptor_path, "resources", f"not a gwrdata package: no resource {missing[0]!r}",
                             "validate a datapackage.json written by gwrdata build")
        self.source_resource = self.resources["source_text"]
        self.report_year = int(self.descriptor.get("gwrdata", {}).get("report_year", 0))
        self._tables: dict[str, pd.DataFrame] = {}
        self._numbers: dict[tuple[str, str], pd.Series] = {}

    @cached_property
    def source_bytes(self) -> bytes:
        return (self.folder / self.source_resource["path"]).read_bytes()

    @cached_property
    def text(self) -> str:
        data = self.source_bytes
        encoding = self.source_resource.get("encoding", "utf-8")
        return data.decode("utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding, errors="replace")

    def table(self, name: str) -> pd.DataFrame:
        if name not in self._tables:
            path = self.folder / self.resources[name]["path"]
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8")
            self._tables[name] = frame
        return self._tables[name]

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

    def quote(self, row) -> str:
        return self.quote_span(row.get("start"), row.get("end"))


@dataclass
class ValidationReport:
    package: str
    results: list[CheckResult] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return all(result.ok for result in self.results)

    def to_dict(self) -> dict:
        return {
            "package": self.package,
            "valid": self.valid,
            "checks": [{"name": r.name, "suite": r.suite, "description": r.description, "checked": r.checked,
                        "passed": r.passed, "failed": len(r.failures), "failures": [f.to_dict() for f in r.failures]}
                       for r in self.results],
            "timings": {stage: round(seconds, 3) for stage, seconds in self.timings.items()},
        }

    def summary(self, failures: int = 20) -> str:
        lines = [f"validation of {self.package}: {'VALID' if self.valid else 'INVALID'}"]
        suite = None
        for r in self.results:
            if r.suite != suite:
                suite = r.suite
                lines.append(f"  {suite}")
            mark = "ok  " if r.ok else "FAIL"
            lines.append(f"    {mark} {r.name}: {r.passed} passed, {len(r.failures)} failed")
        shown = 0
        for r in self.results:
            for f in r.failures:
                if shown == failures:
                    lines.append(f"  … {sum(len(x.failures) for x in self.results) - shown} more failures in the JSON report")
                    return "\n".join(lines)
                where = f"row {f.row}" if f.row is not None else "file"
                quote = f" | {f.quote}" if f.quote else ""
                lines.append(f"  FAIL {f.check}: {f.resource} {where} field {f.field} value {f.value!r}: {f.message}{quote}")
                shown += 1
        return "\n".join(lines)

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
        state = "pass" if not check["failed"] else "fail"
        rows.append(f'<tr class="{state}"><td>{esc(check["suite"])}</td><td><code>{esc(check["name"])}</code></td>'
                    f'<td>{esc(check["description"])}</td><td>{check["passed"]}</td><td>{check["failed"]}</td></tr>')
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

def run_frictionless(pkg: LoadedPackage) -> CheckResult:
    import yaml
    from frictionless import Checklist, Package

    spec = yaml.safe_load(resources.files("gwrdata_validation").joinpath("frictionless.yaml").read_text(encoding="utf-8"))
    checklist = Checklist.from_descriptor(spec)
    package = Package(str(pkg.path))
    report = package.validate(checklist=checklist)
    failures = []
    for task in report.tasks:
        for error in task.errors:
            row = getattr(error, "row_number", None)
            fields = getattr(error, "field_name", "") or ",".join(getattr(error, "field_names", None) or [])
            if not fields and error.type == "primary-key":
                fields = ",".join(pkg.resources.get(task.name, {}).get("schema", {}).get("primaryKey", []))
            cell = getattr(error, "cell", "") or ",".join(str(c) for c in (getattr(error, "cells", None) or [])[:3])
            failures.append(Failure("structure.frictionless", task.name or "", row, fields, str(cell), f"{error.type}: {error.message}"))
    for error in report.errors:
        failures.append(Failure("structure.frictionless", "", None, "", "", f"{error.type}: {error.message}"))
    checked = sum((task.stats.get("rows") or 0) + 1 for task in report.tasks)
    return CheckResult("structure.frictionless", "frictionless",
                       "Frictionless package validation: types, constraints, primary keys, foreign keys, duplicate rows, "
                       "spans of at least one character; each resource's hash and bytes match its file.", checked, failures)


# -- great-expectations --------------------------------------------------------------------

def run_great_expectations(pkg: LoadedPackage) -> list[CheckResult]:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    from .suites import load

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    source = context.data_sources.add_pandas("gwrdata")
    results = []
    for name in resource_names():
        frame = _typed(pkg.table(name), name)
        batch = source.add_dataframe_asset(name=name).add_batch_definition_whole_dataframe("all").get_batch(
            batch_parameters={"dataframe": frame})
        suite = gx.ExpectationSuite(**load(name))
        outcome = batch.validate(suite, result_format={"result_format": "COMPLETE"})
        failures = []
        for result in outcome.results:
            if result.success:
                continue
            config = result.expectation_config
            check = (config.meta or {}).get("check", config.type)
            column = config.kwargs.get("column") or config.kwargs.get("column_A") or "+".join(config.kwargs.get("column_list", []))
            indexes = list(result.result.get("unexpected_index_list") or [])
            if not indexes:
                failures.append(Failure(check, name, None, column, "", f"{config.type} failed"))
            for index in indexes[:GX_LIMIT]:
                index = index if isinstance(index, int) else index.get("index", next(iter(index.values())) if isinstance(index, dict) else index)
                raw = pkg.table(name)
                value = raw.at[index, column] if column in raw.columns else ""
                failures.append(Failure(check, name, line(index), column, str(value), f"{config.type} failed",
                                        pkg.quote(raw.loc[index]) if "start" in raw.columns else ""))
            if len(indexes) > GX_LIMIT:
                failures.append(Failure(check, name, None, column, "", f"… and {len(indexes) - GX_LIMIT} more rows"))
        results.append(CheckResult(f"gx.{name}", "great_expectations",
                                   f"Column expectations on {name} generated from the field registry (not null, in set, between, unique, regex, end after start).",
                                   len(outcome.results), failures))
    return results


def _typed(frame: pd.DataFrame, resource: str) -> pd.DataFrame:
    """Numbers as numbers and empty cells as nulls, as a reader of the CSV would see them."""
    typed = frame.replace({"": None})
    for key in registry()["resources"][resource]["fields"]:
        definition = field_definition(key)
        if definition["type"] in ("integer", "number") and definition["name"] in typed.columns:
            typed[definition["name"]] = pd.to_numeric(typed[definition["name"]], errors="coerce")
    return typed


# -- all together --------------------------------------------------------------------------

def validate_package(path: Path, frictionless: bool = True, great_expectations: bool = True) -> ValidationReport:
    path = Path(path)
    if path.is_dir():
        path = path / "datapackage.json"
    report = ValidationReport(str(path))
    started = time.perf_counter()
    pkg = LoadedPackage(path)
    for name in resource_names():
        pkg.table(name)
    report.timings["load"] = time.perf_counter() - started
    if frictionless:
        t = time.perf_counter()
        report.results.append(run_frictionless(pkg))
        report.timings["frictionless"] = time.perf_counter() - t
    if great_expectations:
        t = time.perf_counter()
        report.results.extend(run_great_expectations(pkg))
        report.timings["great_expectations"] = time.perf_counter() - t
    t = time.perf_counter()
    for check in all_checks():
        c = time.perf_counter()
        try:
            checked, failures = check.run(pkg)
        except (KeyError, ValueError, TypeError) as err:
            checked, failures = 0, [Failure(check.name, "", None, "", "", f"the check could not run on this package: {err!r}")]
        report.results.append(CheckResult(check.name, check.suite, check.description, checked, failures, time.perf_counter() - c))
    report.timings["checks"] = time.perf_counter() - t
    return report
