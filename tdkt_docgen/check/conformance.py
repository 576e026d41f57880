"""`tdkt check`: any DOCX against the Decree 30 layout rules.

The rules are data (``reference/quy_tac_nd30.yaml``: id, text, legal reference, severity, numbers); this
module finds the parts of a document (``Layout``) and has one check function per rule id. Each finding
says what was found, what is expected and where, in Word's terms.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from docx.oxml.ns import qn

from ..docx.docx_view import DocumentError, DocxView, ParaView, page_field
from ..errors import Position
from ..vn import nfc
from . import figures_check

ERROR, WARNING = "lỗi", "cảnh báo"
AUTHORITY = re.compile(r"^(TM|KT|TL|Q|TUQ)\.\s")
NUMBER_LINE = re.compile(r"^Số\s*:?\s*(?P<so>[^/]*)/(?P<ky_hieu>.*)$")
DATE_LINE = re.compile(r"^(?P<dia_danh>[^,]+),\s*ngày\s*(?P<ngay>\S*)\s*tháng\s*(?P<thang>\S*)"
                       r"\s*năm\s*(?P<nam>\d{4})\s*$")
ROMAN_HEADING = re.compile(r"^[IVXL]+\.\s")
PLACEHOLDER = re.compile(r"\[Nội dung mục “(?P<title>.+?)” chưa có trong tệp dữ liệu"
                         r"(?: \(trường '(?P<field>[^']+)'\))?: đề nghị bổ sung\.\]")
PLACEHOLDER_NAMES = re.compile(r"^(?:(?:Nguyễn|Trần|Lê|Phạm|Hoàng|Vũ|Đặng)\s+(?:Văn|Thị)\s+[A-Z]|\[.*\]|"
                               r"Họ (?:và )?tên(?: người ký)?|[Xx.…_\s]{3,})$")
NOTE_STYLES = {"Ghi chú", "Caption", "Chú thích bảng"}  # a table's note is not body text
NOTE_OPENING = re.compile(r"^(Ghi chú|\(\*\)|\*|Nguồn:|Số liệu)")
TOTAL_LABELS = {"Tổng số", "Tổng cộng", "Cộng", "Tổng"}
LEFTOVER = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}|\u27e6|\bNone\b")
SHOWN = 40  # characters of a paragraph shown in a finding


@dataclass(frozen=True)
class Rule:
    ma: str
    noi_dung: str
    can_cu: str
    muc_do: str
    tham_so: dict[str, Any]


@cache
def rules() -> dict[str, Rule]:
    """The rule table, in the order of the decree."""
    text = resources.files("tdkt_docgen.reference").joinpath("quy_tac_nd30.yaml").read_text("utf-8")
    return {r["ma"]: Rule(r["ma"], r["noi_dung"], r["can_cu"], r["muc_do"], r.get("tham_so") or {})
            for r in yaml.safe_load(text)}


@dataclass(frozen=True)
class Finding:
    rule: Rule
    found: str
    expected: str
    where: str
    muc_do: str | None = None  # a milder severity than the rule's, for this finding only

    @property
    def severity(self) -> str:
        return self.muc_do or self.rule.muc_do

    def __str__(self) -> str:
        return (f"{self.severity.capitalize()} {self.rule.ma}: {self.where}: {self.found}; "
                f"cần: {self.expected} ({self.rule.can_cu}).")

    def as_dict(self) -> dict[str, str]:
        return {"ma": self.rule.ma, "muc_do": self.severity, "vi_tri": self.where, "tim_thay": self.found,
                "yeu_cau": self.expected, "quy_tac": self.rule.noi_dung, "can_cu": self.rule.can_cu}


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", nfc(text)).strip()


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _has_rule_under(line: ParaView, after: ParaView | None) -> bool:
    """A rule under a line: its bottom border, a border on top of the paragraph after it, or a drawn line
    (a shape) in either."""
    drawn = any(p is not None and (p.element.find(f".//{qn('w:drawing')}") is not None
                                   or p.element.find(f".//{qn('w:pict')}") is not None) for p in (line, after))
    return line.bottom_border or (after is not None and after.top_border) or drawn


class Layout:
    """The parts of a document as Decree 30 names them, found by their text and place."""

    def __init__(self, view: DocxView) -> None:
        self.view = view
        self.paragraphs = view.paragraphs

    def _after(self, paragraph: ParaView) -> ParaView | None:
        index = self.paragraphs.index(paragraph)
        return self.paragraphs[index + 1] if index + 1 < len(self.paragraphs) else None

    def _next_text(self, paragraph: ParaView) -> ParaView | None:
        for candidate in self.paragraphs[self.paragraphs.index(paragraph) + 1:]:
            if candidate.text.strip():
                return candidate
        return None

    def _first(self, test: Callable[[ParaView], bool], limit: int | None = None) -> ParaView | None:
        return next((p for p in self.paragraphs[:limit] if test(p)), None)

    @cached_property
    def quoc_hieu(self) -> ParaView | None:
        wanted = _squash(rules()["ND30-QUOC-HIEU"].tham_so["chu"]).replace("HOÀ", "HÒA")
        return self._first(lambda p: _squash(p.text).upper().replace("HOÀ", "HÒA") == wanted, 40)

    @cached_property
    def tieu_ngu(self) -> ParaView | None:
        return self._next_text(self.quoc_hieu) if self.quoc_hieu else None

    @cached_property
    def so(self) -> ParaView | None:
        return self._first(lambda p: bool(re.match(r"^Số\s*(:|\d|/)", _squash(p.text))), 40)

    @cached_property
    def dia_danh(self) -> ParaView | None:
        return self._first(lambda p: bool(re.search(r",\s*ngày\b.*\btháng\b.*\bnăm\b", _squash(p.text))), 40)

    @cached_property
    def co_quan(self) -> list[ParaView]:
        """The issuing body's lines: the bold lines above "Số:" in its cell (or the last line, not bold)."""
        if self.so is None or self.so.cell is None:
            return []
        table = self.so.cell[0]
        column = [p for p in self.paragraphs if p.cell and p.cell[0] == table and p.cell[2] == self.so.cell[2]
                  and self.paragraphs.index(p) < self.paragraphs.index(self.so) and p.text.strip()]
        body: list[ParaView] = []
        for p in reversed(column):
            if not p.bold:
                break
            body.insert(0, p)
        return body or column[-1:]

    @cached_property
    def cong_van(self) -> ParaView | None:
        return self._first(lambda p: _squash(p.text).startswith("V/v"), 40)

    @cached_property
    def ten_loai(self) -> ParaView | None:
        """The document type ("BÁO CÁO"): the first upper-case, centred line after the header."""
        start = max((self.paragraphs.index(p) for p in (self.so, self.dia_danh, self.tieu_ngu) if p), default=-1)
        for p in self.paragraphs[start + 1:start + 12]:
            text = _squash(p.text)
            if text and text != "DỰ THẢO" and p.cell is None:
                return p if _is_upper(text) else None
        return None

    @cached_property
    def trich_yeu(self) -> ParaView | None:
        return self._next_text(self.ten_loai) if self.ten_loai else None

    @cached_property
    def noi_nhan(self) -> ParaView | None:
        return self._first(lambda p: _squash(p.text).rstrip(":") == "Nơi nhận")

    @cached_property
    def signature_cells(self) -> list[list[ParaView]]:
        """The paragraphs of every cell that holds an authority line (TM., KT., …) or stands beside
        "Nơi nhận"."""
        cells: dict[tuple[int, int, int], list[ParaView]] = {}
        for p in self.paragraphs:
            if p.cell:
                cells.setdefault(p.cell, []).append(p)
        keys = {k for k, ps in cells.items() if any(AUTHORITY.match(_squash(p.text)) for p in ps)}
        if self.noi_nhan is not None and self.noi_nhan.cell:
            t, r, c = self.noi_nhan.cell
            keys |= {k for k in cells if k[:2] == (t, r) and k[2] != c}
        return [cells[k] for k in sorted(keys)]

    @cached_property
    def recipients(self) -> list[ParaView]:
        if self.noi_nhan is None:
            return []
        following = self.paragraphs[self.paragraphs.index(self.noi_nhan) + 1:]
        same_cell = [p for p in following if p.cell == self.noi_nhan.cell]
        return [p for p in same_cell if p.text.strip()]

    @cached_property
    def body(self) -> list[ParaView]:
        """The body's own paragraphs: outside tables, after the title (or the header), before the signature,
        not centred, not empty, not "Kính gửi" lines."""
        anchors = [p for p in (self.trich_yeu, self.ten_loai, self.dia_danh, self.so) if p is not None]
        start = max((self.paragraphs.index(p) for p in anchors), default=-1)
        cells = [p for cell in self.signature_cells for p in cell]
        end = min((self.paragraphs.index(p) for p in cells), default=len(self.paragraphs))
        result, in_kinh_gui = [], False
        for p in self.paragraphs[start + 1:end]:
            text = _squash(p.text)
            if text.startswith("Kính gửi"):
                in_kinh_gui = True
                continue
            if in_kinh_gui and text.startswith("-"):
                continue
            in_kinh_gui = False
            if p.cell is None and text and p.align not in ("center", "right") and not text.startswith("Phụ lục") \
                    and not self.table_note(p):
                result.append(p)
        return result

    def style_name(self, p: ParaView) -> str:
        style = p.element.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        if style is None:
            return ""
        found = self.view.styles.by_id.get(style.get(qn("w:val")))
        name = found.find(qn("w:name")) if found is not None else None
        return str(name.get(qn("w:val"))) if name is not None else ""

    def table_note(self, p: ParaView) -> bool:
        """A note under a table ("Ghi chú: …", "(*) …"): laid out as a note, not as body text."""
        if self.style_name(p) in NOTE_STYLES:
            return True
        before = p.element.getprevious()
        while before is not None and before.tag == qn("w:p") and not "".join(
                t.text or "" for t in before.iter(qn("w:t"))).strip():
            before = before.getprevious()
        return before is not None and before.tag == qn("w:tbl") and bool(NOTE_OPENING.match(_squash(p.text)))

    @cached_property
    def draft(self) -> bool:
        """Marked "DỰ THẢO" in its header: unfilled parts are then warnings, not errors."""
        return any(_squash(p.text) == "DỰ THẢO" for p in self.paragraphs[:40])


