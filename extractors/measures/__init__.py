"""Measures: the rows of measure tables, numbered prose lists of measures, and titled measure
sections (record-spec.md, 'What a measure is').

Three readers make drafts, each with its position in the document:
- ``table_drafts``: every row of a plan table (มาตรการ / แนวทาง / ขั้นตอน / ผู้รับผิดชอบ /
  ระยะเวลา / การกำกับติดตาม; status planned) or a results table (ผลผลิต / ผลลัพธ์; reported).
  Columns are recognised by the Thai words of their header, whatever the order or wording.
- ``list_drafts``: a numbered list of measures in prose ('1. มาตรการเผยแพร่ข้อมูลต่อสาธารณะ').
- ``section_drafts``: a measure title standing alone as a heading, with the numbered actions or
  the structured parts (หน่วยงานที่รับผิดชอบ, วิธีการ/ขั้นตอน, การกำกับติดตาม) under it.
Then ``merge_drafts`` joins the same measure met twice with the same status, and
``finish`` gives each its category, indicator, owners' units and cadence.
"""
from __future__ import annotations

import re

from thaireports.extractors.measures.draft import (INDICATOR_REF, TOOL_CONTEXT_SPAN, Draft,
                                                   reports_results)
from thaireports.extractors.measures.lists import list_drafts
from thaireports.extractors.measures.merge import categorize, merge_drafts, same_measure
from thaireports.extractors.measures.paragraph import fill_from_paragraph
from thaireports.extractors.measures.sections import section_drafts
from thaireports.extractors.measures.subject import subject_measure_draft
from thaireports.extractors.measures.tables import plan_fiscal_year, table_drafts, tool_before
from thaireports.extractors.record import Measure, Monitoring, Owner, Timeline
from thaireports.extractors.textutil import DocText, fold, squash
from thaireports.normalize.columns import column_role, column_roles
from thaireports.normalize.warning import RecordWarning

__all__ = ["Draft", "categorize", "column_role", "column_roles", "extract_measures", "finish",
           "list_drafts", "merge_drafts", "resolve_timeline", "same_measure", "section_drafts",
           "table_drafts", "tool_before"]

_WHOLE_YEAR = re.compile(r"^(?:ตลอด|ภายใน|ทั้ง)\s*ปี(?:งบประมาณ)?(?:\s*(?:นี้|ปัจจุบัน))?$")


# 'ภายใน<date>' is a deadline, whatever names the date (เดือน..., วันที่..., มี.ค. ๖๗); ภายในปี
# names the whole year (``_WHOLE_YEAR``).
_DEADLINE = re.compile(r"^(?:ให้)?(?:แล้วเสร็จ)?ภายใน(?!ปี)")
_RANGE_DASH = re.compile(r"\s*(?:[-–—]|ถึง)\s*")  # between the two ends of a period
_THAI_GAP = re.compile(r"(?<=[\u0e01-\u0e4e])[ \t]+(?=[\u0e01-\u0e4e])")


def resolve_timeline(text: str, fiscal_hint: int | None
                     ) -> tuple[str | None, str | None, list[RecordWarning]]:
    """(start, end, warnings) of a timeline cell. 'ตลอดปีงบประมาณ' alone means the fiscal year
    of the plan it sits in (``fiscal_hint``): its 1 October .. 30 September, with a warning that
    the year was read from around the cell.

    Example:
        >>> resolve_timeline("ตลอดปีงบประมาณ", 2566)[:2]
        ('2022-10-01', '2023-09-30')
        >>> resolve_timeline("1 ตุลาคม 2564 - 30 กันยาย น 2565", None)[:2]
        ('2021-10-01', '2022-09-30')
        >>> resolve_timeline("ต.ค.65- A.W. 66", 2566)[:2]   # the end's month read as Latin
        ('2022-10', None)
        >>> resolve_timeline("ม.ค. - A.W. 66", 2566)[:2]    # ... with the year left to the plan
        ('2023-01', None)
    """
    from thaireports.normalize.dates import fiscal_year_range, parse_period

    start, end, ws = parse_period(text)
    if start is None or end is None or start == end:
        # A narrow column wraps a month inside the word and OCR keeps the break as a space
        # ('30 กันยาย น 2565'): read it again with spaces between Thai letters closed.
        joined = _THAI_GAP.sub("", text)
        if joined != text:
            s2, e2, ws2 = parse_period(joined)
            if s2 and e2 and s2 != e2:
                start, end, ws = s2, e2, ws2
    if start is None and end is None and fiscal_hint and _WHOLE_YEAR.match(squash(text)):
        start, end = fiscal_year_range(fiscal_hint)
        ws = [RecordWarning(code="timeline-year-inferred",
                            message=f"'{fold(text)}' read as fiscal year {fiscal_hint}, the year "
                                    "of the plan around it")]
    elif start is None and end is None and fiscal_hint:
        # months (or a quarter) with no legible year ('ไตรมาส 2', 'ม.ค. - มี.ค. 660'): a plan's
        # months lie in the plan's own fiscal year
        from thaireports.normalize.dates import fiscal_quarter, months_named

        span = fiscal_quarter(text)
        named = months_named(text)
        if span is None and named:
            span = (named[0], named[-1])
        if span is not None:
            timeline = month_grid_timeline(span, fiscal_hint)
            start, end = timeline.start, timeline.end
            ws = [RecordWarning(code="timeline-year-inferred",
                                message=f"'{fold(text)}': months read in fiscal year {fiscal_hint},"
                                        " the year of the plan around them")]
    if start is not None and start == end and _DEADLINE.match(squash(text)):
        # 'ภายในเดือนธันวาคม 2566' (by December) names when the work must be done, not when it
        # starts: the end stands, the start is not printed (record-spec: nothing is invented)
        start = None
    if start is not None and start == end:
        # a range one end of which OCR could not read ('ต.ค.65- A.W. 66': ก.ย. read as Latin)
        # collapses onto the end it could: that end stands, the other is unknown, not the same
        lost = _illegible_end(text)
        if lost == "end":
            end = None
        elif lost == "start":
            start = None
    return start, end, ws


