"""Structures of prose measures in Thai government writing: nested numbering, label lines,
memo parts, legal clauses, assigning sentences of orders, report sections, the noun a list
enumerates, and the fiscal year of a bare period. Each group composes cases from the rule."""
import pytest

from thaireports.extractors.measures import extract_measures, list_drafts, resolve_timeline
from thaireports.extractors.measures.draft import (Draft, is_memo_part, item_marker, label_match,
                                                   read_assignment, reports_results)
from thaireports.extractors.measures.sections import section_drafts, section_title
from thaireports.extractors.measures.tables import _table_fiscal_year
from thaireports.extractors.textutil import DocText
from thaireports.normalize.vocab import split_owners


def _lists(text: str):
    return list_drafts(DocText.of_texts([text]))


def _units(d):
    return [u for _, u in d.owners]


# ---------------------------------------------------------------- numbering styles
@pytest.mark.parametrize("line,expected", [
    ("ข้อ 1 มาตรการป้องกันการรับสินบน", (1, "", "มาตรการป้องกันการรับสินบน", "clause")),
    ("(2) จัดทำคู่มือ", (2, "", "จัดทำคู่มือ", "paren")),
    ("3) มาตรการเผยแพร่ข้อมูล", (3, "", "มาตรการเผยแพร่ข้อมูล", "close")),
    ("4. กิจกรรมวันต่อต้านคอร์รัปชัน", (4, "", "กิจกรรมวันต่อต้านคอร์รัปชัน", "dot")),
    ("2.3 เผยแพร่รายงานการเงิน", (2, ".3", "เผยแพร่รายงานการเงิน", "bare")),
    # not numbered: a word that starts with ข้อ, a year
    ("ข้อเท็จจริง", None),
    ("ข้อเสนอแนะของคณะทำงาน", None),
])
def test_item_marker(line, expected):
    assert item_marker(line) == expected


# ---------------------------------------------------------------- two-level numbering
# The outer level is the measure; a differently numbered level under it is its actions.
def test_nested_steps_are_actions_of_their_measure():
    text = ("ได้จัดทำมาตรการ จำนวน 2 มาตรการ ดังนี้\n"
            "1) มาตรการส่งเสริมความโปร่งใสในการจัดซื้อจัดจ้าง\n"
            "(1) เผยแพร่แผนการจัดซื้อจัดจ้างประจำปี\n"
            "(2) ประกาศผู้ชนะการเสนอราคาทุกโครงการ\n"
            "2) มาตรการใช้ทรัพย์สินของทางราชการ\n"
            "(1) จัดทำทะเบียนคุมการยืมพัสดุ\n")
    drafts = _lists(text)
    assert [d.title for d in drafts] == ["มาตรการส่งเสริมความโปร่งใสในการจัดซื้อจัดจ้าง",
                                         "มาตรการใช้ทรัพย์สินของทางราชการ"]
    assert drafts[0].actions == ["เผยแพร่แผนการจัดซื้อจัดจ้างประจำปี",
                                 "ประกาศผู้ชนะการเสนอราคาทุกโครงการ"]
    assert drafts[1].actions == ["จัดทำทะเบียนคุมการยืมพัสดุ"]


def test_nested_levels_in_the_other_order():
    # an order's '(1)' measures with '1)' duties
    text = ("(1) มาตรการป้องกันการรับสินบน\n1) ติดป้ายไม่รับสินบน\n2) ชี้แจงบุคลากร\n"
            "(2) มาตรการไม่รับของขวัญ (No Gift Policy)\n1) ประกาศงดรับของขวัญ\n")
    drafts = _lists(text)
    assert [len(d.actions) for d in drafts] == [2, 1]


def test_same_style_restart_is_not_a_step():
    # negative: a second list numbered in the same style is no step of the first
    text = ("1. มาตรการป้องกันการรับสินบน\n2. มาตรการไม่รับของขวัญ\n"
            "ผลการประเมินในปีที่ผ่านมามีข้อเสนอแนะหลายประการซึ่งหน่วยงานได้นำมาพิจารณาปรับปรุงการดำเนินงานแล้ว\n"
            "1. ปรับปรุงเว็บไซต์ของหน่วยงาน\n2. เพิ่มช่องทางร้องเรียน\n")
    drafts = _lists(text)
    assert [d.title for d in drafts] == ["มาตรการป้องกันการรับสินบน", "มาตรการไม่รับของขวัญ"]
    assert all(d.actions == [] for d in drafts)


