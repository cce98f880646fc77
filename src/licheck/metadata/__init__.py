"""The value every repository is read into: what a model repository says about itself, each value
with the place it came from. Local folders and Hub repositories both become a `ModelMetadata`
(licheck.metadata.reader); everything downstream works on this value only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from licheck.vocabulary import Relation, Severity

if TYPE_CHECKING:
    from licheck.metadata.architecture import Architecture

DeclarationForm = Literal["id", "name", "link"]  # `license:`, `license_name:`, `license_link:`
DeclarationOrigin = Literal["card", "gguf", "safetensors"]
BaseOrigin = Literal["card", "adapter_config", "config", "gguf", "mergekit"]
FileRole = Literal["license", "notice", "use-policy"]


@dataclass(frozen=True)
class Location:
    """Where something was read: a file as reports show it, and its 1-based line if known."""

    path: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True)
class Located:
    """A value as read, with where it was read."""

    value: str
    location: Location


@dataclass(frozen=True)
class Declaration:
    """A license named by the repository's metadata."""

    form: DeclarationForm
    value: str
    origin: DeclarationOrigin
    location: Location


@dataclass(frozen=True)
class BaseReference:
    """A model this one is derived from, as the metadata names it (relation None: not stated)."""

    model_id: str
    relation: Relation | None
    origin: BaseOrigin
    location: Location
    detail: str | None = None  # e.g. the merge method of a mergekit config


@dataclass(frozen=True)
class LicenseFile:
    """A license-like file (LICENSE, NOTICE, USE_POLICY…) and its text, read with a size limit."""

    location: Location
    role: FileRole
    text: str


@dataclass(frozen=True)
class InputProblem:
    """Input licheck could not read, or read only in part; becomes an `input-error` finding."""

    message: str
    location: Location
    hint: str
    severity: Severity = Severity.ERROR


@dataclass(frozen=True)
class ModelMetadata:
    """Everything licheck read about one model, whatever repository it came from."""

    path: str
    folder_name: str
    card: Location | None = None
    model_name: Located | None = None
    declarations: tuple[Declaration, ...] = ()
    bases: tuple[BaseReference, ...] = ()
    datasets: tuple[Located, ...] = ()
    tags: tuple[str, ...] = ()
    pipeline_tag: str | None = None
    license_files: tuple[LicenseFile, ...] = ()
    weight_files: tuple[str, ...] = ()
    problems: tuple[InputProblem, ...] = ()
    files: tuple[str, ...] = ()  # every top-level file of the repository, as reports show its path
    architecture: Architecture | None = None  # its shape, from config.json or a GGUF header
    card_body: Located | None = None  # the card's prose, located at the line it starts at
