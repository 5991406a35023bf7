"""Conventions of Thai government writing that decide a document's own date and the agency's
place, each tested from the rule with composed, real-looking Thai (positive and negative cases).

- A document's own date is its dating line: a memo's header วันที่, the closing 'ประกาศ / สั่ง /
  รายงาน / อนุมัติ / ให้ไว้ ณ วันที่', or a bare 'ณ วันที่' / 'วันที่' line in the sign-off block. A date
  inside a sentence ('เมื่อวันที่ ...') dates an event.
- A date inside a reference ('ตามที่ ... นั้น', 'ตามประกาศ ...', another body 'มีประกาศ ...') dates the
  cited document.
- An อบจ. is named after its province.
- The agency's district and province come from its own address, not from an event's venue.
"""
import pytest

from thaireports.extractors.agency import extract_agency, in_venue, own_address
from thaireports.extractors.header import document_kind, extract_header, in_citation
from thaireports.extractors.textutil import DocText


def _date(text: str) -> str | None:
    return extract_header(DocText.of_texts([text]))[0].date


SIGNERS = "\n\n(นายสมชาย ใจดี)\n\nนายกเทศมนตรีตำบลหนองบัว\n"


@pytest.mark.parametrize("text,expected", [
    # a bare 'ณ วันที่' line just above the signature of a report
    ("รายงานการวิเคราะห์ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2566\n\nเทศบาลตำบลหนองบัว\n\n"
     "ให้ทุกกองนำแนวทางไปปฏิบัติ\n\nณ วันที่ 20 พฤศจิกายน 2566" + SIGNERS, "2023-11-20"),
    # a bare 'วันที่' line printed under the signature blocks, Thai digits and an abbreviated month
    ("รายงานผลการดำเนินการตามมาตรการ ประจำปีงบประมาณ พ.ศ. ๒๕๖๕\n\nจึงเรียนมาเพื่อโปรดทราบ\n\n"
     "(นางสาวมาลี ศรีสุข)\nปลัดเทศบาลตำบลหนองบัว\nผู้รายงาน\n\nวันที่ ๓๐ ก.ย. ๒๕๖๕\n",
     "2022-09-30"),
    # an approved plan: 'อนุมัติ ณ วันที่' after the approver's signature
    ("แผนปฏิบัติการขับเคลื่อนมาตรการ ประจำปีงบประมาณ พ.ศ. 2566\n\nองค์การบริหารส่วนจังหวัดลำปาง\n\n"
     "(ลงชื่อ) ผู้อนุมัติแผน\n(นายวีระ ทองคำ)\nนายกองค์การบริหารส่วนจังหวัดลำปาง\n\n"
     "อนุมัติ ณ วันที่ 15 ธ.ค. 2565\n", "2022-12-15"),
    # a certificate or order given: 'ให้ไว้ ณ วันที่'
    ("ประกาศเทศบาลตำบลหนองบัว\nเรื่อง ประกาศเกียรติคุณพนักงานดีเด่น\n\nให้ไว้ ณ วันที่ 1 ตุลาคม 2565"
     + SIGNERS, "2022-10-01"),
    # the closing 'รายงาน ณ วันที่' wins over an event dated 'เมื่อวันที่' in the body
    ("รายงานผลการดำเนินการ รอบ 6 เดือน\n\nตามที่เทศบาลตำบลหนองบัวได้ประกาศมาตรการ เมื่อวันที่ 25 "
     "พฤศจิกายน 2565 บัดนี้ ครบรอบ 6 เดือนแล้ว จึงขอรายงานผล ดังนี้\n\nรายงาน ณ วันที่ 12 เมษายน 2566"
     + SIGNERS, "2023-04-12"),
])
def test_dating_line_is_the_documents_date(text, expected):
    assert _date(text) == expected


@pytest.mark.parametrize("text", [
    # a bare 'วันที่' line far from any signature is a table cell or an activity's date
    "รายงานผลการดำเนินการตามมาตรการ\n\nกิจกรรมอบรมคุณธรรม\nวันที่ 10 มกราคม 2566\n"
    "ผู้เข้าร่วม 40 คน\nหัวข้อการอบรม\nการป้องกันการทุจริต\nการขัดกันแห่งผลประโยชน์\n"
    "สรุปผลการอบรม\nผู้เข้าร่วมมีความรู้เพิ่มขึ้น\n",
    # a date inside a sentence dates an event, even right above the signature
    "รายงานผลการจัดกิจกรรม\n\nเทศบาลตำบลหนองบัวจัดกิจกรรม No Gift เมื่อวันที่ 5 มีนาคม 2566"
    + SIGNERS,
    # 'อนุมัติ ณ วันที่' inside a sentence reports when a plan was approved
    "รายงานผลการดำเนินงาน\n\nแผนได้รับอนุมัติ ณ วันที่ 1 ตุลาคม 2565 จากนายกเทศมนตรี" + SIGNERS,
    # a line with more than the date is no dating line ('วันที่ ... เวลา ... ณ ...')
    "รายงานผลการจัดกิจกรรม\n\nวันที่ 9 ธันวาคม 2565 เวลา 09.00 น. ณ ห้องประชุม" + SIGNERS,
    "รายงานผลการจัดกิจกรรม\n\nวันที่ 9 ธันวาคม 2565 เวลา 09.00 น." + SIGNERS,
])
def test_event_and_stray_dates_are_not_the_documents_date(text):
    assert _date(text) is None