# ------------------------------------------------------------------ the checks, one per rule id

Check = Callable[[Layout, Rule], Iterable[Finding]]
CHECKS: dict[str, Check] = {}


def check(rule_id: str) -> Callable[[Check], Check]:
    def register(function: Check) -> Check:
        CHECKS[rule_id] = function
        return function
    return register


def _sizes(p: ParaView) -> str:
    sizes = sorted(p.sizes)
    return " và ".join(f"{s:g} pt" for s in sizes) if sizes else "không rõ cỡ chữ"


def _size_ok(p: ParaView, low: float, high: float) -> bool:
    return all(low <= s <= high for s in p.sizes)


def _range(values: list[float], unit: str) -> str:
    low, high = values
    return f"{low:g} {unit}" if low == high else f"{low:g}–{high:g} {unit}"


def _format(rule: Rule, p: ParaView, *, bold: bool | None = None, italic: bool | None = None,
            upper: bool | None = None, size_key: str = "co_chu") -> Iterator[Finding]:
    """The findings of one paragraph against bold / italic / upper-case / size expectations."""
    if size_key in rule.tham_so and not _size_ok(p, *rule.tham_so[size_key]):
        yield Finding(rule, f"cỡ chữ {_sizes(p)}", f"cỡ chữ {_range(rule.tham_so[size_key], 'pt')}", p.label)
    if bold is not None and p.bold != bold:
        yield Finding(rule, "chữ không đậm" if bold else "chữ đậm", "chữ đậm" if bold else "chữ không đậm", p.label)
    if italic is not None and p.italic != italic:
        yield Finding(rule, "chữ đứng" if italic else "chữ nghiêng", "chữ nghiêng" if italic else "chữ đứng",
                      p.label)
    if upper is not None and _is_upper(p.text) != upper:
        yield Finding(rule, "chữ in thường" if upper else "chữ in hoa", "chữ in hoa" if upper else "chữ in thường",
                      p.label)


