"""Errors for files that cannot be read at all. Each names the file and the reason, and says
what to do about it where something can be done (as OCRmyPDF's ``EncryptedPdfError`` suggests
``qpdf --decrypt``). A single page that fails is not an error: it becomes a warning in the
``Document`` and the other pages still come out.
"""
from __future__ import annotations

from pathlib import Path

from thaireports.normalize.errors import ThaiReportsError


class IngestError(ThaiReportsError):
    """A file that cannot be turned into a Document.

    Example:
        >>> str(IngestError("บันทึก.pdf", "corrupt PDF", "re-save it"))
        'บันทึก.pdf: corrupt PDF (re-save it)'
    """

    exit_code = 3

    def __init__(self, path: str | Path, reason: str, hint: str | None = None) -> None:
        self.path = str(path)
        self.reason = reason
        self.hint = hint
        message = f"{self.path}: {reason}"
        if hint:
            message += f" ({hint})"
        super().__init__(message)


class EmptyFileError(IngestError):
    """Zero bytes, or text with nothing but whitespace."""


class UnsupportedFileError(IngestError):
    """Bytes of a kind we do not read (unknown, zip, office formats ...)."""


class MissingReaderError(UnsupportedFileError):
    """A kind of file we do read, but not on this machine: the program that reads it (e.g.
    LibreOffice for a legacy .doc) is not installed. An environment problem, not a bad file."""

    exit_code = 5


class CorruptFileError(IngestError):
    """A PDF or image whose bytes do not parse."""


class EncryptedPdfError(IngestError):
    """A PDF that needs a password we do not have."""

    def __init__(self, path: str | Path, reason: str = "encrypted PDF, no password given",
                 hint: str | None = None) -> None:
        super().__init__(path, reason, hint or
                         "remove the password first, e.g. `qpdf --decrypt in.pdf out.pdf`")


class FileTooLargeError(IngestError):
    """Bigger than the size or pixel limit (a guard against decompression bombs)."""


# How running out of memory shows when it is not a MemoryError: a C library's message, or a
# lazily imported extension that cannot map its code under an address-space limit.
_OUT_OF_MEMORY_MESSAGES = (
    "failed to map segment",      # the dynamic loader, importing cv2 under RLIMIT_AS
    "cannot allocate memory",     # ENOMEM from the kernel
    "insufficient memory",        # OpenCV's cv::OutOfMemoryError
    "failed to allocate",         # OpenCV, pdfium bitmaps
    "out of memory",
    "bad_alloc",                  # C++ std::bad_alloc through a binding
)


def is_out_of_memory(exc: BaseException) -> bool:
    """True when an exception means the process ran out of memory, whatever its type: a page
    reader must then stop the file (its limit is reached) rather than skip the page.

    Example:
        >>> is_out_of_memory(ImportError("cv2.abi3.so: failed to map segment from shared object"))
        True
        >>> is_out_of_memory(ValueError("ตารางไม่ครบ"))
        False
    """
    if isinstance(exc, MemoryError):
        return True
    message = str(exc).lower()
    return any(text in message for text in _OUT_OF_MEMORY_MESSAGES)
