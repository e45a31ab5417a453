"""`klynge report`: one self-contained, printable HTML page, checked as HTML and in a browser."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import FOUR, SEED, run


class Page(HTMLParser):
    """Tags, attributes and table cells of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend(attrs)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def visible_text(html: str) -> str:
    """What a reader sees: the page without its style sheet, scripts and tags (SVG labels
    included)."""
    html = re.sub(r"<(style|script)\b[^>]*>.*?</\1>", " ", html, flags=re.S)
    return unescape(" ".join(re.sub(r"<[^>]+>", " ", html).split()))


WHATIF = re.compile(r'<section id="whatif".*?</section>', re.S)


def page(*args: str | Path) -> tuple[str, Page]:
    """The page, and its static part parsed: everything but the "What if they leave?" section,
    which tests/test_whatif_page.py checks in a browser."""
    result = run("report", *args)
    assert result.exit_code == 0, result.stderr
    parsed = Page()
    parsed.feed(WHATIF.sub("", result.stdout))
    return result.stdout, parsed


def test_report_holds_the_agreement_allocation_chart_and_schedule() -> None:
    html, parsed = page(SEED)
    assert html.startswith("<!DOCTYPE html>")
    assert "svg" in parsed.tags
    agreement, funding, allocation, schedule = parsed.tables
    assert ["Lead", "Næstved"] in agreement and ["Paid to", "Gate 21"] in agreement
    assert funding == [
        ["Paid by", "Amount", "Share of the budget"],
        ["Næstved (lead)", "2,000,000 kr.", "50 %"],
        ["The 16 other members", "2,000,000 kr.", "50 %"],
        ["Total", "4,000,000 kr.", "100 %"],
    ]
    assert [
        "Faxe",
        "24,292 kr.",
        "24,292 kr.",
        "24,292 kr.",
        "24,292 kr.",
        "97,168 kr.",
    ] in allocation
    assert allocation[-1] == [
        "Total",
        "1,000,000 kr.",
        "1,000,000 kr.",
        "1,000,000 kr.",
        "1,000,000 kr.",
        "4,000,000 kr.",
    ]
    assert schedule[1] == [
        "2021-03-31",
        "2021",
        "wbd",
        "pay",
        "Næstved",
        "Gate 21",
        "1,000,000 kr.",
    ]
    assert "Næstved pre-finances 500,000 kr. for 61 days" in html


def test_report_is_self_contained_and_prints_to_a4() -> None:
    html, parsed = page(FOUR)
    assert not {"script", "link", "img", "iframe", "object"} & set(parsed.tags)
    assert not [value for name, value in parsed.attributes if name in ("src", "href")]
    assert "url(" not in html and "@import" not in html
    # The only scripts are the what-if section's own, inline: its data and its code.
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts == ['<script type="application/json" id="whatif-data">', "<script>"]
    section = WHATIF.search(html)
    assert section is not None and html.count("<script") == section.group().count("<script")
    assert "@page { size: A4" in html and "@media print" in html
    assert len(parsed.tables) == 1 + 4 + 4 + 1 + 1  # agreement, funding and allocation of four
    # clusters, bills, schedule


def test_report_in_danish_and_deterministic() -> None:
    first, parsed = page(SEED, "--locale", "da")
    assert first == page(SEED, "--locale", "da")[0]
    assert '<html lang="da">' in first
    assert [
        "Faxe",
        "24.292 kr.",
        "24.292 kr.",
        "24.292 kr.",
        "24.292 kr.",
        "97.168 kr.",
    ] in parsed.tables[2]
    assert "Næstved forudbetaler 500.000 kr. i 61 dage" in first


CHROMIUM = (
    shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
)
needs_browser = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("KLYNGE_REQUIRE_BROWSER"),
    reason="no Chromium here (.ci/run installs it, and then this test must run)",
)


def chromium(tmp_path: Path, *args: str) -> None:
    assert CHROMIUM, "KLYNGE_REQUIRE_BROWSER is set but no Chromium was found"
    flags = [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--hide-scrollbars", f"--user-data-dir={tmp_path / 'profile'}",
    ]  # fmt: skip
    subprocess.run([CHROMIUM, *flags, *args], capture_output=True, timeout=120, check=True)


