"""Reading values out of a YAML `Document`: each mistake becomes a problem with its position.

The scenario loader asks a `Checker` for "a mapping with these keys", "a year", "an amount";
the checker records what is wrong (with did-you-mean suggestions) and returns None, so that
every problem of a file can be reported at once.
"""

import contextlib
import re
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeVar

from klynge_cli.errors import KlyngeError
from klynge_cli.limits import FIRST_YEAR, LAST_YEAR
from klynge_cli.load.populations import register
from klynge_cli.load.yamlfile import Document, Path_
from klynge_cli.model import PopulationTable
from klynge_cli.money import ORE_PER_KRONE, ore_from_decimal
from klynge_cli.names import name_key, shorten, suggest
from klynge_cli.numbers import is_digits

MAX_AMOUNT_ORE = 10**15  # ten trillion kroner: far above any real agreement, far below trouble

T = TypeVar("T")

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


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
    return f"the text '{shorten(value)}'{yaml11_hint(str(value))}"


_YAML11_BOOLEANS = {"yes": "true", "no": "false", "on": "true", "off": "false", "y": "true"}
_SEXAGESIMAL = re.compile(r"[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+")
_GROUPED = re.compile(r"[0-9]{1,3}([.,][0-9]{3})+|[0-9]{1,3}( [0-9]{3})+")


def yaml11_hint(text: str) -> str:
    """Why a text that older YAML read as a value is text here: klynge reads YAML 1.2."""
    word = text.strip()
    if word.lower() in _YAML11_BOOLEANS:
        return (
            f" (YAML 1.1 read `{word}` as {_YAML11_BOOLEANS[word.lower()]}; klynge reads YAML "
            f"1.2, where it is text: write {_YAML11_BOOLEANS[word.lower()]})"
        )
    if _SEXAGESIMAL.fullmatch(word):
        value = 0
        for part in word.lstrip("+-").replace("_", "").split(":"):
            value = value * 60 + int(part)
        return (
            f" (YAML 1.1 read `{word}` as the base-60 number {value}; klynge reads YAML 1.2, "
            f"where it is text: write {value})"
        )
    if word[:2].lower() in ("0x", "0o", "0b"):
        return " (0x, 0o and 0b start hexadecimal, octal and binary numbers: not a number here)"
    if _GROUPED.fullmatch(word):
        return f" (write numbers without thousands separators: {re.sub('[.,]', '', word)})"
    return ""


def _decimal(value: Fraction) -> str:
    """-99/100 as '-0.99' (the bounds of rates are written as decimals in a scenario)."""
    return str(Decimal(value.numerator) / Decimal(value.denominator))


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
        misplaced: Mapping[str, str] | None = None,
    ) -> dict[Any, Any] | None:
        """A mapping whose keys are all `allowed` (None: any key); unknown keys are reported,
        and a key that belongs elsewhere (`misplaced`: key → where it belongs) says so."""
        if not isinstance(value, dict):
            self.fail(path, f"{what} must be a mapping of keys and values, not {describe(value)}")
            return None
        if allowed is None:
            return value
        for key in value:
            if key in allowed:
                continue
            if misplaced and key in misplaced:
                self.fail((*path, key), f"`{key}` {misplaced[key]}, not in {what}", key=True)
            else:
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
        """One line of text, not empty."""
        if isinstance(value, str) and not value.strip():
            self.fail(path, f"{what} is empty")
            return None
        if not isinstance(value, str):
            self.fail(path, f"{what} must be text, not {describe(value)}")
            return None
        if "\n" in value.strip() or "\r" in value.strip():
            self.fail(path, f"{what} must be one line of text")
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
        if isinstance(value, str) and is_digits(value) and len(value) == 4:
            value = int(value)
        return self.year(path, value, what)

    def years_mapping(self, path: Path_, value: Any, what: str) -> dict[int, tuple[Any, Path_]]:
        """A mapping from years to values (`{2024: 300000}`): each value with its path. A year
        written twice, even once as `2024` and once as `"2024"`, is a duplicate."""
        given = self.mapping(path, value, what, None)
        found: dict[int, tuple[Any, Path_]] = {}
        for key, raw in (given or {}).items():
            key_path: Path_ = (*path, key)
            year = self.year_key(key_path, key, f"{what}: each key (a year)")
            if year is None:
                continue
            if year in found:
                self.fail(key_path, f"{year} is given twice in {what}", key=True)
                continue
            found[year] = (raw, key_path)
        return found

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
        # `500.000` is five hundred thousand to a Dane and five hundred to YAML: refuse it.
        three_decimals = isinstance(value, Decimal) and value.as_tuple().exponent == -3
        if three_decimals or number < 0 or ore is None:
            hint = (
                f" (for {value * 1000:.0f} kr. write {value * 1000:.0f}: no thousands separator)"
                if three_decimals
                else ""
            )
            self.fail(
                path,
                f"{what} must be kroner with at most two decimals, at least 0, not {value}{hint}",
            )
            return None
        if ore > MAX_AMOUNT_ORE:
            most = f"{MAX_AMOUNT_ORE // ORE_PER_KRONE:,}"
            self.fail(
                path, f"{what} is {value} kr.; klynge allows at most {most} kr. (docs/limits.md)"
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
            self.fail(path, f"{what} must be between {_decimal(low)} and {_decimal(high)}, "
                            f"not {value}")  # fmt: skip
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
        """A date as YYYY-MM-DD in the years klynge reads (FIRST_YEAR-LAST_YEAR)."""
        day = value if isinstance(value, date) else None
        if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
            with contextlib.suppress(ValueError):  # 2021-02-30
                day = date.fromisoformat(value.strip())
        if day is None:
            self.fail(path, f"{what} must be a date as YYYY-MM-DD, not {describe(value)}")
            return None
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            self.fail(path, f"{what} must be a date in {FIRST_YEAR}-{LAST_YEAR}, not {day}")
            return None
        return day


class Names:
    """The 98 municipalities, found by any accepted spelling and shown as the population data
    writes them (else as the municipality table does)."""

    def __init__(self, table: PopulationTable) -> None:
        self.table = table
        known = register()
        self.by_key = {**known.shown, **{name_key(name): name for name in table.names}}

    def find(self, raw: str) -> str | None:
        return self.by_key.get(name_key(raw))

    def problem(self, raw: str) -> str:
        return f"unknown municipality '{shorten(raw)}'{suggest(raw, self.by_key)}"

    def in_region(self, region: str) -> list[str]:
        """A region's municipalities (SPEC R16: from the municipality table), as shown here."""
        return sorted(self.by_key[name_key(name)] for name in register().in_region(region))
