"""A Parquet table read as text, cell for cell as a CSV of it would hold it.

Why: the checks, the suites and the diff read every table as text exactly as its CSV holds it
(an integer "2024", a number "6.5", an empty cell ""). A panel keeps its figures in Parquet (one
zstd file, a fifth of the CSV's size), so that table is turned into the same text here: integers
without a decimal point, numbers in their shortest round-trip form without a trailing ".0",
nulls as "". A file that is not Parquet is one line naming it.
"""

from __future__ import annotations

from pathlib import Path

from gwrdata.errors import InputError


def _number(value: float) -> str:
    text = repr(value)
    return text[:-2] if text.endswith(".0") else text


SLICE = 50_000  # rows turned into Python values at a time: a corpus's column at once takes gigabytes


def _in_slices(column, cell):
    """A column as text, ``cell`` applied to each value, a slice at a time."""
    import pyarrow as pa

    parts = [pa.array([cell(v) for v in column.slice(at, SLICE).to_pylist()], pa.string())
             for at in range(0, len(column), SLICE)]
    return pa.chunked_array(parts, pa.string())


def as_text(path: Path, where: object):
    """The table at ``path`` as a pandas frame of strings (``where`` names it in an error)."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except (pa.ArrowException, OSError) as err:
        raise InputError(where, "", f"not a readable Parquet file ({str(err).splitlines()[0][:200]})",
                         "rebuild the package, or restore the file from its release") from None
    columns = []
    for column in table.columns:
        kind = column.type
        if pa.types.is_floating(kind):
            column = _in_slices(column, lambda v: "" if v is None else _number(v))
        elif pa.types.is_boolean(kind):
            column = _in_slices(column, lambda v: "" if v is None else ("true" if v else "false"))
        else:
            column = pc.fill_null(pc.cast(column, pa.string()), "")
        columns.append(column)
    # Arrow-backed strings: a corpus's figures as Python objects would take gigabytes.
    text = pa.table(columns, names=table.column_names)
    return text.to_pandas(types_mapper=lambda _: pd.StringDtype("pyarrow"))
