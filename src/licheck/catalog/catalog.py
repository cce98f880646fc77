"""The catalog: every license licheck knows, and how a declaration maps to one.

Declarations arrive in four forms: a Hub id or SPDX id/expression (`license:`), a free-text slug
(`license_name:`), a URL (`license_link:`), and a full text (LICENSE files). Each resolves to a
`Resolution`: the license ids it names, or why it names none.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import cached_property
from pathlib import Path
from typing import Any

from licheck.catalog.fingerprint import FingerprintIndex, Identification, words
from licheck.catalog.fingerprints import ArchitectureFingerprint
from licheck.catalog.identified_cache import IdentifiedCache
from licheck.catalog.license import License
from licheck.catalog.loader import RuleSet, load_rules, rules_dir
from licheck.catalog.names import normalise_slug, normalise_url
from licheck.catalog.well_known import WellKnownDataset, WellKnownModel
from licheck.metadata import Declaration
from licheck.vocabulary import Category, DeclarationStatus

_EXPRESSION = re.compile(r"\s(AND|OR|WITH)\s|[()]", re.IGNORECASE)
_QUANTIZED_SUFFIX = re.compile(r"-(gguf|awq|gptq(-int[48])?|mlx(-\d+bit)?|fp8|bnb-4bit)$")


@dataclass(frozen=True)
class Resolution:
    """What a declaration names.

    alternatives: the licensee's choices, each a set of licenses that all apply (an expression in
    disjunctive normal form: `(A OR B) AND C` is ((A, C), (B, C))). One license is ((A,),).
    """

    status: DeclarationStatus
    alternatives: tuple[tuple[str, ...], ...] = ()
    suggestions: tuple[str, ...] = ()
    via: str | None = None  # how an indirect match was made, e.g. "well-known model meta-llama/Llama-3.1-8B"

    @property
    def licenses(self) -> tuple[str, ...]:
        """Every license the declaration names, in order of appearance."""
        return tuple(dict.fromkeys(i for alternative in self.alternatives for i in alternative))

    @property
    def is_choice(self) -> bool:
        return len(self.alternatives) > 1


_IDENTIFIED_KEPT = 512  # distinct texts whose identification is remembered for the run


def _content_key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _by_name(entries: dict[str, Any]) -> dict[str, Any]:
    """A table's entries under their id and every alias, case-folded."""
    return {name.casefold(): entry for entry in entries.values() for name in (entry.id, *entry.aliases)}


# Did-you-mean work per run: a hint for up to this many distinct values, none longer than any real id.
MAX_SUGGESTIONS = 1_000
MAX_SUGGESTED_LENGTH = 64


