"""What a check produces: findings, obligations and licenses per model. Formats render these."""

from __future__ import annotations

import os
from dataclasses import dataclass

from licheck.lineage import Ancestor
from licheck.metadata import Location


@dataclass(frozen=True)
class Acceptance:
    """An accepted exception that covers a finding (see licheck.acceptance)."""

    reason: str
    source: str  # where the configuration states it, e.g. ".licheck.yaml:12"
    expires: str | None = None  # ISO date
    expired: bool = False


@dataclass(frozen=True)
class Finding:
    code: str
    name: str
    severity: str  # error | warning | info
    message: str  # what is wrong
    fix: str  # what to do about it
    license: str | None
    citation: str | None  # the clause of `license` the finding rests on
    location: Location | None
    path: tuple[str, ...] = ()  # lineage from the model to the ancestor the finding comes from
    acceptance: Acceptance | None = None

    @property
    def is_open(self) -> bool:
        """Not covered by an accepted exception that is still in force: it counts towards the exit code."""
        return self.acceptance is None or self.acceptance.expired


@dataclass(frozen=True)
class Obligation:
    kind: str  # license-copy | notice | display | name-prefix | acceptable-use | modification-notice | registration | threshold | territory | output-training
    license: str
    text: str
    citation: str
    condition: str | None = None  # set when the obligation applies only if a condition holds
    path: tuple[str, ...] = ()


@dataclass(frozen=True)
class AttributionItem:
    """One piece of attribution material and the license clause that asks for it."""

    license: str
    text: str  # the exact notice line or display phrase; a license's or policy's name
    citation: str
    url: str | None = None
    note: str | None = None
    path: tuple[str, ...] = ()  # lineage path to the ancestor whose license asks for it


@dataclass(frozen=True)
class Attribution:
    """What a distributor must ship: NOTICE lines, display phrases, license texts, acceptable-use policies."""

    notices: tuple[AttributionItem, ...] = ()
    displays: tuple[AttributionItem, ...] = ()
    license_texts: tuple[AttributionItem, ...] = ()
    use_policies: tuple[AttributionItem, ...] = ()


@dataclass(frozen=True)
class LicenseEvidence:
    """One license as licheck learned it: declared by metadata, detected in a text, or concluded."""

    license: str
    source: str  # e.g. "card license", "LICENSE (exact, 1.000)", "base meta-llama/Llama-3.1-8B"
    location: Location | None = None


@dataclass(frozen=True)
class ModelResult:
    path: str
    name: str
    declared: tuple[LicenseEvidence, ...]
    detected: tuple[LicenseEvidence, ...]
    concluded: tuple[LicenseEvidence, ...]
    lineage: tuple[Ancestor, ...]
    findings: tuple[Finding, ...]
    obligations: tuple[Obligation, ...]
    card: Location | None = None  # the model card, where a finding without a file location is anchored
    datasets: tuple[str, ...] = ()  # the card's `datasets`
    commit: str | None = None  # for a Hub repository: the exact commit checked
    attribution: Attribution = Attribution()

    @property
    def open_findings(self) -> tuple[Finding, ...]:
        """The findings that count towards the exit code (not covered by an exception in force)."""
        return tuple(f for f in self.findings if f.is_open)

    @property
    def accepted_findings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.is_open)

    @property
    def concluded_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(e.license for e in self.concluded))

    def counts(self) -> tuple[int, int, int]:
        """(open errors, open warnings, accepted findings)."""
        open_findings = self.open_findings
        return (sum(f.severity == "error" for f in open_findings), sum(f.severity == "warning" for f in open_findings),
                len(self.accepted_findings))

    def file_location(self, finding: Finding) -> Location:
        """Where to annotate a finding in a file: its own location when that is a file of this model
        (card, config, header, license file), else the card (or the folder when there is none)."""
        location = finding.location
        if location and (location.path == self.path or location.path.startswith(os.path.join(self.path, ""))):
            return location
        return self.card or Location(self.path)


@dataclass(frozen=True)
class LicenseInfo:
    """What a format may say about a license id of the report, without knowing the rule set."""

    id: str
    name: str
    kind: str  # license | acceptable-use-policy
    spdx_id: str | None
    license_ref: str | None
    url: str | None


@dataclass(frozen=True)
class TargetFailure:
    """A target that could not be checked at all."""

    target: str
    message: str


@dataclass(frozen=True)
class Report:
    results: tuple[ModelResult, ...]
    failures: tuple[TargetFailure, ...] = ()
    licenses: tuple[LicenseInfo, ...] = ()  # every license id the results name, described

    def counts(self) -> tuple[int, int, int]:
        """(open errors, open warnings, accepted findings) over every model."""
        per_model = [r.counts() for r in self.results]
        return tuple(sum(c[i] for c in per_model) for i in range(3))

    def license(self, license_id: str) -> LicenseInfo | None:
        return next((info for info in self.licenses if info.id == license_id), None)
