"""The `klynge` console script.

Typer and the rest load in `klynge_cli.cli`; a Ctrl-C while they load would otherwise end in a
KeyboardInterrupt traceback. Here it ends as an interrupted command does: exit code 130.
"""

import sys


def main() -> None:
    try:
        from klynge_cli.cli import main as run
    except KeyboardInterrupt:
        sys.exit(130)
    run()
