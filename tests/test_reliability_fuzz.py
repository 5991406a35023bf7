"""Fuzzing every reader through ``ingest.read`` (issue 15, second wave): text, markdown and HTML
(random Thai, Latin and markup, huge rowspan/colspan, deep nesting) and image headers (PNG,
JPEG and TIFF with mutated headers, huge or zero declared sizes, cut short, bytes flipped);
the PDF structure mutations are in ``tests/test_reliability_fuzz_pdf.py``.

The property, for every input: ``ingest.read`` returns a Document, or raises an ``IngestError``
that names the file and gives a reason; never another exception, never a hang, never memory
beyond a cap. Each property runs under Hypothesis (a deadline per example, a modest
``max_examples``) inside a child process with an address-space limit (``RLIMIT_AS``) and a
wall-clock limit, so a regression fails here instead of taking the machine down. The child
is this module run as a script (``python -m tests.test_reliability_fuzz NAME``).

OCR is replaced by a stand-in (``fake_ocr``: a blank page, after checking the image it was
handed) so that the pixel paths (decoding every frame, rendering a PDF page) run with their
real sizes and the property costs milliseconds, not Tesseract's seconds per page.
"""
from __future__ import annotations

import io
import os
import random
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MEMORY_CAP = 1536 * 2**20  # address space of the child; a 4.8 GB page render cannot fit
CHILD_SECONDS = 60         # wall clock of one child, Hypothesis run included
FAKE_OCR_MAX_PIXELS = 180_000_000  # what the stand-in OCR accepts: every reader's cap


# --------------------------------------------------------------------------------------------
# The child: one named property, bounded


def run_bounded(module: str, name: str, timeout: float = CHILD_SECONDS) -> str:
    """Run property ``name`` of ``module`` in a child with the memory cap; its output."""
    def cap() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))

    try:
        done = subprocess.run([sys.executable, "-m", module, name], capture_output=True,
                              text=True, timeout=timeout, preexec_fn=cap, cwd=ROOT,
                              env=os.environ | {"PYTHAINLP_OFFLINE": "1",
                                                "THAIREPORTS_OCR_JOBS": "1"})
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"{name}: no result in {timeout} s (a hang?)\n{(exc.stdout or '')[-3000:]}")
    assert done.returncode == 0, f"{name} failed:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
    return done.stdout


def main(properties: dict) -> None:
    """``python -m MODULE NAME``: run one property (in the bounded child)."""
    install_fake_ocr()
    properties[sys.argv[1]]()
    print(f"{sys.argv[1]}: ok")


def fake_ocr(image, page_number: int, lang: str = "tha+eng", timeout: float = 120):
    """Stands in for ``ingest.ocr.ocr_image``: checks the image it gets is a real, bounded
    picture, and returns an empty OCR'd page."""
    from thaireports.ingest.document import Page
    from thaireports.ingest.ocr import OcrPage

    assert 0 < image.width * image.height <= FAKE_OCR_MAX_PIXELS, image.size
    image.getpixel((0, 0))
    return OcrPage(page=Page(number=page_number, text_source="ocr", confidence=0.0, text=""),
                   tables=[], warnings=[], mean_confidence=None)


def install_fake_ocr() -> None:
    from thaireports.ingest import ocr, tesseract

    ocr.ocr_image = fake_ocr
    tesseract.version = lambda: "fake"


def check_read(path: Path, ocr: str = "never"):
    """The property: a Document, or an IngestError naming the file with a reason."""
    from thaireports import ingest
    from thaireports.ingest.errors import IngestError

    try:
        doc = ingest.read(path, ocr=ocr)
    except IngestError as exc:
        assert exc.path == str(path) and str(path) in str(exc), exc
        assert exc.reason and "\n" not in str(exc), exc
        return None
    assert doc.source.pages == len(doc.pages) >= 1
    assert [p.number for p in doc.pages] == list(range(1, len(doc.pages) + 1))
    for page in doc.pages:
        assert 0.0 <= page.confidence <= 1.0
    return doc


def _settings(examples: int, deadline_ms: int = 10_000):
    from hypothesis import HealthCheck, settings

    return settings(max_examples=examples, deadline=deadline_ms, database=None,
                    suppress_health_check=list(HealthCheck), print_blob=True)


def _write(folder: str, name: str, data: bytes) -> Path:
    path = Path(folder) / name
    path.write_bytes(data)
    return path


# --------------------------------------------------------------------------------------------
# Text, markdown, HTML

