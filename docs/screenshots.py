"""Remake the README's screenshots: `python docs/screenshots.py` (needs Chromium).

`klynge allocate` is run as a user runs it, in a pseudo-terminal 80 columns wide (the default
size of most terminals); what it wrote there, colours and all, is drawn by rich as SVG. The
report is klynge's own HTML. Headless Chromium turns both into PNG files in docs/img/.
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


if __name__ == "__main__":
    main()
