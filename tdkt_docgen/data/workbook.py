"""The data-collection workbook each member fills for the cluster's yearly report (Excel, .xlsx).

One layout, used both to write the blank workbook (``tdkt init bao_cao --xlsx``) and to read a filled one:
an instructions sheet with the member and the year, then one sheet per block of figures (documents issued,
indicators, awards by form, notes). Input cells are unlocked, tinted and validated by Excel itself; the
rest of each sheet is protected (without a password: it guards against slips, not against people).

Reading checks what a secretary would otherwise check by hand and names every cell ("Khen thưởng!D12"):
empty required cells, text where a number belongs (numbers typed as Vietnamese text, "7.293,1", are read,
with a warning), totals that are not the sum of their parts, parts above their whole, shares above 100 %.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..errors import DocgenError, Position
from ..output import fixed_timestamps
from ..reference import award_forms, award_groups
from ..vn import MAX_NUMBER, format_number, nfc, shown, to_decimal
from .packages import check_package
from .reading import EXCEL_ERROR_HINT, EXCEL_ERRORS, read_bytes

TEMPLATE_ID = "tdkt-docgen: số liệu báo cáo tổng kết thi đua, khen thưởng"
VERSION = 1

GUIDE, DOCUMENTS, INDICATORS, AWARDS, NOTES = "Hướng dẫn", "Văn bản", "Chỉ tiêu", "Khen thưởng", "Ghi chú"
MEMBER_CELL, YEAR_CELL, TEMPLATE_CELL, VERSION_CELL = "C4", "C5", "C22", "C23"

Kind = Literal["count", "change", "amount", "growth", "share", "of_plan", "text"]


@dataclass(frozen=True)
class Item:
    """One input row: where its value goes in the member's figures, what it is called, its unit and kind."""

    key: tuple[str, ...]  # ("chi_tieu", "thu_ngan_sach")
    label: str
    unit: str
    kind: Kind
    required: bool = True
    whole: str | None = None  # the key (last part) of the indicator this one is a part of


INDICATORS_ITEMS = (
    Item(("chi_tieu", "tang_truong_grdp"), "Tốc độ tăng trưởng kinh tế (GRDP)", "%", "growth"),
    Item(("chi_tieu", "thu_ngan_sach"), "Tổng thu ngân sách nhà nước trên địa bàn", "tỷ đồng", "amount"),
    Item(("chi_tieu", "thu_ngan_sach_dat"), "Thu ngân sách so với dự toán năm", "%", "of_plan", False),
    Item(("chi_tieu", "giam_ty_le_ho_ngheo"), "Tỷ lệ hộ nghèo giảm", "điểm %", "share"),
    Item(("chi_tieu", "giai_quyet_viec_lam"), "Số lao động được giải quyết việc làm", "người", "count"),
    Item(("chi_tieu", "truong_dat_chuan"), "Trường đạt chuẩn quốc gia (lũy kế)", "trường", "count"),
    Item(("chi_tieu", "truong_dat_chuan_trong_nam"), "   trong đó: được công nhận trong năm", "trường", "count",
         False, "truong_dat_chuan"),
    Item(("chi_tieu", "tong_so_xa"), "Tổng số xã", "xã", "count"),
    Item(("chi_tieu", "xa_nong_thon_moi"), "Xã đạt chuẩn nông thôn mới (lũy kế)", "xã", "count", True, "tong_so_xa"),
    Item(("chi_tieu", "xa_nong_thon_moi_nang_cao"), "   trong đó: đạt chuẩn nông thôn mới nâng cao", "xã", "count",
         False, "xa_nong_thon_moi"),
    Item(("chi_tieu", "xa_nong_thon_moi_kieu_mau"), "   trong đó: đạt chuẩn nông thôn mới kiểu mẫu", "xã", "count",
         False, "xa_nong_thon_moi"),
    Item(("chi_tieu", "tong_so_huyen"), "Tổng số huyện (đến 30/6/2025)", "huyện", "count", False),
    Item(("chi_tieu", "huyen_nong_thon_moi"), "Huyện đạt chuẩn nông thôn mới (đến 30/6/2025)", "huyện", "count",
         False, "tong_so_huyen"),
    Item(("chi_tieu", "tong_so_xa_y_te"), "Tổng số xã, phường, thị trấn", "xã", "count", False),
    Item(("chi_tieu", "xa_dat_chuan_y_te"), "Xã, phường, thị trấn đạt Bộ tiêu chí quốc gia về y tế", "xã", "count",
         True, "tong_so_xa_y_te"),
    Item(("chi_tieu", "an_toan_giao_thong", "so_vu"), "Tai nạn giao thông so với cùng kỳ: số vụ (tăng +, giảm −)",
         "vụ", "change"),
    Item(("chi_tieu", "an_toan_giao_thong", "so_nguoi_chet"), "   số người chết (tăng +, giảm −)", "người", "change"),
    Item(("chi_tieu", "an_toan_giao_thong", "so_nguoi_bi_thuong"), "   số người bị thương (tăng +, giảm −)", "người",
         "change"),
)
DOCUMENT_ITEMS = (
    Item(("van_ban",), "Văn bản chỉ đạo, triển khai công tác thi đua, khen thưởng đã ban hành trong năm", "văn bản",
         "count"),
)
NOTE_ITEMS = (
    Item(("chu_de_thi_dua",), "Chủ đề (khẩu hiệu) thi đua của năm", "", "text", False),
    Item(("phong_trao_chuyen_de",), "Phong trào thi đua chuyên đề nổi bật (viết tiếp sau tên tỉnh, chữ thường)", "",
         "text", False),
    Item(("cach_lam_hay",), "Cách làm hay, mô hình mới (viết tiếp sau tên tỉnh, chữ thường)", "", "text", False),
)
FIRST_ROW = 5  # the first input row of every figures sheet (title, subtitle, blank, header above)
AWARD_COLUMNS = (("tong_so", "Tổng số"), ("tap_the", "Tập thể"), ("ca_nhan", "Cá nhân"),
                 ("lao_dong_truc_tiep", "Trong đó: người lao động trực tiếp"))
