"""Remake the README's screenshots: `python docs/screenshots.py` (needs Chromium).

The allocate table is rendered by rich to SVG, the report by klynge; headless Chromium turns
both into PNG files in docs/img/.
"""

import io
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from rich.console import Console

from klynge_cli.engine.rules import allocate
from klynge_cli.load.scenario import load_scenario
from klynge_cli.render.grid import allocation_grids
from klynge_cli.render.labels import ENGLISH
from klynge_cli.render.terminal import grids_renderable

IMAGES = Path(__file__).resolve().parent / "img"
KLYNGE = Path(sys.executable).with_name("klynge")


def screenshot(page: Path, target: Path, size: str) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        raise SystemExit("needs Chromium (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             "--no-first-run", "--disable-background-networking", f"--user-data-dir={profile}",
             f"--window-size={size}", f"--screenshot={target}", page.as_uri()],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip


def main() -> None:
    IMAGES.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        console = Console(
            record=True,
            file=io.StringIO(),
            width=100,
            force_terminal=True,
            color_system="truecolor",
        )
        console.print(
            grids_renderable(allocation_grids(allocate(load_scenario(None)), ENGLISH), ENGLISH)
        )
        svg = Path(folder) / "allocate.html"
        svg.write_text(
            "<html><body style='margin:0;background:#fff'>"
            + console.export_svg(title="klynge allocate")
            + "</body></html>",
            encoding="utf-8",
        )
        screenshot(svg, IMAGES / "allocate.png", "1000,615")
        report = Path(folder) / "report.html"
        subprocess.run(
            [str(KLYNGE), "report", "scenarios/kkr-sjaelland-4-clusters.yaml", "-o", str(report)],
            check=True,
        )
        screenshot(report, IMAGES / "report.png", "1100,1400")


if __name__ == "__main__":
    main()
