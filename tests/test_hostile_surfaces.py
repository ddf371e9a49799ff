"""Hostile input on the surfaces that face data from elsewhere: catalogs and mirrors (``get``,
``load``, ``validate NAME@VERSION``), panels (manifests, ``--out``), and the CI formats.

A real HTTP server on 127.0.0.1 plays the hostile mirror: it trickles bytes, sends more than the
catalog states, lies about a file's size, and redirects in a loop. Each case checks what the
command answers (one line naming the input and the fix, exit 2; or exit 1 for a download that did
not arrive intact), that nothing was written outside the folder it was given, and that no partial
download or staging folder is left behind.
"""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import signal
import subprocess
import sys
import threading
import time
import xml.dom.minidom
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import ROOT
from test_hostile import ENV, GWRDATA, changes, recipe, run_inprocess, snapshot

from gwrdata.errors import InputError

MIRROR = ROOT.parent / "shared" / "mirror"
NAME, VERSION = "shenyang-gwr-2024", "2.0.0"
FOLDER = f"{NAME}-{VERSION}/"


class Hostile(SimpleHTTPRequestHandler):
    """Serves a copy of dist/, except for the paths told to misbehave."""

    trickle: set[str] = set()   # one byte a second, forever
    flood: set[str] = set()     # the file, then 4 MB more, with no Content-Length
    redirect_loop: set[str] = set()

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = self.path.lstrip("/")
        if path in self.redirect_loop:
            self.send_response(302)
            self.send_header("Location", self.path)
            self.end_headers()
            return
        if path in self.trickle or path in self.flood:
            self.send_response(200)
            self.send_header("Connection", "close")
            self.end_headers()
            try:
                if path in self.flood:
                    self.wfile.write(Path(self.directory, path).read_bytes() + bytes(4 << 20))
                    return
                for _ in range(30):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(1)
            except OSError:
                return
            return
        super().do_GET()


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A client that stops reading at its cap closes the connection while the body is still
        # being sent: that is the behaviour under test, not a fault of the server to print.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


