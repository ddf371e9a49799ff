"""Downloading a released version: ``gwrdata get NAME[@VERSION]``, verified and cached.

Why it works the way it does:

- A user with only the internet asks for a dataset by name and gets exactly the bytes that were
  released, or nothing. Every file is checked twice: against the SHA-256 the catalog lists for
  it, and against the release's own ``SHA256SUMS``. A file that does not match (altered on the
  server, truncated by a dropped connection) is deleted with the whole partial download and
  reported (``DownloadFailed``, exit 1); it is never left where ``load`` could read it.
- The download, hash checking and cache folder are pooch's (a well-kept library that does
  exactly this for scientific data sets): each file goes to a temporary file first and is moved
  into place only when its hash matches. A version is assembled in a hidden staging folder and
  renamed into place in one step once every file is verified, so the cache holds complete
  versions or nothing.
- A verified version is recorded beside it (``.<name>-<version>.verified.json``: the catalog's
  entry). Asking for it again by version makes no request at all: the files are re-hashed
  locally against that record. Asking for the latest costs one request (the catalog).
- The catalog can be an URL or a local path (a ``dist/`` folder or its ``catalog.json``), so a
  mirror, a copy on a laptop and the public address work the same way.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlparse

from gwrdata.errors import InputError
from gwrdata.read.source import sha256_file
from gwrdata.publish import catalog as catalogs

SUMS = "SHA256SUMS"
LARGE = 1 << 20  # files from 1 MiB up get a progress bar
TIMEOUT = 60  # seconds without a byte before a download is given up


class DownloadFailed(Exception):
    """A file did not arrive intact; the partial download was deleted (the CLI exits 1)."""


@dataclass(frozen=True)
class Fetched:
    name: str
    version: str
    folder: Path
    downloaded: int  # files transferred by this call (0: the verified copy was reused)


def cache_folder() -> Path:
    """Where versions are kept: $GWRDATA_CACHE, else the platform's cache folder (via pooch)."""
    if os.environ.get("GWRDATA_CACHE"):
        return Path(os.environ["GWRDATA_CACHE"])
    import pooch

    return Path(pooch.os_cache("gwrdata"))


def default_catalog(catalog: str | None = None) -> str:
    """The catalog asked for, else $GWRDATA_CATALOG (a mirror), else BASE/catalog.json."""
    return catalog or os.environ.get("GWRDATA_CATALOG") or catalogs.base_url() + catalogs.CATALOG


def parse_spec(spec: str) -> tuple[str, str | None]:
    """'name@1.2.0' -> ('name', '1.2.0'); 'name' or 'name@latest' -> ('name', None)."""
    name, _, version = spec.partition("@")
    if not name:
        raise InputError(spec, "", "no dataset name", "write NAME or NAME@VERSION, e.g. shenyang-gwr-2024@1.0.0")
    return name, (version if version and version != "latest" else None)


def is_spec(text: str) -> bool:
    """True when ``text`` names a dataset (NAME@VERSION) rather than a local path."""
    return "@" in text and not Path(text).exists()


def get(spec: str, catalog: str | None = None, to: str | Path | None = None, progress: bool = False) -> Fetched:
    """Download NAME[@VERSION] (latest by default), verify it and return where it is."""
    name, version = parse_spec(spec)
    parent = Path(to) if to else cache_folder()
    if version is not None:
        cached = _verified(parent, name, version)
        if cached:
            return Fetched(name, version, cached, 0)
    location = default_catalog(catalog)
    listing = read_catalog(location)
    entry = _entry(listing, location, name, version)
    version = entry["version"]
    cached = _verified(parent, name, version, entry)
    if cached:
        return Fetched(name, version, cached, 0)
    return Fetched(name, version, *_download(location, entry, parent, name, version, progress))


def read_catalog(location: str) -> dict:
    """The catalog at an URL or a local path, checked against the catalog's JSON Schema."""
    if _remote(location):
        import requests

        try:
            response = requests.get(location, timeout=TIMEOUT)
            response.raise_for_status()
            text = response.text
        except requests.RequestException as err:
            raise InputError(location, "", f"cannot read the catalog ({type(err).__name__}: {_short(err)})",
                             "check the address (--catalog URL or PATH) and the connection") from None
    else:
        path = _local_catalog(location)
        text = path.read_text(encoding="utf-8")
    try:
        listing = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(location, f"line {err.lineno}", f"not JSON ({err.msg})", "give the address of a gwrdata catalog.json") from None
    catalogs.check(listing, location)
    return listing


def _local_catalog(location: str) -> Path:
    path = Path(location)
    if path.is_dir():
        path = path / catalogs.CATALOG
    if not path.is_file():
        raise InputError(path, "", "no such catalog", "give a catalog URL, a catalog.json or a dist/ folder that holds one (gwrdata catalog writes it)")
    return path


def _entry(listing: dict, location: str, name: str, version: str | None) -> dict:
    datasets = {d["name"]: d for d in listing["datasets"]}
    if name not in datasets:
        known = ", ".join(sorted(datasets)) or "none"
        raise InputError(location, "datasets", f"no dataset named {name!r} (the catalog has: {known})", "ask for one of those names")
    dataset = datasets[name]
    wanted = version or dataset["latest"]
    for entry in dataset["versions"]:
        if entry["version"] == wanted:
            return entry
    known = ", ".join(v["version"] for v in dataset["versions"])
    raise InputError(location, name, f"no version {wanted} (released: {known})", f"ask for one of those, or {name} for the latest")


