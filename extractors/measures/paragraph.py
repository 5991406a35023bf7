"""What a measure's own paragraph says when it has no labels, columns or set phrases for it.

Announcements and reports often write a measure as one numbered paragraph: its name, then who
does what, when and how it is reported, in running prose ('๓. มาตรการจัดการเรื่องร้องเรียน ให้งาน
นิติการ สำนักปลัด รับเรื่อง... ระหว่างวันที่ ๑ ตุลาคม ๒๕๖๔ – ๓๐ กันยายน ๒๕๖๕ และสรุปสถิติเรื่อง
ร้องเรียนทุก ๓ เดือน'). A field the structured readers left empty is read from the paragraph
by the conventions of such prose:

* the name of a measure ends where its assignment begins (' ให้ ', ' โดยให้ ', ' กำหนดให้ '):
  the rest is what is done;
* the units the work is given to are the first the paragraph names (``acting_units``);
* the period is the paragraph's first range of dates, or a year, month or day that a word of
  duration bounds (ตลอดปีงบประมาณ ..., ภายในเดือน ..., ตั้งแต่ ...): a year or a date alone in prose
  is an event, a reference or the plan's own year;
* the reporting is the clause that names a cadence (ทุก ๓ เดือน, ปีละ ๒ ครั้ง, รายไตรมาส).
"""
from __future__ import annotations

import re

from thaireports.extractors.measures.draft import UNIT_START, Draft, apply_label, label_match
from thaireports.extractors.textutil import fold
from thaireports.normalize.vocab import FIELD_LABELS

# ' ให้<unit or verb>' after a measure's name: the assignment that follows the name.
# ' ซึ่ง<unit>', ' โดย<unit>' ('... ซึ่งกองคลังและกองช่างจะร่วมกันจัดทำ...', '... โดยทุกกองต้อง...')
# give the work to a unit as well.
_ASSIGNMENT = re.compile(r"\s(?:(?:โดย)?(?:กำหนด)?ให้(?=\S)|(?:ซึ่ง|โดย)(?=" + UNIT_START + "))")
_PERIOD_CUE = r"(?:(?:ดำเนินการ)?(?:ตลอด|ภายใน(?:วันที่|เดือน)?|ระหว่าง(?:วันที่|เดือน)?|ตั้งแต่(?:วันที่|เดือน)?)\s*)?"
# A clause of reporting: from its verb to the cadence it names.
_REPORT_VERB = re.compile(r"(?:รายงาน|สรุป|ประกาศผล|ทบทวน|ติดตาม|ประเมินผล)")
_CLAUSE_SPAN = 80  # characters back from a cadence to the verb of its clause


# A spaced dash after a measure's name ('มาตรการ... – ตรวจสอบและปรับปรุงข้อมูล...'): what follows
# is what is done, as a web page's list item or a slide writes it.
_NAME_DASH = re.compile(r"\s+[–—-]\s+")
# A labelled field in brackets at the end of an item ('(ผู้รับผิดชอบ: กองคลัง)'), or several
# apart by slashes ('(ผู้รับผิดชอบ : กองช่าง / ดำเนินการ : ม.ค. - มิ.ย. ๒๕๖๗ / รายงานผล : รอบ ๖
# เดือน)'); a unit's own brackets may stand inside ('สำนักปลัด (งานนิติการ)').
_BRACKETED = re.compile(r"\s*\(((?:[^()]|\([^()]{1,80}\)){3,400})\)")
_FIELD_APART = re.compile(r"\s+/\s*(?=[\u0e01-\u0e4e]{2,30}\s*[:：])")
# Fields written on in the paragraph, each after its label and a colon ('... ผู้รับผิดชอบ : กองคลัง
# ระยะเวลาดำเนินการ : ไตรมาสที่ ๓ การติดตามผล : รายงานผลรอบ ๖ เดือน'): from the first label on, the
# paragraph is its fields, each running to the next label. What they print overrules what the
# prose before them only implies (a unit it names, a cadence in passing); '-' is no value.
_INLINE_FIELD = re.compile(r"\s+(?=(?:" + "|".join(sorted(FIELD_LABELS, key=len, reverse=True))
                           + r")\s*[:：])")
_NO_VALUE = re.compile(r"^[\s\-–—.]*$")


def _inline_fields(d: Draft, split_owners) -> None:
    """Read the fields an action runs on into (``_INLINE_FIELD``), each field set afresh once."""
    fresh: set[str] = set()
    for k, action in enumerate(d.actions):
        first, *fields = _INLINE_FIELD.split(action)
        labelled = [label_match(f) for f in fields]
        if not fields or any(f is None for f in labelled):
            continue
        d.actions[k] = first.strip()
        for role, value in labelled:
            if _NO_VALUE.match(value):
                continue
            if role not in fresh:
                fresh.add(role)
                if role == "owners":
                    d.owners = []
                elif role == "monitoring":
                    d.monitoring, d.cadence = [], set()
                elif role == "timeline":
                    d.timeline = None
            apply_label(d, role, value, split_owners)


