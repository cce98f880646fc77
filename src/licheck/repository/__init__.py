"""A model repository's files, wherever they live: a local folder (licheck.repository.folder) or a
Hub snapshot (licheck.repository.snapshot). licheck.metadata.reader reads either into one
ModelMetadata, so a new kind of file is taught once."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import BinaryIO, Protocol

from licheck.metadata import InputProblem, Location


@dataclass(frozen=True)
class TextRead:
    """A text file's content (None when it could not be read) and what went wrong reading it."""

    text: str | None
    problems: tuple[InputProblem, ...] = ()


@dataclass(frozen=True)
class HostMetadata:
    """What the host states about a repository apart from its files (the Hub's model info)."""

    card_data: Mapping[str, object]  # the Hub's parsed front matter: public even when the card is gated
    tags: tuple[str, ...] = ()
    pipeline_tag: str | None = None


class RepositoryFiles(Protocol):
    @property
    def path(self) -> str:
        """How reports name the repository: the folder as shown, or `org/name`."""

    @property
    def folder_name(self) -> str:
        """The repository's own name, the model's name when the card gives none."""

    def file_names(self) -> Sequence[str]:
        """The regular files, sorted; top-level ones by bare name (`a/b` for deeper ones where listed)."""

    def read_text(self, name: str, limit: int) -> TextRead:
        """At most `limit` bytes of a text file, decoded; problems located."""

    def open_binary(self, name: str) -> BinaryIO | None:
        """A weight file opened for reading its header, or None when its bytes are not available here
        (a Hub snapshot, a link out of the folder). Raises OSError when it cannot be opened."""

    def locate(self, name: str, line: int | None = None) -> Location:
        """Where a file of the repository is, as reports show it."""

    def within(self, reference: str) -> str:
        """A base model named by a relative path (`../base`), as the scan shows that folder when it is
        one of the scanned tree; anything else unchanged."""

    def host_metadata(self) -> HostMetadata | None:
        """What the host states apart from the files; None for a local folder."""

    def problems(self) -> Sequence[InputProblem]:
        """What went wrong listing the repository (link loops, files the host would not serve)."""
