"""Page furniture: what a page prints that is no part of the text running through it.

A page number ('- ๒ -', '-2-', 'หน้า 2', 'หน้า ๒/๕') and a running header or footer (the same
line at the top or foot of several pages: 'แผนปฏิบัติการฯ ITA ประจำปี ๒๕๖๗ อบต.แม่ทา',
'เอกสารแนบท้ายประกาศ... ลงวันที่ ...'). A table or a measure section that a page break cuts goes
on after them; no reader should take them for a row, an action or a date of what they cut.
"""
from __future__ import annotations

import re

PAGE_NUMBER_LINE = re.compile(r"^\s*(?:[-–]\s*[0-9๐-๙]{1,3}\s*[-–]|หน้า\s*[0-9๐-๙]{1,3}"
                              r"(?:\s*/\s*[0-9๐-๙]{1,3})?)\s*$")
RUNNING_LINES = 3  # lines at the top and at the foot of a page where a running header stands
_SPACE = re.compile(r"\s+")


def _key(line: str) -> str:
    return _SPACE.sub("", line)


def running_lines(pages: list[str]) -> frozenset[str]:
    """The lines printed at the top or foot of two pages or more (a running header or footer),
    spaces removed; page numbers are furniture of their own (``is_furniture_line``).

    Example:
        >>> sorted(running_lines(["รายงานผล อบต.ท่าข้าม\\nข้อความ", "รายงานผล  อบต.ท่าข้าม\\nอื่น"]))
        ['รายงานผลอบต.ท่าข้าม']
    """
    seen: dict[str, int] = {}
    for page in pages:
        lines = [ln for ln in page.split("\n") if ln.strip()]
        for key in {_key(ln) for ln in lines[:RUNNING_LINES] + lines[-RUNNING_LINES:]}:
            seen[key] = seen.get(key, 0) + 1
    return frozenset(key for key, n in seen.items() if n >= 2)


def is_furniture_line(line: str, running: frozenset[str] = frozenset()) -> bool:
    """A page number, or one of a document's running lines (``running_lines``).

    Example:
        >>> is_furniture_line("  - ๓ -"), is_furniture_line("หน้า 2/5"), is_furniture_line("๓. ระยะเวลา")
        (True, True, False)
    """
    return bool(PAGE_NUMBER_LINE.match(line)) or (bool(running) and _key(line) in running)