@needs_browser
def test_report_renders_in_a_real_browser(tmp_path: Path) -> None:
    from PIL import Image

    report = tmp_path / "report.html"
    assert run("report", FOUR, "-o", report).exit_code == 0
    screenshot = tmp_path / "report.png"
    chromium(tmp_path, "--window-size=1100,1400", f"--screenshot={screenshot}", report.as_uri())
    with Image.open(screenshot) as image:
        pixels = list(image.convert("L").get_flattened_data())
        dark = sum(1 for value in pixels if value < 128)
        colours = len(image.convert("RGB").getcolors(maxcolors=1 << 20) or [])
    assert dark / len(pixels) > 0.01  # text and bars, not a blank page
    assert colours > 10  # the chart's colours are there too
    pdf = tmp_path / "report.pdf"
    chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", report.as_uri())
    content = pdf.read_bytes()
    assert content.startswith(b"%PDF")
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", content)
    assert len(boxes) >= 2  # the schedule starts on a page of its own
    for width, height in boxes:  # A4 portrait is 595 x 842 points (US Letter: 612 x 792)
        assert abs(float(width) - 595) < 2 and abs(float(height) - 842) < 2


# Words of the English page that must not be left in the Danish one. Names (of clusters, the
# payee, the scenario) are the user's data and are taken out first; so is a YAML keyword in
# parentheses, which the Danish page keeps on purpose: 'grundandele (baseline-shares)'.
ENGLISH_WORDS = {
    "agreement", "allocation", "amount", "amounts", "and", "bars", "below", "cluster", "collect",
    "date", "days", "due", "each", "every", "figures", "from", "held", "january", "kind",
    "lead", "made", "members", "municipal", "municipality", "none", "of", "paid", "part", "pay",
    "payee", "payer", "payment", "pays", "per", "pool", "population", "pre-finances",
    "reconfirm", "reduced", "region", "schedule", "shares", "source", "take", "the", "threshold",
    "total", "what", "while", "who", "withdrawals", "withdrawn", "year", "years",
}  # fmt: skip


def danish_words_only(scenario: Path) -> set[str]:
    """The English words left on the Danish report of `scenario`."""
    from klynge_cli.load.scenario import load_scenario

    loaded = load_scenario(scenario)
    text = visible_text(run("report", scenario, "--locale", "da").stdout)
    data = [
        loaded.name,
        *(c.name for c in loaded.clusters),
        *(c.paid_to(y) for c in loaded.clusters for y in c.years),
    ]
    for name in sorted(data, key=len, reverse=True):
        text = text.replace(name, " ")
    text = re.sub(r"\((baseline-shares|pro-rata|fixed)\)", " ", text)
    found = {w for w in re.findall(r"[a-zæøå-]+", text.lower()) if w in ENGLISH_WORDS}
    found |= set(re.findall(r"\d{3},\d{3}|\d Jan \d{4}", text))  # English numbers and dates
    return found


@pytest.mark.parametrize("scenario", [SEED, FOUR], ids=["seed", "4-clusters"])
def test_the_danish_report_is_danish_throughout(scenario: Path) -> None:
    assert danish_words_only(scenario) == set()
    english = visible_text(run("report", scenario).stdout).lower()
    assert {"lead", "pool", "total", "paid"} <= set(re.findall(r"[a-z-]+", english))


def test_danish_report_roles_policies_and_source() -> None:
    html, parsed = page(SEED, "--locale", "da")
    text = visible_text(html)
    assert "Næstved (leadkommune)" in text and "Næstved (lead)" not in text
    assert ["Under tærsklen", "grundandele (baseline-shares)"] in parsed.tables[0]
    source = "Danmarks Statistik FOLK1A, 1. jan. 2021"
    assert f"Befolkningstal: {source}" in text


def svg_figures(html: str) -> list[str]:
    return re.findall(r"<figure>.*?</figure>", html, flags=re.S)


def test_the_chart_shows_the_lead_apart_so_members_can_be_told_apart() -> None:
    html, _ = page(SEED)
    members, leads = svg_figures(html)
    assert "Næstved" not in members and "Roskilde" in members and "235,264 kr." in members
    assert "shares of the pools" in members and "lead amounts are not in these bars" in members
    assert "Næstved (wbd)" in leads and "2,000,000 kr." in leads
    assert "own amounts" in leads

    def bar(name: str) -> int:
        row = members.index(f">{name}</text>")
        return int(re.search(r'width="(\d+)"', members[row:]).group(1))  # type: ignore[union-attr]

    assert bar("Roskilde") == 480  # the largest member fills the bar, not a quarter of it
    assert bar("Solrød") > bar("Stevns")  # 62,040 kr. against 60,964 kr.: two pixels apart
    four, _ = page(FOUR)
    assert "Næstved" in svg_figures(four)[0]  # a lead is a member of the clusters it does not lead


