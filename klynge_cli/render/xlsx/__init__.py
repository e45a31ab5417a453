"""The betalingsoversigt as an .xlsx workbook with live formulas (`--format xlsx`).

One sheet per cluster, then the bills across clusters ("Samlet"), the payment plan
("Betalingsplan"), the population figures every split reads ("Befolkning") and what the
workbook was made from ("Om"). The split is written as formulas that reproduce klynge's rules
exactly (see cluster.py and docs/xlsx.md), each with klynge's own result as its cached value.

XlsxWriter is imported only here, and this package only for xlsx output, so CSV and JSON
start as fast as before.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from klynge_cli import __version__
from klynge_cli.errors import KlyngeError
from klynge_cli.limits import (
    MAX_WORKBOOK_CLUSTER_YEARS,
    MAX_WORKBOOK_CLUSTERS,
    MAX_WORKBOOK_ROWS,
    exceeded,
)
from klynge_cli.render.labels import Labels
from klynge_cli.render.xlsx.book import Book
from klynge_cli.render.xlsx.cluster import ClusterCells, write_cluster
from klynge_cli.render.xlsx.sheets import (
    Provenance,
    population_sheet,
    population_sources,
    write_about,
    write_bills,
    write_plan,
    write_populations,
)
from klynge_cli.render.xlsx.words import Words
from klynge_cli.result import Allocation, Schedule

__all__ = ["Provenance", "workbook"]

MAX_SHEET_NAME = 31  # Excel's limit


def workbook(
    allocation: Allocation,
    schedule: Schedule,
    labels: Labels,
    provenance: Provenance,
    *,
    open_at: Literal["allocation", "schedule"] = "allocation",
) -> bytes:
    """The workbook's bytes: the same inputs always give the same bytes."""
    sizes = (
        (
            "the workbook's number of allocation rows",
            sum(len(cy.municipalities) for cy in allocation.cluster_years),
            MAX_WORKBOOK_ROWS,
        ),
        (
            "the workbook's number of cluster-years (a block of columns each)",
            len(allocation.cluster_years),
            MAX_WORKBOOK_CLUSTER_YEARS,
        ),
        (
            "the workbook's number of cluster sheets",
            len({cy.cluster.id for cy in allocation.cluster_years}),
            MAX_WORKBOOK_CLUSTERS,
        ),
    )
    for what, asked, limit in sizes:
        if asked > limit:
            advice = "Write fewer clusters or years (--cluster, --year), or use --format csv."
            raise KlyngeError(exceeded(what, asked, limit, advice))
    words = Words(labels)
    scenario = allocation.scenario
    fixed = {
        "bills": words["sheet_bills"],
        "schedule": words["sheet_schedule"],
        "populations": words["sheet_populations"],
        "about": words["sheet_about"],
    }
    clusters = [
        c
        for c in scenario.clusters
        if any(cy.cluster.id == c.id for cy in allocation.cluster_years)
    ]
    names = sheet_names([c.id for c in clusters], fixed.values())
    book = Book(
        labels,
        {
            "title": scenario.name,
            "subject": words["schedule_title"],
            "author": "klynge",
            "comments": labels["made_by"].format(
                version=__version__, file=provenance.scenario_file
            ),
        },
    )
    populations = population_sheet(allocation, fixed["populations"])
    cells = populations.cells()
    written: dict[str, ClusterCells] = {}
    for cluster in clusters:
        years = [cy for cy in allocation.cluster_years if cy.cluster.id == cluster.id]
        written[cluster.id] = write_cluster(book, words, names[cluster.id], years, cells, fixed)
    write_bills(book, words, fixed["bills"], allocation, list(written.values()))
    plan = write_plan(book, words, fixed["schedule"], allocation, schedule, written)
    write_populations(book, words, populations, population_sources(allocation))
    write_about(book, words, fixed["about"], allocation, provenance, fixed)
    if open_at == "schedule":
        plan.worksheet.activate()
    return book.close()


def sheet_names(cluster_ids: Iterable[str], fixed: Iterable[str]) -> dict[str, str]:
    """A sheet name per cluster id: the id, at most 31 characters, unique without regard to
    case (as Excel compares them) among themselves and the fixed sheets."""
    taken = {name.casefold() for name in fixed} | {"history"}  # Excel reserves "History"
    names: dict[str, str] = {}
    for cluster_id in cluster_ids:
        name = cluster_id[:MAX_SHEET_NAME]
        number = 2
        while name.casefold() in taken:
            suffix = f"-{number}"
            name = cluster_id[: MAX_SHEET_NAME - len(suffix)] + suffix
            number += 1
        taken.add(name.casefold())
        names[cluster_id] = name
    return names
