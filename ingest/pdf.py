"""PDFs into a Document: text from the text layer, tables from ruling lines, OCR where needed.

- Text: pypdfium2's text layer, Thai repaired by ``normalize`` (PUA tone marks, ํ + า). It was
  measured at CER 0.004 and 7 ms a page; pdfplumber's ``extract_text`` reorders Thai marks and
  splits words (CER 0.37), so pdfplumber is used for geometry only.
- Tables: pdfplumber finds the cells from ruling lines (``find_tables``), and each cell's text
  is pypdfium2's text inside the cell's box. A table that goes on over a page break (same
  columns, no header or the same header) is one table, and a row cut by the break is one row.
- OCR, per page: a page whose text layer is missing or broken (nothing but PUA, U+FFFD, few
  dictionary words) or is glyph ids rather than text (a font without a usable ToUnicode map:
  control characters, symbols, no words; ``glyph_id_problem``) is rendered at 200 dpi and read
  by ``ingest.ocr.ocr_image``. ``ocr="always"`` reads every page that way, ``"never"`` none.
  Pages are handled one at a time, so a long scan never holds more than one page image.
- Bounds, decided before the work: a render is capped at ``MAX_RENDER_PIXELS`` (a huge page
  box gets a lower dpi, or no OCR, with a ``page-too-large`` warning), at most
  ``THAIREPORTS_MAX_OCR_PAGES`` pages of a file are OCR'd (``ocr-capped``), and a page pdfium
  cannot load (a page tree nested past its limit) is a warning, or the file's error when no
  page loads.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from thaireports.ingest.document import Document, OcrInfo, Page, Source, Table
from thaireports.ingest.errors import CorruptFileError, EncryptedPdfError, is_out_of_memory
from thaireports.normalize.errors import ThaiReportsError
from thaireports.normalize.warning import RecordWarning

OCR_DPI = 200
MIN_QUALITY = 0.5       # below this share of good Thai tokens, the text layer is not trusted
MIN_CHARS = 20          # fewer printable characters than this is "no text layer"
CELL_INSET = 0.8        # pt: shrink cell boxes so the border's neighbours stay out
EDGE_TOLERANCE = 0.03   # share of the page width two column edges may differ by and still match


@dataclass
class PageResult:
    """One page read, before tables are joined across pages."""

    page: Page
    tables: list[Table] = field(default_factory=list)
    edges: list[list[float] | None] = field(default_factory=list)  # column x-edges per table
    warnings: list[RecordWarning] = field(default_factory=list)
    ocr: bool = False
    mean_confidence: float | None = None


# ---------------------------------------------------------------------------------------------
# Opening


def open_pdf(path: Path):
    """Open a PDF with pypdfium2, turning its failures into IngestErrors that name the file.

    Raises:
        EncryptedPdfError: it needs a password.
        CorruptFileError: its bytes do not parse as a PDF.
    """
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise EncryptedPdfError(path) from exc
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise EncryptedPdfError(path, "PDF uses an unsupported security handler") from exc
        raise CorruptFileError(path, f"corrupt PDF ({exc})",
                               "re-save or repair it, e.g. `qpdf in.pdf out.pdf`") from exc


# ---------------------------------------------------------------------------------------------
# Text layer checks


# A text layer of glyph ids (a font with no ToUnicode map, or one that maps its glyphs to
# nothing readable): what any script's text has, and glyph ids do not. Reports are Thai and
# Latin prose, numbers and a little punctuation, so whatever the producer:
MAX_UNUSABLE_SHARE = 0.05  # control, private-use, unassigned, U+FFFD: none in real text
MIN_LETTER_SHARE = 0.6     # Thai or Latin letters and digits: >= 0.9 on prose, ~0.8 on tables
MIN_WORD_SHARE = 0.5       # a page without Thai: characters in letter-only or number tokens
_ASCII_SPACE = re.compile(r"[\t\n\r\f ]")
# Control (C0, C1 but tab, newlines, form feed), private use, surrogates, U+FFFD.
_UNUSABLE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ud800-\udfff\ufffd"
                       r"\U000f0000-\U0010ffff]")
_OTHER = re.compile(r"[^\x00-\x7f\u0e01-\u0e3a\u0e3f-\u0e5b]")  # neither ASCII nor assigned Thai
_LETTER_OR_DIGIT = re.compile(r"[A-Za-z0-9\u0e01-\u0e5b]")
_LATIN_WORD = re.compile(r"[(\[\"'“‘]*(?:[A-Za-z]+(?:[-'’.&][A-Za-z]+)*\.?|[0-9]+(?:[.,:/-][0-9]+)*%?)"
                         r"[)\]\"'”’.,;:!?]*")


def glyph_id_problem(text: str) -> str | None:
    """Why a text layer is not text at all (glyph ids or garbage where the characters should
    be), or None. A font without a ToUnicode map gives its glyph ids as control characters and
    ASCII symbols; a wrong map gives Private Use Area, unassigned or random code points. Three
    rules, none tied to a producer: real text has no control, private-use or unassigned code
    points; most of its characters are letters (of Thai or Latin script) or digits; and a page
    without Thai is made of words and numbers, not of symbols run together with letters.
    Thai pages with wrong Thai letters are ``ingest.quality``'s business (dictionary words).

    Example:
        >>> glyph_id_problem("".join(map(chr, range(1, 12))) + " (121) 3 45")
        '53% of its characters are control, private-use, unassigned or replacement characters'
        >>> glyph_id_problem("/R;R%R Z51LJC2$8A/$9%N6k 56#7*4+8-1:-1/0,$;3-6")
        'only 59% of its characters are Thai or Latin letters or digits'
        >>> glyph_id_problem("Annual integrity report, fiscal year 2022 (ITA): 95.5%") is None
        True
    """
    import unicodedata

    # Regexes for the common cases; unicodedata only for what is neither ASCII nor Thai (a few
    # characters on a real page): this runs on every page of every digital PDF.
    others = [unicodedata.category(ch) for ch in _OTHER.findall(text)]
    total = len(text) - len(_ASCII_SPACE.findall(text)) - sum(1 for c in others if c[0] == "Z")
    if total <= 0:
        return None
    unusable = len(_UNUSABLE.findall(text)) + others.count("Cn")
    if unusable > MAX_UNUSABLE_SHARE * total:
        return (f"{unusable / total:.0%} of its characters are control, private-use, "
                "unassigned or replacement characters")
    letters = len(_LETTER_OR_DIGIT.findall(text))
    if letters < MIN_LETTER_SHARE * total:
        return f"only {letters / total:.0%} of its characters are Thai or Latin letters or digits"
    if not _THAI.search(text):
        tokens = text.split()
        worded = sum(len(t) for t in tokens if _LATIN_WORD.fullmatch(t))
        if worded < MIN_WORD_SHARE * total:
            return (f"only {worded / total:.0%} of its characters are in words or numbers "
                    "(letters and symbols run together)")
    return None


def text_layer_check(text: str, memo: dict | None = None) -> tuple[str, str] | None:
    """``(problem, why)`` when a page's (repaired) text layer cannot be used, else None.

    ``problem`` is "no-text-layer", "broken-text-layer" (``ingest.quality``: few dictionary
    words, broken marks, or a map that writes ำ for า) or "glyph-id-text-layer" (the quality
    figure passed, but the characters are not text: ``glyph_id_problem``, e.g. control
    characters and ASCII symbols, which have no Thai tokens and look like Latin "words").
    ``why`` is for the page's warning; it names glyph ids whenever ``glyph_id_problem`` does.
    ``memo`` is ``ingest.quality.run_tokens``'s, for the pages of one document.
    """
    from thaireports.ingest.quality import page_quality

    printable = len("".join(text.split()))  # the characters that are not whitespace
    if printable < MIN_CHARS:
        return "no-text-layer", f"{printable} printable characters"
    # A font whose ToUnicode map sends the า glyph to ำ: Thai text has 5-10 times more า than ำ
    # (1177 to 147 in sample 004), so more ำ than า means the map is wrong, whatever the words.
    sara_aa, sara_am = text.count("\u0e32"), text.count("\u0e33")
    if sara_aa + sara_am >= 20 and sara_am > sara_aa:
        return "broken-text-layer", f"more ำ than า ({sara_am} to {sara_aa}): a wrong ToUnicode map"
    quality = page_quality(text, memo)
    why = glyph_id_problem(text)
    glyphs = None if why is None else why + ": glyph ids of a font without a usable ToUnicode map"
    if quality < MIN_QUALITY:
        return "broken-text-layer", glyphs or f"quality {quality:.2f} (few dictionary words, " \
                                              "broken marks)"
    # What the quality figure cannot see: no Thai tokens, yet not Latin text either.
    if glyphs is not None:
        return "glyph-id-text-layer", glyphs
    return None


def text_layer_problem(text: str) -> str | None:
    """Why a page's (repaired) text layer cannot be used, or None when it can (see
    ``text_layer_check``).

    Example:
        >>> text_layer_problem("")
        'no-text-layer'
        >>> text_layer_problem("มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน") is None
        True
    """
    check = text_layer_check(text)
    return None if check is None else check[0]


# --- text drawn twice ---------------------------------------------------------------------
# Some producers draw every glyph as a text object of its own and give each glyph of a Thai
# cluster the whole cluster's text: Chrome and Google Docs (Skia) write the tone mark of ส่ as
# a second "ส่" above the first, so the text layer reads "ส่วส่" and breaks lines at the marks.
# The same text drawn over itself is printed once: the later copy is dropped before the text
# layer is read.
_OVERDRAW_LOOKBACK = 4  # glyph objects back; a cluster has at most base + 3 marks
_PER_GLYPH_OBJECTS = 0.5  # text objects per character from which a page is checked


def overdrawn_text(page, textpage) -> tuple[list, list[tuple[float, float, float, float]]]:
    """``(repeated, textless)`` of a page drawn one text object per glyph or so: the raw text
    objects whose text repeats one of the few objects drawn just before it at the same place
    (x extents overlapping by half the narrower; vertically no further from it than its own
    height, as a tone mark stacked over a vowel above its base is), and the boxes (left, bottom, right,
    top) of glyphs that carry no text (their cluster's text went to its first glyph). ~6 ms
    for 1,100 objects; a page of text runs returns ([], []) from the object count alone."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    raw = page.raw
    count = pdfium_c.FPDFPage_CountObjects(raw)
    chars = textpage.count_chars()
    if chars == 0 or count < _PER_GLYPH_OBJECTS * chars:
        return [], []
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    buffer = (ctypes.c_ushort * 64)()
    recent: list[tuple[str, float, float, float, float]] = []
    repeated, textless = [], []
    for i in range(count):
        obj = pdfium_c.FPDFPage_GetObject(raw, i)
        if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_TEXT:
            continue
        size = pdfium_c.FPDFTextObj_GetText(obj, textpage.raw, buffer, 128)  # bytes, with NUL
        if size > 128 or not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            continue  # a long run: not one glyph
        text = bytes(buffer)[: max(size - 2, 0)].decode("utf-16-le", "replace").strip()
        if not text:
            textless.append((left.value, bottom.value, right.value, top.value))
            continue
        box = (text, left.value, bottom.value, right.value, top.value)
        if any(_drawn_over(earlier, box) for earlier in recent):
            repeated.append(obj)
            continue
        recent = (recent + [box])[-_OVERDRAW_LOOKBACK:]
    return repeated, textless


def _drawn_over(earlier: tuple, later: tuple) -> bool:
    """Whether ``later`` is ``earlier``'s text again, at its place."""
    text, x0, y0, x1, y1 = earlier
    if later[0] != text:
        return False
    overlap = min(x1, later[3]) - max(x0, later[1])
    narrower = min(x1 - x0, later[3] - later[1])
    gap = max(0.0, later[2] - y1, y0 - later[4])  # 0 when the boxes overlap vertically
    return narrower > 0 and overlap >= 0.5 * narrower and gap <= y1 - y0  # marks stack two high


def drop_overdrawn_text(page, textpage):
    """``textpage`` of ``page`` with every repeated copy of overdrawn text removed
    (``overdrawn_text``) and without the spaces pdfium inferred where a glyph without text
    fills the gap (``RespacedTextPage``); and how many copies were removed. The same textpage
    and 0 when the page has neither.

    The copies are removed from ``page`` in memory (nothing is saved); the page no longer
    renders its marks, so a page to OCR must be loaded again from the document.
    """
    import pypdfium2.raw as pdfium_c

    repeated, textless = overdrawn_text(page, textpage)
    if repeated:
        textpage.close()
        for obj in repeated:
            if pdfium_c.FPDFPage_RemoveObject(page.raw, obj):
                pdfium_c.FPDFPageObj_Destroy(obj)
        textpage = page.get_textpage()
    contexts = inferred_space_contexts(textpage, textless) if textless else frozenset()
    if contexts:
        textpage = RespacedTextPage(textpage, contexts)
    return textpage, len(repeated)


_CONTEXT = 2  # characters each side of a space that tell it apart on its page


def inferred_space_contexts(textpage, textless: list[tuple[float, float, float, float]]):
    """The (before, after) contexts of the spaces pdfium inferred from a gap that a glyph
    without text fills (the า of ำ drawn as ํ + า, its text given to the base: "สำ นัก"),
    minus any context a space of the page's own text also has."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    text = textpage.get_text_range()
    if len(text) != textpage.count_chars():
        return frozenset()
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))

    def box(i: int):
        pdfium_c.FPDFText_GetCharBox(textpage.raw, i, left, right, bottom, top)
        return left.value, bottom.value, right.value, top.value

    inferred, real = set(), set()
    for i in range(1, len(text) - 1):
        if text[i] != " ":
            continue
        key = (text[max(0, i - _CONTEXT):i], text[i + 1:i + 1 + _CONTEXT])
        if not (pdfium_c.FPDFText_IsGenerated(textpage.raw, i) == 1 and
                not text[i - 1].isspace() and not text[i + 1].isspace()):
            real.add(key)
            continue
        before, after = box(i - 1), box(i + 1)
        gap = after[0] - before[2]
        filled = sum(max(0.0, min(x1, after[0]) - max(x0, before[2]))
                     for x0, y0, x1, y1 in textless
                     if y0 < max(before[3], after[3]) and y1 > min(before[1], after[1]))
        (inferred if gap > 0 and filled >= 0.5 * gap else real).add(key)
    return frozenset(inferred - real)


class RespacedTextPage:
    """A pdfium textpage whose inferred spaces (``inferred_space_contexts``) read as zero-width
    spaces, which ``repair_thai`` removes: same length, so character indices still hold."""

    def __init__(self, textpage, contexts: frozenset[tuple[str, str]]) -> None:
        self._textpage = textpage
        self._contexts = contexts

    def __getattr__(self, name: str):
        return getattr(self._textpage, name)

    def _respace(self, text: str) -> str:
        if " " not in text:
            return text
        chars = list(text)
        for i, char in enumerate(chars):
            if char == " " and (text[max(0, i - _CONTEXT):i],
                                text[i + 1:i + 1 + _CONTEXT]) in self._contexts:
                chars[i] = "\u200b"
        return "".join(chars)

    def get_text_range(self, *args, **kwargs) -> str:
        return self._respace(self._textpage.get_text_range(*args, **kwargs))

    def get_text_bounded(self, *args, **kwargs) -> str:
        return self._respace(self._textpage.get_text_bounded(*args, **kwargs))


def _has_paths(page) -> bool:
    """Whether the page draws any vector path (ruling lines and cell borders are paths)."""
    import pypdfium2.raw as pdfium_c

    return any(True for _ in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,), max_depth=2))


def _has_images(page) -> bool:
    import pypdfium2.raw as pdfium_c

    return any(True for _ in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2))


# ---------------------------------------------------------------------------------------------
# Digital pages


@dataclass(frozen=True)
class PageFrame:
    """Maps between pdfplumber's coordinates (the page as displayed, /Rotate applied, y down)
    and pdfium's (the unrotated page, y up), so that pdfplumber's cell boxes select the right
    characters on landscape (rotated) pages too."""

    rotation: int
    width: float   # unrotated
    height: float  # unrotated

    @classmethod
    def of(cls, page) -> "PageFrame":
        rotation = page.get_rotation() % 360
        w, h = page.get_size()  # as displayed
        return cls(rotation, h, w) if rotation in (90, 270) else cls(rotation, w, h)

    def to_raw(self, x: float, top: float) -> tuple[float, float]:
        if self.rotation == 90:
            return top, x
        if self.rotation == 180:
            return self.width - x, top
        if self.rotation == 270:
            return self.width - top, self.height - x
        return x, self.height - top

    def to_display(self, x: float, y: float) -> tuple[float, float]:
        if self.rotation == 90:
            return y, x
        if self.rotation == 180:
            return self.width - x, y
        if self.rotation == 270:
            return self.height - y, self.width - x
        return x, self.height - y

    def raw_box(self, x0: float, top: float, x1: float, bottom: float) -> tuple[float, ...]:
        """A displayed box as pdfium's (left, bottom, right, top)."""
        (ax, ay), (bx, by) = self.to_raw(x0, top), self.to_raw(x1, bottom)
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)

    def display_box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, ...]:
        """pdfium's box as a displayed (x0, top, x1, bottom)."""
        (ax, ay), (bx, by) = self.to_display(left, bottom), self.to_display(right, top)
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


