"""Header and ITA rules that must hold on scans in other fonts and on photocopies, where
Tesseract's Latin model reads the bold labels of the memo form ('Ni' for ที่, 'TUN' / 'JUN' for
วันที่, 'A' for ณ) and misreads several digits of one number at once.

The cases are composed from the rules of the สารบรรณ forms, not from one render: the document
number's shape (letter code, owner number, slash, register number), the fixed order of the
memo's labels (เรื่อง, then เรียน), the closing 'ประกาศ ณ วันที่ ...' of an announcement, and the
ITA result printed twice over (a total and its grade letter)."""
from __future__ import annotations

import pytest

from _extract_helpers import document_of
from thaireports.extractors.header import extract_header
from thaireports.extractors.ita import extract_ita
from thaireports.extractors.textutil import DocText

TITLE = "บันทึกข้อความ\n\nส่วนราชการ สำนักปลัด ทต.นาครัว โทร. 0 5422 8123\n\n"
TAIL = "\n\nเรื่อง รายงานผลการดำเนินงาน\n\nเรียน นายกเทศมนตรีตำบลนาครัว\n\nตามที่ ..."


def _header(text: str):
    return extract_header(DocText.of_texts([text]))


@pytest.mark.parametrize("line,ref", [
    # the bold label ที่ read as Latin, or lost, or a speck before the number
    ("Ni ลป 52301/123 TUN 15 A.A. 65", "ลป 52301/123"),
    ("n ชม 83801/094 วันที่ alo B.A. 65", "ชม 83801/094"),
    (".ชม 83801/094 วันที่ 12 ธ.ค. DE", "ชม 83801/094"),
    ("ลป 52001/ว 456 วันที่ 2 เมษายน 2566", "ลป 52001/ว 456"),
    # a ministry's dotted owner number, a circular's ว, a register number left blank
    ("au มท 0808.2/ว1234 JUN 5 มกราคม 2566", "มท 0808.2/ว1234"),
    ("Ni พง 75501/ TUN 28 เมษายน 2565", "พง 75501/"),
])
def test_ref_read_by_its_shape_when_the_label_is_lost(line, ref):
    info, _ = _header(TITLE + line + TAIL)
    assert info.kind == "memo"
    assert info.ref == ref


@pytest.mark.parametrize("text", [
    # the office's phone number is on the ส่วนราชการ line, and no number was printed
    TITLE + "Ni TUN 15 ต.ค. 65" + TAIL,
    # a number of that shape in the body, below เรื่อง, is not the memo's number
    TITLE + "วันที่ 15 ตุลาคม 2565\n\nเรื่อง รายงาน\n\nเรียน นายก\n\nตามหนังสือ ลป 52301/123 นั้น",
])
def test_no_ref_is_invented(text):
    info, _ = _header(text)
    assert info.ref is None


def test_labelled_ref_still_wins():
    info, _ = _header(TITLE + "ที่ ลป 52301/123 วันที่ 15 ตุลาคม 2565" + TAIL)
    assert (info.ref, info.date) == ("ลป 52301/123", "2022-10-15")


@pytest.mark.parametrize("subject_lines,subject,fiscal_year", [
    # a blank line between the เรื่อง line and its wrapped tail, as OCR sets it under a bold label
    (["รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความ",
      "โปร่งใสในการดำเนินงาน (ITA) ประจำปีงบประมาณ พ.ศ. 2565"],
     "รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความ โปร่งใสในการดำเนินงาน (ITA) "
     "ประจำปีงบประมาณ พ.ศ. 2565", 2565),
    (["ขอเสนอแผนการขับเคลื่อนมาตรการส่งเสริมคุณธรรมและความโปร่งใส",
      "ประจำปีงบประมาณ พ.ศ. 2566"],
     "ขอเสนอแผนการขับเคลื่อนมาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. 2566", 2566),
    # a short subject is whole: nothing after it is joined
    (["รายงานผล"], "รายงานผล", None),
])
def test_memo_subject_runs_to_the_addressee(subject_lines, subject, fiscal_year):
    text = (TITLE + "ที่ ลป 52301/123 วันที่ 15 ตุลาคม 2565\n\nเรื่อง " + "\n\n".join(subject_lines)
            + "\n\nเรียน นายกเทศมนตรีตำบลนาครัว\n\nตามที่ สำนักงาน ป.ป.ช. ได้ประกาศผล ประจำปีงบประมาณ"
              " พ.ศ. 2566 นั้น")
    info, _ = _header(text)
    assert info.subject == subject
    if fiscal_year:
        assert info.fiscal_year == fiscal_year


