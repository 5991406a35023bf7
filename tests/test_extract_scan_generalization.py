"""Rules that keep a scan's record the same as its text's (OCR noise on documents the project has
not seen). Every case is composed here from the rule it tests: how Thai OCR drops marks and swaps
look-alike letters, how a scan wraps sentences onto new lines, and how news pages date themselves.
"""
from __future__ import annotations

from thaireports.extractors.agency import _cut_glued, extract_agency, gazetteer_spelling
from thaireports.extractors.header import document_kind, extract_header
from thaireports.extractors.textutil import DocText
from thaireports.normalize.labels import repair_labels


# --- a place name read back as the gazetteer spells it ------------------------------------------

def test_lookalike_consonant_outvoted_by_gazetteer_spelling():
    # ซ for ช twice, the right spelling once: the mentions are one place, spelled as the gazetteer
    text = ("องค์การบริหารส่วนตำบลซุมแสง จัดประชุมประจำเดือน\n"
            "นายกองค์การบริหารส่วนตำบลชุมแสง เป็นประธาน\n"
            "พนักงานองค์การบริหารส่วนตำบลซุมแสง เข้าร่วม")
    agency, _ = extract_agency(text)
    assert agency.name == "องค์การบริหารส่วนตำบลชุมแสง"


def test_dropped_tone_mark_read_as_gazetteer_name_with_warning():
    agency, warnings = extract_agency("เทศบาลตำบลน้ำเชียว อำเภอแหลมงอบ จัดกิจกรรม")
    assert agency.name == "เทศบาลตำบลน้ำเชี่ยว"
    assert any(w.code == "word-repaired" and "น้ำเชี่ยว" in w.message for w in warnings)


def test_gazetteer_spelling_keeps_what_it_cannot_tell():
    assert gazetteer_spelling("ชุมแสง") == "ชุมแสง"        # known: untouched
    assert gazetteer_spelling("นาขา") == "นาขา"            # two places share that skeleton
    assert gazetteer_spelling("ทดสอบนคร") == "ทดสอบนคร"    # no place like it
    assert gazetteer_spelling("ชมา") == "ชมา"              # too short to tell
    # each part of a hyphenated name alone
    assert gazetteer_spelling("ซุมแสง-น้ำเชียว") == "ชุมแสง-น้ำเชี่ยว"


def test_clean_text_agency_unchanged():
    agency, warnings = extract_agency("องค์การบริหารส่วนตำบลชุมแสง อำเภอจักราช")
    assert agency.name == "องค์การบริหารส่วนตำบลชุมแสง"
    assert not any(w.code == "word-repaired" for w in warnings)


def test_no_cut_right_after_a_hyphen():
    # the second name of a hyphenated pair may begin like a glued word (มี, ใน, ตาม)
    assert _cut_glued("หนองบัว-มีชัย") == "หนองบัว-มีชัย"
    assert _cut_glued("หนองบัว-ในเมือง") == "หนองบัว-ในเมือง"
    assert _cut_glued("หนองบัวมีผลการประเมิน") == "หนองบัว"


def test_whole_known_place_at_line_end_takes_no_wrapped_word():
    # a scan ends the line on the whole place name; the next line goes on with the sentence
    text = "ประกาศเจตนารมณ์ สุจริต โปร่งใส องค์การบริหารส่วนตำบลชะมวง\nร่วมใจ ต้านทุจริต 2567"
    agency, _ = extract_agency(text)
    assert agency.name == "องค์การบริหารส่วนตำบลชะมวง"
    # a name the break cut is still joined
    agency, _ = extract_agency("องค์การบริหารส่วนตำบลชุม\nแสง อำเภอจักราช")
    assert agency.name == "องค์การบริหารส่วนตำบลชุมแสง"


# --- a news item's own date with its marks lost -------------------------------------------------

def test_today_with_dropped_marks():
    text = ("ข่าวประชาสัมพันธ์\nวนนี (วันจันทร์ที 3 มีนาคม 2568) เวลา 09.30 น. คณะผู้บริหาร"
            "ร่วมประชุม")
    info, _ = extract_header(DocText.of_texts([text]))
    assert info.date == "2025-03-03"
    clean = "วันนี้ (วันจันทร์ที่ 3 มีนาคม 2568) คณะผู้บริหารร่วมประชุม"
    assert extract_header(DocText.of_texts([clean]))[0].date == "2025-03-03"
    # no bracketed full date: nothing is read
    assert extract_header(DocText.of_texts(["วันนี (ฝนตก) เราประชุม"]))[0].date is None


# --- a label is never read after a number -------------------------------------------------------

def test_label_after_a_number_is_not_repaired():
    text = "ตามหนังสือลงวันที 5 มกราคม\n2566 เรือง การประชุมคณะทำงาน\n1. เรือง ที่หนึ่ง"
    repaired, warnings = repair_labels(text)
    assert repaired == text and not warnings
    # stray specks before a label still go
    assert repair_labels("' เรือง มาตรการ")[0] == "เรื่อง มาตรการ"


# --- a wrapped sentence is not a title ----------------------------------------------------------

def test_wrapped_sentence_starting_with_prakat_word_is_not_a_title():
    text = ("เทศบาลตำบลชุมแสง รับมอบ\nประกาศนียบัตรเชิดชูเกียรติ จากจังหวัด\n"
            "ในการประชุมประจำเดือน")
    assert document_kind(text) == "other"
    text = "คณะผู้บริหารร่วมงานมอบ\nประกาศเกียรติคุณ 12 หน่วยงาน"
    assert document_kind(text) == "other"
    text = ("' ตามทีจังหวัดได้แจ้งผลการประเมินคุณธรรมและความโปร่งใส\n"
            "ประกาศรายชื่อหน่วยงานที่ผ่านเกณฑ์ 40 แห่ง\nจึงขอประชาสัมพันธ์")
    assert document_kind(text) == "other"


def test_real_titles_still_read():
    assert document_kind("ประกาศเทศบาลตำบลชุมแสง\nเรื่อง มาตรการป้องกันการทุจริต") == \
        "announcement"
    assert document_kind("ประกาศ\nองค์การบริหารส่วนตำบลชะมวง\nเรื่อง นโยบาย") == "announcement"
    assert document_kind("คำสั่งเทศบาลตำบลชุมแสง\nที่ 12/2566") == "order"
