"""Years: a target dated in the past, or a review figure carrying the plan year, misleads every chart."""

from __future__ import annotations

import re

import pandas as pd

from . import Failure, check, line

_PAST = ("actual", "cumulative")


@check("years.integer", "years", "Every period and headline year is an integer year.")
def integer(pkg):
    failures, checked = [], 0
    for resource, column in (("figures", "period"), ("headline", "year"), ("sections", "period")):
        table = pkg.table(resource)
        checked += len(table)
        for i in table.index[~table[column].str.fullmatch(r"\d{4}")]:
            failures.append(Failure("years.integer", resource, line(i), column, table.at[i, column], "not an integer year"))
    return checked, failures


@check("years.stated_range", "years", "Stated years lie within [1949, 2100].")
def stated_range(pkg):
    failures, checked = [], 0
    for resource, column in (("figures", "period"), ("headline", "year"), ("sections", "period")):
        table = pkg.table(resource)
        years = pkg.numbers(resource, column)
        checked += len(table)
        for i in table.index[(years < 1949) | (years > 2100)]:
            failures.append(Failure("years.stated_range", resource, line(i), column, table.at[i, column], "outside 1949–2100"))
    return checked, failures


@check("years.status_period", "years", "Status agrees with period: actual and cumulative before the report year, estimates in it or before (预计今年 is an estimate of the report year), targets in the report year or later.")
def status_period(pkg):
    failures, checked = [], 0
    year = pkg.report_year
    for resource, column in (("figures", "period"), ("headline", "year")):
        table = pkg.table(resource)
        periods = pkg.numbers(resource, column)
        checked += len(table)
        past = table["status"].isin(_PAST) & (periods >= year)
        if resource == "figures":
            past &= ~_in_own_review(pkg, table, periods)
        future = (table["status"] == "target") & (periods < year)
        ahead = (table["status"] == "estimate") & (periods > year)
        for i in table.index[past | future | ahead]:
            failures.append(Failure("years.status_period", resource, line(i), column, table.at[i, column],
                                    f"status {table.at[i, 'status']} with {column} {table.at[i, column]} in a report for {year}",
                                    pkg.quote(table.loc[i]) if resource == "figures" else ""))
    return checked, failures


def _in_own_review(pkg, figures, periods):
    """Figures in a part whose heading reviews their very year (今年以来全市统筹推进疫情防控…
    工作情况, a report delivered late in its year): the part's period and status say so."""
    sections = pkg.table("sections")
    reviewed = sections["status"].isin(_PAST) & (sections["decided_by"] == "heading")
    years = dict(zip(sections.loc[reviewed, "section_id"], pd.to_numeric(sections.loc[reviewed, "period"], errors="coerce")))
    same = figures["section_id"].map(years).astype("float64") == periods.astype("float64")
    return same.to_numpy(dtype=bool)


@check("years.span", "years", "A figure about several years holds its period: period_from ≤ period ≤ period_to (one year's figure: all three equal).")
def span(pkg):
    figures = pkg.table("figures")
    if "period_from" not in figures:  # a package made before figures carried their years
        return 0, []
    period, first, last = (pkg.numbers("figures", column) for column in ("period", "period_from", "period_to"))
    failures = []
    for i in figures.index[~((first <= period) & (period <= last))]:
        failures.append(Failure("years.span", "figures", line(i), "period", figures.at[i, "period"],
                                f"outside its years {figures.at[i, 'period_from']}–{figures.at[i, 'period_to']}",
                                pkg.quote(figures.loc[i])))
    return len(figures), failures


@check("years.section_period", "years", "A figure's period is its section's (review: report year − 1; plan: report year) unless its sentence names another year, or a word of the past (去年, 上年度 …) in it, or a turn to the past opening the sentence before (过去一年，…。), makes it the year before. A report without headings (section kind unstructured) has no section's period to hold.")
def section_period(pkg):
    figures = pkg.table("figures")
    sections = pkg.table("sections")
    headed = sections[sections["kind"] != "unstructured"]
    periods = dict(zip(headed["section_id"], headed["period"]))
    # Only figures whose period differs from their section's need their sentence read.
    other = figures["section_id"].isin(list(periods)) & (figures["period"] != figures["section_id"].map(periods))
    past, openers = _past_words(), _past_openers()
    failures = []
    for i in figures.index[other]:
        section, period, sentence = figures.at[i, "section_id"], figures.at[i, "period"], figures.at[i, "sentence"]
        expected = periods[section]
        if int(period) < int(expected) and _starts_change(sentence, figures.at[i, "mention"]):
            continue   # 从26.6万亿元增加到51.9万亿元: the figure a change starts from is about a year before
        before = int(period) in (int(expected) - 1, pkg.report_year - 1)  # 去年 is the year before the report's too
        if before and _opened_by_past(pkg.text, figures.at[i, "start"], sentence, openers):
            continue
        if not re.search(rf"{period}\s*年", sentence) and not (before and past.search(sentence)):
            failures.append(Failure("years.section_period", "figures", line(i), "period", period,
                                    f"section {section} speaks of {expected} and the sentence names no {period}", pkg.quote(figures.loc[i])))
    return len(figures), failures


def _starts_change(sentence: str, mention: str) -> bool:
    """Does the mention stand where a change starts (由X提高到Y, 由7.7：53.4：38.9调整为…), by the
    extraction's own words for it (extract/data/verbs.yaml: change_from, change_to)?"""
    from gwrdata.extract.lexicon import change_patterns

    start, reached, _ = change_patterns()
    at = sentence.find(mention)
    while at >= 0:
        clause = re.split(r"[，,；;。！？]", sentence[:at])[-1]
        if start.search(clause) and reached.match(sentence, at + len(mention)):
            return True
        at = sentence.find(mention, at + 1)
    return False


def _opened_by_past(text: str, start: str, sentence: str, openers: tuple[str, ...]) -> bool:
    """Does the sentence before this one, in its paragraph, open with a turn to the past
    (extract/data/verbs.yaml: past_openers)? 过去一年，我们的各项工作取得了很大成绩。国内生产总值增长10.3%."""
    from gwrdata.extract.classify import sentence_before_at

    if not start.isdigit() or not sentence:
        return False
    at = text.rfind(sentence, max(0, int(start) - len(sentence)), int(start) + len(sentence))
    return at >= 0 and sentence_before_at(text, at).lstrip(" \t\u3000").startswith(openers)


def _past_openers() -> tuple[str, ...]:
    from gwrdata.extract.lexicon import verbs

    return tuple(verbs()["past_openers"])


def _past_words() -> re.Pattern:
    """The extractor's own words of the past (extract/data/verbs.yaml: past_cues), except after
    a word of its base_before (比上年, 较去年, 以上年为基数), which names no period."""
    from gwrdata.extract.lexicon import verbs

    words = verbs()
    not_after = "".join(f"(?<!{re.escape(word)})" for word in words["base_before"])
    return re.compile(not_after + "(?:" + "|".join(map(re.escape, words["past_cues"])) + ")")
