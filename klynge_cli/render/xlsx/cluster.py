"""The sheet of one cluster, in live formulas, whatever its formula and periods (SPEC §2, §7).

Each year takes the terms of the period holding it (R12): the terms block has a column per
year, under the year's amounts; in the first year of a period (the first shown, when klynge
writes a selection) the terms are inputs, and the period's other years read them (`=$E$30`),
so a change to a period's term reaches all its years, and a reader may still overwrite one
year's. Every formula of a year reads the terms of its own column. Indexation restarts in each
period's first year (R11).

Each year's amounts are computed by its formula: pool.py splits a pool (R2-R8), formulas.py
charges per inhabitant or by band (R13). Top-ups (R15) and co-funders (R14) are rows of their
own whose amounts are given below the terms; a member's top-up follows its participation flag.

Every formula is written with klynge's own result as its cached value, read from the engine's
`ClusterYear`: the workbook shows klynge's figures before any recalculation, and a
recalculation reproduces them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

from xlsxwriter.format import Format

from klynge_cli.model import Terms
from klynge_cli.money import ORE_PER_KRONE
from klynge_cli.render.xlsx import formulas, pool
from klynge_cli.render.xlsx.book import Book, Sheet, cell, money_value
from klynge_cli.render.xlsx.exact import Factor, Growth, Place, rate_in_ore
from klynge_cli.render.xlsx.layout import (
    BLOCK,
    BLOCK_GROUP,
    BLOCK_HEADINGS,
    FIRST,
    GROUP,
    HEADER,
    HINT,
    TITLE,
    Layout,
    Row,
    RowRole,
)
from klynge_cli.render.xlsx.places import ClusterPlaces
from klynge_cli.render.xlsx.words import Words
from klynge_cli.result import ClusterYear

TAKES_PART = 0  # the first column of every year's block: the participation flag (R2)


class PopulationCell(NamedTuple):
    """A figure on the populations sheet: its reference, the population, and what it is."""

    ref: str
    population: int
    place: Place


PopulationCells = Mapping[tuple[str, int], PopulationCell]  # (name, basis year) → its cell


class ClusterCells(NamedTuple):
    """Where a cluster sheet keeps its results, for the sheets that add them up."""

    sheet: str
    amounts: dict[tuple[str, int, str], str]  # (name, year, row role) → absolute reference
    to_payee: dict[int, str]  # year → what the lead pays the payee (R9, R15)


class Year(NamedTuple):
    """One year of the sheet: its terms, where its period's inputs are, and whether its
    amounts are exact formulas or (beyond the limits of exact.py) klynge's values."""

    cy: ClusterYear
    terms: Terms
    origin: int  # the year whose column holds the period's inputs (its first shown year)
    growth_origin: int | None  # R7: the column holding 1 + rate (the first after the first)
    factor: Factor  # F(Y) as the sheet computes it
    exact: bool  # the amounts are formulas

    @property
    def year(self) -> int:
        return self.cy.year

    @property
    def formula(self) -> str:
        return self.terms.formula

    @property
    def first(self) -> bool:
        """The period's first year: no indexation (F = 1)."""
        return self.year == self.terms.first_year


def write_cluster(
    book: Book,
    words: Words,
    sheet_name: str,
    cluster_years: Sequence[ClusterYear],
    populations: PopulationCells,
    sheet_names: Mapping[str, str],
) -> ClusterCells:
    """The cluster's sheet. `populations` says where each population figure is, `sheet_names`
    names the populations and about sheets. Raises KlyngeError when a pool's split could not
    be exact (exact.py)."""
    pool.check(cluster_years)
    writer = ClusterSheet(book, words, book.add_sheet(sheet_name), cluster_years)
    writer.headings(sheet_names)
    amounts = writer.table(populations)
    writer.totals()
    writer.terms()
    writer.given()
    writer.status()
    writer.sheet.worksheet.freeze_panes(FIRST, 1)
    # Printed: the table, the terms and the status; the blocks are for the screen.
    writer.sheet.print_setup((GROUP, HEADER), writer.at.total_col)
    at = writer.at
    key = "status_to_payee" if "status_to_payee" in at.status else "status_total"
    to_payee = {year: writer.sheet.ref(at.status[key], at.amount_col(year)) for year in at.years}
    return ClusterCells(sheet_name, amounts, to_payee)


