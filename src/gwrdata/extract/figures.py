"""Extraction: a report's text in, its figures, exclusions and source issues out.

One pass: find the damage (contamination), the structure (sections), every numeric mention
(scan), then read each figure's meaning from its words (classify). Every row carries its span,
so ``text[start:end] == mention`` holds for all three tables.
"""

from __future__ import annotations

import bisect
import gc
import re
from operator import itemgetter
from contextlib import contextmanager
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from gwrdata.extract import csvfile
from gwrdata.read import contamination, markdown, markup
from gwrdata.extract.classify import Classifier, Context, Sentences, _clause_start, after_semicolon
from gwrdata.extract.lexicon import magnitudes
from gwrdata.extract.numbers import format_decimal
from gwrdata.extract.scan import Mention, scan
from gwrdata.extract.sections import Section, SectionIndex, find_sections, locate_parts

FIGURE_COLUMNS = [
    "figure_id", "start", "end", "mention", "value", "unit", "multiplier", "base_value", "base_unit",
    "qualifier", "measure", "direction", "period", "period_from", "period_to", "status", "subject_zh", "section_id", "sentence",
]
SECTION_COLUMNS = ["section_id", "level", "number", "parent_id", "title_zh", "kind", "part_kind", "period",
                   "period_from", "period_to", "start", "end", "decided_by"]
EXCLUSION_COLUMNS = ["start", "end", "mention", "reason"]
ISSUE_COLUMNS = ["issue_id", "kind", "start", "end", "mention", "rule", "note"]
_LIST_SEPARATORS = ("、", "和", "及", "与", ",")
# What may stand between a figure and the next clause's start: the clause's end, and a closing word.
_NEXT_CLAUSE = re.compile(r"[^，,；;。！？\n]{0,6}[，,]\s*")
# Between the terms a change starts from (由7.7：53.4：38.9调整为…; 由16.4%和28.4%提高到…).
_CHANGE_JOINS = ("：", ":", "、", "和", "及", "与")


@dataclass
class Extraction:
    text: str
    year: int
    figures: list[dict]
    exclusions: list[dict]
    source_issues: list[dict]
    sections: list[Section]
    headed: bool


def figure_id(start: int) -> str:
    """Derived from the span, so an unrelated change never renumbers figures."""
    return f"F{start:06d}"


