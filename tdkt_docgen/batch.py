"""The batch engine: many documents from a folder of data files, or one per member of a data file.

Tasks are planned in the parent (names safe and unique), which also loads a data file once for all its
members and compiles the template; documents are derived and rendered in worker processes forked from it
(in the parent itself when the batch is too small for workers to pay off), and written by the parent in
task order as they come back:
one file each, and/or streamed into one ZIP. A task that fails is reported and skipped; the others are
written. Identical input gives identical bytes.
"""

from __future__ import annotations

import os
import sys
import time
import zipfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from . import interrupt, output, own, startup
from .docx.render import TEMPLATES, render_docx
from .docx.template_lint import lint
from .errors import (
    DataError,
    DataErrors,
    DocgenError,
    OutputError,
    Position,
    Several,
    TemplateError,
    TemplateErrors,
    os_reason,
)
from .naming import file_name, unique
from .pipeline import Document, load
from .vn import format_number

if TYPE_CHECKING:  # imported when a pool is started: a batch in one process does not pay for them
    from concurrent.futures import Future, ProcessPoolExecutor

DATA_SUFFIXES = (".yaml", ".yml", ".json")
WORKBOOK_SUFFIX = ".xlsx"
NAME_FIELDS = "{stt}, {ten}"


@dataclass(frozen=True)
class Task:
    """One document to make: from which data file, for which member (per-member), under which name."""

    stt: int  # 1-based, in the order of the inputs or of the members
    data_path: Path
    member: int | None  # index of the member, for per-member documents
    label: str  # what the user calls it in messages: the file, or the member's name
    name: str  # the output file name
    workbooks: tuple[Path, ...] = ()  # members' workbooks merged into the data file; own data: its other files
    row: bool = False  # one row of a table (own data): ``member`` is the row's index


@dataclass(frozen=True)
class Result:
    task: Task
    content: bytes | None = None
    errors: tuple[str, ...] = ()


@dataclass
class Summary:
    written: list[str] = field(default_factory=list)
    failed: list[Result] = field(default_factory=list)
    seconds: float = 0.0
    pdfs: int = 0
    pdf_failed: list[Result] = field(default_factory=list)  # the DOCX was written, its PDF was not

    @property
    def exit_code(self) -> int:
        return 1 if self.failed or self.pdf_failed else 0


# ------------------------------------------------------------------ planning


def split_workbooks(inputs: Iterable[Path]) -> tuple[list[Path], tuple[Path, ...]]:
    """The data files and folders, and the members' workbooks (.xlsx) to merge into the one data file."""
    inputs = list(inputs)
    workbooks = tuple(p for p in inputs if p.suffix.lower() == WORKBOOK_SUFFIX)
    rest = [p for p in inputs if p.suffix.lower() != WORKBOOK_SUFFIX]
    if workbooks and (len(rest) != 1 or rest[0].is_dir()):
        raise DataError("các tệp số liệu .xlsx được gộp vào đúng một tệp dữ liệu của Cụm (.yaml).", None,
                        "Ví dụ: tdkt batch cum.yaml so-lieu/*.xlsx --per-member -o build/")
    return rest, workbooks


def data_files(inputs: Iterable[Path]) -> list[Path]:
    """The data files of the inputs: files as given, folders' YAML and JSON files in name order."""
    files: list[Path] = []
    for path in inputs:
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.suffix.lower() in DATA_SUFFIXES and p.is_file())
        elif path.exists():
            files.append(path)
        else:
            raise DataError("không tìm thấy tệp hoặc thư mục dữ liệu.", Position(path))
    if not files:
        raise DataError("không có tệp dữ liệu nào (.yaml, .yml, .json).", Position(", ".join(map(str, inputs))))
    return files


def plan_files(files: list[Path], pattern: str | None, workbooks: tuple[Path, ...] = ()) -> list[Task]:
    names = unique([file_name(pattern, i, f.stem, f.stem) for i, f in enumerate(files, 1)])
    return [Task(i, f, None, str(f), n, workbooks) for i, (f, n) in enumerate(zip(files, names, strict=True), 1)]


