"""Parts every document shares: issuing body, number, place and date, signer, recipients, members."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, field_validator, model_validator

from .. import naming
from ..reference import member_kinds
from ..vn import PartialDate, nfc

_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")


def _partial_date(value: Any) -> PartialDate:
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return PartialDate.of(value)
    match = _PARTIAL.match(str(value).strip())
    if not match:
        raise ValueError("ngày phải viết dạng 2024-03-05 (bản nháp: 2024-03 hoặc 2024 để trống ngày, tháng)")
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        return PartialDate(year, month, day)  # type: ignore[arg-type]
    except ValueError as error:
        raise ValueError(f"ngày không hợp lệ: {value} ({error})") from None


NgayThang = Annotated[PartialDate, BeforeValidator(_partial_date),
                      PlainSerializer(lambda d: d.short(), return_type=str)]
Text = Annotated[str, BeforeValidator(lambda v: nfc(v) if isinstance(v, str) else v), Field(min_length=1)]
Count = Annotated[int, Field(ge=0, strict=True)]


class Model(BaseModel):
    """Base of every data model: unknown keys are errors (typos), text is stripped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class CoQuan(Model):
    """The issuing body and its direct parent, as printed top left."""

    ten: Text  # "Cụm thi đua 7 tỉnh Miền núi Biên giới phía Bắc" (printed in capitals)
    viet_tat: Text  # "CTĐ" in "Số: 05/BC-CTĐ"
    chu_quan: Text | None = None  # "Hội đồng TĐKT Trung ương"


class NguoiKy(Model):
    """Who signs and with what authority (TM./KT./TL./TUQ./Q.)."""

    thay_mat: Text | None = None  # TM. <collective>
    tham_quyen: Literal["KT.", "TL.", "TUQ.", "Q."] | None = None
    ky_thay: Text | None = None  # the head's title after KT./TL./TUQ. ("Chủ tịch")
    chuc_vu: Text  # the signer's own title ("Trưởng cụm", "Phó Chủ tịch")
    chuc_danh: Text | None = None  # another title printed above the name (ô 7b)
    ho_ten: Text

    @model_validator(mode="after")
    def _authority_fits(self) -> NguoiKy:
        if self.tham_quyen in ("KT.", "TL.", "TUQ.") and not self.ky_thay:
            raise ValueError(f"ký '{self.tham_quyen}' thì phải có 'ky_thay' (chức vụ người đứng đầu, "
                             "ví dụ: Chủ tịch)")
        if self.ky_thay and self.tham_quyen not in ("KT.", "TL.", "TUQ."):
            raise ValueError("có 'ky_thay' thì 'tham_quyen' phải là KT., TL. hoặc TUQ.")
        return self


class ThanhVien(Model):
    """A member of a cluster, or a unit reporting for itself: a province, district, commune or department."""

    ten: Text  # "Lạng Sơn", "Tuần Giáo", "Nội vụ"
    loai: Text = "tỉnh"  # one of reference/loai_thanh_vien.yaml: "tỉnh", "huyện", "thị xã", "sở" …
    co_quan: Text | None = None  # "Ủy ban nhân dân tỉnh Lạng Sơn"

    @field_validator("loai")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        if value not in member_kinds():
            raise ValueError(f"không có loại thành viên '{value}'; dùng một trong: {naming.allowed()}")
        return value

    @property
    def ten_day_du(self) -> str:
        return naming.full_name(self)

    @property
    def ten_co_quan(self) -> str:
        """The member's governing body: given, or "Ủy ban nhân dân tỉnh Lạng Sơn" ("Sở Nội vụ")."""
        return self.co_quan or naming.governing_body(self)


class KhungVanBan(Model):
    """The Decree 30 header of any document: issuing body, number, place and date, summary."""

    co_quan: CoQuan
    so: Annotated[int, Field(ge=1, strict=True)] | None = None  # blank in drafts
    dia_danh: Text  # "Lạng Sơn"
    ngay: NgayThang  # 2024-03-05, or 2024-02 / 2024 in drafts
    du_thao: bool = False  # print "DỰ THẢO" under the date
    trich_yeu: Text | None = None  # default given by the document kind


class VanBan(KhungVanBan):
    """A document with one signer: the header, the signer and the recipients."""

    noi_nhan: list[Text] = Field(min_length=1)
    luu: Text = "VT"  # "- Lưu: VT, NC."
    nguoi_ky: NguoiKy
