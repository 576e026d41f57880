"""The pipeline of one document (see ../shared/docs/design.md): load -> validate -> derive -> render -> finish
-> write. Many documents (per member, a list's rows) are ``batch``, on top of this."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from . import kinds, output, own
from .data import load as data
from .data import records
from .docx.render import TEMPLATES, render_docx
from .errors import DataError, DataErrors, Mismatch, MismatchError, Position
from .kinds import common
from .kinds.common import Options


@dataclass(frozen=True)
class Document:
    """A validated data file: its kind, its model, and the totals it states that do not add up."""

    source: data.Source
    kind: ModuleType
    model: Any
    mismatches: list[Mismatch]
    options: Options
    warnings: tuple[str, ...] = ()  # from the members' workbooks: listed, the document is still made
    notes: tuple[str, ...] = ()  # said once about own data: the kinds inferred for a table's columns

    def context(self) -> dict[str, Any]:
        return self.kind.derive(self.model, self.options)  # type: ignore[no-any-return]

    @property
    def own(self) -> bool:
        return self.kind is own

    @property
    def template(self) -> Path:
        if self.kind.TEMPLATE is None:
            raise DataError("dữ liệu riêng (không có 'loai', hoặc 'loai: rieng') cần mẫu của mình.",
                            Position(self.source.path), "Thêm -t MẪU.docx vào lệnh.")
        return TEMPLATES / self.kind.TEMPLATE


def _kind_of(source: data.Source) -> ModuleType:
    name = source.data.get("loai")
    if name is None:
        raise DataError("thiếu trường 'loai' (loại văn bản).", Position(source.path, 1, "loai"),
                        f"Các loại có: {', '.join(kinds.KINDS)}; dữ liệu riêng cho mẫu của mình: thêm -t MẪU.docx "
                        "(hoặc ghi 'loai: rieng').")
    if not isinstance(name, str) or name not in kinds.KINDS:
        raise DataError(f"không có loại văn bản '{name}'.", source.position(("loai",)),
                        f"Các loại có: {', '.join(kinds.KINDS)}.")
    return kinds.KINDS[name]


def load(path: Path | str, *, signed: bool = False, per_member: bool = False,
         workbooks: Sequence[Path | str] = (), template: Path | str | None = None) -> Document:
    """Read and validate a data file, with the members' workbooks merged into it; raise DataErrors naming
    every problem with file and line (or workbook and cell) and field. With an own ``template``, data
    without ``loai`` (or with ``loai: rieng``) and tables are own data, and ``workbooks`` are its other
    files (tables, shared fields)."""
    path, template = Path(path), Path(template) if template is not None else None
    if template is not None and records.is_table(path):
        return load_own([path, *map(Path, workbooks)], template)
    if path.suffix.lower() in records.TABLE_SUFFIXES:
        raise DataError("tệp Excel là số liệu của một thành viên, cần đi cùng tệp dữ liệu của Cụm (.yaml).",
                        Position(path), f"Ví dụ: tdkt render cum.yaml {path} … -o bao-cao.docx; nếu là danh "
                                        "sách cho mẫu riêng, thêm -t MẪU.docx.")
    if records.is_table(path):
        raise DataError("tệp là một danh sách (các mục '- …'), chỉ dùng được với mẫu của mình.", Position(path),
                        "Thêm -t MẪU.docx vào lệnh.")
    source = data.load(path)
    if own.wants_own(source.data, template):
        return load_own([path, *map(Path, workbooks)], template)
    if workbooks:
        from .data import merge  # openpyxl is imported only when there are workbooks to read

        _kind_of(source)  # data without a kind says so (and to add -t) before its workbooks are read
    warnings = merge.merge_into(source, [Path(p) for p in workbooks]) if workbooks else []
    return from_source(source, signed=signed, per_member=per_member, warnings=tuple(str(w) for w in warnings))


def load_own(paths: Sequence[Path], template: Path | None) -> Document:
    """Own data for an own template: every field of the files, typed by their schemas."""
    model = own.document(paths, template)
    source = data.Source(paths[0], {})
    return Document(source, own, model, [], Options(base=paths[0].parent), warnings=tuple(model.warnings),
                    notes=tuple(model.notes))


def from_source(source: data.Source, *, signed: bool = False, per_member: bool = False,
                warnings: tuple[str, ...] = ()) -> Document:
    """Validate data already read (and merged); the source's data is dropped afterwards."""
    kind = _kind_of(source)
    options = Options(base=source.path.parent, signed=signed)
    if per_member and kind.PER_MEMBER is None:
        raise DataError(f"loại văn bản '{source.data['loai']}' không có bản riêng cho từng thành viên.",
                        source.position(("loai",)), "Bỏ tùy chọn --per-member.")
    model = data.validate(source, kind.MODEL)
    problems = common.province_problems(model) + kind.cross_check(model, options)
    if problems:
        raise DataErrors([DataError(message, source.position(loc), hint) for loc, message, hint in problems])
    mismatches = [Mismatch(what, stated, computed, source.position(loc))
                  for loc, what, stated, computed in kind.mismatches(model)]
    source.data = {}  # the model holds it all now; the lines stay for the positions of later messages
    return Document(source, kind, model, mismatches, options,
                    (*source.warnings, *warnings, *_citations(source, model)))


def _citations(source: data.Source, model: Any) -> list[str]:
    """Warnings for the "Căn cứ" lines that cite a law, decree or circular not in force on the document's date."""
    lines = {field: getattr(model, field, None) or [] for field in ("can_cu", "can_cu_bo_sung")}
    return common.citation_warnings(getattr(model, "ngay", None), lines, source.position)


def render(data_path: Path | str, out: Path | str, *, force: bool = False, strict: bool = False,
           template: Path | str | None = None, signed: bool = False, pdf: bool = False,
           workbooks: Sequence[Path | str] = ()) -> Document:
    """Render one data file to a DOCX at ``out`` (and with ``pdf`` a PDF beside it, same name). Stated
    totals that do not add up are returned in ``Document.mismatches`` (or raised with ``strict``); nothing
    is written when anything fails."""
    out = Path(out)
    pdf_out = out.with_suffix(".pdf") if pdf else None
    output.refuse_inputs([out, *([pdf_out] if pdf_out else [])],
                         [Path(data_path), *map(Path, workbooks), Path(template) if template else None])
    output.check_writable(out, force)
    if pdf_out is not None:
        output.check_writable(pdf_out, force, (".pdf",))
    document = load(data_path, signed=signed, workbooks=workbooks, template=template)
    if strict and document.mismatches:
        raise MismatchError(document.mismatches)
    content = render_docx(Path(template) if template else document.template, document.context(),
                          own=document.own, kind_template=template is None and not document.own)
    pdf_content = None
    if pdf_out is not None:
        from .pdf import convert as pdf_output  # only a render with --pdf needs LibreOffice's module

        pdf_content = pdf_output.convert_one(content)
    output.write_atomic(out, content, force)
    if pdf_out is not None and pdf_content is not None:
        output.write_atomic(pdf_out, pdf_content, force, (".pdf",))
    return document
