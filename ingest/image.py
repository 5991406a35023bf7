"""Image files (PNG, JPEG, TIFF incl. multi-page, GIF, BMP, WebP) into a Document: each frame
is one page, read by ``ingest.ocr.ocr_image``; the frames of a multi-page TIFF are decoded one
at a time and OCR'd in parallel like a PDF's pages (``ingest.pdf.OcrQueue``), and Pillow's
decompression-bomb guard (``Image.MAX_IMAGE_PIXELS``) refuses absurd sizes before decoding.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from thaireports.ingest.document import Document, OcrInfo, Page, Source
from thaireports.ingest.errors import CorruptFileError, FileTooLargeError, is_out_of_memory
from thaireports.normalize.warning import RecordWarning

# 200 dpi A4 is ~6.5 Mpx; a 600 dpi A3 scan ~70 Mpx. Anything beyond this is not a page.
MAX_PIXELS = 180_000_000
MAX_FRAMES = 2000
# A frame is held decoded, as viewed (``as_viewed``: a copy) and as grey for OCR at once, with
# their working copies: reading it takes about this many times its decoded size.
READ_COPIES = 3


def address_room() -> int | None:
    """Bytes this process may still map under its address-space limit (``RLIMIT_AS``, which
    ``corpora.sandbox`` sets per file); None when there is no limit or it cannot be told.

    Example:
        >>> room = address_room()
        >>> room is None or room > 0
        True
    """
    import resource

    try:
        soft, _ = resource.getrlimit(resource.RLIMIT_AS)
        if soft == resource.RLIM_INFINITY:
            return None
        with open("/proc/self/statm", encoding="ascii") as statm:
            used = int(statm.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, AttributeError):
        return None
    return max(0, soft - used)


def check_room(frame) -> None:
    """Refuse, before decoding it, a frame that cannot be read in the memory left: a scan
    legal under the pixel cap may still need more than a file may use (a 169-megapixel colour
    page: 0.5 GB decoded, ~1.5 GB to read). Failing now takes no time; decoding first took
    seconds of CPU and then died all the same.

    Raises:
        MemoryError: the frame needs more than the room left (``address_room``).
    """
    room = address_room()
    if room is None:
        return
    need = frame.width * frame.height * max(1, len(frame.getbands())) * READ_COPIES
    if need > room:
        raise MemoryError(f"a {frame.width:,} x {frame.height:,} {frame.mode} image needs about "
                          f"{need // 2**20:,} MB to read; {room // 2**20:,} MB are left")


def load_in_room(path: Path, frame) -> None:
    """Decode a frame that ``check_room`` let through.

    Its pixels fit the room left, so a decoder that runs out of it all the same was asking for
    what the file's bytes claim, not what its frame needs: a PNG chunk whose length field says
    gigabytes in a file of kilobytes. That file is corrupt, not too big for the machine.

    Raises:
        CorruptFileError: the decoder ran out of the room the frame fits in.
        MemoryError: it did, and the room left is not known (no address-space limit).
    """
    try:
        frame.load()
    except MemoryError as exc:
        if address_room() is None:
            raise
        raise CorruptFileError(path, "corrupt image: its data claims more memory than its "
                                     f"{frame.width:,} x {frame.height:,} pixels need") from exc


def _open(path: Path):
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        image = Image.open(path)
        image.size  # noqa: B018  (touches the header, so errors surface here)
        return image
    except Image.DecompressionBombError as exc:
        raise FileTooLargeError(path, f"image too large ({_one_line(exc)})") from exc
    except Exception as exc:  # noqa: BLE001 - Pillow's plugins raise any type on bad headers
        if is_out_of_memory(exc):
            raise
        raise CorruptFileError(path, f"corrupt or unreadable image ({_one_line(exc)})") from exc


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())[:200]
    return text or type(exc).__name__


def frames(path: Path, warnings: list[RecordWarning] | None = None):
    """Yield ``(page_number, PIL image)`` for each frame of the file, one at a time.

    A frame after the first that cannot be decoded (a multi-page TIFF cut short) ends the
    file there, with a ``page-unreadable`` warning into ``warnings``: the frames before it
    are kept.

    Raises:
        FileTooLargeError: more pixels than ``MAX_PIXELS`` (a decompression bomb).
        CorruptFileError: Pillow cannot read it, or its first frame.
    """
    from PIL import Image, ImageSequence

    image = _open(path)
    try:
        iterator = iter(ImageSequence.Iterator(image))
        for index in range(MAX_FRAMES):
            number = index + 1
            try:
                frame = next(iterator)
                if frame.width * frame.height > MAX_PIXELS:
                    raise FileTooLargeError(path, f"frame {number} has too many pixels "
                                                  f"({frame.width:,} x {frame.height:,})")
                if frame.width <= 0 or frame.height <= 0:
                    raise ValueError(f"frame {number} has no pixels ({frame.width} x {frame.height})")
                check_room(frame)
                load_in_room(path, frame)
                viewed = as_viewed(frame)
            except StopIteration:
                return
            except FileTooLargeError:
                raise
            except Image.DecompressionBombError as exc:
                raise FileTooLargeError(path, f"image too large ({_one_line(exc)})") from exc
            except Exception as exc:  # noqa: BLE001 - any decoder failure is a corrupt frame
                if is_out_of_memory(exc):
                    raise
                if index == 0:
                    raise CorruptFileError(path, f"corrupt or unreadable image "
                                                 f"({_one_line(exc)})") from exc
                if warnings is not None:
                    warnings.append(RecordWarning(
                        code="page-unreadable", page=number,
                        message=f"frame {number} could not be decoded ({_one_line(exc)}); it "
                                "and any frames after it were not read"))
                return
            yield number, viewed
    finally:
        image.close()


def as_viewed(frame):
    """A copy of the frame as an image viewer shows it, in a mode Tesseract and OpenCV read:
    turned by its EXIF orientation (a phone photo), transparency laid on white paper (a viewer
    shows a transparent background as the page behind it; converted naively it is black and
    hides black text), and 16- or 32-bit grey scaled to 8 bits by its own range (converted
    naively it clips to white). The frame itself is reused by the iterator and left alone.

    Example:
        >>> from PIL import Image
        >>> as_viewed(Image.new("LA", (4, 4), (0, 0))).getpixel((0, 0))
        255
        >>> as_viewed(Image.new("I;16", (4, 4), 30000)).mode
        'L'
    """
    from PIL import Image, ImageOps

    image = ImageOps.exif_transpose(frame) if frame.getexif().get(0x0112, 1) != 1 else frame
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "RGB" and "transparency" in image.info):
        grey = image.mode == "LA"
        rgba = image.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(paper, rgba).convert("L" if grey else "RGB")
    if image.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        import numpy as np

        values = np.asarray(image.convert("I") if image.mode.startswith("I;16") else image,
                            dtype=np.float64)
        low, high = float(values.min()), float(values.max())
        scaled = (values - low) * (255.0 / (high - low)) if high > low else values * 0 + 255
        return Image.fromarray(scaled.astype(np.uint8), "L")
    return image.convert("L" if image.mode in ("1", "L") else "RGB")


def frame_count(path: Path) -> int | None:
    """How many frames (pages) the image file holds, from its header; None if unknown."""
    try:
        with _open(path) as image:
            return min(MAX_FRAMES, int(getattr(image, "n_frames", 1)))
    except Exception:  # noqa: BLE001 - only for the progress line; reading reports errors
        return None


def frame_count_uncapped(path: Path) -> int | None:
    """How many frames the file's header declares (None if it cannot say)."""
    try:
        with _open(path) as image:
            return int(getattr(image, "n_frames", 1))
    except Exception:  # noqa: BLE001 - reading reports the errors
        return None


