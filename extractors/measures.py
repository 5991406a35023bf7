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
    # a results table with one column of what was done ('ผลการดำเนินงาน', not split into
    # ผลผลิต / ผลลัพธ์): its cells are the actions, and the rows are reported
    ("results", ("ผลการดำเนินงาน", "ผลการดำเนินการ", "ผลการปฏิบัติงาน")),
    ("index", ("ลำดับ",)),
)
# Scanned headers: tone marks OCR drops, and how close a long cue must be to count.
_TONES = re.compile("[\u0e48-\u0e4b]")
FUZZY_CUE_MIN = 8
FUZZY_CUE_RATIO = 85.0
TITLE_STARTS: tuple[str, ...] = ("มาตรการ", "ตัวชี้วัด", "โครงการ", "ชื่อมาตรการ")
ACTION_CUES: tuple[str, ...] = ("ขั้นตอน", "วิธีการ", "แนวทาง", "รายละเอียด", "การดำเนินการ",
                                "กิจกรรม", "แนวปฏิบัติ")
MEASURE_ROLES = {"actions", "owners", "timeline", "monitoring", "outputs", "outcomes", "results"}

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
# A line that announces what follows ('... ป้องกันการทุจริต ดังนี้', '... ดังต่อไปนี้ :') is the
# tail of a sentence wrapped onto its own line (a scan's lines are short), not a title. Scans
# drop the tone mark: 'ดังนี'.
INTRO_END = re.compile(r"(?:ดังนี้?|ดังต่อไปนี้?|ได้แก่)\s*[:：]?$")
# Lines that close an announcement or a memo body: a section never runs past them.
SECTION_STOPS = re.compile(r"^(?:จึง|ประกาศ\s*ณ|\(?ลงชื่อ|พิจารณาเห็นชอบ|ความเห็น|ทั้งนี้ตั้งแต่|"
                           r"สั่ง\s*ณ|บันทึกข้อความ|คำสั่ง|\()")
HEADING_MAX = 120        # a measure heading is one short line
LIST_CONTINUATION_MAX = 80   # a wrapped tail of a numbered prose item is a short line
# A unit named as the subject of an action item ('งานประชาสัมพันธ์ ... ดำเนินการ...') owns it.
_UNIT_SUBJECT = re.compile(r"^(?:สำนักปลัด|สำนักงานปลัด|กอง[^\s/]+|งาน[^\s/]+|หน่วยตรวจสอบภายใน)")
_FOLLOWING_ITEM = re.compile(r"\s\(?\d{1,2}[.)]\s")  # ' 2. ' inside a cell: the next item
# An item of a running numbered list whose number OCR garbled: Thai digits in a scan come out
# as 'on.' (๓.), 'เร' (๖), 'lo.' (๒.). One to three characters, then a measure title.
_GARBLED_ITEM = re.compile(r"^\s*([^\s\d]{1,3})[.)]?\s+(มาตรการ\S.*)$")
_NUMBERED_LINE = re.compile(r"^\s*\(?(\d{1,2})((?:\.\d{1,2})*)[.)]?\s+(\S.*)$")
# The ITA tool a passage discusses: '(IIT)', 'ด้าน EIT', 'ด้าน IT' (the internal tool).
_TOOL = re.compile(r"(?<![A-Za-z])(IIT|EIT|OIT)(?![A-Za-z])|ด้าน\s*(IT)(?![A-Za-z])")
TOOL_CONTEXT_SPAN = 3000  # how far before a table its framing prose is looked for

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
    indicator_hint: int | None = None   # the ITA indicator the row itself names (a ตัวชี้วัด cell)
    fiscal_hint: int | None = None      # the fiscal year around it, for 'ตลอดปีงบประมาณ' alone

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
def _alternatives(header: str) -> list[str]:
    """'แนวทาง/มาตรการ' -> ['แนวทาง', 'มาตรการ']: a slashed header names one column twice."""
    return [a for a in squash(header).split("/") if a]


