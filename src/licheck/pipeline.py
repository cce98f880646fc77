"""The run: targets → repositories → metadata → lineage → engine → accepted exceptions → report.

`scan_paths` checks local folders, `check_repos` Hub repositories; both end in the same steps.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Generic

from licheck.catalog.catalog import Catalog
from licheck.engine import evaluate
from licheck.lineage.dump import DumpResolver
from licheck.lineage.evidence import infer_bases
from licheck.lineage.local import LocalTreeResolver
from licheck.lineage.resolver import Resolver, ResolverChain
from licheck.lineage.table import TableResolver
from licheck.lineage.walk import build_lineage
from licheck.metadata import ModelMetadata
from licheck.metadata.reader import read_metadata
from licheck.parallel import Item, T, can_fork, default_jobs, in_order
from licheck.policy import Policy
from licheck.policy.exceptions import apply_exceptions
from licheck.report import LicenseInfo, ModelResult, Report, SkippedFolder, TargetFailure
from licheck.repository.discovery import Discovery, TargetError, discover
from licheck.repository.folder import display
from licheck.repository.scanned_tree import ScannedTree

if TYPE_CHECKING:
    from licheck.audit.source import Dump
    from licheck.hub.session import HubSession


@dataclasses.dataclass(frozen=True)
class ScanRun(Generic[T]):
    """A scan under way: what could not be checked and what was skipped are known at once; the results
    come one at a time, in scan order, as they are checked, so a report can be written as they come.
    Each is what `present` made of a model's result (the result itself for a whole report)."""

    results: Iterator[T]
    failures: tuple[TargetFailure, ...]
    skipped: tuple[SkippedFolder, ...]


def check_model(
    metadata: ModelMetadata, resolver: Resolver, catalog: Catalog, policy: Policy, today: date
) -> ModelResult:
    """One model through lineage, engine and the accepted exceptions."""
    lineage = build_lineage(metadata, resolver, functools.partial(infer_bases, metadata, catalog))
    result = evaluate(metadata, lineage, catalog, policy)
    return apply_exceptions(result, policy.exceptions, today)


def scan_paths(
    paths: Iterable[str],
    catalog: Catalog,
    policy: Policy | Callable[[Path], Policy],
    today: date | None = None,
    online: HubSession | None = None,
    progress: Callable[[int, Iterable[str]], Iterable[str]] | None = None,
    jobs: int | None = None,
) -> Report:
    """Every model folder under the paths, in one Report (see scan_stream)."""
    run = scan_stream(paths, catalog, policy, as_is, today, online, progress, jobs)
    return report_of(run, catalog)


def as_is(result: ModelResult) -> ModelResult:
    """What a run that reports as a whole keeps of each result: all of it."""
    return result


def report_of(run: ScanRun[ModelResult], catalog: Catalog) -> Report:
    """A run's results gathered into one Report, for the formats that need the whole run."""
    results = list(run.results)
    return Report(tuple(results), run.failures, describe_licenses(results, catalog), run.skipped)


def scan_stream(
    paths: Iterable[str],
    catalog: Catalog,
    policy: Policy | Callable[[Path], Policy],
    present: Callable[[ModelResult], T],
    today: date | None = None,
    online: HubSession | None = None,
    progress: Callable[[int, Iterable[str]], Iterable[str]] | None = None,
    jobs: int | None = None,
) -> ScanRun[T]:
    """Every model folder under the paths. Ancestors are learned from the scanned tree first, then the
    bundled tables, then (with a Hub session, `--online`) the Hub.

    `policy` is one for every model, or gives each model folder its own (the configuration nearest to
    it). `progress` wraps the models' shown paths, given with their number, as they are checked (a
    progress bar).

    Models are checked as the results are read, by `jobs` worker processes (default: every core for a
    tree of many models, one for a few), the results in the order one gives. `present` turns each result
    into what the run keeps of it, in the worker that checked it, so only that is sent back. With a Hub
    session, one process checks them.
    """
    today = today or date.today()
    policy_of = _per_folder(policy)
    discoveries: list[tuple[Discovery, str]] = []
    failures: list[TargetFailure] = []
    skipped: list[SkippedFolder] = []
    for shown in paths:
        try:
            found = discover(Path(shown))
        except TargetError as exc:
            failures.append(TargetFailure(shown, str(exc)))
            continue
        root = found.root
        shown_root = shown if root == Path(shown) else str(root)  # a file given: its folder is shown
        discoveries.append((found, shown_root))
        skipped.extend(SkippedFolder(display(s.folder, root, shown_root), s.reason) for s in found.skipped)
    tree = ScannedTree(discoveries)
    local = LocalTreeResolver(tree, catalog)
    resolver = _chain(catalog, online, local)

    def check(position: int) -> T:
        return present(
            check_model(local.metadata(position), resolver, catalog, policy_of(tree.folder(position)), today)
        )

    positions = tree.positions()
    results = _checked(check, positions, jobs, online)
    if progress:
        results = (
            result for _, result in zip(progress(len(positions), map(tree.shown, positions)), results, strict=True)
        )
    return ScanRun(results, tuple(failures), tuple(skipped))


