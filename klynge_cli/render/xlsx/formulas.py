"""The years of a cluster sheet under `formula: per-capita` or `bands` (SPEC R13).

Nothing is shared: each row pays for its own population, so a year's block holds, for the lead
and each member, the steps of its own amount in whole numbers (exact.py):

- per inhabitant, with the rate in øre p/q: the counted population MIN(population, max),
  N = base × q + p × counted (øre × q), N within [min × q, max × q], and the amount in units
  QUOTIENT(2 × N × A + q × B × u, 2 × q × B × u): × F(Y) = A/B and rounded half up once;
- by band: the band (the first whose `up_to` the population does not pass: 1 + how many
  `up_to`s are below the population), its amount in øre, and the amount in units
  QUOTIENT(2 × amount × A + B × u, 2 × B × u).

A member's amount is its flag × units / units per krone: a withdrawn member pays nothing, and
flipping its flag recalculates. The lead pays its own amount by the formula, unless the year's
lead amount term holds a number (then that, indexed). Where a step would pass the limits of
exact.py, the year's amounts are klynge's values (a member's still × its flag), with a note.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from klynge_cli.engine.bands import band_amount
from klynge_cli.engine.percapita import per_capita
from klynge_cli.render.xlsx.exact import Factor, bands_fit, per_capita_fits, per_capita_numerator
from klynge_cli.render.xlsx.layout import FIRST
from klynge_cli.result import ClusterYear

if TYPE_CHECKING:
    from klynge_cli.render.xlsx.cluster import ClusterSheet, Year

# The columns of one year's block: per inhabitant, and by band.
TAKES_PART, COUNTED, FORMULA, CLAMPED, UNITS = range(5)
BAND, BAND_AMOUNT, BAND_UNITS = 1, 2, 3


def exact(cy: ClusterYear, factor: Factor) -> bool:
    """Whether every amount of the year can be an exact formula (exact.py): the lead's
    number indexed, and the formula for the lead and every member at their populations."""
    terms = cy.terms
    if not factor.products_exact:
        return False
    if terms.lead_amount is not None and not factor.indexed_fits(terms.lead_amount // terms.unit):
        return False
    if terms.formula == "per-capita":
        own = [p for p in cy.populations[: 1 + cy.members] if p is not None]
        return per_capita_fits(terms, factor, own)
    return bands_fit(terms, factor)


def block_sums(cy: ClusterYear) -> dict[int, int]:
    """The totals row adds up the flags: p."""
    return {TAKES_PART: len(cy.participants)}


def units_column(plan: Year) -> int:
    return UNITS if plan.formula == "per-capita" else BAND_UNITS


def lead_block(s: ClusterSheet, plan: Year, row: int) -> None:
    """The lead's own amount by the formula, without a flag: it always pays."""
    steps(s, plan, row, plan.cy.populations[0] or 0)


def member(s: ClusterSheet, plan: Year, row: int, name: str) -> tuple[str, int]:
    """A member's flag and steps; returns its amount's formula and value."""
    at, cy, year = s.at, plan.cy, plan.year
    taking_part = int(name in cy.participants)
    entry = s.book.style("count", entry=True)
    s.sheet.number(row, at.block(year, TAKES_PART), taking_part, entry, "0")
    index = cy.municipalities.index(name)
    steps(s, plan, row, cy.populations[index] or 0)
    flag, units = s.flag(row, year), at.here(row, year, units_column(plan))
    return f"={flag}*{units}/{s.units(year)}", cy.amounts[index]


