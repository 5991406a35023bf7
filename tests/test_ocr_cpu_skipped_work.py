"""Work the OCR path skips (issue 11) gives what doing it gives.

Two pieces of a page's preparation are only done when they can matter:
- the full-page rotation is only for finding and cutting ruled tables, so a skewed page is
  rotated only when its ink as scanned may hold a horizontal ruling
  (``ingest.grids.may_hold_rulings``);
- the Hough ring search for rubber stamps only runs when the page has enough ink of a stamp's
  lighter tone for a ring to be found (``ingest.geometry.may_hold_stamp``).

The pages are drawn from lines of the samples (tests/fixtures/scans.py), degraded as office
scans; the OCR comparisons run the real Tesseract.
"""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from thaireports.ingest import geometry
from thaireports.ingest.deskew import binarize, estimate_angle, rotate
from thaireports.ingest.digits import text_height
from thaireports.ingest.grids import _horizontal_lines, may_hold_rulings
from thaireports.ingest.ocr import ocr_prepared, page_to_gray, straighten
from tests.fixtures.scans import degrade, draw_page, press_grey_stamp, sign

STEPS = [
    ["ลำดับ", "วิธีการ/ขั้นตอน", "ผู้รับผิดชอบ"],
    ["๑", "การทบทวนข้อมูลทั่วไปของหน่วยงาน ตามข้อ ๕.๑.๑ - ข้อ ๕.๑.๑๑", "สำนักงานปลัด / กองคลัง"],
    ["๒", "การทบทวนข้อมูลการจัดซื้อจัดจ้างตามข้อ ๕.๑.๗ ให้ถูกต้อง", "กองคลัง"],
]
INTRO = ("ตามเกณฑ์การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ "
         "(Integrity and Transparency Assessment) ปีงบประมาณ พ.ศ. ๒๕๖๒")
CLOSING = "จึงเรียนมาเพื่อโปรดทราบและพิจารณา หากเห็นชอบโปรดลงนามในประกาศที่แนบมาพร้อมนี้"


@pytest.fixture(scope="module")
def prose_page():
    return draw_page([INTRO, INTRO, CLOSING, INTRO]).image


@pytest.fixture(scope="module")
def table_page():
    return draw_page([INTRO, STEPS, CLOSING]).image


def _ink_and_angle(scan):
    gray = np.asarray(scan.convert("L"))
    angle = estimate_angle(gray)
    return gray, binarize(gray), angle


# --- the rotation: only for pages that may hold a table ----------------------------------------

# Skews a sheet fed by hand gets, both ways; the widest ones the signed scans show.
@pytest.mark.parametrize("angle", [-2.0, -1.1, -0.3, 0.6, 1.7])
def test_a_ruling_on_the_straightened_page_is_seen_on_the_scan(table_page, angle):
    gray, ink, found = _ink_and_angle(degrade(table_page, seed=3, angle=angle))
    # The straightened page has rulings (its table), so the scan must be said to may hold them.
    assert _horizontal_lines(binarize(rotate(gray, found))).any()
    assert may_hold_rulings(ink, found)


@pytest.mark.parametrize("angle", [-1.8, -0.8, 0.5, 1.4])
def test_a_prose_page_is_not_rotated(prose_page, angle):
    gray, ink, found = _ink_and_angle(degrade(prose_page, seed=5, angle=angle))
    assert not _horizontal_lines(binarize(rotate(gray, found))).any()
    assert not may_hold_rulings(ink, found)


def test_a_short_underline_still_counts():
    # A line just the length the table search asks for (MIN_H_LINE of the width), skewed 2°:
    # on the straightened page it is a ruling, so the scan may hold one.
    page = np.full((800, 1654), 245, np.uint8)
    length = round(1654 * 0.05)
    slope = np.tan(np.radians(2.0))
    cv2.line(page, (500, 400), (500 + length, round(400 + length * slope)), 30, 3)
    straight = rotate(page, 2.0)
    assert _horizontal_lines(binarize(straight)).any()
    assert may_hold_rulings(binarize(page), 2.0)


