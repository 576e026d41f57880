"""Reference data shipped with the package (data, not code): award forms and their groups, and the
legal instruments cited in "Căn cứ" lines with the days they are in force."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class AwardGroup:
    ma: str
    cap: str  # "nha_nuoc", "tinh" or "co_so"
    ten: str


@dataclass(frozen=True)
class AwardForm:
    ma: str
    ten: str
    nhom: str
    doi_tuong: tuple[str, ...]
    tu_nam: int | None = None
    den_nam: int | None = None
    thuoc: str | None = None  # a class (hạng Nhất …) of the form "các hạng" with this code

    def exists_in(self, year: int) -> bool:
        return (self.tu_nam or year) <= year <= (self.den_nam or year)


def _load(name: str) -> list[dict[str, object]]:
    text = resources.files(__name__).joinpath(name).read_text("utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # type: ignore[no-any-return]


@cache
def award_groups() -> dict[str, AwardGroup]:
    groups = [AwardGroup(**g) for g in _load("nhom_khen_thuong.yaml")]  # type: ignore[arg-type]
    return {g.ma: g for g in groups}


@cache
def award_forms() -> dict[str, AwardForm]:
    forms = {}
    for row in _load("hinh_thuc_khen_thuong.yaml"):
        row["doi_tuong"] = tuple(row["doi_tuong"])  # type: ignore[arg-type]
        forms[str(row["ma"])] = AwardForm(**row)  # type: ignore[arg-type]
    return forms


@dataclass(frozen=True)
class Instrument:
    """A law, decree or circular and the days it is in force."""

    ma: str
    vi_tri: str  # its slot in the "Căn cứ" lines: luat, nghi_dinh, thong_tu
    van_ban: str
    tu: dt.date
    den: dt.date | None = None

    def in_force(self, day: dt.date) -> bool:
        return self.tu <= day and (self.den is None or day <= self.den)


@cache
def instruments() -> tuple[Instrument, ...]:
    return tuple(Instrument(**row) for row in _load("can_cu.yaml"))  # type: ignore[arg-type]


def legal_basis(day: dt.date, slots: tuple[str, ...] = ("luat", "nghi_dinh", "thong_tu")) -> list[str]:
    """The instruments in force on ``day``, one per slot, in the order of ``slots``."""
    found = []
    for slot in slots:
        found += [i.van_ban for i in instruments() if i.vi_tri == slot and i.in_force(day)]
    return found


@dataclass(frozen=True)
class Province:
    """A province or centrally-run city and the days it exists."""

    ten: str
    loai: str  # "tỉnh" or "thành phố"
    tu: dt.date | None = None
    den: dt.date | None = None
    sap_nhap_vao: str | None = None  # the unit it joined when it ended

    def exists_on(self, day: dt.date) -> bool:
        return (self.tu is None or self.tu <= day) and (self.den is None or day <= self.den)


@cache
def all_provinces() -> tuple[Province, ...]:
    return tuple(Province(**row) for row in _load("don_vi_hanh_chinh.yaml"))  # type: ignore[arg-type]


def provinces_on(day: dt.date) -> dict[str, Province]:
    """The provinces and cities in force on ``day``: 63 until 30/6/2025, 34 from 01/7/2025."""
    return {p.ten: p for p in all_provinces() if p.exists_on(day)}


@dataclass(frozen=True)
class MemberKind:
    """A kind of member (thanh_vien.loai): its tier and the word printed before its name."""

    loai: str
    cap: str  # tinh | huyen | xa | co_quan
    goi: str | None = None  # printed word when it differs from loai ("thành phố thuộc tỉnh" -> "thành phố")

    @property
    def word(self) -> str:
        return self.goi or self.loai


@cache
def member_kinds() -> dict[str, MemberKind]:
    """The allowed values of thanh_vien.loai, in the order a collective names them."""
    return {str(row["loai"]): MemberKind(**row) for row in _load("loai_thanh_vien.yaml")}  # type: ignore[arg-type]


@dataclass(frozen=True)
class District:
    """A district-level unit (huyện, quận, thị xã, thành phố thuộc tỉnh) and the days it exists."""

    ten: str
    loai: str  # "huyện", "thị xã", "thành phố" (as printed)
    tinh: str
    den: dt.date | None = None

    def exists_on(self, day: dt.date) -> bool:
        return self.den is None or day <= self.den


DISTRICT_TIER_END = dt.date(2025, 6, 30)  # no district tier from 01/7/2025


@cache
def all_districts() -> tuple[District, ...]:
    kinds = sorted({"huyện", "quận", "thị xã", "thành phố"}, key=len, reverse=True)
    found = []
    for province in _load("don_vi_cap_huyen.yaml"):
        for printed in province["don_vi"]:  # type: ignore[attr-defined]
            loai = next(k for k in kinds if str(printed).startswith(k + " "))
            found.append(District(str(printed)[len(loai) + 1:], loai, str(province["tinh"]),
                                  province.get("den")))  # type: ignore[arg-type, attr-defined]
    return tuple(found)


@dataclass(frozen=True)
class Commune:
    """A commune-level unit (xã, phường, đặc khu) formed on 01/7/2025, and the units it was formed from."""

    ten: str
    loai: str  # "xã", "phường" or "đặc khu"
    tinh: str
    nguon: tuple[str, ...]  # "xã Chi Lăng (huyện Tràng Định)", "thị trấn Thất Khê": as the resolution writes them
    nghi_quyet: str  # "1672/NQ-UBTVQH15 ngày 16/6/2025"
    tu: dt.date = dt.date(2025, 7, 1)

    @property
    def formed_from(self) -> tuple[tuple[str, str], ...]:
        """(kind, name) of each unit it was formed from, the resolution's "(huyện …)" taken off."""
        kinds = ("thị trấn", "đặc khu", "phường", "xã")
        out = []
        for unit in self.nguon:
            kind = next(k for k in kinds if unit.startswith(k + " "))
            out.append((kind, re.sub(r"\s*\(.*\)$", "", unit[len(kind) + 1:]).strip()))
        return tuple(out)


