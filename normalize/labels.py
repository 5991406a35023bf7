"""The printed labels of Thai government forms, and their repair when OCR dropped their marks.

The บันทึกข้อความ form (ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ) prints a fixed header: the
title, then ส่วนราชการ, ที่, วันที่, เรื่อง, เรียน, in that order, each label in bold at the start
of its line. Tesseract loses the upper and lower marks of large bold text, so 'บันทึกข้อความ'
comes back as 'บนทกขอความ', 'วันที่' as 'วนท' (or, with one more slip, 'รนท'), 'เรื่อง' as
'เรือง'. Only these known labels are repaired, only where a label stands (the first word of a
line), and only when the word's consonant skeleton is the label's (or one letter off, for labels
of four letters or more); each repair is reported. Free text is never rewritten.
"""
from __future__ import annotations

import re

from thaireports.normalize.columns import skeleton
from thaireports.normalize.warning import RecordWarning

# (label, what it labels); the header's order is the table's order.
MEMO_LABELS: tuple[tuple[str, str], ...] = (
    ("บันทึกข้อความ", "title"),
    ("ส่วนราชการ", "agency-unit"),
    ("ที่", "ref"),
    ("วันที่", "date"),
    ("เรื่อง", "subject"),
    ("เรียน", "addressee"),
    ("สิ่งที่ส่งมาด้วย", "enclosure"),
    ("อ้างถึง", "reference"),
)
# Titles of the other kinds of document, matched the same way at the top of the first page.
DOCUMENT_TITLES: tuple[tuple[str, str], ...] = (
    ("บันทึกข้อความ", "memo"),      # the memo form's printed title
    ("บันทึกข้อตกลง", "other"),     # an agreement, not a memo
    ("ประกาศ", "announcement"),    # ประกาศองค์การบริหารส่วนตำบล...
    ("คำสั่ง", "order"),            # คำสั่งองค์การบริหารส่วนตำบล... ที่ 12/2565
    ("รายงาน", "report"),          # รายงานผลการดำเนินการตามมาตรการ...
)
# Words that begin with a title's word and are not titles: a certificate (ประกาศนียบัตร) and an
# honour (ประกาศเกียรติคุณ) that a sentence a scan wrapped may put at the start of a line.
NOT_TITLES: tuple[str, ...] = ("ประกาศนียบัตร", "ประกาศเกียรติคุณ", "ประกาศเกียรติบัตร")
FUZZY_LABEL_MIN = 4  # skeleton letters a label needs before one slip is forgiven

# The first word of a line, after any stray marks or punctuation OCR left before it.
_LEAD = re.compile(r"^(?P<junk>[^\u0e01-\u0e5b\n]{0,6})(?P<word>[\u0e01-\u0e4e]+)(?P<rest>.*)$")


_NUMBER_JUNK = re.compile(r"\d\d|\d[.)]")


def _one_slip(a: str, b: str) -> bool:
    """Same length and one letter different, or one letter dropped or added."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def match_label(word: str, labels: tuple[str, ...]) -> str | None:
    """The label a garbled word is, by its consonant skeleton; None when it is none of them.

    Example:
        >>> labels = tuple(label for label, _ in MEMO_LABELS)
        >>> match_label("วนท", labels), match_label("รนท", labels), match_label("เรือง", labels)
        ('วันที่', 'วันที่', 'เรื่อง')
        >>> match_label("บนทกขอความ", labels), match_label("ทดสอบ", labels)
        ('บันทึกข้อความ', None)
    """
    bare = skeleton(word)
    if not bare:
        return None
    for label in labels:
        if word == label or bare == skeleton(label):
            return label
    for label in labels:
        cue = skeleton(label)
        if len(cue) >= FUZZY_LABEL_MIN and _one_slip(bare, cue):
            return label
        # 'รนท' for 'วนท': a three-letter label keeps its last two letters and its length
        if len(cue) == 3 and len(bare) == 3 and bare[1:] == cue[1:] and label == "วันที่":
            return label
    return None


def repair_labels(text: str, labels: tuple[str, ...] = tuple(label for label, _ in MEMO_LABELS),
                  page: int | None = None, max_lines: int = 40
                  ) -> tuple[str, list[RecordWarning]]:
    """``text`` with the garbled labels at the starts of its first ``max_lines`` lines written
    as printed ('วนท 28 เมษายน 2565' -> 'วันที่ 28 เมษายน 2565'), and a ``label-repaired``
    warning for each. A word glued to its value ('วันที่28') is split from it.

    Example:
        >>> repair_labels("บนทกขอความ\\nท พง 75501/\\nวนท 28 เมษายน 2565\\nเรือง มาตรการ")[0]
        'บันทึกข้อความ\\nที่ พง 75501/\\nวันที่ 28 เมษายน 2565\\nเรื่อง มาตรการ'
    """
    lines = text.split("\n")
    warnings: list[RecordWarning] = []
    for i, line in enumerate(lines[:max_lines]):
        m = _LEAD.match(line.strip())
        if not m:
            continue
        # a number before the word ('2564 เรือง ...', '1. เรื่อง'): a wrapped sentence or a list
        # item goes on there, and specks never read as a number
        if _NUMBER_JUNK.search(m.group("junk")):
            continue
        word, rest = m.group("word"), m.group("rest")
        label = match_label(word, labels)
        if label is None or (label == word and not m.group("junk").strip()):
            continue
        # a one-letter label (ที่ as 'ท') is only a label when a value follows it
        if len(skeleton(label)) < 2 and not rest.strip():
            continue
        if label == "ที่" and word != "ท" and skeleton(word) != "ท":
            continue
        lines[i] = label + (rest if rest[:1].isspace() or not rest else " " + rest)
        if word != label:
            warnings.append(RecordWarning(code="label-repaired",
                                          message=f"'{word}' read as the label '{label}'",
                                          page=page))
    return "\n".join(lines), warnings
