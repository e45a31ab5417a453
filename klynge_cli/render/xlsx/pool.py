"""The sheet of one cluster financed by a pool (`formula: pool`, SPEC R2–R8), in live formulas.

Layout, left to right: the municipality, its role and name order, its population (a formula
reading the populations sheet), the amount of each year and the total (the terminal table);
then, for each year, the split step by step: takes part (1/0, an input), population in the
split, pool × population, floor, remainder, rank and extra unit. Below the table: the terms
of the agreement (inputs) and the status of each year (n, p, held, the pool to split, the
leftover units), each a formula the split refers to.

Every formula is written with klynge's own result as its cached value, read from the engine's
`ClusterYear` and its `Split`: the workbook shows klynge's figures before any recalculation,
and a recalculation reproduces them. Another formula (per capita, bands; SPEC §7) would get a
module of its own with the same entry point and return value (`ClusterCells`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

from klynge_cli.model import Cluster
from klynge_cli.money import ORE_PER_KRONE
from klynge_cli.render.xlsx.book import Book, Sheet, cell, column_range
from klynge_cli.render.xlsx.exact import Growth, check_cluster
from klynge_cli.render.xlsx.words import Words
from klynge_cli.result import ClusterYear

TITLE, HINT, GROUP, HEADER, FIRST = 0, 1, 2, 3, 4

# The columns of one year's split, left to right.
TAKES_PART, WEIGHT, NUMERATOR, FLOOR, REMAINDER, RANK, EXTRA = range(7)
BLOCK_HEADINGS = ("takes_part", "weight", "numerator", "floor", "remainder", "rank", "extra")
BLOCK = len(BLOCK_HEADINGS)

TERMS = (
    "term_lead",
    "term_pool",
    "term_units",
    "term_threshold_num",
    "term_threshold_den",
    "term_threshold",
    "term_policy",
    "term_growth_num",
    "term_growth_den",
    "term_rate",
    "term_first",
    "term_basis",
)
STATUS = (
    "status_k",
    "status_growth_num",
    "status_growth_den",
    "status_lead",
    "status_full",
    "status_reduced",
    "status_n",
    "status_p",
    "status_held",
    "status_all",
    "status_split",
    "status_d",
    "status_floors",
    "status_leftover",
    "status_pool",
    "status_total",
    "status_exact",
)
POLICIES = ("baseline-shares", "pro-rata", "fixed")

PopulationCells = Mapping[tuple[str, int], tuple[str, int]]  # (name, basis) → (ref, population)


class ClusterCells(NamedTuple):
    """Where a cluster sheet keeps its results, for the sheets that add them up."""

    sheet: str
    amounts: dict[tuple[str, int], str]  # (municipality, year) → absolute reference
    totals: dict[int, str]  # year → the year's total (lead and pool)


class Layout(NamedTuple):
    """Row and column numbers of one cluster sheet."""

    names: tuple[str, ...]  # the lead, then the other members in name order
    years: tuple[int, ...]
    bases: tuple[int, ...]  # population years used
    total_row: int
    terms: dict[str, int]  # term → row
    status_head: int
    status: dict[str, int]  # status → row

    @classmethod
    def of(cls, cluster_years: Sequence[ClusterYear]) -> Layout:
        names = cluster_years[0].municipalities
        total_row = FIRST + len(names)
        terms = {key: total_row + 3 + index for index, key in enumerate(TERMS)}
        status_head = total_row + 3 + len(TERMS) + 1
        return cls(
            names=names,
            years=tuple(cy.year for cy in cluster_years),
            bases=tuple(sorted({cy.population_year for cy in cluster_years})),
            total_row=total_row,
            terms=terms,
            status_head=status_head,
            status={key: status_head + 1 + index for index, key in enumerate(STATUS)},
        )

    @property
    def first_member(self) -> int:
        return FIRST + 1

    @property
    def last_member(self) -> int:
        return FIRST + len(self.names) - 1

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
        """A column of the year's split; a narrow gap separates the splits from the table."""
        return self.total_col + 2 + BLOCK * self.years.index(year) + column

    def term(self, key: str) -> str:
        """A term's value, in the first year's column: `$E$30`."""
        return cell(self.terms[key], self.first_amount, absolute=True)

    def status_cell(self, key: str, year: int) -> str:
        return cell(self.status[key], self.amount_col(year), absolute=True)

    def members(self, year: int, column: int) -> str:
        """The member rows of one column of a year's split: `Q$6:Q$21`."""
        return column_range(self.block(year, column), self.first_member, self.last_member)

    def here(self, row: int, year: int, column: int) -> str:
        return cell(row, self.block(year, column))


