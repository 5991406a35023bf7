"""Measure tables as the grids they are, whatever produced them (issue 10, item 1).

Each case is a table written from the rule it tests, the way Thai plan and results tables are
printed: continued on the next page without a header, with the header printed again, with a
two-row header, as a month grid, with group-heading rows, with columns the header does not name.
"""
from __future__ import annotations

import pytest

from _extract_helpers import document_of
from thaireports.extractors.measures import extract_measures
from thaireports.extractors.measures.tables import grid_tables, is_group_heading, roles_from_cells
from thaireports.extractors.textutil import DocText
from thaireports.ingest.document import Table
from thaireports.ingest.pdf import open_row_closers
from thaireports.normalize.columns import column_role, column_roles, is_header_row, month_of, subheader_role

PLAN = ["มาตรการ", "ขั้นตอนการดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลา", "การกำกับติดตาม"]


def _measures(*tables: Table, pages: int = 2, fiscal_year: int | None = None):
    doc = document_of(*(["ข้อความ"] * pages), tables=list(tables))
    measures, _ = extract_measures(doc, DocText.of(doc), fiscal_year)
    return measures


def test_a_table_continued_without_header_inherits_its_columns():
    first = Table(page=1, offset=0, header=PLAN, rows=[
        ["มาตรการเผยแพร่ข้อมูลต่อสาธารณะ", "1. จัดทำข้อมูลลงเว็บไซต์", "สำนักปลัด",
         "1 ต.ค. 2565 - 30 ก.ย. 2566", "รายงานผลรอบ 6 เดือน"]])
    rest = Table(page=2, offset=0, header=[], rows=[
        ["มาตรการป้องกันการรับสินบน", "ประกาศแนวทางการไม่รับสินบน", "กองการเจ้าหน้าที่",
         "ตลอดปีงบประมาณ 2566", "รายงานปีละ 2 ครั้ง"]])
    measures = _measures(first, rest)
    assert [m.title for m in measures] == ["มาตรการเผยแพร่ข้อมูลต่อสาธารณะ",
                                           "มาตรการป้องกันการรับสินบน"]
    second = measures[1]
    assert [o.unit for o in second.owners] == ["personnel"]
    assert (second.timeline.start, second.timeline.end) == ("2022-10-01", "2023-09-30")
    assert second.monitoring.cadence_months == [6]
    assert second.page == 2


def test_a_header_printed_again_on_the_next_page_is_not_a_row():
    first = Table(page=1, offset=0, header=PLAN, rows=[
        ["มาตรการตรวจสอบการใช้ดุลพินิจ", "จัดทำคู่มือ", "สำนักปลัด", "มีนาคม 2566", "รอบ 12 เดือน"]])
    again = Table(page=2, offset=0, header=[], rows=[
        PLAN, ["มาตรการจัดการเรื่องร้องเรียนการทุจริต", "จัดช่องทางร้องเรียน", "สำนักปลัด",
               "ตลอดปี", "รายไตรมาส"]])
    titles = [m.title for m in _measures(first, again)]
    assert titles == ["มาตรการตรวจสอบการใช้ดุลพินิจ", "มาตรการจัดการเรื่องร้องเรียนการทุจริต"]


def test_the_tail_of_a_row_cut_by_the_page_break_joins_that_row():
    first = Table(page=1, offset=0, header=PLAN, rows=[
        ["มาตรการส่งเสริมความโปร่งใสในการจัดซื้อจัดจ้าง", "1. เผยแพร่แผนจัดซื้อจัดจ้าง",
         "กองคลัง", "ตลอดปีงบประมาณ 2566", "รายงานผล"]])
    tail = Table(page=2, offset=0, header=[], rows=[
        ["", "2. รายงานผลการจัดซื้อจัดจ้างรายเดือน", "งานพัสดุ", "", "รอบ 6 เดือน"]])
    measures = _measures(first, tail)
    assert len(measures) == 1
    m = measures[0]
    assert m.actions == ["เผยแพร่แผนจัดซื้อจัดจ้าง", "รายงานผลการจัดซื้อจัดจ้างรายเดือน"]
    assert {o.unit for o in m.owners} == {"finance", "procurement"}
    assert m.monitoring.cadence_months == [6]


