"""Any report is a recipe: init, build and validate work the same for a report the toolkit has never seen."""

import json
import shutil

from gwrdata.cli import main

from conftest import FIXTURES

NATIONAL = FIXTURES / "recipes" / "national-2024"


def test_init_build_validate_a_new_report(tmp_path, capsys):
    recipe = tmp_path / "xian-2024"
    assert main(["init", str(recipe), "--source", str(FIXTURES / "texts" / "provincial-style.txt"),
                 "--year", "2024", "--government", "某省人民政府"]) == 0
    assert (recipe / "recipe.yaml").exists() and (recipe / "source" / "provincial-style.txt").exists()
    assert main(["build", str(recipe)]) == 0
    assert main(["validate", str(recipe)]) == 0, capsys.readouterr().out
    out = capsys.readouterr().out
    assert "VALID" in out
    headline = (recipe / "datapackage" / "data" / "headline.csv").read_text(encoding="utf-8")
    assert "target" in headline  # found by rule, with no curated mapping


def test_init_refuses_an_existing_recipe_and_bad_input(tmp_path, capsys):
    recipe = tmp_path / "r"
    assert main(["init", str(recipe), "--source", str(FIXTURES / "inputs" / "binary.bin"), "--year", "2024", "--government", "x"]) == 2
    assert not (recipe / "recipe.yaml").exists()
    assert main(["init", str(recipe), "--source", str(NATIONAL / "report.txt"), "--year", "2024", "--government", "国务院"]) == 0
    assert main(["init", str(recipe), "--source", str(NATIONAL / "report.txt"), "--year", "2024", "--government", "国务院"]) == 2
    assert "already exists" in capsys.readouterr().err


def test_the_national_recipe_builds_and_validates(tmp_path, capsys):
    folder = tmp_path / "national"
    shutil.copytree(NATIONAL, folder)
    assert main(["build", str(folder), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["rows"]["figures"] >= 25
    assert main(["validate", str(folder)]) == 0, capsys.readouterr().out
    capsys.readouterr()
    headline = (folder / "datapackage" / "data" / "headline.csv").read_text(encoding="utf-8")
    assert "国内生产总值增长5%左右" in headline and "城镇调查失业率5.5%左右" in headline


def test_a_report_without_headings_says_so(tmp_path, capsys):
    text = "今年主要预期目标是:地区生产总值增长5%左右;城镇新增就业8万人以上。预计去年全市地区生产总值增长5.2%。\n"
    source = tmp_path / "plain-2024.txt"
    source.write_text(text, encoding="utf-8")
    recipe = tmp_path / "plain"
    assert main(["init", str(recipe), "--source", str(source), "--year", "2024", "--government", "某市人民政府"]) == 0
    assert main(["build", str(recipe)]) == 0
    descriptor = json.loads((recipe / "datapackage" / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["gwrdata"]["headings_found"] is False
    assert "no part headings" in descriptor["gwrdata"]["periods"]
    assert main(["validate", str(recipe)]) == 0, capsys.readouterr().out


def test_the_national_recipe_releases(tmp_path, capsys):
    folder = tmp_path / "national"
    shutil.copytree(NATIONAL, folder)
    dist = tmp_path / "dist"
    assert main(["release", str(folder), "--dist", str(dist), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    release = dist / "national-gwr-2024-sample-1.0.0"
    assert result["version"] == "1.0.0" and release.is_dir()
    names = {p.name for p in release.iterdir()}
    assert {"national-gwr-2024-sample-1.0.0.xlsx", "national-gwr-2024-sample-1.0.0-csv.zip", "SHA256SUMS",
            "national-gwr-2024-sample-1.0.0-site"} <= names
