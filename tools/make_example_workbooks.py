"""Write the example members' workbooks from the cluster's example data, as each province would fill them:

    .venv/bin/python tools/make_example_workbooks.py fixtures/cum-7-tinh-mnbg-2023.yaml \
        fixtures/so-lieu-2023/

One workbook per member (``lang-son.xlsx``), made with ``tdkt init bao_cao --xlsx``'s layout and filled with
that member's figures and notes. Rendering the cluster file with these workbooks gives the same document
as the cluster file alone (a test checks it).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from openpyxl import load_workbook

from tdkt_docgen.data import load as data
from tdkt_docgen.data import workbook
from tdkt_docgen.vn import slug


def filled(year: int, members: list[str], member: str, so_lieu: dict, noi_dung: dict) -> bytes:  # type: ignore[type-arg]
    book = load_workbook(io.BytesIO(workbook.blank(year, members)))
    book[workbook.GUIDE][workbook.MEMBER_CELL] = member
    cells = workbook.item_cells()
    sheet, cell = cells[("van_ban",)]
    book[sheet][cell] = so_lieu["van_ban"][member]
    for key, (sheet, cell) in cells.items():
        if key[0] == "chi_tieu":
            value: object = so_lieu["chi_tieu"][member]
            for part in key[1:]:
                value = value.get(part) if isinstance(value, dict) else None
            book[sheet][cell] = float(value) if value is not None and not isinstance(value, int) else value
        elif key[0] in noi_dung and member in noi_dung[key[0]]:
            book[sheet][cell] = " ".join(str(noi_dung[key[0]][member]).split())
    for code, counts in so_lieu["khen_thuong"].get(member, {}).items():
        for column, value in counts.items():
            sheet, cell = workbook.award_cell(year, code, column)
            book[sheet][cell] = value
    return workbook.to_bytes(book)


def main(cluster: Path, folder: Path) -> None:
    source = data.load(cluster)
    members = [m["ten"] for m in source.data["thanh_vien"]]
    folder.mkdir(parents=True, exist_ok=True)
    for member in members:
        content = filled(source.data["nam"], members, member, source.data["so_lieu"], source.data["noi_dung"])
        (folder / f"{slug(member)}.xlsx").write_bytes(content)
        print(folder / f"{slug(member)}.xlsx")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
