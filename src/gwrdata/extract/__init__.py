"""Extract: report text to figure rows, each with its exact span.

Takes the text from ``gwrdata.read`` and hands on the report's structure (parts and chapters),
every number-like run found by the scanner, and for each a figure row (value, unit, qualifier,
measure, period, status, subject) or an exclusion with its reason; every digit of the text lies in
exactly one of them. The grammar's vocabulary is data in ``extract/data``. ``extract`` and
``write_extraction`` are the entry points; batch extraction of a folder lives in ``batch``.
"""


def __getattr__(name: str):
    # ``from gwrdata.extract import extract`` keeps working without importing the grammar at
    # ``import gwrdata.extract`` time.
    if name in ("extract", "write_extraction"):
        from gwrdata.extract import figures

        return getattr(figures, name)
    raise AttributeError(name)
