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


def test_help_paragraphs_break_only_between_sentences() -> None:
    """Typer's rich help keeps a docstring's line breaks, so a break inside a sentence shows as
    a ragged line in `--help`: lines within a paragraph must end a sentence."""
    import inspect

    from klynge_cli.cli import populations_app

    for registered in [*app.registered_commands, *populations_app.registered_commands]:
        doc = inspect.getdoc(registered.callback) or ""
        for paragraph in doc.split("\n\n"):
            for line in paragraph.splitlines()[:-1]:
                assert line.rstrip().endswith((".", "?", ":")), (registered.callback, line)


def test_populations_import_help_reads_cleanly_at_80_columns() -> None:
    result = run("populations", "import", "--help")
    text = [line.strip() for line in result.stdout.splitlines()]
    assert "Only first-quarter figures (1 January) are kept." in text
    assert "Code and region come from klynge's table of the 98 municipalities." in text
