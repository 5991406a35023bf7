"""Spaces that a line wrap left inside Thai text, told apart from the spaces Thai really uses.

Thai writes no space between words; a space ends a phrase, or separates list items, a first
name from a last name, or Thai from numbers and Latin. When a PDF or OCR reader joins the lines
of a narrow table cell it puts a space where each line broke, usually between two words in the
middle of a phrase: 'จัดทำคู่มือการ ปฏิบัติงานหรือ หลักเกณฑ์มาตรฐาน'.

The rule, per space between two Thai letters, within one cell or line:

1. **keep** when the space follows a memo header label at the start of a line ('เรียน',
   'เรื่อง', 'ที่'), ends a person's first name after a title ('นายวันชัย ประชุมชน'), or
   the right side starts a phrase (เพื่อ, โดย, ซึ่ง, และ, หรือ, เช่น, ได้แก่ ...);
2. **join** (a sure wrap) when a dictionary word spans the space, both sides are fragments that
   are not words, the left side ends with a word that cannot end a phrase (การ, ความ, ของ, และ, ที่ ...),
   the right side starts with one that cannot start one (ของ, แห่ง), or an action verb is cut
   from its object (POS tags VACT then a noun: 'จัดทำ มาตรการ');
3. otherwise the space is **uncertain**: it is joined only when the sure wraps of its cell
   outnumber the uncertain spaces (the cell is wrapped text), and never when it belongs to a
   run of list items that a following 'และ ...' / 'หรือ ...' closes ('ถูกต้อง ครบถ้วน และเป็นปัจจุบัน').

Spaces next to digits, Latin, punctuation, ๆ and ฯ are never touched. The dictionary is
pythainlp's newmm word list plus ``normalize/data/domain_words.txt``; ``thai_tokenizer()``
exposes it so that extractors segment with the same words. POS tags come from pythainlp's
ORCHID perceptron model, which ships inside the package (nothing is downloaded).
"""
from __future__ import annotations

import contextlib
import hashlib
import logging
import marshal
import os
import re
import sys
import tempfile
import unicodedata
from bisect import bisect_left
from functools import lru_cache
from importlib import resources
from importlib.util import find_spec
from pathlib import Path

log = logging.getLogger(__name__)

# Person titles that start a name: the space after the first name is a real one.
PERSON_TITLES: tuple[str, ...] = (
    "นาย", "นาง", "นางสาว", "เด็กชาย", "เด็กหญิง",  # plain titles, matched as whole tokens
    "ดร.", "น.ส.", "ด.ช.", "ด.ญ.",                     # abbreviated titles, matched as prefixes
    "ว่าที่ร้อยตรี", "ว่าที่ร.ต.", "ว่าที่ ร.ต.",
    "ส.ต.ท.", "ส.ต.ต.", "ส.ต.อ.", "จ.ส.อ.", "จ.ส.ต.", "ร.ต.ต.", "ร.ต.อ.", "พ.ต.ท.", "พ.ต.อ.",
    "จ่าเอก", "พันจ่าเอก", "สิบเอก",
)

# Words that start a new phrase or clause: a space before them is the writer's own.
PHRASE_STARTERS: frozenset[str] = frozenset({
    "เพื่อ", "โดย", "ซึ่ง", "ทั้งนี้", "เช่น", "ได้แก่", "รวมถึง", "รวมทั้ง", "ตลอดจน",
    "และ", "หรือ", "แต่", "เนื่องจาก", "ดังนี้", "ดังนั้น", "จึง", "ณ", "อีกทั้ง",
    "นอกจากนี้", "หาก", "เมื่อ", "ตั้งแต่", "อันจะ", "ทำให้",
})

# Labels of a memo's header fields: 'เรียน นายก...', 'ที่ พง 75501/'; the space after is real.
HEADER_LABELS: frozenset[str] = frozenset({
    "ส่วนราชการ", "ที่", "วันที่", "เรื่อง", "เรียน", "สิ่งที่ส่งมาด้วย", "อ้างถึง", "ถึง",
    "ลงชื่อ", "(ลงชื่อ)",
})

