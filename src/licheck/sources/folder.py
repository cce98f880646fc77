"""Local folders: find the model folders under a path and read each into a ModelMetadata.

A folder is a model when it holds a model card (README.md with front matter), an
adapter_config.json, or config.json / weight files outside another model (the unet/, vae/ … parts
of a diffusers repository belong to the repository, not to themselves). A path given explicitly
is always scanned, so a card without front matter is still reported.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from licheck.metadata import (BaseReference, Declaration, InputProblem, LicenseFile, Located, Location,
                              ModelMetadata)
from licheck.sources.card import parse_card
from licheck.sources.configs import read_config
from licheck.sources.files import inside, read_text
from licheck.sources.mergekit import read_mergekit
from licheck.sources.weights import WEIGHT_SUFFIXES, read_gguf, read_safetensors

MERGEKIT_CONFIG = "mergekit_config.yml"
CARD_LIMIT = 2 * 1024 * 1024
CONFIG_LIMIT = 4 * 1024 * 1024
LICENSE_FILE_LIMIT = 1024 * 1024
MAX_DEPTH = 16
MAX_HEADERS_READ = 64  # weight headers read per model; sharded checkpoints repeat the same metadata
SKIPPED_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", "__pycache__", ".cache", ".venv", ".tox"})

_LICENSE_NAME = re.compile(r"(licen[cs]e|copying|notice|use[_ -]?policy|acceptable[_ -]use|terms[_ -]of[_ -]use)", re.IGNORECASE)
_TEXT_SUFFIXES = frozenset({"", ".md", ".txt", ".rst", ".markdown"})


class TargetError(Exception):
    """The path cannot be scanned at all (missing, unreadable)."""


@dataclass
class FoundModel:
    """A model folder as discovery met it: its listing (read once) and the problems met walking to it."""

    folder: Path
    entries: list[os.DirEntry]
    problems: list[InputProblem] = field(default_factory=list)


def display(path: Path, root: Path, shown_root: str) -> str:
    relative = path.relative_to(root)
    return shown_root if str(relative) == "." else os.path.join(shown_root, str(relative))


def license_role(name: str) -> str | None:
    stem, suffix = os.path.splitext(name)
    if suffix.lower() not in _TEXT_SUFFIXES and not re.search(r"licen[cs]e", suffix, re.IGNORECASE):
        return None
    match = _LICENSE_NAME.search(name)
    if not match or name.lower().startswith("readme"):
        return None
    word = match.group(1).lower()
    if "notice" in word:
        return "notice"
    if "policy" in word or "acceptable" in word or "terms" in word:
        return "use-policy"
    return "license"


def _has_front_matter(readme: Path) -> bool:
    try:
        with open(readme, "rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"---")


def _entries(folder: Path) -> list[os.DirEntry]:
    try:
        with os.scandir(folder) as it:
            return sorted(it, key=lambda e: e.name)
    except OSError:
        return []


def _is_model(folder: Path, entries: list[os.DirEntry], inside_model: bool) -> bool:
    names = {e.name for e in entries}
    if "README.md" in names and _has_front_matter(folder / "README.md"):
        return True
    if "adapter_config.json" in names:
        return True
    if inside_model:
        return False
    return "config.json" in names or any(os.path.splitext(n)[1].lower() in WEIGHT_SUFFIXES for n in names)


def discover(path: Path) -> tuple[Path, list[FoundModel]]:
    """The folder scanned and each model folder under it, with the problems met while walking.

    A walking problem (a link loop, a link out of the folder) is given to the nearest model folder
    above it, so it is reported with that model and never lost.
    """
    if not path.exists():
        raise TargetError(f"{path}: no such file or directory")
    if path.is_file():
        path = path.parent  # a card or config given directly: scan the folder that holds it
    root_real = os.path.realpath(path)
    visited: set[str] = set()
    models: list[FoundModel] = []
    fallback = None
    walk_problems: list[tuple[Path, InputProblem]] = []
    stack: list[tuple[Path, int, bool]] = [(path, 0, False)]
    while stack:
        folder, depth, inside_model = stack.pop()
        real = os.path.realpath(folder)
        if real in visited:
            walk_problems.append((folder, InputProblem(
                f"'{folder}' links back to a folder already scanned (a link loop); not followed",
                Location(str(folder)), "Remove the looping link.", "warning")))
            continue
        visited.add(real)
        entries = _entries(folder)
        is_model = _is_model(folder, entries, inside_model)
        if not is_model and folder == path and (folder / "README.md").exists():
            # A path given explicitly is checked even when its card has no front matter, unless it
            # only holds model folders (a monorepo's plain README): then those are the models.
            is_model = True
            fallback = FoundModel(folder, entries)
            models.append(fallback)
        elif is_model:
            models.append(FoundModel(folder, entries))
        if depth >= MAX_DEPTH:
            continue
        for entry in reversed(entries):
            if entry.name in SKIPPED_DIRS or entry.name.startswith("."):
                continue
            child = folder / entry.name
            try:
                if not entry.is_dir():
                    continue
            except OSError:
                continue
            if entry.is_symlink() and not inside(child, root_real):
                walk_problems.append((folder, InputProblem(
                    f"'{child}' is a link to {os.path.realpath(child)}, outside the scanned folder; not followed",
                    Location(str(child)), "Scan the link's target directly if it holds a model.", "warning")))
                continue
            stack.append((child, depth + 1, inside_model or is_model))
    if fallback is not None and len(models) > 1:
        models.remove(fallback)
    if not models:
        raise TargetError(f"{path}: no model folder found (no README.md, config.json, adapter_config.json or weight files)")
    models.sort(key=lambda m: m.folder)
    for folder, problem in walk_problems:
        owners = [m for m in models if folder == m.folder or m.folder in folder.parents]
        (max(owners, key=lambda m: len(m.folder.parts)) if owners else models[0]).problems.append(problem)
    return path, models


def choose_bases(card_bases: list[BaseReference], hints: list[BaseReference],
                 merged: list[BaseReference] = ()) -> tuple[BaseReference, ...]:
    """The card names the bases; without it adapter and GGUF hints do, and config.json's only as a last resort.

    A mergekit config makes the model a merge: the card's bases (where a user edits them) take the
    relation and method, and the models only the config names are added at the config's line.
    """
    if merged:
        detail = merged[0].detail
        combined = [b if b.relation else replace(b, relation="merge", detail=detail) for b in card_bases]
        named = {b.model_id.casefold() for b in card_bases}
        return tuple(combined + [m for m in merged if m.model_id.casefold() not in named])
    if card_bases:
        return tuple(card_bases)
    return tuple([h for h in hints if h.origin != "config"] or [h for h in hints if h.origin == "config"])


def _within_tree(base: BaseReference, folder: Path, root: Path, shown_root: str, root_real: str) -> BaseReference:
    """A relative base path (`../base`) naming a folder of the scanned tree is named as that folder is shown,
    so the lineage reads the base from there."""
    if not base.model_id.startswith(("./", "../")):
        return base
    target = Path(os.path.normpath(folder / base.model_id))
    if not target.is_dir() or not inside(target, root_real):
        return base
    return replace(base, model_id=display(target, root, shown_root))


def owning_model_folder(file: Path, root: Path) -> Path | None:
    """The model folder a changed file belongs to: the outermost model folder between `root` and the file.

    Outermost, because a folder inside a model (diffusers' unet/) is part of that model. None when the
    file lies in no model folder (a repository's own README, CI files).
    """
    folder = file.absolute().parent
    root = root.absolute()
    chain = [folder, *folder.parents]
    chain = chain[: chain.index(root) + 1] if root in chain else [folder]
    for candidate in reversed(chain):
        if candidate.is_dir() and _is_model(candidate, _entries(candidate), inside_model=False):
            return candidate
    return None


def read_folder(found: FoundModel, root: Path, shown_root: str) -> ModelMetadata:
    """Everything the folder says about the model, each value located."""
    folder, entries = found.folder, found.entries
    root_real = os.path.realpath(root)
    shown = display(folder, root, shown_root)
    problems: list[InputProblem] = list(found.problems)
    declarations: list[Declaration] = []
    bases: list[BaseReference] = []
    hints: list[BaseReference] = []
    license_files: list[LicenseFile] = []
    weights: list[str] = []
    card_location = None
    model_name = None
    datasets: list[Located] = []
    tags: list[str] = []
    pipeline_tag = None

    def where(name: str, line: int | None = None) -> Location:
        return Location(os.path.join(shown, name), line)

    def text_of(name: str, limit: int) -> str | None:
        read = read_text(folder / name, where(name), limit, root_real)
        problems.extend(read.problems)
        return read.text

    names = {e.name for e in entries}
    if "README.md" in names:
        card_location = where("README.md")
        text = text_of("README.md", CARD_LIMIT)
        if text is not None:
            card = parse_card(text, card_location.path)
            problems.extend(card.problems)
            declarations.extend(card.declarations)
            bases.extend(card.bases)
            datasets, tags, pipeline_tag, model_name = card.datasets, card.tags, card.pipeline_tag, card.model_name
    for kind in ("adapter_config", "config"):
        if f"{kind}.json" in names:
            text = text_of(f"{kind}.json", CONFIG_LIMIT)
            if text is not None:
                found, config_problems = read_config(text, where(f"{kind}.json").path, kind)
                hints.extend(found)
                problems.extend(config_problems)
    merged: list[BaseReference] = []
    if MERGEKIT_CONFIG in names:
        text = text_of(MERGEKIT_CONFIG, CONFIG_LIMIT)
        if text is not None:
            merged, merge_problems = read_mergekit(text, where(MERGEKIT_CONFIG).path)
            problems.extend(merge_problems)
    headers_read = 0
    for entry in entries:
        suffix = os.path.splitext(entry.name)[1].lower()
        role = license_role(entry.name)
        if role and entry.is_file():
            text = text_of(entry.name, LICENSE_FILE_LIMIT)
            if text is not None:
                license_files.append(LicenseFile(where(entry.name), role, text))
        elif suffix in WEIGHT_SUFFIXES:
            weights.append(entry.name)
            if suffix in (".gguf", ".safetensors") and headers_read < MAX_HEADERS_READ:
                if entry.is_symlink() and not inside(folder / entry.name, root_real):
                    continue  # Hub cache snapshots link weights to blobs elsewhere: nothing to read here
                headers_read += 1
                _read_weight_header(folder / entry.name, suffix, where(entry.name), declarations, hints, problems)
    bases = [_within_tree(b, folder, root, shown_root, root_real) for b in bases]
    hints = [_within_tree(b, folder, root, shown_root, root_real) for b in hints]
    return ModelMetadata(
        path=shown,
        folder_name=os.path.basename(os.path.realpath(folder)) or shown,
        card=card_location,
        model_name=model_name,
        declarations=tuple(declarations),
        bases=choose_bases(bases, hints, merged),
        datasets=tuple(datasets),
        tags=tuple(tags),
        pipeline_tag=pipeline_tag,
        license_files=tuple(license_files),
        weight_files=tuple(weights),
        problems=tuple(problems),
    )


_GGUF_DECLARATIONS = {"general.license": "id", "general.license.name": "name", "general.license.link": "link"}
_SAFETENSORS_DECLARATIONS = {"license": "id", "modelspec.license": "id"}


def _read_weight_header(path: Path, suffix: str, location: Location, declarations, hints, problems) -> None:
    if suffix == ".gguf":
        header = read_gguf(str(path), location)
        for key, form in _GGUF_DECLARATIONS.items():
            value = header.metadata.get(key)
            if isinstance(value, str) and value.strip():
                declarations.append(Declaration(form, value.strip(), "gguf", location))
        count = header.metadata.get("general.base_model.count")
        for index in range(count if isinstance(count, int) and 0 < count <= 64 else 0):
            url = header.metadata.get(f"general.base_model.{index}.repo_url")
            match = re.match(r"https?://(?:www\.)?(?:huggingface\.co|hf\.co)/([^/\s]+/[^/\s]+)", url or "")
            if match:
                hints.append(BaseReference(match.group(1), None, "gguf", location))
    else:
        header = read_safetensors(str(path), location)
        for key, form in _SAFETENSORS_DECLARATIONS.items():
            value = header.metadata.get(key)
            if isinstance(value, str) and value.strip():
                declarations.append(Declaration(form, value.strip(), "safetensors", location))
    problems.extend(header.problems)
