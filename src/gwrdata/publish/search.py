"""Finding a dataset: ``gwrdata list``, ``gwrdata search WORDS...`` and ``gwrdata.catalog()``.

Why: a dataset's name used to be learnt from an error message or by reading catalog.json. The
catalog already says, for every version, its name, title, description, keywords, governments,
years and indicators (``about.py``), so finding one is a look through it, with nothing else
downloaded.

How words match: every word must occur (case-insensitively, as a substring, so 沈阳 finds
沈阳市人民政府 and gdp finds the indicator ``gdp``) in one of the version's texts: name,
version, title, description, keywords, licences, government names, years, indicator ids and
names. A word that matches nothing gives an empty result, not an error: "no such data" is an
answer. The catalog is read by ``fetch.read_catalog`` (an URL or a local path, checked against
the catalog's JSON Schema), the same way ``gwrdata get`` reads it.
"""

from __future__ import annotations

from gwrdata.publish.catalog import version_key

COLUMNS = ("name", "version", "latest", "date", "title", "description", "governments", "year_from", "year_to",
           "indicators", "keywords", "licenses", "rows", "files", "bytes", "folder")


def read(catalog: str | None = None) -> tuple[str, dict]:
    """(where the catalog is, the catalog): the one asked for, $GWRDATA_CATALOG, or the public one."""
    from gwrdata.publish import fetch

    location = fetch.default_catalog(catalog)
    return location, fetch.read_catalog(location)


def versions(listing: dict) -> list[dict]:
    """One flat record per dataset version (datasets by name, versions newest first)."""
    records = []
    for dataset in sorted(listing["datasets"], key=lambda d: d["name"]):
        for entry in sorted(dataset["versions"], key=lambda v: version_key(v["version"]), reverse=True):
            years = entry.get("years", [])
            records.append({
                "name": dataset["name"], "version": entry["version"], "latest": entry["version"] == dataset["latest"],
                "date": entry["date"], "title": entry["title"], "description": entry.get("description", ""),
                "governments": [g["name"] + (f" ({g['name_en']})" if g.get("name_en") else "") for g in entry.get("governments", [])],
                "year_from": min(years) if years else None, "year_to": max(years) if years else None,
                "indicators": [i["id"] for i in entry.get("indicators", [])],
                "keywords": list(entry.get("keywords", [])), "licenses": list(entry["licenses"]),
                "rows": sum(entry["rows"].values()), "files": len(entry["files"]),
                "bytes": sum(f["bytes"] for f in entry["files"]), "folder": entry["folder"],
                "_text": _text(dataset, entry),
            })
    return records


def _text(dataset: dict, entry: dict) -> str:
    """Everything a word may match in one version, case-folded."""
    parts = [dataset["name"], dataset["title"], entry["version"], entry["title"], entry.get("description", ""),
             *entry.get("keywords", []), *entry["licenses"], *map(str, entry.get("years", []))]
    for government in entry.get("governments", []):
        parts += [government["name"], government.get("name_en", "")]
    for indicator in entry.get("indicators", []):
        parts += [indicator["id"], indicator.get("name_zh", ""), indicator.get("name_en", "")]
    return "\n".join(parts).casefold()


def search(listing: dict, words: list[str]) -> list[dict]:
    """The versions every word occurs in (all versions when no word is given)."""
    wanted = [w.casefold() for w in words if w.strip()]
    return [r for r in versions(listing) if all(w in r["_text"] for w in wanted)]


def public(record: dict) -> dict:
    """A record as printed (--json) and as a DataFrame row: without the matching text."""
    return {key: record[key] for key in COLUMNS}


def datasets(records: list[dict]) -> list[dict]:
    """Records grouped per dataset for the text output: the newest matching version speaks for it."""
    grouped: dict[str, dict] = {}
    for record in records:
        if record["name"] not in grouped:
            grouped[record["name"]] = {**public(record), "versions": []}
        grouped[record["name"]]["versions"].append(record["version"])
    return list(grouped.values())


def lines(records: list[dict]) -> list[str]:
    """Short text: one block per dataset (name, versions, title, governments, years, indicators)."""
    out = []
    for item in datasets(records):
        span = "" if item["year_from"] is None else (
            f"{item['year_from']}" if item["year_from"] == item["year_to"] else f"{item['year_from']}–{item['year_to']}")
        out.append(f"{item['name']}  {', '.join(item['versions'])}  {item['title']}")
        facts = [f"governments: {_few(item['governments'])}" if item["governments"] else "",
                 f"years: {span}" if span else "", f"indicators: {_few(item['indicators'])}" if item["indicators"] else ""]
        if any(facts):
            out.append("    " + "; ".join(f for f in facts if f))
    return out


def _few(items: list[str], most: int = 6) -> str:
    return ", ".join(items[:most]) + (f" and {len(items) - most} more" if len(items) > most else "")


def frame(catalog: str | None = None):
    """``gwrdata.catalog()``: the catalog as a pandas DataFrame, one row per dataset version."""
    import pandas as pd

    records = [public(r) for r in versions(read(catalog)[1])]
    table = pd.DataFrame.from_records(records, columns=list(COLUMNS))
    table["latest"] = table["latest"].astype("boolean")
    for column in ("year_from", "year_to", "rows", "files", "bytes"):
        table[column] = table[column].astype("Int64")
    table["date"] = pd.to_datetime(table["date"])
    return table
