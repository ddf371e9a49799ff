"""The Shenyang data package: reproducible, valid, complete, and true to its figures."""

import csv
import json
import re
import shutil

import pytest
import yaml

from gwrdata.package import recipe as recipes
from gwrdata.errors import InputError
from gwrdata.package.build import build
from gwrdata.package.registry import columns, resource_names, schema

from conftest import ROOT

PACKAGE = ROOT / "datapackage"


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    out = tmp_path_factory.mktemp("package")
    build(recipes.load(ROOT / "recipes" / "shenyang-2024"), out)
    return out


def read(folder, name):
    with open(folder / "data" / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_committed_package_is_exactly_what_the_build_writes(fresh):
    assert (fresh / "datapackage.json").read_bytes() == (PACKAGE / "datapackage.json").read_bytes()
    for name in resource_names():
        assert (fresh / "data" / f"{name}.csv").read_bytes() == (PACKAGE / "data" / f"{name}.csv").read_bytes(), name


def test_frictionless_says_valid_with_foreign_keys(fresh):
    from frictionless import Package

    report = Package(str(fresh / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    descriptor = json.loads((fresh / "datapackage.json").read_text(encoding="utf-8"))
    fks = {r["name"]: r["schema"].get("foreignKeys", []) for r in descriptor["resources"] if "schema" in r}
    assert {fk["reference"]["resource"] for fk in fks["figures"]} == {"indicators", "units", "sections"}
    assert {fk["reference"]["resource"] for fk in fks["headline"]} == {"figures", "indicators"}


def test_descriptor_is_complete(fresh):
    d = json.loads((fresh / "datapackage.json").read_text(encoding="utf-8"))
    assert d["$schema"].endswith("/2.0/datapackage.json")
    created = yaml.safe_load((ROOT / "recipes" / "shenyang-2024" / "recipe.yaml").read_text(encoding="utf-8"))["created"]
    assert re.match(r"^\d+\.\d+\.\d+$", d["version"]) and d["created"] == created  # the data's date, never the clock
    assert "沈阳" in d["title"] and "Shenyang" in d["title"]
    for key in ("name", "description", "licenses", "contributors", "keywords", "sources"):
        assert d[key], key
    for resource in d["resources"]:
        for key in ("path", "format", "mediatype", "encoding", "hash", "bytes"):
            assert resource[key], (resource["name"], key)
        assert resource["hash"].startswith("sha256:")
        if "schema" in resource:
            assert resource["schema"]["primaryKey"]
            for field in resource["schema"]["fields"]:
                assert field["type"] and field["title"] and field["description"], field
    source = next(r for r in d["resources"] if r["name"] == "source_text")
    assert source["hash"] == "sha256:82aa6b8ee07af04fcd35d5fc4583072df0e461900ac97db8a550808938372bfa"


def test_schemas_and_files_follow_the_registry(fresh):
    """The registry is the single source of truth: descriptor and CSV headers cannot drift from it."""
    d = json.loads((fresh / "datapackage.json").read_text(encoding="utf-8"))
    for resource in d["resources"]:
        if "schema" not in resource:
            continue
        assert resource["schema"] == schema(resource["name"])
        with open(fresh / resource["path"], encoding="utf-8") as handle:
            assert next(csv.reader(handle)) == columns(resource["name"])
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in resource_names():
        assert f"| `{name}` |" in readme, f"README's resource table lacks {name}"


def test_every_figure_is_curated(fresh):
    figures = read(fresh, "figures")
    assert figures and all(f["subject_en"] and f["category"] and f["subject_zh"] for f in figures)
    assert not any(re.search(r"\d", f["subject_en"]) for f in figures)


def test_headline_holds_the_eight_targets_and_six_results(fresh):
    rows = read(fresh, "headline")
    targets = [r for r in rows if r["status"] == "target"]
    results = [r for r in rows if r["year"] == "2023" and r["status"] in ("estimate", "actual")]
    assert len(targets) == 8 and len(results) == 6
    assert {r["indicator_id"] for r in rows if r["status"] == "not_stated"} == {"rd_expenditure", "energy_intensity"}
    words = [r for r in rows if not r["value"] and r["status"] != "not_stated"]
    assert [r["indicator_id"] for r in words] == ["disposable_income", "disposable_income"]
    assert all("基本同步" in r["text"] for r in words)
    assert all(r["figure_id"] for r in rows if r["value"])


def test_values_with_a_figure_id_equal_their_figure(fresh):
    text = (fresh / "sources" / "shenyang-2024-government-work-report.txt").read_text(encoding="utf-8")
    figures = {f["figure_id"]: f for f in read(fresh, "figures")}
    for f in figures.values():
        assert text[int(f["start"]):int(f["end"])] == f["mention"]
    for name in resource_names():
        for row in read(fresh, name):
            if name == "figures" or not row.get("figure_id"):
                continue
            figure = figures[row["figure_id"]]
            for field in ("value", "unit", "qualifier", "measure", "direction"):
                if field in row:
                    assert row[field] == figure[field], (name, row, field)
            if row.get("start"):
                assert text[int(row["start"]):int(row["end"])] == row["text"]
                assert int(row["start"]) <= int(figure["start"]) and int(figure["end"]) <= int(row["end"])


def test_a_missing_curation_row_is_an_error_naming_it(tmp_path):
    folder = tmp_path / "recipe"
    shutil.copytree(ROOT / "recipes" / "shenyang-2024", folder)
    config = (folder / "recipe.yaml").read_text(encoding="utf-8")
    source = ROOT / "datapackage" / "sources" / "shenyang-2024-government-work-report.txt"
    (folder / "recipe.yaml").write_text(config.replace("../../datapackage/sources/shenyang-2024-government-work-report.txt", str(source)), encoding="utf-8")
    lines = (folder / "figures.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (folder / "figures.csv").write_text("".join(lines[:5] + lines[6:]), encoding="utf-8")
    with pytest.raises(InputError) as err:
        build(recipes.load(folder), tmp_path / "out")
    assert "figures.csv" in err.value.message and "no row for figure" in err.value.message
    assert not (tmp_path / "out" / "datapackage.json").exists()


def test_signed_values_names_and_the_wide_view(fresh):
    """A fall is negative in signed_value; headline carries its names; the wide view is one row
    per indicator with the change from result to target (values read from the report text:
    GDP 6% after about 6%, revenue 6% after 12.2%, energy intensity down 3.2% with no result)."""
    figures = read(fresh, "figures")
    for f in figures:
        assert f["signed_value"] == (f"-{f['value']}" if f["direction"] == "down" else f["value"]), f
    assert any(f["direction"] == "down" for f in figures)
    indicators = {r["indicator_id"]: r for r in read(fresh, "indicators")}
    headline = read(fresh, "headline")
    for row in headline:
        assert (row["name_zh"], row["name_en"]) == (indicators[row["indicator_id"]]["name_zh"], indicators[row["indicator_id"]]["name_en"])
    wide = {r["indicator_id"]: r for r in read(fresh, "targets_results")}
    assert list(wide) == list(dict.fromkeys(r["indicator_id"] for r in headline))
    assert (wide["gdp"]["result_value"], wide["gdp"]["result_qualifier"], wide["gdp"]["target_value"],
            wide["gdp"]["target_qualifier"], wide["gdp"]["change"]) == ("6", "approx", "6", "at_least", "0")
    assert (wide["general_budget_revenue"]["result_value"], wide["general_budget_revenue"]["change"]) == ("12.2", "-6.2")
    energy = wide["energy_intensity"]
    assert (energy["target_value"], energy["result_status"], energy["result_value"], energy["change"]) == ("-3.2", "not_stated", "", "")
    assert (wide["disposable_income"]["target_value"], wide["disposable_income"]["change"]) == ("", "")
    assert wide["gdp"]["target_figure_id"] and wide["gdp"]["result_figure_id"]


def test_every_code_has_labels_and_a_definition_in_descriptor_and_docs(fresh):
    """The codelists come from the registry: every code of every vocabulary has zh, en and a
    definition, the descriptor carries them as Table Schema categories, the docs are current."""
    from gwrdata.package.codelists import markdown
    from gwrdata.package.registry import category_label, codelist, registry

    entries = registry()["codelists"]
    vocabularies = {**registry()["vocabularies"], **registry()["panel"]["vocabularies"]}  # a panel's codes too
    for name, codes in vocabularies.items():
        assert list(entries.get(name, {})) == codes, f"codelists.{name} must list exactly the codes of vocabularies.{name}"
        for entry in codelist(name):
            assert entry.get("zh") and entry.get("en") and entry.get("definition"), (name, entry)
            assert re.search(r"[\u4e00-\u9fff]", entry["zh"]), (name, entry)
    assert set(entries) == set(vocabularies)
    descriptor = json.loads((fresh / "datapackage.json").read_text(encoding="utf-8"))
    seen = 0
    for resource in descriptor["resources"]:
        for field in resource.get("schema", {}).get("fields", []):
            enum = field.get("constraints", {}).get("enum")
            if enum:
                seen += 1
                assert [c["value"] for c in field["categories"]] == enum
                assert all(c["label"] and "·" in c["label"] for c in field["categories"])
    assert seen >= 10
    qualifier = next(f for f in descriptor["resources"][0]["schema"]["fields"] if f["name"] == "qualifier")
    assert {"value": "at_least", "label": category_label(codelist("qualifier")[2])} in qualifier["categories"]
    assert (ROOT / "docs" / "codelists.md").read_text(encoding="utf-8") == markdown(), \
        "docs/codelists.md drifted from the registry: run python -m gwrdata.package.codelists"
