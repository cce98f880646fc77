"""The versioned JSON envelope (documented in docs/json-format.md)."""

from __future__ import annotations

import json
from typing import Any

from licheck import __version__
from licheck.findings import Acceptance
from licheck.metadata import Location
from licheck.report import LicenseEvidence, Report

SCHEMA_VERSION = "1.4"


def _location(location: Location | None) -> dict[str, Any] | None:
    return {"path": location.path, "line": location.line} if location else None


def _evidence(e: LicenseEvidence) -> dict[str, Any]:
    return {"id": e.license, "source": e.source, "location": _location(e.location), "identified": e.identified}


def _acceptance(a: Acceptance | None) -> dict[str, Any] | None:
    if a is None:
        return None
    return {"reason": a.reason, "source": a.source, "expires": a.expires, "expired": a.expired}


def render(report: Report) -> str:
    results: list[dict[str, Any]] = []
    for r in report.results:
        results.append(
            {
                "path": r.path,
                "name": r.name,
                "commit": r.commit,
                "licenses": {
                    "declared": [_evidence(e) for e in r.declared],
                    "detected": [_evidence(e) for e in r.detected],
                    "concluded": [_evidence(e) for e in r.concluded],
                },
                "lineage": [
                    {
                        "id": a.model_id,
                        "relation": a.relation,
                        "detail": a.detail,
                        "path": list(a.path),
                        "depth": a.depth,
                        "through_outputs": a.through_outputs,
                        "licenses": list(a.licenses),
                        "status": a.status,
                        "source": a.source,
                        "location": _location(a.location),
                    }
                    for a in r.lineage
                ],
                "findings": [
                    {
                        "code": f.code,
                        "name": f.name,
                        "severity": f.severity,
                        "message": f.message,
                        "fix": f.fix,
                        "license": f.license,
                        "citation": f.citation,
                        "location": _location(f.location),
                        "path": list(f.path),
                        "accepted": _acceptance(f.acceptance),
                    }
                    for f in r.findings
                ],
                "obligations": [
                    {
                        "kind": o.kind,
                        "license": o.license,
                        "text": o.text,
                        "citation": o.citation,
                        "condition": o.condition,
                        "path": list(o.path),
                    }
                    for o in r.requirements
                ],
            }
        )
    envelope = {
        "schema_version": SCHEMA_VERSION,
        "licheck_version": __version__,
        "results": results,
        "errors": [{"target": f.target, "message": f.message} for f in report.failures],
        "skipped": [{"path": f.path, "reason": f.reason} for f in report.skipped],
    }
    return json.dumps(envelope, indent=2, ensure_ascii=False) + "\n"
