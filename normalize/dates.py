"""Thai dates, month-only dates, date ranges and fiscal years to ISO 8601 (Gregorian).

Thai memos write dates in the Buddhist Era (พ.ศ. = ค.ศ. + 543), often with Thai digits, full or
abbreviated month names, two-digit years ('ต.ค. ๖๔') and whatever spacing OCR left behind
('๑ ตุลาคม๒๕๖๔', 'พ.ศ.๒๕๖๕'). pythainlp supplies the month lists; its ``thai_strptime`` fails on
Thai digits, double spaces and a literal 'พ.ศ.', so the scanner here is our own.

A Thai fiscal year (ปีงบประมาณ) N runs from 1 October of BE N-1 to 30 September of BE N:
FY 2565 = 2021-10-01 .. 2022-09-30. The record keeps fiscal years as BE integers.

Everything here is total: any string gives a list (maybe empty) and never raises; an impossible
date ('31 กุมภาพันธ์ 2565') gives a match with value None and a ``date-impossible`` warning.
"""
from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass, field
from typing import Any

from pythainlp.util.date import thai_full_month_lists

from thaireports.normalize.digits import thai_digits_to_arabic
from thaireports.normalize.repair import Lexicon, weighted_distance
from thaireports.normalize.slips import (DIGIT_GLYPH_READINGS, DIGIT_LOOKALIKES, MONTH_VARIANTS,
                                         TONE_MARKS, skeleton)
from thaireports.normalize.warning import RecordWarning

BE_OFFSET = 543  # พ.ศ. - 543 = ค.ศ.
# A bare four-digit year at or above this is Buddhist Era; below it, Common Era (2565 vs 2022).
BE_THRESHOLD = 2400
# A two-digit year is the last two digits of a BE year in the 2500s ('ต.ค. ๖๔' = 2564).
BE_CENTURY = 2500
# The years a Thai government document can date: BE 2475 (the first constitution) .. 2700.
# A year outside (an OCR'd 6565, a 1565) is a misread digit: a warning and no value, never a
# date or fiscal year that the record would carry (or that would fail its validation).
PLAUSIBLE_BE = (2475, 2700)
# ITA began in BE 2557; a two-digit number after 'ปีงบประมาณ' below this is a count, not a year.
_MIN_SHORT_FISCAL_YEAR = 40

# --- month names ---------------------------------------------------------------------------
# pythainlp's rows are [full, short, abbreviated, '01', '1'] (กรกฎาคม has no short form).
# Digits are not month names in running text, so only the alphabetic spellings are kept.
_OCR_MONTH_VARIANTS = MONTH_VARIANTS  # normalize.slips owns the table


def _month_spellings() -> dict[str, int]:
    spellings: dict[str, int] = {}
    for number, row in enumerate(thai_full_month_lists, start=1):
        for name in row:
            if not name.isdigit():
                spellings[name] = number
        for name in _OCR_MONTH_VARIANTS.get(number, ()):
            spellings[name] = number
    return spellings


MONTHS: dict[str, int] = _month_spellings()


def _month_alternative(name: str) -> str:
    # 'ต.ค.' is also printed 'ต. ค.' or without its last dot ('ต.ค 64') after OCR.
    if "." in name:
        letters = [re.escape(part) for part in name.split(".") if part]
        # Not inside another dotted abbreviation: 'ก.ค.ศ.' (a commission) is not กรกฎาคม.
        return r"(?<![ก-ฮ.])" + r"\.\s?".join(letters) + r"\.?(?![ก-ฮ]\.)"
    # no month name holds a tone mark: one that OCR scattered into it ('มีน๊าคม') is a speck
    return _STRAY_TONE.join(re.escape(ch) for ch in name)


_STRAY_TONE = "[" + "".join(sorted(TONE_MARKS)) + "]?"
_TONE = re.compile("[" + "".join(sorted(TONE_MARKS)) + "]")


def _month_key(raw: str) -> int | None:
    compact = _TONE.sub("", re.sub(r"\s+", "", raw))
    if compact in MONTHS:
        return MONTHS[compact]
    return MONTHS.get(compact + ".")  # abbreviation printed without its final dot


# Longest first, so that 'มกราคม' wins over its short form 'มกรา'.
_MONTH = "(?:" + "|".join(_month_alternative(m) for m in sorted(MONTHS, key=len, reverse=True)) + ")"

