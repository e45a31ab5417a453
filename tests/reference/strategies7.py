"""Hypothesis strategies for random *valid* klynge scenario files, format 1 with the §7
extensions (R10-R16), for differential testing (reference oracle vs. product).

Self-contained: depends only on Hypothesis and the shared reference data (the bundled
municipality table and FOLK1A figures, path below); it does not import the oracle or klynge.

    from strategies import scenarios
    @given(scenarios())
    def test_same_bytes(case):
        path = case.write(tmp_dir)          # writes the YAML (and its population file, if any)
        ...run both on `path`...

`scenarios(...)` draws a `ScenarioCase` with `yaml_text`, and when it uses a user population
file, `population_csv` (its text) and `population_file` (its name, relative to the YAML).

Validity rules the generator keeps (so that both sides should accept every case):
- every population figure a member needs exists (bundled data: 2020-2026; year - lag inside);
- amounts are whole kroner unless the cluster/period rounds to øre; co-funder, top-up and
  reduced_pool amounts are whole kroner;
- each cluster has the lead plus >= 1 other member, and in every year at least one non-lead
  member still participates (so a held pool is never split among nobody);
- a municipality withdraws at most once, never from a cluster it leads, and names only
  clusters where it is a non-lead member;
- per-capita/bands periods never carry pool, threshold, below_threshold or reduced_pool; a
  cluster with periods keeps formula-specific terms in its periods; `fixed` comes with a
  reduced_pool for exactly the years below the threshold;
- index series give exactly the years after the first of their period (or cluster);
- co-funder and top-up `years` lie inside their cluster's or period's years; a top-up's
  municipality is a member of the cluster.
Known ambiguous constructs (README.md) are only produced when `ambiguous=True`.
"""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from hypothesis import strategies as st

DATA_DIR = Path(__file__).resolve().parents[2] / "data"  # klynge's shipped data (SPEC §6)
BUNDLED_YEARS = range(2020, 2027)


def _load_table():
    with open(DATA_DIR / "municipalities.csv", encoding="utf-8", newline="") as fh:
        table = list(csv.DictReader(fh))
    with open(DATA_DIR / "populations.csv", encoding="utf-8", newline="") as fh:
        figures = {(r["municipality"], int(r["year"])): int(r["population"])
                   for r in csv.DictReader(fh)}
    return table, figures


TABLE, FIGURES = _load_table()
CODE = {r["municipality"]: r["code"] for r in TABLE}
REGION_OF = {r["municipality"]: r["region"] for r in TABLE}
REGIONS = sorted({r["region"] for r in TABLE})
NAMES_BY_REGION = {g: sorted(m for m, r in REGION_OF.items() if r == g) for g in REGIONS}
ALL_NAMES = sorted(REGION_OF)

BODIES = ["Region Sjælland", "Region Nordjylland", "Erhvervsfonden", "Gate 21",
          "Danmarks Erhvervsfremmebestyrelse", "EU Interreg", "A Foundation", "Ørsted Fonden"]
PAYEES = ["Gate 21", "Business Region North Denmark", "Klyngesekretariatet", "Væksthus Øst"]


# --------------------------------------------------------------------------- YAML emitter

def _scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, Decimal)):
        return str(value)
    if isinstance(value, Raw):
        return value.text
    return json.dumps(value, ensure_ascii=False)   # a valid YAML double-quoted scalar


class Raw:
    """Text written into the YAML as it is (dates, `each`, ...)."""

    def __init__(self, text):
        self.text = text


def _flow(value) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return _scalar(value)


def _key(k) -> str:
    return str(k) if isinstance(k, int) else k


def _block(value, indent=0) -> list[str]:
    pad = " " * indent
    lines = []
    if isinstance(value, dict):
        for k, v in value.items():
            if isinstance(v, dict) and v and any(isinstance(x, (dict, list)) for x in v.values()):
                lines.append(f"{pad}{_key(k)}:")
                lines.extend(_block(v, indent + 2))
            elif isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
                lines.append(f"{pad}{_key(k)}:")
                lines.extend(_block(v, indent + 2))
            else:
                lines.append(f"{pad}{_key(k)}: {_flow(v)}")
    elif isinstance(value, list):
        for item in value:
            sub = _block(item, indent + 2)
            sub[0] = pad + "- " + sub[0][indent + 2:]
            lines.extend(sub)
    return lines


def to_yaml(doc: dict, comment: str) -> str:
    return "".join(f"# {c}\n" for c in comment.splitlines()) + "\n".join(_block(doc)) + "\n"


# --------------------------------------------------------------------------- the case

