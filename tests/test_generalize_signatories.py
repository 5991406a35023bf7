"""Signature blocks of signed scans, where the handwritten signature or the rubber stamp runs
over the name line and OCR loses its opening parenthesis. Cases composed from the rule of the
Thai signature block: (ลงชื่อ), then '(title name surname)', then the position lines."""
from __future__ import annotations

import pytest

from thaireports.extractors.signatories import extract_signatories


@pytest.mark.parametrize("block,expected", [
    # the '(' under the signature's stroke; the position below
    ("ทราบ / เห็นชอบ\n(ลงชื่อ)\n\nนายบุญเรือง ทาแก้ว)\nนายกเทศมนตรีตำบลนาครัว",
     [("นาย", "บุญเรือง ทาแก้ว", "นายกเทศมนตรีตำบลนาครัว")]),
    ("(ลงชื่อ)\nนางสาวพิมพ์ชนก ใจดี )\nหัวหน้าสำนักปลัด",
     [("นางสาว", "พิมพ์ชนก ใจดี", "หัวหน้าสำนักปลัด")]),
    # both blocks of a memo's comment boxes, one with its '(' lost, one whole
    ("(ลงชื่อ)\n(นางวราภรณ์ สุขเกษม)\nหัวหน้าฝ่ายอำนวยการ\n\n(ลงชื่อ)\nนายเกรียงไกร ธนากร)\n"
     "นายกเทศมนตรีนครลำปาง",
     [("นาง", "วราภรณ์ สุขเกษม", "หัวหน้าฝ่ายอำนวยการ"),
      ("นาย", "เกรียงไกร ธนากร", "นายกเทศมนตรีนครลำปาง")]),
])
def test_signer_whose_opening_parenthesis_was_lost(block, expected):
    signatories, _ = extract_signatories(block)
    assert [(s.title, s.name, s.position) for s in signatories] == expected


@pytest.mark.parametrize("text", [
    # no title: a name fragment and a bracket are no signature
    "บุญเรือง ทาแก้ว)\nนายกเทศมนตรีตำบลนาครัว",
    # no position below: a name with a bracket in running prose
    "ผู้ประสานงาน นายบุญเรือง ทาแก้ว)\nโทร. 0 5422 8123",
    "นายบุญเรือง ทาแก้ว)\nได้เข้าร่วมประชุมประจำเดือน",
])
def test_lost_parenthesis_is_no_licence_to_guess(text):
    signatories, _ = extract_signatories(text)
    assert signatories == []
