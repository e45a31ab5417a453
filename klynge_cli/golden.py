"""`klynge check`: each scenario's allocate and schedule CSV against expected files.

`NAME.yaml` is compared with `DIR/NAME.allocate.csv` and `DIR/NAME.schedule.csv`, byte for byte;
a difference is summarised row by row (which municipality, year, old and new amount).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Literal, NamedTuple

from klynge_cli.contract import ALLOCATION_FIELDS, ALLOCATION_KEY, PAYMENT_FIELDS, PAYMENT_KEY
from klynge_cli.engine.diff import Difference, diff_rows
from klynge_cli.engine.rules import allocate
from klynge_cli.engine.timeline import schedule
from klynge_cli.errors import KlyngeError, Where
from klynge_cli.load.results import parse_result_csv, read_result_csv
from klynge_cli.load.scenario import load_scenario
from klynge_cli.output import write_atomically
from klynge_cli.render.delimited import csv_text
from klynge_cli.render.records import allocation_rows, payment_rows

Kind = Literal["allocate", "schedule"]
Outcome = Literal["ok", "differs", "missing", "updated"]

SHAPES: dict[Kind, tuple[tuple[str, ...], tuple[str, ...], str]] = {
    "allocate": (ALLOCATION_FIELDS, ALLOCATION_KEY, "an allocate CSV"),
    "schedule": (PAYMENT_FIELDS, PAYMENT_KEY, "a schedule CSV"),
}


class FileCheck(NamedTuple):
    scenario: Path
    kind: Kind
    expected: Path
    outcome: Outcome
    difference: Difference | None = None
    note: str = ""


def scenario_files(paths: Sequence[Path]) -> list[Path]:
    """The scenarios named, with folders searched for `*.yaml` (not recursively)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            in_folder = sorted(path.glob("*.yaml"))
            if not in_folder:
                raise KlyngeError("holds no *.yaml scenario", Where(str(path)))
            found.extend(in_folder)
        elif path.exists():
            found.append(path)
        else:
            raise KlyngeError("no such scenario file or folder", Where(str(path)))
    return found


def diff_side(path: Path) -> list[dict[str, str]]:
    """`klynge diff`'s sides: an allocate CSV as written, or a scenario's allocate CSV."""
    fields, _, what = SHAPES["allocate"]
    if path.suffix.lower() == ".csv":
        return read_result_csv(path, fields, what)
    text = csv_text(ALLOCATION_FIELDS, allocation_rows(allocate(load_scenario(path))))
    return parse_result_csv(text, str(path), fields, what)


def rendered(path: Path) -> dict[Kind, str]:
    """A scenario's allocate and schedule CSV, exactly as the commands write them."""
    allocation = allocate(load_scenario(path))
    return {
        "allocate": csv_text(ALLOCATION_FIELDS, allocation_rows(allocation)),
        "schedule": csv_text(PAYMENT_FIELDS, payment_rows(schedule(allocation))),
    }


def check(paths: Sequence[Path], expected: Path, *, update: bool) -> list[FileCheck]:
    """Compare (or with `update`, rewrite) every expected file. Input errors raise first,
    before any file is written."""
    if not expected.is_dir() and not update:
        raise KlyngeError(
            "no such folder of expected outputs (use --update to create it)", Where(str(expected))
        )
    outputs = {path: rendered(path) for path in scenario_files(paths)}
    if update:
        expected.mkdir(parents=True, exist_ok=True)
    results = []
    for path, texts in outputs.items():
        for kind, text in texts.items():
            target = expected / f"{path.stem}.{kind}.csv"
            results.append(_compare(path, kind, target, text, update=update))
    return results


def _compare(path: Path, kind: Kind, target: Path, text: str, *, update: bool) -> FileCheck:
    actual = text.encode("utf-8")
    old = target.read_bytes() if target.is_file() else None
    if old == actual:
        return FileCheck(path, kind, target, "ok")
    if update:
        write_atomically(target, actual)
        return FileCheck(path, kind, target, "updated")
    if old is None:
        return FileCheck(path, kind, target, "missing", note="run with --update to create it")
    fields, key, what = SHAPES[kind]
    try:
        before = parse_result_csv(old.decode("utf-8", "replace"), str(target), fields, what)
    except KlyngeError as problem:
        return FileCheck(path, kind, target, "differs", note=problem.message)
    after = parse_result_csv(text, "(output)", fields, what)
    difference = diff_rows(before, after, key, (str(target), "(output)"))
    note = "" if difference.changes else "same rows, different bytes (line endings or formatting)"
    return FileCheck(path, kind, target, "differs", difference, note)
