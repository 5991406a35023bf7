"""Measure tables: rows of plan and results tables as drafts."""
from __future__ import annotations

import re
from dataclasses import dataclass

from thaireports.extractors.measures.draft import TOOL, TOOL_CONTEXT_SPAN, Draft
from thaireports.extractors.textutil import DocText, drop_leading_number, fold, split_items, squash
from thaireports.ingest.document import Table
from thaireports.normalize.columns import (MEASURE_ROLES, column_role, column_roles, is_header_row,
                                           is_total, subheader_role)


@dataclass
class GridTable:
    """A table as the measure readers see it: its rows under one header, each column's role.

    ``inherited`` is set on a table that continues the previous one on the next page without a
    header of its own: its roles are the previous table's.
    """

    header: list[str]
    roles: list[str | None]
    rows: list[list[str]]
    page: int | None
    start: int
    inherited: bool = False


def header_and_rows(table: Table) -> tuple[list[str], list[list[str]]]:
    """The table's header and data rows. When ingest found no header we can read (a header word
    it does not know, such as 'ห้วงเวลา' or 'เครื่องมือ'), the first row is the header."""
    header, rows = list(table.header), [list(r) for r in table.rows]
    if not any(column_role(h) for h in header) and rows and is_header_row(rows[0]):
        header, rows = rows[0], rows[1:]
    return header, rows


def _merge_subheader(header: list[str], roles: list[str | None], sub: list[str]
                     ) -> list[str | None] | None:
    """The roles of a two-row header whose second row names starts/ends or months
    ('ระยะเวลา' over 'เริ่มต้น | สิ้นสุด', 'ปี 2566' over 'ต.ค. ... ก.ย.'); None when the row is
    not such a second header row."""
    sub_roles = [subheader_role(c) if c else None for c in sub]
    named = [r for r in sub_roles if r]
    filled = [c for c in sub if c.strip()]
    if not named or len(named) * 2 < len(filled):
        return None
    merged = list(roles) + [None] * max(0, len(sub) - len(roles))
    for i, r in enumerate(sub_roles):
        if r and (merged[i] in (None, "timeline", "monitoring", "remarks") or r.startswith("month")):
            merged[i] = r
    return merged


def _drop_repeated_header(rows: list[list[str]], header: list[str]) -> list[list[str]]:
    """Rows without the header printed again at the top of a page."""
    key = [squash(h) for h in header]
    return [r for r in rows if [squash(c) for c in r] != key or not any(key)]


def _width(rows: list[list[str]]) -> int:
    return max((len(r) for r in rows), default=0)


def grid_tables(document) -> list[GridTable]:
    """Every table of the document with its header and column roles.

    - the header is the table's own (or its first row, when that row is a header row); a second
      header row naming starts/ends or months refines it (``_merge_subheader``);
    - a table without a header row that follows a measure table with as many columns continues
      it (a page break): it inherits its roles, and a header printed again is not a row;
    - columns the header leaves unnamed get a role from their cells (``roles_from_cells``).
    """
    out: list[GridTable] = []
    previous: GridTable | None = None
    for table in document.tables:
        header, rows = header_and_rows(table)
        if header and not is_header_row(header) and (
                (previous is not None and len(header) == len(previous.roles))
                or _looks_like_data(header)):
            # a reader took the first row of a continued table for its header (a scan's row
            # of text cells looks like one, and a header left alone at the foot of the last
            # page leaves the rest of the table without one): it is a row
            header, rows = [], [header] + rows
        roles = column_roles(header)
        if rows and any(roles):
            sub = _merge_subheader(header, roles, rows[0])
            if sub is not None:
                header = [((h or "") + " " + (rows[0][i] if i < len(rows[0]) else "")).strip()
                          for i, h in enumerate(header + [""] * (len(sub) - len(header)))]
                roles, rows = sub, rows[1:]
        inherited = False
        if not any(roles) and previous is not None and "title" in previous.roles \
                and _width(rows or [header]) == len(previous.roles):
            header, roles, inherited = previous.header, list(previous.roles), True
        rows = _drop_repeated_header(rows, header)
        roles = roles_from_cells(roles, rows)
        grid = GridTable(header, roles, rows, table.page, table.offset or 0, inherited)
        out.append(grid)
        if "title" in roles:
            previous = grid
    return out


