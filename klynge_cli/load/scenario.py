"""A scenario file (format version 1, SPEC §3) → a validated `Scenario`.

Every problem is collected with its file, line and column, so `klynge validate` can list them
all; loading raises them together. Numbers become `int` øre and `Fraction`s here, at the
boundary, and names become the population data's spelling.
"""

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any, NamedTuple

from klynge_cli import files
from klynge_cli.errors import KlyngeError, Problems, Where, raise_all
from klynge_cli.limits import (
    MAX_CLUSTER_YEARS,
    MAX_ROWS,
    MAX_SCENARIO_BYTES,
    MAX_YEARS_PER_CLUSTER,
    exceeded,
)
from klynge_cli.load.checker import Checker, Names
from klynge_cli.load.populations import bundled_populations, read_populations, register
from klynge_cli.load.withdrawals import read_withdrawals
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
    Scenario,
    ScheduleRules,
)
from klynge_cli.money import ROUNDING_UNITS
from klynge_cli.names import listing, name_key, shorten
from klynge_cli.resources import default_scenario

FORMAT_VERSION = 1

TOP_KEYS = (
    "klynge",
    "name",
    "calendar_id",
    "populations",
    "members",
    "defaults",
    "clusters",
    "withdrawals",
)
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


def load_scenario(path: Path | None) -> Scenario:
    """Read, parse and validate a scenario file; None means the bundled seed scenario."""
    if path is None:
        path = default_scenario()
    shown = files.shown(path)
    text = read_text(path, shown, what="scenario file", limit=MAX_SCENARIO_BYTES)
    document = parse_yaml(text, shown)
    return build_scenario(document, path.parent)


def build_scenario(document: Document, base: Path) -> Scenario:
    check = Checker(document)
    top = check.mapping((), document.data, "the scenario", TOP_KEYS, ())
    if top is None:
        raise_all(check.problems)
        raise AssertionError  # unreachable: the checker recorded the problem
    _check_version(check, top)
    name = check.text(("name",), top["name"], "name") if "name" in top else None
    name = name or Path(document.file).stem
    calendar_id = _calendar_id(check, top)
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
    clusters, unread = _clusters(check, top, defaults, names, agreement)
    _check_size(check, clusters)
    given_withdrawals = [] if top.get("withdrawals") is None else top["withdrawals"]
    withdrawals = read_withdrawals(check, given_withdrawals, clusters, names, unread)
    raise_all(sorted(check.problems, key=_in_file_order))
    assert populations is not None
    return Scenario(
        name, document.file, populations, tuple(clusters), tuple(withdrawals), calendar_id
    )


def _calendar_id(check: Checker, top: dict[str, Any]) -> str | None:
    """What the schedule's calendar events are known by (`render/ical.py`), like a cluster id."""
    if "calendar_id" not in top:
        return None
    given = check.text(("calendar_id",), top["calendar_id"], "calendar_id")
    if given is not None and not CLUSTER_ID.fullmatch(given):
        check.fail(
            ("calendar_id",), f"calendar_id '{shorten(given)}' may hold only a-z, 0-9 and '-'"
        )
        return None
    return given


def _check_size(check: Checker, clusters: list[Cluster]) -> None:
    """What the scenario asks to compute, against the limits (docs/limits.md), before any of it
    is computed."""
    cluster_years = sum(len(c.years) for c in clusters)
    rows = sum(len(c.years) * (len(c.members) + 1) for c in clusters)
    advice = "Split the scenario into several files."
    if cluster_years > MAX_CLUSTER_YEARS:
        check.fail(
            ("clusters",),
            exceeded("the number of cluster-years", cluster_years, MAX_CLUSTER_YEARS, advice),
        )
    elif rows > MAX_ROWS:
        check.fail(
            ("clusters",),
            exceeded("the number of rows (municipalities × cluster-years)", rows, MAX_ROWS, advice),
        )


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
    """R1 and R16: the agreement's members, by region (from the municipality table) or by name.

    A member the population data has no figure for is not dropped: the rules report it (R6).
    """
    if names is None or populations is None:
        return None
    if value is None:
        known = register()
        regions = sorted({known.by_key[name_key(n)].region for n in populations.table.names})
        if len(regions) == 1:
            return names.in_region(regions[0])
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
        # One region, or a list of them (several KKRs, or the whole country).
        given = spec["region"]
        many = isinstance(given, list)
        found: list[str] = []
        for index, raw in enumerate(given if many else [given]):
            path: Path_ = ("members", "region", index) if many else ("members", "region")
            text = check.text(path, raw, "members: region")
            if text is None:
                return None
            if text.casefold() == "all":  # R16: every municipality of the table
                regions = sorted(set(register().regions.values()))
            else:
                region = register().region(text)
                if region is None:
                    check.fail(path, register().unknown_region(text))
                    return None
                regions = [region]
            for region in regions:
                found.extend(m for m in names.in_region(region) if m not in found)
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
    given = check.years_mapping(
        (*path, "overrides"), spec.get("overrides", {}), "schedule: overrides"
    )
    for year, (dates, year_path) in given.items():
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
) -> tuple[list[Cluster], set[str | None]]:
    """The clusters that could be read, and the ids of those that could not (None for one
    without a readable id), so that later checks do not report what follows from them."""
    if "clusters" not in top:
        check.fail((), "the scenario needs `clusters:`, a list with at least one cluster")
        return [], {None}
    items = check.listed(("clusters",), top["clusters"], "clusters")
    if items is None:
        return [], {None}
    if not items:
        check.fail(("clusters",), "clusters is an empty list; give at least one cluster")
    clusters: list[Cluster] = []
    unread: set[str | None] = set()
    seen: dict[str, Where] = {}
    for index, item in enumerate(items):
        path: Path_ = ("clusters", index)
        cluster = _cluster(check, path, item, defaults, names, agreement)
        if cluster is None:
            written = item.get("id") if isinstance(item, dict) else None
            unread.add(written if isinstance(written, str) else None)
            continue
        if cluster.id in seen:
            check.fail(
                (*path, "id"),
                f"cluster id `{cluster.id}` is used twice (first at {seen[cluster.id]})",
            )
            continue
        seen[cluster.id] = check.doc.where((*path, "id"))
        clusters.append(cluster)
    return clusters, unread


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
    default_schedule = defaults["schedule"][0] if "schedule" in defaults else None
    for part in (default_schedule, own_schedule):
        for year, year_path in part.override_paths.items() if part and years else ():
            assert years is not None
            if not years[0] <= year <= years[1]:
                check.fail(
                    year_path,
                    f"a schedule override for {year}, but {label} runs {years[0]}-{years[1]}",
                    key=True,
                )
    schedule = _merge_schedules(default_schedule, own_schedule)
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
    if last - first + 1 > MAX_YEARS_PER_CLUSTER:
        check.fail(
            path,
            exceeded(
                f"a cluster running {first}-{last}: its number of years",
                last - first + 1,
                MAX_YEARS_PER_CLUSTER,
                "Is a year mistyped?",
            ),
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
    reduced: dict[int, int] = {}
    for year, (raw, year_path) in check.years_mapping(
        rp_path, spec["reduced_pool"], "reduced_pool"
    ).items():
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
