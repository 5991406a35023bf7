"""Tables laid out with spaces in plain text: columns lined up by runs of spaces, no tab, no pipe.

Text that an OCR engine wrote with its spaces kept, ``pdftotext -layout`` output, and a table
copied out of a PDF viewer all print a table as lines of cells set in columns. The conventions
read here, each a constant or a small function below:

- positions are display columns: Thai marks above and below a letter take none (``display_width``);
- cells are separated by ``MIN_GAP`` spaces or more; one space is inside a cell (Thai phrases,
  dates such as '1 กุมภาพันธ์ 2566');
- a table starts at a line of ``MIN_HEADER_CELLS`` column labels or more
  (``normalize.columns.is_header_row``), maybe wrapped onto a second line, and runs while its
  lines keep to its columns (``_classify``);
- each cell goes to the column whose start is nearest its own start (``_place``);
- a row starts at each numbered line when the rows are numbered, else at each line with a
  first-column cell; every other line continues the cells of the row above (``_rows``).

This is the "stream" idea of Tabula and of pdfplumber's text strategy (columns from the
whitespace between words, for tables without ruling lines), read from lines of characters
instead of word boxes. ``ingest.text`` calls ``layout_table_at`` on lines no other table kind
claimed and builds the table block from its rows.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from thaireports.normalize.columns import is_total
from thaireports.normalize.spacing import display_width

# ---------------------------------------------------------------------------------------------
# Cells of one line

# Two spaces or more part two cells; one space stays inside a cell (Thai writes a space between
# phrases, and a date is '1 กุมภาพันธ์ 2566').
MIN_GAP = 2
_CELL = re.compile(r"\S+(?: \S+)*")
_GAP = re.compile(r"\s{%d,}" % MIN_GAP)
# Other spaces are spaces of one column: a no-break space typed between a title and a name, a
# full-width or thin space from a PDF.
_OTHER_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
# Ruling of a ruled table as OCR reads it: a vertical bar at either end of a line, or standing
# alone between two gaps, is border, not text. It is replaced by a space, so the cells keep
# their columns.
_BORDER = "|│┃"
_EDGE_BORDERS = re.compile(rf"^(\s*)[{_BORDER}]|[{_BORDER}](\s*)$")
_INNER_BORDER = re.compile(rf"(?<=\s)[{_BORDER}](?=\s)")
# A line only of rule characters ('-----', '+----+----+', '═══') draws a row boundary: no text.
_RULE_LINE = re.compile(r"^[\s|│┃+\-=_─━═┼├┤┬┴┌┐└┘]*$")
_RULE_MARK = re.compile(r"[-=_─━═]{3,}")


@dataclass(frozen=True)
class Cell:
    """One cell of a line: its text and the display columns it spans (``end`` exclusive)."""

    text: str
    start: int
    end: int


def strip_borders(line: str) -> str:
    """``line`` with the vertical bars of a ruled table (at its ends, or alone between cells)
    replaced by spaces, so that every cell keeps its column.

    Example:
        >>> strip_borders("| ๑    | กองคลัง |")
        '  ๑      กองคลัง  '
    """
    line = _EDGE_BORDERS.sub(lambda m: (m.group(1) or "") + " " + (m.group(2) or ""), line)
    return _INNER_BORDER.sub(" ", line)


def is_rule_line(line: str) -> bool:
    """A line that only draws table ruling ('-----', '|------|------|')."""
    return bool(_RULE_LINE.match(line)) and bool(_RULE_MARK.search(line))


def split_cells(line: str) -> list[Cell]:
    """The cells of one line, at their display columns (borders dropped, see ``strip_borders``).

    Example:
        >>> [(c.text, c.start) for c in split_cells("ผู้รับผิดชอบ  ระยะเวลา 1 ต.ค. 2566")]
        [('ผู้รับผิดชอบ', 0), ('ระยะเวลา 1 ต.ค. 2566', 10)]
    """
    line = strip_borders(_OTHER_SPACES.sub(" ", line.rstrip("\n")))
    cells: list[Cell] = []
    column, last = 0, 0
    for match in _CELL.finditer(line):
        column += display_width(line[last:match.start()])
        width = display_width(match.group())
        cells.append(Cell(match.group(), column, column + width))
        column += width
        last = match.end()
    return cells


# ---------------------------------------------------------------------------------------------
# What a line of a table block is

# A header names at least three columns: two cells with label words are as often a memo's
# 'ที่ ...   วันที่ ...' line or a form's caption as a table.
MIN_HEADER_CELLS = 3
# Hand-typed and OCR'd columns drift: a cell may start this many display columns off its
# column's start (and end this far into the next column) and still be in its column.
COLUMN_TOLERANCE = 4
# The part of a column label wrapped onto a second header line is short ('(บาท)', 'ปี 2566 (บาท)',
# 'รับผิดชอบ'); a longer cell under the header is data.
HEADER_CONTINUATION_MAX = 24
# Fewer data rows than this is not a table worth the name: the block stays text.
MIN_DATA_ROWS = 2
# No table set in a page's width with spaces has more columns than this; a longer line of
# labels is a list of words, and the cap keeps the column search of each cell cheap.
MAX_COLUMNS = 30
# Where a column's cells were seen to start is kept for this many different starts at most
# (each one at least COLUMN_TOLERANCE from the others): a few are the column's alignments.
MAX_ANCHORS = 6

# A list number opening a row: '1.', '1)', '(1)', '1.2', a bare '1', in Arabic or Thai digits
# (at most three digits, so a year '2566' is not one).
LIST_NUMBER = re.compile(r"^\(?[0-9๐-๙]{1,3}(?:\.[0-9๐-๙]{1,3})*(?:[.)]|(?=\s|$))")
# Lines that close a table: what follows a table in a memo or an announcement, never a row.
# A signature closes it wherever it stands (signatures sit to the right, over the columns).
SIGNATURE_CUES: tuple[str, ...] = ("ลงชื่อ", "(ลงชื่อ)", "ลงนาม")
# A signer's name in parentheses, '(นายสมชาย ใจดี)', under a signature.
_SIGNER = re.compile(r"^\((?:นาย|นาง|นางสาว|น\.ส\.|ว่าที่|ร\.ต\.|จ\.ส\.|ดร\.)")
# So does a note under the table: no cell starts with these words.
NOTE_CUES: tuple[str, ...] = ("หมายเหตุ", "ที่มา :", "ที่มา:")
# A closing sentence closes it after a blank line, on a line of its own, or from the table's
# left margin: straight under a row, inside a cell, 'ทั้งนี้ ...' may continue a measure's steps.
CLOSING_CUES: tuple[str, ...] = (
    "จึงเรียน", "จึงประกาศ", "จึงแจ้ง",         # the closing sentence of a memo or announcement
    "ประกาศ ณ", "สั่ง ณ", "ให้ไว้ ณ", "ณ วันที่",  # the date line of an announcement or order
    "อนึ่ง", "ทั้งนี้",                         # a sentence after the table
)
# A total line sums the rows above: it ends the rows, it is not one (``normalize.columns.is_total``).
# A summary row of a score table ('เฉลี่ย IIT (ร้อยละ ๓๐)', 'คะแนนรวม', 'ระดับผลการประเมิน') is a row
# of its own, never the wrapped line of the numbered row above it.
SUMMARY_CUES: tuple[str, ...] = ("เฉลี่ย", "ค่าเฉลี่ย", "คะแนนเฉลี่ย", "คะแนนรวม", "ผลรวม",
                                 "ระดับผลการประเมิน", "ระดับคะแนน")
# A line of one cell that names a group of rows ('มิติที่ 1 ...', 'ยุทธศาสตร์ที่ 2 ...') is a row of
# its own, printed across the columns: the measure reader keeps it as the rows' group.
# A group's sub-group is numbered with its group ('๑.๑ การสร้างสังคมที่ไม่ทนต่อการทุจริต' under
# 'มิติที่ ๑'), where the rows themselves carry whole numbers: a clause number alone on its line.
# An ITA plan groups its rows under the assessment's indicators ('ตัวชี้วัดที่ ๑  การปฏิบัติ
# หน้าที่', 'ตัวชี้วัดที่ ๖ – ๘  คุณภาพการดำเนินงาน / ...'): the cue and the group's name may stand
# apart, as two cells, where the name holds no figure (a score row of an ITA table does).
GROUP_CUES = re.compile(r"^(?:มิติที่|ด้านที่|ยุทธศาสตร์ที่|ส่วนที่|หมวดที่|ประเด็นที่|แผนงานที่|ตัวชี้วัดที่"
                        r"|\(?[0-9๐-๙]{1,2}\.[0-9๐-๙]{1,2}\)?\s+\S)")
_FIGURE = re.compile(r"[0-9๐-๙]")


@dataclass
class _Header:
    """A table's columns: the header labels, where they stand, and where the cells of each
    column were seen to start (``anchors``; see ``_learn_full_row``)."""

    labels: list[str]
    starts: list[int]
    ends: list[int]
    lines: int  # 1, or 2 for a wrapped header
    top: list[str] = field(default_factory=list)  # the first line's labels, spaces removed
    anchors: list[set[int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.anchors = self.anchors or [{s} for s in self.starts]

    def distance(self, start: int, column: int) -> int:
        return min(abs(start - a) for a in self.anchors[column])

    def left(self, column: int) -> int:
        """The leftmost start seen in ``column``: where its cells' text may begin."""
        return min(self.anchors[column])

    def bound(self, column: int) -> int:
        """Where a cell of the column before must end: the later of the label's start and the
        column's leftmost start. A typed or OCR'd table is ragged: one row's cell may start a
        few columns left of the label where the cell above ended (``_place``)."""
        return max(self.starts[column], self.left(column))