_S = r"[\s\u200b]*"  # OCR may add or drop spaces (and zero-width spaces) between the parts
_ERA = r"(?P<era{n}>พ\.\s?ศ\.?|ค\.\s?ศ\.?)"
# A year is two or four digits; five (a doubled keystroke, "25666") is still read, so that the
# date is reported with a date-implausible-year warning instead of being missed.
_YEAR = r"(?:" + _ERA + _S + r")?(?P<year{n}>\d{{4,5}}|\d{{2}})(?!\d)"
_DAY = r"(?<![\d.,/:])(?P<day{n}>\d{{1,2}})(?![\d.,/:]\d)"
_PREFIX = r"(?:(?:เมื่อ)?วันที่" + _S + r")?"


def _date_part(n: int, *, day: bool, year: str) -> str:
    """The regex of one side of a date: [วันที่] [day] [เดือน] month [year]."""
    # 'เดือน' may stand before the month ('๑๐ เดือนมีนาคม'), a speck of a mark after it in a scan
    word = r"(?:เดือน[\u0e31-\u0e4e]?" + _S + r")?"
    day_part = (_PREFIX + _DAY.format(n=n) + _S + word) if day else word
    month = r"(?P<month" + str(n) + ">" + _MONTH + r")"
    year_part = {"required": _S + _YEAR.format(n=n),
                 "optional": r"(?:" + _S + _YEAR.format(n=n) + r")?"}[year]
    return day_part + month + year_part


_DASH = _S + r"(?:[-–—~]|ถึง|จนถึง|ถึงวันที่)" + _S

# Ranges come first: a range's two ends are not reported again as single dates.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # '๑ ตุลาคม ๒๕๖๔ - ๓๐ กันยายน ๒๕๖๕', '๑ ต.ค. ๖๔ – ๓๐ ก.ย. ๖๕', '๑ ตุลาคม - ๓๐ กันยายน ๒๕๖๕'
    ("range-dd", re.compile(_date_part(1, day=True, year="optional") + _DASH
                            + _date_part(2, day=True, year="required"))),
    # 'ตุลาคม ๒๕๖๒ – มีนาคม ๒๕๖๓', 'ตุลาคม - ธันวาคม ๒๕๖๕'
    ("range-mm", re.compile(_date_part(1, day=False, year="optional") + _DASH
                            + _date_part(2, day=False, year="required"))),
    # '๑ - ๓๐ กันยายน ๒๕๖๕': two days of one month
    ("range-days", re.compile(_PREFIX + _DAY.format(n=1) + _DASH + _date_part(2, day=True, year="required"))),
    # 'ปีงบประมาณ พ.ศ. ๒๕๖๔ - ๒๕๖๖': several fiscal years
    ("fy-range", re.compile(r"(?P<end>(?:ณ" + _S + r")?สิ้น" + _S + r")?ปีงบ(?:ประมาณ|\.)?" + _S
                            + _YEAR.format(n=1) + _DASH + r"(?:(?:พ\.\s?ศ\.?)" + _S + r")?"
                            r"(?P<year2>\d{4}|\d{2})(?!\d)")),
    # 'ปีงบประมาณ พ.ศ. ๒๕๖๕', 'ณ สิ้นปีงบประมาณ ๒๕๖๕', 'ปีงบ ๖๕'
    ("fy", re.compile(r"(?P<end>(?:ณ" + _S + r")?สิ้น" + _S + r")?ปีงบ(?:ประมาณ|\.)?,?" + _S
                      + _YEAR.format(n=1))),
    ("date", re.compile(_date_part(1, day=True, year="required"))),
    ("month", re.compile(_date_part(1, day=False, year="required"))),
    # '28/04/2565', '28/4/2565': numeric dates with a four-digit year only, since shorter
    # slash-groups are reference numbers ('๗๖๐/๒๕๖๕/๑๕๖๖').
    ("numeric", re.compile(r"(?<![\d/.])(?P<day1>\d{1,2})/(?P<monthnum1>\d{1,2})/(?P<year1>\d{4})(?![\d/])")),
)

_KIND_OF_PATTERN = {"range-dd": "range", "range-mm": "range", "range-days": "range", "fy-range": "range",
                    "date": "date", "month": "month", "numeric": "date"}


# --- years -----------------------------------------------------------------------------------

def be_to_ce(year: int) -> int:
    """A year as printed in a Thai document to the Gregorian (CE) year.

    Two-digit years are short BE years (64 = 2564); four-digit years from 2400 up are BE;
    smaller years are already CE and stay as they are.

    Args:
        year: the year as printed (2564, 64, or 2021).

    Returns:
        The CE year.

    Raises:
        ValueError: for a negative year.

    Example:
        >>> be_to_ce(2565), be_to_ce(64), be_to_ce(2022)
        (2022, 2021, 2022)
    """
    if year < 0:
        raise ValueError(f"year {year} is negative")
    if year < 100:
        return BE_CENTURY + year - BE_OFFSET
    if year >= BE_THRESHOLD:
        return year - BE_OFFSET
    return year


