"""Words and number formats for people: English (default) or Danish (`--locale da`).

Danish amounts read `24.292 kr.` and `1.000.000 kr.`, dates `31.01.2022` or `1. jan. 2021`.
These few rules are written here rather than taken from Babel: Babel adds ~30 MB and a slow
import to format two separators and a date.

Two variants of each locale: the screen and the report translate the lead's role and the
policy names (`leadkommune`, `grundandele (baseline-shares)`), and the screen writes the unit
once in a header (`Amount (kr.)`) instead of in every cell; Markdown keeps the words and cells
it has always had.
"""

from __future__ import annotations

import re
from datetime import date
from fractions import Fraction

from klynge_cli.money import grouped, round_half_up

LOCALES = ("en", "da")

# Every word a person reads, English and Danish side by side.
WORDS: dict[str, tuple[str, str]] = {
    "municipality": ("Municipality", "Kommune"),
    "total": ("Total", "I alt"),
    "lead": ("lead", "lead"),  # where terms stay in the YAML's words
    "lead_role": ("lead", "leadkommune"),
    "top-up": ("top-up", "ekstra bidrag"),
    "co-funder": ("co-funder", "medfinansierer"),
    "top_ups": ("top-ups", "ekstra bidrag"),
    "co_funded": ("co-funded", "medfinansieret"),
    "they_pay": ("pay", "betaler"),
    "sweep_no_pool": (
        (
            "Under formula {formula} in {year} each member pays for its own inhabitants: a "
            "withdrawal redistributes nothing and nobody pays more, so there is nothing to sweep."
        ),
        (
            "Med formlen {formula} i {year} betaler hvert medlem for sine egne indbyggere: en "
            "udtrædelse fordeler intet om, og ingen betaler mere, så der er intet at gennemregne."
        ),
    ),
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
    "amounts_in_kr": ("Amounts in kr.", "Beløb i kr."),
    "kind": ("Kind", "Type"),
    "collect": ("collect", "indsamling"),
    "pay": ("pay", "betaling"),
    "co-fund": ("co-fund", "medfinansiering"),
    "reconfirm": ("reconfirm", "genbekræftelse"),
    # sweep
    "sweep_title": ("Sweep", "Gennemregning"),
    "sweep_story": (
        (
            "{p} of {n} members take part in {year}; every set of up to {k} of them leaving: "
            "{combinations} combinations."
        ),
        (
            "{p} af {n} medlemmer deltager i {year}; alle kombinationer, hvor op til {k} af dem "
            "træder ud: {combinations} kombinationer."
        ),
    ),
    "sweep_held": (
        "The pool is held with up to {k} of them gone.",
        "Puljen fastholdes, når op til {k} af dem træder ud.",
    ),
    "sweep_held_none": (
        "The pool is held only while none of them leaves.",
        "Puljen fastholdes kun, så længe ingen af dem træder ud.",
    ),
    "sweep_reduced": (
        "With {k} or more of them gone it is reduced ({policy}).",
        "Når {k} eller flere af dem træder ud, nedjusteres den: {policy}.",
    ),
    "sweep_reduced_now": (
        "The pool is already reduced as the scenario is written ({policy}).",
        "Puljen er allerede nedjusteret, som scenariet er skrevet: {policy}.",
    ),
    "more_withdrawals": ("More withdrawals", "Yderligere udtrædelser"),
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
        (
            "Each municipality's shares of the pools ({years}), summed over the years and "
            "clusters, one colour per cluster. The lead amounts are not in these bars: they "
            "follow below."
        ),
        (
            "Hver kommunes andele af puljerne ({years}), lagt sammen over årene og klyngerne, én "
            "farve pr. klynge. Leadkommunernes egne beløb er ikke med her: de står nedenfor."
        ),
    ),
    "lead_chart_caption": (
        (
            "The lead municipalities' own amounts ({years}): the lead amount of each year, summed, "
            "one bar per cluster led."
        ),
        (
            "Leadkommunernes egne beløb ({years}): leadbeløbet for hvert år, lagt sammen, én søjle "
            "pr. klynge, de er leadkommune for."
        ),
    ),
    "years": ("Years", "År"),
    "lead_amount": ("Lead amount a year", "Leadkommunens beløb pr. år"),
    "pool": ("Pool a year", "Pulje pr. år"),
    "threshold": ("Pool held while at least", "Puljen fastholdes, så længe mindst"),
    "policy": ("Below the threshold", "Under tærsklen"),
    "members": ("Members besides the lead", "Medlemmer ud over leadkommunen"),
    "formula": ("Formula", "Formel"),
    "funding": ("Who funds each office", "Hvem finansierer kontorerne"),
    "funding_title": ("{cluster}, {years}", "{cluster}, {years}"),
    "funding_payer": ("Paid by", "Betales af"),
    "funding_share": ("Share of the budget", "Andel af budgettet"),
    "funding_members": ("The {n} other members", "De {n} andre medlemmer"),
    "by_formula": ("by the formula", "efter formlen"),
    "per_inhabitant": ("Per inhabitant", "Pr. indbygger"),
    "per_inhabitant_text": (
        "{base}{rate} per inhabitant{cap}{bounds}",
        "{base}{rate} pr. indbygger{cap}{bounds}",
    ),
    "counting_at_most": (
        " (counting at most {population} inhabitants)",
        " (højst {population} indbyggere tælles med)",
    ),
    "bands_row": ("Bands by population", "Intervaller efter indbyggertal"),
    "band_up_to": ("up to {population}: {amount}", "op til {population}: {amount}"),
    "band_rest": ("above: {amount}", "derover: {amount}"),
    "indexation_row": ("Indexation a year", "Fremskrivning pr. år"),
    "series": ("{rates}", "{rates}"),
    "co_funders_row": ("Co-funders", "Medfinansiering"),
    "top_ups_row": ("Top-ups", "Ekstra bidrag"),
    "named_amount": ("{name} {amount} ({years})", "{name} {amount} ({years})"),
    "population_basis": ("Population basis", "Befolkningstal"),
    "population_fixed": ("1 January {year} for every year", "1. januar {year} for alle år"),
    "population_each": ("1 January of each year", "1. januar i hvert år"),
    "withdrawals": ("Withdrawals", "Udtrædelser"),
    "withdraws_from": ("{name} from {year}", "{name} fra {year}"),
    "none": ("none", "ingen"),
    "source": ("Population figures", "Befolkningstal"),
    "source_file": ("from {file}", "fra {file}"),
    "made_by": (
        "Made by klynge {version} from {file}",
        "Lavet med programmet klynge {version} ud fra {file}",
    ),
    "milestones": ("Reconfirmations", "Genbekræftelser"),
}

