"""The text/markdown reader: pages, tables, joins, offsets, quality, on real sample text."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from thaireports import ingest
from thaireports.ingest.quality import page_quality
from thaireports.ingest.text import combine_header_rows, is_header_row, read_text, same_header, split_pages

THAI_DIGIT = re.compile(r"[๐-๙]")

# --- the three samples: (prefix, [(columns, data rows, first header cell)]) ------------------
SAMPLE_TABLES = [
    # 000: the steps table of the public-disclosure section.
    ("000", [(3, 5, "ลำดับ")]),
    # 002: the ITA indicator table, then the IIT, EIT and OIT measure tables. The two EIT
    # blocks (repeated header, only a blank line between) are one table of two rows.
    ("002", [(2, 13, "ตัวชี้วัดของการประเมิน ITA"), (5, 1, "มาตรการ/แนวทาง"),
             (5, 2, "มาตรการ/แนวทาง"), (5, 1, "มาตรการ/แนวทาง")]),
    # 004: the plan table (header repeated with other spacing) and the results table (two-row
    # header, the <p> row after a blank line joined).
    ("004", [(5, 3, "มาตรการ"), (6, 3, "มาตรการ")]),
]


@pytest.fixture(scope="module")
def documents(sample_paths: dict[str, Path]) -> dict[str, ingest.Document]:
    return {key: ingest.read(path) for key, path in sample_paths.items()}


@pytest.mark.parametrize("key,expected", SAMPLE_TABLES)
def test_sample_table_shapes(documents, key: str, expected) -> None:
    doc = documents[key]
    shapes = [(len(t.header), len(t.rows), t.header[0]) for t in doc.tables]
    assert shapes == expected
    for table in doc.tables:
        assert all(len(row) == len(table.header) for row in table.rows)


@pytest.mark.parametrize("key", ["000", "002", "004"])
def test_sample_source_and_pages(documents, sample_paths, key: str) -> None:
    import hashlib

    doc = documents[key]
    assert doc.source.text_source == "text"
    assert doc.source.sha256 == hashlib.sha256(sample_paths[key].read_bytes()).hexdigest()
    assert doc.source.pages == len(doc.pages) == 1  # the samples carry no page breaks
    page = doc.pages[0]
    assert not THAI_DIGIT.search(page.text), "page text is normalized to Arabic digits"
    assert 0.9 <= page.confidence <= 1.0


@pytest.mark.parametrize("key", ["000", "002", "004"])
def test_offsets_point_at_table_text(documents, key: str) -> None:
    doc = documents[key]
    for table in doc.tables:
        text = doc.pages[table.page - 1].text
        first_row = "\t".join(table.header)
        # The header row as printed (the combined two-row header is not printed as such).
        assert text[table.offset:].split("\n", 1)[0].split("\t")[0] == table.header[0]
        for row in table.rows:
            assert "\t".join(row).strip() in text
        assert first_row or table.rows


def test_004_two_row_header_and_joined_p_row(documents) -> None:
    results = documents["004"].tables[1]
    assert results.header == ["มาตรการ", "รายละเอียดการดำเนินงาน", "ระยะเวลาการดำเนินงาน",
                              "ผลการดำเนินการ ผลผลิต", "ผลการดำเนินการ ผลลัพธ์", "หมายเหตุ"]
    # The <p> row: <p> boundaries gone, Thai digits normalized.
    last = results.rows[2]
    assert last[0] == "ประกาศ เจตจำนงการ บริหารงานด้วย ความซื่อสัตย์ สุจริตอย่างมี คุณธรรมและ โปร่งใส"
    assert last[2] == "เดือนมีนาคม 2566"
    assert "<p>" not in documents["004"].pages[0].text
    # The '---' rule line after it is not a row.
    assert all(not set("".join(r)) <= set("- ") for r in results.rows)


def test_004_plan_table_joined_across_repeated_header(documents) -> None:
    plan = documents["004"].tables[0]
    assert [row[0] for row in plan.rows] == [
        "มาตรการตรวจสอบการใช้ดุลพินิจ",
        "มาตรการเผยแพร่ข้อมูลต่อสาธารณะ",
        "ประกาศเจตจำนงการบริหารงานด้วยความซื่อสัตย์สุจริตอย่างมีคุณธรรมและโปร่งใส",
    ]
    assert plan.rows[2][3] == "ทุกส่วนราชการ"


def test_002_ita_table_rows(documents) -> None:
    ita = documents["002"].tables[0]
    assert ita.rows[0] == ["แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)", ""]
    assert ita.rows[2] == ["2. การใช้งบประมาณ คะแนน 99.60", ""]
    assert ita.rows[-1][0] == "10. การป้องกันการทุจริต คะแนน 50.00"


# --- page breaks ----------------------------------------------------------------------------
PAGE_BREAKS = [
    # form feed, the usual OCR-service page break
    ("บันทึกข้อความ\fมาตรการเผยแพร่ข้อมูลต่อสาธารณะ", 2),
    ("บันทึกข้อความ\fมาตรการเผยแพร่ข้อมูลต่อสาธารณะ\f", 2),
    ("บันทึกข้อความ\n--- page 2 ---\nมาตรการเผยแพร่ข้อมูลต่อสาธารณะ", 2),
    ("<!-- page 1 -->\nบันทึกข้อความ\n<!-- page 2 -->\nมาตรการเผยแพร่ข้อมูลต่อสาธารณะ", 2),
    ("[page 1]\nบันทึกข้อความ\n[page 2]\nมาตรการ\n[page 3]\nผู้รับผิดชอบ", 3),
    ("## Page 1\n\nบันทึกข้อความ\n\n## Page 2\n\nมาตรการ", 2),
    ("บันทึกข้อความ\n--- หน้า ๒ ---\nมาตรการ", 2),
    # printed page numbers at the top of pages 2, 3 (Thai digits)
    ("บันทึกข้อความ\n- ๒ -\nมาตรการ\n- ๓ -\nผู้รับผิดชอบ", 3),
    # footers 'หน้า 1', 'หน้า 2' closing their pages
    ("บันทึกข้อความ\nหน้า 1\nมาตรการ\nหน้า 2", 2),
    # a lone number that does not count pages is not a break
    ("บันทึกข้อความ\n- ๗ -\nมาตรการ", 1),
    ("ไม่มีตัวแบ่งหน้า", 1),
]


@pytest.mark.parametrize("text,pages", PAGE_BREAKS)
def test_page_breaks(text: str, pages: int) -> None:
    assert len(split_pages(text)) == pages
    doc = read_text(text)
    assert [p.number for p in doc.pages] == list(range(1, pages + 1))
    assert all("page" not in p.text.lower() for p in doc.pages)


def test_table_page_and_offset_on_second_page() -> None:
    doc = read_text("บันทึกข้อความ\fมาตรการ\n\nลำดับ\tผู้รับผิดชอบ\n๑\tกองคลัง")
    table = doc.tables[0]
    assert table.page == 2
    assert doc.pages[1].text[table.offset:].startswith("ลำดับ\tผู้รับผิดชอบ\n1\tกองคลัง")


def test_table_continued_on_next_page_is_joined() -> None:
    text = ("ลำดับ\tวิธีการ/ขั้นตอน\tผู้รับผิดชอบ\n๑\tการทบทวนข้อมูล\tกองคลัง\n"
            "\f๒\tการทบทวนคู่มือ\tสำนักงานปลัด\n")
    doc = read_text(text)
    assert len(doc.tables) == 1
    assert doc.tables[0].page == 1
    assert [r[0] for r in doc.tables[0].rows] == ["1", "2"]


# --- table blocks -----------------------------------------------------------------------------
HEADER = "มาตรการ/แนวทาง\tขั้นตอนหรือวิธีการดำเนินการ\tผู้รับผิดชอบ"
ROW1 = "๑. เผยแพร่ข้อมูล\tเผยแพร่ผ่านเว็บไซต์\tสำนักปลัด"
ROW2 = "๒. จัดให้มีช่องทาง\tแจ้งเวียนบุคลากร\tกองคลัง"

JOINS = [
    # repeated header after a blank line: one table
    (f"{HEADER}\n{ROW1}\n\n{HEADER}\n{ROW2}", [2]),
    # the repeat printed with other spacing: still the same header
    (f"{HEADER}\n{ROW1}\n\n{HEADER.replace('/แนวทาง', '/ แนวทาง')}\n{ROW2}", [2]),
    # a header-less block right after: a continuation
    (f"{HEADER}\n{ROW1}\n\n\n{ROW2}", [2]),
    # prose between: two tables
    (f"{HEADER}\n{ROW1}\n\nด้าน EIT พบว่า ผลคะแนนของตัวชี้วัด\n\n{HEADER}\n{ROW2}", [1, 1]),
    # other columns: two tables
    (f"{HEADER}\n{ROW1}\n\nลำดับ\tผู้รับผิดชอบ\n๑\tกองคลัง", [1, 1]),
]


@pytest.mark.parametrize("text,rows", JOINS)
def test_fragments_joined_or_not(text: str, rows: list[int]) -> None:
    doc = read_text(text)
    assert [len(t.rows) for t in doc.tables] == rows


def test_table_without_header_row() -> None:
    # The first line is data: still a table, with an empty header.
    doc = read_text("๑. การปฏิบัติหน้าที่ คะแนน ๑๐๐.๐๐\tผลคะแนน IT พบว่า มีประเด็นที่ต้องปรับปรุง\n"
                    "๒. การใช้งบประมาณ คะแนน ๙๙.๖๐\t\n")
    assert doc.tables[0].header == []
    assert doc.tables[0].rows[1] == ["2. การใช้งบประมาณ คะแนน 99.60", ""]


def test_p_cells_between_tabs() -> None:
    line = ("<p>๑. นำข้อมูลต่างๆ ลงให้ครบถ้วน</p> <p>๒. จัดให้มีช่องทาง</p>\t"
            "<p>ขั้นตอนหรือวิธีการดำเนินการ</p> <p>๑. เผยแพร่กิจกรรม</p>\t<p>สำนักปลัด</p>")
    doc = read_text(f"{HEADER}\n{line}")
    assert doc.tables[0].rows == [["1. นำข้อมูลต่างๆ ลงให้ครบถ้วน 2. จัดให้มีช่องทาง",
                                   "ขั้นตอนหรือวิธีการดำเนินการ 1. เผยแพร่กิจกรรม", "สำนักปลัด"]]


def test_html_table_with_rowspan_and_colspan() -> None:
    markup = ("<table><tr><th>มาตรการ</th><th colspan=\"2\">ผลการดำเนินการ</th></tr>"
              "<tr><th></th><th>ผลผลิต</th><th>ผลลัพธ์</th></tr>\n"
              "<tr><td rowspan=\"2\">มาตรการตรวจสอบการใช้ดุลพินิจ</td><td>คู่มือ</td><td>รอบ ๖ เดือน</td></tr>\n"
              "<tr><td>ประกาศ</td><td>รอบ ๑๒ เดือน</td></tr></table>")
    doc = read_text("ผลการดำเนินงาน\n" + markup + "\nจึงประกาศมาให้ทราบโดยทั่วกัน")
    table = doc.tables[0]
    assert table.header == ["มาตรการ", "ผลการดำเนินการ ผลผลิต", "ผลการดำเนินการ ผลลัพธ์"]
    # The merged cell's text belongs to its first row only.
    assert table.rows == [["มาตรการตรวจสอบการใช้ดุลพินิจ", "คู่มือ", "รอบ 6 เดือน"],
                          ["", "ประกาศ", "รอบ 12 เดือน"]]
    assert "จึงประกาศมาให้ทราบโดยทั่วกัน" in doc.pages[0].text


def test_html_file(tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    path.write_text("<!DOCTYPE html><html><head><style>td{}</style></head><body>"
                    "<h1>มาตรการส่งเสริมคุณธรรม</h1><table><tr><td>ลำดับ</td><td>ผู้รับผิดชอบ</td></tr>"
                    "<tr><td>๑</td><td>กองคลัง</td></tr></table></body></html>", encoding="utf-8")
    doc = ingest.read(path)
    assert doc.source.media_type == "text/html"
    assert doc.tables[0].header == ["ลำดับ", "ผู้รับผิดชอบ"]
    assert doc.tables[0].rows == [["1", "กองคลัง"]]
    assert "td{}" not in doc.pages[0].text


def test_markdown_pipe_table_and_round_trip(tmp_path: Path, sample_paths) -> None:
    doc = ingest.read(sample_paths["004"])
    path = tmp_path / "004.md"
    path.write_text(doc.to_markdown(), encoding="utf-8")
    again = ingest.read(path)
    assert again.source.media_type == "text/markdown"
    assert [(t.header, t.rows) for t in again.tables] == [(t.header, t.rows) for t in doc.tables]


def test_to_markdown_pages_and_tables(documents) -> None:
    markdown = documents["000"].to_markdown()
    assert markdown.startswith("## Page 1\n")
    assert "| ลำดับ | วิธีการ/ขั้นตอน | ผู้รับผิดชอบ |" in markdown
    assert markdown.count("| ลำดับ |") == 1  # the table is printed once, not also as tab rows


@pytest.mark.parametrize("cells,expected", [
    (["ลำดับ", "วิธีการ/ขั้นตอน", "ผู้รับผิดชอบ"], True),
    (["มาตรการ", "แนวทางการปฏิบัติ", "ขั้นตอน/ วิธีการปฏิบัติ", "ผู้รับผิดชอบ", "การกำกับ ติดตาม"], True),
    (["", "", "", "ผลผลิต", "ผลลัพธ์", ""], True),
    (["ตัวชี้วัดของการประเมิน ITA", "ประเด็นที่ต้องแก้ไข/ ปรับปรุง/รักษาระดับ"], True),
    (["มาตรการตรวจสอบการใช้ดุลพินิจ", "-กำหนดบทบาทหน้าที่ของผู้บริหารทุกระดับให้ครอบคลุมถึงการตรวจสอบกำกับดูแลติดตาม"], False),
    (["1. การปฏิบัติหน้าที่ คะแนน 100.00", ""], False),
    (["แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)", ""], False),
    (["", ""], False),
])
def test_is_header_row(cells: list[str], expected: bool) -> None:
    assert is_header_row(cells) is expected


def test_combine_header_rows() -> None:
    assert combine_header_rows(["มาตรการ", "ผลการดำเนินการ", "", "หมายเหตุ"],
                               ["", "ผลผลิต", "ผลลัพธ์", ""]) == [
        "มาตรการ", "ผลการดำเนินการ ผลผลิต", "ผลการดำเนินการ ผลลัพธ์", "หมายเหตุ"]


@pytest.mark.parametrize("a,b,expected", [
    (["ขั้นตอน/ วิธีการปฏิบัติ"], ["ขั้นตอน/วิธีการปฏิบัติ"], True),
    (["การกำกับ ติดตาม"], ["การกำกับติดตาม"], True),
    (["ลำดับ", "ผู้รับผิดชอบ"], ["ลำดับ", "ระยะเวลา"], False),
])
def test_same_header(a, b, expected) -> None:
    assert same_header(a, b) is expected


# --- page quality ----------------------------------------------------------------------------
QUALITY = [
    # clean Thai from the samples
    ("ประกาศองค์การบริหารส่วนตำบลบึงนคร เรื่อง มาตรการการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน", 0.9, 1.0),
    # tone marks typed before their vowel and consonant (a PDF font that reorders marks)
    ("บนัทกึขอ้ความ สว่นราชการ", 0.0, 0.7),
    # Private Use Area glyphs left by a TH Sarabun-style font
    ("ผู\uf70bรับผิดชอบ ส\uf70aงเสริม", 0.0, 0.5),
    # replacement characters from a wrong decoding
    ("\ufffd\ufffd\ufffd\ufffd", 0.0, 0.0),
    ("", 0.0, 0.0),
    # English only is fine
    ("Integrity and Transparency Assessment", 1.0, 1.0),
    # TIS-620 bytes read as Latin-1 (a legacy font with no ToUnicode map): not English
    ("ประกาศองค์การบริหารส่วนตำบล ITA 2566".encode("cp874").decode("latin-1"), 0.0, 0.0),
]


@pytest.mark.parametrize("text,low,high", QUALITY)
def test_page_quality(text: str, low: float, high: float) -> None:
    assert low <= page_quality(text) <= high


def test_pipe_table_header_is_the_row_above_the_rule() -> None:
    # Column names no cue list knows: the markdown rule line still marks the header.
    doc = read_text("| หน่วย | จำนวนคน |\n| --- | ---: |\n| กองคลัง | ๕ |\n| กองช่าง | ๓ |")
    assert doc.tables[0].header == ["หน่วย", "จำนวนคน"]
    assert doc.tables[0].rows == [["กองคลัง", "5"], ["กองช่าง", "3"]]


def test_html_table_over_several_lines_with_a_blank_line() -> None:
    text = ("ผลการดำเนินงาน\n<table>\n<tr><td>ลำดับ</td><td>ผู้รับผิดชอบ</td></tr>\n\n"
            "<tr><td>๑</td><td>กองคลัง</td></tr>\n</table>\nจึงเรียนมาเพื่อโปรดทราบ")
    doc = read_text(text)
    assert doc.tables[0].rows == [["1", "กองคลัง"]]
    assert doc.pages[0].text.endswith("จึงเรียนมาเพื่อโปรดทราบ")


# Hostile input: the reader never raises on text, and every table offset points into its page.
@pytest.mark.parametrize("text", [
    "\ufeff", "\u200c\u200d", "\t", "\t\t\n\t", "|", "| |\n|---|", "<table>", "</table>",
    "<tr><td rowspan=999999>ก</td></tr>", "\f\f\f", "--- page 0 ---", "- ๐ -", "<p></p>\t<p>",
])
def test_hostile_text(text: str) -> None:
    doc = read_text(text)
    assert doc.pages
    for table in doc.tables:
        assert 0 <= table.offset <= len(doc.pages[table.page - 1].text)


def test_random_text_never_breaks_the_reader() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    alphabet = st.sampled_from(list("ก่ำัิ ๑2\t\n\f|-<>/ptdr") + ["<p>", "</p>", "<td>", "<tr>",
                                                                 "--- page 2 ---\n", "ลำดับ"])

    @settings(max_examples=150, deadline=None)
    @given(st.lists(alphabet, max_size=60).map("".join))
    def check(text: str) -> None:
        doc = read_text(text)
        for table in doc.tables:
            assert 0 <= table.offset <= len(doc.pages[table.page - 1].text)
            assert all(len(row) == len(table.rows[0]) for row in table.rows)

    check()


# A table continued on the next page: its header printed again, a running header and the page
# number between; the new page's first row, without a number in a numbered table, is the rest
# of the row the break cut ('... (ต่อ)' marks it).
CONTINUED = (f"{HEADER}\n{ROW1}\n๒. มาตรการป้องกันการใช้ทรัพย์สิน\tจัดทำคู่มือ\tกองคลัง\n\n"
             "รายงานผลการดำเนินงานตามมาตรการ ปีงบประมาณ พ.ศ. ๒๕๖๗\n\n- ๒ -\n\n"
             f"{HEADER}\nของราชการเพื่อประโยชน์ส่วนตน (ต่อ)\tและแจ้งเวียน\t\n"
             "๓. มาตรการเผยแพร่ข้อมูล\tเผยแพร่ทางเว็บไซต์\tสำนักปลัด")


def test_a_table_continued_over_a_page_break_is_one_table() -> None:
    doc = read_text(CONTINUED)
    assert len(doc.tables) == 1
    rows = doc.tables[0].rows
    assert [r[0] for r in rows] == ["1. เผยแพร่ข้อมูล", "2. มาตรการป้องกันการใช้ทรัพย์สินของราชการเพื่อประโยชน์ส่วนตน",
                                    "3. มาตรการเผยแพร่ข้อมูล"]
    assert rows[1][1] == "จัดทำคู่มือและแจ้งเวียน"


def test_the_same_header_after_prose_on_the_same_page_is_another_table() -> None:
    text = CONTINUED.replace("\n\n- ๒ -\n\n", "\n\n")  # no page break: a paragraph between
    assert len(read_text(text).tables) == 2


# --- tables typed with pipes in OCR'd text (a report's results table) ----------------------------

_RESULTS_HEADER = ("| ที่ | มาตรการ              | ผลการดำเนินงาน          |    สถานะ    | หน่วยงาน     |\n"
                   "|    |                      |                        | ก | ข | ค | รับผิดชอบ    |\n"
                   "|----|----------------------|------------------------|---|---|---|-------------|\n")


def test_a_pipe_table_with_a_two_line_header_and_rows_over_several_lines() -> None:
    # The rows above '|---|' are the header, 'สถานะ' spanning its three columns; a line without
    # its number is the next line of the numbered row above.
    text = (_RESULTS_HEADER
            + "| ๑  | มาตรการเผยแพร่ข้อมูล   | เผยแพร่ข้อมูลครบ ๒๔ ข้อ     | / |   |   | งานประชาสัมพันธ์ |\n"
            + "|    | ต่อสาธารณะ             | บนเว็บไซต์                |   |   |   | สำนักปลัดเทศบาล |\n"
            + "| ๒  | มาตรการจัดการเรื่อง      | รับเรื่อง ๓ เรื่อง          |   | / |   | งานนิติการ     |\n"
            + "|    | ร้องเรียนการทุจริต       |                        |   |   |   |             |\n")
    (table,) = read_text(text).tables
    assert table.header == ["ที่", "มาตรการ", "ผลการดำเนินงาน", "สถานะ ก", "สถานะ ข", "สถานะ ค",
                            "หน่วยงาน รับผิดชอบ"]
    assert [row[:2] for row in table.rows] == [["1", "มาตรการเผยแพร่ข้อมูลต่อสาธารณะ"],
                                               ["2", "มาตรการจัดการเรื่องร้องเรียนการทุจริต"]]
    assert table.rows[0][3] == "/" and table.rows[1][4] == "/"
    assert "สำนักปลัดเทศบาล" in table.rows[0][6]


def test_a_pipe_table_continued_under_its_header_after_a_page_number_at_the_top() -> None:
    # The page number printed at the top of the new page is furniture of the break, as one at
    # the foot of the old page is; the row the break cut goes on without its number.
    row_1 = "| ๑  | มาตรการไม่รับของขวัญ    | ประกาศนโยบายแล้ว         | / |   |   | สำนักปลัดเทศบาล |\n"
    rest = "|    | (No Gift Policy)      | แจ้งเวียนบุคลากร          |   |   |   |             |\n"
    row_2 = "| ๒  | มาตรการประเมินความเสี่ยง | ประเมินแล้ว ๕ กระบวนงาน    |   | / |   | กองคลัง       |\n"
    text = _RESULTS_HEADER + row_1 + "\f                - ๒ -\n" + _RESULTS_HEADER + rest + row_2
    (table,) = read_text(text).tables
    assert [row[1] for row in table.rows] == ["มาตรการไม่รับของขวัญ (No Gift Policy)",
                                              "มาตรการประเมินความเสี่ยง"]


def test_pipe_lines_without_numbers_stay_rows_when_the_table_is_not_numbered() -> None:
    text = ("| มาตรการ | ผู้รับผิดชอบ |\n|---|---|\n"
            "| มาตรการเผยแพร่ข้อมูล | กองคลัง |\n| มาตรการจัดการเรื่องร้องเรียน | สำนักปลัด |\n")
    (table,) = read_text(text).tables
    assert len(table.rows) == 2


# --- a space-aligned plan grouped under the ITA indicators, cut by a page break -------------------

_PLAN_HEADER = "มาตรการ/กิจกรรม              วิธีการดำเนินการ              ผู้รับผิดชอบ      ระยะเวลา"
_PLAN_PAGE_1 = (
    "ตัวชี้วัดที่ ๒  การใช้งบประมาณ\n"
    "๑. เปิดเผยแผนการใช้จ่าย        - ติดประกาศแผนการใช้จ่าย       กองคลัง          ต.ค. ๖๖ –\n"
    "งบประมาณประจำปี              ที่บอร์ดสำนักงาน                              ก.ย. ๖๗\n"
    "ตัวชี้วัดที่ ๔  การใช้ทรัพย์สินของราชการ\n"
    "๒. กำหนดแนวทางการยืมพัสดุ     - จัดทำทะเบียนคุมการยืม         งานพัสดุ          ม.ค. ๖๗\n"
    "ของทางราชการไปใช้ใน         และแบบขออนุญาต\n")
_RUNNING = "                 แผนปฏิบัติการ ITA ประจำปี ๒๕๖๗  เทศบาลตำบลป่าแดด\n"
_PLAN_PAGE_2 = (
    "ราชการ                       - ประชาสัมพันธ์ให้บุคลากรทราบ\n"
    "ตัวชี้วัดที่ ๕  การแก้ไขปัญหาการทุจริต\n"
    "๓. เพิ่มช่องทางร้องเรียนการทุจริต - ติดตั้งตู้รับเรื่องร้องเรียน   งานนิติการ        ต.ค. ๖๖ –\n"
    "และแจ้งผลผู้ร้อง               ทุกหมู่บ้าน                                    ก.ย. ๖๗\n")


def test_a_plan_cut_by_a_page_break_goes_on_without_its_header() -> None:
    # The rows on the new page keep to the columns of the header printed on the page before;
    # the running header and the page number over them are furniture; the row the break cut
    # is one row; a group heading ('ตัวชี้วัดที่ ๕ ...') is a row of its own, never a rest.
    text = (_RUNNING + "\n" + _PLAN_HEADER + "\n" + _PLAN_PAGE_1 + "\f" + _RUNNING
            + "                                  - ๒ -\n" + _PLAN_PAGE_2)
    (table,) = read_text(text).tables
    assert [row[0] for row in table.rows] == [
        "ตัวชี้วัดที่ 2 การใช้งบประมาณ", "1. เปิดเผยแผนการใช้จ่ายงบประมาณประจำปี",
        "ตัวชี้วัดที่ 4 การใช้ทรัพย์สินของราชการ", "2. กำหนดแนวทางการยืมพัสดุของทางราชการไปใช้ในราชการ",
        "ตัวชี้วัดที่ 5 การแก้ไขปัญหาการทุจริต", "3. เพิ่มช่องทางร้องเรียนการทุจริตและแจ้งผลผู้ร้อง"]
    # '๓. เพิ่มช่องทางร้องเรียน - ติดตั้ง...' ran into the next column with one space between
    assert table.rows[5][1] == "- ติดตั้งตู้รับเรื่องร้องเรียนทุกหมู่บ้าน"
    assert table.rows[5][2] == "งานนิติการ"
    assert not any("แผนปฏิบัติการ ITA" in cell for row in table.rows for cell in row)
    assert table.rows[3][1].endswith("- ประชาสัมพันธ์ให้บุคลากรทราบ")