# ---------------------------------------------------------------- label lines
@pytest.mark.parametrize("line,expected", [
    ("ผู้รับผิดชอบ : งานนิติการ", ("owners", "งานนิติการ")),
    ("ระยะเวลา : ก.ค. - ก.ย. 2567", ("timeline", "ก.ค. - ก.ย. 2567")),
    ("การติดตาม : รายงานผลต่อนายกทุกเดือน", ("monitoring", "รายงานผลต่อนายกทุกเดือน")),
    # without a colon, as announcements print them
    ("ผู้รับผิดชอบ กองคลัง", ("owners", "กองคลัง")),
    ("ระยะเวลา ตลอดปีงบประมาณ พ.ศ. 2566", ("timeline", "ตลอดปีงบประมาณ พ.ศ. 2566")),
    ("การติดตาม รายงานผลทุกไตรมาส", ("monitoring", "รายงานผลทุกไตรมาส")),
    # negative: a cue that begins a sentence is no label without its colon
    ("ปีงบประมาณ 2566 หน่วยงานได้ดำเนินการแล้ว", None),
    ("ติดตามผลการดำเนินงานของทุกกอง", None),
])
def test_label_match(line, expected):
    assert label_match(line) == expected


def test_label_lines_belong_to_the_item_above():
    text = ("1) มาตรการป้องกันการรับสินบน\n(1) ติดป้ายประชาสัมพันธ์\n"
            "ผู้รับผิดชอบ : งานนิติการ\nระยะเวลา : ก.ค. - ก.ย. 2567\n"
            "2) มาตรการจัดการเรื่องร้องเรียน\n(1) ลงทะเบียนรับเรื่อง\n"
            "ผู้รับผิดชอบ : งานนิติการ และสำนักปลัดเทศบาล\n"
            "การติดตาม : รายงานผลต่อนายกเทศมนตรีทุกเดือน\n")
    first, second = _lists(text)
    assert _units(first) == ["legal"] and first.timeline == "ก.ค. - ก.ย. 2567"
    assert first.monitoring == []
    # 'และ' joins two owners
    assert _units(second) == ["legal", "office-of-the-permanent-secretary"]
    assert second.cadence == {1} and second.title == "มาตรการจัดการเรื่องร้องเรียน"


def test_labels_run_together():
    # two label lines a PDF text layer ran into one: each fills its own field
    text = ("1) มาตรการป้องกันการรับสินบน\n(1) ติดป้าย\n"
            "ผู้รับผิดชอบ : กองคลังระยะเวลา : ตลอดปีงบประมาณ\n2) มาตรการไม่รับของขวัญ\n")
    first = _lists(text)[0]
    assert _units(first) == ["finance"] and first.timeline == "ตลอดปีงบประมาณ"


# ---------------------------------------------------------------- memo parts
@pytest.mark.parametrize("text,expected", [
    ("เรื่องเดิม", True), ("ข้อเท็จจริง", True), ("ข้อระเบียบ/กฎหมาย", True),
    ("ข้อกฎหมายที่เกี่ยวข้อง", True), ("ข้อพิจารณา", True), ("ข้อเสนอ", True),
    ("ข้อเสนอแนะ", True),
    # negative: measures and sentences
    ("มาตรการป้องกันการรับสินบน", False),
    ("เรื่องร้องเรียนการทุจริตให้รายงานผลภายในสิบห้าวันนับแต่วันที่ได้รับเรื่องจากผู้ร้องเรียนทุกกรณี", False),
])
def test_is_memo_part(text, expected):
    assert is_memo_part(text) is expected


def test_memo_part_ends_the_list_and_is_no_measure():
    text = ("2. ข้อเท็จจริง\nงานนิติการได้ยกร่างมาตรการ จำนวน 2 มาตรการ ดังนี้\n"
            "1) มาตรการป้องกันการรับสินบน\n(1) ติดป้าย\n(2) ชี้แจงบุคลากร\n"
            "2) มาตรการจัดการเรื่องร้องเรียน\n(1) ลงทะเบียน\n(2) แจ้งผล\n"
            "3. ข้อระเบียบ/กฎหมาย\nพระราชบัญญัติประกอบรัฐธรรมนูญ\n4. ข้อเสนอ\n")
    assert [d.title for d in _lists(text)] == ["มาตรการป้องกันการรับสินบน",
                                              "มาตรการจัดการเรื่องร้องเรียน"]


