"""The allocation rules R1–R8 on small scenarios whose amounts can be worked out by hand.

SMALL_POPULATIONS (conftest): lead Næstved; members Faxe 10, Greve 20, Køge 30, Stevns 40
(n = 4), pool 100 kr., lead amount 50 kr., years 2021-2022.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from helpers import SEED, small_scenario, write

from klynge_cli.engine.rules import allocate, hold_reason
from klynge_cli.errors import KlyngeError
from klynge_cli.load.scenario import load_scenario
from klynge_cli.load.withdrawals import with_extra_withdrawals
from klynge_cli.money import money_text
from klynge_cli.result import Allocation


def amounts(allocation: Allocation, year: int) -> dict[str, str]:
    """{municipality: amount} for one year (first cluster), withdrawn ones as '-'."""
    cy = next(cy for cy in allocation.cluster_years if cy.year == year)
    return {
        line.municipality: "-" if line.role == "withdrawn" else money_text(line.amount)
        for line in cy.lines
    }


def compute(path: Path) -> Allocation:
    return allocate(load_scenario(path))


@pytest.mark.parametrize(
    ("members", "participants", "threshold", "reason"),
    [
        (16, 16, "0.85", "everyone"),
        (16, 15, "0.85", "single withdrawal"),
        (16, 14, "0.85", "threshold"),  # 14/16 = 87.5 % ≥ 85 %
        (16, 13, "0.85", None),  # 13/16 = 81.25 % < 85 %
        (4, 3, "0.95", "single withdrawal"),  # held although 75 % < 95 %
        (4, 2, "0.85", None),
        (8, 7, "1", "single withdrawal"),
        (20, 17, "0.85", "threshold"),  # exactly 85 %: held (≥, compared exactly)
        (20, 16, "0.85", None),
        (16, 14, "0.875", "threshold"),  # exactly the threshold
        (16, 0, "0", "threshold"),
    ],
)
def test_threshold_test_is_exact(
    members: int, participants: int, threshold: str, reason: str | None
) -> None:
    assert hold_reason(members, participants, Fraction(threshold)) == reason


def test_everyone_takes_part(small: Path) -> None:
    result = compute(small_scenario(small))
    assert amounts(result, 2021) == {
        "Næstved": "50.00", "Faxe": "10.00", "Greve": "20.00", "Køge": "30.00", "Stevns": "40.00",
    }  # fmt: skip
    assert [cy.total for cy in result.cluster_years] == [150_00, 150_00]


def test_single_withdrawal_keeps_the_pool_and_the_others_pay_more(small: Path) -> None:
    result = compute(small_scenario(small, top="withdrawals: [{municipality: Faxe, from: 2022}]"))
    assert amounts(result, 2021)["Faxe"] == "10.00"
    # 100 × 20/90 = 22.22, × 30/90 = 33.33, × 40/90 = 44.44: the leftover krone goes to Stevns
    assert amounts(result, 2022) == {
        "Næstved": "50.00", "Faxe": "-", "Greve": "22.00", "Køge": "33.00", "Stevns": "45.00",
    }  # fmt: skip
    status = result.cluster_years[1]
    assert status.held and status.pool == 100_00 and len(status.participants) == 3


TWO_LEAVE = "withdrawals: [{municipality: Faxe, from: 2022}, {municipality: Greve, from: 2022}]"


@pytest.mark.parametrize(
    ("policy", "extra", "koege", "stevns"),
    [
        # everyone still in pays its full-participation amount; the pool shrinks to 70
        ("baseline-shares", "", "30.00", "40.00"),
        # 100 × 2/4 = 50 split 30:40 → 21.43, 28.57 → 21, 29
        ("pro-rata", "", "21.00", "29.00"),
        # the given 60 split 30:40 → 25.71, 34.29 → 26, 34
        ("fixed", "reduced_pool: {2022: 60}", "26.00", "34.00"),
    ],
)
def test_below_threshold_policies(
    small: Path, policy: str, extra: str, koege: str, stevns: str
) -> None:
    path = small_scenario(small, cluster=f"below_threshold: {policy}\n{extra}", top=TWO_LEAVE)
    result = compute(path)
    assert amounts(result, 2022) == {
        "Næstved": "50.00", "Faxe": "-", "Greve": "-", "Køge": koege, "Stevns": stevns,
    }  # fmt: skip
    status = result.cluster_years[1]
    assert not status.held
    assert status.pool == int(Fraction(koege) * 100) + int(Fraction(stevns) * 100)
    assert status.lead_amount == 50_00  # R5: the lead pays its amount whatever the pool does


def test_baseline_shares_are_measured_against_all_members(small: Path) -> None:
    result = compute(small_scenario(small, top=TWO_LEAVE))
    koege = result.cluster_years[1].line("Køge")
    assert koege is not None and koege.share == Fraction(30, 100)


def test_held_shares_are_measured_against_the_participants(small: Path) -> None:
    result = compute(small_scenario(small, top="withdrawals: [{municipality: Faxe, from: 2022}]"))
    greve = result.cluster_years[1].line("Greve")
    assert greve is not None and greve.share == Fraction(20, 90)


def test_fixed_policy_needs_the_amount_for_a_year_below_the_threshold(small: Path) -> None:
    path = small_scenario(small, cluster="below_threshold: fixed", top=TWO_LEAVE)
    with pytest.raises(KlyngeError, match="reduced_pool` gives no amount for 2022"):
        compute(path)


def test_indexation_applies_to_lead_and_pool_and_rounds_half_up(small: Path) -> None:
    result = compute(small_scenario(small, cluster="indexation: 0.1"))
    assert amounts(result, 2022) == {
        "Næstved": "55.00", "Faxe": "11.00", "Greve": "22.00", "Køge": "33.00", "Stevns": "44.00",
    }  # fmt: skip


def test_indexation_rounds_to_the_unit_before_the_split(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8").replace("indexation: 0 ", "indexation: 0.025 ")
    result = compute(write(tmp_path, "indexed.yaml", text))
    totals = {cy.year: (cy.lead_amount, cy.full_pool) for cy in result.cluster_years}
    # 500,000 × 1.025² = 525,312.5 → 525,313 (half up); × 1.025³ = 538,445.3125 → 538,445
    assert totals[2023] == (525_313_00, 525_313_00)
    assert totals[2024] == (538_445_00, 538_445_00)
    assert all(sum(line.amount for line in cy.lines[1:]) == cy.pool for cy in result.cluster_years)


@pytest.mark.parametrize(
    ("rounding", "faxe", "greve"), [("krone", "33.00", "67.00"), ("ore", "33.33", "66.67")]
)
def test_rounding_unit(small: Path, rounding: str, faxe: str, greve: str) -> None:
    path = small_scenario(small, cluster=f"rounding: {rounding}\nmembers: [Næstved, Faxe, Greve]")
    assert amounts(compute(path), 2021) == {"Næstved": "50.00", "Faxe": faxe, "Greve": greve}


def test_each_year_uses_its_own_population(tmp_path: Path) -> None:
    write(
        tmp_path,
        "pop.csv",
        """
        municipality,year,population
        Næstved,2021,100
        Faxe,2021,10
        Greve,2021,30
        Næstved,2022,100
        Faxe,2022,30
        Greve,2022,10
        """,
    )
    write(
        tmp_path,
        "s.yaml",
        """
        klynge: 1
        populations: {file: pop.csv, year: each}
        members: [Næstved, Faxe, Greve]
        defaults: {lead_amount: 50, pool: 100}
        clusters: [{id: c, name: C, lead: Næstved, years: [2021, 2022]}]
        """,
    )
    result = compute(tmp_path / "s.yaml")
    assert amounts(result, 2021) == {"Næstved": "50.00", "Faxe": "25.00", "Greve": "75.00"}
    assert amounts(result, 2022) == {"Næstved": "50.00", "Faxe": "75.00", "Greve": "25.00"}
    assert [cy.population_year for cy in result.cluster_years] == [2021, 2022]


def test_each_year_without_the_figures_names_what_is_missing(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "s.yaml",
        """
        klynge: 1
        populations: {year: each}
        members: {region: Sjælland}
        clusters: [{id: wbd, name: WBD, lead: Næstved, years: [2026, 2027]}]
        """,
    )
    with pytest.raises(KlyngeError) as error:
        compute(path)
    message = str(error.value)
    assert (
        "no population figures for 1 January 2027 in data/populations.csv for Næstved, Faxe,"
        in message
    )
    assert "(17 in all); the file has 2020, 2021, 2022, 2023, 2024, 2025, 2026" in message
    assert "January 2026" not in message  # 2026 is there; only 2027 is missing


def test_cluster_members_and_withdrawals_are_per_cluster(small: Path) -> None:
    path = write(
        small,
        "two.yaml",
        """
        klynge: 1
        populations: {file: pop.csv, year: 2021}
        members: [Næstved, Faxe, Greve, Køge, Stevns]
        defaults: {lead_amount: 50, pool: 100}
        clusters:
          - {id: a, name: A, lead: Næstved, years: [2021, 2021]}
          - {id: b, name: B, lead: Stevns, years: [2021, 2021], members: [Stevns, Faxe, Greve]}
        withdrawals:
          - {municipality: Greve, from: 2021, clusters: [a]}
        """,
    )
    result = compute(path)
    a, b = result.cluster_years
    assert {line.municipality: line.amount for line in a.lines} == {
        "Næstved": 50_00,
        "Faxe": 12_00,
        "Greve": 0,
        "Køge": 38_00,
        "Stevns": 50_00,
    }  # fmt: skip  (100 × 10/80 = 12.5 and × 30/80 = 37.5 tie: the larger population wins)
    assert {line.municipality: line.amount for line in b.lines} == {
        "Stevns": 50_00, "Faxe": 33_00, "Greve": 67_00,
    }  # fmt: skip


def test_withdrawal_before_the_first_year_means_never_paying(small: Path) -> None:
    result = compute(small_scenario(small, top="withdrawals: [{municipality: Faxe, from: 2015}]"))
    assert [cy.line("Faxe").role for cy in result.cluster_years] == ["withdrawn", "withdrawn"]  # type: ignore[union-attr]


def test_seed_whatif_from_the_issue() -> None:
    """Roskilde and Slagelse leave from 2023, Køge from 2024 (the what-if issue's example)."""
    scenario = with_extra_withdrawals(
        load_scenario(SEED), [("Roskilde", 2023), ("Slagelse", 2023), ("Køge", 2024)]
    )
    result = allocate(scenario)
    by_year = {cy.year: cy for cy in result.cluster_years}
    assert by_year[2023].held and len(by_year[2023].participants) == 14
    assert not by_year[2024].held and len(by_year[2024].participants) == 13
    assert by_year[2024].pool == 348_155_00
    assert by_year[2023].line("Faxe").amount == 31_237_00  # type: ignore[union-attr]
    assert by_year[2024].line("Faxe").amount == 24_292_00  # type: ignore[union-attr]


def test_late_announcement_is_applied_with_a_warning(small: Path) -> None:
    top = "withdrawals: [{municipality: Faxe, from: 2022, announced: 2021-11-15}]"
    result = compute(small_scenario(small, top=top))
    assert result.cluster_years[1].line("Faxe").role == "withdrawn"  # type: ignore[union-attr]
    assert result.warnings == (
        (
            "Faxe withdraws from c from 2022, announced 2021-11-15, after the reconfirmation on "
            "2021-10-31; applied all the same (R8)"
        ),
    )


def test_timely_announcement_gives_no_warning(small: Path) -> None:
    top = "withdrawals: [{municipality: Faxe, from: 2022, announced: 2021-10-31}]"
    assert compute(small_scenario(small, top=top)).warnings == ()


def test_a_withdrawal_applies_to_the_named_clusters_it_belongs_to(small: Path) -> None:
    """R8: an error only when the municipality is a non-lead member of none of them."""
    path = write(
        small,
        "two.yaml",
        """
        klynge: 1
        populations: {file: pop.csv, year: 2021}
        members: [Næstved, Faxe, Greve, Køge, Stevns]
        clusters:
          - {id: a, name: A, lead: Næstved, members: [Næstved, Faxe, Greve], years: [2021, 2021]}
          - {id: b, name: B, lead: Næstved, years: [2021, 2021]}
        withdrawals: [{municipality: Stevns, from: 2021, clusters: [a, b]}]
        """,
    )
    result = compute(path)
    roles = {(cy.cluster.id, line.municipality): line.role for cy in result.cluster_years
             for line in cy.lines}  # fmt: skip
    assert roles[("b", "Stevns")] == "withdrawn" and ("a", "Stevns") not in roles
    bad = write(small, "bad.yaml", path.read_text(encoding="utf-8").replace("[a, b]", "[a]"))
    with pytest.raises(KlyngeError, match="Stevns is not a member of cluster a"):
        compute(bad)
