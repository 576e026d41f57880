"""JSON Schema of each kind's data file, generated from its pydantic model (the model is the schema).

    python -m tdkt_docgen.schema        # rewrites tdkt_docgen/schemas/*.schema.json

The shipped files must equal a fresh generation (a test checks it). Each example's first line points an
editor to its file (``# yaml-language-server: $schema=../schemas/KIND.schema.json``), so fields are completed
and checked while typing; ``tdkt init`` points the copy it writes to the installed file.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from . import kinds

HERE = Path(__file__).resolve().parent / "schemas"
DIRECTIVE = "# yaml-language-server: $schema="


def schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the data of ``kind``."""
    model = kinds.KINDS[kind].MODEL
    found = model.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **found}


def text(kind: str) -> str:
    return json.dumps(schema(kind), ensure_ascii=False, indent=2) + "\n"


def file_name(kind: str) -> str:
    return f"{kind}.schema.json"


def installed_directive(content: str) -> str:
    """An example's text as ``tdkt init`` writes it elsewhere: its first line points to the installed schema
    file (the shipped line is relative to the examples folder)."""
    relative = f"{DIRECTIVE}../schemas/"
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
