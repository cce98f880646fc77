"""What a checking command does with its options: load the rule set and the policy, write the report,
and exit with licheck's codes (0 compliant, 1 findings at or above --fail-on, 2 could not check)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from licheck.catalog.catalog import Catalog
from licheck.catalog.loader import RuleSetError
from licheck.cli.options import HubAccess, OutputChoice, ReportTarget
from licheck.cli.output_file import OutputRefused, write_atomically
from licheck.cli.policies import Policies
from licheck.cli.startup import resume_collection
from licheck.config.files import ConfigError
from licheck.formats import render
from licheck.formats.summary import summary
from licheck.policy.exceptions import stale_exceptions
from licheck.printable import encodable, one_line
from licheck.regular_files import read_regular
from licheck.report import ModelResult, Report

if TYPE_CHECKING:
    from licheck.hub.session import HubSession

EXIT_OK, EXIT_FINDINGS, EXIT_CANNOT_CHECK = 0, 1, 2
TOKEN_FILE_LIMIT = 64 * 1024  # a token is under 100 bytes; the file is read as untrusted all the same


def say(message: str) -> None:
    """One message on stderr, as one line: it may quote file names and values from a scanned repository."""
    click.echo(f"licheck: {one_line(message)}", err=True)


def fail(lines: list[str]) -> NoReturn:
    for line in lines:
        if line.startswith("  "):
            click.echo("  " + one_line(line[2:]), err=True)
        else:
            say(line)
    sys.exit(EXIT_CANNOT_CHECK)


def load_catalog() -> Catalog:
    try:
        catalog = Catalog.load()
    except RuleSetError as exc:
        fail(["the rule set is broken; nothing was checked:", *(f"  {p}" for p in exc.problems)])
    resume_collection()  # start-up is over: every command but `init` loads the rule set first
    return catalog


@contextlib.contextmanager
def configuration_errors() -> Iterator[None]:
    """A configuration that cannot be used stops the run with exit 2, whenever it is first read."""
    try:
        yield
    except ConfigError as exc:
        fail(
            [
                "the configuration or policy options cannot be used; nothing was checked:",
                *(f"  {p}" for p in exc.problems),
            ]
        )


def load_policies(catalog: Catalog, config_path: Path | None, no_config: bool, **cli_values: Any) -> Policies:
    """The run's policies: each configuration file that applies (found or given), overridden by the
    command-line values. The options and the working directory's file are checked at once, so a bad
    option stops the run even when no model is found."""
    with configuration_errors():
        policies = Policies(catalog, config_path, no_config, cli_values)
        policies.for_config(policies.working_directory_config)
    return policies


def emit(report: Report, target: ReportTarget, colour: bool = False, findings_only: bool = False) -> None:
    """Write one report. Machine formats are always written, even when there is nothing to report."""
    colour = colour and target.path is None  # never into a file
    rendered = encodable(render(report, target.output_format, colour, findings_only))  # undecodable names, "\ud800"
    if target.path is None:
        click.echo(rendered, nl=False, color=colour)
        return
    try:
        write_atomically(target.path, rendered)
    except OutputRefused as exc:
        fail([f"not written: {exc}"])
    except OSError as exc:
        fail([f"cannot write {target.path}: {exc.strerror or exc}"])


def _summary_on_stderr(report: Report, out: OutputChoice) -> None:
    """The run in one line on stderr, wherever the reports went (a CI log then shows more than an exit
    code); left out when the text report, which ends with the same line, goes to standard output."""
    if out.quiet or any(r.output_format == "text" and r.path is None for r in out.reports):
        return
    files = ", ".join(str(path) for path in out.files)
    say(summary(report) + (f"; written to {files}" if files else ""))


def finish(
    report: Report, policies: Policies, config_of: Callable[[ModelResult], Path | None], out: OutputChoice
) -> NoReturn:
    """Say what could not be checked and which exceptions are stale, write the reports, summarise, exit with
    the run's code (2 when targets were given and none could be checked). Each model counts under the
    policy of its own configuration file (`config_of`): its fail-on, its exceptions."""
    under: dict[Path | None, list[ModelResult]] = {}
    for result in report.results:
        under.setdefault(config_of(result), []).append(result)
        if out.verbose:
            config = config_of(result)
            say(f"{result.path}: checked under {config if config else 'no configuration file (defaults and options)'}")
    for failure in report.failures:
        say(failure.message)
    failing = False
    for config, results in under.items():
        policy = policies.for_config(config)
        failing = failing or any(policy.fails(f.severity) for r in results for f in r.open_findings)
        for exception in stale_exceptions(tuple(results), policy.exceptions):
            say(
                f"the exception at {exception.location} ({exception.code}) matched no finding; "
                "remove it if the finding is fixed, or correct its path, model or license"
            )
    for target in out.reports:
        emit(report, target, out.colour, out.quiet)
    _summary_on_stderr(report, out)
    if report.failures and not report.results:
        sys.exit(EXIT_CANNOT_CHECK)
    sys.exit(EXIT_FINDINGS if failing else EXIT_OK)


def hub_session(access: HubAccess, offline: bool) -> HubSession:
    """A HubSession for this run; huggingface_hub is imported only here, when the Hub is used."""
    from licheck.cache import default_cache_dir
    from licheck.hub.cache import HubCache
    from licheck.hub.client import HubClient, endpoint_from
    from licheck.hub.session import HubSession

    token = None
    token_file = access.token_file
    if token_file is not None:
        try:
            token = read_regular(token_file, TOKEN_FILE_LIMIT).decode("utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            fail([f"cannot read the token file {token_file}: {getattr(exc, 'strerror', None) or exc}"])
        if not token:
            fail([f"the token file {token_file} is empty"])
    url = endpoint_from(access.endpoint)
    client = None if offline else HubClient(url, token=token, timeout=access.timeout)
    return HubSession(client, HubCache(default_cache_dir(), url), notify=say)
