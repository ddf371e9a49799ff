"""The ``gwrdata`` command: thin verbs over the pipeline modules.

Exit codes: 0 success (valid), 1 invalid data, 2 usage or input error. Each verb imports what it
needs when it runs, so ``gwrdata --help`` answers at once.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from gwrdata.read import escape
from gwrdata.errors import InputError
from gwrdata.read.paths import MAX_SOURCE_BYTES

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
MAX_JOBS = 64


def _year(value: str) -> int:
    try:
        year = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--year takes a year such as 2024, not {value!r}") from None
    if not 1949 <= year <= 2100:
        raise argparse.ArgumentTypeError(f"--year {year} is outside 1949-2100")
    return year


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--jobs takes a number of processes, not {value!r}") from None
    if not 1 <= jobs <= MAX_JOBS:
        raise argparse.ArgumentTypeError(f"--jobs {jobs} is outside 1-{MAX_JOBS}")
    return jobs


def _size(value: str) -> int:
    try:
        size = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--max-size takes a number of bytes, not {value!r}") from None
    if size < 1:
        raise argparse.ArgumentTypeError(f"--max-size {size} is not a positive number of bytes")
    return size


def say(*parts, file=None, **kwargs) -> None:
    """print, for a line that holds names, paths or cells from data: one log line, whatever they hold."""
    print(*(escape.line(part) for part in parts), file=file or sys.stdout, **kwargs)


class _Parser(argparse.ArgumentParser):
    """argparse, with its usage errors on one line like every other error."""

    def error(self, message: str):
        self.exit(EXIT_USAGE, f"gwrdata: error: {self.prog}: {message}. Fix: see {self.prog} --help\n")


def cmd_extract(args: argparse.Namespace) -> int:
    if len(args.source) == 1 and not Path(args.source[0]).is_dir():
        return _extract_one(args)
    from gwrdata.extract.batch import run

    outcomes = run(args.source, Path(args.out), args.year, args.encoding, jobs=args.jobs, progress=not args.json,
                   max_bytes=args.max_size)
    failed = [o for o in outcomes if not o.ok]
    if args.json:
        print(json.dumps({"out": str(args.out), "reports": [o.__dict__ for o in outcomes]}, ensure_ascii=False))
    else:
        done = [o for o in outcomes if o.ok]
        say(f"{len(done)} of {len(outcomes)} reports extracted: {sum(o.figures for o in done)} figures -> {Path(args.out) / 'figures.csv'}")
        for outcome in failed:
            print(f"gwrdata: error: {escape.line(outcome.error)}", file=sys.stderr)
    return EXIT_USAGE if failed else EXIT_OK


def _extract_one(args: argparse.Namespace) -> int:
    from gwrdata.extract.batch import year_for
    from gwrdata.extract.figures import extract, write_extraction
    from gwrdata.read.source import read_source

    source = read_source(args.source[0], args.encoding, max_bytes=args.max_size)
    year = year_for(source.path, args.year)
    result = extract(source.text, year, name=source.path.name)
    if not result.figures:
        raise InputError(source.path, "whole file", "no figures found in the text",
                         "check that this is a government work report with numbers in it, and its --encoding")
    counts = write_extraction(result, Path(args.out))
    summary = {"source": str(source.path), "encoding": source.encoding, "sha256": source.sha256,
               "year": year, "out": str(args.out), "headings_found": result.headed, **counts}
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
    else:
        say(f"{source.path}: {counts['figures']} figures, {counts['exclusions']} exclusions, "
              f"{counts['source_issues']} source issues -> {args.out}")
        if not result.headed:
            say(f"{source.path}: no part headings found: each figure's period and status come from its "
                  f"sentence's cues and --year {year} (the parts found are in {Path(args.out) / 'sections.csv'})")
    return EXIT_OK


def cmd_init(args: argparse.Namespace) -> int:
    from gwrdata.package import recipe as recipes

    if args.reports:
        if args.source or args.year or args.government:
            raise InputError(args.reports, "", "--reports makes a panel recipe and takes no --source, --year or --government",
                             "give either --reports MANIFEST.csv, or --source FILE --year YEAR --government NAME")
        recipe = recipes.init_panel(Path(args.recipe), Path(args.reports), args.name)
        count = sum(1 for _ in open(recipe.folder / "reports.csv", encoding="utf-8")) - 1
        say(f"created {recipe.folder / 'recipe.yaml'} ({recipe.name}, a panel of {count} report{'' if count == 1 else 's'}); "
            f"build it with: gwrdata build {args.recipe}")
        return EXIT_OK
    missing = [flag for flag, value in (("--source", args.source), ("--year", args.year), ("--government", args.government)) if not value]
    if missing:
        raise InputError(args.recipe, "", f"{missing[0]} is missing", "give --source FILE --year YEAR --government NAME, or --reports MANIFEST.csv for a panel")
    recipe = recipes.init(Path(args.recipe), Path(args.source), args.year, args.government, args.name, max_bytes=args.max_size)
    say(f"created {recipe.folder / 'recipe.yaml'} ({recipe.name}); build it with: gwrdata build {args.recipe}")
    return EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    from gwrdata.package import recipe as recipes
    from gwrdata.package.build import build, row_count

    recipe = recipes.load(args.recipe).with_corpus(args.corpus)
    out = Path(args.out) if args.out else recipe.out
    package = build(recipe, out)
    counts = {r["name"]: row_count(out / r["path"]) for r in package["resources"] if "schema" in r}
    if args.json:
        print(json.dumps({"package": str(out / "datapackage.json"), "version": package["version"], "rows": counts}, ensure_ascii=False))
    else:
        say(f"built {out / 'datapackage.json'} ({package['name']} {package['version']}): "
              + ", ".join(f"{name} {count}" for name, count in counts.items()))
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    import os

    from gwrdata.checks.inputs import opened
    from gwrdata.checks.validate import validate_package

    given = args.package or [str(Path("datapackage") / "datapackage.json")]
    if args.report and len(given) > 1:
        raise InputError(args.report, "--report", "one report folder for several packages", "validate one package per --report, or drop --report")
    from gwrdata.publish.fetch import DownloadFailed

    fmt = "json" if args.json else args.format
    reports, files = [], []
    for item in given:
        try:
            path = _validation_target(item, args.catalog, args.offline)
        except DownloadFailed as err:
            print(f"gwrdata: error: {escape.line(err)}", file=sys.stderr)
            return EXIT_INVALID
        with opened(path) as descriptor:
            # An unzipped copy lives in a temporary folder: the report names what the user gave.
            unpacked = not descriptor.resolve().is_relative_to(Path(path).resolve())
            report = validate_package(descriptor, label=item if unpacked else str(descriptor), sources=_sources(args.sources))
            files.append({} if unpacked else _resource_files(descriptor))
        reports.append(report)
        if args.report:
            report.write(Path(args.report))
    valid = all(r.valid for r in reports)
    if fmt == "json":
        data = [r.to_dict() for r in reports]
        print(json.dumps(data[0] if len(data) == 1 else {"valid": valid, "packages": data}, ensure_ascii=False))
    elif fmt == "junit":
        from gwrdata.checks.formats import junit

        print(junit(reports), end="")
    elif fmt == "github":
        from gwrdata.checks.formats import github, write_summary

        print(github(reports, files), end="")
        if os.environ.get("GITHUB_STEP_SUMMARY"):
            write_summary(reports, os.environ["GITHUB_STEP_SUMMARY"])
    else:
        for report in reports:
            print(report.summary())
        if args.report:
            say(f"reports: {Path(args.report) / 'validation.json'}, {Path(args.report) / 'validation.html'}")
    return EXIT_OK if valid else EXIT_INVALID


def _sources(given: str | None) -> Path | None:
    """validate --sources: the folder a corpus panel's report paths are relative to."""
    if not given:
        return None
    if not Path(given).is_dir():
        raise InputError(given, "--sources", "no such folder", "give the corpus root: the folder that holds the reports' paths")
    return Path(given).resolve()


