"""One reader for every kind of repository: RepositoryFiles in, ModelMetadata out.

Each file type is parsed by its own module (card, model_config, mergekit, weight_headers); this
module decides which files to read, with which size bounds, and how their hints combine.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable, Sequence
from typing import Literal

from licheck.metadata import (
    BaseReference,
    Declaration,
    DeclarationForm,
    InputProblem,
    LicenseFile,
    Located,
    Location,
    ModelMetadata,
)
from licheck.metadata.architecture import Architecture, from_gguf
from licheck.metadata.card import CardData, card_from_data, parse_card
from licheck.metadata.mergekit import read_mergekit
from licheck.metadata.model_config import read_config
from licheck.metadata.weight_headers import WeightHeader, is_lfs_pointer, read_gguf, read_safetensors
from licheck.repository import RepositoryFiles
from licheck.repository.roles import (
    ADAPTER_CONFIG,
    CARD,
    CONFIG,
    HEADER_SUFFIXES,
    MERGEKIT_CONFIG,
    is_weight_file,
    license_role,
)
from licheck.vocabulary import Relation, Severity

CARD_LIMIT = 2 * 1024 * 1024
CONFIG_LIMIT = 4 * 1024 * 1024
LICENSE_FILE_LIMIT = 1024 * 1024
MAX_HEADERS_READ = 64  # weight headers read per model; sharded checkpoints repeat the same metadata
# GGUF values walked per model, across its headers: four headers at their own limit, or a dozen real
# quantizations of one model (each with its vocabulary), read in seconds at worst.
MAX_HEADER_VALUES = 4_000_000

_GGUF_DECLARATIONS: dict[str, DeclarationForm] = {
    "general.license": "id",
    "general.license.name": "name",
    "general.license.link": "link",
}
_SAFETENSORS_DECLARATIONS: dict[str, DeclarationForm] = {"license": "id", "modelspec.license": "id"}
_HUB_REPO_URL = re.compile(r"https?://(?:www\.)?(?:huggingface\.co|hf\.co)/([^/\s]+/[^/\s]+)")
_CONFIGS: tuple[tuple[Literal["adapter_config", "config"], str], ...] = (
    ("adapter_config", ADAPTER_CONFIG),
    ("config", CONFIG),
)

TextOf = Callable[[str, int], "str | None"]


def read_metadata(files: RepositoryFiles) -> ModelMetadata:
    """Everything the repository says about the model, each value located.

    Never raises: an unexpected error while reading one model (a bug met on hostile input) becomes an
    input-error on that model, and the run goes on with the others."""
    try:
        return _read(files)
    except Exception as exc:
        import traceback  # only for a bug in a reader: a normal run never loads it

        where = traceback.extract_tb(exc.__traceback__)[-1]
        problem = InputProblem(
            f"licheck failed while reading this model ({type(exc).__name__} at "
            f"{os.path.basename(where.filename)}:{where.lineno}); what it says was not checked",
            Location(files.path),
            "This is a bug in licheck: report it with the file that causes it.",
        )
        return ModelMetadata(path=files.path, folder_name=files.folder_name, problems=(problem,))


def _read(files: RepositoryFiles) -> ModelMetadata:
    problems: list[InputProblem] = list(files.problems())
    names = files.file_names()
    top = {n for n in names if "/" not in n}

    def text_of(name: str, limit: int) -> str | None:
        read = files.read_text(name, limit)
        problems.extend(read.problems)
        return read.text

    card, card_location = _card(files, top, text_of)
    problems.extend(card.problems)
    hints: list[BaseReference] = []
    architecture: Architecture | None = None
    for kind, name in _CONFIGS:
        text = text_of(name, CONFIG_LIMIT) if name in top else None
        if text is not None:
            config = read_config(text, files.locate(name).path, kind)
            hints.extend(config.bases)
            problems.extend(config.problems)
            architecture = architecture or config.architecture
    merged: list[BaseReference] = []
    text = text_of(MERGEKIT_CONFIG, CONFIG_LIMIT) if MERGEKIT_CONFIG in top else None
    if text is not None:
        merged, merge_problems = read_mergekit(text, files.locate(MERGEKIT_CONFIG).path)
        problems.extend(merge_problems)
    declarations = list(card.declarations)
    license_files: list[LicenseFile] = []
    weights: list[str] = []
    pointers: list[str] = []  # weight files that are Git LFS pointers, reported once for the model
    headers_read = header_values = 0
    for name in names:
        role = license_role(name) if name in top else None
        if role:
            text = text_of(name, LICENSE_FILE_LIMIT)
            if text is not None:
                license_files.append(LicenseFile(files.locate(name), role, text))
        elif is_weight_file(name):
            weights.append(name)
            suffix = os.path.splitext(name)[1].lower()
            if suffix in HEADER_SUFFIXES and headers_read < MAX_HEADERS_READ:
                if header_values > MAX_HEADER_VALUES:
                    problems.append(_header_budget_problem(files.locate(name)))
                    headers_read = MAX_HEADERS_READ  # said once; no further header is read
                    continue
                header = _weight_header(files, name, suffix)
                if header is not None and header.lfs_pointer:
                    pointers.append(name)
                elif header is not None:
                    headers_read += 1
                    header_values += header.values_walked
                    _header_hints(header, suffix, files.locate(name), declarations, hints)
                    if suffix == ".gguf" and architecture is None:
                        architecture = from_gguf(header.metadata, files.locate(name))
                    problems.extend(header.problems)
    if pointers:
        problems.append(_lfs_pointers(files, pointers))
    host = files.host_metadata()
    return ModelMetadata(
        path=files.path,
        folder_name=files.folder_name,
        card=card_location,
        card_body=Located(card.body, files.locate(CARD, card.body_line)) if card.body.strip() else None,
        architecture=architecture,
        model_name=card.model_name,
        declarations=tuple(declarations),
        bases=choose_bases([_within(files, b) for b in card.bases], [_within(files, h) for h in hints], merged),
        datasets=tuple(card.datasets),
        tags=tuple(dict.fromkeys([*card.tags, *(host.tags if host else ())])),
        pipeline_tag=card.pipeline_tag or (host.pipeline_tag if host else None),
        license_files=tuple(license_files),
        weight_files=tuple(weights),
        problems=tuple(problems),
        files=tuple(files.locate(name).path for name in names if name in top),
    )


def _card(files: RepositoryFiles, top: set[str], text_of: TextOf) -> tuple[CardData, Location | None]:
    """The card as parsed from README.md, else as the host states it (a gated Hub card), else empty."""
    location = files.locate(CARD)
    text = text_of(CARD, CARD_LIMIT) if CARD in top else None
    if text is not None:
        card = parse_card(text, location.path)
        # Findings about the model as a whole point at the front matter (or the card's first line).
        return card, files.locate(CARD, card.front_matter_line or 1)
    host = files.host_metadata()
    if host is not None and host.card_data:
        return card_from_data(host.card_data, location.path + " (Hub metadata)"), location
    return CardData(), (files.locate(CARD, 1) if CARD in top else None)


def _header_budget_problem(location: Location) -> InputProblem:
    return InputProblem(
        f"the weight headers read so far hold more than {MAX_HEADER_VALUES:,} values; this header and "
        "the ones after it were not read",
        location,
        "Check the weight files: real headers are far smaller. Metadata in the card is always read.",
        Severity.WARNING,
    )


def _within(files: RepositoryFiles, base: BaseReference) -> BaseReference:
    model_id = files.within(base.model_id)
    return base if model_id == base.model_id else dataclasses.replace(base, model_id=model_id)


def _weight_header(files: RepositoryFiles, name: str, suffix: str) -> WeightHeader | None:
    location = files.locate(name)
    try:
        handle = files.open_binary(name)
    except OSError as exc:
        return WeightHeader(
            problems=[
                InputProblem(f"cannot read {name}: {exc.strerror or exc}", location, "Check the file's permissions.")
            ]
        )
    if handle is None:
        return None
    with handle:
        if is_lfs_pointer(handle):
            return WeightHeader(lfs_pointer=True)
        return read_gguf(handle, location) if suffix == ".gguf" else read_safetensors(handle, location)


def _lfs_pointers(files: RepositoryFiles, pointers: Sequence[str]) -> InputProblem:
    """One problem for every pointer of a model: a sharded checkpoint left as pointers is one cause."""
    if len(pointers) == 1:
        what = f"{pointers[0]} is a Git LFS pointer file, not the weights, so the license metadata in its header"
    else:
        what = (
            f"{pointers[0]} and {len(pointers) - 1} other weight file(s) are Git LFS pointer files, not the "
            "weights, so the license metadata in their headers"
        )
    return InputProblem(
        f"weights not checked out (Git LFS pointer): {what} was not read",
        files.locate(pointers[0]),
        "Run `git lfs pull` in the repository (GitHub Actions: `with: lfs: true` on actions/checkout) to "
        "check the headers too; the card and license files were checked either way.",
        Severity.INFO,
    )


def _header_hints(
    header: WeightHeader, suffix: str, location: Location, declarations: list[Declaration], hints: list[BaseReference]
) -> None:
    if suffix == ".gguf":
        for key, form in _GGUF_DECLARATIONS.items():
            value = header.metadata.get(key)
            if isinstance(value, str) and value.strip():
                declarations.append(Declaration(form, value.strip(), "gguf", location))
        count = header.metadata.get("general.base_model.count")
        for index in range(count if isinstance(count, int) and 0 < count <= 64 else 0):
            url = header.metadata.get(f"general.base_model.{index}.repo_url")
            match = _HUB_REPO_URL.match(url) if isinstance(url, str) else None
            if match:
                hints.append(BaseReference(match.group(1), None, "gguf", location))
        return
    for key, form in _SAFETENSORS_DECLARATIONS.items():
        value = header.metadata.get(key)
        if isinstance(value, str) and value.strip():
            declarations.append(Declaration(form, value.strip(), "safetensors", location))


def choose_bases(
    card_bases: Sequence[BaseReference], hints: Sequence[BaseReference], merged: Sequence[BaseReference] = ()
) -> tuple[BaseReference, ...]:
    """The card names the bases; without it adapter and GGUF hints do, and config.json's only as a last resort.

    A mergekit config makes the model a merge: the card's bases (where a user edits them) take the
    relation and method, and the models only the config names are added at the config's line.
    """
    if merged:
        detail = merged[0].detail
        combined = [
            b if b.relation else dataclasses.replace(b, relation=Relation.MERGE, detail=detail) for b in card_bases
        ]
        named = {b.model_id.casefold() for b in card_bases}
        return tuple(combined + [m for m in merged if m.model_id.casefold() not in named])
    if card_bases:
        return tuple(card_bases)
    return tuple([h for h in hints if h.origin != "config"] or [h for h in hints if h.origin == "config"])
