"""Transform: one report's text and recipe -> every table of its package, as rows.

Why a module of its own: a single report's build and a panel's build both run every report
through exactly this (extraction, curation, headline table, units), so neither imports the
other: ``build`` writes one report's package, ``panel`` streams many reports' rows into one.
"""

from __future__ import annotations

from gwrdata.extract.figures import extract
from gwrdata.extract.lexicon import magnitude_labels, magnitudes, measure_words
from gwrdata.extract.numbers import format_decimal
from gwrdata.package import curate, headline, targets
from gwrdata.package.recipe import Recipe

SECTION_STATUS = {"review": "actual", "plan": "target", "preamble": "actual", "unstructured": ""}


def tables(recipe: Recipe) -> tuple[dict[str, list[dict]], object, object, headline.Headline]:
    """Transform: every table of the package, as rows in registry column order; the source, the
    extraction, and the headline (what the descriptor says about the target paragraph, and the
    review's results a panel reads)."""
    source = recipe.read_source()
    parts_override = recipe.table("parts.csv")
    result = extract(source.text, recipe.year, name=source.path.name, parts=parts_override,
                     parts_source=recipe.folder / "parts.csv")
    figures = curate.apply(recipe, result.figures)
    table = headline.build(recipe, source.text, figures, result.sections)
    headline_rows, indicators = table.rows, table.indicators
    targets.add_signed_values(figures)
    targets.add_signed_values(headline_rows)
    targets.add_names(headline_rows, indicators)
    titles = {row["section_id"]: row["title_en"] for row in recipe.table("sections.csv") or []}
    sections = [
        {"section_id": s.section_id, "level": s.level, "number": s.number, "parent_id": s.parent_id,
         "title_zh": s.title_zh, "title_en": titles.get(s.section_id, ""), "kind": s.kind, "period": s.period,
         "status": SECTION_STATUS[s.kind], "start": s.start, "end": s.end, "part_kind": s.part_kind,
         "period_from": s.period_from, "period_to": s.period_to, "decided_by": s.decided_by}
        for s in result.sections
    ]
    return {
        "figures": figures,
        "headline": headline_rows,
        "targets_results": targets.wide(headline_rows),
        "indicators": indicators,
        "sections": sections,
        "units": unit_rows(figures),
        "exclusions": result.exclusions,
        "source_issues": result.source_issues,
    }, source, result, table


def unit_rows(figures: list[dict]) -> list[dict]:
    words = measure_words()
    mags = magnitudes()
    labels = magnitude_labels()
    rows = {}
    for figure in figures:
        unit = figure["unit"]
        if unit in rows or not unit:  # a bare number has no unit, and so no row in the codelist
            continue
        word = figure_measure_word(unit)
        magnitude = unit[: len(unit) - len(word)] if word else unit
        entry = words.get(word, {})
        base = entry.get("base_unit") or figure["base_unit"]
        label = entry.get("label_en", "")
        if magnitude:
            label = f"{labels.get(magnitude, magnitude)} {label or '(count)'}".strip()
        rows[unit] = {"unit": unit, "measure_word": word, "base_unit": base,
                      "multiplier": format_decimal(mags[magnitude]) if magnitude in mags else "1", "label_en": label or unit}
    return [rows[key] for key in sorted(rows)]


def figure_measure_word(unit: str) -> str:
    """The measure word a unit ends with (元 of 亿元), longest first; '' for a bare magnitude (万)."""
    for word in sorted(measure_words(), key=len, reverse=True):
        if unit.endswith(word) and unit[: len(unit) - len(word)] in ("", *magnitudes()):
            return word
    return ""
