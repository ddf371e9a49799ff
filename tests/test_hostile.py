"""Hostile input: every verb answers bad input with one line and exit 2, and writes nothing else.

A table of cases drives every verb with inputs a careless or hostile user gives (paths that
escape, FIFOs, devices, symlink loops, zip bombs, YAML bombs, descriptors of every wrong shape,
formula text). Each case runs in a scratch tree; the whole tree is snapshotted before and after,
so a case passes only if nothing changed outside the folder the command was given.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, SOURCE

from gwrdata.cli import main

RECIPE = ROOT / "recipes" / "shenyang-2024"
PACKAGE = ROOT / "datapackage"
RELEASE = ROOT / "dist" / "shenyang-gwr-2024-1.0.0"
GWRDATA = Path(sys.executable).parent / "gwrdata"
ENV = dict(os.environ, GX_ANALYTICS_ENABLED="False")


# -- building blocks of the hostile inputs -------------------------------------------------

def write(arena: Path, rel: str, data: bytes | str) -> Path:
    path = arena / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def recipe(arena: Path, rel: str = "r", source: dict | None = None, curated: dict | None = None, raw: bytes | None = None,
           edit=None, **config):
    """A copy of the Shenyang recipe with its own source, with ``config`` keys replaced."""
    folder = arena / rel
    folder.mkdir(parents=True)
    for table in sorted(RECIPE.glob("*.csv")):  # whatever curated tables the recipe holds
        shutil.copyfile(table, folder / table.name)
    shutil.copyfile(SOURCE, write(arena, f"{rel}/source/sy-2024.txt", b""))
    if raw is not None:
        (folder / "recipe.yaml").write_bytes(raw)
        return folder
    data = yaml.safe_load((RECIPE / "recipe.yaml").read_text(encoding="utf-8"))
    data.pop("out")
    data["source"]["path"] = "source/sy-2024.txt"
    data["source"].update(source or {})
    data.update(config)
    if edit:
        edit(data)
    (folder / "recipe.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    for name, (row, column, value) in (curated or {}).items():
        rows = list(csv_rows(folder / name))
        rows[row][column] = value
        with open(folder / name, "w", encoding="utf-8", newline="") as handle:
            import csv

            writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    return folder


def csv_rows(path: Path):
    import csv

    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def package(arena: Path, rel: str = "pkg", edit=None, descriptor: bytes | None = None) -> Path:
    """A copy of the Shenyang package; ``edit(descriptor)`` changes its datapackage.json."""
    folder = arena / rel
    shutil.copytree(PACKAGE, folder)
    path = folder / "datapackage.json"
    if descriptor is not None:
        path.write_bytes(descriptor)
    elif edit:
        data = json.loads(path.read_text(encoding="utf-8"))
        edit(data)
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return folder


def resource_path(value):
    def edit(data):
        next(r for r in data["resources"] if r["name"] == "figures")["path"] = value
    return lambda arena: package(arena, edit=edit)


def bad_descriptor(data: bytes):
    return lambda arena: package(arena, descriptor=data)


def zip_of(arena: Path, rel: str, members: dict[str, bytes]) -> Path:
    path = arena / rel
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def zip_bomb(arena: Path) -> None:
    """Under 100 KB on disk, 64 MB of zeros inside: the ratio is refused from the central directory."""
    descriptor = json.dumps({"name": "x", "version": "1.0.0", "resources": [{"name": "figures", "path": "data/figures.csv", "schema": {}}]})
    with zipfile.ZipFile(arena / "bomb.zip", "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("x-1.0.0/datapackage.json", descriptor)
        with archive.open("x-1.0.0/data/figures.csv", "w") as member:
            block = bytes(1 << 20)
            for _ in range(64):
                member.write(block)
    assert (arena / "bomb.zip").stat().st_size < 200_000


def fifo(rel: str):
    return lambda arena: os.mkfifo(arena / rel)


def loop(rel: str):
    def make(arena):
        (arena / rel).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(arena / rel, arena / rel)
    return make


def batch(arena: Path) -> None:
    for name in ("...txt", "..txt", "figures.csv.txt", "sy-2024.txt"):
        shutil.copyfile(SOURCE, write(arena, f"in/{name}", b""))


def laughs() -> bytes:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    return ("\n".join(lines) + "\nname: *i\n").encode()


SHENYANG_TEXT = SOURCE.read_text(encoding="utf-8")
SY = str(SOURCE)
ALL = ("*",)  # a case that may write anywhere under the arena (none does)


def case(id, args, code=2, names="", setup=None, allowed=(), lines=1):
    return pytest.param(args, code, names, setup, allowed, lines, id=id)


CASES = [
    # extract
    case("extract-missing", ["extract", "{A}/nope.txt", "--out", "{A}/out"], names="nope.txt"),
    case("extract-fifo", ["extract", "{A}/fifo-2024.txt", "--out", "{A}/out"], names="fifo-2024.txt", setup=fifo("fifo-2024.txt")),
    case("extract-dev-zero", ["extract", "/dev/zero", "--year", "2024", "--out", "{A}/out"], names="/dev/zero"),
    case("extract-symlink-loop", ["extract", "{A}/loop-2024.txt", "--out", "{A}/out"], names="loop-2024.txt", setup=loop("loop-2024.txt")),
    case("extract-folder-in-folder", ["extract", "{A}/empty", "--out", "{A}/out"], names="empty", setup=lambda a: (a / "empty").mkdir()),
    case("extract-utf16-no-bom", ["extract", "{A}/u16-2024.txt", "--out", "{A}/out"], names="--encoding utf-16-le",
         setup=lambda a: write(a, "u16-2024.txt", SHENYANG_TEXT.encode("utf-16-le"))),
    case("extract-empty", ["extract", "{A}/e-2024.txt", "--out", "{A}/out"], names="e-2024.txt", setup=lambda a: write(a, "e-2024.txt", b"")),
    case("extract-binary", ["extract", "{A}/b-2024.txt", "--out", "{A}/out"], names="b-2024.txt",
         setup=lambda a: write(a, "b-2024.txt", bytes(range(256)) * 4)),
    case("extract-over-max-size", ["extract", SY, "--max-size", "1000", "--out", "{A}/out"], names="--max-size"),
    case("extract-max-size-junk", ["extract", SY, "--max-size", "lots", "--out", "{A}/out"], names="--max-size"),
    case("extract-out-is-a-file", ["extract", SY, "--out", "{A}/afile"], names="afile", setup=lambda a: write(a, "afile", "x")),
    case("extract-jobs-0", ["extract", "{A}/in", "--jobs", "0", "--out", "{A}/out"], names="--jobs", setup=batch),
    case("extract-jobs-negative", ["extract", "{A}/in", "--jobs", "-1", "--out", "{A}/out"], names="--jobs", setup=batch),
    case("extract-jobs-1000", ["extract", "{A}/in", "--jobs", "1000", "--out", "{A}/out"], names="--jobs", setup=batch),
    case("extract-year-junk", ["extract", SY, "--year", "abc", "--out", "{A}/out"], names="--year"),
    case("extract-unknown-encoding", ["extract", SY, "--encoding", "klingon", "--out", "{A}/out"], names="klingon"),
    case("extract-batch-dot-names", ["extract", "{A}/in", "--year", "2024", "--json", "--out", "{A}/out"], names="figures.csv.txt",
         setup=batch, allowed=("out",), lines=0),  # with --json the errors are in the JSON on stdout
    case("extract-batch-symlink-loop-and-fifo", ["extract", "{A}/in", "--json", "--out", "{A}/out"], names="loop-2024.txt", lines=0,
         setup=lambda a: (shutil.copyfile(SOURCE, write(a, "in/sy-2024.txt", b"")), loop("in/loop-2024.txt")(a), fifo("in/f-2024.txt")(a)),
         allowed=("out",)),
    # init
    case("init-name-dotdot", ["init", "{A}/new", "--source", SY, "--year", "2024", "--government", "沈阳市人民政府", "--name", "../../x"], names="--name"),
    case("init-name-absolute", ["init", "{A}/new", "--source", SY, "--year", "2024", "--government", "沈阳市人民政府", "--name", "/tmp/x"], names="--name"),
    case("init-source-fifo", ["init", "{A}/new", "--source", "{A}/f.txt", "--year", "2024", "--government", "沈阳"], names="f.txt", setup=fifo("f.txt")),
    case("init-government-formula", ["init", "{A}/new", "--source", SY, "--year", "2024", "--government", '=HYPERLINK("http://x")'], names="--government"),
    case("init-folder-is-a-file", ["init", "{A}/afile", "--source", SY, "--year", "2024", "--government", "沈阳"], names="afile", setup=lambda a: write(a, "afile", "x")),
    # build: recipe values
    case("build-missing-recipe", ["build", "{A}/none"], names="recipe.yaml"),
    case("build-billion-laughs", ["build", "{A}/r"], names="recipe.yaml", setup=lambda a: recipe(a, raw=laughs())),
    case("build-yaml-not-utf8", ["build", "{A}/r"], names="recipe.yaml", setup=lambda a: recipe(a, raw="name: 沈阳\n".encode("gb18030"))),
    case("build-yaml-a-list", ["build", "{A}/r"], names="recipe.yaml", setup=lambda a: recipe(a, raw=b"- a\n- b\n")),
    case("build-yaml-python-tag", ["build", "{A}/r"], names="recipe.yaml", setup=lambda a: recipe(a, raw=b"name: !!python/object/apply:os.system [echo]\n")),
    case("build-report-year-abc", ["build", "{A}/r"], names="report_year", setup=lambda a: recipe(a, source={"report_year": "abc"})),
    case("build-created-yesterday", ["build", "{A}/r"], names="created", setup=lambda a: recipe(a, created="yesterday")),
    case("build-source-42", ["build", "{A}/r"], names="source", setup=lambda a: recipe(a, edit=lambda d: d.update(source=42))),
    case("build-name-dotdot", ["build", "{A}/r"], names="name", setup=lambda a: recipe(a, name="../../x")),
    case("build-name-slash", ["build", "{A}/r"], names="name", setup=lambda a: recipe(a, name="a/b")),
    case("build-name-absolute", ["build", "{A}/r"], names="name", setup=lambda a: recipe(a, name="/tmp/x")),
    case("build-version-arabic-digits", ["build", "{A}/r"], names="version", setup=lambda a: recipe(a, version="1.\u0663.0")),
    case("build-version-superscript", ["build", "{A}/r"], names="version", setup=lambda a: recipe(a, version="1.0.\u00b9")),
    case("build-source-symlink-loop", ["build", "{A}/r"], names="loop.txt",
         setup=lambda a: (recipe(a, source={"path": "loop.txt"}), loop("r/loop.txt")(a))),
    case("build-source-dev-zero", ["build", "{A}/r"], names="/dev/zero", setup=lambda a: recipe(a, source={"path": "/dev/zero", "sha256": None})),
    case("build-source-fifo", ["build", "{A}/r"], names="f.txt", setup=lambda a: (recipe(a, source={"path": "f.txt"}), fifo("r/f.txt")(a))),
    case("build-cr-in-subject", ["build", "{A}/r"], names="figures.csv", setup=lambda a: recipe(a, curated={"figures.csv": (0, "subject_en", "GDP\rgrowth")})),
    case("build-formula-subject", ["build", "{A}/r"], names="figures.csv",
         setup=lambda a: recipe(a, curated={"figures.csv": (0, "subject_en", '=HYPERLINK("http://x","GDP")')})),
    case("build-formula-title", ["build", "{A}/r"], names="title_en", setup=lambda a: recipe(a, title_en="@SUM(1,2)")),
    case("build-control-in-title", ["build", "{A}/r"], names="title_zh", setup=lambda a: recipe(a, title_zh="沈阳\x07")),
    case("build-out-is-a-file", ["build", "{A}/r", "--out", "{A}/afile"], names="afile", setup=lambda a: (recipe(a), write(a, "afile", "x"))),
    case("build-out-holds-other-files", ["build", "{A}/r", "--out", "{A}/mine"], names="mine",
         setup=lambda a: (recipe(a), write(a, "mine/notes.txt", "keep me"))),
    # validate: descriptors of every wrong shape, paths that escape, huge headers
    case("validate-descriptor-list", ["validate", "{A}/pkg"], names="datapackage.json", setup=bad_descriptor(b"[1, 2]")),
    case("validate-descriptor-string", ["validate", "{A}/pkg"], names="datapackage.json", setup=bad_descriptor(b'"x"')),
    case("validate-descriptor-null", ["validate", "{A}/pkg"], names="datapackage.json", setup=bad_descriptor(b"null")),
    case("validate-descriptor-not-utf8", ["validate", "{A}/pkg"], names="datapackage.json", setup=bad_descriptor('{"name": "沈阳"}'.encode("gb18030"))),
    case("validate-resources-5", ["validate", "{A}/pkg"], names="resources", setup=lambda a: package(a, edit=lambda d: d.update(resources=5))),
    case("validate-path-dotdot", ["validate", "{A}/pkg"], names="../x", setup=resource_path("../x")),
    case("validate-path-etc-passwd", ["validate", "{A}/pkg"], names="/etc/passwd", setup=resource_path("/etc/passwd")),
    case("validate-path-dev-zero", ["validate", "{A}/pkg"], names="/dev/zero", setup=resource_path("/dev/zero")),
    case("validate-path-url", ["validate", "{A}/pkg"], names="http", setup=resource_path("http://127.0.0.1:9/figures.csv")),
    case("validate-path-list", ["validate", "{A}/pkg"], names="datapackage.json", setup=resource_path(["data/figures.csv", "data/units.csv"])),
    case("validate-path-symlink-out", ["validate", "{A}/pkg"], names="figures.csv",
         setup=lambda a: (package(a), os.remove(a / "pkg/data/figures.csv"), os.symlink("/etc/passwd", a / "pkg/data/figures.csv"))),
    case("validate-million-columns", ["validate", "{A}/pkg"], names="figures.csv",
         setup=lambda a: (package(a), write(a, "pkg/data/figures.csv", ",".join(f"c{i}" for i in range(1_000_000)) + "\n"))),
    case("validate-a-fifo", ["validate", "{A}/f.json"], names="f.json", setup=fifo("f.json")),
    case("validate-zip-bomb", ["validate", "{A}/bomb.zip"], names="bomb.zip", setup=zip_bomb),
    # diff
    case("diff-missing", ["diff", "{A}/a", "{A}/b"], names="a"),
    case("diff-zip-bomb", ["diff", "{A}/bomb.zip", "{A}/bomb.zip"], names="bomb.zip", setup=zip_bomb),
    case("diff-zip-bad-json", ["diff", "{A}/z.zip", "{A}/z.zip"], names="z.zip",
         setup=lambda a: zip_of(a, "z.zip", {"x-1.0.0/datapackage.json": b"{not json"})),
    case("diff-zip-not-a-zip", ["diff", "{A}/z.zip", "{A}/z.zip"], names="z.zip", setup=lambda a: write(a, "z.zip", b"PK\x03\x04 nothing")),
    case("diff-zip-descriptor-escapes", ["diff", "{A}/z.zip", "{A}/z.zip"], names="z.zip",
         setup=lambda a: zip_of(a, "z.zip", {"x/datapackage.json": json.dumps({"resources": [{"name": "f", "path": "../../f.csv"}]}).encode()})),
    case("diff-path-dotdot", ["diff", "{A}/pkg", "{A}/pkg"], names="../secret.csv",
         setup=lambda a: (write(a, "secret.csv", "figure_id\nSECRET\n"), resource_path("../secret.csv")(a))),
    case("diff-path-etc-passwd", ["diff", "{A}/pkg", "{A}/pkg"], names="/etc/passwd", setup=resource_path("/etc/passwd")),
    case("diff-path-dev-zero", ["diff", "{A}/pkg", "{A}/pkg"], names="/dev/zero", setup=resource_path("/dev/zero")),
    case("diff-path-url", ["diff", "{A}/pkg", "{A}/pkg"], names="http", setup=resource_path("https://example.org/f.csv")),
    case("diff-path-list", ["diff", "{A}/pkg", "{A}/pkg"], names="datapackage.json", setup=resource_path(["a", "b"])),
    case("diff-descriptor-list", ["diff", "{A}/pkg", "{A}/pkg"], names="datapackage.json", setup=bad_descriptor(b"[]")),
    case("diff-descriptor-null", ["diff", "{A}/pkg", "{A}/pkg"], names="datapackage.json", setup=bad_descriptor(b"null")),
    case("diff-descriptor-not-utf8", ["diff", "{A}/pkg", "{A}/pkg"], names="datapackage.json", setup=bad_descriptor(b'{"name": "\xff"}')),
    case("diff-resources-5", ["diff", "{A}/pkg", "{A}/pkg"], names="resources", setup=lambda a: package(a, edit=lambda d: d.update(resources=5))),
    # release: names that escape dist/, versions, untrusted previous releases
    case("release-name-dotdot", ["release", "{A}/r", "--dist", "{A}/dist"], names="name", setup=lambda a: recipe(a, name="../../x")),
    case("release-name-absolute", ["release", "{A}/r", "--dist", "{A}/dist"], names="name", setup=lambda a: recipe(a, name="/tmp/gwrdata-x")),
    case("release-version-arabic-digits", ["release", "{A}/r", "--dist", "{A}/dist", "--version", "1.\u0663.0"], names="--version",
         setup=lambda a: recipe(a)),
    case("release-untrusted-previous", ["release", "{A}/r", "--dist", "{A}/dist"], names="shenyang-gwr-2024-0.9.0",
         setup=lambda a: (recipe(a), write(a, "dist/shenyang-gwr-2024-0.9.0/manifest.json", json.dumps({"name": "shenyang-gwr-2024", "version": "0.9.0"})))),
    case("release-tampered-previous", ["release", "{A}/r", "--dist", "{A}/dist"], names="shenyang-gwr-2024-1.0.0",
         setup=lambda a: (recipe(a), shutil.copytree(RELEASE, a / "dist" / RELEASE.name),
                          write(a, f"dist/{RELEASE.name}/RELEASE-NOTES.md", "tampered"))),
    case("release-dist-is-a-fifo", ["release", "{A}/r", "--dist", "{A}/fifo"], names="fifo", setup=lambda a: (recipe(a), fifo("fifo")(a))),
    case("release-billion-laughs", ["release", "{A}/r", "--dist", "{A}/dist"], names="recipe.yaml", setup=lambda a: recipe(a, raw=laughs())),
    case("release-dist-is-a-file", ["release", "{A}/r", "--dist", "{A}/afile"], names="afile",
         setup=lambda a: (recipe(a), write(a, "afile", "x"))),
]


def fill(args: list[str], arena: Path) -> list[str]:
    return [a.replace("{A}", str(arena)) for a in args]


def snapshot(root: Path) -> dict[str, tuple]:
    """Every entry under ``root``: its kind, mode and (for files) SHA-256 or link target."""
    found = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder) / name
            info = path.lstat()
            if stat.S_ISREG(info.st_mode):
                content = hashlib.sha256(path.read_bytes()).hexdigest()
            elif stat.S_ISLNK(info.st_mode):
                content = os.readlink(path)
            else:
                content = None
            found[str(path.relative_to(root))] = (stat.S_IFMT(info.st_mode), info.st_mode & 0o7777, content)
    return found


def changes(before: dict, after: dict) -> set[str]:
    return {k for k in set(before) | set(after) if before.get(k) != after.get(k)}


def run_inprocess(args, capsys) -> tuple[int, str, str]:
    try:
        code = main(args)
    except SystemExit as exit:
        code = exit.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def arena(tmp_path, monkeypatch):
    """A scratch tree two levels down, so a path that escapes by '../..' still lands in tmp_path."""
    folder = tmp_path / "outer" / "arena"
    folder.mkdir(parents=True)
    monkeypatch.chdir(folder)
    return folder


@pytest.mark.parametrize("args,code,names,setup,allowed,lines", CASES)
def test_hostile_input(arena, tmp_path, capsys, args, code, names, setup, allowed, lines):
    if setup:
        setup(arena)
    before = snapshot(tmp_path)
    got, out, err = run_inprocess(fill(args, arena), capsys)
    after = snapshot(tmp_path)
    assert got == code, err
    errors = err.strip().splitlines()
    if code == 2:
        assert len(errors) == lines, err
        assert all(line.startswith("gwrdata: error: ") and "Fix:" in line for line in errors), err
        assert all(names in line for line in errors), f"{names!r} not named in: {err}"
        assert errors or names in out
    assert "Traceback" not in err
    prefix = "outer/arena/"
    outside = {p for p in changes(before, after) if not any(p == prefix + a or p.startswith(prefix + a + "/") for a in allowed)}
    assert not outside, f"written outside {allowed or 'nothing'}: {sorted(outside)[:5]}"
    assert "SECRET" not in out and "root:" not in out


ENTRY_POINT = ["extract-fifo", "extract-batch-dot-names", "build-billion-laughs", "validate-path-dev-zero", "diff-zip-bomb",
               "release-name-dotdot", "extract-jobs-0", "build-source-symlink-loop"]


@pytest.mark.parametrize("args,code,names,setup,allowed,lines", [c for c in CASES if c.id in ENTRY_POINT])
def test_the_installed_command_answers_without_traceback(tmp_path, args, code, names, setup, allowed, lines):
    """The same cases through the real ``gwrdata`` script: no traceback reaches the terminal."""
    arena = tmp_path / "outer" / "arena"
    arena.mkdir(parents=True)
    if setup:
        setup(arena)
    before = snapshot(tmp_path)
    done = subprocess.run([str(GWRDATA), *fill(args, arena)], capture_output=True, text=True, cwd=arena, env=ENV, timeout=120)
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == lines, done.stderr
    assert not {p for p in changes(before, snapshot(tmp_path)) if not any(f"/{a}" in "/" + p for a in allowed)}


def test_the_batch_keeps_good_reports_and_names_the_bad(arena, capsys):
    batch(arena)
    code, out, err = run_inprocess(["extract", str(arena / "in"), "--year", "2024", "--json", "--out", str(arena / "out")], capsys)
    assert code == 2
    summary = json.loads(out)
    assert [r["ok"] for r in summary["reports"]] == [False, False, False, True]
    combined = csv_rows(arena / "out" / "figures.csv")
    assert combined and {row["report"] for row in combined} == {"sy-2024"}
    assert sorted(p.name for p in (arena / "out").iterdir()) == ["figures.csv", "sy-2024"]


def test_a_one_line_report_is_not_taken_as_its_footer(arena, capsys):
    """With its line breaks removed, the report is one line holding the footer markers."""
    write(arena, "one-2024.txt", SHENYANG_TEXT.replace("\r", "").replace("\n", ""))
    code, out, err = run_inprocess(["extract", str(arena / "one-2024.txt"), "--json", "--out", str(arena / "out")], capsys)
    assert code == 0, err
    assert json.loads(out)["figures"] > 150
    issues = csv_rows(arena / "out" / "source_issues.csv")
    assert all(int(i["end"]) - int(i["start"]) < 1000 for i in issues), [i["kind"] for i in issues]


def test_the_footer_is_still_found_at_the_end(shenyang_text):
    from gwrdata.read.contamination import find_footer

    footer = find_footer(shenyang_text)
    assert len(footer) == 1 and footer[0].start > len(shenyang_text) * 0.9
    assert "版权所有" in footer[0].mention


def test_a_cr_in_a_subject_is_quoted_in_the_csv(tmp_path):
    """A field with a bare CR is quoted, so a CSV reader gets the row whole."""
    from gwrdata.extract import csvfile

    path = tmp_path / "t.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csvfile.writer(handle)
        writer.writerow(["id", "subject"])
        writer.writerow(["F1", "GDP\rgrowth"])
        writer.writerow(["F2", "plain"])
    assert path.read_bytes() == b'id,subject\nF1,"GDP\rgrowth"\nF2,plain\n'
    assert csv_rows(path) == [{"id": "F1", "subject": "GDP\rgrowth"}, {"id": "F2", "subject": "plain"}]


def test_formula_text_meant_by_the_recipe_is_built(arena, capsys):
    """allow_leading lets a recipe mean a leading '-'; the validation check still names the cell."""
    folder = recipe(arena, allow_leading=["-"], curated={"figures.csv": (0, "subject_en", "-5% target")})
    code, out, err = run_inprocess(["build", str(folder), "--json"], capsys)
    assert code == 0, err
    rows = csv_rows(folder / "datapackage" / "data" / "figures.csv")
    assert any(r["subject_en"] == "-5% target" for r in rows)


def test_zip_total_size_is_capped_from_the_central_directory(arena, capsys, monkeypatch):
    from gwrdata.read import archive

    monkeypatch.setattr(archive, "MAX_TOTAL_BYTES", 1000)
    zip_of(arena, "z.zip", {"x/datapackage.json": b"{}", "x/data/a.csv": b"a,b\n" * 1000})
    code, out, err = run_inprocess(["diff", str(arena / "z.zip"), str(arena / "z.zip")], capsys)
    assert code == 2 and "central directory" in err and "uncompressed" in err


# -- permissions: as a user the file system refuses ----------------------------------------

def _unprivileged() -> list[str] | None:
    """A command prefix that runs without root's power to ignore file permissions, or None."""
    if os.geteuid() != 0:
        return []
    probe = Path(os.environ.get("TMPDIR", "/tmp")) / f"gwrdata-probe-{os.getpid()}"
    probe.write_text("x")
    probe.chmod(0)
    try:
        for prefix in (["runuser", "-u", "nobody", "--"], ["setpriv", "--bounding-set=-all", "--inh-caps=-all"]):
            if not shutil.which(prefix[0]):
                continue
            try:
                done = subprocess.run([*prefix, sys.executable, "-c", f"open({str(probe)!r}).read()"], capture_output=True, timeout=30)
            except OSError:
                continue
            if done.returncode != 0 and b"PermissionError" in done.stderr:
                return prefix
    finally:
        probe.unlink()
    return None


