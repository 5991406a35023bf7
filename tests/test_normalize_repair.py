"""Known words OCR damaged, read back by skeleton with a margin (issue 11): months in dates,
look-alike digits of days and years, agency types, units and provinces; free text untouched.

Every line here is composed from the rule (the marks Tesseract drops, the consonants it swaps,
the digits it reads as letters), not taken from any development render.
"""
from __future__ import annotations

import pytest

from thaireports.normalize.dates import find_dates, fiscal_quarter, parse_date, parse_period
from thaireports.normalize.repair import Lexicon, repair_ocr_text, repair_words, weighted_distance


# --- dates whose month OCR damaged -----------------------------------------------------------
@pytest.mark.parametrize("text,start,end,repairs", [
    # marks dropped from full names
    ("ตลาคม ๒๕๖๕ – กนยายน ๒๕๖๖", "2022-10", "2023-09", ["ตลาคม -> ตุลาคม", "กนยายน -> กันยายน"]),
    ("วันที่ ๑ พฤศจกายน ๒๕๖๕", "2022-11-01", "2022-11-01", ["พฤศจกายน -> พฤศจิกายน"]),
    ("๑๕ กมภาพนธ ๒๕๖๖", "2023-02-15", "2023-02-15", ["กมภาพนธ -> กุมภาพันธ์"]),
    # a consonant swapped (ต/ด, ถ for ภ)
    ("๓๑ ดลาคม ๒๕๖๕", "2022-10-31", "2022-10-31", ["ดลาคม -> ตุลาคม"]),
    ("เดือนพฤษถาคม ๒๕๖๖", "2023-05", "2023-05", ["พฤษถาคม -> พฤษภาคม"]),
    # abbreviations whose dots were lost or a mark scattered into them
    ("ต.ค. 2565 - กย 2566", "2022-10", "2023-09", ["กย -> ก.ย."]),
    ("ตค 65 - กย 66", "2022-10", "2023-09", ["ตค -> ต.ค.", "กย -> ก.ย."]),
    ("๑ ต.ค. ๖๕ - ๓๐ ก.ุย. ๖๖", "2022-10-01", "2023-09-30", ["ก.ุย. -> ก.ย."]),
    ("มิย 2566", "2023-06", "2023-06", ["มิย -> มิ.ย."]),
    # glued to the word before it
    ("ภายในเดือนธนวาคม ๒๕๖๕", "2022-12", "2022-12", ["ธนวาคม -> ธันวาคม"]),
])
def test_damaged_month_in_a_date(text, start, end, repairs) -> None:
    s, e, warnings = parse_period(text)
    assert (s, e) == (start, end)
    assert [w.message for w in warnings if w.code == "word-repaired"] == repairs


# --- digits of days and years: look-alikes, stray spaces, ๖ read as '๒๐' ------------------------
@pytest.mark.parametrize("text,value,fixes", [
    ("วันที่ 3o กันยายน 2565", "2022-09-30", ["'3o' -> '30'"]),
    ("วันที่ l5 มีนาคม 2566", "2023-03-15", ["'l5' -> '15'"]),
    ("วันที่ 15 มีนาคม 256O", "2017-03-15", ["'256O' -> '2560'"]),
    ("วันที่ 1 ตุลาคม 25 65", "2022-10-01", ["'25 65' -> '2565'"]),
    ("๑ ตุลาคม ๒๕๒๐๕", "2022-10-01", ["'25205' -> '2565'"]),
])
def test_digits_of_a_date(text, value, fixes) -> None:
    iso, warnings = parse_date(text)
    assert iso == value
    assert [w.message for w in warnings if w.code == "digit-repaired"] == fixes


def test_fiscal_year_with_a_lookalike_digit() -> None:
    (m,) = find_dates("ประจำปีงบประมาณ พ.ศ. 256๐".replace("๐", "o"))
    assert m.fiscal_year == 2560 and [w.code for w in m.warnings] == ["digit-repaired"]


# --- near misses, correctly refused: free text is never rewritten -----------------------------
@pytest.mark.parametrize("text", [
    "ตลาด 2565",                      # a market: a dictionary word two edits from ตุลาคม
    "ประชาคม 2565",                    # a community forum: a word, not a month
    "สมาคม ๒๕๖๕",                      # an association
    "ร้อยละ 25 65 คน",                 # two counts, no month: no year is joined
    "ผู้เฒ่า 2565",                     # ฒ is a digit look-alike only in a year after a month
    "1 มค 2566 หรือ",                  # (kept below: มค is January)
])
def test_no_repair_outside_a_date(text) -> None:
    if text.startswith("1 มค"):
        (m,) = find_dates(text)  # ม.ค. without dots is January; มี.ค. would keep its ี
        assert m.value == "2023-01-01"
        return
    assert all(w.code not in ("word-repaired", "digit-repaired")
               for m in find_dates(text) for w in m.warnings)
    assert repair_ocr_text(text) == (text, [])


def test_an_implausible_year_is_not_guessed() -> None:
    # 6565: which digit is wrong cannot be told from the context; a warning, no date
    value, warnings = parse_date("วันที่ 5 มีนาคม พ.ศ. 6565")
    assert value is None and [w.code for w in warnings] == ["date-implausible-year"]


