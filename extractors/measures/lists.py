"""Numbered prose lists of measures."""
from __future__ import annotations

import re

from thaireports.extractors.measures.draft import (ANAPHORIC, BULLET_LINE, GARBLED_ITEM, INTRO_END,
                                       LIST_CONTINUATION_MAX, NUMBERED_LINE, SECTION_STOPS, Draft,
                                       absorb_action, apply_label, is_measure_title, is_memo_part,
                                       item_marker, label_match, read_assignment,
                                       read_provisions, section_part, split_duty, split_means)
from thaireports.extractors.textutil import DocText, fold, lines_with_offsets
from thaireports.normalize.vocab import FIELD_LABELS, ITEM_NOTE_LABELS

# A line that announces a list of measures: it names them and ends by introducing what follows
# ('จึงได้กำหนดมาตรการ ดังนี้', 'แนวทางการดำเนินการ มีดังต่อไปนี้', 'โครงการ/กิจกรรม ได้แก่').
MEASURES_INTRO = re.compile(r"(?:มาตรการ|แนวทาง|โครงการ|กิจกรรม)")
# What a list enumerates is the noun that announces it, the last one before ดังนี้ ('ในกิจกรรม
# ดังกล่าวมีวัตถุประสงค์ ดังนี้' lists purposes, not activities): purposes, targets, principles,
# criteria, benefits, indicators, reasons, qualifications and duties are not measures.
# A report's 'จึงขอรายงานผล ดังนี้' lists the results, what was done.
_ENUMERATED = re.compile(r"มาตรการ|แนวทาง|โครงการ|กิจกรรม|วัตถุประสงค์|เป้าหมาย|หลักการ|หลักเกณฑ์|"
                         r"ประโยชน์|ผลที่คาดว่า|ตัวชี้วัด|เหตุผล|คุณสมบัติ|หน้าที่|รายงานผล")
_NOT_MEASURES = ("วัตถุประสงค์", "เป้าหมาย", "หลักการ", "หลักเกณฑ์", "ประโยชน์", "ผลที่คาดว่า",
                 "ตัวชี้วัด", "เหตุผล", "คุณสมบัติ", "หน้าที่", "รายงานผล")
# An item that starts with เพื่อ ('1. เพื่อเป็นการประกาศเจตจำนง...') states a purpose, never a measure.
PURPOSE = re.compile(r"^เพื่อ")
# An item that starts with ควร ('4.1 ควรกำหนดผู้รับผิดชอบข้อมูล...') recommends: what should be
# done, in a report's ข้อเสนอแนะ or NACC's feedback, is no measure the agency adopted.
RECOMMENDATION = re.compile(r"^ควร")
# A report's part on what went wrong ('ปัญหาและอุปสรรค', 'ปัญหา/อุปสรรค') lists its measures again,
# each with its problem ('๑. มาตรการเผยแพร่ข้อมูลต่อสาธารณะ เจ้าหน้าที่ผู้ดูแลเว็บไซต์มีเพียง ๑ คน'):
# the problems of measures, not measures.
PROBLEMS_HEADING = re.compile(r"^(?:\d{1,2}[.)]\s*)?(?:ปัญหา|อุปสรรค)")
# A declaration or a plan is laid out in parts headed by one generic noun ('1. นโยบาย',
# '2. แนวทาง', 'วัตถุประสงค์', 'คำนิยาม'): such a heading names a part, not a measure.
PART_HEADING = re.compile(r"^(?:นโยบาย|แนวทาง(?:การ)?(?:ปฏิบัติ)?|หลักการ(?:และเหตุผล)?|วัตถุประสงค์|"
                          r"เป้าหมาย|ขอบเขต|คำนิยาม|นิยาม|ความหมาย|คำจำกัดความ)\s*[:：]?$")
ITEM_TITLE_MAX = 120  # an item of a list of measures names it on one short line
# A line opening with a label of its own and a colon ('เอกสารแนบ:', 'หมายเหตุ :', 'แชร์:'), which
# no item field is (``label_match`` reads those first): a wrap never starts so, so it ends the list.
_OTHER_LABEL = re.compile(r"^[\u0e01-\u0e4eA-Za-z]{2,20}\s*[:：]")
_ITEM_NOTE = re.compile(r"^(?:" + "|".join(sorted(ITEM_NOTE_LABELS, key=len, reverse=True))
                        + r")[\u0e01-\u0e4e]{0,12}\s*[:：]")


