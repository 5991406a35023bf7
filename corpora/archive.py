"""Reading zip archives from an office's shared drive without trusting them.

Members are read into memory, or with ``extract_to`` streamed in chunks into numbered files of a
private folder (the importer's run folder), never under their own names, so no name can write
outside the import; names that would escape (``../../x``, ``/etc/passwd``, ``C:\\x``) are still refused and reported,
because they mean the archive was made carelessly or with intent. Symlinks and encrypted
members are refused; the declared sizes (which ``zipfile`` enforces while reading) are capped
per member, per import and by compression ratio, which stops zip bombs before a byte is
inflated. Archives inside archives are opened up to ``max_depth`` and refused below it.
"""
from __future__ import annotations

import io
import os
import stat
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Iterator

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")  # local header; empty archive (end record only)
SEPARATOR = "!"  # archive.zip!folder/member.pdf, as Java and GDAL name members


@dataclass
class ArchiveLimits:
    """Caps for one import; the defaults fit a large office archive of scanned PDFs."""

    max_member_bytes: int = 512 * 2**20       # one scanned report is rarely above 100 MB
    max_total_bytes: int = 8 * 2**30          # all members of all archives of one import
    max_ratio: float = 200.0                  # PDFs and scans compress 1-3x; text ~10x
    ratio_floor_bytes: int = 2**20            # small members may compress as they like
    max_depth: int = 3                        # zip inside zip inside zip
    max_members: int = 200_000
    total_bytes: int = field(default=0, compare=False)  # running sum, shared across archives


@dataclass(frozen=True)
class Member:
    """A file read from an archive: its display name (``a.zip!dir/x.pdf``) and bytes."""

    name: str
    data: bytes


@dataclass(frozen=True)
class ExtractedMember:
    """A file of an archive streamed to ``path`` (a numbered file of ``extract_to``): its
    display name and size. Whoever consumes it removes the file."""

    name: str
    path: Path
    size: int


@dataclass(frozen=True)
class Refusal:
    """A member (or a whole archive) not read, with the reason a person can act on."""

    name: str
    reason: str


def is_zip(head: bytes) -> bool:
    """True when the first bytes are a zip header (the name's extension is not trusted)."""
    return head[:4] in ZIP_MAGIC


