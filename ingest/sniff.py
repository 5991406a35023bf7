"""What a file is, from its bytes, never from its name; and reading text files in any of the
encodings Thai offices produce (UTF-8 with or without BOM, UTF-16 with BOM, TIS-620 / cp874).

Office files are containers, so their magic number only says "zip" or "OLE2": a .docx or .xlsx
is a zip holding ``[Content_Types].xml`` and ``word/`` or ``xl/`` parts, an .odt or .ods a zip
whose first member ``mimetype`` names it, a .doc or .xls an OLE2 compound file with a
``WordDocument`` or ``Workbook`` stream, and a password-protected .docx/.xlsx an OLE2 file with
an ``EncryptedPackage`` stream. ``sniff_bytes`` decides from the first bytes when they say
enough; ``sniff_file`` also reads the zip's central directory or the OLE2 directory.
"""
from __future__ import annotations

import re
import struct
import zipfile
from pathlib import Path

from thaireports.ingest.errors import EmptyFileError, UnsupportedFileError

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
    (b"{\\rtf", "application/rtf"),      # before the text checks: RTF is ASCII text
    (b"PK\x03\x04", "application/zip"),  # docx/xlsx/odt/ods too: see _zip_head_type
    (b"PK\x05\x06", "application/zip"),  # empty zip
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage"),  # .doc/.xls: see below
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
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".rtf": "application/rtf",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
}

# Office media types, by the role they play.
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOC = "application/msword"
XLS = "application/vnd.ms-excel"
RTF = "application/rtf"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
# A password-protected .docx/.xlsx: Office wraps the encrypted zip in an OLE2 file (MS-OFFCRYPTO).
ENCRYPTED_OFFICE = "application/x-encrypted-office"
OFFICE_MEDIA_TYPES = frozenset({DOCX, XLSX, DOC, XLS, RTF, ODT, ODS, ENCRYPTED_OFFICE})

# OLE2 stream names -> what the compound file is; the first found wins (rows in order).
_OLE_STREAMS: tuple[tuple[str, str], ...] = (
    ("EncryptedPackage", ENCRYPTED_OFFICE),  # before the others: it may sit beside them
    ("WordDocument", DOC),                   # Word 97-2003
    ("Workbook", XLS),                       # Excel 97-2003
    ("Book", XLS),                           # Excel 5.0/95
)
# ODF's first member, stored uncompressed: its bytes are the media type (ODF 1.2, section 3.3).
_ODF_TYPES: tuple[tuple[bytes, str], ...] = (
    (b"application/vnd.oasis.opendocument.text", ODT),          # also text-template
    (b"application/vnd.oasis.opendocument.spreadsheet", ODS),   # also spreadsheet-template
)

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
            if media_type == "application/zip":
                return _zip_head_type(head) or media_type
            if media_type == "application/x-ole-storage":
                return _ole_type(head) or media_type
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
    """The media type of the file at ``path``, from its bytes (see ``sniff_bytes``); a zip or an
    OLE2 file that its first bytes do not tell apart is opened (central directory, OLE2
    directory) to find out whether it is a Word, Excel or OpenDocument file.

    Example:
        >>> sniff_file(Path("corpora/samples/000_4904129c074ec5d2.txt"))
        'text/plain'
    """
    with open(path, "rb") as fh:
        head = fh.read(8192)
    media_type = sniff_bytes(head)
    if media_type == "application/zip":
        return _zip_file_type(path) or media_type
    if media_type == "application/x-ole-storage":
        return _ole_file_type(path) or media_type
    return media_type


def _names_type(names: list[str], first_member: bytes = b"") -> str | None:
    """What a zip is from its member names (and, for ODF, its first member's bytes)."""
    for prefix, media_type in _ODF_TYPES:
        if first_member.startswith(prefix):
            return media_type
    # A folder named word/ in a user's zip is not a Word file: the package's parts list, its
    # relationships or properties, or its main part must be there too. (The first bytes may
    # not reach [Content_Types].xml: openpyxl writes it last, after docProps/ and xl/.)
    packaged = any(n in ("[Content_Types].xml", "_rels/.rels") or n.startswith("docProps/")
                   for n in names)
    if "word/document.xml" in names or (packaged and any(n.startswith("word/") for n in names)):
        return DOCX
    if "xl/workbook.xml" in names or (packaged and any(n.startswith("xl/") for n in names)):
        return XLSX
    return None  # [Content_Types].xml alone: PowerPoint, Visio, an XPS ... not ours


def _zip_head_type(head: bytes) -> str | None:
    """Office type from the zip's local file headers in the first bytes: every ``PK\\3\\4``
    header gives a member name (its sizes may be zero when a data descriptor follows, so the
    headers are found by their signature, not by skipping sizes).

    Example:
        >>> _zip_head_type(b"PK\\x03\\x04" + bytes(22) + b"\\x08\\x00\\x00\\x00mimetype"
        ...                + b"application/vnd.oasis.opendocument.text")
        'application/vnd.oasis.opendocument.text'
    """
    names: list[str] = []
    first_member = b""
    pos = 0
    while True:
        pos = head.find(b"PK\x03\x04", pos)
        if pos < 0 or pos + 30 > len(head):
            break
        name_len, extra_len = struct.unpack_from("<HH", head, pos + 26)
        name = head[pos + 30: pos + 30 + name_len]
        if not names and name == b"mimetype":
            start = pos + 30 + name_len + extra_len
            first_member = head[start: start + 80]
        names.append(name.decode("cp437", "replace"))
        pos += 30 + name_len
    return _names_type(names, first_member)


def _zip_file_type(path: Path) -> str | None:
    """Office type from the zip's central directory (None: a plain zip, or not a zip at all)."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            first = b""
            if infos and infos[0].filename == "mimetype" and infos[0].file_size < 200:
                first = archive.read(infos[0])
            return _names_type([i.filename for i in infos], first)
    except (OSError, zipfile.BadZipFile, RuntimeError, ValueError, NotImplementedError):
        return None  # a broken zip: the head may still have said what it was


def _ole_type(data: bytes) -> str | None:
    """Office type of an OLE2 compound file from the directory entries found in ``data``.

    An entry is 128 bytes: the name in UTF-16LE, then at byte 64 the name's length in bytes
    with its terminating NUL ([MS-CFB] 2.6.1). Entries start at multiples of 128 from the start
    of the file (sectors are 512 or 4096 bytes after a header of the same size), which tells a
    real entry from the same letters anywhere else.
    """
    for name, media_type in _OLE_STREAMS:
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        pos = data.find(encoded)
        while pos >= 0:
            if pos % 128 == 0 and pos + 66 <= len(data) and \
                    struct.unpack_from("<H", data, pos + 64)[0] == len(encoded):
                return media_type
            pos = data.find(encoded, pos + 1)
    return None


_OLE_SCAN_CHUNK = 1 << 22


def _ole_file_type(path: Path) -> str | None:
    """``_ole_type`` over the whole file, read in chunks that overlap by one entry (the
    directory of a .doc may be anywhere in it)."""
    with open(path, "rb") as fh:
        offset = 0
        carry = b""
        while True:
            chunk = fh.read(_OLE_SCAN_CHUNK)
            if not chunk:
                return None
            window = carry + chunk
            base = offset - len(carry)
            # Align the window on the file's 128-byte entry grid, so _ole_type's test holds.
            skip = (-base) % 128
            found = _ole_type(window[skip:])
            if found:
                return found
            offset += len(chunk)
            carry = window[-256:]


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
