"""`licheck init`: write a commented starter configuration."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from licheck.cli.run import EXIT_CANNOT_CHECK

STARTER = Path(__file__).resolve().parents[1] / "config" / "starter.yaml"


@click.command()
@click.argument("directory", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite an existing .licheck.yaml.")
def init(directory: Path, force: bool) -> None:
    """Write a commented .licheck.yaml into DIRECTORY (default: the current one).

    The same keys work in pyproject.toml under [tool.licheck].
    """
    target = directory / ".licheck.yaml"
    if target.exists() and not force:
        click.echo(f"licheck: {target} already exists; pass --force to overwrite it", err=True)
        sys.exit(EXIT_CANNOT_CHECK)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        target.write_text(STARTER.read_text(encoding="utf-8"), encoding="utf-8")
    except OSError as exc:
        click.echo(f"licheck: cannot write {target}: {exc.strerror or exc}", err=True)
        sys.exit(EXIT_CANNOT_CHECK)
    click.echo(f"wrote {target}; edit it, then run `licheck scan .`")
