"""The document header: kind (memo, announcement, report, order), ref, date, subject,
addressee, and the fiscal year the document is about.

A Thai government memo (บันทึกข้อความ) prints its header as labelled lines: ส่วนราชการ / ที่ /
วันที่ / เรื่อง / เรียน. An announcement (ประกาศ...) has a เรื่อง line under its title and closes
with 'ประกาศ ณ วันที่ ...'. A document is often a memo with attachments: the header comes from
the first page that carries one.
"""
from __future__ import annotations

import re

from thaireports.extractors.record import DocumentInfo
from thaireports.extractors.textutil import DocText, fold
from thaireports.normalize.columns import skeleton
from thaireports.normalize.labels import DOCUMENT_TITLES, NOT_TITLES, repair_labels
from thaireports.normalize.warning import RecordWarning

# First words of the first lines that name the kind of document (normalize.labels owns them).
KIND_OPENINGS = DOCUMENT_TITLES
HEAD_LINES = 6          # the kind is read from this many non-empty lines at the top
HEADER_SPAN = 3000      # memo header labels are searched in this many characters

_REF = re.compile(r"(?m)^[ \t]*ที่[ \t]+(.*?)(?=[ \t]+วันที่?(?![ก-๙])|[ \t]*$)")
# The date line of a memo, alone or after the ที่ (number) field. OCR drops tone marks (วันที่ read
# as วันที) and garbles an empty number field into stray marks ('- วันที 22 เมษายน 2562').
_DATE_MEMO = re.compile(r"(?m)^[ \t]*(?:ที่?[^\n]*?|[-–. \t]*)?วันที่?[ \t]*([^\n]{4,60})")
SUBJECT_LABEL = "เรื่อง"   # the label of a memo's, an announcement's or an order's subject line
_SUBJECT = re.compile(r"(?m)^[ \t]*" + SUBJECT_LABEL + r"[ \t]*(.+)$")
_ADDRESSEE = re.compile(r"(?m)^[ \t]*เรียน[ \t]+(.+)$")
# 'วันที่' as OCR of bold or small print leaves it: 'วันที', 'วนท'
_WAN_THI = r"(?:[ก-ฮ][ \t]?)?วั?นที?่?"  # a letter doubled in bold print may stand before it
_ANNOUNCED = re.compile(r"ประกาศ[ \t]*ณ[ \t]*" + _WAN_THI + r"[ \t]*([^\n]{4,60})")
# Where a document dates itself as it closes: an order 'สั่ง ณ วันที่ 16 มกราคม พ.ศ. 2566', a
# report 'รายงาน ณ วันที่ 30 กันยายน 2567', 'ข้อมูล ณ วันที่ ...' or, as its maker signs off,
# 'จัดทำ ณ วันที่ ...'.
_ORDERED = re.compile(r"สั่ง[ \t]*ณ[ \t]*" + _WAN_THI + r"[ \t]*([^\n]{4,60})")
_REPORTED = re.compile(r"(?:ประกาศ|สั่ง|รายงาน|ข้อมูล|จัดทำ)[ \t]*ณ[ \t]*" + _WAN_THI
                       + r"[ \t]*([^\n]{4,60})")
# The closing 'ประกาศ ณ วันที่' / 'สั่ง ณ วันที่' with its bold words read by Tesseract's Latin model
# ('ประกาศ A JUN 2 ตุลาคม พ.ศ. 2567', 'ประกาศ ณ TUN 2 ตุลาคม ...'): one or two short Latin words
# where the label was, then a date that opens with its day.
_LATIN_LABEL = r"(?:[A-Za-z]{1,4}\.?[ \t]+){1,2}"
_CLOSING_LATIN = re.compile(r"(?:ประกาศ|สั่ง|รายงาน|ข้อมูล)[ \t]*(?:ณ[ \t]*)?" + _LATIN_LABEL
                            + r"(\d{1,2}[ \t]*[ก-ฮ][^\n]{2,58})")