@lru_cache(maxsize=4096)
def _is_header_row(texts: tuple[str, ...]) -> bool:
    """``normalize.columns.is_header_row``, remembered: a header is asked about at every line
    that may start or end a table (the same header is printed on every page)."""
    from thaireports.normalize.columns import is_header_row

    return is_header_row(list(texts))


def _is_header(cells: list[Cell]) -> bool:
    return (MIN_HEADER_CELLS <= len(cells) <= MAX_COLUMNS
            and _is_header_row(tuple(c.text for c in cells)))


def _header_continuation(top: list[Cell], below: list[Cell]) -> list[str] | None:
    """The labels of ``top`` with ``below`` joined per column, when ``below`` only holds the
    wrapped ends of some labels ('ปี 2566 (บาท)' under 'งบประมาณ'); else None.

    Each cell below must lie under one label (a centred label wraps centred, so it need not start
    where the label starts), be short, not open with a list number, and leave the joined header
    a header (``is_header_row``: no office, unit or date crept in); a cell under the first label
    must be a label itself (a wrapped 'มาตรการ/' + 'แนวทาง', not a first row's title).
    """
    from thaireports.normalize.columns import is_label

    if not below or len(below) >= len(top):
        return None
    labels = [c.text for c in top]
    taken: set[int] = set()
    for cell in below:
        if display_width(cell.text) > HEADER_CONTINUATION_MAX or LIST_NUMBER.match(cell.text):
            return None
        overlaps = [(min(cell.end, t.end + COLUMN_TOLERANCE)
                     - max(cell.start, t.start - COLUMN_TOLERANCE), k) for k, t in enumerate(top)]
        overlap, k = max(overlaps)
        if overlap <= 0 or k in taken or (k == 0 and not is_label(cell.text)):
            return None
        taken.add(k)
        labels[k] = labels[k] + " " + cell.text
    return labels if _is_header_row(tuple(labels)) else None


