"""Checks of a panel package: what frictionless and the column suites cannot see.

A panel is many reports in one package, so its proofs are per report: each text is the one its
hash says, each figure still quotes its own report, each report's figure count is the figures
table's, each result comes from a later report than its target, each attainment row quotes its
target's and result's words where they stand, and each sense, gap and outcome is what the
codebook's rule gives for the indicator and the values beside it.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import pandas as pd

from gwrdata.checks import Failure, check, line
from gwrdata.package.outcome import judge, rule, sense_of
from gwrdata.read.source import sha256_file

SUITE = "panel"


@check("panel.source_hash", SUITE, "Every report's text (in sources/, or in the corpus validate is given with --sources) has the SHA-256 the reports table records.")
def source_hash(pkg):
    reports = pkg.table("reports")
    pkg.need_texts()
    failures = []
    for index, row in reports.iterrows():
        path = pkg.text_path(row["path"])
        actual = sha256_file(path) if path.is_file() else "missing"
        if actual != row["sha256"]:
            failures.append(Failure("panel.source_hash", "reports", line(index), "sha256", row["sha256"],
                                    f"{row['path']} has SHA-256 {actual}: the text is not the one the figures were read from"))
    return len(reports), failures


@check("panel.parquet_structure", SUITE, "Each Parquet table has its schema's columns in order with their types (int64, double, string, bool), a unique primary key, and foreign keys that resolve (what frictionless checks of a CSV).")
def parquet_structure(pkg):
    import pyarrow as pa
    import pyarrow.parquet as pq

    kinds = {"integer": pa.types.is_integer, "number": pa.types.is_floating, "boolean": pa.types.is_boolean,
             "string": lambda t: pa.types.is_string(t) or pa.types.is_large_string(t)}
    failures, checked = [], 0
    for name, resource in pkg.resources.items():
        if resource.get("format") != "parquet":
            continue
        fields = resource["schema"]["fields"]
        arrow = pq.read_schema(pkg.folder / resource["path"])
        checked += len(fields)
        if arrow.names != [f["name"] for f in fields]:
            failures.append(Failure("panel.parquet_structure", name, None, "", ",".join(arrow.names),
                                    f"the columns are not the schema's: {', '.join(f['name'] for f in fields)}"))
            continue
        for field, kind in zip(fields, arrow.types):
            if not kinds.get(field["type"], kinds["string"])(kind):
                failures.append(Failure("panel.parquet_structure", name, None, field["name"], str(kind),
                                        f"stored as {kind}, the schema says {field['type']}"))
        table = pkg.table(name)
        key = resource["schema"].get("primaryKey", [])
        if key:
            doubled = table.duplicated(subset=key, keep="first")
            checked += len(table)
            for index in table.index[doubled][:50]:
                failures.append(Failure("panel.parquet_structure", name, line(index), ",".join(key),
                                        ",".join(table.loc[index, key]), "primary key repeats an earlier row"))
        for foreign in resource["schema"].get("foreignKeys", []):
            column, target = foreign["fields"][0], foreign["reference"]
            known = set(pkg.table(target["resource"])[target["fields"][0]])
            stray = ~table[column].isin(known) & (table[column] != "")
            for index in table.index[stray][:50]:
                failures.append(Failure("panel.parquet_structure", name, line(index), column, table.at[index, column],
                                        f"not a {target['fields'][0]} of {target['resource']}"))
    return checked, failures


@check("panel.figure_spans", SUITE, "Each figure's mention equals its report's text at [start:end].")
def figure_spans(pkg):
    pkg.need_texts()
    return _spans(pkg, "panel.figure_spans", "figures", "mention", pkg.table("figures"))


def _spans(pkg, check: str, name: str, column: str, rows) -> tuple[int, list[Failure]]:
    """Each row's ``column`` against its report's text at [start:end]: the span checks' one loop."""
    failures = []
    for report_id, group in rows.groupby("report_id", sort=False):
        text = pkg.report_text(report_id)
        for index, start, end, words in zip(group.index, group["start"], group["end"], group[column]):
            got = text[int(start):int(end)] if start.isdigit() and end.isdigit() else None
            if got != words:
                failures.append(Failure(check, name, line(index), column, words,
                                        f"{report_id} source[{start}:{end}] is {got!r}", pkg.quote_in(text, start, end)))
    return len(rows), failures


@check("panel.exclusion_spans", SUITE, "Each exclusion's and source issue's mention equals its report's text at [start:end].")
def exclusion_spans(pkg):
    pkg.need_texts()
    failures, checked = [], 0
    for name in ("exclusions", "source_issues"):
        if name in pkg.resources:  # a panel made before it held the reports' exclusions has neither
            count, found = _spans(pkg, "panel.exclusion_spans", name, "mention", pkg.table(name))
            checked, failures = checked + count, failures + found
    return checked, failures


