"""Property-based tests: the normalizers never raise on any Unicode string and are idempotent."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thaireports.normalize.digits import arabic_digits_to_thai, thai_digits_to_arabic
from thaireports.normalize.spacing import join_wrapped_words
from thaireports.normalize.text import fold_whitespace, normalize_text
from thaireports.normalize.thai import PUA_TO_THAI, find_foreign_letters, repair_thai

# Thai text with the characters that make repairs interact: every Thai code point, the PUA
# glyphs, zero-width and space-like characters, tabs, newlines, digits and a little Latin.
THAI_ALPHABET = (
    [chr(c) for c in range(0x0E01, 0x0E5C)]
    + list(PUA_TO_THAI)
    + ["\u200b", "\u200c", "\u200d", "\ufeff", "\u2060", "\u00ad", "\u00a0", "\u2003",
       " ", " ", " ", "\t", "\n", "\r", "0", "9", "a", "Z", "(", ".", "/", "द", "ा"]
)
thai_text = st.text(alphabet=st.sampled_from(THAI_ALPHABET), max_size=60)
# Real words glued with spaces: exercises the dictionary rules of join_wrapped_words.
WORDS = ["การ", "ปฏิบัติงาน", "หรือ", "หลักเกณฑ์", "มาตรฐาน", "นาย", "วันชัย", "ประชุมชน", "และ",
         "ความ", "โปร่งใส", "ของ", "ผู้บริหาร", "เพื่อ", "ถูกต้อง", "ครบถ้วน", "จัดทำ", "มาตรการ",
         "๑๒", "ITA", "ณ", "วันที่", "เรียน", "กองคลัง", "(", ")", "\t", "\n"]
thai_phrases = st.lists(st.sampled_from(WORDS), max_size=14).map(
    lambda ws: "".join(w + (" " if i % 2 else "") for i, w in enumerate(ws)))
any_text = st.text(max_size=60)
PROFILE = settings(max_examples=250, deadline=None,
                   suppress_health_check=[HealthCheck.too_slow])


@PROFILE
@given(st.one_of(any_text, thai_text))
def test_repair_thai_never_raises_and_is_idempotent(text):
    once = repair_thai(text)
    assert repair_thai(once) == once


@PROFILE
@given(st.one_of(any_text, thai_text, thai_phrases))
def test_join_wrapped_words_never_raises_and_is_idempotent(text):
    once = join_wrapped_words(text)
    assert join_wrapped_words(once) == once
    assert once.replace(" ", "") == text.replace(" ", "")  # only spaces are ever removed


@PROFILE
@given(st.one_of(any_text, thai_text, thai_phrases), st.booleans())
def test_normalize_text_never_raises_and_is_idempotent(text, join_wraps):
    once, warnings = normalize_text(text, page=3, join_wraps=join_wraps)
    assert normalize_text(once, page=3, join_wraps=join_wraps)[0] == once
    assert not any("\u0e50" <= ch <= "\u0e59" for ch in once)  # no Thai digit survives
    assert all(w.code == "foreign-script" and w.page == 3 for w in warnings)


@PROFILE
@given(st.one_of(any_text, thai_text))
def test_find_foreign_letters_never_raises(text):
    for warning in find_foreign_letters(text):
        assert warning.code == "foreign-script"


@PROFILE
@given(st.text(alphabet="๐๑๒๓๔๕๖๗๘๙", max_size=30))
def test_thai_digits_round_trip(digits):
    arabic = thai_digits_to_arabic(digits)
    assert arabic.isascii()
    assert arabic_digits_to_thai(arabic) == digits


@PROFILE
@given(any_text)
def test_fold_whitespace_is_idempotent(text):
    once = fold_whitespace(text)
    assert fold_whitespace(once) == once
    assert "  " not in once
