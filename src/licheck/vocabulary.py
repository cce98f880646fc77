"""The closed vocabularies of the rule set and the reports, defined once.

Rule files, tables and reports spell these as strings; the code holds them as enums. The schemas in
rules/schema list the same values, and loading the rule set fails when the two disagree (see
`licheck.catalog.loader`), so a value the code does not handle can never be skipped silently.
"""

from __future__ import annotations

from enum import Enum


class Term(str, Enum):
    """A vocabulary value: compares and serialises as its string."""

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)


class Severity(Term):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        """0 for the most severe: the order reports list findings in."""
        return _SEVERITY_RANK[self]

    def at_least(self, other: Severity) -> bool:
        return self.rank <= other.rank


_SEVERITY_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


class Category(Term):
    """License categories, from least to most restrictive: the order in which the choices of an OR
    expression are ranked. `acceptable-use-policy` is the category of policy documents."""

    PUBLIC_DOMAIN = "public-domain"
    PERMISSIVE = "permissive"
    WEAK_COPYLEFT = "weak-copyleft"
    COPYLEFT = "copyleft"
    USE_RESTRICTED = "use-restricted"
    CONDITIONAL_COMMERCIAL = "conditional-commercial"
    NO_DERIVATIVES = "no-derivatives"
    NON_COMMERCIAL = "non-commercial"
    RESEARCH_ONLY = "research-only"
    ACCEPTABLE_USE_POLICY = "acceptable-use-policy"

    @property
    def restrictiveness(self) -> int:
        return list(Category).index(self)


class DerivativeTerms(Term):
    """What a license asks of derivatives: `any` lets them be licensed freely; `carry-over` keeps its
    terms applying whatever they declare; `share-alike` requires a compatible license;
    `no-derivatives` forbids sharing adaptations."""

    ANY = "any"
    CARRY_OVER = "carry-over"
    SHARE_ALIKE = "share-alike"
    NO_DERIVATIVES = "no-derivatives"

    @property
    def binds_derivatives(self) -> bool:
        return self is not DerivativeTerms.ANY


class OutputTrainingRule(Term):
    """What a license says about training other models on its model's outputs."""

    NAMING_AND_DISPLAY = "naming-and-display"
    NO_IMPROVING_OTHER_MODELS = "no-improving-other-models"
    DERIVATIVE_CAPTURE = "derivative-capture"
    NO_COMPETING_MODELS = "no-competing-models"
    NON_COMMERCIAL_ONLY = "non-commercial-only"


class Purpose(Term):
    NON_COMMERCIAL = "non-commercial"
    RESEARCH_ONLY = "research-only"
    NON_PRODUCTION = "non-production"


class Metric(Term):
    """The quantity a license threshold measures."""

    MONTHLY_ACTIVE_USERS = "monthly-active-users"
    ANNUAL_REVENUE_USD = "annual-revenue-usd"
    MONTHLY_REVENUE_USD = "monthly-revenue-usd"


class Relation(Term):
    """How a model relates to an ancestor: the Hub's `base_model_relation` values, plus `mirror` (a
    re-upload of the same weights), `distilled` (trained on the ancestor's outputs) and `dataset`
    (trained on it)."""

    FINETUNE = "finetune"
    ADAPTER = "adapter"
    MERGE = "merge"
    QUANTIZED = "quantized"
    MIRROR = "mirror"
    DISTILLED = "distilled"
    DATASET = "dataset"

    @property
    def keeps_weights(self) -> bool:
        """The same weights, repackaged: the vendor's own name is kept, so naming rules do not apply."""
        return self in (Relation.QUANTIZED, Relation.MIRROR)


# What a model card may state as `base_model_relation` (the Hub's own list).
CARD_RELATIONS = (Relation.ADAPTER, Relation.MERGE, Relation.QUANTIZED, Relation.FINETUNE)
# What the table of well-known models may state.
TABLE_RELATIONS = (Relation.FINETUNE, Relation.ADAPTER, Relation.MERGE, Relation.QUANTIZED, Relation.MIRROR)


class Strength(Term):
    """How far evidence of an undeclared base goes: strong (an exact architecture match, a sentence of the
    card naming the repository) can fail a model; weak (a family's shape, a name) only warns."""

    STRONG = "strong"
    WEAK = "weak"


class AncestorStatus(Term):
    RESOLVED = "resolved"
    UNRESOLVED = "unresolved"
    LOCAL_PATH = "local-path"
    CYCLE = "cycle"


class DeclarationStatus(Term):
    """What a license declaration names: one or more known licenses, nothing licheck knows, a family
    of licenses, a placeholder (`other`, `unknown`), or a file of the repository."""

    KNOWN = "known"
    UNKNOWN = "unknown"
    AMBIGUOUS = "ambiguous"
    PLACEHOLDER = "placeholder"
    LOCAL = "local"


# Vocabularies the rule schemas spell out, by the `$defs` name (or property path) they appear under.
SCHEMA_VOCABULARIES: dict[str, type[Term]] = {
    "category": Category,
    "derivativeTerms": DerivativeTerms,
    "outputTrainingRule": OutputTrainingRule,
    "purpose": Purpose,
    "metric": Metric,
}