def ce_to_be(year: int) -> int:
    """A CE year to the BE year (2022 -> 2565).

    Example:
        >>> ce_to_be(2022)
        2565
    """
    return year + BE_OFFSET


def fiscal_year_range(fy_be: int) -> tuple[str, str]:
    """The first and last day of a Thai fiscal year (ปีงบประมาณ), as ISO dates.

    Args:
        fy_be: the fiscal year in BE (2565), or a two-digit BE year (65).

    Returns:
        (start, end): 1 October of the previous year to 30 September.

    Example:
        >>> fiscal_year_range(2565)
        ('2021-10-01', '2022-09-30')
    """
    end_ce = be_to_ce(fy_be)
    return f"{end_ce - 1:04d}-10-01", f"{end_ce:04d}-09-30"


def _year_value(era: str | None, digits: str) -> int:
    """The CE year of a printed year, honouring an explicit era ('ค.ศ. 2022' stays 2022)."""
    number = int(digits)
    if era and era.startswith("ค"):
        return number + 2000 if number < 100 else number
    if era and number >= 100:  # 'พ.ศ. 2565'; 'พ.ศ. 1500' would be odd but is still BE
        return number - BE_OFFSET
    return be_to_ce(number)


def plausible_be(year_be: int) -> bool:
    """A BE year a government document can carry ('6565' is a misread 2565: no).

    Example:
        >>> plausible_be(2565), plausible_be(6565)
        (True, False)
    """
    return PLAUSIBLE_BE[0] <= year_be <= PLAUSIBLE_BE[1]


def _implausible(text: str, year_be: int) -> RecordWarning:
    return RecordWarning(code="date-implausible-year",
                         message=f"{text!r}: year {year_be} is outside "
                                 f"{PLAUSIBLE_BE[0]}..{PLAUSIBLE_BE[1]} BE (a misread digit?)")


def _fiscal_be(era: str | None, digits: str) -> int:
    """The BE fiscal year of a printed year: 'ปีงบประมาณ ๖๕' -> 2565, 'ค.ศ. 2022' -> 2565."""
    return ce_to_be(_year_value(era, digits))


# --- matches ---------------------------------------------------------------------------------

