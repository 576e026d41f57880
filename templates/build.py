"""Build the shipped .docx templates from the one Decree 30 frame (``frame.py``).

    python -m tdkt_docgen.templates.build        # rewrites templates/*.docx

The committed templates must equal a fresh build (a test checks it): change the frame or a body
here, rebuild, and commit both. Users may still open a built template in Word and edit its wording.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from docx.document import Document as DocxDocument

from tdkt_docgen import output
from tdkt_docgen.document.outline import BLOCK_STYLES
from tdkt_docgen.docx import frame
from tdkt_docgen.docx.frame import para

HERE = Path(__file__).resolve().parent


def _paragraphs(doc: DocxDocument, expression: str) -> None:
    """One body paragraph per item of ``expression`` (paragraphs from derive, kept formatted)."""
    para(doc, "Nội dung", f"{{%p for doan in {expression} %}}")
    para(doc, "Nội dung", "{{r doan }}")
    para(doc, "Nội dung", "{%p endfor %}")


def _framed() -> DocxDocument:
    """A new document with the frame's header, title and page numbers, ready for a body."""
    doc = frame.new_document()
    frame.add_header(doc)
    frame.add_title(doc)
    frame.add_page_numbers(doc.sections[0])
    return doc


def _report(doc: DocxDocument) -> None:
    """A report whose outline is data (``kinds.dan_y``): opening, outline, closing sentence and signature,
    then its appendices (blocks with their own section breaks, none when the data has none)."""
    _paragraphs(doc, "mo_dau")
    _blocks(doc, "than")
    para(doc, "Nội dung", "{{r ket_luan }}")
    frame.add_signature(doc)
    _blocks(doc, "phu_luc")


def build_report() -> DocxDocument:
    """The cluster's report and a unit's own report: the outline is in the data (default sections in
    kinds/bao_cao.py and kinds/bao_cao_don_vi.py), so both kinds draw the same body."""
    doc = _framed()
    _report(doc)
    return doc


def build_giao_uoc() -> DocxDocument:
    """The pledge: căn cứ, three sections, the copies sentence, every member's signature cell."""
    doc = _framed()
    frame.add_lines(doc, "Căn cứ", "can_cu")
    para(doc, "Nội dung", "{{r mo_dau }}")
    para(doc, "Tiêu đề mục", "I. MỤC ĐÍCH, YÊU CẦU")
    _paragraphs(doc, "muc_dich_yeu_cau")
    para(doc, "Tiêu đề mục", "II. CHỈ TIÊU VÀ NỘI DUNG THI ĐUA")
    para(doc, "Tiêu đề khoản", "1. Chỉ tiêu thi đua")
    para(doc, "Bảng", "{{ chi_tieu }}")
    para(doc, "Tiêu đề khoản", "2. Nội dung thi đua")
    _paragraphs(doc, "noi_dung_thi_dua")
    para(doc, "Tiêu đề mục", "III. TỔ CHỨC THỰC HIỆN")
    _paragraphs(doc, "to_chuc_thuc_hien")
    closing = para(doc, "Nội dung", "Giao ước thi đua năm {{ nam }} có hiệu lực kể từ ngày ký, được lập thành "
                                    "{{ so_ban }}./.")
    closing.paragraph_format.keep_with_next = True  # the signatures never stand on a page without the text
    para(doc, "Bảng", "{{ chu_ky_cac_ben }}")
    para(doc, "Nơi nhận", "{%p if noi_nhan %}")
    para(doc, "Nơi nhận", "Nơi nhận:")
    frame.add_lines(doc, "Nơi nhận - mục", "noi_nhan")
    para(doc, "Nơi nhận", "{%p endif %}")
    return doc


def build_dang_ky_giao_uoc() -> DocxDocument:
    """A member's registration form (after Mẫu 1a, TT 35/2011): titles registered, targets, signer."""
    doc = _framed()
    frame.add_kinh_gui(doc)
    para(doc, "Nội dung", "{{r mo_dau }}")
    para(doc, "Tiêu đề mục", "{%p if danh_hieu %}")
    para(doc, "Tiêu đề mục", "I. DANH HIỆU THI ĐUA, HÌNH THỨC KHEN THƯỞNG ĐĂNG KÝ")
    _paragraphs(doc, "danh_hieu")
    para(doc, "Tiêu đề mục", "{%p endif %}")
    para(doc, "Tiêu đề mục", "{{ 'II. ' if danh_hieu else '' }}CÁC CHỈ TIÊU ĐĂNG KÝ THI ĐUA")  # no lone "I."
    para(doc, "Bảng", "{{ chi_tieu }}")
    frame.add_signature(doc)
    return doc


def _plan() -> DocxDocument:
    """A plan's frame, opening sentence and section I (mục đích, yêu cầu)."""
    doc = _framed()
    para(doc, "Nội dung", "{{r mo_dau }}")
    para(doc, "Tiêu đề mục", "I. MỤC ĐÍCH, YÊU CẦU")
    _paragraphs(doc, "muc_dich_yeu_cau")
    return doc