def _one_line_items(lines: list[tuple[int, str, bool]], run: list, until: int) -> bool:
    """Whether the run's items stand one to a line, with nothing between them: from its first
    item to ``until`` (an offset) every line with text is an item's line, none wraps or holds a
    field ('1) มาตรการ...', '2) มาตรการ...', '3) มาตรการ...')."""
    starts = {d.offset for d in run}
    inside = [(o, line) for o, line, _ in lines if run[0].offset <= o < until and line.strip()]
    return all(o in starts for o, _ in inside) and not any(d.actions or d.owners for d in run)


def _next_text(lines: list[tuple[int, str, bool]], k: int) -> str:
    """The next line with text after ``lines[k]``, stripped ('' at the end)."""
    return next((line.strip() for _, line, _ in lines[k + 1:] if line.strip()), "")


def _next_item_follows(lines: list[tuple[int, str, bool]], k: int, expected: int | None) -> bool:
    """Whether the next line with text after ``lines[k]`` is the list's next item."""
    num = item_marker(_next_text(lines, k))
    return bool(num) and num[0] == expected


def _fields_follow(lines: list[tuple[int, str, bool]], k: int) -> bool:
    """Whether the next line with text after ``lines[k]`` is a labelled field of an item
    ('- ผู้รับผิดชอบ : ทุกสำนัก/กอง')."""
    return label_match(_next_text(lines, k)) is not None


def _label_goes_on(text: str, pending: list[str], line: str) -> bool:
    """Whether ``line`` opens with the rest of a field label that the line above broke off
    ('... ผู้รับผิด' then 'ชอบ : กองคลัง'): it is that line's wrap, not a label of its own.

    Example:
        >>> _label_goes_on("ทบทวนคู่มือ ผู้รับผิด", [], "ชอบ : ทุกส่วนราชการ")
        True
        >>> _label_goes_on("ทบทวนคู่มือ", [], "หมายเหตุ : ทุกส่วนราชการ")
        False
    """
    tail = (pending[-1] if pending else text).rstrip()
    head = line.split(":")[0].split("：")[0].strip()
    return any(label.endswith(head) and len(head) < len(label)
               and tail.endswith(label[:len(label) - len(head)]) for label in FIELD_LABELS)


def _introduces_measures(line: str) -> bool:
    """A prose line that announces a numbered list of measures (see ``MEASURES_INTRO``), unless
    the noun it ends on names something else (``_ENUMERATED``)."""
    s = ANAPHORIC.sub(" ", line.strip())  # it announces no list of measures
    if not (s and INTRO_END.search(s) and MEASURES_INTRO.search(s) and not NUMBERED_LINE.match(s)):
        return False
    nouns = _ENUMERATED.findall(s)
    return not (nouns and nouns[-1] in _NOT_MEASURES)


FULL_LINE = 0.75  # share of its page's measure a line fills when its text wraps onto the next
MEASURE_QUANTILE = 0.9  # a page's measure: the width most of its longer lines reach
MIN_MEASURED_LINES = 5  # a page with fewer lines has no measure to tell a wrap by


def full_lines(lines: list[tuple[int, str, bool]]) -> list[bool]:
    """For each line, whether it runs to its page's measure (the width of its long lines, in
    display columns), so that its sentence goes on at the start of the next line: the
    typographer's wrap. An item written as a paragraph ('๑. มาตรการเผยแพร่ข้อมูล ... และผล' /
    'การดำเนินงาน ผ่านเว็บไซต์...') is told from a new paragraph after it by that alone, as the
    indent that starts a paragraph is gone from text.

    Example:
        >>> page = [(0, "๑. มาตรการเผยแพร่ข้อมูลต่อสาธารณะ ให้เผยแพร่ข้อมูลพื้นฐานและผล", False),
        ...         (0, "การดำเนินงานผ่านเว็บไซต์ขององค์การบริหารส่วนตำบลให้ครบถ้วน", False),
        ...         (0, "ทุกไตรมาส", False)] * 2
        >>> full_lines(page)
        [True, True, False, True, True, False]
    """
    from thaireports.normalize.spacing import display_width

    widths = [display_width(line.strip()) for _, line, _ in lines]
    pages: list[list[int]] = []
    for k, (_, _, opens_page) in enumerate(lines):
        if opens_page or not pages:
            pages.append([])
        pages[-1].append(k)
    full = [False] * len(lines)
    for page in pages:
        measured = sorted(widths[k] for k in page if widths[k])
        if len(measured) < MIN_MEASURED_LINES:
            continue
        measure = measured[min(len(measured) - 1, int(MEASURE_QUANTILE * len(measured)))]
        for k in page:
            full[k] = widths[k] >= FULL_LINE * measure
    return full


