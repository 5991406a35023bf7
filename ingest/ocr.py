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
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from ingest.document import Page, Table
from normalize.warning import RecordWarning

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
        mean_confidence: Tesseract's mean word confidence (0-100), for provenance only.
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
    """Bring a high-resolution scan down to 200 dpi; never scale up (it doubles Thai CER).

    The resolution comes from the image's dpi tag; an untagged image whose short side is
    much longer than an A4 page's at 200 dpi is taken to be a finer scan of an A4 page.

    Example:
        >>> from PIL import Image
        >>> page = Image.new("L", (2480, 3508))  # A4 at 300 dpi
        >>> page.info["dpi"] = (300, 300)
        >>> working_resolution(page).size
        (1653, 2339)
    """
    from PIL import Image

    dpi = image.info.get("dpi")
    scale = 1.0
    if dpi and dpi[0] and float(dpi[0]) > 1.25 * WORKING_DPI:
        scale = WORKING_DPI / float(dpi[0])
    elif not dpi and min(image.size) > 1.35 * A4_SHORT_SIDE:
        scale = A4_SHORT_SIDE / min(image.size)
    if scale >= 1.0:
        return image
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    return image.resize(size, Image.LANCZOS)


def prepare(image) -> tuple[np.ndarray, np.ndarray, float]:
    """The page as grayscale, and a straightened copy for finding and cutting tables.

    Tesseract reads slightly skewed text as well as straightened text (rotating resamples the
    glyphs, which cost more than it gained in our measurements), so page text is read from the
    page as it is; only the table work needs rows and columns parallel to the image edges.

    Returns:
        ``(gray, straight, angle)``: the page, its deskewed copy, the rotation in degrees.
    """
    from ingest.deskew import estimate_angle, rotate

    gray = np.asarray(working_resolution(image.convert("L")), dtype=np.uint8)
    angle = estimate_angle(gray)
    return gray, rotate(gray, angle), angle


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
        >>> from ingest.tesseract import Word
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


# --- table cells -------------------------------------------------------------------------------

def _cell_crop(gray: np.ndarray, lines: np.ndarray, box) -> np.ndarray | None:
    """A cell's content, ruling-line remnants erased, trimmed to its ink; None if empty."""
    from ingest.deskew import binarize

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
    """Give each word (or (word, offset) pair) to the stacked crop holding its centre."""
    out: list[list] = [[] for _ in spans]
    for item in words:
        word = item[0] if isinstance(item, tuple) else item
        centre = word.top + word.height / 2
        best = min(range(len(spans)),
                   key=lambda i: 0 if spans[i][0] <= centre < spans[i][1]
                   else min(abs(centre - spans[i][0]), abs(centre - spans[i][1])))
        out[best].append(item)
    return out