def _bounded(textpage, frame: PageFrame, x0: float, top: float, x1: float, bottom: float) -> str:
    """Text inside a box given in pdfplumber's (displayed, top-down) coordinates."""
    if x1 <= x0 or bottom <= top:
        return ""
    left, low, right, high = frame.raw_box(x0, top, x1, bottom)
    return textpage.get_text_bounded(left=left, bottom=low, right=right, top=high)


OPEN_END_MIN_COLUMNS = 2  # column rules ending together at an unruled height: a row left open
OPEN_END_TOLERANCE = 3.0  # pt: how close a rule must be to close that row


def open_row_closers(edges: list[dict]) -> list[dict]:
    """Horizontal lines where a table's column rules end with no rule across them.

    A row that a page break cuts is printed without its bottom rule on the first page and
    without its top rule on the next (Word, LibreOffice and WeasyPrint all do this), so a
    finder that needs four rules around a cell loses it: the last row of the page and the first
    of the next become loose text. Two or more column rules ending at the same height are the
    sides of such a row, and a line between their ends closes it.

    Example:
        >>> rules = [{"orientation": "v", "x0": x, "x1": x, "top": 100.0, "bottom": 700.0,
        ...           "height": 600.0} for x in (80.0, 300.0, 520.0)]
        >>> rules.append({"orientation": "h", "x0": 80.0, "x1": 520.0, "top": 100.0,
        ...               "bottom": 100.0, "width": 440.0})
        >>> [(c["top"], c["x0"], c["x1"]) for c in open_row_closers(rules)]
        [(700.0, 80.0, 520.0)]
    """
    verticals = [e for e in edges if e["orientation"] == "v" and e["height"] >= 2 * OPEN_END_TOLERANCE]
    horizontals = [e for e in edges if e["orientation"] == "h"]
    ends: dict[int, list[dict]] = {}
    for e in verticals:
        for y in (e["top"], e["bottom"]):
            ends.setdefault(round(y), []).append(e)
    closers = []
    for y, rules in sorted(ends.items()):
        xs = sorted({round(e["x0"], 1) for e in rules})
        if len(xs) < OPEN_END_MIN_COLUMNS:
            continue
        x0, x1 = xs[0], xs[-1]
        if any(abs(h["top"] - y) <= OPEN_END_TOLERANCE and h["x0"] <= x0 + OPEN_END_TOLERANCE
               and h["x1"] >= x1 - OPEN_END_TOLERANCE for h in horizontals):
            continue
        closers.append({"x0": x0, "x1": x1, "top": float(y), "bottom": float(y),
                        "width": x1 - x0, "height": 0.0, "orientation": "h",
                        "object_type": "line"})
    return closers


