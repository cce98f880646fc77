"""Metadata from weight-file headers: GGUF key/values and the safetensors `__metadata__` block.

Only headers are read, with hard limits, so a 70 GB file costs what a 7 MB one does, and a header
that lies about its sizes ends in a located problem, never a huge allocation or a hang.
Pickle-based formats (.bin, .pt, .ckpt) are listed but never opened.

The `gguf` package could parse GGUF, but it memory-maps the whole file, needs NumPy, and trusts
the header's counts; the format's key/value section is simple enough to walk with limits here.
"""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass, field
from typing import BinaryIO

from licheck.metadata import InputProblem, Location
from licheck.metadata.architecture import gguf_keeps
from licheck.untrusted_json import UntrustedJsonError, loads

SAFETENSORS_HEADER_LIMIT = 16 * 1024 * 1024
GGUF_HEADER_LIMIT = 128 * 1024 * 1024  # bytes of the key/value section read at most
GGUF_MAX_KEYS = 100_000
# Values walked per header (keys and array items). Skipping a string costs a read and a seek, so a
# 200 MiB sparse file claiming 2^40 empty strings would take ~40 s; real headers (a 256k-token
# vocabulary and its merges) walk well under a million.
GGUF_MAX_VALUES = 1_000_000
GGUF_MAX_KEY = 65_535  # the GGUF specification's limit on a key's length
GGUF_KEPT_STRING = 64 * 1024  # longer strings (chat templates) are skipped, not kept

# A Git LFS pointer (git-lfs docs/spec.md): a text file under 1024 bytes whose first line names the
# spec version, compared as a plain string (hawser was the spec's earlier name). A checkout without
# LFS, such as actions/checkout without `lfs: true`, leaves these where the weights would be.
LFS_POINTER_VERSIONS = (b"version https://git-lfs.github.com/spec/v1\n", b"version https://hawser.github.com/spec/v1\n")
LFS_POINTER_LIMIT = 1024

_GGUF_MAGIC = b"GGUF"
# value type -> struct format of a fixed-size scalar
_GGUF_SCALARS = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?", 10: "<Q", 11: "<q", 12: "<d"}
_GGUF_STRING, _GGUF_ARRAY = 8, 9


@dataclass
class WeightHeader:
    """The metadata of a GGUF or safetensors header, and what went wrong reading it."""

    metadata: dict[str, object] = field(default_factory=dict)
    problems: list[InputProblem] = field(default_factory=list)
    values_walked: int = 0  # the work reading it took, for a model's budget across its headers
    lfs_pointer: bool = False  # the file is a Git LFS pointer: the weights themselves are not here


def is_lfs_pointer(handle: BinaryIO) -> bool:
    """Whether an opened weight file is a Git LFS pointer; the handle is left at the file's start.
    A read error answers False: the header reader then reports it."""
    try:
        head = handle.read(LFS_POINTER_LIMIT)
        handle.seek(0)
    except OSError:
        return False
    return len(head) < LFS_POINTER_LIMIT and head.startswith(LFS_POINTER_VERSIONS)


class _BadHeader(Exception):
    pass


class _Reader:
    def __init__(self, handle: BinaryIO, size: int, limit: int):
        self.handle, self.size, self.limit = handle, size, limit
        self.values_left = GGUF_MAX_VALUES

    def spend(self, values: int) -> None:
        """Count values walked against the header's budget."""
        self.values_left -= values
        if self.values_left < 0:
            raise _BadHeader(f"the header holds more than {GGUF_MAX_VALUES:,} values; licheck stops reading there")

    def _check(self, count: int) -> int:
        position = self.handle.tell()
        if count < 0 or position + count > self.size:
            raise _BadHeader(
                f"the header claims {count} bytes at offset {position}, past the end of the file ({self.size} bytes)"
            )
        return position

    def take(self, count: int) -> bytes:
        position = self._check(count)
        if position + count > self.limit:  # only reads are capped: skipping is a seek and costs nothing
            raise _BadHeader(f"the header runs past {self.limit // (1024 * 1024)} MiB; licheck stops reading there")
        data = self.handle.read(count)
        if len(data) != count:
            raise _BadHeader(f"the file ends at offset {position + len(data)} inside the header")
        return data

    def skip(self, count: int) -> None:
        self._check(count)
        self.handle.seek(count, os.SEEK_CUR)

    def unpack(self, fmt: str) -> int | float | bool:
        value: int | float | bool = struct.unpack(fmt, self.take(struct.calcsize(fmt)))[0]
        return value

    def count(self, fmt: str) -> int:
        value = self.unpack(fmt)
        assert isinstance(value, int)  # every count format is an unsigned integer format
        return value


