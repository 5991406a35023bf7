"""What the measure readers share: the draft of a measure and the cues of prose measures."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from thaireports.extractors.textutil import fold, squash
from thaireports.normalize.columns import ACTION_CUES, COLUMN_ROLES
from thaireports.normalize.slips import GARBLED_LIST_NUMBER
from thaireports.normalize.vocab import FIELD_LABELS




# Subsection headings of a structured measure section (000: หลักการและเหตุผล ... การกำกับติดตาม).
SECTION_PARTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("owners", ("หน่วยงานที่รับผิดชอบ", "หน่วยงานรับผิดชอบ", "ผู้รับผิดชอบ")),
    ("monitoring", ("การกำกับติดตาม", "การติดตามและรายงานผล", "การติดตามประเมินผล", "การรายงานผล")),
    ("steps", ("วิธีการ/ขั้นตอน", "ขั้นตอน/วิธีการ", "วิธีการ", "วิธีดำเนินการ", "วิธีดำเนินงาน",
               "ขั้นตอน")),
    ("guidance", ("แนวทางปฏิบัติ", "แนวทางการปฏิบัติ", "แนวปฏิบัติ")),
    ("timeline", ("ระยะเวลาดำเนินการ", "ระยะเวลาการดำเนินงาน", "ระยะเวลา")),
    ("other", ("หลักการและเหตุผล", "วัตถุประสงค์", "เป้าหมาย")),
)
# 'มาตรการดังกล่าว', 'มาตรการนี้' point back to a measure already named: never a new one.
ANAPHORIC = re.compile(r"(?:มาตรการ|โครงการ|กิจกรรม)\s*(?:ดังกล่าว|นี้)")


def section_part(text: str) -> str | None:
    """The part of a measure's structure a heading names (``SECTION_PARTS``), or None."""
    t = squash(text)
    for part, cues in SECTION_PARTS:
        if any(t.startswith(squash(c)) for c in cues):
            return part
    return None


# A heading naming the whole programme, not one measure: it carries a year.
PROGRAMME_MARKS = re.compile(r"ประจำปี|ปีงบประมาณ|พ\.ศ\.|\d{4}")
# A line that announces what follows ('... ป้องกันการทุจริต ดังนี้', '... ดังต่อไปนี้ :') is the
# tail of a sentence wrapped onto its own line (a scan's lines are short), not a title. Scans
# drop the tone mark: 'ดังนี'.
INTRO_END = re.compile(r"(?:ดังนี[่-๋]?|ดังต่อไปนี[่-๋]?|ได้แก่)\s*[:：]?$")  # any tone, or none
# Lines that close an announcement or a memo body: a section never runs past them.
# A line opening with '(' is a signer's name ('(นายสมชาย ใจดี)'), unless it opens an item's
# bracketed fields ('(ผู้รับผิดชอบ : กองคลัง / ดำเนินการ : ต.ค. ๖๖ - ก.ย. ๖๗ / รายงานผล : ...)').
# A line in brackets is a signature's name ('(นายประเสริฐ วงศ์คำจันทร์)'), unless it opens an
# item's fields, or the bracket closes and the sentence goes on: a wrap ('(No Gift Policy) และ...').
SECTION_STOPS = re.compile(r"^(?:จึง|ประกาศ\s*ณ|\(?ลงชื่อ|พิจารณาเห็นชอบ|ความเห็น|ทั้งนี้\s*ตั้งแต่|"
                           r"สั่ง\s*ณ|บันทึกข้อความ|คำสั่ง|\((?!\s*(?:ผู้?รับผิดชอบ|หน่วยงาน|ระยะเวลา|"
                           r"ดำเนินการ\s*[:：]|รายงานผล|การติดตาม|การรายงาน))(?![^()]*\)\s*[\u0e01-\u0e4eA-Za-z]))")
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


# A title that joins two measures ('มาตรการป้องกันการรับสินบนและมาตรการจัดการเรื่องร้องเรียน')
# names each of them, not one: as a heading or a subject it is no single measure.
_SECOND_MEASURE = re.compile(r"\S\s*(?:และ|,)\s*(?:" + "|".join(MEASURE_WORDS) + ")")


def names_several_measures(text: str) -> bool:
    return bool(_SECOND_MEASURE.search(squash(text)))


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


# What gives an action to its subject: 'ให้', 'มอบหมายให้', 'กำหนดให้', with โดย before them.
_GIVEN_TO = re.compile(r"^(?:โดย)?(?:มอบหมาย|กำหนด)?ให้\s*")


