"""Positions found by a string key, in five bytes a slot: an index over a long sequence (a tree's model
folders, a dump's rows) that keeps no object per entry.

The keys themselves are not stored, only their hashes' traces (the caller gives each key by its
`hash()`, which it may have kept in an array while reading the sequence): a lookup yields the
positions whose slot and hash byte match, in the order they were added, and the caller confirms each
by making its key again from what is at that position.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator


class PositionIndex:
    """Open addressing over a fixed capacity: each slot holds position + 1 (0: empty) and one byte of the
    key's hash, so a probe passes over other keys without their being made again."""

    def __init__(self, capacity: int):
        self._size = capacity * 3 // 2 + 7  # at most two thirds full: probe chains stay short
        self._slots = array("I", bytes(4 * self._size))
        self._tags = bytearray(self._size)

    def add(self, key_hash: int, position: int) -> None:
        slot, tag = self._start(key_hash)
        while self._slots[slot]:
            slot = (slot + 1) % self._size
        self._slots[slot] = position + 1
        self._tags[slot] = tag

    def candidates(self, key_hash: int) -> Iterator[int]:
        """The positions added under hashes that match in the slot and the tag: the caller confirms."""
        slot, tag = self._start(key_hash)
        while self._slots[slot]:
            if self._tags[slot] == tag:
                yield self._slots[slot] - 1
            slot = (slot + 1) % self._size

    def _start(self, key_hash: int) -> tuple[int, int]:
        hashed = key_hash & 0xFFFFFFFFFFFFFFFF
        return hashed % self._size, hashed >> 56
