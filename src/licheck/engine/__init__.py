"""The engine: (metadata, lineage, catalog, policy) → one model's result. No I/O.

Every finding kind's check runs over one evaluation context (licheck.engine.context); the
requirements the licenses place on the model are computed once there and rendered by the formats
as obligations and NOTICE content.
"""

from __future__ import annotations

import dataclasses

from licheck.catalog.catalog import Catalog
from licheck.engine.checks import KINDS
from licheck.engine.checks.evidence import BASE_CONTRADICTED, UNDECLARED_BASE
from licheck.engine.context import Context
from licheck.findings import Finding
from licheck.lineage import Lineage, describe_path
from licheck.metadata import Location, ModelMetadata
from licheck.policy import Policy
from licheck.report import LicenseEvidence, ModelResult
from licheck.vocabulary import Severity, Strength


def _with_line(finding: Finding, ctx: Context) -> Finding:
    """Every finding points at a line: one that names no place points at the model's anchor, and one that
    names a whole file of the model at that file's first line."""
    location = finding.location
    if location is None:
        return dataclasses.replace(finding, location=ctx.anchor)
    if location.line is None and (location.path in ctx.metadata.files or location == ctx.metadata.card):
        return dataclasses.replace(finding, location=Location(location.path, 1))
    return finding


def _through_inferred(finding: Finding, ctx: Context) -> Finding:
    """A finding that comes through a base licheck inferred says so and why; on weak evidence (a family's
    shape, a name) it is at most a warning."""
    base = ctx.inferred_root(finding.path)
    if base is None or finding.code in (UNDECLARED_BASE.code, BASE_CONTRADICTED.code):
        return finding
    severity = finding.severity
    if base.strength is Strength.WEAK and severity is Severity.ERROR:
        severity = Severity.WARNING
    because = "; ".join(e.detail for e in base.evidence)
    message = f"{finding.message} The base {base.model_id} is not declared; licheck inferred it: {because}."
    return dataclasses.replace(finding, severity=severity, message=message)


def evaluate(metadata: ModelMetadata, lineage: Lineage, catalog: Catalog, policy: Policy) -> ModelResult:
    ctx = Context(metadata, lineage, catalog, policy)
    findings = [_through_inferred(_with_line(f, ctx), ctx) for kind in KINDS for f in kind.check(ctx)]
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
        anchor=ctx.anchor,
        datasets=tuple(d.value for d in metadata.datasets),
        pipeline_tag=metadata.pipeline_tag,
    )
