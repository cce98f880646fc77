"""What a model's training material binds it to: its datasets' terms, and the terms of the models
whose outputs it learned from (LC018–LC020).

Whether trained weights are adapted material of their training data is not settled law; licheck
takes the careful reading and reports a dataset's restrictions against the intended use, so that a
person decides (and records the decision as an accepted exception).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from licheck.catalog.license import License
from licheck.engine.context import Applicable, Context
from licheck.findings import Finding, FindingKind
from licheck.lineage import Ancestor, describe_path
from licheck.vocabulary import DerivativeTerms, OutputTrainingRule, Severity

_UNSETTLED = (
    "licheck treats a model as bound by its training data's terms; whether trained weights are "
    "adapted material of a dataset is not settled, so have this reviewed"
)


def _dataset_terms(ctx: Context) -> Iterator[Finding]:
    for dataset in ctx.lineage.datasets:
        for license_id in dataset.licenses if dataset.resolved else ():
            lic = ctx.catalog.get(license_id)
            if lic is not None and ctx.catalog.is_license(license_id):
                yield from _restrictions(ctx, dataset, lic)


def _restrictions(ctx: Context, dataset: Ancestor, lic: License) -> Iterator[Finding]:
    item = Applicable(lic, dataset)
    disagreement = f" ({dataset.note}; licheck applies every license they name)" if dataset.note else ""
    opening = f"training dataset '{dataset.model_id}' is under {lic.name}{disagreement}, which"
    via = describe_path(dataset.path)
    if (clause := lic.purpose_clause) is not None and ctx.policy.commercial:
        purpose, cite = clause
        message = (
            f"{opening} allows {purpose} use only ({cite}), but the intended use is commercial (path: {via}); "
            f"{_UNSETTLED}."
        )
        fix = (
            "Retrain without the dataset, obtain a commercial license for it, or scan with --non-commercial if the "
            "use is not commercial."
        )
        yield item.finding(DATASET_TERMS, message, dataset.location, cite, fix=fix)
    section = lic.derivatives.section if lic.derivatives else ""
    if lic.derivative_terms is DerivativeTerms.NO_DERIVATIVES:
        message = f"{opening} does not allow sharing adapted material ({section}; path: {via}); {_UNSETTLED}."
        yield item.finding(DATASET_TERMS, message, dataset.location, section, severity=Severity.WARNING)
    elif (
        lic.derivative_terms is DerivativeTerms.SHARE_ALIKE
        and ctx.declared_ids
        and not any(ctx.catalog.keeps_terms(d, lic) for d in ctx.declared_ids)
    ):
        message = (
            f"{opening} requires adapted material to carry the same or a compatible license ({section}; "
            f"path: {via}), and this model declares {', '.join(ctx.declared_ids)}; {_UNSETTLED}."
        )
        compatible = lic.derivatives.compatible if lic.derivatives else ()
        fix = (
            f"License the model under one of {', '.join(dict.fromkeys([lic.id, *compatible]))}, or record the "
            "review's conclusion as an accepted exception."
        )
        yield item.finding(DATASET_TERMS, message, dataset.location, section, severity=Severity.WARNING, fix=fix)


DATASET_TERMS = FindingKind(
    code="LC018",
    name="dataset-terms",
    severity=Severity.ERROR,
    summary=(
        "A training dataset's license restricts the model's intended use: non-commercial, no-derivatives or "
        "share-alike terms."
    ),
    why=(
        "A model trained on a CC-BY-NC dataset and used commercially, or trained on CC-BY-SA data and released "
        "under another license, may breach the dataset's terms. Whether trained weights are adapted material of "
        "their data is not settled law; licheck takes the careful reading, so that a person decides. "
        "Non-commercial terms against a commercial use are errors; share-alike and no-derivatives are warnings."
    ),
    fix=(
        "Retrain without the dataset, obtain other terms from its licensor, or record the reviewed decision as "
        "an accepted exception."
    ),
    check=_dataset_terms,
    term="dataset",
)


def _unknown_training_terms(ctx: Context) -> Iterator[Finding]:
    # Unknown terms matter most when they could forbid the intended (commercial) use.
    severity = Severity.WARNING if ctx.policy.commercial else Severity.INFO
    for dataset in ctx.lineage.datasets:
        if not dataset.resolved:
            yield UNKNOWN_TRAINING_TERMS.finding(
                f"the license of training dataset '{dataset.model_id}' is not known ({dataset.source}); "
                "terms it may carry (non-commercial, share-alike) cannot be checked.",
                dataset.location,
                severity=severity,
                path=dataset.path,
            )
            continue
        for license_id in dataset.licenses:
            if not ctx.catalog.is_license(license_id):
                yield UNKNOWN_TRAINING_TERMS.finding(
                    f"training dataset '{dataset.model_id}' is under '{license_id}', a license licheck has no "
                    f"rule for ({dataset.source}).",
                    dataset.location,
                    severity=severity,
                    path=dataset.path,
                )
    for teacher in ctx.lineage.teachers:
        if not teacher.resolved:
            yield UNKNOWN_TRAINING_TERMS.finding(
                f"this model learned from the outputs of '{teacher.model_id}' (path: {describe_path(teacher.path)}), "
                f"whose terms could not be learned ({teacher.source}); terms on training with its outputs "
                "(e.g. a provider's ban on developing competing models) cannot be checked.",
                teacher.location,
                path=teacher.path,
                fix="Review the terms of use of that model's provider, and record the conclusion as an accepted "
                "exception.",
            )


UNKNOWN_TRAINING_TERMS = FindingKind(
    code="LC019",
    name="unknown-training-terms",
    severity=Severity.WARNING,
    summary=(
        "The license of a training dataset, or the terms of a model whose outputs the model learned from, "
        "could not be learned."
    ),
    why=(
        "Datasets under non-commercial terms, and datasets generated with models whose terms restrict "
        "training on their outputs, are common; an unknown one may carry either. A warning rather than an "
        "error: most datasets are permissive, but a careful reviewer checks each one before release. Under "
        "--non-commercial an unknown dataset license is info."
    ),
    fix=(
        "Name datasets by their Hub id, scan with `--online` to read their cards, or review the dataset's "
        "terms by hand and record the conclusion as an accepted exception."
    ),
    check=_unknown_training_terms,
    basis=(
        "The card's `datasets`, licheck's table of well-known datasets (rules/well-known-datasets.yaml) "
        "and, with --online, the datasets' own cards."
    ),
)


@dataclass(frozen=True)
class _OutputRule:
    """How an output-training rule is reported; None: not by this check."""

    severity: Severity
    addition: str = ""  # what the message adds
    fix: str | None = None  # None: the finding kind's own


# Every rule of the vocabulary has an entry, so a new rule cannot be skipped silently (a test checks it).
OUTPUT_RULES: dict[OutputTrainingRule, _OutputRule | None] = {
    OutputTrainingRule.NO_IMPROVING_OTHER_MODELS: _OutputRule(Severity.ERROR),
    OutputTrainingRule.NO_COMPETING_MODELS: _OutputRule(
        Severity.WARNING,
        " licheck cannot judge whether this model competes.",
        "Confirm that the model is not one the clause forbids, and record that as an accepted exception.",
    ),
    OutputTrainingRule.NON_COMMERCIAL_ONLY: _OutputRule(Severity.ERROR, " The intended use is commercial."),
    OutputTrainingRule.NAMING_AND_DISPLAY: _OutputRule(
        Severity.INFO, fix="Follow the naming and display terms when the model is distributed or made available."
    ),
    # Derivative capture makes the model a derivative: the context applies the whole license as inherited.
    OutputTrainingRule.DERIVATIVE_CAPTURE: None,
}


def _output_training(ctx: Context) -> Iterator[Finding]:
    # "excluding Llama 2 or derivative works thereof" (Llama 2 §1.b.v): a model derived from the weights is
    # exempt. Declaring the license is not deriving from it: only the weights' lineage counts.
    derived_from = {lid for a in ctx.lineage.weights for lid in a.licenses}
    for source in ctx.output_sources:
        lic, ancestor, clause = source.license, source.ancestor, source.license.output_training
        rule = OUTPUT_RULES[clause.rule] if clause else None
        if clause is None or rule is None or ancestor is None:
            continue
        if (clause.rule is OutputTrainingRule.NO_IMPROVING_OTHER_MODELS and lic.id in derived_from) or (
            clause.rule is OutputTrainingRule.NON_COMMERCIAL_ONLY and not ctx.policy.commercial
        ):
            continue
        message = (
            f"this model learned from the outputs of {ancestor.model_id}, which is under {lic.name} (path: "
            f"{describe_path(ancestor.path)}); {clause.note or clause.rule} ({clause.section}).{rule.addition}"
        )
        yield source.finding(
            OUTPUT_TRAINING, message, ancestor.location, clause.section, severity=rule.severity, fix=rule.fix
        )


OUTPUT_TRAINING = FindingKind(
    code="LC020",
    name="output-training",
    severity=Severity.ERROR,
    summary="The model learned from the outputs of a model whose license restricts that use.",
    why=(
        "Model licenses reach models trained on their outputs: Llama 2 and Llama 3 forbid improving other "
        "large language models with them, Stability's community license forbids building competing "
        "foundation models, some licenses allow it only non-commercially, and Llama 3.1+ and Qwen attach "
        "naming and display terms (info). A teacher the table names, or a training dataset generated with "
        "the model, brings these terms in."
    ),
    fix=(
        "Train on data generated with a model whose terms allow it, or follow the license's terms for models "
        "trained on its outputs."
    ),
    check=_output_training,
    term="output-training",
)