def read_gguf(handle: BinaryIO, location: Location) -> WeightHeader:
    header = WeightHeader()
    reader = _Reader(handle, os.fstat(handle.fileno()).st_size, GGUF_HEADER_LIMIT)
    try:
        if reader.size < 8 or reader.take(4) != _GGUF_MAGIC:
            raise _BadHeader("the file does not start with the GGUF magic bytes")
        version = reader.count("<I")
        if version not in (1, 2, 3):
            raise _BadHeader(f"unsupported GGUF version {version}")
        count_fmt = "<I" if version == 1 else "<Q"
        reader.count(count_fmt)  # tensor count: not needed
        kv_count = reader.count(count_fmt)
        if kv_count > GGUF_MAX_KEYS:
            raise _BadHeader(f"the header claims {kv_count} metadata keys (at most {GGUF_MAX_KEYS} are read)")
        for _ in range(kv_count):
            reader.spend(1)
            key = _gguf_key(reader, count_fmt)
            kept = key.startswith("general.") or gguf_keeps(key)  # the general keys, the shape, the pre-tokenizer
            value = _gguf_value(reader, reader.count("<I"), count_fmt, keep=kept)
            if kept and value is not None:
                header.metadata[key] = value
    except _BadHeader as exc:
        header.problems.append(
            InputProblem(
                f"GGUF header unreadable: {exc}; the metadata before that point was kept",
                location,
                "Re-export the file with a current GGUF writer, or check that the download is complete.",
            )
        )
    except OSError as exc:
        header.problems.append(
            InputProblem(f"cannot read GGUF file: {exc.strerror or exc}", location, "Check the file's permissions.")
        )
    header.values_walked = GGUF_MAX_VALUES - max(reader.values_left, 0)
    return header


def _gguf_key(reader: _Reader, count_fmt: str) -> str:
    length = reader.count(count_fmt)
    if length > GGUF_MAX_KEY:
        raise _BadHeader(f"a key of {length:,} bytes (the GGUF format allows {GGUF_MAX_KEY:,})")
    return reader.take(length).decode("utf-8", errors="replace")


def _gguf_string(reader: _Reader, count_fmt: str, keep: bool) -> str | None:
    length = reader.count(count_fmt)
    if not keep or length > GGUF_KEPT_STRING:
        reader.skip(length)
        return None
    return reader.take(length).decode("utf-8", errors="replace")


def _gguf_value(reader: _Reader, value_type: int, count_fmt: str, keep: bool) -> int | float | bool | str | None:
    if value_type in _GGUF_SCALARS:
        return reader.unpack(_GGUF_SCALARS[value_type])
    if value_type == _GGUF_STRING:
        return _gguf_string(reader, count_fmt, keep)
    if value_type == _GGUF_ARRAY:
        item_type = reader.count("<I")
        count = reader.count(count_fmt)
        if item_type in _GGUF_SCALARS:
            reader.skip(count * struct.calcsize(_GGUF_SCALARS[item_type]))
        elif item_type == _GGUF_STRING:
            reader.spend(count)  # before the walk: a lying count ends here, not after billions of seeks
            for _ in range(count):  # each string carries its own length: walk, keep none
                reader.skip(reader.count(count_fmt))
        else:
            raise _BadHeader(f"array of unsupported value type {item_type}")
        return None
    raise _BadHeader(f"unknown value type {value_type}")


def _json_kind(value: object) -> str:
    kinds = ((bool, "a boolean"), (int, "a number"), (float, "a number"), (str, "a string"), (list, "an array"))
    return next((name for kind, name in kinds if isinstance(value, kind)), "null")


def read_safetensors(handle: BinaryIO, location: Location) -> WeightHeader:
    header = WeightHeader()
    try:
        size = os.fstat(handle.fileno()).st_size
        prefix = handle.read(8)
        if len(prefix) < 8:
            raise _BadHeader("the file is shorter than the 8-byte header length")
        length = struct.unpack("<Q", prefix)[0]
        if length > SAFETENSORS_HEADER_LIMIT or length + 8 > size:
            raise _BadHeader(
                f"the header claims {length} bytes (file {size} bytes, licheck reads at most "
                f"{SAFETENSORS_HEADER_LIMIT // (1024 * 1024)} MiB)"
            )
        document = loads(handle.read(length).decode("utf-8"))
        if not isinstance(document, dict):  # the format's header is an object of tensors and __metadata__
            raise _BadHeader(f"the header is {_json_kind(document)}, not the JSON object of tensors")
    except _BadHeader as exc:
        header.problems.append(
            InputProblem(
                f"safetensors header unreadable: {exc}",
                location,
                "Check that the file is complete and really is safetensors.",
            )
        )
        return header
    except (UntrustedJsonError, UnicodeDecodeError) as exc:
        header.problems.append(
            InputProblem(
                f"safetensors header is not valid JSON: {exc}",
                location,
                "Check that the file is complete and really is safetensors.",
            )
        )
        return header
    except OSError as exc:
        header.problems.append(
            InputProblem(
                f"cannot read safetensors file: {exc.strerror or exc}", location, "Check the file's permissions."
            )
        )
        return header
    meta = document.get("__metadata__")
    if isinstance(meta, dict):
        header.metadata = {str(k): v for k, v in meta.items() if isinstance(v, str)}
    return header
