"""SPDX 3.0.1 (Core, Software, SimpleLicensing, AI and Dataset profiles), built with spdx-python-model,
the SPDX project's bindings: each property's type is checked as it is set, and cardinalities as the
document is written, so a malformed document is an exception here rather than a file.

What goes where (the README's formats section says the same):

- each checked model is an `ai_AIPackage` (name; purl, version and download location for a Hub
  repository; its `pipeline_tag` in `ai_informationAboutApplication`);
- its declared and concluded licenses are `hasDeclaredLicense` / `hasConcludedLicense` relationships
  to `simplelicensing_LicenseExpression` elements: the SPDX id, else the rule's `LicenseRef-`;
- each ancestor is an `ai_AIPackage`, each training dataset a `dataset_DatasetPackage`; the model is
  `descendantOf` the base it derives from (the relation, e.g. adapter or merge, in the relationship's
  comment), `trainedOn` a model whose outputs it learned from and on its datasets; the model that
  generated a dataset `generates` it;
- obligations: the NOTICE lines and display phrases to reproduce are `software_attributionText`;
  every obligation, with its clause, is a line of `ai_limitation`;
- findings are `Annotation`s of type `review` on the model (accepted ones say so, with the reason).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from datetime import datetime, timezone
from typing import Any, TypeVar

from spdx_python_model.bindings import v3_0_1 as spdx

from licheck import __version__
from licheck.formats.purl import dataset_url, hub_purl
from licheck.lineage import Ancestor
from licheck.report import ModelResult, Report, RequirementKind
from licheck.vocabulary import Relation

_E = TypeVar("_E", bound=spdx.Element)
_R = spdx.RelationshipType
_P = spdx.ProfileIdentifierType
_PROFILES = (_P.core, _P.software, _P.simpleLicensing, _P.ai, _P.dataset)
# Required of a dataset package; a card's `datasets` does not say what kind of data it is.
_UNSAID = spdx.dataset_DatasetType.noAssertion
# What a license asks to be reproduced verbatim wherever the model goes.
_ATTRIBUTION = (RequirementKind.NOTICE, RequirementKind.DISPLAY)


def _given(**properties: Any) -> dict[str, Any]:
    """The properties that have a value: the bindings take None for no property as a type error."""
    return {k: v for k, v in properties.items() if v is not None}


class _Document:
    """The elements of one document, each created once and given an id in the document's namespace."""

    def __init__(self, report: Report) -> None:
        self.report = report
        # SPDX's convention for a tool without a namespace of its own: spdxdocs/<name>-<uuid>.
        self.namespace = f"https://spdx.org/spdxdocs/licheck-{uuid.uuid4()}/"
        self.objects = spdx.SHACLObjectSet()
        self.counts: dict[str, int] = {}
        self.elements: list[spdx.Element] = []  # as made: the document lists them in this order
        self.creation = spdx.CreationInfo(
            specVersion="3.0.1", created=datetime.now(timezone.utc).replace(microsecond=0)
        )
        agent = self.add(spdx.SoftwareAgent(name="licheck"), "agent")
        self.creation.createdBy = [agent]
        self.creation.createdUsing = [self.add(spdx.Tool(name=f"licheck {__version__}"), "tool")]
        self.licenses: dict[str, spdx.simplelicensing_LicenseExpression] = {}
        self.ancestors: dict[str, spdx.ai_AIPackage] = {}
        self.datasets: dict[str, spdx.dataset_DatasetPackage] = {}
        self.relationships: set[tuple[str, str, tuple[str, ...], str | None]] = set()

    def add(self, element: _E, kind: str) -> _E:
        self.counts[kind] = self.counts.get(kind, 0) + 1
        element.spdxId = f"{self.namespace}{kind}-{self.counts[kind]}"
        element.creationInfo = self.creation
        self.elements.append(element)
        return self.objects.add(element)

    def license(self, license_id: str) -> spdx.simplelicensing_LicenseExpression | None:
        info = self.report.license(license_id)
        if info is None or info.kind != "license":
            return None  # acceptable-use policies are terms of a license, not licenses of the model
        if license_id not in self.licenses:
            expression = spdx.simplelicensing_LicenseExpression(
                # as the catalog's License.spdx_or_ref: every rule has an SPDX id or a LicenseRef-
                simplelicensing_licenseExpression=info.spdx_id or info.license_ref or f"LicenseRef-licheck-{info.id}",
                name=info.name,
            )
            if info.url and not info.spdx_id:
                expression.externalRef = [
                    spdx.ExternalRef(externalRefType=spdx.ExternalRefType.license, locator=[info.url])
                ]
            self.licenses[license_id] = self.add(expression, "license")
        return self.licenses[license_id]

    def relate(
        self, source: spdx.Element, kind: str, targets: Iterable[spdx.Element | None], comment: str | None = None
    ) -> None:
        to = [t for t in dict.fromkeys(targets) if t is not None]
        key = (str(source.spdxId), kind, tuple(str(t.spdxId) for t in to), comment)
        if not to or key in self.relationships:
            return  # one relationship per edge, however many lineage paths reach it
        self.relationships.add(key)
        self.add(
            spdx.Relationship(**_given(from_=source, relationshipType=kind, to=to, comment=comment)), "relationship"
        )

    def relate_licenses(self, source: spdx.Element, kind: str, ids: Iterable[str]) -> None:
        self.relate(source, kind, (self.license(i) for i in ids))

    def ancestor(self, ancestor: Ancestor) -> spdx.ai_AIPackage:
        if ancestor.model_id not in self.ancestors:
            purl = hub_purl(ancestor.model_id)
            package = spdx.ai_AIPackage(
                **_given(
                    name=ancestor.model_id,
                    software_primaryPurpose=spdx.software_SoftwarePurpose.model,
                    software_packageUrl=str(purl) if purl else None,
                    comment=f"{ancestor.status}: {ancestor.source}",
                )
            )
            self.ancestors[ancestor.model_id] = self.add(package, "ancestor")
            self.relate_licenses(package, _R.hasDeclaredLicense, ancestor.licenses)
        return self.ancestors[ancestor.model_id]

    def dataset(self, name: str, learned: Ancestor | None) -> spdx.dataset_DatasetPackage:
        """A card's dataset, under the id licheck resolved it to (`gsm8k` is `openai/gsm8k`)."""
        name = learned.model_id if learned else name
        if name not in self.datasets:
            purl = hub_purl(name, dataset=True)
            package = spdx.dataset_DatasetPackage(
                **_given(
                    name=name,
                    dataset_datasetType=[_UNSAID],
                    software_primaryPurpose=spdx.software_SoftwarePurpose.data,
                    software_packageUrl=str(purl) if purl else None,
                    software_downloadLocation=dataset_url(name),
                )
            )
            self.datasets[name] = self.add(package, "dataset")
            self.relate_licenses(package, _R.hasDeclaredLicense, learned.licenses if learned else ())
        return self.datasets[name]

    def model(self, result: ModelResult) -> spdx.ai_AIPackage:
        purl = hub_purl(result.path, result.commit) if result.commit else None  # only a Hub result has an id
        package = self.add(
            spdx.ai_AIPackage(
                **_given(
                    name=result.name,
                    software_primaryPurpose=spdx.software_SoftwarePurpose.model,
                    software_packageUrl=str(purl) if purl else None,
                    software_packageVersion=result.commit,
                    software_downloadLocation=f"https://huggingface.co/{result.path}" if purl else None,
                    comment=f"checked by licheck at {result.path}",
                    ai_informationAboutApplication=f"task: {result.pipeline_tag}" if result.pipeline_tag else None,
                )
            ),
            "model",
        )
        self.relate_licenses(package, _R.hasDeclaredLicense, (e.license for e in result.declared))
        self.relate_licenses(package, _R.hasConcludedLicense, result.concluded_ids)
        self._lineage(package, result)
        attribution = [str(r.subject) for r in result.requirements if r.kind in _ATTRIBUTION and r.subject]
        package.software_attributionText = list(dict.fromkeys(attribution))
        if result.requirements:
            package.ai_limitation = "\n".join(
                f"{r.kind} [{r.license} {r.citation}]: {r.text}" + (f" ({r.condition})" if r.condition else "")
                for r in result.requirements
            )
        for f in result.findings:
            state = f"accepted: {f.acceptance.reason}" if f.acceptance and not f.is_open else str(f.severity)
            where = f" at {f.location}" if f.location else ""
            statement = f"{f.code} {f.name} ({state}){where}: {f.message} Fix: {f.fix}"
            self.add(
                spdx.Annotation(annotationType=spdx.AnnotationType.review, subject=package, statement=statement),
                "finding",
            )
        return package

    def _lineage(self, package: spdx.ai_AIPackage, result: ModelResult) -> None:
        datasets = {a.path: a for a in result.lineage.datasets}
        nodes: dict[tuple[str, ...], spdx.Element] = {(): package}
        for name in result.datasets:
            nodes[(name,)] = self.dataset(name, datasets.get((name,)))
            self.relate(package, _R.trainedOn, [nodes[(name,)]])
        for ancestor in result.lineage.models:  # breadth-first: a parent is placed before its children
            parent = nodes.get(ancestor.path[:-1])
            node = nodes[ancestor.path] = self.ancestor(ancestor)
            if parent is None:
                continue
            if isinstance(parent, spdx.dataset_DatasetPackage):
                self.relate(node, _R.generates, [parent])
            elif ancestor.relation is Relation.DISTILLED:
                self.relate(parent, _R.trainedOn, [node], "learned from its outputs (distilled)")
            else:
                self.relate(parent, _R.descendantOf, [node], str(ancestor.relation) if ancestor.relation else None)


def render(report: Report) -> str:
    document = _Document(report)
    models = [document.model(result) for result in report.results]
    spdx_document = spdx.SpdxDocument(
        **_given(
            name="licheck license-compliance report",
            profileConformance=list(_PROFILES),
            rootElement=models,
            comment="; ".join(f"could not check {f.target}: {f.message}" for f in report.failures) or None,
        )
    )
    spdx_document.element = list(document.elements)
    document.add(spdx_document, "document")
    data = spdx.JSONLDSerializer().serialize_data(document.objects)
    return json.dumps(data, indent=2) + "\n"