# ---------------------------------------------------------------- legal clauses
def test_announcement_clauses_with_sub_clauses_and_closing_sentence():
    text = ("จึงประกาศมาตรการไว้ ดังต่อไปนี้\n"
            "ข้อ 1 มาตรการป้องกันการขัดกันระหว่างผลประโยชน์\n"
            "1.1 ห้ามใช้ตำแหน่งหน้าที่แสวงหาประโยชน์\n"
            "1.2 จัดอบรมให้ความรู้แก่บุคลากรอย่างน้อยปีละ 1 ครั้ง\n"
            "โดยให้กองการเจ้าหน้าที่เป็นผู้รับผิดชอบหลัก และรายงานผลการดำเนินการต่อนายกเทศมนตรีปีละ 2 ครั้ง\n"
            "ข้อ 2 มาตรการไม่รับของขวัญ (No Gift Policy)\n"
            "2.1 งดรับของขวัญทุกเทศกาล\n"
            "ข้อ 3 มาตรการส่งเสริมความโปร่งใสในการจัดซื้อจัดจ้าง\n"
            "3.1 เผยแพร่แผนการจัดซื้อจัดจ้าง\n"
            "ผู้รับผิดชอบ กองคลัง\n"
            "ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป\n")
    d1, d2, d3 = _lists(text)
    assert d1.actions == ["ห้ามใช้ตำแหน่งหน้าที่แสวงหาประโยชน์",
                          "จัดอบรมให้ความรู้แก่บุคลากรอย่างน้อยปีละ 1 ครั้ง"]
    # the owner and the cadence come from the closing sentence, training once a year is none
    assert _units(d1) == ["personnel"] and d1.cadence == {6}
    assert d2.owners == [] and d2.cadence == set()
    assert _units(d3) == ["finance"] and d3.actions == ["เผยแพร่แผนการจัดซื้อจัดจ้าง"]


# ---------------------------------------------------------------- assigning sentences
def test_order_item_assigns_owner_duties_period_and_reporting():
    d = Draft(title="", offset=0)
    title = read_assignment(d, "มาตรการส่งเสริมการมีส่วนร่วม มอบหมายให้กองวิชาการและแผนงาน "
                               "เป็นผู้รับผิดชอบ มีหน้าที่ 1) จัดเวทีประชาคม 2) เปิดโอกาสให้ประชาชน"
                               "ร่วมติดตาม โดยให้ดำเนินการในไตรมาสที่ 2 (มกราคม - มีนาคม 2567) "
                               "และรายงานผลทุกไตรมาส", split_owners)
    assert title == "มาตรการส่งเสริมการมีส่วนร่วม"
    assert _units(d) == ["planning"]
    assert d.actions == ["จัดเวทีประชาคม", "เปิดโอกาสให้ประชาชนร่วมติดตาม"]
    assert d.timeline == "ไตรมาสที่ 2 (มกราคม - มีนาคม 2567)" and d.cadence == {3}


def test_order_item_with_one_duty_and_deadline():
    d = Draft(title="", offset=0)
    title = read_assignment(d, "มาตรการตรวจสอบการใช้ดุลพินิจ มอบหมายให้ทุกสำนัก/กอง เป็นผู้รับผิดชอบ "
                               "มีหน้าที่จัดทำคู่มือการปฏิบัติงาน ให้แล้วเสร็จภายในเดือนธันวาคม 2566",
                            split_owners)
    assert title == "มาตรการตรวจสอบการใช้ดุลพินิจ" and _units(d) == ["all-units"]
    assert d.actions == ["จัดทำคู่มือการปฏิบัติงาน"]
    assert d.timeline == "ภายในเดือนธันวาคม 2566"


def test_sentence_without_assignment_is_left_alone():
    # negative: 'ให้' followed by no unit assigns nothing
    d = Draft(title="", offset=0)
    text = "มาตรการไม่รับของขวัญ ให้บุคลากรทุกระดับงดรับของขวัญ"
    assert read_assignment(d, text, split_owners) == text and d.owners == []


