"""`licheck notice PATH...`: write the attribution material each model's distributor must ship."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from licheck.cli.options import ReportTarget, policy_options
from licheck.cli.run import EXIT_CANNOT_CHECK, EXIT_OK, configuration_errors, emit, load_catalog, load_policies, say
from licheck.pipeline import scan_paths


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write to this file (e.g. MODEL/NOTICE).")
@policy_options
def notice(paths: tuple[str, ...], output: str | None, **policy_values: Any) -> None:
    """Write the NOTICE material for the models under each PATH: the exact notice lines their licenses
    require (inherited ones included), the license texts that must accompany them with their official
    URLs, the acceptable-use policies to pass on, and the phrases to display."""
    catalog = load_catalog()
    policies = load_policies(catalog, **policy_values)
    with configuration_errors():
        report = scan_paths(paths, catalog, policies.for_folder)
    for failure in report.failures:
        say(failure.message)
    emit(report, ReportTarget("notice", Path(output) if output else None))
    sys.exit(EXIT_OK if report.results else EXIT_CANNOT_CHECK)
