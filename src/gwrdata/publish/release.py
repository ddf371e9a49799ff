"""Releases: versioned, immutable, byte-reproducible bundles in ``dist/<name>-<V>/``.

Why the rules are what they are:

- Users download a version, cite it and expect it never to change under them. So a released
  version is immutable: releasing V again with identical content is a no-op (reported), and with
  different content it is refused with the fix (bump the version). Identical means identical
  bytes, which the determinism of the workbook and the zip makes a meaningful test.
- Nobody should ship data that fails its own checks: the package is validated before anything
  is written, and an invalid package stops the release with the report (``ReleaseRefused``).
- No partial output: everything is written into a hidden staging folder inside ``dist/`` and
  renamed into place in one step, so ``dist/`` holds complete releases or nothing new — also when
  any step fails or the process is interrupted (a left-over ``.release-*`` folder is never a
  release, and the next release removes it). One release at a time writes into a ``dist/``: a
  second one is refused while the first holds the folder's lock.
- A previous release is trusted only when its manifest, SHA256SUMS, files and descriptor agree:
  its descriptor decides the next version number and the diff.
- Version numbers say what changed (Data Package Version): a schema change is major, rows added
  or removed are minor, corrected values or metadata are a patch. The next version is proposed
  from the diff against the latest release, so the number is a fact about the data, not a whim.
- The release's date is the data's ``created`` date, never the clock: that is what lets a test
  rebuild the committed release and compare bytes.

A release folder holds ``<name>-<V>.xlsx``, ``<name>-<V>-csv.zip``, ``RELEASE-NOTES.md``,
``manifest.json`` and ``SHA256SUMS`` (``sha256sum -c SHA256SUMS`` from inside the folder).
Every release (and a release found unchanged) regenerates ``dist/catalog.json`` (see catalog).
"""

from __future__ import annotations

import contextlib
import dataclasses
from functools import partial
import hashlib
import json
import re
import shutil
import tempfile
from pathlib import Path

from gwrdata import __version__
from gwrdata.publish import bundle, catalog, citation, coverage, diff as diffs, panel_page, state, wide, workbook as xlsx
from gwrdata.errors import InputError
from gwrdata.package import swap
from gwrdata.package.build import row_count
from gwrdata.package.recipe import Recipe
from gwrdata.read.paths import inside
from gwrdata.publish.site import write_site

MANIFEST = "manifest.json"
APART_BYTES = 16 << 20  # a package with this much data is validated in a process of its own (_validate)
NOTES = "RELEASE-NOTES.md"
SUMS = "SHA256SUMS"
VERSION = re.compile(r"^([0-9]+)\.([0-9]+)\.([0-9]+)$")


class ReleaseRefused(Exception):
    """The package failed validation: nothing was released (the CLI exits 1)."""

    def __init__(self, report, package: str):
        self.report = report
        failed = sum(1 for check in report.to_dict()["checks"] if check["failed"])
        super().__init__(f"{package}: validation failed ({failed} checks failed); nothing was written to dist/. "
                         "Fix: correct the data or the recipe, then release again")


def releases(dist: Path, name: str) -> dict[tuple[int, int, int], Path]:
    """The complete releases of ``name`` in ``dist``, by version; each one ``trusted``."""
    found = {}
    if not dist.is_dir():
        return found
    for folder in dist.iterdir():
        prefix = f"{name}-"
        if folder.is_dir() and folder.name.startswith(prefix) and (folder / MANIFEST).is_file():
            match = VERSION.match(folder.name[len(prefix):])
            if match:
                trusted(folder, name, folder.name[len(prefix):])
                found[tuple(int(g) for g in match.groups())] = folder
    return dict(sorted(found.items()))


