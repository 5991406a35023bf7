"""Conventions of Thai official writing, fifth set: orders that assign measures, lettered
clauses, fields written on in a paragraph, tables drawn with rule lines, and what stands on a
page without being the document (a copy's certificate, a receipt stamp, a catchword, a web
page's menus).

Every example is written from the convention (other agencies, units and wording than any
evaluation set), in the plain text an OCR of the page or a converter gives.
"""
from thaireports.extractors.convert import extract
from thaireports.extractors.header import document_kind, in_receipt_stamp
from thaireports.extractors.measures import list_drafts
from thaireports.extractors.signatories import extract_signatories
from thaireports.extractors.textutil import DocText
from thaireports.ingest.reader import read
from thaireports.ingest.text import grid_rows
from thaireports.normalize.columns import is_total
from thaireports.normalize.furniture import is_furniture_line
from thaireports.normalize.vocab import split_owners


def _record(text: str, tmp_path, name: str = "doc.txt"):
    """The record of a text file as a user converts it (ingest normalizes the digits)."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return extract(read(path))

# --- an order that assigns its measures: each one's owner and duties (หน้าที่) -----------------

_ORDER = """คำสั่งองค์การบริหารส่วนตำบลหนองบัว
ที่ ๐๘๗/๒๕๖๗
เรื่อง มอบหมายผู้รับผิดชอบมาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. ๒๕๖๗

ข้อ ๑ มอบหมายผู้รับผิดชอบมาตรการ ดังนี้
(๑) มาตรการป้องกันการขัดกันระหว่างประโยชน์ส่วนตนและประโยชน์ส่วนรวม
ผู้รับผิดชอบ หัวหน้างานการเจ้าหน้าที่ สำนักปลัด และนิติกร
หน้าที่ จัดทำแบบแสดงความไม่มีส่วนได้เสียของเจ้าหน้าที่ผู้ปฏิบัติงานด้านพัสดุทุกคน และจัดเก็บ
ไว้เป็นหลักฐานภายในเดือนธันวาคม ๒๕๖๖
(๒) มาตรการเสริมสร้างวัฒนธรรมองค์กรที่ไม่ทนต่อการทุจริต
ผู้รับผิดชอบ ผู้อำนวยการกองการศึกษา
หน้าที่ จัดกิจกรรมรณรงค์ (Zero Tolerance) ให้พนักงานส่วนตำบลและพนักงานจ้างทุกคนเข้าร่วม
(Zero Tolerance) และรายงานผลต่อปลัดทุกไตรมาส
                                                            /(๓) มาตรการ...
(๓) มาตรการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ
ผู้รับผิดชอบ นักวิชาการตรวจสอบภายใน
หน้าที่ ตรวจสอบข้อเท็จจริงของเรื่องร้องเรียนและเสนอผลต่อนายกภายใน ๓๐ วัน

สั่ง ณ วันที่ ๑๕ พฤศจิกายน พ.ศ. ๒๕๖๖

(นายสมชาย ใจซื่อ)
นายกองค์การบริหารส่วนตำบลหนองบัว

