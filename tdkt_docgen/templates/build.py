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
from ..kinds.outline import BLOCK_STYLES

HERE = Path(__file__).resolve().parent


def _paragraphs(doc: DocxDocument, expression: str) -> None:
    """One body paragraph per item of ``expression`` (paragraphs from derive, kept formatted)."""
    para(doc, "Nội dung", f"{{%p for doan in {expression} %}}")
    para(doc, "Nội dung", "{{r doan }}")
    para(doc, "Nội dung", "{%p endfor %}")


def _narrative(doc: DocxDocument, key: str) -> None:
    """The paragraphs of one narrative section of the data file (or its highlighted placeholder)."""
    _paragraphs(doc, f"noi_dung.{key}")


def _lines(doc: DocxDocument, expression: str) -> None:
    frame.add_lines(doc, "Nội dung", expression)


def _appendix(doc: DocxDocument, number: str, title: str, tables: list[str]) -> None:
    frame.new_appendix_section(doc)
    para(doc, "Phụ lục", f"Phụ lục {number}")
    para(doc, "Tiêu đề phụ lục", title)
    para(doc, "Kèm theo", "{{ phu_luc.kem_theo }}")
    for table in tables:
        para(doc, "Bảng", f"{{{{ {table} }}}}")


def _framed() -> DocxDocument:
    """A new document with the frame's header, title and page numbers, ready for a body."""
    doc = frame.new_document()
    frame.add_header(doc)
    frame.add_title(doc)
    frame.add_page_numbers(doc.sections[0])
    return doc


