"""Column roles of Thai measure tables, read from their header text: the one table of column cues
that readers and extractors use (record-spec.md, 'What a measure is').

A header is matched by one rule (``_cue_in``): after Thai repair (PUA marks, a split ำ) and with
all whitespace removed ('ขั้นตอน/ วิธีการ', 'การกำกับ ติดตาม'), a cue is found exactly; else its
consonant skeleton (upper and lower marks dropped, the way Tesseract loses them on bold headers:
'ขันตอน', 'ผูรบผดชอบ') is found in the header's skeleton; else, for cues of at least
``FUZZY_CUE_MIN`` letters, one misread letter is forgiven (rapidfuzz, ``FUZZY_CUE_RATIO``).
"""
from __future__ import annotations

import re
from functools import lru_cache

from thaireports.normalize.slips import skeleton as slip_skeleton

# Column roles from header words; the first row whose cues match wins, so specific roles
# (ผลผลิต inside 'ผลการดำเนินการ ผลผลิต', ระยะเวลาการรายงาน before ระยะเวลา) come first.
COLUMN_ROLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("outputs", ("ผลผลิต",)),                                   # results table: output
    ("outcomes", ("ผลลัพธ์",)),                                 # results table: outcome
    ("owners", ("ผู้รับผิดชอบ", "หน่วยงานรับผิดชอบ", "หน่วยงานที่รับผิดชอบ", "ผู้ดำเนินการ",
                "หน่วยงานผู้รับผิดชอบ", "หน่วยดำเนินการ", "ผู้ปฏิบัติ")),
    # when results are reported is how the measure is monitored ('ระยะเวลาการรายงาน')
    ("monitoring", ("ระยะเวลาการรายงาน", "การรายงานผล", "การกำกับติดตาม", "การติดตามและรายงานผล",
                    "การติดตามผล", "กำกับ", "ติดตาม")),
    ("timeline", ("ระยะเวลาดำเนินการ", "ระยะเวลาการดำเนินการ", "ระยะเวลา", "ห้วงเวลา", "กำหนดเวลา",
                  "ช่วงเวลา", "วันที่ดำเนินการ", "ปีงบประมาณ", "กำหนดการ")),
    ("budget", ("งบประมาณ", "จำนวนเงิน", "ค่าใช้จ่าย")),
    ("remarks", ("หมายเหตุ",)),
    # a results table with one column of what was done ('ผลการดำเนินงาน', not split into
    # ผลผลิต / ผลลัพธ์): its cells are the actions, and the rows are reported
    ("results", ("ผลการดำเนินงาน", "ผลการดำเนินการ", "ผลการปฏิบัติงาน")),
    ("index", ("ลำดับ",)),
)
# The second row of a two-row header: what it says under a timeline or a month grid.
SUBHEADER_ROLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("timeline-start", ("เริ่มต้น", "วันเริ่ม", "เริ่ม")),
    ("timeline-end", ("สิ้นสุด", "แล้วเสร็จ", "เสร็จสิ้น")),
)
# Month columns of a plan's month grid, in fiscal-year order (ต.ค. first).
MONTH_CUES: tuple[tuple[int, tuple[str, ...]], ...] = (
    (10, ("ต.ค.", "ตุลาคม")), (11, ("พ.ย.", "พฤศจิกายน")), (12, ("ธ.ค.", "ธันวาคม")),
    (1, ("ม.ค.", "มกราคม")), (2, ("ก.พ.", "กุมภาพันธ์")), (3, ("มี.ค.", "มีนาคม")),
    (4, ("เม.ย.", "เมษายน")), (5, ("พ.ค.", "พฤษภาคม")), (6, ("มิ.ย.", "มิถุนายน")),
    (7, ("ก.ค.", "กรกฎาคม")), (8, ("ส.ค.", "สิงหาคม")), (9, ("ก.ย.", "กันยายน")),
)
TITLE_STARTS: tuple[str, ...] = ("มาตรการ", "ชื่อมาตรการ", "ตัวชี้วัด", "โครงการ", "ชื่อโครงการ",
                                 "กิจกรรม", "โครงการ/กิจกรรม", "แนวทาง")
# 'วิธี' (a method: วิธีการ, วิธีดำเนินการ, วิธีปฏิบัติ) names the actions column; found exactly, it
# keeps 'วิธีดำเนินการ' from being read fuzzily as the owners' 'ผู้ดำเนินการ'.
ACTION_CUES: tuple[str, ...] = ("ขั้นตอน", "วิธี", "รายละเอียด", "การดำเนินการ",
                                "แนวปฏิบัติ", "แนวทางการปฏิบัติ", "แนวทางปฏิบัติ", "กิจกรรม")
MEASURE_ROLES = {"actions", "owners", "timeline", "timeline-start", "timeline-end", "months",
                 "monitoring", "outputs", "outcomes", "results"}
