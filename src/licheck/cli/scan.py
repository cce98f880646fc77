"""`licheck scan PATH...`: check local model folders."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from licheck.acceptance import stale_exceptions
from licheck.cli.options import (EXIT_CANNOT_CHECK, emit, exit_code, hub_options, hub_session, load_catalog,
                                 load_policy, output_options, policy_options)
from licheck.report import Report
from licheck.scan import changed_model_folders, scan_paths


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--changed", is_flag=True,
              help="PATHS are changed files (as pre-commit passes them): check the model folders that hold them; "
                   "files in no model folder are skipped.")
@click.option("--online/--offline", default=False, show_default=True,
              help="Look up base models the bundled table does not know on the Hub (--offline: never touch the network).")
@hub_options
@policy_options
@output_options
def scan(paths, changed, online, endpoint, token_file, timeout, output_format, output, color, **policy_values):
    """Check the model folders under each PATH (a folder holding several models scans each)."""
    catalog = load_catalog()
    policy = load_policy(catalog, **policy_values)
    resolver = None
    if online:
        from licheck.hub.resolver import HubResolver

        resolver = HubResolver(catalog, hub_session(endpoint, token_file, timeout, offline=False))
    if changed:
        paths = changed_model_folders(paths, Path.cwd())
        if not paths:
            emit(Report(()), output_format, output, color)
            sys.exit(exit_code(Report(()), policy))
    report = scan_paths(paths, catalog, policy, resolver=resolver)
    if resolver is not None:
        resolver.session.close()
    for failure in report.failures:
        click.echo(f"licheck: {failure.message}", err=True)
    for exception in stale_exceptions(report.results, policy.exceptions):
        click.echo(f"licheck: the exception at {exception.location} ({exception.code}) matched no finding; "
                   "remove it if the finding is fixed, or correct its path, model or license", err=True)
    emit(report, output_format, output, color)
    sys.exit(EXIT_CANNOT_CHECK if not report.results else exit_code(report, policy))
