"""Signature blocks: name without parentheses, title or rank, position, each person once."""
import pytest

from extractors.signatories import extract_signatories, split_title

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
