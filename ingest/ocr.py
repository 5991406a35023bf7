"""OCR of one page image: deskew, ruled tables cell by cell, Thai digits re-checked.

What issue 3 measured on 200 dpi memo scans, and what this pipeline therefore does:
- Tesseract's default page segmentation reads the text of a table row across its cells and
  adds ``|`` noise (table-page CER 0.30). So ruled tables are found from their lines
  (``ingest.grids``), masked white on the page, and their cells are read on their own: the
  cell crops are stacked into one tall image with blank gaps and read in ONE Tesseract call
  (half the CER at no extra time), then split back by the words' positions.
- Tesseract gets ~50% of Thai digits right; matching digit glyphs against templates drawn in
  the memo font (``ingest.digits``) gets ~70%.
- A 3x3 median filter helps a little; upscaling hurts, so pages stay at their resolution.
- Tesseract's word confidence stays ~93 on good and bad pages alike, so the page's
  confidence comes from its text (``ingest.quality.page_quality``).
Numbers OCR cannot have read right (a BE year outside 2540..2580, day 32) become warnings.
Known words OCR damaged (a month beside a day or year, '25205' for ๒๕๖๕ in a date, an agency
type, a unit, a province) are read back by ``normalize.repair.repair_ocr_text``, each with a
``word-repaired`` / ``digit-repaired`` warning.

Issue 11 (scans as offices make them): stamps, signatures and emblems are painted paper
before the page is read (``ingest.geometry.mask_non_text``); the page text is read with symbol
boxes only (Tesseract's ``makebox``, ~15% cheaper than ``tsv``, so no word confidences);
a page number Tesseract's layout dropped is read from its glyphs
(``ingest.digits.unread_page_number``); every OCR'd page is logged for a progress line
(``enable_page_progress``). Work that would find nothing is skipped: a skewed page is
rotated for the table search only when its ink may hold a ruling
(``ingest.grids.may_hold_rulings``), and the ring search for stamps runs only on pages with
enough ink of a stamp's tone (``ingest.geometry.may_hold_stamp``). ``ocr-empty-page`` is said
of a page whose text came back empty, not of one Tesseract call (the page with its tables
painted out is often blank).
"""
from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, field

import numpy as np

from thaireports.ingest.document import Page, Table
from thaireports.normalize.warning import RecordWarning

CELL_INSET = 5  # px cut from each side of a cell box: the ruling line's blur and JPEG ringing
EDGE_BAND = 10  # px along a cell's edges where leftover ruling (skew, thick lines) is erased
MARK_LINE = 0.6  # a 'line' whose boxes are all lower than this share of a consonant is marks
MARK_LINE_CONFIDENCE = 60  # ... or whose best word confidence is below this
CROP_PAD = 12  # px of the cell's own paper kept around its ink: Tesseract reads the marks
#               above a line as a line of their own when they touch the crop's edge
STACK_GAP = 40  # px of white between stacked cells: more than any line gap, so words never
#                 straddle two cells and Tesseract sees each cell as its own block
STACK_PSM = 6
STACK_MARGIN = 20  # px of white around the stack (Tesseract likes a border)
MIN_CELL_INK = 12  # ink pixels below which a cell is empty (specks, line remnants)
REVERSE_PRINT = 0.5  # share of a cell that is 'ink' above which the ink is its fill, the
#                      letters the paper (a header cell printed light on dark)
YEAR_RANGE_BE = (2540, 2580)  # memos of the ITA era; anything else is a misread digit
YEAR_RANGE_CE = (1997, 2037)  # the same years in the Common Era


@dataclass
class OcrPage:
    """What OCR made of one page image.

    Attributes:
        page: the page (text_source 'ocr', confidence from the text, normalized text with
            table cells row by row, cells separated by tabs).
        tables: the ruled tables found on the page, cell texts normalized.
        warnings: e.g. ``ocr-implausible-number``, ``ocr-timeout``, ``ocr-failed``, and the
            ``foreign-script`` warnings of text normalization.
        mean_confidence: Tesseract's mean word confidence (0-100), for provenance only; None
            when no call asked for confidences (pages and table cells are read with symbol
            boxes only: Tesseract's ``tsv`` output cost 15-20% of the call).
        angle: the rotation applied to straighten the page, in degrees.
    """

    page: Page
    tables: list[Table] = field(default_factory=list)
    warnings: list[RecordWarning] = field(default_factory=list)
    mean_confidence: float | None = None
    angle: float = 0.0


@dataclass
class _Block:
    """A piece of page text (a paragraph or a table) and where it starts on the page."""

    top: int
    text: str
    table: Table | None = None


# --- preparing the page ------------------------------------------------------------------------

WORKING_DPI = 200  # what Tesseract's Thai model and every pixel constant here are tuned for
A4_SHORT_SIDE = 1654  # an A4 page's width at 200 dpi, for images that carry no resolution


def working_resolution(image):
    """Bring a high-resolution scan down to 200 dpi (``ingest.geometry.scale_to_working``).

    Example:
        >>> from PIL import Image
        >>> page = Image.new("L", (2480, 3508))  # A4 at 300 dpi
        >>> page.info["dpi"] = (300, 300)
        >>> working_resolution(page).size
        (1653, 2339)
    """
    from thaireports.ingest.geometry import resize, resolution, scale_to_working

    scale = scale_to_working(image.width, image.height, resolution(image))
    gray = np.asarray(image.convert("L"), dtype=np.uint8)
    from PIL import Image

    return Image.fromarray(resize(gray, scale))


