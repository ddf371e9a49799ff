"""Building a panel: many reports -> one package of targets and their outcomes.

Every report goes through the single-report pipeline (``transform.tables``: extraction, curation,
headline table) and nothing else, so a panel's figures are exactly the reports' figures. Two
consecutive reports of one government give a target (the plan of year Y) and its result (the
review of year Y in the report of Y+1); the outcome follows the codebook's rule (``outcome``).

A national panel is tens of thousands of reports and millions of figures, so nothing grows with
the panel in memory: each report's figures are streamed to ``figures.csv`` and to Parquet as the
report is done, its headline rows (and every result its review states, for targets an earlier
report set) go to an SQLite file in the staging folder, and the targets and attainment tables
are written from ordered queries over that file. The package is staged beside
``out`` and moved into place at the end; a bad report stops the build with its manifest row and
leaves nothing behind.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
from pathlib import Path

from gwrdata import __version__
from gwrdata.errors import InputError
from gwrdata.extract import csvfile
from gwrdata.package import descriptor as descriptors
from gwrdata.package import manifest as manifests
from gwrdata.package.outcome import as_index_change, judge, rule, sense_of
from gwrdata.package.recipe import Recipe
from gwrdata.package.registry import columns, field_definition, resource_names, resources_of
from gwrdata.read.source import sha256_file

PROFILE = "panel"
STALE_PREFIX = ".panel-build-"  # the staging folders of earlier gwrdata versions, removed when found
# The single-report tables every report of a panel gives, each one Parquet table keyed by report_id.
PER_REPORT = ("figures", "headline", "sections", "exclusions", "source_issues")
ZSTD_LEVEL = 9  # the corpus's figures 8% smaller than at zstd's default level, for about a second more
PARQUET_ROWS = 50_000  # rows per Parquet row group: bounded memory, few groups
HEADLINE_COLUMNS = ("report_id", "government", "report_year", "indicator_id", "year", "status", "value", "unit",
                    "qualifier", "measure", "direction", "figure_id", "figure_start", "text", "start", "end", "value_to",
                    "figure_id_to", "figure_start_to")


def codelist() -> list[dict]:
    """The shared bilingual indicator codelist every report's headline rows are keyed by."""
    from gwrdata.package.headline import shared_codelist

    return [{k: row.get(k, "") for k in columns("indicators", PROFILE)} for row in shared_codelist()]


def selection(recipe: Recipe) -> tuple[list[manifests.Entry], list, Path]:
    """The panel's reports, the reports of its years it leaves out (a corpus's second reports of
    a year), and the file whose rows errors name (the manifest, or the collection's list)."""
    if recipe.is_corpus:
        from gwrdata.package import corpus

        if recipe.corpus_root is None:
            corpus.root(None, recipe.folder / "recipe.yaml")  # raises: no folder given
        chosen = corpus.select(recipe.config, recipe.folder / "recipe.yaml", recipe.corpus_root)
        return chosen.entries, chosen.left, recipe.corpus_root / recipe.config["corpus"]["reports"]
    path = recipe.folder / recipe.config["reports"]
    return manifests.read(path, base=recipe.folder), [], path


def report_recipe(panel: Recipe, entry: manifests.Entry) -> Recipe:
    """One report of the panel as a recipe of its own: its source, year and hash, no curation
    (a folder ``reports/<report_id>/`` in the panel recipe may hold curated tables for it)."""
    return Recipe(panel.folder / "reports" / entry.report_id, {
        "name": entry.report_id, "version": panel.version,
        "title_zh": f"{entry.government}{entry.year}年政府工作报告", "title_en": "",
        "source": {"path": str(entry.path.resolve()), "report_year": entry.year},
    })