def trusted(folder: Path, name: str, version: str) -> None:
    """Refuse a release folder whose manifest, SHA256SUMS, files and descriptor disagree.

    A folder with any manifest.json would otherwise be taken as the previous release and its
    descriptor (which may point anywhere) read for the diff and the version number.
    """
    def refuse(where: str, problem: str) -> InputError:
        return InputError(folder / where, "", problem, "this is not a release gwrdata wrote: move the folder out of the releases folder")

    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        sums = (folder / SUMS).read_text(encoding="utf-8").splitlines()
    except (OSError, ValueError) as err:
        raise refuse(MANIFEST, f"unreadable manifest or {SUMS} ({err})") from None
    if not isinstance(manifest, dict) or manifest.get("name") != name or manifest.get("version") != version:
        raise refuse(MANIFEST, f"does not name release {name} {version}")
    listed = {}
    for line in sums:
        digest, _, file = line.partition("  ")
        listed[file] = digest
    files = manifest.get("files")
    if not isinstance(files, list) or any(not isinstance(f, dict) or listed.get(f.get("name")) != f.get("sha256") for f in files):
        raise refuse(MANIFEST, f"its file list does not agree with {SUMS}")
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() or p.is_symlink()}
    if set(listed) != present - {SUMS}:
        raise refuse(SUMS, "does not list exactly the files of the folder")
    for file, digest in listed.items():
        path = folder / file
        if path.is_symlink() or not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            raise refuse(file, f"its SHA-256 differs from {SUMS}")
    bundle_path = folder / f"{name}-{version}-csv.zip"
    snapshot = diffs.load(bundle_path)
    if snapshot.descriptor.get("name") != name or snapshot.descriptor.get("version") != version:
        raise refuse(bundle_path.name, "its datapackage.json names another release")


def release(recipe: Recipe, dist: Path, version: str | None = None, validator=None) -> dict:
    """Build, validate and bundle ``recipe`` as ``dist/<name>-<version>/``; return what was done.

    ``version`` None proposes one from the diff against the latest release (the recipe's
    version for a first release). Raises ``ReleaseRefused`` when validation fails and
    ``InputError`` when the version is not acceptable; ``dist`` is then left as it was.
    ``validator``: a gwrdata.checks.validate.Validator shared by many releases (its set-up is
    paid once); by default each release validates on its own.
    """
    dist = Path(dist)
    created = not dist.exists()
    try:
        with swap.locked(dist, wait=False):
            swap.remove_stale(dist, ".release-")
            return _release(recipe, dist, version, validator)
    except BlockingIOError:
        raise InputError(dist, "", "another release is being written into this folder right now",
                         "wait for it to finish, then release again") from None
    finally:
        if created and dist.is_dir() and not any(dist.iterdir()):
            dist.rmdir()


def _release(recipe: Recipe, dist: Path, version: str | None, validator=None) -> dict:
    existing = releases(dist, recipe.name)
    latest = max(existing) if existing else None
    if version is not None:
        diffs.parse_version(version)
    key = state.fingerprint(recipe)
    if version is None and latest and state.unchanged(dist, recipe.name, key, existing[latest]):
        catalog.write_catalog(dist)
        return _kept(recipe, existing[latest])
    result = _release_built(recipe, dist, version, existing, latest, validator)
    state.remember(dist, recipe.name, key, Path(result["folder"]))
    return result


def _kept(recipe: Recipe, folder: Path) -> dict:
    """The outcome of a release whose inputs are those of the latest release (publish/state.py)."""
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    return {
        "name": recipe.name, "version": manifest["version"], "proposed": manifest["version"], "folder": str(folder),
        "change": "none", "diff": "", "files": manifest["files"], "valid": True, "warnings": [],
        "status": "unchanged",
        "message": f"{folder} was made from these very inputs (toolkit, recipe and sources unchanged): nothing to do",
    }


