"""Opening a zip someone gave us: sizes checked from the central directory before any read.

A 4 MB zip can hold a 4 GiB member; reading it takes all the memory. The central directory
states every member's sizes, so the caps are checked there first, and a member is then read
no further than its stated size (a lying header cannot make it longer).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from gwrdata.errors import InputError

MAX_TOTAL_BYTES = 512 * 1024 * 1024   # uncompressed, all members together
MAX_RATIO = 200                       # uncompressed / compressed, per member (CSV deflates ~10x)
MAX_MEMBERS = 10_000


def open_zip(path: Path) -> zipfile.ZipFile:
    """The zip at ``path``, refused (one line, the file and the fix) if it is not bounded."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile, ValueError, EOFError) as err:
        raise InputError(path, "", f"not a readable zip ({err})", "download the zip again and check it with sha256sum -c") from None
    infos = archive.infolist()
    total = sum(info.file_size for info in infos)
    problem = None
    if len(infos) > MAX_MEMBERS:
        problem = f"{len(infos)} members, over the limit of {MAX_MEMBERS}"
    elif total > MAX_TOTAL_BYTES:
        problem = f"{total} bytes uncompressed, over the limit of {MAX_TOTAL_BYTES}"
    else:
        for info in infos:
            if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                problem = f"member {info.filename} expands {info.file_size // max(info.compress_size, 1)} times, over the limit of {MAX_RATIO}"
                break
    if problem:
        archive.close()
        raise InputError(path, "central directory", problem, "this is not a gwrdata bundle: download the -csv.zip again")
    return archive


def read_member(archive: zipfile.ZipFile, name: str, path: Path) -> bytes:
    """A member's bytes, never more than the central directory stated."""
    info = archive.getinfo(name)
    try:
        with archive.open(info) as member:
            data = member.read(info.file_size + 1)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as err:
        raise InputError(path, name, f"cannot be read ({err})", "download the zip again") from None
    if len(data) > info.file_size:
        raise InputError(path, name, "holds more bytes than its header states", "download the zip again")
    return data
