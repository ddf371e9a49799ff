"""The package's files described: its tables written as the registry orders them, and datapackage.json.

One report's package and a panel are written by different loops (a panel streams its reports),
but what they write is described the same way: each table's columns and schema come from the
field registry, each resource entry holds the file's hash and size, and the descriptor's header
(name, title, version, date, licences, sources) comes from the recipe. Only the ``gwrdata``
block, which says what the package holds, is the caller's.
"""

from __future__ import annotations

from pathlib import Path

from gwrdata.extract import csvfile
from gwrdata.package import created
from gwrdata.package.recipe import Recipe
from gwrdata.package.registry import columns, resources_of, schema
from gwrdata.read.source import sha256_file

PACKAGE_SCHEMA = "https://datapackage.org/profiles/2.0/datapackage.json"


def _cell(value) -> str:
    return "" if value is None else str(value)


def write_rows(path: Path, resource: str, rows: list[dict], profile: str = "report") -> None:
    """A CSV table: the registry's columns in order, a row's missing or None cell empty, LF line
    ends and every field holding CR or LF quoted (extract.csvfile)."""
    names = columns(resource, profile)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csvfile.writer(handle)
        writer.writerow(names)
        for row in rows:
            writer.writerow([_cell(row.get(name)) for name in names])


def resource_entry(name: str, folder: Path, profile: str = "report") -> dict:
    """A table's resource: ``data/<name>.csv``, or ``.parquet`` where the registry says so."""
    spec = resources_of(profile)[name]
    if spec.get("format") == "parquet":
        path = f"data/{name}.parquet"
        kind = {"path": path, "format": "parquet", "mediatype": "application/vnd.apache.parquet"}
    else:
        path = f"data/{name}.csv"
        kind = {"path": path, "format": "csv", "mediatype": "text/csv", "encoding": "utf-8"}
    file = folder / path
    return {"name": name, "title": spec["title"], "description": spec["description"], **kind,
            "hash": f"sha256:{sha256_file(file)}", "bytes": file.stat().st_size, "schema": schema(name, profile)}


def package(recipe: Recipe, sources: list[dict], resources: list[dict], about: dict) -> dict:
    """The descriptor: the recipe's header, the sources and resources, and ``about`` as the
    ``gwrdata`` block."""
    config = recipe.config
    return {
        "$schema": PACKAGE_SCHEMA,
        "name": recipe.name,
        "title": f"{config['title_zh']} — {config['title_en']}",
        "description": " ".join(str(config.get("description", "")).split()),
        "version": recipe.version,
        "created": config.get("created") or created.now(),  # the build's date when the recipe pins none
        "keywords": config.get("keywords", []),
        "licenses": config.get("licenses", []),
        "contributors": config.get("contributors", []),
        "sources": sources,
        "resources": resources,
        "gwrdata": about,
    }