สำเนาถูกต้อง
วิไล
(นางวิไลวรรณ ศรีสุข)
หัวหน้าสำนักปลัด
"""


def test_an_order_assigns_each_measure_its_owner_and_duties(tmp_path):
    record = _record(_ORDER, tmp_path)
    assert [m.title for m in record.measures] == [
        "มาตรการป้องกันการขัดกันระหว่างประโยชน์ส่วนตนและประโยชน์ส่วนรวม",
        "มาตรการเสริมสร้างวัฒนธรรมองค์กรที่ไม่ทนต่อการทุจริต",
        "มาตรการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ"]
    first, second, third = record.measures
    # the duty goes on over the line it ran to the measure on
    assert first.actions[0].endswith("จัดเก็บไว้เป็นหลักฐานภายในเดือนธันวาคม 2566")
    # a section's head sits in its division: one owner; an officer's position names its unit
    assert [(o.name, o.unit) for o in first.owners] == [
        ("หัวหน้างานการเจ้าหน้าที่ สำนักปลัด", "personnel"), ("นิติกร", "legal")]
    # a bracket that closes with the sentence going on is a wrap, not a signature's name
    assert second.actions[0].endswith("และรายงานผลต่อปลัดทุกไตรมาส")
    assert second.monitoring.cadence_months == [3]
    assert [o.unit for o in third.owners] == ["internal-audit"]


def test_a_copys_certificate_is_no_signature():
    signatories, _ = extract_signatories(_ORDER)
    assert [s.name for s in signatories] == ["สมชาย ใจซื่อ"]


def test_the_catchword_at_a_pages_foot_is_furniture():
    assert is_furniture_line("                         /๔. การติดตามผล...")
    assert is_furniture_line("/ต่อหน้า ๓") and is_furniture_line("(ต่อหน้าถัดไป)")
    assert not is_furniture_line("กองคลัง / กองช่าง")
    assert not is_furniture_line("/ ผู้อำนวยการกองคลัง")  # no dots: a cell's owner, not a catchword


def test_owners_of_sections_and_officers():
    assert split_owners("หัวหน้าฝ่ายพัฒนารายได้ กองคลัง และเจ้าพนักงานพัสดุ") == [
        ("หัวหน้าฝ่ายพัฒนารายได้ กองคลัง", "finance"), ("เจ้าพนักงานพัสดุ", "procurement")]
    assert split_owners("ฝ่ายประชาสัมพันธ์ สำนักปลัดเทศบาล")[0][1] == "public-relations"
    # a division's head is no section: two divisions stay two owners
    assert [u for _, u in split_owners("ผู้อำนวยการกองช่าง กองสาธารณสุขและสิ่งแวดล้อม")] == [
        "public-works", "public-health"]


# --- lettered clauses, fields written on in the paragraph --------------------------------------

_LETTERED = """บันทึกข้อความ
ส่วนราชการ กองคลัง เทศบาลตำบลบางเสร่ อำเภอสัตหีบ จังหวัดชลบุรี
ที่ ชบ ๕๒๑๐๒/๑๑๘ วันที่ ๒๐ ธันวาคม ๒๕๖๖
เรื่อง ขอความเห็นชอบมาตรการภายในเพื่อส่งเสริมความโปร่งใส
เรียน นายกเทศมนตรีตำบลบางเสร่

กองคลังได้พิจารณาผลการประเมิน ITA แล้ว จึงขอเสนอมาตรการภายใน ดังนี้
ก. มาตรการเปิดเผยข้อมูลการจัดซื้อจัดจ้าง จัดทำสรุปผลการจัดซื้อจัดจ้างรายเดือนและเผยแพร่บน
เว็บไซต์ของเทศบาลภายในวันที่ ๑๐ ของเดือนถัดไป ให้ผู้ประกอบการและประชาชนตรวจสอบได้ ผู้รับผิดชอบ :
งานพัสดุ กองคลัง ระยะเวลาดำเนินการ : มกราคม - กันยายน ๒๕๖๗ การติดตามผล : รายงานผลทุกเดือน
ข. มาตรการลดการใช้ดุลพินิจในการตรวจรับพัสดุ กำหนดให้คณะกรรมการตรวจรับใช้แบบตรวจสอบตาม
รายการที่กำหนดทุกครั้ง ผู้รับผิด
ชอบ : กองคลัง ระยะเวลาดำเนินการ : ตลอดปีงบประมาณ การติดตามผล : รอบ ๖ เดือน