# The closing date of an approved plan ('อนุมัติ ณ วันที่ 15 ธ.ค. 2565', under the approver's
# signature) and of a certificate or order given ('ให้ไว้ ณ วันที่ ...'). Only where the label opens
# its line: in a sentence ('แผนได้รับอนุมัติ ณ วันที่ ...') the words report an event.
_APPROVED = re.compile(r"(?m)^[ \t]*(?:อนุมัติ|ให้ไว้)[ \t]*ณ[ \t]*" + _WAN_THI
                       + r"[ \t]*([^\n]{4,60})")
# The sign-off block's own dating line without a label word: a report or a plan prints
# 'ณ วันที่ 20 พฤศจิกายน 2566' or 'วันที่ 30 ก.ย. 2565' alone on a line just above or under the
# signatures. The line must hold nothing but the date, and stand near a signature (``_signed``):
# elsewhere such a line is a table cell or the date of an activity.
_BARE_DATING = re.compile(r"(?m)^[ \t]*(?:ณ[ \t]*)?วันที่?[ \t]*([^\n]{4,40}?)[ \t]*$")
SIGN_OFF_LINES = 3   # non-empty lines between a bare dating line and a signature line
# ... or without its label: a date alone on its line under the signer's position, printed in full
# ('๘ ตุลาคม ๒๕๖๗': the month's name, a four-digit year), not a note written in by hand beside a
# signature ('๔ เม.ย ๖๗').
_PRINTED_DATE_LINE = re.compile(r"(?m)^[ \t]*([0-9๐-๙]{1,2}[ \t]+[ก-๙]{4,12}[ \t]+(?:พ\.ศ\.[ \t]*)?"
                                r"[0-9๐-๙]{4})[ \t]*$")
# A date cited with another document, not the document's own: Thai official prose opens a
# reference with 'ตามที่ ... นั้น' ('ตามที่สำนักงาน ป.ป.ช. มีประกาศ ... ประกาศ ณ วันที่ 6 ธันวาคม 2565
# นั้น'), 'ตามประกาศ/หนังสือ/คำสั่ง/ระเบียบ ...', 'อ้างถึง ...', or reports that another body 'มี
# ประกาศ/หนังสือ/คำสั่ง ...'. The reference runs until the clause is closed (นั้น) or the prose turns
# to the document's own business (บัดนี้, จึง).
_CITING = re.compile(r"ตามที่|ตาม(?:ประกาศ|หนังสือ|คำสั่ง|ระเบียบ|มติ)|อ้างถึง"
                     r"|(?:ได้)?มี(?:ประกาศ|หนังสือ|คำสั่ง)")
_CITING_CLOSED = re.compile(r"นั้น|บัดนี้|จึง")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n|\f")
# A news item or notice dates itself 'วันนี้ (วันพฤหัสบดี ที่ 9 ธันวาคม 2567)'.
# OCR drops the tone mark and the upper vowel ('วันนี (วันพฤหัสบดีที 9 ธันวาคม 2567)'); the
# bracketed date after it still has to read as a full date.
_TODAY = re.compile(r"วั?นนี้?[ \t]*\(([^)\n]{4,60})\)")
# A wrapped header line: at least this long, and at most this many lines follow it.
WRAPPED_LINE_MIN = 40
CONTINUATION_LINES = 2
# Lines that start something new, never continue a เรื่อง / เรียน line.
_OPENS = re.compile(r"[ \t]*(?:เรื่อง|เรียน|อ้างถึง|สิ่งที่ส่งมาด้วย|ตามที่|ด้วย|ที่[ \t]|วันที่|ประกาศ|\d+[.)]|[-•])")
_PLACE_TAIL = re.compile(r"\s*(?:โทร\.?|โทรศัพท์)\s*[\d\s-]*$")


_BODY_OPENERS = tuple(skeleton(w) for w in ("ตามที่",))
_NOT_TITLES = tuple(skeleton(w) for w in NOT_TITLES)
_LEADING_JUNK = re.compile(r"^[^\u0e01-\u0e2e]+")
_MARKUP = re.compile(r"^(?:\*\*|__|#{1,6}[ \t])[ \t]*")