AWARD_FIRST_COLUMN = 4  # D: "Tổng số"; A holds the form's code (hidden), B its number, C its name
GROWTH_WARNING = Decimal(30)  # a growth rate beyond ±30 % is possible but worth a second look
# How input cells show numbers. Rates are written with at least one decimal ("tăng 7,0%"); Excel keeps 7,0 as
# 7, so reading takes the decimals shown by the cell's format back (``_shown_decimals``).
NUMBER_FORMATS: dict[str, str] = {"count": "#,##0", "change": "0", "growth": "0.0#", "share": "0.0#"}

INPUT_FILL = PatternFill("solid", fgColor="FFF8DC")
CLOSED_FILL = PatternFill("solid", fgColor="D9D9D9")
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD = Font(name="Times New Roman", size=12, bold=True)
BODY = Font(name="Times New Roman", size=12)


def forms_of(year: int) -> list[Any]:
    """The forms a member province reports to its cluster: in force that year, each Huân chương as "các
    hạng" (not class by class) and no base-level forms (a province's cluster report does not count them)."""
    groups = award_groups()
    return [form for form in award_forms().values()
            if form.exists_in(year) and form.thuoc is None and groups[form.nhom].cap != "co_so"]


def default_year(today: dt.date | None = None) -> int:
    """The year a report is being prepared for: this year from October (year-end reviews), else last year."""
    today = today or dt.date.today()
    return today.year if today.month >= 10 else today.year - 1


# ------------------------------------------------------------------ writing the blank workbook


def blank(year: int, members: Iterable[str] = ()) -> bytes:
    """The workbook for one member to fill, for ``year``; with ``members``, the member is picked from a list."""
    book = Workbook()
    _guide(book.active, year, list(members))
    _items_sheet(book.create_sheet(DOCUMENTS), "VĂN BẢN CHỈ ĐẠO, TRIỂN KHAI", DOCUMENT_ITEMS)
    _items_sheet(book.create_sheet(INDICATORS), "MỘT SỐ CHỈ TIÊU KINH TẾ - XÃ HỘI CHỦ YẾU", INDICATORS_ITEMS)
    _awards_sheet(book.create_sheet(AWARDS), year)
    _items_sheet(book.create_sheet(NOTES), "GHI CHÚ, NỘI DUNG NỔI BẬT (KHÔNG BẮT BUỘC)", NOTE_ITEMS)
    for sheet in book.worksheets:
        sheet.sheet_properties.pageSetUpPr.fitToPage = True  # printed one page wide
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.protection.sheet = True
        sheet.protection.formatCells = False  # widths and heights may still be changed
        sheet.protection.formatColumns = False
        sheet.protection.formatRows = False
    book.properties.title = TEMPLATE_ID
    book.properties.creator = "tdkt-docgen"
    return to_bytes(book)


FIXED_TIME = "2000-01-01T00:00:00Z"


