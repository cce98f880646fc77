"""License-text identifications kept between runs, in the cache directory.

A repository's LICENSE rarely changes between runs, and the Hub repeats the same few texts millions
of times: each identification is stored under the hash of the normalised text, in a folder named by
the fingerprints it was made with (and licheck's version), so that new fingerprints miss every old
entry. An entry is validated when read; a damaged one is a miss, identified again and replaced.
"""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path
from typing import Any

from licheck import __version__
from licheck.cache import default_cache_dir, read_json, write_json
from licheck.catalog.fingerprint import FORMAT_VERSION, Identification, TextMatch


def fingerprints_key(fingerprints: Path) -> str:
    """The version of the identifications a fingerprint file gives."""
    digest = hashlib.sha256(f"{__version__}/{FORMAT_VERSION}\0".encode())
    with contextlib.suppress(OSError):  # unreadable: loading the fingerprints will say so
        digest.update(fingerprints.read_bytes())
    return digest.hexdigest()[:32]


def _match(m: TextMatch) -> list[Any]:
    return [m.license_id, m.reference, m.dice, m.coverage, m.order]


def _read_match(value: Any, known: frozenset[str]) -> TextMatch:
    license_id, reference, *scores = value  # ValueError or TypeError when not a 5-item list
    if len(scores) != 3 or not (isinstance(license_id, str) and isinstance(reference, str)) or license_id not in known:
        raise ValueError("not a match")
    if not all(isinstance(s, float | int) and not isinstance(s, bool) and 0 <= s <= 1 for s in scores):
        raise ValueError("not a score")
    return TextMatch(license_id, reference, *(float(s) for s in scores))


class IdentifiedCache:
    def __init__(self, fingerprints: Path, known: frozenset[str], root: Path | None = None):
        self._folder = (root or default_cache_dir()) / "identified" / fingerprints_key(fingerprints)
        self._known = known  # license ids of the rule set: an entry naming another is not this rule set's
        self._written = False

    def _path(self, text_key: bytes) -> Path:
        return self._folder / f"{text_key.hex()}.json"

    def get(self, text_key: bytes) -> Identification | None:
        data = read_json(self._path(text_key))
        if data is None or data.get("text") != text_key.hex():
            return None
        try:
            best = data["best"]
            return Identification(
                None if best is None else _read_match(best, self._known),
                tuple(_read_match(m, self._known) for m in data["tied"]),
                tuple(_read_match(m, self._known) for m in data["contained"]),
            )
        except (KeyError, TypeError, ValueError):
            return None  # damaged or hand-edited: identified again

    def put(self, text_key: bytes, found: Identification) -> None:
        if not self._written:
            self._written = True
            self._drop_other_versions()
        write_json(
            self._path(text_key),
            {
                "text": text_key.hex(),
                "best": None if found.best is None else _match(found.best),
                "tied": [_match(m) for m in found.tied],
                "contained": [_match(m) for m in found.contained],
            },
        )

    def _drop_other_versions(self) -> None:
        import shutil  # imported when new fingerprints replace old entries: once per rule-set change

        with contextlib.suppress(OSError):  # another user's or a read-only cache: it only costs disk space
            for old in self._folder.parent.iterdir():
                if old != self._folder:
                    shutil.rmtree(old, ignore_errors=True)
