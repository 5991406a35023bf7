"""Image files (PNG, JPEG, TIFF incl. multi-page, GIF, BMP, WebP) into a Document: each frame
is one page, read by ``ingest.ocr.ocr_image``; the frames of a multi-page TIFF are decoded one
at a time and OCR'd in parallel like a PDF's pages (``ingest.pdf.OcrQueue``), and Pillow's
decompression-bomb guard (``Image.MAX_IMAGE_PIXELS``) refuses absurd sizes before decoding.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from ingest.document import Document, OcrInfo, Page, Source
from ingest.errors import CorruptFileError, FileTooLargeError
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


def frame_count(path: Path) -> int | None:
    """How many frames (pages) the image file holds, from its header; None if unknown."""
    try:
        with _open(path) as image:
            return min(MAX_FRAMES, int(getattr(image, "n_frames", 1)))
    except Exception:  # noqa: BLE001 - only for the progress line; reading reports errors
        return None


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
    from ingest.pdf import OcrQueue, PageResult, fail_ocr_result, join_across_pages, ocr_jobs

    path = Path(path)
    if sha256 is None:
        sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    results: list[PageResult] = []
    warnings: list[RecordWarning] = []
    # Frames are decoded one after another here and OCR'd in parallel (as PDF pages are):
    # at most 2 x jobs frames wait in memory.
    queue = OcrQueue(ocr_jobs() if ocr != "never" else 1, source=path.name,
                     total=frame_count(path))
    try:
        for number, image in frames(path):
            result = PageResult(page=Page(number=number, text_source="ocr", confidence=0.0,
                                          text=""), ocr=True)
            results.append(result)
            if ocr == "never":
                image.close()
                result.warnings.append(RecordWarning(
                    code="ocr-skipped", message=f"page {number}: an image, and OCR is off",
                    page=number))
                continue
            try:
                queue.submit(result, image, lang)
            except Exception as exc:  # noqa: BLE001 - one bad frame must not lose the others
                fail_ocr_result(result, exc)  # (a broken environment or no memory: raised)
        queue.finish()
    finally:
        queue.close()
    pages = [r.page for r in results]
    for result in results:
        warnings.extend(result.warnings)
    confidences = [r.mean_confidence for r in results if r.mean_confidence is not None]
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
