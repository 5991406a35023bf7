"""Vocabularies read from Thai cues: abbreviations, agency types, units, categories, ITA."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thaireports.normalize.vocab import (CATEGORY_INDICATOR, ITA_INDICATORS, agency_type, category_of,
                             category_scores, expand_abbreviations, grade_of, indicator_of_name,
                             ita_item, ita_items, split_owners, unit_of)


@pytest.mark.parametrize("text,expected", [
    # agency abbreviations, with and without the space after a position
    ("นายก อบต.เหล", "นายกองค์การบริหารส่วนตำบลเหล"),
    ("นายกอบต.เหล", "นายกองค์การบริหารส่วนตำบลเหล"),
    ("ปลัด อบต.คมบาง", "ปลัดองค์การบริหารส่วนตำบลคมบาง"),
    ("อบต. บึงนคร", "องค์การบริหารส่วนตำบลบึงนคร"),
    ("ทต.ท่าช้าง", "เทศบาลตำบลท่าช้าง"),
    ("ทม.พังงา", "เทศบาลเมืองพังงา"),
    ("ทน.ขอนแก่น", "เทศบาลนครขอนแก่น"),
    ("อบจ.พังงา", "องค์การบริหารส่วนจังหวัดพังงา"),
    # place prefixes
    ("อ.เมือง จ.พังงา", "อำเภอเมือง จังหวัดพังงา"),
    ("อบต.เหล อ.กะปง จ.พังงา", "องค์การบริหารส่วนตำบลเหล อำเภอกะปง จังหวัดพังงา"),
    ("ต.คมบาง อ.เมืองจันทบุรี จ.จันทบุรี", "ตำบลคมบาง อำเภอเมืองจันทบุรี จังหวัดจันทบุรี"),
    ("อ.ธวัชบุรี จ.ร้อยเอ็ด", "อำเภอธวัชบุรี จังหวัดร้อยเอ็ด"),
    # the OCR slip that drops the ก of นายก (002's addressee)
    ("เรียน นายองค์การบริหารส่วนตำบลเหล", "เรียน นายกองค์การบริหารส่วนตำบลเหล"),
    ("นายเทศมนตรีตำบลบางนา", "นายกเทศมนตรีตำบลบางนา"),
    ("รองนายองค์การบริหารส่วนตำบลเหล", "รองนายกองค์การบริหารส่วนตำบลเหล"),
    # left alone: initials that are not places, words that hold the letters, the full forms
    ("อ. อรรถพร", "อ. อรรถพร"),
    ("ตอบตกลง", "ตอบตกลง"),
    ("นายกองค์การบริหารส่วนตำบลเหล", "นายกองค์การบริหารส่วนตำบลเหล"),
    ("นายวันชัย ประชุมชน", "นายวันชัย ประชุมชน"),
    ("สำนักงาน ป.ป.ช.", "สำนักงาน ป.ป.ช."),
])
def test_expand_abbreviations(text: str, expected: str) -> None:
    assert expand_abbreviations(text) == expected


@pytest.mark.parametrize("name,code", [
    ("องค์การบริหารส่วนตำบลเหล", "sao"),
    ("อบต.คมบาง", "sao"),
    ("นายกองค์การบริหารส่วนตำบลบึงนคร", "sao"),
    ("เทศบาลตำบลเมืองเก่า", "subdistrict-municipality"),  # the first cue wins
    ("ทม.พังงา", "town-municipality"),
    ("เทศบาลนครขอนแก่น", "city-municipality"),
    ("องค์การบริหารส่วนจังหวัดพังงา", "pao"),
    ("กรุงเทพมหานคร", "special"),
    ("เมืองพัทยา", "special"),
    ("สำนักงาน ป.ป.ช.", "other"),
    ("", "other"),
    # OCR noise: ำ decomposed, marks dropped
    ("องค์การบริหารส่วนตําบลเหล", "sao"),
    ("องคการบริหารสวนตำบลเหล", "sao"),
])
def test_agency_type(name: str, code: str) -> None:
    assert agency_type(name) == code


@pytest.mark.parametrize("text,unit", [
    ("สำนักปลัด", "office-of-the-permanent-secretary"),
    ("สำนักงานปลัดองค์การบริหารส่วนตำบลคมบาง", "office-of-the-permanent-secretary"),
    ("กองคลัง", "finance"),
    ("กองช่าง", "public-works"),
    ("กองการศึกษาฯ", "education"),
    ("กองการศึกษา ศาสนาและวัฒนธรรม", "education"),
    ("กองสาธารณสุขและสิ่งแวดล้อม", "public-health"),
    ("กองสวัสดิการสังคม", "social-welfare"),
    ("กองวิชาการและแผนงาน", "planning"),
    ("กองการเจ้าหน้าที่", "personnel"),
    ("หน่วยตรวจสอบภายใน", "internal-audit"),
    ("งานพัสดุ กองคลัง", "procurement"),
    ("งานนิติการ", "legal"),
    ("กองส่งเสริมการเกษตร", "agriculture"),
    ("คณะทำงาน", "committee"),
    # the most specific cue wins (004)
    ("งานประชาสัมพันธ์สำนักงานปลัด", "public-relations"),
    ("งานประชาสัมพันธ์สำนักงานปลัดองค์การบริหารส่วนตำบลบึงนคร", "public-relations"),
    ("ทุกส่วนราชการ", "all-units"),
    ("ทุกสำนัก/กอง", "all-units"),
    ("ปลัดองค์การบริหารส่วนตำบล", "executive"),
    ("นายกองค์การบริหารส่วนตำบลเหล", "executive"),
    ("ผู้บริหาร", "executive"),
    ("ผู้อำนวยการกองคลัง", "finance"),
    # OCR noise
    ("กองคลง", "finance"),
    ("สำนกงานปลด", "office-of-the-permanent-secretary"),
    ("ประชาชนในพื้นที่", "other"),
])
def test_unit_of(text: str, unit: str) -> None:
    assert unit_of(text) == unit


@pytest.mark.parametrize("cell,expected", [
    ("สำนักปลัด กองคลัง กองช่าง กองการศึกษา ศาสนาและวัฒนธรรม",
     [("สำนักปลัด", "office-of-the-permanent-secretary"), ("กองคลัง", "finance"),
      ("กองช่าง", "public-works"), ("กองการศึกษา ศาสนาและวัฒนธรรม", "education")]),
    ("สำนักงานปลัด / กองคลัง / กองช่าง / กองการศึกษาฯ",
     [("สำนักงานปลัด", "office-of-the-permanent-secretary"), ("กองคลัง", "finance"),
      ("กองช่าง", "public-works"), ("กองการศึกษาฯ", "education")]),
    ("งานประชาสัมพันธ์สำนักงานปลัด", [("งานประชาสัมพันธ์สำนักงานปลัด", "public-relations")]),
    ("งานประชาสัมพันธ์ สำนักงานปลัด", [("งานประชาสัมพันธ์ สำนักงานปลัด", "public-relations")]),
    ("ทุกส่วนราชการ", [("ทุกส่วนราชการ", "all-units")]),
    ("ทุกสำนัก/กอง", [("ทุกสำนัก/กอง", "all-units")]),
    ("สำนักปลัด และกองคลัง", [("สำนักปลัด", "office-of-the-permanent-secretary"), ("กองคลัง", "finance")]),
    ("๑. สำนักปลัด\n๒. กองคลัง\n๓. สำนักปลัด",
     [("สำนักปลัด", "office-of-the-permanent-secretary"), ("กองคลัง", "finance")]),
    ("- กองช่าง - กองคลัง", [("กองช่าง", "public-works"), ("กองคลัง", "finance")]),
    ("  สำนักงานปลัด  ", [("สำนักงานปลัด", "office-of-the-permanent-secretary")]),
    ("", []),
])
def test_split_owners(cell: str, expected: list[tuple[str, str]]) -> None:
    assert split_owners(cell) == expected


@pytest.mark.parametrize("title,code", [
    # the six measures of 000, in print order
    ("มาตรการเผยแพร่ข้อมูลต่อสาธารณะ", "public-disclosure"),
    ("มาตรการให้ผู้มีส่วนได้ส่วนเสียมีส่วนร่วม", "stakeholder-participation"),
    ("มาตรการส่งเสริมความโปร่งใสในการจัดซื้อจัดจ้าง", "procurement-transparency"),
    ("มาตรการจัดการเรื่องร้องเรียนการทุจริต", "complaint-handling"),
    ("มาตรการป้องกันการรับสินบน และการป้องกันการขัดกันระหว่างผลประโยชน์ส่วนตนกับผลประโยชน์ส่วนรวม",
     "bribery-conflict-of-interest"),
    ("มาตรการตรวจสอบการใช้ดุลพินิจ", "discretion-review"),
    # 004, including a cell that OCR broke into short lines
    ("ประกาศเจตจำนงการบริหารงานด้วยความซื่อสัตย์สุจริตอย่างมีคุณธรรมและโปร่งใส", "integrity-declaration"),
    ("ประกาศ เจตจำนงการ บริหารงานด้วย ความซื่อสัตย์ สุจริตอย่างมี คุณธรรมและ โปร่งใส", "integrity-declaration"),
    # 002: a measure whose subject is the budget
    ("บุคลากรภายในหน่วยงานรับรู้และเข้าใจในการดำเนินการต่างๆ ของหน่วยงานของตนเอง "
     "ในประเด็นที่เกี่ยวข้องกับด้านการใช้งบประมาณของหน่วยงาน เพื่อต่อต้านการทุจริต", "budget-use"),
    # other cues of the spec's table
    ("มาตรการการประเมินความเสี่ยงการทุจริต", "risk-management"),
    ("มาตรการ No Gift Policy", "no-gift"),
    ("มาตรการส่งเสริมประมวลจริยธรรม", "ethics-culture"),
    ("มาตรการการบริหารทรัพยากรบุคคล", "hr-merit"),
    ("มาตรการการใช้ทรัพย์สินของทางราชการ", "state-property-use"),
    ("มาตรการการปรับปรุงระบบการทำงาน", "work-improvement"),
    # OCR dropped the mai ek marks
    ("มาตรการเผยแพรขอมูลตอสาธารณะ", "public-disclosure"),
    # no cue at all
    ("มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน", "other"),
    ("", "other"),
])
def test_category_of(title: str, code: str) -> None:
    assert category_of(title) == code


def test_category_scores_rank_exact_above_fuzzy() -> None:
    scores = category_scores("มาตรการเผยแพร่ข้อมูลต่อสาธารณะ")
    assert scores[0] == ("public-disclosure", 1.0)
    fuzzy = category_scores("มาตรการเผยแพรขอมูลตอสาธารณะ")
    assert fuzzy[0][0] == "public-disclosure" and 0 < fuzzy[0][1] < 1.0


def test_category_indicator_table() -> None:
    assert CATEGORY_INDICATOR["public-disclosure"] == 9
    assert CATEGORY_INDICATOR["corruption-prevention"] == 10
    assert sorted(CATEGORY_INDICATOR.values()) == list(range(1, 11))
    assert [i.number for i in ITA_INDICATORS] == list(range(1, 11))
    assert [i.tool for i in ITA_INDICATORS] == ["IIT"] * 5 + ["EIT"] * 3 + ["OIT"] * 2


@pytest.mark.parametrize("text,number", [
    # 002's score table
    ("๑. การปฏิบัติหน้าที่ คะแนน ๑๐๐.๐๐", 1),
    ("๒. การใช้งบประมาณ คะแนน ๙๙.๖๐", 2),
    ("๓. การใช้อำนาจ คะแนน ๑๐๐.๐๐", 3),
    ("๔. การใช้ทรัพย์สินของราชการ คะแนน ๑๐๐.๐๐", 4),
    ("๕. การแก้ไขปัญหาการทุจริต คะแนน ๑๐๐.๐๐", 5),
    ("๖. คุณภาพการดำเนินงาน คะแนน ๙๗.๕๓", 6),
    ("๗. ประสิทธิภาพการสื่อสาร คะแนน ๙๒.๗๔", 7),
    ("๘. การปรับปรุงการทำงาน คะแนน ๙๔.๕๐", 8),
    ("๙. การเปิดเผยข้อมูล คะแนน ๘๑.๓๕", 9),
    ("๑๐. การป้องกันการทุจริต คะแนน ๕๐.๐๐", 10),
    # names of other years and OCR slips
    ("การปรับปรุงระบบการทำงาน", 8),
    ("การใช้ทรัพย์สินของทางราชการ", 4),
    ("ประสิทธิภาพการสื่อสร", 7),
    ("คุณภาพการดําเนินงาน", 6),
    ("แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)", None),
    ("", None),
])
def test_indicator_of_name(text: str, number: int | None) -> None:
    assert indicator_of_name(text) == number


@pytest.mark.parametrize("score,grade", [
    (100, "AA"), (95, "AA"), (94.99, "A"), (85, "A"), (84.72, "B"), (75, "B"), (74.99, "C"),
    (65, "C"), (55, "D"), (54.99, "E"), (50, "E"), (49.99, "F"), (0, "F"),
])
def test_grade_of(score: float, grade: str) -> None:
    assert grade_of(score) == grade


@pytest.mark.parametrize("score", [-1, 100.01, float("nan")])
def test_grade_of_rejects_non_scores(score: float) -> None:
    with pytest.raises(ValueError):
        grade_of(score)


@pytest.mark.parametrize("text,item", [
    ("ตัวชี้วัดย่อยที่ ๑๐.๒ มาตรการภายในเพื่อป้องกันการทุจริต ข้อ ๐๔๒ มาตรการส่งเสริมคุณธรรม", "O42"),
    ("ข้อ o42", "O42"),
    ("ข้อ O๔๓", "O43"),
    ("ตามข้อ O12 รายงานผล", "O12"),
    ("ตามข้อ ๕.๑.๑ - ข้อ ๕.๑.๑๑", None),  # section numbers, not ITA items
    ("ข้อ ๓", None),
    ("", None),
])
def test_ita_item(text: str, item: str | None) -> None:
    assert ita_item(text) == item


def test_ita_items_follow_a_list() -> None:
    text = ("ข้อ ๐๔๒ มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน และ ๐๔๓ "
            "การดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน")
    assert ita_items(text) == ["O42", "O43"]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_vocab_never_raises(text: str) -> None:
    expand_abbreviations(text)
    assert agency_type(text) in {"sao", "subdistrict-municipality", "town-municipality",
                                 "city-municipality", "pao", "special", "other"}
    unit_of(text)
    for name, _unit in split_owners(text):
        assert name == name.strip() and name
    category_of(text)
    indicator_of_name(text)
    ita_item(text)