def steps(s: ClusterSheet, plan: Year, row: int, population: int) -> None:
    """The row's amount in the year step by step, ending in whole units (exact), or klynge's
    amount in units where the year is written as values."""
    at, sheet, terms, year = s.at, s.sheet, plan.terms, plan.year

    def integer(column: int, formula: str, value: int) -> None:
        sheet.integer_formula(row, at.block(year, column), formula, value, s.integer)

    if terms.formula == "per-capita":
        amount = per_capita(terms, population, year).amount
    else:
        amount = band_amount(terms, population, year).amount
    units = amount // terms.unit
    if not plan.exact:
        units_col = at.block(year, units_column(plan))
        sheet.number(row, units_col, units, s.integer, s.labels.number(units))
        return
    p_cell = s.population(row, plan.cy)
    here = {column: at.here(row, year, column) for column in range(UNITS + 1)}
    a, b = s.status_ref("status_growth_num", year), s.status_ref("status_growth_den", year)
    per_unit = f"100/{s.units(year)}"  # øre per rounding unit: 1 or 100

    def term(key: str) -> str:
        return at.term(key, year)

    if terms.formula == "per-capita":
        counted, formula, clamped = per_capita_numerator(terms, population)
        most = term("term_max_population")
        integer(COUNTED, f"=IF(ISNUMBER({most}),MIN({p_cell},{most}),{p_cell})", counted)
        p, q_cell = term("term_rate_num"), term("term_rate_den")
        base = f"ROUND({term('term_base')}*100,0)"
        integer(FORMULA, f"={base}*{q_cell}+{p}*{here[COUNTED]}", formula)
        n = here[FORMULA]
        high, low = term("term_max_amount"), term("term_min_amount")
        capped = f"IF(ISNUMBER({high}),MIN({n},ROUND({high}*100,0)*{q_cell}),{n})"
        floored = f"IF(ISNUMBER({low}),MAX({capped},ROUND({low}*100,0)*{q_cell}),{capped})"
        integer(CLAMPED, f"={floored}", clamped)
        scale = f"{q_cell}*{b}*{per_unit}"
        half_up = f"=QUOTIENT(2*{here[CLAMPED]}*{a}+{scale},2*{scale})"
        integer(UNITS, half_up, units)
        return
    pick = band_amount(terms, population, year)
    count = len(terms.bands)
    # The first band whose `up_to` the population does not pass: 1 + the number of (strictly
    # increasing) `up_to`s below it. Counting, not nesting IFs, has no limit on the bands.
    if count == 1:
        band = "=1"
    else:
        up_tos = f"{term('term_band_up_to_1')}:{term(f'term_band_up_to_{count - 1}')}"
        band = f'=1+COUNTIF({up_tos},"<"&{p_cell})'
    integer(BAND, band, pick.number)
    amounts = f"{term('term_band_amount_1')}:{term(f'term_band_amount_{count}')}"
    integer(BAND_AMOUNT, f"=ROUND(INDEX({amounts},{here[BAND]})*100,0)", pick.band.amount)
    scale = f"{b}*{per_unit}"
    integer(BAND_UNITS, f"=QUOTIENT(2*{here[BAND_AMOUNT]}*{a}+{scale},2*{scale})", units)


def status(s: ClusterSheet, plan: Year) -> None:
    """The year's lead amount, n, p and "p of n pay" (no pool, no threshold: R13), and
    whether the steps are exact."""
    at, sheet, book, cy, year = s.at, s.sheet, s.book, plan.cy, plan.year
    col = at.amount_col(year)
    lead_style, decimals = s.ore_style(cy.lead_amount)
    row = at.status["status_lead"]
    if plan.exact:
        units = at.here(FIRST, year, units_column(plan))
        lead = at.term("term_lead", year)
        formula = f"=IF(ISNUMBER({lead}),{s.indexed('term_lead', year)},{units})/{s.units(year)}"
        sheet.money_formula(row, col, formula, cy.lead_amount, lead_style, decimals)
    else:
        sheet.money(row, col, cy.lead_amount, lead_style, decimals)
        s.notes.append(s.words["formula_value"].format(year=year))
    flags = at.members_of(year, TAKES_PART)
    n, p = at.status_cell("status_n", year), at.status_cell("status_p", year)
    sheet.integer_formula(at.status["status_n"], col, f"=COUNT({flags})", cy.members, s.integer)
    participants = len(cy.participants)
    sheet.integer_formula(at.status["status_p"], col, f"=SUM({flags})", participants, s.integer)
    of, pay = s.labels["of"], s.labels["they_pay"]
    sheet.formula(
        at.status["status_state"],
        col,
        f'={p}&" {of} "&{n}&" {pay}"',
        f"{participants} {of} {cy.members} {pay}",
        book.style("text", right=True),
    )
    exact_row = at.status["status_exact"]
    right = book.style("text", right=True)
    if not plan.exact:
        sheet.text(exact_row, col, s.words["values"], right)
        return
    a, b = s.status_ref("status_growth_num", year), s.status_ref("status_growth_den", year)
    per_unit = f"100/{s.units(year)}"
    if plan.formula == "per-capita":
        scale = f"{at.term('term_rate_den', year)}*{b}*{per_unit}"
        largest = f"MAX({at.here(FIRST, year, CLAMPED)}:{at.here(at.last_member, year, CLAMPED)})"
    else:
        scale = f"{b}*{per_unit}"
        largest = (
            f"MAX({at.here(FIRST, year, BAND_AMOUNT)}:{at.here(at.last_member, year, BAND_AMOUNT)})"
        )
    exact, not_exact = s.words["exact"], s.words["not_exact"]
    sheet.formula(
        exact_row,
        col,
        f'=IF(2*{largest}*{a}+{scale}<10^14,"{exact}","{not_exact}")',
        exact,
        right,
    )
