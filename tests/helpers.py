"""Test helpers: run the CLI in-process, write scenario and population files."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from typer.testing import CliRunner

from klynge_cli.cli import app
from klynge_cli.errors import Where
from klynge_cli.model import Cluster, ScheduleRules, Terms
from klynge_cli.resources import scenarios_dir

SCENARIOS = scenarios_dir()
SEED = SCENARIOS / "kkr-sjaelland-wbd.yaml"
FOUR = SCENARIOS / "kkr-sjaelland-4-clusters.yaml"
# The real schemes of SPEC §7 shipped in scenarios/ (co-funders, per-capita, bands, lag,
# `region: all`); each file gives its sources.
SECTION_7 = (
    "kkr-sjaelland-4-clusters-region",
    "business-region-aarhus",
    "dansk-erhvervsfremme",
    "kfplc",
    "os2valghalla",
)
REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Run:
    exit_code: int
    stdout: str
    stderr: str
    stdout_bytes: bytes


def run(*args: str | Path) -> Run:
    """`klynge ARGS...` in-process through Typer's runner, stdout and stderr apart."""
    result = CliRunner().invoke(app, [str(a) for a in args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Run(result.exit_code, result.stdout, result.stderr, result.stdout_bytes)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


# Five real municipalities with made-up round figures, so expected amounts can be worked out by
# hand in the tests. Test data only: never shipped.
SMALL_POPULATIONS = """\
municipality,population
Næstved,100
Faxe,10
Greve,20
Køge,30
Stevns,40
"""


def small_scenario(
    folder: Path,
    *,
    cluster: str = "",
    top: str = "",
    years: str = "[2021, 2022]",
    name: str = "s.yaml",
) -> Path:
    """A one-cluster scenario over SMALL_POPULATIONS: lead Næstved (50 kr.), pool 100 kr.,
    2021-2022, with `cluster` lines added to the cluster and `top` lines at the top level."""
    lines = [
        "klynge: 1",
        "name: small",
        "populations: {file: pop.csv, year: 2021}",
        "members: [Næstved, Faxe, Greve, Køge, Stevns]",
        "defaults: {lead_amount: 50, pool: 100}",
        "clusters:",
        "  - id: c",
        "    name: Small",
        "    lead: Næstved",
        f"    years: {years}",
        *("    " + line for line in textwrap.dedent(cluster).strip("\n").splitlines()),
        *textwrap.dedent(top).strip("\n").splitlines(),
    ]
    return write(folder, name, "\n".join(lines) + "\n")


def make_cluster(
    members: list[str],
    *,
    pool: int = 500_000_00,
    threshold: str = "0.85",
    policy: str = "baseline-shares",
    unit: int = 100,
    reduced_pool: dict[int, int] | None = None,
    years: tuple[int, int] = (2021, 2021),
) -> Cluster:
    """A cluster built directly (no file), for property tests of the engine."""
    first, last = years
    terms = Terms(
        first_year=first,
        last_year=last,
        formula="pool",
        lead_amount=pool,
        pool=pool,
        threshold=Fraction(threshold),
        policy=policy,  # type: ignore[arg-type]
        reduced_pool=reduced_pool or {},
        unit=unit,
        indexation=Fraction(0),
        payee=None,
        rate=None,
        base=0,
        max_population=None,
        min_amount=None,
        max_amount=None,
        bands=(),
        co_funders=(),
        top_ups=(),
    )
    return Cluster(
        id="c",
        name="C",
        lead="Lead",
        members=tuple(sorted(members)),
        periods=(terms,),
        schedule=ScheduleRules(),
        where=Where("test"),
    )