def document_kind(text: str) -> str:
    """The kind of a document from its first lines.

    Example:
        >>> document_kind("\\n\\nบันทึกข้อความ\\n\\nส่วนราชการ สำนักปลัด")
        'memo'
        >>> document_kind("ประกาศองค์การบริหารส่วนตำบลบึงนคร\\nเรื่อง มาตรการ")
        'announcement'
    """
    # markdown emphasis and heading marks around a title ('**รายงาน...**', '# ประกาศ') are
    # layout a converter left, not part of the title's words
    lines = [_MARKUP.sub("", ln.strip()) for ln in text.split("\n") if ln.strip()][:HEAD_LINES]
    # a title stands above the body: from a line that opens the body's prose on ('ตามที่ ...',
    # 'ตามที' with its marks lost), a line starting 'ประกาศ...' is that sentence wrapped by a
    # scan ('ประกาศเกียรติคุณ 931 หน่วยงาน'), not a title
    for i, line in enumerate(lines):
        if skeleton(_LEADING_JUNK.sub("", line)).startswith(_BODY_OPENERS):
            lines = lines[:i]
            break
    lines = [ln for ln in lines if not skeleton(ln).startswith(_NOT_TITLES)]
    for line in lines:
        for opening, kind in KIND_OPENINGS:
            if line.startswith(opening):
                return kind
    for line in lines:  # the title with its marks dropped ('บนทกขอความ', 'คาสง')
        bare = skeleton(line)
        for opening, kind in KIND_OPENINGS:
            if len(skeleton(opening)) >= 4 and bare.startswith(skeleton(opening)):
                return kind
    kind = _titled_below(text[:HEADER_SPAN])
    if kind is not None:
        return kind
    head = text[:HEADER_SPAN]
    bare_head = skeleton(head)
    if all(label in head or skeleton(label) in bare_head
           for label in ("ส่วนราชการ", "เรื่อง", "เรียน")):
        return "memo"  # the printed title was lost (a stamp, a cut scan) but the labels remain
    return "other"


TITLE_LINE_MAX = 100  # a document's title line ('ประกาศเทศบาลตำบลเชิงทะเล') is short
TITLE_REACH = 3  # lines under a title its เรื่อง line may stand ('คำสั่ง...', 'ที่ ๒๑๔/๒๕๖๗', 'เรื่อง ...')


def title_below(lines: list[str]) -> int | None:
    """The index, among a document's lines with text, of its title when the title stands below
    other text (a web page's menus, a receipt stamp): a short line opening with a document
    title (``KIND_OPENINGS``) with its เรื่อง line within ``TITLE_REACH`` lines under it.

    Example:
        >>> title_below(["หน้าแรก", "- ข่าว", "ประกาศเทศบาลตำบลเชิงทะเล", "เรื่อง นโยบายไม่รับของขวัญ"])
        2
    """
    for i, line in enumerate(lines):
        if len(line) <= TITLE_LINE_MAX and line.startswith(tuple(o for o, _ in KIND_OPENINGS)) \
                and any(_SUBJECT.match(x) for x in lines[i + 1:i + 1 + TITLE_REACH]):
            return i
    return None


def _titled_below(head: str) -> str | None:
    """The kind of a document whose title stands below other text (``title_below``).

    Example:
        >>> _titled_below("หน้าแรก\\n- ข่าว\\n- ITA\\nมาตรการ No Gift Policy\\n"
        ...               "โพสต์เมื่อ 3 ต.ค. 2566\\nประกาศเทศบาลตำบลเชิงทะเล\\nเรื่อง นโยบายไม่รับของขวัญ")
        'announcement'
    """
    lines = [_MARKUP.sub("", ln.strip()) for ln in head.split("\n") if ln.strip()]
    i = title_below(lines)
    return None if i is None else next(k for opening, k in KIND_OPENINGS
                                       if lines[i].startswith(opening))


def _ref(head: str) -> str | None:
    m = _REF.search(head)
    if not m:
        return None
    ref = fold(m.group(1))
    # the date printed on the same line, its label lost ('ที่ - 22 เมษายน 2562'): not the ref
    from thaireports.normalize.dates import find_dates

    dates = [d for d in find_dates(ref) if d.kind == "date"]
    if dates:
        ref = ref[:dates[0].start].strip()
    # 'ที่ -' and an empty ที่ mean no number was given; a blank number keeps its prefix and
    # slash; a ref is a number (or its blank with a slash), so text with neither is not one
    if not ref or not ref.strip("-–. ") or not re.search(r"[\d/]", ref):
        return None
    # a number of the สารบรรณ shape in the field is the ref, without the specks a scan left
    # around it ('‘ นภ 73501/120')
    shaped = _REF_SHAPE.search(ref)
    return fold(shaped.group(1)) if shaped else ref


