"""The largest-remainder method on integers (SPEC R4). Pure: no I/O, no floats.

Each participant's exact quota is `total × weight / Σweight` units. Everyone gets the floor of
their quota; the units left over go one each to the largest fractional remainders. Ties on the
remainder go to the larger population first, then to the name that sorts first in Unicode
code-point order, so the result never depends on input order.

All quotas share the denominator Σweight, so remainders are compared as integer numerators:
exact and cheap.
"""

from collections.abc import Sequence
from fractions import Fraction
from typing import NamedTuple


class Split(NamedTuple):
    """How `total` units were split among `names` (same order as given)."""

    total: int
    names: tuple[str, ...]
    weights: tuple[int, ...]
    floors: tuple[int, ...]
    remainders: tuple[int, ...]  # numerators over `denominator`
    ranking: tuple[int, ...]  # indices, best claim to a leftover unit first
    units: tuple[int, ...]

    @property
    def denominator(self) -> int:
        return sum(self.weights)

    @property
    def leftover(self) -> int:
        return self.total - sum(self.floors)

    def quota(self, index: int) -> Fraction:
        return Fraction(self.total * self.weights[index], self.denominator)

    def rank(self, index: int) -> int:
        """1-based place in the queue for leftover units."""
        return self.ranking.index(index) + 1


def claim_order(
    names: Sequence[str], weights: Sequence[int], remainders: Sequence[int]
) -> list[int]:
    """Indices by claim to a leftover unit: remainder, then population, then name (R4)."""
    claims = list(zip([-r for r in remainders], [-w for w in weights], names, strict=True))
    return sorted(range(len(claims)), key=claims.__getitem__)


def split(total: int, names: Sequence[str], weights: Sequence[int]) -> Split:
    """Split `total` whole units in proportion to `weights` (all > 0) by largest remainder."""
    denominator = sum(weights)
    if total and not denominator:
        raise ValueError("cannot split a positive total among nobody")
    floors = [total * w // denominator for w in weights] if denominator else []
    remainders = [total * w - f * denominator for w, f in zip(weights, floors, strict=True)]
    ranking = claim_order(names, weights, remainders)
    units = floors[:]
    for index in ranking[: total - sum(floors)]:
        units[index] += 1
    return Split(
        total,
        tuple(names),
        tuple(weights),
        tuple(floors),
        tuple(remainders),
        tuple(ranking),
        tuple(units),
    )
