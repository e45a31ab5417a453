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

from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from html import escape
from pathlib import PurePath

from klynge_cli import __version__
from klynge_cli.model import Cluster, CoFunder, Terms, TopUp
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
        _funding(allocation, labels),
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
    # A column per cluster, or per period of a cluster whose terms change (R12).
    columns = [(c, terms) for c in scenario.clusters for terms in c.periods]
    header = [
        labels["cluster"],
        *(
            f"{c.name} ({c.id})"
            + (f" {_span(terms.first_year, terms.last_year)}" if len(c.periods) > 1 else "")
            for c, terms in columns
        ),
    ]
    rows: list[list[str]] = []

    def row(label: str, values: Sequence[str]) -> None:
        if any(value != "–" for value in values):
            rows.append([label, *values])

    def kr(c: Cluster, amount: int) -> str:
        return labels.kr(amount, decimals=c.in_ore)

    def pool_only(value: Callable[[Terms], str]) -> list[str]:
        return [value(terms) if terms.formula == "pool" else "–" for _, terms in columns]

    row(labels["lead_pays"].capitalize(), [c.lead for c, _ in columns])
    row(labels["paid_to"].capitalize(), [terms.payee or c.name for c, terms in columns])
    row(labels["years"], [_span(terms.first_year, terms.last_year) for _, terms in columns])
    if any(terms.formula != "pool" for _, terms in columns):
        row(labels["formula"], [terms.formula for _, terms in columns])
    row(
        labels["lead_amount"],
        [
            labels["by_formula"] if terms.lead_amount is None else kr(c, terms.lead_amount)
            for c, terms in columns
        ],
    )
    row(labels["pool"], [kr(c, t.pool) if t.formula == "pool" else "–" for c, t in columns])
    row(labels["per_inhabitant"], [_per_inhabitant(c, t, labels) for c, t in columns])
    row(labels["bands_row"], [_bands(c, t, labels) for c, t in columns])
    row(labels["indexation_row"], [_indexation(t, labels) for _, t in columns])
    row(labels["members"], [str(len(c.members)) for c, _ in columns])
    row(labels["threshold"], pool_only(lambda terms: labels.percent(terms.threshold)))
    row(labels["policy"], pool_only(lambda terms: labels.policy(terms.policy)))
    row(labels["co_funders_row"], [_named(c, t.co_funders, labels) for c, t in columns])
    row(labels["top_ups_row"], [_named(c, t.top_ups, labels) for c, t in columns])
    clusters = scenario.clusters
    row(labels["population_basis"], [population for _ in columns])
    withdrawals = []
    for c, _ in columns:
        gone = [labels["withdraws_from"].format(name=w.municipality, year=w.first_year)
                for w in scenario.withdrawals if w.cluster == c.id]  # fmt: skip
        withdrawals.append(", ".join(gone) or labels["none"])
    row(labels["withdrawals"], withdrawals)
    del clusters
    table = _table(header, rows, numeric_from=len(header))
    return (
        f'<section><h2>{escape(labels["agreement"])}</h2><div class="keep">{table}</div></section>'
    )


def _span(first: int, last: int) -> str:
    """'2021–2024', or '2025' for one year."""
    return str(first) if first == last else f"{first}–{last}"


