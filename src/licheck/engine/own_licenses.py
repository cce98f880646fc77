"""The model's own licenses as evidence: what its metadata declares (each declaration resolved) and
what its license files are. The findings about them are judged by the checks."""

from __future__ import annotations

from dataclasses import dataclass

from licheck.catalog.catalog import Catalog, Resolution
from licheck.catalog.fingerprint import Identification
from licheck.metadata import Declaration, LicenseFile, ModelMetadata
from licheck.report import LicenseEvidence
from licheck.vocabulary import DeclarationStatus

_ORIGIN = {"card": "card", "gguf": "GGUF header", "safetensors": "safetensors header"}
_FORM = {"id": "license", "name": "license_name", "link": "license_link"}


def describe_declaration(d: Declaration) -> str:
    return f"{_ORIGIN[d.origin]} {_FORM[d.form]} '{d.value}'"


@dataclass(frozen=True)
class ResolvedDeclaration:
    """A declared license id and what the rule set makes of it."""

    declaration: Declaration
    resolution: Resolution
    chosen: tuple[str, ...] = ()  # the licenses it applies (for a choice, the least restrictive one)


@dataclass(frozen=True)
class IdentifiedFile:
    """A license-like file of the model and the license its text was identified as."""

    file: LicenseFile
    identification: Identification

    @property
    def recognised(self) -> bool:
        best = self.identification.best
        return best is not None and best.grade != "partial"


@dataclass(frozen=True)
class OwnLicenses:
    """The model's own licenses: what it declares and what its files hold."""

    declarations: tuple[ResolvedDeclaration, ...]
    files: tuple[IdentifiedFile, ...]
    declared: tuple[LicenseEvidence, ...]
    detected: tuple[LicenseEvidence, ...]

    @property
    def known(self) -> tuple[ResolvedDeclaration, ...]:
        return tuple(d for d in self.declarations if d.resolution.status is DeclarationStatus.KNOWN)

    def license_ids(self) -> list[str]:
        return list(dict.fromkeys(e.license for e in self.declared + self.detected))


_UNIDENTIFIED = (DeclarationStatus.UNKNOWN, DeclarationStatus.AMBIGUOUS, DeclarationStatus.PLACEHOLDER)


def _unidentified(declarations: list[ResolvedDeclaration]) -> list[LicenseEvidence]:
    """What the metadata declares but licheck cannot identify is still declared: reported as written, with
    the license_link that goes with it. `other` only says "see license_name", so a name stands for it."""
    unidentified = [d.declaration for d in declarations if d.resolution.status in _UNIDENTIFIED]
    links = [d.value for d in unidentified if d.form == "link"]
    link = f"; license_link {', '.join(links)}" if links else ""
    named = any(
        d.declaration.form == "name"
        and d.declaration.origin == "card"
        and d.resolution.status is not DeclarationStatus.PLACEHOLDER
        for d in declarations
    )
    return [
        LicenseEvidence(
            d.value,
            f"{describe_declaration(d)}: not a license licheck can identify{link}",
            d.location,
            identified=False,
        )
        for d in unidentified
        if d.form != "link" and not (named and d.form == "id" and d.value.strip().casefold() == "other")
    ]


def _resolved(catalog: Catalog, declaration: Declaration) -> tuple[Resolution, tuple[str, ...]]:
    """What a declaration names and the licenses it applies (none unless known), remembered by form and
    value for the run: a collection repeats a few hundred values (apache-2.0, mit, llama3.1), and each
    resolution normalises the value and looks it up in several tables."""
    if not _RESOLVED or _RESOLVED[0][0] is not catalog or len(_RESOLVED[0][1]) >= _RESOLVED_KEPT:
        _RESOLVED[:] = [(catalog, {})]
    kept = _RESOLVED[0][1]
    key = (declaration.form, declaration.value)
    found = kept.get(key)
    if found is None:
        resolution = catalog.resolve_declaration(declaration)
        found = (resolution, catalog.chosen(resolution) if resolution.status is DeclarationStatus.KNOWN else ())
        if len(declaration.value) <= _VALUE_KEPT:  # a long value, which only a hostile card has, is not kept
            kept[key] = found
    return found


_RESOLVED: list[tuple[Catalog, dict[tuple[str, str], tuple[Resolution, tuple[str, ...]]]]] = []
_RESOLVED_KEPT = 4096
_VALUE_KEPT = 256  # characters: far longer than any license id, name or link


def own_licenses(metadata: ModelMetadata, catalog: Catalog) -> OwnLicenses:
    declarations: list[ResolvedDeclaration] = []
    declared: list[LicenseEvidence] = []
    for d in metadata.declarations:
        resolution, chosen = _resolved(catalog, d)
        if resolution.status is not DeclarationStatus.KNOWN:
            declarations.append(ResolvedDeclaration(d, resolution))
            continue
        declarations.append(ResolvedDeclaration(d, resolution, chosen))
        via = f" via {resolution.via}" if resolution.via else ""
        note = f" (chosen from '{d.value}')" if resolution.is_choice else ""
        declared += [LicenseEvidence(i, f"{describe_declaration(d)}{via}{note}", d.location) for i in chosen]
    declared += _unidentified(declarations)
    files = tuple(IdentifiedFile(f, catalog.identify_text(f.text)) for f in metadata.license_files)
    detected = [
        LicenseEvidence(
            match.license_id,
            f"{f.file.location.path} ({match.grade} match, {match.dice:.3f}, {match.reference})",
            f.file.location,
        )
        for f in files
        if f.recognised
        for match in (f.identification.best, *f.identification.contained)
        if match is not None
    ]
    return OwnLicenses(tuple(declarations), files, tuple(declared), tuple(detected))
