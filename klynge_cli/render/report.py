"""One self-contained HTML page for a council agenda: the agreement, who pays what, the plan.

Inline CSS and SVG only: no scripts, no fonts, images or style sheets from elsewhere, so the
file opens anywhere and prints the same to A4. The page holds no date or time, so the same
scenario gives the same bytes.

Printed (tested with headless Chromium): every table's header repeats on each page it spans;
a table of up to 25 rows, with its heading and notes, is never split; a longer one keeps its
first five and last three rows together, so no page ends with a header and a row or two; and
the schedule shows the due date on every row (grey where it repeats the row above), so no page
starts in the middle of a date with no date in sight.
"""

from collections.abc import Sequence
from html import escape
from pathlib import PurePath

from klynge_cli import __version__
from klynge_cli.render.grid import Grid, allocation_grids, schedule_view
from klynge_cli.render.labels import Labels
from klynge_cli.render.whatif_page import whatif_section, whatif_style
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
td.repeat { color: #8a8a8a; }
.schedule td:nth-child(-n+5), div.grid td:first-child { white-space: nowrap; }
@media print {
  body { margin: 0; max-width: none; font-size: 9.5pt; }
  thead { display: table-header-group; }
  tr, figure, div.keep, tbody.keep { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  h2 { margin-top: 1.2em; }
  section.schedule { break-before: page; }
}
"""

SHORT_TABLE = 25  # rows; a table this short is printed on one page
KEEP_FIRST, KEEP_LAST = 5, 3  # rows of a longer table kept with its header, and at its end


def report_html(
    allocation: Allocation, schedule: Schedule, labels: Labels, *, interactive: bool = True
) -> str:
    """The page; `interactive` adds the "What if they leave?" section (render/whatif_page.py),
    the only part with a script."""
    scenario = allocation.scenario
    name = escape(scenario.name)
    made_by = labels["made_by"].format(version=__version__, file=PurePath(scenario.file).name)
    style = STYLE + (whatif_style() if interactive else "")
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{labels.locale}">',
        '<head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{name}</title><style>{style}</style></head>",
        "<body>",
        f"<header><h1>{name}</h1>",
        f'<p class="meta">{escape(made_by)}</p>',
        "</header>",
        _agreement(allocation, labels),
        _chart(allocation, labels),
        _allocation(allocation, labels),
        *([whatif_section(allocation, labels)] if interactive else []),
        _schedule(schedule, labels),
        _footer(allocation, labels),
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], numeric_from: int = 1,
           classes: Sequence[str] = (), faint: Sequence[Sequence[bool]] = ()) -> str:  # fmt: skip
    """A table; columns from `numeric_from` on are right-aligned numbers; `faint` cells repeat
    the one above. A long table keeps its first and last rows together (see the module)."""

    def cell(tag: str, index: int, text: str, repeat: bool = False) -> str:
        kinds = ["num"] * (index >= numeric_from) + ["repeat"] * repeat
        kind = f' class="{" ".join(kinds)}"' if kinds else ""
        return f"<{tag}{kind}>{escape(text)}</{tag}>"

    head = "".join(cell("th", i, h) for i, h in enumerate(header))
    body = []
    for number, row in enumerate(rows):
        css = classes[number] if number < len(classes) and classes[number] else ""
        attribute = f' class="{css}"' if css else ""
        marks = faint[number] if number < len(faint) else ()
        cells = "".join(cell("td", i, c, i < len(marks) and marks[i]) for i, c in enumerate(row))
        body.append(f"<tr{attribute}>{cells}</tr>")
    if len(body) <= SHORT_TABLE:
        groups = [f"<tbody>{''.join(body)}</tbody>"]
    else:
        first, middle, last = (body[:KEEP_FIRST], body[KEEP_FIRST:-KEEP_LAST],
                               body[-KEEP_LAST:])  # fmt: skip
        groups = [
            f'<tbody class="keep">{"".join(first)}</tbody>',
            f"<tbody>{''.join(middle)}</tbody>",
            f'<tbody class="keep">{"".join(last)}</tbody>',
        ]
    return f"<table><thead><tr>{head}</tr></thead>{''.join(groups)}</table>"


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
    row(labels["policy"], [labels.policy(c.policy) for c in clusters])
    row(labels["population_basis"], [population for _ in clusters])
    withdrawals = []
    for c in clusters:
        gone = [labels["withdraws_from"].format(name=w.municipality, year=w.first_year)
                for w in scenario.withdrawals if w.cluster == c.id]  # fmt: skip
        withdrawals.append(", ".join(gone) or labels["none"])
    row(labels["withdrawals"], withdrawals)
    table = _table(header, rows, numeric_from=len(header))
    return (
        f'<section><h2>{escape(labels["agreement"])}</h2><div class="keep">{table}</div></section>'
    )


def _chart(allocation: Allocation, labels: Labels) -> str:
    """Two bar charts: what each municipality pays as a member (its shares of the pools), and,
    apart, what each lead pays as lead. Drawn on one scale, the lead's 2,000,000 kr. would
    squash the members' bars into slivers that cannot be told apart."""
    scenario = allocation.scenario
    colours = {c.id: PALETTE[n % len(PALETTE)] for n, c in enumerate(scenario.clusters)}
    shares: dict[str, dict[str, int]] = {}
    leads: dict[tuple[str, str], int] = {}
    for cy in allocation.cluster_years:
        for name, role, amount in zip(cy.municipalities, cy.roles, cy.amounts, strict=True):
            if role == "lead":
                leads[(name, cy.cluster.id)] = leads.get((name, cy.cluster.id), 0) + amount
            else:
                by_cluster = shares.setdefault(name, {})
                by_cluster[cy.cluster.id] = by_cluster.get(cy.cluster.id, 0) + amount
    decimals = any(c.unit == 1 for c in scenario.clusters)
    members = [
        (name, [(colours[c], by_cluster[c]) for c in colours if c in by_cluster])
        for name, by_cluster in shares.items()
    ]
    members.sort(key=lambda bar: (-sum(a for _, a in bar[1]), bar[0]))
    lead_bars = [
        (f"{name} ({cluster})", [(colours[cluster], amount)])
        for (name, cluster), amount in sorted(leads.items(), key=lambda item: (-item[1], item[0]))
    ]
    years = sorted({cy.year for cy in allocation.cluster_years})
    span = f"{years[0]}–{years[-1]}" if years else ""
    key = [(colours[c.id], c.name) for c in scenario.clusters] if len(colours) > 1 else []
    figures = []
    for bars, caption, legend in (
        (members, labels["chart_caption"].format(years=span), key),
        (lead_bars, labels["lead_chart_caption"].format(years=span), []),
    ):
        if bars:
            svg = _bars(bars, legend, caption, labels, decimals)
            figures.append(f"<figure>{svg}<figcaption>{escape(caption)}</figcaption></figure>")
    return f"<section><h2>{escape(labels['who_pays_what'])}</h2>{''.join(figures)}</section>"


def _bars(bars: Sequence[tuple[str, Sequence[tuple[str, int]]]],
          legend: Sequence[tuple[str, str]], caption: str, labels: Labels,
          decimals: bool) -> str:  # fmt: skip
    """A horizontal bar per label, a coloured segment per amount, the total at its end."""
    largest = max((sum(a for _, a in segments) for _, segments in bars), default=0) or 1
    label_width, bar_width, value_width, row_height = 150, 480, 130, 18
    width = label_width + bar_width + value_width
    shapes = []
    top = 0
    if legend:  # a key, wrapped onto as many lines as it needs
        x, top = label_width, row_height
        for colour, name in legend:
            item = 24 + 7 * len(name)
            if x + item > width and x > label_width:
                x, top = label_width, top + row_height
            y = top - row_height
            shapes.append(f'<rect x="{x}" y="{y + 3}" width="12" height="12" fill="{colour}"/>')
            shapes.append(f'<text x="{x + 16}" y="{y + 13}">{escape(name)}</text>')
            x += item
        top += 6
    height = top + row_height * len(bars) + 4
    for row, (label, segments) in enumerate(bars):
        y = top + row * row_height
        shapes.append(
            f'<text x="{label_width - 6}" y="{y + 13}" text-anchor="end">{escape(label)}</text>'
        )
        x = label_width
        for colour, amount in segments:
            length = amount * bar_width // largest
            if length:
                shapes.append(
                    f'<rect x="{x}" y="{y + 3}" width="{length}" '
                    f'height="{row_height - 6}" fill="{colour}"/>'
                )
            x += length
        total = labels.kr(sum(a for _, a in segments), decimals=decimals)
        shapes.append(f'<text x="{x + 6}" y="{y + 13}">{escape(total)}</text>')
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(caption)}" '
        f'font-family="Helvetica Neue, Arial, sans-serif" font-size="11">{"".join(shapes)}</svg>'
    )


