"""Hostile and careless input from the command line: exit 2 with one located message each.

Scenario files with mistakes live in tests/data/invalid/ (test_invalid_inputs.py); these are
the cases that need arguments, several files or a look at what was (not) written.
"""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from helpers import SEED, run, write

from klynge_cli.limits import MAX_YAML_VALUES

SCENARIO = """
klynge: 1
populations: {year: 2021}
members: {region: Sjælland}
clusters:
  - {id: wbd, name: We Build Denmark, lead: Næstved, years: [2021, 2024]}
"""


@pytest.mark.parametrize(
    "args",
    [
        ("whatif", "--withdraw", "Roskilde@²⁰²³"),
        ("whatif", "--withdraw", "Roskilde@٢٠٢٣"),
        ("whatif", "--withdraw", "Roskilde@0000"),
        ("whatif", "--withdraw", "Roskilde@9999"),
        ("sweep", "-k", "²"),
        ("sweep", "--max-steps", "１０"),
        ("allocate", "--year", "٢٠٢٣"),
        ("allocate", "--year", "2_023"),
        ("explain", "Faxe", "--year", "²⁰²³"),
    ],
    ids=" ".join,
)
def test_only_ascii_digits_are_numbers(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.exit_code == 2, result.stdout
    assert result.stdout == ""


def test_a_withdrawal_after_the_last_year_is_a_warning(tmp_path: Path) -> None:
    """It changes nothing; said so, so that a mistyped year (2203) does not pass unseen."""
    path = write(tmp_path, "s.yaml", SCENARIO + "withdrawals: [{municipality: Faxe, from: 2203}]\n")
    result = run("allocate", path, "--format", "csv")
    assert result.exit_code == 0
    assert (
        result.stdout
        == run("allocate", write(tmp_path, "t.yaml", SCENARIO), "--format", "csv").stdout
    )
    assert result.stderr == (
        "warning: Faxe withdraws from 2203, after the last financed year (2024): it changes "
        "nothing\n"
    )
    result = run("whatif", "--withdraw", "Roskilde@2025", "--format", "csv")
    assert result.exit_code == 0 and "0.00\n" in result.stdout
    assert "Roskilde withdraws from 2025, after the last financed year (2024)" in result.stderr


def test_a_withdrawal_before_the_first_year_is_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path, "s.yaml", SCENARIO + "withdrawals: [{municipality: Faxe, from: 2019}]\n")
    result = run("allocate", path, "--format", "csv")
    assert result.exit_code == 0
    assert ",Faxe,withdrawn," in result.stdout
    assert result.stderr == (
        "warning: Faxe withdraws from 2019, before the first financed year (2021): it pays "
        "nothing from the start\n"
    )


def test_populations_import_never_formats_the_file_name(tmp_path: Path) -> None:
    export = "OMRÅDE;TID;INDHOLD\nFaxe;2021K1;36713\n"
    for name in ("FOLK1A{x}.csv", "F{year}.csv"):
        source = write(tmp_path, name, export)
        result = run("populations", "import", source)
        assert result.exit_code == 0, result.stderr
        assert result.stdout.splitlines()[1] == (
            f"320,Faxe,Sjælland,2021,36713,FOLK1A 1 Jan 2021 (Danmarks Statistik Statbank "
            f"export {name})"
        )


