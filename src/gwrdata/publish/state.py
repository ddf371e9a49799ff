"""What a release was made from, so that releasing again with nothing changed costs seconds.

Why: a release is decided by bytes (publish/release.py builds the package again and compares it
with what ``dist/`` holds), which for the whole corpus means minutes of extraction and
validation to learn that nothing changed. The inputs of a release are few and can be hashed in
a second: the toolkit's own files and the versions of the libraries that write the bytes, the
recipe's folder, and every source text the recipe reads. After a release (or a release found
unchanged) their fingerprint is kept in ``DIST/.gwrdata-state/<name>.json`` beside the SHA-256 of
the release's ``SHA256SUMS``; the next release of that recipe with no version asked for, whose
fingerprint and release folder are the same, is the same release and is not built again.

Anything unexpected (no state, another fingerprint, a release folder changed since, a state file
that is not ours) means the slow, certain path: build and compare. The state folder is hidden,
holds only files gwrdata writes, and is never part of a release or the catalog.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from importlib import metadata
from pathlib import Path

FOLDER = ".gwrdata-state"
LIBRARIES = ("frictionless", "great-expectations", "openpyxl", "pandas", "pyarrow")


def _hash_file(digest, path: Path) -> None:
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)


def _tree(digest, folder: Path, label: str) -> None:
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(f"{label}/{path.relative_to(folder).as_posix()}\0".encode())
        _hash_file(digest, path)


def fingerprint(recipe) -> str:
    """SHA-256 over everything a release of ``recipe`` is made from (see the module docstring)."""
    import gwrdata
    from gwrdata.package import panel

    digest = hashlib.sha256()
    digest.update(f"python {sys.version_info[:2]}\0".encode())
    for name in LIBRARIES:
        try:
            digest.update(f"{name} {metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} -\0".encode())
    _tree(digest, Path(gwrdata.__file__).parent, "gwrdata")
    _tree(digest, recipe.folder, "recipe")
    if recipe.is_panel:
        entries, left, listing = panel.selection(recipe)
        sources = [listing] + [entry.path for entry in entries] + _communiques(recipe)
        digest.update("".join(f"{item.path}\0{item.reason}\0" for item in left).encode())
    else:
        sources = [recipe.source_path]
    for path in sources:
        digest.update(f"source/{path}\0".encode())
        _hash_file(digest, path)
    return digest.hexdigest()


def _communiques(recipe) -> list[Path]:
    """A corpus recipe's list of communiqués and every file on it (package/communique.py)."""
    import csv

    from gwrdata.read.paths import confined

    corpus = recipe.config.get("corpus") or {}
    if not (recipe.is_corpus and corpus.get("communiques")):
        return []
    listing = confined(recipe.corpus_root, corpus["communiques"], recipe.folder / "recipe.yaml", "corpus.communiques")
    with open(listing, encoding="utf-8", newline="") as handle:
        paths = [row["path"] for row in csv.DictReader(handle)]
    return [listing] + [confined(recipe.corpus_root, path, listing, "path") for path in paths]


def _file(dist: Path, name: str) -> Path | None:
    """The state file of ``name``, or None when its folder is not a plain folder of ``dist``
    (a link could lead the write outside it: the state is then neither read nor kept)."""
    folder = Path(dist) / FOLDER
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        return None
    path = folder / f"{name}.json"
    return None if path.is_symlink() else path


def _sums(release: Path) -> str | None:
    try:
        return hashlib.sha256((release / "SHA256SUMS").read_bytes()).hexdigest()
    except OSError:
        return None


def unchanged(dist: Path, name: str, key: str, release: Path | None) -> bool:
    """True when ``release`` (the latest of ``name``) was made from inputs with fingerprint ``key``
    and its files are as they were then."""
    if release is None:
        return False
    path = _file(dist, name)
    if path is None:
        return False
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (isinstance(state, dict) and state.get("fingerprint") == key
            and state.get("release") == release.name and state.get("sums") == _sums(release))


def remember(dist: Path, name: str, key: str, release: Path) -> None:
    """Keep ``key`` as what ``release`` was made from (written whole, by a rename), where the
    state folder is a plain folder of ``dist``."""
    path = _file(dist, name)
    if path is None:
        return
    text = json.dumps({"release": release.name, "fingerprint": key, "sums": _sums(release)}, indent=1) + "\n"
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(exist_ok=True)
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)
    except OSError:   # a state not kept costs the next release a build, never this release
        partial.unlink(missing_ok=True)
