"""The pipeline of one document (see ../shared/docs/design.md): load -> validate -> derive -> render -> finish
-> write. Many documents (per member, a list's rows) are ``batch``, on top of this."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from . import kinds, output, own
from .data import load as data
from .data import records
from .document import figures, reconcile, typed
from .docx.render import TEMPLATES, render_docx
from .errors import DataError, DataErrors, Mismatch, MismatchError, Position, TemplateErrors
from .kinds import common, units
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
    derived: dict[str, Any] | None = field(default=None, compare=False, repr=False)  # derive's context, kept

    def context(self) -> dict[str, Any]:
        if self.derived is not None:
            return self.derived
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
    try:
        warnings = merge.merge_into(source, [Path(p) for p in workbooks]) if workbooks else []
    except DataError as error:  # the data file's own mistakes reported with the workbooks', in one round
        raise DataErrors([*_each(error), *_own_errors(path)]) from None
    return from_source(source, signed=signed, per_member=per_member, warnings=tuple(str(w) for w in warnings))


def _each(error: DataError) -> list[DataError]:
    return list(error.errors) if isinstance(error, DataErrors) else [error]  # type: ignore[arg-type]


def _own_errors(path: Path) -> list[DataError]:
    """The data file's own field errors (read alone, without the workbooks that fill its figures)."""
    source = data.load(path)
    try:
        data.validate(source, _kind_of(source).MODEL)
    except DataError as error:
        return _each(error)
    return []


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
    problems = units.problems(model) + kind.cross_check(model, options)
    if problems:
        raise DataErrors([DataError(message, source.position(loc), hint) for loc, message, hint in problems])
    mismatches = [Mismatch(what, stated, computed, source.position(loc))
                  for loc, what, stated, computed in kind.mismatches(model)]
    said = [f"{source.position(loc)}: {message} {hint}" for loc, message, hint in typed.problems(source.data)]
    said += [f"{source.position(loc)}: {message}" for loc, message in getattr(kind, "warnings", _none)(model)]
    said += [f"{source.position(loc)}: {message}" for loc, message in units.warnings(model)]
    source.data = {}  # the model holds it all now; the lines stay for the positions of later messages
    context = None
    if getattr(kind, "TRACKED", ()):  # the fields derive reads: what the data gives and the document drops
        with figures.recording() as found:
            context = kind.derive(model, options)
        said += unused_fields(source, kind.TRACKED, found.used)
    return Document(source, kind, model, mismatches, options,
                    (*source.warnings, *warnings, *said, *_citations(source, model)), derived=context)


def _none(model: Any) -> list[Any]:
    return []


def unused_fields(source: data.Source, tracked: Sequence[str], used: set[data.Loc]) -> list[str]:
    """A warning, at its line, for each field under ``tracked`` that the data gives and the document never
    uses (a figure no sentence or table prints, the text of a section the outline leaves out)."""
    given = [loc for loc in (*source.lines, *source.cells) if loc and loc[0] in tracked]
    inner = {loc[:end] for loc in given for end in range(1, len(loc))}
    under_used = {loc[:end] for loc in used for end in range(1, len(loc) + 1)}  # a row of a workbook: its cells
    found = []
    for loc in sorted({loc for loc in given if loc not in inner}, key=lambda loc: source.lines.get(loc, 0)):
        if loc not in under_used and not any(loc[:end] in used for end in range(1, len(loc))):
            found.append(f"{source.position(loc)}: có trong dữ liệu nhưng văn bản không dùng. Bỏ trường này, hoặc "
                         "thêm mục, số liệu cần nó (xem dàn ý 'muc', 'bo_muc' và các số liệu đi kèm).")
    return found


def _citations(source: data.Source, model: Any) -> list[str]:
    """Warnings for the "Căn cứ" lines that cite a law, decree or circular not in force on the document's date."""
    lines = {field: getattr(model, field, None) or [] for field in ("can_cu", "can_cu_bo_sung")}
    return common.citation_warnings(getattr(model, "ngay", None), lines, source.position)


SHEET_SUFFIX = ".doi-chieu.xlsx"


def sheet_path(out: Path) -> Path:
    """Where the reconciliation sheet of the document ``out`` goes: beside it, "TÊN.doi-chieu.xlsx"."""
    return out.with_name(out.stem + SHEET_SUFFIX)


