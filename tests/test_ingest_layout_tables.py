"""Tables laid out with spaces in plain text (ingest/layout_tables.py): OCR output with its
spaces kept, ``pdftotext -layout``, a table copied out of a PDF viewer.

The texts here are written for these tests in the shape of local-government ITA documents
(plans, measure announcements, memos). Their columns are aligned in *display* columns: Thai
marks above and below a letter take no column, so in an editor that counts code points the
lines look ragged, and a reader that counted code points would put cells in the wrong columns
(``test_positions_are_display_columns_not_code_points``).
"""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from thaireports.ingest import layout_tables
from thaireports.ingest.layout_tables import display_width, split_cells, strip_borders
from thaireports.ingest.reader import read
from tests.scoring import ROOT, cli


def read_txt(tmp_path: Path, text: str, name: str = "document.txt"):
    """The document the public reader makes of ``text`` saved as a .txt file."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read(path)


# --- the tables ------------------------------------------------------------------------------

# A plan table (แผนปฏิบัติการ): Thai digits, titles and an owner wrapped onto a second line.
PLAN_TABLE = """\
ลำดับ   โครงการ/กิจกรรม                         งบประมาณ         ระยะเวลา             หน่วยงานรับผิดชอบ
๑      โครงการอบรมคุณธรรมจริยธรรมสำหรับ          ๕๐,๐๐๐           ต.ค. ๖๖ - ธ.ค. ๖๖    สำนักปลัด
       ผู้บริหาร สมาชิกสภา และพนักงาน
๒      กิจกรรมเผยแพร่ข้อมูลการจัดซื้อจัดจ้าง           -                ตลอดปีงบประมาณ        กองคลัง
       ผ่านเว็บไซต์ของหน่วยงาน
๓      โครงการส่งเสริมการมีส่วนร่วมของ             ๓๐,๐๐๐           ม.ค. ๖๗ - มี.ค. ๖๗    กองการศึกษา ศาสนา
       ประชาชนในการต่อต้านการทุจริต                                                     และวัฒนธรรม
"""
PLAN_HEADER = ["ลำดับ", "โครงการ/กิจกรรม", "งบประมาณ", "ระยะเวลา", "หน่วยงานรับผิดชอบ"]
PLAN_ROWS = [
    ["1", "โครงการอบรมคุณธรรมจริยธรรมสำหรับผู้บริหาร สมาชิกสภา และพนักงาน", "50,000",
     "ต.ค. 66 - ธ.ค. 66", "สำนักปลัด"],
    ["2", "กิจกรรมเผยแพร่ข้อมูลการจัดซื้อจัดจ้างผ่านเว็บไซต์ของหน่วยงาน", "-", "ตลอดปีงบประมาณ",
     "กองคลัง"],
    ["3", "โครงการส่งเสริมการมีส่วนร่วมของประชาชนในการต่อต้านการทุจริต", "30,000",
     "ม.ค. 67 - มี.ค. 67", "กองการศึกษา ศาสนาและวัฒนธรรม"],
]

# The same plan with its header wrapped over two lines: 'ปี ๒๕๖๗ (บาท)' under งบประมาณ, and
# 'หน่วยงาน' that only names the owners column once 'รับผิดชอบ' under it is joined.
TWO_LINE_HEADER = """\
ลำดับ   โครงการ/กิจกรรม                         งบประมาณ         ระยะเวลา             หน่วยงาน
                                              ปี ๒๕๖๗ (บาท)     ดำเนินการ             รับผิดชอบ
๑      โครงการอบรมคุณธรรมจริยธรรมสำหรับ          ๕๐,๐๐๐           ต.ค. ๖๖ - ธ.ค. ๖๖    สำนักปลัด
       ผู้บริหาร สมาชิกสภา และพนักงาน
๒      กิจกรรมเผยแพร่ข้อมูลการจัดซื้อจัดจ้าง           -                ตลอดปีงบประมาณ        กองคลัง
       ผ่านเว็บไซต์ของหน่วยงาน