@dataclass
class DateMatch:
    """One date, month, range or fiscal year found in a text.

    Attributes:
        text: the matched text exactly as in the input (Thai digits and all).
        start: offset of its first character in the input.
        end: offset just past its last character.
        kind: "date", "month", "range", "fiscal-year" or "fiscal-year-end".
        value: ISO value of a date ("2022-04-28"), month ("2020-04") or fiscal-year end; else None.
        range_start: ISO start of a range or fiscal year.
        range_end: ISO end of a range or fiscal year.
        fiscal_year: the BE fiscal year of a fiscal-year match.
        warnings: e.g. ``date-impossible`` for '31 กุมภาพันธ์ 2565'.
    """

    text: str
    start: int
    end: int
    kind: str
    value: str | None = None
    range_start: str | None = None
    range_end: str | None = None
    fiscal_year: int | None = None
    warnings: list[RecordWarning] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (what ``thaireports normalize --dates`` prints, one per line).

        Example:
            >>> find_dates("วันที่ ๒๘ เมษายน ๒๕๖๕")[0].to_dict()["value"]
            '2022-04-28'
        """
        return {"text": self.text, "start": self.start, "end": self.end, "kind": self.kind,
                "value": self.value, "range_start": self.range_start, "range_end": self.range_end,
                "fiscal_year": self.fiscal_year,
                "warnings": [w.model_dump() for w in self.warnings]}


@dataclass
class _Side:
    day: int | None
    month: int
    year: int | None  # CE


def _side(m: re.Match[str], n: int) -> _Side | None:
    groups = m.groupdict()
    month_raw = groups.get(f"month{n}")
    if month_raw is not None:
        month = _month_key(month_raw)
    else:
        month = int(groups[f"monthnum{n}"]) if groups.get(f"monthnum{n}") else None
    if month is None:
        return None
    day = int(groups[f"day{n}"]) if groups.get(f"day{n}") else None
    year_raw = groups.get(f"year{n}")
    year = _year_value(groups.get(f"era{n}"), year_raw) if year_raw else None
    return _Side(day, month, year)


def _iso(side: _Side, text: str, warnings: list[RecordWarning]) -> str | None:
    """ISO string of a side whose year is known; None + ``date-impossible`` if it cannot exist."""
    assert side.year is not None
    if not plausible_be(ce_to_be(side.year)):
        warnings.append(_implausible(text, ce_to_be(side.year)))
        return None
    if not 1 <= side.month <= 12:
        warnings.append(RecordWarning(code="date-impossible", message=f"month {side.month} in {text!r}"))
        return None
    if side.day is None:
        return f"{side.year:04d}-{side.month:02d}"
    last = calendar.monthrange(side.year, side.month)[1] if 1 <= side.year <= 9999 else 31
    if not 1 <= side.day <= last:
        warnings.append(RecordWarning(
            code="date-impossible",
            message=f"{text!r}: day {side.day} does not exist in {side.year:04d}-{side.month:02d}"))
        return None
    return f"{side.year:04d}-{side.month:02d}-{side.day:02d}"


def _build(name: str, m: re.Match[str], original: str, start: int, end: int) -> DateMatch | None:
    text = original[start:end]
    warnings: list[RecordWarning] = []
    if name in ("fy", "fy-range"):
        if len(m.group("year1")) == 2 and int(m.group("year1")) < _MIN_SHORT_FISCAL_YEAR:
            return None  # 'ปีงบประมาณ 10 โครงการ' is a count, not FY 2510
        first = _fiscal_be(m.group("era1"), m.group("year1"))
        if not plausible_be(first):
            return DateMatch(text, start, end, "fiscal-year", warnings=[_implausible(text, first)])
        at_end = bool(m.group("end"))
        if name == "fy-range":
            last = _fiscal_be(None, m.group("year2"))
            if last < first or not plausible_be(last):
                return None  # 'ปีงบประมาณ 2565 - 10' is not a span of fiscal years
            if at_end:
                return None  # 'สิ้นปีงบประมาณ 2564 - 2566' is not a known phrasing; let 'fy' read it
            return DateMatch(text, start, end, "range", None, fiscal_year_range(first)[0],
                             fiscal_year_range(last)[1], None, warnings)
        fy_start, fy_end = fiscal_year_range(first)
        if at_end:
            return DateMatch(text, start, end, "fiscal-year-end", fy_end, fy_start, fy_end, first, warnings)
        return DateMatch(text, start, end, "fiscal-year", None, fy_start, fy_end, first, warnings)

    kind = _KIND_OF_PATTERN[name]
    if kind in ("date", "month"):
        side = _side(m, 1)
        if side is None:
            return None
        return DateMatch(text, start, end, kind, _iso(side, text, warnings), warnings=warnings)

    right = _side(m, 2)
    if right is None or right.year is None:
        return None
    if name == "range-days":
        left = _Side(int(m.group("day1")), right.month, right.year)
    else:
        left = _side(m, 1)
        if left is None:
            return None
    if left.year is None:
        # 'ตุลาคม - มีนาคม ๒๕๖๓': the left end takes the right's year, or the year before when
        # its month comes later (the range crosses a new year, as fiscal years do).
        left.year = right.year - 1 if left.month > right.month else right.year
    lo, hi = _iso(left, text, warnings), _iso(right, text, warnings)
    if lo and hi and lo > hi[: len(lo)]:
        warnings.append(RecordWarning(code="date-range-reversed", message=f"{text!r}: {lo} is after {hi}"))
    return DateMatch(text, start, end, "range", None, lo, hi, None, warnings)


def find_dates(text: str) -> list[DateMatch]:
    """Every date, month, date range and fiscal year in a text, in order of position.

    Thai digits, BE and two-digit BE years, 'พ.ศ.'/'ค.ศ.', full and abbreviated month names
    and OCR spacing are all accepted. Matches never overlap: a range is reported once, not as
    its two ends; 'ปีงบประมาณ พ.ศ. ๒๕๖๕' is one fiscal-year match.

    Args:
        text: any text.

    Returns:
        The matches, sorted by start offset (offsets index the input as given).

    Example:
        >>> [(d.kind, d.range_start, d.range_end) for d in find_dates("๑ ตุลาคม ๒๕๖๔ - ๓๐ กันยายน ๒๕๖๕")]
        [('range', '2021-10-01', '2022-09-30')]
    """
    if not text:
        return []
    # Thai digits -> Arabic one for one; damaged months and digits of dates read back, with a
    # map from the repaired text's offsets to the input's.
    scan, starts, ends, repairs = _repaired_scan(thai_digits_to_arabic(text))
    candidates: list[tuple[int, int, int, str, re.Match[str]]] = []
    for priority, (name, pattern) in enumerate(_PATTERNS):
        for m in pattern.finditer(scan):
            if m.end() > m.start():
                candidates.append((m.start(), -(m.end() - m.start()), priority, name, m))
    candidates.sort(key=lambda c: (c[0], c[1], c[2]))
    found: list[DateMatch] = []
    taken_until = -1
    for start, _neg_len, _priority, name, m in candidates:
        if start < taken_until:
            continue
        lo, hi = starts[m.start()], ends[m.end()]
        match = _build(name, m, text, lo, hi)
        if match is None:
            continue
        match.warnings[:0] = [w for a, b, w in repairs if lo <= a and b <= hi]
        found.append(match)
        taken_until = m.end()
    return found


# --- damaged dates: months, days and years that OCR misread, read back in a date only ---------

# Month names without dots, by their skeleton ('พฤศจกายน' is November with its mark lost;
# 'ดลาคม' October with ต read as ด): ``normalize.repair`` matches them with a margin.
_MONTH_LEXICON = Lexicon((name, number) for name, number in MONTHS.items() if "." not in name)
# Abbreviations whose dots OCR lost or scattered ('ตค', 'ก.ย', 'มิย'), with their marks, and by
# their skeleton when it names one month only (มี.ค. and ม.ค. share 'มค': never by skeleton).
_DOTLESS: dict[str, int] = {name.replace(".", ""): n for name, n in MONTHS.items() if "." in name}
_DOTLESS_SKELETON: dict[str, int] = {}
for _name, _n in _DOTLESS.items():
    _DOTLESS_SKELETON.setdefault(skeleton(_name), set()).add(_n)  # type: ignore[arg-type]
_DOTLESS_SKELETON = {k: next(iter(v)) for k, v in _DOTLESS_SKELETON.items() if len(v) == 1}  # type: ignore
_ABBREVIATION = {n: name for name, n in MONTHS.items() if "." in name}
_SHORT_FORMS = frozenset(row[1] for row in thai_full_month_lists if not row[1].startswith(("ก.ค",)))
MONTH_MIN = 3  # skeleton letters of a month name read back by its skeleton alone ('ตลา')

_LOOKALIKE = "".join(re.escape(c) for c in DIGIT_LOOKALIKES)
_DIGITISH = f"[0-9{_LOOKALIKE}]"
_LOOKALIKE_TABLE = str.maketrans(DIGIT_LOOKALIKES)
_THAI_LETTERS = r"[\u0e01-\u0e2e\u0e30-\u0e45\u0e47-\u0e4e]+"  # not ฯ, ๆ
_THAI_RUN = re.compile(_THAI_LETTERS + r"(?:\.[ \u200b]?" + _THAI_LETTERS + r")*\.?")
# what follows a month in a date: [พ.ศ.] a year (two or four digits, one digit maybe a look-alike,
# a stray space in it, or ๖ read as '๒๐')
_YEAR_AFTER = re.compile(r"[\s\u200b]*(?:พ\.\s?ศ\.?[\s\u200b]*)?(?P<year>25 \d\d(?![0-9])|"
                         + _DIGITISH + r"{2,5})(?![0-9])")
# what precedes a month in a date: a day number, maybe 'เดือน'
_DAY_BEFORE = re.compile(r"(?<![0-9A-Za-z.,/:])(?P<day>" + _DIGITISH + r"{1,2})[\s\u200b]*"
                         r"(?:เดือน[\s\u200b]*)?$")
_LEADING_WORDS = ("เดือน", "ระหว่าง", "ถึง", "ภายใน", "ตั้งแต่", "ประจำเดือน")


def _real_digits(token: str) -> int:
    return sum(c.isdigit() for c in token)


def _year_repair(token: str) -> str | None:
    """A year as it must have been printed: look-alike letters read as digits ('256o'), a
    stray space closed ('25 65'), ๖ that OCR wrote as '๒๐' ('25205'); None when nothing
    repairs it into the plausible Buddhist Era (or it needs no repair)."""
    plain = token.replace(" ", "").translate(_LOOKALIKE_TABLE)
    if not plain.isdigit() or _real_digits(token) < len(plain) // 2:
        return None  # at least half of a year's characters are digits ('6ฒ', '256o')
    if len(plain) == 5:
        options = {plain[:i] + one + plain[i + len(two):]
                   for two, one in DIGIT_GLYPH_READINGS
                   for i in range(len(plain)) if plain.startswith(two, i)}
        options = {o for o in options if len(o) == 4 and o.startswith("25") and plausible_be(int(o))}
        return options.pop() if len(options) == 1 else None
    if len(plain) == 4 and not plausible_be(int(plain)):
        return None  # a misread digit that context cannot tell: date-implausible-year
    if len(plain) not in (2, 4):
        return None
    return plain if plain != token else None


def _day_repair(token: str) -> str | None:
    plain = token.translate(_LOOKALIKE_TABLE)
    if plain == token or not plain.isdigit() or not _real_digits(token) or not 1 <= int(plain) <= 31:
        return None
    return plain


def _month_of_damaged(piece: str, whole: bool) -> tuple[float, str] | None:
    """(distance, spelling) of the month a damaged piece names, or None: an abbreviation when
    ``whole`` (a run of its own), else a full name by ``normalize.repair``'s matcher."""
    if _month_key(piece):
        return None  # not damaged
    compact = re.sub(r"[\s\u200b.]", "", piece)
    if whole and len(compact) <= 4:
        # a mark scattered into an abbreviation ('ก.ุย.'): its skeleton, when that is one month's
        month = _DOTLESS.get(compact) or _DOTLESS_SKELETON.get(skeleton(compact))
        if month:
            return 0.0, _ABBREVIATION[month]
    if "." in piece:
        return None
    found = _MONTH_LEXICON.closest(piece, exact_min=MONTH_MIN)
    return (weighted_distance(skeleton(piece), skeleton(found)), found) if found else None


