"""Scanning local targets: target → source → metadata → lineage → engine → report."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from licheck.catalog.catalog import Catalog
from licheck.engine import evaluate
from licheck.lineage import build_lineage
from licheck.policy import Policy
from licheck.report import ModelResult, Report, TargetFailure
from licheck.sources.folder import TargetError, discover, read_folder


def scan_paths(paths: Iterable[str], catalog: Catalog, policy: Policy) -> Report:
    results: list[ModelResult] = []
    failures: list[TargetFailure] = []
    for shown in paths:
        try:
            root, models = discover(Path(shown))
        except TargetError as exc:
            failures.append(TargetFailure(shown, str(exc)))
            continue
        shown_root = shown if root == Path(shown) else str(root)  # a file given: its folder is shown
        for found in models:
            metadata = read_folder(found, root, shown_root)
            results.append(evaluate(metadata, build_lineage(metadata, catalog), catalog, policy))
    return Report(tuple(results), tuple(failures))
