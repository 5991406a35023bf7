"""Per-file time and memory limits (issue 7): one pathological file cannot stall a batch. Each
file converts in a sandboxed child (``corpora.sandbox``) with RLIMIT_AS and a wall-clock limit;
real inputs trip them: a 169-megapixel colour scan (legal under the pixel cap, but reading it
needs well over 1 GB) and a twelve-page scanned PDF (~40 s of OCR) under a few seconds' limit."""
from __future__ import annotations

import functools
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from thaireports.corpora.sandbox import convert_limited, death_reason
from tests._reliability_inputs import SAMPLES, digital_pdf, text_image

BIN = Path(sys.executable).parent
ENV = os.environ | {"PYTHAINLP_OFFLINE": "1"}
GREEDY_SIDE = 13_000  # px: 169 Mpx, under ingest.image.MAX_PIXELS (180 Mpx)


@functools.lru_cache(maxsize=1)
def greedy_scan() -> bytes:
    """A colour scan at the pixel cap: 0.5 GB decoded, twice that once converted for OCR."""
    return text_image("ประกาศองค์การบริหารส่วนตำบล", size=(GREEDY_SIDE, GREEDY_SIDE), fmt="PNG",
                      mode="RGB")


def slow_scan(tmp: Path) -> bytes:
    """Sample 000 printed and scanned three times over: twelve pages that need OCR (~40 s of
    CPU), so that even with its pages OCR'd in parallel the file outlasts the 8 s limit."""
    from tests.fixtures.scans import pdf_to_scans, write_scanned_pdf

    pdf = tmp / "digital.pdf"
    pdf.write_bytes(digital_pdf(tmp))
    return write_scanned_pdf(pdf_to_scans(pdf) * 3, tmp / "scan.pdf").read_bytes()


@pytest.fixture(scope="module")
def limited_import(tmp_path_factory):
    root = tmp_path_factory.mktemp("limits")
    folder = root / "in"
    folder.mkdir()
    (folder / "ภาพใหญ่.png").write_bytes(greedy_scan())
    (folder / "สแกน 12 หน้า.pdf").write_bytes(slow_scan(root))
    for sample in SAMPLES:
        (folder / sample.name).write_bytes(sample.read_bytes())
    db = root / "c.db"
    started = time.monotonic()
    done = subprocess.run([BIN / "thaireports", "import", folder, "--db", db, "--workers", "2",
                           "--quiet", "--timeout", "8", "--memory", "1024"],
                          env=ENV, capture_output=True, text=True, timeout=300)
    return folder, db, done, time.monotonic() - started


def failures(db: Path) -> dict[str, str]:
    with sqlite3.connect(db) as conn:
        return {Path(p).name: r for p, r in conn.execute("SELECT path, reason FROM failures")}


def test_greedy_file_fails_as_memory_and_the_batch_goes_on(limited_import) -> None:
    _, db, done, _ = limited_import
    assert done.returncode == 6, done.stderr
    assert failures(db)["ภาพใหญ่.png"].startswith("memory"), failures(db)
    with sqlite3.connect(db) as conn:
        names = {r[0] for r in conn.execute("SELECT file_name FROM documents")}
    assert names == {s.name for s in SAMPLES}


def test_slow_file_fails_as_timeout_within_its_limit(limited_import) -> None:
    _, db, _, seconds = limited_import
    assert failures(db)["สแกน 12 หน้า.pdf"] == "timeout: still reading after 8 s"
    assert seconds < 60  # startup + the 8 s limit + the rest; the 12-page OCR was cut short


def test_the_same_scan_fits_the_default_memory_limit(tmp_path: Path) -> None:
    path = tmp_path / "ภาพใหญ่.png"
    path.write_bytes(greedy_scan())
    result = convert_limited(path, timeout=120)  # 4 GB by default
    assert result["status"] == "ok", result["payload"]


def test_a_killed_conversion_leaves_no_process_behind(tmp_path: Path) -> None:
    """The timeout kills the child's whole process group: Tesseract goes with it."""
    path = tmp_path / "scan.pdf"
    path.write_bytes(slow_scan(tmp_path))
    result = convert_limited(path, timeout=3)
    assert result["status"] == "timeout"
    time.sleep(0.5)
    ps = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    assert str(tmp_path) not in ps  # no tesseract or child still reading our file


@pytest.mark.parametrize("status, memory, reason", [
    (-6, 2**30, "memory: the reader died of SIGABRT under the 1,024 MB limit a file may use"),
    (-11, None, "crashed: the reader died of SIGSEGV"),
    (1, 2**30, "crashed: the reader exited with code 1"),
])
def test_death_reasons(status: int, memory: int | None, reason: str) -> None:
    assert death_reason(status, memory) == reason


def test_a_frame_too_big_for_the_room_left_is_refused_before_decoding(tmp_path: Path,
                                                                     monkeypatch) -> None:
    # 4,000 x 4,000 colour: 48 MB decoded, ~144 MB to read; with 100 MB left it is refused
    # at once, as the sandbox's address-space limit would have killed it later.
    from thaireports.ingest import image

    path = tmp_path / "สแกนสี.png"
    path.write_bytes(text_image("ประกาศเทศบาลตำบลบ้านไร่", size=(4000, 4000), fmt="PNG", mode="RGB"))
    monkeypatch.setattr(image, "address_room", lambda: 100 * 2**20)
    with pytest.raises(MemoryError, match="needs about 137 MB to read; 100 MB are left"):
        list(image.frames(path))
    monkeypatch.setattr(image, "address_room", lambda: None)  # no limit: it is read
    assert [n for n, _ in image.frames(path)] == [1]


_CHILD = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1536 * 2**20, resource.RLIM_INFINITY))
from pathlib import Path
from thaireports.ingest import image
from thaireports.ingest.errors import CorruptFileError
try:
    list(image.frames(Path(sys.argv[1])))
except CorruptFileError as exc:
    print("corrupt:", exc.reason)
"""


def test_a_png_chunk_claiming_gigabytes_is_corrupt_not_out_of_memory(tmp_path: Path) -> None:
    # A small scan whose data chunk's length field was overwritten to claim 2 GB: Pillow asks
    # for that much to read it. The frame's pixels fit the room a file has (1.5 GB here, as the
    # sandbox sets), so it is the file that lies: reported corrupt, with its path.
    import struct
    import subprocess
    import sys

    data = bytearray(text_image("ประกาศเทศบาลตำบลบ้านไร่", size=(600, 200), fmt="PNG", mode="L"))
    idat = data.index(b"IDAT")
    data[idat - 4:idat] = struct.pack(">I", 0x7FFFFFF0)  # IDAT's length: 2 GB
    path = tmp_path / "สแกนเสีย.png"
    path.write_bytes(bytes(data))
    out = subprocess.run([sys.executable, "-c", _CHILD, str(path)], capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "corrupt:" in out.stdout and "claims more memory" in out.stdout, out.stdout