@pytest.mark.parametrize("text,quarters", [
    ("ไตรมาส 1-4", (10, 9)),
    ("ไตรมาสที่ ๑ - ๒", (10, 3)),
    ("ไตรมาสที่ 2 ถึง ไตรมาสที่ 3", (1, 6)),
    ("ไตรมาสที่ 2", (1, 3)),
])
def test_quarter_spans(text, quarters) -> None:
    assert fiscal_quarter(text) == quarters


# --- the matcher ----------------------------------------------------------------------------
def test_confusable_swap_costs_half() -> None:
    assert weighted_distance("บ", "ป") == 0.5 and weighted_distance("บ", "ก") == 1.0


def test_margin_refuses_a_word_between_two() -> None:
    lexicon = Lexicon([("เทศบาลเมือง", "town"), ("เทศบาลนคร", "city")])
    assert lexicon.closest("เทศบาลเมอง") == "เทศบาลเมือง"
    assert lexicon.closest("เทศบาล") is None  # as near to both: refused


# --- page text: agency types, units, provinces ------------------------------------------------
@pytest.mark.parametrize("text,repaired", [
    ("ผู้รับผิดชอบ กองคลง", "ผู้รับผิดชอบ กองคลัง"),
    ("สานกปลด / กองชาง", "สำนักปลัด / กองช่าง"),
    ("องค์การบริหารสวนตำบลบ้านใหม่", "องค์การบริหารส่วนตำบลบ้านใหม่"),
    ("เทศบาลเมองพังงา", "เทศบาลเมืองพังงา"),
    ("อำเภอเมือง จังหวัดพงงา", "อำเภอเมือง จังหวัดพังงา"),
    ("กองการศึกษาฯ", "กองการศึกษาฯ"),  # ฯ is part of the name, not damage
    ("องค์การบริหารส่วนตำบลคม", "องค์การบริหารส่วนตำบลคม"),  # a whole word, a name glued on
])
def test_page_words(text, repaired) -> None:
    out, warnings = repair_ocr_text(text, page=2)
    assert out == repaired
    assert all(w.code == "word-repaired" and w.page == 2 for w in warnings)
    assert len(warnings) == (out != text) * len([r for r in repair_words(text)])


def test_the_pruned_ranking_keeps_every_entry_within_reach() -> None:
    """Lexicon.ranked(within=...) skips entries by a lower bound of the weighted distance
    (half the plain edit distance, the length difference); what it keeps must be exactly the
    entries of the full ranking that are within that distance."""
    from thaireports.normalize.repair import page_lexicon

    lexicon = page_lexicon()
    for word in ("องค์การบรหารสวนตาบล", "กองคลง", "สานกปลด", "เทศบาลเมอง", "จงหวดพงงา",
                 "กองชาง", "ตลาคม", "สำนกงานปลด", "กองการศกษา", "ประชาคม"):
        for within in (0.0, 1.0, 2.0, 2.5, 3.0):
            full = [entry for entry in lexicon.ranked(word) if entry[0] <= within]
            assert lexicon.ranked(word, within=within) == full, (word, within)


# What Tesseract's Thai model writes for Thai digits (๑ '@', ๒ 'lo', ๐ 'o') is read back inside a
# number that has a real digit, and alone where a list number, a day or a count stands: the
# text a user pastes from another OCR engine has no glyphs left to check.
@pytest.mark.parametrize("text, fixed", [
    ("จำนวน 3o คน", "จำนวน 30 คน"),
    ("ที่ นภ 735o@/@loo วันที่ 15 มีนาคม lo567", "ที่ นภ 73501/120 วันที่ 15 มีนาคม 2567"),
    ("ได้คะแนน 87.4@ คะแนน", "ได้คะแนน 87.41 คะแนน"),
    ("@o. การป้องกันการทุจริต", "10. การป้องกันการทุจริต"),
    ("@ ต.ค. 66 - 3o ก.ย. 67", "1 ต.ค. 66 - 30 ก.ย. 67"),
    ("รายงานผลปีละ @ ครั้ง", "รายงานผลปีละ 1 ครั้ง"),
])
def test_lookalike_digits_in_numbers_are_read_back(text, fixed) -> None:
    from thaireports.normalize.repair import repair_lookalike_numbers

    out, warnings = repair_lookalike_numbers(text)
    assert out == fixed
    assert warnings and all(w.code == "digit-repaired" for w in warnings)


@pytest.mark.parametrize("text", [
    "ติดต่อ info@tambon1.go.th หรือ www.nongbua2.go.th",  # an address holds '@' and digits
    "มาตรการป้องกัน COVID-19 และ ISO 9001",  # Latin words with digits
    "โทร. o 4231 5870",  # a lone 'o' before a number is no digit of it
    "Facebook LINE hello look 2566",  # English words
])
def test_lookalikes_outside_numbers_stay(text) -> None:
    from thaireports.normalize.repair import repair_lookalike_numbers

    assert repair_lookalike_numbers(text) == (text, [])


def test_a_word_glued_before_a_known_word_is_no_damage() -> None:
    # 'ให้งานประชาสัมพันธ์' is ให้ + the unit: repairing it as a damaged unit name ate the ให้
    assert [(r.found, r.word) for r in repair_words("ให้งานประชาสัมพันธ์ สำนักปลัด เป็นผู้รับผิดชอบ")] == []
