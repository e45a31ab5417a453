"""Where the workbook's formulas stop being exact, worked out before a cell is written.

A spreadsheet holds numbers as binary doubles: every whole number below 2^53 exactly, and
sums, differences and products of such numbers exactly while the result stays below 2^53. The
formulas of the split (pool × population, floor, remainder) are written so that only such
operations decide an amount, so they are exact while pool × population of the split stays
below 2^53. klynge checks the worst case the reader can reach by flipping participation flags
(every member in the split, the largest pool of any year) and refuses beyond it.

Two further limits come from the spreadsheet programs, measured in LibreOffice 7.4:
- QUOTIENT rounds a quotient to 15 significant digits before taking its integer part, so from
  about 2 × 10^14 it can come out one too high. The split's floors correct for that (and stay
  exact to 2^53); the indexation, pro-rata, per-capita and band formulas use QUOTIENT plainly
  and are written only while their numerator stays below 10^14. An amount beyond that is
  written as klynge's value, with a note on the sheet.
- COUNTIFS compares numbers through their text ('>' & remainder), which keeps 15 significant
  digits: populations of the split must stay below 10^15.

Indexation (R7, R11): the sheet holds 1 + r = a/b in lowest terms for each year after the
period's first, and F(Y) = A/B with A = Π a, B = Π b (products of integers, not reduced across
years: that is what the sheet computes). An amount of `base` units is then, half up,
QUOTIENT(2 × base × A + B, 2 × B). Per inhabitant (R13) the rate in øre is p/q in lowest terms
and the amount before indexation N/q øre with N = base × q + p × counted population, clamped to
[min × q, max × q]; indexed and rounded to units of u øre: QUOTIENT(2 × N × A + q × B × u,
2 × q × B × u). A band's amount of m øre: QUOTIENT(2 × m × A + B × u, 2 × B × u).

Every number the workbook writes, an input or the cached value of a formula, passes `check`
(an amount in øre `check_ore`) before it is written: book.Sheet calls them for every cell,
quickly for the usual whole numbers and amounts. The workbook is refused, by name, where one
would not be exact (`beyond`): a whole number at or above 2^53; an amount in kroner (with its
øre) or a ratio of more than 15 significant digits, which is all a double keeps of a decimal
and all Excel shows; a sum of amounts with øre, ROUND(SUM(…), 2), whose rounding errors could
reach half an øre. The limits above keep the formulas' intermediates that are no cell of their
own (the products inside QUOTIENT, pool × population) in bounds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import NamedTuple

from klynge_cli.errors import KlyngeError, Where
from klynge_cli.model import Cluster, Terms
from klynge_cli.money import ORE_PER_KRONE

DOUBLE_EXACT = 2**53  # 9,007,199,254,740,992: every whole number below it is a double
QUOTIENT_EXACT = 10**14  # LibreOffice's QUOTIENT is exact below this numerator (measured)
CRITERIA_EXACT = 10**15  # numbers in COUNTIFS criteria keep 15 significant digits
SIGNIFICANT = 15  # digits of a decimal a double keeps (and Excel shows)
# ROUND(SUM(…), 2) over m amounts in kroner with øre: each amount and each partial sum (at most
# the total T, as no amount is negative) is off by at most T × 2^-53, so the sum by at most
# m × T × 2^-53, below half an øre while m × T in øre stays below 2^52.
SUM_EXACT = 2**52
QUICK_ORE = 10**15  # an amount below it in øre has at most 15 significant digits in kroner
ANY_SIZE = "write CSV or JSON, which are exact at any size"


class Place(NamedTuple):
    """What a cell of the workbook holds, for the message that refuses it: `what` it is
    ("cluster b, 2021: the amount of København"), `where` it was given, whether it counts øre of
    a year rounded to the øre (so that `rounding: krone` would drop two digits), and what else
    would help besides CSV or JSON."""

    what: str
    where: Where | None = None
    ore: bool = False
    advice: str = ""


def significant(value: Decimal) -> int:
    """Significant digits of a decimal as written: 24292.37 has 7, 500000.00 has 1."""
    return len("".join(map(str, value.as_tuple().digits)).strip("0"))


def beyond(value: int | Decimal, terms: int = 1) -> str | None:
    """Why a spreadsheet would not hold `value` exactly, or None where it does. An int is a
    whole number (exact below 2^53, whatever Excel shows of its 16th digit); a Decimal an
    amount in kroner or a ratio, which must also keep to 15 significant digits; `terms` > 1 says
    the value is ROUND(SUM(…), 2) of that many amounts with øre."""
    if not -DOUBLE_EXACT < value < DOUBLE_EXACT:
        return f"a spreadsheet holds numbers exactly only below 2^53 = {DOUBLE_EXACT:,}"
    if isinstance(value, Decimal):
        digits = significant(value)
        if digits > SIGNIFICANT:
            return f"it has {digits} significant digits, and a spreadsheet keeps and shows 15"
        ore = abs(value) * 100
        if terms > 1 and terms * ore >= SUM_EXACT:
            return (
                f"a sum of {terms:,} amounts with øre stays exact to the øre only while "
                f"{terms:,} × the sum in øre stays below 2^52 = {SUM_EXACT:,}"
            )
    return None


def check(
    value: int | Decimal, place: Callable[[], Place], *, terms: int = 1, unit: str = ""
) -> None:
    """Refuse the workbook (exit 2, nothing written) if `value` would not be exact; `place`
    says what it is, only asked for when it is refused."""
    why = beyond(value, terms)
    if why is not None:
        refuse(value, why, place(), unit)


def check_ore(ore: int, place: Callable[[], Place], *, terms: int = 1) -> None:
    """`check` for an amount of `ore` øre, written in kroner; quick for every amount below
    10^15 øre (at most 15 significant digits), the workbook's hundred thousand cells."""
    if -QUICK_ORE < ore < QUICK_ORE and terms * abs(ore) < SUM_EXACT:
        return
    check(Decimal(ore).scaleb(-2), place, terms=terms, unit=" kr.")


