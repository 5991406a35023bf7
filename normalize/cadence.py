"""Monitoring cadence (how often a measure is reported) from Thai phrases, in months.

The spec's table: รอบ 3 เดือน / รายไตรมาส -> 3; รอบ 6 เดือน / ปีละ 2 ครั้ง -> 6; รอบ 9 เดือน -> 9;
รอบ 12 เดือน / ปีละ 1 ครั้ง / ณ สิ้นปีงบประมาณ -> 12; ทุกเดือน / ประจำเดือน -> 1.

A cadence needs a word of repetition (รอบ, ทุก, ราย, ปีละ, ประจำ, สิ้นปีงบประมาณ): a span of time
alone ('ภายใน ๖ เดือนแรกของปี', 'ระยะเวลา ๖ เดือน') is not a cadence.
"""
from __future__ import annotations

import re

from thaireports.normalize.digits import thai_digits_to_arabic

_S = r"[\s\u200b]*"  # OCR adds or drops spaces inside and between words

# Thai month names: 'ประจำเดือนมีนาคม' is "for March", not "monthly".
_MONTH_NAME = "(?:" + "|".join(re.escape(m) for m in (
    "มกรา", "กุมภา", "มีนา", "เมษา", "พฤษภา", "มิถุนา", "กรกฎา", "กรกฏา", "สิงหา", "กันยา", "ตุลา",
    "พฤศจิกา", "ธันวา", "ม.ค", "ก.พ", "มี.ค", "เม.ย", "พ.ค", "มิ.ย", "ก.ค", "ส.ค", "ก.ย", "ต.ค",
    "พ.ย", "ธ.ค")) + ")"


def _per_year(times: str) -> int | None:
    """'ปีละ ๒ ครั้ง' -> 6: twelve months shared by the number of reports a year."""
    n = int(times)
    return 12 // n if n in (1, 2, 3, 4, 6, 12) else None


def _listed_months(numbers: str) -> list[int]:
    """'รอบ ๖ และ ๑๒ เดือน', 'รอบ 3, 6, 9 และ 12 เดือน' -> each number a cadence."""
    return [v for v in (_every_n_months(n) for n in re.findall(r"\d{1,2}", numbers)) if v]


def _every_n_months(months: str) -> int | None:
    """'รอบ ๖ เดือน' -> 6; only 1..12 and 24 are cadences ('รอบ 60 เดือน' is not)."""
    n = int(months)
    return n if 1 <= n <= 12 or n == 24 else None


