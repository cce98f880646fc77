"""What a checking command does with its options: load the rule set and the policy, write the report,
and exit with licheck's codes (0 compliant, 1 findings at or above --fail-on, 2 could not check)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from licheck.catalog.catalog import Catalog
from licheck.catalog.loader import RuleSetError
from licheck.cli.options import HubAccess, OutputChoice
from licheck.cli.output_file import OutputRefused, write_atomically
from licheck.config.files import ConfigError, discover, read
from licheck.config.settings import Config, build_config, make_policy
from licheck.formats import render
from licheck.policy import Policy
from licheck.policy.exceptions import stale_exceptions
from licheck.printable import encodable, one_line
from licheck.regular_files import read_regular
from licheck.report import Report

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
        return Catalog.load()
    except RuleSetError as exc:
        fail(["the rule set is broken; nothing was checked:", *(f"  {p}" for p in exc.problems)])


def load_policy(catalog: Catalog, config_path: Path | None, no_config: bool, **cli_values: Any) -> Policy:
    """The run's policy: the configuration file (found or given), overridden by command-line values."""
    try:
        path = None if no_config else (config_path or discover(Path.cwd()))
        config = build_config(read(path), catalog) if path else Config()
        cli_values["revenue_usd"] = cli_values.pop("revenue")  # the option's name for Policy's field
        return make_policy(config, cli_values, catalog)
    except ConfigError as exc:
        fail(
            [
                "the configuration or policy options cannot be used; nothing was checked:",
                *(f"  {p}" for p in exc.problems),
            ]
        )


def emit(report: Report, output_format: str, output: Path | None, color: bool | None) -> None:
    """Write the report. Machine formats are always written, even when there is nothing to report."""
    colour = False if output else (sys.stdout.isatty() if color is None else color)
    rendered = encodable(render(report, output_format, colour=colour))  # undecodable file names, "\ud800"
    if output is None:
        click.echo(rendered, nl=False, color=colour)
        return
    try:
        write_atomically(output, rendered)
    except OutputRefused as exc:
        fail([f"not written: {exc}"])
    except OSError as exc:
        fail([f"cannot write {output}: {exc.strerror or exc}"])


def exit_code(report: Report, policy: Policy) -> int:
    if any(policy.fails(f.severity) for r in report.results for f in r.open_findings):
        return EXIT_FINDINGS
    return EXIT_OK


def finish(report: Report, policy: Policy, out: OutputChoice) -> NoReturn:
    """Say what could not be checked and which exceptions are stale, write the report, exit with its code
    (2 when targets were given and none could be checked)."""
    for failure in report.failures:
        say(failure.message)
    for exception in stale_exceptions(report.results, policy.exceptions):
        say(
            f"the exception at {exception.location} ({exception.code}) matched no finding; "
            "remove it if the finding is fixed, or correct its path, model or license"
        )
    emit(report, out.output_format, out.output, out.color)
    sys.exit(EXIT_CANNOT_CHECK if report.failures and not report.results else exit_code(report, policy))


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
    return HubSession(client, HubCache(default_cache_dir(), url))