def column_role(header: str) -> str | None:
    """The role of a column from its header text.

    A header is read by its alternatives ('มาตรการ/แนวทาง' and 'แนวทาง/มาตรการ' are both the
    measure column: either order is printed); a header that only mentions a measure inside a
    longer phrase ('ขั้นตอนการดำเนินการตามมาตรการ') is read by its first words.

    Example:
        >>> column_role("ขั้นตอนหรือวิธีการดำเนินการ")
        'actions'
        >>> column_role("แนวทาง/มาตรการ")
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
    if any(a.startswith(TITLE_STARTS) for a in _alternatives(header)):
        return "title"
    if any(c in h for c in ACTION_CUES):
        return "actions"
    if "มาตรการ" in h:
        return "title"
    return _scanned_header_role(h)


def _scanned_header_role(h: str) -> str | None:
    """The role of a header as OCR of a scan reads it: tone marks dropped ('ขันตอน'), or one
    letter of a long cue misread ('ผู้รับผิดช6บ', a narrow column wrapping ผู้รับผิดชอบ). Cues of
    at least ``FUZZY_CUE_MIN`` letters match at ``FUZZY_CUE_RATIO`` (rapidfuzz partial ratio).

    Example:
        >>> _scanned_header_role("ผู้รับผิดช6บ"), _scanned_header_role("ขันตอนการดำเนินงาน")
        ('owners', 'actions')
    """
    from rapidfuzz import fuzz

    bare = _TONES.sub("", h)
    for role, cues in COLUMN_ROLES:
        if any(_TONES.sub("", c) in bare for c in cues):
            return role
    if any(_TONES.sub("", c) in bare for c in ACTION_CUES):
        return "actions"
    for role, cues in COLUMN_ROLES:
        # no processor: rapidfuzz's default_process would turn Thai marks into spaces
        # (the header must be about as long as the cue: partial_ratio would find a short
        # header such as 'ที่' inside any long cue)
        if any(len(c) >= FUZZY_CUE_MIN and len(h) >= len(c) - 1
               and fuzz.partial_ratio(c, h) >= FUZZY_CUE_RATIO for c in cues):
            return role
    return None


def _title_rank(header: str) -> int:
    """How surely a title-like column holds the measure: a column named มาตรการ beats one named
    โครงการ, which beats ตัวชี้วัด (in plan tables ตัวชี้วัด is a KPI or the ITA indicator the row
    answers, printed before or after the measure)."""
    alts = _alternatives(header)
    for rank, starts in enumerate((("มาตรการ", "ชื่อมาตรการ"), ("โครงการ",))):
        if any(a.startswith(starts) for a in alts):
            return rank
    return 3 if any(a.startswith("ตัวชี้วัด") for a in alts) else 2


def column_roles(header: list[str]) -> list[str | None]:
    """Roles of all columns. The best-ranked title-like column is the title (the first of
    equals); another ตัวชี้วัด column is the row's 'indicator'; other title-like ones are
    actions.

    Example:
        >>> column_roles(["ตัวชี้วัด", "ประเด็นที่ต้องพัฒนา", "มาตรการ/แนวทางการพัฒนา", "ผู้รับผิดชอบ"])
        ['indicator', None, 'title', 'owners']
    """
    roles = [column_role(h) for h in header]
    titles = [i for i, r in enumerate(roles) if r == "title"]
    if titles:
        best = min(titles, key=lambda i: (_title_rank(header[i]), i))
        for i in titles:
            if i != best:
                roles[i] = "indicator" if _title_rank(header[i]) == 3 else "actions"
    return roles


def _header_and_rows(table: Table) -> tuple[list[str], list[list[str]]]:
    """The table's header and data rows. When ingest found no header we can read (a header word
    it does not know, such as 'ห้วงเวลา' or 'เครื่องมือ'), the first row is the header."""
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


def _prose(text: str) -> str:
    """The lines of a passage that are not table rows (no tab, no pipe)."""
    return "\n".join(ln for ln in text.split("\n") if "\t" not in ln and "|" not in ln)


def _tool_before(text: str, start: int, since: int) -> str | None:
    """The ITA tool the prose just before a table is about ('2. ด้าน EIT พบว่า ...').

    Analysis memos answer each tool's weak points with a table under the passage that names the
    tool, so the last prose line that names a tool frames the table, if it names only one. The
    IIT / EIT / OIT printed in the rows of a score table, or a sentence comparing the tools, say
    nothing about the measures that follow. (Lines, not paragraphs: PDF text wraps a paragraph
    into many lines, and the tool is named in its first.)

    Example:
        >>> _tool_before("๒. ด้าน EIT พบว่า ผลคะแนนของตัวชี้วัดคุณภาพการดำเนินงาน\\n\\nมาตรการ\\tผู้รับผิดชอบ", 57, 0)
        'EIT'
    """
    window = _prose(text[max(since, start - TOOL_CONTEXT_SPAN):start])
    for line in reversed(window.split("\n")):
        tools = {m.group(1) or "IIT" for m in _TOOL.finditer(line)}
        if tools:
            return tools.pop() if len(tools) == 1 else None
    return None


def _fiscal_year_before(text: str) -> int | None:
    """The last fiscal year named in a passage ('... ประจำปีงบประมาณ พ.ศ. 2566 ดังนี้')."""
    from normalize.dates import find_fiscal_years

    years = find_fiscal_years(_prose(text))
    return years[-1] if years else None


def _table_fiscal_year(timelines: list[str], context: str) -> int | None:
    """The fiscal year of a plan table: one its own timeline cells name, else the last one named
    in the prose above it."""
    from normalize.dates import find_fiscal_years

    for cell in timelines:
        years = find_fiscal_years(cell)
        if years:
            return years[0]
    return _fiscal_year_before(context)


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
        context = dt.text[max(since, start - TOOL_CONTEXT_SPAN):start]
        # a results column left blank is a form to fill in later: the rows are still plans
        results_filled = any(fold(r[i]) for r in rows for i, role in enumerate(roles)
                             if role == "results" and i < len(r))
        reported = bool(has & {"outputs", "outcomes"}) or results_filled
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
        table_drafts_: list[Draft] = []
        for cells in merged_rows:
            d = _row_draft(cells, roles, start, reported, split_owners)
            if d is None:
                continue
            d.page, d.tool, d.context = table.page, tool, context
            table_drafts_.append(d)
        fy = _table_fiscal_year([d.timeline for d in table_drafts_ if d.timeline], context)
        for d in table_drafts_:
            d.fiscal_hint = fy
        drafts.extend(table_drafts_)
        since, last_tool = start + 1, tool
    return drafts, steps


def _row_draft(cells: list[str], roles: list[str | None], offset: int, reported: bool,
               split_owners) -> Draft | None:
    """One table row as a draft, each cell read by its column's role; None without a title.
    Only what the row itself prints is kept (a merged cell's value belongs to its first row)."""
    title = ""
    d = Draft(title="", offset=offset, status="reported" if reported else "planned")
    for cell, role in zip(cells, roles):
        if not cell or role is None:
            continue
        if role == "title":
            title = drop_leading_number(cell)
        elif role in ("actions", "results"):
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
        elif role == "indicator":
            d.indicator_hint = _named_indicator(cell)
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


def _named_indicator(cell: str) -> int | None:
    """The ITA indicator a cell names by its full name ('ตัวชี้วัดที่ 7 ประสิทธิภาพการสื่อสาร'),
    exactly: a KPI cell ('บุคลากรร้อยละ 80 ผ่านการอบรม') names none."""
    from normalize.vocab import ITA_INDICATORS

    c = squash(cell)
    hits = [(c.find(name), ind.number) for ind in ITA_INDICATORS
            for name in (ind.name, *(v for v, _ in ind.variants)) if name in c]
    return min(hits)[1] if hits else None


# ---------------------------------------------------------------- prose lists
def _is_measure_title(text: str) -> bool:
    """A list item or heading that names a measure: it starts with มาตรการ (how every ITA
    measure is titled; numbered prose that starts otherwise is findings or instructions)."""
    return squash(text).startswith("มาตรการ")


# A labelled line under a list item: 'ผู้รับผิดชอบ: กองคลัง', 'ระยะเวลา : ตลอดปีงบประมาณ 2567'.
ITEM_LABELS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("owners", ("ผู้รับผิดชอบ", "หน่วยงานที่รับผิดชอบ", "หน่วยงานรับผิดชอบ", "ผู้ดำเนินการ")),
    ("timeline", ("ระยะเวลาดำเนินการ", "ระยะเวลาการดำเนินการ", "ระยะเวลา", "ห้วงเวลา",
                  "กำหนดเวลา")),
    ("monitoring", ("การกำกับติดตาม", "การติดตามและรายงานผล", "การติดตามผล", "การรายงานผล")),
)
_LABELLED = re.compile(r"^(?P<label>" + "|".join(sorted((c for _, cs in ITEM_LABELS for c in cs),
                                                      key=len, reverse=True))
                       + r")\s*[:：]\s*(?P<value>\S.*)$")
