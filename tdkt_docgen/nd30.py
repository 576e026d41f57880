"""Decree 30/2020/NĐ-CP (Phụ lục I) as data and formatters: the one place for each layout rule.

The template builder turns ``STYLES`` into named Word styles; ``finish`` sizes the rules with
``rule_indent_cm``; the text formatters build the "Số:" line, the signer's lines and "Nơi nhận".
Values marked CHOICE are our pick inside a range the decree allows (see ../shared/docs/nd30.md).
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Literal

from .vn import BLANK, nfc, upper

# ------------------------------------------------------------------ page (Phụ lục I, Phần I, Mục I)
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297  # A4
MARGIN_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}  # CHOICE inside 20–25 / 30–35 / 15–20
HEADER_DISTANCE_MM = 10  # page number sits in the top margin
FONT = "Times New Roman"
BODY_PT = 14  # CHOICE inside 13–14
TEXT_WIDTH_CM = (PAGE_WIDTH_MM - MARGIN_MM["left"] - MARGIN_MM["right"]) / 10
LANDSCAPE_TEXT_WIDTH_CM = (PAGE_HEIGHT_MM - MARGIN_MM["left"] - MARGIN_MM["right"]) / 10
HEADER_LEFT_CM = 6.0  # OBSERVED 5.5–6.5; the right column (~10.5 cm) keeps Quốc hiệu on one line
CELL_MARGIN_CM = 0.1  # padding inside a table's cells: all sides of a data table (OBSERVED: the decree's tables and
# the seeds pad 0.1 cm top and bottom, 0.1-0.19 cm left and right), left and right of the frame's borderless ones
SIGNATURE_LEFT_CM = 7.5  # "Nơi nhận" column; the signer's column takes the rest
SIGNER_WIDTH_CM = TEXT_WIDTH_CM - SIGNATURE_LEFT_CM - 2 * CELL_MARGIN_CM  # the signer's column, inside
POINTS_PER_CM = 72 / 2.54  # PDF user space
SIGNATURE_SPACE_CM = 3.8  # room to sign: not regulated; CHOICE so a 36 mm seal fits between the lines

# Electronic signature and seal images (Phụ lục I, II.7d and II.8; ../shared/docs/nd30.md §6)
SIGNATURE_IMAGE_BOX_CM = (5.0, 2.4)  # CHOICE: the signature image is scaled to fit this box (width, height)
SEAL_DEFAULT_MM = 36  # the seal image is printed at the seal's real size; 36 mm when the data gives none
SEAL_COVERS = 1 / 3  # the seal covers about the left third of the signature image

# Several signers of one document (giao ước thi đua): a grid of signature cells, Trưởng cụm first. Its shape
# (columns, size of the signer's lines) is measured from the page: ``signature_grid_shape``.
SIGNATURE_GRID_MAX_COLUMNS = 4
SIGNATURE_GRID_SIZES_PT = (14, 13)  # the decree allows 13–14 for the signer's lines; 14 where it fits
SIGNATURE_GRID_GAP_PT = 18  # space after each row of signature cells
# The grid's cells have no side padding: their lines are centred, so neighbours stand apart anyway, and a third of
# the line (5.5 cm) then holds "TM. ỦY BAN NHÂN DÂN" whole at 13 pt (5.3 cm), which the decree's samples set on one
# line: three signers a row.
SIGNATURE_GRID_PADDING_CM = 0.0
SIGNATURE_IMAGE_MIN_WIDTH_CM = 2.0  # CHOICE: a signature image is not scaled below this to fit a cell
PAGE_TEXT_HEIGHT_CM = (PAGE_HEIGHT_MM - MARGIN_MM["top"] - MARGIN_MM["bottom"]) / 10
LANDSCAPE_TEXT_HEIGHT_CM = (PAGE_WIDTH_MM - MARGIN_MM["top"] - MARGIN_MM["bottom"]) / 10
LINE_HEIGHT_EM = 1.15  # one single-spaced line of Times New Roman (ascent, descent and gap; Word and Writer)
FIT = 0.97  # measured text must fill at most this share of its room: Word and Writer set it slightly wider

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
CLOSING_MARK = "/."
KINH_GUI = "Kính gửi:"

Align = Literal["left", "center", "right", "both"]


@dataclass(frozen=True)
class Style:
    """A named paragraph style: one element of the decree's layout."""

    name: str
    size: float
    bold: bool = False
    italic: bool = False
    align: Align = "center"
    first_line_cm: float = 0.0
    before_pt: float = 0.0
    after_pt: float = 0.0
    line: float = 1.0  # line spacing as a multiple of single
    exact_height_cm: float | None = None  # a fixed line height instead (the room to sign)
    keep_with_next: bool = False
    upper: bool = False  # the decree asks for capitals (checked, not forced)


