"""`licheck hub REPO[@REVISION]...`: check model repositories on the Hugging Face Hub, without weights."""

from __future__ import annotations

from typing import Any

import click

from licheck.cli.options import HubAccess, OutputChoice, hub_options, output_options, policy_options
from licheck.cli.run import finish, hub_session, load_catalog, load_policies


@click.command()
@click.argument("repos", nargs=-1, required=True)
@click.option("--offline", is_flag=True, help="Use only licheck's cache of earlier runs; make no request.")
@hub_options
@policy_options
@output_options
def hub(repos: tuple[str, ...], offline: bool, access: HubAccess, out: OutputChoice, **policy_values: Any) -> None:
    """Check Hub model repositories (org/name, or org/name@branch, tag or commit).

    Reads the repository's metadata, card, configs and license files, never its weights, and
    follows its lineage over the Hub. The report records the commit checked.
    """
    from licheck.pipeline import check_repos

    catalog = load_catalog()
    policies = load_policies(catalog, **policy_values)
    config = policies.working_directory_config  # a Hub repository is no folder here: the run's own file applies
    with hub_session(access, offline) as session:
        report = check_repos(list(repos), catalog, policies.for_config(config), session)
    finish(report, policies, lambda _result: config, out)
