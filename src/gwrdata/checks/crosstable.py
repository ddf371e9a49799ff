"""Cross-table: the headline restates figures; it must restate them exactly, and miss no target."""

from __future__ import annotations

from gwrdata.package.headline import TARGET, _ITEM_SPLIT, _sentence, _spans
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
        values = pkg.table(resource)[column]
        known = set(pkg.table(target)[key])
        present = values[values != ""]  # the column alone: copying a million-row table costs seconds
        checked += len(present)
        for i in present.index[~present.isin(known)]:
            failures.append(Failure("cross.references_exist", resource, line(i), column, values[i],
                                    f"no {target} row has {key} {values[i]!r}"))
    return checked, failures


@check("cross.headline_covers_targets", "cross_table", "The headline table has a target row for every item of the report's 主要预期目标 sentence.")
def covers_targets(pkg):
    text = pkg.text
    plan = pkg.table("sections")
    plan = plan[plan["kind"].isin(["plan", "unstructured"])]
    match = None
    for start, end in zip(plan["start"], plan["end"]):
        match = TARGET.search(text, int(start), int(end))
        if match:
            break
    if match is None:
        return 0, []
    s_start, s_end = _sentence(text, match.end())
    items = _spans(text, s_start, s_end, _ITEM_SPLIT)
    headline = pkg.table("headline")
    targets = headline[headline["status"] == "target"]
    covered = set(zip(targets["start"], targets["end"]))
    return len(items), [Failure("cross.headline_covers_targets", "headline", None, "text", text[s:e],
                                "this target item of the report has no headline row", pkg.quote_span(s, e))
                        for s, e in items if (str(s), str(e)) not in covered]
