"""The CSV bundle: ``<name>-<V>-csv.zip``, the whole package in one download.

Why a zip of the package rather than a pointer to the repository: a user who downloaded version
V must be able to check, years later and offline, that they hold exactly V (hashes in
``datapackage.json`` and ``SHA256SUMS``), read what it is (README.md), know what they may do with
it (LICENSE) and how to cite it (CITATION.cff), and see that it passed validation (the
validation report) — so all of that travels inside.

Why the zip is written by hand rather than with ``shutil.make_archive``: zip entries carry a
modification time, a creator system and permission bits, and the order of entries is the order
they were added. Left alone those come from the clock and the file system, and two builds of the
same data differ. Here every entry gets the data's ``created`` time, mode 0644, Unix as creator
system and DEFLATE level 9, in sorted order, so the same data gives the same bytes (with the
same zlib: Python's zlib module is the only thing outside this repository that shapes them).
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterable
from pathlib import Path

from gwrdata.publish import citation

FILE_MODE = 0o100644  # a regular file, rw-r--r--
UNIX = 3


def write_zip(path: Path, entries: Iterable[tuple[str, bytes]], date_time: tuple) -> None:
    """Write ``entries`` (name, bytes) in the order given, with fixed metadata."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.create_system = UNIX
            info.external_attr = FILE_MODE << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)


def bundle_name(descriptor: dict, version: str) -> str:
    return f"{descriptor['name']}-{version}-csv.zip"


def write_bundle(package: Path, extra: dict[str, bytes], out: Path) -> Path:
    """Zip the package folder (descriptor and every resource) plus ``extra`` files into ``out``.

    ``datapackage.json`` sits at the root of the zip, because that is where Frictionless looks
    for it: ``frictionless.Package("…-csv.zip")`` opens the zip as the package and ``frictionless
    validate …-csv.zip`` checks its data (with the descriptor in a folder, it found no package and
    reported the zip valid after checking one stray file). Unzip it into a folder of its own.
    """
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    files = {"datapackage.json": (package / "datapackage.json").read_bytes()}
    for resource in descriptor["resources"]:
        files[resource["path"]] = (package / resource["path"]).read_bytes()
    for name, data in extra.items():
        if name in files:
            raise ValueError(f"{name} is both a package file and an extra file")
        files[name] = data
    write_zip(out, [(name, files[name]) for name in sorted(files)], citation.date_time(descriptor))
    return out


def readme(descriptor: dict, counts: dict[str, int], valid: bool) -> str:
    """README.md of the bundle: what the files are, how to check them, cite them and reuse them."""
    version = descriptor["version"]
    zh, en = citation.split_title(descriptor["title"])
    source = citation.source_meta(descriptor)
    lines = [f"# {zh or en}", ""] + ([f"**{en}**", ""] if zh and en else [])
    lines += [f"Version {version} · {citation.release_date(descriptor)} · 版本 {version}", "",
              descriptor.get("description", ""), "", "## Files · 文件", "", "| file | what it holds |", "|---|---|",
              "| `datapackage.json` | the Frictionless Data Package (v2) descriptor: every table's schema, "
              "and the size and SHA-256 of every file |"]
    for resource in descriptor["resources"]:
        if "schema" in resource:
            row = f"{counts.get(resource['name'], 0)} rows"
            lines.append(f"| `{resource['path']}` | {resource['title']}: {resource['description']} ({row}) |")
        else:
            lines.append(f"| `{resource['path']}` | {resource.get('description', resource['name'])} |")
    lines += ["| `validation.json`, `validation.html` | the validation report of this version "
              f"({'passed' if valid else 'FAILED'}): every check, with passed and failed counts |",
              "| `CITATION.cff` | how to cite this version (Citation File Format 1.2.0) |",
              "| `LICENSE` | the licence of the data, and the status of the source text |", "",
              "## Check it · 校验", "",
              "Every file's SHA-256 and size are in `datapackage.json`; frictionless checks them with the "
              "types, keys and foreign keys:", "", "```sh", "frictionless validate datapackage.json", "```", ""]
    if source["path"]:
        lines += [f"The source text `{source['path']}` is the report exactly as published "
                  f"(SHA-256 `{source['sha256']}`); every `start`/`end` offset indexes it decoded as UTF-8, "
                  "so `text[start:end] == mention` for every row.", ""]
    lines += ["## Cite · 引用", "", citation.citation_text(descriptor, version), "", "## Licence · 许可", ""]
    for lic in descriptor.get("licenses", []):
        lines.append(f"- {lic.get('title') or lic['name']} ({lic['name']}, {lic.get('path', '')}); "
                     f"{citation.license_zh(lic['name'])}")
    if source["license_note"]:
        lines += ["", f"The source text: {source['license_note']}"]
    return "\n".join(lines) + "\n"
