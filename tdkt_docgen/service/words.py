"""The library's messages as a secretary on the page reads them: what the command line would type
("tdkt init <loại văn bản>", "--per-member", "--name …") said as the page's own actions and boxes. Applied
to every message and hint the service shows (page and API alike)."""

from __future__ import annotations

import re
from typing import overload

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
