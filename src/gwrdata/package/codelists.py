"""docs/codelists.md: every code of every vocabulary, with its labels and definition.

Generated from the field registry (the one source of the labels the workbook, the descriptor's
``categories`` and the data page show), so the docs cannot say one thing and the data another:
a test regenerates it and compares. Regenerate with ``python -m gwrdata.package.codelists``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from gwrdata.package.registry import codelist, field_definition, registry

DOC = Path("docs") / "codelists.md"


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def markdown() -> str:
    used: dict[str, list[str]] = {}
    for name, spec in registry()["resources"].items():
        for key in spec["fields"]:
            definition = field_definition(key)
            if "vocabulary" in definition:
                used.setdefault(definition["vocabulary"], []).append(f"`{name}.{definition['name']}`")
    lines = ["# Codelists", "",
             "Every code of every controlled vocabulary of the package, with its English and Chinese label and",
             "what it means. Generated from `src/gwrdata/package/data/registry.yaml` by",
             "`python -m gwrdata.package.codelists`; the workbook's `codelists` sheet and the `categories` of",
             "the Table Schemas in `datapackage.json` come from the same entries. `docs/conventions.md` says",
             "how the extraction assigns them.", ""]
    for vocabulary in registry()["vocabularies"]:
        lines += [f"## {vocabulary}", "", f"Used in {', '.join(used.get(vocabulary, [])) or 'no column'}.", "",
                  "| code | English | 中文 | definition |", "|---|---|---|---|"]
        lines += [f"| `{_cell(e['code'])}` | {_cell(e.get('en', ''))} | {_cell(e.get('zh', ''))} | {_cell(e.get('definition', ''))} |"
                  for e in codelist(vocabulary)]
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DOC
    target.write_text(markdown(), encoding="utf-8")
    print(target)
