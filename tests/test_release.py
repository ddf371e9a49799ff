"""Releases: reproducible to the byte, verifiable, immutable, all-or-nothing, and diffable."""

import json
import shutil
import subprocess
import sys
import zipfile

import pytest
import yaml
from conftest import FIXTURES, ROOT
from release_helpers import DIST, RECIPE, name, read_csv, recipe_copy, reference, scratch, snapshot, write_csv

from gwrdata.package import recipe as recipes
from gwrdata.publish.diff import diff, next_version
from gwrdata.errors import InputError
from gwrdata.publish.release import ReleaseRefused, release, releases

CORRECTED = {"F000389": {"subject_en": "Gross regional product"}}  # was "GDP"


@pytest.fixture(scope="module")
def ref():
    """(result, release folder, dist) of the reference release: the latest committed one, rebuilt."""
    return reference()


def test_committed_release_is_exactly_what_the_code_builds(ref):
    result, folder, _ = ref
    committed = releases(DIST, name())
    assert committed, "dist/ holds no release: run `gwrdata release` and commit dist/"
    latest = committed[max(committed)]
    assert latest.name == folder.name
    built = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    shipped = {p.relative_to(latest).as_posix(): p.read_bytes() for p in latest.rglob("*") if p.is_file()}
    assert sorted(shipped) == sorted(built)
    for file in built:
        assert shipped[file] == built[file], (
            f"dist/{latest.name}/{file} is not what the current code builds: when the data changes, "
            "release a new version beside it (the release proposes the number)")


def test_two_releases_are_byte_identical(ref):
    result, folder, dist = ref
    again = scratch() / "dist"
    if dist.exists():
        shutil.copytree(dist, again, ignore=shutil.ignore_patterns(folder.name))
    second = release(recipes.load(RECIPE), again, result["version"])
    assert second["status"] == "released"
    for path in (p for p in folder.rglob("*") if p.is_file()):
        relative = path.relative_to(folder)
        assert (again / folder.name / relative).read_bytes() == path.read_bytes(), relative


def test_checksums_manifest_and_notes(ref):
    result, folder, _ = ref
    stem = f"{result['name']}-{result['version']}"
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [f"{stem}.xlsx", f"{stem}-csv.zip", f"{stem}-site", "SHA256SUMS", "manifest.json", "RELEASE-NOTES.md"])
    site = sorted(p.name for p in (folder / f"{stem}-site").iterdir())
    assert site == ["CITATION.cff", "index.html", "site.css", "site.js", "validation.html"]
    done = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=folder, capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.count(": OK") == 4 + len(site), done.stdout + done.stderr
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    descriptor = json.loads((ROOT / "datapackage" / "datapackage.json").read_text(encoding="utf-8"))
    assert manifest["version"] == result["version"] and manifest["date"] == descriptor["created"][:10]
    assert manifest["toolkit"].startswith("gwrdata ") and manifest["validation"]["valid"] is True
    assert manifest["source"]["sha256"] == descriptor["gwrdata"]["source_sha256"]
    import hashlib

    for entry in manifest["files"]:
        data = (folder / entry["name"]).read_bytes()
        assert entry["bytes"] == len(data) and entry["sha256"] == hashlib.sha256(data).hexdigest()
    notes = (folder / "RELEASE-NOTES.md").read_text(encoding="utf-8")
    assert f"# {result['name']} {result['version']}" in notes and "sha256sum -c SHA256SUMS" in notes