# Words that make the verb after them a noun phrase ('การดำเนินงาน', 'ผู้รับผิดชอบ'):
# such a verb is a complete list item, not a verb cut from its object.
NOMINALIZERS: frozenset[str] = frozenset({"การ", "ความ", "ที่", "ผู้", "ซึ่ง", "อัน"})

# Conjunctions that close a list: the uncertain spaces just before them separate list items.
LIST_CLOSERS: frozenset[str] = frozenset({"และ", "หรือ", "รวมถึง", "รวมทั้ง", "ตลอดจน"})

# Words that cannot end a phrase: a space after them is a wrap.
DEPENDENT_LEFT: frozenset[str] = frozenset({
    "การ", "ความ",                                  # nominalizers need their verb
    "ของ", "ที่", "ใน", "จาก", "กับ", "แก่", "ต่อ", "แห่ง", "บน", "ระหว่าง", "สำหรับ",
    "เกี่ยวกับ", "ตาม", "ถึง", "ด้วย",                  # prepositions need their noun
    "และ", "หรือ", "โดย", "ซึ่ง", "เพื่อ", "เมื่อ", "อัน",  # conjunctions need what they join
    "มี", "ให้", "เป็น", "จะ", "ไม่", "ต้อง", "ควร", "ยัง",  # auxiliaries and copulas
    "ผู้", "นัก", "ทุก", "อย่าง", "แต่ละ",                 # classifiers and prefixes
})

# Words that cannot start a phrase: a space before them is a wrap.
DEPENDENT_RIGHT: frozenset[str] = frozenset({"ของ", "แห่ง"})

# POS tags (ORCHID) of nouns: an action verb (VACT) separated from one is a wrap.
NOUN_TAGS: frozenset[str] = frozenset({"NCMN", "NPRP", "FIXN", "NCNM", "NLBL", "NTTL"})

_THAI_LETTER = "\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e"  # no digits, ฯ, ๆ, ฿
# a left end that may be wrapped (any Thai letter or mark) and a right start (consonant or
# leading vowel: a line never starts with a mark)
_SPACE = re.compile(f"(?<=[{_THAI_LETTER}]) (?=[\u0e01-\u0e2e\u0e40-\u0e44])")
_CELL_SPLIT = re.compile(r"([\t\n\r\v\f]+)")
_EDGE_PUNCT = "()[]{}\"'“”‘’«»"


@lru_cache(maxsize=1)
def thai_dictionary() -> frozenset[str]:
    """pythainlp's Thai word list plus thaireports' domain words (units, ITA terms) and the
    gazetteer's place names.

    Read from the dictionary cache when it is valid (see ``dictionary_words``).

    Example:
        >>> {"กองคลัง", "พังโคน", "ปฏิบัติงาน"} <= thai_dictionary()
        True
    """
    return frozenset(dictionary_words()[0])


def build_thai_dictionary() -> frozenset[str]:
    """``thai_dictionary()`` built from its sources, without the cache (~0.2 s)."""
    from pythainlp.corpus import thai_words

    text = resources.files("thaireports.normalize").joinpath("data/domain_words.txt").read_text("utf-8")
    domain = {line.strip() for line in text.splitlines()
              if line.strip() and not line.lstrip().startswith("#")}
    return frozenset(thai_words()) | domain | place_names()


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """Every province, district and subdistrict name of the geothai gazetteer, so that newmm
    keeps an agency's place whole ('บึงนคร', not 'บึง' + 'นคร') wherever it is.

    Example:
        >>> {"กะปง", "ธวัชบุรี", "พังงา"} <= place_names()
        True
    """
    import geothai

    names: set[str] = set()
    for province in geothai.provinces():
        names.add(province.name_th)
        for district in geothai.districts(province.code):
            names.add(district.name_th.removeprefix("เขต"))
            names.update(s.name_th for s in geothai.subdistricts(district.code))
    return frozenset(n for n in names if len(n) >= 3 and " " not in n)


