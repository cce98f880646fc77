"""Terms that follow a model from its ancestors, and conflicts between them and what it declares."""

from __future__ import annotations

from dataclasses import dataclass

from licheck.catalog.catalog import Catalog
from licheck.catalog.license import License
from licheck.engine.codes import finding
from licheck.lineage import Ancestor, describe_path
from licheck.report import Finding


@dataclass(frozen=True)
class Applicable:
    """A license whose terms bind the model, and the ancestor it comes from (None: the model's own)."""

    license: License
    ancestor: Ancestor | None = None

    @property
    def path(self) -> tuple[str, ...]:
        return self.ancestor.path if self.ancestor else ()


def inherited_licenses(lineage: tuple[Ancestor, ...], catalog: Catalog) -> list[Applicable]:
    """Ancestors' licenses whose terms carry over to derivatives, each from its nearest holder."""
    found: dict[str, Applicable] = {}
    for ancestor in lineage:  # breadth-first: the first holder of a license is the nearest
        if ancestor.relation == "dataset":
            continue  # training data binds a model by the dataset rules, not by inheritance
        for license_id in ancestor.licenses:
            lic = catalog.get(license_id)
            if not lic or lic.derivative_terms == "any" or lic.id in found:
                continue
            # Learning from outputs binds like a derivative only where the license says so (the RAIL
            # family, Gemma, Yi); the other output-training terms are judged in engine.training.
            if ancestor.through_outputs and not (lic.output_training and lic.output_training.rule == "derivative-capture"):
                continue
            found[lic.id] = Applicable(lic, ancestor)
    return list(found.values())


def check_lineage(lineage: tuple[Ancestor, ...], inherited: list[Applicable], declared_ids: list[str],
                  catalog: Catalog) -> list[Finding]:
    findings = [_unresolved(a) for a in lineage
                if a.status != "resolved" and a.relation != "dataset" and not a.through_outputs]
    for item in inherited:
        base, ancestor = item.license, item.ancestor
        cite = base.derivatives.section
        if base.derivative_terms == "no-derivatives":
            findings.append(finding(
                "no-derivatives",
                f"{ancestor.model_id} is under {base.name}, which does not allow sharing adapted material "
                f"({cite}); this model derives from it ({describe_path(ancestor.path)}).",
                ancestor.location, license_id=base.id, citation=cite, path=ancestor.path))
        for declared in declared_ids:
            if not (catalog.related(declared, base.id) or declared in base.derivatives.compatible):
                findings.append(_conflict(catalog.get(declared), base, ancestor))
    findings += _incompatible_ancestors(inherited, catalog)
    return findings


_BINDING = frozenset({"carry-over", "share-alike", "no-derivatives"})


def _compatible(a, b, catalog: Catalog) -> bool:
    """Either license names the other as one derivatives may use (GPL-3.0 lists AGPL-3.0, not the reverse)."""
    return (catalog.related(a.id, b.id) or b.id in (a.derivatives.compatible if a.derivatives else ())
            or a.id in (b.derivatives.compatible if b.derivatives else ()))


def _incompatible_ancestors(inherited: list[Applicable], catalog: Catalog) -> list[Finding]:
    """A share-alike ancestor requires the model under its own license; another ancestor whose terms
    also bind derivatives, under a license neither names as compatible, makes that impossible."""
    findings = []
    reported: set[frozenset[str]] = set()
    for sa in (i for i in inherited if i.license.derivative_terms == "share-alike"):
        for other in inherited:
            pair = frozenset({sa.license.id, other.license.id})
            if (other is sa or pair in reported or other.license.derivative_terms not in _BINDING
                    or _compatible(sa.license, other.license, catalog)):
                continue
            reported.add(pair)
            findings.append(finding(
                "incompatible-terms",
                f"{sa.ancestor.model_id} is under {sa.license.name}, which requires derivatives to carry that "
                f"license ({sa.license.derivatives.section}; path: {describe_path(sa.path)}), and "
                f"{other.ancestor.model_id} is under {other.license.name}, whose terms also bind derivatives "
                f"({other.license.derivatives.section}; path: {describe_path(other.path)}); no license meets both.",
                other.ancestor.location, license_id=other.license.id, citation=other.license.derivatives.section,
                path=other.path))
    return findings


def _conflict(own: License, base: License, ancestor: Ancestor) -> Finding:
    """The declared license drops the base's terms: which finding that is depends on the base's rule."""
    cite, via = base.derivatives.section, describe_path(ancestor.path)
    if base.derivative_terms == "share-alike":
        name = "share-alike"
        message = f", which requires derivatives to carry the same license ({cite}; path: {via})."
        fix = f"License this model under one of: {', '.join(dict.fromkeys([base.id, *base.derivatives.compatible]))}."
    elif own.family == base.family:
        name = "license-mismatch"
        message = f"; that version of the terms is the one that applies to this model ({cite}; path: {via})."
        fix = f"Declare {base.hub_id or base.id}, the license of the base."
    else:
        name = "base-license-conflict"
        message = (f", whose terms keep applying to derivatives ({cite}; path: {via}); "
                   f"the {own.name} tag does not remove them.")
        declare = f"`license: {base.hub_id}`" if base.hub_id else f"`license: other` with `license_name: {base.id}`"
        fix = f"Declare {declare} (or a license its terms allow), and ship its license text and notices."
    return finding(
        name, f"this model declares {own.name}, but it derives from {ancestor.model_id} under {base.name}{message}",
        ancestor.location, license_id=base.id, citation=cite, fix=fix, path=ancestor.path)


def _unresolved(ancestor: Ancestor) -> Finding:
    if ancestor.status == "local-path":
        message = (f"base model '{ancestor.model_id}' is a local filesystem path, not a repository id; "
                   "its license cannot be learned.")
        fix = "Replace the path with the Hub id of the model that was fine-tuned (e.g. meta-llama/Llama-3.1-8B)."
    elif ancestor.status == "cycle":
        message = f"the lineage loops: {describe_path(ancestor.path)}."
        fix = "Correct base_model so that no model is its own ancestor."
    else:
        message = (f"the license of base model '{ancestor.model_id}' could not be learned ({ancestor.source}); "
                   "the terms it passes on cannot be checked.")
        fix = ("Check the base model's license by hand, name a base model licheck knows, or let licheck look it up "
               "on the Hub (`licheck scan --online`).")
    return finding("unresolved-base", message, ancestor.location, fix=fix, path=ancestor.path)
