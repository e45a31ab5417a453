"""Same input, same bytes: whatever the hash seed, terminal width, TERM, NO_COLOR or locale.

Runs the installed `klynge` in real processes (as a CI pipeline does) under different
environments and compares every output byte for byte.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import FOUR

KLYNGE = Path(sys.executable).with_name("klynge")

ENVIRONMENTS = [
    {"PYTHONHASHSEED": "0", "COLUMNS": "300", "LC_ALL": "C.UTF-8"},
    {"PYTHONHASHSEED": "1", "COLUMNS": "40", "TERM": "dumb", "NO_COLOR": "1", "LC_ALL": "C"},
    {
        "PYTHONHASHSEED": "12345",
        "COLUMNS": "80",
        "TERM": "xterm-256color",
        "FORCE_COLOR": "1",
        "LC_ALL": "da_DK.UTF-8",
    },
    {
        "PYTHONHASHSEED": "random",
        "LINES": "5",
        "LANG": "en_US.ISO-8859-1",
        "TZ": "Pacific/Kiritimati",
    },
]

OUTPUTS = {
    "allocate-csv": ["allocate", str(FOUR), "--format", "csv"],
    "allocate-json": ["allocate", str(FOUR), "--format", "json"],
    "allocate-markdown": ["allocate", str(FOUR), "--format", "markdown"],
    "allocate-table": ["allocate", str(FOUR)],
    "allocate-excel-da": [
        "allocate",
        str(FOUR),
        "--format",
        "csv",
        "--dialect",
        "excel-da",
        "--locale",
        "da",
    ],
    "schedule-csv": ["schedule", str(FOUR), "--format", "csv"],
    "allocate-xlsx": ["allocate", str(FOUR), "--format", "xlsx", "--locale", "da"],
    "schedule-ics": ["schedule", str(FOUR), "--format", "ics"],
    "schedule-table": ["schedule", str(FOUR), "--locale", "da"],
    "whatif-csv": ["whatif", str(FOUR), "-w", "Stevns@2023", "-w", "Faxe@2024", "--format", "csv"],
    "sweep-json": ["sweep", str(FOUR), "--cluster", "clean", "-k", "all", "--format", "json"],
}


def klynge(args: list[str], extra: dict[str, str], cwd: Path) -> bytes:
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(cwd), **extra}
    result = subprocess.run(
        [str(KLYNGE), *args], env=env, cwd=cwd, capture_output=True, check=False
    )
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    return result.stdout


@pytest.mark.parametrize("name", list(OUTPUTS))
def test_output_is_identical_in_every_environment(name: str, tmp_path: Path) -> None:
    outputs = {klynge(OUTPUTS[name], env, tmp_path) for env in ENVIRONMENTS}
    assert len(outputs) == 1, f"{name} differs between environments"
    (output,) = outputs
    if name == "allocate-xlsx":  # a zip archive: any byte may occur
        return
    assert b"\x1b[" not in output  # no colour codes off a terminal
    if name != "schedule-ics":
        assert b"\r\n" not in output


def test_tables_are_not_cropped_to_a_narrow_terminal(tmp_path: Path) -> None:
    text = klynge(["allocate"], {"COLUMNS": "30"}, tmp_path).decode("utf-8")
    row = next(line for line in text.splitlines() if line.strip().startswith("Faxe"))
    assert row.split() == ["Faxe", "24,292", "24,292", "24,292", "24,292", "97,168"]
