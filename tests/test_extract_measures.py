"""Measure tables, prose lists and sections; the merge rule; categories under a tool."""
from pathlib import Path

import pytest

from thaireports import ingest
from thaireports.extractors.measures import (Draft, categorize, column_role, column_roles, extract_measures,
                                 list_drafts, merge_drafts, resolve_timeline, same_measure)
from thaireports.extractors.measures import tool_before as _tool_before
from thaireports.extractors.textutil import DocText, split_items
from thaireports.ingest.document import Table
from _extract_helpers import document_of

SAMPLES = Path(__file__).resolve().parents[1] / "corpora" / "samples"


@pytest.mark.parametrize("header,role", [
    # 002's plan table
    ("มาตรการ/แนวทาง", "title"), ("ขั้นตอนหรือวิธีการดำเนินการ", "actions"),
    ("ผู้รับผิดชอบ", "owners"), ("ระยะเวลาดำเนินการ", "timeline"), ("การกำกับติดตาม", "monitoring"),
    # 004's plan and results tables, wrapped headers and a two-row header combined
    ("แนวทางการปฏิบัติ", "actions"), ("ขั้นตอน/ วิธีการปฏิบัติ", "actions"),
    ("การกำกับ ติดตาม", "monitoring"), ("รายละเอียดการดำเนินงาน", "actions"),
    ("ระยะเวลาการดำเนินงาน", "timeline"), ("ผลการดำเนินการ ผลผลิต", "outputs"),
    ("ผลลัพธ์", "outcomes"), ("หมายเหตุ", "remarks"),
    # 000's steps table and 002's ITA table (not measure columns)
    ("ลำดับ", "index"), ("วิธีการ/ขั้นตอน", "actions"),
    ("ตัวชี้วัดของการประเมิน ITA", "title"), ("ประเด็นที่ต้องแก้ไข/ ปรับปรุง/รักษาระดับ", None),
    # either order of a slashed measure header; a one-column results table; another timeline word
    ("แนวทาง/มาตรการ", "title"), ("ผลการดำเนินงาน", "results"), ("ห้วงเวลา", "timeline"),
    ("การติดตามผล", "monitoring"), ("หน่วยงานที่รับผิดชอบ", "owners"),
])
def test_column_role(header, role):
    assert column_role(header) == role


@pytest.mark.parametrize("cell,items", [
    ("1. เผยแพร่ประเด็นที่เกี่ยวข้องกับการใช้งบประมาณ เพื่อต่อต้านการทุจริต 2. เผยแพร่คู่มือ "
     "การเปิดโอกาสให้บุคลากรภายใน",
     ["เผยแพร่ประเด็นที่เกี่ยวข้องกับการใช้งบประมาณ เพื่อต่อต้านการทุจริต",
      "เผยแพร่คู่มือ การเปิดโอกาสให้บุคลากรภายใน"]),
    # a continued table starts counting at 5
    ("5. เผยแพร่ผ่านคู่มือการปฏิบัติราชการผ่าน เฟสบุ๊กของหน่วยงาน 6. ติดบอร์ดประชาสัมพันธ์หน้าสำนักงาน",
     ["เผยแพร่ผ่านคู่มือการปฏิบัติราชการผ่าน เฟสบุ๊กของหน่วยงาน",
      "ติดบอร์ดประชาสัมพันธ์หน้าสำนักงาน"]),
    ("- จัดทำมาตรการตรวจสอบการใช้ดุลพินิจ - จัดทำคู่มือการปฏิบัติงาน",
     ["จัดทำมาตรการตรวจสอบการใช้ดุลพินิจ", "จัดทำคู่มือการปฏิบัติงาน"]),
    ("-กำหนดบทบาทหน้าที่ของผู้บริหารทุกระดับ เมื่อวันที่ 17 มีนาคม 2566",
     ["กำหนดบทบาทหน้าที่ของผู้บริหารทุกระดับ เมื่อวันที่ 17 มีนาคม 2566"]),
    # 'มาตรา 9' and 'พ.ศ. 2540' are not list numbers
    ("จัดให้มีช่องทางตามมาตรา 9 ของพระราชบัญญัติข้อมูลข่าวสารของราชการ พ.ศ. 2540",
     ["จัดให้มีช่องทางตามมาตรา 9 ของพระราชบัญญัติข้อมูลข่าวสารของราชการ พ.ศ. 2540"]),
])
def test_split_items(cell, items):
    assert split_items(cell) == items