# pythainlp's Thai character clusters (tcc) copy the rest of the text at every cluster
# (``text[p:]``), so one newmm call over a page of 1.5 MB takes minutes. Whitespace is a
# boundary for newmm except inside a dictionary word that holds a space (some 600 do:
# 'แปลก ๆ', 'ซึ่งๆ หน้า', royal titles), so longer texts are cut near every _CHUNK_CHARS
# characters at a whitespace character no such word covers, and the tokens of the pieces, put
# together, are the tokens of the whole.
_CHUNK_CHARS = 4096
_BREAK_CHAR = re.compile(r"\s")


def _covered(text: str, at: int, spaced: tuple[str, ...]) -> bool:
    """Whether a word of ``spaced`` (dictionary words holding whitespace) could run over the
    whitespace character ``text[at]``."""
    char = text[at]
    for word in spaced:
        k = word.find(char)
        while k >= 0:
            if k <= at and text.startswith(word, at - k):
                return True
            k = word.find(char, k + 1)
    return False


def _chunks(text: str, size: int = _CHUNK_CHARS, spaced: tuple[str, ...] = ()):
    """Pieces of ``text`` of about ``size`` characters, each cut just after a whitespace
    character that no word of ``spaced`` runs over (the last such one in the window). A window
    without one is cut where it ends: no writing has words that long.

    Example:
        >>> list(_chunks("ของแปลก ๆ มาก", size=10, spaced=("แปลก ๆ",)))
        ['ของแปลก ๆ ', 'มาก']
        >>> list(_chunks("ของแปลก ๆ มาก", size=8))
        ['ของแปลก ', 'ๆ มาก']
    """
    start = 0
    while len(text) - start > size:
        end = start + size
        for match in reversed(list(_BREAK_CHAR.finditer(text, start + 1, start + size))):
            if not _covered(text, match.start(), spaced):
                end = match.start() + 1
                break
        yield text[start:end]
        start = end
    yield text[start:]


# --- the dictionary cache -------------------------------------------------------------------
# Building the word list (pythainlp's 62k words, the domain words, the gazetteer) costs ~0.2 s
# and pythainlp's Trie over it ~0.5 s, on every start. The word list is kept, sorted, in one
# file of the user's cache dir, keyed by a digest of everything it is made from (pythainlp's
# version and word file, the domain words, the gazetteer's package files, this module's source,
# the Python version); a file that does not validate is rebuilt, never trusted. The trie is
# replaced by ``SortedWordTrie``, which answers newmm's ``prefixes`` queries by binary search
# over the sorted words, remembered per prefix: it loads in ~15 ms and tokenizes identically.
_CACHE_FORMAT = b"thaireports-dictionary/1"


def cache_dir() -> Path:
    """The user's cache dir for thaireports: ``$XDG_CACHE_HOME/thaireports`` (default
    ``~/.cache/thaireports``)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "thaireports"


def _package_files(name: str, patterns: tuple[str, ...]) -> list[Path]:
    """The files of an installed package matching ``patterns``, without importing it."""
    spec = find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return []
    root = Path(next(iter(spec.submodule_search_locations)))
    return sorted(f for pattern in patterns for f in root.glob(pattern) if f.is_file())


def dictionary_cache_key() -> str:
    """sha256 of the sources of ``thai_dictionary()`` and of the cache's format: any change to
    one of them (a pythainlp upgrade, an edited domain word, a new gazetteer) gives a new key."""
    import pythainlp

    digest = hashlib.sha256(_CACHE_FORMAT)
    digest.update(f"|{sys.version_info[:2]}|{marshal.version}|{pythainlp.__version__}|".encode())
    sources = [Path(pythainlp.__file__).with_name("corpus") / "words_th.txt",
               Path(__file__),
               *_package_files("thaireports.normalize", ("data/domain_words.txt",)),
               *_package_files("geothai", ("*.py", "_data/*.json"))]
    for source in sources:
        digest.update(f"|{source.name}|".encode())
        try:
            digest.update(source.read_bytes())
        except OSError:
            digest.update(b"<missing>")
    return digest.hexdigest()


def _dictionary_payload(words: frozenset[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(the dictionary, sorted; the words of its trie: stripped, non-empty, sorted), as
    pythainlp's ``Trie.add`` strips each word."""
    ordered = tuple(sorted(words))
    stripped = tuple(sorted({w.strip() for w in words} - {""}))
    return ordered, (ordered if stripped == ordered else stripped)