def _damaged_month(run: str, year_after: bool, day_before: bool) -> tuple[int, int, str] | None:
    """(start, end, spelling) of the damaged month name in a run of Thai letters: the whole
    run, the run after a leading word ('เดือน'), or, glued to other words, the run's end (a
    year follows) or its start (a day precedes); the nearest of them."""
    pieces: list[tuple[int, int, bool]] = [(0, len(run), True)]
    for word in _LEADING_WORDS:
        if run.startswith(word) and len(run) > len(word):
            pieces.append((len(word), len(run), True))
    if year_after:
        pieces += [(k, len(run), False) for k in range(1, len(run) - 3)]
    if day_before:
        pieces += [(0, k, False) for k in range(len(run) - 1, 3, -1)]
    best: tuple[float, int, int, int, str] | None = None
    for a, b, whole in pieces:
        if a < b and not re.match(r"[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]", run[a]):
            found = _month_of_damaged(run[a:b], whole)
            if found and (best is None or (found[0], -(b - a)) < (best[0], -best[3])):
                best = (found[0], a, b, b - a, found[1])
    return (best[1], best[2], best[4]) if best else None


def _apply(text: str, edits: list[tuple[int, int, str]]) -> tuple[str, list[int], list[int]]:
    """``text`` with its edits made, and for each offset of the result the input's offset of
    the same character (``starts``) and of the boundary after the character before (``ends``)."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = [0]
    at = 0
    for a, b, new in sorted(edits):
        for i in range(at, a):
            out.append(text[i]); starts.append(i); ends.append(i + 1)
        for ch in new:
            out.append(ch); starts.append(a); ends.append(b)
        at = b
    for i in range(at, len(text)):
        out.append(text[i]); starts.append(i); ends.append(i + 1)
    starts.append(len(text))
    return "".join(out), starts, ends


def _repaired_scan(scan: str) -> tuple[str, list[int], list[int], list[tuple[int, int, RecordWarning]]]:
    """The scan with damaged months, days and years of dates read back (see repair_date_text);
    offsets maps and the repairs, as (start, end, warning) in the scan's own offsets."""
    identity = list(range(len(scan) + 1))
    if not any(c.isdigit() for c in scan):
        return scan, identity, identity, []
    return _repaired_scan_cached(scan)


