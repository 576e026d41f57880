"""Build the shipped .docx templates from the one Decree 30 frame (``frame.py``).

    python -m tdkt_docgen.templates.build        # rewrites tdkt_docgen/templates/*.docx

The committed templates must equal a fresh build (a test checks it): change the frame or a body
here, rebuild, and commit both. Users may still open a built template in Word and edit its wording.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from docx.document import Document as DocxDocument

from .. import frame, output
from ..frame import para

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


HEADINGS = (("phan", "Phần"), ("tieu_de_phan", "Tiêu đề phần"), ("muc", "Tiêu đề mục"), ("khoan", "Tiêu đề khoản"),
            ("diem", "Tiêu đề điểm"))


def _outline(doc: DocxDocument, expression: str = "than") -> None:
    """The body's outline from derive, block by block: each heading in its level's style, tables, paragraphs."""
    para(doc, "Nội dung", f"{{%p for k in {expression} %}}")
    for i, (kind, style) in enumerate(HEADINGS):
        para(doc, style, f"{{%p {'if' if i == 0 else 'elif'} k.kieu == '{kind}' %}}")
        para(doc, style, "{{r k.noi }}")
    para(doc, "Bảng", "{%p elif k.kieu == 'bang' %}")
    para(doc, "Bảng", "{{ k.noi }}")
    para(doc, "Nội dung", "{%p else %}")
    para(doc, "Nội dung", "{{r k.noi }}")
    para(doc, "Nội dung", "{%p endif %}")
    para(doc, "Nội dung", "{%p endfor %}")


def _report(doc: DocxDocument) -> None:
    """Opening, outline, closing sentence and signature of a report whose outline is data."""
    _paragraphs(doc, "mo_dau")
    _outline(doc)
    para(doc, "Nội dung", "{{r ket_luan }}")
    frame.add_signature(doc)


def _optional_appendix(doc: DocxDocument, key: str, number: str, title: str,
                       more: tuple[str, str] | None = None) -> None:
    """An appendix printed when derive gives its table (its section is dropped otherwise)."""
    frame.new_appendix_section(doc)
    para(doc, "Phụ lục", f"{{%p if phu_luc.{key} %}}")
    para(doc, "Phụ lục", f"Phụ lục {number}".strip())
    para(doc, "Tiêu đề phụ lục", title)
    para(doc, "Kèm theo", "{{ phu_luc.kem_theo }}")
    para(doc, "Bảng", f"{{{{ phu_luc.{key} }}}}")
    if more is not None:
        para(doc, "Tiêu đề phụ lục", f"{{%p if phu_luc.{more[0]} %}}")
        para(doc, "Tiêu đề phụ lục", more[1])
        para(doc, "Bảng", f"{{{{ phu_luc.{more[0]} }}}}")
        para(doc, "Bảng", "{%p endif %}")
    para(doc, "Bảng", "{%p endif %}")


def build_bao_cao_tong_ket() -> DocxDocument:
    """The cluster's report: its outline from the data (kinds/bao_cao.py OUTLINE by default), two appendices."""
    doc = _framed()
    _report(doc)
    _optional_appendix(doc, "chi_tieu", "{{ phu_luc.so.chi_tieu }}",
                       "BIỂU TỔNG HỢP MỘT SỐ CHỈ TIÊU CHỦ YẾU NĂM {{ nam }} {{ cum | hoa }}")
    _optional_appendix(doc, "khen_thuong", "{{ phu_luc.so.khen_thuong }}",
                       "TỔNG HỢP KẾT QUẢ KHEN THƯỞNG NĂM {{ nam }} {{ cum | hoa }}",
                       ("truc_tiep", "TỶ LỆ KHEN THƯỞNG TẬP THỂ NHỎ, NGƯỜI LAO ĐỘNG TRỰC TIẾP THEO {{ phu_luc.theo }}"))
    return doc


def build_bao_cao_don_vi() -> DocxDocument:
    """A unit's own report (outline of seed 002 by default), its award table as the appendix."""
    doc = _framed()
    _report(doc)
    _optional_appendix(doc, "khen_thuong", "", "TỔNG HỢP KẾT QUẢ KHEN THƯỞNG NĂM {{ nam }} {{ don_vi | hoa }}")
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
    para(doc, "Nội dung", "Giao ước thi đua năm {{ nam }} có hiệu lực kể từ ngày ký, được lập thành {{ so_ban }}./.")
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
    para(doc, "Tiêu đề mục", "{{ 'II' if danh_hieu else 'I' }}. CÁC CHỈ TIÊU ĐĂNG KÝ THI ĐUA")
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
    para(doc, "Tiêu đề khoản", "{{ '2' if trung_uong else '1' }}. {{ cac_dau }} trong Cụm thi đua")
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


BUILDERS: dict[str, Callable[[], DocxDocument]] = {
    "bao_cao_tong_ket.docx": build_bao_cao_tong_ket,
    "bao_cao_don_vi.docx": build_bao_cao_don_vi,
    "giao_uoc.docx": build_giao_uoc,
    "dang_ky_giao_uoc.docx": build_dang_ky_giao_uoc,
    "ke_hoach_hoat_dong.docx": build_ke_hoach_hoat_dong,
    "ke_hoach_hoi_nghi.docx": build_ke_hoach_hoi_nghi,
    "cong_van.docx": build_cong_van,
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
