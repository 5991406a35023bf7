"""``bench/run.py --only writer`` runs and writes its table (a small run: speed is for the
benchmark, never asserted here)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_writer_section_runs_and_reports_one_run(tmp_path: Path) -> None:
    out = tmp_path / "BENCHMARKS.md"
    env = {**os.environ, "PYTHAINLP_OFFLINE": "1", "THAIREPORTS_BENCH_CACHE": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--only", "writer",
         "--writer-records", "24", "--repeat", "1", "--out", str(out)],
        capture_output=True, text=True, timeout=300, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    report = out.read_text("utf-8")
    for line in ("| cores (nproc) |", "| CPU |", "| python |", "| tesseract |", "| ocrmypdf |",
                 "| pypdfium2 |", "| pdfplumber |", "| load average at start |",
                 "| load average at end |", "## The single writer",
                 "| baseline: bare SQLite", "scan-sized records, batch 64 |",
                 "scan-sized records, batch 256 |", "the 3 samples' records, batch 64 |",
                 "only the sections writer were run"):
        assert line in report, line
    table = [row for row in report.splitlines() if row.startswith("| `add_records")]
    assert len(table) == 5 and all(row.count("|") == 8 for row in table)
    # Nothing kept from another run: no other section, and the repository's report untouched.
    assert "## Scanned pages" not in report and "## Scale" not in report
    assert (tmp_path / "results.json").is_file()
