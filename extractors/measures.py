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
from dataclasses import dataclass, field

from extractors.record import Measure, Monitoring, Owner, Timeline
from extractors.textutil import (DocText, drop_leading_number, fold, lines_with_offsets,
                                 split_items, split_numbered, squash)
from ingest.document import Table
from normalize.warning import RecordWarning

# Column roles from header words; the first row whose cues match wins, so specific roles
# (ผลผลิต inside 'ผลการดำเนินการ ผลผลิต', ระยะเวลาดำเนินการ) come before general ones.
COLUMN_ROLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("outputs", ("ผลผลิต",)),                                   # results table: output
    ("outcomes", ("ผลลัพธ์",)),                                 # results table: outcome
    ("owners", ("ผู้รับผิดชอบ", "หน่วยงานรับผิดชอบ", "หน่วยงานที่รับผิดชอบ", "ผู้ดำเนินการ",
                "หน่วยงานผู้รับผิดชอบ")),
    ("timeline", ("ระยะเวลา", "ห้วงเวลา", "กำหนดเวลา", "ช่วงเวลา", "วันที่ดำเนินการ")),
    ("monitoring", ("กำกับ", "ติดตาม", "การรายงานผล")),            # การกำกับติดตาม, การกำกับ ติดตาม
    ("remarks", ("หมายเหตุ",)),
    ("index", ("ลำดับ",)),
)
TITLE_STARTS: tuple[str, ...] = ("มาตรการ", "ตัวชี้วัด", "โครงการ", "ชื่อมาตรการ")
ACTION_CUES: tuple[str, ...] = ("ขั้นตอน", "วิธีการ", "แนวทาง", "รายละเอียด", "การดำเนินการ",
                                "กิจกรรม", "แนวปฏิบัติ")
MEASURE_ROLES = {"actions", "owners", "timeline", "monitoring", "outputs", "outcomes"}

# Subsection headings of a structured measure section (000: หลักการและเหตุผล ... การกำกับติดตาม).
SECTION_PARTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("owners", ("หน่วยงานที่รับผิดชอบ", "หน่วยงานรับผิดชอบ", "ผู้รับผิดชอบ")),
    ("monitoring", ("การกำกับติดตาม", "การติดตามและรายงานผล", "การติดตามประเมินผล")),
    ("steps", ("วิธีการ/ขั้นตอน", "ขั้นตอน/วิธีการ", "วิธีการ", "ขั้นตอน")),
    ("guidance", ("แนวทางปฏิบัติ", "แนวทางการปฏิบัติ", "แนวปฏิบัติ")),
    ("other", ("หลักการและเหตุผล", "วัตถุประสงค์", "เป้าหมาย", "ระยะเวลา")),
)
# A heading naming the whole programme, not one measure: it carries a year.
PROGRAMME_MARKS = re.compile(r"ประจำปี|ปีงบประมาณ|พ\.ศ\.|\d{4}")
# Lines that close an announcement or a memo body: a section never runs past them.
SECTION_STOPS = re.compile(r"^(?:จึง|ประกาศ\s*ณ|\(?ลงชื่อ|พิจารณาเห็นชอบ|ความเห็น|ทั้งนี้ตั้งแต่|"
                           r"สั่ง\s*ณ|บันทึกข้อความ|คำสั่ง|\()")
HEADING_MAX = 120        # a measure heading is one short line
LIST_CONTINUATION_MAX = 80   # a wrapped tail of a numbered prose item is a short line
# A unit named as the subject of an action item ('งานประชาสัมพันธ์ ... ดำเนินการ...') owns it.
_UNIT_SUBJECT = re.compile(r"^(?:สำนักปลัด|สำนักงานปลัด|กอง[^\s/]+|งาน[^\s/]+|หน่วยตรวจสอบภายใน)")
_FOLLOWING_ITEM = re.compile(r"\s\(?\d{1,2}[.)]\s")  # ' 2. ' inside a cell: the next item
_NUMBERED_LINE = re.compile(r"^\s*\(?(\d{1,2})((?:\.\d{1,2})*)[.)]?\s+(\S.*)$")
# The ITA tool a passage discusses: '(IIT)', 'ด้าน EIT', 'ด้าน IT' (the internal tool).
_TOOL = re.compile(r"(?<![A-Za-z])(IIT|EIT|OIT)(?![A-Za-z])|ด้าน\s*(IT)(?![A-Za-z])")
TOOL_CONTEXT_SPAN = 3000  # a tool named this far before a table still frames it

