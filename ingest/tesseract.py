"""The one module that runs the Tesseract binary (through pytesseract).

Everything about the external program lives here, as in OCRmyPDF's ``_exec/tesseract.py``:
finding it, its version, whether the language packs are installed, timeouts, and turning its
failures into our errors. Other modules pass PIL images in and get plain Python data out.
"""
from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from thaireports.normalize.errors import ThaiReportsError

# Language code -> the Debian package that installs its traineddata, for the error message.
_LANGUAGE_PACKAGES: dict[str, str] = {
    "tha": "tesseract-ocr-tha",  # Thai: the language of every memo
    "eng": "tesseract-ocr-eng",  # English: ITA, IIT/EIT/OIT, web addresses
    "osd": "tesseract-ocr-osd",  # orientation and script detection
}


class TesseractError(ThaiReportsError):
    """Tesseract is missing, too old, lacks a language, or failed on a page.

    Example:
        >>> str(TesseractError("Tesseract has no 'tha' language (apt-get install tesseract-ocr-tha)"))
        "Tesseract has no 'tha' language (apt-get install tesseract-ocr-tha)"
    """

    exit_code = 5


class TesseractTimeout(TesseractError):
    """One call took longer than its timeout; the caller turns it into a page warning."""


@dataclass(frozen=True)
class Word:
    """One word Tesseract read, with its box in the image's pixels.

    ``block``/``par``/``line`` are Tesseract's layout numbers, used to rebuild lines and
    paragraphs in reading order.

    Thai comes out one character per "word" (Tesseract's LSTM has no Thai word boxes), and
    the boxes of marks above and below are only roughly placed; Latin comes out in words.
    """

    text: str
    left: int
    top: int
    width: int
    height: int
    conf: float
    block: int
    par: int
    line: int


def _pytesseract():
    import pytesseract  # lazy: keeps `thaireports convert` on text files fast

    return pytesseract


@functools.lru_cache(maxsize=1)
def version() -> str:
    """The installed Tesseract's version string, e.g. ``'5.3.0'``.

    Raises:
        TesseractError: the binary is not on PATH.
    """
    pt = _pytesseract()
    try:
        return str(pt.get_tesseract_version())
    except pt.TesseractNotFoundError as exc:
        raise TesseractError(
            "Tesseract is not installed or not on PATH (apt-get install tesseract-ocr "
            "tesseract-ocr-tha)") from exc


@functools.lru_cache(maxsize=1)
def languages() -> frozenset[str]:
    """The language codes whose traineddata Tesseract can load."""
    version()  # a clear error first if the binary itself is missing
    pt = _pytesseract()
    try:
        return frozenset(pt.get_languages(config=""))
    except pt.TesseractError as exc:  # pragma: no cover - broken installs only
        raise TesseractError(f"Tesseract cannot list its languages: {exc}") from exc


def _major_version(text: str) -> int:
    """``'5.3.0'`` -> 5; ``'4.1.1-rc2'`` -> 4."""
    match = re.match(r"\s*(\d+)", text)
    return int(match.group(1)) if match else 0


def check(lang: str = "tha+eng") -> None:
    """Make sure Tesseract 4+ with every language of ``lang`` is installed.

    Args:
        lang: Tesseract's language string, codes joined by ``+``, e.g. ``'tha+eng'``.

    Raises:
        TesseractError: the binary is missing, older than 4 (no LSTM Thai model), or a
            language is not installed; the message names the package to install.
    """
    found = version()
    if _major_version(found) < 4:
        raise TesseractError(f"Tesseract {found} is too old: Thai needs 4 or newer "
                             "(apt-get install tesseract-ocr)")
    have = languages()
    for code in filter(None, lang.split("+")):
        if code not in have:
            package = _LANGUAGE_PACKAGES.get(code, f"tesseract-ocr-{code}")
            raise TesseractError(f"Tesseract has no {code!r} language "
                                 f"(apt-get install {package})")


