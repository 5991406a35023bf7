"""Scans as offices make them (issue 11): phone photos, turned pages, bitonal 300 dpi scans,
coloured stamps, Tesseract's own warnings, digit templates from packaged fonts, pages in
parallel. Pages are drawn here (tests/fixtures/scans.py) from texts written for these tests,
never from the development renders, and read by the real Tesseract.
"""
from __future__ import annotations

import re
import shutil

import numpy as np
import pytest
from PIL import Image
from rapidfuzz.distance import Levenshtein

from thaireports.ingest import geometry, tesseract
from thaireports.ingest.ocr import lines_in_order, ocr_image, page_to_gray
from thaireports.normalize.text import normalize_text
from tests.fixtures.scans import bitonal, degrade, draw_page, photograph, write_scanned_pdf

assert shutil.which("tesseract"), "Tesseract is not installed: run `make test`"

# A memo of an agency none of the samples or dev renders belong to.
MEMO = [
    "บันทึกข้อความ",
    "ส่วนราชการ กองช่าง เทศบาลตำบลหนองบัว อำเภอเมือง จังหวัดอุดรธานี",
    "ที่ อด ๕๑๐๐๓/๒๘๗ วันที่ ๑๔ มีนาคม ๒๕๖๖",
    "เรื่อง รายงานผลการดำเนินงานตามมาตรการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. ๒๕๖๖",
    "เรียน นายกเทศมนตรีตำบลหนองบัว",
    "ตามที่เทศบาลตำบลหนองบัวได้ประกาศมาตรการส่งเสริมคุณธรรมและความโปร่งใส "
    "เพื่อให้การปฏิบัติงานของเจ้าหน้าที่เป็นไปด้วยความซื่อสัตย์สุจริต กองช่างจึงขอรายงาน"
    "ผลการดำเนินงานในรอบ ๖ เดือน ตั้งแต่วันที่ ๑ ตุลาคม ๒๕๖๕ ถึงวันที่ ๓๑ มีนาคม ๒๕๖๖",
    "จึงเรียนมาเพื่อโปรดทราบและพิจารณา",
]


def cer(truth: str, got: str) -> float:
    t = re.sub(r"\s+", "", normalize_text(truth)[0])
    g = re.sub(r"\s+", "", normalize_text(got)[0])
    return Levenshtein.distance(t, g) / max(1, len(t))


@pytest.fixture(scope="module")
def memo_page():
    return draw_page(MEMO)


# --- colour drop-out ---------------------------------------------------------------------------

# (pixel RGB, stays dark): black and dark-grey text stay, red and blue stamp ink drop out.
@pytest.mark.parametrize("rgb,dark", [
    ((15, 15, 15), True),  # black toner
    ((70, 65, 60), True),  # grey, warm-lit text
    ((200, 30, 40), False),  # red rubber stamp
    ((40, 60, 190), False),  # blue ballpoint signature
    ((245, 235, 215), False),  # warm paper
])
def test_colour_ink_drops_out(rgb, dark):
    gray = geometry.colour_to_gray(np.array([[rgb]], np.uint8))
    assert bool(gray[0, 0] < 100) is dark


# --- page geometry -----------------------------------------------------------------------------

@pytest.mark.parametrize("seed,shift", [(1, 0.03), (2, 0.05), (3, 0.06)])
def test_page_is_found_on_the_desk(memo_page, seed, shift):
    photo = photograph(memo_page.image, seed=seed, corner_shift=shift)
    gray = geometry.colour_to_gray(np.asarray(photo))
    corners = geometry.find_page_quad(gray)
    assert corners is not None
    h, w = gray.shape
    # Each corner lies inside the band the fixture moved it into (plus a few pixels).
    for (x, y), (cx, cy) in zip(corners, [(0, 0), (w, 0), (w, h), (0, h)]):
        assert abs(x - cx) <= shift * w + 8 and abs(y - cy) <= shift * h + 8
        assert abs(x - cx) >= 0.2 * shift * w - 8 or abs(y - cy) >= 0.2 * shift * h - 8


# Scans have paper up to every edge: nothing to unwarp.
@pytest.mark.parametrize("make", [lambda p: degrade(p, seed=4), lambda p: bitonal(p)])
def test_scans_have_no_desk(memo_page, make):
    assert geometry.find_page_quad(np.asarray(make(memo_page.image).convert("L"))) is None


def test_shading_is_divided_out():
    yy, xx = np.mgrid[0:800, 0:600]
    page = (250 - 120 * xx / 600 - 40 * yy / 800).astype(np.uint8)  # a strong gradient
    page[300:310, 100:500] = 20  # a text-like bar
    flat = geometry.flatten_lighting(page, text_px=20)
    assert np.array_equal(geometry.flatten_lighting(np.full((80, 60), 235, np.uint8)), np.full((80, 60), 235))
    paper = np.delete(flat, np.s_[290:320], axis=0)
    assert paper.min() > 220  # paper is white everywhere
    assert flat[305, 100:500].mean() < 120  # the ink stays dark


