"""Word reads what tdkt writes: every shipped output passes the Open XML SDK's schema and semantic rules
(openxml-audit, a pure-Python port of them), as `openxml-audit -f office2019 FILE.docx` checks one file."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.oxml.ns import qn


def test_every_shipped_output_is_valid_open_xml(shipped: dict[str, Path]) -> None:
    from openxml_audit import FileFormat, OpenXmlValidator

    assert {"bao_cao_tong_ket", "bao_cao_tong_ket/bao-cao-lang-son", "giao_uoc/dang-ky-son-la", "giao_uoc-da-ky",
            "quyet-dinh", "batch-bao-cao/bao-cao-lai-chau", "van_ban_kinh_gui", "bao_cao_cum_huyen"} <= set(shipped)
    assert sum(name.startswith("giay-khen/") for name in shipped) == 20 and len(shipped) == 64
    invalid = {}
    for name, path in shipped.items():
        # A validator per file: openxml-audit 0.8 caches cross-part counts under id(package), so a later
        # package allocated at a freed one's address reads the earlier document's footnote ids.
        result = OpenXmlValidator(file_format=FileFormat.OFFICE_2019, max_errors=20).validate(str(path))
        if not result.is_valid:
            invalid[name] = [str(error) for error in result.errors]
    assert invalid == {}


def test_placeholders_are_shaded_by_their_style(shipped: dict[str, Path]) -> None:
    """ "Cần bổ sung" text is yellow through its character style's shading (Word takes no highlight in a style),
    with nothing written on the runs."""
    doc = Document(str(shipped["bao_cao_tong_ket/bao-cao-lai-chau"]))
    style = doc.styles.element.xpath('./w:style[@w:styleId="CanBoSung"]')[0]
    properties = style.find(qn("w:rPr"))
    assert properties.find(qn("w:highlight")) is None
    assert properties.find(qn("w:shd")).get(qn("w:fill")) == "FFFF00"
    placeholders = [s for s in doc.element.body.iter(qn("w:rStyle")) if s.get(qn("w:val")) == "CanBoSung"]
    assert placeholders and all(s.getparent().find(qn("w:highlight")) is None for s in placeholders)
