"""The letter (công văn): "V/v" under the number, "Kính gửi" for one or several recipients, body, and
"Nơi nhận" from "- Như trên;". With --per-member, one letter per member naming that member alone."""

from __future__ import annotations

from typing import Any

from .. import naming
from ..data import Loc
from ..markup import Para, inline, parse
from ..models.cong_van import CongVan, ThanhVienNhan
from ..vn import PartialDate
from . import common
from .common import Options, PerMember, Problems

MODEL = CongVan
TEMPLATE = "cong_van.docx"
DOCUMENT_TYPE = "cong_van"


def cross_check(doc: CongVan, options: Options) -> Problems:
    return common.duplicate_members([m.ten for m in doc.thanh_vien])


def check_member(doc: CongVan, index: int) -> Problems:
    """A member's own letter needs a deadline, its own or the letter's."""
    member = doc.thanh_vien[index]
    if member.han_gui is not None or doc.han_gui is not None:
        return []
    return [(("thanh_vien", index), f"thành viên '{member.ten}' không có hạn gửi ('han_gui') và tệp cũng không có "
                                    "hạn chung.", "Thêm 'han_gui' cho thành viên hoặc cho cả công văn.")]


def mismatches(doc: CongVan) -> list[tuple[Loc, str, str, str]]:
    return []


def derive(doc: CongVan, options: Options) -> dict[str, Any]:
    """The letter to every recipient at once."""
    recipients = doc.kinh_gui or [m.ten_co_quan for m in doc.thanh_vien]
    sentence = (f"Đề nghị các {common.members_word(doc.thanh_vien)} gửi báo cáo về {doc.cum} trước ngày "
                f"{_day(doc.han_gui)}." if doc.han_gui else None)
    return _letter(doc, recipients, [inline(sentence)] if sentence else [])


def derive_member(doc: CongVan, member: ThanhVienNhan, options: Options) -> dict[str, Any]:
    """The letter to ``member`` alone: its own number (``so`` is the batch's first number, one more for each
    member in the data's order; blank without one), the body speaking to it ("Ủy ban nhân dân các tỉnh"
    becomes "Ủy ban nhân dân tỉnh Sơn La"), its own deadline or the figures it still owes."""
    deadline = member.han_gui or doc.han_gui
    assert deadline is not None  # check_member comes first
    if member.con_thieu:
        owed = "; ".join(item.rstrip(" ;.") for item in member.con_thieu)
        sentence = (f"Đến nay, {member.ten_day_du} còn thiếu: {owed}. Đề nghị {naming.governing_body(member)} "
                    f"chỉ đạo hoàn thiện, gửi về {doc.cum} trước ngày {_day(deadline)}.")
    else:
        sentence = (f"Đề nghị {naming.governing_body(member)} gửi báo cáo về {doc.cum} trước ngày "
                    f"{_day(deadline)}.")
    number = None if doc.so is None else doc.so + doc.thanh_vien.index(member)
    own = doc.model_copy(update={"so": number, "noi_dung": _to_one(doc, member)})
    return _letter(own, [member.ten_co_quan], [inline(sentence)])


def _to_one(doc: CongVan, member: ThanhVienNhan) -> str:
    """The body as written to every member, addressed to ``member`` alone: "Ủy ban nhân dân các tỉnh" (also
    "UBND các tỉnh") becomes that member's body."""
    body = member.ten_co_quan
    kind = body.removesuffix(f" {member.ten_day_du}") if body.endswith(member.ten_day_du) else "Ủy ban nhân dân"
    text = doc.noi_dung
    for collective in {kind, "Ủy ban nhân dân", "UBND"}:
        text = text.replace(f"{collective} các {common.members_word(doc.thanh_vien)}", body)
    return text


def _letter(doc: CongVan, recipients: list[str], closing: list[Para]) -> dict[str, Any]:
    context = common.frame(doc.model_copy(update={"noi_nhan": ["Như trên", *doc.noi_nhan]}), DOCUMENT_TYPE,
                           "Công văn", f"V/v {doc.trich_yeu.removeprefix('V/v ')}",
                           don_vi_soan_thao=doc.don_vi_soan_thao)
    context.update({
        "kinh_gui": common.kinh_gui(recipients),
        "noi_dung": parse(doc.noi_dung),
        "rieng": closing,
    })
    return context


def _day(day: PartialDate) -> str:
    return day.short()


PER_MEMBER = PerMember(template=TEMPLATE, prefix="cong-van", members=lambda doc: doc.thanh_vien,
                       check=check_member, derive=derive_member)
