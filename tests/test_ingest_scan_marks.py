"""What is not text on a grey scan (issue 11): rubber stamps, signatures and emblems are
painted paper before Tesseract finds lines (``ingest.geometry.mask_non_text``), by shape and
stroke: a stamp's ring (Hough circle) and its lighter ink, a signature's loose strokes taller
than a line, an emblem's large dense blob. Pages are drawn here from texts written for these
tests (tests/fixtures/scans.py), in other positions, tones and seeds than any dev render, and
read by the real Tesseract.
"""
from __future__ import annotations

import re
import shutil

import numpy as np
import pytest
from PIL import Image
from rapidfuzz.distance import Levenshtein

from thaireports.ingest import geometry, tesseract
from thaireports.ingest.deskew import binarize
from thaireports.ingest.digits import text_height
from thaireports.ingest.ocr import ocr_image
from thaireports.normalize.text import normalize_text
from tests.fixtures.scans import degrade, draw_page, emblem, press_grey_stamp, sign

assert shutil.which("tesseract"), "Tesseract is not installed: run `make test`"

# The end of a memo of an agency none of the samples or dev renders belong to: the signer's
# name and position, which the stamp and the signature sit on in real memos.
SIGNED = [
    "ส่วนราชการ กองคลัง องค์การบริหารส่วนตำบลนาดี อำเภอเมือง จังหวัดสกลนคร",
    "เรื่อง รายงานผลการจัดซื้อจัดจ้างประจำเดือนมิถุนายน ๒๕๖๗",
    "ตามที่องค์การบริหารส่วนตำบลนาดีได้ดำเนินการจัดซื้อจัดจ้างตามแผนการจัดซื้อจัดจ้าง "
    "ประจำปีงบประมาณ พ.ศ. ๒๕๖๗ บัดนี้กองคลังได้รวบรวมผลการดำเนินงานเรียบร้อยแล้ว",
    "จึงเรียนมาเพื่อโปรดทราบ",
    *[" "] * 5,  # room for the signature (each blank paragraph is half a line)
    "(นางสาวสุดารัตน์ ทองดี)\nนักวิชาการเงินและบัญชีปฏิบัติการ",
    *[" "] * 5,
    "(นายประสิทธิ์ วงศ์ใหญ่)\nปลัดองค์การบริหารส่วนตำบลนาดี",
]
GARBAGE = re.compile(r"[A-Za-z\\|/_“”»«©@#$%&*]")  # what stamps and scrawls read as


def cer(truth: str, got: str) -> float:
    t = re.sub(r"\s+", "", normalize_text(truth)[0])
    g = re.sub(r"\s+", "", normalize_text(got)[0])
    return Levenshtein.distance(t, g) / max(1, len(t))


def text_rows(image: Image.Image) -> list[tuple[int, int]]:
    """The (top, bottom) rows of each printed line of a clean page (from its row profile)."""
    ink = np.asarray(image.convert("L")) < 128
    rows = ink.any(axis=1)
    bands, start = [], None
    for y, on in enumerate(rows):
        if on and start is None:
            start = y
        elif not on and start is not None:
            bands.append((start, y))
            start = None
    return [b for b in bands if b[1] - b[0] >= 8]


def text_columns(image: Image.Image, band: tuple[int, int]) -> tuple[int, int]:
    ink = np.asarray(image.convert("L"))[band[0]:band[1]] < 128
    cols = np.nonzero(ink.any(axis=0))[0]
    return int(cols.min()), int(cols.max())


