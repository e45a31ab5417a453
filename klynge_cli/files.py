"""Every file a run reads or writes for its user goes through here, and only here.

Reading takes regular files only, up to `MAX_BYTES`, and records each one it reads, so that no
output of the same run can replace an input (`klynge allocate s.yaml -o s.yaml` is refused).

Writing never replaces anything but a regular file. A new or regular file is written in full to a
temporary file beside it and renamed over it, so a failed or interrupted run leaves no partial
file and an existing file untouched; a symbolic link is followed and its target replaced, as the
shell's `>` would write to the target. A FIFO or a character device (`/dev/null`, `/dev/stdout`,
a terminal) is written into directly, as `>` would; a folder, a block device or a socket is
refused. Every problem is a `KlyngeError` naming the file: exit code 2.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from klynge_cli.errors import KlyngeError, Where
from klynge_cli.limits import MAX_FILE_BYTES

# The files read by the command now running, as (device, inode): an output must not be one.
_inputs: dict[tuple[int, int], str] = {}

# Signals that end a run; they are held back while a rename is being prepared, so an
# interruption never leaves a temporary file or half an output behind (see `_signals_held`).
_ENDING = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def begin_run() -> None:
    """Forget the inputs of an earlier command run in the same process (tests run many)."""
    _inputs.clear()


def shown(path: Path | str) -> str:
    """A path as messages and outputs show it: bytes that are not UTF-8 (which Python keeps as
    lone surrogates) are written as `\\xff`, so the text can always be printed."""
    text = os.fspath(path)
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def article(what: str) -> str:
    """'a scenario file', 'an expected file'."""
    return f"{'an' if what[:1] in 'aeiou' else 'a'} {what}"


def _error(path: Path | str, message: str) -> KlyngeError:
    return KlyngeError(message, Where(shown(path)))


def read_bytes(
    path: Path, shown_as: str, *, what: str, record: bool = True, limit: int = MAX_FILE_BYTES
) -> bytes:
    """A user's regular file, whole, with a readable error for everything else. `record`: an
    input no output of this run may replace (the default)."""
    where = Where(shown_as)
    if not os.fspath(path):
        raise KlyngeError(f"the {what} is an empty path; name a file", Where("''"))
    try:
        status = path.stat()
        if stat.S_ISDIR(status.st_mode):
            raise KlyngeError(f"is a folder, not {article(what)}", where)
        if not stat.S_ISREG(status.st_mode):
            raise KlyngeError(
                f"is not a regular file, so klynge will not read it as {article(what)}", where
            )
        if status.st_size > limit:
            raise KlyngeError(
                f"the {what} is {status.st_size:,} bytes; klynge reads {what}s up to "
                f"{limit:,} bytes (docs/limits.md)",
                where,
            )
        with path.open("rb") as file:
            data = file.read(limit + 1)
            opened = os.fstat(file.fileno())
    except FileNotFoundError:
        raise KlyngeError(f"no such {what}", where) from None
    except OSError as error:
        raise KlyngeError(f"cannot read the {what}: {error.strerror}", where) from None
    except ValueError:  # a NUL character in the name
        raise KlyngeError(
            f"is not a usable file name for {article(what)}", Where(repr(shown_as))
        ) from None
    if len(data) > limit:  # it grew after the check
        raise KlyngeError(f"the {what} is larger than {limit:,} bytes", where)
    if record:
        _inputs[(opened.st_dev, opened.st_ino)] = what
    return data


def _refuse_input(path: Path, status: os.stat_result) -> None:
    what = _inputs.get((status.st_dev, status.st_ino))
    if what is not None:
        raise _error(
            path,
            f"is this command's {what}; klynge will not overwrite an input (name another file)",
        )


def write_file(path: Path, data: bytes) -> None:
    """Write `data` to `path` as described in the module docstring."""
    write_files([(path, data)])


def write_files(outputs: Sequence[tuple[Path, bytes]]) -> None:
    """Write several files, all or none of the regular ones: every target is checked first,
    then FIFOs, devices and streams are written into (a full disk or /dev/full fails here,
    before any file is touched), then every regular file is prepared beside its target and
    only then renamed into place, so a problem with the last leaves the others untouched."""
    plans = [_plan(path) for path, _ in outputs]
    seen: dict[tuple[object, object], Path] = {}
    for (path, _), plan in zip(outputs, plans, strict=True):
        same = _identity(plan)
        if same is not None and seen.setdefault(same, path) is not path:
            raise _error(path, "is named twice as an output; give each output its own file")
    for (path, data), (kind, target) in zip(outputs, plans, strict=True):
        if kind == "stream":
            write_stream(int(os.fspath(target)), data, path)
        elif kind == "direct":
            _write_into(target, data, path)
    with _signals_held():
        staged: list[tuple[str, Path, Path]] = []
        try:
            for (path, data), (kind, target) in zip(outputs, plans, strict=True):
                if kind == "replace":
                    staged.append((_stage(target, data, path), target, path))
            for temporary, target, path in staged:
                try:
                    os.replace(temporary, target)
                except OSError as error:
                    raise _error(path, f"cannot write: {error.strerror}") from None
        finally:
            for temporary, _, _ in staged:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)


def _identity(plan: Plan) -> tuple[object, object] | None:
    """The file an output ends in, as (device, inode): two names of one file, or /dev/stdout
    beside /proc/self/fd/1, would write one output over or after the other. None for a file
    still to be created (its path tells it apart) and for /dev/null, which keeps nothing."""
    kind, target = plan
    try:
        status = os.fstat(int(os.fspath(target))) if kind == "stream" else os.stat(target)
    except (OSError, ValueError):
        return ("new", os.fspath(target))  # a file to create: known by its real path
    if kind == "direct" and stat.S_ISCHR(status.st_mode) and os.path.samefile(target, os.devnull):
        return None
    return status.st_dev, status.st_ino


Plan = tuple[str, Path]  # ("replace", real file) | ("direct", special file) | ("stream", "1"|"2")


def _plan(path: Path) -> Plan:
    """How to write `path`, checked before anything is written; raises for anything klynge must
    not write to."""
    if not os.fspath(path):
        raise KlyngeError("the output is an empty path; name a file (-o FILE)", Where("''"))
    try:
        status = os.stat(path)  # follows symbolic links, as `>` does
    except FileNotFoundError:
        status = None
    except OSError as error:
        raise _error(path, f"cannot write: {error.strerror}") from None
    except ValueError:
        raise KlyngeError("is not a usable file name", Where(repr(shown(path)))) from None
    if status is None:
        target = Path(os.path.realpath(path))  # a dangling link: create its target, as `>` does
        if not target.parent.is_dir():
            raise _error(
                path, f"cannot write here: the folder {shown(target.parent)} does not exist"
            )
        return "replace", target
    _refuse_input(path, status)
    stream = _open_stream(status)
    if stream is not None:  # -o /dev/stdout: write to the descriptor the shell opened
        return "stream", Path(str(stream))
    mode = status.st_mode
    if stat.S_ISDIR(mode):
        raise _error(path, "is a folder; give a file name to write to")
    if stat.S_ISREG(mode):
        target = Path(os.path.realpath(path))
        with contextlib.suppress(OSError):
            if os.path.samefile(target, path):
                return "replace", target
        return "direct", path  # a file reached only through /proc: write into it, as `>` does
    if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
        return "direct", path
    kind = "a block device" if stat.S_ISBLK(mode) else "a socket"
    raise _error(path, f"is {kind}; klynge writes only to files, FIFOs and character devices")


def _open_stream(status: os.stat_result) -> int | None:
    """1 or 2 when the file is this process's stdout or stderr (`-o /dev/stdout >> log`)."""
    if stat.S_ISCHR(status.st_mode):
        return None  # a terminal or /dev/null: opening it again is what `>` does
    for descriptor in (1, 2):
        with contextlib.suppress(OSError):
            open_file = os.fstat(descriptor)
            if (open_file.st_dev, open_file.st_ino) == (status.st_dev, status.st_ino):
                return descriptor
    return None


