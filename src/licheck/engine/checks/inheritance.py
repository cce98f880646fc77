"""Terms that follow a model from its ancestors, and conflicts between them and what it declares
(LC004, LC010, LC011, LC012, LC017)."""

from __future__ import annotations

from collections.abc import Iterator

from licheck.engine.context import Applicable, Context
from licheck.findings import Finding, FindingKind
from licheck.lineage import describe_path
from licheck.vocabulary import AncestorStatus, DerivativeTerms, Severity


def _section(item: Applicable) -> str:
    return item.license.derivatives.section if item.license.derivatives else ""


def _base_license_conflict(ctx: Context) -> Iterator[Finding]:
    for conflict in (c for c in ctx.conflicts if c.kind == "dropped-terms"):
        base, item = conflict.inherited.license, conflict.inherited
        message = (
            f"{conflict.opening}, whose terms keep applying to derivatives ({conflict.section}; path: "
            f"{describe_path(item.path)}); the {conflict.declared_names} tag does not remove them."
        )
        declare = f"`license: {base.hub_id}`" if base.hub_id else f"`license: other` with `license_name: {base.id}`"
        fix = f"Declare {declare} (or a license its terms allow), and ship its license text and notices."
        yield item.finding(BASE_LICENSE_CONFLICT, message, item.where_named, conflict.section, fix=fix)


BASE_LICENSE_CONFLICT = FindingKind(
    code="LC004",
    name="base-license-conflict",
    severity=Severity.ERROR,
    summary="The model declares a license that drops terms its base model's license imposes on derivatives.",
    why=(
        "Licenses such as Llama, Gemma, the OpenRAIL family, FLUX.1 [dev] or CC-BY-NC keep applying "
        "to fine-tunes, adapters, merges and quantizations. A permissive tag on the derivative "
        "misstates its terms; it does not remove them."
    ),
    fix="Declare the base model's license (or one its terms allow), ship its license text and notices.",
    check=_base_license_conflict,
    term="carry-over",
)


def _no_derivatives(ctx: Context) -> Iterator[Finding]:
    for item in ctx.inherited:
        if item.license.derivative_terms is DerivativeTerms.NO_DERIVATIVES and item.ancestor:
            message = (
                f"{item.ancestor.model_id} is under {item.license.name}, which does not allow sharing adapted "
                f"material ({_section(item)}); this model derives from it ({describe_path(item.path)})."
            )
            yield item.finding(NO_DERIVATIVES, message, item.where_named, _section(item))


NO_DERIVATIVES = FindingKind(
    code="LC010",
    name="no-derivatives",
    severity=Severity.ERROR,
    summary="The model is a derivative of material whose license forbids sharing adaptations.",
    why=(
        "CC-BY-ND licenses allow adapting the material privately, but not sharing the result; a "
        "fine-tune, merge or quantization that is published is shared adapted material."
    ),
    fix="Do not publish the derivative, or obtain permission from the licensor.",
    check=_no_derivatives,
    term="no-derivatives",
)


def _share_alike(ctx: Context) -> Iterator[Finding]:
    for conflict in (c for c in ctx.conflicts if c.kind == "share-alike"):
        base, item = conflict.inherited.license, conflict.inherited
        message = (
            f"{conflict.opening}, which requires derivatives to carry the same license ({conflict.section}; "
            f"path: {describe_path(item.path)})."
        )
        compatible = base.derivatives.compatible if base.derivatives else ()
        fix = f"License this model under one of: {', '.join(dict.fromkeys([base.id, *compatible]))}."
        yield item.finding(SHARE_ALIKE, message, item.where_named, conflict.section, fix=fix)


SHARE_ALIKE = FindingKind(
    code="LC011",
    name="share-alike",
    severity=Severity.ERROR,
    summary="The model is a derivative of share-alike material but is not offered under a compatible license.",
    why="CC-BY-SA and the GPL family require adaptations to carry the same (or a compatible) license.",
    fix="License the derivative under the base's license or one it names as compatible.",
    check=_share_alike,
    term="share-alike",
)

