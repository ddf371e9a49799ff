"""The field registry: Table Schemas, column orders and vocabularies from one data file.

``data/registry.yaml`` is the single source of truth; the descriptor, the validation suites and
the data dictionary are generated from it, so a field means the same thing in every table.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml

TABLE_SCHEMA = "https://datapackage.org/profiles/2.0/tableschema.json"


@cache
def registry() -> dict:
    with resources.files("gwrdata.package").joinpath("data", "registry.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


PROFILES = ("report", "panel")


def vocabulary(name: str) -> list[str]:
    vocabularies = {**registry()["vocabularies"], **registry()["panel"]["vocabularies"]}
    return list(vocabularies[name])


def codelist(name: str) -> list[dict]:
    """Every code of a vocabulary with its labels and definition: {code, zh, en, definition}."""
    entries = registry().get("codelists", {}).get(name, {})
    return [{"code": code, **entries.get(code, {})} for code in vocabulary(name)]


def category_label(entry: dict) -> str:
    """One label for a code in both languages, as Table Schema ``categories`` hold one: 'at least · 以上'."""
    return " · ".join(filter(None, [entry.get("en"), entry.get("zh")]))


def resources_of(profile: str = "report") -> dict:
    """The table specs of a package profile: one report's package, or a panel of many reports.

    A panel table that ``extends`` a report table has its own fields first, then that table's
    (its figures are the reports' figures with a report_id), then the fields it lists ``after``
    them (its indicators add their sense), so the two never drift apart.
    """
    return registry()["resources"] if profile == "report" else _panel_resources()


@cache
def _panel_resources() -> dict:
    specs = {}
    for name, spec in registry()["panel"]["resources"].items():
        spec = dict(spec)
        base = registry()["resources"].get(spec.pop("extends", None) or "", {})
        dropped = set(spec.pop("drop", []))
        if base:
            spec["fields"] = list(spec.get("fields", [])) + [key for key in base["fields"] if key not in dropped]
            spec["required"] = list(spec.get("required", [])) + [key for key in base.get("required", []) if key not in dropped]
        spec["fields"] = list(spec.get("fields", [])) + list(spec.pop("after", []))
        specs[name] = spec
    return specs


def resource_names(profile: str = "report") -> list[str]:
    return list(resources_of(profile))


def field_definition(key: str) -> dict:
    """A registry field; ``name`` defaults to its key (headline_status publishes as status)."""
    fields = registry()["fields"]
    spec = dict(fields[key] if key in fields else registry()["panel"]["fields"][key])
    spec.setdefault("name", key)
    return spec


@cache
def field_units() -> dict[tuple[str, str], str]:
    """(table, field) -> unit, from the registry (a Table Schema has no place for units).

    A table name shared by the report and panel profiles (figures) keeps the report's units.
    """
    out = {}
    for name, spec in [*registry()["resources"].items(), *registry()["panel"]["resources"].items()]:
        for key in spec["fields"]:
            definition = field_definition(key)
            if definition.get("unit") and (name, definition["name"]) not in out:
                out[(name, definition["name"])] = definition["unit"]
    return out


def columns(resource: str, profile: str = "report") -> list[str]:
    return [field_definition(key)["name"] for key in resources_of(profile)[resource]["fields"]]


def schema(resource: str, profile: str = "report") -> dict:
    spec = resources_of(profile)[resource]
    required = set(spec.get("required", []))
    fields = []
    for key in spec["fields"]:
        definition = field_definition(key)
        field = {"name": definition["name"], "type": definition["type"], "title": definition["title"],
                 "description": definition["description"]}
        constraints = dict(definition.get("constraints", {}))
        if definition["name"] in required:
            constraints["required"] = True
        if "vocabulary" in definition:
            constraints["enum"] = vocabulary(definition["vocabulary"])
            field["categories"] = [{"value": e["code"], "label": category_label(e)} for e in codelist(definition["vocabulary"])]
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    table = {"$schema": TABLE_SCHEMA, "fields": fields, "missingValues": [""], "primaryKey": spec["primaryKey"]}
    if spec.get("foreignKeys"):
        table["foreignKeys"] = spec["foreignKeys"]
    return table
