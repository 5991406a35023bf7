"""Text and markdown that an OCR service already produced (like corpora/samples/*.txt) into a
``Document``: pages, paragraphs, and tables as grids of cells.

What such text looks like, and what this module does with it:

- Page breaks are form feeds or marker lines ('--- page 2 ---', '<!-- page 2 -->', '[page 2]',
  '## Page 2'); page-number lines ('หน้า 2', '- ๒ -') only when they number the pages in order.
- Tables are blocks of tab-separated lines, markdown pipe rows, HTML (``<p>`` cells between
  tabs, or real ``<table><tr><td rowspan colspan>``), or columns lined up with spaces
  (``ingest.layout_tables``: OCR with its spaces kept, ``pdftotext -layout``). A header is a
  row of short column labels (มาตรการ, ผู้รับผิดชอบ, ระยะเวลา ...); a second label row under it
  (ผลผลิต / ผลลัพธ์ under ผลการดำเนินการ) is combined with it per column.
- A table broken into blocks (a blank line, maybe a repeated header) is one table again: a block
  with the same columns right after a table, with no header or the same header, continues it.
- Page text keeps every table cell in reading order (cells joined by tabs, rows by newlines), so
  the text stays searchable, and each ``Table.offset`` says where its table starts in that text.

Everything is normalized (``normalize.text.normalize_text``): Thai repaired, Arabic digits.
"""
from __future__ import annotations

import codecs
import html
import re
import threading
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from thaireports.ingest.document import Document, Page, Source, Table
from thaireports.normalize.repair import repair_ocr_text
from thaireports.ingest.layout_tables import MIN_DATA_ROWS as MIN_LAYOUT_ROWS
from thaireports.ingest.layout_tables import (GROUP_CUES, SUMMARY_CUES, layout_rows_under,
                                              layout_table_at)
from thaireports.normalize.columns import is_total
from thaireports.normalize.furniture import is_furniture_line, running_lines
from thaireports.normalize.spacing import display_width
from thaireports.normalize.warning import RecordWarning

# ---------------------------------------------------------------------------------------------
# Normalization (one place, also used by ingest.pdf)

# C0/C1 control characters other than tab, newlines and form feed: text layers and OCR services
# leave them (a glyph with no Unicode value comes out as U+0014), and they mean nothing.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
# Markdown's strong emphasis ('รวม **77.60 คะแนน**', '**ผู้รับผิดชอบ:** กองคลัง', '__B__'): how the
# words were shown, not what they say. The marks go; the words stay.
_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")


def plain(text: str) -> str:
    """Text without control characters and markdown's strong emphasis marks.

    Example:
        >>> plain("- **ผู้รับผิดชอบ:** กองคลัง รวม **77.60 (B)**")
        '- ผู้รับผิดชอบ: กองคลัง รวม 77.60 (B)'
    """
    return _EMPHASIS.sub(r"\2", _CONTROL.sub("", text))


def normalize_block(text: str, page: int | None = None) -> tuple[str, list[RecordWarning]]:
    """Normalized text of a paragraph block: Thai repaired, Arabic digits, spaces folded.

    Example:
        >>> normalize_block("ประจำปีงบประมาณ พ.ศ. ๒๕๖๒")[0]
        'ประจำปีงบประมาณ พ.ศ. 2562'
    """
    from thaireports.normalize.text import normalize_text

    return normalize_text(plain(text), page=page)


def normalize_cell(text: str, page: int | None = None) -> tuple[str, list[RecordWarning]]:
    """Normalized text of one table cell, every run of whitespace folded to one space.

    Example:
        >>> normalize_cell("  ผู้รับผิดชอบ\\n ๑ ")[0]
        'ผู้รับผิดชอบ 1'
    """
    from thaireports.normalize.repair import repair_lookalike_numbers
    from thaireports.normalize.text import fold_whitespace, normalize_text

    text, warnings = normalize_text(plain(text), page=page)
    text, repaired = repair_lookalike_numbers(text, page=page)  # '98.lo@' from an OCR engine
    return fold_whitespace(text), warnings + repaired


# ---------------------------------------------------------------------------------------------
# Pages

# Lines that only say "a new page starts here", with the page's number.
_PAGE_MARKERS: tuple[re.Pattern[str], ...] = (
    re.compile(r"^\s*-{2,}\s*page\s*(\d+)\s*-{2,}\s*$", re.I),        # --- page 2 ---
    re.compile(r"^\s*<!--\s*page[\s:#]*(\d+)\s*-->\s*$", re.I),      # <!-- page 2 -->
    re.compile(r"^\s*\[\s*page\s*(\d+)\s*\]\s*$", re.I),              # [page 2]
    re.compile(r"^\s*#{1,6}\s*page\s+(\d+)\s*$", re.I),               # ## Page 2 (our markdown)
    re.compile(r"^\s*-{2,}\s*หน้า(?:ที่)?\s*(\d+)\s*-{2,}\s*$"),      # --- หน้า 2 ---
    re.compile(r"^\s*\[\s*หน้า(?:ที่)?\s*(\d+)\s*\]\s*$"),             # [หน้า 2]
)
# Printed page numbers: a page break only when they count the pages in order (see below).
_PAGE_NUMBER_LINES: tuple[re.Pattern[str], ...] = (
    re.compile(r"^\s*หน้า(?:ที่)?\s*(\d+)(?:\s*/\s*\d+)?\s*$"),        # หน้า 2, หน้า 2/5
    re.compile(r"^\s*-\s*(\d+)\s*-\s*$"),                              # - 2 -
    re.compile(r"^\s*(\d{1,3})\s*/\s*\d{1,3}\s*$"),                       # 2/5 (of the pages)
)


def _marker_number(line: str, patterns: tuple[re.Pattern[str], ...]) -> int | None:
    from thaireports.normalize.digits import thai_digits_to_arabic

    if len(line.strip()) > 40:  # a page number centred by spaces (pdftotext -layout) is short
        return None
    probe = thai_digits_to_arabic(line)
    for pattern in patterns:
        match = pattern.match(probe)
        if match:
            return int(match.group(1))
    return None


def _split_on_lines(lines: list[str], cuts: list[tuple[int, bool]]) -> list[list[str]]:
    """Cut ``lines`` at marker line indexes; True = the marker ends its page (a footer)."""
    pages: list[list[str]] = []
    start = 0
    for index, is_footer in cuts:
        pages.append(lines[start:index])
        start = index + 1
    pages.append(lines[start:])
    if cuts and not cuts[0][1] and not any(s.strip() for s in pages[0]):
        pages.pop(0)  # a "page 1" marker at the very top opens page 1: no empty page before it
    if cuts and cuts[-1][1] and not any(s.strip() for s in pages[-1]):
        pages.pop()   # a footer on the last page closes it
    return pages


