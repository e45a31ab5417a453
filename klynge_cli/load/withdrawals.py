"""Withdrawals (SPEC R8): from the scenario file, or extra ones from the command line.

Both go through `withdrawal_clusters`, so a what-if withdrawal obeys the same rules as one in
the file: never the lead (R5), only clusters the municipality belongs to, once per cluster.
"""

from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from typing import Any

from klynge_cli.errors import KlyngeError, Where, raise_all
from klynge_cli.load.checker import Checker, Names
from klynge_cli.load.yamlfile import Path_
from klynge_cli.model import Cluster, Scenario, Withdrawal
from klynge_cli.names import shorten, suggest

WITHDRAWAL_KEYS = ("municipality", "from", "clusters", "announced")


def read_withdrawals(
    check: Checker,
    value: Any,
    clusters: list[Cluster],
    names: Names | None,
    unread: AbstractSet[str | None] = frozenset(),
) -> list[Withdrawal]:
    """The file's withdrawals, resolved per cluster (R8). `unread`: clusters the file names but
    that could not be read; what depends only on them is not reported again."""
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
            cluster_ids = _cluster_ids(
                check, (*path, "clusters"), spec["clusters"], clusters, unread
            )
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
            chosen = withdrawal_clusters(name, cluster_ids, clusters, incomplete=bool(unread))
        except KlyngeError as problem:
            check.fail((*path, "municipality"), problem.message)
            continue
        try:
            for cluster_id in chosen:
                withdrawal = Withdrawal(name, cluster_id, first_year, announced, where)
                _add_withdrawal(resolved, withdrawal)
        except KlyngeError as problem:
            check.fail((*path, "municipality"), problem.message)
    return list(resolved.values())


def _cluster_ids(
    check: Checker,
    path: Path_,
    value: Any,
    clusters: list[Cluster],
    unread: AbstractSet[str | None],
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
        if text not in known and text in unread:
            return None  # its own problem is reported where the cluster is
        if text not in known:
            check.fail(
                (*path, index),
                f"unknown cluster id `{shorten(text)}`{suggest(text, known, key=str.lower)}",
            )
            return None
        ids.append((text, (*path, index)))
    return ids


def withdrawal_clusters(
    name: str,
    cluster_ids: Iterable[tuple[str, Any]] | None,
    clusters: Sequence[Cluster],
    *,
    incomplete: bool = False,
) -> list[str]:
    """SPEC R8: the clusters a withdrawal applies to; raises for a lead or a non-member.
    `incomplete`: some clusters could not be read, so not being in the others proves nothing."""
    by_id = {c.id: c for c in clusters}
    if cluster_ids is None:
        chosen = [c.id for c in clusters if name in c.members]
        if chosen:
            return chosen
        led = [c for c in clusters if c.lead == name]
        if led:
            raise KlyngeError(_lead_cannot_withdraw(name, led[0]))
        if incomplete:
            return []
        raise KlyngeError(f"{name} is not a member of any cluster, so it cannot withdraw")
    # R8: the named clusters it is a non-lead member of; an error only if that is none of them.
    named = [by_id[cluster_id] for cluster_id, _ in cluster_ids]
    for cluster in named:
        if cluster.lead == name:
            raise KlyngeError(_lead_cannot_withdraw(name, cluster))
    chosen = [c.id for c in named if name in c.members]
    if not chosen:
        which = (
            f"cluster {named[0].id}"
            if len(named) == 1
            else f"any of the clusters {', '.join(c.id for c in named)}"
        )
        raise KlyngeError(f"{name} is not a member of {which}, so it cannot withdraw from it")
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
        where = Where(f"--withdraw {raw}" + (f"@{year:04d}" if year is not None else ""))
        name = names.find(raw)
        if name is None:
            problems.append(KlyngeError(names.problem(raw), where))
            continue
        try:
            ids = None if only_cluster is None else [(only_cluster, None)]
            chosen = withdrawal_clusters(name, ids, scenario.clusters)
            for cluster_id in chosen:
                cluster = scenario.cluster(cluster_id)
                _add_withdrawal(
                    resolved,
                    Withdrawal(
                        name, cluster_id, cluster.first_year if year is None else year, None, where
                    ),
                )
        except KlyngeError as problem:
            problems.append(KlyngeError(problem.message, where))
    raise_all(problems)
    return scenario._replace(withdrawals=tuple(resolved.values()))
