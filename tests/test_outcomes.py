"""`engine/outcomes.py`: the withdrawal sets a what-if page embeds, against the rules themselves.

Every embedded or derived outcome must equal what `allocate` gives for the scenario with those
members withdrawn from that year (as `klynge whatif --withdraw NAME@YEAR --cluster ID` does).
"""

from __future__ import annotations

import json
import tempfile
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
from helpers import FOUR, SCENARIOS, SEED, small_scenario
from hypothesis import given
from hypothesis import strategies as st
from reference.strategies7 import ScenarioCase
from reference.strategies7 import scenarios as scenarios7
from strategies import scenarios

from klynge_cli.engine.outcomes import YearOutcomes, outcomes
from klynge_cli.engine.rules import allocate
from klynge_cli.errors import KlyngeError
from klynge_cli.load.scenario import load_scenario
from klynge_cli.load.withdrawals import with_extra_withdrawals
from klynge_cli.model import Scenario

THREE = SCENARIOS / "whatif-three-leave-2023-2024.yaml"


def expected(scenario: Scenario, year: YearOutcomes, leaving: tuple[str, ...]) -> dict[str, int]:
    """The participants' amounts by the rules, read at the year the set leaves from."""
    cy = year.year
    variant = with_extra_withdrawals(scenario, [(m, cy.year) for m in leaving], cy.cluster.id)
    after = allocate(variant).select(cy.cluster.id, cy.year).cluster_years[0]
    return {line.municipality: line.amount for line in after.lines if line.role == "member"}


def kinds(year: YearOutcomes) -> str:
    return "".join(size.kind[0] for size in year.sizes)


def test_the_seed_embeds_the_held_sizes_and_looks_the_rest_up() -> None:
    years = outcomes(allocate(load_scenario(SEED)))
    assert [y.year.year for y in years] == [2021, 2022, 2023, 2024]
    for year in years:
        assert len(year.tickable) == 16
        # 14 of 16 hold (R3); from 3 leaving on, everyone left pays its full-participation amount
        assert kinds(year) == "sss" + "l" * 14
        assert [s.held for s in year.sizes] == [True] * 3 + [False] * 14
        assert len(year.splits) == 1 + 16 + 120
    faxe = years[2].amounts(["Roskilde", "Slagelse"])
    assert faxe is not None and faxe["Faxe"] == 31_237_00
    assert years[3].amounts(["Roskilde", "Slagelse", "Køge"])["Faxe"] == 24_292_00  # type: ignore[index]


@pytest.mark.parametrize("path", [SEED, FOUR, THREE], ids=["seed", "4-clusters", "three-leave"])
def test_every_offered_set_of_up_to_four_equals_the_rules(path: Path) -> None:
    scenario = load_scenario(path)
    for year in outcomes(allocate(scenario)):
        for k in range(5):
            for leaving in list(combinations(year.tickable, k))[::7]:
                assert year.amounts(leaving) == expected(scenario, year, leaving), (
                    year.year,
                    leaving,
                )


def test_members_the_scenario_withdraws_cannot_be_ticked_in_any_year() -> None:
    years = outcomes(allocate(load_scenario(THREE)))
    for year in years:
        assert not {"Roskilde", "Slagelse", "Køge"} & set(year.tickable)
        assert len(year.tickable) == 13
    # 2024: 13 of 16 take part already, so any further withdrawal is a lookup
    assert kinds(years[3]) == "s" + "l" * 13
    # 2022: Køge still pays; 15 of 16 participants, one more leaving keeps 14 of 16
    assert kinds(years[1]) == "sss" + "l" * 11
    assert "Køge" in years[1].year.participants


def test_pro_rata_embeds_what_fits_and_says_beyond(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8").replace(
        "below_threshold: baseline-shares", "below_threshold: pro-rata"
    )
    (tmp_path / "pro-rata.yaml").write_text(text, encoding="utf-8")
    scenario = load_scenario(tmp_path / "pro-rata.yaml")
    years = outcomes(allocate(scenario))
    assert kinds(years[0]) == "ssss" + "b" * 13  # sets of up to 3 fit in MAX_WHATIF_YEAR_STEPS
    assert years[0].amounts(["Faxe", "Greve", "Køge", "Lejre"]) is None
    leaving = ("Faxe", "Greve", "Køge")
    assert years[0].amounts(leaving) == expected(scenario, years[0], leaving)
    # A smaller budget embeds fewer sizes, never part of one.
    small = outcomes(allocate(scenario), max_steps=10_000, max_year_steps=10_000)
    assert kinds(small[0]) == "sss" + "b" * 14
    assert all(len(leaving) <= 2 for leaving in small[0].splits)


