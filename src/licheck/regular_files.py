"""Opening files of untrusted trees: regular files only.

A FIFO named README.md (or a link to one, anywhere) blocks open() until a writer appears, and a
device streams forever; so the type is checked with stat before opening, the file is opened
without blocking, and the type is checked again on the open descriptor (the name may have been
swapped in between). Failures are OSErrors, so every caller's existing handling reports them.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
_KINDS = {
    stat.S_IFIFO: "a FIFO",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFDIR: "a folder",
}


class NotRegularFile(OSError):
    """The path names something other than a regular file; it was not opened (or opened and closed at once)."""


def _check(mode: int, path: str | Path) -> None:
    if not stat.S_ISREG(mode):
        kind = _KINDS.get(stat.S_IFMT(mode), "not a file")
        raise NotRegularFile(errno.EINVAL, f"not a regular file ({kind})", str(path))


def open_regular(path: str | Path) -> BinaryIO:
    """The file opened for binary reading, when it is a regular file (links followed)."""
    _check(os.stat(path).st_mode, path)
    descriptor = os.open(path, _FLAGS)
    try:
        _check(os.fstat(descriptor).st_mode, path)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def read_regular(path: str | Path, limit: int) -> bytes:
    """At most `limit` + 1 bytes of a regular file: one more than allowed tells the caller it is larger."""
    with open_regular(path) as handle:
        return handle.read(limit + 1)
