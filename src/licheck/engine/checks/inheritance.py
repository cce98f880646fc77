"""Terms that follow a model from its ancestors, and conflicts between them and what it declares
(LC004, LC010, LC011, LC012, LC017)."""

from __future__ import annotations

from collections.abc import Iterator

from licheck.engine.context import Applicable, Context
from licheck.findings import Finding, FindingKind
from licheck.lineage import Ancestor, describe_path
from licheck.vocabulary import AncestorStatus, DerivativeTerms, Severity


def _section(item: Applicable) -> str:
    return item.license.derivatives.section if item.license.derivatives else ""


def _ancestor(item: Applicable) -> Ancestor:
    assert item.ancestor is not None  # inherited terms always come from an ancestor
    return item.ancestor


def _base_license_conflict(ctx: Context) -> Iterator[Finding]:
    for conflict in ctx.conflicts:
        declared, item = conflict.declared, conflict.inherited
        base, ancestor = item.license, _ancestor(item)
        if base.derivative_terms is DerivativeTerms.SHARE_ALIKE or declared.family == base.family:
            continue  # share-alike (LC011) or another version of the same terms (LC003)
        cite = _section(item)
        declare = f"`license: {base.hub_id}`" if base.hub_id else f"`license: other` with `license_name: {base.id}`"
        yield BASE_LICENSE_CONFLICT.finding(
            f"this model declares {declared.name}, but it derives from {ancestor.model_id} under {base.name}, whose "
            f"terms keep applying to derivatives ({cite}; path: {describe_path(item.path)}); the {declared.name} "
            "tag does not remove them.",
            ancestor.location,
            license_id=base.id,
            citation=cite,
            path=item.path,
            fix=f"Declare {declare} (or a license its terms allow), and ship its license text and notices.",
        )


BASE_LICENSE_CONFLICT = FindingKind(
    "LC004",
    "base-license-conflict",
    Severity.ERROR,
    "The model declares a license that drops terms its base model's license imposes on derivatives.",
    "Licenses such as Llama, Gemma, the OpenRAIL family, FLUX.1 [dev] or CC-BY-NC keep applying "
    "to fine-tunes, adapters, merges and quantizations. A permissive tag on the derivative "
    "misstates its terms; it does not remove them.",
    "Declare the base model's license (or one its terms allow), ship its license text and notices.",
    _base_license_conflict,
    term="carry-over",
)


def _no_derivatives(ctx: Context) -> Iterator[Finding]:
    for item in ctx.inherited:
        base, ancestor = item.license, _ancestor(item)
        if base.derivative_terms is DerivativeTerms.NO_DERIVATIVES:
            cite = _section(item)
            yield NO_DERIVATIVES.finding(
                f"{ancestor.model_id} is under {base.name}, which does not allow sharing adapted material "
                f"({cite}); this model derives from it ({describe_path(ancestor.path)}).",
                ancestor.location,
                license_id=base.id,
                citation=cite,
                path=ancestor.path,
            )


NO_DERIVATIVES = FindingKind(
    "LC010",
    "no-derivatives",
    Severity.ERROR,
    "The model is a derivative of material whose license forbids sharing adaptations.",
    "CC-BY-ND licenses allow adapting the material privately, but not sharing the result; a "
    "fine-tune, merge or quantization that is published is shared adapted material.",
    "Do not publish the derivative, or obtain permission from the licensor.",
    _no_derivatives,
    term="no-derivatives",
)


def _share_alike(ctx: Context) -> Iterator[Finding]:
    for conflict in ctx.conflicts:
        declared, item = conflict.declared, conflict.inherited
        base, ancestor = item.license, _ancestor(item)
        if base.derivative_terms is not DerivativeTerms.SHARE_ALIKE:
            continue
        cite = _section(item)
        compatible = base.derivatives.compatible if base.derivatives else ()
        yield SHARE_ALIKE.finding(
            f"this model declares {declared.name}, but it derives from {ancestor.model_id} under {base.name}, which "
            f"requires derivatives to carry the same license ({cite}; path: {describe_path(item.path)}).",
            ancestor.location,
            license_id=base.id,
            citation=cite,
            path=item.path,
            fix=f"License this model under one of: {', '.join(dict.fromkeys([base.id, *compatible]))}.",
        )


SHARE_ALIKE = FindingKind(
    "LC011",
    "share-alike",
    Severity.ERROR,
    "The model is a derivative of share-alike material but is not offered under a compatible license.",
    "CC-BY-SA and the GPL family require adaptations to carry the same (or a compatible) license.",
    "License the derivative under the base's license or one it names as compatible.",
    _share_alike,
    term="share-alike",
)


def _unresolved_base(ctx: Context) -> Iterator[Finding]:
    for ancestor in ctx.lineage.weights:
        if ancestor.resolved:
            continue
        if ancestor.status is AncestorStatus.LOCAL_PATH:
            message = (
                f"base model '{ancestor.model_id}' is a local filesystem path, not a repository id; "
                "its license cannot be learned."
            )
            fix = "Replace the path with the Hub id of the model that was fine-tuned (e.g. meta-llama/Llama-3.1-8B)."
        elif ancestor.status is AncestorStatus.CYCLE:
            message = f"the lineage loops: {describe_path(ancestor.path)}."
            fix = "Correct base_model so that no model is its own ancestor."
        else:
            message = (
                f"the license of base model '{ancestor.model_id}' could not be learned ({ancestor.source}); "
                "the terms it passes on cannot be checked."
            )
            fix = (
                "Check the base model's license by hand, name a base model licheck knows, or let licheck look it "
                "up on the Hub (`licheck scan --online`)."
            )
        yield UNRESOLVED_BASE.finding(message, ancestor.location, fix=fix, path=ancestor.path)


UNRESOLVED_BASE = FindingKind(
    "LC012",
    "unresolved-base",
    Severity.WARNING,
    "A base model's license could not be learned, so the terms it passes on are unknown.",
    "Restrictions are inherited from every ancestor; one that cannot be identified may carry any "
    "of them. Local paths left by training scripts name no repository at all.",
    "Name the base by its Hub repository id in `base_model:`, and check its license.",
    _unresolved_base,
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
            yield INCOMPATIBLE_TERMS.finding(
                f"{_ancestor(sa).model_id} is under {sa.license.name}, which requires derivatives to carry that "
                f"license ({_section(sa)}; path: {describe_path(sa.path)}), and {_ancestor(other).model_id} is "
                f"under {other.license.name}, whose terms also bind derivatives ({_section(other)}; path: "
                f"{describe_path(other.path)}); no license meets both.",
                _ancestor(other).location,
                license_id=other.license.id,
                citation=_section(other),
                path=other.path,
            )


INCOMPATIBLE_TERMS = FindingKind(
    "LC017",
    "incompatible-terms",
    Severity.ERROR,
    "Two ancestors' licenses cannot both be met: one requires derivatives under its own license.",
    "Share-alike licenses (CC-BY-SA, CC-BY-NC-SA, the GPL family) require a derivative to carry the "
    "same (or a compatible) license, while other ancestors' terms (Llama, Gemma, OpenRAIL, another "
    "share-alike license) also keep applying. A merge of such parents, or a fine-tune anywhere "
    "below both, has no license it may be distributed under.",
    "Drop one of the parents from the merge, obtain permission from a licensor, or do not distribute the model.",
    _incompatible_terms,
    term="share-alike",
)
