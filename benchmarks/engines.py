"""Template engines side by side, in one run on this machine (issue 20):

    benchmarks/setup-peers.sh               # once: docxtemplater, easy-template-x, rust-docxtpl into benchmarks/peers/
    .venv/bin/python benchmarks/engines.py  # [--records 1000] [--rounds 3] [--quick]

One realistic Decree 30 report template (header table, 12 paragraphs with fields, a 30-row table loop, a
5-item list, a signature block) is written in each engine's syntax; 1,000 distinct records; every document
rendered to memory with DEFLATE. Each engine runs in its own process (and then in two at once), so imports
and warm caches are its own. tdkt renders the docxtpl template through its own pipeline
(``render.render_docx``: lint, the sandboxed StrictUndefined environment, finish, deterministic save).

Then tdkt's own figures from benchmarks/batch.py in the same run: 63 provincial reports by `tdkt batch`
(start-up included) against a plain docxtpl loop over the same contexts, peak memory for 1,000 reports written
to a ZIP, tables of 1,000 and 10,000 rows; and from benchmarks/certificates.py the peak memory for 10,000
certificates (one per row of an Excel list) written to a ZIP.

It prints documents/s, milliseconds per document and ratios, and whether each target of issue 20 is met.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import statistics
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PEERS = HERE / "peers"
WORK = PEERS / "work"
RUST_PYTHON = PEERS / ".venv-rust" / "bin" / "python"
TABLE_ROWS, LIST_ITEMS, PARAGRAPHS = 30, 5, 12

# --- the shared template, in each syntax ------------------------------------------------------------------

SYNTAX = {
    # name: (field, row-loop open in first cell, row-loop close in last cell, list open, list item, list close)
    "docxtpl": ("{{{{ {} }}}}", None, None, "{%p for item in items %}", "{{ item.text }}", "{%p endfor %}"),
    "docxtemplater": ("{{{}}}", "{#rows}", "{/rows}", "{#items}", "{text}", "{/items}"),
    "easy-template-x": ("{{{}}}", "{#rows}", "{/rows}", "{#items}", "{text}", "{/items}"),
}


def build_template(syntax: str, path: Path) -> None:
    """The shared report template, drawn with python-docx from its blank document (no tdkt styles)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    field, row_open, row_close, list_open, list_item, list_close = SYNTAX[syntax]

    def f(name: str) -> str:
        return field.format(name)

    document = Document()
    document.styles["Normal"].font.name = "Times New Roman"
    document.styles["Normal"].font.size = Pt(14)
    header = document.add_table(rows=3, cols=2)
    for row, (left, right) in enumerate([(f("co_quan_chu_quan"), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
                                         (f("co_quan"), "Độc lập - Tự do - Hạnh phúc"),
                                         (f"Số: {f('so')}/BC-UBND",
                                          f"{f('dia_danh')}, ngày {f('ngay')} tháng {f('thang')} năm {f('nam')}")]):
        header.cell(row, 0).text, header.cell(row, 1).text = left, right
    for text in ("BÁO CÁO", f("trich_yeu")):
        document.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.CENTER
    for i in range(1, PARAGRAPHS + 1):
        document.add_paragraph(f"{i}. {f(f'muc_{i}')}: kết quả đạt {f(f'so_{i}')} so với kế hoạch năm.")
    table = document.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ("STT", "Đơn vị", "Số lượng"), strict=True):
        cell.text = text
    if syntax == "docxtpl":
        for texts in (("{%tr for row in rows %}", "", ""), (f("row.stt"), f("row.ten"), f("row.so")),
                      ("{%tr endfor %}", "", "")):
            for cell, text in zip(table.add_row().cells, texts, strict=True):
                cell.text = text
    else:
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = f"{row_open}{f('stt')}", f("ten"), f"{f('so')}{row_close}"
    for text in (list_open, f"- {list_item}", list_close):
        document.add_paragraph(text)
    signature = document.add_table(rows=1, cols=2)
    signature.cell(0, 0).text = "Nơi nhận:\n- Như trên;\n- Lưu: VT."
    signature.cell(0, 1).text = f"{f('chuc_vu')}\n\n\n{f('ho_ten')}"
    document.save(path)


