"""Local folders: find the model folders under a path and present each as RepositoryFiles.

A folder is a model when it holds a model card (README.md with front matter), an
adapter_config.json, or config.json / weight files outside another model (the unet/, vae/ … parts
of a diffusers repository belong to the repository, not to themselves). A README without front
matter that reads as a model card (licheck.repository.model_card), and the README of a path given
explicitly, make their folder a model too unless model folders lie below it: then it is the README
of a collection. Every other folder that is neither part of a model nor holds one is reported as
skipped, with the reason, so no folder is left out silently.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from licheck.metadata import InputProblem, Location
from licheck.printable import encodable
from licheck.regular_files import NotRegularFile, open_regular
from licheck.repository import HostMetadata, TextRead
from licheck.repository.model_card import HEAD_LIMIT, reads_as_model_card
from licheck.repository.roles import ADAPTER_CONFIG, CARD, CONFIG, is_weight_file
from licheck.repository.safe_read import inside, read_text
from licheck.vocabulary import Severity

MAX_DEPTH = 16
SKIPPED_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", "__pycache__", ".cache", ".venv", ".tox"})


class TargetError(Exception):
    """The path cannot be scanned at all (missing, unreadable)."""


# Why a folder of the tree is not checked (SkippedFolder.reason).
NO_MODEL_FILES = "no model card (README.md with front matter), config.json, adapter_config.json or weight files"
PLAIN_README = (
    "its README.md has no front matter and does not read as a model card (no section such as "
    "'Model Details' or 'Training Data', no config.json or weights beside it); if it is a model, "
    "add front matter with `license:`"
)
TOO_DEEP = f"more than {MAX_DEPTH} folders below the scanned path; not walked (scan it directly)"
LINK_OUT = "a link to a folder outside the scanned path; not followed (scan its target directly)"
UNLISTED = "it could not be listed; a model in it would not be checked"


@dataclass
class FoundModel:
    """A model folder as discovery met it: its regular files' names, sorted (listed once; names only, so
    that a tree of many models holds little while it is checked), and the problems met walking to it."""

    folder: Path
    files: tuple[str, ...]
    problems: list[InputProblem] = field(default_factory=list)


@dataclass(frozen=True)
class SkippedFolder:
    """A folder of the scanned tree that is not checked: neither a model, nor part of one, nor holding one."""

    folder: Path
    reason: str


@dataclass(frozen=True)
class Discovery:
    root: Path  # the folder scanned (a file given: the folder holding it)
    models: list[FoundModel]
    skipped: list[SkippedFolder]


def display(path: Path, root: Path, shown_root: str) -> str:
    """The folder as reports show it; an undecodable byte of its name as `\\xff`, which any output can hold."""
    relative = path.relative_to(root)
    return encodable(shown_root if str(relative) == "." else os.path.join(shown_root, str(relative)))


def _has_front_matter(readme: Path) -> bool:
    """True also when the card exists but cannot be read (a folder without its execute bit): the
    model is then checked, and the reader reports why its card could not be read."""
    try:
        with open_regular(readme) as handle:
            head = handle.read(4096)
    except NotRegularFile:
        return False  # a FIFO or a folder named README.md is no card; never opened
    except OSError:
        return True
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"---")


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    return _listing(folder)[0]


def _listing(folder: Path) -> tuple[list[os.DirEntry[str]], InputProblem | None]:
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


def _file_names(entries: list[os.DirEntry[str]]) -> set[str]:
    """The names of the regular files (links followed): a folder named `x.gguf` is no weight file."""
    names = set()
    for entry in entries:
        try:
            if entry.is_file():
                names.add(entry.name)
        except OSError:
            continue
    return names


def _reads_as_card(readme: Path) -> bool:
    try:
        with open_regular(readme) as handle:
            head = handle.read(HEAD_LIMIT)
    except OSError:
        return False
    return reads_as_model_card(head.decode("utf-8", errors="replace"))


def _is_model(folder: Path, names: set[str], inside_model: bool) -> bool:
    if CARD in names and _has_front_matter(folder / CARD):
        return True
    if ADAPTER_CONFIG in names:
        return True
    if inside_model:
        return False
    return CONFIG in names or any(is_weight_file(n) for n in names)


def discover(path: Path) -> Discovery:
    """The folder scanned, each model folder under it with the problems met while walking, and the
    folders that are not checked, with why.

    A walking problem (a link loop, a link out of the folder) is given to the nearest model folder
    above it, so it is reported with that model and never lost.
    """
    try:
        given = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        raise TargetError(f"{path}: no such file or directory") from None
    except OSError as exc:
        raise TargetError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    if stat.S_ISREG(given.st_mode):
        path = path.parent  # a card or config given directly: scan the folder that holds it
    root_real = os.path.realpath(path)
    visited: set[str] = set()
    models: list[FoundModel] = []
    candidates: list[FoundModel] = []  # a card-like README, or the given path's: decided after the walk
    not_models: dict[Path, str] = {}  # a folder outside any model -> why it is not one
    walk_problems: list[tuple[Path, InputProblem]] = []
    stack: list[tuple[Path, int, bool]] = [(path, 0, False)]
    while stack:
        folder, depth, inside_model = stack.pop()
        real = os.path.realpath(folder)
        if real in visited:
            walk_problems.append(
                (
                    folder,
                    InputProblem(
                        f"'{folder}' links back to a folder already scanned (a link loop); not followed",
                        Location(str(folder)),
                        "Remove the looping link.",
                        Severity.WARNING,
                    ),
                )
            )
            continue
        visited.add(real)
        entries, unlisted = _listing(folder)
        if unlisted is not None:
            walk_problems.append((folder, unlisted))
        names = _file_names(entries)
        is_model = _is_model(folder, names, inside_model)
        if is_model:
            models.append(FoundModel(folder, tuple(sorted(names))))
        elif not inside_model and CARD in names and (folder == path or _reads_as_card(folder / CARD)):
            # The folder's own model, unless model folders lie below it: then the README is a collection's
            # (a monorepo's plain README). A path given explicitly is checked even without a card.
            candidates.append(FoundModel(folder, tuple(sorted(names))))
        elif not inside_model:
            not_models[folder] = UNLISTED if unlisted else PLAIN_README if CARD in names else NO_MODEL_FILES
        for entry in reversed(entries):
            if entry.name in SKIPPED_DIRS or entry.name.startswith("."):
                continue
            child = folder / entry.name
            try:
                if not entry.is_dir():
                    continue
            except OSError:
                continue
            if depth >= MAX_DEPTH:
                not_models.setdefault(child, TOO_DEEP)
                continue
            if entry.is_symlink() and not inside(child, root_real):
                walk_problems.append(
                    (
                        folder,
                        InputProblem(
                            f"'{child}' is a link to {os.path.realpath(child)}, outside the scanned folder; "
                            "not followed",
                            Location(str(child)),
                            "Scan the link's target directly if it holds a model.",
                            Severity.WARNING,
                        ),
                    )
                )
                not_models.setdefault(child, LINK_OUT)
                continue
            stack.append((child, depth + 1, inside_model or is_model))
    holding = {parent for m in models for parent in m.folder.parents}  # folders with a model below them
    for candidate in sorted(candidates, key=lambda m: len(m.folder.parts), reverse=True):  # deepest first
        if candidate.folder not in holding:
            models.append(candidate)
            holding.update(candidate.folder.parents)
    if not models:
        unreadable = "".join(f"; {p.message}" for _, p in walk_problems if p.severity is Severity.ERROR)
        raise TargetError(
            f"{path}: no model folder found (no README.md, config.json, adapter_config.json or weight files)"
            + unreadable
        )
    models.sort(key=lambda m: m.folder)
    for folder, problem in walk_problems:
        owners = [m for m in models if folder == m.folder or m.folder in folder.parents]
        (max(owners, key=lambda m: len(m.folder.parts)) if owners else models[0]).problems.append(problem)
    model_folders = {m.folder for m in models}
    skipped = [
        SkippedFolder(folder, reason)
        for folder, reason in sorted(not_models.items())
        if folder not in holding and model_folders.isdisjoint(folder.parents)  # no model below it, nor above
    ]
    return Discovery(path, models, skipped)


def owning_model_folder(file: Path, root: Path) -> Path | None:
    """The model folder a changed file belongs to: the outermost model folder between `root` and the file,
    else the innermost folder below `root` whose README reads as a model card.

    Outermost, because a folder inside a model (diffusers' unet/) is part of that model. None when the
    file lies in no model folder (a repository's own README, CI files).
    """
    folder = file.absolute().parent
    root = root.absolute()
    chain = [folder, *folder.parents]
    chain = chain[: chain.index(root) + 1] if root in chain else [folder]
    for candidate in reversed(chain):
        if candidate.is_dir() and _is_model(candidate, _file_names(_entries(candidate)), inside_model=False):
            return candidate
    for candidate in chain:
        if candidate != root and (candidate / CARD).is_file() and _reads_as_card(candidate / CARD):
            return candidate
    return None


def changed_model_folders(files: Sequence[str], root: Path) -> list[str]:
    """The model folders holding any of the changed files, each once, as paths relative to `root` when inside it."""
    folders: dict[Path, None] = {}
    for name in files:
        folder = owning_model_folder(Path(name), root)
        if folder is not None:
            folders[folder] = None
    shown = []
    for folder in folders:
        try:
            shown.append(str(folder.relative_to(root.absolute())) or ".")
        except ValueError:
            shown.append(str(folder))
    return shown


class FolderRepository:
    """A model folder of a scanned tree, as RepositoryFiles: its listing was read once by discovery;
    files are read with size bounds and never through a link that leaves the scanned root."""

    def __init__(self, found: FoundModel, root: Path, shown_root: str):
        self._found = found
        self._folder = found.folder
        self._root = root
        self._shown_root = shown_root
        self._root_real = os.path.realpath(root)
        self.path = display(found.folder, root, shown_root)
        self.folder_name = os.path.basename(os.path.realpath(found.folder)) or self.path

    def file_names(self) -> list[str]:
        return list(self._found.files)

    def read_text(self, name: str, limit: int) -> TextRead:
        return read_text(self._folder / name, self.locate(name), limit, self._root_real)

    def open_binary(self, name: str) -> BinaryIO | None:
        path = self._folder / name
        if path.is_symlink() and not inside(path, self._root_real):
            return None  # Hub cache snapshots link weights to blobs elsewhere: nothing to read here
        return open_regular(path)

    def locate(self, name: str, line: int | None = None) -> Location:
        return Location(os.path.join(self.path, encodable(name)), line)

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
        return list(self._found.problems)