_BULLET_LINE = re.compile(r"^[-•▪●]\s*(\S.*)$")


def _label_role(label: str) -> str:
    return next(role for role, cues in ITEM_LABELS if label in cues)


def _absorb_action(d: Draft, text: str, split_owners) -> None:
    """One action of a prose measure. A unit that is its subject ('งานประชาสัมพันธ์ ...
    ดำเนินการ', 'ให้กองการเจ้าหน้าที่ รายงานผล...') owns the measure; a reporting clause with a
    cadence ('... รายงานผล ... ปีละ 2 ครั้ง') is its monitoring."""
    from normalize.cadence import cadence_months

    text = fold(text)
    if not text:
        return
    d.actions.append(text)
    unit_m = _UNIT_SUBJECT.match(text.removeprefix("ให้").strip())
    if unit_m:
        lead = text.removeprefix("ให้").strip().split(" ", 1)[0]
        d.add_owners([(n, u) for n, u in split_owners(lead) if u not in ("other", "all-units")])
    for clause in re.split(r"(?<=\S)\s+(?=รวมถึง|และรายงาน|โดยรายงาน)", text):
        if "รายงาน" in clause and cadence_months(clause):
            d.add_monitoring(clause.removeprefix("รวมถึง").strip())


def list_drafts(dt: DocText) -> list[Draft]:
    """Numbered lists whose items are measures ('1. มาตรการ...', at least two of them).

    What may stand under an item and belongs to it: its sub-items ('1.1 ...') and bullets
    ('- ...'), which are its actions; labelled lines ('ผู้รับผิดชอบ: ...', 'ระยะเวลา: ...',
    'การติดตามผล: ...'), which are its owners, timeline and monitoring. A short unlabelled line is
    the wrapped tail of what came before it (the title, or the last action). A closing line
    (จึงเรียนมา..., ประกาศ ณ ...) or a long paragraph ends the list.

    Example:
        >>> [d.title for d in list_drafts(DocText.of_texts(["1. มาตรการป้องกันการรับสินบน\\n"
        ...     "1.1 ห้ามเรียกรับสินบน\\n2. มาตรการ No Gift Policy\\n- งดรับของขวัญ"]))]
        ['มาตรการป้องกันการรับสินบน', 'มาตรการ No Gift Policy']
    """
    from normalize.vocab import split_owners

    lines = lines_with_offsets(dt.text)
    drafts: list[Draft] = []
    run: list[Draft] = []
    expected = None
    pending: list[str] = []

    def close():
        nonlocal run, pending
        if sum(_is_measure_title(d.title) for d in run) >= 2:
            drafts.extend(d for d in run if _is_measure_title(d.title))
        run, pending = [], []

    def flush_pending():
        nonlocal pending
        if pending and run:
            tail = " ".join(pending)
            if run[-1].actions:
                run[-1].actions[-1] = fold(run[-1].actions[-1] + " " + tail)
            else:
                run[-1].title = fold(run[-1].title + " " + tail)
        pending = []

    for offset, line in lines:
        s = line.strip().replace("\f", "")
        if not s or "\t" in line:
            continue
        m = _NUMBERED_LINE.match(s)
        if m and not m.group(2):
            n = int(m.group(1))
            if run and n == expected:
                flush_pending()
                run.append(Draft(title=m.group(3), offset=offset, source="list"))
                expected = n + 1
                continue
            close()
            if n == 1 and _is_measure_title(m.group(3)):
                run = [Draft(title=m.group(3), offset=offset, source="list")]
                expected = 2
            continue
        if not run:
            continue
        garbled = None if m else _GARBLED_ITEM.match(s)
        if garbled and _is_measure_title(garbled.group(2)):
            # the next item of the running list, its number unreadable in a scan
            flush_pending()
            run.append(Draft(title=garbled.group(2), offset=offset, source="list"))
            expected += 1
            continue
        if SECTION_STOPS.match(s):
            close()
            continue
        sub = m is not None and bool(m.group(2)) and int(m.group(1)) == expected - 1
        bullet = _BULLET_LINE.match(s)
        labelled = _LABELLED.match(s)
        if sub or bullet or labelled:
            flush_pending()
            if labelled:
                role, value = _label_role(labelled.group("label")), labelled.group("value")
                if role == "owners":
                    run[-1].add_owners(split_owners(value))
                elif role == "timeline":
                    run[-1].timeline = fold(value)
                else:
                    run[-1].add_monitoring(value)
            else:
                _absorb_action(run[-1], m.group(3) if sub else bullet.group(1), split_owners)
            continue
        if len(s) <= LIST_CONTINUATION_MAX and not m:
            pending.append(s)
            if len(pending) > 2:
                close()
        else:
            close()
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
    """A measure title standing alone on a short line; a heading with a year names the whole
    programme ('มาตรการ... ประจำปีงบประมาณ 2565'), not one measure, and a line ending in
    'ดังนี้' introduces a list ('มาตรการภายในเพื่อส่งเสริมความโปร่งใสและป้องกันการทุจริต ดังนี้')."""
    s = line.strip()
    return (bool(s) and "\t" not in line and len(s) <= HEADING_MAX and _is_measure_title(s)
            and not PROGRAMME_MARKS.search(s) and not _NUMBERED_LINE.match(s)
            and not INTRO_END.search(s))


