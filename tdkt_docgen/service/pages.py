"""The secretaries' page: server-rendered Vietnamese HTML that works without JavaScript (progress by meta
refresh), every asset served by the app, forms with CSRF tokens, errors summarised at the top."""

from __future__ import annotations

import hmac
import secrets
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from .. import api, kinds
from ..examples import EXAMPLES
from ..pdf.member_binding import member_key
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
        member=session.member if session else "", login=auth.login_required(request),
        place_labels=PLACE_LABELS, **values)
    response = HTMLResponse(html, status_code=status)
    token = getattr(request.state, "new_session", None)
    if token:  # this machine's anonymous session, made by auth.current for this page
        auth.set_cookie(request, response, auth.COOKIE, token)
    return response


def problem_page(request: Request, problem: Problem) -> HTMLResponse:
    try:
        session = auth.current(request, create=False)
    except Problem:  # the refusal is of the credentials themselves (throttled)
        session = None
    response = page(request, "loi.html", problem.status, problem=problem, session=session)
    response.headers.update(problem.headers)
    return response


def _session(request: Request) -> st.Session | Response:
    session = auth.current(request)
    if session is None:
        return RedirectResponse("/dang-nhap", status_code=303)
    return session


def _uploaded(file: UploadFile | None, missing: str) -> core.Upload:
    """A form's chosen file, or the error saying none was chosen."""
    if file is None or not file.filename:
        raise Problem(422, "Có lỗi cần sửa", [one("thieu_tep", missing)])
    return core.read_upload(file.file, file.filename)


def _form_session(request: Request, token: str | None) -> st.Session | Response:
    """The session of a form's POST, its CSRF token checked (or the redirect to sign in)."""
    session = _session(request)
    if not isinstance(session, Response):
        _check_csrf(session, token)
    return session


def _check_csrf(session: st.Session, token: str | None) -> None:
    if not auth.csrf_ok(session, token):
        raise Problem(403, "Phiên làm việc đã hết hạn", [one("csrf", "biểu mẫu đã cũ hoặc không gửi từ trang này.",
                                                             "Tải lại trang rồi gửi lại.")])


def _choices(session: st.Session) -> dict[str, Any]:
    records = jobs.store().records
    shared = records.jobs_shared(member_key(session.member), 10) if session.member else []
    return {"kinds": [(k, core.kind_title(k), k in EXAMPLES) for k in kinds.KINDS],
            "templates": records.templates(session.office), "year": _example_year(),
            "recent": records.jobs(session.office, 10), "status_names": STATUS,
            "shared": [j for j in shared if j.office != session.office]}


def _example_year() -> int:
    """The year of the cluster report's example data: the blank workbook offered beside it is for that year."""
    from ..examples import example_path

    for line in example_path("bao_cao_tong_ket").read_text(encoding="utf-8").splitlines():
        if line.startswith("nam:"):
            return int(line.split(":", 1)[1].strip())
    return _default_year()


def _default_year() -> int:
    from ..data.workbook import default_year

    return default_year()


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
    session = _form_session(request, csrf)
    if isinstance(session, Response):
        return session
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


def _job(request: Request, job_id: str) -> tuple[st.Session, st.Job, bool] | Response:
    session = _session(request)
    if isinstance(session, Response):
        return session
    job, owner = core.find_job(session, job_id)
    return session, job, owner


