"""The model's ancestors and how each one's license was learned.

Offline, an ancestor is resolved through the bundled table of well-known models, which also knows
the bases of the models it lists (a quantization of a Meta model leads on to the Meta model).
An ancestor that cannot be resolved stays in the lineage, marked unresolved, so the gap is reported.
"""

from __future__ import annotations

from collections import deque
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

    @property
    def depth(self) -> int:
        return len(self.path)


def describe_path(path: tuple[str, ...]) -> str:
    """A lineage path as people read it: this model → base → base's base."""
    return " → ".join(("this model",) + path)


def build_lineage(metadata: ModelMetadata, catalog: Catalog) -> tuple[Ancestor, ...]:
    """Ancestors breadth-first, so nearer ancestors always come before farther ones."""
    ancestors: list[Ancestor] = []
    queue = deque((base.model_id, base.relation, (), base.location) for base in metadata.bases)
    seen: set[str] = set()
    while queue:
        model_id, relation, parents, location = queue.popleft()
        path = parents + (model_id,)
        key = model_id.casefold()
        if is_local_path(model_id):
            ancestors.append(Ancestor(model_id, relation, path, (), "local-path",
                                      "a local filesystem path, not a repository id", location))
            continue
        if key in (p.casefold() for p in parents):
            ancestors.append(Ancestor(model_id, relation, path, (), "cycle", "the lineage loops back to this model", location))
            continue
        if key in seen:
            continue  # reached again by another path (a merge of siblings): already listed
        seen.add(key)
        model = catalog.well_known(model_id)
        if model is None:
            ancestors.append(Ancestor(model_id, relation, path, (), "unresolved",
                                      "not in the bundled table of well-known models", location))
            continue
        seen.add(model.id.casefold())  # an alias and the canonical id are one model
        ancestors.append(Ancestor(model.id, relation, path, model.licenses, "resolved",
                                  f"well-known models table: {model.source}", location, model.multimodal))
        if len(path) < MAX_DEPTH:
            # Deeper ancestors are reported where the scanned model starts the chain: that is what a user edits.
            queue.extend((base, model.relation, path, location) for base in model.base)
    return tuple(ancestors)
