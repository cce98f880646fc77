"""`licheck licenses`: the permissions matrix of every license licheck knows."""

from __future__ import annotations

import sys

import click

from licheck.cli.run import EXIT_CANNOT_CHECK, load_catalog
from licheck.reference.licenses import licenses_for, matrix_row, render_matrix


@click.command()
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True)
@click.option("--family", help="Only this family (llama, gemma, cc, stability…).")
@click.option(
    "--commercial/--non-commercial",
    default=None,
    help="Only licenses that allow commercial use (possibly under conditions), or only those that do not.",
)
def licenses(fmt: str, family: str | None, commercial: bool | None) -> None:
    """Print what every known license permits and requires: commercial use, derivatives,
    redistribution, patent grant, attribution, thresholds, naming, territory, and the use
    restrictions it passes on. Generated from the rule files; `licheck explain ID` gives one
    license's card with the sections."""
    catalog = load_catalog()
    found = licenses_for(catalog, family, commercial)
    if not found and family:
        families = sorted({lic.family for lic in catalog.licenses.values()})
        click.echo(f"licheck: no license of family '{family}'; families: {', '.join(families)}", err=True)
        sys.exit(EXIT_CANNOT_CHECK)
    click.echo(render_matrix([matrix_row(lic) for lic in found], fmt), nl=False)
