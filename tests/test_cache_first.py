"""Cache first: `gwrdata get` / `gwrdata.load` when the catalog cannot be read, with --offline,
with the latest version remembered for a while, and with a cached copy that no longer verifies.

The server is the standard library's http.server on 127.0.0.1 serving a copy of the committed
Shenyang releases (and, where a test says so, a newer version made from them), counting every
request it receives; it is stopped where a test needs "the server is down". What is expected
(the versions, the newest one, which one a fallback must pick) is read from the committed
release folders and from the specification of the feature, not from what the program prints.
"""

from __future__ import annotations

import json
import shutil
import threading
import time
import warnings
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
import yaml

import gwrdata
from conftest import ROOT
from gwrdata.cli import main
from gwrdata.errors import InputError
from gwrdata.publish.catalog import write_catalog
from gwrdata.publish.fetch import CacheWarning
from test_get import LATEST, NAME, NEW, OLD, _second_version

VERSIONS = sorted((p.name[len(NAME) + 1:] for p in (ROOT / "dist").glob(f"{NAME}-*.*.*") if p.is_dir()),
                  key=lambda v: tuple(map(int, v.split("."))))


class Counted(SimpleHTTPRequestHandler):
    requests: list[str] = []

    def log_message(self, *args):
        pass

    def do_GET(self):
        type(self).requests.append(self.path)
        super().do_GET()


class Server:
    """A catalog on 127.0.0.1 that a test can stop (and whose requests it can count)."""

    def __init__(self, served):
        self.served = served
        Counted.requests = []
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(Counted, directory=str(served)))
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/catalog.json"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.running = True

    @property
    def requests(self) -> list[str]:
        return Counted.requests

    def stop(self) -> None:
        if self.running:
            self.httpd.shutdown()
            self.httpd.server_close()
            self.running = False


@pytest.fixture
def server(tmp_path):
    served = tmp_path / "served"
    served.mkdir()
    for version in VERSIONS:
        shutil.copytree(ROOT / "dist" / f"{NAME}-{version}", served / f"{NAME}-{version}")
    write_catalog(served)
    running = Server(served)
    yield running
    running.stop()


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("GWRDATA_CACHE", str(folder))
    monkeypatch.delenv("GWRDATA_LATEST_SECONDS", raising=False)
    monkeypatch.delenv("GWRDATA_CATALOG", raising=False)
    return folder


