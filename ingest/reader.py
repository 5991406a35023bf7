"""``ingest.read``: any file of the archive into a ``Document``, by what its bytes are.

The media type comes from the bytes (``ingest.sniff``), never from the name; a name that says
otherwise only adds a ``mislabelled-file`` warning. Each kind has its reader module, imported
only when needed, so reading a small text file never loads the PDF or OCR stacks.
"""
from __future__ import annotations

import hashlib
import importlib
import os
import re
from pathlib import Path

from thaireports.ingest.document import Document
from thaireports.ingest.errors import EmptyFileError, FileTooLargeError, IngestError, UnsupportedFileError
from thaireports.ingest.sniff import OFFICE_MEDIA_TYPES, SUFFIX_MEDIA_TYPES, sniff_file
from thaireports.normalize.errors import ThaiReportsError
from thaireports.normalize.warning import RecordWarning

# Media type -> the module whose ``read(path, data=..., media_type=..., **options)`` reads it.
READERS: dict[str, str] = {
    "text/plain": "thaireports.ingest.text",
    "text/markdown": "thaireports.ingest.text",
    "text/html": "thaireports.ingest.text",
    "application/pdf": "thaireports.ingest.pdf",
    "image/png": "thaireports.ingest.image",
    "image/jpeg": "thaireports.ingest.image",
    "image/tiff": "thaireports.ingest.image",
    "image/gif": "thaireports.ingest.image",
    "image/bmp": "thaireports.ingest.image",
    "image/webp": "thaireports.ingest.image",
    # Word, Excel, RTF, OpenDocument (the legacy ones through LibreOffice): ingest.office.
    **{media_type: "thaireports.ingest.office" for media_type in sorted(OFFICE_MEDIA_TYPES)},
}

# Why a known but unsupported kind is refused, and what to do instead.
_UNSUPPORTED_HINTS: dict[str, str] = {
    "application/zip": "a zip archive: `thaireports import` opens archives; a PowerPoint or "
                       "other Office file that is not Word or Excel: save it as PDF first",
    "application/x-ole-storage": "an OLE2 file that is not a Word or Excel document (PowerPoint, "
                                 "Outlook, Thumbs.db ...) or is cut short: save it as PDF first",
    "application/gzip": "a compressed file: unpack it first",
    "application/x-7z-compressed": "a 7z archive: unpack it first",
    "application/vnd.rar": "a RAR archive: unpack it first",
    "application/octet-stream": "unknown binary data, not a PDF, image or text file",
}

OCR_MODES = ("auto", "always", "never")
# Readers that take ``max_ocr_pages`` (the others read THAIREPORTS_MAX_OCR_PAGES, if at all).
_OCR_CAPPED = frozenset({"thaireports.ingest.pdf", "thaireports.ingest.image"})
DEFAULT_MAX_BYTES = int(os.environ.get("THAIREPORTS_MAX_BYTES", 512 * 1024 * 1024))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# Kinds a name may stand for interchangeably: Word saves RTF or .docx under .doc names, and
# converters name files loosely, so these differences are not worth a warning.
_FAMILIES: dict[str, str] = {
    "application/msword": "word", "application/rtf": "word",
    "application/vnd.oasis.opendocument.text": "word",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "word",
    "application/vnd.ms-excel": "sheet", "application/vnd.oasis.opendocument.spreadsheet": "sheet",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "sheet",
}


def _family(media_type: str) -> str:
    if media_type.startswith("text/"):
        return "text"
    return _FAMILIES.get(media_type, media_type)


def mislabel_warning(path: Path, media_type: str) -> RecordWarning | None:
    """A ``mislabelled-file`` warning when the name's suffix claims another kind of file.

    Example:
        >>> mislabel_warning(Path("report.txt"), "application/pdf").code
        'mislabelled-file'
        >>> mislabel_warning(Path("notes.md"), "text/plain") is None
        True
    """
    claimed = SUFFIX_MEDIA_TYPES.get(path.suffix.lower())
    if claimed is None or _family(claimed) == _family(media_type):
        return None
    return RecordWarning(code="mislabelled-file",
                         message=f"{path.name} is named like {claimed} but its bytes are "
                                 f"{media_type}; read as {media_type}")