def build_bao_cao_tong_ket() -> DocxDocument:
    doc = _framed()
    _narrative(doc, "mo_dau")
    para(doc, "Phần", "Phần thứ nhất")
    para(doc, "Tiêu đề phần", "KẾT QUẢ TỔ CHỨC TRIỂN KHAI THỰC HIỆN PHONG TRÀO THI ĐUA, "
                              "CÔNG TÁC KHEN THƯỞNG NĂM {{ nam }}")
    para(doc, "Tiêu đề mục", "I. CÔNG TÁC TỔ CHỨC TRIỂN KHAI THỰC HIỆN PHONG TRÀO THI ĐUA")
    para(doc, "Tiêu đề khoản", "1. Công tác lãnh đạo, chỉ đạo")
    _narrative(doc, "lanh_dao_chi_dao")
    para(doc, "Nội dung", "Trong năm {{ nam }}, các tỉnh thành viên trong Cụm đã ban hành {{ van_ban.tong | so }} "
                          "văn bản chỉ đạo, tổ chức, triển khai công tác thi đua, khen thưởng",
         "{{r van_ban.chu_thich }}", ".")
    para(doc, "Tiêu đề khoản", "2. Công tác tổ chức triển khai các phong trào thi đua")
    _narrative(doc, "trien_khai_phong_trao")
    para(doc, "Nội dung", "{% if chu_de_thi_dua %}Các tỉnh trong Cụm đã phát động phong trào thi đua năm {{ nam }} "
                          "với phương châm, chủ đề cụ thể: {% endif %}", "{{r chu_de_thi_dua }}",
         "{% if chu_de_thi_dua %}.{% endif %}")

    para(doc, "Tiêu đề mục", "II. KẾT QUẢ THỰC HIỆN CÁC PHONG TRÀO THI ĐUA")
    para(doc, "Tiêu đề khoản", "1. Phong trào thi đua thực hiện nhiệm vụ phát triển kinh tế - xã hội năm {{ nam }}")
    _narrative(doc, "kinh_te_xa_hoi")
    para(doc, "Nội dung", "- Tốc độ tăng trưởng kinh tế (GRDP) của các tỉnh trong Cụm thi đua cơ bản đạt kế hoạch "
                          "đề ra; các tỉnh có tốc độ tăng trưởng cao nhất: ", "{{r kinh_te.grdp_cao_nhat }}", ".")
    para(doc, "Nội dung", "- Thu ngân sách trên địa bàn của các tỉnh trong Cụm năm {{ nam }} đạt "
                          "{{ kinh_te.thu_ngan_sach | so }} tỷ đồng", "{{r kinh_te.thu_ngan_sach_chu_thich }}",
         ". Trong đó 02 tỉnh có số thu ngân sách cao nhất là ", "{{r kinh_te.thu_ngan_sach_cao_nhat }}", ".")
    para(doc, "Nội dung", "- Trong năm {{ nam }}, {{ so_thanh_vien }} tỉnh trong Cụm đã giải quyết việc làm mới "
                          "cho {{ kinh_te.viec_lam | so }} lao động.")
    para(doc, "Nội dung", "{%p if kinh_te.y_te_du %}")
    para(doc, "Nội dung", "- Các tỉnh có 100% xã đạt chuẩn quốc gia về y tế: ", "{{r kinh_te.y_te_du }}", ".")
    para(doc, "Nội dung", "{%p endif %}")
    para(doc, "Nội dung", "{%p if kinh_te.truong_trong_nam %}")
    para(doc, "Nội dung", "- Số trường đạt chuẩn quốc gia được công nhận trong năm: ",
         "{{r kinh_te.truong_trong_nam }}", ".")
    para(doc, "Nội dung", "{%p endif %}")
    para(doc, "Nội dung", "- Công tác bảo đảm trật tự an toàn giao thông năm {{ nam }} so với cùng kỳ năm trước: ",
         "{{r kinh_te.an_toan_giao_thong }}", ".")
    _narrative(doc, "kinh_te_xa_hoi_khac")
    para(doc, "Nội dung", "(Chi tiết tại Phụ lục I kèm theo).")

    para(doc, "Tiêu đề khoản", "2. Kết quả thực hiện các phong trào thi đua do Thủ tướng Chính phủ phát động")
    para(doc, "Tiêu đề điểm", "a) Phong trào thi đua “Cả nước chung sức xây dựng nông thôn mới”")
    _narrative(doc, "nong_thon_moi")
    para(doc, "Nội dung", "Trong năm {{ nam }}, toàn Cụm có {{ nong_thon_moi.xa | dem }}/{{ nong_thon_moi.tong_xa }} "
                          "xã đạt chuẩn nông thôn mới (đạt {{ nong_thon_moi.ty_le_xa }}); "
                          "{{ nong_thon_moi.nang_cao | dem }} xã đạt chuẩn nông thôn mới nâng cao; "
                          "{{ nong_thon_moi.kieu_mau | dem }} xã đạt chuẩn nông thôn mới kiểu mẫu"
                          "{% if nong_thon_moi.co_huyen %}; {{ nong_thon_moi.huyen | dem }}/"
                          "{{ nong_thon_moi.tong_huyen }} huyện, thành phố đạt chuẩn nông thôn mới "
                          "(đạt {{ nong_thon_moi.ty_le_huyen }}){% endif %}",
         "{{r nong_thon_moi.chu_thich }}", ".")
    para(doc, "Tiêu đề điểm", "b) Phong trào “Vì người nghèo - Không để ai bị bỏ lại phía sau”")
    _narrative(doc, "giam_ngheo")
    para(doc, "Nội dung", "Tỷ lệ hộ nghèo trên địa bàn các tỉnh bình quân giảm {{ giam_ngheo.binh_quan }}, trong đó: "
                          "{{ giam_ngheo.danh_sach }}; {{ giam_ngheo.cao_nhat_ten }} là tỉnh có tỷ lệ hộ nghèo giảm "
                          "mạnh nhất so với năm {{ nam - 1 }} là {{ giam_ngheo.cao_nhat }}.")
    para(doc, "Tiêu đề điểm", "c) Phong trào thi đua “Đẩy mạnh phát triển kết cấu hạ tầng đồng bộ, hiện đại; "
                              "thực hành tiết kiệm, chống lãng phí”")
    _narrative(doc, "ket_cau_ha_tang")
    para(doc, "Tiêu đề điểm", "d) Phong trào thi đua “Cán bộ, công chức, viên chức thi đua thực hiện "
                              "văn hóa công sở”")
    _narrative(doc, "van_hoa_cong_so")
    para(doc, "Tiêu đề điểm", "đ) Phong trào thi đua “Cả nước thi đua xây dựng xã hội học tập, đẩy mạnh học tập "
                              "suốt đời giai đoạn 2023 - 2030”")
    _narrative(doc, "xa_hoi_hoc_tap")
    para(doc, "Tiêu đề khoản", "3. Kết quả thực hiện các phong trào thi đua chuyên đề của các tỉnh")
    _narrative(doc, "phong_trao_chuyen_de_chung")
    _paragraphs(doc, "phong_trao_chuyen_de")
    para(doc, "Tiêu đề khoản", "4. Công tác tuyên truyền, nhân rộng các gương điển hình tiên tiến")
    _narrative(doc, "tuyen_truyen")
    para(doc, "Nội dung", "{%p if cach_lam_hay %}")
    para(doc, "Nội dung", "Những cách làm hay, thành tích nổi bật của các tỉnh:")
    _paragraphs(doc, "cach_lam_hay")
    para(doc, "Nội dung", "{%p endif %}")
    _narrative(doc, "dien_hinh_tien_tien")

    para(doc, "Tiêu đề mục", "III. CÔNG TÁC KHEN THƯỞNG")
    _narrative(doc, "khen_thuong")
    para(doc, "Nội dung", "Trong năm {{ nam }}, các tỉnh trong Cụm đã khen thưởng {{ khen_thuong.tong.tap_the | so }} "
                          "tập thể và {{ khen_thuong.tong.ca_nhan | so }} cá nhân; tỷ lệ khen thưởng tập thể nhỏ, "
                          "người lao động trực tiếp chiếm {{ khen_thuong.ty_le_truc_tiep }}. Trong đó tỉnh "
                          "{{ khen_thuong.cao_nhat_ten }} có tỷ lệ khen thưởng người lao động trực tiếp cao nhất, "
                          "chiếm {{ khen_thuong.cao_nhat_ty_le }}.")
    para(doc, "Tiêu đề khoản", "1. Khen thưởng cấp Nhà nước")
    para(doc, "Tiêu đề điểm", "1.1. Khen thưởng của Chủ tịch nước")
    para(doc, "Nội dung", "Năm {{ nam }}, Ủy ban nhân dân các tỉnh trong Cụm đã trình và được Chủ tịch nước khen "
                          "thưởng cho {{ khen_thuong.chu_tich_nuoc.tong_chu }}{% if khen_thuong.chu_tich_nuoc.dong %}"
                          ", trong đó:{% else %}.{% endif %}")
    _lines(doc, "khen_thuong.chu_tich_nuoc.dong")
    para(doc, "Tiêu đề điểm", "1.2. Khen thưởng của Chính phủ và Thủ tướng Chính phủ")
    para(doc, "Nội dung", "Năm {{ nam }}, Ủy ban nhân dân các tỉnh trong Cụm đã trình và được Chính phủ, Thủ tướng "
                          "Chính phủ khen thưởng cho {{ khen_thuong.chinh_phu.tong_chu }}"
                          "{% if khen_thuong.chinh_phu.dong %}, trong đó:{% else %}.{% endif %}")
    _lines(doc, "khen_thuong.chinh_phu.dong")
    para(doc, "Tiêu đề khoản", "2. Khen thưởng cấp tỉnh")
    para(doc, "Nội dung", "Ủy ban nhân dân các tỉnh trong Cụm đã khen thưởng cho {{ khen_thuong.tinh.tong_chu }}"
                          "{% if khen_thuong.tinh.dong %}, trong đó:{% else %}.{% endif %}")
    _lines(doc, "khen_thuong.tinh.dong")
    para(doc, "Nội dung", "(Chi tiết tại Phụ lục II kèm theo).")

    para(doc, "Tiêu đề mục", "IV. CÔNG TÁC KHÁC")
    para(doc, "Tiêu đề khoản", "1. Công tác kiểm tra")
    _narrative(doc, "kiem_tra")
    para(doc, "Tiêu đề khoản", "2. Công tác bồi dưỡng chuyên môn, nghiệp vụ")
    _narrative(doc, "boi_duong")
    para(doc, "Tiêu đề khoản", "3. Công tác cải cách hành chính, ứng dụng công nghệ thông tin")
    _narrative(doc, "cai_cach_hanh_chinh")
    para(doc, "Tiêu đề mục", "V. ĐÁNH GIÁ CHUNG")
    para(doc, "Tiêu đề khoản", "1. Ưu điểm")
    _narrative(doc, "uu_diem")
    para(doc, "Tiêu đề khoản", "2. Hạn chế")
    _narrative(doc, "han_che")
    para(doc, "Tiêu đề khoản", "3. Nguyên nhân")
    _narrative(doc, "nguyen_nhan")

    para(doc, "Phần", "Phần thứ hai")
    para(doc, "Tiêu đề phần", "PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {{ nam_sau }}")
    para(doc, "Tiêu đề mục", "I. PHƯƠNG HƯỚNG, NHIỆM VỤ CÔNG TÁC THI ĐUA, KHEN THƯỞNG NĂM {{ nam_sau }}")
    _narrative(doc, "phuong_huong")
    _narrative(doc, "nhiem_vu")
    para(doc, "Tiêu đề mục", "II. KIẾN NGHỊ, ĐỀ XUẤT")
    _narrative(doc, "kien_nghi")
    para(doc, "Nội dung", "Trên đây là báo cáo tổng kết phong trào thi đua, công tác khen thưởng năm {{ nam }} và "
                          "phương hướng, nhiệm vụ năm {{ nam_sau }} của {{ cum }}./.")
    frame.add_signature(doc)

    _appendix(doc, "I", "BIỂU TỔNG HỢP MỘT SỐ CHỈ TIÊU CHỦ YẾU NĂM {{ nam }} {{ cum | hoa }}", ["phu_luc.chi_tieu"])
    _appendix(doc, "II", "TỔNG HỢP KẾT QUẢ KHEN THƯỞNG NĂM {{ nam }} {{ cum | hoa }}",
              ["phu_luc.khen_thuong"])
    para(doc, "Tiêu đề phụ lục", "TỶ LỆ KHEN THƯỞNG TẬP THỂ NHỎ, NGƯỜI LAO ĐỘNG TRỰC TIẾP THEO TỈNH")
    para(doc, "Bảng", "{{ phu_luc.truc_tiep }}")
    return doc