def test_the_printed_schedule_repeats_its_dates_and_long_tables_keep_their_ends() -> None:
    html, parsed = page(FOUR)
    schedule = parsed.tables[-1]
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", row[0]) for row in schedule[1:])
    assert "thead { display: table-header-group; }" in html
    assert "break-inside: avoid" in html
    assert html.count('<tbody class="keep">') == 2  # the schedule's first and last rows
    assert html.count('<div class="keep">') == 1 + 4  # the agreement, each cluster's funding
    assert html.count('<div class="grid keep">') == 5  # the five grids


PDFTOTEXT = shutil.which("pdftotext")
needs_pdf_tools = pytest.mark.skipif(
    (CHROMIUM is None or PDFTOTEXT is None) and not os.environ.get("KLYNGE_REQUIRE_BROWSER"),
    reason="no Chromium or pdftotext here (.ci/run installs both, and then this test must run)",
)
SCHEDULE_ROW = re.compile(r"\b(wbd|clean|fbcd|dlsc)\s+(collect|pay|indsamling|betaling)\b")
DATE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2}|\d{2}\.\d{2}\.\d{4})\s")


def printed_pages(tmp_path: Path, *args: str | Path) -> list[str]:
    """The report printed to PDF by Chromium, as the text of each page (pdftotext -layout)."""
    assert PDFTOTEXT, "KLYNGE_REQUIRE_BROWSER is set but pdftotext (poppler-utils) is missing"
    report = tmp_path / "report.html"
    assert run("report", *args, "-o", report).exit_code == 0
    pdf = tmp_path / "report.pdf"
    chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", report.as_uri())
    text = subprocess.run(
        [PDFTOTEXT, "-layout", str(pdf), "-"], capture_output=True, check=True, timeout=60
    ).stdout.decode("utf-8")
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def flat(text: str) -> str:
    return " ".join(text.split())


@needs_browser
@needs_pdf_tools
@pytest.mark.parametrize("locale", ["en", "da"])
def test_the_printed_report_keeps_dates_headers_and_short_tables(
    tmp_path: Path, locale: str
) -> None:
    from klynge_cli.engine.rules import allocate
    from klynge_cli.load.scenario import load_scenario
    from klynge_cli.render.grid import allocation_grids
    from klynge_cli.render.labels import page_labels

    pages = printed_pages(tmp_path, FOUR, "--locale", locale)
    assert len(pages) >= 5
    words = page_labels(locale)
    header = flat(" ".join(words[h] for h in ("due_date", "year", "cluster", "kind")))
    schedule_pages = 0
    for number, text in enumerate(pages, start=1):
        lines = [line for line in text.splitlines() if SCHEDULE_ROW.search(line)]
        if not lines:
            continue
        schedule_pages += 1
        # The table's header repeats on the page, and every row there shows its due date,
        # the first one included.
        assert header in flat(text), number
        assert all(DATE.match(line) for line in lines), (number, lines[0])
    assert schedule_pages >= 3

    # No table of at most 25 rows is split: its title and its total row share a page.
    marked = "\n<<PAGE>>\n".join(flat(text) for text in pages)
    grids = allocation_grids(allocate(load_scenario(FOUR)), words)
    for grid in grids:
        body = grid.body(words)
        assert len(body) <= 25
        start = marked.index(flat(grid.title))
        end = marked.index(flat(" ".join(body[-1])), start)
        assert "<<PAGE>>" not in marked[start:end], grid.title
    agreement = marked.index(words["agreement"])
    assert "<<PAGE>>" not in marked[agreement : marked.index(words["withdrawals"], agreement)]

    # No page ends with a table's header and only a row or two.
    for number, text in enumerate(pages, start=1):
        lines = [line for line in text.splitlines() if line.strip()]
        heads = [i for i, line in enumerate(lines) if flat(line).startswith(header)]
        heads += [i for i, line in enumerate(lines) if flat(line).startswith(words["municipality"])]
        if heads:
            assert len(lines) - 1 - max(heads) >= 3, (number, lines[max(heads) :])