def test_subject_tail_is_not_taken_from_the_body():
    # no เรียน line: the memo form is not whole, and the body after a blank line stays out
    text = (TITLE + "ที่ ลป 52301/123 วันที่ 15 ตุลาคม 2565\n\nเรื่อง รายงานการวิเคราะห์ผลการประเมิน"
            "คุณธรรมและความโปร่งใส\n\nผลการประเมินในปีที่ผ่านมา พ.ศ. 2564")
    info, _ = _header(text)
    assert info.subject == "รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส"


ANNOUNCEMENT = ("ประกาศเทศบาลตำบลบ้านแป้น\nเรื่อง มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน\n"
                "ประจำปีงบประมาณ พ.ศ. 2568\n\nทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป\n")


@pytest.mark.parametrize("closing,date", [
    ("ประกาศ A JUN 2 ตุลาคม พ.ศ. 2567", "2024-10-02"),      # ณ and วันที่ both read as Latin
    ("ประกาศ ณ TUN 2 ตุลาคม พ.ศ. 2567 a", "2024-10-02"),    # วันที่ read as Latin
    ("ประกาศ ณ วันที่ 2 ตุลาคม พ.ศ. 2567", "2024-10-02"),    # as printed
])
def test_announcement_closing_date_with_its_label_read_as_latin(closing, date):
    info, _ = _header(ANNOUNCEMENT + closing + "\n\n(นายอุดม ปัญญาวงค์)\nนายกเทศมนตรีตำบลบ้านแป้น")
    assert info.kind == "announcement"
    assert info.date == date


def test_latin_words_alone_are_no_date():
    info, ws = _header(ANNOUNCEMENT + "ประกาศ ITA ผล ของหน่วยงาน\n")
    assert info.date is None
    assert "date-missing" in [w.code for w in ws]


ITA_PROSE = ("ตามที่ สำนักงาน ป.ป.ช. ได้ประกาศผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของ"
             "หน่วยงานภาครัฐ (ITA) ประจำปีงบประมาณ พ.ศ. 2565 นั้น เทศบาลตำบลนาครัว ได้คะแนนรวม "
             "{total} คะแนน อยู่ในระดับ {grade} ผ่านเกณฑ์การประเมิน โดยมีคะแนนรายตัวชี้วัด ดังนี้\n")
INDICATORS = [("การปฏิบัติหน้าที่", 92.35), ("การใช้งบประมาณ", 88.10), ("การใช้อำนาจ", 90.47),
              ("การใช้ทรัพย์สินของราชการ", 85.62), ("การแก้ไขปัญหาการทุจริต", 93.18),
              ("คุณภาพการดำเนินงาน", 87.55), ("ประสิทธิภาพการสื่อสาร", 84.20),
              ("การปรับปรุงการทำงาน", 86.73), ("การเปิดเผยข้อมูล", 91.67),
              ("การป้องกันการทุจริต", 75.00)]


def _ita(total: str, grade: str, rows=INDICATORS, source: str = "ocr"):
    table = "ตัวชี้วัด\tคะแนน\n" + "\n".join(f"{i}. {name}\t{v:.2f}" for i, (name, v) in
                                              enumerate(rows, 1))
    text = ITA_PROSE.format(total=total, grade=grade) + table
    document = document_of(text)
    document.pages[0].text_source = source
    return extract_ita(document, DocText.of_texts([text]))