_BODY = dict(size=BODY_PT, align="both", first_line_cm=1.0, after_pt=6, line=1.15)

STYLES: dict[str, Style] = {s.name: s for s in (
    Style("Cơ quan chủ quản", 13, upper=True),
    Style("Cơ quan ban hành", 13, bold=True, upper=True),
    Style("Số ký hiệu", 13, before_pt=6),
    Style("Trích yếu công văn", 12, before_pt=6),
    Style("Quốc hiệu", 13, bold=True, upper=True),
    Style("Tiêu ngữ", 14, bold=True),
    Style("Địa danh ngày", 14, italic=True, before_pt=6),
    Style("Dự thảo", 13, bold=True, before_pt=6),
    Style("Tên loại", 14, bold=True, before_pt=18, keep_with_next=True, upper=True),
    Style("Trích yếu", 14, bold=True, keep_with_next=True),
    Style("Nội dung", **_BODY),  # type: ignore[arg-type]
    Style("Phần", 14, bold=True, before_pt=12, keep_with_next=True),
    Style("Tiêu đề phần", 14, bold=True, after_pt=6, keep_with_next=True, upper=True),
    Style("Tiêu đề mục", 14, bold=True, align="both", first_line_cm=1.0, before_pt=6, after_pt=6,
          line=1.15, keep_with_next=True, upper=True),
    Style("Tiêu đề khoản", 14, bold=True, align="both", first_line_cm=1.0, after_pt=6, line=1.15,
          keep_with_next=True),
    Style("Tiêu đề điểm", 14, italic=True, align="both", first_line_cm=1.0, after_pt=6, line=1.15,
          keep_with_next=True),
    Style("Nơi nhận", 12, bold=True, italic=True, align="left"),
    Style("Nơi nhận - mục", 11, align="left"),
    Style("Chức vụ người ký", 14, bold=True, upper=True),
    Style("Họ tên người ký", 14, bold=True),
    Style("Chỗ ký", 14, exact_height_cm=SIGNATURE_SPACE_CM),
    Style("Căn cứ", 14, italic=True, align="both", first_line_cm=1.0, after_pt=6, line=1.15),
    Style("Kính gửi", 14, before_pt=12, after_pt=6),
    Style("Kính gửi - mục", 14, align="left"),  # several recipients: "- …;" lines under the colon
    Style("Phụ lục", 14, bold=True, keep_with_next=True),
    Style("Tiêu đề phụ lục", 14, bold=True, keep_with_next=True, upper=True),
    Style("Kèm theo", 14, italic=True, after_pt=6, keep_with_next=True),
    Style("Bảng", 11),
    Style("Bảng - tên", 11, align="left"),
    Style("Bảng - đầu", 11, bold=True),
    Style("Bảng - nhóm", 11, bold=True, align="left"),
    Style("Số trang", 14),
    Style("Ghi chú", 12, align="both"),
)}

PLACEHOLDER_STYLE, PLACEHOLDER_STYLE_ID = "Cần bổ sung", "CanBoSung"  # "to be written" text, on a yellow shading
PLACEHOLDER_FILL = "FFFF00"

