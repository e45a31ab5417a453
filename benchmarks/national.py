"""A national-scale scenario for the benchmark: all 98 municipalities, 14 clusters, 8 years.

The population figures are SYNTHETIC: made up from a fixed seed so that `year: each` has a
figure for every municipality and year. They are benchmark data only, not Danmarks Statistik's
figures, and say so in every row's `source` column. Nothing here is shipped with klynge.
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