_THAI_LETTER = re.compile(r"[\u0e01-\u0e2e]")


def content_warnings(document: Document) -> list[RecordWarning]:
    """Warnings about what a readable file holds: nothing at all (``no-text``: blank pages, or a
    picture with no writing, kept as a record with empty text so that the file is accounted
    for), or no Thai (``not-thai``: a cover note in English, or a file read in the wrong
    encoding).

    Example:
        >>> from thaireports.ingest.text import read_text
        >>> [w.code for w in content_warnings(read_text("Cover note: annual report 2022"))]
        ['not-thai']
        >>> content_warnings(read_text("มาตรการป้องกันการรับสินบน"))
        []
    """
    text = document.text
    pages = len(document.pages)
    if not text.strip():
        if any(w.code == "ocr-skipped" for w in document.warnings):
            return []  # empty because OCR was off, which that warning already says
        return [RecordWarning(code="no-text",
                              message=f"no text on any of its {pages} page(s): blank, or a "
                                      "picture with no writing")]
    if not _THAI_LETTER.search(text):
        return [RecordWarning(code="not-thai",
                              message="no Thai letters in the text: not a Thai report, or "
                                      "read in the wrong encoding")]
    return []


def read(path: str | Path, ocr: str = "auto", lang: str = "tha+eng",
         max_bytes: int = DEFAULT_MAX_BYTES, max_ocr_pages: int | None = None) -> Document:
    """Read one file (digital or scanned PDF, image, OCR'd text/markdown/HTML, Word or Excel
    file) into a Document.

    Args:
        path: the file.
        ocr: "auto" OCRs PDF pages whose text layer is missing or broken (and scans pasted
            into Word files), "always" every page, "never" none (such pages then come out
            empty, with a warning).
        lang: Tesseract languages for OCR.
        max_bytes: refuse larger files.
        max_ocr_pages: OCR at most this many pages (or image frames) of the file; the rest
            are read as with ``ocr="never"`` and one ``ocr-capped`` warning counts them
            (default ``THAIREPORTS_MAX_OCR_PAGES``, else 500).

    Returns:
        The Document, whose ``source`` names the file, its sha256 and its sniffed media type.

    Raises:
        FileNotFoundError: no such file.
        IngestError: the file cannot be read at all (empty, unsupported, corrupt, encrypted,
            too large); the message names the file and the reason.

    Example:
        >>> doc = read("corpora/samples/000_4904129c074ec5d2.txt")
        >>> doc.source.text_source, doc.tables[0].header
        ('text', ['ลำดับ', 'วิธีการ/ขั้นตอน', 'ผู้รับผิดชอบ'])
    """
    if ocr not in OCR_MODES:
        raise ThaiReportsError(f"unknown OCR mode {ocr!r}: use one of {', '.join(OCR_MODES)}")
    path = Path(path)
    if path.is_dir():
        raise IngestError(path, "is a folder, not a file", "`thaireports import` reads folders")
    size = path.stat().st_size  # raises FileNotFoundError, which the CLI reports
    if size == 0:
        raise EmptyFileError(path, "empty file (0 bytes)")
    if size > max_bytes:
        raise FileTooLargeError(path, f"too large ({size:,} bytes, limit {max_bytes:,})",
                                "split it, or raise THAIREPORTS_MAX_BYTES")
    media_type = sniff_file(path)
    module_name = READERS.get(media_type)
    if module_name is None:
        raise UnsupportedFileError(path, f"unsupported file type {media_type}",
                                   _UNSUPPORTED_HINTS.get(media_type))
    warning = mislabel_warning(path, media_type)
    module = importlib.import_module(module_name)
    if module_name == "thaireports.ingest.text":
        document = module.read(path, data=path.read_bytes(), media_type=media_type)
    else:
        options = {"max_ocr_pages": max_ocr_pages} if max_ocr_pages is not None and \
            module_name in _OCR_CAPPED else {}
        document = module.read(path, media_type=media_type, sha256=_sha256(path), ocr=ocr,
                               lang=lang, **options)
    document.warnings.extend(content_warnings(document))
    if warning is not None:
        document.warnings.insert(0, warning)
    return document