"""

# A measures table (มาตรการ): numbered rows whose titles and steps wrap; the steps' own
# numbers '1)', '2)' open no row (only the first column's do).
MEASURES_TABLE = """\
  มาตรการ                     ขั้นตอน/วิธีการ                       ผู้รับผิดชอบ       ระยะเวลา         การกำกับติดตาม
  1. มาตรการเผยแพร่ข้อมูล        1) จัดทำประกาศเจตจำนงสุจริต          สำนักปลัด        ต.ค. 2566        รายงานผลทุกไตรมาส
  ต่อสาธารณะ                   2) เผยแพร่ข้อมูลบนเว็บไซต์
  2. มาตรการป้องกันการ          1) จัดทำแนวทางป้องกันการรับ           กองคลัง         พ.ย. 2566        รายงานผลทุก 6 เดือน
  รับสินบน                      สินบนและเผยแพร่ให้บุคลากร
  3. มาตรการตรวจสอบการใช้      1) กำหนดขั้นตอนการปฏิบัติงาน           กองช่าง         ธ.ค. 2566        ปีละ 1 ครั้ง
  ดุลพินิจ                       และเผยแพร่คู่มือ
"""
MEASURES_HEADER = ["มาตรการ", "ขั้นตอน/วิธีการ", "ผู้รับผิดชอบ", "ระยะเวลา", "การกำกับติดตาม"]
MEASURES_ROWS = [
    ["1. มาตรการเผยแพร่ข้อมูลต่อสาธารณะ", "1) จัดทำประกาศเจตจำนงสุจริต 2) เผยแพร่ข้อมูลบนเว็บไซต์",
     "สำนักปลัด", "ต.ค. 2566", "รายงานผลทุกไตรมาส"],
    ["2. มาตรการป้องกันการรับสินบน", "1) จัดทำแนวทางป้องกันการรับสินบนและเผยแพร่ให้บุคลากร",
     "กองคลัง", "พ.ย. 2566", "รายงานผลทุก 6 เดือน"],
    ["3. มาตรการตรวจสอบการใช้ดุลพินิจ", "1) กำหนดขั้นตอนการปฏิบัติงานและเผยแพร่คู่มือ",
     "กองช่าง", "ธ.ค. 2566", "ปีละ 1 ครั้ง"],
]

# The measures table as OCR reads a ruled one: a '|' at the start or the end of some lines.
def _with_borders(table: str, opening: set[int], closing: set[int]) -> str:
    lines = table.splitlines()
    return "\n".join(("| " + ln[2:] if k in opening else ln) + ("  |" if k in closing else "")
                     for k, ln in enumerate(lines)) + "\n"


BORDERED = _with_borders(MEASURES_TABLE, opening={0, 1, 3, 4, 6}, closing={0, 2, 3, 5, 6})

# The measures table hand-typed: every data cell up to 3 columns off its header's start.
DRIFTED_TABLE = """\
  มาตรการ                     ขั้นตอน/วิธีการ                       ผู้รับผิดชอบ       ระยะเวลา         การกำกับติดตาม
  1. มาตรการเผยแพร่ข้อมูล           1) จัดทำประกาศเจตจำนงสุจริต    สำนักปลัด             ต.ค. 2566    รายงานผลทุกไตรมาส
     ต่อสาธารณะ             2) เผยแพร่ข้อมูลบนเว็บไซต์
2. มาตรการป้องกันการ              1) จัดทำแนวทางป้องกันการรับ            กองคลัง   พ.ย. 2566              รายงานผลทุก 6 เดือน
    รับสินบน                       สินบนและเผยแพร่ให้บุคลากร
  3. มาตรการตรวจสอบการใช้   1) กำหนดขั้นตอนการปฏิบัติงาน                 กองช่าง         ธ.ค. 2566  ปีละ 1 ครั้ง
 ดุลพินิจ                      และเผยแพร่คู่มือ
