"""Build the own-template examples (mail merge): a decision on awards and the Giấy khen it awards.

    python -m tdkt_docgen.examples.build        # rewrites tdkt_docgen/examples/khen-thuong/*.docx, *.xlsx

These are examples of a secretary's own templates: plain docxtpl tags over own data (no ``loai``), read
with the Decree 30 helpers (``helpers.py``). The decision is drawn on the Decree 30 frame (``frame.py``)
with the frame's tags swapped for own-data expressions; the certificate is a landscape page of its own.
The list of 20 people is an Excel sheet. The committed files must equal a fresh build (a test checks it).
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from .. import frame, nd30, output, workbook
from ..frame import para

HERE = Path(__file__).resolve().parent / "khen-thuong"

# The frame's tags (fed by a kind's derive) and the own-data expressions that stand for them.
OWN_TAGS = {
    "{%p if co_quan_chu_quan %}": "{%p if co_quan.chu_quan %}",
    "{{ co_quan_chu_quan }}": "{{ co_quan.chu_quan | ten_co_quan }}",
    "{{ co_quan_ban_hanh }}": "{{ co_quan.ten | ten_co_quan }}",
    "{{ so_ky_hieu }}": "{{ so | so_van_ban(ky_hieu) }}",
    "{{ dia_danh_ngay }}": "{{ ngay | ngay(dia_danh) }}",
    "{% if du_thao %}DỰ THẢO{% endif %}": "",
    "{{ ten_loai }}": "QUYẾT ĐỊNH",
    "{%p for dong in noi_nhan %}": "{%p for dong in noi_nhan | noi_nhan(luu) %}",
    "{%p for dong in nguoi_ky.dong %}": "{%p for dong in nguoi_ky | chu_ky %}",
    "{{ nguoi_ky.chuc_danh }}": "",
}


def _own_tags(doc: DocxDocument) -> None:
    for text in doc.element.body.iter(qn("w:t")):
        if text.text in OWN_TAGS:
            text.text = OWN_TAGS[text.text]


def _bold_start(paragraph_text: str, bold: str, doc: DocxDocument, style: str = "Nội dung") -> None:
    paragraph = para(doc, style)
    paragraph.add_run(bold).bold = True
    paragraph.add_run(paragraph_text)


def _cell(table: Table, row: int, column: int, style: str, text: str) -> None:
    paragraph = table.cell(row, column).paragraphs[0]
    paragraph.style = style
    paragraph.add_run(text)


LIST_WIDTHS_CM = [1.2, 6.0, 6.3, 3.0]


def _list_table(doc: DocxDocument) -> None:
    """The list of people as a real Word table: a heading row, a row per unit (in Vietnamese order) and its
    people (by given name), numbered through, and the total; docxtpl's {%tr %} rows repeat."""
    table = doc.add_table(rows=8, cols=4)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    frame.set_widths(table, LIST_WIDTHS_CM)
    frame.set_cell_margins(table, 0.1)
    for column, heading in enumerate(("STT", "Họ và tên", "Chức vụ", "Tiền thưởng (đồng)")):
        _cell(table, 0, column, "Bảng - đầu", heading)
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    _cell(table, 1, 0, "Bảng", '{%tr for nhom in danh_sach | nhom("don_vi") %}')
    _cell(table, 2, 0, "Bảng - đầu", "{{ loop.index | la_ma }}")
    group = table.cell(2, 1).merge(table.cell(2, 3))
    group.paragraphs[0].style = "Bảng - nhóm"
    group.paragraphs[0].add_run("{{ nhom.ten }}: {{ nhom.so_luong | dem }} cá nhân")
    _cell(table, 3, 0, "Bảng", "{%tr for nguoi in nhom.danh_sach | sap_xep_ten %}")
    _cell(table, 4, 0, "Bảng", "{{ nhom.bat_dau + loop.index0 }}")
    _cell(table, 4, 1, "Bảng - tên", "{{ nguoi.ho_ten }}")
    _cell(table, 4, 2, "Bảng - tên", "{{ nguoi.chuc_vu }}")
    _cell(table, 4, 3, "Bảng", "{{ nguoi.so_tien | so }}")
    _cell(table, 5, 0, "Bảng", "{%tr endfor %}")
    _cell(table, 6, 0, "Bảng", "{%tr endfor %}")
    total = table.cell(7, 0).merge(table.cell(7, 2))
    total.paragraphs[0].style = "Bảng - đầu"
    total.paragraphs[0].add_run("Tổng cộng: {{ danh_sach | length | so_va_chu }} cá nhân")
    _cell(table, 7, 3, "Bảng - đầu", "{{ danh_sach | tong('so_tien') | so }}")
    frame.keep_row_together(table)


