"""What a distributor must ship with a model, from every license that binds it, and whether the
model folder ships it.

The material: the exact NOTICE lines licenses require (Llama's "Llama 3.1 is licensed under…",
Gemma's "Gemma is provided under…"), the phrases to display where the model is offered ("Built with
Llama"), the license texts that must accompany the model with their official URLs, and the
acceptable-use policies that apply or must be passed on. `licheck notice` writes it; `scan` reports
a folder that lacks the NOTICE lines or the license texts.
"""

from __future__ import annotations

import re

from licheck.catalog.catalog import Catalog
from licheck.engine.codes import finding
from licheck.engine.inherited import Applicable
from licheck.lineage import describe_path
from licheck.metadata import LicenseFile, Location
from licheck.report import Attribution, AttributionItem, Finding, LicenseEvidence

_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\u00a0": " "})


def attribution_for(applicable: list[Applicable], catalog: Catalog) -> Attribution:
    notices, displays, texts, policies = [], [], [], []
    for item in applicable:
        lic = item.license

        def add(into: list, text: str, citation: str, url: str | None = None, note: str | None = None) -> None:
            into.append(AttributionItem(lic.id, text, citation, url, note, item.path))

        if lic.notice:
            add(notices, lic.notice.text, lic.notice.section,
                note="not needed when the model is only offered as a hosted service" if lic.notice.hosted_exempt else None)
        if lic.display:
            add(displays, lic.display.text, lic.display.section, note=lic.display.note)
        if lic.license_copy:
            add(texts, lic.name, lic.license_copy.section, lic.text_url)
        aup = lic.acceptable_use
        if aup:
            policy = catalog.get(aup.policy) if aup.policy else None
            name = policy.name if policy else (aup.policy or f"the acceptable-use terms of {lic.name}")
            add(policies, name, aup.section, aup.url,
                "pass on as an enforceable provision of your terms, and notify recipients" if aup.pass_through
                else "applies to every use; recipients are bound through the license")
    return Attribution(tuple(notices), tuple(displays), tuple(texts), tuple(policies))


def _normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text.translate(_QUOTES)).strip()


def check_attribution(attribution: Attribution, license_files: tuple[LicenseFile, ...],
                      detected: list[LicenseEvidence], catalog: Catalog, location: Location) -> list[Finding]:
    """A NOTICE line no NOTICE file holds, or a license text no file of the folder is, is a finding."""
    findings = []
    notice_text = _normalised("\n".join(f.text for f in license_files if f.role == "notice"))
    for item in attribution.notices:
        if _normalised(item.text) not in notice_text:
            hosted = f"; {item.note}" if item.note else ""
            findings.append(_missing(item, f"no NOTICE file of this model holds the line the "
                                           f"{catalog.get(item.license).name} requires: \"{item.text}\"", hosted, location))
    shipped = {e.license for e in detected}
    for item in attribution.license_texts:
        if not any(catalog.related(item.license, other) for other in shipped):
            where = f" ({item.url})" if item.url else ""
            findings.append(_missing(item, f"the model ships no copy of the {item.text}{where}, which must accompany it",
                                     "", location))
    return findings


def _missing(item: AttributionItem, what: str, note: str, location: Location) -> Finding:
    return finding("missing-attribution", f"{what} ({item.citation}{_via(item)}{note}).", location,
                   license_id=item.license, citation=item.citation, path=item.path)


def _via(item: AttributionItem) -> str:
    return f"; path: {describe_path(item.path)}" if item.path else ""
