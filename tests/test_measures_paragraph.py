"""A measure written as one paragraph: its name, then who does what, when and how it is
reported, in running prose (``extractors.measures.paragraph``). Cases composed from the rules:
the name ends where the assignment begins, the acting units are the first the paragraph names,
the period is a range or a bounded date, the reporting is the clause with a cadence; and fields
the structured readers found are never replaced."""
import pytest

from thaireports.extractors.measures import extract_measures
from thaireports.extractors.measures.paragraph import (paragraph_period, paragraph_reporting,
                                                       split_name)
from thaireports.extractors.textutil import DocText
from tests._extract_helpers import document_of

ANNOUNCEMENT = """ประกาศเทศบาลตำบลหนองหาร
เรื่อง มาตรการภายในเพื่อส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. 2567
เทศบาลตำบลหนองหาร จึงกำหนดมาตรการภายใน ดังต่อไปนี้
1. มาตรการป้องกันการรับสินบน ให้งานนิติการ สำนักปลัดเทศบาล จัดทำประกาศนโยบายไม่รับสินบนและติดประกาศ ณ จุดบริการ ระหว่างเดือนพฤศจิกายน 2566 – มกราคม 2567 และรายงานผลต่อนายกเทศมนตรีทุกไตรมาส
2. มาตรการเผยแพร่ข้อมูลต่อสาธารณะ ให้กองวิชาการและแผนงานร่วมกับกองคลังปรับปรุงข้อมูลบนเว็บไซต์ของเทศบาลให้เป็นปัจจุบัน ตลอดปีงบประมาณ พ.ศ. 2567
3. มาตรการตรวจสอบการใช้ดุลพินิจ ให้ทุกส่วนราชการจัดทำคู่มือการให้บริการประชาชนเสนอคณะกรรมการพิจารณา ให้แล้วเสร็จภายในเดือนมีนาคม 2567
ประกาศ ณ วันที่ 2 ตุลาคม พ.ศ. 2566
"""


@pytest.fixture(scope="module")
def measures():
    found, _ = extract_measures(document_of(ANNOUNCEMENT), DocText.of_texts([ANNOUNCEMENT]), 2567)
    return found


def test_the_name_ends_where_the_assignment_begins(measures):
    assert [m.title for m in measures] == ["มาตรการป้องกันการรับสินบน",
                                           "มาตรการเผยแพร่ข้อมูลต่อสาธารณะ",
                                           "มาตรการตรวจสอบการใช้ดุลพินิจ"]
    assert measures[0].actions and measures[0].actions[0].startswith("ให้งานนิติการ")


def test_the_acting_units_are_the_first_the_paragraph_names(measures):
    assert [[o.unit for o in m.owners] for m in measures] == [
        ["legal"], ["planning", "finance"], ["all-units"]]  # not the committee the work goes to


def test_the_period_is_a_range_or_a_bounded_date(measures):
    assert [(m.timeline.start, m.timeline.end) for m in measures] == [
        ("2023-11", "2024-01"), ("2023-10-01", "2024-09-30"), (None, "2024-03")]


def test_the_reporting_is_the_clause_with_a_cadence(measures):
    assert measures[0].monitoring.cadence_months == [3]
    assert measures[0].monitoring.text == "รายงานผลต่อนายกเทศมนตรีทุกไตรมาส"
    assert measures[1].monitoring is None and measures[2].monitoring is None


def test_labelled_fields_are_kept():
    text = ("เทศบาลตำบลหนองหารจึงกำหนดมาตรการภายใน ดังนี้\n"
            "1. มาตรการป้องกันการรับสินบน ให้กองช่างจัดทำป้ายประกาศ\n"
            "ผู้รับผิดชอบ : งานนิติการ\n"
            "ระยะเวลา : ตลอดปีงบประมาณ พ.ศ. 2567\n"
            "2. มาตรการเผยแพร่ข้อมูลต่อสาธารณะ ปรับปรุงเว็บไซต์ของเทศบาล\n"
            "ผู้รับผิดชอบ : กองคลัง\n")
    found, _ = extract_measures(document_of(text), DocText.of_texts([text]), 2567)
    m = found[0]
    assert [o.unit for o in m.owners] == ["legal"]
    assert m.timeline.text == "ตลอดปีงบประมาณ พ.ศ. 2567"


@pytest.mark.parametrize("title", [
    "มาตรการให้ผู้มีส่วนได้ส่วนเสียมีส่วนร่วม",   # ให้ inside the name itself
    "การส่งเสริมความโปร่งใส ให้ทุกกองเผยแพร่ข้อมูล",  # not a measure's name
])
def test_names_that_keep_their_words(title):
    assert split_name(title) == (title, None)


@pytest.mark.parametrize("text", [
    "ตามประกาศคณะกรรมการ ป.ป.ช. ลงวันที่ 3 มีนาคม 2566 เผยแพร่ข้อมูล",  # a date alone: a reference
    "เผยแพร่แผนการใช้จ่ายงบประมาณ พ.ศ. 2567 ทางเว็บไซต์",                 # the plan's own year
])
def test_dates_that_are_no_period(text):
    assert paragraph_period(text) is None


@pytest.mark.parametrize("text", [
    "จัดอบรมบุคลากรเป็นระยะเวลา 6 เดือน ภายในปีงบประมาณ",          # a span of time
    "ชี้แจงพนักงานให้ทราบถึงโทษทางวินัย ในการประชุมประจำเดือน",      # when it is done
])
def test_no_reporting_without_a_reporting_clause(text):
    assert paragraph_reporting(text) is None
