"""The schedule as an iCalendar file (RFC 5545): one all-day event per due date.

Built with the `icalendar` library. Nothing depends on the clock: each event's UID is a hash of
its content and its DTSTAMP is the due date itself, so the same scenario gives the same bytes.
iCalendar requires CRLF line endings; this is the one output that has them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from itertools import groupby

from icalendar import Calendar, Event

from klynge_cli.render.labels import Labels
from klynge_cli.result import Milestone, Payment, Schedule


def _summaries(items: list[Payment | Milestone], labels: Labels) -> Iterator[tuple[str, list[str]]]:
    """One summary per cluster, kind and year on the day, with its detail lines."""

    def key(item: Payment | Milestone) -> tuple[str, str, int, str]:
        kind = item.kind if isinstance(item, Payment) else "reconfirm"
        payee = item.payee if isinstance(item, Payment) else ""
        return (item.cluster.id, kind, item.year, payee)

    for (_, kind, year, payee), group in groupby(items, key=key):
        members = list(group)
        cluster = members[0].cluster
        if kind == "reconfirm":
            yield (
                f"Reconfirm {cluster.name} for {year}",
                [f"October reconfirmation of {cluster.name} for {year}"],
            )
            continue
        payments = [m for m in members if isinstance(m, Payment)]
        decimals = cluster.unit == 1
        total = labels.kr(sum(p.amount for p in payments), decimals=decimals)
        payer = payments[0].payer if len(payments) == 1 else f"{len(payments)} municipalities"
        verb = "pays" if len(payments) == 1 else "pay"
        lines = [
            f"{p.payer} → {p.payee}: {labels.kr(p.amount, decimals=decimals)}" for p in payments
        ]
        yield f"{payer} {verb} {payee} {total} ({cluster.name} {year})", lines


def schedule_ics(schedule: Schedule, labels: Labels) -> bytes:
    calendar = Calendar()
    calendar.add(
        "prodid", "-//klynge//payment schedule//EN"
    )  # no version: same bytes after upgrades
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", schedule.scenario.name)
    items: list[Payment | Milestone] = [*schedule.payments, *schedule.milestones]
    items.sort(key=lambda item: item.due)  # stable: the contract's order within a day
    for due, on_day in groupby(items, key=lambda item: item.due):
        parts = list(_summaries(list(on_day), labels))
        summary = "; ".join(summary for summary, _ in parts)
        description = "\n".join(line for _, lines in parts for line in lines)
        calendar.add_component(_event(schedule.scenario.name, due, summary, description))
    return bytes(calendar.to_ical())


def _event(calendar_name: str, due: date, summary: str, description: str) -> Event:
    digest = hashlib.sha256(
        f"{calendar_name}\n{due}\n{summary}\n{description}".encode()
    ).hexdigest()
    event = Event()
    event.add("uid", f"{digest[:32]}@klynge")
    event.add("dtstamp", datetime.combine(due, time(0), tzinfo=UTC))
    event.add("dtstart", due)
    event.add("dtend", due + timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("transp", "TRANSPARENT")
    return event
