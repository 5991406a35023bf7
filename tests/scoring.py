"""Convert documents with the real CLI and score them with the real scorer (tests/score.py,
a copy of ../shared/score.py): the shared step of every score regression test."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def cli() -> list[str]:
    """The installed `thaireports` command beside this interpreter, else the module."""
    exe = Path(sys.executable).with_name("thaireports")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "thaireports.corpora.cli"]


def convert_and_score(documents: list[Path], gold_dir: Path, out: Path,
                      extra_args: tuple[str, ...] = (), timeout: float = 120) -> dict:
    """`thaireports convert` each document into OUT/<stem>.json (asserting exit 0), then score
    OUT against GOLD_DIR; returns the scorer's JSON report."""
    env = {**os.environ, "PYTHAINLP_OFFLINE": "1"}
    for doc in documents:
        done = subprocess.run([*cli(), "convert", str(doc), "-o", str(out / f"{doc.stem}.json"),
                               *extra_args],
                              capture_output=True, text=True, env=env, cwd=ROOT, timeout=timeout)
        assert done.returncode == 0, f"{doc.name}: {done.stderr}"
    report_path = out / "report.json"
    subprocess.run([sys.executable, str(ROOT / "tests" / "score.py"), str(gold_dir), str(out),
                    "--json", str(report_path), "--quiet"],
                   check=True, capture_output=True, text=True, cwd=ROOT, timeout=120)
    return json.loads(report_path.read_text(encoding="utf-8"))
