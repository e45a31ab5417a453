"""`klynge schedule --format ics --previous OLD.ics`: the calendar made before, read back.

klynge reads only what it writes (`load/ical.py`): anything else is exit 2 with one line naming
the file and the line, never a traceback, never the file's content beyond a short escaped
excerpt. Valid calendars read exactly as icalendar reads them, so SEQUENCE rises exactly when
it did. How long hostile files take is measured in benchmarks/hostile.py, not here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from helpers import SEED, run
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from klynge_cli.limits import MAX_CALENDAR_EVENTS
from klynge_cli.load.ical import parse_previous
from klynge_cli.render.ical import PRODID, _event

UID = "kkr-sjaelland-wbd/wbd/2021/pay/naestved@klynge"  # the seed calendar's first event
HEAD = b"BEGIN:VCALENDAR\r\nPRODID:-//klynge//payment schedule//EN\r\n"


def seed_calendar() -> str:
    result = run("schedule", SEED, "--format", "ics")
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes.decode("utf-8")


def gone_event(uid: str, start: str) -> str:
    """An event of the seed's calendar that the seed no longer makes (so it is cancelled)."""
    return (
        f"BEGIN:VEVENT\r\nSUMMARY:x\r\nDTSTART;VALUE=DATE:{start}\r\nUID:{uid}\r\n"
        "SEQUENCE:0\r\nEND:VEVENT\r\n"
    )


def before_end(text: str, insert: str) -> str:
    return text.replace("END:VCALENDAR\r\n", insert + "END:VCALENDAR\r\n")


def in_first_event(text: str, insert: str) -> str:
    """`insert` after the first event's UID line (line 11; SEQUENCE is line 12)."""
    return text.replace(f"UID:{UID}\r\n", f"UID:{UID}\r\n{insert}", 1)


def many_events(count: int) -> str:
    events = "".join(gone_event(f"a/b/{n}/pay/c@klynge", "20210101") for n in range(count))
    return HEAD.decode() + events + "END:VCALENDAR\r\n"


Edit = Callable[[str], str]

