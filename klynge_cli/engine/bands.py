"""By population band (SPEC R13, `formula: bands`): a fixed amount per size of municipality.

A participant pays the amount of the first band whose `up_to` its population does not exceed
(a last band without `up_to` takes the rest), × F(Y) (R11), rounded half up to the rounding unit
once. OS2 prices its products in four such bands. Nothing is shared: a member that leaves
simply pays nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import NamedTuple

from klynge_cli.engine.indexation import factor
from klynge_cli.model import Band, Terms
from klynge_cli.money import round_half_up


class BandPick(NamedTuple):
    """The band a population falls in and the amount it gives, for `explain`."""

    population: int
    number: int  # 1-based
    band: Band
    factor: Fraction
    exact: Fraction
    amount: int


def band_amounts(terms: Terms, populations: Mapping[str, int], year: int) -> dict[str, int]:
    """Every amount at once: the same as `band_amount(...).amount`, F(Y) reckoned once."""
    growth = factor(terms, year)
    unit = terms.unit

    def amount(population: int) -> int:
        band = next(b for b in terms.bands if b.up_to is None or population <= b.up_to)
        # Rounded in the first year too: a band may be written in øre in a krone cluster
        return round_half_up(band.amount * growth, unit)

    return {name: amount(population) for name, population in populations.items()}


def band_amount(terms: Terms, population: int, year: int) -> BandPick:
    for number, band in enumerate(terms.bands, start=1):
        if band.up_to is None or population <= band.up_to:
            growth = factor(terms, year)
            exact = band.amount * growth
            return BandPick(population, number, band, growth, exact,
                            round_half_up(exact, terms.unit))  # fmt: skip
    raise AssertionError("the loader requires a last band without `up_to`")
