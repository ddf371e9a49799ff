"""A recipe: one report as a folder (metadata, source reference, optional curated mappings).

The toolkit is generic; everything particular to one report lives in its recipe folder as
data: ``recipe.yaml`` and, optionally, ``figures.csv`` (subjects and categories per figure),
``indicators.csv`` (the indicator codelist), ``indicator_links.csv`` (figure -> indicator) and
``sections.csv`` (English section titles). A second report is a new folder, not new code.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import yaml

from gwrdata.errors import InputError
from gwrdata.read.source import SourceText, read_source, verify

DEFAULT = Path("recipes") / "shenyang-2024"
REQUIRED = ("name", "version", "title_zh", "title_en", "source")
REQUIRED_SOURCE = ("path", "report_year")


@dataclass(frozen=True)
class Recipe:
    folder: Path
    config: dict

    @property
    def name(self) -> str:
        return self.config["name"]

    @property
    def version(self) -> str:
        return str(self.config["version"])

    @property
    def is_panel(self) -> bool:
        """A panel recipe names a manifest of many reports (``reports:``) instead of one source."""
        return "reports" in self.config

    @property
    def year(self) -> int:
        return int(self.config["source"]["report_year"])

    @property
    def source_path(self) -> Path:
        return (self.folder / self.config["source"]["path"]).resolve()

    @property
    def out(self) -> Path:
        """Where ``build`` writes the package: the recipe's ``out`` or ``RECIPE/datapackage``."""
        return (self.folder / self.config.get("out", "datapackage")).resolve()

    def read_source(self) -> SourceText:
        meta = self.config["source"]
        source = read_source(self.source_path, meta.get("encoding"))
        if meta.get("sha256"):
            verify(source, meta["sha256"], self.folder / "recipe.yaml")
        return source

    def table(self, name: str) -> list[dict] | None:
        """A curated CSV of the recipe, or None when the recipe has none."""
        path = self.folder / name
        if not path.exists():
            return None
        with open(path, encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))


def load(folder: str | Path | None = None) -> Recipe:
    folder = Path(folder) if folder else DEFAULT
    path = folder / "recipe.yaml"
    if not path.exists():
        fix = ("run gwrdata from the repository root, or name a recipe folder" if folder == DEFAULT
               else "give a folder made by 'gwrdata init', which holds recipe.yaml")
        raise InputError(path, "", "no recipe here", fix)
    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else ""
        raise InputError(path, where, f"not valid YAML ({getattr(err, 'problem', err)})", "fix the YAML syntax") from None
    for key in REQUIRED if "reports" not in config else REQUIRED[:-1]:
        if key not in config:
            raise InputError(path, f"key {key!r}", "missing", f"add '{key}:' (see recipes/shenyang-2024/recipe.yaml)")
    if "reports" in config:
        return Recipe(folder.resolve(), config)
    for key in REQUIRED_SOURCE:
        if key not in config["source"]:
            raise InputError(path, f"source.{key}", "missing", f"add '{key}:' under 'source:'")
    return Recipe(folder.resolve(), config)


def init(folder: Path, source: Path, year: int, government: str, name: str | None = None) -> Recipe:
    """Create a recipe folder around a report text: copy the text in, record its hash."""
    import shutil

    from gwrdata.read.source import read_source as read

    if (folder / "recipe.yaml").exists():
        raise InputError(folder / "recipe.yaml", "", "a recipe already exists here", "choose a new folder, or edit the existing recipe.yaml")
    text = read(source)  # refuses bad input before anything is written
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "source" / source.name
    target.parent.mkdir(exist_ok=True)
    shutil.copyfile(source, target)
    slug = name or f"{folder.resolve().name}"
    config = {
        "name": slug,
        "version": "1.0.0",
        "created": f"{year}-01-01T00:00:00Z",
        "title_zh": f"{government}{year}年政府工作报告数据",
        "title_en": f"{government} {year} government work report — figures",
        "description": f"Figures of the {year} government work report of {government}, each traceable to its span in the source text.",
        "keywords": [government, "政府工作报告", "government work report"],
        "contributors": [{"title": "gwrdata user", "roles": ["creator"]}],
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/", "title": "Creative Commons Attribution 4.0"}],
        "source": {"path": f"source/{source.name}", "sha256": text.sha256, "encoding": text.encoding,
                   "title_zh": f"{government}{year}年政府工作报告", "government_zh": government, "report_year": year},
    }
    (folder / "recipe.yaml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load(folder)


def init_panel(folder: Path, manifest: Path, name: str | None = None) -> Recipe:
    """Create a panel recipe around a manifest of reports: check every row and file, record hashes.

    The texts stay where they are (a national panel is tens of thousands of files); reports.csv
    holds their paths relative to the recipe and their SHA-256, which every build verifies.
    Nothing is written until every row has been read.
    """
    from dataclasses import replace

    from gwrdata.package import manifest as manifests
    from gwrdata.read.source import read_source as read

    if (folder / "recipe.yaml").exists():
        raise InputError(folder / "recipe.yaml", "", "a recipe already exists here", "choose a new folder, or edit the existing recipe.yaml")
    entries = manifests.read(manifest)
    checked = []
    for entry in entries:
        try:
            text = read(entry.path)
        except InputError as err:
            raise manifests.row_error(manifest, entry, err) from None
        except OSError as err:
            raise InputError(manifest, entry.where(), f"{entry.path}: cannot be read ({err.strerror})", "check the file's permissions") from None
        checked.append(replace(entry, sha256=text.sha256))
    years = sorted({e.year for e in checked})
    governments = sorted({e.government for e in checked})
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
    config = {
        "name": name or folder.resolve().name,
        "version": "1.0.0",
        "created": f"{years[-1]}-01-01T00:00:00Z",
        "title_zh": f"政府工作报告目标与完成情况面板（{len(governments)}个政府，{span}年）",
        "title_en": f"Government work reports: targets and outcomes, {len(governments)} governments, {span}",
        "description": (f"Figures, headline targets and their outcomes from {len(checked)} government work reports of "
                        f"{len(governments)} governments ({span}), each value traceable to its span in its report's text."),
        "keywords": ["政府工作报告", "government work report", "targets", "panel"],
        "contributors": [{"title": "gwrdata user", "roles": ["creator"]}],
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/", "title": "Creative Commons Attribution 4.0"}],
        "reports": "reports.csv",
    }
    folder.mkdir(parents=True, exist_ok=True)
    manifests.write_recipe_table(folder / "reports.csv", checked, folder)
    (folder / "recipe.yaml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load(folder)
