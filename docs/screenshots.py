"""Remake the README's screenshots: `python docs/screenshots.py` (needs Chromium, chromedriver,
LibreOffice and pdftoppm, and Selenium from the test extra).

`klynge allocate` is run as a user runs it, in a pseudo-terminal 80 columns wide (the default
size of most terminals); what it wrote there, colours and all, is drawn by rich as SVG. The
report is klynge's own HTML. Headless Chromium turns both into PNG files in docs/img/. The
workbook is opened by headless LibreOffice in Danish, recalculated and printed to PDF (its print
area: the table, the terms and the year-by-year status), and pdftoppm turns the first page into
PNG. The what-if section is opened with a selection in its link and captured by Selenium.
"""

import fcntl
import io
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import termios
from pathlib import Path

from rich.console import Console
from rich.text import Text

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


def in_a_terminal(args: list[str], width: int) -> str:
    """What `klynge ARGS` writes to a terminal `width` columns wide, escape codes included."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, width, 0, 0))
    env = {"PATH": os.environ.get("PATH", ""), "TERM": "xterm-256color", "LANG": "C.UTF-8"}
    process = subprocess.Popen(
        [str(KLYNGE), *args], stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    process.wait(timeout=60)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


# A throwaway LibreOffice profile: recalculate on load, and show numbers as a Danish reader.
LIBREOFFICE_DANISH = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N">
 <prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>da-DK</value></prop></item>
</oor:items>
"""


def workbook_screenshot(folder: Path, target: Path) -> None:
    soffice, pdftoppm = shutil.which("soffice"), shutil.which("pdftoppm")
    if soffice is None or pdftoppm is None:
        raise SystemExit("needs LibreOffice (libreoffice-calc-nogui) and pdftoppm (poppler-utils)")
    book = folder / "betalingsoversigt.xlsx"
    subprocess.run(
        [str(KLYNGE), "allocate", "--format", "xlsx", "--locale", "da", "-o", str(book)],
        check=True,
    )
    profile = folder / "libreoffice"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(LIBREOFFICE_DANISH, "utf-8")
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(folder), str(book)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    subprocess.run(
        [pdftoppm, "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile",
         str(folder / "betalingsoversigt.pdf"), str(target.with_suffix(""))],
        check=True,
    )  # fmt: skip


def whatif_screenshot(folder: Path, target: Path) -> None:
    """The report's section "What if they leave?" with a selection made through its link,
    captured by Selenium (test extra) driving the system's chromedriver."""
    browser, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    if browser is None or driver_path is None:
        raise SystemExit(
            "needs Chromium and chromedriver (apt-get install chromium chromium-driver)"
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    report = folder / "whatif.html"
    subprocess.run(
        [str(KLYNGE), "report", "scenarios/kkr-sjaelland-4-clusters.yaml", "-o", str(report)],
        check=True,
    )
    options = Options()
    options.binary_location = browser
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--no-first-run", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--hide-scrollbars", f"--user-data-dir={folder / 'profile'}",
                 "--window-size=1000,3000"):  # fmt: skip
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    try:
        driver.get(report.as_uri() + "#whatif=wbd:2023:Roskilde,Slagelse")
        driver.find_element(By.ID, "whatif").screenshot(str(target))
    finally:
        driver.quit()


def main() -> None:
    IMAGES.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        width = 80
        captured = in_a_terminal(["allocate"], width)
        console = Console(
            record=True, file=io.StringIO(), width=width, force_terminal=True,
            color_system="truecolor",
        )  # fmt: skip
        console.print(Text.from_ansi(captured.rstrip("\n")))
        svg = Path(folder) / "allocate.html"
        svg.write_text(
            "<html><body style='margin:0;background:#fff'>"
            + console.export_svg(title=f"klynge allocate ({width} columns)")
            + "</body></html>",
            encoding="utf-8",
        )
        screenshot(svg, IMAGES / "allocate.png", "820,608")
        report = Path(folder) / "report.html"
        subprocess.run(
            [str(KLYNGE), "report", "scenarios/kkr-sjaelland-4-clusters.yaml", "-o", str(report)],
            check=True,
        )
        screenshot(report, IMAGES / "report.png", "1100,1400")
        workbook_screenshot(Path(folder), IMAGES / "workbook.png")
        whatif_screenshot(Path(folder), IMAGES / "whatif.png")


if __name__ == "__main__":
    main()
