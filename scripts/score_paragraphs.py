#!/usr/bin/env python3
"""Benchmark: the paragraph of main expected targets over the whole mirror, and against labels.

Every report of the mirror's list (reports.csv) from --from-year on, without the second reports
of a year (a file with a suffix), goes through the single-report pipeline exactly as a panel
runs it (``panel.report_recipe`` and ``transform.tables``); its headline targets are read as the
panel reads them (codelist indicators only, the upper end of a range by ``headline.range_ends``).
Prints, per level × decade: reports, reports with a target paragraph, by form, and reports with
no target at all; then, against the labelled samples (tests/labels/mirror/targets-a.csv and
targets-b.csv, then targets-g.csv and targets-h.csv, each made by reading the reports): the paragraph found where the label says one
exists (and found where it says none does), the GDP target value right, the upper end of a GDP
target range right. Prints figures only; asserts nothing.

Run it with another checkout's interpreter to get that code's figures on the same reports, e.g.
main's: ``/work/main/.venv/bin/python scripts/score_paragraphs.py`` (a code without paragraph
forms counts an introducer's paragraph as ``introducer``). ``--json FILE`` keeps each report's
result, ``--compare FILE`` prints the reports whose result differs from such a file, and
``--from-json FILE`` prints the figures of such a file again (the labels' scores of a run made
before they were read).

    .venv/bin/python scripts/score_paragraphs.py [--mirror DIR] [--from-year 2000] [--jobs 2]
"""

from __future__ import annotations

import argparse
import csv
import json
import tempfile
import time
from collections import Counter
from decimal import Decimal, InvalidOperation
from multiprocessing import Pool
from pathlib import Path

from gwrdata.package import manifest as manifests
from gwrdata.package import panel
from gwrdata.package.headline import range_ends, shared_codelist
from gwrdata.package.recipe import Recipe
from gwrdata.package.transform import tables

ROOT = Path(__file__).resolve().parent.parent
LEVELS = ("national", "province", "major-city", "city", "county", "other")
# Each group of label sets is scored apart: targets-a and targets-b (reports from 2005 on) were
# held out when they were first scored; targets-g (2003–2012 and 2026) was labelled later (tuned on in china-gwr 3.0.1);
# targets-h (2003–2012 and 2026 again) was labelled after china-gwr 3.0.1, scored once with it, then read.
# targets-i (2003–2012 and 2026, a third time) was labelled after china-gwr 3.1.2, scored once with it, then read.
# targets-j (2003–2012 and 2026, a fourth time) was labelled after china-gwr 3.2.0, scored once with it, then read.
# targets-k (2003–2012, a fifth time) was labelled after the code of china-gwr 3.3.0 and scored once with it.
LABEL_GROUPS = [[ROOT / "tests" / "labels" / "mirror" / name for name in group]
                for group in (("targets-a.csv", "targets-b.csv"), ("targets-g.csv",), ("targets-h.csv",), ("targets-i.csv",), ("targets-j.csv",), ("targets-k.csv",))]

_panel: Recipe | None = None
_known: set[str] = set()


def _start(folder: str) -> None:
    global _panel, _known
    _panel = Recipe(Path(folder), {"name": "score-paragraphs", "version": "0.0.0"})
    _known = {row["indicator_id"] for row in shared_codelist()}


def one(job: tuple[int, dict, str]) -> dict:
    """One report through the pipeline: its paragraph (rule, form), targets and GDP target."""
    number, row, mirror = job
    entry = manifests.Entry(row=number, path=Path(mirror) / row["path"], government=row["government"],
                            year=int(row["year"]), level=row["level"], source=row["path"])
    out = {"path": row["path"], "level": row["level"], "year": int(row["year"]), "rule": "none", "form": "none",
           "targets": 0, "gdp": "", "gdp_to": "", "error": ""}
    try:
        data, _, _, table = tables(panel.report_recipe(_panel, entry))
    except Exception as err:  # a report the pipeline cannot read is counted, not a stop
        out["error"] = f"{type(err).__name__}: {err}"
        return out
    paragraph = table.paragraph
    if paragraph is not None:
        out["rule"] = paragraph.rule
        out["form"] = getattr(paragraph, "form", "list" if paragraph.rule == "list" else "introducer")
    targets = [h for h in data["headline"] if h["status"] == "target" and h["indicator_id"] in _known]
    out["targets"] = len(targets)
    gdp = next((h for h in targets if h["indicator_id"] == "gdp"), None)
    if gdp is not None and gdp["value"] != "":
        out["gdp"] = str(gdp["value"])
        high = range_ends(data["figures"]).get(gdp["figure_id"])
        out["gdp_to"] = str(high["value"]) if high else ""
    return out


def _same(a: str, b: str) -> bool:
    try:
        return a != "" and b != "" and Decimal(a) == Decimal(b)
    except InvalidOperation:
        return False


def _decade(year: int) -> str:
    return f"{year // 10 * 10}s"


