"""Where the service keeps things: files in a folder (local, or mounted and shared by several machines) and
records (jobs, their documents, templates, accounts, sessions) in SQLite beside them.

Both sit behind small interfaces (``Files``, ``Records``) chosen by one setting (``TDKT_FILES``). Keys of
files are made here from job ids and fixed names; a name from an upload never becomes a path.
"""

from __future__ import annotations

import json
import secrets
import shutil
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from .settings import Settings

# ------------------------------------------------------------------ files


class Files(Protocol):
    def put(self, key: str, content: bytes) -> Path: ...
    def get(self, key: str) -> bytes: ...
    def path(self, key: str) -> Path: ...
    def exists(self, key: str) -> bool: ...
    def delete_tree(self, key: str) -> None: ...


class FolderFiles:
    """Files in a folder; writes are atomic (temporary file, then rename), so a reader never sees half."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def path(self, key: str) -> Path:
        parts = key.split("/")
        if any(part in ("", ".", "..") or "\\" in part for part in parts):
            raise ValueError(f"bad key {key!r}")
        return self.root.joinpath(*parts)

    def put(self, key: str, content: bytes) -> Path:
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        temp.write_bytes(content)
        temp.replace(target)
        return target

    def get(self, key: str) -> bytes:
        return self.path(key).read_bytes()

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    def delete_tree(self, key: str) -> None:
        shutil.rmtree(self.path(key), ignore_errors=True)


# ------------------------------------------------------------------ records

SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY, office TEXT NOT NULL, kind TEXT NOT NULL, template_id TEXT, label TEXT NOT NULL,
    options TEXT NOT NULL, status TEXT NOT NULL, total INTEGER NOT NULL, done INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0, warnings TEXT NOT NULL DEFAULT '[]', preview TEXT NOT NULL DEFAULT '',
    preview_error TEXT NOT NULL DEFAULT '', zip TEXT NOT NULL DEFAULT '', created REAL NOT NULL,
    expires REAL NOT NULL);
CREATE INDEX IF NOT EXISTS jobs_office ON jobs (office, created);
CREATE TABLE IF NOT EXISTS items (
    job_id TEXT NOT NULL, idx INTEGER NOT NULL, label TEXT NOT NULL, name TEXT NOT NULL, member INTEGER,
    status TEXT NOT NULL, errors TEXT NOT NULL DEFAULT '[]', files TEXT NOT NULL DEFAULT '[]',
    runs INTEGER NOT NULL DEFAULT 0, worker TEXT NOT NULL DEFAULT '', started REAL NOT NULL DEFAULT 0,
    beat REAL NOT NULL DEFAULT 0, PRIMARY KEY (job_id, idx));
CREATE INDEX IF NOT EXISTS items_status ON items (status);
CREATE TABLE IF NOT EXISTS templates (
    office TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL, problems TEXT NOT NULL, created REAL NOT NULL,
    PRIMARY KEY (office, id));
CREATE TABLE IF NOT EXISTS signatures (
    job_id TEXT NOT NULL, version INTEGER NOT NULL, field TEXT NOT NULL, signer TEXT NOT NULL, at REAL NOT NULL,
    office TEXT NOT NULL DEFAULT '', PRIMARY KEY (job_id, version));
CREATE TABLE IF NOT EXISTS shares (
    job_id TEXT NOT NULL, member TEXT NOT NULL, PRIMARY KEY (job_id, member));
CREATE INDEX IF NOT EXISTS shares_member ON shares (member);
CREATE TABLE IF NOT EXISTS certificates (
    member TEXT NOT NULL, sha256 TEXT NOT NULL, subject TEXT NOT NULL, office TEXT NOT NULL, created REAL NOT NULL,
    PRIMARY KEY (member, sha256));
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY, office TEXT NOT NULL, salt BLOB NOT NULL, hash BLOB NOT NULL,
    member TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS sessions (
    token TEXT PRIMARY KEY, user TEXT, office TEXT NOT NULL, csrf TEXT NOT NULL, created REAL NOT NULL,
    member TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS failures (key TEXT NOT NULL, at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS failures_key ON failures (key, at);
"""

SESSION_SECONDS = 12 * 3600  # a login lasts a working day

