"""One document, many files (issue 12): the same memo as a scan, a PDF, a Word file and a text
file is one document. Files are linked when they carry the same header (agency, ref, date,
subject) or near-identical text; the corpus keeps every file and elects one canonical record
per group, the best source: a text layer or an Office file over a text file over OCR, then
fewer warnings, then more pages and measures.

Near-identical text is found with MinHash over character 5-grams of the whitespace-free
normalized text (Thai has no spaces between words, and OCR adds and drops them), indexed by
locality-sensitive hashing in SQLite (``document_bands``: 16 bands of 4 values), so a new file
is compared with the few files that share a band, not with the whole corpus. A text pair at
Jaccard 0.8 shares two bands or more with probability 0.997, one at 0.4 with 0.06; every candidate is
then checked against ``TEXT_THRESHOLD`` on the signatures.

Measured on the bundled sample 000: its OCR'd text against a degraded 200 dpi scan of it,
Jaccard 0.87 on 5-grams; two different agencies' memos of the samples, 0.07 to 0.17.
"""
from __future__ import annotations

import hashlib
import re
from typing import Any

import numpy as np

SHINGLE = 5            # characters per shingle
PERMUTATIONS = 64      # MinHash values per signature
BANDS = 16             # LSH bands of PERMUTATIONS // BANDS values each
MIN_SHARED_BANDS = 2   # candidates share this many bands (P = 0.997 at Jaccard 0.8)
TEXT_THRESHOLD = 0.8   # estimated Jaccard from which two files hold the same text
MIN_TEXT_CHARS = 200   # shorter texts (blank scans, a stray page) are never linked by text

_MASK64 = np.uint64(0xFFFFFFFFFFFFFFFF)
_rng = np.random.default_rng(20240612)  # fixed: signatures must be comparable across runs
_A = _rng.integers(1, 2**63, PERMUTATIONS, dtype=np.uint64) | np.uint64(1)  # odd multipliers
_B = _rng.integers(0, 2**63, PERMUTATIONS, dtype=np.uint64)
_SPACE = re.compile(r"\s+")

# Office inputs and PDF text layers are the author's own characters; text files are usually an
# OCR service's output; our OCR comes last.
_OFFICE_MEDIA = ("application/vnd.openxmlformats", "application/msword",
                 "application/vnd.ms-excel", "application/vnd.oasis.opendocument",
                 "application/rtf", "text/rtf")
SOURCE_CLASS = {"pdf-text": 3, "text": 2, "mixed": 1, "ocr": 0}


def compact(text: str | None) -> str:
    """Text without any whitespace: how two readings of one page are compared.

    Example:
        >>> compact("ประจำ ปีงบประมาณ พ.ศ. 2562")
        'ประจำปีงบประมาณพ.ศ.2562'
    """
    return _SPACE.sub("", text or "")


def header_key(agency: str | None, ref: str | None, date: str | None,
               subject: str | None) -> str | None:
    """The key of 'same agency + ref + date + subject', or None when the header is too thin
    to identify a document (agency, date and subject are needed; a missing ref matches a
    missing ref).

    Example:
        >>> header_key("อบต.คมบาง", None, "2019-04-22", "มาตรการภายใน ประจำ ปี 2562")
        'อบต.คมบาง||2019-04-22|มาตรการภายในประจำปี2562'
    """
    parts = [compact(agency), compact(ref), compact(date), compact(subject)]
    if not (parts[0] and parts[2] and parts[3]):
        return None
    return "|".join(parts)


def signature(text: str) -> np.ndarray | None:
    """The MinHash signature (PERMUTATIONS uint32) of a text's 5-gram set, or None when the
    text is too short to say anything."""
    chars = compact(text)
    if len(chars) < MIN_TEXT_CHARS:
        return None
    codes = np.frombuffer(chars.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    # Polynomial hash of each 5-gram (wrapping uint64 arithmetic), vectorized over positions.
    n = len(codes) - SHINGLE + 1
    shingles = np.zeros(n, dtype=np.uint64)
    base = np.uint64(1_000_003)
    with np.errstate(over="ignore"):
        for i in range(SHINGLE):
            shingles = shingles * base + codes[i:i + n]
        shingles = np.unique(shingles)
        # Multiply-shift hashing: the top 32 bits of a*x + b (mod 2^64), one row per permutation.
        hashed = (_A[:, None] * shingles[None, :] + _B[:, None]) >> np.uint64(32)
    return hashed.min(axis=1).astype(np.uint32)


def record_signature(record: Any) -> np.ndarray | None:
    """The signature of a record's page texts (what the corpus stores)."""
    return signature("\n".join(page.text for page in record.pages))


def signature_bytes(sig: np.ndarray | None) -> bytes | None:
    return None if sig is None else sig.tobytes()


def from_bytes(blob: bytes | None) -> np.ndarray | None:
    return None if blob is None else np.frombuffer(blob, dtype=np.uint32)


def bands(sig: np.ndarray) -> list[tuple[int, int]]:
    """(band number, hash of the band's values) rows for the LSH index; the hash fits SQLite's
    signed 64-bit INTEGER."""
    rows = PERMUTATIONS // BANDS
    out = []
    for band in range(BANDS):
        chunk = sig[band * rows:(band + 1) * rows].tobytes()
        digest = hashlib.blake2b(chunk, digest_size=8).digest()
        out.append((band, int.from_bytes(digest, "little", signed=True)))
    return out


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two texts' 5-gram sets."""
    return np.count_nonzero(a == b) / len(a)


def conflicts(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Two files whose headers disagree on the date or fiscal year are different documents
    however alike their text (the same agency's memo year after year)."""
    return any(a.get(k) and b.get(k) and a[k] != b[k] for k in ("date", "fiscal_year"))


def source_class(media_type: str | None, text_source: str | None) -> int:
    if media_type and media_type.startswith(_OFFICE_MEDIA):
        return 3
    return SOURCE_CLASS.get(text_source or "", 0)


def rank(row: dict[str, Any]) -> tuple:
    """Sort key of a group's files, best first: source class, fewer warnings, more pages,
    more measures, then the id (so that the election is the same in every run)."""
    return (-source_class(row.get("media_type"), row.get("text_source")),
            row.get("warning_count") or 0, -(row.get("page_count") or 0),
            -(row.get("measure_count") or 0), row["id"])
