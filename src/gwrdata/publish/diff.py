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

    def frame(self, resource: dict):
        """A table as a frame of text cells, as its CSV holds them (a Parquet table's too)."""
        import pandas as pd

        raw = self.files.get(resource["path"])
        if raw is None:
            raise InputError(self.label, resource["path"], "the descriptor names a file the release does not hold",
                             "use a complete release folder or -csv.zip")
        if resource.get("format") == "parquet":  # a panel's figures: the same text cells a CSV would hold
            from gwrdata.read.parquet import as_text

            return as_text(io.BytesIO(raw), f"{self.label}: {resource['path']}")
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
    return Snapshot(_label(descriptor, descriptor_path.parent), descriptor, files)


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
    return Snapshot(_label(descriptor, path), descriptor, files)


def _label(descriptor: dict, where: Path) -> str:
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
    """Rows matched by primary key. A corpus's figures are hundreds of thousands of rows, so the
    rows stay in their frames: each side keeps its keys and one 64-bit hash of its comparable
    cells per row, and only the rows whose hashes differ are compared cell by cell (numbers by
    value, as ``_normal`` says)."""
    new_schema = new_r.get("schema", {})
    key = _as_list(new_schema.get("primaryKey") or old_r.get("schema", {}).get("primaryKey"))
    old, new = a.frame(old_r), b.frame(new_r)
    old_header, new_header = list(old.columns), list(new.columns)
    table = TableDiff(name, key)
    if not key or any(k not in old_header or k not in new_header for k in key):
        table.note = "no primary key common to both versions: rows not compared"
        return table
    types = {f["name"]: f.get("type", "string") for f in new_schema.get("fields", [])}
    for f in old_r.get("schema", {}).get("fields", []):
        types.setdefault(f["name"], f.get("type", "string"))
    common = [c for c in new_header if c in old_header and c not in key]

    def positions(frame) -> dict[str, int]:
        # One string per key (its cells joined, numbers written one way): far lighter than tuples.
        cells = _canonical(frame, key, types)
        joined = cells[key[0]] if len(key) == 1 else cells[key[0]].str.cat([cells[k] for k in key[1:]], sep="\x1f")
        return {k: i for i, k in enumerate(joined.tolist())}

    old_at, new_at = positions(old), positions(new)
    old_hash, new_hash = _row_hashes(old, common, types), _row_hashes(new, common, types)

    def row(frame, i: int, header: list[str]) -> dict:
        return dict(zip(header, (frame[c].iat[i] for c in header)))

    for k, j in new_at.items():
        i = old_at.get(k)
        if i is None:
            table.added.append(_typed(row(new, j, new_header), new_header, types))
        elif old_hash[i] != new_hash[j]:
            before, after = row(old, i, common), row(new, j, common)
            cells = [{"field": c, "old": cell_value(before[c], types.get(c)), "new": cell_value(after[c], types.get(c))}
                     for c in common if _normal(before[c], types.get(c)) != _normal(after[c], types.get(c))]
            if cells:
                keys = row(new, j, key)
                table.changed.append({"key": {kk: cell_value(keys[kk], types.get(kk)) for kk in key}, "fields": cells})
    for k, i in old_at.items():
        if k not in new_at:
            table.removed.append(_typed(row(old, i, old_header), old_header, types))
    return table


def _row_hashes(frame, columns: list[str], types: dict):
    """One 64-bit hash per row of its ``columns``, numbers written one way (6, 6.0 and +6 alike)."""
    import pandas as pd

    if not columns or frame.empty:
        return [0] * len(frame)
    return pd.util.hash_pandas_object(pd.DataFrame(_canonical(frame, columns, types)), index=False).to_numpy()


def _canonical(frame, columns: list[str], types: dict) -> dict:
    """The columns' cells as text, numbers written one way (6, 6.0 and +6 alike)."""
    canonical = {}
    for c in columns:
        cells = frame[c].astype(str)
        if types.get(c) in ("number", "integer"):
            cells = (cells.str.replace(r"^\+", "", regex=True).str.replace(r"(\.\d*?)0+$", r"\1", regex=True)
                     .str.replace(r"\.$", "", regex=True).str.replace(r"^-0$", "0", regex=True))
        canonical[c] = cells
    return canonical


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
