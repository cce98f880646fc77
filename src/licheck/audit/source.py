"""The rows of a dump of model metadata, each read on its own when it is checked (or named as a base):
JSON Lines (one Hub API model object per line) or a folder of cards (`org__name.md`, as the corpus of
real cards and the public card datasets store them). Opening a dump indexes it (each row's place and
model id), so a row can be read again by position or by id without holding the rows in memory."""

from __future__ import annotations

import json
import os
from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Protocol

from licheck.repository.row import RowRepository

MAX_ROW = 16 * 1024 * 1024  # bytes: a row is its card (the reader reads 2 MiB of it) and a few fields
_SKIP = 1024 * 1024  # the rest of a row beyond MAX_ROW is skipped in pieces of this size


class Dump(Protocol):
    name: str

    def __len__(self) -> int: ...

    def repository(self, position: int) -> RowRepository:
        """The row at `position` (0-based, in the dump's order)."""

    def position(self, model_id: str) -> int | None:
        """The row whose model is `model_id` (case-insensitive), if the dump holds one."""


class DumpError(Exception):
    """The dump cannot be read at all (missing, unreadable, not a format licheck reads)."""


def open_dump(path: Path) -> Dump:
    if path.is_dir():
        return CardFolderDump(path)
    if path.suffix in (".jsonl", ".ndjson", ".json"):
        return JsonLinesDump(path)
    raise DumpError(f"{path}: not a dump licheck reads (a .jsonl file of model rows, or a folder of cards)")


class JsonLinesDump:
    def __init__(self, path: Path):
        self.name = str(path)
        self._path = path
        self._offsets = array("q")  # each row's first byte
        self._lines = array("q")  # each row's line number, for locating its problems
        self._ids: dict[str, int] = {}
        self._handle: tuple[int, IO[bytes]] | None = None  # (process id, file): a forked worker opens its own
        try:
            with open(path, "rb") as handle:
                for line_number, offset, line in _rows(handle):
                    self._offsets.append(offset)
                    self._lines.append(line_number)
                    model_id = _model_id(line)
                    if model_id is not None:
                        self._ids.setdefault(model_id.casefold(), len(self._offsets) - 1)
        except OSError as exc:
            raise DumpError(f"{path}: cannot be read: {exc.strerror or exc}") from None

    def __len__(self) -> int:
        return len(self._offsets)

    def _file(self) -> IO[bytes]:
        if self._handle is None or self._handle[0] != os.getpid():
            self._handle = (os.getpid(), open(self._path, "rb"))  # noqa: SIM115 - kept open for the run
        return self._handle[1]

    def repository(self, position: int) -> RowRepository:
        where = f"{self.name}:{self._lines[position]}"
        handle = self._file()
        handle.seek(self._offsets[position])
        line = handle.readline(MAX_ROW + 1)
        if len(line) > MAX_ROW:
            return RowRepository({}, where, f"larger than {MAX_ROW // (1024 * 1024)} MiB")
        try:
            row = json.loads(line)
        except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError
            return RowRepository({}, where, f"not JSON: {exc}")
        if not isinstance(row, dict):
            return RowRepository({}, where, f"a JSON {type(row).__name__}, not an object")
        return RowRepository(row, where)

    def position(self, model_id: str) -> int | None:
        return self._ids.get(model_id.casefold())


def _rows(handle: IO[bytes]) -> Iterator[tuple[int, int, bytes | None]]:
    """(line number, offset, line) of each non-empty line; a line beyond MAX_ROW is skipped, as None."""
    line_number = 0
    while True:
        offset = handle.tell()
        line = handle.readline(MAX_ROW + 1)
        if not line:
            return
        line_number += 1
        if len(line) > MAX_ROW:
            while (rest := handle.readline(_SKIP)) and not rest.endswith(b"\n"):
                pass
            yield line_number, offset, None
        elif line.strip():
            yield line_number, offset, line


def _model_id(line: bytes | None) -> str | None:
    if line is None:
        return None
    try:
        row = json.loads(line)
    except ValueError:
        return None
    model_id = row.get("id") or row.get("modelId") if isinstance(row, dict) else None
    return model_id if isinstance(model_id, str) else None


class CardFolderDump:
    """A folder of model cards, each `org__name.md` (the model `org/name`) or `name.md`."""

    def __init__(self, folder: Path):
        self.name = str(folder)
        try:
            self._cards = sorted(p for p in folder.iterdir() if p.suffix == ".md" and p.is_file())
        except OSError as exc:
            raise DumpError(f"{folder}: cannot be listed: {exc.strerror or exc}") from None
        self._ids = {self._model_id(p).casefold(): i for i, p in enumerate(self._cards)}

    @staticmethod
    def _model_id(card: Path) -> str:
        return card.stem.replace("__", "/", 1)

    def __len__(self) -> int:
        return len(self._cards)

    def repository(self, position: int) -> RowRepository:
        card = self._cards[position]
        try:
            with open(card, "rb") as handle:
                raw = handle.read(MAX_ROW + 1)
        except OSError as exc:
            return RowRepository({"id": self._model_id(card)}, str(card), f"cannot be read: {exc.strerror or exc}")
        if len(raw) > MAX_ROW:
            return RowRepository({"id": self._model_id(card)}, str(card), f"larger than {MAX_ROW // (1024 * 1024)} MiB")
        return RowRepository({"id": self._model_id(card), "card": raw.decode("utf-8", "replace")}, str(card))

    def position(self, model_id: str) -> int | None:
        return self._ids.get(model_id.casefold())
