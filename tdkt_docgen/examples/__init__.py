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
    "van_ban": "bao-cao-10-nam-chi-thi-34-bac-giang.yaml",  # seed 003: a department's review, Số 80/BC-SNV
    "bao_cao_don_vi": "bao-cao-tinh-lai-chau-2022.yaml",  # seed 002: a province reporting for itself
}
# More shapes of a kind, offered by name: seed 001, a report sent with "Kính gửi" (van_ban); seed 004, a cluster
# of districts (bao_cao_tong_ket).
MORE_EXAMPLES = {
    "van_ban_kinh_gui": "bao-cao-nong-thon-moi-son-la-2025.yaml",
    "bao_cao_cum_huyen": "cum-huyen-vung-thap-dien-bien-2022.yaml",
}

# Own templates with own data (the mail merge): the files `tdkt init` writes into a folder, the template first.
OWN_FOLDER = "khen-thuong"
OWN_EXAMPLES = {
    "quyet_dinh_khen_thuong": ("quyet-dinh-mau.docx", "quyet-dinh.yaml", "danh-sach.xlsx", "danh-sach.schema.yaml"),
    "giay_khen": ("giay-khen-mau.docx", "quyet-dinh.yaml", "danh-sach.xlsx", "danh-sach.schema.yaml"),
}

ALIASES = {"bao_cao": "bao_cao_tong_ket", "quyet_dinh": "quyet_dinh_khen_thuong"}  # the short names users type


def known_kind(kind: str) -> str:
    """The kind a user named (short names allowed), or an error listing the kinds there are."""
    kind = ALIASES.get(kind, kind)
    if kind not in EXAMPLES:
        raise DocgenError(f"không có loại văn bản '{kind}'.", None, f"Các loại có: {', '.join(EXAMPLES)}.")
    return kind


def own_example_files(kind: str) -> list[Path]:
    """The files of an own-template example: its template, data, list and the list's schema."""
    folder = resources.files(__name__).joinpath(OWN_FOLDER)
    return [Path(str(folder.joinpath(name))) for name in OWN_EXAMPLES[kind]]


def own_example(name: str) -> str | None:
    """The own-template example a user named ("quyet_dinh" for short), or None."""
    name = ALIASES.get(name, name)
    return name if name in OWN_EXAMPLES else None


def known_example(name: str) -> str:
    """A kind's example or one of the further shapes, by the name a user typed."""
    if name in MORE_EXAMPLES:
        return name
    try:
        return known_kind(name)
    except DocgenError as error:
        raise DocgenError(str(error.message), None,
                          f"{error.hint} Mẫu khác: {', '.join(MORE_EXAMPLES)}; "
                          f"mẫu riêng (trộn thư): {', '.join(OWN_EXAMPLES)}.") from None


def example_path(name: str) -> Path:
    """Where the example data file named ``name`` (a kind or a further shape) is, in the installed package."""
    name = known_example(name)
    return Path(str(resources.files(__name__).joinpath(MORE_EXAMPLES.get(name) or EXAMPLES[name])))


def image_folder() -> Path:
    """The folder of the specimen signature and seal images the pledge example names."""
    return Path(str(resources.files(__name__).joinpath("anh-ky")))