def absorb_action(d: Draft, text: str, split_owners) -> None:
    """One action of a prose measure. A unit that is its subject ('งานประชาสัมพันธ์ ...
    ดำเนินการ', 'ให้กองการเจ้าหน้าที่ รายงานผล...', 'มอบหมายให้สำนักปลัด จัดทำ...') owns the
    measure; a reporting clause with a cadence ('... รายงานผล ... ปีละ 2 ครั้ง') is its
    monitoring."""
    from thaireports.normalize.cadence import cadence_months

    text = fold(text)
    if not text:
        return
    d.actions.append(text)
    subject = _GIVEN_TO.sub("", text)
    unit_m = UNIT_SUBJECT.match(subject)
    if unit_m:
        lead = subject.split(" ", 1)[0]
        d.add_owners([(n, u) for n, u in split_owners(lead) if u not in ("other", "all-units")])
    for clause in re.split(r"(?<=\S)\s+(?=รวมถึง|และรายงาน|โดยรายงาน)", text):
        if "รายงาน" in clause and cadence_months(clause):
            d.add_monitoring(clause.removeprefix("รวมถึง").strip())




# ---------------------------------------------------------------- item structure
# How Thai official writing numbers the items of a list: 'ข้อ 1' (a clause of an announcement,
# an order or a regulation), '(1)', '1)', '1.' or a bare '1'; sub-clauses as '1.1'. One level
# of a list keeps one style, and a list nested under an item is numbered in another style (a
# memo's '1)' measures with '(1)' steps, an order's '(1)' measures with '1)' duties).
# Items are numbered, or lettered in the order of the Thai alphabet without its obsolete ฃ and ฅ
# ('ก.', 'ข)', '(ค)'), as official documents letter clauses: a letter is always closed by '.' or ')'.
ITEM_LETTERS = "กขคงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ"
ITEM_MARKER = re.compile(r"^\s*(?:(?P<clause>ข้อ(?:ที่)?)\s*|(?P<open>\())?"
                         r"(?:(?P<n>\d{1,2})|(?P<letter>[" + ITEM_LETTERS + r"])(?=[.)]))"
                         r"(?P<sub>(?:\.\d{1,2})+)?(?P<close>[.)])?\s+(?P<text>\S.*)$")


def item_marker(line: str) -> tuple[int, str, str, str] | None:
    """(number, sub-number, text, style) of a numbered line; style is 'clause' (ข้อ 1),
    'paren' ((1)), 'close' (1)), 'dot' (1.), 'bare' (1), or 'letter' ('ก.', 'ข)', '(ค)': its
    place in ``ITEM_LETTERS`` is its number); None for an unnumbered line.

    Example:
        >>> item_marker("ข้อ 2 มาตรการไม่รับของขวัญ")
        (2, '', 'มาตรการไม่รับของขวัญ', 'clause')
        >>> item_marker("(1) จัดทำประกาศ")[3], item_marker("1) มาตรการ")[3], item_marker("1.2 ห้าม")[:2]
        ('paren', 'close', (1, '.2'))
        >>> item_marker("ค. มาตรการปรับปรุงระบบการทำงาน"), item_marker("ก.พ. 2567 ประชุม")
        ((3, '', 'มาตรการปรับปรุงระบบการทำงาน', 'letter'), None)
    """
    m = ITEM_MARKER.match(line)
    if not m:
        return None
    if m.group("letter"):
        if m.group("sub"):
            return None
        return ITEM_LETTERS.index(m.group("letter")) + 1, "", m.group("text"), "letter"
    if m.group("clause"):
        style = "clause"
    elif m.group("open"):
        style = "paren"
    elif m.group("close") == ")":
        style = "close"
    elif m.group("close") == ".":
        style = "dot"
    else:
        style = "bare"
    return int(m.group("n")), m.group("sub") or "", m.group("text"), style


# The fixed parts of a memo body (บันทึกข้อความ as the ระเบียบงานสารบรรณ practice lays it out):
# เรื่องเดิม / ความเป็นมา, ข้อเท็จจริง, ข้อระเบียบ(กฎหมาย), ข้อพิจารณา, ข้อเสนอ(แนะ), ความเห็น.
# Numbered ('3. ข้อระเบียบ/กฎหมาย') they are the structure of the memo, never measures, and a
# list running above one of them has ended.
MEMO_PART = re.compile(r"^(?:เรื่องเดิม|ความเป็นมา|ข้อเท็จจริง|ข้อระเบียบ|ข้อกฎหมาย|ระเบียบ(?:/|และ)?กฎหมาย|"
                       r"ระเบียบ(?:และ)?ข้อกฎหมาย|ข้อพิจารณา|ข้อเสนอแนะ|ข้อเสนอ|ความเห็น|"
                       r"ผลการพิจารณา)(?:[\s/:：]|ที่เกี่ยวข้อง|$)")


def is_memo_part(text: str) -> bool:
    """A heading of one of the fixed parts of a memo body (``MEMO_PART``), on a short line."""
    t = squash(text).strip("*").strip()
    return len(t) <= 60 and bool(MEMO_PART.match(t))