"""

# Titles dense with marks above and below (ปลูกฝังจิตสำนึกที่ดีให้ผู้ที่ปฏิบัติหน้าที่: 18 of them), so that
# row 1's owner starts 18 code points later than its display column (the header's, 2 later).
# The remarks column is empty, so no line fills every column (``_learn_full_row`` learns nothing).
MARKS_TABLE = """\
ที่     มาตรการ                               ผู้รับผิดชอบ        ระยะเวลา      หมายเหตุ
๑     ปลูกฝังจิตสำนึกที่ดีให้ผู้ที่ปฏิบัติหน้าที่             สำนักปลัด         ตลอดปี
๒     ป้องกันผลประโยชน์ทับซ้อนของผู้บริหาร          กองคลัง          ไตรมาส ๑
๓     ส่งเสริมให้ผู้ใต้บังคับบัญชายึดมั่นในคุณธรรม       กองช่าง          ไตรมาส ๒
"""
MARKS_ROWS = [
    ["1", "ปลูกฝังจิตสำนึกที่ดีให้ผู้ที่ปฏิบัติหน้าที่", "สำนักปลัด", "ตลอดปี", ""],
    ["2", "ป้องกันผลประโยชน์ทับซ้อนของผู้บริหาร", "กองคลัง", "ไตรมาส 1", ""],
    ["3", "ส่งเสริมให้ผู้ใต้บังคับบัญชายึดมั่นในคุณธรรม", "กองช่าง", "ไตรมาส 2", ""],
]

# The plan as pdftotext -layout prints a Word table: the labels centred over their columns,
# the cells flush left ('โครงการ...' starts nearer the 'ลำดับ' label than its own).
CENTRED_TABLE = """\
 ลำดับ              โครงการ/กิจกรรม              งบประมาณ        ระยะเวลา              ผู้รับผิดชอบ
  ๑    โครงการอบรมคุณธรรมจริยธรรมสำหรับ         ๕๐,๐๐๐      ต.ค. ๖๖ - ธ.ค. ๖๖    สำนักปลัด
       ผู้บริหาร สมาชิกสภา และพนักงาน
  ๒    กิจกรรมเผยแพร่ข้อมูลการจัดซื้อจัดจ้าง          -           ตลอดปีงบประมาณ        กองคลัง
       ผ่านเว็บไซต์ของหน่วยงาน
  ๓    โครงการส่งเสริมการมีส่วนร่วมของ            ๓๐,๐๐๐      ม.ค. ๖๗ - มี.ค. ๖๗    กองการศึกษา ศาสนา
       ประชาชนในการต่อต้านการทุจริต                                               และวัฒนธรรม
"""

# --- the documents around them -----------------------------------------------------------------

MEMO_HEAD = """\
                                   บันทึกข้อความ
ส่วนราชการ  สำนักปลัด  องค์การบริหารส่วนตำบลหนองบัว  โทร. ๐ ๔๒๒๔ ๑๒๓๔
ที่ อด ๗๑๓๐๑/๑๒๓                                   วันที่  ๑๕ มกราคม ๒๕๖๗
เรื่อง  รายงานแผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. ๒๕๖๗
เรียน  นายกองค์การบริหารส่วนตำบลหนองบัว

        ตามที่ องค์การบริหารส่วนตำบลหนองบัว ได้จัดทำแผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ
พ.ศ. ๒๕๖๗ เพื่อใช้เป็นแนวทางการดำเนินงาน  สำนักปลัดจึงขอรายงานโครงการตามแผน ดังนี้

"""
SIGNATURE = """\
                                              (ลงชื่อ)  สมชาย  ใจดี
                                                  (นายสมชาย ใจดี)
                                         ปลัดองค์การบริหารส่วนตำบลหนองบัว
