"""The schedule as an iCalendar file (RFC 5545): one all-day event per cluster and due date.

Built with the `icalendar` library. Calendars are imported again and again as a scenario is
revised, so an event's UID says what the event *means*, never what it holds: the calendar id
(the scenario's `calendar_id`, else its file name without `.yaml`), the cluster, the financed
year, the kind and who pays (`kkr-sjaelland-wbd/wbd/2022/collect/members@klynge`). A revised
name, amount or date, or one more withdrawal, therefore updates the same events. Given the
file made before (`--previous`), an event whose title, description or date changed gets the
old SEQUENCE + 1 and an unchanged one keeps its SEQUENCE, as RFC 5545 asks; an event that is
gone comes back once as STATUS:CANCELLED, so a re-import removes it. Without `--previous`
SEQUENCE is 0.

Nothing depends on the clock: DTSTAMP is the due date itself, so the same inputs give the same
bytes. iCalendar requires CRLF line endings; this is the one output that has them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, time, timedelta
from itertools import groupby
from pathlib import PurePath
from typing import TYPE_CHECKING, NamedTuple

from icalendar import Calendar, Event

from klynge_cli.errors import KlyngeError
from klynge_cli.limits import MAX_CALENDAR_EVENTS, MAX_FILE_BYTES, exceeded
from klynge_cli.model import Cluster, Scenario
from klynge_cli.names import name_key, shorten
from klynge_cli.render.labels import Labels
from klynge_cli.result import Milestone, Payment, Schedule

if TYPE_CHECKING:
    from klynge_cli.load.ical import Previous

PRODID = "-//klynge//payment schedule//EN"  # no version: the same bytes after upgrades
TITLE_LIMIT = 74  # Outlook and phones cut longer titles; the description has the rest

KIND_ORDER = {"collect": 0, "pay": 1, "co-fund": 2, "reconfirm": 3}

SENTENCES: dict[str, tuple[str, str]] = {
    "pays": ("{payer} pays {payee} {amount}", "{payer} betaler {payee} {amount}"),
    "pay_many": (
        "{count} municipalities pay {payee} {amount}",
        "{count} kommuner betaler {payee} {amount}",
    ),
    "pays_short": ("{payer} pays {amount}", "{payer} betaler {amount}"),
    "pay_many_short": ("{count} pay {amount}", "{count} betaler {amount}"),
    "reconfirm": ("Reconfirm {cluster} for {year}", "Genbekræft {cluster} for {year}"),
    "collect_word": ("collection {amount}", "indsamling {amount}"),
    "pay_word": ("payment {amount}", "betaling {amount}"),
    "co-fund_word": ("co-funding {amount}", "medfinansiering {amount}"),
    "reconfirm_word": ("reconfirmation", "genbekræftelse"),
    "collect_head": (
        "Collection for {cluster} ({id}) {year}: {what}",
        "Indsamling til {cluster} ({id}) {year}: {what}",
    ),
    "pay_head": (
        "Payment for {cluster} ({id}) {year}: {what}",
        "Betaling for {cluster} ({id}) {year}: {what}",
    ),
    "co-fund_head": (
        "Co-funding for {cluster} ({id}) {year}, paid straight to the payee: {what}",
        "Medfinansiering af {cluster} ({id}) {year}, betalt direkte til modtageren: {what}",
    ),
    "reconfirm_head": (
        "October reconfirmation of {cluster} ({id}) for {year}: scope and amount for {year}.",
        "Oktober-genbekræftelse af {cluster} ({id}) for {year}: omfang og beløb for {year}.",
    ),
    "line": ("{payer} → {payee}: {amount}", "{payer} → {payee}: {amount}"),
    "top_up_line": (
        "{payer} → {payee}: {amount} (top-up)",
        "{payer} → {payee}: {amount} (ekstra bidrag)",
    ),
}


class Part(NamedTuple):
    """What happens in one cluster on one date for one year and kind."""

    year: int
    kind: str
    payments: tuple[Payment, ...]  # none for a reconfirmation


def calendar_id(scenario: Scenario) -> str:
    """The scenario's `calendar_id`, else its file name without `.yaml`."""
    return scenario.calendar_id or _slug(PurePath(scenario.file).stem)


def _slug(text: str) -> str:
    """'Næstved' → 'naestved', 'Gate 21' → 'gate-21': a UID part that never needs escaping."""
    return re.sub(r"[^a-z0-9]+", "-", name_key(text)).strip("-") or "-"


