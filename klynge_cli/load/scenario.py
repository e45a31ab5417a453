"""A scenario file (format version 1, SPEC §3) → a validated `Scenario`.

Every problem is collected with its file, line and column, so `klynge validate` can list them
all; loading raises them together. Numbers become `int` øre and `Fraction`s here, at the
boundary, and names become the population data's spelling.
"""

import re
from collections.abc import Mapping
from datetime import date
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
from klynge_cli.load.terms import (
    DEFAULTS_TERM_KEYS,
    MISPLACED_IN_DEFAULTS,
    MISPLACED_IN_PERIOD,
    TERM_KEYS,
    Level,
    Resolver,
    Span,
    read_level,
    read_years,
)
from klynge_cli.load.withdrawals import read_withdrawals
from klynge_cli.load.yamlfile import Document, Path_, parse_yaml, read_text
from klynge_cli.model import (
    DATE_KINDS,
    BusinessDays,
    Cluster,
    DateKind,
    DateRule,
    PopulationBasis,
    PopulationTable,
    Scenario,
    ScheduleRules,
)
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
DEFAULTS_KEYS = (*DEFAULTS_TERM_KEYS, "schedule")
CLUSTER_KEYS = ("id", "name", "lead", "years", "periods", "members", "schedule", *TERM_KEYS)
PERIOD_KEYS = ("years", *TERM_KEYS)
SCHEDULE_KEYS = ("collect", "pay", "reconfirm", "overrides", "business_days")
RULE_KEYS = ("month", "year_offset", "day")
CLUSTER_ID = re.compile(r"[a-z0-9-]+")


def load_scenario(path: Path | None) -> Scenario:
    """Read, parse and validate a scenario file; None means the bundled seed scenario."""
    if path is None:
        path = default_scenario()
    shown = files.shown(path)
    try:
        text = read_text(path, shown, what="scenario file", limit=MAX_SCENARIO_BYTES)
    except KlyngeError as problem:
        if problem.message == "no such scenario file" and re.fullmatch(r"[0-9]{4}", str(path)):
            raise KlyngeError(  # `--withdraw Roskilde 2023`: the year became the scenario
                f"no such scenario file; if {path} is a year, join it to its withdrawal: "
                f"--withdraw NAME@{path}",
                problem.where,
            ) from None
        raise
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
    # Without a readable population file, names are still checked against the municipality
    # table, so that one mistake there does not hide the rest of the file's.
    names = Names(populations.table if populations else PopulationTable.of("", {}))
    agreement = _agreement_members(check, top.get("members"), names, populations)
    # An optional section left empty (`withdrawals:` with every entry commented out) is empty.
    given_defaults = {} if top.get("defaults") is None else top["defaults"]
    defaults_spec = (
        check.mapping(
            ("defaults",),
            given_defaults,
            "defaults",
            DEFAULTS_KEYS,
            misplaced=MISPLACED_IN_DEFAULTS,
        )
        or {}
    )
    defaults = Defaults(
        read_level(check, ("defaults",), defaults_spec, names),
        _schedule(check, ("defaults", "schedule"), defaults_spec["schedule"])
        if "schedule" in defaults_spec
        else None,
    )
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
    rows = sum(len(c.years) * (len(c.members) + 1) + _extra_rows(c) for c in clusters)
    advice = "Split the scenario into several files."
    if cluster_years > MAX_CLUSTER_YEARS:
        check.fail(
            ("clusters",),
            exceeded("the number of cluster-years", cluster_years, MAX_CLUSTER_YEARS, advice),
        )
    elif rows > MAX_ROWS:
        check.fail(
            ("clusters",),
            exceeded(
                "the number of rows (municipalities, co-funders and top-ups × cluster-years)",
                rows,
                MAX_ROWS,
                advice,
            ),
        )


def _extra_rows(cluster: Cluster) -> int:
    """A row per co-funder and top-up for each year it pays (R14, R15), beside the members'."""
    rows = 0
    for terms in cluster.periods:
        spans = [(c.first_year, c.last_year) for c in terms.co_funders]
        spans += [(t.first_year, t.last_year) for t in terms.top_ups]
        for first, last in spans:
            rows += max(0, min(last, terms.last_year) - max(first, terms.first_year) + 1)
    return rows


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
    spec = check.mapping(("populations",), value, "populations", ("file", "year", "lag"), ("year",))
    if spec is None or "year" not in spec:
        return None
    year: int | None = None
    if spec["year"] != "each":
        year = check.year(("populations", "year"), spec["year"], "populations: year (or `each`)")
        if year is None:
            return None
    lag = 0
    if "lag" in spec:  # R10: year Y uses the figures of Y - lag
        if year is not None:
            check.fail(
                ("populations", "lag"),
                f"lag is used only with `year: each`; with `year: {year}` every year uses the "
                f"figures of 1 January {year}",
                key=True,
            )
            return None
        given = check.integer(("populations", "lag"), spec["lag"], "populations: lag", 0, 5)
        if given is None:
            return None
        lag = given
    where = check.doc.where(("populations",))
    if "file" not in spec:
        return PopulationBasis(bundled_populations(), year, where, lag)
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
    return PopulationBasis(table, year, where, lag)


