"""The organisation's own license policy: allow and deny lists.

Every license that binds the model is checked: what its metadata declares, what its license files
contain, and what its ancestors pass on. A declared expression keeps its meaning: `A OR B` passes
when either choice passes, `A AND B` only when both do.
"""

from __future__ import annotations

from licheck.catalog.catalog import Catalog
from licheck.catalog.license import License
from licheck.engine.codes import finding
from licheck.engine.declared import OwnLicenses, describe_declaration
from licheck.engine.inherited import Applicable
from licheck.lineage import describe_path
from licheck.metadata import Location
from licheck.policy import Policy
from licheck.report import Finding


def _refusal(lic: License, policy: Policy) -> tuple[str, str] | None:
    """(finding name, reason) when the policy refuses the license, else None."""
    denied = [s for s in policy.deny if s.matches(lic)]
    if denied:
        return "license-denied", f"matches deny entry {denied[0]}"
    if policy.allow and not any(s.matches(lic) for s in policy.allow):
        return "license-not-allowed", "matches no allow entry"
    return None


def check_license_policy(own: OwnLicenses, inherited: list[Applicable], catalog: Catalog,
                         policy: Policy) -> list[Finding]:
    if not (policy.allow or policy.deny):
        return []
    findings: list[Finding] = []
    checked: set[str] = set()

    def check(lic: License, what: str, location: Location | None, path: tuple[str, ...] = ()) -> None:
        checked.add(lic.id)
        refusal = _refusal(lic, policy)
        if refusal:
            name, reason = refusal
            findings.append(finding(name, f"{lic.name} ({lic.id}), {what}, {reason}.", location,
                                    license_id=lic.id, path=path))

    for declaration, resolution in own.resolved:
        alternatives = [[catalog.get(i) for i in alt if catalog.is_license(i)] for alt in resolution.alternatives]
        if resolution.is_choice:
            refusals = {lic.id: _refusal(lic, policy) for alt in alternatives for lic in alt}
            checked.update(refusals)
            if any(all(refusals[lic.id] is None for lic in alt) for alt in alternatives):
                continue  # the licensee may take a choice the policy accepts
            failing = {i: r for i, r in refusals.items() if r}
            name = "license-denied" if any(n == "license-denied" for n, _ in failing.values()) else "license-not-allowed"
            reasons = "; ".join(f"{i} {reason}" for i, (_, reason) in failing.items())
            findings.append(finding(name, f"no choice in {describe_declaration(declaration)} meets the license "
                                          f"policy ({reasons}).", declaration.location))
            continue
        for lic in alternatives[0]:
            if lic.id not in checked:
                check(lic, f"declared by {describe_declaration(declaration)}", declaration.location)
    for evidence in own.detected:
        if catalog.is_license(evidence.license) and evidence.license not in checked:
            check(catalog.get(evidence.license), f"found in {evidence.location.path}", evidence.location)
    for item in inherited:
        if item.license.id not in checked:
            check(item.license, f"passed on by {item.ancestor.model_id} ({describe_path(item.path)})",
                  item.ancestor.location, item.path)
    return findings
