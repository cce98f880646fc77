"""Scanning local targets: target → source → metadata → lineage → engine → report."""

from __future__ import annotations

import functools
from datetime import date
from pathlib import Path
from typing import Callable, Iterable

from licheck.acceptance import apply_exceptions
from licheck.catalog.catalog import Catalog
from licheck.engine import evaluate
from licheck.lineage import TableResolver, build_lineage
from licheck.metadata import ModelMetadata
from licheck.policy import Policy
from licheck.report import LicenseInfo, ModelResult, Report, TargetFailure
from licheck.resolvers import LocalTreeResolver
from licheck.sources.folder import TargetError, discover, display, owning_model_folder, read_folder


def check_model(metadata: ModelMetadata, catalog: Catalog, policy: Policy, today: date, resolver=None) -> ModelResult:
    """One model through lineage, engine and the accepted exceptions."""
    result = evaluate(metadata, build_lineage(metadata, catalog, resolver), catalog, policy)
    return apply_exceptions(result, policy.exceptions, today)


def scan_paths(paths: Iterable[str], catalog: Catalog, policy: Policy, today: date | None = None,
               resolver=None) -> Report:
    """resolver: how ancestors outside the scanned tree are looked up (default: the bundled table;
    `--online`: also the Hub). Every folder is read first, so a base that is a scanned folder is read from there."""
    today = today or date.today()
    folders: dict[str, Callable[[], ModelMetadata]] = {}  # shown path -> its reader, in scan order
    failures: list[TargetFailure] = []
    for shown in paths:
        try:
            root, found = discover(Path(shown))
        except TargetError as exc:
            failures.append(TargetFailure(shown, str(exc)))
            continue
        shown_root = shown if root == Path(shown) else str(root)  # a file given: its folder is shown
        for model in found:
            folders[display(model.folder, root, shown_root)] = functools.partial(read_folder, model, root, shown_root)
    tree = LocalTreeResolver(folders, catalog, resolver or TableResolver(catalog))
    results = [check_model(read(), catalog, policy, today, tree) for read in folders.values()]
    return Report(tuple(results), tuple(failures), describe_licenses(results, catalog))


def describe_licenses(results: Iterable[ModelResult], catalog: Catalog) -> tuple[LicenseInfo, ...]:
    """The catalog's description of every license id the results name, for formats to use."""
    ids = dict.fromkeys(i for r in results for i in (
        *(e.license for e in (*r.declared, *r.detected, *r.concluded)),
        *(i for a in r.lineage for i in a.licenses), *(o.license for o in r.obligations)))
    return tuple(LicenseInfo(lic.id, lic.name, lic.kind, lic.spdx_id, lic.license_ref, lic.text_url)
                 for lic in map(catalog.get, ids) if lic is not None)


def changed_model_folders(files: Iterable[str], root: Path) -> list[str]:
    """The model folders holding any of the changed files, each once, as paths relative to `root` when inside it."""
    folders: dict[Path, None] = {}
    for name in files:
        folder = owning_model_folder(Path(name), root)
        if folder is not None:
            folders[folder] = None
    shown = []
    for folder in folders:
        try:
            shown.append(str(folder.relative_to(root.absolute())) or ".")
        except ValueError:
            shown.append(str(folder))
    return shown