def _missing(rule: Rule, what: str, where: str = "phần đầu văn bản") -> Finding:
    return Finding(rule, f"không có {what}", rule.noi_dung, where)


@check("ND30-KHO-GIAY")
def _paper(layout: Layout, rule: Rule) -> Iterator[Finding]:
    size = (rule.tham_so["rong_mm"], rule.tham_so["cao_mm"])
    for number, section in enumerate(layout.view.doc.sections, 1):
        found = tuple(round(length.mm if length is not None else 0.0, 1)
                      for length in (section.page_width, section.page_height))
        if not any(all(abs(a - b) <= rule.tham_so["sai_so_mm"] for a, b in zip(found, wanted, strict=True))
                   for wanted in (size, size[::-1])):
            shown = " × ".join(f"{v:g}".replace(".", ",") for v in found)
            yield Finding(rule, f"khổ {shown} mm", "khổ A4, 210 × 297 mm", f"phần {number} (section)")


@check("ND30-LE-TRANG")
def _margins(layout: Layout, rule: Rule) -> Iterator[Finding]:
    names = {"tren": ("top_margin", "lề trên"), "duoi": ("bottom_margin", "lề dưới"),
             "trai": ("left_margin", "lề trái"), "phai": ("right_margin", "lề phải")}
    tolerance = rule.tham_so["sai_so_mm"]
    for number, section in enumerate(layout.view.doc.sections, 1):
        for key, (attr, name) in names.items():
            low, high = rule.tham_so[key]
            value = getattr(section, attr)
            mm = value.mm if value is not None else 0.0
            if not low - tolerance <= mm <= high + tolerance:
                yield Finding(rule, f"{name} {mm:.1f} mm".replace(".", ","), f"{name} {low}–{high} mm",
                              f"phần {number} (section)")