# Short solid rules under three elements, drawn as a border on a thin paragraph right below the text.
# Value: the rule's length as a share of the text line above it.
RULES: dict[str, tuple[str, float]] = {
    "Kẻ dưới cơ quan": ("Cơ quan ban hành", 0.4),  # 1/3 to 1/2 of the line
    "Kẻ dưới tiêu ngữ": ("Tiêu ngữ", 1.0),  # as long as the line
    "Kẻ dưới trích yếu": ("Trích yếu", 0.4),  # 1/3 to 1/2 of the line
}
RULE_WEIGHT_PT = 0.75
RULE_AFTER_PT = {"Kẻ dưới trích yếu": 12}  # CHOICE: the body starts a blank line's space below the summary rule
# Space above each rule: 2 pt under the issuer's capitals leaves 4.5 pt of white between letters and rule; the
# summary's lower case reaches 2.5 pt lower (descenders: p, g, ụ), so its rule goes that much lower to keep that gap
# (it sat on the descenders).
RULE_BEFORE_PT = {"Kẻ dưới cơ quan": 2.0, "Kẻ dưới tiêu ngữ": 2.0, "Kẻ dưới trích yếu": 4.5}
TABLE_AFTER_PT = 12  # CHOICE: a heading or title after a table stands clear of it (≥ 6 pt between parts)
TABLE_BEFORE_PT = 6  # CHOICE: a table's title stands clear of the table under it
KEPT_LAST_LINES = 5  # CHOICE: the body's last paragraph up to this many lines goes with the closing and signature
TABLE_WHOLE_SHARE = 0.3  # CHOICE: a table up to this share of its page stands whole; a taller one runs on by rows

# Phụ lục III, Mục I: abbreviations of document types (mixed case is part of the code)
DOCUMENT_TYPES: dict[str, tuple[str, str | None]] = {
    "nghi_quyet": ("Nghị quyết", "NQ"), "quyet_dinh": ("Quyết định", "QĐ"), "chi_thi": ("Chỉ thị", "CT"),
    "quy_che": ("Quy chế", "QC"), "quy_dinh": ("Quy định", "QyĐ"), "thong_cao": ("Thông cáo", "TC"),
    "thong_bao": ("Thông báo", "TB"), "huong_dan": ("Hướng dẫn", "HD"), "chuong_trinh": ("Chương trình", "CTr"),
    "ke_hoach": ("Kế hoạch", "KH"), "phuong_an": ("Phương án", "PA"), "de_an": ("Đề án", "ĐA"),
    "du_an": ("Dự án", "DA"), "bao_cao": ("Báo cáo", "BC"), "bien_ban": ("Biên bản", "BB"),
    "to_trinh": ("Tờ trình", "TTr"), "hop_dong": ("Hợp đồng", "HĐ"), "cong_dien": ("Công điện", "CĐ"),
    "ban_ghi_nho": ("Bản ghi nhớ", "BGN"), "ban_thoa_thuan": ("Bản thỏa thuận", "BTT"),
    "giay_uy_quyen": ("Giấy ủy quyền", "GUQ"), "giay_moi": ("Giấy mời", "GM"),
    "giay_gioi_thieu": ("Giấy giới thiệu", "GGT"), "giay_nghi_phep": ("Giấy nghỉ phép", "GNP"),
    "phieu_gui": ("Phiếu gửi", "PG"), "phieu_chuyen": ("Phiếu chuyển", "PC"), "phieu_bao": ("Phiếu báo", "PB"),
    "cong_van": ("Công văn", None),
    # Not one of the decree's types (nd30.md §13); UNCONFIRMED code, chosen as other types are built.
    "giao_uoc": ("Giao ước thi đua", "GƯTĐ"),
    "dang_ky_thi_dua": ("Bảng đăng ký thi đua", "ĐKTĐ"),  # a member's registration: likewise UNCONFIRMED
}

SIGNING_PREFIXES = ("TM.", "KT.", "TL.", "TUQ.", "Q.")
CAN_CU_OPENINGS = ("Căn cứ", "Thực hiện", "Theo", "Xét")  # a line starting otherwise gets "Căn cứ"


# ------------------------------------------------------------------ text formatters


def so_ky_hieu(so: int | None, ky_hieu: str) -> str:
    """ "Số: 05/BC-CTĐ"; numbers below 10 get a leading zero; a draft leaves the number blank."""
    number = BLANK if so is None else f"{so:02d}"
    return f"Số: {number}/{ky_hieu}"


def type_code(ten_loai: str) -> str | None:
    """The Phụ lục III code of a type named as printed ("BÁO CÁO" -> "BC"), None for a name it does not list
    (and for "Công văn", which has no code)."""
    wanted = upper(nfc(ten_loai).strip())
    return next((code for name, code in DOCUMENT_TYPES.values() if upper(name) == wanted), None)


