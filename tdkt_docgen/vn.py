"""The Vietnamese language layer: numbers, number words, dates, ordinals, casing, sort order.

Every function here is pure and also exposed to templates as a Jinja filter (see ``FILTERS``).
Number words follow the reading used in administrative and financial documents
("một nghìn không trăm linh năm"); ``register_num2words()`` makes them num2words' Vietnamese converter,
so ``num2words(n, lang="vi")`` gives the same words.

Babel (parsing "29.088,38") and num2words are imported when first used, not with
this module: every command imports it, most never need them (issue 20).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

LOCALE = "vi"
BLANK = "\u00a0" * 6  # a blank left for a handwritten day, month or number: keeps its width

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_BILLION = 10**9
_MILLION = 10**6
_THOUSAND = 10**3

Number = int | float | Decimal | str
MAX_NUMBER = Decimal(10) ** 15  # a figure of a document is below this (a budget in đồng is below 10^14)


class Unusable(ValueError):
    """A value a function of this module cannot use; the message is Vietnamese, for the user."""


class NumberTooLarge(Unusable):
    """A number written as text that is beyond what a document states (``MAX_NUMBER``), or not finite."""


def shown(value: object, limit: int = 40) -> str:
    """A value as a message shows it: text in quotes (shortened), numbers and dates as written, anything else
    by what it is, never Python's repr."""
    if isinstance(value, str):
        return f"'{value if len(value) <= limit else value[:limit] + '…'}'"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, Decimal)):
        text = str(value)
        return text if len(text) <= limit else text[:limit] + "…"
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, (dt.date, PartialDate)):
        return PartialDate.of(value).short()
    if isinstance(value, dict):
        return "một bảng (các trường)"
    if isinstance(value, (list, tuple, set, frozenset)):
        return "một danh sách"
    if value is None:
        return "trống"
    return "một đối tượng không phải dữ liệu" if not callable(value) else "một hàm (không phải dữ liệu)"


# --------------------------------------------------------------------------- text


def nfc(text: str) -> str:
    """Precomposed (NFC) form of ``text``: decomposed input comes out precomposed."""
    return unicodedata.normalize("NFC", text)


def upper(text: str) -> str:
    """Upper case with Vietnamese diacritics kept and precomposed ("Sơn La" -> "SƠN LA")."""
    return nfc(nfc(text).upper())


def capital(text: str) -> str:
    """The first letter in upper case, the rest untouched ("tỉnh Lào Cai" -> "Tỉnh Lào Cai")."""
    text = nfc(text)
    return text[:1].upper() + text[1:]


