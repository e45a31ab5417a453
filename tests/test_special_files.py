"""Outputs to anything but a plain file, and broken standard streams, in real processes.

Run as root, an atomic rename over `-o /dev/null` would replace the device with a regular file:
klynge renames only over regular files and writes into FIFOs and devices as `>` does. A closed
or full stdout or stderr ends the run with a message (when it can be written) and exit code 2,
never a traceback. Signals during a write leave no temporary file behind.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import SEED

KLYNGE = Path(sys.executable).with_name("klynge")
CSV_HEAD = b"cluster,year,municipality,role,population,share,amount\n"


def klynge(*args: str | Path, cwd: Path, **options: object) -> subprocess.CompletedProcess[bytes]:
    if not KLYNGE.exists():
        pytest.fail(f"no installed klynge script next to {sys.executable}; run `pip install .`")
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(cwd), "LC_ALL": "C.UTF-8"}
    if "stdout" not in options:
        options.setdefault("capture_output", True)
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [str(KLYNGE), *map(str, args)], cwd=cwd, env=env, check=False, timeout=60, **options
    )


@contextlib.contextmanager
def character_device(folder: Path, name: str = "null") -> Iterator[Path]:
    """A device node of our own (`null` or `full`) where we may make one (root), else the
    system's: a broken klynge then damages only a copy in a temporary folder."""
    minor = {"null": 3, "full": 7}[name]
    node = folder / name
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
    except PermissionError:
        node = Path("/dev") / name
    yield node


def stdout_link(folder: Path) -> Path:
    """What /dev/stdout is, made in a temporary folder: a link to /proc/self/fd/1."""
    link = folder / "stdout"
    link.symlink_to("/proc/self/fd/1")
    return link


