"""The engine: (metadata, lineage, catalog, policy) → findings and obligations. No I/O."""

from __future__ import annotations

from licheck.catalog.catalog import Catalog
from licheck.engine.attribution import attribution_for, check_attribution
from licheck.engine.codes import finding
from licheck.engine.declared import own_licenses
from licheck.engine.inherited import Applicable, check_lineage, inherited_licenses
from licheck.engine.license_policy import check_license_policy
from licheck.engine.obligations import obligations_for
from licheck.engine.training import check_datasets, check_output_training, naming_from_outputs, output_sources
from licheck.engine.use import check_naming, check_purpose, check_territory, check_thresholds, is_multimodal
from licheck.lineage import Ancestor, describe_path
from licheck.metadata import Location, ModelMetadata
from licheck.policy import Policy
from licheck.report import LicenseEvidence, ModelResult

_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
_NOT_DERIVED = frozenset({"quantized", "mirror"})  # the same weights: the vendor's own name is kept
# Quantization repos rarely state base_model_relation; their format says what they are.
_QUANTIZED_TAGS = frozenset({"gguf", "quantized", "gptq", "awq", "exl2", "bnb-4bit", "4-bit", "8-bit"})


def evaluate(metadata: ModelMetadata, lineage: tuple[Ancestor, ...], catalog: Catalog, policy: Policy) -> ModelResult:
    inherited = inherited_licenses(lineage, catalog)
    own = own_licenses(metadata, catalog, [a.license.hub_id or a.license.id for a in inherited])
    findings = [finding("input-error", p.message, p.location, severity=p.severity, fix=p.hint) for p in metadata.problems]
    findings += own.findings

    declared_ids = list(dict.fromkeys(e.license for e in own.declared if catalog.is_license(e.license)))
    findings += check_lineage(lineage, inherited, declared_ids, catalog)

    own_ids = [i for i in own.license_ids() if catalog.is_license(i)]
    applicable = [Applicable(catalog.get(i)) for i in own_ids]
    applicable += [a for a in inherited if a.license.id not in own_ids]
    sources = output_sources(lineage, catalog)
    findings += check_datasets(lineage, declared_ids, catalog, policy)
    findings += check_output_training(lineage, sources, own_ids, policy)

    model_name, name_location = _model_name(metadata, policy)
    derivative = any(_relation(b.relation, metadata) not in _NOT_DERIVED for b in metadata.bases)
    multimodal = is_multimodal(metadata.pipeline_tag, metadata.tags, any(a.multimodal for a in lineage))
    where = metadata.card or Location(metadata.path)
    findings += check_purpose(applicable, policy, where)
    findings += check_thresholds(applicable, policy, where)
    findings += check_territory(applicable, policy, multimodal, where)
    findings += check_naming(applicable, model_name, name_location, derivative)
    bound = {a.license.id for a in applicable}
    findings += check_naming([s for s in naming_from_outputs(sources) if s.license.id not in bound],
                             model_name, name_location, True)
    findings += check_license_policy(own, inherited, catalog, policy)
    attribution = attribution_for(applicable, catalog)
    findings += check_attribution(attribution, metadata.license_files, own.detected, catalog, where)

    concluded = [LicenseEvidence(a.license.id, f"inherited: {describe_path(a.path)}" if a.path
                                 else "declared or detected") for a in applicable]
    # An acceptable-use policy detected in a file is evidence too, but it is not the model's license.
    concluded += [e for e in own.detected if not catalog.is_license(e.license)]
    findings.sort(key=lambda f: (_SEVERITY_ORDER[f.severity], f.code, str(f.location)))
    return ModelResult(
        path=metadata.path,
        name=model_name,
        declared=tuple(own.declared),
        detected=tuple(own.detected),
        concluded=tuple(concluded),
        lineage=lineage,
        findings=tuple(findings),
        obligations=tuple(obligations_for(applicable, policy, derivative)),
        card=metadata.card,
        datasets=tuple(d.value for d in metadata.datasets),
        attribution=attribution,
    )


def _relation(stated: str | None, metadata: ModelMetadata) -> str | None:
    if stated:
        return stated
    quantized = any(w.lower().endswith(".gguf") for w in metadata.weight_files) or bool(
        {t.lower() for t in metadata.tags} & _QUANTIZED_TAGS)
    return "quantized" if quantized else None


def _model_name(metadata: ModelMetadata, policy: Policy) -> tuple[str, Location]:
    if policy.model_name:
        return policy.model_name, Location("--model-name")
    if metadata.model_name:
        return metadata.model_name.value, metadata.model_name.location
    return metadata.folder_name, Location(metadata.path)