# ---------------------------------------------------------------- column roles from cells
def _cell_kind(cell: str) -> str | None:
    """What one cell holds, when it is unmistakable: a date or period, a cadence, a unit."""
    from thaireports.normalize.cadence import cadence_months
    from thaireports.normalize.dates import find_dates
    from thaireports.normalize.vocab import split_owners

    c = fold(cell)
    if not c:
        return None
    if cadence_months(c):
        return "monitoring"
    from thaireports.extractors.measures import _WHOLE_YEAR

    if _WHOLE_YEAR.match(c):  # 'ตลอดปีงบประมาณ', 'ตลอด ปี': a period, its year left to context
        return "timeline"
    dates = find_dates(c)
    if dates and sum(len(m.text) for m in dates) * 2 >= len(squash(c)):
        return "timeline"
    owners = split_owners(c)
    if owners and len(c) <= 80 and all(u not in ("other",) for _, u in owners):
        return "owners"
    return None


def _looks_like_data(cells: list[str]) -> bool:
    """A row that names a measure, a unit, a date or a cadence: data, whatever a reader said."""
    from thaireports.extractors.measures.draft import is_measure_title
    from thaireports.normalize.dates import find_dates

    def data(cell: str) -> bool:
        kind = _cell_kind(cell)
        if kind == "timeline":  # a year over a month grid ('ปีงบประมาณ พ.ศ. 2567') is a header
            return any(m.kind in ("date", "range", "month") for m in find_dates(fold(cell)))
        return kind is not None or (is_measure_title(cell) and len(squash(cell)) > 15)

    return any(data(c) for c in cells if c)


def roles_from_cells(roles: list[str | None], rows: list[list[str]]) -> list[str | None]:
    """Roles for the columns the header leaves unnamed, from what their cells hold: a column
    whose filled cells are mostly dates or periods is the timeline, unit names the owners,
    cadence phrases the monitoring. A role the header already gives another column is not
    given twice.

    Example:
        >>> roles_from_cells(["title", None, None],
        ...                  [["มาตรการเผยแพร่ข้อมูล", "กองคลัง", "1 ต.ค. 2565 - 30 ก.ย. 2566"],
        ...                   ["มาตรการป้องกันการรับสินบน", "สำนักปลัด", "ตุลาคม 2565"]])
        ['title', 'owners', 'timeline']

        A column that says 'ตลอดปีงบประมาณ' (the whole fiscal year, its year left to the
        context) as often as it prints a period is the timeline too:

        >>> roles_from_cells([None, "title", "owners", None],
        ...                  [["1", "มาตรการเผยแพร่ข้อมูล", "สำนักปลัด", "ตลอด ปีงบประมาณ 2566"],
        ...                   ["2", "มาตรการส่งเสริมความโปร่งใส", "งานพัสดุ", "ต.ค.65- ก.ย. 66"],
        ...                   ["3", "มาตรการป้องกันการรับสินบน", "ทุกกอง", "ตลอด ปีงบประมาณ"]])
        [None, 'title', 'owners', 'timeline']
    """
    width = max([len(roles)] + [len(r) for r in rows])
    roles = list(roles) + [None] * (width - len(roles))
    taken = set(roles)
    for i in range(width):
        if roles[i] is not None:
            continue
        cells = [r[i] for r in rows if i < len(r) and fold(r[i])]
        if len(cells) < 1:
            continue
        kinds = [_cell_kind(c) for c in cells]
        for kind in ("timeline", "monitoring", "owners"):
            if kind not in taken and kinds.count(kind) * 3 >= len(cells) * 2:
                roles[i] = kind
                taken.add(kind)
                break
    if "title" not in taken:
        # a column of measure titles ('มาตรการ...', 'โครงการ...') is the title, with or without
        # a header to say so
        from thaireports.extractors.measures.draft import is_measure_title

        for i in range(width):
            cells = [r[i] for r in rows if i < len(r) and fold(r[i])]
            if roles[i] is None and len(cells) >= 2 and \
                    sum(is_measure_title(c) for c in cells) * 3 >= len(cells) * 2:
                roles[i] = "title"
                break
    return roles


