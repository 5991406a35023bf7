"""The extractors' text helpers stay linear on hostile text (a page of unclosed tags)."""
from __future__ import annotations

import time

from thaireports.extractors.textutil import fold, squash


def test_unclosed_tags_are_linear() -> None:
    """Each unclosed '<p ' used to rescan the rest of the text: 64 KB took seconds. Doubling
    the input must about double the time, not quadruple it."""
    def cost(n: int) -> float:
        text = "<p มาตรการ " * n
        start = time.perf_counter()
        assert squash(text).count("มาตรการ") == n
        return time.perf_counter() - start

    small, large = min(cost(2000) for _ in range(3)), min(cost(8000) for _ in range(3))
    assert large < max(small * 12, 0.05)  # linear: ~4x; quadratic would be ~16x


def test_closed_tags_are_still_removed() -> None:
    assert fold("<p>มาตรการ</p><br/>ป้องกัน<span class='x'>การรับสินบน</span>") == \
        "มาตรการ ป้องกัน การรับสินบน"
    assert squash("a < b <td>ค่า</td>") == "a<bค่า"
