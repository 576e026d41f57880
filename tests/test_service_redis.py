"""Scale-out for real: a redis-server on a free localhost port, the web process with the queue on it, two
`tdkt worker` processes (standing for two machines) sharing one file folder, and a 63-document batch that
comes back with every document (DOCX and PDF) made exactly once."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from docx import Document

from tests.conftest import ROOT
from tests.service_server import TDKT, environment, free_port, gone, processes_with, serve, stop, wait_done

LETTER = ROOT / "fixtures" / "cong-van-so-lieu-2023.yaml"


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    program = shutil.which("redis-server")
    if program is None:  # pragma: no cover - tools/setup-service.sh installs it
        pytest.fail("redis-server missing: run tools/setup-service.sh")
    port = free_port()
    process = subprocess.Popen([program, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly",
                                "no", "--dir", str(tmp_path)], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 20
        while subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True,
                             text=True).stdout.strip() != "PONG":
            assert time.monotonic() < deadline and process.poll() is None, "redis-server did not start"
            time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop(process)


def _parent(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("PPid:")))


def test_two_workers_on_redis_make_a_63_document_batch_once_each(redis_url: str, tmp_path: Path) -> None:
    fixture = tmp_path / "63-tinh.yaml"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "make_fixture.py"), str(fixture)], check=True)
    shared = tmp_path / "chung"  # the mounted folder of the three machines
    settings = {"TDKT_QUEUE_URL": redis_url, "TDKT_FILES": str(shared)}
    workers = [subprocess.Popen([*TDKT, "worker", "-w", "2"], env=environment(tmp_path / f"may-{n}", **settings),
                                stdout=subprocess.DEVNULL, stderr=(tmp_path / f"worker-{n}.log").open("wb"))
               for n in (1, 2)]
    try:
        with serve(tmp_path / "may-web", **settings) as url, httpx.Client(base_url=url, timeout=120) as client:
            assert client.get("/readyz").json()["queue"] == "redis"
            answer = client.post("/api/v1/jobs", files={"data": (fixture.name, fixture.read_bytes())},
                                 data={"per_member": "true", "pdf": "true"})  # each worker's resident LibreOffice
            assert answer.status_code == 202
            job = wait_done(client, answer.headers["location"], 600)
            items = job["items"]
            assert job["progress"] == {"done": 63, "failed": 0, "total": 63, "text": "63 / 63 văn bản"}
            assert all(item["status"] == "made" and item["runs"] == 1 for item in items)  # each exactly once
            pids = {item["worker"].split(":")[1] for item in items}
            parents = {_parent(int(pid)) for pid in pids}
            assert parents == {worker.pid for worker in workers}  # both "machines" took part
            archive = client.get(job["zip"])
            with zipfile.ZipFile(io.BytesIO(archive.content)) as opened:
                names = opened.namelist()
                assert len(names) == 126 == len(set(names))  # 63 DOCX and their PDFs
                assert opened.read("bao-cao-ha-giang.pdf").startswith(b"%PDF-")
                text = "\n".join(p.text for p in Document(io.BytesIO(opened.read("bao-cao-ha-giang.docx"))).paragraphs)
            assert "Hà Giang" in text
    finally:
        for worker in workers:
            stop(worker)


def dead(pid: int, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if "\nState:\tZ" in Path(f"/proc/{pid}/status").read_text():
                return True
        except FileNotFoundError:
            return True
        time.sleep(0.1)
    return False


def test_a_killed_workers_document_is_made_again_within_a_minute(redis_url: str, tmp_path: Path) -> None:
    """`kill -9` of a `tdkt worker` while its process makes a PDF: the worker process and its LibreOffice die
    with it, and the other worker makes that document again within a minute (the dead one stopped beating)."""
    shared = tmp_path / "chung"
    settings = {"TDKT_QUEUE_URL": redis_url, "TDKT_FILES": str(shared)}

    def worker(n: int) -> subprocess.Popen[bytes]:
        return subprocess.Popen([*TDKT, "worker", "-w", "1"], env=environment(tmp_path / f"may-{n}", **settings),
                                stdout=subprocess.DEVNULL, stderr=(tmp_path / f"worker-{n}.log").open("wb"))

    doomed = worker(1)
    survivor = None
    try:
        with serve(tmp_path / "may-web", **settings) as url, httpx.Client(base_url=url, timeout=120) as client:
            location = client.post("/api/v1/jobs", files={"data": (LETTER.name, LETTER.read_bytes())},
                                   data={"per_member": "true", "pdf": "true"}).headers["location"]
            deadline = time.monotonic() + 120
            while True:
                working = [i for i in client.get(location).json()["items"] if i["status"] == "working"]
                pids = {int(i["worker"].split(":")[1]) for i in working}
                if working and all(_parent(pid) == doomed.pid for pid in pids) and \
                        any(processes_with(f"tdkt-{pid}-") for pid in pids):
                    break
                assert time.monotonic() < deadline, "the worker never started a PDF"
                time.sleep(0.05)
            child = pids.pop()
            doomed.kill()
            killed_at = time.monotonic()
            doomed.wait()
            survivor = worker(2)
            assert gone(f"tdkt-{child}-")  # its LibreOffice went with it
            assert dead(child)  # and its worker process
            job = wait_done(client, location, 120)
            assert time.monotonic() - killed_at < 60
        redone = [i for i in job["items"] if i["runs"] == 2]
        assert redone and all(i["status"] == "made" for i in job["items"])
        assert all(_parent(int(i["worker"].split(":")[1])) == survivor.pid for i in redone)
    finally:
        stop(doomed)
        if survivor is not None:
            stop(survivor)
