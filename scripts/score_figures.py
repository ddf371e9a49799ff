"""Score the extractor against the figure labels made by reading reports of the mirror.

    python3 scripts/score_figures.py [--mirror ../shared/mirror] [SET ...]

SET names a label set of tests/labels/mirror/ (default: figures-c figures-d, the 2000s and 2010s
samples). Each report is extracted as the panel extracts it (dated by its text where the text
and its file name disagree), each labelled figure is located by its unique context, and the
script prints, per set and per report: recall (labelled figures the extractor finds at the same
span), value and unit, status and period agreement, then every disagreement of status or period;
last, over every set named, the same per level and decade (the level from the mirror's folder).
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
LEVELS = {"政府工作报告-国务院": "national", "政府工作报告-省自治区": "province",
          "政府工作报告-主要城市": "major-city", "政府工作报告-其他地市": "city"}


def stratum(path: str) -> tuple[str, str]:
    """(level, decade) of a mirror path: the level from its top folder, the decade from its year."""
    return LEVELS.get(path.split("/")[0], "other"), f"{Path(path).stem[:3]}0s"


def extract(mirror: Path, path: str):
    from gwrdata.extract import dating
    from gwrdata.extract.figures import extract as run
    from gwrdata.read.source import read_source

    source = read_source(mirror / path)
    filed = int(Path(path).stem[:4])
    year = dating.check(filed, dating.report_year(source.text)).year
    return source.text, run(source.text, year, name=path)


def main() -> int:
    from scoring import FIELDS, score

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", default=["figures-c", "figures-d"])
    parser.add_argument("--mirror", type=Path, default=ROOT.parent / "shared" / "mirror")
    parser.add_argument("--show", nargs="*", default=["status", "period"], help="the fields whose disagreements are listed")
    args = parser.parse_args()
    if not (args.mirror / "reports.csv").is_file():
        print(f"no mirror at {args.mirror}: give --mirror DIR", file=sys.stderr)
        return 2
    strata = defaultdict(lambda: ([], []))
    for name in args.sets:
        with open(ROOT / "tests" / "labels" / "mirror" / f"{name}.csv", encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        by_file = defaultdict(list)
        for row in rows:
            by_file[row["file"]].append(row)
        located, figures = [], []
        print(f"{name}: {len(rows)} labelled figures in {len(by_file)} reports")
        for file, labelled in sorted(by_file.items()):
            text, result = extract(args.mirror, file)
            mine = []
            for row in labelled:
                at = text.find(row["context"])
                start = at + row["context"].index(row["mention"])
                mine.append(dict(row, start=(file, start), end=start + len(row["mention"])))
            ours = [dict(f, start=(file, f["start"])) for f in result.figures]
            one = score(mine, ours, key=lambda r: (r["start"], int(r["end"])))
            print(f"  {file:<40} {len(labelled):>4}  recall {one['recall']:6.1%}  status {one['status']:6.1%}  period {one['period']:6.1%}")
            located += mine
            figures += ours
            strata[stratum(file)][0].extend(mine)
            strata[stratum(file)][1].extend(ours)
        result = score(located, figures, key=lambda r: (r["start"], int(r["end"])))
        print(f"  all: recall {result['recall']:.1%}, value and unit {result['value_and_unit']:.1%}; "
              + ", ".join(f"{field} {result[field]:.1%}" for field in FIELDS))
        for field in args.show:
            for label, figure in result["errors"][field]:
                print(f"    {field}: {label['file']} {label['mention']!r} in {label['context'][:40]!r}: "
                      f"label {label[field]}, extractor {figure[field]}")
    print(f"by level and decade ({', '.join(args.sets)}):")
    for (level, decade), (mine, ours) in sorted(strata.items()):
        one = score(mine, ours, key=lambda r: (r["start"], int(r["end"])))
        reports = len({row["file"] for row in mine})
        print(f"  {level:<10} {decade}  {reports:>2} reports {len(mine):>4} figures  recall {one['recall']:6.1%}  "
              f"status {one['status']:6.1%}  period {one['period']:6.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
