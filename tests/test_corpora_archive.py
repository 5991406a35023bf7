"""Zip archives from an office's drive are read without trusting them: every hostile member
is refused with a reason a person can act on, and the good members around it still come out."""
from __future__ import annotations

import io
import stat
import warnings
import zipfile
from pathlib import Path

import pytest

from thaireports.corpora.archive import (ArchiveLimits, Member, Refusal, iter_archive, member_name,
                             unsafe_name_reason)

SAMPLE = sorted((Path(__file__).parent.parent / "corpora" / "samples").glob("*.txt"))[0]
TEXT = SAMPLE.read_bytes()  # a real OCR'd report, Thai


def make_zip(path: Path, members: list[tuple[str | zipfile.ZipInfo, bytes]],
             compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about duplicate names; we want them
        with zipfile.ZipFile(path, "w", compression) as archive:
            for name, data in members:
                archive.writestr(name, data)
    return path


def nested(levels: int) -> bytes:
    """A zip holding the sample, wrapped in ``levels`` more zips."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("รายงาน.txt", TEXT)
    for level in range(levels):
        data, buffer = buffer.getvalue(), io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr(f"level{level}.zip", data)
    return buffer.getvalue()


def symlink(name: str, target: str) -> tuple[zipfile.ZipInfo, bytes]:
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info, target.encode()


def split(items) -> tuple[list[Member], list[Refusal]]:
    items = list(items)
    return ([i for i in items if isinstance(i, Member)],
            [i for i in items if isinstance(i, Refusal)])


# One hostile member next to a good one: (members, the reason expected for the hostile one).
@pytest.mark.parametrize("hostile, reason", [
    (("../../x.txt", TEXT), "path escapes"),
    (("ok/../../../etc/cron.d/x", TEXT), "path escapes"),
    (("/etc/passwd", TEXT), "absolute path"),
    (("C:\\Windows\\win.ini", TEXT), "absolute path"),
    (("..\\..\\x.txt", TEXT), "path escapes"),           # Windows separators
    (symlink("link.txt", "/etc/passwd"), "symbolic link"),
    (("bomb.txt", b"\0" * (30 * 2**20)), "compression ratio"),  # 30 MB of zeros, ~30 KB
])
def test_hostile_member_refused_good_member_kept(tmp_path: Path, hostile, reason: str) -> None:
    archive = make_zip(tmp_path / "a.zip", [("มาตรการ/ประกาศ.txt", TEXT), hostile])
    members, refusals = split(iter_archive(str(archive), "a.zip"))
    assert [m.name for m in members] == ["a.zip!มาตรการ/ประกาศ.txt"]
    assert members[0].data == TEXT
    assert len(refusals) == 1 and reason in refusals[0].reason
    assert refusals[0].name.startswith("a.zip!")


def test_total_uncompressed_size_is_capped_across_archives(tmp_path: Path) -> None:
    limits = ArchiveLimits(max_total_bytes=len(TEXT) * 3)
    one = make_zip(tmp_path / "one.zip", [(f"{i}.txt", TEXT) for i in range(2)])
    two = make_zip(tmp_path / "two.zip", [(f"{i}.txt", TEXT) for i in range(2)])
    members, refusals = split([*iter_archive(str(one), "one.zip", limits),
                               *iter_archive(str(two), "two.zip", limits)])
    assert len(members) == 3
    assert [r.name for r in refusals] == ["two.zip!1.txt"]
    assert "in total" in refusals[0].reason


def test_member_size_cap(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "a.zip", [("big.txt", TEXT * 10)], zipfile.ZIP_STORED)
    _, refusals = split(iter_archive(str(archive), "a.zip",
                                     ArchiveLimits(max_member_bytes=len(TEXT))))
    assert "over the cap" in refusals[0].reason


@pytest.mark.parametrize("levels, readable", [(0, True), (2, True), (3, False), (6, False)])
def test_nested_archives_opened_to_the_depth_limit(tmp_path: Path, levels: int,
                                                  readable: bool) -> None:
    path = tmp_path / "n.zip"
    path.write_bytes(nested(levels))
    members, refusals = split(iter_archive(str(path), "n.zip", ArchiveLimits(max_depth=2)))
    if readable:
        assert len(members) == 1 and members[0].data == TEXT
        assert members[0].name.endswith("!รายงาน.txt") and members[0].name.count("!") == levels + 1
    else:
        assert not members and "nested deeper than 2" in refusals[0].reason


def test_duplicate_names_are_all_read_and_told_apart(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "a.zip", [("ประกาศ.txt", TEXT), ("ประกาศ.txt", TEXT[:500])])
    members, refusals = split(iter_archive(str(archive), "a.zip"))
    assert not refusals
    assert [m.name for m in members] == ["a.zip!ประกาศ.txt", "a.zip!ประกาศ.txt (2)"]
    assert [len(m.data) for m in members] == [len(TEXT), 500]


@pytest.mark.parametrize("data, reason", [
    (b"PK\x03\x04" + b"\x00" * 40, "not a readable zip"),     # a header and nothing else
    (b"", "not a readable zip"),
])
def test_broken_archive_is_one_refusal(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "broken.zip"
    path.write_bytes(data)
    members, refusals = split(iter_archive(str(path), "broken.zip"))
    assert not members and refusals[0].name == "broken.zip" and reason in refusals[0].reason


def test_truncated_member_is_refused(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "a.zip", [("a.txt", TEXT)], zipfile.ZIP_STORED)
    raw = bytearray(archive.read_bytes())
    raw[100] ^= 0xFF  # flip a byte of the member: its CRC no longer matches
    archive.write_bytes(bytes(raw))
    members, refusals = split(iter_archive(str(archive), "a.zip"))
    assert not members and "could not be read" in refusals[0].reason


def test_encrypted_member_is_refused(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "a.zip", [("secret.txt", TEXT)])
    raw = bytearray(archive.read_bytes())
    # Set the 'encrypted' flag as 'zip -e' does, in the local header (flags at +6) and the
    # central directory entry (flags at +8); zipfile itself cannot write encrypted members.
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        raw[raw.find(signature) + offset] |= 0x1
    archive.write_bytes(bytes(raw))
    _, refusals = split(iter_archive(str(archive), "a.zip"))
    assert "encrypted" in refusals[0].reason


# Thai member names as Windows (cp874) and careless tools (UTF-8 without the flag) store them.
@pytest.mark.parametrize("name, encoding", [
    ("มาตรการภายใน 2565.pdf", "cp874"),
    ("ประกาศ อบต.เหล.txt", "utf-8"),
])
def test_thai_member_names_decoded(name: str, encoding: str) -> None:
    info = zipfile.ZipInfo(name.encode(encoding).decode("cp437"))
    assert member_name(info) == name


@pytest.mark.parametrize("name", ["ประกาศ.pdf", "2565/มาตรการ/ประกาศ.pdf", "a..b.txt",
                                  ".hidden/x.txt"])
def test_ordinary_names_are_accepted(name: str) -> None:
    assert unsafe_name_reason(name) is None