def records(count: int) -> list[dict[str, Any]]:
    """Distinct, seeded records with Vietnamese text."""
    rng = random.Random(20)
    places = ["Lạng Sơn", "Cao Bằng", "Hà Giang", "Lào Cai", "Điện Biên", "Lai Châu", "Sơn La", "Tuyên Quang"]
    words = ["thi đua", "khen thưởng", "phong trào", "xây dựng", "nông thôn mới", "giảm nghèo", "chuyển đổi số"]
    out = []
    for n in range(count):
        place = places[n % len(places)]
        record: dict[str, Any] = {
            "co_quan_chu_quan": f"ỦY BAN NHÂN DÂN TỈNH {place.upper()}", "co_quan": f"SỞ NỘI VỤ {n + 1}",
            "so": str(n + 1), "dia_danh": place, "ngay": f"{rng.randint(10, 28)}", "thang": str(rng.randint(3, 12)),
            "nam": "2024", "trich_yeu": f"Tổng kết công tác {rng.choice(words)} năm 2023 số {n + 1}",
            "chuc_vu": "GIÁM ĐỐC", "ho_ten": f"Nguyễn Văn {chr(65 + n % 26)}{n}",
            "rows": [{"stt": str(i + 1), "ten": f"{rng.choice(places)} – {rng.choice(words)}",
                      "so": f"{rng.randint(1, 99_999):,}".replace(",", ".")} for i in range(TABLE_ROWS)],
            "items": [{"text": f"{rng.choice(words).capitalize()} gắn với nhiệm vụ {i + 1}."}
                      for i in range(LIST_ITEMS)],
        }
        for i in range(1, PARAGRAPHS + 1):
            record[f"muc_{i}"], record[f"so_{i}"] = f"Nội dung {rng.choice(words)}", f"{rng.randint(50, 150)}%"
        out.append(record)
    return out


# --- the Python engines, each run in a child process -------------------------------------------------------

def _python_renderer(engine: str, template: Path) -> Any:
    if engine in ("docxtpl", "rust-docxtpl"):
        from docxtpl import DocxTemplate
        from jinja2 import Environment

        env = Environment(autoescape=True)

        def render(record: dict[str, Any]) -> bytes:
            document = DocxTemplate(str(template))
            document.render(record, jinja_env=env, autoescape=True)
            buffer = io.BytesIO()
            document.save(buffer)
            return buffer.getvalue()
        return render
    if engine == "tdkt":
        from tdkt_docgen.docx.render import render_docx

        return lambda record: render_docx(template, record)
    if engine == "lower-bound":
        return _lower_bound(template)
    raise SystemExit(f"unknown engine {engine}")


def _raw_entries(path: Path) -> list[tuple[zipfile.ZipInfo, bytes]]:
    """Each entry of a ZIP with its compressed bytes as stored."""
    entries = []
    with zipfile.ZipFile(path) as archive, path.open("rb") as stream:
        for info in archive.infolist():
            stream.seek(info.header_offset)
            header = stream.read(30)
            name_length, extra_length = struct.unpack("<HH", header[26:30])
            stream.seek(info.header_offset + 30 + name_length + extra_length)
            entries.append((info, stream.read(info.compress_size)))
    return entries


