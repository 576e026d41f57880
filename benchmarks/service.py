"""Service benchmark: the running service driven over HTTP, as clients use it.

    .venv/bin/python benchmarks/service.py                 # starts its own `tdkt serve` on a free port
    .venv/bin/python benchmarks/service.py --redis         # the queue on a redis-server, one `tdkt worker -w 2`
    .venv/bin/python benchmarks/service.py --url http://127.0.0.1:8000 --skip-pdf

1. documents per second of a 63-document batch (the 63 provincial reports), DOCX, then DOCX+PDF;
2. the latency of one synchronous document (POST …?wait=60, median and worst of 10);
3. 20 concurrent users each submitting a batch (the 7 letters of the cluster), with the queue cap below the
   total: every user answered 202 or 429 with Retry-After (and retries after it), no other error, every
   document made exactly once.

Time counts from the POST to the job's "done" (the ZIP made), polled every 0.1 s.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
EXAMPLES = ROOT / "fixtures"
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))
from tests.service_server import (  # noqa: E402 - one way to start and follow the service
    TDKT,
    environment,
    free_port,
    serve,
    stop,
    wait_done,
)

QUEUE_CAP = 70  # the service the benchmark starts: 20 users × 7 letters = 140 documents, twice as many


def batch(client: httpx.Client, data: Path, pdf: bool) -> tuple[float, dict[str, Any]]:
    start = time.perf_counter()
    answer = client.post("/api/v1/jobs", files={"data": (data.name, data.read_bytes())},
                         data={"per_member": "true", "pdf": str(pdf).lower()})
    answer.raise_for_status()
    job = wait_done(client, answer.headers["location"])
    return time.perf_counter() - start, job


def one_document(client: httpx.Client, data: Path) -> float:
    start = time.perf_counter()
    answer = client.post("/api/v1/jobs?wait=60", files={"data": (data.name, data.read_bytes())})
    if answer.status_code != 200:
        raise RuntimeError(f"?wait= answered {answer.status_code}")
    return time.perf_counter() - start


def users(base: str, count: int, data: Path) -> dict[str, Any]:
    """``count`` users at once, each submitting one batch and retrying after a 429."""
    statuses: Counter[int] = Counter()
    jobs: list[dict[str, Any]] = []
    errors: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(count)

    def user() -> None:
        with httpx.Client(base_url=base, timeout=600) as client:  # each user its own session
            barrier.wait()
            for _ in range(200):
                answer = client.post("/api/v1/jobs", files={"data": (data.name, data.read_bytes())},
                                     data={"per_member": "true"})
                with lock:
                    statuses[answer.status_code] += 1
                if answer.status_code == 429:
                    time.sleep(min(float(answer.headers["retry-after"]), 1.0))
                    continue
                if answer.status_code != 202:
                    with lock:
                        errors.append(f"{answer.status_code}: {answer.text[:200]}")
                    return
                job = wait_done(client, answer.headers["location"])
                with lock:
                    jobs.append(job)
                return

    start = time.perf_counter()
    threads = [threading.Thread(target=user) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - start
    items = [item for job in jobs for item in job["items"]]
    once = all(item["runs"] == 1 and item["status"] == "made" for item in items)
    return {"seconds": seconds, "statuses": dict(statuses), "errors": errors, "jobs": len(jobs),
            "documents": len(items), "each_once": once}


@contextlib.contextmanager
def redis_queue(work: Path) -> Iterator[dict[str, str]]:
    """A redis-server on a free port and one `tdkt worker -w 2` on it; the settings the web process needs."""
    port = free_port()
    redis = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                              "--appendonly", "no", "--dir", str(work)], stdout=subprocess.DEVNULL)
    settings = {"TDKT_QUEUE_URL": f"redis://127.0.0.1:{port}/0", "TDKT_FILES": str(work / "chung")}
    worker = None
    try:
        while subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True,
                             text=True).stdout.strip() != "PONG":
            time.sleep(0.1)
        worker = subprocess.Popen([*TDKT, "worker", "-w", "2"], env=environment(work / "may-xu-ly", **settings),
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        yield settings
    finally:
        if worker is not None:
            stop(worker)
        stop(redis)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="a running service (default: start one)")
    parser.add_argument("--skip-pdf", action="store_true")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--redis", action="store_true", help="the queue on Redis, with a separate tdkt worker")
    args = parser.parse_args()
    import batch as batch_benchmark  # benchmarks/batch.py, beside this file

    data_63 = batch_benchmark.ensure_fixture(batch_benchmark.DATA_63, 63)
    with tempfile.TemporaryDirectory(prefix="tdkt-bench-") as work, contextlib.ExitStack() as stack:
        settings = {"TDKT_QUEUE_MAX": str(QUEUE_CAP), "TDKT_QUEUE_MAX_OFFICE": str(QUEUE_CAP)}
        if args.redis and not args.url:
            settings |= stack.enter_context(redis_queue(Path(work)))
        base = args.url or stack.enter_context(serve(Path(work) / "du-lieu", **settings))
        with httpx.Client(base_url=base, timeout=600) as client:
            where = "Redis queue, one tdkt worker -w 2" if args.redis else \
                "embedded SQLite queue, TDKT_WORKERS or min(4, CPUs)"
            print(f"service {base}, {os.cpu_count()} CPUs, {where}")
            seconds, job = batch(client, data_63, pdf=False)
            print(f"63-document batch, DOCX: {seconds:.1f} s, {63 / seconds:.1f} documents/s "
                  f"({job['progress']['done']} made)")
            if not args.skip_pdf:
                seconds, job = batch(client, data_63, pdf=True)
                print(f"63-document batch, DOCX+PDF: {seconds:.1f} s, {63 / seconds:.2f} documents/s "
                      f"({job['progress']['done']} made)")
            plan = EXAMPLES / "ke-hoach-hoi-nghi-2023.yaml"
            one_document(client, plan)  # warm
            latencies = [one_document(client, plan) for _ in range(10)]
            print(f"one synchronous document (?wait=): median {statistics.median(latencies) * 1000:.0f} ms, "
                  f"worst {max(latencies) * 1000:.0f} ms")
        result = users(base, args.users, EXAMPLES / "cong-van-so-lieu-2023.yaml")
        print(f"{args.users} concurrent users, one 7-letter batch each (queue cap {QUEUE_CAP}): "
              f"{result['seconds']:.1f} s, answers {result['statuses']}, {result['jobs']} jobs, "
              f"{result['documents']} documents, each made once: {result['each_once']}, "
              f"other errors: {len(result['errors'])}")
        for error in result["errors"][:5]:
            print("  ", error)


if __name__ == "__main__":
    main()
