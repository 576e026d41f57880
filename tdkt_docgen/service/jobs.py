"""Work as jobs on huey: SQLite in the data folder by default, Redis with ``TDKT_QUEUE_URL``; the same tasks.

The queue carries job ids (and a document's number) only; inputs and outputs are in the file store, job
state and each document's progress in the records. One task per document, so a bad document fails alone;
the document that finishes a job queues the task that builds its ZIP.
"""

from __future__ import annotations

import atexit
import io
import os
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
from . import store as st
from .settings import settings

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


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.current_thread().name}"


# ------------------------------------------------------------------ keys in the file store


def input_key(job_id: str, name: str) -> str:
    return f"jobs/{job_id}/input/{name}"


def output_key(job_id: str, name: str) -> str:
    return f"jobs/{job_id}/out/{name}"


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
    return shown_names(text, job.id, job.options.get("names", {}))


def shown_names(text: str, job_id: str, names: dict[str, str]) -> str:
    """A message with the stored files' paths replaced by the names they were uploaded with."""
    root = str(store().files.path(input_key(job_id, "x")).parent) + os.sep
    for stored, original in names.items():
        text = text.replace(root + stored, original)
    return text


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
        make_zip(job_id)


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
            store().files.put(output_key(job.id, pdf_name), api.to_pdf(content, converter()))
            made.append(pdf_name)
        return made, []
    except DocgenError as error:
        return [], [shown(str(e), job) for e in api.problems_of(error)]
    except Exception as error:  # noqa: BLE001 - one document fails alone, with a message, never a traceback
        return [], [f"lỗi không lường trước khi tạo văn bản ({type(error).__name__}); báo cho quản trị hệ thống."]


@huey.task()
def make_zip(job_id: str) -> None:
    """The job's ZIP: every file made, UTF-8 names, stored (DOCX and PDF are compressed already)."""
    records = store().records
    job = records.job(job_id)
    if job is None:
        return
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for item in records.items(job_id):
            for name in item.files:
                archive.writestr(zipfile.ZipInfo(name, ZIP_DATE), store().files.get(output_key(job_id, name)))
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


STALE_SECONDS = 2 * 120 + 60  # twice LibreOffice's time limit and a minute: the worker that took it is gone


@huey.periodic_task(crontab(minute="*/10"))
def clean_up() -> int:
    """Jobs past their retention: files and records removed; documents whose worker died queued again."""
    requeue_stale(time.time() - STALE_SECONDS)
    return remove_expired()


def requeue_stale(before: float) -> int:
    """Documents started before ``before`` and never finished, queued again (the queue lost them with the
    worker that had taken them: killed, or the machine restarted)."""
    stale = store().records.stale_items(before)
    for job_id, idx in stale:
        make_document(job_id, idx)
    return len(stale)


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
