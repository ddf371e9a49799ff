"""dist/catalog.json: generated from the releases, deterministic, valid against its JSON Schema,
and kept up to date by every release."""

from __future__ import annotations

import copy
import hashlib
import json

import jsonschema
import pytest

from conftest import ROOT
from gwrdata.cli import main
from gwrdata.errors import InputError
from gwrdata.publish import catalog
from release_helpers import reference

DIST = ROOT / "dist"


def test_the_committed_catalog_follows_the_schema():
    listing = json.loads((DIST / "catalog.json").read_text(encoding="utf-8"))
    jsonschema.validate(listing, catalog.schema(), cls=jsonschema.Draft202012Validator)


def test_the_committed_catalog_is_what_the_releases_give():
    """Regenerated from dist/ it is the same bytes: up to date, and deterministic."""
    assert catalog.dumps(catalog.build_catalog(DIST)) == (DIST / "catalog.json").read_text(encoding="utf-8")


def test_every_file_is_listed_with_its_size_and_hash_relative_to_the_catalog():
    listing = json.loads((DIST / "catalog.json").read_text(encoding="utf-8"))
    for dataset in listing["datasets"]:
        versions = [v["version"] for v in dataset["versions"]]
        assert dataset["latest"] == max(versions, key=catalog.version_key)
        for release in dataset["versions"]:
            folder = DIST / release["folder"]
            manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
            assert release["rows"] == manifest["rows"] and release["date"] == manifest["date"]
            on_disk = sorted(p.relative_to(DIST).as_posix() for p in folder.rglob("*") if p.is_file())
            assert [f["path"] for f in release["files"]] == on_disk
            for file in release["files"]:
                data = (DIST / file["path"]).read_bytes()
                assert file["bytes"] == len(data) and file["sha256"] == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize("path", ["/etc/passwd", "../outside.zip", "a/../../b", "https://elsewhere.example/x.zip", "C:\\x"])
def test_the_schema_refuses_paths_outside_the_catalogs_folder(path):
    listing = json.loads((DIST / "catalog.json").read_text(encoding="utf-8"))
    bad = copy.deepcopy(listing)
    bad["datasets"][0]["versions"][0]["files"][0]["path"] = path
    with pytest.raises(InputError, match="not a gwrdata catalog"):
        catalog.check(bad, "catalog.json")


@pytest.mark.parametrize("edit", ["short hash", "no latest", "negative size", "bad version"])
def test_the_schema_refuses_broken_entries(edit):
    bad = json.loads((DIST / "catalog.json").read_text(encoding="utf-8"))
    dataset = bad["datasets"][0]
    if edit == "short hash":
        dataset["versions"][0]["files"][0]["sha256"] = "abc"
    elif edit == "no latest":
        del dataset["latest"]
    elif edit == "negative size":
        dataset["versions"][0]["files"][0]["bytes"] = -1
    else:
        dataset["versions"][0]["version"] = "1.0"
    with pytest.raises(InputError):
        catalog.check(bad, "catalog.json")


def test_a_release_updates_the_catalog():
    result, folder, dist = reference()
    listing = json.loads((dist / "catalog.json").read_text(encoding="utf-8"))
    dataset = next(d for d in listing["datasets"] if d["name"] == result["name"])
    assert dataset["latest"] == result["version"]
    entry = next(v for v in dataset["versions"] if v["version"] == result["version"])
    assert entry["folder"] == f"{folder.name}/"
    sums = {name: digest for digest, name in (line.split("  ", 1) for line in (folder / "SHA256SUMS").read_text().splitlines())}
    listed = {f["path"][len(entry["folder"]):]: f["sha256"] for f in entry["files"]}
    assert {name: listed[name] for name in sums} == sums


