"""Dates and money flows (SPEC R9), on the seed agreement and on real calendar dates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from helpers import FOUR, SCENARIOS, SEED, small_scenario

from klynge_cli.engine.rules import allocate
from klynge_cli.engine.timeline import schedule
from klynge_cli.errors import KlyngeError
from klynge_cli.load.scenario import load_scenario
from klynge_cli.model import DateRule
from klynge_cli.result import Schedule


def plan(path: Path) -> Schedule:
    return schedule(allocate(load_scenario(path)))


@pytest.mark.parametrize(
    ("rule", "year", "expected"),
    [
        (DateRule(month=12, year_offset=-1), 2022, date(2021, 12, 31)),
        (DateRule(month=1), 2022, date(2022, 1, 31)),
        (DateRule(month=2), 2024, date(2024, 2, 29)),  # leap year: `last` is the 29th
        (DateRule(month=2), 2023, date(2023, 2, 28)),
        (DateRule(month=10, year_offset=-1), 2023, date(2022, 10, 31)),
        (DateRule(month=6, year_offset=1, day=15), 2023, date(2024, 6, 15)),
    ],
)
def test_date_rules(rule: DateRule, year: int, expected: date) -> None:
    assert rule.date_for(year) == expected


def test_seed_schedule_is_the_agreements_timeline() -> None:
    result = plan(SEED)
    by_date: dict[date, list[str]] = {}
    for p in result.payments:
        by_date.setdefault(p.due, []).append(p.kind)
    assert list(by_date) == [
        date(2021, 3, 31), date(2021, 5, 31),
        date(2021, 12, 31), date(2022, 1, 31),
        date(2022, 12, 31), date(2023, 1, 31),
        date(2023, 12, 31), date(2024, 1, 31),
    ]  # fmt: skip
    assert by_date[date(2021, 3, 31)] == ["pay"]
    assert by_date[date(2021, 5, 31)] == ["collect"] * 16
    pays = [p for p in result.payments if p.kind == "pay"]
    assert {(p.payer, p.payee, p.amount) for p in pays} == {("Næstved", "Gate 21", 1_000_000_00)}
    assert [m.due for m in result.milestones] == [
        date(2021, 10, 31),
        date(2022, 10, 31),
        date(2023, 10, 31),
    ]


def test_collections_equal_the_allocation() -> None:
    allocation = allocate(load_scenario(SEED))
    result = schedule(allocation)
    for cy in allocation.cluster_years:
        collected = {
            p.payer: p.amount for p in result.payments if p.kind == "collect" and p.year == cy.year
        }
        assert collected == {
            line.municipality: line.amount for line in cy.lines if line.role == "member"
        }


def test_seed_2021_is_prefinanced_by_the_lead() -> None:
    (prefinancing,) = plan(SEED).prefinancing
    assert (prefinancing.lead, prefinancing.amount, prefinancing.days) == (
        "Næstved",
        500_000_00,
        61,
    )
    assert (prefinancing.paid, prefinancing.collected) == (date(2021, 3, 31), date(2021, 5, 31))


def test_four_clusters_interleave_by_date_then_file_order() -> None:
    result = plan(FOUR)
    on_new_year = [(p.cluster.id, p.kind) for p in result.payments if p.due == date(2022, 1, 31)]
    assert on_new_year == [("wbd", "pay"), ("clean", "pay"), ("fbcd", "pay"), ("dlsc", "pay")]
    ultimo = [p.cluster.id for p in result.payments if p.due == date(2021, 12, 31)]
    assert ultimo == ["wbd"] * 16 + ["clean"] * 16 + ["fbcd"] * 16 + ["dlsc"] * 16
    clean = next(p for p in result.payments if p.cluster.id == "clean" and p.kind == "pay")
    assert clean.payee == "CLEAN (environmental technology)"  # no payee: the cluster itself


def test_withdrawn_members_stop_paying_from_their_year() -> None:
    result = plan(SCENARIOS / "whatif-three-leave-2023-2024.yaml")
    roskilde = [p.year for p in result.payments if p.payer == "Roskilde"]
    koege = [p.year for p in result.payments if p.payer == "Køge"]
    assert roskilde == [2021, 2022] and koege == [2021, 2022, 2023]


def test_zero_amounts_make_no_rows(small: Path) -> None:
    path = small_scenario(small, cluster="lead_amount: 0\npool: 0")
    assert plan(path).payments == ()


@pytest.mark.parametrize(
    ("direction", "collect_2023", "collect_2024"),
    [
        # 2022-12-31 is a Saturday and New Year's Eve: back to Friday 30th, or on to Monday
        # 2 January (1 January is a holiday and a Sunday). 2023-12-31 is a Sunday: back to
        # Friday 29th (Saturday 30th is a weekend day), or on to 2 January 2024.
        ("preceding", date(2022, 12, 30), date(2023, 12, 29)),
        ("following", date(2023, 1, 2), date(2024, 1, 2)),
    ],
)
def test_business_days_move_dates_off_weekends_and_bank_holidays(
    small: Path, direction: str, collect_2023: date, collect_2024: date
) -> None:
    path = small_scenario(
        small, years="[2023, 2024]", cluster=f"schedule: {{business_days: {direction}}}"
    )
    result = plan(path)
    collect = sorted({p.due for p in result.payments if p.kind == "collect"})
    assert collect == [collect_2023, collect_2024]
    pays = sorted({p.due for p in result.payments if p.kind == "pay"})
    assert pays == [date(2023, 1, 31), date(2024, 1, 31)]  # both weekdays: unchanged


def test_bank_holidays_beyond_the_public_ones(small: Path) -> None:
    # Constitution Day (5 June) and the Friday after Ascension Day close Danish banks.
    cluster = """
    schedule:
      business_days: following
      collect: {month: 6, day: 5}
      pay: {month: 5, day: 19}
    """
    result = plan(small_scenario(small, years="[2023, 2023]", cluster=cluster))
    assert {p.kind: p.due for p in result.payments} == {
        "collect": date(2023, 6, 6),
        "pay": date(2023, 5, 22),
    }


def test_overrides_are_kept_as_given(small: Path) -> None:
    cluster = """
    schedule:
      business_days: following
      overrides: {2022: {collect: 2021-12-31}}
    """
    result = plan(small_scenario(small, cluster=cluster))
    assert date(2021, 12, 31) in {p.due for p in result.payments}  # a Friday, but a bank holiday


def test_impossible_override_date_is_an_input_error(small: Path) -> None:
    path = small_scenario(small, cluster="schedule: {overrides: {2022: {pay: 2022-02-30}}}")
    with pytest.raises(
        KlyngeError, match=r"s\.yaml:11:40: 2022-02-30 is not a date in the calendar"
    ):
        load_scenario(path)


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("{month: 2, day: 30}", "collect: day (1-28 or `last`) must be between 1 and 28, not 30"),
        ("{month: 13}", "collect: month must be between 1 and 12, not 13"),
        ("{day: 1}", "schedule: collect needs `month`"),
    ],
)
def test_date_rules_are_checked(small: Path, rule: str, message: str) -> None:
    with pytest.raises(KlyngeError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_scenario(small_scenario(small, cluster=f"schedule: {{collect: {rule}}}"))


def test_override_outside_the_clusters_years_is_an_error(small: Path) -> None:
    with pytest.raises(
        KlyngeError, match="a schedule override for 2030, but cluster c runs 2021-2022"
    ):
        load_scenario(
            small_scenario(small, cluster="schedule: {overrides: {2030: {pay: 2030-01-15}}}")
        )


def test_a_municipality_sees_what_it_pays() -> None:
    result = plan(FOUR).paid_by("Roskilde")
    assert {(p.cluster.id, p.kind) for p in result.payments} == {
        ("wbd", "collect"), ("fbcd", "collect"), ("dlsc", "collect"), ("clean", "pay"),
    }  # fmt: skip
    assert not result.prefinancing
