"""The `klynge` command line. Each command is load → compute → render → write; nothing more.

User mistakes arrive here as `KlyngeError`s and leave as one message per problem on stderr with
exit code 2 (`handled`). Options shared by several commands are defined once, below.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import typer

from klynge_cli import __version__
from klynge_cli.errors import EXIT_DIFFERENT, EXIT_INPUT, EXIT_OK, KlyngeError

app = typer.Typer(
    name="klynge",
    help="Co-financing of regional cluster offices: who pays what, and when.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

F = TypeVar("F", bound=Callable[..., Any])


def handled(command: F) -> F:
    """Turn a user's mistake into its message on stderr and exit code 2, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except KlyngeError as error:
            sys.stderr.write(f"{error}\n")
            raise typer.Exit(EXIT_INPUT) from None

    return wrapper  # type: ignore[return-value]


def warn(warnings: tuple[str, ...]) -> None:
    for warning in warnings:
        sys.stderr.write(f"warning: {warning}\n")


# --- options shared by several commands --------------------------------------------------------


TableFormat = Literal["table", "csv", "json", "markdown"]
Locale = Literal["en", "da"]
Dialect = Literal["plain", "excel-da"]


ScenarioArg = Annotated[
    Path | None,
    typer.Argument(
        metavar="[SCENARIO]",
        help="Scenario file (YAML). Default: the bundled We Build Denmark scenario.",
        show_default=False,
        dir_okay=False,
    ),
]
ClusterOpt = Annotated[
    str | None, typer.Option("--cluster", "-c", help="Only this cluster (its id).")
]
YearOpt = Annotated[int | None, typer.Option("--year", "-y", help="Only this financed year.")]
OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", help="Write to FILE (atomically) instead of stdout.", dir_okay=False
    ),
]
LocaleOpt = Annotated[
    Locale, typer.Option("--locale", help="Labels and numbers for people: en or da.")
]
DialectOpt = Annotated[
    Dialect,
    typer.Option(
        "--dialect", help="CSV dialect: plain (the contract) or excel-da (; and decimal comma)."
    ),
]


WithdrawOpt = Annotated[
    list[str],
    typer.Option(
        "--withdraw",
        "-w",
        metavar="NAME[@YEAR]",
        help="An extra withdrawal: NAME leaves from YEAR (default: each cluster's first year). "
        "Repeat for several.",
    ),
]


