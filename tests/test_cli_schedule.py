"""`klynge schedule`: the CSV contract, the table, iCalendar, and a municipality's own view."""

from __future__ import annotations

import csv
import io
from datetime import date

from helpers import FOUR, REPO, SEED, run
from icalendar import Calendar


def test_csv_contract_and_order() -> None:
    rows = list(csv.DictReader(io.StringIO(run("schedule", SEED, "--format", "csv").stdout)))
    assert list(rows[0]) == ["due_date", "year", "cluster", "kind", "payer", "payee", "amount"]
    assert rows[0] == {
        "due_date": "2021-03-31", "year": "2021", "cluster": "wbd", "kind": "pay",
        "payer": "Næstved", "payee": "Gate 21", "amount": "1000000.00",
    }  # fmt: skip
    assert rows[1]["due_date"] == "2021-05-31" and rows[1]["payer"] == "Faxe"
    assert rows[1]["amount"] == "24292.00"
    assert len(rows) == 4 + 4 * 16
    keys = [(r["due_date"], r["kind"] != "collect", r["payer"]) for r in rows]
    assert keys == sorted(keys)


def test_table_lists_milestones_and_prefinancing() -> None:
    text = run("schedule").stdout
    assert "2021-10-31   2022   wbd       reconfirm" in text
    assert "Næstved pre-finances 500,000 kr. for 61 days, 2021-03-31 to 2021-05-31" in text


def test_danish_table() -> None:
    text = run("schedule", "--locale", "da").stdout
    assert "Næstved forudbetaler 500.000 kr. i 61 dage, 31.03.2021 til 31.05.2021" in text
    assert "31.01.2022" in text and "Beløb (kr.)" in text and " 1.000.000\n" in text


def test_ics_parses_back_with_one_all_day_event_per_cluster_and_due_date() -> None:
    first = run("schedule", FOUR, "--format", "ics").stdout_bytes
    assert first == run("schedule", FOUR, "--format", "ics").stdout_bytes  # no clock in it
    calendar = Calendar.from_ical(first)
    events = list(calendar.walk("VEVENT"))
    starts = [event.decoded("dtstart") for event in events]
    csv_dates = {
        r.split(",")[0] for r in run("schedule", FOUR, "--format", "csv").stdout.splitlines()[1:]
    }
    assert {d.isoformat() for d in starts} >= csv_dates
    clusters = [str(event["uid"]).split("/")[1] for event in events]
    assert len(set(zip(clusters, starts, strict=True))) == len(events)  # one per cluster and date
    assert all(type(d) is date for d in starts)  # all-day
    assert len({str(event["uid"]) for event in events}) == len(events)
    first_event = events[0]
    assert (
        str(first_event["summary"]) == "Næstved pays Gate 21 1,000,000 kr. (We Build Denmark 2021)"
    )
    new_year = [e for e in events if e.decoded("dtstart") == date(2022, 1, 31)]
    assert [str(e["summary"]).count("pays") for e in new_year] == [1, 1, 1, 1]  # four clusters
    assert first.endswith(b"END:VCALENDAR\r\n")


def test_municipality_filter() -> None:
    result = run("schedule", FOUR, "--municipality", "roskilde kommune", "--format", "csv")
    rows = result.stdout.splitlines()[1:]
    assert rows and all(",Roskilde," in row for row in rows)
    assert any(",clean,pay,Roskilde," in row for row in rows)


def test_unknown_municipality_suggests() -> None:
    result = run("schedule", "--municipality", "Rosklide")
    assert result.exit_code == 2
    assert (
        result.stderr
        == "--municipality Rosklide: unknown municipality 'Rosklide' (did you mean Roskilde?)\n"
    )


def test_year_filter_keeps_that_years_flows() -> None:
    rows = run("schedule", "--year", "2022", "--format", "csv").stdout.splitlines()[1:]
    assert {row.split(",")[1] for row in rows} == {"2022"}
    assert rows[0].startswith("2021-12-31,2022,wbd,collect,Faxe,")


def test_table_names_co_funding_in_both_languages() -> None:
    """R14: a co-funder's payment to the payee is a row of kind co-fund on the screen too."""
    scenario = REPO / "tests" / "data" / "scenarios7" / "10-co-funders-top-ups-withdrawals.yaml"
    english = run("schedule", scenario)
    assert english.exit_code == 0, english.stderr
    assert "co-fund" in english.stdout and "Region Sjælland" in english.stdout
    danish = run("schedule", scenario, "--locale", "da")
    assert danish.exit_code == 0, danish.stderr
    assert "medfinansiering" in danish.stdout