def build_ke_hoach_hoat_dong() -> DocxDocument:
    """The cluster's activity plan: purposes, the activity table, each member's duties."""
    doc = _plan()
    para(doc, "Tiêu đề mục", "II. NỘI DUNG HOẠT ĐỘNG")
    para(doc, "Bảng", "{{ hoat_dong }}")
    para(doc, "Tiêu đề mục", "III. TỔ CHỨC THỰC HIỆN")
    _paragraphs(doc, "nhiem_vu")
    para(doc, "Nội dung", "Trên đây là Kế hoạch hoạt động năm {{ nam }} của Cụm; trong quá trình thực hiện, nếu có "
                          "vướng mắc, {{ cac }} phản ánh về đơn vị Trưởng cụm để phối hợp giải quyết./.")
    frame.add_signature(doc)
    return doc


def build_ke_hoach_hoi_nghi() -> DocxDocument:
    """The conference plan: purposes, time and place, participants, programme table, organisation."""
    doc = _plan()
    para(doc, "Tiêu đề mục", "II. THỜI GIAN, ĐỊA ĐIỂM")
    para(doc, "Nội dung", "1. Thời gian: {{ thoi_gian }}.")
    para(doc, "Nội dung", "2. Địa điểm: {{ dia_diem }}.")
    para(doc, "Tiêu đề mục", "III. THÀNH PHẦN")
    para(doc, "Nội dung", "{%p if trung_uong %}")
    para(doc, "Tiêu đề khoản", "1. Đại biểu Trung ương")
    _paragraphs(doc, "trung_uong")
    para(doc, "Nội dung", "{%p endif %}")
    para(doc, "Tiêu đề khoản", "{{ '2. ' if trung_uong else '' }}{{ cac_dau }} trong Cụm thi đua")  # no lone "1."
    _paragraphs(doc, "cac_tinh")
    para(doc, "Tiêu đề mục", "IV. CHƯƠNG TRÌNH HỘI NGHỊ")
    para(doc, "Bảng", "{{ chuong_trinh }}")
    para(doc, "Tiêu đề mục", "V. TỔ CHỨC THỰC HIỆN")
    _paragraphs(doc, "to_chuc_thuc_hien")
    para(doc, "Nội dung", "Trên đây là Kế hoạch tổ chức Hội nghị tổng kết công tác thi đua, khen thưởng năm "
                          "{{ nam }}; đề nghị {{ cac }} trong Cụm phối hợp thực hiện./.")
    frame.add_signature(doc)
    return doc


def build_cong_van() -> DocxDocument:
    """A letter: "V/v" under the number, no title, "Kính gửi", body, "Nơi nhận" from "- Như trên;"."""
    doc = frame.new_document()
    frame.add_header(doc, cong_van=True)
    frame.add_page_numbers(doc.sections[0])
    frame.add_kinh_gui(doc)
    _paragraphs(doc, "noi_dung")
    _paragraphs(doc, "rieng")
    para(doc, "Nội dung", "Trân trọng./.")
    frame.add_signature(doc)
    return doc


def _blocks(doc: DocxDocument, expression: str) -> None:
    """A loop over outline blocks (``kinds.outline``): one branch per block kind, each in its named style."""
    para(doc, "Nội dung", f"{{%p for khoi in {expression} %}}")
    for i, (kind, style) in enumerate(BLOCK_STYLES.items()):
        para(doc, style, f"{{%p {'if' if i == 0 else 'elif'} khoi.kieu == '{kind}' %}}")
        para(doc, style, "{{ khoi.r }}" if kind == "bang" else "{{r khoi.r }}")
    para(doc, "Nội dung", "{%p endif %}")
    para(doc, "Nội dung", "{%p endfor %}")


def build_van_ban() -> DocxDocument:
    """The generic document: the frame's optional parts (Kính gửi, thẩm quyền, căn cứ, "QUYẾT ĐỊNH:"), the
    outline of the data, the closing sentence kept with the signature, then the appendices."""
    doc = _framed()
    frame.add_kinh_gui(doc)
    para(doc, "Tiêu đề phần", "{%p if tham_quyen_ban_hanh %}")
    para(doc, "Tiêu đề phần", "{{ tham_quyen_ban_hanh }}")
    para(doc, "Tiêu đề phần", "{%p endif %}")
    frame.add_lines(doc, "Căn cứ", "can_cu")
    para(doc, "Tiêu đề phần", "{%p if ban_hanh %}")
    para(doc, "Tiêu đề phần", "{{ ban_hanh }}")
    para(doc, "Tiêu đề phần", "{%p endif %}")
    _blocks(doc, "khoi")
    para(doc, "Nội dung", "{{r loi_ket }}")
    frame.add_signature(doc)
    _blocks(doc, "phu_luc")
    return doc


BUILDERS: dict[str, Callable[[], DocxDocument]] = {
    "bao_cao_tong_ket.docx": build_report,
    "bao_cao_don_vi.docx": build_report,
    "giao_uoc.docx": build_giao_uoc,
    "dang_ky_giao_uoc.docx": build_dang_ky_giao_uoc,
    "ke_hoach_hoat_dong.docx": build_ke_hoach_hoat_dong,
    "ke_hoach_hoi_nghi.docx": build_ke_hoach_hoi_nghi,
    "cong_van.docx": build_cong_van,
    "van_ban.docx": build_van_ban,
}


def build_all(folder: Path = HERE) -> list[Path]:
    written = []
    for name, builder in BUILDERS.items():
        path = folder / name
        doc = builder()
        frame.slim_package(doc)
        path.write_bytes(output.docx_bytes(doc))
        written.append(path)
    return written


if __name__ == "__main__":
    for path in build_all(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(f"wrote {path}")
