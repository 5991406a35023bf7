"""Property tests: the date and cadence readers never raise, and BE years round-trip."""
from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from thaireports.normalize.cadence import cadence_months
from thaireports.normalize.dates import be_to_ce, find_dates, parse_date, parse_period
from thaireports.normalize.digits import arabic_digits_to_thai

# Text built from the pieces dates are made of, so that the scanner's paths are all exercised,
# mixed with arbitrary Unicode.
_PIECES = st.sampled_from([
    "วันที่", "เดือน", "มีนาคม", "ก.พ.", "กุมภาพันธ์", "ต.ค.", "พ.ศ.", "ค.ศ.", "ปีงบประมาณ", "ณ สิ้น",
    "รอบ", "ปีละ", "ครั้ง", "ทุก", "ไตรมาส", " ", "-", "–", "ถึง", "/", ".", "๑", "๓๑", "๒๕๖๕", "64",
    "2022", "99", "0", "\u200b", "\n",
])
_TEXT = st.one_of(st.text(), st.lists(st.one_of(_PIECES, st.text(max_size=3)), max_size=20).map("".join))


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_readers_never_raise(text: str) -> None:
    for m in find_dates(text):
        assert 0 <= m.start < m.end <= len(text)
        assert m.kind in {"date", "month", "range", "fiscal-year", "fiscal-year-end"}
        m.to_dict()
    parse_date(text)
    parse_period(text)
    assert cadence_months(text) == sorted(set(cadence_months(text)))


# dates a government document can carry: BE 2475..2700 (normalize.dates.PLAUSIBLE_BE)
@given(st.dates(min_value=dt.date(1932, 1, 1), max_value=dt.date(2157, 12, 31)),
       st.booleans(), st.booleans())
def test_be_date_round_trip(day: dt.date, thai_digits: bool, abbreviated: bool) -> None:
    from pythainlp.util.date import thai_abbr_months, thai_full_months

    month = (thai_abbr_months if abbreviated else thai_full_months)[day.month - 1]
    text = f"วันที่ {day.day} {month} พ.ศ. {day.year + 543}"
    if thai_digits:
        text = arabic_digits_to_thai(text)
    assert parse_date(text) == (day.isoformat(), [])


@given(st.integers(min_value=2400, max_value=9999))
def test_be_year_round_trip(year: int) -> None:
    assert be_to_ce(year) + 543 == year


@given(st.integers(min_value=1000, max_value=99999).filter(lambda y: not 2475 <= y <= 2700))
def test_implausible_be_year_is_a_warning_never_a_date(year: int) -> None:
    # an OCR'd 6565 or 1565 is a misread digit, a typed 25666 a doubled key: no date, a
    # date-implausible-year warning (the date is seen, not skipped)
    value, warnings = parse_date(f"วันที่ 5 มีนาคม พ.ศ. {year}")
    assert value is None
    assert [w.code for w in warnings] == ["date-implausible-year"]


def test_a_five_digit_year_is_seen_with_a_warning() -> None:
    """'25666' (a key pressed twice) must not hide the date: it is listed, without a value."""
    [found] = find_dates("เช้าวันนี้ (วันจันทร์ที่ 6 กุมภาพันธ์ 25666 ) นายกเทศมนตรี")
    assert found.kind == "date" and found.value is None
    assert [w.code for w in found.warnings] == ["date-implausible-year"]
