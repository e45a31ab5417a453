"""A calendar klynge wrote before, read back for `klynge schedule --format ics --previous`.

The file is read in one pass that accepts only what `render/ical.py` writes and refuses, at its
line, the first thing it does not: a first line other than BEGIN:VCALENDAR, a calendar without
klynge's PRODID, a component other than VEVENT or one nested in an event, a property or
parameter klynge never writes, a property twice in one event, more than MAX_CALENDAR_EVENTS
events. A general iCalendar parser does its work on whatever a file holds before anything can
be checked (icalendar spends 20-40 µs a line: 12 s on a mebibyte of empty properties), so none
is used; this pass costs a few microseconds a line of a file of at most MAX_FILE_BYTES.

The values klynge compares (title, description, date) are decoded as icalendar decodes them,
with its own `unescape_backslash`, so an event counts as changed exactly when it did before.
The SEQUENCE and the date are held to what klynge can write back: a SEQUENCE that still fits
RFC 5545's integers after + 1, a date in the years klynge accepts (so the day after it, the
event's end, is a date too).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import NamedTuple

from icalendar.parser import unescape_backslash

from klynge_cli import files
from klynge_cli.errors import KlyngeError, Where
from klynge_cli.limits import FIRST_YEAR, LAST_YEAR, MAX_CALENDAR_EVENTS
from klynge_cli.load.yamlfile import refuse_non_printable
from klynge_cli.names import shorten

WHAT = "previous calendar"
NOT_KLYNGE = "was not made by `klynge schedule --format ics`"
GIVE = "give the calendar klynge made before"

# What `render/ical.py` writes, and nothing else (VERSION, PRODID, CALSCALE and X-WR-CALNAME
# before the events; no alarms, no time zones).
CALENDAR_PROPERTIES = frozenset({"VERSION", "PRODID", "CALSCALE", "X-WR-CALNAME"})
EVENT_PROPERTIES = frozenset(
    {"UID", "DTSTAMP", "DTSTART", "DTEND", "SEQUENCE", "SUMMARY", "DESCRIPTION", "TRANSP", "STATUS"}
)
DATES = frozenset({"DTSTART", "DTEND"})  # the only parameter klynge writes: theirs, VALUE=DATE

NEWLINE = re.compile(r"\r?\n")  # icalendar's; str.splitlines would also break at \x1c, \u2028
CONTENT_LINE = re.compile(r"([A-Za-z0-9-]+)(;[^:]*)?:(.*)")  # NAME[;PARAMETERS]:VALUE
UID = re.compile(r"[a-z0-9/-]+@klynge")  # calendar/cluster/year/kind[/payer], all slugs
SEQUENCE = re.compile(r"[0-9]{1,10}")
DATE = re.compile(r"[0-9]{8}")
# RFC 5545 integers end at 2^31 - 1, and a changed event is written with SEQUENCE + 1.
MAX_SEQUENCE = 2**31 - 2


class Previous(NamedTuple):
    """An event of the file made before: its SEQUENCE and what it said."""

    uid: str
    sequence: int
    content: tuple[str, str, date]  # summary, description, date
    cancelled: bool


class Line(NamedTuple):
    """A content line, unfolded: where it starts, its name (upper case), parameters and value
    (still escaped)."""

    number: int
    name: str
    parameters: str
    value: str


def read_previous(path: Path) -> dict[str, Previous]:
    """The events of a calendar klynge made before, by UID, for `--previous`."""
    shown = files.shown(path)
    data = files.read_bytes(path, shown, what=WHAT)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise KlyngeError(
            "is not UTF-8 text, so not a calendar klynge wrote", Where(shown, line)
        ) from None
    return parse_previous(text, shown)


def parse_previous(text: str, shown: str) -> dict[str, Previous]:
    """The events of `text`, a calendar klynge wrote; `shown` names it in messages."""
    refuse_non_printable(text, shown, WHAT)  # no text klynge writes holds one
    first, _, rest = text.partition("\n")
    if first.removesuffix("\r").upper() != "BEGIN:VCALENDAR":
        raise KlyngeError(
            "is not an iCalendar file: its first line is not BEGIN:VCALENDAR", Where(shown, 1)
        )
    calendar: dict[str, Line] = {}
    event: dict[str, Line] | None = None
    begun = 0  # the line of the open event's BEGIN:VEVENT
    events: dict[str, Previous] = {}
    uid_lines: dict[str, int] = {}
    closed = False
    last = 1
    for line in _content_lines(rest, shown):
        where = Where(shown, line.number)
        last = line.number
        if closed:
            raise KlyngeError(
                "a line after END:VCALENDAR; klynge writes one calendar per file", where
            )
        if event is None and "PRODID" not in calendar and line.name not in CALENDAR_PROPERTIES:
            raise KlyngeError(
                f"{NOT_KLYNGE}: no PRODID of klynge's before this line; {GIVE}", where
            )
        _check_parameters(line, where)
        if event is not None:
            if line.name == "END" and line.value.upper() == "VEVENT":
                found = _previous(event, begun, shown)
                if found.uid in events:
                    earlier = f"the first at line {uid_lines[found.uid]}"
                    raise KlyngeError(
                        f"a second event {shorten(found.uid, 100)} ({earlier})",
                        Where(shown, event["UID"].number),
                    )
                uid_lines[found.uid] = event["UID"].number
                events[found.uid] = found
                event = None
            elif line.name in ("BEGIN", "END"):
                raise KlyngeError(
                    f"{_excerpt(f'{line.name}:{line.value}')} inside the event of line {begun}; "
                    "klynge writes nothing in an event and ends it with END:VEVENT",
                    where,
                )
            else:
                _add(event, line, EVENT_PROPERTIES, where)
        elif line.name == "BEGIN":
            if line.value.upper() != "VEVENT":
                raise KlyngeError(
                    f"a component {_excerpt(f'BEGIN:{line.value}')}; klynge writes only events "
                    "(VEVENT) in a calendar",
                    where,
                )
            if len(events) == MAX_CALENDAR_EVENTS:
                raise KlyngeError(
                    f"holds more than {MAX_CALENDAR_EVENTS:,} events; klynge reads at most "
                    f"{MAX_CALENDAR_EVENTS:,} from a previous calendar (docs/limits.md), and "
                    "one of all 98 municipalities in 14 clusters over 8 years has 322: is this "
                    "the calendar klynge wrote?",
                    where,
                )
            event, begun = {}, line.number
        elif line.name == "END":
            if line.value.upper() != "VCALENDAR":
                raise KlyngeError(f"{_excerpt(f'END:{line.value}')} without its BEGIN", where)
            closed = True
        else:
            _add(calendar, line, CALENDAR_PROPERTIES, where)
            if line.name == "PRODID" and "//klynge//" not in unescape_backslash(line.value):
                raise KlyngeError(f"{NOT_KLYNGE} (its PRODID is another program's); {GIVE}", where)
    if not closed:
        unclosed = f"; the event of line {begun} has no END:VEVENT" if event is not None else ""
        raise KlyngeError(
            f"ends without END:VCALENDAR{unclosed}: is the file cut short?", Where(shown, last)
        )
    return events


def _content_lines(rest: str, shown: str) -> Iterator[Line]:
    """The content lines of `rest` (the file after its first line), unfolded as icalendar
    unfolds them: a line that starts with a space or a tab goes on the line before it. Empty
    lines are skipped, as icalendar skips them."""
    start = 0
    pieces: list[str] = []
    for number, physical in enumerate(NEWLINE.split(rest), start=2):
        if not physical:
            continue
        if physical[0] in " \t":
            if not pieces:
                raise KlyngeError(
                    "a folded line (one that starts with a space) after BEGIN:VCALENDAR, "
                    "where klynge folds none",
                    Where(shown, number),
                )
            pieces.append(physical[1:])
            continue
        if pieces:
            yield _line("".join(pieces), start, shown)
        start, pieces = number, [physical]
    if pieces:
        yield _line("".join(pieces), start, shown)


def _line(text: str, number: int, shown: str) -> Line:
    parts = CONTENT_LINE.fullmatch(text)
    if parts is None:
        raise KlyngeError(
            f"is not an iCalendar file: a line that is not NAME:value ({_excerpt(text)})",
            Where(shown, number),
        )
    name, parameters, value = parts.groups()
    return Line(number, name.upper(), parameters or "", value)


def _check_parameters(line: Line, where: Where) -> None:
    """No parameter but VALUE=DATE on a date: the one klynge writes."""
    if not line.parameters:
        return
    if line.name in DATES and line.parameters.upper() == ";VALUE=DATE":
        return
    raise KlyngeError(
        f"{_excerpt(line.name + line.parameters)}: klynge writes no parameter but ;VALUE=DATE "
        "on DTSTART and DTEND",
        where,
    )


def _add(lines: dict[str, Line], line: Line, allowed: frozenset[str], where: Where) -> None:
    """A property of the calendar or of an event: one klynge writes there, and once."""
    what = "event" if allowed is EVENT_PROPERTIES else "calendar"
    if line.name not in allowed:
        place = "in an event" if what == "event" else "in a calendar, before its events"
        raise KlyngeError(
            f"{_excerpt(line.name)} is not a property klynge writes {place} "
            f"({', '.join(sorted(allowed))})",
            where,
        )
    if line.name in lines:
        raise KlyngeError(
            f"{what} has two {line.name} lines (the first at line {lines[line.name].number})",
            where,
        )
    lines[line.name] = line


def _previous(event: dict[str, Line], begun: int, shown: str) -> Previous:
    """What klynge needs of one event, each value held to what klynge writes back."""
    uid_line = event.get("UID")
    if uid_line is None or not UID.fullmatch(uid_line.value):
        found = "none" if uid_line is None else _excerpt(uid_line.value)
        where = Where(shown, begun if uid_line is None else uid_line.number)
        raise KlyngeError(f"an event without a klynge UID ({found})", where)
    uid = uid_line.value  # only characters that need no unescaping
    named = shorten(uid, 100)  # as messages show it
    start = event.get("DTSTART")
    if start is None:
        raise KlyngeError(f"event {named} has no DTSTART date", Where(shown, begun))
    due = _date(start.value)
    if due is None:
        raise KlyngeError(
            f"event {named}: DTSTART {_excerpt(start.value)} is not a date (YYYYMMDD) in the "
            f"years klynge accepts, {FIRST_YEAR}-{LAST_YEAR}",
            Where(shown, start.number),
        )
    sequence = 0
    if "SEQUENCE" in event:
        line = event["SEQUENCE"]
        sequence = int(line.value) if SEQUENCE.fullmatch(line.value) else -1
        if not 0 <= sequence <= MAX_SEQUENCE:
            raise KlyngeError(
                f"event {named}: SEQUENCE {_excerpt(line.value)} is not a whole number from 0 "
                f"to {MAX_SEQUENCE:,} (a changed event is written with one more, and iCalendar's "
                "numbers end at 2,147,483,647)",
                Where(shown, line.number),
            )

    def text(name: str) -> str:
        return unescape_backslash(event[name].value) if name in event else ""

    content = (text("SUMMARY"), text("DESCRIPTION"), due)
    return Previous(uid, sequence, content, text("STATUS").upper() == "CANCELLED")


def _date(value: str) -> date | None:
    """A DATE value (YYYYMMDD), as icalendar reads it, in the years klynge accepts."""
    if not DATE.fullmatch(value):
        return None
    year, month, day = int(value[:4]), int(value[4:6]), int(value[6:])
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _excerpt(text: str, limit: int = 24) -> str:
    """A piece of the file as a message quotes it: short, every unprintable character escaped
    (`\\x1b`, `\\u202e`), so what the file holds never reaches the terminal as it is."""
    short = text if len(text) <= limit else text[: limit - 1] + "…"
    shown = "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in short)
    return f"'{shown}'"