def schedule_ics(
    schedule: Schedule,
    labels: Labels,
    *,
    municipality: str | None = None,
    previous: dict[str, Previous] | None = None,
) -> bytes:
    """The calendar; `municipality` is the one `-m` asked for (its own collections)."""
    scenario = schedule.scenario
    ident = calendar_id(scenario)
    events = list(_events(schedule))
    made = {_uid(ident, cluster, parts[0], municipality) for cluster, _, parts in events}
    gone = sorted(
        (
            old
            for uid, old in (previous or {}).items()
            if uid not in made and not old.cancelled and _in_view(uid, ident, municipality)
        ),
        key=lambda old: (old.content[2], old.uid),
    )  # cancelled once; an event the previous file already cancelled is not written again
    _check_size("number of events", len(events) + len(gone), MAX_CALENDAR_EVENTS)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    name = scenario.name if municipality is None else f"{scenario.name}: {municipality}"
    calendar.add("x-wr-calname", name)
    for cluster, due, parts in events:
        uid = _uid(ident, cluster, parts[0], municipality)
        summary = _summary(cluster, parts, labels, municipality)
        description = "\n".join(_description(cluster, parts, labels))
        sequence = 0
        if previous is not None and uid in previous:
            old = previous[uid]
            # Back after a cancellation is a change too: calendars keep what they were told last.
            changed = old.cancelled or old.content != (summary, description, due)
            sequence = old.sequence + 1 if changed else old.sequence
        calendar.add_component(_event(uid, due, summary, description, sequence))
    for old in gone:
        calendar.add_component(_cancelled(old))
    data = bytes(calendar.to_ical())
    _check_size("size in bytes", len(data), MAX_FILE_BYTES)
    return data


def _check_size(what: str, asked: int, limit: int) -> None:
    """A calendar klynge writes is one it reads back as `--previous`: the same limits."""
    if asked > limit:
        raise KlyngeError(
            exceeded(
                f"the calendar's {what}",
                asked,
                limit,
                "A calendar is written only as large as klynge reads back with --previous. "
                "Write one cluster or a few years (--cluster, --year), one municipality's "
                "calendar (-m NAME), or the schedule as CSV.",
            )
        )


def unmatched_previous(previous: dict[str, Previous], schedule: Schedule) -> str | None:
    """Why `--previous` updates nothing, when none of its events is of this calendar: a
    revision saved under another file name gets another calendar id, and every event is new."""
    ident = calendar_id(schedule.scenario)
    theirs = sorted({_uid_parts(uid)[0] for uid in previous})
    if not theirs or ident in theirs:
        return None
    listed = ", ".join(f"'{shorten(other, 60)}'" for other in theirs[:3])
    if len(theirs) > 3:
        listed += f" and {len(theirs) - 3:,} more"
    return (
        f"none of its events is of this calendar (calendar id '{ident}'; the file's: "
        f"{listed}), so every event is written as new and "
        f"calendars will show both; if this scenario revises that calendar, add "
        f"`calendar_id: {shorten(theirs[0], 60)}` to it"
    )


def selected(
    previous: dict[str, Previous], cluster: str | None, year: int | None
) -> dict[str, Previous]:
    """The events of a previous calendar within `--cluster` and `--year`: a calendar of one
    cluster (or year) says nothing of the others' events, so it must not cancel them."""
    if cluster is None and year is None:
        return previous
    return {
        uid: event
        for uid, event in previous.items()
        if len(parts := _uid_parts(uid)) >= 3
        and (cluster is None or parts[1] == cluster)
        and (year is None or parts[2] == str(year))
    }


def _uid_parts(uid: str) -> list[str]:
    """A UID of `_uid` taken apart: calendar id, cluster, year, kind[, payer]."""
    return uid.removesuffix("@klynge").split("/")


def _in_view(uid: str, ident: str, municipality: str | None) -> bool:
    """Whether an event of a previous file belongs to this calendar: the same calendar id, and
    the same view (all members, or one municipality's `-m` calendar). Only such events are
    cancelled when they are gone; a wrong `--previous` cancels nothing of another calendar."""
    parts = _uid_parts(uid)
    if parts[0] != ident or len(parts) < 4:
        return False
    payer = parts[4] if len(parts) > 4 else None
    if municipality is None:
        return parts[3] != "collect" or payer == "members"
    return payer is None or payer == _slug(municipality)


