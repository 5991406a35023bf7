"""Rules of Thai agency documents met on real pages the project had never seen (their texts are
not kept here). Each test states one rule on lines composed for it."""
from thaireports.extractors.header import extract_header
from thaireports.extractors.measures import extract_measures
from thaireports.extractors.signatories import extract_signatories
from thaireports.extractors.textutil import DocText
from _extract_helpers import document_of

PROSE = ("องค์การบริหารส่วนตำบลหนองแกได้กำหนดแนวทางให้บุคลากรทุกคนถือปฏิบัติอย่างเคร่งครัด "
         "เพื่อให้การปฏิบัติหน้าที่เป็นไปด้วยความซื่อสัตย์สุจริตและตรวจสอบได้")


def _fiscal_year(*lines: str) -> int | None:
    info, _ = extract_header(DocText.of_texts(["\n".join(lines)]))
    return info.fiscal_year


# ------------------------------------------------------------------ the assessment's year
def test_assessment_named_by_tool_and_year():
    """An ITA round is named by its BE year after the tool's name, with or without 'ปี' and
    'พ.ศ.' between: that year is the year the page is about when no ปีงบประมาณ is stated."""
    assert _fiscal_year("การเปิดเผยข้อมูลสาธารณะ", "ITA ปี พ.ศ.2566", "o1 โครงสร้าง") == 2566
    assert _fiscal_year("ผลการประเมิน ITA 2565 ของหน่วยงาน") == 2565
    assert _fiscal_year("หลักฐานประกอบ ITA ประจำปี 2567") == 2567


def test_a_christian_era_event_name_is_no_fiscal_year():
    """'Kickoff ITA 2023' names the event by its CE year: no BE year is read from it."""
    assert _fiscal_year("ร่วมรับฟังการชี้แจง Kickoff ITA 2023 ผ่านระบบออนไลน์") is None


def test_a_stated_fiscal_year_still_wins_over_the_tool_year():
    assert _fiscal_year("ITA 2566", "มาตรการส่งเสริมคุณธรรม ประจำปีงบประมาณ พ.ศ. 2567") == 2567


# ------------------------------------------------------------------ an announcement of one measure
def test_announcement_subject_naming_one_measure_is_that_measure():
    """'ประกาศ ... เรื่อง มาตรการ...' with prose under it announces that one measure."""
    doc = document_of("ประกาศองค์การบริหารส่วนตำบลหนองแก\n\n"
                      "เรื่อง  มาตรการป้องกันการรับสินบน\n\n" + PROSE + "\n")
    measures, _ = extract_measures(doc, DocText.of(doc))
    assert [m.title for m in measures] == ["มาตรการป้องกันการรับสินบน"]
    assert measures[0].category == "bribery-conflict-of-interest"


def test_announcement_subject_measure_takes_the_numbered_actions_under_it():
    doc = document_of("ประกาศเทศบาลตำบลนาดี\n"
                      "เรื่อง มาตรการตรวจสอบการใช้ดุลพินิจ\n\n" + PROSE + "\n"
                      "1. ให้ทุกกองจัดทำคู่มือการปฏิบัติงานและเผยแพร่ทางเว็บไซต์\n"
                      "2. ให้สำนักปลัดรายงานผลการดำเนินการต่อนายกเทศมนตรี\n"
                      "ประกาศ ณ วันที่ 5 มกราคม 2567\n")
    measures, _ = extract_measures(doc, DocText.of(doc))
    assert [m.title for m in measures] == ["มาตรการตรวจสอบการใช้ดุลพินิจ"]
    assert len(measures[0].actions) == 2


def test_announcement_subject_naming_the_programme_is_no_measure():
    """The subject of a whole programme (umbrella words, a year) is not one measure."""
    for subject in ("มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. 2567",
                    "มาตรการภายในเพื่อส่งเสริมความโปร่งใสและป้องกันการทุจริต"):
        doc = document_of("ประกาศองค์การบริหารส่วนตำบลหนองแก\n\nเรื่อง " + subject + "\n\n"
                          + PROSE + "\n")
        measures, _ = extract_measures(doc, DocText.of(doc))
        assert measures == []


def test_a_subject_that_is_no_measure_stays_none():
    doc = document_of("ประกาศเทศบาลตำบลนาดี\n\nเรื่อง การรับสมัครบุคคลเพื่อเลือกสรรเป็นพนักงานจ้าง\n\n"
                      + PROSE + "\n")
    measures, _ = extract_measures(doc, DocText.of(doc))
    assert measures == []


# ------------------------------------------------------------------ a signature without parentheses
def test_signature_block_retyped_without_parentheses():
    """A signer's block retyped for a web page drops the parentheses: a line of title and a
    two-word name alone, with the position on the line below, is still the signer."""
    sigs, _ = extract_signatories("ประกาศ ณ วันที่ 5 มกราคม 2567\n\nนางสาวพรทิพย์ แสงทอง\n"
                                  "นายกองค์การบริหารส่วนตำบลหนองแก\n")
    assert [(s.title, s.name, s.position) for s in sigs] == [
        ("นางสาว", "พรทิพย์ แสงทอง", "นายกองค์การบริหารส่วนตำบลหนองแก")]


def test_bare_name_needs_title_and_position_line():
    """Without parentheses nothing else marks a signature: a name in running prose, a name
    with no position under it, or two words without a title are no signer."""
    for text in ("นายสมบัติ ใจงาม นายกเทศมนตรีตำบลนาดี เป็นประธานในพิธี\n",
                 "นายสมบัติ ใจงาม\n\nได้เข้าร่วมประชุมคณะกรรมการ\n",
                 "สมบัติ ใจงาม\nนายกเทศมนตรีตำบลนาดี\n"):
        sigs, _ = extract_signatories(text)
        assert sigs == [], text


def test_bare_and_parenthesised_signature_of_one_person_is_one_signer():
    sigs, _ = extract_signatories("(นายสมบัติ ใจงาม)\nนายกเทศมนตรีตำบลนาดี\n\n"
                                  "นายสมบัติ ใจงาม\nนายกเทศมนตรีตำบลนาดี\n")
    assert len(sigs) == 1
