"""Where everything sits on a cluster sheet: rows, columns, the terms and the status rows.

Left to right: the municipality, its role and name order, its population (one column per
population year the cluster uses), the amount of each year and the total (the terminal table);
then, for each year, the year's computation step by step (a block of seven columns: the split
of a pool, or the steps per inhabitant or by band). Top to bottom: the lead, the members in
name order, the top-ups and the co-funders (each in name order), the totals; then the terms
(a column per year, each year's formulas reading its own column), the top-ups and co-funders
as given, and the status of each year.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, NamedTuple

from klynge_cli.render.xlsx.book import cell, column_range
from klynge_cli.result import ClusterYear

TITLE, HINT, GROUP, HEADER, FIRST = 0, 1, 2, 3, 4
BLOCK = 7  # columns of one year's computation
# A year's block by its formula: the heading over it, and the words over its columns.
BLOCK_GROUP = {"pool": "split_of", "per-capita": "per_capita_in", "bands": "bands_in"}
BLOCK_HEADINGS: dict[str, tuple[str, ...]] = {
    "pool": ("takes_part", "weight", "numerator", "floor", "remainder", "rank", "extra"),
    "per-capita": ("takes_part", "counted", "pc_formula", "pc_clamped", "units"),
    "bands": ("takes_part", "band", "band_amount", "units"),
}

RowRole = Literal["lead", "member", "top-up", "co-funder"]


class Row(NamedTuple):
    name: str
    role: RowRole


def term_keys(cluster_years: Sequence[ClusterYear]) -> tuple[str, ...]:
    """The term rows this cluster needs, in order: those of each formula it uses."""
    formulas = {cy.terms.formula for cy in cluster_years}
    keys = ["term_formula", "term_first", "term_lead", "term_units"]
    if "pool" in formulas:
        keys += ["term_pool", "term_threshold_num", "term_threshold_den", "term_threshold",
                 "term_policy"]  # fmt: skip
    if "per-capita" in formulas:
        keys += ["term_rate_num", "term_rate_den", "term_rate_kr", "term_base",
                 "term_max_population", "term_min_amount", "term_max_amount"]  # fmt: skip
    # Bands: every `up_to` in a run of rows, then every amount, so that a year's formulas can
    # count and index them as ranges (R13).
    bands = max((len(cy.terms.bands) for cy in cluster_years), default=0)
    keys += [f"term_band_up_to_{number}" for number in range(1, bands)]
    keys += [f"term_band_amount_{number}" for number in range(1, bands + 1)]
    keys += ["term_growth_num", "term_growth_den", "term_rate", "term_basis"]
    return tuple(keys)


def status_keys(cluster_years: Sequence[ClusterYear], rows: Sequence[Row]) -> tuple[str, ...]:
    pool = any(cy.terms.formula == "pool" for cy in cluster_years)
    top_ups = any(r.role == "top-up" for r in rows)
    co_funders = any(r.role == "co-funder" for r in rows)
    keys = ["status_k", "status_growth_num", "status_growth_den", "status_lead"]
    if pool:
        keys += ["status_full", "status_reduced"]
    keys += ["status_n", "status_p", "status_state"]
    if pool:
        keys += ["status_all", "status_split", "status_d", "status_floors", "status_leftover"]
    keys.append("status_pool")
    if top_ups:
        keys.append("status_top_ups")
    if top_ups or co_funders:
        keys.append("status_to_payee")
    if co_funders:
        keys.append("status_co_funded")
    keys += ["status_total", "status_exact"]
    return tuple(keys)


def table_rows(cluster_years: Sequence[ClusterYear]) -> tuple[Row, ...]:
    """The lead, the other members in name order, then every top-up and co-funder of any of
    these years, each group in name order (SPEC §7's row order). A member's top-up keeps its row
    in the years it has withdrawn: its amount follows the member's participation flag."""
    cluster = cluster_years[0].cluster
    top_ups = sorted({t.municipality for cy in cluster_years for t in cy.terms.top_ups_in(cy.year)})
    co_funders = sorted({c.name for cy in cluster_years for c in cy.terms.co_funders_in(cy.year)})
    return (
        Row(cluster.lead, "lead"),
        *(Row(m, "member") for m in cluster.members),
        *(Row(m, "top-up") for m in top_ups),
        *(Row(c, "co-funder") for c in co_funders),
    )


class Layout(NamedTuple):
    """Row and column numbers of one cluster sheet."""

    rows: tuple[Row, ...]
    members: int  # n: the members besides the lead
    years: tuple[int, ...]
    bases: tuple[int, ...]  # population years used
    total_row: int
    terms_head: int
    terms: dict[str, int]  # term → row
    given_head: int | None  # the top-ups and co-funders as given, if any
    given: dict[Row, int]  # top-up or co-funder → row
    status_head: int
    status: dict[str, int]  # status → row

    @classmethod
    def of(cls, cluster_years: Sequence[ClusterYear]) -> Layout:
        rows = table_rows(cluster_years)
        total_row = FIRST + len(rows)
        terms_head = total_row + 2
        terms = {key: terms_head + 1 + i for i, key in enumerate(term_keys(cluster_years))}
        after = terms_head + 1 + len(terms) + 1
        extras = [r for r in rows if r.role in ("top-up", "co-funder")]
        given_head = after if extras else None
        given = {row: after + 1 + i for i, row in enumerate(extras)}
        status_head = after + 1 + len(extras) + 1 if extras else after
        statuses = status_keys(cluster_years, rows)
        return cls(
            rows=rows,
            members=len(cluster_years[0].cluster.members),
            years=tuple(cy.year for cy in cluster_years),
            bases=tuple(sorted({cy.population_year for cy in cluster_years})),
            total_row=total_row,
            terms_head=terms_head,
            terms=terms,
            given_head=given_head,
            given=given,
            status_head=status_head,
            status={key: status_head + 1 + i for i, key in enumerate(statuses)},
        )

    @property
    def first_member(self) -> int:
        return FIRST + 1

    @property
    def last_member(self) -> int:
        return FIRST + self.members

    def row_of(self, row: Row) -> int:
        return FIRST + self.rows.index(row)

    def rows_with(self, role: RowRole) -> tuple[int, ...]:
        return tuple(FIRST + i for i, r in enumerate(self.rows) if r.role == role)

    def population_col(self, basis: int) -> int:
        return 3 + self.bases.index(basis)

    @property
    def first_amount(self) -> int:
        return 3 + len(self.bases)

    def amount_col(self, year: int) -> int:
        return self.first_amount + self.years.index(year)

    @property
    def total_col(self) -> int:
        return self.first_amount + len(self.years)

    def block(self, year: int, column: int) -> int:
        """A column of the year's computation; a narrow gap separates them from the table."""
        return self.total_col + 2 + BLOCK * self.years.index(year) + column

    def term(self, key: str, year: int) -> str:
        """A term's cell in the year's column: `$E$30`."""
        return cell(self.terms[key], self.amount_col(year), absolute=True)

    def status_cell(self, key: str, year: int) -> str:
        return cell(self.status[key], self.amount_col(year), absolute=True)

    def members_of(self, year: int, column: int) -> str:
        """The member rows of one column of a year's block: `Q$6:Q$21`."""
        return column_range(self.block(year, column), self.first_member, self.last_member)

    def here(self, row: int, year: int, column: int) -> str:
        return cell(row, self.block(year, column))