def test_prose_list_with_wrapped_item():
    text = ("ดังนี้\n\n1. มาตรการเผยแพร่ข้อมูลต่อสาธารณะ\n2. มาตรการให้ผู้มีส่วนได้ส่วนเสียมีส่วนร่วม\n"
            "3. มาตรการป้องกันการรับสินบน และการป้องกันการขัดกันระหว่างผลประโยชน์ส่วนตนกับ\n\n"
            "ผลประโยชน์ส่วนรวม\n\n4. มาตรการตรวจสอบการใช้ดุลพินิจ\n\n"
            "เพื่อให้การพัฒนาการดำเนินงานขององค์การบริหารส่วนตำบลคมบางตามเกณฑ์การประเมิน "
            "ในภาพรวมเป็นไปอย่างมีประสิทธิภาพประสิทธิผล จึงกำหนดมาตรการภายในตามเกณฑ์การประเมินดังกล่าว")
    titles = [d.title for d in list_drafts(DocText.of_texts([text]))]
    assert titles == ["มาตรการเผยแพร่ข้อมูลต่อสาธารณะ", "มาตรการให้ผู้มีส่วนได้ส่วนเสียมีส่วนร่วม",
                      # the wrap between Thai letters joins with no space, as the gold of 000
                      "มาตรการป้องกันการรับสินบน และการป้องกันการขัดกันระหว่างผลประโยชน์ส่วนตนกับ"
                      "ผลประโยชน์ส่วนรวม", "มาตรการตรวจสอบการใช้ดุลพินิจ"]


def test_numbered_prose_that_is_not_measures():
    text = "1. ด้าน IT พบว่า ผลคะแนนของตัวชี้วัดทุกด้าน\n2. ด้าน EIT พบว่า ผลคะแนน"
    assert list_drafts(DocText.of_texts([text])) == []


def test_section_with_numbered_actions_and_unit_owner():
    text = ("มาตรการเผยแพร่ข้อมูลต่อสาธารณะ\n\n1. จัดให้มีช่องทางในการบริการข้อมูลข่าวสาร\n\n"
            "2. กำหนดบทบาทหน้าที่ความรับผิดชอบหลัก ดังนี้\n\n"
            "2.1 สำนัก/กอง ที่รับผิดชอบข้อมูล ต้องจัดทำ และปรับปรุงข้อมูล\n\n"
            "3. งานประชาสัมพันธ์สำนักงานปลัดองค์การบริหารส่วนตำบลบึงนคร พิจารณาการจัดทำรูปแบบเว็บไซต์ "
            "รวมถึงสรุปข้อมูลสถิติ และรายงานผลการสืบค้นเสนอต่อผู้บริหารรายไตรมาส\n\n"
            "จึงประกาศมาให้ทราบโดยทั่วกัน\n")
    measures, _ = extract_measures(document_of(text), DocText.of_texts([text]))
    (m,) = measures
    assert m.category == "public-disclosure" and len(m.actions) == 3
    assert [o.unit for o in m.owners] == ["public-relations"]  # 'สำนัก/กอง' is not an owner
    assert m.monitoring.cadence_months == [3]


def test_merge_same_title_same_status_only():
    a = Draft(title="มาตรการตรวจสอบการใช้ดุลพินิจ", offset=0, source="section", actions=["ก"])
    b = Draft(title="มาตรการตรวจสอบ การใช้ดุลพินิจ", offset=10, actions=["ข"],
              owners=[("สำนักงานปลัด", "office-of-the-permanent-secretary")])
    c = Draft(title="มาตรการตรวจสอบการใช้ดุลพินิจ", offset=20, status="reported")
    merged = merge_drafts([c, b, a])
    assert [(d.status, d.actions) for d in merged] == [("planned", ["ก", "ข"]), ("reported", [])]
    assert merged[0].owners == [("สำนักงานปลัด", "office-of-the-permanent-secretary")]


