"""The web application: the API (/api/v1), the page (pages.py), health and readiness, and the error
handlers that make every failure an application/problem+json answer (or a page) in Vietnamese, never a
traceback."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, File, Form, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import api
from . import auth, core, jobs, pages, security
from . import store as st
from .core import Problem, one
from .responses import PROBLEM, download, problem_response, zip_name
from .settings import settings

log = logging.getLogger("tdkt.service")
HERE = Path(__file__).resolve().parent
CSRF_HEADER = "X-CSRF-Token"


def session_of(request: Request) -> st.Session:
    """The signed-in office (401 otherwise). A browser's session (its cookie) must also send the session's
    CSRF token (header X-CSRF-Token) with a request that changes something."""
    session = auth.current(request)
    if session is None:
        hint = "Đăng nhập ở trang /dang-nhap, hoặc gửi tên và mật khẩu (HTTP Basic)."
        raise Problem(401, "Cần đăng nhập", [one("dang_nhap", "cần đăng nhập để dùng dịch vụ này.", hint)],
                      {"WWW-Authenticate": 'Basic realm="tdkt"'})
    if request.method not in security.SAFE_METHODS and session.token and \
            not auth.csrf_ok(session, request.headers.get(CSRF_HEADER)):
        raise Problem(403, "Thiếu mã chống giả mạo", [one("csrf", f"yêu cầu dùng phiên đăng nhập của trình duyệt "
                                                                  f"phải gửi kèm mã {CSRF_HEADER} của phiên.",
                                                          "Gửi từ trang của dịch vụ, hoặc dùng HTTP Basic.")])
    return session


def job_of(request: Request, job_id: str) -> tuple[st.Session, st.Job, bool]:
    """The session, the job it may see, and whether its office made it (else: a member signing its field)."""
    session = session_of(request)
    job, owner = core.find_job(session, job_id)
    return session, job, owner


def expiry(job: st.Job) -> str:
    return datetime.fromtimestamp(job.expires, UTC).isoformat(timespec="seconds")


def job_json(job: st.Job, base: str = "/api/v1") -> dict[str, Any]:
    items = jobs.store().records.items(job.id)
    return {
        "id": job.id, "kind": job.kind, "label": job.label, "status": job.status,
        "progress": {"done": job.done, "failed": job.failed, "total": job.total,
                     "text": f"{job.done + job.failed} / {job.total} văn bản"},
        "warnings": job.warnings, "expires": expiry(job), "template_id": job.template_id,
        "items": [{"index": i.idx, "label": i.label, "status": i.status, "errors": i.errors, "runs": i.runs,
                   "worker": i.worker,
                   "files": [{"name": name, "url": f"{base}/jobs/{job.id}/files/{name}"} for name in i.files]}
                  for i in items],
        "zip": f"{base}/jobs/{job.id}/zip" if job.zip else None,
    }


def _uploads(files: list[UploadFile] | None) -> list[core.Upload]:
    return [core.read_upload(f.file, f.filename) for f in files or [] if f.filename]


# ------------------------------------------------------------------ the API

PROBLEM_SCHEMA = {"type": "object", "properties": {
    "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
    "detail": {"type": "string"},
    "errors": {"type": "array", "items": {"type": "object", "properties": {
        "code": {"type": "string"}, "message": {"type": "string"}, "hint": {"type": "string", "nullable": True},
        "text": {"type": "string"},
        "place": {"type": "object", "nullable": True, "properties": {
            "file": {"type": "string"}, "line": {"type": "integer"}, "field": {"type": "string"},
            "cell": {"type": "string"}}}}}}}}
PROBLEMS: dict[int | str, dict[str, Any]] = {
    status: {"description": text, "content": {PROBLEM: {"schema": PROBLEM_SCHEMA}}}
    for status, text in ((400, "Sai tên máy chủ (Host)"), (401, "Cần đăng nhập"),
                         (403, "Yêu cầu từ trang khác, thiếu mã chống giả mạo, hoặc ô ký của thành viên khác"),
                         (404, "Không tìm thấy"), (413, "Tệp hoặc yêu cầu quá lớn"),
                         (422, "Lỗi dữ liệu, mẫu hoặc yêu cầu: mỗi lỗi với vị trí"),
                         (429, "Hàng đợi đầy (Retry-After)"), (503, "Chưa sẵn sàng (Retry-After)"))}

router = APIRouter(prefix="/api/v1", responses=PROBLEMS)
BINARY = {"schema": {"type": "string", "format": "binary"}}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def files_answer(description: str, *media: str) -> dict[int | str, dict[str, Any]]:
    return {200: {"description": description, "content": {m: BINARY for m in media}}}


JOB_ANSWERS: dict[int | str, dict[str, Any]] = {
    202: {"description": "Việc đã nhận: trạng thái và tiến độ (Location: địa chỉ của việc)"},
    **files_answer("Với ?wait=: tệp của văn bản duy nhất, khi đã xong trong thời gian chờ", DOCX, "application/pdf")}


@router.post("/jobs", status_code=202, summary="Tạo một việc: một văn bản, hoặc mỗi thành viên một văn bản",
             response_class=JSONResponse, responses=JOB_ANSWERS)
def create_job(request: Request,
               data: Annotated[UploadFile, File(description="Tệp dữ liệu (.yaml, .json)")],
               workbooks: Annotated[list[UploadFile] | None, File(description="Tệp số liệu .xlsx")] = None,
               kind: Annotated[str | None, Form(description="Loại văn bản; phải đúng 'loai' của tệp")] = None,
               template_id: Annotated[str | None, Form(description="Mã mẫu riêng (SHA-256)")] = None,
               pdf: Annotated[bool, Form()] = False, per_member: Annotated[bool, Form()] = False,
               per_row: Annotated[bool, Form(description="Mẫu riêng: mỗi dòng của danh sách một văn bản")] = False,
               name: Annotated[str | None, Form(description="Mẫu tên tệp, ví dụ {stt:02d}-{ten}.docx")] = None,
               wait: Annotated[float, Query(ge=0, description="Chờ tối đa bấy nhiêu giây (một văn bản)")] = 0,
               ) -> Response:
    session = session_of(request)
    _ready_queue()
    job = core.submit(core.Request(session.office, kind, template_id or None,
                                   core.read_upload(data.file, data.filename), _uploads(workbooks), pdf, per_member,
                                   name or None, hold=False, per_row=per_row))
    location = f"/api/v1/jobs/{job.id}"
    if wait and job.total == 1:
        finished = _wait(job.id, min(wait, settings().wait_max_seconds))
        if finished is not None:
            return finished
    return JSONResponse(job_json(jobs.store().records.job(job.id) or job), status_code=202,
                        headers={"Location": location})


def _wait(job_id: str, seconds: float) -> Response | None:
    """The single document of a job once made (its PDF when asked for), or None when time is up."""
    deadline = time.monotonic() + seconds
    records = jobs.store().records
    while time.monotonic() < deadline:
        item = records.item(job_id, 1)
        if item is not None and item.status == st.FAILED:
            raise Problem(422, "Có lỗi cần sửa", [one("du_lieu", e) | {"text": e} for e in item.errors])
        if item is not None and item.status == st.MADE:
            name = item.files[-1]
            return download(jobs.store().files.get(jobs.output_key(job_id, name)), name)
        time.sleep(0.05)
    return None


@router.get("/jobs/{job_id}", summary="Trạng thái, tiến độ và từng văn bản của một việc")
def get_job(request: Request, job_id: str) -> dict[str, Any]:
    return job_json(job_of(request, job_id)[1])


@router.get("/jobs/{job_id}/files/{name}", summary="Tải một tệp của việc (tải lại được tới khi hết hạn)",
            response_class=Response, responses=files_answer("Tệp .docx hoặc .pdf", DOCX, "application/pdf"))
def get_file(request: Request, job_id: str, name: str) -> Response:
    _, job, _ = job_of(request, job_id)
    made = {f for item in jobs.store().records.items(job.id) for f in item.files}
    if name not in made:
        raise Problem(404, "Không tìm thấy", [one("khong_co_tep", f"việc này không có tệp '{name}'.")])
    return download(jobs.store().files.get(jobs.file_key(job, name)), name)


@router.get("/jobs/{job_id}/zip", summary="Tải tệp nén của cả việc", response_class=Response,
            responses=files_answer("Tệp nén .zip của mọi tệp đã tạo", "application/zip"))
def get_zip(request: Request, job_id: str) -> Response:
    _, job, _ = job_of(request, job_id)
    if not job.zip:
        raise Problem(404, "Chưa có tệp nén", [one("chua_xong", "việc chưa xong, chưa có tệp nén.",
                                                   "Chờ tới khi trạng thái là 'done'.")])
    return download(jobs.store().files.get(jobs.output_key(job.id, job.zip)), zip_name(job))


@router.get("/jobs/{job_id}/pledge", summary="Giao ước: các ô ký, ai đã ký")
def get_pledge(request: Request, job_id: str) -> dict[str, Any]:
    _, job, _ = job_of(request, job_id)
    state = core.pledge_state(job)
    if state is None:
        raise Problem(404, "Không tìm thấy", [one("khong_co_giao_uoc", "việc này không có bản PDF giao ước để ký.")])
    return {"fields": state, "pdf": f"/api/v1/jobs/{job_id}/pledge.pdf"}


@router.get("/jobs/{job_id}/pledge.pdf", summary="Bản hiện tại của giao ước (để ký tiếp)", response_class=Response,
            responses=files_answer("Bản PDF hiện tại, có các chữ ký đã nhận", "application/pdf"))
def get_pledge_pdf(request: Request, job_id: str) -> Response:
    _, job, _ = job_of(request, job_id)
    item = core.pledge_item(job)
    if item is None:
        raise Problem(404, "Không tìm thấy", [one("khong_co_giao_uoc", "việc này không có bản PDF giao ước để ký.")])
    return download(jobs.store().files.get(core.pledge_key(job, item)), item.name[:-5] + ".pdf")


@router.post("/jobs/{job_id}/signatures", summary="Nộp bản giao ước đã ký thêm chữ ký của một thành viên")
def post_signature(request: Request, job_id: str, field: Annotated[str, Form()],
                   file: Annotated[UploadFile, File()]) -> dict[str, Any]:
    session, job, owner = job_of(request, job_id)
    accepted = core.add_signature(job, session, owner, field, core.read_upload(file.file, file.filename))
    return {"field": field, "signer": accepted.signer, "verdict": accepted.verdict, "trusted": accepted.trusted,
            "fields": core.pledge_state(job)}


@router.post("/certificates", status_code=201, summary="Đăng ký chứng thư số mà cơ quan của một thành viên dùng ký")
def post_certificate(request: Request, file: Annotated[UploadFile, File(description="Chứng thư số .cer/.pem")],
                     member: Annotated[str, Form(description="Thành viên (tài khoản có thành viên: của "
                                                             "chính nó)")] = "") -> dict[str, Any]:
    session = session_of(request)
    names, fingerprint = core.register_certificate(session, member, core.read_upload(file.file, file.filename),
                                                   not auth.login_required(request))
    return {"member": session.member or member, "subject": list(names), "sha256": fingerprint}


@router.post("/templates", status_code=201, summary="Lưu một mẫu riêng (theo SHA-256) và kiểm tra nó")
def post_template(request: Request, file: Annotated[UploadFile, File()],
                  kind: Annotated[str | None, Form(description="Loại văn bản: kiểm tra cả biến mà dữ liệu "
                                                               "của loại này không có")] = None) -> JSONResponse:
    session = session_of(request)
    known = {t.id for t in jobs.store().records.templates(session.office)}
    template = core.add_template(session.office, core.read_upload(file.file, file.filename), kind)
    return JSONResponse({"id": template.id, "name": template.name, "problems": template.problems},
                        status_code=200 if template.id in known else 201,
                        headers={"Location": f"/api/v1/templates/{template.id}"})


@router.get("/templates/{template_id}", summary="Một mẫu riêng và các lỗi của nó")
def get_template(request: Request, template_id: str) -> dict[str, Any]:
    session = session_of(request)
    template = jobs.store().records.template(session.office, template_id)
    if template is None:
        raise Problem(404, "Không tìm thấy", [one("khong_co_mau", f"không có mẫu '{template_id}'.")])
    return {"id": template.id, "name": template.name, "problems": template.problems}


# ------------------------------------------------------------------ health


_ready: dict[str, float] = {}
_ready_lock = threading.Lock()


def _ready_queue() -> None:
    try:
        jobs.huey.pending_count()
    except Exception:  # noqa: BLE001 - whatever the queue's client raises, the answer is "not ready"
        raise Problem(503, "Chưa sẵn sàng", [one("hang_doi", "không kết nối được hàng đợi công việc.",
                                                 "Thử lại sau; báo quản trị kiểm tra Redis/TDKT_QUEUE_URL.")],
                      {"Retry-After": "10"}) from None


def _tiny_render() -> None:
    """A real document rendered from a kind's example (remembered for a minute)."""
    with _ready_lock:
        if time.monotonic() - _ready.get("render", -1e9) < 60:
            return
        from ..examples import example_path

        path = example_path("ke_hoach_hoi_nghi")
        planned = api.plan(path)
        content, errors = api.make(path, [], None, *planned.items[0][:2])
        if content is None:
            raise Problem(503, "Chưa sẵn sàng", [one("tao_van_ban", "không tạo được văn bản thử.", "; ".join(errors))])
        _ready["render"] = time.monotonic()


