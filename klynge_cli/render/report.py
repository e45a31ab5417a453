"""One self-contained HTML page for a council agenda: the agreement, who pays what, the plan.

Inline CSS and SVG only: no scripts, no fonts, images or style sheets from elsewhere, so the
file opens anywhere and prints the same to A4. The page holds no date or time, so the same
scenario gives the same bytes.
"""

from collections.abc import Sequence
from html import escape
from pathlib import PurePath

from klynge_cli import __version__
from klynge_cli.render.grid import Grid, allocation_grids, schedule_view
from klynge_cli.render.labels import Labels
from klynge_cli.result import Allocation, Schedule

# Colour-blind-safe palette (Okabe–Ito), one colour per cluster in file order.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")

STYLE = """
:root { color-scheme: light; }
body { font: 11pt/1.4 "Helvetica Neue", Arial, sans-serif; color: #111; margin: 2em auto;
       max-width: 60em; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.25em; border-bottom: 2px solid #0072B2; padding-bottom: 0.1em;
     margin-top: 1.6em; break-after: avoid; }
h3 { font-size: 1.05em; margin: 1.2em 0 0.3em; break-after: avoid; }
p.meta { color: #555; margin-top: 0; }
table { border-collapse: collapse; width: 100%; margin: 0.4em 0 0.6em; font-size: 0.92em; }
th, td { padding: 0.18em 0.5em; border-bottom: 1px solid #ddd; text-align: left;
         vertical-align: top; }
th { background: #f2f5f8; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.total td { font-weight: bold; border-top: 2px solid #999; }
tr.lead td:first-child { font-weight: bold; }
tr.withdrawn td { color: #777; }
ul.notes { margin: 0.2em 0 1em; padding-left: 1.2em; font-size: 0.92em; }
figure { margin: 0.5em 0; }
figcaption { color: #555; font-size: 0.9em; }
svg { width: 100%; height: auto; }
footer { margin-top: 2em; color: #555; font-size: 0.85em; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 9.5pt; }
  thead { display: table-header-group; }
  tr, figure { break-inside: avoid; }
  h2 { margin-top: 1.2em; }
  section.schedule { break-before: page; }
}
"""


def report_html(allocation: Allocation, schedule: Schedule, labels: Labels) -> str:
    scenario = allocation.scenario
    name = escape(scenario.name)
    made_by = labels["made_by"].format(version=__version__, file=PurePath(scenario.file).name)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{labels.locale}">',
        '<head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{name}</title><style>{STYLE}</style></head>",
        "<body>",
        f"<header><h1>{name}</h1>",
        f'<p class="meta">{escape(made_by)}</p>',
        "</header>",
        _agreement(allocation, labels),
        _chart(allocation, labels),
        _allocation(allocation, labels),
        _schedule(schedule, labels),
        _footer(allocation, labels),
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], numeric_from: int = 1,
           classes: Sequence[str] = ()) -> str:  # fmt: skip
    """A table; columns from `numeric_from` on are right-aligned numbers."""

    def cell(tag: str, index: int, text: str) -> str:
        kind = ' class="num"' if index >= numeric_from else ""
        return f"<{tag}{kind}>{escape(text)}</{tag}>"

    head = "".join(cell("th", i, h) for i, h in enumerate(header))
    body = []
    for number, row in enumerate(rows):
        css = classes[number] if number < len(classes) and classes[number] else ""
        attribute = f' class="{css}"' if css else ""
        body.append(
            f"<tr{attribute}>" + "".join(cell("td", i, c) for i, c in enumerate(row)) + "</tr>"
        )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _agreement(allocation: Allocation, labels: Labels) -> str:
    scenario = allocation.scenario
    basis = scenario.populations
    population = (
        labels["population_each"]
        if basis.year is None
        else labels["population_fixed"].format(year=basis.year)
    )
    header = [labels["cluster"], *(f"{c.name} ({c.id})" for c in scenario.clusters)]
    rows: list[list[str]] = []

    def row(label: str, values: Sequence[str]) -> None:
        rows.append([label, *values])

    clusters = scenario.clusters
    decimals = [c.unit == 1 for c in clusters]
    row(labels["lead_pays"].capitalize(), [c.lead for c in clusters])
    row(labels["paid_to"].capitalize(), [c.paid_to for c in clusters])
    row(labels["years"], [f"{c.first_year}–{c.last_year}" for c in clusters])
    row(
        labels["lead_amount"],
        [labels.kr(c.lead_amount, decimals=d) for c, d in zip(clusters, decimals, strict=True)],
    )
    row(
        labels["pool"],
        [labels.kr(c.pool, decimals=d) for c, d in zip(clusters, decimals, strict=True)],
    )
    row(labels["members"], [str(len(c.members)) for c in clusters])
    row(labels["threshold"], [labels.percent(c.threshold) for c in clusters])
    row(labels["policy"], [c.policy for c in clusters])
    row(labels["population_basis"], [population for _ in clusters])
    withdrawals = []
    for c in clusters:
        gone = [labels["withdraws_from"].format(name=w.municipality, year=w.first_year)
                for w in scenario.withdrawals if w.cluster == c.id]  # fmt: skip
        withdrawals.append(", ".join(gone) or labels["none"])
    row(labels["withdrawals"], withdrawals)
    table = _table(header, rows, numeric_from=len(header))
    return f"<section><h2>{escape(labels['agreement'])}</h2>{table}</section>"


