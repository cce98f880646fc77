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


_CHUNK = 1 << 16  # bytes read at a time beyond the size the file had when opened


class NotRegularFile(OSError):
    """The path names something other than a regular file; it was not opened (or opened and closed at once)."""


def _check(mode: int, path: str | Path) -> None:
    if not stat.S_ISREG(mode):
        kind = _KINDS.get(stat.S_IFMT(mode), "not a file")
        raise NotRegularFile(errno.EINVAL, f"not a regular file ({kind})", str(path))


def _open(path: str | Path) -> tuple[int, int]:
    """A descriptor of the regular file (links followed), and its size when opened."""
    _check(os.stat(path).st_mode, path)
    descriptor = os.open(path, _FLAGS)
    try:
        status = os.fstat(descriptor)
        _check(status.st_mode, path)
    except BaseException:
        os.close(descriptor)
        raise
    return descriptor, status.st_size


def open_regular(path: str | Path) -> BinaryIO:
    """The file opened for binary reading, when it is a regular file (links followed)."""
    descriptor, _size = _open(path)
    try:
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def read_regular(path: str | Path, limit: int) -> bytes:
    """At most `limit` + 1 bytes of a regular file: one more than allowed tells the caller it is larger.

    Read straight from the descriptor, as much as the file holds: a buffered read of `limit` bytes
    would set aside the whole limit (megabytes) for every small card first."""
    descriptor, size = _open(path)
    wanted = limit + 1
    try:
        content = bytearray()
        while len(content) < wanted:  # a file may grow or shrink while it is read
            chunk = os.read(descriptor, min(wanted - len(content), max(size + 1 - len(content), _CHUNK)))
            if not chunk:
                break
            content += chunk
        return bytes(content)
    finally:
        os.close(descriptor)
