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

SLUG = re.compile(r"[a-z0-9][a-z0-9._-]{0,99}")
VERSION = re.compile(r"[0-9]+\.[0-9]+\.[0-9]+", re.ASCII)
# A name that becomes part of a file name and a CSV cell (a government, 沈阳市 or 新疆维吾尔自治区):
# letters of any script and digits, with the joiners names use; no path separator, dot, space,
# formula character or control character. fullmatch, never ``$`` (which also matches before a
# final line break).
IDENTIFIER = re.compile(r"[^\W_][\w·()（）-]{0,63}")
_PATH_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
MAX_SOURCE_BYTES = 50 * 1024 * 1024  # a long report is under 1 MB; --max-size raises it


def slug(value: object, path: object, where: str) -> str:
    """A name that is safe as one path component: lower-case ASCII letters, digits, '.', '_', '-'."""
    text = value if isinstance(value, str) else None
    if text is None or not SLUG.fullmatch(text) or ".." in text:
        raise InputError(path, where, f"{value!r} is not a plain name (it becomes a folder and file name)",
                         "use lower-case ASCII letters, digits, '.', '_' and '-' (starting with a letter or digit), such as xian-gwr-2024")
    return text


def version(value: object, path: object, where: str) -> str:
    """MAJOR.MINOR.PATCH in ASCII digits (``isdigit`` also accepts ¹ and ٣)."""
    text = str(value) if isinstance(value, (str, int, float)) and not isinstance(value, bool) else ""
    if not VERSION.fullmatch(text):
        raise InputError(path, where, f"{value!r} is not a version MAJOR.MINOR.PATCH in ASCII digits", "give a version such as 1.0.0")
    return text


def identifier(value: object, source: object, where: str) -> str:
    """A name that becomes part of a path and a cell (a government): IDENTIFIER, or one line naming it."""
    text = value if isinstance(value, str) else None
    if text is None or not IDENTIFIER.fullmatch(text):
        shown = repr(value) if text is None or len(text) <= 80 else f"{text[:80]!r}… ({len(text)} characters)"
        raise InputError(source, where, f"{shown} is not a plain name (it becomes part of file names and table cells)",
                         "write the name in letters and digits only, at most 64 characters, such as 沈阳市 or 新疆维吾尔自治区")
    return text


def confined(root: Path, relative: object, source: object, where: str) -> Path:
    """The one rule for a path that comes from data (a catalog, descriptor, manifest, SHA256SUMS):
    one relative file path, with no control character, '..', absolute part, drive or URL, that
    stays inside ``root`` once resolved (also through symlinks). Returns the resolved path."""
    pure = relative_path(relative, source, where)
    return inside(Path(root) / pure, Path(root), source, where)


def relative_path(value: object, source: object, where: str) -> PurePosixPath:
    """The textual half of ``confined``: a relative POSIX path that names no place outside its root."""
    if not isinstance(value, str) or not value or len(value) > 4096:
        raise InputError(source, where, f"path {_short(value)} is not one relative file path",
                         "give the path of the file inside its folder, such as data/figures.csv")
    pure = PurePosixPath(value)
    if (_PATH_CONTROL.search(value) or "://" in value or "\\" in value or pure.is_absolute()
            or ".." in pure.parts or ":" in pure.parts[0]):
        raise InputError(source, where, f"path {_short(value)} points outside its folder",
                         "paths must be relative to their folder, in one line, without '..', a drive or a URL")
    return pure


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 120 else text[:120] + "…"


def inside(path: Path, folder: Path, source: object, where: str) -> Path:
    """``path`` resolved, refused unless it stays under ``folder`` (also through symlinks)."""
    resolved = Path(os.path.realpath(path))
    root = Path(os.path.realpath(folder))
    if resolved != root and root not in resolved.parents:
        raise InputError(source, where, f"{path} would be outside {folder}", "use a plain name that stays inside the folder")
    return resolved


def resource_path(value: object, descriptor: object, where: str) -> PurePosixPath:
    """A descriptor's resource path: relative, no '..', no URL, no list (the package's own file)."""
    return relative_path(value, descriptor, where)


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
