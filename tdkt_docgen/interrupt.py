"""The one signal handler of every command: SIGINT (Ctrl-C) and SIGTERM stop the command cleanly.

``install`` makes both signals raise ``Interrupted`` in the main thread. On the way out, the code that
started something undoes it (``finally`` blocks stop batch workers and LibreOffice); whatever is still
registered here is removed by ``clean_up`` at the end: temporary files and folders (``.tdkt-*.tmp``,
``.zip.tmp``, LibreOffice's profile and work folders) and LibreOffice's process groups. Writing one output
(the rename into place, and noting it as written) is a ``critical`` section: a signal waits until it ends,
so a file reported as written is whole and every file written is reported. The command line then says
what was finished and what was not, and exits with 128 + the signal's number (130, 143). A signal that comes
while the command is ending (reporting, cleaning up, Python's own exit) still ends it with that code, never 0
(``finishing``, ``late_signal``, ``keep_for_exit``).
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(BaseException):  # noqa: N818 - like KeyboardInterrupt, not an error of the program
    """The user (Ctrl-C) or the system (SIGTERM) asked the command to stop."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum

    @property
    def reason(self) -> str:
        if self.signum == signal.SIGINT:
            return "Đã dừng theo yêu cầu (Ctrl-C)."
        return f"Đã dừng vì nhận tín hiệu dừng ({signal.Signals(self.signum).name})."


@dataclass
class Status:
    """What the command meant to write and what it has written, for the message on interrupt."""

    planned: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)


status = Status()
_temporary: set[Path] = set()
_groups: set[int] = set()
_critical = 0
_pending: int | None = None
_stopping = False
_owner = 0  # the process that installed the handler (a forked worker inherits it before in_worker runs)
abandoned = False  # a worker pool was left without waiting for its threads: end the process at once


_late: int | None = None  # a signal that came while the command was ending: its exit code is 128 + it
_ending = False  # the command has its result and is ending: a signal is noted (``late_signal``), not raised
_exited = False  # the command has ended; the process is exiting (Python's exit): a signal ends it at once


def _handler(signum: int, frame: FrameType | None) -> None:
    global _pending, _stopping, _late
    if os.getpid() != _owner:  # a worker forked a moment ago: Ctrl-C is the parent's, SIGTERM ends it quietly
        if signum != signal.SIGINT:
            os._exit(128 + signum)
        return
    if _exited:  # after the command's own end: nothing left to report or clean, only the exit code to keep
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(128 + signum)
    if _ending:
        _late = _late or signum
        return
    if _stopping:  # a second Ctrl-C while cleaning up: cleaning goes on
        return
    if _critical:
        _pending = signum
        return
    _stopping = True
    raise Interrupted(signum)


def install() -> Callable[[], None]:
    """Handle SIGINT and SIGTERM (in the main thread only); returns what restores the previous handlers."""
    global _stopping, _pending, _owner, abandoned, _late, _ending, _exited
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    _stopping, _pending, _owner, abandoned = False, None, os.getpid(), False
    _late, _ending, _exited = None, False, False
    status.planned.clear()
    status.written.clear()
    previous = {number: signal.signal(number, _handler) for number in SIGNALS}

    def restore() -> None:
        global _owner
        for number, handler in previous.items():
            signal.signal(number, handler)
        _owner = 0

    return restore


def finishing() -> None:
    """The command has its result: from now on a signal does not interrupt the reporting and cleaning up, it
    changes the exit code (``late_signal``)."""
    global _ending
    _ending = True


def late_signal() -> int | None:
    """The signal that came while the command was ending (or a deferred one never handled), if any."""
    return _late or _pending


def keep_for_exit() -> None:
    """The command has ended and its process exits now (Python's exit, its atexit functions): the handler
    stays, and a signal still ends the process with 128 + its number."""
    global _exited
    _exited = True


def stopping() -> bool:
    """Whether the command is being stopped by a signal (and is unwinding)."""
    return _stopping


def abandon() -> None:
    """Note that worker processes were killed and their pool not waited for (its threads may wait forever on
    a result a killed worker was sending): the command ends with ``os._exit`` after its report."""
    global abandoned
    abandoned = True


def in_worker() -> None:
    """In a forked batch worker: Ctrl-C (sent to the terminal's whole process group) is the parent's to handle;
    SIGTERM from the parent ends the worker at once, without a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


@contextmanager
def critical() -> Iterator[None]:
    """A section a signal does not cut short: it is handled when the section ends."""
    global _critical, _pending
    _critical += 1
    try:
        yield
    finally:
        _critical -= 1
        if not _critical and _pending is not None:
            signum, _pending = _pending, None
            _handler(signum, None)


def _recording() -> bool:
    """Only a command run from the command line keeps the account (a long-running service would grow it)."""
    return _owner == os.getpid()


def plan(*names: object) -> None:
    if _recording():
        status.planned.extend(str(n) for n in names)


def written(name: object) -> None:
    if _recording():
        status.written.append(str(name))


@contextmanager
def temporary(path: Path) -> Iterator[Path]:
    """``path`` (a file or a folder) is removed if the command is interrupted before this block ends."""
    _temporary.add(path)
    try:
        yield path
    finally:
        _temporary.discard(path)


def keep_temporary(path: Path) -> None:
    _temporary.add(path)


def forget_temporary(path: Path) -> None:
    _temporary.discard(path)


def process_group(pid: int) -> None:
    _groups.add(pid)


def process_ended(pid: int) -> None:
    _groups.discard(pid)


def clean_up() -> None:
    """Kill the process groups still running and remove the temporary files and folders still registered."""
    for group in list(_groups):
        try:
            os.killpg(group, signal.SIGKILL)
        except (ProcessLookupError, PermissionError, AttributeError):
            pass
        try:
            os.waitpid(group, 0)
        except ChildProcessError:
            pass
        _groups.discard(group)
    for path in list(_temporary):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        _temporary.discard(path)


def report(error: Interrupted, echo: Callable[[str], Any]) -> None:
    """Say what was finished and what was not."""
    echo(error.reason)
    done = list(dict.fromkeys(status.written))
    missing = [name for name in dict.fromkeys(status.planned) if name not in set(done)]
    if done:
        echo(f"Đã ghi xong {len(done)} tệp (nguyên vẹn): {_listed(done)}.")
    elif status.planned:  # a command that writes files (not the service, which writes none of its own)
        echo("Chưa ghi tệp nào.")
    if missing:
        echo(f"Chưa ghi {len(missing)} tệp: {_listed(missing)}. Chạy lại lệnh để tạo nốt"
             f"{' (thêm --force nếu muốn ghi đè các tệp đã ghi)' if done else ''}.")
    echo("Không còn tệp tạm hay tiến trình nào của lệnh này.")


def _listed(names: list[str], shown: int = 5) -> str:
    more = f" và {len(names) - shown} tệp khác" if len(names) > shown else ""
    return ", ".join(names[:shown]) + more

