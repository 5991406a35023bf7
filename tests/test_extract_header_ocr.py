"""Header, agency and signer rules that hold when OCR drops marks and adds specks (issue 10,
items 4-6). Cases are written from the rules: the memo form's fixed labels, how agencies are
named, how signature blocks are printed, and how large bold print loses its upper marks."""
from __future__ import annotations

import pytest

from _extract_helpers import document_of
from thaireports.extractors import extract
from thaireports.extractors.agency import extract_agency
from thaireports.extractors.convert import validated
from thaireports.extractors.header import document_kind, extract_header
from thaireports.extractors.signatories import extract_signatories
from thaireports.extractors.textutil import DocText
from thaireports.normalize.labels import match_label, repair_labels

MEMO_LABELS = ("บันทึกข้อความ", "ส่วนราชการ", "ที่", "วันที่", "เรื่อง", "เรียน")


@pytest.mark.parametrize("word,label", [
    # upper and lower marks dropped on bold labels
    ("บนทกขอความ", "บันทึกข้อความ"), ("สวนราชการ", "ส่วนราชการ"), ("วนท", "วันที่"),
    ("วันที", "วันที่"), ("เรือง", "เรื่อง"), ("ท", "ที่"), ("เรียน", "เรียน"),
    # one more letter misread
    ("รนท", "วันที่"), ("บันทกข้อความ", "บันทึกข้อความ"),
    # words that are not labels
    ("ทดสอบ", None), ("ตามที่", None), ("เรา", None),
])
def test_match_label(word, label):
    assert match_label(word, MEMO_LABELS) == label


def test_repair_labels_only_at_line_starts_and_reports_each():
    text = "บนทกขอความ\nสวนราชการ สำนักปลัด\nท นม 0023/ 145\nวนท 5 มกราคม 2566\nเรือง รายงานผล\n" \
           "ตามที่ ท่านได้สั่งการ วนท ไม่ใช่หัว"
    repaired, warnings = repair_labels(text)
    assert repaired.split("\n")[:5] == ["บันทึกข้อความ", "ส่วนราชการ สำนักปลัด", "ที่ นม 0023/ 145",
                                        "วันที่ 5 มกราคม 2566", "เรื่อง รายงานผล"]
    assert repaired.split("\n")[5] == "ตามที่ ท่านได้สั่งการ วนท ไม่ใช่หัว"  # free text untouched
    assert [w.code for w in warnings] == ["label-repaired"] * 5


@pytest.mark.parametrize("text,kind", [
    ("07 ฆ/\nบนทกขอความ\nสวนราชการ กองคลัง", "memo"),
    ("รายงานผลการดำเนินงานตามมาตรการส่งเสริมคุณธรรม\nองค์การบริหารส่วนตำบลนาดี", "report"),
    ("คาสงองค์การบริหารส่วนตำบลนาดี\nที่ 12/2566", "order"),
    ("ประกาศเทศบาลตำบลโพธิ์ทอง\nเรื่อง มาตรการ", "announcement"),
])
def test_document_kind_survives_dropped_marks(text, kind):
    assert document_kind(repair_labels(text)[0]) == kind


@pytest.mark.parametrize("lines,date", [
    # the label garbled beyond repair: the date is read by its place above เรื่อง
    (["บันทึกข้อความ", "ส่วนราชการ กองช่าง เทศบาลตำบลนาดี", "ที่ นด 52001/ 88",
      "%%# 14 กุมภาพันธ์ 2566", "เรื่อง รายงานผลการดำเนินงาน"], "2023-02-14"),
    # the label repaired
    (["บนทกขอความ", "ท นด 52001/", "วนท 3 มีนาคม 2566", "เรือง ขอรายงานผล"], "2023-03-03"),
])
def test_memo_date_by_label_or_position(lines, date):
    info, _ = extract_header(DocText.of_texts(["\n".join(lines)]))
    assert info.kind == "memo" and info.date == date


@pytest.mark.parametrize("text,date", [
    ("รายงานผลการดำเนินงาน\nรายงาน ณ วันที่ 30 กันยายน 2566", "2023-09-30"),
    # a plan or an analysis dated where its maker signs it off
    ("แนวทางการพัฒนาเพื่อยกระดับผลการประเมิน\nจัดทำ ณ วันที่ 12 กุมภาพันธ์ 2567\nผู้จัดทำ", "2024-02-12"),
    ("ประกาศเทศบาลเมืองลำพูน\nประกาศ ณ วนท 9 ธันวาคม 2565", "2022-12-09"),
    ("ข่าวประชาสัมพันธ์\nวันนี้ (วันจันทร์ที่ 9 ธันวาคม 2567) องค์การบริหารส่วนตำบลช่อระกา",
     "2024-12-09"),
])
def test_document_date_where_the_document_dates_itself(text, date):
    info, _ = extract_header(DocText.of_texts([text]))
    assert info.date == date


@pytest.mark.parametrize("text,name,kind", [
    # a hyphen joins two names into one
    ("ผลการประเมิน ITA ของเทศบาลตำบลท่าเดื่อ-มืดกา ประจำปี 2564", "เทศบาลตำบลท่าเดื่อ-มืดกา",
     "subdistrict-municipality"),
    # an agency named only through its executive
    ("นายกเทศมนตรีตำบลโชคชัย ได้ประกาศเจตจำนงสุจริต", "เทศบาลตำบลโชคชัย",
     "subdistrict-municipality"),
    ("นายกเทศมนตรีเมืองชัยภูมิ ลงนามในประกาศ", "เทศบาลเมืองชัยภูมิ", "town-municipality"),
    # a Latin letter OCR put inside the name: repaired from the gazetteer, never a cut
    ("องค์การบริหารส่วนตำบลบึงนSร อำเภอธวัชบุรี จังหวัดร้อยเอ็ด", "องค์การบริหารส่วนตำบลบึงนคร", "sao"),
])
def test_agency_names(text, name, kind):
    agency, _ = extract_agency(text)
    assert (agency.name, agency.type) == (name, kind)


