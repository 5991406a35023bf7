"""The one measure an announcement or an order is about."""
from __future__ import annotations

import re

from thaireports.extractors.measures.draft import (INTRO_END, SECTION_STOPS, Draft, is_measure_title,
                                                   item_marker, names_several_measures,
                                                   read_provisions)
from thaireports.extractors.textutil import DocText, fold, lines_with_offsets

# An announcement or an order whose เรื่อง line names one specific measure ('เรื่อง มาตรการ
# ป้องกันการรับสินบน ประจำปีงบประมาณ พ.ศ. 2563') announces that measure: the numbered clauses of
# its body are the measure's provisions (its actions), and the sentence that closes them
# ('ทั้งนี้ มอบหมายให้<unit> เป็นผู้รับผิดชอบ ... ตั้งแต่ ... ถึง ... และรายงานผล ...') its owner,
# period and reporting. The subject of a whole programme (the umbrella words, see
# ``is_umbrella_title``) names no one measure, and a body whose items are measures of their own
# is read by the list reader instead: this reader is the last resort when nothing else is found.
#
# A memo (บันทึกข้อความ) that reports on one measure or asks approval of it names the measure
# after its verb (a memo titled with a measure alone proposes papers about it: its items are
# requests, not the measure's actions) ('เรื่อง รายงานผลการดำเนินการตามมาตรการเผยแพร่ข้อมูลต่อสาธารณะ รอบ ๖ เดือน
# (ต.ค. ๖๖ - มี.ค. ๖๗)', 'เรื่อง ขออนุมัติโครงการ...'): the measure is the rest, less the round
# it reports. The memo's numbered items are what was done; who does it, when and how it is
# reported are read from the paragraphs before them (the ตามที่ ... นั้น paragraph recalls the
# assignment: 'โดยกำหนดให้กองวิชาการและแผนงาน เป็นหน่วยงานรับผิดชอบ ... ให้รายงานผลทุก ๖ เดือน'),
# and a unit reporting what it did is the measure's owner: the memo's ส่วนราชการ.
_YEAR_TAIL = re.compile(r"\s*(?:ประจำปี(?:งบประมาณ)?|ปีงบประมาณ|พ\.ศ\.|ของ(?:องค์การ|เทศบาล)).*$")
_SUBJECT_LINE = re.compile(r"^\s*เรื่อง\s*[:：]?\s*(\S.*)$")
_ANNOUNCING = re.compile(r"^\s*(?:ประกาศ|คำสั่ง)")
_FROM_UNIT = re.compile(r"^\s*ส่วนราชการ\s*[:：]?\s*(\S.*)$")
_SUBJECT_VERB = re.compile(r"^(?:ขอ)?(?:รายงาน|สรุป|อนุมัติ)[^\n]{0,40}?(?=มาตรการ|โครงการ|กิจกรรม)")
_ROUND_TAIL = re.compile(r"\s*(?:รอบ\s*\S+\s*เดือน|ไตรมาส|ครั้งที่|\((?=[^)]*\d)).*$")
HEAD_LINES = 4   # the title and the เรื่อง line of an announcement stand at its top
# A policy an announcement declares ('นโยบายไม่รับของขวัญ... (No Gift Policy)') is a measure when it
# is one of the measure kinds the spec names by its own cues, as a title naming that kind is.
_POLICY = re.compile(r"^นโยบาย")


def _names_a_measure_policy(title: str) -> bool:
    """Whether a subject declares a policy that is a kind of measure (``_POLICY``).

    Example:
        >>> _names_a_measure_policy("นโยบายไม่รับของขวัญและของกำนัลทุกชนิด (No Gift Policy)")
        True
        >>> _names_a_measure_policy("นโยบายคุ้มครองข้อมูลส่วนบุคคล")
        False
    """
    from thaireports.normalize.vocab import CATEGORY_INDICATOR, category_scores

    if not _POLICY.match(title):
        return False
    return any(weight >= 0.95 and category not in CATEGORY_INDICATOR
               for category, weight in category_scores(title))
MEMO_HEAD_LINES = 6  # a memo's: บันทึกข้อความ, ส่วนราชการ, ที่ ... วันที่, เรื่อง (lines may wrap)


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
    from thaireports.extractors.header import document_kind, title_below

    filled = [(o, ln) for o, ln in lines if ln.strip()]
    memo = document_kind(dt.text.split("\f", 1)[0]) == "memo"
    if not memo:  # what stands above the announcement: a web page's menus, a receipt stamp
        filled = filled[title_below([ln.strip() for _, ln in filled]) or 0:]
    head = filled[:MEMO_HEAD_LINES if memo else HEAD_LINES]
    if not head or not (memo or _ANNOUNCING.match(head[0][1])):
        return None
    subject = next(((o, m.group(1)) for o, ln in head if (m := _SUBJECT_LINE.match(ln))), None)
    if subject is None:
        return None
    title = subject[1]
    if memo:  # a memo's subject reports on the measure or asks its approval
        verb = _SUBJECT_VERB.match(fold(title))
        if verb is None:
            return None
        title = _ROUND_TAIL.sub("", fold(title)[verb.end():])
    title = fold(_YEAR_TAIL.sub("", title))
    if not (is_measure_title(title) or _names_a_measure_policy(title)) or names_several_measures(title):
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
    if memo:
        _read_memo_context(d, dt.text, subject[0], head, split_owners)
    d.page = dt.page_at(d.offset)
    return d


def _read_memo_context(d: Draft, text: str, subject_at: int, head: list[tuple[int, str]],
                       split_owners) -> None:
    """A memo's measure: its owner, period and reporting from the paragraphs between the
    subject and the first numbered item, the owner else the memo's ส่วนราชการ."""
    from thaireports.extractors.measures.paragraph import paragraph_period, paragraph_reporting
    from thaireports.normalize.vocab import acting_units

    body = []
    for offset, line in lines_with_offsets(text):
        s = line.strip()
        if offset <= subject_at or not s or s.startswith(("เรียน", "ผ่าน")):
            continue
        if item_marker(s) or SECTION_STOPS.match(s):
            break
        body.append(fold(s))
    context = " ".join(body)
    if not d.owners:
        d.add_owners([o for o in acting_units(context) if o[1] != "other"])
    if not d.owners:
        unit = next((m.group(1) for _, ln in head if (m := _FROM_UNIT.match(ln))), None)
        if unit:
            d.add_owners([o for o in split_owners(fold(unit))[:1] if o[1] != "other"])
    if not d.timeline:
        d.timeline = paragraph_period(context)
    if not d.monitoring:
        reporting = paragraph_reporting(context)
        if reporting:
            d.add_monitoring(reporting)