def section_drafts(dt: DocText, steps: list[tuple[int, Table]], table_starts: list[int]
                   ) -> list[Draft]:
    """Measure sections: a heading line 'มาตรการ...' followed, before any other heading, by
    numbered or bulleted items (the actions) or by structured parts (หน่วยงานที่รับผิดชอบ ...)."""
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
        bulleted = any(_BULLET_LINE.match(ln.strip()) and "\t" not in ln for _, ln in body)
        if not numbered and not bulleted:
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
    """Numbered or bulleted actions of a titled section; sub-items (2.1, 2.2) join their
    parent; labelled lines ('ผู้รับผิดชอบ: ...') fill their field; each action then goes through
    ``_absorb_action`` (unit subjects own, reporting clauses monitor)."""
    items: list[str] = []
    for _, ln in body:
        s = ln.strip()
        if not s or "\t" in ln:
            continue
        m = _NUMBERED_LINE.match(s)
        bullet = _BULLET_LINE.match(s)
        labelled = _LABELLED.match(s)
        if labelled:
            role, value = _label_role(labelled.group("label")), labelled.group("value")
            if role == "owners":
                d.add_owners(split_owners(value))
            elif role == "timeline":
                d.timeline = fold(value)
            else:
                d.add_monitoring(value)
        elif m and not m.group(2):
            items.append(m.group(3))
        elif bullet:
            items.append(bullet.group(1))
        elif m and items:
            items[-1] = items[-1].rstrip() + ("; " if not items[-1].endswith(":") else " ") \
                + m.group(3)
        elif items:
            items[-1] += " " + s
    for item in items:
        _absorb_action(d, item, split_owners)


