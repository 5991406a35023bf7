"""Conventions of Thai official writing, fourth set: an item written as a paragraph, whose lines
run to the page's measure.

Every example is written from the convention (other agencies, units and wording than any
evaluation set), in the plain text an OCR of the page gives: its indents gone, one space
between words.
"""
from thaireports.extractors.measures import list_drafts
from thaireports.extractors.measures.lists import full_lines
from thaireports.extractors.textutil import DocText
from tests._extract_helpers import document_of
from thaireports.extractors.convert import extract

_PREAMBLE = ("เพื่อให้การบริหารงานของเทศบาลตำบลท่าช้างเป็นไปด้วยความโปร่งใส ตรวจสอบได้ และสอดคล้อง\n"
             "กับเกณฑ์การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ เทศบาลตำบล\n"
             "ท่าช้างจึงกำหนดมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ดังต่อไปนี้\n")
_ITEMS = ("๑. มาตรการป้องกันการรับสินบน ให้กองคลังจัดทำประกาศแนวทางการปฏิบัติงานด้านการจัดซื้อ\n"
          "จัดจ้างและเผยแพร่ให้ผู้ประกอบการทราบทางเว็บไซต์ของเทศบาล พร้อมทั้งชี้แจงบุคลากรที่เกี่ยวข้อง\n"
          "ภายในเดือนธันวาคม ๒๕๖๖\n"
          "๒. มาตรการตรวจสอบการใช้ดุลพินิจ ให้กองช่างจัดทำคู่มือการขออนุญาตก่อสร้างอาคาร กำหนด\n"
          "ระยะเวลาการพิจารณาแต่ละขั้นตอน และเปิดเผยผลการพิจารณาให้ผู้ยื่นคำขอทราบทุกราย\n"
          "๓. มาตรการจัดการเรื่องร้องเรียนการทุจริต ให้งานนิติการ สำนักปลัดเทศบาล รับเรื่องร้องเรียน\n"
          "ทุกช่องทางและรายงานผลต่อนายกเทศมนตรีทุกไตรมาส\n")


def _lines(text: str):
    return [(0, line, False) for line in text.split("\n")]


def test_lines_that_run_to_the_measure():
    full = full_lines(_lines(_PREAMBLE + _ITEMS))
    lines = (_PREAMBLE + _ITEMS).split("\n")
    assert [line[:12] for line, f in zip(lines, full) if not f and line] == \
        ["ภายในเดือนธั", "ทุกช่องทางแล"]


def test_an_item_written_as_a_paragraph_goes_on_over_its_full_lines():
    drafts = list_drafts(DocText.of_texts([_PREAMBLE + "\n" + _ITEMS]))
    assert [d.title.split(" ")[0] for d in drafts] == [
        "มาตรการป้องกันการรับสินบน", "มาตรการตรวจสอบการใช้ดุลพินิจ",
        "มาตรการจัดการเรื่องร้องเรียนการทุจริต"]
    record = extract(document_of("ประกาศเทศบาลตำบลท่าช้าง\n\n" + _PREAMBLE + "\n" + _ITEMS))
    assert [m.title for m in record.measures] == ["มาตรการป้องกันการรับสินบน",
                                                  "มาตรการตรวจสอบการใช้ดุลพินิจ",
                                                  "มาตรการจัดการเรื่องร้องเรียนการทุจริต"]
    assert [[o.unit for o in m.owners] for m in record.measures] == [
        ["finance"], ["public-works"], ["legal"]]
    assert record.measures[2].monitoring.cadence_months == [3]


def test_a_paragraph_after_the_last_items_short_line_is_not_the_item():
    closing = ("ทั้งนี้ ให้ทุกกองรายงานผลการดำเนินการตามมาตรการข้างต้นต่อสำนักปลัดเทศบาลภายในวันที่\n"
               "๑๐ ของเดือนถัดไป เพื่อรวบรวมเสนอนายกเทศมนตรีและเผยแพร่ต่อสาธารณะต่อไป\n")
    drafts = list_drafts(DocText.of_texts([_PREAMBLE + "\n" + _ITEMS + closing]))
    assert len(drafts) == 3 and "ทั้งนี้" not in drafts[2].title