def test_an_input_is_never_an_output(tmp_path: Path) -> None:
    export = write(tmp_path, "FOLK1A.csv", "OMRÅDE;TID;INDHOLD\nFaxe;2021K1;36713\n")
    result = run("populations", "import", export, "-o", export)
    assert result.exit_code == 2
    assert result.stderr == (
        f"{export}: is this command's Statbank export; klynge will not overwrite an input "
        "(name another file)\n"
    )
    assert export.read_text(encoding="utf-8") == "OMRÅDE;TID;INDHOLD\nFaxe;2021K1;36713\n"
    population = write(tmp_path, "pop.csv", "municipality,population\nNæstved,100\nFaxe,10\n")
    scenario = write(
        tmp_path,
        "s.yaml",
        "klynge: 1\npopulations: {file: pop.csv, year: 2021}\nmembers: [Næstved, Faxe]\n"
        "clusters: [{id: c, name: C, lead: Næstved, years: [2021, 2021]}]\n",
    )
    result = run("allocate", scenario, "--format", "csv", "-o", population)
    assert result.exit_code == 2
    assert "is this command's population file" in result.stderr
    csv_file = write(tmp_path, "a.csv", run("allocate", "--format", "csv").stdout)
    result = run("diff", csv_file, SEED, "-o", csv_file)
    assert result.exit_code == 2 and "is this command's CSV file" in result.stderr


def test_empty_paths_say_so() -> None:
    for args in (("allocate", ""), ("allocate", "-o", ""), ("explain", "", "Faxe")):
        result = run(*args)
        assert result.exit_code == 2
        assert "empty path" in result.stdout + result.stderr


def test_check_refuses_two_scenarios_with_one_name(tmp_path: Path) -> None:
    a = write(tmp_path / "a", "s.yaml", SCENARIO) if (tmp_path / "a").mkdir() is None else None
    b = write(tmp_path / "b", "s.yaml", SCENARIO) if (tmp_path / "b").mkdir() is None else None
    assert a and b
    expected = tmp_path / "expected"
    result = run("check", a, b, "--expected", expected, "--update")
    assert result.exit_code == 2
    assert result.stderr == (
        f"{b}: has the same name as {a}, so both would be checked against "
        f"{expected}/s.allocate.csv; rename one\n"
    )
    assert not expected.exists()


def test_check_update_writes_all_files_or_none(tmp_path: Path) -> None:
    scenario = write(tmp_path, "s.yaml", SCENARIO)
    expected = tmp_path / "expected"
    expected.mkdir()
    (expected / "s.schedule.csv").mkdir()  # the second of the two cannot be written
    result = run("check", scenario, "--expected", expected, "--update")
    assert result.exit_code == 2
    assert result.stderr == f"{expected}/s.schedule.csv: is a folder, not an expected file\n"
    assert not (expected / "s.allocate.csv").exists()  # nothing half-updated
    assert sorted(p.name for p in expected.iterdir()) == ["s.schedule.csv"]


def test_check_with_an_unreadable_expected_file_is_located(tmp_path: Path) -> None:
    scenario = write(tmp_path, "s.yaml", SCENARIO)
    expected = tmp_path / "expected"
    expected.mkdir()
    import os

    os.mkfifo(expected / "s.allocate.csv")
    result = run("check", scenario, "--expected", expected)
    assert result.exit_code == 2
    assert result.stderr == (
        f"{expected}/s.allocate.csv: is not a regular file, so klynge will not read it as an "
        "expected file\n"
    )


def test_diff_compares_values_not_text(tmp_path: Path) -> None:
    text = run("allocate", "--format", "csv").stdout
    plain = write(tmp_path, "a.csv", text)
    loose = write(
        tmp_path, "b.csv", text.replace(",24292.00", ",24292").replace(",0.048584,", ",0.0485840,")
    )
    result = run("diff", plain, loose)
    assert result.exit_code == 0, result.stdout
    assert result.stdout == "No differences: 68 rows compared.\n"
    shifted = write(tmp_path, "c.csv", text.replace(",0.048584,", ",0.048585,", 1))
    result = run("diff", plain, shifted)
    assert result.exit_code == 1
    assert result.stdout.startswith("wbd 2021 Faxe: share 0.048584 → 0.048585\n")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (",24292.00", ",²", "amount '²' is not an amount"),
        (",0.048584,", ",abc,", "share 'abc' is not a share"),
        (",24292.00", ",24292.001", "amount '24292.001' is not an amount"),
        (",36713,", ",36 713,", "population '36 713' is not a whole number"),
    ],
)
def test_diff_locates_a_malformed_cell(tmp_path: Path, old: str, new: str, message: str) -> None:
    text = run("allocate", "--format", "csv").stdout
    bad = write(tmp_path, "bad.csv", text.replace(old, new, 1))
    line = next(i for i, row in enumerate(text.splitlines(), 1) if old in row)
    column = text.splitlines()[line - 1].index(old) + 2
    result = run("diff", SEED, bad)
    assert result.exit_code == 2
    assert result.stderr == f"{bad}:{line}:{column}: {message}\n"


