"""The README's examples for other tools run as written, offline, on a corpus of the samples."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_corpora_store import RECORDS
from thaireports.corpora.store import Corpus

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text("utf-8")


def _sh_block_with(marker: str) -> list[str]:
    """The command lines of the README's ```sh block that contains ``marker``."""
    for block in re.findall(r"```sh\n(.*?)```", README, flags=re.S):
        if marker in block:
            return [line for line in block.splitlines() if line.strip()]
    raise AssertionError(f"no sh block with {marker!r} in README.md")


@pytest.fixture()
def corpus_folder(tmp_path: Path) -> Path:
    with Corpus(tmp_path / "corpus.db", create=True) as corpus:
        for record in RECORDS:
            corpus.add_record(record, record.source.file)
    return tmp_path


def _run(line: str, cwd: Path) -> subprocess.CompletedProcess:
    env = os.environ | {"PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run(["bash", "-c", line], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)


def test_duckdb_reads_the_parquet_export_with_no_extension(corpus_folder: Path) -> None:
    lines = _sh_block_with("read_parquet")
    assert "INSTALL" not in "\n".join(lines)  # nothing to download
    outputs = [_run(line, corpus_folder) for line in lines]
    for line, done in zip(lines, outputs):
        assert done.returncode == 0, (line, done.stderr)
    table = outputs[-1].stdout
    assert "พังงา" in table and "ร้อยเอ็ด" in table  # Thai provinces, one row per fiscal year
    assert re.search(r"2565\s*│\s*พังงา", table)


def test_pandas_and_datasette_metadata_lines_run(corpus_folder: Path) -> None:
    lines = [line for line in _sh_block_with("datasette corpus.db")
             if not line.startswith("datasette ")]  # the server itself: tests/test_corpora_browser.py
    for line in lines:
        done = _run(line, corpus_folder)
        assert done.returncode == 0, (line, done.stderr)
    assert (corpus_folder / "metadata.json").stat().st_size > 0
    assert "[16 rows x" in done.stdout  # the measures table as a pandas frame: 6 + 4 + 6 measures