# What each ITA indicator's measures talk about, for choosing among one tool's indicators when a
# table sits under 'ด้าน EIT ...' (ITA 2564-2566 indicator content, NACC manual).
INDICATOR_CONTENT: dict[str, tuple[str, ...]] = {
    "duty-performance": ("ปฏิบัติหน้าที่", "มาตรฐานการปฏิบัติงาน"),
    "budget-use": ("งบประมาณ", "ใช้จ่าย", "จัดซื้อจัดจ้าง"),
    "authority-use": ("ใช้อำนาจ", "มอบหมายงาน", "ดุลพินิจ", "ประเมินผลการปฏิบัติงาน"),
    "state-property-use": ("ทรัพย์สิน", "ยืม"),
    "complaint-handling": ("ร้องเรียน", "แก้ไขปัญหาการทุจริต"),
    "service-quality": ("คุณภาพ", "มาตรฐาน", "ความพึงพอใจ"),
    "communication": ("สื่อสาร", "เผยแพร่", "ช่องทาง", "ประชาสัมพันธ์", "เฟสบุ๊ก", "facebook",
                      "ติดต่อ", "แจ้งเวียน"),
    "work-improvement": ("ปรับปรุง", "ลดขั้นตอน", "one stop", "พัฒนา", "นวัตกรรม"),
    "public-disclosure": ("เปิดเผย", "ข้อมูล", "เผยแพร่", "เว็บไซต์", "website"),
    "corruption-prevention": ("ป้องกันการทุจริต", "ต่อต้านการทุจริต", "ความเสี่ยง", "เจตจำนง",
                              "วัฒนธรรมองค์กร"),
}
TOOL_CATEGORIES: dict[str, tuple[str, ...]] = {
    "IIT": ("duty-performance", "budget-use", "authority-use", "state-property-use",
            "complaint-handling"),
    "EIT": ("service-quality", "communication", "work-improvement"),
    "OIT": ("public-disclosure", "corruption-prevention"),
}


@dataclass
class Draft:
    """A measure being read: what one row, list item or section says."""

    title: str
    offset: int
    status: str = "planned"
    source: str = "table"
    actions: list[str] = field(default_factory=list)
    owners: list[tuple[str, str]] = field(default_factory=list)
    timeline: str | None = None
    monitoring: list[str] = field(default_factory=list)
    cadence: set[int] = field(default_factory=set)
    outputs: str | None = None
    outcomes: str | None = None
    page: int | None = None
    tool: str | None = None
    context: str = ""

    def add_owners(self, owners: list[tuple[str, str]]) -> None:
        units = {u for _, u in self.owners}
        for name, unit in owners:
            if unit not in units:
                self.owners.append((name, unit))
                units.add(unit)

    def add_monitoring(self, text: str) -> None:
        from normalize.cadence import cadence_months

        text = fold(text)
        if text and text not in self.monitoring:
            self.monitoring.append(text)
            self.cadence.update(cadence_months(text))


# ---------------------------------------------------------------- tables
def column_role(header: str) -> str | None:
    """The role of a column from its header text.

    Example:
        >>> column_role("ขั้นตอนหรือวิธีการดำเนินการ")
        'actions'
        >>> column_role("มาตรการ/แนวทาง")
        'title'
        >>> column_role("ผลการดำเนินการ ผลผลิต")
        'outputs'
    """
    h = squash(header)
    if not h:
        return None
    for role, cues in COLUMN_ROLES:
        if any(c in h for c in cues):
            return role
    if h.startswith(TITLE_STARTS):
        return "title"
    if any(c in h for c in ACTION_CUES):
        return "actions"
    if "มาตรการ" in h:
        return "title"
    return None


