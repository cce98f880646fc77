"""Evidence of a base model the card does not declare: the weights' shape, the model's name and the
card's prose. A model's metadata often hides where it came from (a Llama 2 fine-tune tagged `mit` with
no `base_model`); these say it all the same.

- The **architecture** (config.json, a GGUF header) is strong evidence when it equals a well-known
  base's fingerprint exactly, weak when it matches a family's shape but not one size (a changed
  vocabulary, an extended context).
- A **name** (`Llama-3.1`, `L2`, `Mixtral`, `flux-dev`) is weak: it narrows what the architecture says,
  never overrides it.
- **Prose** that says what the model derives from ("a fine-tuned version of", "based on", "a merge of",
  "quantized from", "LoRA for", "distilled from") and names a Hub repository is strong. Comparisons
  ("outperforms", "compared to", benchmark tables) never count.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from licheck.catalog.catalog import Catalog
from licheck.catalog.fingerprints import ArchitectureFingerprint
from licheck.metadata import Location, ModelMetadata
from licheck.metadata.architecture import Architecture, Value
from licheck.vocabulary import Strength

EvidenceKind = Literal["architecture", "name", "prose", "display"]

# The keys that fix a model's size: all must be stated and equal for any match.
_CORE = (
    ("hidden_size", "n_embd"),
    ("num_hidden_layers", "n_layer"),
    ("num_attention_heads", "n_head"),
)
_MORE_CORE = ("num_key_value_heads", "intermediate_size", "n_inner")
# Keys a derivative may change while keeping its base's weights: added tokens, a longer context.
_VARIANT = frozenset(
    {
        "vocab_size",
        "max_position_embeddings",
        "rope_scaling_type",
        "rope_scaling_factor",
        "rope_theta",
        "tie_word_embeddings",
        "sliding_window",
        "architectures",
        "n_positions",
    }
)
# A family match must keep at least one of these from its base (a vocabulary or a rope base).
_IDENTITY = ("vocab_size", "rope_theta")
_MIN_EXACT_KEYS = 7

_DERIVATION = re.compile(
    r"\b(fine[- ]?tuned? (?:version )?(?:of|from)|finetune of|based on|trained on top of|built on top of|"
    r"continued pre-?training of|merged? (?:from|of)|quantized (?:version )?(?:of|from)|"
    r"quantizations? of|quants? of|gguf (?:version )?of|lora (?:for|of)|adapter (?:for|of)|"
    r"distilled from|derived from)\b",
    # matched against the lower-cased card: an IGNORECASE pattern with this many alternatives is slow.
    # "a merge of" needs no alternative of its own: "merge of" names the same repository after it.
)
_DERIVATION_STARTS = (
    "fine",
    "based on",
    "trained on top",
    "built on top",
    "continued pre",
    "merge",
    "quant",
    "gguf",
    "lora",
    "adapter",
    "distilled",
    "derived",
)
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
# Sentences that compare the model with others, or speak of the card itself, name models it is not made from.
_NOT_LINEAGE = re.compile(
    r"\b(outperform\w*|compared (?:to|with)|comparison|versus|vs\.?|better than|than|model card|card was)\b",
    re.IGNORECASE,
)
_REPO = re.compile(
    r"(?:https?://(?:www\.)?(?:huggingface\.co|hf\.co)/|(?<![\w./-]))"
    r"([A-Za-z0-9][A-Za-z0-9._-]{1,95}/[A-Za-z0-9][A-Za-z0-9._-]{1,95})"
)
_NOT_MODELS = ("datasets/", "spaces/", "docs/", "blog/", "papers/")  # Hub links that name no model
_PROSE_WINDOW = 160  # characters after a derivation phrase in which the repository must be named


@dataclass(frozen=True)
class Evidence:
    """One sign of the base a model derives from (its shape, its name, its prose, a display phrase), where
    it was found, and how strong it is."""

    kind: EvidenceKind
    detail: str
    location: Location
    strength: Strength


@dataclass(frozen=True)
class InferredBase:
    """A base the evidence points at, the other bases it allows, and the evidence itself."""

    model_id: str
    candidates: tuple[str, ...]
    evidence: tuple[Evidence, ...]

    @property
    def strength(self) -> Strength:
        return Strength.STRONG if any(e.strength is Strength.STRONG for e in self.evidence) else Strength.WEAK


@dataclass(frozen=True)
class _ShapeMatch:
    """A base whose architecture fingerprint the model's config matches, exactly or by family."""

    fingerprint: ArchitectureFingerprint
    exact: bool
    compared: int
    differing: int = 0