def _validation_target(item: str, catalog: str | None, offline: bool = False) -> str:
    """A recipe folder's package, a downloaded NAME@VERSION, or the path as given."""
    path = Path(item)
    if (path / "recipe.yaml").exists():
        from gwrdata.package import recipe as recipes

        return str(recipes.load(path).out / "datapackage.json")
    from gwrdata.publish.fetch import get, is_spec

    if is_spec(item):
        return str(get(item, catalog=catalog, offline=offline, report=_warning).folder)
    return item


def _warning(text: str) -> None:
    """A notice that is not an error (the cache used for an unreadable catalog): one line on stderr."""
    say(f"gwrdata: warning: {text}", file=sys.stderr)


def _resource_files(descriptor: Path) -> dict[str, str]:
    """Each resource's file as the user sees it (for annotations on the file and line)."""
    try:
        resources = json.loads(descriptor.read_text(encoding="utf-8")).get("resources", [])
        return {r["name"]: str(descriptor.parent / r["path"]) for r in resources if isinstance(r.get("path"), str)}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def cmd_get(args: argparse.Namespace) -> int:
    from gwrdata.publish.fetch import DownloadFailed, get

    try:
        fetched = get(args.dataset, catalog=args.catalog, to=args.to, progress=not args.json and sys.stderr.isatty(),
                      offline=args.offline, report=_warning)
    except DownloadFailed as err:
        print(f"gwrdata: error: {escape.line(err)}", file=sys.stderr)
        return EXIT_INVALID
    if args.json:
        print(json.dumps({"name": fetched.name, "version": fetched.version, "folder": str(fetched.folder),
                          "downloaded": fetched.downloaded}, ensure_ascii=False))
    else:
        how = f"downloaded {fetched.downloaded} files, verified" if fetched.downloaded else "already downloaded and verified"
        say(f"{fetched.name} {fetched.version}: {fetched.folder} ({how})")
    return EXIT_OK


