"""The model folders of one run, across its targets: each by its position in scan order, and found again by
the name a base model gives it.

A base names a folder of the run by the folder's path as shown (a relative base path is made so when the
folder is read), or by the `org/name` that ends it: a monorepo keeps `models/acme/base` for the
repository `acme/base`; case is not significant, as on the Hub. The index holds positions only (four
bytes a slot; the key is made again from the folder's path to confirm a match), so a run of a million
models keeps no object per model.
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from licheck.position_index import PositionIndex
from licheck.repository.discovery import Discovery
from licheck.repository.folder import FolderRepository, shown_below


def _key(path: str) -> str:
    return os.path.normpath(path).replace(os.sep, "/").casefold()


def _repository_key(path: str) -> str | None:
    """The `org/name` that ends a path, as a key."""
    parts = _key(path).split("/")
    return "/".join(parts[-2:]) if len(parts) >= 2 else None


@dataclass(frozen=True)
class _Target:
    """One scanned path of the run, and where its models start among the run's positions."""

    discovery: Discovery
    shown_root: str  # how reports show the scanned folder
    root_real: str
    start: int  # the position of its first model in the run


class ScannedTree:
    """The run's model folders. A folder reached through two targets (`scan a a/b`) is checked once, at
    its first position; `positions` leaves out the later ones."""

    def __init__(self, discoveries: list[tuple[Discovery, str]]):
        self._targets: list[_Target] = []
        start = 0
        for discovery, shown_root in discoveries:
            self._targets.append(_Target(discovery, shown_root, os.path.realpath(discovery.root), start))
            start += len(discovery.models)
        self._starts = [t.start for t in self._targets]
        self._count = start
        self._by_path = PositionIndex(start)
        self._by_repository = PositionIndex(start)
        self._repeated: list[int] = []  # positions of folders already reached through an earlier target
        for position in range(start):
            shown = self.shown(position)
            key = _key(shown)
            if any(self.shown(p) == shown for p in self._by_path.candidates(hash(key))):
                self._repeated.append(position)
                continue
            self._by_path.add(hash(key), position)
            repository = _repository_key(shown)
            if repository is not None and self._find(self._by_repository, repository, _repository_key) is None:
                self._by_repository.add(hash(repository), position)

    def __len__(self) -> int:
        return self._count

    def positions(self) -> range | list[int]:
        """The positions to check, in scan order: each folder once."""
        if not self._repeated:
            return range(self._count)
        repeated = set(self._repeated)
        return [p for p in range(self._count) if p not in repeated]

    def _at(self, position: int) -> tuple[_Target, int]:
        target = self._targets[bisect.bisect_right(self._starts, position) - 1]
        return target, position - target.start

    def folder(self, position: int) -> Path:
        target, local = self._at(position)
        return target.discovery.models[local]

    def shown(self, position: int) -> str:
        """The folder as reports show it; an undecodable byte of its name as `\\xff`, which any output can hold."""
        target, local = self._at(position)
        return shown_below(target.discovery.models.relative(local), target.shown_root)

    def repository(self, position: int) -> FolderRepository:
        target, local = self._at(position)
        root = target.discovery.root
        problems = target.discovery.problems.get(local, ())
        folder = target.discovery.models[local]
        return FolderRepository(folder, self.shown(position), root, target.root_real, target.shown_root, problems)

    def find(self, model_id: str) -> int | None:
        """The position of the folder a base model names, or None when no folder of the run is it."""
        key = _key(model_id)
        found = self._find(self._by_path, key, _key)
        return found if found is not None else self._find(self._by_repository, key, _repository_key)

    def _find(self, index: PositionIndex, key: str, key_of: Callable[[str], str | None]) -> int | None:
        for position in index.candidates(hash(key)):
            if key_of(self.shown(position)) == key:
                return position
        return None