# Field labels a form writes before their value, with or without a colon ('ผู้รับผิดชอบ กองคลัง',
# 'ระยะเวลา ตลอดปีงบประมาณ พ.ศ. 2566'). Without a colon only the labels that are noun phrases
# naming a field count, not cues that may begin a sentence ('ปีงบประมาณ 2566', 'ติดตาม...').
# An order that assigns its measures names each one's duties ('หน้าที่ : รวบรวม ตรวจสอบ ...'),
# as its one-sentence form does ('... มีหน้าที่ 1) ... 2) ...', ``_DUTIES``): they are its actions.
_EXTRA_LABELS = {"monitoring": ("การติดตาม", "การรายงาน", "การติดตามประเมินผล", "รายงานผล"),
                 "actions": ("หน้าที่",)}
_BARE_LABELS = FIELD_LABELS
BARE_LABEL_LINE_MAX = 200   # a label line is one field, not a paragraph
_BARE_LABELLED = re.compile(r"^(?P<label>" + "|".join(sorted(_BARE_LABELS, key=len, reverse=True))
                            + r")\s+(?P<value>[^\s:：].*)$")


# A labelled line of an item's actions: 'แนวทางดำเนินการ : 1) ... 2) ...', 'วิธีการ: ...',
# 'ขั้นตอนการดำเนินงาน : ...', 'กิจกรรม : ...'. The label starts with a word that heads an
# actions column (normalize.columns.ACTION_CUES; แนวทาง too, which before a colon names the
# way a measure is carried out) and runs to its colon.
_ACTION_LABELLED = re.compile(r"^(?P<label>(?:" + "|".join(ACTION_CUES + ("แนวทาง",))
                              + r")[\u0e01-\u0e4e/]{0,20})\s*[:：]\s*(?P<value>\S.*)$")


_LEADING_WORD = re.compile(r"^[\u0e01-\u0e4e]+")


def _marks_restored(line: str) -> str:
    """A line whose first word is a field label (``FIELD_LABELS``) that OCR left without its
    marks ('ผูรับผิดชอบ : ...'), with the label whole again; the skeleton must be the label's
    exactly, so a word that differs by a letter ('ที่รับผิดชอบ') stays as it is.

    Example:
        >>> _marks_restored("ผูรับผิดชอบ : กองคลัง"), _marks_restored("ที่รับผิดชอบ ข้อมูล")
        ('ผู้รับผิดชอบ : กองคลัง', 'ที่รับผิดชอบ ข้อมูล')
    """
    from thaireports.normalize.slips import skeleton

    m = _LEADING_WORD.match(line)
    if not m:
        return line
    word = m.group(0)
    bare = skeleton(word)
    for label in sorted(FIELD_LABELS, key=len, reverse=True):
        if label != word and skeleton(label) == bare:
            return label + line[m.end():]
    return line


_BULLET_MARK = re.compile(r"^[-•▪●*]\s*(?=\S)")


def label_match(line: str) -> tuple[str, str] | None:
    """(role, value) of a labelled line under an item: 'ผู้รับผิดชอบ : งานนิติการ',
    'การติดตาม : รายงาน...ทุกเดือน', 'ผู้รับผิดชอบ กองคลัง'.

    Example:
        >>> label_match("ผู้รับผิดชอบ กองคลัง"), label_match("การติดตาม : รายงานผลทุกเดือน")
        (('owners', 'กองคลัง'), ('monitoring', 'รายงานผลทุกเดือน'))
        >>> label_match("ปีงบประมาณ 2566 ได้ดำเนินการ") is None
        True
        >>> label_match("แนวทางดำเนินการ : 1) เผยแพร่แผน 2) เปิดโอกาสให้ตรวจสอบ")
        ('actions', '1) เผยแพร่แผน 2) เปิดโอกาสให้ตรวจสอบ')
        >>> label_match("- ระยะเวลาดำเนินการ: ไตรมาสที่ 2 - ไตรมาสที่ 4")
        ('timeline', 'ไตรมาสที่ 2 - ไตรมาสที่ 4')
    """
    s = _marks_restored(_BULLET_MARK.sub("", line.strip()))  # '- ผู้รับผิดชอบ: ...' is labelled too
    m = LABELLED.match(s)
    if m:
        return label_role(m.group("label")), m.group("value")
    m = _EXTRA_LABELLED.match(s)
    if m:
        return next(r for r, cs in _EXTRA_LABELS.items() if m.group("label") in cs), m.group("value")
    m = _ACTION_LABELLED.match(s)
    if m:
        return "actions", m.group("value")
    m = _PERIOD_LABELLED.match(s)
    if m and is_period_phrase(m.group("value")):
        return "timeline", m.group("value")  # 'ดำเนินการ : ธ.ค. ๒๕๖๖ - ก.ย. ๒๕๖๗'
    m = _BARE_LABELLED.match(s)
    if m and len(s) <= BARE_LABEL_LINE_MAX:
        label = m.group("label")
        role = next((r for r, cs in _EXTRA_LABELS.items() if label in cs), None)
        return role or label_role(label), m.group("value")
    return None