def _illegible_end(text: str) -> str | None:
    """'start' or 'end': the side of a printed range ('X - Y') that names no date, month or
    quarter while the other side does; None when both or neither do, or it is no range.

    Example:
        >>> _illegible_end("ต.ค.65- A.W. 66"), _illegible_end("ALA. - ก.ย. 66")
        ('end', 'start')
        >>> _illegible_end("ต.ค. 65 - ก.ย. 66"), _illegible_end("ตุลาคม 2565")
        (None, None)
    """
    from thaireports.normalize.dates import fiscal_quarter, months_named, parse_period

    parts = _RANGE_DASH.split(text.strip(), maxsplit=1)
    if len(parts) != 2 or not all(p.strip() for p in parts):
        return None

    def readable(side: str) -> bool:
        joined = _THAI_GAP.sub("", side)
        return any(parse_period(v)[0] is not None or months_named(v) or fiscal_quarter(v)
                   for v in (side, joined))

    left, right = (readable(p) for p in parts)
    if left and not right:
        return "end"
    if right and not left:
        return "start"
    return None


def month_grid_timeline(months: tuple[int, int], fiscal_year: int | None) -> Timeline:
    """The timeline of a month-grid row: from its first to its last marked month of the plan's
    fiscal year (October..December fall in the calendar year before the fiscal year's end).

    Example:
        >>> month_grid_timeline((10, 3), 2566).model_dump()
        {'text': 'ต.ค. - มี.ค.', 'start': '2022-10', 'end': '2023-03'}
    """
    from thaireports.normalize.columns import MONTH_CUES

    names = dict(MONTH_CUES)
    text = f"{names[months[0]][0]} - {names[months[1]][0]}" if months[0] != months[1] \
        else names[months[0]][0]
    if fiscal_year is None:
        return Timeline(text=text)
    end_ce = fiscal_year - 543

    def iso(month: int) -> str:
        return f"{end_ce - 1 if month >= 10 else end_ce:04d}-{month:02d}"

    return Timeline(text=text, start=iso(months[0]), end=iso(months[1]))


def finish(d: Draft, warnings: list[RecordWarning]) -> Measure:
    from thaireports.normalize.vocab import CATEGORY_INDICATOR

    category = categorize(d)
    timeline = None
    if d.timeline:
        start, end, ws = resolve_timeline(d.timeline, d.fiscal_hint)
        warnings.extend(w.model_copy(update={"page": d.page}) for w in ws)
        timeline = Timeline(text=fold(d.timeline), start=start, end=end)
    elif d.months:
        timeline = month_grid_timeline(d.months, d.fiscal_hint)
    monitoring = None
    if d.monitoring:
        monitoring = Monitoring(text="; ".join(d.monitoring), cadence_months=sorted(d.cadence))
    return Measure(
        title=d.title, category=category, indicator=CATEGORY_INDICATOR.get(category),
        actions=[a for a in d.actions if a], owners=[Owner(name=n, unit=u) for n, u in d.owners],
        timeline=timeline, monitoring=monitoring, outputs=fold(d.outputs) or None,
        outcomes=fold(d.outcomes) or None, status=d.status, page=d.page)


def extract_measures(document, dt: DocText, fiscal_year: int | None = None
                     ) -> tuple[list[Measure], list[RecordWarning]]:
    """All measures of a document, merged and categorised, in document order.

    Args:
        document: the ingested document (its tables).
        dt: its text.
        fiscal_year: the document's fiscal year, the last resort for a timeline that says
            only 'ตลอดปีงบประมาณ'.
    """
    warnings: list[RecordWarning] = []
    tdrafts, steps = table_drafts(document, dt, fiscal_year)
    table_starts = sorted({d.offset for d in tdrafts})
    prose = list_drafts(dt) + section_drafts(dt, steps, table_starts)
    reported = reports_results(dt)
    for d in prose:
        d.fiscal_hint = plan_fiscal_year(dt.text[max(0, d.offset - TOOL_CONTEXT_SPAN):d.offset],
                                         fiscal_year)
        if reported:
            d.status = "reported"  # a report of measures carried out tells what was done
    drafts = tdrafts + prose
    if not drafts:
        subject = subject_measure_draft(dt)
        if subject is not None:
            subject.status = "reported" if reported else "planned"
            drafts = [subject]
    for d in drafts:
        d.fiscal_hint = d.fiscal_hint or fiscal_year
    for d in drafts:
        ref = INDICATOR_REF.search(d.title)
        if ref and 1 <= int(ref.group(1)) <= 10:  # '(ตัวชี้วัดที่ 7)': the indicator it answers
            d.title = d.title[:ref.start()]
            d.indicator_hint = d.indicator_hint or int(ref.group(1))
    merged = merge_drafts(drafts)
    for d in merged:
        if d.source != "table":  # what no reading of the measure found, from its paragraph
            fill_from_paragraph(d)
    measures = [finish(d, warnings) for d in merged]
    if not measures:
        warnings.append(RecordWarning(code="measures-none",
                                      message="no measure table, list or section found"))
    return measures, warnings
