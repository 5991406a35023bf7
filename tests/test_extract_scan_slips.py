"""The OCR slips of scanned pages the extractors read through (real phrases of the samples as
Tesseract read them from the degraded scans of tests/test_scan_regression.py)."""
import pytest

from thaireports.extractors.agency import best_agency
from thaireports.extractors.header import extract_header
from thaireports.extractors.ita import garbled_total_offsets, repair_score, solve_one
from thaireports.extractors.measures import column_role, list_drafts, resolve_timeline
from thaireports.extractors.textutil import DocText


@pytest.mark.parametrize("text, date", [
    ("บันทึกข้อความ\nส่วนราชการ สำนักงานปลัดองค์การบริหารส่วนตำบลคมบาง\n\n- วันที 22 เมษายน 2562\n"
     "เรื่อง มาตรการภายใน\nเรียน หัวหน้าสำนักปลัด", "2019-04-22"),
    ("บันทึกข้อความ\nที่ พง 75501/\n\nวันที่ 28 เมษายน 2565\nเรื่อง มาตรการ\nเรียน นายก", "2022-04-28"),
])
def test_memo_date_without_tone_mark(text, date):
    info, _ = extract_header(DocText.of_texts([text]))
    assert info.date == date


def test_subject_wrapped_by_the_scan():
    info, _ = extract_header(DocText.of_texts([
        "บันทึกข้อความ\nวันที่ 22 เมษายน 2562\n"
        "เรื่อง มาตรการภายในเพื่อส่งเสริมความโปร่งใสและป้องกันการทุจริต ประจำ\n"
        "ปีงบประมาณ พ.ศ. 2562\n\nเรียน หัวหน้าสำนักปลัด"]))
    assert info.subject == ("มาตรการภายในเพื่อส่งเสริมความโปร่งใสและป้องกันการทุจริต ประจำ "
                            "ปีงบประมาณ พ.ศ. 2562")


def test_agency_name_wrapped_across_lines_is_one_name():
    text = ("ประกาศองค์การบริหารส่วนตำบลบีงนคร\nการปฏิบัติงานของเจ้าหน้าที่ในองค์การบริหารส่วนตำบลบึง\n"
            "นคร อำเภอธวัชบุรี จังหวัดร้อยเอ็ด\nองค์การบริหารส่วนตำบลบึงนคร ขอประกาศ\n"
            "ในสังกัดองค์การบริหารส่วนตำบลบึงนครถือปฏิบัติ\nตำบลบึง\n")
    assert best_agency(text)[:2] == ("องค์การบริหารส่วนตำบล", "บึงนคร")


@pytest.mark.parametrize("token, values", [
    ("1010.00", [100.0]),     # ๑๐๐.๐๐ with a doubled digit
    ("9ไ2.74", [92.74]),      # a Thai letter read inside ๙๒.๗๔
    ("581.35", [51.35, 58.35, 81.35]),
    ("ระดับ", []),
])
def test_repair_score(token, values):
    assert repair_score(token) == values


def test_garbled_total_marks_where_the_total_is_stated():
    text = "จากผลการประเมิน ITA ในปีงบประมาณ พ.ศ. 2564 ของ องค์การบริหารส่วนตำบลเหล มีผลคะแนน 84.ญ2 คะแนน"
    assert garbled_total_offsets(text, 84.72) == [text.index("84.ญ2")]
    assert garbled_total_offsets(text, 90.12) == []


def test_solve_one_restores_lost_leading_digits():
    tools = {1: "IIT", 2: "IIT", 3: "IIT", 4: "IIT", 5: "IIT", 6: "EIT", 7: "EIT", 8: "EIT",
             9: "OIT", 10: "OIT"}
    read = {1: 100.0, 2: 99.6, 3: 100.0, 4: 100.0, 5: 100.0, 6: 5.53, 7: 92.74, 8: 94.5,
            9: 81.35, 10: 50.0}
    assert solve_one(read, tools, 84.72) == (6, 97.53)


@pytest.mark.parametrize("header, role", [
    ("ผู้รับผิดช6 บ", "owners"),
    ("ระยะเว ลา ดำเนินก าร", "timeline"),
    ("ขันตอนหรือ วิธีการดำเนินการ", "actions"),
    ("ที่", None),
])
def test_scanned_headers(header, role):
    assert column_role(header) == role


def test_timeline_with_a_month_wrapped_inside():
    assert resolve_timeline("1 ตุลาคม 2564 - 30 กันยาย น 2565", None)[:2] == ("2021-10-01", "2022-09-30")


def test_numbered_list_with_garbled_numbers():
    text = ("1. มาตรการเผยแพร่ข้อมูลต่อสาธารณะ\n\n2. มาตรการให้ผู้มีส่วนได้ส่วนเสียมีส่วนร่วม\n\n"
            "on. มาตรการส่งเสริมความโปร่งใส่ในการจัดซือจัดจ้าง\n\n4. มาตรการจัดการเรืองร้องเรียนการทุจริต\n\n"
            "5. มาตรการป้องกันการรับสินบน และการป้องกันการขัดกันระหว่าง\nผลประโยชน์ส่วนตนกับ\n\n"
            "ผลประโยชน์ส่วนรวม\nเร มาตรการตรวจสอบการใช้ดุลพินิจ\n")
    titles = [d.title for d in list_drafts(DocText.of_texts([text]))]
    assert len(titles) == 6
    assert titles[2].startswith("มาตรการส่งเสริมความโปร่งใส") and titles[5] == "มาตรการตรวจสอบการใช้ดุลพินิจ"