@pytest.mark.parametrize("size,dpi,scale", [
    ((2480, 3508), 300.0, 200 / 300),  # office scanner, 300 dpi: down to 200
    ((4960, 7016), 600.0, 200 / 600),
    ((1654, 2339), 200.0, 1.0),
    ((1240, 1754), 150.0, 200 / 150),  # phone photo: brought up to 200 dpi
    ((800, 1131), 97.0, 1.0),  # too coarse to gain from upscaling: left alone
    ((2480, 3508), None, 200 / 300),  # untagged A4 at 300 dpi
])
def test_scale_to_working(size, dpi, scale):
    assert geometry.scale_to_working(*size, dpi) == pytest.approx(scale, rel=1e-3)


@pytest.mark.parametrize("degrees", [90, 180, 270])
def test_turn_undoes_a_rotation(degrees):
    page = np.zeros((30, 20), np.uint8)
    page[0, 0] = 255
    assert np.array_equal(geometry.turn(np.ascontiguousarray(np.rot90(page, degrees // 90)),
                                        -degrees), page)


# --- Tesseract's warnings ----------------------------------------------------------------------

@pytest.mark.parametrize("stderr,codes", [
    ("Detected 412 diacritics\n", ["ocr-many-diacritics"]),
    ("Empty page!!\n", ["ocr-empty-page"]),
    ("Too few characters. Skipping this page\n", ["ocr-too-few-characters"]),
    ("Image too small to scale!! (2x36 vs min width of 3)\nLine cannot be recognized!!\n",
     ["ocr-image-size", "ocr-line-unrecognized"]),
    ("Estimating resolution as 301\n", []),  # informative, not about the page's text
])
def test_stderr_becomes_warnings(stderr, codes):
    assert [code for code, _ in tesseract.stderr_warnings(stderr)] == codes


# --- reading order -----------------------------------------------------------------------------

def test_pieces_of_one_line_are_joined_in_order():
    # Tesseract put the right half of the first line in a later block.
    W = tesseract.Word
    words = [W("ก", 0, 100, 20, 30, 90, 1, 1, 1), W("ข", 400, 300, 20, 30, 90, 1, 1, 2),
             W("ค", 400, 102, 20, 30, 90, 2, 1, 1)]
    text = "ก\nข\n\nค"
    blocks = lines_in_order(text, words, tesseract.char_offsets(text, words))
    assert [b.text for b in blocks] == ["ก ค", "ข"]


# --- whole pages with the real Tesseract -------------------------------------------------------

def test_phone_photo_with_red_stamp_reads_like_the_page(memo_page):
    photo = photograph(memo_page.image, seed=7, scale=0.78, stamp=True)
    result = ocr_image(photo, 1)
    assert cer(memo_page.text, result.page.text) <= 0.06
    assert "ตุลาคม 2565" in result.page.text and "31 มีนาคม 2566" in result.page.text
    # lines in order: the subject line comes before the salutation
    text = result.page.text
    assert text.index("มาตรการป้องกันการทุจริต") < text.index("นายกเทศมนตรี") < text.index("สุจริต กองช่าง")


@pytest.mark.parametrize("degrees", [180, 90])
def test_turned_page_is_read_upright(memo_page, degrees):
    scan = degrade(memo_page.image, seed=5, angle=0.4).rotate(degrees, expand=True)
    scan.info["dpi"] = (200, 200)
    result = ocr_image(scan, 3)
    assert cer(memo_page.text, result.page.text) <= 0.05
    assert [w.code for w in result.warnings if w.code == "page-turned"] == ["page-turned"]


def test_bitonal_300dpi_scan(memo_page):
    scan = bitonal(memo_page.image, dpi=300)
    gray, photo = page_to_gray(scan)
    assert not photo and gray.shape[1] == pytest.approx(memo_page.image.width, abs=2)
    assert len(np.unique(gray)) > 2  # the downscale gave the edges grey levels
    assert cer(memo_page.text, ocr_image(scan, 1).page.text) <= 0.04


# --- digits without system fonts ---------------------------------------------------------------

def test_packaged_fonts_give_digit_templates():
    from thaireports.ingest.digits import installed_fonts, templates

    names = [f.rsplit("/", 1)[-1] for f in installed_fonts()]
    assert "Sarabun-Regular.ttf" in names and any(n.startswith("NotoSansThai") for n in names)
    for font in installed_fonts():
        assert [t.digit for t in templates(font)] == list("๐๑๒๓๔๕๖๗๘๙")


def test_page_says_when_digits_were_not_rechecked(monkeypatch, memo_page):
    from thaireports.ingest import digits

    monkeypatch.setattr(digits, "installed_fonts", lambda candidates=(): ())
    result = ocr_image(degrade(memo_page.image, seed=6), 2)
    codes = [w.code for w in result.warnings]
    assert "ocr-digits-unchecked" in codes
    assert all(w.page == 2 for w in result.warnings if w.code == "ocr-digits-unchecked")


# --- pages of one file in parallel -------------------------------------------------------------

def test_pages_in_parallel_come_back_in_order(tmp_path, monkeypatch):
    from thaireports import ingest

    pages = [draw_page([MEMO[3], MEMO[5]]), draw_page([MEMO[1], MEMO[2], MEMO[6]])]
    pdf = write_scanned_pdf([degrade(p.image, seed=10 + i) for i, p in enumerate(pages)],
                            tmp_path / "two.pdf")
    texts = {}
    for jobs in ("1", "2"):
        monkeypatch.setenv("THAIREPORTS_OCR_JOBS", jobs)
        document = ingest.read(pdf)
        texts[jobs] = [p.text for p in document.pages]
        assert [p.number for p in document.pages] == [1, 2]
    assert texts["1"] == texts["2"]
    for page, text in zip(pages, texts["2"]):
        assert cer(page.text, text) <= 0.08  # short pages: one misread word is 5%


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_multipage_tiff_pages_in_parallel_with_a_progress_line(tmp_path, monkeypatch, jobs):
    import io
    import logging

    from thaireports import ingest
    from thaireports.ingest.ocr import PROGRESS_LOGGER, enable_page_progress

    pages = [draw_page([MEMO[3]]), draw_page([MEMO[1], MEMO[6]]), draw_page([MEMO[4], MEMO[5]])]
    scans = [degrade(p.image, seed=20 + i) for i, p in enumerate(pages)]
    tiff = tmp_path / "three.tiff"
    scans[0].save(tiff, save_all=True, append_images=scans[1:], compression="tiff_lzw",
                  dpi=(200, 200))
    monkeypatch.setenv("THAIREPORTS_OCR_JOBS", jobs)
    out = io.StringIO()
    handler = enable_page_progress(out, min_pages=3, only_terminal=False)
    try:
        document = ingest.read(tiff)
    finally:
        logging.getLogger(PROGRESS_LOGGER).removeHandler(handler)
    assert [p.number for p in document.pages] == [1, 2, 3]
    for page, read in zip(pages, document.pages):
        assert cer(page.text, read.text) <= 0.08
    lines = out.getvalue().splitlines()
    assert sorted(lines, key=lambda l: int(re.search(r"page (\d+)", l).group(1))) and len(lines) == 3
    assert all(re.fullmatch(r"three\.tiff: page [123]/3 OCR'd \(\d+\.\d s\)", l) for l in lines)


def test_progress_stays_quiet_off_a_terminal_and_for_short_files():
    import io

    from thaireports.ingest.ocr import enable_page_progress

    assert enable_page_progress(io.StringIO()) is None  # not a terminal: nothing turned on


def test_text_zone_on_chosen_rows_is_the_page_zone_there():
    """The zone drawn on a signature's rows only equals the whole page's zone on those rows."""
    rng = np.random.default_rng(5)
    boxes = [(int(x), int(y), int(w), int(h)) for x, y, w, h in zip(
        rng.integers(0, 580, 300), rng.integers(0, 780, 300), rng.integers(5, 30, 300),
        rng.integers(10, 40, 300))]
    stats = np.array([[0, 0, 600, 800, 0]] + [[x, y, w, h, w * h // 2] for x, y, w, h in boxes])
    whole = geometry.text_zone(stats, 25.0, (800, 600))
    rows = [slice(100, 180), slice(150, 260), slice(700, 900)]
    part = geometry.text_zone(stats, 25.0, (800, 600), rows=rows)
    for band in rows:
        assert (part[band] == whole[band]).all()
    assert not part[300:650].any()


def test_words_go_to_the_stacked_cell_round_their_centre():
    """Bisection gives each word the crop the nearest-span rule gives (ties: the upper)."""
    from thaireports.ingest.ocr import _words_by_span

    rng = np.random.default_rng(7)
    for _ in range(300):
        spans, y = [], int(rng.integers(0, 30))
        for _ in range(int(rng.integers(1, 8))):
            h = int(rng.integers(1, 60))
            spans.append((y, y + h))
            y += h + int(rng.choice([0, 1, 2, 40]))
        words = [tesseract.Word("x", 0, int(t), 1, int(h), -1.0, 0, 0, 0)
                 for t, h in zip(rng.integers(-50, y + 50, 30), rng.integers(0, 30, 30))]
        nearest = [[] for _ in spans]
        for word in words:
            centre = word.top + word.height / 2
            best = min(range(len(spans)), key=lambda i: 0 if spans[i][0] <= centre < spans[i][1]
                       else min(abs(centre - spans[i][0]), abs(centre - spans[i][1])))
            nearest[best].append(word)
        assert _words_by_span(words, spans) == nearest