# SPEC R3's policies in Danish; the YAML keyword follows in parentheses, as the file writes it.
POLICY_WORDS = {
    "baseline-shares": "grundandele",
    "pro-rata": "forholdsmæssig",
    "fixed": "fast beløb",
}

# The English that klynge itself writes into a population file's `source` (the bundled data and
# `klynge populations import`), and its Danish.
SOURCE_PHRASES = (
    ("Danmarks Statistik Statbank export ", "eksport fra Danmarks Statistiks Statistikbank: "),
    ("municipal figures", "kommunale tal"),
    ("region total", "regionen i alt"),
)
SOURCE_DATE = re.compile(
    r"\b([1-9]|[12][0-9]|3[01]) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4})\b"
)
# The bundled data's `source`: "FOLK1A 2021K1", the first quarter's figure, which is 1 January.
FOLK1A_QUARTER = re.compile(r"\bFOLK1A ([0-9]{4})K1\b")
SOURCE_NUMBER = re.compile(r"\b\d{1,3}(?:,\d{3})+\b")

MONTHS = (  # abbreviated as CLDR abbreviates them
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    ("jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec."),
)


class Labels:
    """The words and number separators of one locale.

    `unit_in_header`: table cells hold bare amounts (`24,292`) and headers carry the unit.
    `translate_terms`: the lead's role and the policy names in the locale's words.
    """

    def __init__(
        self,
        locale: str,
        thousands: str,
        point: str,
        *,
        unit_in_header: bool = False,
        translate_terms: bool = False,
    ) -> None:
        self.locale = locale
        self.column = LOCALES.index(locale)
        self.thousands = thousands
        self.point = point
        self.unit_in_header = unit_in_header
        self.translate_terms = translate_terms

    def variant(self, *, unit_in_header: bool, translate_terms: bool) -> Labels:
        return Labels(
            self.locale,
            self.thousands,
            self.point,
            unit_in_header=unit_in_header,
            translate_terms=translate_terms,
        )

    def __getitem__(self, key: str) -> str:
        return WORDS[key][self.column]

    def kr(self, ore: int, *, decimals: bool = False) -> str:
        """'24,292 kr.' / '24.292 kr.'; øre are shown when there are any or when asked."""
        return grouped(ore, decimals=decimals, thousands=self.thousands, point=self.point) + " kr."

    def signed_kr(self, ore: int, *, decimals: bool = False) -> str:
        """A change: '+6,945 kr.', '−58,816 kr.' (a true minus sign)."""
        return ("+" if ore >= 0 else "−") + self.kr(abs(ore), decimals=decimals)

    def amount(self, ore: int, *, decimals: bool = False) -> str:
        """An amount in a table cell: '24,292 kr.', or '24,292' when the header has the unit."""
        if self.unit_in_header:
            return grouped(ore, decimals=decimals, thousands=self.thousands, point=self.point)
        return self.kr(ore, decimals=decimals)

    def signed_amount(self, ore: int, *, decimals: bool = False) -> str:
        return ("+" if ore >= 0 else "−") + self.amount(abs(ore), decimals=decimals)

    def with_unit(self, header: str) -> str:
        """A money column's header: 'Amount (kr.)' when the cells leave the unit out."""
        return f"{header} (kr.)" if self.unit_in_header else header

    def lead(self, name: str) -> str:
        """'Næstved (lead)'; 'Næstved (leadkommune)' where terms are translated."""
        word = self["lead_role"] if self.translate_terms else self["lead"]
        return f"{name} ({word})"

    def policy(self, policy: str) -> str:
        """'baseline-shares'; 'grundandele (baseline-shares)' where Danish terms are wanted."""
        if self.translate_terms and self.locale == "da" and policy in POLICY_WORDS:
            return f"{POLICY_WORDS[policy]} ({policy})"
        return policy

    def source(self, text: str) -> str:
        """A population file's `source` in this locale, as far as klynge wrote it: the bundled
        data's quarter ('FOLK1A 2021K1' → 'Danmarks Statistik FOLK1A, 1 Jan 2021'), dates
        ('1 Jan 2021' → '1. jan. 2021'), numbers ('838,840' → '838.840') and phrases. A user's
        own words stay as written."""
        text = FOLK1A_QUARTER.sub(r"Danmarks Statistik FOLK1A, 1 Jan \1", text)
        if self.locale == "en":
            return text
        text = SOURCE_DATE.sub(self._source_date, text)
        text = SOURCE_NUMBER.sub(lambda m: self.number(int(m[0].replace(",", ""))), text)
        for english, own in SOURCE_PHRASES:
            text = text.replace(english, own)
        return text

    def _source_date(self, match: re.Match[str]) -> str:
        try:
            day = date(int(match[3]), MONTHS[0].index(match[2]) + 1, int(match[1]))
        except ValueError:  # not a date after all (31 Feb): the user's text as written
            return match[0]
        return self.long_date(day)

    def long_date(self, day: date) -> str:
        """'1 Jan 2021' in English, '1. jan. 2021' in Danish."""
        month = MONTHS[self.column][day.month - 1]
        if self.locale == "da":
            return f"{day.day}. {month} {day.year}"
        return f"{day.day} {month} {day.year}"

    def decimal_kr(self, value: Fraction) -> str:
        """An exact rate in kroner as written: '8 kr.', '0.27 kr.', '0,808 kr.'."""
        whole, rest = divmod(value, 1)
        digits = ""
        while rest and len(digits) < 12:  # a decimal written in a file ends; 12 is plenty
            rest *= 10
            digit, rest = divmod(rest, 1)
            digits += str(int(digit))
        text = self.number(int(whole)) + (f"{self.point}{digits}" if digits else "")
        return f"{text} kr."

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
    """The words of Markdown, diffs and anything that must read as it always has."""
    return DANISH if locale == "da" else ENGLISH


def screen_labels(locale: str) -> Labels:
    """For tables on a screen (and the same text in files): the unit in the headers, terms
    in the locale's words."""
    return labels(locale).variant(unit_in_header=True, translate_terms=True)


def page_labels(locale: str) -> Labels:
    """For the printed report: terms in the locale's words, the unit beside each amount."""
    return labels(locale).variant(unit_in_header=False, translate_terms=True)
