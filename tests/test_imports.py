"""Start-up stays lean: each command imports only what it uses (measured in a real process).

Timing belongs to `python benchmarks/run.py`; this checks the cause, which does not flake.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import SEED

HEAVY = ("rich", "tabulate", "icalendar", "holidays", "pydantic", "xlsxwriter")

PROBE = """
import json, sys
sys.argv = ["klynge", *json.loads(sys.argv[1])]
from klynge_cli.cli import main
try:
    main()
except SystemExit:
    pass
loaded = sorted({m.split(".")[0] for m in sys.modules})
sys.stderr.write("\\n" + json.dumps(loaded) + "\\n")
"""


def modules_loaded_by(*args: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(list(args))],
        capture_output=True,
        text=True,
        check=False,
    )
    return set(json.loads(result.stderr.strip().splitlines()[-1]))


@pytest.mark.parametrize(
    "args",
    [
        ("allocate", str(SEED), "--format", "csv"),
        ("allocate", str(SEED), "--format", "json"),
        ("schedule", str(SEED), "--format", "csv"),
        ("validate", str(SEED)),
    ],
    ids=lambda a: " ".join(x for x in a if not x.endswith(".yaml")),
)
def test_machine_output_imports_no_presentation_library(args: tuple[str, ...]) -> None:
    assert not modules_loaded_by(*args) & set(HEAVY)


def test_version_imports_neither_yaml_nor_presentation() -> None:
    loaded = modules_loaded_by("--version")
    assert not loaded & {*HEAVY, "ruamel"}


def test_tables_calendars_and_workbooks_load_their_library_when_asked(tmp_path: Path) -> None:
    assert "rich" in modules_loaded_by("allocate", str(SEED))
    assert "tabulate" in modules_loaded_by("allocate", str(SEED), "--format", "markdown")
    assert "icalendar" in modules_loaded_by("schedule", str(SEED), "--format", "ics")
    target = str(tmp_path / "b.xlsx")
    workbook = modules_loaded_by("allocate", str(SEED), "--format", "xlsx", "-o", target)
    assert "xlsxwriter" in workbook
    assert not workbook & {"rich", "tabulate", "openpyxl"}