# A Thai government document number as the สารบรรณ rules print it: the owner's letter code (two
# or three consonants: ลป, ชม, มท, กษ), the owner's number (digits, dotted levels: 52301,
# 0808.2), a slash, then the register number, a circular's ว, or a blank ('พง 75501/').
_REF_SHAPE = re.compile(r"(?<![ก-๙A-Za-z])([ก-ฮ]{2,3}\.?[ \t]?\d{4,5}(?:\.\d{1,3})*[ \t]?/"
                        r"(?:[ \t]?ว)?(?:[ \t]?\d{1,6})?)(?![\d.])")


def _ref_by_shape(head: str) -> str | None:
    """The document number read by its shape when its label ที่ is lost (OCR reads the bold label
    as Latin, 'Ni ลป 52301/123', or drops it): the first number of that shape on a line of the
    header block, from ส่วนราชการ to เรื่อง.

    Example:
        >>> _ref_by_shape("บันทึกข้อความ\\nส่วนราชการ สำนักปลัด โทร. 0 5422 8123\\n"
        ...               "Ni ลป 52301/123 TUN 15 A.A. 65\\nเรื่อง รายงานผล")
        'ลป 52301/123'
    """
    block = re.split(r"\n[ \t]*เรื่อง", head, maxsplit=1)[0]
    for line in block.split("\n"):
        if line.lstrip().startswith("ส่วนราชการ"):
            continue  # the office's own line: a phone number, never the document number
        m = _REF_SHAPE.search(line)
        if m:
            return fold(m.group(1))
    return None


def in_citation(text: str, pos: int) -> bool:
    """Whether the date phrase at ``pos`` dates a document the text cites (see ``_CITING``).

    A phrase that opens its own line is a dating line, never a citation; one inside a sentence
    is cited when a citing cue stands before it in its paragraph and no closing word between.

    Example:
        >>> t = "ตามที่สำนักงาน ป.ป.ช. มีประกาศ เรื่อง ปฏิทิน ประกาศ ณ วันที่ 6 ธันวาคม 2565 นั้น"
        >>> in_citation(t, t.index("ประกาศ ณ"))
        True
        >>> t = "ตามที่ ... นั้น จึงประกาศให้ทราบโดยทั่วกัน ประกาศ ณ วันที่ 1 ตุลาคม 2565"
        >>> in_citation(t, t.index("ประกาศ ณ"))
        False
    """
    line_start = text.rfind("\n", 0, pos) + 1
    if not text[line_start:pos].strip():
        return False
    breaks = [m.end() for m in _PARAGRAPH_BREAK.finditer(text, 0, pos)]
    before = text[breaks[-1] if breaks else 0:pos]
    cues = list(_CITING.finditer(before))
    if not cues:
        return False
    return not _CITING_CLOSED.search(before, cues[-1].end())


def _signed(lines: list[str], i: int) -> bool:
    """Whether a signature line (a name in parentheses, '(ลงชื่อ)', or a signer's role such as
    ผู้รายงาน / ผู้อนุมัติ) stands within ``SIGN_OFF_LINES`` non-empty lines of line ``i``."""
    from thaireports.extractors.signatories import _PAREN_NAME

    def near(indices):
        seen = 0
        for j in indices:
            line = lines[j].strip()
            if not line:
                continue
            seen += 1
            if seen > SIGN_OFF_LINES:
                return False
            if _PAREN_NAME.match(line) or line.startswith(("(ลงชื่อ)", "ลงชื่อ")) or \
                    re.match(r"\(?ผู้(?:รายงาน|อนุมัติ|รับรอง|เห็นชอบ|จัดทำ|ตรวจสอบ)", line):
                return True
        return False

    return near(range(i - 1, -1, -1)) or near(range(i + 1, len(lines)))


