"""Numbered prose lists of measures."""
from __future__ import annotations

import re

from thaireports.extractors.measures.draft import (BULLET_LINE, GARBLED_ITEM, INTRO_END, LABELLED,
                                       LIST_CONTINUATION_MAX, NUMBERED_LINE, SECTION_STOPS, Draft,
                                       absorb_action, is_measure_title, label_role)
from thaireports.extractors.textutil import DocText, fold, lines_with_offsets

# A line that announces a list of measures: it names them and ends by introducing what follows
# ('จึงได้กำหนดมาตรการ ดังนี้', 'แนวทางการดำเนินการ มีดังต่อไปนี้', 'โครงการ/กิจกรรม ได้แก่').
MEASURES_INTRO = re.compile(r"(?:มาตรการ|แนวทาง|โครงการ|กิจกรรม)")
ITEM_TITLE_MAX = 120  # an item of a list of measures names it on one short line


def _introduces_measures(line: str) -> bool:
    """A prose line that announces a numbered list of measures (see ``MEASURES_INTRO``)."""
    s = line.strip()
    return bool(s) and bool(INTRO_END.search(s)) and bool(MEASURES_INTRO.search(s)) \
        and not NUMBERED_LINE.match(s)


def list_drafts(dt: DocText) -> list[Draft]:
    """Numbered lists whose items are measures ('1. มาตรการ...', at least two of them).

    What may stand under an item and belongs to it: its sub-items ('1.1 ...') and bullets
    ('- ...'), which are its actions; labelled lines ('ผู้รับผิดชอบ: ...', 'ระยะเวลา: ...',
    'การติดตามผล: ...'), which are its owners, timeline and monitoring. A short unlabelled line is
    the wrapped tail of what came before it (the title, or the last action). A closing line
    (จึงเรียนมา..., ประกาศ ณ ...) or a long paragraph ends the list.

    Example:
        >>> [d.title for d in list_drafts(DocText.of_texts(["1. มาตรการป้องกันการรับสินบน\\n"
        ...     "1.1 ห้ามเรียกรับสินบน\\n2. มาตรการ No Gift Policy\\n- งดรับของขวัญ"]))]
        ['มาตรการป้องกันการรับสินบน', 'มาตรการ No Gift Policy']
    """
    from thaireports.normalize.vocab import split_owners

    lines = lines_with_offsets(dt.text)
    drafts: list[Draft] = []
    run: list[Draft] = []
    expected = None
    pending: list[str] = []
    introduced = False  # the run follows a line that announces measures
    last_prose = ""

    def close():
        nonlocal run, pending, introduced
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
            tail = " ".join(pending)
            if run[-1].actions:
                run[-1].actions[-1] = fold(run[-1].actions[-1] + " " + tail)
            else:
                run[-1].title = fold(run[-1].title + " " + tail)
        pending = []

    for offset, line in lines:
        s = line.strip().replace("\f", "")
        if not s or "\t" in line:
            continue
        m = NUMBERED_LINE.match(s)
        if not m and not run:
            last_prose = s
        if m and not m.group(2):
            n = int(m.group(1))
            if run and n == expected:
                flush_pending()
                run.append(Draft(title=m.group(3), offset=offset, source="list"))
                expected = n + 1
                continue
            close()
            if n == 1 and (is_measure_title(m.group(3)) or _introduces_measures(last_prose)):
                introduced = _introduces_measures(last_prose)
                run = [Draft(title=m.group(3), offset=offset, source="list")]
                expected = 2
            continue
        garbled = None if m else GARBLED_ITEM.match(s)
        if not run:
            if garbled and is_measure_title(garbled.group(2)):
                # a first item whose number OCR garbled ('©. มาตรการ...' for '๑.'): a run of
                # its own, kept only if the items after it make it a list of measures
                introduced = _introduces_measures(last_prose)
                run, expected = [Draft(title=garbled.group(2), offset=offset, source="list")], 2
            continue
        if garbled and is_measure_title(garbled.group(2)):
            # the next item of the running list, its number unreadable in a scan
            flush_pending()
            run.append(Draft(title=garbled.group(2), offset=offset, source="list"))
            expected += 1
            continue
        if SECTION_STOPS.match(s):
            close()
            continue
        sub = m is not None and bool(m.group(2)) and int(m.group(1)) == expected - 1
        bullet = BULLET_LINE.match(s)
        labelled = LABELLED.match(s)
        if sub or bullet or labelled:
            flush_pending()
            if labelled:
                role, value = label_role(labelled.group("label")), labelled.group("value")
                if role == "owners":
                    run[-1].add_owners(split_owners(value))
                elif role == "timeline":
                    run[-1].timeline = fold(value)
                else:
                    run[-1].add_monitoring(value)
            else:
                absorb_action(run[-1], m.group(3) if sub else bullet.group(1), split_owners)
            continue
        if len(s) <= LIST_CONTINUATION_MAX and not m:
            pending.append(s)
            if len(pending) > 2:
                close()
        else:
            close()
    close()
    for d in drafts:
        d.title = fold(d.title)
        d.page = dt.page_at(d.offset)
    return drafts