def _header_at(lines: list[str], start: int) -> _Header | None:
    """The header that starts at ``lines[start]``: a line of labels, maybe with the wrapped ends
    of some of them on the next line; or a line that only reads as labels once joined with
    those ends ('หน่วยงาน' over 'รับผิดชอบ')."""
    cells = split_cells(lines[start])
    if not MIN_HEADER_CELLS <= len(cells) <= MAX_COLUMNS:
        return None
    joined = None
    if start + 1 < len(lines) and "\t" not in lines[start + 1]:
        joined = _header_continuation(cells, split_cells(lines[start + 1]))
    if joined is None and not _is_header(cells):
        return None
    return _Header(joined or [c.text for c in cells], [c.start for c in cells],
                   [c.end for c in cells], 2 if joined else 1, [_squash(c.text) for c in cells])


def _place(cells: list[Cell], header: _Header) -> list[tuple[int, str]] | None:
    """Each cell's column: the one whose start is nearest the cell's start; when an earlier cell
    of the line has it, the next free column to its right; with no column left, the cell joins
    the last one placed (its text is kept). None when a cell runs into the next column: a line
    of prose, not of this table."""
    width = len(header.starts)
    placed: list[tuple[int, str]] = []
    last = -1
    queue = list(cells)
    while queue:
        cell = queue.pop(0)
        column = min(range(width), key=lambda k: (header.distance(cell.start, k), k))
        column = max(column, last + 1)
        if column >= width:
            k, text = placed[-1]
            placed[-1] = (k, text + " " + cell.text)
            continue
        if column + 1 < width and cell.end > header.bound(column + 1) + COLUMN_TOLERANCE:
            parts = _split_at_column(cell, header, column + 1)
            if parts is None:
                return None
            queue[:0] = parts
            continue
        placed.append((column, cell.text))
        last = column
    return placed


