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
from klynge_cli.render.xlsx.book import Book, Sheet, cell
from klynge_cli.render.xlsx.pool import ClusterCells
from klynge_cli.render.xlsx.words import Words
from klynge_cli.result import Allocation, Schedule


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

    def cells(self) -> dict[tuple[str, int], tuple[str, int]]:
        """(municipality, basis year) → (absolute reference, population)."""
        from xlsxwriter.utility import quote_sheetname

        sheet = quote_sheetname(self.name)

        def ref(row: int, basis: int) -> str:
            col = 1 + self.bases.index(basis)
            return f"{sheet}!{cell(POPULATIONS_FIRST + row, col, absolute=True)}"

        return {
            (name, basis): (ref(row, basis), population)
            for row, name in enumerate(self.municipalities)
            for basis in self.bases
            if (population := self.figures.get((name, basis))) is not None
        }


def population_sheet(allocation: Allocation, name: str) -> PopulationSheet:
    table = allocation.scenario.populations.table
    names: set[str] = set()
    bases: set[int] = set()
    for cy in allocation.cluster_years:
        names.update(cy.municipalities)
        bases.add(cy.population_year)
    figures = {
        (municipality, basis): population
        for basis in bases
        for municipality, population in table.in_year(basis).items()
        if municipality in names
    }
    return PopulationSheet(name, tuple(sorted(names)), tuple(sorted(bases)), figures)


def write_populations(book: Book, words: Words, layout: PopulationSheet, sources: str) -> None:
    sheet = book.add_sheet(layout.name)
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
    """SPEC §1: a municipality's bill is the sum over every cluster, per year and in all."""
    sheet = book.add_sheet(name)
    labels = book.labels
    decimals = any(cy.cluster.in_ore for cy in allocation.cluster_years)
    years = sorted({cy.year for cy in allocation.cluster_years})
    bills: dict[str, dict[int, int]] = {}
    for cy in allocation.cluster_years:
        for municipality, amount in zip(cy.municipalities, cy.amounts, strict=True):
            bill = bills.setdefault(municipality, {})
            bill[cy.year] = bill.get(cy.year, 0) + amount
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
    for row, municipality in enumerate(names, start=first):
        sheet.text(row, 0, municipality, book.style("text"))
        for col, year in enumerate(years, start=1):
            refs = [
                c.amounts[(municipality, year)]
                for c in clusters
                if (municipality, year) in c.amounts
            ]
            if refs:
                formula = "=" + rounded.format("+".join(refs))
                sheet.money_formula(row, col, formula, bills[municipality][year], money, decimals)
        across = f"SUM({cell(row, 1)}:{cell(row, total_col - 1)})"
        total = sum(bills[municipality].values())
        sheet.money_formula(row, total_col, "=" + rounded.format(across), total, money, decimals)
    last = first + len(names) - 1
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
        sheet.money_formula(totals, col, "=" + rounded.format(down), value, total_style, decimals)
    sheet.worksheet.freeze_panes(first, 1)
    sheet.print_setup((1, 1))


def write_plan(
    book: Book,
    words: Words,
    name: str,
    schedule: Schedule,
    clusters: Mapping[str, ClusterCells],
) -> Sheet:
    """R9: the dated money flows, the October reconfirmations among them, then the totals."""
    from klynge_cli.render.grid import schedule_view

    sheet = book.add_sheet(name)
    labels = book.labels
    decimals = any(c.in_ore for c in schedule.scenario.clusters)
    view = schedule_view(schedule, labels)
    sheet.text(0, 0, view.title, book.style("text", bold=True, size=14), fit=False)
    heading = book.style("text", header=True)
    numeric = book.style("text", header=True, right=True)
    for col, text in enumerate(view.header):
        sheet.header(1, col, text, numeric if col in (0, 1, 6) else heading)
    last = _plan_rows(sheet, schedule, clusters, decimals)
    kinds = f"{cell(PLAN_FIRST, 3, absolute=True)}:{cell(last, 3, absolute=True)}"
    amounts = f"{cell(PLAN_FIRST, 6, absolute=True)}:{cell(last, 6, absolute=True)}"
    total = book.style("money", decimals=decimals, total=True)
    rounded = "ROUND({},2)" if decimals else "{}"
    row = last + 2
    for key, kind in (("collected_total", "collect"), ("paid_total", "pay")):
        value = sum(p.amount for p in schedule.payments if p.kind == kind)
        sheet.text(row, 0, words[key], book.style("text", bold=True), fit=False)
        formula = "=" + rounded.format(f'SUMIF({kinds},"{labels[kind]}",{amounts})')
        sheet.money_formula(row, 6, formula, value, total, decimals)
        row += 1
    for note in view.notes:  # the lead's pre-financing
        row += 1
        sheet.text(row, 0, note, book.style("text"), fit=False)
    sheet.worksheet.freeze_panes(PLAN_FIRST, 1)
    sheet.print_setup((1, 1))
    return sheet


PLAN_FIRST = 2  # the first row of the plan


def _plan_rows(
    sheet: Sheet, schedule: Schedule, clusters: Mapping[str, ClusterCells], decimals: bool
) -> int:
    """Payments and reconfirmations by date (payments in the contract's order); each amount
    reads the cluster sheet. Returns the last row written."""
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
        sheet.text(row, 3, labels[payment.kind], text)
        sheet.text(row, 4, payment.payer, text)
        sheet.text(row, 5, payment.payee, text)
        cells = clusters[payment.cluster.id]
        source = (
            cells.amounts.get((payment.payer, payment.year))
            if payment.kind == "collect"
            else cells.totals.get(payment.year)
        )
        if source is None:  # not in the workbook's cluster sheets: klynge's figure
            sheet.money(row, 6, payment.amount, money, decimals)
        else:
            sheet.money_formula(row, 6, f"={source}", payment.amount, money, decimals)
    return max(row, PLAN_FIRST)


def population_sources(allocation: Allocation) -> str:
    table = allocation.scenario.populations.table
    used = {cy.population_year for cy in allocation.cluster_years} | {None}
    sources = sorted({f.source for f in table.figures.values() if f.source and f.year in used})
    return "; ".join(sources) if sources else PurePath(table.file).name


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
    labels = book.labels
    scenario = allocation.scenario
    basis = scenario.populations
    label = book.style("text", bold=True)
    value = book.style("text", wrap=True)
    rows: list[tuple[str, str]] = [
        (words["about_scenario"], scenario.name),
        (words["about_file"], provenance.scenario_file),
        (words["about_sha"], provenance.scenario_sha256),
        (words["about_population_file"], PurePath(basis.table.file).name),
        (
            words["about_basis"],
            labels["population_each"]
            if basis.year is None
            else labels["population_fixed"].format(year=basis.year),
        ),
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
    rules = [
        (key, words[key].format(**names)) for key in ("R2", "R3", "R4", "R5", "R6", "R7", "R8")
    ]
    _pairs(sheet, row + 1, rules, label, value)
    sheet.print_setup((0, 0))


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
