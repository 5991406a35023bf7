"""Fuzzing the readers (issue 7; the normalizers' and the date parser's properties are in
tests/test_normalize_*properties.py). The text/markdown/HTML reader never raises on any text,
tables and page breaks included, and keeps every page's text inside the Document; byte sniffing
and decoding never raise on any bytes; ``ingest.read`` on any bytes either reads them or raises
an ``IngestError`` naming the file - never anything else."""
from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thaireports import ingest
from thaireports.ingest.errors import IngestError
from thaireports.ingest.sniff import decode_text_bytes, sniff_bytes
from thaireports.ingest.text import html_to_text, read_text

PROFILE = settings(max_examples=300, deadline=None,
                   suppress_health_check=[HealthCheck.too_slow])

# Pieces that steer the reader into its table, page-break and HTML paths: real phrases of the
# samples, cell separators, markup fragments (some broken), form feeds and page markers.
PIECES = st.sampled_from([
    "ลำดับ", "วิธีการ/ขั้นตอน", "ผู้รับผิดชอบ", "มาตรการตรวจสอบการใช้ดุลพินิจ", "สำนักปลัด",
    "ปีงบประมาณ พ.ศ. ๒๕๖๕", "1", "๒", "\t", "\t\t", "|", " | ", "|---|", "\n", "\n\n", "\f",
    "\r\n", "<p>", "</p>", "<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", "<th>",
    "<td rowspan=3>", "<td colspan=0>", "<td rowspan='x'>", "<br>", "<table", "<!--", "&amp;",
    "&#xE01;", "-- หน้า 2 --", "หน้า ๓", "- 4 -", "|:--|", "# หัวข้อ", "* ",
])
TEXTS = st.one_of(
    st.text(),
    st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=60).map("".join),
)


@PROFILE
@given(TEXTS)
def test_text_reader_never_raises_and_keeps_pages(text: str) -> None:
    for media_type in ("text/plain", "text/markdown"):
        doc = read_text(text, file="สุ่ม.txt", media_type=media_type)
        assert doc.source.pages == len(doc.pages) >= 1
        assert [p.number for p in doc.pages] == list(range(1, len(doc.pages) + 1))
        for table in doc.tables:
            assert 1 <= table.page <= len(doc.pages)


@PROFILE
@given(TEXTS)
def test_html_reader_never_raises(markup: str) -> None:
    text = html_to_text(markup)
    read_text(text, file="สุ่ม.html", media_type="text/html")


@PROFILE
@given(st.binary(max_size=512))
def test_sniffing_and_decoding_never_raise(data: bytes) -> None:
    assert isinstance(sniff_bytes(data), str)
    decoded = decode_text_bytes(data)
    assert decoded is None or isinstance(decoded[0], str)
    partial = decode_text_bytes(data, partial=True)
    assert partial is None or isinstance(partial[0], str)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(
    st.binary(max_size=512),
    TEXTS.map(lambda t: t.encode("utf-8")),
    st.sampled_from([b"%PDF-1.", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"GIF89a",
                     b"BM", b"RIFF\x00\x00\x00\x00WEBP", b"\xef\xbb\xbf", b"\xff\xfe"]).flatmap(
        lambda head: st.binary(max_size=256).map(lambda tail: head + tail)),
))
def test_any_bytes_are_read_or_refused_with_a_reason(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "สุ่ม.pdf"
        path.write_bytes(data)
        try:
            doc = ingest.read(path, ocr="never")
        except IngestError as exc:
            assert "สุ่ม.pdf" in str(exc) and exc.reason
        else:
            assert doc.source.pages == len(doc.pages)
