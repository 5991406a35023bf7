"""Titled measure sections."""
from __future__ import annotations

import re

from thaireports.extractors.measures.draft import (ANAPHORIC, BULLET_LINE, HEADING_MAX, INTRO_END,
                                       MEASURE_WORDS, NUMBERED_LINE, PROGRAMME_MARKS,
                                       SECTION_STOPS, Draft, absorb_action, apply_label,
                                       is_measure_title, label_match, names_several_measures,
                                       read_report_sentence, section_part)
from thaireports.extractors.measures.tables import header_and_rows
from thaireports.extractors.textutil import DocText, fold, lines_with_offsets
from thaireports.ingest.document import Table
from thaireports.normalize.columns import column_roles

# ---------------------------------------------------------------- titled sections
def _is_heading(line: str) -> bool:
    """A measure title standing alone on a short line; a heading with a year names the whole
    programme ('มาตรการ... ประจำปีงบประมาณ 2565'), not one measure, and a line ending in
    'ดังนี้' introduces a list ('มาตรการภายในเพื่อส่งเสริมความโปร่งใสและป้องกันการทุจริต ดังนี้')."""
    s = heading_text(line)
    return (bool(s) and "\t" not in line and len(s) <= HEADING_MAX and is_measure_title(s)
            and not PROGRAMME_MARKS.search(s) and not NUMBERED_LINE.match(s)
            and not INTRO_END.search(s) and not names_several_measures(s)
            and not ANAPHORIC.match(s))  # 'มาตรการนี้ขึ้น': the tail of a sentence about one


# Specks a scan leaves before a heading ('. มาตรการเผยแพร่...'): not a bullet, not a number.
_LEADING_SPECKS = re.compile(r"^[.,'`\"“”·:;]+\s*")
# A line ending in a word that needs what follows (a conjunction, a preposition, a particle):
# the next line is the rest of its sentence, however much it looks like a title
# ('... แผนงาน/โครงการ หรือ' + newline + 'กิจกรรม งบประมาณ และระยะเวลาดำเนินการ').
_ENDS_MID_SENTENCE = re.compile(r"(?:หรือ|และ|ของ|ใน|การ|ที่|ซึ่ง|เพื่อ|โดย|ตาม|กับ|แก่|ต่อ|จาก|ให้|แห่ง|"
                                r"รวมถึง|รวมทั้ง|ได้แก่|เช่น|/|,)\s*$")


def heading_text(line: str) -> str:
    """A heading line without the specks a scan left before it, and without the subject label
    of an announcement or a memo: 'เรื่อง มาตรการป้องกันการรับสินบน' titles the document with
    that one measure, so the measure is its heading (the subject of a whole programme carries
    a year or the umbrella words, and stays no measure: ``_is_heading``)."""
    from thaireports.extractors.header import SUBJECT_LABEL

    s = _LEADING_SPECKS.sub("", line.strip())
    if s.startswith(SUBJECT_LABEL):
        rest = s[len(SUBJECT_LABEL):].lstrip(" \t:")
        if rest.startswith(MEASURE_WORDS):
            return rest
    return s


# 'มาตรการที่ 1 การเสริมสร้างวัฒนธรรมองค์กร': the measure's number, as '1.' is a list item's;
# the title is what follows it.
_MEASURE_NUMBER = re.compile(r"^มาตรการที่\s*\d{1,2}\s*[:.)]?\s*(?=\S)")


def section_title(line: str) -> str:
    """A section heading as a measure title: without specks, subject label or measure number."""
    return fold(_MEASURE_NUMBER.sub("", heading_text(line)))


def _continues_previous(lines: list[tuple[int, str]], i: int) -> bool:
    """Whether line ``i`` is the rest of the sentence on the line above it."""
    prev = lines[i - 1][1] if i > 0 else ""
    return bool(prev.strip()) and "\f" not in prev and bool(_ENDS_MID_SENTENCE.search(prev))


PROSE_LINE_MIN = 60   # a paragraph line, not a heading or a list item


