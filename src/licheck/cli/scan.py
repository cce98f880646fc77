"""`licheck scan PATH...`: check local model folders."""

from __future__ import annotations

from pathlib import Path

import click

from licheck.cli.options import (finish, hub_options, hub_session, load_catalog, load_policy, output_options,
                                 policy_options)
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
    if changed:  # files in no model folder: nothing to check, which passes
        paths = changed_model_folders(paths, Path.cwd())
    resolver = None
    if online and paths:
        from licheck.hub.resolver import HubResolver

        resolver = HubResolver(catalog, hub_session(endpoint, token_file, timeout, offline=False))
    try:
        report = scan_paths(paths, catalog, policy, resolver=resolver)
    finally:
        if resolver is not None:
            resolver.session.close()
    finish(report, policy, output_format, output, color)
