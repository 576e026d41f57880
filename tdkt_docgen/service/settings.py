"""The service's settings: from the environment, so that the web process and every worker (on this machine
or others) read the same ones. ``tdkt serve`` and ``tdkt worker`` turn their options into these variables
before anything of the service is imported.

- TDKT_DATA_DIR: the data folder (default: the user's data directory, e.g. ~/.local/share/tdkt).
- TDKT_FILES: the file store shared by web and workers (default: DATA_DIR/files); the records database
  (jobs, templates, accounts) lives in it too, so every process sees the same jobs.
- TDKT_QUEUE_URL: redis://host:port/db for the queue on Redis; empty: huey on SQLite in the data folder.
- TDKT_CA: root certificates (.pem, separated by ':') the pledge's signatures must chain to; empty: any
  certificate, valid at the signing time, is accepted and reported as "trust not judged".
- TDKT_ALLOWED_HOSTS: the names (Host header) the service answers to, separated by ','; always 127.0.0.1,
  localhost, ::1 and the address it listens on.
- TDKT_LOGIN=1: a sign-in even on 127.0.0.1 (a TLS proxy on the same machine forwards with the real client's
  address, which also requires it).
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
WILDCARDS = ("0.0.0.0", "::", "")


def default_data_dir() -> Path:
    try:
        from platformdirs import user_data_dir
    except ImportError:  # pragma: no cover - platformdirs comes with the service's dependencies
        return Path.home() / ".local" / "share" / "tdkt"
    return Path(user_data_dir("tdkt", appauthor=False))


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip().isdigit() else default


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    files: Path
    queue_url: str  # "" for SQLite
    host: str
    workers: int  # consumer threads started by `tdkt serve` (SQLite queue)
    embedded_worker: bool  # `tdkt serve` runs the consumer in its own process
    max_upload_bytes: int  # one uploaded file
    max_request_bytes: int  # a whole request
    max_zip_entries: int  # a DOCX/XLSX upload (zip bombs)
    max_unzipped_bytes: int
    max_queued: int  # documents waiting or in work, over every job: above it, 429
    max_queued_office: int  # the same for one office's jobs
    max_part_bytes: int  # one part of a DOCX/XLSX upload, decompressed (a sheet, document.xml)
    max_batch: int  # documents in one job
    retention_hours: int
    wait_max_seconds: int  # ?wait= is capped at this
    trust_roots: tuple[Path, ...] = ()  # TDKT_CA: signatures of the pledge must chain to one of these
    allowed_hosts: tuple[str, ...] = LOCAL_HOSTS
    login_always: bool = False

    @property
    def login_required(self) -> bool:
        return self.login_always or self.host not in LOCAL_HOSTS

    def host_allowed(self, host: str) -> bool:
        """A Host header's name (without its port) is one the service answers to; listening on every
        address, any IP address too (a DNS-rebinding page can only send a name)."""
        name = host.strip().lower().removeprefix("[").removesuffix("]")
        if name in self.allowed_hosts:
            return True
        if self.host not in WILDCARDS:
            return False
        try:
            ipaddress.ip_address(name)
        except ValueError:
            return False
        return True

    @property
    def records(self) -> Path:
        return self.files / "records.sqlite3"


@cache
def settings() -> Settings:
    data_dir = Path(os.environ.get("TDKT_DATA_DIR") or default_data_dir())
    files = Path(os.environ.get("TDKT_FILES") or data_dir / "files")
    queue_url = os.environ.get("TDKT_QUEUE_URL", "").strip()
    host = os.environ.get("TDKT_HOST", "127.0.0.1")
    return Settings(
        data_dir=data_dir, files=files, queue_url=queue_url,
        host=host,
        workers=_int("TDKT_WORKERS", min(4, os.cpu_count() or 1)),
        embedded_worker=os.environ.get("TDKT_EMBEDDED_WORKER", "" if queue_url else "1") == "1",
        max_upload_bytes=_int("TDKT_MAX_UPLOAD_MB", 20) * 1024 * 1024,
        max_request_bytes=_int("TDKT_MAX_REQUEST_MB", 100) * 1024 * 1024,
        max_zip_entries=_int("TDKT_MAX_ZIP_ENTRIES", 2000),
        max_unzipped_bytes=_int("TDKT_MAX_UNZIPPED_MB", 200) * 1024 * 1024,
        max_queued=_int("TDKT_QUEUE_MAX", 1000),
        max_queued_office=_int("TDKT_QUEUE_MAX_OFFICE", 500),
        max_part_bytes=_int("TDKT_MAX_PART_MB", 10) * 1024 * 1024,
        max_batch=_int("TDKT_MAX_BATCH", 500),
        retention_hours=_int("TDKT_RETENTION_HOURS", 72),
        wait_max_seconds=_int("TDKT_WAIT_MAX", 60),
        trust_roots=tuple(Path(p) for p in os.environ.get("TDKT_CA", "").split(os.pathsep) if p.strip()),
        allowed_hosts=allowed_hosts(host, os.environ.get("TDKT_ALLOWED_HOSTS", "")),
        login_always=os.environ.get("TDKT_LOGIN", "") == "1",
    )


def allowed_hosts(listening: str, configured: str) -> tuple[str, ...]:
    """The Host names answered: this machine's own names, the address listened on, the configured names
    (a DNS-rebinding page sends its own name and is refused)."""
    names = [*LOCAL_HOSTS, *(n.strip().lower() for n in configured.split(",") if n.strip())]
    if listening not in WILDCARDS:
        names.append(listening.lower())
    return tuple(dict.fromkeys(names))