# ------------------------------------------------------------------ the application


def create_app() -> FastAPI:
    state: dict[str, Any] = {}

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        jobs.store()
        jobs.remove_expired()
        if settings().embedded_worker:
            if not settings().queue_url:  # this process was the only worker: what it had started is lost
                jobs.requeue_stale(time.time())
            state["consumer"] = jobs.start_embedded(settings().workers)
        app.state.ready = True
        yield
        app.state.ready = False
        consumer = state.get("consumer")
        if consumer is not None:
            consumer.stop(graceful=True)

    from fastapi_offline import FastAPIOffline

    app = FastAPIOffline(title="tdkt-docgen", version="1", lifespan=lifespan, static_url="/tai-nguyen-api",
                         description="Văn bản thi đua, khen thưởng theo Nghị định 30/2020/NĐ-CP: API và trang cho "
                                     "thư ký.")

    async def refuse(scope: dict[str, Any], problem: Problem) -> Response:
        return await on_problem(Request(scope), problem)
    app.state.ready = False
    app.include_router(router)
    app.include_router(pages.router)
    app.mount("/tai-nguyen", StaticFiles(directory=HERE / "static"), name="static")

    def docs_gate(scope: dict[str, Any]) -> Problem | None:
        """The API's documents only to signed-in users off this machine."""
        request = Request(scope)
        if not scope["path"].startswith(security.DOCS_PATHS) or not auth.login_required(request):
            return None
        try:
            if auth.current(request, create=False) is not None:
                return None
        except Problem as problem:  # wrong passwords throttled
            return problem
        return Problem(401, "Cần đăng nhập", [one("dang_nhap", "tài liệu API chỉ dành cho người đã đăng nhập.",
                                                  "Đăng nhập ở trang /dang-nhap.")])

    app.add_middleware(security.Guard, refuse=refuse, gate=docs_gate)

    @app.exception_handler(Problem)
    async def on_problem(request: Request, problem: Problem) -> Response:
        if _wants_page(request):
            return pages.problem_page(request, problem)
        return problem_response(problem)

    @app.exception_handler(RequestValidationError)
    async def on_invalid(request: Request, error: RequestValidationError) -> Response:
        found = [one("yeu_cau", f"thiếu hoặc sai trường '{'.'.join(str(p) for p in e.get('loc', ())[1:])}'.",
                     "Xem /docs.") for e in error.errors()]
        return await on_problem(request, Problem(422, "Có lỗi cần sửa", found))

    @app.exception_handler(StarletteHTTPException)
    async def on_http(request: Request, error: StarletteHTTPException) -> Response:
        if error.status_code == 413:  # the request's body, counted as it streams in (security.Guard)
            return await on_problem(request, security.too_large())
        titles = {404: "Không tìm thấy", 405: "Không dùng được cách gửi này"}
        title = titles.get(error.status_code, "Yêu cầu không thực hiện được")
        return await on_problem(request, Problem(error.status_code, title, [one("http", title.lower() + ".")]))

    @app.exception_handler(Exception)
    async def on_anything(request: Request, error: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        problem = Problem(500, "Lỗi của máy chủ", [one("may_chu", "máy chủ gặp lỗi không lường trước; việc chưa được "
                                                                  "thực hiện.", "Thử lại; nếu vẫn lỗi, báo quản trị.")])
        return await on_problem(request, problem)

    @app.get("/healthz", summary="Tiến trình web còn sống")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", summary="Sẵn sàng: hàng đợi, bộ xử lý và một văn bản tạo thật")
    def readyz(request: Request) -> dict[str, Any]:
        if not request.app.state.ready:
            raise Problem(503, "Chưa sẵn sàng", [one("khoi_dong", "dịch vụ đang khởi động.")], {"Retry-After": "5"})
        _ready_queue()
        consumer = state.get("consumer")
        if consumer is not None and not all(w.is_alive() for _, w in consumer.worker_threads):
            raise Problem(503, "Chưa sẵn sàng", [one("bo_xu_ly", "bộ xử lý công việc đã dừng.")], {"Retry-After": "5"})
        try:
            _tiny_render()
        except Exception as error:  # noqa: BLE001
            if isinstance(error, Problem):
                raise
            raise Problem(503, "Chưa sẵn sàng", [one("tao_van_ban", "không tạo được văn bản thử.")]) from None
        if auth.login_required(request) and auth.current(request, create=False) is None:
            return {"status": "ready"}  # the queue's figures only to signed-in users off this machine
        return {"status": "ready", "queue": "redis" if settings().queue_url else "sqlite",
                "queued_documents": jobs.store().records.queued_documents()}

    return app


def _wants_page(request: Request) -> bool:
    path = request.url.path
    return not (path.startswith("/api/") or path in ("/healthz", "/readyz"))
