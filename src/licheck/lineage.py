"""The model's ancestors and how each one's license was learned.

Offline, an ancestor is resolved through the bundled table of well-known models, which also knows
the bases of the models it lists (a quantization of a Meta model leads on to the Meta model).
An ancestor that cannot be resolved stays in the lineage, marked unresolved, so the gap is reported.

Models whose outputs the model learned from are ancestors too, with relation `distilled`: a teacher
the table names, or a model a training dataset was generated with. Everything reached through such
an edge is marked `through_outputs`, because licenses treat training on outputs apart from deriving
from the weights.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from licheck.catalog.catalog import Catalog
from licheck.metadata import Location, ModelMetadata
from licheck.sources.configs import is_local_path

MAX_DEPTH = 12
# A Hub repository id; anything else (a product name such as "OpenAI GPT-4") is never looked up.
_REPO_ID = re.compile(r"^[A-Za-z0-9][\w.-]*(/[A-Za-z0-9][\w.-]*)?$")


@dataclass(frozen=True)
class Ancestor:
    model_id: str
    relation: str | None
    path: tuple[str, ...]  # from the scanned model's first base down to this ancestor
    licenses: tuple[str, ...]
    status: str  # resolved | unresolved | local-path | cycle
    source: str  # where the license was learned, or why it was not
    location: Location  # where the scanned model (or the table) names this ancestor
    multimodal: bool = False
    detail: str | None = None  # how the scanned model names it, e.g. "mergekit merge_method: ties"
    through_outputs: bool = False  # reached through a distilled edge: the model learned from its outputs

    @property
    def depth(self) -> int:
        return len(self.path)


def describe_path(path: tuple[str, ...]) -> str:
    """A lineage path as people read it: this model → base → base's base."""
    return " → ".join(("this model",) + path)


def tree_order(lineage: tuple[Ancestor, ...]) -> list[Ancestor]:
    """The lineage in drawing order: each ancestor right below the one that names it (a base below
    its derivative, a dataset's generator below the dataset), siblings in lineage order."""
    children: dict[tuple[str, ...], list[Ancestor]] = {}
    for ancestor in lineage:
        children.setdefault(ancestor.path[:-1], []).append(ancestor)
    ordered: list[Ancestor] = []
    stack = list(reversed(children.get((), [])))
    while stack:
        ancestor = stack.pop()
        ordered.append(ancestor)
        stack.extend(reversed(children.get(ancestor.path, [])))
    placed = {id(a) for a in ordered}
    return ordered + [a for a in lineage if id(a) not in placed]  # never drop one whose parent is not listed


@dataclass(frozen=True)
class ResolvedModel:
    """What a resolver learned about an ancestor: its licenses, its own bases, where that came from."""

    id: str
    licenses: tuple[str, ...]
    base: tuple[str, ...]
    relation: str | None
    multimodal: bool
    source: str
    outputs_of: tuple[str, ...] = ()  # models it was trained on the outputs of (a teacher, a dataset's generator)


class TableResolver:
    """Ancestors from the bundled table of well-known models only: no network."""

    def __init__(self, catalog: Catalog):
        self.catalog = catalog

    def resolve(self, model_ids: list[str]) -> dict[str, ResolvedModel | str]:
        """model id -> what is known of it, or why nothing is."""
        found: dict[str, ResolvedModel | str] = {}
        for model_id in model_ids:
            model = self.catalog.well_known(model_id)
            found[model_id] = (ResolvedModel(model.id, model.licenses, model.base, model.relation, model.multimodal,
                                             f"well-known models table: {model.source}", model.distilled_from)
                               if model else "not in the bundled table of well-known models")
        return found

    def resolve_datasets(self, dataset_ids: list[str]) -> dict[str, ResolvedModel | str]:
        found: dict[str, ResolvedModel | str] = {}
        for dataset_id in dataset_ids:
            data = self.catalog.well_known_dataset(dataset_id)
            found[dataset_id] = (ResolvedModel(data.id, data.licenses, (), None, False,
                                               f"well-known datasets table: {data.source}", data.generated_with)
                                 if data else "not in the bundled table of well-known datasets; "
                                              "--online reads the dataset's card on the Hub")
        return found


