"""Agency name, type and places: votes over mentions, gazetteer checks, memo prefixes."""
import pytest

from thaireports.extractors.agency import agency_mentions, best_agency, extract_agency


@pytest.mark.parametrize("text,ref,expected", [
    # 002: OCR'd 'กะปอง' is the gazetteer's กะปง; the memo prefix พง agrees with พังงา
    ("ส่วนราชการ สำนักปลัด องค์การบริหารส่วนตำบลเหล โทร.0 7645 5766\n"
     "องค์การบริหารส่วนตำบลเหล อำเภอกะปอง จังหวัดพังงา",
     "พง 75501/", ("องค์การบริหารส่วนตำบลเหล", "sao", "กะปง", "พังงา")),
    # 004: ธวัชบุรี stated twice beats the cover's OCR slip 'อำเภอราชบุรี'
    ("องค์การบริหารส่วนตำบลบึงนคร อำเภอธวัชบุรี จังหวัดร้อยเอ็ด\n"
     "องค์การบริหารส่วนตำบลบึงนคร\nอำเภอราชบุรี จังหวัดร้อยเอ็ด\n"
     "องค์การบริหารส่วนตำบลบึงนคร อำเภอธวัชบุรี จังหวัดร้อยเอ็ด",
     None, ("องค์การบริหารส่วนตำบลบึงนคร", "sao", "ธวัชบุรี", "ร้อยเอ็ด")),
    # 000: no place named, no prefix ('ที่ -'): places stay null; a glued mention
    # ('คมบางตามเกณฑ์...') counts for the clean name
    ("ส่วนราชการ สำนักงานปลัดองค์การบริหารส่วนตำบลคมบาง\n"
     "การดำเนินงานขององค์การบริหารส่วนตำบลคมบางตามเกณฑ์การประเมินคุณธรรม\n"
     "เว็บไซต์ขององค์การบริหารส่วนตำบลคมบาง www.kombang.com",
     None, ("องค์การบริหารส่วนตำบลคมบาง", "sao", None, None)),
    # the province comes from the memo prefix alone
    ("เทศบาลตำบลพังโคน ขอรายงาน", "สน 52301/123", ("เทศบาลตำบลพังโคน", "subdistrict-municipality",
                                                   None, "สกลนคร")),
])
def test_extract_agency(text, ref, expected):
    agency, _ = extract_agency(text, ref)
    assert (agency.name, agency.type, agency.district, agency.province) == expected


def test_repaired_district_is_warned():
    _, warnings = extract_agency("องค์การบริหารส่วนตำบลเหล อำเภอกะปอง จังหวัดพังงา")
    assert "district-repaired" in [w.code for w in warnings]


def test_prefix_disagreeing_with_text_is_warned():
    _, warnings = extract_agency("องค์การบริหารส่วนตำบลเหล อำเภอกะปง จังหวัดพังงา", "ลป 75501/")
    assert "province-conflict" in [w.code for w in warnings]


def test_abbreviation_is_expanded():
    prefix, name, _ = best_agency("นายก อบต.เหล และ อบต.เหล")
    assert prefix + name == "องค์การบริหารส่วนตำบลเหล"


def test_spaced_prefix_is_found():
    # an HTML cell wrapped the long prefix: 'องค์การบริหารส่วน ตำบลบึงนคร'
    assert agency_mentions("ของ องค์การบริหารส่วน ตำบลบึงนคร เมื่อ")[0][1] == "บึงนคร"


def test_no_agency():
    agency, warnings = extract_agency("ไม่มีชื่อหน่วยงาน")
    assert agency.name is None and "agency-missing" in [w.code for w in warnings]


def test_a_dotted_rank_is_not_a_place():
    # 'จ.ส.อ.ธนพล' holds 'อ.' and 'จ.', but as the end of a rank, not as อำเภอ / จังหวัด
    agency, warnings = extract_agency("เทศบาลตำบลแม่แฝก อำเภอสันทราย จังหวัดเชียงใหม่\n"
                                      "(จ.ส.อ.ธนพล ศรีวิชัย)\nผู้อำนวยการกองช่าง")
    assert (agency.district, agency.province) == ("สันทราย", "เชียงใหม่")
    assert not [w for w in warnings if w.code.startswith(("district", "province"))]