def split_pages(text: str) -> list[str]:
    """Split OCR'd text into page texts at form feeds and page-marker lines.

    Printed page numbers ('หน้า 2', '- ๒ -' alone on a line) count only when they are the only
    kind of break and number the pages 1, 2, 3 ... or 2, 3, 4 ... in order: numbers from 1
    with text before the first are footers (closing their page), otherwise headers.

    Example:
        >>> split_pages("หน้าแรก\\n--- page 2 ---\\nหน้าสอง")
        ['หน้าแรก', 'หน้าสอง']
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    chunks = text.split("\f")
    if len(chunks) > 1 and not chunks[-1].strip():
        chunks.pop()  # a form feed closing the last page
    pages: list[str] = []
    for chunk in chunks:
        lines = chunk.split("\n")
        strong = [i for i, line in enumerate(lines) if _marker_number(line, _PAGE_MARKERS) is not None]
        if strong:
            pages.extend("\n".join(p) for p in _split_on_lines(lines, [(i, False) for i in strong]))
            continue
        if len(chunks) == 1:
            numbered = [(i, _marker_number(line, _PAGE_NUMBER_LINES)) for i, line in enumerate(lines)]
            numbered = [(i, n) for i, n in numbered if n is not None]
            numbers = [n for _, n in numbered]
            if numbers and numbers[0] in (1, 2) and numbers == list(range(numbers[0], numbers[0] + len(numbers))):
                text_before = any(s.strip() for s in lines[: numbered[0][0]])
                footer = numbers[0] == 1 and text_before
                if numbers[0] == 1 and not footer:
                    cuts = [(i, False) for i, _ in numbered]
                else:
                    cuts = [(i, footer) for i, _ in numbered]
                pages.extend("\n".join(p) for p in _split_on_lines(lines, cuts))
                continue
        pages.append(chunk)
    return pages or [""]


# ---------------------------------------------------------------------------------------------
# Table rows

_LIST_NUMBER = re.compile(r"^\s*(?:\(?\d+(?:\.\d+)*[.)]|\d+\s*$|[-•*]\s)")
_SEPARATOR_CELL = re.compile(r"^[\s\-=:|_.]*$")
# No pattern here may rescan the rest of the text from every place it fails: a tag's body stops
# at the next '<' as well as '>', and a comment is only looked for before the last '-->' (an
# unclosed '<!--' repeated 16,000 times took 12 s, 64,000 times minutes: issue 15).
_TAG = re.compile(r"<!--.*?-->|</?[A-Za-z][^<>]*>", re.S)
_TAG_NO_COMMENT = re.compile(r"</?[A-Za-z][^<>]*>")
_P_BOUNDARY = re.compile(r"</p\s*>\s*<p(?:\s[^<>]*)?>|<br\s*/?>|</p\s*>|</div\s*>", re.I)


def strip_tags(text: str, replacement: str = "") -> str:
    """``text`` with its HTML tags and comments replaced, in time linear in its length: an
    unclosed ``<!--`` is left as text (no ``-->`` follows it to end the comment).

    Example:
        >>> strip_tags("<b>ประกาศ</b><!-- x --> ณ <!-- ไม่ปิด", " ")
        ' ประกาศ   ณ <!-- ไม่ปิด'
    """
    end = text.rfind("-->")
    if end < 0:
        return _TAG_NO_COMMENT.sub(replacement, text)
    end += 3
    return _TAG.sub(replacement, text[:end]) + _TAG_NO_COMMENT.sub(replacement, text[end:])


def has_tag(text: str) -> bool:
    """Whether ``text`` holds an HTML tag or comment (see ``strip_tags``)."""
    end = text.rfind("-->")
    if end >= 0 and _TAG.search(text, 0, end + 3):
        return True
    return bool(_TAG_NO_COMMENT.search(text))


# A '<' with another '<' (or the end) before any '>' starts no tag: escaped before the table
# markup goes to html.parser, which rescans such an unfinished tag at every '<' after it.
_NOT_A_TAG = re.compile(r"<(?=[^<>]*(?:<|\Z))")
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
# The rule lines of a table drawn with '+', '-' and '|' (pandoc's grid tables, a text editor's
# boxes, a database shell's output): '+----+-------+', '+====+=======+' under a header.
_GRID_RULE = re.compile(r"^\s*\+(?:[-=:]+\+)+\s*$")
_HTML_TABLE_START = re.compile(r"<(table|thead|tbody|tr)[\s>]", re.I)
_HTML_TABLE_END = re.compile(r"</table\s*>", re.I)
_HEADING = re.compile(r"^\s*#{1,6}\s+")


def is_header_row(cells: list[str]) -> bool:
    """A row of column labels (``normalize.columns.is_header_row``: the one cue table).

    Example:
        >>> is_header_row(["ลำดับ", "วิธีการ/ขั้นตอน", "ผู้รับผิดชอบ"])
        True
        >>> is_header_row(["1", "การทบทวนข้อมูลการจัดซื้อจัดจ้างตามข้อ 5.1.7", "กองคลัง"])
        False
    """
    from thaireports.normalize.columns import is_header_row as header_row

    return header_row(cells)


def _is_separator_row(cells: list[str]) -> bool:
    """Markdown alignment rows and rule lines ('---', ':---:', '===')."""
    return all(_SEPARATOR_CELL.match(c) for c in cells) and any("-" in c or "=" in c for c in cells)


def combine_header_rows(top: list[str], sub: list[str]) -> list[str]:
    """One header from a two-row header: each column's group label, then its own label.

    An empty top cell over a filled sub cell belongs to the group on its left (a label spanning
    several columns is printed once).

    Example:
        >>> combine_header_rows(["มาตรการ", "ผลการดำเนินการ", "", "หมายเหตุ"],
        ...                     ["", "ผลผลิต", "ผลลัพธ์", ""])
        ['มาตรการ', 'ผลการดำเนินการ ผลผลิต', 'ผลการดำเนินการ ผลลัพธ์', 'หมายเหตุ']
    """
    width = max(len(top), len(sub))
    top = top + [""] * (width - len(top))
    sub = sub + [""] * (width - len(sub))
    effective: list[str] = []
    for j in range(width):
        label = top[j]
        if not label and sub[j] and j > 0 and sub[j - 1] and effective[j - 1]:
            label = effective[j - 1]
        effective.append(label)
    return [" ".join(p for p in (effective[j], sub[j]) if p) for j in range(width)]


def _clean_cell_markup(raw: str) -> str:
    """Cell text without HTML: ``<p>`` and ``<br>`` boundaries become spaces, entities decoded."""
    return html.unescape(strip_tags(_P_BOUNDARY.sub(" ", raw), " "))


def _split_row(line: str) -> list[str]:
    if _PIPE_ROW.match(line) and "\t" not in line:
        body = line.strip()[1:-1]
        return [c.replace("\\|", "|") for c in re.split(r"(?<!\\)\|", body)]
    return line.split("\t")


_PIPE = re.compile(r"(?<!\\)\|")
MAX_PIPE_HEADER = 2  # rows above a pipe table's '|---|' line that make its header


def _pipe_places(line: str) -> list[int]:
    """The display columns of a pipe row's unescaped pipes."""
    return [display_width(line[:m.start()]) for m in _PIPE.finditer(line)]


