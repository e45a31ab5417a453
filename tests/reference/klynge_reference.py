"""Independent reference implementation (test oracle) of klynge's SPEC.md, §2-§7.

    reference(scenario_path) -> (allocate_csv_text, schedule_csv_text)

    python klynge_reference.py SCENARIO allocate|schedule

Written for clarity, not speed. Money is kept as integer øre (and exact Fractions while
computing); numbers are read from the YAML text as Decimal, never as binary floats.
Only the CSV outputs of `klynge allocate` and `klynge schedule` are reproduced; warnings,
JSON, reconfirmation milestones and pre-financing are not. Invalid input simply raises.
Every reading of an ambiguous sentence of SPEC.md is listed in README.md here (A1, A2, ...),
and the code refers to those numbers.
"""
from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import math
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.constructor import SafeConstructor

# The repository's data folder: the same files klynge ships (SPEC §6).
DATA_DIR = Path(__file__).resolve().parents[2] / "data"
BUNDLED_POPULATIONS = DATA_DIR / "populations.csv"
MUNICIPALITY_TABLE = DATA_DIR / "municipalities.csv"

BUILTIN_DEFAULTS = {
    "lead_amount": 500000,
    "pool": 500000,
    "threshold": Decimal("0.85"),
    "below_threshold": "baseline-shares",
    "rounding": "krone",
    "indexation": 0,
    "formula": "pool",
    "base": 0,
}
DEFAULT_DATE_RULES = {
    "collect": {"month": 12, "year_offset": -1, "day": "last"},
    "pay": {"month": 1, "year_offset": 0, "day": "last"},
    "reconfirm": {"month": 10, "year_offset": -1, "day": "last"},
}
UNIT_ORE = {"krone": 100, "ore": 1}

# Keys that may be given per period (R12), plus top_ups (R15 says "cluster or period").
PERIOD_TERMS = {
    "lead_amount", "pool", "threshold", "below_threshold", "rounding", "indexation",
    "reduced_pool", "payee", "formula", "rate", "base", "max_population", "min_amount",
    "max_amount", "bands", "co_funders", "top_ups",
}
DEFAULTS_KEYS = (PERIOD_TERMS - {"co_funders", "top_ups"}) | {"schedule"}
CLUSTER_KEYS = PERIOD_TERMS | {"id", "name", "lead", "years", "periods", "members", "schedule"}
POOL_ONLY_TERMS = ("pool", "threshold", "below_threshold", "reduced_pool")


# --------------------------------------------------------------------------- YAML

class _DecimalSafeConstructor(SafeConstructor):
    """The safe constructor, except that YAML floats become Decimal(text as written)."""

    def construct_yaml_float(self, node):  # noqa: D401 - ruamel hook
        text = self.construct_scalar(node).replace("_", "")
        return Decimal(text)


_DecimalSafeConstructor.add_constructor(
    "tag:yaml.org,2002:float", _DecimalSafeConstructor.construct_yaml_float)


def load_yaml(path: Path):
    yaml = YAML(typ="safe", pure=True)
    yaml.Constructor = _DecimalSafeConstructor
    with open(path, encoding="utf-8") as fh:
        return yaml.load(fh)


