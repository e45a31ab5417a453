"""The sheets around the clusters: populations (the inputs), the bills, the plan, and "about".

The bills ("Samlet") and the plan ("Betalingsplan") hold no figures of their own: each amount is
a formula over the cluster sheets, with klynge's result cached, so a change in a cluster sheet
carries through to them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import PurePath
from typing import NamedTuple

from xlsxwriter.format import Format

from klynge_cli import __version__
from klynge_cli.model import PopulationBasis, PopulationTable
from klynge_cli.render.xlsx import places
from klynge_cli.render.xlsx.book import Book, Sheet, cell
from klynge_cli.render.xlsx.cluster import ClusterCells, PopulationCell, shows_ore
from klynge_cli.render.xlsx.exact import Place
from klynge_cli.render.xlsx.layout import RowRole
from klynge_cli.render.xlsx.words import Words
from klynge_cli.result import Allocation, Payment, Schedule


class Provenance(NamedTuple):
    """The scenario file the workbook was made from: its name (not its path, so the bytes do
    not depend on the folder it was run from) and the SHA-256 of its bytes."""

    scenario_file: str
    scenario_sha256: str


POPULATIONS_FIRST = 2  # the first municipality's row on the populations sheet


class PopulationSheet(NamedTuple):
    """Where each population figure sits on the populations sheet, before it is written."""

    name: str
    municipalities: tuple[str, ...]
    bases: tuple[int, ...]
    figures: dict[tuple[str, int], int]
    table: PopulationTable

    def cells(self) -> dict[tuple[str, int], PopulationCell]:
        """(municipality, basis year) → its reference, population and place."""
        from xlsxwriter.utility import quote_sheetname

        sheet = quote_sheetname(self.name)

        def ref(row: int, basis: int) -> str:
            col = 1 + self.bases.index(basis)
            return f"{sheet}!{cell(POPULATIONS_FIRST + row, col, absolute=True)}"

        return {
            (name, basis): PopulationCell(ref(row, basis), population, self.place(name, basis))
            for row, name in enumerate(self.municipalities)
            for basis in self.bases
            if (population := self.figures.get((name, basis))) is not None
        }

    def place(self, name: str, basis: int) -> Place:
        return places.population(self.table, name, basis)

    def cell_place(self, row: int, col: int) -> Place:
        """What a cell of the populations sheet holds: a municipality's figure of a year."""
        index, basis = row - POPULATIONS_FIRST, col - 1
        if 0 <= index < len(self.municipalities) and 0 <= basis < len(self.bases):
            return self.place(self.municipalities[index], self.bases[basis])
        return Place(f"the {self.name} sheet, cell {cell(row, col)}")


def population_sheet(allocation: Allocation, name: str) -> PopulationSheet:
    table = allocation.scenario.populations.table
    names: set[str] = set()
    bases: set[int] = set()
    for cy in allocation.cluster_years:
        names.update(
            m for m, r in zip(cy.municipalities, cy.roles, strict=True) if r != "co-funder"
        )
        bases.add(cy.population_year)
    figures = {
        (municipality, basis): population
        for basis in bases
        for municipality, population in table.in_year(basis).items()
        if municipality in names
    }
    return PopulationSheet(name, tuple(sorted(names)), tuple(sorted(bases)), figures, table)


def write_populations(book: Book, words: Words, layout: PopulationSheet, sources: str) -> None:
    sheet = book.add_sheet(layout.name)
    sheet.place = layout.cell_place
    sheet.text(0, 0, words["populations_title"], book.style("text", bold=True, size=14), fit=False)
    heading = book.style("text", header=True)
    sheet.header(1, 0, words["municipality"], heading)
    numeric = book.style("text", header=True, right=True)
    for col, basis in enumerate(layout.bases, start=1):
        sheet.header(1, col, words["population_on"].format(year=basis), numeric)
    entry = book.style("integer", entry=True)
    for row, name in enumerate(layout.municipalities, start=POPULATIONS_FIRST):
        sheet.text(row, 0, name, book.style("text"))
        for col, basis in enumerate(layout.bases, start=1):
            population = layout.figures.get((name, basis))
            if population is not None:
                sheet.number(row, col, population, entry, book.labels.number(population))
    last = POPULATIONS_FIRST + len(layout.municipalities)
    sheet.text(last + 1, 0, f"{book.labels['source']}: {sources}", book.style("text"), fit=False)
    sheet.worksheet.freeze_panes(POPULATIONS_FIRST, 1)
    sheet.print_setup((1, 1))


