"""`licheck explain [CODE|LICENSE]`: a finding's documentation page, a license's card, or the list of codes."""

from __future__ import annotations

import sys

import click

from licheck.catalog.catalog import Catalog
from licheck.catalog.license import License
from licheck.cli.run import EXIT_CANNOT_CHECK, load_catalog
from licheck.engine.checks import KINDS, kind_of
from licheck.reference.findings import page
from licheck.reference.licenses import card, family_card
from licheck.vocabulary import DeclarationStatus


@click.command()
@click.argument("subject", required=False)
def explain(subject: str | None) -> None:
    """Explain a finding code (LC009) or name (naming-rule): what, why, the clauses it rests on, how to
    fix it and how to accept it. Or print a license's card (llama3.1, cc-by-nc-4.0, any alias): every
    permission and obligation with its section, and the official text; for a family id (cc, gpl) or
    a placeholder (other), what it means and what to declare instead. Without an argument, list every
    finding code."""
    if subject is None:
        for each in KINDS:
            click.echo(f"{each.code}  {each.name:<22} {each.severity:<8} {each.summary}")
        return
    catalog = load_catalog()
    kind = kind_of(subject)
    if kind is not None:
        click.echo(page(kind, catalog), nl=False)
        return
    lic = catalog.get(subject) or _by_alias(catalog, subject)
    if lic is not None:
        click.echo(card(lic, catalog), nl=False)
        return
    if subject.strip().casefold() in catalog.families:
        click.echo(family_card(subject.strip().casefold(), catalog), nl=False)
        return
    hint = catalog.suggest(subject)
    did_you_mean = f" Did you mean {', '.join(hint)}?" if hint else ""
    click.echo(
        f"licheck: '{subject}' is neither a finding code ({KINDS[0].code}–{KINDS[-1].code}) nor a license "
        f"licheck knows.{did_you_mean} `licheck explain` lists the codes, `licheck licenses` the licenses.",
        err=True,
    )
    sys.exit(EXIT_CANNOT_CHECK)


def _by_alias(catalog: Catalog, value: str) -> License | None:
    resolution = catalog.resolve_name(value)
    if resolution.status is DeclarationStatus.KNOWN and len(resolution.licenses) == 1:
        return catalog.get(resolution.licenses[0])
    return None