class TableSink:
    """One Parquet table (zstd) of the panel, written as reports arrive, one row group per 50 000
    rows: a corpus's figures are hundreds of thousands of rows, and a CSV of them would be five
    times the size. Each table of PER_REPORT goes through one."""

    def __init__(self, folder: Path, name: str):
        import pyarrow as pa
        import pyarrow.parquet as pq

        self.pa = pa
        self.names = columns(name, PROFILE)
        kinds = {"integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_()}
        self.types = [field_definition(key)["type"] for key in resources_of(PROFILE)[name]["fields"]]
        self.schema = pa.schema([(column, kinds.get(kind, pa.string())) for column, kind in zip(self.names, self.types)])
        self.parquet = pq.ParquetWriter(folder / f"{name}.parquet", self.schema, compression="zstd",
                                        compression_level=ZSTD_LEVEL, write_statistics=True, use_dictionary=True)
        self.buffer: list[list[str]] = []
        self.count = 0

    def add(self, rows: list[list[str]]) -> None:
        self.buffer.extend(rows)
        self.count += len(rows)
        if len(self.buffer) >= PARQUET_ROWS:
            self.flush()

    def add_dicts(self, rows: list[dict], **extra) -> None:
        """Rows as the single-report tables hold them, with ``extra`` cells (the report_id)."""
        self.add([[_cell(extra[name] if name in extra else row.get(name)) for name in self.names] for row in rows])

    def flush(self) -> None:
        if not self.buffer:
            return
        arrays = []
        for index, kind in enumerate(self.types):
            cells = [row[index] for row in self.buffer]
            if kind == "integer":
                arrays.append(self.pa.array([int(c) if c != "" else None for c in cells], self.pa.int64()))
            elif kind == "number":
                arrays.append(self.pa.array([float(c) if c != "" else None for c in cells], self.pa.float64()))
            else:
                arrays.append(self.pa.array([c if c != "" else None for c in cells], self.pa.string()))
        self.parquet.write_table(self.pa.Table.from_arrays(arrays, schema=self.schema))
        self.buffer = []

    def close(self) -> None:
        self.flush()
        self.parquet.close()


def _cell(value) -> str:
    return "" if value is None else str(value)


def build(recipe: Recipe, out: Path | None = None) -> dict:
    """Write the panel package into ``out`` (default: the recipe's); return the descriptor.

    Like a single report's build, the whole package (sources included) is written into a hidden
    folder beside ``out`` and swapped in by one rename (``swap``), holding the parent folder's
    lock: a build killed at any moment leaves the old package or the new one, and the next build
    removes what a killed one left. ``out`` must be new, empty or a package gwrdata wrote.
    """
    from gwrdata.package import swap

    out = Path(out) if out else recipe.out
    swap.check_replaceable(out)
    reports, left, manifest_path = selection(recipe)
    reports, quality = dated(reports, left, manifest_path)
    indicators = codelist()
    known = {row["indicator_id"] for row in indicators}
    with swap.locked(out.parent):
        swap.recover(out)
        swap.remove_stale(out.parent, STALE_PREFIX)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.build-", dir=out.parent))
        try:
            package = _write(recipe, staging, reports, quality, manifest_path, indicators, known)
            staging.chmod(0o755)
            swap.replace_folder(staging, out)
            staging = None
            return package
        finally:
            if staging is not None:
                shutil.rmtree(staging, ignore_errors=True)


def dated(reports: list, left: list, manifest_path: Path) -> tuple[list, dict]:
    """Each report dated by its own text, and the quality row of every report of the panel's years.

    The year a manifest or a collection files a report under is checked against the year its
    text says (extract.dating): where they differ, the report is dated by its text (its targets
    are that year's) unless another report of the government already holds that year, and then
    it is left out, with the reason in the quality table. A report whose own words name another
    government (its session line: 在池州市第三届人民代表大会, filed as 沧州市's: extract.issuer) is
    left out too, with those words as the reason: its targets are not the filed government's. Each
    text is read and its SHA-256 checked here, before anything is written.
    """
    from dataclasses import replace

    from gwrdata.extract import dating, issuer
    from gwrdata.package import divisions
    from gwrdata.read.source import read_source

    codes = divisions.by_government()
    checked = []
    for entry in reports:
        try:
            source = read_source(entry.path)
        except InputError as err:
            raise manifests.row_error(manifest_path, entry, err) from None
        except OSError as err:
            raise InputError(manifest_path, entry.where(), f"{entry.path}: cannot be read ({err.strerror})",
                             "check the file's permissions") from None
        if entry.sha256 and source.sha256 != entry.sha256:
            raise InputError(manifest_path, entry.where(), f"{entry.source or entry.path}: SHA-256 {source.sha256} differs from {entry.sha256} recorded here",
                             "restore the file byte for byte, or make a new version of the recipe for the new text")
        found = dating.report_year(source.text)
        status, year, reason = dating.check(entry.year, found)
        named = issuer.named_government(source.text)
        other = named if named is not None and not issuer.same_government(named.name, entry.government) else None
        checked.append((entry, found, status, year, reason, other))
    holders: dict[tuple[str, int], list] = {}
    for item in checked:
        if item[5] is None:
            holders.setdefault((item[0].government, item[3]), []).append(item)
    kept, quality = [], {}
    for entry, found, status, year, reason, other in checked:
        row = {"corpus_path": entry.source or str(entry.path), "government": entry.government,
               "government_code": codes.get(entry.government, {}).get("code", ""), "level": entry.level,
               "filed_year": entry.year, "text_year": found.year or "", "year_check": status,
               "year_evidence": f"{found.evidence}: {found.words}" if found.words else found.evidence, "status": "built", "reason": reason, "report_id": ""}
        if other is not None:
            row.update(status="left_out", reason=f"its {other.evidence} «{other.words}» names {other.name}, not "
                                                   f"{entry.government}: another government's report, so it is left out")
            quality[row["corpus_path"]] = row
            continue
        rivals = holders[(entry.government, year)]
        keeper = next((r for r in rivals if r[0].year == year), rivals[0])
        if keeper[0] is not entry:
            row.update(status="left_out", reason=f"{reason}; {keeper[0].source or keeper[0].path} is the "
                                                   f"{entry.government} {year} report already, so this one is left out")
        else:
            entry = replace(entry, year=year)
            row["report_id"] = entry.report_id
            kept.append(entry)
        quality[row["corpus_path"]] = row
    for gone in left:
        quality[gone.path] = {"corpus_path": gone.path, "government": gone.government,
                              "government_code": codes.get(gone.government, {}).get("code", ""), "level": gone.level,
                              "filed_year": gone.year, "text_year": "", "year_check": "undecided", "year_evidence": "not read",
                              "status": "left_out", "reason": gone.reason, "report_id": ""}
    return kept, quality


def _write(recipe: Recipe, staging: Path, reports: list, quality: dict, manifest_path: Path, indicators: list[dict], known: set) -> dict:
    """Every file of the package into ``staging``; the descriptor."""
    (staging / "data").mkdir()
    if not recipe.is_corpus:
        (staging / "sources").mkdir()
    store = sqlite3.connect(staging / "headline.sqlite")
    store.execute(f"CREATE TABLE headline ({', '.join(HEADLINE_COLUMNS)})")
    store.execute(f"CREATE TABLE stated ({', '.join(HEADLINE_COLUMNS)})")
    sinks = {name: TableSink(staging / "data", name) for name in PER_REPORT}
    built, report_rows, units = [], [], {}
    for entry in reports:
        try:
            row = _report(recipe, entry, manifest_path, staging, sinks, store, known, units)
        except InputError as err:
            if not recipe.is_corpus:  # a manifest is the user's list: a bad row is theirs to fix
                raise
            # A corpus is a published collection: a text the toolkit cannot read (no figures,
            # not a report) is listed with its reason, not dropped and not a stop.
            quality[entry.source].update(status="left_out", report_id="", reason=f"cannot be read: {err.problem}")
            continue
        built.append(entry)
        report_rows.append((row, quality[entry.source or str(entry.path)]))
        report_rows[-1][1].update(target_paragraph=row["target_paragraph"], figures=row["figures"])
    for sink in sinks.values():
        sink.close()
    store.commit()
    store.execute("CREATE INDEX result_key ON headline (government, indicator_id, year, status)")
    store.execute("CREATE INDEX stated_key ON stated (government, indicator_id, year, measure)")
    reports = built
    governments = _governments(reports)
    given = _targets_and_attainment(store, staging / "data", indicators, governments, _communiques(recipe, store, governments))
    store.close()
    (staging / "headline.sqlite").unlink()
    # A report's targets and results are counted in the tables they went to (a target of a year two
    # reports set is the one report's row), so the rows wait for those tables.
    for row, checked in report_rows:
        row.update(targets=given["targets"].get(row["report_id"], 0), results=given["results"].get(row["report_id"], 0))
        checked["targets"] = row["targets"]
    descriptors.write_rows(staging / "data" / "reports.csv", "reports", [row for row, _ in report_rows], PROFILE)
    descriptors.write_rows(staging / "data" / "governments.csv", "governments", governments, PROFILE)
    descriptors.write_rows(staging / "data" / "quality.csv", "quality", [quality[key] for key in sorted(quality)], PROFILE)
    descriptors.write_rows(staging / "data" / "indicators.csv", "indicators", indicators, PROFILE)
    descriptors.write_rows(staging / "data" / "units.csv", "units", [units[key] for key in sorted(units)], PROFILE)
    package = descriptor(recipe, staging, reports)
    (staging / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return package


def _report(recipe: Recipe, entry, manifest_path: Path, staging: Path, sinks: dict, store, known: set, units: dict) -> list:
    """Run one report through the single-report pipeline; stream its rows; return its reports row."""
    from gwrdata.package.transform import tables

    try:
        data, source, result, table = tables(report_recipe(recipe, entry))
    except InputError as err:
        raise manifests.row_error(manifest_path, entry, err) from None
    except OSError as err:
        raise InputError(manifest_path, entry.where(), f"{entry.path}: cannot be read ({err.strerror})",
                         "check the file's permissions") from None
    if entry.sha256 and source.sha256 != entry.sha256:  # changed since it was dated
        raise InputError(manifest_path, entry.where(), f"{entry.source or entry.path}: SHA-256 {source.sha256} differs from {entry.sha256} recorded here",
                         "restore the file byte for byte, or make a new version of the recipe for the new text")
    figures = data["figures"]
    if not figures:
        raise InputError(manifest_path, entry.where(), f"{entry.path}: no figures found: not a government work report",
                         "remove the row, or point it at the report's text")
    report_id = entry.report_id
    names = columns("figures", PROFILE)
    rows = []
    starts = {}
    from gwrdata.package.headline import range_ends

    upper = range_ends(figures)
    for figure in figures:
        starts[figure["figure_id"]] = figure["start"]
        cells = dict(figure, report_id=report_id)
        if cells.get("indicator_id") not in known:
            cells["indicator_id"] = ""  # an id of this report only (target_3), not of the shared codelist
        rows.append([_cell(cells.get(name)) for name in names])
    sinks["figures"].add(rows)
    # The headline rows of the shared codelist's indicators (an id of this report only, target_3,
    # has no row in the panel's indicators), as its figures blank such ids.
    sinks["headline"].add_dicts([h for h in data["headline"] if h["indicator_id"] in known], report_id=report_id)
    for name in ("sections", "exclusions", "source_issues"):
        sinks[name].add_dicts(data[name], report_id=report_id)
    for row in data["units"]:
        units.setdefault(row["unit"], row)  # a unit's row is its words' (transform.unit_rows): the first report's
    for name, headline_rows in (("headline", data["headline"]), ("stated", table.stated())):
        store.executemany(f"INSERT INTO {name} VALUES ({', '.join('?' * len(HEADLINE_COLUMNS))})", [
            (report_id, entry.government, entry.year, h["indicator_id"], int(h["year"]), _status(h), _cell(h.get("value")),
             _cell(h.get("unit")), _cell(h.get("qualifier")), _cell(h.get("compared_measure") or h.get("measure")),
             _cell(h.get("compared_direction") or h.get("direction")),
             _cell(h.get("figure_id")), _cell(starts.get(h.get("figure_id"), h.get("start"))), _cell(h.get("text")),
             _cell(h.get("start")), _cell(h.get("end")), *_upper(upper.get(h.get("figure_id")) if h["status"] == "target" else None))
            for h in headline_rows if h["indicator_id"] in known])
    if recipe.is_corpus:  # the text stays in the collection: its path there, and its address at the commit
        from gwrdata.package import corpus

        path, address = entry.source, corpus.url(recipe.config["corpus"], entry.source)
    else:
        path, address = f"sources/{report_id}{source.path.suffix}", ""
        shutil.copyfile(source.path, staging / path)
    from gwrdata.package import divisions

    paragraph = table.paragraph
    return {"report_id": report_id, "government": entry.government,
            "government_code": divisions.by_government().get(entry.government, {}).get("code", ""),
            "government_en": entry.government_en, "level": entry.level, "year": entry.year, "path": path,
            "sha256": source.sha256, "url": address, "figures": len(figures), "headings_found": "true" if result.headed else "false",
            "target_paragraph": paragraph.rule if paragraph is not None else "none",
            "targets": 0, "results": 0}  # counted in the targets and attainment tables once they are written


def _upper(high: dict | None) -> tuple[str, str, str]:
    """A range target's upper end: its value, figure id and offset (empty for one value)."""
    return (_cell(high["value"]), _cell(high["figure_id"]), _cell(high["start"])) if high else ("", "", "")


def _status(row: dict) -> str:
    """A headline row's status in the panel: a result stated in words that say how it stood
    against its target (未达到年初目标) is ``words``, and its outcome is what they say; words that
    say only how it went (国际收支基本平衡) are ``went``: stated in words, deciding nothing."""
    from gwrdata.package.outcome import words_say

    if row["status"] in ("actual", "estimate") and _cell(row.get("value")) == "":
        if words_say(row.get("text") or ""):
            return "words"
        if row.get("went"):
            return "went"
    return row["status"]


def _communiques(recipe: Recipe, store, governments: list[dict]) -> dict:
    """The statistical communiqués' values for the national government's target years, by
    (government, indicator, year): a corpus recipe that lists its communiqués
    (``corpus.communiques``) reads them; any other panel has none."""
    corpus = recipe.config.get("corpus") or {}
    national = [row["government"] for row in governments if row.get("level") == "national"]
    if not (recipe.is_corpus and corpus.get("communiques") and national):
        return {}
    from gwrdata.package import communique

    years = {int(row[0]) for row in store.execute(
        "SELECT DISTINCT year FROM headline WHERE status = 'target' AND government = ?", (national[0],))}
    found = communique.read(recipe.corpus_root, corpus, recipe.folder / "recipe.yaml", years)
    return {(national[0], r.indicator_id, r.year): r for r in found}


def _targets_and_attainment(store, folder: Path, indicators: list[dict], governments: list[dict], second: dict | None = None) -> dict[str, dict[str, int]]:
    """targets.csv and attainment.csv from ordered queries: one target per government × indicator
    × year (from the report of that year, else the latest), and the result a later report states;
    ``second``: the communiqués' values (``_communiques``), beside the report's or in its place.
    Returns how many targets and results each report gives, by report_id (``targets``, ``results``)."""
    given: dict[str, dict[str, int]] = {"targets": {}, "results": {}}
    by_id = {row["indicator_id"]: row for row in indicators}
    english = {row["government"]: row["government_en"] for row in governments}
    codes = {row["government"]: row["government_code"] for row in governments}
    store.row_factory = sqlite3.Row
    targets = store.execute(
        "SELECT * FROM headline WHERE status = 'target' "
        "ORDER BY government, indicator_id, year, report_year = year DESC, report_year DESC")
    results = store.cursor()
    t_names, a_names = columns("targets", PROFILE), columns("attainment", PROFILE)
    # Words said of a wider indicator say how each it covers stood (节能减排完成年度目标任务 for a
    # target of energy intensity): outcome.yaml, words_cover, as JSON lists for the query.
    covering: dict[str, list[list[str]]] = {}
    for cover in rule()["words_cover"]:
        covering.setdefault(cover["covers"], []).append([cover["indicator"], cover["word"]])
    covering = {indicator_id: json.dumps(wide, ensure_ascii=False) for indicator_id, wide in covering.items()}
    # A wider target stated only by the indicators it is made of (outcome.yaml, parts), as a JSON list.
    parts = {indicator_id: json.dumps(made_of) for indicator_id, made_of in rule()["parts"].items()}

    with open(folder / "targets.csv", "w", encoding="utf-8", newline="") as t_handle, \
            open(folder / "attainment.csv", "w", encoding="utf-8", newline="") as a_handle:
        t_writer, a_writer = csvfile.writer(t_handle), csvfile.writer(a_handle)
        t_writer.writerow(t_names)
        a_writer.writerow(a_names)
        last = None
        for target in targets:
            key = (target["government"], target["indicator_id"], target["year"])
            if key == last:
                continue
            last = key
            target = dict(target, government_code=codes.get(target["government"], ""))
            t_writer.writerow([_cell(target.get(name)) for name in t_names])
            given["targets"][target["report_id"]] = given["targets"].get(target["report_id"], 0) + 1
            # The earliest later report that states the result: its headline result row, else
            # what its review states of the indicator in the target's measure (a report that
            # sets no target for an indicator has no headline row for it); in the target's
            # measure first, so that a growth target is set beside a growth rate; a figure before
            # words that say how the target stood (words), which count where no figure does.
            # Where the report states neither, the year's level only (rank 2; a rate target's
            # measure is not a level) or the two halves of a pair only (rank 3: urban and rural
            # income for a target of all residents) are stated results that cannot decide the
            # target: result_status level or urban_rural, no value, the outcome outcome.yaml gives
            # them (undecided). A target in words only (no measure) takes a growth rate, else a
            # rate of the year (环境空气质量优良率95.1% for 环境空气质量稳定在前列), else
            # the year's level with its value (粮食产量保持稳定: 全年粮食产量312.8万吨): stated,
            # and no number decides a target in words (unclear). Last, words that say only how the
            # indicator went (rank 4, 国际收支基本平衡: outcome.yaml, went): words, unclear; and last of
            # all, a figure or words of an indicator the target is made of (rank 5, 空气质量优良率达71.4%
            # for 生态环境质量持续改善: outcome.yaml, parts): part, unclear.
            result = results.execute(
                "SELECT *, measure = :measure AS same_measure, 0 AS rank, status = 'actual' AS actual, value != '' AS figure, 1 AS decides, indicator_id = :indicator AS own FROM headline "
                "WHERE government = :government AND (indicator_id = :indicator OR status = 'words' AND EXISTS (SELECT 1 FROM json_each(:covering) AS c WHERE json_extract(c.value, '$[0]') = indicator_id AND instr(text, json_extract(c.value, '$[1]')) > 0)) "
                "AND year = :year AND (status IN ('actual', 'estimate') AND value != '' OR status = 'words') AND report_year > :year "
                "UNION ALL SELECT *, measure != 'share' OR :measure = 'share' AS same_measure, 1 AS rank, status = 'actual' AS actual, value != '' AS figure, 1 AS decides, indicator_id = :indicator AS own FROM stated "
                "WHERE government = :government AND (indicator_id = :indicator OR status = 'words' AND EXISTS (SELECT 1 FROM json_each(:covering) AS c WHERE json_extract(c.value, '$[0]') = indicator_id AND instr(text, json_extract(c.value, '$[1]')) > 0)) "
                "AND year = :year "
                "AND (measure = :measure AND measure != '' AND value != '' OR :measure = '' AND measure IN ('growth_rate', 'share') AND value != '' OR status = 'words') AND report_year > :year "
                "UNION ALL SELECT *, 0 AS same_measure, 2 AS rank, status = 'actual' AS actual, 0 AS figure, 0 AS decides, 1 AS own FROM stated "
                "WHERE government = :government AND indicator_id = :indicator AND year = :year "
                "AND measure = 'level' AND :measure != 'level' AND value != '' AND status IN ('actual', 'estimate') AND report_year > :year "
                "UNION ALL SELECT *, 0 AS same_measure, 3 AS rank, 1 AS actual, 0 AS figure, 0 AS decides, 1 AS own FROM stated "
                "WHERE government = :government AND indicator_id = :indicator AND year = :year AND status = 'urban_rural' AND report_year > :year "
                "UNION ALL SELECT *, 0 AS same_measure, 4 AS rank, 1 AS actual, 0 AS figure, 0 AS decides, 1 AS own FROM stated "
                "WHERE government = :government AND indicator_id = :indicator AND year = :year AND status = 'went' AND report_year > :year "
                "UNION ALL SELECT *, 0 AS same_measure, 5 AS rank, 1 AS actual, 0 AS figure, 0 AS decides, 0 AS own FROM stated "
                "WHERE government = :government AND indicator_id IN (SELECT value FROM json_each(:parts)) AND year = :year "
                "AND (status IN ('actual', 'estimate') AND value != '' OR status IN ('words', 'went')) AND report_year > :year "
                "ORDER BY report_year, decides DESC, figure DESC, own DESC, same_measure DESC, rank, actual DESC LIMIT 1",
                {"measure": target["measure"], "government": key[0], "indicator": key[1], "year": target["year"],
                 "covering": covering.get(key[1], "[]"), "parts": parts.get(key[1], "[]")}).fetchone()
            result = dict(result) if result else None
            if result is not None and result["rank"] == 2 and target["measure"] in ("growth_rate", ""):
                # 居民消费价格指数103.4 beside a growth target (or one in words): a change of 3.4%
                change = as_index_change(result)
                if change is not None:
                    result.update(change, rank=0, decides=1, figure=1)
            if result is not None and result["rank"] == 2 and (target["measure"] != "" or not _amount(result["unit"])):
                result.update(status="level", value="", unit="", qualifier="", direction="")
            if result is not None and result["rank"] == 5:  # a part of a wider target: how the part stood, not the whole
                result.update(status="part", value="", unit="", qualifier="", direction="")
            row = attainment_row(target, result, by_id[target["indicator_id"]], english.get(target["government"], ""),
                                 (second or {}).get((target["government"], target["indicator_id"], int(target["year"]))))
            a_writer.writerow([_cell(row[name]) for name in a_names])
            if row["result_report_id"]:
                given["results"][row["result_report_id"]] = given["results"].get(row["result_report_id"], 0) + 1
    return given


def _amount(unit: str) -> bool:
    """Is the unit an amount (万吨, 亿美元, 万人; headline.yaml level_units), not a count of items
    (306项) or a bare index (居民消费价格指数99.5)?"""
    from gwrdata.extract.lexicon import measure_words
    from gwrdata.package.headline import vocabulary
    from gwrdata.package.transform import figure_measure_word

    return measure_words().get(figure_measure_word(unit), {}).get("base_unit") in vocabulary()["level_units"]


def attainment_row(target: dict, result: dict | None, indicator: dict, government_en: str = "", communique=None) -> dict:
    """One attainment row, readable alone: the indicator's names and sense, the target's and the
    result's words with their spans, the result's value signed in the target's direction, the
    gap and the outcome by the codebook's rule.

    ``communique`` (a communique.Result) is the statistical communiqué's value for the year: kept
    beside the report's result (and flagged where the two differ by more than the tolerance), or
    the result itself where no report states one, or a report states only what cannot decide the
    target (a level: outcome.yaml, undecided)."""
    source = "report" if result is not None else ""
    # the communiqué's value before a report's result that cannot decide the target (a level)
    if communique is not None and (result is None or result["status"] in rule()["undecided"]):
        from gwrdata.package.communique import in_direction

        result = {"value": in_direction(communique.value, target.get("direction", "")), "unit": communique.unit, "status": communique.status, "measure": target.get("measure", ""),
                  "direction": "", "text": ""}
        source = "communique"
    value = ""
    if result is not None and result["value"] != "":
        opposite = result.get("direction") in ("up", "down") and (result["direction"] == "down") != (target.get("direction") == "down")
        value = f"-{result['value']}" if opposite and float(result["value"]) != 0 else result["value"]
    sense = sense_of(indicator["sense"], target.get("qualifier", ""), target.get("direction", ""))
    verdict, gap = judge(target, result, sense)
    stated = result or {}
    return {
        "government": target["government"], "government_code": target.get("government_code", ""),
        "government_en": government_en, "indicator_id": target["indicator_id"],
        "indicator_zh": indicator["name_zh"], "indicator_en": indicator["name_en"], "year": target["year"], "sense": sense,
        "target_value": target["value"], "target_value_to": target.get("value_to", ""),
        "target_start_to": target.get("figure_start_to", ""), "target_qualifier": target["qualifier"],
        "target_direction": target["direction"], "unit": target["unit"] or (stated.get("unit", "") if value and target["value"] == "" else ""),
        "result_value": value, "gap": "" if gap is None else str(gap), "outcome": verdict,
        # words that say only how it went (went: 国际收支基本平衡) are a result in words
        "result_status": ("words" if result["status"] == "went" else result["status"]) if result else "not_stated",
        "target_text": target["text"], "target_report_id": target["report_id"], "target_start": target["figure_start"],
        "target_text_start": target["start"], "target_text_end": target["end"],
        "result_text": stated.get("text", ""), "result_report_id": stated.get("report_id", ""),
        "result_start": stated.get("figure_start", ""), "result_text_start": stated.get("start", ""),
        "result_text_end": stated.get("end", ""), "result_source": source, **_communique_cells(communique, value, source),
    }


def _communique_cells(communique, value: str, source: str) -> dict:
    from gwrdata.package.communique import differs

    if communique is None:
        return dict.fromkeys(("communique_value", "communique_path", "communique_text", "communique_text_start",
                              "communique_text_end", "sources_differ"), "")
    compared = source == "report" and value != ""
    return {"communique_value": communique.value, "communique_path": communique.path, "communique_text": communique.text,
            "communique_text_start": communique.end - len(communique.text), "communique_text_end": communique.end,
            "sources_differ": ("true" if differs(value, communique.value) else "false") if compared else ""}


def _governments(reports: list) -> list[dict]:
    """The panel's governments: code, English name and province from the toolkit's governments
    list (package/data/governments.csv) where it holds them, else the manifest's words."""
    from gwrdata.package import divisions

    known = divisions.by_government()
    found: dict[str, dict] = {}
    for e in reports:
        listed = known.get(e.government, {})
        row = found.setdefault(e.government, {"government": e.government, "government_code": listed.get("code", ""),
                                              "government_en": listed.get("name_en", ""), "level": "",
                                              "province_code": listed.get("province_code", ""),
                                              "province_zh": listed.get("province_zh", "")})
        row["government_en"] = row["government_en"] or e.government_en
        row["level"] = row["level"] or e.level or listed.get("level", "")
    return [found[name] for name in sorted(found)]


def descriptor(recipe: Recipe, folder: Path, reports: list) -> dict:
    config = recipe.config
    years = sorted({e.year for e in reports})
    reports_file = folder / "data" / "reports.csv"
    return descriptors.package(
        recipe, [_sources(recipe, len(reports))],
        [descriptors.resource_entry(name, folder, PROFILE) for name in resource_names(PROFILE)], {
            "profile": PROFILE,
            "reports": len(reports),
            "governments": len({e.government for e in reports}),
            "years": [years[0], years[-1]],
            "reports_sha256": sha256_file(reports_file),
            **({"corpus": {key: config["corpus"][key] for key in ("title", "commit", "url", "reports", "reports_sha256", "from_year")}}
               if recipe.is_corpus else {}),
            "outcome_rule": dict(rule()["statement"]),
            "toolkit": f"gwrdata {__version__}",
        })


def _sources(recipe: Recipe, count: int) -> dict:
    """Where the reports' texts are: in the package (sources/), or in the collection at its commit."""
    if recipe.is_corpus:
        corpus = recipe.config["corpus"]
        return {"title": f"{count} government work reports of {corpus['title']} at commit {corpus['commit']}: "
                         "each listed in the reports table with its path there, its SHA-256 and its address",
                "path": corpus["url"].replace("{commit}", corpus["commit"]).replace("{path}", "")}
    return {"title": f"{count} government work reports — listed in the reports table, each with its SHA-256", "path": "sources/"}
