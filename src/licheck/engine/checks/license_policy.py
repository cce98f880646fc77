"""The organisation's own license policy: allow and deny lists (LC014, LC015).

Every license that binds the model is checked: what its metadata declares, what its license files
contain, and what its ancestors pass on. A declared expression keeps its meaning: `A OR B` passes
when either choice passes, `A AND B` only when both do.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from licheck.catalog.license import License
from licheck.engine.context import Context
from licheck.engine.own_licenses import describe_declaration
from licheck.findings import Finding, FindingKind
from licheck.lineage import describe_path
from licheck.metadata import Location
from licheck.policy import Policy
from licheck.vocabulary import Severity


@dataclass(frozen=True)
class _Refusal:
    """Why the intended use's allow or deny list refuses a license."""

    denied: bool  # True: a deny entry matches; False: no allow entry does
    message: str
    location: Location | None
    license_id: str | None = None
    path: tuple[str, ...] = ()


def _refusal(lic: License, policy: Policy) -> tuple[bool, str] | None:
    """(denied, reason) when the policy refuses the license, else None."""
    denied = [s for s in policy.deny if s.matches(lic)]
    if denied:
        return True, f"matches deny entry {denied[0]}"
    if policy.allow and not any(s.matches(lic) for s in policy.allow):
        return False, "matches no allow entry"
    return None


def _refusals(ctx: Context) -> list[_Refusal]:
    """Every refusal of the policy, in the order the licenses bind: declared, shipped, inherited."""
    policy, catalog = ctx.policy, ctx.catalog
    if not (policy.allow or policy.deny):
        return []
    found: list[_Refusal] = []
    checked: set[str] = set()

    def check(lic: License, what: str, location: Location | None, path: tuple[str, ...] = ()) -> None:
        checked.add(lic.id)
        refusal = _refusal(lic, policy)
        if refusal:
            found.append(_Refusal(refusal[0], f"{lic.name} ({lic.id}), {what}, {refusal[1]}.", location, lic.id, path))

    for d in ctx.own.known:
        declaration, resolution = d.declaration, d.resolution
        alternatives = [
            [lic for lic in map(catalog.get, alt) if lic and catalog.is_license(lic.id)]
            for alt in resolution.alternatives
        ]
        if resolution.is_choice:
            # The choices are not marked checked: a license a base passes on, or a file ships, binds whatever
            # the licensee chooses, so it is checked again below.
            refusals = {lic.id: _refusal(lic, policy) for alt in alternatives for lic in alt}
            if any(all(refusals[lic.id] is None for lic in alt) for alt in alternatives):
                continue  # the licensee may take a choice the policy accepts
            failing = {i: r for i, r in refusals.items() if r}
            reasons = "; ".join(f"{i} {reason}" for i, (_, reason) in failing.items())
            found.append(
                _Refusal(
                    any(denied for denied, _ in failing.values()),
                    f"no choice in {describe_declaration(declaration)} meets the license policy ({reasons}).",
                    declaration.location,
                )
            )
            continue
        for lic in alternatives[0]:
            if lic.id not in checked:
                check(lic, f"declared by {describe_declaration(declaration)}", declaration.location)
    for evidence in ctx.own.detected:
        shipped = catalog.get(evidence.license)
        if shipped and catalog.is_license(shipped.id) and shipped.id not in checked and evidence.location:
            check(shipped, f"found in {evidence.location.path}", evidence.location)
    for item in ctx.inherited:
        if item.license.id not in checked and item.ancestor:
            check(
                item.license,
                f"passed on by {item.ancestor.model_id} ({describe_path(item.path)})",
                item.ancestor.location,
                item.path,
            )
    return found


def _findings(ctx: Context, kind: FindingKind, denied: bool) -> Iterator[Finding]:
    for refusal in ctx.derived(_refusals):
        if refusal.denied is denied:
            yield kind.finding(refusal.message, refusal.location, license_id=refusal.license_id, path=refusal.path)


LICENSE_DENIED: FindingKind = FindingKind(
    code="LC014",
    name="license-denied",
    severity=Severity.ERROR,
    summary="A license that binds the model is on the deny list of the license policy.",
    why=(
        "The deny list (in .licheck.yaml, [tool.licheck] or a preset) names licenses, families, categories "
        "or kinds of terms the organisation does not accept. Inherited licenses count: a permissive tag "
        "on a fine-tune of a denied model does not pass."
    ),
    fix="Pick a model under an accepted license, or record an accepted exception with its reason.",
    check=lambda ctx: _findings(ctx, LICENSE_DENIED, denied=True),
    basis="Your license policy: the deny list of the configuration or of a preset.",
)

LICENSE_NOT_ALLOWED: FindingKind = FindingKind(
    code="LC015",
    name="license-not-allowed",
    severity=Severity.ERROR,
    summary="The license policy has an allow list, and a license that binds the model is not on it.",
    why=(
        "With an allow list, every license that binds the model (declared, found in its files, or "
        "passed on by an ancestor) must match an entry; for `A OR B` one choice must."
    ),
    fix=(
        "Pick a model under an allowed license, add the license to the allow list after review, or record "
        "an accepted exception with its reason."
    ),
    check=lambda ctx: _findings(ctx, LICENSE_NOT_ALLOWED, denied=False),
    basis="Your license policy: the allow list of the configuration or of a preset.",
)