def _wrapped(text: str, lines: list[str]) -> str:
    from thaireports.normalize.spacing import join_wrapped

    for line in lines:
        text = join_wrapped(text, line)
    return text


def _page_lines(dt: DocText) -> list[tuple[int, str, bool]]:
    """(offset, line, opens a page) for each line; a line holding a form feed is split there, so
    the last line of a page and the first of the next stay two lines."""
    out = []
    for offset, line in lines_with_offsets(dt.text):
        parts = line.split("\f")
        pos = offset
        for k, part in enumerate(parts):
            out.append((pos, part, k > 0))
            pos += len(part) + 1
    return out


def list_drafts(dt: DocText) -> list[Draft]:
    """Numbered lists whose items are measures ('1. มาตรการ...', at least two of them).

    What may stand under an item and belongs to it: its sub-items ('1.1 ...') and bullets
    ('- ...'), which are its actions; labelled lines ('ผู้รับผิดชอบ: ...', 'ระยะเวลา: ...',
    'การติดตามผล: ...'), which are its owners, timeline and monitoring. A short unlabelled line,
    or any line after one that ran to the page's measure (``full_lines``), is the wrapped text
    of what came before it (the title, or the last action). A closing line (จึงเรียนมา...,
    ประกาศ ณ ...) or another long paragraph ends the list.

    Example:
        >>> [d.title for d in list_drafts(DocText.of_texts(["1. มาตรการป้องกันการรับสินบน\\n"
        ...     "1.1 ห้ามเรียกรับสินบน\\n2. มาตรการ No Gift Policy\\n- งดรับของขวัญ"]))]
        ['มาตรการป้องกันการรับสินบน', 'มาตรการ No Gift Policy']
    """
    from thaireports.normalize.vocab import split_owners

    lines = _page_lines(dt)
    full = full_lines(lines)
    wraps = False  # the last line the run took ran to the measure: the next one goes on with it
    bracket = False  # an item's bracketed fields are open on the lines above
    drafts: list[Draft] = []
    run: list[Draft] = []
    expected = None
    style = None      # the numbering style of the run's items ('1)', '(1)', 'ข้อ 1', ...)
    step_style = None  # ... and of the steps nested under its current item
    step_next = None
    pending: list[str] = []
    introduced = False  # the run follows a line that announces measures
    last_prose = ""
    part = None  # the number of the memo part ('๓. ข้อพิจารณา') whose clauses are read now
    page_opened = False  # a page began since the last line read

    def close():
        nonlocal run, pending, introduced
        flush_pending()
        for d in run:
            # an item that assigns its measure in one sentence: the title ends at the assignment
            d.title = read_assignment(d, fold(d.title), split_owners)
            split_means(d)
        run = [d for d in run if not PURPOSE.match(d.title) and not PART_HEADING.match(d.title)
               and not RECOMMENDATION.match(d.title)]
        _monitoring_parts(run)
        if sum(is_measure_title(d.title) for d in run) >= 2:
            drafts.extend(d for d in run if is_measure_title(d.title))
        elif introduced and len(run) >= 2 and all(len(d.title) <= ITEM_TITLE_MAX for d in run):
            # a numbered list under a line that announces measures: each item is one, whatever
            # word it starts with ('1. การเผยแพร่ข้อมูล...', '2. แนวทางการป้องกัน...')
            drafts.extend(run)
        run, pending, introduced = [], [], False

    def flush_pending():
        nonlocal pending
        if pending and run:
            # each line goes on from the one above as a wrap does (no space inside Thai)
            if run[-1].actions:
                run[-1].actions[-1] = fold(_wrapped(run[-1].actions[-1], pending))
            else:
                run[-1].title = fold(_wrapped(run[-1].title, pending))
        pending = []

    def start_item(text: str, offset: int, st: str) -> None:
        nonlocal style, step_style, step_next
        flush_pending()
        run.append(Draft(title=text, offset=offset, source="list"))
        style, step_style, step_next = st, None, None

    for k, (offset, line, opens_page) in enumerate(lines):
        page_opened = page_opened or opens_page
        s = line.strip()
        if not s or "\t" in line:
            continue
        wrapped, wraps = wraps, False
        if dt.is_furniture(s):  # a page number, a running header: the page turned here
            page_opened = True
            continue
        broke, page_opened = page_opened, False
        num = item_marker(s)
        m = NUMBERED_LINE.match(s)
        if not num and not run:
            last_prose = s
        if num and not num[1]:
            n, text, st = num[0], num[2], num[3]
            if run and st != style and (n == 1 and step_style in (None, st) or
                                        (st == step_style and n == step_next)):
                # a differently numbered line under an item: one of its steps, an action
                flush_pending()
                step_style, step_next = st, n + 1
                absorb_action(run[-1], text, split_owners)
                continue
            if is_memo_part(text):
                close()  # '3. ข้อระเบียบ/กฎหมาย': the memo's next part, not an item
                part = n  # its clauses '3.1', '3.2' are a list of their own
                continue
            part = None
            if run and n == expected:
                start_item(text, offset, st)
                expected, wraps = n + 1, full[k]
                continue
            close()
            if n == 1 and (is_measure_title(text) or _introduces_measures(last_prose)) \
                    and not PROBLEMS_HEADING.match(last_prose):
                introduced = _introduces_measures(last_prose)
                start_item(text, offset, st)
                expected, wraps = 2, full[k]
            continue
        if num and num[1].count(".") == 1 and part is None and ((run and style == "clause-no") or (
                is_measure_title(num[2]) and not (run and num[0] == expected - 1))):
            # measures numbered as clauses with no item of their own above ('1.1 มาตรการ...',
            # '1.2 มาตรการ...', '2.1 มาตรการ...', under group headings '3.1 ด้าน...'): each one
            # an item; a clause between them that names no measure heads their group
            if not is_measure_title(num[2]):
                flush_pending()
                continue
            if not (run and style == "clause-no"):
                close()
                introduced = False
            start_item(num[2], offset, "clause-no")
            expected, wraps = None, full[k]
            continue
        if num and part is not None and num[0] == part and num[1].count(".") == 1:
            # a clause of a memo's part ('๓. ข้อพิจารณา' then '๓.๑ มาตรการ...'): the part is
            # structure, so its clauses are the items of a list
            k, text = int(num[1][1:]), num[2]
            if run and k == expected:
                start_item(text, offset, "part")
                expected = k + 1
                continue
            if k == 1 and (is_measure_title(text) or _introduces_measures(last_prose)):
                close()
                introduced = _introduces_measures(last_prose)
                start_item(text, offset, "part")
                expected = 2
                continue
        garbled = None if m else GARBLED_ITEM.match(s)
        if not run:
            if garbled and is_measure_title(garbled.group(2)):
                # a first item whose number OCR garbled ('©. มาตรการ...' for '๑.'): a run of
                # its own, kept only if the items after it make it a list of measures
                introduced = _introduces_measures(last_prose)
                start_item(garbled.group(2), offset, "garbled")
                expected = 2
            continue
        if garbled and is_measure_title(garbled.group(2)):
            # the next item of the running list, its number unreadable in a scan
            start_item(garbled.group(2), offset, style)
            expected += 1
            continue
        if SECTION_STOPS.match(s):
            close()
            continue
        sub = num is not None and bool(num[1]) and num[0] == expected - 1
        bullet = BULLET_LINE.match(s)
        labelled = label_match(s)
        if sub or bullet or labelled:
            flush_pending()
            if labelled:
                apply_label(run[-1], *labelled, split_owners)
                # a duty that ran to the measure goes on below, as an action's sentence does
                wraps = labelled[0] == "actions" and full[k]
            else:
                absorb_action(run[-1], num[2] if sub else bullet.group(1), split_owners)
                wraps = full[k]
            continue
        if s.startswith("โดย") and _closing_clause(run[-1], s, split_owners):
            # 'โดยให้กองการเจ้าหน้าที่เป็นผู้รับผิดชอบหลัก และรายงานผล...ปีละ 2 ครั้ง' closing an
            # announcement's clause: its owner and reporting, not a new paragraph
            flush_pending()
            continue
        if bracket or (s.startswith("(") and label_match(s[1:])):
            # the item's fields in brackets, over one line or more: read with its paragraph
            # (``paragraph.fill_from_paragraph``)
            pending.append(s)
            bracket = s.count("(") > s.count(")") if not bracket else ")" not in s
            continue
        if not m and _label_goes_on(run[-1].actions[-1] if run[-1].actions else run[-1].title,
                                    pending, s):
            pending.append(s)  # the rest of a label the line above broke off: its wrap
            continue
        if wrapped and not m and not _OTHER_LABEL.match(s):
            pending.append(s)  # the item's sentence goes on from the full line above
            wraps = full[k]
            continue
        if not m and read_provisions(run[-1], s, split_owners):
            # the item's provision sentence under its sub-items (draft.read_provisions): who,
            # when and how reported; the list goes on with the next item
            flush_pending()
            continue
        if broke and not num:
            # the first line of a page continues the item the last page left unfinished
            pending.append(s)
            continue
        if _ITEM_NOTE.match(s):
            flush_pending()  # 'ตัวชี้วัดความสำเร็จ : ...': the item's own, which the record omits
            continue
        if _OTHER_LABEL.match(s):
            close()  # 'เอกสารแนบ: ...', 'หมายเหตุ: ...': a field of the page, no wrapped line
            continue
        apart = k > 0 and not lines[k - 1][1].strip()  # a blank line above: a paragraph of its own
        if apart and not m and len(run) >= 2 and _one_line_items(lines, run, offset) \
                and not _next_item_follows(lines, k, expected):
            # a list of one-line items, then a blank line and a line the list does not go on
            # after: it has ended (a wrap of the last item is followed by the next item)
            close()
            continue
        if len(s) <= LIST_CONTINUATION_MAX and not m and not (apart and _fields_follow(lines, k)):
            pending.append(s)
            if len(pending) > 2:
                close()
        elif not m and _fields_follow(lines, k):
            # a paragraph the item's labelled fields follow is the item's own: what it does (a
            # short one, when a blank line sets it apart from the title: no wrap of it)
            flush_pending()
            absorb_action(run[-1], s, split_owners)
        else:
            close()
    close()
    for d in drafts:
        d.title = fold(d.title)
        d.page = dt.page_at(d.offset)
    return drafts