def plan_members(data_path: Path, pattern: str | None, signed: bool = False,
                 workbooks: tuple[Path, ...] = ()) -> tuple[Any, list[Task]]:
    """The loaded data file and one task per member; the file itself must be valid (exit 2 otherwise)."""
    document = _loaded(data_path, signed, True, workbooks)
    per_member = document.kind.PER_MEMBER
    members = per_member.members(document.model)
    names = unique([file_name(pattern, i, m.ten, f"{per_member.prefix}-{m.ten}") for i, m in enumerate(members, 1)])
    tasks = [Task(i, data_path, i - 1, m.ten, n, workbooks)
             for i, (m, n) in enumerate(zip(members, names, strict=True), 1)]
    return document, tasks


def plan_rows(table: Path, shared: tuple[Path, ...], pattern: str | None, template: Path) -> tuple[Any, list[Task]]:
    """One task per row of a table (own data, own template), named from the row's fields; the table and
    the shared files must be readable (exit 2 otherwise), a bad row fails alone when it is rendered."""
    if not table.exists():
        raise DataError("không tìm thấy tệp danh sách.", Position(table), "Kiểm tra lại đường dẫn và tên tệp.")
    if not template.is_file():
        raise TemplateError("không tìm thấy tệp mẫu.", Position(template))
    problems = lint(template)  # a broken tag is said once, not once per row
    if problems:
        raise TemplateErrors([problem.error(template) for problem in problems])
    rows, common = own.rows_for_batch(table, table.stat().st_mtime_ns, shared, template)
    if rows.contexts:  # every row has the same fields: a field the template lacks is said once
        problems = lint(template, own.row_context(rows, common, 0), nested=True)
        if problems:
            raise TemplateErrors([problem.error(template) for problem in problems])
    labels = [_row_label(rows, i) for i in range(len(rows.contexts))]
    names = unique([file_name(pattern, i, label, f"{i:03d}-{label}", rows.contexts[i - 1])
                    for i, label in enumerate(labels, 1)])
    tasks = [Task(i, table, i - 1, label, name, shared, row=True)
             for i, (label, name) in enumerate(zip(labels, names, strict=True), 1)]
    return rows, tasks


def _row_label(rows: Any, index: int) -> str:
    """What a row is called in messages: its name (ho_ten, ten, or the first text), else its place."""
    row = rows.contexts[index]
    for key in ("ho_ten", "ho_va_ten", "ten"):
        if isinstance(row.get(key), str):
            return str(row[key])
    text = next((v for v in row.values() if isinstance(v, str)), None)
    return text or str(rows.table.row_places[index].cell)


# ------------------------------------------------------------------ rendering


def _render_row(task: Task, template: Path) -> Result:
    """The document of one row, or the row's problems (by sheet, row and column)."""
    assert task.member is not None
    rows, shared = own.rows_for_batch(task.data_path, task.data_path.stat().st_mtime_ns, task.workbooks, template)
    errors = rows.errors[task.member]
    if errors:
        return Result(task, errors=tuple(str(e) for e in errors))
    try:
        return Result(task, render_docx(template, own.row_context(rows, shared, task.member), own=True))
    except DocgenError as error:  # a value of this row the template cannot use: said with the row's place
        place = rows.table.row_places[task.member]
        return Result(task, errors=tuple(f"{place}: {line}" for line in str(error).splitlines()))


def render_task(task: Task, signed: bool = False, template: Path | None = None) -> Result:
    """The document of one task, or why it could not be made. A data file is loaded once per process for
    all its members; a worker forked from the parent finds it already loaded."""
    try:
        if task.row:
            if template is None:
                raise DataError("danh sách cho mẫu riêng cần mẫu của mình.", Position(task.data_path),
                                "Thêm -t MẪU.docx vào lệnh.")
            return _render_row(task, template)
        if task.member is None:
            document = _loaded(task.data_path, signed, False, task.workbooks, template)
            return Result(task, render_docx(template or document.template, document.context(), own=document.own,
                                            kind_template=template is None and not document.own))
        document = _loaded(task.data_path, signed, True, task.workbooks)
        per_member = document.kind.PER_MEMBER
        problems = per_member.check(document.model, task.member)
        if problems:
            return Result(task, errors=tuple(str(DataError(message, document.source.position(loc), hint))
                                             for loc, message, hint in problems))
        member = per_member.members(document.model)[task.member]
        context = per_member.derive(document.model, member, document.options)
        return Result(task, render_docx(template or TEMPLATES / per_member.template, context,
                                        kind_template=template is None))
    except DocgenError as error:
        return _failed(task, error)


