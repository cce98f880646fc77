"""What a model's training material binds it to: its datasets' terms, and the terms of the models
whose outputs it learned from (a teacher, or the model a dataset was generated with).

Whether trained weights are adapted material of their training data is not settled law; licheck
takes the careful reading and reports a dataset's restrictions against the intended use, so that a
person decides (and records the decision as an accepted exception).
"""

from __future__ import annotations

from licheck.catalog.catalog import Catalog
from licheck.catalog.license import License
from licheck.engine.codes import finding
from licheck.engine.inherited import Applicable
from licheck.lineage import Ancestor, describe_path
from licheck.policy import Policy
from licheck.report import Finding

_UNSETTLED = ("licheck treats a model as bound by its training data's terms; whether trained weights are "
              "adapted material of a dataset is not settled, so have this reviewed")


def check_datasets(lineage: tuple[Ancestor, ...], declared_ids: list[str], catalog: Catalog,
                   policy: Policy) -> list[Finding]:
    findings = []
    for dataset in (a for a in lineage if a.relation == "dataset"):
        via = describe_path(dataset.path)
        # Unknown terms matter most when they could forbid the intended (commercial) use.
        severity = "warning" if policy.commercial else "info"
        if dataset.status != "resolved":
            findings.append(finding(
                "unknown-training-terms",
                f"the license of training dataset '{dataset.model_id}' is not known ({dataset.source}); "
                "terms it may carry (non-commercial, share-alike) cannot be checked.",
                dataset.location, severity=severity, path=dataset.path))
            continue
        for license_id in dataset.licenses:
            lic = catalog.get(license_id)
            if lic is None or not catalog.is_license(license_id):
                findings.append(finding(
                    "unknown-training-terms",
                    f"training dataset '{dataset.model_id}' is under '{license_id}', a license licheck has no "
                    f"rule for ({dataset.source}).", dataset.location, severity=severity, path=dataset.path))
            else:
                findings += _dataset_terms(dataset, lic, declared_ids, catalog, policy, via)
    return findings


def _dataset_terms(dataset: Ancestor, lic: License, declared_ids: list[str], catalog: Catalog, policy: Policy,
                   via: str) -> list[Finding]:
    found = []
    if lic.restricts_commercial_use and policy.commercial:
        purpose = lic.purpose.value if lic.purpose else "non-commercial"
        cite = lic.purpose.section if lic.purpose else lic.permissions["commercial_use"].section
        found.append(finding(
            "dataset-terms",
            f"training dataset '{dataset.model_id}' is under {lic.name}, which allows {purpose} use only ({cite}), "
            f"but the intended use is commercial (path: {via}); {_UNSETTLED}.",
            dataset.location, license_id=lic.id, citation=cite, path=dataset.path,
            fix="Retrain without the dataset, obtain a commercial license for it, or scan with --non-commercial "
                "if the use is not commercial."))
    terms = lic.derivative_terms
    if terms == "no-derivatives":
        found.append(finding(
            "dataset-terms",
            f"training dataset '{dataset.model_id}' is under {lic.name}, which does not allow sharing adapted "
            f"material ({lic.derivatives.section}; path: {via}); {_UNSETTLED}.",
            dataset.location, severity="warning", license_id=lic.id, citation=lic.derivatives.section,
            path=dataset.path))
    elif terms == "share-alike" and declared_ids and not any(
            catalog.related(d, lic.id) or d in lic.derivatives.compatible for d in declared_ids):
        found.append(finding(
            "dataset-terms",
            f"training dataset '{dataset.model_id}' is under {lic.name}, which requires adapted material to carry "
            f"the same or a compatible license ({lic.derivatives.section}; path: {via}), and this model declares "
            f"{', '.join(declared_ids)}; {_UNSETTLED}.",
            dataset.location, severity="warning", license_id=lic.id, citation=lic.derivatives.section,
            path=dataset.path,
            fix=f"License the model under one of {', '.join(dict.fromkeys([lic.id, *lic.derivatives.compatible]))}, or record "
                "the review's conclusion as an accepted exception."))
    return found


def output_sources(lineage: tuple[Ancestor, ...], catalog: Catalog) -> list[Applicable]:
    """Licenses of the models this one learned from the outputs of, each from its nearest holder."""
    found: dict[str, Applicable] = {}
    for ancestor in lineage:
        if not ancestor.through_outputs or ancestor.relation == "dataset":
            continue
        for license_id in ancestor.licenses:
            lic = catalog.get(license_id)
            if lic and lic.id not in found:
                found[lic.id] = Applicable(lic, ancestor)
    return list(found.values())


def naming_from_outputs(sources: list[Applicable]) -> list[Applicable]:
    """The licenses whose naming rule also covers models trained on their outputs (Llama 3.1 and later)."""
    return [s for s in sources if s.license.naming and "outputs" in s.license.naming.triggers]


# output-training rule -> (severity, what the message adds, fix; None: the finding kind's own)
_OUTPUT_RULES = {
    "no-improving-other-models": ("error", "", None),
    "no-competing-models": ("warning", " licheck cannot judge whether this model competes.",
                            "Confirm that the model is not one the clause forbids, and record that as an accepted exception."),
    "non-commercial-only": ("error", " The intended use is commercial.", None),
    "naming-and-display": ("info", "",
                           "Follow the naming and display terms when the model is distributed or made available."),
}


def check_output_training(lineage: tuple[Ancestor, ...], sources: list[Applicable], own_ids: list[str],
                          policy: Policy) -> list[Finding]:
    findings = [_unknown_source(a) for a in lineage
                if a.through_outputs and a.relation != "dataset" and a.status != "resolved"]
    # "excluding Llama 2 or derivative works thereof": a model derived from the weights is exempt.
    derived_from = set(own_ids) | {lid for a in lineage if not a.through_outputs and a.relation != "dataset"
                                   for lid in a.licenses}
    for source in sources:
        lic, ancestor, rule = source.license, source.ancestor, source.license.output_training
        # Derivative capture makes the model a derivative: inherited_licenses applies the whole license.
        if rule is None or rule.rule not in _OUTPUT_RULES:
            continue
        if (rule.rule == "no-improving-other-models" and lic.id in derived_from) or (
                rule.rule == "non-commercial-only" and not policy.commercial):
            continue
        severity, addition, fix = _OUTPUT_RULES[rule.rule]
        findings.append(finding(
            "output-training",
            f"this model learned from the outputs of {ancestor.model_id}, which is under {lic.name} "
            f"(path: {describe_path(ancestor.path)}); {rule.note or rule.rule} ({rule.section}).{addition}",
            ancestor.location, severity=severity, license_id=lic.id, citation=rule.section, fix=fix,
            path=ancestor.path))
    return findings


def _unknown_source(ancestor: Ancestor) -> Finding:
    return finding(
        "unknown-training-terms",
        f"this model learned from the outputs of '{ancestor.model_id}' (path: {describe_path(ancestor.path)}), "
        f"whose terms could not be learned ({ancestor.source}); terms on training with its outputs "
        "(e.g. a provider's ban on developing competing models) cannot be checked.",
        ancestor.location, path=ancestor.path,
        fix="Review the terms of use of that model's provider, and record the conclusion as an accepted exception.")