FISCAL_MONTHS = (10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9)


def _marked_months(cells: list[str], roles: list[str | None]) -> tuple[int, int] | None:
    """The first and last marked month of a month-grid row (✓, ●, X, a bar, any mark), in
    fiscal-year order (ต.ค. first); ``finish`` dates them by the plan's fiscal year."""
    marked = [int(r.split(":")[1]) for c, r in zip(cells, roles)
              if r and r.startswith("month:") and fold(c)]
    if not marked:
        return None
    marked.sort(key=FISCAL_MONTHS.index)
    return marked[0], marked[-1]


def _strip_folded_header(cell: str, header: str) -> str:
    """OCR folds a header into the first row's cells ('ผู้รับผิดชอบ สำนักปลัด ...'): drop it. A
    cell that is its header cut short ('ขั้นตอนหรือ วิธีการดำเนิน' under 'ขั้นตอนหรือวิธีการ
    ดำเนินการ') is the header printed again, with nothing of the row in it."""
    c, h = fold(cell), fold(header)
    if len(squash(c)) >= 4 and squash(h).startswith(squash(c).rstrip("-–. ")):
        return ""
    if len(squash(h)) >= 4 and squash(c).startswith(squash(h)):
        # drop as many characters of c as make up h, ignoring whitespace
        need, i = len(squash(h)), 0
        while need and i < len(c):
            if not c[i].isspace():
                need -= 1
            i += 1
        return c[i:].strip()
    return c


def _unfold_header(row: list[str], header: list[str]) -> list[str]:
    """A row's cells, without the header text OCR folded into them. Only when most cells begin
    with their column's header is it a fold: a title cell 'มาตรการตรวจสอบ...' under the header
    'มาตรการ' is a real title."""
    stripped = [_strip_folded_header(c, header[i] if i < len(header) else "")
                for i, c in enumerate(row)]
    cells = [fold(c) for c in row]
    folded = sum(1 for a, b in zip(stripped, cells) if a != b)
    filled = sum(1 for c in cells if c)
    return stripped if folded >= 2 and folded * 2 >= filled else cells


def _prose(text: str) -> str:
    """The lines of a passage that are not table rows (no tab, no pipe)."""
    return "\n".join(ln for ln in text.split("\n") if "\t" not in ln and "|" not in ln)


def tool_before(text: str, start: int, since: int) -> str | None:
    """The ITA tool the prose just before a table is about ('2. ด้าน EIT พบว่า ...').

    Analysis memos answer each tool's weak points with a table under the passage that names the
    tool, so the last prose line that names a tool frames the table, if it names only one. The
    IIT / EIT / OIT printed in the rows of a score table, or a sentence comparing the tools, say
    nothing about the measures that follow. (Lines, not paragraphs: PDF text wraps a paragraph
    into many lines, and the tool is named in its first.)

    Example:
        >>> tool_before("๒. ด้าน EIT พบว่า ผลคะแนนของตัวชี้วัดคุณภาพการดำเนินงาน\\n\\nมาตรการ\\tผู้รับผิดชอบ", 57, 0)
        'EIT'
    """
    window = _prose(text[max(since, start - TOOL_CONTEXT_SPAN):start])
    for line in reversed(window.split("\n")):
        tools = {m.group(1) or "IIT" for m in TOOL.finditer(line)}
        if tools:
            return tools.pop() if len(tools) == 1 else None
    return None