# 'ดำเนินการ :', 'ช่วงเวลา :', 'ห้วงเวลา :' before a period: when the measure runs.
_PERIOD_LABELLED = re.compile(r"^(?P<label>ดำเนินการ|ช่วงเวลา|ห้วงเวลา|กำหนดเวลา)\s*[:：]\s*(?P<value>\S.*)$")
# A measure's title names the ITA indicator it answers in brackets at its end: '... (ตัวชี้วัดที่ ๗)'.
INDICATOR_REF = re.compile(r"\s*\(\s*ตัวชี้วัดที่\s*(\d{1,2})\s*\)\s*$")
_EXTRA_LABELLED = re.compile(r"^(?P<label>" + "|".join(sorted(
    (c for cs in _EXTRA_LABELS.values() for c in cs), key=len, reverse=True))
    + r")\s*[:：]\s*(?P<value>\S.*)$")

# Owners joined by 'และ' / 'ร่วมกับ' are two owners ('งานนิติการ และสำนักปลัดเทศบาล',
# 'กองช่างร่วมกับสำนักปลัดเทศบาล'); a section named with its office and no conjunction
# ('งานประชาสัมพันธ์ สำนักปลัดเทศบาล') is one.
# The words a unit or a post given work starts with (one table: owners split at them, and
# an assignment clause begins where one follows ให้ / ซึ่ง / โดย).
UNIT_START = r"(?:สำนัก|กอง|งาน|หน่วย|ฝ่าย|ทุก|คณะ|ปลัด|รองปลัด|นายก|รองนายก|ผู้อำนวยการ|หัวหน้า)"
_OWNER_JOIN = re.compile(r"\s*(?:ร่วมกับ|\s(?:และ|กับ))\s*(?=" + UNIT_START + ")")


def owners_of(text: str, split_owners) -> list[tuple[str, str]]:
    """The owners a label or a clause names, split at the conjunctions (``_OWNER_JOIN``)."""
    out: list[tuple[str, str]] = []
    for part in _OWNER_JOIN.split(fold(text)):
        if part.strip():
            out.extend(split_owners(part.strip()))
    return out


# A label with its colon inside a value begins the next field: two label lines a PDF text
# layer ran together ('สำนักปลัดเทศบาลระยะเวลา : ตลอดปีงบประมาณ').
_NEXT_LABEL = re.compile(r"(?<=\S)\s*(?=(?:" + "|".join(sorted(
    {c for _, cs in ITEM_LABELS for c in cs} | {c for cs in _EXTRA_LABELS.values() for c in cs},
    key=len, reverse=True)) + r")\s*[:：])")


def apply_label(d: Draft, role: str, value: str, split_owners) -> None:
    """Fill the field a labelled line names; a second label run into the value fills its own."""
    first, *more = _NEXT_LABEL.split(value, maxsplit=1)
    if more:
        nested = label_match(more[0])
        if nested:
            apply_label(d, *nested, split_owners)
        value = first
    if role == "owners":
        d.add_owners(owners_of(value, split_owners))
    elif role == "actions":  # its numbered steps run on one line ('1) ... 2) ...')
        d.actions.extend(fold(p) for p in _INLINE_ITEM.split(value) if p.strip())
    elif role == "timeline":
        d.timeline = fold(value)
    else:
        d.add_monitoring(value)


# An item of an order or an announcement that assigns its measure in one sentence:
# '<measure> มอบหมายให้<unit> เป็นผู้รับผิดชอบ มีหน้าที่ 1) ... 2) ... โดยให้ดำเนินการใน<period>
# และรายงานผล<cadence>' (คำสั่งมอบหมาย style), or a clause closing an announcement's section:
# 'โดยให้<unit>เป็นผู้รับผิดชอบหลัก และรายงานผล...ปีละ 2 ครั้ง'. The measure's title ends where
# the assignment begins; the unit assigned owns it; the duties are its actions.
_ASSIGN = re.compile(r"\s*(?:(?:โดย)?มอบหมายให้\s*(?P<a>.+?)\s*(?=เป็น(?:ผู้|หน่วยงาน)?รับผิดชอบ|"
                     r"(?:ร่วมกัน)?รับผิดชอบ|มีหน้าที่|ดำเนินการ)"
                     r"|(?:โดย)?(?:ให้|มี)\s*(?P<b>" + UNIT_START + r".{0,80}?)\s*(?=เป็น(?:ผู้|หน่วยงาน)?รับผิดชอบ))"
                     r"(?:เป็น(?:ผู้|หน่วยงาน)?รับผิดชอบ(?:หลัก)?|(?:ร่วมกัน)?รับผิดชอบ)?\s*")