จึงเรียนมาเพื่อโปรดพิจารณา
"""


def test_lettered_clauses_are_items_with_their_fields_written_on(tmp_path):
    record = _record(_LETTERED, tmp_path)
    assert [m.title for m in record.measures] == ["มาตรการเปิดเผยข้อมูลการจัดซื้อจัดจ้าง",
                                                  "มาตรการลดการใช้ดุลพินิจในการตรวจรับพัสดุ"]
    first, second = record.measures
    assert [o.unit for o in first.owners] == ["procurement"]
    assert (first.timeline.start, first.timeline.end) == ("2024-01", "2024-09")
    # the printed field overrules a cadence the sentence names in passing (รายเดือน)
    assert first.monitoring.cadence_months == [1]
    # a label the line broke ('ผู้รับผิด' / 'ชอบ :') is still the label
    assert [o.unit for o in second.owners] == ["finance"]
    assert second.monitoring.cadence_months == [6]


def test_a_month_abbreviation_is_no_letter():
    drafts = list_drafts(DocText.of_texts(["ก.พ. ๒๕๖๗ ประชุมคณะทำงาน\nค.ศ. 2024 รายงาน"]))
    assert drafts == []


# --- tables drawn with rule lines ----------------------------------------------------------------

_GRID = """แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. ๒๕๖๘ องค์การบริหารส่วนตำบลบ้านเป็ด

+----+------------------------------+--------------+--------------------+
| ที่  | มาตรการ/โครงการ              | ระยะเวลา      | ผู้รับผิดชอบ         |
+====+==============================+==============+====================+
| ๑  | โครงการอบรมคุณธรรมจริยธรรม   | ไตรมาสที่ ๒    | งานการเจ้าหน้าที่     |
|    | แก่พนักงานส่วนตำบล            |              | สำนักปลัด           |
+----+------------------------------+--------------+--------------------+
| ๒  | มาตรการเผยแพร่ข้อมูลต่อ       | ต.ค. ๒๕๖๗ -   | กองคลัง            |
|    | สาธารณะ                      | ก.ย. ๒๕๖๘     |                    |
+----+------------------------------+--------------+--------------------+
|    | รวมทั้งสิ้น                    |              |                    |
+----+------------------------------+--------------+--------------------+
"""


def test_grid_table_rows_run_between_their_rules(tmp_path):
    rows, header = grid_rows([ln for ln in _GRID.split("\n") if ln.startswith(("+", "|"))])
    assert header == {0}
    assert rows[1] == ["๑", "โครงการอบรมคุณธรรมจริยธรรมแก่พนักงานส่วนตำบล", "ไตรมาสที่ ๒",
                       "งานการเจ้าหน้าที่สำนักปลัด"]
    record = _record(_GRID, tmp_path)
    # the total row sums the rows above: no measure
    assert [m.title for m in record.measures] == ["โครงการอบรมคุณธรรมจริยธรรมแก่พนักงานส่วนตำบล",
                                                  "มาตรการเผยแพร่ข้อมูลต่อสาธารณะ"]
    assert (record.measures[1].timeline.start, record.measures[1].timeline.end) == (
        "2024-10", "2025-09")


def test_a_box_ruled_round_its_header_only_has_a_row_per_line():
    rows, header = grid_rows(["+----+-------------------+", "| ที่ | มาตรการ          |",
                              "+----+-------------------+", "| 1  | มาตรการ ก         |",
                              "| 2  | มาตรการ ข         |", "+----+-------------------+"])
    assert header == {0} and [r[0] for r in rows] == ["ที่", "1", "2"]


def test_total_labels():
    assert is_total("รวมงบประมาณ") and is_total("รวม")
    assert not is_total("รวมพลังต่อต้านการทุจริต")


# --- a web page's announcement, a receipt stamp, emphasis ----------------------------------------

_WEB_PAGE = """หน้าแรก
- ข่าวประชาสัมพันธ์
- ITA 2568
หน้าแรก » ITA » นโยบาย No Gift
โพสต์เมื่อ 1 ต.ค. 2567 | ผู้ชม 522 ครั้ง

ประกาศองค์การบริหารส่วนตำบลแม่สา
เรื่อง นโยบายงดให้ งดรับของขวัญและของกำนัลทุกชนิดจากการปฏิบัติหน้าที่ (No Gift Policy) ประจำปีงบประมาณ พ.ศ. 2568

