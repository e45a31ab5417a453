"""What a cell of the workbook holds, in words, for the message that refuses the workbook.

Every number is checked as it is written (exact.py, through book.Sheet), and a number that would
not be exact stops the workbook with a message naming what it is and where it was given:
"cluster b, 2021: the amount of København" at the cluster's line of the scenario, "the
population of København on 1 January 2021" at its line of the population file, "the Total
sheet: Faxe's bill in 2022". A Place also says whether `rounding: krone` would make the number
smaller (an amount, or units of a year rounded to the øre) and what else would help.
"""

from __future__ import annotations

from collections.abc import Mapping

from klynge_cli.errors import Where
from klynge_cli.model import Cluster, PopulationTable, Terms
from klynge_cli.render.xlsx.exact import Place
from klynge_cli.render.xlsx.layout import BLOCK, BLOCK_HEADINGS, FIRST, Layout
from klynge_cli.render.xlsx.words import WORDS
from klynge_cli.result import Allocation


def english(key: str) -> str:
    """A word of the sheet in English: messages are in English whatever the locale."""
    return WORDS[key][0]


# Block columns and status rows in rounding units or kroner: `rounding: krone` makes them
# smaller. The terms that count the digits of a scenario's key: fewer digits make them smaller.
UNIT_HEADINGS = frozenset(map(english, ("numerator", "floor", "units")))
MONEY_STATUS = frozenset(
    ("status_lead", "status_full", "status_split", "status_floors", "status_leftover",
     "status_pool", "status_top_ups", "status_to_payee", "status_co_funded", "status_total")
)  # fmt: skip
DIGIT_TERMS = {
    "term_threshold_num": "threshold", "term_threshold_den": "threshold",
    "term_threshold": "threshold", "term_rate_num": "rate", "term_rate_den": "rate",
    "term_rate_kr": "rate", "term_growth_num": "indexation", "term_growth_den": "indexation",
    "term_rate": "indexation",
}  # fmt: skip


class ClusterPlaces:
    """The cells of one cluster sheet: the cluster, the year of the cell's column, and what its
    row and column hold. `populations` holds the places of the population cells (their line of
    the population file), filled as the table is written."""

    def __init__(self, cluster: Cluster, at: Layout, terms: Mapping[int, Terms]) -> None:
        self.cluster = cluster
        self.at = at
        self.terms = terms  # year → the terms of its period
        self.populations: dict[tuple[int, int], Place] = {}

    def __call__(self, row: int, col: int) -> Place:
        at, prefix = self.at, f"cluster {self.cluster.id}"
        if (row, col) in self.populations:
            return self.populations[(row, col)]
        if col < at.first_amount:
            return Place(f"{prefix}: row {row + 1}, column {col + 1}", self.cluster.where)
        year: int | None = None
        heading = ""
        if col < at.total_col:
            year = at.years[col - at.first_amount]
        elif col > at.total_col:
            index, column = divmod(col - at.total_col - 2, BLOCK)
            year = at.years[min(index, len(at.years) - 1)]
            headings = BLOCK_HEADINGS[self.terms[year].formula]
            heading = english(headings[column]) if column < len(headings) else "?"
        terms = list(self.terms.values()) if year is None else [self.terms[year]]
        what, counts_ore, advice = self._row(row, heading, year is None)
        ore = counts_ore and any(t.unit == 1 for t in terms)
        prefix += "" if year is None else f", {year}"
        return Place(f"{prefix}: {what}", self.cluster.where, ore, advice)

    def _row(self, row: int, heading: str, all_years: bool) -> tuple[str, bool, str]:
        """What a row's cell holds, whether it counts øre or units (so that `rounding: krone`
        would make it smaller), and what else helps."""
        at = self.at
        over = " over the years" if all_years else ""
        units = heading in UNIT_HEADINGS
        if FIRST <= row < at.total_row:
            line = at.rows[row - FIRST]
            who = {
                "lead": line.name,
                "member": line.name,
                "top-up": f"{line.name}'s top-up",
                "co-funder": f"co-funder {line.name}",
            }[line.role]
            if heading:
                return f"'{heading}' of {who}", units, ""
            return f"the amount of {who}{over}", True, ""
        if row == at.total_row:
            if heading:
                return f"the sum of '{heading}'", units, ""
            return f"the total{over or ' for the year'}", True, ""
        for key, term_row in at.terms.items():
            if term_row == row:
                key_in_file = DIGIT_TERMS.get(key)
                advice = f"write `{key_in_file}` with fewer digits" if key_in_file else ""
                return f"the term '{_term(key)}'", False, advice
        for line, given_row in at.given.items():
            if given_row == row:
                return f"the {line.role} of {line.name} as given", False, ""
        for key, status_row in at.status.items():
            if status_row == row:
                return f"'{english(key)}'", key in MONEY_STATUS, ""
        return f"row {row + 1}", False, ""


def _term(key: str) -> str:
    if key.startswith("term_band_"):
        kind, number = key.rsplit("_", 1)
        return english(kind).format(number=number)
    return english(key)


def population(table: PopulationTable, name: str, basis: int) -> Place:
    """A population figure, at its line of the population file."""
    figure = table.figure(name, basis)
    return Place(
        f"the population of {name} on 1 January {basis}",
        figure.where if figure else Where(table.file),
        advice="correct the figure in the population file",
    )


def across(allocation: Allocation, what: str) -> Place:
    """A figure summed across clusters (a bill, a total of the plan): fewer clusters or years
    make it smaller, where the workbook has more than one cluster-year."""
    cluster_years = allocation.cluster_years
    return Place(
        what,
        Where(allocation.scenario.file),
        ore=any(cy.terms.unit == 1 for cy in cluster_years),
        advice=(
            "write fewer clusters or years to one workbook (--cluster, --year)"
            if len(cluster_years) > 1
            else ""
        ),
    )