def to_bytes(book: Workbook) -> bytes:
    """The saved workbook, the same bytes for the same content: openpyxl dates every save, so the dates in
    the core properties and in the ZIP entries are fixed afterwards."""
    book.properties.created = dt.datetime(2000, 1, 1)
    buffer = io.BytesIO()
    book.save(buffer)
    modified = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*")
    return fixed_timestamps(buffer.getvalue(), {
        "docProps/core.xml": lambda xml: modified.sub(rb"\g<1>" + FIXED_TIME.encode(), xml)})


def _guide(sheet: Worksheet, year: int, members: list[str]) -> None:
    sheet.title = GUIDE
    sheet.column_dimensions["A"].width = 3
    sheet.column_dimensions["B"].width = 34
    sheet.column_dimensions["C"].width = 70
    _title(sheet, "MẪU SỐ LIỆU BÁO CÁO TỔNG KẾT CÔNG TÁC THI ĐUA, KHEN THƯỞNG",
           f"Năm {year} — mỗi tỉnh, thành phố điền một tệp, gửi đơn vị Trưởng cụm", 3)
    _label(sheet, "B4", "Tỉnh, thành phố (thành viên của Cụm)")
    _input(sheet, MEMBER_CELL)
    if members:
        _validate(sheet, MEMBER_CELL, DataValidation(type="list", formula1=_member_list(sheet, members),
                                                     allow_blank=False), "Chọn tỉnh, thành phố trong danh sách.")
    _label(sheet, "B5", "Năm báo cáo")
    _input(sheet, YEAR_CELL, year)
    _validate(sheet, YEAR_CELL, DataValidation(type="whole", operator="between", formula1="2000", formula2="2100"),
              "Năm có 4 chữ số, ví dụ 2023.")
    lines = [
        "Cách điền:",
        "1. Chỉ điền vào các ô màu vàng nhạt; các ô khác đã được khóa.",
        "2. Ghi tên tỉnh, thành phố đúng như trong danh sách thành viên của Cụm (có dấu), ví dụ: Lạng Sơn.",
        f"3. Sheet '{DOCUMENTS}', '{INDICATORS}': số liệu cả năm; ô có ghi 'bắt buộc' không được để trống.",
        f"4. Sheet '{AWARDS}': số được khen của từng hình thức; để trống nghĩa là 0. Cột 'Tổng số' = tập thể + cá nhân;"
        " 'Trong đó: người lao động trực tiếp' không lớn hơn 'Tổng số'.",
        "5. Số thập phân dùng dấu phẩy (7.293,1) hoặc theo cài đặt của máy; số gõ dạng chữ cũng được đọc.",
        f"6. Sheet '{NOTES}' (không bắt buộc): câu chữ để đưa vào báo cáo của Cụm.",
        "7. Không đổi tên sheet, không chèn hay xóa dòng, cột. Lưu dạng Excel (.xlsx), tên tệp theo tỉnh, ví dụ "
        "lang-son.xlsx.",
        "Đơn vị Trưởng cụm gộp các tệp bằng lệnh: tdkt merge cum.yaml so-lieu/*.xlsx -o cum.yaml",
    ]
    for offset, line in enumerate(lines):
        cell = sheet.cell(row=8 + offset, column=2, value=line)
        cell.font = HEAD if offset == 0 else BODY
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.merge_cells(start_row=8 + offset, start_column=2, end_row=8 + offset, end_column=3)
        sheet.row_dimensions[8 + offset].height = 32 if len(line) > 95 else 18
    _label(sheet, "B22", "Mẫu (không sửa)")
    _label(sheet, "B23", "Phiên bản mẫu (không sửa)")
    sheet[TEMPLATE_CELL], sheet[VERSION_CELL] = TEMPLATE_ID, VERSION
    for name in (TEMPLATE_CELL, VERSION_CELL):
        sheet[name].font = BODY
        sheet[name].alignment = Alignment(horizontal="left")