def check_dump(
    dump: Dump,
    catalog: Catalog,
    policy: Policy,
    present: Callable[[ModelResult], T],
    today: date | None = None,
    online: HubSession | None = None,
    jobs: int | None = None,
) -> Iterator[T]:
    """Every row of a dump of model metadata (`licheck audit`), in the dump's order, checked as the results
    are read. A base that is itself a row is read from the dump, then the bundled tables are asked, then
    (with a Hub session) the Hub. `jobs` as for scan_stream; `present` turns each result into what the
    run keeps of it (in the worker that checked it, so only that is sent back)."""
    today = today or date.today()

    def row(model_id: str) -> tuple[ModelMetadata, str] | None:
        position = dump.position(model_id)
        if position is None:
            return None
        repository = dump.repository(position)
        return read_metadata(repository), repository.where

    resolver = _chain(catalog, online, DumpResolver(row, catalog))

    def check(position: int) -> T:
        return present(check_model(read_metadata(dump.repository(position)), resolver, catalog, policy, today))

    return _checked(check, range(len(dump)), jobs, online)


def _checked(
    check: Callable[[Item], T], items: Sequence[Item], jobs: int | None, online: HubSession | None
) -> Iterator[T]:
    """`check` on every item, in order, on `jobs` worker processes (default: every core for many items)."""
    jobs = default_jobs(len(items)) if jobs is None else jobs
    parallel = jobs > 1 and len(items) > 1 and online is None and can_fork()  # a Hub session is not forked
    return in_order(check, items, jobs) if parallel else map(check, items)


def _per_folder(policy: Policy | Callable[[Path], Policy]) -> Callable[[Path], Policy]:
    if isinstance(policy, Policy):
        return lambda _folder: policy
    return policy


def check_repos(
    targets: Sequence[str], catalog: Catalog, policy: Policy, session: HubSession, today: date | None = None
) -> Report:
    """Hub repositories (`org/name[@revision]`), fetched concurrently, through the same steps as folders."""
    from licheck.hub.client import HubError
    from licheck.hub.fetch import split_target
    from licheck.repository.snapshot import SnapshotRepository

    today = today or date.today()
    resolver = _chain(catalog, session)
    results, failures = [], []
    for target, snapshot in zip(targets, session.fetch_all([split_target(t) for t in targets]), strict=True):
        if isinstance(snapshot, HubError):
            failures.append(TargetFailure(target, str(snapshot)))
            continue
        result = check_model(read_metadata(SnapshotRepository(snapshot)), resolver, catalog, policy, today)
        results.append(dataclasses.replace(result, commit=snapshot.sha))
    return Report(tuple(results), tuple(failures), describe_licenses(results, catalog))


def _chain(catalog: Catalog, online: HubSession | None, *first: Resolver) -> ResolverChain:
    """The one place resolvers are chained: what is given first (the scanned tree), the bundled tables,
    then the Hub when online."""
    resolvers: list[Resolver] = [*first, TableResolver(catalog)]
    if online is not None:
        from licheck.lineage.hub import HubResolver

        resolvers.append(HubResolver(catalog, online))
    return ResolverChain(*resolvers)


def describe_licenses(results: Iterable[ModelResult], catalog: Catalog) -> tuple[LicenseInfo, ...]:
    """The catalog's description of every license id the results name, for formats to use."""
    ids = dict.fromkeys(
        i
        for r in results
        for i in (
            *(e.license for e in (*r.declared, *r.detected, *r.concluded)),
            *(i for a in r.lineage for i in a.licenses),
            *(o.license for o in r.requirements),
        )
    )
    return tuple(
        LicenseInfo(lic.id, lic.name, lic.kind, lic.spdx_id, lic.license_ref, lic.text_url)
        for lic in map(catalog.get, ids)
        if lic is not None
    )
