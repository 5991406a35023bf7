"""The one measure an announcement or an order is about."""
from __future__ import annotations

import re

from thaireports.extractors.measures.draft import (INTRO_END, SECTION_STOPS, Draft, is_measure_title,
                                                   item_marker, read_provisions)
from thaireports.extractors.textutil import DocText, fold, lines_with_offsets

# An announcement or an order whose เรื่อง line names one specific measure ('เรื่อง มาตรการ
# ป้องกันการรับสินบน ประจำปีงบประมาณ พ.ศ. 2563') announces that measure: the numbered clauses of
# its body are the measure's provisions (its actions), and the sentence that closes them
# ('ทั้งนี้ มอบหมายให้<unit> เป็นผู้รับผิดชอบ ... ตั้งแต่ ... ถึง ... และรายงานผล ...') its owner,
# period and reporting. The subject of a whole programme (the umbrella words, see
# ``is_umbrella_title``) names no one measure, and a body whose items are measures of their own
# is read by the list reader instead: this reader is the last resort when nothing else is found.
_YEAR_TAIL = re.compile(r"\s*(?:ประจำปี(?:งบประมาณ)?|ปีงบประมาณ|พ\.ศ\.|ของ(?:องค์การ|เทศบาล)).*$")
_SUBJECT_LINE = re.compile(r"^\s*เรื่อง\s*[:：]?\s*(\S.*)$")
_ANNOUNCING = re.compile(r"^\s*(?:ประกาศ|คำสั่ง)")
HEAD_LINES = 4   # the title and the เรื่อง line of an announcement stand at its top


def subject_measure_draft(dt: DocText) -> Draft | None:
    """The measure an announcement's subject names, with its numbered clauses as actions.

    Example:
        >>> from thaireports.normalize.vocab import split_owners
        >>> d = subject_measure_draft(DocText.of_texts(["ประกาศองค์การบริหารส่วนตำบลหนองแวง\\n"
        ...     "เรื่อง มาตรการป้องกันการรับสินบน ประจำปีงบประมาณ พ.ศ. 2566\\n\\n"
        ...     "จึงกำหนดมาตรการ ดังนี้\\n1. ห้ามเรียกรับเงิน\\n2. ติดประกาศไม่รับสินบน\\n"
        ...     "ทั้งนี้ มอบหมายให้สำนักปลัด เป็นผู้รับผิดชอบ\\nประกาศ ณ วันที่ 1 ตุลาคม 2565"]))
        >>> d.title, d.actions, d.owners[0][1]
        ('มาตรการป้องกันการรับสินบน', ['ห้ามเรียกรับเงิน', 'ติดประกาศไม่รับสินบน'], 'office-of-the-permanent-secretary')
    """
    from thaireports.normalize.vocab import split_owners

    lines = lines_with_offsets(dt.text.split("\f", 1)[0])
    head = [(o, ln) for o, ln in lines if ln.strip()][:HEAD_LINES]
    if not head or not _ANNOUNCING.match(head[0][1]):
        return None
    subject = next(((o, m.group(1)) for o, ln in head if (m := _SUBJECT_LINE.match(ln))), None)
    if subject is None:
        return None
    title = fold(_YEAR_TAIL.sub("", subject[1]))
    if not is_measure_title(title):
        return None
    d = Draft(title=title, offset=subject[0], source="subject")
    provided = False
    for offset, line in lines_with_offsets(dt.text):
        s = line.strip()
        if offset <= subject[0] or not s:
            continue
        if SECTION_STOPS.match(s) and not s.startswith("(") and not INTRO_END.search(s):
            break  # 'จึงประกาศให้ทราบ...' closes; 'จึงกำหนดมาตรการ ดังนี้' introduces the clauses
        num = item_marker(s)
        if num and not num[1]:
            d.actions.append(fold(num[2]))
        elif d.actions and read_provisions(d, s, split_owners):
            provided = True
    if not d.actions and not provided:
        return None
    d.page = dt.page_at(d.offset)
    return d
