"""Every command's --help is Vietnamese, placeholders included (no PATH, INTEGER, TEXT, [OPTIONS])."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from tdkt_docgen.cli import main


@pytest.mark.parametrize("command", [None, *sorted(main.commands)])
def test_help_has_no_english_placeholder(command: str | None) -> None:
    result = CliRunner().invoke(main, [*([command] if command else []), "--help"])
    assert result.exit_code == 0, result.output
    assert not re.search(r"\b(PATH|INTEGER|TEXT|FLOAT|FILENAME|DIRECTORY)\b|\[OPTIONS\]|Usage:|huey", result.output)
