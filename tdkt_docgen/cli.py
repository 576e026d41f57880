"""The command line: a thin click layer over the public API. Messages are Vietnamese.

Each command imports what it uses inside its function, so ``tdkt --help`` and every command start without
paying for the others' modules (docxtpl, pydantic models, openpyxl, pyHanko, the service; issue 20).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from . import interrupt
from .click_vi import Group
from .errors import DocgenError, Position, os_reason
from .vn import format_number

EXAMPLES = """

\b
Ví dụ:
  tdkt render fixtures/cum-7-tinh-mnbg-2023.yaml -o build/bao-cao-tong-ket-2023.docx
  tdkt render du-lieu.yaml -o build/bao-cao.docx --force    # ghi đè tệp đã có
  tdkt render du-lieu.yaml -o build/bao-cao.docx --strict   # dừng nếu số tổng ghi trong tệp không khớp
  tdkt render fixtures/giao-uoc-cum-7-tinh-2024.yaml --signed -o build/giao-uoc-da-ky.docx
  tdkt render fixtures/giao-uoc-cum-7-tinh-2024.yaml --per-member -o build/dang-ky/
  tdkt render fixtures/giao-uoc-cum-7-tinh-2024.yaml -o build/giao-uoc.docx --pdf   # và giao-uoc.pdf
  tdkt render cum.yaml -o build/bao-cao.docx --doi-chieu   # và build/bao-cao.doi-chieu.xlsx
  tdkt render cum.yaml so-lieu/*.xlsx -o build/bao-cao.docx   # số liệu từ tệp Excel của từng tỉnh
  tdkt render quyet-dinh.yaml danh-sach.xlsx -t quyet-dinh-mau.docx -o quyet-dinh.docx   # mẫu và dữ liệu riêng
"""


@click.group("tdkt", cls=Group, document_commands=("render", "batch"),
             help="tdkt-docgen: soạn văn bản thi đua, khen thưởng theo Nghị định 30/2020/NĐ-CP.")
@click.version_option(package_name="tdkt-docgen", message="%(prog)s %(version)s")
def main() -> None:
    pass


@main.command("render", help="Tạo văn bản .docx từ một tệp dữ liệu (YAML hoặc JSON); báo cáo tổng kết có thể kèm các "
                            "tệp số liệu Excel của từng thành viên (gộp vào số liệu của Cụm). Với mẫu riêng (-t) "
                            "và dữ liệu không có 'loai': mọi trường của các tệp dữ liệu (YAML, JSON, danh sách "
                            "Excel, CSV) đều dùng được trong mẫu." + EXAMPLES)
@click.argument("data_file", metavar="TỆP_DỮ_LIỆU", type=click.Path(path_type=Path))
@click.argument("workbooks", metavar="[TỆP_KHÁC…]", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", "out", type=click.Path(path_type=Path), help="Tệp .docx kết quả "
              "(mặc định: tên tệp dữ liệu, đuôi .docx, trong thư mục hiện tại).")
@click.option("--force", is_flag=True, help="Ghi đè tệp kết quả nếu đã có.")
@click.option("--strict", is_flag=True, help="Coi số tổng không khớp là lỗi (không tạo văn bản).")
@click.option("-t", "--template", type=click.Path(path_type=Path), help="Dùng tệp mẫu .docx khác mẫu có sẵn.")
@click.option("--signed", is_flag=True, help="Đặt ảnh chữ ký và con dấu của các bên (nếu tệp dữ liệu có).")
@click.option("--per-member", is_flag=True, help="Mỗi thành viên một văn bản riêng; -o là thư mục kết quả.")
@click.option("--pdf", is_flag=True, help="Tạo thêm tệp PDF cùng tên bên cạnh tệp .docx (cần LibreOffice).")
@click.option("--doi-chieu", "doi_chieu", is_flag=True,
              help="Tạo thêm bảng đối chiếu số liệu TÊN.doi-chieu.xlsx bên cạnh tệp .docx: mỗi số in trong văn bản "
                   "một dòng, với vị trí, giá trị, trường dữ liệu (tệp, dòng) hoặc cách tính và các thành phần.")
def render_command(data_file: Path, workbooks: tuple[Path, ...], out: Path | None, force: bool, strict: bool,
                   template: Path | None, signed: bool, per_member: bool, pdf: bool, doi_chieu: bool) -> None:
    try:
        if per_member and doi_chieu:
            raise DocgenError("--doi-chieu chỉ dùng cho một văn bản, chưa dùng cùng --per-member.", None,
                              "Bỏ --per-member, hoặc bỏ --doi-chieu.")
        if per_member:
            from .batch import render_per_member

            document, written = render_per_member(data_file, out or Path(data_file.stem), force=force,
                                                  template=template, pdf=pdf, workbooks=workbooks)
        else:
            out = out or Path(data_file.stem + ".docx")
            from .pipeline import render as render_document
            from .pipeline import sheet_path

            written = [out, *([out.with_suffix(".pdf")] if pdf else []), *([sheet_path(out)] if doi_chieu else [])]
            interrupt.plan(*written)
            document = render_document(data_file, out, force=force, strict=strict, template=template,
                                       signed=signed, pdf=pdf, workbooks=workbooks, doi_chieu=doi_chieu)
    except DocgenError as error:
        _fail(error)
    _notes(document.notes)
    for warning in document.warnings:
        click.echo(f"Cảnh báo: {warning}", err=True)
    for mismatch in document.mismatches:
        click.echo(f"Cảnh báo: {mismatch}", err=True)
    for path in written:
        click.echo(f"Đã tạo {path}")


def _notes(notes: Any) -> None:
    for note in notes:
        click.echo(f"Ghi chú: {note}", err=True)


BATCH_EXAMPLES = """

\b
Ví dụ:
  tdkt batch du-lieu/ -o build/van-ban/                      # mỗi tệp dữ liệu trong thư mục một văn bản
  tdkt batch fixtures/cong-van-so-lieu-2023.yaml --per-member -o build/cong-van/ --zip build/cong-van.zip
  tdkt batch du-lieu/ -o build/ --name "{stt:02d}-{ten}.docx" --jobs 2
  tdkt batch fixtures/cong-van-so-lieu-2023.yaml --per-member -o build/cong-van/ --pdf
  tdkt batch cum.yaml so-lieu/*.xlsx --per-member -o build/bao-cao-tinh/   # số liệu từ tệp Excel của từng tỉnh
  tdkt batch danh-sach.xlsx giay-khen.yaml -t giay-khen-mau.docx -o giay-khen/ --name "{stt:03d}-{ho_ten}.docx"
"""


def _fail(error: DocgenError) -> NoReturn:
    for line in str(error).splitlines():
        click.echo(f"Lỗi: {line}", err=True)
    sys.exit(2)


@main.command("batch", help="Tạo nhiều văn bản một lần: mỗi tệp dữ liệu (trong thư mục hoặc danh sách) một văn "
                            "bản, mỗi thành viên của một tệp một văn bản (--per-member), hoặc với mẫu riêng (-t) "
                            "mỗi dòng của một danh sách (Excel, CSV, YAML/JSON) một văn bản; các tệp YAML/JSON "
                            "đi kèm danh sách cho các trường chung (người ký, ngày, số quyết định)." + BATCH_EXAMPLES)
@click.argument("inputs", metavar="DỮ_LIỆU…", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "folder", type=click.Path(path_type=Path), help="Thư mục kết quả.")
@click.option("--per-member", is_flag=True, help="Mỗi thành viên của tệp dữ liệu một văn bản.")
@click.option("--zip", "zip_path", type=click.Path(path_type=Path), help="Ghi thêm (hoặc chỉ ghi) vào một tệp .zip.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=os.cpu_count() or 1, show_default=True,
              help="Số tiến trình chạy song song (mặc định: số nhân CPU).")
@click.option("--name", "pattern", help="Mẫu tên tệp, ví dụ \"{stt:02d}-{ten}.docx\" (trường có: {stt}, {ten}).")
@click.option("--force", is_flag=True, help="Ghi đè các tệp kết quả đã có.")
@click.option("--fail-fast", is_flag=True, help="Dừng ngay ở văn bản lỗi đầu tiên.")
@click.option("--signed", is_flag=True, help="Đặt ảnh chữ ký và con dấu (giao ước thi đua).")
@click.option("-t", "--template", type=click.Path(path_type=Path), help="Dùng tệp mẫu .docx khác mẫu có sẵn.")
@click.option("--pdf", is_flag=True, help="Tạo thêm tệp PDF của mỗi văn bản (một tiến trình LibreOffice cho cả đợt).")
def batch_command(inputs: tuple[Path, ...], folder: Path | None, per_member: bool, zip_path: Path | None, jobs: int,
                  pattern: str | None, force: bool, fail_fast: bool, signed: bool, template: Path | None,
                  pdf: bool) -> None:
    from . import batch
    from .data import records

    try:
        if folder is None and zip_path is None:
            raise DocgenError("cần thư mục kết quả (-o) hoặc tệp nén (--zip).")
        tables = [p for p in inputs if template is not None and not per_member and records.is_table(p)]
        if len(tables) > 1:
            raise DocgenError(f"chỉ dùng được một danh sách cho mỗi lần chạy (có {len(tables)}: "
                              f"{', '.join(map(str, tables))}).", None, "Chạy riêng từng danh sách.")
        files, workbooks = ([], ()) if tables else batch.split_workbooks(inputs)
        if tables:
            shared = tuple(p for p in inputs if p != tables[0])
            rows, tasks = batch.plan_rows(tables[0], shared, pattern, template)  # type: ignore[arg-type]
            _notes(rows.notes)
        elif per_member:
            if len(files) != 1 or files[0].is_dir():
                raise DocgenError("--per-member cần đúng một tệp dữ liệu.", None,
                                  "Ví dụ: tdkt batch du-lieu.yaml --per-member -o build/")
            document, tasks = batch.plan_members(files[0], pattern, signed, workbooks)
            for warning in document.warnings:
                click.echo(f"Cảnh báo: {warning}", err=True)
        else:
            tasks = batch.plan_files(batch.data_files(files), pattern, workbooks)
        summary = batch.run(tasks, folder=folder, zip_path=zip_path, jobs=jobs, force=force, fail_fast=fail_fast,
                            signed=signed, template=template, on_failure=_report_failure, pdf=pdf,
                            waiting=lambda: click.echo(f"Thư mục {folder} đang được một lần chạy khác ghi vào; chờ "
                                                       "lần đó xong…", err=True))
    except DocgenError as error:
        _fail(error)
    seconds = max(summary.seconds, 1e-9)
    where = ", ".join(str(p) for p in (folder, zip_path) if p is not None)
    pdfs = f" và {summary.pdfs} tệp PDF" if pdf else ""
    click.echo(f"Đã tạo {len(summary.written)}/{len(tasks)} văn bản{pdfs} vào {where} trong "
               f"{format_number(round(summary.seconds, 1))} giây "
               f"({format_number(round(len(summary.written) / seconds, 1))} văn bản/giây).")
    if summary.failed:
        click.echo(f"{len(summary.failed)} văn bản lỗi, không được tạo: "
                   f"{', '.join(r.task.label for r in summary.failed)}.", err=True)
    if summary.pdf_failed:
        click.echo(f"{len(summary.pdf_failed)} văn bản không tạo được PDF: "
                   f"{', '.join(r.task.label for r in summary.pdf_failed)}.", err=True)
    sys.exit(summary.exit_code)


def _report_failure(result: Any) -> None:
    for message in result.errors:
        click.echo(f"Lỗi ({result.task.label}): {message}", err=True)


CHECK_EXAMPLES = """

\b
Ví dụ:
  tdkt check build/bao-cao-tong-ket-2023.docx
  tdkt check van-ban/*.docx --format json > ket-qua.json
"""


@main.command("check", help="Kiểm tra thể thức văn bản .docx (của tdkt hay của bất kỳ ai) theo Nghị định "
                            "30/2020/NĐ-CP. Mã thoát 1 nếu có lỗi." + CHECK_EXAMPLES)
@click.argument("files", metavar="TỆP.docx…", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Kiểu kết quả: văn bản cho người đọc, json cho máy.")
def check_command(files: tuple[Path, ...], fmt: str) -> None:
    import json

    from .check.conformance import ERROR, check_document, not_administrative

    results = {}
    outside: dict[Path, str] = {}  # not administrative documents: Decree 30 does not apply
    try:
        for path in files:
            if not path.exists():
                raise DocgenError("không tìm thấy tệp.", Position(path))
            kind = not_administrative(path)
            if kind is not None:
                outside[path] = kind
            results[path] = [] if kind is not None else check_document(path)
    except DocgenError as error:
        _fail(error)
    if fmt == "json":
        click.echo(json.dumps([{"tep": str(path), "van_ban_hanh_chinh": path not in outside,
                                **({"loai": outside[path]} if path in outside else {}),
                                "phat_hien": [f.as_dict() for f in found]}
                               for path, found in results.items()], ensure_ascii=False, indent=2))
    else:
        for path, found in results.items():
            if path in outside:
                click.echo(f"{path}: {outside[path]} không phải văn bản hành chính; thể thức theo Nghị định "
                           f"30/2020/NĐ-CP không áp dụng, không kiểm tra.")
                continue
            errors = sum(f.severity == ERROR for f in found)
            click.echo(f"{path}: {errors} lỗi, {len(found) - errors} cảnh báo")
            for finding in found:
                click.echo(f"  {finding}")
    sys.exit(1 if any(f.severity == ERROR for found in results.values() for f in found) else 0)


TEMPLATE_EXAMPLES = """

\b
Ví dụ:
  tdkt lint mau-cua-toi.docx
  tdkt lint mau-cua-toi.docx --data fixtures/cum-7-tinh-mnbg-2023.yaml   # cả biến mà dữ liệu không có
  tdkt vars templates/cong_van.docx --data fixtures/cong-van-so-lieu-2023.yaml
  tdkt vars mau-cua-toi.docx --kind bao_cao_tong_ket   # đối chiếu với dữ liệu mẫu của loại văn bản
"""


def _kind_context(data: tuple[Path, ...], kind: str | None, template: Path) -> dict[str, Any] | None:
    """The context data files (or a kind's bundled example) give a template, or None without either. Own
    data (no 'loai', or a table) gives every field, and a table's first row's fields too."""
    from . import load, own
    from .examples import example_path

    if kind is not None:
        return dict(load(example_path(kind)).context())
    if not data:
        return None
    document = load(data[0], workbooks=data[1:], template=template)
    if document.own:
        return own.lint_context(list(data), template)
    return dict(document.context())


@main.command("lint", help="Tìm mọi lỗi của một tệp mẫu .docx (thẻ sai, thẻ chưa đóng, bộ lọc không có, biến "
                           "không có) và chỉ ra vị trí trong Word. Mã thoát 1 nếu có lỗi." + TEMPLATE_EXAMPLES)
@click.argument("template", metavar="MẪU.docx", type=click.Path(path_type=Path))
@click.option("--data", multiple=True, type=click.Path(path_type=Path),
              help="Tệp dữ liệu: kiểm tra cả các biến mà dữ liệu không có (ghi nhiều lần cho danh sách và tệp "
                   "trường chung).")
@click.option("--kind", help="Loại văn bản (bao_cao_tong_ket, giao_uoc, …): đối chiếu với dữ liệu mẫu của loại đó.")
def lint_command(template: Path, data: tuple[Path, ...], kind: str | None) -> None:
    from . import own
    from .docx.template_lint import lint

    try:
        if not template.exists():
            raise DocgenError("không tìm thấy tệp mẫu.", Position(template))
        own_data = _is_own(data, template)
        problems = (own.lint_problems(template, list(data)) if own_data and kind is None
                    else lint(template, _kind_context(data, kind, template), nested=own_data))
        refused = own.dry_run(list(data), template) if own_data and not problems else []
    except DocgenError as error:
        _fail(error)
    for problem in problems:
        click.echo(f"Lỗi: {problem.error(template)}")
    for line in refused:
        click.echo(f"Lỗi: {line}")
    click.echo(f"{template}: {len(problems) + len(refused)} lỗi.")
    sys.exit(1 if problems or refused else 0)


@main.command("vars", help="Liệt kê các biến mà tệp mẫu dùng (có lồng nhau, ví dụ thanh_vien[].ten); với --data, "
                           "chỉ ra biến nào dữ liệu không có." + TEMPLATE_EXAMPLES)
@click.argument("template", metavar="MẪU.docx", type=click.Path(path_type=Path))
@click.option("--data", multiple=True, type=click.Path(path_type=Path),
              help="Tệp dữ liệu để đối chiếu (ghi nhiều lần được); danh sách Excel, CSV: in cả tên trường của "
                   "từng cột.")
@click.option("--kind", help="Loại văn bản (bao_cao_tong_ket, giao_uoc, …): đối chiếu với dữ liệu mẫu của loại đó.")
def vars_command(template: Path, data: tuple[Path, ...], kind: str | None) -> None:
    from . import own
    from .data import records
    from .docx.template_lint import missing_paths, template_variables

    try:
        if not template.exists():
            raise DocgenError("không tìm thấy tệp mẫu.", Position(template))
        context = _kind_context(data, kind, template)  # a wrong --kind or --data is said before the template
        names = template_variables(template)
        for path in data:
            if records.is_table(path):
                click.echo(f"Các cột của {path} (tiêu đề → tên trường dùng trong mẫu):")
                for heading, name in own.headings(path):
                    click.echo(f"  {heading} → {name}")
    except DocgenError as error:
        _fail(error)
    missing = set(missing_paths(list(names), context)) if context is not None else set()
    for name, spot in names.items():
        mark = "  ← dữ liệu không có" if name in missing else ""
        click.echo(f"{name}    ({spot}){mark}")
    if context is not None:
        click.echo(f"{len(names)} biến; {len(missing)} biến dữ liệu không có.")
    sys.exit(1 if missing else 0)


def _is_own(data: tuple[Path, ...], template: Path) -> bool:
    from . import own
    from .data import load as data_files
    from .data import records

    if not data:
        return False
    return records.is_table(data[0]) or own.wants_own(data_files.parse(data[0])[0], template)


INIT_EXAMPLES = """

\b
Ví dụ:
  tdkt init bao_cao --xlsx -o mau-so-lieu.xlsx     # tệp Excel để mỗi tỉnh điền số liệu báo cáo tổng kết
  tdkt init bao_cao --xlsx --data cum.yaml -o mau-so-lieu.xlsx   # năm và danh sách tỉnh lấy từ tệp của Cụm
  tdkt init bao_cao_tong_ket -o du-lieu/bao-cao-2025.yaml
  tdkt init giao_uoc -o du-lieu/giao-uoc.yaml      # kèm thư mục anh-ky/ với ảnh chữ ký, con dấu mẫu
  tdkt init van_ban -o bao-cao.yaml                # văn bản chung: đề mục, bảng, phụ lục do tệp dữ liệu quyết định
  tdkt init van_ban_kinh_gui -o bao-cao.yaml       # văn bản chung có "Kính gửi"
  tdkt init bao_cao_don_vi -o bao-cao-tinh.yaml    # báo cáo riêng của một tỉnh, huyện, sở
  tdkt init bao_cao_cum_huyen -o cum-huyen.yaml    # báo cáo của cụm thi đua các huyện
  tdkt render du-lieu/bao-cao-2025.yaml -o build/bao-cao-2025.docx
  tdkt init quyet_dinh_khen_thuong -o khen-thuong/   # mẫu riêng: quyết định khen thưởng, danh sách Excel
  tdkt init giay_khen -o khen-thuong/              # mẫu riêng: giấy khen, mỗi người trong danh sách một bản
"""


@main.command("init", help="Tạo một tệp dữ liệu mẫu (YAML, có chú thích) cho một loại văn bản, dùng được ngay: "
                           "sửa số liệu và câu chữ rồi chạy tdkt render." + INIT_EXAMPLES)
@click.argument("kind", metavar="LOẠI_VĂN_BẢN")
@click.option("-o", "--output", "out", type=click.Path(path_type=Path),
              help="Tệp .yaml sẽ tạo (mặc định: LOẠI_VĂN_BẢN.yaml trong thư mục hiện tại); với mẫu riêng "
                   "(quyet_dinh_khen_thuong, giay_khen): thư mục sẽ chứa mẫu, dữ liệu và danh sách.")
@click.option("--force", is_flag=True, help="Ghi đè tệp đã có.")
@click.option("--xlsx", is_flag=True, help="Báo cáo tổng kết: tạo tệp Excel để mỗi thành viên điền số liệu.")
@click.option("--nam", type=click.IntRange(2000, 2100), help="Với --xlsx: năm báo cáo (mặc định: năm nay từ tháng "
                                                             "10, trước đó là năm trước).")
@click.option("--data", "cluster", type=click.Path(path_type=Path),
              help="Với --xlsx: tệp dữ liệu của Cụm; lấy năm và danh sách thành viên để chọn.")
def init_command(kind: str, out: Path | None, force: bool, xlsx: bool, nam: int | None, cluster: Path | None) -> None:
    from . import output, schema
    from .examples import example_path, image_folder, known_example, known_kind, own_example

    try:
        own_name = None if xlsx else own_example(kind)
        if own_name is not None:
            _init_own(own_name, out or Path("."), force)
            return
        kind = known_kind(kind) if xlsx else known_example(kind)
        if xlsx:
            _init_workbook(kind, out, force, nam, cluster)
            return
        target = out or Path(f"{kind}.yaml")
        output.check_writable(target, force, (".yaml", ".yml"))
        content = schema.installed_directive(example_path(kind).read_text("utf-8"))
        images = target.parent / "anh-ky"
        interrupt.plan(target, *([f"{images}/"] if kind == "giao_uoc" else []))
        staged = output.stage_folder(image_folder(), images) if kind == "giao_uoc" else None
        try:
            output.write_atomic(target, content.encode("utf-8"), force, suffixes=(".yaml", ".yml"))
            output.place_folder(staged, images)
        finally:
            output.discard_folder(staged if staged is not None and staged.exists() else None)
        if staged is not None:
            click.echo(f"Đã chép ảnh chữ ký, con dấu mẫu vào {images}/")
    except DocgenError as error:
        _fail(error)
    click.echo(f"Đã tạo {target}. Sửa số liệu, câu chữ rồi chạy: tdkt render {target} -o "
               f"{target.with_suffix('.docx')}")


SCHEMA_EXAMPLES = """

\b
Ví dụ:
  tdkt schema van_ban -o van_ban.schema.json    # rồi ghi ở dòng đầu tệp dữ liệu:
                                                # # yaml-language-server: $schema=van_ban.schema.json
  tdkt schema bao_cao_tong_ket                   # in ra màn hình
"""


@main.command("schema", help="Ghi JSON Schema của tệp dữ liệu một loại văn bản (tên trường, kiểu, giải thích), để "
                             "trình soạn thảo (VS Code với YAML) gợi ý và kiểm tra trường ngay khi gõ."
                             + SCHEMA_EXAMPLES)
@click.argument("kind", metavar="LOẠI_VĂN_BẢN")
@click.option("-o", "--output", "out", type=click.Path(path_type=Path), help="Tệp .json sẽ ghi (mặc định: in ra).")
@click.option("--force", is_flag=True, help="Ghi đè tệp đã có.")
def schema_command(kind: str, out: Path | None, force: bool) -> None:
    from . import schema
    from .examples import known_kind
    from .output import write_atomic

    try:
        content = schema.text(known_kind(kind))
        if out is None:
            click.echo(content, nl=False)
            return
        write_atomic(out, content.encode("utf-8"), force, suffixes=(".json",))
    except DocgenError as error:
        _fail(error)
    click.echo(f"Đã ghi {out}.", err=True)


PDF_EXAMPLES = """

\b
Ví dụ:
  tdkt pdf build/giao-uoc.docx                  # ghi build/giao-uoc.pdf
  tdkt pdf build/van-ban/*.docx -o build/pdf/   # nhiều tệp, một tiến trình LibreOffice
"""


@main.command("pdf", help="Chuyển tệp .docx sang PDF bằng LibreOffice (chạy ngầm, một tiến trình cho mọi tệp). "
                          "Giao ước thi đua có sẵn ô ký số của từng thành viên. Mã thoát 1 nếu có tệp không "
                          "chuyển được." + PDF_EXAMPLES)
@click.argument("files", metavar="TỆP.docx…", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "folder", type=click.Path(path_type=Path),
              help="Thư mục ghi tệp PDF (mặc định: cạnh mỗi tệp .docx).")
@click.option("--force", is_flag=True, help="Ghi đè tệp PDF đã có.")
@click.option("--timeout", type=click.FloatRange(min=1), default=120, show_default=True,
              help="Số giây tối đa cho một tệp; quá thời gian thì thử lại một lần rồi bỏ qua tệp đó.")
def pdf_command(files: tuple[Path, ...], folder: Path | None, force: bool, timeout: float) -> None:
    from .data.reading import read_bytes
    from .docx.docx_view import open_docx
    from .output import check_writable, refuse_inputs, write_atomic
    from .pdf import convert as pdf

    try:
        targets = [(folder or path.parent) / f"{path.stem}.pdf" for path in files]
        refuse_inputs(targets, files)
        if len(set(targets)) < len(targets):
            raise DocgenError("hai tệp cùng tên sẽ ghi đè PDF của nhau trong cùng thư mục.", None,
                              "Chuyển từng thư mục một, hoặc đổi tên tệp.")
        interrupt.plan(*targets)
        contents = []
        for path, target in zip(files, targets, strict=True):
            open_docx(path, DocgenError, "tệp")
            check_writable(target, force, (".pdf",))
            contents.append(read_bytes(path, "tệp", DocgenError))
        pdf.check_installed()
        failed = 0
        for result in pdf.convert(contents, timeout):
            source, target = files[result.index], targets[result.index]
            if result.pdf is None:
                failed += 1
                click.echo(f"Lỗi: {source}: {result.error}", err=True)
            else:
                write_atomic(target, result.pdf, force, (".pdf",))
                click.echo(f"Đã tạo {target}")
    except DocgenError as error:
        _fail(error)
    sys.exit(1 if failed else 0)


PASSWORD_ENV = "TDKT_MAT_KHAU"

SIGN_EXAMPLES = f"""

\b
Ví dụ:
  tdkt sign giao-uoc.pdf --cert son-la.p12 --field "Sơn La" --image chu-ky.png --seal con-dau.png
  {PASSWORD_ENV}=… tdkt sign giao-uoc.pdf --cert lai-chau.p12 --field lai-chau
  tdkt verify giao-uoc.pdf --ca ca-goc.pem
"""


@main.command("sign", help="Ký số tệp PDF (PAdES) vào ô ký của một thành viên, ký nối tiếp: chữ ký trước vẫn "
                           "hợp lệ. Mật khẩu tệp chứng thư số lấy từ biến môi trường "
                           f"{PASSWORD_ENV} hoặc được hỏi khi chạy (không bao giờ ghi trên dòng lệnh)." + SIGN_EXAMPLES)
@click.argument("file", metavar="TỆP.pdf", type=click.Path(path_type=Path))
@click.option("--cert", required=True, type=click.Path(path_type=Path), help="Tệp chứng thư số .p12 hoặc .pfx.")
@click.option("--field", required=True, help="Ô ký: tên thành viên (\"Sơn La\", hoặc không dấu: son-la).")
@click.option("--image", type=click.Path(path_type=Path), help="Ảnh chữ ký (PNG nền trong suốt), đặt giữa ô ký.")
@click.option("--seal", type=click.Path(path_type=Path), help="Ảnh con dấu (PNG), trùm 1/3 bên trái ảnh chữ ký.")
@click.option("--seal-mm", type=click.FloatRange(min=10, max=60), default=36, show_default=True,
              help="Đường kính (chiều rộng) thật của con dấu, mm.")
@click.option("--tsa", metavar="URL", help="Dịch vụ cấp dấu thời gian (RFC 3161) của tổ chức cung cấp dịch vụ "
                                           "chứng thực: dấu thời gian chứng minh thời điểm ký, nên chữ ký vẫn được "
                                           "công nhận sau khi chứng thư số hết hạn.")
@click.option("-o", "--output", "out", type=click.Path(path_type=Path),
              help="Ghi bản đã ký ra tệp khác (mặc định: ký thêm vào chính tệp này).")
@click.option("--force", is_flag=True, help="Ghi đè tệp -o đã có.")
def sign_command(file: Path, cert: Path, field: str, image: Path | None, seal: Path | None, seal_mm: float,
                 tsa: str | None, out: Path | None, force: bool) -> None:
    from . import output
    from .pdf import signing

    try:
        if out is not None:
            output.refuse_inputs([out], [file, cert, image, seal])
            output.check_writable(out, force, (".pdf",))
        if tsa is not None and not tsa.startswith(("http://", "https://")):
            raise DocgenError(f"--tsa '{tsa}' không phải địa chỉ http:// hay https://.", None,
                              "Ghi địa chỉ dịch vụ cấp dấu thời gian do tổ chức cung cấp dịch vụ chứng thực công bố.")
        content, reader = signing.read_pdf(file)
        signing.find_field(reader, field, file)
        appearance = signing.Appearance(image, seal, seal_mm)
        signing.check_images(appearance)
        signing.read_certificate_file(cert)
        signer = signing.load_signer(cert, _password(cert))
        interrupt.plan(out or file)
        with output.locked(file, signing.SigningError, waiting=lambda: click.echo(
                f"Tệp {file} đang được ký ở một lần chạy khác; chờ lần đó xong…", err=True)):
            content, reader = signing.read_pdf(file)  # again: another run may have signed it meanwhile
            name = signing.find_field(reader, field, file)
            signed = signing.sign(content, name, signer, appearance, certificate_file=cert, timestamp_url=tsa,
                                  warn=lambda message: click.echo(message, err=True))
            if out is None:
                output.replace_in_place(file, content, signed)
            else:
                output.write_atomic(out, signed, force, (".pdf",))
            click.echo(f"Đã ký ô '{name}' vào {out or file}.")
    except DocgenError as error:
        _fail(error if error.position is not None else DocgenError(error.message, Position(file), error.hint))


def _password(cert: Path) -> str:
    """The certificate's password from the environment, or asked on the terminal (never on the command line);
    without a terminal, the first line of the standard input (getpass would warn in English that it echoes)."""
    import warnings
    from getpass import GetPassWarning

    password = os.environ.get(PASSWORD_ENV)
    if password is not None:
        return password
    if not sys.stdin.isatty():
        click.echo(f"Mật khẩu của {cert}: ", err=True, nl=False)
        line = sys.stdin.readline()
        click.echo(err=True)
        if not line:
            raise DocgenError("cần mật khẩu của tệp chứng thư số mà không hỏi được (không có bàn phím).",
                              Position(cert), f"Đặt mật khẩu vào biến môi trường {PASSWORD_ENV} rồi chạy lại.")
        return line.rstrip("\r\n")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", GetPassWarning)
            return str(click.prompt(f"Mật khẩu của {cert}", hide_input=True, default="", show_default=False,
                                    err=True))
    except click.Abort:
        raise DocgenError("cần mật khẩu của tệp chứng thư số mà không hỏi được (không có bàn phím).",
                          Position(cert), f"Đặt mật khẩu vào biến môi trường {PASSWORD_ENV} rồi chạy lại.") from None


@main.command("verify", help="Kiểm tra mọi chữ ký số của tệp PDF: ô ký, người ký, thời điểm (theo dấu thời "
                             "gian), nội dung còn nguyên vẹn không, có bị sửa sau khi ký không (chỉ được thêm "
                             "chữ ký vào ô ký sẵn có), chứng thư số có hiệu lực, đúng mục đích và chưa bị thu hồi "
                             "không. Mã thoát 0: mọi chữ ký hợp lệ và do nơi tin cậy (--ca) cấp; 1: có chữ ký "
                             "hỏng, bị sửa sau khi ký, chứng thư hết hạn, bị thu hồi hoặc không tin cậy, hoặc tệp "
                             "bị sửa sau chữ ký cuối; 3: chữ ký nguyên vẹn nhưng chưa xác định được độ tin cậy "
                             "(không có --ca, hoặc không kiểm tra được tình trạng thu hồi)." + SIGN_EXAMPLES)
@click.argument("file", metavar="TỆP.pdf", type=click.Path(path_type=Path))
@click.option("--ca", "trust", multiple=True, type=click.Path(path_type=Path),
              help="Chứng thư gốc tin cậy (.pem, .cer); có thể ghi nhiều lần. Có thì kiểm tra cả chuỗi chứng thư.")
def verify_command(file: Path, trust: tuple[Path, ...]) -> None:
    from .pdf import signing

    try:
        _, reader = signing.read_pdf(file)
        result = signing.verify(reader, list(trust))
    except signing.Damaged as error:
        where = "" if error.position else f"{file}: "
        click.echo(f"Lỗi: {where}{error} Không kiểm tra được chữ ký nào: coi như KHÔNG HỢP LỆ.", err=True)
        sys.exit(1)
    except DocgenError as error:
        _fail(error)
    for report in result.signatures:
        for line in report.lines():
            click.echo(line)
    if result.unsigned:
        click.echo(f"Ô chưa ký: {', '.join(result.unsigned)}.")
    if not result.signatures:
        click.echo(f"{file}: không có chữ ký số nào.")
    elif result.modified_after_last:
        click.echo(f"{file}: tệp đã bị sửa sau chữ ký cuối cùng (phần thêm vào không được ký).")
    click.echo(result.summary(str(file)))
    sys.exit(result.exit_code)


def _init_own(kind: str, folder: Path, force: bool) -> None:
    """An own-template example into ``folder``: its template, data, Excel list and the list's schema; none
    is written when one exists (without ``force``)."""
    from .examples import own_example_files
    from .output import check_writable, write_atomic

    if (folder.exists() and not folder.is_dir()) or folder.suffix.lower() in (".yaml", ".yml", ".json", ".docx"):
        raise DocgenError("với mẫu riêng, -o là thư mục sẽ chứa mẫu và dữ liệu, không phải tên một tệp.",
                          Position(folder), f"Ví dụ: tdkt init {kind} -o khen-thuong/")
    files = [(folder / source.name, source) for source in own_example_files(kind)]
    check_writable(files[0][0], force)  # the template; the data files the other example shares are kept
    for target, source in files:
        if target.exists() and not force and target != files[0][0]:
            click.echo(f"Giữ nguyên {target} (đã có).")
            continue
        write_atomic(target, source.read_bytes(), force, (target.suffix,))
        click.echo(f"Đã tạo {target}")
    template, data, table = (files[i][0] for i in range(3))
    if kind == "giay_khen":
        click.echo(f"Sửa danh sách, thông tin chung rồi chạy: tdkt batch {table} {data} -t {template} -o "
                   f"{folder / 'giay-khen'}/ --name \"{{stt:03d}}-{{ho_ten}}.docx\"")
    else:
        click.echo(f"Sửa dữ liệu, danh sách rồi chạy: tdkt render {data} {table} -t {template} -o "
                   f"{folder / 'quyet-dinh.docx'}")


def _init_workbook(kind: str, out: Path | None, force: bool, year: int | None, cluster: Path | None) -> None:
    """The data-collection workbook of the yearly report, for one member to fill."""
    from .data import workbook
    from .data.load import load as load_data
    from .output import refuse_inputs, write_atomic

    if kind != "bao_cao_tong_ket":
        raise DocgenError(f"chỉ báo cáo tổng kết có tệp Excel số liệu (--xlsx), không có cho '{kind}'.", None,
                          "Ví dụ: tdkt init bao_cao --xlsx -o mau-so-lieu.xlsx")
    members: list[str] = []
    if cluster is not None:
        source = load_data(cluster)
        members = [str(m.get("ten")) for m in source.data.get("thanh_vien") or [] if isinstance(m, dict)]
        stated = source.data.get("nam")
        year = year or (stated if isinstance(stated, int) else None)
    year = year or workbook.default_year()
    target = out or Path("mau-so-lieu.xlsx")
    refuse_inputs([target], [cluster])
    write_atomic(target, workbook.blank(year, members), force, suffixes=(".xlsx",))
    click.echo(f"Đã tạo {target} (số liệu năm {year}). Gửi mỗi thành viên một bản để điền; gộp lại bằng: "
               f"tdkt merge cum.yaml so-lieu/*.xlsx -o cum-{year}.yaml")


MERGE_EXAMPLES = """

\b
Ví dụ:
  tdkt merge cum.yaml so-lieu/*.xlsx -o cum-2023.yaml
  tdkt render cum-2023.yaml -o build/bao-cao-2023.docx
  tdkt render cum.yaml so-lieu/*.xlsx -o build/bao-cao-2023.docx   # gộp và tạo văn bản một lần
"""


@main.command("merge", help="Gộp số liệu trong các tệp Excel của từng thành viên vào tệp dữ liệu của Cụm, sau "
                            "khi kiểm tra: ô bắt buộc, số gõ sai, tổng không khớp, phần lớn hơn tổng, thành viên "
                            "thiếu hoặc trùng, tệp khác năm, khác mẫu. Có lỗi thì không ghi gì." + MERGE_EXAMPLES)
@click.argument("cluster", metavar="CỤM.yaml", type=click.Path(path_type=Path))
@click.argument("workbooks", metavar="SỐ_LIỆU.xlsx…", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "out", required=True, type=click.Path(path_type=Path),
              help="Tệp dữ liệu (.yaml) đã gộp.")
@click.option("--force", is_flag=True, help="Ghi đè tệp kết quả đã có.")
def merge_command(cluster: Path, workbooks: tuple[Path, ...], out: Path, force: bool) -> None:
    from . import from_source
    from .data import load as data
    from .data import merge
    from .output import check_writable, refuse_inputs, write_atomic

    try:
        refuse_inputs([out], [cluster, *workbooks])
        check_writable(out, force, (".yaml", ".yml"))
        interrupt.plan(out)
        source = data.load(cluster)
        warnings = merge.merge_into(source, workbooks)
        content = merge.to_yaml(source, workbooks)
        document = from_source(source)  # the merged data must make a document before it is written
        write_atomic(out, content, force, (".yaml", ".yml"))
    except DocgenError as error:
        _fail(error)
    for warning in warnings:
        click.echo(f"Cảnh báo: {warning}", err=True)
    for mismatch in document.mismatches:
        click.echo(f"Cảnh báo: {mismatch}", err=True)
    click.echo(f"Đã gộp số liệu của {len(workbooks)} tệp vào {out}.")


SERVE_EXAMPLES = """

\b
Ví dụ:
  tdkt serve                                  # mở http://127.0.0.1:8000/ trên máy này
  tdkt serve --add-user ha-giang --office "Sở Nội vụ Hà Giang" --member "Hà Giang"   # tài khoản của thành viên
  tdkt serve --host 0.0.0.0 --port 8000      # cho máy khác trong mạng dùng: cần đăng nhập
  tdkt serve --host 0.0.0.0 --port 8443 --cert chung-thu.pem --key khoa.pem   # HTTPS
  TDKT_QUEUE_URL=redis://10.0.0.5:6379/0 TDKT_FILES=/mnt/tdkt tdkt serve --host 0.0.0.0   # web, hàng đợi Redis
"""


def _service_environment(host: str | None, data_dir: Path | None) -> None:
    """The options become the settings every process of the service reads (settings.py)."""
    if host is not None:
        os.environ["TDKT_HOST"] = host
    if data_dir is not None:
        os.environ["TDKT_DATA_DIR"] = str(data_dir.resolve())


@main.command("serve", help="Chạy dịch vụ web: trang cho thư ký và API (/docs), hàng đợi công việc và bộ xử lý "
                            "trong cùng tiến trình. Mặc định chỉ máy này dùng được (127.0.0.1); với --host khác "
                            "thì phải đăng nhập." + SERVE_EXAMPLES)
@click.option("--host", default="127.0.0.1", show_default=True, help="Địa chỉ nghe.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Cổng.")
@click.option("--data-dir", type=click.Path(path_type=Path), help="Thư mục dữ liệu của dịch vụ "
              "(mặc định: thư mục dữ liệu của người dùng, ví dụ ~/.local/share/tdkt).")
@click.option("--add-user", "add_user", metavar="TÊN", help="Tạo (hoặc đặt lại mật khẩu) tài khoản rồi thoát.")
@click.option("--office", help="Với --add-user: cơ quan của tài khoản (mỗi cơ quan chỉ thấy việc của mình).")
@click.option("--member", default="", help="Với --add-user: cơ quan là thành viên này của Cụm (ví dụ \"Lào Cai\"): "
              "thấy giao ước của Cụm và ký ô của mình.")
@click.option("--cert", "certificate", type=click.Path(path_type=Path, dir_okay=False), help="Chứng thư TLS (.pem) "
              "để phục vụ HTTPS trực tiếp (cùng --key).")
@click.option("--key", type=click.Path(path_type=Path, dir_okay=False), help="Khóa bí mật TLS (.pem) của --cert.")
@click.option("--open", "open_page", is_flag=True, help="Mở trang trong trình duyệt.")
def serve_command(host: str, port: int, data_dir: Path | None, add_user: str | None, office: str | None,
                  member: str, certificate: Path | None, key: Path | None, open_page: bool) -> None:
    _service_environment(host, data_dir)
    if add_user is not None:
        from .service import auth

        password = os.environ.get("TDKT_MAT_KHAU_MOI") or click.prompt(
            f"Mật khẩu cho {add_user}", hide_input=True, confirmation_prompt=True, err=True)
        if len(password) < 8:
            _fail(DocgenError("mật khẩu cần ít nhất 8 ký tự."))
        auth.add_user(add_user, office or add_user, password, member.strip())
        click.echo(f"Đã tạo tài khoản {add_user} (cơ quan: {office or add_user}"
                   f"{f', thành viên: {member.strip()}' if member.strip() else ''}).")
        return
    if (certificate is None) != (key is None):
        _fail(DocgenError("--cert và --key phải đi cùng nhau (chứng thư TLS và khóa bí mật của nó)."))
    import uvicorn

    from .service.app import create_app

    listening = _listening_socket(host, port)  # taken before saying it runs: a port in use is said so, in Vietnamese
    # proxy_headers: behind a TLS proxy (FORWARDED_ALLOW_IPS, default 127.0.0.1) the scheme and the client's address
    config = uvicorn.Config(create_app(), host=host, port=port, log_level="warning", proxy_headers=True,
                            ssl_certfile=str(certificate) if certificate else None,
                            ssl_keyfile=str(key) if key else None)
    try:
        config.load()  # the TLS certificate and key read now, before saying it runs
    except (OSError, ValueError) as error:
        import ssl

        listening.close()
        reason = "không phải chứng thư và khóa PEM khớp nhau" if isinstance(error, (ssl.SSLError, ValueError)) \
            else os_reason(error)
        _fail(DocgenError(f"không đọc được chứng thư TLS (--cert) hoặc khóa (--key): {reason}.", None,
                          "Dùng tệp PEM của chứng thư và khóa bí mật tương ứng (không có mật khẩu)."))
    url = f"{'https' if certificate else 'http'}://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}/"
    click.echo(f"Dịch vụ chạy tại {url} (API: {url}docs). Dừng bằng Ctrl+C.")
    if open_page:
        import threading
        import webbrowser

        threading.Timer(1.5, webbrowser.open, (url,)).start()
    uvicorn.Server(config).run(sockets=[listening])


def _listening_socket(host: str, port: int) -> Any:
    """A socket bound to ``host``:``port`` and listening, handed to uvicorn; DocgenError (exit 2) saying why not:
    the port in use, an address this machine does not have, a port that needs an administrator."""
    import errno
    import socket

    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                                             flags=socket.AI_PASSIVE)[0]
    except (socket.gaierror, UnicodeError):
        _fail(DocgenError(f"không có địa chỉ '{host}' (--host).", None,
                          "Dùng 127.0.0.1 (chỉ máy này), 0.0.0.0 (mọi địa chỉ của máy) hoặc một địa chỉ IP của máy."))
    listening = socket.socket(family, kind, proto)
    try:
        listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listening.bind(address)
        listening.listen(2048)
    except OSError as error:
        listening.close()
        reasons = {errno.EADDRINUSE: (f"cổng {port} đang được một chương trình khác dùng.",
                                      f"Chọn cổng khác (--port), hoặc dừng chương trình đang dùng cổng {port}."),
                   errno.EADDRNOTAVAIL: (f"máy này không có địa chỉ '{host}' (--host).",
                                         "Dùng 127.0.0.1, 0.0.0.0 hoặc một địa chỉ IP của máy này."),
                   errno.EACCES: (f"không được dùng cổng {port} (cổng dưới 1024 cần quyền quản trị).",
                                  "Chọn cổng từ 1024 trở lên, ví dụ --port 8000.")}
        message, hint = reasons.get(error.errno or 0, (f"không mở được cổng {port} ({os_reason(error)}).", None))
        _fail(DocgenError(message, None, hint))
    return listening


@main.command("worker", help="Chạy bộ xử lý công việc cho dịch vụ chạy trên nhiều máy: cùng TDKT_QUEUE_URL "
                             "(redis://…) và TDKT_FILES (thư mục dùng chung) với tiến trình web.")
@click.option("--data-dir", type=click.Path(path_type=Path), help="Thư mục dữ liệu (hàng đợi SQLite dùng nó).")
@click.option("-w", "--workers", type=click.IntRange(min=1), default=os.cpu_count() or 1, show_default=True,
              help="Số tiến trình xử lý.")
def worker_command(data_dir: Path | None, workers: int) -> None:
    _service_environment(None, data_dir)
    from .service import jobs

    jobs.die_with_consumer()
    consumer = jobs.huey.create_consumer(workers=workers, worker_type="process", initial_delay=0.05,
                                         max_delay=0.5, backoff=1.15)
    click.echo(f"Bộ xử lý chạy với {workers} tiến trình. Dừng bằng Ctrl+C.", err=True)
    consumer.run()
