"""Curation: a recipe's mappings applied to the extracted figures.

Curated files name figures by ``figure_id`` and never restate a value: values always come from
the extraction, so a curated file cannot disagree with the source. A recipe that curates
figures must curate all of them; a missing or stale row is an error naming the row to add or
remove, never a silent gap.
"""

from __future__ import annotations

from gwrdata.errors import InputError
from gwrdata.package.recipe import Recipe
from gwrdata.package.registry import vocabulary


def apply(recipe: Recipe, figures: list[dict]) -> list[dict]:
    curated = recipe.table("figures.csv")
    links = {row["figure_id"]: row["indicator_id"] for row in recipe.table("indicator_links.csv") or []}
    categories = set(vocabulary("category"))
    path = recipe.folder / "figures.csv"
    by_id = {row["figure_id"]: (number, row) for number, row in enumerate(curated or [], start=2)}
    known = {f["figure_id"] for f in figures}
    if curated is not None:
        stale = [fid for fid in by_id if fid not in known]
        if stale:
            number, _ = by_id[stale[0]]
            raise InputError(path, f"line {number}", f"figure {stale[0]} is not in the extraction ({len(stale)} such rows)",
                             "remove the row, or map it to the figure's new id (ids are 'F' + start offset)")
    for fid in links:
        if fid not in known:
            raise InputError(recipe.folder / "indicator_links.csv", fid, "links a figure that is not in the extraction", "remove or correct the row")
    out = []
    for figure in figures:
        row = dict(figure, subject_en="", category="", indicator_id=links.get(figure["figure_id"], ""))
        if curated is not None:
            if figure["figure_id"] not in by_id:
                raise InputError(path, figure["figure_id"],
                                 f"no row for figure {figure['mention']!r} in “{figure['sentence'][:40]}…”",
                                 "add a row with figure_id, subject_zh (optional), subject_en and category")
            number, entry = by_id[figure["figure_id"]]
            if entry.get("category") not in categories:
                raise InputError(path, f"line {number}", f"category {entry.get('category')!r} is not one of {sorted(categories)}", "use one of those")
            if entry.get("subject_zh"):
                row["subject_zh"] = entry["subject_zh"]
            row["subject_en"] = entry.get("subject_en", "")
            row["category"] = entry["category"]
        out.append(row)
    return out
