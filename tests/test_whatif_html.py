"""The "What if they leave?" section as HTML, without a browser: the markup of the test contract,
nothing fetched, the page sizes of issue 15, `--static`, and the same bytes every time.
(tests/test_whatif_page.py drives the section in headless Chromium.)"""

from __future__ import annotations

import json
import re
from pathlib import Path

from helpers import FOUR, SEED, run

MB = 1_000_000
WHATIF = re.compile(r'<section id="whatif".*?</section>', re.S)


def report(folder: Path, scenario: Path, *options: str, name: str | None = None) -> Path:
    page = folder / (name or f"{scenario.stem}.html")
    result = run("report", scenario, *options, "-o", page)
    assert result.exit_code == 0, result.stderr
    return page


def variant(folder: Path, name: str, old: str, new: str) -> Path:
    """The seed scenario with one line changed, as `name` in `folder`."""
    text = SEED.read_text(encoding="utf-8")
    assert old in text
    path = folder / name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_the_section_keeps_the_contract_and_fetches_nothing(tmp_path: Path) -> None:
    html = report(tmp_path, FOUR).read_text(encoding="utf-8")
    match = WHATIF.search(html)
    assert match is not None
    section = match.group()
    # Its two scripts are the only ones on the page, inline: the data and the code.
    assert re.findall(r"<script\b[^>]*>", html) == re.findall(r"<script\b[^>]*>", section)
    assert re.findall(r"<script\b[^>]*>", section) == [
        '<script type="application/json" id="whatif-data">',
        "<script>",
    ]
    assert not re.search(r"\b(src|href)=", html)
    for fetching in ("fetch(", "XMLHttpRequest", "url(", "import(", "http://", "https://", "//cdn"):
        assert fetching not in section
    options = {
        select: re.findall(r'<option value="([^"]*)"', body)
        for select, body in re.findall(r'<select id="([^"]+)">(.*?)</select>', section)
    }
    # The years are those of the first cluster; the page's script sets them per cluster.
    assert options == {
        "whatif-cluster": ["wbd", "clean", "fbcd", "dlsc"],
        "whatif-year": ["2021", "2022", "2023", "2024"],
    }
    data = re.search(r'<script type="application/json" id="whatif-data">(.*?)</script>', section)
    assert data is not None
    clusters = json.loads(data.group(1))["clusters"]
    assert [c["id"] for c in clusters] == ["wbd", "clean", "fbcd", "dlsc"]
    assert [y["year"] for y in clusters[1]["years"]] == [2022, 2023, 2024]
    # No element carries the contract's attributes until the script has filled them in.
    markup = re.sub(r"<script\b.*?</script>", "", section, flags=re.S)
    assert "data-municipality" not in markup and "data-amount" not in markup


def test_page_sizes(tmp_path: Path) -> None:
    """Issue 15: the seed's page under 1 MB, the four clusters' under 2 MB (measured in bytes)."""
    seed = report(tmp_path, SEED).stat().st_size
    four = report(tmp_path, FOUR).stat().st_size
    assert seed < MB and four < 2 * MB
    assert seed < 150_000 and four < 400_000  # today: about 100 KB and 260 KB


def test_static_leaves_the_section_and_every_script_out(tmp_path: Path) -> None:
    html = report(tmp_path, FOUR, "--static").read_text(encoding="utf-8")
    assert "<script" not in html and "whatif" not in html


def test_the_page_is_deterministic(tmp_path: Path) -> None:
    first = report(tmp_path, FOUR, name="a.html").read_bytes()
    assert first == report(tmp_path, FOUR, name="b.html").read_bytes()
