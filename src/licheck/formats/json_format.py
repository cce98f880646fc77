"""The versioned JSON envelope (documented in docs/json-format.md)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from licheck import __version__
from licheck.findings import Acceptance
from licheck.metadata import Location
from licheck.report import LicenseEvidence, ModelResult, Report, SkippedFolder, TargetFailure

SCHEMA_VERSION = "1.5"


def _location(location: Location | None) -> dict[str, Any] | None:
    return {"path": location.path, "line": location.line} if location else None


def _evidence(e: LicenseEvidence) -> dict[str, Any]:
    return {"id": e.license, "source": e.source, "location": _location(e.location), "identified": e.identified}


def _acceptance(a: Acceptance | None) -> dict[str, Any] | None:
    if a is None:
        return None
    return {"reason": a.reason, "source": a.source, "expires": a.expires, "expired": a.expired}


def result_object(r: ModelResult) -> dict[str, Any]:
    """One model's result, as the envelope's `results` and each line of JSON Lines hold it."""
    return {
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
                "inferred": a.inferred,
                "evidence": [
                    {"kind": e.kind, "detail": e.detail, "location": _location(e.location), "strength": e.strength}
                    for e in a.evidence
                ],
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


# Compact, with the C encoder: the indenting encoder is pure Python and held every piece of a large report.
# The values are built afresh for each result and hold no cycle, so none is looked for (a tenth of the time).
encode = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "), check_circular=False).encode


def head() -> str:
    """The envelope up to its first result: each result then follows on a line of its own."""
    return f'{{\n  "schema_version": "{SCHEMA_VERSION}",\n  "licheck_version": {encode(__version__)},\n  "results": ['


def result(r: ModelResult, first: bool) -> str:
    return before_result(first) + result_line(r)


def result_line(r: ModelResult) -> str:
    """One result as the envelope holds it, on one line (a worker makes it; the writer places it)."""
    return encode(result_object(r))


def before_result(first: bool) -> str:
    return "\n    " if first else ",\n    "


def tail(failures: Sequence[TargetFailure], skipped: Sequence[SkippedFolder], any_result: bool) -> str:
    errors = encode([{"target": f.target, "message": f.message} for f in failures])
    skips = encode([{"path": f.path, "reason": f.reason} for f in skipped])
    return ("\n  ]," if any_result else "],") + f'\n  "errors": {errors},\n  "skipped": {skips}\n}}\n'


def render(report: Report) -> str:
    parts = [head(), *(result(r, i == 0) for i, r in enumerate(report.results))]
    parts.append(tail(report.failures, report.skipped, bool(report.results)))
    return "".join(parts)
