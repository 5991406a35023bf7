"""Small text helpers the extractors share: the document as one string with page offsets,
line iteration with positions, list-number splitting, cell cleaning.

Everything here is pure and works on normalized text (Arabic digits), as ingest hands it over.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property

from thaireports.ingest.document import Document
from thaireports.normalize.furniture import is_furniture_line, running_lines
from thaireports.normalize.text import fold_whitespace

# HTML cell fragments that survive in OCR'd markdown ('<p>...</p>'): tags are layout, not text.
# `[^<>]*`, not `[^>]*`: an unclosed "<p " stops at the next "<", so text full of them stays linear.
_TAG = re.compile(r"</?(?:p|br|td|tr|th|span|div|b|i|u|strong|em)\b[^<>]*>", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
# Thai letters (consonants, vowels, tone marks): a word character for our boundaries.
THAI_CHARS = "\u0e01-\u0e4e"


@dataclass
class DocText:
    """All pages as one string (joined by form feeds) and where each page starts.

    Example:
        >>> dt = DocText.of_texts(["บันทึกข้อความ", "มาตรการ"])
        >>> dt.page_at(dt.text.index("มาตรการ"))
        2
    """

    text: str
    page_starts: list[int] = field(default_factory=lambda: [0])
    page_numbers: list[int] = field(default_factory=lambda: [1])

    @classmethod
    def of(cls, document: Document) -> "DocText":
        return cls.of_texts([p.text for p in document.pages],
                            [p.number for p in document.pages])

    @classmethod
    def of_texts(cls, texts: list[str], numbers: list[int] | None = None) -> "DocText":
        starts, pos = [], 0
        for t in texts:
            starts.append(pos)
            pos += len(t) + 1  # the form feed
        numbers = numbers or list(range(1, len(texts) + 1))
        return cls("\f".join(texts), starts or [0], numbers or [1])

    def page_at(self, offset: int) -> int | None:
        """Page number holding the character at ``offset``."""
        if not self.page_starts:
            return None
        i = bisect.bisect_right(self.page_starts, max(offset, 0)) - 1
        return self.page_numbers[max(i, 0)]

    @cached_property
    def running(self) -> frozenset[str]:
        """The document's running headers and footers (``normalize.furniture``)."""
        return running_lines(self.text.split("\f"))

    def is_furniture(self, line: str) -> bool:
        """A page number or a running header or footer of this document."""
        return is_furniture_line(line, self.running)

    def absolute(self, page: int | None, offset: int | None) -> int | None:
        """Offset in the joined text of ``offset`` in page ``page`` (a table's start)."""
        if page is None or offset is None or page not in self.page_numbers:
            return None
        return self.page_starts[self.page_numbers.index(page)] + offset


def fold(text: str | None) -> str:
    """Whitespace (newlines, tabs) folded to single spaces, HTML cell tags dropped.

    Example:
        >>> fold("<p>สำนักปลัด</p>\\n <p>กองคลัง</p>")
        'สำนักปลัด กองคลัง'
    """
    return fold_whitespace(_TAG.sub(" ", text)) if text else ""


def squash(text: str | None) -> str:
    """Text without any whitespace: how titles are compared (OCR wraps add spaces anywhere)."""
    return _SPACES.sub("", _TAG.sub("", text or ""))


def lines_with_offsets(text: str) -> list[tuple[int, str]]:
    """Each line with the offset of its first character."""
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


# '1. ', '2) ', '(3) ' at a word boundary: a list number. '5.1.1' and '99.60' are not (a digit
# follows the dot); 'มาตรา 9 ของ' is not (no dot).
_NUMBER = re.compile(r"(?:(?<=\s)|^)\(?(\d{1,2})[.)](?=\s|[" + THAI_CHARS + r"])")
LEADING_NUMBER = re.compile(r"^\s*\(?\d{1,2}(?:\.\d{1,2})*[.)]\s*")
_DASH_ITEM = re.compile(r"(?:^|(?<=[^\d\s])\s+|(?<=\s))[-•]\s*(?=[^\d\s-])")


def split_numbered(text: str) -> list[str]:
    """A cell or paragraph holding '1. ... 2. ...' (a sequence counting up by one from its
    first number) into its items; text before the first number is kept as an item.

    Example:
        >>> split_numbered("1. จัดทำคู่มือการปฏิบัติราชการ 2. แจ้งเวียนให้บุคลากรภายในรับทราบ")
        ['จัดทำคู่มือการปฏิบัติราชการ', 'แจ้งเวียนให้บุคลากรภายในรับทราบ']
    """
    text = fold(text)
    marks = [(m.start(), m.end(), int(m.group(1))) for m in _NUMBER.finditer(text)]
    if not marks:
        return [text] if text else []
    chosen: list[tuple[int, int]] = []
    expected = None
    for start, end, n in marks:
        if expected is None:
            if start > 0 and text[:start].strip() and n != 1:
                continue
            chosen.append((start, end))
            expected = n + 1
        elif n == expected:
            chosen.append((start, end))
            expected += 1
    if len(chosen) < 2 and not (chosen and chosen[0][0] == 0):
        return [text] if text else []
    items = []
    head = text[:chosen[0][0]].strip()
    if head:
        items.append(head)
    for k, (start, end) in enumerate(chosen):
        stop = chosen[k + 1][0] if k + 1 < len(chosen) else len(text)
        item = text[end:stop].strip()
        if item:
            items.append(item)
    return items


def split_dashed(text: str) -> list[str]:
    """A cell of '- ... - ...' bullets into items (only when the cell starts with a bullet).

    Example:
        >>> split_dashed("- จัดทำมาตรการตรวจสอบการใช้ดุลพินิจ - จัดทำคู่มือการปฏิบัติงาน")
        ['จัดทำมาตรการตรวจสอบการใช้ดุลพินิจ', 'จัดทำคู่มือการปฏิบัติงาน']
    """
    text = fold(text)
    if not text.startswith(("-", "•")):
        return [text] if text else []
    parts = _DASH_ITEM.split(text)
    return [p.strip() for p in parts if p.strip()]


def split_items(text: str) -> list[str]:
    """Action items of a cell: numbered items, else dash bullets, else the whole cell."""
    text = fold(text)
    if not text:
        return []
    if text.startswith(("-", "•")):
        return split_dashed(text)
    items = split_numbered(text)
    if len(items) > 1 or (items and items[0] != text):
        return items
    return [text]


def drop_leading_number(text: str) -> str:
    """'1. มาตรการเผยแพร่ข้อมูลต่อสาธารณะ' -> 'มาตรการเผยแพร่ข้อมูลต่อสาธารณะ'."""
    return LEADING_NUMBER.sub("", text, count=1).strip()