@contextmanager
def _collector_paused():
    """Pause the cyclic garbage collector for the duration of one extraction.

    An extraction allocates hundreds of thousands of small objects (mentions, rows) that all
    live until it returns and form no reference cycles. The collector, triggered by those
    allocations, traversed every one of them again and again and freed nothing: a tenth of the
    time on a 10 M character text. Reference counting frees memory as usual meanwhile, and the
    collector is switched back on afterwards (if it was on), also when extraction fails.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def extract(text: str, year: int, name: str = "", parts: list[dict] | None = None,
            parts_source: object = "recipe parts.csv") -> Extraction:
    """Extract a report's text for report year ``year``.

    ``name`` is the file's name (a ``.md`` name means Markdown, as its content can); ``parts``
    are a recipe's parts (``parts.csv`` rows) that replace the parts found.
    """
    located = locate_parts(text, parts, parts_source) if parts is not None else None
    with _collector_paused():
        html = markup.has_markup(text)
        md = markdown.is_markdown(text, name)
        if not (html or md):
            return _extract(text, year, located)
        plain, index, tags = markup.strip(text) if html else (text, None, [])
        metadata: list[tuple[int, int]] = []
        if md:
            inner_plain, inner, inner_metadata = markdown.strip(plain)
            if index is None:
                index, metadata = inner, inner_metadata
            else:
                metadata = [markup.remap(s, e, index, len(text)) for s, e in inner_metadata]
                index = markup.compose(index, inner)
            plain = inner_plain
        if located is not None:   # the file's offsets -> the view's
            located = [dict(row, at=bisect.bisect_left(index[0], row["at"])) for row in located]
        return _extract_view(text, year, plain, index, tags, metadata, located)


def _extract_view(text: str, year: int, plain: str, index, tags: list[tuple[int, int]],
                  metadata: list[tuple[int, int]], parts: list[dict] | None) -> Extraction:
    """Read the plain view of a web page or a Markdown file; publish spans of the original.

    ``tags`` are HTML tags (reported as markup issues, excluded where they hold digits);
    ``metadata`` are front-matter lines that hold digits (excluded as markup: they are the
    file's metadata, not the report's words).
    """
    result = _extract(plain, year, parts)

    def back(row: dict) -> dict:
        start, end = markup.remap(int(row["start"]), int(row["end"]), index, len(text))
        row = dict(row, start=start, end=end, mention=text[start:end])
        if "sentence_start" in row:  # a figure's sentence: the same characters of the original
            row["sentence_start"], row["sentence_end"] = markup.remap(row["sentence_start"], row["sentence_end"], index, len(text))
        return row

    figures = []
    for row in result.figures:
        row = back(row)
        row["figure_id"] = figure_id(row["start"])
        figures.append(row)
    exclusions = [back(row) for row in result.exclusions]
    issues = [back(row) for row in result.source_issues]
    for start, end in tags:
        issues.append({"issue_id": f"markup-{start:06d}", "kind": "markup", "start": start, "end": end,
                       "mention": text[start:end], "rule": "HTML tag",
                       "note": "markup left by a web page; read without it, offsets are the file's"})
        if any(ch.isdigit() for ch in text[start:end]):
            exclusions.append({"start": start, "end": end, "mention": text[start:end], "reason": "markup"})
    for start, end in metadata:
        exclusions.append({"start": start, "end": end, "mention": text[start:end], "reason": "markup"})
    for row in issues:
        if row["kind"] != "markup":
            row["issue_id"] = f"{row['kind']}-{row['start']:06d}"
    sections = []
    for section in result.sections:
        start, end = markup.remap(section.start, section.end, index, len(text))
        start = 0 if section.start == 0 else start
        end = len(text) if section.end >= len(plain) else end
        sections.append(replace(section, start=start, end=end))
    exclusions.sort(key=lambda r: r["start"])
    issues.sort(key=lambda r: (r["start"], r["end"], r["kind"]))
    return Extraction(text, year, figures, exclusions, issues, sections, result.headed)


def _extract(text: str, year: int, parts: list[dict] | None = None) -> Extraction:
    issues = contamination.find_issues(text)
    issues.sort(key=lambda i: (i.start, i.end, i.kind))
    footer_start = min((i.start for i in issues if i.kind == "footer"), default=len(text))
    sections, headed = find_sections(text, year, footer_start, parts)
    masks = [(i.start, i.end, i.kind) for i in issues if i.kind in ("spam", "footer", "markup")]
    # A lost number's digits are no figure: excluded as the converter's markup they stand in.
    masks += [(i.start, i.end, "markup") for i in issues if i.rule == "lost number"]
    # Spam inside the footer is reported as spam; the footer mask covers the rest.
    masks = _flatten(masks)
    mentions = scan(text, masks)

    index = SectionIndex(sections)
    classifier = Classifier(Context(text, year, headed))
    sentences = Sentences(text)
    figures: list[dict] = []
    contexts: list[tuple[str, int, Mention]] = []   # per figure: clause before it, list group, mention
    exclusions: list[dict] = []
    # The few multipliers (1, 万, 亿 …) are formatted once, not at every figure.
    multiplier_text = {value: format_decimal(value) for value in {Decimal(1), *magnitudes().values()}}
    previous: dict | None = None
    previous_mention: Mention | None = None
    changing: tuple[int, int, int] | None = None   # the period of the figure a change starts from, just before
    for m in mentions:
        if not m.is_figure:
            exclusions.append({"start": m.start, "end": m.end, "mention": m.mention, "reason": m.reason})
            continue
        clause_start = _clause_start(text, m.number_start)
        pre = text[clause_start:m.start]
        continuing = (previous_mention is not None and previous is not None
                      and text[previous_mention.end:m.start] in _LIST_SEPARATORS
                      and previous_mention.end >= clause_start - 1)
        if continuing and text[previous_mention.end:m.start] == ",":
            continuing = False
        s_start, s_end, sentence = sentences.at(m.start, m.end)
        qualifier = classifier.qualifier(m, pre)
        measure, direction = classifier.measure(m, pre, previous if continuing or m.pattern == "range_high" else None)
        subject = classifier.subject(m, pre)
        if previous is not None and previous["sentence_start"] == sentences.span[0] and classifier.names_nothing(subject) \
                and _NEXT_CLAUSE.fullmatch(text, previous_mention.end, clause_start):
            subject = previous["subject_zh"]   # 地区生产总值515.6亿元，增长15.5%: the figure ending the clause before names it
        base_unit = classifier.base_unit(m, subject)
        tail = pre.rstrip()
        qualifier_verb = classifier.stock_verb(tail)
        section = index.at(m.start)
        part = index.part_at(m.start)
        before = text[s_start:m.start]
        scope = after_semicolon(before)
        period, status = classifier.period_status(m, pre, sentence, before, part, measure, qualifier_verb, subject,
                                                  base_unit, s_start, scope)
        first, last = classifier.span_of(pre, scope, part, period, measure)
        start = classifier.change_start(m, pre, scope, status, part, period, first, last)
        if start is None and changing is not None and text[previous_mention.end:m.start] in _CHANGE_JOINS:
            start = changing   # 由7.7：53.4：38.9调整为…, 由16.4%和28.4%提高到…: the terms the change starts from
        if start is not None:
            period, first, last = start
        changing = start
        value = format_decimal(m.value)
        if m.multiplier == 1:   # most figures: no magnitude, the base value is the value
            multiplier, base_value = "1", value
        else:
            multiplier = multiplier_text.get(m.multiplier) or format_decimal(m.multiplier)
            base_value = format_decimal(m.value * m.multiplier)
        row = {
            "figure_id": figure_id(m.start), "start": m.start, "end": m.end, "mention": m.mention,
            "value": value, "unit": m.unit, "multiplier": multiplier, "base_value": base_value, "base_unit": base_unit,
            "qualifier": qualifier, "measure": measure, "direction": direction, "period": period,
            "period_from": first, "period_to": last, "status": status, "subject_zh": subject, "section_id": section.section_id if section else "",
            "sentence": sentence, "sentence_start": sentences.span[0], "sentence_end": sentences.span[1],
        }
        group = contexts[-1][1] if continuing else m.start
        figures.append(row)
        contexts.append((pre, group, m))
        previous, previous_mention = row, m
    _pair_respectively(figures, contexts, classifier)
    source_issues = [
        {"issue_id": f"{i.kind}-{i.start:06d}", "kind": i.kind, "start": i.start, "end": i.end,
         "mention": i.mention, "rule": i.rule, "note": i.note}
        for i in issues
    ] + _impossible(figures)
    source_issues.sort(key=lambda r: (r["start"], r["end"], r["kind"]))
    return Extraction(text, year, figures, exclusions, source_issues, sections, headed)


def _impossible(figures: list[dict]) -> list[dict]:
    """Figures the source writes as no quantity can be: a fall of 100% or more (人数下降300%).

    They are kept as written (the span quotes the source) and listed as the source's issue, so a
    reader sees the value is the report's error, not the reading's.
    """
    return [{"issue_id": f"impossible_value-{row['start']:06d}", "kind": "impossible_value", "start": row["start"],
             "end": row["end"], "mention": row["mention"], "rule": "a fall of 100% or more",
             "note": f"the source writes a fall of {row['value']}%: nothing falls by more than all it had; the figure is kept as written"}
            for row in figures
            if row["base_unit"] == "percent" and row["measure"] == "growth_rate" and row["direction"] == "down"
            and Decimal(row["value"]) >= 100]


def _flatten(masks: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Cut outer masks (a footer) around inner ones (spam in it), so masks never overlap."""
    inner = [m for m in masks if m[2] != "footer"]
    out = list(inner)
    for start, end, kind in (m for m in masks if m[2] == "footer"):
        cursor = start
        for i_start, i_end, _ in sorted(x for x in inner if start <= x[0] < end):
            if i_start > cursor:
                out.append((cursor, i_start, kind))
            cursor = max(cursor, i_end)
        if cursor < end:
            out.append((cursor, end, kind))
    return sorted(out)


