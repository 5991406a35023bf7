"""Signature blocks: name without parentheses, title or rank, position, each person once."""
import pytest

from thaireports.extractors.signatories import extract_signatories, split_title

MEMO_002 = """(ลงชื่อ).....

(นางสาวภัทรदानันท์ บุญมี)

นักทรัพยากรบุคคลปฏิบัติการ

ความเห็นของหัวหน้าสำนักปลัด

(ลงชื่อ).....

(นายสิทธิชัย เฟ็งจำรัส)

นักวิเคราะห์นโยบายและแผนปฏิบัติการ รักษาราชการแทน

หัวหน้าสำนักปลัด

ความเห็นของปลัดองค์การบริหารส่วนตำบลเหล

(ลงชื่อ).....

(นายสิทธิชัย เฟ็งจำรัส)

นักวิเคราะห์นโยบายและแผนปฏิบัติการ รักษาราชการแทน

หัวหน้าสำนักปลัด รักษาราชการแทน

ปลัดองค์การบริหารส่วนตำบลเหล

/ความเห็นของ...
"""


def test_memo_signatures():
    people, warnings = extract_signatories(MEMO_002)
    assert [(p.title, p.name) for p in people] == [("นางสาว", "ภัทรดานันท์ บุญมี"),
                                                   ("นาย", "สิทธิชัย เฟ็งจำรัส")]
    assert people[1].position == ("นักวิเคราะห์นโยบายและแผนปฏิบัติการ รักษาราชการแทนหัวหน้าสำนักปลัด "
                                  "รักษาราชการแทนปลัดองค์การบริหารส่วนตำบลเหล")
    assert "name-foreign-script" in [w.code for w in warnings]


def test_rank_on_the_line_above():
    people, _ = extract_signatories("ส.ต.ท.\n\n(ประโยชน์ สนิทกุล)\n\nปลัดองค์การบริหารส่วนตำบล\n\n"
                                    "มาตรการเผยแพร่ข้อมูลต่อสาธารณะ")
    assert [(p.title, p.name, p.position) for p in people] == [
        ("ส.ต.ท.", "ประโยชน์ สนิทกุล", "ปลัดองค์การบริหารส่วนตำบล")]


@pytest.mark.parametrize("text", [
    "(Integrity and Transparency Assessment)",
    "(สำนักงาน ป.ป.ช.)",
    "ผ่านเว็บไซต์ (www.buengnakorn.go.th)",
    "(ลงชื่อ).....",
])
def test_parenthesised_phrases_are_not_people(text):
    assert extract_signatories(text)[0] == []


@pytest.mark.parametrize("raw,expected", [
    ("นายวันชัย ประชุมชน", ("นาย", "วันชัย ประชุมชน")),
    ("นางสาวภัทรดานันท์ บุญมี", ("นางสาว", "ภัทรดานันท์ บุญมี")),
    ("จ.อ.สมชาย ใจดี", ("จ.อ.", "สมชาย ใจดี")),
    ("ประโยชน์ สนิทกุล", (None, "ประโยชน์ สนิทกุล")),
])
def test_split_title(raw, expected):
    assert split_title(raw) == expected


def test_rank_inside_the_parentheses():
    sigs, _ = extract_signatories("(ลงชื่อ)\n(จ.ส.อ.ธนพล ศรีวิชัย)\nผู้อำนวยการกองช่าง")
    assert [(s.title, s.name, s.position) for s in sigs] == [
        ("จ.ส.อ.", "ธนพล ศรีวิชัย", "ผู้อำนวยการกองช่าง")]


# 002 scanned: the second signature block of the same man read with ฟ -> พ, and his first
# position cut short by the page break.
SCANNED_002 = """(นายสิทธิชัย เฟ็งจำรัส)
นักวิเคราะห์นโยบายและแผนปฏิบัติการ รักษาราชการแทน

หัวหน้าสำนักปลัด
\f
ความเห็นของปลัดองค์การบริหารส่วนตำบลเหล

(นายสิทธิชัย เพ็งจำรัส)

นักวิเคราะห์นโยบายและแผนปฏิบัติการ รักษาราชการแทน
หัวหน้าสำนักปลัด รักษาราชการแทน

ปลัดองค์การบริหารส่วนตำบลเหล
"""


def test_one_signer_read_twice_with_a_letter_slip_is_listed_once():
    people, warnings = extract_signatories(SCANNED_002)
    assert [(p.title, p.name) for p in people] == [("นาย", "สิทธิชัย เฟ็งจำรัส")]
    assert people[0].position.endswith("รักษาราชการแทนปลัดองค์การบริหารส่วนตำบลเหล")
    assert [w.code for w in warnings] == ["signatory-name-variants"]


