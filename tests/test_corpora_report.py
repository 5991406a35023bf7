"""`thaireports report`: the static HTML report of a corpus, written through the real CLI and
opened in a real headless Chromium.

The corpus holds the three bundled samples (imported with `thaireports import`) and five
records of other agencies and years, written here as ita-record/1 JSON, validated by
`extractors.record.validate_record` and stored with `corpora.store`: อบต.เหล gets two more ITA
years (84.72 -> 88.15 -> 86.00), and a เทศบาลตำบล of พังงา and a เทศบาลเมือง of ร้อยเอ็ด come in
with dated measures, owners and warnings.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from thaireports import extractors
from thaireports.corpora.store import EXPORT_MANIFEST, Corpus
from thaireports.extractors.record import validate_record

ROOT = Path(__file__).resolve().parent.parent
THAIREPORTS = Path(sys.executable).parent / "thaireports"
ARTIFACTS = ROOT / "tests" / "artifacts"  # git-ignored: the screenshot is kept for a look


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHAINLP_OFFLINE": "1"}
    return subprocess.run([str(THAIREPORTS), *args], text=True, capture_output=True, env=env,
                          timeout=300, check=False)


# -- the records of other agencies and years ---------------------------------------------------

def _record(stem: str, agency: dict, document: dict, ita: dict | None, measures: list[dict],
            warnings: list[dict], page_text: str) -> dict:
    sha = hashlib.sha256(page_text.encode("utf-8")).hexdigest()
    return {
        "schema": "ita-record/1", "id": sha[:16],
        "source": {"file": f"{stem}.txt", "sha256": sha, "media_type": "text/plain",
                   "pages": 2, "text_source": "text"},
        "agency": agency, "document": document, "ita": ita, "measures": measures,
        "signatories": [{"name": "สมชาย ใจดี", "title": "นาย",
                         "position": "ปลัด" + agency["name"]}],
        "pages": [{"number": 1, "text_source": "text", "text": page_text},
                  {"number": 2, "text_source": "text", "text": "ลงชื่อ สมชาย ใจดี"}],
        "tables": [], "warnings": warnings,
    }


def _measure(title: str, category: str, units: list[tuple[str, str]], start: str | None = None,
             end: str | None = None, cadence: list[int] | None = None, page: int = 1) -> dict:
    measure = {"title": title, "category": category, "actions": [f"ดำเนินการตาม{title}"],
               "owners": [{"name": name, "unit": unit} for name, unit in units],
               "status": "planned", "page": page}
    if start:
        measure["timeline"] = {"text": "ตลอดปีงบประมาณ", "start": start, "end": end}
    if cadence:
        measure["monitoring"] = {"text": "รายงานผลทุก 6 เดือน", "cadence_months": cadence}
    return measure


LAE = {"name": "องค์การบริหารส่วนตำบลเหล", "type": "sao", "district": "กะปง", "province": "พังงา"}
THAI_MUEANG = {"name": "เทศบาลตำบลท้ายเหมือง", "type": "subdistrict-municipality",
               "district": "ท้ายเหมือง", "province": "พังงา"}
ROI_ET = {"name": "เทศบาลเมืองร้อยเอ็ด", "type": "town-municipality", "district": "เมืองร้อยเอ็ด",
          "province": "ร้อยเอ็ด"}

CONSTRUCTED = [
    _record("lae_2566", LAE,
            {"kind": "memo", "ref": "พง 75501/112", "date": "2023-04-20",
             "subject": "มาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. 2566",
             "fiscal_year": 2566},
            {"assessed_year": 2565, "score": 88.15, "grade": "A", "indicators": []},
            [_measure("มาตรการเผยแพร่ข้อมูลต่อสาธารณะ", "public-disclosure",
                      [("งานประชาสัมพันธ์", "public-relations")], "2022-10-01", "2023-09-30",
                      [12])],
            [], "บันทึกข้อความ องค์การบริหารส่วนตำบลเหล ผลคะแนน ITA ปี 2565 ได้ 88.15 คะแนน"),
    _record("lae_2567", LAE,
            {"kind": "report", "ref": None, "date": "2024-03-15",
             "subject": "รายงานผลการวิเคราะห์ ITA ประจำปีงบประมาณ พ.ศ. 2567", "fiscal_year": 2567},
            {"assessed_year": 2566, "score": 86.0, "grade": "A", "indicators": []},
            [], [], "รายงาน องค์การบริหารส่วนตำบลเหล คะแนน ITA ปี 2566 เท่ากับ 86.00"),
    _record("thai_mueang_2566", THAI_MUEANG,
            {"kind": "announcement", "ref": None, "date": "2022-11-01",
             "subject": "ประกาศมาตรการภายในเพื่อส่งเสริมคุณธรรมและความโปร่งใส",
             "fiscal_year": 2566},
            {"assessed_year": 2565, "score": 93.4, "grade": "A", "indicators": []},
            [_measure("มาตรการส่งเสริมความโปร่งใสในการจัดซื้อจัดจ้าง", "procurement-transparency",
                      [("กองคลัง", "finance")], "2022-10-01", "2023-09-30", [6, 12]),
             _measure("มาตรการจัดการเรื่องร้องเรียนการทุจริต", "complaint-handling",
                      [("สำนักปลัดเทศบาล", "office-of-the-permanent-secretary")],
                      "2023-01", "2023-06", [6]),
             _measure("มาตรการตรวจสอบการใช้ดุลพินิจ", "discretion-review",
                      [("กองคลัง", "finance"), ("กองช่าง", "public-works")])],
            [{"code": "ita-digit-repaired", "page": 2,
              "message": "คะแนน '9๓.4O' อ่านเป็น 93.40 (ตัวเลขไทยปนตัวอักษร)"},
             {"code": "province-repaired", "page": None,
              "message": "'พังงาา' read as the province พังงา (gazetteer)"}],
            "ประกาศเทศบาลตำบลท้ายเหมือง เรื่อง มาตรการภายใน ผลคะแนน ITA 93.40"),
    _record("roi_et_2566", ROI_ET,
            {"kind": "memo", "ref": "รอ 52001/77", "date": "2023-02-28",
             "subject": "ผลการประเมินคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. 2566",
             "fiscal_year": 2566},
            {"assessed_year": 2566, "score": 71.3, "grade": "C", "indicators": []},
            [_measure("มาตรการป้องกันการรับสินบน", "bribery-conflict-of-interest",
                      [("กองคลัง", "finance")], "2023-03", "2023-03")],
            [{"code": "date-impossible", "page": 1, "message": "31 กุมภาพันธ์ 2566"}],
            "บันทึกข้อความ เทศบาลเมืองร้อยเอ็ด วันที่ 31 กุมภาพันธ์ 2566 ผลคะแนน ITA 71.30"),
]


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("report-corpus") / "corpus.db"
    imported = run("import", str(ROOT / "corpora" / "samples"), "--db", str(db), "--quiet",
                   "--workers", "1")
    assert imported.returncode == 0, imported.stderr
    with Corpus(db) as corpus:
        for data in CONSTRUCTED:
            record = validate_record(json.dumps(data, ensure_ascii=False))
            corpus.add_record(record, f"constructed/{record.source.file}",
                              extractor_version=extractors.EXTRACTOR_VERSION)
    return db


@pytest.fixture(scope="module")
def report(corpus_db, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report") / "รายงาน"
    result = run("report", "--db", str(corpus_db), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == f"wrote {out / 'index.html'}"
    assert result.stdout == ""
    return out / "index.html"


@pytest.fixture(scope="module")
def page(report) -> str:
    return report.read_text(encoding="utf-8")


class _Tables(HTMLParser):
    """Every <table id=...> of the page as rows of cell texts (header row first)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table: list[list[str]] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._table = self.tables.setdefault(dict(attrs)["id"], [])
        elif tag == "tr" and self._table is not None:
            self._table.append([])
        elif tag in ("td", "th") and self._table is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._table[-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


@pytest.fixture(scope="module")
def tables(page) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(page)
    return parser.tables


def rows_by_first_cell(table: list[list[str]]) -> dict[str, list[str]]:
    return {row[0]: row[1:] for row in table[1:]}


# -- what the page says ---------------------------------------------------------------------

@pytest.mark.parametrize("anchor,heading", [
    ("documents", "เอกสารต่อจังหวัดและประเภทหน่วยงาน"),
    ("scores", "คะแนน ITA ตามประเภทหน่วยงานและปี"),
    ("grades", "ระดับผลการประเมิน"),
    ("categories", "มาตรการตามหมวดของแต่ละหน่วยงาน"),
    ("units", "หน่วยที่รับผิดชอบมาตรการ"),
    ("trends", "คะแนน ITA ปีต่อปี"),
    ("agencies", "หน่วยงาน"),
    ("warnings", "คำเตือนที่ควรให้คนตรวจ"),
])
def test_section_present_and_linked_from_the_contents(page, anchor, heading):
    assert f'<section id="{anchor}"><h2>{heading}</h2>' in page
    assert f'<li><a href="#{anchor}">{heading}</a></li>' in page


def test_page_is_self_contained_utf8_thai(page):
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"th\">")
    assert '<meta charset="utf-8">' in page
    assert "http://" not in page and "https://" not in page  # no CDN, no namespace URLs
    assert "<script" not in page and "<link" not in page and "<img" not in page
    assert '"Sarabun", "TH Sarabun New", "Noto Sans Thai", "Laksaman", sans-serif' in page
    assert "src: url(data:font/ttf;base64," in page  # the font the charts were measured with
    # Charts: inline SVG whose Thai is text (the browser shapes it), one per chart.
    assert page.count("<svg ") == 10  # 6 corpus charts + the timelines of 4 agencies
    assert "<text" in page and "font-family: 'Sarabun'" not in page