def infer_bases(metadata: ModelMetadata, catalog: Catalog) -> list[InferredBase]:
    """The bases the evidence points at. Prose naming repositories wins (the author said so); else the
    architecture, narrowed by the name; else the name alone."""
    names = _name_evidence(metadata, catalog)
    shape = _shape_evidence(metadata.architecture, catalog)
    body = metadata.card_body
    lowered = _lowered(body.value) if body is not None else ""  # searched by the prose and the display phrases
    prose = _prose_evidence(metadata, catalog, lowered)
    known = [(repo, said) for repo, said in prose if catalog.well_known(repo)]
    if known or (prose and not shape):
        supporting = (shape[0][1],) if shape else ()
        return [InferredBase(repo, (repo,), (said, *supporting)) for repo, said in known or prose]
    displayed = _display_evidence(metadata, catalog, lowered)
    if shape:
        candidates = [fp for fp, _ in shape]
        named = [fp for fp in candidates if any(fp.family == family for family, _, _ in names)]
        shown = [fp for fp in named or candidates if any(_under(fp, licenses) for licenses, _ in displayed)]
        chosen = shown or named or candidates
        narrowing = [e for family, _, e in names if any(fp.family == family for fp in chosen)]
        narrowing += [e for licenses, e in displayed if any(_under(fp, licenses) for fp in chosen)]
        ids = tuple(dict.fromkeys(fp.id for fp in chosen))
        return [InferredBase(ids[0], ids, (shape[0][1], *narrowing))]
    if names:
        _, base, named_by = names[0]
        return [InferredBase(base, (base,), (named_by,))]
    for licenses, shown_by in displayed:
        bases = tuple(
            dict.fromkeys(
                fp.id for lic in licenses for fp in catalog.architectures if not fp.shape_of and lic in fp.licenses
            )
        )
        if bases:
            return [InferredBase(bases[0], bases, (shown_by,))]
    return []


def _under(fingerprint: ArchitectureFingerprint, licenses: tuple[str, ...]) -> bool:
    return any(lic in fingerprint.licenses for lic in licenses)


def contradicted(metadata: ModelMetadata, catalog: Catalog) -> list[tuple[str, Evidence]]:
    """Declared bases whose fingerprint the model's shape does not have, while it has another base's
    exactly: (the declared id, the evidence against it)."""
    architecture = metadata.architecture
    if architecture is None:
        return []
    by_id = _by_id(catalog.architectures)
    exact = [m for m in _matches(architecture, catalog.architectures) if m.exact]
    found = []
    for base in metadata.bases:
        declared = by_id.get(base.model_id.casefold())
        if declared is None or not exact or any(m.fingerprint.family == declared.family for m in exact):
            continue
        other = exact[0].fingerprint
        detail = (
            f"{_where(architecture)} has the exact shape of {other.id} ({other.family}), not of the declared "
            f"base {base.model_id} ({declared.family})"
        )
        found.append((base.model_id, Evidence("architecture", detail, architecture.location, Strength.STRONG)))
    return found


def _by_id(fingerprints: Sequence[ArchitectureFingerprint]) -> dict[str, ArchitectureFingerprint]:
    """Each fingerprint under its id and the ids sharing it, case-folded; built once per table."""
    if _BY_ID and _BY_ID[0][0] is fingerprints:
        return _BY_ID[0][1]
    by_id = {i.casefold(): fp for fp in fingerprints for i in (fp.id, *fp.also)}
    _BY_ID[:] = [(fingerprints, by_id)]
    return by_id


_BY_ID: list[tuple[Sequence[ArchitectureFingerprint], dict[str, ArchitectureFingerprint]]] = []


def _where(architecture: Architecture) -> str:
    name = architecture.location.path.rsplit("/", 1)[-1]
    return f"the GGUF header of {name}" if architecture.gguf_architecture else name


