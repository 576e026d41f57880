"""The command line: a thin click layer over the public API. Messages are Vietnamese."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import render as render_document
from . import render_per_member
from .errors import DocgenError

EXAMPLES = """
\b
Ví dụ:
  tdkt render fixtures/cum-7-tinh-mnbg-2023.yaml -o build/bao-cao-tong-ket-2023.docx
  tdkt render du-lieu.yaml -o build/bao-cao.docx --force    # ghi đè tệp đã có
  tdkt render du-lieu.yaml -o build/bao-cao.docx --strict   # dừng nếu số tổng ghi trong tệp không khớp
  tdkt render fixtures/giao-uoc-cum-7-tinh-2024.yaml --signed -o build/giao-uoc-da-ky.docx
  tdkt render fixtures/giao-uoc-cum-7-tinh-2024.yaml --per-member -o build/dang-ky/
"""


@click.group(help="tdkt-docgen: soạn văn bản thi đua, khen thưởng theo Nghị định 30/2020/NĐ-CP.")
@click.version_option(package_name="tdkt-docgen", message="%(prog)s %(version)s")
def main() -> None:
    pass


@main.command("render", help="Tạo văn bản .docx từ một tệp dữ liệu (YAML hoặc JSON)." + EXAMPLES)
@click.argument("data_file", metavar="TỆP_DỮ_LIỆU", type=click.Path(path_type=Path))
@click.option("-o", "--output", "out", type=click.Path(path_type=Path), help="Tệp .docx kết quả "
              "(mặc định: tên tệp dữ liệu, đuôi .docx, trong thư mục hiện tại).")
@click.option("--force", is_flag=True, help="Ghi đè tệp kết quả nếu đã có.")
@click.option("--strict", is_flag=True, help="Coi số tổng không khớp là lỗi (không tạo văn bản).")
@click.option("-t", "--template", type=click.Path(path_type=Path), help="Dùng tệp mẫu .docx khác mẫu có sẵn.")
@click.option("--signed", is_flag=True, help="Đặt ảnh chữ ký và con dấu của các bên (nếu tệp dữ liệu có).")
@click.option("--per-member", is_flag=True, help="Mỗi thành viên một văn bản riêng; -o là thư mục kết quả.")
def render_command(data_file: Path, out: Path | None, force: bool, strict: bool, template: Path | None,
                   signed: bool, per_member: bool) -> None:
    try:
        if per_member:
            document, written = render_per_member(data_file, out or Path(data_file.stem), force=force,
                                                  template=template)
        else:
            out = out or Path(data_file.stem + ".docx")
            document = render_document(data_file, out, force=force, strict=strict, template=template,
                                       signed=signed)
            written = [out]
    except DocgenError as error:
        for line in str(error).splitlines():
            click.echo(f"Lỗi: {line}", err=True)
        sys.exit(2)
    for mismatch in document.mismatches:
        click.echo(f"Cảnh báo: {mismatch}", err=True)
    for path in written:
        click.echo(f"Đã tạo {path}")
