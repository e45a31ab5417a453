"""Fixtures and Hypothesis profiles shared by the tests (helpers live in helpers.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import SMALL_POPULATIONS, write
from hypothesis import HealthCheck, settings

# CI runs a bounded number of examples; `HYPOTHESIS_PROFILE=thorough` runs more locally.
settings.register_profile(
    "ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("thorough", max_examples=2_000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """A folder with `pop.csv` holding SMALL_POPULATIONS."""
    write(tmp_path, "pop.csv", SMALL_POPULATIONS)
    return tmp_path