def exact(value) -> Fraction:
    """A YAML number (int or Decimal) as an exact Fraction."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise TypeError(f"expected a number, got {value!r}")
    return Fraction(value)


def kroner_to_ore(value) -> Fraction:
    return exact(value) * 100


# --------------------------------------------------------------------------- names

def name_key(name: str) -> str:
    """Case-insensitive, trailing ' Kommune' ignored, ASCII ae/oe/aa accepted (SPEC §3)."""
    key = str(name).strip().lower()
    if key.endswith(" kommune"):
        key = key[: -len(" kommune")]
    return key.replace("æ", "ae").replace("ø", "oe").replace("å", "aa")


# --------------------------------------------------------------------------- data

class MunicipalityTable:
    """The bundled table: code, name, region of all 98 municipalities (R16)."""

    def __init__(self, path: Path = MUNICIPALITY_TABLE):
        with open(path, encoding="utf-8", newline="") as fh:
            self.rows = list(csv.DictReader(fh))

    def region_members(self, region: str) -> list[str]:
        """Official names of every municipality of a region ('all' = every one)."""
        if name_key(region) == "all":
            return [r["municipality"] for r in self.rows]
        found = [r["municipality"] for r in self.rows
                 if name_key(r["region"]) == name_key(region)]
        if not found:
            raise ValueError(f"unknown region {region!r}")
        return found


class Populations:
    """1 January figures by municipality and year. A file without a year column holds one
    figure per municipality that serves every year."""

    def __init__(self, path: Path):
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            columns = reader.fieldnames or []
            rows = list(reader)
        self.names: dict[str, str] = {}          # name_key -> spelling in the file
        self.figures: dict[tuple[str, int | None], int] = {}
        self.yearless = "year" not in columns
        for row in rows:
            spelling = row["municipality"].strip()
            key = name_key(spelling)
            self.names.setdefault(key, spelling)
            year = None if self.yearless else int(row["year"])
            if (key, year) in self.figures:
                raise ValueError(f"two figures for {spelling} {year}")
            self.figures[(key, year)] = int(row["population"])

    def spelling(self, name: str) -> str:
        key = name_key(name)
        if key not in self.names:
            raise ValueError(f"unknown municipality {name!r} (not in the population data)")
        return self.names[key]

    def figure(self, name: str, year: int) -> int:
        key = (name_key(name), None if self.yearless else year)
        if key not in self.figures:
            raise ValueError(f"no population figure for {name} {year}")
        return self.figures[key]


# --------------------------------------------------------------------------- arithmetic

def round_half_up(amount_ore: Fraction, unit_ore: int) -> int:
    """Round a non-negative amount (in øre) half up to a whole number of units; result in øre."""
    if amount_ore < 0:
        raise ValueError("negative amount")
    units = math.floor(Fraction(amount_ore) / unit_ore + Fraction(1, 2))
    return units * unit_ore


def split_by_population(pool_ore: int, unit_ore: int, people: list[tuple[str, int]]) -> dict[str, int]:
    """R4: largest-remainder split of pool_ore among (name, population), in whole units.
    Ties on remainder: larger population first, then name in code-point order."""
    if pool_ore % unit_ore:
        raise ValueError("pool is not a whole number of rounding units")
    units = pool_ore // unit_ore
    if not people:
        if units == 0:
            return {}
        raise ValueError("a pool cannot be split among no participants")  # A7
    total = sum(pop for _, pop in people)
    if total <= 0:
        raise ValueError("total population is zero")
    quota = {name: Fraction(units * pop, total) for name, pop in people}
    given = {name: math.floor(q) for name, q in quota.items()}
    left_over = units - sum(given.values())
    ranking = sorted(people, key=lambda np: (-(quota[np[0]] - given[np[0]]), -np[1], np[0]))
    for name, _ in ranking[:left_over]:
        given[name] += 1
    return {name: u * unit_ore for name, u in given.items()}


def indexation_factor(indexation, first_year: int, year: int) -> Fraction:
    """R7 (a rate) or R11 (a mapping year -> rate from the previous year): exact F(Y)."""
    if isinstance(indexation, dict):
        factor = Fraction(1)
        for y in range(first_year + 1, year + 1):
            factor *= 1 + exact(indexation[y])
        return factor
    return (1 + exact(indexation)) ** (year - first_year)


def money(ore: int) -> str:
    """Øre as a decimal string with two decimals."""
    if ore != int(ore):
        raise ValueError("amount is not a whole number of øre")
    ore = int(ore)
    sign = "-" if ore < 0 else ""
    ore = abs(ore)
    return f"{sign}{ore // 100}.{ore % 100:02d}"


def share_text(value: Fraction) -> str:
    """A ratio as a decimal string with six decimals, rounded half up."""
    millionths = math.floor(value * 10**6 + Fraction(1, 2))
    return f"{millionths // 10**6}.{millionths % 10**6:06d}"


# --------------------------------------------------------------------------- dates

def as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def apply_date_rule(rule: dict, year: int) -> dt.date:
    """R9 date rule {month, year_offset, day: 1-28|last} for financed year `year`."""
    if "business_days" in rule:
        raise NotImplementedError("business_days date rules are not supported by the reference")
    unknown = set(rule) - {"month", "year_offset", "day"}
    if unknown:
        raise ValueError(f"unknown date rule keys {sorted(unknown)}")
    y = year + int(rule.get("year_offset", 0))
    month = int(rule["month"])
    day = rule.get("day", "last")                                   # A28
    if day == "last":
        day = calendar.monthrange(y, month)[1]
    return dt.date(y, month, int(day))


# --------------------------------------------------------------------------- the scenario

class Period:
    """One set of terms over consecutive years of a cluster (a cluster without `periods`
    is one period)."""

    def __init__(self, first: int, last: int, own: dict):
        self.first, self.last, self.own = first, last, own

    def years(self):
        return range(self.first, self.last + 1)


class Cluster:
    def __init__(self, raw: dict, defaults: dict, index: int):
        unknown = set(raw) - CLUSTER_KEYS
        if unknown:
            raise ValueError(f"cluster {raw.get('id')}: unknown keys {sorted(unknown)}")
        self.raw, self.defaults, self.index = raw, defaults, index
        self.id = raw["id"]
        self.name = raw["name"]
        if ("years" in raw) == ("periods" in raw):
            raise ValueError(f"cluster {self.id}: give `years` or `periods`, not both/neither")
        if "years" in raw:
            first, last = raw["years"]
            self.periods = [Period(int(first), int(last), {})]
        else:
            self.periods = []
            for p in raw["periods"]:
                own = {k: v for k, v in p.items() if k != "years"}
                bad = set(own) - PERIOD_TERMS
                if bad:
                    raise ValueError(f"cluster {self.id}: unknown period keys {sorted(bad)}")
                first, last = p["years"]
                self.periods.append(Period(int(first), int(last), own))
            for a, b in zip(self.periods, self.periods[1:]):
                if b.first <= a.last:
                    raise ValueError(f"cluster {self.id}: periods overlap or are out of order")
        for p in self.periods:
            if p.first > p.last:
                raise ValueError(f"cluster {self.id}: years [{p.first}, {p.last}]")

    def years(self) -> list[int]:
        return [y for p in self.periods for y in p.years()]

    def period_of(self, year: int) -> Period:
        return next(p for p in self.periods if p.first <= year <= p.last)

    def term(self, key: str, period: Period, use_defaults: bool = True):
        """A period's term overrides the cluster's, which overrides `defaults` (R12)."""
        if key in period.own:
            return period.own[key]
        if key in self.raw:
            return self.raw[key]
        if use_defaults and key in self.defaults:
            return self.defaults[key]
        return BUILTIN_DEFAULTS.get(key)

    def given_here(self, key: str, period: Period) -> bool:
        """Given by the period or by the cluster itself (not by `defaults`)."""
        return key in period.own or key in self.raw


class Scenario:
    def __init__(self, path):
        self.path = Path(path)
        raw = load_yaml(self.path)
        unknown = set(raw) - {"klynge", "name", "populations", "members", "defaults",
                              "clusters", "withdrawals"}
        if unknown:
            raise ValueError(f"unknown top-level keys {sorted(unknown)}")
        if raw.get("klynge") != 1:
            raise ValueError("klynge: 1 is required")
        self.raw = raw
        self.table = MunicipalityTable()

        pop_spec = raw.get("populations") or {}
        if "file" in pop_spec:
            self.populations = Populations(self.path.parent / pop_spec["file"])
        else:
            self.populations = Populations(BUNDLED_POPULATIONS)
        if "year" not in pop_spec:                                          # A2
            raise ValueError("populations needs `year`")
        self.population_year = pop_spec["year"]
        self.lag = int(pop_spec.get("lag", 0))
        if self.lag and self.population_year != "each":
            raise ValueError("populations.lag needs year: each (R10)")

        self.defaults = raw.get("defaults") or {}
        bad = set(self.defaults) - DEFAULTS_KEYS
        if bad:
            raise ValueError(f"unknown defaults keys {sorted(bad)}")
        self.members = self.resolve_members(raw.get("members"))
        self.clusters = [Cluster(c, self.defaults, i) for i, c in enumerate(raw["clusters"])]
        self.cluster_members = {c.id: self.cluster_member_list(c) for c in self.clusters}
        self.leads = {c.id: self.populations.spelling(c.raw["lead"]) for c in self.clusters}
        for c in self.clusters:
            if self.leads[c.id] not in self.cluster_members[c.id]:
                raise ValueError(f"cluster {c.id}: the lead is not a member")
        self.withdrawn_from = self.resolve_withdrawals(raw.get("withdrawals") or [])

    # ---- members (R1, R16)

    def resolve_members(self, spec) -> list[str]:
        """Names as spelled in the population data, in name order."""
        if spec is None:                                                    # A1
            # "default: all municipalities of a region in the population data": only
            # defined when the population data lies in exactly one region.
            regions = {r["region"] for r in self.table.rows
                       if name_key(r["municipality"]) in self.populations.names}
            if len(regions) != 1:
                raise ValueError("add `members:`; the population data covers several regions")
            return self.resolve_members({"region": regions.pop()})
        elif isinstance(spec, dict):
            regions = spec["region"]
            if isinstance(regions, str):
                regions = [regions]
            names = []
            for region in regions:
                for official in self.table.region_members(region):
                    names.append(self.populations.spelling(official))
        else:
            names = [self.populations.spelling(n) for n in spec]
        if len(set(names)) != len(names):
            raise ValueError("a municipality is listed twice among the members")
        return sorted(names)

    def cluster_member_list(self, cluster: Cluster) -> list[str]:
        if "members" not in cluster.raw:
            return list(self.members)
        narrowed = self.resolve_members(cluster.raw["members"])
        outside = set(narrowed) - set(self.members)
        if outside:                                                         # A3
            raise ValueError(f"cluster {cluster.id}: {sorted(outside)} are not agreement members")
        return narrowed

    # ---- withdrawals (R8)

    def resolve_withdrawals(self, entries) -> dict[tuple[str, str], int]:
        """(cluster id, municipality) -> first year it no longer pays."""
        result: dict[tuple[str, str], int] = {}
        for w in entries:
            who = self.populations.spelling(w["municipality"])
            named = w.get("clusters")
            if named is None:
                targets = [c.id for c in self.clusters
                           if who in self.cluster_members[c.id] and who != self.leads[c.id]]
            else:
                ids = {c.id for c in self.clusters}
                for cid in named:
                    if cid not in ids:
                        raise ValueError(f"withdrawal names unknown cluster {cid!r}")
                    if self.leads[cid] == who:
                        raise ValueError(f"{who} leads {cid}: it cannot withdraw (R5)")
                targets = [cid for cid in named if who in self.cluster_members[cid]]
            if not targets:
                raise ValueError(f"{who} is a non-lead member of none of the clusters named")
            for cid in targets:
                if (cid, who) in result:
                    raise ValueError(f"{who} withdraws twice from {cid}")
                result[(cid, who)] = int(w["from"])
        return result

    def is_withdrawn(self, cluster: Cluster, name: str, year: int) -> bool:
        start = self.withdrawn_from.get((cluster.id, name))
        return start is not None and start <= year

    # ---- populations (R6, R10)

    def population(self, name: str, year: int) -> int:
        basis = int(self.population_year) if self.population_year != "each" else year - self.lag
        return self.populations.figure(name, basis)


# --------------------------------------------------------------------------- one cluster-year

class Row:
    """One allocate row."""

    def __init__(self, role, name, population, share, amount_ore):
        self.role, self.name = role, name
        self.population, self.share, self.amount = population, share, amount_ore


class YearResult:
    def __init__(self, cluster: Cluster, year: int):
        self.cluster, self.year = cluster, year
        self.lead_row: Row | None = None
        self.member_rows: list[Row] = []
        self.top_up_rows: list[Row] = []
        self.co_funder_rows: list[Row] = []
        self.payee = ""

    def rows(self) -> list[Row]:
        return ([self.lead_row] + self.member_rows
                + sorted(self.top_up_rows, key=lambda r: r.name)
                + sorted(self.co_funder_rows, key=lambda r: r.name))


def indexed(scn_cluster: Cluster, period: Period, year: int, base_ore: Fraction) -> int:
    """base × F(Y), rounded half up to the rounding unit once (R7, R11)."""
    unit = UNIT_ORE[scn_cluster.term("rounding", period)]
    factor = indexation_factor(scn_cluster.term("indexation", period), period.first, year)
    return round_half_up(base_ore * factor, unit)


def formula_amount(cluster: Cluster, period: Period, population: int) -> Fraction:
    """R13 per-capita or bands amount before indexation, in øre."""
    formula = cluster.term("formula", period)
    if formula == "per-capita":
        rate = exact(cluster.term("rate", period))
        if rate <= 0:
            raise ValueError("per-capita rate must be > 0")
        counted = population
        max_population = cluster.term("max_population", period)
        if max_population is not None:
            counted = min(counted, int(max_population))
        amount = exact(cluster.term("base", period) or 0) + rate * counted
        min_amount = cluster.term("min_amount", period)
        max_amount = cluster.term("max_amount", period)
        if max_amount is not None:
            amount = min(amount, exact(max_amount))
        if min_amount is not None:
            amount = max(amount, exact(min_amount))
        return amount * 100
    if formula == "bands":
        bands = cluster.term("bands", period)
        for band in bands:
            if "up_to" not in band or population <= int(band["up_to"]):
                return exact(band["amount"]) * 100
        raise ValueError("bands: the last band must have no up_to")
    raise ValueError(f"unknown formula {formula!r}")


def allocate_year(scn: Scenario, cluster: Cluster, year: int) -> YearResult:
    period = cluster.period_of(year)
    result = YearResult(cluster, year)
    result.payee = cluster.term("payee", period) or cluster.name
    unit = UNIT_ORE[cluster.term("rounding", period)]
    formula = cluster.term("formula", period)
    lead = scn.leads[cluster.id]
    members = scn.cluster_members[cluster.id]
    non_lead = [m for m in members if m != lead]
    pop = {m: scn.population(m, year) for m in members}
    participants = [m for m in non_lead if not scn.is_withdrawn(cluster, m, year)]

    amounts: dict[str, int] = {}
    shares: dict[str, Fraction] = {}

    if formula == "pool":
        lead_ore = indexed(cluster, period, year, kroner_to_ore(cluster.term("lead_amount", period)))
        pool_ore = indexed(cluster, period, year, kroner_to_ore(cluster.term("pool", period)))
        n, p = len(non_lead), len(participants)
        threshold = exact(cluster.term("threshold", period))
        held = p == n or p == n - 1 or Fraction(p, n) >= threshold
        split_among = participants
        if held:
            amounts = split_by_population(pool_ore, unit, [(m, pop[m]) for m in participants])
        else:
            policy = cluster.term("below_threshold", period)
            if policy == "baseline-shares":
                full = split_by_population(pool_ore, unit, [(m, pop[m]) for m in non_lead])
                amounts = {m: full[m] for m in participants}
                split_among = non_lead
            elif policy == "pro-rata":
                reduced = round_half_up(Fraction(pool_ore * p, n), unit)          # A8
                amounts = split_by_population(reduced, unit, [(m, pop[m]) for m in participants])
            elif policy == "fixed":
                reduced_pool = cluster.term("reduced_pool", period) or {}
                if year not in reduced_pool:
                    raise ValueError(f"cluster {cluster.id}: no reduced_pool for {year}")
                reduced = kroner_to_ore(reduced_pool[year])   # taken as given, not indexed
                if reduced.denominator != 1:
                    raise ValueError(f"cluster {cluster.id}: reduced_pool {year} is not whole øre")
                amounts = split_by_population(int(reduced), unit,
                                              [(m, pop[m]) for m in participants])
            else:
                raise ValueError(f"unknown below_threshold {policy!r}")
        total = sum(pop[m] for m in split_among)
        shares = {m: Fraction(pop[m], total) for m in participants}
    else:
        for key in POOL_ONLY_TERMS:                                         # A21
            if cluster.given_here(key, period):
                raise ValueError(f"cluster {cluster.id}: {key} with formula {formula}")
        if cluster.given_here("lead_amount", period):                       # A20
            lead_ore = indexed(cluster, period, year,
                               kroner_to_ore(cluster.term("lead_amount", period, use_defaults=False)))
        else:
            lead_ore = indexed(cluster, period, year, formula_amount(cluster, period, pop[lead]))
        for m in participants:
            amounts[m] = indexed(cluster, period, year, formula_amount(cluster, period, pop[m]))
        total = sum(pop[m] for m in participants)                           # A11
        shares = {m: Fraction(pop[m], total) for m in participants}

    result.lead_row = Row("lead", lead, pop[lead], None, lead_ore)
    for m in non_lead:  # already in name order
        if m in amounts:
            result.member_rows.append(Row("member", m, pop[m], shares[m], amounts[m]))
        else:
            result.member_rows.append(Row("withdrawn", m, pop[m], None, 0))

    # R15 top-ups: not indexed, stop from the year the member withdraws.
    for t in cluster.term("top_ups", period, use_defaults=False) or []:
        who = scn.populations.spelling(t["municipality"])
        if who not in members:
            raise ValueError(f"top-up by {who}, not a member of {cluster.id}")
        first, last = t.get("years", [period.first, period.last])          # A24
        if not (first <= year <= last):
            continue
        if who != lead and scn.is_withdrawn(cluster, who, year):
            continue                                                        # A23
        result.top_up_rows.append(Row("top-up", who, pop[who], None,      # A22
                                      kroner_to_ore(t["amount"])))

    # R14 co-funders: not indexed, never in the pool.
    for c in cluster.term("co_funders", period, use_defaults=False) or []:
        first, last = c.get("years", [period.first, period.last])
        if not (first <= year <= last):
            continue
        result.co_funder_rows.append(Row("co-funder", c["name"], None, None,
                                         kroner_to_ore(c["amount"])))
    return result


def allocate(scn: Scenario) -> list[YearResult]:
    return [allocate_year(scn, c, y) for c in scn.clusters for y in c.years()]


# --------------------------------------------------------------------------- outputs

def to_csv(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def allocate_csv(results: list[YearResult]) -> str:
    rows = []
    for r in results:
        for row in r.rows():
            rows.append([
                r.cluster.id, str(r.year), row.name, row.role,
                "" if row.population is None else str(row.population),
                "" if row.share is None else share_text(row.share),
                money(row.amount),
            ])
    return to_csv(["cluster", "year", "municipality", "role", "population", "share", "amount"], rows)


def schedule_dates(scn: Scenario, cluster: Cluster, year: int) -> dict[str, dt.date]:
    """R9: date rules from defaults, then the cluster's own rules, then per-year overrides."""
    rules = {kind: dict(rule) for kind, rule in DEFAULT_DATE_RULES.items()}
    overrides: dict = {}
    for level in (scn.defaults.get("schedule") or {}, cluster.raw.get("schedule") or {}):  # A28
        for key, value in level.items():
            if key == "overrides":
                for y, o in (value or {}).items():
                    overrides.setdefault(int(y), {}).update(o)
            elif key in rules:
                rules[key] = dict(value)
            else:
                raise ValueError(f"unknown schedule key {key!r}")
    dates = {kind: apply_date_rule(rule, year) for kind, rule in rules.items()}
    for kind, value in overrides.get(year, {}).items():
        dates[kind] = as_date(value)
    return dates