# ---------------------------------------------------------------- merging, categories
def same_measure(a: Draft, b: Draft) -> bool:
    """The same measure met twice: same status and the same title (spacing and OCR slips
    aside)."""
    if a.status != b.status:
        return False
    # a list item names 'มาตรการตรวจสอบการใช้ดุลพินิจ', its table row 'ตรวจสอบการใช้ดุลพินิจ'
    ka, kb = (squash(t.title).removeprefix("มาตรการ") for t in (a, b))
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
        twin.indicator_hint = twin.indicator_hint or d.indicator_hint
        twin.fiscal_hint = twin.fiscal_hint or d.fiscal_hint
        if twin.source != "table" and d.source == "table":
            twin.page = twin.page or d.page
    return out


def _content_scores(text: str, categories: tuple[str, ...]) -> dict[str, int]:
    """How often a text uses each indicator's content words (``INDICATOR_CONTENT``)."""
    low = text.lower()
    return {c: sum(low.count(k) for k in INDICATOR_CONTENT[c]) for c in categories}


def categorize(d: Draft) -> str:
    """The measure's category, from the most to the least direct evidence.

    1. A title naming a kind of measure that is not an ITA indicator ('มาตรการป้องกันการรับสินบน',
       'No Gift Policy', 'ตรวจสอบการใช้ดุลพินิจ') by one of the spec's own cues is that kind, even
       under a passage about one ITA tool: the title says what the measure is.
    2. Outside any tool passage, the title's cue; else the ITA indicator the row names in its
       own ตัวชี้วัด cell; else a cue in the title and actions together.
    3. Under a passage about one ITA tool ('ด้าน EIT พบว่า ...', how analysis memos answer each
       tool's weak points) the category is one of that tool's indicators: the title's cue (of its
       first item, when a cell lists several), else the row's own indicator, else the indicator
       the title and actions talk about most (NACC's indicator content, ``INDICATOR_CONTENT``).
       A tie keeps the title's cue, else the first of the tied indicators in the tool's order.
    """
    from normalize.vocab import CATEGORY_INDICATOR, category_of, category_scores

    scores = category_scores(d.title)
    by_title = scores[0][0] if scores else "other"
    if scores and scores[0][1] >= 0.95 and by_title not in CATEGORY_INDICATOR:
        return by_title
    hinted = next((c for c, n in CATEGORY_INDICATOR.items() if n == d.indicator_hint), None)
    if d.tool is None:
        if by_title != "other":
            return by_title
        if hinted:
            return hinted
        if d.actions:
            return category_of(d.title + " " + " ".join(d.actions))
        return by_title
    allowed = TOOL_CATEGORIES[d.tool]
    # a cell listing several measures ('1. ... 2. ...') is led by its first one
    first = category_of(_FOLLOWING_ITEM.split(d.title, maxsplit=1)[0])
    if first in allowed:
        return first
    if hinted in allowed:
        return hinted
    content = _content_scores(d.title + " " + " ".join(d.actions), allowed)
    best = max(content.values())
    leaders = [c for c in allowed if content[c] == best]
    if best > 0 and len(leaders) == 1:
        return leaders[0]
    return by_title if by_title != "other" else leaders[0]