องค์การบริหารส่วนตำบลแม่สา จึงประกาศนโยบาย ดังนี้
1. งดรับของขวัญหรือประโยชน์อื่นใดจากผู้มาติดต่อราชการทุกกรณี
2. งดให้ของขวัญแก่ผู้บังคับบัญชาในทุกเทศกาล

ประกาศ ณ วันที่ 1 ตุลาคม พ.ศ. 2567

(นายประยุทธ แก้วมา)
นายกองค์การบริหารส่วนตำบลแม่สา

แชร์: Facebook LINE
"""


def test_a_web_pages_announcement_of_a_policy_is_its_measure(tmp_path):
    assert document_kind(_WEB_PAGE) == "announcement"
    record = _record(_WEB_PAGE, tmp_path)
    assert [m.title for m in record.measures] == [
        "นโยบายงดให้ งดรับของขวัญและของกำนัลทุกชนิดจากการปฏิบัติหน้าที่ (No Gift Policy)"]
    assert record.measures[0].category == "no-gift"
    assert len(record.measures[0].actions) == 2


def test_a_receipt_stamps_date_is_not_the_documents(tmp_path):
    memo = ("เทศบาลตำบลบางเสร่\nเลขรับ ๓๓๔\nวันที่ ๒๒ ธ.ค. ๖๖\nเวลา ๑๔.๑๐ น.\n\n"
            + _LETTERED.split("\n", 1)[1])
    assert in_receipt_stamp(memo, memo.index("วันที่ ๒๒"))
    memo = "บันทึกข้อความ\n" + memo
    assert _record(memo, tmp_path).document.date == "2023-12-20"


def test_a_total_in_markdown_emphasis_is_read(tmp_path):
    text = ("# รายงานผลการประเมิน ITA ประจำปี 2567\n\nเทศบาลตำบลโคกกลาง ได้คะแนนรวม **88.20 คะแนน** "
            "อยู่ในระดับ **A**\n")
    ita = _record(text, tmp_path).ita
    assert (ita.score, ita.grade) == (88.2, "A")


# --- an ITA table comparing two years --------------------------------------------------------------

_TWO_YEARS = """บันทึกข้อความ
ส่วนราชการ สำนักปลัด องค์การบริหารส่วนตำบลนาโพธิ์
ที่ บร ๗๓๕๐๑/๒๑๐ วันที่ ๒๐ พฤศจิกายน ๒๕๖๖
เรื่อง รายงานผลการประเมิน ITA ประจำปี พ.ศ. ๒๕๖๖
เรียน นายกองค์การบริหารส่วนตำบลนาโพธิ์

ในปี ๒๕๖๖ องค์การบริหารส่วนตำบลนาโพธิ์ได้คะแนนรวม ๘๐.๐๒ คะแนน อยู่ในระดับ B รายละเอียดดังตาราง

  ตัวชี้วัด                          แบบวัด    ปี ๒๕๖๕    ปี ๒๕๖๖    เพิ่ม/ลด
  ๑. การปฏิบัติหน้าที่                  IIT       ๘๐.๐๐      ๙๐.๐๐     +๑๐.๐๐
  ๒. การใช้งบประมาณ                   IIT       ๘๑.๐๐      ๙๐.๐๐     +๙.๐๐
  ๓. การใช้อำนาจ                       IIT       ๘๒.๐๐      ๙๐.๐๐     +๘.๐๐
  ๔. การใช้ทรัพย์สินของราชการ           IIT       ๘๓.๐๐      ๙๐.๐๐     +๗.๐๐
  ๕. การแก้ไขปัญหาการทุจริต            IIT       ๘๔.๐๐      ๙๐.๐๐     +๖.๐๐
  ๖. คุณภาพการดำเนินงาน               EIT       ๘๕.๐๐      ๘๐.๐๐     -๕.๐๐
  ๗. ประสิทธิภาพการสื่อสาร             EIT       ๘๖.๐๐      ๘๐.๐๐     -๖.๐๐
  ๘. การปรับปรุงการทำงาน              EIT       ๘๗.๐๐      ๘๐.๒๐     -๖.๘๐
  ๙. การเปิดเผยข้อมูล                  OIT       ๗๐.๐๐      ๗๕.๐๐     +๕.๐๐
  ๑๐. การป้องกันการทุจริต              OIT       ๖๐.๐๐      ๗๐.๐๐     +๑๐.๐๐
  คะแนนรวม                                      ๗๗.๘๐      ๘๐.๐๒