@pytest.mark.parametrize("block,name,title", [
    # specks before the '(' and after a lost ')'
    ("\\ \\ (นางสาวภัทรดานันท์ บุญมี)\nนักทรัพยากรบุคคลปฏิบัติการ", "ภัทรดานันท์ บุญมี", "นางสาว"),
    ("(นายสิทธิชัย เฟ็งจำรัส ก+,\nนักวิเคราะห์นโยบายและแผนปฏิบัติการ", "สิทธิชัย เฟ็งจำรัส", "นาย"),
    ("(นายวันชัย ประชุมชน)\nนายกองค์การบริหารส่วนตำบลบึงนคร", "วันชัย ประชุมชน", "นาย"),
])
def test_signature_lines_with_specks(block, name, title):
    people, _ = extract_signatories(block)
    assert [(p.name, p.title) for p in people] == [(name, title)]


def test_a_parenthesised_phrase_is_not_a_signer():
    assert extract_signatories("(ตามหนังสือ ที่แนบ)\nข้อความต่อไป")[0] == []


def test_an_ocr_year_out_of_range_is_a_warning_not_a_crash():
    # '๖๕๖๕' for '๒๕๖๕' in a phone photo: no fiscal year, no date, a record all the same
    doc = document_of("บันทึกข้อความ\nส่วนราชการ สำนักปลัด องค์การบริหารส่วนตำบลเหล\n"
                      "ที่ พง 75501/\nวันที่ 28 เมษายน 6565\n"
                      "เรื่อง มาตรการส่งเสริมคุณธรรม ประจำปีงบประมาณ พ.ศ. 6565\nเรียน นายก")
    record = extract(doc)
    assert record.document.fiscal_year is None and record.document.date is None
    assert "date-implausible-year" in {w.code for w in record.warnings}


def test_validated_nulls_a_value_out_of_range_with_a_warning():
    record = extract(document_of("ประกาศ"))
    data = record.model_dump(by_alias=True)
    data["document"]["fiscal_year"] = 6565
    fixed = validated(data)
    assert fixed.document.fiscal_year is None
    assert [w.code for w in fixed.warnings][-1] == "value-out-of-range"


@pytest.mark.parametrize("line,ref", [
    ("ที่ พง 75501/", "พง 75501/"),
    ("ที่ นม 0023/ 145", "นม 0023/ 145"),
    # the date on the same line, its label lost, is not part of the ref
    ("ที่ - 22 เมษายน 2562", None),
    ("ที่ พง 75501/ 28 เมษายน 2565", "พง 75501/"),
    # no number and no slash: not a ref
    ("ที่ - JUN", None),
])
def test_ref(line, ref):
    info, _ = extract_header(DocText.of_texts([f"บันทึกข้อความ\nส่วนราชการ กองคลัง\n{line}\n"
                                               "เรื่อง รายงานผล\nเรียน นายก"]))
    assert info.ref == ref


def test_a_stump_of_the_agency_name_does_not_outvote_the_gazetteer_name():
    # a break after 'บึง' in one mention: the gazetteer's บึงนคร is the name
    text = ("ประกาศองค์การบริหารส่วนตำบลบึง\nเรื่อง มาตรการ\nองค์การบริหารส่วนตำบลบึง ได้ดำเนินการ\n"
            "หน้าที่ในองค์การบริหารส่วนตำบลบึงนคร อำเภอธวัชบุรี จังหวัดร้อยเอ็ด")
    agency, _ = extract_agency(text)
    assert agency.name == "องค์การบริหารส่วนตำบลบึงนคร"


@pytest.mark.parametrize("text,date", [
    # 'เดือน' before the month, a speck of a mark after it and a tone mark inside the month
    ("ประกาศ ณ วันที่ 10 เดือนี มีน๊าคม พ.ศ. 2566", "2023-03-10"),
    # a letter doubled before วันที่ in bold print
    ("ประกาศ ณววันที 10 มีนาคม พ.ศ. 2566", "2023-03-10"),
])
def test_announcement_dates_through_specks(text, date):
    info, _ = extract_header(DocText.of_texts(["ประกาศองค์การบริหารส่วนตำบลนาดี\nเรื่อง มาตรการ\n" + text]))
    assert info.date == date


@pytest.mark.parametrize("text,district,province", [
    # the name on the next line after 'จังหวัด' / 'อำเภอ'
    ("เทศบาลตำบลบ้านแป้น อำเภอเมือง จังหวัด\nลำพูน", "เมืองลำพูน", "ลำพูน"),
    ("องค์การบริหารส่วนตำบลเหล อำเภอ\nกะปง จังหวัดพังงา", "กะปง", "พังงา"),
    # 'อำเภอเมือง' alone is the province's own เมือง district
    ("เทศบาลตำบลบ้านแป้น อำเภอเมือง จังหวัดลำพูน", "เมืองลำพูน", "ลำพูน"),
])
def test_places_across_a_line_break(text, district, province):
    agency, _ = extract_agency(text)
    assert (agency.district, agency.province) == (district, province)


def test_a_name_and_its_position_on_one_line():
    people, _ = extract_signatories("(นางวราภรณ์ สุขเกษม) หัวหน้าฝ่ายอำนวยการ")
    assert [(p.name, p.position) for p in people] == [("วราภรณ์ สุขเกษม", "หัวหน้าฝ่ายอำนวยการ")]
