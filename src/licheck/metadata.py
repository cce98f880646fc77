"""The value every source produces: what a model repository says about itself, with locations.

Local folders and (later) Hub repositories both become a `ModelMetadata`; everything downstream
works on this value only.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Location:
    path: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True)
class Located:
    value: str
    location: Location


@dataclass(frozen=True)
class Declaration:
    """A license named by the repository's metadata.

    form: id (`license:`), name (`license_name:`), link (`license_link:`)
    origin: card, gguf, safetensors
    """

    form: str
    value: str
    origin: str
    location: Location


@dataclass(frozen=True)
class BaseReference:
    """A model this one is derived from, as the metadata names it.

    origin: card, adapter_config, config, gguf
    relation: finetune, adapter, merge, quantized, distilled, or None when not stated
    """

    model_id: str
    relation: str | None
    origin: str  # card, adapter_config, config, gguf, mergekit
    location: Location
    detail: str | None = None  # e.g. the merge method of a mergekit config


@dataclass(frozen=True)
class LicenseFile:
    """A license-like file (LICENSE, NOTICE, USE_POLICY…) and its text, read with a size limit."""

    location: Location
    role: str  # license | notice | use-policy
    text: str


@dataclass(frozen=True)
class InputProblem:
    """Input licheck could not read, or read only in part; becomes an `input-error` finding."""

    message: str
    location: Location
    hint: str
    severity: str = "error"


@dataclass(frozen=True)
class ModelMetadata:
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
    problems: tuple[InputProblem, ...] = field(default=())
