"""What changed between two releases: rows by primary key, cells by field, schemas by field.

Users who pinned a version need to know what moving to the next one changes, and the release
needs the same answer to pick its version number (Data Package Version: a schema change is
major, rows added or removed are minor, corrected values and descriptive metadata are a patch).
So rows are matched by the primary key the descriptor declares, never by line number: a
re-sorted table is no change, and a corrected cell is one change, not a removed and an added
row. Numbers are compared as numbers (6 and 6.0 are the same value); everything else as text.

A release can be given as its folder in ``dist/``, its ``-csv.zip``, an unzipped package folder
or a ``datapackage.json``: whatever a user has downloaded.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path, PurePosixPath

from gwrdata.read import escape
from gwrdata.errors import InputError
from gwrdata.read.archive import MAX_TOTAL_BYTES, open_zip, read_member
from gwrdata.read.paths import descriptor_resources, inside, regular_file
from gwrdata.publish.cells import cell_value

BREAKING_FIELD_KEYS = ("type", "format", "constraints")
DESCRIPTIVE_FIELD_KEYS = ("title", "description")
BREAKING_SCHEMA_KEYS = ("primaryKey", "foreignKeys", "missingValues")
IGNORED_PACKAGE_KEYS = ("resources", "version", "id", "homepage")  # id and homepage follow from the version
IGNORED_RESOURCE_KEYS = ("schema", "hash", "bytes")
BUMPS = ("patch", "minor", "major")
MAX_DESCRIPTOR_BYTES = 10 * 1024 * 1024


@dataclass
class Snapshot:
    """A package as read from wherever it is: its descriptor and a reader for its files."""

    label: str
    descriptor: dict
    files: dict[str, bytes]

    def columns(self, resource: dict):
        """A table's columns as text cells, as its CSV holds them (a Parquet table's too), read
        one at a time: a corpus's figures whole, as text, would take most of a gigabyte. Either
        reader has ``names``, ``rows`` and ``column(name)``."""
        raw = self.files.get(resource["path"])
        if raw is None:
            raise InputError(self.label, resource["path"], "the descriptor names a file the release does not hold",
                             "use a complete release folder or -csv.zip")
        if resource.get("format") == "parquet":  # a panel's figures: the same text cells a CSV would hold
            from gwrdata.read.parquet import TextColumns

            return TextColumns(io.BytesIO(raw), f"{self.label}: {resource['path']}")
        return _Frame(self._csv(resource, raw))

    def _csv(self, resource: dict, raw: bytes):
        import pandas as pd

        try:
            text = raw.decode(resource.get("encoding") or "utf-8-sig")
            header = next(csv.reader(io.StringIO(text, newline="")), [])
            if len(set(header)) != len(header):
                raise csv.Error(f"a column is named twice in {header}")
            frame = pd.read_csv(io.StringIO(text, newline=""), dtype=str, keep_default_na=False, na_filter=False,
                                engine="c", on_bad_lines="error")
        except (UnicodeDecodeError, LookupError, csv.Error, pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as err:
            if isinstance(err, pd.errors.EmptyDataError):
                return pd.DataFrame()
            raise InputError(self.label, resource["path"], f"not a readable CSV ({str(err).splitlines()[0][:200]})",
                             "use a complete, unaltered release") from None
        return frame.fillna("")


class _Frame:
    """A CSV table read whole (a few megabytes), with the column reader of a Parquet one."""

    def __init__(self, frame):
        self.frame = frame
        self.names = list(frame.columns)
        self.rows = len(frame)

    def column(self, name: str):
        return self.frame[name]


def load(path: str | Path) -> Snapshot:
    """Read a release folder, a ``-csv.zip``, a package folder or a ``datapackage.json``."""
    path = Path(path)
    if not path.exists():
        raise InputError(path, "", "no such file or folder", "give a release folder, a -csv.zip or a datapackage.json")
    if path.is_dir():
        if (path / "datapackage.json").exists():
            return _from_folder(path / "datapackage.json")
        zips = sorted(path.glob("*-csv.zip"))
        if len(zips) != 1:
            raise InputError(path, "", f"holds {len(zips)} -csv.zip bundles and no datapackage.json",
                             "give a release folder (one -csv.zip), a -csv.zip or a package folder")
        return _from_zip(zips[0])
    if path.suffix == ".zip":
        return _from_zip(path)
    if path.name.endswith(".json"):
        return _from_folder(path)
    raise InputError(path, "", "not a release", "give a release folder, a -csv.zip or a datapackage.json")


def _parse(data: bytes, where: object) -> dict:
    try:
        return json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as err:
        raise InputError(where, f"byte {err.start}", "not UTF-8", "give a datapackage.json written by gwrdata") from None
    except ValueError as err:
        raise InputError(where, "", f"not a readable JSON descriptor ({err})", "give a datapackage.json") from None


def _from_folder(descriptor_path: Path) -> Snapshot:
    regular_file(descriptor_path, max_bytes=MAX_DESCRIPTOR_BYTES)
    descriptor = _parse(descriptor_path.read_bytes(), descriptor_path)
    base = descriptor_path.parent
    files = {}
    for resource in descriptor_resources(descriptor, descriptor_path):
        file = base / resource["path"]
        if file.exists() or file.is_symlink():
            inside(file, base, descriptor_path, resource["path"])
            regular_file(file, max_bytes=MAX_TOTAL_BYTES)
            files[resource["path"]] = file.read_bytes()
    return Snapshot(label(descriptor, descriptor_path.parent), descriptor, files)


def _from_zip(path: Path) -> Snapshot:
    regular_file(path)
    with open_zip(path) as archive:
        names = [n for n in archive.namelist() if PurePosixPath(n).name == "datapackage.json"]
        if not names:
            raise InputError(path, "", "holds no datapackage.json", "give a gwrdata -csv.zip bundle")
        inner = min(names, key=lambda n: (n.count("/"), n))
        base = PurePosixPath(inner).parent
        descriptor = _parse(read_member(archive, inner, path), f"{path}!{inner}")
        files = {}
        for resource in descriptor_resources(descriptor, f"{path}!{inner}"):
            member = str(base / resource["path"]) if str(base) != "." else resource["path"]
            if member in archive.namelist():
                files[resource["path"]] = read_member(archive, member, path)
    return Snapshot(label(descriptor, path), descriptor, files)


def label(descriptor: dict, where: Path) -> str:
    """How a diff names a release: its name and version, else where it was read from."""
    name, version = descriptor.get("name"), descriptor.get("version")
    return f"{name} {version}" if name and version else str(where)


@dataclass
class TableDiff:
    name: str
    key: list[str]
    added: list[dict] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    changed: list[dict] = field(default_factory=list)
    note: str = ""

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.note)

    def to_dict(self) -> dict:
        return {"key": self.key, "added": self.added, "removed": self.removed, "changed": self.changed,
                "counts": {"added": len(self.added), "removed": len(self.removed), "changed": len(self.changed)},
                **({"note": self.note} if self.note else {})}


@dataclass
class PackageDiff:
    """The difference between two releases, and the version bump it calls for."""

    old: str
    new: str
    tables: dict[str, TableDiff] = field(default_factory=dict)
    schema_changes: list[dict] = field(default_factory=list)
    resources_added: list[str] = field(default_factory=list)
    resources_removed: list[str] = field(default_factory=list)
    files_changed: list[dict] = field(default_factory=list)
    metadata_changes: list[dict] = field(default_factory=list)

    @property
    def bump(self) -> str | None:
        """'major', 'minor', 'patch', or None when the two hold the same data and metadata."""
        if self.resources_removed or any(c["breaking"] for c in self.schema_changes):
            return "major"
        if self.resources_added or any(t.added or t.removed for t in self.tables.values()):
            return "minor"
        if (self.schema_changes or self.files_changed or self.metadata_changes
                or any(t.changed or t.note for t in self.tables.values())):
            return "patch"
        return None

    @property
    def reason(self) -> str:
        bump = self.bump
        if bump == "major":
            return "schema changed" if not self.resources_removed else "resources removed"
        if bump == "minor":
            return "resources added" if self.resources_added else "rows added or removed"
        if bump == "patch":
            if any(t.changed for t in self.tables.values()):
                return "values corrected"
            return "source or metadata corrected"
        return "no change"

    @property
    def empty(self) -> bool:
        return self.bump is None

    def counts(self) -> dict:
        return {name: {"added": len(t.added), "removed": len(t.removed), "changed": len(t.changed)}
                for name, t in self.tables.items()}

    def to_dict(self) -> dict:
        return {
            "old": self.old, "new": self.new, "bump": self.bump, "reason": self.reason,
            "tables": {name: t.to_dict() for name, t in self.tables.items()},
            "schema_changes": self.schema_changes, "resources_added": self.resources_added,
            "resources_removed": self.resources_removed, "files_changed": self.files_changed,
            "metadata_changes": self.metadata_changes,
        }

    def summary(self) -> str:
        """One line: what kind of change, and the row counts per changed table."""
        parts = [f"{name}: {_counts_text(t)}" for name, t in self.tables.items() if not t.empty]
        parts += [f"{len(self.schema_changes)} schema changes"] if self.schema_changes else []
        parts += [f"{len(self.metadata_changes)} metadata changes"] if self.metadata_changes else []
        parts += [f"file {f['path']} changed" for f in self.files_changed]
        return f"{self.bump or 'none'} ({self.reason})" + (": " + "; ".join(parts) if parts else "")

    def to_text(self, limit: int | None = None, skip_empty: bool = False) -> str:
        """The diff for a terminal: ``limit`` rows per table, ``skip_empty`` hides unchanged tables."""
        lines = [f"{self.old} -> {self.new}: " + (f"{self.bump} ({self.reason})" if self.bump else "no change")]
        for name in self.resources_added:
            lines.append(f"+ resource {name}")
        for name in self.resources_removed:
            lines.append(f"- resource {name}")
        for change in self.schema_changes:
            lines.append(f"! schema {change['resource']}{'.' + change['field'] if change.get('field') else ''}: "
                         f"{change['change']}{' (breaking)' if change['breaking'] else ''}")
        for name, table in self.tables.items():
            if skip_empty and table.empty:
                continue
            head = f"{name} (key {', '.join(table.key)}): {_counts_text(table)}"
            lines.append(head if not table.note else f"{head}; {table.note}")
            shown = 0
            for sign, rows in (("+", table.added), ("-", table.removed)):
                for row in rows:
                    if limit is not None and shown >= limit:
                        break
                    lines.append(f"  {sign} {_key_text(row, table.key)}")
                    shown += 1
            for change in table.changed:
                if limit is not None and shown >= limit:
                    break
                cells = "; ".join(f"{c['field']}: {_show(c['old'])} -> {_show(c['new'])}" for c in change["fields"])
                lines.append(f"  ~ {_key_text(change['key'], table.key)}: {cells}")
                shown += 1
            total = len(table.added) + len(table.removed) + len(table.changed)
            if limit is not None and total > shown:
                lines.append(f"  … and {total - shown} more (see the JSON diff)")
        for change in self.files_changed:
            lines.append(f"~ file {change['path']}: sha256 {change['old'][:12]}… -> {change['new'][:12]}…")
        for change in self.metadata_changes:
            lines.append(f"~ metadata {change['key']}: {_show(change['old'])} -> {_show(change['new'])}")
        return "\n".join(map(escape.line, lines)) + "\n"  # a cell's line break never starts a line of its own


def _counts_text(table: TableDiff) -> str:
    return f"{len(table.added)} added, {len(table.removed)} removed, {len(table.changed)} changed"


def _key_text(row: dict, key: list[str]) -> str:
    return ", ".join(f"{k}={row.get(k)}" for k in key) if len(key) > 1 else str(row.get(key[0]))


def _show(value) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 120 else text[:117] + "…"


def diff(old: str | Path | Snapshot, new: str | Path | Snapshot) -> PackageDiff:
    """Compare two releases; ``old`` and ``new`` are paths (see ``load``) or snapshots."""
    a = old if isinstance(old, Snapshot) else load(old)
    b = new if isinstance(new, Snapshot) else load(new)
    result = PackageDiff(a.label, b.label)
    ra = {r["name"]: r for r in a.descriptor.get("resources", [])}
    rb = {r["name"]: r for r in b.descriptor.get("resources", [])}
    result.resources_added = [n for n in rb if n not in ra]
    result.resources_removed = [n for n in ra if n not in rb]
    if a.descriptor.get("name") != b.descriptor.get("name"):
        result.schema_changes.append({"resource": "", "field": "", "breaking": True,
                                      "change": f"package name {a.descriptor.get('name')!r} -> {b.descriptor.get('name')!r}"})
    for key in sorted(set(a.descriptor) | set(b.descriptor)):
        if key in IGNORED_PACKAGE_KEYS or key == "name":
            continue
        if a.descriptor.get(key) != b.descriptor.get(key):
            result.metadata_changes.append({"key": key, "old": a.descriptor.get(key), "new": b.descriptor.get(key)})
    for name in [n for n in rb if n in ra]:
        old_r, new_r = ra[name], rb[name]
        for key in sorted(set(old_r) | set(new_r)):
            if key not in IGNORED_RESOURCE_KEYS and old_r.get(key) != new_r.get(key):
                result.metadata_changes.append({"key": f"resources.{name}.{key}", "old": old_r.get(key), "new": new_r.get(key)})
        if "schema" in old_r or "schema" in new_r:
            result.schema_changes += _schema_changes(name, old_r.get("schema", {}), new_r.get("schema", {}))
            result.tables[name] = _table_diff(name, a, old_r, b, new_r)
        elif old_r.get("hash") != new_r.get("hash"):
            result.files_changed.append({"path": new_r.get("path"), "old": _hex(old_r.get("hash")), "new": _hex(new_r.get("hash"))})
    return result


def _hex(value: str | None) -> str:
    return (value or "").split(":", 1)[-1]


def _schema_changes(resource: str, old: dict, new: dict) -> list[dict]:
    changes = []

    def add(change: str, breaking: bool, name: str = "") -> None:
        changes.append({"resource": resource, "field": name, "change": change, "breaking": breaking})

    old_fields = {f["name"]: f for f in old.get("fields", [])}
    new_fields = {f["name"]: f for f in new.get("fields", [])}
    for name in new_fields:
        if name not in old_fields:
            add("field added", True, name)
    for name in old_fields:
        if name not in new_fields:
            add("field removed", True, name)
    common_old = [n for n in old_fields if n in new_fields]
    common_new = [n for n in new_fields if n in old_fields]
    if common_old != common_new:
        add("fields reordered", True)
    for name in common_new:
        for key in BREAKING_FIELD_KEYS + DESCRIPTIVE_FIELD_KEYS:
            before, after = old_fields[name].get(key), new_fields[name].get(key)
            if before != after:
                add(f"{key} {_show(before)} -> {_show(after)}", key in BREAKING_FIELD_KEYS, name)
    for key in BREAKING_SCHEMA_KEYS:
        if old.get(key) != new.get(key):
            add(f"{key} {_show(old.get(key))} -> {_show(new.get(key))}", True)
    return changes


def _table_diff(name: str, a: Snapshot, old_r: dict, b: Snapshot, new_r: dict) -> TableDiff:
    """Rows matched by primary key. A corpus's figures are hundreds of thousands of rows, so a
    table is never held whole as text: its keys are matched first, then each column common to
    both versions is compared on the matched rows, one column at a time (numbers written one
    way), and only the rows that differ somewhere, and the rows added and removed, are read
    cell by cell (numbers compared by value, as ``_normal`` says)."""
    import numpy as np

    new_schema = new_r.get("schema", {})
    key = _as_list(new_schema.get("primaryKey") or old_r.get("schema", {}).get("primaryKey"))
    old, new = a.columns(old_r), b.columns(new_r)
    old_header, new_header = old.names, new.names
    table = TableDiff(name, key)
    if not key or any(k not in old_header or k not in new_header for k in key):
        table.note = "no primary key common to both versions: rows not compared"
        return table
    types = {f["name"]: f.get("type", "string") for f in new_schema.get("fields", [])}
    for f in old_r.get("schema", {}).get("fields", []):
        types.setdefault(f["name"], f.get("type", "string"))
    common = [c for c in new_header if c in old_header and c not in key]

    # Each version's distinct keys in the order they first occur, each with its last row: the
    # rows a {key: row} mapping built in row order would keep (a key given twice is the same).
    new_keys, new_rows = _distinct(_keys(new, key, types))
    old_keys, old_rows = _distinct(_keys(old, key, types))
    at = _index_in(new_keys, old_keys)
    matched = at >= 0
    old_of_new = np.full(len(new_rows), -1, dtype=np.int64)  # the old row of each new key's, -1 for none
    old_of_new[matched] = old_rows[at[matched]]
    gone = old_rows[~_is_in(old_keys, new_keys)]
    del new_keys, old_keys, at
    differs = np.zeros(len(new_rows), dtype=bool)  # a cell of a matched row differs (numbers written one way)
    if matched.any():
        j, i = new_rows[matched], old_of_new[matched]
        for c in common:
            differs[matched] |= _not_equal(_canonical(old, c, types).take(i), _canonical(new, c, types).take(j))
    added = ~matched
    new_cells = _cells(new, new_header, np.concatenate([new_rows[added], new_rows[differs]]))
    old_cells = _cells(old, old_header, np.concatenate([gone, old_of_new[differs]]))

    def row(cells: dict, i: int, header: list[str]) -> dict:
        return {c: cells[c][i] for c in header}

    for j, i, is_added, is_different in zip(new_rows.tolist(), old_of_new.tolist(), added.tolist(), differs.tolist()):
        if is_added:
            table.added.append(_typed(row(new_cells, j, new_header), new_header, types))
        elif is_different:
            before, after = row(old_cells, i, common), row(new_cells, j, common)
            cells = [{"field": c, "old": cell_value(before[c], types.get(c)), "new": cell_value(after[c], types.get(c))}
                     for c in common if _normal(before[c], types.get(c)) != _normal(after[c], types.get(c))]
            if cells:
                keys = row(new_cells, j, key)
                table.changed.append({"key": {kk: cell_value(keys[kk], types.get(kk)) for kk in key}, "fields": cells})
    for i in gone.tolist():
        table.removed.append(_typed(row(old_cells, i, old_header), old_header, types))
    return table


def _arrow(cells):
    """A column of text cells as one Arrow array (large strings, whatever the series held)."""
    import pyarrow as pa

    array = pa.array(cells) if len(cells) else pa.array([], pa.large_string())
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    return array.cast(pa.large_string())


def _keys(table, key: list[str], types: dict):
    """One string per row of its key (its cells joined, numbers written one way)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    cells = [_canonical(table, k, types) for k in key] if table.rows else []
    if not cells:
        return pa.array([], pa.large_string())
    return cells[0] if len(key) == 1 else pc.binary_join_element_wise(*cells, pa.scalar("\x1f", pa.large_string()))


