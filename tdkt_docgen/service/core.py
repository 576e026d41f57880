"""What the API and the page both do: check uploads, submit a job, store a template, accept a signature, and
turn every error into a Problem (HTTP status, Vietnamese message, place) the same for both."""

from __future__ import annotations

import functools
import hashlib
import io
import secrets
import time
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any, BinaryIO

from .. import api, kinds, naming
from ..errors import DataError, DocgenError, OutputError, TemplateError
from ..pdf.convert import PdfError
from ..pdf.member_binding import member_key, names_member
from ..pdf.signing import SigningError
from . import jobs
from . import store as st
from .settings import settings
from .words import for_page

KIND_TITLES = {
    "bao_cao_tong_ket": "Báo cáo tổng kết công tác thi đua, khen thưởng của Cụm",
    "bao_cao_don_vi": "Báo cáo công tác thi đua, khen thưởng của một đơn vị (tỉnh, huyện, sở, ngành)",
    "giao_uoc": "Giao ước thi đua (các tỉnh lần lượt ký số)",
    "ke_hoach_hoat_dong": "Kế hoạch hoạt động của Cụm",
    "ke_hoach_hoi_nghi": "Kế hoạch tổ chức Hội nghị tổng kết",
    "cong_van": "Công văn gửi các thành viên của Cụm",
    "rieng": "Văn bản theo mẫu riêng",
    "van_ban": "Văn bản hành chính khác (báo cáo, tờ trình, kế hoạch… theo dàn ý trong tệp dữ liệu)",
}
DATA_SUFFIXES = (".yaml", ".yml", ".json")
OWN_SUFFIXES = (*DATA_SUFFIXES, ".xlsx", ".csv")  # an own template's data: also lists (tables)
CODES = ((DataError, "du_lieu"), (TemplateError, "mau"), (SigningError, "chu_ky"), (PdfError, "pdf"),
         (OutputError, "ten_tep"))


def kind_title(kind: str) -> str:
    return KIND_TITLES.get(kind, kind)


def kind_names() -> list[str]:
    return list(kinds.KINDS)


# ------------------------------------------------------------------ problems


@dataclass
class Problem(Exception):
    """An answer that is not a success: status, title, and each problem with its code and place."""

    status: int
    title: str
    errors: list[dict[str, Any]] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)

    def body(self) -> dict[str, Any]:
        return {"type": "about:blank", "title": self.title, "status": self.status,
                "detail": "\n".join(e["text"] for e in self.errors) or self.title, "errors": self.errors}


def one(code: str, message: str, hint: str | None = None, file: str | None = None) -> dict[str, Any]:
    place = {"file": file} if file else None
    text = f"{file}: {message}" if file else message
    return {"code": code, "message": message, "hint": hint, "place": place,
            "text": f"{text} {hint}" if hint else text}


def from_error(error: DocgenError, show: Any = str, kind: str | None = None) -> list[dict[str, Any]]:
    """Each problem of a library error as the API shows it; ``show`` puts back the uploaded names; a field
    gets its words from the kind's schema (``place.label``); the command line's words become the page's."""
    found = []
    for problem in api.problems_of(error):
        code = next((c for cls, c in CODES if isinstance(problem, cls)), "loi")
        position = problem.position
        place = None
        if position is not None and str(position):
            place = {key: value for key, value in (("file", show(str(position.file)) if position.file else None),
                                                   ("line", position.line), ("field", position.field),
                                                   ("cell", position.cell)) if value is not None}
            label = api.field_label(position.field, kind) if position.field else None
            if label:
                place["label"] = label
        hint = for_page(show(problem.hint)) if problem.hint else None
        found.append({"code": code, "message": for_page(show(problem.message)), "hint": hint,
                      "place": place, "text": for_page(show(str(problem)))})
    return found


def unprocessable(error: DocgenError, show: Any = str, kind: str | None = None) -> Problem:
    return Problem(422, "Có lỗi cần sửa", from_error(error, show, kind))


# ------------------------------------------------------------------ uploads


@dataclass(frozen=True)
class Upload:
    name: str  # as the user's computer called it (for messages only, never a path)
    content: bytes


def upload_name(raw: str | None) -> str:
    """The last part of an uploaded file's name, NFC, without control characters (shown, never a path)."""
    name = PureWindowsPath(PurePosixPath(raw or "").name).name
    name = "".join(ch for ch in unicodedata.normalize("NFC", name) if unicodedata.category(ch)[0] != "C")
    return name[:120] or "tệp"


