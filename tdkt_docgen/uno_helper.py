"""Run by the Python that has LibreOffice's ``uno`` module (Debian's /usr/bin/python3 with python3-uno), not by
the project's: one resident LibreOffice converting DOCX to PDF on request. ``resident_office.py`` starts it.

    python3 uno_helper.py SOFFICE PROFILE_URL PIPE_NAME

It starts soffice listening on a named pipe, connects, answers "ready", then reads one JSON request a line
({"in": "/…/a.docx", "out": "/…/a.pdf"}) and answers one JSON line ({"ok": true} or {"error": "…"}).
"""

import atexit
import json
import os
import signal
import subprocess
import sys
import threading
import time

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]

NO_UPDATE = 0  # com.sun.star.document.UpdateDocMode: links are not updated when the document is loaded
NEVER_EXECUTE = 0  # com.sun.star.document.MacroExecMode: macros never run


def prop(name, value):  # type: ignore[no-untyped-def]
    item = PropertyValue()
    item.Name, item.Value = name, value
    return item


def connect(pipe):  # type: ignore[no-untyped-def]
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + 120
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        except Exception:  # noqa: BLE001 - NoConnectException until soffice listens
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def die_with_parent():  # type: ignore[no-untyped-def]
    """When the process that started this one dies (even by SIGKILL), or this one ends in any way (a broken
    pipe to a dead parent included), kill this process group: the helper, soffice and soffice.bin
    (resident_office starts the helper as a new session)."""
    parent = os.getppid()
    atexit.register(os.killpg, os.getpgrp(), signal.SIGKILL)

    def watch():  # type: ignore[no-untyped-def]
        while os.getppid() == parent:
            time.sleep(0.2)
        os.killpg(os.getpgrp(), signal.SIGKILL)

    threading.Thread(target=watch, daemon=True).start()


def main() -> None:
    program, profile, pipe = sys.argv[1:4]
    die_with_parent()
    office = subprocess.Popen([program, f"-env:UserInstallation={profile}", "--headless", "--invisible", "--nologo",
                      "--norestore", "--nolockcheck", "--nodefault", f"--accept=pipe,name={pipe};urp;"],
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    desktop = connect(pipe)
    export = uno.Any("[]com.sun.star.beans.PropertyValue", (prop("ExportBookmarksToPDFDestination", True),))
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        try:
            document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(request["in"]), "_blank", 0,
                                                    (prop("Hidden", True), prop("ReadOnly", True),
                                                     prop("UpdateDocMode", NO_UPDATE),
                                                     prop("MacroExecutionMode", NEVER_EXECUTE)))
            if document is None:
                raise RuntimeError("LibreOffice không mở được tệp .docx này (tệp hỏng?).")
            try:
                uno.invoke(document, "storeToURL", (uno.systemPathToFileUrl(request["out"]),
                                                    (prop("FilterName", "writer_pdf_Export"),
                                                     prop("FilterData", export))))
            finally:
                document.close(True)
            answer: dict[str, object] = {"ok": True}
        except Exception as error:  # noqa: BLE001 - reported to the parent, which decides
            answer = {"error": str(error) or type(error).__name__}
        print(json.dumps(answer, ensure_ascii=False), flush=True)
    try:  # the parent closed the pipe (or died): LibreOffice goes too
        desktop.terminate()
    except Exception:  # noqa: BLE001 - it may be gone already
        pass
    office.kill()


if __name__ == "__main__":
    main()
