"""JSON Schema of each kind's data file, generated from its pydantic model (the model is the schema).

    python -m tdkt_docgen.schema        # rewrites tdkt_docgen/schemas/*.schema.json

The shipped files must equal a fresh generation (a test checks it). Each example's first line points an
editor to its file (``# yaml-language-server: $schema=../tdkt_docgen/schemas/KIND.schema.json``), so fields are
completed and checked while typing; ``tdkt init`` points the copy it writes to the installed file.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from pydantic.json_schema import GenerateJsonSchema

from . import kinds

HERE = Path(__file__).resolve().parent / "schemas"
DIRECTIVE = "# yaml-language-server: $schema="
SHIPPED = "../tdkt_docgen/schemas/"  # the examples' pointer, relative to the repository's fixtures/ folder


class _ForEditors(GenerateJsonSchema):
    """No titles made up from field names ("Dia Danh"): an editor shows the field name and its description."""

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False


def _vietnamese_only(node: Any) -> Any:
    """The schema without the models' English docstrings (pydantic copies a class docstring into its
    description): an editor shows the user only the Vietnamese descriptions written for the fields."""
    if isinstance(node, dict):
        return {key: _vietnamese_only(value) for key, value in node.items()
                if not (key == "description" and isinstance(value, str) and not _VIETNAMESE.search(value))}
    if isinstance(node, list):
        return [_vietnamese_only(value) for value in node]
    return node


_VIETNAMESE = re.compile("[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]", re.IGNORECASE)


def schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the data of ``kind``, with its Vietnamese descriptions."""
    model = kinds.KINDS[kind].MODEL
    found = _vietnamese_only(model.model_json_schema(schema_generator=_ForEditors))
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **found}


def text(kind: str) -> str:
    return json.dumps(schema(kind), ensure_ascii=False, indent=2) + "\n"


def file_name(kind: str) -> str:
    return f"{kind}.schema.json"


def installed_directive(content: str) -> str:
    """An example's text as ``tdkt init`` writes it elsewhere: its first line points to the installed schema
    file (the shipped line is relative to the repository's fixtures/ folder)."""
    relative = f"{DIRECTIVE}{SHIPPED}"
    if not content.startswith(relative):
        return content
    return f"{DIRECTIVE}{HERE.as_uri()}/" + content[len(relative):]


def write_all(folder: Path = HERE) -> list[Path]:
    folder.mkdir(exist_ok=True)
    written = []
    for kind in kinds.KINDS:
        path = folder / file_name(kind)
        path.write_text(text(kind), "utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_all(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(f"wrote {path}")