def geometry_only(plumber_page):
    """The pdfplumber page with its layout parsed without the text: pdfminer's parse of every
    character was ~90% of pdfplumber's cost on a table page, and the tables are found from the
    ruling lines and rectangles alone (the text comes from pypdfium2). Paths, rectangles and
    curves come out exactly as pdfplumber would parse them."""
    if plumber_page is None or hasattr(plumber_page, "_layout"):
        return plumber_page
    from pdfminer.pdfinterp import PDFPageInterpreter
    from pdfminer.utils import MATRIX_IDENTITY
    from pdfplumber.page import PDFPageAggregatorWithMarkedContent
    from pdfplumber.utils.exceptions import PdfminerException

    class PathsOnly(PDFPageInterpreter):
        def do_TJ(self, seq) -> None:  # Tj, ' and " show text through TJ too
            return None

        def render_contents(self, resources, streams, ctm=MATRIX_IDENTITY) -> None:
            # pages and Form XObjects: the streams without their text operations
            super().render_contents(resources, _without_shown_text(streams), ctm)

    device = PDFPageAggregatorWithMarkedContent(plumber_page.pdf.rsrcmgr,
                                                pageno=plumber_page.page_number,
                                                laparams=plumber_page.pdf.laparams)
    try:
        PathsOnly(plumber_page.pdf.rsrcmgr, device).process_page(plumber_page.page_obj)
    except Exception as exc:
        raise PdfminerException(exc) from exc
    plumber_page._layout = device.get_result()
    return plumber_page


# The tokens of a content stream, as pdfminer splits them, for the forms it reads them the same
# way (anything else, e.g. a NUL or \v outside a string, a number glued to an operator, an
# unterminated hex string, and the content stream is passed on untouched).
_PDF_TOKEN = re.compile(
    rb"(?P<space>[\t\n\x0c\r ]+)|(?P<comment>%[^\r\n]*)|(?P<string>\()|(?P<open><<|\[)"
    rb"|(?P<close>>>|\])|(?P<hex><[0-9A-Fa-f\t\n\x0c\r ]*>)|(?P<name>/[A-Za-z0-9_.+\-#:*]*)"
    rb"(?=[\t\n\x0c\r /\[\]()<>%]|$)"
    rb"|(?P<number>[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(?=[\t\n\x0c\r /\[\]()<>%]|$)"
    rb"|(?P<keyword>[A-Za-z][A-Za-z0-9*]*|'|\")(?=[\t\n\x0c\r /\[\]()<>%]|$)")
_STRING_STOP = re.compile(rb"[()\\]")
_OPERANDS = {b"true", b"false", b"null"}  # keywords that are values
# The text operators and how many operands each takes (pdfminer pops that many): they change
# only pdfminer's text state, which no path, rectangle or curve reads.
_TEXT_OPERATORS = {
    b"Tj": 1, b"'": 1, b"TJ": 1, b'"': 3,                   # showing text
    b"BT": 0, b"ET": 0, b"Td": 2, b"TD": 2, b"Tm": 6, b"T*": 0,  # text objects, positioning
    b"Tf": 2, b"Tc": 1, b"Tw": 1, b"Tz": 1, b"TL": 1, b"Tr": 1, b"Ts": 1,  # text state
}


def _string_end(data: bytes, start: int) -> int:
    """The end of the literal string opening at ``start`` (balanced parentheses, backslash
    escapes), or -1 when it does not end."""
    depth, pos = 0, start
    while True:
        m = _STRING_STOP.search(data, pos)
        if m is None:
            return -1
        char, pos = m.group(), m.end()
        if char == b"\\":
            pos += 1
        elif char == b"(":
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return pos