@check("ND30-PHONG-CHU")
def _font(layout: Layout, rule: Rule) -> Iterator[Finding]:
    wanted = rule.tham_so["phong"]
    wrong = {}  # one entry per paragraph: its first run in another font
    for p in layout.paragraphs:
        font = next((r.font for r in p.texted() if r.font != wanted), wanted)
        if font != wanted:
            wrong[id(p)] = (p, f"phông {font or 'không đặt (phông mặc định của máy)'}")
    yield from _grouped(rule, list(wrong.values()), f"phông {wanted}")


@check("ND30-QUOC-HIEU")
def _national_name(layout: Layout, rule: Rule) -> Iterator[Finding]:
    p = layout.quoc_hieu
    if p is None:
        yield _missing(rule, "Quốc hiệu \"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\"")
        return
    yield from _format(rule, p, bold=True, upper=True)


@check("ND30-TIEU-NGU")
def _motto(layout: Layout, rule: Rule) -> Iterator[Finding]:
    p = layout.tieu_ngu
    if p is None:
        if layout.quoc_hieu is not None:
            yield _missing(rule, "Tiêu ngữ dưới Quốc hiệu", layout.quoc_hieu.label)
        return
    wanted = rule.tham_so["chu"]
    if _squash(p.text) != wanted:
        yield Finding(rule, f'"{_squash(p.text)}"', f'"{wanted}"', p.label)
    yield from _format(rule, p, bold=True)
    if p.align != "center":
        yield Finding(rule, "không canh giữa", "canh giữa dưới Quốc hiệu", p.label)


@check("ND30-KE-TIEU-NGU")
def _motto_rule(layout: Layout, rule: Rule) -> Iterator[Finding]:
    p = layout.tieu_ngu
    if p is not None and not _has_rule_under(p, layout._after(p)):
        yield Finding(rule, "không có đường kẻ dưới Tiêu ngữ", "đường kẻ ngang, nét liền, dài bằng dòng chữ", p.label)