# (edit of the seed's calendar, what stderr says after the file name). Line numbers of the seed
# calendar: 3 PRODID, 6 the first BEGIN:VEVENT, 11 its UID, 12 its SEQUENCE, 16 its END.
BAD: list[tuple[str, Edit, str]] = [
    (
        "sequence-overflow",  # +1 for the changed title would be 2^31: outside RFC 5545
        lambda t: t.replace("SEQUENCE:0", "SEQUENCE:2147483647", 1).replace(
            "SUMMARY:Næstved pays", "SUMMARY:Næstved paid", 1
        ),
        f":12: event {UID}: SEQUENCE '2147483647' is not a whole number from 0 to 2,147,483,646",
    ),
    (
        "sequence-4000-digits",
        lambda t: t.replace("SEQUENCE:0", "SEQUENCE:" + "9" * 4000, 1),
        f":12: event {UID}: SEQUENCE '99999999999999999999999…' is not a whole number",
    ),
    (
        "sequence-not-a-number",
        lambda t: t.replace("SEQUENCE:0", "SEQUENCE:many", 1),
        f":12: event {UID}: SEQUENCE 'many' is not a whole number",
    ),
    (
        "date-overflow",  # gone, so written again as cancelled: its end would be 10000-01-01
        lambda t: before_end(
            t, gone_event("kkr-sjaelland-wbd/wbd/2099/pay/naestved@klynge", "99991231")
        ),
        (
            ":161: event kkr-sjaelland-wbd/wbd/2099/pay/naestved@klynge: DTSTART '99991231' is "
            "not a date (YYYYMMDD) in the years klynge accepts, 1900-2999"
        ),
    ),
    (
        "date-before-1900",
        lambda t: t.replace("DTSTART;VALUE=DATE:20210331", "DTSTART;VALUE=DATE:18991231", 1),
        f":8: event {UID}: DTSTART '18991231' is not a date (YYYYMMDD)",
    ),
    (
        "date-and-time",
        lambda t: t.replace("DTSTART;VALUE=DATE:20210331", "DTSTART:20210331T120000Z", 1),
        f":8: event {UID}: DTSTART '20210331T120000Z' is not a date",
    ),
    (
        "two-uids",
        lambda t: in_first_event(t, "UID:a@klynge\r\n"),
        ":12: event has two UID lines (the first at line 11)",
    ),
    (
        "two-summaries",
        lambda t: in_first_event(t, "SUMMARY:b\r\n"),
        ":12: event has two SUMMARY lines (the first at line 7)",
    ),
    (
        "an-alarm",
        lambda t: in_first_event(t, "BEGIN:VALARM\r\nACTION:DISPLAY\r\nEND:VALARM\r\n"),
        ":12: 'BEGIN:VALARM' inside the event of line 6; klynge writes nothing in an event",
    ),
    (
        "an-event-in-an-event",
        lambda t: in_first_event(t, "BEGIN:VEVENT\r\nEND:VEVENT\r\n"),
        ":12: 'BEGIN:VEVENT' inside the event of line 6",
    ),
    (
        "another-component",
        lambda t: before_end(t, "BEGIN:VTODO\r\nEND:VTODO\r\n"),
        ":159: a component 'BEGIN:VTODO'; klynge writes only events (VEVENT) in a calendar",
    ),
    (
        "end-without-begin",
        lambda t: before_end(t, "END:VTODO\r\n"),
        ":159: 'END:VTODO' without its BEGIN",
    ),
    (
        "another-property",
        lambda t: in_first_event(t, "LOCATION:Næstved\r\n"),
        ":12: 'LOCATION' is not a property klynge writes in an event (DESCRIPTION, DTEND,",
    ),
    (
        "a-calendar-property",
        lambda t: t.replace("CALSCALE:GREGORIAN", "METHOD:PUBLISH"),
        ":4: 'METHOD' is not a property klynge writes in a calendar, before its events",
    ),
    (
        "a-parameter",
        lambda t: t.replace("SUMMARY:", "SUMMARY;LANGUAGE=da:", 1),
        ":7: 'SUMMARY;LANGUAGE=da': klynge writes no parameter but ;VALUE=DATE on DTSTART",
    ),
    (
        "many-parameters",
        lambda t: t.replace("SUMMARY:", "SUMMARY" + ";A=" * 1000 + ":", 1),
        ":7: 'SUMMARY;A=;A=;A=;A=;A=;…': klynge writes no parameter",
    ),
    (
        "a-uid-of-another-program",
        lambda t: t.replace(f"UID:{UID}", "UID:040000008200E00074C5B7101A82E008", 1),
        ":11: an event without a klynge UID ('040000008200E00074C5B71…')",
    ),
    (
        "no-uid",
        lambda t: t.replace(f"UID:{UID}\r\n", "", 1),
        ":6: an event without a klynge UID (none)",
    ),
    (
        "the-same-event-twice",
        lambda t: before_end(t, gone_event(UID, "20210331")),
        f":162: a second event {UID} (the first at line 11)",
    ),
    (
        "cut-short",
        lambda t: t[: t.index("END:VEVENT")],
        ":15: ends without END:VCALENDAR; the event of line 6 has no END:VEVENT: is the file cut",
    ),
    (
        "two-calendars",
        lambda t: t + t,
        ":160: a line after END:VCALENDAR; klynge writes one calendar per file",
    ),
    (
        "not-a-content-line",
        lambda t: t.replace("CALSCALE:GREGORIAN", "\u202eno colon here at all, and more"),
        ":4: is not an iCalendar file: a line that is not NAME:value ('\\u202eno colon here at all, …')",
    ),
    (
        "not-klynges",
        lambda t: t.replace(
            "-//klynge//payment schedule//EN", "-//Microsoft Corporation//Outlook//EN"
        ),
        ":3: was not made by `klynge schedule --format ics` (its PRODID is another program's)",
    ),
    (
        "no-prodid",
        lambda t: t.replace("PRODID:-//klynge//payment schedule//EN\r\n", ""),
        ":5: was not made by `klynge schedule --format ics`: no PRODID of klynge's before this",
    ),
    (
        "too-many-events",
        lambda t: many_events(MAX_CALENDAR_EVENTS + 1),
        (
            f":{3 + 6 * MAX_CALENDAR_EVENTS}: holds more than {MAX_CALENDAR_EVENTS:,} events; "
            f"klynge reads at most {MAX_CALENDAR_EVENTS:,}"
        ),
    ),
    (
        "terminal-escapes",  # a title that would retitle the terminal and ring its bell
        lambda t: t.replace("SUMMARY:", "SUMMARY:\x1b]0;PWNED\x07", 1),
        ":7:9: contains a non-printable character (U+001B); is this really a previous calendar?",
    ),
]