@pytest.mark.parametrize("province,cells", [
    # province: sao, subdistrict-municipality, town-municipality, total
    ("พังงา", ["3", "1", "0", "4"]),
    ("ร้อยเอ็ด", ["1", "0", "1", "2"]),
    ("(ไม่ระบุ)", ["1", "0", "0", "1"]),   # sample 000 names no province
    ("รวม", ["5", "1", "1", "7"]),
])
def test_documents_per_province_and_agency_type(tables, province, cells):
    table = tables["documents-by-province"]
    assert table[0] == ["จังหวัด", "อบต. (sao)", "เทศบาลตำบล (subdistrict-municipality)",
                        "เทศบาลเมือง (town-municipality)", "รวม"]
    assert rows_by_first_cell(table)[province] == cells


def test_summary_counts(page):
    # 3 samples + 4 constructed; 5 agencies (เหล thrice); 16 + 5 measures; 5 with a score.
    for number, label in [(7, "เอกสาร"), (5, "หน่วยงาน"), (2, "จังหวัด"), (21, "มาตรการ"),
                          (5, "มีคะแนน ITA"), (9, "คำเตือน")]:
        assert f"<li><b>{number}</b>{label}</li>" in page


@pytest.mark.parametrize("row", [
    # type, ITA year, n, min, median, mean, max
    ["อบต.", "2564", "1", "84.72", "84.72", "84.72", "84.72"],
    ["อบต.", "2565", "1", "88.15", "88.15", "88.15", "88.15"],
    ["อบต.", "2566", "1", "86.00", "86.00", "86.00", "86.00"],
    ["เทศบาลตำบล", "2565", "1", "93.40", "93.40", "93.40", "93.40"],
    ["เทศบาลเมือง", "2566", "1", "71.30", "71.30", "71.30", "71.30"],
])
def test_score_distribution_by_agency_type_and_year(tables, row):
    assert row in tables["score-distribution"][1:]


