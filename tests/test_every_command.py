"""Random valid scenarios through every command and every format: exit 0, no traceback, and the
money adds up wherever it is shown. Two generators: the pool agreements of SPEC §2-§6, and every
§7 extension (periods, per-capita, bands, series, co-funders, top-ups, lag, regions).

`run` re-raises any exception that escapes a command, so a crash fails here with its traceback.
"""

from __future__ import annotations

import json
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from helpers import run
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from reference.strategies7 import ScenarioCase
from reference.strategies7 import scenarios as scenarios7
from spreadsheet import amounts, comparable, csv_amounts
from strategies import scenarios

from klynge_cli.load.scenario import load_scenario
from klynge_cli.money import ore_from_text


def ok(*args: str | Path) -> str:
    result = run(*args)
    assert result.exit_code == 0, (args, result.stderr)
    assert "Traceback" not in result.stderr
    return result.stdout


def amount(text: str) -> int:
    value = ore_from_text(text)
    assert value is not None, text
    return value


def every_command(path: Path, locale: str, data: st.DataObject) -> None:
    base = path.parent
    ok("validate", path)

    allocation = json.loads(ok("allocate", path, "--format", "json"))
    paid: dict[tuple[str, int], int] = defaultdict(int)
    for row in allocation["allocations"]:
        paid[(row["cluster"], row["year"])] += amount(row["amount"])
    for status in allocation["status"]:
        total = amount(status["total"])
        assert total == paid[(status["cluster"], status["year"])]
        parts = ("lead_amount", "pool", "top_ups", "co_funded")
        assert total == sum(amount(status[part]) for part in parts)
        assert (status["held"] is None) == (status["formula"] != "pool")
    csv_text = ok("allocate", path, "--format", "csv")
    assert len(csv_text.splitlines()) == len(allocation["allocations"]) + 1
    for fmt in ("table", "markdown"):
        ok("allocate", path, "--format", fmt, "--locale", locale)
    ok("allocate", path, "--format", "csv", "--dialect", "excel-da")

    schedule = json.loads(ok("schedule", path, "--format", "json"))
    received: dict[tuple[str, int], int] = defaultdict(int)
    for payment in schedule["payments"]:
        if payment["kind"] in ("pay", "co-fund"):
            received[(payment["cluster"], payment["year"])] += amount(payment["amount"])
    for status in allocation["status"]:  # the payee receives the year's total, no more
        assert received.get((status["cluster"], status["year"]), 0) == amount(status["total"])
    ok("schedule", path, "--format", "csv")
    ok("schedule", path, "--format", "table", "--locale", locale)
    calendar = Calendar.from_ical(ok("schedule", path, "--format", "ics", "--locale", locale))
    assert calendar.name == "VCALENDAR"

    clusters = sorted({row["cluster"] for row in allocation["allocations"]})
    cluster = data.draw(st.sampled_from(clusters))
    first = min(s["year"] for s in allocation["status"] if s["cluster"] == cluster)
    rows = [row for row in allocation["allocations"] if row["cluster"] == cluster]
    scenario = load_scenario(path)  # a withdrawal after the cluster's last year shows in no row
    leaving = {w.municipality for w in scenario.withdrawals if w.cluster == cluster}
    members = [
        row["municipality"]
        for row in rows
        if row["year"] == first and row["role"] == "member" and row["municipality"] not in leaving
    ]  # members the scenario never withdraws: a what-if may withdraw them
    # A `fixed` cluster has a reduced pool only for the years the scenario reduces: a what-if
    # or a sweep that would push another year below the threshold is refused, by name.
    refused = "`reduced_pool` gives no amount"
    if len(members) >= 2:
        leaver = data.draw(st.sampled_from(members))
        asked = run("whatif", path, "--withdraw", leaver, "--cluster", cluster, "--format", "json")
        if refused in asked.stderr:
            assert asked.exit_code == 2, asked
        else:
            assert asked.exit_code == 0, asked
            for row in json.loads(asked.stdout)["rows"]:
                assert amount(row["change"]) == amount(row["whatif"]) - amount(row["baseline"])
            ok("whatif", path, "--withdraw", leaver, "--cluster", cluster, "--locale", locale)
        ok("explain", path, leaver, "--cluster", cluster, "--year", str(first), "--locale", locale)
    for args in (("-k", "2", "--format", "json"), ("-k", "1", "--locale", locale)):
        swept = run("sweep", path, "--cluster", cluster, *args)
        assert swept.exit_code == 0 or refused in swept.stderr, swept
    ok("report", path, "-o", base / "r.html", "--locale", locale)
    assert (base / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    workbooks(path, csv_text, locale)
    (base / "a.csv").write_text(csv_text, encoding="utf-8")
    assert run("diff", path, base / "a.csv").exit_code == 0
    ok("check", path, "--expected", base / "expected", "--update")
    ok("check", path, "--expected", base / "expected")


@settings(max_examples=25)
@given(scenarios(), st.sampled_from(["en", "da"]), st.data())
def test_every_command_and_format_on_random_scenarios(
    document: dict[str, Any], locale: str, data: st.DataObject
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.yaml"
        path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        every_command(path, locale, data)


@settings(max_examples=15)
@given(scenarios7(), st.sampled_from(["en", "da"]), st.data())
def test_every_command_and_format_on_random_section_7_scenarios(
    case: ScenarioCase, locale: str, data: st.DataObject
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        every_command(Path(case.write(folder)), locale, data)


# The workbook refuses, by name, what its formulas could not compute exactly (docs/xlsx.md).
NOT_EXACT = ("the workbook's", "the workbook ranks", "has too many digits for the workbook")


def workbooks(path: Path, csv_text: str, locale: str) -> None:
    """The workbook of allocate, schedule and report --xlsx: written, or refused by name with
    nothing written; written, its cached values are the allocation's and the plan's."""
    base = path.parent
    made = run("allocate", path, "--format", "xlsx", "-o", base / "a.xlsx", "--locale", locale)
    if made.exit_code != 0:
        assert made.exit_code == 2 and any(why in made.stderr for why in NOT_EXACT), made
        assert not (base / "a.xlsx").exists()
        return
    assert "Traceback" not in made.stderr
    allocated = csv_amounts(csv_text)  # the values it opens with:
    assert comparable(amounts(base / "a.xlsx"), allocated) == allocated
    ok("schedule", path, "--format", "xlsx", "-o", base / "s.xlsx", "--locale", locale)
    ok("report", path, "-o", base / "r2.html", "--xlsx", base / "r.xlsx", "--locale", locale)
    assert (base / "r.xlsx").read_bytes() == (base / "a.xlsx").read_bytes()
