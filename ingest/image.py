"""Image files (PNG, JPEG, TIFF incl. multi-page, GIF, BMP, WebP) into a Document: each frame
is one page, read by ``ingest.ocr.ocr_image``. Frames are opened one at a time, and Pillow's
decompression-bomb guard (``Image.MAX_IMAGE_PIXELS``) refuses absurd sizes before decoding.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from ingest.document import Document, OcrInfo, Page, Source
from ingest.errors import CorruptFileError, FileTooLargeError, is_out_of_memory
from normalize.errors import ThaiReportsError
from normalize.warning import RecordWarning

# 200 dpi A4 is ~6.5 Mpx; a 600 dpi A3 scan ~70 Mpx. Anything beyond this is not a page.
MAX_PIXELS = 180_000_000
MAX_FRAMES = 2000


def _open(path: Path):
    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        image = Image.open(path)
        image.size  # noqa: B018  (touches the header, so errors surface here)
        return image
    except Image.DecompressionBombError as exc:
        raise FileTooLargeError(path, f"image too large ({exc})") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise CorruptFileError(path, f"corrupt or unreadable image ({exc})") from exc


def frames(path: Path):
    """Yield ``(page_number, PIL image)`` for each frame of the file, one at a time.

    Raises:
        FileTooLargeError: more pixels than ``MAX_PIXELS`` (a decompression bomb).
        CorruptFileError: Pillow cannot read it.
    """
    from PIL import Image, ImageSequence

    image = _open(path)
    try:
        for index, frame in enumerate(ImageSequence.Iterator(image)):
            if index >= MAX_FRAMES:
                break
            if frame.width * frame.height > MAX_PIXELS:
                raise FileTooLargeError(path, f"frame {index + 1} has too many pixels")
            try:
                frame.load()
            except Image.DecompressionBombError as exc:
                raise FileTooLargeError(path, f"image too large ({exc})") from exc
            # A copy in a mode Tesseract and OpenCV understand; the frame itself is reused.
            converted = frame.convert("L" if frame.mode in ("1", "L", "I;16", "I") else "RGB")
            yield index + 1, converted
    finally:
        image.close()


def _add_empty_page(pages: list[Page], warnings: list[RecordWarning], number: int, code: str,
                    message: str) -> None:
    """A frame that gives no text still counts as a page, with the reason as a warning."""
    pages.append(Page(number=number, text_source="ocr", confidence=0.0, text=""))
    warnings.append(RecordWarning(code=code, message=message, page=number))


def read(path: Path, media_type: str = "image/png", sha256: str | None = None,
         ocr: str = "auto", lang: str = "tha+eng") -> Document:
    """OCR every frame of an image file.

    Args:
        path: the image.
        media_type: its sniffed media type.
        sha256: hex digest of the bytes (computed when not given).
        ocr: "never" gives empty pages with an ``ocr-skipped`` warning; otherwise OCR.
        lang: Tesseract languages.

    Returns:
        The Document, ``text_source`` "ocr".
    """
    from ingest import tesseract

    path = Path(path)
    if sha256 is None:
        sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    from ingest.pdf import PageResult, join_across_pages

    pages: list[Page] = []
    results: list[PageResult] = []
    warnings: list[RecordWarning] = []
    confidences: list[float] = []
    for number, image in frames(path):
        if ocr == "never":
            image.close()
            _add_empty_page(pages, warnings, number, "ocr-skipped",
                            f"page {number}: an image, and OCR is off")
            continue
        from ingest.ocr import ocr_image

        try:
            result = ocr_image(image, number, lang=lang)
        except ThaiReportsError:
            raise  # no Tesseract, no language pack: the environment, not the page
        except Exception as exc:  # one bad frame must not lose the others
            if is_out_of_memory(exc):  # the file's memory limit: stop it, do not skip a page
                raise MemoryError(str(exc)) from exc
            _add_empty_page(pages, warnings, number, "page-unreadable",
                            f"page {number} could not be OCR'd: {exc}")
            continue
        finally:
            image.close()
        pages.append(result.page)
        # Kept per page so that a table going on over the next frame is joined (as in PDFs).
        results.append(PageResult(page=result.page, tables=list(result.tables),
                                  edges=[None] * len(result.tables)))
        warnings.extend(result.warnings)
        if result.mean_confidence is not None:
            confidences.append(result.mean_confidence)
    if not pages:
        raise CorruptFileError(path, "image has no frames")
    ocr_info = None
    if ocr != "never":
        ocr_info = OcrInfo(version=tesseract.version(), languages=lang,
                           mean_confidence=round(sum(confidences) / len(confidences) / 100, 3)
                           if confidences else None)
    source = Source(file=path.name, sha256=sha256, media_type=media_type, pages=len(pages),
                    text_source="ocr", ocr=ocr_info)
    return Document(source=source, pages=pages, tables=join_across_pages(results),
                    warnings=warnings)
