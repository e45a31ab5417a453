"""Per inhabitant (SPEC R13, `formula: per-capita`): each pays for its own inhabitants.

    amount = clamp(base + rate × min(population, max_population), min_amount, max_amount)

then × F(Y) (R11) and rounded half up to the rounding unit once. Business Region Aarhus charges
8 kr. per inhabitant; Dansk Erhvervsfremme 2,500 kr. + 0.27 kr. per inhabitant, the part per
inhabitant at most 30,000 kr.; KFPLC 0.808 kr. per inhabitant counting at most 100,000. The
rate is the exact decimal written, the arithmetic is in exact fractions of øre: no floats.
Nobody shares anything: a member that leaves simply pays nothing, and nobody pays more.
"""

from __future__ import annotations

from fractions import Fraction
from typing import NamedTuple

from klynge_cli.engine.indexation import factor
from klynge_cli.model import Terms
from klynge_cli.money import ORE_PER_KRONE, round_half_up


class PerCapita(NamedTuple):
    """Every step of one amount, in øre, for `explain`."""

    population: int
    counted: int  # min(population, max_population)
    base: int
    per_inhabitant: Fraction  # rate × counted
    formula: Fraction  # base + rate × counted
    clamped: Fraction  # within min_amount and max_amount
    factor: Fraction  # F(Y)
    exact: Fraction  # clamped × F(Y)
    amount: int  # rounded half up to the unit

    @property
    def capped(self) -> bool:
        return self.counted < self.population

    @property
    def clamp(self) -> str | None:
        """'min' or 'max' when a bound decided the amount, else None."""
        if self.clamped > self.formula:
            return "min"
        if self.clamped < self.formula:
            return "max"
        return None


def per_capita(terms: Terms, population: int, year: int) -> PerCapita:
    assert terms.rate is not None, "the loader requires a rate for per-capita"
    counted = population if terms.max_population is None else min(population, terms.max_population)
    per_inhabitant = terms.rate * ORE_PER_KRONE * counted
    formula = terms.base + per_inhabitant
    clamped = formula
    if terms.max_amount is not None:
        clamped = min(clamped, Fraction(terms.max_amount))
    if terms.min_amount is not None:
        clamped = max(clamped, Fraction(terms.min_amount))
    growth = factor(terms, year)
    exact = clamped * growth
    amount = round_half_up(exact, terms.unit)
    return PerCapita(
        population, counted, terms.base, per_inhabitant, formula, clamped, growth, exact, amount
    )
