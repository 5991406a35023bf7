"""Re-read Thai digits (๐-๙) by matching their glyphs against templates drawn in memo fonts.

Tesseract's Thai model gets only about half of the Thai digits of a memo right (๖->๒, ๔->๕,
๘->๕, ๗->๓; issue 3), and no Tesseract setting fixed that. The digits of one document all come
from one font (TH Sarabun in nearly every Thai government memo), so a glyph can be compared
with the ten digits drawn in that font family. Templates are drawn at run time with PIL from
fonts installed on the machine (Laksaman is TH Sarabun's free metric twin; tlwg package), never
downloaded.

Method, per run of characters Tesseract read as digits and punctuation ('๒๕๖๒', '๕.๑.๑๐';
Tesseract gives Thai one box per character): cut the run's stretch of its line out of the page,
split it into glyphs (connected components, merged when they overlap horizontally, split when
blur glued two digits, joined when thin toner broke one digit's strokes apart), and, when
there are as many glyphs as characters, replace each character Tesseract called a Thai digit
by the template that fits its glyph best. A run of digits only whose glyph count differs
(Tesseract reads ๖ as '๒๐') is rewritten from its glyphs. Fitting uses the glyph's shape
(correlation after resizing to the template's box) and its height relative to the page's
consonants, since ๐ ๑ ๓ are short and the other seven tall.
Each page uses the installed font family whose templates fit its digits best.
"""
from __future__ import annotations

import functools
import re
import glob
from dataclasses import dataclass
from pathlib import Path

import numpy as np

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
# Characters that may sit between digits inside one numeric word, each its own glyph.
_NUMERIC_PUNCT = set("./,:-()")
# Fonts to draw templates from, memo fonts first. The digits of one document come from one
# font; the page picks the family whose templates fit its glyphs best (``choose_font``).
FONT_CANDIDATES: tuple[str, ...] = (
    "THSarabunNew.ttf",  # the memo font (government standard since 2010), if installed
    "THSarabun.ttf",
    "Sarabun-Regular.ttf",  # Google Fonts' redraw of TH Sarabun New (PyPI: fontpkg-sarabun)
    "NotoSansThai[wdth,wght].ttf",  # Noto Sans Thai (PyPI: fontpkg-noto-sans-thai), looped sans
    "NotoSansThai-Regular.ttf",
    "Laksaman.ttf",  # tlwg: TH Sarabun's free metric twin (fonts-thai-tlwg)
    "Laksaman-Bold.ttf",  # bold headers and totals
    "Kinnari.ttf",  # tlwg serif (Angsana-like), older memos
    "Norasi.ttf",  # tlwg serif (Times-like)
    "Garuda.ttf",  # tlwg sans (Tahoma-like): web forms, printed spreadsheets
    "Loma.ttf",  # tlwg sans (Cordia/Browallia-like)
    "Umpush.ttf",  # tlwg sans
    "Waree.ttf",  # tlwg sans
)
FONT_DIRS: tuple[str, ...] = ("/usr/share/fonts", "/usr/local/share/fonts",
                              str(Path.home() / ".fonts"), str(Path.home() / ".local/share/fonts"))
# Python packages that install Thai fonts with the project (pyproject.toml), so that the
# re-check never depends on what the machine has: their ``files/`` folders are searched too.
FONT_PACKAGES: tuple[str, ...] = ("fontpkg_sarabun", "fontpkg_noto_sans_thai")


def _package_font_dirs() -> tuple[str, ...]:
    """The font folders of the installed ``FONT_PACKAGES`` (found without importing them)."""
    import importlib.util

    out = []
    for name in FONT_PACKAGES:
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.submodule_search_locations:
            for location in spec.submodule_search_locations:
                if (Path(location) / "files").is_dir():
                    out.append(str(Path(location) / "files"))
    return tuple(out)
FONT_SKIP_ENV = "THAIREPORTS_DIGIT_FONTS_SKIP"
TEMPLATE_PX = 88  # font size the templates are drawn at (2x a 16 pt line at 200 dpi)
SIZE_WEIGHT = 0.6  # how much a height mismatch (relative) costs against shape correlation
REFERENCE_CHAR = "ก"  # the consonant whose height sets the text size on the page and in the font


class NoThaiFontError(RuntimeError):
    """No memo font is installed, so there are no templates (the re-check is skipped)."""


def find_font(candidates: tuple[str, ...] = FONT_CANDIDATES) -> Path:
    """The first installed font of ``candidates``.

    Raises:
        NoThaiFontError: none is installed (apt-get install fonts-thai-tlwg).
    """
    found = installed_fonts(candidates)
    if not found:
        raise NoThaiFontError("no Thai memo font found (apt-get install fonts-thai-tlwg)")
    return Path(found[0])


@functools.lru_cache(maxsize=8)
def installed_fonts(candidates: tuple[str, ...] = FONT_CANDIDATES) -> tuple[str, ...]:
    """Paths of the installed fonts of ``candidates``, in their order, less those named in
    ``THAIREPORTS_DIGIT_FONTS_SKIP`` (comma-separated parts of file names, any case: e.g.
    ``Sarabun`` measures how the re-check does on pages in a font it has no templates of)."""
    import os

    skip = [part.strip().lower() for part in os.environ.get(FONT_SKIP_ENV, "").split(",")
            if part.strip()]
    out = []
    for name in candidates:
        if any(part in name.lower() for part in skip):
            continue
        for root in FONT_DIRS + _package_font_dirs():
            if Path(root).is_dir():
                match = next(Path(root).rglob(glob.escape(name)), None)
                if match is not None:
                    out.append(str(match))
                    break
    return tuple(out)


