"""The workbook writes every number exactly or not at all (docs/xlsx.md, "Exactness").

What its formulas cannot hold exactly (a whole number from 2^53, an amount of more than 15
significant digits, a sum of amounts with øre that could round to the wrong øre, a formula
longer than Excel opens) is refused by name: exit 2, a message naming the cluster, year and
value and what would help, and no file written (an existing one untouched). CSV stays exact.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from helpers import run, write
from spreadsheet import amounts, comparable, csv_amounts, libreoffice, needs_libreoffice
from test_every_command import NOT_EXACT, workbooks

from klynge_cli.render.xlsx.exact import DOUBLE_EXACT, SUM_EXACT, beyond

OLD = b"an earlier workbook"


def refused(tmp_path: Path, scenario: Path, *args: str) -> str:
    """The workbook is refused by name and an existing file is left as it was; the same
    scenario's CSV is written. Returns the message."""
    target = tmp_path / "kept.xlsx"
    target.write_bytes(OLD)
    result = run("allocate", scenario, "--format", "xlsx", "-o", target, *args)
    assert result.exit_code == 2, result.stderr
    assert any(why in result.stderr for why in NOT_EXACT), result.stderr
    assert "Traceback" not in result.stderr
    assert target.read_bytes() == OLD
    csv_text = run("allocate", scenario, "--format", "csv")
    assert csv_text.exit_code == 0, csv_text.stderr
    workbooks(scenario, csv_text.stdout, "en")  # test_every_command accepts the refusal
    return result.stderr


def one_cluster(
    tmp_path: Path, cluster: str, *, populations: str = "{year: 2021}", name: str = "s.yaml"
) -> Path:
    """Cluster b of København and Frederiksberg (the lead), with `cluster`'s keys."""
    return write(
        tmp_path,
        name,
        f"""\
        klynge: 1
        name: Beyond the workbook
        populations: {populations}
        members: [København, Frederiksberg]
        clusters:
          - {{id: b, name: B, lead: Frederiksberg, {cluster}}}
        """,
    )


def test_a_per_capita_amount_of_17_digits_is_refused_not_rounded(tmp_path: Path) -> None:
    """999,999,999.99 kr. per inhabitant in øre: København pays 638,116,999,993,618.83 kr.,
    17 significant digits, which a double would store as …618.9. In whole kroner it fits."""
    scenario = one_cluster(
        tmp_path, "years: [2021, 2021], formula: per-capita, rate: 999999999.99, rounding: ore"
    )
    assert "638116999993618.83" in run("allocate", scenario, "--format", "csv").stdout
    message = refused(tmp_path, scenario)
    assert message.startswith(f"{scenario}:6:5: cluster b, 2021: ")
    assert "is beyond the workbook's exact numbers" in message
    assert "below 2^53 = 9,007,199,254,740,992" in message
    assert "Use `rounding: krone`, or write CSV or JSON" in message
    krone = one_cluster(
        tmp_path, "years: [2021, 2021], formula: per-capita, rate: 999999999.99, rounding: krone"
    )
    path = tmp_path / "krone.xlsx"
    assert run("allocate", krone, "--format", "xlsx", "-o", path).exit_code == 0
    expected = csv_amounts(run("allocate", krone, "--format", "csv").stdout)
    assert comparable(amounts(path), expected) == expected
    assert expected[("b", 2021, "København", "member")] == Decimal("638116999993619")


def test_rounding_krone_is_not_advised_where_it_is_already_krone(tmp_path: Path) -> None:
    scenario = one_cluster(
        tmp_path, "years: [2021, 2021], formula: per-capita, rate: 9999999999999.99"
    )
    message = refused(tmp_path, scenario)
    assert message.startswith(f"{scenario}:6:5: cluster b, 2021: ")
    assert "rounding: krone" not in message
    assert message.rstrip().endswith("Write CSV or JSON, which are exact at any size.")


def test_a_split_beyond_2_53_advises_kroner_only_where_they_help(tmp_path: Path) -> None:
    """pool × population of the split below 2^53 (exact.check_cluster): `rounding: krone` is
    advised only where the cluster rounds to the øre and the pool in kroner would fit."""
    write(tmp_path, "pop.csv", "municipality,population\nNæstved,1000\nFaxe,1000\nGreve,1000\n")

    def pool(name: str, terms: str) -> Path:
        return write(
            tmp_path,
            name,
            f"""\
            klynge: 1
            name: Pool beyond
            populations: {{file: pop.csv, year: 2021}}
            members: [Næstved, Faxe, Greve]
            clusters:
              - {{id: c, name: C, lead: Næstved, years: [2021, 2021], {terms}}}
            """,
        )

    for terms, krone in (
        ("pool: 9999999999999", False),  # 10^13 kr. × 2,000 inhabitants, in kroner already
        ("pool: 9999999999999, rounding: ore", False),  # in kroner still beyond
        ("pool: 100000000000, rounding: ore", True),  # 10^13 øre × 2,000; kroner fit
    ):
        message = refused(tmp_path, pool("pool.yaml", terms))
        assert "pool × population stays below 2^53" in message
        assert ("rounding: krone" in message) == krone, message
        assert "write CSV or JSON" in message or "Write CSV or JSON" in message


