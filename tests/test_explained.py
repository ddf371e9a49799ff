"""Frames that explain themselves: `df.attrs` of each loaded table, and a short `repr(dataset)`.

Expected values come from the committed release itself (the descriptor and README.md inside its
-csv.zip, its manifest) and from the field registry's YAML read directly.
"""

from __future__ import annotations

import json
import zipfile

import pytest
import yaml

from conftest import ROOT
from gwrdata.publish.load import Dataset, load

NAME = "shenyang-gwr-2024"
RELEASE = max((p for p in (ROOT / "dist").iterdir() if p.is_dir() and p.name.startswith(NAME)),
              key=lambda p: tuple(int(x) for x in p.name.rsplit("-", 1)[1].split(".")))
VERSION = RELEASE.name.rsplit("-", 1)[1]


def _zip() -> zipfile.ZipFile:
    return zipfile.ZipFile(RELEASE / f"{RELEASE.name}-csv.zip")


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load(RELEASE)


def test_each_table_carries_its_title_description_and_columns(dataset):
    descriptor = json.loads(_zip().read("datapackage.json"))
    tabular = [r for r in descriptor["resources"] if "schema" in r]
    assert sorted(dataset) == sorted(r["name"] for r in tabular)
    for resource in tabular:
        attrs = dataset[resource["name"]].attrs
        assert attrs["title"] == resource["title"] and attrs["description"] == resource["description"]
        assert attrs["package"] == NAME and attrs["version"] == VERSION and attrs["name"] == resource["name"]
        fields = {f["name"]: f for f in resource["schema"]["fields"]}
        assert attrs["descriptions"] == {name: f["description"] for name, f in fields.items()}
        assert attrs["titles"] == {name: f["title"] for name, f in fields.items()}
        assert list(attrs["units"]) == list(fields)


def test_units_come_from_the_field_registry_for_a_gwrdata_package(dataset):
    registry = yaml.safe_load((ROOT / "src" / "gwrdata" / "package" / "data" / "registry.yaml").read_text(encoding="utf-8"))
    fields = registry["fields"]
    assert fields["start"]["unit"] and dataset["figures"].attrs["units"]["start"] == fields["start"]["unit"]
    assert dataset["figures"].attrs["units"]["base_value"] == fields["base_value"]["unit"]
    with_unit = [key for key in registry["resources"]["headline"]["fields"] if fields[key].get("unit")]
    assert with_unit
    for key in with_unit:
        name = fields[key].get("name", key)
        assert dataset["headline"].attrs["units"][name] == fields[key]["unit"]
    assert dataset["figures"].attrs["units"]["mention"] == ""  # text has no unit


def _package(folder, fields: list[dict], gwrdata: bool, tables: int = 1, first: str = "t0") -> None:
    (folder / "data").mkdir(parents=True)
    resources = []
    for n in range(tables):
        name = first if n == 0 else f"t{n}"
        (folder / "data" / f"{name}.csv").write_text("start,length\n1,2.5\n3,\n", encoding="utf-8")
        resources.append({"name": name, "title": f"Table {n}", "path": f"data/{name}.csv", "schema": {"fields": fields}})
    descriptor = {"name": "other", "resources": resources, **({"gwrdata": {}} if gwrdata else {})}
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")


def test_a_fields_own_unit_wins_and_other_packages_get_no_registry_units(tmp_path):
    fields = [{"name": "start", "type": "integer", "description": "where"}, {"name": "length", "type": "number", "unit": "km"}]
    _package(tmp_path / "other", fields, gwrdata=False)
    frame = load(tmp_path / "other")["t0"]
    assert frame.attrs["units"] == {"start": "", "length": "km"}
    assert frame.attrs["descriptions"] == {"start": "where", "length": ""} and frame.attrs["title"] == "Table 0"
    _package(tmp_path / "ours", fields, gwrdata=True, first="figures")
    assert load(tmp_path / "ours")["figures"].attrs["units"] == {"start": "Unicode code point (offset)", "length": "km"}


def test_repr_is_a_short_summary_of_the_release(dataset):
    text = repr(dataset)
    lines = text.splitlines()
    assert str(dataset) == text and len(lines) <= 25 and len(text) < 2000
    manifest = json.loads((RELEASE / "manifest.json").read_text(encoding="utf-8"))
    assert lines[0] == f"<gwrdata.Dataset {NAME} {VERSION}>"
    for table, rows in manifest["rows"].items():
        assert any(line.split()[:2] == [table, f"{rows:,}"] for line in lines), table
    assert f"licence: {', '.join(manifest['licenses'])}" in lines
    readme = _zip().read("README.md").decode("utf-8")
    citation = readme.split("## Cite · 引用\n\n", 1)[1].split("\n", 1)[0]
    assert f"cite as: {citation}" in lines


def test_repr_of_a_package_with_many_tables_and_no_metadata_stays_short(tmp_path):
    _package(tmp_path / "wide", [{"name": "start", "type": "integer"}], gwrdata=False, tables=40)
    lines = repr(load(tmp_path / "wide")).splitlines()
    assert len(lines) <= 25 and lines[0] == "<gwrdata.Dataset other (no version)>"
    assert "… and 25 more: list(dataset)" in "\n".join(lines) and not any(line.startswith("cite as") for line in lines)