def _split_at_column(cell: Cell, header: _Header, column: int) -> list[Cell] | None:
    """A cell that runs into ``column`` as the two cells it is, when OCR or a typist left one
    space between them: parted at the space nearest where the column's cells start, if one is
    within ``COLUMN_TOLERANCE`` of it ('๗. เพิ่มช่องทางประชาสัมพันธ์ - เผยแพร่ข่าวสาร...')."""
    best = None
    for m in re.finditer(" ", cell.text):
        if cell.text[:m.start()].endswith(("-", "–", "•")):
            continue  # a bullet goes with the text after it
        at = cell.start + display_width(cell.text[:m.end()])
        off = min(abs(at - a) for a in header.anchors[column] | {header.starts[column]})
        if off <= COLUMN_TOLERANCE and (best is None or off < best[0]):
            best = (off, m.start(), at)
    if best is None:
        return None
    _, cut, at = best
    return [Cell(cell.text[:cut], cell.start, cell.start + display_width(cell.text[:cut])),
            Cell(cell.text[cut + 1:], at, cell.end)]


def _learn_full_row(cells: list[Cell], header: _Header) -> list[tuple[int, str]] | None:
    """A line with a cell in every column, in order: the cells' own starts become anchors of
    their columns. A header is often centred over its column while the cells under it are set
    flush left (a Word table printed by pdftotext -layout): the title cells of 'โครงการ/กิจกรรม'
    start nearer the 'ลำดับ' label than their own, and the wrapped lines under them would go
    to the wrong column. Each cell must start before the next label does and after the label
    before it ends (a line of a double-spaced phrase and a missing cell fails that)."""
    width = len(header.starts)
    if len(cells) != width:
        return None
    for k, cell in enumerate(cells):
        if (k + 1 < width and cell.start >= header.starts[k + 1]) or \
                (k > 0 and cell.start < header.ends[k - 1]):
            return None
    for k, cell in enumerate(cells):
        anchors = header.anchors[k]
        if len(anchors) < MAX_ANCHORS and header.distance(cell.start, k) > COLUMN_TOLERANCE:
            anchors.add(cell.start)
    return [(k, cell.text) for k, cell in enumerate(cells)]


def _is_closing(cells: list[Cell], header: _Header, after_blank: bool) -> bool:
    first = cells[0].text
    if first.startswith(SIGNATURE_CUES + NOTE_CUES) or _SIGNER.match(first):
        return True
    if is_total(first):
        return True
    return first.startswith(CLOSING_CUES) and (
        after_blank or len(cells) == 1 or cells[0].start <= header.left(0) + COLUMN_TOLERANCE)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _repeats_header(cells: list[Cell], header: _Header) -> bool:
    """The header's first line printed again (a table continued on the next page), spacing
    ignored."""
    return len(cells) == len(header.top) and [_squash(c.text) for c in cells] == header.top


