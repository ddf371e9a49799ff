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
  locally against that record. A cached copy that no longer matches its record (a file edited
  or cut short, an unreadable record) is reported in one line and never used.
- Cache first for the latest: which version is the latest of a network catalog is remembered
  (``.latest.json`` in the cache folder) for ``latest_seconds`` of ``data/publishing.yaml``
  (``$GWRDATA_LATEST_SECONDS``), so a repeated "latest" within that time makes no request. When
  the catalog cannot be read at all (no connection, the server down, not a catalog), the
  newest verified version in the cache is used, with one warning naming it, because a stale
  but verified copy is what a user without a connection wants, and the warning says it may be
  stale. ``offline`` never touches the network: the cache answers, or one error says what is
  not cached and the command that fetches it.
- The catalog can be an URL or a local path (a ``dist/`` folder or its ``catalog.json``), so a
  mirror, a copy on a laptop and the public address work the same way.
- A catalog is data anyone can write, so nothing in it is trusted: every name must be a plain
  name and every path goes through ``read.paths.confined`` before anything is read or written;
  every download is bounded in bytes (the catalog's ``bytes`` for a file, ``MAX_CATALOG_BYTES``
  for the catalog), checked while reading, and in time (a deadline per file and one per run, not
  only a timeout per read, which a server sending a byte every few seconds never trips). The
  staging folder of a download that failed or was killed is removed, at once or by the next run.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlparse

from gwrdata.errors import InputError
from gwrdata.package import swap
from gwrdata.read import jsonfile
from gwrdata.read.paths import confined, regular_file, relative_path, slug, version as checked_version
from gwrdata.read.source import sha256_file
from gwrdata.publish import catalog as catalogs

SUMS = "SHA256SUMS"
LARGE = 1 << 20  # files from 1 MiB up get a progress bar
TIMEOUT = 60  # seconds without a byte before a download is given up
MAX_CATALOG_BYTES = 10 * 1024 * 1024  # a catalog of every release ever is well under 1 MB
MAX_REDIRECTS = 5
CHUNK = 1 << 16
PARTIAL = ".partial-"  # the prefix of a download's staging folder
LATEST = ".latest.json"  # in a cache folder: the latest version each network catalog named, and when
# Deadlines in seconds, for one file and for one ``get`` (every file of a version); set by
# $GWRDATA_FILE_DEADLINE and $GWRDATA_RUN_DEADLINE for slow links.
FILE_DEADLINE = 600.0
RUN_DEADLINE = 1800.0


class DownloadFailed(Exception):
    """A file did not arrive intact; the partial download was deleted (the CLI exits 1)."""


class CatalogUnreachable(InputError):
    """The catalog did not arrive (no connection, the server down or refusing): exit 2, unless
    the cache can answer instead."""

    def __init__(self, location: str, cause: str):
        self.cause = cause
        super().__init__(location, "", f"cannot read the catalog ({cause})", "check the address (--catalog URL or PATH) and the connection")


class CacheWarning(UserWarning):
    """The cache answered instead of the catalog, or a cached copy was skipped as unreadable."""


class Deadline:
    """When a download must be over: the earlier of the file's and the run's deadline."""

    def __init__(self, seconds: float | None = None):
        self.at = time.monotonic() + (seconds if seconds is not None else _seconds("GWRDATA_RUN_DEADLINE", RUN_DEADLINE))

    def for_file(self) -> float:
        return min(self.at, time.monotonic() + _seconds("GWRDATA_FILE_DEADLINE", FILE_DEADLINE))


def _seconds(variable: str, default: float) -> float:
    text = os.environ.get(variable, "")
    try:
        value = float(text) if text else default
    except ValueError:
        raise InputError(f"${variable}", "", f"{text!r} is not a number of seconds", f"set {variable} to a number such as 600") from None
    if not value > 0:
        raise InputError(f"${variable}", "", f"{text!r} is not a positive number of seconds", f"set {variable} to a number such as 600")
    return value


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
    slug(name, spec, "name")
    version = version if version and version != "latest" else None
    return name, (checked_version(version, spec, "version") if version is not None else None)


def is_spec(text: str) -> bool:
    """True when ``text`` names a dataset (NAME@VERSION) rather than a local path."""
    return "@" in text and not Path(text).exists()


