"""Work as jobs on huey: SQLite in the data folder by default, Redis with ``TDKT_QUEUE_URL``; the same tasks.

The queue carries job ids (and a document's number) only; inputs and outputs are in the file store, job
state and each document's progress in the records. One task per document, so a bad document fails alone;
the document that finishes a job queues the task that builds its ZIP.
"""

from __future__ import annotations

import atexit
import io
import os
import re
import socket
import threading
import time
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

from huey import Huey, RedisHuey, SqliteHuey, crontab

from .. import api
from ..errors import DocgenError
from ..pdf.member_binding import member_key
from . import store as st
from .settings import settings
from .words import for_page

ZIP_DATE = (2000, 1, 1, 0, 0, 0)


def make_huey() -> Huey:
    config = settings()
    if config.queue_url:
        return RedisHuey("tdkt", url=config.queue_url, results=False)
    config.data_dir.mkdir(parents=True, exist_ok=True)
    return SqliteHuey("tdkt", filename=str(config.data_dir / "queue.sqlite3"), results=False)


huey = make_huey()


@cache
def store() -> st.Store:
    return st.open_store(settings())


def process_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:"


def worker_name() -> str:
    return process_name() + threading.current_thread().name


# ------------------------------------------------------------------ keys in the file store


def input_key(job_id: str, name: str) -> str:
    return f"jobs/{job_id}/input/{name}"


def output_key(job_id: str, name: str) -> str:
    return f"jobs/{job_id}/out/{name}"


def signed_key(job_id: str, version: int) -> str | None:
    """The pledge's signed version ``version`` (1, 2, …); None for 0 (the PDF as made)."""
    return f"jobs/{job_id}/ky/v{version}.pdf" if version else None


def is_pledge(job: st.Job) -> bool:
    """One pledge with its PDF: its members sign it in turn."""
    return job.kind == "giao_uoc" and not job.options.get("per_member") and bool(job.options.get("pdf"))


def file_key(job: st.Job, name: str) -> str:
    """Where a job's file is: for a pledge's PDF, its latest signed version (the downloads and the ZIP serve
    what the members signed), else the file as made."""
    if is_pledge(job) and name.endswith(".pdf"):
        for version in range(len(store().records.signatures(job.id)), 0, -1):
            signed = signed_key(job.id, version)
            if signed is not None and store().files.exists(signed):  # claimed first, then written
                return signed
    return output_key(job.id, name)


def inputs(job: st.Job) -> tuple[Path, list[Path], Path | None]:
    """The stored data file, workbooks and template of a job, as paths the library reads."""
    files = store().files
    data = files.path(input_key(job.id, job.options["data"]))
    workbooks = [files.path(input_key(job.id, name)) for name in job.options.get("workbooks", [])]
    template = files.path(template_key(job.office, job.template_id)) if job.template_id else None
    return data, workbooks, template


def template_key(office: str, template_id: str) -> str:
    return f"templates/{office_key(office)}/{template_id}.docx"


def office_key(office: str) -> str:
    return office.encode().hex()  # an office's name as a safe folder name


def shown(text: str, job: st.Job) -> str:
    return for_page(shown_names(text, job.id, job.options.get("names", {})))


def shown_names(text: str, job_id: str, names: dict[str, str]) -> str:
    """A message with the stored files' paths replaced by the names they were uploaded with; any other path
    inside the service's folder is cut to its last part (a message never shows where the service keeps files)."""
    root = str(store().files.path(input_key(job_id, "x")).parent) + os.sep
    for stored, original in names.items():
        text = text.replace(root + stored, original)
    return re.sub(re.escape(str(store().files.path("x").parent)) + r"[^\s'\"]*/([^/\s'\"]+)", r"\1", text)


# ------------------------------------------------------------------ tasks

_local = threading.local()


def converter() -> Any:
    """This worker thread's resident LibreOffice, with its own profile (two processes sharing a profile fail
    silently), started on its first PDF and kept between documents."""
    from ..resident_office import converter as resident

    office = getattr(_local, "office", None)
    if office is None:
        office = _local.office = resident()
        atexit.register(office.close)  # LibreOffice and its profile folder go with the process
    return office


@huey.task()
def make_document(job_id: str, idx: int) -> None:
    records = store().records
    job = records.job(job_id)
    item = records.item(job_id, idx)
    if job is None or item is None or not records.start_item(job_id, idx, worker_name()):
        return
    files, errors = _make(job, item)
    if records.finish_item(job_id, idx, files, errors):
        build_zip(job_id)