@dataclass
class ScenarioCase:
    yaml_text: str
    population_file: str | None = None
    population_csv: str | None = None

    def write(self, directory, stem: str = "scenario") -> Path:
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        if self.population_file:
            (directory / self.population_file).write_text(self.population_csv, encoding="utf-8")
        path = directory / f"{stem}.yaml"
        path.write_text(self.yaml_text, encoding="utf-8")
        return path


# --------------------------------------------------------------------------- pieces

def _spelling(draw, name: str, variants: bool) -> str:
    """A spelling of an official name that §3 says must match (case, ' Kommune', ASCII)."""
    if not variants:
        return name
    kind = draw(st.sampled_from(["as is", "as is", "lower", "upper", "kommune", "ascii"]))
    if kind == "lower":
        return name.lower()
    if kind == "upper":
        return name.upper()
    if kind == "kommune":
        return name + " Kommune"
    if kind == "ascii":
        return name.replace("æ", "ae").replace("ø", "oe").replace("å", "aa") \
                   .replace("Æ", "Ae").replace("Ø", "Oe").replace("Å", "Aa")
    return name


def _decimal(draw, low: str, high: str, places: int) -> Decimal:
    scale = 10 ** places
    n = draw(st.integers(int(Decimal(low) * scale), int(Decimal(high) * scale)))
    # plain positional text, trailing zeros dropped, never an exponent ("5E+5")
    return Decimal(format(Decimal(n).scaleb(-places).normalize(), "f")) if n else Decimal(0)


def _money(draw, low: int, high: int, ore: bool) -> int | Decimal:
    if ore and draw(st.booleans()):
        return _decimal(draw, str(low), str(high), 2)
    return draw(st.integers(low, high))


def _rate(draw) -> Decimal:
    return _decimal(draw, "0", "0.06", draw(st.integers(1, 5)))


def _indexation(draw, first: int, last: int):
    kind = draw(st.sampled_from(["zero", "rate", "series"]))
    if kind == "zero" or last == first and kind == "series":
        return None
    if kind == "rate":
        return _rate(draw)
    return {y: _rate(draw) for y in range(first + 1, last + 1)}


def _years_inside(draw, first: int, last: int):
    a = draw(st.integers(first, last))
    b = draw(st.integers(a, last))
    return [a, b]


# --------------------------------------------------------------------------- the strategy

