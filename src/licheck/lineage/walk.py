"""Walking a model's lineage: its bases level by level (so a resolver can look up a whole level at
once), the models its training datasets were generated with, and the teachers of its ancestors."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from licheck.lineage import Ancestor, Lineage
from licheck.lineage.evidence import Evidence, InferredBase
from licheck.lineage.resolver import Resolved, Resolver
from licheck.metadata import Location, ModelMetadata
from licheck.vocabulary import AncestorStatus, Relation

MAX_DEPTH = 12
# A Hub repository id; anything else (a product name such as "OpenAI GPT-4") is never looked up.
_REPO_ID = re.compile(r"^[A-Za-z0-9][\w.-]*(/[A-Za-z0-9][\w.-]*)?$")
_LOCAL_PATH = re.compile(r"^(/|~|\.{1,2}/|[A-Za-z]:[\\/])|\\")
_PRODUCT_NAME = "a product name, not a Hub repository: the terms of its provider are not in licheck's rule set"


def is_local_path(model_id: str) -> bool:
    """A filesystem path left by a training run rather than a repository id."""
    return bool(_LOCAL_PATH.search(model_id)) or model_id.count("/") > 1


@dataclass(frozen=True)
class _Step:
    """An ancestor to visit: how it is named, and the path that led to it."""

    model_id: str
    relation: Relation | None
    parents: tuple[str, ...]
    location: Location
    detail: str | None = None
    through_outputs: bool = False
    evidence: tuple[Evidence, ...] = ()  # an inferred base: what points at it

    def ancestor(
        self,
        status: AncestorStatus,
        source: str,
        *,
        licenses: tuple[str, ...] = (),
        model_id: str | None = None,
        multimodal: bool = False,
        note: str | None = None,
    ) -> Ancestor:
        return Ancestor(
            model_id or self.model_id,
            self.relation,
            (*self.parents, self.model_id),
            licenses,
            status,
            source,
            self.location,
            multimodal,
            self.detail,
            self.through_outputs,
            note,
            self.evidence,
        )


def build_lineage(
    metadata: ModelMetadata, resolver: Resolver, infer: Callable[[], Sequence[InferredBase]] | None = None
) -> Lineage:
    """Ancestors breadth-first, so nearer ancestors always come before farther ones. Bases licheck
    infers from evidence (`infer`, asked only then) join when the model declares none it can resolve,
    marked with the evidence."""
    datasets, generators = _datasets(metadata, resolver)
    walk = _Walk(resolver, metadata.path.casefold())
    walk.run([_Step(b.model_id, b.relation, (), b.location, b.detail) for b in metadata.bases] + generators)
    declared = [a for a in walk.models if a.depth == 1 and not a.through_outputs]
    if infer is not None and not any(a.resolved for a in declared):
        walk.run([_Step(i.model_id, None, (), i.evidence[0].location, evidence=i.evidence) for i in infer()])
    return Lineage(tuple(walk.models), tuple(datasets))


class _Walk:
    """One lineage walk: the ancestors found so far, and the models already met."""

    def __init__(self, resolver: Resolver, own_id: str):
        self.resolver = resolver
        self.own_id = own_id  # a Hub repository's id: a base naming it is a self-reference
        self.models: list[Ancestor] = []
        # model -> whether it has been reached only through outputs: one reached through the weights later
        # is listed again, since only that path passes its license on as a base's.
        self.seen: dict[str, bool] = {}

    def run(self, level: list[_Step]) -> None:
        models, seen, own_id = self.models, self.seen, self.own_id
        while level:
            lookup = list(
                dict.fromkeys(s.model_id for s in level if _REPO_ID.match(s.model_id) or is_local_path(s.model_id))
            )
            known = self.resolver.resolve_models(lookup)
            next_level: list[_Step] = []
            for step in level:
                key = step.model_id.casefold()
                answer = known.get(step.model_id)
                if key == own_id:
                    models.append(step.ancestor(AncestorStatus.CYCLE, "the model names itself as its base"))
                elif is_local_path(step.model_id) and not isinstance(answer, Resolved):  # no scanned folder answers
                    models.append(
                        step.ancestor(AncestorStatus.LOCAL_PATH, "a local filesystem path, not a repository id")
                    )
                elif key in (p.casefold() for p in step.parents):
                    models.append(step.ancestor(AncestorStatus.CYCLE, "the lineage loops back to this model"))
                elif key in seen and (step.through_outputs or not seen[key]):
                    continue  # reached again by another path (a merge of siblings): already listed
                elif not isinstance(answer, Resolved):
                    seen[key] = step.through_outputs
                    models.append(step.ancestor(AncestorStatus.UNRESOLVED, answer.reason if answer else _PRODUCT_NAME))
                else:
                    seen[key] = seen[answer.id.casefold()] = step.through_outputs  # an alias and its canonical id
                    status = AncestorStatus.RESOLVED if answer.licenses else AncestorStatus.UNRESOLVED
                    models.append(
                        step.ancestor(
                            status,
                            answer.source,
                            licenses=answer.licenses,
                            model_id=answer.id,
                            multimodal=answer.multimodal,
                        )
                    )
                    path = (*step.parents, step.model_id)
                    if len(path) < MAX_DEPTH:
                        # Deeper ancestors are reported where the scanned model starts the chain: what a user edits.
                        next_level += [
                            _Step(base, answer.relation, path, step.location, None, step.through_outputs)
                            for base in answer.bases
                        ]
                        next_level += [
                            _Step(teacher, Relation.DISTILLED, path, step.location, None, True)
                            for teacher in answer.outputs_of
                        ]
            level = next_level


def _datasets(metadata: ModelMetadata, resolver: Resolver) -> tuple[list[Ancestor], list[_Step]]:
    """The card's training datasets, with the licenses the resolver learns for them, and the models
    they were generated with, as the first level of a walk through outputs."""
    named = {d.value: d.location for d in reversed(metadata.datasets)}  # the first mention of each
    if not named:
        return [], []
    known = resolver.resolve_datasets(list(named))
    found: list[Ancestor] = []
    generators: list[_Step] = []
    for dataset_id in dict.fromkeys(d.value for d in metadata.datasets):
        location = named[dataset_id]
        step = _Step(dataset_id, Relation.DATASET, (), location)
        answer = known[dataset_id]
        if not isinstance(answer, Resolved):
            found.append(step.ancestor(AncestorStatus.UNRESOLVED, answer.reason))
            continue
        status = AncestorStatus.RESOLVED if answer.licenses else AncestorStatus.UNRESOLVED
        found.append(
            step.ancestor(status, answer.source, licenses=answer.licenses, model_id=answer.id, note=answer.note)
        )
        generators += [
            _Step(model, Relation.DISTILLED, (dataset_id,), location, None, True) for model in answer.outputs_of
        ]
    return found, generators
