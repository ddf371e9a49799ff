"""`gwrdata validate` on what users have, and in other repositories' CI.

What users have: a descriptor, a package folder, a release folder, a -csv.zip (the new layout
and the 1.0.0 one), NAME@VERSION from a catalog, any Frictionless package (the generic profile);
anything else is one line and exit 2. In CI: the action's command line, the pre-commit hook,
GitHub annotations and job summary, JUnit XML parsed back, and the tag workflow's checksum step.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from gwrdata.cli import main
from release_helpers import reference

FIRST = ROOT / "dist" / "shenyang-gwr-2024-1.0.0"  # its zip nests the package in a folder
OLD_ZIP = FIRST / "shenyang-gwr-2024-1.0.0-csv.zip"
# The latest committed release: the one this code writes, so it gets gwrdata's own checks.
RELEASE = max((p for p in (ROOT / "dist").glob("shenyang-gwr-2024-*.*.*") if p.is_dir()),
              key=lambda p: tuple(int(x) for x in p.name.rsplit("-", 1)[1].split(".")))
GWRDATA = str(Path(sys.executable).parent / "gwrdata")


def _run(capsys, *args):
    code = main(["validate", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def new_zip():
    """The -csv.zip as this code releases it (datapackage.json at the root)."""
    result, folder, _ = reference()
    return folder / f"{result['name']}-{result['version']}-csv.zip"


def generic(folder: Path, rows: str = "1,x\n2,y\n", spans: str | None = None) -> Path:
    """A Frictionless package that is not gwrdata's (optionally with spans into a source text)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "t.csv").write_text("a,b\n" + rows, encoding="utf-8")
    resources = [{"name": "t", "path": "t.csv", "schema": {"fields": [{"name": "a", "type": "integer"}, {"name": "b", "type": "string"}],
                                                          "primaryKey": ["a"]}}]
    if spans is not None:
        (folder / "source.txt").write_text("今年增长5%左右，去年增长6%。", encoding="utf-8")
        (folder / "spans.csv").write_text("start,end,mention\n" + spans, encoding="utf-8")
        resources += [{"name": "source_text", "path": "source.txt", "type": "file"},
                      {"name": "spans", "path": "spans.csv", "schema": {"fields": [
                          {"name": "start", "type": "integer"}, {"name": "end", "type": "integer"}, {"name": "mention", "type": "string"}]}}]
    (folder / "datapackage.json").write_text(json.dumps({"name": "other", "resources": resources}), encoding="utf-8")
    return folder


