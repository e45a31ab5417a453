"""Differences for people and pipelines: `klynge diff` output and `klynge check` reports."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from klynge_cli.contract import DIFF_FIELDS
from klynge_cli.engine.diff import Difference, RowChange
from klynge_cli.golden import FileCheck
from klynge_cli.money import money_text, ore_from_text
from klynge_cli.render.delimited import csv_text, rows_of
from klynge_cli.render.jsondoc import json_text
from klynge_cli.render.labels import Labels, labels
from klynge_cli.render.records import Record

MONEY = frozenset({"amount"})


def _kr(text: str, words: Labels) -> str:
    ore = ore_from_text(text)
    return text if ore is None else words.kr(ore)


def change_line(change: RowChange, words: Labels) -> str:
    """'wbd 2023 Faxe: amount 24,292 kr. → 31,237 kr. (+6,945 kr.)'."""
    head = " ".join(part for part in change.key if part)  # an own row's role group is ''
    if change.old is None:
        assert change.new is not None
        return f"{head}: added, amount {_kr(change.new['amount'], words)}"
    if change.new is None:
        return f"{head}: removed, was {_kr(change.old['amount'], words)}"
    parts = []
    for field in change.fields:
        old, new = change.old[field], change.new[field]
        if field in MONEY:
            signed = words.signed_kr(change.change(field))
            parts.append(f"{field} {_kr(old, words)} → {_kr(new, words)} ({signed})")
        else:
            parts.append(f"{field} {old or '(empty)'} → {new or '(empty)'}")
    return f"{head}: {'; '.join(parts)}"


def summary_line(difference: Difference, words: Labels, by: str = "year") -> str:
    if difference.equal:
        return f"No differences: {difference.compared} rows compared."
    counts = ", ".join(
        f"{difference.number(status)} {status}" for status in ("changed", "added", "removed")
    )
    totals = ", ".join(
        f"{value}: {words.signed_kr(total)}" for value, total in difference.change_by(by).items()
    )
    return (
        f"{len(difference.changes)} of {difference.compared} rows differ ({counts}); "
        f"change per {by}: {totals}"
    )


def difference_records(difference: Difference) -> list[Record]:
    return [
        {
            "status": c.status,
            "cluster": (c.new or c.old or {})["cluster"],
            "year": (c.new or c.old or {})["year"],
            "municipality": (c.new or c.old or {})["municipality"],
            "role": (c.new or c.old or {})["role"],
            "old": None if c.old is None else c.old["amount"],
            "new": None if c.new is None else c.new["amount"],
            "change": money_text(c.change()),
        }
        for c in difference.changes
    ]


def difference_view(difference: Difference, fmt: str, dialect: str) -> Any:
    if fmt == "csv":
        return csv_text(DIFF_FIELDS, rows_of(DIFF_FIELDS, difference_records(difference)), dialect)
    if fmt == "json":
        return json_text(
            {
                "equal": difference.equal,
                "compared": difference.compared,
                "changed": difference.number("changed"),
                "added": difference.number("added"),
                "removed": difference.number("removed"),
                "change_by_year": {
                    year: money_text(total) for year, total in difference.change_by("year").items()
                },
                "rows": [
                    {**record, "fields": list(c.fields)}
                    for record, c in zip(
                        difference_records(difference), difference.changes, strict=True
                    )
                ],
            }
        )
    words = labels("en")
    lines = [change_line(c, words) for c in difference.changes]
    return "".join(f"{line}\n" for line in [*lines, summary_line(difference, words)])


def check_report(results: Sequence[FileCheck], limit: int = 20) -> str:
    """One line per scenario, the differing rows under it, and a closing count."""
    words = labels("en")
    lines: list[str] = []
    by_scenario: dict[Path, list[FileCheck]] = {}
    for result in results:
        by_scenario.setdefault(result.scenario, []).append(result)
    for scenario, checks in by_scenario.items():
        lines.append(f"{scenario.name}: " + ", ".join(f"{c.kind} {c.outcome}" for c in checks))
        for c in checks:
            if c.outcome == "ok":
                continue
            detail = f" ({c.note})" if c.note else ""
            lines.append(f"  {c.expected}{detail}")
            if c.difference is not None and c.difference.changes:
                changes = c.difference.changes
                lines.extend(f"    {change_line(change, words)}" for change in changes[:limit])
                if len(changes) > limit:
                    lines.append(f"    … and {len(changes) - limit} more")
                lines.append(f"    {summary_line(c.difference, words)}")
    counts = {
        o: sum(1 for r in results if r.outcome == o)
        for o in ("ok", "differs", "missing", "updated")
    }
    scenarios = f"{len(by_scenario)} scenario{'' if len(by_scenario) == 1 else 's'}"
    lines.append(
        f"Checked {scenarios} ({len(results)} files): {counts['ok']} as expected, "
        f"{counts['differs']} different, {counts['missing']} missing"
        + (f", {counts['updated']} updated." if counts["updated"] else ".")
    )
    return "".join(f"{line}\n" for line in lines)