def _events(schedule: Schedule) -> Iterator[tuple[Cluster, date, list[Part]]]:
    """(cluster, due date, parts) in date order, clusters in file order on the same date."""
    order = {c.id: n for n, c in enumerate(schedule.scenario.clusters)}
    items: list[Payment | Milestone] = [*schedule.payments, *schedule.milestones]
    items.sort(key=lambda item: (item.due, order[item.cluster.id]))  # stable: contract order

    def kind(item: Payment | Milestone) -> str:
        return item.kind if isinstance(item, Payment) else "reconfirm"

    for (due, _), on_day in groupby(items, key=lambda item: (item.due, order[item.cluster.id])):
        day = sorted(on_day, key=lambda item: (KIND_ORDER.get(kind(item), 9), item.year))
        parts = [
            Part(year, what, tuple(i for i in group if isinstance(i, Payment)))
            for (year, what), group in groupby(day, key=lambda item: (item.year, kind(item)))
        ]
        yield day[0].cluster, due, parts


def _uid(ident: str, cluster: Cluster, part: Part, municipality: str | None) -> str:
    """What the event means (see the module): it outlives changes of amount, date or name."""
    if part.kind == "reconfirm":
        who = ""
    elif part.kind == "collect":
        who = "/" + (_slug(municipality) if municipality else "members")
    else:
        who = "/" + _slug(part.payments[0].payer)
    return f"{ident}/{cluster.id}/{part.year}/{part.kind}{who}@klynge"


def _amount(payments: Sequence[Payment], labels: Labels, cluster: Cluster) -> str:
    return labels.kr(sum(p.amount for p in payments), decimals=cluster.in_ore)


def _phrase(part: Part, cluster: Cluster, labels: Labels, level: int) -> str:
    """A part of a title, shorter at each level: names; names; no payee; the kind alone."""

    def say(key: str, **values: object) -> str:
        return SENTENCES[key][labels.column].format(**values)

    if part.kind == "reconfirm":
        if level >= 3:
            return say("reconfirm_word")
        return say("reconfirm", cluster=cluster.name if level == 0 else cluster.id, year=part.year)
    amount = _amount(part.payments, labels, cluster)
    if level >= 3:
        return say(f"{part.kind}_word", amount=amount)
    payers = sorted({p.payer for p in part.payments})
    payee = part.payments[0].payee
    if len(payers) > 1:
        key = "pay_many_short" if level == 2 else "pay_many"
        return say(key, count=len(payers), payee=payee, amount=amount)
    key = "pays_short" if level == 2 else "pays"
    return say(key, payer=payers[0], payee=payee, amount=amount)


def _summary(
    cluster: Cluster, parts: Sequence[Part], labels: Labels, municipality: str | None
) -> str:
    """The title: under 75 characters, so no calendar cuts it; the amounts always in it."""
    years = "/".join(sorted({str(p.year) for p in parts}))
    money = any(p.kind != "reconfirm" for p in parts)
    title = ""
    for level in range(4):
        phrases = "; ".join(_phrase(p, cluster, labels, level) for p in parts)
        label = cluster.name if level == 0 else cluster.id
        title = f"{phrases} ({label} {years})" if money else phrases
        if len(title) <= TITLE_LIMIT:
            return title
    return title


def _description(cluster: Cluster, parts: Sequence[Part], labels: Labels) -> Iterator[str]:
    """The full breakdown: a line per part, then one per payment."""

    def say(key: str, **values: object) -> str:
        return SENTENCES[key][labels.column].format(**values)

    decimals = cluster.in_ore
    for part in parts:
        if part.kind == "reconfirm":
            yield say("reconfirm_head", cluster=cluster.name, id=cluster.id, year=part.year)
            continue
        head = f"{part.kind}_head"
        what = _phrase(part, cluster, labels, 1)
        yield say(head, cluster=cluster.name, id=cluster.id, year=part.year, what=what)
        if len(part.payments) > 1:
            for p in part.payments:
                amount = labels.kr(p.amount, decimals=decimals)
                line = "top_up_line" if p.top_up else "line"
                yield say(line, payer=p.payer, payee=p.payee, amount=amount)


def _event(uid: str, due: date, summary: str, description: str, sequence: int) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", datetime.combine(due, time(0), tzinfo=UTC))
    event.add("dtstart", due)
    event.add("dtend", due + timedelta(days=1))
    event.add("sequence", sequence)
    event.add("summary", summary)
    event.add("description", description)
    event.add("transp", "TRANSPARENT")
    return event


def _cancelled(old: Previous) -> Event:
    """An event the previous file had and this one does not: cancelled, once."""
    summary, description, due = old.content
    event = _event(old.uid, due, summary, description, old.sequence + 1)
    event.add("status", "CANCELLED")
    return event
