"""tdkt-docgen: Vietnamese administrative documents for emulation and commendation work (TĐKT).

One pipeline (see ../shared/docs/design.md): load -> validate -> derive -> render -> finish -> write.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from . import data, interrupt, kinds, output, own, records
from . import pdf as pdf_output
from .errors import DataError, DataErrors, Mismatch, MismatchError, Position
from .kinds import common
from .kinds.common import Options
from .render import TEMPLATES, render_docx

__all__ = ["Document", "Mismatch", "load", "render", "render_per_member"]


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
        from . import merge  # openpyxl is imported only when there are workbooks to read

        _kind_of(source)  # data without a kind says so (and to add -t) before its workbooks are read
    warnings = merge.merge_into(source, [Path(p) for p in workbooks]) if workbooks else []
    return from_source(source, signed=signed, per_member=per_member, warnings=tuple(str(w) for w in warnings))


def load_own(paths: Sequence[Path], template: Path | None) -> Document:
    """Own data for an own template: every field of the files, typed by their schemas."""
    model = own.document(paths, template)
    source = data.Source(paths[0], {})
    return Document(source, own, model, [], Options(base=paths[0].parent), notes=tuple(model.notes))


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
    return Document(source, kind, model, mismatches, options, (*source.warnings, *warnings))


def render(data_path: Path | str, out: Path | str, *, force: bool = False, strict: bool = False,
           template: Path | str | None = None, signed: bool = False, pdf: bool = False,
           workbooks: Sequence[Path | str] = ()) -> Document:
    """Render one data file to a DOCX at ``out`` (and with ``pdf`` a PDF beside it, same name). Stated
    totals that do not add up are returned in ``Document.mismatches`` (or raised with ``strict``); nothing
    is written when anything fails."""
    out = Path(out)
    pdf_out = out.with_suffix(".pdf") if pdf else None
    output.check_writable(out, force)
    if pdf_out is not None:
        output.check_writable(pdf_out, force, (".pdf",))
    document = load(data_path, signed=signed, workbooks=workbooks, template=template)
    if strict and document.mismatches:
        raise MismatchError(document.mismatches)
    content = render_docx(Path(template) if template else document.template, document.context(),
                          own=document.own)
    pdf_content = pdf_output.convert_one(content) if pdf_out is not None else None
    output.write_atomic(out, content, force)
    if pdf_out is not None and pdf_content is not None:
        output.write_atomic(pdf_out, pdf_content, force, (".pdf",))
    return document


def render_per_member(data_path: Path | str, folder: Path | str, *, force: bool = False,
                      template: Path | str | None = None, signed: bool = False, pdf: bool = False,
                      workbooks: Sequence[Path | str] = ()) -> tuple[Document, list[Path]]:
    """One document per member of a data file into ``folder`` ("dang-ky-son-la.docx", and with ``pdf``
    "dang-ky-son-la.pdf"), all or nothing: every file is made before any is written, none when one fails
    or one name is taken (without ``force``). ``tdkt batch --per-member`` is the same with partial
    failure, parallel and ZIP."""
    from . import batch

    folder = Path(folder)
    document, tasks = batch.plan_members(Path(data_path), None, signed, tuple(Path(p) for p in workbooks))
    batch.check_targets(tasks, folder, None, force, pdf)
    interrupt.plan(*(folder / name for t in tasks for name in (t.name, *([batch.pdf_name(t)] if pdf else []))))
    results = list(batch.results(tasks, jobs=1, signed=signed, template=Path(template) if template else None))
    failed = [message for result in results for message in result.errors]
    if failed:
        raise DataErrors([DataError(message) for message in failed])
    files: list[tuple[Path, bytes]] = []
    for result in results:
        assert result.content is not None
        files.append((folder / result.task.name, result.content))
    if pdf:
        pdfs = list(pdf_output.convert([content for _, content in files]))
        failed = [f"{results[p.index].task.label}: {p.error}" for p in pdfs if p.pdf is None]
        if failed:
            raise pdf_output.PdfError("\n".join(f"không tạo được PDF ({line})" for line in failed))
        files += [(path.with_suffix(".pdf"), p.pdf) for (path, _), p in zip(files, pdfs, strict=True)
                  if p.pdf is not None]
    for path, content in files:
        output.write_atomic(path, content, force, (path.suffix.lower(),))
    return document, [path for path, _ in files]
