"""Reading files from a scanned folder safely: bounded sizes, no escape through links, any encoding."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

from licheck.metadata import InputProblem, Location
from licheck.regular_files import read_regular
from licheck.repository import TextRead
from licheck.vocabulary import Severity


def inside(path: Path, root_real: str) -> bool:
    """True when `path`, with every link followed, stays under the scanned root."""
    real = os.path.realpath(path)
    return real == root_real or real.startswith(root_real.rstrip(os.sep) + os.sep)


def _links_out(path: Path, root_real: str) -> bool:
    try:
        return path.is_symlink() and not inside(path, root_real)
    except OSError:
        return False  # the folder cannot be searched (no execute bit): opening the file says why


def read_text(path: Path, location: Location, limit: int, root_real: str) -> TextRead:
    """Read up to `limit` bytes of a text file; report links that leave the root, and bad encodings."""
    if _links_out(path, root_real):
        return TextRead(
            None,
            (
                InputProblem(
                    f"'{path.name}' is a link to {os.path.realpath(path)}, outside the scanned folder; it was not read",
                    location,
                    "Replace the link with the file itself, or scan the folder the link points into.",
                    Severity.WARNING,
                ),
            ),
        )
    try:
        raw = read_regular(path, limit)
    except OSError as exc:
        return TextRead(
            None,
            (
                InputProblem(
                    f"cannot read '{path.name}': {exc.strerror or exc}",
                    location,
                    "Check the file's permissions and that it is a regular file.",
                ),
            ),
        )
    problems: list[InputProblem] = []
    if len(raw) > limit:
        raw = raw[:limit]
        problems.append(
            InputProblem(
                f"'{path.name}' is larger than {limit // 1024} KiB; only its beginning was read",
                location,
                "Keep metadata near the top of the file, or split the file.",
                Severity.WARNING,
            )
        )
    text, encoding_problem = decode(raw, path.name, location)
    if encoding_problem:
        problems.append(encoding_problem)
    return TextRead(text, tuple(problems))


def decode(raw: bytes, name: str, location: Location) -> tuple[str, InputProblem | None]:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16", errors="replace"), None
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problem = InputProblem(
            f"'{name}' is not valid UTF-8 (byte 0x{raw[exc.start]:02x} at line {line}); "
            "undecodable bytes were replaced",
            Location(location.path, line),
            "Save the file as UTF-8, as the Hub expects.",
            Severity.WARNING,
        )
        return raw.decode("utf-8", errors="replace"), problem
