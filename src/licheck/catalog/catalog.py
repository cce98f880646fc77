"""The catalog: every license licheck knows, and how a declaration maps to one.

Declarations arrive in four forms: a Hub id or SPDX id/expression (`license:`), a free-text slug
(`license_name:`), a URL (`license_link:`), and a full text (LICENSE files). Each resolves to a
`Resolution`: the license ids it names, or why it names none.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import cached_property
from pathlib import Path
from urllib.parse import unquote, urlsplit

from licheck.catalog.fingerprint import FingerprintIndex, Identification
from licheck.catalog.license import License
from licheck.catalog.loader import RuleSet, load_rules, rules_dir
from licheck.catalog.well_known import WellKnownDataset, WellKnownModel

_SLUG_SEPARATORS = re.compile(r"[\s_/]+")
_EXPRESSION = re.compile(r"\s(AND|OR|WITH)\s|[()]", re.IGNORECASE)
_HF_HOSTS = {"huggingface.co", "hf.co"}
_QUANTIZED_SUFFIX = re.compile(r"-(gguf|awq|gptq(-int[48])?|mlx(-\d+bit)?|fp8|bnb-4bit)$")


@dataclass(frozen=True)
class Resolution:
    """What a declaration names.

    status: known | unknown | ambiguous (a family id) | placeholder (other/unknown/…) | local (a relative link)
    alternatives: the licensee's choices, each a set of licenses that all apply (an expression in
    disjunctive normal form: `(A OR B) AND C` is ((A, C), (B, C))). One license is ((A,),).
    """

    status: str
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


def normalise_slug(value: str) -> str:
    return _SLUG_SEPARATORS.sub("-", value.strip().casefold()).strip("-")


def normalise_url(url: str) -> str:
    """A comparable form of a license URL: scheme, www, branch, raw/blob views and trailing junk ignored."""
    url = url.strip().strip("<>\"'").rstrip(".,;:)]")
    parts = urlsplit(url if "://" in url else "https://" + url)
    host = parts.netloc.casefold().removeprefix("www.")
    path = unquote(parts.path).rstrip("/")
    segments = [s for s in path.split("/") if s]
    if host == "raw.githubusercontent.com" and len(segments) >= 3:
        host, segments = "github.com", segments[:2] + ["blob"] + segments[2:]
    if host in _HF_HOSTS:
        host = "huggingface.co"
    if len(segments) >= 4 and segments[2] in {"blob", "raw", "resolve", "tree"}:
        segments[2] = "blob"
        segments[3] = "main"  # master, main or a commit: the same file for identification purposes
    return (host + "/" + "/".join(segments)).casefold()


def _by_name(entries: dict) -> dict:
    """A table's entries under their id and every alias, case-folded."""
    return {name.casefold(): entry for entry in entries.values() for name in (entry.id, *entry.aliases)}


