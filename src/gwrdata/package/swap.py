"""Replacing a folder whole: the old one or the new one is there at every moment.

A package or a release is a folder of files that must agree with each other (the descriptor
states every file's hash). Writing them in place, a kill between two files leaves a descriptor
with no tables. So the new folder is written beside the target, then swapped in:

- on Linux, ``renameat2(RENAME_EXCHANGE)`` exchanges the two folders in one step;
- elsewhere (or on a file system without it) the old folder is renamed aside, the new one
  renamed in, and the old one removed; a kill between the two renames leaves the old folder
  aside, and the next run (``recover``) puts it back.

``locked`` serialises writers of one parent folder with ``flock`` on the folder itself, so two
runs at once never remove each other's work and no lock file is left behind.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import fcntl
import os
import shutil
import tempfile
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths; False when the system cannot."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _aside(target: Path) -> str:
    return f".{target.name}.old-"


def replace_folder(new: Path, target: Path) -> None:
    """Put folder ``new`` at ``target`` (same parent folder), removing what was there."""
    if not target.exists():
        new.rename(target)
        return
    if _exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # now the old content
        return
    old = Path(tempfile.mkdtemp(dir=target.parent, prefix=_aside(target)))
    old.rmdir()
    target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def recover(target: Path) -> None:
    """Undo what a killed run left beside ``target``: put an old folder back if ``target`` is
    missing, and remove the old and staging (``.NAME.build-*``) folders. Call it holding
    ``locked`` on the parent folder."""
    parent = target.parent
    if not parent.is_dir():
        return
    olds = sorted(p for p in parent.iterdir() if p.name.startswith(_aside(target)))
    if olds and not target.exists():
        olds.pop().rename(target)
    for path in olds:
        shutil.rmtree(path, ignore_errors=True)
    remove_stale(parent, f".{target.name}.build-")


def remove_stale(folder: Path, prefix: str) -> None:
    """Remove the staging folders named ``prefix*`` that killed runs left in ``folder`` (holding ``locked``)."""
    for path in folder.iterdir():
        if path.name.startswith(prefix) and path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)


@contextlib.contextmanager
def locked(folder: Path, wait: bool = True):
    """Hold an exclusive lock on ``folder`` (created if missing); BlockingIOError when ``wait``
    is False and another process holds it."""
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        yield
    finally:
        os.close(fd)


def check_replaceable(out: Path) -> None:
    """Refuse ``out`` unless replacing it loses nothing but a package gwrdata wrote.

    ``out`` may be new, an empty folder, or a package whose descriptor says gwrdata wrote it
    and which holds nothing else at any depth: its descriptor, the files its resources name and,
    for a panel, the report texts its reports table lists. Anything else (a thesis in
    ``data/``, notes beside the descriptor, a folder that only looks like a package) stays, and
    the build says which file is in the way.
    """
    from gwrdata.errors import InputError

    fix = "give a new folder, or a folder written by gwrdata build that holds nothing else"
    if out.is_symlink():
        raise InputError(out, "", "is a symbolic link", "give the folder itself as --out")
    if out.exists() and not out.is_dir():
        raise InputError(out, "", "is a file, not a folder", "give a new folder (or a package folder) as --out")
    if not out.is_dir():
        return
    found = []
    for folder, dirs, files in os.walk(out):
        here = Path(folder).relative_to(out)
        found += [(here / name).as_posix() for name in files]
        found += [(here / name).as_posix() for name in dirs if (Path(folder) / name).is_symlink()]
        if not dirs and not files and Path(folder) != out:
            found.append(here.as_posix() + "/")
    if not found:
        return
    listed = _package_files(out)
    if listed is None:
        raise InputError(out, "", f"holds files and is not a package gwrdata wrote ({', '.join(sorted(found)[:3])})", fix)
    folders = {p.rsplit("/", 1)[0] + "/" for p in listed if "/" in p} | {"data/", "sources/"}
    other = sorted(p for p in found if p not in listed and p not in folders)
    if other:
        raise InputError(out, "", f"holds files that are not part of its package ({', '.join(other[:3])})", fix)


def _package_files(out: Path) -> set[str] | None:
    """Every file the package in ``out`` says it holds, or None when gwrdata did not write it."""
    import csv
    import json

    from gwrdata.errors import InputError
    from gwrdata.read.paths import relative_path

    descriptor = out / "datapackage.json"
    try:
        if descriptor.is_symlink() or not descriptor.is_file() or descriptor.stat().st_size > 10 * 1024 * 1024:
            return None
        data = json.loads(descriptor.read_text(encoding="utf-8"))
        extra = data.get("gwrdata") if isinstance(data, dict) else None
        if not (isinstance(extra, dict) and str(extra.get("toolkit", "")).startswith("gwrdata ")):
            return None
        listed = {"datapackage.json"}
        for resource in data.get("resources", []):
            path = relative_path(resource.get("path"), descriptor, "resources").as_posix()
            listed.add(path)
            if resource.get("name") == "reports" and extra.get("profile") == "panel":
                file = out / path
                if file.is_file() and not file.is_symlink():
                    with open(file, encoding="utf-8", newline="") as handle:
                        listed |= {relative_path(row.get("path"), file, "path").as_posix() for row in csv.DictReader(handle)}
        return listed
    except (InputError, OSError, ValueError, RecursionError, AttributeError, TypeError, csv.Error):
        return None
