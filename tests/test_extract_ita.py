"""ITA totals, grades, years and indicator scores, checked against each other."""
import pytest

from thaireports.extractors.ita import _confusions, extract_ita, identity_total, indicator_readings
from thaireports.extractors.textutil import DocText
from thaireports.normalize.vocab import grade_of
from thaireports.ingest.document import Table
from _extract_helpers import document_of

# 002's indicator table (as ingest lays it out) and its prose, which misreads two scores
TABLE_ROWS = [
    ["1. การปฏิบัติหน้าที่ คะแนน 100.00", ""], ["2. การใช้งบประมาณ คะแนน 99.60", ""],
    ["3. การใช้อำนาจ คะแนน 100.00", ""], ["4. การใช้ทรัพย์สินของราชการ คะแนน 100.00", ""],
    ["5. การแก้ไขปัญหาการทุจริต คะแนน 100.00", ""], ["6. คุณภาพการดำเนินงาน คะแนน 97.53", ""],
    ["7. ประสิทธิภาพการสื่อสาร คะแนน 92.74", ""], ["8. การปรับปรุงการทำงาน คะแนน 94.50", ""],
    ["9. การเปิดเผยข้อมูล คะแนน 81.35", ""], ["10. การป้องกันการทุจริต คะแนน 50.00", ""],
]
INTRO = ("จากผลการประเมิน ITA ในปีงบประมาณ พ.ศ. 2564 ขององค์การบริหารส่วนตำบลเหล พบว่า "
         "มีผลคะแนน 84.72 คะแนน อยู่ในระดับ B ดังนี้\n\n")
HEADER = ["ตัวชี้วัดของการประเมิน ITA", "ประเด็นที่ต้องแก้ไข/ ปรับปรุง/รักษาระดับ"]
PROSE = ("\n\n2. ด้าน EIT พบว่า ผลคะแนนของตัวชี้วัดคุณภาพการดำเนินงาน มีค่าคะแนนเท่ากับ 99.53 "
         "การปรับปรุงการทำงาน มีค่าคะแนนเท่ากับ 94.50 และประสิทธิภาพการสื่อสาร "
         "มีค่าคะแนนเท่ากับ 92.94 แสดงให้เห็นว่า")


def _document(rows=TABLE_ROWS, prose=PROSE):
    table_text = "\t".join(HEADER) + "\n" + "\n".join("\t".join(r) for r in rows)
    text = INTRO + table_text + prose
    table = Table(page=1, header=HEADER, rows=rows, offset=len(INTRO))
    return document_of(text, tables=[table])


def test_table_reading_that_satisfies_the_total_wins():
    doc = _document()
    ita, warnings = extract_ita(doc, DocText.of(doc), 2565)
    scores = {i.number: i.score for i in ita.indicators}
    assert (ita.assessed_year, ita.score, ita.grade) == (2564, 84.72, "B")
    assert scores[6] == 97.53 and scores[7] == 92.74 and len(scores) == 10
    assert [i.tool for i in ita.indicators] == ["IIT"] * 5 + ["EIT"] * 3 + ["OIT"] * 2
    assert "ita-indicator-disagreement" in [w.code for w in warnings]


def test_one_ocr_confusion_is_repaired():
    rows = [r[:] for r in TABLE_ROWS]
    rows[7] = ["8. การปรับปรุงการทำงาน คะแนน 95.50", ""]  # ๔ read as ๕: the only repair that fits
    doc = _document(rows, prose="")
    ita, warnings = extract_ita(doc, DocText.of(doc), 2565)
    assert {i.number: i.score for i in ita.indicators}[8] == 94.50
    assert "ita-digit-repaired" in [w.code for w in warnings]


def test_two_equally_good_repairs_are_not_guessed():
    # ๘ read as ๕ in 81.35: but 50.00 -> 80.00 would restore the total just as well
    rows = [r[:] for r in TABLE_ROWS]
    rows[8] = ["9. การเปิดเผยข้อมูล คะแนน 51.35", ""]
    doc = _document(rows, prose="")
    ita, warnings = extract_ita(doc, DocText.of(doc), 2565)
    scores = {i.number: i.score for i in ita.indicators}
    assert (scores[9], scores[10]) == (51.35, 50.00)
    assert "ita-repair-ambiguous" in [w.code for w in warnings]


