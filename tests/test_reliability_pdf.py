"""The PDF reader under hostile structure (issue 15, second wave), each PDF built here with pikepdf
from sample 000 rendered by ``tests/fixtures/render.py``:

- a text layer of glyph ids: the fonts' /ToUnicode maps removed (pdfium then gives the glyph
  ids as control characters and ASCII symbols), or replaced by maps into the Private Use Area,
  control characters, ASCII symbols or CJK. Each such page is found broken on its own, OCR'd
  like a scan with a ``page-ocr`` warning that says why, and never kept at confidence 1.0;
- a page of 200 x 200 inches (a 200 dpi render would be 1.6 Gpx, 4.8 GB): refused for OCR before
  rendering, with a ``page-too-large`` warning; a page too large only for 200 dpi is rendered at a
  lower dpi, with the same warning;
- a /Pages tree 2,000 levels deep: a one-line CorruptFileError (pdfium stops at 1,024 levels),
  no RecursionError and no traceback; 1,000 levels read as usual;
- 3,000 pages that each need OCR: OCR stops at the per-file limit (``THAIREPORTS_MAX_OCR_PAGES``)
  with one ``ocr-capped`` warning counting the pages left.

The CLI cases run ``thaireports read`` as a subprocess with an address-space cap.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zlib
from pathlib import Path

import pikepdf
import pytest

from thaireports import ingest
from thaireports.ingest import pdf as pdf_reader
from thaireports.ingest.errors import CorruptFileError, IngestError
from tests.fixtures.render import render_pdf

THAIREPORTS = Path(sys.executable).parent / "thaireports"
MEMORY_CAP = 1536 * 2**20


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, sample_paths):
    """Sample 000 as a digital PDF, and its truth."""
    return render_pdf(sample_paths["000"], tmp_path_factory.mktemp("pdf") / "000.pdf")


# --- building the PDFs ----------------------------------------------------------------------

def _cmap(pairs: list[tuple[int, int]]) -> bytes:
    body = "\n".join(f"<{glyph:04X}> <{code:04X}>" for glyph, code in pairs)
    return ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            "/CMapName /Garbage def 1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
            f"{len(pairs)} beginbfchar\n{body}\nendbfchar\n"
            "endcmap CMapName currentdict /CMap defineresource pop end end\n").encode()


# glyph id -> the code point a broken map sends it to
GARBAGE_MAPS = {
    "pua": lambda glyph: 0xE000 + glyph,          # Private Use Area
    "control": lambda glyph: 1 + glyph % 30,      # C0 control characters
    "symbols": lambda glyph: 0x21 + glyph % 94,   # glyph ids as printable ASCII
    "cjk": lambda glyph: 0x4E00 + glyph,          # a script no report is in
}


def with_tounicode(source: Path, out: Path, kind: str | None, pages: set[int] | None = None) -> Path:
    """The PDF with its fonts' ToUnicode maps removed (``kind=None``) or turned into garbage,
    on the given pages (1-based; all when None). Fonts are per page copies so that one page can
    be broken alone."""
    with pikepdf.open(source) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            if pages is not None and number not in pages:
                continue
            fonts = page.Resources.Font
            for name in list(fonts.keys()):
                font = fonts[name]
                copy = pikepdf.Dictionary({k: v for k, v in font.items()})
                if kind is None:
                    if "/ToUnicode" in copy:
                        del copy["/ToUnicode"]
                else:
                    text = font.ToUnicode.read_bytes().decode("latin-1")
                    glyphs = [int(g, 16) for g in re.findall(r"<([0-9A-Fa-f]{4})>\s*<[0-9A-Fa-f]+>", text)]
                    copy.ToUnicode = pdf.make_stream(_cmap([(g, GARBAGE_MAPS[kind](g)) for g in glyphs]))
                fonts[name] = pdf.make_indirect(copy)
        pdf.save(out)
    return out


def one_page(source: Path, out: Path, number: int = 1) -> Path:
    with pikepdf.open(source) as pdf:
        new = pikepdf.new()
        new.pages.append(pdf.pages[number - 1])
        new.save(out)
    return out


def with_media_box(source: Path, out: Path, inches: float) -> Path:
    """Page 1 alone, its box ``inches`` square (the content stays at the bottom left)."""
    with pikepdf.open(source) as pdf:
        new = pikepdf.new()
        new.pages.append(pdf.pages[0])
        new.pages[0].MediaBox = [0, 0, inches * 72, inches * 72]
        new.save(out)
    return out


def deep_page_tree(source: Path, out: Path, depth: int) -> Path:
    """Page 1 under ``depth`` nested /Pages nodes. Written through the raw objects: qpdf
    (pdf.pages) would flatten the tree, and refuses to read it back past a depth."""
    with pikepdf.open(source) as pdf:
        node = pdf.Root.Pages
        del node.Kids[1:]
        node.Count = 1
        for _ in range(depth):
            parent = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Pages,
                                                          Kids=pikepdf.Array([node]), Count=1))
            node.Parent = parent
            node = parent
        pdf.Root.Pages = node
        pdf.save(out)
    return out


def many_image_pages(out: Path, count: int) -> Path:
    """``count`` A4 pages, each drawing one shared small grey image and no text: every page
    needs OCR."""
    pdf = pikepdf.new()
    image = pdf.make_stream(zlib.compress(b"\x80" * 16), Type=pikepdf.Name.XObject,
                            Subtype=pikepdf.Name.Image, Width=4, Height=4,
                            ColorSpace=pikepdf.Name.DeviceGray, BitsPerComponent=8,
                            Filter=pikepdf.Name.FlateDecode)
    content = pdf.make_stream(b"q 100 0 0 100 50 600 cm /Im0 Do Q")
    resources = pdf.make_indirect(pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image)))
    for _ in range(count):
        pdf.pages.append(pikepdf.Page(pikepdf.Dictionary(
            Type=pikepdf.Name.Page, MediaBox=[0, 0, 595, 842], Resources=resources,
            Contents=content)))
    pdf.save(out)
    return out


def cli_read(path: Path, *options: str, env: dict | None = None, timeout: float = 120):
    """``thaireports read PATH`` in a child with the memory cap."""
    def cap() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))

    return subprocess.run([str(THAIREPORTS), "read", str(path), *options], capture_output=True,
                          text=True, timeout=timeout, preexec_fn=cap,
                          env=os.environ | {"PYTHAINLP_OFFLINE": "1"} | (env or {}))


def assert_one_line_error(done, path: Path, words: str) -> None:
    assert done.returncode == IngestError.exit_code, (done.returncode, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert path.name in lines[0] and words in lines[0], lines[0]


# --- 1. a text layer of glyph ids -------------------------------------------------------------

@pytest.mark.parametrize("kind", [None, "pua", "control", "symbols", "cjk"])
def test_glyph_id_text_layer_is_not_kept(tmp_path: Path, rendered, kind) -> None:
    path = with_tounicode(rendered.pdf, tmp_path / "glyphs.pdf", kind)
    doc = ingest.read(path, ocr="never")
    assert len(doc.pages) == len(rendered.pages)
    for page in doc.pages:
        assert page.text == "" and page.confidence == 0.0, (page.number, page.text[:80])
    skipped = [w for w in doc.warnings if w.code == "ocr-skipped"]
    assert [w.page for w in skipped] == [p.number for p in doc.pages]
    assert all("glyph ids" in w.message and "-text-layer" in w.message for w in skipped)


def test_glyph_id_page_is_found_alone(tmp_path: Path, rendered) -> None:
    """Only page 2 lost its maps: the other pages read as before, page 2 is not trusted."""
    path = with_tounicode(rendered.pdf, tmp_path / "mixed.pdf", None, pages={2})
    doc = ingest.read(path, ocr="never")
    good = ingest.read(rendered.pdf, ocr="never")
    assert [p.text for p in doc.pages if p.number != 2] == \
        [p.text for p in good.pages if p.number != 2]
    assert doc.pages[1].text == "" and doc.pages[1].confidence == 0.0
    assert [(w.code, w.page) for w in doc.warnings] == [("ocr-skipped", 2)]


def test_glyph_id_page_is_ocrd(tmp_path: Path, rendered) -> None:
    """The real OCR path (Tesseract, a few seconds): the page comes back as Thai text."""
    from rapidfuzz.distance import Levenshtein

    path = with_tounicode(one_page(rendered.pdf, tmp_path / "p1.pdf"), tmp_path / "ocr.pdf", None)
    doc = ingest.read(path)
    page = doc.pages[0]
    assert page.text_source == "ocr" and doc.source.text_source == "ocr"
    assert 0.0 < page.confidence < 1.0
    first = doc.warnings[0]
    assert first.code == "page-ocr" and "glyph-id-text-layer" in first.message
    assert "ToUnicode" in first.message
    squash = lambda text: re.sub(r"\s+", "", text)  # noqa: E731
    assert Levenshtein.normalized_distance(squash(rendered.pages[0]), squash(page.text)) <= 0.15


def test_glyph_id_text_layer_through_the_cli(tmp_path: Path, rendered) -> None:
    path = with_tounicode(rendered.pdf, tmp_path / "glyphs.pdf", "symbols")
    done = cli_read(path, "--ocr", "never")
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    assert all(p["confidence"] == 0.0 and not p["text"] for p in record["pages"])
    assert {w["code"] for w in record["warnings"]} == {"ocr-skipped"}


@pytest.mark.parametrize("text", [
    # real pages: Thai prose, an English cover note, a table of figures
    "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. 2566",
    "Cover note. Please find attached the annual integrity report (ITA) for fiscal year 2022.",
    "1.\tมาตรการเผยแพร่ข้อมูล\t100.00\t95.50 %\n2.\tกองคลัง\t(ต.ค. 65 - ก.ย. 66)\t-",
])
def test_real_text_is_not_glyph_ids(text: str) -> None:
    assert pdf_reader.glyph_id_problem(text) is None


# --- 2. huge page boxes, deep page trees, thousands of pages -----------------------------------

def test_render_dpi_is_capped_by_pixels(tmp_path: Path, rendered) -> None:
    import pypdfium2 as pdfium

    sizes = {inches: with_media_box(rendered.pdf, tmp_path / f"{inches}.pdf", inches)
             for inches in (11.7, 40, 200)}
    dpis = {}
    for inches, path in sizes.items():
        document = pdfium.PdfDocument(str(path))
        try:
            dpis[inches] = pdf_reader.render_dpi(document[0], 1)
        except pdf_reader.PageTooLarge as exc:
            dpis[inches] = str(exc)
        document.close()
    assert dpis[11.7] == (200, None)
    dpi, why = dpis[40]
    assert pdf_reader.MIN_RENDER_DPI <= dpi < 200 and (40 * dpi) ** 2 <= pdf_reader.MAX_RENDER_PIXELS
    assert f"{dpi} dpi" in why
    assert "200 x 200 in" in dpis[200] and "not OCR'd" in dpis[200]


def test_huge_page_is_not_rendered(tmp_path: Path, rendered) -> None:
    """200 x 200 inches with OCR asked for: refused before rendering (a render would need
    4.8 GB, far past the child's 1.5 GB cap), the page's warning says why."""
    path = with_media_box(rendered.pdf, tmp_path / "poster.pdf", 200)
    done = cli_read(path, "--ocr", "always")
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    warnings = [(w["code"], w["page"]) for w in record["warnings"]]
    assert ("page-too-large", 1) in warnings and "200 x 200 in" in done.stdout


def test_large_page_is_rendered_at_a_lower_dpi(tmp_path: Path, rendered, monkeypatch) -> None:
    """An A4 page with the pixel cap lowered to 2 Mpx: OCR'd at 143 dpi, with a warning."""
    monkeypatch.setattr(pdf_reader, "MAX_RENDER_PIXELS", 2_000_000)
    path = one_page(rendered.pdf, tmp_path / "p1.pdf")
    doc = ingest.read(path, ocr="always")
    assert doc.pages[0].text_source == "ocr" and doc.pages[0].text
    lowered = [w for w in doc.warnings if w.code == "page-too-large"]
    assert len(lowered) == 1 and "x 11.69 in: rendered for OCR at 143 dpi instead of 200" in lowered[0].message


def test_deep_page_tree(tmp_path: Path, rendered) -> None:
    deep = deep_page_tree(rendered.pdf, tmp_path / "deep.pdf", 2000)
    with pytest.raises(CorruptFileError) as info:
        ingest.read(deep, ocr="never")
    assert info.value.path == str(deep) and "page tree" in info.value.reason
    assert_one_line_error(cli_read(deep), deep, "page tree")
    # within pdfium's limit (1,024 levels) the page reads as usual
    fine = ingest.read(deep_page_tree(rendered.pdf, tmp_path / "fine.pdf", 1000), ocr="never")
    assert fine.pages[0].text == ingest.read(rendered.pdf, ocr="never").pages[0].text


def test_thousands_of_pages_ocr_is_capped(tmp_path: Path) -> None:
    """3,000 pages to OCR with a limit of 2 (THAIREPORTS_MAX_OCR_PAGES): two pages OCR'd (real
    Tesseract), the rest read as with OCR off, one warning counting them."""
    path = many_image_pages(tmp_path / "long-scan.pdf", 3000)
    done = cli_read(path, env={"THAIREPORTS_MAX_OCR_PAGES": "2", "THAIREPORTS_OCR_JOBS": "2"})
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    assert len(record["pages"]) == 3000
    assert [p["text_source"] for p in record["pages"][:3]] == ["ocr", "ocr", "pdf-text"]
    capped = [w for w in record["warnings"] if w["code"] == "ocr-capped"]
    assert len(capped) == 1 and "2,998 were not" in capped[0]["message"]
    assert "THAIREPORTS_MAX_OCR_PAGES" in capped[0]["message"]


def test_ocr_cap_through_the_library(tmp_path: Path, monkeypatch) -> None:
    """``ingest.read(max_ocr_pages=...)``, with the stand-in OCR of the fuzz tests."""
    from tests.test_reliability_fuzz import fake_ocr
    from thaireports.ingest import ocr, tesseract

    monkeypatch.setattr(ocr, "ocr_image", fake_ocr)
    monkeypatch.setattr(tesseract, "version", lambda: "fake")
    doc = ingest.read(many_image_pages(tmp_path / "scan.pdf", 30), max_ocr_pages=5)
    assert [p.text_source for p in doc.pages].count("ocr") == 5
    capped = [w for w in doc.warnings if w.code == "ocr-capped"]
    assert len(capped) == 1 and "25 were not" in capped[0].message
