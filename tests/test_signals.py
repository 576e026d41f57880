"""Signals and concurrency with real processes (issue 17): SIGINT (as Ctrl-C sends it, to the whole process
group) and SIGTERM to a running `tdkt batch` and `tdkt pdf`, then no worker or LibreOffice process left, no
temporary file, exit 130/143, and a Vietnamese account of what was written; and two batches at once into
one folder without --force, where no file holds the other run's data unannounced."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
import yaml

from benchmarks.make_fixture import cluster

from .conftest import LETTER

TDKT = str(Path(sys.executable).with_name("tdkt"))


def processes_mentioning(text: str) -> list[str]:
    """Command lines of the running processes that mention ``text`` (our data file or temporary folder)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                line = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if text in line:
                found.append(line)
    return found


def start(args: list[str], tmp_path: Path) -> tuple[subprocess.Popen[str], Path]:
    """The command in its own process group (as a terminal's foreground job), temporary files in a folder of
    its own so that what it leaves can be seen."""
    scratch = tmp_path / "tmp"
    scratch.mkdir(exist_ok=True)
    env = {**os.environ, "TMPDIR": str(scratch)}
    process = subprocess.Popen([TDKT, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True, cwd=tmp_path)
    return process, scratch


def wait_until(condition, seconds: float = 60) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if ".tmp" in p.name or p.name.startswith(("tdkt-", ".tdkt-")))


MEMBERS = 600  # enough that the batch is still running when the signal comes (a report takes a few ms)


@pytest.fixture(scope="module")
def big_cluster(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cum") / f"cum-{MEMBERS}.yaml"
    path.write_text(yaml.safe_dump(cluster(MEMBERS, 7), allow_unicode=True, sort_keys=False), "utf-8")
    return path


@pytest.mark.parametrize("signum,code,said", [(signal.SIGINT, 130, "Đã dừng theo yêu cầu (Ctrl-C)."),
                                              (signal.SIGTERM, 143, "Đã dừng vì nhận tín hiệu dừng (SIGTERM).")])
def test_interrupting_a_batch(big_cluster: Path, tmp_path: Path, signum: int, code: int, said: str) -> None:
    out, archive = tmp_path / "ra", tmp_path / "ra.zip"
    process, scratch = start(["batch", str(big_cluster), "--per-member", "-o", str(out), "--zip", str(archive),
                              "--jobs", "2"], tmp_path)
    wait_until(lambda: out.exists() and len(list(out.glob("*.docx"))) >= 3)
    os.killpg(process.pid, signum)  # Ctrl-C reaches the workers too; SIGTERM only the parent
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == code, stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr
    assert said in stderr and "Không còn tệp tạm hay tiến trình nào của lệnh này." in stderr
    written = sorted(out.glob("*.docx"))
    announced = re.search(r"Đã ghi xong (\d+) tệp", stderr)
    assert announced and int(announced.group(1)) == len(written), stderr
    missing = re.search(r"Chưa ghi (\d+) tệp", stderr)  # the rest, and the ZIP (written only at the end)
    assert missing and int(missing.group(1)) == MEMBERS + 1 - len(written), stderr
    assert not archive.exists() and leftovers(tmp_path) == []
    for path in written:  # what was written is whole
        assert zipfile.ZipFile(path).testzip() is None
    time.sleep(0.2)
    assert processes_mentioning(str(big_cluster)) == []


@pytest.mark.parametrize("signum,code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_interrupting_pdf_stops_libreoffice(rendered: dict[str, Path], tmp_path: Path, signum: int,
                                            code: int) -> None:
    sources = []
    for i in range(4):
        source = tmp_path / f"van-ban-{i}.docx"
        source.write_bytes(rendered["bao_cao"].read_bytes())
        sources.append(str(source))
    process, scratch = start(["pdf", *sources, "-o", str(tmp_path / "pdf")], tmp_path)
    wait_until(lambda: any("soffice" in line for line in processes_mentioning(str(scratch))))
    time.sleep(0.5)
    os.killpg(process.pid, signum)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == code, stderr
    assert "Traceback" not in stderr and "Chưa ghi" in stderr
    time.sleep(0.2)
    assert processes_mentioning(str(scratch)) == []  # LibreOffice (soffice, soffice.bin) ended with us
    assert list(scratch.iterdir()) == []  # its profile, work folder and lu*.tmp removed
    assert [p.name for p in (tmp_path / "pdf").iterdir()] == [] if (tmp_path / "pdf").exists() else True


def marked_letters(tmp_path: Path) -> dict[str, Path]:
    """Two data files of the letter that differ in one field ("MOT-", "HAI-"): which run wrote a document."""
    text = LETTER.read_text("utf-8")
    assert "luu: " in text
    runs = {}
    for mark in ("MOT", "HAI"):
        data = tmp_path / f"cong-van-{mark}.yaml"
        data.write_text(text.replace("luu: ", f"luu: {mark}-", 1), "utf-8")
        runs[mark] = data
    return runs


def test_two_batches_into_one_folder_never_mix_silently(tmp_path: Path) -> None:
    """Two runs with different data into the same folder, started together, without --force: every file is
    whole and from one run, and each run's "Đã tạo N" counts exactly the files holding its data."""
    runs = marked_letters(tmp_path)
    out = tmp_path / "ra"
    for _ in range(2):
        for path in out.glob("*"):
            path.unlink()
        processes = {mark: start(["batch", str(data), "--per-member", "-o", str(out), "--jobs", "1"], tmp_path)[0]
                     for mark, data in runs.items()}
        results = {mark: process.communicate(timeout=120) for mark, process in processes.items()}
        owners: dict[str, int] = {"MOT": 0, "HAI": 0}
        for path in out.glob("*.docx"):
            document = zipfile.ZipFile(path).read("word/document.xml").decode()
            marks = [mark for mark in owners if f"{mark}-" in document]
            assert len(marks) == 1, path
            owners[marks[0]] += 1
        for mark, (stdout, stderr) in results.items():
            assert "Traceback" not in stderr
            made = re.search(r"Đã tạo (\d+)/7 văn bản", stdout)
            if processes[mark].returncode == 2:  # refused at the start: the other run's files were there
                assert "tệp kết quả đã có" in stderr and owners[mark] == 0
            else:
                assert made and int(made.group(1)) == owners[mark], (mark, stdout, stderr, owners)
                if owners[mark] < 7:  # the files the other run made first are reported, not overwritten
                    assert stderr.count("tệp kết quả đã có") + stderr.count("vừa được tạo bởi một lần chạy khác") \
                        == 7 - owners[mark], stderr
        assert sum(owners.values()) == 7 and leftovers(tmp_path) == []


def test_stopping_the_service_says_it_stopped_without_a_file_account(tmp_path: Path) -> None:
    """`tdkt serve` writes no files of its own: SIGTERM stops it with exit 143 and no "Chưa ghi tệp nào"."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([TDKT, "serve", "--port", str(port), "--data-dir", str(tmp_path / "du-lieu")],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    def listening() -> bool:
        with socket.socket() as client:
            return client.connect_ex(("127.0.0.1", port)) == 0

    try:
        wait_until(listening, 60)
    finally:
        process.send_signal(signal.SIGTERM)
    output, _ = process.communicate(timeout=60)
    assert process.returncode == 143
    assert "Đã dừng vì nhận tín hiệu dừng (SIGTERM)." in output
    assert "Chưa ghi tệp nào" not in output and "Traceback" not in output
