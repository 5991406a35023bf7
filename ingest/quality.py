"""A quality figure for a page, computed from its text alone.

Tesseract's word confidence stays near 93 on good and bad Thai pages alike (issue 3), so it
cannot tell a broken page from a clean one. What does: the share of Thai tokens that newmm
finds in its dictionary (broken text falls apart into unknown fragments), minus the share of
sequences no Thai text can contain (a vowel or tone mark with no consonant under it, U+FFFD,
Private Use Area glyphs left by a PDF font).
"""
from __future__ import annotations

import re

_THAI_CHAR = re.compile(r"[\u0e01-\u0e4e]")
_THAI_RUN = re.compile(r"[\u0e01-\u0e4e]+")
# Marks that sit on a consonant: ั ิ ี ึ ื ุ ู ฺ ็ ่ ้ ๊ ๋ ์ ํ ๎.
_MARKS = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
# A mark at the start of the text or after anything that is not a Thai consonant/mark/า/ำ.
_ORPHAN_MARK = re.compile(rf"(?:^|[^\u0e01-\u0e2e{_MARKS}])[{_MARKS}]")
# Leading vowels เ แ โ ใ ไ must be followed by a consonant.
_STRANDED_LEADING_VOWEL = re.compile(r"[\u0e40-\u0e44](?![\u0e01-\u0e2e])")
_LONE_CONSONANT = re.compile(r"^[\u0e01-\u0e2e]$")
_BROKEN_CHARS = re.compile(r"[\ufffd\ue000-\uf8ff]")  # replacement char, Private Use Area


def _dictionary() -> frozenset[str]:
    # normalize's dictionary (pythainlp's words + domain words such as place names) and its
    # cached tokenizer: building a newmm trie of 62k words costs ~0.5 s, so build it once.
    from thaireports.normalize.spacing import thai_dictionary

    return thai_dictionary()


def _tokens(text: str) -> list[str]:
    from thaireports.normalize.spacing import thai_tokenizer

    return thai_tokenizer().word_tokenize(text)


def dictionary_share(text: str) -> tuple[float, int]:
    """Share of the Thai tokens of ``text`` that are dictionary words, and how many tokens.

    Single Thai letters that stand alone as words (ณ, ก็ split off, ฯ) count as words.

    Example:
        >>> dictionary_share("มาตรการส่งเสริมคุณธรรม")
        (1.0, 3)
    """
    words = _dictionary()
    runs = " ".join(_THAI_RUN.findall(text))
    # A lone consonant is most often an abbreviation letter (พ.ศ., ป.ป.ช., จ.ร้อยเอ็ด): neutral.
    tokens = [t for t in _tokens(runs) if _THAI_CHAR.search(t) and not _LONE_CONSONANT.match(t)
              ] if runs else []
    if not tokens:
        return 0.0, 0
    known = sum(1 for t in tokens if t in words or t in _STANDALONE)
    return known / len(tokens), len(tokens)


# Tokens newmm splits off that are real words though not dictionary entries.
_STANDALONE = frozenset({"ณ", "ฯ", "ๆ", "ก็", "ซึ่ง", "ฯลฯ"})


def broken_share(text: str) -> float:
    """Broken sequences per Thai letter (orphan marks, stranded leading vowels, U+FFFD, PUA).

    Example:
        >>> broken_share("ก\\ufffdข")
        0.5
    """
    thai = len(_THAI_CHAR.findall(text))
    broken = (len(_ORPHAN_MARK.findall(text)) + len(_STRANDED_LEADING_VOWEL.findall(text))
              + len(_BROKEN_CHARS.findall(text)))
    if not thai:
        return 1.0 if broken else 0.0
    return min(1.0, broken / thai)


def page_quality(text: str) -> float:
    """How readable a page's text is, from 0 (garbage or empty) to 1 (clean Thai).

    The dictionary share of Thai tokens, minus ten times the broken-sequence rate (one broken
    mark in ten letters already makes a page unusable). A page with no Thai at all scores by
    its Latin/digit content alone (1.0 when it has words and nothing broken).

    Args:
        text: the page text (normalized or raw).

    Returns:
        A float in 0..1, rounded to 3 places.

    Example:
        >>> page_quality("ประกาศองค์การบริหารส่วนตำบลบึงนคร")
        1.0
        >>> page_quality("") == 0.0
        True
    """
    if not text or not text.strip():
        return 0.0
    share, count = dictionary_share(text)
    broken = broken_share(text)
    if count == 0:
        letters = [ch for ch in text if ch.isalpha()]
        # Thai bytes shown through a font without a ToUnicode map come out as Latin-1 letters
        # ('»ÃÐ¡ÒÈ' for ประกาศ): a page of those is not English.
        mojibake = sum(1 for ch in letters if "\u00a0" <= ch <= "\u00ff")
        has_words = bool(re.search(r"[A-Za-z0-9]{2,}", text))
        base = 1.0 if has_words and mojibake <= 0.2 * len(letters) else 0.0
    else:
        base = share
    return round(max(0.0, min(1.0, base - 10.0 * broken)), 3)


LONG_WORD = 4  # letters: shorter dictionary words also come out of garbage by chance


def long_word_share(text: str) -> float:
    """Share of the Thai letters of ``text`` that lie in dictionary words of 4+ letters.

    Upside-down or sideways text read as Thai falls apart into short tokens that newmm still
    finds in its dictionary (ทบ, แระ, ลด), so the plain dictionary share stays above 0.6 on
    it; its long words do not survive (0.02 against 0.8 on a page read upright).

    Example:
        >>> long_word_share("มาตรการส่งเสริมคุณธรรม")
        1.0
        >>> long_word_share("")
        0.0
    """
    words = _dictionary()
    runs = " ".join(_THAI_RUN.findall(text))
    tokens = [t for t in _tokens(runs) if t.strip()] if runs else []
    letters = sum(len(t) for t in tokens)
    if not letters:
        return 0.0
    return sum(len(t) for t in tokens if len(t) >= LONG_WORD and t in words) / letters