def _chart(allocation: Allocation, labels: Labels) -> str:
    """A horizontal bar per municipality: its payments over all years, a segment per cluster."""
    clusters = [c.id for c in allocation.scenario.clusters]
    totals: dict[str, dict[str, int]] = {}
    for cy in allocation.cluster_years:
        for municipality, amount in zip(cy.municipalities, cy.amounts, strict=True):
            by_cluster = totals.setdefault(municipality, {})
            by_cluster[cy.cluster.id] = by_cluster.get(cy.cluster.id, 0) + amount
    order = sorted(totals, key=lambda m: (-sum(totals[m].values()), m))
    largest = max((sum(totals[m].values()) for m in order), default=0) or 1
    label_width, bar_width, value_width, row_height = 150, 480, 130, 18
    width = label_width + bar_width + value_width
    decimals = any(c.unit == 1 for c in allocation.scenario.clusters)
    shapes = []
    legend = 0
    if len(clusters) > 1:  # a key, wrapped onto as many lines as it needs
        x, legend = label_width, row_height
        for index, cluster in enumerate(allocation.scenario.clusters):
            item = 24 + 7 * len(cluster.name)
            if x + item > width and x > label_width:
                x, legend = label_width, legend + row_height
            colour = PALETTE[index % len(PALETTE)]
            y = legend - row_height
            shapes.append(f'<rect x="{x}" y="{y + 3}" width="12" height="12" fill="{colour}"/>')
            shapes.append(f'<text x="{x + 16}" y="{y + 13}">{escape(cluster.name)}</text>')
            x += item
        legend += 6
    height = legend + row_height * len(order) + 4
    for row, municipality in enumerate(order):
        y = legend + row * row_height
        shapes.append(
            f'<text x="{label_width - 6}" y="{y + 13}" text-anchor="end">'
            f"{escape(municipality)}</text>"
        )
        x = label_width
        for index, cluster_id in enumerate(clusters):
            amount = totals[municipality].get(cluster_id, 0)
            length = amount * bar_width // largest
            if length:
                colour = PALETTE[index % len(PALETTE)]
                shapes.append(
                    f'<rect x="{x}" y="{y + 3}" width="{length}" '
                    f'height="{row_height - 6}" fill="{colour}"/>'
                )
            x += length
        total = labels.kr(sum(totals[municipality].values()), decimals=decimals)
        shapes.append(f'<text x="{x + 6}" y="{y + 13}">{escape(total)}</text>')
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(labels["chart_caption"])}" '
        f'font-family="Helvetica Neue, Arial, sans-serif" font-size="11">{"".join(shapes)}</svg>'
    )
    return (
        f"<section><h2>{escape(labels['who_pays_what'])}</h2><figure>{svg}"
        f"<figcaption>{escape(labels['chart_caption'])}</figcaption></figure></section>"
    )


def _grid_table(grid: Grid, labels: Labels) -> str:
    body = grid.body(labels)
    classes = [row.role or "" for row in grid.rows] + ["total"]
    notes = "".join(f"<li>{escape(note)}</li>" for note in grid.notes)
    return f"<h3>{escape(grid.title)}</h3>{_table(grid.header(labels), body, classes=classes)}" + (
        f'<ul class="notes">{notes}</ul>' if notes else ""
    )


def _allocation(allocation: Allocation, labels: Labels) -> str:
    tables = "".join(_grid_table(grid, labels) for grid in allocation_grids(allocation, labels))
    return f"<section><h2>{escape(labels['allocation'])}</h2>{tables}</section>"


def _schedule(schedule: Schedule, labels: Labels) -> str:
    view = schedule_view(schedule, labels)
    rows = view.rows()
    notes = "".join(f"<li>{escape(note)}</li>" for note in view.notes)
    return (
        f'<section class="schedule"><h2>{escape(view.title)}</h2>'
        f"{_table(view.header, rows, numeric_from=len(view.header) - 1)}"
        + (f'<ul class="notes">{notes}</ul>' if notes else "")
        + "</section>"
    )


def _footer(allocation: Allocation, labels: Labels) -> str:
    table = allocation.scenario.populations.table
    used = {cy.population_year for cy in allocation.cluster_years} | {None}
    sources = sorted({f.source for f in table.figures.values() if f.source and f.year in used})
    listed = "; ".join(sources) if sources else PurePath(table.file).name
    return f"<footer>{escape(labels['source'])}: {escape(listed)}</footer>"
