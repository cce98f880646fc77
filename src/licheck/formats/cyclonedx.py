"""CycloneDX 1.6 ML-BOM, built with cyclonedx-python-lib.

One `machine-learning-model` component per checked model. Its licenses are told apart by
acknowledgement: `declared` (what the metadata says) and `concluded` (every license whose terms
bind the model, inherited ones included). An SPDX license goes in `id`; a model license (Llama,
Gemma…) has no SPDX id and goes in by name and URL, its licheck id and LicenseRef as properties.
Ancestors from the lineage are `pedigree.ancestors`, nested as the lineage is; the card's datasets
are `data` components the model depends on; findings and obligations are `licheck:` properties.
Components named by a Hub id carry its purl, `pkg:huggingface/org/name@commit`.

cyclonedx-python-lib models neither `modelCard` nor a component's `data`, so both are added to the
serialised document: the model card holds the card's `pipeline_tag` as its task, the datasets as
references to their components, and every finding and obligation as a consideration (a risk named
by the finding or obligation, mitigated by its fix or by doing what it asks).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from cyclonedx.model import Property, XsUri
from cyclonedx.model.bom import Bom
from cyclonedx.model.component import Component, ComponentType, Pedigree
from cyclonedx.model.license import DisjunctiveLicense, LicenseAcknowledgement
from cyclonedx.model.tool import ToolRepository
from cyclonedx.output.json import JsonV1Dot6

from licheck import __version__
from licheck.formats.purl import dataset_url, hub_purl
from licheck.lineage import Ancestor
from licheck.report import ModelResult, Report

DECLARED, CONCLUDED = LicenseAcknowledgement.DECLARED, LicenseAcknowledgement.CONCLUDED


def _licenses(report: Report, ids: Iterable[str], acknowledgement: LicenseAcknowledgement) -> list[DisjunctiveLicense]:
    result = []
    for license_id in dict.fromkeys(ids):
        info = report.license(license_id)
        if info is None or info.kind != "license":
            continue  # acceptable-use policies are terms of a license, not licenses of the model
        if info.spdx_id:
            result.append(DisjunctiveLicense(id=info.spdx_id, acknowledgement=acknowledgement))
            continue
        properties = [Property(name="licheck:license-id", value=info.id)]
        if info.license_ref:
            properties.append(Property(name="licheck:license-ref", value=info.license_ref))
        result.append(
            DisjunctiveLicense(
                name=info.name,
                url=XsUri(info.url) if info.url else None,
                acknowledgement=acknowledgement,
                properties=properties,
            )
        )
    return result


def _ancestors(report: Report, lineage: tuple[Ancestor, ...], parent: tuple[str, ...], ref: str) -> list[Component]:
    """The ancestors whose lineage path continues `parent` by one step, each with its own ancestors."""
    components = []
    for ancestor in (a for a in lineage if a.path[:-1] == parent):
        own_ref = f"{ref}#ancestor:{ancestor.model_id}"
        deeper = _ancestors(report, lineage, ancestor.path, own_ref)
        properties = [
            Property(name="licheck:lineage-status", value=ancestor.status),
            Property(name="licheck:lineage-source", value=ancestor.source),
        ]
        if ancestor.relation:
            properties.append(Property(name="licheck:relation", value=ancestor.relation))
        components.append(
            Component(
                type=ComponentType.MACHINE_LEARNING_MODEL,
                name=ancestor.model_id,
                bom_ref=own_ref,
                licenses=_licenses(report, ancestor.licenses, DECLARED),
                purl=hub_purl(ancestor.model_id),
                properties=properties,
                pedigree=Pedigree(ancestors=deeper) if deeper else None,
            )
        )
    return components


def _model(report: Report, result: ModelResult) -> Component:
    ref = f"model:{result.path}"
    licenses = _licenses(report, (e.license for e in result.declared), DECLARED)
    licenses += _licenses(report, (e.license for e in result.concluded), CONCLUDED)
    properties = [Property(name="licheck:path", value=result.path)]
    for f in result.findings:
        state = "accepted" if not f.is_open else f.severity
        properties.append(Property(name="licheck:finding", value=f"{f.code} {f.name} ({state}): {f.message}"))
    for o in result.requirements:
        condition = f" ({o.condition})" if o.condition else ""
        properties.append(
            Property(name=f"licheck:obligation:{o.kind}", value=f"[{o.license} {o.citation}] {o.text}{condition}")
        )
    ancestors = _ancestors(report, result.lineage.models, (), ref)  # datasets are data components
    return Component(
        type=ComponentType.MACHINE_LEARNING_MODEL,
        name=result.name,
        bom_ref=ref,
        licenses=licenses,
        purl=hub_purl(result.path, result.commit) if result.commit else None,  # only a Hub result has an id
        properties=properties,
        pedigree=Pedigree(ancestors=ancestors) if ancestors else None,
    )


def _model_card(result: ModelResult) -> dict[str, Any]:
    parameters: dict[str, Any] = {}
    if result.pipeline_tag:
        parameters["task"] = result.pipeline_tag
    if result.datasets:
        parameters["datasets"] = [{"ref": _dataset_ref(name)} for name in result.datasets]
    risks = []
    for f in result.findings:
        state = "accepted" if not f.is_open else f.severity
        mitigation = f"Accepted: {f.acceptance.reason}" if f.acceptance and not f.is_open else f.fix
        risks.append({"name": f"{f.code} {f.name} ({state}): {f.message}", "mitigationStrategy": mitigation})
    for o in result.requirements:
        condition = f" ({o.condition})" if o.condition else ""
        risks.append(
            {"name": f"obligation {o.kind} [{o.license} {o.citation}]", "mitigationStrategy": o.text + condition}
        )
    card: dict[str, Any] = {}
    if parameters:
        card["modelParameters"] = parameters
    if risks:
        card["considerations"] = {"ethicalConsiderations": risks}
    return card


def _dataset_ref(name: str) -> str:
    return f"dataset:{name}"


def _data(name: str, hub_id: str) -> list[dict[str, Any]]:
    url = dataset_url(hub_id)
    return [{"type": "dataset", "name": name, **({"contents": {"url": url}} if url else {})}]


def render(report: Report) -> str:
    bom = Bom()
    bom.metadata.tools = ToolRepository(
        components=[Component(type=ComponentType.APPLICATION, name="licheck", version=__version__)]
    )
    bom.metadata.properties = [Property(name="licheck:error", value=f.message) for f in report.failures]
    datasets: dict[str, Component] = {}
    added: dict[str, dict[str, Any]] = {}  # bom-ref -> what the library cannot model, added to its output
    for result in report.results:
        model = _model(report, result)
        bom.components.add(model)
        if card := _model_card(result):
            added[str(model.bom_ref)] = {"modelCard": card}
        used = []
        for name in result.datasets:
            if name not in datasets:
                learned = next((a for a in result.lineage.datasets if a.path == (name,)), None)
                hub_id = learned.model_id if learned else name  # the id it resolved to: gsm8k is openai/gsm8k
                datasets[name] = Component(
                    type=ComponentType.DATA,
                    name=name,
                    bom_ref=_dataset_ref(name),
                    licenses=_licenses(report, learned.licenses, DECLARED) if learned else [],
                    purl=hub_purl(hub_id, dataset=True),
                )
                bom.components.add(datasets[name])
                added[_dataset_ref(name)] = {"data": _data(name, hub_id)}
            used.append(datasets[name])
        bom.register_dependency(model, used)
    document = json.loads(JsonV1Dot6(bom).output_as_string())
    for component in document.get("components", ()):
        component.update(added.get(component["bom-ref"], {}))
    return json.dumps(document, indent=2) + "\n"
