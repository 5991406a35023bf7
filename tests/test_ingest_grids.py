"""Deskew and ruled-table grids on drawn, degraded pages (no Tesseract: fast).

The tables are rows of the real samples ('ลำดับ | วิธีการ/ขั้นตอน | ผู้รับผิดชอบ' of 000,
'ตัวชี้วัดของการประเมิน ITA | ประเด็นที่ต้องแก้ไข' of 002).
"""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from thaireports.ingest.deskew import estimate_angle, rotate
from thaireports.ingest.grids import find_grids
from tests.fixtures.scans import A4, degrade, draw_page

STEPS = [
    ["ลำดับ", "วิธีการ/ขั้นตอน", "ผู้รับผิดชอบ"],
    ["๑", "การทบทวนข้อมูลทั่วไปของหน่วยงาน ตามข้อ ๕.๑.๑ - ข้อ ๕.๑.๑๑", "สำนักงานปลัด / กองคลัง"],
    ["๒", "การทบทวนข้อมูลการจัดซื้อจัดจ้างตามข้อ ๕.๑.๗ ให้ถูกต้อง", "กองคลัง"],
]
SCORES = [
    ["ตัวชี้วัดของการประเมิน ITA", "ประเด็นที่ต้องแก้ไข/ ปรับปรุง/รักษาระดับ"],
    ["๙. การเปิดเผยข้อมูล คะแนน ๘๑.๓๕", "ผลคะแนน OIT พบว่า มีประเด็นที่ต้องปรับปรุง"],
]
INTRO = ("ตามเกณฑ์การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ "
         "(Integrity and Transparency Assessment) ปีงบประมาณ พ.ศ. ๒๕๖๒")


def _straight(image: Image.Image) -> np.ndarray:
    gray = np.asarray(image.convert("L"))
    return rotate(gray, estimate_angle(gray))


@pytest.fixture(scope="module")
def two_table_page() -> Image.Image:
    return draw_page([INTRO, STEPS, "ทั้งนี้ ตั้งแต่วันที่ ๒๒ เมษายน ๒๕๖๒ เป็นต้นไป", SCORES]).image


# Skews a sheet fed by hand gets, both ways, and none.
@pytest.mark.parametrize("angle", [-1.5, -0.7, 0.0, 0.4, 1.2])
def test_deskew_finds_the_rotation(two_table_page, angle):
    scan = np.asarray(degrade(two_table_page, seed=1, angle=angle))
    assert estimate_angle(scan) == pytest.approx(-angle, abs=0.15)


def test_deskew_of_a_text_page_without_tables():
    page = draw_page([INTRO, INTRO, INTRO]).image
    assert estimate_angle(np.asarray(degrade(page, seed=2, angle=1.0))) == pytest.approx(-1.0,
                                                                                        abs=0.15)


def test_blank_page_has_no_skew_and_no_tables():
    blank = np.full((A4[1], A4[0]), 255, dtype=np.uint8)
    assert estimate_angle(blank) == 0.0
    assert find_grids(blank) == []


@pytest.mark.parametrize("angle", [-1.3, 0.0, 0.9])
def test_tables_and_their_shapes_are_found(two_table_page, angle):
    grids = find_grids(_straight(degrade(two_table_page, seed=4, angle=angle)))
    assert [g.shape() for g in grids] == [(3, 3), (2, 2)]
    assert grids[0].box.top < grids[1].box.top  # page order
    first = grids[0]
    assert sorted((c.row, c.col) for c in first.cells) == [(r, c) for r in range(3)
                                                           for c in range(3)]


def test_a_one_row_fragment_is_a_table():
    # The last row of a table that continues from the previous page.
    row = ["๕", "หน่วยงานนำข้อมูลที่พิจารณาทบทวนแล้ว เผยแพร่สู่สาธารณะ", "สำนักงานปลัด"]
    page = draw_page([[row]]).image
    grids = find_grids(_straight(degrade(page, seed=5)))
    assert [g.shape() for g in grids] == [(1, 3)]


