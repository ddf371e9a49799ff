"""A corpus recipe: reports read where a collection lies, identified by path, commit and SHA-256.

A small collection is laid out in a temporary folder (a few reports of the mirror at
../shared/mirror, copied there with a reports.csv in the mirror's columns), so every bad input
can be made without touching the mirror; nothing is copied into the repository.
"""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from gwrdata.cli import main

MIRROR = Path(__import__("os").environ.get("GWRDATA_MIRROR") or ROOT.parent / "shared" / "mirror").resolve()
needs_mirror = pytest.mark.skipif(not (MIRROR / "reports.csv").is_file(), reason=f"no mirror at {MIRROR}")
CHOSEN = ("政府工作报告-国务院/2023.md", "政府工作报告-国务院/2024.md", "政府工作报告-省自治区/辽宁省/2024.md")
COLUMNS = ("path", "government", "level", "year", "suffix", "sha256", "chars")


def mirror_rows() -> dict[str, dict]:
    with open(MIRROR / "reports.csv", encoding="utf-8", newline="") as handle:
        return {row["path"]: row for row in csv.DictReader(handle)}


def write_list(folder: Path, rows: list[dict]) -> str:
    with open(folder / "reports.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return hashlib.sha256((folder / "reports.csv").read_bytes()).hexdigest()


def write_communiques(folder: Path, years=(2022, 2023, 2024)) -> str:
    """The communiqués on ``years``, copied from the mirror with their rows of its list."""
    with open(MIRROR / "communiques.csv", encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, [r for r in reader if int(r["year"]) in years]
    for row in rows:
        (folder / row["path"]).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(MIRROR / row["path"], folder / row["path"])
    with open(folder / "communiques.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return hashlib.sha256((folder / "communiques.csv").read_bytes()).hexdigest()


def make(tmp_path: Path, extra: list[dict] | None = None, change=None) -> tuple[Path, Path]:
    """(recipe folder, collection folder): three reports of the mirror and any ``extra`` rows."""
    collection = tmp_path / "collection"
    rows = []
    known = mirror_rows()
    for path in CHOSEN:
        (collection / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(MIRROR / path, collection / path)
        rows.append(known[path])
    for row in extra or []:
        (collection / row["path"]).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(MIRROR / row.pop("copy_of"), collection / row["path"])
        rows.append(row)
    if change:
        change(collection, rows)
    digest = write_list(collection, rows)
    config = yaml.safe_load((ROOT / "recipes" / "china-gwr" / "recipe.yaml").read_text(encoding="utf-8"))
    config["name"] = "test-corpus"
    config["corpus"]["reports_sha256"] = digest
    config["corpus"]["communiques_sha256"] = write_communiques(collection)
    recipe = tmp_path / "recipe"
    recipe.mkdir()
    (recipe / "recipe.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return recipe, collection


def read_rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def error_line(capsys) -> str:
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "Traceback" not in err, err
    return err


@needs_mirror
def test_a_corpus_panel_names_each_report_by_path_commit_and_hash(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("GWRDATA_MIRROR", raising=False)
    second = dict(mirror_rows()["政府工作报告-省自治区/辽宁省/2024.md"], path="政府工作报告-省自治区/辽宁省/2024-06.md",
                  suffix="06", copy_of="政府工作报告-省自治区/辽宁省/2024.md")
    recipe, collection = make(tmp_path, [second])
    out = tmp_path / "pkg"
    assert main(["build", str(recipe), "--corpus", str(collection), "--out", str(out)]) == 0
    assert not (out / "sources").exists()  # the texts stay in the collection
    reports = {r["report_id"]: r for r in read_rows(out / "data" / "reports.csv")}
    assert set(reports) == {"国务院_2023", "国务院_2024", "辽宁省_2024"}
    liaoning = reports["辽宁省_2024"]
    assert liaoning["path"] == "政府工作报告-省自治区/辽宁省/2024.md"
    assert liaoning["government_code"] == "210000"
    assert liaoning["sha256"] == hashlib.sha256((MIRROR / liaoning["path"]).read_bytes()).hexdigest()
    assert liaoning["url"].startswith("https://github.com/lawtext/gov/blob/fc1a2f67a589763dc905aaa90f2b1ba356bbccde/")
    assert reports["国务院_2024"]["government_code"] == "100000"
    quality = {q["corpus_path"]: q for q in read_rows(out / "data" / "quality.csv")}
    assert quality["政府工作报告-省自治区/辽宁省/2024-06.md"]["status"] == "left_out"
    assert "second report" in quality["政府工作报告-省自治区/辽宁省/2024-06.md"]["reason"]
    assert {q["year_check"] for p, q in quality.items() if q["status"] == "built"} == {"agrees"}
    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["gwrdata"]["corpus"]["commit"] == "fc1a2f67a589763dc905aaa90f2b1ba356bbccde"
    figures = next(r for r in descriptor["resources"] if r["name"] == "figures")
    assert figures["format"] == "parquet" and not (out / "data" / "figures.csv").exists()
    for row in read_rows(out / "data" / "targets.csv") + read_rows(out / "data" / "attainment.csv"):
        assert len(row["government_code"]) == 6
    # The statistical communiqués, a second source of the State Council's results (read in the
    # texts: the 2024 report states 2023's growth as 5.2%, so does the communiqué on 2023; no
    # report of the collection reviews 2024, whose communiqué gives 5.0%).
    attainment = read_rows(out / "data" / "attainment.csv")
    national = {(a["indicator_id"], a["year"]): a for a in attainment if a["government"] == "国务院"}
    gdp_2023, gdp_2024 = national[("gdp", "2023")], national[("gdp", "2024")]
    assert (gdp_2023["result_source"], gdp_2023["result_value"], gdp_2023["communique_value"], gdp_2023["sources_differ"]) == \
        ("report", "5.2", "5.2", "false")
    assert (gdp_2024["result_source"], gdp_2024["result_report_id"], gdp_2024["result_value"], gdp_2024["outcome"]) == \
        ("communique", "", "5", "met")
    assert gdp_2024["communique_path"] == "国家统计局年度统计/2024.md" and "国内生产总值" in gdp_2024["communique_text"]
    assert all(a["communique_value"] == "" for a in attainment if a["government"] != "国务院")
    capsys.readouterr()

    # Without the texts the checks that read them say so; with them every span is proved.
    assert main(["validate", str(out), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    skipped = {c["name"] for c in report["checks"] if c.get("skipped")}
    assert skipped == {"panel.source_hash", "panel.figure_spans", "panel.exclusion_spans", "panel.digit_coverage",
                       "panel.headline_texts", "panel.attainment_texts", "panel.communique_texts",
                       "percent.decrease_direction", "years.section_period"}  # one report's checks that read its text
    assert main(["validate", str(out), "--sources", str(collection), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert not any(c.get("skipped") for c in report["checks"])
    assert next(c for c in report["checks"] if c["name"] == "panel.figure_spans")["passed"] > 100
    assert next(c for c in report["checks"] if c["name"] == "panel.digit_coverage")["passed"] > 100

    # A text changed after the build: validation with the texts fails on it.
    text = collection / liaoning["path"]
    text.write_bytes(text.read_bytes() + "。".encode("utf-8"))
    assert main(["validate", str(out), "--sources", str(collection)]) == 1


@needs_mirror
def test_no_corpus_folder_is_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("GWRDATA_MIRROR", raising=False)
    recipe, collection = make(tmp_path)
    assert main(["build", str(recipe), "--out", str(tmp_path / "pkg")]) == 2
    assert "--corpus" in error_line(capsys)
    assert main(["build", str(recipe), "--corpus", str(tmp_path / "nowhere"), "--out", str(tmp_path / "pkg")]) == 2
    assert "no such folder" in error_line(capsys)
    assert not (tmp_path / "pkg").exists()
    monkeypatch.setenv("GWRDATA_MIRROR", str(collection))
    assert main(["build", str(recipe), "--out", str(tmp_path / "pkg")]) == 0


@needs_mirror
def test_a_report_whose_bytes_differ_is_named(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("GWRDATA_MIRROR", raising=False)
    recipe, collection = make(tmp_path)
    text = collection / CHOSEN[1]
    text.write_bytes(text.read_bytes().replace("。".encode("utf-8"), "，".encode("utf-8"), 1))
    assert main(["build", str(recipe), "--corpus", str(collection), "--out", str(tmp_path / "pkg")]) == 2
    err = error_line(capsys)
    assert CHOSEN[1] in err and "SHA-256" in err
    assert not (tmp_path / "pkg").exists()


@needs_mirror
def test_a_changed_list_is_refused(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("GWRDATA_MIRROR", raising=False)
    recipe, collection = make(tmp_path)
    with open(collection / "reports.csv", "a", encoding="utf-8") as handle:
        handle.write("\n")
    assert main(["build", str(recipe), "--corpus", str(collection), "--out", str(tmp_path / "pkg")]) == 2
    assert "reports.csv" in error_line(capsys)


@needs_mirror
@pytest.mark.parametrize("row, words", [
    ({"government": "桃源县", "level": "city", "year": "2024", "suffix": ""}, "no division code"),
    ({"government": "国务院", "level": "national", "year": "2024", "suffix": ""}, "already row"),
])
def test_a_bad_row_of_the_list_is_one_line(tmp_path, capsys, monkeypatch, row, words):
    monkeypatch.delenv("GWRDATA_MIRROR", raising=False)
    extra = dict(row, path="政府工作报告-其他地市/extra/2024.md", sha256="0" * 64, chars="1", copy_of=CHOSEN[0])
    recipe, collection = make(tmp_path, [extra])
    assert main(["build", str(recipe), "--corpus", str(collection), "--out", str(tmp_path / "pkg")]) == 2
    err = error_line(capsys)
    assert words in err and "extra/2024.md" in err
    assert not (tmp_path / "pkg").exists()


@needs_mirror
def test_a_misfiled_report_is_dated_by_its_text(tmp_path, capsys, monkeypatch):
    """The State Council's 2023 report filed as 2022: its date line says 2023 (read in the text),
    so it is dated 2023 only when no other report holds 2023; here 2023 is held, so it is left out."""
    monkeypatch.delenv("GWRDATA_MIRROR", raising=False)
    known = mirror_rows()

    def misfile(collection, rows):
        row = dict(known["政府工作报告-国务院/2023.md"], path="政府工作报告-国务院/2022.md", year="2022")
        shutil.copyfile(MIRROR / "政府工作报告-国务院/2023.md", collection / row["path"])
        rows.append(row)

    recipe, collection = make(tmp_path, change=misfile)
    out = tmp_path / "pkg"
    assert main(["build", str(recipe), "--corpus", str(collection), "--out", str(out)]) == 0
    quality = {q["corpus_path"]: q for q in read_rows(out / "data" / "quality.csv")}
    misfiled = quality["政府工作报告-国务院/2022.md"]
    assert (misfiled["filed_year"], misfiled["text_year"], misfiled["year_check"]) == ("2022", "2023", "differs")
    assert misfiled["status"] == "left_out" and "政府工作报告-国务院/2023.md" in misfiled["reason"]
    assert {r["report_id"] for r in read_rows(out / "data" / "reports.csv")} == {"国务院_2023", "国务院_2024", "辽宁省_2024"}


@needs_mirror
def test_another_government_s_report_is_left_out_with_its_words(tmp_path, capsys, monkeypatch):
    """辽宁省's 2024 report filed as 吉林省's: its session line (在辽宁省第十四届人民代表大会) names
    another government, so none of its targets are set down as 吉林省's; the quality table says why."""
    monkeypatch.delenv("GWRDATA_MIRROR", raising=False)
    known = mirror_rows()

    def misfile(collection, rows):
        path = "政府工作报告-省自治区/吉林省/2024.md"
        (collection / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(MIRROR / "政府工作报告-省自治区/辽宁省/2024.md", collection / path)
        rows.append(dict(known["政府工作报告-省自治区/辽宁省/2024.md"], path=path, government="吉林省"))

    recipe, collection = make(tmp_path, change=misfile)
    out = tmp_path / "pkg"
    assert main(["build", str(recipe), "--corpus", str(collection), "--out", str(out)]) == 0
    quality = {q["corpus_path"]: q for q in read_rows(out / "data" / "quality.csv")}
    misfiled = quality["政府工作报告-省自治区/吉林省/2024.md"]
    assert misfiled["status"] == "left_out" and misfiled["report_id"] == ""
    assert "在辽宁省第十四届人民代表大会" in misfiled["reason"] and "names 辽宁省, not 吉林省" in misfiled["reason"]
    assert quality["政府工作报告-省自治区/辽宁省/2024.md"]["status"] == "built"
    assert "吉林省" not in {r["government"] for r in read_rows(out / "data" / "targets.csv")}


@needs_mirror
def test_a_text_that_is_no_report_is_listed_with_its_reason(tmp_path, capsys, monkeypatch):
    """A collection is not the user's list: a file the toolkit cannot read as a report stays in
    the quality table with why, and the rest of the panel builds."""
    monkeypatch.delenv("GWRDATA_MIRROR", raising=False)
    words = "这是一份没有任何数字的说明文件，不是政府工作报告。\n".encode("utf-8")

    def add(collection, rows):
        path = "政府工作报告-省自治区/吉林省/2024.md"
        (collection / path).parent.mkdir(parents=True, exist_ok=True)
        (collection / path).write_bytes(words)
        rows.append({"path": path, "government": "吉林省", "level": "province", "year": "2024", "suffix": "",
                     "sha256": hashlib.sha256(words).hexdigest(), "chars": str(len(words))})

    recipe, collection = make(tmp_path, change=add)
    out = tmp_path / "pkg"
    assert main(["build", str(recipe), "--corpus", str(collection), "--out", str(out)]) == 0
    row = {q["corpus_path"]: q for q in read_rows(out / "data" / "quality.csv")}["政府工作报告-省自治区/吉林省/2024.md"]
    assert row["status"] == "left_out" and row["reason"].startswith("cannot be read") and "no figures" in row["reason"]
    assert "吉林省" not in {r["government"] for r in read_rows(out / "data" / "reports.csv")}
    assert main(["validate", str(out), "--sources", str(collection)]) == 0


@needs_mirror
def test_a_path_of_the_list_that_leaves_the_corpus_is_one_line(tmp_path, capsys, monkeypatch):
    """The collection's list is data: a path that climbs out of the corpus root is refused before
    anything is read or written."""
    monkeypatch.delenv("GWRDATA_MIRROR", raising=False)
    (tmp_path / "outside.md").write_text("外面的文件", encoding="utf-8")

    def escape(collection, rows):
        rows.append(dict(rows[0], path="../outside.md", government="吉林省", level="province", year="2024"))

    recipe, collection = make(tmp_path, change=escape)
    assert main(["build", str(recipe), "--corpus", str(collection), "--out", str(tmp_path / "pkg")]) == 2
    assert "../outside.md" in error_line(capsys)
    assert not (tmp_path / "pkg").exists()


@needs_mirror
def test_validate_sources_keeps_a_reports_path_inside_the_corpus(tmp_path, capsys, monkeypatch):
    """A package's reports.path is data too: validate --sources never reads outside the root."""
    monkeypatch.delenv("GWRDATA_MIRROR", raising=False)
    recipe, collection = make(tmp_path)
    out = tmp_path / "pkg"
    assert main(["build", str(recipe), "--corpus", str(collection), "--out", str(out)]) == 0
    reports = out / "data" / "reports.csv"
    reports.write_text(reports.read_text(encoding="utf-8").replace(CHOSEN[0], "../../../../etc/passwd", 1), encoding="utf-8")
    capsys.readouterr()
    code = main(["validate", str(out), "--sources", str(collection)])
    err = capsys.readouterr().err
    assert code == 2 and "\n" not in err.strip() and "etc/passwd" in err and "outside its folder" in err


@needs_mirror
def test_the_second_source_checks_fail_on_bad_rows(tmp_path, capsys, monkeypatch):
    """panel.communique_texts and panel.second_source, each fed a row made wrong."""
    monkeypatch.delenv("GWRDATA_MIRROR", raising=False)
    recipe, collection = make(tmp_path)
    out = tmp_path / "pkg"
    assert main(["build", str(recipe), "--corpus", str(collection), "--out", str(out)]) == 0
    rows = read_rows(out / "data" / "attainment.csv")
    fields = list(rows[0])
    first = next(i for i, r in enumerate(rows) if r["result_source"] == "report" and r["communique_value"])
    taken = next(i for i, r in enumerate(rows) if r["result_source"] == "communique")
    cases = [
        ("panel.communique_texts", first, {"communique_text": rows[first]["communique_text"] + "改"}),
        ("panel.second_source", first, {"sources_differ": "true" if rows[first]["sources_differ"] == "false" else "false"}),
        ("panel.second_source", taken, {"result_value": str(float(rows[taken]["result_value"]) + 1)}),
        ("panel.second_source", taken, {"result_report_id": "国务院_2024"}),
    ]
    for check, index, change in cases:
        copy = tmp_path / f"bad-{check}-{index}-{'-'.join(change)}"
        shutil.copytree(out, copy)
        bad = [dict(r, **change) if i == index else r for i, r in enumerate(rows)]
        with open(copy / "data" / "attainment.csv", "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fields, lineterminator="\n")
            writer.writeheader()
            writer.writerows(bad)
        capsys.readouterr()
        assert main(["validate", str(copy), "--sources", str(collection), "--json"]) == 1, (check, change)
        report = json.loads(capsys.readouterr().out)
        failed = {c["name"] for c in report["checks"] if c["failures"]}
        assert check in failed, (check, change, failed)
