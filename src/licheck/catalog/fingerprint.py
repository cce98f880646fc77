"""Identify a license text by its content.

A text is normalised (case, quotes, Markdown, bullets, wrapping and copyright lines do not matter),
cut into overlapping word 5-grams ("shingles"), and each shingle hashed to 32 bits. The rule set
ships the hashes of every reference text in text order (rules/fingerprints.json, built by
scripts/build_fingerprints.py); a text is compared with each by set overlap.

Scores: `coverage` is the share of the reference found in the text, `dice` the overlap relative to
both sizes, `order` the share of the common shingles that appear in the reference's order (the
longest increasing run of their reference positions). A reworded text loses shingles and a
reordered one loses order: neither can score as exact.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import re
import zlib
from array import array
from bisect import bisect_left
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

SHINGLE = 5
FORMAT_VERSION = 2  # 2: hashes in text order (order scores); 1 kept them sorted

EXACT = 0.95  # dice (and order) at or above: the same text, modulo formatting
CLOSE = 0.80  # dice at or above: the same license with local edits
MIN_COVERAGE = 0.60  # below this share of a reference present, it is not that license
TIE = 0.005  # two references this close are reported as equally likely
PROBE = 8  # every PROBE-th shingle of a reference is checked first, to skip references a text cannot match
ALSO_CONTAINED = 0.90  # another document (e.g. an appended AUP) at least this complete is reported too

_PUNCTUATION = str.maketrans(
    {
        "\u201c": '"',
        "\u201d": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u00a0": " ",
        "\u2013": "-",
        "\u2014": "-",
        "\u00a9": " copyright ",
    }
)
# A line that is only a copyright statement varies between copies of the same license.
_COPYRIGHT_LINE = re.compile(r"^[\s#>*_`|-]*(copyright\b|\(c\)\s*\d|©\s*\d)", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def words(text: str) -> list[str]:
    """The normalised word sequence of a text."""
    kept = [line for line in text.splitlines() if not (_COPYRIGHT_LINE.match(line) and len(line) < 200)]
    return _WORD.findall("\n".join(kept).translate(_PUNCTUATION).casefold())


def shingle_sequence(text: str) -> list[int]:
    """The shingle hashes of a text in text order, each once."""
    return sequence_of(words(text))


def sequence_of(normalised: list[str]) -> list[int]:
    """The shingle hashes of a normalised word sequence in text order, each once."""
    tokens = [w.encode() for w in normalised]
    if len(tokens) < SHINGLE:
        return [zlib.crc32(b" ".join(tokens))] if tokens else []
    crc32, join = zlib.crc32, b" ".join
    return list(dict.fromkeys([crc32(join(tokens[i : i + SHINGLE])) for i in range(len(tokens) - SHINGLE + 1)]))


def shingles(text: str) -> frozenset[int]:
    return frozenset(shingle_sequence(text))


def encode_hashes(hashes: list[int]) -> str:
    return base64.b64encode(array("I", hashes).tobytes()).decode("ascii")


def decode_hashes(blob: str) -> list[int]:
    values = array("I")
    values.frombytes(base64.b64decode(blob))
    return values.tolist()


def in_order(doc: list[int], positions: dict[int, int]) -> float:
    """The share of the document's shingles known to the reference that keep the reference's order."""
    ranks = [positions[h] for h in doc if h in positions]
    if not ranks:
        return 0.0
    tails: list[int] = []  # patience sorting: the longest increasing subsequence, O(n log n)
    for rank in ranks:
        i = bisect_left(tails, rank)
        tails[i : i + 1] = [rank]
    return len(tails) / len(ranks)


class Reference:
    """A reference text's fingerprint: its shingle hashes in text order, and as a set."""

    def __init__(self, license_id: str, reference: str, sequence: list[int]):
        self.license_id = license_id
        self.reference = reference  # the reference text's file name: tells editions of one license apart
        self.sequence = sequence
        self.probe = frozenset(sequence[::PROBE])

    @cached_property
    def hashes(self) -> frozenset[int]:
        # Built on first use: most references drop out at the probe, so a run never builds their sets.
        return frozenset(self.sequence)

    @cached_property
    def positions(self) -> dict[int, int]:
        return {h: i for i, h in enumerate(self.sequence)}


@dataclass(frozen=True)
class TextMatch:
    """How closely a text matches one reference text of a license (the scores of the module docstring)."""

    license_id: str
    reference: str
    dice: float
    coverage: float
    order: float = 1.0

    @property
    def grade(self) -> str:
        if self.dice >= EXACT and self.order >= EXACT:
            return "exact"
        if self.dice >= CLOSE:
            return "close"
        return "partial"


@dataclass(frozen=True)
class Identification:
    """The best match for a text, any equally close rival, and other documents found inside it."""

    best: TextMatch | None
    tied: tuple[TextMatch, ...] = ()
    contained: tuple[TextMatch, ...] = ()


class FingerprintIndex:
    def __init__(self, references: list[Reference]):
        self.references = references

    @classmethod
    def load(cls, path: Path) -> FingerprintIndex:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT_VERSION or data.get("shingle") != SHINGLE:
            raise ValueError(f"{path}: fingerprints were built by another format; run scripts/build_fingerprints.py")
        return cls([Reference(e["license"], e["reference"], decode_hashes(e["hashes"])) for e in data["entries"]])

    def _candidates(self, doc: frozenset[int]) -> list[Reference]:
        """The references a text may match: those with enough of their probe shingles in it.

        A reference needs MIN_COVERAGE of its shingles in the text, so about that share of its probe
        (every PROBE-th shingle) too. Half of that is the bar, so no match is lost to an uneven spread,
        while most references drop out before the full set comparison.
        """
        return [ref for ref in self.references if len(doc & ref.probe) >= 0.5 * MIN_COVERAGE * len(ref.probe)]

    def identify(self, text: str) -> Identification:
        return self.identify_words(words(text))

    def identify_words(self, normalised: list[str]) -> Identification:
        """A text given as its normalised word sequence (`words`)."""
        sequence = sequence_of(normalised)
        doc = frozenset(sequence)
        if not doc:
            return Identification(None)
        scored = []
        for ref in self._candidates(doc):
            common = len(doc & ref.hashes)
            coverage = common / len(ref.hashes)
            if coverage >= MIN_COVERAGE:
                dice = 2 * common / (len(doc) + len(ref.hashes))
                scored.append((TextMatch(ref.license_id, ref.reference, dice, coverage), ref))
        if not scored:
            return Identification(None)
        scored.sort(key=lambda pair: (-pair[0].dice, pair[0].license_id))
        best, best_ref = scored[0]
        if best.dice >= EXACT:  # only an otherwise exact match needs its order checked
            best = dataclasses.replace(best, order=in_order(sequence, best_ref.positions))
        tied = tuple(m for m, _ in scored[1:] if best.dice - m.dice <= TIE and m.license_id != best.license_id)
        named = {best.license_id, *(m.license_id for m in tied)}
        contained = []
        for match, ref in scored[1:]:
            if match.license_id in named or match.coverage < ALSO_CONTAINED:
                continue
            # Shared wording with the best match proves nothing; what only this document says must be present.
            own = ref.hashes - best_ref.hashes
            if own and len(doc & own) / len(own) < ALSO_CONTAINED:
                continue
            named.add(match.license_id)
            contained.append(match)
        return Identification(best, tied, tuple(contained))
