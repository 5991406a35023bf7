"""Conventions of Thai official writing, third set: an item's actions on a labelled line, and
the one measure a memo reports on or asks approval of.

Every example is written from the convention (other agencies, units and wording than any
evaluation set), in the plain text an OCR of the page gives.
"""
import pytest

from thaireports.extractors.convert import extract
from thaireports.extractors.measures import list_drafts
from thaireports.extractors.measures.draft import label_match
from thaireports.extractors.measures.subject import subject_measure_draft
from thaireports.extractors.textutil import DocText
from tests._extract_helpers import document_of


def _record(text: str):
    return extract(document_of(text))


# An item's actions stand on a labelled line like its owners and period do: the label starts
# with a word that heads an actions column (แนวทาง, วิธี, ขั้นตอน, กิจกรรม, การดำเนินการ) and its
# numbered steps may run on one line.
@pytest.mark.parametrize("line, actions", [
    ("แนวทางการดำเนินการ : 1) จัดทำคู่มือ 2) ชี้แจงบุคลากร", ["จัดทำคู่มือ", "ชี้แจงบุคลากร"]),
    ("วิธีดำเนินการ: ตรวจสอบเรื่องร้องเรียนภายใน 15 วัน", ["ตรวจสอบเรื่องร้องเรียนภายใน 15 วัน"]),
    ("ขั้นตอนการดำเนินงาน ： (1) ประชุมชี้แจง (2) ติดตามผล", ["ประชุมชี้แจง", "ติดตามผล"]),
])
def test_an_actions_label_line(line, actions):
    role, value = label_match(line)
    assert role == "actions"
    text = ("1. มาตรการป้องกันผลประโยชน์ทับซ้อน\n" + line + "\nผู้รับผิดชอบ : กองการเจ้าหน้าที่\n"
            "ระยะเวลา : มีนาคม - สิงหาคม 2566\n"
            "2. มาตรการจัดการเรื่องร้องเรียนการทุจริต\nผู้รับผิดชอบ : งานนิติการ สำนักปลัด\n")
    drafts = list_drafts(DocText.of_texts([text]))
    assert [d.title for d in drafts] == ["มาตรการป้องกันผลประโยชน์ทับซ้อน",
                                         "มาตรการจัดการเรื่องร้องเรียนการทุจริต"]
    assert drafts[0].actions == actions
    assert [u for _, u in drafts[0].owners] == ["personnel"]
    assert drafts[0].timeline == "มีนาคม - สิงหาคม 2566"


@pytest.mark.parametrize("line", [
    "แนวทางการพัฒนาที่ 3 การบริหารจัดการที่ดี",  # a plan's heading, no colon
    "กิจกรรมที่ผ่านมาได้รับความร่วมมือจากประชาชน",  # prose
])
def test_words_of_actions_without_a_colon_are_no_label(line):
    assert label_match(line) is None or label_match(line)[0] != "actions"


_REPORT_MEMO = """บันทึกข้อความ
ส่วนราชการ กองคลัง องค์การบริหารส่วนตำบลหนองหาน อำเภอหนองหาน จังหวัดอุดรธานี
ที่ อด ๗๓๕๐๑/๒๑๙ วันที่ ๘ ตุลาคม ๒๕๖๖
เรื่อง ขอรายงานผลการดำเนินงานตามมาตรการส่งเสริมความโปร่งใสในการจัดซื้อจัดจ้าง รอบ ๑๒ เดือน
เรียน นายกองค์การบริหารส่วนตำบลหนองหาน
ตามที่ องค์การบริหารส่วนตำบลหนองหาน ได้กำหนดมาตรการส่งเสริมความโปร่งใสในการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. ๒๕๖๖ ระหว่างวันที่ ๑ ตุลาคม ๒๕๖๕ ถึงวันที่ ๓๐ กันยายน ๒๕๖๖ และให้สรุปผลเสนอผู้บริหารรายไตรมาส นั้น
บัดนี้ การดำเนินการตามมาตรการดังกล่าวเสร็จสิ้นแล้ว จึงขอรายงานผล ดังนี้
๑. ประกาศแผนการจัดซื้อจัดจ้างประจำปีบนเว็บไซต์ของหน่วยงาน
๒. จัดทำสรุปผลการจัดซื้อจัดจ้างรายเดือน จำนวน ๑๒ ฉบับ
จึงเรียนมาเพื่อโปรดทราบ
(นายสมปอง ศรีวงศ์)
ผู้อำนวยการกองคลัง
"""


