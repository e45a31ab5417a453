"""`klynge report`'s section "What if they leave?", opened from a file:// URL in headless Chromium.

The test contract of issue 15: `section#whatif`, `select#whatif-cluster` and `select#whatif-year`
(option values: cluster ids and years), a labelled `input[type=checkbox][data-withdraw=NAME]`
per member that may leave, and each municipality's amount in an element with
`data-municipality=NAME` and `data-amount` (the CSV money format), equal to the `whatif` column
of `klynge whatif SCENARIO --withdraw NAME@YEAR ... --cluster ID --format csv` for that year.
"""

from __future__ import annotations

import base64
import csv
import io
import random
import re
import shlex
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from browser import REQUIRED, needs_driver, start
from helpers import FOUR, SCENARIOS, SEED, run
from test_whatif_html import report, variant

if TYPE_CHECKING:
    from selenium.webdriver.chrome.webdriver import WebDriver

THREE = SCENARIOS / "whatif-three-leave-2023-2024.yaml"


# In the browser ------------------------------------------------------------------------------

AMOUNTS = """
return [...document.querySelectorAll('#whatif [data-municipality]')].map(
    e => [e.dataset.municipality, e.dataset.amount === undefined ? null : e.dataset.amount,
          e.dataset.change === undefined ? null : e.dataset.change]);
"""


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    browser = start(tmp_path_factory.mktemp("profile"))
    yield browser
    browser.quit()


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pages")
    pro_rata = variant(
        folder, "pro-rata.yaml", "below_threshold: baseline-shares", "below_threshold: pro-rata"
    )
    ore = variant(
        folder,
        "ore.yaml",
        "  rounding: krone\n  indexation: 0 ",
        "  rounding: ore\n  indexation: 0.025 ",
    )
    return {
        "ore": report(folder, ore),
        "ore.yaml": ore,
        "seed": report(folder, SEED),
        "four": report(folder, FOUR),
        "three": report(folder, THREE),
        "pro-rata": report(folder, pro_rata),
        "pro-rata.yaml": pro_rata,
        "danish": report(folder, SEED, "--locale", "da", name="da.html"),
    }


def open_page(driver: WebDriver, page: Path, fragment: str = "") -> None:
    driver.get("about:blank")
    driver.get(page.as_uri() + fragment)


def choose(driver: WebDriver, cluster: str, year: int, leaving: Sequence[str]) -> None:
    """Pick the cluster and the year, then tick who leaves, as a reader would (real clicks)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    Select(driver.find_element(By.ID, "whatif-cluster")).select_by_value(cluster)
    Select(driver.find_element(By.ID, "whatif-year")).select_by_value(str(year))
    tick(driver, leaving)


def tick(driver: WebDriver, leaving: Sequence[str]) -> None:
    """ "Nobody leaves", then a real click on each box that leaves."""
    from selenium.webdriver.common.by import By

    driver.find_element(By.ID, "whatif-clear").click()
    for name in leaving:
        box = driver.find_element(
            By.CSS_SELECTOR, f'#whatif input[type=checkbox][data-withdraw="{name}"]'
        )
        box.click()
        assert box.is_selected()


def shown(driver: WebDriver) -> dict[str, tuple[str | None, str | None]]:
    """Each municipality's displayed amount and change (contract format); exactly one each."""
    found = driver.execute_script(AMOUNTS)
    names = [name for name, _, _ in found]
    assert len(names) == len(set(names)), names
    return {name: (amount, change) for name, amount, change in found}


def tickable(driver: WebDriver) -> list[str]:
    script = "return [...document.querySelectorAll('#whatif input[type=checkbox][data-withdraw]')].map(e => e.dataset.withdraw)"
    names: list[str] = driver.execute_script(script)
    return names


