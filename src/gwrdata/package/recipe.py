"""A recipe: one report as a folder (metadata, source reference, optional curated mappings).

The toolkit is generic; everything particular to one report lives in its recipe folder as
data: ``recipe.yaml`` and, optionally, ``figures.csv`` (subjects and categories per figure),
``indicators.csv`` (the indicator codelist), ``indicator_links.csv`` (figure -> indicator) and
``sections.csv`` (English section titles). A second report is a new folder, not new code.
"""

from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from gwrdata.errors import InputError
from gwrdata.package import safetext
from gwrdata.read.paths import regular_file, slug, version
from gwrdata.read.source import SourceText, read_source, verify

DEFAULT = Path("recipes") / "shenyang-2024"
REQUIRED = ("name", "version", "title_zh", "title_en", "source")
REQUIRED_SOURCE = ("path", "report_year")
CURATED = ("figures.csv", "indicators.csv", "indicator_links.csv", "sections.csv")
CREATED = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$", re.ASCII)
MAX_RECIPE_BYTES = 10 * 1024 * 1024
TEXT_KEYS = ("title_zh", "title_en", "description")
LIST_KEYS = {"keywords": str, "licenses": dict, "contributors": dict}


@dataclass(frozen=True)
class Recipe:
    folder: Path
    config: dict
    corpus_root: Path | None = None  # a corpus recipe's collection folder, given at build time (--corpus)

    @property
    def name(self) -> str:
        return self.config["name"]

    @property
    def version(self) -> str:
        return str(self.config["version"])

    @property
    def is_panel(self) -> bool:
        """A panel recipe names a manifest of many reports (``reports:``) or a corpus (``corpus:``)
        instead of one source."""
        return "reports" in self.config or "corpus" in self.config

    @property
    def is_corpus(self) -> bool:
        """A corpus recipe reads a published collection where it lies (package/corpus.py)."""
        return "corpus" in self.config

    def with_corpus(self, folder) -> "Recipe":
        """This recipe with its collection's folder (``--corpus DIR``, else $GWRDATA_MIRROR)."""
        from dataclasses import replace

        from gwrdata.package import corpus

        return replace(self, corpus_root=corpus.root(folder, self.folder / "recipe.yaml")) if self.is_corpus else self

    @property
    def year(self) -> int:
        return int(self.config["source"]["report_year"])

    @property
    def source_path(self) -> Path:
        return Path(os.path.realpath(self.folder / self.config["source"]["path"]))  # a symlink loop stays a path

    @property
    def out(self) -> Path:
        """Where ``build`` writes the package: the recipe's ``out`` or ``RECIPE/datapackage``."""
        return Path(os.path.realpath(self.folder / self.config.get("out", "datapackage")))

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
        regular_file(path, max_bytes=MAX_RECIPE_BYTES)
        try:
            with open(path, encoding="utf-8", newline="") as handle:
                return list(csv.DictReader(handle))
        except UnicodeDecodeError as err:
            raise InputError(path, f"byte {err.start}", "not UTF-8", "save the file as UTF-8") from None
        except csv.Error as err:
            raise InputError(path, "", f"not a readable CSV ({err})", "fix the CSV") from None