class Catalog:
    def __init__(self, rules: RuleSet, directory: Path):
        self.licenses = rules.licenses
        self._directory = directory
        self._models = _by_name(rules.models)
        self._datasets = _by_name(rules.datasets)
        # Hub ids naming a family of licenses, and values that say "see elsewhere" or nothing at all.
        self.families = rules.families
        self._rules = rules
        self.name_patterns = rules.name_patterns
        self._family_names = {normalise_slug(n): f for f in rules.families.values() for n in (f.id, *f.aliases)}
        self._aliases = {normalise_slug(a): license_id for license_id, names in rules.aliases.items() for a in names}
        self._suggestions: dict[str, tuple[str, ...]] = {}  # did-you-mean answers of this run, by slug
        self._identified: dict[bytes, Identification] = {}

    @property
    def architectures(self) -> tuple[ArchitectureFingerprint, ...]:
        return self._rules.architectures

    @cached_property
    def _urls(self) -> dict[str, str]:
        """Each license's URLs, normalised. Built on first use (~1.5 ms, and every License): most cards
        declare no link."""
        urls: dict[str, str] = {}
        for lic in self.licenses.values():
            for url in (lic.text_url, *lic.urls):
                if url:
                    urls.setdefault(normalise_url(url), lic.id)
        return urls

    @cached_property
    def _url_patterns(self) -> list[tuple[str, str]]:
        return [(pattern, lic.id) for lic in self.licenses.values() for pattern in lic.url_patterns]

    @classmethod
    def load(cls, directory: Path | None = None) -> Catalog:
        directory = directory or rules_dir()
        return cls(load_rules(directory), directory)

    def get(self, license_id: str) -> License | None:
        return self.licenses.get(license_id)

    def is_license(self, license_id: str) -> bool:
        """A known license, as opposed to an acceptable-use policy or an unknown id."""
        lic = self.get(license_id)
        return lic is not None and lic.kind == "license"

    def related(self, a: str, b: str) -> bool:
        """The same license, one is the other plus added terms (`extends`), or both are editions of one
        license (`edition_of`)."""
        if a == b:
            return True
        la, lb = self.get(a), self.get(b)
        if not (la and lb):
            return False
        return la.extends == b or lb.extends == a or (la.edition_of or la.id) == (lb.edition_of or lb.id)

    def keeps_terms(self, declared: str, base: License) -> bool:
        """Whether a derivative declared under `declared` keeps the terms of `base`: the same license (or an
        edition of it), or one that `base` names as compatible for derivatives."""
        return self.related(declared, base.id) or declared in (base.derivatives.compatible if base.derivatives else ())

    def compatible(self, a: License, b: License) -> bool:
        """Either license names the other as one derivatives may use (GPL-3.0 lists AGPL-3.0, not the reverse)."""
        return self.keeps_terms(a.id, b) or self.keeps_terms(b.id, a)

    @cached_property
    def display_phrases(self) -> dict[str, tuple[License, ...]]:
        """Each display phrase a license requires (lower-cased), with the licenses requiring it: a card
        showing "Built with Llama" shows the terms of one of them."""
        phrases: dict[str, list[License]] = {}
        for lic in self.licenses.values():
            if lic.display and lic.display.text:
                phrases.setdefault(lic.display.text.casefold(), []).append(lic)
        return {phrase: tuple(sorted(found, key=lambda lic: lic.id)) for phrase, found in phrases.items()}

    def well_known(self, model_id: str) -> WellKnownModel | None:
        return self._models.get(model_id.strip().casefold())

    def well_known_dataset(self, dataset_id: str) -> WellKnownDataset | None:
        return self._datasets.get(dataset_id.strip().casefold())

    @cached_property
    def _fingerprints(self) -> FingerprintIndex:
        # Loaded on first use: a scan with no license file never pays for it.
        return FingerprintIndex.load(self._directory / "fingerprints.json")

    @cached_property
    def _identified_between_runs(self) -> IdentifiedCache:
        return IdentifiedCache(self._directory / "fingerprints.json", frozenset(self.licenses))

    def identify_text(self, text: str) -> Identification:
        """The license a text is, remembered by content: a tree repeats the same LICENSE many times, and
        a folder read as a base and as a model is identified once. The exact text is looked up first (the
        cheapest key), then the normalised text, which copies differing in copyright lines, wrapping or
        quotes share, in this run and in the cache directory between runs."""
        exact_key = _content_key(text)
        found = self._identified.get(exact_key)
        if found is None:
            normalised = words(text)
            key = _content_key(" ".join(normalised))
            found = self._identified.get(key) or self._identified_between_runs.get(key)
            if found is None:
                found = self._fingerprints.identify_words(normalised)
                self._identified_between_runs.put(key, found)
            self._remember(key, found)
            self._remember(exact_key, found)
        return found

    def _remember(self, key: bytes, found: Identification) -> None:
        if len(self._identified) >= _IDENTIFIED_KEPT:
            self._identified.clear()
        self._identified[key] = found

    def shipped_licenses(self, text: str) -> tuple[str, ...]:
        """The documents a license file is (its best match and any complete document appended to it),
        or nothing when it matches no reference closely enough."""
        result = self.identify_text(text)
        if result.best is None or result.best.grade == "partial":
            return ()
        return tuple(m.license_id for m in (result.best, *result.contained))

    def resolve_declaration(self, declaration: Declaration) -> Resolution:
        if declaration.form == "id":
            return self.resolve_id(declaration.value)
        if declaration.form == "name":
            return self.resolve_name(declaration.value)
        return self.resolve_link(declaration.value)

    def chosen(self, resolution: Resolution) -> tuple[str, ...]:
        """The licenses a declaration applies: for a choice (`A OR B`), the least restrictive alternative,
        since the licensee may pick it; an alternative is as restrictive as its most restrictive license."""

        def rank(license_id: str) -> int:
            lic = self.get(license_id)
            return lic.category.restrictiveness if lic else len(Category)

        return min(resolution.alternatives, key=lambda alternative: max(map(rank, alternative)))

    # --- declarations -------------------------------------------------------------------------

    def resolve_id(self, value: str) -> Resolution:
        """A `license:` value: Hub id, SPDX id or expression, or a known alias."""
        slug = normalise_slug(value)
        if not slug:
            return Resolution(DeclarationStatus.PLACEHOLDER)
        family = self._family_names.get(slug)
        if family:
            return Resolution(
                DeclarationStatus.PLACEHOLDER if family.kind == "placeholder" else DeclarationStatus.AMBIGUOUS,
                suggestions=family.members,
            )
        if slug in self._aliases:
            return Resolution(DeclarationStatus.KNOWN, ((self._aliases[slug],),))
        if _EXPRESSION.search(value):
            return self._resolve_expression(value)
        return Resolution(DeclarationStatus.UNKNOWN, suggestions=self.suggest(value))

    def resolve_name(self, value: str) -> Resolution:
        """A `license_name:` slug, free text chosen by the card's author."""
        slug = normalise_slug(value)
        family = self._family_names.get(slug)
        if not slug or (family and family.kind == "placeholder"):
            return Resolution(DeclarationStatus.PLACEHOLDER)
        if slug in self._aliases:
            return Resolution(DeclarationStatus.KNOWN, ((self._aliases[slug],),))
        # Authors often append "-license" / "-license-agreement" to a known slug.
        trimmed = re.sub(r"-(license|licence)(-agreement)?$", "", slug)
        if trimmed != slug and trimmed in self._aliases:
            return Resolution(DeclarationStatus.KNOWN, ((self._aliases[trimmed],),))
        return Resolution(DeclarationStatus.UNKNOWN, suggestions=self.suggest(value))

    def resolve_link(self, value: str) -> Resolution:
        """A `license_link:` URL, or a path relative to the repository."""
        if "://" not in value and not value.startswith(("www.", "huggingface.co", "github.com")):
            return Resolution(DeclarationStatus.LOCAL)
        key = normalise_url(value)
        if key in self._urls:
            return Resolution(DeclarationStatus.KNOWN, ((self._urls[key],),))
        patterns = list(dict.fromkeys(lid for pattern, lid in self._url_patterns if fnmatchcase(key, pattern)))
        if len(patterns) == 1:
            return Resolution(
                DeclarationStatus.KNOWN, ((patterns[0],),), via="a link pattern of the vendor's repositories"
            )
        segments = key.split("/")
        # A link into a well-known model repository means that model's license.
        if segments[0] == "huggingface.co" and len(segments) >= 3:
            # The vendor's own quantized copy (org/name-GGUF) ships the license of org/name.
            for repo in dict.fromkeys(
                (f"{segments[1]}/{segments[2]}", f"{segments[1]}/{_QUANTIZED_SUFFIX.sub('', segments[2])}")
            ):
                model = self.well_known(repo)
                if model:
                    return Resolution(DeclarationStatus.KNOWN, (model.licenses,), via=f"well-known model {model.id}")
        return Resolution(DeclarationStatus.UNKNOWN)

    def _resolve_expression(self, value: str) -> Resolution:
        from license_expression import ExpressionError, get_spdx_licensing

        licensing = get_spdx_licensing()
        try:
            parsed = licensing.parse(value, validate=False, simple=False)
        except ExpressionError:
            return Resolution(DeclarationStatus.UNKNOWN, suggestions=self.suggest(value))
        unknown: list[str] = []

        def choices(node: Any) -> list[tuple[str, ...]]:
            if isinstance(node, licensing.OR):
                return [alt for arg in node.args for alt in choices(arg)]
            if isinstance(node, licensing.AND):
                combined: list[tuple[str, ...]] = [()]
                for arg in node.args:
                    combined = [left + right for left in combined for right in choices(arg)]
                return combined
            # `X WITH exception` grants more than X alone; X's own terms are what licheck checks.
            key = node.license_symbol.key if hasattr(node, "license_symbol") else node.key
            license_id = self._aliases.get(normalise_slug(key))
            if license_id is None:
                unknown.append(key)
                return [()]
            return [(license_id,)]

        alternatives = tuple(dict.fromkeys(tuple(dict.fromkeys(alt)) for alt in choices(parsed)))
        if unknown:
            return Resolution(DeclarationStatus.UNKNOWN, suggestions=tuple(dict.fromkeys(unknown)))
        return Resolution(DeclarationStatus.KNOWN, alternatives)

    def policy_owners(self, policy_id: str) -> tuple[str, ...]:
        """The licenses whose acceptable-use policy this document is (or an edition of it is)."""
        policy = self.get(policy_id)
        if policy is None or policy.kind != "acceptable-use-policy":
            return ()
        names = {policy.id, policy.edition_of} - {None}
        return tuple(
            sorted(
                lic.id for lic in self.licenses.values() if lic.acceptable_use and lic.acceptable_use.policy in names
            )
        )

    def family_guidance(self, value: str) -> str:
        """What to declare instead of a family id, with the family's known members."""
        family = self._family_names[normalise_slug(value)]
        members = f" Known members: {', '.join(family.members)}." if family.members else ""
        return family.guidance + members

    def suggest(self, value: str) -> tuple[str, ...]:
        """Close matches among known ids and aliases, for a "did you mean" hint.

        Each comparison costs about a millisecond, so the work is bounded: values longer than any
        real id get no hint, each value is compared once per run, and at most MAX_SUGGESTIONS values."""
        slug = normalise_slug(value)
        if len(slug) > MAX_SUGGESTED_LENGTH:
            return ()
        if slug not in self._suggestions:
            if len(self._suggestions) >= MAX_SUGGESTIONS:
                return ()
            import difflib  # imported for an unknown value only: a run whose declarations are known never pays for it

            matches = difflib.get_close_matches(slug, list(self._aliases), n=3, cutoff=0.75)
            self._suggestions[slug] = tuple(dict.fromkeys(self._aliases[m] for m in matches))
        return self._suggestions[slug]
