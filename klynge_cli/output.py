"""Where rendered output goes: stdout as UTF-8 bytes, or a file (see `klynge_cli/files.py`).

A closed, full or broken standard output is an input-side problem like any other: one line on
stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import Any

from klynge_cli.errors import KlyngeError
from klynge_cli.files import write_all, write_file


def emit(content: str | bytes | Any, output: Path | None) -> None:
    """Write text, bytes or (for tables) a rich renderable to `output`, or to stdout if None.

    A renderable goes to a terminal with rich's colours and window width; anywhere else it
    becomes plain text at its natural width, so files and pipes get the same bytes everywhere.
    """
    if not isinstance(content, str | bytes):
        from klynge_cli.render.terminal import as_text, to_terminal

        if output is None and sys.stdout is not None and sys.stdout.isatty():
            with _stdout_errors():
                to_terminal(content)
            return
        content = as_text(content)
    data = content.encode("utf-8") if isinstance(content, str) else content
    if output is None:
        to_stdout(data)
    else:
        write_file(output, data)


def to_stdout(data: bytes) -> None:
    if sys.stdout is None:
        raise KlyngeError("standard output is closed; write to a file instead (-o FILE)")
    with _stdout_errors():
        sys.stdout.flush()
        try:
            descriptor = sys.stdout.fileno()
        except (AttributeError, OSError, ValueError):  # a captured stdout (tests): no descriptor
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
            return
        # Straight to the descriptor, every byte: a buffered write that a closing pipe cuts
        # short can otherwise end the run with exit code 0 and half the output.
        write_all(descriptor, data)


@contextlib.contextmanager
def _stdout_errors() -> Any:
    try:
        yield
    except OSError as error:
        # What could not be written stays in Python's buffer; point the descriptor at
        # /dev/null so that the flush at exit does not fail (and print) a second time.
        with contextlib.suppress(OSError, ValueError, AttributeError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise KlyngeError(f"cannot write to standard output: {error.strerror}") from None