def _cell_text(text: str, words_offsets: list[tuple[object, int]], height: float) -> str:
    """A cell's text: its lines, each the stretch of the stack's text its words cover.

    Tesseract sometimes reads the row of marks above a line a second time, as a line of its
    own ('aa a' over 'วิธีการ/ขั้นตอน', 'cf ew' over 'เป็นปัจจุบัน'). Such a line is dropped:
    its boxes are all much lower than a consonant, or none of its words has a confidence a
    real line gets (real lines score 85-97 even when misread; these score 0-50).
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
        if max(s[3] for s in spans) < MARK_LINE_CONFIDENCE:
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


# --- the page ----------------------------------------------------------------------------------

def _read(image: np.ndarray, lang: str, timeout: float, psm: int | None, height: float,
          warnings: list[RecordWarning], page_number: int, what: str,
          ink: np.ndarray | None = None):
    """One Tesseract call, Thai digits re-read; a timeout or a crash on this image becomes a
    warning (``ocr-timeout``, ``ocr-failed``) and no text. ``ink`` is ``binarize(image)``
    when the caller has it already.

    Returns:
        ``(text, words, offsets, mean word confidence or None)``.
    """
    from PIL import Image

    from ingest import tesseract
    from ingest.deskew import binarize
    from ingest.digits import NoThaiFontError, recheck_text

    try:
        out = tesseract.ocr(Image.fromarray(image), lang=lang, psm=psm, timeout=timeout)
    except tesseract.TesseractTimeout as exc:
        warnings.append(RecordWarning(code="ocr-timeout", message=f"{what}: {exc}",
                                      page=page_number))
        return "", [], [], None
    except tesseract.TesseractError as exc:
        # The binary and languages were checked before: a failure now is this image's.
        warnings.append(RecordWarning(code="ocr-failed", message=f"{what}: {exc}",
                                      page=page_number))
        return "", [], [], None
    offsets = tesseract.char_offsets(out.text, out.words)
    text = out.text
    try:
        ink = binarize(image) if ink is None else ink
        text, offsets, _ = recheck_text(text, out.words, offsets, ink, height)
    except NoThaiFontError:
        pass  # no memo font installed: keep Tesseract's digits
    confidences = [w.conf for w in out.words if w.conf >= 0]
    return text, out.words, offsets, confidences


def _normalized(text: str, page_number: int, warnings: list[RecordWarning],
                join_wraps: bool = False) -> str:
    from normalize.text import normalize_text

    text, found = normalize_text(text, page=page_number, join_wraps=join_wraps)
    warnings.extend(found)
    return text


def ocr_image(image, page_number: int, lang: str = "tha+eng", timeout: float = 120) -> OcrPage:
    """OCR one page image into a Page, its ruled tables and warnings.

    Args:
        image: a PIL image of the page, ideally 200 dpi (do not upscale: it hurts Thai OCR).
        page_number: 1-based page number, put on the page, its tables and warnings.
        lang: Tesseract's language string.
        timeout: seconds for each Tesseract call (there are at most two per page).

    Returns:
        An OcrPage. Its text is normalized (Arabic digits, ำ repaired): paragraphs outside
        tables, and each table row by row, cells separated by tabs, in page order, e.g.
        ``'ลำดับ\\tวิธีการ/ขั้นตอน\\tผู้รับผิดชอบ\\n1\\tการทบทวนข้อมูลทั่วไป...'``.

    Raises:
        TesseractError: Tesseract or the language is missing (a broken environment).
    """
    import cv2

    from ingest import tesseract
    from ingest.deskew import binarize
    from ingest.digits import text_height
    from ingest.grids import grids_and_lines
    from ingest.quality import page_quality

    tesseract.check(lang)
    warnings: list[RecordWarning] = []
    scanned, gray, angle = prepare(image)
    grids, lines = grids_and_lines(gray)

    # Text outside the tables: the page as scanned, table areas painted white.
    masked = scanned.copy() if grids else scanned  # nothing to paint: no copy
    table_tops = []
    for grid in grids:
        corners = _unrotate_box(grid.box, angle, gray.shape)
        cv2.fillPoly(masked, [corners], 255)
        table_tops.append(int(corners[:, 1].min()))
    scanned_ink = binarize(scanned)
    height = text_height(scanned_ink)
    # Without tables the page read is the scan itself, whose ink is already at hand.
    text, words, offsets, confidences = _read(masked, lang, timeout, None, height, warnings,
                                              page_number, "page text",
                                              ink=None if grids else scanned_ink)
    blocks = paragraphs(text, words, offsets)

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
                stack, lang, timeout, STACK_PSM, height, warnings, page_number, "table cells")
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
    warnings.extend(implausible_numbers(page_text, page_number))
    page = Page(number=page_number, text_source="ocr", confidence=page_quality(page_text),
                text=page_text)
    mean = round(sum(confidences) / len(confidences), 2) if confidences else None
    return OcrPage(page=page, tables=tables, warnings=warnings, mean_confidence=mean,
                   angle=angle)
