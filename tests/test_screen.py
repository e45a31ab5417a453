"""On a real terminal, no value is ever cut: the installed `klynge` run under a pseudo-terminal.

Each command runs as a user runs it, in a pty whose window is 60, 80, 100 or 160 columns
wide. The screen text (ANSI escapes removed) must hold every amount, date and municipality name
of the same command's machine-readable output, each whole, and no line may be wider than the
window.
"""

from __future__ import annotations

import contextlib
import csv
import fcntl
import io
import json
import os
import re
import struct
import subprocess
import sys
import termios
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import pytest
from helpers import FOUR, SEED
from rich.cells import cell_len

from klynge_cli.money import grouped, ore_from_text

KLYNGE = Path(sys.executable).with_name("klynge")
WIDTHS = (60, 80, 100, 160)
ISSUE_EXAMPLE = ("--withdraw", "Roskilde@2023", "--withdraw", "Slagelse@2023", "--withdraw",
                 "Køge@2024")  # fmt: skip
ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]"
)


def on_screen(args: Iterable[str | Path], width: int, expect: int = 0, **extra: str) -> str:
    """The text `klynge ARGS` shows in a terminal window `width` columns wide (`extra`: more
    environment variables)."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, width, 0, 0))
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", "/"),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        **extra,
    }  # no COLUMNS or LINES: the width comes from the window, as in a real terminal
    process = subprocess.Popen(
        [str(KLYNGE), *map(str, args)],
        stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True,
    )  # fmt: skip
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the other end is closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    assert process.wait(timeout=60) == expect
    text = b"".join(chunks).decode("utf-8").replace("\r\n", "\n")
    return ESCAPES.sub("", text)


def machine(args: Iterable[str | Path]) -> str:
    result = subprocess.run(
        [str(KLYNGE), *map(str, args)], capture_output=True, check=True, timeout=60
    )
    return result.stdout.decode("utf-8")


def rows(args: Iterable[str | Path]) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(machine(args))))


def human(amount: str, locale: str, signed: bool = False) -> str:
    """The contract's '24292.00' as a person reads it: '24,292' (en) or '24.292' (da)."""
    ore = ore_from_text(amount)
    assert ore is not None
    separators = {"en": (",", "."), "da": (".", ",")}[locale]
    text = grouped(abs(ore), decimals=False, thousands=separators[0], point=separators[1])
    if signed:
        return ("+" if ore >= 0 else "−") + text
    return text


def danish_date(iso: str, locale: str) -> str:
    year, month, day = iso.split("-")
    return f"{day}.{month}.{year}" if locale == "da" else iso


def whole(value: str) -> re.Pattern[str]:
    """`value` as a whole: not part of a longer number or word."""
    return re.compile(r"(?<![\w.,+−])" + re.escape(value) + r"(?![\w]|[.,]\d)")


def assert_fits(screen: str, width: int) -> None:
    wide = [line for line in screen.splitlines() if cell_len(line) > width]
    assert not wide, f"lines wider than {width} columns: {wide[:3]}"


def assert_whole(screen: str, values: Iterable[str], at_least: bool = False) -> None:
    """Each value appears whole on the screen; with `at_least`, as often as it is given."""
    wanted = Counter(values)
    for value, count in wanted.items():
        found = len(whole(value).findall(screen))
        assert found >= (count if at_least else 1), (value, found, count)


def allocation_screen_check(screen: str, args: list[str | Path], locale: str) -> None:
    found = rows([*args, "--format", "csv"])
    # Every amount of every row, as often as the rows have it (one cell each); every name.
    amounts = [human(r["amount"], locale) for r in found if r["role"] != "withdrawn"]
    assert_whole(screen, amounts, at_least=True)
    assert_whole(screen, {r["municipality"] for r in found})
    assert "…" not in screen


CASES = {
    "allocate-seed-en": (["allocate", SEED], "en"),
    "allocate-seed-da": (["allocate", SEED, "--locale", "da"], "da"),
    "allocate-4-en": (["allocate", FOUR], "en"),
    "allocate-4-da": (["allocate", FOUR, "--locale", "da"], "da"),
}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("case", list(CASES))
def test_allocate_shows_every_value_whole(case: str, width: int) -> None:
    args, locale = CASES[case]
    screen = on_screen(args, width)
    assert_fits(screen, width)
    allocation_screen_check(screen, args, locale)
    if "4" in case:  # the bill across clusters: each municipality's yearly total
        bills: Counter[tuple[str, str]] = Counter()
        for r in rows([*args, "--format", "csv"]):
            ore = ore_from_text(r["amount"]) or 0
            bills[(r["municipality"], r["year"])] += ore
        texts = [human(f"{ore // 100}.{ore % 100:02d}", locale) for ore in bills.values() if ore]
        assert_whole(screen, texts)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("locale", ["en", "da"])
