"""What a measure is, by structure and context rather than by its first word (issue 10, item 2),
and ITA results only with ITA evidence (item 3). Cases are written from the rules, in the ways
agencies print plans, announcements and news of their ITA results."""
from __future__ import annotations

import pytest

from _extract_helpers import document_of
from thaireports.extractors import extract
from thaireports.extractors.ita import is_ita_result, printed_grade
from thaireports.extractors.measures import extract_measures
from thaireports.extractors.measures.draft import is_measure_title, is_umbrella_title
from thaireports.extractors.textutil import DocText


def _titles(*pages: str) -> list[str]:
    doc = document_of(*pages)
    measures, _ = extract_measures(doc, DocText.of(doc))
    return [m.title for m in measures]


@pytest.mark.parametrize("title,measure", [
    ("มาตรการป้องกันการรับสินบน", True),
    ("โครงการอบรมคุณธรรมจริยธรรมแก่บุคลากร", True),
    ("กิจกรรมการสร้างวัฒนธรรมไม่รับของขวัญ (No Gift Policy)", True),
    # a project with the programme's words is still one project
    ("โครงการส่งเสริมคุณธรรมและจริยธรรม", True),
    # the umbrella title of the whole programme is not one measure
    ("มาตรการภายในเพื่อส่งเสริมความโปร่งใสและป้องกันการทุจริต", False),
    ("มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน", False),
    ("มาตรการ", False),
    ("ผลการประเมินพบว่า", False),
])
def test_is_measure_title(title, measure):
    assert is_measure_title(title) is measure


def test_umbrella_words_do_not_swallow_a_real_measure():
    assert not is_umbrella_title("มาตรการให้ผู้มีส่วนได้เสียมีส่วนร่วมในการส่งเสริมความโปร่งใส")


def test_a_page_about_one_measure():
    # a web page or a one-page notice: the title, then its rationale in prose
    page = ("มาตรการส่งเสริมการใช้ทรัพย์สินของทางราชการอย่างถูกต้อง\n"
            "ทรัพย์สินของทางราชการเป็นของส่วนรวมที่ต้องใช้เพื่อประโยชน์ของราชการเท่านั้น "
            "องค์การบริหารส่วนตำบลจึงกำหนดแนวทางการยืมและการใช้ให้ชัดเจนและตรวจสอบได้")
    assert _titles(page) == ["มาตรการส่งเสริมการใช้ทรัพย์สินของทางราชการอย่างถูกต้อง"]


def test_a_titled_section_followed_by_prose_only():
    page = ("ประกาศเทศบาลตำบลนาดี\nเรื่อง มาตรการต่าง ๆ\n\n"
            "กิจกรรมเสริมสร้างวัฒนธรรมองค์กรต่อต้านการทุจริต\n"
            "เมื่อวันที่ 5 มกราคม 2566 คณะผู้บริหารและพนักงานเทศบาลร่วมกันประกาศเจตนารมณ์ต่อต้าน"
            "การทุจริตทุกรูปแบบ ณ ห้องประชุมเทศบาล")
    assert _titles(page) == ["กิจกรรมเสริมสร้างวัฒนธรรมองค์กรต่อต้านการทุจริต"]


def test_a_short_line_in_running_prose_is_not_a_section():
    page = ("องค์การบริหารส่วนตำบลได้ดำเนินการตามแผนงานต่าง ๆ อย่างต่อเนื่องตลอดปีงบประมาณ โดยมี\n"
            "โครงการหลายโครงการ\n"
            "ที่ได้รับความร่วมมือจากประชาชนในพื้นที่เป็นอย่างดี และจะดำเนินการต่อไปในปีถัดไป")
    assert _titles(page) == []


def test_numbered_projects_are_measures():
    page = ("มิติที่ 1 การสร้างสังคมที่ไม่ทนต่อการทุจริต\n"
            "1) โครงการความรู้คู่คุณธรรม\n2) โครงการส่งเสริมคุณธรรมและจริยธรรมในการทำงาน\n")
    assert _titles(page) == ["โครงการความรู้คู่คุณธรรม", "โครงการส่งเสริมคุณธรรมและจริยธรรมในการทำงาน"]