_DUTIES = re.compile(r"^(?:มีหน้าที่|โดยมีหน้าที่|ให้มีหน้าที่|ดำเนินการ)\s*")
_INLINE_ITEM = re.compile(r"(?:^|\s+)\(?\d{1,2}\)\s*")
# Clauses that close a duty: when it is to be done ('โดยให้ดำเนินการในไตรมาสที่ 2', 'ให้แล้วเสร็จ
# ภายในเดือนธันวาคม 2566') and how it is reported ('และรายงานผลทุกไตรมาส').
# A bare 'ระยะเวลา ...' or 'รายงานผล...' after a space opens the period or the reporting clause of
# the sentence too ('ร่วมกันรับผิดชอบ ระยะเวลา 1 กุมภาพันธ์ 2567 ถึง 31 สิงหาคม 2567 รายงานผลรอบ
# 6 เดือน'): Thai official prose runs the parts of a provision on with spaces, not commas.
_TIMING = re.compile(r"\s+(?=(?:โดย)?ให้(?:ดำเนินการ|แล้วเสร็จ))|\s+(?=(?:และ|โดย)?รายงานผล)"
                     r"|\s+(?=ระยะเวลา)")
# The cue words that open a period phrase: 'ระยะเวลา(ดำเนินการ)', 'ระหว่าง', 'ตั้งแต่'.
_PERIOD_CUE = re.compile(r"^(?:ระยะเวลา(?:การ)?(?:ดำเนินการ)?\s*[:：]?\s*)?(?:ระหว่าง|ตั้งแต่)?\s*")
PERIOD_PHRASE_MAX = 70   # a period phrase is a date range, not a sentence
_TIMING_LEAD = re.compile(r"^(?:โดย)?ให้(?:ดำเนินการ(?:ให้)?(?:แล้วเสร็จ)?|แล้วเสร็จ)\s*"
                          r"(?:ใน(?=ไตรมาส|เดือน|วันที่|ช่วง|ปี|ระหว่าง))?\s*")


def _is_period(text: str) -> bool:
    from thaireports.normalize.dates import fiscal_quarter, months_named, parse_period

    return bool(text) and (parse_period(text)[0] is not None or parse_period(text)[1] is not None
                           or bool(fiscal_quarter(text)) or bool(months_named(text))
                           or "ปีงบประมาณ" in text)


def split_duty(d: Draft, text: str) -> str:
    """A duty without its closing clauses: a timing clause fills the timeline, a reporting
    clause with a cadence the monitoring; what remains is returned."""
    from thaireports.normalize.cadence import cadence_months

    parts = _TIMING.split(" " + text.strip())
    kept = []
    for k, clause in enumerate(parts):
        c = clause.strip()
        if re.match(r"(?:และ|โดย)?รายงาน", c) and cadence_months(c):
            d.add_monitoring(re.sub(r"^(?:และ|โดย)", "", c))
            continue
        period = _TIMING_LEAD.sub("", c)
        if period != c and _is_period(period):
            d.timeline = d.timeline or fold(period)
            continue
        if is_period_phrase(c):
            # a clause that is nothing but a period ('ระหว่างเดือนมกราคม - กันยายน 2567',
            # 'ระยะเวลา 1 กุมภาพันธ์ 2567 ถึง 31 สิงหาคม 2567') says when, not what is done
            d.timeline = d.timeline or fold(re.sub(r"^ระยะเวลา(?:การ)?(?:ดำเนินการ)?\s*[:：]?\s*",
                                                   "", c))
            continue
        if (k or re.match(r"(?:และ)?ให้", c)) and "รายงาน" in c and cadence_months(c):
            # 'และให้ศูนย์ข้อมูลข่าวสารรายงานผล ... ทุกเดือน': who reports, and how often
            d.add_monitoring(re.sub(r"^(?:และ|โดย)", "", c))
        elif re.search(r"\Sและรายงาน", c) and cadence_months(c):
            # 'สำรวจและรายงานผลปีละ 2 ครั้ง': the duty closes with its reporting
            d.add_monitoring(c)
        kept.append(clause)
    return fold(" ".join(kept))


