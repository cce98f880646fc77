"""What licheck reports: a finding kind (stable code, name, default severity, documentation, and the
check that produces it) and the findings it produces. Every kind is defined once, beside its check,
in licheck.engine.checks; the registry there lists them all."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from licheck.metadata import Location
from licheck.vocabulary import Severity

if TYPE_CHECKING:
    from licheck.engine.context import Context


@dataclass(frozen=True)
class Acceptance:
    """An accepted exception that covers a finding (see licheck.policy.exceptions)."""

    reason: str
    source: str  # where the configuration states it, e.g. ".licheck.yaml:12"
    expires: str | None = None  # ISO date
    expired: bool = False


@dataclass(frozen=True)
class Finding:
    """One finding about a model: its kind, what is wrong and what to do, and the clause and place it rests on."""

    code: str
    name: str
    severity: Severity
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
class FindingKind:
    """One kind of finding. Codes never change meaning; a retired code is never reused."""

    code: str
    name: str
    severity: Severity
    summary: str
    why: str
    fix: str
    check: Callable[[Context], Iterable[Finding]] = field(compare=False, repr=False)
    term: str | None = None  # the license term it rests on: see licheck.reference.findings.TERMS
    basis: str = ""  # what it rests on when that is not a license term

    def finding(
        self,
        message: str,
        location: Location | None,
        *,
        severity: Severity | None = None,
        license_id: str | None = None,
        citation: str | None = None,
        fix: str | None = None,
        path: tuple[str, ...] = (),
    ) -> Finding:
        """A finding of this kind; severity and fix default to the kind's own."""
        return Finding(
            self.code,
            self.name,
            severity or self.severity,
            message,
            fix or self.fix,
            license_id,
            citation,
            location,
            path,
        )

    @property
    def accept_hint(self) -> str:
        """How to accept a finding of this kind, as an exception in the configuration."""
        return (
            f"If it has been reviewed and is acceptable, add an exception to .licheck.yaml (or [tool.licheck]): "
            f"`exceptions: [{{code: {self.code}, path: <model folder>, reason: <why>, expires: <YYYY-MM-DD>}}]`. "
            "It stays in every report, marked accepted, and fails the run again after its expiry date."
        )