def slug(text: str) -> str:
    """A file-name part without diacritics, lower case, hyphenated: "Sơn La" -> "son-la", "Đắk Lắk" -> "dak-lak"."""
    plain = unicodedata.normalize("NFD", nfc(text).replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    words = "".join(c if c.isascii() and c.isalnum() else " " for c in plain).split()
    return "-".join(words)


# --------------------------------------------------------------------------- parsing numbers


def to_decimal(value: Number) -> Decimal:
    """A Decimal from an int, float, Decimal or a string in Vietnamese ("29.088,38") or plain ("7.1") form."""
    if isinstance(value, bool):
        raise Unusable(f"không phải là số: {shown(value)}")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    text = nfc(str(value)).strip().replace(" ", "").replace("\u00a0", "")
    return _within_limits(_parsed(text, value), value)


def _parsed(text: str, value: object) -> Decimal:
    from babel.numbers import NumberFormatError, parse_decimal  # only data written as text needs Babel

    if len(text) > 40:  # no figure is written with so many characters; Babel and Decimal need not try
        raise NumberTooLarge(f"số quá dài ({shown(value)}); số liệu của văn bản phải nhỏ hơn 10^15")
    try:
        return Decimal(parse_decimal(text, locale=LOCALE, strict=True))
    except (NumberFormatError, InvalidOperation, ValueError):
        pass
    try:
        return Decimal(text)
    except (InvalidOperation, ValueError):
        raise Unusable(f"không đọc được số: {shown(value)}") from None


def _within_limits(number: Decimal, value: object) -> Decimal:
    """A number read from text within what a document states: finite and below ``MAX_NUMBER``."""
    if not number.is_finite():
        raise NumberTooLarge(f"phải là một số có thật, không phải {shown(value)}")
    if abs(number) >= MAX_NUMBER:
        raise NumberTooLarge(f"số quá lớn ({shown(value)}); số liệu của văn bản phải nhỏ hơn 10^15")
    return number


# --------------------------------------------------------------------------- number words


def _unit_after_tens(tens: int, unit: int) -> str:
    if unit == 1 and tens >= 2:
        return "mốt"
    if unit == 5:
        return "lăm"
    return _DIGITS[unit]


def _group_words(n: int, full: bool, zero: str) -> list[str]:
    """Words of 0 < n < 1000; ``full`` reads "không trăm"/"linh" as inside a longer number."""
    hundreds, rest = divmod(n, 100)
    tens, unit = divmod(rest, 10)
    words: list[str] = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if unit:
            words += ([zero] if words else []) + [_DIGITS[unit]]
    elif tens == 1:
        words.append("mười")
        if unit:
            words.append(_unit_after_tens(1, unit))
    else:
        words += [_DIGITS[tens], "mươi"]
        if unit:
            words.append(_unit_after_tens(tens, unit))
    return words


def _below_billion_words(n: int, full: bool, zero: str, thousand: str) -> list[str]:
    words: list[str] = []
    for scale, name in ((_MILLION, "triệu"), (_THOUSAND, thousand), (1, "")):
        group, n = divmod(n, scale)
        if group:
            words += _group_words(group, full, zero) + ([name] if name else [])
            full = True
        elif words:
            full = True
    return words


def _integer_words(n: int, zero: str, thousand: str, full: bool = False) -> list[str]:
    if n >= _BILLION:
        high, low = divmod(n, _BILLION)
        words = _integer_words(high, zero, thousand, full) + ["tỷ"]
        if low:
            words += _below_billion_words(low, True, zero, thousand)
        return words
    return _below_billion_words(n, full, zero, thousand)


def _fraction_words(digits: str, zero: str, thousand: str) -> list[str]:
    stripped = digits.lstrip("0")
    words = ["không"] * (len(digits) - len(stripped))
    if stripped:
        words += _integer_words(int(stripped), zero, thousand)
    return words


def number_to_words(value: Number, *, zero: str = "linh", thousand: str = "nghìn") -> str:
    """Read a number the standard way: 1005 -> "một nghìn không trăm linh năm", 7,1 -> "bảy phẩy một".

    ``zero="lẻ"`` and ``thousand="ngàn"`` give the southern forms.
    """
    number = to_decimal(value)
    if not number.is_finite():
        raise Unusable(f"không đọc được số: {shown(value)}")
    sign, digits, exponent = number.normalize().as_tuple() if number else (0, (0,), 0)
    text = "".join(map(str, digits))
    exp = int(exponent)
    if exp >= 0:
        integer_part, fraction_part = text + "0" * exp, ""
    else:
        text = text.rjust(-exp + 1, "0")
        integer_part, fraction_part = text[:exp], text[exp:]
    integer = int(integer_part)
    words = ["âm"] if sign and (integer or fraction_part) else []
    words += _integer_words(integer, zero, thousand) if integer else ["không"]
    if fraction_part:
        words += ["phẩy"] + _fraction_words(fraction_part, zero, thousand)
    return " ".join(words)


def amount_in_words(value: Number, unit: str = "đồng") -> str:
    """The "Bằng chữ:" line: "Hai mươi chín nghìn không trăm tám mươi tám đồng"."""
    words = number_to_words(value) + (f" {unit}" if unit else "")
    return words[0].upper() + words[1:]


@cache
def register_num2words() -> None:
    """Make ``num2words(n, lang="vi")`` read numbers as ``number_to_words`` does (num2words' own Vietnamese
    reads 1005 "một nghìn lẻ năm"). Importing num2words loads all its languages, hence on request only."""
    import num2words
    from num2words.lang_VI import Num2Word_VI

    class Num2WordVIOfficial(Num2Word_VI):
        """num2words' Vietnamese converter with the official reading (see ``number_to_words``)."""

        def str_to_number(self, value: str) -> Decimal:
            return to_decimal(value)

        def to_cardinal(self, number: Number) -> str:
            return number_to_words(number)

        def to_ordinal(self, number: Number) -> str:
            return ordinal(int(number))

        def to_ordinal_num(self, number: Number) -> str:
            return f"thứ {int(number)}"

        def to_year(self, number: Number, **_: Any) -> str:
            return number_to_words(number)

        def to_currency(self, number: Number, currency: str = "VND", **_: Any) -> str:
            return amount_in_words(number, "đồng" if currency == "VND" else currency)

    num2words.CONVERTER_CLASSES["vi"] = Num2WordVIOfficial()


# --------------------------------------------------------------------------- number formats


def _decimals_of(number: Decimal) -> int:
    exponent = number.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def format_number(value: Number, decimals: int | None = None) -> str:
    """Vietnamese grouping and decimal sign: "29.088,38", "7,1", "1.234.567".

    Without ``decimals`` the number keeps the decimals it was written with (7.0 -> "7,0").
    """
    number = to_decimal(value)
    if not number.is_finite() or number.adjusted() > 40 or abs(decimals or 0) > 40:
        raise Unusable(f"số quá lớn hoặc không có thật, không in được: {shown(value)}")
    places = _decimals_of(number) if decimals is None else decimals
    if places == 0 and number == number.to_integral_value():  # most figures
        return f"{int(number):,}".replace(",", ".")
    # Babel's pattern "#,##0.00" in the Vietnamese locale, without loading Babel and its locale data (30 ms a
    # process): the same rounding (half to even) and groups of three; tests/test_vn.py checks they agree
    return f"{number:,.{places}f}".translate(_VI_SEPARATORS)


_VI_SEPARATORS = str.maketrans(",.", ".,")


def format_percent(value: Number, decimals: int | None = None) -> str:
    """A percentage given in percent: "52,77%", "95,2%", "67%" (the rule of ``percent_number``)."""
    return percent_number(value, decimals) + "%"


def percent_number(value: Number, decimals: int | None = None) -> str:
    """The number of a percentage, one rule for a whole document (text and tables): the decimals its value
    has (a computed share has two: "52,77"; data "95,2"; never more than two), rounded to ``decimals`` when
    given, and a whole one without decimals ("67", not "67,0" or "100,00")."""
    number = to_decimal(value)
    places = min(_decimals_of(number), 2) if decimals is None else decimals
    rounded = round(number, places)
    return format_number(rounded, 0 if rounded == rounded.to_integral_value() else places)


def format_count(n: int) -> str:
    """Counts as administrative documents write them: "03" for 1–9, plain otherwise ("12", "1.234")."""
    if 0 < n < 10:
        return f"{n:02d}"
    return format_number(n)


# --------------------------------------------------------------------------- dates


@dataclass(frozen=True)
class PartialDate:
    """A date whose day, or day and month, may still be blank (drafts: "ngày      tháng 02 năm 2024")."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise Unusable("có ngày thì phải có tháng")
        if self.month is not None and not 1 <= self.month <= 12:
            raise Unusable(f"tháng {self.month} không hợp lệ")
        if self.day is not None and self.month is not None:
            dt.date(self.year, self.month, self.day)  # raises ValueError for 30/02

    @classmethod
    def of(cls, value: PartialDate | dt.date) -> PartialDate:
        if isinstance(value, PartialDate):
            return value
        return cls(value.year, value.month, value.day)

    @property
    def complete(self) -> bool:
        return self.day is not None

    def as_date(self) -> dt.date:
        """The date itself, or the first day it can be when parts are blank (for "law in force" checks)."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def short(self) -> str:
        """The short form used in citations: "05/3/2024", "     /02/2024"."""
        day = f"{self.day:02d}" if self.day else BLANK
        month = _month_text(self.month) if self.month else BLANK
        return f"{day}/{month}/{self.year}"


def _month_text(month: int) -> str:
    return f"{month:02d}" if month <= 2 else str(month)


def format_date(value: PartialDate | dt.date, place: str | None = None) -> str:
    """"Lạng Sơn, ngày 05 tháng 3 năm 2024": days below 10 and months 1, 2 with a leading zero."""
    date = PartialDate.of(value)
    day = f"{date.day:02d}" if date.day else BLANK
    month = _month_text(date.month) if date.month else BLANK
    text = f"ngày {day} tháng {month} năm {date.year}"
    return f"{nfc(place)}, {text}" if place else text


# --------------------------------------------------------------------------- ordinals, numerals, letters

_ORDINALS = {1: "nhất", 4: "tư"}
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
POINT_LETTERS = "a b c d đ e g h i k l m n o p q r s t u v x y".split()  # noqa: SIM905


def ordinal(n: int) -> str:
    """"thứ nhất", "thứ hai", "thứ ba", "thứ tư", "thứ năm", … ("Phần thứ nhất")."""
    if n < 1:
        raise Unusable(f"số thứ tự phải từ 1 trở lên: {n}")
    return "thứ " + _ORDINALS.get(n, number_to_words(n))


def roman(n: int) -> str:
    """Roman numeral: 1 -> "I", 4 -> "IV", 14 -> "XIV"."""
    if not 0 < n < 4000:
        raise Unusable(f"số La Mã chỉ từ 1 đến 3999: {n}")
    out = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def point_letter(n: int) -> str:
    """The letter of the n-th "điểm" in Vietnamese order: a, b, c, d, đ, e, g, h, …"""
    if not 1 <= n <= len(POINT_LETTERS):
        raise Unusable(f"điểm chỉ đánh từ a đến y (1 đến {len(POINT_LETTERS)}): {n}")
    return POINT_LETTERS[n - 1]


# --------------------------------------------------------------------------- sort order

_ALPHABET = "a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y".split()  # noqa: SIM905
_LETTER_RANK = {letter: i for i, letter in enumerate(_ALPHABET)}
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng


def _split_letter(char: str) -> tuple[str, int]:
    decomposed = unicodedata.normalize("NFD", char.lower())
    base = decomposed[0] + "".join(m for m in decomposed[1:] if m in _LETTER_MARKS)
    tone = max((_TONE_RANK.get(m, 0) for m in decomposed[1:]), default=0)
    return unicodedata.normalize("NFC", base), tone


def _char_rank(base: str) -> tuple[int, Any]:
    if base.isspace():
        return (0, 0)  # "Hà Giang" before "Hàm Yên"
    if base in _LETTER_RANK:
        return (2, _LETTER_RANK[base])
    return (1 if base.isdigit() else 3, base)


def sort_key(text: str) -> tuple[tuple[Any, ...], tuple[int, ...], tuple[bool, ...]]:
    """Key for Vietnamese alphabetical order: a ă â b c d đ e ê …, tones after base letters."""
    letters: list[Any] = []
    tones: list[int] = []
    cases: list[bool] = []
    for char in nfc(text):
        base, tone = _split_letter(char)
        letters.append(_char_rank(base))
        tones.append(tone)
        cases.append(char.isupper())
    return tuple(letters), tuple(tones), tuple(cases)


def sorted_vi(items: Iterable[Any], key: Callable[[Any], Any] | None = None) -> list[Any]:
    """Items in Vietnamese alphabetical order, by themselves or by ``key(item)`` (the filter ``sap_xep`` of
    ``helpers`` reads a field through the template sandbox)."""
    return sorted(items, key=lambda item: sort_key(str(item if key is None else key(item))))


# --------------------------------------------------------------------------- template filters

FILTERS = {
    "so": format_number,  # {{ 29088.38 | so }} -> 29.088,38
    "phan_tram": format_percent,  # {{ 52.831 | phan_tram }} -> 52,83%
    "dem": format_count,  # {{ 3 | dem }} -> 03
    "chu": number_to_words,  # {{ 1005 | chu }} -> một nghìn không trăm linh năm
    "tien_chu": amount_in_words,  # {{ 29088 | tien_chu }} -> Hai mươi chín nghìn … đồng
    "ngay": format_date,  # {{ ngay | ngay("Lạng Sơn") }} -> Lạng Sơn, ngày 05 tháng 3 năm 2024
    "thu_tu": ordinal,  # {{ 1 | thu_tu }} -> thứ nhất
    "la_ma": roman,  # {{ 4 | la_ma }} -> IV
    "diem": point_letter,  # {{ 5 | diem }} -> đ
    "hoa": upper,  # {{ "Sơn La" | hoa }} -> SƠN LA
}  # and sap_xep (sorted_vi by a field: helpers.FILTERS)