def test_the_more_frequent_spelling_wins():
    text = "ข้าพเจ้า นายสิทธิชัย เพ็งจำรัส\n" + SCANNED_002
    people, _ = extract_signatories(text)
    assert [p.name for p in people] == ["สิทธิชัย เพ็งจำรัส"]


@pytest.mark.parametrize("a, b", [
    # different people: a short first name differs by one letter
    ("(นายสมชาย ใจดี)\nปลัดองค์การบริหารส่วนตำบล", "(นายสมชัย ใจดี)\nปลัดองค์การบริหารส่วนตำบล"),
    # same name, different titles
    ("(นายสิทธิชัย เฟ็งจำรัส)\nปลัดองค์การบริหารส่วนตำบล",
     "(นางสิทธิชัย เพ็งจำรัส)\nปลัดองค์การบริหารส่วนตำบล"),
    # a one-letter slip but another position
    ("(นายสิทธิชัย เฟ็งจำรัส)\nปลัดองค์การบริหารส่วนตำบล",
     "(นายสิทธิชัย เพ็งจำรัส)\nนายกองค์การบริหารส่วนตำบลเหล"),
])
def test_near_names_of_different_signers_stay_apart(a, b):
    people, _ = extract_signatories(a + "\n\n" + b)
    assert len(people) == 2


def test_signature_blocks_side_by_side():
    # A report signed by its maker and its checker side by side, then approved below; the text
    # has its runs of spaces folded, as ingest and OCR leave it.
    text = ("รายงาน ณ วันที่ ๕ เมษายน ๒๕๖๗\n\n"
            "ผู้รายงาน .............................. ผู้ตรวจสอบ ..............................\n"
            "(นางสาวสุภาวดี อินทร์แก้ว) (นายธนากร เพ็ชรรุ่ง)\n"
            "นักวิเคราะห์นโยบายและแผนชำนาญการ ผู้อำนวยการกองยุทธศาสตร์และงบประมาณ\n\n"
            "ผู้รับรอง ..............................\n"
            "(จ.ส.อ.สมพงษ์ วงษ์สุวรรณ)\nปลัดเทศบาลเมืองสุพรรณบุรี\n")
    sigs, _ = extract_signatories(text)
    assert [(s.title, s.name, s.position) for s in sigs] == [
        ("นางสาว", "สุภาวดี อินทร์แก้ว", "นักวิเคราะห์นโยบายและแผนชำนาญการ"),
        ("นาย", "ธนากร เพ็ชรรุ่ง", "ผู้อำนวยการกองยุทธศาสตร์และงบประมาณ"),
        ("จ.ส.อ.", "สมพงษ์ วงษ์สุวรรณ", "ปลัดเทศบาลเมืองสุพรรณบุรี")]


def test_two_names_side_by_side_whose_positions_are_one_line_each():
    text = "(นายสมชาย ใจดี) (นางมาลี ศรีสุข)\nหัวหน้าสำนักปลัด ปลัดองค์การบริหารส่วนตำบล\n"
    sigs, _ = extract_signatories(text)
    assert [(s.name, s.position) for s in sigs] == [("สมชาย ใจดี", "หัวหน้าสำนักปลัด"),
                                                     ("มาลี ศรีสุข", "ปลัดองค์การบริหารส่วนตำบล")]


def test_signatures_in_a_table_of_three_columns():
    # A Word or markdown table of signatures: the names' row and the positions' row, one cell
    # per signer, as ingest gives a table row (tabs between the cells).
    text = ("ผู้รายงาน\tผู้ตรวจสอบ\tผู้รับรองรายงาน\n"
            "(นางสาวศศิธร แก้วมณี)\t(นายประเสริฐ บุญมา)\t(นางวันเพ็ญ ทองคำ)\n"
            "นักวิเคราะห์นโยบายและแผนชำนาญการ\tปลัดเทศบาลตำบลหนองแค\tนายกเทศมนตรีตำบลหนองแค\n")
    sigs, _ = extract_signatories(text)
    assert [(s.name, s.position) for s in sigs] == [
        ("ศศิธร แก้วมณี", "นักวิเคราะห์นโยบายและแผนชำนาญการ"),
        ("ประเสริฐ บุญมา", "ปลัดเทศบาลตำบลหนองแค"),
        ("วันเพ็ญ ทองคำ", "นายกเทศมนตรีตำบลหนองแค")]