def build_quyet_dinh() -> DocxDocument:
    """Quyết định khen thưởng (Decree 30, Phụ lục III, mẫu 1.4 of an individual decision): căn cứ, xét đề
    nghị, QUYẾT ĐỊNH, Điều 1–3, signer and Nơi nhận; the list of people as an appendix table."""
    doc = frame.new_document()
    frame.add_header(doc)
    frame.add_title(doc)
    frame.add_page_numbers(doc.sections[0])
    para(doc, "Tiêu đề phần", "{{ tham_quyen_ban_hanh | hoa }}").paragraph_format.space_before = Pt(12)
    frame.add_lines(doc, "Căn cứ", "can_cu | can_cu")
    para(doc, "Căn cứ", "Xét đề nghị của {{ de_nghi }}.")
    para(doc, "Phần", "QUYẾT ĐỊNH:")
    _bold_start(" Tặng {{ hinh_thuc }} của {{ tham_quyen_ban_hanh }} cho {{ danh_sach | length | so_va_chu }} "
                "cá nhân (có danh sách kèm theo), {{ thanh_tich }}.", "Điều 1.", doc)
    _bold_start(" Mỗi cá nhân được tặng {{ hinh_thuc }} kèm theo tiền thưởng theo quy định. Tổng số tiền thưởng "
                "là {{ danh_sach | tong('so_tien') | so }} đồng (Bằng chữ: {{ danh_sach | tong('so_tien') | "
                "tien_chu }}), chi từ {{ nguon_kinh_phi }}.", "Điều 2.", doc)
    _bold_start(" {{ thi_hanh }} chịu trách nhiệm thi hành Quyết định này./.", "Điều 3.", doc)
    frame.add_signature(doc)
    _own_tags(doc)
    para(doc, "Nội dung").add_run().add_break(WD_BREAK.PAGE)
    para(doc, "Tiêu đề phụ lục", "DANH SÁCH CÁ NHÂN ĐƯỢC TẶNG {{ hinh_thuc | hoa }}")
    para(doc, "Kèm theo", "(Kèm theo Quyết định số {{ so }}/{{ ky_hieu }} ngày {{ ngay }} của "
                          "{{ tham_quyen_ban_hanh }})")
    _list_table(doc)
    para(doc, "Ghi chú", "(Tổng số tiền thưởng bằng chữ: {{ danh_sach | tong('so_tien') | tien_chu }}.)")
    return doc


CERTIFICATE_STYLES = (
    nd30.Style("Giấy khen - Quốc hiệu", 14, bold=True, before_pt=12),
    nd30.Style("Giấy khen - Tiêu ngữ", 15, bold=True, after_pt=30),
    nd30.Style("Giấy khen - Người tặng", 16, bold=True, upper=True),
    nd30.Style("Giấy khen - Tặng", 16, bold=True, before_pt=12),
    nd30.Style("Giấy khen - Tên", 54, bold=True, before_pt=12, after_pt=12, upper=True),
    nd30.Style("Giấy khen - Người nhận", 26, bold=True, italic=True, after_pt=12),
    nd30.Style("Giấy khen - Nội dung", 16, italic=True, after_pt=6),
    nd30.Style("Giấy khen - Căn cứ", 12, italic=True, align="left", before_pt=30),
    nd30.Style("Giấy khen - Ngày", 14, italic=True, before_pt=30),
    nd30.Style("Giấy khen - Ký", 14, bold=True, upper=True),
)


def build_giay_khen() -> DocxDocument:
    """The certificate (Giấy khen), one per person of the list: a landscape A4 page after the award's model
    (Quốc hiệu, who awards, "GIẤY KHEN", the person, the achievement, decision number, date and signer)."""
    doc = frame.new_document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(nd30.PAGE_HEIGHT_MM), Mm(nd30.PAGE_WIDTH_MM)
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin = section.bottom_margin = Mm(20)
    for style in CERTIFICATE_STYLES:
        frame._add_style(doc, style)
    para(doc, "Giấy khen - Quốc hiệu", nd30.QUOC_HIEU)
    para(doc, "Giấy khen - Tiêu ngữ", nd30.TIEU_NGU)
    para(doc, "Giấy khen - Người tặng", "{{ tham_quyen_ban_hanh | hoa }}")
    para(doc, "Giấy khen - Tặng", "TẶNG")
    title = para(doc, "Giấy khen - Tên", "GIẤY KHEN")
    title.runs[0].font.color.rgb = RGBColor(0xC0, 0, 0)
    para(doc, "Giấy khen - Người nhận", "{{ danh_xung }} {{ ho_ten }}")
    para(doc, "Giấy khen - Nội dung", "{{ chuc_vu }}, {{ don_vi }}")
    para(doc, "Giấy khen - Nội dung", "{{ thanh_tich | hoa_dau }}")
    width = (nd30.PAGE_HEIGHT_MM - 50) / 10
    table = frame.borderless_table(doc, [width / 2, width / 2])
    left, right = table.rows[0].cells
    left.paragraphs[0].style = "Giấy khen - Căn cứ"
    left.paragraphs[0].add_run("Quyết định số {{ so }}/{{ ky_hieu }} ngày {{ ngay }}")
    para(left, "Giấy khen - Căn cứ", "Số sổ vàng: {{ so_so_vang }}").paragraph_format.space_before = Pt(0)
    right.paragraphs[0].style = "Giấy khen - Ngày"
    right.paragraphs[0].add_run("{{ ngay | ngay(dia_danh) }}")
    frame.add_lines(right, "Giấy khen - Ký", "nguoi_ky | chu_ky")
    para(right, "Chỗ ký").paragraph_format.line_spacing = Mm(22)
    para(right, "Giấy khen - Ký", "{{ nguoi_ky.ho_ten }}").runs[0].font.size = Pt(14)
    frame.keep_row_together(table)
    return doc