def _items_sheet(sheet: Worksheet, title: str, items: tuple[Item, ...]) -> None:
    texts = items[0].kind == "text"
    for column, width in zip("ABCDE", (6, 62, 60 if texts else 16, 12, 14), strict=True):
        sheet.column_dimensions[column].width = width
    _title(sheet, title, "Điền vào cột 'Số liệu' (ô màu vàng nhạt)", 5)
    for column, text in zip("ABCDE", ("STT", "Nội dung", "Số liệu", "Đơn vị tính", "Ghi chú"), strict=True):
        _header(sheet, f"{column}4", text)
    for offset, item in enumerate(items):
        row = FIRST_ROW + offset
        required = "bắt buộc" if item.required else ""
        for number, value in ((1, offset + 1), (2, item.label), (4, item.unit), (5, required)):
            _fixed(sheet, row, number, value, left=number == 2)
        _input(sheet, f"C{row}")
        if texts:
            sheet[f"C{row}"].alignment = Alignment(wrap_text=True, vertical="top")
            sheet.row_dimensions[row].height = 90
        else:
            _validate(sheet, f"C{row}", *_rule(item))
            sheet[f"C{row}"].number_format = NUMBER_FORMATS.get(item.kind, "General")


def _rule(item: Item) -> tuple[DataValidation, str]:
    """Excel's own check of an input cell, and what it says when the value is refused."""
    if item.kind == "count":
        return (DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0"),
                "Nhập số nguyên không âm, ví dụ 58.")
    if item.kind == "change":
        return DataValidation(type="whole"), "Nhập số nguyên: dương nếu tăng, âm nếu giảm so với cùng kỳ, 0 nếu bằng."
    if item.kind == "share":
        return (DataValidation(type="decimal", operator="between", formula1="0", formula2="100"),
                "Nhập số phần trăm từ 0 đến 100, ví dụ 3,42.")
    if item.kind == "growth":
        return (DataValidation(type="decimal", operator="between", formula1="-100", formula2="100"),
                "Nhập số phần trăm, có thể âm, ví dụ 7,1 hoặc -3,8.")
    return (DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0"),
            "Nhập số không âm, phần thập phân sau dấu phẩy, ví dụ 7.293,1.")


def _awards_sheet(sheet: Worksheet, year: int) -> None:
    sheet.column_dimensions["A"].hidden = True  # the form's code, read back
    for column, width in zip("BCDEFG", (6, 52, 12, 12, 12, 18), strict=True):
        sheet.column_dimensions[column].width = width
    _title(sheet, "KẾT QUẢ KHEN THƯỞNG TRONG NĂM", "Số tập thể, cá nhân được khen; để trống nghĩa là 0", 7)
    _header(sheet, "A4", "Mã")
    for column, text in zip("BC", ("STT", "Hình thức khen thưởng"), strict=True):
        _header(sheet, f"{column}4", text)
    for offset, (_, text) in enumerate(AWARD_COLUMNS):
        _header(sheet, f"{get_column_letter(AWARD_FIRST_COLUMN + offset)}4", text)
    sheet.row_dimensions[4].height = 48
    forms = forms_of(year)
    whole = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
    _validate(sheet, None, whole, "Nhập số nguyên không âm (để trống nghĩa là 0).")
    for offset, form in enumerate(forms):
        row = FIRST_ROW + offset
        sheet.cell(row=row, column=1, value=form.ma)
        _fixed(sheet, row, 2, offset + 1, left=False)
        _fixed(sheet, row, 3, form.ten, left=True)
        for index, (key, _) in enumerate(AWARD_COLUMNS):
            name = f"{get_column_letter(AWARD_FIRST_COLUMN + index)}{row}"
            if key in ("tap_the", "ca_nhan") and key not in form.doi_tuong:
                sheet[name].fill, sheet[name].border = CLOSED_FILL, BOX  # not awarded to this kind of recipient
            else:
                _input(sheet, name)
                sheet[name].number_format = NUMBER_FORMATS["count"]
                whole.add(name)
    total_row = FIRST_ROW + len(forms)
    sheet.cell(row=total_row, column=3, value="Cộng").font = HEAD
    sheet.cell(row=total_row, column=3).border = BOX
    sheet.cell(row=total_row, column=2).border = BOX
    for index in range(len(AWARD_COLUMNS)):
        name = f"{get_column_letter(AWARD_FIRST_COLUMN + index)}{total_row}"
        _input(sheet, name)
        sheet[name].font = HEAD
        whole.add(name)
    sheet.freeze_panes = f"D{FIRST_ROW}"


def _title(sheet: Worksheet, title: str, subtitle: str, columns: int) -> None:
    for row, text, font in ((1, title, Font(name="Times New Roman", size=13, bold=True)),
                            (2, subtitle, Font(name="Times New Roman", size=12, italic=True))):
        cell = sheet.cell(row=row, column=1, value=text)
        cell.font, cell.alignment = font, Alignment(horizontal="center")
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)


