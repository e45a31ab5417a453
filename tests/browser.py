"""Headless Chromium driven through Selenium and the distribution's chromedriver.

Nothing is downloaded: Selenium is given the system's `chromedriver` and `chromium`, so Selenium
Manager never runs. Without them the tests that need a browser skip, except in CI
(`.ci/run` installs `chromium` and `chromium-driver` and sets KLYNGE_REQUIRE_BROWSER=1), where
they fail instead.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from selenium.webdriver.chrome.webdriver import WebDriver

CHROMIUM = (
    shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
)
CHROMEDRIVER = shutil.which("chromedriver")
REQUIRED = bool(os.environ.get("KLYNGE_REQUIRE_BROWSER"))

needs_driver = pytest.mark.skipif(
    (CHROMIUM is None or CHROMEDRIVER is None) and not REQUIRED,
    reason="no Chromium or chromedriver here (.ci/run installs both, and then this test must run)",
)

# No network, no first-run work, no GPU; a fresh profile for every browser.
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars",
)  # fmt: skip


def start(profile: Path, *, javascript: bool = True, size: str = "1100,1400") -> WebDriver:
    """A headless Chromium with a fresh profile in `profile`."""
    assert CHROMIUM and CHROMEDRIVER, (
        "KLYNGE_REQUIRE_BROWSER is set but Chromium or chromedriver is missing "
        "(Debian: apt-get install chromium chromium-driver)"
    )
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for flag in (*FLAGS, f"--user-data-dir={profile}", f"--window-size={size}"):
        options.add_argument(flag)
    if not javascript:
        options.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2}
        )
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    return driver
