"""Straighten a scanned page before tables are found and text is read.

The angle is the one that makes the page's horizontal structure sharpest: rotate a small
binarized copy through candidate angles and keep the one whose row-sum profile has the most
variance (text lines and ruling lines then fall on as few rows as possible). This is the
classic projection-profile method (Postl 1986; also Leptonica's ``pixFindSkew``); it needs no
ruling lines, so memo pages without tables straighten as well as table pages.
"""
from __future__ import annotations

import numpy as np

MAX_ANGLE = 5.0  # scanner feeds rarely skew more; beyond this, leave the page alone
WORK_WIDTH = 600  # px: the small copy the search runs on (fast, still precise to ~0.1°)
COARSE_WIDTH = 300  # px: the copy the first, 0.5° stage runs on (see ``estimate_angle``)
ROTATE_MIN = 0.01  # deg: a smaller angle leaves the page as it is (``rotate``)


def binarize(gray: np.ndarray) -> np.ndarray:
    """Ink as 255, paper as 0 (Otsu on a lightly denoised copy)."""
    import cv2

    blurred = cv2.medianBlur(gray, 3)
    _, ink = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return ink


def _profile_score(ink: np.ndarray, angle: float) -> float:
    import cv2

    h, w = ink.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    rotated = cv2.warpAffine(ink, matrix, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
    # Integer row sums (exact, as numpy's float64 sum of 0/255 values is): 20x faster.
    rows = cv2.reduce(rotated, 1, cv2.REDUCE_SUM, dtype=cv2.CV_32S).ravel().astype(np.float64)
    return float(np.var(np.diff(rows)))


def work_copy(gray: np.ndarray) -> np.ndarray:
    """The small grey copy (``WORK_WIDTH`` wide, area-averaged) of a page that the skew search
    runs on. An area-average downscale of a whole page costs 4-5 ms at 200 dpi whatever its
    size, so the other small copies of the same page (``lines_run_vertically``,
    ``geometry.find_page_quad``, ``geometry.flatten_lighting``, all smaller) are made from
    this one (~1 ms each) by a caller that has it."""
    import cv2

    h, w = gray.shape
    scale = min(1.0, WORK_WIDTH / w)
    return cv2.resize(gray, (max(1, round(w * scale)), max(1, round(h * scale))),
                      interpolation=cv2.INTER_AREA)


def work_ink(gray: np.ndarray, small: np.ndarray | None = None) -> np.ndarray:
    """The small binarized copy (``WORK_WIDTH`` wide) the skew search and the drift run on:
    made once by the caller that needs both (``estimate_angle``, ``line_drift``). ``small``
    is ``work_copy(gray)`` when the caller has it already."""
    return binarize(work_copy(gray) if small is None else small)


def estimate_angle(gray: np.ndarray, ink: np.ndarray | None = None) -> float:
    """Skew of a page in degrees (counter-clockwise positive, as ``cv2``/PIL rotate).

    Three stages, each around the best of the one before: every 0.5° up to ``MAX_ANGLE``,
    then every 0.1° and every 0.02° within a step of the last. The first stage only has to
    land within 0.5° of the peak, and a copy half as wide (``COARSE_WIDTH``) resolves that: a
    line across it climbs 2.6 px more at 0.5°, where the text lines of a page are 8-10 px
    apart. It runs on that copy, a quarter of the pixels (~6 ms less a page, of ~16). On the
    188 dev and held-out scan pages upright, every angle came out as on the full copy but on
    one page of noise with no text on it to align.

    Args:
        gray: the page as a 2-D uint8 array, dark ink on light paper.
        ink: ``work_ink(gray)`` when the caller has it already.

    Returns:
        The angle to rotate the page by to straighten it; 0.0 for a blank page.
    """
    import cv2

    ink = work_ink(gray) if ink is None else ink
    if ink.mean() < 0.5:  # blank page: nothing to align
        return 0.0
    h, w = ink.shape
    scale = min(1.0, COARSE_WIDTH / w)
    coarse = cv2.resize(ink, (max(1, round(w * scale)), max(1, round(h * scale))),
                        interpolation=cv2.INTER_AREA)
    best = float(max(np.arange(-MAX_ANGLE, MAX_ANGLE + 0.25, 0.5),
                     key=lambda angle: _profile_score(coarse, angle)))
    scores: dict[float, float] = {}  # each finer search repeats its centre and both ends

    def score(angle: float) -> float:
        key = round(float(angle), 9)
        if key not in scores:
            scores[key] = _profile_score(ink, angle)
        return scores[key]

    for step, span in ((0.1, 0.5), (0.02, 0.1)):
        candidates = np.arange(best - span, best + span + step / 2, step)
        best = float(max(candidates, key=score))
    return round(best, 2)


MAX_DRIFT = 0.8  # line pitches a text line may climb across the page's ink unrotated (below)
# Below this skew no line of text can climb MAX_DRIFT pitches: a 6.3-inch line at 0.6° rises
# 0.066 inch, 0.8 pitches only of lines set 0.083 inch (6 pt) apart, smaller than any print.
DRIFT_MIN_ANGLE = 0.6


def line_drift(gray: np.ndarray, angle: float, ink: np.ndarray | None = None) -> float:
    """How far a text line climbs across the page's ink at ``angle``, in line pitches.

    Tesseract finds skewed lines itself, until a line climbs most of a line pitch over its
    length: then its lines run into each other and it drops them. Measured (as this function
    measures) on a composed 16 pt memo and on a dev page with tighter lines: every line read
    up to 0.77 and 0.67 pitches (3.1° and 2.0°), lines lost from 0.86 and 1.04 pitches (2.5°
    and 3.5°: the angle alone does not tell); the dev scans reach 0.74 and read whole. The
    pitch is the period of the straightened row profile (its
    autocorrelation's first peak), the length the width of the ink; 0.0 on a blank page.
    ``ink`` is ``work_ink(gray)`` when the caller has it already.

    Example:
        >>> import numpy as np
        >>> page = np.full((400, 300), 255, np.uint8)
        >>> for y in range(40, 360, 24): page[y:y + 10, 30:270] = 0
        >>> round(line_drift(page, 4.0), 1)  # 240 px * tan 4° over a 24 px pitch
        0.7
    """
    import cv2

    ink = work_ink(gray) if ink is None else ink
    if ink.mean() < 0.5:
        return 0.0
    sh, sw = ink.shape
    matrix = cv2.getRotationMatrix2D((sw / 2, sh / 2), angle, 1.0)
    straight = cv2.warpAffine(ink, matrix, (sw, sh), flags=cv2.INTER_NEAREST, borderValue=0)
    rows = cv2.reduce(straight, 1, cv2.REDUCE_SUM, dtype=cv2.CV_32S).ravel().astype(np.float64)
    cols = cv2.reduce(straight, 0, cv2.REDUCE_SUM, dtype=cv2.CV_32S).ravel().astype(np.float64)
    rows -= rows.mean()
    corr = np.correlate(rows, rows, mode="full")[len(rows) - 1:]
    below = np.nonzero(corr < 0)[0]
    if not len(below) or corr[0] <= 0:
        return 0.0
    start = int(below[0])
    stop = min(len(corr), 4 * start + 2)  # the first peak lies within a few half-periods
    if stop <= start + 1:
        return 0.0
    pitch = start + int(np.argmax(corr[start:stop]))
    spread = np.cumsum(cols) / max(1.0, cols.sum())
    width = float(np.searchsorted(spread, 0.98) - np.searchsorted(spread, 0.02))
    return float(width * abs(np.tan(np.radians(angle))) / max(1, pitch))


SIDEWAYS_RATIO = 1.0  # column profile sharper than the row profile: the lines run down the page
SIDEWAYS_MARGIN = 0.05  # share of each side left out of the profiles (the paper's edge)
SIDEWAYS_STEP = 2.5  # deg: the coarse angles both profiles are scored at (pages skew up to 5°)
SIDEWAYS_WIDTH = 300  # px: the page's longer side for the profiles; lines of 16 pt text stay
#                       ~8 px apart, and the finer detail of a larger copy only adds noise


def lines_run_vertically(gray: np.ndarray, small: np.ndarray | None = None) -> bool:
    """Whether the page's text lines run down the page (a page fed a quarter turn).

    The projection profile of ``estimate_angle`` taken both ways: text lines make the row
    sums of an upright page sharp and its column sums smooth, and the other way round on a
    page turned by 90°. On 96 upright pages (the dev scans and photos, photocopies, pages
    turned 180°) the column/row score ratio was at most 0.37 but for one signature-only
    photocopy (7.5, which OSD then finds upright), and at least 6.7 on 32 pages turned a
    quarter, so the two sides of 1.0 are far apart. ~5 ms a page (~2 ms from ``small``, the
    page's ``work_copy``: the profiles' copy is made from it, not from the whole page, and a
    copy of a copy differs from a direct one by a grey level here and there, nothing next to
    that gap); Tesseract's orientation detection costs 0.5 s, a tenth of a page's reading,
    so it is asked only of pages this finds sideways.

    Example:
        >>> import numpy as np
        >>> page = np.full((400, 300), 255, np.uint8)
        >>> for y in range(40, 360, 24): page[y:y + 10, 30:270] = 0  # ten lines of 'text'
        >>> lines_run_vertically(page), lines_run_vertically(np.ascontiguousarray(page.T))
        (False, True)
    """
    import cv2

    gray = gray if small is None else small
    h, w = gray.shape
    # The page's edges are no text: a desk or shadow left along them after unwarping a
    # photo, a copier lid's border, make sharp column sums of their own.
    my, mx = round(SIDEWAYS_MARGIN * h), round(SIDEWAYS_MARGIN * w)
    gray = gray[my:h - my, mx:w - mx]
    h, w = gray.shape
    scale = min(1.0, SIDEWAYS_WIDTH / max(h, w))
    small = cv2.resize(gray, (max(1, round(w * scale)), max(1, round(h * scale))),
                       interpolation=cv2.INTER_AREA)
    ink = binarize(small)
    if ink.mean() < 0.5:  # blank page
        return False
    angles = np.arange(-MAX_ANGLE, MAX_ANGLE + SIDEWAYS_STEP / 2, SIDEWAYS_STEP)
    rows = max(_profile_score(ink, a) for a in angles)
    across = np.ascontiguousarray(ink.T)
    cols = max(_profile_score(across, a) for a in angles)
    return cols > SIDEWAYS_RATIO * rows


def rotate(gray: np.ndarray, angle: float, smooth: bool = True) -> np.ndarray:
    """Rotate a page about its centre, filling the corners with paper white.

    Bicubic (``smooth``) for a photo, whose glyphs were resampled once already (taken at
    ~150 dpi, unwarped, brought to 200 dpi): bilinear on top of that lost digits of the
    photos' years, read from the rotated page and from its table cells alike ('๒๕๖๕' as
    6565; the phone renders' record score fell from 0.906 to 0.880 and, cells alone, to
    0.891: ``bench/dev_eval.py --kinds phone``). Bilinear (``smooth=False``) costs a quarter
    of the time (7 ms against 27 on a 200 dpi page), and the cells of scanned tables, cut
    from that copy, read as well or better (table CER 0.018 / 0.017 against 0.026 / 0.019 on
    the office and signed scans, ``bench/ocr_quality.py --dev``)."""
    import cv2

    if abs(angle) < ROTATE_MIN:
        return gray
    h, w = gray.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, matrix, (w, h),
                          flags=cv2.INTER_CUBIC if smooth else cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=255)
