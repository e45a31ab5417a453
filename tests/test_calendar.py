"""`klynge schedule --format ics`: calendars that update when re-imported, never duplicate.

Every calendar is parsed back with icalendar, as a calendar program would read it.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from helpers import FOUR, SEED, run
from icalendar import Calendar

from klynge_cli.money import grouped, ore_from_text


def events(data: bytes) -> dict[str, dict[str, object]]:
    """The VEVENTs of a calendar by UID: summary, description, date, sequence, status."""
    calendar = Calendar.from_ical(data)
    found: dict[str, dict[str, object]] = {}
    for event in calendar.walk("VEVENT"):
        uid = str(event["uid"])
        assert uid not in found, f"UID {uid} twice"
        found[uid] = {
            "summary": str(event["summary"]),
            "description": str(event["description"]),
            "date": event.decoded("dtstart"),
            "sequence": int(event.get("sequence", 0)),
            "status": str(event.get("status", "")),
        }
    return found


def ics(*args: str | Path) -> bytes:
    result = run("schedule", *args, "--format", "ics")
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes


def revised(folder: Path, name: str, *, title: str, lead_amount: str, extra: str = "") -> Path:
    """The seed agreement with a calendar_id, under another file name and with changes."""
    text = SEED.read_text(encoding="utf-8")
    text = text.replace(
        'name: "KKR Sjælland: We Build Denmark 2021-2024"',
        f'name: "{title}"\ncalendar_id: kkr-wbd',
    )
    text = text.replace("  lead_amount: 500000 ", f"  lead_amount: {lead_amount} ")
    path = folder / name
    path.write_text(text + extra, encoding="utf-8")
    return path


def test_uids_name_the_meaning_so_a_revision_keeps_every_event(tmp_path: Path) -> None:
    first = revised(tmp_path, "agreement-v1.yaml", title="We Build Denmark", lead_amount="500000")
    second = revised(
        tmp_path,
        "agreement-v2.yaml",
        title="We Build Denmark, revised after the October meeting",  # the name changed,
        lead_amount="550000",  # one amount changed,
        extra="withdrawals:\n  - municipality: Stevns\n    from: 2023\n",  # one more withdrawal
    )
    old, new = ics(first), ics(second)
    before, after = events(old), events(new)
    assert set(before) == set(after)  # every event keeps its UID
    assert "kkr-wbd/wbd/2023/collect/members@klynge" in after
    assert "kkr-wbd/wbd/2023/pay/naestved@klynge" in after
    assert "kkr-wbd/wbd/2022/reconfirm@klynge" in after
    assert {e["sequence"] for e in after.values()} == {0}  # without --previous

    # Given the earlier file, changed events rise by one, unchanged ones keep theirs.
    (tmp_path / "v1.ics").write_bytes(old)
    updated = events(ics(second, "--previous", tmp_path / "v1.ics"))
    assert set(updated) == set(before)
    changed = {
        uid
        for uid in before
        if (before[uid]["summary"], before[uid]["description"], before[uid]["date"])
        != (after[uid]["summary"], after[uid]["description"], after[uid]["date"])
    }
    assert changed == {
        *(f"kkr-wbd/wbd/{year}/pay/naestved@klynge" for year in (2021, 2022, 2023, 2024)),
        "kkr-wbd/wbd/2023/collect/members@klynge",  # Stevns is gone from these two
        "kkr-wbd/wbd/2024/collect/members@klynge",
    }
    for uid, event in updated.items():
        assert event["sequence"] == (1 if uid in changed else 0), uid
        assert event["summary"] == after[uid]["summary"]
    assert "Stevns" not in str(updated["kkr-wbd/wbd/2023/collect/members@klynge"]["description"])

    # Once more against that file: nothing changed, nothing rises; a further change rises to 2.
    (tmp_path / "v2.ics").write_bytes(ics(second, "--previous", tmp_path / "v1.ics"))
    again = events(ics(second, "--previous", tmp_path / "v2.ics"))
    assert {uid: e["sequence"] for uid, e in again.items()} == {
        uid: e["sequence"] for uid, e in updated.items()
    }
    third = revised(tmp_path, "agreement-v3.yaml", title="x", lead_amount="600000")
    latest = events(ics(third, "--previous", tmp_path / "v2.ics"))
    assert latest["kkr-wbd/wbd/2021/pay/naestved@klynge"]["sequence"] == 2
    assert latest["kkr-wbd/wbd/2021/collect/members@klynge"]["sequence"] == 0


def test_without_calendar_id_the_file_name_names_the_calendar() -> None:
    assert "kkr-sjaelland-wbd/wbd/2021/pay/naestved@klynge" in events(ics(SEED))
    assert "kkr-sjaelland-4-clusters/dlsc/2022/collect/members@klynge" in events(ics(FOUR))


def test_one_event_per_cluster_and_due_date_with_short_titles() -> None:
    found = events(ics(FOUR))
    rows = list(csv.DictReader(io.StringIO(run("schedule", FOUR, "--format", "csv").stdout)))
    moments = {(r["cluster"], r["due_date"]) for r in rows}
    assert len(moments) == len([uid for uid in found if "/reconfirm@" not in uid])
    by_moment = {(uid.split("/")[1], str(e["date"])) for uid, e in found.items()}
    assert moments <= by_moment
    assert len(by_moment) == len(found)  # never two events of one cluster on one date
    for event in found.values():
        assert len(str(event["summary"])) < 75, event["summary"]
    collect = found["kkr-sjaelland-4-clusters/clean/2022/collect/members@klynge"]
    assert collect["summary"] == "16 municipalities pay Roskilde 500,000 kr. (clean 2022)"
    lines = str(collect["description"]).splitlines()
    assert lines[0].startswith("Collection for CLEAN (environmental technology) (clean) 2022")
    assert "Faxe → Roskilde: 24,477 kr." in lines and len(lines) == 1 + 16
    pay = found["kkr-sjaelland-4-clusters/wbd/2021/pay/naestved@klynge"]
    assert pay["summary"] == "Næstved pays Gate 21 1,000,000 kr. (We Build Denmark 2021)"
    assert pay["date"] == date(2021, 3, 31)


def test_collect_and_pay_on_one_date_share_an_event(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8").replace(
        "2021: {collect: 2021-05-31, pay: 2021-03-31}",
        "2021: {collect: 2021-03-31, pay: 2021-03-31}",
    )
    path = tmp_path / "same-day.yaml"
    path.write_text(text, encoding="utf-8")
    found = events(ics(path))
    on_the_day = [e for e in found.values() if e["date"] == date(2021, 3, 31)]
    assert len(on_the_day) == 1
    (event,) = on_the_day
    # The long form would be 84 characters: the title drops the names, keeps the amounts.
    assert event["summary"] == "16 pay 500,000 kr.; Næstved pays 1,000,000 kr. (wbd 2021)"
    assert "Collection for" in str(event["description"])
    assert "Payment for" in str(event["description"])
    assert "same-day/wbd/2021/collect/members@klynge" in found


@pytest.mark.parametrize("municipality", ["Faxe", "Roskilde", "Næstved"])
def test_a_municipalitys_calendar_titles_carry_its_own_amounts(municipality: str) -> None:
    found = events(ics(FOUR, "-m", municipality))
    rows = list(
        csv.DictReader(
            io.StringIO(run("schedule", FOUR, "-m", municipality, "--format", "csv").stdout)
        )
    )
    assert rows
    for row in rows:
        kind = row["kind"]
        who = municipality.lower().replace("æ", "ae")
        uid = f"kkr-sjaelland-4-clusters/{row['cluster']}/{row['year']}/{kind}/{who}@klynge"
        ore = ore_from_text(row["amount"])
        assert ore is not None
        amount = grouped(ore, decimals=False) + " kr."
        assert amount in str(found[uid]["summary"]), (uid, found[uid]["summary"])
        assert len(str(found[uid]["summary"])) < 75


def test_danish_calendar() -> None:
    found = events(ics(SEED, "--locale", "da"))
    pay = found["kkr-sjaelland-wbd/wbd/2021/pay/naestved@klynge"]
    assert pay["summary"] == "Næstved betaler Gate 21 1.000.000 kr. (We Build Denmark 2021)"
    collect = found["kkr-sjaelland-wbd/wbd/2022/collect/members@klynge"]
    assert collect["summary"] == "16 kommuner betaler Næstved 500.000 kr. (We Build Denmark 2022)"
    assert "Faxe → Næstved: 24.292 kr." in str(collect["description"])
    reconfirm = found["kkr-sjaelland-wbd/wbd/2022/reconfirm@klynge"]
    assert reconfirm["summary"] == "Genbekræft We Build Denmark for 2022"


def test_calendars_are_deterministic_and_clock_free() -> None:
    first = ics(FOUR, "--locale", "da")
    assert first == ics(FOUR, "--locale", "da")
    assert b"DTSTAMP:20210331T000000Z" in ics(SEED)
    assert first.endswith(b"END:VCALENDAR\r\n")


def test_a_gone_event_is_cancelled_once(tmp_path: Path) -> None:
    before = tmp_path / "before.ics"
    before.write_bytes(ics(SEED, "-m", "Stevns"))
    path = tmp_path / "kkr-sjaelland-wbd.yaml"  # the same file name: the same calendar
    path.write_text(
        SEED.read_text(encoding="utf-8")
        + "withdrawals:\n  - municipality: Stevns\n    from: 2023\n",
        encoding="utf-8",
    )
    after = events(ics(path, "-m", "Stevns", "--previous", before))
    gone = after["kkr-sjaelland-wbd/wbd/2023/collect/stevns@klynge"]
    assert gone["status"] == "CANCELLED" and gone["sequence"] == 1
    assert after["kkr-sjaelland-wbd/wbd/2022/collect/stevns@klynge"]["status"] == ""
    (tmp_path / "after.ics").write_bytes(ics(path, "-m", "Stevns", "--previous", before))
    again = events(ics(path, "-m", "Stevns", "--previous", tmp_path / "after.ics"))
    # Cancelled once: the next revision does not carry the cancellation on for ever.
    assert "kkr-sjaelland-wbd/wbd/2023/collect/stevns@klynge" not in again
    # Stevns stays after all: the event comes back with a higher SEQUENCE than its
    # cancellation, or calendars would keep it cancelled.
    path.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    back = events(ics(path, "-m", "Stevns", "--previous", tmp_path / "after.ics"))
    returned = back["kkr-sjaelland-wbd/wbd/2023/collect/stevns@klynge"]
    assert returned["status"] == "" and returned["sequence"] == 2


def test_a_previous_file_of_another_view_cancels_nothing(tmp_path: Path) -> None:
    """The full calendar given as --previous of one municipality's (or the other way round):
    events of the other view are not this calendar's to cancel."""
    everyone, faxe = tmp_path / "all.ics", tmp_path / "faxe.ics"
    everyone.write_bytes(ics(SEED))
    faxe.write_bytes(ics(SEED, "-m", "Faxe"))
    for found in (
        events(ics(SEED, "-m", "Faxe", "--previous", everyone)),
        events(ics(SEED, "--previous", faxe)),
    ):
        assert {e["status"] for e in found.values()} == {""}
    assert set(events(ics(SEED, "-m", "Faxe", "--previous", everyone))) == set(
        events(faxe.read_bytes())
    )