def test_score_groups_in_agency_type_then_year_order(tables):
    keys = [(r[0], r[1]) for r in tables["score-distribution"][1:]]
    assert keys == [("อบต.", "2564"), ("อบต.", "2565"), ("อบต.", "2566"),
                    ("เทศบาลตำบล", "2565"), ("เทศบาลเมือง", "2566")]


@pytest.mark.parametrize("grade,count", [("AA", "0"), ("A", "3"), ("B", "1"), ("C", "1"),
                                         ("D", "0"), ("F", "0")])
def test_grade_counts(tables, grade, count):
    assert rows_by_first_cell(tables["grade-counts"])[grade] == [count]


@pytest.mark.parametrize("year,score,grade,change", [
    ("2564", "84.72", "B", ""),       # sample 002: ITA 2564 printed in the FY 2565 memo
    ("2565", "88.15", "A", "+3.43"),
    ("2566", "86.00", "A", "-2.15"),
])
def test_year_on_year_changes(tables, year, score, grade, change):
    rows = [r for r in tables["year-on-year"][1:] if r[0] == "องค์การบริหารส่วนตำบลเหล"]
    assert [r[2] for r in rows] == ["2564", "2565", "2566"]
    assert ["องค์การบริหารส่วนตำบลเหล", "พังงา", year, score, grade, change] in rows
    # Only agencies with several years are there.
    assert {r[0] for r in tables["year-on-year"][1:]} == {"องค์การบริหารส่วนตำบลเหล"}