def column_roles(header: list[str]) -> list[str | None]:
    """Roles of all columns; only the first title-like column is the title."""
    roles = [column_role(h) for h in header]
    seen_title = False
    for i, r in enumerate(roles):
        if r == "title":
            if seen_title:
                roles[i] = "actions"
            seen_title = True
    return roles


def _header_and_rows(table: Table) -> tuple[list[str], list[list[str]]]:
    header, rows = list(table.header), [list(r) for r in table.rows]
    if not any(column_role(h) for h in header) and rows:
        header, rows = rows[0], rows[1:]
    return header, rows


def _strip_folded_header(cell: str, header: str) -> str:
    """OCR folds a header into the first row's cells ('ผู้รับผิดชอบ สำนักปลัด ...'): drop it."""
    c, h = fold(cell), fold(header)
    if len(squash(h)) >= 4 and squash(c).startswith(squash(h)):
        # drop as many characters of c as make up h, ignoring whitespace
        need, i = len(squash(h)), 0
        while need and i < len(c):
            if not c[i].isspace():
                need -= 1
            i += 1
        return c[i:].strip()
    return c


def _unfold_header(row: list[str], header: list[str]) -> list[str]:
    """A row's cells, without the header text OCR folded into them. Only when most cells begin
    with their column's header is it a fold: a title cell 'มาตรการตรวจสอบ...' under the header
    'มาตรการ' is a real title."""
    stripped = [_strip_folded_header(c, header[i] if i < len(header) else "")
                for i, c in enumerate(row)]
    cells = [fold(c) for c in row]
    folded = sum(1 for a, b in zip(stripped, cells) if a != b)
    filled = sum(1 for c in cells if c)
    return stripped if folded >= 2 and folded * 2 >= filled else cells


def _tool_before(text: str, start: int, since: int) -> str | None:
    window = text[max(since, start - TOOL_CONTEXT_SPAN):start]
    found = None
    for m in _TOOL.finditer(window):
        found = m.group(1) or "IIT"
    return found


def table_drafts(document, dt: DocText) -> tuple[list[Draft], list[tuple[int, Table]]]:
    """Drafts from measure tables, and the step tables (no measure column) with their offsets,
    which belong to the measure section they sit in."""
    from normalize.dates import parse_period  # noqa: F401  (fails early if normalize is absent)
    from normalize.vocab import split_owners

    drafts: list[Draft] = []
    steps: list[tuple[int, Table]] = []
    since, last_tool = 0, None
    for table in document.tables:
        header, rows = _header_and_rows(table)
        roles = column_roles(header)
        start = dt.absolute(table.page, table.offset)
        start = start if start is not None else 0
        has = set(r for r in roles if r)
        if "title" not in has:
            if "actions" in has:
                steps.append((start, table))
            continue
        if not has & MEASURE_ROLES:
            continue
        tool = _tool_before(dt.text, start, since)
        between = dt.text[since:start]
        if tool is None and since and not between.strip("\n\t ").replace("\f", ""):
            tool = last_tool  # a table continued right after the previous one
        elif tool is None and since:
            tool = None
        context = dt.text[max(since, start - TOOL_CONTEXT_SPAN):start]
        reported = bool(has & {"outputs", "outcomes"})
        merged_rows: list[list[str]] = []
        for row in rows:
            cells = _unfold_header(row, header)
            if not any(cells):
                continue
            title_i = roles.index("title")
            title = cells[title_i] if title_i < len(cells) else ""
            if not title and merged_rows:  # a row cut by a page break continues the last one
                prev = merged_rows[-1]
                for i, c in enumerate(cells):
                    if c and i < len(prev):
                        prev[i] = (prev[i] + " " + c).strip()
                continue
            merged_rows.append(cells)
        for cells in merged_rows:
            d = _row_draft(cells, roles, start, reported, split_owners)
            if d is None:
                continue
            d.page, d.tool, d.context = table.page, tool, context
            drafts.append(d)
        since, last_tool = start + 1, tool
    return drafts, steps