def write_bills(
    book: Book, words: Words, name: str, allocation: Allocation, clusters: Sequence[ClusterCells]
) -> None:
    """SPEC §1: a municipality's bill is the sum over every cluster, per year and in all: its
    own amounts and its top-ups (R15), not the co-funders' (R14), who are not municipalities."""
    sheet = book.add_sheet(name)
    labels = book.labels
    decimals = shows_ore(allocation.cluster_years)
    years = sorted({cy.year for cy in allocation.cluster_years})
    bills: dict[str, dict[int, int]] = {}
    for cy in allocation.cluster_years:
        for line in cy.lines:
            if line.role != "co-funder":
                bill = bills.setdefault(line.municipality, {})
                bill[cy.year] = bill.get(cy.year, 0) + line.amount
    sheet.text(0, 0, labels["bill_title"], book.style("text", bold=True, size=14), fit=False)
    heading = book.style("text", header=True)
    sheet.header(1, 0, words["municipality"], heading)
    for col, year in enumerate(years, start=1):
        sheet.worksheet.write_number(1, col, year, book.style("count", header=True))
    total_col = 1 + len(years)
    sheet.header(1, total_col, words["total"], book.style("text", header=True, right=True))
    money = book.style("money", decimals=decimals)
    rounded = "ROUND({},2)" if decimals else "{}"
    first = 2
    names = sorted(bills)
    last = first + len(names) - 1

    def place(row: int, col: int) -> Place:
        bill = f"{names[row - first]}'s bill" if first <= row <= last else "the bills together"
        when = f"in {years[col - 1]}" if 1 <= col < total_col else "over the years"
        return places.across(allocation, f"the {name} sheet: {bill} {when}")

    sheet.place = place
    for row, municipality in enumerate(names, start=first):
        sheet.text(row, 0, municipality, book.style("text"))
        for col, year in enumerate(years, start=1):
            refs = [
                c.amounts[(municipality, year, role)]
                for c in clusters
                for role in ("lead", "member", "top-up")
                if (municipality, year, role) in c.amounts
            ]
            if refs:
                formula = "=" + rounded.format("+".join(refs))
                value = bills[municipality].get(year, 0)
                sheet.money_formula(row, col, formula, value, money, decimals, terms=len(refs))
        across = f"SUM({cell(row, 1)}:{cell(row, total_col - 1)})"
        total = sum(bills[municipality].values())
        sheet.money_formula(row, total_col, "=" + rounded.format(across), total, money, decimals,
                            terms=len(years))  # fmt: skip
    totals = last + 1
    sheet.text(totals, 0, words["total"], book.style("text", total=True))
    total_style = book.style("money", decimals=decimals, total=True)
    for col in range(1, total_col + 1):
        down = f"SUM({cell(first, col)}:{cell(last, col)})"
        value = (
            sum(bills[m].get(years[col - 1], 0) for m in names)
            if col < total_col
            else sum(sum(b.values()) for b in bills.values())
        )
        sheet.money_formula(totals, col, "=" + rounded.format(down), value, total_style, decimals,
                            terms=len(names))  # fmt: skip
    sheet.worksheet.freeze_panes(first, 1)
    sheet.print_setup((1, 1))