def strata_table(results: list[dict], since: int) -> None:
    rows = [r for r in results if r["year"] >= since]
    forms = sorted({r["form"] for r in rows} - {"none"})
    key = lambda r: (r["level"], _decade(r["year"]))  # noqa: E731
    strata = sorted({key(r) for r in rows}, key=lambda k: (LEVELS.index(k[0]) if k[0] in LEVELS else 99, k))
    head = ["level", "decade", "reports", "paragraph", *forms, "no paragraph", "no target"]
    print(" | ".join(head))
    for stratum in [*strata, None]:
        chosen = rows if stratum is None else [r for r in rows if key(r) == stratum]
        counts = Counter(r["form"] for r in chosen)
        cells = {"reports": len(chosen), "paragraph": sum(r["form"] != "none" for r in chosen),
                 "no paragraph": counts["none"], "no target": sum(r["targets"] == 0 for r in chosen),
                 **{form: counts[form] for form in forms}}
        label = ["all", ""] if stratum is None else list(stratum)
        print(" | ".join(label + [str(cells[h]) for h in head[2:]]))


def label_scores(results: list[dict]) -> None:
    for group in LABEL_GROUPS:
        group_scores(results, group)


def group_scores(results: list[dict], group: list[Path]) -> None:
    by_path = {r["path"]: r for r in results}
    labelled = []
    for path in group:
        with open(path, encoding="utf-8", newline="") as handle:
            labelled += list(csv.DictReader(handle))
    scores = Counter()
    for label in labelled:
        got = by_path.get(label["path"])
        if got is None:
            scores["not in the run"] += 1
            continue
        found = got["form"] != "none"
        if label["has_target_paragraph"] == "yes":
            scores["paragraph labelled"] += 1
            scores["paragraph found"] += found
        else:
            scores["none labelled"] += 1
            scores["found where none labelled"] += found
        if label["gdp_target_value"]:
            scores["gdp labelled"] += 1
            scores["gdp right"] += _same(got["gdp"], label["gdp_target_value"])
        if label["gdp_target_value_to"]:
            scores["range labelled"] += 1
            scores["range upper right"] += _same(got["gdp_to"], label["gdp_target_value_to"])
    print(f"labelled reports: {len(labelled)} ({', '.join(p.name for p in group)})")
    print(f"paragraph found where labelled: {scores['paragraph found']}/{scores['paragraph labelled']}")
    print(f"paragraph found where the label says none: {scores['found where none labelled']}/{scores['none labelled']}")
    print(f"GDP target value right: {scores['gdp right']}/{scores['gdp labelled']}")
    print(f"GDP range upper end right: {scores['range upper right']}/{scores['range labelled']}")
    if scores["not in the run"]:
        print(f"labelled reports not in this run: {scores['not in the run']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mirror", type=Path, default=ROOT.parent / "shared" / "mirror")
    parser.add_argument("--from-year", type=int, default=2000)
    parser.add_argument("--since", type=int, nargs="*", default=[2000, 2005], help="print the strata table from these years")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--json", type=Path, help="write each report's result here")
    parser.add_argument("--compare", type=Path, help="a --json file of another run: list the reports that differ")
    parser.add_argument("--no-labels", action="store_true", help="leave out the scores against the labels")
    parser.add_argument("--from-json", type=Path, help="print the figures of a --json file of an earlier run instead of running")
    args = parser.parse_args()
    mirror = args.mirror.resolve()
    with open(mirror / "reports.csv", encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if not r["suffix"] and int(r["year"]) >= args.from_year]
    if args.from_json:
        wanted = {r["path"] for r in rows}
        results = [r for r in json.loads(args.from_json.read_text(encoding="utf-8")) if r["path"] in wanted]
        print(f"{len(results)} reports of {mirror} from {args.from_year}, as {args.from_json} records them")
    else:
        started = time.perf_counter()
        with tempfile.TemporaryDirectory() as folder, Pool(args.jobs, _start, (folder,)) as pool:
            results = list(pool.imap(one, [(n, row, str(mirror)) for n, row in enumerate(rows, start=1)], chunksize=4))
        seconds = time.perf_counter() - started
        print(f"{len(results)} reports of {mirror} from {args.from_year} in {seconds:.0f} s ({args.jobs} processes)")
    errors = [r for r in results if r["error"]]
    if errors:
        print(f"not read: {len(errors)} (first: {errors[0]['path']}: {errors[0]['error']})")
    for since in args.since:
        print(f"\nfrom {since} on: reports, with a target paragraph, by form; with no paragraph; with no target")
        strata_table(results, since)
    if not args.no_labels:
        print()
        label_scores(results)
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    if args.compare:
        before = {r["path"]: r for r in json.loads(args.compare.read_text(encoding="utf-8"))}
        changed = Counter()
        print(f"\nagainst {args.compare}:")
        for r in results:
            old = before.get(r["path"])
            if old is None or (old["form"], old["gdp"], old["gdp_to"]) == (r["form"], r["gdp"], r["gdp_to"]):
                continue
            kind = "found" if old["form"] == "none" else "lost" if r["form"] == "none" else "changed"
            changed[kind] += 1
            print(f"  {kind}: {r['path']} {old['rule']} {old['gdp'] or '-'} -> {r['rule']} {r['gdp'] or '-'}")
        print("  " + ", ".join(f"{k} {v}" for k, v in sorted(changed.items())))


if __name__ == "__main__":
    main()