@functools.lru_cache(maxsize=4096)
def _repaired_scan_cached(scan: str):
    edits: list[tuple[int, int, str]] = []
    repairs: list[tuple[int, int, RecordWarning]] = []
    for m in _THAI_RUN.finditer(scan):
        run = m.group(0)
        if len(run) < 2 or _MONTH_NAMED.search(run):
            continue  # a month printed whole: the patterns read it
        year = _YEAR_AFTER.match(scan, m.end())
        year_after = bool(year and (_year_repair(year.group("year")) or
                                    _plain_year(year.group("year"))))
        day = _DAY_BEFORE.search(scan[max(0, m.start() - 16):m.start()])
        day_before = bool(day and (_day_repair(day.group("day")) or
                                   (day.group("day").isdigit() and 1 <= int(day.group("day")) <= 31)))
        if not (year_after or day_before):
            continue
        found = _damaged_month(run, year_after, day_before)
        if found is None:
            continue
        a, b, new = found
        if "." not in new and new not in _SHORT_FORMS:
            new = thai_full_month_lists[MONTHS[new] - 1][0]  # a variant written as printed
        piece = run[a:b]
        start, end = m.start() + a, m.start() + b
        edits.append((start, end, new))
        repairs.append((start, end, RecordWarning(code="word-repaired", message=f"{piece} -> {new}")))
    text, starts, ends = _apply(scan, edits)
    # days and years beside a month name (whole or repaired): look-alikes, spaces, '๒๐' for ๖
    digit_edits: list[tuple[int, int, str]] = []
    for m in _MONTH_NAMED.finditer(text):
        year = _YEAR_AFTER.match(text, m.end())
        if year:
            new = _year_repair(year.group("year"))
            if new:
                digit_edits.append((year.start("year"), year.end("year"), new))
        day = _DAY_BEFORE.search(text[max(0, m.start() - 16):m.start()])
        if day:
            new = _day_repair(day.group("day"))
            if new:
                base = max(0, m.start() - 16)
                digit_edits.append((base + day.start("day"), base + day.end("day"), new))
    for m in _ERA_YEAR.finditer(text):
        new = _year_repair(m.group("year"))
        if new:
            digit_edits.append((m.start("year"), m.end("year"), new))
    digit_edits = sorted(set(digit_edits))
    digit_edits = [e for i, e in enumerate(digit_edits) if i == 0 or e[0] >= digit_edits[i - 1][1]]
    if digit_edits:
        for a, b, new in digit_edits:
            repairs.append((starts[a], ends[b], RecordWarning(
                code="digit-repaired", message=f"'{text[a:b]}' -> '{new}'")))
        text, starts2, ends2 = _apply(text, digit_edits)
        starts = [starts[i] for i in starts2]
        ends = [ends[i] for i in ends2]
    return text, starts, ends, repairs