def _release_built(recipe: Recipe, dist: Path, version: str | None, existing: dict, latest, validator=None) -> dict:
    from gwrdata.package.build import build

    # Every temporary folder of a release is a .release-* folder of dist/: the next run removes
    # what a killed one left, and nothing is written anywhere else.
    with tempfile.TemporaryDirectory(prefix=".release-", dir=dist) as tmp:
        package = Path(tmp) / "package"
        build(recipe, package)
        change = diffs.diff(existing[latest], package) if latest else None
        proposed = _proposal(recipe, latest, change)
        # The diff against the latest release is computed once: the attempts below reuse it
        # when that release is the one they compare with (a corpus's diff takes most of a minute).
        known = {existing[latest]: change} if latest else {}
        if version is None and latest and diffs.parse_version(proposed) == latest:
            # Same data as the latest release: the same version if the files are the same too,
            # else (a new workbook layout, say) a patch.
            outcome = _attempt(recipe, dist, existing, package, proposed, proposed, validator=validator, known=known)
            if outcome is not None:
                return outcome
            proposed = diffs.next_version(proposed, "patch")
        return _attempt(recipe, dist, existing, package, version or proposed, proposed, strict=True, validator=validator,
                        known=known)


def _attempt(recipe: Recipe, dist: Path, existing: dict, package: Path, chosen: str, proposed: str, strict: bool = False,
             validator=None, known: dict | None = None):
    """Release ``package`` as ``chosen``; None when ``chosen`` exists with other bytes and not ``strict``.

    ``known``: diffs of ``package`` already computed, by the release folder they compare it with.
    """
    key = diffs.parse_version(chosen)
    latest = max(existing) if existing else None
    if latest and key < latest and key not in existing:
        raise InputError(dist / f"{recipe.name}-{_text(latest)}", "", f"version {chosen} is older than the latest release {_text(latest)}",
                         f"release a newer version (proposed: {proposed})")
    previous_key = max((k for k in existing if k < key), default=None)
    previous = existing.get(previous_key) if previous_key else None
    _stamp(package, chosen)
    change = _diff(previous, package, known or {}) if previous else None
    _give_back_memory()  # what the build and the diff left in the pools, before validation starts beside it
    report = _validate(package, validator, recipe.corpus_root)
    _give_back_memory()  # what the build and any in-process validation left in the pools
    if not report.valid:
        raise ReleaseRefused(report, str(recipe.folder))
    target = dist / f"{recipe.name}-{chosen}"
    inside(target, dist, recipe.folder / "recipe.yaml", "name")
    if target.exists() and key not in existing:
        raise InputError(target, "", "exists but is not a complete release (no manifest.json)",
                         "move it out of the way, or release another version")
    staging = Path(tempfile.mkdtemp(prefix=".release-", dir=dist))
    try:
        files = _write(package, staging, report, change, previous)
        result = _result(recipe, chosen, proposed, change, files, target, report)
        if key in existing:
            same = _same_files(staging, target)
            if same is True:
                catalog.write_catalog(dist)
                return dict(result, status="unchanged", message=f"{target} already holds exactly this release: nothing to do")
            if not strict:
                return None
            fix = proposed if diffs.parse_version(proposed) not in existing else diffs.next_version(_text(max(existing)), "patch")
            data = _diff(target, package, known or {})
            what = f"data: {data.summary()}" if not data.empty else f"same data, {same}"
            raise InputError(target, "", f"version {chosen} is already released and this build differs from it ({what})",
                             f"a released version never changes: bump the version (gwrdata release --version {fix})")
        staging.rename(target)
        staging = None
        catalog.write_catalog(dist)
        return dict(result, status="released", message=f"released {target}")
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)


def _diff(previous: Path, package: Path, known: dict):
    """The diff of ``package`` against the release in ``previous``: the one in ``known`` when
    there is one, named for the package as it is now. Stamping the version changes only what
    the diff ignores (version, id, homepage), so the rows, schemas and metadata compared are the
    same; only the label of the new side follows the version."""
    if previous not in known:
        return diffs.diff(previous, package)
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    return dataclasses.replace(known[previous], new=diffs.label(descriptor, package))