def _fixed(sheet: Worksheet, row: int, column: int, value: object, left: bool) -> None:
    """A locked cell of the layout: a number, a label, a unit."""
    cell = sheet.cell(row=row, column=column, value=value)
    cell.font, cell.border = BODY, BOX
    cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="left" if left else "center")


def _header(sheet: Worksheet, name: str, text: str) -> None:
    cell = sheet[name]
    cell.value, cell.font, cell.border = text, HEAD, BOX
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _label(sheet: Worksheet, name: str, text: str) -> None:
    sheet[name] = text
    sheet[name].font = HEAD


def _input(sheet: Worksheet, name: str, value: object = None) -> None:
    cell = sheet[name]
    if value is not None:
        cell.value = value
    cell.protection = Protection(locked=False)
    cell.fill, cell.border, cell.font = INPUT_FILL, BOX, BODY
    if cell.alignment.wrap_text is not True:
        cell.alignment = Alignment(horizontal="right" if name != MEMBER_CELL else "left")


MEMBERS_SHEET = "Danh sách thành viên"  # hidden: the list a long or unusual member list is chosen from
MAX_LIST_FORMULA = 255  # characters of a list written in the validation itself (Excel's limit)


def _member_list(sheet: Worksheet, members: list[str]) -> str:
    """The source of the member list: the names themselves when they fit Excel's rules for a written list
    (255 characters, no comma or quotation mark), else a range of a hidden sheet holding them as text, so
    that quotes, commas or a name that looks like a formula ("=HYPERLINK(…)") are only ever names."""
    written = '"' + ",".join(members) + '"'
    if len(written) <= MAX_LIST_FORMULA and not any(c in name for name in members for c in ',"') \
            and not any(name.startswith(("=", "+", "-", "@")) for name in members):
        return written
    book = sheet.parent
    names = book.create_sheet(MEMBERS_SHEET)
    names.sheet_state = "hidden"
    for row, member in enumerate(members, 1):
        cell = names.cell(row=row, column=1)
        cell.value = member
        cell.data_type = "s"  # text, even when it starts with "=": never a formula
    names.protection.sheet = True
    return f"'{MEMBERS_SHEET}'!$A$1:$A${len(members)}"


def _validate(sheet: Worksheet, name: str | None, rule: DataValidation, message: str) -> None:
    rule.allow_blank = True
    rule.showErrorMessage = True
    rule.errorTitle = "Số liệu không hợp lệ"
    rule.error = message
    rule.showInputMessage = True
    rule.prompt = message
    sheet.add_data_validation(rule)
    if name is not None:
        rule.add(name)


# ------------------------------------------------------------------ reading a filled workbook


@dataclass(frozen=True)
class Finding:
    """A problem in a workbook: an error stops the merge, a warning is listed and the merge goes on."""

    position: Position
    message: str
    hint: str | None = None
    warning: bool = False

    def __str__(self) -> str:
        return f"{self.position}: {self.message}" + (f" {self.hint}" if self.hint else "")


@dataclass
class MemberFigures:
    """What one member's workbook holds, with the cell each value came from."""

    path: Path
    member: str | None = None
    year: int | None = None
    van_ban: int | None = None
    chi_tieu: dict[str, Any] = field(default_factory=dict)
    khen_thuong: dict[str, dict[str, int]] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    cells: dict[tuple[str, ...], Position] = field(default_factory=dict)  # figure key -> its cell
    findings: list[Finding] = field(default_factory=list)




