"""Numbers as people type them into files and commands: ASCII digits only.

Python's `int()` and `str.isdigit()` also accept `²⁰²³`, `٢٠٢٣` and `2_023`; a year or an amount
written like that is a typing accident, never what a user meant, so klynge reads only 0-9.
"""

from __future__ import annotations

from klynge_cli.limits import MAX_DIGITS


def is_digits(text: str) -> bool:
    """Whether `text` is one or more of the ASCII digits 0-9, and nothing else."""
    return text.isascii() and text.isdigit()


def whole_number(text: str) -> int | None:
    """`'36713'`, `'+5'`, `'-2'` → int; None for anything else (other digits, spaces inside,
    underscores, more than MAX_DIGITS digits)."""
    digits = text[1:] if text[:1] in ("+", "-") else text
    if not is_digits(digits) or len(digits) > MAX_DIGITS:
        return None
    return int(text)
