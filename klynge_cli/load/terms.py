"""A cluster's money terms as the file writes them → `Terms`, one per period (SPEC §3, §7).

Terms stand in `defaults`, in a cluster, or in one of its `periods` (R12); a period's term
overrides the cluster's, which overrides the defaults', value for value (a period's list of
co-funders replaces the cluster's, it does not add to it). Each level is read once (`read_level`,
every mistake with its position); each period's terms are then resolved against its formula
(`resolve`): keys of another formula, a missing `rate` or `bands`, a series of index rates
without a year it needs, amounts that are not whole rounding units.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import Any, NamedTuple

from klynge_cli.load.checker import Checker, Names
from klynge_cli.load.yamlfile import Path_
from klynge_cli.model import (
    FORMULAS,
    POLICIES,
    Band,
    CoFunder,
    Formula,
    Indexation,
    Terms,
    TopUp,
)
from klynge_cli.money import ROUNDING_UNITS
from klynge_cli.names import shorten

POOL_KEYS = ("lead_amount", "pool", "threshold", "below_threshold", "rounding", "indexation")
FORMULA_KEYS = ("formula", "rate", "base", "max_population", "min_amount", "max_amount", "bands")
TERM_KEYS = (*POOL_KEYS, "reduced_pool", "payee", *FORMULA_KEYS, "co_funders", "top_ups")
DEFAULTS_TERM_KEYS = tuple(k for k in TERM_KEYS if k not in ("reduced_pool", "co_funders",
                                                              "top_ups"))  # fmt: skip
ROUNDING_NAMES = {"krone": "krone", "ore": "ore", "øre": "ore"}

# Which formula uses which key (R13); the others are an input error where they would apply.
ONLY_FOR: dict[str, Formula] = {
    "pool": "pool",
    "threshold": "pool",
    "below_threshold": "pool",
    "reduced_pool": "pool",
    "rate": "per-capita",
    "base": "per-capita",
    "max_population": "per-capita",
    "min_amount": "per-capita",
    "max_amount": "per-capita",
    "bands": "bands",
}

# SPEC §3 defaults, in the engine's units.
DEFAULTS: dict[str, Any] = {
    "lead_amount": 500_000_00,
    "pool": 500_000_00,
    "threshold": Fraction(85, 100),
    "below_threshold": "baseline-shares",
    "rounding": "krone",
    "indexation": Fraction(0),
    "formula": "pool",
    "base": 0,
}
RATE_RANGE = (Fraction(-99, 100), Fraction(1))  # a yearly index rate: -99 % to +100 %
MAX_POPULATION = 10**9

Setting = tuple[Any, Path_]  # a parsed value and where it was written
Level = dict[str, Setting]
INVALID = object()  # a key written with a value that could not be read (already reported)

# Keys that stand at one level and not another, with where they belong (for the message).
MISPLACED_IN_DEFAULTS = {
    "reduced_pool": "stands in a cluster or a period (the years are its own)",
    "co_funders": "stands in a cluster or a period (R14)",
    "top_ups": "stands in a cluster or a period (R15)",
}
MISPLACED_IN_PERIOD = {
    "lead": "is the cluster's for every period (R12)",
    "members": "are the cluster's for every period (R12)",
    "schedule": "is the cluster's for every period",
    "id": "is the cluster's",
    "name": "is the cluster's",
    "periods": "cannot stand inside a period",
}


class Named(NamedTuple):
    """A co-funder or top-up as written: years not yet checked against the periods."""

    name: str
    amount: int
    years: tuple[int, int] | None
    path: Path_


class Series(NamedTuple):
    """A mapping of index rates (R11) with where each year was written."""

    rates: dict[int, Fraction]
    paths: dict[int, Path_]


def read_level(check: Checker, path: Path_, spec: Mapping[str, Any], names: Names | None) -> Level:
    """The terms written at `path` (already checked for unknown keys), each parsed."""

    def ratio(low: Fraction, high: Fraction) -> Callable[[Path_, Any, str], Any]:
        return lambda p, v, w: check.ratio(p, v, w, low, high)

    readers: dict[str, Callable[[Path_, Any, str], Any]] = {
        "lead_amount": check.amount,
        "pool": check.amount,
        "threshold": ratio(Fraction(0), Fraction(1)),
        "below_threshold": lambda p, v, w: check.choice(p, v, w, {x: x for x in POLICIES}),
        "rounding": lambda p, v, w: check.choice(p, v, w, ROUNDING_NAMES),
        "indexation": lambda p, v, w: _indexation(check, p, v),
        "reduced_pool": check.years_mapping,
        "payee": check.text,
        "formula": lambda p, v, w: check.choice(p, v, w, {f: f for f in FORMULAS}),
        "rate": lambda p, v, w: _rate(check, p, v),
        "base": check.amount,
        "max_population": lambda p, v, w: check.integer(p, v, w, 1, MAX_POPULATION),
        "min_amount": check.amount,
        "max_amount": check.amount,
        "bands": lambda p, v, w: _bands(check, p, v),
        "co_funders": lambda p, v, w: _named(check, p, v, "co_funders", "name", None),
        "top_ups": lambda p, v, w: _named(check, p, v, "top_ups", "municipality", names),
    }
    parsed: Level = {}
    for key in TERM_KEYS:
        if key in spec:
            value = readers[key]((*path, key), spec[key], key)
            parsed[key] = (INVALID if value is None else value, (*path, key))
    return parsed


def _indexation(check: Checker, path: Path_, value: Any) -> Fraction | Series | None:
    """R7 a rate, or R11 a mapping from year to the rate from the previous year."""
    if not isinstance(value, dict):
        return check.ratio(path, value, "indexation", *RATE_RANGE)
    series = Series({}, {})
    for year, (raw, key_path) in check.years_mapping(path, value, "indexation").items():
        rate = check.ratio(key_path, raw, f"the index rate for {year}", *RATE_RANGE)
        if rate is not None:
            series.rates[year] = rate
            series.paths[year] = key_path
    return series


def _rate(check: Checker, path: Path_, value: Any) -> Fraction | None:
    number = check.number(path, value, "rate")
    if number is None:
        return None
    if number <= 0:
        check.fail(path, f"rate (kr. per inhabitant) must be above 0, not {value}")
        return None
    return Fraction(number)


def _bands(check: Checker, path: Path_, value: Any) -> tuple[Band, ...] | None:
    """R13: `[{up_to: 25000, amount: 10000}, ..., {amount: 40000}]`, `up_to` strictly
    increasing, the last band without `up_to`, every other with one."""
    items = check.listed(path, value, "bands")
    if items is None:
        return None
    if not items:
        check.fail(path, "bands is an empty list; give at least one band, `{amount: ...}`")
        return None
    bands: list[Band] = []
    for index, item in enumerate(items):
        item_path: Path_ = (*path, index)
        last = index == len(items) - 1
        spec = check.mapping(item_path, item, "a band", ("up_to", "amount"), ("amount",))
        if spec is None or "amount" not in spec:
            return None
        amount = check.amount((*item_path, "amount"), spec["amount"], "a band's amount")
        up_to = None
        if "up_to" in spec:
            if last:
                check.fail(
                    (*item_path, "up_to"),
                    "the last band takes every larger population: leave out its `up_to`",
                    key=True,
                )
                return None
            up_to = check.integer(
                (*item_path, "up_to"), spec["up_to"], "up_to (inhabitants)", 1, MAX_POPULATION
            )
            if up_to is None:
                return None
            if bands and bands[-1].up_to is not None and up_to <= bands[-1].up_to:
                check.fail(
                    (*item_path, "up_to"),
                    f"bands out of order: up_to {up_to:,} after {bands[-1].up_to:,}; list the "
                    "bands from the smallest population up, each `up_to` larger",
                )
                return None
        elif not last:
            check.fail(item_path, "only the last band may leave out `up_to`")
            return None
        if amount is None:
            return None
        bands.append(Band(up_to, amount))
    return tuple(bands)


def _named(
    check: Checker, path: Path_, value: Any, what: str, key: str, names: Names | None
) -> tuple[Named, ...] | None:
    """R14 co-funders (`name`) or R15 top-ups (`municipality`): `amount` and optional years."""
    items = check.listed(path, value, what)
    if items is None:
        return None
    found: list[Named] = []
    for index, item in enumerate(items):
        item_path: Path_ = (*path, index)
        spec = check.mapping(
            item_path, item, f"an entry of {what}", (key, "amount", "years"), (key, "amount")
        )
        if spec is None or key not in spec or "amount" not in spec:
            continue
        raw = check.text((*item_path, key), spec[key], key)
        amount = check.amount((*item_path, "amount"), spec["amount"], f"{what}: amount")
        years = None
        if "years" in spec:
            years = read_years(check, (*item_path, "years"), spec["years"])
            if years is None:
                continue
        if raw is None or amount is None:
            continue
        name = raw
        if names is not None:  # a top-up names a municipality
            found_name = names.find(raw)
            if found_name is None:
                check.fail((*item_path, key), names.problem(raw))
                continue
            name = found_name
        found.append(Named(name, amount, years, item_path))
    return tuple(found)


def read_years(check: Checker, path: Path_, value: Any) -> tuple[int, int] | None:
    """`[first, last]`, two years in order."""
    items = check.listed(path, value, "years ([first, last])")
    if items is None:
        return None
    if len(items) != 2:
        check.fail(path, f"years must be [first, last], two years, not {len(items)} values")
        return None
    first = check.year((*path, 0), items[0], "the first year")
    last = check.year((*path, 1), items[1], "the last year")
    if first is None or last is None:
        return None
    if first > last:
        check.fail(
            path,
            f"years are reversed: [{first}, {last}]; write [first, last], e.g. [{last}, {first}]",
        )
        return None
    return first, last


class Span(NamedTuple):
    """A run of years with the terms written for it: a period, or a cluster without periods."""

    first: int
    last: int
    level: Level  # the period's own terms ({} for a cluster without periods)
    path: Path_
    period: bool

    @property
    def shown(self) -> str:
        return str(self.first) if self.first == self.last else f"{self.first}-{self.last}"


class Resolver:
    """Resolves the spans of one cluster into `Terms`, reporting each mistake once."""

    def __init__(
        self,
        check: Checker,
        label: str,
        defaults: Level,
        cluster: Level,
        lead: str | None,
        members: Sequence[str] | None,
    ) -> None:
        """`lead` and `members` None: unknown (their own problem was reported), so a top-up's
        municipality is not checked against them."""
        self.check = check
        self.label = label
        self.defaults = defaults
        self.cluster = cluster
        self.lead = lead
        self.members = members
        self.reported: set[Path_] = set()
        self.series_needs: dict[Path_, tuple[Series, set[int]]] = {}
        self.formulas_used: set[Formula] = set()
        self.unreadable = False

    def resolve_all(self, spans: Sequence[Span]) -> tuple[Terms, ...] | None:
        """Every span's terms, then the checks that need all of them; None on any problem."""
        resolved = [self.resolve(span) for span in spans]
        self._check_unused()
        self._check_series()
        self._check_outside(spans)
        if any(terms is None for terms in resolved):
            return None
        return tuple(terms for terms in resolved if terms is not None)

    def fail(self, path: Path_, message: str, *, key: bool = False) -> None:
        if path not in self.reported:
            self.reported.add(path)
            self.check.fail(path, message, key=key)

    def _formula(self, level: Level) -> Formula | None:
        """The formula that applies at a level, or None when it is written wrongly there."""
        for source in (level, self.cluster, self.defaults):
            if "formula" in source:
                formula: Formula | None = source["formula"][0]
                return None if formula is INVALID else formula
        return "pool"

    def cluster_formula(self) -> Formula | None:
        return self._formula({})

    def resolve(self, span: Span) -> Terms | None:
        """The terms of one span, or None (with the problems recorded). A value that could not
        be read was reported where it stands; nothing that follows from it is reported again."""
        formula = self._formula(span.level)
        levels = (span.level, self.cluster, self.defaults)
        if formula is None or any(s[0] is INVALID for level in levels for s in level.values()):
            self.unreadable = True  # what follows from it is not reported again
            return None
        self.formulas_used.add(formula)
        ok = self._check_keys(span, formula)

        def given(key: str, *, defaults: bool = True) -> Setting | None:
            for source in (span.level, self.cluster, *([self.defaults] if defaults else [])):
                if key in source:
                    setting: Setting = source[key]
                    return setting
            return None

        def value(key: str) -> Any:
            setting = given(key)
            return setting[0] if setting is not None else DEFAULTS.get(key)

        unit = ROUNDING_UNITS[value("rounding")]
        # R13: under a formula the lead pays by it, unless the cluster or period gives a number.
        lead_setting = given("lead_amount", defaults=formula == "pool")
        lead_amount = lead_setting[0] if lead_setting else None
        if formula == "pool" and lead_amount is None:
            lead_amount = DEFAULTS["lead_amount"]
        for key, setting in (("lead_amount", lead_setting), ("pool", given("pool"))):
            applies = formula == "pool" or key == "lead_amount"
            if setting is not None and applies and setting[0] % unit:
                self.fail(
                    setting[1],
                    f"{key} is not a whole number of kroner; use `rounding: ore` or a whole amount",
                )
                ok = False
        if formula == "per-capita" and given("rate") is None:
            self.fail(span.path, f"{self.label} {span.shown}: formula per-capita needs `rate` "
                                 "(kr. per inhabitant)")  # fmt: skip
            ok = False
        if formula == "bands" and given("bands") is None:
            self.fail(span.path, f"{self.label} {span.shown}: formula bands needs `bands`")
            ok = False
        if formula == "per-capita" and not self._bounds_in_order(given):
            ok = False
        reduced = self._reduced_pool(span, formula, value("below_threshold"), unit, given)
        indexation = self._indexation(span, given("indexation"))
        co_funders = self._named(span, "co_funders", given)
        top_ups = self._named(span, "top_ups", given)
        if reduced is None or indexation is None or co_funders is None or top_ups is None:
            return None
        if not ok:
            return None
        return Terms(
            first_year=span.first,
            last_year=span.last,
            formula=formula,
            lead_amount=lead_amount,
            pool=value("pool"),
            threshold=value("threshold"),
            policy=value("below_threshold"),
            reduced_pool=reduced,
            unit=unit,
            indexation=indexation,
            payee=value("payee"),
            rate=value("rate"),
            base=value("base"),
            max_population=value("max_population"),
            min_amount=value("min_amount"),
            max_amount=value("max_amount"),
            bands=value("bands") or (),
            co_funders=tuple(
                CoFunder(n.name, n.amount, *self._years_of(n, span), self._at(n))
                for n in co_funders
            ),
            top_ups=tuple(
                TopUp(n.name, n.amount, *self._years_of(n, span), self._at(n)) for n in top_ups
            ),
        )

    def _check_keys(self, span: Span, formula: Formula) -> bool:
        """R13: a key of another formula, given in this period (or, for pool keys, in a
        cluster whose own formula has no pool), is an input error; from defaults, ignored."""
        ok = True
        for key, (_, path) in span.level.items():
            if key in ONLY_FOR and ONLY_FOR[key] != formula:
                self.fail(path, _not_for(key, formula, "this period"), key=True)
                ok = False
        cluster_formula = self.cluster_formula()
        for key, (_, path) in self.cluster.items():
            if ONLY_FOR.get(key) == "pool" and cluster_formula not in ("pool", None):
                self.fail(path, _not_for(key, cluster_formula, self.label), key=True)
                ok = False
        return ok

    def _check_unused(self) -> None:
        """After every span: a cluster's formula key that no period's formula uses."""
        if self.unreadable:
            return
        for key, (_, path) in self.cluster.items():
            needed = ONLY_FOR.get(key)
            if needed not in (None, "pool") and needed not in self.formulas_used:
                formulas = ", ".join(sorted(self.formulas_used))
                self.fail(path, _not_for(key, formulas, self.label), key=True)

    def _bounds_in_order(self, given: Callable[..., Setting | None]) -> bool:
        low, high = given("min_amount"), given("max_amount")
        if low is not None and high is not None and low[0] > high[0]:
            self.fail(high[1], "max_amount is below min_amount; the bounds are reversed")
            return False
        return True

    def _reduced_pool(
        self,
        span: Span,
        formula: Formula,
        policy: str,
        unit: int,
        given: Callable[..., Setting | None],
    ) -> dict[int, int] | None:
        setting = given("reduced_pool")
        if setting is None or formula != "pool":
            return {}
        years, path = setting
        if policy != "fixed":
            self.fail(
                path,
                f"reduced_pool is used only with `below_threshold: fixed` (this cluster uses "
                f"{policy})",
                key=True,
            )
            return None
        reduced: dict[int, int] = {}
        for year, (raw, year_path) in years.items():
            if not span.first <= year <= span.last:
                if span.period and "reduced_pool" not in span.level:
                    continue  # the cluster's, for another period (checked in _check_outside)
                runs = "this period runs" if span.period else "the cluster runs"
                self.fail(year_path, f"reduced_pool for {year}, but {runs} {span.shown}", key=True)
                continue
            amount = self.check.amount(year_path, raw, f"reduced_pool for {year}")
            if amount is not None and amount % unit:
                self.fail(
                    year_path,
                    f"reduced_pool for {year} is not a whole number of kroner; "
                    "use `rounding: ore` or a whole amount",
                )
            elif amount is not None:
                reduced[year] = amount
        return reduced

    def _indexation(self, span: Span, setting: Setting | None) -> Indexation | None:
        """A rate as it is; a series is checked for the years this span needs (R11)."""
        if setting is None:
            rate: Fraction = DEFAULTS["indexation"]
            return rate
        value, path = setting
        if not isinstance(value, Series):
            return value  # type: ignore[no-any-return]
        needed = set(range(span.first + 1, span.last + 1))
        _, wanted = self.series_needs.setdefault(path, (value, set()))
        wanted.update(needed)
        missing = sorted(needed - set(value.rates))
        if missing:
            shown = ", ".join(map(str, missing))
            self.fail(
                path,
                f"indexation gives no rate for {shown}; a series needs the rate into every "
                f"financed year after the first ({span.first + 1}-{span.last} here)",
            )
            return None
        return {year: value.rates[year] for year in sorted(needed)}

    def _check_series(self) -> None:
        """After every span: a series' years that no span needs are mistakes (R11)."""
        for series, wanted in self.series_needs.values():
            for year in sorted(set(series.rates) - wanted):
                self.fail(
                    series.paths[year],
                    f"an index rate for {year}, which is no financed year after the first of "
                    f"{self.label}",
                    key=True,
                )

    def _named(
        self, span: Span, key: str, given: Callable[..., Setting | None]
    ) -> tuple[Named, ...] | None:
        """The co-funders or top-ups for this span: their years inside it (or, from the
        cluster, inside the cluster's), a top-up's municipality a member."""
        setting = given(key, defaults=False)
        if setting is None:
            return ()
        entries, _ = setting
        from_period = key in span.level
        kept: list[Named] = []
        for entry in entries:
            known = self.members is not None and self.lead is not None
            if key == "top_ups" and known and entry.name not in (self.lead, *(self.members or ())):
                self.fail(
                    (*entry.path, "municipality"),
                    f"a top-up by {entry.name}, which is not a member of {self.label}",
                )
                return None
            if entry.years is None:
                kept.append(entry)
                continue
            first, last = entry.years
            if (from_period or not span.period) and not (span.first <= first and last <= span.last):
                where = "this period's" if from_period else f"{self.label}'s"
                self.fail(
                    (*entry.path, "years"),
                    f"{shorten(entry.name)} pays in {first}-{last}, outside {where} years "
                    f"{span.shown}",
                )
                return None
            if last >= span.first and first <= span.last:
                kept.append(entry)
        duplicate = _overlapping(kept)
        if duplicate is not None:
            self.fail(
                duplicate.path,
                f"{shorten(duplicate.name)} is given twice in {key} for the same years",
            )
            return None
        return tuple(kept)

    def _check_outside(self, spans: Sequence[Span]) -> None:
        """The cluster's reduced pool and its co-funders' and top-ups' years, with periods: each
        inside the cluster's years (a period's own are checked with it)."""
        if not spans or not spans[0].period:
            return
        first, last = spans[0].first, spans[-1].last
        financed = {year for span in spans for year in range(span.first, span.last + 1)}
        written = {key: value for key, (value, _) in self.cluster.items() if value is not INVALID}
        if "reduced_pool" in written:
            for year, (_, year_path) in written["reduced_pool"].items():
                if year not in financed:
                    self.fail(year_path, f"reduced_pool for {year}, which {self.label} does not "
                                         "finance", key=True)  # fmt: skip
        for key in ("co_funders", "top_ups"):
            for entry in written.get(key, ()):
                if entry.years is not None and not (first <= entry.years[0]
                                                    and entry.years[1] <= last):  # fmt: skip
                    self.fail(
                        (*entry.path, "years"),
                        f"{shorten(entry.name)} pays in {entry.years[0]}-{entry.years[1]}, "
                        f"outside {self.label}'s years {first}-{last}",
                    )

    def _years_of(self, entry: Named, span: Span) -> tuple[int, int]:
        return entry.years if entry.years is not None else (span.first, span.last)

    def _at(self, entry: Named) -> Any:
        return self.check.doc.where(entry.path)


def _overlapping(entries: Sequence[Named]) -> Named | None:
    """The second of two entries for one name whose years overlap, if any."""
    for index, entry in enumerate(entries):
        for earlier in entries[:index]:
            if earlier.name != entry.name:
                continue
            a, b = earlier.years or (0, 10**4), entry.years or (0, 10**4)
            if a[0] <= b[1] and b[0] <= a[1]:
                return entry
    return None


def _not_for(key: str, formula: str, where: str) -> str:
    wanted = ONLY_FOR[key]
    return (
        f"`{key}` is used only with `formula: {wanted}`, and {where} uses {formula}; remove it, "
        f"or move it to a period with formula {wanted}"
    )
