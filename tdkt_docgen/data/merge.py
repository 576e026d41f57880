"""The members' workbooks merged into the cluster's data file, before it is validated.

Each workbook gives one member's figures and notes (``workbook.read``); merging checks the set of them
against the cluster: every member once, none unknown, all of the report's year. The merged values keep
the cell they came from, so any later message (the model's own checks included) points to the cell.
Errors stop the merge (``DataErrors``); warnings are returned and the merge goes on.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from ..errors import DataError, DataErrors, Position
from ..vn import nfc
from . import load as data
from . import workbook

KIND = "bao_cao_tong_ket"
NOTE_KEYS = tuple(item.key[0] for item in workbook.NOTE_ITEMS)


def merge_into(source: data.Source, paths: Sequence[Path]) -> list[workbook.Finding]:
    """Put the workbooks' figures into ``source`` (in place); the warnings, or DataErrors with every error."""
    members, year = _cluster(source)
    read = [workbook.read(path, str(path)) for path in paths]
    findings = [finding for figures in read for finding in figures.findings]
    findings += _membership(source, read, members, year)
    errors = [f for f in findings if not f.warning]
    if errors:
        raise DataErrors([DataError(f.message, f.position, f.hint) for f in errors])
    _put(source, [figures for figures in read if figures.member in members], members)
    return [f for f in findings if f.warning]


def _cluster(source: data.Source) -> tuple[list[str], int | None]:
    if source.data.get("loai") != KIND:
        raise DataError(f"chỉ báo cáo tổng kết ('loai: {KIND}') mới gộp được số liệu từ tệp Excel.",
                        source.position(("loai",)),
                        "Bỏ các tệp .xlsx khỏi lệnh, hoặc dùng tệp dữ liệu báo cáo tổng kết.")
    members = [nfc(str(m.get("ten"))) for m in source.data.get("thanh_vien") or [] if isinstance(m, dict)]
    year = source.data.get("nam")
    return members, year if isinstance(year, int) else None


def _membership(source: data.Source, read: list[workbook.MemberFigures], members: list[str],
                year: int | None) -> list[workbook.Finding]:
    """Each workbook of a known member and of the report's year; every member once."""
    findings = []
    seen: dict[str, workbook.MemberFigures] = {}
    for figures in read:
        if figures.member is None:
            continue
        at = Position(str(figures.path), cell=f"{workbook.GUIDE}!{workbook.MEMBER_CELL}")
        if figures.member not in members:
            close = difflib.get_close_matches(figures.member, members, n=1, cutoff=0.6)
            hint = f"Có phải là '{close[0]}'?" if close else f"Thành viên của Cụm: {', '.join(members)}."
            findings.append(workbook.Finding(at, f"'{figures.member}' không phải thành viên của Cụm "
                                                 f"(theo {source.path}).", hint))
        elif figures.member in seen:
            findings.append(workbook.Finding(at, f"số liệu của {figures.member} có hai lần: tệp này và "
                                                 f"{seen[figures.member].path}.", "Bỏ một tệp khỏi lệnh."))
        else:
            seen[figures.member] = figures
        if year is not None and figures.year is not None and figures.year != year:
            findings.append(workbook.Finding(
                Position(str(figures.path), cell=f"{workbook.GUIDE}!{workbook.YEAR_CELL}"),
                f"tệp số liệu năm {figures.year}, báo cáo là năm {year}.", "Dùng tệp số liệu đúng năm."))
    stated = (source.data.get("so_lieu") or {}).get("van_ban") or {}
    for member in members:
        if member in seen:
            continue
        if member in stated:
            findings.append(workbook.Finding(source.position(("so_lieu", "van_ban", member)),
                                             f"không có tệp số liệu của {member}: dùng số liệu ghi trong tệp này.",
                                             warning=True))
        else:
            findings.append(workbook.Finding(Position(str(source.path)), f"thiếu tệp số liệu của {member}.",
                                             "Thêm tệp .xlsx của thành viên này vào lệnh."))
    return findings


def _put(source: data.Source, read: list[workbook.MemberFigures], members: list[str]) -> None:
    so_lieu = source.data.setdefault("so_lieu", {})
    noi_dung = source.data.setdefault("noi_dung", {})
    blocks: dict[str, dict[str, Any]] = {key: dict(so_lieu.get(key) or {}) for key in ("van_ban", "chi_tieu",
                                                                                        "khen_thuong")}
    notes: dict[str, dict[str, Any]] = {key: dict(noi_dung.get(key) or {}) for key in NOTE_KEYS}
    for figures in read:
        member = figures.member
        assert member is not None
        blocks["van_ban"][member] = figures.van_ban
        blocks["chi_tieu"][member] = figures.chi_tieu
        blocks["khen_thuong"][member] = figures.khen_thuong
        for note, text in figures.notes.items():
            notes[note][member] = text
        where = Position(str(figures.path))
        for name in blocks:
            source.cells[("so_lieu", name, member)] = where
        for key, position in figures.cells.items():
            if key[0] == "noi_dung":
                source.cells[("noi_dung", key[1], member)] = position
            else:
                source.cells[("so_lieu", key[0], member, *key[1:])] = position
    order = {member: index for index, member in enumerate(members)}

    def in_member_order(values: dict[str, Any]) -> dict[str, Any]:
        return dict(sorted(values.items(), key=lambda item: order.get(item[0], len(order))))

    for name, values in blocks.items():
        so_lieu[name] = in_member_order(values)
    for note, values in notes.items():
        if values:
            noi_dung[note] = in_member_order(values)


# ------------------------------------------------------------------ writing the merged data file


class _Dumper(yaml.SafeDumper):
    pass


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.Node:
    """7293.1 as 7293.1 and 7.0 as 7.0 (the decimals written are the decimals printed); 9399 as 9399."""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= 0:
        return dumper.represent_int(int(value))
    return dumper.represent_scalar("tag:yaml.org,2002:float", format(value, "f"))


_Dumper.add_representer(Decimal, _decimal)
_Dumper.add_representer(str, lambda dumper, value: dumper.represent_scalar(
    "tag:yaml.org,2002:str", value, style="|" if "\n" in value else None))


def to_yaml(source: data.Source, paths: Sequence[Path]) -> bytes:
    """The merged data as a YAML data file, saying where its figures came from."""
    header = (f"# Tạo bằng tdkt merge từ {source.path} và {len(paths)} tệp số liệu: "
              f"{', '.join(p.name for p in paths)}.\n"
              "# Sửa số liệu trong tệp Excel của từng thành viên rồi gộp lại, thay vì sửa ở đây.\n")
    body = yaml.dump(source.data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=110)
    return (header + body).encode("utf-8")
