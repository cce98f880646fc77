"""The model's own licenses: what its metadata declares, what its license files contain, and the
findings about those two (missing, unknown, contradictory)."""

from __future__ import annotations

from dataclasses import dataclass, field

from licheck.catalog.catalog import Catalog, Resolution
from licheck.engine.codes import finding
from licheck.metadata import Declaration, Location, ModelMetadata
from licheck.report import Finding, LicenseEvidence

_ORIGIN = {"card": "card", "gguf": "GGUF header", "safetensors": "safetensors header"}
_FORM = {"id": "license", "name": "license_name", "link": "license_link"}
# Categories from least to most restrictive: the order in which an OR expression is chosen.
_RESTRICTIVENESS = ("public-domain", "permissive", "weak-copyleft", "copyleft", "use-restricted",
                    "conditional-commercial", "no-derivatives", "non-commercial", "research-only")


@dataclass
class OwnLicenses:
    declared: list[LicenseEvidence] = field(default_factory=list)
    detected: list[LicenseEvidence] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    # Every identified declaration with all its alternatives, for checks that may use any choice.
    resolved: list[tuple[Declaration, Resolution]] = field(default_factory=list)

    def license_ids(self) -> list[str]:
        return list(dict.fromkeys(e.license for e in self.declared + self.detected))


def describe_declaration(d: Declaration) -> str:
    return f"{_ORIGIN[d.origin]} {_FORM[d.form]} '{d.value}'"


def _resolve(catalog: Catalog, d: Declaration) -> Resolution:
    if d.form == "id":
        return catalog.resolve_id(d.value)
    if d.form == "name":
        return catalog.resolve_name(d.value)
    return catalog.resolve_link(d.value)


def _chosen(catalog: Catalog, resolution: Resolution) -> tuple[str, ...]:
    """The licenses a declaration applies: for a choice (`A OR B`), the least restrictive alternative,
    since the licensee may pick it; an alternative is as restrictive as its most restrictive license."""

    def rank(license_id: str) -> int:
        category = catalog.get(license_id).category
        return _RESTRICTIVENESS.index(category) if category in _RESTRICTIVENESS else len(_RESTRICTIVENESS)

    return min(resolution.alternatives, key=lambda alternative: max(map(rank, alternative)))


def own_licenses(metadata: ModelMetadata, catalog: Catalog, inherited: list[str]) -> OwnLicenses:
    """`inherited`: ids of licenses passed on by ancestors, offered as the fix when the model declares none."""
    own = OwnLicenses()
    known: list[tuple[Declaration, tuple[str, ...]]] = []
    placeholders: dict[str, Declaration] = {}
    has_specific = False
    for d in metadata.declarations:
        r = _resolve(catalog, d)
        if r.status == "known":
            ids = _chosen(catalog, r)
            known.append((d, ids))
            own.resolved.append((d, r))
            has_specific |= d.origin == "card" and d.form in ("name", "link")
            via = f" via {r.via}" if r.via else ""
            note = f" (chosen from '{d.value}')" if r.is_choice else ""
            own.declared.extend(LicenseEvidence(i, f"{describe_declaration(d)}{via}{note}", d.location) for i in ids)
        elif r.status == "placeholder" and d.origin == "card" and d.form == "id":
            placeholders.setdefault(d.value.strip().lower(), d)
        elif r.status == "unknown" and d.form != "link":  # links often point at arbitrary pages
            hint = f" Did you mean {', '.join(r.suggestions)}?" if r.suggestions else ""
            own.findings.append(finding(
                "unknown-license",
                f"{describe_declaration(d)} is not a license licheck knows; its terms cannot be checked.{hint}",
                d.location))
        elif r.status == "ambiguous":
            own.findings.append(finding(
                "unknown-license",
                f"{describe_declaration(d)} names a family of licenses, not one license; which version applies is unknown.",
                d.location, fix=catalog.family_guidance(d.value)))

    if "other" in placeholders and not has_specific:
        own.findings.append(finding(
            "unknown-license",
            "card license 'other' names no license licheck can identify: no known license_name or license_link goes with it.",
            placeholders["other"].location,
            fix=catalog.family_guidance("other")))
    if "unknown" in placeholders:
        own.findings.append(finding(
            "unknown-license", "card license 'unknown': the author does not say which license applies.",
            placeholders["unknown"].location,
            fix=catalog.family_guidance("unknown")))

    _detect_from_files(metadata, catalog, own)
    _check_agreement(catalog, known, own)
    _check_policies(catalog, inherited, own)
    _check_presence(metadata, any(d.origin == "card" for d, _ in known), inherited, own)
    return own