def pipe_rows(lines: list[str]) -> tuple[list[list[str]], set[int] | None]:
    """A pipe table's cells on one column grid, and the rows that are its header.

    Rows of a table typed with pipes need not have the same cells: a label spanning three
    columns ('สถานะ' over 'ก | ข | ค') is one cell on its line. Lines with the most cells are
    the grid, cell by cell (their pipes may wander, as typed or OCR'd); on a line with fewer,
    each cell goes to the column whose left pipe, on the nearest line of the grid, is nearest
    its own (a spanning label to its first column, where ``combine_header_rows`` reads it as
    the group of the columns after it). The rows above the '| --- |' line are the header (up
    to ``MAX_PIPE_HEADER``: a label may wrap onto a second line).

    Example:
        >>> rows, header = pipe_rows(["| ที่ | สถานะ     | หน่วยงาน  |",
        ...                           "|    | ก | ข | ค | รับผิดชอบ |",
        ...                           "|----|---|---|---|-----------|",
        ...                           "| 1  | / |   |   | กองคลัง    |"])
        >>> rows[0], rows[1], sorted(header)
        (['ที่', 'สถานะ', '', '', 'หน่วยงาน'], ['', 'ก', 'ข', 'ค', 'รับผิดชอบ'], [0, 1])
    """
    cells = [_split_row(line) for line in lines]
    separator = next((r for r, row in enumerate(cells)
                      if _is_separator_row([c.strip() for c in row])), None)
    header = set(range(separator)) if separator and separator <= MAX_PIPE_HEADER else None
    width = max(len(row) for row in cells)
    full = [r for r, row in enumerate(cells) if len(row) == width]
    rows = []
    for r, (line, line_cells) in enumerate(zip(lines, cells)):
        if len(line_cells) == width:
            rows.append([c.strip() for c in line_cells])
            continue
        grid = _pipe_places(lines[min(full, key=lambda f: abs(f - r))])[:-1]
        row = [""] * width
        for text, left in zip(line_cells, _pipe_places(line)):
            column = min(range(width), key=lambda c: abs(grid[c] - left))
            row[column] = " ".join(p for p in (row[column], text.strip()) if p)
        rows.append(row)
    return rows, header


def _sums_rows(row: list[str]) -> bool:
    """A total or summary row ('คะแนนรวม', 'รวมทั้งสิ้น', 'เฉลี่ย IIT'): a row of its own, never the
    next line of the row above (``layout_tables.SUMMARY_CUES``, ``columns.is_total``)."""
    first = next((strip_tags(c).strip() for c in row if strip_tags(c).strip()), "")
    return is_total(first) or first.startswith(SUMMARY_CUES)


def join_line_rows(rows: list[list[str]], header: set[int] | None,
                   blank_first: bool = False) -> list[list[str]]:
    """A typed table's lines as rows: in a table whose rows are numbered, a line without a
    number (with ``blank_first``, only one whose first cell is blank: a tab table's summary row
    names itself there) is the next line of the numbered row above; in detail, a line without a
    number is the next line of the numbered row above (its cells wrapped onto it, as a text
    file prints a tall row), joined to it cell by cell (``join_cut_row``).

    Header and rule lines stay as they are, and nothing is joined unless at least two lines
    carry a number. Lines without one before the first number (a table continued on a new
    page) are one row: the rest of the row the page break cut, which the page join then
    joins to it (``is_cut_row``).

    Example:
        >>> join_line_rows([["1", "มาตรการเผยแพร่ข้อมูล", "งานประชาสัมพันธ์"],
        ...                 ["", "ต่อสาธารณะ", "สำนักปลัดเทศบาล"],
        ...                 ["2", "มาตรการจัดการเรื่องร้องเรียน", "งานนิติการ"]], None)
        [['1', 'มาตรการเผยแพร่ข้อมูลต่อสาธารณะ', 'งานประชาสัมพันธ์สำนักปลัดเทศบาล'], ['2', 'มาตรการจัดการเรื่องร้องเรียน', 'งานนิติการ']]
    """
    first = max(header) + 1 if header else 0
    data = {r for r in range(first, len(rows))
            if any(c.strip() for c in rows[r]) and not _is_separator_row([c.strip() for c in rows[r]])}
    numbered = {r for r in data if _ROW_NUMBER.match(rows[r][0] or "")}
    if len(numbered) < 2:
        return rows
    joining = {r for r in data - numbered if not (blank_first and rows[r][0].strip())
               and not _sums_rows(rows[r])}
    out = rows[:first]
    last = None  # index in out of the row the lines below are joined to
    for r in range(first, len(rows)):
        row = rows[r]
        if r in joining and last is not None:
            out[last] = join_cut_row(out[last], row)
            continue
        if r in data:  # with blank_first, a line naming itself in the first cell is a row
            last = len(out)
        out.append(row)
    return out


def _is_table_line(line: str) -> bool:
    return ("\t" in line or bool(_PIPE_ROW.match(line) and line.count("|") >= 3)
            or bool(_GRID_RULE.match(line)))


