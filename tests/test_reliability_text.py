"""The text reader under hostile input (issue 15): bounded work for every text, decided before the
expensive step. Each case runs ``ingest.read`` in a child process with an address-space cap, so
a regression shows as a failure here, not as a machine out of memory; times are generous
bounds (the machine is shared) that the quadratic paths of before missed by far.

- a text of megabytes is read in time linear in its size (a 4 MB text took 33 s, 20 MB > 500 s:
  pythainlp's character clusters copied the rest of the page at every cluster);
- 312 KB of stacked tone marks (66 s: pythainlp's reorder rule retried every mark of a run);
- HTML tables whose rowspan/colspan would build millions of cells (70 KB of HTML took 3.5 GB)
  and tab tables whose one wide row would pad every row to 100,000 columns: capped before
  the grid is built, with a ``table-capped`` warning, no text lost;
- a UTF-8 text with an invalid byte late in it (refused as "not a text file" before): read,
  the byte replaced and an ``undecodable-bytes`` warning.

The speed-ups in ``normalize.thai`` and ``normalize.spacing`` must not change a single output
for normal text: checked against pythainlp called the old way, on every sample and development-set text.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests._reliability_inputs import SAMPLES

TEXTS = SAMPLES + sorted((Path(__file__).parent / "data" / "devset").glob("*.txt"))
MEMORY_CAP = 1536 * 2**20  # address space of the child that reads

# Runs in the child: read one file, report seconds, peak RSS and the warning codes.
_READ = """
import json, sys, time
from pathlib import Path
from thaireports import ingest
from thaireports.normalize.spacing import thai_tokenizer
thai_tokenizer()  # the dictionary is built once per process; not the file's cost
started = time.monotonic()
doc = ingest.read(Path(sys.argv[1]))
print(json.dumps({"seconds": time.monotonic() - started,
                  # VmHWM: this process's own peak (ru_maxrss would count the forking parent)
                  "rss_mb": int(next(l for l in open("/proc/self/status")
                                     if l.startswith("VmHWM")).split()[1]) / 1024,
                  "codes": sorted({w.code for w in doc.warnings}),
                  "chars": len(doc.text), "tables": len(doc.tables)}))
