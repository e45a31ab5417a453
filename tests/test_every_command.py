"""Random valid scenarios through every command and every format: exit 0, no traceback, and the
money adds up wherever it is shown.

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
from strategies import scenarios

from klynge_cli.money import ore_from_text


def ok(*args: str | Path) -> str:
    result = run(*args)
    assert result.exit_code == 0, (args, result.stderr)
    assert "Traceback" not in result.stderr
    return result.stdout


@settings(max_examples=30)
@given(scenarios(), st.sampled_from(["en", "da"]), st.data())
def test_every_command_and_format_on_random_scenarios(
    document: dict[str, Any], locale: str, data: st.DataObject
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        path = base / "s.yaml"
        path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        ok("validate", path)

        allocation = json.loads(ok("allocate", path, "--format", "json"))
        paid: dict[tuple[str, int], int] = defaultdict(int)
        for row in allocation["allocations"]:
            paid[(row["cluster"], row["year"])] += ore_from_text(row["amount"]) or 0
        for status in allocation["status"]:
            total = ore_from_text(status["total"])
            assert total == paid[(status["cluster"], status["year"])]
            assert total == (ore_from_text(status["lead_amount"]) or 0) + (
                ore_from_text(status["pool"]) or 0
            )
        csv_text = ok("allocate", path, "--format", "csv")
        assert len(csv_text.splitlines()) == len(allocation["allocations"]) + 1
        for fmt in ("table", "markdown"):
            ok("allocate", path, "--format", fmt, "--locale", locale)
        ok("allocate", path, "--format", "csv", "--dialect", "excel-da")

        schedule = json.loads(ok("schedule", path, "--format", "json"))
        to_payee: dict[tuple[str, int], int] = defaultdict(int)
        for payment in schedule["payments"]:
            if payment["kind"] == "pay":
                to_payee[(payment["cluster"], payment["year"])] += (
                    ore_from_text(payment["amount"]) or 0
                )
        for status in allocation["status"]:
            key = (status["cluster"], status["year"])
            assert to_payee.get(key, 0) == ore_from_text(status["total"])
        ok("schedule", path, "--format", "csv")
        ok("schedule", path, "--format", "table", "--locale", locale)
        calendar = Calendar.from_ical(ok("schedule", path, "--format", "ics"))
        assert calendar.name == "VCALENDAR"
        assert bool(calendar.walk("VEVENT")) == bool(schedule["payments"] or schedule["milestones"])

        first = document["clusters"][0]
        gone = {w["municipality"] for w in document["withdrawals"] if w["clusters"] == ["c0"]}
        staying = [m for m in first["members"][1:] if m not in gone]
        if len(staying) >= 2:
            leaver = data.draw(st.sampled_from(staying))
            comparison = json.loads(
                ok("whatif", path, "--withdraw", leaver, "--cluster", "c0", "--format", "json")
            )
            for row in comparison["rows"]:
                change = ore_from_text(row["whatif"]) - ore_from_text(row["baseline"])  # type: ignore[operator]
                assert ore_from_text(row["change"]) == change
            ok("whatif", path, "--withdraw", leaver, "--cluster", "c0", "--locale", locale)
        ok("sweep", path, "-k", "2", "--format", "json")
        ok("sweep", path, "-k", "1", "--locale", locale)
        ok("explain", path, first["members"][-1], "--cluster", "c0")
        ok("report", path, "-o", base / "r.html", "--locale", locale)
        assert (base / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
        (base / "a.csv").write_text(csv_text, encoding="utf-8")
        assert run("diff", path, base / "a.csv").exit_code == 0
        ok("check", path, "--expected", base / "expected", "--update")
        ok("check", path, "--expected", base / "expected")