def test_measures_by_category_heatmap(tables, page):
    table = tables["categories-by-agency"]
    head = table[0]
    cells = {(r[0], r[1]): dict(zip(head[2:], r[2:])) for r in table[1:]}
    thai_mueang = cells[("เทศบาลตำบลท้ายเหมือง", "2566")]
    assert thai_mueang["procurement-transparency"] == "1"
    assert thai_mueang["complaint-handling"] == "1"
    assert thai_mueang["discretion-review"] == "1"
    assert thai_mueang["รวม"] == "3"
    assert cells[("องค์การบริหารส่วนตำบลเหล", "2565")]["รวม"] == "4"  # sample 002
    assert cells[("องค์การบริหารส่วนตำบลเหล", "2567")]["รวม"] == "0"  # a report with none
    assert head[-1] == "รวม" and "other" not in head  # only categories that occur
    assert 'aria-label="จำนวนมาตรการตามหมวดของแต่ละหน่วยงาน"' in page


@pytest.mark.parametrize("unit,thai,measures,documents", [
    ("finance", "กองคลัง", "8", "4"),  # samples 000, 002 (5) + ท้ายเหมือง (2) + ร้อยเอ็ด (1)
    ("office-of-the-permanent-secretary", "สำนักปลัด", "7", "4"),
    ("public-relations", "งานประชาสัมพันธ์", "2", "2"),
    ("public-works", "กองช่าง", "6", "3"),
])
def test_owner_units(tables, unit, thai, measures, documents):
    rows = {r[1]: r for r in tables["owner-units"][1:]}
    assert rows[unit] == [thai, unit, measures, documents]


def test_each_agency_has_its_own_section_with_a_timeline(page, tables):
    start = page.index("<h3>เทศบาลตำบลท้ายเหมือง</h3>")
    article = page[page.rindex("<article", 0, start):page.index("</article>", start)]
    anchor = article.split('id="', 1)[1].split('"', 1)[0]
    assert f'<a href="#{anchor}">เทศบาลตำบลท้ายเหมือง</a>' in page  # from the agency index
    assert 'aria-label="ระยะเวลาดำเนินการของมาตรการ เทศบาลตำบลท้ายเหมือง"' in article
    # The date axis in Thai months and Buddhist-Era years (FY 2566 starts in ต.ค. 2565).
    assert ">ต.ค. 2565<" in article
    assert ">มาตรการส่งเสริมความโปร่งใสในการจัดซื้อจัดจ้าง<" in article
    measures = tables[f"{anchor}-measures"]
    assert ["2566", "complaint-handling", "มาตรการจัดการเรื่องร้องเรียนการทุจริต",
            "2023-01 – 2023-06", "6", "สำนักปลัด", "1"] in measures
    # The undated measure is listed, not drawn.
    assert ["2566", "discretion-review", "มาตรการตรวจสอบการใช้ดุลพินิจ", "", "", "กองคลัง, กองช่าง",
            "1"] in measures