"""
PLAN_MEMO = MEMO_HEAD + PLAN_TABLE + "\n        จึงเรียนมาเพื่อโปรดทราบ\n\n" + SIGNATURE

ANNOUNCEMENT = """\
ประกาศองค์การบริหารส่วนตำบลหนองบัว
เรื่อง  มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. ๒๕๖๗
                         --------------------------------

        ตามที่ สำนักงาน ป.ป.ช. ได้กำหนดให้มีการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ
(ITA) องค์การบริหารส่วนตำบลหนองบัว อำเภอเมืองอุดรธานี จังหวัดอุดรธานี จึงกำหนดมาตรการส่งเสริมคุณธรรม
และความโปร่งใสภายในหน่วยงาน ดังนี้

""" + BORDERED + """
                              ประกาศ ณ วันที่  ๑๐  พฤศจิกายน  พ.ศ. ๒๕๖๖

""" + SIGNATURE.replace("ปลัดองค์การ", "นายกองค์การ")


# --- display width and cells -------------------------------------------------------------------

@pytest.mark.parametrize("text,width", [
    ("ITA 2566", 8),
    # above and below vowels and tone marks take no column
    ("กองคลัง", 6),
    ("ผู้รับผิดชอบ", 8),
    ("ที่", 1),
    ("ปลูกฝังจิตสำนึกที่ดีให้ผู้ที่ปฏิบัติหน้าที่", 25),
    # sara am is a letter (one column); written as nikhahit + sara aa it is as wide
    ("กำกับ", 4),
    ("ก\u0e4d\u0e32กับ", 4),
    # zero-width space and joiners from copied PDF text
    ("กอง\u200bคลัง", 6),
    # a full-width form counts one column, as text editors and pdftotext set it
    ("ＩＴＡ 2566", 8),
])
def test_display_width(text: str, width: int) -> None:
    assert display_width(text) == width


@pytest.mark.parametrize("line,cells", [
    # one space stays inside a cell: Thai phrases, a date
    ("๑  จัดอบรมคุณธรรม ประจำปี  1 กุมภาพันธ์ 2566", [("๑", 0), ("จัดอบรมคุณธรรม ประจำปี", 3),
                                                    ("1 กุมภาพันธ์ 2566", 24)]),
    # a no-break space is one space: inside a cell alone, part of a gap with another
    ("นาย\u00a0สมชาย\u00a0 กองคลัง", [("นาย สมชาย", 0), ("กองคลัง", 11)]),
    # a cell's start counts the marks before it as nothing
    ("ผู้รับผิดชอบ   สำนักปลัด", [("ผู้รับผิดชอบ", 0), ("สำนักปลัด", 11)]),
    # border bars at the ends and alone between cells are not text, and move no cell
    ("| ๑    | กองคลัง |", [("๑", 2), ("กองคลัง", 9)]),
    ("|๑      กองคลัง", [("๑", 1), ("กองคลัง", 8)]),
    # a bar inside a word is text
    ("กองคลัง/งานพัสดุ  ก|ข", [("กองคลัง/งานพัสดุ", 0), ("ก|ข", 15)]),
])
def test_split_cells(line: str, cells: list[tuple[str, int]]) -> None:
    assert [(c.text, c.start) for c in split_cells(line)] == cells


def test_strip_borders_keeps_columns() -> None:
    line = "| มาตรการ   | ผู้รับผิดชอบ |"
    assert len(strip_borders(line)) == len(line)
    assert "|" not in strip_borders(line)


# --- tables read through the public reader -----------------------------------------------------

def test_plan_table_in_a_memo(tmp_path: Path) -> None:
    doc = read_txt(tmp_path, PLAN_MEMO)
    assert len(doc.tables) == 1
    table = doc.tables[0]
    assert table.header == PLAN_HEADER
    assert table.rows == PLAN_ROWS
    text = doc.pages[0].text
    # the memo around it stays text: its header line, its paragraph, its signature
    assert "วันที่ 15 มกราคม 2567" in text
    assert text.index("ตามที่") < table.offset < text.index("จึงเรียนมาเพื่อโปรดทราบ")
    assert "(นายสมชาย ใจดี)" in text
    # the page text holds the table as rows of tab-separated cells, where it stood
    assert text[table.offset:].startswith("\t".join(PLAN_HEADER) + "\n" + "\t".join(PLAN_ROWS[0]))


@pytest.mark.parametrize("table_text", [MEASURES_TABLE, BORDERED, DRIFTED_TABLE],
                         ids=["aligned", "ruled-borders", "drifted-3-columns"])
def test_measures_table_numbered_rows(tmp_path: Path, table_text: str) -> None:
    doc = read_txt(tmp_path, "มาตรการส่งเสริมคุณธรรมและความโปร่งใส ดังนี้\n\n" + table_text)
    assert [(t.header, t.rows) for t in doc.tables] == [(MEASURES_HEADER, MEASURES_ROWS)]
    assert "|" not in doc.pages[0].text


def test_two_line_header_is_joined_per_column(tmp_path: Path) -> None:
    doc = read_txt(tmp_path, TWO_LINE_HEADER)
    assert len(doc.tables) == 1
    assert doc.tables[0].header == ["ลำดับ", "โครงการ/กิจกรรม", "งบประมาณ ปี 2567 (บาท)",
                                    "ระยะเวลา ดำเนินการ", "หน่วยงาน รับผิดชอบ"]
    assert doc.tables[0].rows == PLAN_ROWS[:2]


def test_header_centred_over_flush_left_cells(tmp_path: Path) -> None:
    doc = read_txt(tmp_path, CENTRED_TABLE)
    assert [(t.header, t.rows) for t in doc.tables] == [
        (["ลำดับ", "โครงการ/กิจกรรม", "งบประมาณ", "ระยะเวลา", "ผู้รับผิดชอบ"], PLAN_ROWS)]


def test_positions_are_display_columns_not_code_points(tmp_path: Path, monkeypatch) -> None:
    doc = read_txt(tmp_path, MARKS_TABLE)
    assert [(t.header, t.rows) for t in doc.tables] == [
        (["ที่", "มาตรการ", "ผู้รับผิดชอบ", "ระยะเวลา", "หมายเหตุ"], MARKS_ROWS)]
    # Counted in code points, the owner 'สำนักปลัด' starts nearer the timeline column than the
    # owners column, and the rows come out wrong.
    line = MARKS_TABLE.splitlines()[1]
    header = MARKS_TABLE.splitlines()[0]
    assert abs(line.index("สำนักปลัด") - header.index("ระยะเวลา")) < \
        abs(line.index("สำนักปลัด") - header.index("ผู้รับผิดชอบ"))
    monkeypatch.setattr(layout_tables, "display_width", len)
    wrong = read_txt(tmp_path, MARKS_TABLE, "again.txt")
    assert wrong.tables[0].rows[0][2:] == ["", "สำนักปลัด", "ตลอดปี"]


def test_a_row_of_label_words_under_a_row_is_a_row(tmp_path: Path) -> None:
    """'มาตรการป้องกัน...', 'ขั้นตอนการ...', 'ติดตามผล...' each open with a column word (the row
    reads as a header by itself): straight under a row, it is a row, not a new table."""
    text = (
        "มาตรการ                       ขั้นตอน/วิธีการ               การกำกับติดตาม\n"
        "มาตรการเผยแพร่ข้อมูลต่อสาธารณะ    จัดทำประกาศเจตจำนง         รายงานผลทุกไตรมาส\n"
        "มาตรการป้องกันการรับสินบน         ขั้นตอนการตรวจสอบ           ติดตามผลการดำเนินงาน\n"
        "มาตรการตรวจสอบการใช้ดุลพินิจ      จัดทำคู่มือการปฏิบัติงาน         รายงานผลปีละ 1 ครั้ง\n")
    doc = read_txt(tmp_path, text)
    assert [[r[0] for r in t.rows] for t in doc.tables] == [[
        "มาตรการเผยแพร่ข้อมูลต่อสาธารณะ", "มาตรการป้องกันการรับสินบน", "มาตรการตรวจสอบการใช้ดุลพินิจ"]]


def test_rows_separated_by_blank_lines(tmp_path: Path) -> None:
    """pdftotext -layout leaves a blank line between tall rows: the table goes on."""
    lines = PLAN_TABLE.splitlines()
    text = "\n".join([lines[0], ""] + lines[1:3] + [""] + lines[3:5] + ["", ""] + lines[5:7])
    doc = read_txt(tmp_path, text + "\n\nจึงเรียนมาเพื่อโปรดทราบ\n")
    assert [t.rows for t in doc.tables] == [PLAN_ROWS]
    assert doc.pages[0].text.endswith("\n\nจึงเรียนมาเพื่อโปรดทราบ")


def test_group_heading_is_a_row_of_its_own(tmp_path: Path) -> None:
    lines = PLAN_TABLE.splitlines()
    text = "\n".join([lines[0], "มิติที่ ๑ การสร้างสังคมที่ไม่ทนต่อการทุจริต"] + lines[1:5]
                     + ["มิติที่ ๒ การบริหารราชการเพื่อป้องกันการทุจริต"] + lines[5:7])
    rows = read_txt(tmp_path, text).tables[0].rows
    assert rows == [["มิติที่ 1 การสร้างสังคมที่ไม่ทนต่อการทุจริต", "", "", "", ""], *PLAN_ROWS[:2],
                    ["มิติที่ 2 การบริหารราชการเพื่อป้องกันการทุจริต", "", "", "", ""], PLAN_ROWS[2]]


# How a table ends: the line after it is not a row, and stays text.
ENDINGS = {
    # prose from the left margin, no blank line between
    "paragraph": "ทั้งนี้ ให้ทุกกองดำเนินการตามแผนปฏิบัติการและรายงานผลการดำเนินงานต่อนายกองค์การบริหาร"
                 "ส่วนตำบลทุกไตรมาส",
    "paragraph without a cue": "ให้ทุกกองดำเนินการตามแผนปฏิบัติการและรายงานผลการดำเนินงานต่อนายกองค์การ"
                               "บริหารส่วนตำบลทุกไตรมาส",
    # prose with a double space inside: its first cell runs across the columns
    "paragraph with a double space": "ให้ทุกกองดำเนินการตามแผนปฏิบัติการ  และรายงานผลการดำเนินงานทุกไตรมาส",
    # a total sums the rows: it is not one
    "total": "       รวม                                       ๘๐,๐๐๐",
    # a signature straight under the table
    "signature": SIGNATURE.rstrip("\n"),
    # a blank line, then a note that starts in a column of the table
    "blank then note": "\n       หมายเหตุ  งบประมาณตามข้อบัญญัติงบประมาณรายจ่ายประจำปี",
    # a blank line, then a lone cell far right (a page's footer, a signer)
    "blank then lone cell": "\n                                                       /ต่อหน้า ๒",
    # a blank line, then a date typed with double spaces: cells, but off the columns
    "blank then spaced date": "\n                    วันที่  ๑๐  เดือน  พฤศจิกายน  พ.ศ.  ๒๕๖๖",
    "blank then spaced date line": "\n                    ให้ไว้ ณ วันที่  ๑๐  พฤศจิกายน  พ.ศ. ๒๕๖๖",
}


@pytest.mark.parametrize("ending", list(ENDINGS), ids=list(ENDINGS))
def test_table_ends_and_what_follows_stays_text(tmp_path: Path, ending: str) -> None:
    after = ENDINGS[ending]
    doc = read_txt(tmp_path, PLAN_TABLE + after + "\n")
    assert [t.rows for t in doc.tables] == [PLAN_ROWS]
    text = doc.pages[0].text
    from thaireports.normalize.digits import thai_digits_to_arabic

    last_words = thai_digits_to_arabic(after.split()[-1])
    assert text.rstrip().endswith(last_words)
    assert "\t" not in text[text.index(PLAN_ROWS[-1][-1]):]


@pytest.mark.parametrize("page_break", ["\f", "\n- ๒ -\n", "\n\n"],
                         ids=["form-feed", "page-number", "blank-line"])
def test_repeated_header_continues_the_table(tmp_path: Path, page_break: str) -> None:
    """The header printed again over the rest of the rows (the next page) joins them to the
    table: one table, every row once, the header not among them."""
    lines = PLAN_TABLE.splitlines()
    text = ("แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. ๒๕๖๗\n\n" + "\n".join(lines[:5])
            + page_break + "\n".join([lines[0]] + lines[5:]) + "\n")
    doc = read_txt(tmp_path, text)
    assert [(t.page, t.header, t.rows) for t in doc.tables] == [(1, PLAN_HEADER, PLAN_ROWS)]


def test_a_lone_row_under_a_new_header_stays_text(tmp_path: Path) -> None:
    """A header with one row under it, continuing nothing: too little to call a table."""
    lines = PLAN_TABLE.splitlines()
    doc = read_txt(tmp_path, "\n".join(lines[:3]) + "\n\nจึงเรียนมาเพื่อโปรดทราบ\n")
    assert doc.tables == []
    assert "โครงการอบรมคุณธรรมจริยธรรมสำหรับ" in doc.pages[0].text


# Never tables: lines with runs of spaces that are not columns.
NOT_TABLES = {
    "memo header": MEMO_HEAD,
    "signature block": SIGNATURE + "                                         ผู้รับผิดชอบ      "
                                   "ระยะเวลา      การกำกับติดตาม\n",
    "paragraph with double spaces": """\
        ตามที่ องค์การบริหารส่วนตำบลหนองบัว ได้จัดทำมาตรการส่งเสริมคุณธรรม  และความโปร่งใส
