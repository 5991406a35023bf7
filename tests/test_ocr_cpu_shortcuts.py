"""The CPU shortcuts of the OCR path (issue 11) give what the plain computations give."""
from __future__ import annotations

import random

import numpy as np
import pytest

from thaireports.ingest import digits, quality


def _plain_shift(offsets, edits):
    """shift_offsets as first written: a pass over the edits per offset."""
    def delta_before(position):
        return sum(len(new) - (end - start) for start, end, new in edits if end <= position)

    out = []
    for offset in offsets:
        inside = [(s, e, n) for s, e, n in edits if s <= offset < e]
        if offset < 0:
            out.append(offset)
        elif inside:
            start, _, new = inside[0]
            out.append(start + min(offset - start, max(0, len(new) - 1)) + delta_before(start))
        else:
            out.append(offset + delta_before(offset))
    return out


def test_shift_offsets_matches_plain_pass():
    rng = random.Random(11)
    for _ in range(300):
        cuts = sorted(rng.sample(range(60), rng.randint(0, 10)))
        pairs = list(zip(cuts[::2], cuts[1::2]))
        edits = [(a, b, "๖" * rng.randint(0, 3)) for a, b in pairs]
        rng.shuffle(edits)
        offsets = [-1] + sorted(rng.sample(range(70), 20))
        assert digits.shift_offsets(offsets, edits) == _plain_shift(offsets, edits)


def test_shift_offsets_overlapping_edits_take_the_plain_pass():
    edits = [(2, 6, "x"), (4, 8, "yy")]
    offsets = [0, 3, 5, 7, 9]
    assert digits.shift_offsets(offsets, edits) == _plain_shift(offsets, edits)


TEXTS = [
    "ประกาศองค์การบริหารส่วนตำบลบึงนคร เรื่อง มาตรการส่งเสริมคุณธรรม",
    "ทบ แระ ลด กขค ฯลฯ ลม ๆ พ.ศ. ๒๕๖๕",
    "OIT 2564 ITA",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_one_tokenization_gives_both_scores(text):
    quality._shares.cache_clear()
    words = quality._dictionary()
    runs = " ".join(quality._THAI_RUN.findall(text))
    tokens = [t for t in quality._tokens(runs) if t.strip()] if runs else []
    letters = sum(len(t) for t in tokens)
    expected = (sum(len(t) for t in tokens if len(t) >= quality.LONG_WORD and t in words)
                / letters if letters else 0.0)
    assert quality.long_word_share(text) == expected
    # the memo path tokenizes run by run, without the shared cache
    assert quality.page_quality(text) == quality.page_quality(text, {})


def test_choose_font_matches_glyph_by_glyph_fit():
    fonts = digits.installed_fonts()
    if len(fonts) < 2:
        pytest.skip("one font or none installed: nothing to choose")
    height = 40.0
    glyph_list = [t.ink for t in digits.templates(fonts[-1])]

    def fit(font):
        return float(np.mean([digits.glyph_scores(g, height, font)[1].max()
                              for g in glyph_list]))

    assert digits.choose_font(glyph_list, height) == max(fonts, key=fit)


# --- 16-bit component labels -------------------------------------------------------------------

def test_16_bit_labels_are_the_32_bit_ones_on_a_page():
    import cv2

    from thaireports.ingest.deskew import binarize
    from thaireports.ingest.geometry import label_components
    from tests.fixtures.scans import degrade, draw_page, sign

    page = draw_page(["ตามเกณฑ์การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ "
                      "ปีงบประมาณ พ.ศ. ๒๕๖๒"] * 6).image
    ink = binarize(np.asarray(sign(degrade(page, seed=4), (900, 900, 1400, 1000))))
    for connectivity in (8, 4):
        count, labels, stats, centroids = label_components(ink, connectivity)
        want = cv2.connectedComponentsWithStats(ink, connectivity=connectivity)
        assert labels.dtype == np.uint16 and count == want[0] > 100
        assert np.array_equal(labels, want[1]) and np.array_equal(stats, want[2])
        assert np.allclose(centroids, want[3])


def test_more_labels_than_16_bits_fall_back_to_32():
    from thaireports.ingest.geometry import label_components

    specks = np.zeros((600, 600), np.uint8)
    specks[::2, ::2] = 255  # 90,000 lone pixels
    count, labels, stats, _ = label_components(specks)
    assert count == 90_001 and labels.dtype == np.int32 and labels.max() == 90_000


def test_page_buffers_stay_in_the_heap_on_glibc():
    # The project runs on glibc (Debian, as the README installs it): both options are taken.
    import platform

    from thaireports.ingest.ocr import keep_page_buffers

    assert platform.libc_ver()[0] == "glibc"
    assert keep_page_buffers() is True