def test_agency_without_dated_measures_says_so(page):
    start = page.index("<h3>องค์การบริหารส่วนตำบลคมบาง</h3>")
    article = page[start:page.index("</article>", start)]
    assert "ไม่มีมาตรการที่ระบุช่วงเวลา" in article and "<svg" not in article


@pytest.mark.parametrize("document,page_number,code,message", [
    ("thai_mueang_2566.txt", "2", "ita-digit-repaired",
     "คะแนน '9๓.4O' อ่านเป็น 93.40 (ตัวเลขไทยปนตัวอักษร)"),
    ("roi_et_2566.txt", "1", "date-impossible", "31 กุมภาพันธ์ 2566"),
    ("002_42136bed46e24e6d.txt", "1", "foreign-script",
     "DEVANAGARI letters 'दान' at offset 11 inside Thai word 'นางสาวภัทรदानันท์'"),
    ("004_5ffc331d1e529717.txt", "", "district-conflict",
     "the text also names the district 'ราชบุรี'; kept ธวัชบุรี"),
])
def test_warnings_worth_a_look(tables, document, page_number, code, message):
    rows = [[r[0], r[2], r[3], r[4]] for r in tables["warnings"][1:]]
    assert [document, page_number, code, message] in rows


def test_routine_repairs_are_listed_apart(tables):
    look = {r[3] for r in tables["warnings"][1:]}
    routine = {r[3] for r in tables["warnings-routine"][1:]}
    assert routine == {"province-repaired", "district-repaired"}
    assert not look & routine
    assert rows_by_first_cell(tables["warning-codes"])["ita-indicator-disagreement"] == ["2"]


def test_warning_rows_link_to_their_agency(page):
    assert '<td><a href="#agency-' in page.split('<table id="warnings">', 1)[1]


# -- one province ---------------------------------------------------------------------------

def test_report_of_one_province(corpus_db, tmp_path):
    out = tmp_path / "phangnga"
    result = run("report", "--db", str(corpus_db), "-o", str(out), "--province", "พังงา")
    assert result.returncode == 0, result.stderr
    page = (out / "index.html").read_text(encoding="utf-8")
    parser = _Tables()
    parser.feed(page)
    provinces = rows_by_first_cell(parser.tables["documents-by-province"])
    assert set(provinces) == {"พังงา", "รวม"} and provinces["รวม"][-1] == "4"
    assert "<title>รายงาน ITA จังหวัดพังงา</title>" in page
    assert "เทศบาลเมืองร้อยเอ็ด" not in page and "date-impossible" not in page


def test_unknown_province_names_the_provinces_there_are(corpus_db, tmp_path):
    out = tmp_path / "trang"
    result = run("report", "--db", str(corpus_db), "-o", str(out), "--province", "ตรัง")
    assert result.returncode == 3
    assert result.stderr.strip() == ("thaireports: error: no document of province 'ตรัง' in the "
                                     "corpus; provinces: พังงา, ร้อยเอ็ด")
    assert not out.exists()


# -- the output folder: the exports' rule ----------------------------------------------------

def test_refuses_a_folder_holding_other_files(corpus_db, tmp_path):
    mine = tmp_path / "งานของฉัน"
    mine.mkdir()
    (mine / "บันทึก.txt").write_text("ของฉัน", encoding="utf-8")
    for extra in ([], ["--force"]):
        result = run("report", "--db", str(corpus_db), "-o", str(mine), *extra)
        assert result.returncode == 2
        assert "folder holds other files (บันทึก.txt)" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert sorted(p.name for p in mine.iterdir()) == ["บันทึก.txt"]