def test_a_numbered_list_under_a_line_that_announces_measures():
    # the items start with any word: the line above says they are measures
    page = ("องค์การบริหารส่วนตำบลนาดีจึงได้กำหนดมาตรการ ดังนี้\n"
            "1. การเผยแพร่ข้อมูลการจัดซื้อจัดจ้างผ่านเว็บไซต์ทุกเดือน\n"
            "2. การเปิดช่องทางร้องเรียนการทุจริตทางโทรศัพท์และไลน์\n"
            "ประกาศ ณ วันที่ 9 มกราคม 2566")
    assert _titles(page) == ["การเผยแพร่ข้อมูลการจัดซื้อจัดจ้างผ่านเว็บไซต์ทุกเดือน",
                             "การเปิดช่องทางร้องเรียนการทุจริตทางโทรศัพท์และไลน์"]


def test_numbered_findings_are_not_measures():
    page = ("ผลการวิเคราะห์พบว่า\n1. บุคลากรยังไม่เข้าใจขั้นตอนการร้องเรียน\n"
            "2. เว็บไซต์ยังไม่เผยแพร่ข้อมูลครบถ้วน\n")
    assert _titles(page) == []


# ---------------------------------------------------------------- ITA results
@pytest.mark.parametrize("text,number,result", [
    ("ผลการประเมิน ITA ประจำปี 2566 ได้คะแนน 96.04 คะแนน", "96.04", True),
    ("ผลการประเมินคุณธรรมและความโปร่งใส มีผลคะแนน 84.72 คะแนน", "84.72", True),
    # a satisfaction average out of 5
    ("ITA ... ความพึงพอใจของผู้รับบริการ ได้คะแนนเฉลี่ย 4.37 จากคะแนนเต็ม 5", "4.37", False),
    # a target or a pass line
    ("การประเมิน ITA มีเป้าหมาย ผลคะแนน ไม่น้อยกว่า 85.00 คะแนน", "85.00", False),
    # a change against the year before
    ("ผลการประเมิน ITA ปีนี้ เพิ่มขึ้น 1.52 คะแนน", "1.52", False),
    # another assessment (LPA) with no ITA in sight
    ("ผลการประเมิน LPA ประจำปี 2560 ได้คะแนนรวม 90.25", "90.25", False),
    # a score with no assessment named at all
    ("การแข่งขันกีฬา ทีมได้คะแนน 88.50 คะแนน", "88.50", False),
])
def test_is_ita_result(text, number, result):
    start = text.index(number)
    assert is_ita_result(text, start, start + len(number)) is result


def test_a_grade_printed_without_a_score_is_kept():
    text = ("เทศบาลเมืองลำพูน มีผลการประเมิน ITA ประจำปี 2565 ในระดับ A "
            "โดยมีการมอบประกาศนียบัตรแก่หน่วยงานที่ได้ระดับ AA และระดับ A")
    assert printed_grade(text)[0] == "A"
    record = extract(document_of(text))
    assert (record.ita.grade, record.ita.score, record.ita.assessed_year) == ("A", None, 2565)


@pytest.mark.parametrize("text,year", [
    ("ผลการประเมิน ITA 2566 ได้คะแนน 91.20 คะแนน", 2566),
    ("การประเมินคุณธรรมและความโปร่งใส (ITA) พ.ศ.2564 ได้คะแนน 88.37 คะแนน", 2564),
])
def test_the_assessed_year_as_printed(text, year):
    record = extract(document_of(text))
    assert record.ita.assessed_year == year


def test_a_survey_average_never_becomes_an_ita_score():
    text = ("รายงานผลการดำเนินงานตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส (ITA)\n"
            "ผลการสำรวจความพึงพอใจ ได้คะแนนเฉลี่ย 4.37 จากคะแนนเต็ม 5")
    assert extract(document_of(text)).ita is None


# ---------------------------------------------------------------- ITA score tables
INDICATOR_NAMES = ["การปฏิบัติหน้าที่", "การใช้งบประมาณ", "การใช้อำนาจ", "การใช้ทรัพย์สินของราชการ",
                   "การแก้ไขปัญหาการทุจริต", "คุณภาพการดำเนินงาน", "ประสิทธิภาพการสื่อสาร",
                   "การปรับปรุงการทำงาน", "การเปิดเผยข้อมูล", "การป้องกันการทุจริต"]


def _score_doc(table):
    from thaireports.ingest.document import Table

    text = "ผลการประเมินคุณธรรมและความโปร่งใส (ITA) ประจำปีงบประมาณ พ.ศ. 2566\n"
    return document_of(text, tables=[Table(page=1, offset=len(text), **table)])


def test_indicator_scores_laid_out_horizontally():
    scores = ["95.10", "90.00", "88.25", "97.00", "92.40", "85.55", "80.10", "79.90", "70.00", "60.50"]
    record = extract(_score_doc({"header": INDICATOR_NAMES, "rows": [scores]}))
    assert [i.score for i in record.ita.indicators] == [float(x) for x in scores]