def _shape_evidence(
    architecture: Architecture | None, catalog: Catalog
) -> list[tuple[ArchitectureFingerprint, Evidence]]:
    """Fingerprints the shape matches, with the evidence: exact matches (and the bases sharing their
    shape) when there are any, else the family matches."""
    if architecture is None:
        return []
    matches = _matches(architecture, catalog.architectures)
    exact = [m for m in matches if m.exact]
    where = _where(architecture)
    if exact:
        chosen = sorted((m.fingerprint for m in exact), key=lambda fp: fp.shape_of is not None)  # bases first
        shared = {i.casefold() for fp in chosen for i in fp.shares_shape_with}
        chosen += [fp for fp in catalog.architectures if fp.id.casefold() in shared and fp not in chosen]
        also = f"; the same shape as {', '.join(fp.id for fp in chosen[1:])}" if len(chosen) > 1 else ""
        detail = f"{where} has the exact shape of {chosen[0].id} ({exact[0].compared} keys){also}"
        evidence = Evidence("architecture", detail, architecture.location, Strength.STRONG)
        return [(fp, evidence) for fp in chosen]
    # The closest family matches: fewest keys changed, bases before the derivatives listed with their shape.
    fewest = min((m.differing for m in matches), default=0)
    closest = [m.fingerprint for m in matches if m.differing == fewest]
    fingerprints = [fp for fp in closest if not fp.shape_of] or closest
    families = list(dict.fromkeys(fp.family for fp in fingerprints))
    if len(families) != 1:
        return []  # no match, or a shape several families have: no family is evidenced
    detail = (
        f"{where} has the shape of the {families[0]} family ({fingerprints[0].id}), with a changed vocabulary "
        "or context"
    )
    evidence = Evidence("architecture", detail, architecture.location, Strength.WEAK)
    return [(fp, evidence) for fp in fingerprints]


def _matches(architecture: Architecture, fingerprints: Sequence[ArchitectureFingerprint]) -> list[_ShapeMatch]:
    """The fingerprints a shape matches, remembered by shape: a tree of fine-tunes repeats one config."""
    key = (architecture.values, id(fingerprints))
    kept = _MATCHED.get(key)
    if kept is not None and kept[0] is fingerprints:  # the same table, not one reborn at its address
        return kept[1]
    if len(_MATCHED) >= _MATCHED_KEPT:
        _MATCHED.clear()
    found = _match(architecture.as_dict(), fingerprints)
    _MATCHED[key] = (fingerprints, found)
    return found


_MATCHED: dict[tuple[object, int], tuple[Sequence[ArchitectureFingerprint], list[_ShapeMatch]]] = {}
_MATCHED_KEPT = 256


def _match(model: dict[str, Value], fingerprints: Sequence[ArchitectureFingerprint]) -> list[_ShapeMatch]:
    found = []
    width = model.get("hidden_size", model.get("n_embd"))
    for fp in fingerprints:
        ref = fp.as_dict
        if ref.get("hidden_size", ref.get("n_embd")) != width:
            continue  # the cheap test first: most fingerprints differ in width
        core = [next((k for k in keys if k in ref), None) for keys in _CORE]
        core_keys = [k for k in core if k] + [k for k in _MORE_CORE if k in ref]
        if len(core_keys) < 3 or any(k not in model or not _same(model[k], ref[k]) for k in core_keys):
            continue
        if "model_type" in ref and "model_type" in model and model["model_type"] != ref["model_type"]:
            continue
        common = [k for k in ref if k in model]
        differing = {k for k in common if not _same(model[k], ref[k])}
        if not differing and len(common) >= _MIN_EXACT_KEYS:
            found.append(_ShapeMatch(fp, True, len(common)))
        elif differing <= _VARIANT and any(k in ref and k in model and _same(model[k], ref[k]) for k in _IDENTITY):
            found.append(_ShapeMatch(fp, False, len(common), len(differing)))
    return found


def _same(a: Value, b: Value) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return math.isclose(float(a), float(b), rel_tol=1e-9)
    return a == b


def _name_evidence(metadata: ModelMetadata, catalog: Catalog) -> list[tuple[str, str, Evidence]]:
    """(family, base, evidence) for the first name pattern each of the model's names matches."""
    named: list[tuple[str, Location]] = []
    if metadata.model_name:
        named.append((metadata.model_name.value, metadata.model_name.location))
    named.append(
        (
            metadata.path.rstrip("/").rsplit("/", 2)[-1] if "/" in metadata.path else metadata.path,
            metadata.card or Location(metadata.path),
        )
    )
    named.append((metadata.folder_name, metadata.card or Location(metadata.path)))
    found: list[tuple[str, str, Evidence]] = []
    for index, (name, location) in enumerate(named):
        if any(name == earlier for earlier, _ in named[:index]):
            continue  # a folder named as the repository: the same pattern, whose family is listed already
        pattern = next((p for p in catalog.name_patterns if p.pattern.search(name)), None)
        if pattern and pattern.family not in {f for f, _, _ in found}:
            detail = f"the name '{name}' names the {pattern.family} family"
            found.append((pattern.family, pattern.base, Evidence("name", detail, location, Strength.WEAK)))
    return found