def refuse(value: int | Decimal, why: str, at: Place, unit: str = "") -> None:
    raise KlyngeError(
        f"{at.what}, {value:,}{unit}, is beyond the workbook's exact numbers: {why}. "
        f"{_advice(at, value)}",
        at.where,
    )


def _advice(place: Place, value: int | Decimal) -> str:
    """What would help: `rounding: krone` only where the number counts øre of a year rounded
    to the øre and would be exact in whole kroner; the place's own advice; CSV or JSON."""
    helps = []
    if place.ore:
        kroner = (
            value.to_integral_value(ROUND_HALF_UP) if isinstance(value, Decimal) else value // 100
        )
        if beyond(kroner) is None:
            helps.append("use `rounding: krone`")
    if place.advice:
        helps.append(place.advice)
    helps.append(ANY_SIZE)
    text = helps[0] if len(helps) == 1 else ", ".join(helps[:-1]) + ", or " + helps[-1]
    return text[0].upper() + text[1:] + "."


class Growth(NamedTuple):
    """1 + rate as a/b in lowest terms: the factor of one year (R7, R11)."""

    numerator: int
    denominator: int

    @classmethod
    def into(cls, terms: Terms, year: int) -> Growth:
        """1 + the rate from the year before to `year` (a year after the period's first)."""
        rate = terms.indexation[year] if isinstance(terms.indexation, Mapping) else terms.indexation
        factor = 1 + rate
        return cls(factor.numerator, factor.denominator)


class Factor(NamedTuple):
    """F(Y) = A/B as the sheet computes it: A = Π a, B = Π b over the years after the period's
    first up to Y (1/1 in the first year)."""

    numerator: int
    denominator: int

    @classmethod
    def of(cls, terms: Terms, year: int) -> Factor:
        a = b = 1
        for y in range(terms.first_year + 1, year + 1):
            growth = Growth.into(terms, y)
            a, b = a * growth.numerator, b * growth.denominator
        return cls(a, b)

    @property
    def products_exact(self) -> bool:
        """Whether the sheet's products Π a and Π b are exact (whole doubles)."""
        return self.numerator < DOUBLE_EXACT and self.denominator < DOUBLE_EXACT

    def indexed_fits(self, base_units: int) -> bool:
        """Whether QUOTIENT(2·base·A + B, 2·B) is exact in a spreadsheet."""
        a, b = self.numerator, self.denominator
        return bool(2 * base_units * a + b < QUOTIENT_EXACT and 2 * b < QUOTIENT_EXACT)

    def scaled_fits(self, numerator: int, scale: int) -> bool:
        """Whether QUOTIENT(2·N·A + s·B, 2·s·B) is exact: an amount of N/s øre (per
        inhabitant: s = q × u; a band: s = u) indexed and rounded to units."""
        a, b = self.numerator, self.denominator
        return bool(
            2 * numerator * a + scale * b < QUOTIENT_EXACT and 2 * scale * b < QUOTIENT_EXACT
        )