@st.composite
def scenarios(draw, *, allow_user_file=True, allow_all=True, ambiguous=False,
              max_clusters=3, name_variants=True, v1_only=False,
              edge_withdrawals=False) -> ScenarioCase:
    """v1_only=True: only §2-§6 features (no lag, periods, formulas, series, co-funders,
    top-ups, several regions), and the bundled data only as Sjælland 2021/2023 (what today's
    product bundles), so the cases can be run against the product as it is now.
    edge_withdrawals=True: a withdrawal's `from` may also be one year before the first or after
    the last financed year of its clusters (valid per R8; the product rejects it, see
    PRODUCT_DIFFS.md)."""
    # ---- population basis and the financed years it can serve
    source = draw(st.sampled_from(["bundled", "full", "yearless"] if allow_user_file else ["bundled"]))
    each = draw(st.booleans())
    lag = draw(st.integers(0, 3)) if each and not v1_only and draw(st.booleans()) else 0
    data_years = list(BUNDLED_YEARS)
    if v1_only and source == "bundled":
        each, data_years = False, [2021, 2023]
    if source == "full":
        a = draw(st.integers(2020, 2025))
        data_years = list(range(a, draw(st.integers(a, 2026)) + 1))
    fixed_year = None if each else draw(st.sampled_from(data_years))
    if source == "yearless":
        lo, hi = 2020, 2030                     # one figure serves every year
    elif each:
        lo, hi = data_years[0] + lag, data_years[-1] + lag
    else:
        lo, hi = 2020, 2030
    lo = max(lo, 2018)

    # ---- agreement members (R1, R16)
    how = draw(st.sampled_from(["region", "regions", "list"] + (["all"] if allow_all else [])))
    if v1_only:
        how = draw(st.sampled_from(["region", "list"]))
    sjaelland_only = v1_only and source == "bundled"
    if how == "region":
        region = "Sjælland" if sjaelland_only else draw(st.sampled_from(REGIONS))
        members = NAMES_BY_REGION[region]
        members_yaml = {"region": _spelling(draw, region, name_variants and ambiguous)}
    elif how == "regions":
        regions = draw(st.lists(st.sampled_from(REGIONS), min_size=2, max_size=3, unique=True))
        members = sorted(m for g in regions for m in NAMES_BY_REGION[g])
        members_yaml = {"region": regions}
    elif how == "all":
        members = ALL_NAMES
        members_yaml = {"region": "all"}
    else:
        universe = NAMES_BY_REGION["Sjælland"] if sjaelland_only else ALL_NAMES
        members = sorted(draw(st.lists(st.sampled_from(universe), min_size=3, max_size=12,
                                       unique=True)))
        members_yaml = [_spelling(draw, m, name_variants) for m in members]

    # ---- defaults, then clusters
    defaults = draw(_defaults())
    default_threshold = defaults.get("threshold", Decimal("0.85"))
    n_clusters = draw(st.integers(1, max_clusters))
    clusters, plans = [], []
    for i in range(n_clusters):
        cluster, plan = draw(_cluster(i, members, lo, hi, name_variants, ambiguous,
                                      default_threshold, v1_only))
        clusters.append(cluster)
        plans.append(plan)

    # ---- withdrawals (R8), keeping >= 1 participant per cluster-year
    withdrawals = []
    candidates = sorted({m for p in plans for m in p["others"]})
    chosen = draw(st.lists(st.sampled_from(candidates), max_size=min(6, len(candidates)),
                           unique=True)) if candidates else []
    for who in chosen:
        in_clusters = [p for p in plans if who in p["others"]]
        named = None
        if len(in_clusters) < len(plans) or draw(st.booleans()):
            if draw(st.booleans()):
                named = draw(st.lists(st.sampled_from([p["id"] for p in in_clusters]),
                                      min_size=1, unique=True))
        targets = [p for p in in_clusters if named is None or p["id"] in named]
        first = min(p["years"][0] for p in targets)
        last = max(p["years"][-1] for p in targets)
        start = draw(st.integers(first - 1, last + 1) if edge_withdrawals
                     else st.integers(first, last))
        # keep at least one participant in every target cluster-year, whatever the years
        if any(len([m for m in p["others"] if m not in p["out"]]) <= 1 for p in targets):
            continue
        for p in targets:
            p["out"][who] = start
        entry = {"municipality": _spelling(draw, who, name_variants), "from": start}
        if named is not None:
            entry["clusters"] = named
        if draw(st.integers(0, 4)) == 0:
            month = draw(st.integers(1, 12))
            entry["announced"] = Raw(f"{start - 1}-{month:02d}-{draw(st.integers(1, 28)):02d}")
        withdrawals.append(entry)

    # ---- below_threshold: fixed needs reduced_pool for exactly the reduced years
    for cluster, plan in zip(clusters, plans):
        for where, years in plan["fixed"]:
            reduced = {}
            for y in years:
                n = len(plan["others"])
                p = len([m for m in plan["others"] if not (m in plan["out"] and plan["out"][m] <= y)])
                threshold = Fraction(where.get("threshold", plan["threshold"]))
                held = p == n or p == n - 1 or Fraction(p, n) >= threshold
                if not held:
                    reduced[y] = draw(st.integers(0, 400000))
            if reduced:
                where["reduced_pool"] = reduced

    # ---- populations block and file
    populations = {}
    pop_file = pop_csv = None
    needed_years = sorted({y - lag for p in plans for y in p["years"]}) if each else [fixed_year]
    if source == "bundled":
        populations["year"] = Raw("each") if each else fixed_year
    else:
        pop_file = "populations.csv"
        populations["file"] = pop_file
        populations["year"] = Raw("each") if each else (fixed_year if source == "full"
                                                         else draw(st.integers(2020, 2030)))
        randomise = draw(st.booleans())
        # every municipality of each region touched (R16: a region member may not be missing)
        regions = sorted({REGION_OF[m] for m in members})
        in_file = sorted(m for g in regions for m in NAMES_BY_REGION[g])
        rows = []
        if source == "full":
            with_source = draw(st.booleans())
            header = "code,municipality,region,year,population" + (",source" if with_source else "")
            years = sorted(set(data_years) | set(needed_years))
            for m in in_file:
                for y in years:
                    figure = draw(st.integers(500, 700000)) if randomise else FIGURES[(m, y)] \
                        if (m, y) in FIGURES else draw(st.integers(500, 700000))
                    row = f"{CODE[m]},{m},{REGION_OF[m]},{y},{figure}"
                    rows.append(row + (f",FOLK1A {y}K1" if with_source else ""))
        else:
            header = "municipality,population"
            for m in in_file:
                figure = draw(st.integers(500, 700000)) if randomise else FIGURES[(m, 2024)]
                rows.append(f"{m},{figure}")
        pop_csv = header + "\n" + "\n".join(rows) + "\n"
    if each and lag:
        populations["lag"] = lag

    doc = {"klynge": 1, "name": draw(st.sampled_from(["Generated", "Generated: ÆØÅ æøå",
                                                       "KKR \"test\", 2024"])),
           "populations": populations, "members": members_yaml}
    if defaults:
        doc["defaults"] = defaults
    doc["clusters"] = clusters
    if withdrawals:
        doc["withdrawals"] = withdrawals
    comment = (f"generated by strategies.py: {source} populations, "
               f"{'each' if each else 'fixed'} lag {lag}, members {how}, {n_clusters} cluster(s)")
    return ScenarioCase(to_yaml(doc, comment), pop_file, pop_csv)


