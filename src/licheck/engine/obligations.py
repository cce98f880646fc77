"""What the user must do for each applicable license, with the clause it comes from."""

from __future__ import annotations

from licheck.engine.inherited import Applicable
from licheck.engine.use import METRICS, policy_value
from licheck.policy import Policy
from licheck.report import Obligation


def obligations_for(applicable: list[Applicable], policy: Policy, derivative: bool) -> list[Obligation]:
    result: list[Obligation] = []
    for item in applicable:
        lic = item.license

        def add(kind: str, text: str, section: str, condition: str | None = None) -> None:
            result.append(Obligation(kind, lic.id, text, section, condition, item.path))

        if lic.license_copy:
            where = f" ({lic.text_url})" if lic.text_url else ""
            add("license-copy", f"Give every recipient a copy of the {lic.name}{where}.", lic.license_copy.section)
        if lic.attribution:
            add("attribution", lic.attribution.note or "Keep the attribution notices.", lic.attribution.section)
        if lic.notice:
            hosted = " (not needed when offered only as a hosted service)" if lic.notice.hosted_exempt else ""
            add("notice", f"Ship a NOTICE file containing: \"{lic.notice.text}\"{hosted}", lic.notice.section)
        if lic.display:
            add("display", f"Prominently display \"{lic.display.text}\"" + (f" — {lic.display.note}" if lic.display.note else "."),
                lic.display.section)
        if lic.naming and derivative:
            add("name-prefix", f"Begin the model's name with \"{lic.naming.prefix}\".", lic.naming.section)
        if lic.modification_notice and derivative:
            add("modification-notice", lic.modification_notice.note or "Mark the files you modified.",
                lic.modification_notice.section)
        if lic.registration and policy.commercial:
            add("registration", lic.registration.note or "Register with the licensor before commercial use.",
                lic.registration.section)
        aup = lic.acceptable_use
        if aup:
            name = aup.policy or "the acceptable-use policy"
            url = f" ({aup.url})" if aup.url else ""
            if aup.pass_through:
                add("acceptable-use", f"Pass on the use restrictions of {name}{url} as an enforceable provision in "
                                      "the terms you distribute under, and notify downstream users.", aup.section)
            else:
                add("acceptable-use", f"Use must comply with {name}{url}.", aup.section)
        for threshold in lic.thresholds:
            words, option = METRICS[threshold.metric]
            text = f"Above {threshold.limit:,.0f} {words}: {threshold.consequence} Measured: {threshold.measured}"
            checked = policy_value(threshold.metric, policy) is not None
            condition = None if checked else f"not checked: pass {option} to check it"
            add("threshold", text, threshold.section, condition)
        for limit in lic.territory:
            scope = " for multimodal models" if limit.scope == "multimodal-models" else ""
            condition = None if policy.territory else "not checked: pass --territory to check it"
            add("territory", f"No rights in {', '.join(limit.excluded)}{scope}." + (f" {limit.note}" if limit.note else ""),
                limit.section, condition)
        if lic.output_training:
            add("output-training", lic.output_training.note or lic.output_training.rule, lic.output_training.section)
    return result
