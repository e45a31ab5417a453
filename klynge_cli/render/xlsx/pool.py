"""The years of a cluster sheet financed by a pool (`formula: pool`, SPEC R2-R8).

A year's block, for each member: takes part (1/0, an input), population in the split,
pool × population, floor, remainder, rank and extra unit (R4, largest remainder). Its status
rows: the lead amount and the pool when held, indexed (R7, R11), the reduced pool if fixed, n,
p, held or reduced (R3), whether the split is among every member (baseline-shares), the pool
to split, the population it is split among, the sum of floors and the units left over.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from klynge_cli.render.xlsx.exact import Factor, check_cluster
from klynge_cli.render.xlsx.layout import BLOCK
from klynge_cli.result import ClusterYear

if TYPE_CHECKING:
    from klynge_cli.render.xlsx.cluster import ClusterSheet, Year

# The columns of one year's split, left to right.
TAKES_PART, WEIGHT, NUMERATOR, FLOOR, REMAINDER, RANK, EXTRA = range(BLOCK)
POLICIES = ("baseline-shares", "pro-rata", "fixed")


def check(cluster_years: Sequence[ClusterYear]) -> None:
    """The worst case a reader can reach by flipping flags must stay exact, in every period
    with a pool: the largest pool of any of its years (held, or a given reduced pool) split
    among every member."""
    periods: dict[int, list[ClusterYear]] = {}
    for cy in cluster_years:
        if cy.terms.formula == "pool":
            periods.setdefault(cy.terms.first_year, []).append(cy)
    for years in periods.values():
        terms, cluster = years[0].terms, years[0].cluster
        n = len(cluster.members)
        pools = [cy.full_pool for cy in years] + list(terms.reduced_pool.values())
        population = max(sum(p or 0 for p in cy.populations[1 : 1 + n]) for cy in years)
        check_cluster(cluster, terms, max(pools) // terms.unit, population, n)


def exact(cy: ClusterYear, factor: Factor) -> bool:
    """Whether the year's lead amount and pool can be indexed by exact formulas (exact.py)."""
    terms = cy.terms
    assert terms.lead_amount is not None, "a pool's lead pays a number"
    return (
        factor.products_exact
        and factor.indexed_fits(terms.lead_amount // terms.unit)
        and factor.indexed_fits(terms.pool // terms.unit)
    )


def block_sums(cy: ClusterYear) -> dict[int, int]:
    """The block's columns that the totals row adds up, with their sums."""
    split = cy.split
    return {
        TAKES_PART: len(cy.participants),
        WEIGHT: split.denominator,
        NUMERATOR: split.total * split.denominator,
        FLOOR: sum(split.floors),
        EXTRA: split.leftover,
    }


def member(s: ClusterSheet, plan: Year, row: int, name: str) -> tuple[str, int]:
    """One member's share of one year's split: R2 flag, then R4 step by step. Returns the
    amount's formula and value."""
    at, sheet, cy, year = s.at, s.sheet, plan.cy, plan.year
    split = cy.split
    index = split.names.index(name) if name in split.names else None
    weight = split.weights[index] if index is not None else 0
    rank = split.rank(index) if index is not None else None
    here = {column: at.here(row, year, column) for column in range(BLOCK)}
    population = s.population(row, cy)

    def integer(column: int, formula: str, value: int) -> None:
        sheet.integer_formula(row, at.block(year, column), formula, value, s.integer)

    taking_part = int(name in cy.participants)
    entry = s.book.style("count", entry=True)
    sheet.number(row, at.block(year, TAKES_PART), taking_part, entry, "0")
    split_all = at.status_cell("status_all", year)
    flag, w, n = here[TAKES_PART], here[WEIGHT], here[NUMERATOR]
    integer(WEIGHT, f"=IF(OR({flag}=1,{split_all}=1),{population},0)", weight)
    integer(NUMERATOR, f"={at.status_cell('status_split', year)}*{w}", split.total * weight)
    # QUOTIENT can come out one too high in LibreOffice beyond about 2×10^14 (it rounds
    # the quotient to 15 digits first): take one off when floor × D passes the numerator.
    d = at.status_cell("status_d", year)
    quotient = f"QUOTIENT({n},{d})"
    floor = split.floors[index] if index is not None else 0
    integer(FLOOR, f"=IF({d}=0,0,{quotient}-IF({quotient}*{d}>{n},1,0))", floor)
    remainder = split.remainders[index] if index is not None else 0
    integer(REMAINDER, f"={n}-{here[FLOOR]}*{d}", remainder)
    # R4's order of claims: remainder, then population, then name (the name order column).
    weights, remainders = at.members_of(year, WEIGHT), at.members_of(year, REMAINDER)
    orders = f"$C${at.first_member + 1}:$C${at.last_member + 1}"
    r, o = here[REMAINDER], f"$C{row + 1}"
    rank_formula = (
        f'=IF({w}=0,"",1+COUNTIFS({weights},">0",{remainders},">"&{r})'
        f'+COUNTIFS({weights},">"&{w},{remainders},{r})'
        f'+COUNTIFS({weights},{w},{remainders},{r},{orders},"<"&{o}))'
    )
    shown = "" if rank is None else rank
    sheet.formula(row, at.block(year, RANK), rank_formula, shown, s.count)
    leftover = at.status_cell("status_leftover", year)
    extra = int(rank is not None and rank <= split.leftover)
    sheet.formula(
        row, at.block(year, EXTRA), f"=IF({w}=0,0,IF({here[RANK]}<={leftover},1,0))", extra, s.count
    )
    amount = cy.amounts[cy.municipalities.index(name)]
    return f"={flag}*({here[FLOOR]}+{here[EXTRA]})/{s.units(year)}", amount


def status(s: ClusterSheet, plan: Year) -> None:
    """R7/R11, R2, R3 and R4 for the year: the indexed lead amount and pool, n, p, held or
    reduced, the pool to split, the population it is split among, the leftover."""
    at, sheet, book, cy, year = s.at, s.sheet, s.book, plan.cy, plan.year
    terms = cy.terms
    col = at.amount_col(year)

    def ref(key: str) -> str:
        return at.status_cell(key, year)

    def integer(key: str, formula: str, value: int) -> None:
        sheet.integer_formula(at.status[key], col, formula, value, s.integer)

    full_units = cy.full_pool // terms.unit
    upk = s.units(year)
    lead_style, decimals = s.ore_style(cy.lead_amount)
    if plan.exact:
        formula = f"={s.indexed('term_lead', year)}/{upk}"
        sheet.money_formula(at.status["status_lead"], col, formula, cy.lead_amount, lead_style,
                            decimals)  # fmt: skip
        integer("status_full", f"={s.indexed('term_pool', year)}", full_units)
    else:
        sheet.money(at.status["status_lead"], col, cy.lead_amount, lead_style, decimals)
        shown = s.labels.number(full_units)
        sheet.number(at.status["status_full"], col, full_units, s.integer, shown)
        s.notes.append(s.words["status_value"].format(year=year))
    reduced = terms.reduced_pool.get(year)
    entry, decimals = s.ore_style(reduced or 0, entry=True)
    if reduced is None:
        sheet.worksheet.write_blank(at.status["status_reduced"], col, None, entry)
    else:
        sheet.money(at.status["status_reduced"], col, reduced, entry, decimals)
    flags = at.members_of(year, TAKES_PART)
    n, p, held = ref("status_n"), ref("status_p"), ref("status_state")
    integer("status_n", f"=COUNT({flags})", cy.members)
    integer("status_p", f"=SUM({flags})", len(cy.participants))
    num = at.term("term_threshold_num", year)
    den = at.term("term_threshold_den", year)
    held_word = s.labels["held" if cy.held else "reduced"]
    sheet.formula(
        at.status["status_state"],
        col,
        f"=IF(OR({p}={n},{p}={n}-1,{p}*{den}>={num}*{n}),1,0)",  # R3, exactly
        int(bool(cy.held)),
        book.style("custom", custom=_switch(s.labels["held"], s.labels["reduced"])),
        held_word,
    )
    policy = at.term("term_policy", year)
    split_all = int(not cy.held and terms.policy == "baseline-shares")
    sheet.formula(
        at.status["status_all"],
        col,
        f'=IF(AND({held}=0,{policy}="baseline-shares"),1,0)',
        split_all,
        book.style("custom", custom=_switch(s.words["yes"], s.words["no"])),
        s.words["yes" if split_all else "no"],
    )
    full, given = ref("status_full"), ref("status_reduced")
    pool = (
        f"=IF({p}=0,0,IF({held}=1,{full},"
        f'IF({policy}="pro-rata",QUOTIENT(2*{full}*{p}+{n},2*{n}),'
        f'IF({policy}="fixed",IF(ISNUMBER({given}),ROUND({given}*{upk},0),NA()),'
        f"{full}))))"
    )
    split = cy.split
    integer("status_split", pool, split.total)
    integer("status_d", f"=SUM({at.members_of(year, WEIGHT)})", split.denominator)
    integer("status_floors", f"=SUM({at.members_of(year, FLOOR)})", sum(split.floors))
    integer("status_leftover", f"={ref('status_split')}-{ref('status_floors')}", split.leftover)
    exact, not_exact = s.words["exact"], s.words["not_exact"]
    sheet.formula(
        at.status["status_exact"],
        col,
        f'=IF({ref("status_split")}*{ref("status_d")}<2^53,"{exact}","{not_exact}")',
        exact,
        book.style("text", right=True),
    )


def _switch(one: str, zero: str) -> str:
    """A number format that shows 1 as `one` and 0 as `zero`."""
    return f'"{one}";"{one}";"{zero}"'
