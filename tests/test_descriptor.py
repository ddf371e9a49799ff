"""One writer describes every package: a table's CSV and resource entry, and the descriptor's header."""

from __future__ import annotations

import csv
import json
import zipfile

from conftest import ROOT
from gwrdata.package import descriptor as descriptors


def test_a_cell_holding_a_carriage_return_reads_back_whole(tmp_path):
    """A report text with CR line ends can put a CR inside a target's words: the cell is quoted,
    so a reader does not split the row there (in a panel's tables as in a report's)."""
    path = tmp_path / "governments.csv"
    rows = [{"government": "甲市", "government_en": "A\r\nCity"}, {"government": "乙市", "province_zh": "丙\r省"}]
    descriptors.write_rows(path, "governments", rows, "panel")
    raw = path.read_bytes()
    assert raw.count(b"\n") == 3 + 1 and b'"A\r\nCity"' in raw and b'"\xe4\xb8\x99\r\xe7\x9c\x81"' in raw
    with open(path, encoding="utf-8", newline="") as handle:
        back = list(csv.DictReader(handle))
    assert [(r["government"], r["government_en"], r["province_zh"]) for r in back] == \
        [("甲市", "A\r\nCity", ""), ("乙市", "", "丙\r省")]


def _released(name: str) -> dict:
    from gwrdata.publish.release import releases

    versions = releases(ROOT / "dist", name)
    folder = versions[max(versions)]
    with zipfile.ZipFile(folder / f"{folder.name}-csv.zip") as archive:
        return json.loads(archive.read(next(n for n in archive.namelist() if n.endswith("datapackage.json"))))


def test_a_report_s_package_and_a_panel_share_the_descriptor_s_header():
    """The latest Shenyang and panel releases: the same keys in the same order, every table
    described by the same entry (a panel's Parquet tables by their format)."""
    single, panel = _released("shenyang-gwr-2024"), _released("china-gwr")
    assert list(single) == list(panel)
    assert list(json.loads((ROOT / "datapackage" / "datapackage.json").read_text(encoding="utf-8"))) == \
        [key for key in single if key not in ("id", "homepage")]  # what a release adds: its address
    tables = [r for r in single["resources"] + panel["resources"] if "schema" in r]
    assert {tuple(r) for r in tables if r["format"] == "csv"} == \
        {("name", "title", "description", "path", "format", "mediatype", "encoding", "hash", "bytes", "schema")}
    assert {tuple(r) for r in tables if r["format"] == "parquet"} == \
        {("name", "title", "description", "path", "format", "mediatype", "hash", "bytes", "schema")}
