"""What the README shows is what klynge does: its examples are run, not just read."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

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


def test_the_other_schemes_examples_validate_and_allocate(tmp_path: Path) -> None:
    section = README.split("### Other schemes\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```yaml\n(.*?)```", section, re.S)
    assert len(blocks) == 2
    text = "".join(blocks)
    for key in ("formula: per-capita", "formula: bands", "periods:", "co_funders:", "top_ups:",
                "indexation: {", "lag: 1", "region: all", "max_amount:", "base:"):  # fmt: skip
        assert key in text, key
    for index, block in enumerate(blocks):
        path = tmp_path / f"other-{index}.yaml"
        path.write_text(block, encoding="utf-8")
        assert run("validate", path).exit_code == 0, run("validate", path).stderr
        result = run("allocate", path, "--format", "csv")
        assert result.exit_code == 0, result.stderr
    rows = run("allocate", tmp_path / "other-0.yaml", "--format", "csv").stdout
    assert "dlsc,2022,Region Sjælland,co-funder,,,2500000.00" in rows
    assert "dlsc,2025,Faxe,top-up," in rows


def shell_examples() -> list[tuple[str, str]]:
    """Every `klynge` line of the ```sh blocks of README.md and docs/*.md, with its file."""
    found = []
    for path in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]:
        text = path.read_text(encoding="utf-8")
        for block in re.findall(r"```sh\n(.*?)```", text, re.S):
            for line in block.splitlines():
                command = line.split("  #", 1)[0].strip().removeprefix(".venv/bin/")
                if command.startswith("klynge "):
                    found.append((path.name, command))
    return found


def test_every_shell_example_runs_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a folder holding what the examples name (the scenarios, a revision of the seed with
    its calendar id, the calendar made before, a Statbank export), each runs with exit 0."""
    examples = shell_examples()
    assert len(examples) >= 10, examples
    shutil.copytree(REPO / "scenarios", tmp_path / "scenarios")
    seed = (REPO / "scenarios" / "kkr-sjaelland-wbd.yaml").read_text(encoding="utf-8")
    (tmp_path / "revised.yaml").write_text(
        seed + "calendar_id: kkr-sjaelland-wbd\n", encoding="utf-8"
    )
    (tmp_path / "FOLK1A.csv").write_text(
        '"OMRÅDE";"TID";"INDHOLD"\n"Aalborg";"2024K1";"1"\n', encoding="utf-8"
    )  # shaped like an export; the figure is not real and is never shown
    monkeypatch.chdir(tmp_path)
    calendar = run("schedule", "--format", "ics", "-o", "klynge.ics")
    assert calendar.exit_code == 0, calendar.stderr
    for name, command in examples:
        result = run(*shlex.split(command)[1:])
        assert result.exit_code == 0, (name, command, result.stderr)
        assert "warning" not in result.stderr, (name, command, result.stderr)
