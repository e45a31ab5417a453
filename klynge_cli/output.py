"""Where rendered output goes: stdout as UTF-8 bytes, or a file written atomically.

A file is first written in full to a temporary file in the same folder and then renamed over
the target, so a failed run never leaves a partial file and never touches an existing one.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import Any

from klynge_cli.errors import KlyngeError, Where


def emit(content: str | bytes | Any, output: Path | None) -> None:
    """Write text, bytes or (for tables) a rich renderable to `output`, or to stdout if None.

    A renderable goes to a terminal with rich's colours and window width; anywhere else it
    becomes plain text at its natural width, so files and pipes get the same bytes everywhere.
    """
    if not isinstance(content, str | bytes):
        from klynge_cli.render.terminal import as_text, to_terminal

        if output is None and sys.stdout.isatty():
            to_terminal(content)
            return
        content = as_text(content)
    data = content.encode("utf-8") if isinstance(content, str) else content
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        write_atomically(output, data)


def write_atomically(path: Path, data: bytes) -> None:
    import tempfile

    shown = str(path)
    folder = path.parent
    if path.is_dir():
        raise KlyngeError("is a folder; give a file name to write to", Where(shown))
    if not folder.is_dir():
        raise KlyngeError(f"cannot write here: the folder {folder} does not exist", Where(shown))
    try:
        mode = path.stat().st_mode & 0o777 if path.exists() else _default_mode()
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise KlyngeError(f"cannot write: {error.strerror}", Where(shown)) from None
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise KlyngeError(f"cannot write: {error.strerror}", Where(shown)) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _default_mode() -> int:
    """What `open()` would give a new file: 0o666 less the umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
