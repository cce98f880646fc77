"""The `licheck` command: a click group with one module per subcommand."""

from __future__ import annotations

import click

from licheck import __version__
from licheck.cli.explain import explain
from licheck.cli.hub import hub
from licheck.cli.init import init
from licheck.cli.licenses import licenses
from licheck.cli.notice import notice
from licheck.cli.scan import scan


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="licheck")
def cli() -> None:
    """License-compliance checks for machine-learning model repositories.

    Exit codes: 0 compliant, 1 findings at or above --fail-on, 2 could not check.
    """


cli.add_command(scan)
cli.add_command(hub)
cli.add_command(init)
cli.add_command(explain)
cli.add_command(notice)
cli.add_command(licenses)


def main() -> None:
    # click exits 2 on usage errors, which is licheck's "could not check" code as well.
    cli(prog_name="licheck")
