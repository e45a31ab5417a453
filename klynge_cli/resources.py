"""Where the bundled data and scenarios are, installed or in a checkout.

The wheel carries the repository's `data/` and `scenarios/` inside the package (see
`pyproject.toml`, force-include); a source checkout has them next to the package.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent

DEFAULT_SCENARIO = "kkr-sjaelland-wbd.yaml"


def _bundled(folder: str, marker: str) -> Path:
    for base in (_PACKAGE, _PACKAGE.parent):
        if (base / folder / marker).is_file():
            return base / folder
    raise RuntimeError(f"klynge is installed without its {folder}/ folder")  # a packaging bug


def data_dir() -> Path:
    return _bundled("data", "populations.csv")


def scenarios_dir() -> Path:
    return _bundled("scenarios", DEFAULT_SCENARIO)


def default_scenario() -> Path:
    return scenarios_dir() / DEFAULT_SCENARIO


def shown_scenario(file: str) -> str:
    """A scenario file as messages name it: the bundled default by its name, not its install path.

    Users who ran `klynge allocate` without a file never saw where pip put it.
    """
    if file == str(default_scenario()):
        return f"bundled scenario {DEFAULT_SCENARIO}"
    return file