def test_order_list_items_wrapped_over_a_page():
    text = ("จึงมอบหมายผู้รับผิดชอบดำเนินการตามมาตรการ ดังนี้\n"
            "(1) มาตรการเผยแพร่ข้อมูลต่อสาธารณะ มอบหมายให้กองคลัง เป็นผู้รับผิดชอบ มีหน้าที่ "
            "1) ปรับปรุงเว็บไซต์ 2) เผยแพร่ข้อมูล และรายงานผลทุกเดือน\n"
            "(2) มาตรการยกระดับคุณภาพการให้บริการ มอบหมายให้กองสาธารณสุขและสิ่งแวดล้อม และกองสวัสดิการ")
    page2 = ("- 2 -\nสังคม เป็นผู้รับผิดชอบ มีหน้าที่ 1) ลดขั้นตอนการให้บริการอย่างต่อเนื่องตลอดทั้งปีงบประมาณ "
             "2) สำรวจความพึงพอใจของผู้รับบริการ\nทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป")
    d1, d2 = list_drafts(DocText.of_texts([text, page2]))
    assert d1.title == "มาตรการเผยแพร่ข้อมูลต่อสาธารณะ" and d1.cadence == {1}
    assert d2.title == "มาตรการยกระดับคุณภาพการให้บริการ"
    assert "public-health" in _units(d2) and len(d2.actions) == 2


# ---------------------------------------------------------------- report sections
REPORT = ("รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน\n"
          "ประจำปีงบประมาณ พ.ศ. 2565\n\n"
          "มาตรการที่ 1 การใช้งบประมาณอย่างคุ้มค่าและโปร่งใส\n\n"
          "กองคลังได้ควบคุมการเบิกจ่ายงบประมาณให้เป็นไปตามแผน ระหว่างเดือนตุลาคม 2564 ถึงเดือนกันยายน 2565 ดังนี้\n\n"
          "1.1 จัดทำแผนการใช้จ่ายงบประมาณประจำปี\n\n"
          "1.2 รายงานผลการเบิกจ่ายงบประมาณต่อคณะผู้บริหารทุกเดือน\n\n"
          "ผลการเบิกจ่ายงบประมาณทั้งปีคิดเป็นร้อยละ 88.40 ของงบประมาณที่ได้รับอนุมัติประจำปี\n\n"
          "มาตรการที่ 2 การให้ผู้มีส่วนได้ส่วนเสียมีส่วนร่วมในการดำเนินงาน\n\n"
          "กองช่างร่วมกับสำนักปลัดเทศบาลได้เชิญผู้แทนชุมชนร่วมตรวจรับงานจ้าง เมื่อวันที่ 18 มีนาคม 2565 ดังนี้\n\n"
          "2.1 ผู้แทนชุมชนร่วมตรวจรับงานก่อสร้าง\n\n"
          "จึงเรียนมาเพื่อโปรดทราบ\n")


def test_report_sections_subject_period_and_actions():
    d1, d2 = section_drafts(DocText.of_texts([REPORT]), [], [])
    assert d1.title == "การใช้งบประมาณอย่างคุ้มค่าและโปร่งใส"
    assert _units(d1) == ["finance"]
    assert d1.timeline == "เดือนตุลาคม 2564 ถึงเดือนกันยายน 2565"
    # the results paragraph after the actions is no action (and gives no cadence)
    assert d1.actions == ["จัดทำแผนการใช้จ่ายงบประมาณประจำปี",
                          "รายงานผลการเบิกจ่ายงบประมาณต่อคณะผู้บริหารทุกเดือน"]
    assert d1.cadence == {1}
    assert _units(d2) == ["public-works", "office-of-the-permanent-secretary"]
    assert d2.timeline == "18 มีนาคม 2565"


def test_report_measures_are_reported():
    measures, _ = extract_measures(_NoTables(), DocText.of_texts([REPORT]), 2565)
    assert [m.status for m in measures] == ["reported", "reported"]
    assert measures[1].timeline.start == "2022-03-18"


