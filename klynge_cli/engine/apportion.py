"""The largest-remainder method on integers (SPEC R4). Pure: no I/O, no floats.

Each participant's exact quota is `total × weight / Σweight` units. Everyone gets the floor of
their quota; the units left over go one each to the largest fractional remainders. Ties on the
remainder go to the larger population first, then to the name that sorts first in Unicode
code-point order, so the result never depends on input order.

All quotas share the denominator Σweight, so remainders are compared as integer numerators:
exact and cheap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class Split:
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
    return sorted(range(len(names)), key=lambda i: (-remainders[i], -weights[i], names[i]))


def split(total: int, names: Sequence[str], weights: Sequence[int]) -> Split:
    """Split `total` whole units in proportion to `weights` (all > 0) by largest remainder."""
    denominator = sum(weights)
    if total and not denominator:
        raise ValueError("cannot split a positive total among nobody")
    pairs = [divmod(total * w, denominator) for w in weights] if denominator else []
    floors = tuple(p[0] for p in pairs)
    remainders = tuple(p[1] for p in pairs)
    ranking = claim_order(names, weights, remainders)
    units = list(floors)
    for index in ranking[: total - sum(floors)]:
        units[index] += 1
    return Split(
        total, tuple(names), tuple(weights), floors, remainders, tuple(ranking), tuple(units)
    )