def expected(
    scenario: Path, cluster: str, year: int, leaving: Sequence[str]
) -> dict[str, tuple[str, str]]:
    """`klynge whatif ... --format csv` (or allocate, when nobody leaves) read at `year`."""
    if not leaving:
        result = run(
            "allocate", scenario, "--cluster", cluster, "--year", str(year), "--format", "csv"
        )
        assert result.exit_code == 0, result.stderr
        return {
            r["municipality"]: (r["amount"], "0.00")
            for r in csv.DictReader(io.StringIO(result.stdout))
            if r["role"] not in ("co-funder", "top-up")
        }
    withdrawals = [arg for name in leaving for arg in ("--withdraw", f"{name}@{year}")]
    result = run("whatif", scenario, *withdrawals, "--cluster", cluster, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = csv.DictReader(io.StringIO(result.stdout))
    return {r["municipality"]: (r["whatif"], r["change"]) for r in rows if r["year"] == str(year)}


def summary(driver: WebDriver) -> str:
    from selenium.webdriver.common.by import By

    return str(driver.find_element(By.ID, "whatif-summary").text)


def cluster_years(scenario: Path) -> list[tuple[str, int]]:
    rows = csv.DictReader(io.StringIO(run("allocate", scenario, "--format", "csv").stdout))
    return list(dict.fromkeys((r["cluster"], int(r["year"])) for r in rows))


def sample(rng: random.Random, names: list[str]) -> list[str]:
    """Half of the time up to three (the held sizes of 16 members), else any number."""
    k = rng.randint(0, 3) if rng.random() < 0.5 else rng.randint(0, len(names))
    return sorted(rng.sample(names, min(k, len(names))))


# The ticked boxes, the summary's text and every amount, in one round trip.
STATE = f"""
return [[...document.querySelectorAll('#whatif input[data-withdraw]:checked')].map(e => e.dataset.withdraw),
        document.getElementById('whatif-summary').innerText,
        (() => {{ {AMOUNTS} }})()];
"""


def picked(driver: WebDriver) -> list[str]:
    values: list[str] = driver.execute_script(
        "return ['whatif-cluster', 'whatif-year'].map(id => document.getElementById(id).value)"
    )
    return values


TICK = """
document.getElementById('whatif-clear').click();
for (const name of arguments[0]) {
  document.querySelector(`#whatif input[type=checkbox][data-withdraw="${name}"]`).click();
}
"""


def compare_sets(
    driver: WebDriver, page: Path, scenario: Path, count: int, rng: random.Random
) -> dict[str, int]:
    """`count` random selections on the page against `klynge whatif`; what kinds were seen.

    The pickers are always worked with real clicks; the boxes too for every fifteenth set, and by
    the elements' own click() otherwise (the same events, without a real mouse's 100 ms).
    """
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    open_page(driver, page)
    seen = {"sets": 0, "past threshold": 0, "not embedded": 0}
    places = cluster_years(scenario)
    for number, (cluster, year) in enumerate(
        sorted((rng.choice(places) for _ in range(count)), key=places.index)
    ):
        if picked(driver) != [cluster, str(year)]:
            Select(driver.find_element(By.ID, "whatif-cluster")).select_by_value(cluster)
            Select(driver.find_element(By.ID, "whatif-year")).select_by_value(str(year))
        leaving = sample(rng, tickable(driver))
        if number % 15 == 0:
            tick(driver, leaving)
        else:
            driver.execute_script(TICK, leaving)
        checked, text, found = driver.execute_script(STATE)
        assert sorted(checked) == leaving
        seen["sets"] += 1
        if "not embedded" in text:
            seen["not embedded"] += 1
            assert_not_embedded(driver, scenario, cluster, year, leaving)
            continue
        if "reduced" in text and leaving:
            seen["past threshold"] += 1
        assert len({name for name, _, _ in found}) == len(found)
        got = {name: (amount, change) for name, amount, change in found}
        assert got == expected(scenario, cluster, year, leaving), (
            scenario.name,
            cluster,
            year,
            leaving,
        )
    return seen


def assert_not_embedded(
    driver: WebDriver, scenario: Path, cluster: str, year: int, leaving: Sequence[str]
) -> None:
    """The page says so, shows no amount but the command, and the command answers."""
    from selenium.webdriver.common.by import By

    note = driver.find_element(By.CSS_SELECTOR, "#whatif-summary .whatif-beyond")
    assert f"The amounts for {len(leaving)} leaving are not embedded in this page" in note.text
    command = note.find_element(By.TAG_NAME, "code").text
    assert command == driver.find_element(By.ID, "whatif-command").text
    words = shlex.split(command)
    assert words[:3] == ["klynge", "whatif", scenario.name]
    assert words[3:] == [
        *(arg for name in leaving for arg in ("--withdraw", f"{name}@{year}")),
        "--cluster",
        cluster,
    ]
    assert all(amount is None for amount, _ in shown(driver).values())
    result = run(
        *[scenario if word == scenario.name else word for word in words[1:]], "--format", "csv"
    )
    assert result.exit_code == 0 and f"\n{cluster},{year}," in result.stdout


@needs_driver
def test_random_sets_show_what_klynge_whatif_says(
    driver: WebDriver, pages: dict[str, Path]
) -> None:
    """At least 200 seeded random selections over the seed's and the four clusters' every year,
    past the threshold too; and sets beyond what the pro-rata page embeds."""
    rng = random.Random(15)
    seed = compare_sets(driver, pages["seed"], SEED, 80, rng)
    four = compare_sets(driver, pages["four"], FOUR, 130, rng)
    assert seed["sets"] + four["sets"] >= 200
    assert seed["past threshold"] >= 20 and four["past threshold"] >= 30
    pro_rata = compare_sets(driver, pages["pro-rata"], pages["pro-rata.yaml"], 40, rng)
    assert pro_rata["not embedded"] >= 10 and pro_rata["past threshold"] >= 3
    # In øre, with 2.5 % indexation: amounts with decimals, a pool that grows each year.
    assert compare_sets(driver, pages["ore"], pages["ore.yaml"], 20, rng)["sets"] == 20


SCHEMES = [
    SCENARIOS / "os2valghalla.yaml",
    Path(__file__).parent / "data" / "scenarios7" / "04-periods-pool-to-per-capita.yaml",
    Path(__file__).parent / "data" / "scenarios7" / "07-bands.yaml",
]


@needs_driver
@pytest.mark.parametrize("scenario", SCHEMES, ids=lambda path: path.stem)
def test_schemes_of_other_formulas_show_what_klynge_whatif_says(
    driver: WebDriver, scenario: Path, tmp_path: Path
) -> None:
    """Bands on last year's population (98 members), a period that turns a pool into a
    per-capita rate, bands in øre: the page's amounts are still `klynge whatif`'s, year by year."""
    page = report(tmp_path, scenario)
    seen = compare_sets(driver, page, scenario, 12, random.Random(scenario.stem))
    assert seen["sets"] == 12


@needs_driver
def test_members_the_scenario_withdraws_are_shown_not_tickable(
    driver: WebDriver, pages: dict[str, Path]
) -> None:
    from selenium.webdriver.common.by import By

    open_page(driver, pages["three"])
    choose(driver, "wbd", 2023, [])
    assert "Roskilde" not in tickable(driver) and "Køge" not in tickable(driver)
    rows = {
        row.find_elements(By.TAG_NAME, "td")[1].text: row.find_elements(By.TAG_NAME, "td")[0].text
        for row in driver.find_elements(By.CSS_SELECTOR, "#whatif-rows tr")
    }
    assert rows["Roskilde"] == "left from 2023" and rows["Køge"] == "leaves from 2024"
    assert shown(driver)["Roskilde"] == ("0.00", "0.00")
    assert shown(driver)["Køge"] == ("52306.00", "0.00")  # pays for those gone; leaves in 2024
    rng = random.Random(3)
    seen = compare_sets(driver, pages["three"], THREE, 30, rng)
    assert seen["past threshold"] >= 5


@needs_driver
def test_a_refused_case_says_why(driver: WebDriver, tmp_path: Path) -> None:
    """Under `fixed` with a reduced pool for 2024 only, 2023 below the threshold is an input
    error in klynge whatif: the page gives its message instead of amounts."""
    fixed = variant(
        tmp_path,
        "fixed.yaml",
        "    years: [2021, 2024]",
        "    years: [2021, 2024]\n    below_threshold: fixed\n    reduced_pool: {2024: 300000}",
    )
    page = report(tmp_path, fixed)
    open_page(driver, page)
    leaving = ["Faxe", "Greve", "Køge"]
    choose(driver, "wbd", 2023, leaving)
    result = run("whatif", fixed, *(f"--withdraw={m}@2023" for m in leaving), "--cluster", "wbd")
    assert result.exit_code == 2
    message = result.stderr.strip().split(": ", 1)[1]
    assert f"klynge refuses this case: {message}" in summary(driver)
    assert all(amount is None for amount, _ in shown(driver).values())
    choose(driver, "wbd", 2024, leaving)  # 2024 has its reduced pool: 300,000 kr. split
    assert "the pool is reduced to 300,000 kr., fixed" in summary(driver)
    assert {m: a for m, (a, _) in shown(driver).items()} == {
        m: a for m, (a, _) in expected(fixed, "wbd", 2024, leaving).items()
    }


@needs_driver
def test_a_formula_year_refuses_what_a_later_period_cannot_answer(
    driver: WebDriver, tmp_path: Path
) -> None:
    """Leaving a per-capita year moves nothing then (R13), but the members stay gone into the
    next period, a pool under `fixed` with no amount for it: the page refuses as whatif does."""
    periods = tmp_path / "periods.yaml"
    periods.write_text(
        "klynge: 1\nname: Periods\npopulations: {year: 2020}\nmembers: {region: Hovedstaden}\n"
        "clusters:\n  - id: c\n    name: C\n    lead: Albertslund\n"
        "    members: [Albertslund, Allerød, Ballerup]\n    periods:\n"
        "      - {years: [2020, 2020], formula: per-capita, rate: 0.5, rounding: ore}\n"
        "      - {years: [2021, 2021], below_threshold: fixed}\n",
        encoding="utf-8",
    )
    open_page(driver, report(tmp_path, periods))
    leaving = ["Allerød", "Ballerup"]
    choose(driver, "c", 2020, leaving)
    result = run("whatif", periods, *(f"--withdraw={m}@2020" for m in leaving), "--cluster", "c")
    assert result.exit_code == 2
    message = result.stderr.strip().split(": ", 1)[1]
    assert "0 of 2 pay (formula per-capita)" in summary(driver)
    assert f"klynge refuses this case: {message}" in summary(driver)
    assert all(amount is None for amount, _ in shown(driver).values())
    choose(driver, "c", 2020, ["Allerød"])
    assert shown(driver) == expected(periods, "c", 2020, ["Allerød"])
    assert "Albertslund pays 13,865.50 kr. as lead" in summary(driver)


@needs_driver
def test_the_seed_case_reads_as_the_readme_tells_it(
    driver: WebDriver, pages: dict[str, Path]
) -> None:
    open_page(driver, pages["seed"])
    choose(driver, "wbd", 2023, ["Roskilde", "Slagelse"])
    text = summary(driver)
    assert text.startswith(
        "Roskilde and Slagelse leave We Build Denmark from 2023. 14 of 16 members take part: 14/16 = 87.5 % ≥ 85 %; the pool is held at 500,000 kr."
    )
    assert "Næstved pays 500,000 kr. as lead; Gate 21 receives 1,000,000 kr. in 2023." in text
    assert shown(driver)["Faxe"] == ("31237.00", "6945.00")
    choose(driver, "wbd", 2024, ["Køge", "Roskilde", "Slagelse"])
    assert "13/16 = 81.25 % < 85 %; the pool is reduced to 348,155 kr., baseline-shares" in summary(
        driver
    )
    choose(driver, "wbd", 2023, ["Stevns"])
    assert "(a single withdrawal keeps the pool)" in summary(driver)


TEXT_OUTSIDE = "return [...document.body.children].filter(e => e.id !== 'whatif' && e.tagName !== 'SCRIPT').map(e => e.innerText)"


@needs_driver
def test_without_javascript_the_report_is_intact_and_the_section_a_note(
    tmp_path: Path, driver: WebDriver, pages: dict[str, Path]
) -> None:
    static = report(tmp_path, FOUR, "--static")
    open_page(driver, static)
    expected_text = driver.execute_script(TEXT_OUTSIDE)
    open_page(driver, pages["four"])
    assert driver.execute_script(TEXT_OUTSIDE) == expected_text  # with the script running
    off = start(tmp_path / "profile", javascript=False)
    try:
        open_page(off, pages["four"])
        assert off.execute_script(TEXT_OUTSIDE) == expected_text
        section = off.execute_script("return document.getElementById('whatif').innerText")
        assert section.startswith("What if they leave?\n\nThis section works out what happens")
        assert (
            "klynge whatif kkr-sjaelland-4-clusters.yaml --withdraw NAME@YEAR --cluster ID"
            in section
        )
        assert (
            off.execute_script("return document.querySelectorAll('#whatif [data-amount]').length")
            == 0
        )
        assert "Pick a cluster" not in section  # the controls stay hidden
    finally:
        off.quit()


LABELS = """
return [...document.querySelectorAll('#whatif input, #whatif select, #whatif button')]
  .filter(e => !((e.labels && [...e.labels].some(l => l.innerText.trim()))
                 || (e.tagName === 'BUTTON' && e.innerText.trim()) || e.getAttribute('aria-label')))
  .map(e => e.outerHTML);
"""
FOCUS = """
const e = document.activeElement, s = getComputedStyle(e);
return [e.tagName, e.dataset.withdraw || e.id, s.outlineStyle, s.outlineWidth, s.outlineColor];
"""


@needs_driver
def test_every_control_is_labelled_focus_shows_and_keys_work(
    driver: WebDriver, pages: dict[str, Path]
) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    open_page(driver, pages["four"])
    assert driver.execute_script(LABELS) == []
    assert (
        driver.execute_script(
            "return document.getElementById('whatif-summary').getAttribute('aria-live')"
        )
        == "polite"
    )
    driver.execute_script("document.getElementById('whatif-cluster').focus()")
    tag, which, style, width, _ = driver.execute_script(FOCUS)
    assert (tag, which, style) == ("SELECT", "whatif-cluster", "solid") and width == "3px"
    keys = ActionChains(driver)
    keys.send_keys(Keys.TAB).send_keys(Keys.TAB).send_keys(Keys.TAB).perform()  # year, button, Faxe
    tag, which, style, width, _ = driver.execute_script(FOCUS)
    assert (tag, which, style, width) == ("INPUT", "Faxe", "solid", "3px")
    ActionChains(driver).send_keys(Keys.SPACE).perform()
    assert shown(driver)["Faxe"] == ("0.00", "-24292.00")
    assert driver.execute_script(FOCUS)[1] == "Faxe"  # the tick keeps the focus
    ActionChains(driver).send_keys(Keys.TAB).send_keys(Keys.SPACE).perform()
    assert driver.execute_script(FOCUS)[1] == "Greve"
    assert shown(driver) == expected(FOUR, "wbd", 2021, ["Faxe", "Greve"])
    assert "Faxe and Greve leave" in summary(driver)


@needs_driver
def test_the_selection_travels_in_the_link(driver: WebDriver, pages: dict[str, Path]) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    open_page(driver, pages["four"])
    choose(driver, "clean", 2023, ["Køge", "Faxe"])
    link = driver.find_element(By.ID, "whatif-link").get_attribute("value")
    assert link == pages["four"].as_uri() + "#whatif=clean:2023:Faxe,K%C3%B8ge"
    WebDriverWait(driver, 10).until(lambda d: d.current_url == link)  # after a pause
    before = shown(driver)
    open_page(driver, pages["four"], "#whatif=clean:2023:Faxe,K%C3%B8ge")  # a fresh load
    assert shown(driver) == before
    assert picked(driver) == ["clean", "2023"]
    assert sorted(tickable_checked(driver)) == ["Faxe", "Køge"]
    driver.execute_script("location.hash = '#whatif=wbd:2024:Roskilde'")  # the same page
    WebDriverWait(driver, 10).until(lambda d: tickable_checked(d) == ["Roskilde"])
    assert shown(driver) == expected(FOUR, "wbd", 2024, ["Roskilde"])
    open_page(driver, pages["four"], "#whatif=nonsense")  # ignored: the first cluster and year
    assert tickable_checked(driver) == [] and "Nobody else leaves" in summary(driver)


def tickable_checked(driver: WebDriver) -> list[str]:
    names: list[str] = driver.execute_script(
        "return [...document.querySelectorAll('#whatif input[data-withdraw]:checked')].map(e => e.dataset.withdraw)"
    )
    return names


@needs_driver
def test_in_danish(driver: WebDriver, pages: dict[str, Path]) -> None:
    open_page(driver, pages["danish"])
    choose(driver, "wbd", 2023, ["Roskilde", "Slagelse"])
    text = summary(driver)
    assert text.startswith(
        "Roskilde og Slagelse træder ud af We Build Denmark fra 2023. 14 af 16 medlemmer deltager: 14/16 = 87,5 % ≥ 85 %; puljen fastholdes på 500.000 kr."
    )
    assert shown(driver)["Faxe"] == ("31237.00", "6945.00")
    section = driver.execute_script("return document.getElementById('whatif').innerText")
    assert (
        "Hvad hvis … træder ud?" in section and "31.237 kr." in section and "+6.945 kr." in section
    )
    english = {"what", "leave", "leaves", "pool", "held", "take", "part", "cluster", "year"}
    words = set(re.findall(r"[a-zæøå-]+", section.lower().replace("we build denmark", "")))
    assert not english & words  # `--cluster` in the command is a word of its own


PDFTOTEXT = shutil.which("pdftotext")
needs_pdftotext = pytest.mark.skipif(
    PDFTOTEXT is None and not REQUIRED,
    reason="no pdftotext here (.ci/run installs poppler-utils, and then this test must run)",
)


@needs_driver
@needs_pdftotext
def test_the_printed_page_shows_the_selection(
    driver: WebDriver, pages: dict[str, Path], tmp_path: Path
) -> None:
    assert PDFTOTEXT, "KLYNGE_REQUIRE_BROWSER is set but pdftotext (poppler-utils) is missing"
    open_page(driver, pages["four"])
    choose(driver, "wbd", 2023, ["Roskilde", "Slagelse"])
    printed: dict[str, Any] = driver.execute_cdp_cmd(
        "Page.printToPDF", {"printBackground": False, "preferCSSPageSize": True}
    )
    pdf = tmp_path / "printed.pdf"
    pdf.write_bytes(base64.b64decode(printed["data"]))
    text = subprocess.run(
        [PDFTOTEXT, "-layout", str(pdf), "-"], capture_output=True, check=True, timeout=60
    ).stdout.decode()
    pages_text = text.split("\f")
    section = next(page for page in pages_text if "What if they leave?" in page)
    flat = " ".join(section.split())
    assert "Selection: We Build Denmark (wbd), 2023. Leaving: Roskilde and Slagelse." in flat
    assert "Faxe 24,292 kr. 31,237 kr. +6,945 kr." in flat
    assert "Link to this selection" not in flat and "Nobody leaves" not in flat
    assert flat.index("What if they leave?") < 40  # the section starts a page of its own


@needs_driver
def test_scripts_may_drive_the_controls_with_input_or_change_events(
    driver: WebDriver, pages: dict[str, Path]
) -> None:
    """An independent script may set a control and send either event; another cluster keeps
    the year when it has it."""
    open_page(driver, pages["four"])
    choose(driver, "wbd", 2023, ["Faxe"])
    driver.execute_script(
        "const s = document.getElementById('whatif-cluster');"
        "s.value = 'fbcd'; s.dispatchEvent(new Event('input'));"
    )
    assert picked(driver) == ["fbcd", "2023"] and tickable_checked(driver) == []
    driver.execute_script(
        "const b = document.querySelector('#whatif input[data-withdraw=\"Køge\"]');"
        "b.checked = true; b.dispatchEvent(new Event('change'));"
    )
    assert shown(driver) == expected(FOUR, "fbcd", 2023, ["Køge"])
    choose(driver, "wbd", 2021, [])
    driver.execute_script(
        "const s = document.getElementById('whatif-cluster');"
        "s.value = 'dlsc'; s.dispatchEvent(new Event('change'));"
    )
    assert picked(driver) == ["dlsc", "2022"]  # dlsc starts in 2022