@pytest.mark.parametrize("text,expected", [
    # 'ตามที่ ... ประกาศ ณ วันที่ ... นั้น': the cited announcement's date
    ("ประชาสัมพันธ์ช่องทางการตอบแบบวัด EIT ตามที่สำนักงาน ป.ป.ช. มีประกาศสำนักงาน ป.ป.ช. เรื่อง "
     "ปฏิทินการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2566 ประกาศ ณ วันที่ 6 ธันวาคม 2565 นั้น "
     "ขอเชิญชวนประชาชนตอบแบบวัด", None),
    # another body 'มีประกาศ ... ประกาศ ณ วันที่', without ตามที่
    ("ข่าวประชาสัมพันธ์ สำนักงาน ป.ป.ช. มีประกาศ เรื่อง หลักเกณฑ์การประเมิน ประกาศ ณ วันที่ 3 "
     "มีนาคม 2566 ให้หน่วยงานเผยแพร่ข้อมูล", None),
    # 'ตามประกาศ ...' cites, here with the order's closing words
    ("ข่าวประชาสัมพันธ์ ตามประกาศคณะกรรมการ ป.ป.ช. เรื่อง แนวทางการประเมิน สั่ง ณ วันที่ 2 "
     "ตุลาคม 2565 ให้ทุกหน่วยงานดำเนินการ", None),
    # the clause closed ('นั้น ... จึง'), the page's own closing date follows on the same line
    ("ประกาศเทศบาลตำบลหนองบัว เรื่อง มาตรการป้องกันการทุจริต ตามที่สำนักงาน ป.ป.ช. มีประกาศ "
     "ประกาศ ณ วันที่ 6 ธันวาคม 2565 นั้น เทศบาลจึงประกาศมาตรการ ดังนี้ ประกาศ ณ วันที่ 1 "
     "กุมภาพันธ์ 2566", "2023-02-01"),
    # a closing line of its own is a dating line, whatever the paragraph above it cites
    ("ประกาศเทศบาลตำบลหนองบัว\nเรื่อง มาตรการป้องกันการทุจริต\n\nตามที่สำนักงาน ป.ป.ช. มีหนังสือ "
     "แจ้งแนวทาง\nประกาศ ณ วันที่ 1 ตุลาคม 2565" + SIGNERS, "2022-10-01"),
])
def test_date_of_a_cited_document_is_not_the_documents_date(text, expected):
    assert _date(text) == expected


def test_in_citation_needs_a_cue_and_an_open_clause():
    text = "ตามที่ได้ประกาศ ณ วันที่ 1 ตุลาคม 2565 นั้น บัดนี้ ประกาศ ณ วันที่ 2 ตุลาคม 2565"
    assert in_citation(text, text.index("ประกาศ ณ วันที่ 1"))
    assert not in_citation(text, text.index("ประกาศ ณ วันที่ 2"))
    # no cue at all: an ordinary flattened closing
    text = "เรื่อง มาตรการ ... ประกาศ ณ วันที่ 2 ตุลาคม 2565"
    assert not in_citation(text, text.index("ประกาศ ณ"))
    # a paragraph break ends the reference
    text = "ตามที่ได้มีหนังสือแจ้ง\n\nข้อมูล ณ วันที่ 2 ตุลาคม 2565"
    assert not in_citation(text, text.index("ข้อมูล"))


@pytest.mark.parametrize("text,kind", [
    # markdown emphasis or a heading mark around the title is layout
    ("**รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรม**\n\n**เทศบาลตำบลหนองบัว**", "report"),
    ("# ประกาศเทศบาลตำบลหนองบัว\nเรื่อง มาตรการ", "announcement"),
    # a bullet ('* ') starts an item of a list of links, not a title
    ("* ประกาศเทศบาลเมืองทุ่งสง เรื่อง การจัดตั้งศูนย์\n* คำสั่ง แต่งตั้งเจ้าหน้าที่\n* คู่มือ", "other"),
])
def test_title_under_markup(text, kind):
    assert document_kind(text) == kind


