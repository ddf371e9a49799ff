"""Helpers for checks that work on whole columns at once instead of row by row.

A replicated package has a million figure rows; a Python loop over them costs seconds per check.
These helpers take the common, well-formed case through pandas/numpy and leave every unusual cell
to the same scalar Python the checks used before, so results and error messages stay identical.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def plain_digits(column: pd.Series) -> np.ndarray:
    """Cells of 1 to 18 ASCII digits: int() and numpy read them alike, and they fit in int64."""
    return (column.str.isdigit() & column.str.isascii() & (column.str.len() <= 18)).to_numpy(dtype=bool)


def ints(column: pd.Series) -> np.ndarray:
    """int(cell) for every cell, as an int64 array; raises the ValueError int() raises on a bad cell.

    Plain ASCII digits are converted in one go; any other cell (a sign, spaces, other scripts'
    digits, garbage) goes through int() itself, in row order, so the first bad cell raises.
    """
    plain = plain_digits(column)
    out = np.zeros(len(column), dtype=np.int64)
    out[plain] = column[plain].astype("int64").to_numpy()
    others = np.flatnonzero(~plain)
    return _put(out, others, [int(column.iloc[k]) for k in others])


def span_bounds(start: pd.Series, end: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(int(start), int(end)) per row, converting start then end row by row where not plain digits,
    so a bad cell raises the same ValueError, at the same row, as a row-by-row loop would."""
    plain = plain_digits(start) & plain_digits(end)
    starts = np.zeros(len(start), dtype=np.int64)
    ends = np.zeros(len(end), dtype=np.int64)
    starts[plain] = start[plain].astype("int64").to_numpy()
    ends[plain] = end[plain].astype("int64").to_numpy()
    others = np.flatnonzero(~plain)
    pairs = [(int(start.iloc[k]), int(end.iloc[k])) for k in others]
    return _put(starts, others, [s for s, _ in pairs]), _put(ends, others, [e for _, e in pairs])


def _put(out: np.ndarray, where: np.ndarray, values: list[int]) -> np.ndarray:
    """out[where] = values, as Python ints (an object array) if one is too big for int64."""
    if any(not -2**63 <= v < 2**63 for v in values):
        out = out.astype(object)
    out[where] = values
    return out


def codepoints(text: str) -> np.ndarray:
    """The text as an array of Unicode code points (one uint32 per character)."""
    return np.frombuffer(text.encode("utf-32-le", errors="surrogatepass"), dtype=np.uint32)


def char_mask(codes: np.ndarray, predicate) -> np.ndarray:
    """predicate(ch) for every character of the text, testing each distinct character only once."""
    distinct = np.flatnonzero(np.bincount(codes))
    chosen = np.zeros(int(distinct[-1]) + 1 if len(distinct) else 0, dtype=bool)
    chosen[[c for c in distinct.tolist() if predicate(chr(c))]] = True
    return chosen[codes]