จึงเรียนมาเพื่อโปรดทราบ
"""


def test_a_table_comparing_years_gives_the_assessed_years_scores(tmp_path):
    # each row read as a line of text starts with last year's score; its column is this year's
    ita = _record(_TWO_YEARS, tmp_path).ita
    assert (ita.assessed_year, ita.score, ita.grade) == (2566, 80.02, "B")
    assert [i.score for i in ita.indicators] == [90.0] * 5 + [80.0, 80.0, 80.2, 75.0, 70.0]


# --- rules written from the held-out set h9 ----------------------------------------------------------

_KPI_ITEMS = """ประกาศเทศบาลตำบลหนองหาน
เรื่อง มาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. ๒๕๖๘

เทศบาลตำบลหนองหานจึงกำหนดมาตรการ ดังนี้
๑. มาตรการป้องกันการรับสินบน
    ๑.๑ ติดประกาศไม่รับสินบนทุกจุดบริการ
    หน่วยงานที่รับผิดชอบ : สำนักปลัดเทศบาล
    ตัวชี้วัดความสำเร็จ : ไม่มีเรื่องร้องเรียนการเรียกรับสินบน
    งบประมาณ : ไม่ใช้งบประมาณ
๒. มาตรการเผยแพร่ข้อมูลต่อสาธารณะ
    ๒.๑ นำข้อมูลตามแบบ OIT ขึ้นเว็บไซต์ให้ครบถ้วน
    ผู้รับผิดชอบ : งานประชาสัมพันธ์
    ระยะเวลา : ภายในวันที่ ๓๑ มีนาคม ๒๕๖๘

ประกาศ ณ วันที่ ๑ ตุลาคม พ.ศ. ๒๕๖๗
"""


def test_an_items_own_fields_the_record_omits_do_not_end_the_list(tmp_path):
    record = _record(_KPI_ITEMS, tmp_path)
    assert [m.title for m in record.measures] == ["มาตรการป้องกันการรับสินบน",
                                                  "มาตรการเผยแพร่ข้อมูลต่อสาธารณะ"]
    assert record.measures[0].actions == ["ติดประกาศไม่รับสินบนทุกจุดบริการ"]
    assert [o.unit for o in record.measures[1].owners] == ["public-relations"]


_WEB_ITEMS = """เพื่อยกระดับผลการประเมิน เทศบาลตำบลบ้านดุงได้กำหนดมาตรการ ดังนี้

1. มาตรการส่งเสริมการมีส่วนร่วมของประชาชน

เชิญผู้แทนชุมชนร่วมตรวจรับงานจ้างก่อสร้างทุกโครงการ

- ผู้รับผิดชอบ : กองช่าง

- ระยะเวลา : ตลอดปีงบประมาณ พ.ศ. 2568

2. มาตรการพัฒนาช่องทางรับเรื่องร้องเรียนการทุจริต

พัฒนาระบบรับเรื่องร้องเรียนออนไลน์ผ่าน Line OA ของเทศบาล พร้อมระบบติดตามสถานะเรื่องร้องเรียนให้ผู้ร้องทราบ

- ผู้รับผิดชอบ : งานนิติการ

