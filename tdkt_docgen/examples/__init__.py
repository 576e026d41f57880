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
}
# More shapes of the generic document (loai: van_ban), offered by name: seed 001, a report sent with "Kính gửi".
MORE_EXAMPLES = {
    "van_ban_kinh_gui": "bao-cao-nong-thon-moi-son-la-2025.yaml",
}

ALIASES = {"bao_cao": "bao_cao_tong_ket"}  # the short name users type


def known_kind(kind: str) -> str:
    """The kind a user named (short names allowed), or an error listing the kinds there are."""
    kind = ALIASES.get(kind, kind)
    if kind not in EXAMPLES:
        raise DocgenError(f"không có loại văn bản '{kind}'.", None, f"Các loại có: {', '.join(EXAMPLES)}.")
    return kind


def known_example(name: str) -> str:
    """A kind's example or one of the further shapes, by the name a user typed."""
    if name in MORE_EXAMPLES:
        return name
    try:
        return known_kind(name)
    except DocgenError as error:
        raise DocgenError(str(error.message), None,
                          f"{error.hint} Mẫu khác của văn bản chung (van_ban): {', '.join(MORE_EXAMPLES)}.") from None


def example_path(name: str) -> Path:
    """Where the example data file named ``name`` (a kind or a further shape) is, in the installed package."""
    name = known_example(name)
    return Path(str(resources.files(__name__).joinpath(MORE_EXAMPLES.get(name) or EXAMPLES[name])))


def image_folder() -> Path:
    """The folder of the specimen signature and seal images the pledge example names."""
    return Path(str(resources.files(__name__).joinpath("anh-ky")))