@st.composite
def _defaults(draw):
    d = {}
    if draw(st.booleans()):
        d["lead_amount"] = draw(st.integers(0, 600000))
    if draw(st.booleans()):
        d["pool"] = draw(st.integers(0, 800000))
    if draw(st.booleans()):
        d["threshold"] = _decimal(draw, "0.5", "1", 3)
    if draw(st.booleans()):
        d["below_threshold"] = draw(st.sampled_from(["baseline-shares", "pro-rata"]))
    if draw(st.booleans()):
        d["schedule"] = draw(_date_rules())
    return d


@st.composite
def _date_rules(draw):
    rules = {}
    for kind in ("collect", "pay", "reconfirm"):
        if draw(st.booleans()):
            rule = {"month": draw(st.integers(1, 12))}
            if draw(st.booleans()):
                rule["year_offset"] = draw(st.integers(-1, 1))
            if draw(st.booleans()):
                rule["day"] = draw(st.one_of(st.integers(1, 28), st.just("last")))
            rules[kind] = rule
    return rules


def _terms(draw, formula: str, first: int, last: int, ore: bool, lead_numeric_ok: bool,
           cluster_members: list[str], name_variants: bool, with_extras: bool,
           rate_only: bool = False):
    """Terms of one period (or of a cluster without periods) for `formula`."""
    t = {}
    if formula == "pool":
        if draw(st.booleans()):
            t["pool"] = _money(draw, 0, 900000, ore)
        if draw(st.booleans()):
            t["lead_amount"] = _money(draw, 0, 700000, ore)
        if draw(st.booleans()):
            t["threshold"] = _decimal(draw, "0.5", "1", 4)
        t["below_threshold"] = draw(st.sampled_from(
            ["baseline-shares", "pro-rata", "fixed", None]))
        if t["below_threshold"] is None:
            del t["below_threshold"]
    else:
        t["formula"] = formula
        if formula == "per-capita":
            t["rate"] = _decimal(draw, "0.01", "5", draw(st.integers(0, 4)))
            if t["rate"] == 0:
                t["rate"] = Decimal("0.5")
            if draw(st.booleans()):
                t["base"] = draw(st.integers(0, 20000))
            if draw(st.booleans()):
                t["max_population"] = draw(st.integers(1000, 200000))
            lo = hi = None
            if draw(st.booleans()):
                lo = t["min_amount"] = draw(st.integers(0, 50000))
            if draw(st.booleans()):
                hi = t["max_amount"] = draw(st.integers(lo or 0, 300000))
        else:
            bounds = sorted(draw(st.lists(st.integers(1000, 300000), min_size=0, max_size=4,
                                          unique=True)))
            t["bands"] = [{"up_to": b, "amount": _money(draw, 0, 80000, ore)} for b in bounds]
            t["bands"].append({"amount": _money(draw, 0, 120000, ore)})
        if lead_numeric_ok and draw(st.booleans()):
            t["lead_amount"] = _money(draw, 0, 500000, ore)
    ix = _indexation(draw, first, first if rate_only else last)
    if rate_only and draw(st.booleans()):
        ix = _rate(draw)
    if ix is not None:
        t["indexation"] = ix
    if ore:
        t["rounding"] = "ore"
    elif draw(st.integers(0, 3)) == 0:
        t["rounding"] = "krone"
    if with_extras and draw(st.booleans()):
        t["co_funders"] = [
            {"name": body, "amount": draw(st.integers(0, 500000)),
             **({"years": _years_inside(draw, first, last)} if draw(st.booleans()) else {})}
            for body in draw(st.lists(st.sampled_from(BODIES), min_size=1, max_size=3, unique=True))]
    if with_extras and draw(st.booleans()):
        t["top_ups"] = [
            {"municipality": _spelling(draw, who, name_variants),
             "amount": draw(st.integers(0, 100000)),
             **({"years": _years_inside(draw, first, last)} if draw(st.booleans()) else {})}
            for who in draw(st.lists(st.sampled_from(cluster_members), min_size=1, max_size=3,
                                     unique=True))]
    if draw(st.integers(0, 3)) == 0:
        t["payee"] = draw(st.sampled_from(PAYEES))
    return t


