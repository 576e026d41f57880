"""The cyclic garbage collector of a ``tdkt`` command's process (issue 20).

Start-up (imports, pydantic models, the loaded data, the compiled template) makes long-lived objects and
next to no garbage, yet the collector scans them again and again as they pile up: 40-80 ms of a
``tdkt render`` or ``tdkt batch``. Run on the process's own command line (the ``tdkt`` console script),
the command group declares the process a command's (``command_process``), pausing the collector for the
commands that make documents; when the documents begin (``documents_begin``), what is there is frozen
(never scanned again, and shared with forked workers as it is) and the collector resumes, so a long
batch's memory stays bounded.

At exit Python collects once more, paused or not: a command's heap is frozen then, so that collection has
nothing to scan (unfrozen, it costs a render 50-100 ms). For the same reason a document command's heap stays
frozen after a pool of workers (``frozen_for_workers``), which a long-lived process (``tdkt worker``, the
service) unfreezes. Commands run inside another process (tests, the API) leave all this as it is.

A command's process shows no Python warnings either (the messages of a command are Vietnamese; a developer's
``python -W …`` still shows them).
"""

from __future__ import annotations

import atexit
import gc
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

_paused = False
_documents = False  # this process makes documents and ends (render, batch; not serve or worker)


def command_process(documents: bool) -> None:
    """This process runs one command and ends with it; ``documents``: one that makes documents (render,
    batch), whose start-up runs with the collector paused."""
    global _paused, _documents
    if not sys.warnoptions:  # a user of the command line reads Vietnamese messages, never Python's warnings
        warnings.simplefilter("ignore")
    atexit.register(gc.freeze)
    if documents:
        _documents = True
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
        if not _documents:
            gc.unfreeze()
