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
- ``turn``: quarter turns, for pages Tesseract's orientation detection found turned;
- ``mask_non_text``: stamps, signatures and emblems painted paper before Tesseract finds
  lines, by shape and stroke (a Hough ring and its lighter ink; loose strokes taller than a
  line; a large dense blob), printed glyphs beside or under them kept.
"""
from __future__ import annotations

import numpy as np

WORKING_DPI = 200  # what Tesseract's Thai model and the pixel constants of ingest/ are tuned for
A4_SHORT_SIDE = 1654  # an A4 page's width at 200 dpi, for images that carry no resolution
COLOUR_CHROMA = 60  # max - min channel above this is coloured ink (red/blue stamp, pen)
MIN_PAGE_SHARE = 0.45  # the page found in a photo covers at least this share of it
QUAD_WORK = 500  # px: the long side of the small copy the page is looked for in
BACKGROUND_WORK = 0.25  # the lighting is estimated on a copy this many times the size
EVEN_LIGHT = 6  # grey levels: paper brighter and darker than this apart is unevenly lit. A
#                scanner's lamp lights paper within 0-2 levels (the dev scans, 5-95th percentile
#                of the paper estimate); a photocopy's toner mottle and lid shadow spread it
#                7-22, enough to break a global Otsu threshold on faint toner (ink share 0.96
#                or 0.25 against 0.04-0.08), and a phone photo's light spreads it further.
MIN_PRINT_CONTRAST = 20  # grey levels: print less darker than its paper holds no lighter stamp
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


def shrink(gray: np.ndarray, scale: float, small: np.ndarray | None = None) -> np.ndarray:
    """An area-average copy of ``gray`` scaled by ``scale`` (< 1), made from ``small`` when
    the caller has a larger area-average copy of it (``deskew.work_copy``).

    The full-page downscale costs 4-5 ms at 200 dpi, one from the larger copy ~1 ms; the
    two differ by a grey level here and there (each averages the same pixels, rounded once
    or twice), which the page-wide estimates made from them (the paper's edge, its light)
    do not see.

    Example:
        >>> page = np.arange(40000, dtype=np.uint8).reshape(200, 200)
        >>> shrink(page, 0.25).shape, shrink(page, 0.25, shrink(page, 0.5)).shape
        ((50, 50), (50, 50))
    """
    import cv2

    h, w = gray.shape
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    if small is not None and small.shape[1] >= size[0] and small.shape[0] >= size[1]:
        gray = small
    return cv2.resize(gray, size, interpolation=cv2.INTER_AREA)


def find_page_quad(gray: np.ndarray, small: np.ndarray | None = None) -> np.ndarray | None:
    """The corners (tl, tr, br, bl) of the page in a photo of it on a darker desk.

    Each side of the page is a line fitted (robustly) to the points where the desk steps up
    to the paper; a side with no such step lies outside the picture, and the picture's edge
    stands in for it. Returns None when no side shows a desk (a scan) or the corners are
    implausible. ``small`` is a larger area-average copy of ``gray`` (``shrink``).
    """
    import cv2

    h, w = gray.shape
    scale = QUAD_WORK / max(h, w)
    paper = _paper(shrink(gray, scale, small))
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


def flatten_lighting(gray: np.ndarray, text_px: float = 0.0,
                     small: np.ndarray | None = None) -> np.ndarray:
    """Divide the page by its estimated paper brightness: shading and shadows become white.

    Args:
        gray: the page, dark ink on lighter paper.
        text_px: a rough glyph height in pixels (0: guessed from the page width).
        small: a larger area-average copy of ``gray`` (``shrink``), when the caller has one.
    """
    import cv2

    h, w = gray.shape
    small = shrink(gray, BACKGROUND_WORK, small)
    glyph = text_px * BACKGROUND_WORK if text_px > 0 else small.shape[1] / 40
    size = max(3, int(round(glyph * 2.5)) | 1)  # wider than any stroke cluster of a glyph
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size))
    background = cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel)
    # Two box blurs stand in for a Gaussian of ``size`` sigma: a box costs the same whatever
    # its width, where the Gaussian's kernel of 6 sigma cost 40 ms a page.
    box = (2 * size + 1, 2 * size + 1)
    background = cv2.blur(cv2.blur(background, box), box)
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


# --- what is not text: stamps, signatures, emblems ---------------------------------------------
#
# A signed and stamped memo carries ink that is no text: the round rubber stamp (often in a
# lighter ink than the print, unevenly pressed, so it binarizes into fragments), the signature
# above the name (loose cursive strokes taller than a text line), the Garuda emblem at the top
# (a large dense blob). Tesseract reads each as a line of garbage letters, and cuts the printed
# lines that run through them. Each is found by shape and stroke, in units of the page's text
# height, and only its own pixels are painted paper: printed glyphs beside or under it stay.

TALL_STROKE = 2.2  # text heights: a component this tall spans lines, which no glyph does
LOOSE_DENSITY = 0.25  # ink share of its box below which a tall component is strokes (cursive)
MIN_STROKE_WIDTH = 1.0  # text heights: narrower tall things are rules or brackets, kept
BLOB_SIZE = 3.0  # text heights (both sides): a dense component this large is a picture
BLOB_DENSITY = 0.3  # ink share of its box above which a large component is a blob
BLOB_SPREAD = 0.3  # text heights round a blob whose fragments (scan streaks) go with it
RING_RADII = (3.0, 12.0)  # text heights: the radius of a rubber stamp's ring
RING_WORK = 7.0  # px: the text height on the copy rings are looked for in (a quarter of 200 dpi)
RING_VOTES = 0.55  # share of a circle's circumference that must be on an edge (Hough, 'ALT')
STAMP_TONE = 0.35  # ink inside a ring lighter than this share of the way from the print's
#                   darkest ink to the paper is the stamp's (a lighter pad than the toner)
STAMP_FAINT = 0.12  # ... and any pixel this far below the paper is ink (painting paper grain
#                     inside a ring as paper does no harm)


def label_components(ink: np.ndarray, connectivity: int = 8):
    """``cv2.connectedComponentsWithStats(ink, connectivity)``, its labels 16-bit when they fit.

    The same labels and stats either way (the same algorithm, only the label image's type
    differs), in 40% of the time on a 200 dpi page (7 ms instead of 17): half the bytes to
    write per pixel. OpenCV refuses a count of labels that overflows 16 bits (a page of
    specks), and then the labels are 32-bit. An empty image (a crop that fell outside the
    page) has the background alone.

    Example:
        >>> ink = np.zeros((6, 9), np.uint8); ink[1:3, 1:3] = ink[4, 5:8] = 255
        >>> count, labels, stats, _ = label_components(ink)
        >>> count, labels.dtype.name, stats[1:, 4].tolist()
        (3, 'uint16', [4, 3])
    """
    import cv2

    if ink.size == 0:  # OpenCV crashes the process (SIGSEGV) on an empty image
        return (1, np.zeros(ink.shape, np.uint16), np.zeros((1, 5), np.int32),
                np.zeros((1, 2), np.float64))
    try:
        return cv2.connectedComponentsWithStatsWithAlgorithm(ink, connectivity, cv2.CV_16U,
                                                             cv2.CCL_DEFAULT)
    except cv2.error:  # more labels than 16 bits hold
        return cv2.connectedComponentsWithStats(ink, connectivity=connectivity)


def _components(ink: np.ndarray):
    return label_components((ink > 0).astype(np.uint8))


def loose_strokes(stats: np.ndarray, height: float) -> np.ndarray:
    """Labels of components drawn, not printed: taller than a line, sparse (a signature).

    Example:
        >>> stats = np.array([[0, 0, 99, 99, 0], [0, 0, 20, 30, 300], [0, 0, 90, 80, 900]])
        >>> loose_strokes(stats, 25.0).tolist()  # a glyph stays, a 90x80 scrawl goes
        [2]
    """
    w, h, area = stats[1:, 2], stats[1:, 3], stats[1:, 4]
    density = area / np.maximum(1, w * h)
    tall = (h >= TALL_STROKE * height) & (w >= MIN_STROKE_WIDTH * height)
    return np.nonzero(tall & (density < LOOSE_DENSITY))[0] + 1


def dense_blobs(stats: np.ndarray, height: float) -> np.ndarray:
    """Labels of large dense components (an emblem, a logo, a photo) and their fragments.

    Example:
        >>> stats = np.array([[0, 0, 999, 999, 0], [100, 10, 150, 120, 9000], [110, 125, 30, 5, 90],
        ...                   [100, 200, 20, 25, 250]])
        >>> dense_blobs(stats, 25.0).tolist()  # the blob and the streak under it, not the glyph
        [1, 2]
    """
    x, y, w, h, area = (stats[1:, k] for k in range(5))
    density = area / np.maximum(1, w * h)
    big = np.nonzero((w >= BLOB_SIZE * height) & (h >= BLOB_SIZE * height)
                     & (density >= BLOB_DENSITY))[0]
    out = set(int(i) + 1 for i in big)
    spread = BLOB_SPREAD * height
    for i in big:
        x0, y0 = x[i] - spread, y[i] - spread
        x1, y1 = x[i] + w[i] + spread, y[i] + h[i] + spread
        inside = (x >= x0) & (y >= y0) & (x + w <= x1) & (y + h <= y1)
        out.update(int(k) + 1 for k in np.nonzero(inside)[0])
    return np.array(sorted(out), dtype=np.int64)


def find_rings(gray: np.ndarray, height: float) -> list[tuple[float, float, float]]:
    """Circles of a rubber stamp's size on the page, as (x, y, radius) in pixels.

    OpenCV's gradient Hough transform (the 'ALT' variant, whose threshold is the share of
    the circumference found on edges) on a small copy (text ``RING_WORK`` px high): a ring is
    found even when it is pressed unevenly; glyphs are far smaller than the radii looked for.
    """
    import cv2

    if height <= 0:
        return []
    scale = RING_WORK / height  # the text height on the small copy: a ring stays ~15+ px
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (3, 3), 0.8)
    r0, r1 = (round(k * height * scale) for k in RING_RADII)
    circles = cv2.HoughCircles(small, cv2.HOUGH_GRADIENT_ALT, dp=1.5, minDist=r0 * 2,
                               param1=120, param2=RING_VOTES, minRadius=r0, maxRadius=r1)
    if circles is None:
        return []
    return [(float(cx) / scale, float(cy) / scale, float(r) / scale)
            for cx, cy, r in circles.reshape(-1, 3)]


def stamp_ink(gray: np.ndarray, ring: tuple[float, float, float], text_dark: float,
              paper: float) -> np.ndarray:
    """Pixels of a stamp's own ink inside (and on) its ring: ink lighter than print.

    Inside the ring, a pixel of ink (darker than the paper) that is no darker than
    ``STAMP_TONE`` of the way from the print's darkest to the paper, and lies away from any
    darker pixel, is the stamp's (its ring, its lettering). Printed glyphs and the signature,
    pressed in toner or pen, have dark cores; their soft rims lie next to them and stay.
    """
    import cv2

    cx, cy, r = ring
    h, w = gray.shape
    grow = 1.12  # the ring's own stroke lies a little outside the fitted circle
    x0, x1 = max(0, int(cx - grow * r)), min(w, int(cx + grow * r) + 1)
    y0, y1 = max(0, int(cy - grow * r)), min(h, int(cy + grow * r) + 1)
    mask = np.zeros((h, w), dtype=bool)
    if x1 <= x0 or y1 <= y0:
        return mask
    crop = gray[y0:y1, x0:x1]
    yy, xx = np.ogrid[y0:y1, x0:x1]
    disc = (xx - cx) ** 2 + (yy - cy) ** 2 <= (grow * r) ** 2
    faint = paper - STAMP_FAINT * (paper - text_dark)  # any ink, however light
    light = text_dark + STAMP_TONE * (paper - text_dark)
    core = (crop < light).astype(np.uint8)
    near_core = cv2.dilate(core, np.ones((5, 5), np.uint8)) > 0
    mask[y0:y1, x0:x1] = (crop < faint) & disc & ~near_core
    return mask


def may_hold_stamp(gray: np.ndarray, height: float, text_dark: float, paper: float) -> bool:
    """Whether the page has enough ink of a stamp's tone for a ring (``find_rings``) to find.

    A ring the Hough transform accepts shows on ``RING_VOTES`` of its circumference, and the
    smallest ring looked for (``RING_RADII``) is ``2 pi 3`` text heights round: a stamp's ring
    in its lighter ink leaves at least that many pixels of the tone ``stamp_ink`` paints. A
    page with fewer has no stamp to find (a page of print and pen has a few stray specks of
    that tone: JPEG ringing, dust), so the ring search (~15 ms) is skipped.

    Example:
        >>> page = np.full((400, 400), 240, np.uint8)
        >>> may_hold_stamp(page, 10.0, 30.0, 240.0)  # blank paper
        False
        >>> import cv2
        >>> _ = cv2.circle(page, (200, 200), 60, 150, 2)  # a light ring, 6 text heights
        >>> may_hold_stamp(page, 10.0, 30.0, 240.0)
        True
    """
    import math

    import cv2

    faint = paper - STAMP_FAINT * (paper - text_dark)
    light = text_dark + STAMP_TONE * (paper - text_dark)

    def below(level: float) -> np.ndarray:  # 255 where gray < level (grey levels are whole)
        return cv2.threshold(gray, math.ceil(level) - 1, 255, cv2.THRESH_BINARY_INV)[1]

    near_core = cv2.dilate(below(light), np.ones((5, 5), np.uint8))
    toned = cv2.subtract(below(faint), near_core)
    least = RING_VOTES * 2 * np.pi * RING_RADII[0] * height
    return cv2.countNonZero(toned) >= least


def ink_tones(gray: np.ndarray, ink: np.ndarray) -> tuple[float, float]:
    """(darkest print: the 10th percentile grey of ink pixels, paper: the median grey of the rest)."""
    sample_ink = gray[::3, ::3][ink[::3, ::3] > 0]
    sample_paper = gray[::7, ::7][ink[::7, ::7] == 0]
    dark = float(np.percentile(sample_ink, 10)) if sample_ink.size else 0.0
    paper = float(np.median(sample_paper)) if sample_paper.size else 255.0
    return dark, paper


def non_text_mask(gray: np.ndarray, ink: np.ndarray, height: float,
                  components: tuple | None = None) -> np.ndarray:
    """The pixels of stamps, signatures and emblems on a page (bool), to paint as paper.

    Args:
        gray: the page, dark ink on light paper.
        ink: ``ingest.deskew.binarize(gray)`` (ink 255).
        height: the height of a plain consonant, in pixels (0: too little text to tell).
        components: ``cv2.connectedComponentsWithStats(ink, 8)`` when the caller has it.
    """
    import cv2

    mask = np.zeros(gray.shape, dtype=bool)
    if height <= 0:
        return mask
    _, labels, stats, _ = components if components is not None else _components(ink)
    strokes, blobs = loose_strokes(stats, height), dense_blobs(stats, height)
    if strokes.size:
        # A signature that touches a printed glyph is one component with it: its pixels
        # among the printed glyphs stay, so the glyph does too. Round each signature, its
        # other pieces (a flourish, an underline, a dot) go with it, outside the print.
        # Everything happens inside the signatures' grown boxes, so the zone of the print is
        # drawn on their rows only.
        boxes = [_grown_box(stats[label], SIGNATURE_SPREAD * height, labels.shape)
                 for label in strokes]
        zone = text_zone(stats, height, labels.shape, rows=[rows for rows, _ in boxes])
        for label, (rows, cols) in zip(strokes, boxes):
            own = _own_box(stats[label])
            mask[own] |= (labels[own] == label) & ~zone[own]
            mask[rows, cols] |= (ink[rows, cols] > 0) & ~zone[rows, cols]
    for label in blobs:
        own = _own_box(stats[label])
        mask[own] |= labels[own] == label
    if not is_bitonal_gray(gray):  # a bitonal scan has no ink tones to tell a stamp by
        text_dark, paper = ink_tones(gray, ink)
        if paper - text_dark > MIN_PRINT_CONTRAST and may_hold_stamp(gray, height, text_dark, paper):
            for ring in find_rings(gray, height):
                mask |= stamp_ink(gray, ring, text_dark, paper)
    if mask.any():  # the blurred rim of each stroke goes too
        mask = _grown_by_one(mask)
    return mask


def _grown_by_one(mask: np.ndarray) -> np.ndarray:
    """``mask`` dilated by a 3x3 square, in the box round its pixels grown by one (nothing
    outside that box changes): a signature's box instead of the page, 2 ms less a page.

    Example:
        >>> mask = np.zeros((5, 6), bool); mask[0, 4] = True
        >>> _grown_by_one(mask).astype(int).tolist()[:2]
        [[0, 0, 0, 1, 1, 1], [0, 0, 0, 1, 1, 1]]
    """
    import cv2

    x, y, w, h = cv2.boundingRect(mask.view(np.uint8))
    rows = slice(max(0, y - 1), min(mask.shape[0], y + h + 1))
    cols = slice(max(0, x - 1), min(mask.shape[1], x + w + 1))
    out = np.zeros_like(mask)
    out[rows, cols] = cv2.dilate(mask[rows, cols].view(np.uint8), np.ones((3, 3), np.uint8)) > 0
    return out


SIGNATURE_SPREAD = 0.5  # text heights round a signature's box where its loose pieces lie


def _grown_box(stat: np.ndarray, grow: float, shape: tuple[int, int]) -> tuple[slice, slice]:
    """The rows and columns of a component's box grown by ``grow`` pixels on each side."""
    x, y, w, h = (int(v) for v in stat[:4])
    g = int(round(grow))
    return (slice(max(0, y - g), min(shape[0], y + h + g)),
            slice(max(0, x - g), min(shape[1], x + w + g)))


