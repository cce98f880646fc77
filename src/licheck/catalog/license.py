"""Typed, read-only view of one rule file (rules/licenses/<id>.yaml).

The YAML is validated against rules/schema/license.schema.json before it gets here, so these
constructors trust the shape and only translate it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from licheck.vocabulary import Category, DerivativeTerms, Metric, OutputTrainingRule, Purpose


@dataclass(frozen=True)
class Clause:
    """A fact of the license with the section it comes from."""

    section: str
    note: str | None = None


@dataclass(frozen=True)
class Permission(Clause):
    """Whether the license grants something (commercial use, derivatives, redistribution, patents…)."""

    value: str = "yes"  # yes | no | conditional


@dataclass(frozen=True)
class PurposeLimit(Clause):
    """The purposes the license limits use to, e.g. non-commercial."""

    value: Purpose = Purpose.NON_COMMERCIAL


@dataclass(frozen=True)
class TextClause(Clause):
    """A clause that carries an exact text: a notice line or a display phrase."""

    text: str = ""
    hosted_exempt: bool = False


@dataclass(frozen=True)
class Naming(Clause):
    """How a derivative must be named: the prefix its name must start with, and what triggers the rule."""

    prefix: str = ""
    triggers: tuple[str, ...] = ()
    repackaged: str | None = None  # why a quantization or mirror is not a model the rule names (None: it is)


@dataclass(frozen=True)
class Threshold(Clause):
    """A limit on a measure of the licensee (monthly active users, revenue) past which the grant changes."""

    metric: Metric = Metric.MONTHLY_ACTIVE_USERS
    limit: float = 0
    measured: str = ""
    consequence: str = ""
    commercial_only: bool = False  # the license applies it to commercial use only


@dataclass(frozen=True)
class TerritoryLimit(Clause):
    """Territories the license excludes, for every model or for multimodal ones only."""

    excluded: tuple[str, ...] = ()
    scope: str = "all-models"  # all-models | multimodal-models


@dataclass(frozen=True)
class AcceptableUse(Clause):
    """The acceptable-use policy the license binds to, and whether derivatives must pass it on."""

    policy: str | None = None
    url: str | None = None
    pass_through: bool = False


@dataclass(frozen=True)
class Derivatives(Clause):
    """The terms derivatives may be released under, and the licenses named as compatible."""

    terms: DerivativeTerms = DerivativeTerms.ANY
    compatible: tuple[str, ...] = ()


@dataclass(frozen=True)
class OutputTraining(Clause):
    """What the license requires of a model trained on outputs of a model under it."""

    rule: OutputTrainingRule = OutputTrainingRule.NAMING_AND_DISPLAY


@dataclass(frozen=True)
class License:
    """One rule file: the license's identifiers, its text's source, and each fact with its section."""

    id: str
    kind: str
    name: str
    family: str
    category: Category
    verified: bool
    version: str | None
    date: str | None
    extends: str | None
    edition_of: str | None
    notes: str | None
    hub_id: str | None
    spdx_id: str | None
    license_ref: str | None
    scancode_key: str | None
    names: tuple[str, ...]
    urls: tuple[str, ...]
    url_patterns: tuple[str, ...]
    text_url: str | None
    text_source: str
    references: tuple[str, ...]
    permissions: Mapping[str, Permission]
    purpose: PurposeLimit | None
    license_copy: Clause | None
    attribution: Clause | None
    notice: TextClause | None
    display: TextClause | None
    modification_notice: Clause | None
    registration: Clause | None
    naming: Naming | None
    thresholds: tuple[Threshold, ...]
    territory: tuple[TerritoryLimit, ...]
    acceptable_use: AcceptableUse | None
    derivatives: Derivatives | None
    output_training: OutputTraining | None
    file: str = field(compare=False, default="")

    @property
    def spdx_or_ref(self) -> str:
        """The id to use where an SPDX expression is expected."""
        return self.spdx_id or self.license_ref or f"LicenseRef-licheck-{self.id}"

    @property
    def official_url(self) -> str | None:
        """Where to read the license: its text's URL, else the first link recorded for it."""
        return self.text_url or (self.urls[0] if self.urls else None)

    @property
    def restricts_commercial_use(self) -> bool:
        return self.purpose_clause is not None

    def grants_beyond(self, other: License) -> str | None:
        """What this license lets a licensee do that `other` does not, with the clause of `other` that
        withholds it; None when it allows nothing more. Read from the rules' permissions and the terms
        that limit every use, never from a list of licenses."""
        for name in _USE_PERMISSIONS:
            mine, theirs = self.permissions.get(name), other.permissions.get(name)
            if mine and theirs and _GRANT_RANK[mine.value] > _GRANT_RANK[theirs.value]:
                return f"{name.replace('_', ' ')}: '{mine.value}' against '{theirs.value}' ({theirs.section})"
        if other.purpose_clause and not self.purpose_clause:
            purpose, section = other.purpose_clause
            return f"any purpose against {purpose} use only ({section})"
        limits = (
            ("use restrictions", other.acceptable_use, self.acceptable_use),
            (
                "terms that bind derivatives",
                other.derivatives if other.derivative_terms.binds_derivatives else None,
                self.derivatives if self.derivative_terms.binds_derivatives else None,
            ),
            ("a user or revenue threshold", other.thresholds[0] if other.thresholds else None, self.thresholds),
            ("territorial limits", other.territory[0] if other.territory else None, self.territory),
        )
        for what, theirs_clause, mine_clause in limits:
            if theirs_clause is not None and not mine_clause:
                return f"no {what} against {theirs_clause.section}"
        return None

    def permission(self, name: str) -> str | None:
        p = self.permissions.get(name)
        return p.value if p else None

    @property
    def derivative_terms(self) -> DerivativeTerms:
        return self.derivatives.terms if self.derivatives else DerivativeTerms.ANY

    @property
    def purpose_clause(self) -> tuple[Purpose, str] | None:
        """What a license limits every use to, with its section: its purpose clause, or the refusal of
        commercial use read as non-commercial. None when commercial use is allowed."""
        if self.purpose:
            return self.purpose.value, self.purpose.section
        commercial = self.permissions.get("commercial_use")
        if commercial is not None and commercial.value == "no":
            return Purpose.NON_COMMERCIAL, commercial.section
        return None