# An announcement closes its measures with a part on how they are monitored ('๔. การกำกับ
# ติดตามและรายงานผล', its clauses '๔.๒ ให้สำนักปลัด รวบรวมผล... รายงานต่อนายก ทุก ๖ เดือน'): its
# reporting applies to the items it names ('มาตรการตามข้อ ๑ ถึงข้อ ๓', 'ข้อ ๑ และข้อ ๒'), or to
# every measure of the list when it names none.
_ITEM_RANGE = re.compile(r"ข้อ\s*(\d+)\s*(?:ถึง|[-–])\s*(?:ข้อ\s*)?(\d+)")
_ITEM_REF = re.compile(r"ข้อ\s*(\d+)")


def _monitoring_parts(run: list[Draft]) -> None:
    """Apply each monitoring part of a run of items (``section_part``, not a measure) to
    the measures it names, by their place in the run (item n is the n-th)."""
    from thaireports.extractors.measures.paragraph import paragraph_reporting
    from thaireports.normalize.digits import thai_digits_to_arabic

    for part in [d for d in run if section_part(d.title) == "monitoring"
                 and not is_measure_title(d.title)]:
        measures = [d for d in run if is_measure_title(d.title)]
        for clause in part.actions or [part.title]:
            reporting = paragraph_reporting(clause)
            if reporting is None:
                continue
            text = thai_digits_to_arabic(clause)
            named: set[int] = set()
            for a, b in _ITEM_RANGE.findall(text):
                named.update(range(int(a), int(b) + 1))
            if not named:
                named = {int(n) for n in _ITEM_REF.findall(text)}
            for d in measures:
                if not named or run.index(d) + 1 in named:
                    d.add_monitoring(reporting)


def _closing_clause(d: Draft, line: str, split_owners) -> bool:
    """Read a 'โดย...' sentence closing an item: an assignment (owner, duties) or a reporting
    clause with a cadence. True when it said one of them."""
    before = (list(d.owners), list(d.monitoring), d.timeline)
    rest = read_assignment(d, line, split_owners)
    if rest == line:
        rest = split_duty(d, " " + line)
    return (list(d.owners), list(d.monitoring), d.timeline) != before