def _sign_off_date(text: str) -> tuple[str | None, list[RecordWarning]]:
    """The date of a bare dating line in the sign-off block ('ณ วันที่ 20 พฤศจิกายน 2566' above
    the signature, 'วันที่ 30 ก.ย. 2565' under it): the document's own date when no closing
    label (ประกาศ/สั่ง/รายงาน/อนุมัติ ณ วันที่) gives one."""
    from thaireports.normalize.dates import find_dates, parse_date

    lines = text.split("\n")
    for i, line in enumerate(lines):
        m = _BARE_DATING.match(line) or _PRINTED_DATE_LINE.match(line)
        if not m or not _signed(lines, i):
            continue
        value = m.group(1).strip()
        # the date must fill the line: 'วันที่ 9 ธันวาคม 2565 เวลา 09.00 น.' dates an activity
        if not any(d.kind == "date" and d.start == 0 and not value[d.end:].strip(" .)")
                   for d in find_dates(value)):
            continue
        iso, warnings = parse_date(value)
        if iso and len(iso) == 10:
            return iso, warnings
    return None, []


# The receiving office's stamp (สารบรรณ practice: เลขรับ, วันที่, เวลา in a box at the top right, or
# one line 'ทม.บ้านไผ่ รับที่ ๔๘๑ ๒ ก.พ. ๖๗'): its date is when the document arrived, not its own.
_RECEIPT_LINE = re.compile(r"^[ \t]*(?:\S+[ \t]+)?(?:เลขรับ|เลขที่รับ|รับที่)(?:[ \t]|$)"
                           r"|^[ \t]*เวลา[ \t]*[0-9๐-๙]{1,2}[.:][0-9๐-๙]{2}[ \t]*น\.?[ \t]*$")
RECEIPT_REACH = 1  # the lines next to a stamp's date: its number above, its time below


def in_receipt_stamp(text: str, at: int) -> bool:
    """Whether the date at ``at`` is a receipt stamp's (``_RECEIPT_LINE`` on its line or near).

    Example:
        >>> head = "อบต.ท่าช้าง\\nเลขรับ  ๒๑๕\\nวันที่ ๔ มี.ค. ๖๔\\nเวลา  ๑๐.๓๐ น.\\nบันทึกข้อความ\\nวันที่ ๓ มีนาคม ๒๕๖๔"
        >>> in_receipt_stamp(head, head.index("วันที่ ๔")), in_receipt_stamp(head, head.rindex("วันที่"))
        (True, False)
    """
    start = text.rfind("\n", 0, at) + 1
    lines = text[:start].split("\n")[:-1][-RECEIPT_REACH:]
    end = text.find("\n", at)
    own = text[start:len(text) if end < 0 else end]
    below = text[len(text) if end < 0 else end + 1:].split("\n")[:RECEIPT_REACH]
    return any(_RECEIPT_LINE.match(ln) for ln in [own, *lines, *below])


def _date(text: str, pattern: re.Pattern, page: int | None) -> tuple[str | None, list]:
    from thaireports.normalize.dates import parse_date

    failed: list[RecordWarning] = []
    # overlapping matches: a skipped cited date's value may run over the document's own label
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        pos = m.start() + 1
        if page is None and in_citation(text, m.start()):
            continue  # the date of a document the text cites, not its own
        if in_receipt_stamp(text, m.start()):
            continue  # the day the document was received, stamped on it
        iso, warnings = parse_date(m.group(1))
        if iso:
            return iso, [w.model_copy(update={"page": page}) for w in warnings]
        # a date that is there but cannot be (an OCR'd year 6565) is worth a warning
        failed += [w.model_copy(update={"page": page}) for w in warnings
                   if w.code in ("date-implausible-year", "date-impossible")]
    return None, failed


def _date_by_shape(head: str) -> tuple[str | None, list[RecordWarning]]:
    """The memo's date read by its place and shape when its label is lost: the first full
    date (day, month, year) on a line of the header block above เรื่อง."""
    from thaireports.normalize.dates import find_dates

    block = head.split("\nเรื่อง", 1)[0]
    for line in block.split("\n"):
        for m in find_dates(line):
            if m.kind == "date" and m.value and len(m.value) == 10:
                return m.value, [RecordWarning(code="date-by-position", page=1,
                                               message=f"memo date read from '{fold(line)}' "
                                                       "(its label was not legible)")]
    return None, []