def _lower_bound(template: Path) -> Any:
    """document.xml compiled once as a Jinja template over docxtpl's cleaned XML; the other entries copied
    with their compressed bytes. What any engine must at least do: render the strings and compress them."""
    import re

    from docxtpl import DocxTemplate
    from jinja2 import Environment

    patcher = DocxTemplate.__new__(DocxTemplate)
    with zipfile.ZipFile(template) as archive:
        source = archive.read("word/document.xml").decode()
    compiled = Environment(autoescape=True).from_string(re.sub(r"<w:p([ >])", r"\n<w:p\1",
                                                               DocxTemplate.patch_xml(patcher, source)))
    others = [(info, data) for info, data in _raw_entries(template) if info.filename != "word/document.xml"]

    def render(record: dict[str, Any]) -> bytes:
        xml = compiled.render(record).encode()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as out:
            for info, data in others:
                info.header_offset = out.fp.tell()  # type: ignore[union-attr]
                out.fp.write(info.FileHeader(False))  # type: ignore[union-attr]
                out.fp.write(data)  # type: ignore[union-attr]
                out.filelist.append(info)
                out.start_dir = out.fp.tell()  # type: ignore[union-attr]
            out.writestr("word/document.xml", xml, zipfile.ZIP_DEFLATED)
        return buffer.getvalue()
    return render


def run_python(engine: str, template: Path, records_path: Path, rounds: int) -> None:
    """Child process: render every record ``rounds`` times; print the rates and the time to the first one."""
    start = time.perf_counter()
    data = json.loads(records_path.read_text(encoding="utf-8"))
    render = _python_renderer(engine, template)
    first_ms, rates = None, []
    for _ in range(rounds):
        begin = time.perf_counter()
        for record in data:
            if len(render(record)) < 1000:
                raise SystemExit("empty output")
            if first_ms is None:
                first_ms = (time.perf_counter() - start) * 1000
        rates.append(len(data) / (time.perf_counter() - begin))
    if os.environ.get("BENCH_SAMPLE"):
        Path(os.environ["BENCH_SAMPLE"]).write_bytes(render(data[0]))
    print(json.dumps({"rates": rates, "first_ms": first_ms}))


# --- the parent: every engine, one process and two --------------------------------------------------------

ENGINES = {  # engine: (syntax, command prefix)
    "docxtpl": ("docxtpl", [sys.executable, __file__, "_run", "docxtpl"]),
    "rust-docxtpl": ("docxtpl", [str(RUST_PYTHON), __file__, "_run", "rust-docxtpl"]),
    "docxtemplater": ("docxtemplater", ["node", str(PEERS / "run.js"), "docxtemplater"]),
    "easy-template-x": ("easy-template-x", ["node", str(PEERS / "run.js"), "easy-template-x"]),
    "lower-bound": ("docxtpl", [sys.executable, __file__, "_run", "lower-bound"]),
    "tdkt": ("docxtpl", [sys.executable, __file__, "_run", "tdkt"]),
}


class EngineFailed(Exception):
    pass


