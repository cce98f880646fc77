"""The intended use against every applicable license: purpose, thresholds, territory, naming."""

from __future__ import annotations

import re

from licheck.engine.codes import finding
from licheck.engine.inherited import Applicable
from licheck.lineage import describe_path
from licheck.metadata import Location
from licheck.policy import Policy
from licheck.report import Finding

MULTIMODAL_TASKS = frozenset({
    "image-text-to-text", "visual-question-answering", "image-to-text", "video-text-to-text",
    "any-to-any", "audio-text-to-text", "document-question-answering", "visual-document-retrieval",
})
# threshold metric -> (how it reads, the option that gives its number)
METRICS = {
    "monthly-active-users": ("monthly active users", "--mau"),
    "annual-revenue-usd": ("US$ annual revenue", "--revenue"),
    "monthly-revenue-usd": ("US$ monthly revenue", "--revenue"),
}


def policy_value(metric: str, policy: Policy) -> float | None:
    """The intended use's number for a threshold metric, or None when it was not given."""
    if metric == "monthly-active-users":
        return policy.mau
    if metric == "annual-revenue-usd" or policy.revenue_usd is None:
        return policy.revenue_usd
    return policy.revenue_usd / 12  # a monthly limit against the annual figure spread evenly


def _via(item: Applicable) -> str:
    if not item.path:
        return ""
    how = "learned from its outputs" if item.ancestor.through_outputs else "inherited"
    return f" ({how}: {describe_path(item.path)})"


def check_purpose(applicable: list[Applicable], policy: Policy, location: Location) -> list[Finding]:
    findings = []
    for item in applicable:
        lic = item.license
        if not lic.restricts_commercial_use:
            continue
        purpose = lic.purpose.value if lic.purpose else "non-commercial"
        cite = lic.purpose.section if lic.purpose else lic.permissions["commercial_use"].section
        if policy.commercial:
            findings.append(finding(
                "non-commercial-use",
                f"{lic.name} allows {purpose} use only ({cite}), but the intended use is commercial{_via(item)}.",
                location, license_id=lic.id, citation=cite, path=item.path))
        elif purpose in ("research-only", "non-production"):
            findings.append(finding(
                "non-commercial-use",
                f"{lic.name} is narrower than non-commercial: {purpose} use only ({cite}){_via(item)}.",
                location, severity="warning", license_id=lic.id, citation=cite, path=item.path,
                fix="Confirm the use is research or evaluation in a non-production setting."))
    return findings


def check_thresholds(applicable: list[Applicable], policy: Policy, location: Location) -> list[Finding]:
    findings = []
    for item in applicable:
        for threshold in item.license.thresholds:
            value = policy_value(threshold.metric, policy)
            if value is None or value <= threshold.limit:
                continue
            words = METRICS[threshold.metric][0]
            findings.append(finding(
                "mau-threshold" if threshold.metric == "monthly-active-users" else "revenue-threshold",
                f"{item.license.name}: the intended use ({value:,.0f} {words}) exceeds the limit of "
                f"{threshold.limit:,.0f} ({threshold.section}; measured: {threshold.measured}) — "
                f"{threshold.consequence}{_via(item)}",
                location, license_id=item.license.id, citation=threshold.section, path=item.path))
    return findings


def is_multimodal(pipeline_tag: str | None, tags: tuple[str, ...], ancestors_multimodal: bool) -> bool:
    lowered = {t.lower() for t in tags}
    return (pipeline_tag in MULTIMODAL_TASKS or ancestors_multimodal
            or bool(lowered & {"multimodal", "vision", "vision-language", "image-text-to-text"}))


def check_territory(applicable: list[Applicable], policy: Policy, multimodal: bool, location: Location) -> list[Finding]:
    findings = []
    if policy.territory is None:
        return findings
    for item in applicable:
        for limit in item.license.territory:
            hit = [region for region in limit.excluded if policy.in_region(region)]
            if not hit:
                continue
            scoped = limit.scope == "multimodal-models"
            if scoped and not multimodal:
                findings.append(finding(
                    "territory-excluded",
                    f"{item.license.name} excludes {', '.join(hit)} for multimodal models ({limit.section}); "
                    f"this model does not look multimodal, so the exclusion does not apply{_via(item)}.",
                    location, severity="info", license_id=item.license.id, citation=limit.section, path=item.path,
                    fix="If the model does take images or other non-text input, treat this as an error."))
                continue
            scope = " for multimodal models" if scoped else ""
            findings.append(finding(
                "territory-excluded",
                f"{item.license.name} grants no rights in {', '.join(hit)}{scope} ({limit.section}); "
                f"the intended territory is {policy.territory}{_via(item)}.",
                location, license_id=item.license.id, citation=limit.section, path=item.path))
    return findings


def _normalised(name: str) -> str:
    return re.sub(r"[\s_.\-]+", "", name.split("/")[-1]).casefold()


def check_naming(applicable: list[Applicable], model_name: str, name_location: Location, derivative: bool) -> list[Finding]:
    if not derivative:
        return []
    findings = []
    for item in applicable:
        naming = item.license.naming
        if naming is None or _normalised(model_name).startswith(_normalised(naming.prefix)):
            continue
        findings.append(finding(
            "naming-rule",
            f"the model is named '{model_name}', but {item.license.name} requires \"{naming.prefix}\" at the "
            f"beginning of the name of a model built with it ({naming.section}){_via(item)}.",
            name_location, license_id=item.license.id, citation=naming.section, path=item.path,
            fix=f"Rename the model so that it begins with \"{naming.prefix}\", e.g. '{naming.prefix}-{model_name.split('/')[-1]}'."))
    return findings