# How much a permission grants, for comparing two licenses.
_GRANT_RANK = {"no": 0, "conditional": 1, "yes": 2}
# The permissions that say what a licensee may do with the model; the patent grant says what else the
# licensor licenses, so Apache-2.0 and MIT allow the same things.
_USE_PERMISSIONS = ("commercial_use", "derivatives", "redistribution")

_C = TypeVar("_C", bound=Clause)
# Clause fields that hold a vocabulary value, and its enum.
_VOCABULARY_FIELDS: dict[str, type[Any]] = {"metric": Metric, "terms": DerivativeTerms, "rule": OutputTrainingRule}


def _clause(cls: type[_C], data: Mapping[str, Any] | None) -> _C | None:
    if data is None:
        return None
    kwargs: dict[str, Any] = {k: (tuple(v) if isinstance(v, list) else v) for k, v in data.items()}
    for key, vocabulary in _VOCABULARY_FIELDS.items():
        if key in kwargs:
            kwargs[key] = vocabulary(kwargs[key])  # an unknown value raises ValueError: a load error
    if cls is PurposeLimit:
        kwargs["value"] = Purpose(kwargs["value"])
    return cls(**kwargs)


def _required(clause: _C | None) -> _C:
    assert clause is not None  # a list item is never null: the schema says so
    return clause


def _scancode_key(license_ref: str | None) -> str | None:
    prefix = "LicenseRef-scancode-"
    return license_ref[len(prefix) :] if license_ref and license_ref.startswith(prefix) else None


def aliases_from_data(data: Mapping[str, Any]) -> tuple[str, ...]:
    """The values a declaration may name the license by, as its rule file writes them: its id, Hub id,
    SPDX id, LicenseRef and other names. Read from the data: the catalog indexes them without building
    the License."""
    ids = data.get("identifiers", {})
    named = (data["id"], ids.get("hub"), ids.get("spdx"), ids.get("license_ref"), *ids.get("names", ()))
    return tuple(alias for alias in named if alias)


def license_from_data(data: Mapping[str, Any], file: str) -> License:
    ids = data.get("identifiers", {})
    text = data["text"]
    cond = data.get("conditions", {})
    return License(
        id=data["id"],
        kind=data["kind"],
        name=data["name"],
        family=data["family"],
        category=Category(data["category"]),
        verified=data["verified"],
        version=data.get("version"),
        date=data.get("date"),
        extends=data.get("extends"),
        edition_of=data.get("edition_of"),
        notes=data.get("notes"),
        hub_id=ids.get("hub"),
        spdx_id=ids.get("spdx"),
        license_ref=ids.get("license_ref"),
        scancode_key=ids.get("scancode") or _scancode_key(ids.get("license_ref")),
        names=tuple(ids.get("names", ())),
        urls=tuple(ids.get("urls", ())),
        url_patterns=tuple(ids.get("url_patterns", ())),
        text_url=text.get("url"),
        text_source=text["source"],
        references=tuple(text.get("references", ())),
        permissions={k: _required(_clause(Permission, v)) for k, v in data.get("permissions", {}).items()},
        purpose=_clause(PurposeLimit, cond.get("purpose")),
        license_copy=_clause(Clause, cond.get("license_copy")),
        attribution=_clause(Clause, cond.get("attribution")),
        notice=_clause(TextClause, cond.get("notice")),
        display=_clause(TextClause, cond.get("display")),
        modification_notice=_clause(Clause, cond.get("modification_notice")),
        registration=_clause(Clause, cond.get("registration")),
        naming=_clause(Naming, cond.get("naming")),
        thresholds=tuple(_required(_clause(Threshold, t)) for t in cond.get("thresholds", ())),
        territory=tuple(_required(_clause(TerritoryLimit, t)) for t in cond.get("territory", ())),
        acceptable_use=_clause(AcceptableUse, cond.get("acceptable_use")),
        derivatives=_clause(Derivatives, cond.get("derivatives")),
        output_training=_clause(OutputTraining, cond.get("output_training")),
        file=file,
    )
