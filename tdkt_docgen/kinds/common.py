"""What every document kind derives the same way: the Decree 30 frame and member-keyed checks."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from .. import nd30
from ..data import Loc
from ..models.common import VanBan
from ..vn import BLANK, format_date, upper


def frame(doc: VanBan, document_type: str, ten_loai: str, trich_yeu: str) -> dict[str, Any]:
    """Header, title, signature and recipients of any document, display-ready."""
    symbol = nd30.ky_hieu(document_type, doc.co_quan.viet_tat)
    signer = doc.nguoi_ky
    return {
        "co_quan_chu_quan": upper(doc.co_quan.chu_quan) if doc.co_quan.chu_quan else "",
        "co_quan_ban_hanh": upper(doc.co_quan.ten),
        "so_ky_hieu": nd30.so_ky_hieu(doc.so, symbol),
        "so_ky_hieu_ngan": f"{BLANK if doc.so is None else f'{doc.so:02d}'}/{symbol}",
        "dia_danh_ngay": format_date(doc.ngay, doc.dia_danh),
        "du_thao": doc.du_thao,
        "ten_loai": upper(ten_loai),
        "trich_yeu": trich_yeu,
        "noi_nhan": nd30.noi_nhan_lines(doc.noi_nhan, doc.luu),
        "nguoi_ky": {
            "dong": nd30.signer_lines(thay_mat=signer.thay_mat, ky_thay=signer.ky_thay,
                                      chuc_vu=signer.chuc_vu, prefix=signer.tham_quyen),
            "chuc_danh": upper(signer.chuc_danh) if signer.chuc_danh else "",
            "ho_ten": signer.ho_ten,
        },
    }


def member_keys(loc: Loc, names: Iterable[str], members: list[str],
                required: bool) -> list[tuple[Loc, str, str | None]]:
    """Keys that name no member (with a near match), and, when ``required``, members with no entry."""
    problems: list[tuple[Loc, str, str | None]] = []
    given = list(names)
    for name in given:
        if name not in members:
            close = difflib.get_close_matches(name, members, n=1, cutoff=0.5)
            hint = f"Có phải là '{close[0]}'?" if close else "Thêm thành viên này vào 'thanh_vien' hoặc sửa tên."
            problems.append((loc + (name,), f"'{name}' không có trong danh sách thành viên (thanh_vien).", hint))
    if required:
        for name in members:
            if name not in given:
                problems.append((loc, f"thiếu số liệu của thành viên '{name}'.",
                                 "Mỗi thành viên trong 'thanh_vien' phải có số liệu ở mục này."))
    return problems
