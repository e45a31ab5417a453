"""Every command explains itself (help text with an example) and is in the README."""

from __future__ import annotations

import pytest
from helpers import REPO, run
from typer.main import get_command

from klynge_cli.cli import app

README = (REPO / "README.md").read_text(encoding="utf-8")


def commands() -> list[str]:
    group = get_command(app)
    names = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        sub = getattr(command, "commands", None)
        names.extend(f"{name} {inner}" for inner in sub) if sub else names.append(name)
    return sorted(names)


def test_all_commands_are_known() -> None:
    assert commands() == sorted(
        [
            "allocate",
            "schedule",
            "whatif",
            "sweep",
            "explain",
            "validate",
            "diff",
            "check",
            "report",
            "init",
            "populations import",
        ]
    )


@pytest.mark.parametrize("command", commands())
def test_every_command_has_help_with_an_example_and_is_in_the_readme(command: str) -> None:
    result = run(*command.split(), "--help")
    assert result.exit_code == 0
    assert "Example: klynge " in " ".join(result.stdout.split())
    assert f"klynge {command}" in README