def _classify(cells: list[Cell], header: _Header, after_blank: bool = False
              ) -> tuple[str, list[tuple[int, str]] | None]:
    """What a line of cells is to the table above it: 'row' (with its cells' columns),
    'group' (a group heading), or 'end': a header (the same one repeated starts a fragment that
    ``ingest.text`` joins to this table; after a blank line, any header starts another table),
    a closing line, a paragraph (one cell from the left margin across the first column:
    prose), or a line whose cells do not keep to the columns. (Straight under a row, a line of
    label-like cells is a row: 'มาตรการป้องกัน...', 'ขั้นตอนการ...', 'ติดตามผล' read as labels.)"""
    if _is_closing(cells, header, after_blank) or _repeats_header(cells, header) or (
            after_blank and _is_header(cells)):
        return "end", None
    if _is_group(cells):
        return "group", [(0, " ".join(c.text for c in cells))]
    if len(cells) == 1 and cells[0].start <= header.left(0) + COLUMN_TOLERANCE \
            and cells[0].end > header.left(1) + COLUMN_TOLERANCE:
        return "end", None
    placed = _learn_full_row(cells, header) or _place(cells, header)
    return ("row", placed) if placed is not None else ("end", None)


def _is_group(cells: list[Cell]) -> bool:
    """A group heading (``GROUP_CUES``): its cue alone, or the cue and the group's name."""
    return (len(cells) == 1 or (len(cells) == 2 and not _FIGURE.search(cells[1].text))) \
        and bool(GROUP_CUES.match(cells[0].text))


def _resumes(cells: list[Cell], header: _Header) -> tuple[str, list[tuple[int, str]] | None]:
    """The table goes on after a blank line only with a line that is clearly a row: two cells
    or more, each starting where a column's cells start, a group heading, or a numbered first
    cell. A lone cell elsewhere is a signature, a page's footer or a note; cells off the
    columns are a date line typed with double spaces ('ให้ไว้ ณ วันที่  ๑๐  พฤศจิกายน  ๒๕๖๖')."""
    kind, placed = _classify(cells, header, after_blank=True)
    if kind == "group":
        return kind, placed
    if kind != "row" or placed is None:
        return "end", None
    columns = range(len(header.starts))
    aligned = all(min(header.distance(c.start, k) for k in columns) <= COLUMN_TOLERANCE
                  for c in cells)
    if aligned and (len(placed) >= 2 or (placed[0][0] == 0 and LIST_NUMBER.match(placed[0][1]))):
        return kind, placed
    return "end", None


# ---------------------------------------------------------------------------------------------
# Rows


CUT_ROW_LINES = 3  # first-column lines of a row a page break cut, before the next numbered row


def _is_numbered(firsts: list[str]) -> bool:
    """Whether a table's rows are numbered, from its first-column cells: most of them open with
    a list number, or two do, the first of them the first cell or after the first cells only.
    (A title wrapped over two lines or more gives a numbered row as many unnumbered
    first-column cells: a numbered table of wrapped titles has no majority of numbered cells,
    but it does start at a number; a table going on on a new page starts with the rest of the
    row the break cut.)"""
    numbers = [bool(LIST_NUMBER.match(t)) for t in firsts]
    return 2 * sum(numbers) > len(numbers) or (sum(numbers) >= 2 and numbers.index(True) <= CUT_ROW_LINES)


def _rows(lines: list[tuple[str, list[tuple[int, str]]]], width: int,
          numbered: bool | None = None) -> list[list[str]]:
    """Table rows from the placed cells of each line (see the module docstring): numbered rows
    (``_is_numbered``), else one row per first-column cell; the other lines' cells are appended
    to the same columns of the row above as a wrap (``normalize.spacing.join_wrapped``: no
    space between Thai letters). ``numbered`` is known for the rest of a table a page break
    cut (the rows before it were numbered), where the page may hold one numbered row only."""
    from thaireports.normalize.spacing import join_wrapped

    firsts = [text for kind, placed in lines if kind == "row" for k, text in placed if k == 0]
    numbered = _is_numbered(firsts) if numbered is None else numbered
    rows: list[list[str]] = []
    current: list[str] | None = None
    for kind, placed in lines:
        if kind == "group":
            rows.append([placed[0][1]] + [""] * (width - 1))
            current = None  # the next line opens a row, whatever it holds
            continue
        first = next((text for k, text in placed if k == 0), "")
        opens = bool(LIST_NUMBER.match(first)) if numbered else bool(first)
        opens = opens or first.startswith(SUMMARY_CUES)
        if current is None or opens:
            current = [""] * width
            rows.append(current)
        for k, text in placed:
            current[k] = join_wrapped(current[k], text)
    return rows


