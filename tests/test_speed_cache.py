"""The dictionary cache of normalize/spacing.py: the cached, fast-loading tokenizer gives the
tokens pythainlp's own newmm Tokenizer gives, and a cache file that is missing, stale, corrupt
or unwritable is rebuilt or done without, never trusted and never a crash."""
from __future__ import annotations

import marshal
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from thaireports.normalize import spacing

ROOT = Path(__file__).resolve().parent.parent
TEXTS = sorted((ROOT / "corpora" / "samples").glob("*.txt")) + \
    sorted((ROOT / "tests" / "data" / "devset").glob("*.txt"))


@pytest.fixture(scope="module")
def plain_tokenizer():
    """pythainlp's Tokenizer over the dictionary built from its sources: the reference."""
    from pythainlp.tokenize import Tokenizer

    return Tokenizer(custom_dict=sorted(spacing.build_thai_dictionary()), engine="newmm",
                     keep_whitespace=False)


@pytest.fixture(scope="module")
def plain_trie():
    from pythainlp.util import Trie

    return Trie(sorted(spacing.build_thai_dictionary()))


def test_dictionary_from_the_cache_is_the_built_one() -> None:
    assert spacing.thai_dictionary() == spacing.build_thai_dictionary()


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_tokens_identical_to_pythainlp_tokenizer(path: Path, plain_tokenizer) -> None:
    text = path.read_text(encoding="utf-8")
    fresh = spacing.ChunkedTokenizer(spacing.sorted_word_trie(spacing.dictionary_words()[1]))
    for line in text.splitlines():  # short texts, as the spacing rule and the scorer see them
        expected = plain_tokenizer.word_tokenize(line)
        assert spacing.thai_tokenizer().word_tokenize(line) == expected, line
        assert fresh.word_tokenize(line) == expected, line
    whole = text[: spacing._CHUNK_CHARS]  # one newmm call over a page
    assert spacing.thai_tokenizer().word_tokenize(whole) == plain_tokenizer.word_tokenize(whole)


def test_prefixes_identical_to_pythainlp_trie(plain_trie) -> None:
    trie = spacing.sorted_word_trie(spacing.dictionary_words()[1])
    text = TEXTS[0].read_text(encoding="utf-8")[:3000]
    for start in range(len(text) + 1):
        assert trie.prefixes(text, start) == plain_trie.prefixes(text, start), start
    assert len(trie) == len(plain_trie)
    for word in ("กองคลัง", "ปฏิบัติงาน", "กอง", "ปฏิบัติงานx", "", "ก"):
        assert (word in trie) == (word in plain_trie), word


# --- the cache file ---------------------------------------------------------------------------
WORDS = frozenset({"กอง", "กองคลัง", "คลัง", "ปฏิบัติงาน", " งาน "})


def _no_build() -> frozenset[str]:
    raise AssertionError("built although a valid cache file was there")


def test_cache_written_then_read(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "dictionary.bin"
    built = spacing.load_dictionary(path, "k1", build=lambda: WORDS)
    assert path.is_file() and not list(path.parent.glob("*.tmp"))
    assert built[0] == tuple(sorted(WORDS))
    assert built[1] == ("กอง", "กองคลัง", "คลัง", "งาน", "ปฏิบัติงาน")  # stripped as Trie.add does
    assert spacing.load_dictionary(path, "k1", build=_no_build) == built


def test_cache_of_another_key_is_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "dictionary.bin"
    spacing.load_dictionary(path, "old-key", build=lambda: WORDS)
    newer = WORDS | {"เทศบาล"}
    assert "เทศบาล" in spacing.load_dictionary(path, "new-key", build=lambda: newer)[0]
    assert spacing.load_dictionary(path, "new-key", build=_no_build)[0] == tuple(sorted(newer))


def _corruptions(data: bytes) -> dict[str, bytes]:
    header, checksum, body = data.split(b"\n", 2)
    flipped = bytearray(data)
    flipped[-3] ^= 0x55
    not_words = marshal.dumps(42)
    import hashlib

    return {
        "empty": b"",
        "truncated": data[: len(data) // 2],
        "one byte flipped": bytes(flipped),
        "garbage": os.urandom(4096),
        "no newline": b"x" * 100,
        "wrong format": header.replace(b"/1", b"/9") + b"\n" + checksum + b"\n" + body,
        # a checksum that matches, over a payload of the wrong shape
        "wrong shape": header + b"\n" + hashlib.sha256(not_words).hexdigest().encode()
        + b"\n" + not_words,
        "marshal garbage": header + b"\n" + hashlib.sha256(b"\xff\xff").hexdigest().encode()
        + b"\n\xff\xff",
    }


@pytest.mark.parametrize("kind", list(_corruptions(b"h\nc\nb")))
def test_corrupt_cache_is_rebuilt(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "dictionary.bin"
    good = spacing.load_dictionary(path, "k", build=lambda: WORDS)
    path.write_bytes(_corruptions(path.read_bytes())[kind])
    assert spacing.read_dictionary_cache(path, "k") is None
    assert spacing.load_dictionary(path, "k", build=lambda: WORDS) == good
    assert spacing.load_dictionary(path, "k", build=_no_build) == good  # and written back


def test_unwritable_cache_dir_is_done_without(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a dir")
    path = blocker / "dictionary.bin"  # its parent is a file: nothing can be written
    assert spacing.load_dictionary(path, "k", build=lambda: WORDS)[0] == tuple(sorted(WORDS))
    assert spacing.load_dictionary(None, "k", build=lambda: WORDS)[0] == tuple(sorted(WORDS))


def test_cache_key_is_a_digest_of_the_sources() -> None:
    key = spacing.dictionary_cache_key()
    assert re.fullmatch(r"[0-9a-f]{64}", key) and key == spacing.dictionary_cache_key()


# --- a fresh process, as `thaireports convert` starts ---------------------------------------
_PROBE = ("from normalize.spacing import thai_tokenizer, dictionary_cache_key; "
          "import sys; print('|'.join(thai_tokenizer().word_tokenize(sys.stdin.read())))")


def _tokens_in_fresh_process(cache: Path, text: str, **env: str) -> str:
    done = subprocess.run([sys.executable, "-c", _PROBE], input=text, capture_output=True,
                          text=True, check=True, cwd=ROOT,
                          env={**os.environ, "XDG_CACHE_HOME": str(cache), **env})
    return done.stdout


def test_fresh_processes_with_and_without_the_cache(tmp_path: Path) -> None:
    text = TEXTS[-1].read_text(encoding="utf-8")[:3000]
    no_cache = _tokens_in_fresh_process(tmp_path, text, THAIREPORTS_NO_CACHE="1")
    assert not (tmp_path / "thaireports").exists()
    first = _tokens_in_fresh_process(tmp_path, text)  # builds and writes the cache
    files = list((tmp_path / "thaireports").glob("dictionary-*.bin"))
    assert len(files) == 1
    second = _tokens_in_fresh_process(tmp_path, text)  # reads it
    files[0].write_bytes(files[0].read_bytes()[:1000])  # a crash mid-write, a full disk
    third = _tokens_in_fresh_process(tmp_path, text)
    assert no_cache == first == second == third
    assert spacing.read_dictionary_cache(files[0], files[0].read_bytes().split(b" ", 1)[1]
                                         .split(b"\n", 1)[0].decode()) is not None