def choose_font(glyph_list: list[np.ndarray], text_height: float,
                candidates: tuple[str, ...] = FONT_CANDIDATES, sample: int = 40) -> str:
    """The installed font whose digit templates fit a page's digit glyphs best.

    Args:
        glyph_list: digit glyphs of one page (bool arrays cropped to their ink).
        text_height: height of a plain consonant on the page, in pixels.
        candidates: font file names to try.
        sample: at most this many glyphs are scored (evenly spread).

    Raises:
        NoThaiFontError: no candidate is installed.
    """
    fonts = installed_fonts(candidates)
    if not fonts:
        raise NoThaiFontError("no Thai memo font found (apt-get install fonts-thai-tlwg)")
    if len(fonts) == 1 or not glyph_list:
        return fonts[0]
    step = max(1, len(glyph_list) // sample)
    chosen = glyph_list[::step][:sample]

    # glyph_scores' terms for all chosen glyphs at once (a row per glyph): a font's fit is
    # the mean of each glyph's best score
    vectors = np.stack([_centred(_resized(g, _MATCH_SHAPE)) for g in chosen])
    rel_heights = np.array([g.shape[0] / text_height if text_height > 0 else 1.0
                            for g in chosen])[:, None]
    aspects = np.array([g.shape[1] / max(1, g.shape[0]) for g in chosen])[:, None]

    def fit(font: str) -> float:
        _, matrix, rel, aspect = _template_matrix(font)
        scores = (vectors @ matrix.T - SIZE_WEIGHT * np.abs(rel_heights - rel) / rel
                  - 0.3 * np.abs(np.log(aspects / aspect)))
        return float(np.mean(scores.max(axis=1)))

    return max(fonts, key=fit)


@dataclass(frozen=True)
class Template:
    """One digit drawn in a memo font: its ink (bool array, tight box) and relative height."""

    digit: str
    ink: np.ndarray
    rel_height: float  # glyph height / height of ก in the same font
    aspect: float  # width / height


def _draw(char: str, font) -> np.ndarray:
    from PIL import Image, ImageDraw

    size = font.size * 2
    image = Image.new("L", (size, size), 0)
    ImageDraw.Draw(image).text((size // 4, size // 4), char, font=font, fill=255)
    ink = np.asarray(image) > 127
    rows, cols = np.nonzero(ink)
    return ink[rows.min():rows.max() + 1, cols.min():cols.max() + 1]


@functools.lru_cache(maxsize=16)
def templates(font_path: str | None = None) -> tuple[Template, ...]:
    """The ten Thai digits drawn in a memo font (cached; ~10 ms the first time).

    Example:
        >>> [t.digit for t in templates()][:3]
        ['๐', '๑', '๒']
    """
    from PIL import ImageFont

    path = font_path or str(find_font())
    font = ImageFont.truetype(path, TEMPLATE_PX)
    reference = _draw(REFERENCE_CHAR, font).shape[0]
    out = []
    for digit in THAI_DIGITS:
        ink = _draw(digit, font)
        out.append(Template(digit, ink, ink.shape[0] / reference, ink.shape[1] / ink.shape[0]))
    return tuple(out)


def _resized(ink: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    import cv2

    image = ink.astype(np.float32)
    out = cv2.resize(image, (shape[1], shape[0]), interpolation=cv2.INTER_AREA)
    # Blur both sides a little: scans are blurred, templates are sharp.
    return cv2.GaussianBlur(out, (3, 3), 0)


_MATCH_SHAPE = (24, 24)  # glyph and template are compared at this size (rows, cols)


@functools.lru_cache(maxsize=16)
def _template_images(font_path: str | None = None) -> tuple[tuple[Template, np.ndarray], ...]:
    return tuple((t, _resized(t.ink, _MATCH_SHAPE)) for t in templates(font_path))


def _centred(image: np.ndarray) -> np.ndarray:
    """An image as a zero-mean unit vector: correlation becomes a dot product."""
    flat = image.ravel().astype(np.float64)
    flat = flat - flat.mean()
    norm = float(np.sqrt((flat * flat).sum()))
    return flat / norm if norm else flat


@functools.lru_cache(maxsize=16)
def _template_matrix(font_path: str | None = None):
    """The ten templates of a font as rows of centred vectors, their heights and aspects."""
    pairs = _template_images(font_path)
    matrix = np.stack([_centred(image) for _, image in pairs])
    rel = np.array([t.rel_height for t, _ in pairs])
    aspect = np.array([t.aspect for t, _ in pairs])
    return "".join(t.digit for t, _ in pairs), matrix, rel, aspect


@functools.lru_cache(maxsize=256)
def _char_template(char: str, font_path: str | None = None) -> tuple[np.ndarray, float, float]:
    """Any character drawn in a font as ``glyph_scores`` compares it: centred vector,
    height relative to ก, aspect."""
    from PIL import ImageFont

    font = ImageFont.truetype(font_path or str(find_font()), TEMPLATE_PX)
    reference = _draw(REFERENCE_CHAR, font).shape[0]
    ink = _draw(char, font)
    return (_centred(_resized(ink, _MATCH_SHAPE)), ink.shape[0] / reference,
            ink.shape[1] / ink.shape[0])


def char_score(ink: np.ndarray, char: str, text_height: float,
               font_path: str | None = None) -> float:
    """The fit of a glyph to one character of a font (a letter Tesseract read it as),
    on the scale of ``glyph_scores``."""
    vector, rel, aspect = _char_template(char, font_path)
    rel_height = ink.shape[0] / text_height if text_height > 0 else 1.0
    glyph_aspect = ink.shape[1] / max(1, ink.shape[0])
    return float(vector @ _centred(_resized(ink, _MATCH_SHAPE))
                 - SIZE_WEIGHT * abs(rel_height - rel) / rel
                 - 0.3 * abs(np.log(glyph_aspect / aspect)))


def glyph_scores(ink: np.ndarray, text_height: float, font_path: str | None = None,
                 vector: np.ndarray | None = None) -> tuple[str, np.ndarray]:
    """The fit of a glyph to each of a font's ten digit templates (higher is better).

    Shape correlation after resizing to the template box, less the relative height mismatch
    (``SIZE_WEIGHT``) and the aspect mismatch. ``vector`` is ``_centred(_resized(ink))``
    when the caller has it (the same glyph scored against several fonts).

    Returns:
        ``(digits, scores)``: the ten digits and their scores, in the same order.
    """
    digits, matrix, rel, aspect = _template_matrix(font_path)
    if vector is None:
        vector = _centred(_resized(ink, _MATCH_SHAPE))
    rel_height = ink.shape[0] / text_height if text_height > 0 else 1.0
    glyph_aspect = ink.shape[1] / max(1, ink.shape[0])
    scores = (matrix @ vector - SIZE_WEIGHT * np.abs(rel_height - rel) / rel
              - 0.3 * np.abs(np.log(glyph_aspect / aspect)))
    return digits, scores


def classify_glyph(ink: np.ndarray, text_height: float,
                   font_path: str | None = None) -> tuple[str, float]:
    """The Thai digit whose template fits a glyph best, and the fit (higher is better).

    Args:
        ink: the glyph as a bool array cropped to its ink.
        text_height: height in pixels of a plain consonant (ก) on this page.
        font_path: a font file to draw the templates from (default: the first memo font found).

    Returns:
        ``(digit, score)`` such as ``('๖', 0.83)``.
    """
    digits, scores = glyph_scores(ink, text_height, font_path)
    best = int(np.argmax(scores))
    return digits[best], float(scores[best])


def glyphs(word_ink: np.ndarray, min_area: int = 6) -> list[np.ndarray]:
    """Split a word's ink (bool array) into glyphs, left to right.

    Connected components that overlap horizontally by more than half of the narrower one are
    one glyph (a digit broken by thin toner stays one glyph; a mark stays with its letter).
    """
    return [ink for _, _, ink in _glyph_boxes(word_ink, min_area)]


def _split_at_valley(glyph: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Cut a glyph in two at the column with the least ink in its middle 30-70%."""
    width = glyph.shape[1]
    columns = glyph.sum(axis=0)
    lo, hi = max(1, int(width * 0.3)), max(2, int(width * 0.7))
    cut = lo + int(np.argmin(columns[lo:hi]))
    halves = []
    for half in (glyph[:, :cut], glyph[:, cut:]):
        rows = np.nonzero(half.any(axis=1))[0]
        halves.append(half[rows.min():rows.max() + 1] if rows.size else half)
    return halves[0], halves[1]


def split_touching(parts: list[np.ndarray], expected: int) -> list[np.ndarray]:
    """Split glyphs that blur has joined ('๒๕' as one blob) until there are ``expected``.

    The widest glyph is cut at its thinnest column, as long as it is clearly wider than one
    digit (TH Sarabun's digits are about as wide as they are high).
    """
    parts = list(parts)
    while 0 < len(parts) < expected:
        i = max(range(len(parts)), key=lambda k: parts[k].shape[1] / max(1, parts[k].shape[0]))
        if parts[i].shape[1] < 1.3 * parts[i].shape[0] or parts[i].shape[1] < 6:
            break
        left, right = _split_at_valley(parts[i])
        parts[i:i + 1] = [left, right]
    return parts


def _numeric_run(text: str) -> bool:
    return any(c in THAI_DIGITS for c in text) and all(
        c in THAI_DIGITS or c in _NUMERIC_PUNCT or c.isdigit() for c in text)


def recheck_word(word_text: str, word_ink: np.ndarray, text_height: float,
                 font_path: str | None = None) -> str:
    """Re-read the Thai digits of one numeric word from its glyphs.

    Args:
        word_text: what Tesseract read, e.g. '๒๕๒๒'.
        word_ink: the word's ink as a bool array (its box on the page, binarized).
        text_height: height of a plain consonant on the page, in pixels.
        font_path: a font file for the templates (default: first memo font found).

    Returns:
        The word with each Thai digit replaced by its best template, e.g. '๒๕๖๒'; the word
        unchanged when it is not numeric or its glyphs do not line up with its characters.
    """
    if not _numeric_run(word_text):
        return word_text
    parts = split_touching(glyphs(word_ink), len(word_text))
    if len(parts) != len(word_text):
        return word_text
    chars = list(word_text)
    for i, (char, glyph) in enumerate(zip(chars, parts)):
        if char in THAI_DIGITS:
            chars[i] = classify_glyph(glyph, text_height, font_path)[0]
    return "".join(chars)


def text_height(ink: np.ndarray, stats: np.ndarray | None = None) -> float:
    """Typical height of a Thai consonant on a binarized page (ink = True/255), in pixels.

    Most connected components of Thai text are bare consonants and short vowels of one height
    (the x-height, which TH Sarabun also gives ๐ ๑ ๓); their most common height is it.
    Returns 0.0 when the page has too little text to tell. ``stats`` are the page's
    ``cv2.connectedComponentsWithStats`` (8-connected) when the caller has them.
    """
    from thaireports.ingest.geometry import label_components

    if stats is None:
        _, _, stats, _ = label_components((ink > 0).astype(np.uint8), 8)
    heights = stats[1:, 3]
    widths = stats[1:, 2]
    # Glyph-sized components only: not dots, not ruling lines, not whole words.
    keep = (heights >= 8) & (heights <= 120) & (widths >= 4) & (widths <= 2 * heights)
    if keep.sum() < 20:
        return 0.0
    # The mode, smoothed over ±1 px (scans blur one glyph's height into its neighbours'):
    # over every height, so that heights far apart are never each other's neighbours.
    counts = np.bincount(heights[keep])
    smoothed = np.convolve(counts, np.ones(3), mode="same")
    return float(int(np.argmax(smoothed)))


def _word_clusters(boxes: list, gap: float) -> list[list]:
    """Glyph boxes (left to right) grouped where a space-sized ``gap`` separates them: a
    numeric word is one cluster."""
    clusters: list[list] = [[boxes[0]]]
    for box in boxes[1:]:
        if box[0] - clusters[-1][-1][1] > gap:
            clusters.append([box])
        else:
            clusters[-1].append(box)
    return clusters


WORD_GAP = 0.3  # a space between words: at least this share of a consonant's height


def _cluster_gap(boxes: list, lo: int, hi: int, height: float) -> float:
    """The gap that separates a word's glyphs from the next word's, for the word whose
    Tesseract box is ``lo..hi``: a space (``WORD_GAP``), or wider where the font itself
    spaces the glyphs of that one word wider (a serif face such as Norasi sets its digits
    about a third of a consonant apart). The glyphs whose centres lie inside the box belong
    to one word however far apart they stand."""
    inside = [b for b in boxes if lo <= (b[0] + b[1]) / 2 <= hi]
    widest = max((b[0] - a[1] for a, b in zip(inside, inside[1:])), default=0)
    return max(WORD_GAP * height, widest + 1)


def _overlap(cluster: list, lo: int, hi: int) -> int:
    """How many columns of ``cluster`` fall inside the word box ``lo..hi`` (negative: apart)."""
    return min(hi, cluster[-1][1]) - max(lo, cluster[0][0])


def _glyph_boxes(ink: np.ndarray, min_area: int = 6,
                 band: tuple[int, int] | None = None,
                 tops: list[int] | None = None) -> list[tuple[int, int, np.ndarray]]:
    """Glyphs of a strip of a text line as (left, right, ink) in strip coordinates.

    With ``band`` (top, bottom rows), only components whose vertical centre lies in it count:
    descenders of the line above and marks of the line below stay out. ``tops``, when given,
    receives each glyph's top row.
    """
    from thaireports.ingest.geometry import label_components

    count, labels, stats, _ = label_components(ink.astype(np.uint8), 8)
    spans: list[list] = []
    for i in sorted(range(1, count), key=lambda i: stats[i][0]):
        x, y, w, h, area = stats[i]
        if area < min_area:
            continue
        if band is not None and not band[0] <= y + h / 2 <= band[1]:
            continue
        if spans:
            left, right, ids = spans[-1]
            overlap = min(right, x + w) - max(left, x)
            if overlap > 0.5 * min(right - left, w):
                spans[-1] = [min(left, x), max(right, x + w), ids + [i]]
                continue
        spans.append([x, x + w, [i]])
    out = []
    for left, right, ids in spans:
        strip = labels[:, left:right]
        mask = strip == ids[0] if len(ids) == 1 else np.isin(strip, ids)
        rows = np.nonzero(mask.any(axis=1))[0]
        out.append((int(left), int(right), mask[rows.min():rows.max() + 1]))
        if tops is not None:
            tops.append(int(rows.min()))
    return out


TOUCH_GAP = 0.1  # glyphs this share of a consonant's height apart (or overlapping) may be one


def merge_to_count(boxes: list, tops: list[int | None], expected: int,
                   height: float) -> list:
    """Join glyphs that thin toner broke apart until there are ``expected`` (the count of
    characters Tesseract read): the counterpart of ``split_touching``.

    A serif face draws some digits in two strokes that barely meet (Kinnari's ๒: a stem and
    a bowl), and a scan loses the joint. The adjacent pair closest together (overlapping or
    at most ``TOUCH_GAP`` apart) is joined first, and only while the joined glyph is still
    the size of one digit; a bracket or a slash, a mark by its shape, is never joined.

    Args:
        boxes: ``(left, right, ink)`` glyphs of one word, left to right.
        tops: each glyph's top row in the same strip (None: never joined).
    """
    boxes, tops = list(boxes), list(tops)
    while len(boxes) > expected > 0:
        best = None
        for k in range(len(boxes) - 1):
            (a0, a1, ga), (b0, b1, gb) = boxes[k], boxes[k + 1]
            gap = b0 - a1
            if (gap > TOUCH_GAP * height or tops[k] is None or tops[k + 1] is None
                    or any(punctuation_of(g, height) is not None for g in (ga, gb))):
                continue
            top = min(tops[k], tops[k + 1])
            bottom = max(tops[k] + ga.shape[0], tops[k + 1] + gb.shape[0])
            left, right = min(a0, b0), max(a1, b1)
            joined = np.zeros((bottom - top, right - left), dtype=bool)
            joined[tops[k] - top:tops[k] - top + ga.shape[0], a0 - left:a1 - left] |= ga
            joined[tops[k + 1] - top:tops[k + 1] - top + gb.shape[0], b0 - left:b1 - left] |= gb
            if _digit_sized(joined, height) and (best is None or gap < best[0]):
                best = (gap, k, (left, right, joined), top)
        if best is None:
            break
        _, k, box, top = best
        boxes[k:k + 2], tops[k:k + 2] = [box], [top]
    return boxes


def _runs(text: str, words: list, offsets: list[int]) -> list[list[int]]:
    """Indices of words forming numeric runs: adjacent in the text, on one line, digits or
    numeric punctuation, starting and ending with a digit, holding at least one Thai digit."""
    runs: list[list[int]] = []
    current: list[int] = []

    def close() -> None:
        while current and not _is_digit(words[current[-1]].text):
            current.pop()
        while current and not _is_digit(words[current[0]].text):
            current.pop(0)
        if current and any(c in THAI_DIGITS for i in current for c in words[i].text):
            runs.append(list(current))
        current.clear()

    for i, word in enumerate(words):
        if word.text == "/":  # '๗๖๐/๒๕๖๕/๑๕๖๖': each part on its own (a year, a number)
            close()
            continue
        numeric = offsets[i] >= 0 and _numeric_text(word.text)
        if numeric and current:
            previous = words[current[-1]]
            joined = offsets[current[-1]] + len(previous.text) == offsets[i]
            same_line = (previous.block, previous.par, previous.line) == (
                word.block, word.par, word.line)
            if not (joined and same_line):
                close()
        if numeric:
            current.append(i)
        elif current:
            close()
    close()
    return runs


@functools.lru_cache(maxsize=4096)
def _numeric_text(text: str) -> bool:
    """Only Thai or Arabic digits and numeric punctuation (a word's text: cached, as the
    words of a page are mostly the same few letters)."""
    return all(c in THAI_DIGITS or c in _NUMERIC_PUNCT or c.isdigit() for c in text)


# What Tesseract's Thai model writes for a Thai digit it did not know as one: the glyph's
# shape read as Latin letters or symbols (๑ '@', ๒ 'lo', ๓ 'm'/'a', ๔ '&', ๕ '€', ๖ 'b'/'d',
# ๗ 'ฒ', ๙ '«', ๐ 'o'). Each is one glyph, written as one or two of these characters.
CONFUSABLES = frozenset("@abcdemoly«»€&ฒ")
MAX_CONFUSABLE = 4  # letters in one run of them that may stand for digits
CONFUSABLE_FIT = 0.5  # a glyph replaces such a reading only when a digit template fits it this well
_TOKEN = re.compile(r"\S+")
_PIECE = re.compile(r"[./,:\-()]|[๐-๙0-9]|[^./,:\-()๐-๙0-9]+")


def confusable_tokens(text: str) -> list[tuple[int, list[tuple[int, str]]]]:
    """Numbers in which Tesseract wrote a digit as letters: ``[(start, pieces)]``.

    A token (no spaces) qualifies when it is made of digits, numeric punctuation and runs of
    ``CONFUSABLES`` (one glyph as one or two of them, or up to ``MAX_CONFUSABLE`` of them a
    glyph each, the longer runs only beside a digit), holds at least one such run, and
    something says it is a number: a digit or a numeric mark ('.', ')', '-') in it, or a dash
    on each side ('- b -', a page number).
    '€.๐.@' (๕.๑.๑), 'b.@.m' (๖.๑.๓), 'lo)' (๒)) qualify; a word alone ('a', 'dome') never
    does. Pieces are ``(offset, text)``.

    Example:
        >>> [(s, [t for _, t in p]) for s, p in confusable_tokens("ข้อ b.@.lo และ a - @ -")]
        [(4, ['b', '.', '@', '.', 'lo']), (19, ['@'])]
    """
    tokens = list(_TOKEN.finditer(text))
    out = []
    for i, match in enumerate(tokens):
        token = match.group(0)
        pieces = [(match.start() + m.start(), m.group(0)) for m in _PIECE.finditer(token)]
        odd = [p for k, (_, p) in enumerate(pieces) if not _numeric_piece(p)
               and not _letter_inside_number(pieces, k)
               and not _letters_at_number_edge(pieces, k)]
        inside = len(odd) < len([p for _, p in pieces if not _numeric_piece(p)])
        if not odd and not inside:
            continue
        if any(len(p) > MAX_CONFUSABLE or not set(p) <= CONFUSABLES for p in odd):
            continue
        has_digit = any(p in THAI_DIGITS or p.isdigit() for _, p in pieces)
        if any(len(p) > 2 for p in odd) and not has_digit:
            continue  # 'dome.': a long run of letters is a word unless digits stand beside it
        numeric = has_digit or any(p in ".)-" for _, p in pieces)
        between_dashes = (0 < i < len(tokens) - 1 and tokens[i - 1].group(0) == "-"
                          and tokens[i + 1].group(0) == "-"
                          and "\n" not in text[tokens[i - 1].start():tokens[i + 1].end()])
        if numeric or between_dashes:
            out.append((match.start(), pieces))
    return out


_THAI_CONSONANT = re.compile(r"[\u0e01-\u0e2e][\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]{0,2}")


def _letter_inside_number(pieces: list[tuple[int, str]], k: int) -> bool:
    """Is piece ``k`` one Thai consonant (its marks with it) with a digit or a decimal point
    on each side and a Thai digit on at least one ('๙ซ.๕๓', '๘๔.ซ๒', '๙๒.ญ๔')?

    Thai writing never puts a letter between the digits of a number (a letter in a
    reference number follows a slash: '๐๘๑๐/ว๑๒๓'), so such a letter is a misread digit.
    """
    if not 0 < k < len(pieces) - 1 or not _THAI_CONSONANT.fullmatch(pieces[k][1]):
        return False
    left, right = pieces[k - 1][1], pieces[k + 1][1]

    def numeric(p: str) -> bool:
        return p in THAI_DIGITS or p == "."

    if not (numeric(left) and numeric(right) and (left in THAI_DIGITS or right in THAI_DIGITS)):
        return False
    return sum(p in THAI_DIGITS for _, p in pieces) >= 2


_BARE_CONSONANTS = re.compile(r"[\u0e01-\u0e2e]{1,2}")
EDGE_DIGITS = 2  # Thai digits a number holds before a letter at its end is read as one


def _letters_at_number_edge(pieces: list[tuple[int, str]], k: int) -> bool:
    """Is piece ``k`` one or two bare Thai consonants at the start or the end of a token
    whose other pieces are a number of at least ``EDGE_DIGITS`` Thai digits ('๒๕อ' for
    ๒๕๖๖, '๕๒.๑ฒ', 'ญฒ๕.๐๐')?

    Thai writes a syllable with its vowel: consonants without one, glued to a number, are
    digits Tesseract read as the letters they resemble in a face it was not trained on
    (Loma's ๖ as อ, ๗ as ฒ). A word glued to a number ('รอบ๒', '๑ตุลาคม') has its vowels
    and is left alone; and each glyph still has to fit a digit better than the letter it
    was read as (``_confusable_edits``), so a real letter ('ว๑๒๓', '๒๕๖๕ก') stays.
    """
    if k not in (0, len(pieces) - 1) or len(pieces) < 2:
        return False
    if not _BARE_CONSONANTS.fullmatch(pieces[k][1]):
        return False
    rest = [p for i, (_, p) in enumerate(pieces) if i != k]
    if not all(_numeric_piece(p) for p in rest):
        return False
    beside = pieces[1][1] if k == 0 else pieces[-2][1]
    return beside in THAI_DIGITS and sum(p in THAI_DIGITS for p in rest) >= EDGE_DIGITS


def _numeric_piece(piece: str) -> bool:
    return piece in _NUMERIC_PUNCT or piece in THAI_DIGITS or piece.isdigit()


def _glyph_counts(pieces: list[tuple[int, str]]) -> list[list[int]]:
    """Ways the pieces of a confusable token may map to glyphs (glyphs per piece): a run of
    one or two letters as one glyph, and any run as one glyph per letter ('doce' for ๗๖๔๕)."""
    short = [1 if not _numeric_piece(p) and len(p) <= 2 else len(p) for _, p in pieces]
    each = [len(p) for _, p in pieces]
    return [short] if short == each else [short, each]


def _words_in_span(words: list, offsets: list[int], start: int, end: int) -> list:
    return [w for w, o in zip(words, offsets) if o >= 0 and start <= o < end]


def _confusable_edits(text: str, words: list, offsets: list[int], ink: np.ndarray,
                      lines: dict, height: float, font_path: str | None
                      ) -> list[tuple[int, int, str]]:
    """Edits that turn confusable pieces of numbers back into digits, glyph by glyph: each
    piece must be one digit-sized glyph whose best template fits at least ``CONFUSABLE_FIT``."""
    edits = []
    for start, pieces in confusable_tokens(text):
        end = pieces[-1][0] + len(pieces[-1][1])
        run = _words_in_span(words, offsets, start, end)
        if not run:
            continue
        first = run[0]
        line_box = lines.get((first.block, first.par, first.line))
        if line_box is None:
            continue
        for counts in _glyph_counts(pieces):
            parts = _run_glyphs(ink, run, line_box, height, sum(counts))
            if parts is not None:
                break
        else:
            continue
        at = 0
        for k, ((offset, piece), count) in enumerate(zip(pieces, counts)):
            glyph_list, at = parts[at:at + count], at + count
            if _numeric_piece(piece):
                continue
            if _letter_inside_number(pieces, k):
                # a Thai letter: only a digit that fits clearly better than any other digit
                digit = confident_digit(glyph_list[0], height, font_path) if count == 1 else None
                if digit is not None:
                    edits.append((offset, offset + len(piece), digit))
                continue
            if _letters_at_number_edge(pieces, k):
                # each letter a glyph, or two letters one glyph ('ญฒ' for ๗): a confident
                # digit that fits better than the letters it was read as
                readings = ([digit_not_letter(g, c, height, font_path)
                             for g, c in zip(glyph_list, piece)] if count == len(piece)
                            else [digit_not_letter(glyph_list[0], piece, height, font_path)])
                if all(readings):
                    edits.append((offset, offset + len(piece), "".join(readings)))
                continue
            readings = [classify_glyph(g, height, font_path) if _digit_sized(g, height)
                        else ("", -1.0) for g in glyph_list]
            if readings and all(fit >= CONFUSABLE_FIT for _, fit in readings):
                edits.append((offset, offset + len(piece), "".join(d for d, _ in readings)))
    return edits


def reread_digit(read: str, glyph: np.ndarray, height: float, font_path: str | None) -> str:
    """The digit a glyph is, against the digit Tesseract read it as: the best template's
    digit when it fits clearly better (``DIGIT_MARGIN``) than the template of Tesseract's
    digit, else Tesseract's (two digits drawn nearly alike in a font the templates only
    approximate, ๒/๖ or ๔/๕, are left as read rather than swapped on a hair's difference)."""
    digits, scores = glyph_scores(glyph, height, font_path)
    best = int(np.argmax(scores))
    if digits[best] == read or read not in digits:
        return digits[best]
    return digits[best] if scores[best] - scores[digits.index(read)] >= DIGIT_MARGIN else read


def _is_digit(text: str) -> bool:
    return all(c in THAI_DIGITS or c.isdigit() for c in text)


def _run_glyphs(ink: np.ndarray, run: list, line_box: tuple[int, int], height: float,
                n_chars: int, exact: bool = True) -> list[np.ndarray] | None:
    """The glyphs of a numeric run on the page, one per character, or None.

    With ``exact=False``, a cluster of digit-sized glyphs that lines up with the run's box
    is returned even when Tesseract wrote more characters (it often reads ๖ as '๒๐') or
    one fewer.
    """
    left = min(w.left for w in run)
    right = max(w.left + w.width for w in run)
    margin = round(0.8 * height)
    x0 = max(0, left - margin)
    x1 = min(ink.shape[1], right + margin)
    # Vertically, the digits' own boxes (digits carry no marks, so Tesseract boxes them well)
    # with a little slack, inside the line: a taller strip would glue a digit to the marks
    # of the lines above and below.
    # Medians, because one box in a run sometimes reaches into the line above.
    core_top = int(np.median([w.top for w in run]))
    core_bottom = int(np.median([w.top + w.height for w in run]))
    slack_y = round(0.3 * height)
    top = max(0, line_box[0], core_top - slack_y)
    bottom = min(line_box[1], core_bottom + slack_y)
    strip = ink[top:bottom, x0:x1] > 0
    tops: list[int] = []
    boxes = _glyph_boxes(strip, band=(core_top - top, core_bottom - top), tops=tops)
    detached = [detach_marks(g, height) for _, _, g in boxes]
    # where a glyph was cut off a mark is not kept: such a glyph is never joined to another
    top_of = {id(d): t for t, d, (_, _, g) in zip(tops, detached, boxes) if d is g}
    boxes = [(a, b, d) for (a, b, _), d in zip(boxes, detached)]
    if not boxes:
        return None
    lo, hi = left - x0, right - x0
    clusters = _word_clusters(boxes, _cluster_gap(boxes, lo, hi, height))

    def overlap(cluster: list) -> int:
        return _overlap(cluster, lo, hi)

    def dot(box: tuple) -> bool:
        return box[2].shape[0] < 0.4 * height and box[2].shape[1] < 0.4 * height

    slack = 0.25 * height  # how far a glyph's centre may stand outside the run's box
    candidates = []
    for cluster in clusters:
        if overlap(cluster) <= 0:
            continue
        # A run's box often leaves out the full stop after it ('๕.'): drop end dots.
        trimmed = list(cluster)
        while len(trimmed) > n_chars and dot(trimmed[-1]):
            trimmed.pop()
        while len(trimmed) > n_chars and dot(trimmed[0]):
            trimmed.pop(0)
        # Strokes are joined only among the run's own glyphs: a cluster that reaches beyond
        # the run's box holds other characters ('๕๓๕๐๑/๐๙๔'), whose count says nothing.
        if len(trimmed) > n_chars and all(lo - slack <= (b[0] + b[1]) / 2 <= hi + slack
                                          for b in trimmed):
            trimmed = merge_to_count(trimmed, [top_of.get(id(b[2])) for b in trimmed],
                                     n_chars, height)
        parts = split_touching([b[2] for b in trimmed], n_chars)
        if len(parts) == n_chars:
            candidates.append((overlap(cluster), parts))
    if candidates:
        return max(candidates, key=lambda c: c[0])[1]
    best = max(clusters, key=overlap)
    if overlap(best) <= 0:
        return None
    # The run is glued to letters or to a slash ('พ.ศ.๒๕๖๒', '๗๖๐/๒๕๖๕'): keep the glyphs
    # centred inside its box.
    inside = [b for b in best if lo - slack <= (b[0] + b[1]) / 2 <= hi + slack]
    if exact:
        parts = split_touching([b[2] for b in inside], n_chars)
        return parts if len(parts) == n_chars else None
    for option in (best, inside):
        # A run starts and ends with a digit: a dash or a dot glued at an end ('๒๕๖๔-' in
        # a date range) is the next token's
        while option and _flat_mark(option[-1][2], height):
            option = option[:-1]
        while option and _flat_mark(option[0][2], height):
            option = option[1:]
        if not option:
            continue
        width = option[-1][1] - option[0][0]
        parts = split_touching([b[2] for b in option], n_chars)
        digit_sized = all(_digit_sized(p, height) for p in parts)
        # Tesseract writes one glyph as up to two digits (๖ -> '๒๐'), rarely drops one.
        plausible_count = n_chars / 2 <= len(parts) <= n_chars + 1
        if digit_sized and plausible_count and overlap(option) >= 0.6 * max(width, hi - lo):
            return parts
    return None


BRIDGE_PX = 2  # ink of the row where a touching mark is cut off a digit (a gap or a bridge)


def detach_marks(glyph: np.ndarray, height: float) -> np.ndarray:
    """A glyph too tall for a digit, less the mark of the next line that touches it.

    Thai lines are set tight: a vowel or tone mark of the line below ('ี', '่') or a vowel
    hanging from the line above ('ุ', 'ู') often touches a digit on a scan, and the digit
    then measures up to twice its height. Such a glyph is cut at its thinnest row (a bridge
    a few pixels wide) where the rest is a digit's height; brackets and slashes, tall and
    thin all along, are left whole, and so is a glyph with no row of at most ``BRIDGE_PX``
    pixels of ink (a digit's own strokes are thicker).

    Example:
        >>> digit = np.ones((26, 24), dtype=bool); mark = np.zeros((10, 24), dtype=bool)
        >>> mark[:6, 4:12] = True; mark[6:, 8:10] = True  # a tone mark and its bridge
        >>> detach_marks(np.vstack([digit, mark[::-1]]), 24.0).shape
        (26, 24)
    """
    h, w = glyph.shape
    if h <= 1.4 * height or w < 0.4 * height or punctuation_of(glyph, height) is not None:
        return glyph
    rows = glyph.sum(axis=1)
    lo, hi = round(0.55 * height), round(1.3 * height)
    best = None  # (ink of the cut row, rows kept)
    for cut in range(h):
        for kept in ((cut + 1, h), (0, cut)):  # a mark above the cut, or below it
            if lo <= kept[1] - kept[0] <= hi and (best is None or rows[cut] < best[0]):
                best = (int(rows[cut]), kept)
    if best is None or best[0] > BRIDGE_PX:
        return glyph
    part = glyph[best[1][0]:best[1][1]]
    ys, xs = np.nonzero(part)
    if not ys.size:
        return glyph
    part = part[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
    return part if _digit_sized(part, height) else glyph


def _flat_mark(glyph: np.ndarray, height: float) -> bool:
    """A dash or a dot by its shape (``punctuation_of``): never part of a digit."""
    return punctuation_of(glyph, height) in ("-", ".")


def _digit_sized(glyph: np.ndarray, height: float) -> bool:
    """Could this glyph be one Thai digit of text whose consonants are ``height`` tall?

    TH Sarabun's digits are 0.7 (๐ ๑ ๓) to 1.1 consonant heights tall and about as wide.
    """
    return (0.55 * height <= glyph.shape[0] <= 1.4 * height
            and 0.4 * height <= glyph.shape[1] <= 1.6 * height)


def recheck_text(text: str, words: list, offsets: list[int], ink: np.ndarray,
                 height: float, font_path: str | None = None,
                 rewritten: list[tuple[str, str]] | None = None) -> tuple[str, list[int], int]:
    """Re-read the Thai digits of Tesseract's text from the glyphs on the image.

    Args:
        text: Tesseract's text output for the image.
        words: its TSV words (Thai: one character each), boxes in ``ink``'s pixels.
        offsets: where each word starts in ``text`` (``tesseract.char_offsets``).
        ink: the same image binarized (ink > 0).
        height: the height of a plain consonant on the page, in pixels.
        font_path: a font file for the templates (default: the installed font that fits the
            page's digits best).
        rewritten: when given, ``(as read, as re-read)`` is appended for every stretch that
            held letters or symbols and now holds digits ('oe' -> '๙', '๙ซ.๕๓' -> '๙๗.๕๓'):
            text rewritten, which the caller reports (``digit-repaired``). Digits re-read as
            other digits are the ordinary re-check and are not listed.

    Returns:
        ``(text, offsets, changed)``: the text with re-read digits (only runs of digits
        change, rarely in length), the words' offsets in it, and how many characters changed.

    Example:
        A date Tesseract read as 'วันที่ ๒๒ เมษายน ๒๕๒๒' comes back as 'วันที่ ๒๒ เมษายน ๒๕๖๒'
        when the third glyph fits the ๖ template best.
    """
    if height <= 0:
        return text, list(offsets), 0
    lines: dict[tuple[int, int, int], tuple[int, int]] = {}
    for word in words:
        key = (word.block, word.par, word.line)
        top, bottom = lines.get(key, (word.top, word.top + word.height))
        lines[key] = (min(top, word.top), max(bottom, word.top + word.height))
    found = []  # (start, run text, glyphs, exact)
    for run in _runs(text, words, offsets):
        run_words = [words[i] for i in run]
        run_text = "".join(w.text for w in run_words)
        first = run_words[0]
        line_box = lines[(first.block, first.par, first.line)]
        parts = _run_glyphs(ink, run_words, line_box, height, len(run_text))
        exact = parts is not None
        if parts is None and all(c in THAI_DIGITS for c in run_text):
            # Tesseract wrote more or fewer digits than there are glyphs: trust the glyphs.
            parts = _run_glyphs(ink, run_words, line_box, height, len(run_text), exact=False)
        if parts is not None:
            found.append((offsets[run[0]], run_text, parts, exact))
    most_glyphs = {"day": 2, "number": GARBLED_DAY_MAX, "year": GARBLED_YEAR_MAX}
    days = [(offsets[run[0]], "".join(words[i].text for i in run), parts, kind)
            for run, kind in garbled_numbers(text, words, offsets)
            if (parts := _day_glyphs(ink, [words[i] for i in run], lines, height,
                                     most=most_glyphs[kind])) is not None]
    confusable = confusable_tokens(text)
    exact_spans = [(start, start + len(run_text)) for start, run_text, _, exact in found if exact]
    numbers = []  # (start, end, why, glyphs): tokens to read from their glyphs alone
    for start, end, why in number_tokens(text):
        token = text[start:end]
        if not _suspect(token) and any(start <= a and b <= end for a, b in exact_spans):
            continue  # Thai digits whose glyphs line up: the ordinary re-check's
        run = _words_in_span(words, offsets, start, end)
        key = (run[0].block, run[0].par, run[0].line) if run else None
        if key not in lines:
            continue
        parts = _token_glyphs(ink, run, lines[key], height)
        if parts and len(parts) <= len(token) + 1:
            numbers.append((start, end, why, parts))
    if not found and not days and not confusable and not numbers:
        return text, list(offsets), 0
    if font_path is None:
        font_path = choose_font([g for _, run_text, parts, exact in found
                                 for c, g in zip(run_text, parts)
                                 if (c in THAI_DIGITS or not exact) and _digit_sized(g, height)]
                                # numbers Tesseract saw Thai digits in (not 'e)': a
                                # letter would pull the choice to the font it fits)
                                + [g for start, end, _, parts in numbers for g in parts
                                   if any(c in THAI_DIGITS for c in text[start:end])
                                   and _digit_sized(g, height)
                                   and punctuation_of(g, height) is None],
                                height)
    edits: list[tuple[int, int, str]] = []  # (start, end, new text) in ``text``
    for start, end, why, parts in numbers:
        new = reread_number(parts, height, font_path)
        if new is None:
            continue
        if why == "page":  # '- b -' -> '- ๖ -': only the number between the dashes changes
            # the glyphs of the dashes, flat and apart, may fall outside the token's cluster:
            # the number alone ('๖') is read as well as the number with its dashes
            number, token = _DASHED.fullmatch(new) or _BARE_PAGE.fullmatch(new), text[start:end]
            if number is None:
                continue
            inner = token.strip("-").strip()
            start = start + token.index(inner)
            end, new = start + len(inner), number.group(1)
        if why == "list" and not _LIST_NUMBER.fullmatch(new):
            continue
        edits.append((start, end, new))
    reread = [(a, b) for a, b, _ in edits]

    def free(a: int, b: int) -> bool:
        return not any(a < y and x < b for x, y in reread)

    for start, run_text, parts, exact in found:
        if exact:
            new = "".join(reread_digit(char, glyph, height, font_path)
                          if char in THAI_DIGITS and _digit_sized(glyph, height) else char
                          for char, glyph in zip(run_text, parts))
        else:
            new = "".join(classify_glyph(glyph, height, font_path)[0] for glyph in parts)
        if new != run_text and free(start, start + len(run_text)):
            edits.append((start, start + len(run_text), new))
    # A garbled day, number or year is read whole: it replaces the ordinary re-check of the
    # Thai digits inside it ('๒๕' of '๒๕อ'), never a number re-read from its glyphs alone.
    day_edits: list[tuple[int, int, str]] = []
    for start, token, parts, kind in days:
        # what Tesseract read that the glyphs must fit worse than a digit: bare Thai
        # consonants, Arabic digits, and in a year capitals (where an acronym might stand);
        # lower-case Latin letters are digit shapes themselves ('o' for ๐) and only need a
        # confident digit
        letters = "".join(c for c in token if _bare_consonants(c) or c.isascii() and (
            c.isdigit() or kind == "year" and c.isupper()))
        if kind == "year":  # every glyph a digit that fits better than the letters read
            readings = [digit_not_letter(glyph, letters, height, font_path) if letters
                        else confident_digit(glyph, height, font_path) for glyph in parts]
            year = "".join(r or "?" for r in readings)
            if _YEAR.fullmatch(year) and free(start, start + len(token)):
                day_edits.append((start, start + len(token), year))
            continue
        if kind == "number":  # every glyph a digit that fits clearly better than the rest
            readings = [digit_not_letter(glyph, letters, height, font_path) if letters
                        else confident_digit(glyph, height, font_path) for glyph in parts]
            if all(readings) and free(start, start + len(token)):
                day_edits.append((start, start + len(token), "".join(readings)))
            continue
        if letters:  # Arabic digits read: each glyph a Thai digit that fits better
            day = "".join(digit_not_letter(glyph, letters, height, font_path) or "?"
                          for glyph in parts)
        else:
            day = "".join(classify_glyph(glyph, height, font_path)[0] for glyph in parts)
        # a day of the month, or no reading
        if (day.isdigit() and 1 <= int(day.translate(_TO_ARABIC)) <= 31
                and free(start, start + len(token))):
            day_edits.append((start, start + len(token), day))
    if day_edits:
        edits = [e for e in edits if not any(a < e[1] and e[0] < b for a, b, _ in day_edits)]
        edits.extend(day_edits)
    if confusable:
        taken = [(a, b) for a, b, _ in edits]
        edits.extend(e for e in _confusable_edits(text, words, offsets, ink, lines, height,
                                                  font_path)
                     if not any(a < e[1] and e[0] < b for a, b in taken))
    edits = [e for e in edits if text[e[0]:e[1]] != e[2]]
    if rewritten is not None:
        rewritten.extend((text[a:b], new) for a, b, new in sorted(edits)
                         if not _numeric_text(text[a:b]))
    changed = 0
    for start, end, new in sorted(edits, reverse=True):
        changed += sum(a != b for a, b in zip(text[start:end], new)) + abs(len(new) - (end - start))
        text = text[:start] + new + text[end:]
    return text, shift_offsets(offsets, edits), changed


_TO_ARABIC = str.maketrans(THAI_DIGITS, "0123456789")
GARBLED_DAY_MAX = 3  # a day (1-2 digits) that OCR wrote as up to three other characters
# What precedes a day: 'วันที่ ๒๒', its tone mark lost in a scan ('วันที ๒๒').
DAY_CUES: tuple[str, ...] = ("วันที่", "วันที")


def _has_thai_digit_or_space(token: str) -> bool:
    return any("\u0e00" <= c <= "\u0e7f" or c.isdigit() or c.isspace() for c in token)


def _is_garbled_digit_text(token: str, most: int = GARBLED_DAY_MAX,
                           acronyms: bool = False) -> bool:
    """A short token (up to ``most`` characters) with no Thai letter and no digit that is not
    only punctuation: what Tesseract's Thai model makes of a day in Thai digits ('©' for ๑,
    'mo' for ๓๐, 'lo' for ๒๐, '»' for ๖: the quotes of ``CONFUSABLES`` are digit shapes, not
    punctuation). A dash or slash between dates, or an acronym ('OIT'), stays out, unless
    ``acronyms`` (a place where only a number can stand)."""
    import unicodedata

    return (0 < len(token) <= most
            and not any("\u0e00" <= c <= "\u0e7f" or c.isdigit() or c.isspace() for c in token)
            and not all(unicodedata.category(c).startswith("P") and c not in CONFUSABLES
                        for c in token)
            and (acronyms or not (len(token) > 1 and token.isascii() and token.isupper())))


def garbled_days(text: str, words: list, offsets: list[int]) -> list[list[int]]:
    """Words that stand where a day must be but were read as letters or symbols.

    A day stands right before a Thai month name ('๓๐ กันยายน') or right after 'วันที่'. A
    token of one to three non-Thai, non-digit glyphs there ('mo กันยายน', '© ตุลาคม') is a
    garbled day; consecutive words joined in the text are one token.

    Example:
        In '© ตุลาคม 2564 - mo กันยายน 2565' the words '©' and 'mo' are returned.
    """
    return [group for group, kind in garbled_numbers(text, words, offsets) if kind == "day"]


# Where Thai documents print a number by its neighbour: a counter or unit after it ('๖ เดือน',
# '๑๐๐ คะแนน', '๕ บาท'), or a word that a number follows ('มาตรา ๙', 'ร้อยละ ๘๐', 'ข้อ ๓').
NUMBER_UNITS: tuple[str, ...] = ("เดือน", "คะแนน", "บาท", "ครั้ง", "ชั่วโมง", "คน", "ราย",
                                 "แห่ง", "โครงการ", "กิจกรรม", "ฉบับ")
NUMBER_CUES: tuple[str, ...] = ("มาตรา", "ร้อยละ", "จำนวน", "เต็ม", "ข้อ", "หมู่ที่", "ครั้งที่",
                                "ฉบับที่", "ลำดับที่")


# What a year follows: the era ('พ.ศ. ๒๕๖๖') and an abbreviated month ('ต.ค. ๖๖', a plan's
# timeline); the year is two digits or four of the era's ๒๕xx.
YEAR_ERA = "พ.ศ."
GARBLED_YEAR_MAX = 4
_YEAR = re.compile(r"[๐-๙]{2}|๒๕[๐-๙]{2}")


def _bare_consonants(token: str) -> bool:
    """Thai consonants without a vowel or mark: what Tesseract writes for digits of a face it
    was not trained on ('ออ' for Loma's ๖๖), never a syllable."""
    return bool(token) and all("\u0e01" <= c <= "\u0e2e" for c in token)


def garbled_numbers(text: str, words: list, offsets: list[int]) -> list[tuple[list[int], str]]:
    """Words that stand where a number must be but were read as letters or symbols, with
    what stands there: ``'day'`` (before a month name, after วันที่), ``'number'`` (before a
    unit, ``NUMBER_UNITS``, or after a word a number follows, ``NUMBER_CUES``) or ``'year'``
    (after พ.ศ., a month's name or an abbreviated month).

    The token is one to three non-Thai, non-digit characters with a space on each side
    ('มาตรา oe ของ', 'คะแนนเต็ม ooo คะแนน', 'อย่างน้อย © เดือน'), or one or two bare Thai
    consonants before a unit or after a cue ('รอบ จ เดือน'); an acronym ('OIT') or
    punctuation alone never is. A year may be up to four such characters, bare Thai
    consonants or Thai digits mixed with them ('ต.ค. do', 'พ.ศ. webb', 'ก.ย. ออ',
    'ก.ย. อ๒', 'มีนาคม Wedd)'); after an abbreviated month, whose year is two digits, two
    capitals too ('ต.ค. DE'). Arabic digits standing in any of these places are taken too
    ('ครบรอบ 5 เดือน'): a face Tesseract was not trained on has Thai digits it reads as the
    Arabic digits they resemble, and the glyphs then have to fit a Thai digit better than
    the Arabic one. A closing bracket, a comma or a dot may follow the token.

    Example:
        >>> from thaireports.ingest.tesseract import Word
        >>> text = "ต.ค. ๖๕ - ก.ุย. ออ กองคลัง"
        >>> words = [Word(c, 0, 0, 1, 1, -1.0, 1, 1, 1) for c in text if not c.isspace()]
        >>> offsets = [k for k, c in enumerate(text) if not c.isspace()]
        >>> [("".join(words[k].text for k in group), kind)
        ...  for group, kind in garbled_numbers(text, words, offsets)]
        [('ออ', 'year')]
    """
    from thaireports.normalize.dates import MONTHS

    months = tuple(m for m in MONTHS if "." not in m and len(m) >= 4)
    short_months = tuple(m for m in MONTHS if "." in m)
    cue = _year_cue_pattern()

    def year_cue(at: int) -> tuple[bool, bool]:
        """Does a year stand at ``at`` (after the era, a month's name or its abbreviation),
        and is it after an abbreviated month?"""
        match = cue.search(text, max(0, at - 20), at)
        return match is not None, match is not None and match.group("short") is not None

    def year_part(word: str) -> bool:
        return (_bare_consonants(word) or all(c in THAI_DIGITS for c in word)
                or _is_garbled_digit_text(word, GARBLED_YEAR_MAX, acronyms=True)
                or word in _QUOTES)  # the tail of a digit ('do”' for ๖๗)
    out: list[tuple[list[int], str]] = []
    # Only a word at a token's start (a space or the text's start before it) can begin a
    # garbled number, or a year glued to its abbreviated month ('ก.ย.ออ'): the words of the
    # rest of the page (Thai words are one letter each) are never looked at.
    index_of = {offset: k for k, offset in enumerate(offsets) if offset >= 0}
    starts = {m.start() for m in _TOKEN.finditer(text)}
    starts.update(m.end() for m in _DOT_GLUED.finditer(text))
    resume = 0
    for i in sorted(index_of[at] for at in starts if at in index_of):
        if i < resume:
            continue
        first = words[i].text
        at = offsets[i]
        # It has no Thai, digit or space in it, or it is bare consonants; Arabic digits may
        # begin one too (Tesseract writes Thai digits of a face it does not know as the
        # Arabic digits they resemble: '5' for Kinnari's ๖), and a Thai digit a year ('๒๕อ').
        if (not 0 < len(first) <= GARBLED_YEAR_MAX
                or (_has_thai_digit_or_space(first) and not _bare_consonants(first)
                    and not (len(first) == 1 and (first.isascii() or first in THAI_DIGITS)))):
            continue
        follows = text[at + len(first):at + len(first) + 1]
        if "\u0e30" <= follows <= "\u0e4e":
            continue  # a vowel or a mark: the first letter of a syllable, most often
        glued = at > 0 and text[at - 1] == "."
        is_year, abbreviated = year_cue(at)
        if (glued or first in THAI_DIGITS) and not is_year:
            continue  # only a year is glued to its cue, or starts with a Thai digit
        arabic = first.isascii() and first.isdigit()
        part = (_is_arabic if arabic else year_part if is_year else _is_garbled_digit_text)
        # Tesseract writes one glyph as up to two characters ('อ๖' for ๖): a year of four
        # glyphs may be longer (its glyphs are counted when it is read)
        most = GARBLED_YEAR_CHARS if is_year else GARBLED_DAY_MAX
        group = [i]
        while (group[-1] + 1 < len(words) and offsets[group[-1] + 1] >= 0
               and offsets[group[-1]] + len(words[group[-1]].text) == offsets[group[-1] + 1]
               and part(words[group[-1] + 1].text) and len(group) < most):
            group.append(group[-1] + 1)
        token = "".join(words[k].text for k in group)
        start, end = offsets[i], offsets[i] + len(token)
        after = text[end:end + 20]
        # a dot that ends the token, not one inside an abbreviation ('พ.ศ.')
        closed = after[:1] in ")," or after[:1] == "." and after[1:2] in ("", " ", "\n")
        spaced = ((start == 0 or text[start - 1].isspace() or glued)
                  and (not after or after[:1].isspace() or closed))
        if not spaced:
            continue
        before = text[max(0, at - 12):at].rstrip()
        # a narrow table cell puts each word on its own line: '©\n\nตุลาคม', 'กันยาย\n\nน'
        joined_after = "".join(after.split())
        kind = None
        # the word before says more than the word after: 'ร้อยละ wo ม.ค.' is a share
        if is_year:
            kind = "year"
        elif before.endswith(DAY_CUES):
            kind = "day"
        elif before.endswith(NUMBER_CUES):
            kind = "number"
        elif (joined_after.startswith(months)
              or joined_after.translate(_BELOW_MARKS).startswith(short_months)):
            kind = "day"
        elif joined_after.startswith(NUMBER_UNITS):
            kind = "number"
        if arabic:
            fits = len(token) <= (GARBLED_YEAR_MAX if kind == "year" else GARBLED_DAY_MAX)
        elif kind == "year" and token[0] in _QUOTES:
            fits = False
        elif kind == "year":
            fits = (_bare_consonants(token) or _is_garbled_digit_text(token, GARBLED_YEAR_MAX)
                    or _garbled_year(token, abbreviated))
        elif kind == "number":
            # bare consonants only inside a line: at a line's start they may be the wrapped
            # tail of a word in a narrow cell ('มาตรกา\nร')
            fits = _is_garbled_digit_text(token) or (
                _bare_consonants(token) and len(token) <= 2 and start > 0
                and text[start - 1] in " \t")
        else:
            fits = _is_garbled_digit_text(token)
        if kind and fits and not all(c in THAI_DIGITS for c in token):
            out.append((group, kind))
            resume = group[-1] + 1
    return out


_BELOW_MARKS = str.maketrans("", "", "\u0e38\u0e39\u0e3a")
_DOT_GLUED = re.compile(r"\.(?=[^\s.])")  # a dot and the start of what is glued to it
GARBLED_YEAR_CHARS = 6  # characters Tesseract may write for a year's four glyphs


def _is_arabic(word: str) -> bool:
    return word.isascii() and word.isdigit()


_QUOTES = frozenset("”“’‘'\"")  # what Tesseract writes for a digit's tail or hook


@functools.lru_cache(maxsize=1)
def _year_cue_pattern() -> re.Pattern:
    """What a year follows, and the space after it, at the end of the string searched: the
    era, a month's name, or an abbreviated month (group ``short``) as Tesseract leaves it on
    a scan.

    A mark below in an abbreviation is ink of the line above ('ก.ุย.' for ก.ย.;
    no abbreviation carries one, a month's name may: ตุลาคม); a speck may add a dot
    ('ก.ย..'); an abbreviation that starts a token may lose its inner dot with that mark
    ('กุย.'), as no Thai word is spelled so.
    """
    from thaireports.normalize.dates import MONTHS

    below = "[\u0e38\u0e39\u0e3a]?"

    def loose(abbreviation: str, dots: bool) -> str:
        parts = [re.escape(c) + below for c in abbreviation.replace(".", "")]
        if not dots:
            return "(?<!\\S)" + "".join(parts) + "\\.\\.?"
        # the stray mark may follow the dot as well ('ก.ุย.')
        return "".join(re.escape(c) + below for c in abbreviation) + "\\.?"

    abbreviations = sorted((m for m in MONTHS if "." in m), key=len, reverse=True)
    names = sorted([YEAR_ERA] + [m for m in MONTHS if "." not in m and len(m) >= 4],
                   key=len, reverse=True)
    short = "|".join([loose(m, True) for m in abbreviations]
                     + [loose(m, False) for m in abbreviations])
    return re.compile("(?:(?P<short>" + short + ")|" + "|".join(map(re.escape, names))
                      + ")\\s*$")


def _garbled_year(token: str, short: bool) -> bool:
    """A year's token of Thai digits mixed with what Tesseract writes for digits it did not
    know ('อ๒', '๒๕อ', '๒ฒ'), or, after an abbreviated month (``short``), two capitals
    ('DE' for ๖๕: a two-digit year, where no acronym stands)."""
    if short and len(token) == 2 and token.isascii() and token.isupper():
        return True
    pieces = [c for c in token if c not in THAI_DIGITS]
    return bool(pieces) and len(pieces) < len(token) and all(
        _bare_consonants(c) or c in CONFUSABLES or c in _QUOTES for c in pieces)


def _day_glyphs(ink: np.ndarray, run: list, lines: dict, height: float, most: int = 2
                ) -> list[np.ndarray] | None:
    """The one or two (``most``) digit-sized glyphs of a garbled day's box, or None."""
    first = run[0]
    line_box = lines[(first.block, first.par, first.line)]
    n_chars = len("".join(w.text for w in run))
    for exact in (True, False):
        parts = _run_glyphs(ink, run, line_box, height, n_chars, exact=exact)
        if parts and 1 <= len(parts) <= most and all(_digit_sized(p, height) for p in parts):
            return parts
    return None


def shift_offsets(offsets: list[int], edits: list[tuple[int, int, str]]) -> list[int]:
    """Word offsets after replacing ``text[start:end]`` by ``new`` for each edit.

    Example:
        >>> shift_offsets([0, 4, 5, 6, 9], [(4, 6, "๖")])
        [0, 4, 4, 5, 8]
    """
    ordered = sorted(edits)
    if all(a[1] <= b[0] for a, b in zip(ordered, ordered[1:])):
        return _shift_offsets_apart(offsets, ordered)

    def delta_before(position: int) -> int:
        return sum(len(new) - (end - start) for start, end, new in edits if end <= position)

    out = []
    for offset in offsets:
        inside = [(s, e, n) for s, e, n in edits if s <= offset < e]
        if offset < 0:
            out.append(offset)
        elif inside:
            start, _, new = inside[0]
            out.append(start + min(offset - start, max(0, len(new) - 1)) + delta_before(start))
        else:
            out.append(offset + delta_before(offset))
    return out



def _shift_offsets_apart(offsets: list[int], edits: list[tuple[int, int, str]]) -> list[int]:
    """``shift_offsets`` for edits sorted by start that do not overlap (each offset lies in
    at most one of them), with a binary search per offset instead of a pass over the edits."""
    import bisect
    from itertools import accumulate

    if not edits:
        return list(offsets)
    starts = [start for start, _, _ in edits]
    ends = [end for _, end, _ in edits]  # sorted too: the edits do not overlap
    # shift[k]: the change in length of the first k edits
    shift = [0, *accumulate(len(new) - (end - start) for start, end, new in edits)]
    out = []
    for offset in offsets:
        if offset < 0:
            out.append(offset)
            continue
        k = bisect.bisect_right(starts, offset) - 1  # the last edit starting at or before
        if k >= 0 and offset < ends[k]:
            start, _, new = edits[k]
            out.append(start + min(offset - start, max(0, len(new) - 1))
                       + shift[bisect.bisect_right(ends, start)])
        else:
            out.append(offset + shift[bisect.bisect_right(ends, offset)])
    return out


# --- page numbers Tesseract left unread ----------------------------------------------------------

FURNITURE_ZONE = 0.12  # share of the page height at its top and bottom where page numbers print
WORD_MAX_LINES = 4  # a word box taller than this many consonant heights is not a printed word
DASH_SHAPE = (0.25, 0.3)  # a dash: at most this share of a consonant's height tall, at least
#                           this share wide


def unread_page_number(labels: np.ndarray, stats: np.ndarray, words: list, height: float,
                       font_path: str | None = None) -> tuple[int, str] | None:
    """A page number ('- ๔ -') printed in the header or footer that Tesseract did not read.

    Tesseract's layout analysis drops a lone short line far from the text (a page number at
    the top centre) as noise. Its glyphs are still on the page: components in the top or
    bottom ``FURNITURE_ZONE`` of the page that no word box covers, forming one short line of
    one to three digit-sized glyphs between two dashes, each fitting a digit template at
    least ``CONFUSABLE_FIT``, are read from the templates.

    Returns:
        ``(top, text)`` of the line, e.g. ``(98, '- ๔ -')``, or None.
    """
    if height <= 0 or len(stats) < 2:
        return None
    page_h = labels.shape[0]
    x, y, w, h = (stats[1:, k].astype(np.int64) for k in range(4))
    zone = (y + h < FURNITURE_ZONE * page_h) | (y > (1 - FURNITURE_ZONE) * page_h)
    small = zone & (h <= 1.6 * height) & (w <= 2 * height) & (stats[1:, 4] >= 6)
    candidates = np.nonzero(small)[0]
    if not candidates.size:
        return None
    # A box many lines tall is no word: Tesseract boxes a stray mark it could not place
    # with the whole page ('~' at 0,0), which would cover the page number too.
    words = [wd for wd in words if wd.height <= WORD_MAX_LINES * height]
    if words:
        boxes = np.array([[wd.left, wd.top, wd.left + wd.width, wd.top + wd.height] for wd in words])
        cx = (x[candidates] + w[candidates] / 2)[:, None]
        cy = (y[candidates] + h[candidates] / 2)[:, None]
        pad = 0.3 * height
        covered = ((cx >= boxes[:, 0] - pad) & (cx <= boxes[:, 2] + pad)
                   & (cy >= boxes[:, 1] - pad) & (cy <= boxes[:, 3] + pad)).any(axis=1)
        candidates = candidates[~covered]
    for line in _lines_of(candidates, x, y, w, h, height):
        text = _page_number_text(line, labels, x, y, w, h, height, font_path)
        if text:
            return int(min(y[i] for i in line)), text
    return None


def _lines_of(ids: np.ndarray, x, y, w, h, height: float) -> list[list[int]]:
    """Components grouped into short lines: sharing a height band, gaps under 1.5 heights."""
    lines: list[list[int]] = []
    for i in sorted(ids, key=lambda k: (y[k] + h[k] // 2, x[k])):
        centre = y[i] + h[i] / 2
        for line in lines:
            j = line[-1]
            if abs((y[j] + h[j] / 2) - centre) < 0.6 * height:
                line.append(int(i))
                break
        else:
            lines.append([int(i)])
    out = []
    for line in lines:
        line.sort(key=lambda k: x[k])
        pieces = [[line[0]]]
        for k in line[1:]:
            if x[k] - (x[pieces[-1][-1]] + w[pieces[-1][-1]]) > 1.5 * height:
                pieces.append([k])
            else:
                pieces[-1].append(k)
        out.extend(p for p in pieces if 1 <= len(p) <= 6)
    return out


def _page_number_text(line: list[int], labels: np.ndarray, x, y, w, h, height: float,
                      font_path: str | None) -> str | None:
    """'- ๔ -' from a short line of components, or None if it is not a page number."""
    def is_dash(i: int) -> bool:
        return h[i] <= DASH_SHAPE[0] * height and w[i] >= DASH_SHAPE[1] * height

    core = list(line)
    dashes = (bool(core) and is_dash(core[0]), bool(core) and is_dash(core[-1]))
    if dashes[0]:
        core = core[1:]
    if dashes[1] and core:
        core = core[:-1]
    if not core or len(core) > 3 or dashes[0] != dashes[1]:
        return None
    glyph_list = []
    for i in core:
        glyph = labels[y[i]:y[i] + h[i], x[i]:x[i] + w[i]] == i + 1
        if not _digit_sized(glyph, height):
            return None
        glyph_list.append(glyph)
    if font_path is None:
        # The page's font is not known here (the page number is looked for apart from the
        # text's digits): the family whose digits fit these glyphs best, as for a page.
        font_path = choose_font(glyph_list, height)
    digits = []
    for glyph in glyph_list:
        digit, fit = classify_glyph(glyph, height, font_path)
        if fit < CONFUSABLE_FIT:
            return None
        digits.append(digit)
    # Only the dashed form: a bare number in a header may be anything (a reference, a date).
    return f"- {''.join(digits)} -" if dashes[0] else None


# --- numbers re-read from their glyphs alone ---------------------------------------------------
#
# Where Thai documents put numbers, Tesseract's reading of a number is sometimes not even the
# right count of characters: ๖ as '1๐๒' or '๒๐', ๙๔ as '๓๕๕', ๓ as 'on', ๕) with its bracket
# lost. The glyph-per-character checks above then cannot line the glyphs up with the text. A
# token that stands where a number stands (and holds something a number cannot: a Thai digit
# beside letters, symbols or Arabic digits, or more characters than glyphs) is therefore read
# again from its glyphs only: each glyph is a punctuation mark by its shape (a dot, a dash, a
# bracket, a slash) or the digit whose template fits it, clearly better than any other digit.
# When one glyph is neither, the token stays as Tesseract read it.

DIGIT_MARGIN = 0.04  # the best digit template must beat the second best by this much
_THAI_LETTER = re.compile(r"[\u0e01-\u0e4f]")
# A list number at a line's start: '๑.', '๒)', '(๓)', a clause number '๕.๑.๑' (each part a
# short run of digit-like characters).
_LIST_NUMBER = re.compile(r"\(?[^\s()./\-]{1,4}(?:\.[^\s()./\-]{1,4})*[.)]?")
# A page number printed alone on its line: '- ๒ -', '-๒-'.
_PAGE_NUMBER = re.compile(r"(?m)^[ \t]*-[ \t]*([^\s\-]{1,4})[ \t]*-[ \t]*$")
_DASHED = re.compile(r"-([๐-๙]{1,3})-")
_BARE_PAGE = re.compile(r"([๐-๙]{1,3})")


def _suspect(token: str) -> bool:
    """Does a numeric-looking token hold something a printed Thai number cannot?

    Thai letters never stand inside a number token here; a Thai digit beside Latin letters,
    symbols or Arabic digits, or digit-like letters where a number must be, are misreadings.
    """
    if _THAI_LETTER.search(token):
        return False
    body = [c for c in token if c not in _NUMERIC_PUNCT]
    if not body or all(c.isdigit() and c not in THAI_DIGITS for c in body):
        return False  # nothing but marks, or Arabic digits only: printed so, read right
    return not all(c in THAI_DIGITS for c in body)


def number_tokens(text: str) -> list[tuple[int, int, str]]:
    """Stretches of ``text`` that stand where Thai documents print numbers and may have
    been misread: ``[(start, end, why)]``.

    - ``'list'``: the first token of a line shaped like a list or clause number
      (``'on)'`` for ๓), ``'€.0.6'`` for ๕.๑.๑, ``'1๐๒.๑.@'`` for ๖.๑.๑);
    - ``'page'``: the token between the dashes of a line that is only ``- X -``;
    - ``'digits'``: any token of Thai digits and numeric marks that also holds Arabic digits
      or non-Thai letters (``'๑.9'``, ``'«๕๒.๓๑๕'``), or none of them (checked by glyph count).

    Tokens made of Thai letters are words and never returned.

    Example:
        >>> [(text[s:e], why) for text in ["on) การมี\\n- b -\\nคะแนน ๑.9 ดี"]
        ...  for s, e, why in number_tokens(text)]
        [('on)', 'list'), ('- b -', 'page'), ('๑.9', 'digits')]
    """
    out: list[tuple[int, int, str]] = []
    taken: list[tuple[int, int]] = []
    for match in _PAGE_NUMBER.finditer(text):
        if not _THAI_LETTER.search(match.group(1)):  # the token with its dashes
            dashed = match.group(0).strip()
            start = match.start() + match.group(0).index(dashed)
            out.append((start, start + len(dashed), "page"))
            taken.append(match.span())
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        if any(a <= start < b for a, b in taken):
            continue
        token = match.group(0)
        if _THAI_LETTER.search(token):
            continue
        line_start = text.rfind("\n", 0, start) + 1
        first = not text[line_start:start].strip()
        shaped = _LIST_NUMBER.fullmatch(token) is not None
        # a list number ends with its mark ('๓.', '๒)') or is a clause number ('๕.๑.๑')
        listed = first and shaped and (token[-1] in ".)" or token.count(".") >= 2)
        letters = [c for c in token if not (c in _NUMERIC_PUNCT or c in THAI_DIGITS
                                            or c.isdigit())]
        if listed and _suspect(token) and not (len(letters) > 1 and "".join(letters).isupper()):
            out.append((start, end, "list"))
        elif any(c in THAI_DIGITS for c in token) and len(letters) <= MAX_CONFUSABLE:
            out.append((start, end, "digits"))
    return sorted(out)


def punctuation_of(glyph: np.ndarray, height: float) -> str | None:
    """The numeric mark a glyph is by its shape alone, or None: '.', '-', '(', ')', '/'.

    A dot is small in both directions; a dash flat and wide; a bracket or a slash tall and
    narrow, a bracket's ends on one side of its middle, a slash's top right of its bottom.
    """
    h, w = glyph.shape
    if h <= DASH_SHAPE[0] * height and w >= DASH_SHAPE[1] * height and w >= 2 * h:
        return "-"
    if h <= 0.4 * height and w <= 0.45 * height:
        return "."
    if h >= 0.9 * height and w <= 0.5 * h:
        rows, cols = np.nonzero(glyph)
        if rows.size < 4:
            return None
        quarter = h / 4
        top = cols[rows < quarter].mean() if (rows < quarter).any() else None
        bottom = cols[rows >= h - quarter].mean() if (rows >= h - quarter).any() else None
        middle = cols[(rows >= quarter) & (rows < h - quarter)]
        if top is None or bottom is None or not middle.size:
            return None
        lean, belly = (top - bottom) / w, (middle.mean() - (top + bottom) / 2) / w
        if lean > 0.3:
            return "/"
        if abs(lean) <= 0.3 and w <= 0.5 * h and belly > 0.15:
            return ")"
        if abs(lean) <= 0.3 and w <= 0.5 * h and belly < -0.15:
            return "("
    return None


def confident_digit(glyph: np.ndarray, height: float, font_path: str | None) -> str | None:
    """The digit a glyph is when its template fits well and clearly better than the next
    digit's (``CONFUSABLE_FIT``, ``DIGIT_MARGIN``); None when unsure."""
    if not _digit_sized(glyph, height):
        return None
    digits, scores = glyph_scores(glyph, height, font_path)
    order = np.argsort(scores)[::-1]
    best, second = float(scores[order[0]]), float(scores[order[1]])
    if best < CONFUSABLE_FIT or best - second < DIGIT_MARGIN:
        return None
    return digits[int(order[0])]


def digit_not_letter(glyph: np.ndarray, letters: str, height: float,
                     font_path: str | None) -> str | None:
    """The digit a glyph Tesseract read as ``letters`` (one, or two for one glyph) is: a
    confident digit (``confident_digit``) whose template fits the glyph better than each
    letter's own template in the same font by ``DIGIT_MARGIN``; None when a letter fits
    as well."""
    digit = confident_digit(glyph, height, font_path)
    if digit is None:
        return None
    digits, scores = glyph_scores(glyph, height, font_path)
    best = float(scores[digits.index(digit)])
    letter = max(char_score(glyph, c, height, font_path) for c in letters)
    return digit if best - letter >= DIGIT_MARGIN else None


_NUMBER_SHAPE = re.compile(r"\(?-?[๐-๙]+(?:[./\-][๐-๙]+)*[./)\-]?\)?")


def _token_glyphs(ink: np.ndarray, run: list, line_box: tuple[int, int], height: float
                  ) -> list[np.ndarray] | None:
    """The glyphs of one token on the page: the cluster of its line that its words' boxes
    cover, or None when the token is glued to other ink (a word, a slash run)."""
    left = min(w.left for w in run)
    right = max(w.left + w.width for w in run)
    margin = round(0.8 * height)
    x0, x1 = max(0, left - margin), min(ink.shape[1], right + margin)
    # The height band from the boxes of what is not a mark: a dash's or dot's box is flat.
    body = [w for w in run if not all(c in _NUMERIC_PUNCT for c in w.text)] or run
    core_top = int(np.median([w.top for w in body]))
    core_bottom = int(np.median([w.top + w.height for w in body]))
    core_bottom = max(core_bottom, core_top + round(0.7 * height))
    slack = round(0.3 * height)
    top = max(0, line_box[0] - slack, core_top - slack)
    bottom = min(ink.shape[0], max(line_box[1], core_bottom) + slack, core_bottom + slack)
    if bottom - top < 4:
        return None
    boxes = [(a, b, detach_marks(g, height)) for a, b, g in
             _glyph_boxes(ink[top:bottom, x0:x1] > 0, band=(core_top - top, core_bottom - top))]
    if not boxes:
        return None
    lo, hi = left - x0, right - x0
    clusters = _word_clusters(boxes, _cluster_gap(boxes, lo, hi, height))

    def overlap(cluster: list) -> int:
        return _overlap(cluster, lo, hi)

    best = max(clusters, key=overlap)
    span = best[-1][1] - best[0][0]
    if overlap(best) < 0.6 * min(span, hi - lo) or span > (hi - lo) + 1.2 * height:
        return None
    return [b[2] for b in best]


def reread_number(glyph_list: list[np.ndarray], height: float, font_path: str | None
                  ) -> str | None:
    """A number written from its glyphs alone (each a mark by shape or a confident digit),
    or None when a glyph is neither or the marks and digits do not make a number."""
    out = []
    for glyph in glyph_list:
        mark = punctuation_of(glyph, height)
        if mark is None:
            mark = confident_digit(glyph, height, font_path)
        if mark is None:
            return None
        out.append(mark)
    number = "".join(out)
    return number if _NUMBER_SHAPE.fullmatch(number) else None