def strip_shown_text(data: bytes) -> bytes | None:
    """A content stream without its text operations (``BT``/``ET``, text state, positioning and
    showing, with their operands): they set only pdfminer's text state, and a parse for ruling
    lines shows no text anyway (``do_TJ``). Every other operator and operand stays byte for
    byte (colours and line widths set inside a text object too), so paths, rectangles, curves
    and images come out the same. None when the stream holds anything it does not read exactly as pdfminer does
    (inline images, odd tokens, operands left over or missing at a text operator, or left at
    the end): the caller then uses the stream as it is.

    Example:
        >>> strip_shown_text(b"BT /F1 16 Tf 59.5 769.6 Td 1 0 0 rg (abc) Tj [(x) -12 (y)] TJ ET "
        ...                  b"0 0 m 9 9 l S")
        b'      1 0 0 rg       0 0 m 9 9 l S'
        >>> strip_shown_text(b"BI /W 1 /H 1 ID xx EI\\n") is None
        True
    """
    out: list[bytes] = []
    kept = 0           # data[kept:] is not copied yet
    operands: list[str] = []  # kinds of the operands since the last operator
    operand_start = 0  # where they start
    depth = 0          # inside arrays and dictionaries
    pos, size = 0, len(data)
    token = _PDF_TOKEN.match
    while pos < size:
        m = token(data, pos)
        if m is None:
            if data[pos:pos + 1] != b"(":
                return None
            kind, end = "string", _string_end(data, pos)
            if end < 0:
                return None
        else:
            kind, end = m.lastgroup, m.end()
            if kind == "string":  # the group only marks the opening parenthesis
                end = _string_end(data, pos)
                if end < 0:
                    return None
        if kind in ("space", "comment"):
            pos = end
            continue
        if kind == "open":
            if depth == 0:
                if not operands:
                    operand_start = pos
                operands.append("array" if data[pos:pos + 1] == b"[" else "dict")
            depth += 1
        elif kind == "close":
            depth -= 1
            if depth < 0:
                return None
        elif kind == "keyword" and m.group() not in _OPERANDS:
            word = m.group()
            if depth or word in (b"BI", b"ID", b"EI"):
                return None
            wanted = _TEXT_OPERATORS.get(word)
            if wanted is not None:
                if len(operands) != wanted:
                    return None  # operands left over or missing: pdfminer's stack would differ
                out.append(data[kept:operand_start if operands else pos])
                out.append(b" ")
                kept = end
            operands = []
        elif depth == 0:
            if not operands:
                operand_start = pos
            operands.append("string" if kind in ("string", "hex") else
                            "number" if kind == "number" else "other")
        pos = end
    if depth or operands:
        return None
    if not out:
        return data
    out.append(data[kept:])
    return b"".join(out)


def _without_shown_text(streams):
    """Content streams as pdfminer takes them, each without its text operations
    (``strip_shown_text``), or all of them as they are when one cannot be stripped. Stripped
    streams keep their object ids (pdfminer's guard against circular Form XObjects)."""
    from pdfminer.pdftypes import PDFStream, list_value, stream_value

    try:
        originals = [stream_value(s) for s in list_value(streams)]
        stripped = [strip_shown_text(s.get_data()) for s in originals]
    except Exception:  # noqa: BLE001 - let pdfminer meet (and report) what is wrong with them
        return streams
    # pdfminer reads a page's streams as one: where one does not end in whitespace, its last
    # token runs on into the next stream's first, which a stripped stream could change
    if any(data is None for data in stripped) or any(
            s.get_data()[-1:] not in (b"", b"\t", b"\n", b"\x0c", b"\r", b" ")
            for s in originals[:-1]):
        return streams
    out = []
    for original, data in zip(originals, stripped):
        if data is original.get_data():
            out.append(original)
            continue
        stream = PDFStream({}, data)
        if original.objid is not None:
            stream.set_objid(original.objid, original.genno)
        out.append(stream)
    return out


def _plumber_tables(plumber_page) -> list:
    """pdfplumber tables from ruling lines, top to bottom (a table needs 2 rows or 2 columns);
    rows that a page break left open are closed first (``open_row_closers``)."""
    closers = open_row_closers(plumber_page.edges)
    settings = {"explicit_horizontal_lines": closers} if closers else {}
    tables = [t for t in plumber_page.find_tables(table_settings=settings)
              if len(t.rows) >= 1 and max(len(r.cells) for r in t.rows) >= 2]
    return sorted(tables, key=lambda t: (t.bbox[1], t.bbox[0]))


_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_THAI = re.compile(r"[\u0e01-\u0e5b]")


def join_cell_lines(text: str) -> str:
    """A cell's text-layer lines as one line. A line break between two Thai letters is a wrap
    inside a phrase (Word breaks Thai lines between words, with no space), so it joins with
    nothing; a break after a space, or next to Latin or digits, becomes one space.

    Example:
        >>> join_cell_lines("ผู้รับผิดชอ\\r\\nบ")
        'ผู้รับผิดชอบ'
        >>> join_cell_lines("รายงานความก้าวหน้าและ \\r\\nสรุปผล รอบ 6\\r\\nเดือน")
        'รายงานความก้าวหน้าและ สรุปผล รอบ 6 เดือน'
    """
    pieces = _LINE_BREAK.split(text)
    out = pieces[0]
    for piece in pieces[1:]:
        out = join_two_lines(out, piece)
    return out


def join_two_lines(before: str, after: str) -> str:
    """``before`` and the line that continues it, by the rule of ``join_cell_lines``
    (``normalize.spacing.join_wrapped``)."""
    from thaireports.normalize.spacing import join_wrapped

    return join_wrapped(before, after)


def _cell_rows(table, textpage, frame: PageFrame) -> tuple[list[list[str]], list[float]]:
    rows: list[list[str]] = []
    # Each column's x-range, from the rows where its cell was found.
    columns: dict[int, tuple[float, float]] = {}
    for row in table.rows:
        for j, box in enumerate(row.cells):
            if box is not None and j not in columns:
                columns[j] = (box[0], box[2])
    for row in table.rows:
        cells = []
        found = [b for b in row.cells if b is not None]
        row_top = min((b[1] for b in found), default=0.0)
        row_bottom = max((b[3] for b in found), default=0.0)
        for j, box in enumerate(row.cells):
            if box is None:
                # pdfplumber found no cell here: either a merged cell covers the spot (its text
                # went to that cell), or a ruling line came out a hair short; read the spot then.
                if j not in columns or _covered(table.cells, columns[j], row_top, row_bottom):
                    cells.append("")
                    continue
                box = (columns[j][0], row_top, columns[j][1], row_bottom)
            x0, top, x1, bottom = box
            cells.append(join_cell_lines(_bounded(textpage, frame, x0 + CELL_INSET,
                                                  top + CELL_INSET, x1 - CELL_INSET,
                                                  bottom - CELL_INSET)))
        rows.append(cells)
    edges = sorted({round(c[0], 1) for r in table.rows for c in r.cells if c} |
                   {round(c[2], 1) for r in table.rows for c in r.cells if c})
    return rows, edges


def _covered(cells, column: tuple[float, float], top: float, bottom: float) -> bool:
    """Whether some cell of the table covers the middle of this column in this row."""
    x, y = (column[0] + column[1]) / 2, (top + bottom) / 2
    return any(c[0] < x < c[2] and c[1] < y < c[3] for c in cells)


@dataclass
class TextLine:
    """One line of the text layer with its box, in pdfplumber's top-down coordinates."""

    text: str
    left: float
    top: float
    right: float
    bottom: float
    baseline: float = 0.0  # median bottom of the glyph boxes: steadier than top/bottom for Thai

    @property
    def middle(self) -> tuple[float, float]:
        return (self.left + self.right) / 2, (self.top + self.bottom) / 2


def _line_boxes(textpage, frame: PageFrame, text: str):
    """``(start, end) -> (left, top, right, bottoms)`` of the characters ``start..end`` of the
    text layer that are not whitespace and have a box (``bottoms`` sorted), or None: the
    displayed boxes of ``textpage.get_charbox`` (``frame.display_box``), the same floats, read
    without pypdfium2's helper and without a tuple per character (a page has ~1,300)."""
    import ctypes

    import pypdfium2.raw as pdfium_c
    from pypdfium2 import PdfiumError

    c_left, c_right, c_bottom, c_top = ctypes.c_double(), ctypes.c_double(), \
        ctypes.c_double(), ctypes.c_double()
    get, raw = pdfium_c.FPDFText_GetCharBox, textpage.raw
    display_box, height = frame.display_box, frame.height
    upright = frame.rotation == 0

    def line_box(start: int, end: int):
        left = top = right = 0.0
        bottoms: list[float] = []
        for i in range(start, end):
            if text[i].isspace():
                continue
            if not get(raw, i, c_left, c_right, c_bottom, c_top):
                raise PdfiumError("Failed to get charbox.")
            if upright:  # to_display is (x, height - y); min and max as the builtins pick
                ax, bx = c_left.value, c_right.value
                ay, by = height - c_bottom.value, height - c_top.value
                x0, x1 = (bx, ax) if bx < ax else (ax, bx if bx > ax else ax)
                y0, y1 = (by, ay) if by < ay else (ay, by if by > ay else ay)
            else:
                x0, y0, x1, y1 = display_box(c_left.value, c_bottom.value, c_right.value,
                                             c_top.value)
            if not (x1 > x0 or y1 > y0):
                continue  # no box: a mark pdfium gives no extent
            if not bottoms:
                left, top, right = x0, y0, x1
            else:  # min() and max() keep the first of equal values, and so does this
                if x0 < left:
                    left = x0
                if y0 < top:
                    top = y0
                if x1 > right:
                    right = x1
            bottoms.append(y1)
        if not bottoms:
            return None
        bottoms.sort()
        return left, top, right, bottoms

    return line_box


