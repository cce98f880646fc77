"""The model's own declarations: present, identifiable, and telling one story (LC001–LC003)."""

from __future__ import annotations

from collections.abc import Iterator

from licheck.engine.context import Context
from licheck.engine.own_licenses import describe_declaration
from licheck.findings import Finding, FindingKind
from licheck.lineage import describe_path
from licheck.metadata import Location
from licheck.vocabulary import DeclarationStatus, DerivativeTerms, Severity


def _missing_license(ctx: Context) -> Iterator[Finding]:
    own = ctx.own
    if any(d.declaration.origin == "card" for d in own.known):
        return
    elsewhere = own.declared + own.detected
    if elsewhere:
        found = ", ".join(dict.fromkeys(e.license for e in elsewhere))
        where = elsewhere[0].location.path if elsewhere[0].location else "the metadata"
        yield MISSING_LICENSE.finding(
            f"the model card declares no license, although {where} says {found}; "
            "the Hub shows no license for this model.",
            ctx.anchor,
            severity=Severity.WARNING,
            fix=f"Add `license:` for {found} to the README.md front matter.",
        )
        return
    inherited = [a.license.hub_id or a.license.id for a in ctx.inherited]
    fix = (
        f"Declare the license its base models pass on ({', '.join(inherited)}) in the README.md front matter."
        if inherited
        else None
    )
    yield MISSING_LICENSE.finding(
        "the model declares no license (no `license:` in the card, no license metadata in weight headers, "
        "no recognised LICENSE file); nobody may use it.",
        ctx.anchor,
        fix=fix,
    )


MISSING_LICENSE = FindingKind(
    "LC001",
    "missing-license",
    Severity.ERROR,
    "The model declares no license, or only a LICENSE file says which one applies.",
    "Without a declared license nobody may use the model, and the Hub cannot filter or show it. "
    "When a LICENSE file is present but the card is silent, the Hub still shows no license.",
    "Add `license:` to the README.md front matter (a Hub id such as `apache-2.0`, or `other` "
    "with `license_name:` and `license_link:` for custom licenses).",
    _missing_license,
    basis="The Hub's model card metadata (`license`, `license_name`, `license_link`); a work with no license grants "
    "no rights.",
)


def _unknown_license(ctx: Context) -> Iterator[Finding]:
    placeholders: dict[str, Location] = {}
    has_specific = False
    for d in ctx.own.declarations:
        declaration, resolution = d.declaration, d.resolution
        status = resolution.status
        if status is DeclarationStatus.KNOWN:
            has_specific |= declaration.origin == "card" and declaration.form in ("name", "link")
        elif status is DeclarationStatus.PLACEHOLDER and declaration.origin == "card" and declaration.form == "id":
            placeholders.setdefault(declaration.value.strip().lower(), declaration.location)
        elif status is DeclarationStatus.UNKNOWN and declaration.form != "link":  # links often point anywhere
            hint = f" Did you mean {', '.join(resolution.suggestions)}?" if resolution.suggestions else ""
            yield UNKNOWN_LICENSE.finding(
                f"{describe_declaration(declaration)} is not a license licheck knows; its terms cannot be checked."
                f"{hint}",
                declaration.location,
            )
        elif status is DeclarationStatus.AMBIGUOUS:
            yield UNKNOWN_LICENSE.finding(
                f"{describe_declaration(declaration)} names a family of licenses, not one license; which version "
                "applies is unknown.",
                declaration.location,
                fix=ctx.catalog.family_guidance(declaration.value),
            )
    if "other" in placeholders and not has_specific:
        yield UNKNOWN_LICENSE.finding(
            "card license 'other' names no license licheck can identify: no known license_name or license_link "
            "goes with it.",
            placeholders["other"],
            fix=ctx.catalog.family_guidance("other"),
        )
    if "unknown" in placeholders:
        yield UNKNOWN_LICENSE.finding(
            "card license 'unknown': the author does not say which license applies.",
            placeholders["unknown"],
            fix=ctx.catalog.family_guidance("unknown"),
        )
    for f in ctx.own.files:
        best = f.identification.best
        if f.recognised or f.file.role != "license":
            continue
        resembles = f" It resembles {best.license_id} ({best.dice:.0%} alike) but differs from it." if best else ""
        yield UNKNOWN_LICENSE.finding(
            f"{f.file.location.path} is not a license text licheck recognises.{resembles}",
            f.file.location,
            severity=Severity.INFO,
            fix="If this is a known license, ship its unmodified text; otherwise review its terms by hand.",
        )


