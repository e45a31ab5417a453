"""Reading values out of a YAML `Document`: each mistake becomes a problem with its position.

The scenario loader asks a `Checker` for "a mapping with these keys", "a year", "an amount";
the checker records what is wrong (with did-you-mean suggestions) and returns None, so that
every problem of a file can be reported at once.
"""

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeVar

from klynge_cli.errors import KlyngeError
from klynge_cli.load.populations import FIRST_YEAR, LAST_YEAR, register
from klynge_cli.load.yamlfile import Document, Path_
from klynge_cli.model import PopulationTable
from klynge_cli.money import ore_from_decimal
from klynge_cli.names import name_key, shorten, suggest

MAX_AMOUNT_ORE = 10**15  # ten trillion kroner: far above any real agreement, far below trouble

T = TypeVar("T")


def describe(value: Any) -> str:
    """How a value reads in a message: 'a list', "the text 'abc'", 'the number 5'."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the value {str(value).lower()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int | Decimal):
        return f"the number {shorten(value)}"
    if isinstance(value, date):
        return f"the date {value.isoformat()}"
    return f"the text '{shorten(value)}'"


class Checker:
    """Reads values out of a `Document`, recording a problem (with position) for each mistake."""

    def __init__(self, document: Document) -> None:
        self.doc = document
        self.problems: list[KlyngeError] = []

    def fail(self, path: Path_, message: str, *, key: bool = False) -> None:
        self.problems.append(KlyngeError(message, self.doc.where(path, key=key)))

    def mapping(
        self,
        path: Path_,
        value: Any,
        what: str,
        allowed: Sequence[str] | None,
        required: Sequence[str] = (),
    ) -> dict[Any, Any] | None:
        """A mapping whose keys are all `allowed` (None: any key); unknown keys are reported."""
        if not isinstance(value, dict):
            self.fail(path, f"{what} must be a mapping of keys and values, not {describe(value)}")
            return None
        if allowed is None:
            return value
        for key in value:
            if key not in allowed:
                hint = suggest(str(key), {k: k for k in allowed}, key=str.lower)
                self.fail((*path, key), f"unknown key `{shorten(key)}` in {what}{hint}", key=True)
        for key in required:
            if key not in value:
                self.fail(path, f"{what} needs `{key}`")
        return {k: v for k, v in value.items() if k in allowed}

    def listed(self, path: Path_, value: Any, what: str) -> list[Any] | None:
        if not isinstance(value, list):
            self.fail(path, f"{what} must be a list, not {describe(value)}")
            return None
        return value

    def text(self, path: Path_, value: Any, what: str) -> str | None:
        if not isinstance(value, str) or not value.strip():
            self.fail(path, f"{what} must be text, not {describe(value)}")
            return None
        return value.strip()

    def integer(self, path: Path_, value: Any, what: str, low: int, high: int) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(path, f"{what} must be a whole number, not {describe(value)}")
            return None
        if not low <= value <= high:
            self.fail(path, f"{what} must be between {low} and {high}, not {value}")
            return None
        return value

    def year(self, path: Path_, value: Any, what: str) -> int | None:
        return self.integer(path, value, what, FIRST_YEAR, LAST_YEAR)

    def year_key(self, path: Path_, value: Any, what: str) -> int | None:
        """A year as a mapping key: `2024:` or, as JSON writes keys, `"2024":`."""
        if isinstance(value, str) and value.isdigit() and value.isascii() and len(value) == 4:
            value = int(value)
        return self.year(path, value, what)

    def number(self, path: Path_, value: Any, what: str) -> Decimal | None:
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            self.fail(path, f"{what} must be a number, not {describe(value)}")
            return None
        return Decimal(value)

    def amount(self, path: Path_, value: Any, what: str) -> int | None:
        """Kroner with at most two decimals, not negative → øre."""
        number = self.number(path, value, what)
        if number is None:
            return None
        ore = ore_from_decimal(number)
        if number < 0 or ore is None or ore > MAX_AMOUNT_ORE:
            self.fail(
                path, f"{what} must be kroner with at most two decimals, at least 0, not {value}"
            )
            return None
        return ore

    def ratio(
        self, path: Path_, value: Any, what: str, low: Fraction, high: Fraction
    ) -> Fraction | None:
        number = self.number(path, value, what)
        if number is None:
            return None
        ratio = Fraction(number)
        if not low <= ratio <= high:
            self.fail(path, f"{what} must be between {low} and {high}, not {value}")
            return None
        return ratio

    def choice(self, path: Path_, value: Any, what: str, options: Mapping[str, T]) -> T | None:
        if isinstance(value, str) and value in options:
            return options[value]
        hint = (
            suggest(str(value), {o: o for o in options}, key=str.lower)
            if isinstance(value, str)
            else ""
        )
        self.fail(path, f"{what} must be one of {', '.join(options)}, not {describe(value)}{hint}")
        return None

    def date(self, path: Path_, value: Any, what: str) -> date | None:
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.fail(path, f"{what} must be a date as YYYY-MM-DD, not {describe(value)}")
        return None


class Names:
    """Municipality names of the population data, found by any accepted spelling."""

    def __init__(self, table: PopulationTable) -> None:
        self.table = table
        self.by_key = {name_key(name): name for name in table.names}

    def find(self, raw: str) -> str | None:
        return self.by_key.get(name_key(raw))

    def problem(self, raw: str) -> str:
        known = register().find(raw)
        if known is not None:
            return f"{known.name} has no population figures in {self.table.file}"
        return f"unknown municipality '{shorten(raw)}'{suggest(raw, self.by_key)}"