def test_an_earlier_report_is_replaced_only_with_force(corpus_db, tmp_path):
    out = tmp_path / "report"
    assert run("report", "--db", str(corpus_db), "-o", str(out)).returncode == 0
    first = (out / "index.html").read_bytes()
    again = run("report", "--db", str(corpus_db), "-o", str(out))
    assert again.returncode == 2 and "add --force" in again.stderr
    forced = run("report", "--db", str(corpus_db), "-o", str(out), "--force")
    assert forced.returncode == 0, forced.stderr
    assert (out / "index.html").read_bytes() == first  # the same corpus, the same bytes
    assert json.loads((out / EXPORT_MANIFEST).read_text(encoding="utf-8")) == {
        "exported_by": "thaireports", "format": "report", "files": ["index.html"]}
    assert sorted(p.name for p in out.iterdir()) == [EXPORT_MANIFEST, "index.html"]


def test_missing_corpus_is_one_line_and_writes_nothing(tmp_path):
    result = run("report", "--db", str(tmp_path / "ไม่มี.db"), "-o", str(tmp_path / "r"))
    assert result.returncode == 3
    assert result.stderr.startswith("thaireports: error: ") and "ไม่มี.db" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "r").exists()


# -- in a real browser ------------------------------------------------------------------------

def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    assert path, "headless Chromium is needed: apt-get install chromium (make system does)"
    return path


def _chromium_run(report: Path, profile: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         "--no-first-run", f"--user-data-dir={profile}", *args, report.as_uri()],
        capture_output=True, text=True, timeout=120, check=False)


def test_opens_in_headless_chromium_and_is_not_blank(report, tmp_path):
    import numpy
    from PIL import Image

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "report.png"
    shot.unlink(missing_ok=True)
    result = _chromium_run(report, tmp_path / "profile", "--window-size=1280,2400",
                           f"--screenshot={shot}")
    assert shot.is_file(), result.stderr[-2000:]
    image = Image.open(shot).convert("RGB")
    assert image.size == (1280, 2400)
    pixels = [tuple(p) for p in numpy.asarray(image.resize((320, 600))).reshape(-1, 3).tolist()]
    ink = sum(1 for p in pixels if sum(p) < 600) / len(pixels)
    assert ink > 0.03, f"only {ink:.1%} of the page is drawn on"
    # The charts were drawn: matplotlib's first colours (blue bars) are on the page.
    colours = {(r // 16, g // 16, b // 16) for r, g, b in pixels}
    assert (31 // 16, 119 // 16, 180 // 16) in colours  # #1f77b4, the documents chart
    assert len(colours) > 20


def test_chromium_parses_the_charts_and_the_thai(report, tmp_path):
    result = _chromium_run(report, tmp_path / "profile", "--dump-dom")
    assert result.returncode == 0, result.stderr[-2000:]
    dom = result.stdout
    assert dom.count("<svg") == 10
    assert "<h2>คะแนน ITA ปีต่อปี</h2>" in dom
    assert "องค์การบริหารส่วนตำบลเหล" in dom


def test_a_document_that_came_as_two_files_counts_once(tmp_path):
    # the same memo as its text and as a copy saved again (another sha256, the same header):
    # one document in the report, as in query and compare
    folder = tmp_path / "in"
    folder.mkdir()
    text = (ROOT / "corpora" / "samples" / "000_4904129c074ec5d2.txt").read_text("utf-8")
    (folder / "memo.txt").write_text(text, encoding="utf-8")
    (folder / "memo-copy.txt").write_text(text + "\n\n", encoding="utf-8")
    db = tmp_path / "c.db"
    assert run("import", str(folder), "--db", str(db), "--quiet").returncode == 0
    done = run("report", "--db", str(db), "-o", str(tmp_path / "report"))
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "report" / "index.html").read_text("utf-8")
    assert ">1</" in page.split("เอกสาร", 1)[0][-200:]