def test_two_row_header_start_and_end():
    # ระยะเวลา over เริ่มต้น / สิ้นสุด: the end comes from สิ้นสุด
    table = Table(page=1, offset=0, header=["มาตรการ", "ผู้รับผิดชอบ", "ระยะเวลา", ""], rows=[
        ["", "", "เริ่มต้น", "สิ้นสุด"],
        ["มาตรการเสริมสร้างวัฒนธรรมองค์กร", "สำนักปลัด", "1 พฤศจิกายน 2565", "31 มีนาคม 2566"]])
    m, = _measures(table, pages=1)
    assert (m.timeline.start, m.timeline.end) == ("2022-11-01", "2023-03-31")


@pytest.mark.parametrize("marks,start,end", [
    # ✓ from พ.ย. to ม.ค. of FY 2566 (Nov 2022 .. Jan 2023)
    (["", "✓", "✓", "✓", "", "", "", "", "", "", "", ""], "2022-11", "2023-01"),
    # one mark in มิ.ย.
    (["", "", "", "", "", "", "", "", "●", "", "", ""], "2023-06", "2023-06"),
    # X over the whole year
    (["X"] * 12, "2022-10", "2023-09"),
])
def test_month_grid_becomes_a_timeline(marks, start, end):
    months = ["ต.ค.", "พ.ย.", "ธ.ค.", "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.",
              "ส.ค.", "ก.ย."]
    table = Table(page=1, offset=0, header=["ลำดับ", "โครงการ/กิจกรรม", "ผู้รับผิดชอบ", *months],
                  rows=[["1", "โครงการอบรมคุณธรรมจริยธรรมแก่บุคลากร", "สำนักปลัด", *marks]])
    m, = _measures(table, pages=1, fiscal_year=2566)
    assert m.title == "โครงการอบรมคุณธรรมจริยธรรมแก่บุคลากร"
    assert (m.timeline.start, m.timeline.end) == (start, end)


def test_month_grid_under_a_year_header_row():
    # 'ปีงบประมาณ พ.ศ. 2567' spans the months in the first header row; the months are the second
    months = ["ต.ค.", "พ.ย.", "ธ.ค.", "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.",
              "ส.ค.", "ก.ย."]
    table = Table(page=1, offset=0,
                  header=["ที่", "กิจกรรม", "ปีงบประมาณ พ.ศ. 2567"] + [""] * 11,
                  rows=[["", "", *months],
                        ["1", "กิจกรรมประกาศเจตจำนงสุจริตของผู้บริหาร", *([""] * 2), "✓",
                         *([""] * 9)]])
    m, = _measures(table, pages=1, fiscal_year=2567)
    assert (m.timeline.start, m.timeline.end) == ("2023-12", "2023-12")


def test_group_heading_rows_are_not_measures():
    table = Table(page=1, offset=0, header=["ลำดับ", "โครงการ", "งบประมาณ (บาท)", "ผู้รับผิดชอบ"],
                  rows=[["มิติที่ 1 การสร้างสังคมที่ไม่ทนต่อการทุจริต", "", "", ""],
                        ["1", "โครงการความรู้คู่คุณธรรม", "20,000", "สำนักปลัด"],
                        ["มิติที่ 2 การบริหารราชการเพื่อป้องกันการทุจริต", "", "", ""],
                        ["2", "กิจกรรมการจัดทำแผนการจัดซื้อจัดจ้าง", "-", "กองคลัง"]])
    titles = [m.title for m in _measures(table, pages=1)]
    assert titles == ["โครงการความรู้คู่คุณธรรม", "กิจกรรมการจัดทำแผนการจัดซื้อจัดจ้าง"]


@pytest.mark.parametrize("cells,heading", [
    (["มิติที่ 1 การสร้างสังคมที่ไม่ทนต่อการทุจริต", "", "", ""], True),
    (["ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล"] * 4, True),  # one merged cell read into each slot
    (["ด้านการป้องกันการทุจริต", "", ""], True),
    (["มาตรการเผยแพร่ข้อมูลต่อสาธารณะ", "", "", ""], False),
    (["1", "โครงการความรู้คู่คุณธรรม", "สำนักปลัด"], False),
])
def test_is_group_heading(cells, heading):
    assert is_group_heading(cells) is heading


