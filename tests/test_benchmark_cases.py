"""The benchmark's national scenarios are valid, and the one on real figures under SPEC §7
terms gives what the independent implementation (tests/reference/) gives, byte for byte:
a benchmark measures the right work."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from helpers import REPO, run
from reference.klynge_reference import reference


def national() -> ModuleType:
    spec = importlib.util.spec_from_file_location("national", REPO / "benchmarks" / "national.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_synthetic_national_case_is_valid(tmp_path: Path) -> None:
    path = national().write(tmp_path)
    assert run("validate", path).exit_code == 0


def test_the_real_national_case_matches_the_reference(tmp_path: Path) -> None:
    path = national().write_real(tmp_path)
    result = run("validate", path)
    assert result.exit_code == 0, result.stderr
    assert "(11 clusters, 2025-2028)" in result.stdout
    allocate = run("allocate", path, "--format", "csv")
    schedule = run("schedule", path, "--format", "csv")
    assert allocate.exit_code == schedule.exit_code == 0
    assert (allocate.stdout, schedule.stdout) == reference(path)
    # every formula, periods, a reduced pool, a co-funder and top-ups are there
    rows = allocate.stdout
    for role in (",lead,", ",member,", ",withdrawn,", ",top-up,", ",co-funder,"):
        assert role in rows, role
    status = run("allocate", path, "--format", "json").stdout
    for formula in ('"formula": "pool"', '"formula": "per-capita"', '"formula": "bands"'):
        assert formula in status, formula
    assert '"held": false' in status and '"held": null' in status