def _first_line(pattern: re.Pattern, text: str) -> str | None:
    """The label's value, with the lines a scan wrapped it onto (``_continued``)."""
    m = pattern.search(text)
    if not m:
        return None
    value = m.group(1) + _continued(m.group(1), text[m.end():])
    return fold(value) or None


def _memo_subject(head: str) -> str | None:
    """A memo's subject: the เรื่อง line and, the memo form being fixed (เรื่อง, then เรียน),
    the lines between it and the เรียน line. OCR of a scan often sets a blank line between the
    เรื่อง line and its wrapped tail (the bold label makes the line taller), which ``_continued``
    alone must not cross: elsewhere a blank line ends a header line.

    Example:
        >>> _memo_subject("เรื่อง รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความ\\n\\n"
        ...               "โปร่งใสในการดำเนินงาน (ITA) ประจำปีงบประมาณ พ.ศ. 2565\\n\\n"
        ...               "เรียน นายกเทศมนตรีตำบลนาครัว")
        'รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความ โปร่งใสในการดำเนินงาน (ITA) ประจำปีงบประมาณ พ.ศ. 2565'
    """
    m = _SUBJECT.search(head)
    if not m:
        return None
    tail = [ln for ln in head[m.end():].split("\n")[1:] if ln.strip()][:CONTINUATION_LINES + 1]
    between = []
    for line in tail:
        if _ADDRESSEE.match(line):
            if between and len(m.group(1).strip()) >= WRAPPED_LINE_MIN:
                return fold(" ".join([m.group(1)] + between)) or None
            break
        if _OPENS.match(line):
            break
        between.append(line.strip())
    return _first_line(_SUBJECT, head)


def _continued(line: str, rest: str) -> str:
    """The wrapped continuation of a header line: OCR of a scan breaks a long เรื่อง / เรียน
    line where the page ended it ('... ประจำ' + newline + 'ปีงบประมาณ พ.ศ. 2562'). A line
    continues while it was long enough to have been wrapped and the next line follows with no
    blank line between and opens no label or paragraph of its own.

    Example:
        >>> _continued("มาตรการภายในเพื่อส่งเสริมความโปร่งใสและป้องกันการทุจริต ประจำ",
        ...            "\\nปีงบประมาณ พ.ศ. 2562\\n\\nเรียน นายก")
        ' ปีงบประมาณ พ.ศ. 2562'
    """
    out = ""
    lines = rest.split("\n")[1:1 + CONTINUATION_LINES]
    for nxt in lines:
        if len(line.strip()) < WRAPPED_LINE_MIN or not nxt.strip() or _OPENS.match(nxt):
            break
        out += " " + nxt.strip()
        line = nxt
    return out


# The year an assessment is named by: 'การประเมิน ... ประจำปี 2564', '(ITA) พ.ศ.2564', and the
# tool's name followed by its year, with or without 'ปี' / 'พ.ศ.' between ('ITA ปี พ.ศ.2567',
# 'ITA ประจำปี 2566', 'ผลการประเมิน ITA 2565'): ITA and LPA rounds are named by their BE year.
_ASSESSMENT_YEAR = re.compile(r"ประเมิน[^\n]{0,80}?(?:ประจำปี(?:งบประมาณ)?|พ\.ศ\.)[ \t]*(25\d\d)"
                              r"|(?:ITA|LPA)\)?[ \t]*(?:(?:ประจำ)?ปี(?:งบประมาณ)?[ \t]*)?"
                              r"(?:พ\.[ \t]?ศ\.)?[ \t]*(25\d\d)")


_MEASURES_CLAUSE = re.compile(r"มาตรการ|แผน|แนวทาง|โครงการ|ยกระดับ")


def _clause_before(subject: str, end: int) -> str:
    """The clause of a subject that ends at ``end``: from the last 'และ' before it."""
    start = subject.rfind("และ", 0, end)
    # 'คุณธรรมและความโปร่งใส' is one name, not two clauses
    while start > 0 and subject.startswith("และความโปร่งใส", start):
        start = subject.rfind("และ", 0, start)
    return subject[max(0, start):end]


