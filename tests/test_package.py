"""The Shenyang data package: reproducible, valid, complete, and true to its figures."""

import csv
import json
import os
import re
import shutil
import subprocess
import sys

import pytest

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
    assert re.match(r"^\d+\.\d+\.\d+$", d["version"]) and d["created"] == "2026-11-26T00:00:00Z"
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


def test_readme_examples_run(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Using the data", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```(python|sh)\n(.*?)```", section, re.S)
    assert [lang for lang, _ in blocks].count("python") >= 2 and any(lang == "sh" for lang, _ in blocks)
    # gwrdata.load reads the catalog: here the committed dist/, as a mirror, with a cache of its own.
    env = dict(os.environ, GWRDATA_CATALOG=str(ROOT / "dist"), GWRDATA_CACHE=str(tmp_path / "cache"))
    for lang, code in blocks:
        if lang == "python":
            done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120, env=env)
        else:
            if not shutil.which("soffice"):
                pytest.fail("LibreOffice is not installed: run ./scripts/test, which installs it")
            code = code.replace("/tmp/gwrdata-sheets", str(tmp_path))
            done = subprocess.run(["bash", "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=180)
        assert done.returncode == 0, (code, done.stderr[-2000:])
    assert (tmp_path / "figures.xlsx").exists()
