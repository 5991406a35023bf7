"""Thai digit glyph templates (ingest.digits): no Tesseract here, only drawn glyphs.

The glyphs are drawn the way a memo prints them (Laksaman 16 pt at 200 dpi) and degraded the
way tests/fixtures/scans.py degrades pages, then read back against the templates.
"""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from thaireports.ingest import digits
from thaireports.ingest.deskew import binarize
from thaireports.ingest.tesseract import Word
from tests.fixtures.scans import degrade, font_path

PX = round(16 * 200 / 72)  # 16 pt at 200 dpi


def _scan_of(text: str, seed: int = 0, width: int | None = None) -> np.ndarray:
    """A strip of text drawn in the memo font at (30, PX/3) and degraded, binarized (ink True);
    the strip as wide as the text and a margin, or ``width``."""
    font = ImageFont.truetype(str(font_path()), PX)
    image = Image.new("L", (width or 60 + round(font.getlength(text)), 2 * PX), 255)
    ImageDraw.Draw(image).text((30, PX // 3), text, font=font, fill=0)
    return binarize(np.asarray(degrade(image, seed=seed, angle=0.0))) > 0


@pytest.fixture(scope="module")
def consonant_height() -> float:
    """ก's height at 16 pt / 200 dpi, measured the way text_height measures a page."""
    line = _scan_of("การทบทวนข้อมูลทั่วไปของหน่วยงาน ตามข้อ กองคลัง สำนักงานปลัด " * 2)
    return digits.text_height(line)


def test_templates_are_the_ten_thai_digits():
    found = digits.templates()
    assert "".join(t.digit for t in found) == digits.THAI_DIGITS
    short = {t.digit for t in found if t.rel_height < 0.9}
    assert short == {"๐", "๑", "๓"}  # TH Sarabun's x-height digits; the others rise above


def test_text_height_is_the_consonant_height(consonant_height):
    assert 24 <= consonant_height <= 32  # ก is ~27 px at 16 pt / 200 dpi


# Numbers as memos print them: dates, years, item codes, scores.
@pytest.mark.parametrize("number", ["๒๕๖๒", "๒๒", "๒๘", "๗๖๐", "๑๕๖๖", "๙๙", "๘๑", "๓๕", "๔๗"])
def test_every_digit_glyph_is_read_right(number, consonant_height):
    parts = digits.split_touching(digits.glyphs(_scan_of(number, seed=len(number))), len(number))
    assert len(parts) == len(number)
    assert "".join(digits.classify_glyph(p, consonant_height)[0] for p in parts) == number


# What Tesseract wrote -> what the glyphs say (issue 3's confusions: ๖->๒, ๔->๕, ๘->๕, ๗->๓).
@pytest.mark.parametrize("printed,tesseract_read", [
    ("๒๕๖๒", "๒๕๒๒"),
    ("๕.๑.๔", "๕.๑.๕"),
    ("๘๑.๓๕", "๕๑.๓๕"),
    ("๗๖๐/๒๕๖๕", "๓๒๐/๒๕๒๕"),
])
def test_recheck_word_fixes_tesseract_digits(printed, tesseract_read, consonant_height):
    ink = _scan_of(printed, seed=3)
    assert digits.recheck_word(tesseract_read, ink, consonant_height) == printed


def test_recheck_word_leaves_words_that_are_not_numbers(consonant_height):
    ink = _scan_of("เมษายน")
    assert digits.recheck_word("เมษายน", ink, consonant_height) == "เมษายน"


def test_touching_digits_are_split():
    joined = np.ones((28, 60), dtype=bool)
    joined[:, 29:31] = False  # the thinnest column, where blur glued two glyphs
    joined[10, 29:31] = True
    parts = digits.split_touching([joined], 2)
    assert [p.shape[1] for p in parts] == [pytest.approx(29, abs=2), pytest.approx(31, abs=2)]


def _words_for(text: str, left: int, top: int, width: int, height: int) -> list[Word]:
    """Tesseract-like one-character words spread over a box (Thai comes out that way)."""
    step = width / len(text)
    return [Word(ch, left + round(i * step), top, round(step), height, 93.0, 1, 1, 1)
            for i, ch in enumerate(text)]


def test_recheck_text_rewrites_digits_in_place(consonant_height):
    font = ImageFont.truetype(str(font_path()), PX)
    ink = _scan_of("เมษายน ๒๕๖๒", seed=5, width=900)
    x = 30 + round(font.getlength("เมษายน "))
    top, bottom = PX // 3 + font.getbbox("๒")[1], PX // 3 + font.getbbox("๒")[3]
    words = _words_for("เมษายน", 30, top - 8, x - 40, bottom - top + 16) + _words_for(
        "๒๕๒๒", x, top, round(font.getlength("๒๕๖๒")), bottom - top)
    text = "เมษายน ๒๕๒๒"
    offsets = [0, 1, 2, 3, 4, 5, 7, 8, 9, 10]
    fixed, new_offsets, changed = digits.recheck_text(text, words, offsets, ink, consonant_height)
    assert fixed == "เมษายน ๒๕๖๒"
    assert changed == 1
    assert new_offsets == offsets


def test_recheck_text_trusts_glyphs_when_tesseract_wrote_an_extra_digit(consonant_height):
    # Tesseract reads ๖ as '๒๐' now and then: five characters for four glyphs.
    font = ImageFont.truetype(str(font_path()), PX)
    ink = _scan_of("๒๕๖๒", seed=2, width=600)
    top, bottom = PX // 3 + font.getbbox("๒")[1], PX // 3 + font.getbbox("๒")[3]
    words = _words_for("๒๕๒๐๒", 30, top, round(font.getlength("๒๕๖๒")), bottom - top)
    fixed, offsets, _ = digits.recheck_text("๒๕๒๐๒", words, [0, 1, 2, 3, 4], ink,
                                            consonant_height)
    assert fixed == "๒๕๖๒"
    assert offsets == [0, 1, 2, 3, 3]


@pytest.mark.parametrize("offsets,edits,expected", [
    ([0, 4, 5, 6, 9], [(4, 6, "๖")], [0, 4, 4, 5, 8]),  # two characters became one
    ([0, 4, 5, 9, 12], [(4, 6, "๖"), (9, 10, "๑๒")], [0, 4, 4, 8, 12]),  # and one became two
    ([0, -1, 3], [(0, 1, "๒")], [0, -1, 3]),  # same length, unknown offsets stay unknown
])
def test_shift_offsets(offsets, edits, expected):
    assert digits.shift_offsets(offsets, edits) == expected


def test_missing_font_is_a_clear_error():
    with pytest.raises(digits.NoThaiFontError, match="fonts-thai-tlwg"):
        digits.find_font(("NoSuchFont-Regular.ttf",))


# Memos printed in other Thai fonts: the page's family is picked from its own digit glyphs.
@pytest.mark.parametrize("font_name", ["Loma.ttf", "Kinnari.ttf", "Laksaman-Bold.ttf"])
def test_the_page_font_is_chosen_from_its_digits(font_name, consonant_height):
    # fonts-thai-tlwg (installed by `make test`) ships them: a missing one is an install bug
    assert font_name in " ".join(digits.installed_fonts()), f"{font_name} is not installed"
    font = ImageFont.truetype(str(font_path(font_name)), PX)
    numbers = ["๒๕๖๒", "๗๖๐", "๑๕๖๖", "๘๑", "๓๔", "๙๐"]
    parts, wanted = [], ""
    for k, number in enumerate(numbers):
        image = Image.new("L", (400, 2 * PX), 255)
        ImageDraw.Draw(image).text((30, PX // 3), number, font=font, fill=0)
        ink = binarize(np.asarray(degrade(image, seed=k, angle=0.0))) > 0
        found = digits.split_touching(digits.glyphs(ink), len(number))
        assert len(found) == len(number)
        parts += found
        wanted += number
    chosen = digits.choose_font(parts, consonant_height)
    assert chosen.endswith(font_name)
    read = "".join(digits.classify_glyph(p, consonant_height, chosen)[0] for p in parts)
    assert read == wanted


@pytest.mark.parametrize("printed, tesseract_read, fixed", [
    # 002 scanned, a plan table's timeline: Thai days read as a symbol and as Latin letters
    ("๓๐ กันยายน", "mo กันยายน", "๓๐ กันยายน"),
    ("๑ ตุลาคม", "© ตุลาคม", "๑ ตุลาคม"),
    # a dash between two dates is punctuation, not a day: left alone
    ("- กันยายน", "- กันยายน", "- กันยายน"),
])
def test_a_day_read_as_letters_before_a_month_is_re_read(printed, tesseract_read, fixed,
                                                        consonant_height):
    font = ImageFont.truetype(str(font_path()), PX)
    ink = _scan_of(printed, seed=3, width=700)
    day, month = printed.split(" ")
    top, bottom = PX // 3 + font.getbbox("๒")[1], PX // 3 + font.getbbox("๒")[3]
    read_day = tesseract_read.split(" ")[0]
    x = 30 + round(font.getlength(day + " "))
    words = ([Word(read_day, 30, top, round(font.getlength(day)), bottom - top, 60.0, 1, 1, 1)]
             + _words_for(month, x, top - 8, round(font.getlength(month)), bottom - top + 16))
    offsets = [0] + [len(read_day) + 1 + i for i in range(len(month))]
    out, new_offsets, _ = digits.recheck_text(tesseract_read, words, offsets, ink,
                                              consonant_height)
    assert out == fixed
    assert new_offsets == offsets


@pytest.mark.parametrize("text, garbled", [
    ("© ตุลาคม 2564 - mo กันยายน 2565", ["©", "mo"]),
    ("วันที mo เมษายน", ["mo"]),
    ("- mo\n\nกันยาย\n\nน", ["mo"]),  # a narrow table cell: one word a line
    ("ตุลาคม 2564 - กันยายน 2565", []),  # a dash is no day
    ("OIT มีนาคม 2566", []),  # an acronym is a word
])
def test_garbled_days_are_found_by_their_place(text, garbled):
    # one word per space-separated token, offsets from the text
    words, offsets, at = [], [], 0
    for token in text.split():
        words.append(Word(token, 0, 0, 10, 10, 90.0, 1, 1, 1))
        offsets.append(text.index(token, at))
        at = text.index(token, at) + len(token)
    found = digits.garbled_days(text, words, offsets)
    assert ["".join(words[i].text for i in run) for run in found] == garbled


# --- digits Tesseract wrote as letters (confusables) -------------------------------------------

@pytest.mark.parametrize("text, tokens", [
    # clause numbers: a numeric mark in the token says it is a number
    ("๕.๑.๗ ข้อมูล", []),  # all digits: the ordinary re-check's
    ("b.@.m วิธีการ", [["b", ".", "@", ".", "m"]]),
    ("€.๐.@ ข้อมูล", [["€", ".", "๐", ".", "@"]]),
    ("lo) การมีส่วนร่วม", [["lo", ")"]]),
    # a page number between dashes
    ("- b -", [["b"]]),
    ("-@-", [["-", "@", "-"]]),
    # a telephone number with a run of letters inside its digits
    ("โทร.๐doce๕๗", []),  # glued to Thai letters: not a number token
    ("โทร. ๐doce๕๗", [["๐", "doce", "๕", "๗"]]),
    # words are never numbers: alone, in English, or with other letters
    ("a", []), ("and", []), ("ITA", []), ("e.g.", []), ("- ตัวอย่าง -", []), ("dome.", []),
])
def test_confusable_tokens(text, tokens):
    assert [[t for _, t in pieces] for _, pieces in digits.confusable_tokens(text)] == tokens


@pytest.mark.parametrize("printed, tesseract_read, fixed", [
    ("๖.๑.๓", "b.@.m", "๖.๑.๓"),
    ("๒)", "lo)", "๒)"),
    ("๕.๑", "€.@", "๕.๑"),
])
def test_digits_read_as_letters_are_re_read_from_their_glyphs(printed, tesseract_read, fixed,
                                                              consonant_height):
    font = ImageFont.truetype(str(font_path()), PX)
    ink = _scan_of(printed, seed=4, width=600)
    top, bottom = PX // 3 + font.getbbox("๒")[1], PX // 3 + font.getbbox("๒")[3]
    # One box per character of what Tesseract wrote, spread over the printed width.
    width = round(font.getlength(printed))
    step = width / len(tesseract_read)
    words = [Word(c, 30 + round(i * step), top, max(1, round(step)), bottom - top, 50.0, 1, 1, 1)
             for i, c in enumerate(tesseract_read)]
    out, _, _ = digits.recheck_text(tesseract_read, words, list(range(len(tesseract_read))), ink,
                                    consonant_height)
    assert out == fixed


def test_letters_that_fit_no_digit_stay(consonant_height):
    # 'a)' printed as a Latin letter: a list item, not a digit; its glyph fits no template well.
    font = ImageFont.truetype(str(font_path()), PX)
    ink = _scan_of("e)", seed=4, width=600)
    top, bottom = PX // 3 + font.getbbox("e")[1], PX // 3 + font.getbbox(")")[3]
    w = round(font.getlength("e"))
    words = [Word("e", 30, top, w, bottom - top, 50.0, 1, 1, 1),
             Word(")", 30 + w, top, round(font.getlength(")")), bottom - top, 50.0, 1, 1, 1)]
    out, _, _ = digits.recheck_text("e)", words, [0, 1], ink, consonant_height)
    assert out == "e)"


# --- page numbers Tesseract left unread --------------------------------------------------------

def _page_with_header(header: str, seed: int = 0):
    """An A4 page (200 dpi) with ``header`` at the top centre and a paragraph below, binarized
    and split into components the way ``ingest.ocr`` does."""
    import cv2

    font = ImageFont.truetype(str(font_path()), PX)
    image = Image.new("L", (1654, 2339), 255)
    draw = ImageDraw.Draw(image)
    draw.text((827 - font.getlength(header) / 2, 100), header, font=font, fill=0)
    for row in range(8):
        draw.text((200, 400 + row * 64), "การทบทวนข้อมูลทั่วไปของหน่วยงาน ตามข้อ กองคลัง", font=font,
                  fill=0)
    ink = binarize(np.asarray(degrade(image, seed=seed, angle=0.0)))
    count, labels, stats, _ = cv2.connectedComponentsWithStats((ink > 0).astype(np.uint8), 8)
    return labels, stats, digits.text_height(ink, stats)


@pytest.mark.parametrize("header, found", [
    ("- ๔ -", "- ๔ -"),
    ("- ๑๒ -", "- ๑๒ -"),
    ("- ๗ -", "- ๗ -"),
    # not page numbers: letters between dashes, a bare number, a lone dash
    ("- ตัวอย่าง -", None),
    ("๑๒", None),
    ("-", None),
])
def test_unread_page_number_is_read_from_its_glyphs(header, found):
    labels, stats, height = _page_with_header(header)
    got = digits.unread_page_number(labels, stats, [], height)
    assert (got[1] if got else None) == found


def test_a_page_number_tesseract_read_is_not_added_again():
    labels, stats, height = _page_with_header("- ๔ -")
    read = [Word(c, 760 + 30 * i, 100, 25, 40, 90.0, 1, 1, 1) for i, c in enumerate("-๔-")]
    assert digits.unread_page_number(labels, stats, read, height) is None


@pytest.mark.parametrize("shape", [(0, 14), (9, 0), (0, 0)])
def test_an_empty_strip_has_no_glyphs_and_does_not_crash(shape) -> None:
    """A word box that falls outside the page (a page Tesseract reads turned) gives an empty
    strip; OpenCV's connected components kill the process on one (SIGSEGV), so the call is
    made in a child process."""
    import subprocess
    import sys

    code = ("import numpy as np\n"
            "from thaireports.ingest.digits import _glyph_boxes, text_height\n"
            f"ink = np.zeros({shape}, dtype=bool)\n"
            "print(_glyph_boxes(ink), text_height(ink))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-800:]
    assert done.stdout.split() == ["[]", "0.0"]



# Glyphs set further apart than a space: Word's "Thai Distributed" justification spreads the
# characters of a line across it, and serif faces (Norasi) set digits a third of a consonant
# apart. The glyphs inside one Tesseract word are one number however wide they stand, so the
# space that ends a word cannot be a fixed share of the consonant.
@pytest.mark.parametrize("printed, tesseract_read", [
    ("พ.ศ. ๒๕๖๕", "พ.ศ. ๒๕๒๕"),
    ("คะแนน ๘๖.๑๗", "คะแนน ๕๒.๑๓"),
])
def test_digits_set_wider_than_a_space_are_one_number(printed, tesseract_read,
                                                       consonant_height):
    font = ImageFont.truetype(str(font_path()), PX)
    tracking = round(0.45 * consonant_height)  # added between the number's glyphs
    label, number = printed.split(" ")
    image = Image.new("L", (900, 2 * PX), 255)
    draw = ImageDraw.Draw(image)
    draw.text((30, PX // 3), label, font=font, fill=0)
    x = 30 + round(font.getlength(label + " "))
    start = x
    for char in number:
        draw.text((x, PX // 3), char, font=font, fill=0)
        x += round(font.getlength(char)) + tracking
    ink = binarize(np.asarray(degrade(image, seed=4, angle=0.0))) > 0
    top, bottom = PX // 3 + font.getbbox("๒")[1], PX // 3 + font.getbbox("๒")[3]
    read_label, read_number = tesseract_read.split(" ")
    words = _words_for(read_label, 30, top - 8, start - 40, bottom - top + 16) + _words_for(
        read_number, start, top, x - tracking - start, bottom - top)
    offsets = list(range(len(read_label))) + [len(read_label) + 1 + i
                                              for i in range(len(read_number))]
    fixed, _, _ = digits.recheck_text(tesseract_read, words, offsets, ink, consonant_height)
    assert fixed == printed