def get(spec: str, catalog: str | None = None, to: str | Path | None = None, progress: bool = False,
        offline: bool = False, report: Callable[[str], None] | None = None) -> Fetched:
    """Download NAME[@VERSION] (latest by default), verify it and return where it is.

    ``offline``: use only the cache (no request of any kind). ``report`` receives the one-line
    notices (the cache used instead of an unreadable catalog, a cached copy skipped); by
    default they are ``CacheWarning`` warnings.
    """
    name, version = parse_spec(spec)
    parent = Path(to) if to else cache_folder()
    report = _once(report or _warn)
    if version is not None:
        cached = _cached(parent, name, version, report)
        if cached:
            return Fetched(name, version, cached, 0)
    if offline:
        found = _newest_cached(parent, name, report) if version is None else None
        if found is None:
            what = f"{name} {version} is not" if version else f"no version of {name} is"
            again = " ".join([f"gwrdata get {spec}", *([f"--to {to}"] if to else []), *([f"--catalog {catalog}"] if catalog else [])])
            raise InputError(parent, "", f"{what} in this cache, and offline use makes no download",
                             f"fetch it once while connected: {again}")
        return Fetched(name, found[0], found[1], 0)
    location = default_catalog(catalog)
    if version is None:
        remembered = _remembered_latest(parent, location, name, report)
        if remembered:
            return Fetched(name, remembered[0], remembered[1], 0)
    deadline = Deadline()
    try:
        listing = read_catalog(location, deadline)
    except InputError as err:
        found = _newest_cached(parent, name, report) if version is None else None
        if found is None:
            raise
        report(f"the catalog {location} could not be read ({getattr(err, 'cause', err.problem)}); using {name} {found[0]} "
               f"from the cache ({found[1]}), the newest version there, which may not be the latest")
        return Fetched(name, found[0], found[1], 0)
    entry = _entry(listing, location, name, version)
    latest, version = version is None, entry["version"]
    cached = _cached(parent, name, version, report, entry)
    fetched = Fetched(name, version, cached, 0) if cached else \
        Fetched(name, version, *_download(location, entry, parent, name, version, progress, deadline))
    if latest:
        _remember_latest(parent, location, name, version, report)
    return fetched


def _warn(text: str) -> None:
    """A ``CacheWarning`` attributed to the first caller outside gwrdata (the user's line)."""
    level, frame = 1, sys._getframe(0)
    while frame is not None and str(frame.f_globals.get("__name__", "")).startswith("gwrdata."):
        level, frame = level + 1, frame.f_back
    warnings.warn(text, CacheWarning, stacklevel=level)


def _once(report: Callable[[str], None]) -> Callable[[str], None]:
    """``report``, saying each notice once per call of ``get`` (a cached copy is checked before
    and after the catalog is read)."""
    said: set[str] = set()

    def once(text: str) -> None:
        if text not in said:
            said.add(text)
            report(text)

    return once


def latest_seconds() -> float:
    """How long a latest version read from a network catalog is trusted: $GWRDATA_LATEST_SECONDS,
    else ``latest_seconds`` of data/publishing.yaml (0: ask every time)."""
    text = os.environ.get("GWRDATA_LATEST_SECONDS", "")
    fix = "set GWRDATA_LATEST_SECONDS to a number of seconds such as 600, or 0 to ask the catalog every time"
    try:
        value = float(text) if text else float(catalogs.publishing()["latest_seconds"])
    except ValueError:
        raise InputError("$GWRDATA_LATEST_SECONDS", "", f"{text!r} is not a number of seconds", fix) from None
    if not (math.isfinite(value) and value >= 0):
        raise InputError("$GWRDATA_LATEST_SECONDS", "", f"{text!r} is not a number of seconds from 0 up", fix)
    return value


def _remembered_latest(parent: Path, location: str, name: str, report) -> tuple[str, Path] | None:
    """The latest version ``location`` named less than ``latest_seconds()`` ago, if it is still
    cached and verifies; None otherwise (the catalog is then asked). Only network catalogs are
    remembered: a local one costs no request and is always current."""
    if not _remote(location):
        return None
    seconds = latest_seconds()
    if seconds == 0:
        return None
    known = _read_latest(parent, report).get(location, {}).get(name)
    try:
        version, when = checked_version(known["version"], parent / LATEST, location), float(known["checked"])
    except (InputError, KeyError, TypeError, ValueError):
        return None
    if not 0 <= time.time() - when < seconds:
        return None
    folder = _cached(parent, name, version, report)
    return (version, folder) if folder else None