def _prose_evidence(metadata: ModelMetadata, catalog: Catalog, lowered: str) -> list[tuple[str, Evidence]]:
    """Repositories the card's prose says the model derives from, each with the sentence's line. A
    repository counts when it is linked on the Hub or is a model licheck knows: a bare `a/b` in prose
    may be anything ("and/or"). Only the sentences around a derivation phrase are read. `lowered`: the
    prose lower-cased (_lowered)."""
    body = metadata.card_body
    if body is None or body.location.line is None:
        return []
    text = body.value
    found: dict[str, tuple[str, Evidence]] = {}
    for phrase in _derivation_phrases(lowered):
        start, end = _sentence_around(text, phrase.start(), phrase.end())
        sentence = text[start:end]
        if sentence.lstrip().startswith("|") or _NOT_LINEAGE.search(sentence):
            continue  # a benchmark table or a comparison names models the card is measured against
        repo = _REPO.search(text, phrase.end(), min(end, phrase.end() + _PROSE_WINDOW))
        if repo is None:
            continue
        repo_id = repo.group(1).rstrip(".,;:)").removesuffix(".git")
        linked = repo.group(0) != repo.group(1)
        key = repo_id.casefold()
        if key.startswith(_NOT_MODELS) or key == metadata.path.casefold() or key in found:
            continue
        if not (linked or catalog.well_known(repo_id)):
            continue
        line = body.location.line + text.count("\n", 0, phrase.start())
        quoted = " ".join(sentence.split())[:160]
        evidence = Evidence("prose", f'the card says "{quoted}"', Location(body.location.path, line), Strength.STRONG)
        found[key] = (repo_id, evidence)
    return list(found.values())


def _display_evidence(
    metadata: ModelMetadata, catalog: Catalog, lowered: str
) -> list[tuple[tuple[str, ...], Evidence]]:
    """(the licenses, the evidence) for each display phrase a license requires that the card's prose shows:
    "Built with Llama" is in the Llama 3.1, 3.2, 3.3 and 4 terms alone. Weak: it names licenses, not a
    model, and a card may quote the phrase while discussing the terms."""
    body = metadata.card_body
    if body is None or body.location.line is None:
        return []
    text = body.value
    found = []
    for phrase, licenses in catalog.display_phrases.items():
        position = _phrase_at(lowered, phrase)
        if position < 0:
            continue
        ids = tuple(lic.id for lic in licenses)
        sections = sorted({lic.display.section for lic in licenses if lic.display and lic.display.section})
        line = body.location.line + text.count("\n", 0, position)
        detail = (
            f'the card shows "{text[position : position + len(phrase)]}", the phrase the {", ".join(ids)} '
            f"license{'s' if len(ids) > 1 else ''} require{'' if len(ids) > 1 else 's'} ({', '.join(sections)})"
        )
        found.append((ids, Evidence("display", detail, Location(body.location.path, line), Strength.WEAK)))
    return found


def _phrase_at(lowered: str, phrase: str) -> int:
    """Where the phrase first stands on its own: not inside a longer name ("Built with Llama.cpp",
    "Built with LlamaIndex") nor followed by a version ("Built with Llama 2" names another model)."""
    position = lowered.find(phrase)
    while position >= 0:
        after = lowered[position + len(phrase) : position + len(phrase) + 3]
        before = lowered[position - 1] if position else " "
        alone = not (before.isalnum() or (after[:1] and (after[0].isalnum() or after[0] == "_")))
        if alone and not _CONTINUED.match(after):
            return position
        position = lowered.find(phrase, position + 1)
    return -1


_CONTINUED = re.compile(r"[.\-/][a-z0-9]| +\d")


def _lowered(text: str) -> str:
    lowered = text.lower()
    if len(lowered) != len(text):  # a character that lower-cases to two: keep every offset of the text
        return text.translate(_ASCII_LOWER)
    return lowered


def _derivation_phrases(lowered: str) -> list[re.Match[str]]:
    """The derivation phrases of a lower-cased card, in order. Each phrase begins with one of a few words,
    found with str.find: a regular expression scanning every position of a long card is the slow part."""
    found: dict[int, re.Match[str]] = {}
    for word in _DERIVATION_STARTS:
        position = lowered.find(word)
        while position >= 0:
            phrase = _DERIVATION.match(lowered, position)
            if phrase and (position == 0 or not lowered[position - 1].isalnum()):
                found[position] = phrase
            position = lowered.find(word, position + 1)
    return [found[p] for p in sorted(found)]


def _sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the sentence holding text[start:end]: a line ends a sentence (cards are lists and
    tables), and so does a full stop followed by a space."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    # searched within the line only: a long card holds no "! " or "? " from one end to the other
    left = max((text.rfind(p, line_start, start) for p in (". ", "! ", "? ")), default=-1)
    ends = [i for i in (text.find(p, end, line_end) for p in (". ", "! ", "? ")) if i >= 0]
    return max(left + 1, line_start), min(ends, default=line_end)
