"""Text: a cell a spreadsheet would run as a formula is a hazard for every analyst who opens it.

Fields the registry marks ``verbatim`` (a mention, a sentence, a heading) are the source's own
characters, pinned to it by the span checks: a report that writes 完成-15.3% has the mention
-15.3%, and changing it would break the span. They are stored as text in the workbook and the
README says how to open the CSV with formulas off; every other text (curated or derived) is checked.
"""

from __future__ import annotations

from gwrdata.package.registry import field_definition, registry, resource_names
from gwrdata.package.safetext import FORMULA_LEADS, formula_like

from . import Failure, check, line


@check("text.no_formula_cells", "text", "No text cell starts with =, +, -, @, tab or CR (a spreadsheet would evaluate it as a formula).")
def no_formula_cells(pkg):
    failures, checked = [], 0
    for resource in resource_names():
        table = pkg.table(resource)
        for key in registry()["resources"][resource]["fields"]:
            definition = field_definition(key)
            column = definition["name"]
            if definition["type"] != "string" or definition.get("verbatim") or column not in table.columns:
                continue
            values = table[column]
            checked += len(values)
            for i in values.index[values.str[:1].isin(FORMULA_LEADS)]:
                value = values.at[i]
                if formula_like(value):
                    failures.append(Failure("text.no_formula_cells", resource, line(i), column, value,
                                            f"starts with {value[:1]!r}: a spreadsheet would run it as a formula"))
    return checked, failures
