"""The rows of a dump of model metadata, each read on its own when it is checked (or named as a base):
JSON Lines (one Hub API model object per line), Parquet (the same fields as columns, read one row
group at a time; pyarrow, the `parquet` extra) or a folder of cards (`org__name.md`, as the corpus of
real cards stores them). Opening a dump indexes it (each row's place and
model id), so a row can be read again by position or by id without holding the rows in memory."""

from __future__ import annotations

import json
import os
from array import array
from bisect import bisect_right
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
    if path.suffix == ".parquet":
        return ParquetDump(path)
    raise DumpError(f"{path}: not a dump licheck reads (a .jsonl or .parquet file of model rows, or a folder of cards)")


class JsonLinesDump:
    def __init__(self, path: Path):
        self.name = str(path)
        self._path = path
        self._offsets = array("q")  # each row's first byte
        # each row's length in bytes, so that it is read at once rather than searched for its end;
        # MAX_ROW + 1 for a longer row, which is never read
        self._sizes = array("q")
        self._lines = array("q")  # each row's line number, for locating its problems
        self._ids: dict[str, int] = {}
        self._handle: tuple[int, IO[bytes]] | None = None  # (process id, file): a forked worker opens its own
        try:
            with open(path, "rb") as handle:
                for line_number, offset, line in _rows(handle):
                    self._offsets.append(offset)
                    self._sizes.append(MAX_ROW + 1 if line is None else len(line))
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
        size = self._sizes[position]
        if size > MAX_ROW:
            return RowRepository({}, where, f"larger than {MAX_ROW // (1024 * 1024)} MiB")
        handle = self._file()
        handle.seek(self._offsets[position])
        line = handle.read(size)
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


class ParquetDump:
    """A Parquet file of model rows. Opening it reads only the id columns; a row is read with its row
    group, and the last group read is kept (rows are checked in order), so memory holds one group."""

    def __init__(self, path: Path):
        try:
            from pyarrow import parquet
        except ImportError:
            raise DumpError(f"{path}: reading Parquet needs pyarrow: pip install 'licheck[parquet]'") from None
        self.name = str(path)
        try:
            self._file = parquet.ParquetFile(path)
        except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
            raise DumpError(f"{path}: cannot be read as Parquet: {exc}") from None
        metadata = self._file.metadata
        self._groups = array("q", [0])  # the first position of each row group, and the end
        for group in range(metadata.num_row_groups):
            self._groups.append(self._groups[-1] + metadata.row_group(group).num_rows)
        id_columns = [c for c in ("id", "modelId") if c in self._file.schema_arrow.names]
        self._ids: dict[str, int] = {}
        for group in range(metadata.num_row_groups) if id_columns else ():
            columns = self._file.read_row_group(group, columns=id_columns).to_pydict()
            for offset, ids in enumerate(zip(*columns.values(), strict=True)):
                model_id = next((i for i in ids if isinstance(i, str) and i), None)
                if model_id is not None:
                    self._ids.setdefault(model_id.casefold(), self._groups[group] + offset)
        self._kept: tuple[int, list[dict[str, object]]] | None = None  # (row group, its rows)

    def __len__(self) -> int:
        return self._groups[-1]

    def repository(self, position: int) -> RowRepository:
        group = bisect_right(self._groups, position) - 1
        if self._kept is None or self._kept[0] != group:
            self._kept = (group, self._file.read_row_group(group).to_pylist())
        where = f"{self.name}:row {position + 1}"
        return RowRepository(self._kept[1][position - self._groups[group]], where)

    def position(self, model_id: str) -> int | None:
        return self._ids.get(model_id.casefold())