@router.get("/viec/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, job_id: str) -> Response:
    return _job_page(request, job_id)


def _job_page(request: Request, job_id: str, errors: list[dict[str, Any]] | None = None, status: int = 200,
              message: str = "", field: str = "") -> Response:
    found = _job(request, job_id)
    if isinstance(found, Response):
        return found
    session, job, owner = found
    items = jobs.store().records.items(job.id)
    waiting = (job.status == st.HELD and not job.preview and not job.preview_error) or \
              job.status in (st.QUEUED, st.RUNNING)
    pledge = core.pledge_state(job) if job.status == st.DONE else None
    signable = [f["field"] for f in pledge or [] if not f["signed"] and
                (owner or member_key(f["field"]) == member_key(session.member))]
    return page(request, "viec.html", status, session=session, job=job, items=items, status_names=STATUS,
                item_status=ITEM_STATUS, refresh=waiting, errors=errors or [], message=message, field=field,
                pledge=pledge, signable=signable, owner=owner, zip_name=zip_name(job),
                retention=settings().retention_hours)


@router.post("/viec/{job_id}/chay")
def run(request: Request, job_id: str, csrf: Annotated[str, Form()] = "") -> Response:
    found = _job(request, job_id)
    if isinstance(found, Response):
        return found
    session, job, owner = found
    _check_csrf(session, csrf)
    if owner:
        core.run_held(job)
    return RedirectResponse(f"/viec/{job_id}", status_code=303)


@router.get("/viec/{job_id}/xem-truoc.png")
def preview(request: Request, job_id: str) -> Response:
    found = _job(request, job_id)
    if isinstance(found, Response):
        return found
    job = found[1]
    if not job.preview:
        raise Problem(404, "Chưa có ảnh xem trước", [one("chua_co", "ảnh xem trước chưa có.")])
    return Response(jobs.store().files.get(f"jobs/{job.id}/preview.png"), media_type="image/png")


@router.post("/viec/{job_id}/ky", response_class=HTMLResponse)
def sign(request: Request, job_id: str, csrf: Annotated[str, Form()] = "", field: Annotated[str, Form()] = "",
         file: Annotated[UploadFile | None, File()] = None) -> Response:
    found = _job(request, job_id)
    if isinstance(found, Response):
        return found
    session, job, owner = found
    _check_csrf(session, csrf)
    try:
        accepted = core.add_signature(job, session, owner, field, _uploaded(file, "chưa chọn tệp PDF đã ký."))
    except Problem as problem:
        return _job_page(request, job_id, problem.errors, problem.status, field=field)
    trust = core.TRUST_WORDS[True if accepted.trusted else None]
    return _job_page(request, job_id, message=f"Đã nhận chữ ký của {accepted.signer} vào ô '{field}' ({trust}).")


@router.get("/mau/{kind}.yaml")
def example(request: Request, kind: str) -> Response:
    if kind not in EXAMPLES:
        raise Problem(404, "Không tìm thấy", [one("loai", f"không có dữ liệu mẫu của loại '{kind}'.")])
    return download(api.example_data(kind), EXAMPLES[kind])


@router.get("/mau/so-lieu.xlsx")
def blank_workbook(request: Request, nam: str = "") -> Response:
    """The members' blank workbook for the year asked (the page offers its example data's year)."""
    year = int(nam) if nam.isdigit() and 2000 <= int(nam) <= 2100 else _default_year()
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
    session = _form_session(request, csrf)
    if isinstance(session, Response):
        return session
    try:
        template = core.add_template(session.office, _uploaded(file, "chưa chọn tệp mẫu .docx."), kind or None)
    except Problem as problem:
        return page(request, "mau-rieng.html", problem.status, session=session, template=None, errors=problem.errors,
                    templates=jobs.store().records.templates(session.office), kinds=_kinds(), kind=kind)
    return page(request, "mau-rieng.html", 422 if template.problems else 200, session=session, template=template,
                errors=template.problems, templates=jobs.store().records.templates(session.office), kinds=_kinds(),
                kind=kind)


def _kinds() -> list[tuple[str, str]]:
    return [(k, core.kind_title(k)) for k in kinds.KINDS if k in EXAMPLES]


@router.get("/chung-thu", response_class=HTMLResponse)
def certificates_page(request: Request) -> Response:
    session = _session(request)
    if isinstance(session, Response):
        return session
    return _certificates(request, session)


def _certificates(request: Request, session: st.Session, status: int = 200, errors: list[dict[str, Any]] | None = None,
                  message: str = "", member: str = "") -> Response:
    shown = session.member or member
    rows = jobs.store().records.certificates(member_key(shown)) if shown else []
    return page(request, "chung-thu.html", status, session=session, errors=errors or [], message=message,
                certificates=rows, chosen_member=shown)


@router.post("/chung-thu", response_class=HTMLResponse)
def register_certificate(request: Request, csrf: Annotated[str, Form()] = "", member: Annotated[str, Form()] = "",
                         file: Annotated[UploadFile | None, File()] = None) -> Response:
    session = _form_session(request, csrf)
    if isinstance(session, Response):
        return session
    try:
        upload = _uploaded(file, "chưa chọn tệp chứng thư số (.cer, .pem).")
        names, _ = core.register_certificate(session, member, upload, not auth.login_required(request))
    except Problem as problem:
        return _certificates(request, session, problem.status, problem.errors, member=member)
    return _certificates(request, session, message=f"Đã đăng ký chứng thư số '{' / '.join(names)}' cho ô ký "
                                                   f"'{session.member or member}'.", member=member)


@router.get("/dang-nhap", response_class=HTMLResponse)
def login_page(request: Request) -> Response:
    return _login_page(request, 200, [])


def _login_page(request: Request, status: int, errors: list[dict[str, Any]]) -> Response:
    """The sign-in form with its own CSRF token (a cookie and the same value in the form: there is no session
    yet), so another site cannot sign a browser in to its own account."""
    token = secrets.token_urlsafe(24)
    response = page(request, "dang-nhap.html", status, errors=errors, login_token=token)
    auth.set_cookie(request, response, auth.LOGIN_COOKIE, token, max_age=3600, same_site="strict")
    return response


@router.post("/dang-nhap", response_class=HTMLResponse)
def login(request: Request, name: Annotated[str, Form()] = "", password: Annotated[str, Form()] = "",
          csrf: Annotated[str, Form()] = "") -> Response:
    cookie = request.cookies.get(auth.LOGIN_COOKIE, "")
    if not cookie or not hmac.compare_digest(cookie, csrf):
        return _login_page(request, 403, [one("csrf", "biểu mẫu đăng nhập đã cũ hoặc không gửi từ trang này.",
                                              "Nhập lại tên và mật khẩu rồi đăng nhập.")])
    try:
        found = auth.check_password(name, password, auth.address(request))
    except Problem as problem:
        response = _login_page(request, problem.status, problem.errors)
        response.headers.update(problem.headers)
        return response
    if found is None:
        return _login_page(request, 401, [one("dang_nhap", "tên đăng nhập hoặc mật khẩu không đúng.",
                                              "Kiểm tra lại rồi nhập lại.")])
    session = jobs.store().records.new_session(name, *found)
    response = RedirectResponse("/", status_code=303)
    auth.set_cookie(request, response, auth.COOKIE, session.token)
    response.delete_cookie(auth.LOGIN_COOKIE)
    return response


@router.post("/dang-xuat")
def logout(request: Request, csrf: Annotated[str, Form()] = "") -> Response:
    session = auth.current(request)
    if session is not None and session.token:
        _check_csrf(session, csrf)
        jobs.store().records.end_session(session.token)
    response = RedirectResponse("/dang-nhap" if auth.login_required(request) else "/", status_code=303)
    response.delete_cookie(auth.COOKIE)
    return response
