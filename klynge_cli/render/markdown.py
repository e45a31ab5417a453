"""Markdown for agendas and wikis: a heading and a pipe table per grid, via tabulate.

Names come from the scenario, so every text is escaped: a `|` would split a cell into two
columns, `<b>` would start raw HTML, `&amp;` would be read as an entity, and `*`, `_`, `~`,
`` ` ``, `[` and `]` would format a name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tabulate import tabulate

from klynge_cli.render.grid import Grid
from klynge_cli.render.labels import Labels

_SPECIAL = re.compile(r"[\\|`*_\[\]~]|&(?=#?[0-9A-Za-z]+;)")  # `Food & Bio` stays
_TAG = re.compile(r"<(?=[A-Za-z/!?])")  # where raw HTML would start; `81 % < 85 %` stays


def escaped(text: str) -> str:
    """`text` as Markdown shows it literally (`C|D` → `C\\|D`, `<b>` → `&lt;b>`)."""
    return _TAG.sub("&lt;", _SPECIAL.sub(lambda m: "\\" + m.group(), text))


def grids_markdown(title: str, grids: Sequence[Grid], labels: Labels) -> str:
    parts = [f"# {escaped(title)}\n"]
    for grid in grids:
        parts.append(f"## {escaped(grid.title)}\n")
        align = ["left"] + ["right"] * (len(grid.years) + 1)
        body = [[escaped(str(cell)) for cell in row] for row in grid.body(labels)]
        header = [escaped(str(cell)) for cell in grid.header(labels)]
        parts.append(tabulate(body, headers=header, tablefmt="pipe", colalign=align) + "\n")
        if grid.notes:
            parts.append("".join(f"- {escaped(note)}\n" for note in grid.notes))
    return "\n".join(parts)
