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

ALIASES = {"bao_cao": "bao_cao_tong_ket"}  # the short name users type


def known_kind(kind: str) -> str:
    """The kind a user named (short names allowed), or an error listing the kinds there are."""
    kind = ALIASES.get(kind, kind)
    if kind not in EXAMPLES:
        raise DocgenError(f"không có loại văn bản '{kind}'.", None, f"Các loại có: {', '.join(EXAMPLES)}.")
    return kind


def example_path(kind: str) -> Path:
    """Where the example data file of ``kind`` is (a file of the installed package)."""
    return Path(str(resources.files(__name__).joinpath(EXAMPLES[known_kind(kind)])))


def image_folder() -> Path:
    """The folder of the specimen signature and seal images the pledge example names."""
    return Path(str(resources.files(__name__).joinpath("anh-ky")))
