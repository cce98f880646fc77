"""What a check produces: findings, obligations and licenses per model. Formats render these."""

from __future__ import annotations

import os
from dataclasses import dataclass

from licheck.findings import Finding
from licheck.lineage import Lineage
from licheck.metadata import Location
from licheck.vocabulary import Severity, Term


class RequirementKind(Term):
    LICENSE_COPY = "license-copy"
    ATTRIBUTION = "attribution"
    NOTICE = "notice"
    DISPLAY = "display"
    NAME_PREFIX = "name-prefix"
    ACCEPTABLE_USE = "acceptable-use"
    MODIFICATION_NOTICE = "modification-notice"
    REGISTRATION = "registration"
    THRESHOLD = "threshold"
    TERRITORY = "territory"
    OUTPUT_TRAINING = "output-training"


# The requirements a NOTICE file carries or lists: what a distributor ships with the model.
ATTRIBUTION_KINDS = (
    RequirementKind.NOTICE,
    RequirementKind.LICENSE_COPY,
    RequirementKind.ACCEPTABLE_USE,
    RequirementKind.DISPLAY,
)


@dataclass(frozen=True)
class Requirement:
    """Something a license that binds the model asks of its user, with the clause that asks for it.

    `text` says what to do; `subject` is the exact material when there is one (the notice line, the
    display phrase, the name of the license text or policy to ship), with its `url` and a `note`.
    """

    kind: RequirementKind
    license: str
    text: str
    citation: str
    subject: str | None = None
    url: str | None = None
    note: str | None = None
    condition: str | None = None  # set when it applies only if a condition holds
    path: tuple[str, ...] = ()  # lineage path to the ancestor whose license asks for it


@dataclass(frozen=True)
class LicenseEvidence:
    """One license as licheck learned it: declared by metadata, detected in a text, or concluded."""

    license: str  # a licheck license id; for an unidentified declaration, the value as written
    source: str  # e.g. "card license", "LICENSE (exact, 1.000)", "base meta-llama/Llama-3.1-8B"
    location: Location | None = None
    identified: bool = True  # False: declared, but not a license licheck can identify (`other`, `exaone`, `gpl`)


@dataclass(frozen=True)
class ModelResult:
    """What was found for one model: its licenses (declared, detected, concluded), lineage, findings and obligations."""

    path: str
    name: str
    declared: tuple[LicenseEvidence, ...]
    detected: tuple[LicenseEvidence, ...]
    concluded: tuple[LicenseEvidence, ...]
    lineage: Lineage
    findings: tuple[Finding, ...]
    requirements: tuple[Requirement, ...]
    card: Location | None = None  # the model card
    anchor: Location | None = None  # a file and line of the model where findings about it as a whole point
    datasets: tuple[str, ...] = ()  # the card's `datasets`
    commit: str | None = None  # for a Hub repository: the exact commit checked
    pipeline_tag: str | None = None  # the card's task, e.g. text-generation

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

    def requirements_of(self, kind: RequirementKind) -> tuple[Requirement, ...]:
        return tuple(r for r in self.requirements if r.kind is kind)

    def counts(self) -> tuple[int, int, int]:
        """(open errors, open warnings, accepted findings)."""
        open_findings = self.open_findings
        return (
            sum(f.severity is Severity.ERROR for f in open_findings),
            sum(f.severity is Severity.WARNING for f in open_findings),
            len(self.accepted_findings),
        )

    def file_location(self, finding: Finding) -> Location:
        """Where to annotate a finding in a file, always a file and a line: its own location when that is a
        line of a file of this model (card, config, header, license file), else the model's anchor."""
        location = finding.location
        inside = location and (location.path == self.path or location.path.startswith(os.path.join(self.path, "")))
        if location and location.line and inside:
            return location
        return self.anchor or self.card or Location(self.path, 1)


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
class SkippedFolder:
    """A folder of a scanned tree that was not checked (not a model, not part of one, holding none), and why."""

    path: str
    reason: str


@dataclass(frozen=True)
class Report:
    """A run's results, the targets it could not check and the folders it skipped, with the licenses they name."""

    results: tuple[ModelResult, ...]
    failures: tuple[TargetFailure, ...] = ()
    licenses: tuple[LicenseInfo, ...] = ()  # every license id the results name, described
    skipped: tuple[SkippedFolder, ...] = ()  # so that every folder of a scanned tree is accounted for

    def counts(self) -> tuple[int, int, int]:
        """(open errors, open warnings, accepted findings) over every model."""
        per_model = [r.counts() for r in self.results]
        return (sum(c[0] for c in per_model), sum(c[1] for c in per_model), sum(c[2] for c in per_model))

    def license(self, license_id: str) -> LicenseInfo | None:
        return next((info for info in self.licenses if info.id == license_id), None)
