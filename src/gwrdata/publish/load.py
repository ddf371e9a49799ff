"""``gwrdata.load``: a released version (or a local package) as typed pandas tables.

Why: reading a package by hand means ``read_csv`` per table and re-typing every column, and a
careless ``read_csv`` turns an integer column with a gap into floats and a codelist into free
text. The Table Schemas already say what each column is, so the frames are typed from them:
integers (years included) as ``Int64``, numbers as ``float64``, booleans as ``boolean``, fields
with an ``enum`` constraint (the codelists) as categoricals with exactly those categories, dates
as datetimes, and text as ``string``; a cell in the field's ``missingValues`` (by default the
empty string) is missing. Only pandas is imported: loading never pays for great-expectations.

Why the frames explain themselves: a DataFrame passed around a notebook loses the package it
came from. Each one carries in ``df.attrs`` its table's title and description and, per column,
the Table Schema field's title and description and its unit (the field's own ``unit``, else, in
a gwrdata package, the field registry's: a Table Schema has no place for units). And
``repr(dataset)`` is a summary a person can read (name, version, tables and rows, licence,
citation), not the descriptor and every table printed in full.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from gwrdata.checks.inputs import opened
from gwrdata.errors import InputError
from gwrdata.read import jsonfile
from gwrdata.read.paths import confined, descriptor_resources, regular_file


@dataclass
class Dataset(Mapping):
    """The tables by resource name (a read-only mapping of DataFrames) and the descriptor."""

    descriptor: dict
    tables: dict = field(default_factory=dict)
    folder: Path | None = None  # where the release was downloaded to (None for a local package)

    def __getitem__(self, name):
        return self.tables[name]

    def __iter__(self):
        return iter(self.tables)

    def __len__(self):
        return len(self.tables)

    @property
    def version(self) -> str:
        return self.descriptor.get("version", "")

    def __repr__(self) -> str:
        return summary(self)

    __str__ = __repr__


def load(name_or_path: str | Path, version: str | None = None, catalog: str | None = None, offline: bool = False) -> Dataset:
    """Load NAME (latest, or ``version``) from the catalog, or a local package, zip or release folder.

    ``catalog`` is an URL or a local path; by default the public catalog. Downloads go through
    ``gwrdata get`` (verified, cached), so a second load makes no download, and a repeated
    latest within ``latest_seconds`` (data/publishing.yaml) makes no request. When the catalog
    cannot be read, the newest cached version is loaded with a ``CacheWarning``; ``offline=True``
    makes no request at all and loads from the cache or raises ``InputError``.
    """
    path = Path(name_or_path)
    folder = None
    if not path.exists():
        from gwrdata.publish.fetch import get, parse_spec

        name, pinned = parse_spec(str(name_or_path))
        if pinned and version and pinned != version:
            raise InputError(name_or_path, "", f"asks for version {pinned} and version={version!r}", "give the version once")
        spec = f"{name}@{version or pinned}" if (version or pinned) else name
        folder = path = get(spec, catalog=catalog, offline=offline).folder
    with opened(path) as descriptor_path:
        dataset = read(descriptor_path)
    dataset.folder = folder
    return dataset


MAX_DESCRIPTOR_BYTES = 10 * 1024 * 1024
MAX_TABLE_BYTES = 512 * 1024 * 1024


def read(descriptor_path: Path) -> Dataset:
    """Every tabular resource of the package at ``descriptor_path``, typed from its schema.

    The descriptor is checked as ``validate`` checks it before any table is read: its size, its
    shape, and every resource path through the one confinement rule (a path of
    ``/etc/os-release`` or ``../..`` is refused, not read); a table that does not read as its
    schema says is one ``InputError`` naming the file and the column.
    """
    import pandas as pd

    regular_file(descriptor_path, max_bytes=MAX_DESCRIPTOR_BYTES)
    descriptor = jsonfile.parse(descriptor_path.read_bytes(), descriptor_path, "a descriptor",
                                "repair the descriptor or download the release again")
    resources = descriptor_resources(descriptor, descriptor_path)
    files = {}
    for index, resource in enumerate(resources):
        if isinstance(resource.get("schema"), dict):
            file = confined(descriptor_path.parent, resource["path"], descriptor_path, f"resources[{index}].path")
            regular_file(file, descriptor_path, max_bytes=MAX_TABLE_BYTES)
            files[resource["name"]] = file
    tables = {}
    for resource in resources:
        schema = resource.get("schema")
        if resource["name"] not in files:
            continue
        file = files[resource["name"]]
        column = ""
        try:
            if resource.get("format") == "parquet":  # a panel's figures: the text cells a CSV would hold, typed alike
                from gwrdata.read.parquet import as_text

                raw = as_text(file, file)
            else:
                raw = pd.read_csv(file, dtype=str, keep_default_na=False, na_filter=False, encoding=str(resource.get("encoding", "utf-8")))
            missing = set(schema.get("missingValues", [""]))
            frame = {}
            for definition in schema.get("fields", []):
                column = definition["name"]
                if column in raw.columns:
                    frame[column] = typed(raw[column], definition, missing)
            tables[resource["name"]] = pd.DataFrame(frame)
        except (ValueError, TypeError, LookupError, UnicodeDecodeError, pd.errors.ParserError) as err:
            place = f"column {column}" if column else "whole file"
            raise InputError(file, place, f"does not read as its schema says ({type(err).__name__}: {' '.join(str(err).split())[:160]})",
                             "download the release again, or validate the package (gwrdata validate) to see every problem") from None
    return explained(Dataset(descriptor, tables))


MAX_TABLE_LINES = 15


def explained(dataset: Dataset) -> Dataset:
    """Each table's ``attrs``: its title and description, and each column's title, description and unit."""
    units = _registry_units(dataset.descriptor)
    for resource in dataset.descriptor.get("resources", []):
        frame = dataset.tables.get(resource.get("name"))
        if frame is None:
            continue
        fields = {f["name"]: f for f in resource["schema"].get("fields", []) if f.get("name") in frame.columns}
        frame.attrs.update({
            "package": dataset.descriptor.get("name", ""), "version": dataset.version, "name": resource["name"],
            "title": resource.get("title", ""), "description": resource.get("description", ""),
            "titles": {name: f.get("title", "") for name, f in fields.items()},
            "descriptions": {name: f.get("description", "") for name, f in fields.items()},
            "units": {name: f.get("unit") or units.get((resource["name"], name), "") for name, f in fields.items()},
        })
    return dataset


def _registry_units(descriptor: dict) -> dict[tuple[str, str], str]:
    """A gwrdata package's units by (table, field), from the registry; none for other packages."""
    if not isinstance(descriptor.get("gwrdata"), dict):
        return {}
    from gwrdata.package.registry import field_units

    return field_units()


