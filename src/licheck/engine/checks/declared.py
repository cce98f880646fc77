"""The model's own declarations: present, identifiable, and telling one story (LC001–LC003)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from licheck.catalog.catalog import Catalog
from licheck.engine.context import Context
from licheck.engine.own_licenses import describe_declaration
from licheck.findings import Finding, FindingKind
from licheck.lineage import describe_path
from licheck.metadata import Location
from licheck.metadata.card import FRONT_MATTER_UNPARSED
from licheck.vocabulary import DeclarationStatus, Severity


def _missing_license(ctx: Context) -> Iterator[Finding]:
    own = ctx.own
    # A `license:` the card states, even one licheck cannot identify (`other`, a family id, an unknown id),
    # is a declaration: the unknown-license check reports what is wrong with it.
    if any(d.declaration.origin == "card" and (d.declaration.form == "id" or d in own.known) for d in own.declarations):
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
    card = ctx.metadata.card
    broken = next(
        (
            p.location
            for p in ctx.metadata.problems
            if card and p.location.path == card.path and p.message.startswith(FRONT_MATTER_UNPARSED)
        ),
        None,
    )
    unread = (
        f"; the card's front matter does not parse (line {broken.line}), so a `license:` in it may be what "
        "licheck could not read"
        if broken
        else ""
    )
    yield MISSING_LICENSE.finding(
        "the model declares no license (no `license:` in the card, no license metadata in weight headers, "
        f"no recognised LICENSE file){unread}; nobody may use it.",
        ctx.anchor,
        fix=fix,
    )


MISSING_LICENSE = FindingKind(
    code="LC001",
    name="missing-license",
    severity=Severity.ERROR,
    summary="The model declares no license, or only a LICENSE file says which one applies.",
    why=(
        "Without a declared license nobody may use the model, and the Hub cannot filter or show it. "
        "When a LICENSE file is present but the card is silent, the Hub still shows no license."
    ),
    fix=(
        "Add `license:` to the README.md front matter (a Hub id such as `apache-2.0`, or `other` "
        "with `license_name:` and `license_link:` for custom licenses)."
    ),
    check=_missing_license,
    basis=(
        "The Hub's model card metadata (`license`, `license_name`, `license_link`); a work with no license grants "
        "no rights."
    ),
)


def _unknown_license(ctx: Context) -> Iterator[Finding]:
    placeholders: dict[str, Location] = {}
    # `other` is explained by a license_name or license_link licheck knows, or by a license_name it does not
    # know (which has its own finding); an unknown link says nothing, so `other` is reported then.
    has_specific = any(
        d.declaration.origin == "card"
        and d.resolution.status is not DeclarationStatus.PLACEHOLDER
        and (d.declaration.form == "name" or (d.declaration.form == "link" and d in ctx.own.known))
        for d in ctx.own.declarations
    )
    for d in ctx.own.declarations:
        declaration, resolution = d.declaration, d.resolution
        status = resolution.status
        if status is DeclarationStatus.KNOWN:
            continue
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
    code="LC002",
    name="unknown-license",
    severity=Severity.WARNING,
    summary="A declared license, or a license text, is not one licheck knows, so its terms cannot be checked.",
    why=(
        "An unknown license may carry any restriction; nothing about it can be verified. A family id "
        "(`cc`, `gpl`, `bsd`) does not say which license of the family applies."
    ),
    fix=(
        "Use the Hub id or the `license_name` slug of the license (licheck suggests close matches), "
        "or add a rule file for it under rules/licenses."
    ),
    check=_unknown_license,
    basis="licheck's rule set: a license without a rule file has no checkable terms.",
)


def _license_mismatch(ctx: Context) -> Iterator[Finding]:
    yield from _tied_texts(ctx)
    yield from _disagreements(ctx)
    yield from _orphan_policies(ctx)
    for conflict in (c for c in ctx.conflicts if c.kind == "other-version"):
        item, base = conflict.inherited, conflict.inherited.license
        message = (
            f"{conflict.opening}; that version of the terms is the one that applies to this model "
            f"({conflict.section}; path: {describe_path(item.path)})."
        )
        fix = f"Declare {base.hub_id or base.id}, the license of the base."
        yield item.finding(LICENSE_MISMATCH, message, item.where_named, conflict.section, fix=fix)


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


@dataclass(frozen=True)
class _Place:
    """A place of the model's metadata that names licenses."""

    what: str
    location: Location | None
    ids: frozenset[str]
    card: bool = False  # the model card's own declaration (what the Hub shows)
    text: bool = False  # a license text the folder ships


def _places(ctx: Context) -> list[_Place]:
    # A declaration agrees with a place naming any of its choices (`MIT OR Apache-2.0` and an Apache LICENSE).
    places = [
        _Place(
            describe_declaration(d.declaration),
            d.declaration.location,
            frozenset(d.resolution.licenses),
            card=d.declaration.origin == "card",
        )
        for d in ctx.own.known
    ]
    places += [
        _Place(e.location.path, e.location, frozenset({e.license}), text=True)
        for e in ctx.own.detected
        if e.location and ctx.catalog.is_license(e.license)
    ]
    return places


def _disagreements(ctx: Context) -> Iterator[Finding]:
    """Every place that names a license should name the same one. A card declaring more than the license
    text the folder ships is relabelling the model: an error, since the text's terms still apply."""
    catalog = ctx.catalog
    places = _places(ctx)
    reported: set[tuple[frozenset[str], frozenset[str]]] = set()
    for i, a in enumerate(places):
        for b in places[i + 1 :]:
            if any(catalog.related(x, y) for x in a.ids for y in b.ids) or (a.ids, b.ids) in reported:
                continue
            reported.add((a.ids, b.ids))
            names_a, names_b = ", ".join(sorted(a.ids)), ", ".join(sorted(b.ids))
            beyond = _grants_beyond(catalog, a, b) if a.card and b.text else None
            if beyond is None:
                message = f"{a.what} ({names_a}) disagrees with {b.what} ({names_b}); licheck applies both."
                yield LICENSE_MISMATCH.finding(message, b.location)
                continue
            message = (
                f"{a.what} ({names_a}) allows more than the license text the model ships, {b.what} "
                f"({names_b}): {beyond}. Relabelling a model does not change the terms it is under; "
                "licheck applies the text's."
            )
            fix = f"Declare the license of the text the model ships ({names_b}), or ship the text it is really under."
            yield LICENSE_MISMATCH.finding(message, a.location, severity=Severity.ERROR, fix=fix)


def _grants_beyond(catalog: Catalog, declared: _Place, shipped: _Place) -> str | None:
    for a in map(catalog.get, sorted(declared.ids)):
        for b in map(catalog.get, sorted(shipped.ids)):
            if a and b and (beyond := a.grants_beyond(b)):
                return beyond
    return None


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
    code="LC003",
    name="license-mismatch",
    severity=Severity.WARNING,
    summary="Two places in the model's metadata name different licenses.",
    why=(
        "The card's `license`, `license_name`, `license_link`, the GGUF header and the LICENSE file "
        "must tell the same story; when they do not, licheck applies all of them (the most "
        "restrictive wins) and the declaration is likely wrong."
    ),
    fix="Make the declarations agree with the license text the model really ships under.",
    check=_license_mismatch,
    basis="The model's own metadata: card keys, weight headers and license files must agree.",
)