# A timeline that names the whole fiscal year without saying which ('ตลอดปีงบประมาณ', 'ตลอดปี').
_WHOLE_YEAR = re.compile(r"^(?:ตลอด|ภายใน|ทั้ง)\s*ปี(?:งบประมาณ)?(?:\s*(?:นี้|ปัจจุบัน))?$")


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
    """
    from normalize.dates import fiscal_year_range, parse_period

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
    return start, end, ws


def finish(d: Draft, warnings: list[RecordWarning]) -> Measure:
    from normalize.vocab import CATEGORY_INDICATOR

    category = categorize(d)
    timeline = None
    if d.timeline:
        start, end, ws = resolve_timeline(d.timeline, d.fiscal_hint)
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
    tdrafts, steps = table_drafts(document, dt)
    table_starts = sorted({d.offset for d in tdrafts})
    prose = list_drafts(dt) + section_drafts(dt, steps, table_starts)
    for d in prose:
        d.fiscal_hint = _fiscal_year_before(dt.text[max(0, d.offset - TOOL_CONTEXT_SPAN):d.offset])
    drafts = tdrafts + prose
    for d in drafts:
        d.fiscal_hint = d.fiscal_hint or fiscal_year
    merged = merge_drafts(drafts)
    measures = [finish(d, warnings) for d in merged]
    if not measures:
        warnings.append(RecordWarning(code="measures-none",
                                      message="no measure table, list or section found"))
    return measures, warnings
