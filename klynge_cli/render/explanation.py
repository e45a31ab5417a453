"""`klynge explain` as numbered steps a municipal finance officer can check by hand.

Every sentence is written in English and Danish side by side (`--locale da`); the steps are
paragraphs that the terminal wraps between words (`fit.Prose`), and a file or pipe gets each
on one line.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction

from klynge_cli.engine.explain import Explanation
from klynge_cli.money import ORE_PER_KRONE
from klynge_cli.names import listing
from klynge_cli.render.labels import Labels

Paragraph = tuple[str, str]  # (hanging prefix such as '3. ', text)

SENTENCES: dict[str, tuple[str, str]] = {
    "heading": ("{name} in {cluster} ({id}), {year}", "{name} i {cluster} ({id}), {year}"),
    "lead": (
        (
            "{name} is the lead of {id}. The lead pays the lead amount, {amount}, every year, "
            "whatever happens to the pool (R5)."
        ),
        (
            "{name} er leadkommune for {id}. Leadkommunen betaler leadbeløbet, {amount}, hvert år, "
            "uanset hvad der sker med puljen (R5)."
        ),
    ),
    "withdrawn": (
        "{name} has withdrawn from {id}{since} (R8), so it pays nothing in {year}: 0 kr.",
        "{name} er udtrådt af {id}{since} (R8) og betaler derfor intet i {year}: 0 kr.",
    ),
    "since": (" from {year}", " fra {year}"),
    "members": (
        "Members: {n} besides the lead {lead}: {names}.",
        "Medlemmer: {n} ud over leadkommunen {lead}: {names}.",
    ),
    "participants": (
        "Participants: {p} of {n} take part ({left}).",
        "Deltagere: {p} af {n} deltager ({left}).",
    ),
    "gone": ("withdrawn: {names}", "udtrådt: {names}"),
    "nobody_gone": ("nobody has withdrawn", "ingen er udtrådt"),
    "everyone": (
        "Threshold test: {test}: everyone takes part, so the pool is held (R3).",
        "Tærskeltest: {test}: alle deltager, så puljen fastholdes (R3).",
    ),
    "single withdrawal": (
        "Threshold test: {test}: a single withdrawal keeps the agreed pool (R3).",
        "Tærskeltest: {test}: én udtrædelse fastholder den aftalte pulje (R3).",
    ),
    "threshold": (
        "Threshold test: {test} ≥ {threshold}, so the pool is held (R3).",
        "Tærskeltest: {test} ≥ {threshold}, så puljen fastholdes (R3).",
    ),
    "below": (
        "Threshold test: {test} < {threshold}, so the pool is reduced (R3).",
        "Tærskeltest: {test} < {threshold}, så puljen nedjusteres (R3).",
    ),
    "policy_held": (
        "Policy: the pool of {pool} is held and split among the {p} participants.",
        "Fordeling: puljen på {pool} fastholdes og fordeles mellem de {p} deltagere.",
    ),
    "baseline-shares": (
        (
            "Policy: baseline-shares. Everyone still in pays exactly what it would pay if all {n} "
            "took part: the pool of {pool} is split among all {n} members as if nobody had left, "
            "and the {p} participants pay their parts ({reduced} together)."
        ),
        (
            "Fordeling: grundandele (baseline-shares). Alle, der stadig deltager, betaler præcis "
            "det, de ville betale, hvis alle {n} deltog: puljen på {pool} fordeles mellem alle {n} "
            "medlemmer, som om ingen var udtrådt, og de {p} deltagere betaler deres andele "
            "({reduced} tilsammen)."
        ),
    ),
    "pro-rata": (
        (
            "Policy: pro-rata. The pool of {pool} shrinks to {p}/{n} of itself, rounded half up "
            "to the {unit}: {split}, split among the {p} participants."
        ),
        (
            "Fordeling: forholdsmæssig (pro-rata). Puljen på {pool} skrumper til {p}/{n} af sig "
            "selv, afrundet (halv op) til hel {unit}: {split}, fordelt mellem de {p} deltagere."
        ),
    ),
    "fixed": (
        (
            "Policy: fixed. The scenario gives the reduced pool for {year}, {split}, split among "
            "the {p} participants."
        ),
        (
            "Fordeling: fast beløb (fixed). Scenariet angiver den nedjusterede pulje for {year}, "
            "{split}, fordelt mellem de {p} deltagere."
        ),
    ),
    "basis": (
        (
            "Population basis: 1 January {year} (populations: year: {basis}), from {file}{source}. "
            "{name} has {population} inhabitants; the {count} the pool is split among have "
            "{total} together."
        ),
        (
            "Befolkningsgrundlag: 1. januar {year} (populations: year: {basis}), fra {file}"
            "{source}. {name} har {population} indbyggere; de {count}, puljen fordeles mellem, har "
            "{total} tilsammen."
        ),
    ),
    "source": ("; source: {source}", "; kilde: {source}"),
    "quota": (
        "Exact quota: {split} × {population} / {total} = {quota} kr.",
        "Præcis andel: {split} × {population} / {total} = {quota} kr.",
    ),
    "floor": (
        "Floor: {floor}; the {count} floors add up to {floors}, so {units} {verb} left over (R4).",
        (
            "Nedrundet: {floor}; de {count} nedrundede beløb giver {floors} i alt, så {units} er "
            "tilbage (R4)."
        ),
    ),
    "is": ("is", "er"),
    "are": ("are", "er"),
    "remainder": (
        (
            "Remainder: {remainder} of a {unit}, rank {rank} of {count} (largest remainder first); "
            "the leftover go one each to ranks 1-{leftover}, so {name} {verdict}."
        ),
        (
            "Rest: {remainder} af en {unit}, nr. {rank} af {count} (største rest først); de "
            "resterende går én til hver af nr. 1-{leftover}, så {name} {verdict}."
        ),
    ),
    "gets_one": ("gets one of them", "får en af dem"),
    "gets_none": ("gets none of them", "får ingen af dem"),
    "no_leftover": (
        "Remainder: {remainder}; nothing is left over.",
        "Rest: {remainder}; der er intet tilbage.",
    ),
    "tie": (
        "Tie-break: the same remainder as {other}; {decided} ({effect}).",
        "Lige rester: samme rest som {other}; {decided} ({effect}).",
    ),
    "by_population": ("the larger population goes first", "den største befolkning går først"),
    "by_name": (
        "their populations are equal too, so name order decides",
        "befolkningstallene er også ens, så navnerækkefølgen afgør det",
    ),
    "mattered": ("this decided a leftover unit", "det afgjorde en resterende enhed"),
    "no_matter": ("it changed nothing here", "det ændrede intet her"),
    "amount": (
        "Amount: {name} pays {amount} to {lead} for {year}.",
        "Beløb: {name} betaler {amount} til {lead} for {year}.",
    ),
    "indexed": (
        " (indexed, R7: {base} × {factor}^{years} = {exact} kr., rounded half up to {amount})",
        (
            " (fremskrevet, R7: {base} × {factor}^{years} = {exact} kr., afrundet (halv op) til "
            "{amount})"
        ),
    ),
    "indexed_series": (
        " (indexed, R11: {base} × {factors} = {exact} kr., rounded half up once to {amount})",
        (
            " (fremskrevet, R11: {base} × {factors} = {exact} kr., afrundet (halv op) én gang til "
            "{amount})"
        ),
    ),
    "lead_formula": (
        (
            "{name} is the lead of {id} and pays by the cluster's formula, {formula}, like the "
            "members (R13):"
        ),
        (
            "{name} er leadkommune for {id} og betaler efter klyngens formel, {formula}, som "
            "medlemmerne (R13):"
        ),
    ),
    "no_pool": (
        (
            "Formula: {formula}. There is no pool: each participant pays for its own inhabitants, "
            "a withdrawal moves nothing to the others, and there is no threshold (R13)."
        ),
        (
            "Formel: {formula}. Der er ingen pulje: hver deltager betaler for sine egne "
            "indbyggere, en udtrædelse flytter intet til de andre, og der er ingen tærskel (R13)."
        ),
    ),
    "basis_own": (
        (
            "Population basis: 1 January {year} (populations: year: {basis}), from {file}{source}. "
            "{name} has {population} inhabitants."
        ),
        (
            "Befolkningsgrundlag: 1. januar {year} (populations: year: {basis}), fra {file}"
            "{source}. {name} har {population} indbyggere."
        ),
    ),
    "counted": (
        "Counted inhabitants: {population}{cap}.",
        "Indbyggere, der tælles med: {population}{cap}.",
    ),
    "capped": (
        " (at most {max} count, so not {population})",
        " (højst {max} tælles med, altså ikke {population})",
    ),
    "per_capita": (
        "Per inhabitant: {base}{rate} × {counted} = {formula} kr.",
        "Pr. indbygger: {base}{rate} × {counted} = {formula} kr.",
    ),
    "clamped_min": (
        "Bounds: below the least amount, {bound}, so {bound}.",
        "Grænser: under mindstebeløbet, {bound}, altså {bound}.",
    ),
    "clamped_max": (
        "Bounds: above the largest amount, {bound}, so {bound}.",
        "Grænser: over det højeste beløb, {bound}, altså {bound}.",
    ),
    "band": (
        "Band: {population} inhabitants fall in band {number}{limit}: {amount}.",
        "Interval: {population} indbyggere hører til interval {number}{limit}: {amount}.",
    ),
    "band_limit": (" (up to {up_to})", " (op til {up_to})"),
    "band_last": (" (the largest)", " (det største)"),
    "factor": (
        "Indexation: × {factors} = {exact} kr. (R11); rounded half up to the {unit}: {amount}.",
        (
            "Fremskrivning: × {factors} = {exact} kr. (R11); afrundet (halv op) til hel {unit}: "
            "{amount}."
        ),
    ),
    "rounded": (
        "Rounded half up to the {unit}: {amount}.",
        "Afrundet (halv op) til hel {unit}: {amount}.",
    ),
    "top_up": (
        (
            "Top-up: on top of that, {name} adds {amount} this year, as agreed (R15); it is no "
            "part of the pool or the threshold."
        ),
        (
            "Ekstra bidrag: oven i det giver {name} {amount} i år, som aftalt (R15); det indgår "
            "hverken i puljen eller tærsklen."
        ),
    ),
}


def decimal(value: Fraction, labels: Labels, places: int = 6) -> str:
    """An exact fraction in decimals: '31,237.236624…' (the '…' says the decimals go on)."""
    scaled = value * 10**places
    whole, rest = divmod(scaled.numerator // scaled.denominator, 10**places)
    text = labels.number(whole)
    if rest:
        text += labels.point + f"{rest:0{places}d}".rstrip("0")
    return text + ("…" if scaled.denominator != 1 else "")


def _units(count: int, unit: int) -> str:
    if unit == 1:
        return f"{count} øre"
    return f"{count} krone" if count == 1 else f"{count} kroner"


def explanation_paragraphs(e: Explanation, labels: Labels) -> list[Paragraph]:
    cy, line, cluster = e.cluster_year, e.line, e.cluster_year.cluster
    name = line.municipality

    def say(key: str, **values: object) -> str:
        # '…, so 70,000 kr.' ends with the abbreviation's full stop, not a second one.
        return SENTENCES[key][labels.column].format(**values).replace(" kr..", " kr.")

    terms = cy.terms

    def kr(ore: int) -> str:
        return labels.kr(ore, decimals=terms.unit == 1)

    heading = say("heading", name=name, cluster=cluster.name, id=cluster.id, year=cy.year)
    paragraphs: list[Paragraph] = [("", heading), ("", "")]
    top_up = [say("top_up", name=name, amount=kr(e.top_up))] if e.top_up else []
    if line.role == "lead" and terms.lead_amount is not None:
        text = say("lead", name=name, id=cluster.id, amount=kr(line.amount))
        text += _indexed(terms.lead_amount, line.amount, e, labels)
        return [*paragraphs, ("", text), *(("", extra) for extra in top_up)]
    if line.role == "withdrawn":
        since = say("since", year=e.withdrawal.first_year) if e.withdrawal else ""
        text = say("withdrawn", name=name, id=cluster.id, since=since, year=cy.year)
        return [*paragraphs, ("", text)]
    if terms.formula == "pool":
        steps = _pool_steps(e, labels, say, kr)
    else:
        steps = _formula_steps(e, labels, say, kr)
        if line.role == "lead":
            intro = say("lead_formula", name=name, id=cluster.id, formula=terms.formula)
            paragraphs.append(("", intro))
    steps.extend(top_up)
    return [*paragraphs, *((f"{number}. ", text) for number, text in enumerate(steps, start=1))]


def _pool_steps(
    e: Explanation, labels: Labels, say: Callable[..., str], kr: Callable[[int], str]
) -> list[str]:
    """R2-R8: members, participants, the threshold test, the policy, the split to the krone."""
    cy, line, cluster, terms = e.cluster_year, e.line, e.cluster_year.cluster, e.cluster_year.terms
    name = line.municipality
    assert e.position is not None and e.quota is not None
    split = cy.split
    n, p = cy.members, len(cy.participants)
    steps: list[str] = []
    steps.append(say("members", n=n, lead=cluster.lead, names=listing(cluster.members, n)))
    left = say("gone", names=", ".join(cy.withdrawn)) if cy.withdrawn else say("nobody_gone")
    steps.append(say("participants", p=p, n=n, left=left))
    test = f"{p}/{n} = {labels.percent(Fraction(p, n))}"
    threshold = labels.percent(terms.threshold)
    steps.append(say(e.reason or "below", test=test, threshold=threshold))
    pool = kr(cy.full_pool) + _indexed(terms.pool, cy.full_pool, e, labels)
    split_total = kr(split.total * terms.unit)
    krone = "øre" if terms.unit == 1 else "krone"
    if cy.held:
        steps.append(say("policy_held", pool=pool, p=p))
    else:
        steps.append(
            say(
                terms.policy,
                pool=pool,
                n=n,
                p=p,
                reduced=kr(cy.pool),
                unit=krone,
                split=split_total,
                year=cy.year,
            )
        )
    source = say("source", source=labels.source(e.figure.source)) if e.figure.source else ""
    steps.append(
        say(
            "basis",
            year=cy.population_year,
            basis=_basis(e),
            file=e.figure.where.file,
            source=source,
            name=name,
            population=labels.number(line.population or 0),
            count=len(split.names),
            total=labels.number(split.denominator),
        )
    )
    quota = e.quota * terms.unit / ORE_PER_KRONE
    steps.append(
        say(
            "quota",
            split=split_total,
            population=labels.number(line.population or 0),
            total=labels.number(split.denominator),
            quota=decimal(quota, labels),
        )
    )
    steps.append(
        say(
            "floor",
            floor=kr(split.floors[e.position] * terms.unit),
            count=len(split.names),
            floors=kr(sum(split.floors) * terms.unit),
            units=_units(split.leftover, terms.unit),
            verb=say("is" if split.leftover == 1 else "are"),
        )
    )
    remainder = Fraction(split.remainders[e.position], split.denominator)
    rank = split.rank(e.position)
    if split.leftover:
        verdict = say("gets_one" if rank <= split.leftover else "gets_none")
        steps.append(
            say("remainder", remainder=decimal(remainder, labels),
                unit="krone" if terms.unit == ORE_PER_KRONE else "øre", rank=rank,
                count=len(split.names), leftover=split.leftover, name=name, verdict=verdict)
        )  # fmt: skip
    else:
        steps.append(say("no_leftover", remainder=decimal(remainder, labels)))
    for tie in e.ties:
        decided = say("by_population" if tie.decided_by == "population" else "by_name")
        effect = say("mattered" if tie.mattered else "no_matter")
        steps.append(say("tie", other=tie.municipality, decided=decided, effect=effect))
    steps.append(say("amount", name=name, amount=kr(line.amount), lead=cluster.lead, year=cy.year))
    return steps


def explanation_text(e: Explanation, labels: Labels) -> str:
    """The explanation with each paragraph on one line."""
    return "".join(prefix + text + "\n" for prefix, text in explanation_paragraphs(e, labels))


def _indexed(base: int, amount: int, e: Explanation, labels: Labels) -> str:
    """' (indexed, R7: 500,000 kr. × 1.025^2 = 525,312.5 kr., rounded half up to …)', with a
    series ' (indexed, R11: 500,000 kr. × 1.0213 × 1.0345 = …)', or '' without indexation."""
    rates = [rate for _, rate in e.rates]
    if not any(rates):
        return ""
    exact = base * _product(rates) / ORE_PER_KRONE
    if len(set(rates)) == 1 and not isinstance(e.cluster_year.terms.indexation, Mapping):
        return SENTENCES["indexed"][labels.column].format(
            base=labels.kr(base),
            factor=decimal(1 + rates[0], labels),
            years=len(rates),
            exact=decimal(exact, labels),
            amount=labels.kr(amount),
        )
    return SENTENCES["indexed_series"][labels.column].format(
        base=labels.kr(base),
        factors=" × ".join(decimal(1 + rate, labels) for rate in rates),
        exact=decimal(exact, labels),
        amount=labels.kr(amount),
    )


def _basis(e: Explanation) -> str:
    """The scenario's `populations: year:` as written: '2021', 'each', 'each, lag: 1' (R10)."""
    if not e.yearly_basis:
        return str(e.cluster_year.population_year)
    lag = e.cluster_year.year - e.cluster_year.population_year
    return f"each, lag: {lag}" if lag else "each"