def summary(dataset: Dataset) -> str:
    """A few lines: name and version, title, each table with its rows and title, licence, citation."""
    descriptor = dataset.descriptor
    lines = [f"<gwrdata.Dataset {descriptor.get('name', '?')} {dataset.version or '(no version)'}>"]
    if descriptor.get("title"):
        lines.append(str(descriptor["title"]))
    width = max((len(name) for name in dataset.tables), default=0)
    shown = list(dataset.tables.items())
    lines.append(f"{len(shown)} tables (rows):")
    for name, frame in shown[:MAX_TABLE_LINES]:
        lines.append(f"  {name:<{width}}  {len(frame):>7,}  {frame.attrs.get('title', '')}".rstrip())
    if len(shown) > MAX_TABLE_LINES:
        lines.append(f"  … and {len(shown) - MAX_TABLE_LINES} more: list(dataset)")
    given = descriptor.get("licenses")
    licences = [str(lic.get("name") or lic.get("title") or lic.get("path") or "") for lic in given if isinstance(lic, dict)] \
        if isinstance(given, list) else []
    if any(licences):
        lines.append("licence: " + ", ".join(filter(None, licences)))
    cite = _citation(descriptor, dataset.version)
    if cite:
        lines.append(f"cite as: {cite}")
    if dataset.folder:
        lines.append(f"folder: {dataset.folder}")
    lines.append("tables: dataset[\"NAME\"] (pandas; column units and descriptions in .attrs); metadata: dataset.descriptor")
    return "\n".join(lines)


def _citation(descriptor: dict, version: str) -> str:
    """The citation line a release prints (publish/citation.py), when the descriptor allows one."""
    if not descriptor.get("created") or not descriptor.get("title") or not descriptor.get("name"):
        return ""
    from gwrdata.publish.citation import citation_text

    try:
        return citation_text(descriptor, version)
    except (KeyError, TypeError, ValueError):
        return ""


def typed(column, definition: dict, missing: set[str]):
    """One column as its Table Schema field says."""
    import pandas as pd

    column = column.mask(column.isin(missing))
    kind = definition.get("type", "string")
    enum = (definition.get("constraints") or {}).get("enum")
    if enum is not None:
        values = [str(v) for v in enum] if kind == "string" else enum
        column = column if kind == "string" else pd.to_numeric(column)
        return column.astype(pd.CategoricalDtype(values))
    if kind in ("integer", "year"):
        return pd.to_numeric(column).astype("Int64")
    if kind == "number":
        return pd.to_numeric(column).astype("float64")
    if kind == "boolean":
        true = set(definition.get("trueValues", ["true", "True", "TRUE", "1"]))
        return column.map(lambda v: v if v is pd.NA or v != v else v in true).astype("boolean")
    if kind in ("date", "datetime"):
        return pd.to_datetime(column)
    return column.astype("string")
