"""JSON from outside (a descriptor, a catalog), parsed or refused in one line.

Why one function: every JSON gwrdata reads from data can be not UTF-8, not JSON, or nested so
deep that the parser's recursion gives out; each of those is bad input with the same three
answers, so descriptors and catalogs say them the same way.
"""

from __future__ import annotations

import json

from gwrdata.errors import InputError


def parse(data: bytes, source: object, what: str, fix: str) -> object:
    """``data`` as JSON, or InputError naming ``source`` and where it went wrong."""
    try:
        return json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as err:
        raise InputError(source, f"byte {err.start}", "not UTF-8", fix) from None
    except json.JSONDecodeError as err:
        raise InputError(source, f"line {err.lineno}", f"not valid JSON ({err.msg})", fix) from None
    except RecursionError:
        raise InputError(source, "", f"nested too deeply to be {what}", fix) from None