@check("ND30-CO-QUAN")
def _issuer(layout: Layout, rule: Rule) -> Iterator[Finding]:
    if not layout.co_quan:
        if layout.so is not None:
            yield _missing(rule, "tên cơ quan ban hành phía trên số, ký hiệu", layout.so.label)
        return
    for p in layout.co_quan:
        yield from _format(rule, p, bold=True, upper=True)


@check("ND30-KE-CO-QUAN")
def _issuer_rule(layout: Layout, rule: Rule) -> Iterator[Finding]:
    if layout.co_quan:
        last = layout.co_quan[-1]
        if not _has_rule_under(last, layout._after(last)):
            yield Finding(rule, "không có đường kẻ dưới tên cơ quan ban hành",
                          "đường kẻ ngang, nét liền, dài 1/3 đến 1/2 dòng chữ", last.label)


@check("ND30-SO-KY-HIEU")
def _number(layout: Layout, rule: Rule) -> Iterator[Finding]:
    p = layout.so
    if p is None:
        yield _missing(rule, 'dòng "Số: …/…"')
        return
    text = _squash(p.text)
    match = NUMBER_LINE.match(text)
    if match is None or not text.startswith("Số:"):
        yield Finding(rule, f'"{text}"', '"Số: 05/BC-UBND" (chữ "Số", dấu hai chấm, số, gạch chéo, ký hiệu)', p.label)
        return
    number, code = match["so"].strip(), match["ky_hieu"]
    if number and (not number.isdigit() or (int(number) < 10 and len(number) < 2)):
        fixed = f"{int(number):02d}" if number.isdigit() else "05"
        yield Finding(rule, f'số "{number}"', f'số có hai chữ số khi nhỏ hơn 10: "Số: {fixed}/{code}"', p.label)
    if not re.fullmatch(r"[0-9A-ZĐƯƠ]+[a-zđ]*[A-ZĐƯƠ]*(-[0-9A-ZĐƯƠ]+[a-zy]*[A-ZĐƯƠ]*)*", code):
        yield Finding(rule, f'ký hiệu "{code}"', "ký hiệu in hoa, các nhóm nối bằng gạch nối (-), không cách chữ",
                      p.label)
    yield from _format(rule, p, bold=False, italic=False)


@check("ND30-DIA-DANH-NGAY")
def _place_date(layout: Layout, rule: Rule) -> Iterator[Finding]:
    p = layout.dia_danh
    if p is None:
        yield _missing(rule, 'dòng "Địa danh, ngày … tháng … năm …"')
        return
    match = DATE_LINE.match(_squash(p.text))
    if match is None:
        yield Finding(rule, f'"{_squash(p.text)}"', '"Lạng Sơn, ngày 05 tháng 3 năm 2024"', p.label)
    else:
        day, month = match["ngay"], match["thang"]
        if day.isdigit() and int(day) < 10 and len(day) < 2:
            yield Finding(rule, f'"ngày {day}"', f'"ngày {int(day):02d}" (ngày nhỏ hơn 10 có số 0 phía trước)', p.label)
        if month.isdigit():
            wanted = f"{int(month):02d}" if int(month) <= 2 else str(int(month))
            if month != wanted:
                yield Finding(rule, f'"tháng {month}"', f'"tháng {wanted}" (chỉ tháng 1, 2 có số 0 phía trước)',
                              p.label)
    yield from _format(rule, p, italic=True, bold=False)


@check("ND30-TEN-LOAI")
def _title(layout: Layout, rule: Rule) -> Iterator[Finding]:
    if layout.cong_van is not None:
        return  # a letter has "V/v …" under its number instead
    p = layout.ten_loai
    if p is None:
        yield _missing(rule, "tên loại văn bản (ví dụ \"BÁO CÁO\") canh giữa, in hoa, dưới phần đầu")
        return
    yield from _format(rule, p, bold=True, upper=True)
    if p.align != "center":
        yield Finding(rule, "không canh giữa", "canh giữa", p.label)
    if layout.trich_yeu is not None:
        yield from _format(rule, layout.trich_yeu, bold=True)