@pytest.mark.parametrize("title,actions,tool,category", [
    # 002 EIT rows: the title's own cue (public disclosure) is not an EIT indicator
    ("การเผยแพร่ข้อมูลของหน่วยงานในเรื่องต่างๆ ต่อสาธารณชน ผ่านช่องทางที่หลากหลาย",
     ["เผยแพร่กิจกรรม การปฏิบัติราชการ ข้อมูลข่าวสารผ่านเว็บไซต์และเฟสบุ๊กของหน่วยงาน"],
     "EIT", "communication"),
    # 002 OIT row: led by its first item (putting data on the website)
    ("นำข้อมูลต่างๆ ลงให้ครบถ้วน เช่น ข้อมูลพื้นฐานขององค์กร 2. จัดให้มีช่องทาง "
     "3. การดำเนินการเพื่อป้องกันการทุจริต 4. มาตรการภายในเพื่อป้องกันการทุจริต",
     ["เผยแพร่กิจกรรม การปฏิบัติราชการ ข้อมูลข่าวสารผ่านเว็บไซต์และเฟสบุ๊กของหน่วยงาน"],
     "OIT", "public-disclosure"),
    # no tool context: the title's cue decides
    ("มาตรการตรวจสอบการใช้ดุลพินิจ", [], None, "discretion-review"),
    ("ประกาศเจตจำนงการบริหารงานด้วยความซื่อสัตย์สุจริตอย่างมีคุณธรรมและโปร่งใส", [], None,
     "integrity-declaration"),
])
def test_categorize(title, actions, tool, category):
    assert categorize(Draft(title=title, offset=0, actions=actions, tool=tool)) == category


@pytest.mark.parametrize("stem,count,statuses", [
    ("000_4904129c074ec5d2", 6, ["planned"] * 6),
    ("002_42136bed46e24e6d", 4, ["planned"] * 4),
    ("004_5ffc331d1e529717", 6, ["planned"] * 3 + ["reported"] * 3),
])
def test_samples_measure_counts(stem, count, statuses):
    doc = ingest.read(SAMPLES / f"{stem}.txt")
    measures, _ = extract_measures(doc, DocText.of(doc))
    assert len(measures) == count
    assert [m.status for m in measures] == statuses


def test_merged_cells_give_owners_to_their_first_row_only():
    # 004 results rows print no owner: none is inherited from the plan rows
    doc = ingest.read(SAMPLES / "004_5ffc331d1e529717.txt")
    measures, _ = extract_measures(doc, DocText.of(doc))
    assert all(m.owners == [] for m in measures if m.status == "reported")
    assert measures[3].timeline.start == "2023-03" and measures[3].timeline.end == "2023-03"


@pytest.mark.parametrize("header,roles", [
    # the ITA indicator printed before the measure: the measure column is still the title
    (["ตัวชี้วัด", "ประเด็นที่ต้องพัฒนา", "มาตรการ/แนวทางการพัฒนา", "ผู้รับผิดชอบ", "ระยะเวลา",
      "การกำกับติดตาม"], ["indicator", None, "title", "owners", "timeline", "monitoring"]),
    # a KPI column after the measure
    (["มาตรการ", "กิจกรรม/วิธีการดำเนินการ", "ตัวชี้วัด", "ระยะเวลาดำเนินการ", "ผู้รับผิดชอบ"],
     ["title", "actions", "indicator", "timeline", "owners"]),
    (["ที่", "แนวทาง/มาตรการ", "วิธีการดำเนินการ", "หน่วยงานที่รับผิดชอบ", "ห้วงเวลา", "การติดตามผล"],
     ["index", "title", "actions", "owners", "timeline", "monitoring"]),
])
def test_column_roles(header, roles):
    assert column_roles(header) == roles


def test_prose_list_items_with_sub_items_bullets_and_labels():
    text = ("จึงกำหนดมาตรการไว้ ดังนี้\n\n1. มาตรการป้องกันการรับสินบน\n"
            "1.1 ห้ามมิให้พนักงานเทศบาล เรียก รับ หรือยอมจะรับทรัพย์สิน\n"
            "1.2 ให้ผู้บังคับบัญชาทุกระดับกำกับดูแลและสอดส่องพฤติกรรม\n\n"
            "2. มาตรการป้องกันการขัดกันระหว่างผลประโยชน์ส่วนตนกับผลประโยชน์ส่วนรวม\n"
            "2.1 ให้กองการเจ้าหน้าที่ รายงานผลการดำเนินการตามมาตรการนี้ต่อนายกเทศมนตรี ปีละ 2 ครั้ง\n\n"
            "3) มาตรการประเมินความเสี่ยงการทุจริตและประพฤติมิชอบ\n"
            "- วิเคราะห์ความเสี่ยงในกระบวนงานอนุมัติ อนุญาต\n"
            "ผู้รับผิดชอบ: หน่วยตรวจสอบภายใน\nระยะเวลา: ธันวาคม 2566 - กันยายน 2567\n\n"
            "จึงประกาศให้ทราบโดยทั่วกัน\n")
    drafts = list_drafts(DocText.of_texts([text]))
    assert [len(d.actions) for d in drafts] == [2, 1, 1]
    assert drafts[1].owners == [("กองการเจ้าหน้าที่", "personnel")] and drafts[1].cadence == {6}
    assert drafts[2].owners == [("หน่วยตรวจสอบภายใน", "internal-audit")]
    assert drafts[2].timeline == "ธันวาคม 2566 - กันยายน 2567"


