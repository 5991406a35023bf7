"""Column roles of Thai measure tables, read from their header text: the one table of column cues
that every reader and extractor uses (record-spec.md, 'What a measure is').

A header is matched after Thai repair and with whitespace removed, so that 'ขั้นตอน/ วิธีการ',
'การกำกับ ติดตาม' and a scanned 'ขันตอน' all find their role.
"""
from __future__ import annotations

import re

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


def _alternatives(header: str) -> list[str]:
    """'แนวทาง/มาตรการ' -> ['แนวทาง', 'มาตรการ']: a slashed header names one column twice."""
    return [a for a in _squash(header).split("/") if a]


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
    h = _squash(header)
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



_SPACES = re.compile(r"\s+")


def _squash(text: str | None) -> str:
    return _SPACES.sub("", text or "")
