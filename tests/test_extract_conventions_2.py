"""Conventions of Thai official writing, second set: provision sentences under numbered items,
periods and reporting inside assignment sentences, the means after โดย, the one measure an
announcement's subject names, the fiscal year of results reports and of look-ahead subjects,
the year ahead beside an assessment, and grades stated as targets."""
import pytest

from thaireports.extractors.header import _results_title, choose_fiscal_year
from thaireports.extractors.ita import _assessed_year, printed_grade
from thaireports.extractors.measures import list_drafts
from thaireports.extractors.measures.draft import (Draft, is_period_phrase, read_provisions,
                                                   split_duty, split_means)
from thaireports.extractors.measures.subject import subject_measure_draft
from thaireports.extractors.textutil import DocText
from thaireports.normalize.vocab import split_owners


# A provision sentence says who, when or how reported; narrative and whole-list lines do not.
@pytest.mark.parametrize("line,owners,timeline,cadence", [
    ("ดำเนินการตั้งแต่เดือนมกราคม 2567 ถึงเดือนกันยายน 2567 โดยมีกองคลัง เป็นผู้รับผิดชอบ",
     ["finance"], "ตั้งแต่เดือนมกราคม 2567 ถึงเดือนกันยายน 2567", []),
    ("ผู้รับผิดชอบ ได้แก่ กองช่าง และกองการศึกษา ทั้งนี้ ให้สรุปผลเสนอนายกองค์การบริหารส่วนตำบลรายไตรมาส",
     ["public-works", "education"], None, [3]),
    ("ให้งานนิติการ เป็นผู้รับผิดชอบ", ["legal"], None, []),
    ("ทั้งนี้ มอบหมายให้กองสวัสดิการสังคม เป็นผู้รับผิดชอบ ระยะเวลาดำเนินการระหว่างวันที่ 1 มีนาคม 2566 "
     "ถึงวันที่ 31 สิงหาคม 2566 และรายงานผลให้นายกทราบ ณ สิ้นปีงบประมาณ",
     ["social-welfare"], "วันที่ 1 มีนาคม 2566 ถึงวันที่ 31 สิงหาคม 2566", [12]),
])
def test_provision_sentence(line, owners, timeline, cadence):
    d = Draft(title="มาตรการทดสอบ", offset=0)
    assert read_provisions(d, line, split_owners)
    assert [u for _, u in d.owners] == owners
    if timeline is None:
        assert d.timeline is None
    else:
        assert timeline in d.timeline
    assert sorted(d.cadence) == cadence


@pytest.mark.parametrize("line", [
    "ผู้บริหารให้ความสำคัญกับการเปิดเผยข้อมูลข่าวสารแก่ประชาชนอย่างต่อเนื่อง",
    "ให้ทุกส่วนราชการรายงานผลการดำเนินงานตามมาตรการข้างต้นรอบ 6 เดือน",   # all the measures
    "ให้มีผลใช้บังคับตั้งแต่วันที่ 1 ตุลาคม 2565 เป็นต้นไป",                   # an effective date
])
def test_not_a_provision_sentence(line):
    assert not read_provisions(Draft(title="มาตรการทดสอบ", offset=0), line, split_owners)


def test_list_continues_past_provision_paragraphs():
    text = ("จึงกำหนดมาตรการ ดังนี้\n\n1. มาตรการป้องกันการรับสินบน\n\n1.1 ติดประกาศไม่รับสินบน\n\n"
            "1.2 ชี้แจงบุคลากร\n\nดำเนินการตั้งแต่เดือนพฤศจิกายน 2566 ถึงเดือนกันยายน 2567 "
            "โดยมีสำนักปลัด เป็นผู้รับผิดชอบ\n\n2. มาตรการเผยแพร่ข้อมูลต่อสาธารณะ\n\n"
            "2.1 ปรับปรุงเว็บไซต์\n\nให้กองคลัง เป็นผู้รับผิดชอบ\n\n3. มาตรการจัดการเรื่องร้องเรียนการทุจริต\n\n"
            "3.1 รับเรื่องร้องเรียน\n\nประกาศ ณ วันที่ 1 พฤศจิกายน 2566")
    drafts = list_drafts(DocText.of_texts([text]))
    assert len(drafts) == 3
    assert [u for _, u in drafts[0].owners] == ["office-of-the-permanent-secretary"]
    assert drafts[0].timeline.startswith("ตั้งแต่เดือนพฤศจิกายน")
    assert [u for _, u in drafts[1].owners] == ["finance"]
    assert drafts[1].actions == ["ปรับปรุงเว็บไซต์"]   # the owner line is not glued to the action


# A clause that is only a period is the timeline; one with more words is an action.
@pytest.mark.parametrize("text,expected", [
    ("ระหว่างเดือนมีนาคม - สิงหาคม 2567", True),
    ("ระยะเวลา 1 ธันวาคม 2566 ถึง 31 พฤษภาคม 2567", True),
    ("ตั้งแต่วันที่ 1 เมษายน 2566 ถึงวันที่ 30 กันยายน 2566", True),
    ("จัดประชุมชี้แจงเมื่อวันที่ 10 มกราคม 2567 ณ ห้องประชุม", False),
    ("ตั้งแต่วันที่ 1 ตุลาคม 2566 เป็นต้นไป", False),
    ("สำรวจความพึงพอใจ 2567", False),
])
def test_period_phrase(text, expected):
    assert is_period_phrase(text) is expected


