"""The rows of a dump of model metadata, each read on its own when it is checked (or named as a base):
JSON Lines (one Hub API model object per line), Parquet (the same fields as columns, read one row
group at a time; pyarrow, the `parquet` extra) or a folder of cards (`org__name.md`, as the corpus of
real cards stores them). Opening a dump indexes it (each row's place, and its model id in a
PositionIndex of a few bytes a row), so a row can be read again by position or by id without holding
the rows, or their ids, in memory."""

from __future__ import annotations

import json
import os
from array import array
from bisect import bisect_right
from collections.abc import Iterator
from json.decoder import scanstring  # type: ignore[attr-defined]  # the C decoder's string reader
from pathlib import Path
from typing import IO, Protocol

from licheck.position_index import PositionIndex
from licheck.regular_files import open_regular
from licheck.repository.row import RowRepository

MAX_ROW = 16 * 1024 * 1024  # bytes: a row is its card (the reader reads 2 MiB of it) and a few fields
_HEAD = 4096  # bytes of a row decoded for its model id before the whole row is parsed
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
        self._handle: tuple[int, IO[bytes]] | None = None  # (process id, file): a forked worker opens its own
        self._last: tuple[int, RowRepository] | None = None  # the row read last
        ids = _IdHashes()
        try:
            with open_regular(path) as handle:  # a FIFO named like a dump never blocks the audit
                for line_number, offset, length, model_id in _rows(handle):
                    ids.add(model_id, len(self._offsets))
                    self._offsets.append(offset)
                    self._sizes.append(length)
                    self._lines.append(line_number)
        except OSError as exc:
            raise DumpError(f"{path}: cannot be read: {exc.strerror or exc}") from None
        self._ids = ids.index()

    def __len__(self) -> int:
        return len(self._offsets)

    def _file(self) -> IO[bytes]:
        if self._handle is None or self._handle[0] != os.getpid():
            self._handle = (os.getpid(), open(self._path, "rb"))  # noqa: SIM115 - kept open for the run
        return self._handle[1]

    def repository(self, position: int) -> RowRepository:
        if self._last is None or self._last[0] != position:  # a base is read to confirm its id, then for itself
            self._last = (position, self._read(position))
        return self._last[1]

    def _read(self, position: int) -> RowRepository:
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
        return _confirmed(self, self._ids, model_id)


def _confirmed(dump: Dump, index: PositionIndex, model_id: str) -> int | None:
    """The first row (in the dump's order) that names the model as parsed: the index only points."""
    key = model_id.casefold()
    for position in index.candidates(hash(key)):
        if dump.repository(position).path.casefold() == key:  # path: the row's id (or its place, if none)
            return position
    return None


class _IdHashes:
    """The model ids of a dump's rows while it is indexed, kept as hashes (the ids themselves would cost
    a hundred bytes a row); made into a PositionIndex once the rows are counted."""

    def __init__(self) -> None:
        self._hashes = array("q")
        self._rows = array("q")

    def add(self, model_id: str | None, row: int) -> None:
        if model_id:
            self._hashes.append(hash(model_id.casefold()))
            self._rows.append(row)

    def index(self) -> PositionIndex:
        index = PositionIndex(len(self._rows))
        for key_hash, row in zip(self._hashes, self._rows, strict=True):
            index.add(key_hash, row)
        return index


def _rows(handle: IO[bytes]) -> Iterator[tuple[int, int, int, str | None]]:
    """(line number, offset, length, model id) of each non-empty line; a line beyond MAX_ROW is skipped
    (length MAX_ROW + 1, no id). Read, not mapped: a dump cut short while it is read ends the rows; a
    mapped one would kill the process."""
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
            yield line_number, offset, MAX_ROW + 1, None
        elif line.strip():
            yield line_number, offset, len(line), _model_id(line)


def _model_id(line: bytes) -> str | None:
    """The model a row names, for the index. Read from the row's leading members when they are strings (the
    Hub API's rows begin `{"_id": …, "id": …`), so the card after them, often the most of the row, is
    never decoded; a row laid out otherwise is parsed whole. The index only points at rows: a lookup
    confirms the id on the row as parsed, so a row that names its `id` twice is missed, never mistaken."""
    try:
        settled, model_id = _leading_id(line[:_HEAD].decode("utf-8"))
        if settled:
            return model_id
    except (ValueError, IndexError):  # not JSON, or the head ends inside a value or a character
        pass
    try:
        row = json.loads(line)
    except ValueError:
        return None
    model_id = row.get("id") or row.get("modelId") if isinstance(row, dict) else None
    return model_id if isinstance(model_id, str) else None


def _leading_id(text: str) -> tuple[bool, str | None]:
    """Whether a JSON object's leading string members settle `row.get("id") or row.get("modelId")`, and
    its value. Not settled when a member before the answer is not a string, or the text is no object."""
    at = _skip_space(text, 0)
    if text[at] != "{":
        return False, None
    model_id = None
    at += 1
    while True:
        at = _skip_space(text, at)
        if text[at] != '"':
            return False, None
        key: str
        value: str
        key, at = scanstring(text, at + 1)
        at = _skip_space(text, at)
        if text[at] != ":":
            return False, None
        at = _skip_space(text, at + 1)
        if text[at] != '"':
            return False, None
        value, at = scanstring(text, at + 1)
        if key == "id" and value:
            return True, value
        if key == "modelId" and value and model_id is None:
            model_id = value
        at = _skip_space(text, at)
        if text[at] == "}":
            return True, model_id
        if text[at] != ",":
            return False, None
        at += 1


def _skip_space(text: str, at: int) -> int:
    while text[at] in " \t\n\r":
        at += 1
    return at


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
        with_ids = _IdHashes()
        for group in range(metadata.num_row_groups) if id_columns else ():
            columns = self._file.read_row_group(group, columns=id_columns).to_pydict()
            for offset, ids in enumerate(zip(*columns.values(), strict=True)):
                with_ids.add(next((i for i in ids if isinstance(i, str) and i), None), self._groups[group] + offset)
        self._ids = with_ids.index()
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
        return _confirmed(self, self._ids, model_id)