def split_name(title: str) -> tuple[str, str | None]:
    """A measure's name and the assignment its title runs on into, if any.

    Example:
        >>> split_name("มาตรการส่งเสริมความโปร่งใสในการจัดซื้อจัดจ้าง ให้กองคลังประกาศแผนการจัดซื้อจัดจ้าง")
        ('มาตรการส่งเสริมความโปร่งใสในการจัดซื้อจัดจ้าง', 'ให้กองคลังประกาศแผนการจัดซื้อจัดจ้าง')
        >>> split_name("มาตรการให้ผู้มีส่วนได้ส่วนเสียมีส่วนร่วม")
        ('มาตรการให้ผู้มีส่วนได้ส่วนเสียมีส่วนร่วม', None)
    """
    if not title.startswith(("มาตรการ", "โครงการ", "กิจกรรม")):
        return title, None
    m = _ASSIGNMENT.search(title)
    dash = _NAME_DASH.search(title)
    # the dash right after the name, before any assignment; a dash between dates ('1 ตุลาคม
    # 2564 – 30 กันยายน 2565') is a range further on
    if (dash is not None and dash.start() >= 8 and (m is None or dash.start() < m.start())
            and not re.search(r"\d", title[:dash.start()])):
        return title[:dash.start()].strip(), title[dash.end():].strip()
    if m is None or m.start() < 8:
        return title, None
    return title[:m.start()].strip(), title[m.start():].strip()


def paragraph_period(text: str) -> str | None:
    """The first period the paragraph names, with the word that says how it bounds the work
    (ตลอด, ภายใน, ระหว่าง, ตั้งแต่), as a timeline text.

    Example:
        >>> paragraph_period("เผยแพร่สรุปผลการจัดซื้อจัดจ้าง ตั้งแต่เดือนตุลาคม 2564 ถึงเดือนกันยายน 2565 โดยรายงานผล")
        'ตั้งแต่เดือนตุลาคม 2564 ถึงเดือนกันยายน 2565'
        >>> paragraph_period("จัดทำแบบแสดงความไม่มีส่วนได้เสีย ให้แล้วเสร็จภายในเดือนธันวาคม 2564")
        'ภายในเดือนธันวาคม 2564'
    """
    from thaireports.normalize.dates import find_dates

    for found in find_dates(text):
        if found.kind not in ("range", "month", "date", "fiscal-year"):
            continue
        start = found.start
        cue = re.search(_PERIOD_CUE + r"$", text[max(0, start - 24):start])
        if cue is not None and cue.group(0):
            start -= len(cue.group(0))
        elif found.kind != "range":
            continue  # a date or a year alone in prose is an event, a reference or the plan's year
        return fold(text[start:found.end])
    return None


def paragraph_reporting(text: str) -> str | None:
    """The clause of the paragraph that reports at a cadence: from a reporting verb (รายงาน,
    สรุป, ประกาศผล, ...) to the cadence it names within ``_CLAUSE_SPAN`` characters. A cadence
    without one is when something is done ('ชี้แจงในการประชุมประจำเดือน').

    Example:
        >>> paragraph_reporting("ลงทะเบียนรับเรื่อง และสรุปสถิติเรื่องร้องเรียนทุก 3 เดือน")
        'สรุปสถิติเรื่องร้องเรียนทุก 3 เดือน'
    """
    from thaireports.normalize.cadence import cadence_spans

    spans = cadence_spans(text)
    if not spans:
        return None
    for k, (start, end) in enumerate(spans):
        verbs = list(_REPORT_VERB.finditer(text, max(0, start - _CLAUSE_SPAN), start + 1))
        if verbs:  # 'ในการประชุมประจำเดือน' is when a thing is done, not how it is reported
            # the clause goes on over the cadences its 'และ' adds ('รอบ ๖ เดือน และรอบ ๑๒ เดือน')
            for more_start, more_end in spans[k + 1:]:
                if more_start > end and not _AND_ALSO.fullmatch(text[end:more_start]):
                    break
                end = max(end, more_end)
            return fold(text[verbs[-1].start():end])
    return None


_AND_ALSO = re.compile(r"\s*(?:และ|,)\s*(?:รอบ|ทุก)?\s*")


def fill_from_paragraph(d: Draft) -> None:
    """Fill what the structured readers left empty of a prose measure from its paragraph
    (the title and the actions it was read into), by the module's conventions."""
    from thaireports.normalize.vocab import acting_units

    from thaireports.normalize.vocab import split_owners

    name, rest = split_name(d.title)
    if rest is not None:
        d.title = name
        d.actions.insert(0, rest)
    _inline_fields(d, split_owners)
    for k, action in enumerate(d.actions):  # '(ผู้รับผิดชอบ: กองคลัง)': a field, not an action
        for m in list(_BRACKETED.finditer(action)):
            fields = [label_match(f) for f in _FIELD_APART.split(m.group(1))]
            if fields[0] is not None:
                for labelled in fields:
                    if labelled is not None:
                        apply_label(d, *labelled, split_owners)
                d.actions[k] = d.actions[k].replace(m.group(0), "")
    d.actions = [a for a in d.actions if a.strip()]
    paragraph = " ".join([d.title] + d.actions)
    after_name = paragraph[len(d.title):]
    if not d.owners:
        d.add_owners(acting_units(after_name))
    if not d.timeline and not d.months:
        d.timeline = paragraph_period(after_name)
    if not d.monitoring:
        reporting = paragraph_reporting(after_name)
        if reporting:
            d.add_monitoring(reporting)
