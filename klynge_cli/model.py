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
    """SPEC R6 and R10: a fixed year's figures for every year, or (`year` None) each year's own,
    `lag` years earlier (year Y uses 1 January of Y - lag: the bill goes out before Y's own
    figure is published)."""

    table: PopulationTable
    year: int | None
    where: Where
    lag: int = 0

    def year_for(self, financed_year: int) -> int:
        return financed_year - self.lag if self.year is None else self.year


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


Formula = Literal["pool", "per-capita", "bands"]
FORMULAS: tuple[Formula, ...] = ("pool", "per-capita", "bands")


class Band(NamedTuple):
    """SPEC R13 bands: a participant of at most `up_to` inhabitants pays `amount` (øre); the
    last band has no `up_to`."""

    up_to: int | None
    amount: int


class CoFunder(NamedTuple):
    """SPEC R14: a body that is not a municipality pays `amount` (øre) a year, as given."""

    name: str
    amount: int
    first_year: int
    last_year: int
    where: Where


class TopUp(NamedTuple):
    """SPEC R15: a member's voluntary extra, `amount` (øre) a year, as given."""

    municipality: str
    amount: int
    first_year: int
    last_year: int
    where: Where


# SPEC R7 and R11: a yearly rate, or the rate from the previous year to each year.
Indexation = Fraction | Mapping[int, Fraction]


class Terms(NamedTuple):
    """A cluster's money terms for a run of years: the whole cluster's, or one period's (R12).

    Amounts are øre. Under `formula: pool` the pool terms apply (R2-R8); under `per-capita` and
    `bands` (R13) there is no pool and `lead_amount` is None when the lead pays by the formula.
    """

    first_year: int
    last_year: int
    formula: Formula
    lead_amount: int | None
    pool: int
    threshold: Fraction
    policy: Policy
    reduced_pool: Mapping[int, int]
    unit: int  # rounding unit in øre
    indexation: Indexation
    payee: str | None
    rate: Fraction | None  # kr. per inhabitant
    base: int
    max_population: int | None
    min_amount: int | None
    max_amount: int | None
    bands: tuple[Band, ...]
    co_funders: tuple[CoFunder, ...]
    top_ups: tuple[TopUp, ...]

    @property
    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)

    def co_funders_in(self, year: int) -> tuple[CoFunder, ...]:
        """The co-funders paying in `year`, in name order."""
        return tuple(
            sorted(
                (c for c in self.co_funders if c.first_year <= year <= c.last_year),
                key=lambda c: c.name,
            )
        )

    def top_ups_in(self, year: int) -> tuple[TopUp, ...]:
        """The top-ups given for `year` (by members still in or not), in name order."""
        return tuple(
            sorted(
                (t for t in self.top_ups if t.first_year <= year <= t.last_year),
                key=lambda t: t.municipality,
            )
        )


class Cluster(NamedTuple):
    """One cluster office's agreement: who leads, who shares the cost, on which terms, when.

    `periods` hold the terms in increasing, non-overlapping runs of years (R12); a cluster
    without `periods:` in its file has one. The financed years are their union.
    """

    id: str
    name: str
    lead: str
    members: tuple[str, ...]  # the non-lead members, in name order
    periods: tuple[Terms, ...]
    schedule: ScheduleRules
    where: Where

    @property
    def first_year(self) -> int:
        return self.periods[0].first_year

    @property
    def last_year(self) -> int:
        return self.periods[-1].last_year

    @property
    def years(self) -> tuple[int, ...]:
        """Every financed year, in order (a gap between periods is not financed)."""
        return tuple(year for terms in self.periods for year in terms.years)

    def terms(self, year: int) -> Terms:
        """The terms of the period holding `year`."""
        for terms in self.periods:
            if terms.first_year <= year <= terms.last_year:
                return terms
        raise KeyError(year)

    def paid_to(self, year: int) -> str:
        """SPEC R9: the year's payee, or the cluster itself (by name) when none is given."""
        payee = self.terms(year).payee
        return payee if payee is not None else self.name

    @property
    def in_ore(self) -> bool:
        """Whether any period rounds to the øre (amounts are then shown with decimals)."""
        return any(terms.unit == 1 for terms in self.periods)

    @property
    def formulas(self) -> tuple[Formula, ...]:
        """The formulas of its periods, each once, in order."""
        return tuple(dict.fromkeys(terms.formula for terms in self.periods))


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
