"""Progress that counts pages (issue 12): on a terminal the import's bar shows files done/total
and the pages OCR'd so far, and the pages move while a long scan is still being read (each
sandboxed child counts its OCR'd pages in a file beside its copy, which the client reads while
it waits); off a terminal it prints what it printed before, one line per file. The real CLI on
a pseudo-terminal, a real scan, a real local cluster."""
from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from thaireports.corpora.cli import EXIT_OK
from tests._reliability_inputs import SAMPLES

BIN = Path(sys.executable).parent
# One OCR thread: the scan's pages are read one after another, so that the bar can be seen
# between them.
ENV = os.environ | {"PYTHAINLP_OFFLINE": "1", "THAIREPORTS_OCR_JOBS": "1"}


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """Sample 000 printed and scanned: three pages to OCR."""
    from tests.fixtures.render import render_pdf
    from tests.fixtures.scans import pdf_to_scans, write_scanned_pdf

    root = tmp_path_factory.mktemp("progress")
    render_pdf(SAMPLES[0], root / "digital.pdf")
    (root / "in").mkdir()
    write_scanned_pdf(pdf_to_scans(root / "digital.pdf")[:3], root / "in" / "สแกน มาตรการ.pdf")
    return root / "in"


def on_a_terminal(command: list) -> tuple[int, str]:
    """Run with stderr on a pseudo-terminal; (exit code, everything written there)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 160, 0, 0))  # rows, cols
    proc = subprocess.Popen(command, env=ENV, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO: the other end is closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    return proc.wait(timeout=300), b"".join(chunks).decode("utf-8", "replace")


def test_the_bar_counts_pages_while_a_scan_is_read(folder: Path, tmp_path: Path) -> None:
    code, shown = on_a_terminal([BIN / "thaireports", "import", folder, "--db",
                                 tmp_path / "corpus.db", "--workers", "1"])
    assert code == EXIT_OK, shown
    states = re.findall(r"(\d+)/1 \[[^\]]*pages=(\d+)/3", shown)
    assert states, shown
    # Pages OCR'd while the file was still being read (0 of 1 files done), then all of them.
    assert any(done == "0" and 0 < int(pages) < 3 for done, pages in states), states
    assert states[-1] == ("1", "3"), states
    assert "Traceback" not in shown


def test_off_a_terminal_nothing_more_is_printed(folder: Path, tmp_path: Path) -> None:
    done = subprocess.run([BIN / "thaireports", "import", folder, "--db", tmp_path / "c.db",
                           "--workers", "1"], env=ENV, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == EXIT_OK, done.stderr
    lines = done.stderr.splitlines()
    assert lines[0] == "import: 1 files (3 pages) to look at"
    assert lines[-1].startswith("import: 1/1 imported ") and "3/3 pages" in lines[-1]
    # Between them, at most the heartbeat printed today while a file is read.
    assert all(line.startswith("import: still reading ") for line in lines[1:-1]), lines