ภายในหน่วยงาน  เพื่อให้บุคลากรถือปฏิบัติ โดยมีสำนักปลัดเป็นผู้รับผิดชอบ
""",
    # three cells that each open with a column word, then prose: a header with no rows
    "label-like prose": """\
มาตรการนี้ให้ใช้บังคับทันที  ผู้รับผิดชอบคือทุกกอง  ระยะเวลาตลอดปีงบประมาณ
โดยให้ทุกกองรายงานผลการดำเนินงานต่อนายกองค์การบริหารส่วนตำบลทุกไตรมาส และเผยแพร่ผลการดำเนินงานทางเว็บไซต์
ของหน่วยงาน  ภายในวันที่ ๓๐ กันยายน ๒๕๖๗
""",
    "numbered measures in prose": """\
๑. มาตรการเผยแพร่ข้อมูลต่อสาธารณะ  ให้สำนักปลัดเผยแพร่ข้อมูลผ่านเว็บไซต์ของหน่วยงาน  ทุกเดือน
๒. มาตรการให้ผู้มีส่วนได้ส่วนเสียมีส่วนร่วม  ให้ทุกกองเปิดโอกาสให้ประชาชนร่วมแสดงความคิดเห็น
๓. มาตรการส่งเสริมความโปร่งใสในการจัดซื้อจัดจ้าง  ให้กองคลังรายงานผลการจัดซื้อจัดจ้างทุกไตรมาส
""",
    "numbered prose under a label line": """\
