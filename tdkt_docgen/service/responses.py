"""Answers shared by the API and the page: problem+json, and downloads with their Vietnamese names."""

from __future__ import annotations

import urllib.parse

from fastapi.responses import JSONResponse, Response

from ..vn import slug
from . import store as st
from .core import Problem

PROBLEM = "application/problem+json"
MEDIA = {".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         ".pdf": "application/pdf", ".zip": "application/zip", ".png": "image/png",
         ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         ".yaml": "application/yaml; charset=utf-8"}


def problem_response(problem: Problem) -> JSONResponse:
    return JSONResponse(problem.body(), status_code=problem.status, media_type=PROBLEM, headers=problem.headers)


def download(content: bytes, name: str) -> Response:
    """A file with its (Vietnamese) name: RFC 6266 filename* in UTF-8 and an ASCII fallback."""
    suffix = name[name.rfind("."):] if "." in name else ""
    fallback = (slug(name[: len(name) - len(suffix)]) or "tep") + suffix
    quoted = urllib.parse.quote(name, safe="")
    return Response(content, media_type=MEDIA.get(suffix.lower(), "application/octet-stream"),
                    headers={"Content-Disposition": f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quoted}",
                             "Cache-Control": "private, no-store"})


def zip_name(job: st.Job) -> str:
    return f"{job.label} ({job.done} văn bản).zip".replace("/", "-")


