"""The model folders of a scanned tree, held in one buffer: a path costs a few bytes, not a Path object, so a
tree of a million models keeps memory flat while it is checked.

Paths come in walk order, so a folder's path mostly repeats the previous one's (`org-12/model-1233`,
`org-12/model-1234`): each is stored as the length it shares with the previous path and the rest
(front coding). Every RESTART-th path is stored whole, so any one is decoded from at most RESTART
entries; the block last decoded is kept, because folders are read in order.
"""

from __future__ import annotations

import os
from array import array
from collections.abc import Iterator
from pathlib import Path

RESTART = 16  # paths per block: a lookup decodes at most this many


def _put_number(data: bytearray, number: int) -> None:
    while number >= 0x80:
        data.append(number & 0x7F | 0x80)
        number >>= 7
    data.append(number)


def _take_number(data: bytearray, at: int) -> tuple[int, int]:
    number = shift = 0
    while True:
        byte = data[at]
        at += 1
        number |= (byte & 0x7F) << shift
        if byte < 0x80:
            return number, at
        shift += 7


def _shared_length(first: bytes, second: bytes) -> int:
    """How many leading bytes two paths share."""
    length = min(len(first), len(second))
    shared = 0
    while shared < length and first[shared] == second[shared]:
        shared += 1
    return shared


class FolderList:
    """Folders below one root, in the order they were added; each kept as its path relative to the root."""

    def __init__(self, root: Path):
        self.root = root
        self._data = bytearray()
        self._blocks = array("Q")  # where each block of RESTART paths starts in _data
        self._count = 0
        self._previous = b""
        self._decoded: tuple[int, list[str]] = (-1, [])  # the block last decoded, and its paths

    def append(self, relative: str) -> int:
        """Add a folder by its path relative to the root (`.` for the root); its position."""
        name = os.fsencode(relative)
        shared = 0
        if self._count % RESTART == 0:
            self._blocks.append(len(self._data))
        else:
            shared = _shared_length(self._previous, name)
        _put_number(self._data, shared)
        _put_number(self._data, len(name) - shared)
        self._data += name[shared:]
        self._previous = name
        self._count += 1
        return self._count - 1

    def _block(self, block: int) -> list[str]:
        if self._decoded[0] != block:
            at, end = self._blocks[block], len(self._data)
            if block + 1 < len(self._blocks):
                end = self._blocks[block + 1]
            paths: list[str] = []
            previous = b""
            while at < end:
                shared, at = _take_number(self._data, at)
                length, at = _take_number(self._data, at)
                previous = previous[:shared] + bytes(self._data[at : at + length])
                at += length
                paths.append(os.fsdecode(previous))
            self._decoded = (block, paths)
        return self._decoded[1]

    def relative(self, position: int) -> str:
        """The folder's path relative to the root (`.` for the root itself); undecodable bytes as surrogates."""
        if not 0 <= position < self._count:
            raise IndexError(position)
        return self._block(position // RESTART)[position % RESTART]

    def relatives(self) -> Iterator[str]:
        """Every folder's relative path, in order."""
        for block in range(len(self._blocks)):
            yield from self._block(block)

    def __getitem__(self, position: int) -> Path:
        return self.root / self.relative(position)

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Path]:
        return (self.root / relative for relative in self.relatives())