def is_period_phrase(text: str) -> bool:
    """A clause that names a period and nothing else: an optional cue (``_PERIOD_CUE``), then a
    date, a month or a range of them.

    Example:
        >>> is_period_phrase("ระหว่างเดือนมกราคม - กันยายน 2567")
        True
        >>> is_period_phrase("ระยะเวลา 1 กุมภาพันธ์ 2567 ถึง 31 สิงหาคม 2567")
        True
        >>> is_period_phrase("จัดอบรมพนักงาน เมื่อวันที่ 15 มีนาคม 2565 ณ ห้องประชุม")
        False
    """
    from thaireports.normalize.dates import find_dates

    t = fold(text)
    rest = _PERIOD_CUE.sub("", t, count=1)
    if not rest or len(t) > PERIOD_PHRASE_MAX or not _is_period(rest):
        return False
    from thaireports.normalize.dates import months_named

    head = re.sub(r"^(?:วันที่|เดือน)\s*", "", rest)
    if not (head[:1].isdigit() or months_named(head[:12])):
        return False  # the clause opens with something else than its date
    # what is left when the dates are taken out is only joining words
    left = rest
    for m in sorted(find_dates(rest), key=lambda m: -m.start):
        left = left[:m.start] + " " + left[m.end:]
    left = re.sub(r"วันที่|เดือน|ถึง|พ\.ศ\.|[-–—]|\d+|\s+", "", left)
    return not left or bool(months_named(left)) and len(left) <= 20


def read_assignment(d: Draft, text: str, split_owners) -> str:
    """Read an assigning sentence (``_ASSIGN``) into ``d``: owners, duties as actions, timing
    and reporting clauses. Returns the text before the assignment (the measure's title), or
    ``text`` unchanged when it assigns nothing.

    Example:
        >>> from thaireports.normalize.vocab import split_owners
        >>> d = Draft(title="", offset=0)
        >>> read_assignment(d, "มาตรการเผยแพร่ข้อมูล มอบหมายให้กองคลัง เป็นผู้รับผิดชอบ มีหน้าที่ "
        ...                 "1) ปรับปรุงเว็บไซต์ 2) เผยแพร่ข้อมูล และรายงานผลทุกเดือน", split_owners)
        'มาตรการเผยแพร่ข้อมูล'
        >>> d.owners, d.actions, d.cadence
        ([('กองคลัง', 'finance')], ['ปรับปรุงเว็บไซต์', 'เผยแพร่ข้อมูล'], {1})
    """
    m = _ASSIGN.search(text)
    if not m:
        return text
    head = text[:m.start()].strip()
    unit = m.group("a") or m.group("b")
    owners = [(n, u) for n, u in owners_of(unit, split_owners) if u != "other"]
    if not owners:
        return text
    d.add_owners(owners)
    rest = _DUTIES.sub("", text[m.end():].strip())
    duties = [p for p in _INLINE_ITEM.split(rest) if p.strip()]
    for duty in duties:
        duty = split_duty(d, duty)
        if duty:
            d.actions.append(duty)
    return head


# ---------------------------------------------------------------- reports in prose
# A report sentence names the acting unit first, then 'ได้' and the verb ('กองคลังได้ควบคุม...',
# 'กองช่างร่วมกับสำนักปลัดเทศบาลได้เชิญ...'): that unit owns the measure the section reports.
_REPORT_SUBJECT = re.compile(r"^(?P<subject>(?:สำนัก|กอง|งาน|หน่วย|ฝ่าย)\S*?"
                             r"(?:\s*(?:ร่วมกับ|และ|กับ)\s*(?:สำนัก|กอง|งาน|หน่วย|ฝ่าย)\S*?)*)\s*ได้")
# A period a report sentence gives for what was done: 'เมื่อวันที่ 18 มีนาคม 2565', 'ระหว่างเดือน
# ตุลาคม 2564 ถึงเดือนกันยายน 2565', 'ระหว่างวันที่ 10 - 20 มกราคม 2565', 'ตั้งแต่วันที่ ...'. It
# runs from its cue to a Buddhist-Era year, and on over 'ถึง' / '-' to a second one.
_PROSE_PERIOD = re.compile(r"(?:เมื่อ|ระหว่าง|ตั้งแต่|ในวันที่)\s*(?P<period>(?:วันที่|เดือน)[^\n]{0,40}?"
                           r"(?:พ\.ศ\.\s*)?25\d\d(?:\s*(?:ถึง|[-–])\s*(?:วันที่|เดือน)?[^\n]{0,40}?"
                           r"(?:พ\.ศ\.\s*)?25\d\d)?)")


def read_report_sentence(d: Draft, text: str, split_owners) -> None:
    """The subject unit and the period of the sentence that opens a reported measure's
    section (``_REPORT_SUBJECT``, ``_PROSE_PERIOD``).

    Example:
        >>> from thaireports.normalize.vocab import split_owners
        >>> d = Draft(title="", offset=0)
        >>> read_report_sentence(d, "กองคลังได้ควบคุมการเบิกจ่าย ระหว่างเดือนตุลาคม 2564 ถึงเดือน"
        ...                      "กันยายน 2565 ดังนี้", split_owners)
        >>> d.owners, d.timeline
        ([('กองคลัง', 'finance')], 'เดือนตุลาคม 2564 ถึงเดือนกันยายน 2565')
    """
    text = fold(text)
    m = _REPORT_SUBJECT.match(text)
    if m:
        d.add_owners([(n, u) for n, u in owners_of(m.group("subject"), split_owners)
                      if u not in ("other",)])
    p = _PROSE_PERIOD.search(text)
    if p and not d.timeline:
        period = re.sub(r"^วันที่\s*", "", p.group("period"))
        if _is_period(period):
            d.timeline = fold(period)