@check("ND30-KE-TRICH-YEU")
def _title_rule(layout: Layout, rule: Rule) -> Iterator[Finding]:
    p = layout.trich_yeu
    if layout.cong_van is None and p is not None and layout.ten_loai is not None:
        if not _has_rule_under(p, layout._after(p)):
            yield Finding(rule, "không có đường kẻ dưới trích yếu",
                          "đường kẻ ngang, nét liền, dài 1/3 đến 1/2 dòng chữ", p.label)


def _grouped(rule: Rule, failing: list[tuple[ParaView, str]], expected: str) -> Iterator[Finding]:
    """One finding per kind of fault: the first paragraph named, the others counted."""
    kinds: dict[str, list[ParaView]] = {}
    for p, found in failing:
        kinds.setdefault(found, []).append(p)
    for found, paragraphs in kinds.items():
        others = len(paragraphs) - 1
        yield Finding(rule, found, expected, paragraphs[0].label + (f" và {others} đoạn khác" if others else ""))


@check("ND30-NOI-DUNG")
def _body(layout: Layout, rule: Rule) -> Iterator[Finding]:
    low, high = rule.tham_so["co_chu"]
    indents = rule.tham_so["lui_dau_dong_cm"]
    line_low, line_high = rule.tham_so["cach_dong"]
    sizes, aligns, firsts, gaps, lines = [], [], [], [], []
    for p in layout.body:
        if not _size_ok(p, low, high):
            sizes.append((p, f"cỡ chữ {_sizes(p)}"))
        if p.align not in ("both", "distribute"):
            aligns.append((p, "không canh đều hai lề"))
        if not any(abs(p.first_line_cm - i) < 0.03 for i in indents):
            firsts.append((p, f"lùi đầu dòng {p.first_line_cm:.2f} cm".replace(".", ",")))
        if p.before_pt + p.after_pt < rule.tham_so["cach_doan_pt"]:
            gaps.append((p, f"cách đoạn {p.before_pt + p.after_pt:g} pt"))
        if p.line is not None and not line_low - 0.001 <= p.line <= line_high + 0.001:
            lines.append((p, f"cách dòng {p.line:g} dòng".replace(".", ",")))
    yield from _grouped(rule, sizes, f"cỡ chữ {low}–{high} pt")
    yield from _grouped(rule, aligns, "canh đều hai lề")
    yield from _grouped(rule, firsts, "lùi đầu dòng 1 cm hoặc 1,27 cm")
    yield from _grouped(rule, gaps, f"cách đoạn tối thiểu {rule.tham_so['cach_doan_pt']} pt")
    yield from _grouped(rule, lines, "cách dòng từ dòng đơn đến 1,5 dòng")


@check("ND30-DE-MUC")
def _headings(layout: Layout, rule: Rule) -> Iterator[Finding]:
    """ "I. …" paragraphs that read as headings: a numbered paragraph of content ends as a sentence does."""
    for p in layout.body:
        text = _squash(p.text)
        if ROMAN_HEADING.match(text) and not text.endswith((".", ";", "…")):
            yield from _format(rule, p, bold=True, upper=True)


@check("ND30-CHU-KY")
def _signature(layout: Layout, rule: Rule) -> Iterator[Finding]:
    if not layout.signature_cells:
        yield _missing(rule, "khối chữ ký (quyền hạn, chức vụ và họ tên người ký)", "cuối văn bản")
        return
    for cell in layout.signature_cells:
        lines = [p for p in cell if p.text]  # a name left blank (spaces) is still the name's line
        if not lines:
            continue
        *titles, name = lines
        for p in titles:
            if p.text.strip():
                yield from _format(rule, p, bold=True, upper=True)
        if name.text.strip():
            yield from _format(rule, name, bold=True, upper=False)
        else:
            yield Finding(rule, "chưa có họ tên người ký (để trống)", "họ tên người ký, chữ in thường, đậm",
                          name.label, WARNING)