def read_upload(file: BinaryIO, raw_name: str | None) -> Upload:
    """An upload's bytes, at most the stated size (413 above it)."""
    limit = settings().max_upload_bytes
    content = file.read(limit + 1)
    name = upload_name(raw_name)
    if len(content) > limit:
        raise Problem(413, "Tệp quá lớn", [one("qua_lon", f"tệp lớn hơn {limit // (1024 * 1024)} MB.",
                                               "Chia nhỏ tệp, hoặc nén ảnh trong tệp rồi tải lên lại.", name)])
    return Upload(name, content)


def check_zip(upload: Upload, what: str) -> None:
    """A DOCX or XLSX is a ZIP: readable, with a bounded number of entries, each part (a sheet, the document
    body) and the whole bounded when decompressed. The central directory's sizes are checked first, then each
    part is decompressed as a stream and counted, so a part that lies about its size is stopped at the limit
    (nothing is held in memory), before the upload reaches the library."""
    config = settings()
    try:
        with zipfile.ZipFile(io.BytesIO(upload.content)) as archive:
            entries = archive.infolist()
            _check_sizes(upload, what, [(e.filename, e.file_size) for e in entries])
            _check_sizes(upload, what, [(e.filename, _streamed_size(archive, e, config.max_part_bytes))
                                        for e in entries])
    except (zipfile.BadZipFile, ValueError, EOFError, NotImplementedError, zlib.error):
        raise Problem(422, "Có lỗi cần sửa", [one("khong_doc_duoc", f"tệp không phải {what} đọc được.",
                                                  f"Mở bằng Word/Excel, lưu lại dạng {what} rồi tải lên.",
                                                  upload.name)]) from None


def _streamed_size(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, limit: int) -> int:
    """The bytes a part really decompresses to, counted by the chunk and stopped one chunk past ``limit``."""
    size = 0
    with archive.open(entry) as part:
        while chunk := part.read(1 << 16):
            size += len(chunk)
            if size > limit:
                break
    return size


def _check_sizes(upload: Upload, what: str, parts: list[tuple[str, int]]) -> None:
    config = settings()
    mb = 1024 * 1024
    size = sum(part_size for _, part_size in parts)
    if len(parts) > config.max_zip_entries or size > config.max_unzipped_bytes:
        raise Problem(413, "Tệp quá lớn", [one("qua_lon", f"tệp {what} khi giải nén quá lớn ({len(parts)} phần, "
                                                          f"{size // mb} MB).",
                                               f"Giới hạn: {config.max_zip_entries} phần, "
                                               f"{config.max_unzipped_bytes // mb} MB.", upload.name)])
    big = next(((name, part_size) for name, part_size in parts if part_size > config.max_part_bytes), None)
    if big is not None:
        raise Problem(413, "Tệp quá lớn", [one("qua_lon", f"phần '{big[0]}' của tệp {what} khi giải nén lớn hơn "
                                                          f"{config.max_part_bytes // mb} MB.",
                                               "Chia thành nhiều tệp nhỏ hơn, hoặc xóa các trang tính, bảng, ảnh "
                                               "không dùng tới rồi lưu lại.", upload.name)])


def _suffix(upload: Upload, allowed: tuple[str, ...], what: str) -> str:
    suffix = PurePosixPath(upload.name.lower()).suffix
    if suffix not in allowed:
        raise Problem(422, "Có lỗi cần sửa", [one("sai_loai_tep", f"{what} phải có đuôi {', '.join(allowed)}.",
                                                  None, upload.name)])
    return suffix


# ------------------------------------------------------------------ jobs


@dataclass(frozen=True)
class Request:
    office: str
    kind: str | None
    template_id: str | None
    data: Upload | None
    workbooks: list[Upload]
    pdf: bool
    per_member: bool
    pattern: str | None
    hold: bool  # the page's jobs wait for "run" after their preview
    per_row: bool = False  # one document per row of a table, for an own template