# An ITA plan groups its rows under the indicators they answer ('ตัวชี้วัดที่ ๗ ประสิทธิภาพการสื่อสาร'):
# a row whose own words name no kind of measure takes its group's indicator; under a heading of
# several indicators, the one its words are about.
_PLAN = ("แผนปฏิบัติการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. ๒๕๖๗\n\n"
         "ที่\tโครงการ/กิจกรรม\tผู้รับผิดชอบ\tระยะเวลา\n"
         "ตัวชี้วัดที่ ๗ ประสิทธิภาพการสื่อสาร\t\t\t\n"
         "๑\tจัดทำสื่อวีดิทัศน์แนะนำหน่วยงาน\tงานประชาสัมพันธ์\tม.ค. ๖๗\n"
         "ตัวชี้วัดที่ ๘ - ๙ การปรับปรุงการทำงาน / การเปิดเผยข้อมูล\t\t\t\n"
         "๒\tปรับปรุงข้อมูลบนเว็บไซต์ให้ครบตามแบบ OIT และเป็นปัจจุบัน\tสำนักปลัด\tต.ค. ๖๖ - ก.ย. ๖๗\n"
         "๓\tลดขั้นตอนและระยะเวลาการให้บริการประชาชน\tทุกกอง\tต.ค. ๖๖ - ก.ย. ๖๗\n")


def test_a_rows_indicator_group_gives_its_category():
    from thaireports.ingest.text import read_text

    record = extract(read_text(_PLAN, sha256="ab" * 32))
    assert [m.category for m in record.measures] == ["communication", "public-disclosure",
                                                     "work-improvement"]


def test_a_deadline_written_with_an_abbreviated_month():
    from thaireports.extractors.measures import resolve_timeline

    assert resolve_timeline("ภายใน มี.ค. ๖๗", None)[:2] == (None, "2024-03")
    assert resolve_timeline("ภายในเดือนธันวาคม ๒๕๖๖", None)[:2] == (None, "2023-12")


# A measure set out in numbered parts under its heading ('มาตรการที่ ๑ ...' / '๑. หลักการและเหตุผล'
# ... '๔. ผู้รับผิดชอบ' / '๕. ระยะเวลา' / '๖. การติดตามประเมินผล'), each part's value on the lines
# under it; a page break between two parts, with the attachment's running header over the new
# page; a sentence of the rationale wrapped onto a line that reads 'มาตรการนี้...'.
_RUNNING = "เอกสารแนบท้ายประกาศเทศบาลเมืองบ้านไผ่ ลงวันที่ ๑๐ มกราคม ๒๕๖๗"
_SECTIONS = [
    (_RUNNING + "\n- ๒ -\nมาตรการที่ ๑ มาตรการป้องกันการรับสินบน\n"
     "๑. หลักการและเหตุผล\n"
     "การรับสินบนเป็นความผิดทางอาญาและวินัย ผลการประเมินที่ผ่านมาพบว่าบุคลากรบางส่วนยังไม่ทราบ\n"
     "แนวปฏิบัติเมื่อมีผู้เสนอให้ประโยชน์ จึงจำเป็นต้องกำหนด\nมาตรการนี้ขึ้น\n"
     "๒. วัตถุประสงค์\nเพื่อให้บุคลากรปฏิเสธการรับประโยชน์ทุกกรณี\n"
     "๓. วิธีดำเนินการ\n๓.๑ จัดทำแนวปฏิบัติการป้องกันการรับสินบน\n"
     "๓.๒ ติดป้ายประชาสัมพันธ์ ณ จุดให้บริการทุกจุด\n"),
    (_RUNNING + "\n- ๓ -\n๔. ผู้รับผิดชอบ\nกองกฎหมายและคดี\n๕. ระยะเวลา\n"
     "๑ กุมภาพันธ์ ๒๕๖๗ – ๓๐ กันยายน ๒๕๖๗\n๖. การติดตามประเมินผล\n"
     "รายงานผลต่อนายกเทศมนตรีทุกไตรมาส\n"
     "มาตรการที่ ๒ มาตรการจัดการเรื่องร้องเรียนการทุจริต\n๑. หลักการและเหตุผล\n"
     "ประชาชนต้องมีช่องทางแจ้งเบาะแสที่เข้าถึงง่าย\n๒. วิธีดำเนินการ\n"
     "- เปิดรับเรื่องร้องเรียนทางเว็บไซต์และไลน์\n๓. ผู้รับผิดชอบ\nงานนิติการ สำนักปลัดเทศบาล\n"),
]


def test_a_measure_in_numbered_parts_over_a_page_break():
    from thaireports.extractors.measures import section_drafts
    from thaireports.ingest.text import read_text

    drafts = section_drafts(DocText.of(read_text("\f".join(_SECTIONS))), [], [])
    assert [d.title for d in drafts] == ["มาตรการป้องกันการรับสินบน",
                                         "มาตรการจัดการเรื่องร้องเรียนการทุจริต"]
    first = drafts[0]
    assert first.actions == ["จัดทำแนวปฏิบัติการป้องกันการรับสินบน",
                             "ติดป้ายประชาสัมพันธ์ ณ จุดให้บริการทุกจุด"]
    assert [u for _, u in first.owners] == ["legal"]
    assert first.timeline == "1 กุมภาพันธ์ 2567 – 30 กันยายน 2567"
    assert drafts[1].actions == ["เปิดรับเรื่องร้องเรียนทางเว็บไซต์และไลน์"]


