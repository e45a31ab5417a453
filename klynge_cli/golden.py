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
from klynge_cli.files import read_bytes, shown, write_files
from klynge_cli.load.results import parse_result_csv, read_result_csv
from klynge_cli.load.scenario import load_scenario
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
                raise KlyngeError("holds no *.yaml scenario", Where(shown(path)))
            found.extend(in_folder)
        elif path.exists():
            found.append(path)
        else:
            raise KlyngeError("no such scenario file or folder", Where(shown(path)))
    return found


def diff_side(path: Path) -> list[dict[str, str]]:
    """`klynge diff`'s sides: an allocate CSV as written, or a scenario's allocate CSV."""
    fields, _, what = SHAPES["allocate"]
    if path.suffix.lower() == ".csv":
        return read_result_csv(path, fields, what)
    text = csv_text(ALLOCATION_FIELDS, allocation_rows(allocate(load_scenario(path))))
    return parse_result_csv(text, shown(path), fields, what)


def rendered(path: Path) -> dict[Kind, str]:
    """A scenario's allocate and schedule CSV, exactly as the commands write them."""
    allocation = allocate(load_scenario(path))
    return {
        "allocate": csv_text(ALLOCATION_FIELDS, allocation_rows(allocation)),
        "schedule": csv_text(PAYMENT_FIELDS, payment_rows(schedule(allocation))),
    }


def check(paths: Sequence[Path], expected: Path, *, update: bool) -> list[FileCheck]:
    """Compare (or with `update`, rewrite) every expected file. Input errors raise first, and
    `update` writes every file or none."""
    if expected.exists() and not expected.is_dir():
        raise KlyngeError(
            "is a file, not a folder; --expected names the folder of expected outputs",
            Where(shown(expected)),
        )
    if not expected.is_dir() and not update:
        raise KlyngeError(
            "no such folder of expected outputs (use --update to create it)", Where(shown(expected))
        )
    files = scenario_files(paths)
    by_stem: dict[str, Path] = {}
    for path in files:
        if path.stem in by_stem and not path.samefile(by_stem[path.stem]):
            raise KlyngeError(
                f"has the same name as {shown(by_stem[path.stem])}, so both would be checked "
                f"against {shown(expected / path.stem)}.allocate.csv; rename one",
                Where(shown(path)),
            )
        by_stem[path.stem] = path
    outputs = {path: rendered(path) for path in by_stem.values()}
    results = []
    for path, texts in outputs.items():
        for kind, text in texts.items():
            target = expected / f"{path.stem}.{kind}.csv"
            results.append(_compare(path, kind, target, text, update=update))
    if update:
        if not expected.is_dir():
            try:
                expected.mkdir(parents=True)
            except OSError as error:
                raise KlyngeError(
                    f"cannot create the folder: {error.strerror}", Where(shown(expected))
                ) from None
        changed = [r for r in results if r.outcome == "updated"]
        write_files([(r.expected, outputs[r.scenario][r.kind].encode("utf-8")) for r in changed])
    return results


def _compare(path: Path, kind: Kind, target: Path, text: str, *, update: bool) -> FileCheck:
    actual = text.encode("utf-8")
    old = _expected_bytes(target)
    if old == actual:
        return FileCheck(path, kind, target, "ok")
    if update:
        return FileCheck(path, kind, target, "updated")  # written by check(), all together
    if old is None:
        return FileCheck(path, kind, target, "missing", note="run with --update to create it")
    fields, key, what = SHAPES[kind]
    try:
        before = parse_result_csv(old.decode("utf-8", "replace"), shown(target), fields, what)
    except KlyngeError as problem:
        return FileCheck(path, kind, target, "differs", note=problem.message)
    after = parse_result_csv(text, "(output)", fields, what)
    difference = diff_rows(before, after, key, (shown(target), "(output)"))
    note = "" if difference.changes else "same rows, different bytes (line endings or formatting)"
    return FileCheck(path, kind, target, "differs", difference, note)


def _expected_bytes(target: Path) -> bytes | None:
    """An expected file's bytes, or None when there is none yet. Not recorded as an input:
    `--update` is meant to rewrite it."""
    if not target.exists() and not target.is_symlink():
        return None
    return read_bytes(target, shown(target), what="expected file", record=False)