def submit(request: Request) -> st.Job:
    """Check everything, store the inputs, record the job and queue it (or its preview); a Problem listing
    every error otherwise, and then nothing is kept."""
    records, files = jobs.store().records, jobs.store().files
    if request.data is None:
        raise Problem(422, "Có lỗi cần sửa", [one("thieu_tep", "chưa chọn tệp dữ liệu (.yaml, .json).",
                                                  "Tải dữ liệu mẫu của loại văn bản ở trên, sửa rồi tải lên.")])
    own = bool(request.template_id)
    suffix = _suffix(request.data, OWN_SUFFIXES if own else DATA_SUFFIXES, "tệp dữ liệu")
    if suffix == ".xlsx":
        check_zip(request.data, ".xlsx")
    suffixes = []
    for workbook in request.workbooks:
        suffixes.append(_suffix(workbook, OWN_SUFFIXES if own else (".xlsx",), "tệp số liệu"))
        if suffixes[-1] == ".xlsx":
            check_zip(workbook, ".xlsx")
    template = None
    if request.template_id:
        template = records.template(request.office, request.template_id)
        if template is None:
            raise Problem(404, "Không tìm thấy", [one("khong_co_mau", f"không có mẫu '{request.template_id}'.",
                                                      "Tải mẫu lên trước (POST /api/v1/templates).")])
    pattern_errors = _pattern_problems(request.pattern)
    kind = request.kind or None
    if kind and kind not in kinds.KINDS:
        raise Problem(422, "Có lỗi cần sửa", [one("loai", f"không có loại văn bản '{kind}'.",
                                                  f"Các loại có: {', '.join(kinds.KINDS)}.")])
    job_id = secrets.token_hex(12)
    names = {f"du-lieu{suffix}": request.data.name}
    names.update({f"so-lieu-{i:02d}{x}": w.name for i, (w, x) in enumerate(zip(request.workbooks, suffixes,
                                                                                 strict=True), 1)})
    stored = list(names)
    contents = [request.data.content, *(w.content for w in request.workbooks)]
    for name, content in zip(stored, contents, strict=True):
        files.put(jobs.input_key(job_id, name), content)

    def show(text: str) -> str:
        return jobs.shown_names(text, job_id, names)

    data_path = files.path(jobs.input_key(job_id, stored[0]))
    workbook_paths = [files.path(jobs.input_key(job_id, name)) for name in stored[1:]]
    template_path = files.path(jobs.template_key(request.office, template.id)) if template else None
    try:
        try:  # a wrong name pattern is reported with the data's own errors, in one round
            planned = api.plan(data_path, workbook_paths, per_member=request.per_member,
                               pattern=None if pattern_errors else request.pattern, kind=None if template else kind,
                               stem=PurePosixPath(request.data.name).stem, template=template_path,
                               per_row=request.per_row)
        except DocgenError as error:
            raise Problem(422, "Có lỗi cần sửa", pattern_errors + from_error(error, show, kind)) from None
        if pattern_errors:
            raise Problem(422, "Có lỗi cần sửa", pattern_errors)
        _check_capacity(request.office, len(planned.items))
    except Problem:
        files.delete_tree(f"jobs/{job_id}")
        raise
    now = time.time()
    options = {"data": stored[0], "workbooks": stored[1:], "names": names, "pdf": request.pdf,
               "per_member": request.per_member, "pattern": request.pattern, "per_row": request.per_row}
    label = kind_title(planned.kind) + (" — từng thành viên" if request.per_member else "") + \
        (" — mỗi dòng một văn bản" if request.per_row else "")
    job = st.Job(job_id, request.office, planned.kind, template.id if template else None, label, options,
                 st.HELD if request.hold else st.QUEUED, len(planned.items), 0, 0,
                 [for_page(show(w)) for w in planned.warnings], "", "", "", now,
                 now + settings().retention_hours * 3600)
    records.add_job(job, planned.items)
    if request.hold:
        jobs.make_preview(job_id)
    else:
        jobs.start(job_id)
    return job


def _pattern_problems(pattern: str | None) -> list[dict[str, Any]]:
    """A file-name pattern whose names would cost time and memory to make, refused before any work."""
    try:
        naming.check_name_pattern(pattern or "")
    except DocgenError as error:
        return [one("ten_tep", error.message, error.hint) | {"place": {"field": "name", "label": "Mẫu tên tệp"}}]
    return []