def test_merged_cells_span_the_grid():
    # A header cell over two columns (colspan) and a cell over two rows (rowspan):
    #   +-----------+-----+
    #   |  merged   |  c  |
    #   +-----+-----+-----+
    #   |  a  |  b  |  d  |
    #   +-----+-----+     |
    #   |  e  |  f  |     |
    #   +-----+-----+-----+
    image = Image.new("L", A4, 255)
    draw = ImageDraw.Draw(image)
    xs, ys = [200, 600, 1000, 1400], [300, 400, 500, 600]
    for y in (ys[0], ys[3]):
        draw.line([(xs[0], y), (xs[3], y)], fill=0, width=3)
    draw.line([(xs[0], ys[1]), (xs[3], ys[1])], fill=0, width=3)
    draw.line([(xs[0], ys[2]), (xs[2], ys[2])], fill=0, width=3)
    for x in (xs[0], xs[2], xs[3]):
        draw.line([(x, ys[0]), (x, ys[3])], fill=0, width=3)
    draw.line([(xs[1], ys[1]), (xs[1], ys[3])], fill=0, width=3)
    grids = find_grids(_straight(degrade(image, seed=6, angle=0.5)))
    assert len(grids) == 1
    grid = grids[0]
    assert grid.shape() == (3, 3)
    spans = {(c.row, c.col): (c.row_span, c.col_span) for c in grid.cells}
    assert spans[(0, 0)] == (1, 2)  # the merged header
    assert spans[(1, 2)] == (2, 1)  # the cell over two rows
    assert len(grid.cells) == 7  # merged, c, a, b, d, e, f


def test_underlines_and_signature_dots_are_not_tables():
    page = draw_page(["(ลงชื่อ)..............................................................",
                      "(นายสุชาติ พูลพิพัฒน์)", "นายกองค์การบริหารส่วนตำบลเหล"]).image
    draw = ImageDraw.Draw(page)
    draw.line([(300, 1200), (1300, 1200)], fill=0, width=3)  # a lone rule
    draw.rectangle([300, 1400, 340, 1440], outline=0, width=3)  # a check box
    assert find_grids(_straight(degrade(page, seed=7))) == []


# --- the fast paths give what the plain definitions give (issue 11 speed) --------------------

@pytest.mark.parametrize("seed", range(4))
def test_component_boxes_are_the_connected_components(seed):
    """Outer borders (findContours) give the boxes connectedComponentsWithStats gives,
    components inside another's hole included."""
    import cv2

    from thaireports.ingest.grids import component_boxes

    rng = np.random.default_rng(seed)
    for _ in range(200):
        h, w = (int(v) for v in rng.integers(5, 60, 2))
        mask = (rng.random((h, w)) < rng.choice([0.05, 0.2, 0.4, 0.6])).astype(np.uint8) * 255
        _, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
        expected = sorted(tuple(int(v) for v in s[:4]) for s in stats[1:])
        assert sorted(component_boxes(mask)) == expected


@pytest.mark.parametrize("skew", [-4.2, -1.3, 0.7, 2.9])
def test_angle_search_scores_like_the_plain_profile(skew):
    """The memoized search with integer row sums, its first stage on a copy half as wide,
    finds the angle a plain search of the full work copy finds."""
    import cv2

    from thaireports.ingest import deskew

    page = np.asarray(degrade(draw_page([INTRO, STEPS, INTRO]).image, seed=3, angle=skew))

    def plain(gray):
        h, w = gray.shape
        scale = min(1.0, deskew.WORK_WIDTH / w)
        ink = deskew.binarize(cv2.resize(gray, (max(1, round(w * scale)), max(1, round(h * scale))),
                                         interpolation=cv2.INTER_AREA))

        def score(angle):
            matrix = cv2.getRotationMatrix2D((ink.shape[1] / 2, ink.shape[0] / 2), angle, 1.0)
            rotated = cv2.warpAffine(ink, matrix, ink.shape[::-1], flags=cv2.INTER_NEAREST)
            return float(np.var(np.diff(rotated.sum(axis=1, dtype=np.float64))))

        best = 0.0
        for step, span in ((0.5, deskew.MAX_ANGLE), (0.1, 0.5), (0.02, 0.1)):
            best = float(max(np.arange(best - span, best + span + step / 2, step), key=score))
        return round(best, 2)

    assert deskew.estimate_angle(page) == plain(page)