@pytest.fixture
def mirror(tmp_path):
    served = tmp_path / "served"
    shutil.copytree(ROOT / "dist", served)
    Hostile.trickle, Hostile.flood, Hostile.redirect_loop = set(), set(), set()
    httpd = Server(("127.0.0.1", 0), partial(Hostile, directory=str(served)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/catalog.json", served
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def arena(tmp_path, monkeypatch):
    folder = tmp_path / "outer" / "arena"
    folder.mkdir(parents=True)
    monkeypatch.chdir(folder)
    monkeypatch.setenv("GWRDATA_CACHE", str(folder / "cache"))
    return folder


def edit_catalog(dist: Path, change) -> None:
    path = dist / "catalog.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    entry = next(v for d in data["datasets"] if d["name"] == NAME for v in d["versions"] if v["version"] == VERSION)
    change(data, entry)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def one_line(err: str, *names: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("gwrdata: error: ") and "Fix:" in lines[0], err
    assert all(name in lines[0] for name in names), err
    assert "Traceback" not in err


def no_partials(cache: Path) -> None:
    assert not [p for p in cache.rglob(".partial-*")] if cache.exists() else True


# -- catalogs: paths and names that would escape -------------------------------------------

ESCAPES = {
    "line-break-then-dotdot": FOLDER + "x\n/../../../../escaped",
    "dotdot": FOLDER + "../../escaped",
    "absolute": "/tmp/escaped",
    "control-character": FOLDER + "data\x1b[2J.csv",
    "url": "file:///etc/passwd",
}


@pytest.mark.parametrize("path", ESCAPES.values(), ids=ESCAPES.keys())
@pytest.mark.parametrize("where", ["local", "http"])
def test_a_catalog_path_that_escapes_is_refused_before_anything_is_written(arena, tmp_path, mirror, capsys, path, where):
    url, served = mirror
    dist = served if where == "http" else arena / "dist"
    if where == "local":
        shutil.copytree(served, dist)
    edit_catalog(dist, lambda data, entry: entry["files"][0].update(path=path))
    before = snapshot(tmp_path)
    code, out, err = run_inprocess(["get", NAME, "--catalog", url if where == "http" else str(dist)], capsys)
    assert code == 2, err
    one_line(err, "catalog", "files")
    assert not changes(before, snapshot(tmp_path)) - {"outer/arena/cache"}, "wrote something"
    assert not (arena / "cache").exists() or not any((arena / "cache").iterdir())


@pytest.mark.parametrize("change,named", [
    (lambda data, entry: data["datasets"][0].update(name="shenyang\n"), "datasets"),
    (lambda data, entry: entry.update(folder="other-1.0.0/"), "folder"),
    (lambda data, entry: entry.update(version="2.0.0\n"), "versions"),
], ids=["name-with-line-break", "folder-not-its-own", "version-with-line-break"])
def test_catalog_names_are_plain(arena, mirror, capsys, change, named):
    url, served = mirror
    edit_catalog(served, change)
    code, out, err = run_inprocess(["get", NAME, "--catalog", url], capsys)
    assert code == 2, err
    one_line(err, "catalog.json", named)


def test_a_deeply_nested_catalog_is_one_line(arena, capsys):
    (arena / "catalog.json").write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    code, out, err = run_inprocess(["get", NAME, "--catalog", str(arena / "catalog.json")], capsys)
    assert code == 2
    one_line(err, "catalog.json", "nested")


def test_a_catalog_over_the_cap_is_refused_while_reading(arena, mirror, capsys, monkeypatch):
    from gwrdata.publish import fetch

    url, served = mirror
    monkeypatch.setattr(fetch, "MAX_CATALOG_BYTES", 1000)
    code, out, err = run_inprocess(["get", NAME, "--catalog", url], capsys)
    assert code == 2
    one_line(err, "catalog", "1000 bytes")


def test_a_spec_that_is_a_path_is_not_a_name(arena, capsys):
    code, out, err = run_inprocess(["get", "../../x@1.0.0", "--catalog", str(ROOT / "dist")], capsys)
    assert code == 2
    one_line(err, "../../x", "name")


# -- downloads: bounded in bytes and time --------------------------------------------------

def test_a_trickling_server_is_cut_off_at_the_deadline(arena, mirror, capsys, monkeypatch):
    url, served = mirror
    Hostile.trickle = {FOLDER + "SHA256SUMS"}
    monkeypatch.setenv("GWRDATA_FILE_DEADLINE", "3")
    started = time.monotonic()
    code, out, err = run_inprocess(["get", f"{NAME}@{VERSION}", "--catalog", url], capsys)
    elapsed = time.monotonic() - started
    assert code == 1, err
    assert "deadline" in err and "GWRDATA_FILE_DEADLINE" in err and elapsed < 20, (elapsed, err)
    assert len(err.strip().splitlines()) == 1
    no_partials(arena / "cache")
    assert not (arena / "cache" / f"{NAME}-{VERSION}").exists()


def test_a_trickling_catalog_falls_back_to_the_cache_within_the_deadline(arena, mirror, capsys, monkeypatch):
    """A catalog server too slow to answer is a catalog that cannot be read: a latest `get`
    uses the newest cached version (here the only one fetched) with one warning line, in about
    the file deadline, and writes nothing more to the cache."""
    url, served = mirror
    code, out, err = run_inprocess(["get", f"{NAME}@{VERSION}", "--catalog", url], capsys)
    assert code == 0, err
    before = snapshot(arena / "cache")
    Hostile.trickle = {"catalog.json"}
    monkeypatch.setenv("GWRDATA_FILE_DEADLINE", "3")
    monkeypatch.setenv("GWRDATA_LATEST_SECONDS", "0")
    started = time.monotonic()
    code, out, err = run_inprocess(["get", NAME, "--catalog", url], capsys)
    elapsed = time.monotonic() - started
    assert code == 0, err
    assert f"{NAME}-{VERSION}" in out and elapsed < 20, (elapsed, out)
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "could not be read" in lines[0] and VERSION in lines[0] and "Traceback" not in err, err
    assert not changes(before, snapshot(arena / "cache"))
    no_partials(arena / "cache")


def test_the_run_deadline_bounds_every_file_together(arena, mirror, capsys, monkeypatch):
    url, served = mirror
    Hostile.trickle = {FOLDER + "manifest.json"}
    monkeypatch.setenv("GWRDATA_RUN_DEADLINE", "2")
    started = time.monotonic()
    code, out, err = run_inprocess(["get", f"{NAME}@{VERSION}", "--catalog", url], capsys)
    assert code in (1, 2) and time.monotonic() - started < 20, err
    assert "deadline" in err and "Traceback" not in err


def test_a_flood_past_the_stated_size_is_refused_while_reading(arena, mirror, capsys):
    url, served = mirror
    Hostile.flood = {FOLDER + "manifest.json"}
    code, out, err = run_inprocess(["get", f"{NAME}@{VERSION}", "--catalog", url], capsys)
    assert code == 1, err
    assert "more than the" in err and "manifest.json" in err
    no_partials(arena / "cache")
    assert sum(p.stat().st_size for p in (arena / "cache").rglob("*") if p.is_file()) < 1 << 20


def test_a_redirect_loop_is_one_line(arena, mirror, capsys):
    url, served = mirror
    Hostile.redirect_loop = {FOLDER + "manifest.json"}
    code, out, err = run_inprocess(["get", f"{NAME}@{VERSION}", "--catalog", url], capsys)
    assert code == 1, err
    assert "manifest.json" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    no_partials(arena / "cache")


def test_a_staging_folder_a_killed_get_left_is_removed_by_the_next(arena, mirror, capsys):
    url, served = mirror
    stale = arena / "cache" / f".partial-{NAME}-{VERSION}-killed"
    (stale / "data").mkdir(parents=True)
    (stale / "data" / "half.csv").write_text("a,b\n1,", encoding="utf-8")
    mine = arena / "cache" / "my-notes.txt"
    mine.write_text("keep", encoding="utf-8")
    code, out, err = run_inprocess(["get", f"{NAME}@{VERSION}", "--catalog", url], capsys)
    assert code == 0, err
    assert not stale.exists() and mine.read_text(encoding="utf-8") == "keep"


def test_sha256sums_naming_a_path_outside_is_refused(arena, mirror, capsys):
    url, served = mirror
    sums = served / FOLDER / "SHA256SUMS"
    text = sums.read_text(encoding="utf-8") + f"{'0' * 64}  ../../../outside\n"
    sums.write_text(text, encoding="utf-8")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    edit_catalog(served, lambda data, entry: next(f for f in entry["files"] if f["path"].endswith("SHA256SUMS")).update(
        sha256=digest, bytes=len(text.encode("utf-8"))))
    code, out, err = run_inprocess(["get", f"{NAME}@{VERSION}", "--catalog", url], capsys)
    assert code == 1, err
    assert "SHA256SUMS" in err and "outside" in err and len(err.strip().splitlines()) == 1
    no_partials(arena / "cache")


# -- load: as careful as validate ----------------------------------------------------------

def package_with(arena: Path, change) -> Path:
    folder = arena / "pkg"
    shutil.copytree(ROOT / "datapackage", folder)
    path = folder / "datapackage.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return folder


@pytest.mark.parametrize("value", ["/etc/os-release", "../../../etc/os-release", "data", "data/figures.csv\n", ["a", "b"]],
                         ids=["absolute", "dotdot", "a-folder", "line-break", "a-list"])
def test_load_refuses_resource_paths_outside_the_package(arena, value):
    import gwrdata

    folder = package_with(arena, lambda d: d["resources"][0].update(path=value))
    with pytest.raises(InputError) as caught:
        gwrdata.load(folder)
    assert "datapackage.json" in str(caught.value) or "data" in str(caught.value)
    assert "Fix:" in str(caught.value)


@pytest.mark.parametrize("change", [
    lambda d: d["resources"][0]["schema"]["fields"][0].update(type="integer"),
    lambda d: d["resources"][0].update(encoding="klingon"),
    lambda d: d.update(resources="x"),
], ids=["text-in-an-integer-column", "unknown-encoding", "resources-not-a-list"])
def test_load_says_one_line_for_a_malformed_package(arena, change):
    import gwrdata

    folder = package_with(arena, change)
    with pytest.raises(InputError) as caught:
        gwrdata.load(folder)
    assert "Fix:" in str(caught.value) and "\n" not in str(caught.value)


# -- --out never deletes what gwrdata did not write ----------------------------------------

def shenyang_recipe(arena: Path) -> Path:
    return recipe(arena)


@pytest.mark.parametrize("mine", ["data/survey.csv", "sources/notes/n.txt", "data/deep/er/thesis.csv"])
def test_a_build_never_deletes_user_files_at_any_depth(arena, capsys, mine):
    folder = shenyang_recipe(arena)
    out = arena / "proj"
    (out / mine).parent.mkdir(parents=True)
    (out / mine).write_text("mine", encoding="utf-8")
    code, _, err = run_inprocess(["build", str(folder), "--out", str(out)], capsys)
    assert code == 2
    one_line(err, "proj", mine.split("/")[0])
    assert (out / mine).read_text(encoding="utf-8") == "mine"


def test_a_package_gwrdata_wrote_is_replaced_and_a_file_added_to_it_is_kept(arena, capsys):
    folder = shenyang_recipe(arena)
    out = arena / "proj"
    assert run_inprocess(["build", str(folder), "--out", str(out)], capsys)[0] == 0
    assert run_inprocess(["build", str(folder), "--out", str(out)], capsys)[0] == 0  # its own package: replaced
    (out / "data" / "thesis.csv").write_text("mine", encoding="utf-8")
    code, _, err = run_inprocess(["build", str(folder), "--out", str(out)], capsys)
    assert code == 2 and "thesis.csv" in err
    assert (out / "data" / "thesis.csv").read_text(encoding="utf-8") == "mine"


def test_a_folder_that_only_looks_like_a_package_is_kept(arena, capsys):
    folder = shenyang_recipe(arena)
    out = arena / "proj"
    (out / "data").mkdir(parents=True)
    (out / "datapackage.json").write_text(json.dumps({"name": "mine", "resources": [{"name": "x", "path": "data/x.csv"}]}), encoding="utf-8")
    (out / "data" / "x.csv").write_text("a\n1\n", encoding="utf-8")
    code, _, err = run_inprocess(["build", str(folder), "--out", str(out)], capsys)
    assert code == 2 and "not a package gwrdata wrote" in err
    assert (out / "data" / "x.csv").exists()


# -- panels: manifests, --out, and kills ---------------------------------------------------

def mirror_reports(n: int) -> list[dict]:
    with open(MIRROR / "reports.csv", encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["government"] == "沈阳市" and r["year"] in ("2022", "2023", "2024")]
    return rows[:n]


def write_manifest(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["path", "government", "year"])
        writer.writerows(rows)
    return path


needs_mirror = pytest.mark.skipif(not (MIRROR / "reports.csv").is_file(), reason="the mirror is not beside the repository")


@needs_mirror
@pytest.mark.parametrize("government,named", [
    ("../../../escape", "government"),
    ("=1+1", "government"),
    ("沈阳\x1b[31m市", "government"),
    ("沈阳市" * 70_000, "field larger"),
], ids=["path", "formula", "terminal-escape", "200000-characters"])
def test_a_manifest_name_that_is_not_a_plain_name_is_refused_at_init(arena, tmp_path, capsys, government, named):
    report = mirror_reports(1)[0]
    manifest = write_manifest(arena / "m.csv", [[str(MIRROR / report["path"]), government, report["year"]]])
    before = snapshot(tmp_path)
    code, _, err = run_inprocess(["init", str(arena / "panel"), "--reports", str(manifest)], capsys)
    assert code == 2
    one_line(err, "m.csv", named)
    assert "\x1b" not in err and len(err) < 2000
    assert not changes(before, snapshot(tmp_path))


def test_a_nul_in_a_manifest_is_refused_at_init(arena, capsys):
    (arena / "m.csv").write_text("path,government,year\nx.md,沈阳\x00市,2024\n", encoding="utf-8")
    code, _, err = run_inprocess(["init", str(arena / "panel"), "--reports", str(arena / "m.csv")], capsys)
    assert code == 2
    one_line(err, "m.csv", "NUL")


@pytest.fixture
def panel(arena, capsys):
    rows = [[str(MIRROR / r["path"]), r["government"], r["year"]] for r in mirror_reports(3)]
    manifest = write_manifest(arena / "m.csv", rows)
    code, _, err = run_inprocess(["init", str(arena / "panel"), "--reports", str(manifest)], capsys)
    assert code == 0, err
    return arena / "panel"


@needs_mirror
def test_a_panel_build_never_deletes_user_files(arena, panel, capsys):
    out = arena / "proj"
    (out / "data").mkdir(parents=True)
    (out / "data" / "thesis.csv").write_text("mine", encoding="utf-8")
    code, _, err = run_inprocess(["build", str(panel), "--out", str(out)], capsys)
    assert code == 2
    one_line(err, "proj", "thesis.csv")
    assert (out / "data" / "thesis.csv").read_text(encoding="utf-8") == "mine"
    assert not [p for p in arena.iterdir() if p.name.startswith((".proj.build-", ".panel-build-"))]


def complete_panel(out: Path) -> None:
    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        data = (out / resource["path"]).read_bytes()
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest(), resource["path"]
    with open(out / "data" / "reports.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            assert hashlib.sha256((out / row["path"]).read_bytes()).hexdigest() == row["sha256"], row["path"]


@needs_mirror
def test_a_killed_panel_build_leaves_the_old_package_or_the_new_one(arena, panel, capsys):
    out = arena / "proj"
    assert run_inprocess(["build", str(panel), "--out", str(out)], capsys)[0] == 0
    complete_panel(out)
    (arena / ".panel-build-abc123").mkdir()  # what an earlier gwrdata left behind
    for delay in (0.8, 1.6, 2.4, 3.2):
        worker = subprocess.Popen([str(GWRDATA), "build", str(panel), "--out", str(out)], env=ENV,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        complete_panel(out)
    assert run_inprocess(["build", str(panel), "--out", str(out)], capsys)[0] == 0
    complete_panel(out)
    left = [p.name for p in arena.iterdir() if p.name.startswith(".")]
    assert left == [], left


# -- outputs that cannot inject ------------------------------------------------------------

HOSTILE_CELL = "x\n::error file=evil.py,line=1::pwned\r\x1b[31m|`**bold**`|<b>&\x00\x07"


def hostile_report():
    from gwrdata.checks import CheckResult, Failure
    from gwrdata.checks.validate import ValidationReport

    failure = Failure("rules.x", "figures", 3, "mention", HOSTILE_CELL, f"bad {HOSTILE_CELL}", quote=HOSTILE_CELL)
    result = CheckResult("rules.x", "rules", "a check", 1, [failure])
    return ValidationReport(package=f"pkg\n::warning::{HOSTILE_CELL}", results=[result])


def test_text_output_keeps_every_cell_on_its_line():
    text = hostile_report().summary()
    assert not [line for line in text.splitlines() if line.lstrip().startswith("::")]
    assert "\x1b" not in text and "\x00" not in text and "\r" not in text


def test_github_annotations_cannot_start_a_command_of_their_own():
    from gwrdata.checks.formats import github, summary_markdown

    lines = github([hostile_report()]).splitlines()
    assert len(lines) == 2 and all(line.startswith(("::error ", "::notice ")) for line in lines), lines
    assert "\x1b" not in "".join(lines) and "\r" not in "".join(lines)
    summary = summary_markdown([hostile_report()])
    assert "\x1b" not in summary and "<b>" not in summary and "**bold**" not in summary
    row = next(line for line in summary.splitlines() if line.startswith("| pkg"))
    assert row.count("|") - row.count("\\|") == 6, row  # the table's columns, not the cell's pipes


def test_junit_is_well_formed_xml_whatever_the_cells_hold():
    from gwrdata.checks.formats import junit

    document = xml.dom.minidom.parseString(junit([hostile_report()]).encode("utf-8"))
    assert document.getElementsByTagName("failure")


def test_an_error_naming_a_path_with_a_line_break_is_one_line(arena, capsys):
    odd = arena / "pkg\n::error file=x::boom"
    odd.mkdir()
    code, _, err = run_inprocess(["validate", str(odd), "--format", "github"], capsys)
    assert code == 2
    one_line(err)
    assert not [line for line in err.splitlines() if line.startswith("::")]
