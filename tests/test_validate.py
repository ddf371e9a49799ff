"""Validation: the real package passes; each check fails on a package corrupted in its way.

Every corruption is made on a copy, and the descriptor's hashes and sizes are re-stamped as a
careless rebuild would leave them, so only the check under test (not a stale hash) can see it.
"""

import csv
import hashlib
import io
import json
import shutil

import pytest

from gwrdata.cli import main
from gwrdata.checks import all_checks

from conftest import ROOT

PACKAGE = ROOT / "datapackage"


def restamp(folder):
    path = folder / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        data = (folder / resource["path"]).read_bytes()
        resource["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
        resource["bytes"] = len(data)
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")


def edit(folder, table, change):
    """Apply change(rows) to data/<table>.csv; it returns the 0-based row index it touched."""
    path = folder / "data" / f"{table}.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, list(reader)
    index = change(rows)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return index


def first(rows, **where):
    return next(i for i, r in enumerate(rows) if all(r[k] == v for k, v in where.items()))


@pytest.fixture
def copy(tmp_path):
    folder = tmp_path / "package"
    shutil.copytree(PACKAGE, folder)
    return folder


def run(folder, capsys):
    code = main(["validate", str(folder / "datapackage.json"), "--json"])
    return code, json.loads(capsys.readouterr().out)


def failures(report, check):
    return [f for c in report["checks"] for f in c["failures"] if f["check"] == check or c["name"] == check]


def test_the_real_package_is_valid_and_reports_are_written(tmp_path, capsys):
    code = main(["validate", str(PACKAGE / "datapackage.json"), "--report", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 0 and "VALID" in out
    for check in all_checks():
        assert check.name in out
    report = json.loads((tmp_path / "validation.json").read_text(encoding="utf-8"))
    from gwrdata.package.registry import resource_names

    assert report["valid"] and len(report["checks"]) == len(all_checks()) + 1 + len(resource_names())
    html = (tmp_path / "validation.html").read_text(encoding="utf-8")
    assert "provenance.digit_coverage" in html and "VALID" in html


def setting(where: dict, **updates):
    """A corruption: in the first row matching ``where``, set fields (a callable derives from the row)."""
    def change(rows):
        i = first(rows, **where)
        for name, value in updates.items():
            rows[i][name] = value(rows[i]) if callable(value) else value
        return i
    return change


def shifted(row, by=1):
    return {"start": str(int(row["start"]) + by), "end": str(int(row["end"]) + by)}


def _span(rows):
    i = first(rows, mention="563亿元")
    rows[i].update(shifted(rows[i]))
    return i


def _duplicate_key(rows):
    rows[1]["figure_id"] = rows[0]["figure_id"]
    return 1


CORRUPTIONS = [
    # (what, table, change, check, resource, field)
    ("a share of 120%", "figures", setting({"measure": "share", "base_unit": "percent"}, value="120", base_value="120"), "percent.share_range", "figures", "value"),
    ("a target with period 2023", "figures", setting({"status": "target"}, period="2023"), "years.status_period", "figures", "period"),
    ("a base_value off by a factor of 10", "figures", setting({"unit": "亿元"}, base_value=lambda r: str(int(r["base_value"]) * 10)), "units.base_value", "figures", "base_value"),
    ("a unit missing from the codelist", "figures", setting({"unit": "万亩"}, unit="万吨"), "units.in_codelist", "figures", "unit"),
    ("a unit lost from 亿元 (empty, multiplier 1e8)", "figures", setting({"unit": "亿元"}, unit=""), "units.bare_number", "figures", "unit"),
    ("a unit lost from a count (empty, the mention ends in 个)", "figures", setting({"unit": "个"}, unit=""), "units.bare_number", "figures", "unit"),
    ("a span shifted by one character", "figures", _span, "provenance.spans", "figures", "mention"),
    ("a headline value that differs from its figure", "headline", setting({"indicator_id": "gdp", "status": "target"}, value="7"), "cross.headline_matches_figure", "headline", "value"),
    ("a foreign key to nothing", "figures", setting({"section_id": "p1c2"}, section_id="p9c9"), "cross.references_exist", "figures", "section_id"),
    ("a duplicate primary key", "figures", _duplicate_key, "structure.frictionless", "figures", "figure_id"),
    ("a duplicate primary key (gx)", "figures", _duplicate_key, "gx.figures.unique.figure_id", "figures", "figure_id"),
    ("a percent value that is not a number", "figures", setting({"base_unit": "percent"}, value="n/a"), "percent.numeric", "figures", "value"),
    ("a fall of 150%", "figures", setting({"measure": "growth_rate", "direction": "down"}, value="150", base_value="150"), "percent.growth_range", "figures", "value"),
    ("a share of more than 100%", "figures", setting({"measure": "share", "base_unit": "percent"}, value="100", base_value="100", qualifier="more_than"), "percent.share_range", "figures", "value"),
    ("a result dated in the report year in a part about the year before", "figures", setting({"status": "actual", "section_id": "p1c2"}, period="2024"), "years.status_period", "figures", "period"),
    ("percent stored as percentage points", "figures", setting({"base_unit": "percent"}, unit="%", base_unit="percentage_point"), "percent.points_not_percent", "figures", "base_unit"),
    ("a decrease with direction up", "figures", setting({"measure": "growth_rate", "direction": "down"}, direction="up"), "percent.decrease_direction", "figures", "direction"),
    ("an indicator in two base units", "figures", setting({"indicator_id": "gdp"}, base_unit="permille"), "units.one_base_per_indicator", "figures", "base_unit"),
    ("a period that is not an integer", "figures", setting({"status": "actual"}, period="2023.5"), "years.integer", "figures", "period"),
    ("a year before 1949", "figures", setting({"status": "actual"}, period="1900"), "years.stated_range", "figures", "period"),
    ("an upper end with no figure of it", "headline", setting({"indicator_id": "gdp", "status": "target"}, value_to="6.5"), "cross.range_ends", "headline", "figure_id_to"),
    ("a period outside the figure's years", "figures", setting({"status": "actual"}, period_from=lambda r: str(int(r["period"]) + 1)), "years.span", "figures", "period"),
    ("a review figure dated two years back", "figures", setting({"status": "actual", "section_id": "p1c2"}, period="2022"), "years.section_period", "figures", "period"),
    ("a qualifier outside its vocabulary", "figures", setting({"qualifier": "approx"}, qualifier="roughly"), "gx.figures.in_set.qualifier", "figures", "qualifier"),
    ("亿元 with the multiplier of 万", "units", setting({"unit": "亿元"}, multiplier="10000"), "units.magnitude", "units", "multiplier"),
    ("a subject that a spreadsheet runs as a formula", "figures", setting({"unit": "亿元"}, subject_en='=HYPERLINK("http://x","GDP")'), "text.no_formula_cells", "figures", "subject_en"),
    ("a title starting with @", "sections", setting({"section_id": "p1"}, title_en="@SUM(1)"), "text.no_formula_cells", "sections", "title_en"),
    ("a fall with a positive signed_value", "figures", setting({"direction": "down"}, signed_value=lambda r: r["value"]), "cross.signed_value", "figures", "signed_value"),
    ("a headline fall with a positive signed_value", "headline", setting({"direction": "down"}, signed_value=lambda r: r["value"]), "cross.signed_value", "headline", "signed_value"),
    ("a headline name that is not its indicator's", "headline", setting({"indicator_id": "gdp", "status": "target"}, name_en="GDP growth"), "cross.headline_names", "headline", "name_en"),
    ("a change that is not target minus result", "targets_results", setting({"indicator_id": "gdp"}, change="1"), "cross.targets_results", "targets_results", "change"),
    ("a wide-view target that is not the headline's", "targets_results", setting({"indicator_id": "energy_intensity"}, target_value="3.2"), "cross.targets_results", "targets_results", "target_value"),
]


@pytest.mark.parametrize("what,table,change,check,resource,field", CORRUPTIONS, ids=[c[0] for c in CORRUPTIONS])
def test_each_corruption_is_caught_by_its_check(copy, capsys, what, table, change, check, resource, field):
    index = edit(copy, table, change)
    restamp(copy)
    code, report = run(copy, capsys)
    assert code == 1 and not report["valid"]
    found = failures(report, check)
    assert found, f"{check} did not see {what}"
    assert any(f["resource"] == resource and f["field"] == field and f["row"] == index + 2 for f in found), found[:3]


def test_the_figure_a_change_starts_from_may_be_dated_before_its_section(copy, capsys):
    """years.section_period accepts an earlier year for the figure a change starts from (由X提高到Y),
    by the extraction's own words for it; the same period in a plain sentence fails above."""
    def change(rows):
        i = first(rows, status="actual", section_id="p1c2")
        rows[i]["period"] = str(int(rows[i]["period"]) - 2)
        rows[i]["sentence"] = f"全市城镇化率由{rows[i]['mention']}提高到65%。"
        return i

    index = edit(copy, "figures", change)
    restamp(copy)
    _, report = run(copy, capsys)
    assert not [f for f in failures(report, "years.section_period") if f["row"] == index + 2]

@pytest.mark.parametrize("sentence, excused", [("去年新增就业{m}。", True), ("培育10家以上年主营业务收入超{m}的企业。", False),
                                               ("税收收入以上年为基数增长{m}。", False)])
def test_only_a_word_of_the_past_dates_a_plan_figure_the_year_before(copy, capsys, sentence, excused):
    """years.section_period takes 去年 as the year before, but not 以上年: 10家以上年… is "ten or
    more of annual…", and 以上年为基数 makes the year before a base, as 比上年 does."""
    def change(rows):
        i = first(rows, status="target")
        rows[i]["period"] = str(int(rows[i]["period"]) - 1)
        rows[i]["sentence"] = sentence.format(m=rows[i]["mention"])
        return i

    index = edit(copy, "figures", change)
    restamp(copy)
    _, report = run(copy, capsys)
    flagged = [f for f in failures(report, "years.section_period") if f["row"] == index + 2]
    assert (not flagged) == excused, flagged


def test_an_edited_source_is_caught(copy, capsys):
    path = next((copy / "sources").glob("*.txt"))
    path.write_bytes(path.read_bytes().replace("各位代表".encode(), "诸位代表".encode(), 1))
    restamp(copy)
    code, report = run(copy, capsys)
    assert code == 1
    found = failures(report, "provenance.source_hash")
    assert found and found[0]["resource"] == "source_text"


def test_overlapping_spans_are_caught(copy, capsys):
    def overlap(rows):
        i = first(rows, reason="name")
        rows.append(dict(rows[i], start=str(int(rows[i]["start"]) + 1), mention=rows[i]["mention"][1:]))
        return len(rows) - 1
    index = edit(copy, "exclusions", overlap)
    restamp(copy)
    code, report = run(copy, capsys)
    found = failures(report, "provenance.no_overlap")
    assert code == 1 and any(f["resource"] == "exclusions" and f["row"] == index + 2 for f in found)


def test_an_uncounted_digit_is_caught(copy, capsys):
    def drop(rows):
        i = first(rows, mention="12345热线")
        del rows[i]
        return i
    edit(copy, "exclusions", drop)
    restamp(copy)
    code, report = run(copy, capsys)
    found = failures(report, "provenance.digit_coverage")
    assert code == 1 and len(found) == 5
    assert all(f["resource"] == "source_text" and "12345热线" in f["quote"].replace("【", "").replace("】", "") for f in found)


def test_a_missing_target_row_is_caught(copy, capsys):
    def drop(rows):
        i = first(rows, indicator_id="rd_expenditure", status="target")
        del rows[i]
        return i
    edit(copy, "headline", drop)
    restamp(copy)
    code, report = run(copy, capsys)
    found = failures(report, "cross.headline_covers_targets")
    assert code == 1 and found and "研发经费" in found[0]["value"]


def test_every_check_has_a_corruption_test():
    tested = {c[3] for c in CORRUPTIONS} | {"provenance.source_hash", "provenance.no_overlap",
                                              "provenance.digit_coverage", "cross.headline_covers_targets"}
    assert {check.name for check in all_checks()} <= tested


def test_usage_errors_exit_2(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nothing.json")]) == 2
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    assert main(["validate", str(tmp_path / "bad.json")]) == 2
    err = capsys.readouterr().err
    assert "not valid JSON" in err and "bad.json" in err


def test_suites_are_generated_from_the_registry():
    from gwrdata.package.registry import resource_names
    from gwrdata.checks.suites import suite_text

    for name in resource_names():
        committed = (ROOT / "validation" / "gx" / f"{name}.json").read_text(encoding="utf-8")
        assert committed == suite_text(name), f"validation/gx/{name}.json drifted: run python -m gwrdata.checks.suites"


def test_suites_load_in_great_expectations():
    import great_expectations as gx

    from gwrdata.package.registry import resource_names
    from gwrdata.checks.suites import load

    for name in resource_names():
        assert len(gx.ExpectationSuite(**load(name)).expectations) > 3


def test_validation_readme_lists_every_check():
    readme = (ROOT / "validation" / "README.md").read_text(encoding="utf-8")
    for check in all_checks():
        assert f"`{check.name}`" in readme
    from gwrdata.package.registry import resource_names

    for name in resource_names():
        assert f"`gx.{name}`" in readme


def test_html_report_renders_in_chromium(tmp_path, capsys):
    from browser import chromium_page

    assert main(["validate", str(PACKAGE / "datapackage.json"), "--report", str(tmp_path)]) == 0
    capsys.readouterr()
    with chromium_page() as page:
        page.goto((tmp_path / "validation.html").as_uri())
        shown = page.inner_text("body")
    assert "VALID" in page_verdict(shown)
    for check in all_checks():
        assert check.name in shown


def page_verdict(text):
    return text.split("Checks", 1)[0]


def test_a_validator_reports_on_many_packages_as_on_each_alone(copy, tmp_path):
    """One Validator, several packages: each gets the report validate_package gives it; keys are
    unique within a package (the same ids in two packages are no duplicate), and a package's
    failures are its own, at its own rows."""
    from gwrdata.checks.validate import Validator, validate_package

    share = edit(copy, "figures", setting({"measure": "share", "base_unit": "percent"}, value="120", base_value="120", signed_value="120"))
    restamp(copy)
    duplicate = tmp_path / "duplicate"
    shutil.copytree(PACKAGE, duplicate)
    edit(duplicate, "figures", _duplicate_key)
    restamp(duplicate)
    with Validator() as validator:
        clean, shared, doubled, again = validator.validate_many([PACKAGE, copy, duplicate, PACKAGE])
    alone = validate_package(PACKAGE).to_dict()
    for report in (clean, again):
        assert report.valid and {**report.to_dict(), "timings": {}} == {**alone, "timings": {}}
    assert not shared.valid
    assert [(f.check, f.row) for r in shared.results for f in r.failures] == [("percent.share_range", share + 2)]
    assert not doubled.valid
    found = [f for r in doubled.results if r.name == "gx.figures" for f in r.failures]
    assert [(f.check, f.row) for f in found] == [("gx.figures.unique.figure_id", 2), ("gx.figures.unique.figure_id", 3)]


def test_an_item_cut_at_a_dun_comma_is_covered_by_its_two_rows_and_not_by_one():
    """城镇登记失业率控制在4.5%以内、调查失业率控制在5.5%以内 is one item of the target paragraph and
    two headline rows; both rows together cover it, either alone leaves the other half uncovered."""
    from gwrdata.checks.crosstable import _covered
    text = "城镇新增就业45万人，城镇登记失业率控制在4.5%以内、调查失业率控制在5.5%以内，居民消费价格涨幅3%"
    item_start = text.index("城镇登记")
    item_end = text.index("，居民")
    cut = text.index("、", item_start)
    first, second = (item_start, cut), (cut + 1, item_end)
    assert _covered(text, item_start, item_end, [first, second])
    assert _covered(text, item_start, item_end, [(0, len(text))])
    assert not _covered(text, item_start, item_end, [first])
    assert not _covered(text, item_start, item_end, [second])
    assert not _covered(text, item_start, item_end, [(item_start, cut - 3), second])


def _review_figure_in_report_year(rows):
    i = first(rows, status="actual", section_id="p1c2")
    rows[i] = dict(rows[i], period="2024", period_from="2024", period_to="2024")
    return i


@pytest.mark.parametrize("decided_by, excused", [("heading", True), ("default", False)])
def test_a_part_whose_heading_reviews_the_report_year_holds_its_results(copy, capsys, decided_by, excused):
    """A report delivered late in its year reviews it so far (今年以来全市统筹推进疫情防控…工作情况):
    its results are of the report year. years.status_period accepts them in a part whose heading
    dates it so, and nowhere else."""
    index = edit(copy, "figures", _review_figure_in_report_year)
    edit(copy, "sections", setting({"section_id": "p1c2"}, period="2024", period_from="2024", period_to="2024", decided_by=decided_by))
    restamp(copy)
    _, report = run(copy, capsys)
    flagged = [f for f in failures(report, "years.status_period") if f["row"] == index + 2]
    assert (not flagged) == excused, flagged


@pytest.mark.parametrize("kind, excused", [("unstructured", True), ("review", False)])
def test_a_report_without_headings_has_no_section_period_to_hold(copy, capsys, kind, excused):
    """years.section_period holds a figure to its part's period; a report without headings has
    one section of kind unstructured, whose period is only the year given."""
    def change(rows):
        i = first(rows, status="actual", section_id="p1c2")
        rows[i] = dict(rows[i], period="2021", period_from="2021", period_to="2021")
        return i

    index = edit(copy, "figures", change)
    edit(copy, "sections", setting({"section_id": "p1c2"}, kind=kind))
    restamp(copy)
    _, report = run(copy, capsys)
    flagged = [f for f in failures(report, "years.section_period") if f["row"] == index + 2]
    assert (not flagged) == excused, flagged


@pytest.mark.parametrize("text, excused", [
    ("过去一年，我们的各项工作取得了很大成绩。国内生产总值增长10.3%。", True),
    ("\u3000过去的一年极不平凡。全年新增就业8万人。", True),
    ("今年要坚持稳中求进。国内生产总值增长10.3%。", False),
    ("过去一年，工作取得成绩。\n国内生产总值增长10.3%。", False),   # another paragraph
])
def test_a_turn_to_the_past_opening_the_sentence_before_dates_a_plan_figure(text, excused):
    """The extractor's rule, read by years.section_period from the same words (past_openers)."""
    from gwrdata.checks.years import _opened_by_past, _past_openers

    sentence = text[text.rfind("。", 0, len(text) - 1) + 1:].lstrip("\n")
    mention = next(m for m in ("10.3%", "8万人") if m in sentence)
    start = text.rfind(mention)
    assert _opened_by_past(text, str(start), sentence, _past_openers()) == excused


@pytest.mark.parametrize("clause, bounded", [
    ("森林覆盖率达到", True), ("千兆光网覆盖率达", False), ("固定宽带普及率", False), ("占全市", True),
    ("完成年度计划的", False), ("城镇化率", True),
])
def test_a_share_of_a_whole_is_bounded_and_a_network_s_coverage_is_not(clause, bounded):
    """percent.share_range bounds shares of a whole by 100%; a network counted per household
    (光网覆盖率220%) and a percent of a plan are not shares of a whole."""
    from gwrdata.checks.percentages import _part_of_whole

    assert _part_of_whole(clause + "120%", len(clause)) == bounded


def test_a_space_before_a_glued_qualifier_keeps_a_number_bare(copy, capsys):
    """units.bare_number: 查处假冒伪劣商品600 余种 reads 600 余 with no unit; the space before 余
    is the typesetter's, and the mention ends in a numeral once the qualifier is set aside."""
    def change(table_rows):
        i = first(table_rows, unit="个")
        table_rows[i] = dict(table_rows[i], unit="", multiplier="1", mention="600 余", value="600", base_value="600")
        return i

    index = edit(copy, "figures", change)
    restamp(copy)
    _, report = run(copy, capsys)
    assert not [f for f in failures(report, "units.bare_number") if f["row"] == index + 2]


@pytest.mark.parametrize("listed", [True, False])
def test_a_fall_of_all_or_more_passes_only_as_a_listed_source_issue(copy, capsys, listed):
    """下降300% is the source's error: percent.growth_range accepts it where source_issues lists
    the figure's span as an impossible_value, and fails it anywhere else."""
    held = {}

    def change(rows):
        i = first(rows, measure="growth_rate", direction="down")
        rows[i] = dict(rows[i], value="300", base_value="300", signed_value="-300")
        held.update(start=rows[i]["start"], end=rows[i]["end"], mention=rows[i]["mention"])
        return i

    index = edit(copy, "figures", change)
    if listed:
        def add(rows):
            rows.append(dict(rows[0], issue_id=f"impossible_value-{int(held['start']):06d}", kind="impossible_value",
                             start=held["start"], end=held["end"], mention=held["mention"], rule="a fall of 100% or more", note="test"))
            return len(rows) - 1
        edit(copy, "source_issues", add)
    restamp(copy)
    _, report = run(copy, capsys)
    flagged = [f for f in failures(report, "percent.growth_range") if f["row"] == index + 2]
    assert (not flagged) == listed, flagged
