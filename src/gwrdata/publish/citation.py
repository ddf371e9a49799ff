"""What a release says about itself: title, date, how to cite it, what licence covers what.

The workbook's README sheet, the bundle's README.md, LICENSE and CITATION.cff, and the release
notes all say these things; they are derived here from the package descriptor (and so from the
recipe) so that the five never disagree, and so that a second report's recipe gets its own
citation without new code. Nothing here reads the clock: a release's date is the data's
``created`` date, which is what makes a rebuilt release byte-identical.
"""

from __future__ import annotations

import re

import yaml

CJK = re.compile(r"[\u3400-\u9fff]")
LICENSE_ZH = {
    "CC-BY-4.0": "知识共享 署名 4.0 国际许可协议 (CC BY 4.0)",
    "CC0-1.0": "知识共享 CC0 1.0 公共领域贡献",
    "ODC-BY-1.0": "开放数据共享署名许可 1.0",
}
LICENSE_TERMS = {
    "CC-BY-4.0": (
        "You are free to share (copy and redistribute in any medium or format) and adapt (remix,\n"
        "transform and build upon) the material for any purpose, even commercially, under these\n"
        "terms: attribution (give appropriate credit, provide a link to the licence, and indicate\n"
        "if changes were made) and no additional restrictions (you may not apply legal terms or\n"
        "technological measures that legally restrict others from doing anything the licence\n"
        "permits). The licence's legal code, which alone is binding, is at\n"
        "https://creativecommons.org/licenses/by/4.0/legalcode."
    ),
}


def split_title(title: str) -> tuple[str, str]:
    """'中文 — English' -> ('中文', 'English'); a title in one language goes to its side."""
    if " — " in title:
        left, right = title.split(" — ", 1)
        if CJK.search(left) and not CJK.search(right):
            return left, right
    return (title, "") if CJK.search(title) else ("", title)


def release_date(descriptor: dict) -> str:
    """The release's date: the day of the package's ``created`` timestamp (from the data)."""
    return str(descriptor["created"])[:10]


def date_time(descriptor: dict) -> tuple[int, int, int, int, int, int]:
    """``created`` as a zip/XLSX timestamp tuple (zip entries cannot predate 1980)."""
    created = str(descriptor["created"])
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}):(\d{2}))?", created)
    if not match:
        raise ValueError(f"created {created!r} is not an ISO 8601 date-time")
    parts = [int(p) if p else 0 for p in match.groups()]
    if parts[0] < 1980:
        parts = [1980, 1, 1, 0, 0, 0]
    return tuple(parts)  # type: ignore[return-value]


def authors(descriptor: dict) -> list[str]:
    people = [c.get("title") or c.get("name") for c in descriptor.get("contributors", [])
              if {"creator", "author"} & set(c.get("roles", [c.get("role", "")]))]
    return [p for p in people if p] or [c["title"] for c in descriptor.get("contributors", []) if c.get("title")]


def license_ids(descriptor: dict) -> list[str]:
    return [lic["name"] for lic in descriptor.get("licenses", []) if lic.get("name")]


def source_meta(descriptor: dict) -> dict:
    source = (descriptor.get("sources") or [{}])[0]
    zh, en = split_title(source.get("title", ""))
    extra = descriptor.get("gwrdata", {})
    return {"title_zh": zh, "title_en": en, "path": source.get("path", ""),
            "sha256": extra.get("source_sha256", "") or extra.get("reports_sha256", ""), "government_zh": extra.get("government_zh", ""),
            "government_en": extra.get("government_en", ""), "year": extra.get("report_year"),
            "license_note": extra.get("source_license_note", ""),
            "url": extra.get("source_url", ""), "retrieved": extra.get("source_retrieved", "")}


def citation_text(descriptor: dict, version: str) -> str:
    """One line a reader can paste into a bibliography (APA-like, for a data set)."""
    source = source_meta(descriptor)
    by = ", ".join(authors(descriptor)) or descriptor["name"]
    year = release_date(descriptor)[:4]
    text = f"{by} ({year}). {descriptor['title']} (Version {version}) [Data set]."
    if source["title_zh"] or source["title_en"]:
        gov = source["government_zh"] or source["government_en"]
        text += f" Source: {gov + ', ' if gov else ''}{source['title_zh'] or source['title_en']}."
    ids = license_ids(descriptor)
    if ids:
        text += f" License: {', '.join(ids)}."
    return text


def citation_cff(descriptor: dict, version: str) -> str:
    """CITATION.cff (CFF 1.2.0, type dataset) for this version of the data."""
    source = source_meta(descriptor)
    ids = license_ids(descriptor)
    cff: dict = {
        "cff-version": "1.2.0",
        "message": "If you use this dataset, please cite it as below. 如使用本数据，请按以下信息引用。",
        "type": "dataset",
        "title": descriptor["title"],
        "version": version,
        "date-released": release_date(descriptor),
        "abstract": descriptor.get("description", ""),
        "authors": [{"name": name} for name in authors(descriptor)] or [{"name": descriptor["name"]}],
        "keywords": list(descriptor.get("keywords", [])),
    }
    if ids:
        cff["license"] = ids[0] if len(ids) == 1 else ids
    if source["title_zh"] or source["title_en"]:
        gov = " ".join(filter(None, [source["government_zh"], f"({source['government_en']})" if source["government_en"] else ""]))
        reference = {"type": "report", "title": " — ".join(filter(None, [source["title_zh"], source["title_en"]])),
                     "authors": [{"name": gov or "unknown"}]}
        if source["year"]:
            reference["year"] = int(source["year"])
        if source["sha256"]:
            reference["notes"] = f"Vendored byte for byte as {source['path']} (SHA-256 {source['sha256']})."
        cff["references"] = [reference]
    header = f"# How to cite {descriptor['name']} {version}; generated by gwrdata from the package descriptor.\n"
    return header + yaml.safe_dump(cff, allow_unicode=True, sort_keys=False, width=100)


def license_text(descriptor: dict) -> str:
    """LICENSE for a release bundle: which licence covers what, and the source text's status."""
    name = descriptor["name"]
    lines = [f"Licences of {name}", "=" * len(f"Licences of {name}"), ""]
    for lic in descriptor.get("licenses", []):
        ident = lic.get("name", "")
        lines += [f"{lic.get('title') or ident}", f"SPDX: {ident}", f"URL: {lic.get('path', '')}", ""]
        if ident in LICENSE_TERMS:
            lines += [LICENSE_TERMS[ident], ""]
    lines += ["It covers the data tables (data/*.csv), the package descriptor (datapackage.json), the",
              "workbook (*.xlsx), this README and the validation report. Attribute it as:", "",
              f"    {citation_text(descriptor, descriptor['version'])}", ""]
    source = source_meta(descriptor)
    if source["path"]:
        lines += [f"The source text, {source['path']}", f"(SHA-256 {source['sha256']}),",
                  "is not covered by the licence above. Its status:", ""]
        lines += _wrap(source["license_note"] or "see the source's publisher.", 90)
        lines += [""]
    lines += ["The gwrdata toolkit that built this package is software under the MIT licence (its",
              "repository's LICENSE-CODE); that licence does not apply to the data."]
    return "\n".join(lines) + "\n"


def license_zh(ident: str) -> str:
    return LICENSE_ZH.get(ident, ident)


def _wrap(text: str, width: int) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + ([line] if line else [])
