"""The example data file of each document kind: real figures of the 7-province cluster, commented, valid as
written. `tdkt init KIND` starts a secretary from one; the tests and the README render them."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from ..errors import DocgenError

EXAMPLES = {
    "bao_cao_tong_ket": "cum-7-tinh-mnbg-2023.yaml",
    "giao_uoc": "giao-uoc-cum-7-tinh-2024.yaml",
    "ke_hoach_hoat_dong": "ke-hoach-hoat-dong-2023.yaml",
    "ke_hoach_hoi_nghi": "ke-hoach-hoi-nghi-2023.yaml",
    "cong_van": "cong-van-so-lieu-2023.yaml",
}

# Own templates with own data (the mail merge): the files `tdkt init` writes into a folder, the template first.
OWN_FOLDER = "khen-thuong"
OWN_EXAMPLES = {
    "quyet_dinh_khen_thuong": ("quyet-dinh-mau.docx", "quyet-dinh.yaml", "danh-sach.xlsx", "danh-sach.schema.yaml"),
    "giay_khen": ("giay-khen-mau.docx", "quyet-dinh.yaml", "danh-sach.xlsx", "danh-sach.schema.yaml"),
}

ALIASES = {"bao_cao": "bao_cao_tong_ket", "quyet_dinh": "quyet_dinh_khen_thuong"}  # the short names users type


def known_kind(kind: str, own: bool = False) -> str:
    """The kind a user named (short names allowed), or an error listing the kinds there are; with
    ``own``, the own-template examples count too."""
    kind = ALIASES.get(kind, kind)
    if kind not in EXAMPLES and not (own and kind in OWN_EXAMPLES):
        names = [*EXAMPLES, *(OWN_EXAMPLES if own else ())]
        raise DocgenError(f"không có loại văn bản '{kind}'.", None, f"Các loại có: {', '.join(names)}.")
    return kind


def own_example_files(kind: str) -> list[Path]:
    """The files of an own-template example: its template, data, list and the list's schema."""
    folder = resources.files(__name__).joinpath(OWN_FOLDER)
    return [Path(str(folder.joinpath(name))) for name in OWN_EXAMPLES[kind]]


def example_path(kind: str) -> Path:
    """Where the example data file of ``kind`` is (a file of the installed package)."""
    return Path(str(resources.files(__name__).joinpath(EXAMPLES[known_kind(kind)])))


def image_folder() -> Path:
    """The folder of the specimen signature and seal images the pledge example names."""
    return Path(str(resources.files(__name__).joinpath("anh-ky")))
