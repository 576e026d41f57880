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
    "bao_cao_don_vi": "bao-cao-tinh-lai-chau-2022.yaml",  # seed 002: a province reporting for itself
}
# More examples of a kind, named for what they show: `tdkt init bao_cao_cum_huyen`.
MORE_EXAMPLES = {
    "bao_cao_cum_huyen": "cum-huyen-vung-thap-dien-bien-2022.yaml",  # seed 004: a cluster of districts
}

ALIASES = {"bao_cao": "bao_cao_tong_ket"}  # the short name users type


def known_kind(kind: str) -> str:
    """The kind a user named (short names allowed), or an error listing the kinds there are."""
    kind = ALIASES.get(kind, kind)
    if kind not in EXAMPLES and kind not in MORE_EXAMPLES:
        raise DocgenError(f"không có loại văn bản '{kind}'.", None, f"Các loại có: {', '.join(EXAMPLES)}. "
                          f"Mẫu khác: {', '.join(MORE_EXAMPLES)}.")
    return kind


def example_path(kind: str) -> Path:
    """Where the example data file of ``kind`` is (a file of the installed package)."""
    name = known_kind(kind)
    return Path(str(resources.files(__name__).joinpath(EXAMPLES.get(name) or MORE_EXAMPLES[name])))


def image_folder() -> Path:
    """The folder of the specimen signature and seal images the pledge example names."""
    return Path(str(resources.files(__name__).joinpath("anh-ky")))