def test_a_character_device_stays_a_device(tmp_path: Path) -> None:
    with character_device(tmp_path) as device:
        result = klynge("allocate", "--format", "csv", "-o", device, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert stat.S_ISCHR(os.stat(device).st_mode)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_full_device_is_a_located_error_and_stays_a_device(tmp_path: Path) -> None:
    with character_device(tmp_path, "full") as device:
        result = klynge("allocate", "--format", "csv", "-o", device, cwd=tmp_path)
        assert result.returncode == 2
        assert result.stderr == f"{device}: cannot write: No space left on device\n".encode()
        assert stat.S_ISCHR(os.stat(device).st_mode)


def test_a_report_that_cannot_write_one_output_leaves_the_other_as_it_was(
    tmp_path: Path,
) -> None:
    """`report -o FILE --xlsx /dev/full` (or the other way round) fails at the device before
    the existing file is replaced: all or nothing, as for two regular files."""
    page, book = tmp_path / "r.html", tmp_path / "r.xlsx"
    page.write_bytes(b"old page")
    book.write_bytes(b"old book")
    with character_device(tmp_path, "full") as device:
        for args in (("-o", page, "--xlsx", device), ("-o", device, "--xlsx", book)):
            result = klynge("report", *args, cwd=tmp_path)
            assert result.returncode == 2
            assert result.stderr == f"{device}: cannot write: No space left on device\n".encode()
    assert page.read_bytes() == b"old page" and book.read_bytes() == b"old book"
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_two_outputs_into_one_stream_are_refused(tmp_path: Path) -> None:
    """/dev/stdout and /proc/self/fd/1 are one stream: a workbook and a page after each other
    in it would be neither. /dev/null twice is harmless."""
    for page, book in (("/dev/stdout", "/dev/stdout"), ("/dev/stdout", "/proc/self/fd/1")):
        result = klynge("report", "--static", "-o", page, "--xlsx", book, cwd=tmp_path)
        assert result.returncode == 2 and result.stdout == b""
        assert b"is named twice as an output; give each output its own file" in result.stderr
    assert klynge("report", "-o", "/dev/null", "--xlsx", "/dev/null", cwd=tmp_path).returncode == 0


def test_a_fifo_is_written_into_and_stays_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = klynge("allocate", "--format", "csv", "-o", fifo, cwd=tmp_path)
    reader.join(timeout=30)
    assert result.returncode == 0, result.stderr
    assert received and received[0].startswith(CSV_HEAD) and received[0].count(b"\n") == 69
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_fifo_nobody_reads_is_an_error_not_a_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = klynge("allocate", "--format", "csv", "-o", fifo, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == f"{fifo}: is a FIFO that no program is reading\n".encode()


def test_dev_tty_without_a_terminal_is_not_called_a_fifo(tmp_path: Path) -> None:
    result = klynge("allocate", "-o", "/dev/tty", cwd=tmp_path, start_new_session=True)
    assert result.returncode == 2
    assert result.stderr == b"/dev/tty: cannot write: no such device (is there a terminal?)\n"


def test_a_symlink_is_followed_and_stays_a_link(tmp_path: Path) -> None:
    target = tmp_path / "real.csv"
    target.write_bytes(b"old\n")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    assert klynge("allocate", "--format", "csv", "-o", link, cwd=tmp_path).returncode == 0
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_bytes().startswith(CSV_HEAD)


def test_dev_stdout_appends_to_what_the_shell_opened(tmp_path: Path) -> None:
    log = tmp_path / "log.txt"
    log.write_bytes(b"earlier line\n")
    inode = log.stat().st_ino
    with log.open("ab") as appending:
        result = klynge(
            "allocate", "--format", "csv", "-o", stdout_link(tmp_path), cwd=tmp_path,
            stdout=appending,
            stderr=subprocess.PIPE,
        )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert log.stat().st_ino == inode  # not replaced by a rename
    assert log.read_bytes().startswith(b"earlier line\n" + CSV_HEAD)


def test_a_folder_and_a_socket_are_refused(tmp_path: Path) -> None:
    import socket

    result = klynge("allocate", "--format", "csv", "-o", tmp_path, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == f"{tmp_path}: is a folder; give a file name to write to\n".encode()
    path = tmp_path / "s.sock"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        result = klynge("allocate", "--format", "csv", "-o", path, cwd=tmp_path)
    assert result.returncode == 2
    assert b"is a socket; klynge writes only to files, FIFOs and character devices" in result.stderr
    assert stat.S_ISSOCK(os.stat(path).st_mode)


@pytest.mark.parametrize(
    ("stdout", "message"),
    [
        ("closed", "standard output is closed; write to a file instead (-o FILE)\n"),
        ("full", "cannot write to standard output: No space left on device\n"),
    ],
)
def test_a_closed_or_full_stdout_is_one_line_and_exit_2(
    tmp_path: Path, stdout: str, message: str
) -> None:
    with character_device(tmp_path, "full") as full:
        redirect = ">&-" if stdout == "closed" else f">'{full}'"
        result = subprocess.run(
            ["sh", "-c", f"'{KLYNGE}' allocate --format csv {redirect}"],
            capture_output=True, cwd=tmp_path, check=False, timeout=60,
        )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr == message.encode()


@pytest.mark.parametrize("command", ["allocate nope.yaml", "allocate --no-such-option", ""])
@pytest.mark.parametrize("stderr", ["full", "closed"])
def test_input_errors_exit_2_even_when_stderr_cannot_be_written(
    tmp_path: Path, command: str, stderr: str
) -> None:
    command = command or "allocate --year ²⁰²³"
    with character_device(tmp_path, "full") as full:
        redirect = "2>&-" if stderr == "closed" else f"2>'{full}'"
        result = subprocess.run(
            ["sh", "-c", f"'{KLYNGE}' {command} {redirect}"],
            capture_output=True, cwd=tmp_path, check=False, timeout=60,
        )  # fmt: skip
    assert result.returncode == 2
    assert result.stdout == b""


def test_a_pipe_closed_early_is_an_error_not_a_silent_half(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text(
        "klynge: 1\npopulations: {year: 2021}\nmembers: {region: Sjælland}\nclusters:\n"
        + "".join(f"  - {{id: c{i}, name: C{i}, lead: Næstved, years: [2021, 2024]}}\n"
                  for i in range(200)),
        encoding="utf-8",
    )  # fmt: skip
    script = f"'{KLYNGE}' allocate big.yaml --format csv | (sleep 1; head -c 10 >/dev/null)"
    result = subprocess.run(
        ["bash", "-c", f"{script}; echo \"rc=${{PIPESTATUS[0]}}\""],
        capture_output=True, cwd=tmp_path, check=False, timeout=60,
    )  # fmt: skip
    assert result.stdout == b"rc=2\n"
    assert result.stderr == b"cannot write to standard output: Broken pipe\n"


@pytest.mark.parametrize("signal_number", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_signal_during_a_write_leaves_no_temporary_file(
    tmp_path: Path, signal_number: int
) -> None:
    """The signal arrives while the temporary file exists (sent from inside fsync); it takes
    effect only once the output is complete and renamed, and nothing else is left."""
    target = tmp_path / "out.csv"
    target.write_bytes(b"the previous output\n")
    script = textwrap.dedent(
        f"""
        import os, signal
        from pathlib import Path
        from klynge_cli import files
        real_fsync = os.fsync
        def fsync(descriptor):
            os.kill(os.getpid(), {int(signal_number)})
            real_fsync(descriptor)
        os.fsync = fsync
        files.write_file(Path({str(target)!r}), b"new output\\n" * 1000)
        print("survived the signal", flush=True)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, cwd=tmp_path, check=False, timeout=60
    )
    assert result.returncode != 0  # the signal ended the run ...
    assert b"survived" not in result.stdout
    assert target.read_bytes() == b"new output\n" * 1000  # ... after a complete write
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_the_seed_scenario_itself_is_never_an_output(tmp_path: Path) -> None:
    copy = tmp_path / "s.yaml"
    copy.write_bytes(SEED.read_bytes())
    link = tmp_path / "link.yaml"
    link.symlink_to(copy)
    for output in (copy, link):
        result = klynge("allocate", copy, "--format", "csv", "-o", output, cwd=tmp_path)
        assert result.returncode == 2
        assert (
            result.stderr
            == (
                f"{output}: is this command's scenario file; klynge will not overwrite an input "
                "(name another file)\n"
            ).encode()
        )
    assert copy.read_bytes() == SEED.read_bytes()
