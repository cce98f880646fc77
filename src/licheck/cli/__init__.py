"""The `licheck` command: a click group with one module per subcommand, each imported only when it
runs (a pre-commit run of `licheck scan` never loads the modules of `explain` or `licenses`)."""

from __future__ import annotations

import importlib

import click

from licheck import __version__

# subcommand -> the module that defines it (the command is the module's function of the same name)
SUBCOMMANDS = {
    "scan": "licheck.cli.scan",
    "hub": "licheck.cli.hub",
    "init": "licheck.cli.init",
    "explain": "licheck.cli.explain",
    "notice": "licheck.cli.notice",
    "licenses": "licheck.cli.licenses",
}


class _LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(SUBCOMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = SUBCOMMANDS.get(cmd_name)
        if module is None:
            return None
        command: click.Command = getattr(importlib.import_module(module), cmd_name)
        return command


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="licheck")
def cli() -> None:
    """License-compliance checks for machine-learning model repositories.

    Exit codes: 0 compliant, 1 findings at or above --fail-on, 2 could not check.
    """


def main() -> None:
    # click exits 2 on usage errors, which is licheck's "could not check" code as well.
    cli(prog_name="licheck")