def _loaded(path: Path, signed: bool, per_member: bool, workbooks: tuple[Path, ...] = (),
            template: Path | None = None) -> Any:
    """A data file loaded once for all its members' documents (a changed file is loaded again)."""
    if not per_member or not path.is_file():  # a missing file or a FIFO: load says so in Vietnamese
        return load(path, signed=signed, workbooks=workbooks, per_member=per_member,
                    template=None if per_member else template)
    stat = path.stat()
    return _loaded_for_members(path, stat.st_mtime_ns, stat.st_size, signed, workbooks)


@lru_cache(maxsize=2)
def _loaded_for_members(path: Path, modified_ns: int, size: int, signed: bool, workbooks: tuple[Path, ...]) -> Any:
    return load(path, signed=signed, per_member=True, workbooks=workbooks)


def _failed(task: Task, error: DocgenError) -> Result:
    errors = error.errors if isinstance(error, Several) else [error]
    return Result(task, errors=tuple(line for e in errors for line in str(e).splitlines()))


TASKS_PER_WORKER = 50  # workers are replaced after about this many documents: memory stays bounded
POOL_WORTH_SECONDS = 0.1  # workers pay off when the documents left take longer than this in one process


def results(tasks: list[Task], jobs: int, signed: bool = False, template: Path | None = None) -> Iterator[Result]:
    """Each task's result, in task order, rendered on ``jobs`` processes (in this one when ``jobs`` is 1).
    The first document is rendered here: that loads the data, compiles the template and fills every cache
    on the way (number formats, font widths) once, before the workers are forked and inherit them. The
    second, warm, says what a document costs: when the rest would take less than ``POOL_WORTH_SECONDS``
    here, they are rendered here too, since starting workers (forks that copy the pages they touch, about
    30 ms) would cost more than they save. Otherwise the rest goes to pools of ``jobs`` workers in turn,
    ``TASKS_PER_WORKER`` documents per worker each."""
    if not tasks:
        return
    yield render_task(tasks[0], signed, template)
    startup.documents_begin()
    if len(tasks) == 1:
        return
    started = time.perf_counter()
    second = render_task(tasks[1], signed, template)
    seconds = time.perf_counter() - started
    yield second
    rest = tasks[2:]
    if jobs <= 1 or len(rest) * seconds < POOL_WORTH_SECONDS:
        for task in rest:
            yield render_task(task, signed, template)
        return
    per_pool = jobs * TASKS_PER_WORKER
    for start in range(0, len(rest), per_pool):
        yield from _pooled(rest[start:start + per_pool], jobs, signed, template)


