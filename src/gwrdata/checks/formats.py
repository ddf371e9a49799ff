"""Validation reports as CI systems read them: GitHub annotations and a job summary, and JUnit XML.

Why: a maintainer of another repository runs ``gwrdata validate`` in CI and wants each failure
where the CI shows failures. GitHub Actions turns ``::error file=…,line=…::…`` lines into
annotations on the file and line, and shows Markdown appended to ``$GITHUB_STEP_SUMMARY`` on
the run's page. Most other CI systems (GitLab, Jenkins, Azure) read JUnit XML: one test suite per
package, one test case per check, a ``<failure>`` per failed check listing its failures.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from gwrdata.read import escape

FAILURES_SHOWN = 50  # annotations per check; the count in the summary is always complete


def _escape(text: str, property_: bool = False) -> str:
    """GitHub's workflow-command escaping (data and property values differ)."""
    return escape.github_property(text) if property_ else escape.github_data(text)


def _file(report, failure, files: dict[str, str]) -> str:
    return files.get(failure.resource) or report.package


def github(reports: list, files: list[dict[str, str]] | None = None) -> str:
    """Annotation lines for every failure (``files`` maps resource names to paths, per report)."""
    lines = []
    for index, report in enumerate(reports):
        paths = (files or [{}] * len(reports))[index]
        for result in report.results:
            for failure in result.failures[:FAILURES_SHOWN]:
                where = f"file={_escape(_file(report, failure, paths), True)}"
                if failure.row is not None:
                    where += f",line={int(failure.row)}"
                title = _escape(f"{failure.check} ({failure.resource or 'package'})", True)
                field = f" field {failure.field}" if failure.field else ""
                value = f" value {failure.value!r}" if failure.value else ""
                lines.append(f"::error {where},title={title}::{_escape(f'{failure.message}{field}{value}')}")
            if len(result.failures) > FAILURES_SHOWN:
                lines.append(f"::warning title={_escape(result.name, True)}::"
                             f"{len(result.failures) - FAILURES_SHOWN} more failures of {result.name} (see the JSON report)")
        verdict = "VALID" if report.valid else "INVALID"
        lines.append(f"::notice title=gwrdata validate::{_escape(f'{report.package}: {verdict}')}")
    return "\n".join(lines) + "\n"


def summary_markdown(reports: list) -> str:
    """The job summary: one table row per package, then the failed checks."""
    md = escape.markdown
    lines = ["## gwrdata validate", "", "| package | verdict | checks | failed checks | failures |", "|---|---|---|---|---|"]
    for report in reports:
        failed = [r for r in report.results if not r.ok]
        lines.append(f"| {md(report.package)} | {'✅ valid' if report.valid else '❌ invalid'} | {len(report.results)} | "
                     f"{len(failed)} | {sum(len(r.failures) for r in failed)} |")
    for report in reports:
        for result in (r for r in report.results if not r.ok):
            first = result.failures[0]
            lines.append(f"- {md(report.package)} **{md(result.name)}**: {len(result.failures)} failed, e.g. "
                         f"{md(first.resource or 'package')} row {md(first.row)}: {md(first.message)}")
    return "\n".join(lines) + "\n"


def write_summary(reports: list, path: str | Path) -> None:
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(summary_markdown(reports))


def junit(reports: list) -> str:
    """JUnit XML: a <testsuite> per package, a <testcase> per check, a <failure> per failed check."""
    x = escape.xml
    root = ET.Element("testsuites", name="gwrdata validate",
                      tests=str(sum(len(r.results) for r in reports)),
                      failures=str(sum(1 for r in reports for c in r.results if not c.ok)))
    for report in reports:
        suite = ET.SubElement(root, "testsuite", name=x(report.package), tests=str(len(report.results)),
                              failures=str(sum(1 for c in report.results if not c.ok)), errors="0", skipped="0")
        for result in report.results:
            case = ET.SubElement(suite, "testcase", classname=x(f"{report.package}.{result.suite}"), name=x(result.name))
            if not result.ok:
                failure = ET.SubElement(case, "failure", type=x(result.name),
                                        message=x(f"{len(result.failures)} of {result.checked} failed: {result.failures[0].message}"))
                failure.text = "\n".join(x(escape.line(
                    f"{f.resource or 'package'} row {f.row} field {f.field} value {f.value!r}: {f.message}"
                    + (f" | {f.quote}" if f.quote else ""))) for f in result.failures)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
