"""`licheck scan PATH...`: check local model folders."""

from __future__ import annotations

import sys

import click

from licheck.catalog.catalog import Catalog
from licheck.catalog.loader import RuleSetError
from licheck.formats import json_format, text
from licheck.policy import Policy, PolicyError, normalise_territory
from licheck.scan import scan_paths

EXIT_OK, EXIT_FINDINGS, EXIT_CANNOT_CHECK = 0, 1, 2


def _territory(ctx, param, value):
    try:
        return normalise_territory(value) if value else None
    except PolicyError as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param=param) from exc


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--commercial/--non-commercial", default=True, show_default=True, help="Intended use of the model.")
@click.option("--mau", type=click.IntRange(min=0), help="Monthly active users of the products using the model.")
@click.option("--revenue", type=click.FloatRange(min=0), help="Annual revenue in US$ (with affiliates).")
@click.option("--territory", callback=_territory, help="Where the model is used: ISO 3166-1 alpha-2 code, or EU.")
@click.option("--model-name", help="The name the model is published under (default: the card's model-index name, else the folder name).")
@click.option("--fail-on", type=click.Choice(["error", "warning", "never"]), default="error", show_default=True,
              help="Lowest severity that makes the exit code 1.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--color/--no-color", default=None, help="Colour the text report (default: when writing to a terminal).")
def scan(paths, commercial, mau, revenue, territory, model_name, fail_on, output_format, color):
    """Check the model folders under each PATH (a folder holding several models scans each)."""
    # click has validated every value (ranges, choices, territory), so the policy cannot be refused here.
    policy = Policy(commercial=commercial, mau=mau, revenue_usd=revenue, territory=territory,
                    model_name=model_name, fail_on=fail_on)
    try:
        catalog = Catalog.load()
    except RuleSetError as exc:
        click.echo("licheck: the rule set is broken; nothing was checked:", err=True)
        for problem in exc.problems:
            click.echo(f"  {problem}", err=True)
        sys.exit(EXIT_CANNOT_CHECK)
    report = scan_paths(paths, catalog, policy)
    for failure in report.failures:
        click.echo(f"licheck: {failure.message}", err=True)
    if output_format == "json":
        click.echo(json_format.render(report), nl=False)
    else:
        colour = sys.stdout.isatty() if color is None else color
        click.echo(text.render(report, colour=colour), nl=False, color=colour)
    if not report.results:
        sys.exit(EXIT_CANNOT_CHECK)
    failing = any(policy.fails(f.severity) for r in report.results for f in r.findings)
    sys.exit(EXIT_FINDINGS if failing else EXIT_OK)
