"""The Vietnamese language layer, with every example of issue 3 and a property test."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from num2words import num2words

from tdkt_docgen import vn

WORDS = {
    10: "mười", 11: "mười một", 15: "mười lăm", 21: "hai mươi mốt", 24: "hai mươi bốn", 25: "hai mươi lăm",
    105: "một trăm linh năm", 1005: "một nghìn không trăm linh năm", 2024: "hai nghìn không trăm hai mươi bốn",
    523056: "năm trăm hai mươi ba nghìn không trăm năm mươi sáu", 1000005: "một triệu không trăm linh năm",
    10**9: "một tỷ", 10**12: "một nghìn tỷ", -5: "âm năm", 0: "không", 110: "một trăm mười",
    "7,1": "bảy phẩy một", "10,5": "mười phẩy năm", "0,75": "không phẩy bảy mươi lăm", "2,05": "hai phẩy không năm",
    "29.088,38": "hai mươi chín nghìn không trăm tám mươi tám phẩy ba mươi tám",
}


@pytest.mark.parametrize("value,words", list(WORDS.items()))
def test_number_to_words(value: object, words: str) -> None:
    assert vn.number_to_words(value) == words  # type: ignore[arg-type]


def test_decimal_float_and_southern_forms() -> None:
    assert vn.number_to_words(Decimal("7.1")) == vn.number_to_words(7.1) == "bảy phẩy một"
    assert vn.number_to_words(1005, zero="lẻ", thousand="ngàn") == "một ngàn không trăm lẻ năm"


def test_num2words_uses_official_reading_once_registered() -> None:
    vn.register_num2words()
    assert num2words(1005, lang="vi") == "một nghìn không trăm linh năm"
    assert num2words(29088, lang="vi", to="currency") == "Hai mươi chín nghìn không trăm tám mươi tám đồng"


def test_amount_in_words() -> None:
    assert vn.amount_in_words(29088) == "Hai mươi chín nghìn không trăm tám mươi tám đồng"


def test_number_formats() -> None:
    assert vn.format_number("29088.38") == "29.088,38"
    assert vn.format_number(Decimal("7.1")) == "7,1"
    assert vn.format_number(7.0) == "7,0"
    assert vn.format_number(1234567) == "1.234.567"
    assert vn.format_number(2.5, 2) == "2,50"
    assert vn.format_percent(52.8312) == "52,83%"
    assert [vn.format_count(n) for n in (0, 3, 9, 10, 1234)] == ["0", "03", "09", "10", "1.234"]


def test_dates() -> None:
    assert vn.format_date(dt.date(2024, 3, 5), "Lạng Sơn") == "Lạng Sơn, ngày 05 tháng 3 năm 2024"
    assert vn.format_date(dt.date(2024, 2, 15)) == "ngày 15 tháng 02 năm 2024"
    assert vn.format_date(dt.date(2024, 12, 1)) == "ngày 01 tháng 12 năm 2024"
    assert vn.format_date(vn.PartialDate(2024, 2)) == f"ngày {vn.BLANK} tháng 02 năm 2024"
    assert vn.format_date(vn.PartialDate(2024)) == f"ngày {vn.BLANK} tháng {vn.BLANK} năm 2024"
    with pytest.raises(ValueError):
        vn.PartialDate(2024, 2, 30)


def test_ordinals_roman_points() -> None:
    assert [vn.ordinal(n) for n in (1, 2, 3, 4, 5)] == ["thứ nhất", "thứ hai", "thứ ba", "thứ tư", "thứ năm"]
    assert [vn.roman(n) for n in (1, 4, 14)] == ["I", "IV", "XIV"]
    assert [vn.point_letter(n) for n in range(1, 12)] == list("abcd") + ["đ"] + list("eghikl")


def test_upper_and_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Lạng Sơn")
    assert vn.nfc(decomposed) == "Lạng Sơn" and vn.upper(decomposed) == "LẠNG SƠN"
    assert unicodedata.is_normalized("NFC", vn.upper(decomposed))


def test_sort_order() -> None:
    names = ["Lạng Sơn", "Điện Biên", "Lào Cai", "Cao Bằng", "Hà Giang", "Lai Châu", "Sơn La", "Đà Nẵng",
             "An Giang", "Ân Thi", "Ăn Lạc", "Hàm Yên", "Hà Nam"]
    assert vn.sorted_vi(names) == ["An Giang", "Ăn Lạc", "Ân Thi", "Cao Bằng", "Đà Nẵng", "Điện Biên",
                                   "Hà Giang", "Hà Nam", "Hàm Yên", "Lai Châu", "Lạng Sơn", "Lào Cai", "Sơn La"]
    assert vn.sorted_vi(["ma", "mả", "mà", "má", "mạ", "mã"]) == ["ma", "mà", "mả", "mã", "má", "mạ"]


# ------------------------------------------------------------------ an independent reader of the words

_DIGIT = {"không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5,
          "sáu": 6, "bảy": 7, "tám": 8, "chín": 9}


def _read_below_thousand(words: list[str]) -> int:
    value, current = 0, 0
    for word in words:
        if word == "trăm":
            value += current * 100
            current = 0
        elif word == "mười":
            current = 10
        elif word == "mươi":
            current *= 10
        elif word == "linh":
            continue
        elif current >= 10 and current % 10 == 0:
            current += _DIGIT[word]
        else:
            current = _DIGIT[word]
    return value + current


def read_integer(words: list[str]) -> int:
    if "tỷ" in words:
        i = len(words) - 1 - words[::-1].index("tỷ")
        return read_integer(words[:i]) * 10**9 + read_integer(words[i + 1:])
    total = 0
    for scale_word, scale in (("triệu", 10**6), ("nghìn", 10**3)):
        if scale_word in words:
            i = words.index(scale_word)
            total += _read_below_thousand(words[:i]) * scale
            words = words[i + 1:]
    return total + _read_below_thousand(words)


def read_number(text: str) -> Decimal:
    words = text.split()
    sign = -1 if words[0] == "âm" else 1
    words = words[1:] if sign < 0 else words
    if "phẩy" in words:
        i = words.index("phẩy")
        integer, fraction = words[:i], words[i + 1:]
        zeros = 0
        while fraction and fraction[0] == "không" and len(fraction) > 1:
            zeros, fraction = zeros + 1, fraction[1:]
        digits = "0" * zeros + str(read_integer(fraction))
        return sign * Decimal(f"{read_integer(integer)}.{digits}")
    return Decimal(sign * read_integer(words))


@given(st.integers(min_value=-10**18, max_value=10**18))
def test_words_of_integers_read_back(n: int) -> None:
    text = vn.number_to_words(n)
    assert re.fullmatch(r"[a-zàáâãèéêìíòóôõùúýăđĩũơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ ]+", text)
    assert read_number(text) == n


@given(st.decimals(min_value=-10**9, max_value=10**9, places=3, allow_nan=False, allow_infinity=False))
def test_words_of_decimals_read_back(d: Decimal) -> None:
    assert read_number(vn.number_to_words(d)) == d.normalize()


def _babel(number: Decimal, places: int) -> str:
    """Babel's Vietnamese format of ``number`` with ``places`` decimals: what format_number must give."""
    from babel import Locale
    from babel.numbers import parse_pattern

    return parse_pattern("#,##0" + ("." + "0" * places if places else "")).apply(number, Locale.parse("vi"))


@given(st.integers(min_value=-10**15, max_value=10**15))
def test_whole_numbers_are_grouped_as_babel_groups_them(n: int) -> None:
    babel = _babel(Decimal(n), 0)
    assert vn.format_number(n) == vn.format_number(Decimal(n)) == vn.format_number(Decimal(f"{n}.000"), 0) == babel


@given(st.integers(min_value=0, max_value=6).flatmap(lambda written: st.tuples(
    st.decimals(min_value=-10**14, max_value=10**14, places=written), st.integers(min_value=0, max_value=6))))
def test_decimals_are_formatted_as_babel_formats_them(case: tuple[Decimal, int]) -> None:
    # format_number does it without Babel (not loaded for a render): the same rounding, signs and groups
    number, places = case
    assert vn.format_number(number, places) == _babel(number, places)
    assert vn.format_number(number) == _babel(number, max(0, -int(number.as_tuple().exponent)))
