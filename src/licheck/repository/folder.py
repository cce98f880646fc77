"""A local model folder presented as RepositoryFiles, and the listing primitives the discovery walk shares.

Which folders are models is licheck.repository.discovery's business; a folder is listed again when
it is read, so a tree of many models holds nothing per folder between discovery and its check.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from licheck.metadata import InputProblem, Location
from licheck.printable import encodable
from licheck.regular_files import open_regular
from licheck.repository import HostMetadata, TextRead
from licheck.repository.safe_read import inside, read_text


def display(path: Path, root: Path, shown_root: str) -> str:
    """The folder as reports show it; an undecodable byte of its name as `\\xff`, which any output can hold."""
    return shown_below(str(path.relative_to(root)), shown_root)


def shown_below(relative: str, shown_root: str) -> str:
    """A folder given by its path relative to the scanned root, as reports show it (see display)."""
    return encodable(shown_root if relative == "." else os.path.join(shown_root, relative))


def listing(folder: Path) -> tuple[list[os.DirEntry[str]], InputProblem | None]:
    """The folder's entries, or none and the problem that says the folder could not be listed."""
    try:
        with os.scandir(folder) as it:
            return sorted(it, key=lambda e: e.name), None
    except OSError as exc:
        return [], InputProblem(
            f"cannot list the folder '{folder}': {exc.strerror or exc}; a model in it would not be checked",
            Location(str(folder)),
            "Give licheck read and execute permission on the folder, or scan without it.",
        )


def file_names(entries: list[os.DirEntry[str]]) -> set[str]:
    """The names of the regular files (links followed): a folder named `x.gguf` is no weight file."""
    names = set()
    for entry in entries:
        try:
            if entry.is_file():
                names.add(entry.name)
        except OSError:
            continue
    return names


def _own_name(folder: Path) -> str:
    """The folder's name: a link's target's (a checkout linked in as `current`), the working folder's for `.`."""
    name = folder.name
    if name in ("", ".", "..") or os.path.islink(folder):
        return os.path.basename(os.path.realpath(folder))
    return name  # links above it do not change it: one lstat, not one per component


class FolderRepository:
    """A model folder of a scanned tree, as RepositoryFiles: listed when made (discovery keeps no listing);
    files are read with size bounds and never through a link that leaves the scanned root."""

    def __init__(
        self, folder: Path, shown: str, root: Path, root_real: str, shown_root: str, problems: Sequence[InputProblem]
    ):
        """`shown`: the folder as reports show it (display); `shown_root`: the scanned root so."""
        self._folder = folder
        self._root = root
        self._shown_root = shown_root
        self._root_real = root_real
        self.path = shown
        self.folder_name = _own_name(folder) or self.path
        entries, unlisted = listing(folder)
        self._files = sorted(file_names(entries))
        self._problems = [*problems, *([unlisted] if unlisted else [])]
        self._shown_files: dict[str, str] = {}

    def file_names(self) -> list[str]:
        return list(self._files)

    def read_text(self, name: str, limit: int) -> TextRead:
        return read_text(self._folder / name, self.locate(name), limit, self._root_real)

    def open_binary(self, name: str) -> BinaryIO | None:
        path = self._folder / name
        if path.is_symlink() and not inside(path, self._root_real):
            return None  # Hub cache snapshots link weights to blobs elsewhere: nothing to read here
        return open_regular(path)

    def locate(self, name: str, line: int | None = None) -> Location:
        shown = self._shown_files.get(name)
        if shown is None:  # each finding and problem locates its file: a card is located a dozen times
            shown = self._shown_files[name] = os.path.join(self.path, encodable(name))
        return Location(shown, line)

    def within(self, reference: str) -> str:
        if not reference.startswith(("./", "../")):
            return reference
        target = Path(os.path.normpath(self._folder / reference))
        if not target.is_dir() or not inside(target, self._root_real):
            return reference
        return display(target, self._root, self._shown_root)

    def host_metadata(self) -> HostMetadata | None:
        return None

    def problems(self) -> list[InputProblem]:
        return list(self._problems)