def _agreement_members(
    check: Checker, value: Any, names: Names | None, populations: PopulationBasis | None
) -> list[str] | None:
    """R1 and R16: the agreement's members, by region (from the municipality table) or by name.

    A member the population data has no figure for is not dropped: the rules report it (R6).
    """
    if names is None:
        return None
    if value is None:
        if populations is None:
            return None  # its own problem is reported; the default region cannot be known
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


class Defaults(NamedTuple):
    """The `defaults:` section: terms for every cluster, and a schedule."""

    terms: Level
    schedule: "_PartialSchedule | None"


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
    defaults: Defaults,
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
    defaults: Defaults,
    names: Names | None,
    agreement: list[str] | None,
) -> Cluster | None:
    given_id = value.get("id") if isinstance(value, dict) else None
    label = f"cluster {given_id}" if isinstance(given_id, str) else "a cluster"
    spec = check.mapping(path, value, label, CLUSTER_KEYS, ("id", "name", "lead"))
    if spec is None:
        return None
    cluster_id = check.text((*path, "id"), spec["id"], "id") if "id" in spec else None
    if cluster_id is not None and not CLUSTER_ID.fullmatch(cluster_id):
        check.fail((*path, "id"), f"id '{shorten(cluster_id)}' may hold only a-z, 0-9 and '-'")
        cluster_id = None
    name = check.text((*path, "name"), spec["name"], "name") if "name" in spec else None
    spans = _spans(check, path, spec, label, names)
    own = read_level(check, path, spec, names)
    own_schedule = (
        _schedule(check, (*path, "schedule"), spec["schedule"]) if "schedule" in spec else None
    )
    members, lead = _cluster_members(check, path, spec, names, agreement, label)
    if spans is None:
        return None
    financed = [year for span in spans for year in range(span.first, span.last + 1)]
    runs = ", ".join(span.shown for span in spans)
    for part in (defaults.schedule, own_schedule):
        for year, year_path in part.override_paths.items() if part else ():
            if year not in financed:
                check.fail(
                    year_path,
                    f"a schedule override for {year}, but {label} runs {runs}",
                    key=True,
                )
    # The terms are checked even when the lead or members could not be read (their problems
    # are reported already), so that one mistake does not hide another.
    others = tuple(m for m in members or () if m != lead)
    resolver = Resolver(check, label, defaults.terms, own, lead, others if members else None)
    periods = resolver.resolve_all(spans)
    if members is None or lead is None:
        return None
    if cluster_id is None or name is None or periods is None:
        return None
    return Cluster(
        id=cluster_id,
        name=name,
        lead=lead,
        members=others,
        periods=periods,
        schedule=_merge_schedules(defaults.schedule, own_schedule),
        where=check.doc.where(path),
    )


def _spans(
    check: Checker, path: Path_, spec: dict[str, Any], label: str, names: Names | None
) -> list[Span] | None:
    """R12: the cluster's `years`, or its `periods` in increasing, non-overlapping order."""
    if "years" in spec and "periods" in spec:
        check.fail((*path, "periods"), f"{label} gives both `years` and `periods`; give one",
                   key=True)  # fmt: skip
        return None
    if "years" in spec:
        years = _years(check, (*path, "years"), spec["years"])
        return None if years is None else [Span(*years, {}, path, period=False)]
    if "periods" not in spec:
        check.fail(path, f"{label} needs `years: [first, last]` (or `periods:`)")
        return None
    items = check.listed((*path, "periods"), spec["periods"], "periods")
    if items is None:
        return None
    if not items:
        check.fail((*path, "periods"), "periods is an empty list; give at least one period")
        return None
    spans: list[Span] = []
    for index, item in enumerate(items):
        period_path: Path_ = (*path, "periods", index)
        period = check.mapping(
            period_path, item, "a period", PERIOD_KEYS, ("years",), misplaced=MISPLACED_IN_PERIOD
        )
        if period is None or "years" not in period:
            return None
        years = _years(check, (*period_path, "years"), period["years"])
        if years is None:
            return None
        if spans and years[0] <= spans[-1].last:
            check.fail(
                (*period_path, "years"),
                f"periods overlap or are out of order: {years[0]}-{years[1]} after "
                f"{spans[-1].shown}; list them in order of years, each after the last",
            )
            return None
        level = read_level(check, period_path, period, names)
        spans.append(Span(*years, level, period_path, period=True))
    first, last = spans[0].first, spans[-1].last
    if last - first + 1 > MAX_YEARS_PER_CLUSTER:
        check.fail(
            (*path, "periods"),
            exceeded(f"a cluster running {first}-{last}: its number of years",
                     last - first + 1, MAX_YEARS_PER_CLUSTER, "Is a year mistyped?"),
        )  # fmt: skip
        return None
    return spans


def _years(check: Checker, path: Path_, value: Any) -> tuple[int, int] | None:
    years = read_years(check, path, value)
    if years is not None and years[1] - years[0] + 1 > MAX_YEARS_PER_CLUSTER:
        check.fail(
            path,
            exceeded(
                f"a cluster running {years[0]}-{years[1]}: its number of years",
                years[1] - years[0] + 1,
                MAX_YEARS_PER_CLUSTER,
                "Is a year mistyped?",
            ),
        )
        return None
    return years


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