def _own_box(stat: np.ndarray) -> tuple[slice, slice]:
    """The rows and columns of a component's own box: all its pixels lie inside."""
    x, y, w, h = (int(v) for v in stat[:4])
    return slice(y, y + h), slice(x, x + w)


GLYPH_HEIGHTS = (0.5, 1.6)  # text heights: components of printed glyphs (consonants, vowels)
ZONE_ABOVE, ZONE_BELOW, ZONE_SIDE = 0.7, 0.4, 1.0  # text heights round a glyph: its marks,
#   and a neighbour glyph that a stroke touched (it is part of the stroke's component)


def text_zone(stats: np.ndarray, height: float, shape: tuple[int, int],
              rows: list[slice] | None = None) -> np.ndarray:
    """Where printed glyphs are (bool): each glyph-sized component's box, grown by the room
    its marks take above and below.

    Args:
        rows: the row ranges where the zone is wanted (None: the whole page); elsewhere it
            is left False. The zone is joined along each row on its own, so a row's value
            is the same either way.

    Example:
        >>> stats = np.array([[0, 0, 60, 60, 0], [20, 20, 10, 10, 60]])
        >>> zone = text_zone(stats, 10.0, (60, 60))
        >>> bool(zone[15, 25]), bool(zone[45, 25])  # a mark's place above it; far below
        (True, False)
        >>> bool(text_zone(stats, 10.0, (60, 60), rows=[slice(10, 20)])[15, 25])
        True
    """
    zone = np.zeros(shape, dtype=bool)
    x, y, w, h = (stats[1:, k] for k in range(4))
    glyph = ((h >= GLYPH_HEIGHTS[0] * height) & (h <= GLYPH_HEIGHTS[1] * height)
             & (w <= 2 * GLYPH_HEIGHTS[1] * height))
    chosen = np.nonzero(glyph)[0]
    # Each glyph's zone box, as ``int()`` cuts it (towards zero; negative starts become 0).
    x0 = np.maximum(0, np.trunc(x[chosen] - ZONE_SIDE * height)).astype(np.int64)
    y0 = np.maximum(0, np.trunc(y[chosen] - ZONE_ABOVE * height)).astype(np.int64)
    y1 = np.trunc(y[chosen] + h[chosen] + ZONE_BELOW * height).astype(np.int64) + 1
    x1 = np.trunc(x[chosen] + w[chosen] + ZONE_SIDE * height).astype(np.int64) + 1
    for top, bottom in _row_spans(rows, shape[0]):
        band = np.zeros((bottom - top, shape[1]), dtype=bool)
        for i in np.nonzero((y0 < bottom) & (y1 > top))[0]:
            band[max(0, y0[i] - top):y1[i] - top, x0[i]:x1[i]] = True
        zone[top:bottom] = close_along_lines(band, height)
    return zone