class _Reader:
    def __init__(self, path: Path, shown: str):
        self.figures = MemberFigures(path)
        self.shown = shown  # the path as the user wrote it
        self.content = b""
        self._formulas: Any = None

    def formula(self, sheet: str, name: str) -> str | None:
        """The formula of a cell (read once, only when a cell has no value), or None."""
        if self._formulas is None:
            try:
                self._formulas = load_workbook(io.BytesIO(self.content), data_only=False)
            except Exception:  # noqa: BLE001 - already read once with values
                self._formulas = {}
        try:
            value = self._formulas[sheet][name].value
        except KeyError:
            return None
        return value if isinstance(value, str) and value.startswith("=") else None

    def at(self, sheet: str, name: str) -> Position:
        return Position(self.shown, cell=f"{sheet}!{name}")

    def error(self, sheet: str, name: str, message: str, hint: str | None = None) -> None:
        self.figures.findings.append(Finding(self.at(sheet, name), message, hint))

    def warn(self, sheet: str, name: str, message: str) -> None:
        self.figures.findings.append(Finding(self.at(sheet, name), message, warning=True))

    def number(self, sheet: Worksheet, name: str, label: str, kind: Kind, required: bool) -> Decimal | None:
        """The value of a number cell, or None (empty); reports what is wrong with it."""
        value = sheet[name].value
        if value is None and self.formula(sheet.title, name):
            self.error(sheet.title, name, f"ô có công thức {self.formula(sheet.title, name)} nhưng chưa có giá trị đã "
                                          f"tính ({label}): tệp được tạo bằng chương trình không tính công thức.",
                       "Mở tệp bằng Excel hoặc LibreOffice Calc, lưu lại (để công thức được tính) rồi gửi lại.")
            return None
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.error(sheet.title, name, f"ô bắt buộc còn trống ({label}).", "Điền số liệu vào ô này.")
            return None
        if isinstance(value, str) and value.strip() in EXCEL_ERRORS:
            self.error(sheet.title, name, f"ô có lỗi công thức của Excel '{value.strip()}', không phải số ({label}).",
                       EXCEL_ERROR_HINT)
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
            self.error(sheet.title, name, f"phải là số ({label}), đang là {shown(value)}.")
            return None
        try:
            number = to_decimal(value)
        except ValueError:
            self.error(sheet.title, name, f"phải là số ({label}), đang là chữ '{value}'.",
                       "Gõ số, ví dụ 7.293,1 hoặc 58.")
            return None
        if not number.is_finite() or abs(number) >= MAX_NUMBER:
            self.error(sheet.title, name, f"số quá lớn ({label}: {value}); số liệu phải nhỏ hơn 10^15.",
                       "Kiểm tra lại ô này (có thể gõ thừa chữ số hoặc nhầm ô).")
            return None
        if isinstance(value, str):
            self.warn(sheet.title, name, f"số được gõ dạng chữ '{value.strip()}', đã đọc là {format_number(number)} "
                                         f"({label}); nếu không đúng, gõ lại dạng số.")
        else:
            number = _shown_decimals(number, sheet[name].number_format)
        return self._within(sheet.title, name, label, kind, number)

    def _within(self, sheet: str, name: str, label: str, kind: Kind, number: Decimal) -> Decimal | None:
        integral = kind in ("count", "change")
        if integral and number != number.to_integral_value():
            self.error(sheet, name, f"phải là số nguyên ({label}), đang là {format_number(number)}.")
            return None
        if kind in ("count", "amount", "of_plan", "share") and number < 0:
            self.error(sheet, name, f"không được âm ({label}), đang là {format_number(number)}.")
            return None
        if kind == "share" and number > 100:
            self.error(sheet, name, f"tỷ lệ lớn hơn 100% ({label}: {format_number(number)}%).",
                       "Kiểm tra lại: tỷ lệ tính trên tổng số không thể quá 100%.")
            return None
        if kind == "growth" and abs(number) > GROWTH_WARNING:
            self.warn(sheet, name, f"{label} là {format_number(number)}%, rất cao; kiểm tra lại.")
        return Decimal(int(number)) if integral else number


def _shown_decimals(number: Decimal, number_format: str) -> Decimal:
    """A number with at least the decimals its cell's format shows: 7 in a "0.0#" cell is 7,0."""
    match = re.search(r"\.(0+)", number_format or "")
    exponent = number.as_tuple().exponent
    if match and isinstance(exponent, int) and -exponent < len(match.group(1)):
        return number.quantize(Decimal(1).scaleb(-len(match.group(1))))
    return number


def read(path: Path, shown: str | None = None) -> MemberFigures:
    """A member's figures from its workbook, with every problem found (``figures.findings``)."""
    reader = _Reader(path, shown or str(path))
    figures = reader.figures
    try:
        reader.content = read_bytes(path, "tệp số liệu", DocgenError)
        check_package(reader.content, path, "tệp số liệu", DocgenError)  # sizes decompressed, no DTD
        book = load_workbook(io.BytesIO(reader.content), data_only=True)
    except DocgenError as error:
        figures.findings.append(Finding(Position(reader.shown), error.message, error.hint))
        return figures
    except Exception:  # noqa: BLE001 - zipfile, XML and openpyxl's own errors all mean "not a workbook"
        figures.findings.append(Finding(Position(reader.shown), "không đọc được tệp Excel (.xlsx).",
                                        "Mở tệp bằng Excel hoặc LibreOffice Calc và lưu lại dạng .xlsx."))
        return figures
    missing = [name for name in (GUIDE, DOCUMENTS, INDICATORS, AWARDS, NOTES) if name not in book.sheetnames]
    if missing or book[GUIDE][TEMPLATE_CELL].value != TEMPLATE_ID:
        figures.findings.append(Finding(Position(reader.shown), "không phải mẫu số liệu của tdkt-docgen"
                                        + (f" (thiếu sheet {', '.join(missing)})." if missing else "."),
                                        "Tạo mẫu bằng: tdkt init bao_cao --xlsx -o mau-so-lieu.xlsx"))
        return figures
    _identity(reader, book[GUIDE])
    if any(not f.warning for f in figures.findings):
        return figures
    _items(reader, book[DOCUMENTS], DOCUMENT_ITEMS)
    _items(reader, book[INDICATORS], INDICATORS_ITEMS)
    _awards(reader, book[AWARDS])
    _notes(reader, book[NOTES])
    return figures