def test_scores_read_across_a_tool_column():
    # u06-style table: ตัวชี้วัด | เครื่องมือ | คะแนน, the total in the last row
    names = ["การปฏิบัติหน้าที่", "การใช้งบประมาณ", "การใช้อำนาจ", "การใช้ทรัพย์สินของราชการ",
             "การแก้ไขปัญหาการทุจริต", "คุณภาพการดำเนินงาน", "ประสิทธิภาพการสื่อสาร",
             "การปรับปรุงการทำงาน", "การเปิดเผยข้อมูล", "การป้องกันการทุจริต"]
    values = ["98.75", "97.60", "99.12", "98.44", "96.85", "95.30", "94.72", "95.88", "96.40",
              "93.75"]
    tools = ["IIT"] * 5 + ["EIT"] * 3 + ["OIT"] * 2
    rows = [[n, t, v] for n, t, v in zip(names, tools, values)] + [["คะแนนรวม", "", "96.07"]]
    intro = "รายงานผลการวิเคราะห์ (ITA) ประจำปีงบประมาณ พ.ศ. 2567\n\n"
    text = intro + "\n".join("\t".join(r) for r in [["ตัวชี้วัด", "เครื่องมือ", "คะแนน"], *rows])
    doc = document_of(text, tables=[Table(page=1, header=["ตัวชี้วัด", "เครื่องมือ", "คะแนน"],
                                          rows=rows, offset=len(intro))])
    ita, _ = extract_ita(doc, DocText.of(doc), 2567)
    assert (ita.assessed_year, ita.score, ita.grade) == (2567, 96.07, "AA")
    assert [i.score for i in ita.indicators] == [float(v) for v in values]


def test_no_score_printed_means_no_ita():
    # 004: an ITA year was analysed, no score printed
    doc = document_of("ได้ดำเนินการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส ในปี พ.ศ. 2565 "
                      "ตัวชี้วัดการใช้อำนาจ ตัวชี้วัดประสิทธิภาพการสื่อสาร")
    assert extract_ita(doc, DocText.of(doc), 2566) == (None, [])


@pytest.mark.parametrize("text,number,value", [
    ("๖. คุณภาพการดำเนินงาน คะแนน 97.53", 6, 97.53),
    # the tool between the name and the score (u09-style prose)
    ("ตัวชี้วัดที่ 1 การปฏิบัติหน้าที่ (IIT) ได้ 93.50 คะแนน", 1, 93.50),
    ("ด้านการใช้งบประมาณ มีค่าคะแนนเท่ากับ 99.60 หน่วยงาน", 2, 99.60),
    ("การป้องกันการทุจริต\t50.00", 10, 50.0),
    ("การปรับปรุงระบบการทำงาน คะแนน 88.10", 8, 88.10),  # the 2562-2563 name
])
def test_indicator_readings(text, number, value):
    assert indicator_readings(text, [])[number][0].value == value


def test_a_year_after_an_indicator_name_is_not_a_score():
    assert indicator_readings("ตัวชี้วัดที่ 10 การป้องกันการทุจริต ตัวชี้วัดย่อยที่ 10.2", []) == {}


def test_identity_total():
    tools = {n: t for n, t in zip(range(1, 11), ["IIT"] * 5 + ["EIT"] * 3 + ["OIT"] * 2)}
    scores = {1: 100, 2: 99.6, 3: 100, 4: 100, 5: 100, 6: 97.53, 7: 92.74, 8: 94.5,
              9: 81.35, 10: 50}
    assert identity_total(scores, tools) == pytest.approx(84.72, abs=0.01)


def test_confusions():
    assert 96.94 in _confusions(92.94) and 92.95 in _confusions(92.94)


@pytest.mark.parametrize("sentence,total", [
    ("ผลการประเมิน ITA ประจำปี พ.ศ. 2565 ผลการประเมินภาพรวม 88.20 คะแนน ระดับ A", 88.20),
    ("ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2566 ได้รับคะแนน 91.08 คะแนน", 91.08),
    ("ผลการประเมิน ITA ปี พ.ศ. 2566 ในภาพรวมได้ร้อยละ 83.87", 83.87),
])
def test_total_phrasings(sentence, total):
    doc = document_of(sentence)
    ita, _ = extract_ita(doc, DocText.of(doc), 2567)
    assert ita.score == total and ita.grade == grade_of(total)