def text_lines(textpage, frame: PageFrame) -> list[TextLine] | None:
    """The text layer as lines (pdfium's own line breaks) with their displayed boxes, or None
    when the characters and their boxes cannot be matched up."""
    count = textpage.count_chars()
    text = textpage.get_text_range(0, count)
    if len(text) != count:
        return None
    lines: list[TextLine] = []
    line_box = _line_boxes(textpage, frame, text)
    start = 0
    for index in range(count + 1):
        if index < count and text[index] not in "\r\n":
            continue
        if index > start:
            box = line_box(start, index)
            if box is not None:
                left, top, right, bottoms = box
                lines.append(TextLine(text=text[start:index], left=left, right=right, top=top,
                                      bottom=bottoms[-1], baseline=bottoms[len(bottoms) // 2]))
        start = index + 1
    return lines


_LIST_START = re.compile(r"^\s*(?:[(\[]?[0-9\u0e50-\u0e59]+(?:\.[0-9\u0e50-\u0e59]+)*[.)\]]|[-•*–]|\()")
# Field labels of the Thai memo form (บันทึกข้อความ) and announcements: each starts its own line.
_FIELD_START = re.compile(r"^\s*(?:ส่วนราชการ|ที่|วันที่|เรื่อง|เรียน|สิ่งที่ส่งมาด้วย|อ้างถึง|"
                          r"ประกาศ ณ|สั่ง ณ|ลงชื่อ|\(ลงชื่อ\))(?:\s|$)")


HANGING_INDENT = 0.08  # of the text width: a list marker and its gap ('(๑) ', '1) ')
INDENTED_BLOCK = 0.25  # of the text width: how far in an indented block (a list) starts


def reflow(lines: list[TextLine]) -> str:
    """Prose lines into paragraphs: a line that reaches the right edge of the text goes on in the
    next line, unless that one is indented, starts a list item, or sits after a paragraph gap.
    Lines join like lines of a table cell (no space inside Thai, see ``join_cell_lines``).

    Example:
        >>> reflow([TextLine("องค์การบริหารส่วนตำบลบึง", 60, 100, 530, 116, 114),
        ...         TextLine("นคร อำเภอธวัชบุรี", 60, 116, 200, 132, 130),
        ...         TextLine("1. กำหนดบทบาท", 60, 132, 300, 148, 146)])
        'องค์การบริหารส่วนตำบลบึงนคร อำเภอธวัชบุรี\\n1. กำหนดบทบาท'
        >>> reflow([TextLine("2) มาตรการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิ", 157, 60, 517, 76, 74),
        ...         TextLine("ชอบ", 114, 81, 142, 97, 95),
        ...         TextLine("ประชาชนทั่วไปเข้าถึงได้ง่ายและรวดเร็ว", 60, 102, 300, 118, 116)])
        '2) มาตรการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ\\nประชาชนทั่วไปเข้าถึงได้ง่ายและรวดเร็ว'
    """
    if not lines:
        return ""
    left = min(line.left for line in lines)
    right = max(line.right for line in lines)
    span = max(right - left, 1.0)
    steps = sorted(b.baseline - a.baseline for a, b in zip(lines, lines[1:])
                   if b.baseline > a.baseline)
    pitch = steps[len(steps) // 2] if steps else 0.0
    out = lines[0].text.strip()
    joined = False  # whether ``prev`` itself continued the line before it
    for prev, line in zip(lines, lines[1:]):
        wrapped = (prev.right >= right - 0.2 * span
                   and (not pitch or 0 < line.baseline - prev.baseline <= 1.25 * pitch)
                   and (line.left <= left + 0.05 * span
                        or _wraps_in_block(prev, line, left, span, joined))
                   and not _LIST_START.match(line.text)
                   and not _FIELD_START.match(line.text))
        out = join_two_lines(out, line.text.strip()) if wrapped else out + "\n" + line.text.strip()
        joined = wrapped
    return out


def _wraps_in_block(prev: TextLine, line: TextLine, left: float, span: float,
                    prev_joined: bool) -> bool:
    """Whether ``line`` wraps ``prev`` inside an indented block of the left part of the text
    (centred lines, a signature block, are no block). A wrapped line goes back to the block's
    own margin: left of an indented first line ('1) มาตรการ...' then its tail under it),
    under the text after a list marker (a hanging indent), or where the line before it
    wrapped to. A line that starts where an indented first line started is the next
    paragraph's first line (Thai memos indent every paragraph's first line alike)."""
    if prev.left > left + INDENTED_BLOCK * span:
        return False
    step = line.left - prev.left
    if prev_joined and abs(step) <= 0.01 * span:
        return True  # the block's margin, as the line before found it
    if step < -0.01 * span:
        return True  # back under an indented first line
    return bool(_LIST_START.match(prev.text)) and 0.01 * span < step <= HANGING_INDENT * span


def read_digital_page(number: int, page, textpage, plumber_page,
                      memo: dict | None = None) -> PageResult:
    """A page with a good text layer: prose reflowed into paragraphs, tables as grids, all in
    reading order (top to bottom; text beside a table after it). ``memo``: the document's
    tokens of Thai runs (``ingest.quality.run_tokens``)."""
    from thaireports.ingest.quality import page_quality
    from thaireports.ingest.text import normalize_block, table_fragment

    warnings: list[RecordWarning] = []
    width, height = page.get_size()
    frame = PageFrame.of(page)
    parts: list[str] = []
    tables: list[Table] = []
    edges: list[list[float] | None] = []
    offset = 0

    def add(rendered: str) -> int:
        nonlocal offset
        start = offset + (2 if parts else 0)
        offset = start + len(rendered)
        parts.append(rendered)
        return start

    def add_text(raw: str) -> None:
        text, text_warnings = normalize_block(raw.replace("\r\n", "\n").replace("\r", "\n"), number)
        warnings.extend(text_warnings)
        text = "\n".join(line.strip() for line in text.split("\n") if line.strip())
        if text:
            add(text)

    found = _plumber_tables(plumber_page) if plumber_page is not None else []
    lines = text_lines(textpage, frame)
    if lines is None:  # no geometry for the characters: plain text, tables as found
        lines = [TextLine(textpage.get_text_range(), 0, 0, width, 0)]
    # Items in reading order: (top, kind, payload); prose lines outside every table.
    items: list[tuple[float, int, object]] = []
    for line in lines:
        x, y = line.middle
        if not any(t.bbox[0] <= x <= t.bbox[2] and t.bbox[1] <= y <= t.bbox[3] for t in found):
            items.append((line.top, 1, line))
    for table in found:
        items.append((table.bbox[1], 0, table))
    items.sort(key=lambda item: (item[0], item[1]))
    prose: list[TextLine] = []
    for _top, kind, payload in items:
        if kind == 1:
            prose.append(payload)  # type: ignore[arg-type]
            continue
        add_text(reflow(prose))
        prose = []
        raw_rows, table_edges = _cell_rows(payload, textpage, frame)
        fragment = table_fragment(raw_rows, number, warnings)
        if fragment is not None:
            start = add("\n".join("\t".join(row) for row in fragment.rows))
            tables.append(Table(page=number, header=fragment.header,
                                rows=[list(r) for r in fragment.data_rows], offset=start))
            edges.append(table_edges)
    add_text(reflow(prose))
    body = "\n\n".join(parts)
    page_model = Page(number=number, text_source="pdf-text", confidence=page_quality(body, memo),
                      text=body)
    return PageResult(page=page_model, tables=tables, edges=edges, warnings=warnings)


# ---------------------------------------------------------------------------------------------
# OCR pages


FULL_PAGE = 0.9  # an image covering this share of the page (both sides) is the page itself


# Text that draws nothing: render modes 3 (invisible) and 7 (clip only). Searchable-scan
# producers (OCRmyPDF, Tesseract's PDF renderer, Acrobat and scanner firmware) lay their OCR
# text over the page image in mode 3.
_HIDDEN_TEXT_MODES = (3, 7)


def _covers_page(image_object, page) -> bool:
    """Whether an image object is placed upright over (nearly) the whole page."""
    a, b, c, d, _, _ = image_object.get_matrix().get()
    width_pt, height_pt = page.get_size()
    return abs(b) <= 1e-3 and abs(c) <= 1e-3 and a >= FULL_PAGE * width_pt \
        and d >= FULL_PAGE * height_pt


def _see_through(image_object) -> bool:
    """Whether an image lets what is drawn under it show (a soft mask or alpha below opaque).
    Rendered with its mask, so only asked of an image that covers text (rare)."""
    import numpy as np

    try:
        bitmap = image_object.get_bitmap(render=True)
    except Exception:  # noqa: BLE001 - an image pdfium cannot decode hides nothing
        return True
    try:
        if "A" not in bitmap.mode:
            return False
        return int(np.asarray(bitmap.to_pil())[..., -1].min()) < 250
    finally:
        bitmap.close()


def scan_under_text(page):
    """``(image, hidden_text)`` of a scanned page: its one page-covering image object (None
    when the page is not a scan) and how many text objects lie on it drawing nothing.

    A scan is a page whose only visible object is one upright image covering the page. Text
    objects in an invisible render mode, or drawn before that opaque image (under it), are
    another program's OCR of the scan (a "searchable PDF"); form objects are looked into.
    Anything else visible (a path, a visible text, a second image) makes it a composed page.
    Pages without a top-level image or form, the digital pages, are told from the raw object
    types alone (~0.5 ms for 400 objects).
    """
    import pypdfium2.raw as pdfium_c

    count = pdfium_c.FPDFPage_CountObjects(page.raw)
    containers = (pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_FORM)
    if not any(pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(page.raw, i))
               in containers for i in range(count)):
        return None, 0
    image, hidden, covered = None, 0, 0
    for obj in page.get_objects(max_depth=4):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_FORM:
            continue
        if obj.type == pdfium_c.FPDF_PAGEOBJ_TEXT:
            if pdfium_c.FPDFTextObj_GetTextRenderMode(obj.raw) in _HIDDEN_TEXT_MODES:
                hidden += 1
                continue
            if image is None:
                covered += 1  # visible, unless the scan drawn next is opaque
                continue
            return None, 0
        if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE and image is None and _covers_page(obj, page):
            if covered and _see_through(obj):
                return None, 0  # a see-through image over the text: a watermark
            image = obj
            continue
        return None, 0
    return (image, hidden + covered) if image is not None else (None, 0)


def _full_page_image(page):
    """The page's one embedded image at its own resolution, or None.

    A scanned page is one image: taking its pixels as they are (a 300 dpi bitonal scan stays
    bitonal, a phone photo stays in colour) leaves the downscale, the binarization and the
    stamp drop-out to ``ingest.ocr``, which knows what each needs; a render at a fixed dpi
    would have blurred and greyed them first. Text another program's OCR left on the scan
    draws nothing and does not count (``scan_under_text``). Images placed rotated, or pages
    with anything else drawn on them, are rendered instead.
    """
    image_object, _ = scan_under_text(page)
    if image_object is None:
        return None
    a, _, _, d, _, _ = image_object.get_matrix().get()
    from thaireports.ingest.image import MAX_PIXELS

    try:
        px_width, px_height = image_object.get_px_size()
    except Exception:  # noqa: BLE001 - no size: let the render decide
        return None
    if px_width <= 0 or px_height <= 0 or px_width * px_height > MAX_PIXELS:
        return None  # a bomb or a broken image: the (capped) render shows what can be seen
    try:
        image = image_object.get_bitmap(render=False).to_pil()
    except Exception:  # an encoding pdfium only renders (masks, JBIG2 globals): render it
        return None
    image.info["dpi"] = (round(image.width * 72 / a), round(image.height * 72 / d))
    return image


# A render for OCR is capped by pixels, decided from the page box before rendering: a page of
# 200 x 200 inches at 200 dpi is 1.6 Gpx (4.8 GB of RGB). A0 at 200 dpi is 62 Mpx.
MAX_RENDER_PIXELS = 50_000_000
MIN_RENDER_DPI = 60  # below this, 16 pt Thai is a few pixels tall: OCR would read nothing


class PageTooLarge(ValueError):
    """A page whose box is too large (or absurd) to render for OCR even at MIN_RENDER_DPI."""


def render_dpi(page, number: int = 0) -> tuple[int, str | None]:
    """The dpi to render the page at for OCR, and why it is less than ``OCR_DPI`` (None when
    it is not).

    Raises:
        PageTooLarge: the page box is not a finite positive size, or even ``MIN_RENDER_DPI``
            would need more than ``MAX_RENDER_PIXELS``.
    """
    import math

    width, height = page.get_size()
    if not (math.isfinite(width) and math.isfinite(height) and width > 0 and height > 0):
        raise PageTooLarge(f"page {number} has an unusable page box ({width} x {height} pt): "
                           "not OCR'd")
    area = (width / 72) * (height / 72)  # square inches
    if area * OCR_DPI * OCR_DPI <= MAX_RENDER_PIXELS:
        return OCR_DPI, None
    dpi = int(math.sqrt(MAX_RENDER_PIXELS / area))
    size = f"{width / 72:.4g} x {height / 72:.4g} in"
    if dpi < MIN_RENDER_DPI:
        raise PageTooLarge(f"page {number} is {size}: too large to render for OCR even at "
                           f"{MIN_RENDER_DPI} dpi (at most {MAX_RENDER_PIXELS:,} pixels); "
                           "not OCR'd")
    return dpi, (f"page {number} is {size}: rendered for OCR at {dpi} dpi instead of "
                 f"{OCR_DPI} (at most {MAX_RENDER_PIXELS:,} pixels)")


def page_image(page, warnings: list[RecordWarning] | None = None, number: int = 0):
    """The page as an image for OCR: its scan at full resolution, else a 200 dpi render (lower
    for a page too large for that, with a ``page-too-large`` warning into ``warnings``).

    Raises:
        PageTooLarge: see ``render_dpi``.
    """
    image = _full_page_image(page)
    if image is not None:
        return image
    dpi, why = render_dpi(page, number)
    if why is not None and warnings is not None:
        warnings.append(RecordWarning(code="page-too-large", message=why, page=number or None))
    bitmap = page.render(scale=dpi / 72)
    try:
        image = bitmap.to_pil().copy()
    finally:
        bitmap.close()
    image.info["dpi"] = (dpi, dpi)
    return image


def ocr_jobs() -> int:
    """How many pages of one file are OCR'd at once: ``THAIREPORTS_OCR_JOBS``, else the cores
    this process may use. Each page runs its own single-threaded Tesseract process."""
    import os

    value = os.environ.get("THAIREPORTS_OCR_JOBS", "")
    if value.strip().isdigit() and int(value) > 0:
        return int(value)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _fill_ocr_result(result: PageResult, ocr_page) -> None:
    """Put what OCR made of a page into the PageResult that stands for it."""
    result.page = ocr_page.page
    result.tables = list(ocr_page.tables)
    result.edges = [None] * len(ocr_page.tables)
    result.warnings.extend(ocr_page.warnings)
    result.mean_confidence = ocr_page.mean_confidence


def fail_ocr_result(result: PageResult, exc: BaseException) -> None:
    """A page whose OCR raised: a broken environment stops the file, anything else is the page's."""
    if isinstance(exc, ThaiReportsError):
        raise exc
    if is_out_of_memory(exc):
        raise MemoryError(str(exc)) from exc
    number = result.page.number
    result.warnings.append(RecordWarning(
        code="page-unreadable", message=f"page {number} could not be read: {exc}", page=number))


class OcrQueue:
    """Pages of one file OCR'd in parallel, up to ``jobs`` at a time.

    Pages are rendered one after another in the caller's thread (pdfium is not thread-safe);
    their OCR runs in worker threads, each driving its own Tesseract process, so the pages of
    a long scan use every core given. At most ``2 * jobs`` page images wait at once.
    """

    def __init__(self, jobs: int, source: str = "", total: int | None = None):
        from concurrent.futures import ThreadPoolExecutor

        self.jobs = max(1, jobs)
        self.pool = ThreadPoolExecutor(self.jobs, thread_name_prefix="ocr") if self.jobs > 1 else None
        self.pending: list = []
        self.source, self.total = source, total  # for the progress line (ingest.ocr.report_page)

    def _ocr(self, image, number: int, lang: str):
        """One page's OCR, reported to the progress log when done."""
        import time

        from thaireports.ingest.ocr import ocr_image, report_page

        started = time.perf_counter()
        page = ocr_image(image, number, lang=lang)
        report_page(self.source, number, self.total, time.perf_counter() - started)
        return page

    def submit(self, result: PageResult, image, lang: str) -> None:
        """OCR ``image`` into ``result`` (now, or in a worker thread)."""
        number = result.page.number
        if self.pool is None:
            try:
                _fill_ocr_result(result, self._ocr(image, number, lang))
            finally:
                image.close()
            return
        self.pending.append((result, self.pool.submit(self._ocr, image, number, lang), image))
        self._collect(wait=False)
        while len(self.pending) > 2 * self.jobs:
            self.pending[0][1].exception()  # the oldest page: wait for it
            self._collect(wait=False)

    def _collect(self, wait: bool) -> None:
        """Fill the results of the pages whose OCR is done and let their images go, so that a
        long scan holds at most ``2 * jobs`` page images, not one per page read so far."""
        kept = []
        for result, future, image in self.pending:
            if not wait and not future.done():
                kept.append((result, future, image))
                continue
            try:
                _fill_ocr_result(result, future.result())
            except Exception as exc:  # noqa: BLE001 - sorted by fail_ocr_result
                fail_ocr_result(result, exc)
            finally:
                image.close()
        self.pending = kept

    def finish(self) -> None:
        """Wait for every page and fill its result (a failed page gets its warning)."""
        try:
            self._collect(wait=True)
        finally:
            for _, _, image in self.pending:  # left by an error that stopped the file
                image.close()
            self.pending = []
            self.close()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


def read_ocr_page(number: int, page, lang: str, queue: OcrQueue | None = None) -> PageResult:
    """OCR one page (``ingest.ocr``) from its scan or a 200 dpi render.

    With a ``queue`` the OCR runs in the queue's threads and the returned PageResult is filled
    by ``queue.finish()``; without one it is read here and now.
    """
    result = PageResult(page=Page(number=number, text_source="ocr", confidence=0.0, text=""),
                        ocr=True)
    try:
        image = page_image(page, result.warnings, number)
    except PageTooLarge as exc:
        result.ocr = False
        result.page.text_source = "pdf-text"
        result.warnings.append(RecordWarning(code="page-too-large", message=str(exc),
                                             page=number))
        return result
    (queue or OcrQueue(1)).submit(result, image, lang)
    return result


# ---------------------------------------------------------------------------------------------
# Joining tables across pages


def _only_furniture(text: str) -> bool:
    """Nothing but a page number or a short running line ('- 2 -', 'หน้า 2', '/ข้อเสนอแนะ...')."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    return all(len(line) <= 20 for line in lines) and len(lines) <= 2


def _starts_with(result: PageResult) -> Table | None:
    if not result.tables:
        return None
    first = min(result.tables, key=lambda t: t.offset or 0)
    return first if _only_furniture(result.page.text[: first.offset or 0]) else None


def _ends_with(result: PageResult) -> Table | None:
    from thaireports.ingest.document import table_text_end

    if not result.tables:
        return None
    last = max(result.tables, key=lambda t: t.offset or 0)
    if last.offset is None:
        return None
    return last if _only_furniture(result.page.text[table_text_end(result.page.text, last):]) else None


def _width(table: Table) -> int:
    return max([len(table.header)] + [len(r) for r in table.rows])


def _edges_match(a: list[float] | None, b: list[float] | None, page_width: float) -> bool:
    if a is None or b is None or len(a) != len(b):
        return a is None or b is None
    return all(abs(x - y) <= EDGE_TOLERANCE * page_width for x, y in zip(a, b))


def continues(prev: Table, cur: Table) -> bool:
    """Whether ``cur`` (first on its page) goes on with ``prev`` (last on the page before):
    same column count, and no header or the same header repeated.

    Example:
        >>> continues(Table(header=["มาตรการ", "ผู้รับผิดชอบ"], rows=[["ก", "ข"]]),
        ...           Table(header=[], rows=[["ค", "ง"]]))
        True
    """
    from thaireports.ingest.text import same_header

    if _width(prev) != _width(cur):
        return False
    if not cur.header:
        return True
    return bool(prev.header) and same_header(prev.header, cur.header)


def join_across_pages(results: list[PageResult], page_width: float = 595.0) -> list[Table]:
    """All tables of the document, with tables that go on over a page break joined.

    Args:
        results: the pages, in order.
        page_width: for comparing column edges (points).

    Returns:
        The tables; a continued table keeps the page where it starts.
    """
    from thaireports.ingest.text import is_cut_row, join_cut_row

    tables: list[Table] = []
    into: dict[int, Table] = {}  # id(a page's table) -> the document table it went into
    for k, result in enumerate(results):
        first = _starts_with(result)
        for table, edges in zip(result.tables, result.edges):
            if table is first and k:
                prev_result = results[k - 1]
                prev = _ends_with(prev_result)
                target = into.get(id(prev)) if prev is not None else None
                prev_edges = None
                if prev is not None:
                    prev_edges = prev_result.edges[prev_result.tables.index(prev)]
                if target is not None and target is tables[-1] and continues(target, table) \
                        and _edges_match(prev_edges, edges, page_width):
                    rows = [list(r) for r in table.rows]
                    if rows and target.rows and is_cut_row(target.rows[-1], rows[0],
                                                            target.rows):
                        target.rows[-1] = join_cut_row(target.rows[-1], rows.pop(0))
                    target.rows.extend(rows)
                    into[id(table)] = target
                    continue
            into[id(table)] = table
            tables.append(table)
    return tables


# ---------------------------------------------------------------------------------------------
# The reader


def read(path: Path, media_type: str = "application/pdf", sha256: str | None = None,
         ocr: str = "auto", lang: str = "tha+eng", max_ocr_pages: int | None = None) -> Document:
    """Read a digital, scanned or mixed PDF into a Document.

    Args:
        path: the PDF.
        media_type: its sniffed media type.
        sha256: hex digest of the bytes (computed when not given).
        ocr: "auto", "always" or "never" (see the module docstring).
        lang: Tesseract languages.
        max_ocr_pages: OCR at most this many pages of the file (default: ``max_ocr_pages()``,
            ``THAIREPORTS_MAX_OCR_PAGES``); the pages past it are read as with ``ocr="never"``
            and one ``ocr-capped`` warning says how many.

    Returns:
        The Document. ``source.text_source`` is "pdf-text" when no page was OCR'd, else "ocr".

    Raises:
        EncryptedPdfError, CorruptFileError: the PDF cannot be opened, or none of its pages
            can be loaded (a broken or absurdly deep page tree).
    """
    import hashlib

    path = Path(path)
    if sha256 is None:
        sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    document = open_pdf(path)
    plumber = None
    results: list[PageResult] = []
    warnings: list[RecordWarning] = []
    page_width = 595.0
    budget = OcrBudget(max_ocr_pages_default() if max_ocr_pages is None else max_ocr_pages)
    queue = OcrQueue(ocr_jobs() if ocr != "never" else 1, source=path.name)
    unloaded = 0  # pages pdfium could not load at all
    memo: dict = {}  # tokens of Thai runs, for the quality figures of this document's pages
    try:
        count = len(document)
        queue.total = count
        if count == 0:
            raise CorruptFileError(path, "PDF has no pages")
        for index in range(count):
            number = index + 1
            page = textpage = text_page = None
            try:
                try:
                    page = document[index]
                except Exception:
                    unloaded += 1
                    raise
                page_width = page.get_width()
                textpage = page.get_textpage()
                text_page = page  # the page the text layer is read from
                textpage, repeated = drop_overdrawn_text(page, textpage)
                if repeated:  # ``page`` lost the copies: render the page as drawn for OCR
                    page = document[index]
                result = _read_page(number, page, textpage, ocr, lang, queue, budget, memo)
                if result is None and not _has_paths(page):
                    # no vector graphics, so no ruling lines: pdfplumber's parse of every
                    # character (most of a digital page's cost) would find no table
                    result = read_digital_page(number, page, textpage, None, memo)
                elif result is None:  # needs the geometry: open pdfplumber once, lazily
                    if plumber is None:
                        plumber = _open_plumber(path)
                    plumber_page = _plumber_page(plumber, index)
                    result = read_digital_page(number, page, textpage,
                                               geometry_only(plumber_page)
                                               if plumber_page is not None else None, memo)
                    if plumber_page is not None:
                        plumber_page.close()
            except ThaiReportsError:
                raise  # a broken environment (no Tesseract, no 'tha'): not a page problem
            except Exception as exc:  # one bad page must not lose the others
                if is_out_of_memory(exc):  # the file's memory limit: stop it, do not skip a page
                    raise MemoryError(str(exc)) from exc
                result = PageResult(page=Page(number=number, text_source="pdf-text",
                                              confidence=0.0, text=""))
                result.warnings.append(RecordWarning(
                    code="page-unreadable", message=f"page {number} could not be read: "
                                                    f"{_one_line(exc)}", page=number))
            finally:
                if textpage is not None:
                    textpage.close()
                if page is not None:
                    page.close()
                if text_page is not None and text_page is not page:
                    text_page.close()
            results.append(result)
        queue.finish()
    except RecursionError as exc:  # a loop or absurd depth in the file's objects
        raise CorruptFileError(path, "corrupt PDF (its objects nest too deeply or loop)",
                               "re-save or repair it, e.g. `qpdf in.pdf out.pdf`") from exc
    finally:
        queue.close()
        if plumber is not None:
            _close_quietly(plumber)
        document.close()
    if unloaded == len(results):
        raise CorruptFileError(path, f"corrupt PDF: none of its {unloaded:,} page(s) can be "
                                     "loaded (a broken or too deeply nested page tree)",
                               "re-save or repair it, e.g. `qpdf in.pdf out.pdf`")
    if budget.refused:
        warnings.append(RecordWarning(
            code="ocr-capped",
            message=f"{budget.used + budget.refused:,} pages needed OCR; the first "
                    f"{budget.used:,} were OCR'd, {budget.refused:,} were not (at most "
                    f"{budget.limit:,} pages per file: THAIREPORTS_MAX_OCR_PAGES)"))
    for result in results:
        warnings.extend(result.warnings)
    tables = join_across_pages(results, page_width)
    ocr_pages = [r for r in results if r.ocr]
    ocr_info = None
    if ocr_pages:
        from thaireports.ingest import tesseract

        confidences = [r.mean_confidence for r in ocr_pages if r.mean_confidence is not None]
        ocr_info = OcrInfo(version=tesseract.version(), languages=lang,
                           mean_confidence=round(sum(confidences) / len(confidences) / 100, 3)
                           if confidences else None)
    source = Source(file=path.name, sha256=sha256, media_type=media_type, pages=len(results),
                    text_source="ocr" if ocr_pages else "pdf-text", ocr=ocr_info)
    return Document(source=source, pages=[r.page for r in results], tables=tables,
                    warnings=warnings)


def _one_line(exc: BaseException) -> str:
    """An exception as one short line for a warning: its type when it says nothing."""
    text = " ".join(str(exc).split())[:200]
    return text or type(exc).__name__


def _plumber_page(plumber, index: int):
    """pdfplumber's page ``index``, or None when pdfminer cannot walk to it (geometry is a
    bonus: a page tree that pdfium reads and pdfminer does not still gives its text)."""
    if plumber is None:
        return None
    try:
        return plumber.pages[index]
    except Exception:  # noqa: BLE001 - pdfminer's parse errors have no common base
        return None


def _close_quietly(plumber) -> None:
    try:
        plumber.close()
    except Exception:  # noqa: BLE001 - closing a half-parsed file must not hide the result
        pass


MAX_OCR_PAGES = 500  # pages OCR'd per file by default: ~25 min of Tesseract on one core


def max_ocr_pages_default() -> int:
    """At most how many pages of one file are OCR'd: ``THAIREPORTS_MAX_OCR_PAGES``, else
    ``MAX_OCR_PAGES``. A scan of thousands of pages would otherwise hold a worker for hours."""
    import os

    value = os.environ.get("THAIREPORTS_MAX_OCR_PAGES", "").strip()
    return int(value) if value.isdigit() else MAX_OCR_PAGES


@dataclass
class OcrBudget:
    """How many pages of a file may still be OCR'd, and how many were refused."""

    limit: int
    used: int = 0
    refused: int = 0

    def take(self) -> bool:
        """One page's OCR: True while the budget lasts (counted as used), else False (refused)."""
        if self.used < self.limit:
            self.used += 1
            return True
        self.refused += 1
        return False


def _open_plumber(path: Path):
    import pdfplumber

    try:
        return pdfplumber.open(str(path))
    except Exception:  # geometry is a bonus: without it the text still comes out
        return None


BROKEN_LAYER_CONFIDENCE = 0.25  # at most this for a text layer that failed the check


def _read_page(number: int, page, textpage, ocr: str, lang: str,
               queue: OcrQueue | None = None, budget: OcrBudget | None = None,
               memo: dict | None = None) -> PageResult | None:
    """OCR the page when asked or needed; None means "read it as a digital page"."""
    from thaireports.normalize.thai import repair_thai

    check = None
    if ocr != "always":
        # Only the Thai repair matters to the check (PUA glyphs, split ำ); the full
        # normalization of the page's text is done once, by read_digital_page.
        check = text_layer_check(repair_thai(textpage.get_text_range()), memo)
        if check is None and ocr == "auto" and scan_under_text(page)[1]:
            # A searchable scan: its text is another reader's OCR (no tables, its own digit
            # and mark errors); the page is read again as the scan it is (OCRmyPDF --redo-ocr).
            check = ("ocr-text-layer", "the text layer is invisible OCR text over a page scan")
        if check is None:
            return None
        if check[0] == "no-text-layer" and not _has_images(page):
            return None  # a blank page: nothing to OCR
    if ocr == "never":
        result = _unocrd_page(number, page, textpage, check, memo)
        problem, why = check
        result.warnings.append(RecordWarning(
            code="ocr-skipped", message=f"page {number}: {problem} ({why}), and OCR is off",
            page=number))
        return result
    if budget is not None and not budget.take():
        return _unocrd_page(number, page, textpage, check, memo)  # counted: one ocr-capped warning
    result = read_ocr_page(number, page, lang, queue)
    if check is not None and result.ocr:
        problem, why = check
        result.warnings.insert(0, RecordWarning(
            code="page-ocr", message=f"page {number} OCR'd: {problem} ({why})", page=number))
    return result


def _unocrd_page(number: int, page, textpage, check: tuple[str, str] | None,
                 memo: dict | None = None) -> PageResult:
    """A page that needed OCR and does not get it: its text layer as it is, unless that is
    glyph ids (no text at all), and never trusted (confidence at most 0.25)."""
    from thaireports.normalize.thai import repair_thai

    if check is not None and (check[0] == "glyph-id-text-layer" or
                              glyph_id_problem(repair_thai(textpage.get_text_range()))):
        return PageResult(page=Page(number=number, text_source="pdf-text", confidence=0.0,
                                    text=""))
    result = read_digital_page(number, page, textpage, None, memo)
    if check is not None:
        result.page.confidence = min(result.page.confidence, BROKEN_LAYER_CONFIDENCE)
    return result


__all__ = ["OcrBudget", "PageFrame", "PageResult", "PageTooLarge", "TextLine", "continues",
           "glyph_id_problem", "join_across_pages", "join_cell_lines", "max_ocr_pages_default",
           "open_pdf", "read", "reflow", "render_dpi", "text_layer_check", "text_layer_problem"]