def cmd_catalog(args: argparse.Namespace) -> int:
    from gwrdata.publish.catalog import build_catalog, write_catalog

    path = write_catalog(Path(args.dist))
    listing = build_catalog(Path(args.dist))
    if args.json:
        print(json.dumps({"catalog": str(path), "datasets": {d["name"]: [v["version"] for v in d["versions"]] for d in listing["datasets"]}}))
    else:
        say(f"wrote {path}: " + ("; ".join(f"{d['name']} {', '.join(v['version'] for v in d['versions'])} (latest {d['latest']})"
                                           for d in listing["datasets"]) or "no releases"))
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    return _found(args, [])


def cmd_search(args: argparse.Namespace) -> int:
    return _found(args, args.words)


def _found(args: argparse.Namespace, words: list[str]) -> int:
    from gwrdata.publish import search

    location, listing = search.read(args.catalog)
    records = search.search(listing, words)
    if args.json:
        print(json.dumps({"catalog": location, "words": words, "versions": [search.public(r) for r in records]}, ensure_ascii=False))
    elif records:
        print("\n".join(search.lines(records)))
    else:
        print(f"no dataset in {location} matches {' '.join(words)!r}" if words else f"no dataset in {location}")
    return EXIT_OK


def cmd_zenodo(args: argparse.Namespace) -> int:
    from gwrdata.checks.inputs import opened
    from gwrdata.publish.zenodo import zenodo_json

    with opened(args.package) as descriptor:
        from gwrdata.checks.validate import LoadedPackage

        package = LoadedPackage(descriptor)  # the same checks as validate: size, JSON, paths
        extra = package.descriptor.get("gwrdata")
        if not isinstance(extra, dict) or not all(isinstance(package.descriptor.get(k), str) for k in ("name", "title", "version")):
            raise InputError(descriptor, "", "is not a package gwrdata wrote (no gwrdata section, or no name, title or version)",
                             "give a release, zip or package made by gwrdata release or gwrdata build")
        try:
            print(zenodo_json(package.descriptor), end="")
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            raise InputError(descriptor, "", f"lacks what a deposit needs ({type(err).__name__}: {err})",
                             "give a release made by gwrdata release") from None
    return EXIT_OK


