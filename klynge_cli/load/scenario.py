"""A scenario file (format version 1, SPEC §3) → a validated `Scenario`.

Every problem is collected with its file, line and column, so `klynge validate` can list them
all; loading raises them together. Numbers become `int` øre and `Fraction`s here, at the
boundary, and names become the population data's spelling.
"""

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from klynge_cli.errors import KlyngeError, Problems, Where, raise_all
from klynge_cli.load.populations import (
    FIRST_YEAR,
    LAST_YEAR,
    bundled_populations,
    municipalities_in_region,
    read_populations,
    register,
)
from klynge_cli.load.yamlfile import Document, Path_, parse_yaml, read_text
from klynge_cli.model import (
    DATE_KINDS,
    POLICIES,
    BusinessDays,
    Cluster,
    DateKind,
    DateRule,
    Policy,
    PopulationBasis,
    PopulationTable,
    Scenario,
    ScheduleRules,
    Withdrawal,
)
from klynge_cli.money import ROUNDING_UNITS, ore_from_decimal
from klynge_cli.names import listing, name_key, region_key, shorten, suggest
from klynge_cli.resources import default_scenario

FORMAT_VERSION = 1
MAX_AMOUNT_ORE = 10**15  # ten trillion kroner: far above any real agreement, far below trouble

TOP_KEYS = ("klynge", "name", "populations", "members", "defaults", "clusters", "withdrawals")
SETTING_KEYS = (
    "lead_amount",
    "pool",
    "threshold",
    "below_threshold",
    "rounding",
    "indexation",
    "schedule",
)
CLUSTER_KEYS = ("id", "name", "lead", "payee", "years", "members", "reduced_pool", *SETTING_KEYS)
SCHEDULE_KEYS = ("collect", "pay", "reconfirm", "overrides", "business_days")
RULE_KEYS = ("month", "year_offset", "day")
WITHDRAWAL_KEYS = ("municipality", "from", "clusters", "announced")
CLUSTER_ID = re.compile(r"[a-z0-9-]+")
ROUNDING_NAMES = {"krone": "krone", "ore": "ore", "øre": "ore"}

# SPEC §3 defaults, in the engine's units.
DEFAULT_SETTINGS: dict[str, Any] = {
    "lead_amount": 500_000_00,
    "pool": 500_000_00,
    "threshold": Fraction(85, 100),
    "below_threshold": "baseline-shares",
    "rounding": "krone",
    "indexation": Fraction(0),
}

T = TypeVar("T")


def load_scenario(path: Path | None) -> Scenario:
    """Read, parse and validate a scenario file; None means the bundled seed scenario."""
    if path is None:
        path = default_scenario()
    shown = str(path)
    document = parse_yaml(read_text(path, shown, what="scenario file"), shown)
    return build_scenario(document, path.parent)