def _proposal(recipe: Recipe, latest, change) -> str:
    if latest is None:
        return recipe.version
    return diffs.next_version(_text(latest), change.bump if change else None)


def _text(key: tuple[int, int, int]) -> str:
    return ".".join(map(str, key))


def _stamp(package: Path, version: str) -> None:
    """Write the release's version into the descriptor (the recipe's is only the first), and its
    public addresses: ``id`` the release folder at the base URL, ``homepage`` its data page
    (catalog.release_address), so a downloaded package says where it was published."""
    path = package / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    address = catalog.release_address(descriptor["name"], version)
    stamped = {}
    for key, value in descriptor.items():
        if key in ("id", "homepage"):
            continue
        stamped[key] = version if key == "version" else value
        if key == "name":
            stamped.update(id=address, homepage=f"{address}{descriptor['name']}-{version}-site/index.html")
    if stamped != descriptor or list(stamped) != list(descriptor):
        path.write_text(json.dumps(stamped, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _give_back_memory() -> None:
    """Hand the memory validation freed back to the system before the workbook is written (the
    allocators' pools keep it otherwise); where a call does not exist, nothing happens."""
    import ctypes
    import ctypes.util
    import gc

    gc.collect()
    try:
        import pyarrow

        pyarrow.default_memory_pool().release_unused()
    except ImportError:
        pass
    libc = ctypes.util.find_library("c")
    if libc:
        try:
            ctypes.CDLL(libc).malloc_trim(0)
        except (OSError, AttributeError):
            pass


def _validate_apart(package: str, sources: str | None):
    """Validate in a process of its own (see _validate): the report is all that comes back."""
    from gwrdata.checks.validate import validate_package

    with contextlib.chdir(package):
        return validate_package(Path("datapackage.json"), sources=Path(sources) if sources else None)


def _validate(package: Path, validator=None, sources: Path | None = None):
    """Validate with the package folder as working directory, so the report names the package
    as ``datapackage.json`` (its place in the bundle) and not a temporary path; a corpus panel
    with its texts (``sources``, the corpus root)."""
    from gwrdata.checks.validate import validate_package

    if validator is None and _data_bytes(package) >= APART_BYTES:
        # A corpus: validating it takes most of a gigabyte, which the allocators would keep for
        # the rest of the release (the workbook grows on top of it); in a process of its own,
        # it is all returned when the report comes back.
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
            return pool.submit(_validate_apart, str(package), str(sources) if sources else None).result()
    with contextlib.chdir(package):
        if validator:
            return validator.validate(Path("datapackage.json"), sources)
        return validate_package(Path("datapackage.json"), sources=sources)


def _data_bytes(package: Path) -> int:
    return sum(p.stat().st_size for p in (package / "data").iterdir() if p.is_file()) if (package / "data").is_dir() else 0


def _write(package: Path, folder: Path, report, change, previous: Path | None) -> list[dict]:
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    version = descriptor["version"]
    stem = f"{descriptor['name']}-{version}"
    counts = {r["name"]: row_count(package / r["path"]) for r in descriptor["resources"] if "schema" in r}
    validation = report.to_dict()
    validation.pop("timings", None)
    panel = descriptor.get("gwrdata", {}).get("profile") == "panel"
    if panel:
        # A panel: a wide government × year sheet per headline indicator first; its figures stay in the Parquet file.
        xlsx.write_workbook(package, folder / f"{stem}.xlsx", validation,
                            sheets=wide.indicator_sheets(package), skip=("figures",))
    else:
        xlsx.write_workbook(package, folder / f"{stem}.xlsx", validation)
    with tempfile.TemporaryDirectory(prefix=".release-", dir=folder.parent) as tmp:
        report.write(Path(tmp))
        extra = {
            "README.md": bundle.readme(descriptor, counts, report.valid).encode("utf-8"),
            "LICENSE": citation.license_text(descriptor).encode("utf-8"),
            "CITATION.cff": citation.citation_cff(descriptor, version).encode("utf-8"),
            "validation.json": (Path(tmp) / "validation.json").read_bytes(),
            "validation.html": (Path(tmp) / "validation.html").read_bytes(),
        }
    zip_name = bundle.bundle_name(descriptor, version)
    # The data page: once beside the downloads (linking to them), once inside the zip (linking
    # to the report and citation that travel with it). A panel's reports travel as sources/.
    site_name = f"{stem}-site"
    texts = sorted((package / "sources").iterdir()) if panel and (package / "sources").is_dir() else []
    for path in texts:
        extra[f"sources/{path.name}"] = path.read_bytes()
    write = partial(panel_page.write_site, sources="../sources/") if panel else write_site
    with tempfile.TemporaryDirectory(prefix=".release-", dir=folder.parent) as tmp:
        inner = Path(tmp) / "site"
        write(package, inner, {"validation": "../validation.html", "citation": "../CITATION.cff"})
        # Every file of the page, its data/ folder too (a panel page loads one file per indicator).
        for path in sorted(inner.rglob("*")):
            if path.is_file():
                extra[f"site/{path.relative_to(inner).as_posix()}"] = path.read_bytes()
    bundle.write_bundle(package, extra, folder / zip_name)
    write = partial(panel_page.write_site, sources="sources/") if panel else write_site
    write(package, folder / site_name, {"xlsx": f"../{stem}.xlsx", "csv_zip": f"../{zip_name}", "sha256sums": "../SHA256SUMS",
                                        "validation": "validation.html", "citation": "CITATION.cff"})
    if texts:
        (folder / site_name / "sources").mkdir()
        for path in texts:
            shutil.copyfile(path, folder / site_name / "sources" / path.name)
    (folder / site_name / "validation.html").write_bytes(extra["validation.html"])
    (folder / site_name / "CITATION.cff").write_bytes(extra["CITATION.cff"])
    files = [_entry(folder / f"{stem}.xlsx"), _entry(folder / zip_name)]
    files += [_entry(path, folder) for path in sorted((folder / site_name).rglob("*")) if path.is_file()]
    covered = coverage.table(package)
    covered += ["", *coverage.without_targets(package)] if covered else []
    second = coverage.second_source(package)
    covered += ["", *second] if covered and second else []
    notes = release_notes(descriptor, files, change, previous, validation, counts, covered)
    (folder / NOTES).write_text(notes, encoding="utf-8")
    files.append(_entry(folder / NOTES))
    source = citation.source_meta(descriptor)
    manifest = {
        "name": descriptor["name"],
        "title": descriptor["title"],
        "version": version,
        "date": citation.release_date(descriptor),
        "created": descriptor["created"],
        "previous": previous and json.loads((previous / MANIFEST).read_text(encoding="utf-8"))["version"],
        "change": change.bump if change else "first release",
        "toolkit": f"gwrdata {__version__}",
        "source": {"path": source["path"], "sha256": source["sha256"]},
        "licenses": [lic["name"] for lic in descriptor.get("licenses", [])],
        "rows": counts,
        "validation": {"valid": validation["valid"],
                       "checks": len(validation["checks"]),
                       "failed": sum(1 for c in validation["checks"] if c["failed"])},
        "files": files,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    files.append(_entry(folder / MANIFEST))
    (folder / SUMS).write_text("".join(f"{f['sha256']}  {f['name']}\n" for f in sorted(files, key=lambda f: f["name"])),
                               encoding="utf-8")
    for path in folder.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    folder.chmod(0o755)
    return files


def _entry(path: Path, folder: Path | None = None) -> dict:
    """A file of the release: its name relative to the release folder, size and SHA-256."""
    name = path.relative_to(folder).as_posix() if folder else path.name
    return {"name": name, "bytes": path.stat().st_size, "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}


def _same_files(staging: Path, target: Path):
    """True when both folders hold the same files with the same bytes, else what differs."""
    a = {p.relative_to(staging).as_posix(): p.read_bytes() for p in staging.rglob("*") if p.is_file()}
    b = {p.relative_to(target).as_posix(): p.read_bytes() for p in target.rglob("*") if p.is_file()}
    differ = sorted(n for n in set(a) | set(b) if a.get(n) != b.get(n))
    return True if not differ else "files that differ: " + ", ".join(differ)


def _result(recipe: Recipe, version: str, proposed: str, change, files: list[dict], target: Path, report) -> dict:
    warnings = []
    if version != proposed:
        warnings.append(f"the diff proposes {proposed}, the release is {version}")
    if recipe.version != version:
        warnings.append(f"recipe.yaml says version {recipe.version}: set it to {version} so the built datapackage/ agrees with the release")
    return {
        "name": recipe.name, "version": version, "proposed": proposed, "folder": str(target),
        "change": change.bump if change else "first release",
        "diff": change.summary() if change else "",
        "files": files, "valid": report.valid, "warnings": warnings,
    }


def release_notes(descriptor: dict, files: list[dict], change, previous: Path | None, validation: dict, counts: dict,
                  covered: list[str] | None = None) -> str:
    """RELEASE-NOTES.md: what this version is, what changed since the previous one, how to check it."""
    version = descriptor["version"]
    zh, en = citation.split_title(descriptor["title"])
    source = citation.source_meta(descriptor)
    lines = [f"# {descriptor['name']} {version}", "", f"{zh}" + (f" — {en}" if zh and en else en), "",
             f"Date: {citation.release_date(descriptor)} (the data's date). Built by gwrdata {__version__} from "
             f"{source['title_zh'] or source['title_en']} (`{source['path']}`, SHA-256 `{source['sha256']}`).", "",
             "## Changes", ""]
    if change is None:
        lines += ["First release.", ""]
    else:
        lines += [f"Since {change.old}: **{change.bump or 'no change'}** ({change.reason}).", ""]
        table = [f"| {name} | {c['added']} | {c['removed']} | {c['changed']} |" for name, c in change.counts().items()]
        lines += ["| table | rows added | rows removed | rows changed |", "|---|---|---|---|", *table, ""]
        if not change.empty:
            lines += ["```", change.to_text(limit=50, skip_empty=True).rstrip("\n"), "```", ""]
    if covered:  # a panel: what it holds, per level and decade
        lines += ["## Coverage", "", *covered, ""]
    corpus = descriptor.get("gwrdata", {}).get("corpus")
    if isinstance(corpus, dict):
        lines += ["## Sources", "", f"The reports' texts are not in this release: each is identified in the reports table by its path in "
                  f"{corpus['title']}, the commit `{corpus['commit']}`, its SHA-256 and its address at that commit. "
                  "`gwrdata validate --sources DIR` checks every span against them; without `--sources` the checks that read the "
                  "texts are reported as skipped.", ""]
    rule = descriptor.get("gwrdata", {}).get("outcome_rule")
    if isinstance(rule, dict):  # a panel: how attainment.outcome is judged
        lines += ["## Outcome rule", "", *[f"- {key}: {text}" for key, text in rule.items()], ""]
    lines += ["## Contents", "", "| table | rows |", "|---|---|", *[f"| {name} | {n} |" for name, n in counts.items()], "",
              "## Files", "", "| file | bytes | SHA-256 |", "|---|---|---|",
              *[f"| `{f['name']}` | {f['bytes']} | `{f['sha256']}` |" for f in files], "",
              "Check a download: `sha256sum -c SHA256SUMS` in this folder (`manifest.json` lists the same hashes).", "",
              "## Validation", "",
              f"{'Valid' if validation['valid'] else 'INVALID'}: {len(validation['checks'])} checks, "
              f"{sum(1 for c in validation['checks'] if c['failed'])} failed "
              "(the full report is validation.html in the -csv.zip).", "",
              "## Cite", "", citation.citation_text(descriptor, version), ""]
    return "\n".join(lines)