def test_a_memo_reporting_on_one_measure_is_that_measure():
    record = _record(_REPORT_MEMO)
    assert [m.title for m in record.measures] == ["มาตรการส่งเสริมความโปร่งใสในการจัดซื้อจัดจ้าง"]
    m = record.measures[0]
    assert m.status == "reported"
    assert m.actions == ["ประกาศแผนการจัดซื้อจัดจ้างประจำปีบนเว็บไซต์ของหน่วยงาน",
                         "จัดทำสรุปผลการจัดซื้อจัดจ้างรายเดือน จำนวน ๑๒ ฉบับ"]
    # the ตามที่ paragraph names no unit: the unit reporting what it did owns the measure
    assert [o.unit for o in m.owners] == ["finance"]
    assert (m.timeline.start, m.timeline.end) == ("2022-10-01", "2023-09-30")
    assert m.monitoring.cadence_months == [3]


def test_a_memo_asking_approval_of_a_project_names_it_without_its_round():
    text = _REPORT_MEMO.replace(
        "ขอรายงานผลการดำเนินงานตามมาตรการส่งเสริมความโปร่งใสในการจัดซื้อจัดจ้าง รอบ ๑๒ เดือน",
        "ขออนุมัติโครงการอบรมคุณธรรมจริยธรรมพนักงานส่วนตำบล ประจำปีงบประมาณ พ.ศ. ๒๕๖๗")
    d = subject_measure_draft(DocText.of_texts([text]))
    assert d is not None and d.title == "โครงการอบรมคุณธรรมจริยธรรมพนักงานส่วนตำบล"


@pytest.mark.parametrize("subject", [
    # the whole programme (umbrella words) is no one measure
    "ขออนุมัติมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. ๒๕๖๗",
    # a memo about something else
    "ขอรายงานผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน",
])
def test_a_memo_subject_that_names_no_one_measure(subject):
    text = _REPORT_MEMO.replace(
        "ขอรายงานผลการดำเนินงานตามมาตรการส่งเสริมความโปร่งใสในการจัดซื้อจัดจ้าง รอบ ๑๒ เดือน",
        subject)
    assert subject_measure_draft(DocText.of_texts([text])) is None


# An announcement of two measures ('เรื่อง มาตรการ A และมาตรการ B') names each of them: its
# subject is no single measure, and its numbered clauses are the two measures.
_TWO_MEASURES = """ประกาศองค์การบริหารส่วนตำบลท่าข้าม
เรื่อง มาตรการส่งเสริมการใช้ดุลพินิจอย่างเป็นธรรมและมาตรการป้องกันผลประโยชน์ทับซ้อน
ประจำปีงบประมาณ พ.ศ. ๒๕๖๗
องค์การบริหารส่วนตำบลท่าข้าม จึงออกประกาศมาตรการไว้ ดังต่อไปนี้
๑. มาตรการส่งเสริมการใช้ดุลพินิจอย่างเป็นธรรม
๑.๑ ให้ผู้บังคับบัญชาตรวจสอบการพิจารณาอนุญาตตามคู่มือ
๑.๒ มอบหมายให้กองช่าง จัดทำขั้นตอนการอนุญาตก่อสร้างและติดประกาศ ณ จุดบริการ
๒. มาตรการป้องกันผลประโยชน์ทับซ้อน
๒.๑ ห้ามรับทรัพย์สินเกินมูลค่าที่ประกาศคณะกรรมการ ป.ป.ช. กำหนด
๓. การกำกับติดตามและรายงานผล
๓.๑ ให้ปลัดองค์การบริหารส่วนตำบล กำกับดูแลให้ปฏิบัติตามมาตรการตามข้อ ๑ และข้อ ๒
๓.๒ ให้สำนักปลัด สรุปผลการดำเนินการตามมาตรการตามข้อ ๑ ถึงข้อ ๒ เสนอนายก ทุกไตรมาส
ประกาศ ณ วันที่ ๒ ตุลาคม พ.ศ. ๒๕๖๖
"""


