"""Memory that holds for the importer's own work (issue 15): the client hashes files in chunks,
streams zip members to its run folder under a size cap checked before a byte is inflated,
refuses a sparse 1.5 GB file from its size before reading it, and keeps a bounded number of
files in flight however many a folder holds. Peak RSS is measured from outside the importer
(VmHWM of a child Python that runs it), with real Dask, real files."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from thaireports.corpora.archive import ArchiveLimits, ExtractedMember, Refusal, iter_archive
from thaireports.corpora.importer import sha256_of_file
from tests._reliability_inputs import SAMPLES

ENV = os.environ | {"PYTHAINLP_OFFLINE": "1"}
MB = 2**20

# Runs one import in a fresh Python and prints its summary's counts and its own peak RSS (KB).
# VmHWM, not getrusage's ru_maxrss: Linux carries ru_maxrss across fork and exec, so a child of
# a large pytest process would report the parent's peak; VmHWM belongs to the new image only.
IMPORT_AND_MEASURE = """
import json, re, sys
from pathlib import Path
from thaireports.corpora.importer import import_paths
summary = import_paths([sys.argv[1]], sys.argv[2], workers=1)
peak = int(re.search(r"VmHWM:\\s+(\\d+) kB", Path("/proc/self/status").read_text()).group(1))
print(json.dumps({"imported": len(summary.imported), "failed": summary.failed,
                  "not_documents": len(summary.not_documents), "peak_kb": peak}))
"""


def measured_import(folder: Path, db: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", IMPORT_AND_MEASURE, folder, db], env=ENV,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_sha256_of_a_large_file_is_streamed(tmp_path: Path) -> None:
    path = tmp_path / "รายงาน ITA.pdf"
    with path.open("wb") as out:
        for i in range(48):
            out.write(bytes([i]) * MB)
    tracemalloc.start()
    try:
        sha256_of_file(path, 64 * MB)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 * MB  # one chunk at a time, never the file


def test_zip_members_are_streamed_to_the_run_folder(tmp_path: Path) -> None:
    archive = tmp_path / "ITA 2566.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as z:
        with z.open("สแกน/ภาพรวม.bin", "w") as member:
            for _ in range(40):
                member.write(os.urandom(MB))
        z.writestr("ประกาศ.txt", SAMPLES[0].read_bytes())
    folder = tmp_path / "members"
    folder.mkdir()
    tracemalloc.start()
    try:
        items = list(iter_archive(str(archive), archive.name, ArchiveLimits(),
                                  extract_to=folder))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * MB
    assert [(type(i), i.name, i.size) for i in items] == [
        (ExtractedMember, "ITA 2566.zip!สแกน/ภาพรวม.bin", 40 * MB),
        (ExtractedMember, "ITA 2566.zip!ประกาศ.txt", SAMPLES[0].stat().st_size)]
    assert items[1].path.read_bytes() == SAMPLES[0].read_bytes()
    assert all(i.path.parent == folder for i in items)


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path: Path) -> None:
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        with z.open("รายงาน.txt", "w") as member:
            for _ in range(64):
                member.write(bytes(MB))
    folder = tmp_path / "members"
    folder.mkdir()
    (item,) = iter_archive(str(archive), "bomb.zip", ArchiveLimits(), extract_to=folder)
    assert isinstance(item, Refusal) and "zip bomb" in item.reason
    assert list(folder.iterdir()) == []  # nothing was inflated


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> dict:
    """The baseline: an import of one tiny text file (Python, pandas, Dask's client)."""
    root = tmp_path_factory.mktemp("small")
    (root / "in").mkdir()
    (root / "in" / "หมายเหตุ.json").write_text('{"title": "ITA 2565"}')
    return measured_import(root / "in", root / "corpus.db")


def test_large_inputs_do_not_grow_the_importer(tmp_path: Path, small: dict) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    with (folder / "สแกนทั้งปี.pdf").open("wb") as sparse:  # 1.5 GB that takes no disk
        sparse.write(b"%PDF-1.7\n")
        sparse.truncate(1536 * MB)
    with zipfile.ZipFile(folder / "ภาพถ่าย.zip", "w", zipfile.ZIP_STORED) as z:
        with z.open("ภาพรวม.bin", "w") as member:  # read, classified, skipped: not a document
            for _ in range(160):
                member.write(os.urandom(MB))
    with zipfile.ZipFile(folder / "bomb.zip", "w", zipfile.ZIP_DEFLATED) as z:
        with z.open("รายงาน.txt", "w") as member:
            for _ in range(400):
                member.write(bytes(MB))
    result = measured_import(folder, tmp_path / "corpus.db")
    reasons = dict(result["failed"])
    assert "too large (1,610,612,736 bytes" in reasons[str(folder / "สแกนทั้งปี.pdf")]
    assert "zip bomb" in reasons[str(folder / "bomb.zip") + "!รายงาน.txt"]
    assert result["not_documents"] == 1
    grown = (result["peak_kb"] - small["peak_kb"]) / 1024
    print(f"importer's peak RSS: {result['peak_kb'] / 1024:.0f} MB with a 1.5 GB sparse file, "
          f"a 160 MB member and a 400 MB bomb; {small['peak_kb'] / 1024:.0f} MB for one file")
    assert grown < 48 and result["peak_kb"] < 400 * 1024


def many_files(folder: Path, count: int) -> Path:
    """``count`` tiny files that are not documents (sidecar JSON, binary litter) in folders
    of 500, and the three real documents."""
    for i in range(count):
        sub = folder / f"{i // 500:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        if i % 2:
            (sub / f"หน้า-{i:06d}.json").write_text(json.dumps({"page": i, "title": "ITA"}))
        else:
            (sub / f"ภาพย่อ-{i:06d}.bin").write_bytes(bytes([i % 251, 0, 255, 7]) * 8)
    for j, sample in enumerate(SAMPLES):
        (folder / f"มาตรการ {j}.txt").write_bytes(sample.read_bytes())
    return folder


def test_memory_does_not_grow_with_the_number_of_files(tmp_path: Path) -> None:
    few = measured_import(many_files(tmp_path / "few", 1000), tmp_path / "few.db")
    more = measured_import(many_files(tmp_path / "more", 3000), tmp_path / "more.db")
    assert (few["imported"], few["not_documents"]) == (len(SAMPLES), 1000)
    assert (more["imported"], more["not_documents"]) == (len(SAMPLES), 3000)
    grown = (more["peak_kb"] - few["peak_kb"]) / 1024
    print(f"importer's peak RSS: {few['peak_kb'] / 1024:.0f} MB for 1,000 files, "
          f"{more['peak_kb'] / 1024:.0f} MB for 3,000")
    assert grown < 16  # a few bytes per file of summary; nothing per file in flight
