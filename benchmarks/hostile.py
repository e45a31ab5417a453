"""Hostile input, timed: every input under 1 MiB must answer in under 2 s and 200 MiB.

    python benchmarks/hostile.py          # all cases, a line each, and a verdict

Runs real `klynge` processes on the bad-input corpus (tests/data/invalid/) and on generated
worst cases: files of the largest size klynge reads that are dense with values, comments or
one long text; nesting hidden behind aliases; scenarios asking for centuries, thousands of
clusters or an astronomical sweep; calendars for `schedule --previous` shaped to cost an
iCalendar parser the most, or to make klynge write a mebibyte of cancelled events back.
Reports each run's wall time, peak memory (wait4) and exit code; any exit code but 0 and 2,
any traceback, > 2 s or > 200 MiB is a failure.

Timing lives here and not in the tests (docs/performance.md): the tests check the causes (the
parser stops at the value limit, limits are checked before the work), this checks the effect.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from klynge_cli.limits import MAX_FILE_BYTES, MAX_PREVIOUS_EVENTS, MAX_SCENARIO_BYTES

ROOT = Path(__file__).resolve().parent.parent
KLYNGE = str(Path(sys.executable).with_name("klynge"))
INVALID = ROOT / "tests" / "data" / "invalid"
SECONDS, MEBIBYTES = 2.0, 200
MIB = MAX_FILE_BYTES
HEAD = "klynge: 1\npopulations: {year: 2021}\nmembers: {region: Sjælland}\n"


def generated(folder: Path) -> list[tuple[str, list[str]]]:
    """Worst cases made on the spot, each as (label, klynge arguments)."""

    def file(name: str, text: str) -> str:
        path = folder / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    def fill(prefix: str, item: str, suffix: str = "", size: int = MAX_SCENARIO_BYTES) -> str:
        """A text just under `size` bytes (the largest klynge reads), dense with `item`."""
        count = (size - 100 - len(prefix.encode()) - len(suffix)) // len(item.encode())
        return prefix + item * count + suffix

    cluster = "  - {{id: c{0}, name: C{0}, lead: Næstved, years: [1900, 1999]}}\n"
    digits = "0.12345678901234567890123456789"  # the most digits a number may have
    cases = [
        ("dense flow list", file("dense.yaml", fill("klynge: 1\nx: [", "1,", "1]\n"))),
        ("dense mapping", file("map.yaml", "klynge: 1\nx:\n" + "".join(
            f"  k{i}: {i}\n" for i in range(MAX_SCENARIO_BYTES // 14)))),
        ("a 1 MiB scenario", file("big.yaml", fill("klynge: 1\n", "# x\n", size=MIB))),
        ("comments", file("comments.yaml", fill("klynge: 1\n", "# a comment line\n"))),
        ("one long text", file("long.yaml", fill(HEAD + "name: ", "a", "\n"))),
        ("long quoted text", file("quoted.yaml", fill(HEAD + 'name: "', "a", '"\n'))),
        ("deep nesting", file("deep.yaml", fill("klynge: ", "[") )),
        ("aliases hiding depth", file("alias-depth.yaml", "klynge: 1\n" + "\n".join(
            f"k{i}: &a{i} " + "[" * 59 + (f"*a{i - 1}" if i else "x") + "]" * 59
            for i in range(30)) + "\n")),
        ("centuries x 100 clusters", file("centuries.yaml", HEAD + "clusters:\n" + "".join(
            cluster.format(i) for i in range(100)))),
        ("many small clusters", file("many.yaml", HEAD + "clusters:\n" + "".join(
            f"  - {{id: c{i}, name: C, lead: Næstved, years: [2021, 2021]}}\n"
            for i in range(1400)))),
        ("many withdrawals", file("withdrawals.yaml", HEAD + "clusters:\n"
            "  - {id: w, name: W, lead: Næstved, years: [2021, 2024]}\nwithdrawals:\n" + "".join(
            f"  - {{municipality: Faxe, from: {2021 + i % 4}}}\n" for i in range(1500)))),
        ("co-funder rows past the row limit", file("co-funders.yaml", HEAD + "clusters:\n"
            "  - {id: a, name: A, lead: Næstved, years: [2021, 2120], co_funders: &cf ["
            + ", ".join(f"{{name: B{i}, amount: 1}}" for i in range(960)) + "]}\n"
            "  - {id: b, name: B, lead: Næstved, years: [2021, 2120], co_funders: *cf}\n")),
        ("30-digit rates over a century", file("rates.yaml", HEAD + "defaults: {rounding: ore}\n"
            "clusters:\n" + "".join(
            f"  - {{id: c{i}, name: C, lead: Næstved, members: [Næstved, Faxe], "
            "years: [2021, 2120], formula: per-capita, "
            f"rate: {digits}, indexation: {digits}}}\n" for i in range(25)))),
        ("30-digit index series over a century", file("series.yaml", HEAD
            + "defaults: {rounding: ore}\nclusters:\n" + "".join(
            f"  - {{id: c{i}, name: C, lead: Næstved, members: [Næstved, Faxe], "
            "years: [2021, 2120], formula: per-capita, "
            f"rate: {digits}, indexation: " + ("&s {" + ", ".join(
                f"{y}: 0.{y}{digits[6:]}" for y in range(2022, 2121)) + "}" if i == 0 else "*s")
            + "}\n" for i in range(25)))),
        ("workbook of 20 sheets, 100 blocks", file("sheets.yaml", "klynge: 1\n"
            "populations: {year: 2023}\nmembers: {region: Sjælland}\nclusters:\n" + "".join(
            f"  - {{id: c{i}, name: C, lead: Næstved, years: [2021, 2025]}}\n"
            for i in range(20)))),
        ("workbook of 390 sheets", file("many-sheets.yaml", "klynge: 1\n"
            "populations: {year: 2023}\nmembers: {region: Nordjylland}\nclusters:\n" + "".join(
            f"  - {{id: c{i}, name: C, lead: Aalborg, years: [2023, 2023]}}\n"
            for i in range(390)))),
        ("population CSV at the size limit", file("pop.yaml",
            "klynge: 1\npopulations: {file: pop.csv, year: 2021}\nmembers: [Næstved, Faxe]\n"
            "clusters: [{id: c, name: C, lead: Næstved, years: [2021, 2021]}]\n")),
    ]  # fmt: skip
    (folder / "pop.csv").write_text(fill("municipality,population\n", "Faxe,1\n"), encoding="utf-8")
    runs = [(label, ["allocate", path, "--format", "csv"]) for label, path in cases]
    seed = str(ROOT / "scenarios" / "kkr-sjaelland-wbd.yaml")
    largest = national(folder / "largest", clusters=31)  # 24,304 rows: just under MAX_ROWS
    runs += [
        *(
            (f"{' '.join(command)} of 24,304 rows", [*command, largest])
            for command in (
                ["allocate"],
                ["allocate", "--format", "json"],
                ["allocate", "--format", "markdown"],
                ["schedule"],
                ["schedule", "--format", "ics"],
                ["whatif", "-w", "Aarhus"],
                ["report", "-o", "/dev/null"],
                ["allocate", "--format", "xlsx", "-o", "/dev/null"],
            )
        ),
        (
            "workbook of 1,992 rows",
            [
                "allocate",
                "--format",
                "xlsx",
                "-o",
                "/dev/null",
                national(folder / "workbook", clusters=3, members=83),
            ],
        ),
        ("sweep 98 members, all", ["sweep", national(folder), "-k", "all", "--format", "json"]),
        ("sweep seed, all", ["sweep", seed, "-k", "all", "--format", "json"]),
        ("whatif, 16 withdrawals", ["whatif", seed, *(f"-w{m}" for m in SJAELLAND)]),
        ("report of centuries", ["report", str(folder / "centuries.yaml"), "-o", "/dev/null"]),
        *(
            (
                f"{label} as xlsx",
                ["report", str(folder / name), "-o", "/dev/null", "--xlsx", "/dev/null"],
            )
            for label, name in (("20 sheets", "sheets.yaml"), ("390 sheets", "many-sheets.yaml"))
        ),
        ("report of a century of rates", ["report", str(folder / "rates.yaml"), "-o", "/dev/null"]),
        (
            "calendar of 7,475 events",
            ["schedule", str(folder / "rates.yaml"), "--format", "ics", "-o", "/dev/null"],
        ),
        (
            "report of a century of series",
            ["report", str(folder / "series.yaml"), "-o", "/dev/null"],
        ),
    ]
    runs += [
        (f"--previous: {label}", ["schedule", seed, "--format", "ics", "--previous", path])
        for label, path in previous_calendars(folder, seed)
    ]
    return runs


def previous_calendars(folder: Path, seed: str) -> list[tuple[str, str]]:
    """Calendars for `schedule --previous`, each as large as klynge reads: the shapes that cost
    a general iCalendar parser the most, and klynge's own calendars with every gone event (each
    written again, cancelled) as large as the event limit and the size limit allow."""
    made = subprocess.run(
        [KLYNGE, "schedule", seed, "--format", "ics"], capture_output=True, check=True
    )
    own = made.stdout.decode("utf-8")  # the seed's calendar, as klynge writes it (CRLF)
    head, end = own.removesuffix("END:VCALENDAR\r\n"), "END:VCALENDAR\r\n"
    klynge = "BEGIN:VCALENDAR\r\nPRODID:-//klynge//payment schedule//EN\r\n"
    ident = Path(seed).stem  # the calendar id: gone events of this calendar are cancelled

    def gone(number: int, description: str = "d") -> str:
        """An event of this calendar that the scenario does not make, folded as klynge folds."""
        folded = "\r\n ".join(description[i : i + 60] for i in range(0, len(description), 60))
        return (
            "BEGIN:VEVENT\r\nSUMMARY:Gone\r\nDTSTART;VALUE=DATE:20210101\r\n"
            "DTEND;VALUE=DATE:20210102\r\nDTSTAMP:20210101T000000Z\r\n"
            f"UID:{ident}/wbd/{number}/pay/naestved@klynge\r\nSEQUENCE:0\r\n"
            f"DESCRIPTION:{folded}\r\nTRANSP:TRANSPARENT\r\nEND:VEVENT\r\n"
        )

    def largest(make: Callable[[int], str]) -> str:
        """make(n) for the largest n that keeps it within MIB bytes (never one twice as large)."""
        low, high = 0, 1
        while len(make(high).encode()) <= MIB:
            low, high = high, high * 2
        while low < high - 1:
            middle = (low + high) // 2
            if len(make(middle).encode()) <= MIB:
                low = middle
            else:
                high = middle
        return make(low)

    events = MAX_PREVIOUS_EVENTS
    shapes: list[tuple[str, Callable[[int], str]]] = [
        ("empty properties", lambda n: "BEGIN:VCALENDAR\n" + "X:\n" * n + "END:VCALENDAR\n"),
        ("a parameter of commas", lambda n: "BEGIN:VCALENDAR\nX;A=" + "," * n + ":x\n"),
        ("parameters", lambda n: "BEGIN:VCALENDAR\nX" + ";A=" * n + ":x\nEND:VCALENDAR\n"),
        ("components", lambda n: "BEGIN:VCALENDAR\n" + "BEGIN:A\nEND:A\n" * n),
        ("events nested", lambda n: head + "BEGIN:VEVENT\r\n" * n + "END:VEVENT\r\n" * n + end),
        ("small events", lambda n: klynge + "".join(gone(i) for i in range(n)) + end),
        (
            f"{events:,} gone events",
            lambda n: klynge + "".join(gone(i, "a\\, " * n) for i in range(events)) + end,
        ),
        ("a gone event's long text", lambda n: klynge + gone(1, "Faxe\\, " * n) + end),
        ("folded empty", lambda n: klynge + "X-WR-CALNAME:" + "\r\n " * n + "\r\n" + end),
        ("empty lines", lambda n: klynge + "\n" * n + end),
    ]
    calendars = []
    for number, (label, make) in enumerate(shapes):
        path = folder / f"previous-{number}.ics"
        path.write_bytes(largest(make).encode())
        calendars.append((label, str(path)))
    return calendars


SJAELLAND = ["Faxe", "Greve", "Guldborgsund", "Holbæk", "Kalundborg", "Køge", "Lejre", "Lolland",
             "Odsherred", "Ringsted", "Roskilde", "Slagelse", "Solrød", "Sorø", "Stevns",
             "Vordingborg"]  # fmt: skip


def national(folder: Path, clusters: int = 1, members: int = 98) -> str:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import national as make

    folder.mkdir(exist_ok=True)
    return str(make.write(folder, clusters=clusters, members=members))


def measure(arguments: list[str], cwd: Path) -> tuple[float, float, int, bool]:
    """Wall seconds, peak MiB, exit code and whether stderr shows a traceback."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [KLYNGE, *arguments], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert process.stderr is not None
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss / 1024, code, b"Traceback" in stderr


def main() -> int:
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    failures = 0
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        runs = [
            (f"invalid/{p.name}", ["allocate", p.name, "--format", "csv"])
            for p in sorted(INVALID.glob("*.yaml"))
        ] + generated(folder)
        print(f"{'case':<44} {'s':>6} {'MiB':>6} exit")
        for label, arguments in runs:
            cwd = INVALID if label.startswith("invalid/") else folder
            seconds, mebibytes, code, traceback = measure(arguments, cwd)
            bad = code not in (0, 2) or traceback or seconds > SECONDS or mebibytes > MEBIBYTES
            failures += bad
            flag = "  FAIL" if bad else ""
            print(f"{label:<44} {seconds:6.2f} {mebibytes:6.1f} {code:4d}{flag}")
    print(f"\n{len(runs) - failures} of {len(runs)} within {SECONDS} s and {MEBIBYTES} MiB")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