def is_office_package(source: str | Path | bytes | IO[bytes]) -> bool:
    """True when a zip is an Office document (.docx/.xlsx/.pptx: ``[Content_Types].xml``;
    .odt/.ods: a ``mimetype`` member), which is one document to read, not an archive to open
    (its XML parts are not documents).

    Example:
        >>> buffer = io.BytesIO()
        >>> with zipfile.ZipFile(buffer, "w") as z:
        ...     z.writestr("[Content_Types].xml", "<Types/>")
        >>> is_office_package(buffer.getvalue())
        True
    """
    if isinstance(source, bytes):
        source = io.BytesIO(source)
    try:
        with zipfile.ZipFile(source) as archive:
            names = set(archive.namelist()[:4096])
            if "[Content_Types].xml" in names:
                return True
            if "mimetype" in names:
                with archive.open("mimetype") as member:  # read 64 bytes, whatever it claims
                    return member.read(64).startswith(b"application/vnd.oasis")
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, RuntimeError, EOFError,
            NotImplementedError):
        return False
    return False


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as its author saw it.

    Zips made by Windows in Thailand store names in Windows-874 without the UTF-8 flag, and
    some tools write UTF-8 without the flag; ``zipfile`` decodes both as CP437 mojibake.

    Example:
        >>> info = zipfile.ZipInfo("รายงาน.pdf".encode("cp874").decode("cp437"))
        >>> member_name(info)
        'รายงาน.pdf'
    """
    name = info.filename
    if info.flag_bits & 0x800:  # the UTF-8 flag: zipfile decoded it right
        return name
    try:
        raw = name.encode("cp437")
    except UnicodeEncodeError:
        return name
    for encoding in ("utf-8", "cp874"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return name


def unsafe_name_reason(name: str) -> str | None:
    """Why a member name is refused, or None when it stays inside the archive.

    Example:
        >>> unsafe_name_reason("../../etc/passwd")
        "path escapes the archive ('..' in '../../etc/passwd')"
        >>> unsafe_name_reason("มาตรการ/ประกาศ.pdf") is None
        True
    """
    unified = name.replace("\\", "/")
    if unified.startswith("/") or (len(unified) > 1 and unified[1] == ":"):
        return f"absolute path in archive ({name!r})"
    if ".." in PurePosixPath(unified).parts:
        return f"path escapes the archive ('..' in {name!r})"
    if "\x00" in name:
        return f"NUL byte in member name ({name!r})"
    return None


def _member_refusal(info: zipfile.ZipInfo, name: str, limits: ArchiveLimits) -> str | None:
    reason = unsafe_name_reason(name)
    if reason:
        return reason
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        return "symbolic link in archive (not followed)"
    if info.flag_bits & 0x1:
        return "encrypted member (decrypt the archive first)"
    if info.file_size > limits.max_member_bytes:
        return (f"member is {info.file_size:,} bytes uncompressed, over the cap of "
                f"{limits.max_member_bytes:,}")
    if info.file_size > limits.ratio_floor_bytes:
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > limits.max_ratio:
            return (f"compression ratio {ratio:,.0f}:1 over the cap of {limits.max_ratio:.0f}:1 "
                    "(zip bomb?)")
    if limits.total_bytes + info.file_size > limits.max_total_bytes:
        return (f"import would exceed {limits.max_total_bytes:,} bytes uncompressed in total "
                "(zip bomb?); split the archive")
    return None


CHUNK_BYTES = 1 << 20  # a member is streamed in pieces of this size, never read whole


class MemberTooLarge(Exception):
    """A member inflated past the size its header declared (the header was checked)."""


def extract_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, out: IO[bytes]) -> int:
    """Stream one member into ``out`` in chunks, stopping as soon as it inflates past its
    declared size (which ``_member_refusal`` already capped). Returns the bytes written."""
    written = 0
    with archive.open(info) as member:
        while chunk := member.read(CHUNK_BYTES):
            written += len(chunk)
            if written > info.file_size:
                raise MemberTooLarge(f"member inflates past the {info.file_size:,} bytes its "
                                     "header declares (zip bomb?)")
            out.write(chunk)
    return written


def iter_archive(source: str | IO[bytes], name: str, limits: ArchiveLimits | None = None,
                 depth: int = 0, extract_to: Path | None = None
                 ) -> Iterator[Member | ExtractedMember | Refusal]:
    """Every file of a zip archive, in archive order, as a Member or a Refusal.

    Args:
        source: a path, or a binary stream (a nested archive's bytes).
        name: the display name of the archive (members are named ``name!member``).
        limits: caps, shared by all archives of one import (``total_bytes`` accumulates).
        depth: nesting level of this archive (0 for a file on disk).
        extract_to: a private folder: members are streamed into numbered files there and
            yielded as ExtractedMember (bounded memory whatever their size); nested archives
            are extracted, read and removed.

    Yields:
        Member (ExtractedMember with ``extract_to``) for each readable file (directories
        are skipped); Refusal for each member not read, and one Refusal for the whole archive
        when it cannot be opened.
    """
    limits = limits or ArchiveLimits()
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        yield Refusal(name, f"not a readable zip archive: {exc}")
        return
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.max_members:
            yield Refusal(name, f"archive lists {len(infos):,} members, over the cap of "
                                f"{limits.max_members:,}")
            return
        seen: dict[str, int] = {}
        for info in infos:
            inner = member_name(info)
            if info.is_dir() and not stat.S_ISLNK(info.external_attr >> 16):
                continue
            # Duplicate names are legal in zip; number the later ones so each is reported.
            seen[inner] = seen.get(inner, 0) + 1
            shown = f"{name}{SEPARATOR}{inner}" + (f" ({seen[inner]})" if seen[inner] > 1 else "")
            reason = _member_refusal(info, inner, limits)
            if reason:
                yield Refusal(shown, reason)
                continue
            limits.total_bytes += info.file_size
            if extract_to is not None:
                yield from _extracted(archive, info, shown, limits, depth, Path(extract_to))
                continue
            try:
                data = archive.read(info)
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError,
                    RuntimeError, ValueError) as exc:  # CRC error, truncation, odd method
                yield Refusal(shown, f"member could not be read: {exc}")
                continue
            if is_zip(data) and not is_office_package(data):
                if depth + 1 > limits.max_depth:
                    yield Refusal(shown, f"archive nested deeper than {limits.max_depth} levels")
                    continue
                yield from iter_archive(io.BytesIO(data), shown, limits, depth + 1)
                continue
            yield Member(shown, data)


def _extracted(archive: zipfile.ZipFile, info: zipfile.ZipInfo, shown: str,
               limits: ArchiveLimits, depth: int, folder: Path
               ) -> Iterator[ExtractedMember | Refusal]:
    import tempfile

    handle, temporary = tempfile.mkstemp(prefix="member-", dir=folder)
    target = Path(temporary)
    try:
        with os.fdopen(handle, "wb") as out:
            size = extract_member(archive, info, out)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError,
            ValueError, MemberTooLarge, zlib.error) as exc:  # CRC error, truncation, odd method
        target.unlink(missing_ok=True)
        yield Refusal(shown, str(exc) if isinstance(exc, MemberTooLarge)
                      else f"member could not be read: {exc}")
        return
    with open(target, "rb") as stream:
        head = stream.read(8)
    if is_zip(head) and not is_office_package(target):
        try:
            if depth + 1 > limits.max_depth:
                yield Refusal(shown, f"archive nested deeper than {limits.max_depth} levels")
                return
            yield from iter_archive(str(target), shown, limits, depth + 1, folder)
        finally:
            target.unlink(missing_ok=True)
        return
    yield ExtractedMember(shown, target, size)
