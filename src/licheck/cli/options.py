"""Options shared by the commands that check models: the intended use, the license policy and the output."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from licheck.acceptance import stale_exceptions
from licheck.catalog.catalog import Catalog
from licheck.catalog.loader import RuleSetError
from licheck.config.files import ConfigError, discover, read
from licheck.config.settings import Config, build_config, load_presets, make_policy
from licheck.formats import FORMATS, render
from licheck.policy import Policy, PolicyError, normalise_territory
from licheck.report import Report

EXIT_OK, EXIT_FINDINGS, EXIT_CANNOT_CHECK = 0, 1, 2


def _territory(ctx, param, value):
    try:
        return normalise_territory(value) if value else None
    except PolicyError as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param=param) from exc


def _option_group(*decorators):
    """One decorator applying several click options, in the order they are listed in --help."""
    def apply(command):
        return functools.reduce(lambda cmd, decorate: decorate(cmd), reversed(decorators), command)
    return apply


policy_options = _option_group(  # --config and every policy option; each given option overrides the file
    click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
                 help="Configuration file (default: .licheck.yaml or [tool.licheck] in pyproject.toml, "
                      "looked for from the working directory up to the repository root)."),
    click.option("--no-config", is_flag=True, help="Ignore configuration files."),
    click.option("--commercial/--non-commercial", default=None, help="Intended use of the model [default: commercial]."),
    click.option("--mau", type=click.IntRange(min=0), help="Monthly active users of the products using the model."),
    click.option("--revenue", type=click.FloatRange(min=0), help="Annual revenue in US$ (with affiliates)."),
    click.option("--territory", callback=_territory, help="Where the model is used: ISO 3166-1 alpha-2 code, or EU."),
    click.option("--model-name", help="The name the model is published under (default: the card's model-index "
                                      "name, else the folder name)."),
    click.option("--preset", "presets", multiple=True, metavar="NAME",
                 help=f"Named license policy, repeatable ({', '.join(load_presets())}); replaces the file's."),
    click.option("--allow", multiple=True, metavar="SELECTOR",
                 help="Allowed license (id, family:, category:, has:), repeatable; replaces the file's list."),
    click.option("--deny", multiple=True, metavar="SELECTOR",
                 help="Denied license (id, family:, category:, has:), repeatable; replaces the file's list."),
    click.option("--fail-on", type=click.Choice(["error", "warning", "never"]),
                 help="Lowest severity that makes the exit code 1 [default: error]."),
)

output_options = _option_group(
    click.option("--format", "output_format", type=click.Choice(list(FORMATS)), default="text", show_default=True),
    click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
                 help="Write the report to this file instead of standard output."),
    click.option("--color/--no-color", default=None, help="Colour the text report (default: when writing to a terminal)."),
)


def fail(lines: list[str]) -> None:
    for line in lines:
        click.echo(f"licheck: {line}" if line and not line.startswith("  ") else line, err=True)
    sys.exit(EXIT_CANNOT_CHECK)


def load_catalog() -> Catalog:
    try:
        return Catalog.load()
    except RuleSetError as exc:
        fail(["the rule set is broken; nothing was checked:", *(f"  {p}" for p in exc.problems)])


def load_policy(catalog: Catalog, config_path: Path | None, no_config: bool, **cli_values) -> Policy:
    """The run's policy: the configuration file (found or given), overridden by command-line values."""
    try:
        path = None if no_config else (config_path or discover(Path.cwd()))
        config = build_config(read(path), catalog) if path else Config()
        cli_values["revenue_usd"] = cli_values.pop("revenue")  # the option's name for Policy's field
        return make_policy(config, cli_values, catalog)
    except ConfigError as exc:
        fail(["the configuration or policy options cannot be used; nothing was checked:", *(f"  {p}" for p in exc.problems)])


def emit(report: Report, output_format: str, output: Path | None, color: bool | None) -> None:
    """Write the report. Machine formats are always written, even when there is nothing to report."""
    colour = False if output else (sys.stdout.isatty() if color is None else color)
    rendered = render(report, output_format, colour=colour)
    if output is None:
        click.echo(rendered, nl=False, color=colour)
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(rendered, encoding="utf-8")
    except OSError as exc:
        fail([f"cannot write {output}: {exc.strerror or exc}"])


def exit_code(report: Report, policy: Policy) -> int:
    if any(policy.fails(f.severity) for r in report.results for f in r.open_findings):
        return EXIT_FINDINGS
    return EXIT_OK


def finish(report: Report, policy: Policy, output_format: str, output: Path | None, color: bool | None) -> None:
    """Say what could not be checked and which exceptions are stale, write the report, exit with its code
    (2 when targets were given and none could be checked)."""
    for failure in report.failures:
        click.echo(f"licheck: {failure.message}", err=True)
    for exception in stale_exceptions(report.results, policy.exceptions):
        click.echo(f"licheck: the exception at {exception.location} ({exception.code}) matched no finding; "
                   "remove it if the finding is fixed, or correct its path, model or license", err=True)
    emit(report, output_format, output, color)
    sys.exit(EXIT_CANNOT_CHECK if report.failures and not report.results else exit_code(report, policy))


hub_options = _option_group(  # where the Hub is and how to reach it; read at call time, so mirrors and tests work
    click.option("--endpoint", help="Hub endpoint (default: $HF_ENDPOINT, else https://huggingface.co)."),
    click.option("--token-file", type=click.Path(dir_okay=False, path_type=Path),
                 help="File holding a Hub token (default: $HF_TOKEN, else the token huggingface_hub has stored)."),
    click.option("--timeout", type=click.FloatRange(min=0.1), default=10.0, show_default=True,
             help="Seconds to wait for each Hub request."),
)


def hub_session(endpoint: str | None, token_file: Path | None, timeout: float, offline: bool):
    """A HubSession for this run; huggingface_hub is imported only here, when the Hub is used."""
    from licheck.hub.cache import HubCache
    from licheck.json_cache import default_cache_dir
    from licheck.hub.client import HubClient, endpoint_from
    from licheck.hub.session import HubSession

    token = None
    if token_file is not None:
        try:
            token = token_file.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            fail([f"cannot read the token file {token_file}: {getattr(exc, 'strerror', None) or exc}"])
        if not token:
            fail([f"the token file {token_file} is empty"])
    url = endpoint_from(endpoint)
    client = None if offline else HubClient(url, token=token, timeout=timeout)
    return HubSession(client, HubCache(default_cache_dir(), url))
