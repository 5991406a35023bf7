"""Header fields, kind and fiscal year, on lines taken from the samples."""
import pytest

from thaireports.extractors.header import choose_fiscal_year, date_fiscal_year, document_kind, extract_header
from thaireports.extractors.textutil import DocText

MEMO_000 = """

บันทึกข้อความ

ส่วนราชการ สำนักงานปลัดองค์การบริหารส่วนตำบลคมบาง

ที่ - วันที่ ๒๒ เมษายน ๒๕๖๒

เรื่อง มาตรการภายในเพื่อส่งเสริมความโปร่งใสและป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. ๒๕๖๒

เรียน หัวหน้าสำนักปลัด / ผู้อำนวยการกองคลัง / ผู้อำนวยการกองช่าง / ผู้อำนวยการกองการศึกษา
"""

MEMO_002 = """บันทึกข้อความ

ส่วนราชการ สำนักปลัด องค์การบริหารส่วนตำบลเหล โทร.0 7645 5766

ที่ พง 75501/

วันที่ 28 เมษายน 2565

เรื่อง มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. 2565

เรียน นายองค์การบริหารส่วนตำบลเหล

มาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. 2564
"""

ANNOUNCEMENT_004 = """ประกาศองค์การบริหารส่วนตำบลบึงนคร

เรื่อง มาตรการการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน

ตามเกณฑ์การประเมินคุณธรรมและความโปร่งใสการดำเนินงานของหน่วยงานภาครัฐ ประจำปีงบประมาณ พ.ศ. 2566
๒.๒ งานประชาสัมพันธ์ ... ประจำปีงบประมาณ พ.ศ. 2563 (Integrity Transparency Assessment : ITA)

ประกาศ ณ วันที่ 10 เดือน มีนาคม พ.ศ. 2566

ประกาศ ณ วันที่ 11 มกราคม พ.ศ. 2565
"""


@pytest.mark.parametrize("text,kind", [
    (MEMO_000, "memo"),
    (ANNOUNCEMENT_004, "announcement"),
    ("รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรม\nและความโปร่งใสภายในหน่วยงาน", "report"),
    ("คำสั่งองค์การบริหารส่วนตำบลเหล\nที่ 12/2565", "order"),
    # the printed title lost, the memo labels remain
    ("ส่วนราชการ สำนักปลัด\nเรื่อง มาตรการ\nเรียน นายก", "memo"),
    ("", "other"),
])
def test_document_kind(text, kind):
    assert document_kind(text) == kind


@pytest.mark.parametrize("text,expected", [
    (MEMO_000, ("memo", None, "2019-04-22", 2562,
                "หัวหน้าสำนักปลัด / ผู้อำนวยการกองคลัง / ผู้อำนวยการกองช่าง / ผู้อำนวยการกองการศึกษา")),
    # blank number keeps its prefix; the dropped ก of นายก is repaired; the attachment's
    # stale 2564 does not override the subject's 2565
    (MEMO_002, ("memo", "พง 75501/", "2022-04-28", 2565, "นายกองค์การบริหารส่วนตำบลเหล")),
    # the first 'ประกาศ ณ วันที่' dates the announcement; the stale 2563 loses to 2566
    (ANNOUNCEMENT_004, ("announcement", None, "2023-03-10", 2566, None)),
    # an order dates itself 'สั่ง ณ วันที่', a report 'รายงาน ณ วันที่' where it closes
    ("คำสั่งเทศบาลตำบลโคกสี\nที่ 217/2566\nเรื่อง แต่งตั้งคณะทำงานการประเมินคุณธรรมและความโปร่งใส "
     "ประจำปีงบประมาณ พ.ศ. 2566\n\nสั่ง ณ วันที่ 16 มกราคม พ.ศ. 2566\n",
     ("order", "217/2566", "2023-01-16", 2566, None)),
    ("รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน\n"
     "ประจำปีงบประมาณ พ.ศ. 2567\nอบจ.น่าน\n\nรายงาน ณ วันที่ 30 กันยายน 2567\n",
     ("report", None, "2024-09-30", 2567, None)),
])
def test_extract_header(text, expected):
    info, _ = extract_header(DocText.of_texts([text]))
    assert (info.kind, info.ref, info.date, info.fiscal_year, info.addressee) == expected


def test_subject_is_the_whole_line():
    info, _ = extract_header(DocText.of_texts([MEMO_002]))
    assert info.subject == ("มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน "
                            "ประจำปีงบประมาณ พ.ศ. 2565")


@pytest.mark.parametrize("iso,fy", [("2022-04-28", 2565), ("2021-10-01", 2565),
                                    ("2021-09-30", 2564), (None, None)])
def test_date_fiscal_year(iso, fy):
    assert date_fiscal_year(iso) == fy


def test_far_fiscal_year_is_warned():
    fy, warnings = choose_fiscal_year("มาตรการ ประจำปีงบประมาณ พ.ศ. 2555", "", "2022-04-28")
    assert fy == 2555
    assert [w.code for w in warnings] == ["fiscal-year-suspect"]