def _read_latest(parent: Path, report) -> dict:
    """The remembered latest versions by catalog and name; an unreadable file is reported and
    treated as empty (it is rewritten by the next successful look at the catalog)."""
    path = parent / LATEST
    if not path.exists():
        return {}
    try:
        regular_file(path, max_bytes=MAX_CATALOG_BYTES)
        kept = json.loads(path.read_text(encoding="utf-8"))
        if not (isinstance(kept, dict) and all(isinstance(v, dict) and all(isinstance(e, dict) for e in v.values())
                                               for v in kept.values())):
            raise ValueError("not a table of catalogs, names and versions")
        return kept
    except (InputError, OSError, ValueError, RecursionError) as err:
        report(f"{path}: unreadable, ignored ({type(err).__name__}: {_short(getattr(err, 'message', err))}); the catalog is asked")
        return {}


def _remember_latest(parent: Path, location: str, name: str, version: str, report) -> None:
    """Record that ``location`` named ``version`` as the latest of ``name`` now (a network catalog
    only), in one step: a temporary file renamed over the old one."""
    if not _remote(location) or latest_seconds() == 0:
        return
    kept = _read_latest(parent, lambda text: None)
    kept.setdefault(location, {})[name] = {"version": version, "checked": time.time()}
    handle, temporary = tempfile.mkstemp(prefix=".latest-", dir=parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(json.dumps(kept, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
        os.chmod(temporary, 0o644)
        os.replace(temporary, parent / LATEST)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _newest_cached(parent: Path, name: str, report) -> tuple[str, Path] | None:
    """(version, folder) of the newest version of ``name`` in the cache that still verifies
    against its record; each newer one that does not is reported and passed over."""
    pattern = re.compile(rf"^\.{re.escape(name)}-(\d+\.\d+\.\d+)\.verified\.json$")
    found = [m[1] for p in (parent.iterdir() if parent.is_dir() else []) if (m := pattern.match(p.name))]
    for version in sorted(found, key=catalogs.version_key, reverse=True):
        folder = _cached(parent, name, version, report)
        if folder:
            return version, folder
    return None


def read_catalog(location: str, deadline: Deadline | None = None) -> dict:
    """The catalog at an URL or a local path, checked against the catalog's JSON Schema."""
    if _remote(location):
        import requests

        buffer = bytearray()
        try:
            _stream(location, MAX_CATALOG_BYTES, (deadline or Deadline()).for_file(), buffer.extend, "the catalog")
        except (requests.RequestException, DownloadFailed) as err:
            raise CatalogUnreachable(location, f"{type(err).__name__}: {_short(err)}") from None
        data = bytes(buffer)
    else:
        path = _local_catalog(location)
        regular_file(path, max_bytes=MAX_CATALOG_BYTES)
        data = path.read_bytes()
    listing = jsonfile.parse(data, location, "a catalog", "give the address of a gwrdata catalog.json")
    try:
        catalogs.check(listing, location)
    except RecursionError:
        raise InputError(location, "", "nested too deeply to be a catalog", "give the address of a gwrdata catalog.json") from None
    _check_entries(listing, location)
    return listing


def _check_entries(listing: dict, location: str) -> None:
    """What the schema cannot say: names and versions are plain, every path stays in its release
    folder (the one confinement rule), and the folder is named after the name and version."""
    for d, dataset in enumerate(listing["datasets"]):
        slug(dataset["name"], location, f"datasets[{d}].name")
        for v, entry in enumerate(dataset["versions"]):
            where = f"datasets[{d}].versions[{v}]"
            checked_version(entry["version"], location, f"{where}.version")
            folder = entry["folder"]
            if folder != f"{dataset['name']}-{entry['version']}/":
                raise InputError(location, f"{where}.folder", f"{folder!r} is not the folder {dataset['name']}-{entry['version']}/",
                                 "give a catalog.json written by gwrdata catalog")
            for f, file in enumerate(entry["files"]):
                path = file["path"]
                if not path.startswith(folder):
                    raise InputError(location, f"{where}.files[{f}].path", f"{path!r} is outside the release folder {folder}",
                                     "give a catalog.json written by gwrdata catalog")
                confined(Path("/") / "release", path[len(folder):], location, f"{where}.files[{f}].path")


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


def _cached(parent: Path, name: str, version: str, report, entry: dict | None = None) -> Path | None:
    """The cached folder of this version if it verifies; a copy that is there but does not is
    reported (and so never loaded: it is downloaded again, or another version is used)."""
    folder, problem = _verified(parent, name, version, entry)
    if problem:
        report(f"{parent / f'{name}-{version}'}: the cached {name} {version} is not used: {problem}")
    return folder


def _verified(parent: Path, name: str, version: str, entry: dict | None = None) -> tuple[Path | None, str]:
    """(the cached folder of this version, "") if it was verified and still matches; (None, "")
    when it is not cached; (None, what is wrong) when a copy is there but its record is
    unreadable or a file was altered, so it is not trusted."""
    folder, record = parent / f"{name}-{version}", _record(parent, name, version)
    if not (folder.is_dir() and record.is_file()):
        return None, ""
    try:
        regular_file(record, max_bytes=MAX_CATALOG_BYTES)
        kept = json.loads(record.read_text(encoding="utf-8"))
        if kept.get("version") != version or kept.get("folder") != f"{name}-{version}/" or not kept["files"]:
            raise ValueError(f"not the record of {name} {version}")
        if entry is not None and kept != entry:
            return None, f"its record {record.name} differs from the catalog's entry"
        for file in kept["files"]:
            # The textual half of the rule is enough here: a file is only hashed, never written,
            # and a symlink's bytes must still be the released ones.
            inside = _inside(kept, file["path"])
            path = folder / relative_path(inside, record, "files")
            if not path.is_file():
                return None, f"{inside} is missing"
            if path.stat().st_size != file["bytes"] or sha256_file(path) != file["sha256"]:
                return None, f"{inside} does not match the SHA-256 it was downloaded with"
    except (InputError, OSError, ValueError, RecursionError, KeyError, TypeError, AttributeError) as err:
        return None, f"its record {record.name} is unreadable ({type(err).__name__}: {_short(getattr(err, 'message', err))})"
    return folder, ""


def _inside(entry: dict, path: str) -> str:
    """A file's path inside its release folder (the catalog's path starts with the folder)."""
    return path[len(entry["folder"]):] if path.startswith(entry["folder"]) else path


def _download(location: str, entry: dict, parent: Path, name: str, version: str, progress: bool,
              deadline: Deadline) -> tuple[Path, int]:
    folder, record = parent / f"{name}-{version}", _record(parent, name, version)
    if folder.exists() and not record.exists():
        raise InputError(folder, "", "exists and is not a download verified by gwrdata get",
                         "move it out of the way or choose another --to folder")
    # One get at a time per cache folder: the staging folders a killed run left (ours by their
    # prefix) are removed, and no run removes another's.
    with swap.locked(parent):
        swap.remove_stale(parent, PARTIAL)
        staging = Path(tempfile.mkdtemp(prefix=f"{PARTIAL}{name}-{version}-", dir=parent))
        try:
            for index, file in enumerate(entry["files"]):
                target = confined(staging, _inside(entry, file["path"]), location, f"{name} {version}: files[{index}].path")
                target.parent.mkdir(parents=True, exist_ok=True)
                _fetch_file(location, file, target, progress, deadline)
            _check_sums(staging, entry)
            if folder.exists():  # a verified copy that no longer verifies: replaced by this one
                _remove_download(folder, record)
            staging.chmod(0o755)  # mkdtemp's folder is private; the version is a plain folder of plain files
            staging.rename(folder)
            staging = None
            record.write_text(json.dumps(entry, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            return folder, len(entry["files"])
        finally:
            if staging is not None:
                shutil.rmtree(staging, ignore_errors=True)


def _remove_download(folder: Path, record: Path) -> None:
    """Remove a cached version gwrdata downloaded, only if it holds nothing but the files its
    record lists (a file a user put there is never deleted)."""
    try:
        kept = json.loads(record.read_text(encoding="utf-8"))
        listed = {confined(folder, _inside(kept, f["path"]), record, "files") for f in kept["files"]}
    except (InputError, OSError, ValueError, RecursionError, KeyError, TypeError, AttributeError):
        listed = set()
    other = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if not p.is_dir() and p.resolve() not in listed)
    if other:
        raise InputError(folder, "", f"no longer matches its download and holds files gwrdata did not download ({', '.join(other[:3])})",
                         "move those files elsewhere, or remove the folder yourself")
    record.unlink()
    shutil.rmtree(folder)


def _fetch_file(location: str, file: dict, target: Path, progress: bool, deadline: Deadline) -> None:
    """One file into ``target``, by pooch, refused unless its SHA-256 is the catalog's."""
    import pooch

    known = f"sha256:{file['sha256']}"
    if not _remote(location):
        root = _local_catalog(location).parent
        source = confined(root, file["path"], location, "files")
        if not source.is_file():
            raise DownloadFailed(f"{source}: listed in the catalog but missing. Fix: restore the release folder or regenerate the catalog (gwrdata catalog)")
        if source.stat().st_size != file["bytes"]:
            raise DownloadFailed(f"{source}: {source.stat().st_size} bytes, the catalog says {file['bytes']}; nothing was copied. "
                                 "Fix: restore the release folder")
        shutil.copyfile(source, target)
        if pooch.file_hash(str(target)) != file["sha256"]:
            target.unlink()
            raise DownloadFailed(f"{source}: SHA-256 differs from the catalog's; the copy was deleted. Fix: restore the release folder")
        return
    import requests

    url = urljoin(location, file["path"])
    bar = RichBar(file["path"]) if progress and file["bytes"] >= LARGE else None
    pooch.get_logger().setLevel("WARNING")
    try:
        pooch.retrieve(url, known_hash=known, fname=target.name, path=target.parent,
                       downloader=BoundedDownloader(file["bytes"], deadline.for_file(), bar))
    except DownloadFailed as err:
        raise DownloadFailed(f"{url}: {err}; nothing was kept. Fix: try again later, or use another mirror (--catalog)") from None
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
    try:
        lines = sums.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        raise DownloadFailed(f"{entry['folder']}{SUMS}: not UTF-8 text. Fix: the mirror is damaged, use another (--catalog)") from None
    for number, text in enumerate(lines, start=1):
        digest, _, name = text.partition("  ")
        try:
            path = confined(folder, name, f"{entry['folder']}{SUMS}", f"line {number}")
        except InputError as err:
            raise DownloadFailed(f"{err.message}; the download was deleted") from None
        if not path.is_file() or sha256_file(path) != digest:
            raise DownloadFailed(f"{entry['folder']}{SUMS}: line {number}: {name} does not match its checksum; "
                                 "the download was deleted. Fix: the mirror is damaged, use another (--catalog)")



class BoundedDownloader:
    """pooch's downloader, bounded: at most ``limit`` bytes (more is refused while reading, not
    after), and over by ``deadline`` (a ``time.monotonic`` time) whatever the server's pace."""

    def __init__(self, limit: int, deadline: float, bar=None):
        self.limit, self.deadline, self.bar = limit, deadline, bar

    def __call__(self, url: str, output_file, pooch=None, check_only: bool = False):
        with open(output_file, "wb") as handle:
            if self.bar is not None:
                self.bar.total = self.limit
            _stream(url, self.limit, self.deadline, handle.write, "the file", self.bar)
        if self.bar is not None:
            self.bar.close()


def _stream(url: str, limit: int, deadline: float, write, what: str, bar=None) -> int:
    """GET ``url`` and hand its body to ``write`` chunk by chunk; DownloadFailed past ``limit``
    bytes or past ``deadline``. Each read waits at most the time left (and TIMEOUT), and returns
    what has arrived (``read1``), so the deadline holds against a server that trickles."""
    import requests
    import urllib3

    left = deadline - time.monotonic()
    if left <= 0:
        raise DownloadFailed(f"{what} was not started before the deadline")
    session = requests.Session()
    session.max_redirects = MAX_REDIRECTS
    with session, session.get(url, stream=True, timeout=(min(TIMEOUT, left), min(TIMEOUT, left)),
                              headers={"Accept-Encoding": "identity"}) as response:
        response.raise_for_status()
        if response.headers.get("Content-Encoding", "identity").lower() not in ("identity", ""):
            raise DownloadFailed(f"the server sent {what} encoded as {response.headers['Content-Encoding']!r}, not as released")
        stated = response.headers.get("Content-Length", "")
        if stated.isdigit() and int(stated) > limit:
            raise DownloadFailed(f"the server offers {int(stated)} bytes for {what}, over the {limit} bytes expected")
        received = 0
        while True:
            if time.monotonic() > deadline:
                raise DownloadFailed(f"{what} did not arrive before its deadline ({received} bytes in; "
                                     "$GWRDATA_FILE_DEADLINE and $GWRDATA_RUN_DEADLINE set the seconds allowed)")
            try:
                chunk = response.raw.read1(CHUNK, decode_content=False)
            except (urllib3.exceptions.HTTPError, OSError) as err:
                raise DownloadFailed(f"the connection broke after {received} bytes of {what} ({type(err).__name__})") from None
            if not chunk:
                return received
            received += len(chunk)
            if received > limit:
                raise DownloadFailed(f"the server sent more than the {limit} bytes expected for {what}")
            write(chunk)
            if bar is not None:
                bar.update(len(chunk))


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