def parse_withdrawals(texts: list[str]) -> list[tuple[str, int | None]]:
    """`Stevns@2023` → ('Stevns', 2023); `Stevns` → ('Stevns', None)."""
    requests: list[tuple[str, int | None]] = []
    for text in texts:
        name, at, year = text.rpartition("@") if "@" in text else (text, "", "")
        if at and not (year.isdigit() and len(year) == 4):
            raise KlyngeError(f"--withdraw {text}: write NAME@YEAR with a year like 2023")
        if not name.strip():
            raise KlyngeError(f"--withdraw {text}: name a municipality, e.g. Stevns@2023")
        requests.append((name.strip(), int(year) if at else None))
    return requests


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"klynge {__version__}\n")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Co-financing of regional cluster offices: who pays what, and when.

    Every command takes a scenario file first; without one it uses the bundled We Build Denmark
    scenario (KKR Sjælland, 2021-2024).
    """


@app.command()
@handled
def allocate(
    scenario: ScenarioArg = None,
    cluster: ClusterOpt = None,
    year: YearOpt = None,
    format: Annotated[TableFormat, typer.Option("--format", "-f", help="Output format.")] = "table",
    output: OutputOpt = None,
    locale: LocaleOpt = "en",
    dialect: DialectOpt = "plain",
) -> None:
    """Who pays what: each municipality's amount per cluster and year.

    Example: klynge allocate scenarios/kkr-sjaelland-4-clusters.yaml --format csv -o out.csv
    """
    from klynge_cli.engine.rules import allocate as compute
    from klynge_cli.load.lookup import selection
    from klynge_cli.load.scenario import load_scenario
    from klynge_cli.output import emit
    from klynge_cli.render.views import allocation_view

    loaded = load_scenario(scenario)
    result = compute(loaded).select(*selection(loaded, cluster, year))
    emit(allocation_view(result, format, locale, dialect), output)
    warn(result.warnings)


ScheduleFormat = Literal["table", "csv", "json", "ics"]


@app.command()
@handled
def schedule(
    scenario: ScenarioArg = None,
    cluster: ClusterOpt = None,
    year: YearOpt = None,
    municipality: Annotated[
        str | None,
        typer.Option("--municipality", "-m", help="Only what this municipality pays."),
    ] = None,
    format: Annotated[
        ScheduleFormat, typer.Option("--format", "-f", help="Output format.")
    ] = "table",
    output: OutputOpt = None,
    locale: LocaleOpt = "en",
    dialect: DialectOpt = "plain",
) -> None:
    """When the money moves: collections, payments to the intermediary, reconfirmations.

    Example: klynge schedule --format ics -o klynge.ics
    """
    from klynge_cli.engine.rules import allocate as compute
    from klynge_cli.engine.timeline import schedule as plan
    from klynge_cli.load.lookup import find_municipality, selection
    from klynge_cli.load.scenario import load_scenario
    from klynge_cli.output import emit
    from klynge_cli.render.views import schedule_view

    loaded = load_scenario(scenario)
    result = plan(compute(loaded).select(*selection(loaded, cluster, year)))
    if municipality is not None:
        result = result.paid_by(find_municipality(loaded, municipality, "--municipality"))
    emit(schedule_view(result, format, locale, dialect), output)
    warn(result.warnings)


ComparisonFormat = Literal["table", "csv", "json"]


@app.command()
@handled
def whatif(
    withdraw: WithdrawOpt,
    scenario: ScenarioArg = None,
    cluster: Annotated[
        str | None,
        typer.Option(
            "--cluster", "-c", help="Only this cluster: for the withdrawals and the output."
        ),
    ] = None,
    format: Annotated[
        ComparisonFormat, typer.Option("--format", "-f", help="Output format.")
    ] = "table",
    output: OutputOpt = None,
    locale: LocaleOpt = "en",
    dialect: DialectOpt = "plain",
) -> None:
    """What if they leave? The scenario as written against the same with extra withdrawals.

    Example: klynge whatif --withdraw Roskilde@2023 --withdraw Slagelse@2023 --withdraw Køge@2024
    """
    from klynge_cli.engine.rules import allocate as compute
    from klynge_cli.engine.whatif import compare
    from klynge_cli.load.lookup import selection
    from klynge_cli.load.scenario import load_scenario
    from klynge_cli.load.withdrawals import with_extra_withdrawals
    from klynge_cli.output import emit
    from klynge_cli.render.views import comparison_view

    loaded = load_scenario(scenario)
    chosen, _ = selection(loaded, cluster, None)
    variant = with_extra_withdrawals(loaded, parse_withdrawals(withdraw), chosen)
    comparison = compare(compute(loaded).select(chosen), compute(variant).select(chosen))
    emit(comparison_view(comparison, format, locale, dialect), output)
    warn(comparison.whatif.warnings)


SweepFormat = Literal["table", "json"]


@app.command()
@handled
def sweep(
    scenario: ScenarioArg = None,
    cluster: Annotated[
        str | None,
        typer.Option("--cluster", "-c", help="The cluster to sweep (default: the first)."),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option("--year", "-y", help="The year to sweep (default: the cluster's first)."),
    ] = None,
    max_withdrawals: Annotated[
        str,
        typer.Option(
            "--max-withdrawals", "-k", metavar="K|all", help="Largest set of extra withdrawals."
        ),
    ] = "3",
    format: Annotated[SweepFormat, typer.Option("--format", "-f", help="Output format.")] = "table",
    output: OutputOpt = None,
    locale: LocaleOpt = "en",
) -> None:
    """How many can leave before the pool shrinks, and who pays most when they do.

    Example: klynge sweep --max-withdrawals all
    """
    from klynge_cli.engine.sweep import sweep as run_sweep
    from klynge_cli.load.lookup import selection
    from klynge_cli.load.scenario import load_scenario
    from klynge_cli.output import emit
    from klynge_cli.render.views import sweep_output

    loaded = load_scenario(scenario)
    chosen, _ = selection(loaded, cluster, year)
    target = loaded.cluster(chosen) if chosen else loaded.clusters[0]
    selection(loaded, target.id, year)
    k = None if max_withdrawals == "all" else _count(max_withdrawals, "--max-withdrawals")
    show_progress = format == "table" and output is None and sys.stdout.isatty()
    with _progress_bar(show_progress) as progress:
        result = run_sweep(loaded, target, year or target.first_year, k, progress)
    emit(sweep_output(result, format, locale), output)


def _count(text: str, option: str) -> int:
    if not text.isdigit():
        raise KlyngeError(f"{option} {text}: give a whole number or `all`")
    return int(text)


@contextlib.contextmanager
def _progress_bar(enabled: bool) -> Iterator[Callable[[int, int], None] | None]:
    """A rich progress bar on stderr, started only once a sweep has run 512 splits."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress, TaskID

    bar = Progress(console=Console(stderr=True), transient=True)
    task: list[TaskID] = []

    def advance(done: int, total: int) -> None:
        if not task:
            bar.start()
            task.append(bar.add_task("Sweeping", total=total))
        bar.update(task[0], completed=done, total=total)

    try:
        yield advance
    finally:
        bar.stop()