@check("panel.digit_coverage", SUITE, "Every Arabic or full-width digit of every report's text lies in exactly one figure or exclusion of that report: the figures and exclusions account for every number.")
def digit_coverage(pkg):
    import numpy as np

    from gwrdata.checks.arrays import char_mask, codepoints, span_bounds
    from gwrdata.extract.provenance import DIGIT

    if "exclusions" not in pkg.resources:  # a panel made before it held the reports' exclusions
        return 0, []
    pkg.need_texts()
    spans = pd.concat([pkg.table(name)[["report_id", "start", "end"]] for name in ("figures", "exclusions")], ignore_index=True)
    spans = spans[spans["start"].str.isdigit() & spans["end"].str.isdigit()]  # a bad offset is the span checks' to report
    grouped = dict(tuple(spans.groupby("report_id", sort=False)))
    failures, checked = [], 0
    for index, row in pkg.table("reports").iterrows():
        text = pkg.report_text(row["report_id"])
        codes = codepoints(text)
        digits = char_mask(codes, lambda ch: DIGIT.fullmatch(ch) is not None)
        checked += int(digits.sum())
        depth = np.zeros(len(codes) + 1, dtype=np.int64)
        group = grouped.get(row["report_id"])
        if group is not None:
            starts, ends = span_bounds(group["start"], group["end"])
            np.add.at(depth, np.clip(starts, 0, len(codes)), 1)
            np.add.at(depth, np.clip(ends, 0, len(codes)), -1)
        depth = np.cumsum(depth)[:len(codes)]
        for offset in np.flatnonzero(digits & (depth != 1))[:20].tolist():
            why = "no figure or exclusion accounts for it" if depth[offset] == 0 else f"{depth[offset]} spans of figures and exclusions hold it"
            failures.append(Failure("panel.digit_coverage", "reports", line(index), "report_id", row["report_id"],
                                    f"the digit at offset {offset} of {row['report_id']}: {why}", pkg.quote_in(text, offset, offset + 1)))
    return checked, failures


@check("panel.section_references", SUITE, "Each figure's section and each section's parent is a section of the same report.")
def section_references(pkg):
    if "sections" not in pkg.resources:  # a panel made before it held the reports' sections
        return 0, []
    sections = pkg.table("sections")
    known = set(zip(sections["report_id"], sections["section_id"]))
    failures, checked = [], 0
    for name, column in (("figures", "section_id"), ("sections", "parent_id")):
        table = pkg.table(name)
        named = table[table[column] != ""]
        checked += len(named)
        stray = [pair not in known for pair in zip(named["report_id"], named[column])]
        for index in named.index[stray][:50]:
            failures.append(Failure("panel.section_references", name, line(index), column, table.at[index, column],
                                    f"{table.at[index, 'report_id']} has no section {table.at[index, column]!r}"))
    return checked, failures


@check("panel.headline_figures", SUITE, "Each headline row's figure (and a range's upper end) is a figure of the same report, with the row's value, unit, qualifier, measure, direction and year.")
def headline_figures(pkg):
    if "headline" not in pkg.resources:  # a panel made before it held the reports' headline rows
        return 0, []
    headline = pkg.table("headline")
    figures = pkg.table("figures").set_index(["report_id", "figure_id"])
    failures, checked = [], 0
    for index, row in headline[headline["figure_id"] != ""].iterrows():
        checked += 1
        key = (row["report_id"], row["figure_id"])
        if key not in figures.index:
            failures.append(Failure("panel.headline_figures", "headline", line(index), "figure_id", row["figure_id"],
                                    f"{row['report_id']} has no figure {row['figure_id']}"))
            continue
        figure = figures.loc[key]
        wrong = [(name, figure[name]) for name in ("value", "unit", "qualifier", "measure", "direction") if figure[name] != row[name]]
        wrong += [("year", figure["period"])] if figure["period"] != row["year"] else []
        if row["figure_id_to"] != "" and (row["report_id"], row["figure_id_to"]) not in figures.index:
            wrong.append(("figure_id_to", "no such figure"))
        for name, said in wrong[:1]:
            failures.append(Failure("panel.headline_figures", "headline", line(index), name, row[name],
                                    f"the figure {row['figure_id']} of {row['report_id']} says {said!r}"))
    return checked, failures


@check("panel.headline_texts", SUITE, "Each headline row's words equal its report's text at [start:end].")
def headline_texts(pkg):
    if "headline" not in pkg.resources:
        return 0, []
    pkg.need_texts()
    headline = pkg.table("headline")
    return _spans(pkg, "panel.headline_texts", "headline", "text", headline[headline["start"] != ""])


