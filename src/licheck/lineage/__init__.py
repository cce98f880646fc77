"""The model's ancestors and how each one's license was learned.

`Lineage.models` holds the models it derives from (bases at any depth, and the models whose outputs
it learned from, with relation `distilled`); `Lineage.datasets` the datasets it was trained on. An
ancestor that cannot be resolved stays in the lineage, marked unresolved, so the gap is reported.
Everything reached through a `distilled` edge is marked `through_outputs`, because licenses treat
training on outputs apart from deriving from the weights. licheck.lineage.walk builds it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from licheck.metadata import Location
from licheck.vocabulary import AncestorStatus, Relation, Strength

if TYPE_CHECKING:
    from licheck.lineage.evidence import Evidence


@dataclass(frozen=True)
class Ancestor:
    """A model or dataset the model derives from, at some depth: its licenses, where they were learned,
    and where the model names it."""

    model_id: str
    relation: Relation | None
    path: tuple[str, ...]  # from the scanned model's first base (or dataset) down to this ancestor
    licenses: tuple[str, ...]
    status: AncestorStatus
    source: str  # where the license was learned, or why it was not
    location: Location  # where the scanned model (or the table) names this ancestor
    multimodal: bool = False
    detail: str | None = None  # how the scanned model names it, e.g. "mergekit merge_method: ties"
    through_outputs: bool = False  # reached through a distilled edge: the model learned from its outputs
    note: str | None = None  # what the resolver adds, e.g. that the sources of its license disagree
    evidence: tuple[Evidence, ...] = ()  # an undeclared base licheck inferred: what points at it

    @property
    def inferred(self) -> bool:
        return bool(self.evidence)

    @property
    def strength(self) -> Strength | None:
        """For an inferred base: strong evidence can fail the model, weak only warns."""
        if not self.evidence:
            return None
        return Strength.STRONG if any(e.strength is Strength.STRONG for e in self.evidence) else Strength.WEAK

    @property
    def depth(self) -> int:
        return len(self.path)

    @property
    def resolved(self) -> bool:
        return self.status is AncestorStatus.RESOLVED


@dataclass(frozen=True)
class Lineage:
    """A model's ancestors: the models it derives from and the datasets it was trained on."""

    models: tuple[Ancestor, ...] = ()  # breadth-first: nearer ancestors come first
    datasets: tuple[Ancestor, ...] = ()  # relation `dataset`; their generators are among `models`

    def __iter__(self) -> Iterator[Ancestor]:
        """Every entry, models first: what reports list."""
        yield from self.models
        yield from self.datasets

    def __bool__(self) -> bool:
        return bool(self.models or self.datasets)

    @property
    def weights(self) -> tuple[Ancestor, ...]:
        """The models whose weights this one derives from (not those it only learned the outputs of)."""
        return tuple(a for a in self.models if not a.through_outputs)

    @property
    def teachers(self) -> tuple[Ancestor, ...]:
        """The models whose outputs it learned from, and their ancestors."""
        return tuple(a for a in self.models if a.through_outputs)


def describe_path(path: tuple[str, ...]) -> str:
    """A lineage path as people read it: this model → base → base's base."""
    return " → ".join(("this model", *path))


def tree_order(lineage: Lineage) -> list[Ancestor]:
    """The lineage in drawing order: each ancestor right below the one that names it (a base below
    its derivative, a dataset's generator below the dataset), siblings in lineage order."""
    entries = list(lineage)
    children: dict[tuple[str, ...], list[Ancestor]] = {}
    for ancestor in entries:
        children.setdefault(ancestor.path[:-1], []).append(ancestor)
    ordered: list[Ancestor] = []
    stack = list(reversed(children.get((), [])))
    while stack:
        ancestor = stack.pop()
        ordered.append(ancestor)
        stack.extend(reversed(children.get(ancestor.path, [])))
    placed = {id(a) for a in ordered}
    return ordered + [a for a in entries if id(a) not in placed]  # never drop one whose parent is not listed
