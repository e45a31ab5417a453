"""Properties of the §7 rules: per-capita and bands (R13), index series (R11), periods (R12).

The figures are exact fractions; these properties hold for every input, not only the examples
of the corpus (tests/test_reference.py checks the amounts against an independent
implementation).
"""

from __future__ import annotations

import json
import tempfile
from fractions import Fraction
from pathlib import Path
from typing import Any

from helpers import make_cluster
from hypothesis import given
from hypothesis import strategies as st

from klynge_cli.engine.bands import band_amount, band_amounts
from klynge_cli.engine.indexation import factor, indexed
from klynge_cli.engine.percapita import per_capita, per_capita_amounts
from klynge_cli.engine.rules import allocate
from klynge_cli.load.scenario import load_scenario
from klynge_cli.model import Band, Terms
from klynge_cli.money import round_half_up

rates = st.decimals("0.001", "50", places=3).map(Fraction)
money = st.integers(0, 10**7)  # øre
populations = st.integers(1, 700_000)
units = st.sampled_from([1, 100])


def terms(**changes: Any) -> Terms:
    return make_cluster(["A", "B"]).periods[0]._replace(**changes)


@st.composite
def per_capita_terms(draw: st.DrawFn) -> Terms:
    low = draw(st.none() | money)
    high = draw(st.none() | money)
    if low is not None and high is not None and low > high:
        low, high = high, low
    return terms(
        formula="per-capita",
        lead_amount=None,
        rate=draw(rates),
        base=draw(money),
        max_population=draw(st.none() | populations),
        min_amount=low,
        max_amount=high,
        unit=draw(units),
        indexation=draw(st.sampled_from([Fraction(0), Fraction(2, 100), Fraction(-1, 100)])),
        first_year=2024,
        last_year=2028,
    )


@given(per_capita_terms(), populations, populations, st.integers(2024, 2028))
def test_per_capita_never_falls_as_population_grows(t: Terms, a: int, b: int, year: int) -> None:
    small, large = sorted((a, b))
    assert per_capita(t, small, year).amount <= per_capita(t, large, year).amount


@given(per_capita_terms(), populations, st.integers(0, 10**6), st.integers(2024, 2028))
def test_per_capita_stops_growing_at_the_cap(
    t: Terms, population: int, more: int, year: int
) -> None:
    if t.max_population is None:
        return
    at_cap = per_capita(t, t.max_population, year).amount
    assert per_capita(t, t.max_population + more, year).amount == at_cap
    steps = per_capita(t, population, year)
    assert steps.counted == min(population, t.max_population)


@given(per_capita_terms(), populations)
def test_per_capita_is_the_formula_rounded_once(t: Terms, population: int) -> None:
    assert t.rate is not None
    counted = min(population, t.max_population or population)
    exact = t.base + t.rate * 100 * counted
    if t.max_amount is not None:
        exact = min(exact, Fraction(t.max_amount))
    if t.min_amount is not None:
        exact = max(exact, Fraction(t.min_amount))
    assert per_capita(t, population, 2024).amount == round_half_up(exact, t.unit)


@st.composite
def band_terms(draw: st.DrawFn) -> Terms:
    limits = sorted(draw(st.sets(populations, min_size=0, max_size=5)))
    amounts = sorted(draw(st.lists(money, min_size=len(limits) + 1, max_size=len(limits) + 1)))
    bands = tuple(
        Band(limit, amount) for limit, amount in zip([*limits, None], amounts, strict=True)
    )
    return terms(formula="bands", lead_amount=None, bands=bands, unit=draw(units))


@given(band_terms(), populations, populations)
def test_bands_with_rising_amounts_never_fall_as_population_grows(t: Terms, a: int, b: int) -> None:
    small, large = sorted((a, b))
    assert band_amount(t, small, 2021).amount <= band_amount(t, large, 2021).amount


@given(band_terms(), populations)
def test_a_population_falls_in_the_first_band_that_holds_it(t: Terms, population: int) -> None:
    pick = band_amount(t, population, 2021)
    assert pick.band.up_to is None or population <= pick.band.up_to
    assert all(b.up_to is not None and population > b.up_to for b in t.bands[: pick.number - 1])


series = st.lists(st.decimals("-0.05", "0.10", places=4).map(Fraction), min_size=1, max_size=6)


@given(series, money, units)
def test_a_series_indexes_by_the_product_of_its_factors_rounded_once(
    given_rates: list[Fraction], amount: int, unit: int
) -> None:
    last = 2024 + len(given_rates)
    t = terms(
        indexation={2025 + i: r for i, r in enumerate(given_rates)},
        first_year=2024,
        last_year=last,
        unit=unit,
    )
    product = Fraction(1)
    for rate in given_rates:
        product *= 1 + rate
    assert factor(t, last) == product
    assert indexed(amount, t, last) == (
        amount if product == 1 else round_half_up(amount * product, unit)
    )