def test_column_roles_from_cells_when_the_header_does_not_name_them():
    # a header in words the cue table does not know ('หน่วยงาน', 'เดือน'): the cells say
    table = Table(page=1, offset=0, header=["มาตรการ", "หน่วยงาน", "เดือน", "การรายงาน"], rows=[
        ["มาตรการป้องกันผลประโยชน์ทับซ้อน", "กองการเจ้าหน้าที่", "ตุลาคม 2565 - กันยายน 2566",
         "รายงานผล รอบ 6 เดือน และ 12 เดือน"],
        ["มาตรการเผยแพร่ข้อมูล", "งานประชาสัมพันธ์", "มกราคม 2566", "ปีละ 2 ครั้ง"]])
    grid, = grid_tables(document_of("x", tables=[table]))
    assert grid.roles == ["title", "owners", "timeline", "monitoring"]
    first = _measures(table, pages=1)[0]
    assert first.monitoring.cadence_months == [6, 12]
    assert (first.timeline.start, first.timeline.end) == ("2022-10", "2023-09")


def test_roles_from_cells_leave_free_text_alone():
    rows = [["มาตรการ ก", "ประชุมชี้แจงบุคลากรให้เข้าใจแนวทางปฏิบัติ"],
            ["มาตรการ ข", "จัดทำคู่มือการปฏิบัติงาน"]]
    assert roles_from_cells(["title", None], rows) == ["title", None]


@pytest.mark.parametrize("header,role", [
    # Thai repair first: a split ำ, a space after '/', PUA marks
    ("ผู้รับผิดชอบ", "owners"), ("หน่วยงานที่รับผิดชอบ", "owners"),
    ("ขั้นตอน/ วิธีการ", "actions"), ("การกำกับ ติดตาม", "monitoring"),
    ("ระยะเวลาดําเนินการ", "timeline"),
    # upper marks that OCR dropped on a bold header
    ("ผูรบผดชอบ", "owners"), ("ขนตอนการดาเนนการ", "actions"), ("ระยะเวลาดาเนนการ", "timeline"),
    # one misread letter in a long cue
    ("ผู้รับผิดช6บ", "owners"),
    # a header holding one cue exactly is not taken for another it resembles
    ("ขั้นตอนหรือวิธีการดำเนินการ", "actions"),
    # when results are reported is the monitoring
    ("ระยะเวลาการรายงาน", "monitoring"), ("การรายงานผล", "monitoring"),
    # title columns: มาตรการ, โครงการ, กิจกรรม
    ("มาตรการ/แนวทาง", "title"), ("โครงการ/กิจกรรม", "title"), ("ชื่อโครงการ", "title"),
    ("งบประมาณ (บาท)", "budget"), ("ลำดับ", "index"),
    ("ต.ค.", "month:10"), ("ก.ย", "month:9"),
    ("ข้อความยาวที่ไม่ใช่หัวตาราง", None),
])
def test_column_role(header, role):
    assert column_role(header) == role


def test_column_roles_number_column():
    assert column_roles(["ที่", "กิจกรรม", "ผู้รับผิดชอบ"]) == ["index", "title", "owners"]


@pytest.mark.parametrize("cell,role", [
    ("เริ่มต้น", "timeline-start"), ("สิ้นสุด", "timeline-end"), ("มี.ค.", "month:3"),
    ("กองคลัง", None),
])
def test_subheader_role(cell, role):
    assert subheader_role(cell) == role


@pytest.mark.parametrize("cells,header", [
    (["มาตรการ", "ผู้รับผิดชอบ", "ระยะเวลา"], True),
    (["ลำดับ", "โครงการ/กิจกรรม", "งบประมาณ", "หมายเหตุ"], True),
    (["มาตรการเผยแพร่ข้อมูลต่อสาธารณะ", "สำนักปลัด", "ตลอดปีงบประมาณ 2566"], False),
    (["1", "โครงการอบรม", "กองคลัง"], False),
])
def test_is_header_row(cells, header):
    assert is_header_row(cells) is header


@pytest.mark.parametrize("text,month", [("ต.ค.", 10), ("ตุลาคม", 10), ("ธ.ค", 12), ("กองคลัง", None)])
def test_month_of(text, month):
    assert month_of(text) == month