มาตรการ          ผู้รับผิดชอบ          ระยะเวลา
๑. มาตรการเผยแพร่ข้อมูลต่อสาธารณะ ให้สำนักปลัดเผยแพร่ข้อมูลผ่านเว็บไซต์ของหน่วยงานทุกเดือน
๒. มาตรการให้ผู้มีส่วนได้ส่วนเสียมีส่วนร่วม ให้ทุกกองเปิดโอกาสให้ประชาชนร่วมแสดงความคิดเห็น
""",
}


@pytest.mark.parametrize("name", list(NOT_TABLES), ids=list(NOT_TABLES))
def test_not_a_table(tmp_path: Path, name: str) -> None:
    doc = read_txt(tmp_path, NOT_TABLES[name])
    assert doc.tables == []
    # nothing lost: every word is in the page text (digits normalized)
    from thaireports.normalize.digits import thai_digits_to_arabic

    text = doc.pages[0].text
    for word in thai_digits_to_arabic(NOT_TABLES[name]).split():
        assert word in text


def test_nothing_of_a_table_is_lost(tmp_path: Path) -> None:
    """Every letter of the table block is in its cells, in order, and in the page text (a
    wrap between Thai letters joins with no space: whitespace aside)."""
    from thaireports.normalize.digits import thai_digits_to_arabic

    doc = read_txt(tmp_path, BORDERED)
    cells = "".join("".join(r) for r in [doc.tables[0].header, *doc.tables[0].rows])
    words = thai_digits_to_arabic(BORDERED.replace("|", " ")).split()
    assert sorted("".join(cells.split())) == sorted("".join(words))
    page = "".join(doc.pages[0].text.split())
    assert all(w in page for w in words)


# --- end to end: the command line -------------------------------------------------------------

def test_convert_reads_measures_from_the_table(tmp_path: Path) -> None:
    path = tmp_path / "announcement.txt"
    path.write_text(ANNOUNCEMENT, encoding="utf-8")
    out = tmp_path / "announcement.json"
    done = subprocess.run([*cli(), "convert", str(path), "-o", str(out)], capture_output=True,
                          text=True, cwd=ROOT, timeout=120,
                          env={**os.environ, "PYTHAINLP_OFFLINE": "1"})
    assert done.returncode == 0, done.stderr
    record = json.loads(out.read_text(encoding="utf-8"))
    measures = record["measures"]
    # titles from the first column, the wrapped line joined (the scorer ignores the space)
    assert [m["title"].replace(" ", "") for m in measures] == [
        "มาตรการเผยแพร่ข้อมูลต่อสาธารณะ", "มาตรการป้องกันการรับสินบน", "มาตรการตรวจสอบการใช้ดุลพินิจ"]
    assert [[(o["name"], o["unit"]) for o in m["owners"]] for m in measures] == [
        [("สำนักปลัด", "office-of-the-permanent-secretary")], [("กองคลัง", "finance")],
        [("กองช่าง", "public-works")]]
    assert [(m["timeline"]["start"], m["timeline"]["end"]) for m in measures] == [
        ("2023-10", "2023-10"), ("2023-11", "2023-11"), ("2023-12", "2023-12")]
    assert [m["monitoring"]["cadence_months"] for m in measures] == [[3], [6], [12]]
    assert measures[0]["actions"] == ["จัดทำประกาศเจตจำนงสุจริต", "เผยแพร่ข้อมูลบนเว็บไซต์"]
    # the signature under the table is the signer's, not a row
    assert [s["name"] for s in record["signatories"]] == ["สมชาย ใจดี"]
    assert record["document"]["date"] == "2023-11-10"


def test_a_sub_group_heading_is_a_row_of_its_own(tmp_path: Path) -> None:
    """A plan's sub-dimension ('๑.๑ ...', numbered with its group) stands alone on its line
    across the columns: it keeps the table going, as the group heading above it does."""
    text = PLAN_TABLE.replace(
        "๑      โครงการอบรม",
        "มิติที่ ๑ การสร้างสังคมที่ไม่ทนต่อการทุจริต\n๑.๑ การสร้างจิตสำนึกแก่บุคลากร\n๑      โครงการอบรม", 1)
    doc = read_txt(tmp_path, text)
    assert len(doc.tables) == 1
    rows = doc.tables[0].rows
    assert rows[0][0].startswith("มิติที่ 1") and rows[1][0].startswith("1.1 การสร้างจิตสำนึก")
    assert rows[2][:3] == PLAN_ROWS[0][:3]