def test_printed_grade_beats_a_total_the_indicators_do_not_confirm():
    # 86.17 read as 52.13 (8/5, 6/2, 7/3 misread at once); two indicators lost as well
    ita, ws = _ita("52.13", "A", INDICATORS[:5] + INDICATORS[6:8] + INDICATORS[9:])
    assert (ita.score, ita.grade) == (None, "A")
    assert "ita-grade-mismatch" in [w.code for w in ws]


def test_a_typed_total_stands_against_its_printed_grade():
    """Digits from a text layer or a text file are as the office typed them: the mismatch is
    the document's own, reported, and the total is kept."""
    ita, ws = _ita("52.13", "A", INDICATORS[:5] + INDICATORS[6:8] + INDICATORS[9:],
                   source="pdf-text")
    assert (ita.score, ita.grade) == (52.13, "E")
    assert "ita-grade-mismatch" in [w.code for w in ws]


def test_a_total_the_indicators_confirm_stands_against_the_printed_grade():
    # 0.3 x 89.944 + 0.3 x 86.16 + 0.4 x 83.335 = 86.1652: the total is right, the letter not
    ita, ws = _ita("86.17", "B")
    assert (ita.score, ita.grade) == (86.17, "A")
    assert "ita-grade-mismatch" in [w.code for w in ws]


def test_total_and_grade_that_agree_are_kept():
    ita, ws = _ita("86.17", "A")
    assert (ita.score, ita.grade, ita.assessed_year) == (86.17, "A", 2565)
    assert "ita-grade-mismatch" not in [w.code for w in ws]


@pytest.mark.parametrize("subject_tail,fiscal_year", [
    ("ประจำปีงบประมาณ WA. 2566", 2566),     # พ.ศ. read by the Latin model
    ("ประจำปีงบประมาณ wd. 2565", 2565),
    ("ประจำปีงบประมาณ W.A. 2567", 2567),
    ("ประจำปีงบประมาณ พ.ศ. 2566", 2566),    # as printed
])
def test_fiscal_year_with_its_be_label_read_as_latin(subject_tail, fiscal_year):
    info, _ = _header(TITLE + "ที่ ลป 52301/123 วันที่ 15 ตุลาคม 2565\n\nเรื่อง รายงานผล " + subject_tail
                      + "\n\nเรียน นายก\n\nตามที่ ...")
    assert info.fiscal_year == fiscal_year


def test_latin_word_before_a_non_year_number_is_left_alone():
    # a number after the Latin word that is no Buddhist-Era year names no fiscal year
    info, _ = _header(TITLE + "วันที่ 15 ตุลาคม 2565\n\nเรื่อง งบ ปีงบประมาณ AB 1234 บาท\n\nเรียน นายก")
    assert info.fiscal_year is None


COMPARED = ("ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน (ITA) ประจำปีงบประมาณ พ.ศ. 2567 "
            "ได้คะแนนรวม {now} คะแนน ระดับ A เพิ่มขึ้นจากปีงบประมาณ พ.ศ. 2566 ซึ่งได้ {before} "
            "คะแนน\n\nตัวชี้วัด\tปี 2566\tปี 2567\tผลต่าง\n"
            "คะแนนรวม\t{before}\t{now}\t+{change}\n")


def test_last_years_score_the_text_compares_with_is_not_the_result():
    """A year-on-year comparison names last year's total ('เพิ่มขึ้นจากปี ... ซึ่งได้ X') and a
    table of totals lists the years oldest first: the result is this year's, and the signed
    cell is the change."""
    text = COMPARED.format(now="91.06", before="85.39", change="5.67")
    ita, ws = extract_ita(document_of(text), DocText.of_texts([text]))
    assert (ita.score, ita.grade, ita.assessed_year) == (91.06, "A", 2567)
    assert "ita-total-disagreement" not in [w.code for w in ws]


def test_a_total_row_of_one_value_and_a_prose_total_stand():
    text = ("ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2566 ได้คะแนนรวม 87.60 คะแนน อยู่ในระดับ A\n"
            "คะแนนรวม\t87.60\tA\n")
    ita, _ = extract_ita(document_of(text), DocText.of_texts([text]))
    assert (ita.score, ita.grade) == (87.60, "A")