def test_open_row_closers_close_a_row_cut_by_the_page_break():
    # column rules from the last ruled line down to the page's bottom margin, no rule there
    rules = [{"orientation": "v", "x0": x, "x1": x, "top": 618.0, "bottom": 785.0, "height": 167.0}
             for x in (85.4, 180.0, 300.0, 538.2)]
    rules.append({"orientation": "h", "x0": 85.4, "x1": 538.2, "top": 618.0, "bottom": 618.0,
                  "width": 452.8})
    closers = open_row_closers(rules)
    assert [(c["top"], c["x0"], c["x1"]) for c in closers] == [(785.0, 85.4, 538.2)]
    # a closed table needs nothing
    rules.append({"orientation": "h", "x0": 85.4, "x1": 538.2, "top": 785.0, "bottom": 785.0,
                  "width": 452.8})
    assert open_row_closers(rules) == []


def test_a_row_cut_after_its_first_title_lines_joins_the_next_page():
    first = Table(page=1, offset=0, header=PLAN, rows=[
        ["มาตรการเผยแพร่ข้อมูลต่อสาธารณะ", "1. จัดทำข้อมูล", "สำนักปลัด", "ตลอดปี", "รอบ 6 เดือน"],
        ["1. นำข้อมูลต่างๆ ลงให้ครบถ้วน เช่น ข้อมูลพื้น", "", "", "", ""]])
    rest = Table(page=2, offset=0, header=[], rows=[
        ["ฐานขององค์กร แผนดำเนินงาน", "1. เผยแพร่กิจกรรม", "สำนักปลัด", "1 ต.ค. 2564 - 30 ก.ย. 2565",
         "รายงาน ณ สิ้นปีงบประมาณ 2565"]])
    measures = _measures(first, rest)
    assert len(measures) == 2
    assert measures[1].title == "นำข้อมูลต่างๆ ลงให้ครบถ้วน เช่น ข้อมูลพื้น ฐานขององค์กร แผนดำเนินงาน"
    assert measures[1].timeline.end == "2022-09-30" and measures[1].monitoring.cadence_months == [12]


def test_a_table_whose_header_stayed_on_the_last_page():
    # the header row alone at the foot of page 1, the rows on page 2 with none; a reader took
    # the first row for the header: the columns are read from the cells
    rest = Table(page=2, offset=0,
                 header=["1", "มาตรการส่งเสริมการใช้งบประมาณอย่างคุ้มค่าและโปร่งใส", "กองคลัง",
                         "ต.ค. 65 - ก.ย. 66"],
                 rows=[["2", "มาตรการเผยแพร่ข้อมูลข่าวสารผ่านเว็บไซต์", "งานประชาสัมพันธ์",
                        "ตลอดปีงบประมาณ 2566"],
                       ["3", "มาตรการป้องกันการรับสินบน", "สำนักปลัด", "มีนาคม 2566"]])
    measures = _measures(rest, pages=2, fiscal_year=2566)
    assert [m.title for m in measures] == ["มาตรการส่งเสริมการใช้งบประมาณอย่างคุ้มค่าและโปร่งใส",
                                           "มาตรการเผยแพร่ข้อมูลข่าวสารผ่านเว็บไซต์",
                                           "มาตรการป้องกันการรับสินบน"]
    assert [o.unit for o in measures[0].owners] == ["finance"]
    assert (measures[0].timeline.start, measures[0].timeline.end) == ("2022-10", "2023-09")


@pytest.mark.parametrize("cell,start,end", [
    # a quarter of the plan's fiscal year
    ("ไตรมาส 2", "2023-01", "2023-03"), ("ไตรมาสที่ ๔", "2023-07", "2023-09"),
    # months whose year OCR garbled ('660') or that print none
    ("ม.ค. - มี.ค. 660", "2023-01", "2023-03"), ("ธ.ค. - ก.พ.", "2022-12", "2023-02"),
    # a readable period is read as printed
    ("1 ต.ค. 2565 - 30 ก.ย. 2566", "2022-10-01", "2023-09-30"),
])
def test_timeline_months_in_the_plans_fiscal_year(cell, start, end):
    from thaireports.extractors.measures import resolve_timeline

    assert resolve_timeline(cell, 2566)[:2] == (start, end)


def test_timeline_months_without_a_fiscal_year_stay_undated():
    from thaireports.extractors.measures import resolve_timeline

    assert resolve_timeline("ม.ค. - มี.ค.", None)[:2] == (None, None)