def _row_draft(cells: list[str], roles: list[str | None], offset: int, reported: bool,
               split_owners) -> Draft | None:
    title = ""
    d = Draft(title="", offset=offset, status="reported" if reported else "planned")
    for cell, role in zip(cells, roles):
        if not cell or role is None:
            continue
        if role == "title":
            title = drop_leading_number(cell)
        elif role == "actions":
            d.actions += split_items(cell)
        elif role == "owners":
            d.add_owners(split_owners(cell))
        elif role == "timeline":
            d.timeline = cell
        elif role == "monitoring":
            d.add_monitoring(cell)
        elif role == "outputs":
            d.outputs = cell
        elif role == "outcomes":
            d.outcomes = cell
    if not title:
        return None
    d.title = title
    if reported and not d.monitoring and d.outcomes and "รายงาน" in d.outcomes:
        # a results row whose outcome is a reporting sentence ('รายงานผล... รายไตรมาส') states
        # the monitoring cadence
        from normalize.cadence import cadence_months

        if cadence_months(d.outcomes):
            d.add_monitoring(d.outcomes)
    return d


# ---------------------------------------------------------------- prose lists
def _is_measure_title(text: str) -> bool:
    return squash(text).startswith("มาตรการ")


def list_drafts(dt: DocText) -> list[Draft]:
    """Numbered lists whose items are measures ('1. มาตรการ...', at least two of them).

    A short unnumbered line between two items is the wrapped tail of the first.
    """
    lines = lines_with_offsets(dt.text)
    drafts: list[Draft] = []
    run: list[Draft] = []
    expected = None
    pending: list[str] = []

    def close():
        nonlocal run
        if sum(_is_measure_title(d.title) for d in run) >= 2:
            drafts.extend(d for d in run if _is_measure_title(d.title))
        run = []

    for offset, line in lines:
        s = line.strip()
        if not s or "\t" in line:
            continue
        m = _NUMBERED_LINE.match(s)
        if m and not m.group(2):
            n = int(m.group(1))
            if run and n == expected:
                if pending:
                    run[-1].title = fold(run[-1].title + " " + " ".join(pending))
                pending = []
                run.append(Draft(title=m.group(3), offset=offset, source="list"))
                expected = n + 1
                continue
            close()
            pending = []
            if n == 1 and _is_measure_title(m.group(3)):
                run = [Draft(title=m.group(3), offset=offset, source="list")]
                expected = 2
            continue
        if run:
            if len(s) <= LIST_CONTINUATION_MAX and not m:
                pending.append(s)
                if len(pending) > 2:
                    close()
                    pending = []
            else:
                close()
                pending = []
    close()
    for d in drafts:
        d.title = fold(d.title)
        d.page = dt.page_at(d.offset)
    return drafts


# ---------------------------------------------------------------- titled sections
def _section_part(text: str) -> str | None:
    t = squash(text)
    for part, cues in SECTION_PARTS:
        if any(t.startswith(squash(c)) for c in cues):
            return part
    return None


def _is_heading(line: str) -> bool:
    s = line.strip()
    return (bool(s) and "\t" not in line and len(s) <= HEADING_MAX and _is_measure_title(s)
            and not PROGRAMME_MARKS.search(s) and not _NUMBERED_LINE.match(s))


def section_drafts(dt: DocText, steps: list[tuple[int, Table]], table_starts: list[int]
                   ) -> list[Draft]:
    """Measure sections: a heading line 'มาตรการ...' followed, before any other heading, by
    numbered items (the actions) or by structured parts (หน่วยงานที่รับผิดชอบ ...)."""
    from normalize.vocab import split_owners

    lines = lines_with_offsets(dt.text)
    heads = [i for i, (_, ln) in enumerate(lines) if _is_heading(ln)]
    drafts = []
    for k, i in enumerate(heads):
        start = lines[i][0]
        stop_line = heads[k + 1] if k + 1 < len(heads) else len(lines)
        body: list[tuple[int, str]] = []
        for j in range(i + 1, stop_line):
            off, ln = lines[j]
            if any(start < t <= off for t in table_starts):
                break  # a measure table starts: the section is over
            s = ln.strip()
            if SECTION_STOPS.match(s) and not _NUMBERED_LINE.match(s):
                break
            if "\f" in ln:
                ln = ln.replace("\f", "")
            body.append((off, ln))
        numbered = [(off, ln) for off, ln in body if _NUMBERED_LINE.match(ln.strip())
                    and "\t" not in ln]
        if not numbered:
            continue
        end = body[-1][0] + len(body[-1][1]) if body else start
        d = Draft(title=fold(lines[i][1]), offset=start, source="section",
                  page=dt.page_at(start))
        structured = any(_section_part(_NUMBERED_LINE.match(ln.strip()).group(3))
                         for _, ln in numbered)
        if structured:
            _read_structured(d, body, split_owners)
            for off, table in steps:
                if start < off <= end + 1:
                    _read_steps(d, table, split_owners)
        else:
            _read_items(d, body, split_owners)
        drafts.append(d)
    return drafts


