"""Reference data shipped with the package: award forms and their groups (data, not code)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class AwardGroup:
    ma: str
    cap: str  # "nha_nuoc" or "tinh"
    ten: str


@dataclass(frozen=True)
class AwardForm:
    ma: str
    ten: str
    nhom: str
    doi_tuong: tuple[str, ...]
    tu_nam: int | None = None
    den_nam: int | None = None

    def exists_in(self, year: int) -> bool:
        return (self.tu_nam or year) <= year <= (self.den_nam or year)


def _load(name: str) -> list[dict[str, object]]:
    text = resources.files(__name__).joinpath(name).read_text("utf-8")
    return yaml.safe_load(text)  # type: ignore[no-any-return]


@cache
def award_groups() -> dict[str, AwardGroup]:
    return {g["ma"]: AwardGroup(**g) for g in _load("nhom_khen_thuong.yaml")}  # type: ignore[arg-type]


@cache
def award_forms() -> dict[str, AwardForm]:
    forms = {}
    for row in _load("hinh_thuc_khen_thuong.yaml"):
        row["doi_tuong"] = tuple(row["doi_tuong"])  # type: ignore[arg-type]
        forms[str(row["ma"])] = AwardForm(**row)  # type: ignore[arg-type]
    return forms