# a year after พ.ศ. or ปีงบประมาณ, without a month
_ERA_YEAR = re.compile(r"(?:พ\.\s?ศ\.?|ปีงบประมาณ)[\s\u200b]*(?:พ\.\s?ศ\.?[\s\u200b]*)?(?P<year>25 \d\d(?![0-9])|"
                       + _DIGITISH + r"{4,5})(?![0-9])")


def _plain_year(token: str) -> bool:
    return token.isdigit() and (len(token) == 2 or (len(token) == 4 and plausible_be(int(token))))


def repair_date_text(text: str, page: int | None = None) -> tuple[str, list[RecordWarning]]:
    """Text whose dates OCR damaged, read back where a date stands, and a warning per repair.

    A month name is read back only beside a day or a year (``ตลาคม 2565`` -> ``ตุลาคม 2565``,
    ``ตค 65`` -> ``ต.ค. 65``); a day or year only beside a month, พ.ศ. or ปีงบประมาณ (``3o``
    -> ``30``, ``25 65`` -> ``2565``, ``25205`` -> ``2565``). Nothing else changes; digits come
    out Arabic where anything was repaired (the text as ``normalize_text`` leaves it).

    Example:
        >>> repair_date_text("ระยะเวลา ตค 2565 - กย 2566 และ 1 พฤศจกายน 25 65")[0]
        'ระยะเวลา ต.ค. 2565 - ก.ย. 2566 และ 1 พฤศจิกายน 2565'
    """
    if not text:
        return text, []
    scan, _, _, repairs = _repaired_scan(thai_digits_to_arabic(text))
    if not repairs:
        return text, []
    return scan, [w.model_copy(update={"page": page}) for _, _, w in repairs]


_MONTH_NAMED = re.compile(_MONTH)
# 'ไตรมาส 2', 'ไตรมาสที่ ๓': quarters of the fiscal year (1 = October .. December).
_QUARTER = re.compile(r"ไตรมาส" + _S + r"(?:ที่" + _S + r")?([1-4])(?!\d)"
                      # 'ไตรมาส 1-4', 'ไตรมาสที่ 1 ถึง ไตรมาสที่ 2': a span of quarters
                      r"(?:" + _DASH + r"(?:ไตรมาส" + _S + r"(?:ที่" + _S + r")?)?([1-4])(?!\d))?")