# The title of a report on how measures were carried out ('รายงานผลการดำเนินการตามมาตรการ...',
# 'รายงานผลการดำเนินงานตามแผน...', 'สรุปผลการปฏิบัติตามมาตรการ...', a memo's 'ขอรายงานผล...'): what
# its prose tells is done, so its prose measures are reported (record-spec: status). A report of an ITA assessment
# ('รายงานผลการประเมิน...', 'รายงานผลการวิเคราะห์...') proposes measures and is not one.
RESULTS_TITLE = re.compile(r"^(?:เรื่อง\s*)?(?:ขอ)?(?:รายงาน|สรุป)\s*ผล\s*(?:การ)?\s*(?:ดำเนินการ|ดำเนินงาน|"
                           r"ปฏิบัติ(?:งาน|การ)?)\s*(?:ตาม|ของ)")
HEAD_LINES = 8   # the lines of a document's heading block


def reports_results(dt) -> bool:
    """Whether the document is a report of measures carried out (``RESULTS_TITLE`` among the
    first lines of its first page)."""
    head = [ln.strip().strip("*").strip() for ln in dt.text.split("\f", 1)[0].split("\n")]
    head = [ln for ln in head if ln][:HEAD_LINES]
    return any(RESULTS_TITLE.match(ln) for ln in head)


# ---------------------------------------------------------------- provision sentences
# Thai announcements and memos close the provisions of an item (its sub-items, or the clauses
# of a one-measure announcement) with a sentence of their own that assigns them: who is
# responsible ('โดยมีสำนักปลัดเทศบาล เป็นผู้รับผิดชอบ', 'ผู้รับผิดชอบ ได้แก่ กองช่าง และกอง...',
# 'ทั้งนี้ มอบหมายให้<unit> เป็นผู้รับผิดชอบ'), when ('ดำเนินการตั้งแต่เดือนพฤศจิกายน 2565 ถึง
# เดือนกันยายน 2566', 'ระยะเวลาดำเนินการระหว่างวันที่ ...') and how it is reported ('ให้สรุปผล
# เสนอนายกเทศมนตรีรายไตรมาส', 'และรายงานผล ... ณ สิ้นปีงบประมาณ'). Such a sentence belongs to the
# item above it; one that refers back to all the measures ('มาตรการข้างต้น', 'ทุกมาตรการ') does not.
_OWNER_LISTED = re.compile(r"(?:ผู้|หน่วยงาน(?:ที่)?)รับผิดชอบ\s*(?:ได้แก่|คือ|[:：])\s*(?P<u>.+?)"
                           r"(?=\s+(?:ทั้งนี้|โดย|ให้|และรายงาน|รายงาน|ระยะเวลา|ดำเนินการ|ตั้งแต่|"
                           r"ระหว่าง)|$)")
_PERIOD_SPAN = re.compile(r"(?:ระยะเวลา(?:การ)?(?:ดำเนินการ)?\s*)?(?:ตั้งแต่|ระหว่าง|(?<=ระยะเวลา)"
                          r"|(?<=ระยะเวลาดำเนินการ)|(?<=ระยะเวลาการดำเนินการ))\s*"
                          r"(?:วันที่|เดือน)?[^\n]{0,40}?(?:พ\.ศ\.\s*)?25\d\d"
                          r"(?:\s*(?:ถึง|[-–])\s*(?:วันที่|เดือน)?[^\n]{0,40}?(?:พ\.ศ\.\s*)?25\d\d)?")
_REPORT_CLAUSE = re.compile(r"\s+(?=(?:และ|โดย|ทั้งนี้)?\s*(?:ให้)?(?:รายงาน|สรุปผล))|\s+(?=ทั้งนี้)")
_ALL_MEASURES = re.compile(r"มาตรการ(?:ข้างต้น|ดังกล่าว|ทั้ง)|ทุกมาตรการ")


