"""Indexation (SPEC R7 and R11): what an amount of the first year is worth in a later year.

A rate (R7) grows every amount by the same factor each year: F(Y) = (1 + rate)^(Y - first).
A series (R11) gives the rate from the previous year to each year: F(Y) = Π (1 + r_y) for
y = first+1..Y, from KL's yearly price-and-wage rates for instance. "first" is the first year of
the cluster, or of the period that holds Y (R12). Rates are exact fractions of the decimal text
written, and an amount is rounded half up to the rounding unit once, after multiplying by the
whole factor, never step by step.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

from klynge_cli.model import Terms
from klynge_cli.money import round_half_up


def rates(terms: Terms, year: int) -> tuple[tuple[int, Fraction], ...]:
    """The rates that take the first year's amount to `year`: (year, rate), oldest first."""
    steps = range(terms.first_year + 1, year + 1)
    if isinstance(terms.indexation, Mapping):
        series = terms.indexation
        return tuple((y, series[y]) for y in steps)
    return tuple((y, terms.indexation) for y in steps)


def factor(terms: Terms, year: int) -> Fraction:
    """F(Y), exact: a power for a rate; for a series, the running products of its factors,
    worked out once per series and first year (a hundred years of 30-digit rates cost some
    milliseconds, and every member, lead and top-up of every year asks)."""
    if not isinstance(terms.indexation, Mapping):
        return (1 + terms.indexation) ** max(0, year - terms.first_year)
    key = (id(terms.indexation), terms.first_year)
    series, products = _RUNNING.get(key, (terms.indexation, [Fraction(1)]))
    if series is not terms.indexation:  # an id reused after its series was dropped
        series, products = terms.indexation, [Fraction(1)]
    while len(products) <= year - terms.first_year:
        products.append(products[-1] * (1 + series[terms.first_year + len(products)]))
    if len(_RUNNING) >= _KEPT:
        _RUNNING.clear()
    _RUNNING[key] = (series, products)
    return products[max(0, year - terms.first_year)]


# Running products of series, by (id of the series, first year); each entry holds its series,
# so the id stays its own while the entry lives. Bounded: a run has at most a few periods.
_RUNNING: dict[tuple[int, int], tuple[Mapping[int, Fraction], list[Fraction]]] = {}
_KEPT = 256


def indexed(amount: int, terms: Terms, year: int) -> int:
    """`amount` (øre, the first year's) in `year`: × F(Y), rounded half up to the unit once."""
    growth = factor(terms, year)
    if growth == 1:
        return amount
    return round_half_up(amount * growth, terms.unit)


def is_indexed(terms: Terms) -> bool:
    """Whether any year of these terms grows (a rate or a series other than all zero)."""
    if isinstance(terms.indexation, Mapping):
        return any(terms.indexation.values())
    return bool(terms.indexation)
