"""Loading scenario files: names as people write them, defaults, and mistakes with positions."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import SEED, small_scenario, write

from klynge_cli.errors import KlyngeError
from klynge_cli.load.scenario import load_scenario
from klynge_cli.load.withdrawals import with_extra_withdrawals
from klynge_cli.model import DateRule


def test_seed_scenario_loads_as_the_agreement_says() -> None:
    scenario = load_scenario(SEED)
    (wbd,) = scenario.clusters
    (terms,) = wbd.periods
    assert (wbd.id, wbd.lead, terms.payee, wbd.first_year, wbd.last_year) == (
        "wbd", "Næstved", "Gate 21", 2021, 2024,
    )  # fmt: skip
    assert len(wbd.members) == 16 and "Næstved" not in wbd.members
    assert (terms.lead_amount, terms.pool, terms.unit) == (500_000_00, 500_000_00, 100)
    assert terms.formula == "pool" and terms.indexation == 0
    assert wbd.schedule.pay == DateRule(month=1)
    assert scenario.populations.year == 2021


def test_none_means_the_bundled_seed_scenario() -> None:
    assert load_scenario(None).name == load_scenario(SEED).name


@pytest.mark.parametrize(
    "written", ["Næstved", "næstved", "NÆSTVED", "Naestved", "Næstved Kommune", "naestved kommune"]
)
def test_names_match_as_the_spec_says(tmp_path: Path, written: str) -> None:
    text = SEED.read_text(encoding="utf-8").replace("lead: Næstved ", f"lead: {written} ")
    scenario = load_scenario(write(tmp_path, "s.yaml", text))
    assert scenario.clusters[0].lead == "Næstved"  # always as the population data writes it


def test_ascii_spelling_aa_for_aa(small: Path) -> None:
    path = small_scenario(small, top="withdrawals: [{municipality: Koege, from: 2022}]")
    assert load_scenario(path).withdrawals[0].municipality == "Køge"


def problems(path: Path) -> list[str]:
    with pytest.raises(KlyngeError) as error:
        load_scenario(path)
    return str(error.value).splitlines()


def test_misspelt_municipality_names_file_line_column_and_suggests(small: Path) -> None:
    path = small_scenario(small, top="withdrawals: [{municipality: Stevnz, from: 2022}]")
    assert problems(path) == [f"{path}:11:30: unknown municipality 'Stevnz' (did you mean Stevns?)"]


def test_unknown_key_suggests_the_right_one(small: Path) -> None:
    path = small_scenario(small, cluster="pol: 100")
    assert problems(path) == [f"{path}:11:5: unknown key `pol` in cluster c (did you mean pool?)"]


def test_every_problem_is_reported_at_once(small: Path) -> None:
    path = small_scenario(small, cluster="threshold: 1.5\npool: -5")
    found = problems(path)
    assert len(found) == 2
    assert "threshold must be between 0 and 1, not 1.5" in found[0]
    assert "pool must be kroner with at most two decimals, at least 0, not -5" in found[1]


@pytest.mark.parametrize(
    ("cluster", "top", "message"),
    [
        ("members: [Faxe, Greve]", "", "the lead Næstved is not among the cluster's `members`"),
        (
            "",
            "withdrawals: [{municipality: Næstved, from: 2022}]",
            "Næstved leads cluster c and cannot withdraw from it (R5)",
        ),
        (
            "",
            "withdrawals: [{municipality: Faxe, from: 2022}, {municipality: faxe, from: 2021}]",
            "Faxe withdraws from c twice",
        ),
        (
            "",
            "withdrawals: [{municipality: Faxe, from: 2022, clusters: [x]}]",
            "unknown cluster id `x`",
        ),
        (
            "members: [Næstved, Greve, Køge]",
            "withdrawals: [{municipality: Faxe, from: 2022}]",
            "Faxe is not a member of any cluster",
        ),
        ("reduced_pool: {2022: 10}", "", "reduced_pool is used only with `below_threshold: fixed`"),
        (
            "below_threshold: halve",
            "",
            "below_threshold must be one of baseline-shares, pro-rata, fixed",
        ),
        ("rounding: cents", "", "rounding must be one of krone, ore, øre"),
        ("pool: 100.5", "", "pool is not a whole number of kroner; use `rounding: ore`"),
        ("pool: 100.005\nrounding: ore", "", "pool must be kroner with at most two decimals"),
    ],
)
def test_rule_violations_are_input_errors(
    small: Path, cluster: str, top: str, message: str
) -> None:
    path = small_scenario(small, cluster=cluster, top=top)
    assert any(message in problem for problem in problems(path)), problems(path)


def test_years_reversed_and_duplicate_ids(small: Path) -> None:
    path = write(
        small,
        "s.yaml",
        """
        klynge: 1
        populations: {file: pop.csv, year: 2021}
        members: [Næstved, Faxe, Greve]
        clusters:
          - {id: a, name: A, lead: Næstved, years: [2024, 2021]}
          - {id: b, name: B, lead: Næstved, years: [2021, 2021]}
          - {id: b, name: B2, lead: Næstved, years: [2021, 2021]}
        """,
    )
    assert problems(path) == [
        f"{path}:5:44: years are reversed: [2024, 2021]; write [first, last], e.g. [2021, 2024]",
        f"{path}:7:10: cluster id `b` is used twice (first at {path}:6:10)",
    ]


def test_version_is_required_and_checked(small: Path) -> None:
    text = small_scenario(small).read_text(encoding="utf-8")
    missing = write(small, "missing.yaml", text.replace("klynge: 1\n", ""))
    assert "must start with `klynge: 1`" in problems(missing)[0]
    future = write(small, "future.yaml", text.replace("klynge: 1", "klynge: 2"))
    assert problems(future) == [
        f"{future}:1:9: format version 2 is not supported; this klynge reads `klynge: 1`"
    ]


def test_missing_population_file_is_named(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "s.yaml",
        "klynge: 1\npopulations: {file: nowhere.csv, year: 2021}\nclusters: []\n",
    )
    assert f"population file {tmp_path}/nowhere.csv not found" in problems(path)[0]


def test_extra_withdrawals_default_to_each_clusters_first_year(small: Path) -> None:
    scenario = with_extra_withdrawals(load_scenario(small_scenario(small)), [("stevns", None)])
    assert [(w.municipality, w.cluster, w.first_year) for w in scenario.withdrawals] == [
        ("Stevns", "c", 2021)
    ]


def test_extra_withdrawal_of_the_lead_is_refused(small: Path) -> None:
    with pytest.raises(KlyngeError, match=r"--withdraw Næstved@2022: Næstved leads cluster c"):
        with_extra_withdrawals(load_scenario(small_scenario(small)), [("Næstved", 2022)])


def test_the_bundled_figures_read_fast_are_the_figures_read_with_every_check() -> None:
    """Every run reads data/populations.csv without the row-by-row checks of a user's file;
    those checks must pass on it and give the very same table (98 municipalities, 2020-2026)."""
    from klynge_cli.load.populations import bundled_populations, read_populations
    from klynge_cli.resources import data_dir

    checked = read_populations(data_dir() / "populations.csv", "data/populations.csv")
    assert bundled_populations() == checked
    assert len({name for name, _ in checked.figures}) == 98
    assert {year for _, year in checked.figures} == set(range(2020, 2027))