def read_provisions(d: Draft, line: str, split_owners) -> bool:
    """Read a provision sentence (see above) into ``d``: owners, timeline, reporting cadence.
    True when it said at least one of them.

    Example:
        >>> from thaireports.normalize.vocab import split_owners
        >>> d = Draft(title="มาตรการส่งเสริมการมีส่วนร่วม", offset=0)
        >>> read_provisions(d, "ดำเนินการตั้งแต่เดือนพฤศจิกายน 2565 ถึงเดือนกันยายน 2566 "
        ...                    "โดยมีสำนักปลัดเทศบาล เป็นผู้รับผิดชอบ", split_owners)
        True
        >>> d.owners, d.timeline
        ([('สำนักปลัดเทศบาล', 'office-of-the-permanent-secretary')], 'ตั้งแต่เดือนพฤศจิกายน 2565 ถึงเดือนกันยายน 2566')
    """
    from thaireports.normalize.cadence import cadence_months

    text = fold(line)
    if not text or _ALL_MEASURES.search(text):
        return False
    before = (list(d.owners), list(d.monitoring), d.timeline)
    listed = _OWNER_LISTED.search(text)
    if listed:
        d.add_owners([(n, u) for n, u in owners_of(listed.group("u"), split_owners)
                      if u != "other"])
    else:
        m = _ASSIGN.search(text)
        if m:
            unit = m.group("a") or m.group("b")
            d.add_owners([(n, u) for n, u in owners_of(unit, split_owners) if u != "other"])
    if not d.timeline:
        for p in _PERIOD_SPAN.finditer(text):
            if text[p.end():].lstrip().startswith("เป็นต้นไป"):
                continue  # 'ตั้งแต่วันที่ 1 ตุลาคม 2565 เป็นต้นไป': when a rule takes effect
            if is_period_phrase(p.group(0)):
                d.timeline = fold(re.sub(r"^ระยะเวลา(?:การ)?(?:ดำเนินการ)?\s*", "", p.group(0)))
                break
    for clause in _REPORT_CLAUSE.split(text):
        c = re.sub(r"^(?:และ|โดย|ทั้งนี้)\s*", "", clause.strip())
        if re.match(r"(?:ให้)?(?:รายงาน|สรุปผล)", c) and cadence_months(c):
            d.add_monitoring(c)
    return (list(d.owners), list(d.monitoring), d.timeline) != before


# A measure named in a sentence states its means after โดย ('มาตรการเพิ่มประสิทธิภาพการสื่อสาร
# โดยเพิ่มการถ่ายทอดสด...'): Thai prose names the thing, then how it is done. The name ends where
# ' โดย' opens the means, and the means is the measure's first action.
_MEANS = re.compile(r"\s+โดย(?!ไม่|เฉพาะ)(?=\S)")  # โดยเฉพาะ is 'especially', no means
# A measure named, then what it does in a sentence of its own ('มาตรการเผยแพร่ข้อมูลต่อสาธารณะ
# นำข้อมูลตามแบบตรวจ OIT ขึ้นเผยแพร่...'): the sentence opens with its verb after a space. A name
# is one short line (``NAME_MAX``), so only a title longer than that is cut, at the first such verb.
_STATEMENT = re.compile(r"\s+(?=(?:จัดทำ|จัดให้มี|จัดอบรม|นำ|ประเมิน|ทบทวน|เผยแพร่|กำหนด|ลด|ปรับปรุง|"
                        r"ตรวจสอบ|สร้าง|พัฒนา|แต่งตั้ง|ดำเนินการ|ให้(?!ความรู้|บริการ))\S)")
NAME_MAX = 120


def split_means(d: Draft) -> None:
    """Cut a measure title at the means it states (``_MEANS``); the means becomes an action.

    Example:
        >>> d = Draft(title="มาตรการเพิ่มประสิทธิภาพการสื่อสาร โดยเพิ่มการถ่ายทอดสดการประชุมสภา", offset=0)
        >>> split_means(d); d.title, d.actions
        ('มาตรการเพิ่มประสิทธิภาพการสื่อสาร', ['เพิ่มการถ่ายทอดสดการประชุมสภา'])
        >>> d = Draft(title="มาตรการเผยแพร่ข้อมูลต่อสาธารณะ นำข้อมูลตามแบบตรวจ OIT ขึ้นเผยแพร่บนเว็บไซต์"
        ...           "ให้ครบถ้วนและเป็นปัจจุบัน โดยเฉพาะแผนดำเนินงานและรายงานการกำกับติดตามการใช้จ่ายงบประมาณ", offset=0)
        >>> split_means(d); d.title, d.actions[0][:22]
        ('มาตรการเผยแพร่ข้อมูลต่อสาธารณะ', 'นำข้อมูลตามแบบตรวจ OIT')
    """
    if not is_measure_title(d.title):
        return
    parts = _MEANS.split(d.title, maxsplit=1)
    if len(parts) == 2 and is_measure_title(parts[0]) and parts[1].strip():
        d.title = parts[0].strip()
        d.actions.insert(0, fold(parts[1]))
    if len(d.title) > NAME_MAX:
        parts = _STATEMENT.split(d.title, maxsplit=1)
        if len(parts) == 2 and is_measure_title(parts[0]) and parts[1].strip():
            d.title = parts[0].strip()
            d.actions.insert(0, fold(parts[1]))