def read_dictionary_cache(path: Path, key: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """The payload of a cache file, or None when it is missing, unreadable, of another key or
    corrupt (its checksum, then its shape, are checked before it is used)."""
    try:
        data = path.read_bytes()
        header, checksum, payload = data.split(b"\n", 2)
        if header != _CACHE_FORMAT + b" " + key.encode() or \
                checksum != hashlib.sha256(payload).hexdigest().encode():
            return None
        words, trie_words = marshal.loads(payload)
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if not (isinstance(words, tuple) and isinstance(trie_words, tuple) and words and trie_words
            and isinstance(words[0], str) and isinstance(trie_words[-1], str)):
        return None
    return words, trie_words


def write_dictionary_cache(path: Path, key: str,
                           payload: tuple[tuple[str, ...], tuple[str, ...]]) -> bool:
    """Write a cache file atomically (a temporary file in the same dir, then a rename); False
    when the dir is not writable (the caller goes on without a cache)."""
    body = marshal.dumps(payload)
    data = b"\n".join([_CACHE_FORMAT + b" " + key.encode(),
                       hashlib.sha256(body).hexdigest().encode(), body])
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError as err:
        log.debug("dictionary cache not written to %s: %s", path, err)
        return False
    return True


def load_dictionary(path: Path | None, key: str, build=build_thai_dictionary):
    """The dictionary payload from ``path`` when it validates; otherwise ``build()`` it and
    write it there (``path`` None: no cache)."""
    if path is not None:
        cached = read_dictionary_cache(path, key)
        if cached is not None:
            return cached
    payload = _dictionary_payload(build())
    if path is not None:
        write_dictionary_cache(path, key, payload)
    return payload


@lru_cache(maxsize=1)
def dictionary_words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(``thai_dictionary()`` sorted, the sorted words of its trie), from the user's cache when
    valid (``THAIREPORTS_NO_CACHE=1`` skips it), built and cached otherwise."""
    key = dictionary_cache_key()
    path = None if os.environ.get("THAIREPORTS_NO_CACHE") == "1" else \
        cache_dir() / f"dictionary-{key[:16]}.bin"
    return load_dictionary(path, key)


def _sorted_word_trie_class():
    from pythainlp.util import Trie

    class SortedWordTrie(Trie):
        """pythainlp's ``Trie`` over a sorted tuple of words, for newmm: ``prefixes`` gives the
        same words in the same order, by binary search, each prefix's answer remembered (so
        later texts walk a dict as the Trie walks its nodes). Read-only."""

        _MEMO_LIMIT = 1_000_000  # prefixes remembered before the memo starts over

        def __init__(self, words: tuple[str, ...]) -> None:  # sorted, stripped, non-empty
            self._words = words
            self._word_count = len(words)
            self._memo: dict[str, int] = {}

        def _state(self, prefix: str) -> int:
            """2: a word; 1: only the start of words; 0: neither."""
            words = self._words
            j = bisect_left(words, prefix)
            if j == len(words):
                return 0
            word = words[j]
            return 2 if word == prefix else (1 if word.startswith(prefix) else 0)

        def prefixes(self, text: str, start: int = 0) -> list[str]:
            found = []
            memo = self._memo
            if len(memo) > self._MEMO_LIMIT:
                memo.clear()
            for end in range(start + 1, len(text) + 1):
                prefix = text[start:end]
                state = memo.get(prefix)
                if state is None:
                    state = memo[prefix] = self._state(prefix)
                if not state:
                    break
                if state == 2:
                    found.append(prefix)
            return found

        def __contains__(self, key: str) -> bool:
            return bool(key) and self._state(key) == 2

        def __iter__(self):
            return iter(self._words)

        def __len__(self) -> int:
            return self._word_count

        def add(self, word: str) -> None:
            raise TypeError("SortedWordTrie is read-only")

        def remove(self, word: str) -> None:
            raise TypeError("SortedWordTrie is read-only")

    return SortedWordTrie


def sorted_word_trie(words: tuple[str, ...]):
    """A read-only pythainlp ``Trie`` over sorted, stripped words (see ``SortedWordTrie``)."""
    return _sorted_word_trie_class()(words)


class ChunkedTokenizer:
    """newmm over a dictionary trie, with the settings of ``pythainlp.tokenize.Tokenizer``
    (``keep_whitespace=False``, ``join_broken_num=True``), linear on long texts (``_chunks``).

    Not built through ``Tokenizer``: it copies any trie it is given into a new one (~0.5 s).
    """

    def __init__(self, trie) -> None:
        self.trie = trie
        self._spaced = tuple(word for word in trie if any(char.isspace() for char in word))

    def _tokenize(self, text: str) -> list[str]:
        from pythainlp.tokenize import word_tokenize

        return word_tokenize(text, custom_dict=self.trie, engine="newmm",
                             keep_whitespace=False, join_broken_num=True)

    def word_tokenize(self, text: str) -> list[str]:
        if len(text) <= _CHUNK_CHARS:
            return self._tokenize(text)
        tokens: list[str] = []
        for piece in _chunks(text, spaced=self._spaced):
            tokens.extend(self._tokenize(piece))
        return tokens


@lru_cache(maxsize=1)
def thai_tokenizer() -> ChunkedTokenizer:
    """The cached newmm tokenizer over ``thai_dictionary()`` (tokens identical to
    ``pythainlp.tokenize.Tokenizer(custom_dict=..., engine="newmm", keep_whitespace=False)``,
    long texts tokenized piece by piece, in linear time).

    Example:
        >>> thai_tokenizer().word_tokenize("ผู้อำนวยการกองคลัง")
        ['ผู้อำนวยการ', 'กองคลัง']
    """
    return ChunkedTokenizer(sorted_word_trie(dictionary_words()[1]))


@lru_cache(maxsize=65536)
def segment(text: str) -> tuple[str, ...]:
    """Words of a Thai string by newmm with the domain dictionary (cached; a tuple).

    Example:
        >>> segment("จัดทำคู่มือการ")
        ('จัดทำ', 'คู่มือ', 'การ')
    """
    return tuple(thai_tokenizer().word_tokenize(text)) if text else ()


@lru_cache(maxsize=65536)
def _pos(word: str) -> str:
    from pythainlp.tag import pos_tag

    return pos_tag([word], engine="perceptron", corpus="orchid")[0][1]


def _split_known_prefix(token: str, heads: frozenset[str]) -> str | None:
    """The head word a token starts with, when the rest is a word too ('เพื่อให้' -> 'เพื่อ')."""
    if token in heads:
        return token
    for head in heads:
        if token.startswith(head) and token[len(head):] in thai_dictionary():
            return head
    return None


def _split_known_suffix(token: str, tails: frozenset[str]) -> str | None:
    """The tail word a token ends with, when the rest is a word too ('หลักของ' -> 'ของ').

    A token that is itself a dictionary word is never split: 'ถูกต้อง' does not end in 'ต้อง'.
    """
    if token in tails:
        return token
    if token in thai_dictionary():
        return None
    for tail in tails:
        if token.endswith(tail) and token[:-len(tail)] in thai_dictionary():
            return tail
    return None


def _is_name_head(chunk: str) -> bool:
    """Whether a chunk is a title plus a first name ('(นายวันชัย', 'ส.ต.ท.ประโยชน์')."""
    chunk = chunk.lstrip(_EDGE_PUNCT)
    for title in PERSON_TITLES:
        if "." in title or " " in title:
            if chunk.startswith(title) and len(chunk) > len(title):
                return True
    words = segment(chunk)
    # 'นายก' (mayor) is one token and so is not 'นาย' + name
    return len(words) >= 2 and words[0] in PERSON_TITLES


def _spanned_by_word(left_words: tuple[str, ...], right_words: tuple[str, ...]) -> bool:
    """Whether removing the space lets a dictionary word (3+ characters) cross it and the
    words near the space become fewer: 'การปฏิบัติ งาน' -> 'การ|ปฏิบัติงาน'.

    Requiring fewer words keeps 'หน่วยงาน ประจำปี' apart: joined it reads 'หน่วย|งานประจำ|ปี',
    which crosses the space but breaks two good words into three.
    """
    tail_words, head_words = left_words[-2:], right_words[:2]
    tail = "".join(tail_words)
    joined = segment(tail + "".join(head_words))
    if len(joined) >= len(tail_words) + len(head_words):
        return False
    cut = len(tail)
    pos = 0
    for word in joined:
        end = pos + len(word)
        if pos < cut < end and len(word) >= 3 and word in thai_dictionary():
            return True
        pos = end
    return False


def _is_fragment(word: str) -> bool:
    return bool(word) and word not in thai_dictionary() and all(
        "\u0e01" <= ch <= "\u0e4e" for ch in word)


# decisions for one space
_KEEP, _JOIN, _UNSURE = "keep", "join", "unsure"


def _verb_cut_from_object(left_words: tuple[str, ...], first: str) -> bool:
    """An action verb ends the left side and a noun starts the right: 'จัดทำ มาตรการ'."""
    last = left_words[-1]
    if len(left_words) >= 2 and left_words[-2] in NOMINALIZERS:
        return False
    return _pos(last) == "VACT" and _pos(first) in NOUN_TAGS


def _classify(left: str, right: str, left_is_label: bool = False) -> tuple[str, bool]:
    """Decide one space from the chunks on its sides; also say whether ``right`` closes a list.

    ``left_is_label`` is true when ``left`` is the first chunk of its cell, where a memo's
    header label ('เรียน', 'เรื่อง') may stand.
    """
    if left_is_label and left in HEADER_LABELS:
        return _KEEP, False
    left_core = left.lstrip(_EDGE_PUNCT)
    left_words = segment(left_core)
    right_words = segment(right)
    if not left_words or not right_words:
        return _KEEP, False
    last, first = left_words[-1], right_words[0]
    starter = _split_known_prefix(first, PHRASE_STARTERS)
    if _is_name_head(left) and len(left_words) <= 4:
        return _KEEP, False
    if starter is not None:
        return _KEEP, starter in LIST_CLOSERS
    if (_spanned_by_word(left_words, right_words)
            or (_is_fragment(last) and _is_fragment(first))  # an unknown word cut in two
            or _split_known_suffix(last, DEPENDENT_LEFT) is not None
            or first in DEPENDENT_RIGHT
            or _verb_cut_from_object(left_words, first)):
        return _JOIN, False
    return _UNSURE, False


def _join_cell(cell: str) -> str:
    spaces = [m.start() for m in _SPACE.finditer(cell)]
    if not spaces:
        return cell
    bounds = [-1, *spaces, len(cell)]
    chunks = [cell[bounds[i] + 1:bounds[i + 1]] for i in range(len(bounds) - 1)]
    # chunks may hold other spaces (next to digits or Latin): judge on the Thai next to the space
    decisions: list[str] = []
    closes_list: list[bool] = []
    for i in range(len(spaces)):
        left = chunks[i].rsplit(" ", 1)[-1]
        right = chunks[i + 1].split(" ", 1)[0]
        decision, closer = _classify(left, right, left_is_label=(i == 0 and left == chunks[0]))
        decisions.append(decision)
        closes_list.append(closer)
    # uncertain spaces chained just before a list closer separate list items: keep them
    for i, closer in enumerate(closes_list):
        j = i - 1
        while closer and j >= 0 and decisions[j] == _UNSURE:
            decisions[j] = _KEEP
            j -= 1
    sure = decisions.count(_JOIN)
    unsure = decisions.count(_UNSURE)
    join_unsure = sure > unsure
    out: list[str] = [chunks[0]]
    for decision, chunk in zip(decisions, chunks[1:]):
        if decision == _JOIN or (decision == _UNSURE and join_unsure):
            out.append(chunk)
        else:
            out.append(" " + chunk)
    return "".join(out)


def _join_once(text: str) -> str:
    parts = _CELL_SPLIT.split(text)
    return "".join(part if i % 2 else _join_cell(part) for i, part in enumerate(parts))


def join_wrapped_words(text: str) -> str:
    """Remove the spaces that line wraps left inside Thai phrases; keep Thai's real spaces.

    Each line, and each tab-separated cell of a line, is judged on its own (see the module
    docstring for the rule). Applied until nothing changes, so it is idempotent.

    Args:
        text: text whose spaces are already folded (one space between chunks).

    Returns:
        The text with wrap spaces removed.

    Example:
        >>> join_wrapped_words("จัดทำคู่มือการ ปฏิบัติงานหรือ หลักเกณฑ์มาตรฐาน")
        'จัดทำคู่มือการปฏิบัติงานหรือหลักเกณฑ์มาตรฐาน'
        >>> join_wrapped_words("นายวันชัย ประชุมชน")
        'นายวันชัย ประชุมชน'
    """
    while True:
        joined = _join_once(text)
        if joined == text:
            return text
        text = joined  # each pass removes at least one space, so this ends


_WRAP_LETTER = re.compile(r"[\u0e01-\u0e4e]")  # Thai letters and marks, not Thai digits
# A Thai abbreviation: one to three letters (with their marks), a dot, and a letter after it.
_ABBREVIATION = re.compile(r"[\u0e01-\u0e2e][\u0e30-\u0e4e]?[\u0e01-\u0e2e]?[\u0e30-\u0e4e]?\.[\u0e01-\u0e2e]")


def join_wrapped(before: str, after: str) -> str:
    """A line and the line its wrap continues it on, as one: a break between two Thai letters
    is a wrap inside a phrase (Thai is wrapped between words, with no space, in Word, in a
    PDF's text layer and in a table cell typed narrow), so it joins with nothing; a break
    after a space, or next to Latin or digits, becomes one space. So does a break before an
    abbreviation ('มี.ค. ๖๗', 'พ.ศ.', 'อบต.'): a word of its own, written apart.

    Example:
        >>> join_wrapped("ผู้รับผิดชอ", "บ"), join_wrapped("รอบ 6", "เดือน")
        ('ผู้รับผิดชอบ', 'รอบ 6 เดือน')
        >>> join_wrapped("ภายใน", "มี.ค. 67")
        'ภายใน มี.ค. 67'
    """
    if not after:
        return before
    if not before:
        return after
    if not before[-1].isspace() and _WRAP_LETTER.match(before[-1]) and \
            _WRAP_LETTER.match(after[0]) and not _ABBREVIATION.match(after):
        return before + after
    return before.rstrip() + " " + after.lstrip()


# --- display width -----------------------------------------------------------------------------

# Thai vowels above and below a consonant and the tone marks (category Mn), enclosing marks, and
# format characters (zero-width space, joiners) print on the column of the letter before them:
# counting code points would put every cell after a word like 'ผู้รับผิดชอบ' columns too far right.
# Anything else, full-width forms included, takes one column: text editors and pdftotext set
# Thai in one column per letter and do not widen full-width forms.
ZERO_WIDTH_CATEGORIES = frozenset({"Mn", "Me", "Cf"})


def display_width(text: str) -> int:
    """The columns ``text`` takes on screen.

    Example:
        >>> len("ผู้รับผิดชอบ"), display_width("ผู้รับผิดชอบ")
        (12, 8)
    """
    return sum(1 for ch in text if unicodedata.category(ch) not in ZERO_WIDTH_CATEGORIES)