def _start(engine: str, records_path: Path, rounds: int) -> subprocess.Popen[str]:
    syntax, command = ENGINES[engine]
    env = {**os.environ, "NODE_PATH": str(PEERS / "node_modules")}
    return subprocess.Popen([*command, str(WORK / f"{syntax}.docx"), str(records_path), str(rounds)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=PEERS, env=env)


def _result(process: subprocess.Popen[str]) -> dict[str, Any]:
    out, err = process.communicate()
    if process.returncode != 0:
        raise EngineFailed(err.strip().splitlines()[-1] if err.strip() else f"exit {process.returncode}")
    return json.loads(out.strip().splitlines()[-1])  # type: ignore[no-any-return]


def measure(engine: str, all_records: Path, halves: tuple[Path, Path], rounds: int) -> dict[str, float]:
    one = _result(_start(engine, all_records, rounds))
    two = [_start(engine, half, rounds) for half in halves]
    both = [_result(process) for process in two]
    begin = time.perf_counter()
    cold = _start(engine, halves[0].with_name("one.json"), 1)
    _result(cold)
    return {"one": statistics.median(one["rates"]), "two": sum(statistics.median(r["rates"]) for r in both),
            "cold_s": time.perf_counter() - begin}


def available(engine: str) -> bool:
    if engine == "rust-docxtpl":
        return RUST_PYTHON.exists()
    if engine in ("docxtemplater", "easy-template-x"):
        return (PEERS / "node_modules" / engine).exists()
    return True


def shared_template(count: int, rounds: int) -> dict[str, dict[str, float]]:
    WORK.mkdir(parents=True, exist_ok=True)
    for syntax in SYNTAX:
        build_template(syntax, WORK / f"{syntax}.docx")
    data = records(count)
    paths = {name: WORK / f"{name}.json" for name in ("all", "half-1", "half-2", "one")}
    for name, part in (("all", data), ("half-1", data[::2]), ("half-2", data[1::2]), ("one", data[:1])):
        paths[name].write_text(json.dumps(part, ensure_ascii=False), encoding="utf-8")
    results = {}
    for engine in ENGINES:
        if not available(engine):
            print(f"  {engine}: chưa cài (chạy benchmarks/setup-peers.sh)")
            continue
        try:
            results[engine] = measure(engine, paths["all"], (paths["half-1"], paths["half-2"]), rounds)
        except EngineFailed as failure:
            print(f"  {engine}: không chạy được ({failure})")
            continue
        r = results[engine]
        print(f"  {engine:16} {r['one']:8.1f} văn bản/giây ({1000 / r['one']:6.2f} ms)   2 tiến trình "
              f"{r['two']:8.1f}   khởi động đến văn bản đầu {r['cold_s']:.2f} giây", flush=True)
    return results


def verdict(ok: bool) -> str:
    return "đạt" if ok else "CHƯA ĐẠT"


def print_ratios(results: dict[str, dict[str, float]]) -> None:
    tdkt = results["tdkt"]
    print("\nTỷ lệ (cùng một lần chạy):")
    for peer, target in (("easy-template-x", 2.0), ("docxtpl", 10.0), ("docxtemplater", None), ("rust-docxtpl", None)):
        if peer in results:
            ratio = tdkt["one"] / results[peer]["one"]
            goal = f" ({verdict(ratio >= target)}, mục tiêu ≥ {target:g}×)" if target else ""
            print(f"  tdkt / {peer}: {ratio:.2f}×{goal}")
    if "lower-bound" in results:
        ratio = results["lower-bound"]["one"] / tdkt["one"]
        print(f"  cận dưới / tdkt: {ratio:.2f}× ({verdict(ratio <= 5)}, mục tiêu ≤ 5×)")
    print(f"  tdkt 2 tiến trình / 1 tiến trình: {tdkt['two'] / tdkt['one']:.2f}× "
          f"({verdict(tdkt['two'] >= 1.8 * tdkt['one'])}, mục tiêu ≥ 1,8×)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="only the shared template, no batch figures")
    args = parser.parse_args()
    print(f"Máy: {os.cpu_count()} nhân CPU, Python {sys.version.split()[0]}; mẫu chung, {args.records} bản ghi, "
          f"trung vị của {args.rounds} vòng")
    results = shared_template(args.records, args.rounds)
    if "tdkt" in results:
        print_ratios(results)
    if not args.quick:
        sys.path.insert(0, str(HERE))
        import batch as tdkt_batch  # benchmarks/batch.py: tdkt's own documents
        import certificates  # benchmarks/certificates.py: one document per row of an Excel list

        print("\nVăn bản của tdkt:")
        tdkt_batch.main(zip_documents=1_000, batch_target=3.0)
        seconds, peak, size = certificates.zip_of(10_000)
        print(f"10.000 giấy khen (một văn bản mỗi dòng Excel) vào một ZIP: {seconds:.1f} giây, {size:.0f} MB; "
              f"bộ nhớ đỉnh {peak / 2**20:.0f} MB ({verdict(peak < 300 * 2**20)}, mục tiêu < 300 MB)")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_run":
        with tempfile.TemporaryDirectory():
            run_python(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]), int(sys.argv[5]))
    else:
        main()