def test_a_29_digit_population_from_an_import_is_refused_at_its_line(tmp_path: Path) -> None:
    """`klynge populations import` accepts 29 digits; the workbook would show 1e+29."""
    export = write(
        tmp_path,
        "folk1a.csv",
        "OMRÅDE;TID;INDHOLD\nKøbenhavn;2021K1;99999999999999999999999999999\n"
        "Frederiksberg;2021K1;103677\n",
    )
    assert run("populations", "import", export, "-o", tmp_path / "imported.csv").exit_code == 0
    for formula in ("formula: per-capita, rate: 1", "formula: bands, bands: [{amount: 10}]"):
        scenario = one_cluster(
            tmp_path,
            f"years: [2021, 2021], {formula}",
            populations="{file: imported.csv, year: 2021}",
        )
        message = refused(tmp_path, scenario)
        assert message.startswith(
            f"{tmp_path / 'imported.csv'}:3: the population of København on 1 January 2021, "
            "99,999,999,999,999,999,999,999,999,999, is beyond the workbook's exact numbers"
        )
        assert "Correct the figure in the population file, or write CSV or JSON" in message


def test_co_funders_and_top_ups_beyond_15_digits_are_refused(tmp_path: Path) -> None:
    """Each amount is within the scenario's limit (10^13 kr.), but two years of 9,999,999,
    999,999.99 kr. are 16 significant digits."""
    for extra, what in (
        ("co_funders: [{name: Staten, amount: 9999999999999.99}]", "co-funder Staten"),
        ("top_ups: [{municipality: København, amount: 9999999999999.99}]", "København's top-up"),
    ):
        scenario = one_cluster(tmp_path, f"years: [2021, 2022], {extra}")
        message = refused(tmp_path, scenario)
        assert message.startswith(
            f"{scenario}:6:5: cluster b: the amount of {what} over the years, "
            "19,999,999,999,999.98 kr., is beyond the workbook's exact numbers: it has 16 "
            "significant digits, and a spreadsheet keeps and shows 15."
        )
        assert "rounding: krone" not in message


def test_a_sum_of_amounts_with_ore_beyond_2_52_is_refused(tmp_path: Path) -> None:
    """Ten co-funders of 9,999,999,999,999 kr.: the year's total has 14 significant digits, but
    summed in kroner with øre (ROUND(SUM(…),2)) the rounding errors could reach half an øre. In
    whole kroner the sums are of integers, exact: written."""
    bodies = ", ".join(f"{{name: Fond {i}, amount: 9999999999999}}" for i in range(10))
    scenario = one_cluster(tmp_path, f"years: [2021, 2021], rounding: ore, co_funders: [{bodies}]")
    message = refused(tmp_path, scenario)
    assert message.startswith(f"{scenario}:6:5: cluster b, 2021: the total for the year, ")
    assert "stays exact to the øre only while 12 × the sum in øre stays below 2^52" in message
    assert "Use `rounding: krone`" in message
    krone = one_cluster(tmp_path, f"years: [2021, 2021], co_funders: [{bodies}]")
    path = tmp_path / "krone.xlsx"
    assert run("allocate", krone, "--format", "xlsx", "-o", path).exit_code == 0
    expected = csv_amounts(run("allocate", krone, "--format", "csv").stdout)
    assert comparable(amounts(path), expected) == expected


def test_the_plans_total_over_the_years_is_checked_too(tmp_path: Path) -> None:
    """Each cluster sheet's sums fit, but the plan adds every collection of ten years: 20
    amounts of some 3 × 10^13 øre."""
    scenario = write(
        tmp_path,
        "plan.yaml",
        """\
        klynge: 1
        name: Plan beyond
        populations: {year: 2021}
        members: [København, Frederiksberg, Gentofte]
        clusters:
          - {id: b, name: B, lead: Gentofte, years: [2021, 2030], formula: per-capita,
             rate: 470000, rounding: ore}
        """,
    )
    message = refused(tmp_path, scenario)
    assert message.startswith(
        f"{scenario}: the Schedule sheet: the total collected, 3,486,431,800,000.00 kr., is "
        "beyond the workbook's exact numbers: a sum of 20 amounts with øre"
    )
    assert "Use `rounding: krone`, write fewer clusters or years to one workbook" in message