@app.command()
@handled
def explain(
    arguments: Annotated[
        list[str],
        typer.Argument(
            metavar="[SCENARIO] MUNICIPALITY", help="Scenario file (optional) and municipality."
        ),
    ],
    cluster: Annotated[
        str | None,
        typer.Option("--cluster", "-c", help="The cluster (default: the first it belongs to)."),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option("--year", "-y", help="The year (default: the cluster's first)."),
    ] = None,
    withdraw: Annotated[
        list[str] | None,
        typer.Option(
            "--withdraw",
            "-w",
            metavar="NAME[@YEAR]",
            help="Explain a what-if: extra withdrawals, as in `whatif`.",
        ),
    ] = None,
    output: OutputOpt = None,
) -> None:
    """Why this amount? Step by step, from members to the last krone.

    Example: klynge explain Faxe --year 2023 --withdraw Roskilde@2023 --withdraw Slagelse@2023
    """
    from klynge_cli.engine.explain import explain as facts
    from klynge_cli.engine.rules import allocate as compute
    from klynge_cli.load.lookup import find_municipality, member_cluster, selection
    from klynge_cli.load.scenario import load_scenario
    from klynge_cli.load.withdrawals import with_extra_withdrawals
    from klynge_cli.output import emit
    from klynge_cli.render.explanation import explanation_text
    from klynge_cli.render.labels import labels

    if len(arguments) > 2:
        raise KlyngeError(f"explain takes [SCENARIO] MUNICIPALITY, not {len(arguments)} arguments")
    path = Path(arguments[0]) if len(arguments) == 2 else None
    loaded = load_scenario(path)
    name = find_municipality(loaded, arguments[-1], "explain")
    selection(loaded, cluster, year)
    target = member_cluster(loaded, name, cluster, year)
    if withdraw:
        loaded = with_extra_withdrawals(loaded, parse_withdrawals(withdraw), None)
    result = compute(loaded)
    emit(
        explanation_text(facts(result, name, target.id, year or target.first_year), labels("en")),
        output,
    )
    warn(result.warnings)


@app.command()
@handled
def validate(
    scenarios: Annotated[
        list[Path], typer.Argument(metavar="SCENARIO...", help="Scenario files to check.")
    ],
) -> None:
    """Check scenario files and list every problem, with file, line and column.

    Exit 0 if all are valid, else 2. Example: klynge validate scenarios/*.yaml
    """
    from klynge_cli.engine.rules import allocate as compute
    from klynge_cli.engine.timeline import schedule as plan
    from klynge_cli.errors import Problems
    from klynge_cli.load.scenario import load_scenario

    problems: list[KlyngeError] = []
    for path in scenarios:
        try:
            loaded = load_scenario(path)
            plan(compute(loaded))  # the rules and dates can fail only on the figures
        except Problems as found:
            problems.extend(found.problems)
            continue
        except KlyngeError as found:
            problems.append(found)
            continue
        first = min(c.first_year for c in loaded.clusters)
        last = max(c.last_year for c in loaded.clusters)
        count = f"{len(loaded.clusters)} cluster{'s' if len(loaded.clusters) > 1 else ''}"
        sys.stdout.write(f"{path}: valid ({count}, {first}-{last})\n")
    if problems:
        raise Problems(problems)


@app.command()
@handled
def diff(
    old: Annotated[
        Path,
        typer.Argument(metavar="A", help="A scenario file, or an `allocate` CSV.", dir_okay=False),
    ],
    new: Annotated[
        Path,
        typer.Argument(metavar="B", help="A scenario file, or an `allocate` CSV.", dir_okay=False),
    ],
    format: Annotated[
        ComparisonFormat, typer.Option("--format", "-f", help="Output format.")
    ] = "table",
    output: OutputOpt = None,
    dialect: DialectOpt = "plain",
) -> None:
    """What changed between two versions: rows that changed, appeared or disappeared.

    Exit 0 when equal, 1 when not. Example: klynge diff old.yaml new.yaml
    """
    from klynge_cli.contract import ALLOCATION_KEY
    from klynge_cli.engine.diff import diff_rows
    from klynge_cli.golden import diff_side
    from klynge_cli.output import emit
    from klynge_cli.render.diffview import difference_view

    difference = diff_rows(diff_side(old), diff_side(new), ALLOCATION_KEY, (str(old), str(new)))
    emit(difference_view(difference, format, dialect), output)
    raise typer.Exit(EXIT_OK if difference.equal else EXIT_DIFFERENT)


