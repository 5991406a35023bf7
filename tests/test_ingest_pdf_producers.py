"""Digital PDFs from a producer that writes Thai one glyph at a time: Chrome's "Save as PDF"
(and Google Docs, both Skia), a common way memos and announcements are put online.

Skia draws each glyph as a text object of its own. The glyphs of a cluster share its text: the
base carries it, and marks either carry it again (the tone mark of ส่ reads "ส่" a second time,
so the layer says "ส่วส่") or carry nothing (ำ drawn as ํ + า, its า textless, so pdfium infers a
space in the gap: "สำ นัก"). What is printed is correct; ``ingest.pdf`` reads it once and
without the inferred spaces. The PDFs here are printed by a real Chromium, headless, in the
Thai fonts ``make system`` installs.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from thaireports import ingest
from thaireports.ingest.pdf import overdrawn_text

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

LINES = [
    "ส่วนราชการ สำนักปลัด องค์การบริหารส่วนตำบลหนองบัว อำเภอเมือง จังหวัดขอนแก่น",
    "ที่ ขก ๗๓๒๐๑/๒๕๖๗ วันที่ ๒๔ มิถุนายน ๒๕๖๗",
    "เรื่อง รายงานผลการดำเนินงานตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. ๒๕๖๗",
    "ตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล คะแนน ๙๑.๖๗ ผู้รับผิดชอบ กองคลัง และสำนักปลัด",
]


def _print_pdf(tmp_path: Path, font: str) -> Path:
    """``LINES`` as an HTML page in ``font``, printed to PDF by headless Chromium."""
    assert CHROMIUM, "chromium is not installed: make system (apt-get install chromium)"
    paragraphs = "".join(f"<p>{line}</p>" for line in LINES)
    page = tmp_path / f"{font}.html"
    page.write_text(f'<html><head><meta charset="utf-8"><style>body{{font-family:"{font}";'
                    f'font-size:16pt;width:16cm}}</style></head><body>{paragraphs}</body></html>',
                    encoding="utf-8")
    pdf = tmp_path / f"{font}.pdf"
    done = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                           "--disable-dev-shm-usage", "--no-first-run", "--no-pdf-header-footer",
                           f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={pdf}",
                           page.as_uri()], capture_output=True, text=True, timeout=120)
    assert pdf.is_file(), done.stderr[-1000:]
    return pdf


def _words(text: str) -> list[str]:
    from thaireports.normalize.text import normalize_text

    return normalize_text(text)[0].split()


@pytest.mark.parametrize("font", ["Laksaman", "Garuda", "Loma"])
def test_chromium_pdf_reads_as_printed(tmp_path: Path, font: str) -> None:
    pdf = _print_pdf(tmp_path, font)
    doc = ingest.read(pdf)
    assert [p.text_source for p in doc.pages] == ["pdf-text"]
    got = _words(doc.pages[0].text)
    # Lines wrap at the page width; a wrap inside Thai joins without a space, as printed.
    want = _words(" ".join(LINES))
    assert "".join(got) == "".join(want)  # every character once: no mark's cluster repeated
    joined = " ".join(got)
    assert all(word in joined for word in want), got  # no space inferred inside a word
    assert "สำนักปลัด" in got and "องค์การบริหารส่วนตำบลหนองบัว" in got


def test_chromium_layer_has_what_the_reader_repairs(tmp_path: Path) -> None:
    """The raw layer pdfium gives, before the repair: proof the producer does what the module
    docstring says, so the test above tests the repair."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(_print_pdf(tmp_path, "Laksaman")))
    try:
        page = document[0]
        textpage = page.get_textpage()
        raw = textpage.get_text_range()
        repeated, textless = overdrawn_text(page, textpage)
        textpage.close()
    finally:
        document.close()
    assert "สำ นัก" in raw  # the space pdfium infers where the textless า is drawn
    assert textless and repeated  # glyphs without text, and marks that repeat their cluster


def test_pages_of_text_runs_are_not_looked_into(tmp_path: Path) -> None:
    """A producer that writes runs of text (LibreOffice, Word) has few objects per character:
    the check costs one object count."""
    import pypdfium2 as pdfium
    from fpdf import FPDF

    from tests.fixtures.scans import font_path

    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.add_font("Laksaman", fname=str(font_path()))
    pdf.set_font("Laksaman", size=16)
    for line in LINES:
        pdf.multi_cell(170, 9, line)
    path = tmp_path / "runs.pdf"
    pdf.output(str(path))
    document = pdfium.PdfDocument(str(path))
    try:
        page = document[0]
        textpage = page.get_textpage()
        assert overdrawn_text(page, textpage) == ([], [])
        textpage.close()
    finally:
        document.close()
