"""The generic document (``loai: van_ban``): the common Decree 30 frame with the outline, tables and appendices
of the data file. A secretary makes a new shape of document by writing its outline, not Python."""

from __future__ import annotations

from typing import Any

from .. import nd30
from ..data.load import Loc
from ..document import figures, outline
from ..document.markup import escape, inline
from ..document.van_ban import VanBanTuDo
from ..vn import capital, roman, upper
from . import common
from .common import Options, Problems

MODEL = VanBanTuDo
TEMPLATE = "van_ban.docx"
DOCUMENT_TYPE = None  # follows from ten_loai
PER_MEMBER = None

# Types whose body is enacted in articles: "QUYẾT ĐỊNH:" stands between căn cứ and Điều 1.
ENACTING = ("QUYẾT ĐỊNH", "NGHỊ QUYẾT")


def _type_code(doc: VanBanTuDo) -> str | None:
    return doc.ky_hieu_loai or nd30.type_code(doc.ten_loai)


def symbol(doc: VanBanTuDo) -> str:
    """ "BC-SNV": the type code of Phụ lục III (or the one given) and the issuer's abbreviation."""
    return f"{_type_code(doc)}-{doc.co_quan.viet_tat}"


def cross_check(doc: VanBanTuDo, options: Options) -> Problems:
    problems: Problems = []
    if upper(doc.ten_loai) == "CÔNG VĂN":
        problems.append((("ten_loai",), "công văn không có dòng tên loại, trích yếu in 'V/v …' dưới số.",
                         "Dùng 'loai: cong_van' cho công văn."))
    elif _type_code(doc) is None:
        names = ", ".join(upper(name) for name, code in nd30.DOCUMENT_TYPES.values() if code)
        problems.append((("ten_loai",), f"'{doc.ten_loai}' không có trong bảng chữ viết tắt tên loại văn bản "
                                        "(Phụ lục III, Nghị định 30/2020/NĐ-CP).",
                         f"Ghi 'ky_hieu_loai' (chữ viết tắt của tên loại) hoặc dùng một tên loại có sẵn: {names}."))
    return problems + _built(doc).problems


def mismatches(doc: VanBanTuDo) -> list[tuple[Loc, str, str, str]]:
    return _built(doc).mismatches


def warnings(doc: VanBanTuDo) -> list[tuple[Loc, str]]:
    """Stated totals of tables with no details to add up."""
    return _built(doc).absent


_BUILT: dict[int, tuple[VanBanTuDo, outline.Outline]] = {}  # the last documents' outlines (checks, derive)


def _built(doc: VanBanTuDo) -> outline.Outline:
    """The outline of ``doc``, built once for its checks, warnings and derive (the model is frozen); built anew
    while a derive is recorded, whose figures carry marks."""
    if figures.recording_now():
        return _build(doc)
    found = _BUILT.get(id(doc))
    if found is None or found[0] is not doc:
        while len(_BUILT) >= 4:
            del _BUILT[next(iter(_BUILT))]
        found = _BUILT[id(doc)] = (doc, _build(doc))
    return found[1]


def _build(doc: VanBanTuDo) -> outline.Outline:
    """The outline's blocks (body, then each appendix after its section break), problems and mismatches."""
    built = outline.blocks(doc.noi_dung, doc.danh_so, ("noi_dung",), nd30.TEXT_WIDTH_CM)
    several = len(doc.phu_luc) > 1
    for i, appendix in enumerate(doc.phu_luc):
        landscape = appendix.huong == "ngang"
        built.blocks.append(outline.section_break(appendix.huong))
        number = appendix.so if appendix.so is not None else (roman(i + 1) if several else "")
        built.blocks.append({"kieu": "phu_luc", "r": inline(escape(f"Phụ lục {number}".strip()))})
        built.blocks.append({"kieu": "tieu_de_phu_luc", "r": inline(upper(appendix.tieu_de))})
        attached = appendix.kem_theo or outline.kem_theo(capital(doc.ten_loai.lower()), doc.so, symbol(doc),
                                                         doc.ngay.short(), doc.co_quan.ten)
        built.blocks.append({"kieu": "kem_theo", "r": inline(escape(attached))})
        width = nd30.LANDSCAPE_TEXT_WIDTH_CM if landscape else nd30.TEXT_WIDTH_CM
        outline.blocks(appendix.noi_dung, doc.danh_so, ("phu_luc", i, "noi_dung"), width, built)
    return built


def derive(doc: VanBanTuDo, options: Options) -> dict[str, Any]:
    noi_nhan = doc.noi_nhan or (["Như trên"] if doc.kinh_gui else [])
    context = common.header(doc, None, doc.ten_loai, doc.trich_yeu, symbol=symbol(doc))
    context.update(common.signature(doc.nguoi_ky, noi_nhan, doc.luu))
    built = _built(doc)
    main = built.blocks
    appendix_at = next((i for i, b in enumerate(main) if b["kieu"] == "trang"), len(main))
    has_articles = "dieu" in doc.danh_so
    body = main[:appendix_at]
    closing: Any = inline(_closing(doc.loi_ket)) if doc.loi_ket else ""
    if not doc.loi_ket and body and body[-1]["kieu"] == "doan":  # the last sentence goes with the signature
        body, closing = body[:-1], body[-1]["r"]
    context.update({
        "kinh_gui": common.kinh_gui(doc.kinh_gui) if doc.kinh_gui else {"mot": "", "dong": []},
        "tham_quyen_ban_hanh": upper(doc.tham_quyen_ban_hanh) if doc.tham_quyen_ban_hanh else "",
        "can_cu": nd30.can_cu_lines(doc.can_cu) if doc.can_cu else [],
        "ban_hanh": f"{upper(doc.ten_loai)}:" if has_articles and upper(doc.ten_loai) in ENACTING else "",
        "khoi": body,
        "loi_ket": closing,
        "phu_luc": main[appendix_at:],
    })
    return context


def _closing(text: str) -> str:
    """The closing sentence ends with the decree's "/." mark."""
    text = text.rstrip()
    if text.endswith(nd30.CLOSING_MARK):
        return text
    return text.rstrip(".") + "." + nd30.CLOSING_MARK