def test_the_zip_is_a_frictionless_package_whose_data_frictionless_checks(new_zip):
    from frictionless import Package

    with zipfile.ZipFile(new_zip) as archive:
        assert "datapackage.json" in archive.namelist()
    package = Package(str(new_zip))
    report = package.validate()
    assert report.valid, report.flatten(["type", "message"])[:5]
    checked = {task.name: task.stats.get("rows") for task in report.tasks}
    manifest = json.loads((new_zip.parent / "manifest.json").read_text(encoding="utf-8"))
    assert {name: checked[name] for name in manifest["rows"]} == manifest["rows"]
    done = subprocess.run([sys.executable, "-m", "frictionless", "validate", str(new_zip), "--json"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0
    tasks = {t["name"]: t["stats"].get("rows") for t in json.loads(done.stdout)["tasks"]}
    assert {"figures", "headline", "exclusions"} <= set(tasks) and tasks["figures"] == checked["figures"]
    # The 1.0.0 layout (descriptor in a folder): frictionless checked one stray file and said valid.
    done = subprocess.run([sys.executable, "-m", "frictionless", "validate", str(OLD_ZIP), "--json"],
                          capture_output=True, text=True, timeout=300)
    assert [t["type"] for t in json.loads(done.stdout)["tasks"]] == ["file"]


@pytest.mark.parametrize("given", ["folder", "zip", "old_zip", "descriptor"])
def test_validate_takes_release_folders_zips_and_descriptors(capsys, new_zip, given):
    path = {"folder": RELEASE, "zip": new_zip, "old_zip": OLD_ZIP, "descriptor": ROOT / "datapackage" / "datapackage.json"}[given]
    code, out, err = _run(capsys, str(path), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["valid"] and report["package"] == str(path if given != "descriptor" else path)
    assert any(c["name"] == "provenance.spans" for c in report["checks"])
    if given == "old_zip":
        # 1.0.0 lacks tables this gwrdata writes: the generic profile, and the report says why.
        assert not any(c["name"].startswith("gx.") for c in report["checks"]) and "another version" in report["note"]
    else:
        assert any(c["name"].startswith("gx.") for c in report["checks"]) and "note" not in report


def test_a_corrupted_zip_is_invalid_not_a_crash(capsys, new_zip, tmp_path):
    broken = tmp_path / new_zip.name
    with zipfile.ZipFile(new_zip) as source, zipfile.ZipFile(broken, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "data/figures.csv":
                data = data.replace(b",growth_rate,", b",growth_ratio,", 1)
            target.writestr(info, data)
    code, out, err = _run(capsys, str(broken))
    assert code == 1 and "INVALID" in out and "Traceback" not in err


@pytest.mark.parametrize("kind", ["xlsx", "plain_zip", "text", "missing", "empty_folder"])
def test_anything_else_is_one_line_and_exit_2(capsys, tmp_path, kind):
    if kind == "xlsx":
        path = FIRST / "shenyang-gwr-2024-1.0.0.xlsx"
    elif kind == "plain_zip":
        path = tmp_path / "notes.zip"
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("notes/README.md", "hello")
    elif kind == "text":
        path = ROOT / "README.md"
    elif kind == "missing":
        path = tmp_path / "nothing-here"
    else:
        path = tmp_path / "empty"
        path.mkdir()
    code, out, err = _run(capsys, str(path))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and str(path) in err and "Fix:" in err


def test_any_frictionless_package_gets_the_generic_profile(capsys, tmp_path):
    code, out, _ = _run(capsys, str(generic(tmp_path / "ok")), "--json")
    report = json.loads(out)
    assert code == 0 and [c["name"] for c in report["checks"]] == ["structure.frictionless"]
    code, out, _ = _run(capsys, str(generic(tmp_path / "bad", rows="1,x\nzz,y\n")), "--json")
    failures = json.loads(out)["checks"][0]["failures"]
    assert code == 1 and failures[0]["resource"] == "t" and failures[0]["row"] == 3 and "type-error" in failures[0]["message"]


def test_generic_spans_are_checked_where_the_package_declares_a_source_text(capsys, tmp_path):
    good = generic(tmp_path / "good", spans="4,6,5%\n13,15,6%\n")
    code, out, _ = _run(capsys, str(good), "--json")
    checks = {c["name"]: c for c in json.loads(out)["checks"]}
    assert code == 0 and checks["provenance.spans"]["passed"] == 2
    bad = generic(tmp_path / "bad", spans="4,6,5%\n13,15,7%\n")
    code, out, _ = _run(capsys, str(bad), "--json")
    checks = {c["name"]: c for c in json.loads(out)["checks"]}
    assert code == 1 and [(f["resource"], f["row"]) for f in checks["provenance.spans"]["failures"]] == [("spans", 3)]


def test_a_package_with_a_changed_hash_fails_the_generic_profile(capsys, tmp_path):
    folder = generic(tmp_path / "hashed")
    descriptor = json.loads((folder / "datapackage.json").read_text())
    descriptor["resources"][0]["hash"] = "sha256:" + "0" * 64
    (folder / "datapackage.json").write_text(json.dumps(descriptor))
    code, out, _ = _run(capsys, str(folder), "--json")
    assert code == 1 and "hash" in json.dumps(json.loads(out)["checks"][0]["failures"])


def test_several_packages_in_one_run_and_a_name_from_the_catalog(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("GWRDATA_CACHE", str(tmp_path / "cache"))
    bad = generic(tmp_path / "bad", rows="1,x\n1,y\n")
    code, out, _ = _run(capsys, str(RELEASE), str(bad), "shenyang-gwr-2024@1.0.0", "--catalog", str(ROOT / "dist"), "--json")
    data = json.loads(out)
    assert code == 1 and data["valid"] is False
    assert [p["valid"] for p in data["packages"]] == [True, False, True]
    assert data["packages"][2]["package"] == "shenyang-gwr-2024@1.0.0"


def test_junit_output_parses_and_names_every_failure(capsys, tmp_path):
    bad = generic(tmp_path / "bad", rows="1,x\nzz,y\n")
    code, out, _ = _run(capsys, str(ROOT / "datapackage"), str(bad), "--format", "junit")
    root = ET.fromstring(out)
    suites = root.findall("testsuite")
    assert code == 1 and root.tag == "testsuites" and len(suites) == 2
    assert suites[0].get("failures") == "0" and int(suites[0].get("tests")) >= 20
    failed = suites[1].findall("testcase/failure")
    assert suites[1].get("failures") == "1" and len(failed) == 1 and "zz" in failed[0].text
    assert int(root.get("tests")) == sum(int(s.get("tests")) for s in suites)


def test_github_format_annotates_the_file_and_line_and_writes_the_summary(capsys, tmp_path, monkeypatch):
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    bad = generic(tmp_path / "bad", rows="1,x\nzz,y\n")
    code, out, _ = _run(capsys, str(bad), "--format", "github")
    errors = [line for line in out.splitlines() if line.startswith("::error ")]
    assert code == 1 and len(errors) == 2  # the cell's type error, and the primary key it leaves empty
    assert errors[0].startswith(f"::error file={bad / 't.csv'},line=3,title=structure.frictionless (t)::type-error")
    text = summary.read_text(encoding="utf-8")
    # names are Markdown-escaped, so a cell can never add a column or a link
    assert "| package | verdict |" in text and "❌ invalid" in text and "structure\\.frictionless" in text


def _action_step(name: str) -> dict:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    return next(step for step in action["runs"]["steps"] if step.get("name") == name)


def test_the_actions_command_line_validates_and_fails_like_ci_should(tmp_path):
    step = _action_step("Validate")
    assert step["shell"] == "bash" and "${{" not in step["run"], "inputs go through env, never into the script"
    bad = generic(tmp_path / "bad", rows="1,x\n1,y\n")
    for packages, expected in ((f"{ROOT / 'datapackage'} {RELEASE}", 0), (f"{ROOT / 'datapackage'} {bad}", 1)):
        summary = tmp_path / f"summary-{expected}.md"
        env = dict(os.environ, PACKAGES=packages, GITHUB_STEP_SUMMARY=str(summary), GX_ANALYTICS_ENABLED="False",
                   PATH=f"{Path(GWRDATA).parent}{os.pathsep}{os.environ['PATH']}")
        done = subprocess.run(["bash", "-c", step["run"]], env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == expected, done.stderr[-2000:]
        written = summary.read_text(encoding="utf-8")
        assert written.count("✅ valid") + written.count("❌ invalid") == 2
        if expected:
            assert "::error file=" in done.stdout and "primary-key" in done.stdout


def test_the_action_installs_what_it_validates_with():
    step = _action_step("Install gwrdata")
    assert "github.action_path" in step["env"]["REQUIREMENT"] and '"$REQUIREMENT"' in step["run"]
    assert (ROOT / "pyproject.toml").is_file()  # the action's own folder is an installable project


def test_the_pre_commit_hook_runs_gwrdata_validate_on_descriptors():
    import re

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "gwrdata-validate")
    assert hook["entry"] == "gwrdata validate" and hook["pass_filenames"] is True
    assert re.search(hook["files"], "datapackage/datapackage.json") and not re.search(hook["files"], "data/figures.csv")


def test_the_workflows_parse_and_use_what_exists():
    ci = yaml.safe_load((ROOT / ".github" / "workflows" / "validate.yml").read_text(encoding="utf-8"))
    steps = ci["jobs"]["validate"]["steps"]
    assert any(step.get("uses") == "./" for step in steps), "the repository's own workflow uses its action"
    assert (ROOT / "action.yml").is_file()
    release = yaml.safe_load((ROOT / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8"))
    on = release[True] if True in release else release["on"]  # YAML 1.1 reads the key `on` as True
    import fnmatch

    pattern = on["push"]["tags"][0].replace("[0-9]+", "[0-9]*")
    assert fnmatch.fnmatch(RELEASE.name, pattern) and not fnmatch.fnmatch("v1", pattern)


def test_the_tag_workflow_checks_the_downloaded_assets(tmp_path):
    release = yaml.safe_load((ROOT / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8"))
    step = next(s for s in release["jobs"]["release"]["steps"] if s.get("name") == "Check the downloaded assets")
    downloaded = tmp_path / "downloaded"
    downloaded.mkdir()
    for path in RELEASE.iterdir():
        if path.is_file():
            shutil.copy(path, downloaded / path.name)
    assert subprocess.run(["bash", "-c", step["run"]], cwd=tmp_path, capture_output=True).returncode == 0
    (downloaded / "RELEASE-NOTES.md").write_text("altered", encoding="utf-8")
    assert subprocess.run(["bash", "-c", step["run"]], cwd=tmp_path, capture_output=True).returncode != 0


def test_zenodo_metadata_is_the_latest_releases(capsys):
    from gwrdata.publish.catalog import build_catalog

    listing = build_catalog(ROOT / "dist")
    latest = max((d["name"], d["latest"]) for d in listing["datasets"])
    assert main(["zenodo", str(ROOT / "dist" / f"{latest[0]}-{latest[1]}")]) == 0
    printed = capsys.readouterr().out
    assert printed == (ROOT / ".zenodo.json").read_text(encoding="utf-8"), "regenerate .zenodo.json: gwrdata zenodo dist/<latest> > .zenodo.json"
    metadata = json.loads(printed)
    assert metadata["upload_type"] == "dataset" and metadata["version"] == latest[1] and metadata["license"] == "cc-by-4.0"
    assert metadata["related_identifiers"][0]["identifier"].endswith(f"/{latest[0]}-{latest[1]}/")


def test_a_name_whose_download_fails_is_one_line_and_exit_1(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("GWRDATA_CACHE", str(tmp_path / "cache"))
    dist = tmp_path / "dist"
    shutil.copytree(ROOT / "dist", dist)
    (dist / RELEASE.name / "RELEASE-NOTES.md").write_text("altered", encoding="utf-8")
    code, out, err = _run(capsys, f"shenyang-gwr-2024@{RELEASE.name.rsplit('-', 1)[1]}", "--catalog", str(dist))
    assert code == 1 and out == "" and err.count("\n") == 1 and "RELEASE-NOTES.md" in err and "Traceback" not in err
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").iterdir())
