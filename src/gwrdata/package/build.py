"""Building the data package: extraction + recipe -> tidy CSV tables + a Frictionless descriptor.

One stage shape: load (recipe, source), transform (extract, curate, headline, tables), save
(CSV and datapackage.json). The package is written beside its target and swapped in whole, so
a failed or killed build never leaves half a package behind.
"""

from __future__ import annotations


import csv
import json
import shutil
import tempfile
from pathlib import Path

from gwrdata import __version__
from gwrdata.package import descriptor as descriptors
from gwrdata.package import swap
from gwrdata.package.recipe import Recipe
from gwrdata.package.transform import tables
from gwrdata.package.registry import resource_names
from gwrdata.read.source import sha256_file


def row_count(path: Path) -> int:
    """Data rows of a CSV table, not lines: a quoted cell may hold a line break (a Parquet
    table's rows from its footer)."""
    if Path(path).suffix == ".parquet":
        import pyarrow.parquet as pq

        return pq.ParquetFile(path).metadata.num_rows
    with open(path, encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.reader(handle)) - 1


def descriptor(recipe: Recipe, folder: Path, source_rel: str, result, target_paragraph: dict) -> dict:
    meta = recipe.config["source"]
    source_file = folder / source_rel
    resources = [descriptors.resource_entry(name, folder) for name in resource_names()]
    resources.append({
        "name": "source_text", "type": "file",
        "title": meta.get("title_zh", "source text"),
        "description": "The report's text exactly as published by the source (never edited); every start/end offset in the tables indexes this file decoded as UTF-8.",
        "path": source_rel, "format": "txt", "mediatype": "text/plain", "encoding": meta.get("encoding") or "utf-8",
        "hash": f"sha256:{sha256_file(source_file)}", "bytes": source_file.stat().st_size,
    })
    sources = [{
        "title": " — ".join(filter(None, [meta.get("title_zh"), meta.get("title_en")])),
        "path": source_rel,
        **({"description": " ".join(str(meta["origin"]).split())} if meta.get("origin") else {}),
    }] + ([{"title": f"{meta.get('title_zh') or meta.get('title_en') or 'source'} — official address", "path": meta["url"]}]
          if meta.get("url") else [])
    return descriptors.package(recipe, sources, resources, {
        "report_year": recipe.year,
        "government_zh": meta.get("government_zh", ""),
        "government_en": meta.get("government_en", ""),
        "source_sha256": sha256_file(source_file),
        # Where a user can check the text against the government's own publication, when
        # the recipe records it (source.url, source.retrieved); never guessed.
        **({"source_url": str(meta["url"])} if meta.get("url") else {}),
        **({"source_retrieved": str(meta["retrieved"])} if meta.get("retrieved") else {}),
        "source_license_note": " ".join(str(meta.get("license_note", "")).split()),
        "known_defects": meta.get("known_defects", []),
        "headings_found": result.headed,
        "periods": ("from the report's part headings" if result.headed
                    else "the report has no part headings: periods come from --year and the years stated in sentences"),
        "targets": target_paragraph,
        "toolkit": f"gwrdata {__version__}",
    })


def build(recipe: Recipe, out: Path | None = None) -> dict:
    """Write the package into ``out`` (default: the recipe's); return the descriptor.

    The whole package is written into a hidden folder beside ``out`` and swapped in by renames,
    so a build killed at any moment leaves the old package or the new one, never a mix: on Linux
    one ``renameat2(RENAME_EXCHANGE)`` swaps the two folders; elsewhere the old one is renamed
    aside first and the next build puts it back if the process died between the two renames.
    """
    if recipe.is_panel:
        from gwrdata.package import panel

        return panel.build(recipe, out)
    out = Path(out) if out else recipe.out
    _check_target(out)
    data, source, result, table = tables(recipe)
    target_paragraph = table.descriptor()
    source_rel = f"sources/{source.path.name}"
    with swap.locked(out.parent):
        swap.recover(out)
        return _write(recipe, out, data, source, result, target_paragraph, source_rel)


def _write(recipe: Recipe, out: Path, data: dict, source, result, target_paragraph: dict, source_rel: str) -> dict:
    staging = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.build-"))
    try:
        (staging / "data").mkdir()
        (staging / "sources").mkdir()
        for name in resource_names():
            descriptors.write_rows(staging / "data" / f"{name}.csv", name, data[name])
        shutil.copyfile(source.path, staging / source_rel)
        package = descriptor(recipe, staging, source_rel, result, target_paragraph)
        text = json.dumps(package, ensure_ascii=False, indent=2) + "\n"
        (staging / "datapackage.json").write_text(text, encoding="utf-8")
        staging.chmod(0o755)
        swap.replace_folder(staging, out)
        staging = None
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
    return package


def _check_target(out: Path) -> None:
    """``out`` is new, empty or a package gwrdata wrote and nothing else, at any depth: the swap
    replaces the whole folder, so a mistaken ``--out .`` must not lose files."""
    swap.check_replaceable(out)