def is_bitonal(gray: np.ndarray) -> bool:
    """A fax-like page: (nearly) every pixel pure black or pure white."""
    from thaireports.ingest.geometry import is_bitonal_gray

    return is_bitonal_gray(gray)


def page_to_gray(image) -> tuple[np.ndarray, bool]:
    """The page as Tesseract should see it: grey, upright in perspective, evenly lit, 200 dpi.

    Colour ink drops out (stamps, pen), a photographed page is found on its desk and its
    perspective undone, shading is divided out (not on bitonal scans, which have none), and
    the page is brought to 200 dpi (a grey area-average for finer scans: a 300 dpi bitonal
    scan gets the soft edges Tesseract reads best).

    Returns:
        ``(gray, photo)``: the page, and whether it was found on a desk (a photo).
    """
    gray, photo, _ = page_and_copy(image)
    return gray, photo


def page_and_copy(image) -> tuple[np.ndarray, bool, np.ndarray]:
    """``page_to_gray``'s page and photo flag, and the page's ``deskew.work_copy``.

    A page already at 200 dpi (most scans) is its own working page: the page's edge and its
    light are looked for in small copies made from its work copy, which the orientation check
    and the skew search then use too (one full-page downscale instead of four: ~10 ms a page).
    """
    from thaireports.ingest import geometry
    from thaireports.ingest.deskew import work_copy

    if image.mode in ("RGB", "RGBA", "P", "CMYK"):
        rgb = np.asarray(image.convert("RGB"), dtype=np.uint8)
        gray = (geometry.colour_to_gray(rgb) if geometry.has_coloured_ink(rgb)
                else np.asarray(image.convert("L"), dtype=np.uint8))
    else:
        gray = np.asarray(image.convert("L"), dtype=np.uint8)
    scale = geometry.scale_to_working(image.width, image.height, geometry.resolution(image))
    if is_bitonal(gray):
        page = geometry.resize(gray, scale)
        return page, False, work_copy(page)
    small = work_copy(gray) if scale == 1.0 else None
    corners = geometry.find_page_quad(gray, small)
    if corners is None:
        page = geometry.resize(gray, scale)
        flat = geometry.flatten_lighting(page, small=small)
        # The work copy is the flattened page's only when flattening left the page as it was.
        return flat, False, small if small is not None and flat is page else work_copy(flat)
    flat = geometry.clear_border(geometry.flatten_lighting(geometry.unwarp(gray, corners, scale)))
    return flat, True, work_copy(flat)


READ_STRAIGHT_PHOTO = 0.3  # deg: a photo skewed more than this is read straightened


def prepare(image) -> tuple[np.ndarray, np.ndarray, float]:
    """The page as grayscale, and a straightened copy for finding and cutting tables.

    Tesseract reads slightly skewed scans as well as straightened ones (rotating resamples
    the glyphs, which cost more than it gained on scans), so a scan's text is read from the
    page as it is and only the table work uses the straightened copy. A photo's residual skew
    (its corners are found to a few pixels) cuts Tesseract's lines into pieces, so a photo is
    read straightened.

    Returns:
        ``(gray, straight, angle)``: the page to read, its deskewed copy, the rotation in
        degrees still to apply to ``gray`` to straighten it (0 when ``gray`` is straight).
    """
    gray, photo, small = page_and_copy(image)
    return straighten(gray, photo, small=small)


def straighten(gray: np.ndarray, photo: bool, lazy: bool = False,
               small: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray | None, float]:
    """``(page to read, deskewed copy, angle still to apply)`` of a grey page (see prepare).

    A scan is read as scanned unless its skew makes its lines climb more than ``MAX_DRIFT``
    line pitches across the page (3-5° on a memo): then, as a photo, it is read straightened.

    With ``lazy`` the deskewed copy of a scan read as scanned is None when it would take a
    rotation: ``ocr_prepared`` rotates the page only if it may hold a table
    (``ingest.grids.may_hold_rulings``), as nothing else needs it. ``small`` is
    ``deskew.work_copy(gray)`` when the caller has it already.
    """
    from thaireports.ingest.deskew import (DRIFT_MIN_ANGLE, MAX_DRIFT, ROTATE_MIN, estimate_angle,
                                           line_drift, rotate, work_ink)

    ink = work_ink(gray, small)  # one small copy for the angle and the drift
    angle = estimate_angle(gray, ink)
    if ((photo and abs(angle) > READ_STRAIGHT_PHOTO)
            or (abs(angle) >= DRIFT_MIN_ANGLE and line_drift(gray, angle, ink) > MAX_DRIFT)):
        # A scan laid so crooked that its lines climb most of a line pitch: Tesseract drops
        # lines of it (``ingest.deskew.line_drift``), so it is read straightened too.
        straight = rotate(gray, angle)
        return straight, straight, 0.0
    # The copy a scan's tables are cut from is bilinear, a photo's bicubic (``deskew.rotate``).
    if lazy and not photo and abs(angle) >= ROTATE_MIN:
        return gray, None, angle
    return gray, rotate(gray, angle, smooth=photo), angle