def test_list_item_and_its_table_row_are_one_measure():
    # the list says 'มาตรการตรวจสอบการใช้ดุลพินิจ', the plan row only 'ตรวจสอบการใช้ดุลพินิจ'
    assert same_measure(Draft(title="มาตรการตรวจสอบการใช้ดุลพินิจ", offset=0, source="list"),
                        Draft(title="ตรวจสอบการใช้ดุลพินิจ", offset=9))
    assert not same_measure(Draft(title="มาตรการป้องกันการรับสินบน", offset=0),
                            Draft(title="มาตรการตรวจสอบการใช้ดุลพินิจ", offset=9))


@pytest.mark.parametrize("text,hint,span", [
    ("ตลอดปีงบประมาณ", 2566, ("2022-10-01", "2023-09-30")),
    ("ตลอดปีงบประมาณ พ.ศ. 2568", 2566, ("2024-10-01", "2025-09-30")),  # a printed year wins
    ("ต.ค. 65 - ก.ย. 66", None, ("2022-10", "2023-09")),
    ("ตลอดปีงบประมาณ", None, (None, None)),                            # nothing to read it by
])
def test_resolve_timeline(text, hint, span):
    assert resolve_timeline(text, hint)[:2] == span


def test_whole_year_timeline_takes_the_plan_year():
    intro = "จึงได้จัดทำมาตรการ ประจำปีงบประมาณ พ.ศ. 2566 ดังนี้\n\n"
    header = ["ลำดับ", "มาตรการ", "ผู้รับผิดชอบ", "ระยะเวลา"]
    rows = [["1", "มาตรการป้องกันการรับสินบนทุกรูปแบบ", "ทุกกอง", "ตลอดปีงบประมาณ"]]
    text = intro + "\n".join("\t".join(r) for r in [header, *rows])
    doc = document_of(text, tables=[Table(page=1, header=header, rows=rows, offset=len(intro))])
    (m,), warnings = extract_measures(doc, DocText.of(doc), 2565)
    assert (m.timeline.start, m.timeline.end) == ("2022-10-01", "2023-09-30")
    assert "timeline-year-inferred" in [w.code for w in warnings]


@pytest.mark.parametrize("text,tool", [
    ("2. ด้าน EIT พบว่า ผลคะแนนของตัวชี้วัดคุณภาพการดำเนินงาน\n\n", "EIT"),
    # a score table's tool column frames nothing
    ("การปฏิบัติหน้าที่\tIIT\t98.75\nการเปิดเผยข้อมูล\tOIT\t96.40\n\nแนวทางการพัฒนา\n\n", None),
    # a paragraph comparing the tools frames nothing either
    ("ผลคะแนน IIT สูงกว่า EIT และ OIT\n\n", None),
])
def test_tool_before(text, tool):
    full = text + "มาตรการ\tผู้รับผิดชอบ"
    assert _tool_before(full, len(text), 0) == tool


