"""`licheck scan PATH...`: check local model folders."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from licheck.cli.options import HubAccess, OutputChoice, hub_options, output_options, policy_options
from licheck.cli.progress import progress_bar
from licheck.cli.run import configuration_errors, finish, hub_session, load_catalog, load_policies
from licheck.cli.streamed import finish_streamed, presenter, streams
from licheck.pipeline import ScanRun, as_is, report_of, scan_stream
from licheck.report import ModelResult
from licheck.repository.discovery import changed_model_folders

T = TypeVar("T")


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--changed",
    is_flag=True,
    help="PATHS are changed files (as pre-commit passes them): check the model folders that hold them; "
    "files in no model folder are skipped.",
)
@click.option(
    "--online/--offline",
    default=False,
    show_default=True,
    help="Look up base models the bundled table does not know on the Hub (--offline: never touch the network).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    help="Worker processes checking the models [default: every core for 200 models or more, else 1].",
)
@hub_options
@policy_options
@output_options
def scan(
    paths: tuple[str, ...],
    changed: bool,
    online: bool,
    jobs: int | None,
    access: HubAccess,
    out: OutputChoice,
    **policy_values: Any,
) -> None:
    """Check the model folders under each PATH (a folder holding several models scans each).

    Each model is checked under the configuration file nearest to its folder (see --config)."""
    catalog = load_catalog()
    policies = load_policies(catalog, **policy_values)
    targets = changed_model_folders(paths, Path.cwd()) if changed else list(paths)  # none: nothing to check, passes
    online_session = hub_session(access, offline=False) if online and targets else None

    def config_of(result: ModelResult) -> Path | None:
        return policies.config_for(Path(result.path))

    def run(present: Callable[[ModelResult], T]) -> ScanRun[T]:
        bar = progress_bar(out.quiet)
        return scan_stream(
            targets, catalog, policies.for_folder, present, online=online_session, progress=bar, jobs=jobs
        )

    with online_session or contextlib.nullcontext(), configuration_errors():
        if streams(out):
            finish_streamed(run(presenter(out, policies, config_of)), policies, out)
        report = report_of(run(as_is), catalog)
    finish(report, policies, config_of, out)