def _unrotate_box(box, angle: float, shape: tuple[int, int], grow: int = 4) -> np.ndarray:
    """The corners of a box of the straightened page, on the page as scanned (int32 Nx2)."""
    import cv2

    h, w = shape
    matrix = cv2.invertAffineTransform(cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0))
    corners = np.array([[box.left - grow, box.top - grow], [box.right + grow, box.top - grow],
                        [box.right + grow, box.bottom + grow], [box.left - grow, box.bottom + grow]],
                       dtype=np.float64)
    mapped = corners @ matrix[:, :2].T + matrix[:, 2]
    return np.round(mapped).astype(np.int32)


# --- text outside tables -----------------------------------------------------------------------

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


def paragraphs(text: str, words: list, offsets: list[int]) -> list[_Block]:
    r"""Split Tesseract's text at blank lines, each paragraph with the top of its first line.

    Example:
        >>> from thaireports.ingest.tesseract import Word
        >>> w = lambda t, top: Word(t, 0, top, 10, 10, 90.0, 1, 1, 1)
        >>> [(b.top, b.text) for b in paragraphs("ก ข\n\nค", [w("ก", 5), w("ข", 5), w("ค", 50)], [0, 2, 5])]
        [(5, 'ก ข'), (50, 'ค')]
    """
    breaks = list(_PARAGRAPH_BREAK.finditer(text))
    starts = [0] + [m.end() for m in breaks]
    ends = [m.start() for m in breaks] + [len(text)]
    blocks = []
    last_top = 0  # a paragraph whose words were not found keeps its predecessor's place
    for start, end in zip(starts, ends):
        piece = text[start:end].strip()
        if not piece:
            continue
        tops = [w.top for w, o in zip(words, offsets) if start <= o < end]
        last_top = min(tops) if tops else last_top
        blocks.append(_Block(top=last_top, text=piece))
    return blocks


LINE_OVERLAP = 0.5  # Tesseract lines overlapping this share of the lower one's height are one line
PARAGRAPH_GAP = 1.8  # a gap between lines wider than this many line heights starts a paragraph


@dataclass
class _Line:
    """One printed line: the Tesseract lines (pieces of the text) that share its height."""

    top: int
    bottom: int
    pieces: list[tuple[int, str]]  # (left, text)

    def text(self) -> str:
        return " ".join(t for _, t in sorted(self.pieces))