def reconciliation(document: Document, context_of: Any = None, template: Path | None = None,
                   names: Mapping[Path, str] | None = None) -> tuple[dict[str, Any], list[reconcile.Line]]:
    """The document's context and the rows of its reconciliation sheet: every number it prints (the values its
    template shows), with where it stands and where it comes from. ``context_of`` derives another context of
    the same data (a member's, for ``template``); ``names``: the names its files are shown by (a service's
    stored upload by the name it was uploaded with)."""
    from .docx.template_lint import template_variables

    if document.own:
        raise DataError("bảng đối chiếu số liệu chỉ có cho các loại văn bản của tdkt, chưa có cho mẫu riêng.",
                        Position(document.source.path), "Bỏ tùy chọn --doi-chieu.")
    with figures.recording(marked=True) as found:
        marked = context_of() if context_of is not None else document.kind.derive(document.model, document.options)
        shown = {re.split(r"[.\[]", name)[0] for name in template_variables(template or document.template)}
        context, printed = reconcile.collect(marked, found, shown)
    texts = typed.texts(document.model.model_dump(mode="python"))
    return context, reconcile.rows(context, printed, _shown_position(document.source.position, names or {}), texts)


def _shown_position(position: Any, names: Mapping[Path, str]) -> Any:
    def shown(loc: data.Loc) -> Position:
        found: Position = position(loc)
        name = names.get(Path(found.file)) if found.file is not None else None
        return dataclasses.replace(found, file=name) if name is not None else found
    return shown if names else position


def sheet(document: Document, lines: list[reconcile.Line], names: Mapping[Path, str] | None = None) -> bytes:
    """The reconciliation sheet as .xlsx bytes, titled by the document's summary (else its data file's name)."""
    shown = (names or {}).get(document.source.path)
    title = getattr(document.model, "trich_yeu", None) or Path(shown or document.source.path).stem
    return reconcile.workbook(lines, title)


def render(data_path: Path | str, out: Path | str, *, force: bool = False, strict: bool = False,
           template: Path | str | None = None, signed: bool = False, pdf: bool = False,
           workbooks: Sequence[Path | str] = (), doi_chieu: bool = False) -> Document:
    """Render one data file to a DOCX at ``out`` (and with ``pdf`` a PDF beside it, same name; with
    ``doi_chieu`` the reconciliation sheet beside it, ``sheet_path``). Stated totals that do not add up are
    returned in ``Document.mismatches`` (or raised with ``strict``); nothing is written when anything fails."""
    out = Path(out)
    pdf_out = out.with_suffix(".pdf") if pdf else None
    output.refuse_inputs([out, *([pdf_out] if pdf_out else [])],
                         [Path(data_path), *map(Path, workbooks), Path(template) if template else None])
    output.check_writable(out, force)
    if pdf_out is not None:
        output.check_writable(pdf_out, force, (".pdf",))
    if doi_chieu:
        output.check_writable(sheet_path(out), force, (".xlsx",))
    document = load(data_path, signed=signed, workbooks=workbooks, template=template)
    if strict and document.mismatches:
        raise MismatchError(document.mismatches)
    context, sheet_content = document.context(), None
    if document.own and template is not None:  # every missing field at once, each list said with its origin
        from .docx.template_lint import lint

        problems = lint(Path(template), context, nested=True, origins=document.model.origins)
        if problems:
            raise TemplateErrors([problem.error(Path(template)) for problem in problems])
    if doi_chieu:
        context, lines = reconciliation(document)
        sheet_content = sheet(document, lines)
    content = render_docx(Path(template) if template else document.template, context,
                          own=document.own, kind_template=template is None and not document.own)
    pdf_content = None
    if pdf_out is not None:
        from .pdf import convert as pdf_output  # only a render with --pdf needs LibreOffice's module

        pdf_content = pdf_output.convert_one(content)
    output.write_atomic(out, content, force)
    if pdf_out is not None and pdf_content is not None:
        output.write_atomic(pdf_out, pdf_content, force, (".pdf",))
    if sheet_content is not None:
        output.write_atomic(sheet_path(out), sheet_content, force, (".xlsx",))
    return document
