"""Digital PDFs rendered from the samples (tests/fixtures/render.py): text CER against the truth,
table grids, tables joined over page breaks; encrypted/corrupt PDFs; the per-page OCR choice."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from rapidfuzz.distance import Levenshtein

from thaireports import ingest
from thaireports.ingest.errors import CorruptFileError, EncryptedPdfError
from thaireports.ingest.pdf import continues, join_cell_lines, text_layer_problem
from tests.fixtures.render import render_pdf

WHITESPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    return WHITESPACE.sub("", text)


def cer(truth: str, got: str) -> float:
    """Character error rate with whitespace ignored."""
    return Levenshtein.normalized_distance(squash(truth), squash(got))


def grid(header: list[str], rows: list[list[str]]) -> tuple:
    return tuple(squash(c) for c in header), tuple(tuple(squash(c) for c in r) for r in rows)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, sample_paths) -> dict:
    out = tmp_path_factory.mktemp("pdf")
    result = {}
    for key, path in sample_paths.items():
        truth = render_pdf(path, out / f"{key}.pdf")
        result[key] = (truth, ingest.read(truth.pdf))
    return result


@pytest.mark.parametrize("key", ["000", "002", "004"])
def test_digital_pdf_text_cer(rendered, key: str) -> None:
    truth, doc = rendered[key]
    assert doc.source.media_type == "application/pdf"
    assert doc.source.text_source == "pdf-text" and doc.source.ocr is None
    assert len(doc.pages) == len(truth.pages) > 1
    for expected, page in zip(truth.pages, doc.pages):
        assert page.text_source == "pdf-text"
        assert cer(expected, page.text) <= 0.01, page.number
    assert cer(truth.text, doc.text) <= 0.01


@pytest.mark.parametrize("key", ["000", "002", "004"])
def test_digital_pdf_text_is_repaired(rendered, key: str) -> None:
    _truth, doc = rendered[key]
    text = doc.text
    assert not re.search(r"[\ue000-\uf8ff]", text), "PUA tone marks repaired"
    assert "\u0e4d\u0e32" not in text, "ํ + า written as ำ"
    assert not re.search(r"[๐-๙]", text), "Thai digits normalized"
    assert all(p.confidence >= 0.85 for p in doc.pages if p.text)


@pytest.mark.parametrize("key", ["000", "002", "004"])
def test_digital_pdf_table_grids(rendered, key: str) -> None:
    truth, doc = rendered[key]
    assert [grid(t.header, t.rows) for t in doc.tables] == \
        [grid(t.header, t.rows) for t in truth.tables]
    # Each table starts on the page where the truth says it starts.
    assert [t.page for t in doc.tables] == [t.pages[0] for t in truth.tables]


def test_tables_cross_page_breaks(rendered) -> None:
    truth, doc = rendered["004"]
    # The renders do split tables over pages (else the join would not be tested).
    assert any(len(t.pages) > 1 for t in truth.tables)
    assert len(doc.tables) == len(truth.tables)


def test_table_offsets_point_into_page_text(rendered) -> None:
    _truth, doc = rendered["004"]
    for table in doc.tables:
        text = doc.pages[table.page - 1].text
        assert squash(text[table.offset:]).startswith(squash(table.header[0]))


def test_without_repeated_header(tmp_path, sample_paths) -> None:
    truth = render_pdf(sample_paths["004"], tmp_path / "004.pdf", repeat_header=False)
    doc = ingest.read(truth.pdf)
    assert [grid(t.header, t.rows) for t in doc.tables] == \
        [grid(t.header, t.rows) for t in truth.tables]


def test_markdown_of_a_pdf(rendered) -> None:
    _truth, doc = rendered["000"]
    markdown = doc.to_markdown()
    assert markdown.count("## Page ") == len(doc.pages)
    assert "| ลำดับ | วิธีการ/ขั้นตอน | ผู้รับผิดชอบ |" in markdown


@pytest.mark.parametrize("text,expected", [
    # a wrap inside a Thai word or phrase: no space
    ("ผู้รับผิดชอ\r\nบ", "ผู้รับผิดชอบ"),
    ("ประกาศเจตจำนงการ\r\nบริหารงานด้วย", "ประกาศเจตจำนงการบริหารงานด้วย"),
    # a wrap at a space keeps one space
    ("รายงานความก้าวหน้าและ \r\nสรุปผล", "รายงานความก้าวหน้าและ สรุปผล"),
    # next to digits or Latin: a space
    ("รอบ 6\r\nเดือน", "รอบ 6 เดือน"),
    ("ผ่าน\r\nWebsite", "ผ่าน Website"),
])
def test_join_cell_lines(text: str, expected: str) -> None:
    assert join_cell_lines(text) == expected


@pytest.mark.parametrize("text,problem", [
    ("", "no-text-layer"),
    ("  \n ", "no-text-layer"),
    ("มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ", None),
    # UTF-8 read as cp1252 (a ToUnicode-less font): mojibake, no Thai words
    ("à¸¡à¸²à¸•à¸£à¸à¸²à¸£à¸ªà¹ˆà¸‡à¹€à¸ªà¸£à¸´à¸¡", "broken-text-layer"),
    # only replacement characters
    ("\ufffd" * 40, "broken-text-layer"),
    # a ToUnicode map that sends า to ำ: words still mostly segment, the letter counts do not
    ("ตามเกณฑ์การประเมินคุณธรรมและความโปร่งใสการดำเนินงานของหน่วยงานภาครัฐ ประจำปีงบประมาณ "
     "พ.ศ. ๒๕๖๖ กำหนดตัวชี้วัดการป้องกันการทุจริต โดยให้ส่วนราชการมีมาตรการภายใน มาตรการเผยแพร่ข้อมูลต่อสาธารณะ"
     .replace("า", "ำ"),
     "broken-text-layer"),
])
def test_text_layer_problem(text: str, problem) -> None:
    assert text_layer_problem(text) == problem


def test_continues() -> None:
    header = ["มาตรการ", "ผู้รับผิดชอบ"]
    assert continues(ingest.Table(header=header, rows=[["ก", "ข"]]),
                     ingest.Table(header=["มาตรการ", "ผู้รับผิด ชอบ"], rows=[["ค", "ง"]]))
    assert not continues(ingest.Table(header=header, rows=[["ก", "ข"]]),
                         ingest.Table(header=["ลำดับ", "ระยะเวลา"], rows=[["1", "ง"]]))
    assert not continues(ingest.Table(header=header, rows=[["ก", "ข"]]),
                         ingest.Table(header=[], rows=[["ค", "ง", "จ"]]))


# --- files that cannot be read ----------------------------------------------------------------
def _fpdf(**encryption) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="ITA 2566")
    if encryption:
        pdf.set_encryption(**encryption)
    return bytes(pdf.output())


def test_encrypted_pdf(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    path.write_bytes(_fpdf(owner_password="owner", user_password="secret"))
    with pytest.raises(EncryptedPdfError) as info:
        ingest.read(path)
    assert "locked.pdf" in str(info.value) and "qpdf --decrypt" in str(info.value)
    assert info.value.exit_code == 3


@pytest.mark.parametrize("data", [
    b"%PDF-1.7\n1 0 obj garbage that is not a PDF\n",
    b"%PDF-1.4\n" + b"\x00" * 64,
])
def test_corrupt_pdf(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(data)
    with pytest.raises(CorruptFileError, match="broken.pdf"):
        ingest.read(path)


def test_pdf_named_txt_is_read_as_pdf(tmp_path: Path, rendered) -> None:
    truth, _ = rendered["000"]
    path = tmp_path / "memo.txt"
    path.write_bytes(truth.pdf.read_bytes())
    doc = ingest.read(path)
    assert doc.source.media_type == "application/pdf"
    assert doc.warnings[0].code == "mislabelled-file"
    assert cer(truth.text, doc.text) <= 0.01


# --- the per-page OCR decision ------------------------------------------------------------------
def _image_only_pdf(tmp_path: Path, truth_pdf: Path) -> Path:
    """Page 1 of a rendered PDF as a picture in a new PDF: no text layer at all."""
    import pypdfium2 as pdfium
    from fpdf import FPDF

    source = pdfium.PdfDocument(str(truth_pdf))
    image = source[0].render(scale=200 / 72).to_pil().convert("L")
    source.close()
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.image(buf, x=0, y=0, w=210, h=297)
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    return path


def test_image_only_page_with_ocr_never(tmp_path: Path, rendered) -> None:
    truth, _ = rendered["000"]
    doc = ingest.read(_image_only_pdf(tmp_path, truth.pdf), ocr="never")
    assert doc.pages[0].text == ""
    assert [w.code for w in doc.warnings] == ["ocr-skipped"]


def test_mixed_pdf_ocrs_only_the_scanned_page(tmp_path: Path, rendered) -> None:
    """The real OCR path (Tesseract, ~3 s): page 1 digital, page 2 a scan of it."""
    import pypdfium2 as pdfium

    truth, _ = rendered["000"]
    scan = pdfium.PdfDocument(str(_image_only_pdf(tmp_path, truth.pdf)))
    mixed = pdfium.PdfDocument(str(truth.pdf))
    keep = len(mixed)
    mixed.import_pages(scan, [0])
    for _ in range(keep - 1):  # keep digital page 1, then the scanned copy of it
        mixed.del_page(1)
    path = tmp_path / "mixed.pdf"
    mixed.save(str(path))
    mixed.close()
    scan.close()
    doc = ingest.read(path)
    assert [p.text_source for p in doc.pages] == ["pdf-text", "ocr"]
    assert doc.source.text_source == "ocr"
    assert doc.source.ocr is not None and doc.source.ocr.version
    assert [w.code for w in doc.warnings][:1] == ["page-ocr"]
    assert cer(truth.pages[0], doc.pages[0].text) <= 0.01
    assert cer(truth.pages[0], doc.pages[1].text) <= 0.1
    assert 0.0 < doc.pages[1].confidence <= 1.0


# --- image files --------------------------------------------------------------------------------
def _tiff_pages(tmp_path: Path, count: int) -> Path:
    from PIL import Image

    frames = [Image.new("L", (300, 400), 255) for _ in range(count)]
    path = tmp_path / "scan.tif"
    frames[0].save(path, save_all=True, append_images=frames[1:])
    return path


def test_multipage_tiff_frames_are_pages(tmp_path: Path) -> None:
    doc = ingest.read(_tiff_pages(tmp_path, 3), ocr="never")
    assert doc.source.media_type == "image/tiff"
    assert [p.number for p in doc.pages] == [1, 2, 3]
    assert {w.code for w in doc.warnings} == {"ocr-skipped"}


def test_decompression_bomb_is_refused(tmp_path: Path, monkeypatch) -> None:
    from thaireports.ingest import image
    from thaireports.ingest.errors import FileTooLargeError

    monkeypatch.setattr(image, "MAX_PIXELS", 1000)
    with pytest.raises(FileTooLargeError, match="scan.tif"):
        ingest.read(_tiff_pages(tmp_path, 1), ocr="never")


def test_corrupt_image(tmp_path: Path) -> None:
    path = tmp_path / "scan.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00garbage" * 20)
    with pytest.raises(CorruptFileError, match="scan.png"):
        ingest.read(path, ocr="never")


def test_reflow_joins_wrapped_prose_lines() -> None:
    from thaireports.ingest.pdf import TextLine, reflow

    lines = [
        TextLine("บันทึกข้อความ", 250, 40, 340, 60, 58),
        # a memo field line that happens to reach the right edge
        TextLine("ส่วนราชการ สำนักปลัด องค์การบริหารส่วนตำบลเหล โทร.๐ ๗๖๔๕ ๕๗๖๖", 60, 62, 535, 80, 78),
        TextLine("ที่ พง ๗๕๕๐๑/", 60, 82, 200, 100, 98),
        # a paragraph wrapped inside the name บึงนคร
        TextLine("เพื่อให้การปฏิบัติงานของเจ้าหน้าที่ในองค์การบริหารส่วนตำบลบึง", 60, 102, 530, 120, 118),
        TextLine("นคร อำเภอธวัชบุรี จังหวัดร้อยเอ็ด", 60, 122, 300, 140, 138),
        # a list item starts its own line
        TextLine("๑. กำหนดบทบาทหน้าที่ของผู้บริหารทุกระดับ", 60, 142, 420, 160, 158),
    ]
    assert reflow(lines).split("\n") == [
        "บันทึกข้อความ",
        "ส่วนราชการ สำนักปลัด องค์การบริหารส่วนตำบลเหล โทร.๐ ๗๖๔๕ ๕๗๖๖",
        "ที่ พง ๗๕๕๐๑/",
        "เพื่อให้การปฏิบัติงานของเจ้าหน้าที่ในองค์การบริหารส่วนตำบลบึงนคร อำเภอธวัชบุรี จังหวัดร้อยเอ็ด",
        "๑. กำหนดบทบาทหน้าที่ของผู้บริหารทุกระดับ",
    ]


def test_reflow_follows_a_numbered_items_own_margin() -> None:
    """Items of a list wrap back under their text (a hanging indent), not to the page margin;
    a paragraph's first-line indent and a centred signature block are not such margins."""
    from thaireports.ingest.pdf import TextLine, reflow

    lines = [
        TextLine("ตามแผนปฏิบัติการของเทศบาลตำบลบ้านแพ้ว ประจำปีงบประมาณ พ.ศ. ๒๕๖๗ มีมาตรการ", 86, 40, 536, 58, 56),
        TextLine("ดังนี้", 86, 61, 130, 79, 77),
        TextLine("1) มาตรการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิ", 157, 82, 517, 100, 98),
        TextLine("ชอบ", 114, 103, 142, 121, 119),
        TextLine("(1) กำหนดช่องทางการรับเรื่องร้องเรียน ได้แก่ ตู้รับเรื่องร้อง", 157, 124, 528, 142, 140),
        TextLine("เรียนหน้าสำนักงาน โทรศัพท์ และเว็บไซต์ของเทศบาล", 115, 145, 440, 163, 161),
        # the next paragraph, after a line that ends at the right edge, starts indented
        TextLine("ทั้งนี้ ให้ทุกกองรายงานผลการดำเนินงานต่อนายกเทศมนตรีภายในวันที่", 86, 166, 536, 184, 182),
        TextLine("ยี่สิบของทุกเดือน", 157, 187, 260, 205, 203),
        # a heading at the paragraph indent, then a paragraph whose first line starts there too
        TextLine("มาตรการที่ ๒ การใช้งบประมาณอย่างคุ้มค่าและโปร่งใส", 157, 208, 504, 226, 224),
        TextLine("กองคลังได้ควบคุมการเบิกจ่ายงบประมาณให้เป็นไปตาม", 157, 229, 506, 247, 245),
        TextLine("แผนการใช้จ่ายเงิน", 86, 250, 200, 268, 266),
        # a signature block: centred lines, one ending near the right edge
        TextLine("(นางสาวกมลชนก ศรีสุวรรณ)", 328, 290, 451, 308, 306),
        TextLine("นิติกรชำนาญการ", 300, 311, 420, 329, 327),
    ]
    assert reflow(lines).split("\n") == [
        "ตามแผนปฏิบัติการของเทศบาลตำบลบ้านแพ้ว ประจำปีงบประมาณ พ.ศ. ๒๕๖๗ มีมาตรการดังนี้",
        "1) มาตรการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
        "(1) กำหนดช่องทางการรับเรื่องร้องเรียน ได้แก่ ตู้รับเรื่องร้องเรียนหน้าสำนักงาน โทรศัพท์ และเว็บไซต์ของเทศบาล",
        "ทั้งนี้ ให้ทุกกองรายงานผลการดำเนินงานต่อนายกเทศมนตรีภายในวันที่",
        "ยี่สิบของทุกเดือน",
        "มาตรการที่ ๒ การใช้งบประมาณอย่างคุ้มค่าและโปร่งใส",
        "กองคลังได้ควบคุมการเบิกจ่ายงบประมาณให้เป็นไปตามแผนการใช้จ่ายเงิน",
        "(นางสาวกมลชนก ศรีสุวรรณ)",
        "นิติกรชำนาญการ",
    ]


