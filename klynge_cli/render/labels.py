"""Words and number formats for people: English (default) or Danish (`--locale da`).

Danish amounts read `24.292 kr.` and `1.000.000 kr.`, dates `31.01.2022`.
These few rules are written here rather than taken from Babel: Babel adds ~30 MB and a slow
import to format two separators and a date.
"""

from datetime import date
from fractions import Fraction

from klynge_cli.money import grouped, round_half_up

LOCALES = ("en", "da")

# Every word a person reads, English and Danish side by side.
WORDS: dict[str, tuple[str, str]] = {
    "municipality": ("Municipality", "Kommune"),
    "total": ("Total", "I alt"),
    "lead": ("lead", "lead"),
    "withdrawn": ("withdrawn", "udtrådt"),
    "held": ("held", "fastholdt"),
    "reduced": ("reduced", "nedjusteret"),
    "take_part": ("take part", "deltager"),
    "of": ("of", "af"),
    "pool_held": ("pool held at", "puljen fastholdes på"),
    "pool_reduced": ("pool reduced to", "puljen nedjusteres til"),
    "single withdrawal": ("a single withdrawal keeps the pool", "én udtrædelse fastholder puljen"),
    "lead_pays": ("lead", "leadkommune"),
    "paid_to": ("paid to", "betales til"),
    "bill_title": ("Each municipality's bill across clusters", "Hver kommunes samlede betaling"),
    "what-if": ("what-if", "hvad nu hvis"),
    "schedule_title": ("Payment schedule", "Betalingsplan"),
    "prefinances": (
        "{lead} pre-finances {amount} for {days} days, {start} to {end} ({cluster} {year})",
        "{lead} forudbetaler {amount} i {days} dage, {start} til {end} ({cluster} {year})",
    ),
    "due_date": ("Due date", "Forfaldsdato"),
    "year": ("Year", "År"),
    "cluster": ("Cluster", "Klynge"),
    "payer": ("Payer", "Betaler"),
    "payee": ("Payee", "Modtager"),
    "amount": ("Amount", "Beløb"),
    "kind": ("Kind", "Type"),
    "collect": ("collect", "indsamling"),
    "pay": ("pay", "betaling"),
    "reconfirm": ("reconfirm", "genbekræftelse"),
    # sweep
    "sweep_title": ("Sweep", "Gennemregning"),
    "sweep_story": (
        (
            "{p} of {n} members take part in {year}; every set of up to {k} more withdrawals among "
            "them: {combinations} combinations."
        ),
        (
            "{p} af {n} medlemmer deltager i {year}; alle kombinationer af op til {k} udtrædelser "
            "mere: {combinations} kombinationer."
        ),
    ),
    "sweep_held": (
        "The pool is held with up to {k} more withdrawals.",
        "Puljen fastholdes med op til {k} udtrædelser mere.",
    ),
    "sweep_reduced": (
        "From {k} more withdrawals on it is reduced ({policy}).",
        "Fra {k} udtrædelser mere nedjusteres den ({policy}).",
    ),
    "more_withdrawals": ("More withdrawals", "Udtrædelser mere"),
    "combinations": ("Combinations", "Kombinationer"),
    "count_held": ("Pool held", "Pulje fastholdt"),
    "count_reduced": ("Pool reduced", "Pulje nedjusteret"),
    "smallest_pool": ("Smallest pool", "Mindste pulje"),
    "largest_pool": ("Largest pool", "Største pulje"),
    "now": ("Now", "Nu"),
    "worst_case": ("Worst case", "Højeste beløb"),
    "increase": ("Increase", "Stigning"),
    "when_these_leave": ("When these leave", "Når disse træder ud"),
    "as_it_is": ("(as it is)", "(som nu)"),
    # report
    "agreement": ("The agreement", "Aftalen"),
    "who_pays_what": ("Who pays what", "Hvem betaler hvad"),
    "allocation": ("Allocation per cluster and year", "Fordeling pr. klynge og år"),
    "chart_caption": (
        "Each municipality's payments over all clusters and years",
        "Hver kommunes betalinger over alle klynger og år",
    ),
    "years": ("Years", "År"),
    "lead_amount": ("Lead amount a year", "Leadkommunens beløb pr. år"),
    "pool": ("Pool a year", "Pulje pr. år"),
    "threshold": ("Pool held while at least", "Puljen fastholdes, så længe mindst"),
    "policy": ("Below the threshold", "Under tærsklen"),
    "members": ("Members besides the lead", "Medlemmer ud over leadkommunen"),
    "population_basis": ("Population basis", "Befolkningstal"),
    "population_fixed": ("1 January {year} for every year", "1. januar {year} for alle år"),
    "population_each": ("1 January of each year", "1. januar i hvert år"),
    "withdrawals": ("Withdrawals", "Udtrædelser"),
    "withdraws_from": ("{name} from {year}", "{name} fra {year}"),
    "none": ("none", "ingen"),
    "source": ("Population figures", "Befolkningstal"),
    "made_by": ("Made by klynge {version} from {file}", "Lavet med klynge {version} ud fra {file}"),
    "milestones": ("Reconfirmations", "Genbekræftelser"),
}


class Labels:
    """The words and number separators of one locale."""

    def __init__(self, locale: str, thousands: str, point: str) -> None:
        self.locale = locale
        self.column = LOCALES.index(locale)
        self.thousands = thousands
        self.point = point

    def __getitem__(self, key: str) -> str:
        return WORDS[key][self.column]

    def kr(self, ore: int, *, decimals: bool = False) -> str:
        """'24,292 kr.' / '24.292 kr.'; øre are shown when there are any or when asked."""
        return grouped(ore, decimals=decimals, thousands=self.thousands, point=self.point) + " kr."

    def signed_kr(self, ore: int, *, decimals: bool = False) -> str:
        """A change: '+6,945 kr.', '−58,816 kr.' (a true minus sign)."""
        return ("+" if ore >= 0 else "−") + self.kr(abs(ore), decimals=decimals)

    def number(self, value: int) -> str:
        return f"{value:,}".replace(",", self.thousands)

    def percent(self, ratio: Fraction) -> str:
        """An exact ratio as a percentage with up to two decimals: '87.5 %', '81,25 %'."""
        hundredths = round_half_up(ratio * 10_000, 1)
        whole, rest = divmod(hundredths, 100)
        text = f"{whole}{self.point}{rest:02d}".rstrip("0").rstrip(self.point)
        return f"{text} %"

    def short_date(self, day: date) -> str:
        """'2022-01-31' in English, '31.01.2022' in Danish."""
        if self.locale == "da":
            return f"{day.day:02d}.{day.month:02d}.{day.year}"
        return day.isoformat()


ENGLISH = Labels("en", ",", ".")
DANISH = Labels("da", ".", ",")


def labels(locale: str) -> Labels:
    return DANISH if locale == "da" else ENGLISH
