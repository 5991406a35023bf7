"""A quality figure for a page, computed from its text alone.

Tesseract's word confidence stays near 93 on good and bad Thai pages alike (issue 3), so it
cannot tell a broken page from a clean one. What does: the share of Thai tokens that newmm
finds in its dictionary (broken text falls apart into unknown fragments), minus the share of
sequences no Thai text can contain (a vowel or tone mark with no consonant under it, U+FFFD,
Private Use Area glyphs left by a PDF font).
"""
from __future__ import annotations

import re
from functools import lru_cache

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


@lru_cache(maxsize=1)
def _spanning_words() -> tuple[dict[str, frozenset[str]], int]:
    """The dictionary words that hold a space ('ลม ๆ', 'เห็นช้างขี้ ขี้ตามช้าง': ~600 of
    pythainlp's words), as what comes before their first space -> what comes between it and
    the next space, and the longest of the first parts."""
    words = _dictionary()
    # `" " in word` is a C loop; a word with other whitespace (none in pythainlp's) is rarer
    spaced = [w for w in words if " " in w] if not re.search(r"[^\S ]", "".join(words)) \
        else [w for w in words if re.search(r"\s", w)]
    spanning: dict[str, set[str]] = {}
    for word in spaced:
        parts = re.split(r"\s", word, maxsplit=2)
        spanning.setdefault(parts[0], set()).add(parts[1])
    return ({head: frozenset(tails) for head, tails in spanning.items()},
            max(map(len, spanning), default=0))


@lru_cache(maxsize=65536)
def _tails_after(run: str) -> tuple[str, ...]:
    """The parts after the space of the spaced words whose part before it ``run`` ends with."""
    spanning, longest = _spanning_words()
    return tuple(tail for k in range(1, min(longest, len(run)) + 1)
                 for tail in spanning.get(run[-k:], ()))


def _spanned(run: str, following: str) -> bool:
    """Whether a dictionary word could span the space between two runs: ``run`` ends with
    the part of a spaced word before its space and ``following`` starts with the next part."""
    tails = _tails_after(run)
    return bool(tails) and following.startswith(tails)


def run_tokens(runs: list[str], memo: dict | None = None) -> list[str]:
    """The tokens of ``" ".join(runs)`` (runs of Thai letters), each run tokenized once.

    newmm sees the space after a run (a TCC rule looks one character ahead: a space and the
    end of the text are not the same to it), so each run but the last is tokenized with its
    space after it, and the last one alone; no dictionary word spans a space there (checked:
    ``_spanned``) and no run is as long as a tokenizer chunk, so no token goes over a space,
    and the tokens of the whole are those of its pieces. Otherwise the whole text is tokenized.
    The pieces not in ``memo`` are tokenized in one call, their tokens cut apart by length.

    Args:
        runs: runs of Thai letters (no whitespace inside).
        memo: piece -> tokens, shared by the pages of one document (the check of a page's
            text layer and its final text share a third of their runs).

    Example:
        >>> run_tokens(["มาตรการส่งเสริม", "คุณธรรม"])
        ['มาตรการ', 'ส่งเสริม', 'คุณธรรม']
    """
    from thaireports.normalize.spacing import _CHUNK_CHARS

    last = len(runs) - 1
    if any(len(run) >= _CHUNK_CHARS for run in runs) or any(
            _spanned(runs[i], runs[i + 1]) for i in range(last)):
        return _tokens(" ".join(runs))
    if memo is None:
        memo = {}
    keys = [run + " " for run in runs[:last]] + runs[last:]
    missing = list(dict.fromkeys(k for k in keys if k not in memo))
    if missing:
        # the one key without its space (the last run) goes last, as in the whole text
        missing.sort(key=lambda k: not k.endswith(" "))
        memo.update(_piece_tokens(missing))
    return [token for key in keys for token in memo[key]]


def _piece_tokens(pieces: list[str]) -> dict[str, tuple[str, ...]]:
    """Tokens of each piece (a run and its space), from one tokenizer call over all of them
    when no word can span two of them as they are put together, else piece by piece."""
    if not any(_spanned(a[:-1], b) for a, b in zip(pieces, pieces[1:])):
        tokens = iter(_tokens("".join(pieces)))
        out = {}
        for piece in pieces:
            size, found = len(piece.rstrip(" ")), []
            while size > 0:
                token = next(tokens, None)
                if token is None:
                    break
                found.append(token)
                size -= len(token)
            if size:
                break  # a token over a space after all: not cut apart by length
            out[piece] = tuple(found)
        else:
            if next(tokens, None) is None:
                return out
    return {piece: tuple(_tokens(piece)) for piece in pieces}


def dictionary_share(text: str, memo: dict | None = None) -> tuple[float, int]:
    """Share of the Thai tokens of ``text`` that are dictionary words, and how many tokens.

    Single Thai letters that stand alone as words (ณ, ก็ split off, ฯ) count as words.
    ``memo`` is ``run_tokens``'s.

    Example:
        >>> dictionary_share("มาตรการส่งเสริมคุณธรรม")
        (1.0, 3)
    """
    words = _dictionary()
    runs = _THAI_RUN.findall(text)
    if memo is None and runs:
        return _shares(text)[0]
    # A lone consonant is most often an abbreviation letter (พ.ศ., ป.ป.ช., จ.ร้อยเอ็ด): neutral.
    tokens = [t for t in run_tokens(runs, memo) if _THAI_CHAR.search(t)
              and not _LONE_CONSONANT.match(t)] if runs else []
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


def page_quality(text: str, memo: dict | None = None) -> float:
    """How readable a page's text is, from 0 (garbage or empty) to 1 (clean Thai).

    The dictionary share of Thai tokens, minus ten times the broken-sequence rate (one broken
    mark in ten letters already makes a page unusable). A page with no Thai at all scores by
    its Latin/digit content alone (1.0 when it has words and nothing broken).

    Args:
        text: the page text (normalized or raw).
        memo: tokens of Thai runs seen before in the same document (``run_tokens``).

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
    share, count = dictionary_share(text, memo)
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
    return _shares(text)[1] if _THAI_RUN.search(text) else 0.0


@lru_cache(maxsize=8)
def _shares(text: str) -> tuple[tuple[float, int], float]:
    """``dictionary_share`` and ``long_word_share`` of a text with Thai in it, from one
    tokenization (a page's text is scored by both: its confidence and the turn check).

    ``run_tokens`` gives the tokens of the space-joined runs that the whole text gives
    (its docstring), so both figures come from them.
    """
    words = _dictionary()
    runs = _THAI_RUN.findall(text)
    tokens = run_tokens(runs)
    # A lone consonant is most often an abbreviation letter (พ.ศ., ป.ป.ช., จ.ร้อยเอ็ด): neutral.
    thai = [t for t in tokens if _THAI_CHAR.search(t) and not _LONE_CONSONANT.match(t)]
    share = ((sum(1 for t in thai if t in words or t in _STANDALONE) / len(thai), len(thai))
             if thai else (0.0, 0))
    spelled = [t for t in tokens if t.strip()]
    letters = sum(len(t) for t in spelled)
    long_share = (sum(len(t) for t in spelled if len(t) >= LONG_WORD and t in words) / letters
                  if letters else 0.0)
    return share, long_share