def build_lineage(metadata: ModelMetadata, catalog: Catalog, resolver=None) -> tuple[Ancestor, ...]:
    """Ancestors breadth-first, so nearer ancestors always come before farther ones.

    The walk goes one level at a time, so a resolver can look up a whole level at once.
    """
    resolver = resolver or TableResolver(catalog)
    datasets, generators = _datasets(metadata, resolver)
    ancestors: list[Ancestor] = []
    level = [(base.model_id, base.relation, (), base.location, base.detail, False) for base in metadata.bases]
    level += generators
    # model -> whether it has been reached only through outputs: one reached through the weights later
    # is listed again, since only that path passes its license on as a base's.
    seen: dict[str, bool] = {}
    own_id = metadata.path.casefold()  # a Hub repository's id: a base naming it is a self-reference
    while level:
        known = resolver.resolve(list(dict.fromkeys(m for m, *_ in level if _REPO_ID.match(m) or is_local_path(m))))
        next_level = []
        for model_id, relation, parents, location, detail, through in level:
            path = parents + (model_id,)
            key = model_id.casefold()
            if key == own_id:
                ancestors.append(Ancestor(model_id, relation, path, (), "cycle", "the model names itself as its base",
                                          location, detail=detail, through_outputs=through))
                continue
            model = known.get(model_id, "a product name, not a Hub repository: the terms of its provider are not "
                                        "in licheck's rule set")
            if is_local_path(model_id) and isinstance(model, str):  # no scanned folder answers for it
                ancestors.append(Ancestor(model_id, relation, path, (), "local-path",
                                          "a local filesystem path, not a repository id", location, detail=detail,
                                          through_outputs=through))
                continue
            if key in (p.casefold() for p in parents):
                ancestors.append(Ancestor(model_id, relation, path, (), "cycle", "the lineage loops back to this model",
                                          location, through_outputs=through))
                continue
            if key in seen and (through or not seen[key]):
                continue  # reached again by another path (a merge of siblings): already listed
            seen[key] = through
            if isinstance(model, str):
                ancestors.append(Ancestor(model_id, relation, path, (), "unresolved", model, location, detail=detail,
                                          through_outputs=through))
                continue
            seen[model.id.casefold()] = through  # an alias and the canonical id are one model
            status = "resolved" if model.licenses else "unresolved"
            ancestors.append(Ancestor(model.id, relation, path, model.licenses, status, model.source, location,
                                      model.multimodal, detail, through))
            if len(path) < MAX_DEPTH:
                # Deeper ancestors are reported where the scanned model starts the chain: that is what a user edits.
                next_level.extend((base, model.relation, path, location, None, through) for base in model.base)
                next_level.extend((teacher, "distilled", path, location, None, True) for teacher in model.outputs_of)
        level = next_level
    return tuple(ancestors + datasets)


def _datasets(metadata: ModelMetadata, resolver) -> tuple[list[Ancestor], list[tuple]]:
    """The card's training datasets, with the licenses the resolver learns for them, and the models
    they were generated with, as the first level of a walk through outputs.

    Datasets are listed after the models; the terms they carry are judged by the engine's dataset
    rules, not inherited like a base model's.
    """
    named = {d.value: d.location for d in reversed(metadata.datasets)}  # the first mention of each
    if not named:
        return [], []
    known = resolver.resolve_datasets(list(named))
    found, generators = [], []
    for dataset_id in dict.fromkeys(d.value for d in metadata.datasets):
        info, location = known[dataset_id], named[dataset_id]
        if isinstance(info, str):
            found.append(Ancestor(dataset_id, "dataset", (dataset_id,), (), "unresolved", info, location))
            continue
        found.append(Ancestor(info.id, "dataset", (dataset_id,), info.licenses,
                              "resolved" if info.licenses else "unresolved", info.source, location))
        generators += [(model, "distilled", (dataset_id,), location, None, True) for model in info.outputs_of]
    return found, generators
