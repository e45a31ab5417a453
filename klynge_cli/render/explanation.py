"""`klynge explain` as numbered steps a municipal finance officer can check by hand."""

from __future__ import annotations

from fractions import Fraction

from klynge_cli.engine.explain import Explanation
from klynge_cli.money import ORE_PER_KRONE
from klynge_cli.names import listing
from klynge_cli.render.labels import Labels


def decimal(value: Fraction, labels: Labels, places: int = 6) -> str:
    """An exact fraction in decimals: '31,237.236624…' (the '…' says the decimals go on)."""
    scaled = value * 10**places
    whole, rest = divmod(scaled.numerator // scaled.denominator, 10**places)
    text = labels.number(whole)
    if rest:
        text += labels.point + f"{rest:0{places}d}".rstrip("0")
    return text + ("…" if scaled.denominator != 1 else "")


def _units(count: int, unit: int) -> str:
    if unit == 1:
        return f"{count} øre"
    return f"{count} krone" if count == 1 else f"{count} kroner"


def explanation_text(e: Explanation, labels: Labels) -> str:
    cy, line, cluster = e.cluster_year, e.line, e.cluster_year.cluster
    lines = [f"{line.municipality} in {cluster.name} ({cluster.id}), {cy.year}", ""]

    def kr(ore: int) -> str:
        return labels.kr(ore, decimals=cluster.unit == 1)

    if line.role == "lead":
        lines.append(
            f"{line.municipality} is the lead of {cluster.id}. The lead pays the lead amount, "
            f"{kr(line.amount)}, every year, whatever happens to the pool (R5)."
            + _indexed(cluster.lead_amount, line.amount, e, labels)
        )
        return "\n".join(lines) + "\n"
    if line.role == "withdrawn":
        since = f" from {e.withdrawal.first_year}" if e.withdrawal else ""
        lines.append(
            f"{line.municipality} has withdrawn from {cluster.id}{since} (R8), so it pays "
            f"nothing in {cy.year}: 0 kr."
        )
        return "\n".join(lines) + "\n"

    assert e.position is not None and e.quota is not None
    split = cy.split
    n, p = cy.members, len(cy.participants)
    steps: list[str] = []
    steps.append(f"Members: {n} besides the lead {cluster.lead}: {listing(cluster.members, n)}.")
    left = f"withdrawn: {', '.join(cy.withdrawn)}" if cy.withdrawn else "nobody has withdrawn"
    steps.append(f"Participants: {p} of {n} take part ({left}).")
    test = f"{p}/{n} = {labels.percent(Fraction(p, n))}"
    threshold = labels.percent(cluster.threshold)
    steps.append(
        {
            "everyone": f"Threshold test: {test}: everyone takes part, so the pool is held (R3).",
            "single withdrawal": (
                f"Threshold test: {test}: a single withdrawal keeps the agreed pool (R3)."
            ),
            "threshold": f"Threshold test: {test} ≥ {threshold}, so the pool is held (R3).",
            None: f"Threshold test: {test} < {threshold}, so the pool is reduced (R3).",
        }[e.reason]
    )
    pool = kr(cy.full_pool) + _indexed(cluster.pool, cy.full_pool, e, labels)
    split_total = kr(split.total * cluster.unit)
    if cy.held:
        steps.append(f"Policy: the pool of {pool} is held and split among the {p} participants.")
    elif cluster.policy == "baseline-shares":
        steps.append(
            f"Policy: baseline-shares. Everyone still in pays exactly what it would pay if all "
            f"{n} took part: the pool of {pool} is split among all {n} members as if nobody had "
            f"left, and the {p} participants pay their parts ({kr(cy.pool)} together)."
        )
    elif cluster.policy == "pro-rata":
        steps.append(
            f"Policy: pro-rata. The pool of {pool} shrinks to {p}/{n} of itself, rounded half up "
            f"to the {'øre' if cluster.unit == 1 else 'krone'}: {split_total}, split among the "
            f"{p} participants."
        )
    else:
        steps.append(
            f"Policy: fixed. The scenario gives the reduced pool for {cy.year}, {split_total}, "
            f"split among the {p} participants."
        )
    basis = "each" if e.yearly_basis else str(cy.population_year)
    source = f"; source: {e.figure.source}" if e.figure.source else ""
    steps.append(
        f"Population basis: 1 January {cy.population_year} (populations: year: {basis}), "
        f"from {e.figure.where.file}{source}. {line.municipality} has "
        f"{labels.number(line.population)} inhabitants; the {len(split.names)} the pool is split "
        f"among have {labels.number(split.denominator)} together."
    )
    quota = e.quota * cluster.unit / ORE_PER_KRONE
    steps.append(
        f"Exact quota: {split_total} × {labels.number(line.population)} / "
        f"{labels.number(split.denominator)} = {decimal(quota, labels)} kr."
    )
    verb = "is" if split.leftover == 1 else "are"
    steps.append(
        f"Floor: {kr(split.floors[e.position] * cluster.unit)}; the {len(split.names)} floors add "
        f"up to {kr(sum(split.floors) * cluster.unit)}, so {_units(split.leftover, cluster.unit)} "
        f"{verb} left over (R4)."
    )
    remainder = Fraction(split.remainders[e.position], split.denominator)
    unit_name = "krone" if cluster.unit == ORE_PER_KRONE else "øre"
    rank = split.rank(e.position)
    if split.leftover:
        verdict = "gets one of them" if rank <= split.leftover else "gets none of them"
        steps.append(
            f"Remainder: {decimal(remainder, labels)} of a {unit_name}, rank {rank} of "
            f"{len(split.names)} "
            f"(largest remainder first); the leftover go one each to ranks 1-{split.leftover}, "
            f"so {line.municipality} {verdict}."
        )
    else:
        steps.append(f"Remainder: {decimal(remainder, labels)}; nothing is left over.")
    for tie in e.ties:
        decided = (
            "the larger population goes first"
            if tie.decided_by == "population"
            else "their populations are equal too, so name order decides"
        )
        effect = "this decided a leftover unit" if tie.mattered else "it changed nothing here"
        steps.append(f"Tie-break: the same remainder as {tie.municipality}; {decided} ({effect}).")
    steps.append(
        f"Amount: {line.municipality} pays {kr(line.amount)} to {cluster.lead} for {cy.year}."
    )
    lines.extend(f"{number}. {text}" for number, text in enumerate(steps, start=1))
    return "\n".join(lines) + "\n"


def _indexed(base: int, amount: int, e: Explanation, labels: Labels) -> str:
    """' (indexed, R7: 500,000.00 kr. × 1.025^2 = 525,312.5 kr., rounded half up)' or ''."""
    cluster = e.cluster_year.cluster
    if not cluster.indexation:
        return ""
    years = e.cluster_year.year - cluster.first_year
    exact = base * (1 + cluster.indexation) ** years / ORE_PER_KRONE
    return (
        f" (indexed, R7: {labels.kr(base)} × {decimal(1 + cluster.indexation, labels)}^{years} = "
        f"{decimal(exact, labels)} kr., rounded half up to {labels.kr(amount)})"
    )