def _identity(reader: _Reader, sheet: Worksheet) -> None:
    figures = reader.figures
    version = sheet[VERSION_CELL].value
    if str(version).strip() != str(VERSION):
        shown = "không ghi phiên bản" if version is None or not str(version).strip() else f"phiên bản {version}"
        reader.error(GUIDE, VERSION_CELL,
                     f"tệp theo mẫu {shown}, chương trình đọc mẫu phiên bản {VERSION}.",
                     "Chép số liệu sang mẫu mới: tdkt init bao_cao --xlsx -o mau-so-lieu.xlsx")
        return
    member = sheet[MEMBER_CELL].value
    if member is None or not str(member).strip():
        reader.error(GUIDE, MEMBER_CELL, "chưa ghi tên tỉnh, thành phố.", "Ghi tên thành viên của Cụm, ví dụ Lạng Sơn.")
    else:
        figures.member = nfc(str(member).strip())
    year = reader.number(sheet, YEAR_CELL, "năm báo cáo", "count", True)
    figures.year = int(year) if year is not None else None


def _items(reader: _Reader, sheet: Worksheet, items: tuple[Item, ...]) -> None:
    figures = reader.figures
    values: dict[str, tuple[Decimal, str]] = {}
    for offset, item in enumerate(items):
        name = f"C{FIRST_ROW + offset}"
        if sheet[f"B{FIRST_ROW + offset}"].value != item.label:
            reader.error(sheet.title, f"B{FIRST_ROW + offset}", "dòng này đã bị đổi (chèn, xóa hoặc sửa).",
                         "Dùng lại mẫu gốc: tdkt init bao_cao --xlsx")
            return
        number = reader.number(sheet, name, item.label.strip(), item.kind, item.required)
        if number is None:
            continue
        values[item.key[-1]] = (number, name)
        figures.cells[item.key] = reader.at(sheet.title, name)
        if item.key == ("van_ban",):
            figures.van_ban = int(number)
        else:
            target = figures.chi_tieu
            for part in item.key[1:-1]:
                target = target.setdefault(part, {})
            target[item.key[-1]] = int(number) if item.kind in ("count", "change") else number
    _parts_within_wholes(reader, sheet.title, items, values)


def _parts_within_wholes(reader: _Reader, sheet: str, items: tuple[Item, ...],
                         values: dict[str, tuple[Decimal, str]]) -> None:
    labels = {item.key[-1]: item.label.strip() for item in items}
    parts_of: dict[str, list[str]] = {}
    for item in items:
        if item.whole is not None and item.key[-1] in values and item.whole in values:
            parts_of.setdefault(item.whole, []).append(item.key[-1])
    for whole, parts in parts_of.items():
        total, whole_cell = values[whole]
        for part in parts:
            number, cell = values[part]
            if number > total:
                reader.error(sheet, cell, f"{labels[part]} ({format_number(number)}) lớn hơn "
                                          f"{labels[whole]} ({format_number(total)}, ô {whole_cell}).")
        if len(parts) > 1 and sum(values[p][0] for p in parts) > total:
            cells = ", ".join(values[p][1] for p in parts)
            reader.error(sheet, cells, f"cộng các dòng 'trong đó' ({format_number(sum(values[p][0] for p in parts))})"
                                       f" lớn hơn {labels[whole]} ({format_number(total)}, ô {whole_cell}).")


