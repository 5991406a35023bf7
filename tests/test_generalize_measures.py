"""Measure tables of scans whose header row was lost or printed alone at the foot of the page
before (Word does not repeat a table's header on the next page unless told to), read by what
their cells hold; and periods whose end OCR could not read.

Cases composed from how Thai plans state a measure's period: a range of months of the fiscal
year ('ต.ค. 65 - ก.ย. 66'), or 'ตลอดปีงบประมาณ' (the whole fiscal year, with or without its
year)."""
from __future__ import annotations

import pytest

from _extract_helpers import document_of
from thaireports.extractors import extract
from thaireports.extractors.measures import resolve_timeline
from thaireports.extractors.measures.tables import roles_from_cells
from thaireports.ingest.document import Table

# the plan's rows as a scan reads them on page 2, its header row left at the foot of page 1
ROWS = [
    ["1", "มาตรการส่งเสริมการใช้งบประมาณอย่างคุ้มค่าและโปร่งใส", "กองคลัง", "ต.ค.65- A.W. 66"],
    ["2", "มาตรการเผยแพร่ข้อมูลข่าวสารผ่านเว็บไซต์และสื่อสังคมออนไลน์ของเทศบาล",
     "สำนักปลัดเทศบาล/งานประชาสัมพันธ์", "ตลอด ปีงบประมาณ 2566"],
    ["3", "มาตรการส่งเสริมความโปร่งใสในการจัดซื้อจัดจ้าง", "งานพัสดุ กองคลัง", "ต.ค.65- ก.ย. 66"],
    ["4", "มาตรการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ", "สำนักปลัดเทศบาล", "ต.ค.65- ก.ย.66"],
    ["5", "มาตรการป้องกันการรับสินบนทุกรูปแบบ", "ทุกกอง", "ตลอด ปีงบประมาณ"],
]


def test_whole_year_cells_count_as_periods():
    assert roles_from_cells([None, "title", "owners", None], ROWS) == \
        [None, "title", "owners", "timeline"]


def test_cells_of_no_period_make_no_timeline():
    rows = [[r[0], r[1], r[2], "ดำเนินการแล้ว"] for r in ROWS]
    assert "timeline" not in roles_from_cells([None, "title", "owners", None], rows)


def test_headerless_plan_rows_keep_their_periods():
    page1 = ("บันทึกข้อความ\nส่วนราชการ สำนักปลัด เทศบาลตำบลนาครัว\nที่ ลป 52301/123 วันที่ 15 ตุลาคม 2565\n"
             "เรื่อง มาตรการส่งเสริมคุณธรรม ประจำปีงบประมาณ พ.ศ. 2566\nเรียน นายกเทศมนตรีตำบลนาครัว\n"
             "จึงได้จัดทำมาตรการ ประจำปีงบประมาณ พ.ศ. 2566 ดังนี้\n\nลำดับ | มาตรการ | ผู้รับผิดชอบ | ระยะเวลา")
    page2 = "- 2 -\n\n" + "\n".join("\t".join(r) for r in ROWS)
    table = Table(page=2, header=ROWS[0], rows=ROWS[1:], offset=len("- 2 -\n\n"))
    record = extract(document_of(page1, page2, tables=[table]))
    got = {m.title[:30]: (m.timeline.start, m.timeline.end) if m.timeline else None
           for m in record.measures}
    assert len(record.measures) == 5
    assert list(got.values()) == [
        ("2022-10", None),                       # its end read as Latin: unknown, not October
        ("2022-10-01", "2023-09-30"),
        ("2022-10", "2023-09"), ("2022-10", "2023-09"),
        ("2022-10-01", "2023-09-30"),            # the year from the plan around it
    ]


@pytest.mark.parametrize("text,start,end", [
    ("ต.ค.65- A.W. 66", "2022-10", None),       # the end's month read by the Latin model
    ("1 ต.ค. 2565 - ????", "2022-10-01", None),
    ("ม.ค. - A.W. 66", "2023-01", None),         # months only: the year is the plan's
    # ... and the start lost the same way: the end stands alone
    ("ALA. - ก.ย. 66", None, "2023-09"),
    ("© #.A. ded -30 ก.ย. 68", None, "2025-09-30"),
    # whole ranges and single months are as they were
    ("ต.ค. 65 - ก.ย. 66", "2022-10", "2023-09"),
    ("1 ตุลาคม 2565 ถึง 30 กันยายน 2566", "2022-10-01", "2023-09-30"),
    ("ตุลาคม 2565", "2022-10", "2022-10"),
    ("1-30 ก.ย. 65", "2022-09-01", "2022-09-30"),
    ("ไตรมาส 2 (ม.ค. - มี.ค. 66)", "2023-01", "2023-03"),
    ("ม.ค. 66 - ม.ค. 66", "2023-01", "2023-01"),  # a range of one month, both ends legible
])
def test_illegible_end_of_a_period_is_left_unknown(text, start, end):
    assert resolve_timeline(text, 2566)[:2] == (start, end)
