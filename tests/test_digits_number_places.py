"""Thai digits where Thai documents print numbers, read back from their glyphs
(``ingest.digits``): a letter between the digits of a number, a garbled number before a unit
or after the word a number follows, a page number whose dashes fall apart from it, a digit
touched by a mark of the next line, and a page number under a page-sized stray word box.

The glyphs are drawn in Thai fonts (the memo font's metric twin Laksaman, the serif Kinnari),
degraded as a scan, and given Tesseract-like boxes for what Tesseract wrote: one box per
character, spread over the printed width.
"""
from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from thaireports.ingest import digits
from thaireports.ingest.deskew import binarize
from thaireports.ingest.tesseract import Word
from tests.fixtures.scans import degrade, font_path
from tests.test_ocr_number_tokens import PX, _height

FONTS = ["Laksaman.ttf", "Kinnari.ttf"]


def _line(parts: list[tuple[str, str]], font_name: str, seed: int = 3):
    """Draw a line of ``(printed, tesseract_read)`` parts separated by spaces; return the
    text Tesseract 'read', its one-character words with boxes over each part's print, their
    offsets and the binarized ink."""
    font = ImageFont.truetype(str(font_path(font_name)), PX)
    printed = " ".join(p for p, _ in parts)
    image = Image.new("L", (80 + round(font.getlength(printed)), 2 * PX), 255)
    ImageDraw.Draw(image).text((30, PX // 3), printed, font=font, fill=0)
    ink = binarize(np.asarray(degrade(image, seed=seed, angle=0.0))) > 0
    top, bottom = PX // 3 + font.getbbox("๒")[1], PX // 3 + font.getbbox("๒")[3]
    text, words, offsets, x = "", [], [], 30.0
    for k, (shown, read) in enumerate(parts):
        if k:
            text += " "
            x += font.getlength(" ")
        width = font.getlength(shown)
        step = width / len(read)
        for i, c in enumerate(read):
            offsets.append(len(text) + i)
            words.append(Word(c, round(x + i * step), top, max(1, round(step)), bottom - top,
                              -1.0, 1, 1, 1))
        text += read
        x += width
    return text, words, offsets, ink


def _recheck(parts, font_name, seed=3):
    text, words, offsets, ink = _line(parts, font_name, seed)
    rewritten: list[tuple[str, str]] = []
    out, new_offsets, _ = digits.recheck_text(text, words, offsets, ink, _height(font_name),
                                              rewritten=rewritten)
    assert len(new_offsets) == len(offsets)
    return out, rewritten


# A Thai letter never stands between the digits of a number: it is a misread digit.
@pytest.mark.parametrize("font_name", FONTS)
@pytest.mark.parametrize("printed, tesseract_read", [
    ("๙๗.๕๓", "๙ซ.๕๓"),  # a score: ๗ read as ซ before the decimal point
    ("๘๔.๗๒", "๘๔.ซ๒"),  # ... and after it
])
def test_a_letter_between_digits_is_read_as_a_digit(printed, tesseract_read, font_name):
    out, rewritten = _recheck([("คะแนน", "คะแนน"), (printed, tesseract_read),
                               ("คะแนน", "คะแนน")], font_name)
    if font_name == "Laksaman.ttf":
        assert out == f"คะแนน {printed} คะแนน"
        assert rewritten == [("ซ", "๗")]  # reported: a letter became a digit
    else:  # unsure in another font: left as read, never another digit
        assert out in (f"คะแนน {printed} คะแนน", f"คะแนน {tesseract_read} คะแนน")


@pytest.mark.parametrize("text, inside", [
    ("คะแนน ๙ซ.๕๓ ดี", True),
    ("คะแนน ๘๔.ซ๒ ดี", True),
    # a letter after a slash is part of a reference number ('ว' for a circular)
    ("ที่ ๐๘๑๐/ว๑๒๓ ลงวันที่", False),
    # a letter at a number's end, or a word glued to one digit, is no digit
    ("ข้อ ๑ก ดี", False), ("ปี ๒๕๖๕ก", False),
])
def test_letters_inside_numbers_are_told_from_letters_beside_them(text, inside):
    found = [pieces for _, pieces in digits.confusable_tokens(text)]
    flagged = any(digits._letter_inside_number(pieces, k)
                  for pieces in found for k in range(len(pieces)))
    assert flagged == inside


# A number stands before a unit ('๖ เดือน', '๑๐๐ คะแนน') and after the words a number follows
# ('มาตรา ๙', 'ร้อยละ ๘๐'): letters or symbols there are a garbled number.
@pytest.mark.parametrize("font_name", FONTS)
@pytest.mark.parametrize("parts, number", [
    ([("ตามมาตรา", "ตามมาตรา"), ("๙", "oe"), ("ของ", "ของ")], "๙"),
    ([("อย่างน้อย", "อย่างน้อย"), ("๖", "©"), ("เดือน", "เดือน")], "๖"),
    ([("คะแนนเต็ม", "คะแนนเต็ม"), ("๑๐๐", "ooo"), ("คะแนน", "คะแนน")], "๑๐๐"),
])
def test_a_garbled_number_before_a_unit_or_after_its_cue_is_read(parts, number, font_name):
    out, rewritten = _recheck(parts, font_name)
    expected = " ".join(p for p, _ in parts)
    # in the memo font's twin it is read; in another font it may stay as read when unsure,
    # but never becomes another number
    if font_name == "Laksaman.ttf":
        assert out == expected and rewritten == [(parts[1][1], number)]
    else:
        assert out in (expected, " ".join(r for _, r in parts))


@pytest.mark.parametrize("text, kinds", [
    ("ตามมาตรา oe ของ", ["number"]),
    ("อย่างน้อย © เดือน", ["number"]),
    ("ณ วันที่ mo กันยายน", ["day"]),
    # an acronym, a word far from any cue, punctuation: never numbers
    ("ตามมาตรา OIT ของ", []), ("ผลการประเมิน ok ของ", []), ("ร้อยละ - ของ", []),
    # a year follows the era and an abbreviated month
    ("ต.ค. ออ -", ["year"]), ("พ.ศ. webb สำนัก", ["year"]), ("ธ.ค. dé เรื่อง", ["year"]),
    # bare consonants after a month may be a year or a word ('ออก', 'ของ'): the glyphs decide
    ("ต.ค. ของ ดี", ["year"]), ("พ.ศ. ITA ดี", []), ("ต.ค. ข้อ ดี", []), ("ต.ค. - ดี", []),
])
def test_garbled_numbers_by_what_stands_beside_them(text, kinds):
    tokens = text.split(" ")
    words, offsets, at = [], [], 0
    for token in tokens:
        for i, c in enumerate(token):
            words.append(Word(c, 0, 0, 1, 1, -1.0, 1, 1, 1))
            offsets.append(at + i)
        at += len(token) + 1
    assert [kind for _, kind in digits.garbled_numbers(text, words, offsets)] == kinds


def test_latin_words_before_a_unit_stay_when_their_glyphs_are_no_digits():
    # 'km' before บาท is no confusable; 'do' is, but its glyphs are Latin letters, no digit
    out, rewritten = _recheck([("ราคา", "ราคา"), ("do", "do"), ("บาท", "บาท")],
                              "Laksaman.ttf")
    assert out == "ราคา do บาท" and rewritten == []


# '- ๖ -' at the head of page 6: Tesseract boxes the dashes flat, and apart from the digit
# they fall outside the digit's cluster; the number alone is read.
@pytest.mark.parametrize("font_name", FONTS)
def test_a_page_number_is_read_without_its_dashes(font_name):
    out, rewritten = _recheck([("-", "-"), ("๖", "b"), ("-", "-")], font_name)
    if font_name == "Laksaman.ttf":
        assert out == "- ๖ -" and rewritten == [("b", "๖")]
    else:  # unsure in another font: left as read
        assert out in ("- ๖ -", "- b -")


def _drawn(char: str, font_name: str) -> np.ndarray:
    """One character drawn at 16 pt / 200 dpi, degraded, binarized, cropped to its ink."""
    font = ImageFont.truetype(str(font_path(font_name)), PX)
    image = Image.new("L", (160, 2 * PX), 255)
    ImageDraw.Draw(image).text((30, PX // 3), char, font=font, fill=0)
    ink = binarize(np.asarray(degrade(image, seed=2, angle=0.0))) > 0
    rows, cols = np.nonzero(ink)
    return ink[rows.min():rows.max() + 1, cols.min():cols.max() + 1]


def _mark_on(digit: str, font_name: str, gap: int = 2) -> np.ndarray:
    """A digit with the tone mark of the next line under its foot, ``gap`` rows apart: one
    glyph as the glyph splitter finds it (the two overlap horizontally)."""
    body, tone = _drawn(digit, font_name), _drawn("่", font_name)
    width = max(body.shape[1], tone.shape[1] + 4)
    out = np.zeros((body.shape[0] + gap + tone.shape[0], width), dtype=bool)
    out[:body.shape[0], :body.shape[1]] = body
    out[body.shape[0] + gap:, 4:4 + tone.shape[1]] = tone
    return out


@pytest.mark.parametrize("digit", ["๗", "๒", "๔", "๖"])
def test_a_mark_touching_a_digit_is_cut_off(digit):
    height = _height("Laksaman.ttf")
    glyph = _mark_on(digit, "Laksaman.ttf", gap=round(0.25 * height))
    assert glyph.shape[0] > 1.4 * height  # too tall for a digit as found
    alone = digits.detach_marks(glyph, height)
    assert alone.shape == _drawn(digit, "Laksaman.ttf").shape  # the digit, whole
    assert digits.classify_glyph(alone, height, str(font_path("Laksaman.ttf")))[0] == digit


def test_brackets_and_thick_joins_stay_whole():
    height = _height("Laksaman.ttf")
    font = ImageFont.truetype(str(font_path("Laksaman.ttf")), round(PX * 1.6))
    image = Image.new("L", (120, 3 * PX), 255)
    ImageDraw.Draw(image).text((30, 10), "(", font=font, fill=0)
    ink = binarize(np.asarray(degrade(image, seed=2, angle=0.0))) > 0
    rows, cols = np.nonzero(ink)
    bracket = ink[rows.min():rows.max() + 1, cols.min():cols.max() + 1]
    assert digits.detach_marks(bracket, height) is bracket
    blob = np.ones((round(1.6 * height), round(height)), dtype=bool)  # no thin row anywhere
    assert digits.detach_marks(blob, height) is blob


def page_with_number(font_name: str, number: str):
    """``(labels, stats, height)`` of a scanned page in ``font_name`` whose head prints the
    page number '- <number> -' above twelve lines of a memo's text."""
    font = ImageFont.truetype(str(font_path(font_name)), PX)
    page = Image.new("L", (1654, 2339), 255)
    draw = ImageDraw.Draw(page)
    draw.text((800, 100), f"- {number} -", font=font, fill=0)
    line = "การทบทวนข้อมูลทั่วไปของหน่วยงาน ตามข้อ กองคลัง สำนักงานปลัด"
    for k in range(12):
        draw.text((350, 400 + 70 * k), line, font=font, fill=0)
    ink = binarize(np.asarray(degrade(page, seed=5, angle=0.0)))
    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    return labels, stats, digits.text_height(ink, stats)


def test_a_page_number_under_a_page_sized_word_box_is_found():
    # Tesseract sometimes boxes a stray mark with the whole page; a page number it dropped
    # is still found in the page's head.
    labels, stats, height = page_with_number("Laksaman.ttf", "๔")
    words = [Word("~", 0, 0, 1654, 2339, -1.0, 1, 1, 1),
             Word("ก", 350, 400, 20, 30, -1.0, 2, 1, 1)]
    found = digits.unread_page_number(labels, stats, words, height)
    assert found is not None and found[1] == "- ๔ -"


# Bare consonants glued to a number's end or start: digits of a face Tesseract was not
# trained on, read as the letters they resemble (Loma's ๖ as อ, ๗ as ฒ). Each glyph must
# fit a digit better than the letter it was read as, so a real letter stays.
@pytest.mark.parametrize("font_name", ["Loma.ttf", "Laksaman.ttf"])
@pytest.mark.parametrize("printed, tesseract_read", [
    ("๒๕๖๖", "๒๕ออ"),  # a year, its last two digits read as อ
    ("๕๒.๑๗", "๕๒.๑ฒ"),  # a score, its last digit read as ฒ
    ("๗๕.๐๐", "ฒ๕.๐๐"),  # ... and its first
])
def test_bare_letters_at_a_number_edge_are_read_as_digits(printed, tesseract_read,
                                                          font_name):
    out, rewritten = _recheck([("คะแนน", "คะแนน"), (printed, tesseract_read),
                               ("คะแนน", "คะแนน")], font_name)
    assert out == f"คะแนน {printed} คะแนน"
    assert rewritten and all(new in printed for _, new in rewritten)


@pytest.mark.parametrize("font_name", FONTS)
@pytest.mark.parametrize("text", [
    "ที่ ว๑๒๓ ลงวันที่",  # a circular's letter before its number
    "ปี ๒๕๖๕ก ดี",  # a letter after a complete year
    "ต.ค. ของ ดี",  # a word after a month that could have been a year
])
def test_real_letters_beside_numbers_stay(text, font_name):
    parts = [(token, token) for token in text.split(" ")]
    out, rewritten = _recheck(parts, font_name)
    assert out == text and rewritten == []


def test_edge_letters_are_only_bare_consonants_beside_thai_digits():
    def edge(token: str) -> list[str]:
        found = [pieces for _, pieces in digits.confusable_tokens(f"ค่า {token} ดี")]
        return [p for pieces in found for k, (_, p) in enumerate(pieces)
                if digits._letters_at_number_edge(pieces, k)]

    assert edge("๒๕ออ") == ["ออ"] and edge("ฒ๕.๐๐") == ["ฒ"]
    # a syllable (a vowel or mark with it), one digit, Arabic digits: no edge letters
    assert edge("รอบ๒") == [] and edge("ข้อ๑") == [] and edge("๑ก") == [] and edge("25อ") == []


# A year follows the era and an abbreviated month: letters there are a garbled year.
@pytest.mark.parametrize("font_name", ["Loma.ttf", "Laksaman.ttf"])
@pytest.mark.parametrize("parts, year", [
    # a plan's timeline: the other numbers of the line, read right, tell the page's font
    ([("๑", "๑"), ("ต.ค.", "ต.ค."), ("๖๖", "ออ"), ("-", "-"), ("๓๐", "๓๐"), ("ก.ย.", "ก.ย."),
      ("๒๕๖๗", "๒๕๖๗")], "๖๖"),
    ([("๑๒", "๑๒"), ("ธันวาคม", "ธันวาคม"), ("พ.ศ.", "พ.ศ."), ("๒๕๖๖", "webb"),
      ("ที่", "ที่"), ("๓๐๘", "๓๐๘")], "๒๕๖๖"),
])
def test_a_garbled_year_after_the_era_or_a_month_is_read(parts, year, font_name):
    out, rewritten = _recheck(parts, font_name)
    assert out == " ".join(p for p, _ in parts)
    assert rewritten == [next((read, year) for printed, read in parts if printed == year)]
