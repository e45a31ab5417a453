"""The largest-remainder split (SPEC R4): worked cases and the invariants users rely on."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from klynge_cli.engine.apportion import split


@pytest.mark.parametrize(
    ("total", "names", "weights", "expected"),
    [
        # exact quotas: nothing left over
        (100, ["Faxe", "Greve", "Køge", "Stevns"], [10, 20, 30, 40], [10, 20, 30, 40]),
        # one unit left over goes to the largest remainder (44.44 > 33.33 > 22.22)
        (100, ["Greve", "Køge", "Stevns"], [20, 30, 40], [22, 33, 45]),
        # equal remainders and equal populations: the name first in code-point order wins
        (10, ["b", "a", "c"], [1, 1, 1], [3, 4, 3]),
        # equal remainders (0.5 and 0.5): the larger population wins, not the name
        (4, ["a", "b", "c"], [1, 3, 4], [0, 2, 2]),
        # code-point order, not the Danish alphabet (Æ, Ø, Å): Å is U+00C5, before Æ and Ø
        (1, ["Ærø", "Ølstykke", "Åbenrå"], [1, 1, 1], [0, 0, 1]),
        # nothing to split
        (0, ["a", "b"], [5, 7], [0, 0]),
    ],
)
def test_worked_cases(
    total: int, names: list[str], weights: list[int], expected: list[int]
) -> None:
    assert list(split(total, names, weights).units) == expected


def test_seed_agreement_2021() -> None:
    """Seed 000's 500,000 kr. among the 16 by 1 January 2021 population (figures in kroner)."""
    populations = {
        "Faxe": 36713, "Greve": 50514, "Guldborgsund": 60328, "Holbæk": 71913,
        "Kalundborg": 48487, "Køge": 61475, "Lejre": 28173, "Lolland": 40539,
        "Odsherred": 32923, "Ringsted": 34847, "Roskilde": 88889, "Slagelse": 79122,
        "Solrød": 23441, "Sorø": 29993, "Stevns": 23034, "Vordingborg": 45268,
    }  # fmt: skip
    result = split(500_000, list(populations), list(populations.values()))
    amounts = dict(zip(populations, result.units, strict=True))
    assert amounts["Faxe"] == 24_292
    assert amounts["Roskilde"] == 58_816
    assert amounts["Solrød"] == 15_510
    assert sum(result.units) == 500_000


def reference_split(total: int, names: list[str], weights: list[int]) -> dict[str, int]:
    """An independent, slow reading of R4 with Fractions, to check the fast one against."""
    denominator = sum(weights)
    quotas = {n: Fraction(total * w, denominator) for n, w in zip(names, weights, strict=True)}
    weight = dict(zip(names, weights, strict=True))
    result = {n: int(q) for n, q in quotas.items()}
    queue = sorted(names, key=lambda n: (-(quotas[n] - int(quotas[n])), -weight[n], n))
    for n in queue[: total - sum(result.values())]:
        result[n] += 1
    return result


names_and_weights = st.dictionaries(
    st.text(alphabet="abcæøåABÆØÅ -", min_size=1, max_size=6),
    st.integers(min_value=1, max_value=10**6),
    min_size=1,
    max_size=20,
)
totals = st.integers(min_value=0, max_value=10**8)


@given(totals, names_and_weights)
def test_shares_sum_to_the_pool_and_stay_within_one_unit_of_the_quota(
    total: int, entries: dict[str, int]
) -> None:
    result = split(total, list(entries), list(entries.values()))
    assert sum(result.units) == total
    for index, units in enumerate(result.units):
        quota = result.quota(index)
        assert quota - 1 < units < quota + 1
        assert units in (result.floors[index], result.floors[index] + 1)


@given(totals, names_and_weights)
def test_a_larger_population_never_pays_less(total: int, entries: dict[str, int]) -> None:
    result = split(total, list(entries), list(entries.values()))
    pairs = list(zip(result.weights, result.units, strict=True))
    for weight_a, units_a in pairs:
        for weight_b, units_b in pairs:
            if weight_a > weight_b:
                assert units_a >= units_b


@given(totals, names_and_weights, st.randoms(use_true_random=False))
def test_input_order_does_not_matter_and_matches_the_reference(
    total: int, entries: dict[str, int], random: object
) -> None:
    names = list(entries)
    shuffled = names[:]
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    first = split(total, names, [entries[n] for n in names])
    second = split(total, shuffled, [entries[n] for n in shuffled])
    as_dict = dict(zip(first.names, first.units, strict=True))
    assert as_dict == dict(zip(second.names, second.units, strict=True))
    assert as_dict == reference_split(total, names, [entries[n] for n in names])
