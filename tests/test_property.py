"""Property tests (hypothesis): any bytes and any YAML given to `tdkt render` and `tdkt merge` end in a
Vietnamese error, exit 2, no traceback and nothing written; and a full disk (a real, tiny tmpfs where
this machine lets us mount one; otherwise os.write failing at the writer's boundary) loses nothing."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tdkt_docgen.cli import main

from .conftest import FIXTURE, ROOT

WORKBOOK = ROOT / "tdkt_docgen" / "examples" / "so-lieu-2023" / "son-la.xlsx"
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20),
                    st.dates().map(str), st.sampled_from(["loai", "cong_van", "bao_cao_tong_ket", "giao_uoc",
                                                          "thanh_vien", "so_lieu", "2023-02-31", ".nan", "*a"]))
documents = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.one_of(st.text(max_size=10), st.sampled_from(
        ["loai", "ngay", "thanh_vien", "co_quan", "so_lieu", "<<"])), inner, max_size=4)), max_leaves=20)


def yaml_text(value: object) -> str:
    return yaml.safe_dump(value, allow_unicode=True)


def expect_refused(result, folder: Path, allowed: set[str]) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output and result.output.startswith(("Lỗi: ", "Cảnh báo: "))
    assert {p.name for p in folder.iterdir()} == allowed


@SETTINGS
@given(content=st.one_of(st.binary(max_size=400), documents.map(yaml_text).map(str.encode)))
def test_render_refuses_any_bytes_or_yaml(tmp_path: Path, content: bytes) -> None:
    folder = tmp_path / "r"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    data = folder / "du-lieu.yaml"
    data.write_bytes(content)
    result = CliRunner().invoke(main, ["render", str(data), "-o", str(folder / "ra.docx")])
    expect_refused(result, folder, {"du-lieu.yaml"})


@SETTINGS
@given(cluster=st.one_of(st.binary(max_size=300), documents.map(yaml_text).map(str.encode)),
       workbook=st.one_of(st.binary(max_size=300), st.just(b"PK\x03\x04" + b"\0" * 60)))
def test_merge_refuses_any_bytes_or_yaml(tmp_path: Path, cluster: bytes, workbook: bytes) -> None:
    folder = tmp_path / "m"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    (folder / "cum.yaml").write_bytes(cluster)
    (folder / "so-lieu.xlsx").write_bytes(workbook)
    result = CliRunner().invoke(main, ["merge", str(folder / "cum.yaml"), str(folder / "so-lieu.xlsx"),
                                       "-o", str(folder / "cum-2023.yaml")])
    expect_refused(result, folder, {"cum.yaml", "so-lieu.xlsx"})


@SETTINGS
@given(workbook=st.binary(min_size=1, max_size=2000))
def test_merge_refuses_any_workbook_bytes_with_the_real_cluster(tmp_path: Path, workbook: bytes) -> None:
    folder = tmp_path / "w"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    (folder / "so-lieu.xlsx").write_bytes(WORKBOOK.read_bytes()[:len(workbook)] + workbook)
    result = CliRunner().invoke(main, ["merge", str(FIXTURE), str(folder / "so-lieu.xlsx"),
                                       "-o", str(folder / "cum-2023.yaml")])
    expect_refused(result, folder, {"so-lieu.xlsx"})


# ------------------------------------------------------------------ a full disk


@pytest.fixture()
def small_disk(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A 512 KiB tmpfs filled up to its last few kilobytes, or None where mounting is not allowed."""
    disk = tmp_path / "dia"
    disk.mkdir()
    mounted = os.geteuid() == 0 and shutil.which("mount") is not None and subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(disk)], capture_output=True).returncode == 0
    if not mounted:
        yield None
        return
    try:
        filler = disk / "day"
        with open(filler, "wb") as stream:
            stream.write(b"\0" * (os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize - 4096))
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def test_a_full_disk_loses_nothing_and_leaves_nothing(small_disk: Path | None, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    if small_disk is None:  # no tmpfs here: the disk fills at the writer's boundary
        def full(handle: int, data: bytes) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(os, "write", full)
        small_disk = tmp_path
    before = sorted(p.name for p in small_disk.iterdir())
    result = runner.invoke(main, ["init", "giao_uoc", "-o", str(small_disk / "giao-uoc.yaml")])
    assert result.exit_code == 2 and "ổ đĩa đã đầy" in result.output and "No space" not in result.output, \
        result.output
    assert "Giải phóng chỗ trên ổ đĩa rồi chạy lại" in result.output
    assert sorted(p.name for p in small_disk.iterdir()) == before  # no YAML, no anh-ky/, no .tdkt-*.tmp
    if small_disk == tmp_path:
        return
    zip_result = runner.invoke(main, ["batch", str(ROOT / "tdkt_docgen" / "examples" / "cong-van-so-lieu-2023.yaml"),
                                      "--per-member", "--zip", str(small_disk / "ra.zip")])
    assert zip_result.exit_code == 2 and "ổ đĩa đã đầy" in zip_result.output, zip_result.output
    assert sorted(p.name for p in small_disk.iterdir()) == before  # no .zip.tmp left
    (small_disk / "day").unlink()
    again = runner.invoke(main, ["init", "giao_uoc", "-o", str(small_disk / "giao-uoc.yaml")])
    assert again.exit_code == 0, again.output
    source = ROOT / "tdkt_docgen" / "examples" / "anh-ky"
    for image in source.iterdir():  # every image whole: a rerun after a full disk repairs everything
        assert (small_disk / "anh-ky" / image.name).read_bytes() == image.read_bytes()


def _mutated(content: bytes, changes: list[tuple[int, int]], cut: int | None) -> bytes:
    data = bytearray(content)
    for at, value in changes:
        data[at % len(data)] = value
    return bytes(data[:cut] if cut else data)


mutations = st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), min_size=1, max_size=20)
cuts = st.one_of(st.none(), st.integers(min_value=1, max_value=60000))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=mutations, cut=cuts)
def test_damaged_pdf_and_docx_never_give_a_traceback(pdfs: dict[str, Path], rendered: dict[str, Path],
                                                     tmp_path: Path, changes: list[tuple[int, int]],
                                                     cut: int | None) -> None:
    runner = CliRunner()
    pdf = tmp_path / "hong.pdf"
    pdf.write_bytes(_mutated(pdfs["giao_uoc"].read_bytes(), changes, cut))
    docx = tmp_path / "hong.docx"
    docx.write_bytes(_mutated(rendered["cong_van"].read_bytes(), changes, cut))
    for args, codes in ((["verify", str(pdf)], {1, 2}), (["check", str(docx)], {0, 1, 2}),
                        (["sign", str(pdf), "--cert", str(tmp_path / "khong-co.p12"), "--field", "Sơn La"], {2})):
        result = runner.invoke(main, args, env={"TDKT_MAT_KHAU": "x"})
        assert result.exit_code in codes, (args, result.output, result.exception)
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        assert "Traceback" not in result.output
