"""Bad and good inputs for the reliability tests (issue 7), made on the fly from the real samples:
an office folder as it comes, with every kind of bad file a shared drive holds next to good ones.

``office_folder(root)`` writes them and returns what each should become: ``GOOD`` (imported,
maybe with warnings) or the words its failure reason must contain.
"""
from __future__ import annotations

import random
import sqlite3
import struct
import time
import zlib
from pathlib import Path

SAMPLES = sorted((Path(__file__).parent.parent / "corpora" / "samples").glob("*.txt"))
GOOD = "imported"
SKIPPED = "skipped"  # not a document (issue 12): counted and listed, neither record nor failure

# A table as offices paste it into HTML, with tags left open, one closing tag too many and a
# row that never ends (real phrases of sample 000).
BROKEN_HTML = (
    "<html><body><p>มาตรการป้องกันการรับสินบน<p>ปีงบประมาณ พ.ศ. ๒๕๖๕\n"
    "<table border=1><tr><th>ลำดับ<th>วิธีการ/ขั้นตอน<th>ผู้รับผิดชอบ\n"
    "<tr><td>1<td>เผยแพร่ประกาศเจตนารมณ์ <b>การต่อต้านการทุจริต<td>สำนักปลัด</td></td></td>\n"
    "<tr><td>2<td>ตรวจสอบการใช้ดุลพินิจ<td>กองคลัง\n"
    "</table></div></span><td>หลงมา</tr>\n<p>ประกาศ ณ วันที่ ๑ ตุลาคม ๒๕๖๔"
)

# Text with no Thai at all (an English cover note): read, but nothing ITA-like in it.
ENGLISH = ("Cover note\n\nPlease find attached the annual integrity report for fiscal year 2022.\n"
           "Contact the district office for the signed copy.\n")

# A memo only TIS-620 can hold (Windows-874 adds curly quotes and the dash beyond it).
TIS620_TEXT = "บันทึกข้อความ\nส่วนราชการ องค์การบริหารส่วนตำบล\nเรื่อง มาตรการป้องกันการรับสินบน ปีงบประมาณ ๒๕๖๕\n"
CP874_TEXT = "ประกาศ “มาตรการตรวจสอบการใช้ดุลพินิจ” – ปีงบประมาณ พ.ศ. ๒๕๖๖ …\n"


def variant(i: int) -> bytes:
    """A distinct real document: a sample with one more line (another sha256)."""
    return SAMPLES[i % len(SAMPLES)].read_bytes() + f"\nสำเนาที่ {i}\n".encode()


def two_page_scan(folder: Path) -> bytes:
    """Sample 000 printed and scanned, its first two pages: a file with real OCR to do (several
    seconds on one core), so that it is still in flight when an import is killed or stopped."""
    from tests.fixtures.render import render_pdf
    from tests.fixtures.scans import pdf_to_scans, write_scanned_pdf

    render_pdf(SAMPLES[0], folder / "digital.pdf")
    return write_scanned_pdf(pdf_to_scans(folder / "digital.pdf")[:2],
                             folder / "scan.pdf").read_bytes()


def rows(db: Path, sql: str, *params) -> list[tuple]:
    """Rows of one query on a corpus file, read by a connection of its own."""
    conn = sqlite3.connect(db, timeout=30)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def stored(db: Path) -> int:
    """How many documents the corpus holds: 0 before the file or its tables exist (never
    creating the file an import is about to make)."""
    if not Path(db).exists():
        return 0
    try:
        return rows(db, "SELECT count(*) FROM documents")[0][0]
    except sqlite3.Error:  # its tables not made yet
        return 0


