"""How an ancestor's license is learned: a Resolver answers, for model or dataset ids, `Resolved`
(its licenses, its own bases, where that came from) or `Unresolved` (why not). Resolvers are chained
in one place (ResolverChain): the scanned tree first, then the bundled tables, then the Hub."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from licheck.vocabulary import Relation


@dataclass(frozen=True)
class Resolved:
    """What a resolver learned about an ancestor."""

    id: str
    licenses: tuple[str, ...]
    source: str
    bases: tuple[str, ...] = ()
    relation: Relation | None = None  # how it relates to its own bases
    multimodal: bool = False
    outputs_of: tuple[str, ...] = ()  # models it learned from the outputs of (a teacher, a dataset's generator)
    note: str | None = None  # what a report should add, e.g. that the sources of its license disagree


@dataclass(frozen=True)
class Unresolved:
    """Why a resolver could not learn an ancestor; an empty reason: the id is not this resolver's to answer."""

    reason: str = ""


Resolution = Resolved | Unresolved


class Resolver(Protocol):
    def resolve_models(self, ids: Sequence[str]) -> Mapping[str, Resolution]:
        """An answer for every id."""

    def resolve_datasets(self, ids: Sequence[str]) -> Mapping[str, Resolution]:
        """An answer for every id."""


class ResolverChain:
    """Each resolver is asked for what the ones before it could not resolve; the reasons of all that
    failed are kept, so a report says everywhere licheck looked."""

    def __init__(self, *resolvers: Resolver):
        self.resolvers = resolvers

    def resolve_models(self, ids: Sequence[str]) -> dict[str, Resolution]:
        return self._chain(ids, lambda resolver, pending: resolver.resolve_models(pending))

    def resolve_datasets(self, ids: Sequence[str]) -> dict[str, Resolution]:
        return self._chain(ids, lambda resolver, pending: resolver.resolve_datasets(pending))

    def _chain(
        self, ids: Sequence[str], ask: Callable[[Resolver, list[str]], Mapping[str, Resolution]]
    ) -> dict[str, Resolution]:
        found: dict[str, Resolution] = {}
        reasons: dict[str, list[str]] = {i: [] for i in ids}
        pending = list(dict.fromkeys(ids))
        for resolver in self.resolvers:
            if not pending:
                break
            answers = ask(resolver, pending)
            still = []
            for model_id in pending:
                answer = answers.get(model_id, Unresolved())
                if isinstance(answer, Resolved):
                    found[model_id] = answer
                else:
                    still.append(model_id)
                    if answer.reason:
                        reasons[model_id].append(answer.reason)
            pending = still
        for model_id in pending:
            found[model_id] = Unresolved("; ".join(dict.fromkeys(reasons[model_id])) or "no resolver knows it")
        return found
