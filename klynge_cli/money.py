"""Exact money: every amount is an `int` of øre, every ratio a `Fraction`. No floats, ever.

SPEC §2 "Money is exact" and §4 "Money in CSV and JSON is a decimal string with exactly two
decimals; shares are decimal strings with six decimals".
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction

from klynge_cli.numbers import is_digits

ORE_PER_KRONE = 100

#: The rounding units of SPEC §2 R4, in øre.
ROUNDING_UNITS = {"krone": ORE_PER_KRONE, "ore": 1}


def ore_from_decimal(value: Decimal) -> int | None:
    """Kroner as written (`Decimal('31250.5')`) to øre, or None if it has more than two decimals."""
    ore = value * ORE_PER_KRONE
    if ore != ore.to_integral_value():
        return None
    return int(ore)


def round_half_up(amount: Fraction, unit: int) -> int:
    """`amount` (øre, exact) rounded half up to a whole multiple of `unit` øre (SPEC R7)."""
    units = amount / unit
    return int((units + Fraction(1, 2)).__floor__()) * unit


def money_texts(ores: Iterable[int]) -> list[str]:
    """The contract's money strings: 3125000 → '31250.00', -50 → '-0.50'.

    Many at once, in one comprehension: an output can hold ten thousand amounts.
    """
    return [
        "%d.%02d" % divmod(o, ORE_PER_KRONE) if o >= 0 else "-%d.%02d" % divmod(-o, ORE_PER_KRONE)
        for o in ores
    ]


def money_text(ore: int) -> str:
    return money_texts((ore,))[0]


def ore_from_text(text: str) -> int | None:
    """The inverse of `money_text` for reading CSV files back; None if it is not money."""
    head, dot, tail = text.strip().partition(".")
    sign = -1 if head.startswith("-") else 1
    head = head.lstrip("+-")
    if not is_digits(head) or (dot and not (is_digits(tail) and len(tail) == 2)):
        return None
    return sign * (int(head) * ORE_PER_KRONE + (int(tail) if dot else 0))


def share_texts(parts: Iterable[int], wholes: Iterable[int]) -> list[str]:
    """Shares part/whole as the contract writes them: six decimals, half up ('0.048584');
    '' where the whole is 0 (the contract's empty share). Integer arithmetic only."""
    return [
        "%d.%06d" % divmod((2_000_000 * p + w) // (2 * w), 1_000_000) if w else ""
        for p, w in zip(parts, wholes, strict=True)
    ]


def grouped(ore: int, *, decimals: bool, thousands: str = ",", point: str = ".") -> str:
    """A human amount: 2429200 → '24,292' ('24,292.00' with decimals or when øre are left)."""
    sign = "-" if ore < 0 else ""
    kroner, rest = divmod(abs(ore), ORE_PER_KRONE)
    text = f"{kroner:,}".replace(",", thousands)
    if decimals or rest:
        text += f"{point}{rest:02d}"
    return sign + text
