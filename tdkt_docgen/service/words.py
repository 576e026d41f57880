"""The library's messages as a secretary on the page reads them: what the command line would type
("tdkt init <loại văn bản>", "--per-member", "--name …") said as the page's own actions and boxes, and the
fields it names by path named by their labels first. Applied to every message and hint the service shows
(page and API alike)."""

from __future__ import annotations

import re
from typing import overload

from .. import api

EXAMPLE_DATA = "tải dữ liệu mẫu của loại văn bản ở Bước 1 của trang Tạo văn bản"
PAGE_WORDS = (
    (re.compile(r"(?:Tạo một tệp dữ liệu mẫu bằng|Xem tệp mẫu): tdkt init [<‹]loại văn bản[>›]\."),
     EXAMPLE_DATA[0].upper() + EXAMPLE_DATA[1:] + "."),
    (re.compile(r"tdkt init [<‹]loại văn bản[>›]"), EXAMPLE_DATA),
    (re.compile(r"tdkt init bao_cao --xlsx(?: -o \S+)?"), "tải tệp Excel số liệu (mẫu trống) ở Bước 1 của trang Tạo "
                                                         "văn bản"),
    (re.compile(r"Bỏ tùy chọn --per-member\."), "Bỏ chọn «Mỗi thành viên một văn bản riêng»."),
    (re.compile(r"--per-member"), "«Mỗi thành viên một văn bản riêng»"),
    (re.compile(r"--name \"([^\"]*)\""), r"ô «Mẫu tên tệp»: \1"),
    (re.compile(r"--name"), "ô «Mẫu tên tệp»"),
    (re.compile(r"--pdf"), "«Tạo thêm tệp PDF»"),
    (re.compile(r"(?:Kiểm tra bằng )?tdkt verify"), "bảng ô ký ở trang của việc"),
    (re.compile(r"tdkt lint"), "trang Mẫu riêng"),
    (re.compile(r" ?Ví dụ: tdkt [a-z]+ [^.]*\.?"), ""),
    (re.compile(r" \((?:du-lieu|so-lieu-\d+)\.schema\.yaml\)"), ""),  # the stored upload's name: not the user's
)


@overload
def for_page(text: str) -> str: ...
@overload
def for_page(text: None) -> None: ...


def for_page(text: str | None) -> str | None:
    if not text:
        return text
    for pattern, words in PAGE_WORDS:
        text = pattern.sub(words, text)
    return text


PLACED_FIELD = re.compile(r"trường '([^']+)'(?=: )")  # a message's place: "…, dòng 118, trường 'x.y': …"
NAMED_FIELD = re.compile(r"'([a-z][a-z0-9_]*)'")  # a field the message names beside its place: 'tong_so_xa'


def labelled(text: str, kind: str | None, within: str | None = None) -> str:
    """A message with its field said by its label, the path after it as a hint ("trường 'Tổng số xã (Hà
    Giang)' (so_lieu.chi_tieu.Hà Giang.tong_so_xa): …"), and the fields it names under its place ``within``
    ('xa_dat_chuan_y_te' → 'Số xã đạt chuẩn quốc gia về y tế') by their labels. Fields the kind's schema
    does not know are left as they are."""
    def placed(match: re.Match[str]) -> str:
        label = api.field_label(match[1], kind)
        return f"trường '{label}' ({match[1]})" if label else match[0]

    def named(match: re.Match[str]) -> str:
        label = api.field_label(f"{within}.{match[1]}", kind, place=False) if within else None
        return f"'{label}'" if label else match[0]

    return NAMED_FIELD.sub(named, PLACED_FIELD.sub(placed, text))