UNKNOWN_LICENSE = FindingKind(
    "LC002",
    "unknown-license",
    Severity.WARNING,
    "A declared license, or a license text, is not one licheck knows, so its terms cannot be checked.",
    "An unknown license may carry any restriction; nothing about it can be verified. A family id "
    "(`cc`, `gpl`, `bsd`) does not say which license of the family applies.",
    "Use the Hub id or the `license_name` slug of the license (licheck suggests close matches), "
    "or add a rule file for it under rules/licenses.",
    _unknown_license,
    basis="licheck's rule set: a license without a rule file has no checkable terms.",
)


def _license_mismatch(ctx: Context) -> Iterator[Finding]:
    yield from _tied_texts(ctx)
    yield from _disagreements(ctx)
    yield from _orphan_policies(ctx)
    for conflict in ctx.conflicts:  # another version of the family a base is under
        declared, item = conflict.declared, conflict.inherited
        base, ancestor = item.license, item.ancestor
        if base.derivative_terms is DerivativeTerms.SHARE_ALIKE or declared.family != base.family or ancestor is None:
            continue
        cite = base.derivatives.section if base.derivatives else ""
        yield LICENSE_MISMATCH.finding(
            f"this model declares {declared.name}, but it derives from {ancestor.model_id} under {base.name}; that "
            f"version of the terms is the one that applies to this model ({cite}; path: {describe_path(item.path)}).",
            ancestor.location,
            license_id=base.id,
            citation=cite,
            path=item.path,
            fix=f"Declare {base.hub_id or base.id}, the license of the base.",
        )


def _tied_texts(ctx: Context) -> Iterator[Finding]:
    for f in ctx.own.files:
        result = f.identification
        if f.recognised and result.tied and result.best is not None:
            names = ", ".join([result.best.license_id, *(m.license_id for m in result.tied)])
            yield LICENSE_MISMATCH.finding(
                f"{f.file.location.path} matches {names} equally well; licheck took {result.best.license_id}.",
                f.file.location,
                severity=Severity.INFO,
                fix="Ship the unmodified text of the exact license version.",
            )


def _disagreements(ctx: Context) -> Iterator[Finding]:
    """Every place that names a license should name the same one."""
    catalog = ctx.catalog
    by_place = [(describe_declaration(d.declaration), d.declaration.location, set(d.chosen)) for d in ctx.own.known]
    by_place += [
        (e.location.path, e.location, {e.license})
        for e in ctx.own.detected
        if e.location and catalog.is_license(e.license)
    ]
    reported: set[tuple[str, str]] = set()
    for i, (what_a, _, ids_a) in enumerate(by_place):
        for what_b, loc_b, ids_b in by_place[i + 1 :]:
            if any(catalog.related(a, b) for a in ids_a for b in ids_b):
                continue
            key = (",".join(sorted(ids_a)), ",".join(sorted(ids_b)))
            if key in reported:
                continue
            reported.add(key)
            yield LICENSE_MISMATCH.finding(
                f"{what_a} ({', '.join(sorted(ids_a))}) disagrees with {what_b} ({', '.join(sorted(ids_b))}); "
                "licheck applies both.",
                loc_b,
            )


def _orphan_policies(ctx: Context) -> Iterator[Finding]:
    """An acceptable-use policy shipped with the model belongs to a license; when neither that license
    nor a related one is declared, detected or inherited, the model is likely relabelled."""
    catalog = ctx.catalog
    bound = {a.license.id for a in ctx.inherited} | set(ctx.own_ids)
    for evidence in ctx.own.detected:
        owners = catalog.policy_owners(evidence.license)
        policy = catalog.get(evidence.license)
        if (
            not owners
            or policy is None
            or evidence.location is None
            or any(catalog.related(o, b) for o in owners for b in bound)
        ):
            continue
        declared = ", ".join(sorted(bound)) or "no license"
        yield LICENSE_MISMATCH.finding(
            f"{evidence.location.path} is the {policy.name}, which belongs to {', '.join(owners)}; this model "
            f"names {declared}. A model shipping that policy is usually a derivative of a model under "
            f"{owners[0]}; licheck applies the policy.",
            evidence.location,
            fix=f"If the model derives from a model under {owners[0]}, declare that license; otherwise remove the "
            "policy file.",
        )


LICENSE_MISMATCH = FindingKind(
    "LC003",
    "license-mismatch",
    Severity.WARNING,
    "Two places in the model's metadata name different licenses.",
    "The card's `license`, `license_name`, `license_link`, the GGUF header and the LICENSE file "
    "must tell the same story; when they do not, licheck applies all of them (the most "
    "restrictive wins) and the declaration is likely wrong.",
    "Make the declarations agree with the license text the model really ships under.",
    _license_mismatch,
    basis="The model's own metadata: card keys, weight headers and license files must agree.",
)
