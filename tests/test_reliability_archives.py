"""Hostile zip archives through a whole import (issue 7). tests/test_corpora_archive.py checks
each refusal of ``corpora.archive`` alone (traversal, absolute and Windows paths, symlinks, the
ratio, member and total caps, nesting depth, duplicates, encrypted and truncated members); here
the same archives go through ``import_paths``: nothing is written outside the import, every
refused member is in ``failures`` with its reason, the good members around them are imported,
and what the caps do not see (a member lying about its size, a nested bomb, a 40-deep nest) is
stopped too."""
from __future__ import annotations

import io
import sqlite3
import stat
import struct
import warnings
import zipfile
from pathlib import Path

import pytest

from thaireports.corpora.archive import ArchiveLimits, Member, Refusal, iter_archive
from thaireports.corpora.importer import import_paths
from tests._reliability_inputs import SAMPLES

TEXT = SAMPLES[0].read_bytes()


def zip_bytes(members: list[tuple[str | zipfile.ZipInfo, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about duplicate names; we want them
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in members:
                archive.writestr(name, data)
    return buffer.getvalue()


def symlink(name: str, target: str) -> tuple[zipfile.ZipInfo, bytes]:
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info, target.encode()


def nested(levels: int, inner: bytes) -> bytes:
    data = inner
    for level in range(levels):
        data = zip_bytes([(f"ชั้น{level}.zip", data)])
    return data


def lying_size(data: bytes, claimed: int) -> bytes:
    """A one-member zip whose headers claim ``claimed`` bytes uncompressed (it holds more)."""
    raw = bytearray(zip_bytes([("เล็ก.txt", data)]))
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = raw.find(signature) + offset
        raw[at:at + 4] = struct.pack("<I", claimed)
    return bytes(raw)


def bomb_of_bombs(members: int, size: int) -> bytes:
    """42.zip in small: each inner archive passes the ratio cap alone, together they do not."""
    inner = zip_bytes([(f"{i}.txt", TEXT * (size // len(TEXT))) for i in range(members)])
    return zip_bytes([(f"ชุด{j}.zip", inner) for j in range(members)])


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    inbox = root / "inbox" / "a" / "b"
    inbox.mkdir(parents=True)
    variants = [TEXT + f"\nฉบับที่ {i}\n".encode() for i in range(4)]
    (inbox / "รายงาน.zip").write_bytes(zip_bytes([
        ("มาตรการ/ประกาศ.txt", variants[0]),                      # good
        ("../../../escaped.txt", variants[1]),                    # traversal
        ("/tmp/absolute.txt", variants[1]),                       # absolute
        ("C:\\Users\\absolute.txt", variants[1]),                 # Windows absolute
        symlink("ลิงก์.txt", "/etc/passwd"),                       # symlink
        ("bomb.txt", b"\0" * (30 * 2**20)),                       # ratio ~1000:1
        ("ซ้ำ.txt", variants[2]), ("ซ้ำ.txt", variants[3]),          # duplicate names
    ]))
    (inbox / "ลึก.zip").write_bytes(nested(40, zip_bytes([("ใน.txt", TEXT)])))
    (inbox / "โกหก.zip").write_bytes(lying_size(TEXT * 40, claimed=1000))
    (inbox / "ระเบิดซ้อน.zip").write_bytes(bomb_of_bombs(8, 2**20))
    db = root / "corpus.db"
    limits = ArchiveLimits(max_total_bytes=16 * 2**20)  # the bomb of bombs holds 64 MB
    summary = import_paths([root / "inbox"], db, workers=1, limits=limits)
    return root, inbox, db, summary


def failures(db: Path) -> dict[str, str]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT path, reason FROM failures"))


def test_nothing_is_written_outside_the_import(imported) -> None:
    root, _, _, _ = imported
    names = {p.name for p in root.rglob("*")}
    assert not names & {"escaped.txt", "absolute.txt", "passwd", "ลิงก์.txt"}
    assert not Path("/tmp/absolute.txt").exists()


@pytest.mark.parametrize("member, reason", [
    ("../../../escaped.txt", "path escapes"),
    ("/tmp/absolute.txt", "absolute path"),
    ("C:\\Users\\absolute.txt", "absolute path"),
    ("ลิงก์.txt", "symbolic link"),
    ("bomb.txt", "compression ratio"),
])
def test_each_hostile_member_is_a_failure_with_its_reason(imported, member: str,
                                                          reason: str) -> None:
    _, inbox, db, _ = imported
    assert reason in failures(db)[f"{inbox / 'รายงาน.zip'}!{member}"]


def test_good_and_duplicate_members_are_imported(imported) -> None:
    _, inbox, db, summary = imported
    archive = f"{inbox / 'รายงาน.zip'}!"
    assert {f"{archive}มาตรการ/ประกาศ.txt", f"{archive}ซ้ำ.txt",
            f"{archive}ซ้ำ.txt (2)"} <= set(summary.imported)
    with sqlite3.connect(db) as conn:
        paths = {r[0] for r in conn.execute("SELECT source_path FROM documents")}
    assert f"{archive}ซ้ำ.txt (2)" in paths


def test_deep_nest_lying_size_and_nested_bomb_are_refused(imported) -> None:
    _, inbox, db, _ = imported
    reasons = failures(db)
    deep = [r for p, r in reasons.items() if p.startswith(str(inbox / "ลึก.zip"))]
    assert len(deep) == 1 and "nested deeper than 3" in deep[0]
    assert "could not be read" in reasons[f"{inbox / 'โกหก.zip'}!เล็ก.txt"]
    nested_bomb = [r for p, r in reasons.items() if p.startswith(str(inbox / "ระเบิดซ้อน.zip"))]
    assert nested_bomb and all("in total" in r for r in nested_bomb)


def test_a_lying_member_never_inflates_past_its_declared_size(tmp_path: Path) -> None:
    path = tmp_path / "โกหก.zip"
    path.write_bytes(lying_size(b"\0" * (64 * 2**20), claimed=1000))  # 64 MB behind 1 KB
    items = list(iter_archive(str(path), "โกหก.zip"))
    assert [type(i) for i in items] == [Refusal] and "could not be read" in items[0].reason


def test_the_total_cap_counts_members_of_nested_archives(tmp_path: Path) -> None:
    path = tmp_path / "b.zip"
    path.write_bytes(bomb_of_bombs(4, 2**20))
    limits = ArchiveLimits(max_total_bytes=6 * 2**20)
    items = list(iter_archive(str(path), "b.zip", limits))
    read = sum(len(i.data) for i in items if isinstance(i, Member))
    assert read <= 6 * 2**20 and limits.total_bytes <= 6 * 2**20
    members = [i for i in items if isinstance(i, Member)]
    refusals = [i for i in items if isinstance(i, Refusal)]
    assert 4 <= len(members) <= 6 and len(members) + len(refusals) == 16
    assert all("in total" in r.reason for r in refusals)