def test_the_populations_sheet_checks_its_figures(tmp_path: Path) -> None:
    """The populations sheet goes through the same check as every other (the cluster sheets,
    written first, read the same figures)."""
    from klynge_cli.engine.rules import allocate
    from klynge_cli.errors import KlyngeError
    from klynge_cli.load.scenario import load_scenario
    from klynge_cli.render.labels import labels
    from klynge_cli.render.xlsx.book import Book
    from klynge_cli.render.xlsx.sheets import population_sheet, write_populations
    from klynge_cli.render.xlsx.words import Words

    write(tmp_path, "pop.csv", "municipality,population\nKøbenhavn,9007199254740992\n"
                               "Frederiksberg,103677\n")  # fmt: skip
    scenario = one_cluster(
        tmp_path,
        "years: [2021, 2021], formula: bands, bands: [{amount: 10}]",
        populations="{file: pop.csv, year: 2021}",
    )
    allocation = allocate(load_scenario(scenario))
    book = Book(labels("en"), {})
    with pytest.raises(KlyngeError) as raised:
        write_populations(book, Words(book.labels), population_sheet(allocation, "P"), "")
    assert str(raised.value).startswith(
        f"{tmp_path / 'pop.csv'}:2: the population of København on 1 January 2021, "
        "9,007,199,254,740,992, is beyond the workbook's exact numbers"
    )


def test_a_workbook_of_hundreds_of_clusters_is_refused_before_its_formulas(
    tmp_path: Path,
) -> None:
    """380 clusters with 30-character ids (within every limit of the loader): Frederiksberg's
    bill would add 380 references, some 14,000 characters, and Excel opens 8,192. The
    workbook's own limits (100 cluster-years, 20 sheets) refuse it first; at 20 clusters a
    bill is some 900 characters, so the formula-length check stays a second line of defence."""
    ids = [f"c{i:03d}" + "x" * 26 for i in range(380)]
    clusters = "".join(
        f"  - {{id: {cid}, name: C{i}, lead: Frederiksberg, years: [2021, 2021]}}\n"
        for i, cid in enumerate(ids)
    )
    scenario = write(
        tmp_path,
        "many.yaml",
        "klynge: 1\nname: Many\npopulations: {year: 2021}\n"
        "members: [København, Frederiksberg]\nclusters:\n" + clusters,
    )
    assert run("validate", scenario).exit_code == 0
    message = refused(tmp_path, scenario)
    assert message.startswith(
        "the workbook's number of cluster-years (a block of columns each) is 380; klynge allows "
        "at most 100 (docs/limits.md)."
    )
    assert "--cluster" in message
    one = tmp_path / "one.xlsx"
    assert (
        run("allocate", scenario, "--format", "xlsx", "-o", one, "--cluster", ids[0]).exit_code == 0
    )


@needs_libreoffice
def test_the_largest_accepted_numbers_recalculate_to_klynges_amounts(tmp_path: Path) -> None:
    """Just inside the limits, in whole kroner: 15-digit amounts per inhabitant, and ten
    co-funders of 9,999,999,999,999 kr. summed in a year; LibreOffice recalculates them to the
    krone."""
    bodies = ", ".join(f"{{name: Fond {i}, amount: 9999999999999}}" for i in range(10))
    scenarios = [
        one_cluster(tmp_path, "years: [2021, 2021], formula: per-capita, rate: 999999999.99",
                    name="pc.yaml"),
        one_cluster(tmp_path, f"years: [2021, 2022], co_funders: [{bodies}]", name="co.yaml"),
    ]  # fmt: skip
    books = []
    for scenario in scenarios:
        path = tmp_path / f"{scenario.stem}.xlsx"
        assert run("allocate", scenario, "--format", "xlsx", "-o", path).exit_code == 0
        books.append(path)
    for scenario, path in zip(scenarios, libreoffice(books, tmp_path / "out"), strict=True):
        expected = csv_amounts(run("allocate", scenario, "--format", "csv").stdout)
        assert comparable(amounts(path), expected) == expected, scenario.name


@pytest.mark.parametrize(
    ("value", "terms", "why"),
    [
        (DOUBLE_EXACT - 1, 1, None),
        (DOUBLE_EXACT, 1, "below 2^53"),
        (-DOUBLE_EXACT, 1, "below 2^53"),
        (Decimal("999999999999999"), 1, None),  # 15 digits
        (Decimal("9999999999999.99"), 1, None),
        (Decimal("1000000000000000.00"), 1, None),  # one significant digit, below 2^53
        (Decimal("99999999999999.99"), 1, "16 significant digits"),
        (Decimal("0.1234567890123456"), 1, "16 significant digits"),
        (Decimal("10000000000000000"), 1, "below 2^53"),
        (Decimal(-(-SUM_EXACT // 100)) / 100, 100, "2^52"),  # 100 × its øre ≥ 2^52
        (Decimal(SUM_EXACT // 100) / 100, 100, None),
        (Decimal(SUM_EXACT // 100) / 100, 101, "2^52"),
    ],
)
def test_what_a_spreadsheet_holds_exactly(
    value: int | Decimal, terms: int, why: str | None
) -> None:
    found = beyond(value, terms)
    assert (found is None) if why is None else (found is not None and why in found), found