@pytest.mark.parametrize("text,province", [
    # an อบจ. is named after its province
    ("องค์การบริหารส่วนจังหวัดสุราษฎร์ธานี ได้นำผลการวิเคราะห์มาจัดทำแผนปฏิบัติการ", "สุราษฎร์ธานี"),
    ("อบจ.มุกดาหาร จัดโครงการอบรมคุณธรรมจริยธรรม ประจำปี พ.ศ. 2561", "มุกดาหาร"),
    # ... even when the text names another province as a venue
    ("องค์การบริหารส่วนจังหวัดเชียงราย เข้าร่วมประชุม ณ โรงแรมแห่งหนึ่ง อำเภอเมืองเชียงใหม่ "
     "จังหวัดเชียงใหม่", "เชียงราย"),

    # a district named in an อบจ.'s text is where a project is, not the agency's district
    ("องค์การบริหารส่วนจังหวัดลำปาง จัดโครงการปลูกป่าชุมชน ในพื้นที่อำเภอเกาะคา จังหวัดลำปาง",
     "ลำปาง"),
])
def test_pao_is_named_after_its_province(text, province):
    agency, _ = extract_agency(text)
    assert agency.type == "pao"
    assert agency.province == province
    assert agency.district is None


@pytest.mark.parametrize("text,district,province", [
    # a venue (ณ ...) names where an event was held: no district; the province is still named
    ("องค์การบริหารส่วนตำบลค้างพลู ได้เข้าร่วมกิจกรรมที่ทางจังหวัดนครราชสีมาได้จัด ณ ห้องประชุม "
     "อาคาร 35 มหาวิทยาลัยเทคโนโลยีราชมงคลอีสาน อำเภอเมืองนครราชสีมา จังหวัดนครราชสีมา",
     None, "นครราชสีมา"),
    ("วันที่ 15 ก.ย.63 ณ ห้องประชุมชั้น 3 อาคารอัฒจันทร์ อำเภอเมือง จังหวัดสงขลา\n"
     "นายวิทยา ทิพย์มณี นายกเทศมนตรีตำบลท่าช้าง รับมอบเกียรติบัตร", None, "สงขลา"),
    # the agency's own address beats a venue elsewhere in the text
    ("เทศบาลตำบลจุน อำเภอจุน จังหวัดพะเยา\nจัดอบรมคุณธรรม ณ โรงแรมแห่งหนึ่ง อำเภอเมืองเชียงราย "
     "จังหวัดเชียงราย", "จุน", "พะเยา"),
    # a venue at the agency's own office: its name is followed by its address
    ("จัดประชุมประชาคม ณ ห้องประชุมองค์การบริหารส่วนตำบลแม่ข่า อำเภอฝาง จังหวัดเชียงใหม่",
     "ฝาง", "เชียงใหม่"),
    # a mention outside any venue still counts ('ณ วันที่' is a date, not a venue)
    ("ณ วันที่ 9 ธันวาคม 2565 นายอำเภอโนนไทย เป็นประธานในพิธีขององค์การบริหารส่วนตำบลค้างพลู "
     "จังหวัดนครราชสีมา", "โนนไทย", "นครราชสีมา"),
])
def test_agency_place_from_its_own_address_not_a_venue(text, district, province):
    agency, _ = extract_agency(text)
    assert (agency.district, agency.province) == (district, province)


def test_pao_own_address_gives_its_district():
    agency, _ = extract_agency("องค์การบริหารส่วนจังหวัดลำปาง อำเภอเมืองลำปาง จังหวัดลำปาง\n"
                               "จัดโครงการ ในพื้นที่อำเภอเกาะคา")
    assert (agency.district, agency.province) == ("เมืองลำปาง", "ลำปาง")


def test_venue_and_own_address_helpers():
    text = "จัดอบรม ณ ศาลาประชาคม อำเภอเชียงคำ"
    assert in_venue(text, text.index("อำเภอ"))
    text = "จัดอบรม ณ ศาลาประชาคม\nเทศบาลตำบลฝายกวาง อำเภอเชียงคำ"
    assert not in_venue(text, text.index("อำเภอ"))  # a line break ends the venue
    districts, provinces = own_address("เทศบาลตำบลโพธิ์ทอง (อ.โพธิ์ทอง จ.อ่างทอง)",
                                       "เทศบาลตำบลโพธิ์ทอง")
    assert dict(districts) == {"โพธิ์ทอง": 1} and dict(provinces) == {"อ่างทอง": 1}
    assert own_address("เทศบาลตำบลโพธิ์ทอง จัดกิจกรรม", "เทศบาลตำบลโพธิ์ทอง") == ({}, {})


# The ที่ field as a scan leaves it: a speck before the number, วันที่ without its tone mark
# after it. A number of the สารบรรณ shape inside the field is the ref.
@pytest.mark.parametrize("line, ref", [
    ("ที่ ‘ นภ 73501/120 วันที 15 มีนาคม 2567", "นภ 73501/120"),
    ("ที่ ลป 52301/123 วันที่ 15 ต.ค. 65", "ลป 52301/123"),
    ("ที่ มท 0808.2/ว 1234 ลงวันที่ 2 มีนาคม 2566", "มท 0808.2/ว 1234"),
    ("ที่ 087/2567", "087/2567"),  # an order's number keeps its own form
])
def test_the_ref_field_as_a_scan_leaves_it(line, ref):
    from thaireports.extractors.header import _ref

    assert _ref(line) == ref