def _run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _load(*args, **kwargs):
    """gwrdata.load and the warnings it gave."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = gwrdata.load(*args, **kwargs)
    return data, [w for w in caught if issubclass(w.category, CacheWarning)]


def test_the_fixture_holds_two_versions_so_newest_and_older_differ():
    assert len(VERSIONS) >= 2 and VERSIONS[0] == OLD and VERSIONS[-1] == LATEST != OLD


def test_a_new_user_finds_gets_and_loads_then_loads_by_name_with_the_server_down(server, cache, capsys, monkeypatch):
    code, out, err = _run(capsys, "list", "--catalog", server.url)
    assert code == 0 and err == ""
    assert any(line.startswith(f"{NAME}  {', '.join(reversed(VERSIONS))}  ") for line in out.splitlines())
    code, out, err = _run(capsys, "search", "沈阳", "2024", "--catalog", server.url)  # the Shenyang 2024 report's government and year
    assert code == 0 and any(line.startswith(f"{NAME}  ") for line in out.splitlines())
    code, out, err = _run(capsys, "get", NAME, "--catalog", server.url)
    assert code == 0 and err == "" and out.startswith(f"{NAME} {LATEST}: {cache / f'{NAME}-{LATEST}'} (downloaded")
    data, said = _load(NAME, catalog=server.url)
    assert data.version == LATEST and data.folder == cache / f"{NAME}-{LATEST}" and said == []
    rows = {name: len(frame) for name, frame in data.items()}
    assert rows["figures"] == json.loads((ROOT / "dist" / f"{NAME}-{LATEST}" / "manifest.json").read_text())["rows"]["figures"]

    server.stop()
    # Within latest_seconds the latest is remembered: no request is needed, so no warning either.
    data, said = _load(NAME, catalog=server.url)
    assert data.version == LATEST and said == []
    # Past it, the catalog is asked, cannot be read, and the cached version is loaded with one warning.
    monkeypatch.setenv("GWRDATA_LATEST_SECONDS", "0")
    data, said = _load(NAME, catalog=server.url)
    assert data.version == LATEST and {n: len(f) for n, f in data.items()} == rows
    assert len(said) == 1, [str(w.message) for w in said]
    text = str(said[0].message)
    assert "could not be read" in text and server.url in text and f"{NAME} {LATEST}" in text and "\n" not in text
    # The command line says the same in one line on stderr, and still prints the folder.
    code, out, err = _run(capsys, "get", NAME, "--catalog", server.url)
    assert code == 0 and out.startswith(f"{NAME} {LATEST}: {cache / f'{NAME}-{LATEST}'}")
    assert err.count("\n") == 1 and err.startswith("gwrdata: warning: ") and "could not be read" in err and LATEST in err
    # A version that was never fetched cannot come from the cache: the catalog's error, exit 2.
    code, out, err = _run(capsys, "get", f"{NAME}@{OLD}", "--catalog", server.url)
    assert code == 2 and out == "" and err.count("\n") == 1 and "cannot read the catalog" in err


def test_the_newest_cached_version_is_used_not_the_first_fetched(server, cache, capsys, monkeypatch):
    for version in reversed(VERSIONS):  # the newest first, so the order of fetching is not the answer
        assert _run(capsys, "get", f"{NAME}@{version}", "--catalog", server.url)[0] == 0
    server.stop()
    code, out, err = _run(capsys, "get", NAME, "--catalog", server.url, "--json")
    assert code == 0 and json.loads(out)["version"] == LATEST and "could not be read" in err


def test_with_no_cached_version_an_unreadable_catalog_is_still_the_error(server, cache, capsys):
    server.stop()
    code, out, err = _run(capsys, "get", NAME, "--catalog", server.url)
    assert code == 2 and out == "" and err.count("\n") == 1 and "cannot read the catalog" in err and "Fix:" in err


def test_offline_makes_no_request_and_names_what_is_not_cached(server, cache, capsys, monkeypatch):
    monkeypatch.setenv("GWRDATA_LATEST_SECONDS", "0")  # nothing remembered: only --offline keeps it off the network
    code, out, err = _run(capsys, "get", NAME, "--offline", "--catalog", server.url)
    assert code == 2 and out == "" and err.count("\n") == 1 and "Traceback" not in err
    assert f"no version of {NAME} is in this cache" in err and f"gwrdata get {NAME} --catalog {server.url}" in err
    code, out, err = _run(capsys, "get", f"{NAME}@{OLD}", "--offline", "--to", str(cache / "elsewhere"))
    assert code == 2 and err.count("\n") == 1 and f"{NAME} {OLD} is not in this cache" in err
    assert f"gwrdata get {NAME}@{OLD} --to {cache / 'elsewhere'}" in err
    with pytest.raises(InputError, match="offline use makes no download"):
        gwrdata.load(NAME, offline=True, catalog=server.url)
    code, out, err = _run(capsys, "validate", f"{NAME}@{OLD}", "--offline", "--catalog", server.url)
    assert code == 2 and err.count("\n") == 1 and f"{NAME} {OLD} is not in this cache" in err
    assert server.requests == []

    for version in VERSIONS:
        assert _run(capsys, "get", f"{NAME}@{version}", "--catalog", server.url)[0] == 0
    server.requests.clear()
    code, out, err = _run(capsys, "get", NAME, "--offline", "--catalog", server.url, "--json")
    assert code == 0 and err == "" and json.loads(out) == {"name": NAME, "version": LATEST, "folder": str(cache / f"{NAME}-{LATEST}"),
                                                           "downloaded": 0}
    code, out, err = _run(capsys, "get", f"{NAME}@{OLD}", "--offline")
    assert code == 0 and err == "" and out.startswith(f"{NAME} {OLD}: ")
    data, said = _load(NAME, offline=True, catalog=server.url)
    assert data.version == LATEST and said == []
    assert gwrdata.load(NAME, version=OLD, offline=True).version == OLD
    assert server.requests == []


def test_the_latest_is_remembered_for_latest_seconds_then_asked_again(server, cache, capsys, monkeypatch):
    monkeypatch.setenv("GWRDATA_LATEST_SECONDS", "1.5")
    code, out, _ = _run(capsys, "get", NAME, "--catalog", server.url, "--json")
    assert code == 0 and json.loads(out)["version"] == LATEST and server.requests[0] == "/catalog.json"
    # A newer version is published; within the time the remembered latest answers, with no request.
    _second_version(server.served)
    write_catalog(server.served)
    server.requests.clear()
    started = time.monotonic()
    code, out, _ = _run(capsys, "get", NAME, "--catalog", server.url, "--json")
    assert time.monotonic() - started < 1.5, "too slow a machine for this test's 1.5 s"
    assert code == 0 and json.loads(out)["version"] == LATEST and server.requests == []
    time.sleep(1.6)
    code, out, _ = _run(capsys, "get", NAME, "--catalog", server.url, "--json")
    assert code == 0 and json.loads(out) == {"name": NAME, "version": NEW, "folder": str(cache / f"{NAME}-{NEW}"), "downloaded": 10}
    assert server.requests[0] == "/catalog.json" and len(server.requests) == 11
    # The remembered latest belongs to its catalog: another address is asked.
    other = f"{server.url}?mirror=2"  # the same server under another address
    server.requests.clear()
    assert _run(capsys, "get", NAME, "--catalog", other)[0] == 0 and server.requests == ["/catalog.json?mirror=2"]


def test_a_pinned_version_never_asks_and_a_local_catalog_is_always_read(server, cache, capsys, monkeypatch, tmp_path):
    """What is remembered is only the answer to "latest" from a network catalog."""
    assert _run(capsys, "get", f"{NAME}@{OLD}", "--catalog", server.url)[0] == 0
    server.requests.clear()
    assert _run(capsys, "get", f"{NAME}@{OLD}", "--catalog", server.url)[0] == 0 and server.requests == []
    local = tmp_path / "local"
    shutil.copytree(server.served, local)
    assert json.loads(_run(capsys, "get", NAME, "--catalog", str(local), "--json")[1])["version"] == LATEST
    _second_version(local)
    write_catalog(local)
    assert json.loads(_run(capsys, "get", NAME, "--catalog", str(local), "--json")[1])["version"] == NEW
    assert not (cache / ".latest.json").exists()


@pytest.mark.parametrize("value", ["ten", "-1", "nan", "inf"])
def test_a_bad_latest_seconds_is_one_line_and_exit_2(server, cache, capsys, monkeypatch, value):
    monkeypatch.setenv("GWRDATA_LATEST_SECONDS", value)
    code, out, err = _run(capsys, "get", NAME, "--catalog", server.url)
    assert code == 2 and out == "" and err.count("\n") == 1 and "GWRDATA_LATEST_SECONDS" in err and "Fix:" in err


def test_an_unreadable_remembered_latest_is_reported_and_the_catalog_asked(server, cache, capsys):
    assert _run(capsys, "get", NAME, "--catalog", server.url)[0] == 0
    (cache / ".latest.json").write_text("{not json", encoding="utf-8")
    server.requests.clear()
    code, out, err = _run(capsys, "get", NAME, "--catalog", server.url)
    assert code == 0 and server.requests == ["/catalog.json"]
    assert err.count("\n") == 1 and ".latest.json" in err and "unreadable" in err
    server.requests.clear()
    code, out, err = _run(capsys, "get", NAME, "--catalog", server.url)  # rewritten by the last look at the catalog
    assert code == 0 and err == "" and server.requests == []


def test_the_documented_time_is_the_data_files(cache):
    """README states the time of publishing.yaml, and it is what get uses by default."""
    from gwrdata.publish.fetch import latest_seconds

    config = yaml.safe_load((ROOT / "src" / "gwrdata" / "publish" / "data" / "publishing.yaml").read_text(encoding="utf-8"))
    seconds = config["latest_seconds"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8").split("## Using the data", 1)[1].split("\n## ", 1)[0]
    assert f"`latest_seconds: {seconds}`" in readme and f"for {seconds // 60} minutes" in readme
    assert latest_seconds() == seconds


def _corrupt(path, at: int = 0) -> None:
    data = bytearray(path.read_bytes())
    data[at] ^= 0xFF
    path.write_bytes(bytes(data))


def test_a_corrupt_cached_copy_is_reported_and_the_next_newest_is_used(server, cache, capsys):
    for version in VERSIONS:
        assert _run(capsys, "get", f"{NAME}@{version}", "--catalog", server.url)[0] == 0
    _corrupt(cache / f"{NAME}-{LATEST}" / "manifest.json")  # wrong hash
    server.stop()
    code, out, err = _run(capsys, "get", NAME, "--offline", "--json")
    assert code == 0 and json.loads(out)["version"] == VERSIONS[-2]
    assert err.count("\n") == 1 and err.startswith("gwrdata: warning: ") and "manifest.json" in err and LATEST in err
    data, said = _load(NAME, offline=True)
    assert data.version == VERSIONS[-2] and data.folder == cache / f"{NAME}-{VERSIONS[-2]}"
    assert len(said) == 1 and "manifest.json" in str(said[0].message) and "not used" in str(said[0].message)
    # With the server down and no --offline: the skipped copy and the cache used, one line each.
    code, out, err = _run(capsys, "get", NAME, "--catalog", server.url, "--json")
    lines = err.splitlines()
    assert code == 0 and json.loads(out)["version"] == VERSIONS[-2] and len(lines) == 2
    assert "manifest.json" in lines[0] and "could not be read" in lines[1] and VERSIONS[-2] in lines[1]
    # Asked for by its version, the corrupt copy is reported and refused, never loaded.
    with pytest.raises(InputError, match=f"{NAME} {LATEST} is not in this cache"), pytest.warns(CacheWarning, match="manifest.json"):
        gwrdata.load(NAME, version=LATEST, offline=True)


RECORDS = {
    "not-json": lambda record: "{not json",
    "files-not-a-list": lambda record: json.dumps({**record, "files": 3}),
    "no-files": lambda record: json.dumps({**record, "files": []}),
    "another-version": lambda record: json.dumps({**record, "version": "9.9.9"}),
}


@pytest.mark.parametrize("damage", RECORDS.values(), ids=RECORDS.keys())
def test_an_unreadable_record_is_reported_and_with_nothing_left_offline_fails(server, cache, capsys, damage):
    assert _run(capsys, "get", f"{NAME}@{OLD}", "--catalog", server.url)[0] == 0
    record = cache / f".{NAME}-{OLD}.verified.json"
    record.write_text(damage(json.loads(record.read_text(encoding="utf-8"))), encoding="utf-8")
    server.stop()
    code, out, err = _run(capsys, "get", NAME, "--offline")
    lines = err.splitlines()
    assert code == 2 and out == "" and len(lines) == 2
    assert lines[0].startswith("gwrdata: warning: ") and f".{NAME}-{OLD}.verified.json" in lines[0] and "unreadable" in lines[0]
    assert lines[1].startswith("gwrdata: error: ") and f"no version of {NAME} is in this cache" in lines[1]


def test_a_truncated_cached_file_is_downloaded_again_with_a_notice(server, cache, capsys):
    assert _run(capsys, "get", f"{NAME}@{OLD}", "--catalog", server.url)[0] == 0
    path = cache / f"{NAME}-{OLD}" / "SHA256SUMS"
    path.write_bytes(path.read_bytes()[:10])
    server.requests.clear()
    code, out, err = _run(capsys, "get", f"{NAME}@{OLD}", "--catalog", server.url)
    assert code == 0 and "downloaded 10 files" in out and len(server.requests) == 11
    assert err.count("\n") == 1 and "SHA256SUMS" in err and "not used" in err
    assert path.read_bytes() == (ROOT / "dist" / f"{NAME}-{OLD}" / "SHA256SUMS").read_bytes()