def _config(psm: int | None, extra: str = "") -> str:
    parts = []
    if psm is not None:
        parts.append(f"--psm {psm}")
    # Tesseract guesses the resolution of images without metadata and warns about it on
    # stderr; our page images are 200 dpi by construction.
    parts.append("--dpi 200")
    # Tesseract re-reads every word it is unsure of as light-on-dark print, and keeps that
    # reading when it scores better: 3% of its time on the dev scans (24 signed pages: 41.2 ->
    # 40.0 s CPU, the same CER), spent on print that is dark on light. Reverse print (a
    # shaded header cell) is turned the right way before reading (``ocr._cell_crop``).
    parts.append("-c tessedit_do_invert=0")
    if extra:
        parts.append(extra)
    return " ".join(parts)


def _run(func, image, lang: str, config: str, timeout: float):
    """Call one pytesseract function, mapping its failures to ours."""
    pt = _pytesseract()
    check(lang)
    try:
        return func(image, lang=lang, config=config, timeout=timeout)
    except RuntimeError as exc:
        # pytesseract raises a bare RuntimeError('Tesseract process timeout') on timeouts.
        if "timeout" in str(exc).lower():
            raise TesseractTimeout(f"Tesseract took longer than {timeout:g} s") from exc
        raise TesseractError(f"Tesseract failed: {exc}") from exc
    except pt.TesseractError as exc:
        message = (exc.message or "").strip().splitlines()
        raise TesseractError(f"Tesseract failed (status {exc.status}): "
                             f"{message[-1] if message else 'no message'}") from exc


def image_to_string(image, lang: str = "tha+eng", psm: int | None = None,
                    timeout: float = 120) -> str:
    """Plain text of an image, as ``tesseract IMAGE - -l LANG`` prints it.

    Args:
        image: a PIL image (grayscale or RGB).
        lang: Tesseract's language string.
        psm: page segmentation mode; None keeps Tesseract's default (3, automatic).
        timeout: seconds before the call is killed.

    Raises:
        TesseractTimeout: the call ran out of time.
        TesseractError: anything else went wrong.
    """
    return _run(_pytesseract().image_to_string, image, lang, _config(psm), timeout)


def _int(value) -> int:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return -1


def tsv_to_words(tsv: str) -> list[Word]:
    """Parse Tesseract's TSV output (``image_to_data``) into words with text.

    Example:
        >>> tsv = ("level\\tpage_num\\tblock_num\\tpar_num\\tline_num\\tword_num\\tleft\\ttop"
        ...        "\\twidth\\theight\\tconf\\ttext\\n"
        ...        "5\\t1\\t1\\t1\\t1\\t1\\t10\\t20\\t80\\t30\\t91.5\\tบันทึกข้อความ\\n")
        >>> tsv_to_words(tsv)[0].text
        'บันทึกข้อความ'
    """
    lines = tsv.splitlines()
    if not lines:
        return []
    names = lines[0].split("\t")
    words = []
    for line in lines[1:]:
        cells = line.split("\t")
        if len(cells) < len(names):
            cells += [""] * (len(names) - len(cells))
        row = dict(zip(names, cells))
        text = row.get("text", "").strip()
        if row.get("level") != "5" or not text:
            continue
        words.append(Word(text=text, left=_int(row["left"]), top=_int(row["top"]),
                          width=_int(row["width"]), height=_int(row["height"]),
                          conf=float(row["conf"]) if row.get("conf") not in (None, "") else -1.0,
                          block=_int(row["block_num"]), par=_int(row["par_num"]),
                          line=_int(row["line_num"])))
    return words


def image_to_data(image, lang: str = "tha+eng", psm: int | None = None,
                  timeout: float = 120) -> list[Word]:
    """Words with boxes, confidences and layout numbers (one Tesseract call).

    Args:
        image: a PIL image.
        lang: Tesseract's language string.
        psm: page segmentation mode; None keeps Tesseract's default.
        timeout: seconds before the call is killed.

    Returns:
        The words in Tesseract's reading order.

    Raises:
        TesseractTimeout: the call ran out of time.
        TesseractError: anything else went wrong.
    """
    tsv = _run(_pytesseract().image_to_data, image, lang, _config(psm), timeout)
    return tsv_to_words(tsv)


