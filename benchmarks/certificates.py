"""Certificates benchmark: 1,000 Giấy khen from an Excel list, as a secretary runs it.

    .venv/bin/python benchmarks/certificates.py [ROWS]

Makes a list of ROWS people (default 1,000) from the example list (fixtures/khen-thuong/), then
times, each as a subprocess with start-up included:

1. a plain docxtpl loop (open the template, render, save, per row; the same rows, no checks, no finishing);
2. ``tdkt batch danh-sach.xlsx quyet-dinh.yaml -t giay-khen-mau.docx -o … --name "{stt:03d}-{ho_ten}.docx"``
   with one process (--jobs 1) and with every CPU, into a folder;
3. the same into one ZIP only.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

from tdkt_docgen.data import workbook

sys.path.insert(0, str(Path(__file__).resolve().parent))
from batch import watch_memory  # noqa: E402  (benchmarks/batch.py)

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "fixtures" / "khen-thuong"
TDKT = str(Path(sys.executable).parent / "tdkt")

PLAIN_LOOP = """
import io, sys, openpyxl, yaml
from docxtpl import DocxTemplate
from jinja2 import Environment
from tdkt_docgen import helpers, vn
from tdkt_docgen.data.records import field_name
template, table, shared = sys.argv[1:4]
env = Environment(autoescape=True)
env.filters.update({**vn.FILTERS, **helpers.FILTERS})
common = yaml.safe_load(open(shared, encoding="utf-8"))
sheet = openpyxl.load_workbook(table, read_only=True).worksheets[0]
rows = list(sheet.iter_rows(values_only=True))
names = [field_name(h) for h in rows[0]]
for values in rows[1:]:
    doc = DocxTemplate(template)
    doc.render({**common, **dict(zip(names, values))}, jinja_env=env, autoescape=True)
    doc.save(io.BytesIO())
"""


def make_list(path: Path, rows: int) -> None:
    source = openpyxl.load_workbook(EXAMPLES / "danh-sach.xlsx").worksheets[0]
    people = list(source.iter_rows(min_row=2, values_only=True))
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Danh sách"
    sheet.append([c.value for c in source[1]])
    for n in range(1, rows + 1):
        person = list(people[(n - 1) % len(people)])
        person[0], person[-1] = n, f"{n:04d}/GK-2025"
        sheet.append(person)
    path.write_bytes(workbook.to_bytes(book))


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def timed_with_memory(command: list[str]) -> tuple[float, int]:
    """Seconds and peak memory (PSS of the process and its workers, bytes) of a command."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = watch_memory(process)
    if process.returncode != 0:
        raise SystemExit(f"{command[1]} failed with exit {process.returncode}")
    return time.perf_counter() - start, peak


def zip_of(rows: int) -> tuple[float, int, float]:
    """Seconds, peak memory (bytes) and ZIP size (MB) of ``tdkt batch … --zip`` for ``rows`` certificates."""
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for name in ("giay-khen-mau.docx", "quyet-dinh.yaml", "danh-sach.schema.yaml"):
            shutil.copy(EXAMPLES / name, work / name)
        make_list(work / "danh-sach.xlsx", rows)
        seconds, peak = timed_with_memory([TDKT, "batch", str(work / "danh-sach.xlsx"), str(work / "quyet-dinh.yaml"),
                                           "-t", str(work / "giay-khen-mau.docx"), "--zip", str(work / "gk.zip")])
        return seconds, peak, (work / "gk.zip").stat().st_size / 1e6


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 1000
    with_plain = "--skip-plain" not in sys.argv  # the plain loop takes minutes for 10,000 rows
    jobs = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for name in ("giay-khen-mau.docx", "quyet-dinh.yaml", "danh-sach.schema.yaml"):
            shutil.copy(EXAMPLES / name, work / name)
        table = work / "danh-sach.xlsx"
        make_list(table, rows)
        template, shared = work / "giay-khen-mau.docx", work / "quyet-dinh.yaml"
        plain = timed([sys.executable, "-c", PLAIN_LOOP, str(template), str(table), str(shared)]) if with_plain else 0.0
        base = [TDKT, "batch", str(table), str(shared), "-t", str(template), "--name", "{stt:04d}-{ho_ten}.docx"]
        one = timed([*base, "-o", str(work / "ra-1"), "--jobs", "1"])
        every = timed([*base, "-o", str(work / "ra-n"), "--jobs", str(jobs)])
        zipped, peak = timed_with_memory([*base, "--zip", str(work / "giay-khen.zip"), "--jobs", str(jobs)])
        made = len(list((work / "ra-n").iterdir()))
        size = (work / "giay-khen.zip").stat().st_size / 1e6
    print(f"{rows} giấy khen từ danh sách Excel ({jobs} CPU), thời gian kể cả khởi động:")
    if with_plain:
        print(f"  docxtpl thuần (không kiểm tra, không hoàn thiện): {plain:6.1f} s  ({rows / plain:5.1f} văn bản/s)")
    print(f"  tdkt batch --jobs 1:                             {one:6.1f} s  ({rows / one:5.1f} văn bản/s)")
    print(f"  tdkt batch --jobs {jobs}:                             {every:6.1f} s  ({rows / every:5.1f} văn bản/s), "
          f"{made} tệp")
    print(f"  tdkt batch --jobs {jobs} --zip:                       {zipped:6.1f} s  ({size:.1f} MB), "
          f"bộ nhớ đỉnh {peak / 2**20:.0f} MB (mục tiêu < 300 MB)")
    if with_plain:
        print(f"  tdkt batch --jobs {jobs} so với docxtpl thuần: {plain / every:.1f}×")


if __name__ == "__main__":
    main()
