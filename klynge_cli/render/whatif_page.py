"""The report's "What if they leave?" section: pick a cluster and a year, tick who leaves.

The figures are klynge's own: `engine/outcomes.py` computes, in advance, the outcome of every
withdrawal set the page offers, and this module embeds them as JSON in the page. The inline
script (`whatif.js`) only looks amounts up and adds them; it never splits a pool. Without
JavaScript the section is a note that names the command giving the same answers, and the rest
of the report is unchanged.

The test contract (issue 15): the section is `<section id="whatif">`; the pickers are
`select#whatif-cluster` (option values: cluster ids) and `select#whatif-year` (option values:
years); each member that may leave has a labelled `input[type=checkbox][data-withdraw=NAME]`;
each municipality's amount is in an element with `data-municipality=NAME` and `data-amount`
in the CSV contract's money format (`render/records.money_text`), equal to the `whatif` column
of `klynge whatif SCENARIO --withdraw NAME@YEAR ... --cluster ID --format csv` for that year.
Nothing else in the section carries `data-municipality` or `data-amount`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from fractions import Fraction
from functools import cache
from html import escape
from importlib.resources import files
from pathlib import PurePath
from typing import Any

from klynge_cli.engine.outcomes import YearOutcomes, outcomes
from klynge_cli.engine.rules import hold_reason
from klynge_cli.model import Cluster, Terms, Withdrawal
from klynge_cli.render.labels import Labels
from klynge_cli.resources import default_scenario
from klynge_cli.result import Allocation

# The roles of the rows the page shows: the lead and the members (tickable or withdrawn). Rows
# of any other role (SPEC §7's top-ups and co-funders) are left out until the page models them.
MEMBER_ROLES = ("lead", "member", "withdrawn")

# The section's words, English and Danish side by side (the report's own are in labels.py).
# `{…}` are filled in by the script.
WORDS: dict[str, tuple[str, str]] = {
    "title": ("What if they leave?", "Hvad hvis … træder ud?"),
    "no_script": (
        (
            "This section works out what happens when municipalities leave. It needs JavaScript, "
            "which is switched off here; the rest of the page is complete without it. The same "
            "answers on the command line:"
        ),
        (
            "Dette afsnit regner ud, hvad der sker, når kommuner træder ud. Det kræver JavaScript, "
            "som er slået fra her; resten af siden er komplet uden. Samme svar på kommandolinjen:"
        ),
    ),
    "name_year": ("NAME@YEAR", "NAVN@ÅR"),
    "intro": (
        (
            "Pick a cluster and a year, and tick the municipalities that leave from that year. "
            "Every amount is klynge's own, worked out in advance for each case this page offers."
        ),
        (
            "Vælg en klynge og et år, og sæt kryds ved de kommuner, der træder ud fra det år. "
            "Alle beløb er regnet ud på forhånd af programmet klynge, for hvert tilfælde siden "
            "tilbyder."
        ),
    ),
    "cluster": ("Cluster", "Klynge"),
    "year": ("Year", "År"),
    "clear": ("Nobody leaves", "Ingen træder ud"),
    "leaves": ("Leaves", "Træder ud"),
    "as_written": ("As written", "Som nu"),
    "what_if": ("What if", "Hvis"),
    "change": ("Change", "Ændring"),
    "left_from": ("left from {year}", "udtrådt fra {year}"),
    "leaves_later": ("leaves from {year}", "træder ud fra {year}"),
    "nobody": (
        "Nobody else leaves: the scenario as written.",
        "Ingen flere træder ud: scenariet, som det er.",
    ),
    "leave": ("{names} leave {cluster} from {year}.", "{names} træder ud af {cluster} fra {year}."),
    "leaves_one": (
        "{names} leaves {cluster} from {year}.",
        "{names} træder ud af {cluster} fra {year}.",
    ),
    "and": ("and", "og"),
    "take_part": (
        "{p} of {n} members take part: {p}/{n} = {percent} {sign} {threshold}",
        "{p} af {n} medlemmer deltager: {p}/{n} = {percent} {sign} {threshold}",
    ),
    "single": ("a single withdrawal keeps the pool", "én udtrædelse fastholder puljen"),
    "held": ("the pool is held at {pool}", "puljen fastholdes på {pool}"),
    "formula_pay": (
        (
            "{p} of {n} pay (formula {formula}): each pays for its own inhabitants, so nothing "
            "moves to the others (R13)."
        ),
        (
            "{p} af {n} betaler (formel {formula}): hver betaler for sine egne indbyggere, så "
            "intet flyttes over på de andre (R13)."
        ),
    ),
    "reduced": (
        "the pool is reduced to {pool}, {policy}: {how}.",
        "puljen nedjusteres til {pool}, {policy}: {how}.",
    ),
    "reduced_unknown": ("the pool is reduced, {policy}.", "puljen nedjusteres, {policy}."),
    "baseline-shares": (
        "everyone still in pays what it pays when all take part",
        "alle, der stadig er med, betaler det samme som ved fuld deltagelse",
    ),
    "pro-rata": (
        "the pool × {p}/{n}, split by population",
        "puljen × {p}/{n}, fordelt efter indbyggertal",
    ),
    "fixed": (
        "the reduced pool agreed for {year}, split by population",
        "den aftalte nedsatte pulje for {year}, fordelt efter indbyggertal",
    ),
    "lead_pays": (
        "{lead} pays {amount} as lead; {payee} receives {total} in {year}.",
        "{lead} betaler {amount} som leadkommune; {payee} modtager {total} i {year}.",
    ),
    "beyond": (
        (
            "The amounts for {k} leaving are not embedded in this page: there are too many such "
            "cases to work out in advance. This command of klynge answers it:"
        ),
        (
            "Beløbene, når {k} træder ud, er ikke med på denne side: der er for mange af den slags "
            "tilfælde til at regne dem ud på forhånd. Denne kommando i programmet klynge svarer:"
        ),
    ),
    "refused": (
        "klynge refuses this case: {message}",
        "programmet klynge afviser dette tilfælde: {message}",
    ),
    "command": ("The same on the command line:", "Det samme på kommandolinjen:"),
    "bills": (
        "Each municipality's bill across clusters in {year}",
        "Hver kommunes samlede betaling i {year}",
    ),
    "bills_note": (
        "The other clusters as written; only {cluster} changes.",
        "De øvrige klynger som i scenariet; kun {cluster} ændres.",
    ),
    "share": ("Link to this selection", "Link til dette valg"),
    "copy": ("Copy link", "Kopiér link"),
    "copied": ("Copied.", "Kopieret."),
    "share_note": (
        "The part after # holds the selection: it opens the same case in any copy of this page.",
        "Delen efter # rummer valget: det åbner samme tilfælde i enhver kopi af denne side.",
    ),
    "printed": (
        "Selection: {cluster}, {year}. Leaving: {names}.",
        "Valg: {cluster}, {year}. Træder ud: {names}.",
    ),
    "no_one": ("nobody", "ingen"),
}


def _words(labels: Labels) -> dict[str, str]:
    own = {key: pair[labels.column] for key, pair in WORDS.items()}
    for key in ("municipality", "total", "withdrawn"):
        own[key] = labels[key]
    return own


@cache
def _asset(name: str) -> str:
    return files(__package__).joinpath(name).read_text(encoding="utf-8")


def whatif_style() -> str:
    """The section's CSS, for the page's one style sheet."""
    return _asset("whatif.css")


SAFE_ARGUMENT = re.compile(r"[\w.@/+=:,-]+")


def shell_word(text: str) -> str:
    """`text` as one shell word: as it is when it holds nothing the shell reads, else quoted."""
    if SAFE_ARGUMENT.fullmatch(text):
        return text
    return "'" + text.replace("'", "'\\''") + "'"


def _command_file(file: str) -> str:
    """The scenario as `klynge whatif` is told it: by file name (the page holds no folder,
    so its bytes do not depend on where klynge ran), and nothing for the bundled scenario."""
    return "" if file == str(default_scenario()) else shell_word(PurePath(file).name)


def whatif_section(allocation: Allocation, labels: Labels) -> str:
    """The section: a note for readers without JavaScript, the controls, the data, the script."""
    words = _words(labels)
    scenario = allocation.scenario
    file = _command_file(scenario.file)
    example = " ".join(
        part
        for part in ("klynge whatif", file, f"--withdraw {words['name_year']} --cluster ID")
        if part
    )
    clusters = [
        c
        for c in scenario.clusters
        if any(cy.cluster.id == c.id for cy in allocation.cluster_years)
    ]
    if not clusters:
        return ""
    first = clusters[0]
    cluster_options = "".join(
        f'<option value="{escape(c.id)}">{escape(c.name)} ({escape(c.id)})</option>'
        for c in clusters
    )
    year_options = "".join(
        f'<option value="{cy.year}">{cy.year}</option>'
        for cy in allocation.cluster_years
        if cy.cluster.id == first.id
    )
    data = _page_data(allocation, labels, words, file)
    return "".join(
        [
            '<section id="whatif" class="whatif" aria-labelledby="whatif-title">',
            f'<h2 id="whatif-title">{escape(words["title"])}</h2>',
            f'<p class="whatif-no-script">{escape(words["no_script"])} ',
            f"<code>{escape(example)}</code></p>",
            '<div class="whatif-app" hidden>',
            f'<p class="whatif-intro">{escape(words["intro"])}</p>',
            '<div class="whatif-pick">',
            f'<span><label for="whatif-cluster">{escape(words["cluster"])}</label> ',
            f'<select id="whatif-cluster">{cluster_options}</select></span> ',
            f'<span><label for="whatif-year">{escape(words["year"])}</label> ',
            f'<select id="whatif-year">{year_options}</select></span> ',
            f'<button type="button" id="whatif-clear">{escape(words["clear"])}</button>',
            "</div>",
            '<p class="whatif-printed" id="whatif-printed"></p>',
            '<div id="whatif-summary" class="whatif-summary" role="status" aria-live="polite"',
            ' aria-atomic="true"></div>',
            '<div class="whatif-results keep">',
            '<table class="whatif-table"><caption id="whatif-caption"></caption><thead><tr>',
            f'<th scope="col">{escape(words["leaves"])}</th>',
            f'<th scope="col">{escape(words["municipality"])}</th>',
            f'<th scope="col" class="num">{escape(words["as_written"])}</th>',
            f'<th scope="col" class="num">{escape(words["what_if"])}</th>',
            f'<th scope="col" class="num">{escape(words["change"])}</th>',
            '</tr></thead><tbody id="whatif-rows"></tbody><tfoot id="whatif-foot"></tfoot></table>',
            "</div>",
            '<p class="whatif-command"><span id="whatif-command-label"></span> ',
            '<code id="whatif-command"></code></p>',
            '<div class="whatif-bills keep"><h3 id="whatif-bills-title"></h3>',
            '<table class="whatif-table"><thead><tr>',
            f'<th scope="col">{escape(words["municipality"])}</th>',
            f'<th scope="col" class="num">{escape(words["as_written"])}</th>',
            f'<th scope="col" class="num">{escape(words["what_if"])}</th>',
            f'<th scope="col" class="num">{escape(words["change"])}</th>',
            '</tr></thead><tbody id="whatif-bills"></tbody></table>',
            '<p class="whatif-note" id="whatif-bills-note"></p></div>',
            '<div class="whatif-share">',
            f'<label for="whatif-link">{escape(words["share"])}</label> ',
            '<input id="whatif-link" type="text" readonly> ',
            f'<button type="button" id="whatif-copy">{escape(words["copy"])}</button> ',
            '<span id="whatif-copied" role="status" aria-live="polite"></span>',
            f'<p class="whatif-note">{escape(words["share_note"])}</p>',
            "</div>",
            "</div>",
            f'<script type="application/json" id="whatif-data">{_json(data)}</script>',
            f"<script>{_asset('whatif.js')}</script>",
            "</section>",
        ]
    )


def _json(data: Any) -> str:
    """Compact, deterministic JSON that cannot end the script element it sits in."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _units(amounts: Iterable[int], unit: int) -> str:
    """Amounts (øre) as whole rounding units, comma-separated: the page's compact form."""
    return ",".join(str(amount // unit) for amount in amounts)


def _page_data(
    allocation: Allocation, labels: Labels, words: dict[str, str], file: str
) -> dict[str, Any]:
    scenario = allocation.scenario
    by_cluster: dict[str, list[YearOutcomes]] = {}
    for year in outcomes(allocation):
        by_cluster.setdefault(year.year.cluster.id, []).append(year)
    clusters = [
        _cluster_data(c, by_cluster[c.id], labels, scenario.withdrawals)
        for c in scenario.clusters
        if c.id in by_cluster
    ]
    bills: dict[str, dict[str, str]] = {}
    for cy in allocation.cluster_years:
        bill = bills.setdefault(str(cy.year), {})
        for name, role, amount in zip(cy.municipalities, cy.roles, cy.amounts, strict=True):
            if role in MEMBER_ROLES:
                bill[name] = str(int(bill.get(name, "0")) + amount)
    return {
        "words": words,
        "thousands": labels.thousands,
        "point": labels.point,
        "file": file,
        "decimals": any(c.in_ore for c in scenario.clusters),
        "bills": bills,
        "clusters": clusters,
    }


def _reason(cluster: Cluster, terms: Terms, participants: int) -> str:
    """One letter for the threshold test of `participants` of n (R3): e everyone, s a single
    withdrawal (S when p/n is also at or above the threshold), t at or above it, r reduced;
    f under a formula without a pool (R13)."""
    if terms.formula != "pool":
        return "f"
    n = len(cluster.members)
    reason = hold_reason(n, participants, terms.threshold)
    at_least = n > 0 and Fraction(participants, n) >= terms.threshold
    if reason == "everyone":
        return "e"
    if reason == "single withdrawal":
        return "S" if at_least else "s"
    return "t" if reason == "threshold" else "r"


def _cluster_data(
    cluster: Cluster, years: list[YearOutcomes], labels: Labels, withdrawals: Iterable[Withdrawal]
) -> dict[str, Any]:
    members = list(cluster.members)
    index = {m: i for i, m in enumerate(members)}
    n = len(members)
    gone = {
        str(index[w.municipality]): w.first_year for w in withdrawals if w.cluster == cluster.id
    }
    return {
        "id": cluster.id,
        "name": cluster.name,
        "lead": labels.lead(cluster.lead),
        "lead_name": cluster.lead,
        "members": members,
        "gone": gone,
        "percent": [labels.percent(Fraction(p, n)) if n else "" for p in range(n + 1)],
        "years": [_year_data(year, index, labels) for year in years],
    }


def _year_data(year: YearOutcomes, index: dict[str, int], labels: Labels) -> dict[str, Any]:
    """A cluster-year's data; the terms are the year's own (a cluster's periods may differ)."""
    cy, terms = year.year, year.year.terms
    unit = terms.unit
    kinds = "".join(
        size.kind[0] + _reason(cy.cluster, terms, size.participants) for size in year.sizes
    )
    data: dict[str, Any] = {
        "year": cy.year,
        "payee": cy.cluster.paid_to(cy.year),
        "unit": unit,
        "formula": terms.formula,
        "threshold": labels.percent(terms.threshold),
        "policy": terms.policy,
        "policy_name": labels.policy(terms.policy),
        "lead": str(cy.lead_amount),
        "pool": str(cy.full_pool),
        "participants": [index[m] for m in cy.participants],
        "tickable": [index[m] for m in year.tickable],
        "sizes": kinds,
        "sets": {
            ".".join(str(index[m]) for m in leaving): _units(amounts, unit)
            for leaving, amounts in year.splits.items()
        },
    }
    refusals = {str(s.withdrawals): s.refusal for s in year.sizes if s.refusal is not None}
    if refusals:
        data["refusals"] = refusals
    if year.full:
        data["full"] = _units((year.full.get(m, 0) for m in cy.cluster.members), unit)
    return data
