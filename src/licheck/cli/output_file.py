"""Writing the report or the NOTICE material to a file named on the command line.

The file often sits inside the scanned checkout, where anyone could have planted a link named
NOTICE that points at one of the user's files; so a link is never written through (the user names
its target to write there), nothing but a regular file is replaced (a FIFO would block the run),
and the content goes to a temporary file beside the target that is then renamed over it: a crash
leaves the old file or the new one, never an empty one.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


class OutputRefused(Exception):
    """The file named for output is not one licheck will replace; the message says why and what to do."""


def _new_file_mode() -> int:
    umask = os.umask(0o022)  # reading the umask means setting it: put it back at once
    os.umask(umask)
    return 0o666 & ~umask


def write_atomically(path: Path, text: str) -> None:
    """Replace `path` with `text` (UTF-8). Raises OutputRefused, or OSError when the folder is not writable."""
    with replaced_atomically(path) as handle:
        handle.write(text.encode("utf-8"))


@contextlib.contextmanager
def replaced_atomically(path: Path) -> Iterator[BinaryIO]:
    """A file to write `path`'s new content into, piece by piece (a report written as its results come),
    renamed over `path` when the block ends; an error or an exit inside the block leaves `path` as it was.
    Raises OutputRefused, or OSError when the folder is not writable."""
    try:
        existing: os.stat_result | None = os.lstat(path)
    except FileNotFoundError:
        existing = None
    if existing is not None and stat.S_ISLNK(existing.st_mode):
        raise OutputRefused(
            f"{path} is a symbolic link to {os.path.realpath(path)}; licheck does not write through links "
            "(one planted in a scanned folder could point at any of your files): name the target itself "
            "if that is the file to write"
        )
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        raise OutputRefused(f"{path} exists and is not a regular file; name a file to write")
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = stat.S_IMODE(existing.st_mode) if existing is not None else _new_file_mode()
    import tempfile  # imported when a report goes to a file: a run writing to standard output never pays for it

    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