def words_to_text(words: list[Word]) -> str:
    """Rebuild text from words: a line per Tesseract line, a blank line between paragraphs.

    Example:
        >>> w = lambda t, x, line: Word(t, x, 0, 10, 10, 90.0, 1, 1, line)
        >>> words_to_text([w("เรื่อง", 0, 1), w("มาตรการ", 20, 1), w("เรียน", 0, 2)])
        'เรื่อง มาตรการ\\nเรียน'
    """
    out: list[str] = []
    previous: tuple[int, int, int] | None = None
    for word in words:
        key = (word.block, word.par, word.line)
        if previous is None:
            out.append(word.text)
        elif key == previous:
            out.append(" " + word.text)
        elif key[:2] == previous[:2]:
            out.append("\n" + word.text)
        else:
            out.append("\n\n" + word.text)
        previous = key
    return "".join(out)


@dataclass
class OcrOutput:
    """Text and word boxes of ONE Tesseract run (its ``txt`` and ``tsv`` renderers).

    ``text`` is exactly what ``tesseract IMAGE - -l tha+eng`` prints (Thai without spaces
    inside words, a blank line between paragraphs); its non-space characters are the words'
    characters in the same order, which is how a word is found in the text.
    """

    text: str
    words: list[Word] = field(default_factory=list)
    stderr: str = ""
    offsets: list[int] | None = None  # ``char_offsets(text, words)`` when already found


def _binary() -> str:
    path = shutil.which(_pytesseract().pytesseract.tesseract_cmd)
    if not path:
        raise TesseractError("Tesseract is not installed or not on PATH (apt-get install "
                             "tesseract-ocr tesseract-ocr-tha)")
    return path


# PIL mode -> (format, suffix) of the file Tesseract reads. Uncompressed PNM: writing a 200 dpi
# A4 page takes ~7 ms where PNG's deflate takes ~240 ms (13% of the Tesseract call itself),
# and Leptonica reads the same pixels either way.
_IMAGE_FILES: dict[str, tuple[str, str]] = {
    "L": ("PPM", ".pgm"),  # grayscale: every scan we prepare
    "RGB": ("PPM", ".ppm"),  # colour pages handed in as they are
    "1": ("PPM", ".pbm"),  # bilevel (fax-like) scans
}


def _run_binary(command: list[str], timeout: float) -> subprocess.CompletedProcess:
    """The Tesseract binary run once, with one OpenMP thread (we run one process per core, and
    Tesseract's own threads would only contend with each other) and a timeout."""
    env = {**os.environ, "OMP_THREAD_LIMIT": os.environ.get("OMP_THREAD_LIMIT", "1")}
    try:
        return subprocess.run(command, capture_output=True, timeout=timeout, env=env, check=False)
    except subprocess.TimeoutExpired as exc:
        raise TesseractTimeout(f"Tesseract took longer than {timeout:g} s") from exc


def _write_image(image, folder: Path) -> Path:
    """Save an image where Tesseract can read it, in the cheapest format that keeps its pixels.

    Modes PNM cannot hold (alpha, palettes, 16-bit) go as PNG at the fastest compression.

    Example:
        >>> from PIL import Image
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     _write_image(Image.new("L", (8, 8), 255), Path(folder)).suffix
        '.pgm'
    """
    format_, suffix = _IMAGE_FILES.get(image.mode, ("PNG", ".png"))
    path = folder / f"page{suffix}"
    if format_ == "PNG":
        image.save(path, format="PNG", compress_level=1)
    else:
        image.save(path, format=format_)
    return path