class _NoAliases(yaml.SafeLoader):
    """Safe YAML without anchors and aliases: nested aliases expand to billions of nodes from a
    few hundred bytes ("billion laughs"), and a recipe never needs them."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(None, None, f"alias *{event.anchor} (aliases and anchors are not allowed)", event.start_mark)
        return super().compose_node(parent, index)


def read_yaml(path: Path) -> object:
    """Parse a YAML file: UTF-8, no aliases, each error one line with its place."""
    regular_file(path, max_bytes=MAX_RECIPE_BYTES)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise InputError(path, f"byte {err.start}", "not UTF-8", "save the file as UTF-8") from None
    try:
        return yaml.load(text, Loader=_NoAliases)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else ""
        raise InputError(path, where, f"not valid YAML ({getattr(err, 'problem', err)})", "fix the YAML syntax") from None


def load(folder: str | Path | None = None) -> Recipe:
    folder = Path(folder) if folder else DEFAULT
    path = folder / "recipe.yaml"
    if not path.exists():
        fix = ("run gwrdata from the repository root, or name a recipe folder" if folder == DEFAULT
               else "give a folder made by 'gwrdata init', which holds recipe.yaml")
        raise InputError(path, "", "no recipe here", fix)
    config = read_yaml(path)
    if config is None:
        config = {}
    if not isinstance(config, dict):
        raise InputError(path, "line 1", f"holds a {type(config).__name__}, not a mapping of keys", "start from recipes/shenyang-2024/recipe.yaml")
    panel = "reports" in config or "corpus" in config
    for key in REQUIRED if not panel else REQUIRED[:-1]:
        if key not in config:
            raise InputError(path, f"key {key!r}", "missing", f"add '{key}:' (see recipes/shenyang-2024/recipe.yaml)")
    if "corpus" in config:
        from gwrdata.package import corpus

        corpus.settings(config, path)
        slug(config["name"], path, "name")
        version(config["version"], path, "version")
        return Recipe(folder.resolve(), config)
    if panel:
        return Recipe(folder.resolve(), config)
    if not isinstance(config["source"], dict):
        raise InputError(path, "source", f"{config['source']!r} is not a mapping", "give 'source:' with path: and report_year: under it")
    for key in REQUIRED_SOURCE:
        if key not in config["source"]:
            raise InputError(path, f"source.{key}", "missing", f"add '{key}:' under 'source:'")
    _check_values(path, config)
    recipe = Recipe(folder.resolve(), config)
    _check_text(recipe, path)
    return recipe


def _check_values(path: Path, config: dict) -> None:
    """Values that become paths, numbers and dates are checked here, not where they break."""
    slug(config["name"], path, "name")
    version(config["version"], path, "version")
    year = config["source"]["report_year"]
    if isinstance(year, bool) or not isinstance(year, int) or not 1949 <= year <= 2100:
        raise InputError(path, "source.report_year", f"{year!r} is not a year", "give the report's year, such as 2024")
    if not isinstance(config["source"]["path"], str) or not config["source"]["path"]:
        raise InputError(path, "source.path", f"{config['source']['path']!r} is not a path", "give the report text's path relative to the recipe folder")
    for key in ("out", "source.encoding", "source.sha256"):
        head, _, tail = key.partition(".")
        value = config.get(head) if not tail else config["source"].get(tail)
        if value is not None and not isinstance(value, str):
            raise InputError(path, key, f"{value!r} is not text", f"give {key} as text, or leave it out")
    for key in TEXT_KEYS:
        if key in config and not isinstance(config[key], str):
            raise InputError(path, key, f"{config[key]!r} is not text", f"give {key} as text")
    for key, kind in LIST_KEYS.items():
        value = config.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, kind) for item in value):
            raise InputError(path, key, f"{value!r} is not a list of {kind.__name__ if kind is str else 'mappings'}",
                             f"give {key} as in recipes/shenyang-2024/recipe.yaml")
    if not all(isinstance(lic.get("name"), str) for lic in config.get("licenses", [])):
        raise InputError(path, "licenses", "a licence without a name", "give each licence a name such as CC-BY-4.0")
    created = config.get("created")
    if created is not None and not (isinstance(created, str) and CREATED.match(created)):
        raise InputError(path, "created", f"{created!r} is not a date and time", 'give it quoted, such as created: "2024-03-01T00:00:00Z"')
    allowed = config.get("allow_leading", [])
    if not isinstance(allowed, list) or not all(isinstance(a, str) and len(a) == 1 for a in allowed):
        raise InputError(path, "allow_leading", f"{allowed!r} is not a list of single characters", 'give a list such as allow_leading: ["-"]')


def _check_text(recipe: Recipe, path: Path) -> None:
    """Curated text (recipe.yaml strings and the curated CSVs) is safe in a CSV and a spreadsheet."""
    allowed = tuple(recipe.config.get("allow_leading", []))

    def walk(value, where: str) -> None:
        if isinstance(value, str):
            trouble = safetext.problem(value.rstrip("\n") if value.endswith("\n") else value, allowed)
            if trouble:
                raise InputError(path, where, f"{value[:40]!r} {trouble}", "fix the text in recipe.yaml")
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{where}.{key}" if where else str(key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, f"{where}[{index}]")

    walk(recipe.config, "")
    for name in CURATED:
        for number, row in enumerate(recipe.table(name) or [], start=2):
            for column, value in row.items():
                trouble = safetext.problem(value or "", allowed) if isinstance(value, str) else None
                if trouble:
                    raise InputError(recipe.folder / name, f"line {number} column {column}", f"{value[:40]!r} {trouble}",
                                     f"fix the cell in {name}")


def init(folder: Path, source: Path, year: int, government: str, name: str | None = None,
         max_bytes: int | None = None) -> Recipe:
    """Create a recipe folder around a report text: copy the text in, record its hash."""
    import shutil

    from gwrdata.package import created
    from gwrdata.read.paths import MAX_SOURCE_BYTES
    from gwrdata.read.source import read_source as read

    if (folder / "recipe.yaml").exists():
        raise InputError(folder / "recipe.yaml", "", "a recipe already exists here", "choose a new folder, or edit the existing recipe.yaml")
    if folder.exists() and not folder.is_dir():
        raise InputError(folder, "", "is a file, not a folder", "name a new folder for the recipe")
    dataset = slug(name or folder.resolve().name, "--name" if name else folder, "the dataset name")
    text = read(source, max_bytes=max_bytes or MAX_SOURCE_BYTES)  # refuses bad input before anything is written
    safe = safetext.problem(government)
    if safe:
        raise InputError("--government", "", f"{government[:40]!r} {safe}", "give the government's name")
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "source" / source.name
    target.parent.mkdir(exist_ok=True)
    shutil.copyfile(source, target)
    config = {
        "name": dataset,
        "version": "1.0.0",
        "created": created.now(),  # the day init ran: never a date made up from the report year
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

    from gwrdata.package import created
    from gwrdata.package import manifest as manifests
    from gwrdata.read.source import read_source as read

    if (folder / "recipe.yaml").exists():
        raise InputError(folder / "recipe.yaml", "", "a recipe already exists here", "choose a new folder, or edit the existing recipe.yaml")
    dataset = slug(name or folder.resolve().name, "--name" if name else folder, "the dataset name")
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
        "name": dataset,
        "version": "1.0.0",
        "created": created.now(),  # the day init ran: never a date made up from the report years
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
