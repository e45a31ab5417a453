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
  exact to 2^53); the indexation and pro-rata formulas use QUOTIENT plainly and are written
  only while their numerator stays below 10^14. An indexed amount beyond that is written as
  klynge's value, with a note on the sheet.
- COUNTIFS compares numbers through their text ('>' & remainder), which keeps 15 significant
  digits: populations of the split must stay below 10^15.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import NamedTuple

from klynge_cli.errors import KlyngeError
from klynge_cli.model import Cluster, Terms

DOUBLE_EXACT = 2**53  # 9,007,199,254,740,992: every whole number below it is a double
QUOTIENT_EXACT = 10**14  # LibreOffice's QUOTIENT is exact below this numerator (measured)
CRITERIA_EXACT = 10**15  # numbers in COUNTIFS criteria keep 15 significant digits


class Growth(NamedTuple):
    """1 + rate as a/b in lowest terms (R7)."""

    numerator: int
    denominator: int

    @classmethod
    def of(cls, terms: Terms) -> Growth:
        assert not isinstance(terms.indexation, Mapping), "a series is not written as a rate"
        factor = 1 + terms.indexation
        return cls(factor.numerator, factor.denominator)

    def indexed_fits(self, base_units: int, k: int) -> bool:
        """Whether QUOTIENT(2·base·aᵏ + bᵏ, 2·bᵏ) is exact in a spreadsheet."""
        a, b = pow(self.numerator, k), pow(self.denominator, k)
        return bool(2 * base_units * a + b < QUOTIENT_EXACT and 2 * b < QUOTIENT_EXACT)


def check_cluster(
    cluster: Cluster, terms: Terms, largest_pool_units: int, split_population: int, members: int
) -> None:
    """Refuse a cluster whose split the workbook could not compute exactly (exit 2).

    `largest_pool_units` is the largest pool of any year in rounding units; `split_population`
    the largest population of all non-lead members together in any year.
    """
    product = largest_pool_units * split_population
    if product >= DOUBLE_EXACT:
        raise KlyngeError(
            f"cluster {cluster.id}: the workbook's split formulas are exact only while pool × "
            f"population stays below 2^53 = {DOUBLE_EXACT:,}, and {largest_pool_units:,} units "
            f"× {split_population:,} inhabitants = {product:,} is beyond it. Write CSV or JSON "
            "instead, or use `rounding: krone`",
            cluster.where,
        )
    if split_population >= CRITERIA_EXACT:
        raise KlyngeError(
            f"cluster {cluster.id}: the workbook ranks remainders with COUNTIFS, which is exact "
            f"only for populations below 10^15, and the members have {split_population:,} "
            "inhabitants together",
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
        raise KlyngeError(
            f"cluster {cluster.id}: the workbook's pro-rata formula is exact only while "
            f"2 × pool × n stays below 10^14, and the pool is {largest_pool_units:,} units",
            cluster.where,
        )
