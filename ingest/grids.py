"""Ruled tables on a (deskewed) page image: ruling lines -> table boxes -> cell grid.

Thai memo tables are fully ruled (Word's default table style), so the lines alone give the
cells. The method is the usual morphological one (as in img2table and the OpenCV table
tutorials): open the binarized page with long thin kernels to keep only horizontal and
vertical strokes, take connected groups of lines as tables, and take the white regions that
the lines enclose as cells. Merged cells (rowspan/colspan) come out as one region spanning
several grid rows/columns; the grid's row and column edges are the clustered cell edges.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

# Minimum sizes, as fractions of the page width (200 dpi A4: 1654 px).
MIN_H_LINE = 0.05  # a horizontal ruling is at least ~2 cm long (narrow 'ลำดับ' columns),
#                    longer than a run of glyph bottoms on one baseline
MIN_V_LINE = 0.035  # a vertical ruling is longer than the tallest stem of 16-20 pt text
#                     (ป ฝ ฟ ~40 px at 200 dpi) and shorter than one table row (~85 px)
MIN_TABLE_WIDTH = 0.15  # smaller boxed things are stamps, signatures, checkboxes
MIN_CELL = 0.008  # px fraction: enclosed regions smaller than this are line-crossing debris
EDGE_TOLERANCE = 0.008  # cell edges closer than this (fraction of width) are the same edge
FILL_THICKNESS = 0.005  # 'ruling' ink thicker than this both ways (8 px at 200 dpi; printed
#                         rulings are 1-4 px) is a shaded fill: a header row printed dark
FILL_RIM = 2  # px of a fill's edge kept as the ruling of the cell under it


@dataclass(frozen=True)
class Box:
    """A rectangle in page pixels: left, top, right, bottom (right/bottom exclusive)."""

    left: int
    top: int
    right: int
    bottom: int

    @property
    def width(self) -> int:
        return self.right - self.left

    @property
    def height(self) -> int:
        return self.bottom - self.top


@dataclass(frozen=True)
class Cell:
    """One cell: its box and where it sits in the grid (spans for merged cells)."""

    box: Box
    row: int
    col: int
    row_span: int = 1
    col_span: int = 1


@dataclass
class Grid:
    """One ruled table found on a page."""

    box: Box
    n_rows: int
    n_cols: int
    cells: list[Cell] = field(default_factory=list)

    def shape(self) -> tuple[int, int]:
        return self.n_rows, self.n_cols


def _horizontal_lines(ink: np.ndarray) -> np.ndarray:
    """Horizontal rulings of a binarized page: a small closing first bridges the gaps that
    JPEG and thin toner leave in scanned lines, then an opening longer than any glyph."""
    import cv2

    h_len = max(10, round(ink.shape[1] * MIN_H_LINE))
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 1)))
    return cv2.morphologyEx(horizontal, cv2.MORPH_OPEN,
                            cv2.getStructuringElement(cv2.MORPH_RECT, (h_len, 1)))


def _vertical_lines(ink: np.ndarray) -> np.ndarray:
    """Vertical rulings of a binarized page, found as the horizontal ones are."""
    import cv2

    v_len = max(10, round(ink.shape[1] * MIN_V_LINE))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, 3)))
    return cv2.morphologyEx(vertical, cv2.MORPH_OPEN,
                            cv2.getStructuringElement(cv2.MORPH_RECT, (1, v_len)))


RULING_SLACK = 1  # px: how far straightening (cubic resampling, its own Otsu threshold) may
#                   move or thin a ruling's pixels against the page as scanned
RULING_GAP = 3  # px: gaps in a skewed ruling's scanned ink bridged before its length is taken
#                 (one more than the straightened page's own closing bridges)


def may_hold_rulings(ink: np.ndarray, angle: float) -> bool:
    """Whether a page scanned ``angle`` degrees askew could show a horizontal ruling once
    straightened, judged on its ink as scanned (``ingest.deskew.binarize``).

    A ruling long enough for ``_horizontal_lines`` on the straightened page is, on the page
    as scanned, a run of ink ``MIN_H_LINE`` of the width long (less its slant) that climbs
    ``length * tan(angle)`` rows: it lies inside a band of ``rise`` rows (that climb plus
    ``RULING_SLACK``). Every such band lies inside one of the bands of ``2 * rise - 1`` rows
    centred on every ``rise``-th row, so each of those is merged into one row of ink (a
    vertical dilation, sampled), its gaps of ``RULING_GAP`` bridged, and a run that long in
    any of them means a ruling may be there; the long horizontal kernels then run on a
    few hundred rows, not the page's thousands (1 ms a 200 dpi page). The test errs on the
    side of yes: on the 96 dev and held-out scan pages every page with a ruling passed it,
    and most without one failed it (glyphs leave blank columns in any band a few rows high).
    A page that passes is straightened and searched as before; one that fails holds no
    table, so it need not be rotated at all (a full-page cubic rotation: ~25 ms).

    Example:
        >>> import cv2
        >>> page = np.zeros((400, 1000), np.uint8)
        >>> _ = cv2.line(page, (100, 100), (900, 128), 255, 2)  # a ruling 2 degrees askew
        >>> may_hold_rulings(page, 2.0), may_hold_rulings(np.zeros_like(page), 2.0)
        (True, False)
    """
    import math

    import cv2

    h_len = max(10, round(ink.shape[1] * MIN_H_LINE))
    slant = math.radians(min(abs(angle), 45.0))
    rise = math.ceil(h_len * math.tan(slant)) + 2 * RULING_SLACK + 1
    length = max(1, math.floor(h_len * math.cos(slant)) - 2 * RULING_SLACK)
    bands = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_RECT, (1, 2 * rise - 1)))
    bands = cv2.dilate(np.ascontiguousarray(bands[::rise]),
                       cv2.getStructuringElement(cv2.MORPH_RECT, (RULING_GAP, 1)))
    # A closing by RULING_GAP and an opening by ``length`` leave something exactly when
    # the erosion by both at once does.
    runs = cv2.erode(bands, cv2.getStructuringElement(cv2.MORPH_RECT,
                                                      (RULING_GAP + length - 1, 1)))
    return bool(cv2.countNonZero(runs))


def _cluster(values: list[int], tolerance: int) -> list[int]:
    """Merge sorted positions closer than ``tolerance`` into their mean.

    Example:
        >>> _cluster([10, 12, 50, 51, 53, 90], 5)
        [11, 51, 90]
    """
    groups: list[list[int]] = []
    for value in sorted(values):
        if groups and value - groups[-1][-1] <= tolerance:
            groups[-1].append(value)
        else:
            groups.append([value])
    return [round(sum(g) / len(g)) for g in groups]


def _nearest(edges: list[int], value: int) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - value))


def _cells_in_table(lines: np.ndarray, table: Box, page_width: int) -> Grid | None:
    """The regions enclosed by the ruling lines of one table, placed on a grid."""
    import cv2

    from thaireports.ingest.geometry import label_components

    sub = lines[table.top:table.bottom, table.left:table.right]
    # Thicken lines a little so that a one-pixel gap does not join two cells.
    sub = cv2.dilate(sub, np.ones((3, 3), np.uint8))
    paper = cv2.bitwise_not(sub)
    count, _, stats, _ = label_components(paper, connectivity=4)
    min_side = max(6, round(page_width * MIN_CELL))
    h, w = sub.shape
    regions = []
    for i in range(1, count):
        x, y, bw, bh, area = stats[i]
        if bw < min_side or bh < min_side:
            continue
        # The outside of the table touches the crop's border: not a cell.
        if x == 0 or y == 0 or x + bw >= w or y + bh >= h:
            continue
        # A cell is a near-rectangle; an L-shaped region means a broken line.
        if area < 0.6 * bw * bh:
            continue
        regions.append(Box(int(table.left + x), int(table.top + y), int(table.left + x + bw), int(table.top + y + bh)))
    if not regions:
        return None
    tolerance = max(4, round(page_width * EDGE_TOLERANCE))
    row_edges = _cluster([r.top for r in regions] + [r.bottom for r in regions], tolerance)
    col_edges = _cluster([r.left for r in regions] + [r.right for r in regions], tolerance)
    cells = []
    for region in sorted(regions, key=lambda r: (r.top, r.left)):
        top, bottom = _nearest(row_edges, region.top), _nearest(row_edges, region.bottom)
        left, right = _nearest(col_edges, region.left), _nearest(col_edges, region.right)
        cells.append(Cell(region, row=top, col=left, row_span=max(1, bottom - top),
                          col_span=max(1, right - left)))
    # Edges are shared (a cell's bottom is the next one's top, plus the line width), so
    # rows are the distinct starting edges.
    row_starts = sorted({c.row for c in cells})
    col_starts = sorted({c.col for c in cells})
    row_index = {r: i for i, r in enumerate(row_starts)}
    col_index = {c: i for i, c in enumerate(col_starts)}
    placed = []
    for cell in cells:
        r0, c0 = row_index[cell.row], col_index[cell.col]
        r1 = sum(1 for r in row_starts if cell.row <= r < cell.row + cell.row_span)
        c1 = sum(1 for c in col_starts if cell.col <= c < cell.col + cell.col_span)
        placed.append(Cell(cell.box, r0, c0, max(1, r1), max(1, c1)))
    return Grid(box=table, n_rows=len(row_starts), n_cols=len(col_starts), cells=placed)


def component_boxes(mask: np.ndarray) -> list[tuple[int, int, int, int]]:
    """The bounding box (x, y, width, height) of every 8-connected component of a mask.

    The outer borders of the components (``cv2.findContours``, two-level hierarchy: a
    component inside another's hole is still an outer border) give the same boxes as
    ``cv2.connectedComponentsWithStats``, without labelling every pixel of the page: on a
    page of ruling lines that is 0.7 ms instead of 15.

    Example:
        >>> mask = np.zeros((20, 20), np.uint8)
        >>> mask[2:18, 2] = mask[2:18, 17] = mask[2, 2:18] = mask[17, 2:18] = mask[9, 9] = 255
        >>> sorted(component_boxes(mask))
        [(2, 2, 16, 16), (9, 9, 1, 1)]
    """
    import cv2

    contours, hierarchy = cv2.findContours(mask, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return []
    return [cv2.boundingRect(contour) for contour, (_, _, _, parent) in zip(contours, hierarchy[0])
            if parent < 0]


PAPER_EDGE = 0.015  # share of the page's short side along each edge where nothing is printed
#                     (printers leave 4-5 mm, 2% of A4's width): a ruling there is the paper's
#                     edge, a copier lid's black border or a scanner's shadow


def drop_paper_edge(lines: np.ndarray) -> np.ndarray:
    """The ruling mask without the lines that reach into the page's unprinted edge band.

    An open copier lid prints a black border round the page, which is a ruled box round
    everything: read as a table it made the whole page one giant cell. No printed table
    reaches the paper's edge, so a connected run of rulings that does is the edge.

    Example:
        >>> import numpy as np
        >>> mask = np.zeros((400, 300), np.uint8)
        >>> mask[:4, :] = mask[-4:, :] = mask[:, :4] = mask[:, -4:] = 255  # a frame round the page
        >>> mask[100:103, 50:250] = 255  # a ruling of a table
        >>> kept = drop_paper_edge(mask)
        >>> int(kept[:4].sum()), int(kept[100:103].sum() // 255)
        (0, 600)
    """
    import cv2

    from thaireports.ingest.geometry import label_components

    h, w = lines.shape
    band = max(1, round(PAPER_EDGE * min(h, w)))
    if not (lines[:band].any() or lines[h - band:].any() or lines[:, :band].any()
            or lines[:, w - band:].any()):
        return lines  # nothing reaches the edge: no labelling needed (most pages)
    count, labels, stats, _ = label_components(lines, 8)
    left, top = stats[:, cv2.CC_STAT_LEFT], stats[:, cv2.CC_STAT_TOP]
    right = left + stats[:, cv2.CC_STAT_WIDTH]
    bottom = top + stats[:, cv2.CC_STAT_HEIGHT]
    edge = (left < band) | (top < band) | (right > w - band) | (bottom > h - band)
    edge[0] = False  # the background
    if not edge.any():
        return lines
    out = lines.copy()
    out[edge[labels]] = 0
    return out


def outline_fills(lines: np.ndarray) -> np.ndarray:
    """The ruling mask with each shaded fill (a cell or row printed dark) cut down to its rim.

    A dark fill passes both ruling searches as one wide, tall 'line', and the cells under it
    disappear into it. No ruling is ``FILL_THICKNESS`` thick both ways, so the ink that is
    (the mask's erosion by that square) is a fill's inside, with holes where its light letters
    are. Each fill is taken as the box round its inside, grown back by the erosion: the mask
    is cleared in the box but for a rim, which is then the ruling of the cell under it, and
    the cell's inside is read (``ocr._cell_crop`` turns its light letters dark).

    Example:
        >>> mask = np.zeros((100, 200), np.uint8)
        >>> mask[10:12, :] = mask[60:62, :] = 255  # two rulings
        >>> mask[20:50, 20:180] = 255  # a filled band ...
        >>> mask[30:40, 50:60] = 0  # ... with a light letter in it
        >>> out = outline_fills(mask)
        >>> int(out[11].sum() // 255), int(out[35, 30:170].sum()), int(out[20, 30:170].sum() // 255)
        (200, 0, 140)
    """
    import cv2

    side = max(3, round(FILL_THICKNESS * lines.shape[1]))
    inside = cv2.erode(lines, np.ones((side, side), np.uint8))
    if not inside.any():
        return lines
    out = lines.copy()
    grow = side // 2
    h, w = lines.shape
    for x, y, bw, bh in component_boxes(inside):
        left, top = max(0, x - grow), max(0, y - grow)
        right, bottom = min(w, x + bw + grow), min(h, y + bh + grow)
        out[top + FILL_RIM:bottom - FILL_RIM, left + FILL_RIM:right - FILL_RIM] = 0
    return out


def find_grids(gray: np.ndarray) -> list[Grid]:
    """Ruled tables of a deskewed page, top to bottom.

    Args:
        gray: the page as a 2-D uint8 array (dark ink on light paper), already deskewed.

    Returns:
        One Grid per table with at least one enclosed cell, in page order.

    Example:
        A memo page with the 'ลำดับ | วิธีการ/ขั้นตอน | ผู้รับผิดชอบ' table gives one
        Grid whose ``shape()`` is ``(rows, 3)``.
    """
    return grids_and_lines(gray)[0]


def grids_and_lines(gray: np.ndarray,
                    ink: np.ndarray | None = None) -> tuple[list[Grid], np.ndarray | None]:
    """Ruled tables of a deskewed page and its ruling-line mask, from one pass.

    The OCR of a table page needs both (the mask erases line remnants from cell crops);
    computing them together binarizes and opens the page once instead of twice.

    Args:
        gray: the deskewed page.
        ink: ``ingest.deskew.binarize(gray)`` when the caller has it already.

    Returns:
        ``(grids, lines)``: the ruled tables and the mask of all ruling lines (255 on lines); ``lines`` is None
        when the page has no horizontal ruling at all (a prose page such as 'บันทึกข้อความ
        ... เรียน นายก'), which cannot enclose a cell, so the vertical search is skipped.
    """
    import cv2

    from thaireports.ingest.deskew import binarize

    ink = binarize(gray) if ink is None else ink
    horizontal = _horizontal_lines(ink)
    if not horizontal.any():
        return [], None
    lines = outline_fills(drop_paper_edge(cv2.bitwise_or(horizontal, _vertical_lines(ink))))
    page_h, page_w = gray.shape
    joined = cv2.dilate(lines, np.ones((5, 5), np.uint8))
    grids = []
    for x, y, bw, bh in component_boxes(joined):
        if bw < page_w * MIN_TABLE_WIDTH or bh < page_w * MIN_V_LINE:
            continue
        box = Box(int(max(0, x - 2)), int(max(0, y - 2)), int(min(page_w, x + bw + 2)), int(min(page_h, y + bh + 2)))
        grid = _cells_in_table(lines, box, page_w)
        if grid is not None:
            grids.append(grid)
    return sorted(grids, key=lambda g: (g.box.top, g.box.left)), lines