@pytest.fixture(scope="module")
def unprivileged():
    prefix = _unprivileged()
    if prefix is None:
        pytest.skip("running as root and neither runuser -u nobody (it cannot run this Python) nor setpriv "
                    "(dropping capabilities) is available, so root would read and write anything")
    return prefix


def test_an_unreadable_source_is_one_line(tmp_path, unprivileged):
    source = tmp_path / "sy-2024.txt"
    shutil.copyfile(SOURCE, source)
    source.chmod(0)
    tmp_path.chmod(0o777)
    done = subprocess.run([*unprivileged, str(GWRDATA), "extract", str(source), "--out", str(tmp_path / "out")],
                          capture_output=True, text=True, env=ENV, timeout=120)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "sy-2024.txt" in done.stderr
    assert not (tmp_path / "out").exists()


def test_an_unwritable_out_is_one_line(tmp_path, unprivileged):
    out = tmp_path / "locked"
    out.mkdir()
    out.chmod(0o555)
    tmp_path.chmod(0o777)
    done = subprocess.run([*unprivileged, str(GWRDATA), "extract", str(SOURCE), "--out", str(out / "tables")],
                          capture_output=True, text=True, env=ENV, timeout=120)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "locked" in done.stderr
    assert list(out.iterdir()) == []


CORPUS = Path("/work/shared/corpus") if Path("/work/shared/corpus").is_dir() else ROOT.parent / "shared" / "corpus"


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the corpus of real reports is not on this machine")
def test_utf16_without_bom_is_named_for_every_real_report():
    """Saved as UTF-16 without a BOM (either byte order), every corpus report gets the hint; binary junk does not."""
    from gwrdata.errors import InputError
    from gwrdata.read.source import decode

    reports = sorted(CORPUS.glob("*_20*.md"))
    assert len(reports) > 100
    for path in reports:
        text = path.read_text(encoding="utf-8")
        for codec in ("utf-16-le", "utf-16-be"):
            with pytest.raises(InputError, match=f"--encoding {codec}"):
                decode(text.encode(codec), path)
    for junk in (b"\x00\x01binary garbage\xff", bytes(range(256)) * 4):
        with pytest.raises(InputError, match="binary file"):
            decode(junk, "junk")
