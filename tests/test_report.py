"""`klynge report`: one self-contained, printable HTML page, checked as HTML and in a browser."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
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


def page(*args: str | Path) -> tuple[str, Page]:
    result = run("report", *args)
    assert result.exit_code == 0, result.stderr
    parsed = Page()
    parsed.feed(result.stdout)
    return result.stdout, parsed


def test_report_holds_the_agreement_allocation_chart_and_schedule() -> None:
    html, parsed = page(SEED)
    assert html.startswith("<!DOCTYPE html>")
    assert "svg" in parsed.tags
    agreement, allocation, schedule = parsed.tables
    assert ["Lead", "Næstved"] in agreement and ["Paid to", "Gate 21"] in agreement
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
    assert "@page { size: A4" in html and "@media print" in html
    assert len(parsed.tables) == 1 + 4 + 1 + 1  # agreement, four clusters, bills, schedule


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
    ] in parsed.tables[1]
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
