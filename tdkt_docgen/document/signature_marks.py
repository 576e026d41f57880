"""The record a DOCX keeps of where each member signs, as both halves read it: ``docx.signature_cells`` writes
it (finish), ``pdf.fields`` reads it back from the DOCX and the PDF LibreOffice made of it.

Every "Chỗ ký" paragraph of a signature grid holds a hidden bookmark ``_tdkt_ky_<n>``, and a document variable
``tdkt_o_ky`` lists the cells in the same order, with the member's name and the size of the room to sign.
"""

from __future__ import annotations

import re

BOOKMARK_PREFIX = "_tdkt_ky_"
DOC_VAR = "tdkt_o_ky"
# LibreOffice writes a destination name's "_" as "5F" (and any non-ASCII letter hex-escaped); both forms read
DESTINATION = re.compile(r"^(?:_|5F)tdkt(?:_|5F)ky(?:_|5F)(\d+)$")