def fiscal_year_before(text: str) -> int | None:
    """The last fiscal year named in a passage ('... ประจำปีงบประมาณ พ.ศ. 2566 ดังนี้')."""
    from thaireports.normalize.dates import find_fiscal_years

    years = find_fiscal_years(_prose(text))
    return years[-1] if years else None


# The year of an assessment's results ('นำผลการวิเคราะห์การประเมิน... ประจำปีงบประมาณ พ.ศ. 2565
# มาจัดทำแผน'): the year a plan looks back on, not the year it is for.
_RESULTS_OF = re.compile(r"ผล(?:การ)?(?:ประเมิน|วิเคราะห์)|ผลคะแนน")
_SENTENCE_SPAN = 200   # how far back in its sentence a year's subject is looked for


def plan_fiscal_year(context: str, document_year: int | None = None) -> int | None:
    """The fiscal year of the measures under a passage: the last year the passage names,
    unless that year is the one whose assessment results are discussed (``_RESULTS_OF`` in its
    sentence before it); then the document's own fiscal year. A bare 'ไตรมาสที่ 2' or
    'ตลอดปีงบประมาณ' belongs to the year of the plan it is printed in.

    Example:
        >>> plan_fiscal_year("จึงได้จัดทำมาตรการ ประจำปีงบประมาณ พ.ศ. 2566 ดังนี้", 2565)
        2566
        >>> plan_fiscal_year("นำผลการวิเคราะห์การประเมิน ประจำปีงบประมาณ พ.ศ. 2565 มาจัดทำแผน", 2566)
        2566
    """
    year = fiscal_year_before(context)
    if year is None or document_year is None or year == document_year:
        return year or document_year
    prose = _prose(context)
    at = prose.rfind(str(year))
    before = prose[max(0, at - _SENTENCE_SPAN):at].rsplit("\n", 1)[-1] if at >= 0 else ""
    return document_year if _RESULTS_OF.search(before) else year


def _table_fiscal_year(timelines: list[str], context: str, document_year: int | None = None
                       ) -> int | None:
    """The fiscal year of a plan table: one its own timeline cells name, else the plan year of
    the prose above it (``plan_fiscal_year``), else the document's."""
    from thaireports.normalize.dates import find_fiscal_years

    for cell in timelines:
        years = find_fiscal_years(cell)
        if years:
            return years[0]
    return plan_fiscal_year(context, document_year)


# A row that spans the table with a group name: the heading of the measures under it.
GROUP_HEADING = re.compile(r"^(?:มิติที่|มิติ\s*\d|ด้านที่|ด้าน|ส่วนที่|ยุทธศาสตร์|ประเด็น|หมวด|กลุ่ม|"
                           r"แผนงาน|ตัวชี้วัดที่|องค์ประกอบที่|เครื่องมือ|(?:IIT|EIT|OIT)\b)")


def is_group_heading(cells: list[str]) -> bool:
    """A row whose one filled cell (or one text repeated across merged cells) names a group
    ('มิติที่ 1 การสร้างสังคมที่ไม่ทนต่อการทุจริต', 'ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล'): a heading of
    the rows under it, not a measure.

    Example:
        >>> is_group_heading(["มิติที่ 1 การสร้างสังคมที่ไม่ทนต่อการทุจริต", "", "", ""])
        True
        >>> is_group_heading(["มาตรการเผยแพร่ข้อมูลต่อสาธารณะ", "", "", ""])
        False
    """
    filled = {fold(c) for c in cells if fold(c)}
    return len(cells) >= 3 and len(filled) == 1 and bool(GROUP_HEADING.match(filled.pop()))


