"""What the measure readers share: the draft of a measure and the cues of prose measures."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from thaireports.extractors.textutil import fold, squash
from thaireports.normalize.columns import COLUMN_ROLES
from thaireports.normalize.slips import GARBLED_LIST_NUMBER




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
INTRO_END = re.compile(r"(?:ดังนี[่-๋]?|ดังต่อไปนี[่-๋]?|ได้แก่)\s*[:：]?$")  # any tone, or none
# Lines that close an announcement or a memo body: a section never runs past them.
SECTION_STOPS = re.compile(r"^(?:จึง|ประกาศ\s*ณ|\(?ลงชื่อ|พิจารณาเห็นชอบ|ความเห็น|ทั้งนี้ตั้งแต่|"
                           r"สั่ง\s*ณ|บันทึกข้อความ|คำสั่ง|\()")
HEADING_MAX = 120        # a measure heading is one short line
LIST_CONTINUATION_MAX = 80   # a wrapped tail of a numbered prose item is a short line
# A unit named as the subject of an action item ('งานประชาสัมพันธ์ ... ดำเนินการ...') owns it.
UNIT_SUBJECT = re.compile(r"^(?:สำนักปลัด|สำนักงานปลัด|กอง[^\s/]+|งาน[^\s/]+|หน่วยตรวจสอบภายใน)")
FOLLOWING_ITEM = re.compile(r"\s\(?\d{1,2}[.)]\s")  # ' 2. ' inside a cell: the next item
# An item of a running numbered list whose number OCR garbled: Thai digits in a scan come out
# as 'on.' (๓.), 'เร' (๖), 'lo.' (๒.). One to three characters, then a measure title.
GARBLED_ITEM = GARBLED_LIST_NUMBER  # normalize.slips owns the OCR slip tables
NUMBERED_LINE = re.compile(r"^\s*\(?(\d{1,2})((?:\.\d{1,2})*)[.)]?\s+(\S.*)$")
# The ITA tool a passage discusses: '(IIT)', 'ด้าน EIT', 'ด้าน IT' (the internal tool).
TOOL = re.compile(r"(?<![A-Za-z])(IIT|EIT|OIT)(?![A-Za-z])|ด้าน\s*(IT)(?![A-Za-z])")
TOOL_CONTEXT_SPAN = 3000  # how far before a table its framing prose is looked for

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
    months: tuple[int, int] | None = None  # first and last marked month of a month-grid row

    def add_owners(self, owners: list[tuple[str, str]]) -> None:
        units = {u for _, u in self.owners}
        for name, unit in owners:
            if unit not in units:
                self.owners.append((name, unit))
                units.add(unit)

    def add_monitoring(self, text: str) -> None:
        from thaireports.normalize.cadence import cadence_months

        text = fold(text)
        if text and text not in self.monitoring:
            self.monitoring.append(text)
            self.cadence.update(cadence_months(text))



# ---------------------------------------------------------------- prose measures
# The words an ITA measure, project or activity is titled with ('มาตรการ...', 'โครงการ...',
# 'กิจกรรม...'); numbered prose that starts otherwise is findings or instructions.
MEASURE_WORDS: tuple[str, ...] = ("มาตรการ", "โครงการ", "กิจกรรม")
# What the umbrella title of a whole programme is made of: 'มาตรการภายในเพื่อส่งเสริมความ
# โปร่งใสและป้องกันการทุจริต', 'มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน'. A title
# of nothing but these words names the programme, not one measure.
UMBRELLA_WORDS: tuple[str, ...] = tuple(sorted((
    "ภายในหน่วยงาน", "ภายใน", "เพื่อ", "การ", "ส่งเสริม", "เสริมสร้าง", "คุณธรรม", "จริยธรรม", "และ",
    "ความโปร่งใส", "โปร่งใส", "ป้องกัน", "ปราบปราม", "ทุจริต", "ประพฤติมิชอบ", "ต่อต้าน", "หน่วยงาน",
    "ขององค์กร", "องค์กร", "ของ", "ใน", "ด้าน", "ให้", "มี", "ขับเคลื่อน", "ดำเนินงาน"),
    key=len, reverse=True))


UMBRELLA_TAILS: tuple[str, ...] = ("ประจำ", "ปีงบประมาณ", "พ.ศ", "ไป", "ขององค์การ", "ของเทศบาล",
                                   "องค์การบริหารส่วน", "เทศบาล")


def is_umbrella_title(text: str) -> bool:
    """A title that names the whole integrity programme rather than one measure.

    Example:
        >>> is_umbrella_title("มาตรการภายในเพื่อส่งเสริมความโปร่งใสและป้องกันการทุจริต")
        True
        >>> is_umbrella_title("มาตรการให้ผู้มีส่วนได้เสียมีส่วนร่วมในการส่งเสริมความโปร่งใส")
        False
    """
    from thaireports.normalize.slips import skeleton

    # compared by skeleton: a mark OCR scattered into a word ('คุณธรรมิ') changes nothing
    rest = skeleton(squash(text))
    if not rest.startswith(skeleton("มาตรการ")):
        return False  # 'โครงการส่งเสริมคุณธรรมและจริยธรรม' is one project, not the programme
    rest = rest.removeprefix(skeleton("มาตรการ"))
    words = sorted({skeleton(w) for w in UMBRELLA_WORDS}, key=len, reverse=True)
    changed = True
    while rest and changed:
        changed = False
        for word in words:
            if rest.startswith(word):
                rest, changed = rest[len(word):], True
                break
    rest = rest.strip("-–:() ")
    # what a wrapped umbrella line leaves after its words: its year or agency ('ประจำ',
    # 'ประจำปีงบประมาณ พ.ศ. 2565', 'ขององค์การบริหารส่วนตำบล...') or its sentence's verb ('ไป')
    return not rest or rest.startswith(tuple(skeleton(t) for t in UMBRELLA_TAILS))


def is_measure_title(text: str) -> bool:
    """A list item or heading that names a measure: it starts with มาตรการ, โครงการ or
    กิจกรรม, and it is not the umbrella title of the whole programme."""
    t = squash(text)
    return t.startswith(MEASURE_WORDS) and not is_umbrella_title(t)


# A labelled line under a list item: 'ผู้รับผิดชอบ: กองคลัง', 'ระยะเวลา : ตลอดปีงบประมาณ 2567'.
# The labels are the column cues of normalize.columns (one table of field cues): a field is
# named the same in a table header and before a colon.
ITEM_LABELS: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
    (role, cues) for role, cues in COLUMN_ROLES if role in ("owners", "timeline", "monitoring"))
LABELLED = re.compile(r"^(?P<label>" + "|".join(sorted((c for _, cs in ITEM_LABELS for c in cs),
                                                      key=len, reverse=True))
                       + r")\s*[:：]\s*(?P<value>\S.*)$")
BULLET_LINE = re.compile(r"^[-•▪●]\s*(\S.*)$")


def label_role(label: str) -> str:
    return next(role for role, cues in ITEM_LABELS if label in cues)


def absorb_action(d: Draft, text: str, split_owners) -> None:
    """One action of a prose measure. A unit that is its subject ('งานประชาสัมพันธ์ ...
    ดำเนินการ', 'ให้กองการเจ้าหน้าที่ รายงานผล...') owns the measure; a reporting clause with a
    cadence ('... รายงานผล ... ปีละ 2 ครั้ง') is its monitoring."""
    from thaireports.normalize.cadence import cadence_months

    text = fold(text)
    if not text:
        return
    d.actions.append(text)
    unit_m = UNIT_SUBJECT.match(text.removeprefix("ให้").strip())
    if unit_m:
        lead = text.removeprefix("ให้").strip().split(" ", 1)[0]
        d.add_owners([(n, u) for n, u in split_owners(lead) if u not in ("other", "all-units")])
    for clause in re.split(r"(?<=\S)\s+(?=รวมถึง|และรายงาน|โดยรายงาน)", text):
        if "รายงาน" in clause and cadence_months(clause):
            d.add_monitoring(clause.removeprefix("รวมถึง").strip())


