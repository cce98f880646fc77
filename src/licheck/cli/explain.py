"""`licheck explain [CODE]`: a finding's documentation page, or the list of codes."""

from __future__ import annotations

import sys

import click

from licheck.cli.options import EXIT_CANNOT_CHECK, load_catalog
from licheck.engine.codes import KINDS, kind_of
from licheck.finding_docs import page


@click.command()
@click.argument("code", required=False)
def explain(code: str | None):
    """Explain a finding code (LC009) or name (naming-rule): what, why, the clauses it rests on, how to
    fix it and how to accept it. Without CODE, list every code."""
    if code is None:
        for kind in KINDS:
            click.echo(f"{kind.code}  {kind.name:<22} {kind.severity:<8} {kind.summary}")
        return
    kind = kind_of(code)
    if kind is None:
        click.echo(f"licheck: '{code}' is not a finding code ({KINDS[0].code}–{KINDS[-1].code}) or name; "
                   "`licheck explain` lists them", err=True)
        sys.exit(EXIT_CANNOT_CHECK)
    click.echo(page(kind, load_catalog()), nl=False)
