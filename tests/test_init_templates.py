"""`klynge init --formula pool|per-capita|bands`: each template validates as written, every key
it writes or shows in a comment is explained with its rule, and every commented example
validates once uncommented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import run

FORMULAS = ("pool", "per-capita", "bands")
# The commented examples of each template, by the key that opens them.
COMMENTED = {
    "pool": ("members", "co_funders", "top_ups", "periods", "schedule"),
    "per-capita": (
        "payee",
        "base",
        "max_population",
        "min_amount",
        "max_amount",
        "lead_amount",
        "members",
        "periods",
        "top_ups",
        "co_funders",
    ),
    "bands": ("payee", "lead_amount", "members", "periods", "top_ups", "co_funders"),
}
# The rule each template cites for the keys it writes (SPEC §2, §7).
RULES = {
    "pool": ("R3", "R4", "R5", "R6", "R7", "R8", "R9", "R10", "R11", "R12", "R14", "R15", "R16"),
    "per-capita": ("R6", "R7", "R8", "R9", "R10", "R11", "R12", "R13", "R14", "R15", "R16"),
    "bands": ("R6", "R7", "R8", "R9", "R10", "R11", "R12", "R13", "R14", "R15", "R16"),
}


def template(tmp_path: Path, formula: str, name: str = "mine") -> Path:
    path = tmp_path / f"{name}.yaml"
    result = run("init", path, "--formula", formula)
    assert result.exit_code == 0, result.stderr
    return path


def uncomment(text: str, key: str) -> str:
    """The cluster's commented `# key:` line and the comment lines that continue it, as YAML;
    a period list replaces the cluster's `years`."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if re.match(rf"^    # {key}:", line))
    lines[start] = "    " + lines[start][6:]
    end = start + 1
    while end < len(lines) and lines[end].startswith("    #  "):
        lines[end] = "    " + lines[end][6:]
        end += 1
    if key == "periods":
        lines = [line for line in lines if not line.startswith("    years:")]
    return "\n".join(lines)


@pytest.mark.parametrize("formula", FORMULAS)
def test_each_template_validates_and_runs_as_written(tmp_path: Path, formula: str) -> None:
    path = template(tmp_path, formula)
    text = path.read_text(encoding="utf-8")
    assert "\nname: mine\n" in text
    assert run("validate", path).exit_code == 0
    for command in ("allocate", "schedule"):
        result = run(command, path, "--format", "csv")
        assert result.exit_code == 0, result.stderr
    if formula != "pool":
        assert f"formula: {formula}" in text
        assert "ROUND ILLUSTRATION" in text  # no number passes for a real scheme's


@pytest.mark.parametrize("formula", FORMULAS)
def test_each_template_names_the_rules_behind_its_keys(tmp_path: Path, formula: str) -> None:
    text = template(tmp_path, formula).read_text(encoding="utf-8")
    for rule in RULES[formula]:
        assert re.search(rf"\b{rule}\b", text), rule


@pytest.mark.parametrize(
    ("formula", "key"), [(f, k) for f in FORMULAS for k in COMMENTED[f]], ids=str
)
def test_every_commented_example_validates_when_uncommented(
    tmp_path: Path, formula: str, key: str
) -> None:
    text = template(tmp_path, formula).read_text(encoding="utf-8")
    changed = uncomment(text, key)
    assert changed != text
    path = tmp_path / "uncommented.yaml"
    path.write_text(changed, encoding="utf-8")
    result = run("validate", path)
    assert result.exit_code == 0, f"{key}:\n{result.stderr}"


def test_the_default_is_the_pool_template(tmp_path: Path) -> None:
    plain = tmp_path / "a" / "mine.yaml"
    plain.parent.mkdir()
    assert run("init", plain).exit_code == 0
    pool = template(tmp_path, "pool")
    assert plain.read_bytes() == pool.read_bytes()


def test_an_unknown_formula_is_a_usage_error(tmp_path: Path) -> None:
    result = run("init", tmp_path / "x.yaml", "--formula", "percapita")
    assert result.exit_code == 2
    assert not (tmp_path / "x.yaml").exists()