def read(path: Path, media_type: str = "image/png", sha256: str | None = None,
         ocr: str = "auto", lang: str = "tha+eng", max_ocr_pages: int | None = None) -> Document:
    """OCR every frame of an image file.

    Args:
        path: the image.
        media_type: its sniffed media type.
        sha256: hex digest of the bytes (computed when not given).
        ocr: "never" gives empty pages with an ``ocr-skipped`` warning; otherwise OCR.
        lang: Tesseract languages.
        max_ocr_pages: OCR at most this many frames (default ``THAIREPORTS_MAX_OCR_PAGES``,
            see ``ingest.pdf.max_ocr_pages_default``); the frames past it come out empty, and
            one ``ocr-capped`` warning counts them.

    Returns:
        The Document, ``text_source`` "ocr".
    """
    from thaireports.ingest import tesseract
    from thaireports.ingest.pdf import (OcrBudget, OcrQueue, PageResult, fail_ocr_result,
                                        join_across_pages, max_ocr_pages_default, ocr_jobs)

    path = Path(path)
    if sha256 is None:
        sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    results: list[PageResult] = []
    warnings: list[RecordWarning] = []
    budget = OcrBudget(max_ocr_pages_default() if max_ocr_pages is None else max_ocr_pages)
    # Frames are decoded one after another here and OCR'd in parallel (as PDF pages are):
    # at most 2 x jobs frames wait in memory.
    queue = OcrQueue(ocr_jobs() if ocr != "never" else 1, source=path.name,
                     total=frame_count(path))
    total = frame_count_uncapped(path)
    if total and total > MAX_FRAMES:
        warnings.append(RecordWarning(
            code="frames-capped",
            message=f"{total} frames: the first {MAX_FRAMES} were read, the rest were not"))
    try:
        for number, image in frames(path, warnings):
            result = PageResult(page=Page(number=number, text_source="ocr", confidence=0.0,
                                          text=""), ocr=True)
            results.append(result)
            if ocr == "never":
                image.close()
                result.warnings.append(RecordWarning(
                    code="ocr-skipped", message=f"page {number}: an image, and OCR is off",
                    page=number))
                continue
            if not budget.take():
                image.close()
                result.ocr = False
                continue
            try:
                queue.submit(result, image, lang)
            except Exception as exc:  # noqa: BLE001 - one bad frame must not lose the others
                fail_ocr_result(result, exc)  # (a broken environment or no memory: raised)
        queue.finish()
    finally:
        queue.close()
    if budget.refused:
        warnings.append(RecordWarning(
            code="ocr-capped",
            message=f"{budget.used + budget.refused:,} frames to OCR; the first {budget.used:,} "
                    f"were OCR'd, {budget.refused:,} were not (at most {budget.limit:,} pages per "
                    "file: THAIREPORTS_MAX_OCR_PAGES)"))
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