def _pooled(tasks: list[Task], jobs: int, signed: bool, template: Path | None) -> Iterator[Result]:
    """Results from one pool; at most a few documents per worker are in flight, so memory does not grow
    with the batch."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with startup.frozen_for_workers():  # forked workers share the parent's heap: the collector must not copy it
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(WORKER_START),
                                   initializer=interrupt.in_worker)
        in_flight: deque[Future[Result]] = deque()
        try:
            for task in tasks:
                in_flight.append(pool.submit(render_task, task, signed, template))
                while len(in_flight) > 2 * jobs:
                    yield in_flight.popleft().result()
            while in_flight:
                yield in_flight.popleft().result()
        finally:  # also when the caller stops early: the generator is closed
            if interrupt.stopping():  # Ctrl-C or SIGTERM, here or while the caller wrote: no document is waited for
                _stop_workers(pool)
                interrupt.abandon()
                pool.shutdown(wait=False, cancel_futures=True)
            else:  # --fail-fast: the few documents in flight finish
                pool.shutdown(wait=True, cancel_futures=True)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Kill the pool's workers now: on Ctrl-C or SIGTERM, no document is waited for."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        if process.is_alive():
            process.kill()
    for process in processes:
        process.join(timeout=5)


# Workers forked from this process on Linux: they start at once, with the data and templates warmed here.
# Elsewhere fork is unsafe or missing, and fresh interpreters load and compile on first use.
WORKER_START = "fork" if sys.platform.startswith("linux") else "spawn"


# ------------------------------------------------------------------ writing (in the parent)


class Progress:
    """ "  12/63 văn bản · 3,2 giây · 3,8 văn bản/giây" on one terminal line; silent when not a terminal."""

    def __init__(self, total: int, stream: IO[str] | None = None) -> None:
        self.total, self.stream = total, stream or sys.stderr
        self.enabled = self.stream.isatty()
        self.start = time.perf_counter()

    def update(self, done: int) -> None:
        if self.enabled:
            elapsed = time.perf_counter() - self.start
            rate = done / elapsed if elapsed else 0.0
            self.stream.write(f"\r{done:>5}/{self.total} văn bản · {format_number(round(elapsed, 1))} giây · "
                              f"{format_number(round(rate, 1))} văn bản/giây")
            self.stream.flush()

    def close(self) -> float:
        if self.enabled:
            self.stream.write("\n")
        return time.perf_counter() - self.start


def check_places(tasks: list[Task], folder: Path | None, zip_path: Path | None, pdf: bool = False,
                 template: Path | None = None) -> None:
    """Before anything is made: the folder is a folder, the ZIP and the folder are two places, and no output
    is one of the inputs (data files, workbooks, the template)."""
    if folder is not None and folder.exists() and not folder.is_dir():
        raise OutputError("đây là một tệp, không phải thư mục kết quả.", Position(folder),
                          "Ghi một thư mục, ví dụ: -o build/ban-tinh/")
    if folder is not None and zip_path is not None and os.path.realpath(folder) == os.path.realpath(zip_path):
        raise OutputError("tệp nén (--zip) và thư mục kết quả (-o) là cùng một chỗ.", Position(zip_path),
                          "Chọn tên khác cho một trong hai, ví dụ: -o build/van-ban/ --zip build/van-ban.zip")
    outputs = [folder / name for t in tasks for name in (t.name, *([pdf_name(t)] if pdf else []))] \
        if folder is not None else []
    inputs = {path for t in tasks for path in (t.data_path, *t.workbooks)} | {template}
    output.refuse_inputs([*outputs, *([zip_path] if zip_path is not None else [])], inputs)


def check_targets(tasks: list[Task], folder: Path | None, zip_path: Path | None, force: bool,
                  pdf: bool = False, template: Path | None = None) -> None:
    """Before any work: ``check_places``, and nothing is overwritten without ``force``."""
    check_places(tasks, folder, zip_path, pdf, template)
    _check_free(tasks, folder, zip_path, force, pdf)


def _check_free(tasks: list[Task], folder: Path | None, zip_path: Path | None, force: bool, pdf: bool) -> None:
    names = [name for t in tasks for name in (t.name, *([pdf_name(t)] if pdf else []))]
    taken = [folder / name for name in names if folder is not None and (folder / name).exists()]
    if zip_path is not None and zip_path.exists():
        taken.append(zip_path)
    if taken and not force:
        shown = ", ".join(str(p) for p in taken[:3]) + (f" và {len(taken) - 3} tệp khác" if len(taken) > 3 else "")
        raise OutputError(f"tệp kết quả đã có: {shown}.", None, "Dùng --force để ghi đè, hoặc chọn thư mục khác.")
    if zip_path is not None:
        if zip_path.suffix.lower() != ".zip":
            raise OutputError("tệp nén phải có đuôi .zip.", Position(zip_path))
        output.check_writable(zip_path, True, (".zip",))  # a folder, or a file where a folder must be


def pdf_name(task: Task) -> str:
    return f"{task.name[:-5]}.pdf"


def run(tasks: list[Task], *, folder: Path | None, zip_path: Path | None = None, jobs: int = 1,
        force: bool = False, fail_fast: bool = False, signed: bool = False, template: Path | None = None,
        on_failure: Callable[[Result], None] | None = None, progress: Progress | None = None,
        pdf: bool = False, pdf_timeout: float | None = None, waiting: Callable[[], None] | None = None) -> Summary:
    """Render every task and write what succeeds; failures are reported through ``on_failure``. With
    ``pdf``, the documents made are then converted by one LibreOffice process, each PDF written beside
    its DOCX; a document whose conversion fails is reported as failed, its DOCX kept. Another run writing
    into the same folder is waited for (``waiting`` is called when it has to), so the two never mix."""
    check_places(tasks, folder, zip_path, pdf, template)
    with _alone_in(folder, waiting):
        return _run(tasks, folder, zip_path, jobs, force, fail_fast, signed, template, on_failure, progress, pdf,
                    pdf_timeout)


@contextmanager
def _alone_in(folder: Path | None, waiting: Callable[[], None] | None) -> Iterator[None]:
    if folder is None:
        yield
        return
    with output.folder_lock(folder, waiting):
        yield


def _run(tasks: list[Task], folder: Path | None, zip_path: Path | None, jobs: int, force: bool, fail_fast: bool,
         signed: bool, template: Path | None, on_failure: Callable[[Result], None] | None,
         progress: Progress | None, pdf: bool, pdf_timeout: float | None) -> Summary:
    _check_free(tasks, folder, zip_path, force, pdf)  # what the run before this one in the folder left
    if pdf:  # LibreOffice and its fonts are there, or nothing is written
        from .pdf import convert as pdf_output

        pdf_output.check_installed()
    if folder is not None:
        interrupt.plan(*(folder / name for t in tasks for name in (t.name, *([pdf_name(t)] if pdf else []))))
    if zip_path is not None:
        interrupt.plan(zip_path)
    summary = Summary()
    progress = progress or Progress(len(tasks))
    archive, archive_temp = _open_zip(zip_path)
    made: list[Result] = []
    try:
        for done, result in enumerate(results(tasks, jobs, signed, template), 1):
            if result.content is None:
                _fail(summary, result, on_failure)
            else:
                try:
                    _write(result.task.name, result.content, folder, archive, force)
                except OutputError as error:  # the name taken meanwhile by another run: that file is its
                    _fail(summary, _failed(result.task, error), on_failure)
                else:
                    summary.written.append(result.task.name)
                    if pdf:
                        made.append(result)
            progress.update(done)
            if fail_fast and summary.failed:
                break
        if made:
            _write_pdfs(made, summary, folder, archive, force, fail_fast, on_failure, pdf_timeout)
    except BaseException:
        _discard_zip(archive, archive_temp)
        raise
    finally:
        summary.seconds = progress.close()
    _close_zip(archive, archive_temp, zip_path, force)
    return summary


def _fail(summary: Summary, result: Result, on_failure: Callable[[Result], None] | None) -> None:
    summary.failed.append(result)
    if on_failure:
        on_failure(result)


def _write(name: str, content: bytes, folder: Path | None, archive: zipfile.ZipFile | None, force: bool) -> None:
    if folder is not None:
        output.write_atomic(folder / name, content, force, (Path(name).suffix,))
    if archive is not None:  # stored as is: DOCX and PDF are compressed already
        try:
            archive.writestr(zipfile.ZipInfo(name, output.FIXED_DATE), content)
        except OSError as error:
            raise OutputError(f"không ghi được vào tệp nén ({os_reason(error)}); tệp nén không được tạo.", None,
                              output.hint(error)) from error


def _write_pdfs(made: list[Result], summary: Summary, folder: Path | None, archive: zipfile.ZipFile | None,
                force: bool, fail_fast: bool, on_failure: Callable[[Result], None] | None,
                timeout: float | None) -> None:
    """Every DOCX made, converted in one LibreOffice process; failures reported as they come."""
    from .pdf import convert as pdf

    contents = [result.content or b"" for result in made]
    converted = pdf.convert(contents, timeout or pdf.TIMEOUT_SECONDS)
    for result in converted:
        task = made[result.index].task
        if result.pdf is None:
            failure = Result(task, errors=(f"không tạo được PDF: {result.error} Tệp {task.name} vẫn được ghi.",))
            summary.pdf_failed.append(failure)
            if on_failure:
                on_failure(failure)
            if fail_fast:
                break
        else:
            try:
                _write(pdf_name(task), result.pdf, folder, archive, force)
            except OutputError as error:
                failure = _failed(task, error)
                summary.pdf_failed.append(failure)
                if on_failure:
                    on_failure(failure)
            else:
                summary.pdfs += 1


def _open_zip(zip_path: Path | None) -> tuple[zipfile.ZipFile | None, Path | None]:
    if zip_path is None:
        return None, None
    try:
        zip_path.parent.mkdir(parents=True, exist_ok=True)
        name = output.new_temporary(zip_path.parent, ".zip.tmp")
    except OSError as error:
        raise OutputError(f"không tạo được tệp nén ở đây ({os_reason(error)}).", Position(zip_path),
                          "Chọn nơi ghi khác, ví dụ: --zip build/van-ban.zip") from None
    try:
        return zipfile.ZipFile(name, "w", zipfile.ZIP_DEFLATED), Path(name)
    except OSError as error:
        Path(name).unlink(missing_ok=True)
        raise OutputError(f"không tạo được tệp nén ({os_reason(error)}).", Position(zip_path)) from None


def _discard_zip(archive: zipfile.ZipFile | None, temp: Path | None) -> None:
    if archive is not None and temp is not None:
        try:
            archive.close()
        except OSError:
            pass
        temp.unlink(missing_ok=True)
        interrupt.forget_temporary(temp)


def _close_zip(archive: zipfile.ZipFile | None, temp: Path | None, zip_path: Path | None, force: bool) -> None:
    """Finish the ZIP and put it in place like any output (claimed without --force, mode by the umask)."""
    if archive is not None and temp is not None and zip_path is not None:
        try:
            archive.close()
            output.place(temp, zip_path, force)
        except OSError as error:
            raise OutputError(f"không ghi được tệp nén ({os_reason(error)}).", Position(zip_path),
                              output.hint(error)) from None
        finally:
            temp.unlink(missing_ok=True)
            interrupt.forget_temporary(temp)


def render_per_member(data_path: Path | str, folder: Path | str, *, force: bool = False,
                      template: Path | str | None = None, signed: bool = False, pdf: bool = False,
                      workbooks: Sequence[Path | str] = ()) -> tuple[Document, list[Path]]:
    """One document per member of a data file into ``folder`` ("dang-ky-son-la.docx", and with ``pdf``
    "dang-ky-son-la.pdf"), all or nothing: every file is made before any is written, none when one fails
    or one name is taken (without ``force``). ``tdkt batch --per-member`` is the same with partial
    failure, parallel and ZIP."""
    folder = Path(folder)
    document, tasks = plan_members(Path(data_path), None, signed, tuple(Path(p) for p in workbooks))
    check_places(tasks, folder, None, pdf, Path(template) if template else None)
    with output.folder_lock(folder):
        return document, _members_into(folder, tasks, force, template, signed, pdf)


def _members_into(folder: Path, tasks: list[Task], force: bool, template: Path | str | None, signed: bool,
                  pdf: bool) -> list[Path]:
    _check_free(tasks, folder, None, force, pdf)
    interrupt.plan(*(folder / name for t in tasks for name in (t.name, *([pdf_name(t)] if pdf else []))))
    made = list(results(tasks, jobs=1, signed=signed, template=Path(template) if template else None))
    failed = [message for result in made for message in result.errors]
    if failed:
        raise DataErrors([DataError(message) for message in failed])
    files: list[tuple[Path, bytes]] = []
    for result in made:
        assert result.content is not None
        files.append((folder / result.task.name, result.content))
    if pdf:
        from .pdf import convert as pdf_output

        pdfs = list(pdf_output.convert([content for _, content in files]))
        failed = [f"{made[p.index].task.label}: {p.error}" for p in pdfs if p.pdf is None]
        if failed:
            raise pdf_output.PdfError("\n".join(f"không tạo được PDF ({line})" for line in failed))
        files += [(path.with_suffix(".pdf"), p.pdf) for (path, _), p in zip(files, pdfs, strict=True)
                  if p.pdf is not None]
    for path, content in files:
        output.write_atomic(path, content, force, (path.suffix.lower(),))
    return [path for path, _ in files]
