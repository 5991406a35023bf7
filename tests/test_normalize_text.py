"""Tables of real cases for normalize.digits, normalize.thai, normalize.spacing, normalize.text.

Phrases come from the bundled samples (000: memo prose, 002: memo + tables, 004: tables whose
cells were wrapped); PUA and mark cases are built from the TH Sarabun PUA table.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from thaireports.normalize.digits import arabic_digits_to_thai, thai_digits_to_arabic
from thaireports.normalize.spacing import join_wrapped_words, segment, thai_dictionary, thai_tokenizer
from thaireports.normalize.text import fold_spaces, fold_whitespace, normalize_text
from thaireports.normalize.thai import PUA_TO_THAI, find_foreign_letters, repair_thai

SAMPLES = sorted((Path(__file__).parent.parent / "corpora" / "samples").glob("*.txt"))
THAI_DIGIT = re.compile("[\u0e50-\u0e59]")


# --- digits -------------------------------------------------------------------------------------
@pytest.mark.parametrize("thai, arabic", [
    ("วันที่ ๒๒ เมษายน ๒๕๖๒", "วันที่ 22 เมษายน 2562"),
    ("ข้อ ๐๔๒ มาตรการส่งเสริมคุณธรรม", "ข้อ 042 มาตรการส่งเสริมคุณธรรม"),
    ("มีผลคะแนน ๘๔.๗๒ คะแนน", "มีผลคะแนน 84.72 คะแนน"),
    ("ตัวชี้วัดย่อยที่ ๑๐.๒", "ตัวชี้วัดย่อยที่ 10.2"),
    ("- ๗๖๐/๒๕๖๕/๑๕๖๖", "- 760/2565/1566"),
    ("หมายเลข ๐-๔๓๐๓-๐๓๐๔-๕", "หมายเลข 0-4303-0304-5"),
    ("ร้อยละ 15-25 ของตัวชี้วัด", "ร้อยละ 15-25 ของตัวชี้วัด"),  # already Arabic: unchanged
    ("", ""),
])
def test_thai_digits_to_arabic(thai, arabic):
    assert thai_digits_to_arabic(thai) == arabic
    assert arabic_digits_to_thai(arabic) == arabic_digits_to_thai(thai)


@pytest.mark.parametrize("arabic, thai", [
    ("รอบ 6 เดือน - รอบ 12 เดือน", "รอบ ๖ เดือน - รอบ ๑๒ เดือน"),
    ("พ.ศ. 2566", "พ.ศ. ๒๕๖๖"),
    ("ITA", "ITA"),
])
def test_arabic_digits_to_thai(arabic, thai):
    assert arabic_digits_to_thai(arabic) == thai


# --- Thai Unicode repair ------------------------------------------------------------------------
@pytest.mark.parametrize("broken, repaired", [
    # PUA glyphs of TH Sarabun-style fonts: shifted-down tone marks (no upper vowel)
    ("ที\uf70a", "ที่"),  # not a real word, but the mark is what matters
    ("ก\uf70bาน", "ก้าน"),
    ("โต\uf70cะ", "โต๊ะ"),
    ("จ\uf70dา", "จ๋า"),
    ("การ\uf70e", "การ์"),
    # low-left tone marks after a tall consonant, upper vowel before
    ("ป\uf701\uf705น", "ปิ่น"),
    ("ฝ\uf702\uf706", "ฝี้"),
    ("ฟ\uf701\uf709", "ฟิ์"),
    # shifted upper vowels and nikhahit (then ํ + า is ำ)
    ("ป\uf710จจุบัน", "ปัจจุบัน"),
    ("ส\uf711านัก", "สำนัก"),
    ("ป\uf712", "ป็"),
    ("ป\uf713", "ป่"),
    # below vowels and phinthu shifted down, tail-less ญ and ฐ
    ("ฎ\uf718", "ฎุ"),
    ("ฏ\uf719", "ฏู"),
    ("พ\uf71aระ", "พฺระ"),
    ("ประชาธิป\uf70fไตย", "ประชาธิปญไตย"),
    ("\uf700าน", "ฐาน"),
    ("ร\uf70fุ", "รญุ"),
    # Apple's PUA codes for the same glyphs
    ("ป\uf885\uf88cน", "ปิ่น"),
    ("\uf89eาน", "ฐาน"),
])
def test_repair_thai_pua(broken, repaired):
    assert repair_thai(broken) == repaired


def test_pua_table_covers_the_whole_windows_range():
    assert {f"{c:04X}" for c in range(0xF700, 0xF71B)} <= {f"{ord(k):04X}" for k in PUA_TO_THAI}
    for target in PUA_TO_THAI.values():
        assert unicodedata.name(target).startswith("THAI ")


@pytest.mark.parametrize("broken, repaired", [
    # ำ written as nikhahit + sara aa, also with the tone mark between
    ("ส\u0e4d\u0e32นักปลัด", "สำนักปลัด"),
    ("ดำเนินการจัดท\u0e4d\u0e32", "ดำเนินการจัดทำ"),
    ("ค\u0e4d\u0e48\u0e32", "ค่ำ"),
    ("น\u0e4d\u0e49\u0e32", "น้ำ"),
    ("ข้อก\u0e32\u0e4dหนด", "ข้อกำหนด"),  # sara aa typed before nikhahit
    # doubled tone marks and vowels
    ("ที่\u0e48", "ที่"),
    ("เจ้\u0e49าหน้าที่", "เจ้าหน้าที่"),
    ("มาตรการภายในเพื่\u0e48อ", "มาตรการภายในเพื่อ"),
    ("คุณธรรมมมและความโปร่งใสสส", "คุณธรรมมมและความโปร่งใสสส"),  # consonants are not marks
    ("ดีีี", "ดี"),
    # tone mark typed before the upper or lower vowel
    ("ก\u0e48\u0e35", "กี่"),
    ("ผ\u0e39\u0e49", "ผู้"),
    ("ผ\u0e49\u0e39รับผิดชอบ", "ผู้รับผิดชอบ"),
    ("ก\u0e49\u0e31นไว้", "กั้นไว้"),
    # sara e twice for sara ae
    ("เเละ", "และ"),
    ("เเนวทาง", "แนวทาง"),
    # zero-width characters
    ("ความ\u200bโปร่งใส", "ความโปร่งใส"),
    ("ความ\u200cโปร่งใส", "ความโปร่งใส"),
    ("ความ\u200dโปร่งใส", "ความโปร่งใส"),
    ("\ufeffบันทึกข้อความ", "บันทึกข้อความ"),
    ("กอง\u2060คลัง", "กองคลัง"),
    ("ผู้\u00adบริหาร", "ผู้บริหาร"),
    # NBSP is a space
    ("นายวันชัย\u00a0ประชุมชน", "นายวันชัย ประชุมชน"),
    # NFC: decomposed Latin next to Thai
    ("Cafe\u0301 ไทย", "Café ไทย"),
    # nothing to repair
    ("สำนักงานปลัดองค์การบริหารส่วนตำบลคมบาง", "สำนักงานปลัดองค์การบริหารส่วนตำบลคมบาง"),
    ("", ""),
])
def test_repair_thai(broken, repaired):
    assert repair_thai(broken) == repaired


@pytest.mark.parametrize("text", [
    # tab-separated table rows with empty cells keep every tab
    "มาตรการ\tรายละเอียดการดำเนินงาน\tระยะเวลาการดำเนินงาน\tผลการดำเนินการ\t\tหมายเหตุ",
    "\t\t\tผลผลิต\tผลลัพธ์\t",
    # blank lines between paragraphs are kept
    "บันทึกข้อความ\n\nส่วนราชการ สำนักปลัด\n\n\nที่ พง ๗๕๕๐๑/",
])
def test_repair_thai_keeps_lines_and_tabs(text):
    assert repair_thai(text) == text


# --- letters of other scripts inside Thai words ------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    # sample 002: an OCR hallucination inside a name
    ("(นางสาวภัทรदानันท์ บุญมี)", [("DEVANAGARI", "दान", 11)]),
    ("กoงคลัง", [("LATIN", "o", 1)]),
    ("สำนักปลัดABCกองคลัง", [("LATIN", "ABC", 9)]),
    ("องค์การบริหารส่วนตำบлเหล", [("CYRILLIC", "л", 20)]),
    # Latin standing alone or written next to Thai is not a slip
    ("(Integrity and Transparency Assessment : ITA)", []),
    ("โดยกำหนดให้มีช่องทางที่หลากหลายเช่น Website จัดทำประกาศหน่วยงาน Facebook ฯลฯ", []),
    ("มีมาตรการลดขั้นตอนในการบริการ ณ จุดเดียว (one stop service)", []),
    ("ผลคะแนน IT พบว่า", []),
    ("การให้บริการโดยใช้ระบบIT", []),
    # ๆ and ฯ are Thai
    ("ข้อมูลต่างๆ ของหน่วยงาน", []),
    ("ผลการประเมินฯ ประเด็นที่", []),
])
def test_find_foreign_letters(text, expected):
    warnings = find_foreign_letters(text, page=2)
    assert len(warnings) == len(expected)
    for warning, (script, letters, offset) in zip(warnings, expected):
        assert warning.code == "foreign-script"
        assert warning.page == 2
        assert script in warning.message
        assert f"'{letters}'" in warning.message
        assert text[offset:offset + len(letters)] == letters
        assert f"offset {offset}" in warning.message


def test_foreign_letters_are_kept_in_the_text():
    text, warnings = normalize_text("(นางสาวภัทรदानันท์ บุญมี)")
    assert "दान" in text
    assert [w.code for w in warnings] == ["foreign-script"]


# --- line-wrap spaces ---------------------------------------------------------------------------
@pytest.mark.parametrize("wrapped, joined", [
    # narrow table cells of sample 004
    ("จัดทำคู่มือการ ปฏิบัติงานหรือ หลักเกณฑ์มาตรฐาน", "จัดทำคู่มือการปฏิบัติงานหรือหลักเกณฑ์มาตรฐาน"),
    ("ผู้รับผิดชอบดำเนินการจัดทำ มาตรการตรวจสอบ การใช้ดุลพินิจ",
     "ผู้รับผิดชอบดำเนินการจัดทำมาตรการตรวจสอบการใช้ดุลพินิจ"),
    ("ประกาศ เจตจำนงการ บริหารงานด้วย ความซื่อสัตย์ สุจริตอย่างมี คุณธรรมและ โปร่งใส",
     "ประกาศเจตจำนงการบริหารงานด้วยความซื่อสัตย์สุจริตอย่างมีคุณธรรมและโปร่งใส"),
    ("<p>ประกาศ เจตจำนงการ บริหารงานด้วย ความซื่อสัตย์ สุจริตอย่างมี คุณธรรมและ โปร่งใส</p>",
     "<p>ประกาศเจตจำนงการบริหารงานด้วยความซื่อสัตย์สุจริตอย่างมีคุณธรรมและโปร่งใส</p>"),
    ("รายงานผลการ ดำเนินงานตาม มาตรการ - รอบ ๖ เดือน - รอบ ๑๒ เดือน",
     "รายงานผลการดำเนินงานตามมาตรการ - รอบ ๖ เดือน - รอบ ๑๒ เดือน"),
    ("มีประกาศเจตจำนง การบริหารงานด้วย ความซื่อสัตย์สุจริต อย่างมีคุณธรรมและ โปร่งใส "
     "ของผู้บริหาร และเจ้าหน้าที่ของ องค์การบริหารส่วน ตำบลบึงนคร เมื่อ วันที่ ๑๖ มีนาคม ๒๕๖๖",
     "มีประกาศเจตจำนงการบริหารงานด้วยความซื่อสัตย์สุจริตอย่างมีคุณธรรมและโปร่งใสของผู้บริหาร "
     "และเจ้าหน้าที่ขององค์การบริหารส่วนตำบลบึงนคร เมื่อวันที่ ๑๖ มีนาคม ๒๕๖๖"),
    ("๑. ผู้รับผิดชอบดำเนินการจัดทำ มาตรการตรวจสอบ การใช้ดุลพินิจ ๒. ผู้บริหาร ประกาศหลักเกณฑ์ "
     "หรือมาตรการ เพื่อให้เจ้าหน้าที่ และบุคคลภายนอก รับทราบ ๓. ผู้รับผิดชอบ ดำเนินการเผยแพร่ "
     "มาตรการตรวจสอบ การใช้ดุลพินิจ บน เว็บไซต์หลักของ หน่วยงาน",
     "๑. ผู้รับผิดชอบดำเนินการจัดทำมาตรการตรวจสอบการใช้ดุลพินิจ ๒. ผู้บริหาร ประกาศหลักเกณฑ์ "
     "หรือมาตรการ เพื่อให้เจ้าหน้าที่ และบุคคลภายนอกรับทราบ ๓. ผู้รับผิดชอบดำเนินการเผยแพร่"
     "มาตรการตรวจสอบการใช้ดุลพินิจบนเว็บไซต์หลักของหน่วยงาน"),
    # table cells of sample 002
    ("รายงานความก้าวหน้าและ สรุปผลการดำเนินงาน ณ สิ้นปีงบประมาณ ๒๕๖๕",
     "รายงานความก้าวหน้าและสรุปผลการดำเนินงาน ณ สิ้นปีงบประมาณ ๒๕๖๕"),
    ("- เพิ่มการปรับปรุงวิธีการและ ขั้นตอนการดำเนินงาน/การให้บริการให้ดีขึ้น",
     "- เพิ่มการปรับปรุงวิธีการและขั้นตอนการดำเนินงาน/การให้บริการให้ดีขึ้น"),
    # prose of 004 whose lines were joined
    ("การควบคุมข้อบกพร่องในการ ปฏิบัติงาน", "การควบคุมข้อบกพร่องในการปฏิบัติงาน"),
    ("ลงโทษขั้นสูงสุดกับผู้ทุจริตอย่าง จริงจัง", "ลงโทษขั้นสูงสุดกับผู้ทุจริตอย่างจริงจัง"),
    ("ส่งเสริมการปฏิบัติงานของบุคลากรใน องค์กร", "ส่งเสริมการปฏิบัติงานของบุคลากรในองค์กร"),
    # each tab-separated cell is judged on its own
    ("จัดทำคู่มือการ ปฏิบัติงาน\tสำนักงานปลัด\tรายงานผลการ ดำเนินงาน",
     "จัดทำคู่มือการปฏิบัติงาน\tสำนักงานปลัด\tรายงานผลการดำเนินงาน"),
])
def test_join_wrapped_words(wrapped, joined):
    assert join_wrapped_words(wrapped) == joined


@pytest.mark.parametrize("text", [
    # a first name and a last name
    "นายวันชัย ประชุมชน",
    "(นายวันชัย ประชุมชน)",
    "(นายสิทธิชัย เฟ็งจำรัส)",
    "(นางสาวภัทรदानันท์ บุญมี)",
    "นายกองค์การบริหารส่วนตำบลบึงนคร",
    # list items and phrases (prose of 000)
    "ถูกต้อง ครบถ้วน และเป็นปัจจุบัน",
    "เปิดเผยข้อมูลของหน่วยงานอย่างถูกต้อง ชัดเจน ครบถ้วน และเป็นปัจจุบัน",
    "สำนักปลัด กองคลัง กองช่าง กองการศึกษา ศาสนาและวัฒนธรรม",
    "นักวิเคราะห์นโยบายและแผนปฏิบัติการ รักษาราชการแทน",
    "เพื่อให้ทุกสำนัก/กอง ถือปฏิบัติ ทั้งนี้สามารถดาวน์โหลดมาตรการได้",
    "ร่วมวางแผนและจัดทำแผนงาน ร่วมดำเนินการ และร่วมติดตามตรวจสอบการดำเนินงานของหน่วยงาน",
    # phrase starters keep the space before them
    "ป้องกันการทุจริต โดยให้ส่วนราชการมีมาตรการภายใน",
    "เป็นไปอย่างมีประสิทธิภาพประสิทธิผล องค์การบริหารส่วนตำบลคมบาง จึงกำหนดมาตรการภายใน",
    "ผลการประเมินฯ ประเด็นที่จะต้องพัฒนาให้ดีขึ้น เป็นต้น",
    # memo header labels
    "เรียน หัวหน้าสำนักปลัด / ผู้อำนวยการกองคลัง / ผู้อำนวยการกองช่าง",
    "ที่ พง ๗๕๕๐๑/",
    "ส่วนราชการ สำนักปลัด องค์การบริหารส่วนตำบลเหล โทร.๐ ๗๖๔๕ ๕๗๖๖",
    "เรื่อง มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. ๒๕๖๕",
    # around numbers and Latin
    "ประกาศ ณ วันที่ ๑๐ เดือน มีนาคม พ.ศ. ๒๕๖๖",
    "ผลคะแนน IT พบว่า มีประเด็นที่ต้องปรับปรุง",
    "มีผลคะแนน 84.72 คะแนน อยู่ในระดับ B ดังนี้",
])
def test_join_wrapped_words_keeps_real_spaces(text):
    assert join_wrapped_words(text) == text


def test_domain_words_are_in_the_tokenizer():
    assert {"กองคลัง", "กองช่าง", "สำนักปลัด", "พังโคน"} <= thai_dictionary()
    assert thai_tokenizer().word_tokenize("ผู้อำนวยการกองคลัง") == ["ผู้อำนวยการ", "กองคลัง"]
    assert segment("อำเภอพังโคน") == ("อำเภอ", "พังโคน")


# --- the pipeline -------------------------------------------------------------------------------
@pytest.mark.parametrize("raw, normalized", [
    ("วันที่ ๒๘ เมษายน ๒๕๖๕", "วันที่ 28 เมษายน 2565"),
    ("ส\u0e4d\u0e32นักปลัด   กองคลัง", "สำนักปลัด กองคลัง"),
    ("  เรื่อง  มาตรการ \n\n ที่ พง ๗๕๕๐๑/  ", "เรื่อง มาตรการ\n\nที่ พง 75501/"),
    ("มาตรการ \t ผู้รับผิดชอบ\t\tหมายเหตุ", "มาตรการ\tผู้รับผิดชอบ\t\tหมายเหตุ"),
    ("ประกาศ\u00a0ณ\u00a0วันที่\u2003๑๑ มกราคม", "ประกาศ ณ วันที่ 11 มกราคม"),
    ("บรรทัด\r\nใหม่\rอีก", "บรรทัด\nใหม่\nอีก"),
])
def test_normalize_text(raw, normalized):
    text, warnings = normalize_text(raw, page=1)
    assert text == normalized
    assert warnings == []


def test_normalize_text_joins_wraps_only_when_asked():
    cell = "จัดทำคู่มือการ ปฏิบัติงานหรือ หลักเกณฑ์มาตรฐาน ๒๕๖๖"
    assert normalize_text(cell)[0] == "จัดทำคู่มือการ ปฏิบัติงานหรือ หลักเกณฑ์มาตรฐาน 2566"
    assert normalize_text(cell, join_wraps=True)[0] == "จัดทำคู่มือการปฏิบัติงานหรือหลักเกณฑ์มาตรฐาน 2566"


@pytest.mark.parametrize("raw, folded", [
    ("  ผู้รับผิดชอบ\n ดำเนินการ\tเผยแพร่  ", "ผู้รับผิดชอบ ดำเนินการ เผยแพร่"),
    ("สำนักงานปลัด", "สำนักงานปลัด"),
    ("\n\t ", ""),
])
def test_fold_whitespace(raw, folded):
    assert fold_whitespace(raw) == folded


def test_fold_spaces_keeps_structure():
    assert fold_spaces("ก  ข\t\tค \n\n ง") == "ก ข\t\tค\n\nง"


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name[:3])
def test_samples_normalize_without_thai_digits(sample):
    raw = sample.read_text(encoding="utf-8")
    for join_wraps in (False, True):
        text, warnings = normalize_text(raw, join_wraps=join_wraps)
        assert not THAI_DIGIT.search(text)
        assert text.count("\n") == raw.count("\n")  # no line lost or added
        assert all(w.code == "foreign-script" for w in warnings)
        assert normalize_text(text, join_wraps=join_wraps)[0] == text


def test_sample_002_reports_the_devanagari_name():
    raw = next(p for p in SAMPLES if p.name.startswith("002")).read_text(encoding="utf-8")
    _, warnings = normalize_text(raw)
    assert [w.message.split(" ")[0] for w in warnings] == ["DEVANAGARI"]


@pytest.mark.parametrize("broken, repaired", [
    # a space a PDF text layer put inside a syllable: no Thai word starts with a following
    # vowel, an upper or lower vowel or a tone mark
    ("อบต.ป่ าไผ่", "อบต.ป่าไผ่"), ("หัวหน้าฝ่ ายอำนวยการ", "หัวหน้าฝ่ายอำนวยการ"),
    # mai han-akat always has its final consonant after it
    ("ปั ญหา", "ปัญหา"), ("สั่ ง", "สั่ง"),
    # real word breaks stay
    ("ป่า ไผ่", "ป่า ไผ่"), ("กอง คลัง", "กอง คลัง"), ("นาย ก", "นาย ก"),
])
def test_repair_thai_space_inside_a_syllable(broken, repaired):
    assert repair_thai(broken) == repaired
