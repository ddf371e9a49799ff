"""`gwrdata get` and `gwrdata.load` against a real HTTP server on localhost.

The server is the standard library's http.server serving a temporary copy of dist/ (the
committed 1.0.0 release, plus a 1.1.0 made from it so that "latest" and "pinned" differ), with
a request log, a switch that alters a file's bytes and one that drops the connection halfway
through a file.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pandas as pd
import pytest

from conftest import ROOT
from gwrdata.cli import main
from gwrdata.publish.catalog import write_catalog

NAME = "shenyang-gwr-2024"


def _committed() -> list[tuple[int, int, int]]:
    return sorted(tuple(int(x) for x in p.name[len(NAME) + 1:].split(".")) for p in (ROOT / "dist").glob(f"{NAME}-*.*.*") if p.is_dir())


# OLD is the first release (its zip nests the package in a folder); LATEST the newest committed
# one; NEW a version above every committed one, served by the test server only.
OLD = "1.0.0"
LATEST = ".".join(map(str, _committed()[-1]))
NEW = f"{_committed()[-1][0] + 1}.0.0"
ZIP = f"{NAME}-{OLD}-csv.zip"


class Handler(SimpleHTTPRequestHandler):
    requests: list[str] = []
    drop: set[str] = set()  # paths whose body is cut off halfway (Content-Length announces it all)

    def log_message(self, *args):
        pass

    def do_GET(self):
        type(self).requests.append(self.path)
        if self.path.lstrip("/") in type(self).drop:
            data = Path(self.directory, self.path.lstrip("/")).read_bytes()
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        super().do_GET()


def _second_version(dist: Path) -> None:
    """NEW: the committed release under another version (manifest and SHA256SUMS rewritten)."""
    folder = dist / f"{NAME}-{NEW}"
    shutil.copytree(dist / f"{NAME}-{OLD}", folder)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["version"] = NEW
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    lines = []
    for line in (folder / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ", 1)
        if name == "manifest.json":
            digest = hashlib.sha256((folder / name).read_bytes()).hexdigest()
        lines.append(f"{digest}  {name}\n")
    (folder / "SHA256SUMS").write_text("".join(lines), encoding="utf-8")


@pytest.fixture
def server(tmp_path):
    served = tmp_path / "served"
    shutil.copytree(ROOT / "dist", served)
    _second_version(served)
    write_catalog(served)
    Handler.requests, Handler.drop = [], set()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(served)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/catalog.json", served, Handler
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("GWRDATA_CACHE", str(folder))
    return folder


def _get(capsys, *args):
    code = main(["get", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_get_latest_downloads_every_file_and_the_checksums_hold(server, cache, capsys):
    url, served, handler = server
    code, out, err = _get(capsys, NAME, "--catalog", url)
    assert code == 0, err
    folder = cache / f"{NAME}-{NEW}"
    assert out.strip() == f"{NAME} {NEW}: {folder} (downloaded 10 files, verified)"
    done = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=folder, capture_output=True, text=True)
    sums = (folder / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    assert done.returncode == 0 and done.stdout.count(": OK") == len(sums) == 9, done.stdout
    served_files = sorted(p.relative_to(served / f"{NAME}-{NEW}") for p in (served / f"{NAME}-{NEW}").rglob("*") if p.is_file())
    assert sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file()) == served_files
    assert handler.requests[0] == "/catalog.json" and len(handler.requests) == 1 + len(served_files)


def test_get_pinned_then_cached_makes_no_request(server, cache, capsys, monkeypatch):
    url, _, handler = server
    code, out, _ = _get(capsys, f"{NAME}@{OLD}", "--catalog", url, "--json")
    assert code == 0 and json.loads(out) == {"name": NAME, "version": OLD, "folder": str(cache / f"{NAME}-{OLD}"), "downloaded": 10}
    handler.requests.clear()
    code, out, _ = _get(capsys, f"{NAME}@{OLD}", "--catalog", url)
    assert code == 0 and "already downloaded and verified" in out
    assert handler.requests == []
    code, out, _ = _get(capsys, NAME, "--catalog", url, "--to", str(cache))  # latest: the catalog, then the files once
    assert code == 0 and handler.requests[0] == "/catalog.json" and len(handler.requests) == 11
    handler.requests.clear()
    code, out, _ = _get(capsys, NAME, "--catalog", url)  # the latest is remembered for latest_seconds: no request
    assert code == 0 and "already downloaded" in out and handler.requests == []
    monkeypatch.setenv("GWRDATA_LATEST_SECONDS", "0")  # remembered for no time: the catalog is asked, nothing else
    code, out, _ = _get(capsys, NAME, "--catalog", url)
    assert code == 0 and "already downloaded" in out and handler.requests == ["/catalog.json"]


def test_a_damaged_cached_copy_is_downloaded_again(server, cache, capsys):
    url, _, handler = server
    assert _get(capsys, f"{NAME}@{OLD}", "--catalog", url)[0] == 0
    (cache / f"{NAME}-{OLD}" / "RELEASE-NOTES.md").write_text("edited", encoding="utf-8")
    handler.requests.clear()
    code, out, _ = _get(capsys, f"{NAME}@{OLD}", "--catalog", url)
    assert code == 0 and "downloaded 10 files" in out and len(handler.requests) == 11
    assert (cache / f"{NAME}-{OLD}" / "RELEASE-NOTES.md").read_bytes() == (ROOT / "dist" / f"{NAME}-{OLD}" / "RELEASE-NOTES.md").read_bytes()


def _nothing_kept(cache: Path) -> None:
    left = [p.name for p in cache.iterdir()] if cache.exists() else []
    assert left == [], left


def test_a_file_altered_on_the_server_is_rejected_and_nothing_is_kept(server, cache, capsys):
    url, served, _ = server
    path = served / f"{NAME}-{OLD}" / ZIP
    data = bytearray(path.read_bytes())
    data[1000] ^= 0xFF
    path.write_bytes(bytes(data))
    code, out, err = _get(capsys, f"{NAME}@{OLD}", "--catalog", url)
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1 and ZIP in err and "SHA-256" in err and "Traceback" not in err
    _nothing_kept(cache)


def test_a_dropped_connection_is_reported_and_nothing_is_kept(server, cache, capsys):
    url, _, handler = server
    handler.drop = {f"{NAME}-{OLD}/{ZIP}"}
    code, out, err = _get(capsys, f"{NAME}@{OLD}", "--catalog", url)
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1 and ZIP in err and "Traceback" not in err
    _nothing_kept(cache)
    with pytest.raises(Exception):  # and load never reads it
        import gwrdata

        gwrdata.load(NAME, version=OLD, catalog=url)
    _nothing_kept(cache)


@pytest.mark.parametrize("spec, said", [("no-such-data", "no dataset named 'no-such-data'"),
                                        (f"{NAME}@9.9.9", f"no version 9.9.9 (released: {', '.join([*('.'.join(map(str, v)) for v in _committed()), NEW])})")])
def test_unknown_name_or_version_is_one_line_and_exit_2(server, cache, capsys, spec, said):
    url, _, _ = server
    code, out, err = _get(capsys, spec, "--catalog", url)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and said in err and "Fix:" in err
    _nothing_kept(cache)


def test_a_catalog_that_is_not_one_is_refused(server, cache, capsys, tmp_path):
    url, served, _ = server
    listing = json.loads((served / "catalog.json").read_text(encoding="utf-8"))
    listing["datasets"][0]["versions"][0]["files"][0]["path"] = "../../etc/passwd"
    (served / "catalog.json").write_text(json.dumps(listing), encoding="utf-8")
    code, _, err = _get(capsys, NAME, "--catalog", url)
    assert code == 2 and "not a gwrdata catalog" in err and err.count("\n") == 1
    _nothing_kept(cache)


def test_get_from_a_local_dist_folder(cache, capsys, tmp_path):
    code, out, _ = _get(capsys, NAME, "--catalog", str(ROOT / "dist"), "--to", str(tmp_path / "here"))
    assert code == 0 and str(tmp_path / "here" / f"{NAME}-{LATEST}") in out
    assert not cache.exists()


def test_load_returns_frames_typed_from_the_table_schemas(server, cache):
    import gwrdata

    url, _, handler = server
    data = gwrdata.load(NAME, version=OLD, catalog=url)
    assert data.version == OLD and data.descriptor["name"] == NAME
    assert list(data) == ["figures", "headline", "indicators", "sections", "units", "exclusions", "source_issues"]
    headline, figures = data["headline"], data["figures"]
    assert str(headline["year"].dtype) == "Int64" and str(figures["start"].dtype) == "Int64"
    assert str(figures["period"].dtype) == "Int64" and figures["value"].dtype == "float64"
    schema = {f["name"]: f for f in next(r for r in data.descriptor["resources"] if r["name"] == "headline")["schema"]["fields"]}
    assert isinstance(headline["status"].dtype, pd.CategoricalDtype)
    assert list(headline["status"].cat.categories) == schema["status"]["constraints"]["enum"]
    assert (headline["status"] == "not_stated").any() and headline.loc[headline["status"] == "not_stated", "value"].isna().all()
    assert headline["figure_id"].dtype == "string"
    assert len(figures) == json.loads((ROOT / "dist" / f"{NAME}-{OLD}" / "manifest.json").read_text())["rows"]["figures"]
    requests = len(handler.requests)
    again = gwrdata.load(f"{NAME}@{OLD}", catalog=url)
    assert len(handler.requests) == requests and again["figures"].equals(figures)


def test_load_reads_a_local_zip_release_folder_and_package_alike():
    import gwrdata

    # The committed package is what the latest release holds, so its frames must be typed alike.
    release = ROOT / "dist" / f"{NAME}-{LATEST}"
    from_folder = gwrdata.load(release)
    from_zip = gwrdata.load(release / f"{NAME}-{LATEST}-csv.zip")
    from_package = gwrdata.load(ROOT / "datapackage")
    for name, frame in from_folder.items():
        pd.testing.assert_frame_equal(frame, from_zip[name])
        assert list(frame.dtypes) == list(from_package[name].dtypes)


def test_load_and_get_never_import_great_expectations(server, cache):
    url, _, _ = server
    code = ("import sys, gwrdata\n"
            "assert 'pandas' not in sys.modules, 'import gwrdata must stay light'\n"
            f"d = gwrdata.load({NAME!r}, catalog={url!r})\n"
            "from gwrdata.cli import main\n"
            f"assert main(['get', {NAME!r}, '--catalog', {url!r}]) == 0\n"
            "print(d.folder.name, 'great_expectations' in sys.modules, 'scipy' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-3:] == [f"{NAME}-{NEW}", "False", "False"]


def test_progress_bar_for_large_files_draws_and_verifies(server, cache, monkeypatch, capsys):
    from gwrdata.publish import fetch

    url, _, _ = server
    monkeypatch.setattr(fetch, "LARGE", 0)
    drawn = []
    original = fetch.RichBar.update
    monkeypatch.setattr(fetch.RichBar, "update", lambda self, n: (drawn.append(n), original(self, n)))
    fetched = fetch.get(f"{NAME}@{OLD}", catalog=url, progress=True)
    assert fetched.downloaded == 10 and sum(drawn) >= (ROOT / "dist" / f"{NAME}-{OLD}" / ZIP).stat().st_size


def test_the_readme_example_runs(server, cache):
    """The three lines of README's "Using the data", against the local server as the catalog."""
    import os
    import re

    url, _, _ = server
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```python\n(.*?)```", readme, re.S) if "gwrdata.load(" in b)
    assert len([line for line in block.splitlines() if line.strip()]) == 3
    env = dict(os.environ, GWRDATA_CATALOG=url, GWRDATA_CACHE=str(cache))
    done = subprocess.run([sys.executable, "-c", block], capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    assert "year" in done.stdout and "Int64" in done.stdout and "category" in done.stdout
    assert (cache / f"{NAME}-{NEW}").is_dir()
