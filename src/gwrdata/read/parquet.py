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


def _unreadable(where: object, err: Exception) -> InputError:
    return InputError(where, "", f"not a readable Parquet file ({str(err).splitlines()[0][:200]})",
                      "rebuild the package, or restore the file from its release")


def _text_column(column):
    """One column as text cells (an Arrow string column, no nulls)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = column.type
    if pa.types.is_floating(kind):
        return _in_slices(column, lambda v: "" if v is None else _number(v))
    if pa.types.is_boolean(kind):
        return _in_slices(column, lambda v: "" if v is None else ("true" if v else "false"))
    return pc.fill_null(pc.cast(column, pa.string()), "")


def _to_pandas(table):
    import pandas as pd

    # Arrow-backed strings: a corpus's figures as Python objects would take gigabytes.
    return table.to_pandas(types_mapper=lambda _: pd.StringDtype("pyarrow"))


def as_text(path: Path, where: object):
    """The table at ``path`` as a pandas frame of strings (``where`` names it in an error)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except (pa.ArrowException, OSError) as err:
        raise _unreadable(where, err) from None
    text = pa.table([_text_column(column) for column in table.columns], names=table.column_names)
    return _to_pandas(text)


class TextColumns:
    """The table at ``source`` one column at a time, each as the text ``as_text`` gives it.

    Why: the diff compares a corpus's figures (hundreds of thousands of rows) column by column;
    the whole table as text at once is most of a gigabyte, one column a few megabytes.
    """

    def __init__(self, source, where: object):
        import pyarrow as pa
        import pyarrow.parquet as pq

        self.where = where
        try:
            self._file = pq.ParquetFile(source)
            self.names = list(self._file.schema_arrow.names)
            self.rows = self._file.metadata.num_rows
        except (pa.ArrowException, OSError) as err:
            raise _unreadable(where, err) from None
        if len(set(self.names)) != len(self.names):
            raise InputError(where, "", f"a column is named twice in {self.names}", "rebuild the package, or restore the file from its release")

    def column(self, name: str):
        """The column ``name`` as a pandas series of strings, as in ``as_text``'s frame."""
        import pyarrow as pa

        try:
            table = self._file.read(columns=[name], use_threads=False)
        except (pa.ArrowException, OSError) as err:
            raise _unreadable(self.where, err) from None
        return _to_pandas(pa.table([_text_column(table.column(0))], names=[name]))[name]
