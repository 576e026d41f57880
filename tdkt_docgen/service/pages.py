"""The secretaries' page: server-rendered Vietnamese HTML that works without JavaScript (progress by meta
refresh), every asset served by the app, forms with CSRF tokens, errors summarised at the top."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from .. import api, kinds
from ..examples import EXAMPLES
from . import auth, core, jobs
from . import store as st
from .core import Problem, one
from .responses import download, zip_name
from .settings import settings

router = APIRouter(include_in_schema=False)
VIETNAM = timezone(timedelta(hours=7))
STATUS = {st.HELD: "Chờ xem trước và bấm chạy", st.QUEUED: "Đang chờ", st.RUNNING: "Đang tạo",
          st.DONE: "Đã xong"}
ITEM_STATUS = {st.WAITING: "Đang chờ", st.WORKING: "Đang tạo", st.MADE: "Đã tạo", st.FAILED: "LỖI"}
PLACE_LABELS = (("file", "Tệp"), ("cell", "Ô"), ("line", "Dòng"), ("field", "Trường"))

_env = Environment(loader=FileSystemLoader(Path(__file__).resolve().parent / "templates"),
                   autoescape=select_autoescape(["html"]))


def when(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, VIETNAM).strftime("%H:%M ngày %d/%m/%Y")


_env.filters["when"] = when


def page(request: Request, name: str, status: int = 200, **values: Any) -> HTMLResponse:
    session = values.pop("session", None)
    html = _env.get_template(name).render(
        csrf=session.csrf if session else "", user=session.user if session else None,
        login=settings().login_required, place_labels=PLACE_LABELS, **values)
    return HTMLResponse(html, status_code=status)


def problem_page(request: Request, problem: Problem) -> HTMLResponse:
    response = page(request, "loi.html", problem.status, problem=problem, session=auth.current(request))
    response.headers.update(problem.headers)
    return response


def _session(request: Request) -> st.Session | Response:
    session = auth.current(request)
    if session is None:
        return RedirectResponse("/dang-nhap", status_code=303)
    return session


def _check_csrf(session: st.Session, token: str | None) -> None:
    if not auth.csrf_ok(session, token):
        raise Problem(403, "Phiên làm việc đã hết hạn", [one("csrf", "biểu mẫu đã cũ hoặc không gửi từ trang này.",
                                                             "Tải lại trang rồi gửi lại.")])


def _choices(session: st.Session) -> dict[str, Any]:
    return {"kinds": [(k, core.kind_title(k), k in EXAMPLES) for k in kinds.KINDS],
            "templates": jobs.store().records.templates(session.office),
            "recent": jobs.store().records.jobs(session.office, 10), "status_names": STATUS}


@router.get("/", response_class=HTMLResponse)
def index(request: Request) -> Response:
    session = _session(request)
    if isinstance(session, Response):
        return session
    return page(request, "trang-chu.html", session=session, errors=[], warnings=[], chosen={}, **_choices(session))


@router.post("/van-ban", response_class=HTMLResponse)
def submit(request: Request, csrf: Annotated[str, Form()] = "", kind: Annotated[str, Form()] = "",
           template_id: Annotated[str, Form()] = "", name: Annotated[str, Form()] = "",
           pdf: Annotated[str, Form()] = "", per_member: Annotated[str, Form()] = "",
           per_row: Annotated[str, Form()] = "",
           data: Annotated[UploadFile | None, File()] = None,
           workbooks: Annotated[list[UploadFile] | None, File()] = None) -> Response:
    session = _session(request)
    if isinstance(session, Response):
        return session
    _check_csrf(session, csrf)
    chosen = {"kind": kind, "template_id": template_id, "name": name, "pdf": bool(pdf), "per_member": bool(per_member),
              "per_row": bool(per_row)}
    try:
        data_upload = core.read_upload(data.file, data.filename) if data is not None and data.filename else None
        books = [core.read_upload(f.file, f.filename) for f in workbooks or [] if f.filename]
        job = core.submit(core.Request(session.office, kind or None, template_id or None, data_upload, books,
                                       bool(pdf), bool(per_member), name or None, hold=True, per_row=bool(per_row)))
    except Problem as problem:
        data_name = core.upload_name(data.filename) if data is not None and data.filename else ""
        return page(request, "trang-chu.html", problem.status, session=session, errors=problem.errors,
                    warnings=[], chosen=chosen, data_name=data_name, **_choices(session))
    return RedirectResponse(f"/viec/{job.id}", status_code=303)


def _job(request: Request, job_id: str) -> tuple[st.Session, st.Job] | Response:
    session = _session(request)
    if isinstance(session, Response):
        return session
    job = jobs.store().records.job(job_id, session.office)
    if job is None:
        raise Problem(404, "Không tìm thấy", [one("khong_co_viec", "không có việc này (hoặc đã hết hạn lưu).")])
    return session, job


@router.get("/viec/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, job_id: str) -> Response:
    return _job_page(request, job_id)


def _job_page(request: Request, job_id: str, errors: list[dict[str, Any]] | None = None, status: int = 200,
              message: str = "", field: str = "") -> Response:
    found = _job(request, job_id)
    if isinstance(found, Response):
        return found
    session, job = found
    items = jobs.store().records.items(job.id)
    waiting = (job.status == st.HELD and not job.preview and not job.preview_error) or \
              job.status in (st.QUEUED, st.RUNNING)
    return page(request, "viec.html", status, session=session, job=job, items=items, status_names=STATUS,
                item_status=ITEM_STATUS, refresh=waiting, errors=errors or [], message=message, field=field,
                pledge=core.pledge_state(job) if job.status == st.DONE else None,
                zip_name=zip_name(job), retention=settings().retention_hours)


@router.post("/viec/{job_id}/chay")
def run(request: Request, job_id: str, csrf: Annotated[str, Form()] = "") -> Response:
    found = _job(request, job_id)
    if isinstance(found, Response):
        return found
    session, job = found
    _check_csrf(session, csrf)
    core.run_held(job)
    return RedirectResponse(f"/viec/{job_id}", status_code=303)


@router.get("/viec/{job_id}/xem-truoc.png")
def preview(request: Request, job_id: str) -> Response:
    found = _job(request, job_id)
    if isinstance(found, Response):
        return found
    _, job = found
    if not job.preview:
        raise Problem(404, "Chưa có ảnh xem trước", [one("chua_co", "ảnh xem trước chưa có.")])
    return Response(jobs.store().files.get(f"jobs/{job.id}/preview.png"), media_type="image/png")


@router.post("/viec/{job_id}/ky", response_class=HTMLResponse)
def sign(request: Request, job_id: str, csrf: Annotated[str, Form()] = "", field: Annotated[str, Form()] = "",
         file: Annotated[UploadFile | None, File()] = None) -> Response:
    found = _job(request, job_id)
    if isinstance(found, Response):
        return found
    session, job = found
    _check_csrf(session, csrf)
    try:
        if file is None or not file.filename:
            raise Problem(422, "Có lỗi cần sửa", [one("thieu_tep", "chưa chọn tệp PDF đã ký.")])
        signer = core.add_signature(job, field, core.read_upload(file.file, file.filename))
    except Problem as problem:
        return _job_page(request, job_id, problem.errors, problem.status, field=field)
    return _job_page(request, job_id, message=f"Đã nhận chữ ký của {signer} vào ô '{field}'.")


@router.get("/mau/{kind}.yaml")
def example(request: Request, kind: str) -> Response:
    if kind not in EXAMPLES:
        raise Problem(404, "Không tìm thấy", [one("loai", f"không có dữ liệu mẫu của loại '{kind}'.")])
    return download(api.example_data(kind), EXAMPLES[kind])


@router.get("/mau/so-lieu.xlsx")
def blank_workbook(request: Request) -> Response:
    from ..data.workbook import default_year
    year = default_year()
    return download(api.blank_workbook(year), f"Số liệu thi đua khen thưởng {year}.xlsx")


@router.get("/mau-rieng", response_class=HTMLResponse)
def templates_page(request: Request) -> Response:
    session = _session(request)
    if isinstance(session, Response):
        return session
    return page(request, "mau-rieng.html", session=session, template=None, errors=[],
                templates=jobs.store().records.templates(session.office), kinds=_kinds(), kind="")


@router.post("/mau-rieng", response_class=HTMLResponse)
def upload_template(request: Request, csrf: Annotated[str, Form()] = "", kind: Annotated[str, Form()] = "",
                    file: Annotated[UploadFile | None, File()] = None) -> Response:
    session = _session(request)
    if isinstance(session, Response):
        return session
    _check_csrf(session, csrf)
    try:
        if file is None or not file.filename:
            raise Problem(422, "Có lỗi cần sửa", [one("thieu_tep", "chưa chọn tệp mẫu .docx.")])
        template = core.add_template(session.office, core.read_upload(file.file, file.filename), kind or None)
    except Problem as problem:
        return page(request, "mau-rieng.html", problem.status, session=session, template=None, errors=problem.errors,
                    templates=jobs.store().records.templates(session.office), kinds=_kinds(), kind=kind)
    return page(request, "mau-rieng.html", 422 if template.problems else 200, session=session, template=template,
                errors=template.problems, templates=jobs.store().records.templates(session.office), kinds=_kinds(),
                kind=kind)


def _kinds() -> list[tuple[str, str]]:
    return [(k, core.kind_title(k)) for k in kinds.KINDS if k in EXAMPLES]


@router.get("/dang-nhap", response_class=HTMLResponse)
def login_page(request: Request) -> Response:
    return page(request, "dang-nhap.html", errors=[])


@router.post("/dang-nhap", response_class=HTMLResponse)
def login(request: Request, name: Annotated[str, Form()] = "", password: Annotated[str, Form()] = "") -> Response:
    office = auth.check_password(name, password)
    if office is None:
        return page(request, "dang-nhap.html", 401,
                    errors=[one("dang_nhap", "tên đăng nhập hoặc mật khẩu không đúng.", "Kiểm tra lại rồi nhập lại.")])
    session = jobs.store().records.new_session(name, office)
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(auth.COOKIE, session.token, httponly=True, samesite="lax", max_age=st.SESSION_SECONDS)
    return response


@router.post("/dang-xuat")
def logout(request: Request, csrf: Annotated[str, Form()] = "") -> Response:
    session = auth.current(request)
    if session is not None and session.token:
        _check_csrf(session, csrf)
        jobs.store().records.end_session(session.token)
    response = RedirectResponse("/dang-nhap" if settings().login_required else "/", status_code=303)
    response.delete_cookie(auth.COOKIE)
    return response
