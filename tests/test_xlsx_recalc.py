"""The workbook's formulas, recalculated in a real spreadsheet engine, give klynge's amounts.

Every workbook is opened in LibreOffice with recalculation forced, so the figures read back
are computed by the formulas, not the values klynge cached. They must equal
`klynge allocate --format csv` to the øre: for every shipped scenario, for generated
scenarios (ties, øre, indexation, every policy, withdrawals), and after a reader changes a
population, the pool or a participation flag.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from helpers import REPO, SCENARIOS, SEED, run, write
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from reference.strategies7 import ScenarioCase
from reference.strategies7 import scenarios as section7_scenarios
from spreadsheet import (
    CSV_AS_SHOWN,
    Amounts,
    amounts,
    comparable,
    csv_amounts,
    formula_errors,
    libreoffice,
    needs_libreoffice,
    number,
)

pytestmark = needs_libreoffice

SHIPPED = sorted(SCENARIOS.glob("*.yaml"))


def workbook(scenario: Path, target: Path, *args: str) -> Path:
    result = run("allocate", scenario, "--format", "xlsx", "-o", target, *args)
    assert result.exit_code == 0, result.stderr
    return target


def expected(scenario: Path, *args: str) -> Amounts:
    result = run("allocate", scenario, "--format", "csv", *args)
    assert result.exit_code == 0, result.stderr
    return csv_amounts(result.stdout)


PlanRow = tuple[str, int, str, str, str, str, Decimal]


def schedule_rows(scenario: Path) -> list[PlanRow]:
    result = run("schedule", scenario, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    return [
        (row["due_date"], int(row["year"]), row["cluster"], row["kind"], row["payer"],
         row["payee"], Decimal(row["amount"]))
        for row in csv.DictReader(io.StringIO(result.stdout))
    ]  # fmt: skip


def plan_rows(path: Path) -> list[PlanRow]:
    """The money rows of the plan sheet (not the reconfirmations), as the schedule CSV writes
    them: collect, pay and co-fund, in the sheet's order."""
    from openpyxl import load_workbook

    ws = load_workbook(path, data_only=True)["Schedule"]
    rows = []
    for due, year, cluster, kind, payer, payee, amount in ws.iter_rows(min_row=3, values_only=True):
        if due is None:
            break
        if kind in ("collect", "pay", "co-fund"):
            rows.append((due.date().isoformat(), year, cluster, kind, payer, payee, number(amount)))
    return rows


def test_every_shipped_scenario_recalculates_to_klynges_amounts(tmp_path: Path) -> None:
    """Every scenario in scenarios/, the §7 schemes included (formulas, periods, co-funders,
    top-ups, last year's populations), and the four clusters in Danish."""
    four = SCENARIOS / "kkr-sjaelland-4-clusters.yaml"
    books = [workbook(s, tmp_path / f"{s.stem}.xlsx") for s in SHIPPED]
    danish = workbook(four, tmp_path / "dansk.xlsx", "--locale", "da")
    recalculated = libreoffice([*books, danish], tmp_path / "out")
    for scenario, path in zip([*SHIPPED, four], recalculated, strict=True):
        assert formula_errors(path) == [], scenario.name
        assert amounts(path) == expected(scenario), scenario.name
    for scenario, path in zip(SHIPPED, recalculated[: len(SHIPPED)], strict=True):
        assert plan_rows(path) == schedule_rows(scenario), scenario.name
    # The four clusters: a municipality's bill is their sum
    bills = _bills(recalculated[SHIPPED.index(four)])
    by_municipality: dict[str, Decimal] = {}
    for (_, _, municipality, _), amount in expected(four).items():
        by_municipality[municipality] = by_municipality.get(municipality, Decimal(0)) + amount
    assert bills == by_municipality


def _bills(path: Path) -> dict[str, Decimal]:
    from openpyxl import load_workbook

    ws = load_workbook(path, data_only=True)["Total"]
    total_col = [c.value for c in ws[2]].index("Total")
    bills = {}
    for row in ws.iter_rows(min_row=3, values_only=True):
        if row[0] == "Total":
            break
        bills[row[0]] = number(row[total_col])
    return bills