def test_bundle_is_deterministic_and_passes_frictionless(ref):
    result, folder, _ = ref
    root = f"{result['name']}-{result['version']}"
    with zipfile.ZipFile(folder / f"{root}-csv.zip") as archive:
        infos = archive.infolist()
        names = [i.filename for i in infos]
        # datapackage.json at the root: frictionless opens the zip itself as the package
        assert names == sorted(names) and "datapackage.json" in names
        assert len({i.date_time for i in infos}) == 1 and {i.external_attr >> 16 for i in infos} == {0o100644}
        inside = set(names)
        assert {"datapackage.json", "README.md", "LICENSE", "CITATION.cff", "validation.json", "validation.html",
                "sources/shenyang-2024-government-work-report.txt"} <= inside
        assert {f"data/{t}.csv" for t in ("figures", "headline", "indicators", "sections", "units", "exclusions", "source_issues")} <= inside
        package = scratch()
        archive.extractall(package)
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["version"] == result["version"]
    assert json.loads((package / "validation.json").read_text(encoding="utf-8"))["valid"] is True
    done = subprocess.run([sys.executable, "-m", "frictionless", "validate", "datapackage.json"], cwd=package,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:]


def test_citation_files_are_valid_cff(ref):
    """Against the official CFF 1.2.0 JSON schema (tests/fixtures/cff-1.2.0.schema.json, as
    shipped in cffconvert 2.0.0, whose own pins would downgrade jsonschema)."""
    import jsonschema

    result, folder, _ = ref
    schema = json.loads((FIXTURES / "cff-1.2.0.schema.json").read_text(encoding="utf-8"))
    root = f"{result['name']}-{result['version']}"
    with zipfile.ZipFile(folder / f"{root}-csv.zip") as archive:
        bundled = archive.read("CITATION.cff").decode("utf-8")
    top = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    for text in (bundled, top):
        cff = yaml.safe_load(text)
        jsonschema.validate(cff, schema, format_checker=jsonschema.FormatChecker())
        assert cff["type"] == "dataset" and cff["license"] == "CC-BY-4.0"
    assert top == bundled, "CITATION.cff at the top is the latest release's: copy it from the bundle"
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {result['name']} {result['version']} " in changelog or f"## {result['version']} " in changelog


def test_releasing_the_same_version_again_is_a_no_op(ref):
    result, folder, dist = ref
    before = snapshot(dist)
    again = release(recipes.load(RECIPE), dist, result["version"])
    assert again["status"] == "unchanged" and "nothing to do" in again["message"]
    assert snapshot(dist) == before


def test_releasing_again_with_the_same_inputs_is_decided_without_a_build(ref, tmp_path):
    """publish/state.py: the same toolkit, recipe and source as the latest release mean the same
    release; any other input (here one more comment line in recipe.yaml), a state file that is not
    ours, or a release folder changed since, means building and comparing bytes as before."""
    result, folder, dist = ref
    copy = tmp_path / "dist"
    shutil.copytree(dist, copy)
    state_file = copy / ".gwrdata-state" / f"{result['name']}.json"
    assert json.loads(state_file.read_text(encoding="utf-8"))["release"] == folder.name
    quick = release(recipes.load(RECIPE), copy)
    assert quick["status"] == "unchanged" and "these very inputs" in quick["message"]
    import hashlib

    assert quick["version"] == result["version"] and len(quick["files"]) >= 3
    for entry in quick["files"]:
        assert hashlib.sha256((copy / folder.name / entry["name"]).read_bytes()).hexdigest() == entry["sha256"]
    # Anything else takes the certain path: the build, then the byte comparison.
    edited = tmp_path / "recipe"
    recipe_copy(edited)
    with open(edited / "recipe.yaml", "a", encoding="utf-8") as handle:
        handle.write("# a comment changes no byte of the release, but it is another input\n")
    slow = release(recipes.load(edited), copy)
    assert slow["status"] == "unchanged" and "already holds exactly this release" in slow["message"]
    state_file.write_text("not json", encoding="utf-8")
    assert "already holds exactly" in release(recipes.load(RECIPE), copy)["message"]
    assert "these very inputs" in release(recipes.load(RECIPE), copy)["message"]  # the state was written again
    (copy / folder.name / "RELEASE-NOTES.md").write_text("edited", encoding="utf-8")
    with pytest.raises(InputError, match="SHA-256 differs"):
        release(recipes.load(RECIPE), copy)


