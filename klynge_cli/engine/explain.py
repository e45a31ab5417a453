"""The facts behind one municipality's amount in one cluster and year, for `klynge explain`."""

from __future__ import annotations

from fractions import Fraction
from typing import NamedTuple

from klynge_cli.engine.bands import BandPick, band_amount
from klynge_cli.engine.indexation import rates
from klynge_cli.engine.percapita import PerCapita, per_capita
from klynge_cli.engine.rules import HoldReason, hold_reason
from klynge_cli.errors import KlyngeError
from klynge_cli.model import Figure, Withdrawal
from klynge_cli.result import Allocation, ClusterYear, Line


class Tie(NamedTuple):
    """Another participant with exactly the same remainder, and what decided between them."""

    municipality: str
    decided_by: str  # "population" or "name"
    mattered: bool  # one of the two got a leftover unit and the other did not


class Explanation(NamedTuple):
    cluster_year: ClusterYear
    line: Line
    reason: HoldReason | None  # None: reduced, or no pool (R13)
    figure: Figure
    yearly_basis: bool  # populations: year: each
    withdrawal: Withdrawal | None
    position: int | None  # in the split, for members that take part under a pool
    ties: tuple[Tie, ...]
    rates: tuple[tuple[int, Fraction], ...]  # R7/R11: the index rates into this year
    per_capita: PerCapita | None  # R13: the steps of a per-capita amount
    band: BandPick | None  # R13: the band of a bands amount
    top_up: int  # R15: what it adds on top this year (øre)

    @property
    def quota(self) -> Fraction | None:
        return None if self.position is None else self.cluster_year.split.quota(self.position)


def explain(allocation: Allocation, municipality: str, cluster_id: str, year: int) -> Explanation:
    cy = next(
        (c for c in allocation.cluster_years if c.cluster.id == cluster_id and c.year == year), None
    )
    if cy is None:
        raise KlyngeError(f"cluster {cluster_id} has no financed year {year}")
    line = cy.line(municipality)
    if line is None:
        raise KlyngeError(f"{municipality} is not a member of cluster {cluster_id}")
    scenario = allocation.scenario
    figure = scenario.populations.table.figure(municipality, cy.population_year)
    assert figure is not None, "allocation succeeded, so every figure is there"
    split = cy.split
    index = split.names.index(municipality) if line.role == "member" and split.names else None
    ties: list[Tie] = []
    if index is not None:
        extra = set(split.ranking[: split.leftover])
        for other, remainder in enumerate(split.remainders):
            if other != index and remainder == split.remainders[index]:
                by = "population" if split.weights[other] != split.weights[index] else "name"
                mattered = (index in extra) != (other in extra)
                ties.append(Tie(split.names[other], by, mattered))
    terms = cy.terms
    by_formula = line.role == "member" or (line.role == "lead" and terms.lead_amount is None)
    population = line.population or 0
    return Explanation(
        cluster_year=cy,
        line=line,
        reason=(
            hold_reason(cy.members, len(cy.participants), terms.threshold)
            if terms.formula == "pool"
            else None
        ),
        figure=figure,
        yearly_basis=scenario.populations.year is None,
        withdrawal=scenario.withdrawal(cluster_id, municipality),
        position=index,
        ties=tuple(ties),
        rates=rates(terms, year),
        per_capita=(
            per_capita(terms, population, year)
            if by_formula and terms.formula == "per-capita"
            else None
        ),
        band=band_amount(terms, population, year)
        if by_formula and terms.formula == "bands"
        else None,
        top_up=sum(
            t.amount for t in cy.lines if t.role == "top-up" and t.municipality == municipality
        ),
    )
