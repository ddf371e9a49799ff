"""What a panel release covers, per level of government and decade: the table its notes open with.

Why: a reader of a panel needs to know, before using it, how much of each stratum it holds —
how many reports, in how many of them a paragraph of main targets was found, how many targets
they set, and how many of those have an outcome (met or missed) rather than none stated — so
that a thin decade or level is seen at once, not discovered after a regression.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

LEVELS = ("national", "province", "major-city", "city", "county", "other")


def _rows(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _decade(year: str) -> str:
    return f"{int(year) // 10 * 10}s"


def table(package: Path) -> list[str]:
    """Markdown lines: one row per level and decade of the panel's reports, and a total."""
    reports = _rows(package / "data" / "reports.csv")
    if not reports:
        return []
    quality = _rows(package / "data" / "quality.csv")
    attainment = _rows(package / "data" / "attainment.csv")
    level_of = {r["report_id"]: r["level"] for r in reports}
    year_of = {r["report_id"]: r["year"] for r in reports}
    key = lambda report_id: (level_of.get(report_id, ""), _decade(year_of[report_id]))  # noqa: E731
    counts: dict[str, Counter] = {name: Counter() for name in ("reports", "paragraph", "targets", "met", "missed", "unclear", "not_stated")}
    for r in reports:
        k = key(r["report_id"])
        counts["reports"][k] += 1
        counts["paragraph"][k] += r.get("target_paragraph", "none") != "none"
    for a in attainment:
        k = key(a["target_report_id"])
        counts["targets"][k] += 1
        counts[a["outcome"]][k] += 1
    left = Counter((q["level"], _decade(q["filed_year"])) for q in quality if q.get("status") == "left_out")
    strata = sorted(set(counts["reports"]) | set(left), key=lambda k: (LEVELS.index(k[0]) if k[0] in LEVELS else 99, k[0], k[1]))
    lines = ["| level | decade | reports | left out | target paragraph found | targets | met | missed | unclear | no result stated |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for k in strata:
        n = counts["reports"][k]
        found = counts["paragraph"][k]
        share = f" ({found / n:.0%})" if n else ""
        lines.append(f"| {k[0]} | {k[1]} | {n} | {left[k]} | {found}{share} | {counts['targets'][k]} | {counts['met'][k]} | "
                     f"{counts['missed'][k]} | {counts['unclear'][k]} | {counts['not_stated'][k]} |")
    total = {name: sum(c.values()) for name, c in counts.items()}
    lines.append(f"| all | | {total['reports']} | {sum(left.values())} | {total['paragraph']} | {total['targets']} | {total['met']} | "
                 f"{total['missed']} | {total['unclear']} | {total['not_stated']} |")
    differs = sum(1 for q in quality if q.get("year_check") == "differs")
    undecided = sum(1 for q in quality if q.get("year_check") == "undecided" and q.get("status") == "built")
    lines += ["", f"Years: {differs} reports' texts name another year than their file (dated by the text, or left out where "
                  f"another report holds that year); {undecided} texts give no year (the file's is kept). The quality table "
                  "lists each report with what was decided."]
    return lines


def without_targets(package: Path) -> list[str]:
    """Markdown lines: the reports that gave no target, by level and decade, each by its id.

    Why: a count says a stratum is thin; the list says which reports to read, so a user can see
    whether a report truly sets no target (a new-term report, a text cut short) or the toolkit
    missed its paragraph.
    """
    quality = [q for q in _rows(package / "data" / "quality.csv") if q.get("status") == "built"]
    if not quality:
        return []
    year = lambda q: q.get("text_year") or q["filed_year"]  # noqa: E731
    missing: dict[tuple[str, str], list[str]] = {}
    for q in sorted(quality, key=lambda q: (year(q), q["report_id"])):
        if q.get("targets", "0") in ("", "0"):
            missing.setdefault((q["level"], _decade(year(q))), []).append(q["report_id"])
    lines = [f"Reports with no target found: {sum(len(v) for v in missing.values())} of {len(quality)} "
             "(the quality table gives each one's target paragraph rule and figures)."]
    if missing:
        lines.append("")
    for k in sorted(missing, key=lambda k: (LEVELS.index(k[0]) if k[0] in LEVELS else 99, k[0], k[1])):
        lines.append(f"- {k[0]}, {k[1]} ({len(missing[k])}): " + ", ".join(missing[k]))
    return lines


def second_source(package: Path) -> list[str]:
    """Markdown lines: what the statistical communiqués added, and every year where a report's
    result and the communiqué's value differ by more than the tolerance (never averaged)."""
    attainment = [a for a in _rows(package / "data" / "attainment.csv") if a.get("communique_value")]
    if not attainment:
        return []
    taken = [a for a in attainment if a["result_source"] == "communique"]
    compared = [a for a in attainment if a["sources_differ"] in ("true", "false")]
    differ = sorted((a for a in compared if a["sources_differ"] == "true"), key=lambda a: (a["indicator_id"], int(a["year"])))
    lines = [f"Statistical communiqués: {len(attainment)} national targets have the communiqué's value beside them; "
             f"{len(taken)} results come from the communiqué where no report states one; of {len(compared)} results a "
             f"report states, {len(differ)} differ from the communiqué by more than 0.1"
             + (":" if differ else ".")]
    if differ:
        lines.append("")
        lines += [f"- {a['indicator_id']} {a['year']}: report {a['result_value']} ({a['result_report_id']}), "
                  f"communiqué {a['communique_value']} ({a['communique_path']})" for a in differ]
    return lines
