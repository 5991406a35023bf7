"""The text pipeline every stage runs on Thai text: Unicode repair, Arabic digits, folded spaces,
optionally joined line wraps, and warnings about letters of other scripts inside Thai words.

Lines and tabs are structure (tables arrive tab-separated), so they are kept; only runs of
spaces are folded.
"""
from __future__ import annotations

import re

from thaireports.normalize.digits import thai_digits_to_arabic
from thaireports.normalize.thai import find_foreign_letters, repair_thai
from thaireports.normalize.warning import RecordWarning

# horizontal whitespace other than the tab: spaces of every width (repair_thai already turned
# NBSP and its cousins into plain spaces; this also catches the ones it leaves, e.g. EN SPACE)
_SPACES = re.compile(r"[^\S\t\n\r\f\v\x1c-\x1e\x85\u2028\u2029]+")
_SPACES_AT_EDGES = re.compile(r" *([\t\n]) *")
_ANY_WHITESPACE = re.compile(r"\s+")

_MAX_PASSES = 4  # each step is idempotent; a second pass settles what one step gives another


def fold_spaces(text: str) -> str:
    """Fold runs of spaces to one space and drop spaces next to tabs and line breaks.

    Example:
        >>> fold_spaces("สำนักปลัด   กองคลัง \\t กองช่าง  \\n")
        'สำนักปลัด กองคลัง\\tกองช่าง\\n'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SPACES.sub(" ", text)
    text = _SPACES_AT_EDGES.sub(r"\1", text)
    return text.strip(" ")


def fold_whitespace(text: str) -> str:
    """All whitespace (newlines and tabs too) to one space, stripped: handy for one cell's text.

    Example:
        >>> fold_whitespace("  ผู้รับผิดชอบ\\n ดำเนินการ\\tเผยแพร่  ")
        'ผู้รับผิดชอบ ดำเนินการ เผยแพร่'
    """
    return _ANY_WHITESPACE.sub(" ", text).strip()


def _normalize_once(text: str, join_wraps: bool) -> str:
    text = fold_spaces(thai_digits_to_arabic(repair_thai(text)))
    if join_wraps:
        from thaireports.normalize.spacing import join_wrapped_words  # loads the dictionary: only when asked

        text = join_wrapped_words(text)
    return text


def normalize_text(text: str, page: int | None = None,
                   join_wraps: bool = False) -> tuple[str, list[RecordWarning]]:
    """Normalize Thai text and report what could not be fixed safely.

    Steps: ``repair_thai`` (PUA glyphs, ำ, doubled and misordered marks, zero-width characters,
    NBSP, NFC), Thai digits to Arabic, runs of spaces folded (newlines and tabs kept), then, when
    ``join_wraps`` is true, ``join_wrapped_words`` (use it on table cells and text whose lines
    were joined). Letters of other scripts inside Thai words are reported as ``foreign-script``
    warnings and kept in the text.

    Args:
        text: any text.
        page: page number to put in the warnings, if known.
        join_wraps: also remove the spaces that line wraps left inside Thai phrases.

    Returns:
        ``(normalized_text, warnings)``; normalizing the result again changes nothing.

    Example:
        >>> normalize_text("ประกาศ ณ วันที่ ๑๐ เดือน มีนาคม พ.ศ. ๒๕๖๖")
        ('ประกาศ ณ วันที่ 10 เดือน มีนาคม พ.ศ. 2566', [])
        >>> normalize_text("คุณธรรมและ โปร่งใส", join_wraps=True)[0]
        'คุณธรรมและโปร่งใส'
    """
    for _ in range(_MAX_PASSES):
        normalized = _normalize_once(text, join_wraps)
        if normalized == text:
            break
        text = normalized
    return text, find_foreign_letters(text, page=page)
