"""The model folders of a scanned tree, held in one buffer: a path costs its bytes and an offset, not a
Path object, so a tree of a million models keeps memory flat while it is checked."""

from __future__ import annotations

import os
from array import array
from collections.abc import Iterator
from pathlib import Path


class FolderList:
    """Folders below one root, in the order they were added; each kept as its path relative to the root."""

    def __init__(self, root: Path):
        self.root = root
        self._names = bytearray()
        self._ends = array("Q")  # where each folder's relative path ends in _names

    def append(self, relative: str) -> int:
        """Add a folder by its path relative to the root (`.` for the root); its position."""
        self._names += os.fsencode(relative)
        self._ends.append(len(self._names))
        return len(self._ends) - 1

    def relative(self, position: int) -> str:
        """The folder's path relative to the root (`.` for the root itself); undecodable bytes as surrogates."""
        start = self._ends[position - 1] if position else 0
        return os.fsdecode(bytes(self._names[start : self._ends[position]]))

    def __getitem__(self, position: int) -> Path:
        return self.root / self.relative(position)

    def __len__(self) -> int:
        return len(self._ends)

    def __iter__(self) -> Iterator[Path]:
        return (self[i] for i in range(len(self)))
