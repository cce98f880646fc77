"""What the evidence in the folder says about the model's base, against what its card declares (LC021,
LC022): a base the evidence points at but the card does not name, and a declared base whose shape the
weights do not have. Terms the inferred base passes on are judged by the other checks, marked inferred."""

from __future__ import annotations

from collections.abc import Iterator

from licheck.engine.context import Context
from licheck.findings import Finding, FindingKind
from licheck.lineage.evidence import contradicted
from licheck.vocabulary import Severity


def _undeclared_base(ctx: Context) -> Iterator[Finding]:
    for base in ctx.inferred_bases:
        evidence = "; ".join(e.detail for e in base.evidence)
        licenses = f" (under {', '.join(base.licenses)})" if base.licenses else ""
        message = (
            f"the card names no base model licheck can resolve, but the evidence points at {base.model_id}"
            f"{licenses}: {evidence}."
        )
        fix = (
            f"Declare the base in the card (`base_model: {base.model_id}`, or the repository it really derives "
            "from), so that the Hub and every tool know the terms it passes on."
        )
        yield UNDECLARED_BASE.finding(
            message, ctx.anchor, license_id=base.licenses[0] if base.licenses else None, fix=fix, path=base.path
        )


UNDECLARED_BASE = FindingKind(
    code="LC021",
    name="undeclared-base",
    severity=Severity.WARNING,
    summary="The folder's evidence points at a base model the card does not declare.",
    why=(
        "Fine-tunes, merges and quantizations keep their base's architecture, and cards often say in prose what "
        "a model derives from; a card without `base_model` hides the terms the base passes on. licheck infers "
        "the base from the weights' shape (config.json, GGUF headers), the model's name and the card's prose, "
        "and applies its terms marked as inferred: errors on strong evidence, warnings on weak."
    ),
    fix="Declare `base_model:` in the card with the repository the model derives from.",
    check=_undeclared_base,
    basis="The Hub's `base_model` metadata, and the architecture fingerprints of well-known bases "
    "(rules/architectures.yaml) and their families' names (rules/model-names.yaml).",
)


def _base_contradicted(ctx: Context) -> Iterator[Finding]:
    for declared, evidence in contradicted(ctx.metadata, ctx.catalog):
        location = next((b.location for b in ctx.metadata.bases if b.model_id == declared), ctx.anchor)
        yield BASE_CONTRADICTED.finding(f"{evidence.detail}; the declared base may be wrong.", location)


BASE_CONTRADICTED = FindingKind(
    code="LC022",
    name="base-contradicted",
    severity=Severity.WARNING,
    summary="The model's architecture is not the declared base's, but another well-known base's exactly.",
    why=(
        "A derivative keeps its base's shape. A config.json or GGUF header with the exact shape of another base "
        "than the one the card declares means the declaration is likely wrong, and the terms that really apply "
        "are that other base's."
    ),
    fix="Check which model the weights come from, and declare it as `base_model:`.",
    check=_base_contradicted,
    basis="The architecture fingerprints of well-known bases (rules/architectures.yaml).",
)