def rate_in_ore(terms: Terms) -> Fraction:
    """R13's rate, kr. per inhabitant, as øre per inhabitant p/q in lowest terms."""
    assert terms.rate is not None, "per-capita terms have a rate"
    return terms.rate * ORE_PER_KRONE


def per_capita_numerator(terms: Terms, population: int) -> tuple[int, int, int]:
    """(counted population, N before the bounds, N within them): N/q øre, R13 before F(Y)."""
    rate = rate_in_ore(terms)
    p, q = rate.numerator, rate.denominator
    counted = population if terms.max_population is None else min(population, terms.max_population)
    formula = terms.base * q + p * counted
    clamped = formula
    if terms.max_amount is not None:
        clamped = min(clamped, terms.max_amount * q)
    if terms.min_amount is not None:
        clamped = max(clamped, terms.min_amount * q)
    return counted, formula, clamped


def per_capita_fits(terms: Terms, factor: Factor, populations: Iterable[int]) -> bool:
    """Whether every step of R13 per inhabitant is exact for these populations: the products
    below 2^53, the final QUOTIENT's numerator below 10^14."""
    rate = rate_in_ore(terms)
    q, unit = rate.denominator, terms.unit
    bounds = [b * q for b in (terms.base, terms.min_amount, terms.max_amount) if b is not None]
    if any(b >= DOUBLE_EXACT for b in bounds) or not factor.products_exact:
        return False
    for population in populations:
        counted, formula, clamped = per_capita_numerator(terms, population)
        if rate.numerator * counted >= DOUBLE_EXACT or formula >= DOUBLE_EXACT:
            return False
        if not factor.scaled_fits(clamped, q * unit):
            return False
    return True


def bands_fit(terms: Terms, factor: Factor) -> bool:
    """Whether every band's amount, indexed and rounded, is exact (whichever band a reader's
    population falls in)."""
    return factor.products_exact and all(
        factor.scaled_fits(band.amount, terms.unit) for band in terms.bands
    )


def _krone_or_csv(in_kroner: bool) -> str:
    """What helps a split beyond its limits: `rounding: krone` where the same pool in whole
    kroner would fit (never where the cluster already rounds to kroner), else CSV or JSON."""
    if in_kroner:
        return "Use `rounding: krone`, or write CSV or JSON instead"
    return "Write CSV or JSON instead, which are exact at any size"


def check_cluster(
    cluster: Cluster, terms: Terms, largest_pool_units: int, split_population: int, members: int
) -> None:
    """Refuse a cluster whose split the workbook could not compute exactly (exit 2).

    `largest_pool_units` is the largest pool of any year in rounding units; `split_population`
    the largest population of all non-lead members together in any year.
    """
    product = largest_pool_units * split_population
    if product >= DOUBLE_EXACT:
        # In øre, `rounding: krone` helps where a pool of a hundredth as many units would fit.
        in_kroner = terms.unit == 1 and largest_pool_units // 100 * split_population < DOUBLE_EXACT
        raise KlyngeError(
            f"cluster {cluster.id}: the workbook's split formulas are exact only while pool × "
            f"population stays below 2^53 = {DOUBLE_EXACT:,}, and {largest_pool_units:,} units "
            f"× {split_population:,} inhabitants = {product:,} is beyond it. "
            + _krone_or_csv(in_kroner),
            cluster.where,
        )
    if split_population >= CRITERIA_EXACT:
        raise KlyngeError(
            f"cluster {cluster.id}: the workbook ranks remainders with COUNTIFS, which is exact "
            f"only for populations below 10^15, and the members have {split_population:,} "
            "inhabitants together. Check the population figures, or write CSV or JSON instead",
            cluster.where,
        )
    threshold: Fraction = terms.threshold
    if max(threshold.numerator, threshold.denominator) * members >= DOUBLE_EXACT:
        raise KlyngeError(
            f"cluster {cluster.id}: the threshold {threshold} has too many digits for the "
            "workbook's exact test p × denominator ≥ numerator × n (below 2^53); round it",
            cluster.where,
        )
    if (2 * largest_pool_units + 1) * members >= QUOTIENT_EXACT:
        in_kroner = terms.unit == 1 and (2 * (largest_pool_units // 100) + 1) * members < (
            QUOTIENT_EXACT
        )
        raise KlyngeError(
            f"cluster {cluster.id}: the workbook's pro-rata formula is exact only while "
            f"2 × pool × n stays below 10^14, and the pool is {largest_pool_units:,} units. "
            + _krone_or_csv(in_kroner),
            cluster.where,
        )
