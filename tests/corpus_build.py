"""The development corpus as packages: every report built from a recipe made on the fly, all of
them validated by one Validator (one great-expectations context, one frictionless worker).

The corpus lives beside the repository (``../shared/corpus``, or where GWRDATA_CORPUS points);
its texts are read there and never copied into the repository. A recipe here is only data in
memory (name, year, source path): the toolkit's defaults, as a new user's ``gwrdata init`` gives.
"""

from __future__ import annotations

import csv
import os
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEVELS = ("national", "province", "major-city", "city")


def corpus_folder() -> Path:
    return Path(os.environ.get("GWRDATA_CORPUS") or ROOT.parent / "shared" / "corpus")


def index(folder: Path) -> list[dict]:
    with open(folder / "index.csv", encoding="utf-8", newline="") as handle:
        return sorted(csv.DictReader(handle), key=lambda row: row["file"])


def recipe(row: dict, number: int, folder: Path, corpus: Path):
    """The recipe a new user would have for this report: no curation, only what init records."""
    from gwrdata.package.recipe import Recipe

    year = int(row["year"])
    config = {
        "name": f"corpus-{row['level']}-{year}-{number:03d}",
        "version": "1.0.0",
        "created": f"{year}-01-01T00:00:00Z",
        "title_zh": f"{row['government']}{year}年政府工作报告数据",
        "title_en": f"Government work report {year} ({row['level']}) — figures",
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/", "title": "Creative Commons Attribution 4.0"}],
        "source": {"path": str(corpus / row["file"]), "report_year": year, "government_zh": row["government"],
                   "title_zh": f"{row['government']}{year}年政府工作报告"},
    }
    folder.mkdir(parents=True, exist_ok=True)
    return Recipe(folder, config)


@dataclass
class Built:
    file: str
    level: str
    year: int
    recipe: object
    package: Path
    error: str = ""
    descriptor: dict = field(default_factory=dict)
    report: object = None

    def table(self, name: str) -> list[dict]:
        with open(self.package / "data" / f"{name}.csv", encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))


@dataclass
class Corpus:
    reports: dict[str, Built]
    seconds: dict[str, float]


def build_and_validate(corpus: Path, out: Path, validator) -> Corpus:
    """Build every report of the corpus into ``out`` and validate all the packages at once."""
    import json

    from gwrdata.package.build import build

    seconds = {}
    reports: dict[str, Built] = {}
    t = time.perf_counter()
    for number, row in enumerate(index(corpus), start=1):
        r = recipe(row, number, out / "recipes" / f"{number:03d}", corpus)
        built = Built(row["file"], row["level"], int(row["year"]), r, out / "packages" / f"{number:03d}")
        try:
            built.descriptor = build(r, built.package)
        except Exception:  # noqa: BLE001  (a build failure is the finding, reported by the test)
            built.error = traceback.format_exc(limit=3)
        reports[row["file"]] = built
    seconds["build"] = time.perf_counter() - t
    t = time.perf_counter()
    ok = [b for b in reports.values() if not b.error]
    for built, report in zip(ok, validator.validate_many([b.package for b in ok])):
        built.report = report
        if not built.descriptor:
            built.descriptor = json.loads((built.package / "datapackage.json").read_text(encoding="utf-8"))
    seconds["validate"] = time.perf_counter() - t
    return Corpus(reports, seconds)


def release_some(corpus: Corpus, dist: Path, per_level: int, validator) -> dict[str, dict]:
    """Release the first ``per_level`` reports of every level (all of a level with fewer)."""
    from gwrdata.publish.release import ReleaseRefused, release

    outcomes = {}
    for level in LEVELS:
        chosen = [b for b in corpus.reports.values() if b.level == level][:per_level]
        for built in chosen:
            try:
                outcomes[built.file] = release(built.recipe, dist, validator=validator)
            except ReleaseRefused as refused:
                failed = [f"{c['name']}: {c['failures'][0]['message']}" for c in refused.report.to_dict()["checks"] if c["failed"]]
                outcomes[built.file] = {"status": "refused", "failed": failed}
    return outcomes