def test_the_catalog_verb_writes_nothing_new_on_an_unchanged_dist(tmp_path, capsys):
    import shutil

    copy_of = tmp_path / "dist"
    shutil.copytree(DIST, copy_of)
    before = (copy_of / "catalog.json").stat().st_mtime_ns
    assert main(["catalog", "--dist", str(copy_of)]) == 0
    versions = sorted((p.name.rsplit("-", 1)[1] for p in DIST.glob("shenyang-gwr-2024-*.*.*") if p.is_dir()),
                      key=lambda v: tuple(map(int, v.split("."))))
    assert f"shenyang-gwr-2024 {', '.join(versions)} (latest {versions[-1]})" in capsys.readouterr().out
    assert (copy_of / "catalog.json").stat().st_mtime_ns == before
    assert sorted(p.name for p in copy_of.iterdir()) == sorted(p.name for p in DIST.iterdir())


def test_a_manifest_that_disagrees_with_its_folder_is_refused(tmp_path, capsys):
    import shutil

    copy_of = tmp_path / "dist"
    shutil.copytree(DIST / "shenyang-gwr-2024-1.0.0", copy_of / "shenyang-gwr-2024-2.0.0")
    assert main(["catalog", "--dist", str(copy_of)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "manifest.json" in err and "2.0.0" in err
    assert not (copy_of / "catalog.json").exists()


def test_the_base_url_is_set_in_one_place_and_makes_release_addresses():
    base = catalog.base_url()
    assert base.startswith("https://") and base.endswith("/")
    assert catalog.release_address("x", "1.2.3") == f"{base}x-1.2.3/"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"`{base}`" in readme and "`BASE/catalog.json`" in readme and "publish/data/publishing.yaml" in readme


def test_a_released_descriptor_says_where_it_is_published():
    import zipfile

    result, folder, _ = reference()
    with zipfile.ZipFile(folder / f"{folder.name}-csv.zip") as archive:
        descriptor = json.loads(archive.read("datapackage.json"))
    assert descriptor["id"] == f"{catalog.base_url()}{folder.name}/"
    assert descriptor["homepage"] == f"{descriptor['id']}{folder.name}-site/index.html"
    assert (folder / f"{folder.name}-site" / "index.html").is_file()
    assert list(descriptor)[:4] == ["$schema", "name", "id", "homepage"]


def test_the_source_address_and_retrieval_date_reach_the_descriptor_and_the_workbook(tmp_path):
    from gwrdata.package.build import build
    from gwrdata.publish.workbook import readme_rows
    from release_helpers import recipe_copy

    recipe = recipe_copy(tmp_path / "recipe")
    config = (recipe.folder / "recipe.yaml").read_text(encoding="utf-8")
    config = config.replace("  encoding: utf-8\n", "  encoding: utf-8\n  url: https://www.example.gov.cn/report.html\n  retrieved: 2024-02-01\n", 1)
    (recipe.folder / "recipe.yaml").write_text(config, encoding="utf-8")
    from gwrdata.package import recipe as recipes

    descriptor = build(recipes.load(recipe.folder), tmp_path / "package")
    assert descriptor["gwrdata"]["source_url"] == "https://www.example.gov.cn/report.html"
    assert descriptor["gwrdata"]["source_retrieved"] == "2024-02-01"
    empty = {r["name"]: ([], []) for r in descriptor["resources"]}
    readme, _links = readme_rows(descriptor, empty, None)
    rows = {row[0]: row[1:] for row in readme}
    assert rows["source address · 原文网址"] == ["https://www.example.gov.cn/report.html"] * 2
    assert rows["source retrieved · 原文获取日期"] == ["2024-02-01"] * 2
    unknown = json.loads((ROOT / "datapackage" / "datapackage.json").read_text(encoding="utf-8"))
    assert "source_url" not in unknown["gwrdata"]  # the Shenyang text's address was not recorded: not guessed
    rows = {row[0]: row[1] for row in readme_rows(unknown, empty, None)[0]}
    assert rows["source address · 原文网址"].startswith("not recorded") and rows["source retrieved · 原文获取日期"] == "not recorded"
