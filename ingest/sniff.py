"""What a file is, from its bytes, never from its name; and reading text files in any of the
encodings Thai offices produce (UTF-8 with or without BOM, UTF-16 with BOM, TIS-620 / cp874).
"""
from __future__ import annotations

import re
from pathlib import Path

from ingest.errors import EmptyFileError, UnsupportedFileError

# Magic numbers, tried in order: (prefix at offset 0, media type).
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"II*\x00", "image/tiff"),          # little-endian TIFF
    (b"MM\x00*", "image/tiff"),          # big-endian TIFF
    (b"II+\x00", "image/tiff"),          # BigTIFF
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"BM", "image/bmp"),                # checked again below: 'BM' also starts plain text
    (b"PK\x03\x04", "application/zip"),  # also docx/xlsx/odt: all unsupported here
    (b"PK\x05\x06", "application/zip"),  # empty zip
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage"),  # old .doc/.xls
    (b"\x1f\x8b", "application/gzip"),
    (b"7z\xbc\xaf\x27\x1c", "application/x-7z-compressed"),
    (b"Rar!\x1a\x07", "application/vnd.rar"),
)

# Byte-order marks: (BOM, Python codec).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),   # the utf-16 codec reads and drops the BOM itself
    (b"\xfe\xff", "utf-16"),
)

# What a file name's suffix claims, to warn when the bytes say otherwise.
SUFFIX_MEDIA_TYPES: dict[str, str] = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
    ".gif": "image/gif",
    ".bmp": "image/bmp",
    ".webp": "image/webp",
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".html": "text/html",
    ".htm": "text/html",
    ".zip": "application/zip",
}

_THAI = re.compile(r"[\u0e01-\u0e5b]")
_HTML_START = re.compile(rb"^\s*(<!doctype\s+html|<html[\s>])", re.IGNORECASE)
# Control bytes that never occur in a text file (tab, LF, FF, CR and ESC aside).
_BINARY_BYTES = set(range(0, 9)) | {11} | set(range(14, 27)) | set(range(28, 32))


def _is_webp(head: bytes) -> bool:
    return head[:4] == b"RIFF" and head[8:12] == b"WEBP"


def _is_bmp(head: bytes) -> bool:
    # 'BM' then a little-endian file size and 4 reserved zero bytes: rules out text starting 'BM'.
    return head[:2] == b"BM" and len(head) >= 14 and head[6:10] == b"\x00\x00\x00\x00"


def sniff_bytes(head: bytes) -> str:
    """The media type of a file from its first bytes (4 KB is plenty).

    Args:
        head: the first bytes of the file.

    Returns:
        A media type such as ``application/pdf``, ``image/png``, ``text/plain``, ``text/html``,
        or ``application/octet-stream`` when nothing matches.

    Example:
        >>> sniff_bytes("บันทึกข้อความ".encode("utf-8"))
        'text/plain'
        >>> sniff_bytes(b"%PDF-1.7 ...")
        'application/pdf'
    """
    if not head:
        return "application/x-empty"
    if _is_webp(head):
        return "image/webp"
    for magic, media_type in _MAGIC:
        if head.startswith(magic):
            if media_type == "image/bmp" and not _is_bmp(head):
                break
            return media_type
    # Some PDF writers put junk before the header; readers accept it within the first 1 KB.
    if b"%PDF-" in head[:1024]:
        return "application/pdf"
    if decode_text_bytes(head, partial=True) is None:
        return "application/octet-stream"
    text_head = head
    for bom, codec in _BOMS:
        if head.startswith(bom):
            text_head = head[len(bom):].decode(codec.replace("-sig", ""), "ignore").encode("utf-8")
            break
    starts_with_table = bool(re.match(rb"^\s*<", text_head)) and bool(
        re.search(rb"<(table|tr|td)[\s>]", text_head[:2048], re.I))
    if _HTML_START.match(text_head) or starts_with_table:
        return "text/html"
    return "text/plain"


def sniff_file(path: Path) -> str:
    """The media type of the file at ``path``, from its bytes (see ``sniff_bytes``)."""
    with open(path, "rb") as fh:
        return sniff_bytes(fh.read(4096))


def _looks_binary(data: bytes) -> bool:
    return any(b in _BINARY_BYTES for b in data[:4096])


def _mostly_thai(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    return sum(1 for c in letters if _THAI.match(c)) / len(letters) >= 0.5


def decode_text_bytes(data: bytes, partial: bool = False) -> tuple[str, str] | None:
    """Decode text bytes, guessing the encoding the way Thai files need it.

    UTF-8 (BOM or not) first; UTF-16 only with a BOM; then cp874 (a superset of TIS-620) when
    that gives mostly Thai letters. Legacy Thai bytes are never valid UTF-8 in practice, since
    every Thai letter in TIS-620 is a lone byte >= 0xA1.

    Args:
        data: the bytes.
        partial: the bytes are a prefix, so a UTF-8 sequence cut at the end is fine.

    Returns:
        ``(text, encoding)``, or None when the bytes are not text.

    Example:
        >>> decode_text_bytes("ปีงบประมาณ ๒๕๖๕".encode("cp874"))
        ('ปีงบประมาณ ๒๕๖๕', 'cp874')
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError:
                if not partial:
                    return None
                return data[: len(data) - (len(data) - len(bom)) % 2].decode(codec, "ignore"), codec
    if _looks_binary(data):
        return None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if partial and exc.start >= len(data) - 3 and exc.reason.startswith("unexpected end"):
            return data[: exc.start].decode("utf-8"), "utf-8"
    try:
        text = data.decode("cp874")
    except UnicodeDecodeError:
        return None
    return (text, "cp874") if _mostly_thai(text) else None


def read_text_file(path: Path) -> str:
    """Read a text file in whatever encoding it came in (UTF-8, UTF-16 with BOM, TIS-620/cp874).

    Used by ``ingest.text`` and by the ``thaireports normalize`` command.

    Args:
        path: the file.

    Returns:
        The text, with the BOM removed and line ends as in the file.

    Raises:
        EmptyFileError: the file has zero bytes.
        UnsupportedFileError: the bytes are not text in any encoding we know.

    Example:
        >>> read_text_file(Path("corpora/samples/000_4904129c074ec5d2.txt"))[4:17]
        'บันทึกข้อความ'
    """
    data = Path(path).read_bytes()
    if not data:
        raise EmptyFileError(path, "empty file (0 bytes)")
    decoded = decode_text_bytes(data)
    if decoded is None:
        kind = sniff_bytes(data[:4096])
        raise UnsupportedFileError(path, f"not a text file (its bytes say {kind})")
    return decoded[0]
