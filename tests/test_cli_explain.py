"""`klynge explain`: each step of an amount, readable and checkable by hand."""

from __future__ import annotations

from pathlib import Path

from helpers import FOUR, SEED, run, small_scenario

ISSUE_EXAMPLE = ["-w", "Roskilde@2023", "-w", "Slagelse@2023", "-w", "Køge@2024"]


def test_held_year_step_by_step() -> None:
    result = run("explain", "Faxe", "--year", "2023", *ISSUE_EXAMPLE)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == "Faxe in We Build Denmark (wbd), 2023"
    for step in [
        "2. Participants: 14 of 16 take part (withdrawn: Roskilde, Slagelse).",
        "3. Threshold test: 14/16 = 87.5 % ≥ 85 %, so the pool is held (R3).",
        "Population basis: 1 January 2021 (populations: year: 2021), from data/populations.csv",
        "6. Exact quota: 500,000 kr. × 36,713 / 587,648 = 31,237.237257… kr.",
        "7. Floor: 31,237 kr.; the 14 floors add up to 499,993 kr., so 7 kroner are left over (R4).",
        "rank 11 of 14 (largest remainder first); the leftover go one each to ranks 1-7, so Faxe gets none of them.",
        "9. Amount: Faxe pays 31,237 kr. to Næstved for 2023.",
    ]:
        assert step in result.stdout


def test_reduced_year_explains_the_policy() -> None:
    text = run("explain", SEED, "Faxe", "--year", "2024", *ISSUE_EXAMPLE).stdout
    assert "3. Threshold test: 13/16 = 81.25 % < 85 %, so the pool is reduced (R3)." in text
    assert "Policy: baseline-shares." in text and "(348,155 kr. together)" in text
    assert "Amount: Faxe pays 24,292 kr. to Næstved for 2024." in text


def test_lead_and_withdrawn() -> None:
    assert "pays the lead amount, 500,000 kr., every year" in run("explain", "Næstved").stdout
    text = run("explain", "Køge", "--year", "2024", *ISSUE_EXAMPLE).stdout
    assert "Køge has withdrawn from wbd from 2024 (R8), so it pays nothing in 2024: 0 kr." in text


def test_tie_break_is_named_when_it_decides(small: Path) -> None:
    path = small_scenario(small, top="withdrawals: [{municipality: Greve, from: 2022}]")
    text = run("explain", path, "Faxe", "--year", "2022").stdout
    # 100 × 10/80 = 12.5 and 100 × 30/80 = 37.5: equal remainders, one krone left over
    assert (
        "Tie-break: the same remainder as Køge; the larger population goes first (this decided a leftover unit)."
        in text
    )
    assert "Amount: Faxe pays 12 kr." in text


def test_cluster_defaults_to_the_first_the_municipality_belongs_to() -> None:
    assert run("explain", FOUR, "Roskilde", "--year", "2022").stdout.startswith(
        "Roskilde in We Build Denmark"
    )
    text = run("explain", FOUR, "Roskilde", "--cluster", "clean").stdout
    assert text.startswith("Roskilde in CLEAN (environmental technology) (clean), 2022")


def test_mistakes_exit_2() -> None:
    for args, message in [
        (["Faxx"], "explain Faxx: unknown municipality 'Faxx' (did you mean Faxe?)"),
        (["Faxe", "--year", "2030"], "--year 2030: no financed year 2030"),
        ([str(SEED), "Faxe", "extra"], "explain takes [SCENARIO] MUNICIPALITY, not 3 arguments"),
    ]:
        result = run("explain", *args)
        assert result.exit_code == 2 and message in result.stderr, (args, result.stderr)


def test_in_danish() -> None:
    text = run("explain", "Faxe", "--year", "2023", *ISSUE_EXAMPLE, "--locale", "da").stdout
    assert text.splitlines()[0] == "Faxe i We Build Denmark (wbd), 2023"
    for step in [
        "2. Deltagere: 14 af 16 deltager (udtrådt: Roskilde, Slagelse).",
        "3. Tærskeltest: 14/16 = 87,5 % ≥ 85 %, så puljen fastholdes (R3).",
        "kilde: Danmarks Statistik FOLK1A, 1. jan. 2021",
        "6. Præcis andel: 500.000 kr. × 36.713 / 587.648 = 31.237,237257… kr.",
        "9. Beløb: Faxe betaler 31.237 kr. til Næstved for 2023.",
    ]:
        assert step in text
    reduced = run("explain", "Faxe", "--year", "2024", *ISSUE_EXAMPLE, "--locale", "da").stdout
    assert "Fordeling: grundandele (baseline-shares). Alle, der stadig deltager" in reduced
    assert (
        "er udtrådt af wbd fra 2024 (R8)"
        in run("explain", "Køge", "--year", "2024", *ISSUE_EXAMPLE, "--locale", "da").stdout
    )
    assert "er leadkommune for wbd" in run("explain", "Næstved", "--locale", "da").stdout
