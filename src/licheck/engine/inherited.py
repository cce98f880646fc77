"""Terms that follow a model from its ancestors, and conflicts between them and what it declares."""

from __future__ import annotations

from dataclasses import dataclass

from licheck.catalog.catalog import Catalog
from licheck.catalog.license import License
from licheck.engine.codes import finding
from licheck.lineage import Ancestor
from licheck.report import Finding


@dataclass(frozen=True)
class Applicable:
    """A license whose terms bind the model, and the lineage path it comes through (empty: its own)."""

    license: License
    path: tuple[str, ...] = ()


def inherited_licenses(lineage: tuple[Ancestor, ...], catalog: Catalog) -> list[Applicable]:
    """Ancestors' licenses whose terms carry over to derivatives, nearest ancestor first."""
    found: dict[str, Applicable] = {}
    for ancestor in sorted(lineage, key=lambda a: a.depth):
        for license_id in ancestor.licenses:
            lic = catalog.get(license_id)
            if lic and lic.derivative_terms != "any" and lic.id not in found:
                found[lic.id] = Applicable(lic, ancestor.path)
    return list(found.values())


def _path_text(path: tuple[str, ...]) -> str:
    return " → ".join(("this model",) + path)


def check_lineage(lineage: tuple[Ancestor, ...], declared_ids: list[str], catalog: Catalog) -> list[Finding]:
    findings: list[Finding] = []
    for ancestor in lineage:
        if ancestor.status != "resolved":
            findings.append(_unresolved(ancestor))
    reported: set[tuple[str, str]] = set()
    for ancestor in sorted(lineage, key=lambda a: a.depth):
        for license_id in ancestor.licenses:
            base = catalog.get(license_id)
            if base is None or base.derivative_terms == "any":
                continue
            cite = base.derivatives.section if base.derivatives else None
            via = _path_text(ancestor.path)
            if base.derivative_terms == "no-derivatives" and ("*", base.id) not in reported:
                reported.add(("*", base.id))
                findings.append(finding(
                    "no-derivatives",
                    f"{ancestor.model_id} is under {base.name}, which does not allow sharing adapted material "
                    f"({cite}); this model derives from it ({via}).",
                    ancestor.location, license_id=base.id, citation=cite, path=ancestor.path))
            for declared in declared_ids:
                key = (declared, base.id)
                if key in reported or catalog.related(declared, base.id) or declared in base.derivatives.compatible:
                    continue
                reported.add(key)
                findings.append(_conflict(catalog, declared, base, ancestor, via, cite))
    return findings


def _conflict(catalog: Catalog, declared: str, base: License, ancestor: Ancestor, via: str, cite: str | None) -> Finding:
    own = catalog.get(declared)
    own_name = own.name if own else declared
    if base.derivative_terms == "share-alike":
        allowed = ", ".join([base.id, *base.derivatives.compatible])
        return finding(
            "share-alike",
            f"this model declares {own_name}, but its base {ancestor.model_id} is under {base.name}, which requires "
            f"derivatives to carry the same license ({cite}; path: {via}).",
            ancestor.location, license_id=base.id, citation=cite,
            fix=f"License this model under one of: {allowed}.", path=ancestor.path)
    if own and own.family == base.family:
        return finding(
            "license-mismatch",
            f"this model declares {own_name}, but its base {ancestor.model_id} is under {base.name} (path: {via}); "
            "the base's version of the terms is the one that applies to it.",
            ancestor.location, license_id=base.id, citation=cite,
            fix=f"Declare {base.hub_id or base.id}, the license of the base.", path=ancestor.path)
    declare = f"`license: {base.hub_id}`" if base.hub_id else f"`license: other` with `license_name: {base.id}`"
    return finding(
        "base-license-conflict",
        f"this model declares {own_name}, but it derives from {ancestor.model_id} under {base.name}, whose terms "
        f"keep applying to derivatives ({cite}; path: {via}); the {own_name} tag does not remove them.",
        ancestor.location, license_id=base.id, citation=cite,
        fix=f"Declare {declare} (or a license its terms allow), and ship its license text and notices.", path=ancestor.path)


def _unresolved(ancestor: Ancestor) -> Finding:
    if ancestor.status == "local-path":
        message = (f"base model '{ancestor.model_id}' is a local filesystem path, not a repository id; "
                   "its license cannot be learned.")
        fix = "Replace the path with the Hub id of the model that was fine-tuned (e.g. meta-llama/Llama-3.1-8B)."
    elif ancestor.status == "cycle":
        message = f"the lineage loops: {_path_text(ancestor.path)}."
        fix = "Correct base_model so that no model is its own ancestor."
    else:
        message = (f"the license of base model '{ancestor.model_id}' is unknown offline ({ancestor.source}); "
                   "the terms it passes on cannot be checked.")
        fix = "Check the base model's license by hand, or name a base model licheck knows."
    return finding("unresolved-base", message, ancestor.location, fix=fix, path=ancestor.path)
