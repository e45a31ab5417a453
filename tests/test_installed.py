"""The installed `klynge` console script, run as a user would: a real process, any folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPO

KLYNGE = Path(sys.executable).with_name("klynge")


def klynge(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    if not KLYNGE.exists():
        pytest.fail(
            f"no installed klynge script next to {sys.executable}; run `pip install .` first"
        )
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(cwd), "LC_ALL": "C.UTF-8"}
    return subprocess.run([str(KLYNGE), *args], cwd=cwd, env=env, capture_output=True, check=False)


def test_allocate_from_an_empty_folder_shows_the_seed_agreement(tmp_path: Path) -> None:
    result = klynge("allocate", cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    text = result.stdout.decode("utf-8")
    for figure in (
        "Amounts in kr.",
        "Næstved (lead)",
        " 500,000 ",
        " 24,292 ",
        " 58,816 ",
        " 15,510 ",
        " 1,000,000 ",
    ):
        assert figure in text
    assert list(tmp_path.iterdir()) == []  # it wrote nothing where it ran


def test_installed_csv_matches_the_golden_file(tmp_path: Path) -> None:
    result = klynge("allocate", "--format", "csv", cwd=tmp_path)
    expected = REPO / "scenarios" / "expected" / "kkr-sjaelland-wbd.allocate.csv"
    assert result.stdout == expected.read_bytes()


def test_bad_input_gives_exit_2_and_no_traceback(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("klynge: 1\nclusters: [\n", encoding="utf-8")
    result = klynge("allocate", "bad.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.decode().startswith("bad.yaml:3:1: not valid YAML")
    assert b"Traceback" not in result.stderr


def test_version(tmp_path: Path) -> None:
    result = klynge("--version", cwd=tmp_path)
    assert result.stdout.decode().startswith("klynge ")