def _distinct(keys):
    """The distinct ``keys`` in the order they first occur, and the last row of each."""
    import numpy as np
    import pyarrow as pa

    rows = pa.array(np.arange(len(keys), dtype=np.int64))
    grouped = (pa.table({"key": keys, "row": rows}).group_by("key", use_threads=False)
               .aggregate([("row", "min"), ("row", "max")]).sort_by("row_min"))
    return grouped["key"].combine_chunks(), grouped["row_max"].to_numpy()


def _index_in(keys, among):
    """Each of ``keys``' position in ``among`` (distinct), -1 where it is not there."""
    import numpy as np
    import pyarrow.compute as pc

    if not len(keys):
        return np.zeros(0, dtype=np.int64)
    return pc.fill_null(pc.index_in(keys, value_set=among), -1).to_numpy().astype(np.int64)


def _is_in(keys, among):
    import pyarrow.compute as pc

    return pc.is_in(keys, value_set=among).to_numpy(zero_copy_only=False)


def _not_equal(before, after):
    import pyarrow.compute as pc

    return pc.not_equal(before, after).to_numpy(zero_copy_only=False)


def _cells(table, header: list[str], rows) -> dict[str, dict[int, str]]:
    """The text of ``rows`` (row numbers) in every column of ``header``: {column: {row: cell}}."""
    import numpy as np

    rows = np.unique(rows)
    if not len(rows):
        return {c: {} for c in header}
    at = rows.tolist()
    return {c: dict(zip(at, _arrow(table.column(c)).take(rows).to_pylist())) for c in header}