def write_plan(
    book: Book,
    words: Words,
    name: str,
    allocation: Allocation,
    schedule: Schedule,
    clusters: Mapping[str, ClusterCells],
) -> Sheet:
    """R9: the dated money flows, the October reconfirmations among them, then the totals."""
    from klynge_cli.render.grid import schedule_view

    sheet = book.add_sheet(name)
    labels = book.labels
    decimals = shows_ore(allocation.cluster_years)
    view = schedule_view(schedule, labels)
    sheet.text(0, 0, view.title, book.style("text", bold=True, size=14), fit=False)
    heading = book.style("text", header=True)
    numeric = book.style("text", header=True, right=True)
    for col, text in enumerate(view.header):
        sheet.header(1, col, text, numeric if col in (0, 1, 6) else heading)
    paid_at: dict[int, Payment] = {}  # row → its payment, for a refusal
    totals_at: dict[int, str] = {}  # row → the kind of payment it adds up

    def place(row: int, col: int) -> Place:
        if row in paid_at:
            p = paid_at[row]
            what = f"the {p.kind} of {p.year} from {p.payer} to {p.payee} ({p.cluster.id})"
        elif row in totals_at:
            what = TOTAL_OF[totals_at[row]]
        else:
            what = f"row {row + 1}"
        return places.across(allocation, f"the {name} sheet: {what}")

    sheet.place = place
    last = _plan_rows(sheet, allocation, schedule, clusters, decimals, paid_at)
    kinds = f"{cell(PLAN_FIRST, 3, absolute=True)}:{cell(last, 3, absolute=True)}"
    amounts = f"{cell(PLAN_FIRST, 6, absolute=True)}:{cell(last, 6, absolute=True)}"
    total = book.style("money", decimals=decimals, total=True)
    rounded = "ROUND({},2)" if decimals else "{}"
    row = last + 2
    totals = [("collected_total", "collect"), ("paid_total", "pay")]
    if any(p.kind == "co-fund" for p in schedule.payments):
        totals.append(("co_funded_total", "co-fund"))
    for key, kind in totals:
        paid = [p.amount for p in schedule.payments if p.kind == kind]
        sheet.text(row, 0, words[key], book.style("text", bold=True), fit=False)
        formula = "=" + rounded.format(f'SUMIF({kinds},"{labels[kind]}",{amounts})')
        totals_at[row] = kind
        sheet.money_formula(row, 6, formula, sum(paid), total, decimals, terms=len(paid))
        row += 1
    for note in view.notes:  # the lead's pre-financing
        row += 1
        sheet.text(row, 0, note, book.style("text"), fit=False)
    sheet.worksheet.freeze_panes(PLAN_FIRST, 1)
    sheet.print_setup((1, 1))
    return sheet


PLAN_FIRST = 2  # the first row of the plan
TOTAL_OF = {
    "collect": "the total collected",
    "pay": "the total paid to the payees",
    "co-fund": "the total co-funded",
}  # the plan's totals by kind, in a message


def _plan_rows(
    sheet: Sheet,
    allocation: Allocation,
    schedule: Schedule,
    clusters: Mapping[str, ClusterCells],
    decimals: bool,
    paid_at: dict[int, Payment],
) -> int:
    """Payments and reconfirmations by date (payments in the contract's order); each amount
    reads the cluster sheet: a collection the member's share or, in the row after it, its
    top-up (R15); the payment to the payee what the lead pays; a co-funding the co-funder's
    row (R14). Returns the last row written; `paid_at` gets each row's payment."""
    book, labels = sheet.book, sheet.book.labels
    date_format = "dd.mm.yyyy" if labels.locale == "da" else "yyyy-mm-dd"
    day = book.style("date", date_format=date_format)
    text = book.style("text")
    count = book.style("count")
    money = book.style("money", decimals=decimals)
    entries: list[tuple[date, int, int]] = [
        (p.due, 0, index) for index, p in enumerate(schedule.payments)
    ]
    entries += [(m.due, 1, index) for index, m in enumerate(schedule.milestones)]
    entries.sort(key=lambda entry: entry[:2])  # stable: payments keep the contract's order
    collected = _collections(allocation)
    row = PLAN_FIRST - 1
    for due, is_milestone, index in entries:
        row += 1
        event = schedule.milestones[index] if is_milestone else schedule.payments[index]
        sheet.date(row, 0, due, day)
        sheet.number(row, 1, event.year, count, str(event.year))
        sheet.text(row, 2, event.cluster.id, text)
        if is_milestone:
            sheet.text(row, 3, labels["reconfirm"], text)
            continue
        payment = schedule.payments[index]
        paid_at[row] = payment
        sheet.text(row, 3, labels[payment.kind], text)
        sheet.text(row, 4, payment.payer, text)
        sheet.text(row, 5, payment.payee, text)
        cells = clusters[payment.cluster.id]
        if payment.kind == "collect":
            key = (payment.cluster.id, payment.year, payment.payer)
            role: RowRole = collected[key].pop(0) if collected.get(key) else "member"
            source = cells.amounts.get((payment.payer, payment.year, role))
        elif payment.kind == "co-fund":
            source = cells.amounts.get((payment.payer, payment.year, "co-funder"))
        else:
            source = cells.to_payee.get(payment.year)
        if source is None:  # not in the workbook's cluster sheets: klynge's figure
            sheet.money(row, 6, payment.amount, money, decimals)
        else:
            sheet.money_formula(row, 6, f"={source}", payment.amount, money, decimals)
    return max(row, PLAN_FIRST)


