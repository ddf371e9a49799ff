"""Paths that come from input: names are slugs, outputs stay in their folder, inputs are files.

A recipe's ``name`` and ``version``, a report's file stem in a batch and a descriptor's resource
path all end up in paths that gwrdata writes or reads. Left unchecked, ``../../x`` as a name
writes a release outside ``dist/``, ``...txt`` in a batch writes into the parent of ``--out``,
and a resource path ``/dev/zero`` is read until memory runs out. So every such string is checked
on input, before anything reads or writes, and every error names the file and the fix.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path, PurePosixPath

from gwrdata.errors import InputError

SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]{0,99}$")
VERSION = re.compile(r"^[0-9]+\.[0-9]+\.[0-9]+$", re.ASCII)
MAX_SOURCE_BYTES = 50 * 1024 * 1024  # a long report is under 1 MB; --max-size raises it


def slug(value: object, path: object, where: str) -> str:
    """A name that is safe as one path component: lower-case ASCII letters, digits, '.', '_', '-'."""
    text = value if isinstance(value, str) else None
    if text is None or not SLUG.match(text) or ".." in text:
        raise InputError(path, where, f"{value!r} is not a plain name (it becomes a folder and file name)",
                         "use lower-case ASCII letters, digits, '.', '_' and '-' (starting with a letter or digit), such as xian-gwr-2024")
    return text


def version(value: object, path: object, where: str) -> str:
    """MAJOR.MINOR.PATCH in ASCII digits (``isdigit`` also accepts ¹ and ٣)."""
    text = str(value) if isinstance(value, (str, int, float)) and not isinstance(value, bool) else ""
    if not VERSION.match(text):
        raise InputError(path, where, f"{value!r} is not a version MAJOR.MINOR.PATCH in ASCII digits", "give a version such as 1.0.0")
    return text


def inside(path: Path, folder: Path, source: object, where: str) -> Path:
    """``path`` resolved, refused unless it stays under ``folder`` (also through symlinks)."""
    resolved = Path(os.path.realpath(path))
    root = Path(os.path.realpath(folder))
    if resolved != root and root not in resolved.parents:
        raise InputError(source, where, f"{path} would be outside {folder}", "use a plain name that stays inside the folder")
    return resolved


def resource_path(value: object, descriptor: object, where: str) -> PurePosixPath:
    """A descriptor's resource path: relative, no '..', no URL, no list (the package's own file)."""
    if not isinstance(value, str) or not value:
        raise InputError(descriptor, where, f"path {value!r} is not one relative file path", "give the path of the file inside the package, such as data/figures.csv")
    pure = PurePosixPath(value)
    if "://" in value or value.startswith("\\") or pure.is_absolute() or ".." in pure.parts or ":" in pure.parts[0]:
        raise InputError(descriptor, where, f"path {value!r} points outside the package",
                         "resource paths must be relative to the descriptor's folder, without '..' or a URL")
    return pure


def regular_file(path: Path, source: object = None, max_bytes: int | None = None) -> int:
    """Refuse anything but a regular file of at most ``max_bytes``; return its size.

    A FIFO blocks the reader forever and ``/dev/zero`` never ends, so this is asked before any
    read, with ``stat`` (which follows a symlink, and fails on a symlink loop).
    """
    source = path if source is None else source
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputError(source, "", "no such file", "check the path") from None
    except OSError as err:
        raise InputError(source, "", f"cannot be opened ({err.strerror})", "give the path of a readable regular file") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(source, "", "is a folder, not a file", "name the file itself")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(source, "", "is not a regular file (a FIFO, socket or device)", "give the path of a regular file")
    if max_bytes is not None and info.st_size > max_bytes:
        raise InputError(source, "", f"is {info.st_size} bytes, over the limit of {max_bytes}",
                         "check it is the right file, or raise the limit with --max-size BYTES")
    return info.st_size


def descriptor_resources(descriptor: object, source: object) -> list[dict]:
    """A descriptor's resources, each with a checked relative ``path``, before anything is read."""
    if not isinstance(descriptor, dict):
        raise InputError(source, "", f"holds a JSON {type(descriptor).__name__}, not a descriptor object",
                         "give a datapackage.json written by gwrdata build")
    resources = descriptor.get("resources", [])
    if not isinstance(resources, list) or not all(isinstance(r, dict) for r in resources):
        raise InputError(source, "resources", "is not a list of resource objects", "give a datapackage.json written by gwrdata build")
    for index, resource in enumerate(resources):
        where = f"resources[{index}]"
        resource_path(resource.get("path"), source, f"{where}.path")
        if not isinstance(resource.get("name"), str):
            raise InputError(source, f"{where}.name", "missing or not text", "give every resource a name")
        _schema_shape(resource.get("schema", {}), source, f"{where}.schema")
    return resources


def _schema_shape(schema: object, source: object, where: str) -> None:
    """The parts of a Table Schema gwrdata reads: fields with names, a primary key of names."""
    fix = "give a Table Schema as gwrdata build writes it"
    if not isinstance(schema, dict):
        raise InputError(source, where, "is not an object", fix)
    fields = schema.get("fields", [])
    if not isinstance(fields, list) or not all(isinstance(f, dict) and isinstance(f.get("name"), str) for f in fields):
        raise InputError(source, f"{where}.fields", "is not a list of fields with names", fix)
    key = schema.get("primaryKey")
    if key is not None and not isinstance(key, str) and not (isinstance(key, list) and all(isinstance(k, str) for k in key)):
        raise InputError(source, f"{where}.primaryKey", "is not a field name or a list of them", fix)