def table_drafts(document, dt: DocText, fiscal_year: int | None = None
                 ) -> tuple[list[Draft], list[tuple[int, Table]]]:
    """Drafts from measure tables, and the step tables (no measure column) with their offsets,
    which belong to the measure section they sit in. ``fiscal_year`` (the document's own)
    dates a timeline cell that names no year (``_table_fiscal_year``)."""
    from thaireports.normalize.vocab import split_owners

    drafts: list[Draft] = []
    steps: list[tuple[int, Table]] = []
    since, last_tool = 0, None
    for table, grid in zip(document.tables, grid_tables(document)):
        start = dt.absolute(table.page, table.offset)
        start = start if start is not None else 0
        header, rows, roles = grid.header, grid.rows, grid.roles
        has = set(r for r in roles if r)
        if any(r.startswith("month:") for r in has):
            has.add("months")
        if "title" not in has:
            if "actions" in has:
                steps.append((start, table))
            continue
        if not has & MEASURE_ROLES:
            continue
        tool = tool_before(dt.text, start, since)
        between = dt.text[since:start]
        if tool is None and (grid.inherited or (
                since and not between.strip("\n\t ").replace("\f", ""))):
            tool = last_tool  # a table continued right after the previous one
        context = dt.text[max(since, start - TOOL_CONTEXT_SPAN):start]
        # a results column left blank is a form to fill in later: the rows are still plans
        results_filled = any(fold(r[i]) for r in rows for i, role in enumerate(roles)
                             if role == "results" and i < len(r))
        reported = bool(has & {"outputs", "outcomes"}) or results_filled
        merged_rows: list[tuple[list[str], str]] = []
        group = ""
        title_i = roles.index("title")
        for k, row in enumerate(rows):
            cells = _unfold_header(row, header)
            if not any(cells):
                continue
            if is_group_heading(cells):
                group = next(c for c in cells if c)
                continue
            title = cells[title_i] if title_i < len(cells) else ""
            if title and k == 0 and grid.inherited and drafts and _is_stub(drafts[-1]):
                # the previous page's last row was cut right after its first lines (a scan's
                # rows are not joined by ingest): this row is its rest, title and all
                drafts[-1].title = fold(drafts[-1].title + " " + drop_leading_number(title))
                _continue_draft(drafts[-1], cells, roles, split_owners)
                continue
            if not title and (merged_rows or (k == 0 and grid.inherited and drafts)):
                # a row cut by a page break continues the last one (on this page, or the last
                # row of the table this one continues)
                if merged_rows:
                    prev = merged_rows[-1][0]
                    for i, c in enumerate(cells):
                        if c and i < len(prev):
                            prev[i] = (prev[i] + " " + c).strip()
                else:
                    _continue_draft(drafts[-1], cells, roles, split_owners)
                continue
            merged_rows.append((cells, group))
        table_drafts_: list[Draft] = []
        for cells, group in merged_rows:
            d = _row_draft(cells, roles, start, reported, split_owners)
            if d is None:
                continue
            d.page, d.tool = table.page, tool
            d.context = context + ("\n" + group if group else "")
            if group and d.indicator_hint is None:
                d.indicator_hint = _group_indicator(group, d.title + " " + " ".join(d.actions))
            table_drafts_.append(d)
        fy = _table_fiscal_year([d.timeline for d in table_drafts_ if d.timeline], context,
                                fiscal_year)
        for d in table_drafts_:
            d.fiscal_hint = fy
        drafts.extend(table_drafts_)
        since, last_tool = start + 1, tool
    return drafts, steps


def _is_stub(d: Draft) -> bool:
    """A row that holds only the start of its title: nothing in any other column."""
    return not (d.actions or d.owners or d.timeline or d.monitoring or d.outputs or d.outcomes
                or d.months)


def _continue_draft(d: Draft, cells: list[str], roles: list[str | None], split_owners) -> None:
    """The tail of the last row of the previous page's table, printed at the top of this one."""
    tail = _row_draft(["x" if r == "title" else c for c, r in zip(cells, roles)], roles,
                      d.offset, d.status == "reported", split_owners)
    if tail is None:
        return
    raw = next((c for c, r in zip(cells, roles) if r in ("actions", "results") and c), "")
    if d.actions and tail.actions and not LEADING_ITEM.match(raw):
        d.actions[-1] = (d.actions[-1] + " " + tail.actions.pop(0)).strip()
    d.actions += tail.actions
    d.add_owners(tail.owners)
    for m in tail.monitoring:
        d.add_monitoring(m)
    d.timeline = d.timeline or tail.timeline
    d.outputs = " ".join(x for x in (d.outputs, tail.outputs) if x) or None
    d.outcomes = " ".join(x for x in (d.outcomes, tail.outcomes) if x) or None


