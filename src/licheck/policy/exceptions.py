"""Accepted exceptions: findings a team has reviewed and decided to live with, for a stated reason.

An exception names a finding (code or name), the models it covers (a path glob relative to the
configuration file, or a model name) and optionally a license and an expiry date. An accepted
finding stays in every report, marked with the reason; it no longer fails the run. After its expiry
date an exception stops applying, and the finding says that it did.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import os
from dataclasses import dataclass
from datetime import date
from pathlib import PurePosixPath

from licheck.findings import Acceptance
from licheck.metadata import Location
from licheck.report import ModelResult


@dataclass(frozen=True)
class AcceptedException:
    """An exception of the configuration: a finding it accepts, for which models, why and until when."""

    code: str  # LCnnn
    reason: str
    location: Location  # where the configuration states it
    path: str | None = None  # glob, relative to `base`
    model: str | None = None  # glob on the model's name
    license: str | None = None  # a license id; None: any
    expires: date | None = None
    base: str = "."  # the configuration file's folder

    def covers_model(self, result: ModelResult) -> bool:
        if self.model and not fnmatch.fnmatchcase(result.name.casefold(), self.model.casefold()):
            return False
        return not self.path or _path_matches(result.path, self.base, self.path)

    def covers(self, result: ModelResult, code: str, license_id: str | None) -> bool:
        return code == self.code and (not self.license or license_id == self.license) and self.covers_model(result)


def _path_matches(model_path: str, base: str, pattern: str) -> bool:
    """The model folder is the pattern, or lies under a folder the pattern names."""
    pattern = pattern.strip("/") or "."
    if pattern == ".":
        return True  # the configuration's own folder: every model under it
    relative = os.path.relpath(os.path.abspath(model_path), os.path.abspath(base))
    candidate = PurePosixPath(relative.replace(os.sep, "/"))
    return any(fnmatch.fnmatchcase(str(p), pattern) for p in (candidate, *candidate.parents) if str(p) != ".")


def apply_exceptions(result: ModelResult, exceptions: tuple[AcceptedException, ...], today: date) -> ModelResult:
    """The result with each finding an exception covers marked as accepted, or as past its expiry."""
    if not exceptions:
        return result
    findings = []
    for finding in result.findings:
        match = next((e for e in exceptions if e.covers(result, finding.code, finding.license)), None)
        if match is None:
            findings.append(finding)
            continue
        expired = match.expires is not None and today > match.expires
        acceptance = Acceptance(
            match.reason, str(match.location), match.expires.isoformat() if match.expires else None, expired
        )
        findings.append(dataclasses.replace(finding, acceptance=acceptance))
    return dataclasses.replace(result, findings=tuple(findings))


def stale_exceptions(
    results: tuple[ModelResult, ...], exceptions: tuple[AcceptedException, ...]
) -> list[AcceptedException]:
    """Exceptions that cover a checked model but none of its findings: fixed since, or mistyped."""
    used = {f.acceptance.source for r in results for f in r.findings if f.acceptance}
    return [e for e in exceptions if str(e.location) not in used and any(e.covers_model(r) for r in results)]