def test_a_subject_joining_two_measures_is_no_single_measure():
    record = _record(_TWO_MEASURES)
    assert [m.title for m in record.measures] == ["มาตรการส่งเสริมการใช้ดุลพินิจอย่างเป็นธรรม",
                                                  "มาตรการป้องกันผลประโยชน์ทับซ้อน"]


def test_the_unit_an_action_is_assigned_to_owns_the_measure_but_a_national_body_does_not():
    first, second = _record(_TWO_MEASURES).measures
    assert [o.unit for o in first.owners] == ["public-works"]  # 'มอบหมายให้กองช่าง จัดทำ...'
    assert second.owners == []  # 'คณะกรรมการ ป.ป.ช.' is cited, not given the work


def test_a_monitoring_part_reports_on_the_measures_it_names():
    first, second = _record(_TWO_MEASURES).measures
    assert first.monitoring.cadence_months == [3] and second.monitoring.cadence_months == [3]
    one = _TWO_MEASURES.replace("ข้อ ๑ ถึงข้อ ๒ เสนอนายก", "ข้อ ๒ เสนอนายก")
    first, second = _record(one).measures
    assert first.monitoring is None or first.monitoring.cadence_months == []
    assert second.monitoring.cadence_months == [3]


@pytest.mark.parametrize("title, several", [
    ("มาตรการป้องกันการรับสินบนและมาตรการจัดการเรื่องร้องเรียน", True),
    ("มาตรการ No Gift Policy และ โครงการอบรมคุณธรรม", True),
    ("มาตรการป้องกันการรับสินบนและการจัดการเรื่องร้องเรียน", False),  # one measure of two aims
    ("มาตรการส่งเสริมการมีส่วนร่วมในกิจกรรมของหน่วยงาน", False),
])
def test_titles_naming_several_measures(title, several):
    from thaireports.extractors.measures.draft import names_several_measures

    assert names_several_measures(title) == several


@pytest.mark.parametrize("name", ["คณะกรรมการ ป.ป.ช.", "สำนักงาน ป.ป.ช.", "สำนักงาน ป.ป.ท.", "สตง."])
def test_national_bodies_are_no_unit_of_the_agency(name):
    from thaireports.normalize.vocab import unit_of

    assert unit_of(name) == "other"


# A table comparing two years' indicator scores: the column of the year whose result the
# document reports, whether the years stand in the header or in a first row that no column
# cue made a header. The prose before names last year too ('เพิ่มขึ้นจากปี 2565').
_COMPARISON = """บันทึกข้อความ
ส่วนราชการ สำนักปลัด องค์การบริหารส่วนตำบลโนนสูง
เรื่อง รายงานผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2567
ผลการประเมินคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. 2567 ได้คะแนนรวม 90.44 คะแนน ระดับ A เพิ่มขึ้นจากปีงบประมาณ พ.ศ. 2566 ซึ่งได้ 86.10 คะแนน
ผลคะแนนรายตัวชี้วัดเปรียบเทียบ
"""


@pytest.mark.parametrize("header_row", [True, False])
def test_a_comparison_table_gives_the_reported_years_column(header_row):
    from thaireports.extractors.convert import extract
    from thaireports.ingest.document import Table

    head = ["ตัวชี้วัด", "ปี 2566", "ปี 2567", "ผลต่าง"]
    rows = [["1. การปฏิบัติหน้าที่", "91.20", "95.10", "+3.90"],
            ["2. การใช้งบประมาณ", "84.00", "88.75", "+4.75"],
            ["9. การเปิดเผยข้อมูล", "80.12", "86.40", "+6.28"]]
    table = Table(page=1, header=head if header_row else [], rows=rows if header_row
                  else [head] + rows, offset=len(_COMPARISON))
    record = extract(document_of(_COMPARISON, tables=[table]))
    assert record.ita.assessed_year == 2567
    assert {i.number: i.score for i in record.ita.indicators} == {1: 95.10, 2: 88.75, 9: 86.40}