def test_two_years_side_by_side_take_the_assessed_year():
    rows = [[name, f"{60 + k}.00", f"{80 + k}.50"] for k, name in enumerate(INDICATOR_NAMES)]
    record = extract(_score_doc({"header": ["ตัวชี้วัด", "ปี 2565", "ปี 2566"], "rows": rows}))
    # the prose names 2566: its column, not last year's
    assert [i.score for i in record.ita.indicators] == [80.5 + k for k in range(10)]


@pytest.mark.parametrize("title", [
    # an umbrella line cut where a scan wrapped it: its year or its verb went to the next line
    "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำ",
    "มาตรการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงานไป",
    "มาตรการส่งเสริมคุณธรรมและความโปร่งใสขององค์การบริหารส่วนตำบลนาดี",
])
def test_umbrella_titles_cut_by_a_wrap(title):
    assert is_umbrella_title(title)


def test_a_grade_stands_when_the_total_is_illegible():
    # '84.ซ2': one digit of the total unreadable; the printed grade in ITA context is kept
    text = ("การวิเคราะห์ผลการประเมิน ITA ขององค์การบริหารส่วนตำบลเหล พบว่า มีผลคะแนน 84.ซ2 "
            "คะแนน อยู่ในระดับ B\n1. การปฏิบัติหน้าที่ คะแนน 100.00\n2. การใช้งบประมาณ คะแนน 99.60\n"
            "3. การใช้อำนาจ คะแนน 100.00")
    record = extract(document_of(text))
    assert record.ita.score is None and record.ita.grade == "B"


def test_the_header_printed_again_inside_a_cut_row_is_not_its_text():
    from thaireports.ingest.document import Table

    header = ["มาตรการ/แนวทาง", "ขั้นตอนหรือวิธีการดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลาดำเนินการ"]
    table = Table(page=1, offset=0, header=header, rows=[
        ["นำข้อมูลต่างๆ ลงเว็บไซต์ให้ครบถ้วน", "ขั้นตอนหรือ วิธีการดำเนิน", "ผู้รับผิด ชอบ",
         "ระยะเวลา ดำเนินการ"]])
    doc = document_of("x", tables=[table])
    m, = extract_measures(doc, DocText.of(doc))[0]
    assert m.owners == [] and m.timeline is None and m.actions == []


def test_a_continued_row_taken_for_a_header_is_read_as_a_row():
    from thaireports.ingest.document import Table

    first = Table(page=1, offset=0, header=["มาตรการ", "ผู้รับผิดชอบ", "ระยะเวลา"], rows=[
        ["มาตรการเผยแพร่ข้อมูลต่อสาธารณะ", "สำนักปลัด", "ตลอดปีงบประมาณ 2566"]])
    # a scan's reader saw a row of text cells at the top of the next page and called it a header
    rest = Table(page=2, offset=0, header=["มาตรการป้องกันการรับสินบน", "กองคลัง", "มีนาคม 2566"],
                 rows=[])
    doc = document_of("x", "y", tables=[first, rest])
    titles = [m.title for m in extract_measures(doc, DocText.of(doc))[0]]
    assert titles == ["มาตรการเผยแพร่ข้อมูลต่อสาธารณะ", "มาตรการป้องกันการรับสินบน"]


def test_umbrella_titles_through_a_scattered_mark():
    # 'คุณธรรมิ': a mark OCR put on a word of the programme's title
    assert is_umbrella_title("มาตรการส่งเสริมคุณธรรมิและความโปร่งใส ประจำ")


@pytest.mark.parametrize("line,number,score", [
    # a narrow cell wrapped the name: OCR keeps the break as a space between two letters
    ("6. คุณภาพการดำเนิน งาน คะแนน 97.53", 6, 97.53),
    ("8. การปรับปรุงการ ทำงาน คะแนน 94.50", 8, 94.5),
    # and dropped the small vowels of bold print
    ("5. การแก้ไขปัญหาการ ทจริต คะแนน 100.00", 5, 100.0),
    ("7. ประสิทธิภาพการ สือสาร คะแนน 92.74", 7, 92.74),
])
def test_indicator_scores_through_wraps_and_dropped_marks(line, number, score):
    from thaireports.extractors.ita import indicator_readings

    readings = indicator_readings("ผลการประเมิน ITA\n" + line, [])
    assert [r.value for r in readings[number]] == [score]