KIND_ORDER = {"collect": 0, "pay": 1, "co-fund": 2}


def schedule_csv(scn: Scenario, results: list[YearResult]) -> str:
    flows = []  # (due_date, year, cluster, kind, payer, payee, amount), generated in order
    for r in results:
        dates = schedule_dates(scn, r.cluster, r.year)
        lead = r.lead_row.name
        top_ups_by_member: dict[str, list[Row]] = {}
        for t in r.top_up_rows:
            top_ups_by_member.setdefault(t.name, []).append(t)
        for m in r.member_rows:
            if m.role == "member":
                flows.append((dates["collect"], r.year, r.cluster, "collect", m.name, lead, m.amount))
            for t in top_ups_by_member.get(m.name, []):                      # A26
                flows.append((dates["collect"], r.year, r.cluster, "collect", m.name, lead, t.amount))
        pay_total = (r.lead_row.amount
                     + sum(m.amount for m in r.member_rows)
                     + sum(t.amount for t in r.top_up_rows))
        flows.append((dates["pay"], r.year, r.cluster, "pay", lead, r.payee, pay_total))
        for c in sorted(r.co_funder_rows, key=lambda row: row.name):
            flows.append((dates["pay"], r.year, r.cluster, "co-fund", c.name, r.payee, c.amount))
    flows = [f for f in flows if f[6] != 0]          # a zero amount gives no payment row
    # Stable sort: equal keys keep generation order (year, then share row before top-up row).
    flows.sort(key=lambda f: (f[0], f[2].index, KIND_ORDER[f[3]], f[4]))   # A29
    rows = [[d.isoformat(), str(y), c.id, kind, payer, payee, money(amount)]
            for d, y, c, kind, payer, payee, amount in flows]
    return to_csv(["due_date", "year", "cluster", "kind", "payer", "payee", "amount"], rows)


def reference(scenario_path) -> tuple[str, str]:
    """The exact text of `klynge allocate SCENARIO --format csv` and `... schedule ...`."""
    scn = Scenario(scenario_path)
    results = allocate(scn)
    return allocate_csv(results), schedule_csv(scn, results)


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[2] not in ("allocate", "schedule"):
        print("usage: python klynge_reference.py SCENARIO allocate|schedule", file=sys.stderr)
        return 2
    allocate_text, schedule_text = reference(argv[1])
    sys.stdout.reconfigure(encoding="utf-8", newline="\n")
    sys.stdout.write(allocate_text if argv[2] == "allocate" else schedule_text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
