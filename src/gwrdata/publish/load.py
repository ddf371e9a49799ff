"""``gwrdata.load``: a released version (or a local package) as typed pandas tables.

Why: reading a package by hand means ``read_csv`` per table and re-typing every column, and a
careless ``read_csv`` turns an integer column with a gap into floats and a codelist into free
text. The Table Schemas already say what each column is, so the frames are typed from them:
integers (years included) as ``Int64``, numbers as ``float64``, booleans as ``boolean``, fields
with an ``enum`` constraint (the codelists) as categoricals with exactly those categories, dates
as datetimes, and text as ``string``; a cell in the field's ``missingValues`` (by default the
empty string) is missing. Only pandas is imported: loading never pays for great-expectations.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from gwrdata.checks.inputs import opened
from gwrdata.errors import InputError
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


def load(name_or_path: str | Path, version: str | None = None, catalog: str | None = None) -> Dataset:
    """Load NAME (latest, or ``version``) from the catalog, or a local package, zip or release folder.

    ``catalog`` is an URL or a local path; by default the public catalog. Downloads go through
    ``gwrdata get`` (verified, cached), so a second load makes no download.
    """
    path = Path(name_or_path)
    folder = None
    if not path.exists():
        from gwrdata.publish.fetch import get, parse_spec

        name, pinned = parse_spec(str(name_or_path))
        if pinned and version and pinned != version:
            raise InputError(name_or_path, "", f"asks for version {pinned} and version={version!r}", "give the version once")
        spec = f"{name}@{version or pinned}" if (version or pinned) else name
        folder = path = get(spec, catalog=catalog).folder
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
    try:
        descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as err:
        raise InputError(descriptor_path, f"byte {err.start}", "not UTF-8", "repair the descriptor or download the release again") from None
    except json.JSONDecodeError as err:
        raise InputError(descriptor_path, f"line {err.lineno}", f"not valid JSON ({err.msg})", "repair the descriptor or download the release again") from None
    except RecursionError:
        raise InputError(descriptor_path, "", "nested too deeply to be a descriptor", "give a datapackage.json written by gwrdata") from None
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
    return Dataset(descriptor, tables)


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