def _pair_respectively(figures: list[dict], contexts: list[tuple[str, int, Mention]], classifier: Classifier) -> None:
    """航空航天、集成电路、新能源…分别增长20%、39.1%、25%: subjects pair with values in order.

    ``contexts`` holds, for each figure, the clause before it, its list group and its mention.
    """
    groups: dict[int, list[int]] = {}
    for index, (_, group, _) in enumerate(contexts):
        groups.setdefault(group, []).append(index)
    for indices in groups.values():
        first_pre = contexts[indices[0]][0]
        if len(indices) < 2 or "分别" not in first_pre:
            continue
        rows = [figures[index] for index in indices]
        head = first_pre.split("分别")[0]
        for word in ("确保", "力争", "预计", "全年", "推动"):
            if head.startswith(word):
                head = head[len(word):]
        items = [item for item in re.split(r"[、和及与]", head) if item]
        if items and "等" in items[-1]:
            items[-1] = items[-1].split("等")[0]
        if len(items) == len(rows):
            for index, row, item in zip(indices, rows, items):
                row["subject_zh"] = item.strip("“”")
                row["base_unit"] = classifier.base_unit(contexts[index][2], row["subject_zh"])


def write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    """The rows' ``columns`` (a missing one empty, others left out), as a DictWriter with
    extrasaction="ignore" wrote them: the cells are picked in one C call per row, and the whole
    table goes to the file in one write."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pick = itemgetter(*columns)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        lines = csvfile.Lines()
        writer = csvfile.writer(lines)
        writer.writerow(columns)
        try:
            cells = [pick(row) for row in rows] if len(columns) > 1 else [(pick(row),) for row in rows]
        except KeyError:   # a row without some column: that cell is empty
            cells = [[row.get(name, "") for name in columns] for row in rows]
        writer.writerows(cells)
        handle.write(lines.text())


def section_rows(sections: list[Section]) -> list[dict]:
    """The structure as rows: what each part is, which years it speaks of, how it was decided."""
    return [{name: ("" if getattr(s, name) is None else getattr(s, name)) for name in SECTION_COLUMNS} for s in sections]


def write_extraction(result: Extraction, out: Path) -> dict[str, int]:
    write_csv(out / "figures.csv", FIGURE_COLUMNS, result.figures)
    write_csv(out / "sections.csv", SECTION_COLUMNS, section_rows(result.sections))
    write_csv(out / "exclusions.csv", EXCLUSION_COLUMNS, result.exclusions)
    write_csv(out / "source_issues.csv", ISSUE_COLUMNS, result.source_issues)
    return {"figures": len(result.figures), "exclusions": len(result.exclusions), "source_issues": len(result.source_issues)}