def wait_for(condition, timeout: float = 180.0, what: str = ""):
    """Poll ``condition`` until it gives something true (returned), or fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def png_bytes(width: int, height: int, bit_depth: int = 1, idat: bytes | None = None) -> bytes:
    """A grey PNG of the given header size. Without ``idat``, all-zero rows deflated: a
    50,000 x 50,000 one-bit image is 312 MB decoded but ~300 KB on disk (a decompression bomb)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    if idat is None:
        row = b"\x00" * (1 + (width * bit_depth + 7) // 8)  # filter byte + packed pixels
        packer = zlib.compressobj(9)
        parts, block = [], row * max(1, (1 << 22) // len(row))
        rows_per_block = len(block) // len(row)
        left = height
        while left > 0:
            take = min(left, rows_per_block)
            parts.append(packer.compress(block[: take * len(row)]))
            left -= take
        parts.append(packer.flush())
        idat = b"".join(parts)
    header = struct.pack(">IIBBBBB", width, height, bit_depth, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat)
            + chunk(b"IEND", b""))


def text_image(text: str, size: tuple[int, int] = (1240, 500), fmt: str = "JPEG",
               mode: str = "L") -> bytes:
    """Thai text printed in Laksaman at ~150 dpi, as a scanner would save it (grey, or
    ``mode="RGB"`` for a colour scan)."""
    import io

    from PIL import Image, ImageDraw, ImageFont

    image = Image.new(mode, size, "white")
    font = ImageFont.truetype("/usr/share/fonts/truetype/tlwg/Laksaman.ttf", 44)
    ImageDraw.Draw(image).multiline_text((60, 60), text, font=font, fill=0, spacing=18)
    buffer = io.BytesIO()
    image.save(buffer, format=fmt)
    return buffer.getvalue()


def blank_image(size: tuple[int, int] = (1240, 1754)) -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("L", size, 255).save(buffer, format="PNG")
    return buffer.getvalue()


def blank_pdf(pages: int) -> bytes:
    """A PDF of ``pages`` empty A4 pages (a scanner fed nothing, or a broken export)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument.new()
    for _ in range(pages):
        document.new_page(595, 842)
    import io

    buffer = io.BytesIO()
    document.save(buffer)
    document.close()
    return buffer.getvalue()


def encrypted_pdf() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="ITA 2566")
    pdf.set_encryption(owner_password="owner", user_password="secret")
    return bytes(pdf.output())


def digital_pdf(tmp: Path) -> bytes:
    """Sample 000 rendered as a digital PDF with a Thai text layer."""
    from tests.fixtures.render import render_pdf

    return render_pdf(SAMPLES[0], tmp / "rendered-000.pdf").pdf.read_bytes()


def office_folder(root: Path) -> dict[str, str]:
    """Write the folder; returns file name -> GOOD, SKIPPED or a word its failure reason must
    hold."""
    root.mkdir(parents=True, exist_ok=True)
    work = root.parent / (root.name + "-work")
    work.mkdir(exist_ok=True)
    pdf = digital_pdf(work)
    files: dict[str, tuple[bytes, str]] = {
        # Good files: the three samples, and the same memo as a digital PDF.
        **{p.name: (p.read_bytes(), GOOD) for p in SAMPLES},
        "มาตรการ 000.pdf": (pdf, GOOD),
        # Mislabelled: read by their bytes, with a 'mislabelled-file' warning.
        "ประกาศ สแกน.pdf": (text_image("ประกาศองค์การบริหารส่วนตำบล\nเรื่อง มาตรการป้องกันการรับสินบน"),
                            GOOD),                                            # a JPEG
        "มาตรการ PDF.txt": (pdf + b"%copy\n", GOOD),                            # a PDF (other sha)
        # Legacy encodings, decoded rather than garbled.
        "บันทึก tis620.txt": (TIS620_TEXT.encode("tis_620"), GOOD),
        "ประกาศ cp874.txt": (CP874_TEXT.encode("cp874"), GOOD),
        "ตาราง เสีย.html": (BROKEN_HTML.encode("utf-8"), GOOD),
        "cover note.txt": (ENGLISH.encode("ascii"), GOOD),
        "หน้าว่าง.png": (blank_image(), GOOD),                                # no text: empty
        "blank 2000 pages.pdf": (blank_pdf(2000), GOOD),
        # Bad files: each a failure with its reason, the batch going on.
        "empty.pdf": (b"", "empty"),
        "truncated.pdf": (pdf[: len(pdf) // 3], "corrupt"),
        "locked.pdf": (encrypted_pdf(), "encrypted"),
        "random.bin": (random.Random(7).randbytes(8192), SKIPPED),      # not a document
        "zero.png": (png_bytes(0, 0, 8, idat=zlib.compress(b"")), "corrupt"),
        "bomb.png": (png_bytes(50_000, 50_000), "too large"),
    }
    expected = {}
    for name, (data, outcome) in files.items():
        (root / name).write_bytes(data)
        expected[name] = outcome
    return expected
