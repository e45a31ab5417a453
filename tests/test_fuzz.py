"""Fuzzing the loader: whatever the bytes, klynge answers with exit 0 or 2, never a traceback.

`run` re-raises any exception that escapes the command, so a crash fails the test with it.
Bounded by the Hypothesis profile (conftest) so CI stays quick.
"""

from __future__ import annotations

import copy
import json
import tempfile
from pathlib import Path
from typing import Any

from helpers import run
from hypothesis import given
from hypothesis import strategies as st

SEED: dict[str, Any] = {
    "klynge": 1,
    "name": "fuzz",
    "populations": {"year": 2021},
    "members": {"region": "Sjælland"},
    "defaults": {
        "lead_amount": 500000,
        "pool": 500000,
        "threshold": 0.85,
        "below_threshold": "baseline-shares",
        "rounding": "krone",
        "indexation": 0,
        "schedule": {"collect": {"month": 12, "year_offset": -1}, "pay": {"month": 1}},
    },
    "clusters": [
        {
            "id": "wbd",
            "name": "We Build Denmark",
            "lead": "Næstved",
            "payee": "Gate 21",
            "years": [2021, 2024],
            "schedule": {"overrides": {"2021": {"collect": "2021-05-31", "pay": "2021-03-31"}}},
        }
    ],
    "withdrawals": [{"municipality": "Stevns", "from": 2023, "announced": "2022-09-15"}],
}

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**40), 10**40)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    | st.sampled_from(
        [
            "Næstved",
            "Faxe",
            "each",
            "fixed",
            "pro-rata",
            "ore",
            "last",
            "2023-10-31",
            "wbd",
            "2021-02-30",
        ]
    ),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)


def validate_text(text: str | bytes) -> int:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.yaml"
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
        result = run("validate", path)
    assert result.exit_code in (0, 2), result.stderr
    assert "Traceback" not in result.stderr
    if result.exit_code == 2:
        assert result.stderr.strip(), "an error must say what is wrong"
    return result.exit_code


@given(st.binary(max_size=400))
def test_random_bytes(data: bytes) -> None:
    validate_text(data)


@given(
    st.text(
        alphabet=st.sampled_from(list("klynge: 1\n-[]{},&*!|>'\"#%@`?æøå0123456789.~\t ")),
        max_size=300,
    )
)
def test_yaml_punctuation_soup(text: str) -> None:
    validate_text(text)


@given(st.dictionaries(st.sampled_from([*SEED, "cluster", "x"]), json_values, max_size=8))
def test_generated_top_level_mappings(document: dict[str, Any]) -> None:
    validate_text(json.dumps(document, ensure_ascii=False, allow_nan=True))


@st.composite
def mutated_seed(draw: st.DrawFn) -> dict[str, Any]:
    """The seed scenario with one value somewhere replaced, removed or added."""
    document = copy.deepcopy(SEED)
    node: Any = document
    while isinstance(node, dict | list) and node and draw(st.booleans()):
        key = (
            draw(st.sampled_from(list(node)))
            if isinstance(node, dict)
            else draw(st.integers(0, len(node) - 1))
        )
        if not isinstance(node[key], dict | list):
            break
        node = node[key]
    if isinstance(node, dict) and node:
        key = draw(st.sampled_from(list(node)))
        action = draw(st.sampled_from(["replace", "remove", "add"]))
        if action == "replace":
            node[key] = draw(json_values)
        elif action == "remove":
            del node[key]
        else:
            node[draw(st.text(max_size=10))] = draw(json_values)
    elif isinstance(node, list) and node:
        node[draw(st.integers(0, len(node) - 1))] = draw(json_values)
    return document


@given(mutated_seed())
def test_mutated_seed_scenarios(document: dict[str, Any]) -> None:
    validate_text(json.dumps(document, ensure_ascii=False, allow_nan=True))


@given(
    st.text(
        alphabet=st.sampled_from(list('municpaltyoer,;"\n 0123456789-.NæstvedFax\ufeff')),
        max_size=200,
    )
)
def test_random_population_files(csv_text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "pop.csv").write_text(csv_text, encoding="utf-8")
        (Path(folder) / "s.yaml").write_text(
            "klynge: 1\npopulations: {file: pop.csv, year: 2021}\nmembers: [Næstved, Faxe]\n"
            "clusters: [{id: c, name: C, lead: Næstved, years: [2021, 2021]}]\n",
            encoding="utf-8",
        )
        result = run("validate", Path(folder) / "s.yaml")
    assert result.exit_code in (0, 2) and "Traceback" not in result.stderr


def test_the_unmutated_seed_is_valid() -> None:
    assert validate_text(json.dumps(SEED, ensure_ascii=False)) == 0