def _grid_table(grid: Grid, labels: Labels) -> str:
    body = grid.body(labels)
    classes = [row.role or "" for row in grid.rows] + ["total"]
    notes = "".join(f"<li>{escape(note)}</li>" for note in grid.notes)
    table = _table(grid.header(labels), body, classes=classes)
    keep = "grid keep" if len(body) <= SHORT_TABLE else "grid"
    return (
        f'<div class="{keep}"><h3>{escape(grid.title)}</h3>{table}'
        + (f'<ul class="notes">{notes}</ul>' if notes else "")
        + "</div>"
    )


def _allocation(allocation: Allocation, labels: Labels) -> str:
    tables = "".join(_grid_table(grid, labels) for grid in allocation_grids(allocation, labels))
    return f"<section><h2>{escape(labels['allocation'])}</h2>{tables}</section>"


def _schedule(schedule: Schedule, labels: Labels) -> str:
    """The plan with its due date on every row: a page may start anywhere in a date's rows.
    Where the date repeats the row above, it is grey."""
    view = schedule_view(schedule, labels)
    rows, faint = [], []
    for group in view.groups:
        due = group[0][0]
        for number, cells in enumerate(group):
            rows.append([due, *cells[1:]])
            faint.append([number > 0])
    notes = "".join(f"<li>{escape(note)}</li>" for note in view.notes)
    table = _table(view.header, rows, numeric_from=len(view.header) - 1, faint=faint)
    return (
        f'<section class="schedule"><h2>{escape(view.title)}</h2>{table}'
        + (f'<ul class="notes">{notes}</ul>' if notes else "")
        + "</section>"
    )


def _footer(allocation: Allocation, labels: Labels) -> str:
    """Where the population figures come from, in the page's language (`Labels.source`)."""
    table = allocation.scenario.populations.table
    used = {cy.population_year for cy in allocation.cluster_years} | {None}
    sources = sorted({f.source for f in table.figures.values() if f.source and f.year in used})
    if sources:
        listed = "; ".join(labels.source(source) for source in sources)
    else:
        listed = labels["source_file"].format(file=PurePath(table.file).name)
    return f"<footer>{escape(labels['source'])}: {escape(listed)}</footer>"
