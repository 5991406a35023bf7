"""Thai digits (๐-๙) <-> Arabic digits (0-9).

Thai memos write numbers, dates and item codes in Thai digits ('ข้อ ๐๔๒', '๑๐ มีนาคม ๒๕๖๖');
every later stage compares numbers, so normalized text carries Arabic digits only. pythainlp's
digit tables do the work; these wrappers only give the names the rest of thaireports uses.
"""
from __future__ import annotations

from pythainlp.util.digitconv import arabic_digit_to_thai_digit, thai_digit_to_arabic_digit


def thai_digits_to_arabic(text: str) -> str:
    """Replace every Thai digit with the Arabic digit of the same value.

    Args:
        text: any text; characters other than ๐-๙ are left as they are.

    Returns:
        The text with ๐-๙ written as 0-9.

    Example:
        >>> thai_digits_to_arabic("ประกาศ ณ วันที่ ๑๐ เดือน มีนาคม พ.ศ. ๒๕๖๖")
        'ประกาศ ณ วันที่ 10 เดือน มีนาคม พ.ศ. 2566'
    """
    return thai_digit_to_arabic_digit(text) if text else text


def arabic_digits_to_thai(text: str) -> str:
    """Replace every Arabic digit 0-9 with the Thai digit of the same value.

    Args:
        text: any text; characters other than 0-9 are left as they are.

    Returns:
        The text with 0-9 written as ๐-๙.

    Example:
        >>> arabic_digits_to_thai("มีผลคะแนน 84.72 คะแนน")
        'มีผลคะแนน ๘๔.๗๒ คะแนน'
    """
    return arabic_digit_to_thai_digit(text) if text else text
