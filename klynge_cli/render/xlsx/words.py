"""The workbook's own words, English and Danish side by side (shared words are in labels.py).

Sheet names, column headings, the terms and the status rows of a cluster sheet, and the rules
in words for the sheet "Om" / "About".
"""

from klynge_cli.render.labels import Labels

WORDS: dict[str, tuple[str, str]] = {
    # sheets
    "sheet_bills": ("Total", "Samlet"),
    "sheet_schedule": ("Schedule", "Betalingsplan"),
    "sheet_populations": ("Populations", "Befolkning"),
    "sheet_about": ("About", "Om"),
    # cluster sheet: headings
    "hint": (
        (
            "Blue cells are inputs: change a population (sheet {populations}), a 1/0 under "
            "'Takes part' or a term below, and every amount recalculates (rules: sheet {about})."
        ),
        (
            "Blå celler er inddata: ret et befolkningstal (arket {populations}), et 1/0 under "
            "'Deltager' eller en betingelse, og alle beløb genberegnes (regler: arket {about})."
        ),
    ),
    "role": ("Role", "Rolle"),
    "member": ("member", "medlem"),
    "name_order": ("Name order", "Navneorden"),
    "population": ("Population", "Befolkning"),
    "population_on": ("1 Jan {year}", "1. jan. {year}"),
    "amounts": ("Amount a year", "Beløb pr. år"),
    "split_of": ("The split in {year}", "Fordelingen i {year}"),
    "takes_part": ("Takes part", "Deltager"),
    "weight": ("Population in split", "Befolkning i fordeling"),
    "numerator": ("Pool × population", "Pulje × befolkning"),
    "floor": ("Floor", "Heltalsdel"),
    "remainder": ("Remainder", "Rest"),
    "rank": ("Rank", "Rang"),
    "extra": ("Extra unit", "Ekstra enhed"),
    "per_capita_in": ("Per inhabitant in {year}", "Pr. indbygger i {year}"),
    "bands_in": ("By band in {year}", "Efter interval i {year}"),
    "counted": ("Counted population", "Medregnet befolkning"),
    "pc_formula": ("Base + rate × counted (øre × q)", "Grundbeløb + sats × medregnet (øre × q)"),
    "pc_clamped": (
        "Within minimum and maximum (øre × q)",
        "Inden for minimum og maksimum (øre × q)",
    ),
    "units": ("Indexed and rounded (units)", "Fremskrevet og afrundet (enheder)"),
    "band": ("Band", "Interval"),
    "band_amount": ("The band's amount (øre)", "Intervallets beløb (øre)"),
    # cluster sheet: terms
    "terms": ("Terms of the agreement", "Aftalens betingelser"),
    "term_formula": (
        "Formula (pool, per-capita or bands)",
        "Formel (pool, per-capita eller bands)",
    ),
    "term_first": ("First year of the period", "Periodens første år"),
    "term_lead": ("Lead amount a year (kr.)", "Leadkommunens beløb pr. år (kr.)"),
    "term_lead_formula": (
        "Lead amount a year (kr.; empty: by the formula)",
        "Leadkommunens beløb pr. år (kr.; tom: efter formlen)",
    ),
    "term_pool": ("Pool a year (kr.)", "Pulje pr. år (kr.)"),
    "term_units": (
        "Rounding units per krone (1: kroner, 100: øre)",
        "Afrundingsenheder pr. krone (1: kroner, 100: øre)",
    ),
    "term_threshold_num": ("Threshold, numerator", "Tærskel, tæller"),
    "term_threshold_den": ("Threshold, denominator", "Tærskel, nævner"),
    "term_threshold": (
        "Pool held while p/n is at least",
        "Puljen fastholdes, så længe p/n er mindst",
    ),
    "term_policy": (
        "Below the threshold (baseline-shares, pro-rata or fixed)",
        "Under tærsklen (baseline-shares, pro-rata eller fixed)",
    ),
    "term_rate_num": (
        "Per inhabitant: rate in øre, numerator (p)",
        "Pr. indbygger: sats i øre, tæller (p)",
    ),
    "term_rate_den": (
        "Per inhabitant: rate in øre, denominator (q)",
        "Pr. indbygger: sats i øre, nævner (q)",
    ),
    "term_rate_kr": ("Rate per inhabitant", "Sats pr. indbygger"),
    "term_base": ("Base amount (kr.)", "Grundbeløb (kr.)"),
    "term_max_population": (
        "Counting at most (inhabitants; empty: all)",
        "Medregner højst (indbyggere; tom: alle)",
    ),
    "term_min_amount": ("At least (kr.; empty: no minimum)", "Mindst (kr.; tom: intet minimum)"),
    "term_max_amount": ("At most (kr.; empty: no maximum)", "Højst (kr.; tom: intet maksimum)"),
    "term_band_up_to": (
        "Band {number}: up to (inhabitants)",
        "Interval {number}: op til (indbyggere)",
    ),
    "term_band_amount": ("Band {number}: amount (kr.)", "Interval {number}: beløb (kr.)"),
    "term_growth_num": (
        "Indexation into the year: 1 + rate, numerator (a)",
        "Fremskrivning til året: 1 + sats, tæller (a)",
    ),
    "term_growth_den": (
        "Indexation into the year: 1 + rate, denominator (b)",
        "Fremskrivning til året: 1 + sats, nævner (b)",
    ),
    "term_rate": ("Indexation rate into the year", "Fremskrivningssats til året"),
    "term_basis": ("Population figures of 1 January", "Befolkningstal pr. 1. januar"),
    # cluster sheet: top-ups and co-funders as given
    "given": (
        "Top-ups and co-funders a year (kr., as given, not indexed)",
        "Ekstra bidrag og medfinansiering pr. år (kr., som givet, ikke fremskrevet)",
    ),
    "given_top_up": ("Top-up: {name}", "Ekstra bidrag: {name}"),
    "given_co_funder": ("Co-funder: {name}", "Medfinansierer: {name}"),
    # cluster sheet: status per year
    "per_year": ("Year by year", "År for år"),
    "status_k": ("Years since the period's first (k)", "År efter periodens første (k)"),
    "status_growth_num": (
        "Index factor F, numerator (A = Π a)",
        "Fremskrivningsfaktor F, tæller (A = Π a)",
    ),
    "status_growth_den": (
        "Index factor F, denominator (B = Π b)",
        "Fremskrivningsfaktor F, nævner (B = Π b)",
    ),
    "status_lead": ("Lead amount (kr.)", "Leadkommunens beløb (kr.)"),
    "status_full": ("Pool when held (units)", "Pulje, når den fastholdes (enheder)"),
    "status_reduced": ("Reduced pool if fixed (kr.)", "Nedjusteret pulje ved fixed (kr.)"),
    "status_n": ("Members besides the lead (n)", "Medlemmer ud over leadkommunen (n)"),
    "status_p": ("Taking part (p)", "Deltagere (p)"),
    "status_state": ("Status", "Status"),
    "status_all": (
        "Split among all members (baseline-shares)",
        "Fordeles på alle medlemmer (baseline-shares)",
    ),
    "status_split": ("Pool to split (units)", "Pulje til fordeling (enheder)"),
    "status_d": ("Population split among", "Befolkning i fordelingen"),
    "status_floors": ("Sum of floors (units)", "Sum af heltalsdele (enheder)"),
    "status_leftover": ("Units left over", "Enheder tilovers"),
    "status_pool": ("Paid by the members (kr.)", "Betalt af medlemmerne (kr.)"),
    "status_top_ups": ("Top-ups (kr.)", "Ekstra bidrag (kr.)"),
    "status_to_payee": ("The lead pays the payee (kr.)", "Leadkommunen betaler modtageren (kr.)"),
    "status_co_funded": ("Co-funders pay the payee (kr.)", "Medfinansiering til modtageren (kr.)"),
    "status_total": ("Total for the year (kr.)", "I alt for året (kr.)"),
    "status_exact": (
        "Computed exactly (see 'Exactness' on the sheet About)",
        "Regnet eksakt (se 'Eksakthed' på arket Om)",
    ),
    "status_value": (
        (
            "{year}: the indexed amounts are klynge's values, not formulas: the exact formula "
            "would pass 10^14."
        ),
        (
            "{year}: de fremskrevne beløb er programmet klynges værdier, ikke formler: den "
            "eksakte formel ville overstige 10^14."
        ),
    ),
    "formula_value": (
        (
            "{year}: the amounts are klynge's values (a member's times its participation flag), "
            "not formulas: the exact formula would pass 10^14."
        ),
        (
            "{year}: beløbene er programmet klynges værdier (et medlems gange dets "
            "deltagelse), ikke formler: den eksakte formel ville overstige 10^14."
        ),
    ),
    "values": ("klynge's values", "programmet klynges værdier"),
    "yes": ("yes", "ja"),
    "no": ("no", "nej"),
    "exact": ("exact", "eksakt"),
    "not_exact": ("NOT exact", "IKKE eksakt"),
    # schedule
    "collected_total": ("Collected by the leads", "Indsamlet af leadkommunerne"),
    "paid_total": ("Paid to the payees", "Betalt til modtagerne"),
    "co_funded_total": (
        "Co-funded straight to the payees",
        "Medfinansieret direkte til modtagerne",
    ),
    # populations
    "populations_title": (
        "Population figures: the basis of every split",
        "Befolkningstal: grundlaget for alle fordelinger",
    ),
    # about
    "about_scenario": ("Scenario", "Scenarie"),
    "about_file": ("Scenario file", "Scenariefil"),
    "about_sha": ("SHA-256", "SHA-256"),
    "about_population_file": ("Population file", "Befolkningsfil"),
    "about_basis": ("Population basis", "Befolkningsgrundlag"),
    "about_source": ("Population source", "Kilde til befolkningstal"),
    "about_clusters": ("Clusters", "Klynger"),
    "about_version": ("Made by", "Lavet med"),
    "about_warnings": ("Warnings", "Advarsler"),
    "about_reading": ("How to read this workbook", "Sådan læses projektmappen"),
    "about_rules": ("The rules", "Reglerne"),
    "population_lag": (
        "1 January {lag} year(s) before each year (lag {lag})",
        "1. januar {lag} år før hvert år (forskydning {lag})",
    ),
    "reading": (
        (
            "Each cluster has a sheet: a row per municipality (then any top-ups and co-funders), "
            "the amount of each year, and to the right each year's computation step by step (the "
            "split of a pool, or the steps per inhabitant or by band). Below the table: the terms "
            "of the agreement, a column per year (a period's terms are entered in its first year "
            "and read by its other years), the top-ups and co-funders as given, and the status "
            "of each year.\n"
            "Blue cells are inputs. Change a population (sheet {populations}), a 1 (takes part) "
            "or 0 (withdrawn) under 'Takes part', or a term, and every amount recalculates by the "
            "rules below, exactly as klynge computes it.\n"
            "Every formula cell also holds klynge's own result, so a viewer that does not "
            "recalculate still shows the right figures.\n"
            "Exactness: every amount is worked out in whole kroner or øre, so no rounding error "
            "can creep in. The last status row of each cluster sheet says 'exact' while the "
            "numbers stay small enough for a spreadsheet to hold exactly (pool × population "
            "below 9,007,199,254,740,992 = 2^53; an amount per inhabitant or by band below 10^14) "
            "and 'NOT exact' if a change takes them past that. For auditors: floors are QUOTIENT "
            "corrected by one where LibreOffice rounds a long quotient up; remainders are pool × "
            "population − floor × population of the split, never MOD (which fails beyond about "
            "2^48 in LibreOffice and 2^27 quotients in old Excel)."
        ),
        (
            "Hver klynge har sit ark: en række pr. kommune (derefter eventuelle ekstra bidrag og "
            "medfinansiering), beløbet for hvert år og til højre hvert års beregning trin for "
            "trin (fordelingen af en pulje eller trinnene pr. indbygger eller efter interval). "
            "Under tabellen: aftalens betingelser, én søjle pr. år (en periodes betingelser "
            "indtastes i dens første år og læses af dens andre år), ekstra bidrag og "
            "medfinansiering som givet, og status for hvert år.\n"
            "Blå celler er inddata. Ret et befolkningstal (arket {populations}), et 1 (deltager) "
            "eller 0 (udtrådt) under 'Deltager' eller en betingelse, og alle beløb genberegnes "
            "efter reglerne nedenfor, præcis som programmet klynge beregner dem.\n"
            "Hver formelcelle gemmer også programmet klynges eget resultat, så et program, "
            "der ikke genberegner, alligevel viser de rigtige tal.\n"
            "Eksakthed: alle beløb regnes i hele kroner eller øre, så der kan ikke snige sig "
            "afrundingsfejl ind. Sidste statusrække på hvert klyngeark viser 'eksakt', så længe "
            "tallene er små nok til, at et regneark kan gemme dem præcist (pulje × befolkning "
            "under 9.007.199.254.740.992 = 2^53; et beløb pr. indbygger eller efter interval "
            "under 10^14), og 'IKKE eksakt', hvis en ændring fører dem derover. Til revisorer: "
            "heltalsdele er KVOTIENT, rettet med én, hvor LibreOffice runder en lang kvotient op; "
            "rester er pulje × befolkning − heltalsdel × befolkning i fordelingen, aldrig REST "
            "(som fejler over ca. 2^48 i LibreOffice og ved kvotienter over 2^27 i ældre Excel)."
        ),
    ),
    "R2": (
        (
            "Participants: for each cluster and year, the members besides the lead that have not "
            "withdrawn with effect on or before that year. n = members besides the lead, "
            "p = participants (the 1s under 'Takes part')."
        ),
        (
            "Deltagere: for hver klynge og hvert år de medlemmer ud over leadkommunen, der ikke er "
            "udtrådt med virkning senest det år. n = medlemmer ud over leadkommunen, p = deltagere "
            "(1-tallene under 'Deltager')."
        ),
    ),
    "R3": (
        (
            "Held or reduced: the pool is held when p = n, when exactly one has withdrawn "
            "(p = n − 1), or while p/n reaches the threshold, compared exactly in whole numbers "
            "(p × denominator ≥ numerator × n: 14/16 holds at 85 %, 13/16 does not). Otherwise it "
            "is reduced by the cluster's policy: baseline-shares (everyone still in pays what it "
            "would pay if all n took part), pro-rata (pool × p/n, rounded half up, split among "
            "the participants) or fixed (the year's reduced pool, split among the participants)."
        ),
        (
            "Fastholdt eller nedjusteret: puljen fastholdes, når p = n, når præcis én er udtrådt "
            "(p = n − 1), eller så længe p/n når tærsklen, sammenlignet eksakt i hele tal "
            "(p × nævner ≥ tæller × n: 14/16 holder ved 85 %, 13/16 gør ikke). Ellers nedjusteres "
            "den efter klyngens regel: baseline-shares (enhver tilbageværende betaler det, den "
            "ville betale, hvis alle n deltog), pro-rata (puljen × p/n, afrundet halvt op, fordelt "
            "på deltagerne) eller fixed (årets nedjusterede pulje, fordelt på deltagerne)."
        ),
    ),
    "R4": (
        (
            "Split by population, largest remainder: each municipality in the split first gets "
            "the floor of pool × population / population of the split, in whole rounding units "
            "(kroner or øre); the units left over go one each to the largest remainders. Ties: "
            "the larger population first, then the name in Unicode code-point order (the column "
            "'Name order'). The shares always sum exactly to the pool."
        ),
        (
            "Fordeling efter befolkningstal, største brøkdel: hver kommune i fordelingen får "
            "først heltalsdelen af puljen × befolkning / befolkningen i fordelingen, i hele "
            "afrundingsenheder (kroner eller øre); de enheder, der er tilovers, går én til hver af "
            "de største rester. Ved lighed: størst befolkning først, derefter navnet i Unicode-"
            "tegnkodeorden (kolonnen 'Navneorden'). Andelene summerer altid præcis til puljen."
        ),
    ),
    "R5": (
        (
            "Lead: the lead municipality pays the lead amount every year, whatever happens to "
            "the pool, and cannot withdraw."
        ),
        (
            "Leadkommune: leadkommunen betaler sit beløb hvert år, uanset hvad der sker med "
            "puljen, og kan ikke udtræde."
        ),
    ),
    "R6": (
        (
            "Population basis: one year's 1 January figures for every year, or each year's own "
            "(sheet {populations})."
        ),
        (
            "Befolkningsgrundlag: ét års tal pr. 1. januar for alle år, eller hvert års egne "
            "(arket {populations})."
        ),
    ),
    "R7": (
        (
            "Indexation (R7, R11): amount(Y) = base × F(Y), rounded half up to the rounding unit "
            "once, for the lead amount and the pool (and each amount per inhabitant or by band). "
            "F(Y) = the product of 1 + rate for each year after the period's first up to Y: one "
            "rate every year, or each year's own rate (an index series). With each 1 + rate = "
            "a/b, F = A/B where A and B are the products of the a's and b's, and the amount in "
            "whole units is the integer part of (2 × base × A + B) / (2 × B)."
        ),
        (
            "Fremskrivning (R7, R11): beløb(År) = grundbeløb × F(År), afrundet halvt op til "
            "afrundingsenheden én gang, for leadkommunens beløb og puljen (og hvert beløb pr. "
            "indbygger eller efter interval). F(År) = produktet af 1 + sats for hvert år efter "
            "periodens første til og med År: samme sats hvert år eller hvert års egen sats (en "
            "indeksrække). Med hvert 1 + sats = a/b er F = A/B, hvor A og B er produkterne af "
            "a'erne og b'erne, og beløbet i hele enheder er heltalsdelen af (2 × grundbeløb × A "
            "+ B) / (2 × B)."
        ),
    ),
    "R8": (
        (
            "Withdrawals: a municipality that withdraws pays nothing from its first year out "
            "(its cells under 'Takes part' are 0 from then on). A withdrawal announced after the "
            "October reconfirmation before that year still applies, with a warning."
        ),
        (
            "Udtrædelse: en kommune, der udtræder, betaler intet fra sit første år uden for "
            "aftalen (dens celler under 'Deltager' er 0 fra da af). En udtrædelse meddelt efter "
            "genbekræftelsen i oktober før det år gælder alligevel, med en advarsel."
        ),
    ),
    "R10": (
        (
            "Population lag: year Y uses the 1 January figures of Y − lag, because the bill goes "
            "out before Y's own figure is published (the column 'Population figures of 1 "
            "January' says which)."
        ),
        (
            "Forskudt befolkningstal: år År bruger tallene pr. 1. januar i År − forskydning, fordi "
            "opkrævningen sendes, før årets eget tal er offentliggjort (rækken 'Befolkningstal pr. "
            "1. januar' viser hvilket)."
        ),
    ),
    "R12": (
        (
            "Periods: the agreement's terms may change from one period to the next. Each year's "
            "column of terms holds the terms of its period; the period's first year holds them as "
            "inputs, its other years read them. Indexation restarts in each period's first year."
        ),
        (
            "Perioder: aftalens betingelser kan skifte fra én periode til den næste. Hvert års "
            "søjle af betingelser har periodens betingelser; periodens første år har dem som "
            "inddata, de andre år læser dem. Fremskrivningen begynder forfra i hver periodes "
            "første år."
        ),
    ),
    "R13": (
        (
            "Per inhabitant and by band (no pool, no threshold): per inhabitant each pays base + "
            "rate × population (counting at most the maximum population), kept within the minimum "
            "and maximum amount; by band each pays the amount of the first band whose 'up to' its "
            "population does not pass. Then × F(Y), rounded half up once. The lead pays the same "
            "way unless a lead amount is given. A withdrawn member simply pays nothing; the "
            "status says how many of the members pay."
        ),
        (
            "Pr. indbygger og efter interval (ingen pulje, ingen tærskel): pr. indbygger betaler "
            "hver grundbeløb + sats × befolkning (højst det maksimale antal medregnet), holdt "
            "inden for mindste- og højestebeløbet; efter interval betaler hver beløbet for det "
            "første interval, hvis 'op til' befolkningen ikke overstiger. Derefter × F(År), "
            "afrundet halvt op én gang. Leadkommunen betaler på samme måde, medmindre et beløb "
            "er givet. Et udtrådt medlem betaler blot intet; status siger, hvor mange der betaler."
        ),
    ),
    "R14": (
        (
            "Co-funders: a body that is not a municipality pays its amount a year as given (not "
            "indexed) straight to the payee on the payment date. It counts in the year's total, "
            "never in the pool, the threshold or any split, and is on no municipality's bill."
        ),
        (
            "Medfinansiering: en part, der ikke er en kommune, betaler sit beløb pr. år som givet "
            "(ikke fremskrevet) direkte til modtageren på betalingsdagen. Det tæller i årets i "
            "alt, aldrig i puljen, tærsklen eller nogen fordeling, og er ikke på en kommunes "
            "regning."
        ),
    ),
    "R15": (
        (
            "Top-ups: a member's voluntary extra a year, as given (not indexed), never in the pool "
            "or the threshold. The lead collects it right after the member's share and pays it on "
            "with the rest. A member's top-up stops from the year it withdraws (it follows the "
            "member's 1/0 under 'Takes part')."
        ),
        (
            "Ekstra bidrag: et medlems frivillige ekstra beløb pr. år, som givet (ikke "
            "fremskrevet), aldrig i puljen eller tærsklen. Leadkommunen opkræver det lige efter "
            "medlemmets andel og betaler det videre med resten. Et medlems ekstra bidrag ophører "
            "fra det år, det udtræder (det følger medlemmets 1/0 under 'Deltager')."
        ),
    ),
}


class Words:
    """The workbook's words in one locale, falling back to the shared labels."""

    def __init__(self, labels: Labels) -> None:
        self.labels = labels
        self.column = labels.column

    def __getitem__(self, key: str) -> str:
        if key in WORDS:
            return WORDS[key][self.column]
        return self.labels[key]