def box_to_words(box: str, text: str, image_height: int) -> list[Word]:
    """Words (one per symbol) from Tesseract's ``makebox`` output and its text.

    The box file gives each symbol and its box (origin bottom left) in reading order, but no
    layout numbers and no confidence: each symbol's line and paragraph are where it falls in
    ``text`` (a line per text line, a blank line between paragraphs); ``conf`` is -1.

    Example:
        >>> words = box_to_words("ก 10 70 30 90 0\\nข 40 70 60 90 0\\n1 10 20 20 40 0\\n", "กข\\n\\n1\\n", 100)
        >>> [(w.text, w.top, w.height, w.par, w.line) for w in words]
        [('ก', 10, 20, 0, 0), ('ข', 10, 20, 0, 0), ('1', 60, 20, 1, 2)]
    """
    return _box_words(box, text, image_height)[0]


def _box_words(box: str, text: str, image_height: int) -> tuple[list[Word], list[int]]:
    """``box_to_words`` and the words' ``char_offsets`` in ``text``, found on the way."""
    symbols = []
    for row in box.splitlines():
        parts = row.rsplit(" ", 5)
        if len(parts) != 6 or not parts[0].strip():
            continue
        try:  # whole numbers, as Tesseract writes them
            left, bottom, right, top = int(parts[1]), int(parts[2]), int(parts[3]), int(parts[4])
        except ValueError:
            left, bottom, right, top = (_int(v) for v in parts[1:5])
        symbols.append((parts[0], left, image_height - top, right - left, top - bottom))
    line_of, par_of = [], []
    line = par = 0
    for i, char in enumerate(text):
        line_of.append(line)
        par_of.append(par)
        if char == "\n":
            line += 1
            if text[i + 1:i + 2] == "\n" or (text[i + 1:i + 2].isspace() and "\n" in text[i + 1:i + 3]):
                par += 1
    offsets = text_offsets(text, [symbol[0] for symbol in symbols])
    words = []
    where = (0, 0)
    for (t, left, top, width, height), offset in zip(symbols, offsets):
        if 0 <= offset < len(text):
            where = (par_of[offset], line_of[offset])
        words.append(Word(t, left, top, width, height, -1.0, where[0], where[0], where[1]))
    return words, offsets


def ocr(image, lang: str = "tha+eng", psm: int | None = None, timeout: float = 120,
        confidences: bool = True) -> OcrOutput:
    """Read an image once, getting both the plain text and the word boxes.

    Args:
        image: a PIL image.
        lang: Tesseract's language string.
        psm: page segmentation mode; None keeps Tesseract's default (3).
        timeout: seconds before the process is killed.
        confidences: word boxes with confidences (Tesseract's ``tsv``); False gives one box
            per symbol without confidence (``makebox``), which costs Tesseract ~15% less time
            on a Thai page than ``tsv`` (0.3 s of 2 s: measured on 200 dpi memo pages).

    Returns:
        The text, the words, and Tesseract's stderr (warnings such as 'Too few characters').

    Raises:
        TesseractTimeout: the call ran out of time.
        TesseractError: Tesseract failed or is missing.
    """
    check(lang)
    with tempfile.TemporaryDirectory(prefix="thaireports-ocr-") as tmp:
        source = _write_image(image, Path(tmp))
        base = Path(tmp) / "out"
        command = [_binary(), str(source), str(base), "-l", lang, *_config(psm).split(),
                   "txt", "tsv" if confidences else "makebox"]
        done = _run_binary(command, timeout)
        stderr = done.stderr.decode("utf-8", "replace")
        if done.returncode != 0:
            last = stderr.strip().splitlines()
            raise TesseractError(f"Tesseract failed (status {done.returncode}): "
                                 f"{last[-1] if last else 'no message'}")
        text = (base.with_suffix(".txt")).read_text(encoding="utf-8")
        offsets = None
        if confidences:
            words = tsv_to_words(base.with_suffix(".tsv").read_text(encoding="utf-8"))
        else:
            words, offsets = _box_words(base.with_suffix(".box").read_text(encoding="utf-8"),
                                        text, image.height)
    return OcrOutput(text=text, words=words, stderr=stderr, offsets=offsets)