def _record(parent: Path, name: str, version: str) -> Path:
    return parent / f".{name}-{version}.verified.json"


def _verified(parent: Path, name: str, version: str, entry: dict | None = None) -> Path | None:
    """The cached folder of this version if it was verified and still matches, else None."""
    folder, record = parent / f"{name}-{version}", _record(parent, name, version)
    if not (folder.is_dir() and record.is_file()):
        return None
    try:
        kept = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if entry is not None and kept != entry:
        return None
    for file in kept["files"]:
        path = folder / _inside(kept, file["path"])
        if not path.is_file() or path.stat().st_size != file["bytes"] or sha256_file(path) != file["sha256"]:
            return None
    return folder


def _inside(entry: dict, path: str) -> str:
    """A file's path inside its release folder (the catalog's path starts with the folder)."""
    return path[len(entry["folder"]):] if path.startswith(entry["folder"]) else path


def _download(location: str, entry: dict, parent: Path, name: str, version: str, progress: bool) -> tuple[Path, int]:
    folder, record = parent / f"{name}-{version}", _record(parent, name, version)
    if folder.exists() and not record.exists():
        raise InputError(folder, "", "exists and is not a download verified by gwrdata get",
                         "move it out of the way or choose another --to folder")
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".partial-{name}-{version}-", dir=parent))
    try:
        for file in entry["files"]:
            target = staging / _inside(entry, file["path"])
            target.parent.mkdir(parents=True, exist_ok=True)
            _fetch_file(location, file, target, progress)
        _check_sums(staging, entry)
        if folder.exists():  # a verified copy that no longer verifies: replaced by this one
            record.unlink()
            shutil.rmtree(folder)
        staging.chmod(0o755)  # mkdtemp's folder is private; the version is a plain folder of plain files
        staging.rename(folder)
        staging = None
        record.write_text(json.dumps(entry, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        return folder, len(entry["files"])
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)


def _fetch_file(location: str, file: dict, target: Path, progress: bool) -> None:
    """One file into ``target``, by pooch, refused unless its SHA-256 is the catalog's."""
    import pooch

    known = f"sha256:{file['sha256']}"
    if not _remote(location):
        source = _local_catalog(location).parent / file["path"]
        if not source.is_file():
            raise DownloadFailed(f"{source}: listed in the catalog but missing. Fix: restore the release folder or regenerate the catalog (gwrdata catalog)")
        shutil.copyfile(source, target)
        if pooch.file_hash(str(target)) != file["sha256"]:
            target.unlink()
            raise DownloadFailed(f"{source}: SHA-256 differs from the catalog's; the copy was deleted. Fix: restore the release folder")
        return
    import requests

    url = urljoin(location, file["path"])
    bar = RichBar(file["path"]) if progress and file["bytes"] >= LARGE else False
    pooch.get_logger().setLevel("WARNING")
    try:
        pooch.retrieve(url, known_hash=known, fname=target.name, path=target.parent,
                       downloader=pooch.HTTPDownloader(progressbar=bar, timeout=TIMEOUT))
    except ValueError as err:
        raise DownloadFailed(f"{url}: the file's SHA-256 is not the catalog's {file['sha256']} ({_short(err)}); "
                             "the download was deleted. Fix: try again later or use another mirror (--catalog)") from None
    except requests.RequestException as err:
        raise DownloadFailed(f"{url}: the download failed ({type(err).__name__}: {_short(err)}); nothing was kept. "
                             "Fix: try again, or use another mirror (--catalog)") from None


def _check_sums(folder: Path, entry: dict) -> None:
    """Every line of the release's own SHA256SUMS holds for the downloaded files."""
    sums = folder / SUMS
    if not sums.is_file():
        raise DownloadFailed(f"{entry['folder']}{SUMS}: the release has no {SUMS}. Fix: use a release written by gwrdata release")
    for number, text in enumerate(sums.read_text(encoding="utf-8").splitlines(), start=1):
        digest, _, name = text.partition("  ")
        path = folder / name
        if not path.is_file() or sha256_file(path) != digest:
            raise DownloadFailed(f"{entry['folder']}{SUMS}: line {number}: {name} does not match its checksum; "
                                 "the download was deleted. Fix: the mirror is damaged, use another (--catalog)")



def _remote(location: str) -> bool:
    return urlparse(location).scheme in ("http", "https")


def _short(err: Exception) -> str:
    return " ".join(str(err).split())[:200]


class RichBar:
    """The progress-bar object pooch drives (``total``, ``update``, ``reset``, ``close``), drawn
    by rich on stderr, so large downloads show progress without adding tqdm."""

    def __init__(self, label: str):
        self.label, self.total, self._progress, self._task = label, 0, None, None

    def _start(self):
        from rich.progress import BarColumn, DownloadColumn, Progress, TransferSpeedColumn
        from rich.console import Console

        self._progress = Progress("[progress.description]{task.description}", BarColumn(), DownloadColumn(),
                                  TransferSpeedColumn(), console=Console(file=sys.stderr), transient=True)
        self._progress.start()
        self._task = self._progress.add_task(self.label, total=self.total or None)

    def update(self, amount: int) -> None:
        if self._progress is None:
            self._start()
        self._progress.advance(self._task, amount)

    def reset(self) -> None:
        if self._progress is not None:
            self._progress.reset(self._task, total=self.total or None)

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