def _row_spans(rows: list[slice] | None, height: int) -> list[tuple[int, int]]:
    """Row ranges merged where they overlap or touch, as (top, bottom).

    Example:
        >>> _row_spans([slice(50, 60), slice(0, 10), slice(8, 20)], 100)
        [(0, 20), (50, 60)]
    """
    if rows is None:
        return [(0, height)] if height > 0 else []
    spans: list[tuple[int, int]] = []
    for top, bottom in sorted((max(0, r.start), min(height, r.stop)) for r in rows):
        if bottom <= top:
            continue
        if spans and top <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], bottom))
        else:
            spans.append((top, bottom))
    return spans


ZONE_JOIN = 12.0  # text heights: glyph zones of one line this close join (a scrawl that ran
#                   through the glyphs of a name made them part of its own component)


def close_along_lines(zone: np.ndarray, height: float) -> np.ndarray:
    """Join the zones of one printed line across gaps narrower than ``ZONE_JOIN`` heights.

    This is the closing by a ``1 x width`` row of ones (``cv2.morphologyEx``, its default
    borders), taken as two counts over that row: a pixel is near the zone when the window
    centred on it holds any of it (the dilation; outside the image is no zone), and in the
    closed zone when no window round it holds a pixel not near it (the erosion; outside is
    near). A box filter counts in the same time whatever the width, where the morphology's
    cost grows with it: 11 ms instead of 23 on the rows of a 200 dpi page (width ~290 px).

    Example:
        >>> zone = np.zeros((1, 12), bool); zone[0, [0, 4, 11]] = True
        >>> close_along_lines(zone, 0.0).astype(int).tolist()  # width 3: gaps of 2 join
        [[1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1]]
        >>> close_along_lines(zone, 0.5).astype(int).tolist()  # width 7: gaps of 6 join
        [[1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]]
    """
    width = max(3, int(ZONE_JOIN * height) | 1)
    ones = np.asarray(zone, dtype=bool).view(np.uint8)
    near = (_window_counts(ones, width) > 0).view(np.uint8)
    return _window_counts(1 - near, width) == 0