def build_bao_cao_tinh() -> DocxDocument:
    """A member province's own yearly report (outline of seed 002), numbers from the cluster's data."""
    doc = _framed()
    para(doc, "Phần", "Phần thứ nhất")
    para(doc, "Tiêu đề phần", "KẾT QUẢ TỔ CHỨC PHONG TRÀO THI ĐUA, CÔNG TÁC KHEN THƯỞNG NĂM {{ nam }}")
    para(doc, "Tiêu đề mục", "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO")
    para(doc, "Nội dung", "Trong năm {{ nam }}, Ủy ban nhân dân {{ tinh }} đã ban hành {{ van_ban }} văn bản chỉ đạo, "
                          "tổ chức, triển khai công tác thi đua, khen thưởng; thực hiện tốt nhiệm vụ của thành viên "
                          "{{ cum }}.")
    _paragraphs(doc, "chu_de")
    para(doc, "Tiêu đề mục", "II. KẾT QUẢ CÁC PHONG TRÀO THI ĐUA, NHÂN ĐIỂN HÌNH TIÊN TIẾN")
    para(doc, "Tiêu đề khoản", "1. Phong trào thi đua phát triển kinh tế - xã hội năm {{ nam }}")
    _paragraphs(doc, "kinh_te")
    para(doc, "Tiêu đề khoản", "2. Phong trào thi đua chuyên đề")
    _paragraphs(doc, "chuyen_de")
    para(doc, "Tiêu đề khoản", "3. Công tác tuyên truyền, nhân rộng điển hình tiên tiến")
    _paragraphs(doc, "cach_lam_hay")
    para(doc, "Tiêu đề mục", "III. CÔNG TÁC KHEN THƯỞNG")
    para(doc, "Nội dung", "1. Khen thưởng cấp Nhà nước: {{ khen_thuong.nha_nuoc.tong_chu }}"
                          "{% if khen_thuong.nha_nuoc.dong %}, trong đó:{% else %}.{% endif %}")
    _lines(doc, "khen_thuong.nha_nuoc.dong")
    para(doc, "Nội dung", "2. Khen thưởng cấp tỉnh: {{ khen_thuong.tinh.tong_chu }}"
                          "{% if khen_thuong.tinh.dong %}, trong đó:{% else %}.{% endif %}")
    _lines(doc, "khen_thuong.tinh.dong")
    para(doc, "Nội dung", "Tập thể nhỏ, người lao động trực tiếp được khen thưởng chiếm {{ ty_le_truc_tiep }} tổng số "
                          "tập thể, cá nhân được khen thưởng (chi tiết tại Phụ lục kèm theo).")
    para(doc, "Phần", "Phần thứ hai")
    para(doc, "Tiêu đề phần", "PHƯƠNG HƯỚNG, NHIỆM VỤ CÔNG TÁC THI ĐUA, KHEN THƯỞNG NĂM {{ nam_sau }}")
    _paragraphs(doc, "phuong_huong")
    para(doc, "Nội dung", "Trên đây là báo cáo tổng kết phong trào thi đua, công tác khen thưởng năm {{ nam }} của "
                          "Ủy ban nhân dân {{ tinh }}./.")
    frame.add_signature(doc)
    frame.new_appendix_section(doc)
    para(doc, "Phụ lục", "Phụ lục")
    para(doc, "Tiêu đề phụ lục", "TỔNG HỢP KẾT QUẢ KHEN THƯỞNG NĂM {{ nam }} {{ tinh | hoa }}")
    para(doc, "Kèm theo", "{{ phu_luc.kem_theo }}")
    para(doc, "Bảng", "{{ phu_luc.khen_thuong }}")
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
                          "vướng mắc, các tỉnh phản ánh về đơn vị Trưởng cụm để phối hợp giải quyết./.")
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
    para(doc, "Tiêu đề khoản", "{{ '2' if trung_uong else '1' }}. Các tỉnh trong Cụm thi đua")
    _paragraphs(doc, "cac_tinh")
    para(doc, "Tiêu đề mục", "IV. CHƯƠNG TRÌNH HỘI NGHỊ")
    para(doc, "Bảng", "{{ chuong_trinh }}")
    para(doc, "Tiêu đề mục", "V. TỔ CHỨC THỰC HIỆN")
    _paragraphs(doc, "to_chuc_thuc_hien")
    para(doc, "Nội dung", "Trên đây là Kế hoạch tổ chức Hội nghị tổng kết công tác thi đua, khen thưởng năm "
                          "{{ nam }}; đề nghị các tỉnh trong Cụm phối hợp thực hiện./.")
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
    "bao_cao_tong_ket.docx": build_bao_cao_tong_ket,
    "bao_cao_tinh.docx": build_bao_cao_tinh,
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
