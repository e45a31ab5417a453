"""The layering the folder layout promises: file → scenario → engine → result → renderer.

The engine and the model are pure: they import nothing from the command line, the terminal,
YAML or the renderers. Checked on the source, so a stray import fails here, not in review.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import klynge_cli

PACKAGE = Path(klynge_cli.__file__).parent
PURE = [
    *sorted((PACKAGE / "engine").glob("*.py")),
    PACKAGE / "model.py",
    PACKAGE / "result.py",
    PACKAGE / "money.py",
]
FORBIDDEN = (
    "typer",
    "rich",
    "ruamel",
    "tabulate",
    "klynge_cli.cli",
    "klynge_cli.load",
    "klynge_cli.render",
    "klynge_cli.output",
)


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


@pytest.mark.parametrize("module", PURE, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_pure_modules_import_no_io_or_presentation(module: Path) -> None:
    bad = {name for name in imports(module) if name.startswith(FORBIDDEN)}
    assert not bad, f"{module.name} imports {sorted(bad)}"


def test_no_floats_for_money_in_the_engine() -> None:
    for module in PURE:
        tree = ast.parse(module.read_text(encoding="utf-8"))
        floats = [
            n.lineno
            for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, float)
        ]
        calls = [
            n.lineno
            for n in ast.walk(tree)
            if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "float"
        ]
        assert not floats and not calls, f"{module.name} uses floats on lines {floats + calls}"


def test_no_output_depends_on_the_clock() -> None:
    """No module asks for today's date or the time: outputs depend on the input alone."""
    clock = {"today", "now", "utcnow", "time", "time_ns", "localtime", "gmtime"}
    for module in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        calls = [
            n.lineno
            for n in ast.walk(tree)
            if isinstance(n, ast.Call)
            and isinstance(n.func, ast.Attribute)
            and n.func.attr in clock
        ]
        assert not calls, f"{module.relative_to(PACKAGE)} reads the clock on lines {calls}"
