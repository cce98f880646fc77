"""A Hub repository at one commit, as licheck fetched it (licheck.hub.fetch), presented as
RepositoryFiles: the same reader then turns it into the ModelMetadata a local folder gives.

Files are located as `org/name/FILE`. Weights are listed, never read. Files the Hub would not serve
are reported as problems: a gated repository without access is a warning (its public metadata still
stands in for the card), any other failure an error.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, BinaryIO, Literal

from licheck.metadata import InputProblem, Location
from licheck.repository import HostMetadata, TextRead
from licheck.vocabulary import Severity

RepoType = Literal["model", "dataset"]


@dataclass(frozen=True)
class UnreadFile:
    """A file the snapshot lacks, and why the Hub did not serve it."""

    name: str
    reason: str
    gated: bool = False  # refused because the repository is gated and the token has no access
    limit: bool = False  # not fetched: beyond licheck's limit of files per repository


@dataclass(frozen=True)
class RepoSnapshot:
    repo_id: str
    sha: str
    card_data: Mapping[str, Any] = field(default_factory=dict)  # the Hub's parsed front matter: public even when gated
    tags: tuple[str, ...] = ()
    pipeline_tag: str | None = None
    gated: str | None = None  # None, "auto" or "manual"
    siblings: tuple[str, ...] = ()
    files: Mapping[str, str] = field(default_factory=dict)  # file name -> text
    unread: tuple[UnreadFile, ...] = ()
    from_cache: bool = False
    repo_type: RepoType = "model"

    @property
    def shown(self) -> str:
        return shown_repo(self.repo_id, self.repo_type)


def shown_repo(repo_id: str, repo_type: str, revision: str | None = None) -> str:
    """A repository as messages name it: org/name[@rev], datasets prefixed as on the Hub."""
    prefix = "datasets/" if repo_type == "dataset" else ""
    return f"{prefix}{repo_id}{'@' + revision if revision else ''}"


class SnapshotRepository:
    def __init__(self, snapshot: RepoSnapshot):
        self._snapshot = snapshot
        self.path = snapshot.shown
        self.folder_name = snapshot.repo_id.split("/")[-1]

    def file_names(self) -> list[str]:
        return sorted(self._snapshot.siblings)

    def read_text(self, name: str, limit: int) -> TextRead:
        text = self._snapshot.files.get(name)
        return TextRead(text[:limit] if text is not None else None)  # an unread file is one of problems()

    def open_binary(self, name: str) -> BinaryIO | None:
        return None  # weights are never downloaded

    def locate(self, name: str, line: int | None = None) -> Location:
        return Location(os.path.join(self.path, name), line)

    def within(self, reference: str) -> str:
        return reference

    def host_metadata(self) -> HostMetadata:
        return HostMetadata(self._snapshot.card_data, self._snapshot.tags, self._snapshot.pipeline_tag)

    def problems(self) -> list[InputProblem]:
        return [
            InputProblem(
                f"'{unread.name}' could not be read from the Hub ({unread.reason}); what it says was not checked",
                self.locate(unread.name),
                "Pass a token that has been granted access (HF_TOKEN or --token-file)."
                if unread.gated
                else "Run again; if it persists, check the repository on the Hub.",
                Severity.WARNING if unread.gated or unread.limit else Severity.ERROR,
            )
            for unread in self._snapshot.unread
        ]