def signed_page(seed: int, tone: int, with_emblem: bool = True):
    """The memo's end with a signature above each name, a stamp over the second signer's
    block, and (at the top) an emblem; returns (page, clean page, truth)."""
    drawn = draw_page(SIGNED)
    clean = drawn.image
    page = clean
    rows = text_rows(clean)
    # The names are the lines right after the blank room left for signatures.
    names = [rows[i] for i in range(1, len(rows)) if rows[i][0] - rows[i - 1][1] > 80]
    assert len(names) == 2
    for k, (top, bottom) in enumerate(names):
        left, right = text_columns(clean, (top, bottom))
        page = sign(page, (left + 40, top - 125, left + 40 + 230, top + 5), seed=seed + k)
    top, bottom = names[-1]
    left, right = text_columns(clean, (top, bottom))
    page = press_grey_stamp(page, (left + 60 + seed * 15, top - 20), radius=125, tone=tone,
                            angle=15 + 20 * seed, seed=seed)
    if with_emblem:
        page = emblem(page, (page.width // 2, 110), 150)
    return degrade(page, seed=seed, angle=0.4), clean, drawn.text


# --- the pieces --------------------------------------------------------------------------------

# (tone of the stamp's ink): lighter pads than toner, as red, blue and violet pads scan in grey.
@pytest.mark.parametrize("tone", [120, 150, 180])
def test_stamp_ring_is_found_and_its_ink_masked(tone):
    base = draw_page(SIGNED[:3])  # print above it: the tone of the toner is the page's
    page = press_grey_stamp(base.image, (800, 1200), radius=130, tone=tone, seed=tone)
    # The stamp's ink: where it darkened the paper by a tenth or more (not its faint rims).
    stamp_pixels = (np.asarray(base.image, dtype=int) - np.asarray(page, dtype=int) >= 25) & (
        np.asarray(base.image) > 128)
    gray = np.asarray(degrade(page, seed=1, angle=0.0))
    ink = binarize(gray)
    height = text_height(ink)
    rings = geometry.find_rings(gray, height)
    assert any(abs(x - 800) < 15 and abs(y - 1200) < 15 for x, y, _ in rings)
    mask = geometry.non_text_mask(gray, ink, height)
    assert mask[stamp_pixels].mean() > 0.8


def test_printed_text_under_a_stamp_stays():
    drawn = draw_page(SIGNED[:3])
    rows = text_rows(drawn.image)
    top, bottom = rows[2]
    page = press_grey_stamp(drawn.image, (700, (top + bottom) // 2), radius=120, tone=150)
    gray = np.asarray(degrade(page, seed=2, angle=0.0))
    ink = binarize(gray)
    mask = geometry.non_text_mask(gray, ink, text_height(ink))
    printed = np.asarray(degrade(drawn.image, seed=2, angle=0.0)) < 100
    assert mask[printed].mean() < 0.02  # the print's cores are never painted


@pytest.mark.parametrize("seed", [3, 7, 11])
def test_signature_strokes_are_masked_and_the_name_under_them_stays(seed):
    drawn = draw_page(SIGNED[-1:])
    top, bottom = text_rows(drawn.image)[0]
    page = sign(drawn.image, (300, top - 120, 560, top + 12), seed=seed)
    scrawl = (np.asarray(page) < 128) & (np.asarray(drawn.image) > 128)
    gray = np.asarray(degrade(page, seed=seed, angle=0.0))
    ink = binarize(gray)
    mask = geometry.non_text_mask(gray, ink, text_height(ink))
    above = scrawl.copy()
    above[top - 15:] = False  # the strokes clear of the name's line
    assert mask[above].mean() > 0.9
    printed = np.asarray(degrade(drawn.image, seed=seed, angle=0.0)) < 100
    assert mask[printed].mean() < 0.02


@pytest.mark.parametrize("size,streaks", [(150, 4), (220, 0), (120, 2)])
def test_emblem_blob_and_its_streaked_pieces_are_masked(size, streaks):
    drawn = draw_page(SIGNED[:2])
    page = emblem(drawn.image, (drawn.image.width // 2, 110), size, streaks=streaks)
    blob = (np.asarray(page) < 128) & (np.asarray(drawn.image) > 128)
    gray = np.asarray(degrade(page, seed=5, angle=0.0))
    ink = binarize(gray)
    mask = geometry.non_text_mask(gray, ink, text_height(ink))
    assert mask[blob].mean() > 0.9
    printed = np.asarray(degrade(drawn.image, seed=5, angle=0.0)) < 100
    assert mask[printed].mean() < 0.01


# Glyph-shaped components are never taken for drawn ink: (stats row, height) of one component.
@pytest.mark.parametrize("width,height,area,drawn", [
    (20, 27, 300, False),  # a consonant
    (18, 40, 260, False),  # a consonant with its tone mark
    (60, 27, 700, False),  # two consonants blurred together
    (10, 45, 200, False),  # a bracket or a slash: tall, narrow
    (600, 4, 2000, False),  # a rule under a heading
    (110, 70, 900, True),  # a scrawl across two lines
    (230, 120, 2500, True),  # a signature with a flourish
])
def test_loose_strokes_rule(width, height, area, drawn):
    stats = np.array([[0, 0, 2000, 2000, 0], [100, 100, width, height, area]])
    assert (1 in geometry.loose_strokes(stats, 27.0)) is drawn


def test_bitonal_page_skips_the_stamp_tone_rule():
    gray = np.full((400, 400), 255, np.uint8)
    gray[100:110, 50:350] = 0
    assert geometry.is_bitonal_gray(gray)
    assert not geometry.non_text_mask(gray, binarize(gray), 27.0).any()


# --- whole pages through the real Tesseract ----------------------------------------------------

@pytest.mark.parametrize("seed,tone", [(1, 140), (2, 170)])
def test_signed_stamped_page_reads_without_garbage(seed, tone):
    page, clean, truth = signed_page(seed, tone)
    ours = ocr_image(page, 1).page.text
    bare = tesseract.ocr(page, psm=None).text
    # The names and positions come through; no line of scrawl letters is left.
    assert cer(truth, ours) <= 0.05
    assert cer(truth, ours) < cer(truth, bare)
    assert len(GARBAGE.findall(ours)) <= 2
    assert "ปลัดองค์การบริหารส่วนตำบลนาดี" in normalize_text(ours)[0].replace(" ", "")
