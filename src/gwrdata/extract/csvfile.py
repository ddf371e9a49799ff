"""CSV as gwrdata writes it: LF line ends, and every field holding CR or LF quoted.

Python 3.11's csv writer quotes a field only for the characters of its own line terminator, so
with ``\\n`` rows a bare CR in a subject is written unquoted and a reader splits the row there.
Writing each row with ``\\r\\n`` (which quotes both) and turning that row end into ``\\n`` gives
the same bytes as before for every row without CR, and a quoted field for every row with one.
"""

from __future__ import annotations

import csv
from typing import TextIO


class _LineEnds:
    """A file wrapper the csv writer writes whole rows to; each row's CRLF end becomes LF."""

    def __init__(self, handle: TextIO):
        self.handle = handle

    def write(self, row: str) -> int:
        return self.handle.write(row[:-2] + "\n" if row.endswith("\r\n") else row)


class Lines:
    """Rows kept in memory, each with its CRLF end made LF, for one write of the whole table."""

    def __init__(self):
        self.rows: list[str] = []

    def write(self, row: str) -> int:
        self.rows.append(row[:-2] + "\n" if row.endswith("\r\n") else row)
        return len(row)

    def text(self) -> str:
        return "".join(self.rows)


def writer(handle: TextIO | Lines):
    return csv.writer(handle if isinstance(handle, Lines) else _LineEnds(handle), lineterminator="\r\n")


def dict_writer(handle: TextIO, fieldnames: list[str], **options):
    return csv.DictWriter(_LineEnds(handle), fieldnames=fieldnames, lineterminator="\r\n", **options)