@pytest.mark.parametrize(("edit", "message"), [c[1:] for c in BAD], ids=[c[0] for c in BAD])
def test_a_previous_calendar_klynge_never_writes_is_exit_2_at_its_line(
    tmp_path: Path, edit: Edit, message: str
) -> None:
    previous = tmp_path / "old.ics"
    previous.write_bytes(edit(seed_calendar()).encode("utf-8"))
    target = tmp_path / "new.ics"
    target.write_bytes(b"keep me")
    result = run("schedule", SEED, "--format", "ics", "--previous", previous, "-o", target)
    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith(f"{previous}{message}"), result.stderr
    assert result.stderr.count("\n") == 1 and len(result.stderr) < 400, result.stderr
    assert not any(c in result.stderr for c in "\x1b\x07\r\u202e"), repr(result.stderr)
    assert target.read_bytes() == b"keep me"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, ": no such previous calendar"),
        (b"hello\r\n", ":1: is not an iCalendar file: its first line is not BEGIN:VCALENDAR"),
        (b"\x1b]0;PWNED\x07\r\nhello", ":1:1: contains a non-printable character (U+001B)"),
        (b"\xff\xfe", ":1: is not UTF-8 text"),
        (b"BEGIN:VCALENDAR\r\n BEGIN:VEVENT\r\n", ":2: a folded line (one that starts with a"),
        (
            b"BEGIN:VCALENDAR\r\nPRODID:-//Microsoft Corporation//Outlook//EN\r\nEND:VCALENDAR\r\n",
            ":2: was not made by `klynge schedule --format ics`",
        ),
        (b"BEGIN:VCALENDAR\n" + b"X:\n" * 1000 + b"END:VCALENDAR\n", ":2: was not made by"),
        (HEAD + b"BEGIN:A\r\nEND:A\r\n" * 1000 + b"END:VCALENDAR\r\n", ":3: a component 'BEGIN:A'"),
        (HEAD + b"BEGIN:VEVENT\r\n" * 1000, ":4: 'BEGIN:VEVENT' inside the event of line 3"),
        (
            HEAD + b"X;A=" + b"," * 10_000 + b":x\r\n",
            ":3: 'X;A=,,,,,,,,,,,,,,,,,,,…': klynge writes no",
        ),
    ],
    ids=[
        "missing",
        "not-ical",
        "escapes",
        "not-utf8",
        "folded-too-early",
        "not-klynge",
        "many-lines",
        "many-components",
        "nested",
        "many-commas",
    ],
)
def test_a_bad_previous_file_is_exit_2_with_its_place(
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    previous = tmp_path / "old.ics"
    if content is not None:
        previous.write_bytes(content)
    target = tmp_path / "new.ics"
    target.write_bytes(b"keep me")
    result = run("schedule", "--format", "ics", "--previous", previous, "-o", target)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{previous}{message}"), result.stderr
    assert result.stderr.count("\n") == 1 and "\x1b" not in result.stderr, repr(result.stderr)
    assert target.read_bytes() == b"keep me"


def test_the_largest_sequence_and_the_last_date_are_written_back(tmp_path: Path) -> None:
    """A SEQUENCE of 2^31 - 2 rises to RFC 5545's largest, a gone event of 31 Dec 2999 is
    cancelled and ends on 1 Jan 3000."""
    gone = "kkr-sjaelland-wbd/wbd/2999/pay/naestved@klynge"
    text = seed_calendar().replace("SEQUENCE:0", "SEQUENCE:2147483646", 1)
    text = text.replace("SUMMARY:Næstved pays", "SUMMARY:Næstved paid", 1)
    previous = tmp_path / "old.ics"
    previous.write_text(before_end(text, gone_event(gone, "29991231")), encoding="utf-8")
    result = run("schedule", SEED, "--format", "ics", "--previous", previous)
    assert result.exit_code == 0, result.stderr
    written = result.stdout_bytes
    assert b"SEQUENCE:2147483647\r\n" in written
    assert b"DTEND;VALUE=DATE:30000101\r\n" in written and b"STATUS:CANCELLED\r\n" in written


def test_a_calendar_with_unix_line_ends_reads_the_same(tmp_path: Path) -> None:
    """A mail program may turn CRLF into LF, and an editor add an empty last line."""
    text = seed_calendar()
    previous = tmp_path / "old.ics"
    previous.write_text(text.replace("\r\n", "\n") + "\n", encoding="utf-8", newline="")
    result = run("schedule", SEED, "--format", "ics", "--previous", previous)
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == text.encode("utf-8")  # nothing changed: every SEQUENCE 0


# Any text but the control characters klynge refuses in every file (`refuse_non_printable`);
# the ones it allows, and the escapes of RFC 5545, more often than by chance.
TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs"))
    | st.sampled_from("\\;,:nN\n\r\t\x85\u2028")
)


@given(summary=TEXT, description=TEXT, sequence=st.integers(0, 2**31 - 2))
def test_an_event_reads_back_as_icalendar_reads_it(
    summary: str, description: str, sequence: int
) -> None:
    """What klynge compares (title, description, date, SEQUENCE) is what icalendar decodes from
    the same bytes, as before klynge read the file itself, for any text a title can hold."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    uid = "c/wbd/2021/pay/naestved@klynge"
    calendar.add_component(_event(uid, date(2021, 3, 31), summary, description, sequence))
    data = calendar.to_ical().decode("utf-8")
    (event,) = Calendar.from_ical(data).walk("VEVENT")
    expected = (str(event["summary"]), str(event["description"]), event.decoded("dtstart"))
    previous = parse_previous(data, "old.ics")[uid]
    assert previous.content == expected
    assert previous.sequence == sequence and not previous.cancelled