def cmd_release(args: argparse.Namespace) -> int:
    from gwrdata.package import recipe as recipes
    from gwrdata.publish.release import ReleaseRefused, release

    recipe = recipes.load(args.recipe).with_corpus(args.corpus)
    try:
        result = release(recipe, Path(args.dist), args.release_version)
    except ReleaseRefused as err:
        if args.json:
            print(json.dumps({"status": "refused", "message": str(err), "validation": err.report.to_dict()}, ensure_ascii=False))
        else:
            print(err.report.summary(), file=sys.stderr)
            say(f"gwrdata: release refused: {err}", file=sys.stderr)
        return EXIT_INVALID
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return EXIT_OK
    say(result["message"])
    if result["diff"]:
        say(f"  since the previous release: {result['diff']}")
    for file in result["files"]:
        say(f"  {file['name']}  {file['bytes']} bytes  sha256 {file['sha256']}")
    for warning in result["warnings"]:
        say(f"  warning: {warning}")
    return EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    from gwrdata.publish.diff import diff

    change = diff(args.old, args.new)
    if args.json:
        print(json.dumps(change.to_dict(), ensure_ascii=False))
    else:
        print(change.to_text(), end="")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="gwrdata",
        description="Turn a Chinese government work report into a traceable, validated data package.",
    )
    parser.add_argument("--version", action="version", version=_version())
    verbs = parser.add_subparsers(dest="verb", metavar="COMMAND", parser_class=_Parser)

    p = verbs.add_parser("extract", help="extract every figure of one or many report texts into CSV tables",
                         description="Write figures.csv, exclusions.csv, source_issues.csv and sections.csv for a report "
                                     "text (plain, HTML or Markdown). Given several files or a folder, extract them in "
                                     "parallel: one folder per report in DIR, and DIR/figures.csv whose rows start with the "
                                     "report, its path as given and its government (from a reports.csv manifest with path "
                                     "and government columns above the file, else the folder of a GOVERNMENT/YEAR.md file).")
    p.add_argument("source", nargs="+", metavar="SOURCE",
                   help="report text file(s), or folder(s) of .txt, .md and .html files")
    p.add_argument("--year", type=_year, help="the year the report is for (it reviews YEAR-1 and plans YEAR); "
                                               "default: the year in each file's name")
    p.add_argument("--out", required=True, metavar="DIR", help="folder to write the tables into")
    p.add_argument("--encoding", metavar="ENC", help="the files' encoding (default: detect BOM, UTF-8, GB18030)")
    p.add_argument("--jobs", type=_jobs, default=1, metavar="N", help=f"processes for a batch, 1-{MAX_JOBS} (default 1)")
    p.add_argument("--max-size", type=_size, default=MAX_SOURCE_BYTES, metavar="BYTES",
                   help=f"refuse a source file larger than this (default {MAX_SOURCE_BYTES})")
    p.add_argument("--json", action="store_true", help="print the summary as JSON (and no progress bar)")
    p.set_defaults(run=cmd_extract)

    p = verbs.add_parser("init", help="create a recipe folder for another report, or for a panel of many reports",
                         description="Copy a report text into a new recipe folder and write its recipe.yaml (with the text's SHA-256); "
                                     "with --reports, write a panel recipe for every report a manifest lists (with each text's SHA-256).")
    p.add_argument("recipe", help="the new recipe folder")
    p.add_argument("--source", metavar="FILE", help="the report's text file")
    p.add_argument("--year", type=_year, help="the year the report is for")
    p.add_argument("--government", metavar="NAME", help="the government that delivered it, e.g. 国务院 or 西安市人民政府")
    p.add_argument("--reports", metavar="MANIFEST.csv", help="a panel: a UTF-8 CSV with the columns path,government,year "
                                                         "(optional level, government_en), one row per report")
    p.add_argument("--name", help="the dataset name: lower-case ASCII letters, digits, '.', '_' and '-', starting with a "
                                  "letter or digit (default: the folder's name)")
    p.add_argument("--max-size", type=_size, default=MAX_SOURCE_BYTES, metavar="BYTES",
                   help=f"refuse a source file larger than this (default {MAX_SOURCE_BYTES})")
    p.set_defaults(run=cmd_init)

    p = verbs.add_parser("build", help="build a recipe's data package (default: the Shenyang 2024 recipe)",
                         description="Extract the recipe's source, apply its curated mappings, and write the CSV tables and datapackage.json.")
    p.add_argument("recipe", nargs="?", help="recipe folder (default: recipes/shenyang-2024)")
    p.add_argument("--out", metavar="DIR", help="folder to write the package into (default: the recipe's own)")
    p.add_argument("--corpus", metavar="DIR", help="a corpus recipe's collection folder, which holds its reports.csv "
                   "(default: $GWRDATA_MIRROR)")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(run=cmd_build)

    p = verbs.add_parser("validate", help="run every validation check on one or more packages (exit 0 valid, 1 invalid)",
                         description="Run frictionless, great-expectations and gwrdata's own checks on data packages "
                                     "(any Frictionless package gets the generic checks: frictionless, hashes, spans into a "
                                     "source_text); print a summary, optionally write JSON and HTML reports. Several packages "
                                     "are validated in one run, paying the great-expectations import once.")
    p.add_argument("package", nargs="*", help="datapackage.json, a package folder, a release folder, a -csv.zip, a recipe "
                                              "folder or NAME@VERSION from the catalog (default: datapackage/datapackage.json)")
    p.add_argument("--report", metavar="DIR", help="write validation.json and validation.html into DIR (one package)")
    p.add_argument("--sources", metavar="DIR", help="a corpus panel's report texts: the corpus root its reports' paths are "
                   "relative to (without it, the checks that read the texts are reported as skipped)")
    p.add_argument("--format", choices=("text", "json", "github", "junit"), default="text",
                   help="text (default), json, github (annotations, and the job summary when $GITHUB_STEP_SUMMARY is set) or junit XML")
    p.add_argument("--json", action="store_true", help="the same as --format json")
    p.add_argument("--catalog", metavar="URL|PATH", help="the catalog to download NAME@VERSION from (default: the public one)")
    p.add_argument("--offline", action="store_true", help="take NAME@VERSION from the cache only, making no request")
    p.set_defaults(run=cmd_validate)

    p = verbs.add_parser("get", help="download a released version, verify it and keep it in a cache",
                         description="Download NAME (its latest version) or NAME@VERSION from the catalog, check every file "
                                     "against the catalog's SHA-256 and the release's SHA256SUMS, and print the folder. A "
                                     "verified version is not downloaded again; the latest version a catalog named is trusted "
                                     "for a few minutes (latest_seconds in publishing.yaml, $GWRDATA_LATEST_SECONDS), and when "
                                     "the catalog cannot be read NAME is the newest cached version, with a warning.")
    p.add_argument("dataset", metavar="NAME[@VERSION]", help="e.g. shenyang-gwr-2024 or shenyang-gwr-2024@1.0.0")
    p.add_argument("--catalog", metavar="URL|PATH", help="catalog.json address, or a local dist/ folder (default: the public catalog)")
    p.add_argument("--to", metavar="DIR", help="keep the version in DIR/NAME-VERSION/ (default: the platform's cache folder, or $GWRDATA_CACHE)")
    p.add_argument("--offline", action="store_true", help="make no request: the cached version (NAME: the newest cached), "
                                                          "or exit 2 naming what is not cached")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(run=cmd_get)

    p = verbs.add_parser("list", help="list every dataset of the catalog with its versions",
                         description="Print every dataset of the catalog: its versions (newest first), title, governments, "
                                     "years and indicators. Nothing is downloaded but the catalog.")
    p.add_argument("--catalog", metavar="URL|PATH", help="catalog.json address, or a local dist/ folder (default: the public catalog)")
    p.add_argument("--json", action="store_true", help="print one record per dataset version as JSON")
    p.set_defaults(run=cmd_list)

    p = verbs.add_parser("search", help="find datasets by words: a government, a year, an indicator, a word of the title",
                         description="Print the datasets whose versions hold every WORD (case-insensitive, part of a word "
                                     "is enough) in their name, title, description, keywords, licences, governments, years, "
                                     "or indicator ids and names. No match is an empty result (exit 0).")
    p.add_argument("words", nargs="+", metavar="WORD", help="e.g. 沈阳 2024 gdp")
    p.add_argument("--catalog", metavar="URL|PATH", help="catalog.json address, or a local dist/ folder (default: the public catalog)")
    p.add_argument("--json", action="store_true", help="print one record per matching dataset version as JSON")
    p.set_defaults(run=cmd_search)

    p = verbs.add_parser("catalog", help="regenerate DIST/catalog.json from the releases in DIST",
                         description="Write DIST/catalog.json: every dataset and version released in DIST, each file's path, "
                                     "size and SHA-256, and the latest version per dataset (gwrdata release does this too).")
    p.add_argument("--dist", default="dist", metavar="DIR", help="folder that holds the releases (default: dist)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(run=cmd_catalog)

    p = verbs.add_parser("zenodo", help="print .zenodo.json (deposit metadata) for a package or release",
                         description="Print the Zenodo deposit metadata of a package, made from its descriptor, so a DOI "
                                     "can be minted for each version (write it to .zenodo.json at the top of the repository).")
    p.add_argument("package", help="a release folder, -csv.zip, package folder or datapackage.json")
    p.set_defaults(run=cmd_zenodo)

    p = verbs.add_parser("release", help="build, validate and bundle a version of the data into dist/",
                         description="Build the recipe's package, validate it (a failure releases nothing), and write "
                                     "DIST/<name>-<V>/: the XLSX, the CSV zip, SHA256SUMS, manifest.json and RELEASE-NOTES.md. "
                                     "A released version never changes.")
    p.add_argument("recipe", nargs="?", help="recipe folder (default: recipes/shenyang-2024)")
    p.add_argument("--dist", default="dist", metavar="DIR", help="folder that holds the releases (default: dist)")
    p.add_argument("--corpus", metavar="DIR", help="a corpus recipe's collection folder, which holds its reports.csv "
                   "(default: $GWRDATA_MIRROR)")
    p.add_argument("--version", dest="release_version", metavar="V",
                   help="version to release, MAJOR.MINOR.PATCH (default: proposed from the diff against the latest release)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(run=cmd_release)

    p = verbs.add_parser("diff", help="compare two releases by primary key",
                         description="Rows added, removed and changed per table, and schema changes, between two releases "
                                     "(release folders, -csv.zip bundles, package folders or datapackage.json files).")
    p.add_argument("old", help="the older release")
    p.add_argument("new", help="the newer release")
    p.add_argument("--json", action="store_true", help="print the diff as JSON")
    p.set_defaults(run=cmd_diff)
    return parser


def _version() -> str:
    from gwrdata import __version__

    return f"gwrdata {__version__}"


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return args.run(args)
    except InputError as err:
        print(f"gwrdata: error: {escape.line(err.message)}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader of the output went away (gwrdata list | head): nothing is wrong with the
        # input, and nothing more can be said to it. Standard output is pointed at nothing so
        # the interpreter's own flush at exit does not complain either.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as err:
        # A path the system refused (unwritable, a file where a folder is needed, a full disk):
        # the same one line, naming the path the system named.
        where = " -> ".join(str(f) for f in (err.filename, err.filename2) if f) or "a file"
        print(f"gwrdata: error: {escape.line(where)}: {escape.line(err.strerror or err)}. Fix: check the path, that it is the kind "
              "(file or folder) the command expects, and its permissions", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("gwrdata: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