def test_the_seed_workbook_opens_with_the_agreements_figures(tmp_path: Path) -> None:
    (path,) = libreoffice([workbook(SEED, tmp_path / "b.xlsx")], tmp_path / "out")
    figures = amounts(path)
    assert figures[("wbd", 2021, "Faxe", "member")] == 24292
    assert figures[("wbd", 2021, "Roskilde", "member")] == 58816
    assert figures[("wbd", 2021, "Solrød", "member")] == 15510
    for year in range(2021, 2025):
        assert sum(v for (_, y, _, _), v in figures.items() if y == year) == 1_000_000


def test_a_danish_reader_sees_danish_amounts(tmp_path: Path) -> None:
    """The number format is written once (`#,##0 "kr."`); LibreOffice in Danish shows it with
    Danish separators: the agreement's figures as a Danish town hall reads them."""
    books = [workbook(SEED, tmp_path / "b.xlsx", "--locale", "da")]
    (shown,) = libreoffice(books, tmp_path / "out", CSV_AS_SHOWN, locale="da-DK")
    rows = {row[0]: row for row in csv.reader(io.StringIO(shown.read_text(encoding="utf-8")))}
    assert rows["Faxe"][4:9] == ["24.292 kr."] * 4 + ["97.168 kr."]
    assert rows["Roskilde"][4] == "58.816 kr."
    assert rows["I alt"][4:8] == ["1.000.000 kr."] * 4


# --- a reader changes the workbook ---------------------------------------------------------


def _edit(path: Path, target: Path, changes: dict[str, dict[str, Any]]) -> Path:
    """Change cells (`{sheet: {"B5": 40000}}`) as a reader would, and save under `target`."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    for sheet, cells in changes.items():
        for coordinate, value in cells.items():
            book[sheet][coordinate] = value
    book.save(target)
    return target


def _find(path: Path, sheet: str, column_a: str, row_offset: int = 0) -> int:
    """The row number whose column A reads `column_a`."""
    from openpyxl import load_workbook

    ws = load_workbook(path)[sheet]
    for row in ws.iter_rows(min_col=1, max_col=1):
        if row[0].value == column_a:
            return row[0].row + row_offset
    raise AssertionError(f"{column_a} not in {sheet}")


def _flag_cell(path: Path, sheet: str, municipality: str, year: int) -> str:
    """The 'Takes part' cell of a municipality in a year's split."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    ws = load_workbook(path)[sheet]
    # The year's block: "The split in 2023", "Per inhabitant in 2025", "By band in 2025".
    group = next(
        c.column
        for c in ws[3]
        if isinstance(c.value, str) and c.value.startswith(_BLOCKS) and c.value.endswith(f" {year}")
    )
    return f"{get_column_letter(group)}{_find(path, sheet, municipality)}"


_BLOCKS = ("The split in", "Per inhabitant in", "By band in")


def seed_with(folder: Path, *, populations: str | None = None, pool: str = "500000") -> Path:
    """The seed agreement, with its own population file and pool."""
    text = SEED.read_text(encoding="utf-8")
    text = text.replace("  pool: 500000 ", f"  pool: {pool} ")
    if populations is not None:
        write(folder, "pop.csv", populations)
        text = text.replace("  year: 2021\n", "  file: pop.csv\n  year: 2021\n", 1)
    path = folder / "seed.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_changed_population_recalculates_as_klynge_would(tmp_path: Path) -> None:
    original = workbook(SEED, tmp_path / "seed.xlsx")
    row = _find(original, "Populations", "Faxe")
    changed = _edit(original, tmp_path / "faxe.xlsx", {"Populations": {f"B{row}": 41_000}})
    (path,) = libreoffice([changed], tmp_path / "out")
    bundled = (REPO / "data" / "populations.csv").read_text(encoding="utf-8")
    figures = {
        row["municipality"]: 41_000 if row["municipality"] == "Faxe" else int(row["population"])
        for row in csv.DictReader(io.StringIO(bundled))
        if row["year"] == "2021" and row["region"] == "Sjælland"
    }
    lines = "".join(f"{name},{population}\n" for name, population in figures.items())
    scenario = seed_with(tmp_path, populations="municipality,population\n" + lines)
    assert amounts(path) == expected(scenario)
    assert amounts(path)[("wbd", 2021, "Faxe", "member")] != 24292
    assert formula_errors(path) == []


