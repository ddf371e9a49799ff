"""The diff of a table read column by column: a Parquet table (a corpus's figures) is never held
whole as text, and what the diff says is what comparing its rows cell by cell says."""

import json

import pyarrow as pa
import pyarrow.parquet as pq

from gwrdata.publish.diff import diff

FIELDS = [{"name": "report_id", "type": "string"}, {"name": "figure_id", "type": "string"},
          {"name": "value", "type": "number"}, {"name": "period", "type": "integer"}, {"name": "unit", "type": "string"}]
ROWS = [("r1", "F1", 6.5, 2024, "%"), ("r1", "F2", 100.0, 2024, "亿元"), ("r2", "F1", None, 2023, ""),
        ("r2", "F2", 0.125, None, "%")]


def package(folder, rows, version="1.0.0", as_csv=False):
    """A package of one figures table keyed by (report_id, figure_id), as Parquet (or CSV)."""
    (folder / "data").mkdir(parents=True)
    names = [f["name"] for f in FIELDS]
    resource = {"name": "figures", "schema": {"fields": FIELDS, "primaryKey": ["report_id", "figure_id"]}}
    if as_csv:
        lines = [",".join(names)] + [",".join(str(c) for c in row) for row in rows]
        (folder / "data" / "figures.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        resource.update(path="data/figures.csv", format="csv")
    else:
        columns = list(zip(*rows)) if rows else [[] for _ in names]
        types = [pa.string(), pa.string(), pa.float64(), pa.int64(), pa.string()]
        table = pa.table([pa.array(list(c), t) for c, t in zip(columns, types)], names=names)
        pq.write_table(table, folder / "data" / "figures.parquet", row_group_size=2)
        resource.update(path="data/figures.parquet", format="parquet")
    descriptor = {"name": "panel", "version": version, "resources": [resource]}
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return folder


def test_one_cell_changed_in_the_parquet_is_exactly_that_change(tmp_path):
    old = package(tmp_path / "old", ROWS)
    rows = list(ROWS)
    rows[3] = ("r2", "F2", 0.25, None, "%")
    change = diff(old, package(tmp_path / "new", rows, "1.0.1"))
    figures = change.tables["figures"]
    assert not figures.added and not figures.removed
    assert figures.changed == [{"key": {"report_id": "r2", "figure_id": "F2"},
                                "fields": [{"field": "value", "old": 0.125, "new": 0.25}]}]
    assert change.bump == "patch" and "~ report_id=r2, figure_id=F2: value: 0.125 -> 0.25" in change.to_text()


def test_rows_added_removed_and_changed_in_several_columns(tmp_path):
    old = package(tmp_path / "old", ROWS)
    rows = [("r3", "F1", 1.0, 2025, "%"), ROWS[2], ("r1", "F2", 100.0, 2025, "万元"), ROWS[0]]  # re-sorted, r2/F2 gone
    figures = diff(old, package(tmp_path / "new", rows, "1.1.0")).tables["figures"]
    assert figures.added == [{"report_id": "r3", "figure_id": "F1", "value": 1, "period": 2025, "unit": "%"}]
    assert figures.removed == [{"report_id": "r2", "figure_id": "F2", "value": 0.125, "period": None, "unit": "%"}]
    assert figures.changed == [{"key": {"report_id": "r1", "figure_id": "F2"},
                                "fields": [{"field": "period", "old": 2024, "new": 2025},
                                           {"field": "unit", "old": "亿元", "new": "万元"}]}]


def test_a_table_moved_from_csv_to_parquet_compares_numbers_by_value(tmp_path):
    """6.50 and +100 in a CSV are the Parquet's 6.5 and 100.0; an empty cell is a null."""
    csv_rows = [("r1", "F1", "6.50", "2024", "%"), ("r1", "F2", "+100", "2024", "亿元"), ("r2", "F1", "", "2023", ""),
                ("r2", "F2", "0.125", "", "%")]
    old = package(tmp_path / "old", csv_rows, as_csv=True)
    assert diff(old, package(tmp_path / "new", ROWS, "1.0.1")).tables["figures"].empty
    rows = list(ROWS)
    rows[2] = ("r2", "F1", 3.0, 2023, "")
    figures = diff(old, package(tmp_path / "newer", rows, "1.0.2")).tables["figures"]
    assert figures.changed == [{"key": {"report_id": "r2", "figure_id": "F1"}, "fields": [{"field": "value", "old": None, "new": 3}]}]


def test_a_key_given_twice_is_compared_by_its_last_row(tmp_path):
    """Bad data (the checks refuse it), still diffed one way: a key's last row stands for it."""
    old = package(tmp_path / "old", ROWS)
    rows = ROWS + [("r1", "F1", 7.5, 2024, "%")]
    figures = diff(old, package(tmp_path / "new", rows, "1.0.1")).tables["figures"]
    assert not figures.added and not figures.removed
    assert figures.changed == [{"key": {"report_id": "r1", "figure_id": "F1"}, "fields": [{"field": "value", "old": 6.5, "new": 7.5}]}]


def test_an_empty_table_against_a_full_one(tmp_path):
    old = package(tmp_path / "old", [])
    new = package(tmp_path / "new", ROWS[:2], "1.1.0")
    assert [r["figure_id"] for r in diff(old, new).tables["figures"].added] == ["F1", "F2"]
    assert [r["figure_id"] for r in diff(new, old).tables["figures"].removed] == ["F1", "F2"]