def _awards(reader: _Reader, sheet: Worksheet) -> None:
    forms = award_forms()
    row = FIRST_ROW
    sums = [Decimal(0)] * len(AWARD_COLUMNS)
    while (code := sheet.cell(row=row, column=1).value) is not None:
        if code not in forms:
            reader.error(AWARDS, f"A{row}", f"mã hình thức '{code}' không có.", "Dùng lại mẫu gốc.")
            return
        name = forms[code].ten
        cells = [f"{get_column_letter(AWARD_FIRST_COLUMN + i)}{row}" for i in range(len(AWARD_COLUMNS))]
        counts = [reader.number(sheet, c, f"{name}, {label}", "count", False) for c, (_, label) in
                  zip(cells, AWARD_COLUMNS, strict=True)]
        stated, tap_the, ca_nhan, truc_tiep = counts
        for key, value, cell in (("tap_the", tap_the, cells[1]), ("ca_nhan", ca_nhan, cells[2])):
            if value and key not in forms[code].doi_tuong:
                who = "tập thể" if key == "tap_the" else "cá nhân"
                reader.error(AWARDS, cell, f"{name} không tặng cho {who}.", "Để trống ô này.")
        whole = (tap_the or Decimal(0)) + (ca_nhan or Decimal(0))
        if stated is not None and stated != whole:
            reader.error(AWARDS, cells[0], f"Tổng số {name} là {format_number(stated)} nhưng tập thể + cá nhân "
                                           f"= {format_number(whole)} ({cells[1]} + {cells[2]}).",
                         "Sửa ô Tổng số hoặc ô tập thể, cá nhân cho khớp.")
        if truc_tiep is not None and truc_tiep > whole:
            reader.error(AWARDS, cells[3], f"người lao động trực tiếp ({format_number(truc_tiep)}) lớn hơn tổng số "
                                           f"được khen {name} ({format_number(whole)}).")
        values = {key: int(value) for key, value in
                  (("tap_the", tap_the), ("ca_nhan", ca_nhan), ("lao_dong_truc_tiep", truc_tiep)) if value}
        if values:  # blank cells are 0: left out, as a data file leaves them out
            reader.figures.khen_thuong[code] = values
            reader.figures.cells[("khen_thuong", code)] = reader.at(AWARDS, cells[0])
        for i, value in enumerate((whole, tap_the, ca_nhan, truc_tiep)):
            sums[i] += value or 0
        row += 1
    _award_totals(reader, sheet, row, sums)


def _award_totals(reader: _Reader, sheet: Worksheet, row: int, sums: list[Decimal]) -> None:
    """The "Cộng" row, when filled, must be the sum of each column."""
    for index, (_, label) in enumerate(AWARD_COLUMNS):
        name = f"{get_column_letter(AWARD_FIRST_COLUMN + index)}{row}"
        stated = reader.number(sheet, name, f"Cộng, {label}", "count", False)
        if stated is not None and stated != sums[index]:
            first = f"{get_column_letter(AWARD_FIRST_COLUMN + index)}{FIRST_ROW}"
            reader.error(AWARDS, name, f"dòng Cộng, cột {label}: ghi {format_number(stated)} nhưng cộng các dòng "
                                       f"{first}:{name[0]}{row - 1} được {format_number(sums[index])}.",
                         "Sửa ô Cộng hoặc các dòng trên cho khớp (có thể để trống ô Cộng).")


def _notes(reader: _Reader, sheet: Worksheet) -> None:
    for offset, item in enumerate(NOTE_ITEMS):
        name = f"C{FIRST_ROW + offset}"
        value = sheet[name].value
        if value is not None and str(value).strip():
            reader.figures.notes[item.key[0]] = nfc(" ".join(str(value).split()))
            reader.figures.cells[("noi_dung", item.key[0])] = reader.at(sheet.title, name)


# ------------------------------------------------------------------ where each value goes (for filling)


def item_cells() -> dict[tuple[str, ...], tuple[str, str]]:
    """(sheet, cell) of every single-value input: ("chi_tieu", "thu_ngan_sach") -> ("Chỉ tiêu", "C6")."""
    cells = {}
    for sheet, items in ((DOCUMENTS, DOCUMENT_ITEMS), (INDICATORS, INDICATORS_ITEMS), (NOTES, NOTE_ITEMS)):
        for offset, item in enumerate(items):
            cells[item.key] = (sheet, f"C{FIRST_ROW + offset}")
    return cells


def award_cell(year: int, code: str, column: str) -> tuple[str, str]:
    """(sheet, cell) of one count of one award form: column is tong_so, tap_the, ca_nhan or lao_dong_truc_tiep."""
    row = FIRST_ROW + [form.ma for form in forms_of(year)].index(code)
    index = [key for key, _ in AWARD_COLUMNS].index(column)
    return AWARDS, f"{get_column_letter(AWARD_FIRST_COLUMN + index)}{row}"
