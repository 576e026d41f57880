"""tdkt batch: one document per data file or member, safe names, partial failure, ZIP, same bytes."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from docx import Document

from tdkt_docgen.cli import main
from tdkt_docgen.naming import file_name, safe_name, unique

from .conftest import ACTIVITY_PLAN, CONFERENCE_PLAN, LETTER

SLUGS = ["son-la", "dien-bien", "lai-chau", "lao-cai", "ha-giang", "cao-bang", "lang-son"]


def batch(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["batch", *args])


def letter_data() -> dict[str, Any]:
    return yaml.safe_load(LETTER.read_text("utf-8"))  # type: ignore[no-any-return]


def write(path: Path, data: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def test_names_are_safe_and_unique() -> None:
    assert safe_name("../../etc/passwd") == "etc-passwd"
    assert safe_name("Sơn La / Lai Châu") == "son-la-lai-chau"
    assert safe_name("///") == "van-ban"
    assert unique(["son-la.docx", "son-la.docx", "son-la-2.docx", "son-la.docx"]) == [
        "son-la.docx", "son-la-2.docx", "son-la-2-2.docx", "son-la-3.docx"]
    assert file_name("{stt:02d}-{ten}.docx", 3, "Lạng Sơn", "x") == "03-lang-son.docx"
    assert file_name("../{ten}", 1, "Hà Giang", "x") == "ha-giang.docx"


def test_folder_batch_one_document_per_file(tmp_path: Path) -> None:
    folder = tmp_path / "du-lieu"
    folder.mkdir()
    for source in (ACTIVITY_PLAN, CONFERENCE_PLAN, LETTER):
        shutil.copy(source, folder)
    (folder / "ghi-chu.txt").write_text("không phải dữ liệu", "utf-8")  # ignored
    result = batch(str(folder), "-o", str(tmp_path / "ra"), "--jobs", "2")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "ra").iterdir()) == [
        "cong-van-so-lieu-2023.docx", "ke-hoach-hoat-dong-2023.docx", "ke-hoach-hoi-nghi-2023.docx"]
    assert "Đã tạo 3/3 văn bản" in result.output and "\r" not in result.output  # no progress bar off a terminal
    plan = Document(str(tmp_path / "ra" / "ke-hoach-hoi-nghi-2023.docx"))
    assert "KẾ HOẠCH" in [p.text for p in plan.paragraphs]


def test_hostile_member_names(tmp_path: Path) -> None:
    data = letter_data()
    data["thanh_vien"] = [{"ten": "../../etc/passwd", "loai": "đơn vị"}, {"ten": "Sơn La / Lai Châu", "loai": "đơn vị"},
                          {"ten": "Sơn La"}, {"ten": "Sơn Lạ", "loai": "đơn vị"}]
    out = tmp_path / "ra"
    result = batch(str(write(tmp_path / "cv.yaml", data)), "--per-member", "-o", str(out), "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted([
        "cong-van-etc-passwd.docx", "cong-van-son-la-lai-chau.docx", "cong-van-son-la.docx", "cong-van-son-la-2.docx"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cv.yaml", "ra"]  # nothing written outside the folder


def test_failing_member_is_reported_and_the_others_written(tmp_path: Path) -> None:
    data = letter_data()
    del data["han_gui"]
    for member in data["thanh_vien"]:
        member.setdefault("han_gui", "2024-01-15")
    del data["thanh_vien"][3]["han_gui"]  # Lào Cai has no deadline at all
    out = tmp_path / "ra"
    path = write(tmp_path / "cv.yaml", data)
    result = batch(str(path), "--per-member", "-o", str(out), "--jobs", "2")
    assert result.exit_code == 1
    assert sorted(p.name for p in out.iterdir()) == sorted(f"cong-van-{s}.docx" for s in SLUGS if s != "lao-cai")
    assert f"Lỗi (Lào Cai): {path}, dòng " in result.output
    assert "trường 'thanh_vien[4]': thành viên 'Lào Cai' không có hạn gửi ('han_gui')" in result.output
    assert "Đã tạo 6/7 văn bản" in result.output and "1 văn bản lỗi, không được tạo: Lào Cai." in result.output


def test_failing_file_is_reported_and_the_others_written(tmp_path: Path) -> None:
    folder = tmp_path / "du-lieu"
    folder.mkdir()
    shutil.copy(ACTIVITY_PLAN, folder / "a.yaml")
    broken = yaml.safe_load(LETTER.read_text("utf-8"))
    broken["ngay"] = "2023-13-01"
    write(folder / "b.yaml", broken)
    shutil.copy(LETTER, folder / "c.yaml")
    result = batch(str(folder), "-o", str(tmp_path / "ra"), "--jobs", "1")
    assert result.exit_code == 1
    assert sorted(p.name for p in (tmp_path / "ra").iterdir()) == ["a.docx", "c.docx"]
    assert f"Lỗi ({folder / 'b.yaml'}): {folder / 'b.yaml'}, dòng " in result.output
    assert "trường 'ngay'" in result.output and "Traceback" not in result.output


def test_fail_fast_stops_at_the_first_failure(tmp_path: Path) -> None:
    folder = tmp_path / "du-lieu"
    folder.mkdir()
    (folder / "a.yaml").write_text("loai: khong_co\n", "utf-8")
    shutil.copy(LETTER, folder / "b.yaml")
    result = batch(str(folder), "-o", str(tmp_path / "ra"), "--jobs", "1", "--fail-fast")
    assert result.exit_code == 1
    assert not (tmp_path / "ra" / "b.docx").exists()
    assert "không có loại văn bản 'khong_co'" in result.output


def test_rerun_does_not_overwrite_without_force(tmp_path: Path) -> None:
    out = tmp_path / "ra"
    assert batch(str(LETTER), "--per-member", "-o", str(out)).exit_code == 0
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    result = batch(str(LETTER), "--per-member", "-o", str(out))
    assert result.exit_code == 2 and "tệp kết quả đã có" in result.output and "--force" in result.output
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == before
    assert batch(str(LETTER), "--per-member", "-o", str(out), "--force").exit_code == 0


def test_same_bytes_on_two_runs_and_with_one_or_two_jobs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers render the documents after the first two when that is worth their start (here forced for "b"
    and "c"); a batch too small for them ("d") is rendered in this process even with --jobs 2."""
    from tdkt_docgen import batch as engine

    pools: list[int] = []
    pooled = engine._pooled

    def counted(tasks: list[engine.Task], *args: Any) -> Any:
        pools.append(len(tasks))
        return pooled(tasks, *args)

    monkeypatch.setattr(engine, "_pooled", counted)
    runs = {}
    for label, jobs, worth in (("a", "1", 0.0), ("b", "2", 0.0), ("c", "2", 0.0), ("d", "2", 1e9)):
        monkeypatch.setattr(engine, "POOL_WORTH_SECONDS", worth)
        result = batch(str(LETTER), "--per-member", "-o", str(tmp_path / label), "--jobs", jobs)
        assert result.exit_code == 0, result.output
        runs[label] = {p.name: p.read_bytes() for p in (tmp_path / label).iterdir()}
    assert runs["a"] == runs["b"] == runs["c"] == runs["d"] and len(runs["a"]) == 7
    assert pools == [5, 5]  # the 7 letters but the first two, which tell what a document costs