# (pattern, months or a function of the first group). One row per phrasing.
_RULES: tuple[tuple[re.Pattern[str], int | object], ...] = (
    (re.compile(r"รอบ" + _S + r"(\d{1,2})" + _S + r"เดือน"), _every_n_months),    # รอบ ๖ เดือน
    # one รอบ, several numbers: 'รอบ ๖ และ ๑๒ เดือน', 'รอบ 3, 6, 9 และ 12 เดือน'
    (re.compile(r"รอบ" + _S + r"(\d{1,2}(?:" + _S + r"(?:,|และ|/|หรือ)" + _S + r"\d{1,2})+)" + _S
                + r"เดือน"), _listed_months),
    # the next number of a รอบ phrase: 'รอบ ๖ เดือน และ ๑๒ เดือน'
    (re.compile(r"รอบ" + _S + r"\d{1,2}" + _S + r"เดือน" + _S + r"(?:,|และ|/)" + _S
                + r"(?:รอบ" + _S + r")?(\d{1,2})" + _S + r"เดือน"), _every_n_months),
    (re.compile(r"ทุก" + _S + r"(?:ๆ" + _S + r")?(\d{1,2})" + _S + r"เดือน"), _every_n_months),  # ทุก ๓ เดือน
    (re.compile(r"(\d{1,2})" + _S + r"เดือน" + _S + r"(?:ต่อ|/)" + _S + r"ครั้ง"), _every_n_months),  # ๓ เดือน/ครั้ง
    (re.compile(r"ปี" + _S + r"ละ" + _S + r"(\d{1,2})" + _S + r"ครั้ง"), _per_year),  # ปีละ ๒ ครั้ง
    (re.compile(r"(\d{1,2})" + _S + r"ครั้ง" + _S + r"(?:/|ต่อ)" + _S + r"ปี"), _per_year),  # ๒ ครั้ง/ปี
    (re.compile(r"ครั้ง" + _S + r"(?:/|ต่อ)" + _S + r"ไตร" + _S + r"มาส"), 3),      # ๑ ครั้ง/ไตรมาส
    (re.compile(r"ครั้ง" + _S + r"(?:/|ต่อ)" + _S + r"เดือน"), 1),                  # ๑ ครั้ง/เดือน
    (re.compile(r"(?:ราย|ทุก)" + _S + r"ไตร" + _S + r"มาส"), 3),                    # รายไตรมาส, ทุกไตรมาส
    (re.compile(r"ไตรมาส" + _S + r"ละ" + _S + r"(?:1|หนึ่ง)?" + _S + r"ครั้ง"), 3),  # ไตรมาสละ ๑ ครั้ง
    (re.compile(r"(?:ราย|ทุก)" + _S + r"ครึ่ง" + _S + r"ปี"), 6),                    # รายครึ่งปี
    (re.compile(r"(?:ณ" + _S + r")?สิ้น" + _S + r"ปี" + _S + r"งบ" + _S + r"ประมาณ"), 12),  # ณ สิ้นปีงบประมาณ
    (re.compile(r"(?:ราย|ทุก)" + _S + r"ปี(?!" + _S + r"งบ)"), 12),                   # รายปี, ทุกปี
    (re.compile(r"(?:ทุก|ราย)" + _S + r"เดือน(?!" + _S + _MONTH_NAME + r")"), 1),      # ทุกเดือน, รายเดือน
    (re.compile(r"ประจำ" + _S + r"เดือน(?!" + _S + _MONTH_NAME + r")"), 1),          # ประจำเดือน
    (re.compile(r"เดือน" + _S + r"ละ" + _S + r"(?:1|หนึ่ง)?" + _S + r"ครั้ง"), 1),     # เดือนละ ๑ ครั้ง
)


def cadence_spans(text: str) -> list[tuple[int, int]]:
    """Where a text names reporting cadences: (start, end) offsets of each phrase, in order.

    Example:
        >>> t = "และสรุปสถิติทุก ๓ เดือน"
        >>> [t[a:b] for a, b in cadence_spans(t)]
        ['ทุก ๓ เดือน']
    """
    if not text:
        return []
    scan = thai_digits_to_arabic(text)  # one for one: offsets index the text as given
    spans = {(m.start(), m.end()) for pattern, months in _RULES for m in pattern.finditer(scan)
             if (months(m.group(1)) if callable(months) else months)}
    return sorted(spans)


def cadence_months(text: str) -> list[int]:
    """Every reporting cadence named in a text, in months, sorted and without repeats.

    Args:
        text: a monitoring cell or sentence, Thai digits and OCR spacing allowed.

    Returns:
        e.g. [6, 12]; [] when the text names no cadence.

    Example:
        >>> cadence_months("รายงานความก้าวหน้าและ สรุปผลการดำเนินงานรอบ ๖ เดือน และรอบ ๑๒ เดือน")
        [6, 12]
        >>> cadence_months("เป็นข้อมูลในระยะเวลา ๖ เดือนแรกของปีที่รับการประเมิน")
        []
    """
    if not text:
        return []
    scan = thai_digits_to_arabic(text)
    found: set[int] = set()
    for pattern, months in _RULES:
        for m in pattern.finditer(scan):
            value = months(m.group(1)) if callable(months) else months
            if isinstance(value, int):
                found.add(value)
            elif isinstance(value, list):
                found.update(value)
    return sorted(found)
