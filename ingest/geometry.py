"""Page geometry and light for photographed and scanned pages: what Tesseract should see.

A phone photo of a memo is a page in perspective on a desk, lit unevenly, in colour; an office
scan is a straight page, maybe turned by 90° or 180°, maybe bitonal at 300 dpi. Each step here
turns one of these into the next thing, and each is cheap next to Tesseract:

- ``colour_to_gray``: colour to grey so that red and blue ink (stamps, signatures) drop out,
  as microfilm and form readers do with a "drop-out colour": per pixel the brightest channel
  where the pixel is clearly coloured, the luminance elsewhere;
- ``find_page_quad`` / ``unwarp``: the four corners of the bright page against a darker desk
  (largest bright region, its convex hull reduced to four corners) and the perspective
  transform that makes it a rectangle again (the usual document-scanner method);
- ``flatten_lighting``: the paper's brightness estimated by a grey closing much larger than a
  glyph (text vanishes, shading stays), and the page divided by it, so that a gradient or a
  soft shadow becomes white paper (background estimation and division, as in Leptonica's
  ``pixBackgroundNorm``);
- ``to_working_resolution``: a grey area-average downscale of fine scans to 200 dpi, which
  also turns the staircase edges of a bitonal scan into the grey edges the LSTM was trained on;
- ``turn``: quarter turns, for pages Tesseract's orientation detection found turned.
"""
from __future__ import annotations

import numpy as np

WORKING_DPI = 200  # what Tesseract's Thai model and the pixel constants of ingest/ are tuned for
A4_SHORT_SIDE = 1654  # an A4 page's width at 200 dpi, for images that carry no resolution
A4_RATIO = 297 / 210
COLOUR_CHROMA = 60  # max - min channel above this is coloured ink (red/blue stamp, pen)
MIN_PAGE_SHARE = 0.45  # the page found in a photo covers at least this share of it
QUAD_WORK = 500  # px: the long side of the small copy the page is looked for in
BACKGROUND_WORK = 0.25  # the lighting is estimated on a copy this many times the size
EVEN_LIGHT = 20  # grey levels: paper brighter and darker than this apart is unevenly lit
MIN_UPSCALE_DPI = 140  # photos coarser than this are too small to bring to 200 dpi well


def colour_to_gray(rgb: np.ndarray) -> np.ndarray:
    """Grey page from a colour one, coloured ink dropped out (it becomes paper-light).

    Example:
        >>> px = np.array([[[20, 20, 20], [200, 40, 40], [250, 245, 235]]], np.uint8)
        >>> colour_to_gray(px).tolist()  # black text stays, a red stamp goes, paper stays
        [[20, 200, 245]]
    """
    import cv2

    rgb = np.ascontiguousarray(rgb[..., :3])
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    high = rgb.max(axis=2)
    chroma = high.astype(np.int16) - rgb.min(axis=2)
    coloured = chroma > COLOUR_CHROMA
    gray[coloured] = high[coloured]
    return gray


def has_coloured_ink(rgb: np.ndarray) -> bool:
    """Whether a colour image holds real colour (not a grey scan saved as RGB)."""
    small = rgb[::8, ::8, :3].astype(np.int16)
    return float(((small.max(axis=2) - small.min(axis=2)) > COLOUR_CHROMA).mean()) > 0.0005


EDGE_SEARCH = 0.2  # share of the picture, from each side, where the page's edge is looked for
EDGE_STEP = 40  # grey levels from desk to paper (after the text is closed away) that make an edge
MIN_EDGE_SHARE = 0.2  # a side is fitted from edge points only if it has them along this share


def _paper(small: np.ndarray) -> np.ndarray:
    """A small copy with the text closed away: paper, shading and desk only."""
    import cv2

    return cv2.morphologyEx(small, cv2.MORPH_CLOSE, np.ones((15, 15), np.uint8))