def _parts(body: list[tuple[int, str]]) -> list[tuple[str | None, str, list[str]]]:
    """Top-level numbered parts of a structured section: (part kind, heading, body lines)."""
    parts: list[tuple[str | None, str, list[str]]] = []
    for _, ln in body:
        s = ln.strip()
        if not s or "\t" in ln:
            continue
        m = _NUMBERED_LINE.match(s)
        if m and not m.group(2):
            parts.append((_section_part(m.group(3)), m.group(3), []))
        elif parts:
            parts[-1][2].append(s)
    return parts


def _read_structured(d: Draft, body, split_owners) -> None:
    for kind, heading, lines in _parts(body):
        text = fold(" ".join(lines))
        if kind == "owners":
            d.add_owners(split_owners(text))
        elif kind == "monitoring":
            items = []
            for ln in lines:
                m = _NUMBERED_LINE.match(ln)
                content = m.group(3) if m else ln
                content = re.sub(r"\s*:\s*", ": ", content, count=1)
                if m or not items:
                    items.append(content)
                else:
                    items[-1] += " " + content
            if items:
                d.add_monitoring("; ".join(fold(i) for i in items))


def _read_steps(d: Draft, table: Table, split_owners) -> None:
    header, rows = _header_and_rows(table)
    roles = column_roles(header)
    for row in rows:
        for cell, role in zip(row, roles):
            if role == "actions" and cell:
                d.actions.append(fold(cell))
            elif role == "owners" and cell:
                d.add_owners(split_owners(cell))


def _read_items(d: Draft, body, split_owners) -> None:
    """Numbered actions; sub-items (2.1, 2.2) join their parent; a unit that is the subject of
    an item owns the measure; a reporting sentence with a cadence is its monitoring."""
    from normalize.cadence import cadence_months

    items: list[str] = []
    for _, ln in body:
        s = ln.strip()
        if not s or "\t" in ln:
            continue
        m = _NUMBERED_LINE.match(s)
        if m and not m.group(2):
            items.append(m.group(3))
        elif m and items:
            items[-1] = items[-1].rstrip() + ("; " if not items[-1].endswith(":") else " ") \
                + m.group(3)
        elif items:
            items[-1] += " " + s
        lead = m.group(3) if m else s
        unit_m = _UNIT_SUBJECT.match(lead)
        if unit_m:
            d.add_owners([(n, u) for n, u in split_owners(lead.split(" ", 1)[0])
                          if u not in ("other", "all-units")])
    d.actions += [fold(i) for i in items]
    for item in items:
        for clause in re.split(r"(?<=\S)\s+(?=รวมถึง|และรายงาน|โดยรายงาน)", fold(item)):
            if "รายงาน" in clause and cadence_months(clause):
                d.add_monitoring(clause.removeprefix("รวมถึง").strip())


# ---------------------------------------------------------------- merging, categories
def same_measure(a: Draft, b: Draft) -> bool:
    """The same measure met twice: same status and the same title (spacing and OCR slips
    aside)."""
    if a.status != b.status:
        return False
    ka, kb = squash(a.title), squash(b.title)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    from rapidfuzz import fuzz

    return fuzz.ratio(ka, kb) >= 92


