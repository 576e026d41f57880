"""Template filters for a secretary's own templates: the Decree 30 lines from plain data, and lists.

Registered in the one Jinja environment beside ``vn.FILTERS`` (number words, dates, sort order):

    {{ so | so_van_ban("QĐ-UBND") }}                 Số: 125/QĐ-UBND (Số:      /QĐ-UBND when blank)
    {{ co_quan.ten | ten_co_quan }}                   ỦY BAN NHÂN DÂN / TỈNH LẠNG SƠN (two lines)
    {{ ngay | ngay(dia_danh) }}                       Lạng Sơn, ngày 05 tháng 3 năm 2024 (vn.format_date)
    {%p for dong in nguoi_ky | chu_ky %}              TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH
    {%p for dong in noi_nhan | noi_nhan(luu) %}       - Như Điều 3; … - Lưu: VT, NC.
    {%p for dong in can_cu | can_cu %}                Căn cứ …; … Căn cứ ….
    {{ danh_sach | length | so_va_chu }}              12 (mười hai)
    {{ thanh_tich | hoa_dau }}                        the first letter in capitals
    {{ danh_sach | tong("so_tien") | so }}            18.000.000
    {%tr for nhom in danh_sach | nhom("don_vi") %}    groups in Vietnamese order: nhom.ten, nhom.danh_sach
    {%tr for nguoi in danh_sach | sap_xep_ten %}      by given name, as Vietnamese lists of people are sorted
    {%tr for tv in thanh_vien | sap_xep("ten") %}     by one field, in Vietnamese alphabetical order

Every filter here that reads a field by name reads it through the template sandbox (``field``: the
environment's own ``getattr``), so a template cannot reach around it ("nhom('__class__')").
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from jinja2 import Undefined, pass_environment
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from . import nd30, vn
from .kinds.common import header_lines


def field(environment: SandboxedEnvironment, item: Any, name: Any) -> Any:
    """One field of a record as a template reads it (``item.name``): a table's key, else an attribute the
    sandbox allows (SecurityError for one it does not); None when the record has no such field."""
    if isinstance(item, dict):
        return item.get(name)
    if not isinstance(name, str):
        return None
    value = environment.getattr(item, name)
    if isinstance(value, Undefined):
        if getattr(value, "_undefined_exception", None) is SecurityError:
            raise SecurityError(f"access to attribute {name!r} is unsafe")
        return None
    return value


def number_line(so: Any, ky_hieu: str) -> str:
    """ "Số: 125/QĐ-UBND"; numbers below 10 with a leading zero; no number (a draft): a blank."""
    number = None if so in (None, "") else int(vn.to_decimal(so))
    return nd30.so_ky_hieu(number, ky_hieu)


def body_name(name: str) -> str:
    """An issuing body's name in capitals, broken into even lines for the header's left column."""
    return header_lines(str(name), "Cơ quan ban hành")


@pass_environment
def signer(environment: SandboxedEnvironment, nguoi_ky: Any) -> list[str]:
    """The signer's authority lines from ``thay_mat``, ``tham_quyen``, ``ky_thay``, ``chuc_vu``."""
    def get(name: str) -> Any:
        return field(environment, nguoi_ky, name)

    return nd30.signer_lines(thay_mat=get("thay_mat"), ky_thay=get("ky_thay"), chuc_vu=str(get("chuc_vu") or ""),
                             prefix=get("tham_quyen"))


def recipients(items: Iterable[Any], luu: Any = "VT") -> list[str]:
    """ "Nơi nhận" lines: "- …;" each, the last "- Lưu: VT, NC." """
    return nd30.noi_nhan_lines([str(i) for i in items], str(luu or "VT"))


def grounds(items: Iterable[Any]) -> list[str]:
    """ "Căn cứ …;" lines, the last ending with "."."""
    return nd30.can_cu_lines([str(i) for i in items])


def count_in_words(n: Any) -> str:
    """ "12 (mười hai)", "05 (năm)": a count as decisions write it."""
    number = int(vn.to_decimal(n))
    return f"{vn.format_count(number)} ({vn.number_to_words(number)})"


@pass_environment
def total(environment: SandboxedEnvironment, items: Iterable[Any], attribute: str) -> int | Decimal:
    """The sum of one field over a list; records without a value are left out (not counted as 0)."""
    values = [field(environment, item, attribute) for item in items]
    result = sum((vn.to_decimal(v) for v in values if v not in (None, "")), Decimal(0))
    return int(result) if result == result.to_integral_value() else result


@pass_environment
def groups(environment: SandboxedEnvironment, items: Iterable[Any], attribute: str) -> list[dict[str, Any]]:
    """The records grouped by one field, groups in Vietnamese alphabetical order, records in their order:
    each group is ``{"ten": value, "danh_sach": [records], "so_luong": n, "bat_dau": number of its first
    record in the whole list}`` (a list numbered through its groups: ``nhom.bat_dau + loop.index0``)."""
    grouped: dict[Any, list[Any]] = {}
    for item in items:
        grouped.setdefault(field(environment, item, attribute), []).append(item)
    if list(grouped) == [None]:
        raise vn.Unusable(f"không mục nào của danh sách có trường '{attribute}' để chia nhóm")
    result, first = [], 1
    for key in vn.sorted_vi(grouped):
        result.append({"ten": key, "danh_sach": grouped[key], "so_luong": len(grouped[key]), "bat_dau": first})
        first += len(grouped[key])
    return result


@pass_environment
def by_given_name(environment: SandboxedEnvironment, items: Iterable[Any], attribute: str = "ho_ten") -> list[Any]:
    """People in the order of Vietnamese lists: by given name (the last word), then by the whole name."""
    def key(item: Any) -> tuple[Any, Any]:
        name = str(field(environment, item, attribute) or "")
        return vn.sort_key(name.split()[-1] if name.split() else ""), vn.sort_key(name)

    return sorted(items, key=key)


@pass_environment
def by_field(environment: SandboxedEnvironment, items: Iterable[Any], attribute: str | None = None) -> list[Any]:
    """Items in Vietnamese alphabetical order, by themselves or by one field."""
    return vn.sorted_vi(items, None if attribute is None else lambda item: field(environment, item, attribute))


FILTERS = {
    "so_van_ban": number_line,
    "ten_co_quan": body_name,
    "chu_ky": signer,
    "noi_nhan": recipients,
    "can_cu": grounds,
    "so_va_chu": count_in_words,
    "hoa_dau": vn.capital,
    "tong": total,
    "nhom": groups,
    "sap_xep_ten": by_given_name,
    "sap_xep": by_field,  # {{ thanh_vien | sap_xep("ten") }}
}