def _stage(target: Path, data: bytes, path: Path) -> str:
    """Write `data` to a new temporary file beside `target`; return its name."""
    try:
        mode = os.stat(target).st_mode & 0o777
    except OSError:
        mode = _default_mode()
    try:
        descriptor, temporary = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
        )
    except OSError as error:
        raise _error(path, f"cannot write: {error.strerror}") from None
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, mode)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise _error(path, f"cannot write: {error.strerror}") from None
    return temporary


def is_terminal(path: Path) -> bool:
    """Whether `path` is a terminal: a character device that says so when opened (without
    becoming the controlling terminal, and without waiting)."""
    try:
        if not stat.S_ISCHR(os.stat(path).st_mode):
            return False
        descriptor = os.open(path, os.O_WRONLY | os.O_NOCTTY | os.O_NONBLOCK)
    except (OSError, ValueError):
        return False  # writing will say what is wrong, at its place
    try:
        return os.isatty(descriptor)
    finally:
        os.close(descriptor)


def _is_fifo(path: Path) -> bool:
    try:
        return stat.S_ISFIFO(os.stat(path).st_mode)
    except OSError:
        return False


def _write_into(target: Path, data: bytes, path: Path) -> None:
    """Write into a FIFO or a device as `>` would; a FIFO nobody reads is an error, not a hang."""
    flags = os.O_WRONLY | os.O_NONBLOCK | (os.O_TRUNC if target.is_file() else 0)
    try:
        descriptor = os.open(target, flags)
    except OSError as error:
        if error.errno == errno.ENXIO:
            if _is_fifo(target):
                raise _error(path, "is a FIFO that no program is reading") from None
            # /dev/tty in a run without a terminal
            raise _error(path, "cannot write: no such device (is there a terminal?)") from None
        raise _error(path, f"cannot write: {error.strerror}") from None
    try:
        os.set_blocking(descriptor, True)
        write_all(descriptor, data)
    except OSError as error:
        raise _error(path, f"cannot write: {error.strerror}") from None
    finally:
        os.close(descriptor)


def write_stream(descriptor: int, data: bytes, path: Path | None = None) -> None:
    """Write to stdout (1) or stderr (2) whole; a closed, full or broken stream is an error."""
    name = (
        shown(path) if path is not None else ("standard output", "standard error")[descriptor - 1]
    )
    try:
        write_all(descriptor, data)
    except OSError as error:
        raise KlyngeError(f"cannot write to {name}: {error.strerror}") from None


def write_all(descriptor: int, data: bytes) -> None:
    """Every byte of `data` to the descriptor (a write may take only part of it)."""
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold back Ctrl-C, SIGTERM and SIGHUP while temporary files exist; they take effect as
    soon as the outputs are renamed into place (or cleaned up), never in between."""
    try:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, _ENDING)
    except (OSError, ValueError):  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _default_mode() -> int:
    """What `open()` would give a new file: 0o666 less the umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
