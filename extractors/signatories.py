"""Signatories: the people who sign, with their title or rank and their position.

A Thai signature block prints the name in parentheses, the title inside ('(นายวันชัย
ประชุมชน)') or on the line above ('ส.ต.ท.' then '(ประโยชน์ สนิทกุล)'), and the position on
the lines below. A person who signs twice (a memo's comment boxes) is listed once.
"""
from __future__ import annotations

import re

from thaireports.extractors.record import Signatory
from thaireports.extractors.textutil import THAI_CHARS, fold, lines_with_offsets, squash
from thaireports.normalize.slips import DEVANAGARI_TO_THAI
from thaireports.normalize.warning import RecordWarning

# Titles and ranks, longest first so 'นางสาว' wins over 'นาง' and 'นาย'.
TITLES: tuple[str, ...] = tuple(sorted((
    "นาย", "นาง", "นางสาว", "น.ส.", "ดร.", "ผศ.", "รศ.", "ศ.",
    "ว่าที่ร้อยตรี", "ว่าที่ร้อยโท", "ว่าที่ร้อยเอก", "ว่าที่ร.ต.", "ว่าที่ ร.ต.",
    "ส.ต.ต.", "ส.ต.ท.", "ส.ต.อ.", "ด.ต.", "จ.ส.ต.", "จ.ส.ท.", "จ.ส.อ.",      # police ranks
    "จ.ต.", "จ.ท.", "จ.อ.", "พ.จ.ต.", "พ.จ.ท.", "พ.จ.อ.",                   # navy / air ranks
    "ร.ต.", "ร.ท.", "ร.อ.", "ร.ต.ต.", "ร.ต.ท.", "ร.ต.อ.", "พ.ต.ต.", "พ.ต.ท.", "พ.ต.อ.",
    "สิบตรี", "สิบโท", "สิบเอก", "จ่าสิบตรี", "จ่าสิบโท", "จ่าสิบเอก", "จ่าเอก",
), key=len, reverse=True))
# First words of a position line (the lines under a signed name).
POSITION_STARTS: tuple[str, ...] = (
    "นายก", "รองนายก", "ปลัด", "รองปลัด", "หัวหน้า", "ผู้อำนวยการ", "ผู้ช่วย", "ผู้อำนวย",
    "นัก", "เจ้าพนักงาน", "เจ้าหน้าที่", "รักษาราชการแทน", "ประธาน", "เลขานุการ", "ผู้บริหาร",
    "พนักงาน", "ครู", "ผู้ใหญ่บ้าน", "กำนัน", "สมาชิก", "นิติกร", "ตำแหน่ง", "ผู้ตรวจ",
    "ผู้รายงาน", "ผู้จัดทำ", "ผู้ตรวจสอบ", "ผู้เห็นชอบ", "ผู้อนุมัติ")

_NAME_WORD = r"[" + THAI_CHARS + r"\u0900-\u097f]+"
# A rank with dots may stand inside the parentheses, glued to the name: '(จ.ส.อ.ธนพล ศรีวิชัย)'.
_TITLE_IN_PARENS = "(?:" + "|".join(re.escape(t) for t in TITLES if "." in t) + r")\s?"
# Scans add specks around the parentheses ('\\ (นางสาว... บุญมี)', '(นาย... เฟ็งจำรัส ก+,'): a
# few non-Thai characters before the '(' and, when the ')' is lost, after the name.
_SPECKS = r"[^\u0e01-\u0e5b(\n]{0,6}"
_PAREN_NAME = re.compile(r"^\s*(?:\(ลงชื่อ\)[ .…]*)?" + _SPECKS + r"\(\s*((?:" + _TITLE_IN_PARENS
                         + r")?" + _NAME_WORD + r"(?:[ .]?" + _NAME_WORD + r"){0,3})\s*"
                         + r"(?:\)\s*|[^\u0e01-\u0e5b)\n]{0,4}$)" + r"[^\u0e01-\u0e5b\n]{0,4}"
                         + r"(?P<position>(?<=\) )\S.*)?$")
# A signature block retyped for a web page or a word processor often loses its parentheses:
# the name line is then the title and the two words of the name alone ('นายสมศักดิ์ ทองดี'),
# the position on the lines below. Without the parentheses the title is required and a
# position line must follow (``_bare_signer``): a bare name in running prose is no signature.
# On a signed scan the signature's stroke or the stamp's ring runs over the '(' of the name line
# ('นายบุญเรือง ทาแก้ว)'): the line then reads as a bare name with its ')' left, held to the same
# rules (the title required, a position line below).
_BARE_NAME = re.compile(r"^\s*((?:" + "|".join(re.escape(t) for t in TITLES) + r")\s?"
                        + _NAME_WORD + r"[ ]+" + _NAME_WORD + r")\s*\)?\s*$")
