"""OCR slips of Thai print: the one table of what OCR gets wrong and how each is read back.

Every rule that forgives or repairs an OCR slip reads its data from here, so that a new slip is
added once and every reader sees it. Each row says what the slip is; the functions that use them
live with the field they read (dates, labels, signers, ITA scores).
"""
from __future__ import annotations

import re

# Marks above and below Thai consonants (and the nikhahit of ำ): what OCR drops on bold or small
# print ('บันทึกข้อความ' -> 'บนทกขอความ'). A word's skeleton is what is left without them.
MARKS = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
_MARKS = re.compile(f"[{MARKS}]")
_SPACE = re.compile(r"\s+")
# Tone marks alone: the marks OCR drops most ('วันที่' -> 'วันที').
TONE_MARKS = frozenset("\u0e48\u0e49\u0e4a\u0e4b")  # ่ ้ ๊ ๋

# Thai digits that look alike in TH Sarabun and its twins: a reading one swap away.
DIGIT_CONFUSIONS: tuple[tuple[str, str], ...] = (
    ("6", "2"),  # ๖ / ๒
    ("4", "5"),  # ๔ / ๕
    ("8", "5"),  # ๘ / ๕
    ("7", "3"),  # ๗ / ๓
)
# One Thai digit glyph that OCR writes as two characters (๖ read as '๒๐': its tail as a zero).
DIGIT_GLYPH_READINGS: tuple[tuple[str, str], ...] = (
    ("20", "6"),  # ๖ / ๒๐
)
# Latin letters and symbols OCR reads for a digit: only ever read back in a date's day or year.
DIGIT_LOOKALIKES: dict[str, str] = {
    "o": "0", "O": "0", "๏": "0",  # ๐ / 0 as the letter o, or as ๏ (fongman)
    "l": "1", "I": "1", "|": "1",       # 1 as a stroke
    "ฒ": "7",                           # ๗ read as the letter ฒ (its loop and tail)
}
# What Tesseract's Thai model writes for a Thai digit it did not know as one, where the text it
# gave is all there is (pre-OCR'd text, a text layer of a scan): ๑ as '@', ๒ as 'lo', ๐ as 'o',
# ๔ as '&', ๕ as '€', ๙ as '«'. Read back only inside a number or where a number stands
# (``normalize.repair.repair_lookalike_numbers``). ๑'s ring with its inner curl is read as '©' or
# '®' too ('©. มาตรการ...' for '๑.', GARBLED_LIST_NUMBER). Longest first.
NUMBER_LOOKALIKES: tuple[tuple[str, str], ...] = (
    ("lo", "2"), ("@", "1"), ("©", "1"), ("®", "1"), ("o", "0"), ("O", "0"), ("&", "4"), ("€", "5"),
    ("«", "9"))
# Consonants of Thai print that OCR swaps for one another: one differs from its pair only by a
# small stroke, notch or tail (ข/ช, ด/ต/ค, บ/ป, ถ/ภ, พ/ฟ, ม/ฆ). A swap within a class costs half
# an edit when a damaged word is matched against the known ones (``normalize.repair``).
CONSONANT_CONFUSIONS: tuple[str, ...] = (
    "ขช",  # the loop of ข, the tail of ช
    "ดตค",  # the head and notch of ด / ต / ค
    "บป",  # ป's tall stem
    "ถภ",  # ภ's foot
    "พฟ",  # ฟ's tall stem
    "มฆ",  # ฆ's top notch
    "ฎฏ",  # the foot of ฎ / ฏ
)
# Latin letters Tesseract's English model reads for a grade in a Thai line.
GRADE_LOOKALIKES: dict[str, str] = {"8": "B"}
# Month names as OCR and typists leave them.
MONTH_VARIANTS: dict[int, tuple[str, ...]] = {
    2: ("กุมภาพันธ",),  # OCR drops the final thanthakhat (์)
    7: ("กรกฏาคม", "กรกฎา", "กรกฏา"),  # ฏ for ฎ is a common typing and OCR slip
    11: ("พฤศจิกายน",),
}
# The ก of นายก dropped before an agency: 'นายองค์การบริหารส่วนตำบลเหล' is 'นายก...'.
NAYOK_SLIP = re.compile(r"(?:(?<=รอง)|(?<![ก-๙]))นาย(?=องค์การบริหารส่วน|เทศบาล|เทศมนตรี)")
# Devanagari letters that OCR put inside Thai names, read as Thai the way modern Thai
# transcribes Hindi (द -> ด, as in दिल्ली -> เดลี); only used inside a signed name.
DEVANAGARI_TO_THAI = str.maketrans({
    "क": "ก", "ग": "ก", "च": "จ", "ज": "จ", "ट": "ต", "ड": "ด", "त": "ต", "द": "ด", "न": "น",
    "प": "ป", "ब": "บ", "म": "ม", "य": "ย", "र": "ร", "ल": "ล", "व": "ว", "स": "ส", "ह": "ห",
    "ा": "า", "ि": "ิ", "ी": "ี", "ु": "ุ", "ू": "ู", "े": "เ", "ं": "ง", "्": "",
})
# A list number OCR garbled: Thai digits in a scan come out as 'on.' (๓.), 'เร' (๖), 'lo.'
# (๒.): one to three characters, then a measure title.
GARBLED_LIST_NUMBER = re.compile(r"^\s*([^\s\d]{1,3})[.)]?\s+(มาตรการ\S.*)$")


def skeleton(text: str) -> str:
    """A word without the marks OCR drops, ำ read as า, whitespace removed.

    Example:
        >>> skeleton("ผู้รับผิดชอบ") == skeleton("ผรบผดชอบ")
        True
    """
    return _MARKS.sub("", _SPACE.sub("", text or "").replace("ำ", "า"))