def date_fiscal_year(iso: str | None) -> int | None:
    """The Thai fiscal year (BE) a CE date falls in: October starts the next one.

    Example:
        >>> date_fiscal_year("2022-04-28")
        2565
        >>> date_fiscal_year("2021-10-01")
        2565
    """
    if not iso:
        return None
    year, month = int(iso[:4]), int(iso[5:7])
    return year + 543 + (1 if month >= 10 else 0)


# 'ปีงบประมาณ พ.ศ. 2566' with its พ.ศ. read by Tesseract's Latin model ('WA.', 'wd.', 'W.A.'): a
# short Latin word between ปีงบประมาณ and a Buddhist-Era year stands where พ.ศ. was printed.
_LATIN_BE = re.compile(r"(ปีงบประมาณ)[ \t]*[A-Za-z]{1,3}\.?(?:[A-Za-z]\.?)?[ \t]*(25\d\d)(?!\d)")


def _latin_be_repaired(text: str) -> str:
    """The fiscal-year mentions of a text with พ.ศ. read as Latin put back.

    Example:
        >>> _latin_be_repaired("ประจำปีงบประมาณ WA. 2566 และ ปีงบประมาณ wd. 2565")
        'ประจำปีงบประมาณ พ.ศ. 2566 และ ปีงบประมาณ พ.ศ. 2565'
    """
    return _LATIN_BE.sub(r"\1 พ.ศ. \2", text)


def choose_fiscal_year(subject: str | None, text: str, date: str | None
                       ) -> tuple[int | None, list[RecordWarning]]:
    """The fiscal year a document is about.

    The subject line decides when it names one ('... ประจำปีงบประมาณ พ.ศ. 2565'). Otherwise the
    mentions in the text vote; a mention equal to the fiscal year of the document's own date
    (or the next one: plans are written ahead) wins, else the most frequent, earliest mention.
    Mentions far from the document's date are stale (copied from an old template).
    """
    from thaireports.normalize.dates import find_fiscal_years, plausible_be

    warnings: list[RecordWarning] = []
    own = date_fiscal_year(date)
    subject = _latin_be_repaired(subject) if subject else subject
    text = _latin_be_repaired(text)
    if subject:
        years = find_fiscal_years(subject)
        if years:
            fy = years[0]
            # A subject naming an assessment's year and another fiscal year ('รายงานผลการ
            # ประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2566 และแนวทางการยกระดับในปีงบประมาณ พ.ศ. 2567')
            # is about the year its measures are for: the assessed year is what it looks back on.
            # A year in a clause about measures ('และขออนุมัติมาตรการยกระดับผลการประเมิน
            # ประจำปีงบประมาณ พ.ศ. 2567') is the measures' year, though the clause names the
            # assessment it is to lift.
            assessed = {int(m.group(1) or m.group(2)) for m in _ASSESSMENT_YEAR.finditer(subject)
                        if not _MEASURES_CLAUSE.search(_clause_before(subject, m.end()))}
            ahead = [y for y in years if y not in assessed]
            if assessed and ahead and len(set(years)) > 1:
                fy = ahead[0]
            if own and abs(fy - own) > 2:
                warnings.append(RecordWarning(
                    code="fiscal-year-suspect",
                    message=f"subject names fiscal year {fy}, the document is dated {date}",
                    page=1))
            return fy, warnings
    years = find_fiscal_years(text)
    if not years:
        # no ปีงบประมาณ anywhere: the year of the assessment the document is about
        # ('การประเมิน ... (ITA) พ.ศ.2564', '(LPA) ประจำปี 2560') is the year it reports on
        m = _ASSESSMENT_YEAR.search(text)
        year = int(m.group(1) or m.group(2)) if m else None
        if year and plausible_be(year):
            return year, warnings
        return None, warnings
    if own:
        for candidate in (own, own + 1):
            if candidate in years:
                return candidate, warnings
    counts = {y: years.count(y) for y in years}
    best = max(years, key=lambda y: (counts[y], -years.index(y)))
    if own and abs(best - own) > 2:
        warnings.append(RecordWarning(
            code="fiscal-year-suspect",
            message=f"fiscal year {best} is far from the document's date {date}", page=None))
    return best, warnings


