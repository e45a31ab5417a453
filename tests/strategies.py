"""Hypothesis strategies shared by the property tests: random valid scenarios."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

SJAELLAND = [
    "Faxe", "Greve", "Guldborgsund", "Holbæk", "Kalundborg", "Køge", "Lejre", "Lolland",
    "Næstved", "Odsherred", "Ringsted", "Roskilde", "Slagelse", "Solrød", "Sorø", "Stevns",
    "Vordingborg",
]  # fmt: skip


@st.composite
def scenarios(draw: st.DrawFn) -> dict[str, Any]:
    clusters = []
    withdrawals = []
    basis = draw(st.sampled_from([2021, 2023, "each"]))
    for index in range(draw(st.integers(1, 3))):
        members = draw(st.lists(st.sampled_from(SJAELLAND), min_size=2, max_size=17, unique=True))
        first, last = (
            (2021, 2021)
            if basis == "each"
            else sorted(draw(st.tuples(st.integers(2020, 2026), st.integers(2020, 2026))))
        )
        if basis == "each":
            first = last = draw(st.sampled_from([2021, 2023]))
        policy = draw(st.sampled_from(["baseline-shares", "pro-rata", "fixed"]))
        cluster: dict[str, Any] = {
            "id": f"c{index}",
            "name": f"Cluster {index}",
            "lead": members[0],
            "members": members,
            "years": [first, last],
            "lead_amount": draw(st.integers(0, 2_000_000)),
            "pool": draw(st.integers(0, 2_000_000)),
            "threshold": draw(st.sampled_from([0, 0.5, 0.75, 0.85, 0.9, 1])),
            "below_threshold": policy,
            "rounding": draw(st.sampled_from(["krone", "ore"])),
            "indexation": draw(st.sampled_from([0, 0.01, 0.025, -0.05])),
        }
        if policy == "fixed":
            cluster["reduced_pool"] = {
                str(y): draw(st.integers(0, 500_000)) for y in range(first, last + 1)
            }
        clusters.append(cluster)
        for name in draw(
            st.lists(st.sampled_from(members[1:]), unique=True, max_size=len(members) - 2)
        ):
            withdrawals.append(
                {
                    "municipality": name,
                    # from before the first year (a warning: "from the start") to the last
                    "from": draw(st.integers(first - 2, last)),
                    "clusters": [f"c{index}"],
                }
            )
    return {
        "klynge": 1,
        "populations": {"year": basis},
        "members": {"region": "Sjælland"},
        "clusters": clusters,
        "withdrawals": withdrawals,
    }