def test_split_duty_reads_period_and_reporting():
    d = Draft(title="", offset=0)
    rest = split_duty(d, "ระยะเวลา 1 ธันวาคม 2566 ถึง 31 พฤษภาคม 2567 รายงานผลรอบ 6 เดือน")
    assert d.timeline == "1 ธันวาคม 2566 ถึง 31 พฤษภาคม 2567" and d.cadence == {6} and not rest
    d = Draft(title="", offset=0)
    split_duty(d, "สำรวจและรายงานผลปีละ 2 ครั้ง")
    assert d.cadence == {6}
    d = Draft(title="", offset=0)
    split_duty(d, "จัดทำสรุปผลการจัดซื้อจัดจ้างรายเดือน")   # an output, not a report
    assert d.cadence == set()


# 'มาตรการ X โดย Y': the name, then its means.
@pytest.mark.parametrize("title,name,means", [
    ("มาตรการส่งเสริมการมีส่วนร่วม โดยจัดเวทีประชาคมทุกหมู่บ้าน", "มาตรการส่งเสริมการมีส่วนร่วม",
     ["จัดเวทีประชาคมทุกหมู่บ้าน"]),
    ("มาตรการป้องกันการรับสินบน", "มาตรการป้องกันการรับสินบน", []),
    ("โครงการอบรมคุณธรรม โดยไม่เสียค่าใช้จ่าย", "โครงการอบรมคุณธรรม โดยไม่เสียค่าใช้จ่าย", []),
])
def test_split_means(title, name, means):
    d = Draft(title=title, offset=0)
    split_means(d)
    assert d.title == name and d.actions == means


# An announcement whose subject is one measure: its numbered clauses are that measure's actions.
def test_subject_measure():
    text = ("ประกาศเทศบาลตำบลหนองบัว\nเรื่อง มาตรการไม่รับของขวัญ (No Gift Policy) ประจำปีงบประมาณ พ.ศ. 2567\n\n"
            "เทศบาลตำบลหนองบัว จึงกำหนดมาตรการ ดังนี้\n\n1. งดให้หรือรับของขวัญทุกเทศกาล\n\n"
            "2. แจ้งผู้มาติดต่อราชการให้ทราบ\n\nทั้งนี้ มอบหมายให้สำนักปลัดเทศบาล เป็นผู้รับผิดชอบ "
            "และรายงานผลรอบ 6 เดือน\n\nประกาศ ณ วันที่ 2 ตุลาคม 2566")
    d = subject_measure_draft(DocText.of_texts([text]))
    assert d.title == "มาตรการไม่รับของขวัญ (No Gift Policy)"
    assert d.actions == ["งดให้หรือรับของขวัญทุกเทศกาล", "แจ้งผู้มาติดต่อราชการให้ทราบ"]
    assert [u for _, u in d.owners] == ["office-of-the-permanent-secretary"] and d.cadence == {6}


@pytest.mark.parametrize("text", [
    # the umbrella programme is no one measure
    "ประกาศเทศบาลตำบลหนองบัว\nเรื่อง มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ "
    "พ.ศ. 2567\n\n1. ให้บุคลากรปฏิบัติตามประมวลจริยธรรม\n\nประกาศ ณ วันที่ 2 ตุลาคม 2566",
    # a memo is not an announcement of one measure
    "บันทึกข้อความ\nเรื่อง มาตรการป้องกันการรับสินบน\nเรียน นายก\n\n1. ขอเสนอร่างประกาศ\n",
    # a subject that is not a measure
    "ประกาศเทศบาลตำบลหนองบัว\nเรื่อง รับสมัครพนักงานจ้าง\n\n1. คุณสมบัติ\n",
])
def test_no_subject_measure(text):
    assert subject_measure_draft(DocText.of_texts([text])) is None


# A results report is about the year its title names; its date lies in the next fiscal year.
def test_results_report_title_year():
    head = ("รายงานผลการดำเนินการตามมาตรการป้องกันการทุจริต\nประจำปีงบประมาณ พ.ศ. 2566\n"
            "องค์การบริหารส่วนตำบลนาแก\n\nตามที่ ... ปีงบประมาณ พ.ศ. 2567 ต่อไป")
    title = _results_title(head)
    assert choose_fiscal_year(title, head, "2023-10-20")[0] == 2566
    # an analysis report's title is not a results title
    assert _results_title("รายงานการวิเคราะห์ผลการประเมิน ITA\nประจำปีงบประมาณ พ.ศ. 2566\n") is None


@pytest.mark.parametrize("subject,expected", [
    ("รายงานผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2566 และแนวทางการยกระดับในปีงบประมาณ พ.ศ. 2567", 2567),
    ("มาตรการส่งเสริมคุณธรรม ประจำปีงบประมาณ พ.ศ. 2567", 2567),
    ("รายงานผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2566", 2566),   # one year only: that one
])
def test_subject_year_ahead_of_assessment(subject, expected):
    assert choose_fiscal_year(subject, subject, "2023-12-20")[0] == expected


def test_assessed_year_skips_year_ahead():
    text = ("ได้เข้ารับการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2565 " + "ก" * 200 +
            " จึงวิเคราะห์ผล เพื่อนำไปใช้ในการปรับปรุงการดำเนินงานในปีงบประมาณ พ.ศ. 2566\n"
            "ได้คะแนนรวม 80.12")
    assert _assessed_year(text, text.index("ได้คะแนนรวม")) == 2565
    text = "ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2566 ได้คะแนนรวม 90.01"
    assert _assessed_year(text, text.index("ได้คะแนนรวม")) == 2566


@pytest.mark.parametrize("text,grade", [
    ("เพื่อยกระดับผลการประเมินคุณธรรมและความโปร่งใส (ITA) ให้อยู่ในระดับ A ขึ้นไป", None),
    ("เป้าหมาย ผลการประเมิน ITA ให้ได้ระดับ AA", None),
    ("ผลการประเมิน ITA ประจำปี 2566 อยู่ในระดับ A", "A"),
])
def test_grade_target_is_not_result(text, grade):
    assert printed_grade(text)[0] == grade