def test_the_work_is_bounded_by_the_page_limit() -> None:
    allocation = allocate(load_scenario(FOUR))
    tiny = outcomes(allocation, max_steps=13 * 300)  # 300 steps for each of 13 cluster-years
    for year in tiny:
        assert kinds(year)[0] == "s"
        steps = sum(len(amounts) for leaving, amounts in year.splits.items() if leaving)
        assert steps <= 300


def test_refusals_are_klynges_own_messages(small: Path) -> None:
    # Under `fixed` with a reduced pool for 2022 only, 2021 below the threshold is an input
    # error in klynge whatif; with every member gone a held pool has nobody to pay it.
    path = small_scenario(
        small,
        cluster="threshold: 0.75\nbelow_threshold: fixed\nreduced_pool: {2022: 40}",
    )
    scenario = load_scenario(path)
    first, second = outcomes(allocate(scenario))
    assert kinds(first) == "ssrrr"
    assert first.sizes[2].refusal == (
        "cluster c falls below the threshold in 2021 (2 of 4 take part) and uses "
        "`below_threshold: fixed`, but `reduced_pool` gives no amount for 2021"
    )
    assert kinds(second) == "ssssr"
    assert (
        second.sizes[4].refusal == "cluster c has no participants in 2022 to pay its reduced pool"
    )
    for leaving in combinations(second.tickable, 2):
        assert second.amounts(leaving) == expected(scenario, second, leaving)


def test_a_formula_year_refuses_what_a_later_period_cannot_answer(tmp_path: Path) -> None:
    """Leaving from a per-capita year moves nothing in that year (R13), but the members stay
    gone in the next period, a pool under `fixed` with no amount: `klynge whatif` refuses."""
    path = tmp_path / "periods.yaml"
    path.write_text(
        "klynge: 1\nname: Periods\npopulations: {year: 2020}\nmembers: {region: Hovedstaden}\n"
        "clusters:\n  - id: c\n    name: C\n    lead: Albertslund\n"
        "    members: [Albertslund, Allerød, Ballerup]\n    periods:\n"
        "      - {years: [2020, 2020], formula: per-capita, rate: 0.5, rounding: ore}\n"
        "      - {years: [2021, 2021], below_threshold: fixed}\n",
        encoding="utf-8",
    )
    scenario = load_scenario(path)
    per_capita, pool = outcomes(allocate(scenario))
    assert kinds(per_capita) == "llr"
    assert per_capita.sizes[2].refusal == (
        "cluster c falls below the threshold in 2021 (0 of 2 take part) and uses "
        "`below_threshold: fixed`, but `reduced_pool` gives no amount for 2021"
    )
    assert per_capita.amounts(["Allerød"]) == expected(scenario, per_capita, ["Allerød"])
    assert kinds(pool) == "ssr"


@given(scenarios(), st.randoms(use_true_random=False))
def test_random_scenarios_answer_as_the_rules_do_or_say_why_not(
    document: dict[str, Any], rng: Any
) -> None:
    """On random valid scenarios (policies, thresholds, rounding, indexation, withdrawals), a
    set the page answers is what allocate gives; a refused size is one allocate refuses."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.yaml"
        path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        scenario = load_scenario(path)
    answers_as_the_rules_do(scenario, rng)


@given(scenarios7(), st.randoms(use_true_random=False))
def test_schemes_of_every_formula_answer_as_the_rules_do(case: ScenarioCase, rng: Any) -> None:
    """The same on §7 scenarios: periods, per-capita and band formulas, lagged populations,
    co-funders and top-ups. The page's bills are the members' own, so they must still be
    exactly what allocate gives them in every year a set leaves from."""
    with tempfile.TemporaryDirectory() as folder:
        scenario = load_scenario(case.write(folder))
    answers_as_the_rules_do(scenario, rng)


def answers_as_the_rules_do(scenario: Scenario, rng: Any) -> None:
    for year in outcomes(allocate(scenario), max_steps=20_000, max_year_steps=2_000):
        assert year.amounts(()) == expected(scenario, year, ())
        for size in year.sizes[1:]:
            leaving = tuple(sorted(rng.sample(year.tickable, size.withdrawals)))
            if size.kind == "refused":
                with pytest.raises(KlyngeError) as refused:
                    expected(scenario, year, leaving)
                assert size.refusal in str(refused.value)
            elif size.kind == "beyond":
                assert year.amounts(leaving) is None
            else:
                assert year.amounts(leaving) == expected(scenario, year, leaving), leaving