# ancestor status -> (what the message says, the fix); {id} and {path} are filled in.
_UNRESOLVED = {
    AncestorStatus.LOCAL_PATH: (
        "base model '{id}' is a local filesystem path, not a repository id; its license cannot be learned.",
        "Replace the path with the Hub id of the model that was fine-tuned (e.g. meta-llama/Llama-3.1-8B).",
    ),
    AncestorStatus.CYCLE: ("the lineage loops: {path}.", "Correct base_model so that no model is its own ancestor."),
    AncestorStatus.UNRESOLVED: (
        "the license of base model '{id}' could not be learned ({source}); the terms it passes on cannot be checked.",
        "Check the base model's license by hand, name a base model licheck knows, or let licheck look it up on the "
        "Hub (`licheck scan --online`).",
    ),
}


def _unresolved_base(ctx: Context) -> Iterator[Finding]:
    for ancestor in ctx.lineage.weights:
        if ancestor.status in _UNRESOLVED:
            message, fix = _UNRESOLVED[ancestor.status]
            filled = message.format(id=ancestor.model_id, path=describe_path(ancestor.path), source=ancestor.source)
            yield UNRESOLVED_BASE.finding(filled, ancestor.location, fix=fix, path=ancestor.path)


UNRESOLVED_BASE = FindingKind(
    code="LC012",
    name="unresolved-base",
    severity=Severity.WARNING,
    summary="A base model's license could not be learned, so the terms it passes on are unknown.",
    why=(
        "Restrictions are inherited from every ancestor; one that cannot be identified may carry any "
        "of them. Local paths left by training scripts name no repository at all."
    ),
    fix="Name the base by its Hub repository id in `base_model:`, and check its license.",
    check=_unresolved_base,
    basis="Inheritance: every ancestor's license terms that carry over bind the derivative.",
)


def _incompatible_terms(ctx: Context) -> Iterator[Finding]:
    """A share-alike ancestor requires the model under its own license; another ancestor whose terms
    also bind derivatives, under a license neither names as compatible, makes that impossible."""
    reported: set[frozenset[str]] = set()
    for sa in (i for i in ctx.inherited if i.license.derivative_terms is DerivativeTerms.SHARE_ALIKE):
        for other in ctx.inherited:
            pair = frozenset({sa.license.id, other.license.id})
            if (
                other is sa
                or pair in reported
                or not other.license.derivative_terms.binds_derivatives
                or ctx.catalog.compatible(sa.license, other.license)
            ):
                continue
            reported.add(pair)
            message = (
                f"{_named(sa)} is under {sa.license.name}, which requires derivatives to carry that license "
                f"({_section(sa)}; path: {describe_path(sa.path)}), and {_named(other)} is under "
                f"{other.license.name}, whose terms also bind derivatives ({_section(other)}; path: "
                f"{describe_path(other.path)}); no license meets both."
            )
            yield other.finding(INCOMPATIBLE_TERMS, message, other.where_named, _section(other))


def _named(item: Applicable) -> str:
    return item.ancestor.model_id if item.ancestor else "this model"


INCOMPATIBLE_TERMS = FindingKind(
    code="LC017",
    name="incompatible-terms",
    severity=Severity.ERROR,
    summary="Two ancestors' licenses cannot both be met: one requires derivatives under its own license.",
    why=(
        "Share-alike licenses (CC-BY-SA, CC-BY-NC-SA, the GPL family) require a derivative to carry the "
        "same (or a compatible) license, while other ancestors' terms (Llama, Gemma, OpenRAIL, another "
        "share-alike license) also keep applying. A merge of such parents, or a fine-tune anywhere "
        "below both, has no license it may be distributed under."
    ),
    fix="Drop one of the parents from the merge, obtain permission from a licensor, or do not distribute the model.",
    check=_incompatible_terms,
    term="share-alike",
)