@pytest.mark.parametrize("title,actions,tool,hint,category", [
    # a measure type named by the spec's cue is that type even under a tool passage
    ("มาตรการป้องกันการรับสินบน", [], "OIT", None, "bribery-conflict-of-interest"),
    # no cue in the title: the ITA indicator its own row names
    ("เพิ่มช่องทางการประชาสัมพันธ์ผลงานผ่านสื่อออนไลน์และหอกระจายข่าวประจำหมู่บ้าน", [], None, 7,
     "communication"),
    # but a cue in the title beats the row's indicator
    ("จัดทำแผนบริหารจัดการความเสี่ยงการทุจริตประจำปี", [], None, 10, "risk-management"),
    # cues in other words and word orders (unseen documents)
    ("มาตรการส่งเสริมการมีส่วนร่วมของผู้มีส่วนได้ส่วนเสีย", [], None, None,
     "stakeholder-participation"),
    ("มาตรการเผยแพร่ข้อมูลข่าวสารผ่านเว็บไซต์และสื่อสังคมออนไลน์ของเทศบาล", [], None, None,
     "public-disclosure"),
    ("มาตรการป้องกันการนำทรัพย์สินของทางราชการไปใช้ประโยชน์ส่วนตน", [], None, None,
     "state-property-use"),
    ("มาตรการเสริมสร้างการรับรู้ช่องทางการร้องเรียนการทุจริต", [], None, None, "complaint-handling"),
    ("มาตรการส่งเสริมคุณภาพการให้บริการประชาชน", [], None, None, "service-quality"),
])
def test_categorize_unseen(title, actions, tool, hint, category):
    d = Draft(title=title, offset=0, actions=actions, tool=tool, indicator_hint=hint)
    assert categorize(d) == category


def test_results_table_without_output_columns_is_reported():
    header = ["มาตรการ", "ผลการดำเนินงาน", "ปัญหา/อุปสรรค", "ผู้รับผิดชอบ"]
    rows = [["มาตรการป้องกันการรับสินบน", "ประกาศเจตนารมณ์ไม่รับสินบนและเผยแพร่ทางเว็บไซต์", "-",
             "กองการเจ้าหน้าที่"]]
    text = "\n".join("\t".join(r) for r in [header, *rows])
    doc = document_of(text, tables=[Table(page=1, header=header, rows=rows, offset=0)])
    (m,), _ = extract_measures(doc, DocText.of(doc))
    assert m.status == "reported" and m.actions == ["ประกาศเจตนารมณ์ไม่รับสินบนและเผยแพร่ทางเว็บไซต์"]


def test_section_with_bulleted_actions_and_labelled_owner():
    text = ("มาตรการที่ 2 การตรวจสอบการใช้ดุลพินิจ\n"
            "- จัดทำคู่มือการปฏิบัติงานและมาตรฐานระยะเวลาการให้บริการประชาชน\n"
            "- ให้ผู้บังคับบัญชาทุกระดับกำกับดูแลการใช้ดุลพินิจของผู้ใต้บังคับบัญชา\n"
            "ผู้รับผิดชอบ: สำนักปลัด\n\nจึงประกาศให้ทราบโดยทั่วกัน\n")
    (m,), _ = extract_measures(document_of(text), DocText.of_texts([text]))
    assert m.category == "discretion-review" and len(m.actions) == 2
    assert [o.unit for o in m.owners] == ["office-of-the-permanent-secretary"]


@pytest.mark.parametrize("line, heading", [
    # 000 scanned: the memo's intro sentence wrapped so that its tail stands alone
    ("มาตรการภายในเพื่อส่งเสริมความโปร่งใสและป้องกันการทุจริต ดังนี", False),
    ("มาตรการภายในเพื่อส่งเสริมความโปร่งใสและป้องกันการทุจริต ดังนี้", False),
    ("มาตรการป้องกันการรับสินบน ดังต่อไปนี้ :", False),
    ("มาตรการเผยแพร่ข้อมูลต่อสาธารณะ", True),
    ("มาตรการป้องกันการรับสินบน:", True),
])
def test_a_line_announcing_a_list_is_not_a_measure_heading(line, heading):
    from thaireports.extractors.measures.sections import _is_heading

    assert _is_heading(line) is heading


def test_scanned_intro_tail_before_a_measure_list_is_no_measure():
    text = ("ปี่งบประมาณ พ.ศ. 2562 กำหนดให้มีการประเมินหน่วยงานเกียวกู้บ\n"
            "มาตรการภายในเพื่อส่งเสริมความโปร่งใสและป้องกันการทุจริต ดังนี\n\n"
            "1. มาตรการเผยแพร่ข้อมูลต่อสาธารณะ\n\n2. มาตรการให้ผู้มีส่วนได้ส่วนเสียมีส่วนร่วม\n")
    from thaireports.extractors.measures import section_drafts

    dt = DocText.of_texts([text])
    assert section_drafts(dt, [], []) == []
    assert [d.title for d in list_drafts(dt)] == ["มาตรการเผยแพร่ข้อมูลต่อสาธารณะ",
                                                  "มาตรการให้ผู้มีส่วนได้ส่วนเสียมีส่วนร่วม"]
