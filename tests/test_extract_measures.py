"""Measure tables, prose lists and sections; the merge rule; categories under a tool."""
from pathlib import Path

import pytest

import ingest
from extractors.measures import (Draft, categorize, column_role, extract_measures, list_drafts,
                                 merge_drafts)
from extractors.textutil import DocText, split_items
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
                      "มาตรการป้องกันการรับสินบน และการป้องกันการขัดกันระหว่างผลประโยชน์ส่วนตนกับ "
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
