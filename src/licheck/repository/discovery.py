"""Finding the model folders under a scanned path, and accounting for every other folder.

A folder is a model when it holds a model card (README.md with front matter), an
adapter_config.json, or config.json / weight files outside another model (the unet/, vae/ … parts
of a diffusers repository belong to the repository, not to themselves). A README without front
matter that reads as a model card (licheck.repository.model_card), and the README of a path given
explicitly, make their folder a model too unless model folders lie below it: then it is the README
of a collection. Every other folder that is neither part of a model nor holds one is reported as
skipped, with the reason, so no folder is left out silently.

The walk is depth-first with each folder's entries sorted, so models come out in path order, and it
keeps only the folders on its way down: what a tree of any size leaves behind is its model folders'
paths (one buffer, licheck.repository.folder_list), the walking problems and the skipped folders.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from licheck.metadata import InputProblem, Location
from licheck.regular_files import NotRegularFile, open_regular
from licheck.repository.folder import file_names, listing
from licheck.repository.folder_list import FolderList
from licheck.repository.model_card import HEAD_LIMIT, reads_as_model_card
from licheck.repository.roles import ADAPTER_CONFIG, CARD, CONFIG, is_weight_file
from licheck.repository.safe_read import inside
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


@dataclass(frozen=True)
class SkippedFolder:
    """A folder of the scanned tree that is not checked: neither a model, nor part of one, nor holding one."""

    folder: Path
    reason: str


@dataclass(frozen=True)
class Discovery:
    """What the walk of one scanned path found."""

    root: Path  # the folder scanned (a file given: the folder holding it)
    models: FolderList  # in path order
    problems: dict[int, list[InputProblem]]  # problems met walking, by the position of the model they belong to
    skipped: list[SkippedFolder]


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


def _reads_as_card(readme: Path) -> bool:
    try:
        with open_regular(readme) as handle:
            head = handle.read(HEAD_LIMIT)
    except OSError:
        return False
    return reads_as_model_card(head.decode("utf-8", errors="replace"))


def _is_model(folder: Path, names: set[str], inside_model: bool) -> bool:
    # The listing answers first: the card is opened only when no config or weight file says it already.
    if ADAPTER_CONFIG in names:
        return True
    if not inside_model and (CONFIG in names or any(is_weight_file(n) for n in names)):
        return True
    return CARD in names and _has_front_matter(folder / CARD)


@dataclass
class _Candidate:
    """A folder whose README reads as a model card: a model unless a model lies below it. Until its
    subtree is walked it holds what it would own as a model."""

    waiting: list[SkippedFolder] = field(default_factory=list)  # folders below it with no model: skipped if it is none
    problems: list[InputProblem] = field(default_factory=list)


# What a folder of the walk lies in: the position of the nearest model above (or at) it, a card-like
# folder not decided yet, or nothing.
_Above = int | _Candidate | None


class _Walk:
    def __init__(self, root: Path):
        self.root = root
        self.root_real = os.path.realpath(root)
        self.models = FolderList(root)
        self.problems: dict[int, list[InputProblem]] = {}
        self.orphans: list[InputProblem] = []  # met in no model: reported with the first one
        self.skipped: list[SkippedFolder] = []
        self.followed: list[str] = []  # real paths of folders walked through a link to them

    def folder(self, folder: Path, relative: str, depth: int, above: _Above) -> bool:
        """Walk a folder (`relative`: its path from the root) and everything below it; whether a model lies
        at or below it."""
        entries, unlisted = listing(folder)
        if unlisted is not None:
            self._problem(unlisted, above)
        names = file_names(entries)
        in_model = isinstance(above, int)
        is_model = _is_model(folder, names, in_model)
        own: _Above = above
        candidate: _Candidate | None = None
        reason = None
        if is_model:
            own = self.models.append(relative)
        elif not in_model and CARD in names and (folder == self.root or _reads_as_card(folder / CARD)):
            # The folder's own model, unless model folders lie below it: then the README is a collection's
            # (a monorepo's plain README). A path given explicitly is checked even without a card.
            own = candidate = _Candidate()
        elif not in_model:
            reason = UNLISTED if unlisted else PLAIN_README if CARD in names else NO_MODEL_FILES
        model_below = self._children(folder, relative, entries, depth, own)
        if candidate is not None:
            if model_below:  # a collection's README; so is every card-like README above it
                self.skipped.extend(candidate.waiting)
                self.orphans.extend(candidate.problems)
                return True
            position = self.models.append(relative)  # after its subtree, which holds no model: still in path order
            if candidate.problems:
                self.problems[position] = candidate.problems
            return True
        if reason is not None and not model_below:
            self._not_model(folder, reason, own)
        return is_model or model_below

    def _children(self, folder: Path, relative: str, entries: list[os.DirEntry[str]], depth: int, own: _Above) -> bool:
        model_below = False
        folder_real: str | None = None
        for entry in entries:
            if entry.name in SKIPPED_DIRS or entry.name.startswith("."):
                continue
            try:
                if not entry.is_dir():
                    continue
                linked = entry.is_symlink()
            except OSError:
                continue
            child = folder / entry.name
            if depth >= MAX_DEPTH:
                self._not_model(child, TOO_DEEP, own)
                continue
            if linked:
                folder_real = folder_real or os.path.realpath(folder)
                if not self._follows(child, folder_real, own):
                    continue
            below = entry.name if relative == "." else f"{relative}{os.sep}{entry.name}"
            model_below = self.folder(child, below, depth + 1, own) or model_below
        return model_below

    def _follows(self, link: Path, folder_real: str, own: _Above) -> bool:
        """Whether to walk a link to a folder: never out of the scanned folder, never twice into one."""
        if not inside(link, self.root_real):
            self._problem(
                InputProblem(
                    f"'{link}' is a link to {os.path.realpath(link)}, outside the scanned folder; not followed",
                    Location(str(link)),
                    "Scan the link's target directly if it holds a model.",
                    Severity.WARNING,
                ),
                own,
            )
            self._not_model(link, LINK_OUT, own)
            return False
        target = os.path.realpath(link)
        if _within(folder_real, target) or self._walked_anyway(target):
            self._problem(
                InputProblem(
                    f"'{link}' links back to a folder already scanned (a link loop); not followed"
                    if _within(folder_real, target)
                    else f"'{link}' is a link to '{target}', which this scan reads where it is; not followed",
                    Location(str(link)),
                    "Remove the looping link." if _within(folder_real, target) else "Nothing to do if that is meant.",
                    Severity.WARNING,
                ),
                own,
            )
            return False
        self.followed.append(target)
        return True

    def _walked_anyway(self, target: str) -> bool:
        """Whether a folder inside the root is (or was) walked without the link: by its own path, or through
        another link already followed. Knowing it from the path keeps the walk from remembering every folder."""
        if any(_within(target, done) or _within(done, target) for done in self.followed):
            return True
        parts = os.path.relpath(target, self.root_real).split(os.sep)
        if parts == ["."]:
            return True
        return len(parts) <= MAX_DEPTH and not any(p in SKIPPED_DIRS or p.startswith(".") for p in parts)

    def _problem(self, problem: InputProblem, above: _Above) -> None:
        """A walking problem goes with the nearest model at or above where it was met."""
        if isinstance(above, int):
            self.problems.setdefault(above, []).append(problem)
        elif isinstance(above, _Candidate):
            above.problems.append(problem)
        else:
            self.orphans.append(problem)

    def _not_model(self, folder: Path, reason: str, above: _Above) -> None:
        """A folder with no model at or below it: skipped, unless it is part of a model."""
        if isinstance(above, _Candidate):
            above.waiting.append(SkippedFolder(folder, reason))
        elif above is None:
            self.skipped.append(SkippedFolder(folder, reason))


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def discover(path: Path) -> Discovery:
    """The folder scanned, each model folder under it, the problems met while walking, and the folders
    that are not checked, with why.

    A walking problem (a link loop, a link out of the folder) is given to the nearest model folder
    above it, or else the first model, so it is reported with a model and never lost.
    """
    try:
        given = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        raise TargetError(f"{path}: no such file or directory") from None
    except OSError as exc:
        raise TargetError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    if stat.S_ISREG(given.st_mode):
        path = path.parent  # a card or config given directly: scan the folder that holds it
    walk = _Walk(path)
    walk.folder(path, ".", 0, None)
    if not walk.models:
        unreadable = "".join(f"; {p.message}" for p in walk.orphans if p.severity is Severity.ERROR)
        raise TargetError(
            f"{path}: no model folder found (no README.md, config.json, adapter_config.json or weight files)"
            + unreadable
        )
    if walk.orphans:
        walk.problems.setdefault(0, []).extend(walk.orphans)
    return Discovery(path, walk.models, walk.problems, sorted(walk.skipped, key=lambda s: s.folder))


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
        if candidate.is_dir() and _is_model(candidate, file_names(listing(candidate)[0]), inside_model=False):
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