def _prose_section(lines: list[tuple[int, str]], i: int, body: list[tuple[int, str]]) -> bool:
    """Whether the heading at ``lines[i]`` titles prose: the next non-empty line is a paragraph
    (``PROSE_LINE_MIN`` characters or more), and the heading either opens its page or has a
    blank line above it (a line wrapped out of running prose has neither)."""
    following = next((ln.strip() for _, ln in body if ln.strip()), "")
    if len(following) < PROSE_LINE_MIN or "\t" in following or NUMBERED_LINE.match(following):
        return False
    above: list[str] = []
    for _, ln in reversed(lines[:i]):
        if "\f" in ln:
            above.append(ln.split("\f")[-1])
            break
        above.append(ln)
    at_top = not any(ln.strip() for ln in above)
    blank_above = not above or not above[0].strip() or "\f" in lines[i][1]
    return at_top or blank_above


def section_drafts(dt: DocText, steps: list[tuple[int, Table]], table_starts: list[int]
                   ) -> list[Draft]:
    """Measure sections: a heading line 'มาตรการ...' followed, before any other heading, by
    numbered or bulleted items (the actions) or by structured parts (หน่วยงานที่รับผิดชอบ ...)."""
    from thaireports.normalize.vocab import split_owners

    lines = lines_with_offsets(dt.text)
    heads = [i for i, (_, ln) in enumerate(lines)
             if _is_heading(ln) and not _continues_previous(lines, i)]
    drafts = []
    for k, i in enumerate(heads):
        start = lines[i][0]
        stop_line = heads[k + 1] if k + 1 < len(heads) else len(lines)
        body: list[tuple[int, str]] = []
        for j in range(i + 1, stop_line):
            off, ln = lines[j]
            if any(start < t <= off for t in table_starts):
                break  # a measure table starts: the section is over
            s = ln.strip()
            if SECTION_STOPS.match(s) and not NUMBERED_LINE.match(s):
                break
            # the last line of a page and the first of the next are two lines; a page number
            # or a running header between the section's parts is none of them
            pos = off
            for piece in ln.split("\f"):
                if not dt.is_furniture(piece):
                    body.append((pos, piece))
                pos += len(piece) + 1
        numbered = [(off, ln) for off, ln in body if NUMBERED_LINE.match(ln.strip())
                    and "\t" not in ln]
        bulleted = any(BULLET_LINE.match(ln.strip()) and "\t" not in ln for _, ln in body)
        if not numbered and not bulleted:
            if _prose_section(lines, i, body):
                # a titled section followed by prose only, or a page about one measure: the
                # measure is its title; the prose explains it and states no action of its own
                drafts.append(Draft(title=section_title(lines[i][1]), offset=start,
                                    source="section",
                                    page=dt.page_at(start)))
            continue
        end = body[-1][0] + len(body[-1][1]) if body else start
        d = Draft(title=section_title(lines[i][1]), offset=start, source="section",
                  page=dt.page_at(start))
        structured = any(section_part(NUMBERED_LINE.match(ln.strip()).group(3))
                         for _, ln in numbered)
        if structured:
            _read_structured(d, body, split_owners)
            for off, table in steps:
                if start < off <= end + 1:
                    _read_steps(d, table, split_owners)
        else:
            _read_items(d, body, split_owners)
        drafts.append(d)
    return drafts


def _parts(body: list[tuple[int, str]]) -> list[tuple[str | None, str, list[str]]]:
    """Top-level numbered parts of a structured section: (part kind, heading, body lines).

    Parts are numbered in order: a line opening with another number is a line of the part
    ('๕. ระยะเวลา' then '๑ พฤษภาคม ๒๕๖๖ – ๓๐ กันยายน ๒๕๖๖', a date)."""
    parts: list[tuple[str | None, str, list[str]]] = []
    number = 0
    for _, ln in body:
        s = ln.strip()
        if not s or "\t" in ln:
            continue
        m = NUMBERED_LINE.match(s)
        if m and not m.group(2) and (not parts or int(m.group(1)) == number + 1):
            parts.append((section_part(m.group(3)), m.group(3), []))
            number = int(m.group(1))
        elif parts:
            parts[-1][2].append(s)
    return parts