def ky_hieu(document_type: str, co_quan_viet_tat: str, don_vi_soan_thao: str | None = None) -> str:
    """The symbol after "/": type code and issuer ("BC-CTĐ"); công văn: issuer and drafting unit."""
    _, code = DOCUMENT_TYPES[document_type]
    if code is None:
        return f"{co_quan_viet_tat}-{don_vi_soan_thao}" if don_vi_soan_thao else co_quan_viet_tat
    return f"{code}-{co_quan_viet_tat}"


def signer_lines(*, thay_mat: str | None, ky_thay: str | None, chuc_vu: str, prefix: str | None,
                 width_cm: float = SIGNER_WIDTH_CM, size_pt: float | None = None,
                 names: Iterable[str] = ()) -> list[str]:
    """The signer's authority lines, upper case: ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"].

    ``thay_mat`` is the collective signed for (TM.), ``ky_thay`` the head's title signed for with
    ``prefix`` (KT., TL., TUQ.); ``prefix="Q."`` marks an acting head and goes before ``chuc_vu``.
    A line too long for ``width_cm`` is broken by ``break_lines`` ("TM. ỦY BAN NHÂN DÂN" / "TỈNH LÀO CAI").
    """
    style = STYLES["Chức vụ người ký"]
    lines = [f"TM. {upper(thay_mat)}"] if thay_mat else []
    if ky_thay:
        lines.append(f"{prefix} {upper(ky_thay)}")
    lines.append(f"Q. {upper(chuc_vu)}" if prefix == "Q." else upper(chuc_vu))
    return [part for line in lines for part in break_lines(line, width_cm, size_pt or style.size, style.bold, names)]


def list_lines(items: list[str], dash: str = "- ") -> list[str]:
    """Items of a list as the decree writes them: "- …;" each, the last ending with "." (Nơi nhận, căn cứ,
    Kính gửi, award lines); punctuation already typed at the end is replaced."""
    lines = [f"{dash}{nfc(item).strip().rstrip(' ;.')}" for item in items]
    return [f"{line};" for line in lines[:-1]] + [f"{line}." for line in lines[-1:]]


def can_cu_lines(items: list[str]) -> list[str]:
    """ "Căn cứ …;" lines, the last ending with "." (Phụ lục I, II.6: căn cứ ban hành)."""
    lines = [nfc(item).strip() for item in items]
    return list_lines([line if line.startswith(CAN_CU_OPENINGS) else f"Căn cứ {line}" for line in lines], dash="")


def noi_nhan_lines(items: list[str], luu: str) -> list[str]:
    """ "Nơi nhận" items: "- …;" each, last "- Lưu: VT, NC." """
    return list_lines([*items, f"Lưu: {luu}"])


def image_positions(cell_cm: float, signature: tuple[float, float],
                    seal: tuple[float, float] | None) -> tuple[tuple[float, float], tuple[float, float] | None]:
    """Top-left corners (cm, from the cell's left text edge and the top of the room to sign) of the
    signature image, centred, and of the seal image, whose right third lies over the signature's left third
    (Phụ lục I, II.8: "trùm lên khoảng 1/3 hình ảnh chữ ký số … về bên trái"). When a large seal would then
    stick out of the cell on the left, both move right until it does not: the pair stays inside the room to
    sign, in the DOCX and in the PDF signature field alike (a field's appearance cannot leave its box)."""
    width, height = signature
    x, y = (cell_cm - width) / 2, (SIGNATURE_SPACE_CM - height) / 2
    if seal is None:
        return (x, y), None
    seal_width, seal_height = seal
    x = max(x, seal_width - width * SEAL_COVERS)
    return (x, y), (x + width * SEAL_COVERS - seal_width, (SIGNATURE_SPACE_CM - seal_height) / 2)


# ------------------------------------------------------------------ the grid of signature cells, measured


@dataclass(frozen=True)
class GridCell:
    """What one signer's cell must hold, to measure a grid shape: the signer's lines as set at a cell width and
    size (``break_lines``: a unit it may not break and that is wider than the cell rules the shape out), the
    name, and the width of the seal image when the member has one (the signature image then needs room
    beside it)."""

    lines: Callable[[float, float], list[str]]
    name: str
    seal_cm: float | None = None
    image: bool = False