PEOPLE = (  # (họ tên, danh xưng, chức vụ, đơn vị): an example list, names invented
    ("Hoàng Thị Yến", "Bà", "Chuyên viên", "Văn phòng Sở"),
    ("Nguyễn Văn Bình", "Ông", "Phó Chánh Văn phòng", "Văn phòng Sở"),
    ("Lăng Thị Hoa", "Bà", "Trưởng phòng", "Phòng Công chức, viên chức"),
    ("Đinh Văn Đức", "Ông", "Chuyên viên", "Phòng Công chức, viên chức"),
    ("Vi Thị Ánh", "Bà", "Chuyên viên chính", "Phòng Tổ chức, biên chế"),
    ("Trần Quốc Toản", "Ông", "Phó Trưởng phòng", "Phòng Thi đua - Khen thưởng"),
    ("Lương Văn An", "Ông", "Chuyên viên", "Phòng Thi đua - Khen thưởng"),
    ("Mã Thị Thu", "Bà", "Chuyên viên", "Văn phòng Sở"),
    ("Chu Văn Đạt", "Ông", "Kế toán", "Văn phòng Sở"),
    ("Nông Thị Bích", "Bà", "Phó Trưởng phòng", "Phòng Tổ chức, biên chế"),
    ("Phạm Minh Châu", "Bà", "Chuyên viên", "Phòng Công chức, viên chức"),
    ("Hà Văn Ân", "Ông", "Chuyên viên", "Phòng Tổ chức, biên chế"),
    ("Lục Thị Ơn", "Bà", "Văn thư", "Văn phòng Sở"),
    ("Tô Văn Ước", "Ông", "Trưởng phòng", "Phòng Thi đua - Khen thưởng"),
    ("Bế Thị Lan", "Bà", "Chuyên viên", "Phòng Thi đua - Khen thưởng"),
    ("Nguyễn Thị Ngọc", "Bà", "Chuyên viên", "Phòng Công chức, viên chức"),
    ("Đàm Văn Giang", "Ông", "Trưởng phòng", "Phòng Tổ chức, biên chế"),
    ("Lê Thị Ê", "Bà", "Chuyên viên", "Phòng Thi đua - Khen thưởng"),
    ("Triệu Văn Sơn", "Ông", "Chánh Văn phòng", "Văn phòng Sở"),
    ("Hoàng Văn Ấn", "Ông", "Phó Trưởng phòng", "Phòng Công chức, viên chức"),
)
REWARD = 702_000  # 0,3 × mức lương cơ sở 2.340.000 đồng: Giấy khen of a department head to one person
HEADINGS = ("STT", "Họ tên", "Danh xưng", "Chức vụ", "Đơn vị", "Số tiền", "Số sổ vàng")


def _sheet(sheet: Worksheet) -> None:
    sheet.append(HEADINGS)
    for number, (name, title, position, unit) in enumerate(PEOPLE, 1):
        sheet.append((number, name, title, position, unit, REWARD, f"{number:03d}/GK-2025"))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    for column, width in zip("ABCDEFG", (6, 24, 10, 22, 30, 12, 14), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2, min_col=6, max_col=6):
        row[0].number_format = "#,##0"
    sheet.freeze_panes = "A2"


def build_danh_sach() -> bytes:
    """The Excel list of the 20 people awarded: headings in Vietnamese on the first row."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Danh sách"
    _sheet(sheet)
    return workbook.to_bytes(book)


def build_all(folder: Path = HERE) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, builder in (("quyet-dinh-mau.docx", build_quyet_dinh), ("giay-khen-mau.docx", build_giay_khen)):
        doc = builder()
        frame.slim_package(doc)
        (folder / name).write_bytes(output.docx_bytes(doc))
        written.append(folder / name)
    (folder / "danh-sach.xlsx").write_bytes(build_danh_sach())
    written.append(folder / "danh-sach.xlsx")
    return written


if __name__ == "__main__":
    for path in build_all(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(f"wrote {path}")