def test_a_changed_pool_recalculates_as_klynge_would(tmp_path: Path) -> None:
    original = workbook(SEED, tmp_path / "seed.xlsx")
    row = _find(original, "wbd", "Pool a year (kr.)")
    changed = _edit(original, tmp_path / "pool.xlsx", {"wbd": {f"E{row}": 612_345}})
    (path,) = libreoffice([changed], tmp_path / "out")
    assert amounts(path) == expected(seed_with(tmp_path, pool="612345"))


def test_flipped_flags_recalculate_as_the_whatif(tmp_path: Path) -> None:
    """Roskilde and Slagelse leave from 2023 (held, 14/16), Køge from 2024 (reduced, 13/16);
    under pro-rata as well as the default baseline-shares."""
    leaving = {"Roskilde": 2023, "Slagelse": 2023, "Køge": 2024}
    books, scenarios = [], []
    for policy in ("baseline-shares", "pro-rata"):
        text = SEED.read_text(encoding="utf-8").replace("baseline-shares", policy, 1)
        scenario = write(tmp_path, f"{policy}.yaml", text)
        original = workbook(scenario, tmp_path / f"{policy}.xlsx")
        flags = {
            _flag_cell(original, "wbd", name, year): 0
            for name, first in leaving.items()
            for year in range(first, 2025)
        }
        books.append(_edit(original, tmp_path / f"{policy}-flipped.xlsx", {"wbd": flags}))
        scenarios.append(scenario)
    for scenario, path in zip(scenarios, libreoffice(books, tmp_path / "out"), strict=True):
        withdraw = [f"--withdraw={name}@{year}" for name, year in leaving.items()]
        whatif = run("whatif", scenario, *withdraw, "--format", "csv")
        assert amounts(path) == csv_amounts(whatif.stdout)
        assert formula_errors(path) == []


# --- generated scenarios --------------------------------------------------------------------

SJAELLAND = [
    "Faxe", "Greve", "Guldborgsund", "Holbæk", "Kalundborg", "Køge", "Lejre", "Lolland",
    "Næstved", "Odsherred", "Ringsted", "Roskilde", "Slagelse", "Solrød", "Sorø", "Stevns",
    "Vordingborg",
]  # fmt: skip

# Few distinct figures, so equal populations (and equal remainders) are common: the ties of R4.
populations = st.one_of(st.sampled_from([1, 7, 500, 500, 1200, 36713]), st.integers(1, 250_000))


def money(draw: st.DrawFn, ore: bool, top: int) -> int | float:
    """An amount in kroner as a scenario writes it: whole kroner, or with øre if allowed.
    (A float only to put the number in the file: klynge reads it through its text.)"""
    value = draw(st.integers(0, top * 100)) if ore else draw(st.integers(0, top)) * 100
    return float(f"{value // 100}.{value % 100:02d}") if value % 100 else value // 100


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, int]]:
    names = draw(st.lists(st.sampled_from(SJAELLAND), min_size=2, max_size=9, unique=True))
    figures = {name: draw(populations) for name in names}
    clusters, withdrawals = [], []
    for index in range(draw(st.integers(1, 2))):
        members = draw(
            st.lists(st.sampled_from(names), min_size=2, max_size=len(names), unique=True)
        )
        first = draw(st.integers(2021, 2024))
        last = draw(st.integers(first, 2025))
        ore = draw(st.booleans())
        policy = draw(st.sampled_from(["baseline-shares", "pro-rata", "fixed"]))
        pool_top = draw(st.sampled_from([30, 1000, 2_000_000]))  # small pools tie remainders
        cluster: dict[str, Any] = {
            "id": f"c{index}",
            "name": f"Cluster {index}",
            "lead": members[0],
            "members": members,
            "years": [first, last],
            "lead_amount": money(draw, ore, 1_000_000),
            "pool": money(draw, ore, pool_top),
            "threshold": draw(st.sampled_from([0, 0.5, 0.75, 0.85, 0.9, 1])),
            "below_threshold": policy,
            "rounding": "ore" if ore else "krone",
            "indexation": draw(st.sampled_from([0, 0.01, 0.025, -0.05, 0.0213])),
        }
        if policy == "fixed":
            cluster["reduced_pool"] = {
                str(y): money(draw, ore, pool_top) for y in range(first, last + 1)
            }
        clusters.append(cluster)
        leaving = draw(
            st.lists(st.sampled_from(members[1:]), unique=True, max_size=len(members) - 1)
        )
        withdrawals += [
            {
                "municipality": name,
                "from": draw(st.integers(first, last + 1)),
                "clusters": [f"c{index}"],
            }
            for name in leaving
        ]
    document = {
        "klynge": 1,
        "name": "generated",
        "populations": {"file": "pop.csv", "year": 2021},
        "members": names,
        "clusters": clusters,
        "withdrawals": withdrawals,
    }
    return document, figures