@dataclass
class LayoutTable:
    """A space-aligned table: ``rows[0]`` its header (a wrapped header joined per column), then
    its rows, cells as printed (not yet normalized); ``end`` the index of its last line."""

    rows: list[list[str]]
    end: int
    header_lines: list[str] = field(default_factory=list)  # the header as printed

    @property
    def filled_rows(self) -> int:
        """Data rows with two cells or more: how much of a table this is (a group heading or a
        stray line under a header is not)."""
        return sum(1 for r in self.rows[1:] if sum(1 for c in r if c.strip()) >= 2)


def layout_table_at(lines: list[str], start: int, min_rows: int = MIN_DATA_ROWS,
                    numbered: bool | None = None) -> LayoutTable | None:
    """The space-aligned table whose header is ``lines[start]``; None when that line is no
    header of such a table, or the lines under it give fewer than ``min_rows`` rows of two
    cells or more (the block then stays text: nothing is lost). A caller that knows the header
    continues a table (printed again over the rest of its rows on the next page) may ask for
    one row.

    Example:
        >>> table = layout_table_at([
        ...     "ลำดับ   มาตรการ                 ผู้รับผิดชอบ       ระยะเวลา",
        ...     "๑      เผยแพร่ข้อมูลต่อ            สำนักปลัด        ต.ค. ๖๖",
        ...     "       สาธารณะ",
        ...     "๒      ประกาศเจตจำนงสุจริต       กองคลัง         ม.ค. ๖๗"], 0)
        >>> table.rows[1], table.end
        (['๑', 'เผยแพร่ข้อมูลต่อสาธารณะ', 'สำนักปลัด', 'ต.ค. ๖๖'], 3)
    """
    if "\t" in lines[start] or len(_GAP.findall(lines[start].strip())) < MIN_HEADER_CELLS - 1:
        return None  # the cheap test first: most lines have no two gaps
    header = _header_at(lines, start)
    if header is None:
        return None
    body: list[tuple[str, list[tuple[int, str]]]] = []
    end = start + header.lines - 1
    j = end + 1
    after_blank = False
    while j < len(lines):
        line = lines[j]
        if "\t" in line:
            break  # a tab table of its own
        if not line.strip():
            after_blank = True
            j += 1
            continue
        cells = [] if is_rule_line(line) else split_cells(line)
        if not cells:
            # ruling, or only borders: a row boundary; the one under the last row is the table's
            end = end if after_blank else j
            j += 1
            continue
        kind, placed = (_resumes if after_blank else _classify)(cells, header)
        if kind == "end":
            break
        assert placed is not None
        body.append((kind, placed))
        end, after_blank = j, False
        j += 1
    table = LayoutTable(rows=[header.labels] + _rows(body, len(header.starts), numbered), end=end,
                        header_lines=lines[start:start + header.lines])
    return table if table.filled_rows >= max(1, min_rows) else None


def layout_rows_under(header_lines: list[str], lines: list[str], start: int,
                      numbered: bool | None = None) -> LayoutTable | None:
    """The rows at ``lines[start]`` of a table whose header was printed on a page before
    (``header_lines``, as ``LayoutTable.header_lines``) and not again: a table a page break
    cut, going on under the running header. The rows are read as if under that header
    (``numbered``: whether the rows before were); the table's ``end`` is an index of
    ``lines``. None when no row of the table is there.

    Example:
        >>> header = ["ลำดับ   มาตรการ                 ผู้รับผิดชอบ       ระยะเวลา"]
        >>> table = layout_rows_under(header, ["ข้อความ", "๒      ประกาศเจตจำนงสุจริต       กองคลัง         ม.ค. ๖๗"], 1)
        >>> table.rows[1], table.end
        (['๒', 'ประกาศเจตจำนงสุจริต', 'กองคลัง', 'ม.ค. ๖๗'], 1)
    """
    table = layout_table_at(list(header_lines) + lines[start:], 0, min_rows=1, numbered=numbered)
    if table is None or table.end < len(header_lines):
        return None
    table.end += start - len(header_lines)
    return table