def _canonical(table, column: str, types: dict):
    """A column's cells as text (an Arrow array), numbers written one way (6, 6.0 and +6 alike)."""
    cells = table.column(column).astype(str)
    if types.get(column) in ("number", "integer"):
        cells = (cells.str.replace(r"^\+", "", regex=True).str.replace(r"(\.\d*?)0+$", r"\1", regex=True)
                 .str.replace(r"\.$", "", regex=True).str.replace(r"^-0$", "0", regex=True))
    return _arrow(cells)


def _as_list(value) -> list[str]:
    if not value:
        return []
    return [value] if isinstance(value, str) else list(value)


def _normal(text: str, kind: str | None):
    """The comparable form of a CSV cell: numbers by value, everything else as written."""
    if kind in ("number", "integer") and text != "":
        try:
            return ("n", Decimal(text).normalize())
        except InvalidOperation:
            pass
    return ("s", text)


def _typed(row: dict, header: list[str], types: dict) -> dict:
    return {c: cell_value(row.get(c, ""), types.get(c)) for c in header}


def next_version(version: str, bump: str | None) -> str:
    """The version after ``version`` for a change of kind ``bump`` (None: the same version)."""
    major, minor, patch = parse_version(version)
    if bump == "major":
        return f"{major + 1}.0.0"
    if bump == "minor":
        return f"{major}.{minor + 1}.0"
    if bump == "patch":
        return f"{major}.{minor}.{patch + 1}"
    return version


def parse_version(version: str) -> tuple[int, int, int]:
    parts = str(version).split(".")
    if len(parts) != 3 or not all(p.isascii() and p.isdigit() for p in parts):
        raise InputError("--version", version, "not a semantic version MAJOR.MINOR.PATCH", "give a version such as 1.0.1")
    return int(parts[0]), int(parts[1]), int(parts[2])