def test_a_previous_calendar_of_another_id_is_named_with_the_fix(tmp_path: Path) -> None:
    """A revision saved under another file name without `calendar_id` gets a new calendar id:
    every event would be added beside the old ones, so klynge says so and how to keep them."""
    first = tmp_path / "first.ics"
    first.write_bytes(ics(SEED))
    renamed = tmp_path / "revised.yaml"
    renamed.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    result = run("schedule", renamed, "--format", "ics", "--previous", first)
    assert result.exit_code == 0, result.stderr
    assert "calendar id 'revised'; the file's: 'kkr-sjaelland-wbd'" in result.stderr
    assert "add `calendar_id: kkr-sjaelland-wbd` to it" in result.stderr
    renamed.write_text(
        SEED.read_text(encoding="utf-8") + "calendar_id: kkr-sjaelland-wbd\n", encoding="utf-8"
    )
    fixed = run("schedule", renamed, "--format", "ics", "--previous", first)
    assert fixed.exit_code == 0 and fixed.stderr == "", fixed.stderr
    assert fixed.stdout_bytes == first.read_bytes()  # the same events, nothing changed
    other_view = run("schedule", "-m", "Faxe", "--format", "ics", "--previous", first)
    assert other_view.stderr == ""  # another view of the same calendar: no warning