def test_pdf_prose_is_reflowed(rendered) -> None:
    _truth, doc = rendered["004"]
    assert "องค์การบริหารส่วนตำบลบึงนคร อำเภอธวัชบุรี จังหวัดร้อยเอ็ด" in doc.text
    assert "\nมาตรการตรวจสอบการใช้ดุลพินิจ\n1. กำหนดบทบาทหน้าที่" in doc.text


def test_rotated_page_displayed_upright(tmp_path: Path, rendered) -> None:
    """A landscape MediaBox with /Rotate 90 and content drawn turned, as scanners and some
    writers make them: pdfplumber's boxes (displayed page) must pick pdfium's characters."""
    import pypdfium2 as pdfium

    truth, doc = rendered["000"]
    number = truth.tables[0].pages[0]
    source = pdfium.PdfDocument(str(truth.pdf))
    width, height = source[number - 1].get_size()
    target = pdfium.PdfDocument.new()
    content = source.page_as_xobject(number - 1, target).as_pageobject()
    content.transform(pdfium.PdfMatrix().rotate(90, ccw=True).translate(height, 0))
    page = target.new_page(height, width)
    page.insert_obj(content)
    page.gen_content()
    page.set_rotation(90)
    path = tmp_path / "rotated.pdf"
    target.save(str(path))
    rotated = ingest.read(path, ocr="never")
    assert cer(doc.pages[number - 1].text, rotated.pages[0].text) <= 0.02
    original = [t for t in doc.tables if t.page == number][0]
    assert len(rotated.tables) == 1
    assert rotated.tables[0].header == original.header
    # pdfminer drops two ruling lines of the last row inside the turned form XObject (that row
    # comes back as one merged cell), so only the rows with all their lines are compared.
    assert rotated.tables[0].rows[:2] == original.rows[:2]