def grid_rows(lines: list[str]) -> tuple[list[list[str]], set[int] | None]:
    """A table drawn with rule lines (``_GRID_RULE``) as rows, and the rows of its header.

    Drawn with a rule under every row (pandoc's grid tables, a box drawn in a text editor), the
    lines between two rules are one row, its cells wrapped over them (joined cell by cell as
    wrapped lines are, ``join_cut_row``); the rows above a '+===+' rule are the header. Drawn
    with rules round its header only (a database shell's output), its lines are its rows, as a
    pipe table's are, and the rows above the second rule its header.

    Example:
        >>> rows, header = grid_rows(["+---+---------------------+----------+",
        ...                           "| ที่ | มาตรการ               | ผู้รับผิดชอบ |",
        ...                           "+===+=====================+==========+",
        ...                           "| 1 | มาตรการเผยแพร่ข้อมูล     | งานประชา   |",
        ...                           "|   | ต่อสาธารณะ             | สัมพันธ์     |",
        ...                           "+---+---------------------+----------+",
        ...                           "| 2 | มาตรการจัดการเรื่องร้องเรียน | กองคลัง    |",
        ...                           "+---+---------------------+----------+"])
        >>> rows[1:], header
        ([['1', 'มาตรการเผยแพร่ข้อมูลต่อสาธารณะ', 'งานประชาสัมพันธ์'], ['2', 'มาตรการจัดการเรื่องร้องเรียน', 'กองคลัง']], {0})
    """
    groups: list[list[str]] = [[]]
    header_groups = None  # the groups above a '+===+' rule
    for line in lines:
        if not _GRID_RULE.match(line):
            groups[-1].append(line)
            continue
        if "=" in line and header_groups is None and any(groups):
            header_groups = sum(1 for g in groups if g)
        if groups[-1]:
            groups.append([])
    groups = [g for g in groups if g]
    if not groups:
        return [], None
    cells, _ = pipe_rows([line for group in groups for line in group])  # one column grid
    ruled_off = header_groups if header_groups is not None else 1  # a box's first row: its labels
    if len(groups) - ruled_off < 2:  # rules round the header only: each line a row
        above = len(groups[0]) if len(groups) > 1 else 0
        return cells, set(range(above)) if 0 < above <= MAX_PIPE_HEADER else None
    rows: list[list[str]] = []
    k = 0
    for group in groups:
        row = cells[k]
        for more in cells[k + 1:k + len(group)]:
            row = join_cut_row(row, more)
        rows.append(row)
        k += len(group)
    return rows, set(range(header_groups)) if header_groups else None


# Caps on the grid one table may build, decided before it is built: a few KB of HTML with
# rowspan/colspan of 100 on every cell would otherwise expand into millions of cells (7 GB).
MAX_TABLE_CELLS = 200_000   # cells of one table's grid (rows x columns), spans included
MAX_TABLE_COLUMNS = 256     # no printed table is wider; further cells join the last column
TABLE_CAPPED = "table-capped"  # the warning code when a cap was applied


