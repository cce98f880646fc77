"""One model's evaluation context: its metadata, lineage, the catalog and the intended use, and
everything the checks share, each computed once on first use (no check recomputes another's work)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar, overload

from licheck.catalog.catalog import Catalog
from licheck.catalog.license import License
from licheck.engine.own_licenses import OwnLicenses, own_licenses
from licheck.findings import Finding, FindingKind
from licheck.lineage import Ancestor, Lineage
from licheck.lineage.multimodal import is_multimodal
from licheck.metadata import Location, ModelMetadata
from licheck.policy import Policy
from licheck.report import Requirement
from licheck.vocabulary import DerivativeTerms, OutputTrainingRule, Relation, Severity

# Quantization repos rarely state base_model_relation; their format says what they are.
_QUANTIZED_TAGS = frozenset({"gguf", "quantized", "gptq", "awq", "exl2", "bnb-4bit", "4-bit", "8-bit"})
T = TypeVar("T")


class computed_once(Generic[T]):  # lower case: a decorator, like functools.cached_property
    """A property computed on first use and kept in the instance: functools.cached_property without the
    lock Python 3.11 takes on each first use, a dozen times per model (a context serves one thread)."""

    def __init__(self, compute: Callable[[Any], T]):
        self.compute = compute
        self.name = compute.__name__
        self.__doc__ = compute.__doc__

    @overload
    def __get__(self, instance: None, owner: type) -> computed_once[T]: ...

    @overload
    def __get__(self, instance: object, owner: type | None = None) -> T: ...

    def __get__(self, instance: object, owner: type | None = None) -> T | computed_once[T]:
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.compute(instance)
        return value


@dataclass(frozen=True)
class Applicable:
    """A license whose terms bind the model, and the ancestor it comes from (None: the model's own)."""

    license: License
    ancestor: Ancestor | None = None
    location: Location | None = None  # for the model's own license: where it declares or ships it

    @property
    def path(self) -> tuple[str, ...]:
        return self.ancestor.path if self.ancestor else ()

    @property
    def through_outputs(self) -> bool:
        return self.ancestor is not None and self.ancestor.through_outputs

    @property
    def where_named(self) -> Location | None:
        """Where the model names this license: the `base_model` line of the ancestor it comes from, or the
        declaration (or license file) of its own license."""
        return self.ancestor.location if self.ancestor else self.location

    def finding(
        self,
        kind: FindingKind,
        message: str,
        location: Location | None,
        citation: str | None,
        *,
        severity: Severity | None = None,
        fix: str | None = None,
    ) -> Finding:
        """A finding that rests on this license's terms, with the lineage path they reach the model by."""
        return kind.finding(
            message, location, severity=severity, license_id=self.license.id, citation=citation, fix=fix, path=self.path
        )


@dataclass(frozen=True)
class Conflict:
    """An ancestor's license whose terms none of the licenses the model declares keeps."""

    declared: tuple[License, ...]
    inherited: Applicable

    @property
    def kind(self) -> Literal["share-alike", "other-version", "dropped-terms"]:
        """Share-alike terms asking for the same license, another version of the same family's terms, or
        another license altogether that drops them."""
        base = self.inherited.license
        if base.derivative_terms is DerivativeTerms.SHARE_ALIKE:
            return "share-alike"
        # Within a family, a declared license as restrictive as the base's is another version of its terms;
        # a less restrictive one (CC BY on a CC BY-NC base) drops terms like any other license would.
        same_terms = any(
            lic.family == base.family and lic.category.restrictiveness >= base.category.restrictiveness
            for lic in self.declared
        )
        return "other-version" if same_terms else "dropped-terms"

    @property
    def section(self) -> str:
        """The clause of the base's license that binds derivatives."""
        derivatives = self.inherited.license.derivatives
        return derivatives.section if derivatives else ""

    @property
    def declared_names(self) -> str:
        return " and ".join(lic.name for lic in self.declared)

    @property
    def opening(self) -> str:
        ancestor = self.inherited.ancestor
        named = ancestor.model_id if ancestor else "an ancestor"
        base = self.inherited.license.name
        return f"this model declares {self.declared_names}, but it derives from {named} under {base}"


class Context:
    def __init__(self, metadata: ModelMetadata, lineage: Lineage, catalog: Catalog, policy: Policy):
        self.metadata = metadata
        self.lineage = lineage
        self.catalog = catalog
        self.policy = policy
        self._derived: dict[Callable[[Context], Any], Any] = {}

    def derived(self, compute: Callable[[Context], T]) -> T:
        """What `compute` derives from this context, computed once: checks of several finding kinds share
        one analysis this way without the context knowing about it."""
        if compute not in self._derived:
            self._derived[compute] = compute(self)
        result: T = self._derived[compute]
        return result

    @computed_once
    def own(self) -> OwnLicenses:
        return own_licenses(self.metadata, self.catalog)

    @computed_once
    def declared_ids(self) -> list[str]:
        """The licenses the metadata declares, where licheck knows them."""
        return list(dict.fromkeys(e.license for e in self.own.declared if self.catalog.is_license(e.license)))

    @computed_once
    def own_ids(self) -> list[str]:
        """The licenses the model declares or ships."""
        return [i for i in self.own.license_ids() if self.catalog.is_license(i)]

    @computed_once
    def inherited(self) -> list[Applicable]:
        """Ancestors' licenses whose terms carry over to derivatives, each from its nearest holder."""
        found: dict[str, Applicable] = {}
        for ancestor in self.lineage.models:  # breadth-first: the first holder of a license is the nearest
            for license_id in ancestor.licenses:
                lic = self.catalog.get(license_id)
                if not lic or not lic.derivative_terms.binds_derivatives or lic.id in found:
                    continue
                # Learning from outputs binds like a derivative only where the license says so (the RAIL
                # family, Gemma, Yi); the other output-training terms are judged by the output-training check.
                if ancestor.through_outputs and not (
                    lic.output_training and lic.output_training.rule is OutputTrainingRule.DERIVATIVE_CAPTURE
                ):
                    continue
                found[lic.id] = Applicable(lic, ancestor)
        return list(found.values())

    @computed_once
    def applicable(self) -> list[Applicable]:
        """Every license whose terms bind the model: its own, then those its ancestors pass on."""
        where = {e.license: e.location for e in reversed(self.own.declared + self.own.detected)}  # the first
        own = [Applicable(lic, location=where.get(lic.id)) for lic in map(self.catalog.get, self.own_ids) if lic]
        return own + [a for a in self.inherited if a.license.id not in self.own_ids]

    @computed_once
    def output_sources(self) -> list[Applicable]:
        """Licenses of the models this one learned from the outputs of, each from its nearest holder."""
        found: dict[str, Applicable] = {}
        for ancestor in self.lineage.teachers:
            for license_id in ancestor.licenses:
                lic = self.catalog.get(license_id)
                if lic and lic.id not in found:
                    found[lic.id] = Applicable(lic, ancestor)
        return list(found.values())

    @computed_once
    def conflicts(self) -> list[Conflict]:
        """Each inherited license whose terms the declaration drops, in lineage order. A declaration that
        keeps every ancestor's terms (a merge declaring both its parents' licenses) has none; one that
        declares nothing licheck knows is judged by the declaration checks instead."""
        declared = [lic for lic in map(self.catalog.get, self.declared_ids) if lic is not None]
        if not declared:
            return []
        return [
            Conflict(tuple(declared), item)
            for item in self.inherited
            if not any(self.catalog.keeps_terms(lic.id, item.license) for lic in declared)
        ]

    @computed_once
    def requirements(self) -> tuple[Requirement, ...]:
        from licheck.engine.requirements import requirements_for

        return requirements_for(self)

    @computed_once
    def anchor(self) -> Location:
        """Where a finding about the model as a whole points, always a file and a line: the card's `license:`
        line, else its front matter (or first line), else the first line of another file of the model."""
        declared = next((d.location for d in self.metadata.declarations if d.origin == "card" and d.form == "id"), None)
        if declared and declared.line:
            return declared
        if self.metadata.card:
            return self.metadata.card
        first = self.metadata.files[0] if self.metadata.files else self.metadata.path
        return Location(first, 1)

    def located(self, item: Applicable) -> Location:
        """Where a finding about one license's terms points: where the model names that license."""
        return item.where_named or self.anchor

    @computed_once
    def model_name(self) -> tuple[str, Location]:
        """The name the model is published under, and where it is stated."""
        if self.policy.model_name:
            return self.policy.model_name, Location("--model-name")
        if self.metadata.model_name:
            return self.metadata.model_name.value, self.metadata.model_name.location
        return self.metadata.folder_name, self.anchor  # the folder's name: the card is where a name would go

    @computed_once
    def derivative(self) -> bool:
        """Derived from a base with new weights (not the base's weights repackaged)."""
        # Declared bases only: evidence does not say whether a model is a fine-tune or a copy of its base.
        return any(not (self._relation(b.relation) or Relation.FINETUNE).keeps_weights for b in self.metadata.bases)

    @computed_once
    def inferred_bases(self) -> list[Ancestor]:
        """The bases licheck inferred from evidence (the architecture, the name, the card's prose)."""
        return [a for a in self.lineage.models if a.inferred and a.depth == 1]

    @computed_once
    def _inferred_by_root(self) -> dict[tuple[str, ...], Ancestor]:
        return {a.path: a for a in reversed(self.inferred_bases)}  # reversed: the first of equal paths wins

    def inferred_root(self, path: tuple[str, ...]) -> Ancestor | None:
        """The inferred base a lineage path starts from, if it does."""
        return self._inferred_by_root.get(path[:1]) if path else None

    @property
    def repackaging(self) -> bool:
        """The base's weights in another format or place (a quantization, a mirror), and nothing more."""
        return bool(self.metadata.bases) and not self.derivative

    def _relation(self, stated: Relation | None) -> Relation | None:
        if stated:
            return stated
        metadata = self.metadata
        quantized = any(w.lower().endswith(".gguf") for w in metadata.weight_files) or bool(
            {t.lower() for t in metadata.tags} & _QUANTIZED_TAGS
        )
        return Relation.QUANTIZED if quantized else None

    @computed_once
    def multimodal(self) -> bool:
        # Only the weights' ancestors: a text model trained on a vision model's outputs still takes text.
        return is_multimodal(self.metadata.pipeline_tag, self.metadata.tags) or any(
            a.multimodal for a in self.lineage.weights
        )