THAI = "มาตรการส่งเสริมคุณธรรมผู้รับผิดชอบสำนักปลัดกองคลัง่้๊๋ิีึืุูัำเแโใไ๐๑๒๓"
MARKUP = ["<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", "<th>", "<p>", "<div>",
          "</div>", "<br>", "<!--", "-->", "<td rowspan=100 colspan=100>", "<td colspan=99999>",
          "<td rowspan=-3>", "<td rowspan='1e9'>", "<table", "<script>", "</script>", "<head>",
          "&amp;", "&#xE01;", "&#99999999;", "&#0;", "&", "\t", "|", "|---|", "\f", "\r",
          "--- page 2 ---", "## Page 3", "หน้า ๒", "\x00", "\ufeff", "\u200b", "\ud7ff"]


# Pieces that, repeated, once made some pattern rescan the rest of the text from each copy.
REPEATED = ["<div>", "<table><tr><td>", "<td rowspan=100 colspan=100>x", "<ul><li>", "\t", "|",
            "ก\u0e48", "\u0e48", "<!--", "<p ", "<table ", "<script>", "<head>", "<title>",
            "<style>", "  ", "\r", "\f", "</p><p ", "<a ", "&#", "| x |\n", "- 2 -\n"]
LINEAR_BYTES = 64_000     # 16,000 '<!--' took 12 s before; 64,000 bytes of any piece, minutes
LINEAR_SECONDS = 8.0      # now ~1 s at most on this (shared) machine