"""


def read_bounded(path: Path, timeout: float = 120) -> dict:
    def cap() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))

    done = subprocess.run([sys.executable, "-c", _READ, str(path)], capture_output=True,
                          text=True, timeout=timeout, preexec_fn=cap,
                          env=os.environ | {"PYTHAINLP_OFFLINE": "1"},
                          cwd=Path(__file__).parent.parent)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.splitlines()[-1])


def one_page_text(copies: int) -> bytes:
    """Sample 000 repeated, page markers removed: one long page, as some exports come."""
    text = SAMPLES[0].read_text(encoding="utf-8").replace("\f", "")
    text = re.sub(r"(?m)^.*page.*$", "", text)
    return ((text + "\n") * copies).encode("utf-8")


def span_bomb(cells: int) -> bytes:
    cell = "<td rowspan=100 colspan=100>มาตรการ</td>"
    rows = "".join("<tr>" + cell * 20 + "</tr>" for _ in range(cells // 20))
    return f"<html><body><p>ประกาศ</p><table>{rows}</table></body></html>".encode("utf-8")


def wide_tab_table(rows: int) -> bytes:
    wide = "\t".join(["ผู้รับผิดชอบ"] * 100_000)
    return (wide + "\n" + "\n".join(f"{i}\tกองคลัง" for i in range(rows)) + "\n").encode()


def late_bad_byte() -> bytes:
    data = SAMPLES[0].read_bytes()
    return data[: len(data) - 200] + b"\xff" + data[len(data) - 200:]


# name -> (bytes, seconds at most, RSS MB at most, warning codes expected)
CASES = {
    "1.5 MB one-page text": (lambda: one_page_text(120), 60, 900, set()),
    "312 KB of stacked tone marks": (lambda: ("ก" + "\u0e48" * 104_000).encode(), 20, 600, set()),
    "70 KB HTML rowspan/colspan": (lambda: span_bomb(1000), 60, 900, {"table-capped"}),
    "700 KB HTML rowspan/colspan": (lambda: span_bomb(10_000), 90, 1200, {"table-capped"}),
    "tab table one row 100,000 wide": (lambda: wide_tab_table(2000), 60, 900, {"table-capped"}),
    "UTF-8 with a bad byte late": (late_bad_byte, 30, 600, {"undecodable-bytes"}),
}


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_text_is_read_within_bounds(tmp_path: Path, name: str) -> None:
    make, seconds, rss_mb, codes = CASES[name]
    path = tmp_path / ("input.html" if "HTML" in name else "input.txt")
    path.write_bytes(make())
    got = read_bounded(path)
    assert got["seconds"] < seconds, got
    assert got["rss_mb"] < rss_mb, got
    assert codes <= set(got["codes"]), got
    assert got["chars"] > 0


def test_reading_time_is_linear_in_the_size(tmp_path: Path) -> None:
    small, large = tmp_path / "small.txt", tmp_path / "large.txt"
    small.write_bytes(one_page_text(30))    # ~390 KB
    large.write_bytes(one_page_text(120))   # ~1.5 MB: 4 times as much
    ratio = read_bounded(large)["seconds"] / max(read_bounded(small)["seconds"], 0.05)
    assert ratio < 8, ratio  # linear: ~4; the quadratic path of before: ~10-16


def test_a_bad_byte_keeps_the_rest_of_the_text(tmp_path: Path) -> None:
    from thaireports import ingest

    path = tmp_path / "บันทึก.txt"
    path.write_bytes(late_bad_byte())
    doc = ingest.read(path)
    assert doc.warnings[0].code == "undecodable-bytes"
    assert "\ufffd" in doc.text and "บันทึกข้อความ" in doc.text


@pytest.mark.parametrize("data, encoding", [
    ("บันทึกข้อความ ปีงบประมาณ ๒๕๖๕\n".encode("cp874"), "cp874"),   # TIS-620: not "bad UTF-8"
    (bytes(range(256)) * 4, None),                                    # binary: still refused
])
def test_other_encodings_are_not_taken_for_damaged_utf8(tmp_path: Path, data: bytes,
                                                        encoding: str | None) -> None:
    from thaireports import ingest
    from thaireports.ingest.errors import IngestError

    path = tmp_path / "x.txt"
    path.write_bytes(data)
    if encoding is None:
        with pytest.raises(IngestError):
            ingest.read(path)
        return
    doc = ingest.read(path)
    assert "undecodable-bytes" not in {w.code for w in doc.warnings}
    assert "บันทึกข้อความ" in doc.text


# --- the speed-ups change nothing for normal text -------------------------------------------
def _old_normalize_cell(cell: str) -> str:
    """normalize.thai._normalize_cell as it was: a regex for the outer spaces, pythainlp on
    the whole core."""
    from pythainlp.util import normalize as pythainlp_normalize

    from thaireports.normalize.thai import _EXTRA_RULES

    lead, core, trail = re.match(r"^( *)(.*?)( *)$", cell, re.DOTALL).groups()
    if not core:
        return cell
    for pattern, replacement in _EXTRA_RULES:
        core = pattern.sub(replacement, core)
    return lead + pythainlp_normalize(core) + trail


def _lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_thai_repair_output_is_unchanged_for_real_text(path: Path) -> None:
    from thaireports.normalize.thai import _CELL_SPLIT, _normalize_cell

    for line in _lines(path):
        for cell in _CELL_SPLIT.split(line)[::2]:
            for probe in (cell, "  " + cell + "   "):
                assert _normalize_cell(probe) == _old_normalize_cell(probe), probe


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_tokens_of_long_text_are_unchanged(path: Path) -> None:
    from pythainlp.tokenize import Tokenizer

    from thaireports.normalize.spacing import _CHUNK_CHARS, thai_dictionary, thai_tokenizer

    plain = Tokenizer(custom_dict=sorted(thai_dictionary()), engine="newmm",
                      keep_whitespace=False)
    text = path.read_text(encoding="utf-8")
    long_text = text * (1 + 2 * _CHUNK_CHARS // max(len(text), 1))  # past the chunk size
    thai_runs = " ".join(re.findall(r"[\u0e00-\u0e7f]+", long_text))
    for probe in (long_text, thai_runs):
        assert thai_tokenizer().word_tokenize(probe) == plain.word_tokenize(probe)


def test_long_text_is_never_cut_inside_a_word_that_holds_a_space() -> None:
    """Repetition words written with a space ('แปลก ๆ') and titles are dictionary words that
    span whitespace: wherever the chunk cut falls, the tokens are pythainlp's own."""
    from pythainlp.tokenize import Tokenizer

    from thaireports.normalize.spacing import _CHUNK_CHARS, thai_dictionary, thai_tokenizer

    plain = Tokenizer(custom_dict=sorted(thai_dictionary()), engine="newmm",
                      keep_whitespace=False)
    line = "ผู้ร้องเรียนพบเรื่องแปลก ๆ ซึ่งๆ หน้า ทั้ง ๆ ที่มีมาตรการแล้ว "
    assert "แปลก ๆ" in plain.word_tokenize(line)
    body = line * (2 * _CHUNK_CHARS // len(line) + 2)
    for shift in range(len(line)):  # moves every cut over every character of the line
        probe = "ก" * shift + body
        assert thai_tokenizer().word_tokenize(probe) == plain.word_tokenize(probe), shift