class _HtmlTableParser(HTMLParser):
    """HTML table markup to a grid: rowspan/colspan expanded, the text in the first cell only
    (a value printed once for a merged block belongs to its first row); header rows (``<th>``
    only) remembered so their spanned labels can be repeated. Spans stop being expanded once
    the grid would pass ``MAX_TABLE_CELLS`` (``capped`` is then set)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self.th_rows: set[int] = set()
        self.cells = 0          # grid cells built so far, spans included
        self.capped = False
        self.spans: dict[tuple[int, int], str] = {}  # (row, col) -> text of the spanning cell
        self._row: list[tuple[str, int, int, bool]] | None = None
        self._cell: list[str] | None = None
        self._cell_attrs: tuple[int, int, bool] = (1, 1, False)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        if tag == "tr":
            self._finish_row()
            self._row = []
        elif tag in ("td", "th"):
            self._finish_cell()
            if self._row is None:
                self._row = []
            values = dict(attrs)
            self._cell = []
            self._cell_attrs = (_span(values.get("rowspan")), _span(values.get("colspan")), tag == "th")
        elif tag in ("p", "br", "div", "li") and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        if tag in ("td", "th"):
            self._finish_cell()
        elif tag == "tr":
            self._finish_row()
        elif tag == "table":
            self._finish_row()

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def _finish_cell(self) -> None:
        if self._cell is not None and self._row is not None:
            rowspan, colspan, is_th = self._cell_attrs
            self._row.append(("".join(self._cell), rowspan, colspan, is_th))
        self._cell = None

    def _finish_row(self) -> None:
        self._finish_cell()
        if self._row is None:
            return
        r = len(self.rows)
        grid_row: dict[int, str] = {}
        col = 0
        all_th = bool(self._row)
        for text, rowspan, colspan, is_th in self._row:
            while (r, col) in self.spans:
                grid_row[col] = ""
                col += 1
            if self.cells + rowspan * colspan > MAX_TABLE_CELLS or col + colspan > MAX_TABLE_COLUMNS:
                rowspan = colspan = 1  # the text stays, in its first cell
                self.capped = True
            self.cells += rowspan * colspan
            grid_row[col] = text
            for dr in range(rowspan):
                for dc in range(colspan):
                    if dr or dc:
                        self.spans[(r + dr, col + dc)] = text
            col += colspan
            all_th = all_th and is_th
        while (r, col) in self.spans:  # spans from above at the end of the row
            grid_row[col] = ""
            col += 1
        self.rows.append([grid_row.get(c, "") for c in range(col)])
        if all_th:
            self.th_rows.add(r)
        self._row = None


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 100))
    except ValueError:
        return 1


# ---------------------------------------------------------------------------------------------
# Blocks


@dataclass
class TableFragment:
    """A table block as printed: its rows (cells already normalized) and header rows."""

    rows: list[list[str]]
    header_rows: int = 0
    header: list[str] = field(default_factory=list)
    layout_header: list[str] | None = None  # a space-aligned table's header lines as printed
    continued: bool = False  # rows read under the header of a page before, not printed here

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    @property
    def data_rows(self) -> list[list[str]]:
        return self.rows[self.header_rows:]


@dataclass
class _Block:
    kind: str  # "text" or "table"
    text: str = ""
    fragment: TableFragment | None = None


def table_fragment(raw_rows: list[list[str]], page: int, warnings: list[RecordWarning],
                   th_rows: set[int] | None = None) -> TableFragment | None:
    """A table block from raw cell texts (OCR'd text, HTML, or a PDF's cells): cells cleaned of
    markup and normalized, empty and rule rows dropped, columns padded, header rows found.

    Also used by ``ingest.pdf`` for the cells it reads from a text layer.
    """
    raw_rows, capped = _capped_rows(raw_rows)
    if capped:
        warnings.append(RecordWarning(
            code=TABLE_CAPPED, page=page,
            message=f"a table on page {page} would be wider than {MAX_TABLE_COLUMNS} columns or "
                    f"larger than {MAX_TABLE_CELLS:,} cells; its extra cells were joined into "
                    "the last column"))
    rows: list[list[str]] = []
    kept_th: set[int] = set()
    for r, raw in enumerate(raw_rows):
        cells = []
        for raw_cell in raw:
            cell, cell_warnings = normalize_cell(_clean_cell_markup(raw_cell), page)
            cells.append(cell)
            warnings.extend(cell_warnings)
        if not any(cells) or _is_separator_row(cells):
            continue
        if th_rows and r in th_rows:
            kept_th.add(len(rows))
        rows.append(cells)
    if not rows:
        return None
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    fragment = TableFragment(rows=rows)
    # Header rows: <th> rows of HTML, else label rows at the top (at most two).
    if kept_th and 0 in kept_th:
        count = 1 + (1 in kept_th)
        fragment.header_rows = min(count, 2)
    elif is_header_row(rows[0]):
        fragment.header_rows = 1
        if len(rows) > 1 and is_header_row(rows[1]) and _is_sub_header(rows[0], rows[1]):
            fragment.header_rows = 2
    if fragment.header_rows == 2:
        fragment.header = combine_header_rows(rows[0], rows[1])
    elif fragment.header_rows == 1:
        fragment.header = list(rows[0])
    return fragment


def _capped_rows(raw_rows: list[list[str]]) -> tuple[list[list[str]], bool]:
    """Rows no wider than the grid caps allow (rows x width <= MAX_TABLE_CELLS, width <=
    MAX_TABLE_COLUMNS), the cells past the limit joined into the last one kept, so that
    padding the rows to one width cannot build a huge grid. No text is dropped."""
    if not raw_rows:
        return raw_rows, False
    width = max(len(r) for r in raw_rows)
    limit = max(1, min(MAX_TABLE_COLUMNS, MAX_TABLE_CELLS // len(raw_rows)))
    if width <= limit:
        return raw_rows, False
    return [r if len(r) <= limit else r[: limit - 1] + [" ".join(r[limit - 1:])]
            for r in raw_rows], True


def _is_sub_header(top: list[str], sub: list[str]) -> bool:
    """A second label row belongs to the header when it labels a column the top row left open:
    the top label spans several columns (ผลผลิต / ผลลัพธ์ under ผลการดำเนินการ). A label row
    under a fully labelled top row is a data row that happens to start with a label word."""
    return any(s and not t for t, s in zip(top, sub))


def _parse_blocks(page_text: str, page: int, warnings: list[RecordWarning],
                  open_header: list[str] | None = None,
                  open_layout: list[str] | None = None,
                  running: frozenset[str] = frozenset(),
                  open_numbered: bool | None = None) -> list[_Block]:
    """The page's blocks. ``open_header`` is the header of the table that the page's first
    block may continue (the last table of the pages before, with no text after it);
    ``open_layout`` its header lines as printed, when it is a space-aligned table: under page
    furniture only, lines that keep to its columns are its rows, though its header is not
    printed again (``layout_rows_under``), from the first line that is no furniture
    (``is_furniture_line``: a page number, one of the document's ``running`` lines)."""
    lines = page_text.split("\n")
    blocks: list[_Block] = []
    paragraph: list[str] = []
    i = 0

    def flush_paragraph() -> None:
        if paragraph:
            blocks.append(_Block("text", text="\n".join(paragraph)))
            paragraph.clear()

    while i < len(lines):
        line = lines[i]
        if not line.strip():
            flush_paragraph()
            blocks.append(_Block("blank"))
            i += 1
            continue
        if _HTML_TABLE_START.search(line) and not _is_table_line(line):
            # Real HTML table markup, possibly over several lines, up to </table>.
            j = _html_table_last_line(lines, i)
            parser = _HtmlTableParser()
            parser.feed(_NOT_A_TAG.sub("&lt;", "\n".join(lines[i: j + 1])))
            parser.close()
            parser._finish_row()
            if parser.capped:
                warnings.append(RecordWarning(
                    code=TABLE_CAPPED, page=page,
                    message=f"an HTML table on page {page} spans more than {MAX_TABLE_CELLS:,} "
                            f"cells or {MAX_TABLE_COLUMNS} columns (rowspan/colspan); the "
                            "remaining spans were not expanded"))
            fragment = table_fragment(parser.rows, page, warnings, parser.th_rows)
            if fragment is not None:
                flush_paragraph()
                blocks.append(_Block("table", fragment=fragment))
                i = j + 1
                continue
        if _is_table_line(line):
            j = i
            while j + 1 < len(lines) and lines[j + 1].strip() and _is_table_line(lines[j + 1]):
                j += 1
            block = lines[i: j + 1]
            if any(_GRID_RULE.match(row) for row in block) and all(
                    (_PIPE_ROW.match(row) or _GRID_RULE.match(row)) and "\t" not in row
                    for row in block):
                raw_rows, marked = grid_rows(block)  # a row between every two rules
                if not raw_rows:
                    i = j + 1
                    continue
            elif all(_PIPE_ROW.match(row) and "\t" not in row for row in block):
                raw_rows, marked = pipe_rows(block)  # the header: the rows above '| --- |'
                raw_rows = join_line_rows(raw_rows, marked)
            else:
                raw_rows, marked = [_split_row(row) for row in block], None
                # a numbered table typed with tabs wraps its rows onto lines that leave the
                # number's cell blank (a summary row 'เฉลี่ย IIT' names itself there: a row)
                raw_rows = join_line_rows(raw_rows, {0} if is_header_row(
                    [strip_tags(c).strip() for c in raw_rows[0]]) else None, blank_first=True)
            filled = [sum(1 for c in r if strip_tags(c).strip()) for r in raw_rows]
            # One tab line with a single filled cell is a stray tab, not a table.
            if len(raw_rows) > 1 or filled[0] >= 2 or _continues_table(blocks, len(raw_rows[0])):
                fragment = table_fragment(raw_rows, page, warnings, marked)
                if fragment is not None:
                    flush_paragraph()
                    blocks.append(_Block("table", fragment=fragment))
                i = j + 1
                continue
            line = line.replace("\t", " ")
        layout = None if "\t" in lines[i] else layout_table_at(lines, i, min_rows=1)
        if layout is None and open_layout and "\t" not in lines[i] and \
                not is_furniture_line(lines[i], running) and \
                not any(b.kind == "table" for b in blocks) and \
                _only_furniture([b.text for b in blocks if b.kind == "text"] + paragraph):
            under = layout_rows_under(open_layout, lines, i, open_numbered)
            if under is not None and _page_header_line(lines, i):
                under = None  # the page's own header line, set apart above the rows that go on
            fragment = table_fragment(under.rows, page, warnings, {0}) if under else None
            if fragment is not None:
                fragment.layout_header, fragment.continued = open_layout, True
                flush_paragraph()
                blocks.append(_Block("table", fragment=fragment))
                i = under.end + 1
                continue
        if layout is not None:
            # A table aligned with spaces (ingest.layout_tables), its header found there: row 0.
            # One row is a table only under a header that continues the table before it.
            fragment = table_fragment(layout.rows, page, warnings, {0})
            if fragment is not None:
                fragment.layout_header = layout.header_lines
            if fragment is not None and (layout.filled_rows >= MIN_LAYOUT_ROWS or
                                         _repeats_header(blocks, fragment, open_header)):
                flush_paragraph()
                blocks.append(_Block("table", fragment=fragment))
                i = layout.end + 1
                continue
        if has_tag(line):
            line = _clean_cell_markup(line)
        paragraph.append(_HEADING.sub("", line))
        i += 1
    flush_paragraph()
    return blocks


def _html_table_last_line(lines: list[str], start: int) -> int:
    """The last line of the HTML table markup that begins at ``lines[start]``: the line with
    ``</table>``; for bare ``<tr>`` rows, or a ``<table>`` never closed, the last line before a
    blank one."""
    if re.search(r"<table[\s>]", lines[start], re.I):
        for j in range(start, len(lines)):
            if _HTML_TABLE_END.search(lines[j]):
                return j
    j = start
    while j + 1 < len(lines) and lines[j + 1].strip() and "<" in lines[j + 1]:
        j += 1
    return j


def _repeats_header(blocks: list[_Block], fragment: TableFragment,
                    open_header: list[str] | None) -> bool:
    """Whether ``fragment`` continues the table before it under the same header: the table of
    the block above (blank lines between), or, first on its page, the open table of the pages
    before (``open_header``)."""
    for block in reversed(blocks):
        if block.kind == "blank":
            continue
        if block.kind != "table" or block.fragment is None:
            return False
        open_header = block.fragment.header
        break
    return bool(open_header) and same_header(open_header, fragment.header)


def _continues_table(blocks: list[_Block], width: int) -> bool:
    for block in reversed(blocks):
        if block.kind == "blank":
            continue
        return block.kind == "table" and block.fragment is not None and block.fragment.width == width
    return False


# ---------------------------------------------------------------------------------------------
# Joining fragments into tables


def _squash(cells: list[str]) -> str:
    return "|".join(re.sub(r"\s+", "", c) for c in cells)


def same_header(a: list[str], b: list[str]) -> bool:
    """Two headers are the same when their cells match with spacing ignored (OCR puts spaces
    in different places each time a header is repeated), or nearly match (one OCR slip).

    Example:
        >>> same_header(["ขั้นตอน/ วิธีการปฏิบัติ"], ["ขั้นตอน/วิธีการปฏิบัติ"])
        True
    """
    if len(a) != len(b):
        return False
    if _squash(a) == _squash(b):
        return True
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.normalized_similarity(_squash(a), _squash(b)) >= 0.9


# The number a table's row starts with ('1.', '๒)', '(3)', '4', '1.2'): its ลำดับ or item number.
_ROW_NUMBER = re.compile(r"^\s*[(\[]?[0-9\u0e50-\u0e59]{1,3}(?:\.[0-9\u0e50-\u0e59]{1,3})*[.)\]]?(?=\s|$)")


def is_cut_row(last: list[str], first: list[str], above: list[list[str]] | None = None) -> bool:
    """A row cut by the page break (Word splits a row that does not fit by default). Its part on
    the new page holds only the cells whose text ran over: the cells that ended on the first
    page are empty there. So the new page's first row fills strictly fewer cells than the last
    row before the break, and none that was empty there. In a table whose rows are numbered
    (``above``: the rows before the break, every one opening with its number), a first row
    without a number is the rest of the last one, however many cells go on.

    Example:
        >>> is_cut_row(["มาตรการเผยแพร่", "เผยแพร่ผ่าน", "สำนักปลัด"], ["ข้อมูล", "เว็บไซต์", ""])
        True
        >>> is_cut_row(["มาตรการ ก", "ข", "สำนักปลัด"], ["มาตรการ ค", "ง", "กองคลัง"])
        False
        >>> rows = [["1. มาตรการส่งเสริม", "กองคลัง", "ต.ค. 65"], ["2. มาตรการ", "หน่วย", "ตลอด"]]
        >>> is_cut_row(rows[-1], ["ประเมินความเสี่ยง", "ตรวจสอบภายใน", "ปีงบประมาณ"], rows)
        True
        >>> is_cut_row(rows[-1], ["3. มาตรการจัดการ", "กองช่าง", "ม.ค. 66"], rows)
        False
    """
    filled_last = {j for j, c in enumerate(last) if c}
    filled_first = {j for j, c in enumerate(first) if c}
    if len(filled_first) == 1 and GROUP_CUES.match(first[min(filled_first)]):
        return False  # a group heading ('ตัวชี้วัดที่ ๙ ...') opens rows of its own
    numbered = bool(above) and len(above) >= 2 and all(row and _ROW_NUMBER.match(row[0])
                                                       for row in above)
    if numbered and filled_first and not first[0]:
        return True  # no number where every row has one: the rest of the row above
    if not filled_first or not filled_first <= filled_last:
        return False
    if filled_first < filled_last:
        return True
    if numbered and first[0] and not _ROW_NUMBER.match(first[0]):
        return True
    # Every cell goes on: cut when some cell was broken inside a word ('มาตรก' | 'ารตรวจสอบ').
    return any(broken_word(last[j], first[j]) for j in filled_first)


def broken_word(before: str, after: str) -> bool:
    """A dictionary word spans the join of two texts and neither half is a word itself.

    Example:
        >>> broken_word("มาตรก", "ารตรวจสอบ")
        True
        >>> broken_word("สำนักงานปลัด", "กองคลัง")
        False
    """
    from thaireports.ingest.quality import _dictionary, _tokens

    # Only the Thai letters that meet at the break (a space there means no word was cut).
    tail = re.search(r"[\u0e01-\u0e4e]+$", before)
    head = re.match(r"[\u0e01-\u0e4e]+", after)
    if not tail or not head:
        return False
    a, b = tail.group(0)[-12:], head.group(0)[:12]
    if len(a) < 2 or len(b) < 2:
        return False
    words = _dictionary()
    position = 0
    for token in _tokens(a + b):
        start, position = position, position + len(token)
        if start < len(a) < position:
            left, right = token[: len(a) - start], token[len(a) - start:]
            return token in words and left not in words and right not in words
    return False


# A table continued on the next page marks the rest of a cut row as continued ('... (ต่อ)'):
# the marker is furniture of the break, not the cell's text.
_CONTINUED = re.compile(r"\s*\((?:ต่อ|ต่อจากหน้า[^)]*)\)\s*")


def join_cut_row(last: list[str], rest: list[str]) -> list[str]:
    """The row a page break cut, whole again: each cell's two parts meet like two lines of one
    cell (``normalize.spacing.join_wrapped``), the continuation marker dropped.

    Example:
        >>> join_cut_row(["4", "มาตรการป้องกันการใช้ทรัพย์สินของราชการ"], ["", "เพื่อประโยชน์ส่วนตน (ต่อ)"])
        ['4', 'มาตรการป้องกันการใช้ทรัพย์สินของราชการเพื่อประโยชน์ส่วนตน']
    """
    from thaireports.normalize.spacing import join_wrapped

    out = []
    for a, b in zip(last, rest):
        b = _CONTINUED.sub(" ", b).strip()
        out.append(join_wrapped(a, b) if a and b else a or b)
    return out + list(last[len(rest):])


FURNITURE_LINES = 3  # a running header, a page number: what a page break prints between
FURNITURE_LINE_MAX = 150  # ... each one short line


_NUMBERED_LINE = re.compile(r"^\s*\(?[0-9๐-๙]{1,2}[.)]")


def _page_header_line(lines: list[str], i: int) -> bool:
    """Whether ``lines[i]``, read as the first row of a table going on from the page before, is
    the page's header instead ('รายงานผลฯ รอบ ๖ เดือน ปี ๒๕๖๗      อบต.บางกระสั้น', printed once):
    an unnumbered line among the first of the page, set apart by a blank line from the rest.

    Example:
        >>> _page_header_line(["", "รายงานผลฯ ปี ๒๕๖๗        อบต.บางกระสั้น", "", "๔. มาตรการ..."], 1)
        True
        >>> _page_header_line(["๔. มาตรการ...      กองคลัง", "", "๕. มาตรการ..."], 0)
        False
    """
    above = sum(1 for line in lines[:i] if line.strip())
    return (above < FURNITURE_LINES and i + 2 < len(lines) and not _NUMBERED_LINE.match(lines[i])
            and not lines[i + 1].strip() and any(line.strip() for line in lines[i + 2:]))


def _only_furniture(blocks: list[str]) -> bool:
    """Whether the text between a table and its header printed again is only what a page break
    prints (a running header, a page number): a few short lines, no paragraph."""
    lines = [ln for block in blocks for ln in block.split("\n") if ln.strip()]
    return len(lines) <= FURNITURE_LINES and all(len(ln) <= FURNITURE_LINE_MAX for ln in lines)


def _numbered(rows: list[list[str]]) -> bool:
    """Whether a table's rows are numbered: two of them at least open with a number."""
    return sum(1 for row in rows if row and _ROW_NUMBER.match(row[0])) >= 2


def _joins(table: Table, width: int, fragment: TableFragment) -> bool:
    if fragment.width != width:
        return False
    if not fragment.header_rows:
        return True
    return bool(table.header) and same_header(table.header, fragment.header)


def read_text(text: str, file: str = "text", sha256: str = "", media_type: str = "text/plain"
              ) -> Document:
    """Build a Document from OCR'd text or markdown.

    Args:
        text: the decoded text.
        file: file name for ``Source.file``.
        sha256: hex digest of the file bytes.
        media_type: the sniffed media type.

    Returns:
        The Document: one page per form feed or page marker (one page when there is none), the
        tables with their page and offset, warnings from normalization.

    Example:
        >>> doc = read_text("ลำดับ\\tผู้รับผิดชอบ\\n๑\\tกองคลัง\\n")
        >>> doc.tables[0].header, doc.tables[0].rows
        (['ลำดับ', 'ผู้รับผิดชอบ'], [['1', 'กองคลัง']])
    """
    from thaireports.ingest.quality import page_quality

    warnings: list[RecordWarning] = []
    pages: list[Page] = []
    tables: list[Table] = []
    widths: dict[int, int] = {}          # id(table) -> column count
    layouts: dict[int, list[str]] = {}   # id(table) -> its header lines, a space-aligned table's
    open_table: Table | None = None      # the table the next block may continue
    last_table: Table | None = None      # ... or, under its header printed again, the one
    furniture: list[str] = []            # before these lines (page furniture?) after it,
    last_page = 0                        # its last rows on a page before this one
    table_page = 0                       # the page the open table's last rows are on
    page_texts = split_pages(text)
    running = running_lines(page_texts)
    for number, page_text in enumerate(page_texts, start=1):
        going_on = open_table if open_table is not None else (
            last_table if last_table is not None and _only_furniture(furniture) else None)
        blocks = _parse_blocks(page_text, number, warnings,
                               open_table.header if open_table is not None else None,
                               layouts.get(id(going_on)) if going_on is not None else None,
                               running, _numbered(going_on.rows) if going_on is not None else None)
        parts: list[str] = []
        offset = 0
        for block in blocks:
            if block.kind == "blank":
                continue
            if block.kind == "text":
                normalized, block_warnings = normalize_block(block.text, number)
                warnings.extend(block_warnings)
                # text that an OCR engine made (pasted, exported): its damaged known words and
                # look-alike digits read back as on our own OCR'd pages; typed text has none
                normalized, repaired = repair_ocr_text(normalized, page=number)
                warnings.extend(repaired)
                normalized = normalized.strip("\n")
                if not normalized.strip():
                    continue
                rendered = normalized
                if open_table is not None:
                    last_table, furniture, last_page = open_table, [], table_page
                furniture.append(rendered)
                open_table = None
            else:
                fragment = block.fragment
                assert fragment is not None
                # rows read under the header of a page before show as printed: without it
                shown = fragment.data_rows if fragment.continued else fragment.rows
                rendered = "\n".join("\t".join(row) for row in shown)
                start = offset + (2 if parts else 0)
                if (open_table is None and last_table is not None and fragment.header_rows
                        and number != last_page and _only_furniture(furniture)
                        and _joins(last_table, widths[id(last_table)], fragment)):
                    # the header printed again over the rest of the table, a running header and
                    # the page number between: the same table
                    open_table = last_table
                last_table, furniture = None, []
                if open_table is not None and _joins(open_table, widths[id(open_table)], fragment):
                    rows = [list(r) for r in fragment.data_rows]
                    # the rest of a row a page break cut, under the header printed again
                    if (rows and open_table.rows and (fragment.header_rows or open_table.page != number)
                            and is_cut_row(open_table.rows[-1], rows[0], open_table.rows)):
                        open_table.rows[-1] = join_cut_row(open_table.rows[-1], rows.pop(0))
                    open_table.rows.extend(rows)
                else:
                    open_table = Table(page=number, header=fragment.header,
                                       rows=[list(r) for r in fragment.data_rows], offset=start)
                    widths[id(open_table)] = fragment.width
                    if fragment.layout_header:
                        layouts[id(open_table)] = fragment.layout_header
                    tables.append(open_table)
                table_page = number
            offset += len(rendered) + (2 if parts else 0)
            parts.append(rendered)
        page_body = "\n\n".join(parts)
        pages.append(Page(number=number, text_source="text", confidence=page_quality(page_body),
                          text=page_body))
    source = Source(file=file, sha256=sha256, media_type=media_type, pages=len(pages),
                    text_source="text")
    return Document(source=source, pages=pages, tables=tables, warnings=warnings)


_HTML_DROP_START = re.compile(r"<(head|script|style|title)[\s>]", re.I)
# Raw-text elements run to the end of the file when never closed (as browsers read them);
# an unclosed <head> drops nothing (browsers end it at the first body content).
_RAW_TEXT = frozenset({"script", "style", "title"})
# A table runs to its end tag, or to the end of the file when a broken export left it open.
_HTML_TABLE = re.compile(r"<table[\s>].*?(?:</table\s*>|\Z)", re.I | re.S)
# Opening tags break lines too: offices leave <p> and <li> unclosed.
_HTML_BLOCK_END = re.compile(r"</?(p|div|h[1-6]|li|tr|blockquote|pre)(\s[^<>]*)?>|<br\s*/?>|<hr\s*/?>",
                             re.I)


def html_to_text(markup: str) -> str:
    """An HTML page as the text this module reads: block elements on lines of their own, each
    ``<table>`` on one line (parsed later as a table), head/script/style dropped.

    Example:
        >>> html_to_text("<html><body><p>ประกาศ</p><table><tr><td>ก</td></tr></table></body></html>")
        'ประกาศ\\n\\n<table><tr><td>ก</td></tr></table>\\n'
    """
    markup = drop_html_parts(markup)
    parts: list[str] = []
    last = 0
    for match in _HTML_TABLE.finditer(markup):
        parts.append(_html_prose(markup[last:match.start()]))
        parts.append("\n" + re.sub(r"\s+", " ", match.group(0)) + "\n")
        last = match.end()
    parts.append(_html_prose(markup[last:]))
    return re.sub(r"\n{3,}", "\n\n", "".join(parts)).lstrip("\n")


def drop_html_parts(markup: str) -> str:
    """``markup`` without its head, script, style and title elements, in linear time (one
    search for each element's end tag; a missing end tag is remembered, not searched again).

    Example:
        >>> drop_html_parts("<head><title>t</title></head><p>ประกาศ<script>x()")
        '<p>ประกาศ'
    """
    parts: list[str] = []
    position = 0
    unclosed: set[str] = set()  # elements with no end tag after some point: none after later ones
    while True:
        start = _HTML_DROP_START.search(markup, position)
        if start is None:
            parts.append(markup[position:])
            return "".join(parts)
        name = start.group(1).lower()
        end = None
        if name not in unclosed:
            end = re.compile(rf"</{name}\s*>", re.I).search(markup, start.end())
            if end is None:
                unclosed.add(name)
        if end is not None:
            parts.append(markup[position:start.start()])
            position = end.end()
        elif name in _RAW_TEXT:
            parts.append(markup[position:start.start()])
            return "".join(parts)
        else:
            parts.append(markup[position:start.end()])
            position = start.end()


def _fold_line_breaks(markup: str) -> str:
    """Every run of whitespace that holds a line break as one space (linear: the obvious
    ``\\s*\\n\\s*`` retries a long run of spaces from each of its characters)."""
    return re.sub(r"\s+", lambda m: " " if "\n" in m.group(0) else m.group(0), markup)


# A list item is a bullet line of its own ('- ...'), as a list typed in plain text is: the
# readers of lists see its items, not a paragraph per item.
_HTML_LIST_ITEM = re.compile(r"<li(\s[^<>]*)?>", re.I)


def _html_prose(markup: str) -> str:
    markup = _fold_line_breaks(markup)
    markup = _HTML_LIST_ITEM.sub("\n- ", markup)
    markup = _HTML_BLOCK_END.sub("\n", markup)
    return html.unescape(strip_tags(markup))


def read(path: Path, data: bytes | None = None, media_type: str | None = None) -> Document:
    """Read a text or markdown file into a Document (see ``read_text``).

    Args:
        path: the file.
        data: its bytes, when the caller has read them already.
        media_type: its sniffed media type.

    Raises:
        EmptyFileError: zero bytes or only whitespace.
        UnsupportedFileError: not text in any encoding we know.
    """
    import hashlib

    from thaireports.ingest.errors import EmptyFileError, UnsupportedFileError
    from thaireports.ingest.sniff import decode_text_bytes, sniff_bytes

    path = Path(path)
    if data is None:
        data = path.read_bytes()
    if not data:
        raise EmptyFileError(path, "empty file (0 bytes)")
    decoded = decode_text_bytes(data)
    undecodable = None
    if decoded is None:
        undecodable = decode_with_replacement(data)
        if undecodable is None:
            raise UnsupportedFileError(
                path, f"not a text file (its bytes say {sniff_bytes(data[:4096])})")
        decoded = undecodable[0], undecodable[1]
    text, _encoding = decoded
    if not text.strip():
        raise EmptyFileError(path, "the file holds no text, only whitespace")
    if media_type is None:
        media_type = sniff_bytes(data[:4096])
    if media_type == "text/plain" and path.suffix.lower() in (".md", ".markdown"):
        media_type = "text/markdown"
    if media_type == "text/html":
        text = html_to_text(text)
    document = read_text(text, file=path.name, sha256=hashlib.sha256(data).hexdigest(),
                         media_type=media_type)
    if undecodable is not None:
        _text, encoding, count, first = undecodable
        document.warnings.insert(0, RecordWarning(
            code=UNDECODABLE_BYTES,
            message=f"{count:,} byte sequence(s) not valid {encoding} (the first at byte "
                    f"{first:,}) replaced with U+FFFD; the rest of the text is as written"))
    return document


UNDECODABLE_BYTES = "undecodable-bytes"  # the warning code for replaced invalid bytes
# At most this share of invalid sequences (1 in 200 characters) makes a text "UTF-8 with a few
# bad bytes" (a cut in a copy, a stray Latin-1 byte) rather than some other encoding or binary.
_MAX_INVALID_SHARE = 0.005


def decode_with_replacement(data: bytes) -> tuple[str, str, int, int] | None:
    """Decode a UTF-8 (or BOM-marked UTF-16) text that holds a few invalid byte sequences,
    each replaced with U+FFFD: ``(text, encoding, how many replaced, offset of the first)``;
    None when the invalid sequences are too many for the bytes to be that encoding (a
    TIS-620 file, binary data).

    Example:
        >>> decode_with_replacement("ประกาศ".encode() * 100 + b"\\xff" + "ฉบับ".encode())[2:]
        (1, 1800)
    """
    encoding = "utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8"
    _INVALID.starts = []
    text = data.decode(encoding, _COUNTING_ERRORS)
    invalid = _INVALID.starts
    if not invalid or len(invalid) > max(1, int(len(text) * _MAX_INVALID_SHARE)):
        return None
    if _CONTROL_BYTES.search(text[:4096]):
        return None
    return text, encoding, len(invalid), invalid[0]


def _note_invalid(error: UnicodeDecodeError) -> tuple[str, int]:
    _INVALID.starts.append(error.start)
    return "\ufffd", error.end


_INVALID = threading.local()
_COUNTING_ERRORS = "thaireports-replace-and-count"
codecs.register_error(_COUNTING_ERRORS, _note_invalid)
_CONTROL_BYTES = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