def test_zip_holds_every_document_in_order(tmp_path: Path) -> None:
    archive = tmp_path / "ban-tinh.zip"
    result = batch(str(LETTER), "--per-member", "-o", str(tmp_path / "ra"), "--zip", str(archive))
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(archive) as zipped:
        assert zipped.namelist() == [f"cong-van-{s}.docx" for s in SLUGS]
        for name in zipped.namelist():
            assert zipped.read(name) == (tmp_path / "ra" / name).read_bytes()
        assert {i.date_time for i in zipped.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    only_zip = tmp_path / "chi-nen.zip"
    assert batch(str(LETTER), "--per-member", "--zip", str(only_zip)).exit_code == 0
    assert only_zip.read_bytes() == archive.read_bytes()  # the same bytes, with or without the folder
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".tdkt-")]  # no temporary file left


def test_name_pattern(tmp_path: Path) -> None:
    out = tmp_path / "ra"
    assert batch(str(LETTER), "--per-member", "-o", str(out), "--name", "{stt:02d}-{ten}.docx").exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == [f"{i:02d}-{s}.docx" for i, s in enumerate(SLUGS, 1)]
    result = batch(str(LETTER), "--per-member", "-o", str(tmp_path / "x"), "--name", "{tinh}.docx")
    assert result.exit_code == 2 and "mẫu tên tệp '{tinh}.docx' không dùng được" in result.output
    assert "Các trường có: {stt}, {ten}" in result.output


@pytest.mark.parametrize(("args", "expected"), [
    (["fixtures/", "--per-member", "-o", "x"], "--per-member cần đúng một tệp dữ liệu."),
    (["fixtures/cong-van-so-lieu-2023.yaml"], "cần thư mục kết quả (-o) hoặc tệp nén (--zip)."),
    (["khong-co/", "-o", "x"], "khong-co: không tìm thấy tệp hoặc thư mục dữ liệu."),
    (["fixtures/ke-hoach-hoat-dong-2023.yaml", "--per-member", "-o", "x"],
     "loại văn bản 'ke_hoach_hoat_dong' không có bản riêng cho từng thành viên."),
])
def test_bad_arguments(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], expected: str) -> None:
    from .conftest import ROOT

    monkeypatch.chdir(ROOT)
    result = batch(*[a if a != "x" else str(tmp_path / "x") for a in args])
    assert result.exit_code == 2 and expected in result.output and "Traceback" not in result.output
    assert not (tmp_path / "x").exists()


def test_progress_line_on_a_terminal() -> None:
    import io

    from tdkt_docgen.batch import Progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    progress = Progress(63, screen)
    progress.update(1)
    progress.update(63)
    progress.close()
    lines = screen.getvalue().split("\r")
    assert lines[1].startswith("    1/63 văn bản · ") and " văn bản/giây" in lines[1]
    assert lines[2].startswith("   63/63 văn bản · ") and screen.getvalue().endswith("\n")
    quiet = io.StringIO()
    Progress(63, quiet).update(1)
    assert quiet.getvalue() == ""  # not a terminal: no progress line


def test_a_template_is_opened_and_compiled_once_per_process() -> None:
    """What forked workers inherit from the parent's first document: rendering the same template again
    compiles no template text and opens no file again."""
    from tdkt_docgen import load
    from tdkt_docgen.docx.engine import _opened, compiled
    from tdkt_docgen.docx.render import environment, render_docx

    from .conftest import PLEDGE

    document = load(PLEDGE)
    first = render_docx(document.template, document.context())
    texts, opened, read = set(environment()._compiled), _opened.cache_info().misses, compiled.cache_info().misses
    assert render_docx(document.template, document.context()) == first
    assert set(environment()._compiled) == texts
    assert _opened.cache_info().misses == opened
    assert compiled.cache_info().misses == read