def merge_drafts(drafts: list[Draft]) -> list[Draft]:
    """Merge repeats into the first occurrence (document order): actions, owners, cadences."""
    out: list[Draft] = []
    for d in sorted(drafts, key=lambda x: x.offset):
        twin = next((o for o in out if same_measure(o, d)), None)
        if twin is None:
            out.append(d)
            continue
        twin.actions += [a for a in d.actions if a not in twin.actions]
        twin.add_owners(d.owners)
        for m in d.monitoring:
            twin.add_monitoring(m)
        twin.cadence |= d.cadence
        twin.timeline = twin.timeline or d.timeline
        twin.outputs = twin.outputs or d.outputs
        twin.outcomes = twin.outcomes or d.outcomes
        twin.tool = twin.tool or d.tool
        twin.context = twin.context or d.context
        if twin.source != "table" and d.source == "table":
            twin.page = twin.page or d.page
    return out


def _content_scores(text: str, categories: tuple[str, ...]) -> dict[str, int]:
    low = text.lower()
    return {c: sum(low.count(k) for k in INDICATOR_CONTENT[c]) for c in categories}


def _weakest_named(context: str, categories: tuple[str, ...]) -> str | None:
    """The indicator with the lowest score printed in the passage before a table."""
    from normalize.vocab import CATEGORY_INDICATOR

    from extractors.ita import indicator_readings

    readings = indicator_readings(context, [])
    by_number = {n: min(r.value for r in rs) for n, rs in readings.items()}
    wanted = {CATEGORY_INDICATOR[c]: c for c in categories if c in CATEGORY_INDICATOR}
    scored = [(v, wanted[n]) for n, v in by_number.items() if n in wanted]
    return min(scored)[1] if scored else None


def categorize(d: Draft) -> str:
    """The measure's category. The title's own cue decides; under a passage about one ITA tool
    (ด้าน EIT ...) the category must be one of that tool's indicators: the title's cue if it is
    one, else the indicator its title and actions talk about most, else the tool's weakest
    indicator named in the passage."""
    from normalize.vocab import category_of

    by_title = category_of(d.title)
    if d.tool is None:
        if by_title == "other" and d.actions:
            return category_of(d.title + " " + " ".join(d.actions))
        return by_title
    allowed = TOOL_CATEGORIES[d.tool]
    # a cell listing several measures ('1. ... 2. ...') is led by its first one
    first = category_of(_FOLLOWING_ITEM.split(d.title, maxsplit=1)[0])
    if first in allowed:
        return first
    scores = _content_scores(d.title + " " + " ".join(d.actions), allowed)
    best = max(scores.values())
    leaders = [c for c in allowed if scores[c] == best]
    if best > 0 and len(leaders) == 1:
        return leaders[0]
    weakest = _weakest_named(d.context, tuple(leaders) if best > 0 else allowed)
    if weakest:
        return weakest
    return by_title if by_title != "other" else leaders[0]


def finish(d: Draft, warnings: list[RecordWarning]) -> Measure:
    from normalize.dates import parse_period
    from normalize.vocab import CATEGORY_INDICATOR

    category = categorize(d)
    timeline = None
    if d.timeline:
        start, end, ws = parse_period(d.timeline)
        warnings.extend(w.model_copy(update={"page": d.page}) for w in ws)
        timeline = Timeline(text=fold(d.timeline), start=start, end=end)
    monitoring = None
    if d.monitoring:
        monitoring = Monitoring(text="; ".join(d.monitoring), cadence_months=sorted(d.cadence))
    return Measure(
        title=d.title, category=category, indicator=CATEGORY_INDICATOR.get(category),
        actions=[a for a in d.actions if a], owners=[Owner(name=n, unit=u) for n, u in d.owners],
        timeline=timeline, monitoring=monitoring, outputs=fold(d.outputs) or None,
        outcomes=fold(d.outcomes) or None, status=d.status, page=d.page)


def extract_measures(document, dt: DocText) -> tuple[list[Measure], list[RecordWarning]]:
    """All measures of a document, merged and categorised, in document order."""
    warnings: list[RecordWarning] = []
    tdrafts, steps = table_drafts(document, dt)
    table_starts = sorted({d.offset for d in tdrafts})
    drafts = tdrafts + list_drafts(dt) + section_drafts(dt, steps, table_starts)
    merged = merge_drafts(drafts)
    measures = [finish(d, warnings) for d in merged]
    if not measures:
        warnings.append(RecordWarning(code="measures-none",
                                      message="no measure table, list or section found"))
    return measures, warnings