def _detect_from_files(metadata: ModelMetadata, catalog: Catalog, own: OwnLicenses) -> None:
    for file in metadata.license_files:
        result = catalog.identify_text(file.text)
        best = result.best
        if best is None or best.grade == "partial":
            if file.role == "license":
                resembles = f" It resembles {best.license_id} ({best.dice:.0%} alike) but differs from it." if best else ""
                own.findings.append(finding(
                    "unknown-license",
                    f"{file.location.path} is not a license text licheck recognises.{resembles}",
                    file.location, severity="info",
                    fix="If this is a known license, ship its unmodified text; otherwise review its terms by hand."))
            continue
        for match in (best, *result.contained):
            own.detected.append(LicenseEvidence(
                match.license_id, f"{file.location.path} ({match.grade} match, {match.dice:.3f}, {match.reference})", file.location))
        if result.tied:
            names = ", ".join([best.license_id, *(m.license_id for m in result.tied)])
            own.findings.append(finding(
                "license-mismatch",
                f"{file.location.path} matches {names} equally well; licheck took {best.license_id}.",
                file.location, severity="info",
                fix="Ship the unmodified text of the exact license version."))


def _check_agreement(catalog: Catalog, known: list[tuple[Declaration, tuple[str, ...]]], own: OwnLicenses) -> None:
    """Every place that names a license should name the same one."""
    by_place = [(describe_declaration(d), d.location, set(ids)) for d, ids in known]
    by_place += [(e.location.path, e.location, {e.license}) for e in own.detected if catalog.is_license(e.license)]
    reported: set[tuple[str, str]] = set()
    for i, (what_a, _, ids_a) in enumerate(by_place):
        for what_b, loc_b, ids_b in by_place[i + 1:]:
            if any(catalog.related(a, b) for a in ids_a for b in ids_b):
                continue
            key = (",".join(sorted(ids_a)), ",".join(sorted(ids_b)))
            if key in reported:
                continue
            reported.add(key)
            own.findings.append(finding(
                "license-mismatch",
                f"{what_a} ({', '.join(sorted(ids_a))}) disagrees with {what_b} ({', '.join(sorted(ids_b))}); "
                "licheck applies both.",
                loc_b))


def _check_policies(catalog: Catalog, inherited: list[str], own: OwnLicenses) -> None:
    """An acceptable-use policy shipped with the model belongs to a license; when neither that license
    nor a related one is declared, detected or inherited, the model is likely relabelled."""
    bound = {lid for i in inherited for lid in catalog.resolve_id(i).licenses}
    bound |= {e.license for e in own.declared + own.detected if catalog.is_license(e.license)}
    for evidence in own.detected:
        owners = catalog.policy_owners(evidence.license)
        if not owners or any(catalog.related(o, b) for o in owners for b in bound):
            continue
        policy = catalog.get(evidence.license)
        declared = ", ".join(sorted(bound)) or "no license"
        own.findings.append(finding(
            "license-mismatch",
            f"{evidence.location.path} is the {policy.name}, which belongs to {', '.join(owners)}; this model "
            f"names {declared}. A model shipping that policy is usually a derivative of a model under "
            f"{owners[0]}; licheck applies the policy.",
            evidence.location,
            fix=f"If the model derives from a model under {owners[0]}, declare that license; otherwise remove the policy file."))


def _check_presence(metadata: ModelMetadata, card_declares: bool, inherited: list[str], own: OwnLicenses) -> None:
    if card_declares:
        return
    location = metadata.card or Location(metadata.path)
    elsewhere = own.declared + own.detected
    if elsewhere:
        found = ", ".join(dict.fromkeys(e.license for e in elsewhere))
        where = elsewhere[0].location.path if elsewhere[0].location else "the metadata"
        own.findings.append(finding(
            "missing-license",
            f"the model card declares no license, although {where} says {found}; "
            "the Hub shows no license for this model.",
            location, severity="warning",
            fix=f"Add `license:` for {found} to the README.md front matter."))
        return
    fix = (f"Declare the license its base models pass on ({', '.join(inherited)}) in the README.md front matter."
           if inherited else None)
    own.findings.append(finding(
        "missing-license",
        "the model declares no license (no `license:` in the card, no license metadata in weight headers, "
        "no recognised LICENSE file); nobody may use it.",
        location, fix=fix))
