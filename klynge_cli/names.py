"""Recognising municipality and region names as people write them.

SPEC §3: names match case-insensitively, ignore a trailing " Kommune" and accept the ASCII
spellings ae/oe/aa for æ/ø/å. A name is always shown as the population data writes it.
"""

from __future__ import annotations

import difflib
import functools
import unicodedata
from collections.abc import Callable, Iterable, Mapping

_ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})


@functools.lru_cache(maxsize=4096)  # a population file names each municipality once a year
def name_key(name: str) -> str:
    """The form two spellings of one municipality share: 'Næstved Kommune' → 'naestved'."""
    text = " ".join(unicodedata.normalize("NFC", name).split()).casefold()
    text = text.removesuffix(" kommune")
    return text.translate(_ASCII)


def region_key(name: str) -> str:
    """Like `name_key`, and 'Region Sjælland' is 'Sjælland'."""
    key = name_key(name)
    return key.removeprefix("region ")


def suggest(name: str, known: Mapping[str, str], *, key: Callable[[str], str] = name_key) -> str:
    """' (did you mean Næstved?)' for a near miss among `known` (key → shown name), else ''."""
    close = difflib.get_close_matches(key(name), list(known), n=1, cutoff=0.6)
    return f" (did you mean {known[close[0]]}?)" if close else ""


def listing(names: Iterable[str], limit: int = 8) -> str:
    """'a, b, c' or 'a, b, … (20 in all)' for messages."""
    items = list(names)
    if len(items) <= limit:
        return ", ".join(items)
    return ", ".join(items[:limit]) + f", … ({len(items)} in all)"


def shorten(text: object, limit: int = 40) -> str:
    """A user's value as a message shows it: whole if short, else its start and '…'."""
    shown = str(text)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"