def _edge_points(paper: np.ndarray, side: str) -> np.ndarray:
    """Points (x, y) where the desk steps up to the paper, scanning in from one side.

    A desk-to-paper edge is a sharp step of many grey levels; a soft shadow or a lighting
    gradient over the page is not, so it is never taken for the page's edge. Each row (for
    the left and right sides) or column (top, bottom) gives at most one point: the strongest
    step within the outer ``EDGE_SEARCH`` of the picture.
    """
    h, w = paper.shape
    view = {"left": paper, "right": paper[:, ::-1], "top": paper.T, "bottom": paper.T[:, ::-1]}[side]
    depth = max(3, int(view.shape[1] * EDGE_SEARCH))
    band = view[:, :depth].astype(np.int16)
    step = band[:, 3:] - band[:, :-3]  # brightening inwards over 3 px
    where = np.argmax(step, axis=1)
    strength = step[np.arange(len(step)), where]
    keep = strength >= EDGE_STEP
    along = np.nonzero(keep)[0]
    inward = where[keep] + 1.5
    if side == "left":
        return np.stack([inward, along], axis=1)
    if side == "right":
        return np.stack([w - 1 - inward, along], axis=1)
    if side == "top":
        return np.stack([along, inward], axis=1)
    return np.stack([along, h - 1 - inward], axis=1)


def _fit_line(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A robust line through points: (a point on it, its unit direction)."""
    import cv2

    vx, vy, x, y = cv2.fitLine(points.astype(np.float32), cv2.DIST_HUBER, 0, 0.01, 0.01).ravel()
    return np.array([x, y]), np.array([vx, vy])


def _intersect(a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    (p, r), (q, s) = a, b
    cross = r[0] * s[1] - r[1] * s[0]
    if abs(cross) < 1e-9:
        return p
    t = ((q - p)[0] * s[1] - (q - p)[1] * s[0]) / cross
    return p + t * r


def _side_line(paper: np.ndarray, side: str):
    """The page's edge on one side as a line, or None when that edge is outside the picture."""
    points = _edge_points(paper, side)
    length = paper.shape[0] if side in ("left", "right") else paper.shape[1]
    if len(points) < MIN_EDGE_SHARE * length:
        return None
    return _fit_line(points)


def find_page_quad(gray: np.ndarray) -> np.ndarray | None:
    """The corners (tl, tr, br, bl) of the page in a photo of it on a darker desk.

    Each side of the page is a line fitted (robustly) to the points where the desk steps up
    to the paper; a side with no such step lies outside the picture, and the picture's edge
    stands in for it. Returns None when no side shows a desk (a scan) or the corners are
    implausible.
    """
    import cv2

    h, w = gray.shape
    scale = QUAD_WORK / max(h, w)
    small = cv2.resize(gray, (max(1, round(w * scale)), max(1, round(h * scale))),
                       interpolation=cv2.INTER_AREA)
    paper = _paper(small)
    sh, sw = paper.shape
    frame = {"top": (np.array([0.0, 0.0]), np.array([1.0, 0.0])),
             "right": (np.array([sw - 1.0, 0.0]), np.array([0.0, 1.0])),
             "bottom": (np.array([0.0, sh - 1.0]), np.array([1.0, 0.0])),
             "left": (np.array([0.0, 0.0]), np.array([0.0, 1.0]))}
    lines = {side: _side_line(paper, side) for side in frame}
    if all(line is None for line in lines.values()):
        return None
    lines = {side: line if line is not None else frame[side] for side, line in lines.items()}
    corners = np.array([_intersect(lines["top"], lines["left"]),
                        _intersect(lines["top"], lines["right"]),
                        _intersect(lines["bottom"], lines["right"]),
                        _intersect(lines["bottom"], lines["left"])], dtype=np.float32)
    slack = 0.1 * max(sh, sw)  # a corner may lie a little outside the picture, not far
    if ((corners < -slack).any() or (corners[:, 0] > sw + slack).any()
            or (corners[:, 1] > sh + slack).any()):
        return None
    area = cv2.contourArea(corners.reshape(-1, 1, 2))
    if area < MIN_PAGE_SHARE * sh * sw:
        return None
    return corners / scale


def order_corners(points: np.ndarray) -> np.ndarray:
    """Four points as top-left, top-right, bottom-right, bottom-left.

    Example:
        >>> order_corners(np.array([[9, 9], [0, 0], [9, 0], [0, 9]], np.float32)).tolist()
        [[0.0, 0.0], [9.0, 0.0], [9.0, 9.0], [0.0, 9.0]]
    """
    sums = points.sum(axis=1)
    diffs = points[:, 1] - points[:, 0]
    return np.array([points[np.argmin(sums)], points[np.argmin(diffs)],
                     points[np.argmax(sums)], points[np.argmax(diffs)]], dtype=np.float32)


def _quad_size(corners: np.ndarray) -> tuple[int, int]:
    """Width and height of the rectangle a page quadrangle becomes (its mean side lengths)."""
    tl, tr, br, bl = corners
    width = (np.linalg.norm(tr - tl) + np.linalg.norm(br - bl)) / 2
    height = (np.linalg.norm(bl - tl) + np.linalg.norm(br - tr)) / 2
    return max(1, round(width)), max(1, round(height))


def unwarp(gray: np.ndarray, corners: np.ndarray, scale: float = 1.0) -> np.ndarray:
    """The page inside ``corners`` as an upright rectangle, scaled by ``scale``."""
    import cv2

    width, height = _quad_size(corners)
    width, height = round(width * scale), round(height * scale)
    target = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]],
                      dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(corners.astype(np.float32), target)
    return cv2.warpPerspective(gray, matrix, (width, height), flags=cv2.INTER_CUBIC,
                               borderMode=cv2.BORDER_REPLICATE)