# A one- or two-letter 'word' after a name whose ')' was lost is a speck read as a letter.
_SPECK_WORD = 2


# Signature blocks printed side by side (a report's ผู้รายงาน and ผู้ตรวจสอบ): two names in
# parentheses on one line, the positions under each on the lines below. Text comes with its
# runs of spaces folded (ingest, OCR), so the blocks are told apart by what starts them.
_NAME_IN_PARENS = re.compile(r"\([^()\n]{3,60}\)")
BLOCK_LINES = 3  # lines under the names that may hold both blocks' positions


def _position_cuts(line: str, shares: list[float]) -> list[int | None]:
    """Where a line holding positions side by side parts, one cut per block after the first:
    at the tabs when a table's row gave them (one tab between two cells), else at the space
    before a position's first word nearest each ``share`` of the line (where the names above
    part); None for a block whose position does not start in the line."""
    if line.count("\t") == len(shares):
        return [m.start() for m in re.finditer("\t", line)]
    cuts = [m.start() for m in re.finditer(r"\s(?=\S)", line)
            if line[m.end():].startswith(POSITION_STARTS) and line[:m.start()].strip()]
    return [min(cuts, key=lambda c: abs(c - share * len(line))) if cuts else None
            for share in shares]


def _side_by_side(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The lines with the signature blocks printed side by side written one after the other:
    each block's name and position lines, a blank line between blocks.

    A line of parenthesised names and nothing else is split between them; each position line
    below it (up to ``BLOCK_LINES``) is split where the next position starts
    (``_position_cuts``); a line holding fewer positions gives the rest to the blocks on the
    left. A Word table of signatures comes as such lines with tabs between its cells.

    Example:
        >>> lines = [(0, "(นางสาวสุภาวดี อินทร์แก้ว) (นายธนากร เพ็ชรรุ่ง)"),
        ...          (48, "นักวิเคราะห์นโยบายและแผนชำนาญการ ผู้อำนวยการกองคลัง")]
        >>> [t.strip() for _, t in _side_by_side(lines)]
        ['(นางสาวสุภาวดี อินทร์แก้ว)', 'นักวิเคราะห์นโยบายและแผนชำนาญการ', '', '(นายธนากร เพ็ชรรุ่ง)', 'ผู้อำนวยการกองคลัง', '']
    """
    out: list[tuple[int, str]] = []
    i = 0
    while i < len(lines):
        off, line = lines[i]
        names = list(_NAME_IN_PARENS.finditer(line))
        if len(names) < 2 or any(line[a.end():b.start()].strip() for a, b in zip(names, names[1:])) \
                or line[names[-1].end():].strip():
            out.append((off, line))
            i += 1
            continue
        starts = [0] + [n.start() for n in names[1:]] + [len(line)]
        blocks = [[(off + a, line[a:b])] for a, b in zip(starts, starts[1:])]
        width = max(1, len(line.rstrip()))
        shares = [n.start() / width for n in names[1:]]
        j = i + 1
        while j < min(len(lines), i + 1 + BLOCK_LINES) and _is_position(lines[j][1].strip()):
            o, below = lines[j]
            cuts = [0] + [c if c is not None else len(below) for c in _position_cuts(below, shares)]
            cuts = [max(cuts[:k + 1]) for k in range(len(cuts))] + [len(below)]
            for block, a, b in zip(blocks, cuts, cuts[1:]):
                piece = below[a:b].strip()
                if piece:
                    block.append((o + a, piece))
            j += 1
        for block in blocks:
            out.extend(block + [(off, "")])
        i = j
    return out


def split_title(text: str) -> tuple[str | None, str]:
    """('นางสาว', 'ภัทรดานันท์ บุญมี') from 'นางสาวภัทรดานันท์ บุญมี'.

    Example:
        >>> split_title("นายสิทธิชัย เฟ็งจำรัส")
        ('นาย', 'สิทธิชัย เฟ็งจำรัส')
        >>> split_title("ประโยชน์ สนิทกุล")
        (None, 'ประโยชน์ สนิทกุล')
    """
    s = text.strip()
    for t in TITLES:
        if s.startswith(t) and len(s) > len(t) + 1:
            rest = s[len(t):].lstrip()
            # 'นายก...' is a position, 'นาง' inside 'นางรอง' a place: a name has two words
            if len(rest.split()) >= 2:
                return t.replace(" ", ""), rest
    return None, s


def _is_position(line: str) -> bool:
    s = line.strip()
    return bool(s) and len(s) <= 150 and s.startswith(POSITION_STARTS)


def _repair_name(name: str, page: int | None, warnings: list[RecordWarning]) -> str:
    if re.search(r"[\u0900-\u097f]", name):
        fixed = name.translate(DEVANAGARI_TO_THAI)
        warnings.append(RecordWarning(code="name-foreign-script",
                                      message=f"'{name}' read as '{fixed}' (Devanagari letters "
                                              f"inside a Thai name)", page=page))
        return fixed
    return name


def extract_signatories(text: str, page_at=lambda off: None
                        ) -> tuple[list[Signatory], list[RecordWarning]]:
    """Everyone who signs, once each, in order of first signature.

    Example:
        >>> sigs, _ = extract_signatories("ส.ต.ท.\\n\\n(ประโยชน์ สนิทกุล)\\n\\nปลัดองค์การบริหารส่วนตำบล")
        >>> sigs[0].title, sigs[0].name, sigs[0].position
        ('ส.ต.ท.', 'ประโยชน์ สนิทกุล', 'ปลัดองค์การบริหารส่วนตำบล')
    """
    warnings: list[RecordWarning] = []
    lines = _side_by_side(lines_with_offsets(text.replace("\f", "\n")))
    found: dict[str, Signatory] = {}
    for i, (off, line) in enumerate(lines):
        m = _PAREN_NAME.match(line)
        if not m:
            bare = _bare_signer(lines, i)
            if bare is not None:
                title, name, position = bare
                _add(found, Signatory(name=_repair_name(name, page_at(off), warnings),
                                      title=title, position=position))
            continue
        if _certifies_a_copy(lines, i):
            continue
        title, name = split_title(fold(m.group(1)))
        words = name.split()
        if len(words) == 3 and len(words[2]) <= _SPECK_WORD and not line.rstrip().endswith(")"):
            name = " ".join(words[:2])
        if len(name.split()) != 2:
            continue
        if title is None:  # a rank on its own line just above
            prev = next((ln.strip() for _, ln in reversed(lines[max(0, i - 3):i])
                         if ln.strip()), "")
            if prev in TITLES or prev.replace(" ", "") in TITLES:
                title = prev.replace(" ", "")
        same_line = m.group("position")
        if same_line and not _is_position(same_line):
            continue
        # '(นาง... สุขเกษม) หัวหน้าฝ่ายอำนวยการ': the position may follow on the same line
        position = _position_below(lines, i, [same_line.strip()] if same_line else [])
        if title is None and not position:
            continue  # a parenthesised phrase, not a signature
        name = _repair_name(name, page_at(off), warnings)
        _add(found, Signatory(name=name, title=title, position=position))
    return merge_near_twins(list(found.values()), text, warnings)


# A copy is certified under 'สำเนาถูกต้อง' by whoever made it, with a signature, a name and a
# position of their own: that block attests the copy, not the document, so it is no signature.
_COPY_CERTIFIED = re.compile(r"^ส(?:ำ|ํา)เนาถูกต้อง")  # ำ as OCR may leave it, ํ + า
CERTIFICATE_REACH = 3  # lines above a name: the certificate's signature, perhaps a date


def _certifies_a_copy(lines: list[tuple[int, str]], i: int) -> bool:
    """Whether the name at ``lines[i]`` signs a copy's certificate (``_COPY_CERTIFIED``).

    Example:
        >>> lines = [(0, "สําเนาถูกต้อง"), (14, " ปัทมา"), (21, "(นางปัทมา  โคตรสุวรรณ)")]
        >>> _certifies_a_copy(lines, 2), _certifies_a_copy(lines[1:], 1)
        (True, False)
    """
    above = [squash(fold(ln)) for _, ln in lines[max(0, i - CERTIFICATE_REACH):i] if ln.strip()]
    return any(_COPY_CERTIFIED.match(ln) for ln in above)


def _add(found: dict[str, Signatory], sig: Signatory) -> None:
    """One signer once: a second signature keeps the first reading, with the longer position."""
    key = sig.name.replace(" ", "")
    known = found.get(key)
    if known is None:
        found[key] = sig
    elif sig.position and len(sig.position) > len(known.position or ""):
        found[key] = known.model_copy(update={"position": sig.position,
                                              "title": known.title or sig.title})


def _position_below(lines: list[tuple[int, str]], i: int, position_lines: list[str]
                    ) -> str | None:
    """The position printed on the lines under a signed name, after what the name's own line
    gave (``position_lines``); a line ending in 'แทน' ('รักษาราชการแทน') goes on to the next.
    None when no position line follows."""
    position_lines = list(position_lines)
    for _, ln in lines[i + 1:i + 8]:
        s = ln.strip()
        if not s:
            continue
        if _is_position(s) or (position_lines and position_lines[-1].endswith("แทน")):
            position_lines.append(s)
            continue
        break
    if not position_lines:
        return None
    position = position_lines[0]
    for s in position_lines[1:]:
        position += ("" if position.endswith("แทน") else " ") + s
    return fold(position)


def _bare_signer(lines: list[tuple[int, str]], i: int) -> tuple[str, str, str] | None:
    """(title, name, position) of a signature block printed without parentheses: the line is a
    title and a two-word name alone, and a position line follows it.

    Example:
        >>> _bare_signer([(0, "นายสมศักดิ์ ทองดี"), (20, "ปลัดองค์การบริหารส่วนตำบล")], 0)
        ('นาย', 'สมศักดิ์ ทองดี', 'ปลัดองค์การบริหารส่วนตำบล')
        >>> _bare_signer([(0, "นายบุญเรือง ทาแก้ว)"), (20, "นายกเทศมนตรีตำบลนาครัว")], 0)
        ('นาย', 'บุญเรือง ทาแก้ว', 'นายกเทศมนตรีตำบลนาครัว')
    """
    m = _BARE_NAME.match(lines[i][1])
    if not m:
        return None
    title, name = split_title(fold(m.group(1)))
    if title is None or len(name.split()) != 2:
        return None
    position = _position_below(lines, i, [])
    return (title, name, position) if position else None


NAME_SLIP_CHARS = 8  # one OCR letter slip is tolerated per this many letters of a name


def _compatible_positions(a: str | None, b: str | None) -> bool:
    """Two readings of one signer's position: equal, missing, or one cut short of the other
    (a page break or an OCR line split drops its last lines)."""
    if not a or not b:
        return True
    sa, sb = a.replace(" ", ""), b.replace(" ", "")
    return sa.startswith(sb) or sb.startswith(sa)


def near_twins(a: Signatory, b: Signatory) -> bool:
    """The same signer read twice with an OCR letter slip in the name ('สิทธิชัย เฟ็งจำรัส'
    and 'สิทธิชัย เพ็งจำรัส'): same title, same number of name words, at most one differing
    letter per ``NAME_SLIP_CHARS`` letters, and positions that agree (one may be cut short).

    Example:
        >>> near_twins(Signatory(name="สิทธิชัย เฟ็งจำรัส", title="นาย", position=None),
        ...            Signatory(name="สิทธิชัย เพ็งจำรัส", title="นาย", position=None))
        True
    """
    from rapidfuzz.distance import Levenshtein

    if a.title and b.title and a.title != b.title:
        return False
    wa, wb = a.name.split(), b.name.split()
    if len(wa) != len(wb):
        return False
    # each word on its own: 'สมชาย ใจดี' and 'สมชัย ใจดี' differ in a short first name
    for x, y in zip(wa, wb):
        if Levenshtein.distance(x, y) > len(max(x, y, key=len)) // NAME_SLIP_CHARS:
            return False
    return _compatible_positions(a.position, b.position)


def _support(name: str, text: str) -> int:
    """How often a spelling of a name occurs in the document (spaces ignored)."""
    return text.replace(" ", "").count(name.replace(" ", ""))


def merge_near_twins(signatories: list[Signatory], text: str,
                     warnings: list[RecordWarning]) -> tuple[list[Signatory], list[RecordWarning]]:
    """Merge signers read twice with a one-letter OCR slip into the first reading.

    The spelling the document uses more often wins (ties: the first reading, since a later
    signature block is no more reliable than the first); the longer of two agreeing positions
    wins (the other was cut short); the merge is reported as ``signatory-name-variants``.
    """
    out: list[Signatory] = []
    for sig in signatories:
        twin = next((i for i, o in enumerate(out) if near_twins(o, sig)), None)
        if twin is None:
            out.append(sig)
            continue
        known = out[twin]
        name = sig.name if _support(sig.name, text) > _support(known.name, text) else known.name
        position = max((known.position, sig.position), key=lambda p: len(p or ""))
        out[twin] = known.model_copy(update={"name": name, "title": known.title or sig.title,
                                             "position": position})
        warnings.append(RecordWarning(
            code="signatory-name-variants",
            message=f"'{known.name}' and '{sig.name}' read as one signer '{name}' (names differ "
                    f"by an OCR letter slip, titles and positions agree)", page=None))
    return out, warnings
