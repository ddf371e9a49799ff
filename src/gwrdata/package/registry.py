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


def vocabulary(name: str) -> list[str]:
    return list(registry()["vocabularies"][name])


def codelist(name: str) -> list[dict]:
    """Every code of a vocabulary with its labels and definition: {code, zh, en, definition}."""
    entries = registry().get("codelists", {}).get(name, {})
    return [{"code": code, **entries.get(code, {})} for code in vocabulary(name)]


def category_label(entry: dict) -> str:
    """One label for a code in both languages, as Table Schema ``categories`` hold one: 'at least · 以上'."""
    return " · ".join(filter(None, [entry.get("en"), entry.get("zh")]))


def resource_names() -> list[str]:
    return list(registry()["resources"])


def field_definition(key: str) -> dict:
    """A registry field; ``name`` defaults to its key (headline_status publishes as status)."""
    spec = dict(registry()["fields"][key])
    spec.setdefault("name", key)
    return spec


def columns(resource: str) -> list[str]:
    return [field_definition(key)["name"] for key in registry()["resources"][resource]["fields"]]


def schema(resource: str) -> dict:
    spec = registry()["resources"][resource]
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