@st.composite
def _cluster(draw, index, members, lo, hi, name_variants, ambiguous, default_threshold,
             v1_only=False):
    lead = draw(st.sampled_from(members))
    others_pool = [m for m in members if m != lead]
    if len(others_pool) > 2 and draw(st.booleans()):
        others = sorted(draw(st.lists(st.sampled_from(others_pool), min_size=2,
                                      max_size=min(15, len(others_pool)), unique=True)))
        narrowed = True
    else:
        others, narrowed = others_pool, False
    cluster_members = sorted([lead] + others)
    cid = f"c{index}-" + draw(st.sampled_from(["wbd", "clean", "food", "bio", "x"]))
    cluster = {"id": cid,
               "name": draw(st.sampled_from(["We Build Denmark", "CLEAN", "Food & Bio",
                                             "Life Science: \"DLSC\"", "Øresund"])) + f" {index}",
               "lead": _spelling(draw, lead, name_variants)}
    if narrowed:
        cluster["members"] = [_spelling(draw, m, name_variants) for m in cluster_members]
    fixed = []
    start = draw(st.integers(lo, min(hi, lo + 6)))
    if v1_only or draw(st.booleans()):
        # one set of terms
        last = draw(st.integers(start, min(hi, start + 4)))
        formula = "pool" if v1_only else draw(st.sampled_from(["pool", "pool", "per-capita", "bands"]))
        ore = draw(st.integers(0, 3)) == 0
        terms = _terms(draw, formula, start, last, ore, True, cluster_members, name_variants,
                       not v1_only, v1_only)
        cluster["years"] = [start, last]
        cluster.update(terms)
        years = list(range(start, last + 1))
        if terms.get("below_threshold") == "fixed":
            fixed.append((cluster, years))
        threshold = terms.get("threshold", default_threshold)
    else:
        periods, years = [], []
        a = start
        for _ in range(draw(st.integers(1, 3))):
            if a > hi:
                break
            b = draw(st.integers(a, min(hi, a + 3)))
            formula = draw(st.sampled_from(["pool", "per-capita", "bands"]))
            ore = draw(st.integers(0, 3)) == 0
            terms = _terms(draw, formula, a, b, ore, True, cluster_members, name_variants, True,
                           False)
            period = {"years": [a, b], **terms}
            periods.append(period)
            if terms.get("below_threshold") == "fixed":
                fixed.append((period, list(range(a, b + 1))))
            years += list(range(a, b + 1))
            a = b + 1 + draw(st.integers(0, 2))
        cluster["periods"] = periods
        threshold = default_threshold     # a period's own threshold is looked up in it
        # cluster-level extras that apply to every period that does not give its own
        if draw(st.integers(0, 3)) == 0 and not any("co_funders" in p for p in periods):
            cluster["co_funders"] = [{"name": draw(st.sampled_from(BODIES)),
                                      "amount": draw(st.integers(1, 300000))}]
        if draw(st.integers(0, 3)) == 0 and not any("payee" in p for p in periods):
            cluster["payee"] = draw(st.sampled_from(PAYEES))
        if ambiguous and draw(st.integers(0, 4)) == 0:
            cluster["lead_amount"] = draw(st.integers(0, 500000))   # A10
    if draw(st.integers(0, 3)) == 0:
        sched = draw(_date_rules())
        if draw(st.booleans()):
            y = draw(st.sampled_from(years))
            o = {}
            if draw(st.booleans()):
                o["collect"] = Raw(f"{y - 1}-{draw(st.integers(1, 12)):02d}-{draw(st.integers(1, 28)):02d}")
            if draw(st.booleans()):
                o["pay"] = Raw(f"{y}-{draw(st.integers(1, 12)):02d}-{draw(st.integers(1, 28)):02d}")
            if o:
                sched["overrides"] = {y: o}
        if sched:
            cluster["schedule"] = sched
    plan = {"id": cid, "lead": lead, "others": others, "years": years, "out": {},
            "fixed": fixed, "threshold": threshold}
    return cluster, plan


if __name__ == "__main__":   # print a few examples
    import sys
    from hypothesis import HealthCheck, given, settings

    @settings(max_examples=int(sys.argv[1]) if len(sys.argv) > 1 else 3, database=None,
              suppress_health_check=list(HealthCheck))
    @given(scenarios())
    def show(case):
        print(case.yaml_text)
        if case.population_csv:
            print(f"--- {case.population_file}:\n" + case.population_csv[:300] + "...\n")

    show()