def _check_capacity(office: str, documents: int) -> None:
    """A job of ``documents`` fits: one job's cap, the queue's (every office) and this office's share."""
    config = settings()
    if documents > config.max_batch:
        raise Problem(413, "Quá nhiều văn bản", [one("qua_nhieu", f"một việc tạo tối đa {config.max_batch} văn bản, "
                                                                  f"việc này có {documents}.",
                                                     "Chia tệp dữ liệu thành nhiều tệp nhỏ hơn.")])
    records = jobs.store().records
    for waiting, cap, whose in ((records.queued_documents(), config.max_queued, "hàng đợi nhận"),
                                (records.queued_documents(office), config.max_queued_office,
                                 "mỗi cơ quan được có")):
        if waiting + documents > cap:
            raise Problem(429, "Hàng đợi đang đầy",
                          [one("hang_doi_day", f"đang có {waiting} văn bản chờ tạo; {whose} tối đa {cap}.",
                               "Thử lại sau ít phút, khi các văn bản đang chờ đã xong.")],
                          {"Retry-After": str(max(5, waiting // 10))})


def run_held(job: st.Job) -> None:
    if job.status == st.HELD:  # its documents are not in the queue yet: counted once, now
        _check_capacity(job.office, job.total)
        jobs.start(job.id)


# ------------------------------------------------------------------ templates


def add_template(office: str, upload: Upload, kind: str | None = None) -> st.Template:
    """A template stored by its SHA-256 (the same bytes give the same id), with its lint problems; with
    ``kind``, also the variables that kind's data does not provide (checked again at each upload)."""
    _suffix(upload, (".docx",), "tệp mẫu")
    check_zip(upload, ".docx")
    if kind and kind not in kinds.KINDS:
        raise Problem(422, "Có lỗi cần sửa", [one("loai", f"không có loại văn bản '{kind}'.",
                                                  f"Các loại có: {', '.join(kinds.KINDS)}.")])
    digest = hashlib.sha256(upload.content).hexdigest()
    records, files = jobs.store().records, jobs.store().files
    known = records.template(office, digest)
    key = jobs.template_key(office, digest)
    path = files.path(key) if known is not None else files.put(key, upload.content)
    name = known.name if known is not None else upload.name

    def show(text: str) -> str:
        return text.replace(str(path), name)

    try:
        problems = api.lint_template(path, kind or None)
    except DocgenError as error:
        if known is None:
            files.delete_tree(key)
        raise unprocessable(error, show) from None
    template = st.Template(office, digest, name, [e for p in problems for e in from_error(p, show)],
                           known.created if known is not None else time.time())
    records.add_template(template)
    return template


# ------------------------------------------------------------------ who sees a job


def visible_job(session: st.Session, job_id: str) -> tuple[st.Job, bool] | None:
    """The job and whether the session's office made it; a member office sees the pledges shared with its
    member (to download and sign its own field), nothing else of other offices."""
    job = jobs.store().records.job(job_id)
    if job is None:
        return None
    if job.office == session.office:
        return job, True
    if session.member and jobs.store().records.shared(job.id, member_key(session.member)):
        return job, False
    return None


def find_job(session: st.Session, job_id: str) -> tuple[st.Job, bool]:
    found = visible_job(session, job_id)
    if found is None:
        raise Problem(404, "Không tìm thấy", [one("khong_co_viec", "không có việc này (hoặc đã hết hạn lưu).")])
    return found


# ------------------------------------------------------------------ the pledge signed in turn


def pledge_item(job: st.Job) -> st.Item | None:
    """The job's pledge PDF, when the job is one pledge with its PDF made."""
    if not jobs.is_pledge(job):
        return None
    items = jobs.store().records.items(job.id)
    return items[0] if items and items[0].status == st.MADE else None


def pledge_key(job: st.Job, item: st.Item) -> str:
    """The current version: the last one signed, or the PDF as made."""
    return jobs.file_key(job, item.name[:-5] + ".pdf")


@functools.lru_cache(maxsize=64)
def _report(key: str) -> list[api.FieldState]:
    """A version's fields as ``tdkt verify`` sees them (a version's file never changes)."""
    return api.pledge_report(jobs.store().files.get(key), settings().trust_roots)


TRUST_WORDS = {True: "hợp lệ, chứng thư do nơi tin cậy cấp", None: "chưa xác định độ tin cậy",
               False: "KHÔNG HỢP LỆ"}


def pledge_state(job: st.Job) -> list[dict[str, Any]] | None:
    """Each member's field: waiting or signed, by whom (the certificate's name, the office that uploaded),
    when, and its verdict as ``tdkt verify`` gives it (without a trust list: trust not judged)."""
    item = pledge_item(job)
    if item is None:
        return None
    uploads = {row["field"]: row for row in jobs.store().records.signatures(job.id)}
    states = []
    for state in _report(pledge_key(job, item)):
        row = uploads.get(state.field)
        states.append({"field": state.field, "signed": state.signed, "signer": state.signer,
                       "signed_at": state.time.isoformat(timespec="seconds") if state.time else None,
                       "at": row["at"] if row else None, "office": row["office"] if row else None,
                       "verdict": state.verdict, "valid": state.valid, "trusted": state.trusted,
                       "trust_text": TRUST_WORDS[state.valid] if state.signed else None})
    return states


def add_signature(job: st.Job, session: st.Session, owner: bool, field_name: str, upload: Upload) -> api.Accepted:
    """The next signed version, when it adds one valid signature in ``field_name`` by a certificate bound to
    that member; a member office signs only its own field."""
    item = pledge_item(job)
    if item is None:
        raise Problem(404, "Không tìm thấy", [one("khong_co_giao_uoc", "việc này không có bản PDF giao ước để ký.")])
    files, records = jobs.store().files, jobs.store().records
    current = files.get(pledge_key(job, item))
    fields = dict(api.signature_fields(current))
    if field_name not in fields:
        raise Problem(422, "Có lỗi cần sửa", [one("chu_ky", f"không có ô ký '{field_name}'.",
                                                  f"Các ô ký có: {', '.join(fields)}.", upload.name)])
    if not owner and member_key(session.member) != member_key(field_name):
        raise Problem(403, "Không được ký ô này", [one("o_cua_thanh_vien_khac", f"cơ quan của {session.member} chỉ "
                                                       f"ký được ô '{session.member}', không ký ô '{field_name}'.",
                                                       f"Chọn ô '{session.member}'.", upload.name)])
    if fields[field_name]:
        raise Problem(422, "Có lỗi cần sửa", [one("chu_ky", f"ô ký '{field_name}' đã được ký.", None, upload.name)])
    try:
        accepted = api.accept_signature(current, upload.content, field_name, upload.name, settings().trust_roots)
    except DocgenError as error:
        raise unprocessable(error) from None
    _check_bound(accepted, field_name, upload.name)
    version = len(records.signatures(job.id)) + 1
    if not records.add_signature(job.id, version, field_name, accepted.signer, session.office):
        raise Problem(422, "Có lỗi cần sửa", [one("chu_ky", "một thành viên khác vừa ký trước; bản hiện tại đã đổi.",
                                                  "Tải bản mới, ký lại vào ô của mình rồi tải lên.", upload.name)])
    files.put(jobs.signed_key(job.id, version) or "", upload.content)
    jobs.build_zip(job.id)  # the ZIP holds the latest signed version too
    return accepted


def _check_bound(accepted: api.Accepted, field_name: str, shown: str) -> None:
    """The certificate names the field's member (subject O or CN), or that member's office registered it."""
    key = member_key(field_name)
    if names_member(accepted.subject_names, field_name):
        return
    if any(row["sha256"] == accepted.fingerprint for row in jobs.store().records.certificates(key)):
        return
    names = " / ".join(accepted.subject_names) or accepted.signer
    raise Problem(422, "Có lỗi cần sửa", [one("chu_ky_sai_thanh_vien", f"chứng thư số ký ô '{field_name}' mang tên "
                                              f"'{names}', không phải tên của {field_name}.",
                                              f"Ô '{field_name}' chỉ nhận chữ ký bằng chứng thư số mang tên "
                                              f"{field_name}, hoặc chứng thư mà cơ quan của {field_name} đã đăng ký "
                                              "ở trang Chứng thư số.", shown)])


def register_certificate(session: st.Session, member: str, upload: Upload,
                         may_choose: bool) -> tuple[tuple[str, ...], str]:
    """An office registers a certificate its signers use for its member's field: a member office only for its
    own member; ``may_choose`` (this machine's one office, no sign-in) for the member it names."""
    if session.member:
        member = session.member
    elif not may_choose:
        raise Problem(403, "Không đăng ký được", [one("khong_phai_thanh_vien", "tài khoản này không gắn với thành "
                                                      "viên nào của Cụm.", "Nhờ quản trị gắn tài khoản với tên "
                                                                           "thành viên của cơ quan.")])
    if not member.strip():
        raise Problem(422, "Có lỗi cần sửa", [one("thanh_vien", "chưa ghi tên thành viên (ví dụ: Lào Cai).",
                                                  None)])
    try:
        names, fingerprint = api.certificate_info(upload.content, upload.name)
    except DocgenError as error:
        raise unprocessable(error) from None
    jobs.store().records.add_certificate(member_key(member), fingerprint, " / ".join(names),
                                         session.office)
    return names, fingerprint
