"""What users have, opened as a package: a descriptor, a package folder, a release folder or a zip.

Why: people validate and load what they downloaded, not what the build wrote. A release folder
holds one ``-csv.zip``; a zip holds the package (``datapackage.json`` at its root since 1.1.0,
inside one folder named after the release before that). Whatever is given, the checks and
``gwrdata.load`` get the path of a ``datapackage.json`` on disk; a zip is unpacked into a
temporary folder that is removed afterwards, so nothing is written where the user's files are.
Anything that is not a package (an XLSX workbook, a zip without a descriptor, a folder of other
files) is one line naming the file and what to give instead.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from gwrdata.errors import InputError
from gwrdata.read.archive import open_zip, read_member
from gwrdata.read.paths import regular_file

DESCRIPTOR = "datapackage.json"
GIVE = "give a datapackage.json, a package folder, a release folder or a -csv.zip"


@contextlib.contextmanager
def opened(path: str | Path) -> Iterator[Path]:
    """Yield the path of the ``datapackage.json`` that ``path`` stands for."""
    path = Path(path)
    if not path.exists():
        raise InputError(path, "", "no such file or folder", GIVE)
    if path.is_dir():
        if (path / DESCRIPTOR).is_file():
            yield path / DESCRIPTOR
            return
        zips = sorted(path.glob("*-csv.zip"))
        if len(zips) != 1:
            raise InputError(path, "", f"holds no {DESCRIPTOR} and {len(zips)} -csv.zip files", GIVE)
        path = zips[0]
    # A FIFO or a device would block or never end the reads below: regular files only.
    regular_file(path)
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods"):
        raise InputError(path, "", "a spreadsheet is not a data package",
                         "validate the -csv.zip of the same release (or its folder), which holds the data with its schemas")
    if path.suffix.lower() == ".zip" or zipfile.is_zipfile(path):
        with _unzipped(path) as descriptor:
            yield descriptor
        return
    if path.suffix.lower() != ".json":
        raise InputError(path, "", "not a data package", GIVE)
    yield path


@contextlib.contextmanager
def _unzipped(path: Path) -> Iterator[Path]:
    # Sizes and ratios are checked from the central directory first (a small zip can hold a huge member).
    archive = open_zip(path)
    with archive:
        names = archive.namelist()
        inner = _descriptor_member(path, names)
        for name in names:
            member = PurePosixPath(name)
            if member.is_absolute() or ".." in member.parts or "\\" in name:
                raise InputError(path, name, "a zip entry points outside the zip's folder", "use the -csv.zip as released")
        folder = Path(tempfile.mkdtemp(prefix="gwrdata-zip-"))
        try:
            for info in archive.infolist():
                if not info.is_dir():
                    target = folder / info.filename
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(read_member(archive, info.filename, path))
            yield folder / inner
        finally:
            shutil.rmtree(folder, ignore_errors=True)


def _descriptor_member(path: Path, names: list[str]) -> str:
    """The descriptor's place in the zip: at the root, or in the one top folder (before 1.1.0)."""
    if DESCRIPTOR in names:
        return DESCRIPTOR
    nested = [n for n in names if PurePosixPath(n).name == DESCRIPTOR and len(PurePosixPath(n).parts) == 2]
    tops = {PurePosixPath(n).parts[0] for n in names}
    if len(nested) == 1 and len(tops) == 1:
        return nested[0]
    raise InputError(path, "", f"a zip without {DESCRIPTOR} at its root is not a data package", GIVE)