def _collections(allocation: Allocation) -> dict[tuple[str, int, str], list[RowRole]]:
    """What each member's collections in a cluster and year are, in the schedule's order: its
    share, then its top-up (R15), each only if it is not 0 (R9: a zero amount has no row)."""
    found: dict[tuple[str, int, str], list[RowRole]] = {}
    for cy in allocation.cluster_years:
        top_up = {line.municipality: line.amount for line in cy.lines if line.role == "top-up"}
        for line in cy.lines:
            if line.role == "member":
                roles: list[RowRole] = []
                if line.amount:
                    roles.append("member")
                if top_up.get(line.municipality):
                    roles.append("top-up")
                found[(cy.cluster.id, cy.year, line.municipality)] = roles
    return found


def population_sources(allocation: Allocation) -> str:
    sources = allocation.population_sources()
    return (
        "; ".join(sources) if sources else PurePath(allocation.scenario.populations.table.file).name
    )


def write_about(
    book: Book,
    words: Words,
    name: str,
    allocation: Allocation,
    provenance: Provenance,
    sheet_names: Mapping[str, str],
) -> None:
    """What the workbook was made from, how to read it, and the rules in words."""
    sheet = book.add_sheet(name)
    scenario = allocation.scenario
    basis = scenario.populations
    label = book.style("text", bold=True)
    value = book.style("text", wrap=True)
    rows: list[tuple[str, str]] = [
        (words["about_scenario"], scenario.name),
        (words["about_file"], provenance.scenario_file),
        (words["about_sha"], provenance.scenario_sha256),
        (words["about_population_file"], PurePath(basis.table.file).name),
        (words["about_basis"], basis_words(words, basis)),
        (words["about_source"], population_sources(allocation)),
        (words["about_clusters"], _clusters(allocation)),
        (words["about_version"], f"klynge {__version__}"),
    ]
    if allocation.warnings:
        rows.append((words["about_warnings"], "\n".join(allocation.warnings)))
    sheet.text(0, 0, scenario.name, book.style("text", bold=True, size=14), fit=False)
    sheet.fixed_width(1, 100)
    row = 2
    row = _pairs(sheet, row, rows, label, value)
    names = {"populations": sheet_names["populations"]}
    row += 1
    sheet.text(row, 0, words["about_reading"], label)
    row = _pairs(
        sheet,
        row + 1,
        [("", line) for line in words["reading"].format(**names).split("\n")],
        label,
        value,
    )
    row += 1
    sheet.text(row, 0, words["about_rules"], label)
    rules = [(key, words[key].format(**names)) for key in rules_used(allocation)]
    _pairs(sheet, row + 1, rules, label, value)
    sheet.print_setup((0, 0))


def basis_words(words: Words, basis: PopulationBasis) -> str:
    """R6 and R10 in words: '1 January 2021 for every year', '1 January of each year', or
    with a lag '1 January 1 year(s) before each year (lag 1)'."""
    if basis.year is not None:
        return words["population_fixed"].format(year=basis.year)
    if basis.lag:
        return words["population_lag"].format(lag=basis.lag)
    return words["population_each"]


def rules_used(allocation: Allocation) -> list[str]:
    """The rules the workbook's clusters use, in order: R2-R8 always, SPEC §7's where used."""
    years = allocation.cluster_years
    rules = ["R2", "R3", "R4", "R5", "R6"]
    if allocation.scenario.populations.lag and allocation.scenario.populations.year is None:
        rules.append("R10")
    rules += ["R7", "R8"]
    if any(len(cy.cluster.periods) > 1 for cy in years):
        rules.append("R12")
    if any(cy.terms.formula != "pool" for cy in years):
        rules.append("R13")
    if any(cy.terms.co_funders for cy in years):
        rules.append("R14")
    if any(cy.terms.top_ups for cy in years):
        rules.append("R15")
    return rules


def _pairs(
    sheet: Sheet, row: int, pairs: Iterable[tuple[str, str]], label: Format, value: Format
) -> int:
    for key, text in pairs:
        if key:
            sheet.text(row, 0, key, label)
        sheet.paragraph(row, 1, text, value)
        row += 1
    return row


def _clusters(allocation: Allocation) -> str:
    shown = {
        cy.cluster.id: f"{cy.cluster.name} ({cy.cluster.id})" for cy in allocation.cluster_years
    }
    return "\n".join(shown.values())