FUZZY_CUE_MIN = 8
FUZZY_CUE_RATIO = 85.0
HEADER_CELL_MAX = 60  # a header cell is a short label

_SPACES = re.compile(r"\s+")


def _squash(text: str | None) -> str:
    """Repaired Thai (PUA marks, split ำ) without any whitespace."""
    from thaireports.normalize.thai import repair_thai

    return _SPACES.sub("", repair_thai(text or ""))


def skeleton(text: str) -> str:
    """A header's consonant skeleton after Thai repair (``normalize.slips.skeleton``).

    Example:
        >>> skeleton("ผู้รับผิดชอบ") == skeleton("ผรบผดชอบ")
        True
    """
    return slip_skeleton(_squash(text))


TIERS = ("exact", "skeleton", "fuzzy")


@lru_cache(maxsize=8192)
def _cue_in(cue: str, header: str, tier: str = "exact") -> bool:
    """The one matching rule of this module, one tier at a time (see the module docstring):
    every cue is tried exactly before any is tried by skeleton, and by skeleton before any
    fuzzily, so that a header holding one cue exactly is never taken for another one it
    merely resembles ('ขั้นตอน...ดำเนินการ' is not 'ผู้ดำเนินการ')."""
    if tier == "exact":
        return cue in header
    if tier == "skeleton":
        bare_cue = skeleton(cue)
        return len(bare_cue) >= 3 and bare_cue in skeleton(header)
    if len(cue) < FUZZY_CUE_MIN or len(header) < len(cue) - 1:
        # a short header such as 'ที่' would be found inside any long cue
        return False
    from rapidfuzz import fuzz  # no processor: default_process turns Thai marks into spaces

    return fuzz.partial_ratio(cue, header, processor=None) >= FUZZY_CUE_RATIO


def _alternatives(header: str) -> list[str]:
    """'แนวทาง/มาตรการ' -> ['แนวทาง', 'มาตรการ']: a slashed header names one column twice."""
    return [a for a in _squash(header).split("/") if a]


def _starts_with(text: str, starts: tuple[str, ...]) -> bool:
    return text.startswith(starts) or skeleton(text).startswith(tuple(skeleton(s) for s in starts))


def month_of(header: str) -> int | None:
    """The month a month-grid column names ('ต.ค.', 'ต.ค', 'ตุลาคม', '10'); else None.

    Example:
        >>> month_of("ต.ค."), month_of("มี.ค"), month_of("ผู้รับผิดชอบ")
        (10, 3, None)
    """
    h = _squash(header).rstrip(".")
    if not h or len(h) > 12:
        return None
    for month, cues in MONTH_CUES:
        if any(h == c.rstrip(".") or (len(c) > 5 and len(h) <= len(c) + 1
                                       and _cue_in(c, h, "skeleton")) for c in cues):
            return month
    return None


def subheader_role(cell: str) -> str | None:
    """The role a second header row gives its column: a start or end date, or a month."""
    h = _squash(cell)
    if not h or len(h) > 20:
        return None
    if month_of(h):
        return f"month:{month_of(h)}"
    for role, cues in SUBHEADER_ROLES:
        if any(h.startswith(c) or skeleton(h).startswith(skeleton(c)) for c in cues):
            return role
    return None


def column_role(header: str) -> str | None:
    """The role of a column from its header text.

    A header is read by its alternatives ('มาตรการ/แนวทาง' and 'แนวทาง/มาตรการ' are both the
    measure column: either order is printed); a header that only mentions a measure inside a
    longer phrase ('ขั้นตอนการดำเนินการตามมาตรการ') is read by its first words.

    Example:
        >>> column_role("ขั้นตอนหรือวิธีการดำเนินการ")
        'actions'
        >>> column_role("วิธีดำเนินการ"), column_role("ผู้ดำเนินการ"), column_role("วิธีการติดตาม")
        ('actions', 'owners', 'monitoring')
        >>> column_role("แนวทาง/มาตรการ")
        'title'
        >>> column_role("ผลการดำเนินการ ผลผลิต")
        'outputs'
        >>> column_role("ผูรบผดชอบ"), column_role("ผู้รับผิดช6บ"), column_role("ระยะเวลาการรายงาน")
        ('owners', 'owners', 'monitoring')
    """
    h = _squash(header)
    if not h or len(h) > HEADER_CELL_MAX:
        return None
    if month_of(h):
        return f"month:{month_of(h)}"
    alts = _alternatives(header)
    # 'มาตรการ/แนวทาง', 'โครงการ/กิจกรรม': the measure itself, whatever the other words say
    if any(a.startswith(("มาตรการ", "ชื่อมาตรการ", "โครงการ", "ชื่อโครงการ")) for a in alts):
        return "title"
    title_like = any(_starts_with(a, TITLE_STARTS) for a in alts) and not any(
        _starts_with(a, ("แนวทางการปฏิบัติ", "แนวทางปฏิบัติ")) for a in alts)
    for tier in TIERS:
        for role, cues in COLUMN_ROLES:
            if any(_cue_in(c, h, tier) for c in cues):
                return role
        if tier == "exact" and title_like:
            return "title"
        if any(_cue_in(c, h, tier) for c in ACTION_CUES):
            return "actions"
        if tier == "exact" and "มาตรการ" in h:
            return "title"
    return None