class Catalog:
    def __init__(self, rules: RuleSet, directory: Path):
        self.licenses = licenses = rules.licenses
        self._directory = directory
        self._models = _by_name(rules.models)
        self._datasets = _by_name(rules.datasets)
        # Hub ids naming a family of licenses, and values that say "see elsewhere" or nothing at all.
        self.families = rules.families
        self._family_names = {normalise_slug(n): f for f in rules.families.values() for n in (f.id, *f.aliases)}
        self._aliases: dict[str, str] = {}
        self._urls: dict[str, str] = {}
        for lic in licenses.values():
            for alias in (lic.id, lic.hub_id, lic.spdx_id, lic.license_ref, *lic.names):
                if alias:
                    self._aliases[normalise_slug(alias)] = lic.id
            for url in (lic.text_url, *lic.urls):
                if url:
                    self._urls.setdefault(normalise_url(url), lic.id)
        self._url_patterns = [(pattern, lic.id) for lic in licenses.values() for pattern in lic.url_patterns]

    @classmethod
    def load(cls, directory: Path | None = None) -> "Catalog":
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
        return (la.extends == b or lb.extends == a
                or (la.edition_of or la.id) == (lb.edition_of or lb.id))

    def well_known(self, model_id: str) -> WellKnownModel | None:
        return self._models.get(model_id.strip().casefold())

    def well_known_dataset(self, dataset_id: str) -> WellKnownDataset | None:
        return self._datasets.get(dataset_id.strip().casefold())

    @cached_property
    def _fingerprints(self) -> FingerprintIndex:
        # Loaded on first use: a scan with no license file never pays for it.
        return FingerprintIndex.load(self._directory / "fingerprints.json")

    def identify_text(self, text: str) -> Identification:
        return self._fingerprints.identify(text)

    # --- declarations -------------------------------------------------------------------------

    def resolve_id(self, value: str) -> Resolution:
        """A `license:` value: Hub id, SPDX id or expression, or a known alias."""
        slug = normalise_slug(value)
        if not slug:
            return Resolution("placeholder")
        family = self._family_names.get(slug)
        if family:
            return Resolution("placeholder" if family.kind == "placeholder" else "ambiguous",
                              suggestions=family.members)
        if slug in self._aliases:
            return Resolution("known", ((self._aliases[slug],),))
        if _EXPRESSION.search(value):
            return self._resolve_expression(value)
        return Resolution("unknown", suggestions=self.suggest(value))

    def resolve_name(self, value: str) -> Resolution:
        """A `license_name:` slug, free text chosen by the card's author."""
        slug = normalise_slug(value)
        family = self._family_names.get(slug)
        if not slug or (family and family.kind == "placeholder"):
            return Resolution("placeholder")
        if slug in self._aliases:
            return Resolution("known", ((self._aliases[slug],),))
        # Authors often append "-license" / "-license-agreement" to a known slug.
        trimmed = re.sub(r"-(license|licence)(-agreement)?$", "", slug)
        if trimmed != slug and trimmed in self._aliases:
            return Resolution("known", ((self._aliases[trimmed],),))
        return Resolution("unknown", suggestions=self.suggest(value))

    def resolve_link(self, value: str) -> Resolution:
        """A `license_link:` URL, or a path relative to the repository."""
        if "://" not in value and not value.startswith(("www.", "huggingface.co", "github.com")):
            return Resolution("local")
        key = normalise_url(value)
        if key in self._urls:
            return Resolution("known", ((self._urls[key],),))
        patterns = list(dict.fromkeys(lid for pattern, lid in self._url_patterns if fnmatchcase(key, pattern)))
        if len(patterns) == 1:
            return Resolution("known", ((patterns[0],),), via="a link pattern of the vendor's repositories")
        segments = key.split("/")
        # A link into a well-known model repository means that model's license.
        if segments[0] == "huggingface.co" and len(segments) >= 3:
            # The vendor's own quantized copy (org/name-GGUF) ships the license of org/name.
            for repo in dict.fromkeys((f"{segments[1]}/{segments[2]}",
                                       f"{segments[1]}/{_QUANTIZED_SUFFIX.sub('', segments[2])}")):
                model = self.well_known(repo)
                if model:
                    return Resolution("known", (model.licenses,), via=f"well-known model {model.id}")
        return Resolution("unknown")

    def _resolve_expression(self, value: str) -> Resolution:
        from license_expression import ExpressionError, get_spdx_licensing

        licensing = get_spdx_licensing()
        try:
            parsed = licensing.parse(value, validate=False, simple=False)
        except ExpressionError:
            return Resolution("unknown", suggestions=self.suggest(value))
        unknown: list[str] = []

        def choices(node) -> list[tuple[str, ...]]:
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
            return Resolution("unknown", suggestions=tuple(dict.fromkeys(unknown)))
        return Resolution("known", alternatives)

    def policy_owners(self, policy_id: str) -> tuple[str, ...]:
        """The licenses whose acceptable-use policy this document is (or an edition of it is)."""
        policy = self.get(policy_id)
        if policy is None or policy.kind != "acceptable-use-policy":
            return ()
        names = {policy.id, policy.edition_of} - {None}
        return tuple(sorted(lic.id for lic in self.licenses.values()
                            if lic.acceptable_use and lic.acceptable_use.policy in names))

    def family_guidance(self, value: str) -> str:
        """What to declare instead of a family id, with the family's known members."""
        family = self._family_names[normalise_slug(value)]
        members = f" Known members: {', '.join(family.members)}." if family.members else ""
        return family.guidance + members

    def suggest(self, value: str) -> tuple[str, ...]:
        """Close matches among known ids and aliases, for a "did you mean" hint."""
        matches = difflib.get_close_matches(normalise_slug(value), list(self._aliases), n=3, cutoff=0.75)
        return tuple(dict.fromkeys(self._aliases[m] for m in matches))
