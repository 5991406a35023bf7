"""Searchable scans: a scanned page with another program's OCR laid over it as invisible text.

Offices run their scans through OCRmyPDF, Acrobat or the scanner's own OCR. That text layer
has no tables and its own Thai mark and digit errors, so ``ocr="auto"`` reads the scan again
(as ``ocrmypdf --redo-ocr`` does) and says why; ``ocr="never"`` keeps the layer. A digital page
with an image on it (a letterhead background, a see-through watermark) stays digital.

The searchable PDF is made by a real producer: Tesseract's own PDF renderer, which lays its
text over the page image in render mode 3 as OCRmyPDF does.
"""
from __future__ import annotations

import io
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from thaireports import ingest
from thaireports.ingest.pdf import scan_under_text
from tests.fixtures.scans import degrade, draw_page, font_path

MEMO = [
    "ที่ นม ๐๐๓๒/๒๕๖๗ วันที่ ๒๔ มิถุนายน ๒๕๖๗ เรื่อง รายงานผลการดำเนินการตามมาตรการ"
    "ส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. ๒๕๖๗",
    [["ลำดับ", "มาตรการ", "ระยะเวลา"],
     ["๑", "มาตรการป้องกันการรับสินบน", "ต.ค. ๒๕๖๖ - ก.ย. ๒๕๖๗"],
     ["๒", "มาตรการเผยแพร่ข้อมูลต่อสาธารณะ", "ม.ค. - มี.ค. ๒๕๖๗"]],
]


@pytest.fixture(scope="module")
def searchable(tmp_path_factory) -> tuple[Path, str]:
    """A one-page searchable scan made by ``tesseract IMAGE OUT pdf`` and the page's truth."""
    folder = tmp_path_factory.mktemp("searchable")
    page = draw_page(MEMO)
    scan = degrade(page.image, seed=3, angle=0.4)
    image = folder / "scan.png"
    scan.save(image, dpi=(200, 200))
    subprocess.run(["tesseract", str(image), str(folder / "scan"), "-l", "tha+eng", "pdf"],
                   check=True, capture_output=True, timeout=300)
    return folder / "scan.pdf", page.text


def _layer_text(path: Path) -> str:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        return document[0].get_textpage().get_text_range()
    finally:
        document.close()


def test_tesseract_pdf_is_a_scan_under_invisible_text(searchable) -> None:
    import pypdfium2 as pdfium

    path, _ = searchable
    assert len(_layer_text(path).split()) > 10  # the producer did lay a text layer
    document = pdfium.PdfDocument(str(path))
    try:
        image, hidden = scan_under_text(document[0])
        assert image is not None and hidden > 10
    finally:
        document.close()


def _squeezed(text: str) -> str:
    from thaireports.normalize.text import normalize_text

    return "".join(normalize_text(text)[0].split())


def _cer(truth: str, got: str) -> float:
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.normalized_distance(_squeezed(truth), _squeezed(got))


def test_auto_reads_the_scan_again_and_finds_its_table(searchable) -> None:
    path, truth = searchable
    doc = ingest.read(path)
    page = doc.pages[0]
    assert page.text_source == "ocr"
    warning = doc.warnings[0]
    assert warning.code == "page-ocr" and "invisible OCR text" in warning.message
    assert len(doc.tables) == 1 and len(doc.tables[0].rows) == 2  # the layer has no table
    assert _cer(truth, page.text) < 0.5 * _cer(truth, _layer_text(path))


def test_never_keeps_the_other_programs_layer(searchable) -> None:
    path, _ = searchable
    doc = ingest.read(path, ocr="never")
    assert doc.pages[0].text_source == "pdf-text"
    assert doc.pages[0].text.strip() and not doc.tables
    assert not any(w.code == "page-ocr" for w in doc.warnings)


# --- digital pages with an image on them stay digital -----------------------------------------

def _digital_with_image(tmp_path: Path, *, image_first: bool, alpha: bool) -> Path:
    """A Thai page typed with fpdf2 and a page-sized picture drawn before or after the text."""
    from fpdf import FPDF

    pixels = np.full((297, 210), 235, dtype=np.uint8)
    pixels[40:60, 20:190] = 120  # a band, as a letterhead or watermark has
    picture = Image.fromarray(pixels, "L")
    if alpha:
        picture = picture.convert("LA")
        picture.putalpha(Image.fromarray(np.full((297, 210), 60, dtype=np.uint8), "L"))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.add_font("Laksaman", fname=str(font_path()))
    pdf.set_font("Laksaman", size=16)
    if image_first:
        pdf.image(io.BytesIO(buffer.getvalue()), x=0, y=0, w=210, h=297)
    pdf.set_xy(25, 30)
    pdf.multi_cell(160, 9, "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ "
                           "พ.ศ. ๒๕๖๗ ขององค์การบริหารส่วนตำบลหนองบัว อำเภอเมือง จังหวัดขอนแก่น")
    if not image_first:
        pdf.image(io.BytesIO(buffer.getvalue()), x=0, y=0, w=210, h=297)
    path = tmp_path / "digital.pdf"
    pdf.output(str(path))
    return path


@pytest.mark.parametrize("image_first, alpha", [(True, False), (False, True)],
                         ids=["background-picture", "see-through-watermark"])
def test_digital_page_with_a_page_sized_picture_stays_digital(tmp_path: Path, image_first: bool,
                                                              alpha: bool) -> None:
    import pypdfium2 as pdfium

    path = _digital_with_image(tmp_path, image_first=image_first, alpha=alpha)
    document = pdfium.PdfDocument(str(path))
    try:
        assert scan_under_text(document[0]) == (None, 0)
    finally:
        document.close()
    doc = ingest.read(path)
    assert doc.pages[0].text_source == "pdf-text" and "หนองบัว" in doc.pages[0].text


def test_text_under_an_opaque_page_image_is_hidden(tmp_path: Path) -> None:
    """Text drawn first and then covered by an opaque page-sized image is not what the page
    shows: the page is the image (another way producers hide an OCR layer)."""
    import pypdfium2 as pdfium

    path = _digital_with_image(tmp_path, image_first=False, alpha=False)
    document = pdfium.PdfDocument(str(path))
    try:
        image, hidden = scan_under_text(document[0])
        assert image is not None and hidden >= 1
    finally:
        document.close()