def _window_counts(ones: np.ndarray, width: int) -> np.ndarray:
    """For each pixel of a 0/1 image, the ones in the ``width`` (odd) pixels of its row
    centred on it; outside the image counts as 0."""
    import cv2

    half = width // 2
    padded = cv2.copyMakeBorder(ones, 0, 0, half, half, cv2.BORDER_CONSTANT, value=0)
    counts = cv2.boxFilter(padded, cv2.CV_16U, (width, 1), normalize=False)
    return counts[:, half:half + ones.shape[1]]


def is_bitonal_gray(gray: np.ndarray) -> bool:
    """A fax-like page: (nearly) every pixel pure black or pure white."""
    sample = gray[::7, ::7]
    return float(((sample == 0) | (sample == 255)).mean()) > 0.995


def mask_non_text(gray: np.ndarray, ink: np.ndarray, height: float,
                  components: tuple | None = None) -> tuple[np.ndarray, np.ndarray | None]:
    """The page with its stamps, signatures and emblems painted paper, and their mask.

    The paint is the page's paper grey, so no white patch frames where they were.

    Returns:
        ``(page, mask)``: ``page`` is ``gray`` itself and ``mask`` None when nothing was found.
    """
    mask = non_text_mask(gray, ink, height, components)
    if not mask.any():
        return gray, None
    out = gray.copy()
    paper = gray[::7, ::7][ink[::7, ::7] == 0]
    out[mask] = int(np.median(paper)) if paper.size else 255
    return out, mask