- การรายงานผล : ทุกเดือน
"""


def test_a_paragraph_under_an_item_before_its_fields_is_what_it_does():
    drafts = list_drafts(DocText.of_texts([_WEB_ITEMS]))
    assert [d.title for d in drafts] == ["มาตรการส่งเสริมการมีส่วนร่วมของประชาชน",
                                         "มาตรการพัฒนาช่องทางรับเรื่องร้องเรียนการทุจริต"]
    assert drafts[0].actions == ["เชิญผู้แทนชุมชนร่วมตรวจรับงานจ้างก่อสร้างทุกโครงการ"]
    assert drafts[1].actions[0].startswith("พัฒนาระบบรับเรื่องร้องเรียนออนไลน์")
    assert [u for _, u in drafts[1].owners] == ["legal"]


def test_page_numbers_of_the_pages_count_them():
    from thaireports.ingest.text import split_pages

    pages = split_pages("บันทึกข้อความ\nหน้าแรก\n                 ๑/๒\nหน้าที่สอง\n         ๒/๒\n")
    assert [p.strip() for p in pages] == ["บันทึกข้อความ\nหน้าแรก", "หน้าที่สอง"]
    assert is_furniture_line("   ๒/๕") and not is_furniture_line("ที่ ๑๒/๒๕๖๗")


_CUT_REPORT = """รายงานผลการดำเนินการตามมาตรการ รอบ ๖ เดือน องค์การบริหารส่วนตำบลโพธิ์ทอง

  มาตรการ                          ผลการดำเนินงาน                        ผู้รับผิดชอบ        ระยะเวลา
  ๑. มาตรการเผยแพร่ข้อมูลต่อ          - เผยแพร่ข้อมูลตามแบบ OIT ครบ           สำนักปลัด          ต.ค. ๖๖ - มี.ค. ๖๗
  สาธารณะ                          ทุกรายการ
  ๒. มาตรการป้องกันการรับสินบน       - ติดป้ายไม่รับสินบน ณ จุดบริการ          ทุกกอง            ม.ค. ๖๗
                                                  ๑/๒
 รายงานผลฯ รอบ ๖ เดือน                                        อบต.โพธิ์ทอง

  ๓. มาตรการตรวจสอบการใช้ดุลพินิจ    - ตรวจสอบการพิจารณาอนุญาตตามคู่มือ       กองช่าง            ก.พ. - มี.ค. ๖๗
  ๔. มาตรการจัดการเรื่องร้องเรียน      - ไม่มีเรื่องร้องเรียนการทุจริต              สำนักปลัด          ต.ค. ๖๖ - มี.ค. ๖๗
                                                  ๒/๒
"""


def test_a_pages_own_header_above_a_table_going_on_is_no_row(tmp_path):
    record = _record(_CUT_REPORT, tmp_path)
    assert [m.title for m in record.measures] == [
        "มาตรการเผยแพร่ข้อมูลต่อสาธารณะ", "มาตรการป้องกันการรับสินบน",
        "มาตรการตรวจสอบการใช้ดุลพินิจ", "มาตรการจัดการเรื่องร้องเรียน"]
    assert [m.status for m in record.measures] == ["reported"] * 4


def test_ita_cues_with_the_marks_ocr_dropped(tmp_path):
    text = ("บันทึกข้อความ\nเรื่อง รายงานผลการดำเนินการ\n\nองค์การบริหารส่วนตำบลบางปลา ได้รับผลการประเมิน ITA "
            "ประจําปีงบประมาณ พ.ศ. ๒๕๖๖ ไดคะแนน ๘๔.๑๒ คะแนน อยู่ในระดบ B\n")
    ita = _record(text, tmp_path).ita
    assert (ita.assessed_year, ita.score, ita.grade) == (2566, 84.12, "B")


def test_one_read_as_a_copyright_sign():
    from thaireports.normalize.repair import repair_lookalike_numbers

    assert repair_lookalike_numbers("ที่ อย 8050®/153")[0] == "ที่ อย 80501/153"


_REPORT_END = """รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรม ประจำปีงบประมาณ พ.ศ. ๒๕๖๗
องค์การบริหารส่วนตำบลคำเตย อำเภอเมืองนครพนม จังหวัดนครพนม