def test_a_tools_row_names_no_indicator():
    from thaireports.extractors.ita import _indicator_table, _row_indicator

    table = _indicator_table()
    assert _row_indicator("แบบวัดการเปิดเผยข้อมูลสาธารณะ (OIT)", table) is None
    assert _row_indicator("แบบตรวจการเปิดเผยข้อมูลสาธารณะ (Open Data Integrity and Transparency "
                          "Assessment : OIT)", table) is None
    assert _row_indicator("ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล", table) == 9


@pytest.mark.parametrize("subject, year", [
    # the assessment looked back on, and the measures of the year ahead
    ("รายงานผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ ประจำปีงบประมาณ "
     "พ.ศ. 2566 และขออนุมัติมาตรการยกระดับผลการประเมิน ประจำปีงบประมาณ พ.ศ. 2567", 2567),
    ("ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2565 และแผนพัฒนาการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2566",
     2566),
    # one year, the assessment's
    ("รายงานผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2566", 2566),
])
def test_the_fiscal_year_of_a_subject_with_an_assessment_and_measures(subject, year):
    from thaireports.extractors.header import choose_fiscal_year

    assert choose_fiscal_year(subject, subject, "2024-01-17")[0] == year


# A memo's part is structure ('๓. ข้อพิจารณา'): its clauses '๓.๑', '๓.๒' are a list of their own,
# each measure's owner, period and reporting written in its sentence.
_MEMO_PART_CLAUSES = """บันทึกข้อความ
ส่วนราชการ สำนักปลัด องค์การบริหารส่วนตำบลวังน้ำเย็น
เรื่อง ขออนุมัติมาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. ๒๕๖๘
๑. เรื่องเดิม
ผลการประเมินปีที่ผ่านมาต่ำกว่าเกณฑ์
๒. ข้อพิจารณา
สำนักปลัดเห็นควรกำหนดมาตรการ จำนวน ๒ มาตรการ ดังนี้
๒.๑ มาตรการเปิดเผยข้อมูลการจัดซื้อจัดจ้าง ซึ่งกองคลังจะเผยแพร่แผนการจัดซื้อจัดจ้างบนเว็บไซต์ ตั้งแต่เดือนตุลาคม ๒๕๖๗ ถึงเดือนกันยายน ๒๕๖๘ และรายงานผลรอบ ๖ เดือน และรอบ ๑๒ เดือน
๒.๒ มาตรการลดขั้นตอนการให้บริการ โดยทุกกองจัดทำคู่มือการให้บริการ ให้แล้วเสร็จภายในเดือนธันวาคม ๒๕๖๗
๓. ข้อเสนอ
จึงเรียนมาเพื่อโปรดพิจารณาอนุมัติ
"""


def test_the_clauses_of_a_memo_part_are_a_list():
    first, second = _record(_MEMO_PART_CLAUSES).measures
    assert first.title == "มาตรการเปิดเผยข้อมูลการจัดซื้อจัดจ้าง"  # the name ends at 'ซึ่ง<unit>'
    assert [o.unit for o in first.owners] == ["finance"]
    assert first.monitoring.cadence_months == [6, 12]  # 'รอบ ๖ เดือน และรอบ ๑๒ เดือน'
    assert second.title == "มาตรการลดขั้นตอนการให้บริการ"  # ... and at 'โดย<unit>'
    assert [o.unit for o in second.owners] == ["all-units"]
    assert second.timeline.end == "2024-12"


# A web page's list (<li>) is a list; an item written 'name – what is done (ผู้รับผิดชอบ: unit)'
# has its name before the dash and its owner in the brackets; a page field after the list
# ('เอกสารแนบ: ...') is no wrapped line of its last item.
_PAGE = """<html><body><nav><ul><li><a href="/">หน้าหลัก</a></li><li>มาตรการภายใน</li></ul></nav>
<h2>มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน</h2>
<p>องค์การบริหารส่วนตำบลหนองแก้วจึงกำหนดมาตรการ ดังนี้</p>
<ul><li>มาตรการป้องกันการรับสินบน – ประกาศแนวปฏิบัติไม่รับสินบน (ผู้รับผิดชอบ: สำนักปลัด)</li>
<li>มาตรการเผยแพร่ข้อมูลต่อสาธารณะ – ปรับปรุงเว็บไซต์ให้เป็นปัจจุบัน (ผู้รับผิดชอบ: งานประชาสัมพันธ์)</li></ul>
<p>เอกสารแนบ: ประกาศมาตรการ (PDF)</p></body></html>"""


