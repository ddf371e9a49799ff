"""A corpus recipe: every report of a published collection, read where the collection lies.

Why: a panel of thousands of reports is not copied into its recipe or its release. A corpus
recipe names the collection (its title, the commit its files are pinned to, the address of a file
at that commit) and the SHA-256 of the collection's own report list (``reports.csv``: path,
government, level, year, suffix, sha256); the folder that holds the collection is given at build
time (``--corpus DIR`` or ``$GWRDATA_MIRROR``), never recorded, so the recipe builds on any
machine that has the files. Each report is then identified by its path in the collection, the
commit and its SHA-256, and its text is verified before it is read.

Which reports the panel holds is decided here, and every report of the selected years is
accounted for: a second report of a year (a file with a suffix, ``2021-08.md``) is left out with
its reason, which the quality table shows; two unsuffixed reports for one government and year,
a government without a division code, a list whose hash differs or a missing folder are errors
that name the place and the fix, before anything is written.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path

from gwrdata.errors import InputError
from gwrdata.package.manifest import Entry, OnePerYear

ENVIRONMENT = "GWRDATA_MIRROR"
REQUIRED = ("title", "commit", "url", "reports", "reports_sha256", "from_year")
COLUMNS = ("path", "government", "level", "year", "suffix", "sha256")
MAX_LIST_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Left:
    """A report of the selected years that the panel does not hold, and why."""

    path: str
    government: str
    level: str
    year: int
    sha256: str
    reason: str


@dataclass(frozen=True)
class Selection:
    entries: list[Entry]
    left: list[Left]
    root: Path


def settings(config: dict, recipe_file: Path) -> dict:
    """The recipe's ``corpus:`` mapping, checked: every key present and of the right kind."""
    corpus = config.get("corpus")
    if not isinstance(corpus, dict):
        raise InputError(recipe_file, "corpus", "is not a mapping", "give corpus: with " + ", ".join(REQUIRED) + " under it")
    for key in REQUIRED:
        if key not in corpus:
            raise InputError(recipe_file, f"corpus.{key}", "missing", f"add '{key}:' under 'corpus:' (see recipes/china-gwr/recipe.yaml)")
    for key in ("title", "commit", "url", "reports", "reports_sha256"):
        if not isinstance(corpus[key], str) or not corpus[key]:
            raise InputError(recipe_file, f"corpus.{key}", f"{corpus[key]!r} is not text", f"give corpus.{key} as text")
    if ("communiques" in corpus) != ("communiques_sha256" in corpus):
        raise InputError(recipe_file, "corpus.communiques", "needs both communiques: and communiques_sha256:",
                         "give the collection's list of statistical communiqués and its SHA-256, or neither")
    for key in ("communiques", "communiques_sha256"):
        if key in corpus and (not isinstance(corpus[key], str) or not corpus[key]):
            raise InputError(recipe_file, f"corpus.{key}", f"{corpus[key]!r} is not text", f"give corpus.{key} as text")
    if "{path}" not in corpus["url"]:
        raise InputError(recipe_file, "corpus.url", "has no {path}", "give the address of a file at the commit, with {commit} and {path} in it")
    year = corpus["from_year"]
    if isinstance(year, bool) or not isinstance(year, int) or not 1949 <= year <= 2100:
        raise InputError(recipe_file, "corpus.from_year", f"{year!r} is not a year", "give the first report year the panel holds, such as 2000")
    return corpus


def root(given: str | Path | None, recipe_file: Path) -> Path:
    """The collection's folder: ``given`` (--corpus), else $GWRDATA_MIRROR; it must hold the list."""
    text = str(given) if given else os.environ.get(ENVIRONMENT, "")
    fix = f"pass --corpus DIR (the folder that holds the collection's reports.csv) or set ${ENVIRONMENT}"
    if not text:
        raise InputError(recipe_file, "corpus", "this recipe reads a corpus, and no corpus folder was given", fix)
    folder = Path(text)
    if not folder.is_dir():
        raise InputError(folder, "", "no such folder (the corpus root)", fix)
    return folder.resolve()


def url(corpus: dict, path: str) -> str:
    """The public address of one file of the collection at the pinned commit."""
    from urllib.parse import quote

    return corpus["url"].replace("{commit}", corpus["commit"]).replace("{path}", quote(path))


def read_list(folder: Path, corpus: dict, key: str, columns: tuple, recipe_file: Path, missing_file: tuple[str, str]) -> tuple[Path, list[dict]]:
    """One of the collection's lists (``corpus[key]``: its reports, its communiqués), confined to
    its folder and verified against the SHA-256 the recipe records (``corpus[key + '_sha256']``):
    (its path, its rows). ``missing_file``: the problem and the fix when it is not there."""
    from gwrdata.read.paths import confined, regular_file
    from gwrdata.read.source import sha256_file

    listing = confined(folder, corpus[key], recipe_file, f"corpus.{key}")
    if not listing.is_file():
        raise InputError(listing, "", *missing_file)
    regular_file(listing, max_bytes=MAX_LIST_BYTES)
    digest = sha256_file(listing)
    if digest != corpus.get(f"{key}_sha256"):
        raise InputError(listing, "", f"SHA-256 {digest} differs from {corpus.get(f'{key}_sha256')} recorded in {recipe_file}",
                         "use the collection at the commit the recipe names, or make a new version of the recipe for the new list")
    with open(listing, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError(listing, "header row", f"no column {missing[0]!r}", f"give the collection's {corpus[key]}: " + ",".join(columns))
        return listing, list(reader)


def select(config: dict, recipe_file: Path, folder: Path) -> Selection:
    """The reports of the panel (government, level and year from the collection's list) and the
    reports of the selected years it leaves out, with their reasons."""
    from gwrdata.package import divisions
    from gwrdata.read.paths import confined

    corpus = settings(config, recipe_file)
    listing, rows = read_list(folder, corpus, "reports", COLUMNS, recipe_file,
                              ("no such file: the folder given is not the corpus",
                               f"pass --corpus the folder that holds {corpus['reports']} (or set ${ENVIRONMENT})"))
    known = divisions.by_government()
    entries: list[Entry] = []
    left: list[Left] = []
    once = OnePerYear(listing, "keep one report per government and year: give the second one a suffix (YEAR-MM.md) in the list")
    for number, row in enumerate(rows, start=1):
        place = f"row {number} (line {number + 1})"
        try:
            year = int(row["year"])
        except ValueError:
            raise InputError(listing, place, f"year {row['year']!r} is not a year", "repair the collection's list") from None
        if year < corpus["from_year"]:
            continue
        government, path = row["government"], row["path"]
        if government not in known:
            raise InputError(listing, place, f"{path}: government {government!r} has no division code",
                             "add a row for it to gwrdata/package/data/governments.csv (GB/T 2260 code, names, level, province)")
        if row["suffix"]:
            left.append(Left(path, government, row["level"], year, row["sha256"],
                             f"a second report of {year} (file suffix {row['suffix']}): the panel holds one report per government and year"))
            continue
        once.add(government, year, number, place, f"{path}: ")
        file = confined(folder, path, listing, f"{place}: path")
        entries.append(Entry(number, file, government, year, row["level"], known[government]["name_en"], row["sha256"], path))
    if not entries:
        raise InputError(listing, "", f"no report from {corpus['from_year']} on", "check corpus.from_year in the recipe")
    return Selection(entries, left, folder)
