"""File type from bytes, text encodings, and the errors for files we cannot read."""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from thaireports import ingest
from thaireports.ingest.errors import EmptyFileError, FileTooLargeError, IngestError, UnsupportedFileError
from thaireports.ingest.sniff import decode_text_bytes, read_text_file, sniff_bytes

PHRASE = "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. ๒๕๖๕"


def _png_bytes() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("L", (8, 8), 255).save(buf, format="PNG")
    return buf.getvalue()


@pytest.mark.parametrize("head,media_type", [
    (b"%PDF-1.7\n%\xe2\xe3", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
    (b"II*\x00\x08\x00\x00\x00", "image/tiff"),
    (b"MM\x00*\x00\x00\x00\x08", "image/tiff"),
    (b"GIF89a\x01\x00", "image/gif"),
    (b"BM\x36\x00\x00\x00\x00\x00\x00\x00\x36\x00\x00\x00", "image/bmp"),
    (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "image/webp"),
    (b"PK\x03\x04\x14\x00", "application/zip"),
    (PHRASE.encode("utf-8"), "text/plain"),
    (b"\xef\xbb\xbf" + PHRASE.encode("utf-8"), "text/plain"),
    (b"\xff\xfe" + PHRASE.encode("utf-16-le"), "text/plain"),
    (PHRASE.encode("cp874"), "text/plain"),
    # A text file that starts with the letters "BM" is still text.
    ("BMA ประกาศ".encode("utf-8"), "text/plain"),
    (b"<!DOCTYPE html><html><body><p>" + "ประกาศ".encode() + b"</p></body></html>", "text/html"),
    (b"\x00\x01\x02\x03binary", "application/octet-stream"),
])
def test_sniff_bytes(head: bytes, media_type: str) -> None:
    assert sniff_bytes(head) == media_type


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp874", "tis_620"])
def test_decode_thai_in_every_office_encoding(encoding: str) -> None:
    text, _ = decode_text_bytes(PHRASE.encode(encoding))
    assert text == PHRASE


def test_latin1_garbage_is_not_taken_for_thai() -> None:
    # cp874 decodes almost any byte; only mostly-Thai results are accepted.
    assert decode_text_bytes("Müller façade".encode("latin-1")) is None


def test_read_text_file_tis620(tmp_path: Path) -> None:
    path = tmp_path / "memo.txt"
    path.write_bytes(PHRASE.encode("tis_620"))
    assert read_text_file(path) == PHRASE


def test_read_tis620_file_into_document(tmp_path: Path) -> None:
    path = tmp_path / "memo.txt"
    path.write_bytes("ลำดับ\tผู้รับผิดชอบ\n๑\tกองคลัง\n".encode("cp874"))
    doc = ingest.read(path)
    assert doc.tables[0].rows == [["1", "กองคลัง"]]
    assert doc.source.media_type == "text/plain"


def test_empty_file_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    with pytest.raises(EmptyFileError) as info:
        ingest.read(path)
    assert info.value.exit_code == 3
    assert "empty.pdf" in str(info.value) and "empty" in str(info.value)


def test_whitespace_only_text_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_text("\n \n\t\n", encoding="utf-8")
    with pytest.raises(EmptyFileError):
        ingest.read(path)


def test_unknown_binary_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "data.bin"
    path.write_bytes(b"\x00\x01\x02\x03" * 100)
    with pytest.raises(UnsupportedFileError) as info:
        ingest.read(path)
    assert "data.bin" in str(info.value)


def test_zip_is_refused_with_a_hint(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "batch.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("a.txt", PHRASE)
    with pytest.raises(UnsupportedFileError, match="import"):
        ingest.read(path)


def test_too_large(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(PHRASE * 10, encoding="utf-8")
    with pytest.raises(FileTooLargeError):
        ingest.read(path, max_bytes=100)


def test_folder_is_an_ingest_error(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="folder"):
        ingest.read(tmp_path)


def test_mislabelled_text_named_pdf(tmp_path: Path, sample_paths: dict[str, Path]) -> None:
    path = tmp_path / "memo.pdf"
    path.write_bytes(sample_paths["000"].read_bytes())
    doc = ingest.read(path)
    assert doc.source.media_type == "text/plain"
    assert [w.code for w in doc.warnings][:1] == ["mislabelled-file"]
    assert doc.tables and doc.tables[0].header[0] == "ลำดับ"


def test_mislabelled_png_named_txt_goes_to_the_image_reader(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "scan.txt"
    path.write_bytes(_png_bytes())
    seen = {}

    def fake_read(p, **options):  # stands in for the OCR stack: only the dispatch is tested
        seen.update(options, path=p)
        from thaireports.ingest.document import Document, Source

        return Document(source=Source(file=p.name, sha256=options["sha256"],
                                      media_type=options["media_type"], pages=0,
                                      text_source="ocr"))

    from thaireports.ingest import image

    monkeypatch.setattr(image, "read", fake_read)
    doc = ingest.read(path)
    assert seen["media_type"] == "image/png"
    assert doc.warnings[0].code == "mislabelled-file"


@pytest.mark.parametrize("module", ["thaireports.ingest.sniff", "thaireports.ingest.errors", "thaireports.ingest.quality", "thaireports.ingest.text",
                                    "thaireports.ingest.reader", "thaireports.ingest.document", "thaireports.ingest.pdf",
                                    "tests.fixtures.render"])
def test_docstring_examples(module: str) -> None:
    """The Example sections of the docstrings are true."""
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0