@check("panel.figure_counts", SUITE, "Each report's figures count equals its rows in the figures table.")
def figure_counts(pkg):
    reports = pkg.table("reports")
    counts = pkg.table("figures")["report_id"].value_counts()
    failures = []
    for index, row in reports.iterrows():
        found = int(counts.get(row["report_id"], 0))
        if str(found) != row["figures"]:
            failures.append(Failure("panel.figure_counts", "reports", line(index), "figures", row["figures"],
                                    f"the figures table has {found} rows of {row['report_id']}"))
    return len(reports), failures


@check("panel.report_counts", SUITE, "Each report's targets and results counts equal its rows in the targets table and its results in the attainment table.")
def report_counts(pkg):
    reports = pkg.table("reports")
    if "targets" not in reports or "results" not in reports:  # a panel made before reports counted them
        return 0, []
    targets = pkg.table("targets")["report_id"].value_counts()
    results = pkg.table("attainment")["result_report_id"].value_counts()
    failures = []
    for index, row in reports.iterrows():
        for column, counts, table in (("targets", targets, "targets"), ("results", results, "attainment")):
            found = int(counts.get(row["report_id"], 0))
            if str(found) != row[column]:
                failures.append(Failure("panel.report_counts", "reports", line(index), column, row[column],
                                        f"the {table} table has {found} rows of {row['report_id']}"))
    return len(reports), failures


@check("panel.target_figures", SUITE, "A target's figure exists in its report and gives the target's value, unit and qualifier.")
def target_figures(pkg):
    targets = pkg.table("targets")
    stated = targets[targets["figure_id"] != ""]
    figures = pkg.table("figures").set_index(["report_id", "figure_id"])
    failures = []
    for index, row in stated.iterrows():
        key = (row["report_id"], row["figure_id"])
        if key not in figures.index:
            failures.append(Failure("panel.target_figures", "targets", line(index), "figure_id", row["figure_id"],
                                    f"{row['report_id']} has no figure {row['figure_id']}"))
            continue
        figure = figures.loc[key]
        wrong = [name for name in ("value", "unit", "qualifier") if figure[name] != row[name]]
        if wrong:
            failures.append(Failure("panel.target_figures", "targets", line(index), wrong[0], row[wrong[0]],
                                    f"the figure {row['figure_id']} says {figure[wrong[0]]!r}"))
        # A range's upper end (5%—5.5%) is a figure of the same report, its value the row's value_to.
        upper = row.get("figure_id_to", "")
        if upper or row.get("value_to", ""):
            high = figures.loc[(row["report_id"], upper)] if (row["report_id"], upper) in figures.index else None
            if high is None or high["value"] != row["value_to"] or high["qualifier"] != "up_to":
                failures.append(Failure("panel.target_figures", "targets", line(index), "value_to", row.get("value_to", ""),
                                        f"{row['report_id']} has no up_to figure {upper!r} of that value"))
    return len(stated), failures


@check("panel.result_later", SUITE, "A result comes from a report delivered after the target's year (its review part).")
def result_later(pkg):
    attainment = pkg.table("attainment")
    years = dict(zip(pkg.table("reports")["report_id"], pd.to_numeric(pkg.table("reports")["year"], errors="coerce")))
    failures = []
    stated = attainment[attainment["result_report_id"] != ""]
    for index, row in stated.iterrows():
        year = years.get(row["result_report_id"])
        if year is None or not year > int(row["year"]):
            failures.append(Failure("panel.result_later", "attainment", line(index), "result_report_id", row["result_report_id"],
                                    f"a result for {row['year']} must come from a report delivered after {row['year']}"))
    return len(stated), failures


@check("panel.attainment_texts", SUITE, "Each attainment row's target and result words equal their reports' text at their spans.")
def attainment_texts(pkg):
    pkg.need_texts()
    attainment = pkg.table("attainment")
    failures = []
    checked = 0
    for index, row in attainment.iterrows():
        for part in ("target", "result"):
            report_id, words = row[f"{part}_report_id"], row[f"{part}_text"]
            if report_id == "" and part == "result":
                continue
            checked += 1
            start, end = row[f"{part}_text_start"], row[f"{part}_text_end"]
            try:
                got = pkg.report_text(report_id)[int(start):int(end)]
            except (ValueError, KeyError, OSError):
                got = None
            if got != words:
                failures.append(Failure("panel.attainment_texts", "attainment", line(index), f"{part}_text", words,
                                        f"{report_id} source[{start}:{end}] is {got!r}"))
    return checked, failures


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text) if text != "" else None
    except InvalidOperation:
        return None


