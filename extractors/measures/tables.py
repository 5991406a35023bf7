"""Measure tables: rows of plan and results tables as drafts."""
from __future__ import annotations

from extractors.textutil import DocText, drop_leading_number, fold, split_items, squash
from ingest.document import Table

from extractors.measures.draft import TOOL, TOOL_CONTEXT_SPAN, Draft
from normalize.columns import MEASURE_ROLES, column_role, column_roles


def header_and_rows(table: Table) -> tuple[list[str], list[list[str]]]:
    """The table's header and data rows. When ingest found no header we can read (a header word
    it does not know, such as 'ห้วงเวลา' or 'เครื่องมือ'), the first row is the header."""
    header, rows = list(table.header), [list(r) for r in table.rows]
    if not any(column_role(h) for h in header) and rows:
        header, rows = rows[0], rows[1:]
    return header, rows


def _strip_folded_header(cell: str, header: str) -> str:
    """OCR folds a header into the first row's cells ('ผู้รับผิดชอบ สำนักปลัด ...'): drop it."""
    c, h = fold(cell), fold(header)
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
    from normalize.dates import find_fiscal_years

    years = find_fiscal_years(_prose(text))
    return years[-1] if years else None


def _table_fiscal_year(timelines: list[str], context: str) -> int | None:
    """The fiscal year of a plan table: one its own timeline cells name, else the last one named
    in the prose above it."""
    from normalize.dates import find_fiscal_years

    for cell in timelines:
        years = find_fiscal_years(cell)
        if years:
            return years[0]
    return fiscal_year_before(context)


def table_drafts(document, dt: DocText) -> tuple[list[Draft], list[tuple[int, Table]]]:
    """Drafts from measure tables, and the step tables (no measure column) with their offsets,
    which belong to the measure section they sit in."""
    from normalize.vocab import split_owners

    drafts: list[Draft] = []
    steps: list[tuple[int, Table]] = []
    since, last_tool = 0, None
    for table in document.tables:
        header, rows = header_and_rows(table)
        roles = column_roles(header)
        start = dt.absolute(table.page, table.offset)
        start = start if start is not None else 0
        has = set(r for r in roles if r)
        if "title" not in has:
            if "actions" in has:
                steps.append((start, table))
            continue
        if not has & MEASURE_ROLES:
            continue
        tool = tool_before(dt.text, start, since)
        between = dt.text[since:start]
        if tool is None and since and not between.strip("\n\t ").replace("\f", ""):
            tool = last_tool  # a table continued right after the previous one
        context = dt.text[max(since, start - TOOL_CONTEXT_SPAN):start]
        # a results column left blank is a form to fill in later: the rows are still plans
        results_filled = any(fold(r[i]) for r in rows for i, role in enumerate(roles)
                             if role == "results" and i < len(r))
        reported = bool(has & {"outputs", "outcomes"}) or results_filled
        merged_rows: list[list[str]] = []
        for row in rows:
            cells = _unfold_header(row, header)
            if not any(cells):
                continue
            title_i = roles.index("title")
            title = cells[title_i] if title_i < len(cells) else ""
            if not title and merged_rows:  # a row cut by a page break continues the last one
                prev = merged_rows[-1]
                for i, c in enumerate(cells):
                    if c and i < len(prev):
                        prev[i] = (prev[i] + " " + c).strip()
                continue
            merged_rows.append(cells)
        table_drafts_: list[Draft] = []
        for cells in merged_rows:
            d = _row_draft(cells, roles, start, reported, split_owners)
            if d is None:
                continue
            d.page, d.tool, d.context = table.page, tool, context
            table_drafts_.append(d)
        fy = _table_fiscal_year([d.timeline for d in table_drafts_ if d.timeline], context)
        for d in table_drafts_:
            d.fiscal_hint = fy
        drafts.extend(table_drafts_)
        since, last_tool = start + 1, tool
    return drafts, steps


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
        elif role == "monitoring":
            d.add_monitoring(cell)
        elif role == "outputs":
            d.outputs = cell
        elif role == "outcomes":
            d.outcomes = cell
        elif role == "indicator":
            d.indicator_hint = _named_indicator(cell)
    if not title:
        return None
    d.title = title
    if reported and not d.monitoring and d.outcomes and "รายงาน" in d.outcomes:
        # a results row whose outcome is a reporting sentence ('รายงานผล... รายไตรมาส') states
        # the monitoring cadence
        from normalize.cadence import cadence_months

        if cadence_months(d.outcomes):
            d.add_monitoring(d.outcomes)
    return d


def _named_indicator(cell: str) -> int | None:
    """The ITA indicator a cell names by its full name ('ตัวชี้วัดที่ 7 ประสิทธิภาพการสื่อสาร'),
    exactly: a KPI cell ('บุคลากรร้อยละ 80 ผ่านการอบรม') names none."""
    from normalize.vocab import ITA_INDICATORS

    c = squash(cell)
    hits = [(c.find(name), ind.number) for ind in ITA_INDICATORS
            for name in (ind.name, *(v for v, _ in ind.variants)) if name in c]
    return min(hits)[1] if hits else None