def _read_structured(d: Draft, body, split_owners) -> None:
    """A structured section's parts (``SECTION_PARTS``): its owners, its period, its steps (the
    part's clauses '๓.๑', '๓.๒', or its lines), and how it is monitored."""
    for kind, heading, lines in _parts(body):
        text = fold(" ".join(lines))
        if kind == "owners":
            d.add_owners(split_owners(text))
        elif kind == "timeline" and text and not d.timeline:
            d.timeline = text
        elif kind == "steps":
            for step in _clauses(lines):
                absorb_action(d, step, split_owners)
        elif kind == "monitoring":
            items = []
            for ln in lines:
                m = NUMBERED_LINE.match(ln)
                content = m.group(3) if m else ln
                content = re.sub(r"\s*:\s*", ": ", content, count=1)
                if m or not items:
                    items.append(content)
                else:
                    items[-1] += " " + content
            if items:
                d.add_monitoring("; ".join(fold(i) for i in items))


def _clauses(lines: list[str]) -> list[str]:
    """A part's clauses ('๓.๑ ...', '๓.๒ ...', or bullets), each with the lines it wraps onto;
    a part of plain lines is one clause."""
    clauses: list[str] = []
    for ln in lines:
        m = NUMBERED_LINE.match(ln)
        bullet = BULLET_LINE.match(ln)
        if m or bullet or not clauses:
            clauses.append(m.group(3) if m else bullet.group(1) if bullet else ln)
        else:
            clauses[-1] += " " + ln
    return [fold(c) for c in clauses if c.strip()]


def _read_steps(d: Draft, table: Table, split_owners) -> None:
    header, rows = header_and_rows(table)
    roles = column_roles(header)
    for row in rows:
        for cell, role in zip(row, roles):
            if role == "actions" and cell:
                d.actions.append(fold(cell))
            elif role == "owners" and cell:
                d.add_owners(split_owners(cell))


# What a report writes after a section's actions: its results and problems ('ผลลัพธ์ คือ ...',
# 'ผลการเบิกจ่าย...', 'ปัญหาและอุปสรรค'), a new paragraph and no part of the last action.
_AFTER_ACTIONS = re.compile(r"^(?:ผลลัพธ์|ผลผลิต|ผลการ|ผลที่|ปัญหา|อุปสรรค|ข้อเสนอแนะ|สรุปผล|ใน(?:รอบ|ปี))")


def _read_items(d: Draft, body, split_owners) -> None:
    """Numbered or bulleted actions of a titled section; sub-items (2.1, 2.2) join their
    parent, and are the actions themselves under a section with no top-level items (the
    clauses '1.1, 1.2' of a section 'มาตรการที่ 1'); labelled lines ('ผู้รับผิดชอบ: ...') fill
    their field; each action then goes through ``absorb_action`` (unit subjects own, reporting
    clauses monitor). The paragraph before the first action says who did it and when
    (``read_report_sentence``); a paragraph after the actions reports results, not an action."""
    items: list[str] = []
    intro: list[str] = []
    top_level = any((m := NUMBERED_LINE.match(ln.strip())) and not m.group(2) and "\t" not in ln
                    for _, ln in body)
    blank = False
    closed = False   # a paragraph after the actions began
    for _, ln in body:
        s = ln.strip()
        if not s or "\t" in ln:
            blank = blank or not s
            continue
        after_blank, blank = blank, False
        m = NUMBERED_LINE.match(s)
        bullet = BULLET_LINE.match(s)
        labelled = label_match(s)
        if labelled:
            apply_label(d, *labelled, split_owners)
        elif m and (not m.group(2) or not top_level):
            items.append(m.group(3))
            closed = False
        elif bullet:
            items.append(bullet.group(1))
            closed = False
        elif m and items:
            items[-1] = items[-1].rstrip() + ("; " if not items[-1].endswith(":") else " ") \
                + m.group(3)
        elif not items:
            intro.append(s)
        elif closed or _AFTER_ACTIONS.match(s) or (after_blank and len(s) >= PROSE_LINE_MIN):
            closed = True
        else:
            items[-1] += " " + s
    if intro:
        read_report_sentence(d, " ".join(intro), split_owners)
    for item in items:
        absorb_action(d, item, split_owners)
