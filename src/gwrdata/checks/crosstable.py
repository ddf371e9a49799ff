"""Cross-table: the headline restates figures; it must restate them exactly, and miss no target."""

from __future__ import annotations

import bisect

import pandas as pd

from gwrdata.package.headline import _spans
from . import Failure, check, line

COMPARED = ("value", "unit", "qualifier", "measure", "direction")


@check("cross.headline_matches_figure", "cross_table", "Every headline row equals its figure row (value, unit, qualifier, measure, direction, year).")
def headline_matches(pkg):
    headline = pkg.table("headline")
    figures = pkg.table("figures").set_index("figure_id", drop=False)
    failures, checked = [], 0
    for i in headline.index[headline["figure_id"] != ""]:
        fid = headline.at[i, "figure_id"]
        if fid not in figures.index:
            continue  # cross.references_exist reports it
        checked += 1
        figure = figures.loc[fid]
        for column in COMPARED:
            if headline.at[i, column] != figure[column]:
                failures.append(Failure("cross.headline_matches_figure", "headline", line(i), column, headline.at[i, column],
                                        f"figure {fid} has {column} {figure[column]!r}", pkg.quote(figure)))
        if headline.at[i, "year"] != figure["period"]:
            failures.append(Failure("cross.headline_matches_figure", "headline", line(i), "year", headline.at[i, "year"],
                                    f"figure {fid} has period {figure['period']}", pkg.quote(figure)))
    return checked, failures


REFERENCES = (
    ("figures", "indicator_id", "indicators", "indicator_id"),
    ("figures", "unit", "units", "unit"),
    ("figures", "section_id", "sections", "section_id"),
    ("headline", "figure_id", "figures", "figure_id"),
    ("headline", "indicator_id", "indicators", "indicator_id"),
    ("sections", "parent_id", "sections", "section_id"),
)


@check("cross.references_exist", "cross_table", "Every indicator, unit, section and figure a row refers to exists.")
def references(pkg):
    failures, checked = [], 0
    for resource, column, target, key in REFERENCES:
        table, targets = pkg.table(resource), pkg.table(target)
        values = table[column]
        present = values[values != ""]  # the column alone: copying a million-row table costs seconds
        checked += len(present)
        if "report_id" in table.columns and "report_id" in targets.columns:   # a panel: ids are a report's
            known = pd.MultiIndex.from_arrays([targets["report_id"], targets[key]])
            found = pd.MultiIndex.from_arrays([table["report_id"][present.index], present]).isin(known)
        else:
            found = present.isin(set(targets[key])).to_numpy(dtype=bool)
        for i in present.index[~found]:
            failures.append(Failure("cross.references_exist", resource, line(i), column, values[i],
                                    f"no {target} row has {key} {values[i]!r}"))
    return checked, failures


@check("cross.headline_covers_targets", "cross_table", "Every item of the target paragraph the descriptor names (主要预期目标) that states a figure lies in the span of a headline target row.")
def covers_targets(pkg):
    """The descriptor records where the paragraph of main expected targets is (gwrdata.targets);
    each of its clauses holding a figure must be a headline target row's words, so no target of
    the report is dropped from the headline table."""
    where = pkg.descriptor.get("gwrdata", {}).get("targets") or {}
    if not where.get("found"):
        return 0, []
    text = pkg.text
    starts = sorted(int(s) for s in pkg.table("figures")["start"])
    headline = pkg.table("headline")
    targets = headline[(headline["status"] == "target") & (headline["start"] != "")]
    spans = [(int(s), int(e)) for s, e in zip(targets["start"], targets["end"])]
    items = [(s, e) for s, e in _spans(text, int(where["start"]), int(where["end"]))
             if bisect.bisect_left(starts, s) < bisect.bisect_left(starts, e)]
    return len(items), [Failure("cross.headline_covers_targets", "headline", None, "text", text[s:e],
                                "this target item of the report has no headline row", pkg.quote_span(s, e))
                        for s, e in items if not _covered(text, s, e, spans)]


def _covered(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Is text[start:end] the words of one headline row, or of rows that follow one another
    with only a 、 between them? The headline cuts an item at a 、 where two indicators each have
    their figure (城镇登记失业率控制在4.5%以内、调查失业率控制在5.5%以内): two rows, one item."""
    cursor = start
    for a, b in sorted(span for span in spans if span[0] < end and span[1] > start):
        if a > cursor and text[cursor:a].strip("、 "):
            return False
        cursor = max(cursor, b)
    return cursor >= end


@check("cross.range_ends", "cross_table", "A range target's upper end is a figure: value_to is the value of figure_id_to, an up_to figure one dash after figure_id's; neither stands without the other.")
def range_ends(pkg):
    headline = pkg.table("headline")
    if "value_to" not in headline:  # a package made before ranges were kept whole
        return 0, []
    figures = pkg.table("figures").set_index("figure_id", drop=False)
    failures, checked = [], 0
    for i in headline.index[(headline["value_to"] != "") | (headline["figure_id_to"] != "")]:
        checked += 1
        low, high = headline.at[i, "figure_id"], headline.at[i, "figure_id_to"]
        if high not in figures.index or low not in figures.index:
            failures.append(Failure("cross.range_ends", "headline", line(i), "figure_id_to", high, "no such figure, or no lower end"))
            continue
        upper = figures.loc[high]
        if headline.at[i, "value_to"] != upper["value"] or upper["qualifier"] != "up_to" \
                or int(upper["start"]) != int(figures.loc[low]["end"]) + 1:
            failures.append(Failure("cross.range_ends", "headline", line(i), "value_to", headline.at[i, "value_to"],
                                    f"figure {high} ({upper['mention']}, {upper['qualifier']}) is not the upper end of {low}", pkg.quote(upper)))
    return checked, failures
