"""Accounts and sessions. On 127.0.0.1, for this machine's own browser, there is no login: one office, "máy
này". Listening on any other address, or for a request that came from another machine through a proxy, a
login is required; accounts are made with ``tdkt serve --add-user`` (password hashed with scrypt; with
``--member`` the account is that member's office, which signs its own field of the cluster's pledges) and each
office sees only its own jobs and templates. Forms carry the session's CSRF token. Wrong passwords are
throttled per account and per address."""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import secrets
import time

from fastapi import Request, Response

from . import jobs
from .core import Problem, one
from .settings import settings
from .store import SESSION_SECONDS, Session

COOKIE = "tdkt_phien"
LOGIN_COOKIE = "tdkt_dang_nhap"  # the sign-in form's own CSRF token (double submit): there is no session yet
LOCAL_OFFICE = "máy này"
SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}
THROTTLE_SECONDS = 15 * 60
THROTTLE = (("ten", 10), ("dia-chi", 30))  # wrong passwords in THROTTLE_SECONDS: per account, per address


def hash_password(password: str, salt: bytes) -> bytes:
    return hashlib.scrypt(password.encode(), salt=salt, **SCRYPT)


def add_user(name: str, office: str, password: str, member: str = "") -> None:
    salt = secrets.token_bytes(16)
    jobs.store().records.add_user(name, office, salt, hash_password(password, salt), member)


def check_password(name: str, password: str, address: str) -> tuple[str, str] | None:
    """The user's office and member when the password is right; a Problem 429 while the account or the
    address has had too many wrong passwords (then even the right one waits)."""
    records = jobs.store().records
    keys = {"ten": f"ten:{name}", "dia-chi": f"dia-chi:{address}"}
    now = time.time()
    for kind, limit in THROTTLE:
        recent = records.failures(keys[kind], now - THROTTLE_SECONDS)
        if len(recent) >= limit:
            wait = int(recent[-limit] + THROTTLE_SECONDS - now) + 1
            raise Problem(429, "Tạm khóa đăng nhập", [one("dang_nhap_qua_nhieu", f"đã nhập sai mật khẩu {len(recent)} "
                                                      f"lần; đăng nhập tạm khóa {wait // 60 + 1} phút.",
                                                      "Chờ rồi thử lại; quên mật khẩu thì nhờ quản trị đặt lại.")],
                          {"Retry-After": str(wait)})
    user = records.user(name)
    if user is None:
        hash_password(password, b"0" * 16)  # the same time for an unknown name
    elif hmac.compare_digest(hash_password(password, user["salt"]), user["hash"]):
        records.clear_failures(keys["ten"])
        return str(user["office"]), str(user["member"] or "")
    records.add_failures(list(keys.values()), now)
    return None


def address(request: Request) -> str:
    return request.client.host if request.client else ""


def login_required(request: Request) -> bool:
    """Off this machine: listening on another address, or a request from another machine (through a
    proxy that says so, uvicorn's --proxy-headers)."""
    if settings().login_required:
        return True
    try:
        return not ipaddress.ip_address(address(request)).is_loopback
    except ValueError:
        return address(request) not in ("localhost", "testclient")


def current(request: Request, create: bool = True) -> Session | None:
    """The request's session: its cookie, HTTP Basic credentials (API clients), or on 127.0.0.1 a new
    anonymous one (set as a cookie on the way out; not for an error page: ``create=False``)."""
    records = jobs.store().records
    token = request.cookies.get(COOKIE)
    session = records.session(token) if token else None
    required = login_required(request)
    if session is not None and (session.user or not required):
        return session
    basic = _basic(request.headers.get("authorization", ""))
    if basic is not None:
        found = check_password(*basic, address(request))
        return Session("", basic[0], found[0], "", found[1]) if found is not None else None
    if required:
        return None
    if request.url.path.startswith("/api/") or not create:  # API clients on this machine: no cookie, no form
        return Session("", None, LOCAL_OFFICE, "")
    session = records.new_session(None, LOCAL_OFFICE)
    request.state.new_session = session.token
    return session


def _basic(header: str) -> tuple[str, str] | None:
    if not header.lower().startswith("basic "):
        return None
    try:
        name, _, password = base64.b64decode(header[6:]).decode().partition(":")
    except (ValueError, UnicodeDecodeError):
        return None
    return name, password


def set_cookie(request: Request, response: Response, name: str, value: str, max_age: int = SESSION_SECONDS,
               same_site: str = "lax") -> None:
    """HttpOnly always; Secure when the request came over TLS (uvicorn with a certificate, or a proxy)."""
    response.set_cookie(name, value, httponly=True, samesite=same_site,  # type: ignore[arg-type]
                        max_age=max_age, secure=request.url.scheme == "https")


def csrf_ok(session: Session, token: str | None) -> bool:
    return bool(session.csrf) and token is not None and hmac.compare_digest(session.csrf, token)