@given(st.decimals("-0.05", "0.10", places=4).map(Fraction), st.integers(1, 6), money)
def test_a_constant_series_is_the_yearly_rate(rate: Fraction, years: int, amount: int) -> None:
    last = 2024 + years
    as_rate = terms(indexation=rate, first_year=2024, last_year=last)
    as_series = as_rate._replace(indexation=dict.fromkeys(range(2025, last + 1), rate))
    assert indexed(amount, as_rate, last) == indexed(amount, as_series, last)


PERIOD_TERMS = st.fixed_dictionaries(
    {},
    optional={
        "pool": st.integers(0, 900_000),
        "lead_amount": st.integers(0, 900_000),
        "below_threshold": st.sampled_from(["baseline-shares", "pro-rata"]),
        "threshold": st.sampled_from([0.5, 0.85, 0.95]),
        "indexation": st.sampled_from([0, 0.02]),
        "rounding": st.sampled_from(["krone", "ore"]),
    },
)
FORMULA_TERMS = st.one_of(
    PERIOD_TERMS,
    st.fixed_dictionaries({"formula": st.just("per-capita"), "rate": st.sampled_from([8, 0.808])}),
    st.fixed_dictionaries(
        {
            "formula": st.just("bands"),
            "bands": st.just([{"up_to": 40000, "amount": 30000}, {"amount": 60000}]),
        }
    ),
)


@given(
    FORMULA_TERMS,
    FORMULA_TERMS,
    st.lists(st.sampled_from(["Faxe", "Greve", "Køge", "Stevns", "Lejre"]), unique=True),
    st.integers(2021, 2026),
)
def test_two_periods_allocate_what_two_clusters_would(
    first: dict[str, Any], second: dict[str, Any], leaving: list[str], year: int
) -> None:
    """R12: a cluster with two periods is, year by year, the two clusters of its terms."""
    members = ["Næstved", "Faxe", "Greve", "Køge", "Stevns", "Lejre", "Ringsted"]
    common = {"lead": "Næstved", "members": members, "name": "C"}
    with_periods = {
        **common,
        "id": "c",
        "periods": [{"years": [2021, 2023], **first}, {"years": [2024, 2026], **second}],
    }
    apart = [
        {**common, "id": "c", "years": [2021, 2023], **first},
        {**common, "id": "c", "years": [2024, 2026], **second},
    ]
    withdrawals = [{"municipality": m, "from": year} for m in leaving[:2]]

    def rows(clusters: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
        document = {
            "klynge": 1,
            "populations": {"year": "each"},
            "members": {"region": "Sjælland"},
            "clusters": clusters,
            "withdrawals": withdrawals,
        }
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "s.yaml"
            path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
            allocation = allocate(load_scenario(path))
        return [
            (cy.year, line.municipality, line.role, line.amount)
            for cy in allocation.cluster_years
            for line in cy.lines
        ]

    together = rows([with_periods])
    separately = rows(apart[:1]) + rows(apart[1:])
    assert together == separately


@given(per_capita_terms(), st.lists(populations, min_size=1, max_size=20), st.integers(2024, 2028))
def test_all_amounts_at_once_are_each_amount_with_its_steps(
    t: Terms, given_populations: list[int], year: int
) -> None:
    """The engine reckons every member in whole numbers; `explain` shows the steps in
    fractions: the two agree to the øre."""
    at_once = per_capita_amounts(t, {str(i): p for i, p in enumerate(given_populations)}, year)
    assert at_once == {
        str(i): per_capita(t, p, year).amount for i, p in enumerate(given_populations)
    }


@given(
    band_terms(),
    st.lists(populations, min_size=1, max_size=20),
    st.sampled_from([Fraction(0), Fraction(3, 100)]),
    st.integers(2021, 2023),
)
def test_all_band_amounts_at_once_are_each_band_amount(
    t: Terms, given_populations: list[int], rate: Fraction, year: int
) -> None:
    """In every year, the first (F = 1) included: a band written in øre in a krone cluster
    is rounded then too."""
    t = t._replace(indexation=rate, first_year=2021, last_year=2023)
    at_once = band_amounts(t, {str(i): p for i, p in enumerate(given_populations)}, year)
    assert at_once == {
        str(i): band_amount(t, p, year).amount for i, p in enumerate(given_populations)
    }
