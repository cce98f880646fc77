"""The model's own licenses: what its metadata declares, what its license files contain, and the
findings about those two (missing, unknown, contradictory)."""

from __future__ import annotations

from dataclasses import dataclass, field

from licheck.catalog.catalog import Catalog, Resolution
from licheck.catalog.license import License
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

    def license_ids(self) -> list[str]:
        return list(dict.fromkeys(e.license for e in self.declared + self.detected))


def _describe(d: Declaration) -> str:
    return f"{_ORIGIN[d.origin]} {_FORM[d.form]} '{d.value}'"


def _resolve(catalog: Catalog, d: Declaration) -> Resolution:
    if d.form == "id":
        return catalog.resolve_id(d.value)
    if d.form == "name":
        return catalog.resolve_name(d.value)
    return catalog.resolve_link(d.value)


def _choose(catalog: Catalog, ids: tuple[str, ...]) -> tuple[str, ...]:
    """For `A OR B`, the licensee may pick; licheck checks against the least restrictive choice."""
    ranked = sorted(ids, key=lambda i: _RESTRICTIVENESS.index(catalog.get(i).category)
                    if catalog.get(i).category in _RESTRICTIVENESS else len(_RESTRICTIVENESS))
    return ranked[:1]


def own_licenses(metadata: ModelMetadata, catalog: Catalog) -> OwnLicenses:
    own = OwnLicenses()
    resolved: list[tuple[Declaration, Resolution]] = [(d, _resolve(catalog, d)) for d in metadata.declarations]
    card_ids = [(d, r) for d, r in resolved if d.origin == "card" and d.form == "id"]
    says_other = any(r.status == "placeholder" and d.value.strip().lower() == "other" for d, r in card_ids)
    specific = [(d, r) for d, r in resolved if d.form in ("name", "link") and d.origin == "card"]

    for d, r in resolved:
        if r.status == "known":
            ids = _choose(catalog, r.licenses) if r.operator == "OR" else r.licenses
            via = f" via {r.via}" if r.via else ""
            note = f" (chosen from '{d.value}')" if r.operator == "OR" else ""
            own.declared.extend(LicenseEvidence(i, f"{_describe(d)}{via}{note}", d.location) for i in ids)
        elif r.status == "unknown" and d.form != "link":  # links often point at arbitrary pages
            hint = f" Did you mean {', '.join(r.suggestions)}?" if r.suggestions else ""
            own.findings.append(finding(
                "unknown-license",
                f"{_describe(d)} is not a license licheck knows; its terms cannot be checked.{hint}",
                d.location))
        elif r.status == "ambiguous":
            own.findings.append(finding(
                "unknown-license",
                f"{_describe(d)} names a family of licenses, not one license; which version applies is unknown.",
                d.location, fix="Declare the exact license id, e.g. cc-by-4.0 instead of cc, gpl-3.0 instead of gpl."))

    if says_other and not any(r.status == "known" for _, r in specific):
        d = next(d for d, r in card_ids if d.value.strip().lower() == "other")
        own.findings.append(finding(
            "unknown-license",
            "card license 'other' names no license licheck can identify: no known license_name or license_link goes with it.",
            d.location, fix="Add `license_name:` (the license's slug) and `license_link:` (its text) to the card."))
    if any(r.status == "placeholder" and d.value.strip().lower() == "unknown" for d, r in card_ids):
        d = next(d for d, r in card_ids if d.value.strip().lower() == "unknown")
        own.findings.append(finding(
            "unknown-license", "card license 'unknown': the author does not say which license applies.", d.location,
            fix="Find out under which license the weights were released and declare it; until then, treat the model as unusable."))

    _detect_from_files(metadata, catalog, own)
    _check_agreement(catalog, resolved, own)
    _check_presence(metadata, own)
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


def _kind_of(catalog: Catalog, license_id: str) -> str:
    lic: License | None = catalog.get(license_id)
    return lic.kind if lic else "license"


def _check_agreement(catalog: Catalog, resolved, own: OwnLicenses) -> None:
    """Every place that names a license should name the same one."""
    by_place: list[tuple[str, Location, set[str]]] = []
    for d, r in resolved:
        if r.status == "known":
            ids = set(_choose(catalog, r.licenses) if r.operator == "OR" else r.licenses)
            by_place.append((_describe(d), d.location, ids))
    for e in own.detected:
        if _kind_of(catalog, e.license) == "license":
            by_place.append((e.location.path, e.location, {e.license}))
    reported: set[tuple[str, str]] = set()
    for i, (what_a, loc_a, ids_a) in enumerate(by_place):
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


def _check_presence(metadata: ModelMetadata, own: OwnLicenses) -> None:
    location = metadata.card or Location(metadata.path)
    if any(e.source.startswith("card ") for e in own.declared):
        return
    elsewhere = [e for e in own.declared + own.detected]
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
    own.findings.append(finding(
        "missing-license",
        "the model declares no license (no `license:` in the card, no license metadata in weight headers, "
        "no recognised LICENSE file); nobody may use it.",
        location))