def describe(value: Any) -> str:
    """How a value reads in a message: 'a list', "the text 'abc'", 'the number 5'."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the value {str(value).lower()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int | Decimal):
        return f"the number {shorten(value)}"
    if isinstance(value, date):
        return f"the date {value.isoformat()}"
    return f"the text '{shorten(value)}'"


class Checker:
    """Reads values out of a `Document`, recording a problem (with position) for each mistake."""

    def __init__(self, document: Document) -> None:
        self.doc = document
        self.problems: list[KlyngeError] = []

    def fail(self, path: Path_, message: str, *, key: bool = False) -> None:
        self.problems.append(KlyngeError(message, self.doc.where(path, key=key)))

    def mapping(
        self,
        path: Path_,
        value: Any,
        what: str,
        allowed: Sequence[str] | None,
        required: Sequence[str] = (),
    ) -> dict[Any, Any] | None:
        """A mapping whose keys are all `allowed` (None: any key); unknown keys are reported."""
        if not isinstance(value, dict):
            self.fail(path, f"{what} must be a mapping of keys and values, not {describe(value)}")
            return None
        if allowed is None:
            return value
        for key in value:
            if key not in allowed:
                hint = suggest(str(key), {k: k for k in allowed}, key=str.lower)
                self.fail((*path, key), f"unknown key `{shorten(key)}` in {what}{hint}", key=True)
        for key in required:
            if key not in value:
                self.fail(path, f"{what} needs `{key}`")
        return {k: v for k, v in value.items() if k in allowed}

    def listed(self, path: Path_, value: Any, what: str) -> list[Any] | None:
        if not isinstance(value, list):
            self.fail(path, f"{what} must be a list, not {describe(value)}")
            return None
        return value

    def text(self, path: Path_, value: Any, what: str) -> str | None:
        if not isinstance(value, str) or not value.strip():
            self.fail(path, f"{what} must be text, not {describe(value)}")
            return None
        return value.strip()

    def integer(self, path: Path_, value: Any, what: str, low: int, high: int) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(path, f"{what} must be a whole number, not {describe(value)}")
            return None
        if not low <= value <= high:
            self.fail(path, f"{what} must be between {low} and {high}, not {value}")
            return None
        return value

    def year(self, path: Path_, value: Any, what: str) -> int | None:
        return self.integer(path, value, what, FIRST_YEAR, LAST_YEAR)

    def year_key(self, path: Path_, value: Any, what: str) -> int | None:
        """A year as a mapping key: `2024:` or, as JSON writes keys, `"2024":`."""
        if isinstance(value, str) and value.isdigit() and value.isascii() and len(value) == 4:
            value = int(value)
        return self.year(path, value, what)

    def number(self, path: Path_, value: Any, what: str) -> Decimal | None:
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            self.fail(path, f"{what} must be a number, not {describe(value)}")
            return None
        return Decimal(value)

    def amount(self, path: Path_, value: Any, what: str) -> int | None:
        """Kroner with at most two decimals, not negative → øre."""
        number = self.number(path, value, what)
        if number is None:
            return None
        ore = ore_from_decimal(number)
        if number < 0 or ore is None or ore > MAX_AMOUNT_ORE:
            self.fail(
                path, f"{what} must be kroner with at most two decimals, at least 0, not {value}"
            )
            return None
        return ore

    def ratio(
        self, path: Path_, value: Any, what: str, low: Fraction, high: Fraction
    ) -> Fraction | None:
        number = self.number(path, value, what)
        if number is None:
            return None
        ratio = Fraction(number)
        if not low <= ratio <= high:
            self.fail(path, f"{what} must be between {low} and {high}, not {value}")
            return None
        return ratio

    def choice(self, path: Path_, value: Any, what: str, options: Mapping[str, T]) -> T | None:
        if isinstance(value, str) and value in options:
            return options[value]
        hint = (
            suggest(str(value), {o: o for o in options}, key=str.lower)
            if isinstance(value, str)
            else ""
        )
        self.fail(path, f"{what} must be one of {', '.join(options)}, not {describe(value)}{hint}")
        return None

    def date(self, path: Path_, value: Any, what: str) -> date | None:
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.fail(path, f"{what} must be a date as YYYY-MM-DD, not {describe(value)}")
        return None


class Names:
    """Municipality names of the population data, found by any accepted spelling."""

    def __init__(self, table: PopulationTable) -> None:
        self.table = table
        self.by_key = {name_key(name): name for name in table.names}

    def find(self, raw: str) -> str | None:
        return self.by_key.get(name_key(raw))

    def problem(self, raw: str) -> str:
        known = register().find(raw)
        if known is not None:
            return f"{known.name} has no population figures in {self.table.file}"
        return f"unknown municipality '{shorten(raw)}'{suggest(raw, self.by_key)}"


def build_scenario(document: Document, base: Path) -> Scenario:
    check = Checker(document)
    top = check.mapping((), document.data, "the scenario", TOP_KEYS, ())
    if top is None:
        raise_all(check.problems)
        raise AssertionError  # unreachable: the checker recorded the problem
    _check_version(check, top)
    name = check.text(("name",), top["name"], "name") if "name" in top else None
    name = name or Path(document.file).stem
    populations = (
        _populations(check, top.get("populations"), base) if "populations" in top else None
    )
    if "populations" not in top:
        check.fail(
            (), "the scenario needs `populations:` with `year: 2021` (or another year, or `each`)"
        )
    names = Names(populations.table) if populations else None
    agreement = _agreement_members(check, top.get("members"), names, populations)
    # An optional section left empty (`withdrawals:` with every entry commented out) is empty.
    given_defaults = {} if top.get("defaults") is None else top["defaults"]
    defaults = _settings(check, ("defaults",), given_defaults, "defaults", SETTING_KEYS)
    clusters = _clusters(check, top, defaults, names, agreement)
    given_withdrawals = [] if top.get("withdrawals") is None else top["withdrawals"]
    withdrawals = _withdrawals(check, given_withdrawals, clusters, names)
    raise_all(sorted(check.problems, key=_in_file_order))
    assert populations is not None
    return Scenario(name, document.file, populations, tuple(clusters), tuple(withdrawals))


def _in_file_order(problem: KlyngeError) -> tuple[str, int, int]:
    where = problem.where or Where("")
    return (where.file, where.line or 0, where.column or 0)


def _check_version(check: Checker, top: dict[str, Any]) -> None:
    if "klynge" not in top:
        check.fail((), "the scenario must start with `klynge: 1` (the format version)")
    elif top["klynge"] != FORMAT_VERSION or isinstance(top["klynge"], bool):
        check.fail(
            ("klynge",),
            f"format version {shorten(repr(top['klynge']))} is not supported; "
            "this klynge reads `klynge: 1`",
        )


def _populations(check: Checker, value: Any, base: Path) -> PopulationBasis | None:
    spec = check.mapping(("populations",), value, "populations", ("file", "year"), ("year",))
    if spec is None or "year" not in spec:
        return None
    year: int | None = None
    if spec["year"] != "each":
        year = check.year(("populations", "year"), spec["year"], "populations: year (or `each`)")
        if year is None:
            return None
    where = check.doc.where(("populations",))
    if "file" not in spec:
        return PopulationBasis(bundled_populations(), year, where)
    file = check.text(("populations", "file"), spec["file"], "populations: file")
    if file is None:
        return None
    # Shown relative to the scenario as the user named it; read relative to where it is.
    shown = str(Path(check.doc.file).parent / file)
    try:
        table = read_populations(base / file, shown)
    except Problems as problems:
        check.problems.extend(problems.problems)
        return None
    except KlyngeError as problem:
        if problem.message == "no such population file":
            problem = KlyngeError(
                f"population file {shown} not found", check.doc.where(("populations", "file"))
            )
        check.problems.append(problem)
        return None
    return PopulationBasis(table, year, where)


def _agreement_members(
    check: Checker, value: Any, names: Names | None, populations: PopulationBasis | None
) -> list[str] | None:
    if names is None or populations is None:
        return None
    table = populations.table
    if value is None:
        regions = sorted(set(table.regions.values()))
        if len(regions) == 1:
            return municipalities_in_region(table, regions[0])
        check.fail(
            (),
            f"add `members:`; the population data covers {len(regions)} regions "
            f"({listing(regions)}), so name them (`members: {{region: [...]}}`) or list the names",
        )
        return None
    if isinstance(value, dict):
        spec = check.mapping(("members",), value, "members", ("region",), ("region",))
        if spec is None or "region" not in spec:
            return None
        # One region, or a list of them (an extension: several KKRs, or the whole country).
        given = spec["region"]
        many = isinstance(given, list)
        found: list[str] = []
        for index, raw in enumerate(given if many else [given]):
            path: Path_ = ("members", "region", index) if many else ("members", "region")
            region = check.text(path, raw, "members: region")
            if region is None:
                return None
            in_region = municipalities_in_region(table, region)
            if not in_region:
                known = {region_key(r): r for r in table.regions.values()}
                hint = suggest(region, known, key=region_key)
                check.fail(
                    path, f"no municipality of region '{shorten(region)}' in {table.file}{hint}"
                )
                return None
            found.extend(m for m in in_region if m not in found)
        return sorted(found)
    return _name_list(check, ("members",), value, "members", names)


def _name_list(
    check: Checker, path: Path_, value: Any, what: str, names: Names
) -> list[str] | None:
    items = check.listed(path, value, what)
    if items is None:
        return None
    found: list[str] = []
    for index, raw in enumerate(items):
        item_path = (*path, index)
        text = check.text(item_path, raw, f"{what}: each name")
        if text is None:
            continue
        name = names.find(text)
        if name is None:
            check.fail(item_path, names.problem(text))
        elif name in found:
            check.fail(item_path, f"{name} is listed twice in {what}")
        else:
            found.append(name)
    if not items:
        check.fail(path, f"{what} is an empty list")
    return sorted(found)


Setting = tuple[Any, Path_]  # a parsed value and where it was written


def _settings(
    check: Checker, path: Path_, value: Any, what: str, allowed: Sequence[str]
) -> dict[str, Setting]:
    """The cluster settings (SPEC §3 `defaults`) given at `path`, parsed."""
    spec = check.mapping(path, value, what, allowed)
    if spec is None:
        return {}
    readers: dict[str, Callable[[Path_, Any, str], Any]] = {
        "lead_amount": check.amount,
        "pool": check.amount,
        "threshold": lambda p, v, w: check.ratio(p, v, w, Fraction(0), Fraction(1)),
        "below_threshold": lambda p, v, w: check.choice(p, v, w, {x: x for x in POLICIES}),
        "rounding": lambda p, v, w: check.choice(p, v, w, ROUNDING_NAMES),
        "indexation": lambda p, v, w: check.ratio(p, v, w, Fraction(-99, 100), Fraction(1)),
        "schedule": lambda p, v, w: _schedule(check, p, v),
    }
    parsed: dict[str, Setting] = {}
    for key in SETTING_KEYS:
        if key in spec:
            setting = readers[key]((*path, key), spec[key], key)
            if setting is not None:
                parsed[key] = (setting, (*path, key))
    return parsed


class _PartialSchedule(NamedTuple):
    """A `schedule:` mapping as written: only the keys it gives."""

    rules: Mapping[DateKind, DateRule]
    overrides: Mapping[int, Mapping[DateKind, date]]
    override_paths: Mapping[int, Path_]
    business_days: tuple[BusinessDays | None] | None  # None: not given


def _schedule(check: Checker, path: Path_, value: Any) -> _PartialSchedule | None:
    spec = check.mapping(path, value, "schedule", SCHEDULE_KEYS)
    if spec is None:
        return None
    rules: dict[DateKind, DateRule] = {}
    for kind in DATE_KINDS:
        if kind in spec:
            rule = _date_rule(check, (*path, kind), spec[kind], kind)
            if rule is not None:
                rules[kind] = rule
    overrides: dict[int, dict[DateKind, date]] = {}
    override_paths: dict[int, Path_] = {}
    given = check.mapping(
        (*path, "overrides"), spec.get("overrides", {}), "schedule: overrides", None
    )
    for key, dates in (given or {}).items():
        year_path: Path_ = (*path, "overrides", key)
        year = check.year_key(year_path, key, "schedule: overrides: each key (a year)")
        if year is None:
            continue
        kinds = check.mapping(year_path, dates, f"schedule: overrides: {year}", DATE_KINDS)
        override_paths[year] = year_path
        overrides[year] = {}
        for kind, raw in (kinds or {}).items():
            day = check.date((*year_path, kind), raw, f"the {kind} date for {year}")
            if day is not None:
                overrides[year][kind] = day
    business: tuple[BusinessDays | None] | None = None
    if "business_days" in spec:
        options: dict[str, tuple[BusinessDays | None]] = {
            "none": (None,),
            "preceding": ("preceding",),
            "following": ("following",),
        }
        business = check.choice(
            (*path, "business_days"), spec["business_days"], "business_days", options
        )
    return _PartialSchedule(rules, overrides, override_paths, business)


def _date_rule(check: Checker, path: Path_, value: Any, kind: str) -> DateRule | None:
    spec = check.mapping(path, value, f"schedule: {kind}", RULE_KEYS, ("month",))
    if spec is None or "month" not in spec:
        return None
    month = check.integer((*path, "month"), spec["month"], f"{kind}: month", 1, 12)
    offset = check.integer(
        (*path, "year_offset"), spec.get("year_offset", 0), f"{kind}: year_offset", -10, 10
    )
    day: int | None = None
    if spec.get("day", "last") != "last":
        day = check.integer((*path, "day"), spec["day"], f"{kind}: day (1-28 or `last`)", 1, 28)
        if day is None:
            return None
    if month is None or offset is None:
        return None
    return DateRule(month, offset, day)


def _merge_schedules(*parts: _PartialSchedule | None) -> ScheduleRules:
    """Later parts win key by key; overrides merge per year and kind."""
    rules: dict[DateKind, DateRule] = {}
    overrides: dict[int, dict[DateKind, date]] = {}
    business: BusinessDays | None = None
    for part in parts:
        if part is None:
            continue
        rules.update(part.rules)
        for year, dates in part.overrides.items():
            overrides.setdefault(year, {}).update(dates)
        if part.business_days is not None:
            business = part.business_days[0]
    defaults = ScheduleRules()
    return ScheduleRules(
        collect=rules.get("collect", defaults.collect),
        pay=rules.get("pay", defaults.pay),
        reconfirm=rules.get("reconfirm", defaults.reconfirm),
        overrides=overrides,
        business_days=business,
    )


def _clusters(
    check: Checker,
    top: dict[str, Any],
    defaults: dict[str, Setting],
    names: Names | None,
    agreement: list[str] | None,
) -> list[Cluster]:
    if "clusters" not in top:
        check.fail((), "the scenario needs `clusters:`, a list with at least one cluster")
        return []
    items = check.listed(("clusters",), top["clusters"], "clusters")
    if items is None:
        return []
    if not items:
        check.fail(("clusters",), "clusters is an empty list; give at least one cluster")
    clusters: list[Cluster] = []
    seen: dict[str, Where] = {}
    for index, item in enumerate(items):
        path: Path_ = ("clusters", index)
        cluster = _cluster(check, path, item, defaults, names, agreement)
        if cluster is None:
            continue
        if cluster.id in seen:
            check.fail(
                (*path, "id"),
                f"cluster id `{cluster.id}` is used twice (first at {seen[cluster.id]})",
            )
            continue
        seen[cluster.id] = check.doc.where((*path, "id"))
        clusters.append(cluster)
    return clusters


def _cluster(
    check: Checker,
    path: Path_,
    value: Any,
    defaults: dict[str, Setting],
    names: Names | None,
    agreement: list[str] | None,
) -> Cluster | None:
    given_id = value.get("id") if isinstance(value, dict) else None
    label = f"cluster {given_id}" if isinstance(given_id, str) else "a cluster"
    spec = check.mapping(path, value, label, CLUSTER_KEYS, ("id", "name", "lead", "years"))
    if spec is None:
        return None
    cluster_id = check.text((*path, "id"), spec["id"], "id") if "id" in spec else None
    if cluster_id is not None and not CLUSTER_ID.fullmatch(cluster_id):
        check.fail((*path, "id"), f"id '{shorten(cluster_id)}' may hold only a-z, 0-9 and '-'")
        cluster_id = None
    name = check.text((*path, "name"), spec["name"], "name") if "name" in spec else None
    payee = check.text((*path, "payee"), spec["payee"], "payee") if "payee" in spec else None
    years = _years(check, (*path, "years"), spec["years"]) if "years" in spec else None
    own = _settings(
        check, path, {k: v for k, v in spec.items() if k in SETTING_KEYS}, label, SETTING_KEYS
    )
    settings = {**defaults, **own}
    value_of = {
        key: settings[key][0] if key in settings else default
        for key, default in DEFAULT_SETTINGS.items()
    }
    unit = ROUNDING_UNITS[value_of["rounding"]]
    whole = True
    for key in ("lead_amount", "pool"):
        if value_of[key] % unit:
            check.fail(
                settings[key][1],
                f"{key} is not a whole number of kroner; use `rounding: ore` or a whole amount",
            )
            whole = False
    own_schedule: _PartialSchedule | None = own["schedule"][0] if "schedule" in own else None
    if own_schedule is not None and years is not None:
        for year, year_path in own_schedule.override_paths.items():
            if not years[0] <= year <= years[1]:
                check.fail(
                    year_path,
                    f"a schedule override for {year}, but {label} runs {years[0]}-{years[1]}",
                    key=True,
                )
    schedule = _merge_schedules(
        defaults["schedule"][0] if "schedule" in defaults else None, own_schedule
    )
    policy: Policy = value_of["below_threshold"]
    reduced = _reduced_pool(check, path, spec, policy, unit, years)
    members, lead = _cluster_members(check, path, spec, names, agreement, label)
    if cluster_id is None or name is None or years is None or members is None or lead is None:
        return None
    if reduced is None or not whole:
        return None
    return Cluster(
        id=cluster_id,
        name=name,
        lead=lead,
        payee=payee,
        first_year=years[0],
        last_year=years[1],
        members=tuple(m for m in members if m != lead),
        lead_amount=value_of["lead_amount"],
        pool=value_of["pool"],
        threshold=value_of["threshold"],
        policy=policy,
        unit=unit,
        indexation=value_of["indexation"],
        reduced_pool=reduced,
        schedule=schedule,
        where=check.doc.where(path),
    )


def _years(check: Checker, path: Path_, value: Any) -> tuple[int, int] | None:
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


def _reduced_pool(
    check: Checker,
    path: Path_,
    spec: dict[str, Any],
    policy: Policy,
    unit: int,
    years: tuple[int, int] | None,
) -> dict[int, int] | None:
    if "reduced_pool" not in spec:
        return {}
    rp_path: Path_ = (*path, "reduced_pool")
    if policy != "fixed":
        check.fail(
            rp_path,
            f"reduced_pool is used only with `below_threshold: fixed` (this cluster uses {policy})",
            key=True,
        )
        return None
    given = check.mapping(rp_path, spec["reduced_pool"], "reduced_pool", None)
    if given is None:
        return None
    reduced: dict[int, int] = {}
    for key, raw in given.items():
        year_path: Path_ = (*rp_path, key)
        year = check.year_key(year_path, key, "reduced_pool: each key (a year)")
        if year is None:
            continue
        if years is not None and not years[0] <= year <= years[1]:
            check.fail(
                year_path,
                f"reduced_pool for {year}, but the cluster runs {years[0]}-{years[1]}",
                key=True,
            )
            continue
        amount = check.amount(year_path, raw, f"reduced_pool for {year}")
        if amount is not None and amount % unit:
            check.fail(
                year_path,
                f"reduced_pool for {year} is not a whole number of kroner; "
                "use `rounding: ore` or a whole amount",
            )
        elif amount is not None:
            reduced[year] = amount
    return reduced


def _cluster_members(
    check: Checker,
    path: Path_,
    spec: dict[str, Any],
    names: Names | None,
    agreement: list[str] | None,
    label: str,
) -> tuple[list[str] | None, str | None]:
    if names is None or agreement is None:
        return None, None
    members = agreement
    if "members" in spec:
        listed = _name_list(check, (*path, "members"), spec["members"], f"{label}: members", names)
        if listed is None:
            return None, None
        outside = [m for m in listed if m not in agreement]
        for name in outside:
            index = next(i for i, raw in enumerate(spec["members"]) if names.find(str(raw)) == name)
            check.fail(
                (*path, "members", index),
                f"{name} is not a member of the agreement (see `members:` at the top)",
            )
        if outside:
            return None, None
        members = listed
    lead = None
    if "lead" in spec:
        raw = check.text((*path, "lead"), spec["lead"], "lead")
        lead = names.find(raw) if raw else None
        if raw and lead is None:
            check.fail((*path, "lead"), names.problem(raw))
        elif lead is not None and lead not in members:
            where = "the cluster's `members`" if "members" in spec else "the agreement's members"
            check.fail(
                (*path, "lead"),
                f"the lead {lead} is not among {where}; the lead must be a member (R1)",
            )
            lead = None
    if lead is not None and len(members) < 2:
        check.fail(
            path, f"{label} has no member besides the lead {lead}, so nobody shares the pool"
        )
        return None, None
    return members, lead


def _withdrawals(
    check: Checker, value: Any, clusters: list[Cluster], names: Names | None
) -> list[Withdrawal]:
    items = check.listed(("withdrawals",), value, "withdrawals")
    if items is None or names is None:
        return []
    resolved: Resolved = {}
    for index, item in enumerate(items):
        path: Path_ = ("withdrawals", index)
        spec = check.mapping(path, item, "a withdrawal", WITHDRAWAL_KEYS, ("municipality", "from"))
        if spec is None or not {"municipality", "from"} <= set(spec):
            continue
        raw = check.text((*path, "municipality"), spec["municipality"], "municipality")
        first_year = check.year(
            (*path, "from"), spec["from"], "from (the first year it no longer pays)"
        )
        announced = (
            check.date((*path, "announced"), spec["announced"], "announced")
            if "announced" in spec
            else None
        )
        cluster_ids = None
        if "clusters" in spec:
            cluster_ids = _cluster_ids(check, (*path, "clusters"), spec["clusters"], clusters)
            if cluster_ids is None:
                continue
        if raw is None or first_year is None:
            continue
        name = names.find(raw)
        if name is None:
            check.fail((*path, "municipality"), names.problem(raw))
            continue
        where = check.doc.where(path)
        try:
            for cluster_id in withdrawal_clusters(name, cluster_ids, clusters):
                withdrawal = Withdrawal(name, cluster_id, first_year, announced, where)
                _add_withdrawal(resolved, withdrawal)
        except KlyngeError as problem:
            check.fail((*path, "municipality"), problem.message)
    return list(resolved.values())


def _cluster_ids(
    check: Checker, path: Path_, value: Any, clusters: list[Cluster]
) -> list[tuple[str, Path_]] | None:
    items = check.listed(path, value, "clusters")
    if items is None:
        return None
    if not items:
        check.fail(
            path, "clusters is an empty list; name at least one cluster id, or leave it out for all"
        )
        return None
    known = {c.id: c.id for c in clusters}
    ids = []
    for index, raw in enumerate(items):
        text = check.text((*path, index), raw, "clusters: each id")
        if text is None:
            return None
        if text not in known:
            check.fail(
                (*path, index),
                f"unknown cluster id `{shorten(text)}`{suggest(text, known, key=str.lower)}",
            )
            return None
        ids.append((text, (*path, index)))
    return ids


def withdrawal_clusters(
    name: str, cluster_ids: Iterable[tuple[str, Any]] | None, clusters: Sequence[Cluster]
) -> list[str]:
    """SPEC R8: the clusters a withdrawal applies to; raises for a lead or a non-member."""
    by_id = {c.id: c for c in clusters}
    if cluster_ids is None:
        chosen = [c.id for c in clusters if name in c.members]
        if chosen:
            return chosen
        led = [c for c in clusters if c.lead == name]
        if led:
            raise KlyngeError(_lead_cannot_withdraw(name, led[0]))
        raise KlyngeError(f"{name} is not a member of any cluster, so it cannot withdraw")
    chosen = []
    for cluster_id, _ in cluster_ids:
        cluster = by_id[cluster_id]
        if cluster.lead == name:
            raise KlyngeError(_lead_cannot_withdraw(name, cluster))
        if name not in cluster.members:
            raise KlyngeError(
                f"{name} is not a member of cluster {cluster_id}, so it cannot withdraw from it"
            )
        chosen.append(cluster_id)
    return chosen


def _lead_cannot_withdraw(name: str, cluster: Cluster) -> str:
    return (
        f"{name} leads cluster {cluster.id} and cannot withdraw from it (R5); to model that, "
        f"end the cluster's `years` earlier, or make another municipality lead"
    )


Resolved = dict[tuple[str, str], Withdrawal]  # by (municipality, cluster), in file order


def _add_withdrawal(resolved: Resolved, withdrawal: Withdrawal) -> None:
    """R8: one withdrawal per municipality and cluster."""
    earlier = resolved.get((withdrawal.municipality, withdrawal.cluster))
    if earlier is not None:
        raise KlyngeError(
            f"{withdrawal.municipality} withdraws from {withdrawal.cluster} twice "
            f"(also at {earlier.where}); give one withdrawal per municipality and cluster"
        )
    resolved[(withdrawal.municipality, withdrawal.cluster)] = withdrawal


def with_extra_withdrawals(
    scenario: Scenario, requests: Sequence[tuple[str, int | None]], only_cluster: str | None = None
) -> Scenario:
    """The scenario plus withdrawals given on the command line (`--withdraw NAME[@YEAR]`).

    A year of None means each cluster's first year. `only_cluster` limits them to one cluster.
    """
    names = Names(scenario.populations.table)
    resolved: Resolved = {(w.municipality, w.cluster): w for w in scenario.withdrawals}
    problems: list[KlyngeError] = []
    for raw, year in requests:
        where = Where(f"--withdraw {raw}" + (f"@{year}" if year else ""))
        name = names.find(raw)
        if name is None:
            problems.append(KlyngeError(names.problem(raw), where))
            continue
        try:
            ids = None if only_cluster is None else [(only_cluster, None)]
            for cluster_id in withdrawal_clusters(name, ids, scenario.clusters):
                cluster = scenario.cluster(cluster_id)
                _add_withdrawal(
                    resolved, Withdrawal(name, cluster_id, year or cluster.first_year, None, where)
                )
        except KlyngeError as problem:
            problems.append(KlyngeError(problem.message, where))
    raise_all(problems)
    return scenario._replace(withdrawals=tuple(resolved.values()))


def selection(
    scenario: Scenario, cluster: str | None, year: int | None
) -> tuple[str | None, int | None]:
    """Check `--cluster` and `--year` against the scenario; return them for `Allocation.select`."""
    chosen = scenario.clusters
    if cluster is not None:
        known = {c.id: c.id for c in scenario.clusters}
        if cluster not in known:
            raise KlyngeError(
                f"--cluster {cluster}: no such cluster in {scenario.file}"
                f"{suggest(cluster, known, key=str.lower)}; its clusters are {listing(known)}"
            )
        chosen = (scenario.cluster(cluster),)
    if year is not None and not any(year in c.years for c in chosen):
        spans = listing(f"{c.id} {c.first_year}-{c.last_year}" for c in chosen)
        raise KlyngeError(f"--year {year}: no financed year {year} in {spans}")
    return cluster, year


def find_municipality(scenario: Scenario, raw: str, option: str) -> str:
    """A municipality named on the command line, as the population data writes it."""
    names = Names(scenario.populations.table)
    name = names.find(raw)
    if name is None:
        raise KlyngeError(f"{option} {raw}: {names.problem(raw)}")
    return name


def member_cluster(scenario: Scenario, name: str, cluster: str | None, year: int | None) -> Cluster:
    """The cluster to explain: the one named, else the first `name` belongs to (in `year`)."""
    for candidate in scenario.clusters:
        if cluster is not None and candidate.id != cluster:
            continue
        if year is not None and year not in candidate.years:
            continue
        if name == candidate.lead or name in candidate.members:
            return candidate
    where = f"cluster {cluster}" if cluster else "any cluster"
    when = f" in {year}" if year else ""
    raise KlyngeError(f"{name} is not a member of {where}{when} in {scenario.file}")