def test_a_calendar_of_one_cluster_or_year_cancels_none_of_the_others(tmp_path: Path) -> None:
    """`--cluster wbd --previous FULL.ics` updates wbd's events; the other clusters' events are
    not "gone", they are not asked for (a re-import would otherwise delete them)."""
    full = tmp_path / "full.ics"
    full.write_bytes(ics(FOUR))
    for selection in (("--cluster", "wbd"), ("--year", "2023")):
        found = events(ics(FOUR, *selection, "--previous", full))
        assert found and {e["status"] for e in found.values()} == {""}
        assert found == events(ics(FOUR, *selection))  # nothing changed, nothing to cancel


def test_a_calendar_of_more_events_than_the_limit_is_refused(tmp_path: Path) -> None:
    clusters = "".join(
        f"  - {{id: c{i}, name: C, lead: Næstved, members: [Næstved, Faxe], years: [2021, 2120]}}\n"
        for i in range(4)
    )  # 400 cluster-years of three events each
    path = tmp_path / "many.yaml"
    path.write_text(
        "klynge: 1\npopulations: {year: 2021}\nmembers: [Næstved, Faxe]\nclusters:\n" + clusters,
        encoding="utf-8",
    )
    result = run("schedule", path, "--format", "ics", "-o", tmp_path / "out.ics")
    assert result.exit_code == 2
    assert result.stderr.startswith("the calendar's number of events is 1,")
    assert "at most 1,000 (docs/limits.md)" in result.stderr
    assert not (tmp_path / "out.ics").exists()
    assert run("schedule", path, "--format", "ics", "--cluster", "c0").exit_code == 0