@check("ND30-NOI-NHAN")
def _recipients(layout: Layout, rule: Rule) -> Iterator[Finding]:
    p = layout.noi_nhan
    if p is None:
        if len(layout.signature_cells) < 2:  # an agreement signed by several parties has none
            yield _missing(rule, '"Nơi nhận:"', "cuối văn bản")
        return
    if _squash(p.text) != "Nơi nhận:":
        yield Finding(rule, f'"{_squash(p.text)}"', '"Nơi nhận:"', p.label)
    size = rule.tham_so["co_chu_tieu_de"]
    yield from _format(rule, p, bold=True, italic=True)
    if not _size_ok(p, size, size):
        yield Finding(rule, f"cỡ chữ {_sizes(p)}", f"cỡ chữ {size} pt", p.label)
    items = layout.recipients
    if not items:
        yield _missing(rule, "nơi nhận nào dưới \"Nơi nhận:\"", p.label)
        return
    item_size = rule.tham_so["co_chu_muc"]
    for index, item in enumerate(items):
        text = _squash(item.text)
        last = index == len(items) - 1
        if not _size_ok(item, item_size, item_size):
            yield Finding(rule, f"cỡ chữ {_sizes(item)}", f"cỡ chữ {item_size} pt", item.label)
        if not text.startswith("-"):
            yield Finding(rule, "dòng không bắt đầu bằng \"-\"", "mỗi nơi nhận bắt đầu bằng \"- \"", item.label)
        if last and not (text.startswith("- Lưu") and text.endswith(".")):
            yield Finding(rule, f'dòng cuối "{text}"', 'dòng cuối "- Lưu: VT, ….", kết thúc bằng dấu chấm', item.label)
        if not last and not text.endswith(";"):
            yield Finding(rule, "dòng không kết thúc bằng \";\"", "mỗi nơi nhận (trừ dòng cuối) kết thúc bằng \";\"",
                          item.label)


@check("ND30-SO-TRANG")
def _page_numbers(layout: Layout, rule: Rule) -> Iterator[Finding]:
    view = layout.view
    first = view.doc.sections[0]
    numbered = [(kind, p) for number, kind, p in view.header_paragraphs() if number == 1 and page_field(p.element)]
    in_footer = any(page_field(p) for s in view.doc.sections for p in s.footer._element.iter(qn("w:p")))
    if not any(kind == "đầu trang" for kind, _ in numbered):
        found = "số trang ở chân trang" if in_footer else "không có số trang"
        yield Finding(rule, found, "trường số trang (PAGE) canh giữa ở đầu trang, từ trang thứ hai",
                      "đầu trang của phần 1 (section)")
        return
    for kind, p in numbered:
        if kind == "đầu trang" and p.align != "center":
            yield Finding(rule, "số trang không canh giữa", "canh giữa theo chiều ngang", p.where)
    if not first.different_first_page_header_footer or any(kind == "đầu trang thứ nhất" for kind, _ in numbered):
        yield Finding(rule, "số trang hiện cả ở trang thứ nhất", "không hiển thị số trang ở trang thứ nhất "
                      "(Word: Trang đầu khác — Different First Page)", "đầu trang của phần 1 (section)")


@check("ND30-PHU-LUC")
def _appendix(layout: Layout, rule: Rule) -> Iterator[Finding]:
    for p in layout.paragraphs:
        text = _squash(p.text)
        if p.cell is None and re.fullmatch(r"Phụ lục( [IVXL0-9]+)?", text):
            yield from _format(rule, p, bold=True)
            if p.align != "center":
                yield Finding(rule, "không canh giữa", "canh giữa", p.label)
        if p.cell is None and text.startswith("(Kèm theo"):
            yield from _format(rule, p, italic=True)


@check("ND30-CON-SOT")
def _leftovers(layout: Layout, rule: Rule) -> Iterator[Finding]:
    headers = [p for _, _, p in layout.view.header_paragraphs()]
    for p in [*layout.paragraphs, *headers]:
        match = LEFTOVER.search(p.text)
        if match:
            yield Finding(rule, f'còn "{match.group(0)}"', "văn bản không còn thẻ của mẫu hay chữ \"None\"", p.label)


