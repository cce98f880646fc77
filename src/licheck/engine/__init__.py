"""The engine: (metadata, lineage, catalog, policy) → one model's result. No I/O.

Every finding kind's check runs over one evaluation context (licheck.engine.context); the
requirements the licenses place on the model are computed once there and rendered by the formats
as obligations and NOTICE content.
"""

from __future__ import annotations

from licheck.catalog.catalog import Catalog
from licheck.engine.checks import KINDS
from licheck.engine.context import Context
from licheck.lineage import Lineage, describe_path
from licheck.metadata import ModelMetadata
from licheck.policy import Policy
from licheck.report import LicenseEvidence, ModelResult


def evaluate(metadata: ModelMetadata, lineage: Lineage, catalog: Catalog, policy: Policy) -> ModelResult:
    ctx = Context(metadata, lineage, catalog, policy)
    findings = [finding for kind in KINDS for finding in kind.check(ctx)]
    findings.sort(key=lambda f: (f.severity.rank, f.code, str(f.location)))
    concluded = [
        LicenseEvidence(a.license.id, f"inherited: {describe_path(a.path)}" if a.path else "declared or detected")
        for a in ctx.applicable
    ]
    # An acceptable-use policy detected in a file is evidence too, but it is not the model's license.
    concluded += [e for e in ctx.own.detected if not catalog.is_license(e.license)]
    return ModelResult(
        path=metadata.path,
        name=ctx.model_name[0],
        declared=ctx.own.declared,
        detected=ctx.own.detected,
        concluded=tuple(concluded),
        lineage=lineage,
        findings=tuple(findings),
        requirements=ctx.requirements,
        card=metadata.card,
        datasets=tuple(d.value for d in metadata.datasets),
        pipeline_tag=metadata.pipeline_tag,
    )
