"""Thai dates, ranges and fiscal years to ISO: tables of phrases from the samples and the issue."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from thaireports.normalize.dates import (DateMatch, be_to_ce, fiscal_year_range, find_dates, find_fiscal_years,
                             parse_date, parse_period)

SAMPLES = Path(__file__).resolve().parent.parent / "corpora" / "samples"


@pytest.mark.parametrize("year,ce", [
    (2565, 2022), (2564, 2021), (2400, 1857),
    # two-digit BE years ('ต.ค. ๖๔')
    (64, 2021), (65, 2022), (0, 1957),
    # a four-digit year below 2400 is already CE
    (2022, 2022), (1999, 1999), (2399, 2399),
])
def test_be_to_ce(year: int, ce: int) -> None:
    assert be_to_ce(year) == ce


def test_be_to_ce_rejects_negative() -> None:
    with pytest.raises(ValueError):
        be_to_ce(-1)


@pytest.mark.parametrize("fy,expected", [
    (2565, ("2021-10-01", "2022-09-30")),
    (2562, ("2018-10-01", "2019-09-30")),
    (2566, ("2022-10-01", "2023-09-30")),
    (65, ("2021-10-01", "2022-09-30")),
])
def test_fiscal_year_range(fy: int, expected: tuple[str, str]) -> None:
    assert fiscal_year_range(fy) == expected


# (text, kind, value, range_start, range_end, fiscal_year)
CASES = [
    # memo date lines (000, 002) and announcement dates (004)
    ("วันที่ ๒๒ เมษายน ๒๕๖๒", "date", "2019-04-22", None, None, None),
    ("วันที่ ๒๘ เมษายน ๒๕๖๕", "date", "2022-04-28", None, None, None),
    ("ประกาศ ณ วันที่ ๑๐ เดือน มีนาคม พ.ศ. ๒๕๖๖", "date", "2023-03-10", None, None, None),
    ("ประกาศ ณ วันที่ ๑๑ มกราคม พ.ศ. ๒๕๖๕", "date", "2022-01-11", None, None, None),
    ("อย่างเคร่งครัด เมื่อวันที่ ๑๗ มีนาคม ๒๕๖๖", "date", "2023-03-17", None, None, None),
    # abbreviated months, two-digit years, OCR spacing
    ("๑ ต.ค. ๖๔", "date", "2021-10-01", None, None, None),
    ("๓๐ ก.ย.๖๕", "date", "2022-09-30", None, None, None),
    ("๑๕ มี. ค. ๒๕๖๖", "date", "2023-03-15", None, None, None),
    ("๑ ตุลาคม๒๕๖๔", "date", "2021-10-01", None, None, None),
    ("๑๐ มีนาคม พ.ศ.๒๕๖๖", "date", "2023-03-10", None, None, None),
    ("28 เมษายน 2565", "date", "2022-04-28", None, None, None),
    ("28/04/2565", "date", "2022-04-28", None, None, None),
    # CE years stay CE
    ("15 มกราคม ค.ศ. 2022", "date", "2022-01-15", None, None, None),
    ("15 มกราคม 2022", "date", "2022-01-15", None, None, None),
    # month-only
    ("เดือนเมษายน ๒๕๖๓", "month", "2020-04", None, None, None),
    ("เดือนมีนาคม ๒๕๖๖", "month", "2023-03", None, None, None),
    ("ธันวาคม 2565", "month", "2022-12", None, None, None),
    # ranges
    ("๑ ตุลาคม ๒๕๖๔ - ๓๐ กันยายน ๒๕๖๕", "range", None, "2021-10-01", "2022-09-30", None),
    ("ตุลาคม ๒๕๖๒ – มีนาคม ๒๕๖๓", "range", None, "2019-10", "2020-03", None),
    ("๑ ต.ค. ๖๔ – ๓๐ ก.ย. ๖๕", "range", None, "2021-10-01", "2022-09-30", None),
    ("๑ ตุลาคม ๒๕๖๔ ถึง ๓๐ กันยายน ๒๕๖๕", "range", None, "2021-10-01", "2022-09-30", None),
    ("๑ ตุลาคม - ๓๑ ธันวาคม ๒๕๖๕", "range", None, "2022-10-01", "2022-12-31", None),
    # a range without its first year crosses into the year before when its month is later
    ("๑ ตุลาคม - ๓๐ กันยายน ๒๕๖๕", "range", None, "2021-10-01", "2022-09-30", None),
    ("ตุลาคม - มีนาคม ๒๕๖๖", "range", None, "2022-10", "2023-03", None),
    ("๑ - ๓๐ กันยายน ๒๕๖๕", "range", None, "2022-09-01", "2022-09-30", None),
    ("ปีงบประมาณ พ.ศ. ๒๕๖๔ - ๒๕๖๖", "range", None, "2020-10-01", "2023-09-30", None),
    # fiscal years
    ("ประจำปีงบประมาณ พ.ศ. ๒๕๖๕", "fiscal-year", None, "2021-10-01", "2022-09-30", 2565),
    ("ประจำปีงบประมาณ พ.ศ.๒๕๖๕", "fiscal-year", None, "2021-10-01", "2022-09-30", 2565),
    ("ตลอดปีงบประมาณ ๒๕๖๕", "fiscal-year", None, "2021-10-01", "2022-09-30", 2565),
    ("ปีงบ ๖๕", "fiscal-year", None, "2021-10-01", "2022-09-30", 2565),
    ("สรุปผลการดำเนินงาน ณ สิ้นปีงบประมาณ ๒๕๖๕", "fiscal-year-end", "2022-09-30",
     "2021-10-01", "2022-09-30", 2565),
]


@pytest.mark.parametrize("text,kind,value,start,end,fy", CASES)
def test_find_dates_single(text: str, kind: str, value: str | None, start: str | None,
                           end: str | None, fy: int | None) -> None:
    matches = find_dates(text)
    assert len(matches) == 1, matches
    m = matches[0]
    assert (m.kind, m.value, m.range_start, m.range_end, m.fiscal_year) == (kind, value, start, end, fy)
    assert m.warnings == []
    assert text[m.start:m.end] == m.text  # offsets index the input as given (Thai digits)


@pytest.mark.parametrize("text", [
    "31 กุมภาพันธ์ 2565",
    "๓๐ กุมภาพันธ์ ๒๕๖๖",
    "29 กุมภาพันธ์ 2566",  # 2023 is not a leap year
    "๓๒ มกราคม ๒๕๖๕",
    "0 มีนาคม 2565",
])
def test_impossible_dates_warn_not_crash(text: str) -> None:
    (m,) = find_dates(text)
    assert m.kind == "date" and m.value is None
    assert [w.code for w in m.warnings] == ["date-impossible"]


def test_leap_day_is_possible() -> None:
    assert find_dates("29 กุมภาพันธ์ 2567")[0].value == "2024-02-29"


@pytest.mark.parametrize("text", [
    "พ.ศ. ๒๕๔๐",                            # a year alone is not a date
    "ระเบียบ ก.ค.ศ. 2547",                 # a commission's initials, not กรกฎาคม
    "- ๗๖๐/๒๕๖๕/๑๕๖๖",                      # a registration stamp
    "ร้อยละ ๑๕ - ๒๕ ของตัวชี้วัด",
    "เป็นข้อมูลในระยะเวลา ๖ เดือนแรกของปีที่รับการประเมิน",
    "โทร.๐ ๗๖๔๕ ๕๗๖๖",
    "ปีงบประมาณ ๑๐ โครงการ",                # a count after ปีงบประมาณ, not FY 2510
    "",
])
def test_no_date(text: str) -> None:
    assert find_dates(text) == []


def test_to_dict_is_json_ready() -> None:
    (m,) = find_dates("ณ สิ้นปีงบประมาณ ๒๕๖๕")
    d = m.to_dict()
    assert json.loads(json.dumps(d, ensure_ascii=False)) == d
    assert d["kind"] == "fiscal-year-end" and d["value"] == "2022-09-30" and d["fiscal_year"] == 2565
    assert isinstance(m, DateMatch)


def test_find_fiscal_years_in_order() -> None:
    text = ("เรื่อง มาตรการส่งเสริมคุณธรรมฯ ประจำปีงบประมาณ พ.ศ. ๒๕๖๕ ... "
            "การวิเคราะห์ผลการประเมิน ITA ปีงบประมาณ พ.ศ. ๒๕๖๔ ... ณ สิ้นปีงบประมาณ ๒๕๖๕")
    assert find_fiscal_years(text) == [2565, 2564, 2565]


# The whole date list of each sample, as a Thai reader writes it down.
SAMPLE_DATES = {
    "000_4904129c074ec5d2": [("date", "2019-04-22")] + [("fiscal-year", 2562)] * 4 + [("date", "2019-04-22")],
    "002_42136bed46e24e6d": ([("date", "2022-04-28")] + [("fiscal-year", 2565)] * 3
                             + [("fiscal-year", 2564)] * 3 + [("fiscal-year", 2565)]
                             + [("range", "2021-10-01..2022-09-30")] * 2
                             + [("fiscal-year-end", 2565), ("range", "2021-10-01..2022-09-30")]
                             + [("fiscal-year-end", 2565), ("range", "2021-10-01..2022-09-30")]
                             + [("fiscal-year-end", 2565)]),
    "004_5ffc331d1e529717": [("fiscal-year", 2566), ("fiscal-year", 2563), ("date", "2023-03-10"),
                             ("date", "2022-01-11"), ("date", "2023-03-17"), ("month", "2023-03"),
                             ("month", "2023-03"), ("date", "2023-03-16"), ("month", "2023-03")],
}


def _summary(m: DateMatch) -> tuple[str, object]:
    if m.kind in ("fiscal-year", "fiscal-year-end"):
        return m.kind, m.fiscal_year
    if m.kind == "range":
        return m.kind, f"{m.range_start}..{m.range_end}"
    return m.kind, m.value


@pytest.mark.parametrize("stem", sorted(SAMPLE_DATES))
def test_sample_date_lists(stem: str) -> None:
    text = (SAMPLES / f"{stem}.txt").read_text(encoding="utf-8")
    assert [_summary(m) for m in find_dates(text)] == SAMPLE_DATES[stem]


@pytest.mark.parametrize("text,expected", [
    ("ที่ - วันที่ ๒๒ เมษายน ๒๕๖๒", "2019-04-22"),
    ("ประกาศ ณ วันที่ ๑๐ เดือน มีนาคม พ.ศ. ๒๕๖๖", "2023-03-10"),
    ("เดือนเมษายน ๒๕๖๓", "2020-04"),
    ("๑ ตุลาคม ๒๕๖๔ - ๓๐ กันยายน ๒๕๖๕", "2021-10-01"),
])
def test_parse_date(text: str, expected: str) -> None:
    assert parse_date(text) == (expected, [])


@pytest.mark.parametrize("text,code", [
    ("31 กุมภาพันธ์ 2565", "date-impossible"),
    ("ไม่ระบุวันที่", "date-unparsed"),
])
def test_parse_date_warnings(text: str, code: str) -> None:
    value, warnings = parse_date(text)
    assert value is None and [w.code for w in warnings] == [code]


@pytest.mark.parametrize("text,start,end", [
    ("๑ ตุลาคม ๒๕๖๔ - ๓๐ กันยายน ๒๕๖๕", "2021-10-01", "2022-09-30"),
    ("<p>ระยะเวลาดำเนินการ</p> <p>๑ ตุลาคม ๒๕๖๔ - ๓๐ กันยายน ๒๕๖๕</p>", "2021-10-01", "2022-09-30"),
    ("เดือนมีนาคม ๒๕๖๖", "2023-03", "2023-03"),
    ("ตลอดปีงบประมาณ ๒๕๖๕", "2021-10-01", "2022-09-30"),
    ("ณ สิ้นปีงบประมาณ ๒๕๖๕", "2022-09-30", "2022-09-30"),
    ("๑๗ มีนาคม ๒๕๖๖", "2023-03-17", "2023-03-17"),
    ("ตุลาคม ๒๕๖๒ – มีนาคม ๒๕๖๓", "2019-10", "2020-03"),
    # two periods in one cell: their whole span
    ("ตุลาคม - ธันวาคม ๒๕๖๕ และ มีนาคม ๒๕๖๖", "2022-10", "2023-03"),
])
def test_parse_period(text: str, start: str, end: str) -> None:
    assert parse_period(text) == (start, end, [])


def test_parse_period_unparsed() -> None:
    start, end, warnings = parse_period("ตลอดปี")
    assert (start, end) == (None, None) and [w.code for w in warnings] == ["date-unparsed"]
    assert parse_period("   ") == (None, None, [])