LEADING_ITEM = re.compile(r"^\s*(?:\(?\d{1,2}[.)]|[-•])")


def _row_draft(cells: list[str], roles: list[str | None], offset: int, reported: bool,
               split_owners) -> Draft | None:
    """One table row as a draft, each cell read by its column's role; None without a title.
    Only what the row itself prints is kept (a merged cell's value belongs to its first row)."""
    title = ""
    d = Draft(title="", offset=offset, status="reported" if reported else "planned")
    for cell, role in zip(cells, roles):
        if not cell or role is None:
            continue
        if role == "title":
            title = drop_leading_number(cell)
        elif role in ("actions", "results"):
            d.actions += split_items(cell)
        elif role == "owners":
            d.add_owners(split_owners(cell))
        elif role == "timeline":
            d.timeline = cell
        elif role == "timeline-start":
            d.timeline = cell + (" - " + d.timeline if d.timeline else "")
        elif role == "timeline-end":
            d.timeline = (d.timeline + " - " if d.timeline else "") + cell
        elif role == "monitoring":
            d.add_monitoring(cell)
        elif role == "outputs":
            d.outputs = cell
        elif role == "outcomes":
            d.outcomes = cell
        elif role == "indicator":
            d.indicator_hint = _named_indicator(cell)
    if not title or is_total(title):  # a total row sums the rows above: no measure
        return None
    d.title = title
    if d.timeline is None:
        d.months = _marked_months(cells, roles)
    if reported and not d.monitoring and d.outcomes and "รายงาน" in d.outcomes:
        # a results row whose outcome is a reporting sentence ('รายงานผล... รายไตรมาส') states
        # the monitoring cadence
        from thaireports.normalize.cadence import cadence_months

        if cadence_months(d.outcomes):
            d.add_monitoring(d.outcomes)
    return d


def _group_indicator(group: str, text: str) -> int | None:
    """The ITA indicator of a row under a group heading that names indicators (an ITA plan's
    rows grouped as 'ตัวชี้วัดที่ ๓ การใช้อำนาจ'): the one it names, or, of several it names
    ('ตัวชี้วัดที่ ๖ – ๘ คุณภาพการดำเนินงาน / ประสิทธิภาพการสื่อสาร / ...'), the one the row's
    title and actions talk about most (NACC's indicator content), if one does."""
    from thaireports.extractors.measures.merge import _content_scores
    from thaireports.normalize.vocab import ITA_INDICATORS

    c = squash(group)
    named = {ind.number: ind.category for ind in ITA_INDICATORS
             if any(name in c for name in (ind.name, *(v for v, _ in ind.variants)))}
    if len(named) <= 1:
        return next(iter(named), None)
    scores = _content_scores(text, tuple(named.values()))
    best = max(scores.values())
    leaders = [n for n, category in named.items() if scores[category] == best]
    return leaders[0] if best > 0 and len(leaders) == 1 else None


def _named_indicator(cell: str) -> int | None:
    """The ITA indicator a cell names by its full name ('ตัวชี้วัดที่ 7 ประสิทธิภาพการสื่อสาร'),
    exactly: a KPI cell ('บุคลากรร้อยละ 80 ผ่านการอบรม') names none."""
    from thaireports.normalize.vocab import ITA_INDICATORS

    c = squash(cell)
    hits = [(c.find(name), ind.number) for ind in ITA_INDICATORS
            for name in (ind.name, *(v for v, _ in ind.variants)) if name in c]
    return min(hits)[1] if hits else None