@pytest.mark.parametrize("head,expected", [
    ("รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรม", True),
    ("**รายงานผลการดำเนินงานตามแผนปฏิบัติการป้องกันการทุจริต**", True),
    ("เรื่อง รายงานผลการปฏิบัติงานตามมาตรการภายใน", True),
    # negative: a report of an assessment proposes measures; a plan plans them
    ("รายงานผลการวิเคราะห์การประเมินคุณธรรมและความโปร่งใส", False),
    ("แผนปฏิบัติการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส", False),
])
def test_reports_results(head, expected):
    assert reports_results(DocText.of_texts([head + "\nเทศบาลตำบลตัวอย่าง\n"])) is expected


@pytest.mark.parametrize("line,title", [
    ("มาตรการที่ 3 การจัดการเรื่องร้องเรียน", "การจัดการเรื่องร้องเรียน"),
    ("มาตรการที่ 2: มาตรการเผยแพร่ข้อมูล", "มาตรการเผยแพร่ข้อมูล"),
    ("มาตรการป้องกันการรับสินบน", "มาตรการป้องกันการรับสินบน"),
])
def test_section_title_drops_measure_number(line, title):
    assert section_title(line) == title


class _NoTables:
    tables: list = []


# ---------------------------------------------------------------- what a list enumerates
def test_purposes_are_not_measures():
    text = ("หน่วยงานได้จัดกิจกรรมวันต่อต้านคอร์รัปชันสากล ในกิจกรรมดังกล่าวมีวัตถุประสงค์ ดังนี้\n"
            "1. เพื่อประกาศเจตจำนงในการป้องกันการทุจริต\n"
            "2. เพื่อให้ทุกภาคส่วนตื่นรู้ต่อต้านการทุจริต\n")
    assert _lists(text) == []


def test_targets_announced_are_not_measures():
    text = ("โครงการนี้มีเป้าหมาย ดังนี้\n1. บุคลากรร้อยละ 80 ผ่านการอบรม\n"
            "2. ไม่มีเรื่องร้องเรียนการทุจริต\n")
    assert _lists(text) == []


def test_measures_announced_still_are():
    # positive control: the noun before ดังนี้ is มาตรการ
    text = ("เพื่อให้บรรลุวัตถุประสงค์ จึงกำหนดมาตรการ ดังนี้\n1. การเผยแพร่ข้อมูลต่อสาธารณะ\n"
            "2. การเปิดโอกาสให้ผู้มีส่วนได้ส่วนเสียมีส่วนร่วม\n")
    assert len(_lists(text)) == 2


def test_part_headings_are_not_measures():
    text = ("จึงประกาศนโยบายและแนวทาง ดังนี้\n1. นโยบาย\n1.1 ด้านความโปร่งใส\n"
            "1) เปิดเผยข้อมูล\n2. แนวทาง\n2.1 ด้านความพร้อมรับผิด\n")
    assert _lists(text) == []


# ---------------------------------------------------------------- the year of a bare period
def test_bare_period_takes_the_documents_fiscal_year():
    # the year named above is the year whose assessment results the plan answers
    context = "นำผลการประเมิน ประจำปีงบประมาณ พ.ศ. 2565 มาจัดทำแผน ดังนี้"
    assert _table_fiscal_year(["ไตรมาสที่ 2"], context, 2566) == 2566
    # a year its own cell names wins; without a document year the prose above is the fallback
    assert _table_fiscal_year(["ตลอดปีงบประมาณ 2567"], context, 2566) == 2567
    assert _table_fiscal_year(["ไตรมาสที่ 2"], context, None) == 2565
    # negative: a year the passage gives the measures themselves stands
    assert _table_fiscal_year(["ไตรมาสที่ 2"], "จึงจัดทำมาตรการ ประจำปีงบประมาณ พ.ศ. 2567 ดังนี้",
                              2566) == 2567


@pytest.mark.parametrize("text,expected", [
    ("ภายในเดือนธันวาคม 2566", (None, "2023-12")),
    ("ให้แล้วเสร็จภายในเดือนมีนาคม 2566", (None, "2023-03")),
    # negative: a month that is a period, and a whole year 'ภายในปีงบประมาณ'
    ("ธันวาคม 2566", ("2023-12", "2023-12")),
    ("ภายในปีงบประมาณ", ("2022-10-01", "2023-09-30")),
])
def test_deadline_has_no_start(text, expected):
    assert resolve_timeline(text, 2566)[:2] == expected
