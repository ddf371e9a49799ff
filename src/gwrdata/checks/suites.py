"""The great-expectations suites, generated from the field registry.

The suites are data (validation/gx/<resource>.json, GX 1.x format) that anyone can load into
great_expectations; they are generated from the registry so they cannot drift from the
schemas (a test regenerates them and compares). Regenerate with ``python -m gwrdata.checks.suites``.
"""

from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path

from gwrdata.package.registry import PROFILES, field_definition, resource_names, resources_of, vocabulary


def _expectation(kind: str, check: str, **kwargs) -> dict:
    return {"type": kind, "kwargs": kwargs, "meta": {"check": check}}


def suite(resource: str, profile: str = "report") -> dict:
    spec = resources_of(profile)[resource]
    required = set(spec.get("required", []))
    # One expectation for the columns, not one per column: great-expectations spends about the
    # same time on every expectation whatever the table's size, so fewer expectations is faster.
    out = [_expectation("expect_table_columns_to_match_ordered_list", f"gx.{resource}.columns",
                        column_list=[field_definition(key)["name"] for key in spec["fields"]])]
    for key in spec["fields"]:
        definition = field_definition(key)
        name = definition["name"]
        if name in required:
            out.append(_expectation("expect_column_values_to_not_be_null", f"gx.{resource}.not_null.{name}", column=name))
        if "vocabulary" in definition:
            out.append(_expectation("expect_column_values_to_be_in_set", f"gx.{resource}.in_set.{name}",
                                    column=name, value_set=vocabulary(definition["vocabulary"])))
        constraints = definition.get("constraints", {})
        if "minimum" in constraints or "maximum" in constraints:
            out.append(_expectation("expect_column_values_to_be_between", f"gx.{resource}.between.{name}", column=name,
                                    min_value=constraints.get("minimum"), max_value=constraints.get("maximum")))
        if "pattern" in constraints:
            out.append(_expectation("expect_column_values_to_match_regex", f"gx.{resource}.regex.{name}",
                                    column=name, regex=constraints["pattern"]))
    key = spec["primaryKey"]
    if len(key) == 1:
        out.append(_expectation("expect_column_values_to_be_unique", f"gx.{resource}.unique.{key[0]}", column=key[0]))
    else:
        out.append(_expectation("expect_compound_columns_to_be_unique", f"gx.{resource}.unique.{'+'.join(key)}", column_list=key))
    names = [field_definition(k)["name"] for k in spec["fields"]]
    if "start" in names and "end" in names:
        out.append(_expectation("expect_column_pair_values_a_to_be_greater_than_b", f"gx.{resource}.span.end_after_start",
                                column_A="end", column_B="start", or_equal=False, ignore_row_if="either_value_is_missing"))
    return {"name": resource, "expectations": out, "meta": {"generated_from": "src/gwrdata/package/data/registry.yaml"}}


def suite_text(resource: str, profile: str = "report") -> str:
    return json.dumps(suite(resource, profile), ensure_ascii=False, indent=2) + "\n"


def suite_path(resource: str, profile: str = "report") -> str:
    """Where a suite lives under validation/gx: a panel's suites in their own folder (panel/)."""
    return f"{resource}.json" if profile == "report" else f"{profile}/{resource}.json"


def load(resource: str, profile: str = "report") -> dict:
    """The committed suite of a resource (as shipped in gwrdata_validation)."""
    path = resources.files("gwrdata_validation").joinpath("gx", *suite_path(resource, profile).split("/"))
    return json.loads(path.read_text(encoding="utf-8"))


def write(folder: Path) -> list[Path]:
    paths = []
    for profile in PROFILES:
        for resource in resource_names(profile):
            path = folder / suite_path(resource, profile)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(suite_text(resource, profile), encoding="utf-8")
            paths.append(path)
    return paths


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("validation") / "gx"
    for written in write(target):
        print(written)