FISCAL_QUARTER_MONTHS = {1: (10, 12), 2: (1, 3), 3: (4, 6), 4: (7, 9)}


def months_named(text: str) -> list[int]:
    """The months a text names, in order, whether or not a year goes with them.

    Example:
        >>> months_named("ม.ค. - มี.ค. (ปีไม่ชัด)"), months_named("ทุกวันทำการ")
        ([1, 3], [])
    """
    found = []
    for m in _MONTH_NAMED.finditer(thai_digits_to_arabic(text or "")):
        month = _month_key(m.group(0))
        if month:
            found.append(month)
    return found


def fiscal_quarter(text: str) -> tuple[int, int] | None:
    """The first and last month of the fiscal-year quarter a text names ('ไตรมาส 2' -> (1, 3)).

    Example:
        >>> fiscal_quarter("ไตรมาสที่ ๒ (ม.ค. - มี.ค.)"), fiscal_quarter("รายไตรมาส")
        ((1, 3), None)
        >>> fiscal_quarter("ไตรมาส 1-4"), fiscal_quarter("ไตรมาสที่ ๒ ถึง ไตรมาสที่ ๓")
        ((10, 9), (1, 6))
    """
    m = _QUARTER.search(thai_digits_to_arabic(text or ""))
    if not m:
        return None
    first, last = int(m.group(1)), int(m.group(2) or m.group(1))
    if last < first:
        last = first  # 'ไตรมาส 3-1' is not a span: its first quarter
    return FISCAL_QUARTER_MONTHS[first][0], FISCAL_QUARTER_MONTHS[last][1]


def find_fiscal_years(text: str) -> list[int]:
    """The BE fiscal years named 'ปีงบประมาณ (พ.ศ.) NNNN' in a text, in order (repeats kept).

    Example:
        >>> find_fiscal_years("ประจำปีงบประมาณ พ.ศ. ๒๕๖๒ ... ณ สิ้นปีงบประมาณ ๒๕๖๕")
        [2562, 2565]
    """
    return [m.fiscal_year for m in find_dates(text)
            if m.kind in ("fiscal-year", "fiscal-year-end") and m.fiscal_year is not None]


def _unparsed(text: str) -> list[RecordWarning]:
    snippet = " ".join(text.split())[:80]
    return [RecordWarning(code="date-unparsed", message=f"no date in {snippet!r}")] if snippet else []


def parse_date(text: str) -> tuple[str | None, list[RecordWarning]]:
    """The first full date (or month) of a text, as ISO.

    A range gives its start; fiscal years are not dates and are skipped.

    Args:
        text: e.g. a memo's 'วันที่' line.

    Returns:
        (iso or None, warnings): ``date-impossible`` for '31 กุมภาพันธ์ 2565', ``date-unparsed``
        when the text holds no date at all.

    Example:
        >>> parse_date("ประกาศ ณ วันที่ ๑๐ เดือน มีนาคม พ.ศ. ๒๕๖๖")
        ('2023-03-10', [])
    """
    for match in find_dates(text):
        if match.kind in ("date", "month"):
            return match.value, list(match.warnings)
        if match.kind == "range":
            return match.range_start, list(match.warnings)
    return None, _unparsed(text)


def parse_period(text: str) -> tuple[str | None, str | None, list[RecordWarning]]:
    """A timeline cell (ระยะเวลาดำเนินการ) to its (start, end), as ISO.

    A range gives its ends, a month gives (month, month), a fiscal year its 1 October .. 30
    September, a single date (date, date). Several periods in one cell give the span from the
    earliest start to the latest end.

    Args:
        text: the cell text.

    Returns:
        (start, end, warnings); (None, None, [date-unparsed]) when nothing is recognised.

    Example:
        >>> parse_period("เดือนมีนาคม ๒๕๖๖")
        ('2023-03', '2023-03', [])
        >>> parse_period("ตลอดปีงบประมาณ ๒๕๖๕")
        ('2021-10-01', '2022-09-30', [])
    """
    starts: list[str] = []
    ends: list[str] = []
    warnings: list[RecordWarning] = []
    matches = find_dates(text)
    for match in matches:
        warnings.extend(match.warnings)
        if match.kind in ("date", "month"):
            lo = hi = match.value
        elif match.kind == "fiscal-year-end":
            lo = hi = match.value
        else:
            lo, hi = match.range_start, match.range_end
        if lo:
            starts.append(lo)
        if hi:
            ends.append(hi)
    if not matches:
        return None, None, _unparsed(text)
    return (min(starts) if starts else None), (max(ends) if ends else None), warnings
