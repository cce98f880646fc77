"""The intended use against every license that binds the model: purpose, thresholds, territory and
naming (LC005–LC009)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from licheck.engine.context import Applicable, Context
from licheck.findings import Finding, FindingKind
from licheck.lineage import describe_path
from licheck.policy import METRICS
from licheck.vocabulary import Metric, Purpose, Severity


def via(item: Applicable) -> str:
    """How a license reaches the model, for a message: nothing for its own, else the lineage path."""
    if not item.path:
        return ""
    how = "learned from its outputs" if item.through_outputs else "inherited"
    return f" ({how}: {describe_path(item.path)})"


def _non_commercial_use(ctx: Context) -> Iterator[Finding]:
    for item in ctx.applicable:
        lic = item.license
        if (clause := lic.purpose_clause) is None:
            continue
        purpose, cite = clause
        if ctx.policy.commercial:
            message = f"{lic.name} allows {purpose} use only ({cite}), but the intended use is commercial{via(item)}."
            yield item.finding(NON_COMMERCIAL_USE, message, ctx.located(item), cite)
        elif purpose in (Purpose.RESEARCH_ONLY, Purpose.NON_PRODUCTION):
            message = f"{lic.name} is narrower than non-commercial: {purpose} use only ({cite}){via(item)}."
            fix = "Confirm the use is research or evaluation in a non-production setting."
            yield item.finding(NON_COMMERCIAL_USE, message, ctx.located(item), cite, severity=Severity.WARNING, fix=fix)


NON_COMMERCIAL_USE = FindingKind(
    code="LC005",
    name="non-commercial-use",
    severity=Severity.ERROR,
    summary="A license that applies to the model forbids the intended commercial use.",
    why=(
        "Non-commercial, research-only and non-production licenses (FLUX.1 [dev], CC-BY-NC, Mistral "
        "Research, Qwen Research…) also bind derivatives of models under them."
    ),
    fix=(
        "Use the model only for the purposes the license allows (`--non-commercial`), obtain a "
        "commercial license from the licensor, or pick another base model."
    ),
    check=_non_commercial_use,
    term="purpose",
)


def _exceeded(ctx: Context, kind: FindingKind, metrics: Iterable[Metric]) -> Iterator[Finding]:
    for item in ctx.applicable:
        for threshold in item.license.thresholds:
            value = ctx.policy.amount(threshold.metric)
            if threshold.metric not in metrics or value is None or value <= threshold.limit:
                continue
            if threshold.commercial_only and not ctx.policy.commercial:
                continue  # e.g. Qwen §4: "If you are commercially using the Materials, and …"
            message = (
                f"{item.license.name}: the intended use ({value:,.0f} {METRICS[threshold.metric][0]}) exceeds "
                f"the limit of {threshold.limit:,.0f} ({threshold.section}; measured: {threshold.measured}) — "
                f"{threshold.consequence}{via(item)}"
            )
            yield item.finding(kind, message, ctx.located(item), threshold.section)


MAU_THRESHOLD: FindingKind = FindingKind(
    code="LC006",
    name="mau-threshold",
    severity=Severity.ERROR,
    summary="The intended use exceeds a license's monthly-active-user threshold.",
    why=(
        "Licenses such as Llama (700M) and Qwen (100M) require a separate license above a number of "
        "monthly active users; below it the license applies as written."
    ),
    fix="Request a license from the licensor before use at this scale.",
    check=lambda ctx: _exceeded(ctx, MAU_THRESHOLD, (Metric.MONTHLY_ACTIVE_USERS,)),
    term="monthly-active-users",
)

REVENUE_THRESHOLD: FindingKind = FindingKind(
    code="LC007",
    name="revenue-threshold",
    severity=Severity.ERROR,
    summary="The intended use exceeds a license's revenue threshold.",
    why=(
        "The Stability AI Community License ends for organisations with more than US$1M annual "
        "revenue (with affiliates, from any source)."
    ),
    fix="Obtain an enterprise license from the licensor.",
    check=lambda ctx: _exceeded(ctx, REVENUE_THRESHOLD, (Metric.ANNUAL_REVENUE_USD, Metric.MONTHLY_REVENUE_USD)),
    term="annual-revenue-usd",
)


def _territory_excluded(ctx: Context) -> Iterator[Finding]:
    territory = ctx.policy.territory
    if territory is None:
        return
    for item in ctx.applicable:
        for limit in item.license.territory:
            hit = ", ".join(region for region in limit.excluded if ctx.policy.in_region(region))
            if not hit:
                continue
            name, cite = item.license.name, limit.section
            if limit.scope == "multimodal-models" and not ctx.multimodal:
                message = (
                    f"{name} excludes {hit} for multimodal models ({cite}); this model does not look "
                    f"multimodal, so the exclusion does not apply{via(item)}."
                )
                fix = "If the model does take images or other non-text input, treat this as an error."
                yield item.finding(
                    TERRITORY_EXCLUDED, message, ctx.located(item), cite, severity=Severity.INFO, fix=fix
                )
                continue
            scope = " for multimodal models" if limit.scope == "multimodal-models" else ""
            # --territory is where the licensee is based (domicile, principal place of business); each clause
            # says in its note what it tests (the Llama 3.2+ policies do not bind end users there).
            note = f" {limit.note}" if limit.note else ""
            message = (
                f"{name} grants no rights in {hit}{scope} ({cite}); the licensee is based in {territory}"
                f"{via(item)}.{note}"
            )
            yield item.finding(TERRITORY_EXCLUDED, message, ctx.located(item), cite)


TERRITORY_EXCLUDED = FindingKind(
    code="LC008",
    name="territory-excluded",
    severity=Severity.ERROR,
    summary="A license or its acceptable-use policy excludes the intended territory.",
    why=(
        "Some licenses grant no rights in named territories (e.g. the Llama 3.2+ policies for "
        "multimodal models in the EU, Tencent Hunyuan outside its Territory)."
    ),
    fix="Do not use or distribute the model there, or obtain a license that covers the territory.",
    check=_territory_excluded,
    term="territory",
)


def _normalised(name: str) -> str:
    return re.sub(r"[\s_.\-]+", "", name.rsplit("/", maxsplit=1)[-1]).casefold()


def _naming_rule(ctx: Context) -> Iterator[Finding]:
    """A derivative's name, and the name of a model trained on the outputs of a license whose naming
    rule covers outputs (Llama 3.1 and later), must begin with the required prefix."""
    bound = {a.license.id for a in ctx.applicable}
    from_outputs = [
        s
        for s in ctx.output_sources
        if s.license.naming and "outputs" in s.license.naming.triggers and s.license.id not in bound
    ]
    model_name, location = ctx.model_name
    named = ctx.applicable if ctx.derivative or ctx.repackaging else []
    for item in named + from_outputs:
        naming = item.license.naming
        if naming is None or _normalised(model_name).startswith(_normalised(naming.prefix)):
            continue
        if ctx.repackaging and naming.repackaged and item not in from_outputs:
            message = (
                f'the naming rule of {item.license.name} ("{naming.prefix}" at the beginning of the name, '
                f"{naming.section}) is not applied to this repackaging of its base: {naming.repackaged}"
            )
            fix = f'If the model is presented as a new model, begin its name with "{naming.prefix}".'
            yield item.finding(NAMING_RULE, message, location, naming.section, severity=Severity.INFO, fix=fix)
            continue
        message = (
            f"the model is named '{model_name}', but {item.license.name} requires \"{naming.prefix}\" at the "
            f"beginning of the name of a model built with it ({naming.section}){via(item)}."
        )
        fix = (
            f'Rename the model so that it begins with "{naming.prefix}", e.g. '
            f"'{naming.prefix}-{model_name.split('/')[-1]}'."
        )
        yield item.finding(NAMING_RULE, message, location, naming.section, fix=fix)


NAMING_RULE = FindingKind(
    code="LC009",
    name="naming-rule",
    severity=Severity.ERROR,
    summary="The model's name does not begin with the prefix a license in its lineage requires.",
    why=(
        'Llama 3 requires "Llama 3", and Llama 3.1 and later "Llama", at the beginning of the '
        "name of any model built with them (for 3.1+ also when trained on their outputs)."
    ),
    fix=(
        "Rename the model so that its name begins with the required prefix (`--model-name` checks a "
        "name before you publish)."
    ),
    check=_naming_rule,
    term="naming",
)