def _title_rank(header: str) -> int:
    """How surely a title-like column holds the measure: a column named มาตรการ beats one named
    โครงการ / กิจกรรม, which beats แนวทาง, which beats ตัวชี้วัด (in plan tables ตัวชี้วัด is a
    KPI or the ITA indicator the row answers, printed before or after the measure)."""
    alts = _alternatives(header)
    ranks = (("มาตรการ", "ชื่อมาตรการ"), ("โครงการ", "ชื่อโครงการ", "กิจกรรม"), ("แนวทาง",))
    for rank, starts in enumerate(ranks):
        if any(_starts_with(a, starts) for a in alts):
            return rank
    return 4 if any(_starts_with(a, ("ตัวชี้วัด",)) for a in alts) else 3


def column_roles(header: list[str]) -> list[str | None]:
    """Roles of all columns. The best-ranked title-like column is the title (the first of
    equals); another ตัวชี้วัด column is the row's 'indicator'; other title-like ones are
    actions.

    Example:
        >>> column_roles(["ตัวชี้วัด", "ประเด็นที่ต้องพัฒนา", "มาตรการ/แนวทางการพัฒนา", "ผู้รับผิดชอบ"])
        ['indicator', None, 'title', 'owners']
        >>> column_roles(["ที่", "โครงการ/กิจกรรม", "งบประมาณ (บาท)", "ระยะเวลา", "ผู้รับผิดชอบ"])
        ['index', 'title', 'budget', 'timeline', 'owners']
    """
    roles = [column_role(h) for h in header]
    for i, h in enumerate(header):
        if roles[i] is None and _squash(h).rstrip(".") in ("ที่", "ข้อ", "no"):
            roles[i] = "index"
    titles = [i for i, r in enumerate(roles) if r == "title"]
    if titles:
        best = min(titles, key=lambda i: (_title_rank(header[i]), i))
        for i in titles:
            if i != best:
                roles[i] = "indicator" if _title_rank(header[i]) == 4 else "actions"
    return roles


# Cell texts that begin a column label. A header row is made of such short cells; data cells
# are longer or start with a list number. Rows are (cue, why it is here).
LABEL_CUES: tuple[tuple[str, str], ...] = (
    ("มาตรการ", "measure column of plan and results tables"),
    ("แนวทาง", "guideline column"),
    ("ขั้นตอน", "steps column"),
    ("วิธี", "method column (วิธีการ, วิธีดำเนินการ)"),
    ("ผู้รับผิดชอบ", "owner column"),
    ("หน่วยงานที่รับผิดชอบ", "owner column, long form"),
    ("หน่วยงานรับผิดชอบ", "owner column, long form"),
    ("ระยะเวลา", "timeline column"),
    ("การกำกับ", "monitoring column (การกำกับติดตาม)"),
    ("การติดตาม", "monitoring column"),
    ("ผลผลิต", "results table: outputs"),
    ("ผลลัพธ์", "results table: outcomes"),
    ("ผลการดำเนิน", "results table group label"),
    ("ผลการประเมิน", "assessment result column"),
    ("รายละเอียด", "details column"),
    ("หมายเหตุ", "remarks column"),
    ("ลำดับ", "row number column"),
    ("ที่", "row number column (exact cell only, see _is_label)"),
    ("ตัวชี้วัด", "ITA indicator column"),
    ("ประเด็น", "issue column of the ITA analysis table"),
    ("ข้อเสนอแนะ", "recommendation column"),
    ("ข้อบกพร่อง", "weakness column"),
    ("งบประมาณ", "budget column"),
    ("เป้าหมาย", "target column"),
    ("กิจกรรม", "activity column"),
    ("โครงการ", "project column"),
    ("คะแนน", "score column"),
    ("ปัญหา", "problem column"),
    ("อุปสรรค", "obstacle column"),
    ("สถานะ", "status column"),
    # an ITA score table comparing years ('ตัวชี้วัด | แบบวัด | ปี ๒๕๖๕ | ปี ๒๕๖๖ | เพิ่ม/ลด')
    ("แบบวัด", "ITA tool column (IIT / EIT / OIT)"),
    ("เครื่องมือ", "ITA tool column"),
    ("เพิ่ม", "change column (เพิ่ม/ลด, เพิ่มขึ้น/ลดลง)"),
    ("ผลต่าง", "difference column"),
    # a risk register (แผนบริหารความเสี่ยงการทุจริต, the NACC's risk assessment form)
    ("กระบวนงาน", "risk register: the work process"),
    ("ความเสี่ยง", "risk register: the risk (ความเสี่ยงการทุจริต)"),
    ("ระดับ", "risk register: the risk level (ระดับความเสี่ยง)"),
    ("เหตุการณ์", "risk register: the risk event"),
    ("ปัจจัยเสี่ยง", "risk register: the risk factor"),
    ("โอกาส", "risk register: likelihood"),
    ("ผลกระทบ", "risk register: impact"),
    ("รายการ", "item column"),
    ("ตำแหน่ง", "position column"),
    ("ชื่อ", "name column"),
    ("วันที่", "date column"),
    ("no", "English row number"),
    ("item", "English item column"),
    ("measure", "English measure column"),
    ("indicator", "English indicator column"),
    ("responsible", "English owner column"),
)
EXACT_ONLY_CUES = frozenset({"ที่", "no", "แบบวัด", "เครื่องมือ"})  # a tool named in full is a row
# A year over a comparison table's column: 'ปี ๒๕๖๕', 'ปี พ.ศ. 2566', 'พ.ศ. 2566', 'ปีงบประมาณ 2566'.
_YEAR_LABEL = re.compile(r"^\s*(?:ปี(?:งบประมาณ)?\s*(?:พ\.\s?ศ\.)?|พ\.\s?ศ\.)\s*[0-9๐-๙]{4}\s*$")
_LIST_NUMBER = re.compile(r"^\s*(?:\(?\d+(?:\.\d+)*[.)]|\d+\s*$|[-•*]\s)")


