"""What each license that binds the model asks of its user, computed once per model and rendered as
the obligations of every report, the NOTICE file, and the missing-attribution check."""

from __future__ import annotations

from typing import TYPE_CHECKING

from licheck.catalog.catalog import Catalog
from licheck.policy import METRICS, Policy
from licheck.report import Requirement, RequirementKind

if TYPE_CHECKING:
    from licheck.engine.context import Applicable, Context

K = RequirementKind


def requirements_for(ctx: Context) -> tuple[Requirement, ...]:
    found: list[Requirement] = []
    for item in ctx.applicable:
        found += _remembered(item, ctx)
    return tuple(found)


def _remembered(item: Applicable, ctx: Context) -> tuple[Requirement, ...]:
    """A license's requirements on a model, which depend on nothing else than the license, the lineage
    path it comes by, whether the model is a derivative or a repackaging, and the run's catalog and
    policy: a collection meets the same few combinations in every model, so each is made once."""
    if not _KEPT or _KEPT[0][0] is not ctx.catalog or _KEPT[0][1] is not ctx.policy or len(_KEPT[0][2]) > _KEEP:
        _KEPT[:] = [(ctx.catalog, ctx.policy, {})]
    kept = _KEPT[0][2]
    key = (item.license.id, item.path, ctx.derivative, ctx.repackaging)
    found = kept.get(key)
    if found is None:
        found = tuple(_of(item, ctx))
        if sum(map(len, item.path)) <= _PATH_KEPT:  # long model ids, which only hostile metadata has, are not kept
            kept[key] = found
    return found


_KEPT: list[tuple[Catalog, Policy, dict[tuple[str, tuple[str, ...], bool, bool], tuple[Requirement, ...]]]] = []
_KEEP = 4096
_PATH_KEPT = 1024  # characters of the lineage path's model ids


def _of(item: Applicable, ctx: Context) -> list[Requirement]:
    lic, policy, path = item.license, ctx.policy, item.path
    found: list[Requirement] = []

    def add(
        kind: RequirementKind,
        text: str,
        citation: str,
        *,
        subject: str | None = None,
        url: str | None = None,
        note: str | None = None,
        condition: str | None = None,
    ) -> None:
        found.append(Requirement(kind, lic.id, text, citation, subject, url, note, condition, path))

    if lic.license_copy:
        where = f" ({lic.text_url})" if lic.text_url else ""
        add(
            K.LICENSE_COPY,
            f"Give every recipient a copy of the {lic.name}{where}.",
            lic.license_copy.section,
            subject=lic.name,
            url=lic.text_url,
        )
    if lic.attribution:
        add(K.ATTRIBUTION, lic.attribution.note or "Keep the attribution notices.", lic.attribution.section)
    if lic.notice:
        hosted = "not needed when the model is only offered as a hosted service" if lic.notice.hosted_exempt else None
        add(
            K.NOTICE,
            f'Ship a NOTICE file containing: "{lic.notice.text}"'
            + (" (not needed when offered only as a hosted service)" if hosted else ""),
            lic.notice.section,
            subject=lic.notice.text,
            note=hosted,
        )
    if lic.display:
        add(
            K.DISPLAY,
            f'Prominently display "{lic.display.text}"' + (f" — {lic.display.note}" if lic.display.note else "."),
            lic.display.section,
            subject=lic.display.text,
            note=lic.display.note,
        )
    if lic.naming and (ctx.derivative or (ctx.repackaging and not lic.naming.repackaged)):
        add(
            K.NAME_PREFIX,
            f'Begin the model\'s name with "{lic.naming.prefix}".',
            lic.naming.section,
            subject=lic.naming.prefix,
        )
    if lic.modification_notice and ctx.derivative:
        add(
            K.MODIFICATION_NOTICE,
            lic.modification_notice.note or "Mark the files you modified.",
            lic.modification_notice.section,
        )
    if lic.registration and policy.commercial:
        add(
            K.REGISTRATION,
            lic.registration.note or "Register with the licensor before commercial use.",
            lic.registration.section,
        )
    aup = lic.acceptable_use
    if aup:
        document = ctx.catalog.get(aup.policy) if aup.policy else None
        name = document.name if document else (aup.policy or f"the acceptable-use terms of {lic.name}")
        url = f" ({aup.url})" if aup.url else ""
        if aup.pass_through:
            add(
                K.ACCEPTABLE_USE,
                f"Pass on the use restrictions of {name}{url} as an enforceable provision in the "
                "terms you distribute under, and notify downstream users.",
                aup.section,
                subject=name,
                url=aup.url,
                note="pass on as an enforceable provision of your terms, and notify recipients",
            )
        else:
            add(
                K.ACCEPTABLE_USE,
                f"Use must comply with {name}{url}.",
                aup.section,
                subject=name,
                url=aup.url,
                note="applies to every use; recipients are bound through the license",
            )
    for threshold in lic.thresholds:
        words, option = METRICS[threshold.metric]
        checked = policy.amount(threshold.metric) is not None
        scope = " (commercial use only)" if threshold.commercial_only else ""
        add(
            K.THRESHOLD,
            f"Above {threshold.limit:,.0f} {words}{scope}: {threshold.consequence} Measured: {threshold.measured}",
            threshold.section,
            condition=None if checked else f"not checked: pass {option} to check it",
        )
    for limit in lic.territory:
        scope = " for multimodal models" if limit.scope == "multimodal-models" else ""
        add(
            K.TERRITORY,
            f"No rights in {', '.join(limit.excluded)}{scope}." + (f" {limit.note}" if limit.note else ""),
            limit.section,
            condition=None if policy.territory else "not checked: pass --territory to check it",
        )
    if lic.output_training:
        add(K.OUTPUT_TRAINING, lic.output_training.note or lic.output_training.rule, lic.output_training.section)
    return found