@dataclass(frozen=True)
class GridShape:
    columns: int
    size_pt: float
    rows: int
    height_cm: float


def line_height_cm(size_pt: float, spacing: float = 1.0) -> float:
    return size_pt * LINE_HEIGHT_EM * spacing * 2.54 / 72


def grid_cell_cm(columns: int) -> float:
    """The text width inside one cell of a grid of ``columns`` signature cells."""
    return TEXT_WIDTH_CM / columns - 2 * SIGNATURE_GRID_PADDING_CM


def signature_box_width_cm(cell_cm: float, seal_cm: float | None) -> float:
    """The widest a signature image may be in a cell: the box's width, less when the seal must stay inside the
    cell too (its right third over the signature's left third, ``image_positions``)."""
    room = cell_cm if seal_cm is None else (cell_cm - seal_cm) / (1 - SEAL_COVERS)
    return min(SIGNATURE_IMAGE_BOX_CM[0], room)


def _grid_height_cm(cells: list[GridCell], columns: int, size_pt: float) -> float | None:
    """The height of the grid at this shape, or None when a cell's text or images do not fit its width."""
    width = grid_cell_cm(columns) * FIT
    counts = []
    for cell in cells:
        lines = cell.lines(grid_cell_cm(columns), size_pt)
        if any(text_width_cm(piece, size_pt, True) > width for piece in (*lines, cell.name)):
            return None
        if (cell.image or cell.seal_cm) and signature_box_width_cm(grid_cell_cm(columns), cell.seal_cm) \
                < SIGNATURE_IMAGE_MIN_WIDTH_CM:
            return None
        counts.append(len(lines))
    rows = [counts[i:i + columns] for i in range(0, len(counts), columns)]
    line = line_height_cm(size_pt)
    gap = SIGNATURE_GRID_GAP_PT * 2.54 / 72
    return sum(max(row) * line + SIGNATURE_SPACE_CM + line + gap for row in rows)


