"""Nothing lost, ever (issue 24, item 4): an output that is one of the command's inputs, a ZIP and a folder in one
place, writing and signing through a symbolic link, two signers of one file at once, two runs into one folder,
and a signal while a command ends. Each case checks the files on disk afterwards."""

from __future__ import annotations

import multiprocessing
import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from tdkt_docgen import output
from tdkt_docgen.cli import main

from .conftest import FIXTURE, LETTER, ROOT
from .test_signals import leftovers, marked_letters, start, wait_until


def invoke(*args: object):  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


def files_in(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


# ------------------------------------------------------------------ an output that is an input


@pytest.fixture
def own(tmp_path: Path) -> tuple[Path, Path]:
    """An own template and its data, copied: a template the user must not lose."""
    template = tmp_path / "mau.docx"
    template.write_bytes((ROOT / "fixtures" / "khen-thuong" / "giay-khen-mau.docx").read_bytes())
    data = tmp_path / "du-lieu.yaml"
    data.write_text("ho_ten: Nguyễn Văn An\ndanh_xung: Ông\nchuc_vu: Chuyên viên\ndon_vi: Sở Nội vụ\nso_tien: 1000\n"
                    "so_so_vang: '01'\nstt: 1\n", "utf-8")
    return template, data


@pytest.mark.parametrize("name", ["mau.docx", "./mau.docx", "lien-ket.docx", "cung-tep.docx"])
def test_render_never_writes_over_its_template(tmp_path: Path, own: tuple[Path, Path], name: str) -> None:
    template, data = own
    before = template.read_bytes()
    (tmp_path / "lien-ket.docx").symlink_to(template)
    os.link(template, tmp_path / "cung-tep.docx")  # another name of the same file
    out = tmp_path / name
    result = invoke("render", data, "-t", template, "-o", out, "--force")
    assert result.exit_code == 2 and f"tệp kết quả chính là tệp đầu vào {template}" in result.output, result.output
    assert template.read_bytes() == before and (tmp_path / "lien-ket.docx").is_symlink()


def test_merge_pdf_and_batch_never_write_over_an_input(tmp_path: Path, own: tuple[Path, Path]) -> None:
    cluster = tmp_path / "cum.yaml"
    cluster.write_text(FIXTURE.read_text("utf-8"), "utf-8")
    workbook = ROOT / "fixtures" / "so-lieu-2023" / "son-la.xlsx"
    before = cluster.read_bytes()
    result = invoke("merge", cluster, workbook, "-o", cluster, "--force")
    assert result.exit_code == 2 and "chính là tệp đầu vào" in result.output and cluster.read_bytes() == before
    from docx import Document

    template = tmp_path / "mau.docx"
    doc = Document()
    doc.add_paragraph("{{ ho_ten }}")
    doc.save(str(template))
    before = template.read_bytes()
    table = tmp_path / "ds.csv"
    table.write_text("Họ tên\nmau\n", "utf-8")
    result = invoke("batch", table, "-t", template, "-o", tmp_path, "--name", "{ho_ten}.docx", "--force")
    assert result.exit_code == 2 and f"tệp kết quả chính là tệp đầu vào {template}" in result.output, result.output
    assert template.read_bytes() == before


def test_zip_and_folder_in_one_place_is_refused_and_nothing_is_left(tmp_path: Path) -> None:
    target = tmp_path / "x.zip"
    result = invoke("batch", LETTER, "--per-member", "-o", target, "--zip", target)
    assert result.exit_code == 2 and "tệp nén (--zip) và thư mục kết quả (-o) là cùng một chỗ" in result.output
    assert files_in(tmp_path) == []
    result = invoke("batch", LETTER, "--per-member", "-o", tmp_path / "ra" / ".." / "x.zip", "--zip", target)
    assert result.exit_code == 2 and files_in(tmp_path) == []


# ------------------------------------------------------------------ through a symbolic link


def test_writing_through_a_link_writes_the_file_it_points_to(tmp_path: Path) -> None:
    shared = tmp_path / "chung" / "cong-van.docx"
    shared.parent.mkdir()
    shared.write_bytes(b"ban cu")
    link = tmp_path / "cong-van.docx"
    link.symlink_to(shared)
    result = invoke("render", LETTER, "-o", link, "--force")
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and zipfile.ZipFile(shared).testzip() is None  # the link kept, the file new
    assert files_in(tmp_path) == ["chung", "chung/cong-van.docx", "cong-van.docx"]  # no copy, no temporary left


def _append_under_lock(name: str, tag: bytes, ready: multiprocessing.synchronize.Event, hold: float) -> None:
    """One signer: lock, read, wait a little (the other one tries meanwhile), write what was read plus its own
    increment, the way ``tdkt sign`` does."""
    path = Path(name)
    with output.locked(path):
        ready.set()
        old = path.read_bytes()
        time.sleep(hold)
        output.replace_in_place(path, old, old + tag)


@pytest.mark.parametrize("other_names", [0, 1])
def test_two_signers_of_one_file_one_through_a_link_take_it_in_turn(tmp_path: Path, other_names: int) -> None:
    real = tmp_path / "chung" / "giao-uoc.pdf"
    real.parent.mkdir()
    real.write_bytes(b"%PDF-1.7 ban dau\n")
    if other_names:
        os.link(real, tmp_path / "ten-khac.pdf")  # a hard link too: the increment is appended in place
    link = tmp_path / "giao-uoc.pdf"
    link.symlink_to(real)
    context = multiprocessing.get_context("fork")
    first, second = context.Event(), context.Event()
    one = context.Process(target=_append_under_lock, args=(str(link), b"[LAI CHAU]", first, 0.5))
    one.start()
    assert first.wait(10)
    two = context.Process(target=_append_under_lock, args=(str(real), b"[SON LA]", second, 0.0))
    two.start()
    one.join(20)
    two.join(20)
    assert one.exitcode == 0 and two.exitcode == 0
    assert real.read_bytes() == b"%PDF-1.7 ban dau\n[LAI CHAU][SON LA]"  # both signatures, in turn
    assert link.is_symlink() and link.read_bytes() == real.read_bytes()


# ------------------------------------------------------------------ two runs into one folder


def test_two_forced_batches_into_one_folder_take_it_in_turn(tmp_path: Path) -> None:
    runs = marked_letters(tmp_path)
    out = tmp_path / "ra"
    processes = {mark: start(["batch", str(data), "--per-member", "-o", str(out), "--jobs", "1", "--force"],
                             tmp_path)[0] for mark, data in runs.items()}
    said = {mark: process.communicate(timeout=120) for mark, process in processes.items()}
    assert all(process.returncode == 0 for process in processes.values()), said
    marks = {mark for path in out.glob("*.docx") for mark in runs
             if f"{mark}-" in zipfile.ZipFile(path).read("word/document.xml").decode()}
    assert len(list(out.glob("*.docx"))) == 7 and len(marks) == 1  # one run's whole set, not a mix
    waited = [mark for mark, (_, stderr) in said.items() if "đang được một lần chạy khác ghi vào; chờ" in stderr]
    assert len(waited) <= 1 and leftovers(tmp_path) == []


def test_a_refused_batch_leaves_no_folder_behind(tmp_path: Path) -> None:
    out = tmp_path / "moi" / "ra"
    result = invoke("batch", LETTER, "--per-member", "-o", out, "--name", "{stt:>9999}.docx")
    assert result.exit_code == 2 and files_in(tmp_path) == []


# ------------------------------------------------------------------ a signal while a command ends


def test_a_signal_while_the_command_exits_is_never_exit_0(tmp_path: Path) -> None:
    """Ctrl-C in the last moment, once the document is written and Python runs its exit functions: the exit
    code is still 130, so a script never takes an interrupted run for a finished one."""
    hooks = tmp_path / "moc"
    hooks.mkdir()
    marker = tmp_path / "dang-thoat"
    (hooks / "sitecustomize.py").write_text(
        "import atexit, os, time\n"
        "def _late():\n"
        f"    open({str(marker)!r}, 'w').close()\n"
        "    time.sleep(5)\n"
        "atexit.register(_late)\n", "utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(hooks), os.environ.get("PYTHONPATH", "")])}
    out = tmp_path / "cong-van.docx"
    tdkt = str(Path(sys.executable).with_name("tdkt"))
    process = subprocess.Popen([tdkt, "render", str(LETTER), "-o", str(out)], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True)
    wait_until(marker.exists, 60)
    os.killpg(process.pid, signal.SIGINT)
    stdout, stderr = process.communicate(timeout=30)
    assert "Đã tạo" in stdout and out.exists()
    assert process.returncode == 130, (stdout, stderr)
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr


def test_a_signal_while_the_command_cleans_up_gives_its_exit_code(monkeypatch: pytest.MonkeyPatch,
                                                                  tmp_path: Path) -> None:
    from tdkt_docgen import interrupt

    calls = []
    original = interrupt.clean_up

    def clean_up_and_be_interrupted() -> None:
        calls.append(1)
        if len(calls) == 1:
            os.kill(os.getpid(), signal.SIGINT)
        original()

    monkeypatch.setattr(interrupt, "clean_up", clean_up_and_be_interrupted)
    result = invoke("render", LETTER, "-o", tmp_path / "a.docx")
    assert result.exit_code == 130 and "Đã dừng theo yêu cầu (Ctrl-C)." in result.output, result.output
    assert re.search(r"Đã tạo .*a\.docx", result.output)