def _results_title(head: str) -> str | None:
    """The title block of a report of measures carried out (``RESULTS_TITLE``: 'รายงานผลการ
    ดำเนินงานตามมาตรการ... / ประจำปีงบประมาณ พ.ศ. 2565') that has no เรื่อง line. Such a report
    is written after the year it reports on has closed (its date falls in the next fiscal
    year), so the year its title names, not the year of its date, is the one it is about.

    Example:
        >>> _results_title("รายงานผลการดำเนินงานตามมาตรการส่งเสริมคุณธรรม\\nประจำปีงบประมาณ พ.ศ. 2565"
        ...                "\\nเทศบาลตำบลหนองบัว\\n\\nตามที่ ...")
        'รายงานผลการดำเนินงานตามมาตรการส่งเสริมคุณธรรม ประจำปีงบประมาณ พ.ศ. 2565'
    """
    from thaireports.extractors.measures.draft import RESULTS_TITLE

    block = []
    for line in head.split("\n"):
        s = _MARKUP.sub("", line.strip()).strip("*").strip()
        if not s:
            if block:
                break
            continue
        block.append(s)
    if not block or not RESULTS_TITLE.match(block[0]):
        return None
    return fold(" ".join(block[:2]))


def extract_header(dt: DocText) -> tuple[DocumentInfo, list[RecordWarning]]:
    """Document kind, ref, date, subject, addressee and fiscal year.

    Example:
        >>> info, _ = extract_header(DocText.of_texts(["บันทึกข้อความ\\nที่ พง 75501/\\n"
        ...     "วันที่ 28 เมษายน 2565\\nเรื่อง มาตรการส่งเสริมคุณธรรม ประจำปีงบประมาณ พ.ศ. 2565\\n"
        ...     "เรียน นายกองค์การบริหารส่วนตำบลเหล"]))
        >>> info.kind, info.ref, info.date, info.fiscal_year
        ('memo', 'พง 75501/', '2022-04-28', 2565)
    """
    from thaireports.normalize.vocab import expand_abbreviations

    warnings: list[RecordWarning] = []
    text = dt.text
    first = text.split("\f", 1)[0] if "\f" in text else text
    head = first[:HEADER_SPAN] if first.strip() else text[:HEADER_SPAN]
    head, repairs = repair_labels(head, page=1)
    kind = document_kind(head)
    ref = date = subject = addressee = None
    if kind == "memo":
        warnings += repairs
        ref = _ref(head) or _ref_by_shape(head)
        date, ws = _date(head, _DATE_MEMO, 1)
        if date is None:
            warnings += ws
            date, ws = _date_by_shape(head)
        warnings += ws
        subject = _memo_subject(head)
        addressee = _first_line(_ADDRESSEE, head)
        if addressee:
            addressee = expand_abbreviations(addressee)
    elif kind in ("announcement", "order"):
        subject = _first_line(_SUBJECT, head)
        date, ws = _date(text, _ORDERED if kind == "order" else _ANNOUNCED, None)
        if date is None:
            date, ws = _date(text, _REPORTED, None)
        if date is None:
            date, ws = _date(text, _APPROVED, None)
        if date is None:
            date, ws = _date(text, _CLOSING_LATIN, None)
        if date is None:
            date, ws = _sign_off_date(text)
        warnings += ws
        if kind == "order":
            ref = _ref(head)
    else:
        subject = _first_line(_SUBJECT, head)
        date, ws = _date(text, _REPORTED, None)
        if date is None:
            date, ws = _date(text, _APPROVED, None)
        if date is None:
            date, ws = _sign_off_date(text)
        if date is None:
            date, ws = _date(text, _TODAY, None)
        warnings += ws
    if date is None and kind != "other":
        warnings.append(RecordWarning(code="date-missing",
                                      message=f"no date found in the {kind} header", page=1))
    fiscal_year, ws = choose_fiscal_year(subject or _results_title(head), text, date)
    warnings += ws
    info = DocumentInfo(kind=kind, ref=ref, date=date, subject=subject, addressee=addressee,
                        fiscal_year=fiscal_year)
    return info, warnings
