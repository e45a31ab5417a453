"""What the README shows is what klynge does: its examples are run, not just read."""

from __future__ import annotations

import re

import pytest
from helpers import REPO, run

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_the_validate_example_is_reproducible_from_its_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    block = re.search(r"```console\n\$ klynge validate my-scenario.yaml\n(.*?)```", README, re.S)
    assert block is not None
    monkeypatch.chdir(REPO / "docs" / "examples")
    result = run("validate", "my-scenario.yaml")
    assert result.exit_code == 2
    assert result.stderr == block.group(1)