@check("panel.outcome_rule", SUITE, "Each sense, gap and outcome is what the codebook's rule gives for the indicator, target and result beside it.")
def outcome_rule(pkg):
    attainment = pkg.table("attainment")
    senses = dict(zip(pkg.table("indicators")["indicator_id"], pkg.table("indicators")["sense"]))
    failures = []
    for index, row in attainment.iterrows():
        def fail(column, why):
            failures.append(Failure("panel.outcome_rule", "attainment", line(index), column, row[column], why))
        try:
            sense = sense_of(senses.get(row["indicator_id"], ""), row["target_qualifier"], row["target_direction"])
        except ValueError:
            fail("indicator_id", f"the indicators table gives {row['indicator_id']} no sense of floor, ceiling, band or either")
            continue
        if row["sense"] != sense:
            fail("sense", f"indicator {row['indicator_id']} ({senses[row['indicator_id']]}) with target {row['target_qualifier']} "
                          f"{row['target_direction']} has sense {sense}")
            continue
        target = {"value": row["target_value"], "value_to": row["target_value_to"], "qualifier": row["target_qualifier"],
                  "direction": row["target_direction"], "unit": row["unit"]}
        # result_value is signed in the target's direction, so it is compared as it stands.
        result = ({"value": row["result_value"], "direction": row["target_direction"], "unit": row["unit"]}
                  if row["result_value"] != "" else None)
        if result is None and row["result_status"] == "words":  # 未达到年初目标: the words decide
            result = {"value": "", "status": "words", "text": row["result_text"]}
        elif result is None and row["result_status"] in rule()["undecided"]:  # a level, urban and rural: stated, not decided
            result = {"value": "", "status": row["result_status"], "text": row["result_text"]}
        expected, gap = judge(target, result, sense)
        allowed = {expected} | ({"unclear"} if result is not None and result["value"] != "" else set())  # another unit or measure than the target's
        if row["outcome"] not in allowed:
            fail("outcome", f"the rule gives {expected} for a {sense} target {row['target_qualifier']} {row['target_value']}"
                            f"{'—' + row['target_value_to'] if row['target_value_to'] else ''} and result "
                            f"{row['result_value'] or ('in words ' + repr(row['result_text']) if row['result_status'] == 'words' else 'not stated')}")
        elif row["outcome"] in ("met", "missed") and _decimal(row["gap"]) != gap:
            fail("gap", f"result − target is {gap} for a {sense} target")
        elif row["outcome"] not in ("met", "missed") and row["gap"] != "":
            fail("gap", f"an outcome of {row['outcome']} has no gap")
    return len(attainment), failures


@check("panel.communique_texts", SUITE, "Each attainment row's communiqué words equal the communiqué's text at their span (with --sources: the corpus root).")
def communique_texts(pkg):
    from gwrdata.read.source import read_source

    attainment = pkg.table("attainment")
    if "communique_path" not in attainment:  # a panel made before the communiqués were read
        return 0, []
    rows = attainment[attainment["communique_path"] != ""]
    if rows.empty:
        return 0, []
    pkg.need_texts()
    texts: dict[str, str] = {}
    failures = []
    for index, row in rows.iterrows():
        path = row["communique_path"]
        if path not in texts:
            try:
                texts[path] = read_source(pkg.text_path(path)).text
            except OSError:
                texts[path] = ""
        start, end = row["communique_text_start"], row["communique_text_end"]
        got = texts[path][int(start):int(end)] if start.isdigit() and end.isdigit() else None
        if got != row["communique_text"]:
            failures.append(Failure("panel.communique_texts", "attainment", line(index), "communique_text", row["communique_text"],
                                    f"{path}[{start}:{end}] is {got!r}"))
    return len(rows), failures


@check("panel.second_source", SUITE, "A result taken from the communiqué is its value and names no report; sources_differ says whether a report's result and the communiqué's value are more than 0.1 apart.")
def second_source(pkg):
    from gwrdata.package.communique import differs, in_direction

    attainment = pkg.table("attainment")
    if "result_source" not in attainment:
        return 0, []
    failures = []
    for index, row in attainment.iterrows():
        def fail(column, why):
            failures.append(Failure("panel.second_source", "attainment", line(index), column, row[column], why))
        if row["result_source"] == "communique":
            expected = _decimal(in_direction(row["communique_value"], row["target_direction"])) if _decimal(row["communique_value"]) is not None else None
            if row["result_report_id"] != "" or expected is None or _decimal(row["result_value"]) != expected:
                fail("result_value", f"a result from the communiqué is its value {row['communique_value']!r}, with no report")
            continue
        if row["result_source"] != ("report" if row["result_report_id"] else ""):
            fail("result_source", "a result from a report says report, and no result says nothing")
            continue
        compared = row["communique_value"] != "" and row["result_value"] != "" and row["result_source"] == "report"
        expected = ("true" if differs(row["result_value"], row["communique_value"]) else "false") if compared else ""
        if row["sources_differ"] != expected:
            fail("sources_differ", f"report {row['result_value'] or '-'} and communiqué {row['communique_value'] or '-'} give {expected or 'nothing to compare'}")
    return len(attainment), failures