@check("ND30-CHUA-DIEN")
def _unfilled(layout: Layout, rule: Rule) -> Iterator[Finding]:
    """Each placeholder line tdkt leaves for a section the data had no content for, with the field to fill."""
    for p in layout.paragraphs:
        for match in PLACEHOLDER.finditer(p.text):
            field = match["field"]
            expected = (f"điền trường '{field}' trong tệp dữ liệu rồi tạo lại văn bản" if field
                        else "viết nội dung cho mục này")
            yield Finding(rule, f"mục “{match['title']}” chưa có nội dung (còn dòng giữ chỗ)", expected, p.label,
                          WARNING if layout.draft else None)


@check("ND30-TEN-GIA")
def _placeholder_names(layout: Layout, rule: Rule) -> Iterator[Finding]:
    for cell in layout.signature_cells:
        lines = [p for p in cell if p.text.strip()]
        if lines and PLACEHOLDER_NAMES.match(_squash(lines[-1].text)):
            yield Finding(rule, f"họ tên người ký là “{_squash(lines[-1].text)}”", "họ tên thật của người ký",
                          lines[-1].label, WARNING if layout.draft else None)


@check("ND30-SO-LIEU")
def _figures(layout: Layout, rule: Rule) -> Iterator[Finding]:
    """Totals of tables against their rows, Tổng số against Tập thể + Cá nhân, "a/b … (đạt x%)" against a/b."""
    for number, table in enumerate(layout.view.doc.element.body.iterchildren(qn("w:tbl")), 1):
        yield from (Finding(rule, found, expected, f"bảng {number}, {where}") for found, expected, where in
                    figures_check.table_problems(figures_check.grid(table)))
    for p in layout.paragraphs:
        for found, expected in figures_check.text_problems(_squash(p.text)):
            yield Finding(rule, found, expected, p.label)


# ------------------------------------------------------------------ running


# Forms that are not administrative documents (Decree 30, Điều 7 lists those): award certificates are
# drawn to the award's own model (Nghị định 98/2023/NĐ-CP, Thông tư 01/2024/TT-BNV), not to Phụ lục I.
NOT_ADMINISTRATIVE = {"GIẤY KHEN": "giấy khen", "BẰNG KHEN": "bằng khen"}


def not_administrative(path: Path) -> str | None:
    """What a document is when it is not an administrative document ("giấy khen"), else None: its title
    stands alone among its first paragraphs and it has no "Nơi nhận"."""
    paragraphs = DocxView(path).paragraphs
    titles = [_squash(p.text).upper() for p in paragraphs[:30]]
    found = next((NOT_ADMINISTRATIVE[t] for t in titles if t in NOT_ADMINISTRATIVE), None)
    if found is None or any(_squash(p.text).startswith("Nơi nhận") for p in paragraphs):
        return None
    return found


def check_document(path: Path) -> list[Finding]:
    """Every finding of one document, in the order of the rule table."""
    view = DocxView(path)
    try:
        if not view.doc.element.body.findall(".//" + qn("w:sectPr")):
            raise DocumentError("văn bản không có phần thiết lập trang (khổ giấy, lề, đầu trang) mà Word luôn ghi.",
                                Position(path), "Mở tệp bằng Word hoặc LibreOffice và lưu lại dạng .docx.")
        layout = Layout(view)
        findings: list[Finding] = []
        for rule_id, rule in rules().items():
            findings += CHECKS[rule_id](layout, rule)
    except DocumentError as error:
        if error.position is not None:
            raise
        raise DocumentError(error.message, Position(path), error.hint) from None
    except (ValueError, TypeError, IndexError, KeyError, OverflowError, ZeroDivisionError):
        raise DocumentError("văn bản có giá trị định dạng không hợp lệ (không phải do Word ghi ra).", Position(path),
                            "Mở tệp bằng Word hoặc LibreOffice và lưu lại dạng .docx.") from None
    return findings


def missing_checks() -> list[str]:
    """Rule ids of the table without a check function, and check functions without a rule (both must be
    empty; a test says so)."""
    return sorted(set(rules()) ^ set(CHECKS))