def test_a_web_pages_list_of_measures(tmp_path):
    from thaireports.ingest.reader import read

    path = tmp_path / "measures.html"
    path.write_text(_PAGE, encoding="utf-8")
    record = extract(read(path))
    assert [(m.title, [o.unit for o in m.owners], m.actions) for m in record.measures] == [
        ("มาตรการป้องกันการรับสินบน", ["office-of-the-permanent-secretary"],
         ["ประกาศแนวปฏิบัติไม่รับสินบน"]),
        ("มาตรการเผยแพร่ข้อมูลต่อสาธารณะ", ["public-relations"], ["ปรับปรุงเว็บไซต์ให้เป็นปัจจุบัน"])]


def test_a_dash_between_dates_does_not_end_the_name():
    from thaireports.extractors.measures.paragraph import split_name

    name, rest = split_name("มาตรการจัดการเรื่องร้องเรียน ระหว่างวันที่ 1 ตุลาคม 2564 – 30 กันยายน 2565")
    assert rest is None


def test_text_from_another_ocr_engine_has_its_lookalike_digits_read_back(tmp_path):
    from thaireports.ingest.reader import read

    path = tmp_path / "ocr.txt"
    path.write_text("บันทึกข้อความ\nส่วนราชการ สำนักปลัด องค์การบริหารส่วนตำบลโนนทอง\n"
                    "ที่ ขก ๗๓๕o@/@loo วันที่ @๕ มีนาคม lo๕๖๗\n"
                    "เรื่อง รายงานผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. lo๕๖๖\n"
                    "ได้คะแนน ๘๗.๔@ คะแนน อยู่ในระดับ A\n", encoding="utf-8")
    record = extract(read(path))
    assert record.document.ref == "ขก 73501/120"
    assert record.document.date == "2024-03-15"
    assert record.ita.score == 87.41 and record.ita.assessed_year == 2566


# A risk register (แผนบริหารความเสี่ยงการทุจริต): its header names the process, the risk, its level,
# the control (มาตรการควบคุม), the owner and the period; each control is a measure. The scoring
# table above it (likelihood, impact, level) holds none.
_RISK_PLAN = ("แผนบริหารจัดการความเสี่ยงการทุจริต ประจำปีงบประมาณ พ.ศ. ๒๕๖๖\n"
              "ที่\tกระบวนงาน\tโอกาส\tผลกระทบ\tคะแนน\tระดับ\n"
              "๑\tการจัดซื้อจัดจ้าง\t๓\t๔\t๑๒\tสูง\n"
              "๒\tการอนุญาตก่อสร้าง\t๒\t๓\t๖\tปานกลาง\n\n"
              "ที่\tกระบวนงาน\tความเสี่ยงการทุจริต\tระดับความเสี่ยง\tมาตรการควบคุม/แนวทางป้องกัน\t"
              "ผู้รับผิดชอบ\tระยะเวลา\n"
              "๑\tการจัดซื้อจัดจ้าง\tแบ่งซื้อแบ่งจ้าง\tสูง (๑๒)\tเผยแพร่แผนการจัดซื้อจัดจ้างประจำปี\t"
              "กองคลัง\tต.ค. ๖๕ - ก.ย. ๖๖\n"
              "๒\tการอนุญาตก่อสร้าง\tเรียกรับผลประโยชน์\tปานกลาง (๖)\tประกาศขั้นตอนการให้บริการ\t"
              "กองช่าง\tต.ค. ๖๕ - ก.ย. ๖๖\n")


def test_a_risk_registers_controls_are_its_measures(tmp_path):
    from thaireports.ingest.reader import read

    path = tmp_path / "risk.txt"
    path.write_text(_RISK_PLAN, encoding="utf-8")
    record = extract(read(path))
    assert [(m.title, [o.unit for o in m.owners]) for m in record.measures] == [
        ("เผยแพร่แผนการจัดซื้อจัดจ้างประจำปี", ["finance"]),
        ("ประกาศขั้นตอนการให้บริการ", ["public-works"])]
    assert record.measures[0].timeline.start == "2022-10"
