"""The catalog: ``dist/catalog.json``, every released dataset and version, and where its files are.

Why a catalog: a user with only the internet needs one address to ask "which versions exist,
which is the latest, and what are the exact bytes of each file". ``gwrdata get`` reads it to
download and verify a version, and a person can read it too.

Why paths are relative to the catalog's own location: then any copy of ``dist/`` served
anywhere (GitHub Pages, another static host, a folder on a laptop) is a working mirror, and the
public base URL (``data/publishing.yaml``) is needed only for the addresses printed in the
descriptor and the README, never to find a file.

Why it is generated from the release folders rather than kept by hand: it then cannot disagree
with what is on disk. Sizes and hashes are computed from the files themselves, titles, dates,
licences and row counts come from each release's ``manifest.json``. What people search by
(``gwrdata search``: the description, keywords, governments, years and indicators) comes from
the package inside the release (``about.py``), so a dataset can be found without downloading it. The output is deterministic
(sorted datasets, versions and files; no clock), so regenerating an unchanged ``dist/`` leaves
the file byte-identical, and it is checked against the JSON Schema in ``data/`` before it is
written.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from functools import cache
from importlib import resources
from pathlib import Path

from gwrdata.errors import InputError

CATALOG = "catalog.json"
MANIFEST = "manifest.json"
FORMAT = 1
FOLDER = re.compile(r"^(?P<name>.+)-(?P<version>\d+\.\d+\.\d+)$")


@cache
def schema() -> dict:
    """The catalog's JSON Schema (shipped with the package, so ``get`` checks what it downloads)."""
    return json.loads(resources.files("gwrdata.publish").joinpath("data/catalog.schema.json").read_text(encoding="utf-8"))


@cache
def publishing() -> dict:
    """data/publishing.yaml: where releases are published and how long a latest version is trusted."""
    import yaml

    return yaml.safe_load(resources.files("gwrdata.publish").joinpath("data/publishing.yaml").read_text(encoding="utf-8"))


def base_url() -> str:
    """The public address of ``dist/``, ending in '/': set in one place, data/publishing.yaml."""
    return publishing()["base_url"].rstrip("/") + "/"


def release_address(name: str, version: str) -> str:
    """The public address of a release folder: BASE/<name>-<version>/ (the descriptor's ``id``)."""
    return f"{base_url()}{name}-{version}/"


def version_key(version: str) -> tuple[int, int, int]:
    return tuple(int(part) for part in version.split("."))  # type: ignore[return-value]


def build_catalog(dist: Path) -> dict:
    """The catalog of every complete release (a folder with a manifest.json) in ``dist``."""
    dist = Path(dist)
    by_name: dict[str, list[dict]] = {}
    for folder in sorted(dist.iterdir()) if dist.is_dir() else []:
        match = FOLDER.match(folder.name)
        if not (folder.is_dir() and match and (folder / MANIFEST).is_file()):
            continue
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if (manifest.get("name"), manifest.get("version")) != (match["name"], match["version"]):
            raise InputError(folder / MANIFEST, "name, version", f"says {manifest.get('name')} {manifest.get('version')}, "
                             f"the folder's name says {match['name']} {match['version']}", "restore the release folder as it was released")
        by_name.setdefault(match["name"], []).append(_release(dist, folder, manifest))
    datasets = []
    for name in sorted(by_name):
        versions = sorted(by_name[name], key=lambda v: version_key(v["version"]))
        datasets.append({"name": name, "title": versions[-1]["title"], "latest": versions[-1]["version"], "versions": versions})
    catalog = {"catalog": FORMAT, "datasets": datasets}
    check(catalog, dist / CATALOG)
    return catalog


def _release(dist: Path, folder: Path, manifest: dict) -> dict:
    files = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        files.append({"path": path.relative_to(dist).as_posix(), "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()})
    from gwrdata.publish.about import about

    return {"version": manifest["version"], "date": manifest["date"], "title": manifest["title"],
            "licenses": list(manifest.get("licenses", [])), "rows": dict(manifest.get("rows", {})),
            "folder": folder.relative_to(dist).as_posix() + "/", "files": files, **about(folder)}


def check(catalog: dict, where: object) -> None:
    """Raise InputError (one line) when ``catalog`` does not follow the schema."""
    import jsonschema

    error = jsonschema.exceptions.best_match(jsonschema.Draft202012Validator(schema()).iter_errors(catalog))
    if error is not None:
        place = "/".join(map(str, error.absolute_path)) or "top level"
        raise InputError(where, place, f"not a gwrdata catalog ({error.message})",
                         "give the address of a catalog.json written by gwrdata release or gwrdata catalog")


def dumps(catalog: dict) -> str:
    return json.dumps(catalog, ensure_ascii=False, indent=2) + "\n"


def write_catalog(dist: Path) -> Path:
    """Regenerate ``dist/catalog.json`` in one step (a temporary file renamed over the old one)."""
    dist = Path(dist)
    text = dumps(build_catalog(dist))
    path = dist / CATALOG
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return path
    handle, temporary = tempfile.mkstemp(prefix=".catalog-", dir=dist)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