class ClusterSheet:
    """Writes one cluster's sheet, part by part; pool.py and formulas.py write the blocks and
    status rows of their formula's years."""

    def __init__(
        self, book: Book, words: Words, sheet: Sheet, cluster_years: Sequence[ClusterYear]
    ) -> None:
        self.book = book
        self.words = words
        self.labels = book.labels
        self.sheet = sheet
        self.cluster_years = cluster_years
        self.cluster = cluster_years[0].cluster
        self.at = Layout.of(cluster_years)
        self.decimals = shows_ore(cluster_years)
        self.integer = book.style("integer")
        self.count = book.style("count")
        self.text = book.style("text")
        self.round = "ROUND({},2)" if self.decimals else "{}"  # sums of øre amounts
        self.years = {cy.year: self._plan(cy) for cy in cluster_years}
        self.notes: list[str] = []
        terms = {year: plan.terms for year, plan in self.years.items()}
        self.places = ClusterPlaces(self.cluster, self.at, terms)
        sheet.place = self.places  # what a cell holds, should a number not be exact

    def _plan(self, cy: ClusterYear) -> Year:
        terms = cy.terms
        shown = [c.year for c in self.cluster_years if c.terms is terms]
        later = [y for y in shown if y > terms.first_year]
        factor = Factor.of(terms, cy.year)
        exact = pool.exact(cy, factor) if terms.formula == "pool" else formulas.exact(cy, factor)
        return Year(cy, terms, shown[0], later[0] if later else None, factor, exact)

    # --- shared helpers ----------------------------------------------------------------------

    def ore_style(self, ore: int, *, entry: bool = False) -> tuple[Format, bool]:
        """A money style showing øre where the sheet does or the amount has them."""
        decimals = self.decimals or ore % ORE_PER_KRONE != 0
        return self.book.style("money", decimals=decimals, entry=entry), decimals

    def units(self, year: int) -> str:
        return self.at.term("term_units", year)

    def status_ref(self, key: str, year: int) -> str:
        return self.at.status_cell(key, year)

    def flag(self, row: int, year: int) -> str:
        return self.at.here(row, year, TAKES_PART)

    def population(self, row: int, cy: ClusterYear) -> str:
        """The row's population of the year's basis, column fixed: `$D6`."""
        return "$" + cell(row, self.at.population_col(cy.population_year))

    # --- the table ---------------------------------------------------------------------------

    def headings(self, sheet_names: Mapping[str, str]) -> None:
        book, words, at, cluster = self.book, self.words, self.at, self.cluster
        payees: dict[str, list[int]] = {}
        for cy in self.cluster_years:
            payees.setdefault(cluster.paid_to(cy.year), []).append(cy.year)
        paid_to = ", ".join(
            name if len(payees) == 1 else f"{name} ({_span(years)})"
            for name, years in payees.items()
        )
        title = (
            f"{cluster.name} ({cluster.id}): {self.labels['lead_pays']} {cluster.lead}, "
            f"{self.labels['paid_to']} {paid_to}"
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
        for plan in self.years.values():
            year = plan.year
            ws.write_number(HEADER, at.amount_col(year), year, book.style("count", header=True))
            headings = BLOCK_HEADINGS[plan.formula]
            group_word = BLOCK_GROUP[plan.formula]
            span(at.block(year, 0), at.block(year, BLOCK - 1), words[group_word].format(year=year))
            for column in range(BLOCK):
                key = headings[column] if column < len(headings) else None
                if key is None:
                    ws.write_blank(HEADER, at.block(year, column), None, numeric)
                else:
                    sheet.header(HEADER, at.block(year, column), words[key], numeric)
        sheet.header(HEADER, at.total_col, words["total"], numeric)
        ws.set_row(HEADER, 30)
        sheet.fixed_width(at.total_col + 1, 2)

    def table(self, populations: PopulationCells) -> dict[tuple[str, int, str], str]:
        """A row per lead, member, top-up and co-funder: name, role, name order, population,
        amounts, total; the blocks of each year beside."""
        at, sheet = self.at, self.sheet
        order = {name: index + 1 for index, name in enumerate(sorted(self.cluster.members))}
        roles = {
            "lead": self.labels["lead_role"],
            "member": self.words["member"],
            "top-up": self.labels["top-up"],
            "co-funder": self.labels["co-funder"],
        }
        amounts: dict[tuple[str, int, str], str] = {}
        for index, line in enumerate(at.rows):
            row = FIRST + index
            own = line.role in ("lead", "member")
            sheet.text(row, 0, line.name, self.book.style("text", bold=line.role == "lead"))
            sheet.text(row, 1, roles[line.role], self.text)
            if line.role == "member":
                sheet.number(row, 2, order[line.name], self.count, str(order[line.name]))
            if own:
                for basis in at.bases:
                    ref, population, place = populations[(line.name, basis)]
                    col = at.population_col(basis)
                    self.places.populations[(row, col)] = place
                    sheet.integer_formula(row, col, f"={ref}", population, self.integer)
            written = []
            for plan in self.years.values():
                amount = self.amount(plan, row, line)
                if amount is None:
                    continue
                formula, value = amount
                col = at.amount_col(plan.year)
                style, decimals = self.ore_style(value)
                sheet.money_formula(row, col, formula, value, style, decimals)
                amounts[(line.name, plan.year, line.role)] = sheet.ref(row, col)
                written.append(value)
            first, last = cell(row, at.first_amount), cell(row, at.total_col - 1)
            formula = "=" + self.round.format(f"SUM({first}:{last})")
            style, decimals = self.ore_style(sum(written))
            sheet.money_formula(row, at.total_col, formula, sum(written), style, decimals,
                                terms=len(written))  # fmt: skip
        self.withdrawn_look()
        return amounts

    def amount(self, plan: Year, row: int, line: Row) -> tuple[str, int] | None:
        """The formula and cached value of one row's amount in one year (None: no cell)."""
        cy, year = plan.cy, plan.year
        if line.role == "lead":
            if plan.formula != "pool":
                formulas.lead_block(self, plan, row)
            return f"={self.status_ref('status_lead', year)}", cy.lead_amount
        if line.role == "member":
            if plan.formula == "pool":
                return pool.member(self, plan, row, line.name)
            return formulas.member(self, plan, row, line.name)
        given = self.given_amount(plan, line)
        if given is None:
            return None
        source = cell(self.at.given[line], self.at.amount_col(year), absolute=True)
        if line.role == "co-funder" or line.name == self.cluster.lead:
            return f"={source}", given
        # R15: a member's top-up stops from the year it withdraws: it follows its flag.
        member_row = self.at.row_of(Row(line.name, "member"))
        paying = line.name in cy.participants
        return f"={source}*{self.flag(member_row, year)}", given if paying else 0

    def given_amount(self, plan: Year, line: Row) -> int | None:
        """The top-up or co-funder amount the terms give for the year, as given (øre)."""
        if line.role == "top-up":
            return next(
                (t.amount for t in plan.terms.top_ups_in(plan.year) if t.municipality == line.name),
                None,
            )
        return next(
            (c.amount for c in plan.terms.co_funders_in(plan.year) if c.name == line.name), None
        )

    def withdrawn_look(self) -> None:
        """An amount whose flag is 0 reads 'withdrawn', greyed, as in the terminal table (a
        member's top-up too); the flags accept only 0 and 1."""
        at, ws = self.at, self.sheet.worksheet
        label = self.labels["withdrawn"].replace('"', "")
        look = self.book.conditional(
            {"font_color": "#777777", "italic": True, "num_format": f'"{label}"'}
        )
        top_ups = [
            (at.row_of(r), at.row_of(Row(r.name, "member")))
            for r in at.rows
            if r.role == "top-up" and r.name != self.cluster.lead
        ]
        for year in at.years:
            col, flags = at.amount_col(year), at.block(year, TAKES_PART)
            flag = "$" + cell(at.first_member, flags)  # column fixed, row relative
            criteria = {"type": "formula", "criteria": f"={flag}=0", "format": look}
            ws.conditional_format(at.first_member, col, at.last_member, col, criteria)
            for row, member in top_ups:
                member_flag = cell(member, flags, absolute=True)
                criteria = {"type": "formula", "criteria": f"={member_flag}=0", "format": look}
                ws.conditional_format(row, col, row, col, criteria)
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
        line = book.style("text", total=True)
        for col in (1, 2, *(at.population_col(b) for b in at.bases)):
            sheet.worksheet.write_blank(row, col, None, line)
        last = FIRST + len(at.rows) - 1
        for plan in self.years.values():
            col = at.amount_col(plan.year)
            formula = "=" + self.round.format(f"SUM({cell(FIRST, col)}:{cell(last, col)})")
            sheet.money_formula(row, col, formula, plan.cy.total, money, self.decimals,
                                terms=len(at.rows))  # fmt: skip
            sums = (
                pool.block_sums(plan.cy) if plan.formula == "pool" else formulas.block_sums(plan.cy)
            )
            for column in range(BLOCK):
                col = at.block(plan.year, column)
                if column in sums:
                    first, end = cell(at.first_member, col), cell(at.last_member, col)
                    style = book.style("integer", total=True)
                    sheet.integer_formula(row, col, f"=SUM({first}:{end})", sums[column], style)
                else:
                    sheet.worksheet.write_blank(row, col, None, line)
        grand = sum(cy.total for cy in self.cluster_years)
        first, end = cell(FIRST, at.total_col), cell(last, at.total_col)
        formula = "=" + self.round.format(f"SUM({first}:{end})")
        sheet.money_formula(row, at.total_col, formula, grand, money, self.decimals,
                            terms=len(at.rows))  # fmt: skip

    # --- below the table ---------------------------------------------------------------------

    def year_heads(self, row: int, title: str) -> None:
        """A heading row: the title, and each year over its column."""
        sheet, book = self.sheet, self.book
        sheet.text(row, 0, title, book.style("text", bold=True), fit=False)
        for year in self.at.years:
            style = book.style("count", bold=True)
            sheet.worksheet.write_number(row, self.at.amount_col(year), year, style)

    def terms(self) -> None:
        """Each year's terms in its column: the period's inputs in its first column, read by
        the period's other years."""
        at, sheet = self.at, self.sheet
        self.year_heads(at.terms_head, self.words["terms"])
        for key, row in at.terms.items():
            sheet.text(row, 0, self.term_label(key), self.text, fit=False)
        for plan in self.years.values():
            TermWriter(self, plan).write()

    def term_label(self, key: str) -> str:
        if key.startswith("term_band_"):
            kind, number = key.rsplit("_", 1)
            return self.words[kind].format(number=number)
        if key == "term_lead" and any(p.formula != "pool" for p in self.years.values()):
            return self.words["term_lead_formula"]
        return self.words[key]

    def given(self) -> None:
        """The top-ups (R15) and co-funders (R14) as the terms give them: inputs, not indexed."""
        at, sheet = self.at, self.sheet
        if at.given_head is None:
            return
        self.year_heads(at.given_head, self.words["given"])
        for line, row in at.given.items():
            word = "given_top_up" if line.role == "top-up" else "given_co_funder"
            sheet.text(row, 0, self.words[word].format(name=line.name), self.text, fit=False)
            for plan in self.years.values():
                amount = self.given_amount(plan, line)
                if amount is not None:
                    style, decimals = self.ore_style(amount, entry=True)
                    sheet.money(row, at.amount_col(plan.year), amount, style, decimals)

    def status(self) -> None:
        """Each year's status in the year's column, then notes on years written as values."""
        at, sheet = self.at, self.sheet
        self.year_heads(at.status_head, self.words["per_year"])
        for key, row in at.status.items():
            sheet.text(row, 0, self.words[key], self.text, fit=False)
        for plan in self.years.values():
            self.indexation(plan)
            if plan.formula == "pool":
                pool.status(self, plan)
            else:
                formulas.status(self, plan)
            self.sums(plan)
        for index, note in enumerate(self.notes):
            sheet.text(at.status["status_exact"] + 2 + index, 0, note, self.text, fit=False)

    def indexation(self, plan: Year) -> None:
        """k and F(Y) = A/B: the products of the period's yearly a and b up to the year (R7,
        R11), as formulas while they are exact."""
        at, sheet, year = self.at, self.sheet, plan.year
        col = at.amount_col(year)
        k = year - plan.terms.first_year
        head = cell(at.status_head, col)
        sheet.integer_formula(
            at.status["status_k"],
            col,
            f"={head}-{at.term('term_first', year)}",
            k,
            self.count,
        )
        factor = plan.factor
        for key, term, value in (
            ("status_growth_num", "term_growth_num", factor.numerator),
            ("status_growth_den", "term_growth_den", factor.denominator),
        ):
            row = at.status[key]
            if plan.first:
                sheet.number(row, col, 1, self.integer, "1")
            elif factor.products_exact:
                sheet.integer_formula(row, col, "=" + self.product(plan, term), value, self.integer)

    def product(self, plan: Year, term: str) -> str:
        """Π a (or Π b) over the period's years after its first, up to this year: the cells of
        the year's columns, times the factors of years this selection does not show."""
        at, terms, year = self.at, plan.terms, plan.year
        shown = [
            y for y in at.years if terms.first_year < y <= year and self.years[y].terms is terms
        ]
        hidden = [y for y in range(terms.first_year + 1, year + 1) if y not in shown]
        row = at.terms[term]
        cells = f"{cell(row, at.amount_col(shown[0]))}:{cell(row, at.amount_col(shown[-1]))}"
        product = f"PRODUCT({cells})"
        if not hidden:
            return product
        if not isinstance(terms.indexation, Mapping):  # R7: one rate, k years
            return f"POWER({at.term(term, year)},{at.status_cell('status_k', year)})"
        side = 0 if term == "term_growth_num" else 1
        constant = 1
        for y in hidden:
            constant *= Growth.into(terms, y)[side]
        return f"{constant}*{product}"

    def indexed(self, term: str, year: int) -> str:
        """R7, R11, in units, half up: the integer part of (2 × base × A + B) / (2 × B)."""
        at = self.at
        a, b = (
            self.status_ref("status_growth_num", year),
            self.status_ref("status_growth_den", year),
        )
        return f"QUOTIENT(2*ROUND({at.term(term, year)}*{self.units(year)},0)*{a}+{b},2*{b})"

    def sums(self, plan: Year) -> None:
        """What the members, top-ups and co-funders pay, what the lead pays the payee, and the
        year's total (R9, R14, R15)."""
        at, sheet, cy, year = self.at, self.sheet, plan.cy, plan.year
        col = at.amount_col(year)

        def put(key: str, formula: str, value: int, terms: int) -> None:
            style, decimals = self.ore_style(value)
            sheet.money_formula(at.status[key], col, "=" + self.round.format(formula), value,
                                style, decimals, terms=terms)  # fmt: skip

        def rows(role: RowRole) -> tuple[str, int]:
            found = at.rows_with(role)
            return f"SUM({cell(found[0], col)}:{cell(found[-1], col)})", len(found)

        put("status_pool", f"SUM({cell(at.first_member, col)}:{cell(at.last_member, col)})",
            cy.pool, at.members)  # fmt: skip
        ref = self.status_ref
        to_payee = f"{ref('status_lead', year)}+{ref('status_pool', year)}"
        if "status_top_ups" in at.status:
            formula, count = rows("top-up")
            put("status_top_ups", formula, cy.top_ups, count)
            to_payee += f"+{ref('status_top_ups', year)}"
        total = to_payee
        if "status_to_payee" in at.status:
            put("status_to_payee", to_payee, cy.to_payee, to_payee.count("+") + 1)
            total = ref("status_to_payee", year)
        if "status_co_funded" in at.status:
            formula, count = rows("co-funder")
            put("status_co_funded", formula, cy.co_funded, count)
            total += f"+{ref('status_co_funded', year)}"
        put("status_total", total, cy.total, total.count("+") + 1)


class TermWriter:
    """The terms of one year, in its column: inputs in the period's first column, references
    to them in the period's other columns."""

    def __init__(self, sheet: ClusterSheet, plan: Year) -> None:
        self.s = sheet
        self.plan = plan
        self.terms = plan.terms
        self.year = plan.year
        self.col = sheet.at.amount_col(plan.year)
        self.origin = plan.year == plan.origin
        self.origin_col = sheet.at.amount_col(plan.origin)
        book = sheet.book
        self.counts = (book.style("count", entry=True), sheet.count)
        self.integers = (book.style("integer", entry=True), sheet.integer)
        self.texts = (book.style("text", entry=True, right=True), book.style("text", right=True))

    def write(self) -> None:
        terms = self.terms
        self.plain("term_formula", terms.formula)
        self.plain("term_first", terms.first_year)
        self.money("term_lead", terms.lead_amount, optional=terms.formula != "pool")
        self.number("term_units", ORE_PER_KRONE // terms.unit, self.counts)
        if terms.formula == "pool":
            self.pool()
        elif terms.formula == "per-capita":
            self.per_capita()
        else:
            for number, band in enumerate(terms.bands, start=1):
                if band.up_to is not None:
                    self.number(f"term_band_up_to_{number}", band.up_to, self.integers)
                self.money(f"term_band_amount_{number}", band.amount)
        self.growth()
        self.plain("term_basis", self.plan.cy.population_year)

    def pool(self) -> None:
        """R3's threshold and policy, the pool (R2-R8)."""
        s, terms, at = self.s, self.terms, self.s.at
        self.money("term_pool", terms.pool)
        self.number("term_threshold_num", terms.threshold.numerator, self.counts)
        self.number("term_threshold_den", terms.threshold.denominator, self.counts)
        num = at.term("term_threshold_num", self.year)
        den = at.term("term_threshold_den", self.year)
        self.ratio("term_threshold", f"={num}/{den}", terms.threshold, s.book.style("percent"),
                   s.labels.percent(terms.threshold))  # fmt: skip
        self.input("term_policy", terms.policy, self.texts, terms.policy)
        if self.origin:
            row = at.terms["term_policy"]
            options = {"validate": "list", "source": list(pool.POLICIES)}
            s.sheet.worksheet.data_validation(row, self.col, row, self.col, options)

    def per_capita(self) -> None:
        """R13 per inhabitant: the rate in øre as p/q, the base, the cap and the bounds."""
        s, terms, at = self.s, self.terms, self.s.at
        rate = rate_in_ore(terms)
        self.number("term_rate_num", rate.numerator, self.integers)
        self.number("term_rate_den", rate.denominator, self.integers)
        p, q = at.term("term_rate_num", self.year), at.term("term_rate_den", self.year)
        assert terms.rate is not None
        style = s.book.style("custom", custom='#,##0.00########" kr."', right=True)
        self.ratio("term_rate_kr", f"={p}/{q}/100", terms.rate, style,
                   s.labels.decimal_kr(terms.rate))  # fmt: skip
        self.money("term_base", terms.base)
        self.number("term_max_population", terms.max_population, self.integers, optional=True)
        self.money("term_min_amount", terms.min_amount, optional=True)
        self.money("term_max_amount", terms.max_amount, optional=True)

    def growth(self) -> None:
        """1 + the rate into the year, a/b: none in the period's first year; R7's one rate in
        the first column after it, read by the later ones; R11's own in every year."""
        s, plan = self.s, self.plan
        if plan.first:
            return
        growth = Growth.into(plan.terms, plan.year)
        series = isinstance(plan.terms.indexation, Mapping)
        origin = plan.year if series else plan.growth_origin
        for key, value in (("term_growth_num", growth.numerator),
                           ("term_growth_den", growth.denominator)):  # fmt: skip
            self.input(key, value, self.counts, s.labels.number(value), origin=origin)
        a, b = s.at.term("term_growth_num", plan.year), s.at.term("term_growth_den", plan.year)
        rate = Fraction(growth.numerator, growth.denominator) - 1
        self.ratio("term_rate", f"={a}/{b}-1", rate, s.book.style("percent"),
                   s.labels.percent(rate))  # fmt: skip

    # --- cells -------------------------------------------------------------------------------

    def input(
        self,
        key: str,
        value: int | Decimal | str | None,
        styles: tuple[Format, Format],
        shown: str,
        *,
        optional: bool = False,
        origin: int | None = None,
    ) -> None:
        """An input in the origin's column (the period's first, or `origin`), a reference to
        it elsewhere; `styles` are the input's and the reference's. `optional` inputs may be
        left empty, and their references then stay empty too."""
        s, row = self.s, self.s.at.terms[key]
        origin_col = self.origin_col if origin is None else s.at.amount_col(origin)
        entry, plain = styles
        if self.col == origin_col:
            if value is None:
                s.sheet.worksheet.write_blank(row, self.col, None, entry)
            elif isinstance(value, str):
                s.sheet.text(row, self.col, value, entry)
            else:
                s.sheet.number(row, self.col, value, entry, shown)
            return
        source = cell(row, origin_col, absolute=True)
        formula = f'=IF(ISNUMBER({source}),{source},"")' if optional else f"={source}"
        s.sheet.formula(row, self.col, formula, "" if value is None else value, plain, shown)

    def money(self, key: str, ore: int | None, *, optional: bool = False) -> None:
        s = self.s
        entry, decimals = s.ore_style(ore or 0, entry=True)
        styles = (entry, s.ore_style(ore or 0)[0])
        value = None if ore is None else money_value(ore)
        shown = "" if ore is None else s.labels.kr(ore, decimals=decimals)
        self.input(key, value, styles, shown, optional=optional)

    def number(
        self, key: str, value: int | None, styles: tuple[Format, Format], *, optional: bool = False
    ) -> None:
        shown = "" if value is None else self.s.labels.number(value)
        self.input(key, value, styles, shown, optional=optional)

    def plain(self, key: str, value: int | str) -> None:
        """A fact of the period, not an input: its formula, its first year, the basis year."""
        s, row = self.s, self.s.at.terms[key]
        if isinstance(value, str):
            s.sheet.text(row, self.col, value, self.texts[1])
        else:
            s.sheet.number(row, self.col, value, s.count, str(value))

    def ratio(self, key: str, formula: str, value: Fraction, style: Format, shown: str) -> None:
        """A term shown as a ratio of two inputs (threshold, rate): a display, never money."""
        self.s.sheet.formula(self.s.at.terms[key], self.col, formula, _decimal(value), style, shown)


def shows_ore(cluster_years: Sequence[ClusterYear]) -> bool:
    """Whether amounts are shown with øre (and sums rounded to the øre): in a year rounded to
    the øre, or where an amount has øre all the same (a top-up or co-funder as given, a band's
    amount of a krone cluster in its first year)."""
    return any(
        cy.terms.unit == 1 or any(amount % ORE_PER_KRONE for amount in cy.amounts)
        for cy in cluster_years
    )


def _span(years: Sequence[int]) -> str:
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


def _decimal(ratio: Fraction) -> Decimal:
    """A ratio (threshold, rate) as the cached value of its formula: a display, never money."""
    return Decimal(ratio.numerator) / Decimal(ratio.denominator)