def _funding(allocation: Allocation, labels: Labels) -> str:
    """Who pays what share of each office's budget over all its years: the lead, the members
    (their shares), each top-up (R15) and each co-funder (R14)."""
    tables = []
    for cluster in allocation.scenario.clusters:
        years = [cy for cy in allocation.cluster_years if cy.cluster.id == cluster.id]
        if not years:
            continue
        parts: dict[tuple[str, str], int] = {}
        for cy in years:
            for line in cy.lines:
                if line.role == "lead":
                    key = (labels.lead(line.municipality), "lead")
                elif line.role in ("member", "withdrawn"):
                    key = (labels["funding_members"].format(n=cy.members), "member")
                else:
                    key = (f"{line.municipality} ({labels[line.role]})", line.role)
                parts[key] = parts.get(key, 0) + line.amount
        total = sum(parts.values())
        order = {"lead": 0, "member": 1, "top-up": 2, "co-funder": 3}
        rows = [
            [label, labels.kr(amount, decimals=cluster.in_ore),
             labels.percent(Fraction(amount, total)) if total else "–"]
            for (label, role), amount in sorted(parts.items(), key=lambda i: (order[i[0][1]], i[0]))
        ]  # fmt: skip
        rows.append([labels["total"], labels.kr(total, decimals=cluster.in_ore), "100 %"])
        span = _span(years[0].year, years[-1].year)
        title = labels["funding_title"].format(cluster=f"{cluster.name} ({cluster.id})", years=span)
        header = [labels["funding_payer"], labels["amount"], labels["funding_share"]]
        classes = [""] * (len(rows) - 1) + ["total"]
        tables.append(
            f'<div class="keep"><h3>{escape(title)}</h3>{_table(header, rows, classes=classes)}'
            "</div>"
        )
    return f"<section><h2>{escape(labels['funding'])}</h2>{''.join(tables)}</section>"


def _per_inhabitant(cluster: Cluster, terms: Terms, labels: Labels) -> str:
    """'2,500 kr. + 0.27 kr. per inhabitant, at most 32,500 kr.' (R13), or '–'."""
    if terms.formula != "per-capita" or terms.rate is None:
        return "–"
    base = f"{labels.kr(terms.base, decimals=True)} + " if terms.base else ""
    cap = (
        labels["counting_at_most"].format(population=labels.number(terms.max_population))
        if terms.max_population
        else ""
    )
    bounds = ", ".join(
        f"{word} {labels.kr(amount, decimals=cluster.in_ore)}"
        for word, amount in (("min.", terms.min_amount), ("max.", terms.max_amount))
        if amount is not None
    )
    return labels["per_inhabitant_text"].format(
        base=base, rate=labels.decimal_kr(terms.rate), cap=cap,
        bounds=f"; {bounds}" if bounds else "",
    )  # fmt: skip


def _bands(cluster: Cluster, terms: Terms, labels: Labels) -> str:
    if terms.formula != "bands":
        return "–"
    parts = [
        labels["band_rest"].format(amount=labels.kr(band.amount, decimals=cluster.in_ore))
        if band.up_to is None
        else labels["band_up_to"].format(
            population=labels.number(band.up_to),
            amount=labels.kr(band.amount, decimals=cluster.in_ore),
        )
        for band in terms.bands
    ]
    return "; ".join(parts)


def _indexation(terms: Terms, labels: Labels) -> str:
    if isinstance(terms.indexation, Mapping):
        return (
            ", ".join(
                f"{year}: {labels.percent(rate)}" for year, rate in sorted(terms.indexation.items())
            )
            or labels["none"]
        )
    return labels.percent(terms.indexation) if terms.indexation else "–"


def _named(cluster: Cluster, entries: Sequence[CoFunder | TopUp], labels: Labels) -> str:
    return (
        "; ".join(
            labels["named_amount"].format(
                name=entry.name if isinstance(entry, CoFunder) else entry.municipality,
                amount=labels.kr(entry.amount, decimals=cluster.in_ore),
                years=_span(entry.first_year, entry.last_year),
            )
            for entry in entries
        )
        or "–"
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
            elif role in ("member", "withdrawn"):
                by_cluster = shares.setdefault(name, {})
                by_cluster[cy.cluster.id] = by_cluster.get(cy.cluster.id, 0) + amount
    decimals = any(c.in_ore for c in scenario.clusters)
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
    span = _span(years[0], years[-1]) if years else ""
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
    sources = allocation.population_sources()
    if sources:
        listed = "; ".join(labels.source(source) for source in sources)
    else:
        file = PurePath(allocation.scenario.populations.table.file).name
        listed = labels["source_file"].format(file=file)
    return f"<footer>{escape(labels['source'])}: {escape(listed)}</footer>"