def test_a_state_folder_that_is_a_link_is_neither_read_nor_written(ref, tmp_path):
    """dist/.gwrdata-state as a link to another folder: the release builds and compares as if
    there were no state, and writes nothing through the link."""
    result, folder, dist = ref
    copy = tmp_path / "dist"
    shutil.copytree(dist, copy, ignore=shutil.ignore_patterns(".gwrdata-state"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / f"{result['name']}.json").write_text(
        (dist / ".gwrdata-state" / f"{result['name']}.json").read_text(encoding="utf-8"), encoding="utf-8")
    before = (elsewhere / f"{result['name']}.json").read_bytes()
    (copy / ".gwrdata-state").symlink_to(elsewhere, target_is_directory=True)
    again = release(recipes.load(RECIPE), copy)
    assert again["status"] == "unchanged" and "already holds exactly this release" in again["message"]
    assert sorted(p.name for p in elsewhere.iterdir()) == [f"{result['name']}.json"]
    assert (elsewhere / f"{result['name']}.json").read_bytes() == before


def test_a_failed_validation_writes_nothing(ref, tmp_path):
    _, _, dist = ref
    bad = recipe_copy(tmp_path / "recipe", extra_indicator={"indicator_id": "Not-An-Id", "name_zh": "无此指标", "name_en": "none",
                                                            "category": "economy", "base_unit": "percent"})
    before = snapshot(dist)
    with pytest.raises(ReleaseRefused) as err:
        release(bad, dist, "9.0.0")
    assert not err.value.report.valid and "nothing was written" in str(err.value)
    failed = [c["name"] for c in err.value.report.to_dict()["checks"] if c["failed"]]
    assert failed, "the report names the failed checks"
    assert snapshot(dist) == before
    fresh = tmp_path / "new-dist"
    with pytest.raises(ReleaseRefused):
        release(bad, fresh)
    assert not fresh.exists()


def test_changed_data_cannot_reuse_a_version_and_is_released_as_a_patch(ref, tmp_path):
    result, folder, dist = ref
    work = tmp_path / "dist"
    shutil.copytree(dist, work)
    corrected = recipe_copy(tmp_path / "recipe", figures=CORRECTED)
    before = snapshot(work)
    with pytest.raises(InputError) as err:
        release(corrected, work, result["version"])
    message = err.value.message
    assert folder.name in message and "already released" in message and "bump the version" in message
    assert snapshot(work) == before

    patch = release(corrected, work)
    assert patch["status"] == "released" and patch["version"] == next_version(result["version"], "patch")
    assert patch["change"] == "patch"
    change = diff(work / folder.name, patch["folder"])
    assert change.bump == "patch" and change.reason == "values corrected"
    assert {n: c for n, c in change.counts().items() if any(c.values())} == {"figures": {"added": 0, "removed": 0, "changed": 1}}
    assert change.tables["figures"].changed == [
        {"key": {"figure_id": "F000389"}, "fields": [{"field": "subject_en", "old": "GDP", "new": "Gross regional product"}]}]
    assert not change.schema_changes and not change.files_changed
    notes = (work / f"{name()}-{patch['version']}" / "RELEASE-NOTES.md").read_text(encoding="utf-8")
    assert "values corrected" in notes and "F000389: subject_en: 'GDP' -> 'Gross regional product'" in notes
    # The diff against the latest release is computed before the version is stamped and reused:
    # the notes still name the version released, not the recipe's.
    assert f"Since {name()} {result['version']}: **patch**" in notes
    assert f"{name()} {result['version']} -> {name()} {patch['version']}: patch (values corrected)" in notes
    assert json.loads((work / f"{name()}-{patch['version']}" / "manifest.json").read_text())["previous"] == result["version"]


def test_diff_reports_exactly_one_corrected_value(ref, tmp_path):
    result, folder, _ = ref
    root = f"{result['name']}-{result['version']}"
    package = tmp_path / root
    with zipfile.ZipFile(folder / f"{root}-csv.zip") as archive:
        archive.extractall(package)
    rows = read_csv(package / "data" / "figures.csv")
    target = next(r for r in rows if r["unit"] == "%" and r["figure_id"] != "F000389")
    old = target["value"]
    target["value"] = str(float(old) + 0.5)
    write_csv(package / "data" / "figures.csv", rows)

    change = diff(folder, package)
    assert change.bump == "patch" and change.reason == "values corrected"
    data = change.to_dict()
    json.dumps(data)
    assert {n: t["counts"] for n, t in data["tables"].items() if any(t["counts"].values())} == \
           {"figures": {"added": 0, "removed": 0, "changed": 1}}
    old_value = int(float(old)) if float(old).is_integer() else float(old)
    assert data["tables"]["figures"]["changed"] == [
        {"key": {"figure_id": target["figure_id"]}, "fields": [{"field": "value", "old": old_value, "new": float(old) + 0.5}]}]
    assert not data["schema_changes"] and not data["metadata_changes"] and not data["files_changed"]
    text = change.to_text()
    assert f"~ {target['figure_id']}: value: {json.dumps(old_value)} -> {float(old) + 0.5}" in text
    assert "figures (key figure_id): 0 added, 0 removed, 1 changed" in text


def test_diff_classifies_rows_and_schema_changes(ref, tmp_path):
    result, folder, _ = ref
    root = f"{result['name']}-{result['version']}"
    package = tmp_path / root
    with zipfile.ZipFile(folder / f"{root}-csv.zip") as archive:
        archive.extractall(package)
    assert diff(folder, package).empty
    rows = read_csv(package / "data" / "exclusions.csv")
    write_csv(package / "data" / "exclusions.csv", rows[1:])
    removed = diff(folder, package)
    assert removed.bump == "minor" and len(removed.tables["exclusions"].removed) == 1
    assert removed.tables["exclusions"].removed[0]["start"] == int(rows[0]["start"])
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    units = next(r for r in descriptor["resources"] if r["name"] == "units")
    units["schema"]["fields"][3]["type"] = "number"
    (package / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    schema = diff(folder / f"{root}-csv.zip", package / "datapackage.json")
    assert schema.bump == "major"
    assert schema.schema_changes == [{"resource": "units", "field": "multiplier", "change": "type 'integer' -> 'number'", "breaking": True}]


def test_cli_verbs_give_the_documented_exit_codes(ref, tmp_path, capsys):
    """gwrdata release / gwrdata diff: 0 done, 1 refused by validation, 2 bad input."""
    from gwrdata import cli

    verbs = cli.build_parser()._subparsers._group_actions[0].choices
    if not {"release", "diff"} <= set(verbs):
        pytest.skip("cli.py does not wire 'release' and 'diff' yet")
    result, folder, dist = ref
    assert cli.main(["diff", str(folder), str(folder), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["bump"] is None
    assert cli.main(["diff", str(folder), str(tmp_path / "missing")]) == 2
    work = tmp_path / "dist"
    shutil.copytree(dist, work)
    assert cli.main(["release", str(RECIPE), "--dist", str(work), "--version", result["version"], "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "unchanged"
    assert cli.main(["release", str(RECIPE), "--dist", str(work), "--version", "1.2"]) == 2
    bad = recipe_copy(tmp_path / "recipe", extra_indicator={"indicator_id": "Not-An-Id", "name_zh": "无此指标"})
    assert cli.main(["release", str(bad.folder), "--dist", str(work), "--version", "9.0.0"]) == 1


def test_the_data_page_is_in_the_release_and_in_the_bundle(ref):
    import zipfile

    result, folder, _ = ref
    stem = f"{result['name']}-{result['version']}"
    page = (folder / f"{stem}-site" / "index.html").read_text(encoding="utf-8")
    assert f'href="../{stem}.xlsx"' in page and f'href="../{stem}-csv.zip"' in page
    with zipfile.ZipFile(folder / f"{stem}-csv.zip") as bundle:
        names = bundle.namelist()
        assert "site/index.html" in names and "site/site.js" in names
        inner = bundle.read("site/index.html").decode("utf-8")
    assert 'href="../validation.html"' in inner and ".xlsx" not in inner.split("<script", 1)[0]
