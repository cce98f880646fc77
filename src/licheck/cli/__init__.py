"""The `licheck` command: a click group with one module per subcommand, each imported only when it
runs (a pre-commit run of `licheck scan` never loads the modules of `explain` or `licenses`)."""

from __future__ import annotations

import importlib
import os
import sys

import click

from licheck import __version__
from licheck.cli.startup import pause_collection

# subcommand -> the module that defines it (the command is the module's function of the same name)
SUBCOMMANDS = {
    "scan": "licheck.cli.scan",
    "hub": "licheck.cli.hub",
    "audit": "licheck.cli.audit",
    "init": "licheck.cli.init",
    "explain": "licheck.cli.explain",
    "notice": "licheck.cli.notice",
    "licenses": "licheck.cli.licenses",
}


# Exit codes 0-2 are the verdict (licheck.cli.run); 3 says licheck itself failed, so that a bug is
# never mistaken for findings (1) or for input that could not be checked (2).
EXIT_INTERNAL_ERROR = 3


class _LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(SUBCOMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = SUBCOMMANDS.get(cmd_name)
        if module is None:
            return None
        command: click.Command = getattr(importlib.import_module(module), cmd_name)
        return command

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Abort, click.exceptions.Exit):
            raise
        except Exception as exc:  # a bug: one line saying where, never a traceback, never exit 1
            import traceback  # imported for a bug only

            where = traceback.extract_tb(exc.__traceback__)[-1]
            click.echo(
                f"licheck: internal error ({type(exc).__name__} at {os.path.basename(where.filename)}:"
                f"{where.lineno}); nothing was checked to the end. This is a bug in licheck: please report "
                "it with the command and the input that caused it",
                err=True,
            )
            sys.exit(EXIT_INTERNAL_ERROR)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="licheck")
def cli() -> None:
    """License-compliance checks for machine-learning model repositories.

    Exit codes: 0 compliant, 1 findings at or above --fail-on, 2 could not check, 3 internal error.
    """


def main() -> None:
    pause_collection()  # until the rule set is loaded (licheck.cli.startup)
    # click exits 2 on usage errors, which is licheck's "could not check" code as well.
    cli(prog_name="licheck")
