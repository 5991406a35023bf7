"""Pages fed a quarter turn, short turned pages, crooked pages and a copier lid's border, read
by the real OCR path (``ingest.ocr.ocr_image``, real Tesseract) on composed Thai pages.

Tesseract reads the blocks of a page turned by 90° turned on their own well enough that the
text passes the quality check, so the orientation is told from the page's ink profile first
(``ingest.deskew.lines_run_vertically``); a signature page upside down has too few lines for
Tesseract's orientation detection and is read turned as well.
"""
from __future__ import annotations

import shutil

import numpy as np
import pytest
from rapidfuzz import fuzz

from tests.fixtures.scans import degrade, draw_page, photocopy, turn
from tests.test_generalize_scans import MEMO
from thaireports.ingest.deskew import estimate_angle, line_drift, lines_run_vertically
from thaireports.ingest.grids import find_grids
from thaireports.ingest.ocr import ocr_image, page_to_gray

assert shutil.which("tesseract"), "Tesseract is not installed: run `make test`"

SIGNATURE_PAGE = ["- ๒ -", "(ลงชื่อ)", "(นายเกรียงไกร ธนากร)", "ปลัดเทศบาลนครลำปาง"]


@pytest.fixture(scope="module")
def memo():
    return draw_page(MEMO)


def _turned(result) -> bool:
    return "page-turned" in [w.code for w in result.warnings]


@pytest.mark.parametrize("degrees", [90, 270])
def test_quarter_turned_memo_is_read_upright(memo, degrees):
    scan = turn(degrade(memo.image, seed=4, angle=0.3), degrees)
    assert lines_run_vertically(page_to_gray(scan)[0])
    result = ocr_image(scan, 1)
    assert _turned(result)
    text = result.page.text
    assert fuzz.partial_ratio("ส่วนราชการ สำนักปลัด องค์การบริหารส่วนตำบลหนองบัว", text) >= 85
    assert text.index("บันทึกข้อความ") < text.index("จึงเรียนมา")


def test_upright_pages_are_not_taken_for_sideways(memo):
    assert not lines_run_vertically(page_to_gray(degrade(memo.image, seed=4))[0])
    short = draw_page(SIGNATURE_PAGE)
    assert not lines_run_vertically(page_to_gray(degrade(short.image, seed=4))[0])


def test_signature_page_upside_down_is_read_upright():
    # four short lines: Tesseract's orientation detection cannot tell, the text can
    page = draw_page(SIGNATURE_PAGE)
    result = ocr_image(turn(degrade(page.image, seed=2, angle=0.0), 180), 2)
    assert _turned(result)
    assert "ปลัดเทศบาลนครลำปาง" in result.page.text.replace(" ", "")


def test_skew_that_tesseract_tolerates_is_left_alone(memo):
    # the dev scans reach 2°: read as scanned (no resampling); 4° is read straightened
    mild = page_to_gray(degrade(memo.image, seed=3, angle=1.5))[0]
    assert line_drift(mild, estimate_angle(mild)) < 0.8
    crooked = page_to_gray(turn(degrade(memo.image, seed=3, angle=0.0), 4))[0]
    assert line_drift(crooked, estimate_angle(crooked)) > 0.8


def test_lid_border_is_no_table(memo):
    copy = photocopy(memo.image, seed=5, lid="border", strokes="thick")
    gray = page_to_gray(copy)[0]
    from thaireports.ingest.deskew import rotate

    assert find_grids(rotate(gray, estimate_angle(gray))) == []
    result = ocr_image(copy, 1)
    assert result.tables == []
    assert fuzz.partial_ratio("จึงเรียนมาเพื่อโปรดทราบ", result.page.text) >= 85


def test_mottled_photocopy_is_flattened_before_binarizing(memo):
    from thaireports.ingest.deskew import binarize

    copy = photocopy(memo.image, seed=2, lid="band", strokes="fade")
    ink = binarize(page_to_gray(copy)[0]) > 0
    assert 0.01 < float(np.mean(ink)) < 0.12  # print, not the toner's mottle