@cache
def communes() -> tuple[Commune, ...]:
    """The commune-level units from 01/7/2025 of the provinces the bundled examples name (reference data from
    the resolutions of 16/6/2025; other provinces are not listed and not checked)."""
    found = []
    for province in _load("don_vi_cap_xa.yaml"):
        for unit in province["don_vi"]:  # type: ignore[attr-defined]
            found.append(Commune(str(unit["ten"]), str(unit["loai"]), str(province["tinh"]), tuple(unit["tu"]),
                                 str(province["nghi_quyet"]), dt.date.fromisoformat(str(province["tu"]))))
    return tuple(found)


def successors(kind: str, name: str) -> list[Commune]:
    """The units formed on 01/7/2025 from a former unit ("thị trấn", "Thất Khê"), all of them when it was split."""
    return [c for c in communes() if (kind, name) in c.formed_from]


COMMUNE_TIER_START = dt.date(2025, 7, 1)  # communes, wards and special zones of the two-tier government


_SYMBOL = re.compile(r"\d+/\d{4}/[A-ZĐ]+-[A-ZĐ]+")  # "98/2023/NĐ-CP", "01/2024/TT-BNV"


def _symbol(instrument: Instrument) -> str:
    match = _SYMBOL.search(instrument.van_ban)
    return match.group(0) if match else instrument.van_ban


@dataclass(frozen=True)
class OutOfForce:
    """A "Căn cứ" line citing an instrument of the catalogue that is not in force on the document's date."""

    index: int  # of the line
    symbol: str  # "98/2023/NĐ-CP"
    cited: Instrument
    current: tuple[str, ...]  # the symbols in force in its slot that day


def out_of_force(lines: Sequence[str], day: dt.date) -> list[OutOfForce]:
    found = []
    for index, line in enumerate(lines):
        for cited in instruments():
            symbol = _symbol(cited)
            if symbol in line and not cited.in_force(day):
                current = tuple(_symbol(i) for i in instruments() if i.vi_tri == cited.vi_tri and i.in_force(day))
                found.append(OutOfForce(index, symbol, cited, current))
    return found
