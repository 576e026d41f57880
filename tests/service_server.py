"""Real processes for the service tests: `tdkt serve` (and `tdkt worker`, redis-server) on free localhost
ports, each with its own data folder, stopped by their own process ids."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

TDKT = [str(Path(sys.executable).parent / "tdkt")]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def environment(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("TDKT_")}
    env.update({"TDKT_DATA_DIR": str(data_dir), **extra})
    return env


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def serve(data_dir: Path, *args: str, ready: bool = True, host: str = "127.0.0.1", scheme: str = "http",
          **extra: str) -> Iterator[str]:
    """A running `tdkt serve` (with ``scheme="https"``, its args give --cert and --key); yields its base URL
    once /readyz (or /healthz) answers."""
    port = free_port()
    args = ("--host", host, *args)
    log = (data_dir.parent / f"serve-{port}.log").open("wb")
    process = subprocess.Popen([*TDKT, "serve", "--port", str(port), *args], env=environment(data_dir, **extra),
                               stdout=log, stderr=subprocess.STDOUT)
    base = f"{scheme}://{host}:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"tdkt serve exited: {(data_dir.parent / f'serve-{port}.log').read_text()}")
            try:
                if httpx.get(f"{base}/{'readyz' if ready else 'healthz'}", timeout=30,
                             verify=False).status_code == 200:  # a test's own self-made TLS certificate
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("tdkt serve did not become ready")
            time.sleep(0.2)
        yield base
    finally:
        stop(process)
        log.close()


def wait_done(client: httpx.Client, location: str, seconds: float = 180) -> dict[str, object]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = client.get(location).json()
        if job["status"] == "done":
            return job  # type: ignore[no-any-return]
        time.sleep(0.2)
    raise AssertionError(f"job not done: {job}")


def processes_with(text: str) -> list[int]:
    """Processes whose command line holds ``text`` (LibreOffice's pipe is named after the process that
    started it: tdkt-<pid>-…)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if text.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                pass
    return found


def gone(text: str, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while processes_with(text):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True
