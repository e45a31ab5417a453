"""The `klynge` application: the commands (each in `klynge_cli/commands/`) on one Typer app.

Only Typer is imported here; each command imports what it needs when it runs, so start-up stays
close to the cost of importing Typer (see docs/performance.md).
"""

from __future__ import annotations

import contextlib
import gc
import sys
from typing import Annotated, Any

import typer

from klynge_cli import __version__
from klynge_cli.commands import (
    allocate,
    diff,
    explain,
    init,
    populations,
    report,
    schedule,
    sweep,
    validate,
    whatif,
)
from klynge_cli.errors import EXIT_INPUT

app = typer.Typer(
    name="klynge",
    help="Co-financing of regional cluster offices: who pays what, and when.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        try:
            sys.stdout.write(f"klynge {__version__}\n")
            sys.stdout.flush()
        except (AttributeError, OSError):  # stdout closed or full
            raise typer.Exit(EXIT_INPUT) from None
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


for command in (
    allocate.allocate,
    schedule.schedule,
    whatif.whatif,
    sweep.sweep,
    explain.explain,
    validate.validate,
    diff.diff,
    diff.check,
    report.report,
    init.init,
):
    app.command()(command)

populations_app = typer.Typer(
    name="populations",
    help="Population figures: import them from Danmarks Statistik.",
    no_args_is_help=True,
)
populations_app.command("import")(populations.import_populations)
app.add_typer(populations_app)


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


class _ForgivingStderr:
    """stderr that cannot fail: when it is full or gone, a message is lost, not the exit code.

    Typer prints its own usage errors (exit 2) through it; klynge's go through `tell`.
    """

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        with contextlib.suppress(OSError, ValueError):
            self._stream.write(text)
            self._stream.flush()
        return len(text)

    def flush(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self._stream.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def main() -> None:
    """The console script."""
    # A run is short, builds no reference cycles worth collecting, and everything imported
    # lives until it ends: freeze what is there and switch the cyclic collector off. This saves
    # about a tenth of every run (see benchmarks/); memory is still freed by reference counting.
    gc.freeze()
    gc.disable()
    if sys.stderr is not None:
        sys.stderr = _ForgivingStderr(sys.stderr)
    lean_app(sys.argv)()
