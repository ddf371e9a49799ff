"""Finding data: `gwrdata list`, `gwrdata search` and `gwrdata.catalog()`, against a real HTTP
server on 127.0.0.1 serving a copy of dist/, and against a local dist/ folder and catalog.json.

The expected facts (governments, years, indicators) are read from the released packages
themselves (the descriptor and tables inside each -csv.zip), not from what the search prints.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import shutil
import subprocess
import sys
import threading
import zipfile
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pandas as pd
import pytest

from conftest import ROOT
from gwrdata.cli import main
from gwrdata.errors import InputError
from gwrdata.publish import catalog as catalogs

DIST = ROOT / "dist"
NAME = "shenyang-gwr-2024"
RELEASES = sorted((p for p in DIST.iterdir() if p.is_dir() and (p / "manifest.json").is_file() and p.name.startswith(f"{NAME}-")),
                  key=lambda p: catalogs.version_key(p.name.rsplit("-", 1)[1]))  # the Shenyang dataset's; dist/ holds others too


class Logged(SimpleHTTPRequestHandler):
    requests: list[str] = []

    def log_message(self, *args):
        pass

    def do_GET(self):
        type(self).requests.append(self.path)
        super().do_GET()


@pytest.fixture
def server(tmp_path):
    served = tmp_path / "served"
    shutil.copytree(DIST, served)
    Logged.requests = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(Logged, directory=str(served)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/catalog.json"
    httpd.shutdown()
    httpd.server_close()


def _released(release) -> tuple[dict, dict[str, list[dict]]]:
    """The descriptor and tables of a release, read straight from its -csv.zip."""
    archive = zipfile.ZipFile(next(release.glob("*-csv.zip")))
    inner = next(n for n in archive.namelist() if n.endswith("datapackage.json"))
    prefix = inner[: -len("datapackage.json")]
    descriptor = json.loads(archive.read(inner))
    tables = {r["name"]: list(csv.DictReader(io.StringIO(archive.read(prefix + r["path"]).decode("utf-8"))))
              for r in descriptor["resources"] if "schema" in r}
    return descriptor, tables


def _run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_over_http_names_every_dataset_and_version_and_downloads_nothing_else(server, capsys):
    code, out, err = _run(capsys, "list", "--catalog", server)
    assert code == 0 and err == ""
    versions = [p.name.rsplit("-", 1)[1] for p in reversed(RELEASES)]
    assert any(line.startswith(f"{NAME}  {', '.join(versions)}  ") for line in out.splitlines())
    assert any(line.startswith("china-gwr  ") for line in out.splitlines())
    assert "沈阳市人民政府" in out and "years: 2024" in out
    assert Logged.requests == ["/catalog.json"]


def test_search_json_over_http_holds_what_the_packages_hold(server, capsys):
    code, out, _ = _run(capsys, "search", "沈阳", "--json", "--catalog", server)
    found = json.loads(out)
    assert code == 0 and found["catalog"] == server and found["words"] == ["沈阳"]
    mine = [v for v in found["versions"] if v["name"] == NAME]
    assert [(v["name"], v["version"]) for v in mine] == [(NAME, p.name.rsplit("-", 1)[1]) for p in reversed(RELEASES)]
    assert [v["latest"] for v in mine] == [True] + [False] * (len(RELEASES) - 1)
    for record, release in zip(mine, reversed(RELEASES)):
        descriptor, tables = _released(release)
        government = f"{descriptor['gwrdata']['government_zh']} ({descriptor['gwrdata']['government_en']})"
        assert record["governments"] == [government]
        assert record["year_from"] == record["year_to"] == descriptor["gwrdata"]["report_year"]
        headline = {row["indicator_id"] for row in tables["headline"] if row["indicator_id"]}
        assert headline and headline <= set(record["indicators"])
        assert record["description"] == descriptor["description"]
        assert record["rows"] == sum(json.loads((release / "manifest.json").read_text())["rows"].values())


@pytest.mark.parametrize("words", [["沈阳"], ["SHENYANG"], ["2024"], ["gdp"], ["地区生产总值"], ["shenyang", "gdp", "2024"],
                                   ["CC-BY"], ["Municipal People"]])
def test_search_finds_by_name_title_government_year_indicator_and_licence(words, capsys):
    code, out, _ = _run(capsys, "search", *words, "--catalog", str(DIST))
    assert code == 0 and any(line.startswith(f"{NAME}  ") for line in out.splitlines())


@pytest.mark.parametrize("words", [["nosuchword"], ["沈阳", "1999"], ["gdp", "1999"]])
def test_a_word_that_matches_nothing_is_an_empty_result_not_an_error(words, capsys):
    code, out, err = _run(capsys, "search", *words, "--catalog", str(DIST / "catalog.json"))
    assert code == 0 and err == "" and "matches" in out and NAME not in out
    code, out, err = _run(capsys, "search", *words, "--json", "--catalog", str(DIST))
    assert code == 0 and json.loads(out)["versions"] == []


def test_search_reads_the_catalog_from_the_environment(capsys, monkeypatch):
    monkeypatch.setenv("GWRDATA_CATALOG", str(DIST))
    code, out, _ = _run(capsys, "search", "gdp", "--json")
    assert code == 0 and json.loads(out)["catalog"] == str(DIST) and json.loads(out)["versions"]


def test_a_catalog_that_is_not_one_is_one_line_and_exit_2(tmp_path, capsys):
    bad = tmp_path / "catalog.json"
    bad.write_text('{"catalog": 1, "datasets": [{"name": "x"}]}', encoding="utf-8")
    for verb in (["list"], ["search", "gdp"]):
        code, out, err = _run(capsys, *verb, "--catalog", str(bad))
        assert code == 2 and out == "" and err.count("\n") == 1 and "not a gwrdata catalog" in err
    code, _, err = _run(capsys, "list", "--catalog", str(tmp_path / "nowhere"))
    assert code == 2 and "no such catalog" in err


def test_a_catalog_from_before_the_search_facts_still_lists(tmp_path, capsys):
    """A mirror whose catalog.json predates description, governments, years and indicators."""
    listing = json.loads((DIST / "catalog.json").read_text(encoding="utf-8"))
    for dataset in listing["datasets"]:
        for entry in dataset["versions"]:
            for key in ("description", "keywords", "governments", "years", "indicators"):
                entry.pop(key, None)
    (tmp_path / "catalog.json").write_text(json.dumps(listing), encoding="utf-8")
    code, out, _ = _run(capsys, "list", "--catalog", str(tmp_path))
    assert code == 0 and out.count("\n") == len(listing["datasets"]) and any(line.startswith(NAME) for line in out.splitlines())
    code, out, _ = _run(capsys, "search", "gdp", "--catalog", str(tmp_path))
    assert code == 0 and NAME not in out
    code, out, _ = _run(capsys, "search", "2024", "--catalog", str(tmp_path))
    assert code == 0 and any(line.startswith(NAME) for line in out.splitlines())  # the name and title still say it


def test_catalog_in_python_is_one_row_per_version_over_http_and_locally(server):
    import gwrdata

    over_http = gwrdata.catalog(server)
    local = gwrdata.catalog(str(DIST))
    pd.testing.assert_frame_equal(over_http, local)
    assert "china-gwr" in set(local["name"])
    local = local[local["name"] == NAME].reset_index(drop=True)
    assert list(zip(local["name"], local["version"])) == [(NAME, p.name.rsplit("-", 1)[1]) for p in reversed(RELEASES)]
    assert local["latest"].tolist() == [True] + [False] * (len(RELEASES) - 1)
    assert str(local["year_from"].dtype) == "Int64" and str(local["latest"].dtype) == "boolean"
    assert local.loc[0, "files"] == len([p for p in RELEASES[-1].rglob("*") if p.is_file()])
    assert local.loc[0, "bytes"] == sum(p.stat().st_size for p in RELEASES[-1].rglob("*") if p.is_file())
    assert pd.Timestamp(json.loads((RELEASES[-1] / "manifest.json").read_text())["date"]) == local.loc[0, "date"]


def test_import_and_help_stay_light_and_name_the_new_verbs():
    code = ("import sys, gwrdata\nfrom gwrdata.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "assert callable(gwrdata.catalog)\n"
            "print('HEAVY', [m for m in ('pandas', 'requests', 'jsonschema', 'yaml') if m in sys.modules])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "HEAVY []" in done.stdout and "list " in done.stdout and "search " in done.stdout


def test_the_catalog_carries_what_each_package_holds():
    """Generated from the releases: the facts of each version are its package's."""
    listing = json.loads((DIST / "catalog.json").read_text(encoding="utf-8"))
    entries = {v["folder"].rstrip("/"): v for d in listing["datasets"] for v in d["versions"]}
    for release in RELEASES:
        descriptor, tables = _released(release)
        entry = entries[release.name]
        assert entry["description"] == descriptor["description"]
        assert entry["keywords"] == sorted(descriptor["keywords"])
        assert entry["years"] == [descriptor["gwrdata"]["report_year"]]
        used = {row["indicator_id"] for name, rows in tables.items() if name != "indicators" for row in rows if row.get("indicator_id")}
        names = {row["indicator_id"]: row["name_en"] for row in tables["indicators"]}
        assert [i["id"] for i in entry["indicators"]] == sorted(used)
        assert all(i["name_en"] == names[i["id"]] for i in entry["indicators"])


