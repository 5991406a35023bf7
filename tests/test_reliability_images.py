"""Images read as a viewer shows them (issue 15, "no silent loss"): 16-bit grey, a transparent
background, an EXIF-rotated phone photo, a TIFF with more frames than are read. Each is a real
file read by the real reader and OCR'd by the real Tesseract."""
from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from thaireports import ingest
from thaireports.ingest.image import MAX_FRAMES, as_viewed

LINE = "องค์การบริหารส่วนตำบลคมบาง มาตรการเผยแพร่ข้อมูลต่อสาธารณะ"
FONT = "/usr/share/fonts/truetype/tlwg/Laksaman.ttf"


def _page(mode: str = "L", ink=0, paper=255) -> Image.Image:
    image = Image.new(mode, (1500, 300), paper)
    ImageDraw.Draw(image).text((60, 100), LINE, font=ImageFont.truetype(FONT, 48), fill=ink)
    return image


def _ocr_text(path: Path) -> str:
    return ingest.read(path).pages[0].text.replace(" ", "")


def _save(image: Image.Image, path: Path, **options) -> Path:
    image.save(path, **options)
    return path


def test_sixteen_bit_grey_png(tmp_path):
    # a 16-bit scanner's range: ink near 4,000, paper near 60,000 (both above 255, so a
    # naive 8-bit conversion clips the whole page to white)
    grey = (np.asarray(_page(), dtype=np.float64) / 255 * 56000 + 4000).astype(np.uint16)
    path = _save(Image.fromarray(grey), tmp_path / "grey16.png")
    assert Image.open(path).mode.startswith("I")
    assert "คมบาง" in _ocr_text(path)


@pytest.mark.parametrize("mode", ["RGBA", "LA"])
def test_transparent_background(tmp_path, mode):
    # black text on a fully transparent (black, alpha 0) background: naively it is all black
    rgba = Image.new("RGBA", (1500, 300), (0, 0, 0, 0))
    ImageDraw.Draw(rgba).text((60, 100), LINE, font=ImageFont.truetype(FONT, 48),
                              fill=(0, 0, 0, 255))
    path = _save(rgba.convert(mode), tmp_path / f"clear-{mode}.png")
    assert "คมบาง" in _ocr_text(path)


def test_exif_rotated_photo_is_read_upright(tmp_path):
    # a phone stores the pixels sideways and says 'rotate 90' in EXIF (orientation 6)
    upright = _page("RGB", ink=(0, 0, 0), paper=(255, 255, 255))
    stored = upright.transpose(Image.Transpose.ROTATE_270)
    exif = Image.Exif()
    exif[0x0112] = 6
    path = _save(stored, tmp_path / "photo.jpg", exif=exif, quality=95)
    assert as_viewed(Image.open(path)).size == upright.size
    assert "คมบาง" in _ocr_text(path)


def test_frames_past_the_cap_are_reported(tmp_path):
    frames = [Image.new("L", (8, 8), 255) for _ in range(MAX_FRAMES + 1)]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="TIFF", save_all=True, append_images=frames[1:])
    path = tmp_path / "many.tif"
    path.write_bytes(buffer.getvalue())
    document = ingest.read(path, ocr="never")
    assert len(document.pages) == MAX_FRAMES
    assert "frames-capped" in {w.code for w in document.warnings}
