"""Controlled vocabularies of ita-record/1, read from Thai cues: agency types, owner units,
measure categories, ITA indicators and grades, plus agency abbreviations.

Every vocabulary is a table of Thai cues. A text is matched exactly first (after folding digits
and spaces, since OCR and line wraps move spaces around); only when nothing matches exactly is
it matched fuzzily with rapidfuzz, so that a dropped vowel or tone mark ('กองคลง') still
finds its code. rapidfuzz's ``utils.default_process`` is never used: it turns Thai vowel and
tone marks into spaces.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from thaireports.normalize.digits import thai_digits_to_arabic
from thaireports.normalize.slips import NAYOK_SLIP
from thaireports.normalize.text import fold_whitespace

_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")


def _fold(text: str) -> str:
    """Arabic digits, no zero-width characters, single spaces: the printed form of a name."""
    return fold_whitespace(_ZERO_WIDTH.sub("", thai_digits_to_arabic(text or "")))


def _compact(text: str) -> str:
    """The folded text without any space, lower-cased: what cues are matched against.

    Thai does not separate words with spaces, so a space inside a cue is an OCR or line-wrap
    artefact ('กองการศึกษา ศาสนาและวัฒนธรรม', 'การ ปฏิบัติหน้าที่').
    """
    return _fold(text).replace(" ", "").lower()


def _fuzzy_score(cue: str, compact: str) -> float:
    """0..100: how well ``cue`` appears in ``compact`` (rapidfuzz, no default_process)."""
    from rapidfuzz import fuzz  # lazy: ~30 ms of import that most commands never need

    if len(compact) >= len(cue):
        return fuzz.partial_ratio(cue, compact, processor=None)
    return fuzz.ratio(cue, compact, processor=None)


# --- abbreviations ---------------------------------------------------------------------------

# Abbreviations of local-government bodies, expanded wherever they stand as a word.
AGENCY_ABBREVIATIONS: dict[str, str] = {
    "อบต": "องค์การบริหารส่วนตำบล",      # subdistrict administrative organization (SAO)
    "อบจ": "องค์การบริหารส่วนจังหวัด",    # provincial administrative organization (PAO)
    "ทต": "เทศบาลตำบล",                 # subdistrict municipality
    "ทม": "เทศบาลเมือง",                # town municipality
    "ทน": "เทศบาลนคร",                  # city municipality
    "กทม": "กรุงเทพมหานคร",             # Bangkok
}

# Positions written before an agency ('นายก อบต.เหล'): the space between them goes.
_POSITIONS = ("นายก", "รองนายก", "ปลัด", "รองปลัด", "ประธานสภา", "สมาชิกสภา", "เลขานุการนายก")

_ORG = re.compile(
    r"(?:" + "|".join(f"(?<={p})" for p in _POSITIONS) + r"|(?<![ก-๙.]))"
    r"(?P<abbr>อบต|อบจ|กทม|ทต|ทม|ทน)\.[ \t\u200b]*(?=[ก-๙])"
    r"|(?:" + "|".join(f"(?<={p})" for p in _POSITIONS) + r"|(?<![ก-๙.]))"
    r"(?P<bare>อบต|อบจ|กทม|ทต|ทม|ทน)\.(?![ก-๙])"
)
_POSITION_SPACE = re.compile(r"(?P<pos>" + "|".join(_POSITIONS) + r")[ \t\u200b]+(?=(?:อบต|อบจ|กทม|ทต|ทม|ทน)\.)")


# Place prefixes ต./อ./จ. are also initials ('อ. อรรถพร' is a teacher), so they are expanded only
# as a place: จ. before a province's name, อ. before a name followed by a province (or a
# 'เมือง...' district), ต. before a name followed by a district.
_PLACE_NAME = r"[ก-ฮะ-ฺเ-์]+"


@lru_cache(maxsize=1)
def _province_names() -> frozenset[str]:
    from pythainlp.corpus import provinces  # bundled with pythainlp, no download

    return frozenset(p["name_th"] for p in provinces(details=True))


_PROVINCE_PREFIX = re.compile(r"(?<![ก-๙.])จ\.[ \t]*(?P<name>" + _PLACE_NAME + r")")
_DISTRICT_PREFIX = re.compile(r"(?<![ก-๙.])อ\.[ \t]*(?P<name>" + _PLACE_NAME + r")"
                              r"(?P<next>[ \t]*(?:จ\.|จังหวัด))?")
_SUBDISTRICT_PREFIX = re.compile(r"(?<![ก-๙.])ต\.[ \t]*(?P<name>" + _PLACE_NAME + r")"
                                 r"(?=[ \t]*(?:อ\.|อำเภอ))")


def _expand_province(m: re.Match[str]) -> str:
    name = m.group("name")
    if name in _province_names() or any(name.startswith(p) for p in _province_names()):
        return "จังหวัด" + name
    return m.group(0)


def _expand_district(m: re.Match[str]) -> str:
    if m.group("next") or m.group("name").startswith("เมือง"):
        return "อำเภอ" + m.group("name") + (m.group("next") or "")
    return m.group(0)


def expand_abbreviations(text: str) -> str:
    """Agency and place abbreviations written out, and the 'นาย' for 'นายก' OCR slip repaired.

    Args:
        text: a name, a heading or a whole page.

    Returns:
        The text with อบต. อบจ. ทต. ทม. ทน. กทม. expanded everywhere, and อ. จ. ต. expanded where
        they are place prefixes; all else unchanged.

    Example:
        >>> expand_abbreviations("นายก อบต.เหล อ.เมือง จ.พังงา")
        'นายกองค์การบริหารส่วนตำบลเหล อำเภอเมือง จังหวัดพังงา'
        >>> expand_abbreviations("เรียน นายองค์การบริหารส่วนตำบลเหล")
        'เรียน นายกองค์การบริหารส่วนตำบลเหล'
    """
    if not text:
        return text
    out = NAYOK_SLIP.sub("นายก", text)
    out = _POSITION_SPACE.sub(lambda m: m.group("pos"), out)
    out = _ORG.sub(lambda m: AGENCY_ABBREVIATIONS[m.group("abbr") or m.group("bare")], out)
    out = _SUBDISTRICT_PREFIX.sub(lambda m: "ตำบล" + m.group("name"), out)
    out = _DISTRICT_PREFIX.sub(_expand_district, out)
    out = _PROVINCE_PREFIX.sub(_expand_province, out)
    return out


# --- agency type -----------------------------------------------------------------------------

# (cue, record code). The earliest cue in the name wins: 'เทศบาลตำบลเมืองเก่า' is a เทศบาลตำบล.
AGENCY_TYPE_CUES: tuple[tuple[str, str], ...] = (
    ("องค์การบริหารส่วนจังหวัด", "pao"),
    ("องค์การบริหารส่วนตำบล", "sao"),
    ("เทศบาลนคร", "city-municipality"),
    ("เทศบาลเมือง", "town-municipality"),
    ("เทศบาลตำบล", "subdistrict-municipality"),
    ("กรุงเทพมหานคร", "special"),  # Bangkok: a special local administration
    ("เมืองพัทยา", "special"),     # Pattaya City: the other one
)

_FUZZY_AGENCY = 88  # one or two OCR slips in a 10-24 letter cue


def agency_type(name: str) -> str:
    """The ita-record/1 agency type of an agency name (abbreviations allowed).

    Example:
        >>> agency_type("อบต.เหล"), agency_type("เทศบาลเมืองพังงา"), agency_type("สำนักงาน ป.ป.ช.")
        ('sao', 'town-municipality', 'other')
    """
    compact = _compact(expand_abbreviations(_fold(name)))
    if not compact:
        return "other"
    hits = [(compact.find(cue), code) for cue, code in AGENCY_TYPE_CUES if cue in compact]
    if hits:
        return min(hits)[1]
    scored = [(_fuzzy_score(cue, compact), code) for cue, code in AGENCY_TYPE_CUES]
    best_score, best_code = max(scored)
    return best_code if best_score >= _FUZZY_AGENCY else "other"


# --- field labels ----------------------------------------------------------------------------

# The labels an item's or a section's fields are printed under or after ('ผู้รับผิดชอบ : กองคลัง',
# 'ระยะเวลาดำเนินการ ...'): the measure readers parse them, a label whose marks OCR lost
# ('ผูรับผิดชอบ') by its skeleton alone (a letter changed is another word: 'ที่รับผิดชอบ').
FIELD_LABELS: tuple[str, ...] = (
    "ผู้รับผิดชอบ", "หน่วยงานรับผิดชอบ", "หน่วยงานที่รับผิดชอบ", "หน่วยงานผู้รับผิดชอบ",
    "ระยะเวลา", "ระยะเวลาดำเนินการ", "ระยะเวลาการดำเนินการ", "การติดตาม", "การติดตามผล",
    "การกำกับติดตาม", "การติดตามและรายงานผล", "การติดตามประเมินผล", "การรายงานผล",
    "หน้าที่")


# The labels of an item's own fields that a measure's record has no place for: its indicator of
# success, target, budget, purpose ('ตัวชี้วัดความสำเร็จ : ไม่มีเรื่องร้องเรียน...'). Under an item they
# are still the item's (the list goes on), never its actions or a field of the page.
ITEM_NOTE_LABELS: tuple[str, ...] = (
    "ตัวชี้วัดความสำเร็จ", "ตัวชี้วัด", "เป้าหมาย", "ค่าเป้าหมาย", "งบประมาณ", "แหล่งงบประมาณ",
    "วัตถุประสงค์", "ผลที่คาดว่าจะได้รับ", "สถานที่ดำเนินการ", "กลุ่มเป้าหมาย")


# --- owner units -----------------------------------------------------------------------------

class UnitCue(NamedTuple):
    cue: str    # compact Thai (no spaces)
    unit: str   # record code
    level: int  # how specific: 3 section (งาน...) > 2 division (กอง/สำนัก) > 1 groups > 0 people


UNIT_CUES: tuple[UnitCue, ...] = (
    # sections inside a division: the most specific ('งานประชาสัมพันธ์สำนักงานปลัด' is PR)
    UnitCue("งานประชาสัมพันธ์", "public-relations", 3),
    UnitCue("งานพัสดุ", "procurement", 3),
    UnitCue("งานนิติการ", "legal", 3),
    UnitCue("ฝ่ายนิติการ", "legal", 3),
    UnitCue("งานกฎหมายและคดี", "legal", 3),
    UnitCue("หน่วยตรวจสอบภายใน", "internal-audit", 3),
    UnitCue("งานตรวจสอบภายใน", "internal-audit", 3),
    UnitCue("งานการเจ้าหน้าที่", "personnel", 3),
    UnitCue("งานบริหารงานบุคคล", "personnel", 3),
    # divisions
    UnitCue("สำนักงานปลัด", "office-of-the-permanent-secretary", 2),
    UnitCue("สำนักปลัด", "office-of-the-permanent-secretary", 2),
    UnitCue("กองคลัง", "finance", 2),
    UnitCue("กองช่าง", "public-works", 2),
    UnitCue("กองการศึกษา", "education", 2),   # (ศาสนาและวัฒนธรรม)
    UnitCue("กองสาธารณสุข", "public-health", 2),  # (และสิ่งแวดล้อม)
    UnitCue("กองสวัสดิการสังคม", "social-welfare", 2),
    UnitCue("กองวิชาการและแผนงาน", "planning", 2),
    UnitCue("กองยุทธศาสตร์และงบประมาณ", "planning", 2),
    UnitCue("กองแผนงาน", "planning", 2),
    UnitCue("กองการเจ้าหน้าที่", "personnel", 2),
    UnitCue("กองพัสดุและทรัพย์สิน", "procurement", 2),
    UnitCue("กองกฎหมายและคดี", "legal", 2),   # the legal division of a PAO or a city
    UnitCue("กองส่งเสริมการเกษตร", "agriculture", 2),
    UnitCue("คณะทำงาน", "committee", 2),
    UnitCue("คณะกรรมการ", "committee", 2),
    # officers whose position names their unit's work (the standard position titles of local
    # government): the unit that work is, as a section is ('นักประชาสัมพันธ์' is PR)
    UnitCue("นักประชาสัมพันธ์", "public-relations", 3),
    UnitCue("นิติกร", "legal", 3),
    UnitCue("นักทรัพยากรบุคคล", "personnel", 3),
    UnitCue("นักวิชาการเงินและบัญชี", "finance", 3),
    UnitCue("นักวิชาการพัสดุ", "procurement", 3),
    UnitCue("เจ้าพนักงานพัสดุ", "procurement", 3),
    UnitCue("นักวิชาการตรวจสอบภายใน", "internal-audit", 3),
    UnitCue("นักวิเคราะห์นโยบายและแผน", "planning", 3),
    # every unit at once
    UnitCue("ทุกส่วนราชการ", "all-units", 1),
    UnitCue("ทุกกอง", "all-units", 1),
    UnitCue("ทุกสำนัก", "all-units", 1),   # also 'ทุกสำนัก/กอง'
    UnitCue("ทุกหน่วยงาน", "all-units", 1),
    UnitCue("สำนัก/กอง", "all-units", 1),
    # people who own a measure themselves
    UnitCue("นายก", "executive", 0),
    UnitCue("ปลัด", "executive", 0),
    UnitCue("ผู้บริหาร", "executive", 0),
)
# A section is a งาน in one agency and a ฝ่าย in another ('ฝ่ายประชาสัมพันธ์', 'ฝ่ายพัสดุ'): the same unit.
UNIT_CUES += tuple(UnitCue("ฝ่าย" + c.cue[3:], c.unit, c.level) for c in UNIT_CUES
                   if c.level == 3 and c.cue.startswith("งาน")
                   and all(o.cue != "ฝ่าย" + c.cue[3:] for o in UNIT_CUES))

# National bodies that oversee local government, named by their acronyms: 'คณะกรรมการ ป.ป.ช.',
# 'สำนักงาน ป.ป.ช.', 'ป.ป.ท.', 'สตง.', the personnel boards 'ก.ถ.', 'ก.จ.', 'ก.ท.', 'ก.อบต.'. A measure
# cites them (their rules, their limits); they are never one of the agency's own units.
NATIONAL_BODIES = re.compile(r"ป\.?ป\.?ช|ป\.?ป\.?ท|สตง|ก\.(?:ถ|จ|ท|อบต)\.")

_FUZZY_UNIT = 85
_FUZZY_MIN_CUE = 6  # shorter cues ('ปลัด', 'นายก') are matched exactly only


def unit_of(text: str) -> str:
    """The owner-unit code of one owner name; the most specific cue wins.

    Example:
        >>> unit_of("งานประชาสัมพันธ์สำนักงานปลัด"), unit_of("กองการศึกษาฯ"), unit_of("ทุกส่วนราชการ")
        ('public-relations', 'education', 'all-units')
    """
    compact = _compact(text)
    if not compact or NATIONAL_BODIES.search(compact):
        return "other"
    hits = [(c.level, len(c.cue), -compact.find(c.cue), c.unit) for c in UNIT_CUES if c.cue in compact]
    if hits:
        return max(hits)[3]
    scored = [(_fuzzy_score(c.cue, compact), c.level, c.unit) for c in UNIT_CUES
              if len(c.cue) >= _FUZZY_MIN_CUE]
    best = max(scored)
    return best[2] if best[0] >= _FUZZY_UNIT else "other"


# Words that begin a new owner inside a cell whose owners are separated by spaces only.
_OWNER_START = ("สำนัก", "กอง", "งาน", "หน่วย", "ฝ่าย", "ทุก", "คณะ", "นายก", "รองนายก", "ปลัด",
                "รองปลัด", "ผู้อำนวยการ", "ผอ.", "หัวหน้า", "ผู้บริหาร", "นัก", "นิติกร",
                "เจ้าพนักงาน")
# What names a section or an officer in one (its head, an officer of its line of work): followed
# by a division, the division is where it sits ('หัวหน้าฝ่ายบริหารงานทั่วไป สำนักปลัด'), one owner.
_IN_A_SECTION = ("งาน", "ฝ่าย", "หน่วย", "หัวหน้างาน", "หัวหน้าฝ่าย", "หัวหน้าหน่วย", "นัก", "นิติกร",
                 "เจ้าพนักงาน")
_HARD_SPLIT = re.compile(r"\s*(?:/|,|;|\n|、|\s[-–•]\s|(?:^|\s)[-–•](?=\S)|(?:^|\s)\(?\d{1,2}[.)](?!\d))\s*")
_SOFT_SPLIT = re.compile(r"(?:\s*และ\s*|\s+)(?=" + "|".join(re.escape(w) for w in _OWNER_START) + r")")
_SLASH_GROUP = "สำนัก/กอง"  # one phrase ('ทุกสำนัก/กอง'), not two owners
_EDGE_JUNK = " -–•*:;,.()"


def split_owners(text: str) -> list[tuple[str, str]]:
    """An owner cell (ผู้รับผิดชอบ) to (name, unit) pairs, in order, without repeats.

    Owners may be separated by '/', commas, new lines, bullets, numbers, or only by spaces;
    a space inside one unit's name ('กองการศึกษา ศาสนาและวัฒนธรรม') does not split it.

    Args:
        text: the cell text.

    Returns:
        [(name as printed with Arabic digits and single spaces, unit code), ...].

    Example:
        >>> split_owners("สำนักปลัด กองคลัง กองช่าง กองการศึกษา ศาสนาและวัฒนธรรม")[3]
        ('กองการศึกษา ศาสนาและวัฒนธรรม', 'education')
    """
    folded = _fold(text).replace(_SLASH_GROUP, "\x00")
    names: list[str] = []
    for piece in _HARD_SPLIT.split(folded):
        soft = [s for s in _SOFT_SPLIT.split(piece) if s.strip()]
        merged: list[str] = []
        for part in soft:
            # 'งานประชาสัมพันธ์ สำนักงานปลัด': a section followed by its own division is one owner.
            if merged and _section_of_division(merged[-1], part):
                merged[-1] = merged[-1] + " " + part
            else:
                merged.append(part)
        names.extend(merged)
    pairs: list[tuple[str, str]] = []
    seen: set[str] = set()
    for raw in names:
        name = raw.replace("\x00", _SLASH_GROUP).strip(_EDGE_JUNK)
        name = re.sub(r"^\d{1,2}[.)]\s*", "", name).strip(_EDGE_JUNK)
        if not name or name in seen:
            continue
        seen.add(name)
        pairs.append((name, unit_of(name)))
    return pairs


_UNIT_JOIN = re.compile(r"[\s,]*(?:และ|ร่วมกับ|กับ)?[\s,]*")


def acting_units(text: str) -> list[tuple[str, str]]:
    """The units a measure's sentence gives the work to: the first units it names, as
    (name as printed, unit code), with those joined to them by และ / ร่วมกับ / a comma
    ('ให้กองช่างและกองคลังจัดทำ...', 'กองคลังจัดทำคู่มือ...'). Units named later in the
    sentence are what the work is about or whom it goes to ('...ของคณะกรรมการกำหนดราคากลาง').
    Only sections, divisions and all units count (``UNIT_CUES`` level 1 and up): 'นายก' in
    prose is mostly whom a report goes to. A section followed by its own division is one
    owner ('งานนิติการ สำนักปลัด').

    Example:
        >>> acting_units("ให้งานนิติการ สำนักปลัด รับเรื่องร้องเรียน และประสานกองช่าง")
        [('งานนิติการ สำนักปลัด', 'legal')]
        >>> acting_units("ให้กองช่างและกองคลังจัดทำแบบแสดงความไม่มีส่วนได้เสียของคณะกรรมการ")
        [('กองช่าง', 'public-works'), ('กองคลัง', 'finance')]
    """
    folded = _fold(text)
    hits: list[tuple[int, int, UnitCue]] = []
    for cue in sorted((c for c in UNIT_CUES if c.level >= 1), key=lambda c: -len(c.cue)):
        for m in re.finditer(re.escape(cue.cue), folded):
            if not any(a < m.end() and m.start() < b for a, b, _ in hits):
                hits.append((m.start(), m.end(), cue))
    # a committee or office of a national body ('คณะกรรมการ ป.ป.ช.') is cited, not given work
    hits = [h for h in hits if not NATIONAL_BODIES.match(folded[h[1]:h[1] + 8].lstrip())]
    hits.sort(key=lambda h: h[0])
    out: list[tuple[str, str]] = []
    for k, (start, end, cue) in enumerate(hits):
        name = folded[start:end]
        if k:
            gap = folded[hits[k - 1][1]:start]
            if not _UNIT_JOIN.fullmatch(gap):
                break  # the run of units the sentence opens with has ended
            if not gap.strip() and _section_of_division(out[-1][0], name):
                out[-1] = (out[-1][0] + " " + name, out[-1][1])  # the section's own division
                continue
        if cue.unit not in {u for _, u in out}:
            out.append((name, cue.unit))
    return out


def _unit_level(text: str) -> int:
    compact = _compact(text)
    return max((c.level for c in UNIT_CUES if c.cue in compact), default=-1)


def _section_of_division(previous: str, part: str) -> bool:
    """A section, or an officer of one, then the division it belongs to: one owner.

    Example:
        >>> _section_of_division("หัวหน้าฝ่ายบริหารงานทั่วไป", "สำนักปลัดเทศบาล")
        True
        >>> _section_of_division("ผู้อำนวยการกองคลัง", "กองช่าง")
        False
    """
    return (_unit_level(previous) in (-1, 3) and previous.startswith(_IN_A_SECTION)
            and _unit_level(part) == 2 and not part.startswith(("งาน", "หน่วย")))


# --- measure categories ----------------------------------------------------------------------

class CategoryCue(NamedTuple):
    pattern: str    # regex over compact text (no spaces, lower case)
    literal: str    # the same cue as plain text, for fuzzy matching
    category: str
    weight: float   # 1.0 for the spec's cues, less for broader ones


def _cue(literal: str, category: str, weight: float = 1.0, pattern: str | None = None) -> CategoryCue:
    return CategoryCue(pattern or re.escape(literal), literal, category, weight)


CATEGORY_CUES: tuple[CategoryCue, ...] = (
    _cue("เผยแพร่ข้อมูลต่อสาธารณะ", "public-disclosure"),
    _cue("การเปิดเผยข้อมูล", "public-disclosure"),
    # 'เผยแพร่ข้อมูลข่าวสารผ่านเว็บไซต์': publishing information, the spec's cue without 'ต่อสาธารณะ'
    _cue("เผยแพร่ข้อมูล", "public-disclosure", 0.85),
    _cue("เปิดเผยข้อมูล", "public-disclosure", 0.9),
    _cue("ผู้มีส่วนได้ส่วนเสียมีส่วนร่วม", "stakeholder-participation"),
    # the same cue in the other word order: 'การมีส่วนร่วมของผู้มีส่วนได้ส่วนเสีย'
    _cue("การมีส่วนร่วมของผู้มีส่วนได้ส่วนเสีย", "stakeholder-participation", 1.0,
         r"มีส่วนร่วม(?:ของ|จาก)(?:ผู้มีส่วนได้(?:ส่วน)?เสีย|ประชาชน)"),
    _cue("ความโปร่งใสในการจัดซื้อจัดจ้าง", "procurement-transparency"),
    _cue("จัดซื้อจัดจ้าง", "procurement-transparency", 0.9),
    _cue("จัดการเรื่องร้องเรียนการทุจริต", "complaint-handling"),
    _cue("การแก้ไขปัญหาการทุจริต", "complaint-handling"),
    _cue("เรื่องร้องเรียน", "complaint-handling", 0.9),
    # 'ช่องทางการร้องเรียนการทุจริต', 'ร้องเรียนการทุจริตและประพฤติมิชอบ'
    _cue("ร้องเรียนการทุจริต", "complaint-handling", 0.9, r"ร้องเรียน(?:การ)?ทุจริต"),
    _cue("ป้องกันการรับสินบน", "bribery-conflict-of-interest"),
    _cue("การขัดกันระหว่างผลประโยชน์", "bribery-conflict-of-interest"),
    _cue("ผลประโยชน์ทับซ้อน", "bribery-conflict-of-interest", 0.9),
    _cue("ตรวจสอบการใช้ดุลพินิจ", "discretion-review"),
    _cue("การใช้ดุลพินิจ", "discretion-review", 0.9),
    # 'ประกาศเจตจำนงการบริหารงานด้วยความซื่อสัตย์สุจริต...': words may stand between the two
    _cue("ประกาศเจตจำนงสุจริต", "integrity-declaration", 1.0, r"ประกาศเจตจำนง.{0,40}?สุจริต"),
    _cue("เจตจำนงสุจริต", "integrity-declaration", 0.95),
    _cue("การใช้งบประมาณ", "budget-use"),
    _cue("การใช้จ่ายงบประมาณ", "budget-use", 0.9),
    _cue("การใช้ทรัพย์สินของทางราชการ", "state-property-use"),
    _cue("การใช้ทรัพย์สินของราชการ", "state-property-use"),
    # 'ป้องกันการนำทรัพย์สินของทางราชการไปใช้ประโยชน์ส่วนตน': the property named without 'การใช้'
    _cue("ทรัพย์สินของทางราชการ", "state-property-use", 0.9, r"ทรัพย์สิน(?:ของ)?(?:ทาง)?ราชการ"),
    _cue("การปรับปรุงระบบการทำงาน", "work-improvement"),
    _cue("การปรับปรุงการทำงาน", "work-improvement"),
    _cue("การป้องกันการทุจริต", "corruption-prevention"),
    _cue("การปฏิบัติหน้าที่", "duty-performance"),
    _cue("การใช้อำนาจ", "authority-use"),
    _cue("คุณภาพการดำเนินงาน", "service-quality"),
    _cue("คุณภาพการให้บริการ", "service-quality", 0.9),   # 'ส่งเสริมคุณภาพการให้บริการประชาชน'
    _cue("ประสิทธิภาพการสื่อสาร", "communication"),
    _cue("การประเมินความเสี่ยงการทุจริต", "risk-management"),
    _cue("การจัดการความเสี่ยง", "risk-management"),
    _cue("ความเสี่ยงการทุจริต", "risk-management", 0.9),
    _cue("การบริหารความเสี่ยง", "risk-management", 0.9),
    _cue("การเสริมสร้างวัฒนธรรมองค์กร", "ethics-culture"),
    _cue("ประมวลจริยธรรม", "ethics-culture"),
    _cue("วัฒนธรรมองค์กร", "ethics-culture", 0.9),
    _cue("nogiftpolicy", "no-gift"),
    _cue("nogift", "no-gift", 0.95),
    _cue("ไม่รับของขวัญ", "no-gift"),
    _cue("การบริหารทรัพยากรบุคคล", "hr-merit"),
    _cue("เลื่อนขั้น", "hr-merit", 0.9),
    _cue("โยกย้าย", "hr-merit", 0.9),
    _cue("แต่งตั้งคณะทำงาน", "internal-governance", 0.9),
    _cue("มอบหมายงาน", "internal-governance", 0.85),
    _cue("บันทึกข้อตกลง", "internal-governance", 0.85),
    _cue("ประชุมประจำเดือน", "internal-governance", 0.85),
)
_CATEGORY_PATTERNS = tuple((re.compile(c.pattern), c) for c in CATEGORY_CUES)
_FUZZY_CATEGORY = 85
_FUZZY_DISCOUNT = 0.9  # a fuzzy hit never outranks an exact one of the same weight


def category_scores(text: str) -> list[tuple[str, float]]:
    """Every measure category whose cue the text holds, best first, with a 0..1 confidence.

    Exact cues score their weight (1.0 for the spec's own cues); among equal scores the cue
    printed first wins, since a title names its subject first. Categories without an exact cue
    are scored fuzzily (OCR slips) below any exact hit.

    Example:
        >>> category_scores("มาตรการตรวจสอบการใช้ดุลพินิจ")[0]
        ('discretion-review', 1.0)
    """
    compact = _compact(text)
    if not compact:
        return []
    best: dict[str, tuple[float, int]] = {}
    for pattern, cue in _CATEGORY_PATTERNS:
        m = pattern.search(compact)
        if m:
            previous = best.get(cue.category)
            candidate = (cue.weight, m.start())
            if previous is None or (candidate[0], -candidate[1]) > (previous[0], -previous[1]):
                best[cue.category] = candidate
    for cue in CATEGORY_CUES:
        if cue.category in best or len(cue.literal) < 8:
            continue
        score = _fuzzy_score(cue.literal, compact)
        if score >= _FUZZY_CATEGORY:
            value = round(cue.weight * _FUZZY_DISCOUNT * score / 100, 3)
            if value > best.get(cue.category, (0.0, 0))[0]:
                best[cue.category] = (value, len(compact))
    ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], kv[1][1]))
    return [(code, score) for code, (score, _pos) in ranked]


def category_of(text: str) -> str:
    """The measure category code of a measure title (or, failing that, its text).

    Example:
        >>> category_of("มาตรการป้องกันการรับสินบน และการป้องกันการขัดกันระหว่างผลประโยชน์ส่วนตนกับผลประโยชน์ส่วนรวม")
        'bribery-conflict-of-interest'
    """
    scores = category_scores(text)
    return scores[0][0] if scores else "other"


# --- ITA indicators and grades ---------------------------------------------------------------

# The ITA framework (ITA 2562-2568, NACC manual): the one table of the ten indicators, their tool
# (IIT internal survey, EIT external survey, OIT open data), the measure category that answers
# each, the names each was printed under, and what the indicator's questions are about (its
# definition's content words: how a measure is placed under one indicator of a tool).
TOOL_WEIGHTS: dict[str, float] = {"IIT": 0.3, "EIT": 0.3, "OIT": 0.4}  # total = sum(w x mean)


class ItaIndicator(NamedTuple):
    number: int
    tool: str                                   # IIT internal, EIT external survey, OIT open data
    name: str                                   # the current (2564-2568) name
    variants: tuple[tuple[str, str], ...] = ()  # (older or alternative name, years it was used)
    category: str = "other"                     # the measure category that answers it
    content: tuple[str, ...] = ()               # what its questions ask about


ITA_INDICATORS: tuple[ItaIndicator, ...] = (
    ItaIndicator(1, "IIT", "การปฏิบัติหน้าที่", (), "duty-performance",
                 ("ปฏิบัติหน้าที่", "มาตรฐานการปฏิบัติงาน", "ปฏิบัติงาน", "เท่าเทียม", "เลือกปฏิบัติ")),
    ItaIndicator(2, "IIT", "การใช้งบประมาณ", (), "budget-use",
                 ("งบประมาณ", "ใช้จ่าย", "จัดซื้อจัดจ้าง", "คุ้มค่า", "เบิกจ่าย")),
    ItaIndicator(3, "IIT", "การใช้อำนาจ", (), "authority-use",
                 ("ใช้อำนาจ", "มอบหมายงาน", "ดุลพินิจ", "ประเมินผลการปฏิบัติงาน", "คัดเลือกบุคลากร",
                  "สั่งการ", "ผู้บังคับบัญชา")),
    ItaIndicator(4, "IIT", "การใช้ทรัพย์สินของราชการ",
                 (("การใช้ทรัพย์สินของทางราชการ", "2562-2568"),), "state-property-use",
                 ("ทรัพย์สิน", "ยืม", "พัสดุ", "ครุภัณฑ์", "ยานพาหนะ")),
    ItaIndicator(5, "IIT", "การแก้ไขปัญหาการทุจริต", (), "complaint-handling",
                 ("ร้องเรียน", "แก้ไขปัญหาการทุจริต", "แจ้งเบาะแส", "ลงโทษ", "สอบสวน")),
    ItaIndicator(6, "EIT", "คุณภาพการดำเนินงาน", (), "service-quality",
                 ("คุณภาพ", "มาตรฐาน", "ความพึงพอใจ", "ให้บริการ", "ขั้นตอนการให้บริการ")),
    ItaIndicator(7, "EIT", "ประสิทธิภาพการสื่อสาร", (), "communication",
                 ("สื่อสาร", "เผยแพร่", "ช่องทาง", "ประชาสัมพันธ์", "เฟสบุ๊ก", "facebook", "ติดต่อ",
                  "แจ้งเวียน", "ติชม", "ชี้แจง")),
    ItaIndicator(8, "EIT", "การปรับปรุงการทำงาน", (("การปรับปรุงระบบการทำงาน", "2562-2563"),),
                 "work-improvement",
                 ("ปรับปรุง", "ลดขั้นตอน", "one stop", "พัฒนา", "นวัตกรรม", "เทคโนโลยี", "ออนไลน์")),
    ItaIndicator(9, "OIT", "การเปิดเผยข้อมูล", (), "public-disclosure",
                 ("เปิดเผย", "ข้อมูล", "เผยแพร่", "เว็บไซต์", "website")),
    ItaIndicator(10, "OIT", "การป้องกันการทุจริต", (), "corruption-prevention",
                 ("ป้องกันการทุจริต", "ต่อต้านการทุจริต", "ความเสี่ยง", "เจตจำนง", "วัฒนธรรมองค์กร",
                  "แผนปฏิบัติการป้องกันการทุจริต")),
)
# Which ITA indicator a measure category speaks to (the spec's mapping), from the table above.
CATEGORY_INDICATOR: dict[str, int] = {i.category: i.number for i in ITA_INDICATORS}
# What each indicator's measures talk about, and each tool's categories, from the same table.
INDICATOR_CONTENT: dict[str, tuple[str, ...]] = {i.category: i.content for i in ITA_INDICATORS}
TOOL_CATEGORIES: dict[str, tuple[str, ...]] = {
    tool: tuple(i.category for i in ITA_INDICATORS if i.tool == tool) for tool in TOOL_WEIGHTS}


def _indicator_names() -> list[tuple[str, int]]:
    return [(n, i.number) for i in ITA_INDICATORS for n in (i.name, *(v for v, _ in i.variants))]


_FUZZY_INDICATOR = 80


def indicator_of_name(text: str) -> int | None:
    """The ITA indicator (1-10) named in a text, e.g. a score-table row; fuzzy under OCR noise.

    Example:
        >>> indicator_of_name("๖. คุณภาพการดำเนินงาน คะแนน ๙๗.๕๓"), indicator_of_name("การปรับปรุงระบบการทำงาน")
        (6, 8)
    """
    compact = _compact(text)
    compact = re.sub(r"^\(?\d{1,2}[.)]", "", compact)  # the row number
    compact = re.sub(r"(คะแนน)?[\d.,]+%?$", "", compact)  # the score after the name
    if not compact:
        return None
    hits = [(compact.find(name), -len(name), number) for name, number in _indicator_names() if name in compact]
    if hits:
        return min(hits)[2]
    scored = [(_fuzzy_score(name, compact), len(name), number) for name, number in _indicator_names()]
    best = max(scored)
    return best[2] if best[0] >= _FUZZY_INDICATOR else None


# (lowest score of the grade, grade): ITA 2562-2568.
GRADES: tuple[tuple[float, str], ...] = (
    (95.0, "AA"),
    (85.0, "A"),
    (75.0, "B"),
    (65.0, "C"),
    (55.0, "D"),
    (50.0, "E"),
    (0.0, "F"),
)


def grade_of(score: float) -> str:
    """The ITA grade of a total score (AA 95-100, ... F below 50).

    Raises:
        ValueError: if the score is not a number from 0 to 100.

    Example:
        >>> grade_of(84.72), grade_of(85), grade_of(49.99)
        ('B', 'A', 'F')
    """
    if not 0.0 <= score <= 100.0:  # also rejects NaN
        raise ValueError(f"ITA score {score!r} is not between 0 and 100")
    return next(grade for lowest, grade in GRADES if score >= lowest)


# 'ข้อ o42' is an OIT item; OCR often reads the Latin o as a Thai zero ('ข้อ ๐๔๒').
_ITA_ITEM_AFTER_KHO = re.compile(r"ข้อ[\s\u200b]*[Oo๐0Ｏ][\s\u200b]?(\d{1,2})(?!\d)")
_ITA_ITEM_LATIN = re.compile(r"(?<![A-Za-z0-9])[Oo](\d{1,2})(?![\d.])")
# 'ข้อ ๐๔๒ ... และ ๐๔๓': a further item listed after the first.
_ITA_ITEM_NEXT = re.compile(r"(?:และ|,|หรือ)[\s\u200b]*(?:ข้อ[\s\u200b]*)?[Oo๐0][\s\u200b]?(\d{1,2})(?!\d)")
_MAX_OIT_ITEM = 50


def ita_items(text: str) -> list[str]:
    """Every OIT item code ('O42') in a text, in order, without repeats.

    Example:
        >>> ita_items("ข้อ ๐๔๒ มาตรการส่งเสริมคุณธรรมฯ และ ๐๔๓ การดำเนินการตามมาตรการ")
        ['O42', 'O43']
    """
    scan = thai_digits_to_arabic(text or "")
    found: list[tuple[int, str]] = []
    for m in _ITA_ITEM_AFTER_KHO.finditer(scan):
        found.append((m.start(), m.group(1)))
        tail = scan[m.end():m.end() + 200]
        for n in _ITA_ITEM_NEXT.finditer(tail):
            found.append((m.end() + n.start(), n.group(1)))
    found.extend((m.start(), m.group(1)) for m in _ITA_ITEM_LATIN.finditer(scan))
    items: list[str] = []
    for _pos, number in sorted(found):
        value = int(number)
        code = f"O{value}"
        if 1 <= value <= _MAX_OIT_ITEM and code not in items:
            items.append(code)
    return items


def ita_item(text: str) -> str | None:
    """The first OIT item code in a text: 'ข้อ ๐๔๒' -> 'O42'.

    Example:
        >>> ita_item("ตัวชี้วัดย่อยที่ ๑๐.๒ มาตรการภายในเพื่อป้องกันการทุจริต ข้อ ๐๔๒")
        'O42'
    """
    items = ita_items(text)
    return items[0] if items else None
