"""Accounts and sessions. On 127.0.0.1 there is no login: one office, "máy này". On any other host a login
is required; accounts are made with ``tdkt serve --add-user`` (password hashed with scrypt) and each
office sees only its own jobs and templates. Forms carry the session's CSRF token."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from fastapi import Request

from . import jobs
from .settings import settings
from .store import Session

COOKIE = "tdkt_phien"
LOCAL_OFFICE = "máy này"
SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}


def hash_password(password: str, salt: bytes) -> bytes:
    return hashlib.scrypt(password.encode(), salt=salt, **SCRYPT)


def add_user(name: str, office: str, password: str) -> None:
    salt = secrets.token_bytes(16)
    jobs.store().records.add_user(name, office, salt, hash_password(password, salt))


def check_password(name: str, password: str) -> str | None:
    """The user's office when the password is right."""
    user = jobs.store().records.user(name)
    if user is None:
        hash_password(password, b"0" * 16)  # the same time for an unknown name
        return None
    if hmac.compare_digest(hash_password(password, user["salt"]), user["hash"]):
        return str(user["office"])
    return None


def current(request: Request) -> Session | None:
    """The request's session: its cookie, HTTP Basic credentials (API clients), or on 127.0.0.1 a new
    anonymous one (set as a cookie on the way out)."""
    records = jobs.store().records
    token = request.cookies.get(COOKIE)
    session = records.session(token) if token else None
    if session is not None and (session.user or not settings().login_required):
        return session
    basic = _basic(request.headers.get("authorization", ""))
    if basic is not None:
        office = check_password(*basic)
        return Session("", basic[0], office, "") if office is not None else None
    if settings().login_required:
        return None
    if request.url.path.startswith("/api/"):  # API clients on this machine: no cookie, no form to protect
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


def csrf_ok(session: Session, token: str | None) -> bool:
    return bool(session.csrf) and token is not None and hmac.compare_digest(session.csrf, token)