@pytest.mark.parametrize("edit", ["year out of range", "government without name", "unknown key", "empty description",
                                  "indicator without id"])
def test_the_schema_refuses_broken_search_facts(edit):
    bad = copy.deepcopy(json.loads((DIST / "catalog.json").read_text(encoding="utf-8")))
    entry = bad["datasets"][0]["versions"][0]
    if edit == "year out of range":
        entry["years"] = [1800]
    elif edit == "government without name":
        entry["governments"] = [{"name_en": "Somewhere"}]
    elif edit == "unknown key":
        entry["governments"][0]["mayor"] = "x"
    elif edit == "empty description":
        entry["description"] = ""
    else:
        entry["indicators"] = [{"name_en": "GDP"}]
    with pytest.raises(InputError, match="not a gwrdata catalog"):
        catalogs.check(bad, "catalog.json")


def test_the_readme_catalog_example_runs():
    import os
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```python\n(.*?)```", readme, re.S) if "gwrdata.catalog(" in b)
    env = dict(os.environ, GWRDATA_CATALOG=str(DIST))
    done = subprocess.run([sys.executable, "-c", block], capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    assert NAME in done.stdout and RELEASES[-1].name.rsplit("-", 1)[1] in done.stdout


def test_a_panel_is_found_by_each_of_its_governments_and_years(tmp_path, capsys):
    """A panel of two mirror reports: the catalog facts come from its reports table."""
    import os
    from pathlib import Path

    from gwrdata.publish.about import about
    from gwrdata.publish.search import search

    mirror = Path(os.environ.get("GWRDATA_MIRROR") or ROOT.parent / "shared" / "mirror")
    reports = [("政府工作报告-主要城市/沈阳市/2022.md", "沈阳市", 2022), ("政府工作报告-国务院/2023.md", "国务院", 2023)]
    if not all((mirror / path).is_file() for path, _, _ in reports):
        pytest.skip(f"no mirror at {mirror}")
    (tmp_path / "m.csv").write_text("path,government,year,government_en\n" + "".join(
        f"{mirror / p},{g},{y},{'State Council' if g == '国务院' else ''}\n" for p, g, y in reports), encoding="utf-8")
    assert main(["init", str(tmp_path / "panel"), "--reports", str(tmp_path / "m.csv"), "--name", "two-gwr"]) == 0
    assert main(["build", str(tmp_path / "panel"), "--out", str(tmp_path / "pkg")]) == 0
    capsys.readouterr()
    facts = about(tmp_path / "pkg")
    assert facts["governments"] == [{"name": "国务院", "name_en": "State Council"}, {"name": "沈阳市"}]
    assert facts["years"] == [2022, 2023]
    with open(tmp_path / "pkg" / "data" / "targets.csv", encoding="utf-8") as handle:
        targeted = {row["indicator_id"] for row in csv.DictReader(handle)}
    assert targeted and targeted <= {i["id"] for i in facts["indicators"]}
    entry = {"version": "1.0.0", "date": "2026-01-01", "title": "t", "licenses": ["CC-BY-4.0"], "rows": {}, "folder": "x/",
             "files": [{"path": "x/a", "bytes": 1, "sha256": "0" * 64}], **facts}
    listing = {"catalog": 1, "datasets": [{"name": "two-gwr", "title": "t", "latest": "1.0.0", "versions": [entry]}]}
    catalogs.check(listing, "catalog.json")
    assert [r["name"] for r in search(listing, ["state council", "2022"])] == ["two-gwr"]
    assert search(listing, ["沈阳市", "2021"]) == []
