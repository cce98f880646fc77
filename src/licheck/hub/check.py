"""`licheck hub`: repositories on the Hub through the same lineage, engine and formats as folders."""

from __future__ import annotations

import dataclasses
from datetime import date

from licheck.catalog.catalog import Catalog
from licheck.hub.client import HubError
from licheck.hub.resolver import HubResolver
from licheck.hub.session import HubSession
from licheck.hub.snapshot import split_target
from licheck.policy import Policy
from licheck.report import Report, TargetFailure
from licheck.scan import check_model, describe_licenses
from licheck.sources.hub import metadata_from_snapshot


def check_repos(targets: list[str], catalog: Catalog, policy: Policy, session: HubSession,
                today: date | None = None) -> Report:
    today = today or date.today()
    parsed = [split_target(t) for t in targets]
    resolver = HubResolver(catalog, session)
    results, failures = [], []
    for target, snapshot in zip(targets, session.fetch_all(parsed)):  # every target fetched concurrently
        if isinstance(snapshot, HubError):
            failures.append(TargetFailure(target, str(snapshot)))
            continue
        result = check_model(metadata_from_snapshot(snapshot), catalog, policy, today, resolver)
        results.append(dataclasses.replace(result, commit=snapshot.sha))
    return Report(tuple(results), tuple(failures), describe_licenses(results, catalog))
