"""Parts every document shares (Decree 30, Phụ lục I): issuing body and parent, number and symbol, place and
date, type and summary, Kính gửi, căn cứ, signer, Nơi nhận; members. Every kind is ``VanBan`` (or
``KhungVanBan``) plus its own fields; the field descriptions are the Vietnamese help of ``tdkt schema``."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from .. import naming
from ..reference import member_kinds
from ..vn import NumberTooLarge, PartialDate, nfc, to_decimal

_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")
_WRITTEN = re.compile(r"^(?:(\d{1,2})/)?(\d{1,2})/(\d{4})$")  # 27/3/2024, 3/2024


def _partial_date(value: Any) -> PartialDate:
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return PartialDate.of(value)
    text = str(value).strip()
    match, written = _PARTIAL.match(text), _WRITTEN.match(text)
    if match:
        year, month, day = (int(g) if g else None for g in match.groups())
    elif written:  # as Vietnamese documents write it: 27/3/2024, or 3/2024 in a draft
        day, month, year = (int(g) if g else None for g in written.groups())
    else:
        raise ValueError("ngày phải viết dạng 2024-03-05 hoặc 05/3/2024 (bản nháp: 2024-03 hoặc 2024 để trống "
                         "ngày, tháng)")
    try:
        return PartialDate(year, month, day)  # type: ignore[arg-type]
    except ValueError:
        raise ValueError(f"ngày '{text}' không có thật. Ghi ngày có thật, ví dụ 2024-02-28") from None


NgayThang = Annotated[PartialDate, BeforeValidator(_partial_date),
                      PlainSerializer(lambda d: d.short(), return_type=str),
                      WithJsonSchema({"type": ["string", "integer"],
                                      "pattern": f"{_PARTIAL.pattern}|{_WRITTEN.pattern}",
                                      "description": "Ngày dạng 2024-03-05 hoặc 05/3/2024; bản nháp: 2024-03, 3/2024 "
                                                     "hoặc 2024"})]
Text = Annotated[str, BeforeValidator(lambda v: nfc(v) if isinstance(v, str) else v), Field(min_length=1)]
Count = Annotated[int, Field(ge=0, strict=True)]


def _decimal(value: object) -> object:
    """Numbers may be written 7.1, "7,1" or "29.088,38"; text that is no number is left for the error, a number
    beyond what a document states ("1e40", 23 digits) is refused saying so."""
    if isinstance(value, (int, float, str)) and not isinstance(value, bool):
        try:
            return to_decimal(value)
        except NumberTooLarge:
            raise
        except ValueError:
            return value
    return value


Year = Annotated[int, Field(ge=2000, le=2100, strict=True)]  # the year a report, plan or pledge is of
YEAR = "Năm báo cáo"
KIND = "Loại văn bản"  # the field ``loai`` of every kind

So = Annotated[Decimal, BeforeValidator(_decimal)]
SoKhongAm = Annotated[Decimal, BeforeValidator(_decimal), Field(ge=0)]


class Model(BaseModel):
    """Base of every data model: unknown keys are errors (typos), text is stripped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class CoQuan(Model):
    """The issuing body and its direct parent, as printed top left (ô 2)."""

    ten: Text = Field(title="Tên cơ quan ban hành",
                      description="Tên cơ quan ban hành (in hoa tự động), ví dụ: Sở Nội vụ")
    viet_tat: Text = Field(title="Chữ viết tắt tên cơ quan",
                           description="Chữ viết tắt của cơ quan trong ký hiệu, ví dụ: SNV trong 80/BC-SNV")
    chu_quan: Text | None = Field(None, title="Cơ quan chủ quản",
                                  description="Cơ quan chủ quản trực tiếp (nếu có), ví dụ: UBND tỉnh Bắc Giang")


class NguoiKy(Model):
    """Who signs and with what authority (TM./KT./TL./TUQ./Q.), ô 7."""

    thay_mat: Text | None = Field(None, title="Tập thể thay mặt (TM.)",
                                  description="TM.: tập thể được thay mặt, ví dụ: Ủy ban nhân dân")
    tham_quyen: Literal["KT.", "TL.", "TUQ.", "Q."] | None = Field(
        None, title="Thẩm quyền ký", description="KT. (ký thay), TL. (thừa lệnh), TUQ. (thừa ủy quyền), Q. (quyền)")
    ky_thay: Text | None = Field(None, title="Chức vụ người đứng đầu (ký thay)",
                                 description="Chức vụ người đứng đầu sau KT./TL./TUQ., ví dụ: Giám đốc")
    chuc_vu: Text = Field(title="Chức vụ của người ký", description="Chức vụ của người ký, ví dụ: Phó Giám đốc")
    chuc_danh: Text | None = Field(None, title="Chức danh khác của người ký",
                                   description="Chức danh khác in trên họ tên (nếu có)")
    ho_ten: Text = Field(title="Họ và tên người ký", description="Họ và tên người ký")

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

    ten: Text = Field(title="Tên đơn vị",
                      description="Tên, không kèm cấp: Lạng Sơn, Tuần Giáo, Điện Biên Phủ, Nội vụ")
    loai: Text = Field("tỉnh", title="Cấp, loại đơn vị",
                       description="Cấp, loại: tỉnh, thành phố, huyện, quận, thị xã, thành phố thuộc tỉnh, "
                                   "xã, phường, thị trấn, đặc khu, sở, ban, ngành, đơn vị")
    co_quan: Text | None = Field(None, title="Cơ quan của đơn vị",
                                 description="Cơ quan (mặc định: Ủy ban nhân dân tỉnh …, hoặc Sở …)")

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


# Optional parts of Phụ lục I that several kinds have (Kính gửi, căn cứ): one type each.
KinhGui = Annotated[list[Text], Field(title="Kính gửi", description="Kính gửi: một nơi trên cùng dòng, nhiều nơi "
                                                                    "mỗi nơi một dòng '- …;'")]
CanCu = Annotated[list[Text], Field(title="Căn cứ ban hành", description="Các căn cứ ban hành, mỗi căn cứ một dòng "
                                                                        "(tự thêm 'Căn cứ' và dấu ';' '.')")]


class KhungVanBan(Model):
    """The Decree 30 header of any document: issuing body, number, place and date, summary."""

    co_quan: CoQuan = Field(title="Cơ quan ban hành", description="Cơ quan ban hành và cơ quan chủ quản")
    so: Annotated[int, Field(ge=1, strict=True)] | None = Field(
        None, title="Số văn bản", description="Số văn bản; để trống khi là dự thảo")
    dia_danh: Text = Field(title="Địa danh", description="Địa danh, ví dụ: Bắc Giang")
    ngay: NgayThang = Field(title="Ngày ban hành", description="Ngày ban hành: 2024-03-27 (dự thảo: 2024-03 hoặc 2024)")
    du_thao: bool = Field(False, title="Dự thảo", description="true để in chữ DỰ THẢO")
    trich_yeu: Text | None = Field(None, title="Trích yếu nội dung",
                                   description="Trích yếu nội dung (mặc định theo loại văn bản)")


class VanBan(KhungVanBan):
    """A document with one signer: the header, the signer and the recipients."""

    noi_nhan: list[Text] = Field(min_length=1, title="Nơi nhận",
                                 description="Nơi nhận, mỗi nơi một dòng (không cần '- ' và ';')")
    luu: Text = Field("VT", title="Nơi lưu", description="Dòng Lưu, ví dụ: VT, NC")
    nguoi_ky: NguoiKy = Field(title="Người ký", description="Người ký")