def signature_grid_shape(cells: list[GridCell], reserve_cm: float) -> GridShape:
    """The grid's shape decided from the page: of the shapes whose cells hold their text and images, those
    that stand whole on one page below ``reserve_cm`` of text (what is kept with the grid), the one with the
    fewest rows, then the larger type, then the wider cells; when none fits a page, the lowest one."""
    shapes = []
    for columns in range(min(SIGNATURE_GRID_MAX_COLUMNS, len(cells)), 0, -1):
        for size in SIGNATURE_GRID_SIZES_PT:
            height = _grid_height_cm(cells, columns, size)
            if height is not None:
                shapes.append(GridShape(columns, size, -(-len(cells) // columns), height))
    if not shapes:
        return GridShape(1, SIGNATURE_GRID_SIZES_PT[-1], len(cells), 0.0)
    on_a_page = [s for s in shapes if s.height_cm + reserve_cm <= PAGE_TEXT_HEIGHT_CM]
    if on_a_page:
        return min(on_a_page, key=lambda s: (s.rows, -s.size_pt, s.columns))
    return min(shapes, key=lambda s: s.height_cm)


def paragraph_height_cm(text: str, style_name: str, width_cm: float = TEXT_WIDTH_CM) -> float:
    """The height a paragraph of ``text`` takes in ``style_name``, spacing included (for keeping things whole)."""
    style = STYLES[style_name]
    lines = wrap(text, width_cm * FIT - style.first_line_cm, style.size, style.bold)
    return len(lines) * line_height_cm(style.size, style.line) + (style.before_pt + style.after_pt) * 2.54 / 72


# ------------------------------------------------------------------ text widths (for the rules)


@cache
def _widths() -> dict[str, object]:
    text = resources.files("tdkt_docgen.reference").joinpath("font_widths.json").read_text("utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


@lru_cache(maxsize=65536)
def text_width_cm(text: str, size_pt: float, bold: bool) -> float:
    """Width of ``text`` set in Times New Roman (Liberation Serif metrics) at ``size_pt`` (remembered: the
    same headings and names are measured again for every document of a batch)."""
    table = _widths()
    widths: dict[str, int] = table["bold" if bold else "regular"]  # type: ignore[assignment]
    units_per_em: int = table["units_per_em"]  # type: ignore[assignment]
    default = widths["n"]
    units = sum(widths.get(char, default) for char in nfc(text))
    return units / units_per_em * size_pt * 2.54 / 72


def wrap(text: str, width_cm: float, size_pt: float, bold: bool) -> list[str]:
    """Greedy word wrap as a word processor does it, for measuring the longest line."""
    return list(_wrapped(text, width_cm, size_pt, bold))


@lru_cache(maxsize=65536)
def _wrapped(text: str, width_cm: float, size_pt: float, bold: bool) -> tuple[str, ...]:
    """``wrap``, remembered: table cells and headings repeat across the documents of a batch."""
    lines: list[str] = []
    for paragraph_line in text.splitlines() or [""]:
        current = ""
        for word in paragraph_line.split(" "):
            candidate = f"{current} {word}" if current else word
            if current and text_width_cm(candidate, size_pt, bold) > width_cm:
                lines.append(current)
                current = word
            else:
                current = candidate
        lines.append(current)
    return tuple(lines)


# ------------------------------------------------------------------ line breaking of centred blocks

# The centred blocks whose lines ``finish`` breaks (measured on their section's page): title, summary, part and
# appendix titles. The header's bodies and the signer's lines are broken by the kinds (they know the members).
# Body text and left-aligned or justified headings are never broken by hand: they flow.
BROKEN_STYLES = ("Tên loại", "Trích yếu", "Phần", "Tiêu đề phần", "Phụ lục", "Tiêu đề phụ lục", "Kèm theo")
PHRASE_STARTS = frozenset("và của cho trong với về tại theo đến từ các những trên nhằm để do giai cụm".split())
LOCALITIES = frozenset("tỉnh huyện quận xã phường thành thị đặc".split())  # a unit's name starts here ("thành phố")
_LOCALITY_PAIRS = frozenset({"thành phố", "thị xã", "thị trấn", "đặc khu"})
LABEL = re.compile(r"^(?:[IVXLC]+|\d+(?:\.\d+)*)\.$|^[a-zđ]\)$")  # "I.", "1.", "1.1.", "a)"
_NO_BREAK = float("inf")
_WORD_GAP = re.compile(r"(?<! ) (?! )")  # one space between two words
_PUNCTUATION = ",;:.()“”\"'"
_BALANCE = 25  # weight of uneven lines against the cost of the breaks (a 4 cm spread in 16 cm costs about 1.5)


def break_lines(text: str, width_cm: float, size_pt: float, bold: bool, names: Iterable[str] = ()) -> list[str]:
    """A centred block in as few lines as fit ``width_cm``, broken the way a typesetter breaks it: never inside a
    unit's or body's words or a name (``reference.unbreakable_words``, and ``names``: the data's own members),
    never before a dash or after "TM.", "KT."…; gladly after a comma, before "và", before a unit's locality
    ("ỦY BAN NHÂN DÂN" / "TỈNH LÀO CAI"); the lines as even as can be. Breaks the user typed ("\n") are kept
    when every typed line fits, else the text is broken anew. Measured with the font widths, remembered."""
    return list(_broken(nfc(text), round(width_cm * FIT, 3), size_pt, bold, tuple(sorted(set(names)))))


@lru_cache(maxsize=8192)
def _broken(text: str, room: float, size_pt: float, bold: bool, names: tuple[str, ...]) -> tuple[str, ...]:
    typed = [line.strip() for line in text.split("\n") if line.strip()]
    if not typed:
        return ("",)
    if all(text_width_cm(line, size_pt, bold) <= room for line in typed):
        return tuple(typed)
    lines_words = [_WORD_GAP.split(line) for line in typed]  # a run of spaces (a blank to fill in) stays in its word
    words = [word for line in lines_words for word in line]
    breaks_typed, count = set(), 0
    for line_words in lines_words[:-1]:
        count += len(line_words)
        breaks_typed.add(count)
    widths = [text_width_cm(word, size_pt, bold) for word in words]
    space = text_width_cm(" ", size_pt, bold)
    over, lines = _best_lines(words, widths, space, _break_costs(words, names, breaks_typed), room)
    if over:  # only by breaking after a locality ("THÀNH PHỐ / ĐIỆN BIÊN PHỦ") does the name keep whole
        last_resort = _best_lines(words, widths, space, _break_costs(words, names, breaks_typed, _AFTER_LOCALITY),
                                  room)
        over, lines = min(last_resort, (over, lines), key=lambda found: found[0])
    return lines


def _best_lines(words: list[str], widths: list[float], space: float, costs: list[float],
                room: float) -> tuple[float, tuple[str, ...]]:
    """The fewest lines that fit (or, when a word too long for the line forces it, the least overflow), and of
    those the breaks of least cost: the breaks' own costs plus how far each line is from the mean length. With
    the overflow (0 when all fit)."""
    n = len(words)
    starts = [0.0]
    for width in widths:
        starts.append(starts[-1] + width)

    def width_of(a: int, b: int) -> float:
        return starts[b] - starts[a] + (b - a - 1) * space

    fallback: tuple[float, tuple[int, ...]] | None = None  # the least overflow, when nothing fits
    for lines in range(1, min(n, 8) + 1):
        over, cuts = _cheapest(n, lines, width_of, costs, room)
        if over == 0:
            break
        if fallback is None or over < fallback[0]:
            fallback = (over, cuts)
    else:
        assert fallback is not None
        over, cuts = fallback
    return over, tuple(" ".join(words[a:b]) for a, b in itertools.pairwise((0, *cuts)))


def _cheapest(n: int, lines: int, width_of: Callable[[int, int], float], costs: list[float],
              room: float) -> tuple[float, tuple[int, ...]]:
    """The breaks of ``n`` words into ``lines`` lines of least (overflow, cost), by dynamic programming over
    (lines set, words set): the cost of a line is its break's and its distance from the mean length."""
    mean = width_of(0, n) / lines
    table: list[dict[int, tuple[float, float, tuple[int, ...]]]] = [{0: (0.0, 0.0, ())}]
    for k in range(1, lines + 1):
        row: dict[int, tuple[float, float, tuple[int, ...]]] = {}
        for b in ([n] if k == lines else range(k, n - (lines - k) + 1)):
            for a, (over, cost, cuts) in table[k - 1].items():
                if a >= b or costs[a] == _NO_BREAK:
                    continue
                width = width_of(a, b)
                line_cost = _BALANCE * ((width - mean) / room) ** 2 + costs[a]
                line_cost += 3.0 if b - a == 1 and lines > 1 else 0.0  # a word alone on its line
                candidate = (over + max(0.0, width - room), cost + line_cost, (*cuts, b))
                if b not in row or candidate[:2] < row[b][:2]:
                    row[b] = candidate
        table.append(row)
    over, _, cuts = table[lines].get(n, (float("inf"), 0.0, ()))
    return over, cuts


def _bare(word: str) -> str:
    return word.strip(_PUNCTUATION).lower()


@cache
def _phrases(names: tuple[str, ...]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """The unbreakable phrases (reference words, places and ``names``) as words, by their first word."""
    from .reference import unbreakable_words

    found: dict[str, list[tuple[str, ...]]] = {}
    for phrase in (*unbreakable_words(), *(name.lower() for name in names)):
        parts = tuple(_bare(w) for w in phrase.split() if _bare(w))
        if len(parts) > 1:
            found.setdefault(parts[0], []).append(parts)
    return {first: tuple(sorted(set(options), key=len, reverse=True)) for first, options in found.items()}


def _locality_at(words: list[str], bare: list[str], i: int) -> bool:
    """Whether a unit's locality starts at word ``i`` ("TỈNH", "THÀNH PHỐ"): not a count's or a list's noun
    ("7 TỈNH", "CÁC XÃ", "CÁC PHƯỜNG, XÃ")."""
    if i < 0 or bare[i] not in LOCALITIES:
        return False
    if bare[i] in ("thành", "thị", "đặc") and f"{bare[i]} {bare[i + 1] if i + 1 < len(bare) else ''}" \
            not in _LOCALITY_PAIRS:
        return False
    return i == 0 or not (bare[i - 1].isdigit() or bare[i - 1] in ("các", "những", "mỗi")
                          or words[i - 1].endswith(","))


_AFTER_LOCALITY = 40.0  # a break between a locality and its name, when only it keeps the name whole


def _break_costs(words: list[str], names: tuple[str, ...], typed: set[int],
                 after_locality: float = _NO_BREAK) -> list[float]:
    """The cost of a break before each word (index 0 unused): free at a typed break, after a comma or semicolon,
    before "và" and before a locality; cheap before a word that opens a phrase or after a year; dearer inside a
    phrase (dearest after an odd count of syllables since it began); impossible inside an unbreakable phrase,
    before a dash, after a signing prefix, and between a count and what it counts ("7 TỈNH")."""
    bare = [_bare(w) for w in words]
    glued: set[int] = set()
    phrases = _phrases(names)
    for i, word in enumerate(bare):
        for phrase in phrases.get(word, ()):
            if tuple(bare[i:i + len(phrase)]) == phrase:
                glued.update(range(i + 1, i + len(phrase)))
                break
    costs = [0.0] * len(words)  # costs[0]: the start of the first line, free
    start = 0  # where the current phrase began, in syllables: an unbreakable phrase counts as one word
    for i in range(1, len(words)):
        before, word = words[i - 1], words[i]
        if before.endswith((",", ";", ":")) or LABEL.match(before):
            start = i
        if i in glued or word in ("-", "–") or before.upper() in SIGNING_PREFIXES:
            costs[i] = _NO_BREAK
        elif i in typed or before.endswith((",", ";", ":")) or bare[i] == "và":
            costs[i] = 0.0
        elif (before.isdigit() and (i < 2 or bare[i - 2] not in ("năm", "đoạn", "số"))) or (
                word[:1].isdigit() and bare[i - 1] in ("năm", "số", "ngày", "tháng")):
            costs[i] = 10.0  # "7 / TỈNH", "05 / NĂM", "NĂM / 2023"
        elif _locality_at(words, bare, i):
            costs[i] = 0.5
        elif _locality_at(words, bare, i - 1) or (_locality_at(words, bare, i - 2) and bare[i - 1] in ("phố", "xã",
                                                                                                 "trấn", "khu")):
            costs[i] = after_locality  # "TỈNH / LÀO CAI", "THỊ XÃ / MƯỜNG LAY"
        elif bare[i - 1] in ("các", "những", "mỗi", "của", "và"):
            costs[i] = 6.0  # "CÁC / PHƯỜNG"
        elif bare[i] in PHRASE_STARTS or before.rstrip(")”").isdigit():
            costs[i] = 1.0
        else:
            syllables = sum(1 for k in range(start, i) if k not in glued)
            costs[i] = 2.0 if syllables % 2 == 0 else 4.0
    return costs


_OPENS_AFTER = frozenset(" \t\n([{“‘-–—/")  # a straight quote after these (or at the start) opens


def curly_quotes(text: str, before: str = "") -> tuple[str, str]:
    """``text`` with straight double quotes set as the typesetter's curly ones (“…”), opening after a space, a
    bracket or a dash or at the start, closing elsewhere; ``before`` is the text's preceding character (the run
    before it). Returns the text and its last character."""
    if '"' not in text:
        return text, (text[-1:] or before)
    out = []
    previous = before
    for char in text:
        if char == '"':
            char = "“" if not previous or previous in _OPENS_AFTER else "”"
        out.append(char)
        previous = char
    return "".join(out), previous


def kinh_gui_indents_cm(lines: list[str], available_cm: float = TEXT_WIDTH_CM) -> tuple[float, float]:
    """Left indent and hanging indent of the "Kính gửi" lines: the block is centred on the line, the
    recipients' dashes stand under each other right after "Kính gửi: " (Mẫu 1.5, ô 9a)."""
    size = STYLES["Kính gửi - mục"].size
    label = text_width_cm(f"{KINH_GUI} ", size, False)
    longest = max(text_width_cm(line.split("\t")[-1], size, False) for line in lines)
    start = max(0.0, (available_cm - label - min(longest, available_cm - label)) / 2)
    return start + label, label


@lru_cache(maxsize=4096)
def rule_indent_cm(rule_style: str, text_above: str, available_cm: float) -> float:
    """Left and right indent that centres a rule of the decree's length under ``text_above``."""
    style_name, share = RULES[rule_style]
    style = STYLES[style_name]
    longest = max(text_width_cm(line, style.size, style.bold)
                  for line in wrap(text_above, available_cm, style.size, style.bold))
    length = min(longest, available_cm) * share
    return max(0.0, (available_cm - length) / 2)