def _product(rates: Sequence[Fraction]) -> Fraction:
    result = Fraction(1)
    for rate in rates:
        result *= 1 + rate
    return result


def _formula_steps(
    e: Explanation, labels: Labels, say: Callable[..., str], kr: Callable[[int], str]
) -> list[str]:
    """R13: the steps of a per-capita or bands amount, from the population to the krone."""
    cy, line, terms = e.cluster_year, e.line, e.cluster_year.terms
    name, n, p = line.municipality, cy.members, len(cy.participants)
    steps = []
    if line.role == "member":
        steps.append(
            say("members", n=n, lead=cy.cluster.lead, names=listing(cy.cluster.members, n))
        )
        left = say("gone", names=", ".join(cy.withdrawn)) if cy.withdrawn else say("nobody_gone")
        steps.append(say("participants", p=p, n=n, left=left))
    steps.append(say("no_pool", formula=terms.formula))
    source = say("source", source=labels.source(e.figure.source)) if e.figure.source else ""
    steps.append(
        say("basis_own", year=cy.population_year,
            basis=_basis(e), file=e.figure.where.file,
            source=source, name=name, population=labels.number(line.population or 0))
    )  # fmt: skip
    unit = "øre" if terms.unit == 1 else "krone"
    if e.per_capita is not None:
        steps_pc = e.per_capita
        cap = (
            say("capped", max=labels.number(steps_pc.counted),
                population=labels.number(steps_pc.population))
            if steps_pc.capped
            else ""
        )  # fmt: skip
        steps.append(say("counted", population=labels.number(steps_pc.counted), cap=cap))
        base = f"{labels.kr(steps_pc.base)} + " if steps_pc.base else ""
        assert terms.rate is not None
        steps.append(
            say("per_capita", base=base, rate=labels.decimal_kr(terms.rate),
                counted=labels.number(steps_pc.counted),
                formula=decimal(steps_pc.formula / ORE_PER_KRONE, labels))
        )  # fmt: skip
        if steps_pc.clamp is not None:
            steps.append(say(f"clamped_{steps_pc.clamp}",
                             bound=kr(int(steps_pc.clamped))))  # fmt: skip
        exact = steps_pc.exact
    else:
        assert e.band is not None
        band = e.band
        limit = (
            say("band_limit", up_to=labels.number(band.band.up_to))
            if band.band.up_to is not None
            else say("band_last")
        )
        amount = labels.kr(band.band.amount)
        population = labels.number(band.population)
        steps.append(say("band", population=population, number=band.number, limit=limit,
                         amount=amount))  # fmt: skip
        exact = band.exact
    rates = [rate for _, rate in e.rates]
    if any(rates):
        factors = " × ".join(decimal(1 + rate, labels) for rate in rates)
        steps.append(say("factor", factors=factors, exact=decimal(exact / ORE_PER_KRONE, labels),
                         unit=unit, amount=kr(line.amount)))  # fmt: skip
    else:
        steps.append(say("rounded", unit=unit, amount=kr(line.amount)))
    # The lead collects the members' amounts; the lead itself pays the payee (R9).
    to = cy.cluster.paid_to(cy.year) if line.role == "lead" else cy.cluster.lead
    steps.append(say("amount", name=name, amount=kr(line.amount), lead=to, year=cy.year))
    return steps