def test_recommendations_are_no_measures():
    # A report's ข้อเสนอแนะ: what should be done ('ควร...') is no measure the agency adopted.
    text = ("เพื่อให้การดำเนินการตามมาตรการในรอบถัดไปได้ผลดียิ่งขึ้น จึงเสนอแนวทางการดำเนินการ ดังนี้\n"
            "1. ควรจัดทำคู่มือการให้บริการให้ครบทุกงานบริการ\n"
            "2. ควรเพิ่มช่องทางประชาสัมพันธ์ผ่านหอกระจายข่าวประจำหมู่บ้าน\n")
    assert list_drafts(DocText.of_texts([text])) == []
    adopted = text.replace("เสนอแนวทาง", "กำหนดแนวทาง").replace("ควร", "")
    assert len(list_drafts(DocText.of_texts([adopted]))) == 2


# A memo's proposals, each item's fields in brackets under its steps, apart by slashes, over two
# lines; the indicator each measure answers in brackets after its title; a label whose mark OCR
# lost ('ผูรับผิดชอบ').
_PROPOSALS = ("๓. ข้อเสนอ\n"
              "เพื่อยกระดับผลการประเมินในปีงบประมาณ พ.ศ. ๒๕๖๘ จึงเสนอมาตรการ จำนวน ๒ มาตรการ ดังนี้\n"
              "๓.๑ มาตรการพัฒนาช่องทางการสื่อสารกับประชาชน (ตัวชี้วัดที่ ๗)\n"
              "- เปิดกลุ่มไลน์ผู้นำชุมชนทุกหมู่บ้าน\n"
              "(ผูรับผิดชอบ : งานประชาสัมพันธ์ สำนักปลัด / ดำเนินการ : ม.ค. ๒๕๖๘ - ก.ย. ๒๕๖๘\n"
              "/ รายงานผล : ทุกไตรมาส)\n"
              "๓.๒ มาตรการควบคุมการใช้รถยนต์ส่วนกลาง (ตัวชี้วัดที่ ๔)\n"
              "- บันทึกการใช้รถประจำวัน\n"
              "(ผู้รับผิดชอบ : กองคลัง / ดำเนินการ : ธันวาคม ๒๕๖๗ / รายงานผล : ณ สิ้นปีงบประมาณ)\n\n"
              "จึงเรียนมาเพื่อโปรดพิจารณา\n")


def test_an_items_bracketed_fields_and_its_indicator():
    from thaireports.ingest.text import read_text

    record = extract(read_text("บันทึกข้อความ\nเรื่อง เสนอมาตรการยกระดับผลการประเมิน\n\n" + _PROPOSALS,
                               sha256="cd" * 32))
    assert [m.title for m in record.measures] == ["มาตรการพัฒนาช่องทางการสื่อสารกับประชาชน",
                                                  "มาตรการควบคุมการใช้รถยนต์ส่วนกลาง"]
    first, second = record.measures
    assert [o.unit for o in first.owners] == ["public-relations"]
    assert (first.timeline.start, first.timeline.end) == ("2025-01", "2025-09")
    assert first.monitoring.cadence_months == [3] and first.category == "communication"
    assert [o.unit for o in second.owners] == ["finance"]
    assert second.monitoring.cadence_months == [12] and second.category == "state-property-use"


def test_a_score_table_comparing_years_is_a_table_with_its_summary_rows():
    from thaireports.ingest.text import read_text

    text = ("  ตัวชี้วัด                         แบบวัด    ปี ๒๕๖๖    ปี ๒๕๖๗    เพิ่ม/ลด\n"
            "  ๑. การปฏิบัติหน้าที่                 IIT       ๙๑.๕๐      ๙๓.๑๘     +๑.๖๘\n"
            "  ๒. การใช้งบประมาณ                  IIT       ๘๖.๓๓      ๘๙.๔๒     +๓.๐๙\n"
            "     เฉลี่ย IIT (ร้อยละ ๓๐)            IIT       ๘๘.๙๑      ๙๑.๓๐\n"
            "  คะแนนรวม                                    ๗๕.๒๓      ๗๙.๑๕\n")
    (table,) = read_text(text).tables
    assert table.header == ["ตัวชี้วัด", "แบบวัด", "ปี 2566", "ปี 2567", "เพิ่ม/ลด"]
    assert [row[0] for row in table.rows] == ["1. การปฏิบัติหน้าที่", "2. การใช้งบประมาณ",
                                              "เฉลี่ย IIT (ร้อยละ 30)", "คะแนนรวม"]
