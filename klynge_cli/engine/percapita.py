"""Per inhabitant (SPEC R13, `formula: per-capita`): each pays for its own inhabitants.

    amount = clamp(base + rate × min(population, max_population), min_amount, max_amount)

then × F(Y) (R11) and rounded half up to the rounding unit once. Business Region Aarhus charges
8 kr. per inhabitant; Dansk Erhvervsfremme 2,500 kr. + 0.27 kr. per inhabitant, the part per
inhabitant at most 30,000 kr.; KFPLC 0.808 kr. per inhabitant counting at most 100,000. The
rate is the exact decimal written, the arithmetic is in exact fractions of øre: no floats.
Nobody shares anything: a member that leaves simply pays nothing, and nobody pays more.
"""

from __future__ import annotations

from collections.abc import Mapping
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


def per_capita_amounts(terms: Terms, populations: Mapping[str, int], year: int) -> dict[str, int]:
    """Every amount at once, in whole numbers: the same as `per_capita(...).amount` (a test
    checks it), some ten times faster, for the 98 municipalities of many clusters and years.

    With rate = a/b and F(Y) = c/d, a participant's amount before rounding is
    (base·b + 100·a·counted) / b, bounded, × c/d; half up to the unit u is
    ⌊(2·N + u·D) / (2·u·D)⌋ · u for the fraction N/D.
    """
    assert terms.rate is not None, "the loader requires a rate for per-capita"
    a, b = terms.rate.numerator, terms.rate.denominator
    growth = factor(terms, year)
    c, d = growth.numerator, growth.denominator
    unit, cap = terms.unit, terms.max_population
    low, high = terms.min_amount, terms.max_amount
    result = {}
    for name, population in populations.items():
        counted = population if cap is None else min(population, cap)
        numerator = terms.base * b + ORE_PER_KRONE * a * counted  # over b
        if high is not None and numerator > high * b:
            numerator = high * b
        if low is not None and numerator < low * b:
            numerator = low * b
        n, m = numerator * c, b * d
        result[name] = (2 * n + unit * m) // (2 * unit * m) * unit
    return result


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