ADDED_COLUMNS = (("items", "started", "REAL NOT NULL DEFAULT 0"), ("items", "beat", "REAL NOT NULL DEFAULT 0"),
                 ("signatures", "office", "TEXT NOT NULL DEFAULT ''"), ("users", "member", "TEXT NOT NULL DEFAULT ''"),
                 ("sessions", "member", "TEXT NOT NULL DEFAULT ''"))

# job status: held (waiting for the page's "run" after the preview), queued, running, done
HELD, QUEUED, RUNNING, DONE = "held", "queued", "running", "done"
# item status
WAITING, WORKING, MADE, FAILED = "waiting", "working", "made", "failed"


@dataclass(frozen=True)
class Job:
    id: str
    office: str
    kind: str
    template_id: str | None
    label: str
    options: dict[str, Any]
    status: str
    total: int
    done: int
    failed: int
    warnings: list[str]
    preview: str
    preview_error: str
    zip: str
    created: float
    expires: float


@dataclass(frozen=True)
class Item:
    job_id: str
    idx: int
    label: str
    name: str
    member: int | None
    status: str
    errors: list[str]
    files: list[str]
    runs: int
    worker: str
    started: float
    beat: float  # the last sign of life of the worker making it


@dataclass(frozen=True)
class Template:
    office: str
    id: str
    name: str
    problems: list[dict[str, Any]]
    created: float


@dataclass(frozen=True)
class Session:
    token: str
    user: str | None
    office: str
    csrf: str
    member: str = ""  # the member this office is, as the pledges name it ("Sơn La"); "" for none


