"""National-scale scenarios for the benchmark.

`write`: all 98 municipalities, 14 clusters, 8 years, with SYNTHETIC population figures, made
up from a fixed seed so that `year: each` has a figure for every municipality and year. They
are benchmark data only, not Danmarks Statistik's figures, and say so in every row's `source`
column.

`write_real`: the bundled FOLK1A figures (all 98 municipalities, `region: all`) under the
terms of SPEC §7: 11 clusters over 2025-2028 with several formulas and periods. Its terms are
borrowed from the shipped scenarios (the seed's pool, Business Region Aarhus's rate, Dansk
Erhvervsfremme's, KFPLC's and OS2valghalla's terms) and SPEC's examples of a co-funder and a
top-up; the combination is a benchmark, not an agreement. 16 withdrawals take the pools below
the threshold in the later years. Nothing here is shipped with klynge.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from klynge_cli.resources import data_dir

FIRST_YEAR, LAST_YEAR = 2021, 2028
SOURCE = "SYNTHETIC benchmark figures, not real populations"


def municipalities() -> list[tuple[str, str, str]]:
    with (data_dir() / "municipalities.csv").open(encoding="utf-8") as file:
        return [(r["code"], r["municipality"], r["region"]) for r in csv.DictReader(file)]


def write(folder: Path, clusters: int = 14, members: int = 98, withdrawals: int = 12) -> Path:
    """Write `national.yaml` and its synthetic populations into `folder`; return the scenario."""
    rng = random.Random(20211)
    chosen = municipalities()[:members]
    with (folder / "populations-synthetic.csv").open("w", encoding="utf-8", newline="") as file:
        out = csv.writer(file, lineterminator="\n")
        out.writerow(["code", "municipality", "region", "year", "population", "source"])
        for code, name, region in chosen:
            base = rng.randint(2_000, 650_000)
            for year in range(FIRST_YEAR, LAST_YEAR + 1):
                out.writerow([code, name, region, year, base + rng.randint(-500, 500), SOURCE])
    names = [name for _, name, _ in chosen]
    regions = sorted({region for _, _, region in chosen})
    members = f"{{region: [{', '.join(regions)}]}}" if members == 98 else f"[{', '.join(names)}]"
    lines = [
        "klynge: 1",
        'name: "Benchmark: national scale (SYNTHETIC populations)"',
        "populations: {file: populations-synthetic.csv, year: each}",
        f"members: {members}",
        "defaults: {below_threshold: pro-rata}",
        "clusters:",
    ]
    for index in range(clusters):
        lines += [
            f"  - id: cluster-{index + 1}",
            f"    name: National cluster {index + 1}",
            f"    lead: {names[index % len(names)]}",
            f"    years: [{FIRST_YEAR}, {LAST_YEAR}]",
        ]
    lines.append("withdrawals:" if withdrawals else "withdrawals: []")
    leavers = rng.sample(names[clusters:], withdrawals)
    for name in leavers:
        lines.append(
            f"  - {{municipality: {name}, from: {rng.randint(FIRST_YEAR + 1, LAST_YEAR)}}}"
        )
    path = folder / "national.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


REAL_FIRST_YEAR, REAL_LAST_YEAR = 2025, 2028
REAL_CLUSTERS = 11
# No index rates are invented: the series is all zeros (klynge ships no index rates), which
# still reads, checks and applies a series (R11) for every cluster and year.
ZERO_SERIES = "{2026: 0, 2027: 0, 2028: 0}"
# SPEC's own examples of R14 and R15.
CO_FUNDER = "{name: Region Sjælland, amount: 2500000}"
TOP_UP = "{municipality: Aalborg, amount: 100000, years: [2025, 2028]}"
# The leads: the eleven largest municipalities, one cluster each.
REAL_LEADS = (
    "København", "Aarhus", "Aalborg", "Odense", "Vejle",
    "Esbjerg", "Frederiksberg", "Randers", "Silkeborg", "Horsens", "Kolding",
)  # fmt: skip
BANDS = (
    "[{up_to: 24999, amount: 23980}, {up_to: 60000, amount: 34880},"
    " {up_to: 120000, amount: 45780}, {amount: 56680}]"
)
DEF = "formula: per-capita, base: 2500, rate: 0.27, max_amount: 32500, rounding: ore"
KFPLC = "formula: per-capita, rate: 0.808, max_population: 100000, rounding: ore"
REAL_TERMS: tuple[tuple[str, ...], ...] = (
    # pool clusters with a policy change, or a change of rounding, between two periods (R12)
    (
        "periods:",
        "  - {years: [2025, 2026], below_threshold: baseline-shares}",
        "  - {years: [2027, 2028], below_threshold: pro-rata}",
    ),
    (
        "periods:",
        "  - {years: [2025, 2026]}",
        "  - {years: [2027, 2028], rounding: ore, indexation: {2028: 0}}",
    ),
    (
        "years: [2025, 2028]",
        f"indexation: {ZERO_SERIES}",
        f"co_funders: [{CO_FUNDER}]",
        f"top_ups: [{TOP_UP}]",
    ),
    # periods switching formula: the pool and 8 kr. per inhabitant (Business Region Aarhus)
    (
        "periods:",
        "  - {years: [2025, 2026]}",
        "  - {years: [2027, 2028], formula: per-capita, rate: 8}",
    ),
    (
        "periods:",
        "  - {years: [2025, 2026], formula: per-capita, rate: 8}",
        "  - {years: [2027, 2028]}",
    ),
    # Dansk Erhvervsfremme's fee (base, rate, cap), then KFPLC's (rate, max population)
    ("years: [2025, 2028]", *DEF.split(", "), f"indexation: {ZERO_SERIES}"),
    ("periods:", f"  - {{years: [2025, 2026], {DEF}}}", f"  - {{years: [2027, 2028], {KFPLC}}}"),
    # OS2valghalla's bands, then the pool
    (
        "periods:",
        f"  - {{years: [2025, 2026], formula: bands, bands: {BANDS}}}",
        "  - {years: [2027, 2028]}",
    ),
    ("years: [2025, 2028]", f"top_ups: [{TOP_UP}]"),
    ("years: [2025, 2028]", "below_threshold: pro-rata"),
    ("years: [2025, 2028]", "formula: bands", f"bands: {BANDS}"),
)


def write_real(folder: Path, withdrawals: int = 16) -> Path:
    """Write `national-real.yaml` (bundled figures, §7 terms) into `folder`; return it."""
    rng = random.Random(20251)
    names = [name for _, name, _ in municipalities()]
    lines = [
        "klynge: 1",
        'name: "Benchmark: national scale, real populations, SPEC §7 terms (not an agreement)"',
        # 2025-2028 on the figures of two years before: 2023-2026, all bundled
        "populations: {year: each, lag: 2}",
        "members: {region: all}",
        "clusters:",
    ]
    for index, (lead, terms) in enumerate(zip(REAL_LEADS, REAL_TERMS, strict=True)):
        lines += [
            f"  - id: national-{index + 1}",
            f"    name: National cluster {index + 1}",
            f"    lead: {lead}",
        ]
        lines += [f"    {line}" for line in terms]
    lines.append("withdrawals:")
    leavers = rng.sample([n for n in names if n not in REAL_LEADS], withdrawals)
    for name in leavers:
        year = rng.randint(REAL_FIRST_YEAR + 1, REAL_LAST_YEAR)
        lines.append(f"  - {{municipality: {name}, from: {year}}}")
    path = folder / "national-real.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