@pytest.mark.parametrize("scenario", [SEED, FOUR], ids=["seed", "4-clusters"])
def test_schedule_shows_every_date_amount_and_name_whole(
    scenario: Path, locale: str, width: int
) -> None:
    args: list[str | Path] = ["schedule", scenario, "--locale", locale]
    screen = on_screen(args, width)
    assert_fits(screen, width)
    found = rows(["schedule", scenario, "--format", "csv"])
    assert_whole(screen, {danish_date(r["due_date"], locale) for r in found})
    assert_whole(screen, [human(r["amount"], locale) for r in found], at_least=True)
    assert_whole(screen, [r["payer"] for r in found], at_least=True)
    lead_payees = {r["payee"] for r in found if r["kind"] == "collect"}
    assert_whole(screen, lead_payees)
    assert "…" not in screen


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("locale", ["en", "da"])
def test_whatif_keeps_names_and_changes(locale: str, width: int) -> None:
    args: list[str | Path] = ["whatif", SEED, *ISSUE_EXAMPLE, "--locale", locale]
    screen = on_screen(args, width)
    assert_fits(screen, width)
    found = rows([*args, "--format", "csv"])
    assert_whole(screen, {r["municipality"] for r in found})
    shown = [human(r["whatif"], locale) for r in found if ore_from_text(r["whatif"])]
    assert_whole(screen, shown, at_least=True)
    changes = [human(r["change"], locale, signed=True) for r in found if r["change"] != "0.00"]
    assert_whole(screen, changes, at_least=True)
    assert_whole(screen, {human(r["baseline"], locale) for r in found})
    assert "…" not in screen
    # A status line's later lines hang under its year, and a comparison stays on one line.
    comparison = "(81,25 % < 85 %)" if locale == "da" else "(81.25 % < 85 %,"
    assert comparison in screen
    lines = screen.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("2021: "))
    for line in lines[start:]:
        assert re.match(r"(20\d\d: |      \S|$)", line), line


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("locale", ["en", "da"])
def test_sweep_shows_every_pool_and_worst_case(locale: str, width: int) -> None:
    args: list[str | Path] = ["sweep", SEED, "--max-withdrawals", "all", "--locale", locale]
    screen = on_screen(args, width)
    assert_fits(screen, width)
    document = json.loads(machine([*args, "--format", "json"]))
    separator = {"en": ",", "da": "."}[locale]
    for count in document["by_count"]:
        assert_whole(screen, [f"{count['combinations']:,}".replace(",", separator)])
        assert_whole(screen, [human(count["min_pool"], locale), human(count["max_pool"], locale)])
    for worst in document["by_municipality"]:
        assert_whole(screen, [worst["municipality"], *worst["max_when"]])
        assert_whole(screen, [human(worst["baseline"], locale), human(worst["max"], locale)])
    assert "…" not in screen


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("locale", ["en", "da"])
def test_explain_wraps_between_words(locale: str, width: int) -> None:
    args: list[str | Path] = ["explain", SEED, "Faxe", "--year", "2023", *ISSUE_EXAMPLE[:4],
                              "--locale", locale]  # fmt: skip
    screen = on_screen(args, width)
    assert_fits(screen, width)
    # Wrapping changes only where lines break: the words are those of the full-width text.
    assert screen.split() == machine(args).split()
    assert_whole(screen, [human("31237.00", locale), human("36713.00", locale)])
    found = rows(["allocate", SEED, "--format", "csv", "--year", "2023"])
    assert_whole(screen, {r["municipality"] for r in found})


@pytest.mark.parametrize(
    ("width", "extra"),
    [(1, {}), (80, {"COLUMNS": "0"}), (80, {"COLUMNS": "-5"}), (80, {"PYTHONIOENCODING": "ascii"})],
)
def test_an_absurd_window_or_encoding_still_shows_every_value(
    width: int, extra: dict[str, str]
) -> None:
    """A window one column wide, COLUMNS=0 (rich drew nothing at all) or an `ascii` terminal
    encoding (a traceback): every name and amount is still there, whole, in UTF-8."""
    args: list[str | Path] = ["allocate", SEED]
    screen = on_screen(args, width, **extra)
    found = rows([*args, "--format", "csv"])
    assert_whole(screen, {r["municipality"] for r in found})
    assert_whole(screen, {human(r["amount"], "en") for r in found})


@pytest.mark.parametrize(
    "args",
    [
        ["schedule", "--format", "xlsx", "-o", "/dev/stdout"],
        ["allocate", "--format", "xlsx", "-o", "/proc/self/fd/2"],
        ["report", "-o", "/dev/null", "--xlsx", "/dev/stdout"],
    ],
)
def test_a_workbook_is_never_written_onto_a_terminal(args: list[str]) -> None:
    """Naming the terminal as the output is the same as no -o: binary bytes on a screen."""
    screen = on_screen(args, 80, expect=2)
    assert "is a terminal, and a workbook is binary; name a file.xlsx" in screen
    assert "PK" not in screen  # no zip header reached the screen


def test_files_and_pipes_keep_the_full_width(tmp_path: Path) -> None:
    """Off a terminal, the same text whatever COLUMNS says, one line per row."""
    with contextlib.chdir(tmp_path):
        narrow = subprocess.run(
            [str(KLYNGE), "allocate", str(FOUR)], capture_output=True, check=True,
            env={**os.environ, "COLUMNS": "40"},
        ).stdout  # fmt: skip
    wide = machine(["allocate", FOUR])
    assert narrow.decode("utf-8") == wide
    assert any(line.startswith("  Næstved (lead) ") and line.endswith("2,000,000")
               for line in wide.splitlines())  # fmt: skip
