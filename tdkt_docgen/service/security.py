"""What every request meets before the routes (OWASP ASVS level 2 as the reference): the Host allow-list
(DNS rebinding), the origin of a state-changing request (cross-site request forgery, with or without a
cookie), and the headers of every answer: a content security policy that forbids framing, no referrer to
other sites, HSTS and Secure cookies behind TLS.

A browser sends ``Sec-Fetch-Site`` (or at least ``Origin``) with every POST; a request from another site is
refused whatever it carries. Programs (curl, scripts) send neither and are not a browser a page could drive.
The session's CSRF token is checked by the routes (pages.py, app.py) on top of this.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

from fastapi import HTTPException  # FastAPI re-raises its own while reading a form (not starlette's)
from starlette.datastructures import Headers, MutableHeaders

from .core import Problem, one
from .settings import settings

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
POLICY = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
          "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
# Swagger UI (/docs) starts with an inline script of FastAPI's; only signed-in users reach it off this machine
DOCS_POLICY = POLICY.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace(
    "style-src 'self'", "style-src 'self' 'unsafe-inline'")
DOCS_PATHS = ("/docs", "/redoc", "/openapi.json", "/tai-nguyen-api")
HSTS = "max-age=31536000; includeSubDomains"


def host_of(headers: Headers) -> str:
    """The Host header's name, without its port."""
    host = headers.get("host", "")
    if host.startswith("["):  # [::1]:8000
        return host[1:].split("]")[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def host_problem(headers: Headers) -> Problem | None:
    if settings().host_allowed(host_of(headers)):
        return None
    return Problem(400, "Sai tên máy chủ", [one("ten_may_chu", f"dịch vụ không phục vụ tên '{host_of(headers)}'.",
                                               "Mở trang bằng địa chỉ quản trị đã cho; quản trị thêm tên vào "
                                               "TDKT_ALLOWED_HOSTS nếu cần.")])


def too_large() -> Problem:
    limit = settings().max_request_bytes // (1024 * 1024)
    return Problem(413, "Yêu cầu quá lớn", [one("qua_lon", f"cả yêu cầu lớn hơn {limit} MB.",
                                                 "Tải lên ít tệp hơn mỗi lần, hoặc chia nhỏ tệp.")])


def length_problem(headers: Headers) -> Problem | None:
    """A body announced larger than the limit is refused before it is read (one without a length, chunked, is
    counted as it streams in: ``Guard``)."""
    length = headers.get("content-length", "")
    return too_large() if length.isdigit() and int(length) > settings().max_request_bytes else None


def origin_problem(scope: dict[str, Any], headers: Headers) -> Problem | None:
    """A state-changing request sent by a page of another site (or a sandboxed frame) is refused."""
    if scope["method"] in SAFE_METHODS:
        return None
    site = headers.get("sec-fetch-site")
    origin = headers.get("origin")
    if site is not None:
        foreign = site not in ("same-origin", "none")
    elif origin is not None:
        own = f"{scope.get('scheme', 'http')}://{headers.get('host', '')}"
        foreign = origin == "null" or urlsplit(origin)._replace(path="").geturl() != own
    else:
        return None  # not a browser
    if not foreign:
        return None
    return Problem(403, "Yêu cầu từ trang khác", [one("khac_nguon", "yêu cầu này được gửi từ một trang web khác, "
                                                                    "không phải từ trang của dịch vụ.",
                                                      "Mở trang của dịch vụ rồi gửi lại từ đó.")])


def secured(scope: dict[str, Any], message: dict[str, Any]) -> None:
    """The headers every answer gets; behind TLS, HSTS and Secure cookies."""
    headers = MutableHeaders(scope=message)
    path = scope.get("path", "")
    headers.setdefault("content-security-policy", DOCS_POLICY if path.startswith(DOCS_PATHS) else POLICY)
    headers.setdefault("x-frame-options", "DENY")
    headers.setdefault("x-content-type-options", "nosniff")
    headers.setdefault("referrer-policy", "same-origin")
    headers.setdefault("cross-origin-opener-policy", "same-origin")
    headers.setdefault("cross-origin-resource-policy", "same-origin")
    if scope.get("scheme") == "https":
        headers.setdefault("strict-transport-security", HSTS)
        cookies = headers.getlist("set-cookie")
        if cookies:
            del headers["set-cookie"]
            for cookie in cookies:
                headers.append("set-cookie", cookie if "secure" in cookie.lower() else f"{cookie}; Secure")


class Guard:
    """ASGI middleware (pure: an exception raised while the body streams in reaches the app's handlers): Host,
    origin, announced length and ``gate`` (the API docs) checked first, answered as ``refuse`` says (a page
    or problem+json); the body counted as it streams in; the security headers added to every answer."""

    def __init__(self, app: Any, refuse: Callable[[dict[str, Any], Problem], Awaitable[Any]],
                 gate: Callable[[dict[str, Any]], Problem | None]) -> None:
        self.app, self.refuse, self.gate = app, refuse, gate

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_secured(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                secured(scope, message)
            await send(message)

        headers = Headers(scope=scope)
        problem = host_problem(headers) or origin_problem(scope, headers) or length_problem(headers) or \
            self.gate(scope)
        if problem is not None:
            response = await self.refuse(scope, problem)
            await response(scope, receive, send_secured)
            return
        limit, received = settings().max_request_bytes, 0

        async def counted() -> Any:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:  # raised into the route reading the form: the app's 413 handler answers
                raise HTTPException(413)
            return message

        await self.app(scope, counted, send_secured)