def is_label(cell: str) -> bool:
    """A cell that reads as a column label: short, no list number, starts with a cue of
    ``LABEL_CUES`` (spaces do not count: a label wrapped in a narrow column comes back as
    'ผู้รับผิดชอ บ'; nor do the marks OCR drops on bold headers).

    Example:
        >>> is_label("ผู้รับผิดชอ บ"), is_label("ผูรบผดชอบ"), is_label("สำนักปลัด")
        (True, True, False)
    """
    if len(cell) > HEADER_CELL_MAX or _LIST_NUMBER.match(cell):
        return False
    if _YEAR_LABEL.match(cell):
        return True
    probe = _squash(cell).lower()
    bare = skeleton(probe)
    for cue, _why in LABEL_CUES:
        if cue in EXACT_ONLY_CUES:
            if probe.rstrip(".") == cue:
                return True
        elif probe.startswith(cue) or (len(skeleton(cue)) >= 3 and bare.startswith(skeleton(cue))):
            return True
    # every cue of the column-role table is a label too (one table of cues, not two)
    return column_role(cell) is not None


def is_header_row(cells: list[str]) -> bool:
    """A row of column labels: every filled cell is a label (``is_label``), and none names a unit
    or a date (a data row names them; a header only labels them).

    Example:
        >>> is_header_row(["มาตรการ", "ผู้รับผิดชอบ", "ระยะเวลา"])
        True
        >>> is_header_row(["มาตรการเผยแพร่ข้อมูลต่อสาธารณะ", "สำนักปลัด", "ตลอดปีงบประมาณ 2566"])
        False
    """
    from thaireports.normalize.dates import find_dates
    from thaireports.normalize.vocab import unit_of

    filled = [c for c in cells if c and c.strip()]
    if not filled or not all(is_label(c) for c in filled):
        return False
    # (a fiscal year over a month grid, 'ปีงบประมาณ พ.ศ. 2567', is a header's)
    return not any(unit_of(c) != "other"
                   or any(m.kind in ("date", "range", "month") for m in find_dates(c))
                   for c in filled)


# A total row or line ('รวม', 'รวมทั้งสิ้น 150,000', 'รวมงบประมาณทั้งสิ้น') sums the rows above it:
# no row of its own ('รวมพลังต้านทุจริต' is a project's title, so only these forms).
TOTAL_CUES: tuple[str, ...] = ("รวม ", "รวมทั้งสิ้น", "รวมทั้งหมด", "รวมเป็นเงิน", "รวมงบประมาณ")


def is_total(cell: str) -> bool:
    """Whether a row's first text cell is its total's label (``TOTAL_CUES``).

    Example:
        >>> is_total("รวมงบประมาณทั้งสิ้น"), is_total("รวม"), is_total("รวมพลังต้านทุจริต")
        (True, True, False)
    """
    text = cell.strip()
    return text == "รวม" or text.startswith(TOTAL_CUES)
