"""Thai Unicode repair: what PDF text layers and OCR leave in Thai text, put back in order.

pythainlp's ``normalize`` already fixes ํ + า -> ำ, doubled vowels and tone marks, เเ -> แ,
tone mark before an upper/lower vowel, and ZWSP/ZWNJ. This module adds only what it lacks:

* the Private Use Area glyphs (U+F700..U+F71A, and Apple's U+F884..U+F89E) that TH SarabunPSK-style
  fonts put in PDF text layers for shifted tone marks and tail-less ญ/ฐ;
* ZWJ, BOM, WORD JOINER, SOFT HYPHEN; NBSP and its cousins as plain spaces; NFC;
* า + ํ (nikhahit typed after sara aa) -> ำ;
* running pythainlp per tab-separated cell of each line, because on whole text it strips lines,
  collapses blank lines and eats the leading tabs of table rows.

It also finds letters of another script inside a Thai word (``find_foreign_letters``), the typical
OCR hallucination ``ภัทรदानันท์``; those are reported, never dropped.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from thaireports.normalize.warning import RecordWarning

# --- Private Use Area glyphs of Thai PDF fonts -------------------------------------------------
# Source: HarfBuzz src/hb-ot-shaper-thai.cc (thai_pua_shape tables: Windows PUA, then Mac PUA);
# the same table that fixthaipdf uses. A PUA code point is a positioned variant of one real
# character, so the repair is a plain one-to-one translation.
PUA_TO_THAI: dict[str, str] = {
    "\uf700": "\u0e10",  # ฐ THO THAN without its lower tail (before a lower vowel)
    "\uf701": "\u0e34",  # ิ SARA I shifted left (after ป ฝ ฟ)
    "\uf702": "\u0e35",  # ี SARA II shifted left
    "\uf703": "\u0e36",  # ึ SARA UE shifted left
    "\uf704": "\u0e37",  # ื SARA UEE shifted left
    "\uf705": "\u0e48",  # ่ MAI EK shifted down and left
    "\uf706": "\u0e49",  # ้ MAI THO shifted down and left
    "\uf707": "\u0e4a",  # ๊ MAI TRI shifted down and left
    "\uf708": "\u0e4b",  # ๋ MAI CHATTAWA shifted down and left
    "\uf709": "\u0e4c",  # ์ THANTHAKHAT shifted down and left
    "\uf70a": "\u0e48",  # ่ MAI EK shifted down (no upper vowel)
    "\uf70b": "\u0e49",  # ้ MAI THO shifted down
    "\uf70c": "\u0e4a",  # ๊ MAI TRI shifted down
    "\uf70d": "\u0e4b",  # ๋ MAI CHATTAWA shifted down
    "\uf70e": "\u0e4c",  # ์ THANTHAKHAT shifted down
    "\uf70f": "\u0e0d",  # ญ YO YING without its lower tail
    "\uf710": "\u0e31",  # ั MAI HAN-AKAT shifted left
    "\uf711": "\u0e4d",  # ํ NIKHAHIT shifted left (then ํ + า -> ำ below)
    "\uf712": "\u0e47",  # ็ MAITAIKHU shifted left
    "\uf713": "\u0e48",  # ่ MAI EK shifted left
    "\uf714": "\u0e49",  # ้ MAI THO shifted left
    "\uf715": "\u0e4a",  # ๊ MAI TRI shifted left
    "\uf716": "\u0e4b",  # ๋ MAI CHATTAWA shifted left
    "\uf717": "\u0e4c",  # ์ THANTHAKHAT shifted left
    "\uf718": "\u0e38",  # ุ SARA U shifted down (under ฎ ฏ ฐ ญ)
    "\uf719": "\u0e39",  # ู SARA UU shifted down
    "\uf71a": "\u0e3a",  # ฺ PHINTHU shifted down
    # Apple's Corporate Use codes for the same glyphs (Mac-made PDFs)
    "\uf884": "\u0e31",  # ั MAI HAN-AKAT shifted left
    "\uf885": "\u0e34",  # ิ SARA I shifted left
    "\uf886": "\u0e35",  # ี SARA II shifted left
    "\uf887": "\u0e36",  # ึ SARA UE shifted left
    "\uf888": "\u0e37",  # ื SARA UEE shifted left
    "\uf889": "\u0e47",  # ็ MAITAIKHU shifted left
    "\uf88a": "\u0e48",  # ่ MAI EK shifted left
    "\uf88b": "\u0e48",  # ่ MAI EK shifted down
    "\uf88c": "\u0e48",  # ่ MAI EK shifted down and left
    "\uf88d": "\u0e49",  # ้ MAI THO shifted left
    "\uf88e": "\u0e49",  # ้ MAI THO shifted down
    "\uf88f": "\u0e49",  # ้ MAI THO shifted down and left
    "\uf890": "\u0e4a",  # ๊ MAI TRI shifted left
    "\uf891": "\u0e4a",  # ๊ MAI TRI shifted down
    "\uf892": "\u0e4a",  # ๊ MAI TRI shifted down and left
    "\uf893": "\u0e4b",  # ๋ MAI CHATTAWA shifted left
    "\uf894": "\u0e4b",  # ๋ MAI CHATTAWA shifted down
    "\uf895": "\u0e4b",  # ๋ MAI CHATTAWA shifted down and left
    "\uf896": "\u0e4c",  # ์ THANTHAKHAT shifted left
    "\uf897": "\u0e4c",  # ์ THANTHAKHAT shifted down
    "\uf898": "\u0e4c",  # ์ THANTHAKHAT shifted down and left
    "\uf899": "\u0e4d",  # ํ NIKHAHIT shifted left
    "\uf89a": "\u0e0d",  # ญ YO YING without its lower tail
    "\uf89b": "\u0e38",  # ุ SARA U shifted down
    "\uf89c": "\u0e39",  # ู SARA UU shifted down
    "\uf89d": "\u0e3a",  # ฺ PHINTHU shifted down
    "\uf89e": "\u0e10",  # ฐ THO THAN without its lower tail
}

# --- invisible and space-like characters -------------------------------------------------------
INVISIBLE_TO_TEXT: dict[str, str] = {
    "\u200b": "",   # ZERO WIDTH SPACE: Word's Thai line-break hint, no meaning in text
    "\u200c": "",   # ZERO WIDTH NON-JOINER
    "\u200d": "",   # ZERO WIDTH JOINER (pythainlp leaves it)
    "\ufeff": "",   # BOM / ZERO WIDTH NO-BREAK SPACE, often glued to the first word of a file
    "\u2060": "",   # WORD JOINER
    "\u00ad": "",   # SOFT HYPHEN: an invisible hyphenation point in PDF text layers
    "\u00a0": " ",  # NO-BREAK SPACE: a real space for every later stage
    "\u202f": " ",  # NARROW NO-BREAK SPACE
    "\u2007": " ",  # FIGURE SPACE (tables of numbers)
    "\u3000": " ",  # IDEOGRAPHIC SPACE
}

_TRANSLATION = str.maketrans({**PUA_TO_THAI, **INVISIBLE_TO_TEXT})

# Rules pythainlp does not have, as (pattern, replacement) rows.
_EXTRA_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    # า + ํ: nikhahit typed (or extracted) after sara aa instead of before it -> ำ
    (re.compile("\u0e32\u0e4d"), "\u0e33"),
    # a space a PDF text layer put inside a syllable ('ป่ าไผ่', 'ฝ่ าย', 'ปั ญหา'): no Thai word
    # starts with a following vowel (ะ า ำ ๅ), an upper or lower vowel or a tone mark, so a space
    # after a Thai letter and before one of them is not a word break
    (re.compile("(?<=[\u0e01-\u0e4e]) +(?=[\u0e30-\u0e3a\u0e45\u0e47-\u0e4e])"), ""),
    # mai han-akat (ั) always has its final consonant after it: a space there ('ปั ญหา') is too
    (re.compile("(?<=\u0e31)([\u0e48-\u0e4b]?) +(?=[\u0e01-\u0e2e])"), r"\1"),
)

# pythainlp.util.normalize strips and folds whitespace, so it must only see the inside of one
# table cell of one line: the tabs and newlines around it are the document's structure.
_SEPARATORS = r"\t\n\r\v\f\x1c-\x1e\x85\u2028\u2029"  # a regex class's inside
_CELL_SPLIT = re.compile(f"([{_SEPARATORS}]+)")

# pythainlp's reorder rules ``([tone marks]+)([upper/lower vowels]+)`` and ``([following
# vowels]+)([tone marks]+)`` retry from every character of a run that is not followed by the
# second class, so a run of n marks costs n^2 steps (312 KB of stacked tone marks: 66 s). No
# writing stacks more than a few marks; a longer run is OCR or keyboard noise and is cut to its
# last _MAX_MARK_RUN characters first (a run of one tone mark repeated still comes out as that
# one mark). Text with shorter runs is untouched, so its result is exactly pythainlp's.
_MAX_MARK_RUN = 32
_LONG_MARK_RUN = re.compile(
    "[\u0e48-\u0e4c]{%d,}|[\u0e30\u0e32\u0e33\u0e45]{%d,}" % (_MAX_MARK_RUN + 1,
                                                                   _MAX_MARK_RUN + 1))

_MAX_PASSES = 8  # each pass only shortens or reorders; real text is stable after one or two


def _normalize_cell(cell: str) -> str:
    """pythainlp normalize on one cell, keeping the spaces that surround the cell."""
    from pythainlp.util import normalize as pythainlp_normalize

    # str methods, not a regex: '^( *)(.*?)( *)$' is quadratic in a long run of inner spaces.
    core = cell.strip(" ")
    if not core:
        return cell
    lead = cell[: len(cell) - len(cell.lstrip(" "))]
    trail = cell[len(cell.rstrip(" ")):]
    core = _LONG_MARK_RUN.sub(lambda m: m.group(0)[-_MAX_MARK_RUN:], core)
    for pattern, replacement in _EXTRA_RULES:
        core = pattern.sub(replacement, core)
    return lead + pythainlp_normalize(core) + trail


_NIKHAHIT_ROW = "\u0e4d"  # ํ + า, า + ํ (ours and pythainlp's)


@lru_cache(maxsize=1)
def _untouched_unless() -> re.Pattern[str]:
    """What some rule of ``_normalize_cell`` could change (``_rule_rows``), as one pattern."""
    return _union(_rule_rows())


def _union(rows) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{row})" for row in rows))


@lru_cache(maxsize=1)
def _rule_rows() -> tuple[str, ...]:
    """What some rule of ``_normalize_cell`` (ours or one of pythainlp ``normalize``'s) could
    change, one row per rule or group of rules: text with none of it comes out of every rule as it went in, so it skips them (most
    text is already in order: a page is repaired as a whole, then again line by line and cell
    by cell, and pythainlp runs ~25 regex passes over each cell). Each row is a superset of the
    matches of the rules it names, built from pythainlp's own character classes; the rules run
    one after another, and a text none of them matches is never changed by an earlier one."""
    from pythainlp import (thai_above_vowels, thai_below_vowels, thai_follow_vowels,
                           thai_lead_vowels, thai_tonemarks)

    upper_lower = thai_above_vowels + thai_below_vowels
    dangling = upper_lower + thai_tonemarks + "\u0e3a\u0e4c\u0e4d\u0e4e"
    norepeat = thai_follow_vowels + thai_lead_vowels + upper_lower + "\u0e3a\u0e4c\u0e4d\u0e4e"
    separators = _SEPARATORS
    rows = (
        "[\u200b\u200c]",                          # remove_zw
        "  ",                                      # remove_dup_spaces: runs of spaces
        f"[^\\S {separators}]",                     # ... and its strip(): other whitespace
        f" [{dangling}\u0e30-\u0e3a\u0e45\u0e47-\u0e4e]",  # spaces before marks, dangling
        #                                            after a space, our in-syllable space
        f"(?:^|[{separators}])[{dangling}]",         # remove_dangling at the start of a cell
        "\u0e40\u0e40",                              # เเ -> แ
        f"[{thai_tonemarks}\u0e4c][{upper_lower}]",  # tone mark before an upper/lower vowel
        _NIKHAHIT_ROW,                             # ํ + า, า + ํ (ours and pythainlp's)
        f"[{thai_follow_vowels}][{thai_tonemarks}]",  # following vowel before a tone mark
        "\u0e45",                                   # lakkhangyao -> sara aa
        f"([{norepeat}]) *\\1",                     # repeated vowels and signs
        f"[{thai_tonemarks}]{{2}}",                  # repeated tone marks
        "\u0e31[\u0e48-\u0e4b]? ",                   # our space after mai han-akat
        _LONG_MARK_RUN.pattern,                    # our cut of long runs of marks
    )
    return rows


@lru_cache(maxsize=1)
def _nikhahit_rules() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """``_untouched_unless`` without its ํ row, and pythainlp's rule ํ [tone marks] า -> ำ."""
    from pythainlp import thai_tonemarks

    return (_union(row for row in _rule_rows() if row != _NIKHAHIT_ROW),
            re.compile(f"\u0e4d([{thai_tonemarks}]*)\u0e32"))


def _nikhahit_aa(cell: str) -> str | None:
    """A cell whose only repair is pythainlp's ํ + า -> ำ (Word writes ำ so in its PDFs): that
    rule alone, or None when another rule may apply. Every rule before it in ``_normalize_cell``
    is one that ``_untouched_unless`` without its ํ row cannot find (our า + ํ aside, checked
    here), so they change nothing; the rules after it are skipped when ``_untouched_unless``
    finds nothing in what it gave (a ำ next to another, tone marks run together ...)."""
    others, rule = _nikhahit_rules()
    if "\u0e32\u0e4d" in cell or others.search(cell):
        return None
    cell = rule.sub("\\1\u0e33", cell)
    return None if _untouched_unless().search(cell) else cell


def _repair_once(text: str) -> str:
    text = unicodedata.normalize("NFC", text.translate(_TRANSLATION))
    touched = _untouched_unless().search
    if not touched(text):
        return text
    parts = _CELL_SPLIT.split(text)
    # odd indexes are the separators captured by the split
    return "".join(_repair_cell(part) if i % 2 == 0 and touched(part) else part
                   for i, part in enumerate(parts))


def _repair_cell(cell: str) -> str:
    fast = _nikhahit_aa(cell)
    return _normalize_cell(cell) if fast is None else fast


def repair_thai(text: str) -> str:
    """Repair the Thai Unicode that PDF fonts and OCR get wrong, keeping lines and tabs.

    PUA glyphs become the real characters, ํ + า (with or without a tone mark between) becomes ำ,
    doubled vowels and tone marks are reduced to one, เเ becomes แ, a tone mark written before
    its vowel is moved after it, zero-width characters are removed, NBSP becomes a space, and the
    result is in NFC. Runs of spaces inside a cell become one space (pythainlp does that); blank
    lines, newlines and tabs are kept.

    Args:
        text: any text.

    Returns:
        The repaired text. ``repair_thai(repair_thai(x)) == repair_thai(x)``.

    Example:
        >>> repair_thai("สำนักปลัด กองคลัง เเละ ก\\uf70bาน ส\\u0e4d\\u0e32นัก")
        'สำนักปลัด กองคลัง และ ก้าน สำนัก'
    """
    for _ in range(_MAX_PASSES):
        repaired = _repair_once(text)
        if repaired == text:
            break
        text = repaired
    return text


# --- letters of other scripts inside Thai words ------------------------------------------------
def _is_thai_letter(ch: str) -> bool:
    """Thai consonants, vowels and marks (not Thai digits, ฯ, ๆ or the baht sign)."""
    return "\u0e01" <= ch <= "\u0e4e" and ch not in "\u0e2f\u0e3f\u0e46"


def _is_thai(ch: str) -> bool:
    """Any character of the Thai block, ๆ and ฯ included."""
    return "\u0e00" <= ch <= "\u0e7f"


def _script_of(ch: str) -> str:
    """The script word that starts a character's Unicode name: LATIN, DEVANAGARI, KHMER ..."""
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else f"U+{ord(ch):04X}"


def _is_letter(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LM"


def _words(text: str):
    """(start, word) for each run of letters and combining marks of any script.

    Spaces, digits and punctuation end a word. (``re``'s ``\\w`` is no use here: it does not
    match Thai vowel and tone marks, so it would cut 'ภัทร' into pieces.)
    """
    start = None
    for i, ch in enumerate(text):
        if _is_letter(ch):
            if start is None:
                start = i
        elif start is not None:
            yield start, text[start:i]
            start = None
    if start is not None:
        yield start, text[start:]


_LATIN_BY_THAI = re.compile("[A-Za-z][\u0e00-\u0e7f]|[\u0e00-\u0e7f][A-Za-z]")
_NEITHER_ASCII_NOR_THAI = re.compile("[^\x00-\x7f\u0e00-\u0e7f]")


def _may_have_foreign_letters(text: str) -> bool:
    """Whether ``find_foreign_letters`` could find anything: a word holding a Thai letter and
    a letter or mark of another script has one of them next to a character of the Thai block,
    and it is either an ASCII letter or neither ASCII nor Thai (looked up only then)."""
    if _LATIN_BY_THAI.search(text):
        return True
    return any(unicodedata.category(ch)[0] in "LM" for ch in _NEITHER_ASCII_NOR_THAI.findall(text))


def find_foreign_letters(text: str, page: int | None = None) -> list[RecordWarning]:
    """Report letters of another script inside a Thai word, the way OCR hallucinates them.

    A run of non-Thai letters is reported when it sits between Thai letters of the same word, or
    when it touches a Thai letter and is not Latin (Devanagari, Khmer ...), or when it is a single
    Latin letter glued to Thai (an OCR slip such as 'o' for 'อ'). Latin words that stand alone
    ('ITA', 'Website', 'one stop service') or are simply written next to Thai ('ระบบIT') are not
    reported. Nothing is removed: the caller decides.

    Args:
        text: normalized text.
        page: page number to put in the warnings, if known.

    Returns:
        One ``foreign-script`` warning per run, naming the letters, their script, their offset
        in ``text`` and the word.

    Example:
        >>> [w.message for w in find_foreign_letters("(นางสาวภัทรदानันท์ บุญมี)")]
        ["DEVANAGARI letters 'दान' at offset 11 inside Thai word 'นางสาวภัทรदानันท์'"]
    """
    warnings: list[RecordWarning] = []
    if not _may_have_foreign_letters(text):
        return warnings
    for word_start, word in _words(text):
        if not any(_is_thai_letter(ch) for ch in word):
            continue
        i = 0
        while i < len(word):
            if _is_thai(word[i]) or not _is_letter(word[i]):
                i += 1
                continue
            start = i
            # a foreign run: letters of other scripts plus their combining marks
            while i < len(word) and not _is_thai(word[i]):
                i += 1
            run = word[start:i]
            thai_before = start > 0 and _is_thai_letter(word[start - 1])
            thai_after = i < len(word) and _is_thai_letter(word[i])
            scripts = sorted({_script_of(ch) for ch in run if unicodedata.category(ch)[0] == "L"})
            latin_only = scripts == ["LATIN"]
            inside = thai_before and thai_after
            if inside or not latin_only or len(run) == 1:
                offset = word_start + start
                warnings.append(RecordWarning(
                    code="foreign-script",
                    message=(f"{'/'.join(scripts) or _script_of(run[0])} letters '{run}' at offset "
                             f"{offset} inside Thai word '{word}'"),
                    page=page,
                ))
    return warnings