เทศบาลได้ดำเนินการตามมาตรการ ดังนี้
1) มาตรการเผยแพร่ข้อมูลต่อสาธารณะ
2) มาตรการป้องกันการรับสินบน

รายละเอียดปรากฏตามเอกสารแนบ

ปัญหาและอุปสรรค
๑. มาตรการเผยแพร่ข้อมูลต่อสาธารณะ เจ้าหน้าที่ผู้ดูแลเว็บไซต์มีเพียงคนเดียว
๒. มาตรการป้องกันการรับสินบน ป้ายประกาศชำรุดบางจุด

                                   (ลงชื่อ)
                                (นางสาวมาลี ทองดี)
                            ปลัดองค์การบริหารส่วนตำบลคำเตย
                                ๓๐ กันยายน ๒๕๖๗
"""


def test_a_report_closes_its_list_and_its_problems_are_no_measures(tmp_path):
    record = _record(_REPORT_END, tmp_path)
    # one-line items, then a blank line: the sentence after it is no wrap of the last item
    assert [m.title for m in record.measures] == ["มาตรการเผยแพร่ข้อมูลต่อสาธารณะ",
                                                  "มาตรการป้องกันการรับสินบน"]
    # a date printed in full under the signer's position dates the report
    assert record.document.date == "2024-09-30"


def test_a_handwritten_date_by_a_signature_does_not_date_the_report(tmp_path):
    text = _REPORT_END.replace("๓๐ กันยายน ๒๕๖๗", "๔ ต.ค. ๖๗")
    assert _record(text, tmp_path).document.date is None


# --- rules written from h10 ---------------------------------------------------------------------------

_CLAUSE_ITEMS = """แนวทางการพัฒนา ประจำปีงบประมาณ พ.ศ. 2568 องค์การบริหารส่วนตำบลบางพูด

3.1 ด้านการเปิดเผยข้อมูล (OIT)

1.1 มาตรการปรับปรุงข้อมูลบนเว็บไซต์ให้เป็นปัจจุบัน
- ตรวจสอบข้อมูลทุกรายการทุกเดือน
- ผู้รับผิดชอบ: งานประชาสัมพันธ์

1.2 มาตรการจัดทำแผนป้องกันการทุจริต
- ผู้รับผิดชอบ: สำนักปลัด

3.2 ด้านการรับรู้ของผู้รับบริการ (EIT)

2.1 มาตรการลดระยะเวลาการให้บริการ
- ผู้รับผิดชอบ: กองช่าง
"""


def test_measures_numbered_as_clauses_under_group_headings():
    drafts = list_drafts(DocText.of_texts([_CLAUSE_ITEMS]))
    assert [d.title for d in drafts] == ["มาตรการปรับปรุงข้อมูลบนเว็บไซต์ให้เป็นปัจจุบัน",
                                         "มาตรการจัดทำแผนป้องกันการทุจริต",
                                         "มาตรการลดระยะเวลาการให้บริการ"]
    assert drafts[0].actions == ["ตรวจสอบข้อมูลทุกรายการทุกเดือน"]  # no group heading in it
    assert [u for _, u in drafts[2].owners] == ["public-works"]


def test_a_tab_tables_rows_wrap_onto_lines_that_leave_the_number_blank():
    from thaireports.ingest.text import join_line_rows

    rows = [["ที่", "มาตรการ", "ผู้รับผิดชอบ"], ["๑", "มาตรการเผยแพร่ข้อมูล", "งานประชา"],
            ["", "ต่อสาธารณะ", "สัมพันธ์"], ["๒", "มาตรการป้องกันการรับสินบน", "กองคลัง"],
            ["", "คะแนนรวม", "๘๘.๑๒"], ["เฉลี่ย IIT", "", "๙๐.๑๐"]]
    assert join_line_rows(rows, {0}, blank_first=True) == [
        rows[0], ["๑", "มาตรการเผยแพร่ข้อมูลต่อสาธารณะ", "งานประชาสัมพันธ์"], rows[3], rows[4],
        rows[5]]