def test_a_huge_sweep_is_refused_at_once_with_what_would_fit(tmp_path: Path) -> None:
    national = write(
        tmp_path,
        "all.yaml",
        """
        klynge: 1
        populations: {year: 2021}
        members: {region: Sjælland}
        defaults: {below_threshold: pro-rata}
        clusters: [{id: c, name: C, lead: Næstved, years: [2021, 2021]}]
        """,
    )
    result = run("sweep", national, "-k", "all", "--max-steps", "100000")
    assert result.exit_code == 2
    assert (
        result.stderr
        == (
            "sweeping up to 16 more withdrawals among 16 participants of c splits the pool 65,536 "
            "times: 524,288 steps, roughly 1 second; klynge stops at 100,000 steps "
            "(docs/limits.md). Sweep fewer (--max-withdrawals 3), or allow it (--max-steps 524288); "
            "a long sweep shows its progress on a terminal\n"
        )
        or "klynge stops at 100,000 steps" in result.stderr
    )
    assert run("sweep", national, "-k", "3", "--max-steps", "100000").exit_code == 0


def test_names_written_decomposed_are_the_same_names(tmp_path: Path) -> None:
    """`å` written as `a` + a combining ring (NFD, as macOS file names and some editors have it)
    is the same letter: compared, and shown, in the composed form (NFC)."""
    text = (
        "klynge: 1\npopulations: {file: pop.csv, year: 2021}\nmembers: [Tårnby, Dragør]\n"
        "clusters: [{id: c, name: Kastrup Tårn, lead: Dragør, years: [2021, 2021]}]\n"
    )
    decomposed = unicodedata.normalize("NFD", text)
    assert decomposed != text
    write(
        tmp_path,
        "pop.csv",
        unicodedata.normalize("NFD", "municipality,population\nTårnby,43000\nDragør,14000\n"),
    )
    path = write(tmp_path, "nfd.yaml", decomposed)
    result = run("allocate", path, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[2] == "c,2021,Tårnby,member,43000,1.000000,500000.00"
    result = run("explain", path, unicodedata.normalize("NFD", "Tårnby"))
    assert result.exit_code == 0 and "Tårnby in Kastrup Tårn (c), 2021" in result.stdout


def test_the_value_limit_stops_parsing_early(tmp_path: Path) -> None:
    """The cause of a slow parse is bounded, whatever the file's size: parsing stops at the
    first value past the limit (measured in time by benchmarks/hostile.py, not here)."""
    from klynge_cli.errors import KlyngeError
    from klynge_cli.load.yamlfile import parse_yaml

    text = "klynge: 1\nx: [" + ", ".join(["1"] * (MAX_YAML_VALUES * 50)) + "]\n"
    with pytest.raises(KlyngeError) as raised:
        parse_yaml(text, "dense.yaml")
    where = raised.value.where
    assert where is not None and where.column is not None
    assert where.column < len(text) // 40  # stopped near the start, not at the end


@pytest.mark.parametrize(
    ("clusters", "years", "message"),
    [
        (21, 1, "the workbook's number of cluster sheets is 21; klynge allows at most 20"),
        (
            2,
            51,
            (
                "the workbook's number of cluster-years (a block of columns each) is 102; "
                "klynge allows at most 100"
            ),
        ),
    ],
)
def test_a_workbook_is_refused_above_its_sheet_and_block_limits(
    tmp_path: Path, clusters: int, years: int, message: str
) -> None:
    """A sheet and a block of columns cost time of their own: 390 one-year clusters of 11
    members (4,290 rows) took 3.5 s before these limits."""
    text = (
        "klynge: 1\npopulations: {year: 2023}\nmembers: [Aalborg, Hjørring]\nclusters:\n"
        + "".join(
            f"  - {{id: c{i}, name: C, lead: Aalborg, years: [2000, {1999 + years}]}}\n"
            for i in range(clusters)
        )
    )
    path = write(tmp_path, "sheets.yaml", text)
    result = run("allocate", path, "--format", "xlsx", "-o", tmp_path / "b.xlsx")
    assert result.exit_code == 2 and result.stderr.startswith(message), result.stderr
    assert not (tmp_path / "b.xlsx").exists()
    assert (
        run(
            "allocate", path, "--format", "xlsx", "--cluster", "c0", "-o", tmp_path / "b.xlsx"
        ).exit_code
        == 0
    )


def test_a_workbook_is_refused_above_its_row_limit(tmp_path: Path) -> None:
    clusters = "".join(
        f"  - {{id: c{i}, name: C{i}, lead: Næstved, years: [2021, 2024]}}\n" for i in range(75)
    )
    path = write(
        tmp_path, "many.yaml", SCENARIO.split("clusters:", maxsplit=1)[0] + "clusters:\n" + clusters
    )
    result = run("allocate", path, "--format", "xlsx", "-o", tmp_path / "b.xlsx")
    assert result.exit_code == 2
    assert result.stderr == (
        "the workbook's number of allocation rows is 5,100; klynge allows at most 2,000 "
        "(docs/limits.md). Write fewer clusters or years (--cluster, --year), or use --format "
        "csv.\n"
    )
    assert not (tmp_path / "b.xlsx").exists()
    assert (
        run("allocate", path, "--format", "xlsx", "-o", tmp_path / "b.xlsx", "-c", "c0").exit_code
        == 0
    )


def test_messages_escape_what_a_terminal_would_act_on() -> None:
    """An escape sequence or a right-to-left override from an argument or a file reaches stderr
    as its escape, never as the byte a terminal would act on (retitle, recolour, reorder)."""
    result = run("allocate", "--cluster", "a\x1b]0;PWNED\x07\x1b[31mb\u202ec")
    assert result.exit_code == 2
    assert "--cluster a\\x1b]0;PWNED\\x07\\x1b[31mb\\u202ec: no such cluster" in result.stderr
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr


def test_a_stderr_that_cannot_encode_a_name_still_gets_the_message() -> None:
    """PYTHONIOENCODING=ascii: the message comes through, 'æ' as its escape, exit code 2."""
    klynge = Path(sys.executable).with_name("klynge")
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    done = subprocess.run(
        [klynge, "allocate", "--cluster", "Næst"], capture_output=True, env=env, check=False
    )
    assert done.returncode == 2
    assert done.stderr.decode("ascii") == (
        "--cluster N\\xe6st: no such cluster in bundled scenario kkr-sjaelland-wbd.yaml; its "
        "clusters are wbd\n"
    )


def test_ctrl_c_while_klynge_loads_is_exit_130_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The console script loads Typer and klynge's modules first; a Ctrl-C then (some 0.1 s
    after start) printed a KeyboardInterrupt traceback."""
    from klynge_cli import entry

    class CtrlC:
        def find_spec(self, name: str, *args: object) -> None:
            if name == "klynge_cli.cli":
                raise KeyboardInterrupt

    monkeypatch.delitem(sys.modules, "klynge_cli.cli", raising=False)
    monkeypatch.setattr(sys, "meta_path", [CtrlC(), *sys.meta_path])
    with pytest.raises(SystemExit) as ended:
        entry.main()
    assert ended.value.code == 130
