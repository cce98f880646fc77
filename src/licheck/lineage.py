"""The model's ancestors and how each one's license was learned.

Offline, an ancestor is resolved through the bundled table of well-known models, which also knows
the bases of the models it lists (a quantization of a Meta model leads on to the Meta model).
An ancestor that cannot be resolved stays in the lineage, marked unresolved, so the gap is reported.
"""

from __future__ import annotations

from dataclasses import dataclass

from licheck.catalog.catalog import Catalog
from licheck.metadata import Location, ModelMetadata
from licheck.sources.configs import is_local_path

MAX_DEPTH = 12


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

    @property
    def depth(self) -> int:
        return len(self.path)


def describe_path(path: tuple[str, ...]) -> str:
    """A lineage path as people read it: this model → base → base's base."""
    return " → ".join(("this model",) + path)


@dataclass(frozen=True)
class ResolvedModel:
    """What a resolver learned about an ancestor: its licenses, its own bases, where that came from."""

    id: str
    licenses: tuple[str, ...]
    base: tuple[str, ...]
    relation: str | None
    multimodal: bool
    source: str


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
                                             f"well-known models table: {model.source}")
                               if model else "not in the bundled table of well-known models")
        return found

    def resolve_datasets(self, dataset_ids: list[str]) -> dict[str, ResolvedModel | str]:
        return {d: "licheck has no bundled table of dataset licenses; --online reads the dataset's card on the Hub"
                for d in dataset_ids}


def build_lineage(metadata: ModelMetadata, catalog: Catalog, resolver=None) -> tuple[Ancestor, ...]:
    """Ancestors breadth-first, so nearer ancestors always come before farther ones.

    The walk goes one level at a time, so a resolver can look up a whole level at once.
    """
    resolver = resolver or TableResolver(catalog)
    ancestors: list[Ancestor] = []
    level = [(base.model_id, base.relation, (), base.location, base.detail) for base in metadata.bases]
    seen: set[str] = set()
    own_id = metadata.path.casefold()  # a Hub repository's id: a base naming it is a self-reference
    while level:
        known = resolver.resolve(list(dict.fromkeys(m for m, *_ in level)))
        next_level = []
        for model_id, relation, parents, location, detail in level:
            path = parents + (model_id,)
            key = model_id.casefold()
            if key == own_id:
                ancestors.append(Ancestor(model_id, relation, path, (), "cycle", "the model names itself as its base",
                                          location, detail=detail))
                continue
            if is_local_path(model_id) and isinstance(known[model_id], str):  # no scanned folder answers for it
                ancestors.append(Ancestor(model_id, relation, path, (), "local-path",
                                          "a local filesystem path, not a repository id", location, detail=detail))
                continue
            if key in (p.casefold() for p in parents):
                ancestors.append(Ancestor(model_id, relation, path, (), "cycle", "the lineage loops back to this model",
                                          location))
                continue
            if key in seen:
                continue  # reached again by another path (a merge of siblings): already listed
            seen.add(key)
            model = known[model_id]
            if isinstance(model, str):
                ancestors.append(Ancestor(model_id, relation, path, (), "unresolved", model, location, detail=detail))
                continue
            seen.add(model.id.casefold())  # an alias and the canonical id are one model
            status = "resolved" if model.licenses else "unresolved"
            ancestors.append(Ancestor(model.id, relation, path, model.licenses, status, model.source, location,
                                      model.multimodal, detail))
            if len(path) < MAX_DEPTH:
                # Deeper ancestors are reported where the scanned model starts the chain: that is what a user edits.
                next_level.extend((base, model.relation, path, location, None) for base in model.base)
        level = next_level
    ancestors.extend(_datasets(metadata, resolver))
    return tuple(ancestors)


def _datasets(metadata: ModelMetadata, resolver) -> list[Ancestor]:
    """The card's training datasets, with the licenses the resolver learns for them.

    They are part of the lineage, listed after the models; the terms they pass on are judged by
    the engine's dataset rules, not inherited like a base model's.
    """
    named = {d.value: d.location for d in reversed(metadata.datasets)}  # the first mention of each
    if not named:
        return []
    known = resolver.resolve_datasets(list(named))
    found = []
    for dataset_id in dict.fromkeys(d.value for d in metadata.datasets):
        info, location = known[dataset_id], named[dataset_id]
        if isinstance(info, str):
            found.append(Ancestor(dataset_id, "dataset", (dataset_id,), (), "unresolved", info, location))
        else:
            found.append(Ancestor(info.id, "dataset", (dataset_id,), info.licenses,
                                  "resolved" if info.licenses else "unresolved", info.source, location))
    return found
