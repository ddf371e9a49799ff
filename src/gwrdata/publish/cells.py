"""A CSV cell as a spreadsheet or a diff reader sees it.

The workbook writes cells with this conversion and the diff compares them with it, so a value
compares in the diff exactly as it shows in the spreadsheet.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation


def cell_value(text: str, kind: str | None):
    """A CSV cell as readers see it: numbers as numbers (int when whole and exact in a float),
    empty as None, anything else as the text. The workbook and the diff both use it, so a
    value compares in the diff exactly as it shows in the spreadsheet."""
    if text == "":
        return None
    if kind in ("integer", "number"):
        try:
            number = Decimal(text)
        except InvalidOperation:
            return text
        if number == number.to_integral_value() and abs(number) < 2**53:
            return int(number)
        return float(number)
    return text
