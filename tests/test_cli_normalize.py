"""The real ``thaireports normalize`` command, run as a user runs it (subprocess)."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
SAMPLES = sorted((ROOT / "corpora" / "samples").glob("*.txt"))
THAIREPORTS = Path(sys.executable).parent / "thaireports"
THAI_DIGIT = re.compile("[\u0e50-\u0e59]")


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHAINLP_OFFLINE": "1"}
    return subprocess.run([str(THAIREPORTS), "normalize", *args], input=stdin, text=True,
                          capture_output=True, env=env, timeout=60, check=False)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name[:3])
def test_normalize_sample_file(sample):
    started = time.monotonic()
    result = run(str(sample))
    elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    assert not THAI_DIGIT.search(result.stdout)
    assert "ปีงบประมาณ พ.ศ. 25" in result.stdout
    assert elapsed < 5  # generous for CI; about 0.3 s here


def test_normalize_reports_foreign_letters_on_stderr():
    sample = next(p for p in SAMPLES if p.name.startswith("002"))
    result = run(str(sample))
    assert result.returncode == 0
    assert "(นางสาวภัทรदानันท์ บุญมี)" in result.stdout  # reported, not dropped
    assert "warning: [foreign-script] DEVANAGARI" in result.stderr


def test_normalize_stdin():
    result = run("-", stdin="วันที่ ๑๐ เดือน มีนาคม พ.ศ. ๒๕๖๖\tส\u0e4d\u0e32นักปลัด   เเละกองคลัง\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "วันที่ 10 เดือน มีนาคม พ.ศ. 2566\tสำนักปลัด และกองคลัง\n"
    assert result.stderr == ""


def test_normalize_missing_file_names_it(tmp_path):
    missing = tmp_path / "ไม่มีไฟล์.txt"
    result = run(str(missing))
    assert result.returncode != 0
    assert "ไม่มีไฟล์.txt" in result.stderr
    assert "Traceback" not in result.stderr