def _same(a, b):
    assert a.page.text == b.page.text
    assert [(t.header, t.rows, t.offset) for t in a.tables] == [(t.header, t.rows, t.offset)
                                                                for t in b.tables]
    assert [(w.code, w.message) for w in a.warnings] == [(w.code, w.message) for w in b.warnings]
    assert a.angle == b.angle


@pytest.mark.parametrize("which,angle", [("prose", 1.3), ("table", -0.9)])
def test_lazy_straightening_reads_the_page_alike(prose_page, table_page, which, angle):
    page = prose_page if which == "prose" else table_page
    gray, photo = page_to_gray(degrade(page, seed=7, angle=angle))
    scanned, straight, found = straighten(gray, photo, lazy=True)
    assert straight is None  # left to ocr_prepared, which rotates the table page only
    assert may_hold_rulings(binarize(scanned), found) == (which == "table")
    lazy = ocr_prepared(scanned, straight, found, 1, "tha+eng", 120)
    eager = ocr_prepared(*straighten(gray, photo), 1, "tha+eng", 120)
    _same(lazy, eager)
    assert bool(lazy.tables) == (which == "table")


# --- the ring search: only for pages with a stamp's ink ----------------------------------------

def _signed(page, stamp: bool):
    # A clean grey scan (a little sensor noise: heavy grain has specks of every tone, and
    # then the ring search runs, as it should when unsure).
    scan = sign(degrade(page, seed=11, angle=0.4, noise=3.0), (900, 1500, 1350, 1600), seed=2)
    if stamp:
        scan = press_grey_stamp(scan, (1100, 1500), 150, tone=150, seed=3)
    gray = np.asarray(scan.convert("L"))
    ink = binarize(gray)
    components = cv2.connectedComponentsWithStats(ink, connectivity=8)
    return gray, ink, text_height(ink, components[2]), components


@pytest.mark.parametrize("stamp", [True, False])
def test_stamp_tone_tells_a_stamped_page(prose_page, stamp):
    gray, ink, height, _ = _signed(prose_page, stamp)
    dark, paper = geometry.ink_tones(gray, ink)
    assert geometry.may_hold_stamp(gray, height, dark, paper) is stamp


def test_a_page_without_a_stamp_is_masked_as_with_the_ring_search(prose_page, monkeypatch):
    gray, ink, height, components = _signed(prose_page, stamp=False)
    skipped = geometry.non_text_mask(gray, ink, height, components)
    monkeypatch.setattr(geometry, "may_hold_stamp", lambda *args: True)  # search regardless
    searched = geometry.non_text_mask(gray, ink, height, components)
    assert np.array_equal(skipped, searched)
    assert skipped.any()  # the signature is still painted out


def test_a_stamped_page_still_loses_its_stamp(prose_page):
    gray, ink, height, components = _signed(prose_page, stamp=True)
    rings = geometry.find_rings(gray, height)
    assert rings  # the stamp is found ...
    cx, cy, _ = rings[0]
    mask = geometry.non_text_mask(gray, ink, height, components)
    assert mask[round(cy) - 160:round(cy) + 160, round(cx) - 160:round(cx) + 160].sum() > 2000


# --- the table copy: bilinear for a scan, bicubic for a photo ----------------------------------

def test_a_scans_table_copy_is_bilinear_and_a_photos_bicubic(table_page):
    # A photo's glyphs were resampled once already (unwarped, brought to 200 dpi): its copy
    # keeps the smoother kernel; a scan's copy is only cut into cells (deskew.rotate).
    gray, _ = page_to_gray(degrade(table_page, seed=7, angle=0.25))
    _, scan_copy, angle = straighten(gray, False)
    _, photo_copy, photo_angle = straighten(gray, True)
    assert angle == photo_angle and abs(angle) >= 0.01  # both read as they are, not rotated
    assert np.array_equal(scan_copy, rotate(gray, angle, smooth=False))
    assert np.array_equal(photo_copy, rotate(gray, angle, smooth=True))
    assert not np.array_equal(scan_copy, photo_copy)