def test_every_calendar_klynge_writes_it_reads_back(tmp_path: Path) -> None:
    """A calendar is no larger than `--previous` reads (1 MiB, 1,000 events): 751 national
    events of some 1.6 KB each would be written and then refused as the previous calendar."""
    path = tmp_path / "national.yaml"
    path.write_text(
        "klynge: 1\npopulations: {year: 2024}\nmembers: {region: all}\nclusters:\n"
        + "".join(
            f"  - {{id: {c}, name: C, lead: København, years: [2000, {end}], "
            "formula: per-capita, rate: 1.75}\n"
            for c, end in (("a", 2099), ("b", 2099), ("c", 2050))
        ),
        encoding="utf-8",
    )
    result = run("schedule", path, "--format", "ics", "-o", tmp_path / "out.ics")
    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith("the calendar's size in bytes is 1,")
    assert "klynge allows at most 1,048,576 (docs/limits.md)" in result.stderr
    assert not (tmp_path / "out.ics").exists()
    one = tmp_path / "one.ics"
    one.write_bytes(ics(path, "--cluster", "c"))
    assert ics(path, "--cluster", "c", "--previous", one) == one.read_bytes()


def test_previous_is_only_for_calendars() -> None:
    result = run("schedule", "--previous", "old.ics")
    assert result.exit_code == 2
    assert result.stderr == "--previous old.ics: only for --format ics\n"


def test_calendar_id_is_checked(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(
        SEED.read_text(encoding="utf-8").replace("klynge: 1\n", "klynge: 1\ncalendar_id: Mine!\n"),
        encoding="utf-8",
    )
    result = run("validate", path)
    assert result.exit_code == 2
    assert "calendar_id 'Mine!' may hold only a-z, 0-9 and '-'" in result.stderr
