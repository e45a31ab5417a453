"""`klynge allocate` through Typer's runner: the seed figures and the output contract (SPEC §4)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from helpers import FOUR, SEED, run, small_scenario

SEED_FIGURES = [  # the unit is said once, above the table
    "Amounts in kr.",
    "Næstved (lead)",
    " 500,000 ",
    " 24,292 ",
    " 58,816 ",
    " 15,510 ",
    " 1,000,000 ",
]


def test_allocate_without_arguments_shows_the_seed_agreement() -> None:
    result = run("allocate")
    assert result.exit_code == 0, result.stderr
    for figure in SEED_FIGURES:
        assert figure in result.stdout
    assert "2021: 16 of 16 take part: pool held at 500,000 kr." in result.stdout
    assert result.stderr == ""


def test_csv_contract() -> None:
    result = run("allocate", SEED, "--format", "csv")
    lines = result.stdout_bytes.decode("utf-8").split("\n")
    assert lines[0] == "cluster,year,municipality,role,population,share,amount"
    assert lines[1] == "wbd,2021,Næstved,lead,83181,,500000.00"
    assert lines[2] == "wbd,2021,Faxe,member,36713,0.048584,24292.00"
    assert b"\r" not in result.stdout_bytes and result.stdout_bytes.endswith(b"\n")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 4 * 17
    for year in ("2021", "2022", "2023", "2024"):
        year_rows = [r for r in rows if r["year"] == year]
        assert year_rows[0]["role"] == "lead"
        members = [r["municipality"] for r in year_rows[1:]]
        assert members == sorted(members)  # name order = code-point order
        assert sum(int(r["amount"].replace(".", "")) for r in year_rows) == 1_000_000_00


def test_json_contract() -> None:
    document = json.loads(run("allocate", SEED, "--format", "json").stdout)
    assert list(document) == ["klynge", "scenario", "allocations", "status", "warnings"]
    assert document["klynge"] == 1
    assert document["allocations"][0] == {
        "cluster": "wbd", "year": 2021, "municipality": "Næstved", "role": "lead",
        "population": 83181, "share": None, "amount": "500000.00",
    }  # fmt: skip
    assert document["status"][0] == {
        "cluster": "wbd", "year": 2021, "formula": "pool", "members": 16, "participants": 16,
        "held": True, "pool": "500000.00", "lead_amount": "500000.00", "top_ups": "0.00",
        "co_funded": "0.00", "total": "1000000.00",
    }  # fmt: skip
    assert document["warnings"] == []


def test_withdrawn_rows_stay_in_place_with_zero(small: Path) -> None:
    path = small_scenario(small, top="withdrawals: [{municipality: Greve, from: 2022}]")
    rows = run("allocate", path, "--format", "csv", "--year", "2022").stdout.splitlines()
    assert rows[1:] == [
        "c,2022,Næstved,lead,100,,50.00",
        "c,2022,Faxe,member,10,0.125000,12.00",
        "c,2022,Greve,withdrawn,20,,0.00",
        "c,2022,Køge,member,30,0.375000,38.00",
        "c,2022,Stevns,member,40,0.500000,50.00",
    ]


def test_markdown_is_a_pipe_table_per_cluster() -> None:
    text = run("allocate", SEED, "--format", "markdown").stdout
    assert text.startswith("# KKR Sjælland: We Build Denmark 2021-2024\n")
    assert "| Faxe           |    24,292 kr. |" in text


def test_markdown_shows_names_as_written(tmp_path: Path) -> None:
    """Rendered by a CommonMark parser with tables (markdown-it, as rich uses): a co-funder named
    `C|D <b>x</b> *y*` is one cell holding exactly that text, not two cells and markup."""
    from markdown_it import MarkdownIt

    name = "C|D <b>x</b> *y* &amp; ~~z~~ Food & Bio"
    text = SEED.read_text(encoding="utf-8").replace(
        "    payee: Gate 21 ",
        f"    co_funders: [{{name: '{name}', amount: 5}}]\n    payee: Gate 21 ",
    )
    assert "co_funders" in text
    scenario = tmp_path / "s.yaml"
    scenario.write_text(text, encoding="utf-8")
    html = (
        MarkdownIt("commonmark")
        .enable("table")
        .render(run("allocate", scenario, "--format", "markdown").stdout)
    )
    row = next(r for r in html.split("<tr>") if "co-funder" in r)
    assert row.count("<td") == 6  # name, four years, total
    assert "C|D &lt;b&gt;x&lt;/b&gt; *y* &amp;amp; ~~z~~ Food &amp; Bio (co-funder)" in row
    assert "<b>" not in html and "<em>" not in html and "<s>" not in html


def test_four_clusters_add_up_per_municipality() -> None:
    text = run("allocate", FOUR).stdout
    assert "Each municipality's bill across clusters" in text
    rows = list(csv.DictReader(io.StringIO(run("allocate", FOUR, "--format", "csv").stdout)))
    assert [r["cluster"] for r in rows[::17][:5]] == ["wbd", "wbd", "wbd", "wbd", "clean"]
    assert (
        sum(int(r["amount"].replace(".", "")) for r in rows if r["year"] == "2022") == 4_000_000_00
    )


def test_cluster_and_year_filters() -> None:
    rows = run(
        "allocate", FOUR, "--cluster", "fbcd", "--year", "2023", "--format", "csv"
    ).stdout.splitlines()
    assert len(rows) == 1 + 17
    assert all(r.startswith("fbcd,2023,") for r in rows[1:])
    assert rows[1].startswith("fbcd,2023,Slagelse,lead,")


def test_unknown_cluster_suggests_the_id() -> None:
    result = run("allocate", FOUR, "--cluster", "clen")
    assert result.exit_code == 2
    assert (
        "--cluster clen: no such cluster" in result.stderr
        and "(did you mean clean?)" in result.stderr
    )


def test_the_bundled_scenario_is_named_as_the_user_knows_it() -> None:
    result = run("allocate", "-c", "nope")
    assert result.exit_code == 2
    assert result.stderr == (
        "--cluster nope: no such cluster in bundled scenario kkr-sjaelland-wbd.yaml; "
        "its clusters are wbd\n"
    )
    assert "site-packages" not in run("explain", "Faxe", "-c", "x").stderr
    # A file the user names is shown as the user named it.
    assert f"no such cluster in {FOUR};" in run("allocate", FOUR, "-c", "nope").stderr


def test_output_file_and_stdout(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    result = run("allocate", SEED, "--format", "csv", "-o", target)
    assert result.exit_code == 0 and result.stdout == ""
    assert target.read_bytes() == run("allocate", SEED, "--format", "csv").stdout_bytes


def test_bad_input_exits_2_with_position_and_leaves_output_alone(small: Path) -> None:
    path = small_scenario(small, top="withdrawals: [{municipality: Næstvd, from: 2022}]")
    target = small / "out.csv"
    target.write_text("keep me", encoding="utf-8")
    result = run("allocate", path, "--format", "csv", "-o", target)
    assert result.exit_code == 2
    assert f"{path}:" in result.stderr and "did you mean Næstved?" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert target.read_text(encoding="utf-8") == "keep me"
