"""Shell completion of municipality names for `--withdraw`, `-m/--municipality` and `explain`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from klynge_cli.commands.common import complete_municipality

KLYNGE = Path(sys.executable).with_name("klynge")


def test_names_complete_from_the_bundled_table() -> None:
    assert complete_municipality("Sl") == ["Slagelse"]
    assert complete_municipality("Fa") == ["Faaborg-Midtfyn", "Fanø", "Favrskov", "Faxe"]
    assert len(complete_municipality("")) == 98


def test_completion_is_as_lenient_as_klynge_and_keeps_what_was_typed() -> None:
    assert complete_municipality("kø") == ["københavn", "køge"]
    assert complete_municipality("nae") == ["naestved"]  # ASCII spelling, read the same
    assert complete_municipality("Aer") == ["Aeroe"]
    assert complete_municipality("Stevns@") == []  # the year is the user's to write
    assert complete_municipality("Nowhere") == []


def bash_complete(line: str) -> list[str]:
    words = line.split(" ")
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", "/"),
        "_KLYNGE_COMPLETE": "complete_bash",
        "COMP_WORDS": line,
        "COMP_CWORD": str(len(words) - 1),
    }
    result = subprocess.run(
        [str(KLYNGE)], env=env, capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("klynge whatif --withdraw Sl", ["Slagelse"]),
        ("klynge whatif -w Kø", ["København", "Køge"]),
        ("klynge explain -w Roskilde@2023 -w Sla", ["Slagelse"]),
        ("klynge schedule -m Næ", ["Næstved"]),
        ("klynge schedule --municipality Ste", ["Stevns"]),
        ("klynge explain Fax", ["Faxe"]),
        ("klynge explain scenarios/kkr-sjaelland-wbd.yaml Ring", ["Ringkøbing-Skjern", "Ringsted"]),
    ],
)
def test_the_installed_command_completes_in_bash(line: str, expected: list[str]) -> None:
    assert bash_complete(line) == expected