class Records:
    """Job, template, account and session records in one SQLite file (WAL, so workers write while the web
    process reads). One connection per thread."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        db = self._connection()
        db.executescript(SCHEMA)
        for table, column, definition in ADDED_COLUMNS:  # records made by an earlier version
            if column not in {row["name"] for row in db.execute(f"PRAGMA table_info({table})")}:
                db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {definition}")

    def _connection(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            db.row_factory = sqlite3.Row
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA busy_timeout=30000")
            self._local.db = db
        return db

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        """One transaction, taken for writing at once (no upgrade deadlock between processes)."""
        db = self._connection()
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def _rows(self, sql: str, *args: Any) -> list[sqlite3.Row]:
        return self._connection().execute(sql, args).fetchall()

    # ---- jobs

    def add_job(self, job: Job, items: list[tuple[str, str, int | None]]) -> None:
        with self._db() as db:
            db.execute("INSERT INTO jobs VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                       (job.id, job.office, job.kind, job.template_id, job.label, json.dumps(job.options),
                        job.status, job.total, 0, 0, json.dumps(job.warnings, ensure_ascii=False), "", "", "",
                        job.created, job.expires))
            db.executemany("INSERT INTO items (job_id, idx, label, name, member, status) VALUES (?,?,?,?,?,?)",
                           [(job.id, i, label, name, member, WAITING)
                            for i, (label, name, member) in enumerate(items, 1)])

    def job(self, job_id: str, office: str | None = None) -> Job | None:
        rows = self._rows("SELECT * FROM jobs WHERE id = ?", job_id)
        if not rows or (office is not None and rows[0]["office"] != office):
            return None
        return _job(rows[0])

    def jobs(self, office: str, limit: int = 20) -> list[Job]:
        return [_job(r) for r in self._rows("SELECT * FROM jobs WHERE office = ? ORDER BY created DESC LIMIT ?",
                                            office, limit)]

    def items(self, job_id: str) -> list[Item]:
        return [_item(r) for r in self._rows("SELECT * FROM items WHERE job_id = ? ORDER BY idx", job_id)]

    def item(self, job_id: str, idx: int) -> Item | None:
        rows = self._rows("SELECT * FROM items WHERE job_id = ? AND idx = ?", job_id, idx)
        return _item(rows[0]) if rows else None

    def set_job(self, job_id: str, **values: Any) -> None:
        names = ", ".join(f"{name} = ?" for name in values)
        with self._db() as db:
            db.execute(f"UPDATE jobs SET {names} WHERE id = ?", (*values.values(), job_id))  # noqa: S608

    def start_item(self, job_id: str, idx: int, worker: str) -> bool:
        """Mark an item as being made; False when it is already finished (a task delivered twice)."""
        with self._db() as db:
            now = time.time()
            cursor = db.execute("UPDATE items SET status = ?, runs = runs + 1, worker = ?, started = ?, beat = ? "
                                "WHERE job_id = ? AND idx = ? AND status IN (?, ?)",
                                (WORKING, worker, now, now, job_id, idx, WAITING, WORKING))
            db.execute("UPDATE jobs SET status = ? WHERE id = ? AND status = ?", (RUNNING, job_id, QUEUED))
            return cursor.rowcount == 1

    def finish_item(self, job_id: str, idx: int, files: list[str], errors: list[str]) -> bool:
        """Record an item's outcome; True when it was the job's last one (then the ZIP is made)."""
        status = FAILED if errors else MADE
        with self._db() as db:
            cursor = db.execute("UPDATE items SET status = ?, files = ?, errors = ? WHERE job_id = ? AND idx = ? "
                                "AND status = ?", (status, json.dumps(files, ensure_ascii=False),
                                                   json.dumps(errors, ensure_ascii=False), job_id, idx, WORKING))
            if cursor.rowcount != 1:
                return False
            column = "failed" if errors else "done"
            db.execute(f"UPDATE jobs SET {column} = {column} + 1 WHERE id = ?", (job_id,))  # noqa: S608
            row = db.execute("SELECT total, done, failed FROM jobs WHERE id = ?", (job_id,)).fetchone()
            return bool(row["done"] + row["failed"] == row["total"])

    def beat(self, worker_prefix: str) -> None:
        """A sign of life for every item the workers named ``worker_prefix…`` (one process) are making."""
        with self._db() as db:
            db.execute("UPDATE items SET beat = ? WHERE status = ? AND substr(worker, 1, ?) = ?",
                       (time.time(), WORKING, len(worker_prefix), worker_prefix))

    def stale_items(self, before: float) -> list[tuple[str, int]]:
        """Items whose worker gave no sign of life since ``before`` (its process died), set waiting again."""
        with self._db() as db:
            rows = db.execute("SELECT job_id, idx FROM items WHERE status = ? AND beat < ?",
                              (WORKING, before)).fetchall()
            db.execute("UPDATE items SET status = ? WHERE status = ? AND beat < ?", (WAITING, WORKING, before))
        return [(row["job_id"], row["idx"]) for row in rows]

    def queued_documents(self, office: str | None = None) -> int:
        """Documents waiting or in work in queued or running jobs (a held job waits for its "run": it is not
        in the queue), of every office or of one."""
        sql = ("SELECT COUNT(*) AS n FROM items JOIN jobs ON jobs.id = items.job_id WHERE items.status IN (?, ?) "
               "AND jobs.status IN (?, ?)")
        args: tuple[Any, ...] = (WAITING, WORKING, QUEUED, RUNNING)
        if office is not None:
            sql, args = sql + " AND jobs.office = ?", (*args, office)
        return int(self._rows(sql, *args)[0]["n"])

    def jobs_shared(self, member: str, limit: int = 20) -> list[Job]:
        """Jobs other offices shared with ``member`` (a member key): the cluster's pledges it signs."""
        return [_job(r) for r in self._rows("SELECT jobs.* FROM jobs JOIN shares ON shares.job_id = jobs.id WHERE "
                                            "shares.member = ? ORDER BY created DESC LIMIT ?", member, limit)]

    def share(self, job_id: str, members: list[str]) -> None:
        with self._db() as db:
            db.executemany("INSERT OR IGNORE INTO shares VALUES (?, ?)", [(job_id, m) for m in members])

    def shared(self, job_id: str, member: str) -> bool:
        return bool(self._rows("SELECT 1 FROM shares WHERE job_id = ? AND member = ?", job_id, member))

    def expired_jobs(self, now: float) -> list[str]:
        return [r["id"] for r in self._rows("SELECT id FROM jobs WHERE expires < ?", now)]

    def delete_job(self, job_id: str) -> None:
        with self._db() as db:
            for table in ("items", "signatures", "shares"):
                db.execute(f"DELETE FROM {table} WHERE job_id = ?", (job_id,))  # noqa: S608
            db.execute("DELETE FROM jobs WHERE id = ?", (job_id,))

    # ---- signatures of the pledge, in turn

    def signatures(self, job_id: str) -> list[sqlite3.Row]:
        return self._rows("SELECT * FROM signatures WHERE job_id = ? ORDER BY version", job_id)

    def add_signature(self, job_id: str, version: int, field: str, signer: str, office: str) -> bool:
        """False when another upload took this version first."""
        try:
            with self._db() as db:
                db.execute("INSERT INTO signatures VALUES (?,?,?,?,?,?)",
                           (job_id, version, field, signer, time.time(), office))
        except sqlite3.IntegrityError:
            return False
        return True

    # ---- certificates a member's office registered (its own, or its signers')

    def add_certificate(self, member: str, sha256: str, subject: str, office: str) -> None:
        with self._db() as db:
            db.execute("INSERT OR REPLACE INTO certificates VALUES (?,?,?,?,?)",
                       (member, sha256, subject, office, time.time()))

    def certificates(self, member: str) -> list[sqlite3.Row]:
        return self._rows("SELECT * FROM certificates WHERE member = ? ORDER BY created", member)

    # ---- templates

    def add_template(self, template: Template) -> None:
        with self._db() as db:
            db.execute("INSERT OR REPLACE INTO templates VALUES (?,?,?,?,?)",
                       (template.office, template.id, template.name,
                        json.dumps(template.problems, ensure_ascii=False), template.created))

    def template(self, office: str, template_id: str) -> Template | None:
        rows = self._rows("SELECT * FROM templates WHERE office = ? AND id = ?", office, template_id)
        return _template(rows[0]) if rows else None

    def templates(self, office: str) -> list[Template]:
        return [_template(r) for r in self._rows("SELECT * FROM templates WHERE office = ? ORDER BY created DESC",
                                                 office)]

    # ---- accounts and sessions

    def add_user(self, name: str, office: str, salt: bytes, hashed: bytes, member: str = "") -> None:
        with self._db() as db:
            db.execute("INSERT OR REPLACE INTO users (name, office, salt, hash, member) VALUES (?,?,?,?,?)",
                       (name, office, salt, hashed, member))

    def user(self, name: str) -> sqlite3.Row | None:
        rows = self._rows("SELECT * FROM users WHERE name = ?", name)
        return rows[0] if rows else None

    def new_session(self, user: str | None, office: str, member: str = "") -> Session:
        session = Session(secrets.token_urlsafe(32), user, office, secrets.token_urlsafe(32), member)
        with self._db() as db:
            db.execute("INSERT INTO sessions (token, user, office, csrf, created, member) VALUES (?,?,?,?,?,?)",
                       (session.token, session.user, session.office, session.csrf, time.time(), member))
        return session

    def session(self, token: str, max_age: float = SESSION_SECONDS) -> Session | None:
        rows = self._rows("SELECT * FROM sessions WHERE token = ? AND created > ?", token, time.time() - max_age)
        if not rows:
            return None
        row = rows[0]
        return Session(row["token"], row["user"], row["office"], row["csrf"], row["member"])

    # ---- wrong passwords (throttling)

    def failures(self, key: str, since: float) -> list[float]:
        return [r["at"] for r in self._rows("SELECT at FROM failures WHERE key = ? AND at > ? ORDER BY at", key, since)]

    def add_failures(self, keys: list[str], at: float) -> None:
        with self._db() as db:
            db.executemany("INSERT INTO failures VALUES (?, ?)", [(key, at) for key in keys])
            db.execute("DELETE FROM failures WHERE at < ?", (at - 24 * 3600,))

    def clear_failures(self, key: str) -> None:
        with self._db() as db:
            db.execute("DELETE FROM failures WHERE key = ?", (key,))

    def end_old_sessions(self, now: float) -> None:
        with self._db() as db:
            db.execute("DELETE FROM sessions WHERE created < ?", (now - SESSION_SECONDS,))

    def end_session(self, token: str) -> None:
        with self._db() as db:
            db.execute("DELETE FROM sessions WHERE token = ?", (token,))


def _job(row: sqlite3.Row) -> Job:
    values = dict(row)
    values["options"] = json.loads(values["options"])
    values["warnings"] = json.loads(values["warnings"])
    return Job(**values)


def _item(row: sqlite3.Row) -> Item:
    values = dict(row)
    values["errors"] = json.loads(values["errors"])
    values["files"] = json.loads(values["files"])
    return Item(**values)


def _template(row: sqlite3.Row) -> Template:
    values = dict(row)
    values["problems"] = json.loads(values["problems"])
    return Template(**values)


@dataclass(frozen=True)
class Store:
    files: Files
    records: Records


def open_store(settings: Settings) -> Store:
    return Store(FolderFiles(settings.files), Records(settings.records))