def write_pool_cluster(
    book: Book,
    words: Words,
    sheet_name: str,
    cluster_years: Sequence[ClusterYear],
    populations: PopulationCells,
    sheet_names: Mapping[str, str],
    basis: str,
) -> ClusterCells:
    """The cluster's sheet. `populations` says where each population figure is,
    `sheet_names` names the populations and about sheets, `basis` is the population basis in
    words. Raises KlyngeError when the split could not be exact (exact.py)."""
    _check(cluster_years[0].cluster, cluster_years)
    writer = PoolSheet(book, words, book.add_sheet(sheet_name), cluster_years)
    writer.headings(sheet_names)
    amounts = writer.rows(populations)
    writer.totals()
    writer.terms(basis)
    writer.status()
    writer.sheet.worksheet.freeze_panes(FIRST, 1)
    # Printed: the table, the terms and the status; the splits are for the screen.
    writer.sheet.print_setup((GROUP, HEADER), writer.at.total_col)
    at = writer.at
    totals = {year: writer.sheet.ref(at.total_row, at.amount_col(year)) for year in at.years}
    return ClusterCells(sheet_name, amounts, totals)


def _check(cluster: Cluster, cluster_years: Sequence[ClusterYear]) -> None:
    """The worst case a reader can reach by flipping flags must stay exact: the largest pool
    of any year (held, or a given reduced pool) split among every member."""
    terms = cluster.periods[0]
    pools = [cy.full_pool for cy in cluster_years] + list(terms.reduced_pool.values())
    population = max(sum(p or 0 for p in cy.populations[1:]) for cy in cluster_years)
    check_cluster(cluster, terms, max(pools) // terms.unit, population, len(cluster.members))


class PoolSheet:
    """Writes one cluster's sheet, part by part."""

    def __init__(
        self, book: Book, words: Words, sheet: Sheet, cluster_years: Sequence[ClusterYear]
    ) -> None:
        self.book = book
        self.words = words
        self.labels = book.labels
        self.sheet = sheet
        self.cluster_years = cluster_years
        self.cluster = cluster_years[0].cluster
        self.period = self.cluster.periods[0]  # one period with formula pool (see workbook())
        assert self.period.lead_amount is not None and not isinstance(
            self.period.indexation, Mapping
        )
        self.lead_amount: int = self.period.lead_amount
        self.rate: Fraction = self.period.indexation
        self.at = Layout.of(cluster_years)
        self.decimals = self.period.unit == 1
        self.money = book.style("money", decimals=self.decimals)
        self.integer = book.style("integer")
        self.count = book.style("count")
        self.text = book.style("text")
        self.round = "ROUND({},2)" if self.decimals else "{}"  # sums of øre amounts

    # --- the table ---------------------------------------------------------------------------

    def headings(self, sheet_names: Mapping[str, str]) -> None:
        book, words, at, cluster = self.book, self.words, self.at, self.cluster
        title = (
            f"{cluster.name} ({cluster.id}): {self.labels['lead_pays']} {cluster.lead}, "
            f"{self.labels['paid_to']} {self.period.payee or cluster.name}"
        )
        sheet = self.sheet
        sheet.text(TITLE, 0, title, book.style("text", bold=True, size=14), fit=False)
        hint = words["hint"].format(**sheet_names)
        sheet.text(HINT, 0, hint, book.style("text", muted=True), fit=False)
        group = book.style("text", header=True)
        ws = sheet.worksheet

        def span(first: int, last: int, text: str) -> None:
            if first == last:
                ws.write_string(GROUP, first, text, group)
            else:
                ws.merge_range(GROUP, first, GROUP, last, text, group)

        for col in range(3):
            ws.write_blank(GROUP, col, None, group)
        span(3, at.first_amount - 1, words["population"])
        span(at.first_amount, at.total_col, words["amounts"])
        numeric = book.style("text", header=True, right=True)
        sheet.header(HEADER, 0, words["municipality"], group)
        sheet.header(HEADER, 1, words["role"], group)
        sheet.header(HEADER, 2, words["name_order"], numeric)
        for basis in at.bases:
            text = words["population_on"].format(year=basis)
            sheet.header(HEADER, at.population_col(basis), text, numeric)
        for year in at.years:
            ws.write_number(HEADER, at.amount_col(year), year, book.style("count", header=True))
            span(at.block(year, 0), at.block(year, BLOCK - 1), words["split_of"].format(year=year))
            for column, key in enumerate(BLOCK_HEADINGS):
                sheet.header(HEADER, at.block(year, column), words[key], numeric)
        sheet.header(HEADER, at.total_col, words["total"], numeric)
        ws.set_row(HEADER, 30)
        sheet.fixed_width(at.total_col + 1, 2)

    def rows(self, populations: PopulationCells) -> dict[tuple[str, int], str]:
        """A row per municipality: name, role, name order, population, amounts, total."""
        at, sheet = self.at, self.sheet
        order = {name: index + 1 for index, name in enumerate(sorted(self.cluster.members))}
        units = at.term("term_units")
        amounts: dict[tuple[str, int], str] = {}
        for index, name in enumerate(at.names):
            row = FIRST + index
            is_lead = index == 0
            sheet.text(row, 0, name, self.book.style("text", bold=is_lead))
            sheet.text(row, 1, self.labels["lead"] if is_lead else self.words["member"], self.text)
            if not is_lead:
                sheet.number(row, 2, order[name], self.count, str(order[name]))
            for basis in at.bases:
                ref, population = populations[(name, basis)]
                col = at.population_col(basis)
                sheet.integer_formula(row, col, f"={ref}", population, self.integer)
            for cy in self.cluster_years:
                col = at.amount_col(cy.year)
                amounts[(name, cy.year)] = sheet.ref(row, col)
                if is_lead:  # R5: the year's (indexed) lead amount
                    formula = f"={at.status_cell('status_lead', cy.year)}"
                else:
                    self.split_row(cy, row, name)
                    flag, floor, extra = (
                        at.here(row, cy.year, c) for c in (TAKES_PART, FLOOR, EXTRA)
                    )
                    formula = f"={flag}*({floor}+{extra})/{units}"
                sheet.money_formula(row, col, formula, cy.amounts[index], self.money, self.decimals)
            across = f"SUM({cell(row, at.first_amount)}:{cell(row, at.total_col - 1)})"
            total = sum(cy.amounts[index] for cy in self.cluster_years)
            formula = "=" + self.round.format(across)
            sheet.money_formula(row, at.total_col, formula, total, self.money, self.decimals)
        self.withdrawn_look()
        return amounts

    def split_row(self, cy: ClusterYear, row: int, name: str) -> None:
        """One member's share of one year's split: R2 flag, then R4 step by step."""
        at, sheet, year, split = self.at, self.sheet, cy.year, cy.split
        index = split.names.index(name) if name in split.names else None
        weight = split.weights[index] if index is not None else 0
        rank = split.rank(index) if index is not None else None
        here = {column: at.here(row, year, column) for column in range(BLOCK)}
        population = "$" + cell(row, at.population_col(cy.population_year))  # fixed column

        def integer(column: int, formula: str, value: int) -> None:
            sheet.integer_formula(row, at.block(year, column), formula, value, self.integer)

        taking_part = int(name in cy.participants)
        entry = self.book.style("count", entry=True)
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
        weights, remainders = at.members(year, WEIGHT), at.members(year, REMAINDER)
        orders = f"$C${at.first_member + 1}:$C${at.last_member + 1}"
        r, o = here[REMAINDER], f"$C{row + 1}"
        rank_formula = (
            f'=IF({w}=0,"",1+COUNTIFS({weights},">0",{remainders},">"&{r})'
            f'+COUNTIFS({weights},">"&{w},{remainders},{r})'
            f'+COUNTIFS({weights},{w},{remainders},{r},{orders},"<"&{o}))'
        )
        shown = "" if rank is None else rank
        sheet.formula(row, at.block(year, RANK), rank_formula, shown, self.count)
        leftover = at.status_cell("status_leftover", year)
        extra = int(rank is not None and rank <= split.leftover)
        sheet.formula(
            row,
            at.block(year, EXTRA),
            f"=IF({w}=0,0,IF({here[RANK]}<={leftover},1,0))",
            extra,
            self.count,
        )

    def withdrawn_look(self) -> None:
        """An amount whose flag is 0 reads 'withdrawn', greyed, as in the terminal table; the
        flags accept only 0 and 1."""
        at, ws = self.at, self.sheet.worksheet
        if at.last_member < at.first_member:
            return
        label = self.labels["withdrawn"].replace('"', "")
        look = self.book.conditional(
            {"font_color": "#777777", "italic": True, "num_format": f'"{label}"'}
        )
        for year in at.years:
            col, flags = at.amount_col(year), at.block(year, TAKES_PART)
            flag = "$" + cell(at.first_member, flags)  # column fixed, row relative
            criteria = {"type": "formula", "criteria": f"={flag}=0", "format": look}
            ws.conditional_format(at.first_member, col, at.last_member, col, criteria)
            rule = {
                "validate": "integer",
                "criteria": "between",
                "minimum": 0,
                "maximum": 1,
                "error_message": f"1: {self.words['takes_part']}, 0: {label}",
            }
            ws.data_validation(at.first_member, flags, at.last_member, flags, rule)

    def totals(self) -> None:
        at, sheet, book = self.at, self.sheet, self.book
        row = at.total_row
        sheet.text(row, 0, self.words["total"], book.style("text", total=True))
        money = book.style("money", decimals=self.decimals, total=True)
        integer = book.style("integer", total=True)
        line = book.style("text", total=True)
        for col in (1, 2, *(at.population_col(b) for b in at.bases)):
            sheet.worksheet.write_blank(row, col, None, line)

        def down(col: int, first: int = at.first_member) -> str:
            return f"SUM({cell(first, col)}:{cell(at.last_member, col)})"

        for cy in self.cluster_years:
            col = at.amount_col(cy.year)
            formula = "=" + self.round.format(down(col, FIRST))
            sheet.money_formula(row, col, formula, cy.total, money, self.decimals)
            split = cy.split
            sums = {
                TAKES_PART: len(cy.participants),
                WEIGHT: split.denominator,
                NUMERATOR: split.total * split.denominator,
                FLOOR: sum(split.floors),
                EXTRA: split.leftover,
            }
            for column in range(BLOCK):
                col = at.block(cy.year, column)
                if column in sums:
                    sheet.integer_formula(row, col, f"={down(col)}", sums[column], integer)
                else:
                    sheet.worksheet.write_blank(row, col, None, line)
        grand = sum(cy.total for cy in self.cluster_years)
        formula = "=" + self.round.format(down(at.total_col, FIRST))
        sheet.money_formula(row, at.total_col, formula, grand, money, self.decimals)

    # --- below the table ---------------------------------------------------------------------

    def terms(self, basis: str) -> None:
        """The agreement's terms: inputs that the status rows and the split refer to."""
        at, sheet, book, cluster = self.at, self.sheet, self.book, self.cluster
        sheet.text(at.terms["term_lead"] - 1, 0, self.words["terms"], book.style("text", bold=True))
        for key in TERMS:
            sheet.text(at.terms[key], 0, self.words[key], self.text, fit=False)
        col = at.first_amount
        entry = book.style("count", entry=True)

        def put(key: str, value: int) -> None:
            sheet.number(at.terms[key], col, value, entry, str(value))

        def ratio(key: str, formula: str, value: Fraction) -> None:
            shown = self.labels.percent(value)
            sheet.formula(
                at.terms[key], col, formula, _decimal(value), book.style("percent"), shown
            )

        entry_money = book.style("money", decimals=self.decimals, entry=True)
        sheet.money(at.terms["term_lead"], col, self.lead_amount, entry_money, self.decimals)
        sheet.money(at.terms["term_pool"], col, self.period.pool, entry_money, self.decimals)
        put("term_units", ORE_PER_KRONE // self.period.unit)
        put("term_threshold_num", self.period.threshold.numerator)
        put("term_threshold_den", self.period.threshold.denominator)
        num, den = at.term("term_threshold_num"), at.term("term_threshold_den")
        ratio("term_threshold", f"={num}/{den}", self.period.threshold)
        policy = at.terms["term_policy"]
        sheet.text(policy, col, self.period.policy, book.style("text", entry=True))
        options = {"validate": "list", "source": list(POLICIES)}
        sheet.worksheet.data_validation(policy, col, policy, col, options)
        growth = Growth.of(self.period)
        put("term_growth_num", growth.numerator)
        put("term_growth_den", growth.denominator)
        a, b = at.term("term_growth_num"), at.term("term_growth_den")
        ratio("term_rate", f"={a}/{b}-1", self.rate)
        first = cluster.first_year
        sheet.number(at.terms["term_first"], col, first, self.count, str(first))
        sheet.worksheet.write_string(at.terms["term_basis"], col, basis, self.text)

    def status(self) -> None:
        """Each year's status in the year's column, then notes on years written as values."""
        at, sheet, book = self.at, self.sheet, self.book
        sheet.text(at.status_head, 0, self.words["per_year"], book.style("text", bold=True))
        for key in STATUS:
            sheet.text(at.status[key], 0, self.words[key], self.text, fit=False)
        notes: list[str] = []
        chained: int | None = None  # the last year whose growth is a formula
        for cy in self.cluster_years:
            col = at.amount_col(cy.year)
            sheet.worksheet.write_number(
                at.status_head, col, cy.year, book.style("count", bold=True)
            )
            if self.indexation(cy, chained):
                chained = cy.year
            else:
                notes.append(self.words["status_value"].format(year=cy.year))
                chained = None
            self.pool_status(cy)
        for index, note in enumerate(notes):
            sheet.text(at.status["status_exact"] + 2 + index, 0, note, self.text, fit=False)

    def indexation(self, cy: ClusterYear, chained: int | None) -> bool:
        """R7: this year's lead amount and pool, exactly, as formulas where that is possible
        (exact.py), else as klynge's values. True when they are formulas."""
        at, sheet, cluster, year = self.at, self.sheet, self.cluster, cy.year
        col = at.amount_col(year)

        def ref(key: str, year: int = year) -> str:
            return at.status_cell(key, year)

        k = year - cluster.first_year
        head = cell(at.status_head, col)
        sheet.integer_formula(
            at.status["status_k"], col, f"={head}-{at.term('term_first')}", k, self.count
        )
        growth = Growth.of(self.period)
        units = self.period.unit
        exact = growth.indexed_fits(self.lead_amount // units, k) and growth.indexed_fits(
            self.period.pool // units, k
        )
        full_units = cy.full_pool // units
        if not exact:
            sheet.money(at.status["status_lead"], col, cy.lead_amount, self.money, self.decimals)
            shown = self.labels.number(full_units)
            sheet.number(at.status["status_full"], col, full_units, self.integer, shown)
            return False
        for key, term, value in (
            ("status_growth_num", "term_growth_num", growth.numerator**k),
            ("status_growth_den", "term_growth_den", growth.denominator**k),
        ):
            base = at.term(term)
            formula = (
                f"={ref(key, year - 1)}*{base}"  # a product of integers: exact
                if chained == year - 1
                else f"=POWER({base},{ref('status_k')})"
            )
            sheet.integer_formula(at.status[key], col, formula, int(value), self.integer)
        gn, gd, upk = ref("status_growth_num"), ref("status_growth_den"), at.term("term_units")

        def indexed(term: str) -> str:
            """Half up: the integer part of (2 × base × aᵏ + bᵏ) / (2 × bᵏ)."""
            return f"QUOTIENT(2*ROUND({at.term(term)}*{upk},0)*{gn}+{gd},2*{gd})"

        sheet.money_formula(
            at.status["status_lead"],
            col,
            f"={indexed('term_lead')}/{upk}",
            cy.lead_amount,
            self.money,
            self.decimals,
        )
        sheet.integer_formula(
            at.status["status_full"], col, f"={indexed('term_pool')}", full_units, self.integer
        )
        return True

    def pool_status(self, cy: ClusterYear) -> None:
        """R2, R3 and R4 for the year: n, p, held or reduced, the pool to split, the leftover."""
        at, sheet, book, year = self.at, self.sheet, self.book, cy.year
        col = at.amount_col(year)

        def ref(key: str) -> str:
            return at.status_cell(key, year)

        def integer(key: str, formula: str, value: int) -> None:
            sheet.integer_formula(at.status[key], col, formula, value, self.integer)

        reduced = self.period.reduced_pool.get(year)
        entry_money = book.style("money", decimals=self.decimals, entry=True)
        if reduced is None:
            sheet.worksheet.write_blank(at.status["status_reduced"], col, None, entry_money)
        else:
            sheet.money(at.status["status_reduced"], col, reduced, entry_money, self.decimals)
        flags = at.members(year, TAKES_PART)
        n, p, held = ref("status_n"), ref("status_p"), ref("status_held")
        integer("status_n", f"=COUNT({flags})", cy.members)
        integer("status_p", f"=SUM({flags})", len(cy.participants))
        num, den = at.term("term_threshold_num"), at.term("term_threshold_den")
        held_word = self.labels["held" if cy.held else "reduced"]
        sheet.formula(
            at.status["status_held"],
            col,
            f"=IF(OR({p}={n},{p}={n}-1,{p}*{den}>={num}*{n}),1,0)",  # R3, exactly
            int(bool(cy.held)),
            book.style("custom", custom=_switch(self.labels["held"], self.labels["reduced"])),
            held_word,
        )
        policy = at.term("term_policy")
        split_all = int(not cy.held and self.period.policy == "baseline-shares")
        sheet.formula(
            at.status["status_all"],
            col,
            f'=IF(AND({held}=0,{policy}="baseline-shares"),1,0)',
            split_all,
            book.style("custom", custom=_switch(self.words["yes"], self.words["no"])),
            self.words["yes" if split_all else "no"],
        )
        full, given, upk = ref("status_full"), ref("status_reduced"), at.term("term_units")
        pool = (
            f"=IF({p}=0,0,IF({held}=1,{full},"
            f'IF({policy}="pro-rata",QUOTIENT(2*{full}*{p}+{n},2*{n}),'
            f'IF({policy}="fixed",IF(ISNUMBER({given}),ROUND({given}*{upk},0),NA()),'
            f"{full}))))"
        )
        split = cy.split
        integer("status_split", pool, split.total)
        integer("status_d", f"=SUM({at.members(year, WEIGHT)})", split.denominator)
        integer("status_floors", f"=SUM({at.members(year, FLOOR)})", sum(split.floors))
        leftover = f"={ref('status_split')}-{ref('status_floors')}"
        integer("status_leftover", leftover, split.leftover)
        members = f"{cell(at.first_member, col)}:{cell(at.last_member, col)}"
        paid = "=" + self.round.format(f"SUM({members})")
        sheet.money_formula(at.status["status_pool"], col, paid, cy.pool, self.money, self.decimals)
        total = "=" + self.round.format(f"{ref('status_lead')}+{ref('status_pool')}")
        sheet.money_formula(
            at.status["status_total"], col, total, cy.total, self.money, self.decimals
        )
        exact, not_exact = self.words["exact"], self.words["not_exact"]
        sheet.formula(
            at.status["status_exact"],
            col,
            f'=IF({ref("status_split")}*{ref("status_d")}<2^53,"{exact}","{not_exact}")',
            exact,
            book.style("text", right=True),
        )


def _decimal(ratio: Fraction) -> Decimal:
    """A ratio (threshold, rate) as the cached value of its formula: a display, never money."""
    return Decimal(ratio.numerator) / Decimal(ratio.denominator)


def _switch(one: str, zero: str) -> str:
    """A number format that shows 1 as `one` and 0 as `zero`."""
    return f'"{one}";"{one}";"{zero}"'