def _make(job: st.Job, item: st.Item) -> tuple[list[str], list[str]]:
    data, workbooks, template = inputs(job)
    try:
        content, errors = api.make(data, workbooks, item.member, item.label, item.name, template,
                                   bool(job.options.get("per_row")))
        if content is None:
            return [], [shown(e, job) for e in errors]
        store().files.put(output_key(job.id, item.name), content)
        made = [item.name]
        if job.options.get("pdf"):
            pdf_name = item.name[:-5] + ".pdf"
            pdf = api.to_pdf(content, converter())
            store().files.put(output_key(job.id, pdf_name), pdf)
            made.append(pdf_name)
            if is_pledge(job):  # each member named by a field sees it, to sign its own
                store().records.share(job.id, [member_key(name) for name, _ in api.signature_fields(pdf)])
        return made, []
    except DocgenError as error:
        return [], [shown(str(e), job) for e in api.problems_of(error)]
    except Exception as error:  # noqa: BLE001 - one document fails alone, with a message, never a traceback
        return [], [f"lỗi không lường trước khi tạo văn bản ({type(error).__name__}); báo cho quản trị hệ thống."]


def build_zip(job_id: str) -> None:
    """The job's ZIP: every file made, UTF-8 names, stored (DOCX and PDF are compressed already)."""
    records = store().records
    job = records.job(job_id)
    if job is None:
        return
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for item in records.items(job_id):
            for name in item.files:
                archive.writestr(zipfile.ZipInfo(name, ZIP_DATE), store().files.get(file_key(job, name)))
    store().files.put(output_key(job_id, "van-ban.zip"), buffer.getvalue())
    records.set_job(job_id, zip="van-ban.zip", status=st.DONE)


@huey.task()
def make_preview(job_id: str) -> None:
    """The first page of the job's first document as an image, before the batch runs."""
    records = store().records
    job = records.job(job_id)
    if job is None:
        return
    items = records.items(job_id)
    data, workbooks, template = inputs(job)
    try:
        content, errors = api.make(data, workbooks, items[0].member, items[0].label, items[0].name, template,
                                   bool(job.options.get("per_row")))
        if content is None:
            records.set_job(job_id, preview_error=shown("\n".join(errors), job))
            return
        png = api.first_page_png(api.to_pdf(content, converter()))
    except DocgenError as error:
        records.set_job(job_id, preview_error=shown(str(error), job))
        return
    store().files.put(f"jobs/{job_id}/preview.png", png)
    records.set_job(job_id, preview="preview.png")


def start(job_id: str) -> None:
    """Queue every document of a job."""
    records = store().records
    records.set_job(job_id, status=st.QUEUED)
    for item in records.items(job_id):
        make_document(job_id, item.idx)


BEAT_SECONDS = 5  # how often a worker process says it is alive
STALE_SECONDS = 30  # no sign of life for this long: the worker that took the document is gone


@huey.periodic_task(crontab(minute="*/10"))
def clean_up() -> int:
    """Jobs past their retention: files and records removed."""
    return remove_expired()


def requeue_stale(before: float) -> int:
    """Documents whose worker gave no sign of life since ``before``, queued again (the queue lost them with
    the worker that had taken them: killed, or the machine restarted)."""
    stale = store().records.stale_items(before)
    for job_id, idx in stale:
        make_document(job_id, idx)
    return len(stale)


_beating = threading.Lock()
_beat_pid: list[int] = []


def start_heartbeat() -> None:
    """Once per process: a thread that beats for this process's documents and queues again the documents of
    workers that stopped beating."""
    with _beating:
        if _beat_pid == [os.getpid()]:
            return
        _beat_pid[:] = [os.getpid()]
    threading.Thread(target=_heartbeat, name="tdkt-nhip", daemon=True).start()


def _heartbeat() -> None:
    while True:
        try:
            store().records.beat(process_name())
            requeue_stale(time.time() - STALE_SECONDS)
        except Exception:  # noqa: BLE001 - a busy database or a lost queue: the next beat tries again
            pass
        time.sleep(BEAT_SECONDS)


@huey.on_startup()
def _worker_started() -> None:
    """Each worker (thread or process): the process's heartbeat."""
    start_heartbeat()


def die_with_consumer() -> None:
    """Every process `tdkt worker` forks (its workers, its scheduler) dies when it dies: so a killed worker
    leaves no process, and through them no LibreOffice, behind."""
    os.register_at_fork(after_in_child=die_with_parent)


def die_with_parent() -> None:
    """This process gets SIGKILL when the one that started it dies (Linux prctl PR_SET_PDEATHSIG)."""
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG = 1
    except (OSError, AttributeError):  # not Linux: the heartbeat still gets the documents made again
        pass


def remove_expired(now: float | None = None) -> int:
    records = store().records
    records.end_old_sessions(now or time.time())
    expired = records.expired_jobs(now or time.time())
    for job_id in expired:
        store().files.delete_tree(f"jobs/{job_id}")
        records.delete_job(job_id)
    return len(expired)


def start_embedded(workers: int) -> Any:
    """A huey consumer in this process (threads), without its signal handlers: uvicorn keeps its own."""
    consumer = huey.create_consumer(workers=workers, worker_type="thread", periodic=True, initial_delay=0.05,
                                    max_delay=0.5, backoff=1.15, check_worker_health=True)
    consumer.scheduler.start()
    for _, worker in consumer.worker_threads:
        worker.start()
    return consumer
