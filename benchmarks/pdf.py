"""PDF benchmark: the 63 provincial reports converted to PDF, in one run on this machine,

    .venv/bin/python benchmarks/pdf.py [--documents N]

1. with one LibreOffice process for all of them (what `tdkt batch --pdf` does);
2. with one LibreOffice process per document (what a loop over `soffice --convert-to pdf` does).

Both use the same DOCX files (rendered beforehand, not timed) and the same LibreOffice profile, made once
before timing, so the difference is the start-up of LibreOffice per document.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from tdkt_docgen import batch
from tdkt_docgen.pdf import convert as pdf

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def rendered_reports(limit: int) -> list[bytes]:
    import batch as batch_benchmark  # benchmarks/batch.py, beside this file

    data = batch_benchmark.ensure_fixture(batch_benchmark.DATA_63, 63)
    _, tasks = batch.plan_members(data, None)
    return [result.content or b"" for result in batch.results(tasks[:limit], jobs=1)]


def one_process(documents: list[bytes], profile: Path) -> tuple[float, int, int]:
    start = time.perf_counter()
    office = pdf.LibreOffice(profile=profile)
    made = sum(result.pdf is not None for result in office.convert(documents))
    return time.perf_counter() - start, made, office.starts


def process_per_document(documents: list[bytes], profile: Path) -> tuple[float, int, int]:
    start = time.perf_counter()
    office = pdf.LibreOffice(profile=profile)
    made = 0
    for document in documents:
        made += sum(result.pdf is not None for result in office.convert([document]))
    return time.perf_counter() - start, made, office.starts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=63)
    documents = rendered_reports(parser.parse_args().documents)
    profile = Path(tempfile.mkdtemp(prefix="tdkt-bench-lo-"))
    try:
        list(pdf.LibreOffice(profile=profile).convert(documents[:1]))  # the profile is made here, not timed
        single, made_single, starts_single = one_process(documents, profile)
        per_doc, made_per_doc, starts_per_doc = process_per_document(documents, profile)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    print(f"{len(documents)} báo cáo của tỉnh sang PDF:")
    print(f"  một tiến trình LibreOffice: {single:6.1f} s  ({made_single} PDF, {starts_single} lần khởi động)")
    print(f"  một tiến trình mỗi văn bản: {per_doc:6.1f} s  ({made_per_doc} PDF, {starts_per_doc} lần khởi động)")
    print(f"  nhanh hơn: {per_doc / single:.1f}×")


if __name__ == "__main__":
    main()