def _examples(test: Any) -> Any:
    for case in EXAMPLES:
        test = example(case)(test)
    return test


def _case(
    members: dict[str, int], cluster: dict[str, Any], withdrawals: dict[str, int]
) -> tuple[dict[str, Any], dict[str, int]]:
    """A hand-made case in the generator's shape: members with populations (the lead first)."""
    names = list(members)
    document = {
        "klynge": 1,
        "name": "example",
        "populations": {"file": "pop.csv", "year": 2021},
        "members": names,
        "clusters": [
            {"id": "c0", "name": "Example", "lead": names[0], "members": names, **cluster}
        ],
        "withdrawals": [{"municipality": m, "from": y} for m, y in withdrawals.items()],
    }
    return document, members


# Cases the generator may miss in a short run, each covering one rule for sure.
EXAMPLES = [
    # fixed, below the threshold, in øre: 123.45 kr. between two equal populations; the
    # leftover øre goes by name order (Greve before Køge)
    _case(
        {"Faxe": 100, "Greve": 500, "Køge": 500, "Lejre": 500, "Stevns": 700},
        {"years": [2021, 2022], "below_threshold": "fixed", "rounding": "ore", "threshold": 0.9,
         "reduced_pool": {"2021": 123.45, "2022": 99.99}},
        {"Lejre": 2021, "Stevns": 2021},
    ),
    # pro-rata below the threshold in 2024, indexed by 2.13 % a year: from 2023 on the exact
    # indexation formula would pass 10^14, so those years carry klynge's values
    _case(
        {"Næstved": 83181, "Faxe": 36713, "Greve": 50514, "Køge": 61475, "Ringsted": 34847,
         "Sorø": 29993},
        {"years": [2021, 2025], "below_threshold": "pro-rata", "indexation": 0.0213},
        {"Faxe": 2023, "Greve": 2024},
    ),
    # equal remainders, different populations: 2 kr. among 1 and 3 inhabitants go to the
    # larger (Køge), although the name order would favour Greve
    _case({"Faxe": 10, "Greve": 1, "Køge": 3}, {"years": [2021, 2021], "pool": 2}, {}),
    # baseline-shares below the threshold, in øre
    _case(
        {"Roskilde": 88889, "Faxe": 36713, "Greve": 50514, "Køge": 61475, "Lejre": 28173,
         "Solrød": 23441, "Stevns": 23034},
        {"years": [2021, 2023], "rounding": "ore", "pool": 123456.78},
        {"Greve": 2022, "Køge": 2022},
    ),
]  # fmt: skip


