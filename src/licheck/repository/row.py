"""A model described by one row of a metadata dump (the Hub API's fields, as the public model-card
datasets hold them), presented as RepositoryFiles: the same reader turns it into the ModelMetadata a
folder or a Hub snapshot gives. The card's full text (`card`) is its README.md, a `config` mapping its
config.json, `cardData`, `tags` and `pipeline_tag` what the host states. A value of the wrong type is
a problem located on the row, and the rest of the row is still read."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import Any, BinaryIO

from licheck.metadata import InputProblem, Location
from licheck.repository import HostMetadata, TextRead
from licheck.vocabulary import Severity

CARD = "README.md"
CONFIG = "config.json"


class RowRepository:
    def __init__(self, row: Mapping[str, Any], where: str, unreadable: str | None = None):
        """`row`: the dump's fields; `where`: the row's place in the dump (`dump.jsonl:17`), for problems
        that belong to no file of the model; `unreadable`: why the row could not be read at all."""
        self.where = where
        self._problems: list[InputProblem] = []
        if unreadable is not None:
            self._problems.append(
                InputProblem(
                    f"the row could not be read ({unreadable}); nothing it says was checked",
                    Location(where),
                    "Correct the row in the dump.",
                )
            )
        model_id = self._string(row, "id") or self._string(row, "modelId")
        self.path = model_id or where
        self.folder_name = self.path.rsplit("/", 1)[-1]
        self._files: dict[str, str] = {}
        card = self._string(row, "card")
        if card is not None:
            self._files[CARD] = card
        config = self._typed(row, "config", dict)
        if config:
            self._files[CONFIG] = json.dumps(config)
        siblings = self._strings(row, "siblings", lambda s: s.get("rfilename") if isinstance(s, dict) else s)
        self._names = sorted({*siblings, *self._files})
        self._host = HostMetadata(
            self._typed(row, "cardData", dict) or {},
            tuple(self._strings(row, "tags", lambda tag: tag)),
            self._string(row, "pipeline_tag"),
        )
        if model_id is None and unreadable is None:
            self._problem("the row names no model (no 'id' or 'modelId'); it is reported by its place in the dump")

    def _problem(self, message: str) -> None:
        self._problems.append(
            InputProblem(message, Location(self.where), "Correct the row in the dump.", Severity.WARNING)
        )

    def _typed(self, row: Mapping[str, Any], key: str, kind: type) -> Any:
        value = row.get(key)
        if value is not None and not isinstance(value, kind):
            self._problem(f"the row's '{key}' is a {type(value).__name__}, not a {kind.__name__}; it was not read")
            return None
        return value

    def _string(self, row: Mapping[str, Any], key: str) -> str | None:
        value: str | None = self._typed(row, key, str)
        return value

    def _strings(self, row: Mapping[str, Any], key: str, name_of: Any) -> list[str]:
        items = self._typed(row, key, list) or []
        names = [name_of(item) for item in items]
        if not all(isinstance(name, str) for name in names):
            self._problem(f"the row's '{key}' holds values that are not names; those were not read")
        return [name for name in names if isinstance(name, str)]

    def file_names(self) -> list[str]:
        return self._names

    def read_text(self, name: str, limit: int) -> TextRead:
        text = self._files.get(name)
        if text is None or len(text) <= limit:  # characters: at least as many bytes, so never too few read
            return TextRead(text)
        problem = InputProblem(
            f"'{name}' is larger than {limit // 1024} KiB; only its beginning was read",
            self.locate(name),
            "A card this large is unusual: check that the row holds the card alone.",
            Severity.WARNING,
        )
        return TextRead(text[:limit], (problem,))

    def open_binary(self, name: str) -> BinaryIO | None:
        return None  # a dump lists weights, never holds them

    def locate(self, name: str, line: int | None = None) -> Location:
        return Location(os.path.join(self.path, name), line)

    def within(self, reference: str) -> str:
        return reference

    def host_metadata(self) -> HostMetadata:
        return self._host

    def problems(self) -> list[InputProblem]:
        return self._problems