def prop_repeated_markup() -> None:
    """Each piece repeated to 64 KB, as text and as HTML: read in bounded time (a pattern
    that rescans the rest of the text from every copy makes this quadratic)."""
    import time

    with tempfile.TemporaryDirectory() as folder:
        for piece in REPEATED:
            for name, wrap in (("ซ้ำ.txt", "{}"), ("ซ้ำ.html", "<html><body>{}")):
                text = wrap.format(piece * (LINEAR_BYTES // len(piece.encode()) + 1))
                started = time.monotonic()
                check_read(_write(folder, name, text.encode("utf-8")))
                seconds = time.monotonic() - started
                assert seconds < LINEAR_SECONDS, (piece, name, seconds)


def _text_strategy():
    from hypothesis import strategies as st

    piece = st.one_of(st.sampled_from(MARKUP), st.text(alphabet=THAI, max_size=12),
                      st.text(max_size=6), st.sampled_from(["ITA", "2566", " ", "\n", "\n\n"]))
    repeated = st.tuples(st.sampled_from(REPEATED),
                         st.integers(1, 20_000)).map(lambda pair: pair[0] * pair[1])
    return st.lists(st.one_of(piece, repeated), max_size=40).map("".join)


def prop_text_files() -> None:
    from hypothesis import given
    from hypothesis import strategies as st

    @_settings(int(os.environ.get('FUZZ_EXAMPLES', 120)))
    @given(_text_strategy(), st.sampled_from(["สุ่ม.txt", "สุ่ม.md", "สุ่ม.html"]),
           st.sampled_from(["utf-8", "utf-16", "cp874-ish"]), st.booleans())
    def prop(text: str, name: str, encoding: str, as_html: bool) -> None:
        if as_html:
            text = "<html><body>" + text + "</body></html>"
        if encoding == "utf-16":
            data = text.encode("utf-16", "surrogatepass")
        elif encoding == "cp874-ish":
            data = text.encode("cp874", "replace")
        else:
            data = text.encode("utf-8", "surrogatepass")
        with tempfile.TemporaryDirectory() as folder:
            check_read(_write(folder, name, data or b" "))

    prop()


# --------------------------------------------------------------------------------------------
# Images: real small files, then their headers mutated

def _image_bytes(fmt: str, size=(64, 48), mode="L", frames: int = 1) -> bytes:
    from PIL import Image, ImageDraw

    pictures = []
    for k in range(frames):
        picture = Image.new(mode, size, "white")
        ImageDraw.Draw(picture).rectangle((5 + k, 5, 40, 30), fill="black")
        pictures.append(picture)
    buffer = io.BytesIO()
    options = {"save_all": True, "append_images": pictures[1:]} if frames > 1 else {}
    pictures[0].save(buffer, format=fmt, **options)
    return buffer.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(
        ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_with_header(width: int, height: int, bit_depth: int = 8, color: int = 0,
                    interlace: int = 0, idat: bytes | None = None) -> bytes:
    """A PNG whose IHDR says anything, CRC right, with a small (maybe too short) IDAT."""
    header = struct.pack(">IIBBBBB", width & 0xFFFFFFFF, height & 0xFFFFFFFF, bit_depth,
                         color, 0, 0, interlace)
    if idat is None:
        idat = zlib.compress(b"\x00" * 64)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", idat)
            + _png_chunk(b"IEND", b""))


def jpeg_with_size(data: bytes, width: int, height: int) -> bytes:
    """The JPEG with its SOF marker's declared size replaced."""
    for marker in (b"\xff\xc0", b"\xff\xc2", b"\xff\xc1"):
        at = data.find(marker)
        if at >= 0:
            return data[: at + 5] + struct.pack(">HH", height & 0xFFFF, width & 0xFFFF) + data[at + 9:]
    return data


def tiff_with_tag(data: bytes, tag: int, value: int) -> bytes:
    """The (little-endian, Pillow-written) TIFF with one tag of its first IFD set to ``value``."""
    if data[:2] != b"II":
        return data
    buffer = bytearray(data)
    (ifd,) = struct.unpack_from("<I", buffer, 4)
    if ifd + 2 > len(buffer):
        return data
    (count,) = struct.unpack_from("<H", buffer, ifd)
    for k in range(count):
        at = ifd + 2 + 12 * k
        if at + 12 > len(buffer):
            break
        found, kind = struct.unpack_from("<HH", buffer, at)
        if found == tag:
            if kind == 3:  # SHORT
                struct.pack_into("<H", buffer, at + 8, value & 0xFFFF)
            else:
                struct.pack_into("<I", buffer, at + 8, value & 0xFFFFFFFF)
    return bytes(buffer)


IMAGE_WIDTH, IMAGE_LENGTH, STRIP_OFFSETS, BITS, COMPRESSION = 256, 257, 273, 258, 259
SIZES = [0, 1, 7, 65535, 100_000, 2**31 - 1, 2**32 - 1]


def _mutations():
    """name -> function(random, base images) -> bytes."""
    def flip(rng, data: bytes) -> bytes:
        buffer = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            at = rng.randrange(len(buffer))
            buffer[at] = rng.randrange(256)
        return bytes(buffer)

    def cut(rng, data: bytes) -> bytes:
        return data[: rng.randrange(1, len(data))]

    return {
        "png-header": lambda rng, base: png_with_header(
            rng.choice(SIZES), rng.choice(SIZES), rng.choice([1, 2, 4, 8, 16, 3, 0]),
            rng.choice([0, 2, 3, 4, 6, 5]), rng.choice([0, 1])),
        "png-bomb": lambda rng, base: png_with_header(
            rng.choice([13_000, 20_000, 60_000]), rng.choice([13_000, 60_000]), 1, 0, 0),
        "png-flip": lambda rng, base: flip(rng, base["png"]),
        "png-cut": lambda rng, base: cut(rng, base["png"]),
        "jpeg-size": lambda rng, base: jpeg_with_size(base["jpeg"], rng.choice(SIZES),
                                                      rng.choice(SIZES)),
        "jpeg-flip": lambda rng, base: flip(rng, base["jpeg"]),
        "jpeg-cut": lambda rng, base: cut(rng, base["jpeg"]),
        "tiff-size": lambda rng, base: tiff_with_tag(
            tiff_with_tag(base[rng.choice(["tiff", "tiff3"])], IMAGE_WIDTH, rng.choice(SIZES)),
            IMAGE_LENGTH, rng.choice(SIZES)),
        "tiff-tag": lambda rng, base: tiff_with_tag(
            base[rng.choice(["tiff", "tiff3"])], rng.choice([STRIP_OFFSETS, BITS, COMPRESSION,
                                                             279, 277, 262]),
            rng.choice(SIZES + [3, 4, 5, 32773])),
        "tiff-flip": lambda rng, base: flip(rng, base[rng.choice(["tiff", "tiff3"])]),
        "tiff-cut": lambda rng, base: cut(rng, base[rng.choice(["tiff", "tiff3"])]),
    }


def prop_image_files() -> None:
    from hypothesis import given
    from hypothesis import strategies as st

    base = {"png": _image_bytes("PNG"), "jpeg": _image_bytes("JPEG", mode="RGB"),
            "tiff": _image_bytes("TIFF"), "tiff3": _image_bytes("TIFF", frames=3)}
    mutations = _mutations()

    @_settings(int(os.environ.get('FUZZ_EXAMPLES', 150)))
    @given(st.sampled_from(sorted(mutations)), st.integers(0, 2**32), st.booleans())
    def prop(kind: str, seed: int, ocr: bool) -> None:
        data = mutations[kind](random.Random(seed), base)
        with tempfile.TemporaryDirectory() as folder:
            check_read(_write(folder, f"สุ่ม-{kind}.img", data), ocr="auto" if ocr else "never")

    prop()


PROPERTIES = {"text": prop_text_files, "repeated-markup": prop_repeated_markup,
              "image": prop_image_files}


@pytest.mark.parametrize("name", sorted(PROPERTIES))
def test_reader_property_bounded(name: str) -> None:
    run_bounded("tests.test_reliability_fuzz", name)


if __name__ == "__main__":
    main(PROPERTIES)
