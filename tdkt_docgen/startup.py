"""The cyclic garbage collector paused while a document command starts (issue 20).

Start-up (imports, pydantic models, the loaded data, the compiled template) makes long-lived objects and
next to no garbage, yet the collector scans them again and again as they pile up: 40-80 ms of a
``tdkt render`` or ``tdkt batch``. The ``tdkt`` console script pauses it for the commands that make
documents and end (``pause_collector``); when the documents begin (``documents_begin``), what is there is
frozen (never scanned again, and shared with forked workers as it is) and the collector resumes, so a long
batch's memory stays bounded. Callers in a process of their own (tests, the service) never pause it.

Workers are forked from a frozen heap (``frozen_for_workers``). A long-lived process (the service's worker)
unfreezes it after the pool; a command's process keeps it frozen to its end: the collection Python makes
at exit then skips it (unfrozen, that collection costs a ``tdkt batch`` 50-100 ms).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_paused = False
_command = False  # this process is a document command's, ending with it


def pause_collector() -> None:
    global _paused, _command
    _command = True
    if gc.isenabled():
        gc.disable()
        _paused = True


def documents_begin() -> None:
    """Start-up is over: freeze what it made and resume the collector, if it was paused here."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()


@contextmanager
def frozen_for_workers() -> Iterator[None]:
    """The heap frozen while forked workers share it: the collector must not touch (and copy) its pages."""
    gc.freeze()
    try:
        yield
    finally:
        if not _command:
            gc.unfreeze()