# Tesseract's stderr messages that say something about the page -> (warning code, message),
# as OCRmyPDF reports them ("lots of diacritics - possibly poor OCR"). Matched in order.
_STDERR_WARNINGS: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (re.compile(r"Detected (\d+) diacritics"), "ocr-many-diacritics",
     "Tesseract found {0} loose diacritics: lots of marks, possibly poor OCR"),
    (re.compile(r"Empty page"), "ocr-empty-page", "Tesseract found no text on the image"),
    (re.compile(r"Too few characters"), "ocr-too-few-characters",
     "Tesseract found too few characters to read the page's layout"),
    (re.compile(r"Image too (?:small|large) to scale"), "ocr-image-size",
     "Tesseract could not scale the image (too small or too large)"),
    (re.compile(r"Line cannot be recognized"), "ocr-line-unrecognized",
     "Tesseract could not recognize a line"),
)


def stderr_warnings(stderr: str) -> list[tuple[str, str]]:
    """Tesseract's stderr as (code, message) warnings, one per kind of message.

    Example:
        >>> stderr_warnings("Detected 312 diacritics\\nEmpty page!!\\n")
        [('ocr-many-diacritics', 'Tesseract found 312 loose diacritics: lots of marks, possibly poor OCR'), ('ocr-empty-page', 'Tesseract found no text on the image')]
    """
    found = []
    for pattern, code, message in _STDERR_WARNINGS:
        match = pattern.search(stderr)
        if match:
            found.append((code, message.format(*match.groups())))
    return found


_OSD_ROTATE = re.compile(r"Rotate:\s*(\d+)")
_OSD_CONFIDENCE = re.compile(r"Orientation confidence:\s*([\d.]+)")


def orientation(image, timeout: float = 60, dpi: int = 200) -> tuple[int, float]:
    """Tesseract's orientation detection (``--psm 0``, the ``osd`` model) on a page image.

    Returns:
        ``(rotate, confidence)``: the clockwise rotation in degrees (0, 90, 180, 270) that
        makes the page upright, and Tesseract's confidence in it; ``(0, 0.0)`` when it finds
        too little text to tell.

    Raises:
        TesseractTimeout: the call ran out of time.
        TesseractError: the ``osd`` language is not installed or Tesseract failed.
    """
    check("osd")
    with tempfile.TemporaryDirectory(prefix="thaireports-osd-") as tmp:
        source = _write_image(image, Path(tmp))
        command = [_binary(), str(source), "-", "--psm", "0", "-l", "osd", "--dpi", str(dpi)]
        done = _run_binary(command, timeout)
    out = done.stdout.decode("utf-8", "replace") + done.stderr.decode("utf-8", "replace")
    rotate, confidence = _OSD_ROTATE.search(out), _OSD_CONFIDENCE.search(out)
    if done.returncode != 0 or not rotate:
        return 0, 0.0
    return int(rotate.group(1)), float(confidence.group(1)) if confidence else 0.0


def char_offsets(text: str, words: list[Word]) -> list[int]:
    """Where each word starts in ``text`` (-1 if the text and words disagree).

    Tesseract writes the same characters to its text and TSV outputs, the text adding only
    whitespace, so walking both side by side finds each word.

    Example:
        >>> w = lambda t: Word(t, 0, 0, 1, 1, 90.0, 1, 1, 1)
        >>> char_offsets("ที่ ๒๒", [w("ท"), w("ี"), w("่"), w("๒"), w("๒")])
        [0, 1, 2, 4, 5]
    """
    return text_offsets(text, [word.text for word in words])


def text_offsets(text: str, pieces: list[str]) -> list[int]:
    """``char_offsets`` for the words' texts alone (no Word objects to build).

    Example:
        >>> text_offsets("ที่ ๒๒", ["ท", "ี", "่", "๒", "๒"])
        [0, 1, 2, 4, 5]
    """
    offsets = []
    position = 0
    end = len(text)
    for piece in pieces:
        while position < end and text[position].isspace():
            position += 1
        if text.startswith(piece, position):
            offsets.append(position)
            position += len(piece)
            continue
        # A word with spaces inside, or a disagreement: search a little ahead.
        found = text.find(piece, position, position + 200)
        if found < 0:
            offsets.append(-1)
            continue
        offsets.append(found)
        position = found + len(piece)
    return offsets