def tesseract_lines(text: str, words: list, offsets: list[int]) -> list[tuple[int, int, int, str]]:
    """Tesseract's lines as (top, bottom, left, text), each text its stretch of ``text``."""
    spans: dict[tuple[int, int, int], list] = {}
    for word, offset in zip(words, offsets):
        if offset < 0:
            continue
        spans.setdefault((word.block, word.par, word.line), []).append((word, offset))
    out = []
    for pairs in spans.values():
        start = min(o for _, o in pairs)
        end = max(o + len(w.text) for w, o in pairs)
        piece = " ".join(text[start:end].split())
        if piece:
            # The line's height from its median box: marks above and below are boxed loosely.
            tops = sorted(w.top for w, _ in pairs)
            bottoms = sorted(w.top + w.height for w, _ in pairs)
            out.append((tops[len(tops) // 2], bottoms[len(bottoms) // 2],
                        min(w.left for w, _ in pairs), piece))
    return out


def lines_in_order(text: str, words: list, offsets: list[int]) -> list[_Block]:
    """The page's text as printed lines top to bottom, grouped into paragraphs.

    Tesseract's blocks follow its own layout guesses: on a photographed page it cuts one
    printed line into pieces and puts them in different blocks, out of order. Here every
    Tesseract line is placed by its height on the page; lines that share a height are one
    printed line (pieces left to right), and a wide vertical gap starts a new paragraph.
    """
    lines: list[_Line] = []
    for top, bottom, left, piece in sorted(tesseract_lines(text, words, offsets)):
        for line in lines[-3:]:
            overlap = min(bottom, line.bottom) - max(top, line.top)
            if overlap > LINE_OVERLAP * min(bottom - top, line.bottom - line.top):
                line.pieces.append((left, piece))
                line.top, line.bottom = min(top, line.top), max(bottom, line.bottom)
                break
        else:
            lines.append(_Line(top, bottom, [(left, piece)]))
    lines.sort(key=lambda line: line.top)
    if not lines:
        return []
    heights = sorted(line.bottom - line.top for line in lines)
    height = max(1, heights[len(heights) // 2])
    blocks: list[_Block] = []
    previous = None
    for line in lines:
        if previous is not None and line.top - previous.bottom <= PARAGRAPH_GAP * height:
            blocks[-1].text += "\n" + line.text()
        else:
            blocks.append(_Block(top=line.top, text=line.text()))
        previous = line
    return blocks


# --- table cells -------------------------------------------------------------------------------

def _cell_crop(gray: np.ndarray, lines: np.ndarray, box) -> np.ndarray | None:
    """A cell's content, ruling-line remnants erased, trimmed to its ink; None if empty."""
    from thaireports.ingest.deskew import binarize

    top, bottom = box.top + CELL_INSET, box.bottom - CELL_INSET
    left, right = box.left + CELL_INSET, box.right - CELL_INSET
    if bottom - top < 4 or right - left < 4:
        return None
    crop = gray[top:bottom, left:right].copy()
    # Erase ruling-line remnants only near the cell's edges: inside, the 'lines' are long
    # strokes of the text itself.
    remnant = lines[top:bottom, left:right] > 0
    band = np.zeros_like(remnant)
    band[:EDGE_BAND, :] = band[-EDGE_BAND:, :] = True
    band[:, :EDGE_BAND] = band[:, -EDGE_BAND:] = True
    crop[remnant & band] = 255
    ink = binarize(crop) > 0
    if ink.mean() > REVERSE_PRINT:  # light letters on a dark fill: read them dark on light
        crop = 255 - crop
        ink = ~ink
    if ink.sum() < MIN_CELL_INK:
        return None
    rows = np.nonzero(ink.any(axis=1))[0]
    cols = np.nonzero(ink.any(axis=0))[0]
    pad = CROP_PAD
    r0, r1 = max(0, rows.min() - pad), min(crop.shape[0], rows.max() + 1 + pad)
    c0, c1 = max(0, cols.min() - pad), min(crop.shape[1], cols.max() + 1 + pad)
    return crop[r0:r1, c0:c1]


def stack_cells(crops: list[np.ndarray]) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """Stack cell crops into one tall white image, left-aligned, with blank gaps.

    Returns:
        The image and each crop's (top, bottom) rows in it, in the order given.

    Example:
        >>> image, spans = stack_cells([np.zeros((10, 30), np.uint8), np.zeros((5, 8), np.uint8)])
        >>> spans
        [(20, 30), (70, 75)]
    """
    width = max(c.shape[1] for c in crops) + 2 * STACK_MARGIN
    height = sum(c.shape[0] for c in crops) + STACK_GAP * (len(crops) - 1) + 2 * STACK_MARGIN
    # The canvas takes the paper's own grey: a white canvas would frame every crop with an
    # edge that Tesseract's layout analysis reads as a picture border.
    paper = int(np.median(np.concatenate([c.ravel() for c in crops])))
    canvas = np.full((height, width), paper, dtype=np.uint8)
    spans = []
    y = STACK_MARGIN
    for crop in crops:
        canvas[y:y + crop.shape[0], STACK_MARGIN:STACK_MARGIN + crop.shape[1]] = crop
        spans.append((y, y + crop.shape[0]))
        y += crop.shape[0] + STACK_GAP
    return canvas, spans


def _words_by_span(words: list, spans: list[tuple[int, int]]) -> list[list]:
    """Give each word (or (word, offset) pair) to the stacked crop holding its centre, or to
    the nearest one (the upper one on a tie) when the centre falls in a gap.

    ``spans`` are ``stack_cells``'s: top to bottom, apart. A bisection finds the crop, so a
    table of many cells costs no more per word than a small one.

    Example:
        >>> from thaireports.ingest.tesseract import Word
        >>> w = lambda top: Word("ก", 0, top, 5, 10, -1.0, 0, 0, 0)
        >>> [len(o) for o in _words_by_span([w(0), w(30), w(52), w(200)], [(0, 20), (60, 80)])]
        [2, 2]
    """
    import bisect

    out: list[list] = [[] for _ in spans]
    starts = [top for top, _ in spans]
    for item in words:
        word = item[0] if isinstance(item, tuple) else item
        centre = word.top + word.height / 2
        above = bisect.bisect_right(starts, centre) - 1  # the last crop starting at or above it
        if above < 0:
            best = 0
        elif above > 0 and centre == spans[above - 1][1]:  # on the upper crop's edge
            best = above - 1
        elif centre < spans[above][1] or above + 1 == len(spans):
            best = above
        else:  # in the gap below crop `above`: the nearer edge, the upper crop on a tie
            best = above if centre - spans[above][1] <= spans[above + 1][0] - centre else above + 1
        out[best].append(item)
    return out


def _cell_text(text: str, words_offsets: list[tuple[object, int]], height: float) -> str:
    """A cell's text: its lines, each the stretch of the stack's text its words cover.

    Tesseract sometimes reads the row of marks above a line a second time, as a line of its
    own ('aa a' over 'วิธีการ/ขั้นตอน', 'cf ew' over 'เป็นปัจจุบัน'). Such a line is dropped:
    its boxes are all much lower than a consonant, or none of its words has a confidence a
    real line gets (real lines score 85-97 even when misread; these score 0-50) when the
    call asked for confidences (-1: it did not).
    """
    lines: dict[tuple[int, int, int], list[tuple[int, int, int, float]]] = {}
    for word, offset in words_offsets:
        if offset >= 0:
            lines.setdefault((word.block, word.par, word.line), []).append(
                (offset, offset + len(word.text), word.height, word.conf))
    pieces = []
    for spans in sorted(lines.values(), key=lambda spans: min(s[0] for s in spans)):
        if height > 0 and max(s[2] for s in spans) < MARK_LINE * height:
            continue
        if 0 <= max(s[3] for s in spans) < MARK_LINE_CONFIDENCE:  # (-1: not asked for)
            continue
        start, end = min(s[0] for s in spans), max(s[1] for s in spans)
        pieces.append(" ".join(text[start:end].split()))
    return " ".join(p for p in pieces if p)


_LEADING_NUMBER = re.compile(r"^\s*[(]?[0-9๐-๙]+[.)]?\s*$")


def _has_header(first_row: list[str]) -> bool:
    """A first row is a header when every cell has text and none is just a row number.

    A fragment that continues a table from the previous page starts with a data row
    ('๔ | การทบทวนและพิจารณา ... | สำนักงานปลัด'), whose first cell is a number.
    """
    return all(c.strip() for c in first_row) and not any(
        _LEADING_NUMBER.match(c) for c in first_row)


def grid_to_rows(grid, texts: dict[tuple[int, int], str]) -> list[list[str]]:
    """Cell texts placed on the grid; a merged cell's text goes to its top-left slot."""
    rows = [["" for _ in range(grid.n_cols)] for _ in range(grid.n_rows)]
    for (row, col), text in texts.items():
        rows[row][col] = text
    return rows


# --- plausibility ------------------------------------------------------------------------------

_MONTHS = ("มกราคม|กุมภาพันธ์|มีนาคม|เมษายน|พฤษภาคม|มิถุนายน|กรกฎาคม|สิงหาคม|กันยายน|ตุลาคม"
           "|พฤศจิกายน|ธันวาคม|ม\\.ค\\.|ก\\.พ\\.|มี\\.ค\\.|เม\\.ย\\.|พ\\.ค\\.|มิ\\.ย\\.|ก\\.ค\\."
           "|ส\\.ค\\.|ก\\.ย\\.|ต\\.ค\\.|พ\\.ย\\.|ธ\\.ค\\.")
# Patterns over normalized text (Arabic digits): what they catch and the limits that apply.
_PLAUSIBILITY: tuple[tuple[re.Pattern[str], str, tuple[int, int]], ...] = (
    # 'พ.ศ. 2562', 'ปีงบประมาณ 2565': a Buddhist-Era year (3-6 digits: a digit lost or
    # doubled by OCR is caught too; two-digit years 'ต.ค. 64' are left alone)
    (re.compile(r"(?:พ\.\s*ศ\.|ปีงบประมาณ)\s*(?:พ\.\s*ศ\.)?\s*(\d{3,6})(?!\d)"), "year",
     YEAR_RANGE_BE),
    # 'ค.ศ. 2019': a Common-Era year
    (re.compile(r"ค\.\s*ศ\.\s*(\d{3,6})(?!\d)"), "year", YEAR_RANGE_CE),
    # '22 เมษายน 2562': the year after a month name
    (re.compile(rf"(?:{_MONTHS})\s*(?:พ\.\s*ศ\.)?\s*(\d{{3,6}})(?!\d)"), "year", YEAR_RANGE_BE),
    # '32 เมษายน': the day before a month name
    (re.compile(rf"(?<!\d)(\d{{1,2}})\s*(?:{_MONTHS})"), "day", (1, 31)),
)


def implausible_numbers(text: str, page: int | None = None) -> list[RecordWarning]:
    """Warnings for years and days OCR cannot have read right.

    Args:
        text: normalized text (Arabic digits).
        page: the page number to put in the warnings.

    Example:
        >>> [w.message for w in implausible_numbers("วันที่ 22 เมษายน 2502 และ พ.ศ. 2562")]
        ["year 2502 outside 2540..2580 in 'เมษายน 2502'"]
    """
    warnings = []
    seen: set[tuple[int, int]] = set()
    for pattern, what, (low, high) in _PLAUSIBILITY:
        for match in pattern.finditer(text):
            value = int(match.group(1))
            if low <= value <= high or match.span(1) in seen:
                continue
            seen.add(match.span(1))
            warnings.append(RecordWarning(
                code="ocr-implausible-number",
                message=f"{what} {value} outside {low}..{high} in {match.group(0).strip()!r}",
                page=page))
    return warnings


# --- progress -----------------------------------------------------------------------------------

PROGRESS_LOGGER = "thaireports.ocr.pages"  # one INFO record per page OCR'd, off unless handled


def report_page(source: str, number: int, total: int | None, seconds: float) -> None:
    """Log that a page was OCR'd (``PROGRESS_LOGGER``, INFO), for a progress line.

    The record carries ``source``, ``page``, ``total`` and ``seconds`` as attributes, so a
    handler can format or filter it (``enable_page_progress`` shows long files only).
    """
    import logging

    logger = logging.getLogger(PROGRESS_LOGGER)
    if not logger.isEnabledFor(logging.INFO):
        return
    of = f"/{total}" if total else ""
    logger.info("%s: page %d%s OCR'd (%.1f s)", source, number, of, seconds,
                extra={"source": source, "page": number, "total": total, "seconds": seconds})


def enable_page_progress(stream=None, min_pages: int = 3, only_terminal: bool = True):
    """Print a line per OCR'd page on ``stream`` (stderr) for files of ``min_pages`` or more.

    The hook for a command line: ``thaireports read`` / ``convert`` call it once at start;
    with ``only_terminal`` nothing is printed unless the stream is a terminal. Returns the
    logging handler (remove it with ``logging.getLogger(PROGRESS_LOGGER).removeHandler``),
    or None when nothing was turned on.

    Example:
        >>> import io, logging
        >>> out = io.StringIO()
        >>> handler = enable_page_progress(out, min_pages=2, only_terminal=False)
        >>> report_page("scan.pdf", 1, 8, 2.04); report_page("one.jpg", 1, 1, 1.0)
        >>> out.getvalue()
        "scan.pdf: page 1/8 OCR'd (2.0 s)\\n"
        >>> logging.getLogger(PROGRESS_LOGGER).removeHandler(handler)
    """
    import logging
    import sys

    stream = sys.stderr if stream is None else stream
    if only_terminal and not (hasattr(stream, "isatty") and stream.isatty()):
        return None
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.addFilter(lambda record: (getattr(record, "total", None) or 0) >= min_pages)
    logger = logging.getLogger(PROGRESS_LOGGER)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    return handler


# --- the page ----------------------------------------------------------------------------------

def _read(image: np.ndarray, lang: str, timeout: float, psm: int | None, height: float,
          warnings: list[RecordWarning], page_number: int, what: str,
          ink: np.ndarray | None = None, confidences: bool = True):
    """One Tesseract call, Thai digits re-read; a timeout or a crash on this image becomes a
    warning (``ocr-timeout``, ``ocr-failed``) and no text. ``ink`` is ``binarize(image)``
    when the caller has it already; ``confidences=False`` asks for symbol boxes only (no
    word confidences: a cheaper Tesseract call, ``tesseract.ocr``).

    Returns:
        ``(text, words, offsets, mean word confidence or None)``.
    """
    from PIL import Image

    from thaireports.ingest import tesseract
    from thaireports.ingest.deskew import binarize
    from thaireports.ingest.digits import THAI_DIGITS, NoThaiFontError, recheck_text

    try:
        out = tesseract.ocr(Image.fromarray(image), lang=lang, psm=psm, timeout=timeout,
                            confidences=confidences)
    except tesseract.TesseractTimeout as exc:
        warnings.append(RecordWarning(code="ocr-timeout", message=f"{what}: {exc}",
                                      page=page_number))
        return "", [], [], None
    except tesseract.TesseractError as exc:
        # The binary and languages were checked before: a failure now is this image's.
        warnings.append(RecordWarning(code="ocr-failed", message=f"{what}: {exc}",
                                      page=page_number))
        return "", [], [], None
    offsets = (out.offsets if out.offsets is not None
               else tesseract.char_offsets(out.text, out.words))
    text = out.text
    for code, message in tesseract.stderr_warnings(out.stderr):
        # Tesseract says 'Empty page!!' of the image it was given: the page with its tables
        # painted out, or a stack of cells. Whether the page is empty is told from its text.
        if code != EMPTY_PAGE:
            add_warning(warnings, code, f"{what}: {message}", page_number)
    try:
        ink = binarize(image) if ink is None else ink
        rewritten: list[tuple[str, str]] = []  # letters or symbols read back as digits
        text, offsets, _ = recheck_text(text, out.words, offsets, ink, height,
                                        rewritten=rewritten)
        warnings.extend(RecordWarning(code="digit-repaired", message=f"'{old}' -> '{new}'",
                                      page=page_number) for old, new in rewritten)
    except NoThaiFontError as exc:
        if any(c in THAI_DIGITS for c in text):
            add_warning(warnings, "ocr-digits-unchecked",
                        f"{what}: Thai digits kept as Tesseract read them ({exc})", page_number)
    confidences = [w.conf for w in out.words if w.conf >= 0]
    return text, out.words, offsets, confidences


EMPTY_PAGE = "ocr-empty-page"  # only of a page whose text came back empty, never of one call


def add_warning(warnings: list[RecordWarning], code: str, message: str, page: int) -> None:
    """Add a warning unless the page already has one with this code (one per page and kind)."""
    if not any(w.code == code and w.page == page for w in warnings):
        warnings.append(RecordWarning(code=code, message=message, page=page))


def _normalized(text: str, page_number: int, warnings: list[RecordWarning],
                join_wraps: bool = False) -> str:
    from thaireports.normalize.repair import repair_ocr_text
    from thaireports.normalize.text import normalize_text

    text, found = normalize_text(text, page=page_number, join_wraps=join_wraps)
    warnings.extend(found)
    # Words OCR damaged, read back when they are known ones (months and years in dates, agency
    # types, units, provinces; issue 11): every extractor then reads them whole.
    text, repaired = repair_ocr_text(text, page=page_number)
    warnings.extend(repaired)
    return text


TURN_CHECK_QUALITY = 0.3  # a page with fewer letters in long words may be turned: ask OSD
MIN_OSD_CONFIDENCE = 2.0  # OSD's confidence below which its answer is a guess


def ocr_image(image, page_number: int, lang: str = "tha+eng", timeout: float = 120) -> OcrPage:
    """OCR one page image into a Page, its ruled tables and warnings.

    Args:
        image: a PIL image of the page: a scan (any dpi, grey, colour or bitonal) or a phone
            photo of it; its dpi tag, when present, sets the scale (see ``page_to_gray``).
        page_number: 1-based page number, put on the page, its tables and warnings.
        lang: Tesseract's language string.
        timeout: seconds for each Tesseract call (there are at most two per page).

    Returns:
        An OcrPage. Its text is normalized (Arabic digits, ำ repaired): paragraphs outside
        tables, and each table row by row, cells separated by tabs, in page order, e.g.
        ``'ลำดับ\\tวิธีการ/ขั้นตอน\\tผู้รับผิดชอบ\\n1\\tการทบทวนข้อมูลทั่วไป...'``.

    A page's orientation is told from the page before it is read (a quarter turn) and from
    its first reading (a half turn):

    - Tesseract reads the blocks of a page turned by 90° turned on their own well enough
      that the text passes the quality check, then loses its lines and tables. So a page
      whose text lines run down the page (``ingest.deskew.lines_run_vertically``, its ink
      profile) is turned before it is read, the way Tesseract's orientation detection says
      (90° when OSD cannot tell: a wrong quarter turn shows as a page upside down below).
    - A page upside down reads as short garbage tokens (``long_word_share`` low): OSD is
      asked, and when it is unsure (a signature page has too few lines for it) the page is
      read turned by 180° as well. The turned reading is kept if it reads better.

    Raises:
        TesseractError: Tesseract or the language is missing (a broken environment).
    """
    from thaireports.ingest import tesseract
    from thaireports.ingest.deskew import lines_run_vertically
    from thaireports.ingest.geometry import turn
    from thaireports.ingest.quality import long_word_share

    tesseract.check(lang)
    one_opencv_thread()
    keep_page_buffers()
    gray, photo, small = page_and_copy(image)
    turned, how = 0, ""
    if lines_run_vertically(gray, small):
        rotate, confidence = orientation(gray, timeout)
        # OSD sure of a half turn or none overrules the profile (a page of few lines); unsure,
        # the profile's quarter turn stands, 90° when OSD cannot tell which way.
        sure = confidence >= MIN_OSD_CONFIDENCE and rotate in (0, 180)
        turned = rotate if rotate in (90, 270) or sure else 90
        how = "its text lines run down the page"
        if turned:
            gray, small = turn(gray, -turned), None
    result = ocr_prepared(*straighten(gray, photo, lazy=True, small=small), page_number, lang,
                          timeout)
    quality = long_word_share(result.page.text)
    if result.page.text and quality < TURN_CHECK_QUALITY:
        rotate, confidence = orientation(gray, timeout)
        sure = confidence >= MIN_OSD_CONFIDENCE
        if not (sure and rotate == 0):
            extra = rotate if sure else 180
            again = ocr_prepared(*straighten(turn(gray, -extra), photo, lazy=True),
                                 page_number, lang, timeout)
            better = long_word_share(again.page.text)
            if better > quality and (sure or better >= TURN_CHECK_QUALITY):
                result, turned = again, (turned + extra) % 360
                how = ("Tesseract's orientation detection" if sure
                       else "it reads as text only that way")
    if turned:
        result.warnings.insert(0, RecordWarning(
            code="page-turned", message=f"page {page_number} was turned by {turned} degrees "
            f"({how}); it was read upright", page=page_number))
    return result


# glibc's malloc options (mallopt(3)): M_TRIM_THRESHOLD, M_MMAP_THRESHOLD.
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
PAGE_BUFFERS = 64 * 2**20  # bytes: larger than any full-page array at 200-300 dpi (A4: 2.6-6 MB)


@lru_cache(maxsize=1)
def keep_page_buffers() -> bool:
    """Let the process keep the memory of the full-page arrays it frees, for the next page.

    Every step of a page's preparation makes full-page temporaries (a binarization, a mask, a
    rotation). glibc serves allocations over 128 KB from fresh mmap()ed memory and returns it
    on free, so each one costs its pages' faults again: ~8,000 a page, 15% of our own CPU on
    the dev signed scans (``bench/ocr_quality.py``; the Python side of 24 pages 4.7 -> 4.0 s
    CPU). Raising the mmap and trim thresholds above a page's size keeps that memory in the
    heap, at the cost of holding a page's worth of peak memory per worker. A no-op (False)
    where the C library is not glibc."""
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(_M_MMAP_THRESHOLD, PAGE_BUFFERS)) and \
        bool(mallopt(_M_TRIM_THRESHOLD, 2 * PAGE_BUFFERS))


def one_opencv_thread() -> None:
    """Run OpenCV's image operations in the calling thread only, as Tesseract runs with one
    OpenMP thread (``tesseract._run_binary``): pages are OCR'd one per core, so a second
    thread per operation only adds the cost of handing work over (a page's connected
    components and morphology took ~20% more CPU time with two threads than with one).
    ``OMP_THREAD_LIMIT``, when set, is the number of threads for both."""
    import os

    import cv2

    wanted = int(os.environ.get("OMP_THREAD_LIMIT", "1") or 1)
    if cv2.getNumThreads() != wanted:
        cv2.setNumThreads(wanted)


def orientation(gray: np.ndarray, timeout: float) -> tuple[int, float]:
    """Tesseract's orientation detection on a page: ``(clockwise turn that makes it upright,
    confidence)``; ``(0, 0.0)`` when it cannot tell (blank, too little text, no ``osd``
    model, or the call failed: the page then stays as it is)."""
    from PIL import Image

    from thaireports.ingest import tesseract
    from thaireports.ingest.geometry import resize

    try:
        # At half size (100 dpi): the script's shape shows as well, for 30% less time.
        return tesseract.orientation(Image.fromarray(resize(gray, 0.5)), timeout=timeout,
                                     dpi=100)
    except tesseract.TesseractError:
        return 0, 0.0


def upright(gray: np.ndarray, timeout: float) -> tuple[np.ndarray, int] | None:
    """The page turned upright and the clockwise turn in degrees, when Tesseract's orientation
    detection is confident it is turned; None otherwise (upright, blank, or unsure)."""
    from thaireports.ingest.geometry import turn

    rotate, confidence = orientation(gray, timeout)
    if rotate == 0 or confidence < MIN_OSD_CONFIDENCE:
        return None
    return turn(gray, -rotate), rotate


def ocr_prepared(scanned: np.ndarray, gray: np.ndarray | None, angle: float, page_number: int,
                 lang: str, timeout: float) -> OcrPage:
    """OCR a prepared page (``prepare``'s three values) into an OcrPage.

    ``gray`` may be None (``straighten(..., lazy=True)``): the page is then rotated by
    ``angle`` for the table search only when its ink as scanned may hold a ruling.
    """
    import cv2

    from thaireports.ingest.deskew import binarize, rotate
    from thaireports.ingest.digits import text_height, unread_page_number
    from thaireports.ingest.geometry import label_components, mask_non_text
    from thaireports.ingest.grids import grids_and_lines, may_hold_rulings
    from thaireports.ingest.quality import page_quality

    warnings: list[RecordWarning] = []
    scanned_ink = binarize(scanned)
    if gray is None and may_hold_rulings(scanned_ink, angle):
        gray = rotate(scanned, angle, smooth=False)  # a scan's copy for tables (straighten)
    # A page read straightened (a photo) or measured straight is the page tables are cut
    # from: its ink serves both. A page that cannot hold a ruling holds no table.
    grids, lines = (grids_and_lines(gray, ink=scanned_ink if gray is scanned else None)
                    if gray is not None else ([], None))

    # Text outside the tables: the page as scanned, stamps, signatures and emblems painted
    # paper (``ingest.geometry.mask_non_text``), table areas painted white.
    components = label_components(scanned_ink)  # ink is 0/255
    height = text_height(scanned_ink, components[2])
    clean, drawn = mask_non_text(scanned, scanned_ink, height, components)
    if drawn is not None:
        scanned_ink = scanned_ink.copy()
        scanned_ink[drawn] = 0
    masked = clean.copy() if grids and clean is scanned else clean  # never paint the caller's
    # The ink of what is read: the scan's, with the same areas painted out (not binarized again).
    masked_ink = scanned_ink.copy() if grids and drawn is None else scanned_ink
    table_tops = []
    for grid in grids:
        corners = _unrotate_box(grid.box, angle, gray.shape)
        cv2.fillPoly(masked, [corners], 255)
        cv2.fillPoly(masked_ink, [corners], 0)
        table_tops.append(int(corners[:, 1].min()))
    text, words, offsets, confidences = _read(masked, lang, timeout, None, height, warnings,
                                              page_number, "page text", ink=masked_ink,
                                              confidences=False)
    blocks = lines_in_order(text, words, offsets)
    number = unread_page_number(components[1], components[2], words, height)
    if number is not None:  # '- ๔ -' at the top, which Tesseract's layout dropped as noise
        blocks.append(_Block(top=number[0], text=number[1]))

    # Table cells: every non-empty cell of every table, stacked, one call.
    tables: list[Table] = []
    if grids:
        keys, crops = [], []
        for g, grid in enumerate(grids):
            for cell in grid.cells:
                crop = _cell_crop(gray, lines, cell.box)
                if crop is not None:
                    keys.append((g, cell.row, cell.col))
                    crops.append(crop)
        texts: dict[tuple[int, int, int], str] = {}
        if crops:
            stack, spans = stack_cells(crops)
            # psm 6: one uniform block of text, the stack's layout; psm 4 and 3 split the
            # marks of bold header cells off their letters.
            stack_text, cell_words, cell_offsets, cell_conf = _read(
                stack, lang, timeout, STACK_PSM, height, warnings, page_number, "table cells",
                confidences=False)
            confidences = (confidences or []) + (cell_conf or [])
            by_span = _words_by_span(list(zip(cell_words, cell_offsets)), spans)
            for key, pairs in zip(keys, by_span):
                texts[key] = _normalized(_cell_text(stack_text, pairs, height), page_number,
                                         warnings)
        for g, grid in enumerate(grids):
            rows = grid_to_rows(grid, {(r, c): t for (gg, r, c), t in texts.items() if gg == g})
            header = rows.pop(0) if rows and _has_header(rows[0]) else []
            table = Table(page=page_number, header=header, rows=rows)
            table_text = "\n".join("\t".join(row) for row in ([header] if header else []) + rows)
            blocks.append(_Block(top=table_tops[g], text=table_text, table=table))
            tables.append(table)

    # Page text in page order; tables learn where they start in it.
    parts: list[str] = []
    offset = 0
    for block in sorted(blocks, key=lambda b: b.top):
        text = block.text if block.table is not None else _normalized(
            block.text, page_number, warnings)
        if not text.strip():
            continue
        if parts:
            offset += 2  # the blank line between blocks
        if block.table is not None:
            block.table.offset = offset
        parts.append(text)
        offset += len(text)
    page_text = "\n\n".join(parts)
    if not page_text and not any(w.code in ("ocr-timeout", "ocr-failed") for w in warnings):
        add_warning(warnings, EMPTY_PAGE, "Tesseract found no text on the page", page_number)
    warnings.extend(implausible_numbers(page_text, page_number))
    page = Page(number=page_number, text_source="ocr", confidence=page_quality(page_text),
                text=page_text)
    mean = round(sum(confidences) / len(confidences), 2) if confidences else None
    return OcrPage(page=page, tables=tables, warnings=warnings, mean_confidence=mean,
                   angle=angle)
