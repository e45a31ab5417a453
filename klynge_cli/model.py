"""The scenario as the engine sees it: validated, exact, immutable.

Amounts are `int` øre, ratios are `Fraction`. Names are municipality names as the population
data writes them. Nothing here knows about YAML, CSV or the terminal.
"""

from collections.abc import Mapping
from datetime import date, timedelta
from fractions import Fraction
from types import MappingProxyType
from typing import Literal, NamedTuple

from klynge_cli.errors import Where

Policy = Literal["baseline-shares", "pro-rata", "fixed"]
POLICIES: tuple[Policy, ...] = ("baseline-shares", "pro-rata", "fixed")

DateKind = Literal["collect", "pay", "reconfirm"]
DATE_KINDS: tuple[DateKind, ...] = ("collect", "pay", "reconfirm")

BusinessDays = Literal["preceding", "following"]


class Figure(NamedTuple):
    """One population figure: 1 January of `year` (None: a one-year file without a year)."""

    municipality: str
    year: int | None
    population: int
    source: str
    where: Where


class Municipality(NamedTuple):
    name: str
    code: str
    region: str


class PopulationTable(NamedTuple):
    """Population figures by (municipality, year), and where they came from."""

    file: str
    figures: Mapping[tuple[str, int | None], Figure]
    by_year: Mapping[int | None, Mapping[str, int]]  # year → municipality → population

    @classmethod
    def of(cls, file: str, figures: Mapping[tuple[str, int | None], Figure]) -> "PopulationTable":
        by_year: dict[int | None, dict[str, int]] = {}
        for (name, year), figure in figures.items():
            by_year.setdefault(year, {})[name] = figure.population
        return cls(file, figures, by_year)

    def figure(self, municipality: str, year: int) -> Figure | None:
        """The 1 January `year` figure; a file without years serves every year asked of it."""
        return self.figures.get((municipality, year)) or self.figures.get((municipality, None))

    def in_year(self, year: int) -> Mapping[str, int]:
        """Every population of 1 January `year` (a file without years: its only figures)."""
        return self.by_year.get(year) or self.by_year.get(None) or {}

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(sorted({name for name, _ in self.figures}))


class PopulationBasis(NamedTuple):
    """SPEC R6: a fixed year's figures for every year, or (`year` None) each year's own."""

    table: PopulationTable
    year: int | None
    where: Where

    def year_for(self, financed_year: int) -> int:
        return financed_year if self.year is None else self.year


class DateRule(NamedTuple):
    """SPEC R9 `{month, year_offset, day}`: the due date for financed year Y; `day` None is last."""

    month: int
    year_offset: int = 0
    day: int | None = None

    def date_for(self, year: int) -> date:
        target_year = year + self.year_offset
        if self.day is not None:
            return date(target_year, self.month, self.day)
        if self.month == 12:
            return date(target_year, 12, 31)
        return date(target_year, self.month + 1, 1) - timedelta(days=1)


class ScheduleRules(NamedTuple):
    collect: DateRule = DateRule(month=12, year_offset=-1)
    pay: DateRule = DateRule(month=1)
    reconfirm: DateRule = DateRule(month=10, year_offset=-1)
    overrides: Mapping[int, Mapping[DateKind, date]] = MappingProxyType({})
    business_days: BusinessDays | None = None

    def rule(self, kind: DateKind) -> DateRule:
        rules: dict[DateKind, DateRule] = {
            "collect": self.collect,
            "pay": self.pay,
            "reconfirm": self.reconfirm,
        }
        return rules[kind]


class Cluster(NamedTuple):
    """One cluster office's agreement: who leads, who shares the pool, on which terms."""

    id: str
    name: str
    lead: str
    payee: str | None
    first_year: int
    last_year: int
    members: tuple[str, ...]  # the non-lead members, in name order
    lead_amount: int
    pool: int
    threshold: Fraction
    policy: Policy
    unit: int  # rounding unit in øre
    indexation: Fraction
    reduced_pool: Mapping[int, int]
    schedule: ScheduleRules
    where: Where

    @property
    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)

    @property
    def paid_to(self) -> str:
        """SPEC R9: the payee, or the cluster itself (by name) when none is given."""
        return self.payee if self.payee is not None else self.name


class Withdrawal(NamedTuple):
    """SPEC R8, resolved: `municipality` no longer pays in `cluster` from `first_year` on."""

    municipality: str
    cluster: str
    first_year: int
    announced: date | None
    where: Where


class Scenario(NamedTuple):
    name: str
    file: str
    populations: PopulationBasis
    clusters: tuple[Cluster, ...]
    withdrawals: tuple[Withdrawal, ...]
    calendar_id: str | None = None  # names the calendar in event UIDs; None: the file's stem

    def cluster(self, cluster_id: str) -> Cluster:
        return next(c for c in self.clusters if c.id == cluster_id)

    def withdrawal(self, cluster_id: str, municipality: str) -> Withdrawal | None:
        return next(
            (
                w
                for w in self.withdrawals
                if w.cluster == cluster_id and w.municipality == municipality
            ),
            None,
        )