@app.command()
@handled
def check(
    scenarios: Annotated[
        list[Path],
        typer.Argument(metavar="SCENARIO_OR_DIR...", help="Scenario files, or folders of *.yaml."),
    ],
    expected: Annotated[
        Path,
        typer.Option(
            "--expected",
            "-e",
            help="Folder of NAME.allocate.csv and NAME.schedule.csv.",
            file_okay=False,
        ),
    ],
    update: Annotated[bool, typer.Option("--update", help="(Re)write the expected files.")] = False,
) -> None:
    """Do the outputs still match the expected files? For CI pipelines.

    Exit 0 when all match, 1 on any difference or missing file.
    Example: klynge check scenarios --expected scenarios/expected
    """
    from klynge_cli.golden import check as run_check
    from klynge_cli.output import emit
    from klynge_cli.render.diffview import check_report

    results = run_check(scenarios, expected, update=update)
    emit(check_report(results), None)
    clean = all(r.outcome in ("ok", "updated") for r in results)
    raise typer.Exit(EXIT_OK if clean else EXIT_DIFFERENT)


@app.command()
@handled
def report(
    scenario: ScenarioArg = None,
    output: OutputOpt = None,
    locale: LocaleOpt = "en",
) -> None:
    """A printable HTML page for a council agenda: the agreement, who pays what, and when.

    One self-contained file (no scripts, nothing fetched) that prints to A4.
    Example: klynge report --locale da -o rapport.html
    """
    from klynge_cli.engine.rules import allocate as compute
    from klynge_cli.engine.timeline import schedule as plan
    from klynge_cli.load.scenario import load_scenario
    from klynge_cli.output import emit
    from klynge_cli.render.labels import labels
    from klynge_cli.render.report import report_html

    allocation = compute(load_scenario(scenario))
    emit(report_html(allocation, plan(allocation), labels(locale)), output)
    warn(allocation.warnings)


@app.command()
@handled
def init(
    path: Annotated[Path, typer.Argument(help="The scenario file to create.", dir_okay=False)],
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Start a scenario: a commented template that validates as it is.

    Example: klynge init kkr-nordjylland.yaml
    """
    from klynge_cli.errors import Where
    from klynge_cli.output import write_atomically
    from klynge_cli.template import scenario_template

    if path.exists() and not force:
        raise KlyngeError(
            "already exists; klynge init never overwrites it (use --force)", Where(str(path))
        )
    write_atomically(path, scenario_template(path.stem).encode("utf-8"))
    sys.stdout.write(f"wrote {path}; check it with: klynge validate {path}\n")


populations_app = typer.Typer(
    name="populations",
    help="Population figures: import them from Danmarks Statistik.",
    no_args_is_help=True,
)
app.add_typer(populations_app)


@populations_app.command("import")
@handled
def import_populations(
    file: Annotated[
        Path, typer.Argument(help="A Statbank CSV export of table FOLK1A.", dir_okay=False)
    ],
    output: OutputOpt = None,
) -> None:
    """Turn a Danmarks Statistik FOLK1A export into klynge's population file format.

    Only first-quarter figures (1 January) are kept; code and region come from klynge's table
    of municipalities. Example: klynge populations import FOLK1A.csv -o populations.csv
    """
    from klynge_cli.load.statbank import read_statbank
    from klynge_cli.output import emit
    from klynge_cli.render.delimited import csv_text

    figures = read_statbank(file)
    source = f"FOLK1A 1 Jan {{year}} (Danmarks Statistik Statbank export {file.name})"
    rows = (
        (
            f.code,
            f.municipality,
            f.region,
            str(f.year),
            str(f.population),
            source.format(year=f.year),
        )
        for f in figures
    )
    emit(csv_text(POPULATION_FIELDS, rows), output)


POPULATION_FIELDS = ("code", "municipality", "region", "year", "population", "source")


def lean_app(argv: list[str]) -> typer.Typer:
    """The app with only the command being run, so Typer prepares one command, not all ten.

    Building every command's parameters costs a few milliseconds of each run; help, completion
    and anything unrecognised get the full app.
    """
    name = argv[1] if len(argv) > 1 else ""
    if name == "--version":
        return _with(commands=[], groups=[])
    commands = [
        c
        for c in app.registered_commands
        if str(c.name or getattr(c.callback, "__name__", "")).replace("_", "-") == name
    ]
    groups = [g for g in app.registered_groups if g.name == name]
    if not commands and not groups:
        return app
    return _with(commands=commands, groups=groups)


def _with(commands: list[Any], groups: list[Any]) -> typer.Typer:
    lean = typer.Typer.__new__(typer.Typer)
    lean.__dict__.update(app.__dict__, registered_commands=commands, registered_groups=groups)
    return lean


def main() -> None:
    """The console script."""
    # A run is short, builds no reference cycles worth collecting, and everything imported
    # lives until it ends: freeze what is there and switch the cyclic collector off. This saves
    # about a tenth of every run (see benchmarks/); memory is still freed by reference counting.
    gc.freeze()
    gc.disable()
    lean_app(sys.argv)()
