"""Words and number formats for people: English (default) or Danish (`--locale da`).

Danish amounts read `24.292 kr.` and `1.000.000 kr.`, dates `31.01.2022` or `31. januar 2022`.
These few rules are written here rather than taken from Babel: Babel adds ~30 MB and a slow
import to format two separators and twelve month names.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from klynge_cli.money import grouped, round_half_up

DANISH_MONTHS = (
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
)  # fmt: skip

ENGLISH_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

LOCALES = ("en", "da")


class Labels:
    """The words and number separators of one locale."""

    def __init__(self, locale: str, words: dict[str, str], thousands: str, point: str) -> None:
        self.locale = locale
        self.words = words
        self.thousands = thousands
        self.point = point

    def __getitem__(self, key: str) -> str:
        return self.words[key]

    def kr(self, ore: int, *, decimals: bool = False) -> str:
        """'24,292 kr.' / '24.292 kr.'; øre are shown when there are any or when asked."""
        return grouped(ore, decimals=decimals, thousands=self.thousands, point=self.point) + " kr."

    def number(self, value: int) -> str:
        return f"{value:,}".replace(",", self.thousands)

    def percent(self, ratio: Fraction) -> str:
        """An exact ratio as a percentage with up to two decimals: '87.5 %', '81.25 %'."""
        hundredths = round_half_up(ratio * 10_000, 1)
        whole, rest = divmod(hundredths, 100)
        text = f"{whole}{self.point}{rest:02d}".rstrip("0").rstrip(self.point)
        return f"{text} %"

    def short_date(self, day: date) -> str:
        return (
            day.isoformat() if self.locale == "en" else f"{day.day:02d}.{day.month:02d}.{day.year}"
        )

    def long_date(self, day: date) -> str:
        if self.locale == "da":
            return f"{day.day}. {DANISH_MONTHS[day.month - 1]} {day.year}"
        return f"{day.day} {ENGLISH_MONTHS[day.month - 1]} {day.year}"


ENGLISH = Labels(
    "en",
    {
        "municipality": "Municipality",
        "total": "Total",
        "lead": "lead",
        "withdrawn": "withdrawn",
        "held": "held",
        "reduced": "reduced",
        "take_part": "take part",
        "of": "of",
        "pool": "pool",
        "pool_held": "pool held at",
        "pool_reduced": "pool reduced to",
        "bill_title": "Each municipality's bill across clusters",
        "schedule_title": "Payment schedule",
        "prefinances": (
            "{lead} pre-finances {amount} for {days} days, {start} to {end} ({cluster} {year})"
        ),
        "due_date": "Due date",
        "year": "Year",
        "cluster": "Cluster",
        "payer": "Payer",
        "payee": "Payee",
        "amount": "Amount",
        "kind": "Kind",
        "collect": "collect",
        "pay": "pay",
        "reconfirm": "reconfirm",
        "lead_pays": "lead",
        "paid_to": "paid to",
        "everyone": "everyone takes part",
        "single withdrawal": "a single withdrawal keeps the pool",
        "threshold": "at or above the threshold",
        "below": "below the threshold",
        "warning": "warning",
    },
    ",",
    ".",
)

DANISH = Labels(
    "da",
    {
        "municipality": "Kommune",
        "total": "I alt",
        "lead": "lead",
        "withdrawn": "udtrådt",
        "held": "fastholdt",
        "reduced": "nedjusteret",
        "take_part": "deltager",
        "of": "af",
        "pool": "pulje",
        "pool_held": "puljen fastholdes på",
        "pool_reduced": "puljen nedjusteres til",
        "bill_title": "Hver kommunes samlede betaling på tværs af klynger",
        "schedule_title": "Betalingsplan",
        "prefinances": (
            "{lead} forudbetaler {amount} i {days} dage, {start} til {end} ({cluster} {year})"
        ),
        "due_date": "Forfaldsdato",
        "year": "År",
        "cluster": "Klynge",
        "payer": "Betaler",
        "payee": "Modtager",
        "amount": "Beløb",
        "kind": "Type",
        "collect": "indsamling",
        "pay": "betaling",
        "reconfirm": "genbekræftelse",
        "lead_pays": "leadkommune",
        "paid_to": "betales til",
        "everyone": "alle deltager",
        "single withdrawal": "én udtrædelse fastholder puljen",
        "threshold": "på eller over tærsklen",
        "below": "under tærsklen",
        "warning": "advarsel",
    },
    ".",
    ",",
)


def labels(locale: str) -> Labels:
    return DANISH if locale == "da" else ENGLISH