def test_generated_scenarios_recalculate_to_klynges_amounts(tmp_path: Path) -> None:
    cases: list[tuple[Path, Path, dict[tuple[str, int, str], Decimal]]] = []
    tried = iter(range(1_000_000))

    @settings(
        max_examples=30,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(scenarios())
    @_examples
    def collect(case: tuple[dict[str, Any], dict[str, int]]) -> None:
        document, figures = case
        folder = tmp_path / f"case{next(tried)}"
        folder.mkdir()
        write(
            folder,
            "pop.csv",
            "municipality,population\n" + "".join(f"{m},{p}\n" for m, p in figures.items()),
        )
        scenario = write(folder, "s.yaml", json.dumps(document, ensure_ascii=False))
        allocated = run("allocate", scenario, "--format", "csv")
        if allocated.exit_code != 0:  # a scenario klynge refuses (nobody left to pay, ...)
            return
        book = workbook(scenario, folder / f"{folder.name}.xlsx")
        cases.append((scenario, book, csv_amounts(allocated.stdout)))

    collect()
    assert len(cases) >= 10
    recalculated = libreoffice([book for _, book, _ in cases], tmp_path / "out")
    for (scenario, _, wanted), path in zip(cases, recalculated, strict=True):
        message = scenario.read_text(encoding="utf-8")
        assert formula_errors(path) == [], message
        assert amounts(path) == wanted, message


@pytest.mark.parametrize("locale", ["en", "da"])
def test_no_formula_errors_in_either_language(tmp_path: Path, locale: str) -> None:
    books = [workbook(s, tmp_path / f"{s.stem}.xlsx", "--locale", locale) for s in SHIPPED[:2]]
    for path in libreoffice(books, tmp_path / "out"):
        assert formula_errors(path) == []


# --- SPEC §7: periods, index series, per-capita and bands, co-funders, top-ups, lag ---------

CORPUS7 = REPO / "tests" / "data" / "scenarios7"
SECTION7 = sorted(CORPUS7.glob("*.yaml"))


def bills_of(wanted: Amounts) -> dict[str, Decimal]:
    """Each municipality's bill in all: its own amounts and top-ups, never a co-funder's."""
    bills: dict[str, Decimal] = {}
    for (_, _, name, role), amount in wanted.items():
        if role != "co-funder":
            bills[name] = bills.get(name, Decimal(0)) + amount
    return bills


def agrees(path: Path, scenario: Path, wanted: Amounts | None = None) -> None:
    """A recalculated workbook gives klynge's every amount, plan and bill, without errors."""
    message = scenario.read_text(encoding="utf-8")
    assert formula_errors(path) == [], message
    wanted = expected(scenario) if wanted is None else wanted
    assert comparable(amounts(path), wanted) == wanted, message
    assert plan_rows(path) == schedule_rows(scenario), message
    assert _bills(path) == bills_of(wanted), message


def test_every_section_7_scenario_recalculates_to_klynges_amounts_and_plan(
    tmp_path: Path,
) -> None:
    """The §7 corpus (lag, index series with øre, periods with a policy change, pool to
    per-capita, per-capita plain and capped, bands, several regions, all 98, co-funders and
    top-ups with withdrawals, a top-up by the lead, narrow co-funders, a period gap, mixed)."""
    books = [workbook(s, tmp_path / f"{s.stem}.xlsx") for s in SECTION7]
    for scenario, path in zip(SECTION7, libreoffice(books, tmp_path / "out"), strict=True):
        agrees(path, scenario)


def test_a_year_beyond_exact_formulas_is_klynges_values_times_the_flags(tmp_path: Path) -> None:
    """Per inhabitant with a four-decimal index series: from 2026 the exact formula would pass
    10^14, so the amounts are klynge's values; a flipped flag still takes a member out."""
    scenario = write(
        tmp_path,
        "series.yaml",
        """\
        klynge: 1
        name: Series beyond exact formulas
        populations: {year: 2024}
        members: {region: Hovedstaden}
        clusters:
          - id: big
            name: Big per capita
            lead: København
            years: [2024, 2027]
            formula: per-capita
            rate: 1.2345
            rounding: ore
            indexation: {2025: 0.0213, 2026: 0.0345, 2027: 0.01875}
          - id: banded
            name: Big bands
            lead: Frederiksberg
            years: [2024, 2026]
            formula: bands
            bands: [{up_to: 50000, amount: 123456.78}, {amount: 234567.89}]
            rounding: ore
            indexation: {2025: 0.0213, 2026: 0.0345}
        """,
    )
    original = workbook(scenario, tmp_path / "series.xlsx")
    from openpyxl import load_workbook

    notes = [
        str(row[0].value)
        for row in load_workbook(original)["big"].iter_rows()
        if "klynge's values" in str(row[0].value)
    ]
    assert [note[:5] for note in notes] == ["2026:", "2027:"]
    flags = {_flag_cell(original, "big", "Gentofte", year): 0 for year in (2025, 2026, 2027)}
    flags |= {_flag_cell(original, "big", "Albertslund", 2027): 0}
    flipped = _edit(original, tmp_path / "flipped.xlsx", {"big": flags})
    written, changed = libreoffice([original, flipped], tmp_path / "out")
    agrees(written, scenario)
    whatif = run("whatif", scenario, "--withdraw=Gentofte@2025", "--withdraw=Albertslund@2027",
                 "--cluster", "big", "--format", "csv")  # fmt: skip
    wanted = csv_amounts(whatif.stdout)
    big = {key: value for key, value in amounts(changed).items() if key[0] == "big"}
    assert comparable(big, wanted) == wanted
    assert formula_errors(changed) == []


def test_generated_section_7_scenarios_recalculate_to_klynges_amounts(tmp_path: Path) -> None:
    """Random valid §7 scenarios (tests/reference/strategies7.py): every formula, periods,
    series, lag, co-funders, top-ups and withdrawals, amounts and plan to the øre."""
    cases: list[tuple[Path, Path]] = []
    tried = iter(range(1_000_000))

    @settings(  # modest: each case is a workbook LibreOffice recalculates, all in one run
        max_examples=15,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(section7_scenarios(max_clusters=2))
    def collect(case: ScenarioCase) -> None:
        folder = tmp_path / f"case{next(tried)}"
        scenario = case.write(folder)
        if run("allocate", scenario, "--format", "csv").exit_code != 0:
            return
        cases.append((scenario, workbook(scenario, folder / f"{folder.name}.xlsx")))

    collect()
    assert len(cases) >= 10
    recalculated = libreoffice([book for _, book in cases], tmp_path / "out")
    for (scenario, _), path in zip(cases, recalculated, strict=True):
        agrees(path, scenario)


def test_flipped_flags_in_formula_years_recalculate_as_the_whatif(tmp_path: Path) -> None:
    """Per inhabitant (Svendborg leaves from 2025, and its top-up with it) and by band
    (Læsø from 2025): the amounts equal `klynge whatif` with those withdrawals."""
    cases = [
        ("13-per-capita-withdrawals-top-ups", "fyn", "Svendborg", 2025, (2025, 2026)),
        ("07-bands", "bands", "Læsø", 2025, (2025, 2026)),
    ]
    books, scenarios = [], []
    for stem, sheet, name, first, years in cases:
        scenario = CORPUS7 / f"{stem}.yaml"
        original = workbook(scenario, tmp_path / f"{stem}.xlsx")
        flags = {_flag_cell(original, sheet, name, year): 0 for year in years}
        books.append(_edit(original, tmp_path / f"{stem}-flipped.xlsx", {sheet: flags}))
        scenarios.append((scenario, f"--withdraw={name}@{first}"))
    for (scenario, withdraw), path in zip(
        scenarios, libreoffice(books, tmp_path / "out"), strict=True
    ):
        whatif = run("whatif", scenario, withdraw, "--format", "csv")
        assert whatif.exit_code == 0, whatif.stderr
        wanted = csv_amounts(whatif.stdout)
        assert comparable(amounts(path), wanted) == wanted
        assert formula_errors(path) == []
    fyn = amounts(libreoffice([books[0]], tmp_path / "again")[0])
    assert fyn[("fyn", 2025, "Svendborg", "top-up")] == 0  # the top-up follows the flag
    assert fyn[("fyn", 2024, "Svendborg", "top-up")] == 30000


def _term_cell(path: Path, sheet: str, label: str, year: int) -> str:
    """The cell of a term (by its label in column A) in a year's column."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    ws = load_workbook(path)[sheet]
    column = next(c.column for c in ws[4] if c.value == year)
    return f"{get_column_letter(column)}{_find(path, sheet, label)}"


def _changed(scenario: Path, folder: Path, old: str, new: str) -> Path:
    text = scenario.read_text(encoding="utf-8")
    assert old in text
    folder.mkdir(exist_ok=True)
    for data in scenario.parent.glob("data/*.csv"):
        (folder / "data").mkdir(exist_ok=True)
        (folder / "data" / data.name).write_bytes(data.read_bytes())
    return write(folder, scenario.name, text.replace(old, new))


def test_changed_terms_recalculate_as_klynge_would(tmp_path: Path) -> None:
    """A reader changes a period's terms: the pool of the second period (all its years), a
    rate per inhabitant and a lead amount where the lead paid by the formula, one year's rate
    of an index series, and a population above the cap. Each workbook must then equal klynge
    run on the scenario changed the same way."""
    pool_change = CORPUS7 / "03-periods-policy-change.yaml"
    per_capita = CORPUS7 / "05-per-capita-plain.yaml"
    series = CORPUS7 / "17-index-series-per-capita.yaml"
    capped = CORPUS7 / "06-per-capita-capped.yaml"
    scenarios = (pool_change, per_capita, series, capped)
    originals = [workbook(s, tmp_path / f"{s.stem}.xlsx") for s in scenarios]
    edits = [
        {"wbd": {_term_cell(originals[0], "wbd", "Pool a year (kr.)", 2023): 650_000}},
        {
            "cph": {
                _term_cell(originals[1], "cph", RATE_P, 2024): 800,
                _term_cell(originals[1], "cph", LEAD_BY_FORMULA, 2024): 100_000,
            }
        },
        {
            "syd": {
                _term_cell(originals[2], "syd", GROWTH_A, 2026): 1,
                _term_cell(originals[2], "syd", GROWTH_B, 2026): 1,
            }
        },
        {"Populations": {f"B{_find(originals[3], 'Populations', 'Favrskov')}": 70_000}},
    ]
    books = [
        _edit(original, tmp_path / f"changed-{index}.xlsx", edit)
        for index, (original, edit) in enumerate(zip(originals, edits, strict=True))
    ]
    figures = {
        row["municipality"]: 70_000 if row["municipality"] == "Favrskov" else int(row["population"])
        for row in csv.DictReader(io.StringIO((REPO / "data" / "populations.csv").read_text()))
        if row["year"] == "2023" and row["region"] == "Midtjylland"
    }
    lines = "".join(f"{name},{population}\n" for name, population in figures.items())
    changed = [
        _changed(pool_change, tmp_path / "a", "        pool: 600000\n", "        pool: 650000\n"),
        _changed(per_capita, tmp_path / "b", "rate: 1.75\n", "rate: 8\n    lead_amount: 100000\n"),
        _changed(series, tmp_path / "c", "2026: 0.0275}", "2026: 0}"),
        _changed(capped, tmp_path / "d", "  year: 2023\n", "  file: pop.csv\n  year: 2023\n"),
    ]
    write(tmp_path / "d", "pop.csv", "municipality,population\n" + lines)
    for scenario, path in zip(changed, libreoffice(books, tmp_path / "out"), strict=True):
        wanted = expected(scenario)
        assert comparable(amounts(path), wanted) == wanted, scenario.name
        assert formula_errors(path) == [], scenario.name


RATE_P = "Per inhabitant: rate in øre, numerator (p)"
LEAD_BY_FORMULA = "Lead amount a year (kr.; empty: by the formula)"
GROWTH_A = "Indexation into the year: 1 + rate, numerator (a)"
GROWTH_B = "Indexation into the year: 1 + rate, denominator (b)"


def test_ore_in_a_krone_cluster_is_shown_and_summed_to_the_ore(tmp_path: Path) -> None:
    """Top-ups and co-funders are taken as given, øre and all, in a cluster rounded to kroner;
    a band's amount of 1,000.55 kr. in the first year is rounded, indexed ones too."""
    scenario = write(tmp_path, "ore.yaml", """\
        klynge: 1
        name: Øre extras in a krone cluster
        populations: {year: 2023}
        members: {region: Sjælland}
        clusters:
          - id: wbd
            name: We Build Denmark
            lead: Næstved
            years: [2023, 2025]
            co_funders:
              - {name: Region Sjælland, amount: 250000.10}
              - {name: Fond, amount: 0.20}
            top_ups:
              - {municipality: Faxe, amount: 5000.70}
              - {municipality: Greve, amount: 0.10}
              - {municipality: Næstved, amount: 0.05}
          - id: bands
            name: Bands in kroner
            lead: Køge
            years: [2023, 2024]
            formula: bands
            bands: [{up_to: 30000, amount: 1000.55}, {amount: 2000.45}]
            indexation: 0.0333
        withdrawals:
          - {municipality: Greve, from: 2024}
        """)  # fmt: skip
    original = workbook(scenario, tmp_path / "ore.xlsx")
    from openpyxl import load_workbook

    assert load_workbook(original)["wbd"]["E6"].number_format == '#,##0.00 "kr."'
    (path,) = libreoffice([original], tmp_path / "out")
    agrees(path, scenario)