def flatten_lighting(gray: np.ndarray, text_px: float = 0.0) -> np.ndarray:
    """Divide the page by its estimated paper brightness: shading and shadows become white.

    Args:
        gray: the page, dark ink on lighter paper.
        text_px: a rough glyph height in pixels (0: guessed from the page width).
    """
    import cv2

    h, w = gray.shape
    small = cv2.resize(gray, (max(1, round(w * BACKGROUND_WORK)), max(1, round(h * BACKGROUND_WORK))),
                       interpolation=cv2.INTER_AREA)
    glyph = text_px * BACKGROUND_WORK if text_px > 0 else small.shape[1] / 40
    size = max(3, int(round(glyph * 2.5)) | 1)  # wider than any stroke cluster of a glyph
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size))
    background = cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel)
    background = cv2.GaussianBlur(background, (0, 0), size)
    low, high = np.percentile(background, (5, 95))
    if high - low < EVEN_LIGHT:
        return gray  # evenly lit (a scanner's lamp): dividing would only stir up the noise
    background = cv2.resize(background, (w, h), interpolation=cv2.INTER_LINEAR)
    flat = cv2.divide(gray, np.maximum(background, 1), scale=255)
    return flat


def resolution(image) -> float | None:
    """The image's dpi tag, or None."""
    dpi = image.info.get("dpi")
    if dpi and dpi[0] and float(dpi[0]) > 1:
        return float(dpi[0])
    return None


def scale_to_working(width: int, height: int, dpi: float | None) -> float:
    """The factor that brings a page to 200 dpi: down for fine scans; up only for photos
    between 140 and 200 dpi (coarser ones are left alone); 1.0 within 25% of 200 dpi.

    Untagged images are taken to be A4 pages.

    Example:
        >>> scale_to_working(2480, 3508, 300.0)
        0.6666666666666666
        >>> scale_to_working(1654, 2339, 200.0)
        1.0
    """
    if dpi is None:
        dpi = min(width, height) / A4_SHORT_SIDE * WORKING_DPI
    if dpi > 1.25 * WORKING_DPI:
        return WORKING_DPI / dpi
    if MIN_UPSCALE_DPI <= dpi < 0.9 * WORKING_DPI:
        return WORKING_DPI / dpi
    return 1.0


def resize(gray: np.ndarray, scale: float) -> np.ndarray:
    """Area-average downscale (grey edges), cubic upscale."""
    import cv2

    if abs(scale - 1.0) < 1e-3:
        return gray
    h, w = gray.shape
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    return cv2.resize(gray, size, interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC)


def clear_border(gray: np.ndarray, share: float = 0.012) -> np.ndarray:
    """Paint a thin frame of the page white: what is left of the desk after unwarping
    (corners are found to a few pixels) would otherwise be read as a line of letters."""
    h, w = gray.shape
    band = max(1, round(share * min(h, w)))
    gray[:band, :] = gray[-band:, :] = 255
    gray[:, :band] = gray[:, -band:] = 255
    return gray


def turn(gray: np.ndarray, degrees: int) -> np.ndarray:
    """Rotate by a multiple of 90° counter-clockwise (Tesseract OSD's 'Rotate' is clockwise)."""
    k = (degrees // 90) % 4
    return np.ascontiguousarray(np.rot90(gray, k)) if k else gray
